//! Painting the mode: edges (thick, arrowed; the path blue, the hop
//! vermillion and thickest, cuts black and dashed, removed paths fading in
//! sky blue), nodes (entries a thick green ring + ▶, crown jewels an orange
//! double ring + ★, path nodes a thick black outline, the hop's nodes a
//! vermillion halo, the rest light grey and smaller), the model's callouts
//! (read-only, in the mode's type scale), then the legend strip, the what-if
//! banner, the caption bar and the key overlay.

use std::collections::{HashMap, HashSet};

use egui::epaint::text::{LayoutJob, TextWrapping};
use egui::{Align, Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};

use super::layout::{Regions, legend_px, px};
use super::palette as pal;
use super::{FADE_SECS, keys, story};
use crate::app::canvas::callouts::paint_callout;
use crate::app::canvas::{Transform, arrow_head, edge_points, node_screen_pos, shorten};
use crate::app::state::AppState;
use crate::model::EdgeId;

/// What the current step emphasises.
struct Focus {
    path_edges: HashMap<EdgeId, usize>,
    path_nodes: HashSet<petgraph::stable_graph::NodeIndex>,
    hop_nodes: Vec<petgraph::stable_graph::NodeIndex>,
    hop: Option<usize>,
    any: bool,
}

impl Focus {
    fn new(state: &AppState) -> Self {
        let mut f = Focus {
            path_edges: HashMap::new(),
            path_nodes: HashSet::new(),
            hop_nodes: Vec::new(),
            hop: state.hop,
            any: false,
        };
        if let Some(p) = state.current_path() {
            f.path_edges = p.edges.iter().enumerate().map(|(i, e)| (*e, i)).collect();
            f.path_nodes = p.nodes.iter().copied().collect();
            if let Some(h) = state.hop {
                f.hop_nodes = p.nodes.iter().skip(h).take(2).copied().collect();
            }
            f.any = true;
        }
        f
    }
}

/// Paints one frame of the mode.
pub fn paint(painter: &Painter, state: &AppState, regions: &Regions, tf: &Transform) {
    painter.rect_filled(regions.canvas, 0.0, pal::BACKGROUND);
    let focus = Focus::new(state);
    let weight = tf.zoom.sqrt().clamp(0.7, 1.6);
    // Back to front: context edges, context nodes, the fading removed
    // paths, the path, the hop, the path's nodes; so nothing covers the story.
    let [context, path, hop] = edge_layers(painter, state, tf, &focus, weight);
    painter.extend(context);
    paint_nodes(painter, state, regions, tf, &focus, weight, false);
    paint_dying(painter, state, tf, weight);
    painter.extend(path);
    painter.extend(hop);
    paint_nodes(painter, state, regions, tf, &focus, weight, true);
    for c in &state.annotations().callouts {
        let text_px = px::CALLOUT * state.settings.present_scale;
        paint_callout(painter, c, tf.screen_from_graph(c.pos), text_px, pal::INK);
    }
    paint_legend(painter, state, regions);
    if let (Some(r), Some(news)) = (regions.banner, &state.present.news) {
        let scale = state.settings.present_scale;
        painter.rect_filled(r, 0.0, pal::CAPTION_HOP);
        let text = format!("{}  {}", news.mark, story::banner_text(state, news));
        let galley = fit_line(
            painter,
            text,
            px::BANNER * scale,
            pal::INK,
            r.width() - 32.0,
        );
        painter.galley(
            Pos2::new(r.left() + 16.0, r.center().y - galley.size().y * 0.5),
            galley,
            pal::INK,
        );
    }
    paint_caption(painter, state, regions);
    if state.present.help {
        paint_help(painter, state, regions);
    }
}

fn single_line(
    painter: &Painter,
    text: String,
    px: f32,
    color: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let mut job = LayoutJob::simple_singleline(text, FontId::proportional(px), color);
    job.wrap = TextWrapping::truncate_at_width(width.max(10.0));
    painter.layout_job(job)
}

