//! Every keyboard shortcut, in one table read by both the key handler and
//! the help window, so the two cannot disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    NewClaim,
    NewQuote,
    NewStance,
    Next,
    Previous,
    Delete,
    Undo,
    Redo,
    Save,
    Find,
    FindInCorpus,
    Help,
    Escape,
    /// A key the article view handles: caret, keyboard selection, edges.
    View(ViewKey),
    /// Focus the selected annotation's first field in the inspector (a
    /// quote's speaker picker).
    FocusInspector,
    /// Set the selected quote's cue from the selected text.
    CueFromSelection,
    RejectSuggestion,
    AcceptSuggestionsInView,
    /// Link the selected claim or quote across compare columns.
    Link,
}

/// Where a caret key moves. Left and right follow the screen: in a
/// right-to-left paragraph, left moves forward through the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    WordLeft,
    WordRight,
    Up,
    Down,
    LineStart,
    LineEnd,
    ArticleStart,
    ArticleEnd,
    PageUp,
    PageDown,
}

/// What a key asks of the article view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ViewKey {
    /// Move the caret; with `extend`, the text selection follows it.
    Caret {
        motion: Motion,
        extend: bool,
    },
    SelectSentence,
    SelectQuotation,
    /// Move the selected annotation's start or end (by char or word, left
    /// or right).
    Edge {
        end: bool,
        motion: Motion,
    },
}

pub struct Shortcut {
    pub action: Action,
    pub keys: KeyboardShortcut,
    /// Plain keys would type into a text field; they only act when none has focus.
    pub plain: bool,
    pub help: &'static str,
}

const fn key(action: Action, modifiers: Modifiers, key: Key, help: &'static str) -> Shortcut {
    Shortcut {
        action,
        keys: KeyboardShortcut::new(modifiers, key),
        plain: !modifiers.command && !modifiers.ctrl && !modifiers.alt,
        help,
    }
}

/// A key of the article view: like a letter, it acts only when no text
/// field has focus (there the arrows move the field's own cursor).
const fn in_view(modifiers: Modifiers, key: Key, view: ViewKey, help: &'static str) -> Shortcut {
    Shortcut {
        action: Action::View(view),
        keys: KeyboardShortcut::new(modifiers, key),
        plain: true,
        help,
    }
}

const fn caret(modifiers: Modifiers, key: Key, motion: Motion, help: &'static str) -> Shortcut {
    let extend = modifiers.shift;
    in_view(modifiers, key, ViewKey::Caret { motion, extend }, help)
}

const fn edge(
    modifiers: Modifiers,
    key: Key,
    end: bool,
    motion: Motion,
    help: &'static str,
) -> Shortcut {
    in_view(modifiers, key, ViewKey::Edge { end, motion }, help)
}

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);
const CMD_ALT: Modifiers = Modifiers::COMMAND.plus(Modifiers::ALT);
const CMD_ALT_SHIFT: Modifiers = CMD_ALT.plus(Modifiers::SHIFT);

