//! The inspector: the selected annotation's fields, each change one
//! `ReplaceAnnotation` edit. Typed text (note, tags) is committed when the
//! field loses focus or on Enter, so a sentence typed is one undo step.

use crate::app::command::Command;
use crate::app::state::ConcordApp;
use crate::app::widgets::{annotation_summary_ui, kind_color};
use crate::core::edit::Edit;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, CheckWorthiness, Entity, EntityId, EntityKind, Kind,
    Modality, Polarity, Proposition, PropositionId, QuoteMode, Target, Utterance, UtteranceId,
};
use std::collections::HashMap;
use std::ops::Range;

/// Suggestions listed under a picker at most.
const MAX_SUGGESTIONS: usize = 8;

#[derive(Default)]
pub struct InspectorState {
    /// Focus the first field next frame (a new annotation was just made).
    pub focus: bool,
    /// A new quote inside quotation marks: offer to cover the whole quotation.
    pub extend_offer: Option<(AnnotationId, Range<usize>)>,
    /// Picker queries by field.
    queries: HashMap<&'static str, String>,
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
            (&mut self.tags, |a, text| a.tags = parse_tags(text)),
            (&mut self.language, |a, text| {
                if let Kind::Quote(q) = &mut a.kind {
                    q.language = text.trim().to_owned();
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
            || self.queries.values().any(|q| !q.is_empty())
    }
}

struct NewEntity {
    field: &'static str,
    name: String,
    aliases: String,
    kind: EntityKind,
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
                Kind::Stance(crate::core::model::Stance {
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

/// What a picker did this frame.
enum Picked {
    Nothing,
    /// An option's id, or `None` for cleared.
    Id(Option<String>),
    /// "New …" from the typed text.
    New(String),
}

pub fn ui(ui: &mut egui::Ui, app: &mut ConcordApp) {
    ui.add_space(4.0);
    ui.heading("Inspector");
    ui.separator();
    let Some(annotation) = app
        .selected
        .as_ref()
        .and_then(|id| app.project.set.annotation(id))
        .cloned()
    else {
        empty_ui(ui, app);
        return;
    };
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| annotation_ui(ui, app, &annotation));
}

fn empty_ui(ui: &mut egui::Ui, app: &ConcordApp) {
    let text = app
        .selection
        .as_ref()
        .zip(app.article.as_ref())
        .and_then(|(r, a)| app.project.corpus.get(a)?.text.slice(r.clone()));
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
        ui.label(egui::RichText::new(format!("{shown}{ellipsis}")).italics());
    });
}

fn annotation_ui(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation) {
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
                app.commands
                    .push(Command::Edit(Edit::RemoveAnnotation(a.id.clone())));
            }
        });
    });
    quoted_ui(ui, &a.span.exact);
    if let Some((id, range)) = &app.inspector.extend_offer
        && id == &a.id
    {
        let range = range.clone();
        ui.horizontal(|ui| {
            if ui
                .button("Extend to the whole quotation")
                .on_hover_text("The selection lies inside quotation marks")
                .clicked()
                && let Some(article) = app.project.corpus.get(&a.article)
                && let Ok(span) = article.text.span(range)
            {
                let mut b = a.clone();
                b.span = span;
                replace(app, b);
                app.inspector.extend_offer = None;
            }
            if ui.small_button("No").clicked() {
                app.inspector.extend_offer = None;
            }
        });
    }
    ui.add_space(6.0);

    let focus = std::mem::take(&mut app.inspector.focus);
    ui.spacing_mut().item_spacing.y = 5.0;
    match &a.kind {
        Kind::Claim(c) => {
            entity_row(
                ui,
                app,
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
                replace(app, b);
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
                replace(app, b);
            }
            propositions_ui(ui, app, a);
        }
        Kind::Quote(q) => {
            entity_row(ui, app, a, Role::Speaker, "Speaker", None, focus);
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
                replace(app, b);
            }
            utterance_row(ui, app, a);
            entity_row(
                ui,
                app,
                a,
                Role::Via,
                "Relayed via",
                Some("— first-hand"),
                false,
            );
            quote_language_ui(ui, app, a, q);
        }
        Kind::Stance(s) => {
            entity_row(
                ui,
                app,
                a,
                Role::Holder,
                "Holder",
                Some("the outlet"),
                focus,
            );
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
                replace(app, b);
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
                replace(app, b);
                app.inspector.queries.remove("target");
            }
            if choice {
                proposition_row(ui, app, a, "Target");
            } else {
                entity_row(ui, app, a, Role::Target, "Target", None, false);
            }
        }
    }
    ui.add_space(6.0);
    tags_ui(ui, app, a);
    note_ui(ui, app, a);
    ui.add_space(8.0);
    ui.collapsing("Summary", |ui| {
        annotation_summary_ui(ui, &app.project.set, a)
    });
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

