//! The one path by which an annotation set changes.
//!
//! Every change is an [`Edit`] value. [`apply`] performs it and returns the
//! edit that undoes it, so undo/redo, importers, fixes and tests all share one
//! mechanism. An edit that cannot apply leaves the set exactly as it was.

use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, Entity, EntityId, Kind,
    Proposition, PropositionId, SetInfo, Target, Utterance, UtteranceId,
};
use crate::core::suggest::Rejection;
use serde::{Deserialize, Serialize};

/// An annotation with its article: `Annotation::article` is not serialized
/// (a set file names it once for all its annotations).
mod placed {
    use crate::core::model::{Annotation, ArticleId};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize)]
    struct PlacedRef<'a> {
        article: &'a ArticleId,
        annotation: &'a Annotation,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Placed {
        article: ArticleId,
        annotation: Annotation,
    }

    #[allow(clippy::borrowed_box)] // the shape serde's `with` asks for
    pub fn serialize<S: Serializer>(a: &Box<Annotation>, s: S) -> Result<S::Ok, S::Error> {
        PlacedRef {
            article: &a.article,
            annotation: a,
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Box<Annotation>, D::Error> {
        let Placed {
            article,
            mut annotation,
        } = Placed::deserialize(d)?;
        annotation.article = article;
        Ok(Box::new(annotation))
    }
}

/// Serialized (JSON lines in the journal, see `core::journal`), an
/// annotation carries its article, which set files leave implied.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    AddAnnotation(#[serde(with = "placed")] Box<Annotation>),
    RemoveAnnotation(AnnotationId),
    /// Replaces the annotation with the same id (its span, kind, anything).
    ReplaceAnnotation(#[serde(with = "placed")] Box<Annotation>),
    /// Adds the entity, or replaces the one with its id.
    PutEntity(Entity),
    /// Refused while any annotation or utterance refers to it.
    RemoveEntity(EntityId),
    PutProposition(Proposition),
    /// Refused while any annotation refers to it.
    RemoveProposition(PropositionId),
    PutUtterance(Utterance),
    /// Refused while any annotation refers to it.
    RemoveUtterance(UtteranceId),
    SetArticleMeta {
        article: ArticleId,
        meta: ArticleMeta,
    },
    /// Records the fingerprint of the text the annotations were made on.
    SetFingerprint {
        article: ArticleId,
        fingerprint: String,
    },
    SetInfo(SetInfo),
    /// Replaces the suggestions rejected for an article (stored sorted and
    /// without repeats).
    SetRejected {
        article: ArticleId,
        rejected: Vec<Rejection>,
    },
    /// Applies all or nothing; one undo step.
    Batch(Vec<Edit>),
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("an annotation with id {0} already exists")]
    DuplicateAnnotation(AnnotationId),
    #[error("no annotation has id {0}")]
    NoAnnotation(AnnotationId),
    #[error("no entity has id {0}")]
    NoEntity(EntityId),
    #[error("no proposition has id {0}")]
    NoProposition(PropositionId),
    #[error("no utterance has id {0}")]
    NoUtterance(UtteranceId),
    #[error("{what} is still used by {}", list(.by))]
    StillReferenced { what: String, by: Vec<String> },
    #[error("the annotations of article {0} are still loading")]
    StillLoading(ArticleId),
    #[error("{0} must see every article's annotations, and some are still loading")]
    SetLoading(String),
}

fn list(ids: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut s = ids
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        s.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    s
}

