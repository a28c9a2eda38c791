//! The inspector: the selected annotation's fields, each change one
//! `ReplaceAnnotation` edit. Typed text (note, tags) is committed when the
//! field loses focus or on Enter, so a sentence typed is one undo step.
//!
//! A panel like the bottom tabs: it reads an [`InspectorView`] and returns
//! [`Command`]s; the app applies them.

mod kind;
mod picker;

use crate::app::command::Command;
use crate::app::entities::{KINDS, kind_label};
use crate::app::widgets::{annotation_summary_ui, kind_color};
use crate::core::article::Article;
use crate::core::edit::Edit;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, CheckWorthiness, Entity, EntityId, EntityKind, Kind,
    KindName, Modality, Polarity, Proposition, PropositionId, Quote, QuoteMode, Stance, Symbol,
    Target, Utterance, UtteranceId,
};
use crate::core::overview::GroupId;
use picker::{ChoiceCache, Picked, Picker, PickerState, Registry, utterance_label};
use std::collections::HashMap;
use std::ops::Range;

/// What the inspector reads of the window.
pub struct InspectorView<'a> {
    pub set: &'a AnnotationSet,
    /// The annotation shown.
    pub selected: Option<&'a AnnotationId>,
    /// The article in the view.
    pub article: Option<&'a Article>,
    /// Text selected in the view, in chars, not yet an annotation.
    pub selection: Option<Range<usize>>,
    /// Changes whenever the set does (the pickers' suggestions follow it).
    pub revision: u64,
}

#[derive(Default)]
pub struct InspectorState {
    /// Focus the first field next frame (a new annotation was just made).
    pub focus: bool,
    /// A new quote inside quotation marks: offer to cover the whole quotation.
    pub extend_offer: Option<(AnnotationId, Range<usize>)>,
    /// Picker typing by field.
    pickers: HashMap<&'static str, PickerState>,
    /// What the pickers suggest, per revision of the set.
    choices: ChoiceCache,
    /// The inline "new entity" form, by field.
    new_entity: Option<NewEntity>,
    note: Draft,
    tags: Draft,
    language: Draft,
}

/// Text being typed into a field of one annotation.
#[derive(Default)]
struct Draft {
    annotation: Option<AnnotationId>,
    text: String,
    /// Typed but not committed yet.
    typed: bool,
}

impl Draft {
    /// Follows the annotation's value (undo, another annotation) unless
    /// there is uncommitted typing for this one.
    fn sync(&mut self, id: &AnnotationId, value: String) {
        if self.annotation.as_ref() != Some(id) || !self.typed {
            self.annotation = Some(id.clone());
            self.text = value;
            self.typed = false;
        }
    }

    /// Notes typing; true when the typing should be committed now.
    fn commit(&mut self, response: &egui::Response) -> bool {
        self.typed |= response.changed();
        let commit = self.typed && response.lost_focus();
        if commit {
            self.typed = false;
        }
        commit
    }
}

/// Writes a draft's text into its annotation field.
type SetField = fn(&mut Annotation, &str);

impl InspectorState {
    /// The note, tags and language typed but not committed yet, as edits of
    /// their annotations; the fields count as committed afterwards. (Closing
    /// the window commits them before asking about unsaved edits.)
    pub fn take_typing(&mut self, set: &AnnotationSet) -> Vec<Edit> {
        let mut changed: Vec<Annotation> = Vec::new();
        let drafts: [(&mut Draft, SetField); 3] = [
            (&mut self.note, |a, text| a.note = text.to_owned()),
            (&mut self.tags, |a, text| a.tags = comma_separated(text)),
            (&mut self.language, |a, text| {
                if let Kind::Quote(q) = &mut a.kind {
                    q.language = Symbol::new(text.trim());
                }
            }),
        ];
        for (draft, set_field) in drafts {
            if !std::mem::take(&mut draft.typed) {
                continue;
            }
            let Some(id) = &draft.annotation else {
                continue;
            };
            let at = match changed.iter().position(|a| &a.id == id) {
                Some(at) => at,
                None => match set.annotation(id) {
                    Some(a) => {
                        changed.push(a.clone());
                        changed.len() - 1
                    }
                    None => continue,
                },
            };
            set_field(&mut changed[at], &draft.text);
        }
        changed
            .into_iter()
            .filter(|a| set.annotation(&a.id) != Some(a))
            .map(|mut a| {
                a.modified = jiff::Timestamp::now();
                Edit::ReplaceAnnotation(Box::new(a))
            })
            .collect()
    }