/// Sends the changed annotation as one edit.
fn replace(app: &mut ConcordApp, mut changed: Annotation) {
    changed.modified = jiff::Timestamp::now();
    app.commands
        .push(Command::Edit(Edit::ReplaceAnnotation(Box::new(changed))));
}

/// A type-ahead picker: the current value, a field that filters `options`
/// (id, label, names matched), suggestions under it, and "new …".
#[allow(clippy::too_many_arguments)]
fn picker_ui(
    ui: &mut egui::Ui,
    query: &mut String,
    field: &'static str,
    current: Option<String>,
    none_label: Option<&str>,
    options: &[(String, String, Vec<String>)],
    new_label: &str,
    focus: bool,
) -> Picked {
    let mut picked = Picked::Nothing;
    ui.vertical(|ui| {
        // Statements and wordings are long: wrap the chosen one, cut the
        // suggestions, never widen the panel.
        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
        ui.horizontal(|ui| {
            // The clear button first, so a wrapped value cannot push it out.
            if current.is_some() && ui.small_button("×").on_hover_text("Clear").clicked() {
                picked = Picked::Id(None);
            }
            match (&current, none_label) {
                (Some(label), _) => {
                    ui.add(egui::Label::new(egui::RichText::new(label).strong()).wrap());
                }
                (None, Some(none)) => {
                    ui.weak(none);
                }
                (None, None) => {
                    ui.colored_label(ui.visuals().warn_fg_color, "— not set");
                }
            }
        });
        let edit = ui.add(
            egui::TextEdit::singleline(query)
                .id_salt(("picker", field))
                .hint_text("type to search or add…")
                .desired_width(f32::INFINITY),
        );
        if focus {
            edit.request_focus();
        }
        let needle = query.trim().to_lowercase();
        if needle.is_empty() {
            return;
        }
        let matches: Vec<&(String, String, Vec<String>)> = options
            .iter()
            .filter(|(_, _, names)| names.iter().any(|n| n.to_lowercase().contains(&needle)))
            .take(MAX_SUGGESTIONS)
            .collect();
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        for (id, label, _) in &matches {
            if ui.selectable_label(false, label.as_str()).clicked() {
                picked = Picked::Id(Some(id.clone()));
            }
        }
        let exact = options
            .iter()
            .any(|(_, _, names)| names.iter().any(|n| n.to_lowercase() == needle));
        if !exact
            && ui
                .selectable_label(false, format!("+ {new_label} “{}”", query.trim()))
                .clicked()
        {
            picked = Picked::New(query.trim().to_owned());
        }
        if enter && let Some((id, _, _)) = matches.first() {
            picked = Picked::Id(Some(id.clone()));
        }
    });
    if !matches!(picked, Picked::Nothing) {
        query.clear();
    }
    picked
}