/// Most specific first: egui ignores extra Shift when matching, so
/// Ctrl+Shift+Z must be tried before Ctrl+Z.
pub const SHORTCUTS: &[Shortcut] = &[
    key(
        Action::NewClaim,
        NONE,
        Key::C,
        "Tag the selected text as a claim",
    ),
    key(
        Action::NewQuote,
        NONE,
        Key::Q,
        "Tag the selected text as a quote",
    ),
    key(
        Action::NewStance,
        NONE,
        Key::S,
        "Tag the selected text as a stance",
    ),
    key(
        Action::Previous,
        Modifiers::SHIFT,
        Key::Tab,
        "Previous annotation",
    ),
    key(Action::Next, NONE, Key::Tab, "Next annotation"),
    key(Action::Next, NONE, Key::N, "Next annotation"),
    key(Action::Previous, NONE, Key::P, "Previous annotation"),
    key(
        Action::Delete,
        NONE,
        Key::Delete,
        "Delete the selected annotation",
    ),
    key(Action::Redo, CMD_SHIFT, Key::Z, "Redo"),
    key(Action::Redo, CMD, Key::Y, "Redo"),
    key(Action::Undo, CMD, Key::Z, "Undo"),
    key(Action::Save, CMD, Key::S, "Save"),
    key(
        Action::FindInCorpus,
        CMD_SHIFT,
        Key::F,
        "Find across all articles",
    ),
    key(
        Action::Find,
        CMD,
        Key::F,
        "Find in this article (Enter: next)",
    ),
    key(Action::Help, NONE, Key::F1, "Show these shortcuts"),
    key(
        Action::Help,
        NONE,
        Key::Questionmark,
        "Show these shortcuts",
    ),
    key(
        Action::Escape,
        NONE,
        Key::Escape,
        "Clear the selection, close find or this help",
    ),
    // The article view's keys. Alt ones first: egui ignores an extra Alt
    // (and Shift) when matching, so Alt+Left must be tried before Left.
    edge(
        CMD_ALT_SHIFT,
        Key::ArrowLeft,
        true,
        Motion::WordLeft,
        "Move the selected annotation's end a word left",
    ),
    edge(
        CMD_ALT_SHIFT,
        Key::ArrowRight,
        true,
        Motion::WordRight,
        "Move the selected annotation's end a word right",
    ),
    edge(
        CMD_ALT,
        Key::ArrowLeft,
        false,
        Motion::WordLeft,
        "Move the selected annotation's start a word left",
    ),
    edge(
        CMD_ALT,
        Key::ArrowRight,
        false,
        Motion::WordRight,
        "Move the selected annotation's start a word right",
    ),
    edge(
        ALT_SHIFT,
        Key::ArrowLeft,
        true,
        Motion::Left,
        "Move the selected annotation's end a char left",
    ),
    edge(
        ALT_SHIFT,
        Key::ArrowRight,
        true,
        Motion::Right,
        "Move the selected annotation's end a char right",
    ),
    edge(
        ALT,
        Key::ArrowLeft,
        false,
        Motion::Left,
        "Move the selected annotation's start a char left",
    ),
    edge(
        ALT,
        Key::ArrowRight,
        false,
        Motion::Right,
        "Move the selected annotation's start a char right",
    ),
    caret(
        CMD_SHIFT,
        Key::ArrowLeft,
        Motion::WordLeft,
        "Select to the word on the left",
    ),
    caret(
        CMD_SHIFT,
        Key::ArrowRight,
        Motion::WordRight,
        "Select to the word on the right",
    ),
    caret(
        CMD,
        Key::ArrowLeft,
        Motion::WordLeft,
        "Caret a word left (in Arabic or Hebrew: forward)",
    ),
    caret(
        CMD,
        Key::ArrowRight,
        Motion::WordRight,
        "Caret a word right",
    ),
    caret(
        SHIFT,
        Key::ArrowLeft,
        Motion::Left,
        "Select a char to the left",
    ),
    caret(
        SHIFT,
        Key::ArrowRight,
        Motion::Right,
        "Select a char to the right",
    ),
    caret(
        NONE,
        Key::ArrowLeft,
        Motion::Left,
        "Caret a char left (in Arabic or Hebrew: forward)",
    ),
    caret(NONE, Key::ArrowRight, Motion::Right, "Caret a char right"),
    caret(SHIFT, Key::ArrowUp, Motion::Up, "Select to the line above"),
    caret(
        SHIFT,
        Key::ArrowDown,
        Motion::Down,
        "Select to the line below",
    ),
    caret(NONE, Key::ArrowUp, Motion::Up, "Caret to the line above"),
    caret(
        NONE,
        Key::ArrowDown,
        Motion::Down,
        "Caret to the line below",
    ),
    caret(
        CMD_SHIFT,
        Key::Home,
        Motion::ArticleStart,
        "Select to the start of the article",
    ),
    caret(
        CMD_SHIFT,
        Key::End,
        Motion::ArticleEnd,
        "Select to the end of the article",
    ),
    caret(
        CMD,
        Key::Home,
        Motion::ArticleStart,
        "Caret to the start of the article",
    ),
    caret(
        CMD,
        Key::End,
        Motion::ArticleEnd,
        "Caret to the end of the article",
    ),
    caret(
        SHIFT,
        Key::Home,
        Motion::LineStart,
        "Select to the start of the line",
    ),
    caret(
        SHIFT,
        Key::End,
        Motion::LineEnd,
        "Select to the end of the line",
    ),
    caret(
        NONE,
        Key::Home,
        Motion::LineStart,
        "Caret to the start of the line",
    ),
    caret(
        NONE,
        Key::End,
        Motion::LineEnd,
        "Caret to the end of the line",
    ),
    caret(
        NONE,
        Key::PageUp,
        Motion::PageUp,
        "Scroll up a page, the caret with it",
    ),
    caret(
        NONE,
        Key::PageDown,
        Motion::PageDown,
        "Scroll down a page, the caret with it",
    ),
    in_view(
        NONE,
        Key::Period,
        ViewKey::SelectSentence,
        "Select the sentence around the caret",
    ),
    in_view(
        NONE,
        Key::Quote,
        ViewKey::SelectQuotation,
        "Select the quotation around the caret (again: the one around it)",
    ),
    key(
        Action::FocusInspector,
        NONE,
        Key::Enter,
        "Accept the clicked suggestion; else edit the selected annotation (focus its speaker, holder or source)",
    ),
    key(
        Action::RejectSuggestion,
        NONE,
        Key::Backspace,
        "Reject the clicked suggestion (not offered again for this article)",
    ),
    key(
        Action::AcceptSuggestionsInView,
        NONE,
        Key::A,
        "Accept every suggestion on screen, as one undo step",
    ),
    key(
        Action::Link,
        NONE,
        Key::L,
        "Comparing: link the selected claim or quote with the one selected in another column",
    ),
    key(
        Action::CueFromSelection,
        NONE,
        Key::U,
        "Set the selected quote's cue from the selected text",
    ),
];

