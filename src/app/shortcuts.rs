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

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);

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
}