fn entity_options(set: &AnnotationSet) -> Vec<(String, String, Vec<String>)> {
    set.entities()
        .values()
        .map(|e| {
            let label = if e.aliases.is_empty() {
                e.name.clone()
            } else {
                format!("{} ({})", e.name, e.aliases.join(", "))
            };
            (
                e.id.to_string(),
                label,
                e.names().map(str::to_owned).collect(),
            )
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn entity_row(
    ui: &mut egui::Ui,
    app: &mut ConcordApp,
    a: &Annotation,
    role: Role,
    label: &str,
    none_label: Option<&str>,
    focus: bool,
) {
    field_label(ui, label);
    let set = &app.project.set;
    let current = role.get(a).map(|id| {
        set.entities()
            .get(id)
            .map_or(format!("{id} (missing)"), |e| e.name.clone())
    });
    let options = entity_options(set);
    let query = app.inspector.queries.entry(role.field()).or_default();
    let picked = picker_ui(
        ui,
        query,
        role.field(),
        current,
        none_label,
        &options,
        "new entity",
        focus,
    );
    match picked {
        Picked::Nothing => {}
        Picked::Id(id) => {
            let mut b = a.clone();
            role.set(&mut b, id.map(EntityId::new));
            replace(app, b);
        }
        Picked::New(name) => {
            app.inspector.new_entity = Some(NewEntity {
                field: role.field(),
                name,
                aliases: String::new(),
                kind: EntityKind::Person,
            });
        }
    }
    new_entity_ui(ui, app, a, role);
}

/// The inline form for a new entity, with aliases.
fn new_entity_ui(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation, role: Role) {
    let Some(form) = &mut app.inspector.new_entity else {
        return;
    };
    if form.field != role.field() {
        return;
    }
    let mut create = false;
    let mut cancel = false;
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.label(egui::RichText::new("New entity").strong());
        ui.horizontal(|ui| {
            let label = ui.label("Name");
            ui.add(egui::TextEdit::singleline(&mut form.name).hint_text("full name"))
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let label = ui.label("Aliases");
            ui.add(egui::TextEdit::singleline(&mut form.aliases).hint_text("comma-separated"))
                .labelled_by(label.id);
        });
        ui.horizontal_wrapped(|ui| {
            ui.label("Kind");
            for k in crate::app::entities::KINDS {
                ui.selectable_value(&mut form.kind, k, crate::app::entities::kind_label(k));
            }
        });
        ui.horizontal(|ui| {
            create = ui
                .add_enabled(!form.name.trim().is_empty(), egui::Button::new("Create"))
                .clicked();
            cancel = ui.button("Cancel").clicked();
        });
    });
    if create {
        let entity = Entity {
            id: EntityId::new(app.project.set.fresh_id("e")),
            name: form.name.trim().to_owned(),
            kind: form.kind,
            aliases: form
                .aliases
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
        };
        let mut b = a.clone();
        role.set(&mut b, Some(entity.id.clone()));
        b.modified = jiff::Timestamp::now();
        app.commands.push(Command::Edit(Edit::Batch(vec![
            Edit::PutEntity(entity),
            Edit::ReplaceAnnotation(Box::new(b)),
        ])));
    }
    if create || cancel {
        app.inspector.new_entity = None;
    }
}

/// The quote's language as printed (committed like the note) and whether
/// it is a translation.
fn quote_language_ui(
    ui: &mut egui::Ui,
    app: &mut ConcordApp,
    a: &Annotation,
    q: &crate::core::model::Quote,
) {
    let label = field_label(ui, "Language as printed");
    app.inspector.language.sync(&a.id, q.language.clone());
    let mut translated = q.translated;
    let response = ui
        .horizontal(|ui| {
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut app.inspector.language.text)
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
    let typed = app.inspector.language.commit(&response);
    let language = app.inspector.language.text.trim().to_owned();
    if (typed && language != q.language) || translated != q.translated {
        let mut b = a.clone();
        if let Kind::Quote(q) = &mut b.kind {
            if typed {
                q.language = language;
            }
            q.translated = translated;
        }
        replace(app, b);
    }
}

/// A claim's propositions: each with a button to unlink it, then a picker
/// that adds one.
fn propositions_ui(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation) {
    let linked = a.propositions().to_vec();
    if linked.len() > 1 {
        field_label(ui, "Propositions");
        for id in &linked {
            let statement = app
                .project
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
                    replace(app, b);
                }
                ui.add(egui::Label::new(egui::RichText::new(statement).strong()).wrap());
            });
        }
        proposition_row(ui, app, a, "Add a proposition");
    } else {
        proposition_row(ui, app, a, "Proposition");
    }
}

/// Picks a proposition. A stance has one target; a claim with one or no
/// proposition shows it here, and picking adds to a claim's list.
fn proposition_row(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation, label: &str) {
    field_label(ui, label);
    let set = &app.project.set;
    let current = match a.propositions() {
        [one] => Some(
            set.propositions()
                .get(one)
                .map_or(format!("{one} (missing)"), |p| p.statement.clone()),
        ),
        _ => None,
    };
    let options: Vec<_> = set
        .propositions()
        .values()
        .map(|p| {
            (
                p.id.to_string(),
                p.statement.clone(),
                vec![p.statement.clone()],
            )
        })
        .collect();
    let query = app.inspector.queries.entry("proposition").or_default();
    let picked = picker_ui(
        ui,
        query,
        "proposition",
        current,
        Some("— none"),
        &options,
        "new proposition",
        false,
    );
    let from_text = ui
        .small_button("New from the selected text")
        .on_hover_text("A proposition worded as this annotation's text")
        .clicked();
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
        Picked::Nothing if from_text => Some(a.span.exact.trim().to_owned()),
        Picked::New(s) => Some(s),
        Picked::Id(id) => {
            let mut b = a.clone();
            set_prop(&mut b, id.map(PropositionId::new));
            replace(app, b);
            None
        }
        Picked::Nothing => None,
    };
    if let Some(statement) = statement {
        let p = Proposition {
            id: PropositionId::new(app.project.set.fresh_id("prop")),
            statement,
        };
        let mut b = a.clone();
        set_prop(&mut b, Some(p.id.clone()));
        b.modified = jiff::Timestamp::now();
        app.commands.push(Command::Edit(Edit::Batch(vec![
            Edit::PutProposition(p),
            Edit::ReplaceAnnotation(Box::new(b)),
        ])));
    }
}