/// One line of `text` at `px`, shrunk (down to 60 %) to fit `width`, then
/// truncated with "…".
fn fit_line(
    painter: &Painter,
    text: String,
    px: f32,
    color: Color32,
    width: f32,
) -> std::sync::Arc<egui::Galley> {
    let full = painter.layout_no_wrap(text.clone(), FontId::proportional(px), color);
    let px = (px * width / full.size().x.max(1.0)).clamp(px * 0.6, px);
    single_line(painter, text, px, color, width)
}

/// Edge shapes in three layers: context, path, hop.
fn edge_layers(
    painter: &Painter,
    state: &AppState,
    tf: &Transform,
    focus: &Focus,
    w: f32,
) -> [Vec<Shape>; 3] {
    let clip = painter.clip_rect();
    let mut layers: [Vec<Shape>; 3] = Default::default();
    for e in state.graph.edges() {
        let Some(alpha) = state.present.edge_alpha(state, e.id) else {
            continue;
        };
        let pts = edge_points(state, tf, &e);
        if pts.len() < 2 || !Rect::from_points(&pts).intersects(clip) {
            continue;
        }
        let on_path = focus.path_edges.get(&e.id).copied();
        let (color, width, layer) = match on_path {
            Some(i) if focus.hop == Some(i) => (pal::HOP, 8.0 * w, 2),
            Some(_) => (pal::PATH, 5.0 * w, 1),
            None if focus.any => (pal::DIM_EDGE, 1.5 * w, 0),
            None => (pal::EDGE, 2.5 * w, 0),
        };
        let hardened = state.hardening(e.id);
        // A hardened edge is drawn at half the weight (the arrow too).
        let width = if hardened.is_some() {
            (width * 0.5).max(1.5)
        } else {
            width
        };
        let color = color.gamma_multiply(alpha);
        let n = pts.len();
        let arrow = (7.0 * w + width * 1.6).min(26.0);
        let mut line = pts.clone();
        line[n - 1] = shorten(line[n - 1], line[n - 2], arrow * 0.8);
        if e.edge.bidirectional {
            line[0] = shorten(line[0], line[1], arrow * 0.8);
        }
        let out = &mut layers[layer];
        if state.cuts.contains(&e.id) {
            let cut = Stroke::new(width.max(2.5), pal::CUT.gamma_multiply(alpha));
            out.extend(Shape::dashed_line(&line, cut, 10.0, 8.0));
            let mid = line[n / 2 - usize::from(n.is_multiple_of(2))].lerp(line[n / 2], 0.5);
            painter.text(
                mid,
                Align2::CENTER_CENTER,
                "✂",
                FontId::proportional(14.0 * w + 6.0),
                pal::CUT,
            );
            continue;
        }
        out.push(Shape::line(line.clone(), Stroke::new(width, color)));
        out.push(arrow_head(pts[n - 1], pts[n - 2], arrow, color));
        if e.edge.bidirectional {
            out.push(arrow_head(pts[0], pts[1], arrow, color));
        }
        if let Some(f) = hardened {
            // The mark: "×0.5" on a white plate with a reddish purple frame.
            let mid = line[n / 2 - usize::from(n.is_multiple_of(2))].lerp(line[n / 2], 0.5);
            let galley = painter.layout_no_wrap(
                format!("×{}", (f * 100.0).round() / 100.0),
                FontId::proportional(12.0 * w + 6.0),
                pal::INK,
            );
            let plate = Rect::from_center_size(mid, galley.size() + egui::vec2(8.0, 4.0));
            out.push(Shape::rect_filled(
                plate,
                3.0,
                pal::BACKGROUND.gamma_multiply(alpha),
            ));
            out.push(Shape::rect_stroke(
                plate,
                3.0,
                Stroke::new(2.0, pal::HARDENED.gamma_multiply(alpha)),
                StrokeKind::Outside,
            ));
            out.push(Shape::galley(
                plate.center() - galley.size() * 0.5,
                galley,
                pal::INK,
            ));
        }
    }
    layers
}

