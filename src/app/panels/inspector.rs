//! The inspector: edits the selected node or edge. Edits are made on a
//! draft and committed as one undo step when a field loses focus (text), is
//! clicked (checkbox) or is released (slider), so typing a label is one
//! step, not one per key.

use petgraph::stable_graph::NodeIndex;

use crate::app::command::Command;
use crate::app::menus::command_button_ui;
use crate::app::state::AppState;
use crate::app::theme::Palette;
use crate::model::{Edge, EdgeId, Edit, Node};

/// The draft being edited, kept between frames.
#[derive(Clone, Debug, Default)]
pub struct Draft {
    node: Option<Taken<NodeIndex, Node>>,
    edge: Option<Taken<EdgeId, Edge>>,
    tags: String,
    id_error: Option<String>,
    /// A field has focus or is being dragged: keep the draft as typed.
    editing: bool,
}

/// What is being edited: the model as it was when editing began, and the
/// fields as typed. A commit applies only the fields the user changed to the
/// model as it is then, so a layout, a menu command or an undo landing
/// meanwhile is not overwritten with what the draft remembers.
#[derive(Clone, Debug)]
struct Taken<K, T> {
    key: K,
    base: T,
    draft: T,
}

impl<K, T: Clone> Taken<K, T> {
    fn new(key: K, model: &T) -> Self {
        Taken {
            key,
            base: model.clone(),
            draft: model.clone(),
        }
    }
}

/// `model` with the fields named changed from `base` to `draft`.
macro_rules! merged {
    ($model:expr, $base:expr, $draft:expr, $($field:ident),+) => {{
        let mut out = $model.clone();
        $(if $draft.$field != $base.$field {
            out.$field = $draft.$field.clone();
        })+
        out
    }};
}

/// Draws the panel.
pub fn inspector_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette) {
    let mut out = Vec::new();
    ui.heading("Inspector");
    ui.horizontal_wrapped(|ui| {
        command_button_ui(ui, Command::AddNode, &mut out);
        command_button_ui(ui, Command::AddEdgeMode, &mut out);
    });
    ui.separator();
    let sel = &state.selection;
    if let Some(e) = sel.edge {
        edge_ui(ui, state, e, &mut out);
    } else if sel.nodes.len() == 1 {
        let ix = *sel.nodes.first().unwrap_or(&NodeIndex::end());
        node_ui(ui, state, ix, palette, &mut out);
    } else if sel.nodes.len() > 1 {
        ui.label(format!("{} nodes selected", sel.nodes.len()));
        command_button_ui(ui, Command::DeleteSelection, &mut out);
    } else {
        ui.weak("Click a node or an edge to edit it. Shift+click or Shift+drag selects several.");
    }
    state.commands.extend(out);
}

fn node_ui(
    ui: &mut egui::Ui,
    state: &mut AppState,
    ix: NodeIndex,
    palette: &Palette,
    out: &mut Vec<Command>,
) {
    let Some(model) = state.graph.node_opt(ix).cloned() else {
        return;
    };
    let d = &mut state.inspector;
    if !d.editing || d.node.as_ref().is_none_or(|t| t.key != ix) {
        d.tags = model.tags.join(", ");
        d.node = Some(Taken::new(ix, &model));
        d.edge = None;
    }
    let Some(Taken { base, draft, .. }) = d.node.as_mut() else {
        return;
    };
    let mut commit = false;
    let mut editing = false;
    egui::Grid::new("node-fields")
        .num_columns(2)
        .show(ui, |ui| {
            let mut text = |ui: &mut egui::Ui, label: &str, value: &mut String, multiline: bool| {
                ui.label(label);
                let w = if multiline {
                    egui::TextEdit::multiline(value).desired_rows(3)
                } else {
                    egui::TextEdit::singleline(value)
                };
                let r = ui.add(w.desired_width(f32::INFINITY));
                editing |= r.has_focus();
                commit |= r.lost_focus();
                ui.end_row();
            };
            text(ui, "Id", &mut draft.id, false);
            text(ui, "Label", &mut draft.label, false);
            text(ui, "Kind", &mut draft.kind, false);
            text(ui, "Zone", &mut draft.zone, false);
            text(ui, "Tags", &mut d.tags, false);
            text(ui, "Notes", &mut draft.notes, true);
            ui.label("Role");
            ui.horizontal(|ui| {
                commit |= ui.checkbox(&mut draft.entry, "Entry point").changed();
                commit |= ui.checkbox(&mut draft.crown_jewel, "Crown jewel").changed();
            });
            ui.end_row();
            ui.label("");
            commit |= ui
                .checkbox(&mut draft.pinned, "Pinned")
                .on_hover_text("Keep this position when laying out again")
                .changed();
            ui.end_row();
        });
    d.editing = editing;
    if let Some(err) = &d.id_error {
        ui.colored_label(palette.error_text, err);
    }
    if commit {
        let mut typed = draft.clone();
        // Tags are edited as one text: parse it only when it changed, so
        // tags that hold a comma or spaces survive other fields' commits.
        typed.tags = if d.tags == base.tags.join(", ") {
            base.tags.clone()
        } else {
            d.tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect()
        };
        // Likewise the id is trimmed only when it was typed.
        typed.id = if typed.id.trim() == base.id.trim() {
            base.id.clone()
        } else {
            typed.id.trim().to_owned()
        };
        let mut node = merged!(
            model,
            base,
            typed,
            id,
            label,
            kind,
            zone,
            tags,
            notes,
            entry,
            crown_jewel,
            pinned
        );
        d.id_error = None;
        if node.id.is_empty() {
            d.id_error = Some("The id must not be empty.".into());
            node.id = model.id.clone();
        } else if node.id != model.id && state.graph.find(&node.id).is_some() {
            d.id_error = Some(format!("Another node already has the id \"{}\".", node.id));
            node.id = model.id.clone();
        }
        if node != model {
            out.push(Command::Edit(Box::new(Edit::SetNode {
                id: model.id.clone(),
                node,
            })));
        }
        state.inspector.editing = false;
    }
    ui.separator();
    command_button_ui(ui, Command::DeleteSelection, out);
}

