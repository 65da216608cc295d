//! Applies [`Command`]s to the [`AppState`], after the frame that pushed
//! them was drawn. Model changes go through `Edit` + `History`; file
//! commands are handed to `files`.

use petgraph::stable_graph::NodeIndex;

use super::command::{Command, PanelId};
use super::files;
use super::state::AppState;
use crate::model::{Edge, Edit, Node};

/// Zoom factor of one zoom key press.
const ZOOM_STEP: f32 = 1.25;

/// Applies every queued command, in order.
pub fn apply_queued(state: &mut AppState) {
    let commands = std::mem::take(&mut state.commands);
    for command in commands {
        apply(state, command);
    }
}

/// Applies one command.
pub fn apply(state: &mut AppState, command: Command) {
    match command {
        Command::New
        | Command::Open
        | Command::OpenPath(_)
        | Command::Save
        | Command::SaveAs
        | Command::SaveTo(_)
        | Command::Quit => files::apply(state, command),
        Command::Export => state.export.open = true,
        Command::ExportTo(path) => super::export_dialog::export_to(state, &path),
        Command::Undo => state.undo(),
        Command::Redo => state.redo(),
        Command::Edit(edit) => {
            state.edit(*edit);
        }
        Command::AddNode => add_node(state),
        Command::AddEdgeMode => {
            state.add_edge = Some(state.selection.nodes.first().copied());
            state.info("Add edge: click the source node, then the target (Esc to stop).");
            if state.add_edge.is_some_and(|s| s.is_some()) {
                state.info("Add edge: click the target node (Esc to stop).");
            }
        }
        Command::AddEdge { from, to } => add_edge(state, from, to),
        Command::DeleteSelection => delete_selection(state),
        Command::Relayout => state.relayout(),
        Command::SetLayout(algorithm) => {
            state.settings.layout = algorithm.name().to_owned();
            state.relayout();
        }
        Command::SetFlow(flow) => {
            state.layout_view.flow = flow;
            state.relayout();
        }
        Command::FitView => state.camera.fit_pending = true,
        Command::ZoomIn => zoom_about_centre(state, ZOOM_STEP),
        Command::ZoomOut => zoom_about_centre(state, 1.0 / ZOOM_STEP),
        Command::Find => {
            state.search.open = true;
            state.search.focus_requested = true;
        }
        Command::ShowAll => {
            state.hidden.clear();
            state.hidden_kinds.clear();
            state.hidden_zones.clear();
        }
        Command::TogglePanel(panel) => {
            let s = &mut state.settings;
            let flag = match panel {
                PanelId::Inspector => &mut s.show_inspector,
                PanelId::Paths => &mut s.show_paths,
                PanelId::Stats => &mut s.show_stats,
                PanelId::Legend => &mut s.show_legend,
            };
            *flag = !*flag;
        }
        Command::ToggleTheme => state.settings.dark = !state.settings.dark,
        Command::ToggleRisk => state.risk.open = !state.risk.open,
        Command::ToggleRiskTint => state.risk.tint = !state.risk.tint,
        Command::SelectNodes { nodes, additive } => select_nodes(state, nodes, additive),
        Command::SelectEdge(e) => {
            state.selection.nodes.clear();
            state.selection.edge = Some(e);
        }
        Command::ClearSelection => {
            if state.add_edge.take().is_some() {
                state.banner = None;
            } else if state.search.open {
                state.search.open = false;
            } else if state.selection != Default::default() {
                state.selection = Default::default();
            } else {
                state.selected_path = None;
                state.hop = None;
                state.reach = None;
            }
        }
        Command::FocusNode(ix) => focus_node(state, ix),
        Command::SelectPath(i) => {
            state.selected_path = i.filter(|i| *i < state.paths.len());
            state.hop = None;
        }
        Command::NextPath => step_path(state, true),
        Command::PrevPath => step_path(state, false),
        Command::NextHop => step_hop(state, true),
        Command::PrevHop => step_hop(state, false),
        Command::ToggleHeat => state.heat = !state.heat,
        Command::SetEntry { node, on } => set_flag(state, node, |n| n.entry = on),
        Command::SetCrownJewel { node, on } => set_flag(state, node, |n| n.crown_jewel = on),
        Command::SetPinned { node, on } => set_flag(state, node, |n| n.pinned = on),
        Command::PathsFrom(ix) => {
            state.query.sources = Some(vec![ix]);
            state.query.targets = None;
            query_changed(state);
        }
        Command::PathsTo(ix) => {
            state.query.sources = None;
            state.query.targets = Some(vec![ix]);
            query_changed(state);
        }
        Command::Reach { node, dir } => state.start_reach(node, dir),
        Command::ClearReach => state.reach = None,
        Command::Hide(ix) => {
            state.hidden.insert(ix);
            state.selection.nodes.remove(&ix);
        }
        Command::DeleteEdge(e) => {
            state.edit(Edit::RemoveEdge(e));
        }
        Command::ToggleCut(e) => state.toggle_cut(e),
        Command::ToggleCutNode(n) => state.toggle_cut_node(n),
        Command::SaveScenario(name) => super::risk_view::save_scenario(state, &name),
        Command::ApplyScenario(name) => super::risk_view::apply_scenario(state, &name),
        Command::Harden { edge, factor } => state.harden(edge, factor),
        Command::Present => super::present::toggle(state),
    }
}

/// After the sources, targets, k, hops or kinds changed.
pub fn query_changed(state: &mut AppState) {
    state.selected_path = None;
    state.hop = None;
    state.analysis_changed();
}