    /// True while the inline "new entity" form is open (typing that only
    /// its Create button can apply).
    pub fn has_open_form(&self) -> bool {
        self.new_entity.is_some()
    }

    /// True while a field holds typing that Ctrl+Z should undo as text.
    pub fn has_pending_text(&self) -> bool {
        self.note.typed
            || self.tags.typed
            || self.language.typed
            || self.new_entity.is_some()
            || self.pickers.values().any(|p| !p.query.is_empty())
    }
}

struct NewEntity {
    field: &'static str,
    name: String,
    aliases: String,
    kind: EntityKind,
    /// Focus its name next frame (it was opened from the keyboard).
    focus: bool,
}

/// Which entity field of the annotation a picker sets.
#[derive(Clone, Copy)]
enum Role {
    AttributedTo,
    Speaker,
    Via,
    Holder,
    Target,
}

impl Role {
    fn field(self) -> &'static str {
        match self {
            Role::AttributedTo => "attributed_to",
            Role::Speaker => "speaker",
            Role::Via => "via",
            Role::Holder => "holder",
            Role::Target => "target",
        }
    }

    fn get(self, a: &Annotation) -> Option<&EntityId> {
        match (&a.kind, self) {
            (Kind::Claim(c), Role::AttributedTo) => c.attributed_to.as_ref(),
            (Kind::Quote(q), Role::Speaker) => q.speaker.as_ref(),
            (Kind::Quote(q), Role::Via) => q.via.as_ref(),
            (Kind::Stance(s), Role::Holder) => s.holder.as_ref(),
            (
                Kind::Stance(Stance {
                    target: Some(Target::Entity(e)),
                    ..
                }),
                Role::Target,
            ) => Some(e),
            _ => None,
        }
    }

    fn set(self, a: &mut Annotation, e: Option<EntityId>) {
        match (&mut a.kind, self) {
            (Kind::Claim(c), Role::AttributedTo) => c.attributed_to = e,
            (Kind::Quote(q), Role::Speaker) => q.speaker = e,
            (Kind::Quote(q), Role::Via) => q.via = e,
            (Kind::Stance(s), Role::Holder) => s.holder = e,
            (Kind::Stance(s), Role::Target) => s.target = e.map(Target::Entity),
            _ => {}
        }
    }
}

impl InspectorState {
    /// The panel, one frame; what the editor changed comes back as commands.
    pub fn ui(&mut self, ui: &mut egui::Ui, view: &InspectorView) -> Vec<Command> {
        ui.add_space(4.0);
        ui.heading("Inspector");
        ui.separator();
        let Some(annotation) = view.selected.and_then(|id| view.set.annotation(id)) else {
            empty_ui(ui, view);
            return Vec::new();
        };
        let mut inspect = Inspect {
            state: self,
            view,
            out: Vec::new(),
        };
        egui::ScrollArea::vertical()
            .auto_shrink(false)
            .show(ui, |ui| inspect.annotation_ui(ui, annotation));
        inspect.out
    }
}