/// The paths a cut just removed, fading out.
fn paint_dying(painter: &Painter, state: &AppState, tf: &Transform, w: f32) {
    let p = &state.present;
    let Some(news) = &p.news else { return };
    let t = ((p.now - news.start) / FADE_SECS) as f32;
    if t >= 1.0 || news.dying.is_empty() {
        return;
    }
    let color = pal::DYING.gamma_multiply(1.0 - super::camera::ease_in_out(t));
    for path in &news.dying {
        for id in &path.edges {
            let Some(e) = state.graph.edge(*id) else {
                continue;
            };
            let pts = edge_points(state, tf, &e);
            if pts.len() >= 2 {
                painter.add(Shape::line(pts, Stroke::new(9.0 * w, color)));
            }
        }
    }
}

fn paint_nodes(
    painter: &Painter,
    state: &AppState,
    regions: &Regions,
    tf: &Transform,
    focus: &Focus,
    w: f32,
    on_path_pass: bool,
) {
    let clip = painter.clip_rect();
    let scale = state.settings.present_scale;
    let mut plates = Vec::new();
    for (ix, n) in state.graph.nodes() {
        let (Some(alpha), Some(pos)) = (state.present.node_alpha(state, ix), n.pos) else {
            continue;
        };
        let c = node_screen_pos(state, tf, ix, pos);
        let on_path = focus.path_nodes.contains(&ix);
        if on_path != on_path_pass {
            continue;
        }
        let on_hop = focus.hop_nodes.contains(&ix);
        let dimmed = focus.any && !on_path;
        let half = tf.node_half() * if dimmed { 0.75 } else { 1.0 };
        let r = Rect::from_center_size(c, half * 2.0);
        if !r.expand(20.0).intersects(clip) {
            continue;
        }
        let fade = |c: Color32| c.gamma_multiply(alpha * if dimmed { 0.55 } else { 1.0 });
        let rounding = 8.0 * tf.zoom;
        let gap = 4.0 * w;
        if on_hop {
            painter.rect_stroke(
                r.expand(gap * 3.0),
                rounding + gap * 3.0,
                Stroke::new(6.0 * w, pal::HOP.gamma_multiply(0.45 * alpha)),
                StrokeKind::Outside,
            );
        }
        if n.crown_jewel {
            let s = Stroke::new(3.0 * w, fade(pal::JEWEL));
            painter.rect_stroke(r.expand(gap), rounding + gap, s, StrokeKind::Outside);
            painter.rect_stroke(
                r.expand(gap * 2.6),
                rounding + gap * 2.6,
                s,
                StrokeKind::Outside,
            );
        } else if n.entry {
            let s = Stroke::new(6.0 * w, fade(pal::ENTRY));
            painter.rect_stroke(r.expand(gap), rounding + gap, s, StrokeKind::Outside);
        }
        let (fill, border) = if on_hop {
            (pal::NODE_FILL, Stroke::new(5.0 * w, pal::HOP))
        } else if on_path {
            (pal::NODE_FILL, Stroke::new(4.0 * w, pal::PATH_NODE_STROKE))
        } else if dimmed {
            (pal::DIM_FILL, Stroke::new(1.5, pal::DIM_STROKE))
        } else {
            (pal::NODE_FILL, Stroke::new(2.0 * w, pal::NODE_STROKE))
        };
        painter.rect_filled(r, rounding, fill.gamma_multiply(alpha));
        painter.rect_stroke(
            r,
            rounding,
            Stroke::new(border.width, border.color.gamma_multiply(alpha)),
            StrokeKind::Outside,
        );
        let text = if dimmed { pal::DIM_TEXT } else { pal::INK }.gamma_multiply(alpha);
        let label_px = 13.0 * tf.zoom * if dimmed { 0.8 } else { 1.0 };
        let plate = on_path && label_px < px::PATH_LABEL * scale;
        if plate {
            plates.push((r, n.label.clone()));
        } else {
            // Context labels stay legible (a floor of 10 px), spilling a
            // little past a small box rather than shrinking to nothing.
            let label_px = label_px.max(px::CONTEXT_LABEL);
            let mut job = LayoutJob::simple(
                n.label.clone(),
                FontId::proportional(label_px),
                text,
                (r.width() - 8.0 * tf.zoom).max(label_px * 8.0),
            );
            job.wrap.max_rows = 2;
            job.halign = Align::Center;
            let galley = painter.layout_job(job);
            painter.galley(Pos2::new(c.x, c.y - galley.size().y * 0.5), galley, text);
        }
        let badge_px = (14.0 * tf.zoom).clamp(10.0, 30.0);
        if n.entry {
            badge(
                painter,
                r.left_top(),
                "▶",
                fade(pal::ENTRY),
                pal::BAR_TEXT,
                badge_px,
            );
        }
        if n.crown_jewel {
            badge(
                painter,
                r.right_top(),
                "★",
                fade(pal::JEWEL),
                pal::INK,
                badge_px,
            );
        }
    }
    // Labels of path nodes too small to read in their box: a plate above
    // the node at the mode's label size, kept out of the caption bar.
    // Plates go above their node, else below it, whichever covers no plate
    // already placed and stays between the legend and the caption.
    let plate_px = (px::PATH_LABEL * scale).min(px::PATH_LABEL_MAX);
    let room = regions.canvas.shrink(8.0);
    let mut placed: Vec<Rect> = Vec::new();
    for (r, label) in plates {
        let galley = single_line(
            painter,
            label,
            plate_px,
            pal::INK,
            regions.canvas.width() * 0.3,
        );
        let size = galley.size() + Vec2::new(12.0, 6.0);
        let above =
            Rect::from_center_size(Pos2::new(r.center().x, r.top() - 8.0 - size.y * 0.5), size);
        let below = above.translate(Vec2::new(0.0, r.height() + size.y + 16.0));
        // Keep the whole plate on screen, even for a node at the edge.
        let onto_screen = |p: Rect| {
            let dx = (room.left() - p.left()).max(0.0) + (room.right() - p.right()).min(0.0);
            p.translate(Vec2::new(dx, 0.0))
        };
        let free = |p: &Rect| {
            p.top() >= regions.stage.top() - 8.0
                && p.bottom() <= regions.caption.top()
                && !placed.iter().any(|q| q.intersects(*p))
        };
        let at = [onto_screen(above), onto_screen(below)]
            .into_iter()
            .find(free)
            .unwrap_or_else(|| onto_screen(above));
        placed.push(at);
        painter.rect_filled(at, 4.0, pal::NODE_FILL);
        painter.rect_stroke(at, 4.0, Stroke::new(1.5, pal::INK), StrokeKind::Inside);
        painter.galley(at.min + Vec2::new(6.0, 3.0), galley, pal::INK);
    }
}

