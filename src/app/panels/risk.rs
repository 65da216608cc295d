//! The risk panel: per crown jewel, the chance of compromise (Monte Carlo,
//! "what an attacker gets") beside the best single path ("what a per-link
//! review sees") and their ratio, plus "any crown jewel"; a progress bar and
//! Cancel while a run is going, the last answer greyed until the next one;
//! then the choke points (minimum node and edge cuts) with "cut this".

use petgraph::stable_graph::NodeIndex;

use crate::app::Command;
use crate::app::risk_view::{self, RiskResult};
use crate::app::state::AppState;
use crate::app::theme::Palette;
use crate::model::EdgeId;

/// Draws the panel.
pub fn risk_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette) {
    ui.horizontal(|ui| {
        ui.heading("Risk");
        ui.checkbox(&mut state.risk.tint, "Risk tint")
            .on_hover_text("Tint nodes by the chance an attacker reaches them");
    });
    if let Some((done, total)) = state.risk.progress() {
        ui.horizontal(|ui| {
            let frac = done as f32 / total.max(1) as f32;
            ui.add(
                egui::ProgressBar::new(frac)
                    .desired_width(160.0)
                    .text(format!("{done} / {total} samples")),
            );
            if ui.button("Cancel").clicked() {
                state.risk.cancel();
            }
        });
    }
    if state.risk.tint {
        legend_ui(ui, palette);
    }
    let stale = risk_view::stale(state);
    let Some(result) = &state.risk.result else {
        ui.weak("Sampling…");
        return;
    };
    let mut out = Vec::new();
    ui.scope(|ui| {
        if stale {
            // Greyed, not disabled: the name field and buttons stay usable
            // while the next answer is computed.
            ui.multiply_opacity(0.45);
        }
        table_ui(ui, state, result);
        ui.separator();
        deltas_ui(ui, state, result);
        ui.separator();
        scenarios_ui(ui, state, result, &mut out);
        ui.separator();
        choke_ui(ui, state, result, palette, &mut out);
    });
    state.commands.extend(out);
}

/// Before → after of the current what-ifs (against none).
fn deltas_ui(ui: &mut egui::Ui, state: &AppState, r: &RiskResult) {
    ui.strong("What-if");
    let Some((d, line)) = &r.deltas else {
        ui.weak("No what-ifs: cut an edge (right-click it) to see what it changes.");
        return;
    };
    ui.label(line);
    ui.label(format!(
        "Top paths: {} before, {} removed, {} after",
        d.paths_before, d.paths_removed, d.paths_after
    ));
    egui::Grid::new("deltas")
        .num_columns(3)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Crown jewel");
            ui.strong("Before");
            ui.strong("After");
            ui.end_row();
            for j in &d.jewels {
                let name = state
                    .graph
                    .node_opt(j.jewel)
                    .map_or_else(String::new, |n| n.label.clone());
                ui.label(name);
                ui.monospace(format!("{:.3}", j.before.probability));
                ui.monospace(format!("{:.3}", j.after.probability));
                ui.end_row();
            }
            ui.label("Any crown jewel");
            ui.monospace(format!("{:.3}", d.any_before.probability));
            ui.monospace(format!("{:.3}", d.any_after.probability));
            ui.end_row();
        });
}

/// Save the what-ifs as a named scenario; the saved ones, each with Apply;
/// and their per-jewel risk side by side with the current what-ifs.
fn scenarios_ui(ui: &mut egui::Ui, state: &AppState, r: &RiskResult, out: &mut Vec<Command>) {
    ui.strong("Scenarios");
    let id = ui.id().with("scenario-name");
    let mut name: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    ui.horizontal(|ui| {
        ui.add(
            egui::TextEdit::singleline(&mut name)
                .desired_width(140.0)
                .hint_text("name"),
        );
        let save = Command::SaveScenario(name.clone());
        if ui
            .add_enabled(!name.trim().is_empty(), egui::Button::new("Save what-ifs"))
            .on_hover_text(save.meta().tooltip)
            .clicked()
        {
            out.push(save);
        }
    });
    ui.data_mut(|d| d.insert_temp(id, name));
    let saved = crate::analysis::scenarios(&state.graph).unwrap_or_default();
    for s in &saved {
        ui.horizontal(|ui| {
            if ui.small_button("Apply").clicked() {
                out.push(Command::ApplyScenario(s.name.clone()));
            }
            ui.label(egui::RichText::new(&s.name).strong());
            ui.weak(s.describe(&state.graph));
        });
    }
    if r.scenarios.is_empty() {
        return;
    }
    egui::Grid::new("scenario-compare")
        .num_columns(2 + r.scenarios.len())
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Crown jewel");
            ui.strong("Current");
            for (name, _, _) in &r.scenarios {
                ui.strong(name);
            }
            ui.end_row();
            for (i, j) in r.jewels.iter().enumerate() {
                let label = state
                    .graph
                    .node_opt(j.node)
                    .map_or_else(String::new, |n| n.label.clone());
                ui.label(label);
                ui.monospace(format!("{:.3}", j.risk.probability));
                for (_, per, _) in &r.scenarios {
                    ui.monospace(
                        per.get(i)
                            .map_or("–".into(), |e| format!("{:.3}", e.probability)),
                    );
                }
                ui.end_row();
            }
            ui.label("Any crown jewel");
            ui.monospace(format!("{:.3}", r.any.probability));
            for (_, _, any) in &r.scenarios {
                ui.monospace(format!("{:.3}", any.probability));
            }
            ui.end_row();
        });
}

