//! The inspector's type-ahead pickers: a field that ranks a registry's
//! names as the editor types, arrow keys that move a highlight over the
//! suggestions, Enter that takes it and Escape that closes the list.

use crate::core::model::{AnnotationSet, Utterance};
use crate::core::validate::NameIndex;
use egui::{Key, Modifiers};

/// Suggestions listed under a picker at most.
const MAX_SUGGESTIONS: usize = 8;

/// What a picker did this frame.
pub(super) enum Picked {
    Nothing,
    /// An option's id, or `None` for cleared.
    Id(Option<String>),
    /// "New …" from the typed text.
    New(String),
}

/// One picker's typing.
#[derive(Default)]
pub(super) struct PickerState {
    pub query: String,
    /// The suggestion Enter takes (the last one is "new …" when offered).
    highlight: usize,
}

impl PickerState {
    fn close(&mut self) {
        self.query.clear();
        self.highlight = 0;
    }
}

/// One suggestion: the id it picks and what the list shows.
struct Choice {
    id: String,
    label: String,
}

/// A registry's suggestions, with their names keyed for ranking.
pub(super) struct Choices {
    items: Vec<Choice>,
    /// Names of `items`, by index.
    index: NameIndex<usize>,
}

impl Choices {
    /// `items`: each choice with its names, the first its name and the rest
    /// aliases.
    fn new<'a>(items: impl IntoIterator<Item = (Choice, Vec<&'a str>)>) -> Self {
        let (items, names): (Vec<Choice>, Vec<Vec<&str>>) = items.into_iter().unzip();
        Choices {
            items,
            index: NameIndex::new(names.into_iter().enumerate()),
        }
    }

    fn entities(set: &AnnotationSet) -> Self {
        Choices::new(set.entities().values().map(|e| {
            let label = if e.aliases.is_empty() {
                e.name.clone()
            } else {
                format!("{} ({})", e.name, e.aliases.join(", "))
            };
            let choice = Choice {
                id: e.id.to_string(),
                label,
            };
            (choice, e.names().collect())
        }))
    }

    fn propositions(set: &AnnotationSet) -> Self {
        Choices::new(set.propositions().values().map(|p| {
            let choice = Choice {
                id: p.id.to_string(),
                label: p.statement.clone(),
            };
            (choice, vec![p.statement.as_str()])
        }))
    }

    fn utterances(set: &AnnotationSet) -> Self {
        Choices::new(set.utterances().values().map(|u| {
            let choice = Choice {
                id: u.id.to_string(),
                label: utterance_label(set, u),
            };
            (choice, vec![u.wording.as_str()])
        }))
    }
}

/// An utterance as pickers show it: "Speaker: “wording”".
pub(super) fn utterance_label(set: &AnnotationSet, u: &Utterance) -> String {
    let speaker = u
        .speaker
        .as_ref()
        .and_then(|s| set.entities().get(s))
        .map_or(String::new(), |e| format!("{}: ", e.name));
    format!("{speaker}\u{201C}{}\u{201D}", u.wording)
}

/// The registries pickers choose from.
#[derive(Clone, Copy)]
pub(super) enum Registry {
    Entities,
    Propositions,
    Utterances,
}

/// Each registry's [`Choices`], built when a picker first needs them after
/// a change to the set, not on every frame or keystroke.
#[derive(Default)]
pub(super) struct ChoiceCache {
    revision: Option<u64>,
    entities: Option<Choices>,
    propositions: Option<Choices>,
    utterances: Option<Choices>,
}

impl ChoiceCache {
    /// `revision` must change whenever the set does.
    pub fn get(&mut self, registry: Registry, set: &AnnotationSet, revision: u64) -> &Choices {
        if self.revision != Some(revision) {
            *self = ChoiceCache {
                revision: Some(revision),
                ..ChoiceCache::default()
            };
        }
        match registry {
            Registry::Entities => self.entities.get_or_insert_with(|| Choices::entities(set)),
            Registry::Propositions => self
                .propositions
                .get_or_insert_with(|| Choices::propositions(set)),
            Registry::Utterances => self
                .utterances
                .get_or_insert_with(|| Choices::utterances(set)),
        }
    }
}

