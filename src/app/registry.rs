//! What the entity, proposition and utterance panels share: an index of who
//! uses each item, a filterable list, an editor for the selected item, "new",
//! delete (refused while used) and the list of annotations that use it.
//!
//! Each panel is a [`RegistryPanel`] over one [`Item`] type. It reads the set
//! and returns [`Command`]s; it never changes the set itself.

use crate::app::command::Command;
use crate::core::edit::Edit;
use crate::core::model::{Annotation, AnnotationId, AnnotationSet, Target, UtteranceId};
use crate::core::overview::GroupId;
use std::collections::HashMap;

/// Something that refers to an entity, proposition or utterance.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Use {
    Annotation(AnnotationId),
    /// An utterance naming an entity as its speaker.
    Utterance(UtteranceId),
}

/// Who uses each entity, proposition and utterance, by id. Built in one pass
/// over the set; counts what `core::edit::apply` refuses to remove.
#[derive(Debug, Default)]
pub struct References {
    pub entities: HashMap<String, Vec<Use>>,
    pub propositions: HashMap<String, Vec<Use>>,
    pub utterances: HashMap<String, Vec<Use>>,
}

impl References {
    pub fn of(set: &AnnotationSet) -> Self {
        let mut refs = Self::default();
        let add = |map: &mut HashMap<String, Vec<Use>>, id: &str, by: Use| {
            let users = map.entry(id.to_owned()).or_default();
            // A stance may name the same entity as holder and target.
            if users.last() != Some(&by) {
                users.push(by);
            }
        };
        for a in set.annotations() {
            let by = || Use::Annotation(a.id.clone());
            for (_, e) in a.entity_refs() {
                add(&mut refs.entities, e.as_str(), by());
            }
            for p in a.propositions() {
                add(&mut refs.propositions, p.as_str(), by());
            }
            if let Some(u) = a.utterance() {
                add(&mut refs.utterances, u.as_str(), by());
            }
        }
        for u in set.utterances().values() {
            if let Some(speaker) = &u.speaker {
                add(
                    &mut refs.entities,
                    speaker.as_str(),
                    Use::Utterance(u.id.clone()),
                );
            }
        }
        refs
    }
}

/// An entity, proposition or utterance as its panel sees it.
pub trait Item: Clone + PartialEq {
    /// The editor's word for it: "entity".
    const NOUN: &'static str;
    /// Prefix of fresh ids.
    const ID_PREFIX: &'static str;
    /// Panel-specific state for [`Item::extra_ui`].
    type Extra: Default;

    fn id(&self) -> &str;
    fn blank(id: String) -> Self;
    /// All items of this type in the set, in id order.
    fn all(set: &AnnotationSet) -> Vec<&Self>;
    fn get<'s>(set: &'s AnnotationSet, id: &str) -> Option<&'s Self>;
    fn users<'r>(refs: &'r References, id: &str) -> &'r [Use];
    /// One line for the list; the filter searches it.
    fn label(&self, set: &AnnotationSet) -> String;
    /// Editable fields; `salt` keeps ids apart when two editors are shown.
    fn fields_ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet, salt: &str);
    /// Whether it may be stored (e.g. an entity needs a name).
    fn is_complete(&self) -> bool;
    fn put(self) -> Edit;
    fn remove(&self) -> Edit;
    /// The cross-source page of the item, for propositions and utterances.
    fn page(&self) -> Option<GroupId> {
        None
    }
    /// Extra actions on the selected item (entity merge).
    fn extra_ui(
        &self,
        _extra: &mut Self::Extra,
        _ui: &mut egui::Ui,
        _set: &AnnotationSet,
    ) -> Option<Command> {
        None
    }
}

/// An edited copy of an item and the version it started from, so changes
/// made elsewhere (undo, a merge) replace an untouched draft.
struct Draft<T> {
    base: T,
    value: T,
}

pub struct RegistryPanel<T: Item> {
    filter: String,
    selected: Option<String>,
    draft: Option<Draft<T>>,
    /// The "new" form while open.
    new: Option<T>,
    extra: T::Extra,
    refs: References,
    refs_revision: Option<u64>,
}

