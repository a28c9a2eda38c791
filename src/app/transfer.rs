//! Import and export from the window: the work runs on its own thread over a
//! snapshot of the set, with a progress bar and a cancel button; the result
//! comes back as a command (an import is one undo step) and a report.
//!
//! The editor keeps working while an import runs, so when it lands each of
//! its changes is checked against the live set: a change whose target
//! (an annotation id, an entity, an article's metadata, …) the editor changed
//! since the snapshot is not applied, and the report says so.

use crate::app::command::Command;
use crate::core::article::Corpus;
use crate::core::edit::Edit;
use crate::core::export::{self, ExportOptions};
use crate::core::import::{self, Import};
use crate::core::model::{
    AnnotationId, AnnotationSet, ArticleId, EntityId, PropositionId, UtteranceId,
};
use crate::core::progress::Progress;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// What the editor asked for, waiting for a path from the file dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pending {
    Import(import::Format),
    Export(export::Format),
}

enum Outcome {
    /// The import and the snapshot it was computed on.
    Imported(Box<Import>, Box<AnnotationSet>),
    Exported(export::ExportReport),
    Failed(String),
}

struct Job {
    what: String,
    progress: Progress,
    result: Receiver<Outcome>,
}

/// At most one import or export at a time, and the last one's report.
#[derive(Default)]
pub struct Transfer {
    /// The format chosen in the menu; the dialog supplies the path.
    pub pending: Option<Pending>,
    job: Option<Job>,
    /// The last report, shown until dismissed.
    report: Option<String>,
}

impl Transfer {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Asks the running job to stop; it ends with a "cancelled" report.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.progress.cancel();
        }
    }

    /// The last finished job's report, until dismissed.
    pub fn report(&self) -> Option<&str> {
        self.report.as_deref()
    }

    /// Starts `pending` on `path` over a snapshot of `set`.
    pub fn start(
        &mut self,
        pending: Pending,
        path: PathBuf,
        set: &AnnotationSet,
        corpus: &Arc<Corpus>,
    ) {
        let (tx, result) = std::sync::mpsc::channel();
        let progress = Progress::new();
        let (snapshot, corpus, worker_progress) =
            (set.snapshot(), corpus.clone(), progress.clone());
        let what = match pending {
            Pending::Import(f) => format!("Importing {} from {}", f.as_str(), path.display()),
            Pending::Export(f) => format!("Exporting {} to {}", f.as_str(), path.display()),
        };
        let spawned = std::thread::Builder::new()
            .name("concord-transfer".into())
            .spawn(move || {
                let set = snapshot.into_set();
                let outcome = match pending {
                    Pending::Import(format) => {
                        match import::import(format, &path, &set, &corpus, &worker_progress) {
                            Ok(done) => Outcome::Imported(Box::new(done), Box::new(set)),
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                    Pending::Export(format) => {
                        let options = ExportOptions::default();
                        match export::export(
                            format,
                            &set,
                            &corpus,
                            &options,
                            &path,
                            &worker_progress,
                        ) {
                            Ok(report) => Outcome::Exported(report),
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                };
                // The window may have closed meanwhile; nothing to tell then.
                let _ = tx.send(outcome);
            });
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    what,
                    progress,
                    result,
                })
            }
            Err(e) => self.report = Some(format!("Could not start: {e}")),
        }
    }

    /// Collects a finished job: the commands it produces (an import's edit,
    /// less what conflicts with `live`; a reload when it added article files).
    pub fn poll(&mut self, live: &AnnotationSet) -> Vec<Command> {
        let Some(job) = &self.job else {
            return Vec::new();
        };
        let outcome = match job.result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return Vec::new(),
            Err(TryRecvError::Disconnected) => Outcome::Failed("the worker stopped".into()),
        };
        self.job = None;
        let mut commands = Vec::new();
        self.report = Some(match outcome {
            Outcome::Failed(e) => format!("Failed: {e}"),
            Outcome::Exported(r) => {
                let mut text = format!(
                    "Exported {} annotations from {} articles to {} file(s).",
                    r.annotations,
                    r.articles,
                    r.files.len()
                );
                for left in &r.left_out {
                    text.push_str(&format!("\nLeft out in {}: {}", left.article, left.reason));
                }
                text
            }
            Outcome::Imported(done, base) => {
                let mut text = import_summary(&done);
                let (edit, conflicts) = against_live(done.edit, &base, live);
                for conflict in conflicts {
                    text.push_str(&format!("\n{conflict}"));
                }
                commands.extend(edit.map(Command::Edit));
                if !done.new_articles.is_empty() {
                    // New texts are saved with the annotations on them, as
                    // one transaction.
                    commands.push(Command::AddArticles(done.new_articles));
                }
                text
            }
        });
        commands
    }

    /// The progress bar with its cancel button, while a job runs.
    pub fn progress_ui(&self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            return;
        };
        ui.label(&job.what);
        ui.add(
            egui::ProgressBar::new(job.progress.fraction())
                .desired_width(160.0)
                .show_percentage(),
        );
        if ui.button("Cancel").clicked() {
            self.cancel();
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }

    /// The last report, in a window until closed.
    pub fn report_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.report.is_some();
        if let Some(report) = &self.report {
            egui::Window::new("Import / export report")
                .open(&mut open)
                .default_width(480.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            ui.label(report);
                        });
                });
        }
        if !open {
            self.report = None;
        }
    }
}