fn set_flag(state: &mut AppState, ix: NodeIndex, change: impl FnOnce(&mut Node)) {
    let Some(node) = state.graph.node_opt(ix) else {
        return;
    };
    let mut new = node.clone();
    change(&mut new);
    if new != *node {
        let id = node.id.clone();
        state.edit(Edit::SetNode { id, node: new });
    }
}

fn select_nodes(state: &mut AppState, nodes: Vec<NodeIndex>, additive: bool) {
    if let Some(pending) = state.add_edge {
        if let Some(&clicked) = nodes.first() {
            match pending {
                None => {
                    state.add_edge = Some(Some(clicked));
                    state.info("Add edge: click the target node (Esc to stop).");
                }
                Some(from) => {
                    state.add_edge = None;
                    state.banner = None;
                    add_edge(state, from, clicked);
                }
            }
        }
        return;
    }
    state.selection.edge = None;
    if !additive {
        state.selection.nodes.clear();
    }
    for ix in nodes {
        if additive && !state.selection.nodes.insert(ix) {
            state.selection.nodes.remove(&ix);
        } else {
            state.selection.nodes.insert(ix);
        }
    }
}

/// Adds an edge `from → to` and selects it, so the inspector shows it.
pub fn add_edge(state: &mut AppState, from: NodeIndex, to: NodeIndex) {
    if from == to {
        state.error("An edge needs two different nodes.");
        return;
    }
    let (Some(f), Some(t)) = (state.graph.node_opt(from), state.graph.node_opt(to)) else {
        return;
    };
    let edit = Edit::AddEdge {
        id: None,
        from: f.id.clone(),
        to: t.id.clone(),
        edge: Edge {
            likelihood: 0.5,
            ..Edge::default()
        },
    };
    if state.edit(edit) {
        let new = state
            .graph
            .edges_of(from, petgraph::Direction::Outgoing)
            .filter(|e| e.to == to)
            .map(|e| e.id)
            .max();
        state.selection.nodes.clear();
        state.selection.edge = new;
    }
}

fn add_node(state: &mut AppState) {
    let id = (1..)
        .map(|i| format!("node-{i}"))
        .find(|id| state.graph.find(id).is_none())
        .unwrap_or_default();
    let cam = state.camera;
    let centre = (state.canvas_rect.center() - state.canvas_rect.min - cam.offset) / cam.zoom;
    let mut node = Node::new(id.clone());
    node.label = "New node".to_owned();
    node.pos = Some([f64::from(centre.x), f64::from(centre.y)]);
    if state.edit(Edit::AddNode(node))
        && let Some(ix) = state.graph.find(&id)
    {
        state.selection.nodes = [ix].into();
        state.selection.edge = None;
    }
}

fn delete_selection(state: &mut AppState) {
    if let Some(e) = state.selection.edge {
        state.edit(Edit::RemoveEdge(e));
        return;
    }
    let removals: Vec<Edit> = state
        .selection
        .nodes
        .iter()
        .filter_map(|ix| state.graph.node_opt(*ix))
        .map(|n| Edit::RemoveNode(n.id.clone()))
        .collect();
    let edit = if removals.len() == 1 {
        removals.into_iter().next()
    } else {
        (!removals.is_empty()).then_some(Edit::Batch(removals))
    };
    if let Some(edit) = edit {
        state.edit(edit);
    }
}

fn zoom_about_centre(state: &mut AppState, factor: f32) {
    let anchor = state.canvas_rect.center() - state.canvas_rect.min;
    zoom_about(&mut state.camera, anchor, factor);
}

/// Zooms by `factor` keeping the graph point under `anchor` (canvas-local
/// screen offset) in place.
pub fn zoom_about(camera: &mut super::state::Camera, anchor: egui::Vec2, factor: f32) {
    let new_zoom = (camera.zoom * factor).clamp(0.01, 8.0);
    let graph_pt = (anchor - camera.offset) / camera.zoom;
    camera.offset = anchor - graph_pt * new_zoom;
    camera.zoom = new_zoom;
}

fn focus_node(state: &mut AppState, ix: NodeIndex) {
    let Some(pos) = state.graph.node_opt(ix).and_then(|n| n.pos) else {
        return;
    };
    state.hidden.remove(&ix);
    let p = egui::vec2(pos[0] as f32, pos[1] as f32);
    let centre = state.canvas_rect.center() - state.canvas_rect.min;
    state.camera.zoom = state.camera.zoom.max(0.8);
    state.camera.offset = centre - p * state.camera.zoom;
    state.camera.fit_pending = false;
    state.selection.nodes = [ix].into();
    state.selection.edge = None;
}

fn step_path(state: &mut AppState, forward: bool) {
    let n = state.paths.len();
    if n == 0 {
        return;
    }
    state.selected_path = Some(match (state.selected_path, forward) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(n - 1),
        (Some(i), false) => i.saturating_sub(1),
    });
    state.hop = None;
}

fn step_hop(state: &mut AppState, forward: bool) {
    if state.current_path().is_none() {
        if !forward {
            return;
        }
        step_path(state, true);
    }
    let Some(hops) = state.current_path().map(|p| p.hops()) else {
        return;
    };
    state.hop = match (state.hop, forward) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(h), true) => Some((h + 1).min(hops.saturating_sub(1))),
        (Some(0), false) => None,
        (Some(h), false) => Some(h - 1),
    };
}
