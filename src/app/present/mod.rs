//! Workshop / presentation mode (F5): the graph full screen on a
//! high-contrast light theme with large type, stepping through the listed
//! paths hop by hop with a caption read aloud, a camera that glides to the
//! current hop, live what-if cuts whose removed paths fade out, and a reveal
//! that builds the graph path by path. The explorer's state is shared (path
//! list, hop, cuts, camera, undo), so leaving the mode keeps where the room
//! got to; only what is specific to telling the story lives here.

pub mod camera;
pub mod keys;
pub mod layout;
mod paint;
pub mod palette;
pub mod story;

use std::collections::HashMap;

use egui::{Rect, Sense};
use petgraph::stable_graph::NodeIndex;

use super::actions::query_changed;
use super::canvas::{Hit, Transform, hit_test, node_screen_pos};
use super::command::Command;
use super::state::AppState;
use crate::model::EdgeId;
use keys::Action;
use layout::Regions;
use story::CutNews;

/// How long revealed nodes and edges take to fade in.
pub const REVEAL_SECS: f64 = 0.4;
/// How long the paths a cut removed take to fade out.
pub const FADE_SECS: f64 = 0.6;
/// Type scale limits and step (`Ctrl +/−`, `]`/`[`).
pub const SCALE_MIN: f32 = 1.25;
pub const SCALE_MAX: f32 = 3.0;
const SCALE_STEP: f32 = 0.25;

/// The mode's own state (the rest is the explorer's).
#[derive(Clone, Debug, Default)]
pub struct Presentation {
    pub active: bool,
    pub help: bool,
    /// Reveal: only entries, jewels and the paths stepped through so far.
    pub reveal: bool,
    /// Revealed nodes and edges, with the time their fade-in started.
    revealed_nodes: HashMap<NodeIndex, f64>,
    revealed_edges: HashMap<EdgeId, f64>,
    pub news: Option<CutNews>,
    pub glide: Option<camera::Glide>,
    target: Option<camera::View>,
    fullscreen: bool,
    /// Input time of the last frame (actions applied between frames use it).
    now: f64,
}

impl Presentation {
    /// Opacity of a node, `None` when reveal hides it.
    pub fn node_alpha(&self, state: &AppState, ix: NodeIndex) -> Option<f32> {
        if !state.is_visible(ix) {
            return None;
        }
        if !self.reveal {
            return Some(1.0);
        }
        let n = state.graph.node_opt(ix)?;
        if n.entry || n.crown_jewel {
            return Some(1.0);
        }
        self.revealed_nodes.get(&ix).map(|t| self.fade_in(*t))
    }

    /// Opacity of an edge, `None` when reveal hides it.
    pub fn edge_alpha(&self, state: &AppState, e: EdgeId) -> Option<f32> {
        let edge = state.graph.edge(e)?;
        let ends = self
            .node_alpha(state, edge.from)?
            .min(self.node_alpha(state, edge.to)?);
        if !self.reveal {
            return Some(ends);
        }
        self.revealed_edges
            .get(&e)
            .map(|t| self.fade_in(*t).min(ends))
    }

    fn fade_in(&self, start: f64) -> f32 {
        camera::ease_in_out(((self.now - start) / REVEAL_SECS) as f32)
    }

    /// Whether something is still fading (the frame asks for a repaint).
    fn fading(&self) -> bool {
        let recent = |t: &f64| self.now - *t < REVEAL_SECS;
        self.revealed_nodes.values().any(recent)
            || self.revealed_edges.values().any(recent)
            || self
                .news
                .as_ref()
                .is_some_and(|n| !n.dying.is_empty() && self.now - n.start < FADE_SECS)
    }
}

/// Reveals the selected path (no-op for what is already shown).
fn reveal_current(state: &mut AppState) {
    let Some(p) = state.current_path() else {
        return;
    };
    let (nodes, edges) = (p.nodes.clone(), p.edges.clone());
    let present = &mut state.present;
    let now = present.now;
    for ix in nodes {
        present.revealed_nodes.entry(ix).or_insert(now);
    }
    for e in edges {
        present.revealed_edges.entry(e).or_insert(now);
    }
}

/// F5 / the toolbar button: enters the mode, or leaves it.
pub fn toggle(state: &mut AppState) {
    if state.present.active {
        leave(state);
        return;
    }
    let p = &mut state.present;
    p.active = true;
    p.help = false;
    p.news = None;
    p.glide = None;
    p.target = None;
    state.canvas.gesture = Default::default();
    // A saved path shown in the explorer is what the room sees first.
    if state.selected_path.is_none()
        && state.annotation_view.shown.is_none()
        && !state.paths.is_empty()
    {
        state.selected_path = Some(0);
        state.hop = None;
    }
}

fn leave(state: &mut AppState) {
    let p = &mut state.present;
    p.active = false;
    p.reveal = false;
    p.help = false;
    p.news = None;
    p.glide = None;
    p.target = None;
}