fn import_summary(done: &Import) -> String {
    let r = &done.report;
    let mut text = format!(
        "{} annotations, {} entities, {} propositions, {} utterances and {} articles mapped.",
        r.annotations, r.entities, r.propositions, r.utterances, r.articles
    );
    for problem in &r.problems {
        text.push_str(&format!("\n{problem}"));
    }
    text
}

/// What one change of an import is about.
#[derive(PartialEq)]
enum Target<'a> {
    Annotation(&'a AnnotationId),
    Entity(&'a EntityId),
    Proposition(&'a PropositionId),
    Utterance(&'a UtteranceId),
    Meta(&'a ArticleId),
    Fingerprint(&'a ArticleId),
    Info,
}

impl Target<'_> {
    fn of(edit: &Edit) -> Option<Target<'_>> {
        Some(match edit {
            Edit::AddAnnotation(a) | Edit::ReplaceAnnotation(a) => Target::Annotation(&a.id),
            Edit::RemoveAnnotation(id) => Target::Annotation(id),
            Edit::PutEntity(e) => Target::Entity(&e.id),
            Edit::RemoveEntity(id) => Target::Entity(id),
            Edit::PutProposition(p) => Target::Proposition(&p.id),
            Edit::RemoveProposition(id) => Target::Proposition(id),
            Edit::PutUtterance(u) => Target::Utterance(&u.id),
            Edit::RemoveUtterance(id) => Target::Utterance(id),
            Edit::SetArticleMeta { article, .. } => Target::Meta(article),
            Edit::SetFingerprint { article, .. } => Target::Fingerprint(article),
            Edit::SetInfo(_) => Target::Info,
            Edit::Batch(_) => return None,
        })
    }

    /// True when the target reads the same in both sets.
    fn same(&self, a: &AnnotationSet, b: &AnnotationSet) -> bool {
        let record = |s: &AnnotationSet, id: &ArticleId| s.article(id).map(|x| x.record.clone());
        match self {
            Target::Annotation(id) => a.annotation(id) == b.annotation(id),
            Target::Entity(id) => a.entities().get(*id) == b.entities().get(*id),
            Target::Proposition(id) => a.propositions().get(*id) == b.propositions().get(*id),
            Target::Utterance(id) => a.utterances().get(*id) == b.utterances().get(*id),
            Target::Meta(id) => {
                record(a, id).map(|r| r.meta).unwrap_or_default()
                    == record(b, id).map(|r| r.meta).unwrap_or_default()
            }
            Target::Fingerprint(id) => {
                record(a, id).map(|r| r.fingerprint).unwrap_or_default()
                    == record(b, id).map(|r| r.fingerprint).unwrap_or_default()
            }
            Target::Info => a.info() == b.info(),
        }
    }

    fn describe(&self) -> String {
        match self {
            Target::Annotation(id) => format!("annotation {id}"),
            Target::Entity(id) => format!("entity {id}"),
            Target::Proposition(id) => format!("proposition {id}"),
            Target::Utterance(id) => format!("utterance {id}"),
            Target::Meta(id) => format!("the metadata of article {id}"),
            Target::Fingerprint(id) => format!("the fingerprint of article {id}"),
            Target::Info => "the set's settings".to_owned(),
        }
    }
}

/// True when `edit` would leave `set` as it is (the editor already made
/// the same change).
fn already_there(edit: &Edit, set: &AnnotationSet) -> bool {
    let record = |id: &ArticleId| set.article(id).map(|x| &x.record);
    match edit {
        Edit::AddAnnotation(a) | Edit::ReplaceAnnotation(a) => set.annotation(&a.id) == Some(&**a),
        Edit::RemoveAnnotation(id) => set.annotation(id).is_none(),
        Edit::PutEntity(e) => set.entities().get(&e.id) == Some(e),
        Edit::RemoveEntity(id) => !set.entities().contains_key(id),
        Edit::PutProposition(p) => set.propositions().get(&p.id) == Some(p),
        Edit::RemoveProposition(id) => !set.propositions().contains_key(id),
        Edit::PutUtterance(u) => set.utterances().get(&u.id) == Some(u),
        Edit::RemoveUtterance(id) => !set.utterances().contains_key(id),
        Edit::SetArticleMeta { article, meta } => {
            record(article).map_or(meta.is_empty(), |r| r.meta == *meta)
        }
        Edit::SetFingerprint {
            article,
            fingerprint,
        } => record(article).map_or(fingerprint.is_empty(), |r| r.fingerprint == *fingerprint),
        Edit::SetInfo(info) => set.info() == info,
        Edit::Batch(edits) => edits.iter().all(|e| already_there(e, set)),
    }
}

/// Splits an import's `edit`, computed on `base`, into what still applies to
/// `live` (one batch, one undo step) and the changes left out because the
/// editor changed their target since `base` (described for the report).
pub fn against_live(
    edit: Edit,
    base: &AnnotationSet,
    live: &AnnotationSet,
) -> (Option<Edit>, Vec<String>) {
    let mut leaves = Vec::new();
    flatten(edit, &mut leaves);
    let mut keep = Vec::with_capacity(leaves.len());
    let mut conflicts: Vec<String> = Vec::new();
    for edit in leaves {
        let Some(target) = Target::of(&edit) else {
            continue;
        };
        if already_there(&edit, live) {
            continue;
        }
        if target.same(base, live) {
            keep.push(edit);
            continue;
        }
        let message = format!(
            "Kept your edit of {} (changed while importing); the imported change was not applied.",
            target.describe()
        );
        if !conflicts.contains(&message) {
            conflicts.push(message);
        }
    }
    let edit = match keep.len() {
        0 => None,
        1 => keep.pop(),
        _ => Some(Edit::Batch(keep)),
    };
    (edit, conflicts)
}

fn flatten(edit: Edit, out: &mut Vec<Edit>) {
    match edit {
        Edit::Batch(edits) => edits.into_iter().for_each(|e| flatten(e, out)),
        edit => out.push(edit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::apply;
    use crate::core::model::{ArticleMeta, Entity, EntityKind};

    fn person(id: &str, name: &str) -> Entity {
        Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![],
        }
    }

    #[test]
    fn changes_to_targets_the_editor_touched_are_left_out() {
        let (_, mut base) = crate::core::generate::generate(&crate::core::generate::Spec {
            articles: 2,
            annotations_per_article: 2,
            seed: 4,
        });
        apply(&mut base, Edit::PutEntity(person("mayor", "Ana Ortega"))).unwrap();
        let mut live = base.clone();
        // Meanwhile the editor renames the mayor and adds annotation "x1".
        apply(&mut live, Edit::PutEntity(person("mayor", "Ana M. Ortega"))).unwrap();
        let mut mine = base.annotations().next().unwrap().clone();
        mine.id = AnnotationId::new("x1");
        apply(&mut live, Edit::AddAnnotation(Box::new(mine.clone()))).unwrap();

        let mut theirs = mine.clone();
        theirs.note = "from the wire desk".into();
        let article = mine.article.clone();
        let meta = ArticleMeta {
            outlet: "Harbour Gazette".into(),
            ..ArticleMeta::default()
        };
        let import = Edit::Batch(vec![
            Edit::PutEntity(person("mayor", "Ana Ortega Ruiz")),
            Edit::PutEntity(person("chief", "Rui Costa")),
            Edit::AddAnnotation(Box::new(theirs)),
            Edit::SetArticleMeta {
                article: article.clone(),
                meta: meta.clone(),
            },
        ]);
        let (edit, conflicts) = against_live(import, &base, &live);
        assert_eq!(
            edit,
            Some(Edit::Batch(vec![
                Edit::PutEntity(person("chief", "Rui Costa")),
                Edit::SetArticleMeta { article, meta },
            ]))
        );
        assert_eq!(conflicts.len(), 2, "{conflicts:?}");
        assert!(conflicts[0].contains("entity mayor"), "{conflicts:?}");
        assert!(conflicts[1].contains("annotation x1"), "{conflicts:?}");
        apply(&mut live, edit.unwrap()).unwrap();
        assert_eq!(
            live.entities()[&EntityId::new("mayor")].name,
            "Ana M. Ortega"
        );
    }
}