fn empty_ui(ui: &mut egui::Ui, view: &InspectorView) {
    let text = view
        .selection
        .clone()
        .zip(view.article)
        .and_then(|(r, a)| a.text.slice(r));
    match text {
        Some(t) if !t.is_empty() => {
            ui.label("Selected text:");
            quoted_ui(ui, t);
            ui.label(
                "Press C, Q or S (or the buttons above) to tag it as a claim, quote or stance.",
            );
        }
        _ => {
            ui.weak("Drag over text to select it (Alt: exact characters; double-click: word; triple-click: sentence), then press C, Q or S.");
            ui.weak("Click a highlight to inspect it. N / P or Tab move between annotations. F1 lists all shortcuts.");
        }
    }
}

fn quoted_ui(ui: &mut egui::Ui, text: &str) {
    const SHOWN: usize = 400;
    let shown: String = text.chars().take(SHOWN).collect();
    let ellipsis = if shown.len() < text.len() { "…" } else { "" };
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        crate::app::text_layout::paragraph_ui(ui, &format!("{shown}{ellipsis}"), true);
    });
}

/// One frame of the inspector on one annotation: its state, what it
/// reads, and the commands it sends.
struct Inspect<'s, 'a> {
    state: &'s mut InspectorState,
    view: &'s InspectorView<'a>,
    out: Vec<Command>,
}

impl Inspect<'_, '_> {
    /// Sends the changed annotation as one edit.
    fn replace(&mut self, mut changed: Annotation) {
        changed.modified = jiff::Timestamp::now();
        self.out
            .push(Command::Edit(Edit::ReplaceAnnotation(Box::new(changed))));
    }

    /// Sends a new registry item and the annotation that refers to it as
    /// one edit (one undo step).
    fn put_and_replace(&mut self, put: Edit, mut changed: Annotation) {
        changed.modified = jiff::Timestamp::now();
        self.out.push(Command::Edit(Edit::Batch(vec![
            put,
            Edit::ReplaceAnnotation(Box::new(changed)),
        ])));
    }