fn utterance_row(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation) {
    field_label(ui, "Utterance");
    let set = &app.project.set;
    let speaker_name = |u: &Utterance| {
        u.speaker
            .as_ref()
            .and_then(|s| set.entities().get(s))
            .map_or(String::new(), |e| format!("{}: ", e.name))
    };
    let current = a.utterance().map(|id| {
        set.utterances()
            .get(id)
            .map_or(format!("{id} (missing)"), |u| {
                format!("{}“{}”", speaker_name(u), u.wording)
            })
    });
    let options: Vec<_> = set
        .utterances()
        .values()
        .map(|u| {
            (
                u.id.to_string(),
                format!("{}“{}”", speaker_name(u), u.wording),
                vec![u.wording.clone()],
            )
        })
        .collect();
    let query = app.inspector.queries.entry("utterance").or_default();
    let picked = picker_ui(
        ui,
        query,
        "utterance",
        current,
        Some("— none"),
        &options,
        "new utterance",
        false,
    );
    let from_text = ui
        .small_button("New from the selected text")
        .on_hover_text("An utterance with this quote's words and speaker")
        .clicked();
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
        Picked::Nothing if from_text => Some(a.span.exact.trim().to_owned()),
        Picked::New(s) => Some(s),
        Picked::Id(id) => {
            let mut b = a.clone();
            set_utt(&mut b, id.map(UtteranceId::new));
            replace(app, b);
            None
        }
        Picked::Nothing => None,
    };
    if let Some(wording) = wording {
        let u = Utterance {
            id: UtteranceId::new(app.project.set.fresh_id("utt")),
            speaker,
            wording,
        };
        let mut b = a.clone();
        set_utt(&mut b, Some(u.id.clone()));
        b.modified = jiff::Timestamp::now();
        app.commands.push(Command::Edit(Edit::Batch(vec![
            Edit::PutUtterance(u),
            Edit::ReplaceAnnotation(Box::new(b)),
        ])));
    }
}

/// Tags: the schema's as checkboxes, or free text (comma-separated).
fn tags_ui(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation) {
    let allowed: Vec<String> = app
        .project
        .set
        .info()
        .schema
        .as_ref()
        .map(|s| s.allowed(a.kind.name()).to_vec())
        .unwrap_or_default();
    let label = field_label(ui, "Tags");
    if !allowed.is_empty() {
        let mut tags = a.tags.clone();
        ui.horizontal_wrapped(|ui| {
            for tag in &allowed {
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
            replace(app, b);
        }
        return;
    }
    app.inspector.tags.sync(&a.id, a.tags.join(", "));
    let response = ui
        .add(
            egui::TextEdit::singleline(&mut app.inspector.tags.text)
                .id_salt("tags-field")
                .hint_text("comma-separated")
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if app.inspector.tags.commit(&response) {
        let tags = parse_tags(&app.inspector.tags.text);
        if tags != a.tags {
            let mut b = a.clone();
            b.tags = tags;
            replace(app, b);
        }
    }
}

/// Comma-separated tags, without blanks.
fn parse_tags(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The note, committed when the field loses focus.
fn note_ui(ui: &mut egui::Ui, app: &mut ConcordApp, a: &Annotation) {
    let label = field_label(ui, "Note");
    app.inspector.note.sync(&a.id, a.note.clone());
    let response = ui
        .add(
            egui::TextEdit::multiline(&mut app.inspector.note.text)
                .id_salt("note-field")
                .hint_text("A note for other editors (kept when you leave the field)")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(label.id);
    if app.inspector.note.commit(&response) && app.inspector.note.text != a.note {
        let mut b = a.clone();
        b.note = app.inspector.note.text.clone();
        replace(app, b);
    }
}