/// Applies `edit` to `set` and returns its inverse.
pub fn apply(set: &mut AnnotationSet, edit: Edit) -> Result<Edit, EditError> {
    wait_for_load(set, &edit)?;
    Ok(match edit {
        Edit::AddAnnotation(a) => {
            if set.annotation(&a.id).is_some() {
                return Err(EditError::DuplicateAnnotation(a.id.clone()));
            }
            let id = a.id.clone();
            set.insert_annotation(*a);
            Edit::RemoveAnnotation(id)
        }
        Edit::RemoveAnnotation(id) => {
            let old = set
                .take_annotation(&id)
                .ok_or(EditError::NoAnnotation(id))?;
            Edit::AddAnnotation(Box::new(old))
        }
        Edit::ReplaceAnnotation(a) => {
            let old = set
                .take_annotation(&a.id)
                .ok_or_else(|| EditError::NoAnnotation(a.id.clone()))?;
            set.insert_annotation(*a);
            Edit::ReplaceAnnotation(Box::new(old))
        }
        Edit::PutEntity(e) => {
            set.dirty.info = true;
            match set.entities.insert(e.id.clone(), e.clone()) {
                Some(old) => Edit::PutEntity(old),
                None => Edit::RemoveEntity(e.id),
            }
        }
        Edit::RemoveEntity(id) => {
            let by = entity_users(set, &id);
            if !by.is_empty() {
                return Err(EditError::StillReferenced {
                    what: format!("entity {id}"),
                    by,
                });
            }
            let old = set.entities.remove(&id).ok_or(EditError::NoEntity(id))?;
            set.dirty.info = true;
            Edit::PutEntity(old)
        }
        Edit::PutProposition(p) => {
            set.dirty.info = true;
            match set.propositions.insert(p.id.clone(), p.clone()) {
                Some(old) => Edit::PutProposition(old),
                None => Edit::RemoveProposition(p.id),
            }
        }
        Edit::RemoveProposition(id) => {
            let by = users(set, |a| a.propositions().contains(&id));
            if !by.is_empty() {
                return Err(EditError::StillReferenced {
                    what: format!("proposition {id}"),
                    by,
                });
            }
            let old = set
                .propositions
                .remove(&id)
                .ok_or(EditError::NoProposition(id))?;
            set.dirty.info = true;
            Edit::PutProposition(old)
        }
        Edit::PutUtterance(u) => {
            set.dirty.info = true;
            match set.utterances.insert(u.id.clone(), u.clone()) {
                Some(old) => Edit::PutUtterance(old),
                None => Edit::RemoveUtterance(u.id),
            }
        }
        Edit::RemoveUtterance(id) => {
            let by = users(set, |a| a.utterance() == Some(&id));
            if !by.is_empty() {
                return Err(EditError::StillReferenced {
                    what: format!("utterance {id}"),
                    by,
                });
            }
            let old = set
                .utterances
                .remove(&id)
                .ok_or(EditError::NoUtterance(id))?;
            set.dirty.info = true;
            Edit::PutUtterance(old)
        }
        Edit::SetArticleMeta { article, meta } => {
            let old = std::mem::replace(&mut set.record_mut(&article).meta, meta);
            set.prune(&article);
            Edit::SetArticleMeta { article, meta: old }
        }
        Edit::SetFingerprint {
            article,
            fingerprint,
        } => {
            let old = std::mem::replace(&mut set.record_mut(&article).fingerprint, fingerprint);
            set.prune(&article);
            Edit::SetFingerprint {
                article,
                fingerprint: old,
            }
        }
        Edit::SetRejected {
            article,
            mut rejected,
        } => {
            rejected.sort();
            rejected.dedup();
            let old = std::mem::replace(&mut set.record_mut(&article).rejected, rejected);
            set.prune(&article);
            Edit::SetRejected {
                article,
                rejected: old,
            }
        }
        Edit::SetInfo(info) => {
            set.dirty.info = true;
            Edit::SetInfo(std::mem::replace(&mut set.info, info))
        }
        Edit::Batch(edits) => {
            let mut inverses = Vec::with_capacity(edits.len());
            for edit in edits {
                match apply(set, edit) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(e) => {
                        rollback(set, inverses);
                        return Err(e);
                    }
                }
            }
            inverses.reverse();
            Edit::Batch(inverses)
        }
    })
}

/// Refuses, while some articles' annotations are still being read, an edit
/// to one of them (it would be overwritten when they land) and a removal
/// whose reference check would miss their references.
fn wait_for_load(set: &AnnotationSet, edit: &Edit) -> Result<(), EditError> {
    if set.is_complete() {
        return Ok(());
    }
    let article = match edit {
        Edit::AddAnnotation(a) | Edit::ReplaceAnnotation(a) => &a.article,
        Edit::SetArticleMeta { article, .. }
        | Edit::SetFingerprint { article, .. }
        | Edit::SetRejected { article, .. } => article,
        Edit::RemoveEntity(id) => {
            return Err(EditError::SetLoading(format!("Removing entity {id}")));
        }
        Edit::RemoveProposition(id) => {
            return Err(EditError::SetLoading(format!("Removing proposition {id}")));
        }
        Edit::RemoveUtterance(id) => {
            return Err(EditError::SetLoading(format!("Removing utterance {id}")));
        }
        _ => return Ok(()),
    };
    match set.is_loading(article) {
        true => Err(EditError::StillLoading(article.clone())),
        false => Ok(()),
    }
}

