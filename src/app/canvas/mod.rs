//! The graph canvas: pan, zoom, fit, select (click, Shift+click, Shift+drag
//! box), drag nodes (one undo step per drag), Ctrl+drag between nodes to add
//! an edge, hover tooltips and the node/edge context menus.
//!
//! Drawn with egui's `Painter` rather than egui_graphs' `GraphView`, because
//! with egui_graphs 0.32:
//! - `GraphViewFrame::show` ends with an unconditional `request_repaint()`
//!   (graph_view.rs:322), so an idle window redraws forever (a whole core
//!   here) and there is no setting to stop it;
//! - it draws every node and edge each frame with no viewport culling and no
//!   level of detail (~38 ms/frame at 5k nodes measured here; the issue asks
//!   ≤ 16 ms at 10k);
//! - it has no edge context menu and no box selection, and keeps its own
//!   copy of the graph that would have to be synced from the model on every
//!   edit.
//!
//! Here the model's positions are the only positions (nothing to overwrite
//! on the first frame), hit-testing is our own (nodes first, then edges
//! within a few pixels), and drawing culls to the viewport and drops labels
//! and arrowheads at low zoom (see `draw`).

pub mod callouts;
mod draw;

pub use draw::{arrow_head, badge, edge_points, paint_graph, shorten};

use egui::{Pos2, Rect, Sense, Vec2};
use petgraph::stable_graph::NodeIndex;

use super::actions::zoom_about;
use super::command::{Command, ReachDir};
use super::state::{AppState, Fit};
use super::theme::{Palette, size};
use crate::model::{EdgeId, Edit};

/// A gesture in progress on the canvas.
#[derive(Clone, Debug, Default)]
pub enum Gesture {
    #[default]
    None,
    Pan,
    /// Moving nodes by `delta` (graph units); applied as one edit on release.
    MoveNodes {
        nodes: Vec<NodeIndex>,
        delta: Vec2,
    },
    /// Box selection between two screen points: where it started and
    /// where the pointer was last seen (the release may come without one).
    Select {
        from: Pos2,
        to: Pos2,
    },
    /// Drawing a new edge from this node.
    NewEdge {
        from: NodeIndex,
    },
}

/// What is under the pointer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Hit {
    Node(NodeIndex),
    Edge(EdgeId),
}

/// Canvas state that lives between frames but is not part of the model.
#[derive(Clone, Debug, Default)]
pub struct CanvasMemory {
    pub gesture: Gesture,
    /// What the open context menu is about (set on the right click).
    pub context: Option<Hit>,
}

/// Graph ↔ screen transform of one frame.
#[derive(Clone, Copy, Debug)]
pub struct Transform {
    pub origin: Pos2,
    pub zoom: f32,
}

impl Transform {
    /// The transform of the shared camera, as the last frame laid it out.
    pub fn of_camera(state: &AppState) -> Self {
        Transform {
            origin: state.canvas_rect.min + state.camera.offset,
            zoom: state.camera.zoom,
        }
    }

    pub fn screen_from_graph(&self, p: [f64; 2]) -> Pos2 {
        self.origin + Vec2::new(p[0] as f32, p[1] as f32) * self.zoom
    }

    pub fn graph_from_screen(&self, p: Pos2) -> Vec2 {
        (p - self.origin) / self.zoom
    }

    /// Half the size of a node box on screen: to scale, but never smaller
    /// than a readable one-line label, except in the far-out overview, and
    /// never grown past the room the layouts leave between neighbours
    /// (`size::ROOM_*`): a fitted layered drawing of many layers would
    /// otherwise draw boxes over each other.
    pub fn node_half(&self) -> Vec2 {
        let scaled = Vec2::new(size::NODE_W, size::NODE_H) * self.zoom;
        if self.zoom < size::DETAIL_ZOOM {
            return scaled * 0.5;
        }
        let floor = Vec2::new(
            size::MIN_NODE_W_PX.min(size::ROOM_W * self.zoom),
            size::MIN_NODE_H_PX.min(size::ROOM_H * self.zoom),
        );
        scaled.max(floor) * 0.5
    }
}