fn badge(painter: &Painter, at: Pos2, glyph: &str, fill: Color32, ink: Color32, px: f32) {
    painter.circle_filled(at, px * 0.8, fill);
    painter.text(
        at,
        Align2::CENTER_CENTER,
        glyph,
        FontId::proportional(px * 0.9),
        ink,
    );
}

/// One line: a sample of each mark, then what the keys are.
fn paint_legend(painter: &Painter, state: &AppState, regions: &Regions) {
    let r = regions.legend;
    let px = legend_px(state.settings.present_scale);
    let font = FontId::proportional(px);
    painter.rect_filled(r, 0.0, pal::LEGEND_BG);
    let y = r.center().y;
    let mut x = r.left() + 12.0;
    let sw = Vec2::new(px * 1.8, px * 0.9);
    let item = |x: &mut f32, draw: &dyn Fn(Rect), text: &str| {
        let s = Rect::from_min_size(Pos2::new(*x, y - sw.y * 0.5), sw);
        draw(s);
        let g = painter.layout_no_wrap(text.to_owned(), font.clone(), pal::INK);
        let width = g.size().x;
        painter.galley(
            Pos2::new(s.right() + px * 0.4, y - g.size().y * 0.5),
            g,
            pal::INK,
        );
        *x = s.right() + px * 0.4 + width + px * 1.2;
    };
    let ring = |s: Rect, c: Color32, width: f32| {
        painter.rect_filled(s, 3.0, pal::NODE_FILL);
        painter.rect_stroke(s, 3.0, Stroke::new(width, c), StrokeKind::Inside);
    };
    item(&mut x, &|s| ring(s, pal::ENTRY, 3.5), "▶ entry");
    item(
        &mut x,
        &|s| {
            ring(s, pal::JEWEL, 1.5);
            ring(s.shrink(3.5), pal::JEWEL, 1.5);
        },
        "★ crown jewel",
    );
    let line = |s: Rect, c: Color32, width: f32| {
        painter.line_segment([s.left_center(), s.right_center()], Stroke::new(width, c));
    };
    item(&mut x, &|s| line(s, pal::PATH, 5.0), "path");
    item(&mut x, &|s| line(s, pal::HOP, 8.0), "current hop");
    item(
        &mut x,
        &|s| {
            painter.extend(Shape::dashed_line(
                &[s.left_center(), s.right_center()],
                Stroke::new(3.0, pal::CUT),
                5.0,
                4.0,
            ));
        },
        "cut",
    );
    item(
        &mut x,
        &|s| ring(s.shrink(2.0), pal::DIM_STROKE, 1.5),
        "other",
    );
    let mode = if state.present.reveal {
        "REVEAL · ? keys · Esc leaves"
    } else {
        "? keys · Esc leaves"
    };
    let g = painter.layout_no_wrap(mode.to_owned(), font, pal::INK);
    let at = Pos2::new(r.right() - 12.0 - g.size().x, y - g.size().y * 0.5);
    if at.x > x {
        painter.galley(at, g, pal::INK);
    }
}