/// Undoes already-applied inverses, newest first.
fn rollback(set: &mut AnnotationSet, inverses: Vec<Edit>) {
    for inverse in inverses.into_iter().rev() {
        // Inverses of edits that just applied always apply.
        let _ = apply(set, inverse);
    }
}

fn users(set: &AnnotationSet, uses: impl Fn(&Annotation) -> bool) -> Vec<String> {
    set.annotations()
        .filter(|a| uses(a))
        .map(|a| format!("annotation {}", a.id))
        .collect()
}

fn entity_users(set: &AnnotationSet, id: &EntityId) -> Vec<String> {
    let mut by = users(set, |a| a.entity_refs().iter().any(|(_, e)| *e == id));
    by.extend(
        set.utterances
            .values()
            .filter(|u| u.speaker.as_ref() == Some(id))
            .map(|u| format!("utterance {}", u.id)),
    );
    by
}

/// The edit that merges entity `from` into `into`: every reference to `from`
/// is rewritten, `from`'s name and aliases become aliases of `into`, and
/// `from` is removed. Applies as one undo step.
pub fn merge_entities(
    set: &AnnotationSet,
    from: &EntityId,
    into: &EntityId,
) -> Result<Edit, EditError> {
    let source = set
        .entities
        .get(from)
        .ok_or_else(|| EditError::NoEntity(from.clone()))?;
    let mut target = set
        .entities
        .get(into)
        .ok_or_else(|| EditError::NoEntity(into.clone()))?
        .clone();
    for name in source.names() {
        if !target.names().any(|n| n == name) {
            target.aliases.push(name.to_owned());
        }
    }
    let swap = |e: &mut Option<EntityId>| {
        if e.as_ref() == Some(from) {
            *e = Some(into.clone());
        }
    };
    let mut edits = vec![Edit::PutEntity(target)];
    for a in set.annotations() {
        if !a.entity_refs().iter().any(|(_, e)| *e == from) {
            continue;
        }
        let mut changed = a.clone();
        match &mut changed.kind {
            Kind::Claim(c) => swap(&mut c.attributed_to),
            Kind::Quote(q) => swap(&mut q.speaker),
            Kind::Stance(s) => {
                swap(&mut s.holder);
                if s.target == Some(Target::Entity(from.clone())) {
                    s.target = Some(Target::Entity(into.clone()));
                }
            }
        }
        edits.push(Edit::ReplaceAnnotation(Box::new(changed)));
    }
    for u in set.utterances.values() {
        if u.speaker.as_ref() == Some(from) {
            let mut changed = u.clone();
            changed.speaker = Some(into.clone());
            edits.push(Edit::PutUtterance(changed));
        }
    }
    edits.push(Edit::RemoveEntity(from.clone()));
    Ok(Edit::Batch(edits))
}

/// Unlimited undo and redo over [`apply`].
#[derive(Debug, Default)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
}

impl History {
    /// Applies `edit` as a new undo step; clears the redo stack.
    pub fn apply(&mut self, set: &mut AnnotationSet, edit: Edit) -> Result<(), EditError> {
        let inverse = apply(set, edit)?;
        self.undo.push(inverse);
        self.redo.clear();
        Ok(())
    }

    /// Undoes the last step; false when there is nothing to undo.
    pub fn undo(&mut self, set: &mut AnnotationSet) -> Result<bool, EditError> {
        Self::step(set, &mut self.undo, &mut self.redo)
    }

    /// Redoes the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self, set: &mut AnnotationSet) -> Result<bool, EditError> {
        Self::step(set, &mut self.redo, &mut self.undo)
    }

    fn step(
        set: &mut AnnotationSet,
        from: &mut Vec<Edit>,
        to: &mut Vec<Edit>,
    ) -> Result<bool, EditError> {
        let Some(edit) = from.pop() else {
            return Ok(false);
        };
        match apply(set, edit.clone()) {
            Ok(inverse) => {
                to.push(inverse);
                Ok(true)
            }
            Err(e) => {
                from.push(edit);
                Err(e)
            }
        }
    }

    /// The edit [`History::undo`] would apply next (for the journal, which
    /// records what was applied).
    pub fn next_undo(&self) -> Option<&Edit> {
        self.undo.last()
    }

    /// The edit [`History::redo`] would apply next.
    pub fn next_redo(&self) -> Option<&Edit> {
        self.redo.last()
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
