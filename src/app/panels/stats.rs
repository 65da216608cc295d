//! The stats panel: the arithmetic of the whole (pairs, directed
//! interactions, combinations) beside what the model holds (modelled edges,
//! connected entry→jewel pairs, loop-free paths): why looking at the parts
//! one at a time misses the paths.

use crate::analysis::{COUNT_MAX_HOPS, thousands};
use crate::app::jobs::JobKind;
use crate::app::state::AppState;

/// Draws the panel.
pub fn stats_ui(ui: &mut egui::Ui, state: &mut AppState) {
    ui.horizontal(|ui| {
        ui.heading("Whole vs parts");
        if state.jobs.running_since(JobKind::Stats).is_some() {
            ui.spinner();
            if ui.button("Cancel").clicked() {
                state.jobs.cancel(JobKind::Stats);
            }
        }
    });
    let Some(s) = &state.stats else {
        ui.weak("Counting…");
        return;
    };
    let paths = if s.paths.exact {
        thousands(u128::from(s.paths.count))
    } else {
        format!("over {}", thousands(u128::from(s.paths.count)))
    };
    let combos = s
        .combinations
        .exact()
        .map_or_else(|| s.combinations.scientific(), thousands);
    egui::Grid::new("stats")
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            ui.strong("The whole");
            ui.label("");
            ui.strong("What the model holds");
            ui.label("");
            ui.end_row();
            row(
                ui,
                "Nodes",
                &thousands(s.nodes as u128),
                "Modelled edges",
                &thousands(s.edges as u128),
            );
            row(
                ui,
                "Pairs n(n−1)/2",
                &thousands(s.undirected_pairs),
                "Directed trusts",
                &thousands(s.modelled_interactions as u128),
            );
            row(
                ui,
                "Directed interactions",
                &thousands(s.directed_interactions),
                "Connected entry→jewel pairs",
                &thousands(s.connected_pairs as u128),
            );
            row(
                ui,
                "Combinations 2^n − 1",
                &combos,
                &format!("Loop-free paths (≤ {COUNT_MAX_HOPS} hops)"),
                &paths,
            );
            row(
                ui,
                "Entry points",
                &s.entries.to_string(),
                "Reachable crown jewels",
                &format!("{} of {}", s.reachable_jewels, s.crown_jewels),
            );
        });
}

fn row(ui: &mut egui::Ui, a: &str, av: &str, b: &str, bv: &str) {
    ui.label(a);
    ui.monospace(av);
    ui.label(b);
    ui.monospace(bv);
    ui.end_row();
}