/// A picker as one field draws it.
pub(super) struct Picker<'a> {
    /// Names the text box (and so its focus) among the inspector's fields.
    pub field: &'static str,
    /// The current value, as shown.
    pub current: Option<String>,
    /// Shown when there is no value; `None` warns "not set".
    pub none_label: Option<&'a str>,
    /// What the "+ …" suggestion creates, e.g. "new entity".
    pub new_label: &'a str,
    /// Give the text box keyboard focus.
    pub focus: bool,
}

impl Picker<'_> {
    /// The current value with a button that clears it, a text box ranking
    /// `choices` by what is typed, and the suggestions under it.
    pub fn ui(self, ui: &mut egui::Ui, choices: &Choices, state: &mut PickerState) -> Picked {
        let mut picked = Picked::Nothing;
        ui.vertical(|ui| {
            // Statements and wordings are long: wrap the chosen one, cut the
            // suggestions, never widen the panel.
            ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
            ui.horizontal(|ui| {
                // The clear button first, so a wrapped value cannot push it out.
                if self.current.is_some() && ui.small_button("×").on_hover_text("Clear").clicked()
                {
                    picked = Picked::Id(None);
                }
                match (&self.current, self.none_label) {
                    (Some(label), _) => {
                        ui.add(egui::Label::new(egui::RichText::new(label).strong()).wrap());
                    }
                    (None, Some(none)) => {
                        ui.weak(none);
                    }
                    (None, None) => {
                        ui.colored_label(ui.visuals().warn_fg_color, "\u{2014} not set");
                    }
                }
            });
            let id = ui.make_persistent_id(("picker", self.field));
            // Taken before the text box sees them: in one line the arrows
            // would only move its caret to an end.
            let (up, down) = match ui.memory(|m| m.has_focus(id)) {
                true => ui.input_mut(|i| {
                    (
                        i.consume_key(Modifiers::NONE, Key::ArrowUp),
                        i.consume_key(Modifiers::NONE, Key::ArrowDown),
                    )
                }),
                false => (false, false),
            };
            let edit = ui.add(
                egui::TextEdit::singleline(&mut state.query)
                    .id(id)
                    .hint_text("type to search or add\u{2026}")
                    .desired_width(f32::INFINITY),
            );
            if self.focus {
                edit.request_focus();
            }
            if edit.changed() {
                state.highlight = 0;
            }
            // A one-line text box gives up focus on Enter and on Escape.
            let left_with = |key| edit.lost_focus() && pressed(ui, key);
            let (enter, escape) = (left_with(Key::Enter), left_with(Key::Escape));
            if escape {
                state.close();
                return;
            }
            let query = state.query.trim();
            if query.is_empty() {
                return;
            }
            let matches: Vec<&Choice> = choices
                .index
                .rank(query)
                .into_iter()
                .take(MAX_SUGGESTIONS)
                .map(|(&n, _)| &choices.items[n])
                .collect();
            let offer_new = !choices.index.has_exact(query);
            let last = (matches.len() + usize::from(offer_new)).saturating_sub(1);
            if down {
                state.highlight += 1;
            }
            if up {
                state.highlight = state.highlight.saturating_sub(1);
            }
            state.highlight = state.highlight.min(last);
            for (n, choice) in matches.iter().enumerate() {
                let row = ui.selectable_label(n == state.highlight, choice.label.as_str());
                if row.clicked() {
                    picked = Picked::Id(Some(choice.id.clone()));
                }
                if n == state.highlight && (up || down) {
                    row.scroll_to_me(None);
                }
            }
            let new = format!("+ {} \u{201C}{query}\u{201D}", self.new_label);
            if offer_new
                && ui
                    .selectable_label(state.highlight == matches.len(), new)
                    .clicked()
            {
                picked = Picked::New(query.to_owned());
            }
            if enter {
                picked = match matches.get(state.highlight) {
                    Some(choice) => Picked::Id(Some(choice.id.clone())),
                    None if offer_new => Picked::New(query.to_owned()),
                    None => Picked::Nothing,
                };
            }
        });
        if !matches!(picked, Picked::Nothing) {
            state.close();
        }
        picked
    }
}

/// True when `key` went down this frame, even if a shortcut took it: egui
/// ends a text box's focus on Escape before the window's shortcuts run,
/// so those see no text box and take the key as their own Escape.
pub(super) fn pressed(ui: &egui::Ui, key: Key) -> bool {
    ui.input(|i| {
        i.raw
            .events
            .iter()
            .any(|e| matches!(e, egui::Event::Key { key: k, pressed: true, .. } if *k == key))
    })
}