/// Draws the canvas into the rest of `ui` and handles its input.
pub fn canvas_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette) {
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
    let rect = response.rect;
    let window = ui.ctx().content_rect().size();
    let as_fitted = state.camera.as_fitted();
    // A panel opening or closing moves the canvas: keep the graph still on screen.
    state.camera.offset += state.canvas_rect.min - rect.min;
    state.canvas_rect = rect;
    if as_fitted {
        state.camera.keep_fitted(window);
    }
    if state.camera.fit_pending {
        fit(state, rect, window);
    }
    zoom_input(ui, &response, state);
    if state.layout_view.tick(ui.input(|i| i.time)) {
        ui.ctx().request_repaint();
    }
    let tf = Transform::of_camera(state);
    let pointer = response.hover_pos();
    let hovered = pointer.and_then(|p| hit_test(state, &tf, p));
    gesture_input(ui, &response, state, &tf);
    click_input(ui, &response, state, &tf);

    paint_graph(&painter, state, palette, &tf, hovered);
    paint_gesture(&painter, state, palette, &tf, pointer);

    callouts::callouts_ui(ui, state, palette, &tf);
    if response.secondary_clicked()
        && let Some(p) = response.interact_pointer_pos()
    {
        state.annotation_view.menu_at = callouts::graph_pos(&tf, p);
    }
    context_menu(&response, state);
    if let (Some(Hit::Node(ix)), Gesture::None) = (hovered, &state.canvas.gesture)
        && !response.context_menu_opened()
    {
        response.on_hover_ui_at_pointer(|ui| node_tooltip_ui(ui, state, ix));
    }
}

/// Nodes are tested before edges, topmost (last drawn) first.
pub fn hit_test(state: &AppState, tf: &Transform, p: Pos2) -> Option<Hit> {
    let half = tf.node_half();
    let node = state
        .graph
        .nodes()
        .filter(|(ix, _)| state.is_visible(*ix))
        .filter_map(|(ix, n)| {
            let c = node_screen_pos(state, tf, ix, n.pos?);
            Rect::from_center_size(c, half * 2.0)
                .contains(p)
                .then_some(ix)
        })
        .last();
    if let Some(ix) = node {
        return Some(Hit::Node(ix));
    }
    let mut best: Option<(f32, EdgeId)> = None;
    for e in state.graph.edges() {
        if !(state.is_visible(e.from) && state.is_visible(e.to)) {
            continue;
        }
        let pts = draw::edge_points(state, tf, &e);
        for w in pts.windows(2) {
            let d = distance_to_segment(p, w[0], w[1]);
            if d <= size::EDGE_PICK_PX && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, e.id));
            }
        }
    }
    best.map(|(_, id)| Hit::Edge(id))
}

/// A node's screen centre, following an ongoing drag.
pub fn node_screen_pos(state: &AppState, tf: &Transform, ix: NodeIndex, pos: [f64; 2]) -> Pos2 {
    let p = tf.screen_from_graph(state.layout_view.drawn_pos(ix, pos));
    match &state.canvas.gesture {
        Gesture::MoveNodes { nodes, delta } if nodes.contains(&ix) => p + *delta * tf.zoom,
        _ => p,
    }
}

fn distance_to_segment(p: Pos2, a: Pos2, b: Pos2) -> f32 {
    let ab = b - a;
    let t = ((p - a).dot(ab) / ab.length_sq().max(f32::EPSILON)).clamp(0.0, 1.0);
    (a + ab * t).distance(p)
}

/// Sets zoom and pan so every visible node and bend point fits, never above
/// zoom 1.2 (a tiny graph should not be blown up). Node boxes have a minimum
/// screen size (`Transform::node_half`), so the margin is found in two
/// passes. Remembers the fit and the `window` size it was made for.
fn fit(state: &mut AppState, rect: Rect, window: Vec2) {
    let mut bounds = Rect::NOTHING;
    let mut extend = |p: [f64; 2]| bounds.extend_with(Pos2::new(p[0] as f32, p[1] as f32));
    for (ix, n) in state.graph.nodes() {
        if let (true, Some(p)) = (state.is_visible(ix), n.pos) {
            extend(p);
        }
    }
    // Bend points too: edges between two entries bulge out before the
    // first layer, and would be cut off at the canvas edge.
    for e in state.graph.edges() {
        if state.is_visible(e.from) && state.is_visible(e.to) {
            e.edge.bends.iter().copied().for_each(&mut extend);
        }
    }
    if bounds.min.x > bounds.max.x {
        return; // nothing positioned yet (layout still running)
    }
    state.camera.fit_pending = false;
    let margin = Vec2::splat(16.0);
    let zoom_for = |half: Vec2| {
        let room = rect.size() - (half + margin) * 2.0;
        (room.x / bounds.width().max(1.0))
            .min(room.y / bounds.height().max(1.0))
            .clamp(0.01, 1.2)
    };
    let world_half = Vec2::new(size::NODE_W, size::NODE_H) * 0.5;
    let mut zoom = (rect.width() / (bounds.width() + 2.0 * world_half.x))
        .min(rect.height() / (bounds.height() + 2.0 * world_half.y))
        .clamp(0.01, 1.2);
    for _ in 0..2 {
        let half = Transform {
            origin: Pos2::ZERO,
            zoom,
        }
        .node_half();
        zoom = zoom_for(half);
    }
    state.camera.zoom = zoom;
    state.camera.offset = rect.size() * 0.5 - bounds.center().to_vec2() * zoom;
    state.camera.last_fit = Some(Fit {
        window,
        zoom,
        offset: state.camera.offset,
    });
}

