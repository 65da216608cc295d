//! Search (Ctrl+F) over id, label, tags and notes, jumping to matches; and
//! the view filter by kind and zone.

use petgraph::stable_graph::NodeIndex;

use crate::app::command::Command;
use crate::app::state::AppState;
use crate::model::TrustGraph;

/// Nodes whose id, label, tags or notes contain `text` (case-insensitive),
/// in graph order.
pub fn find(g: &TrustGraph, text: &str) -> Vec<NodeIndex> {
    let needle = text.trim().to_lowercase();
    if needle.is_empty() {
        return Vec::new();
    }
    g.nodes()
        .filter(|(_, n)| {
            [&n.id, &n.label, &n.notes]
                .into_iter()
                .chain(&n.tags)
                .any(|s| s.to_lowercase().contains(&needle))
        })
        .map(|(ix, _)| ix)
        .collect()
}

/// The search bar above the canvas.
pub fn search_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let mut out = Vec::new();
    ui.horizontal(|ui| {
        ui.label("🔍");
        let r = ui.add(
            egui::TextEdit::singleline(&mut state.search.text)
                .hint_text("Find id, label, tag or note")
                .desired_width(240.0),
        );
        if state.search.focus_requested {
            r.request_focus();
            state.search.focus_requested = false;
        }
        if r.changed() {
            state.search.matches = find(&state.graph, &state.search.text);
            state.search.cursor = 0;
            if let Some(&first) = state.search.matches.first() {
                out.push(Command::FocusNode(first));
            }
        }
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let n = state.search.matches.len();
        if (enter || ui.add_enabled(n > 1, egui::Button::new("Next")).clicked()) && n > 0 {
            state.search.cursor = (state.search.cursor + 1) % n;
            out.push(Command::FocusNode(
                state.search.matches[state.search.cursor],
            ));
            if enter {
                r.request_focus();
            }
        }
        if !state.search.text.is_empty() {
            ui.label(match n {
                0 => "no match".to_owned(),
                1 => "1 match".to_owned(),
                _ => format!("{} of {n}", state.search.cursor + 1),
            });
        }
        ui.separator();
        filter_menu_ui(
            ui,
            "Kinds",
            state.graph.distinct(|n| n.kind.as_str()),
            &mut state.hidden_kinds,
        );
        filter_menu_ui(
            ui,
            "Zones",
            state.graph.distinct(|n| n.zone.as_str()),
            &mut state.hidden_zones,
        );
        if ui.button("Close").clicked() {
            state.search.open = false;
            state.search.matches.clear();
        }
    });
    state.commands.extend(out);
}

/// A menu of checkboxes: which kinds (or zones) the canvas shows.
fn filter_menu_ui(
    ui: &mut egui::Ui,
    title: &str,
    values: Vec<String>,
    hidden: &mut std::collections::BTreeSet<String>,
) {
    let label = if hidden.is_empty() {
        format!("{title}: all")
    } else {
        format!("{title}: {} hidden", hidden.len())
    };
    ui.menu_button(label, |ui| {
        for v in values {
            let mut shown = !hidden.contains(&v);
            if ui.checkbox(&mut shown, &v).changed() {
                if shown {
                    hidden.remove(&v);
                } else {
                    hidden.insert(v);
                }
            }
        }
    });
}