fn edge_ui(ui: &mut egui::Ui, state: &mut AppState, e: EdgeId, out: &mut Vec<Command>) {
    let Some(view) = state.graph.edge(e) else {
        return;
    };
    let model = view.edge.clone();
    let (from, to) = (
        state.graph.node(view.from).label.clone(),
        state.graph.node(view.to).label.clone(),
    );
    ui.label(egui::RichText::new(format!("{from} → {to}")).strong());
    let d = &mut state.inspector;
    if !d.editing || d.edge.as_ref().is_none_or(|t| t.key != e) {
        d.edge = Some(Taken::new(e, &model));
        d.node = None;
    }
    let Some(Taken { base, draft, .. }) = d.edge.as_mut() else {
        return;
    };
    let mut commit = false;
    let mut editing = false;
    egui::Grid::new("edge-fields")
        .num_columns(2)
        .show(ui, |ui| {
            for (label, value) in [("Kind", &mut draft.kind), ("Label", &mut draft.label)] {
                ui.label(label);
                let r = ui.add(egui::TextEdit::singleline(value).desired_width(f32::INFINITY));
                editing |= r.has_focus();
                commit |= r.lost_focus();
                ui.end_row();
            }
            ui.label("Likelihood");
            let r = ui.add(egui::Slider::new(&mut draft.likelihood, 0.01..=1.0).fixed_decimals(2));
            editing |= r.dragged() || r.has_focus();
            commit |= r.drag_stopped() || (r.changed() && !r.dragged()) || r.lost_focus();
            ui.end_row();
            ui.label("");
            commit |= ui
                .checkbox(&mut draft.bidirectional, "Both ways")
                .on_hover_text("The trust runs in both directions")
                .changed();
            ui.end_row();
            ui.label("Notes");
            let r = ui.add(
                egui::TextEdit::multiline(&mut draft.notes)
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            );
            editing |= r.has_focus();
            commit |= r.lost_focus();
            ui.end_row();
        });
    d.editing = editing && !commit;
    if commit {
        let edge = merged!(
            model,
            base,
            draft,
            kind,
            label,
            likelihood,
            bidirectional,
            notes
        );
        if edge != model {
            out.push(Command::Edit(Box::new(Edit::SetEdge { id: e, edge })));
        }
    }
    ui.separator();
    let cut = state.cuts.contains(&e);
    ui.horizontal(|ui| {
        let mut c = cut;
        if ui
            .toggle_value(&mut c, "✂ Cut (what-if)")
            .on_hover_text(Command::ToggleCut(e).meta().tooltip)
            .clicked()
        {
            out.push(Command::ToggleCut(e));
        }
        command_button_ui(ui, Command::DeleteEdge(e), out);
    });
    super::risk::harden_ui(ui, state, e, out);
}