impl<T: Item> Default for RegistryPanel<T> {
    fn default() -> Self {
        Self {
            filter: String::new(),
            selected: None,
            draft: None,
            new: None,
            extra: T::Extra::default(),
            refs: References::default(),
            refs_revision: None,
        }
    }
}

impl<T: Item> RegistryPanel<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// The id of the selected item.
    pub fn selected(&self) -> Option<&str> {
        self.selected.as_deref()
    }

    /// Selects an item, e.g. when another panel asks to show it.
    pub fn select(&mut self, id: &str) {
        self.selected = Some(id.to_owned());
        self.draft = None;
    }

    /// Shows the panel. `revision` must change whenever the set changes (it
    /// keys the cached reference index).
    pub fn ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet, revision: u64) -> Vec<Command> {
        if self.refs_revision != Some(revision) {
            self.refs = References::of(set);
            self.refs_revision = Some(revision);
        }
        let mut out = Vec::new();
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(egui::TextEdit::singleline(&mut self.filter).desired_width(160.0))
                .labelled_by(label.id);
            if ui.button(format!("New {}", T::NOUN)).clicked() {
                self.new = Some(T::blank(set.fresh_id(T::ID_PREFIX)));
            }
        });
        if let Some(cmd) = self.new_ui(ui, set) {
            out.push(cmd);
        }
        ui.separator();
        self.list_ui(ui, set);
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt((T::NOUN, "details"))
            .auto_shrink([false, true])
            .show(ui, |ui| out.extend(self.details_ui(ui, set)));
        out
    }

    fn new_ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet) -> Option<Command> {
        let new = self.new.as_mut()?;
        let mut cmd = None;
        let mut cancel = false;
        ui.group(|ui| {
            ui.strong(format!("New {}", T::NOUN));
            new.fields_ui(ui, set, "new");
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(new.is_complete(), egui::Button::new("Create"))
                    .clicked()
                {
                    cmd = Some(Command::Edit(new.clone().put()));
                }
                cancel = ui.button("Cancel").clicked();
            });
        });
        if cancel {
            self.new = None;
        }
        if cmd.is_some()
            && let Some(new) = self.new.take()
        {
            self.select(new.id());
        }
        cmd
    }

    fn list_ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet) {
        let needle = self.filter.to_lowercase();
        let rows: Vec<(String, String)> = T::all(set)
            .into_iter()
            .filter_map(|item| {
                let label = item.label(set);
                let matches = needle.is_empty()
                    || label.to_lowercase().contains(&needle)
                    || item.id().to_lowercase().contains(&needle);
                let uses = T::users(&self.refs, item.id()).len();
                matches.then(|| (item.id().to_owned(), format!("{label} · {uses}")))
            })
            .collect();
        ui.label(format!(
            "{} of {} · number after each: how often it is used",
            rows.len(),
            T::all(set).len()
        ));
        let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
        egui::ScrollArea::vertical()
            .id_salt((T::NOUN, "list"))
            .max_height(ui.available_height() * 0.45)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, rows.len(), |ui, range| {
                for (id, text) in &rows[range] {
                    let selected = self.selected.as_deref() == Some(id.as_str());
                    if ui.selectable_label(selected, text).clicked() {
                        self.select(id);
                    }
                }
            });
    }

    fn details_ui(&mut self, ui: &mut egui::Ui, set: &AnnotationSet) -> Vec<Command> {
        let mut out = Vec::new();
        let Some(current) = self.selected.as_deref().and_then(|id| T::get(set, id)) else {
            ui.weak(format!("Select an {} to edit it.", T::NOUN));
            return out;
        };
        match &self.draft {
            Some(d) if d.base == *current => {}
            _ => {
                self.draft = Some(Draft {
                    base: current.clone(),
                    value: current.clone(),
                })
            }
        }
        let Some(draft) = self.draft.as_mut() else {
            return out;
        };
        ui.horizontal(|ui| {
            ui.strong(format!("{} {}", T::NOUN, current.id()));
            if let Some(group) = current.page()
                && ui
                    .button("Open page")
                    .on_hover_text("Every outlet's wording side by side, and its findings")
                    .clicked()
            {
                out.push(Command::OpenGroup(group));
            }
        });
        draft.value.fields_ui(ui, set, "edit");
        let changed = draft.value != draft.base;
        ui.horizontal(|ui| {
            if ui
                .add_enabled(
                    changed && draft.value.is_complete(),
                    egui::Button::new("Apply"),
                )
                .clicked()
            {
                out.push(Command::Edit(draft.value.clone().put()));
            }
            if ui
                .add_enabled(changed, egui::Button::new("Revert"))
                .clicked()
            {
                draft.value = draft.base.clone();
            }
        });
        let users = T::users(&self.refs, current.id());
        out.extend(current.extra_ui(&mut self.extra, ui, set));
        ui.separator();
        if users.is_empty() {
            if ui.button(format!("Delete {}", T::NOUN)).clicked() {
                out.push(Command::Edit(current.remove()));
            }
        } else {
            ui.add_enabled(false, egui::Button::new(format!("Delete {}", T::NOUN)));
            ui.label(format!(
                "Cannot delete: this {} is used by {}. Change or remove those first.",
                T::NOUN,
                describe(users)
            ));
        }
        ui.separator();
        ui.strong(format!("Used by ({})", users.len()));
        out.extend(users_ui(ui, set, users, T::NOUN));
        out
    }
}

