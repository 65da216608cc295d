//! Painting the graph: edges (arrowheads, width by likelihood, path and heat
//! colours, dashed cuts), nodes (rounded boxes by kind, entry ring and ▶,
//! crown-jewel double ring and ★, hop badges) and the hop caption.
//!
//! Level of detail keeps big graphs fast: everything outside the viewport is
//! skipped, labels are shortened then hidden as the zoom drops, and below
//! `size::DETAIL_ZOOM` the overview draws nodes as squares and edges as plain
//! quads in two meshes (no labels, badges or arrowheads), which is all that
//! can be seen at that scale anyway.

use std::collections::{HashMap, HashSet};

use egui::epaint::text::LayoutJob;
use egui::{Align, Align2, Color32, FontId, Painter, Pos2, Rect, Shape, Stroke, StrokeKind, Vec2};
use petgraph::stable_graph::NodeIndex;

use super::{Hit, Transform, node_screen_pos};
use crate::app::state::{AppState, fmt_likelihood};
use crate::app::theme::{Palette, size};
use crate::model::{EdgeId, EdgeRefView};

/// What the selected path, heat view and reach overlay emphasise.
struct Emphasis {
    /// Edge → hop index on the selected path.
    path_edges: HashMap<EdgeId, usize>,
    path_nodes: HashSet<NodeIndex>,
    /// Edge → number of listed paths using it (heat view).
    heat: HashMap<EdgeId, usize>,
    heat_max: usize,
    hop: Option<usize>,
    hop_nodes: [Option<NodeIndex>; 2],
    /// Whatever is not emphasised is dimmed.
    dim_rest: bool,
}

impl Emphasis {
    fn new(state: &AppState) -> Self {
        let mut e = Emphasis {
            path_edges: HashMap::new(),
            path_nodes: HashSet::new(),
            heat: HashMap::new(),
            heat_max: 1,
            hop: state.hop,
            hop_nodes: [None, None],
            dim_rest: false,
        };
        if let Some(p) = state.current_path() {
            e.path_edges = p.edges.iter().enumerate().map(|(i, id)| (*id, i)).collect();
            e.path_nodes = p.nodes.iter().copied().collect();
            if let Some(h) = state.hop {
                e.hop_nodes = [p.nodes.get(h).copied(), p.nodes.get(h + 1).copied()];
            }
            e.dim_rest = true;
        }
        if state.heat {
            for p in &state.paths {
                for id in &p.edges {
                    *e.heat.entry(*id).or_default() += 1;
                }
                if state.selected_path.is_none() {
                    e.path_nodes.extend(p.nodes.iter().copied());
                }
            }
            e.heat_max = e.heat.values().copied().max().unwrap_or(1);
            e.dim_rest = true;
        }
        if let Some(r) = &state.reach {
            e.path_nodes.extend(r.hops.keys().copied());
            e.dim_rest = true;
        }
        e
    }
}

/// Screen points of an edge: tail to head, via the layout's bends, clipped
/// to the node boxes at both ends.
pub fn edge_points(state: &AppState, tf: &Transform, e: &EdgeRefView<'_>) -> Vec<Pos2> {
    let g = &state.graph;
    let (Some(a), Some(b)) = (g.node(e.from).pos, g.node(e.to).pos) else {
        return Vec::new();
    };
    let a = node_screen_pos(state, tf, e.from, a);
    let b = node_screen_pos(state, tf, e.to, b);
    let mut pts = vec![a];
    // While nodes glide, bends (placed for the end positions) would kink.
    if !state.layout_view.animating() {
        pts.extend(e.edge.bends.iter().map(|p| tf.screen_from_graph(*p)));
    }
    pts.push(b);
    let half = tf.node_half();
    let n = pts.len();
    pts[0] = clip_to_box(pts[0], pts[1], half);
    pts[n - 1] = clip_to_box(pts[n - 1], pts[n - 2], half);
    pts
}

