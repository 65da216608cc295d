//! The menu bar and the keyboard shortcuts, both read from `Command::meta`.

use super::command::{Command, PanelId};
use super::state::AppState;
use crate::layout::{Algorithm, Flow};

/// A menu entry for `command`, with its shortcut and tooltip from the table.
pub fn command_button_ui(ui: &mut egui::Ui, command: Command, out: &mut Vec<Command>) {
    command_button_enabled_ui(ui, command, true, out);
}

pub fn command_button_enabled_ui(
    ui: &mut egui::Ui,
    command: Command,
    enabled: bool,
    out: &mut Vec<Command>,
) {
    let meta = command.meta();
    let mut button = egui::Button::new(meta.label);
    if let Some(s) = meta.shortcut {
        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
    }
    if ui
        .add_enabled(enabled, button)
        .on_hover_text(meta.tooltip)
        .clicked()
    {
        out.push(command);
    }
}

/// A checkbox entry for a command that toggles something.
fn toggle_ui(ui: &mut egui::Ui, command: Command, on: bool, out: &mut Vec<Command>) {
    let meta = command.meta();
    let mut value = on;
    if ui
        .checkbox(&mut value, meta.label)
        .on_hover_text(meta.tooltip)
        .clicked()
    {
        out.push(command);
    }
}

/// File, Edit, View, Paths menus.
pub fn menu_bar_ui(ui: &mut egui::Ui, state: &AppState, out: &mut Vec<Command>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            command_button_ui(ui, Command::New, out);
            command_button_ui(ui, Command::Open, out);
            ui.menu_button("Open recent", |ui| {
                if state.settings.recent.is_empty() {
                    ui.label("No recent files");
                }
                for p in &state.settings.recent {
                    if ui.button(p.display().to_string()).clicked() {
                        out.push(Command::OpenPath(p.clone()));
                    }
                }
            });
            ui.separator();
            command_button_ui(ui, Command::Save, out);
            command_button_ui(ui, Command::SaveAs, out);
            command_button_ui(ui, Command::Export, out);
            ui.separator();
            command_button_ui(ui, Command::Quit, out);
        });
        ui.menu_button("Edit", |ui| {
            command_button_enabled_ui(ui, Command::Undo, state.can_undo(), out);
            command_button_enabled_ui(ui, Command::Redo, state.can_redo(), out);
            ui.separator();
            command_button_ui(ui, Command::AddNode, out);
            command_button_ui(ui, Command::AddEdgeMode, out);
            let any = !state.selection.nodes.is_empty() || state.selection.edge.is_some();
            command_button_enabled_ui(ui, Command::DeleteSelection, any, out);
            ui.separator();
            command_button_ui(ui, Command::Find, out);
            command_button_ui(ui, Command::Relayout, out);
            ui.menu_button("Layout", |ui| {
                let current = state.settings.algorithm();
                for algorithm in Algorithm::ALL {
                    let command = Command::SetLayout(algorithm);
                    if ui
                        .radio(current == algorithm, algorithm.name())
                        .on_hover_text(command.meta().tooltip)
                        .clicked()
                    {
                        out.push(command);
                    }
                }
                ui.separator();
                for flow in [Flow::LeftToRight, Flow::TopToBottom] {
                    let command = Command::SetFlow(flow);
                    let meta = command.meta();
                    if ui
                        .radio(state.layout_view.flow == flow, meta.label)
                        .on_hover_text(meta.tooltip)
                        .clicked()
                    {
                        out.push(command);
                    }
                }
            });
        });
        ui.menu_button("View", |ui| {
            command_button_ui(ui, Command::FitView, out);
            command_button_ui(ui, Command::ZoomIn, out);
            command_button_ui(ui, Command::ZoomOut, out);
            command_button_ui(ui, Command::ShowAll, out);
            ui.separator();
            let s = &state.settings;
            toggle_ui(
                ui,
                Command::TogglePanel(PanelId::Inspector),
                s.show_inspector,
                out,
            );
            toggle_ui(ui, Command::TogglePanel(PanelId::Paths), s.show_paths, out);
            toggle_ui(ui, Command::TogglePanel(PanelId::Stats), s.show_stats, out);
            toggle_ui(ui, Command::ToggleRisk, state.risk.open, out);
            toggle_ui(ui, Command::ToggleRiskTint, state.risk.tint, out);
            toggle_ui(
                ui,
                Command::TogglePanel(PanelId::Legend),
                s.show_legend,
                out,
            );
            toggle_ui(ui, Command::ToggleTheme, s.dark, out);
        });
        ui.menu_button("Paths", |ui| {
            command_button_ui(ui, Command::NextPath, out);
            command_button_ui(ui, Command::PrevPath, out);
            command_button_ui(ui, Command::NextHop, out);
            command_button_ui(ui, Command::PrevHop, out);
            toggle_ui(ui, Command::ToggleHeat, state.heat, out);
            command_button_enabled_ui(ui, Command::ClearReach, state.reach.is_some(), out);
        });
        ui.separator();
        command_button_ui(ui, Command::Present, out);
    });
}

/// Commands whose shortcut was pressed this frame. Shortcuts without a
/// modifier (arrows, Delete, +, −) are left to a focused text field.
pub fn shortcut_commands(ctx: &egui::Context) -> Vec<Command> {
    let typing = ctx
        .memory(|m| m.focused())
        .is_some_and(|id| egui::TextEdit::load_state(ctx, id).is_some());
    let mut out = Vec::new();
    ctx.input_mut(|i| {
        let table = Command::with_shortcuts()
            .into_iter()
            .filter_map(|c| c.meta().shortcut.map(|s| (s, c)))
            .chain(Command::aliases());
        for (shortcut, command) in table {
            let plain = shortcut.modifiers.is_none();
            if plain && typing {
                continue;
            }
            if i.consume_shortcut(&shortcut) {
                out.push(command);
            }
        }
    });
    out
}