fn zoom_input(ui: &egui::Ui, response: &egui::Response, state: &mut AppState) {
    let Some(pointer) = response.hover_pos() else {
        return;
    };
    let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta().y, i.zoom_delta()));
    let factor = (scroll / 300.0).exp() * pinch;
    if (factor - 1.0).abs() > 1e-4 {
        zoom_about(&mut state.camera, pointer - response.rect.min, factor);
    }
}

fn gesture_input(ui: &egui::Ui, response: &egui::Response, state: &mut AppState, tf: &Transform) {
    let modifiers = ui.input(|i| i.modifiers);
    if response.drag_started_by(egui::PointerButton::Primary) {
        let origin = ui.input(|i| i.pointer.press_origin()).unwrap_or_default();
        state.canvas.gesture = match hit_test(state, tf, origin) {
            Some(Hit::Node(ix)) if modifiers.command => Gesture::NewEdge { from: ix },
            Some(Hit::Node(ix)) => {
                let nodes = if state.selection.nodes.contains(&ix) {
                    state.selection.nodes.iter().copied().collect()
                } else {
                    vec![ix]
                };
                Gesture::MoveNodes {
                    nodes,
                    delta: Vec2::ZERO,
                }
            }
            // (Not while adding an edge, which takes the next node clicked.)
            _ if modifiers.shift && state.add_edge.is_none() => Gesture::Select {
                from: origin,
                to: origin,
            },
            _ => Gesture::Pan,
        };
    } else if response.drag_started() {
        state.canvas.gesture = Gesture::Pan; // middle or right drag pans
    }
    if response.dragged() {
        let d = response.drag_delta();
        match &mut state.canvas.gesture {
            Gesture::Pan => state.camera.offset += d,
            Gesture::MoveNodes { delta, .. } => *delta += d / tf.zoom,
            Gesture::Select { to, .. } => {
                if let Some(p) = response.interact_pointer_pos() {
                    *to = p;
                }
            }
            _ => {}
        }
    }
    if response.drag_stopped() {
        let gesture = std::mem::take(&mut state.canvas.gesture);
        let pointer = response.interact_pointer_pos().or(response.hover_pos());
        match gesture {
            Gesture::MoveNodes { nodes, delta } if delta != Vec2::ZERO => {
                let moves = nodes
                    .iter()
                    .filter_map(|ix| {
                        let n = state.graph.node_opt(*ix)?;
                        let p = n.pos?;
                        let to = [p[0] + f64::from(delta.x), p[1] + f64::from(delta.y)];
                        Some((n.id.clone(), Some(to)))
                    })
                    .collect();
                // The edit also clears the bends at the moved nodes.
                state.push(Command::Edit(Box::new(Edit::SetPositions(moves))));
            }
            Gesture::Select { from, to } => {
                let area = Rect::from_two_pos(from, to);
                let nodes = state
                    .graph
                    .nodes()
                    .filter(|(ix, _)| state.is_visible(*ix))
                    .filter(|(ix, _)| !state.selection.nodes.contains(ix))
                    .filter(|(_, n)| {
                        n.pos
                            .is_some_and(|p| area.contains(tf.screen_from_graph(p)))
                    })
                    .map(|(ix, _)| ix)
                    .collect();
                // Shift, which starts the box, adds to the selection as it
                // does for a click; selected nodes in the box stay selected
                // (an additive click would toggle them off).
                state.push(Command::SelectNodes {
                    nodes,
                    additive: true,
                });
            }
            Gesture::NewEdge { from } => {
                if let Some(Hit::Node(to)) = pointer.and_then(|p| hit_test(state, tf, p)) {
                    state.push(Command::AddEdge { from, to });
                }
            }
            _ => {}
        }
    }
}

fn click_input(ui: &egui::Ui, response: &egui::Response, state: &mut AppState, tf: &Transform) {
    let at = response.interact_pointer_pos();
    if response.clicked() {
        let additive = ui.input(|i| i.modifiers.shift);
        let command = match at.and_then(|p| hit_test(state, tf, p)) {
            Some(Hit::Node(ix)) => Command::SelectNodes {
                nodes: vec![ix],
                additive,
            },
            Some(Hit::Edge(e)) => Command::SelectEdge(e),
            None if state.add_edge.is_some() => return,
            None => Command::SelectNodes {
                nodes: Vec::new(),
                additive,
            },
        };
        state.push(command);
    }
    if response.secondary_clicked() {
        state.canvas.context = at.and_then(|p| hit_test(state, tf, p));
    }
}

