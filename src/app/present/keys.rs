//! The mode's keys, read before the explorer's shortcuts (which are off
//! while presenting). One table drives both the handler and the "?"
//! overlay, so the overlay cannot drift from what the keys do.

use egui::{Key, KeyboardShortcut, Modifiers};

/// One thing a key does in the mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Leave,
    Next,
    Prev,
    NextPath,
    PrevPath,
    FirstPath,
    LastPath,
    Cut,
    Undo,
    Redo,
    Reveal,
    Help,
    Bigger,
    Smaller,
    NextTarget,
}

const NONE: Modifiers = Modifiers::NONE;
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};

/// Every key, most specific first (Ctrl+Shift+Z before Ctrl+Z).
const KEYS: [(Modifiers, Key, Action); 26] = [
    (NONE, Key::Escape, Action::Leave),
    (NONE, Key::F5, Action::Leave),
    (NONE, Key::ArrowRight, Action::Next),
    (NONE, Key::Space, Action::Next),
    (NONE, Key::PageDown, Action::Next),
    (NONE, Key::ArrowLeft, Action::Prev),
    (NONE, Key::PageUp, Action::Prev),
    (NONE, Key::Backspace, Action::Prev),
    (NONE, Key::ArrowDown, Action::NextPath),
    (NONE, Key::ArrowUp, Action::PrevPath),
    (NONE, Key::Home, Action::FirstPath),
    (NONE, Key::End, Action::LastPath),
    (CMD_SHIFT, Key::Z, Action::Redo),
    (CMD, Key::Y, Action::Redo),
    (CMD, Key::Z, Action::Undo),
    (NONE, Key::U, Action::Undo),
    (NONE, Key::C, Action::Cut),
    (NONE, Key::R, Action::Reveal),
    (NONE, Key::T, Action::NextTarget),
    (NONE, Key::Questionmark, Action::Help),
    (NONE, Key::F1, Action::Help),
    (CMD, Key::Plus, Action::Bigger),
    (CMD, Key::Equals, Action::Bigger),
    (NONE, Key::CloseBracket, Action::Bigger),
    (CMD, Key::Minus, Action::Smaller),
    (NONE, Key::OpenBracket, Action::Smaller),
];

/// The "?" overlay: keys as people say them, and what they do.
pub const HELP: [(&str, &str); 11] = [
    ("→  Space  PageDown", "next hop (then the next path)"),
    ("←  PageUp", "previous hop"),
    ("↓  ↑", "next / previous path"),
    ("Home  End", "first / last path"),
    ("C  or click an edge", "cut the hop's edge (what-if)"),
    ("Ctrl+Z  U", "undo the cut"),
    ("R", "reveal path by path"),
    ("T", "next crown jewel as target"),
    ("Ctrl +/−  ]  [", "larger / smaller type"),
    ("?  F1", "this help"),
    ("Esc  F5", "leave presentation"),
];

/// The actions whose keys were pressed this frame (the keys are consumed).
pub fn read(ctx: &egui::Context) -> Vec<Action> {
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        for (modifiers, key, action) in KEYS {
            if i.consume_shortcut(&KeyboardShortcut::new(modifiers, key)) {
                out.push(action);
            }
        }
    });
    out
}