/// "3 annotations and 1 utterance".
fn describe(users: &[Use]) -> String {
    let annotations = users
        .iter()
        .filter(|u| matches!(u, Use::Annotation(_)))
        .count();
    let utterances = users.len() - annotations;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (annotations, utterances) {
        (a, 0) => plural(a, "annotation"),
        (0, u) => plural(u, "utterance"),
        (a, u) => format!("{} and {}", plural(a, "annotation"), plural(u, "utterance")),
    }
}

/// Every user on its own line, annotations first with their article (outlet
/// when known) and text: the cross-source view. A click selects the
/// annotation.
fn users_ui(ui: &mut egui::Ui, set: &AnnotationSet, users: &[Use], salt: &str) -> Option<Command> {
    let mut cmd = None;
    let row_height = ui.text_style_height(&egui::TextStyle::Button) + 4.0;
    egui::ScrollArea::vertical()
        .id_salt((salt, "users"))
        .max_height(240.0)
        .auto_shrink([false, true])
        .show_rows(ui, row_height, users.len(), |ui, range| {
            for user in &users[range] {
                match user {
                    Use::Annotation(id) => {
                        let text = set
                            .annotation(id)
                            .map_or_else(|| id.to_string(), |a| annotation_line(set, a));
                        if ui.link(text).clicked() {
                            cmd = Some(Command::SelectAnnotation(id.clone()));
                        }
                    }
                    Use::Utterance(id) => {
                        ui.label(format!("utterance {id}"));
                    }
                }
            }
        });
    cmd
}

/// `Daily Courier · quote a12 · “we will fight…”`
pub fn annotation_line(set: &AnnotationSet, a: &Annotation) -> String {
    let source = set
        .article(&a.article)
        .map(|r| r.record.meta.outlet.as_str())
        .filter(|o| !o.is_empty())
        .unwrap_or(a.article.as_str());
    format!(
        "{source} · {} {} · “{}”",
        a.kind.name().as_str(),
        a.id,
        excerpt(a.span.exact(), 60)
    )
}

/// At most `chars` characters of `text`, with an ellipsis when cut.
pub fn excerpt(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().nth(chars).is_some() {
        out.push('…');
    }
    out.replace('\n', " ")
}

/// A stance's target in words, for lists.
pub fn target_label(set: &AnnotationSet, target: &Target) -> String {
    match target {
        Target::Entity(e) => set
            .entities()
            .get(e)
            .map_or_else(|| e.to_string(), |e| e.name.clone()),
        Target::Proposition(p) => set
            .propositions()
            .get(p)
            .map_or_else(|| p.to_string(), |p| excerpt(&p.statement, 40)),
    }
}