fn paint_caption(painter: &Painter, state: &AppState, regions: &Regions) {
    let r = regions.caption;
    let scale = state.settings.present_scale;
    painter.rect_filled(r, 0.0, pal::BAR_BG);
    let (first, second) = story::caption(state);
    let colour = if state.hop.is_some() {
        pal::CAPTION_HOP
    } else {
        pal::BAR_TEXT
    };
    let width = r.width() - 48.0;
    let mut job = LayoutJob::simple(
        first,
        FontId::proportional(px::CAPTION * scale),
        colour,
        width,
    );
    job.wrap.max_rows = 2;
    let g1 = painter.layout_job(job);
    let g2 = fit_line(
        painter,
        second,
        px::CAPTION_SMALL * scale,
        pal::BAR_TEXT,
        width,
    );
    let h = g1.size().y + g2.size().y + 6.0;
    let top = r.center().y - h * 0.5;
    let x = r.left() + 24.0;
    let h1 = g1.size().y;
    painter.galley(Pos2::new(x, top), g1, colour);
    painter.galley(Pos2::new(x, top + h1 + 6.0), g2, pal::BAR_TEXT);
}

fn paint_help(painter: &Painter, state: &AppState, regions: &Regions) {
    let canvas = regions.canvas;
    painter.rect_filled(canvas, 0.0, pal::SHADE);
    let help = keys::help_rows();
    let rows = help.len() as f32 + 2.0;
    let px = (px::HELP * state.settings.present_scale).min(canvas.height() / (rows * 1.7));
    let font = FontId::proportional(px);
    let key_w = help
        .iter()
        .map(|(k, _)| {
            painter
                .layout_no_wrap(k.clone(), font.clone(), pal::INK)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let what_w = help
        .iter()
        .map(|(_, w)| {
            painter
                .layout_no_wrap((*w).to_owned(), font.clone(), pal::INK)
                .size()
                .x
        })
        .fold(0.0, f32::max);
    let row = px * 1.5;
    let size = Vec2::new(key_w + what_w + px * 4.0, row * rows + px);
    let r = Rect::from_center_size(canvas.center(), size);
    painter.rect_filled(r, 10.0, pal::NODE_FILL);
    painter.rect_stroke(r, 10.0, Stroke::new(3.0, pal::INK), StrokeKind::Inside);
    let mut y = r.top() + px;
    painter.text(
        Pos2::new(r.left() + px * 1.5, y),
        Align2::LEFT_TOP,
        "Keys in presentation mode",
        FontId::proportional(px * 1.15),
        pal::INK,
    );
    y += row * 1.6;
    for (k, what) in help {
        painter.text(
            Pos2::new(r.left() + px * 1.5, y),
            Align2::LEFT_TOP,
            &k,
            font.clone(),
            pal::PATH,
        );
        painter.text(
            Pos2::new(r.left() + px * 2.5 + key_w, y),
            Align2::LEFT_TOP,
            what,
            font.clone(),
            pal::INK,
        );
        y += row;
    }
}
