//! The presentation camera: fits what is being talked about (the current
//! hop's two nodes, else the whole path, else everything shown) into the
//! stage, and glides there over `GLIDE_SECS` with ease-in-out. Zoom is
//! interpolated geometrically and the view centre linearly, so a zoom-out
//! and pan feel like one move. Repaints are requested only while gliding.

use egui::{Pos2, Rect, Vec2};

use super::Presentation;
use super::layout::Regions;
use crate::app::state::{AppState, Camera};
use crate::app::theme::size;

/// How long a camera move takes.
pub const GLIDE_SECS: f64 = 0.4;

/// A camera move in progress.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glide {
    from: View,
    to: View,
    start: f64,
}

/// A camera as zoom + the graph point at the stage centre.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f32,
    pub centre: Vec2,
}

/// Smoothstep: slow start, slow end.
pub fn ease_in_out(t: f32) -> f32 {
    let t = t.clamp(0.0, 1.0);
    t * t * (3.0 - 2.0 * t)
}

/// The graph-space box (node boxes included) the camera should show.
pub fn focus_bounds(state: &AppState, present: &Presentation) -> Option<Rect> {
    let nodes: Vec<_> = match (state.current_path(), state.hop) {
        (Some(p), Some(h)) => p.nodes.iter().skip(h).take(2).copied().collect(),
        (Some(p), None) => p.nodes.clone(),
        (None, _) => state
            .graph
            .nodes()
            .map(|(ix, _)| ix)
            .filter(|ix| present.node_alpha(state, *ix).is_some())
            .collect(),
    };
    let mut bounds = Rect::NOTHING;
    for ix in nodes {
        if let Some(p) = state.graph.node_opt(ix).and_then(|n| n.pos) {
            bounds.extend_with(Pos2::new(p[0] as f32, p[1] as f32));
        }
    }
    (bounds.min.x <= bounds.max.x)
        .then(|| bounds.expand2(Vec2::new(size::NODE_W, size::NODE_H) * 0.5 + Vec2::splat(12.0)))
}

/// The view that fits `bounds` into the stage, never closer than
/// `max_zoom` (two nodes side by side should not fill a wall).
pub fn fit(bounds: Rect, regions: &Regions, max_zoom: f32) -> View {
    let stage = regions.stage;
    let zoom = (stage.width() / bounds.width().max(1.0))
        .min(stage.height() / bounds.height().max(1.0))
        .clamp(0.05, max_zoom);
    View {
        zoom,
        centre: bounds.center().to_vec2(),
    }
}

impl View {
    /// The view the explorer camera shows now.
    pub fn of(camera: &Camera, regions: &Regions) -> Self {
        let anchor = regions.stage.center() - regions.canvas.min;
        Self {
            zoom: camera.zoom,
            centre: (anchor - camera.offset) / camera.zoom,
        }
    }

    /// Writes this view into the explorer camera (the mode shares it, so
    /// leaving the mode keeps the place).
    pub fn apply(&self, camera: &mut Camera, regions: &Regions) {
        let anchor = regions.stage.center() - regions.canvas.min;
        camera.zoom = self.zoom;
        camera.offset = anchor - self.centre * self.zoom;
        camera.fit_pending = false;
    }

    fn lerp(&self, to: &View, t: f32) -> View {
        View {
            zoom: (self.zoom.ln() + (to.zoom.ln() - self.zoom.ln()) * t).exp(),
            centre: self.centre + (to.centre - self.centre) * t,
        }
    }

    fn close_to(&self, other: &View) -> bool {
        (self.zoom / other.zoom - 1.0).abs() < 1e-3
            && (self.centre - other.centre).length() * self.zoom < 0.5
    }
}

/// Moves the camera one frame towards the view of the current focus.
/// Returns whether it is still gliding (the caller asks for a repaint).
pub fn update(state: &mut AppState, regions: &Regions, now: f64) -> bool {
    let max_zoom = 1.2 * state.settings.present_scale;
    if let Some(bounds) = focus_bounds(state, &state.present) {
        let target = fit(bounds, regions, max_zoom);
        let moved = state.present.target.is_none_or(|t| !t.close_to(&target));
        if moved {
            state.present.target = Some(target);
            state.present.glide = Some(Glide {
                from: View::of(&state.camera, regions),
                to: target,
                start: now,
            });
        }
    }
    let Some(g) = state.present.glide else {
        return false;
    };
    let t = ((now - g.start) / GLIDE_SECS) as f32;
    let view = if t >= 1.0 {
        state.present.glide = None;
        g.to
    } else {
        g.from.lerp(&g.to, ease_in_out(t))
    };
    view.apply(&mut state.camera, regions);
    t < 1.0
}