fn paint_gesture(
    painter: &egui::Painter,
    state: &AppState,
    palette: &Palette,
    tf: &Transform,
    pointer: Option<Pos2>,
) {
    match (&state.canvas.gesture, pointer) {
        (Gesture::Select { from, to }, _) => {
            let r = Rect::from_two_pos(*from, *to);
            painter.rect_filled(r, 0.0, palette.rubber_band);
            painter.rect_stroke(
                r,
                0.0,
                egui::Stroke::new(1.0, palette.selection),
                egui::StrokeKind::Inside,
            );
        }
        (Gesture::NewEdge { from }, Some(to)) => {
            if let Some(p) = state.graph.node_opt(*from).and_then(|n| n.pos) {
                painter.arrow(
                    tf.screen_from_graph(p),
                    to - tf.screen_from_graph(p),
                    egui::Stroke::new(2.0, palette.selection),
                );
            }
        }
        _ => {}
    }
}

fn context_menu(response: &egui::Response, state: &mut AppState) {
    let context = state.canvas.context;
    let mut out = Vec::new();
    response.context_menu(|ui| match context {
        Some(Hit::Node(ix)) => node_menu_ui(ui, state, ix, &mut out),
        Some(Hit::Edge(e)) => edge_menu_ui(ui, state, e, &mut out),
        None => {
            for c in [
                Command::AddNode,
                Command::FitView,
                Command::ShowAll,
                Command::ClearReach,
            ] {
                super::menus::command_button_ui(ui, c, &mut out);
            }
            if ui.button("Add callout here").clicked() {
                let at = state.annotation_view.menu_at;
                callouts::start_callout(state, at);
            }
        }
    });
    state.commands.extend(out);
}

fn node_menu_ui(ui: &mut egui::Ui, state: &AppState, ix: NodeIndex, out: &mut Vec<Command>) {
    let Some(n) = state.graph.node_opt(ix) else {
        return;
    };
    ui.label(egui::RichText::new(&n.label).strong());
    ui.separator();
    let commands = [
        Command::SetEntry {
            node: ix,
            on: !n.entry,
        },
        Command::SetCrownJewel {
            node: ix,
            on: !n.crown_jewel,
        },
        Command::PathsFrom(ix),
        Command::PathsTo(ix),
        Command::Reach {
            node: ix,
            dir: ReachDir::Forward,
        },
        Command::Reach {
            node: ix,
            dir: ReachDir::Backward,
        },
        Command::ToggleCutNode(ix),
        Command::Hide(ix),
        Command::SetPinned {
            node: ix,
            on: !n.pinned,
        },
    ];
    for (i, c) in commands.into_iter().enumerate() {
        if i == 2 || i == 6 {
            ui.separator();
        }
        super::menus::command_button_ui(ui, c, out);
    }
}

fn edge_menu_ui(ui: &mut egui::Ui, state: &AppState, e: EdgeId, out: &mut Vec<Command>) {
    let Some(edge) = state.graph.edge(e) else {
        return;
    };
    let title = format!(
        "{} → {}",
        state.graph.node(edge.from).label,
        state.graph.node(edge.to).label
    );
    ui.label(egui::RichText::new(title).strong());
    ui.separator();
    super::menus::command_button_ui(ui, Command::SelectEdge(e), out);
    super::menus::command_button_ui(ui, Command::ToggleCut(e), out);
    crate::app::panels::risk::harden_ui(ui, state, e, out);
    super::menus::command_button_ui(ui, Command::DeleteEdge(e), out);
}

fn node_tooltip_ui(ui: &mut egui::Ui, state: &AppState, ix: NodeIndex) {
    let Some(n) = state.graph.node_opt(ix) else {
        return;
    };
    ui.label(egui::RichText::new(&n.label).strong());
    let mut facts = vec![format!("id: {}", n.id)];
    if !n.kind.is_empty() {
        facts.push(format!("kind: {}", n.kind));
    }
    if !n.zone.is_empty() {
        facts.push(format!("zone: {}", n.zone));
    }
    if n.entry {
        facts.push("entry point".to_owned());
    }
    if n.crown_jewel {
        facts.push("crown jewel".to_owned());
    }
    ui.label(facts.join(" · "));
    if let Some(h) = state.reach.as_ref().and_then(|r| r.hops.get(&ix)) {
        ui.label(format!("{h} hops from the reach origin"));
    }
    if !n.notes.is_empty() {
        ui.set_max_width(360.0);
        ui.label(&n.notes);
    }
}