/// The minimum node and edge cuts, each with a button that applies it.
fn choke_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    r: &RiskResult,
    palette: &Palette,
    out: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.strong("Choke points");
        ui.colored_label(palette.choke(), "!");
    });
    let name = |n: NodeIndex| {
        let n = state.graph.node(n);
        if n.label.is_empty() {
            n.id.clone()
        } else {
            n.label.clone()
        }
    };
    match &r.choke.nodes {
        None => {
            ui.weak("No node cut: an entry is a crown jewel or links straight to one.");
        }
        Some(nodes) if nodes.is_empty() => {
            ui.weak("No crown jewel is reachable.");
        }
        Some(nodes) => {
            ui.label(format!("Fewest nodes to remove: {}", nodes.len()));
            for &n in nodes {
                ui.horizontal(|ui| {
                    ui.label(name(n));
                    if ui
                        .small_button("cut this")
                        .on_hover_text(Command::ToggleCutNode(n).meta().tooltip)
                        .clicked()
                    {
                        out.push(Command::ToggleCutNode(n));
                    }
                    if ui.small_button("show").clicked() {
                        out.push(Command::SelectNodes {
                            nodes: vec![n],
                            additive: false,
                        });
                    }
                });
            }
        }
    }
    match &r.choke.edges {
        None => {
            ui.weak("No edge cut: an entry is a crown jewel.");
        }
        Some(edges) if edges.is_empty() => {}
        Some(edges) => {
            ui.label(format!("Fewest edges to remove: {}", edges.len()));
            for &id in edges {
                let Some(e) = state.graph.edges().find(|e| e.id == id) else {
                    continue;
                };
                ui.horizontal(|ui| {
                    ui.label(format!("{} → {}", name(e.from), name(e.to)));
                    if ui
                        .small_button("cut this")
                        .on_hover_text("What-if: cut this edge (undoable)")
                        .clicked()
                    {
                        out.push(Command::ToggleCut(id));
                    }
                });
            }
        }
    }
}

fn table_ui(ui: &mut egui::Ui, state: &AppState, r: &RiskResult) {
    ui.weak(format!(
        "{} samples, {:.0} ms",
        r.samples,
        r.elapsed.as_secs_f64() * 1000.0
    ));
    egui::Grid::new("risk")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("Crown jewel");
            ui.strong("Attacker gets")
                .on_hover_text("Monte Carlo: the chance some path is open (± standard error)");
            ui.strong("Review sees")
                .on_hover_text("The likelihood of the single most likely path");
            ui.strong("Ratio");
            ui.end_row();
            for j in &r.jewels {
                let n = state.graph.node(j.node);
                ui.label(if n.label.is_empty() { &n.id } else { &n.label });
                ui.monospace(format!("{:.3} ± {:.3}", j.risk.probability, j.risk.stderr));
                ui.monospace(format!("{:.3}", j.best_path));
                ui.monospace(j.ratio().map_or_else(|| "–".into(), |x| format!("×{x:.2}")));
                ui.end_row();
            }
            ui.strong("Any crown jewel");
            ui.monospace(format!("{:.3} ± {:.3}", r.any.probability, r.any.stderr));
            ui.label("");
            ui.label("");
            ui.end_row();
        });
}

/// The tint's colour scale, 0 → 1.
fn legend_ui(ui: &mut egui::Ui, palette: &Palette) {
    ui.horizontal(|ui| {
        ui.small("0");
        let (rect, _) = ui.allocate_exact_size(egui::vec2(140.0, 10.0), egui::Sense::hover());
        let steps = 20;
        for i in 0..steps {
            let p = (i as f64 + 0.5) / steps as f64;
            let w = rect.width() / steps as f32;
            let r = egui::Rect::from_min_size(
                rect.min + egui::vec2(w * i as f32, 0.0),
                egui::vec2(w + 0.5, rect.height()),
            );
            ui.painter().rect_filled(r, 0.0, palette.risk_fill(p));
        }
        ui.small("1  reach probability");
    });
}

/// "Harden…": a factor slider (0.1–0.9) and a button that scales the edge's
/// likelihood by it (what-if, undoable); the edge menu and the inspector use it.
pub fn harden_ui(ui: &mut egui::Ui, state: &AppState, e: EdgeId, out: &mut Vec<Command>) {
    let id = ui.id().with(("harden", e));
    let mut factor: f64 = ui
        .data(|d| d.get_temp(id))
        .or(state.hardening(e))
        .unwrap_or(0.5);
    ui.horizontal(|ui| {
        ui.add(egui::Slider::new(&mut factor, 0.1..=0.9).text("×"));
        let harden = Command::Harden {
            edge: e,
            factor: Some(factor),
        };
        if ui
            .button("Harden…")
            .on_hover_text(harden.meta().tooltip)
            .clicked()
        {
            out.push(harden);
        }
        if state.hardening(e).is_some() {
            let undo = Command::Harden {
                edge: e,
                factor: None,
            };
            if ui
                .small_button("unharden")
                .on_hover_text(undo.meta().tooltip)
                .clicked()
            {
                out.push(undo);
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, factor));
}