/// Where the segment from the box centre `c` towards `toward` leaves the box.
fn clip_to_box(c: Pos2, toward: Pos2, half: Vec2) -> Pos2 {
    let d = toward - c;
    let tx = if d.x.abs() > f32::EPSILON {
        half.x / d.x.abs()
    } else {
        f32::INFINITY
    };
    let ty = if d.y.abs() > f32::EPSILON {
        half.y / d.y.abs()
    } else {
        f32::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    c + d * t
}

/// Paints edges, nodes and overlays for this frame.
pub fn paint_graph(
    painter: &Painter,
    state: &AppState,
    palette: &Palette,
    tf: &Transform,
    hovered: Option<Hit>,
) {
    let clip = painter.clip_rect();
    painter.rect_filled(clip, 0.0, palette.canvas_bg);
    let em = Emphasis::new(state);
    crate::app::layout_view::paint_regions(painter, &state.layout_view, palette, tf);
    if tf.zoom < size::DETAIL_ZOOM {
        paint_overview(painter, state, palette, tf, &em);
    } else {
        let mut front = Vec::new();
        paint_edges(painter, &mut front, state, palette, tf, &em, hovered);
        painter.extend(front);
        paint_nodes(painter, state, palette, tf, &em, hovered);
    }
    paint_caption(painter, state, palette);
    if state.graph.nodes().any(|(_, n)| n.pos.is_none()) {
        painter.text(
            clip.center(),
            Align2::CENTER_CENTER,
            "Laying out…",
            FontId::proportional(18.0),
            palette.stale_text,
        );
    }
}

fn paint_edges(
    painter: &Painter,
    front: &mut Vec<Shape>,
    state: &AppState,
    palette: &Palette,
    tf: &Transform,
    em: &Emphasis,
    hovered: Option<Hit>,
) {
    let clip = painter.clip_rect();
    let scale = tf.zoom.sqrt().clamp(0.5, 1.4);
    for e in state.graph.edges() {
        if !(state.is_visible(e.from) && state.is_visible(e.to)) {
            continue;
        }
        let pts = edge_points(state, tf, &e);
        if pts.len() < 2 || !Rect::from_points(&pts).intersects(clip) {
            continue;
        }
        // A what-if hardening thins the edge to its scaled likelihood.
        let l = (e.edge.likelihood * state.hardening(e.id).unwrap_or(1.0)) as f32;
        let mut width = (0.8 + 2.6 * l) * scale;
        let mut color = palette.edge;
        let mut on_top = false;
        if let Some(&count) = em.heat.get(&e.id) {
            width = (1.5 + 7.0 * count as f32 / em.heat_max as f32) * scale;
            color = palette.heat;
            on_top = true;
        }
        if let Some(&i) = em.path_edges.get(&e.id) {
            width += 2.0;
            color = crate::app::annotations::path_colour(state, palette);
            if em.hop == Some(i) {
                width += 2.5;
                color = palette.path_current_hop;
            }
            on_top = true;
        } else if em.dim_rest && !em.heat.contains_key(&e.id) {
            let reached = state
                .reach
                .as_ref()
                .is_some_and(|r| r.hops.contains_key(&e.from) && r.hops.contains_key(&e.to));
            if !reached {
                color = palette.edge_dimmed;
            }
        }
        if state.risk.choke_edge(e.id) && !em.path_edges.contains_key(&e.id) {
            color = palette.choke();
            width += 1.5;
        }
        if state.selection.edge == Some(e.id) || hovered == Some(Hit::Edge(e.id)) {
            color = palette.selection;
            on_top = true;
        }
        let out = if on_top { &mut *front } else { &mut Vec::new() };
        let stroke = Stroke::new(width, color);
        let arrow = (6.0 * scale + width * 1.5).min(18.0);
        let mut line = pts.clone();
        let n = line.len();
        if arrow > 0.0 {
            line[n - 1] = shorten(line[n - 1], line[n - 2], arrow * 0.8);
            if e.edge.bidirectional {
                line[0] = shorten(line[0], line[1], arrow * 0.8);
            }
        }
        let mut shapes = if state.cuts.contains(&e.id) {
            let cut = Stroke::new(width.max(1.5), palette.cut_edge);
            Shape::dashed_line(&line, cut, 8.0, 6.0)
        } else if n == 2 {
            vec![Shape::line_segment([line[0], line[1]], stroke)]
        } else {
            vec![Shape::line(line, stroke)]
        };
        if arrow > 0.0 {
            shapes.push(arrow_head(pts[n - 1], pts[n - 2], arrow, color));
            if e.edge.bidirectional {
                shapes.push(arrow_head(pts[0], pts[1], arrow, color));
            }
        }
        if on_top {
            out.extend(shapes);
        } else {
            painter.extend(shapes);
        }
    }
}

/// The far-out view of a big graph: every edge a thin quad and every node a
/// square, all in two meshes. Building the meshes directly skips the
/// tessellator's anti-aliasing feathering, which is what made thousands of
/// `line_segment`s and circles cost ~40 ms a frame at 10k nodes; at this
/// scale the feathering is invisible anyway.
fn paint_overview(
    painter: &Painter,
    state: &AppState,
    palette: &Palette,
    tf: &Transform,
    em: &Emphasis,
) {
    let clip = painter.clip_rect();
    let kinds = state.kinds();
    let mut screen: Vec<Option<Pos2>> = vec![None; state.graph.node_bound()];
    for (ix, n) in state.graph.nodes() {
        if let (true, Some(p)) = (state.is_visible(ix), n.pos) {
            screen[ix.index()] = Some(node_screen_pos(state, tf, ix, p));
        }
    }
    let mut edges = egui::Mesh::default();
    let mut front = egui::Mesh::default();
    for e in state.graph.edges() {
        let (Some(Some(a)), Some(Some(b))) = (screen.get(e.from.index()), screen.get(e.to.index()))
        else {
            continue;
        };
        if !Rect::from_two_pos(*a, *b).intersects(clip) {
            continue;
        }
        let on_path = em.path_edges.contains_key(&e.id) || em.heat.contains_key(&e.id);
        let (mesh, color, width) = if on_path {
            (
                &mut front,
                crate::app::annotations::path_colour(state, palette),
                2.5,
            )
        } else if em.dim_rest {
            (&mut edges, palette.edge_dimmed, 0.8)
        } else {
            (&mut edges, palette.edge.gamma_multiply(0.6), 0.8)
        };
        add_line(mesh, *a, *b, width, color);
    }
    let r = (size::NODE_H * 0.5 * tf.zoom).max(1.5);
    let mut nodes = egui::Mesh::default();
    for (ix, n) in state.graph.nodes() {
        let Some(Some(c)) = screen.get(ix.index()) else {
            continue;
        };
        if !clip.contains(*c) {
            continue;
        }
        let mut fill = palette.kind_fill(kinds.binary_search(&n.kind).unwrap_or(0));
        if let Some(p) = state.risk.tint_of(ix) {
            fill = palette.risk_fill(p);
        }
        if em.dim_rest && !em.path_nodes.contains(&ix) {
            fill = fill.gamma_multiply(0.3);
        }
        let ring = if state.selection.nodes.contains(&ix) {
            Some(palette.selection)
        } else if n.crown_jewel {
            Some(palette.jewel_ring)
        } else if n.entry {
            Some(palette.entry_ring)
        } else {
            None
        };
        if let Some(ring) = ring {
            nodes.add_colored_rect(Rect::from_center_size(*c, Vec2::splat(r * 2.0 + 3.0)), ring);
        }
        nodes.add_colored_rect(Rect::from_center_size(*c, Vec2::splat(r * 2.0)), fill);
    }
    painter.add(Shape::mesh(edges));
    painter.add(Shape::mesh(front));
    painter.add(Shape::mesh(nodes));
}

/// A straight line as a quad of `width` pixels, no feathering.
fn add_line(mesh: &mut egui::Mesh, a: Pos2, b: Pos2, width: f32, color: Color32) {
    let d = b - a;
    let len = d.length();
    if len < 0.5 {
        return;
    }
    let n = d.rot90() * (width * 0.5 / len);
    let i = mesh.vertices.len() as u32;
    mesh.colored_vertex(a + n, color);
    mesh.colored_vertex(a - n, color);
    mesh.colored_vertex(b - n, color);
    mesh.colored_vertex(b + n, color);
    mesh.add_triangle(i, i + 1, i + 2);
    mesh.add_triangle(i, i + 2, i + 3);
}

pub fn shorten(tip: Pos2, from: Pos2, by: f32) -> Pos2 {
    tip - (tip - from).normalized() * by
}

pub fn arrow_head(tip: Pos2, from: Pos2, len: f32, color: Color32) -> Shape {
    let dir = (tip - from).normalized();
    let perp = dir.rot90() * len * 0.45;
    let base = tip - dir * len;
    Shape::convex_polygon(vec![tip, base + perp, base - perp], color, Stroke::NONE)
}

fn paint_nodes(
    painter: &Painter,
    state: &AppState,
    palette: &Palette,
    tf: &Transform,
    em: &Emphasis,
    hovered: Option<Hit>,
) {
    let clip = painter.clip_rect();
    let half = tf.node_half();
    let label_px = (size::LABEL_PX * tf.zoom).max(size::MIN_LABEL_PX);
    let search: HashSet<NodeIndex> = state.search.matches.iter().copied().collect();
    let kinds = state.kinds();
    for (ix, n) in state.graph.nodes() {
        let Some(pos) = n.pos else { continue };
        if !state.is_visible(ix) {
            continue;
        }
        let c = node_screen_pos(state, tf, ix, pos);
        let r = Rect::from_center_size(c, half * 2.0);
        if !r.expand(8.0).intersects(clip) {
            continue;
        }
        let dimmed = em.dim_rest && !em.path_nodes.contains(&ix);
        let mut fill = palette.kind_fill(kinds.binary_search(&n.kind).unwrap_or(0));
        if let Some(p) = state.risk.tint_of(ix) {
            fill = palette.risk_fill(p);
        }
        if dimmed {
            fill = fill.gamma_multiply(0.3);
        }
        let selected = state.selection.nodes.contains(&ix);
        let rounding = (size::NODE_ROUNDING * tf.zoom).max(4.0);
        let ring_gap = 3.0 * tf.zoom.max(0.5);
        if n.crown_jewel {
            let gold = Stroke::new(2.0, palette.jewel_ring);
            painter.rect_stroke(
                r.expand(ring_gap),
                rounding + ring_gap,
                gold,
                StrokeKind::Outside,
            );
            painter.rect_stroke(
                r.expand(ring_gap * 2.5),
                rounding + ring_gap * 2.5,
                gold,
                StrokeKind::Outside,
            );
        } else if n.entry {
            let green = Stroke::new(2.5, palette.entry_ring);
            painter.rect_stroke(
                r.expand(ring_gap),
                rounding + ring_gap,
                green,
                StrokeKind::Outside,
            );
        }
        painter.rect_filled(r, rounding, fill);
        let border = if selected {
            Stroke::new(3.0, palette.selection)
        } else if em.hop_nodes.contains(&Some(ix)) {
            Stroke::new(3.0, palette.path_current_hop)
        } else if search.contains(&ix) {
            Stroke::new(2.5, palette.search_match)
        } else if hovered == Some(Hit::Node(ix)) {
            Stroke::new(1.5, palette.hover)
        } else {
            Stroke::new(1.0, palette.node_stroke)
        };
        painter.rect_stroke(r, rounding, border, StrokeKind::Outside);
        let color = if dimmed {
            palette.node_text.gamma_multiply(0.45)
        } else {
            palette.node_text
        };
        let mut job = LayoutJob::simple(
            n.label.clone(),
            FontId::proportional(label_px),
            color,
            (r.width() - 8.0).max(8.0),
        );
        job.wrap.max_rows = if r.height() > label_px * 2.3 { 2 } else { 1 };
        job.wrap.break_anywhere = false;
        job.halign = Align::Center;
        let galley = painter.layout_job(job);
        let top = c.y - galley.size().y * 0.5;
        painter.galley(Pos2::new(c.x, top), galley, color);
        let badge_px = (12.0 * tf.zoom).max(10.0);
        if n.entry {
            badge(painter, r.left_top(), "▶", palette.entry_ring, badge_px);
        }
        if n.crown_jewel {
            badge(painter, r.right_top(), "★", palette.jewel_ring, badge_px);
        }
        if state.cut_nodes.contains(&ix) {
            badge(painter, r.center_top(), "✂", palette.cut_edge, badge_px);
        }
        if state.risk.choke_node(ix) {
            let at = Pos2::new(r.center().x, r.top());
            badge(painter, at, "!", palette.choke(), badge_px);
        }
        if n.pinned {
            badge(
                painter,
                r.left_bottom(),
                "📌",
                palette.node_stroke,
                badge_px * 0.9,
            );
        }
        if let Some(h) = state.reach.as_ref().and_then(|re| re.hops.get(&ix)) {
            badge(
                painter,
                r.right_bottom(),
                &h.to_string(),
                palette.reach,
                badge_px,
            );
        }
    }
}

/// A small filled circle with a glyph, on a node's corner.
pub fn badge(painter: &Painter, at: Pos2, glyph: &str, color: Color32, px: f32) {
    painter.circle_filled(at, px * 0.75, color);
    painter.text(
        at,
        Align2::CENTER_CENTER,
        glyph,
        FontId::proportional(px * 0.85),
        Color32::BLACK,
    );
}

/// The caption of the emphasised hop (or of the selected path), across the
/// bottom of the canvas: large enough to read from the back of a room.
fn paint_caption(painter: &Painter, state: &AppState, palette: &Palette) {
    let text = match (
        state.hop_caption(),
        state.current_path(),
        state.selected_path,
    ) {
        (Some(caption), ..) => caption,
        (None, Some(p), Some(i)) => format!(
            "Path {} of {}: likelihood {}, {} hops. Press → to step through it.",
            i + 1,
            state.paths.len(),
            fmt_likelihood(p.likelihood),
            p.hops()
        ),
        _ => return,
    };
    let clip = painter.clip_rect();
    let galley = painter.layout(
        text,
        FontId::proportional(17.0),
        palette.path_current_hop,
        clip.width() - 60.0,
    );
    let size = galley.size() + Vec2::new(24.0, 14.0);
    let r = Rect::from_center_size(
        Pos2::new(clip.center().x, clip.bottom() - 16.0 - size.y * 0.5),
        size,
    );
    painter.rect_filled(r, 8.0, palette.caption_bg);
    painter.galley(
        r.min + Vec2::new(12.0, 7.0),
        galley,
        palette.path_current_hop,
    );
}
