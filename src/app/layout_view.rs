//! What a layout leaves on the canvas besides positions: the flow chosen for
//! the next layout, the zone layout's regions (drawn behind the nodes), and
//! the ~500 ms glide of the nodes from their old to their new positions.
//! The positions themselves are written at once, as one undo step; the glide
//! only changes where the canvas draws them, so hit tests, saving and undo
//! never see an in-between state.

use std::collections::HashMap;

use egui::{Align2, FontId, Painter, Rect, Stroke};
use petgraph::stable_graph::NodeIndex;

use super::canvas::Transform;
use super::theme::Palette;
use crate::layout::{Flow, Region};
use crate::model::TrustGraph;

/// How long nodes take to glide to a new layout, in seconds.
const GLIDE_SECONDS: f64 = 0.5;

/// Layout state of the canvas.
#[derive(Debug, Default)]
pub struct LayoutView {
    /// Flow of the next layered or zone layout.
    pub flow: Flow,
    /// Zone rectangles of the last zone layout, until the layout goes stale.
    pub regions: Vec<Region>,
    glide: Option<Glide>,
}

#[derive(Debug)]
struct Glide {
    from: HashMap<NodeIndex, [f64; 2]>,
    /// `ui` time of the first frame drawn; `None` until then.
    started: Option<f64>,
    /// Eased progress, 0 → 1.
    t: f64,
}

impl LayoutView {
    /// Starts gliding the nodes in `from` from these positions to their
    /// current ones.
    pub fn glide_from(&mut self, from: HashMap<NodeIndex, [f64; 2]>) {
        self.glide = (!from.is_empty()).then_some(Glide {
            from,
            started: None,
            t: 0.0,
        });
    }

    /// After a change of the graph: the glide ends, and the zone regions
    /// that no longer frame their zone go (a rename keeps them all).
    pub fn graph_changed(&mut self, g: &TrustGraph) {
        self.regions.retain(|r| r.fits(g));
        self.glide = None;
    }

    /// Whether nodes are gliding.
    pub fn animating(&self) -> bool {
        self.glide.is_some()
    }

    /// Advances the glide to `now` (egui's input time); returns whether it
    /// is still running, so the caller asks for another frame only then.
    pub fn tick(&mut self, now: f64) -> bool {
        let Some(g) = &mut self.glide else {
            return false;
        };
        let started = *g.started.get_or_insert(now);
        let x = ((now - started) / GLIDE_SECONDS).clamp(0.0, 1.0);
        if x >= 1.0 {
            self.glide = None;
            return false;
        }
        // Smoothstep: ease in and out.
        g.t = x * x * (3.0 - 2.0 * x);
        true
    }

    /// Where to draw node `ix` whose model position is `to`.
    pub fn drawn_pos(&self, ix: NodeIndex, to: [f64; 2]) -> [f64; 2] {
        match self
            .glide
            .as_ref()
            .and_then(|g| Some((g.from.get(&ix)?, g.t)))
        {
            Some((from, t)) => [
                from[0] + (to[0] - from[0]) * t,
                from[1] + (to[1] - from[1]) * t,
            ],
            None => to,
        }
    }
}

/// Paints the zone regions: lightly tinted rounded rectangles, labelled at
/// their top-left corner, behind everything else.
pub fn paint_regions(painter: &Painter, view: &LayoutView, palette: &Palette, tf: &Transform) {
    for (i, r) in view.regions.iter().enumerate() {
        let rect = Rect::from_two_pos(tf.screen_from_graph(r.min), tf.screen_from_graph(r.max))
            .expand(12.0 * tf.zoom);
        let base = palette.kind_fill(i);
        painter.rect(
            rect,
            10.0 * tf.zoom,
            base.gamma_multiply(0.12),
            Stroke::new(1.0, base.gamma_multiply(0.5)),
            egui::StrokeKind::Inside,
        );
        painter.text(
            rect.left_top() + egui::vec2(8.0, 4.0),
            Align2::LEFT_TOP,
            &r.name,
            FontId::proportional((13.0 * tf.zoom).clamp(9.0, 18.0)),
            palette.stale_text,
        );
    }
}