/// Full screen follows the mode (sent once per change).
pub fn sync_viewport(ctx: &egui::Context, state: &mut AppState) {
    let p = &mut state.present;
    if p.active != p.fullscreen {
        p.fullscreen = p.active;
        ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(p.active));
    }
}

/// Reads the mode's keys and applies them (call instead of the explorer's
/// shortcuts while the mode is on).
pub fn handle_keys(ctx: &egui::Context, state: &mut AppState) {
    for action in keys::read(ctx) {
        apply(state, action);
    }
}

/// Applies one action of the mode.
pub fn apply(state: &mut AppState, action: Action) {
    let now = state.present.now;
    let help_was_open = std::mem::take(&mut state.present.help);
    if matches!(
        action,
        Action::Next
            | Action::Prev
            | Action::NextPath
            | Action::PrevPath
            | Action::FirstPath
            | Action::LastPath
    ) {
        // The room has moved on: the banner of the last cut goes.
        state.present.news = None;
    }
    match action {
        Action::Leave if help_was_open => {}
        Action::Leave => state.push(Command::Present),
        Action::Next => story::next(state),
        Action::Prev => story::prev(state),
        Action::NextPath => {
            story::go_to_path(state, state.selected_path.map_or(0, |i| i + 1));
        }
        Action::PrevPath => {
            story::go_to_path(state, state.selected_path.unwrap_or(0).saturating_sub(1));
        }
        Action::FirstPath => story::go_to_path(state, 0),
        Action::LastPath => story::go_to_path(state, usize::MAX),
        Action::Cut => story::cut_current_hop(state, now),
        Action::Harden => story::harden_current_hop(state, now),
        Action::Undo | Action::Redo => {
            let (can, word, command) = if action == Action::Undo {
                (state.can_undo(), "Undone", Command::Undo)
            } else {
                (state.can_redo(), "Redone", Command::Redo)
            };
            if can {
                state.present.news = Some(story::note(word, now));
                state.push(command);
            }
        }
        Action::Reveal => {
            let p = &mut state.present;
            p.reveal = !p.reveal;
            p.revealed_nodes.clear();
            p.revealed_edges.clear();
            if p.reveal {
                state.selected_path = None;
                state.hop = None;
            }
        }
        Action::Help => state.present.help = !help_was_open,
        Action::Bigger | Action::Smaller => {
            let step = if action == Action::Bigger {
                SCALE_STEP
            } else {
                -SCALE_STEP
            };
            let s = &mut state.settings.present_scale;
            *s = (*s + step).clamp(SCALE_MIN, SCALE_MAX);
        }
        Action::NextTarget => next_target(state),
    }
}

/// T: all crown jewels → the first → the second → … → all again.
fn next_target(state: &mut AppState) {
    let jewels = state.graph.crown_jewels();
    let current = state
        .query
        .targets
        .as_ref()
        .and_then(|t| t.first())
        .and_then(|j| jewels.iter().position(|x| x == j));
    state.query.targets = match current {
        None => jewels.first().map(|j| vec![*j]),
        Some(i) => jewels.get(i + 1).map(|j| vec![*j]),
    };
    query_changed(state);
}

/// The regions of the last frame (for tests and hit checks).
pub fn regions(state: &AppState) -> Regions {
    Regions::new(
        state.canvas_rect,
        state.settings.present_scale,
        state.present.news.is_some(),
    )
}

/// Screen boxes of the spotlit nodes: the current hop's two, else the path's.
pub fn spotlight_rects(state: &AppState) -> Vec<Rect> {
    let tf = Transform::of_camera(state);
    let Some(path) = state.current_path() else {
        return Vec::new();
    };
    let nodes: Vec<_> = match state.hop {
        Some(h) => path.nodes.iter().skip(h).take(2).copied().collect(),
        None => path.nodes.clone(),
    };
    nodes
        .into_iter()
        .filter_map(|ix| {
            let pos = state.graph.node_opt(ix)?.pos?;
            let c = node_screen_pos(state, &tf, ix, pos);
            Some(Rect::from_center_size(c, tf.node_half() * 2.0))
        })
        .collect()
}

/// One frame of the mode, filling `ui`.
pub fn present_ui(ui: &mut egui::Ui, state: &mut AppState) {
    let now = ui.input(|i| i.time);
    state.present.now = now;
    let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click());
    state.canvas_rect = response.rect;
    if state.present.reveal {
        reveal_current(state);
    }
    let regions = regions(state);
    let gliding = camera::update(state, &regions, now);
    let tf = Transform::of_camera(state);
    if response.clicked()
        && let Some(at) = response.interact_pointer_pos()
        && !regions.caption.contains(at)
        && let Some(Hit::Edge(e)) = hit_test(state, &tf, at)
        && state.present.edge_alpha(state, e).is_some()
    {
        story::cut(state, e, now);
    }
    paint::paint(&painter, state, &regions, &tf);
    if gliding || state.present.fading() {
        ui.ctx().request_repaint();
    }
}