    /// "Compare with…": the articles that carry the same proposition or
    /// utterance first, then every other annotated article.
    fn compare_with_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let set = self.view.set;
        let shares = |other: &crate::core::model::ArticleId| {
            set.annotations_of(other).iter().any(|b| {
                b.propositions()
                    .iter()
                    .any(|p| a.propositions().contains(p))
                    || (b.utterance().is_some() && b.utterance() == a.utterance())
            })
        };
        ui.menu_button("Compare with…", |ui| {
            let (mut sharing, mut rest) = (Vec::new(), Vec::new());
            for (id, record) in set.articles() {
                if *id == a.article {
                    continue;
                }
                let title = match record.record.meta.title.as_str() {
                    "" => id.as_str(),
                    t => t,
                };
                if shares(id) { &mut sharing } else { &mut rest }.push((id, title));
            }
            if !sharing.is_empty() {
                ui.weak("Same proposition or utterance");
            }
            let mut pick = None;
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (n, (id, title)) in sharing.iter().chain(&rest).enumerate() {
                        if n == sharing.len() && n > 0 {
                            ui.separator();
                        }
                        if ui.button(*title).clicked() {
                            pick = Some((*id).clone());
                        }
                    }
                });
            if let Some(other) = pick {
                self.out
                    .push(Command::Compare(vec![a.article.clone(), other]));
                ui.close();
            }
        });
    }

    /// The article `a` is on, when it is the one in the view (the only
    /// one whose text the inspector can cut spans from).
    fn article_of(&self, a: &Annotation) -> Option<&Article> {
        self.view.article.filter(|article| article.id == a.article)
    }

    fn annotation_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let dark = ui.visuals().dark_mode;
        let name = a.kind.name();
        ui.horizontal(|ui| {
            ui.label(
                egui::RichText::new(name.as_str())
                    .heading()
                    .color(kind_color(name, dark)),
            );
            ui.weak(format!("{} · chars {}–{}", a.id, a.span.start, a.span.end));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Delete")
                    .on_hover_text("Remove this annotation (Delete)")
                    .clicked()
                {
                    self.out
                        .push(Command::Edit(Edit::RemoveAnnotation(a.id.clone())));
                }
                self.compare_with_ui(ui, a);
            });
        });
        self.kind_change_ui(ui, a);
        quoted_ui(ui, a.span.exact());
        self.extend_offer_ui(ui, a);
        ui.add_space(6.0);

        let focus = std::mem::take(&mut self.state.focus);
        ui.spacing_mut().item_spacing.y = 5.0;
        match &a.kind {
            Kind::Claim(c) => {
                self.entity_row(
                    ui,
                    a,
                    Role::AttributedTo,
                    "Attributed to",
                    Some("the outlet"),
                    focus,
                );
                field_label(ui, "Check-worthiness");
                let mut w = c.worthiness;
                ui.horizontal_wrapped(|ui| {
                    for v in [
                        CheckWorthiness::CheckWorthy,
                        CheckWorthiness::UnimportantFactual,
                        CheckWorthiness::NonFactual,
                    ] {
                        ui.selectable_value(&mut w, v, worthiness_label(v));
                    }
                });
                if w != c.worthiness {
                    let mut b = a.clone();
                    if let Kind::Claim(c) = &mut b.kind {
                        c.worthiness = w;
                    }
                    self.replace(b);
                }
                field_label(ui, "Stated as");
                let mut m = c.modality;
                ui.horizontal_wrapped(|ui| {
                    for v in Modality::ALL {
                        ui.selectable_value(&mut m, v, v.as_str());
                    }
                });
                if m != c.modality {
                    let mut b = a.clone();
                    if let Kind::Claim(c) = &mut b.kind {
                        c.modality = m;
                    }
                    self.replace(b);
                }
                self.propositions_ui(ui, a);
            }
            Kind::Quote(q) => {
                self.entity_row(ui, a, Role::Speaker, "Speaker", None, focus);
                field_label(ui, "Mode");
                let mut m = q.mode;
                ui.horizontal(|ui| {
                    for v in [QuoteMode::Direct, QuoteMode::Indirect, QuoteMode::Partial] {
                        ui.selectable_value(&mut m, v, format!("{v:?}").to_lowercase());
                    }
                });
                if m != q.mode {
                    let mut b = a.clone();
                    if let Kind::Quote(q) = &mut b.kind {
                        q.mode = m;
                    }
                    self.replace(b);
                }
                self.cue_ui(ui, a, q);
                self.utterance_row(ui, a);
                self.entity_row(ui, a, Role::Via, "Relayed via", Some("— first-hand"), false);
                self.quote_language_ui(ui, a, q);
            }
            Kind::Stance(s) => {
                self.entity_row(ui, a, Role::Holder, "Holder", Some("the outlet"), focus);
                field_label(ui, "Polarity");
                let mut p = s.polarity;
                ui.horizontal(|ui| {
                    for v in [Polarity::Favor, Polarity::Against, Polarity::Neutral] {
                        ui.selectable_value(&mut p, Some(v), format!("{v:?}").to_lowercase());
                    }
                });
                if p != s.polarity {
                    let mut b = a.clone();
                    if let Kind::Stance(s) = &mut b.kind {
                        s.polarity = p;
                    }
                    self.replace(b);
                }
                field_label(ui, "Target is");
                let on_proposition = matches!(s.target, Some(Target::Proposition(_)));
                let mut choice = on_proposition;
                ui.horizontal(|ui| {
                    ui.selectable_value(&mut choice, false, "an entity");
                    ui.selectable_value(&mut choice, true, "a proposition");
                });
                if choice != on_proposition {
                    let mut b = a.clone();
                    if let Kind::Stance(s) = &mut b.kind {
                        s.target = None;
                    }
                    self.replace(b);
                    self.state.pickers.remove("target");
                }
                if choice {
                    self.proposition_row(ui, a, "Target");
                } else {
                    self.entity_row(ui, a, Role::Target, "Target", None, false);
                }
            }
        }
        ui.add_space(6.0);
        self.tags_ui(ui, a);
        self.note_ui(ui, a);
        ui.add_space(8.0);
        ui.collapsing("Summary", |ui| annotation_summary_ui(ui, self.view.set, a));
    }

    /// Buttons that make the annotation another kind, keeping its span,
    /// note, tags and id (see [`kind::converted`] for the attributes).
    fn kind_change_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let mut to = None;
        ui.horizontal(|ui| {
            for other in KindName::ALL {
                if other != a.kind.name()
                    && ui
                        .small_button(format!("Change to {}", other.as_str()))
                        .on_hover_text(format!(
                            "Make this a {} with the same text, note and tags",
                            other.as_str()
                        ))
                        .clicked()
                {
                    to = Some(other);
                }
            }
        });
        if let Some(to) = to {
            let mut b = a.clone();
            b.kind = kind::converted(&a.kind, to);
            self.replace(b);
            // The new kind's fields are other pickers: drop typing aimed at
            // the old ones.
            self.state.pickers.clear();
            self.state.new_entity = None;
        }
    }

    fn extend_offer_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let Some((id, range)) = &self.state.extend_offer else {
            return;
        };
        if id != &a.id {
            return;
        }
        let range = range.clone();
        ui.horizontal(|ui| {
            if ui
                .button("Extend to the whole quotation")
                .on_hover_text("The selection lies inside quotation marks")
                .clicked()
                && let Some(article) = self.article_of(a)
                && let Ok(span) = article.text.span(range)
            {
                let mut b = a.clone();
                b.span = span;
                self.replace(b);
                self.state.extend_offer = None;
            }
            if ui.small_button("No").clicked() {
                self.state.extend_offer = None;
            }
        });
    }

    /// The quote's cue ("said"): shown, set from the text selected in the
    /// article, or cleared.
    fn cue_ui(&mut self, ui: &mut egui::Ui, a: &Annotation, q: &Quote) {
        field_label(ui, "Cue");
        match &q.cue {
            Some(cue) => {
                ui.label(egui::RichText::new(format!("\u{201C}{}\u{201D}", cue.exact())).strong())
            }
            None => ui.weak("— none"),
        };
        let selection = self
            .view
            .selection
            .clone()
            .filter(|r| !r.is_empty())
            .zip(self.article_of(a));
        let mut cue = None;
        ui.horizontal(|ui| {
            let set = ui
                .add_enabled(
                    selection.is_some(),
                    egui::Button::new("Set cue from selection"),
                )
                .on_hover_text("The selected words introduce this quote (e.g. said)")
                .on_disabled_hover_text("Select the words that introduce the quote first");
            if set.clicked()
                && let Some((range, article)) = &selection
                && let Ok(span) = article.text.span(range.clone())
            {
                cue = Some(Some(Box::new(span)));
            }
            if ui
                .add_enabled(q.cue.is_some(), egui::Button::new("Clear cue"))
                .clicked()
            {
                cue = Some(None);
            }
        });
        if let Some(cue) = cue
            && cue != q.cue
        {
            let mut b = a.clone();
            if let Kind::Quote(q) = &mut b.kind {
                q.cue = cue;
            }
            self.replace(b);
        }
    }

    fn entity_row(
        &mut self,
        ui: &mut egui::Ui,
        a: &Annotation,
        role: Role,
        label: &str,
        none_label: Option<&str>,
        focus: bool,
    ) {
        field_label(ui, label);
        let set = self.view.set;
        let current = role.get(a).map(|id| {
            set.entities()
                .get(id)
                .map_or(format!("{id} (missing)"), |e| e.name.clone())
        });
        let picker = Picker {
            field: role.field(),
            current,
            none_label,
            new_label: "new entity",
            focus,
        };
        let choices = self
            .state
            .choices
            .get(Registry::Entities, set, self.view.revision);
        let typing = self.state.pickers.entry(role.field()).or_default();
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        match picker.ui(ui, choices, typing) {
            Picked::Nothing => {}
            Picked::Id(id) => {
                let mut b = a.clone();
                role.set(&mut b, id.map(EntityId::new));
                self.replace(b);
            }
            Picked::New(name) => {
                self.state.new_entity = Some(NewEntity {
                    field: role.field(),
                    name,
                    aliases: String::new(),
                    kind: EntityKind::Person,
                    focus: enter,
                });
            }
        }
        self.new_entity_ui(ui, a, role);
    }

    /// The inline form for a new entity, with aliases. Enter in its fields
    /// creates it, Escape closes it.
    fn new_entity_ui(&mut self, ui: &mut egui::Ui, a: &Annotation, role: Role) {
        let Some(form) = &mut self.state.new_entity else {
            return;
        };
        if form.field != role.field() {
            return;
        }
        let mut create = false;
        let mut cancel = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(egui::RichText::new("New entity").strong());
            let name = ui
                .horizontal(|ui| {
                    let label = ui.label("Name");
                    ui.add(egui::TextEdit::singleline(&mut form.name).hint_text("full name"))
                        .labelled_by(label.id)
                })
                .inner;
            // After drawing: the Enter that opened the form must not also
            // submit it.
            if std::mem::take(&mut form.focus) {
                name.request_focus();
            }
            let aliases = ui
                .horizontal(|ui| {
                    let label = ui.label("Aliases");
                    ui.add(
                        egui::TextEdit::singleline(&mut form.aliases).hint_text("comma-separated"),
                    )
                    .labelled_by(label.id)
                })
                .inner;
            ui.horizontal_wrapped(|ui| {
                ui.label("Kind");
                for k in KINDS {
                    ui.selectable_value(&mut form.kind, k, kind_label(k));
                }
            });
            let ready = !form.name.trim().is_empty();
            ui.horizontal(|ui| {
                create = ui.add_enabled(ready, egui::Button::new("Create")).clicked();
                cancel = ui.button("Cancel").clicked();
            });
            let left = name.lost_focus() || aliases.lost_focus();
            let key = |k| left && picker::pressed(ui, k);
            create |= ready && key(egui::Key::Enter);
            cancel |= key(egui::Key::Escape);
        });
        if create {
            let entity = Entity {
                id: EntityId::new(self.view.set.fresh_id("e")),
                name: form.name.trim().to_owned(),
                kind: form.kind,
                aliases: comma_separated(&form.aliases),
            };
            let mut b = a.clone();
            role.set(&mut b, Some(entity.id.clone()));
            self.put_and_replace(Edit::PutEntity(entity), b);
        }
        if create || cancel {
            self.state.new_entity = None;
        }
    }

    /// The quote's language as printed (committed like the note) and whether
    /// it is a translation.
    fn quote_language_ui(&mut self, ui: &mut egui::Ui, a: &Annotation, q: &Quote) {
        let label = field_label(ui, "Language as printed");
        let draft = &mut self.state.language;
        draft.sync(&a.id, q.language.to_string());
        let mut translated = q.translated;
        let response = ui
            .horizontal(|ui| {
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut draft.text)
                            .id_salt("quote-language")
                            .hint_text("the article's")
                            .desired_width(110.0),
                    )
                    .labelled_by(label.id)
                    .on_hover_text("BCP 47 tag, e.g. ko, en, fr");
                ui.checkbox(&mut translated, "translation")
                    .on_hover_text("These words translate what was said");
                r
            })
            .inner;
        let typed = draft.commit(&response);
        let language = draft.text.trim().to_owned();
        if (typed && q.language.as_str() != language) || translated != q.translated {
            let mut b = a.clone();
            if let Kind::Quote(q) = &mut b.kind {
                if typed {
                    q.language = Symbol::new(&language);
                }
                q.translated = translated;
            }
            self.replace(b);
        }
    }

    /// Opens the cross-source page of what the annotation is linked to.
    fn page_button(&mut self, ui: &mut egui::Ui, group: GroupId) {
        if ui
            .small_button("Open page")
            .on_hover_text("Every outlet's wording side by side, and its findings")
            .clicked()
        {
            self.out.push(Command::OpenGroup(group));
        }
    }

    /// A claim's propositions: each with a button to unlink it, then a picker
    /// that adds one.
    fn propositions_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let linked = a.propositions();
        if linked.len() > 1 {
            field_label(ui, "Propositions");
            for id in linked {
                let statement = self
                    .view
                    .set
                    .propositions()
                    .get(id)
                    .map_or(format!("{id} (missing)"), |p| p.statement.clone());
                ui.horizontal(|ui| {
                    if ui.small_button("×").on_hover_text("Unlink").clicked() {
                        let mut b = a.clone();
                        if let Kind::Claim(c) = &mut b.kind {
                            c.propositions.retain(|p| p != id);
                        }
                        self.replace(b);
                    }
                    ui.add(egui::Label::new(egui::RichText::new(statement).strong()).wrap());
                });
            }
            self.proposition_row(ui, a, "Add a proposition");
        } else {
            self.proposition_row(ui, a, "Proposition");
        }
    }

    /// Picks a proposition. A stance has one target; a claim with one or no
    /// proposition shows it here, and picking adds to a claim's list.
    fn proposition_row(&mut self, ui: &mut egui::Ui, a: &Annotation, label: &str) {
        field_label(ui, label);
        let set = self.view.set;
        let current = match a.propositions() {
            [one] => Some(
                set.propositions()
                    .get(one)
                    .map_or(format!("{one} (missing)"), |p| p.statement.clone()),
            ),
            _ => None,
        };
        let picker = Picker {
            field: "proposition",
            current,
            none_label: Some("— none"),
            new_label: "new proposition",
            focus: false,
        };
        let choices = self
            .state
            .choices
            .get(Registry::Propositions, set, self.view.revision);
        let typing = self.state.pickers.entry("proposition").or_default();
        let picked = picker.ui(ui, choices, typing);
        let from_text = ui
            .small_button("New from the selected text")
            .on_hover_text("A proposition worded as this annotation's text")
            .clicked();
        if let [one] = a.propositions() {
            self.page_button(ui, GroupId::Proposition(one.clone()));
        }
        let single = a.propositions().len() <= 1;
        let set_prop = |b: &mut Annotation, p: Option<PropositionId>| match &mut b.kind {
            Kind::Claim(c) => match p {
                // One shown: picking replaces it, clearing unlinks it.
                _ if single => c.propositions = p.into_iter().collect(),
                Some(p) if !c.propositions.contains(&p) => c.propositions.push(p),
                _ => {}
            },
            Kind::Stance(s) => s.target = p.map(Target::Proposition),
            Kind::Quote(_) => {}
        };
        let statement = match picked {
            Picked::Nothing if from_text => Some(a.span.exact().trim().to_owned()),
            Picked::New(s) => Some(s),
            Picked::Id(id) => {
                let mut b = a.clone();
                set_prop(&mut b, id.map(PropositionId::new));
                self.replace(b);
                None
            }
            Picked::Nothing => None,
        };
        if let Some(statement) = statement {
            let p = Proposition {
                id: PropositionId::new(set.fresh_id("prop")),
                statement,
            };
            let mut b = a.clone();
            set_prop(&mut b, Some(p.id.clone()));
            self.put_and_replace(Edit::PutProposition(p), b);
        }
    }

    fn utterance_row(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        field_label(ui, "Utterance");
        let set = self.view.set;
        let current = a.utterance().map(|id| {
            set.utterances()
                .get(id)
                .map_or(format!("{id} (missing)"), |u| utterance_label(set, u))
        });
        let picker = Picker {
            field: "utterance",
            current,
            none_label: Some("— none"),
            new_label: "new utterance",
            focus: false,
        };
        let choices = self
            .state
            .choices
            .get(Registry::Utterances, set, self.view.revision);
        let typing = self.state.pickers.entry("utterance").or_default();
        let picked = picker.ui(ui, choices, typing);
        let from_text = ui
            .small_button("New from the selected text")
            .on_hover_text("An utterance with this quote's words and speaker")
            .clicked();
        if let Some(id) = a.utterance() {
            self.page_button(ui, GroupId::Utterance(id.clone()));
        }
        let speaker = match &a.kind {
            Kind::Quote(q) => q.speaker.clone(),
            _ => None,
        };
        let set_utt = |b: &mut Annotation, u: Option<UtteranceId>| {
            if let Kind::Quote(q) = &mut b.kind {
                q.utterance = u;
            }
        };
        let wording = match picked {
            Picked::Nothing if from_text => Some(a.span.exact().trim().to_owned()),
            Picked::New(s) => Some(s),
            Picked::Id(id) => {
                let mut b = a.clone();
                set_utt(&mut b, id.map(UtteranceId::new));
                self.replace(b);
                None
            }
            Picked::Nothing => None,
        };
        if let Some(wording) = wording {
            let u = Utterance {
                id: UtteranceId::new(set.fresh_id("utt")),
                speaker,
                wording,
            };
            let mut b = a.clone();
            set_utt(&mut b, Some(u.id.clone()));
            self.put_and_replace(Edit::PutUtterance(u), b);
        }
    }

    /// Tags: the schema's as checkboxes, or free text (comma-separated).
    fn tags_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let allowed: &[String] = self
            .view
            .set
            .info()
            .schema
            .as_ref()
            .map_or(&[], |s| s.allowed(a.kind.name()));
        let label = field_label(ui, "Tags");
        if !allowed.is_empty() {
            let mut tags = a.tags.clone();
            ui.horizontal_wrapped(|ui| {
                for tag in allowed {
                    let mut on = tags.contains(tag);
                    if ui.checkbox(&mut on, tag).changed() {
                        if on {
                            tags.push(tag.clone());
                        } else {
                            tags.retain(|t| t != tag);
                        }
                    }
                }
            });
            if tags != a.tags {
                let mut b = a.clone();
                b.tags = tags;
                self.replace(b);
            }
            return;
        }
        let draft = &mut self.state.tags;
        draft.sync(&a.id, a.tags.join(", "));
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut draft.text)
                    .id_salt("tags-field")
                    .hint_text("comma-separated")
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if draft.commit(&response) {
            let tags = comma_separated(&draft.text);
            if tags != a.tags {
                let mut b = a.clone();
                b.tags = tags;
                self.replace(b);
            }
        }
    }

    /// The note, committed when the field loses focus.
    fn note_ui(&mut self, ui: &mut egui::Ui, a: &Annotation) {
        let label = field_label(ui, "Note");
        let draft = &mut self.state.note;
        draft.sync(&a.id, a.note.clone());
        let response = ui
            .add(
                egui::TextEdit::multiline(&mut draft.text)
                    .id_salt("note-field")
                    .hint_text("A note for other editors (kept when you leave the field)")
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if draft.commit(&response) && draft.text != a.note {
            let mut b = a.clone();
            b.note = draft.text.clone();
            self.replace(b);
        }
    }
}

fn field_label(ui: &mut egui::Ui, text: &str) -> egui::Response {
    ui.add_space(4.0);
    ui.label(egui::RichText::new(text).small().strong())
}

fn worthiness_label(w: CheckWorthiness) -> &'static str {
    match w {
        CheckWorthiness::CheckWorthy => "check-worthy",
        CheckWorthiness::UnimportantFactual => "unimportant factual",
        CheckWorthiness::NonFactual => "non-factual",
    }
}

/// A comma-separated list (tags, aliases), without blanks.
fn comma_separated(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}
