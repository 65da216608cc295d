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
    Harden,
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

/// Every key, most specific first (Ctrl+Shift+Z before Ctrl+Z); the "?"
/// overlay lists the actions in this order.
const KEYS: [(Modifiers, Key, Action); 27] = [
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
    (NONE, Key::C, Action::Cut),
    (NONE, Key::H, Action::Harden),
    (CMD_SHIFT, Key::Z, Action::Redo),
    (CMD, Key::Y, Action::Redo),
    (CMD, Key::Z, Action::Undo),
    (NONE, Key::U, Action::Undo),
    (NONE, Key::R, Action::Reveal),
    (NONE, Key::T, Action::NextTarget),
    (CMD, Key::Plus, Action::Bigger),
    (CMD, Key::Equals, Action::Bigger),
    (NONE, Key::CloseBracket, Action::Bigger),
    (CMD, Key::Minus, Action::Smaller),
    (NONE, Key::OpenBracket, Action::Smaller),
    (NONE, Key::Questionmark, Action::Help),
    (NONE, Key::F1, Action::Help),
    (NONE, Key::Escape, Action::Leave),
    (NONE, Key::F5, Action::Leave),
];

impl Action {
    /// What the action does, as the "?" overlay says it.
    pub fn what(self) -> &'static str {
        match self {
            Action::Leave => "leave presentation",
            Action::Next => "next hop (then the next path)",
            Action::Prev => "previous hop",
            Action::NextPath => "next path",
            Action::PrevPath => "previous path",
            Action::FirstPath => "first path",
            Action::LastPath => "last path",
            Action::Cut => "cut the hop's edge (or click an edge)",
            Action::Harden => "harden the hop's edge (likelihood ×0.5); again restores it",
            Action::Undo => "undo the cut or hardening",
            Action::Redo => "redo",
            Action::Reveal => "reveal path by path",
            Action::Help => "this help",
            Action::Bigger => "larger type",
            Action::Smaller => "smaller type",
            Action::NextTarget => "next crown jewel as target",
        }
    }
}

/// A key as people say it: arrows as arrows, modifiers spelled out.
fn key_name(modifiers: Modifiers, key: Key) -> String {
    let name = match key {
        Key::ArrowRight => "→",
        Key::ArrowLeft => "←",
        Key::ArrowDown => "↓",
        Key::ArrowUp => "↑",
        Key::Equals => "=",
        k => k.symbol_or_name(),
    };
    let shift = if modifiers.shift { "Shift+" } else { "" };
    let ctrl = if modifiers.command { "Ctrl+" } else { "" };
    format!("{ctrl}{shift}{name}")
}

/// The "?" overlay, built from the key table: each action once, with all
/// its keys.
pub fn help_rows() -> Vec<(String, &'static str)> {
    let mut rows: Vec<(Action, Vec<String>)> = Vec::new();
    for (modifiers, key, action) in KEYS {
        let name = key_name(modifiers, key);
        match rows.iter_mut().find(|(a, _)| *a == action) {
            Some((_, keys)) => keys.push(name),
            None => rows.push((action, vec![name])),
        }
    }
    rows.into_iter()
        .map(|(action, keys)| (keys.join("  "), action.what()))
        .collect()
}

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