/// What the keyboard is doing besides shortcuts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Typing {
    No,
    /// A text field has focus: plain keys type into it.
    InField,
    /// ...and holds typing not yet committed: Ctrl+Z undoes that typing.
    WithText,
    /// A dialog, a modal window or a menu is open: plain keys are its own
    /// (a letter never tags text behind a menu).
    Covered,
}

/// The actions pressed this frame, consuming their keys.
pub fn pressed(ctx: &egui::Context, typing: Typing) -> Vec<Action> {
    let mut actions = Vec::new();
    ctx.input_mut(|i| {
        for s in SHORTCUTS {
            let text_undo = matches!(s.action, Action::Undo | Action::Redo);
            if (s.plain && typing != Typing::No) || (text_undo && typing == Typing::WithText) {
                continue;
            }
            if i.consume_shortcut(&s.keys) {
                actions.push(s.action);
            }
        }
    });
    actions
}

/// The help window's table.
pub fn help_ui(ui: &mut egui::Ui) {
    egui::Grid::new("shortcuts")
        .striped(true)
        .num_columns(2)
        .show(ui, |ui| {
            for s in SHORTCUTS {
                let keys = if s.keys.logical_key == Key::Questionmark {
                    "?".to_owned()
                } else {
                    ui.ctx().format_shortcut(&s.keys)
                };
                ui.label(egui::RichText::new(keys).monospace());
                ui.label(s.help);
                ui.end_row();
            }
            ui.label(egui::RichText::new("Alt + drag").monospace());
            ui.label("Select exact characters (no snapping to words)");
            ui.end_row();
            ui.label(egui::RichText::new("Double / triple click").monospace());
            ui.label("Select a word / a sentence");
            ui.end_row();
            ui.label(egui::RichText::new("In a text field").monospace());
            ui.label("Letters type; Ctrl+Z undoes typing; Enter or leaving the field keeps it");
            ui.end_row();
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_plain_and_commands_are_not() {
        let plain = |k: Key, m: Modifiers| {
            SHORTCUTS
                .iter()
                .find(|s| s.keys.logical_key == k && s.keys.modifiers == m)
                .map(|s| s.plain)
        };
        assert_eq!(plain(Key::Q, NONE), Some(true));
        assert_eq!(plain(Key::Tab, Modifiers::SHIFT), Some(true));
        assert_eq!(plain(Key::Z, CMD), Some(false));
        assert_eq!(plain(Key::F, CMD_SHIFT), Some(false));
    }

    #[test]
    fn specific_before_general() {
        let index = |a: Action, m: Modifiers| {
            SHORTCUTS
                .iter()
                .position(|s| s.action == a && s.keys.modifiers == m)
        };
        assert!(index(Action::Redo, CMD_SHIFT) < index(Action::Undo, CMD));
        assert!(index(Action::FindInCorpus, CMD_SHIFT) < index(Action::Find, CMD));
        assert!(index(Action::Previous, Modifiers::SHIFT) < index(Action::Next, NONE));
    }

    #[test]
    fn no_shortcut_takes_the_keys_of_a_later_one() {
        for (j, later) in SHORTCUTS.iter().enumerate() {
            for earlier in &SHORTCUTS[..j] {
                let same_key = earlier.keys.logical_key == later.keys.logical_key;
                assert!(
                    !(same_key
                        && later
                            .keys
                            .modifiers
                            .matches_logically(earlier.keys.modifiers)),
                    "{:?} is taken by {:?} listed before it",
                    later.help,
                    earlier.help
                );
            }
        }
    }

    #[test]
    fn view_keys_never_type_into_fields() {
        for s in SHORTCUTS {
            if matches!(s.action, Action::View(_)) {
                assert!(s.plain, "{:?}", s.help);
            }
        }
    }
}
