//! The paths panel: sources and targets, k, max hops, edge-kind filter, the
//! list of most likely paths, the heat toggle and the hop caption.

use petgraph::stable_graph::NodeIndex;

use crate::app::actions::query_changed;
use crate::app::command::Command;
use crate::app::jobs::JobKind;
use crate::app::menus::command_button_ui;
use crate::app::state::{AppState, fmt_likelihood};
use crate::app::theme::Palette;

/// Draws the panel.
pub fn paths_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette) {
    let mut out = Vec::new();
    ui.heading("Attack paths");
    egui::CollapsingHeader::new("Question")
        .default_open(true)
        .show(ui, |ui| query_ui(ui, state));
    ui.horizontal(|ui| {
        let mut heat = state.heat;
        let meta = Command::ToggleHeat.meta();
        if ui
            .toggle_value(&mut heat, "🔥 Heat")
            .on_hover_text(meta.tooltip)
            .clicked()
        {
            out.push(Command::ToggleHeat);
        }
        if let Some(since) = state.jobs.running_since(JobKind::Paths) {
            ui.spinner();
            ui.label(format!("{:.1} s", since.elapsed().as_secs_f32()));
            if ui.button("Cancel").clicked() {
                state.jobs.cancel(JobKind::Paths);
            }
        }
    });
    if let Some(caption) = state.hop_caption() {
        ui.label(
            egui::RichText::new(caption)
                .strong()
                .color(palette.path_current_hop),
        );
    } else if state.paths.is_empty() {
        ui.label(
            if state.sources().is_empty() || state.targets().is_empty() {
                "Mark an entry point and a crown jewel (right-click a node) to see paths."
            } else {
                "No path joins the sources to the targets."
            },
        );
    } else if state.selected_path.is_none() {
        ui.weak("Click a path, or press ↓ then → to step through it.");
    }
    if !state.paths.is_empty() {
        ui.weak(format!(
            "{} paths, found in {} ms",
            state.paths.len(),
            state.paths_elapsed.as_millis()
        ));
    }
    crate::app::panels::saved_paths::saved_paths_ui(ui, state, palette);
    ui.separator();
    list_ui(ui, state, palette, &mut out);
    state.commands.extend(out);
}

fn list_ui(ui: &mut egui::Ui, state: &AppState, palette: &Palette, out: &mut Vec<Command>) {
    let stale = state.paths_stale();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if stale {
                ui.visuals_mut().override_text_color = Some(palette.stale_text);
            }
            for (i, p) in state.paths.iter().enumerate() {
                let chain: Vec<&str> = p
                    .nodes
                    .iter()
                    .filter_map(|ix| state.graph.node_opt(*ix).map(|n| n.label.as_str()))
                    .collect();
                let title = format!(
                    "{}. likelihood {} · {} hop{}",
                    i + 1,
                    fmt_likelihood(p.likelihood),
                    p.hops(),
                    if p.hops() == 1 { "" } else { "s" }
                );
                let selected = state.selected_path == Some(i);
                let text = egui::RichText::new(format!("{title}\n{}", chain.join(" → ")));
                let r = ui.selectable_label(selected, text);
                if selected && r.changed() {
                    r.scroll_to_me(None);
                }
                if r.clicked() {
                    // Arrow keys step through paths, not through widgets.
                    r.surrender_focus();
                    out.push(Command::SelectPath((!selected).then_some(i)));
                }
                ui.add_space(2.0);
            }
        });
}

fn query_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let mut changed = false;
    let names: Vec<(NodeIndex, String)> = state
        .graph
        .nodes()
        .map(|(ix, n)| (ix, n.label.clone()))
        .collect();
    ui.label("From");
    changed |= node_set_ui(
        ui,
        "sources",
        &names,
        &mut state.query.sources,
        state.graph.entries(),
    );
    ui.label("To");
    changed |= node_set_ui(
        ui,
        "targets",
        &names,
        &mut state.query.targets,
        state.graph.crown_jewels(),
    );
    egui::Grid::new("path-limits")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Paths (k)");
            changed |= ui
                .add(egui::DragValue::new(&mut state.settings.k).range(1..=1000))
                .changed();
            ui.end_row();
            ui.label("Max hops");
            changed |= ui
                .add(
                    egui::DragValue::new(&mut state.settings.max_hops)
                        .range(0..=64)
                        .custom_formatter(|v, _| {
                            if v == 0.0 {
                                "no limit".into()
                            } else {
                                format!("{v}")
                            }
                        }),
                )
                .on_hover_text("0 means no limit")
                .changed();
            ui.end_row();
        });
    let kinds = state.graph.edge_kinds();
    if !kinds.is_empty() {
        ui.collapsing("Edge kinds", |ui| {
            for k in kinds {
                let mut on = !state.query.hidden_edge_kinds.contains(&k);
                if ui.checkbox(&mut on, &k).changed() {
                    if on {
                        state.query.hidden_edge_kinds.remove(&k);
                    } else {
                        state.query.hidden_edge_kinds.insert(k);
                    }
                    changed = true;
                }
            }
        });
    }
    let mut out = Vec::new();
    let custom = state.query.sources.is_some() || state.query.targets.is_some();
    if custom
        && ui
            .button("Entries → crown jewels")
            .on_hover_text("Back to the default question")
            .clicked()
    {
        state.query.sources = None;
        state.query.targets = None;
        changed = true;
    }
    if state.reach.is_some() {
        command_button_ui(ui, Command::ClearReach, &mut out);
    }
    state.commands.extend(out);
    if changed {
        query_changed(state);
    }
}

/// A removable list of nodes with a combo box to add one. `None` means the
/// default set, shown as such until the user changes it.
fn node_set_ui(
    ui: &mut egui::Ui,
    id: &str,
    names: &[(NodeIndex, String)],
    set: &mut Option<Vec<NodeIndex>>,
    default: Vec<NodeIndex>,
) -> bool {
    let mut changed = false;
    let current = set.clone().unwrap_or(default);
    let mut remove = None;
    ui.horizontal_wrapped(|ui| {
        for ix in &current {
            let label = names
                .iter()
                .find(|(i, _)| i == ix)
                .map_or("?", |(_, l)| l.as_str());
            if ui
                .small_button(format!("{label} ×"))
                .on_hover_text("Remove")
                .clicked()
            {
                remove = Some(*ix);
            }
        }
    });
    if let Some(ix) = remove {
        *set = Some(current.iter().copied().filter(|i| *i != ix).collect());
        changed = true;
    }
    let mut add = None;
    egui::ComboBox::from_id_salt(id)
        .selected_text("Add…")
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for (ix, label) in names {
                if !current.contains(ix) && ui.selectable_label(false, label).clicked() {
                    add = Some(*ix);
                }
            }
        });
    if let Some(ix) = add {
        let mut v = set.clone().unwrap_or_else(|| current.clone());
        v.push(ix);
        *set = Some(v);
        changed = true;
    }
    changed
}
