//! The drawing description shared by SVG and PNG (and the positions GraphML
//! writes): where each node box, edge polyline, zone region, callout and the
//! legend go, which paths are highlighted and what is dimmed. Pure geometry in
//! drawing units (1 unit = 1 SVG px); no markup here.

use std::collections::{BTreeMap, HashMap};

use petgraph::stable_graph::NodeIndex;

use super::text::{clean, wrap};
use super::{ExportOptions, Marked};
use crate::annotate::Callout;
use crate::layout::{self, LayoutOptions, Region};
use crate::model::{EdgeId, TrustGraph};
use crate::palette::Rgb;

/// Empty space around the drawing.
pub const MARGIN: f64 = 40.0;
/// Height of the title band above the graph.
pub const TITLE_H: f64 = 70.0;
/// Width of the legend column right of the graph.
pub const LEGEND_W: f64 = 360.0;
/// Label font size; the box widths below assume ~0.6 em per character.
pub const FONT: f64 = 12.0;
const CHAR_W: f64 = FONT * 0.6;
const LINE_H: f64 = 15.0;
/// Characters per label line, lines per label.
const LABEL_W: usize = 22;
const LABEL_LINES: usize = 2;
/// Gap between parallel edges joining the same two nodes.
const PARALLEL_GAP: f64 = 16.0;

/// A node as drawn.
#[derive(Clone, Debug)]
pub struct NodeBox {
    pub ix: NodeIndex,
    /// Centre, in drawing units.
    pub center: [f64; 2],
    pub size: [f64; 2],
    pub lines: Vec<String>,
    pub kind: String,
    pub entry: bool,
    pub jewel: bool,
    pub dim: bool,
    /// The colour of the first highlighted path through it.
    pub highlight: Option<Rgb>,
}

/// An edge as drawn.
#[derive(Clone, Debug)]
pub struct EdgeLine {
    pub id: EdgeId,
    pub from: NodeIndex,
    pub to: NodeIndex,
    /// From the tail's border to the head's border, through any bends.
    pub points: Vec<[f64; 2]>,
    pub kind: String,
    /// Cleaned label with the likelihood, e.g. "SSH keys · 0.4".
    pub label: String,
    pub likelihood: f64,
    pub bidirectional: bool,
    pub dim: bool,
    pub highlight: Option<Rgb>,
}

/// A callout as drawn: top-left corner, size, lines.
#[derive(Clone, Debug)]
pub struct CalloutBox {
    pub min: [f64; 2],
    pub size: [f64; 2],
    pub lines: Vec<String>,
    pub fill: Rgb,
}

/// A numbered disc on the middle hop of a highlighted path.
#[derive(Clone, Debug)]
pub struct PathBadge {
    pub at: [f64; 2],
    pub number: usize,
    pub color: Rgb,
}

#[derive(Clone, Debug)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub title: String,
    pub subtitle: String,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<EdgeLine>,
    pub regions: Vec<Region>,
    pub callouts: Vec<CalloutBox>,
    pub badges: Vec<PathBadge>,
    /// Left edge of the legend column.
    pub legend_x: f64,
    /// Whether anything is highlighted (and so the rest dimmed).
    pub highlighting: bool,
}

/// Where things are, in graph units, before the drawing shifts them.
#[derive(Clone, Debug, Default)]
pub struct Placement {
    pub nodes: HashMap<NodeIndex, [f64; 2]>,
    pub bends: HashMap<EdgeId, Vec<[f64; 2]>>,
    pub regions: Vec<Region>,
}

/// The saved positions and bends when every node has a position, else a
/// computed layout (with its bends and regions): mixing the two would put
/// nodes on top of each other.
pub fn placement(g: &TrustGraph) -> Placement {
    if g.nodes().all(|(_, n)| n.pos.is_some()) {
        return Placement {
            nodes: g.nodes().filter_map(|(ix, n)| Some((ix, n.pos?))).collect(),
            bends: g
                .edges()
                .filter(|e| !e.edge.bends.is_empty())
                .map(|e| (e.id, e.edge.bends.clone()))
                .collect(),
            ..Placement::default()
        };
    }
    let r = layout::compute(g, &LayoutOptions::default());
    Placement {
        nodes: r.positions.into_iter().collect(),
        bends: r.bends.into_iter().collect(),
        regions: r.regions,
    }
}

/// Space kept between two node boxes when the drawing is stretched.
const BOX_GAP: f64 = 12.0;
/// The most the drawing is stretched along an axis: a pair that would need
/// more (one node dropped almost onto another) is left overlapping rather
/// than blow the whole drawing up for it.
const MAX_STRETCH: f64 = 3.0;

/// Factors along x and y by which to multiply the positions so that no two
/// boxes overlap: each overlapping pair is pulled apart along the axis that
/// needs less stretching, and the largest factor per axis wins. Stretching
/// only moves boxes apart, so pairs apart stay apart.
fn spread(nodes: &[NodeBox]) -> [f64; 2] {
    // Overlapping boxes lie in neighbouring cells of a grid as large as the
    // largest box: near-linear, where all pairs of a 50,000-node layer would
    // be a billion.
    let cell = [0, 1].map(|k| nodes.iter().map(|n| n.size[k]).fold(0.0, f64::max) + BOX_GAP);
    let cell_of = |n: &NodeBox| [0, 1].map(|k| (n.center[k] / cell[k]).floor() as i64);
    let mut grid: HashMap<[i64; 2], Vec<usize>> = HashMap::new();
    for (i, n) in nodes.iter().enumerate() {
        grid.entry(cell_of(n)).or_default().push(i);
    }
    let mut stretch = [1.0f64; 2];
    for (i, a) in nodes.iter().enumerate() {
        let [cx, cy] = cell_of(a);
        // Saturating: a position of 1e308 saturates its cell to i64::MAX.
        let near = |c: i64| c.saturating_sub(1)..=c.saturating_add(1);
        let around = near(cx).flat_map(|x| near(cy).map(move |y| [x, y]));
        let others = around
            .filter_map(|c| grid.get(&c))
            .flatten()
            .filter(|&&j| j > i);
        for b in others.map(|&j| &nodes[j]) {
            let need = [0, 1].map(|k| (a.size[k] + b.size[k]) / 2.0 + BOX_GAP);
            let apart = [0, 1].map(|k| (b.center[k] - a.center[k]).abs());
            if apart[0] >= need[0] || apart[1] >= need[1] {
                continue;
            }
            let ratio = [0, 1].map(|k| need[k] / apart[k]);
            let k = usize::from(ratio[1] < ratio[0]);
            if ratio[k] <= MAX_STRETCH {
                stretch[k] = stretch[k].max(ratio[k]);
            }
        }
    }
    stretch
}

/// The size of a node box for these label lines.
fn box_size(lines: &[String]) -> [f64; 2] {
    let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    [
        (chars as f64 * CHAR_W + 32.0).max(110.0),
        22.0 + LINE_H * lines.len().max(1) as f64,
    ]
}

/// Where the ray from the centre of a `size` box towards `toward` leaves it.
fn border_point(center: [f64; 2], size: [f64; 2], toward: [f64; 2]) -> [f64; 2] {
    let (dx, dy) = (toward[0] - center[0], toward[1] - center[1]);
    let (hw, hh) = (size[0] / 2.0 + 3.0, size[1] / 2.0 + 3.0);
    let t = [hw / dx.abs(), hh / dy.abs()]
        .into_iter()
        .filter(|t| t.is_finite())
        .fold(f64::INFINITY, f64::min);
    if !t.is_finite() || t >= 1.0 {
        return center;
    }
    [center[0] + dx * t, center[1] + dy * t]
}

impl Scene {
    /// Lays out the drawing of `g` with `marked` paths highlighted.
    pub fn new(
        g: &TrustGraph,
        marked: &[Marked],
        callouts: &[Callout],
        opts: &ExportOptions,
    ) -> Self {
        let Placement {
            nodes: pos,
            mut bends,
            mut regions,
        } = placement(g);

        let (edge_hl, node_hl) = super::highlight_colours(marked);
        let highlighting = !marked.is_empty();

        let mut nodes: Vec<NodeBox> = g
            .nodes()
            .map(|(ix, n)| {
                let lines = wrap(&n.label, LABEL_W, LABEL_LINES);
                NodeBox {
                    ix,
                    center: pos.get(&ix).copied().unwrap_or([0.0, 0.0]),
                    size: box_size(&lines),
                    lines,
                    kind: n.kind.clone(),
                    entry: n.entry,
                    jewel: n.crown_jewel,
                    dim: highlighting && !node_hl.contains_key(&ix),
                    highlight: node_hl.get(&ix).copied(),
                }
            })
            .collect();
        let mut callout_boxes: Vec<CalloutBox> = callouts
            .iter()
            .map(|c| {
                let lines = wrap(&c.text, 34, 6);
                let chars = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
                CalloutBox {
                    min: c.pos,
                    size: [chars as f64 * 6.0 + 20.0, 12.0 + 14.0 * lines.len() as f64],
                    lines,
                    fill: c.rgb(),
                }
            })
            .collect();
        // Positions laid out for the app's smaller boxes (or moved by hand)
        // can put the exported boxes on top of each other: stretch them
        // apart, the shape of the drawing kept.
        let stretch = spread(&nodes);
        let at = |p: [f64; 2]| [p[0] * stretch[0], p[1] * stretch[1]];
        nodes.iter_mut().for_each(|n| n.center = at(n.center));
        bends.values_mut().flatten().for_each(|b| *b = at(*b));
        callout_boxes.iter_mut().for_each(|c| c.min = at(c.min));
        for r in &mut regions {
            (r.min, r.max) = (at(r.min), at(r.max));
        }

        // Graph-unit bounds of everything drawn in the graph area.
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        let mut grow = |p: [f64; 2]| {
            for k in 0..2 {
                min[k] = min[k].min(p[k]);
                max[k] = max[k].max(p[k]);
            }
        };
        for n in &nodes {
            // Badges sit above the box: leave room for them.
            grow([
                n.center[0] - n.size[0] / 2.0 - 8.0,
                n.center[1] - n.size[1] / 2.0 - 18.0,
            ]);
            grow([
                n.center[0] + n.size[0] / 2.0 + 8.0,
                n.center[1] + n.size[1] / 2.0 + 8.0,
            ]);
        }
        for c in &callout_boxes {
            grow(c.min);
            grow([c.min[0] + c.size[0], c.min[1] + c.size[1]]);
        }
        for r in &regions {
            grow([r.min[0], r.min[1] - 20.0]);
            grow(r.max);
        }
        for b in bends.values().flatten() {
            grow(*b);
        }
        if !min[0].is_finite() {
            min = [0.0, 0.0];
            max = [0.0, 0.0];
        }
        let shift = [MARGIN - min[0], MARGIN + TITLE_H - min[1]];
        let tr = |p: [f64; 2]| [p[0] + shift[0], p[1] + shift[1]];
        for n in &mut nodes {
            n.center = tr(n.center);
        }
        for c in &mut callout_boxes {
            c.min = tr(c.min);
        }
        for r in &mut regions {
            r.min = tr(r.min);
            r.max = tr(r.max);
        }

        let by_ix: HashMap<NodeIndex, usize> =
            nodes.iter().enumerate().map(|(i, n)| (n.ix, i)).collect();
        let edges = edge_lines(g, &nodes, &by_ix, &bends, &tr, &edge_hl, highlighting);

        let badges = marked
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let mid = m.path.edges.get(m.path.edges.len() / 2)?;
                let line = edges.iter().find(|e| e.id == *mid)?;
                // Off the middle, where the edge's label sits.
                let at = polyline_at(&line.points, 0.3)?;
                Some(PathBadge {
                    at,
                    number: i + 1,
                    color: m.color,
                })
            })
            .collect();

        let graph_w = max[0] - min[0];
        let graph_h = max[1] - min[1];
        let legend_x = MARGIN * 2.0 + graph_w;
        let legend_h = super::svg::legend_height(g, marked);
        let width = legend_x + LEGEND_W + MARGIN;
        let height = MARGIN * 2.0 + TITLE_H + graph_h.max(legend_h);

        let title = clean(
            opts.title.as_deref().unwrap_or(if g.title.is_empty() {
                "Trust graph"
            } else {
                &g.title
            }),
            120,
        );
        let mut subtitle = format!(
            "{} nodes · {} edges · {} entries · {} crown jewels",
            g.node_count(),
            g.edge_count(),
            g.entries().len(),
            g.crown_jewels().len()
        );
        if highlighting {
            subtitle.push_str(&format!(" · {} highlighted paths", marked.len()));
        }
        Scene {
            width,
            height,
            title,
            subtitle,
            nodes,
            edges,
            regions,
            callouts: callout_boxes,
            badges,
            legend_x,
            highlighting,
        }
    }
}

/// The point halfway along a polyline's middle segment.
pub fn polyline_middle(points: &[[f64; 2]]) -> Option<[f64; 2]> {
    polyline_at(points, 0.5)
}

/// The point a fraction `t` along a polyline's middle segment.
fn polyline_at(points: &[[f64; 2]], t: f64) -> Option<[f64; 2]> {
    let i = points.len().checked_sub(2)? / 2;
    let (a, b) = (points.get(i)?, points.get(i + 1)?);
    Some([a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t])
}

fn edge_lines(
    g: &TrustGraph,
    nodes: &[NodeBox],
    by_ix: &HashMap<NodeIndex, usize>,
    bends: &HashMap<EdgeId, Vec<[f64; 2]>>,
    tr: &dyn Fn([f64; 2]) -> [f64; 2],
    edge_hl: &HashMap<EdgeId, Rgb>,
    highlighting: bool,
) -> Vec<EdgeLine> {
    // Edges joining the same two nodes (either way round) are fanned out so
    // that a→b and b→a do not draw on top of each other.
    let mut siblings: BTreeMap<(NodeIndex, NodeIndex), Vec<EdgeId>> = BTreeMap::new();
    for e in g.edges() {
        let key = (e.from.min(e.to), e.from.max(e.to));
        siblings.entry(key).or_default().push(e.id);
    }
    g.edges()
        .filter_map(|e| {
            let a = nodes.get(*by_ix.get(&e.from)?)?;
            let b = nodes.get(*by_ix.get(&e.to)?)?;
            let mut mids: Vec<[f64; 2]> = bends
                .get(&e.id)
                .map(|v| v.iter().map(|&p| tr(p)).collect())
                .unwrap_or_default();
            let (lo, hi) = (e.from.min(e.to), e.from.max(e.to));
            let group = siblings.get(&(lo, hi)).map_or(&[][..], Vec::as_slice);
            if mids.is_empty() && group.len() > 1 && e.from != e.to {
                let rank = group.iter().position(|&id| id == e.id).unwrap_or(0) as f64;
                let offset = (rank - (group.len() - 1) as f64 / 2.0) * PARALLEL_GAP;
                // The normal is taken in (lo → hi) orientation so siblings
                // going opposite ways still fan to opposite sides.
                let (p, q) = if e.from == lo { (a, b) } else { (b, a) };
                let (dx, dy) = (q.center[0] - p.center[0], q.center[1] - p.center[1]);
                let len = (dx * dx + dy * dy).sqrt().max(1e-9);
                mids.push([
                    (a.center[0] + b.center[0]) / 2.0 - dy / len * offset,
                    (a.center[1] + b.center[1]) / 2.0 + dx / len * offset,
                ]);
            }
            let points = if e.from == e.to {
                // A self-loop: a small lobe above the box.
                let c = a.center;
                let top = c[1] - a.size[1] / 2.0;
                vec![
                    [c[0] - 12.0, top - 2.0],
                    [c[0] - 18.0, top - 26.0],
                    [c[0] + 18.0, top - 26.0],
                    [c[0] + 12.0, top - 2.0],
                ]
            } else {
                let first = mids.first().copied().unwrap_or(b.center);
                let last = mids.last().copied().unwrap_or(a.center);
                let mut points = vec![border_point(a.center, a.size, first)];
                points.extend(mids);
                points.push(border_point(b.center, b.size, last));
                points
            };
            Some(edge_line(
                e.id,
                e.from,
                e.to,
                e.edge,
                points,
                edge_hl,
                highlighting,
            ))
        })
        .collect()
}

fn edge_line(
    id: EdgeId,
    from: NodeIndex,
    to: NodeIndex,
    edge: &crate::model::Edge,
    points: Vec<[f64; 2]>,
    edge_hl: &HashMap<EdgeId, Rgb>,
    highlighting: bool,
) -> EdgeLine {
    let name = clean(&edge.label, 26);
    let l = crate::numbers::prob(edge.likelihood);
    EdgeLine {
        id,
        from,
        to,
        points,
        kind: edge.kind.clone(),
        label: if name.is_empty() {
            l
        } else {
            format!("{name} · {l}")
        },
        likelihood: edge.likelihood,
        bidirectional: edge.bidirectional,
        dim: highlighting && !edge_hl.contains_key(&id),
        highlight: edge_hl.get(&id).copied(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_at(center: [f64; 2], size: [f64; 2]) -> NodeBox {
        NodeBox {
            ix: NodeIndex::new(0),
            center,
            size,
            lines: Vec::new(),
            kind: String::new(),
            entry: false,
            jewel: false,
            dim: false,
            highlight: None,
        }
    }

    #[test]
    fn overlapping_boxes_are_stretched_apart_along_the_cheaper_axis() {
        // Two wide boxes side by side, 180 apart, 190 wide: x stretches so
        // that they sit 202 apart; y needs nothing.
        let side = [
            node_at([0.0, 0.0], [190.0, 52.0]),
            node_at([180.0, 10.0], [190.0, 52.0]),
        ];
        let s = spread(&side);
        assert!((s[0] * 180.0 - 202.0).abs() < 1e-9 && s[1] == 1.0, "{s:?}");
        // Stacked 40 apart with 52-high boxes: y to 64 apart.
        let stacked = [
            node_at([0.0, 0.0], [120.0, 52.0]),
            node_at([5.0, 40.0], [120.0, 52.0]),
        ];
        let s = spread(&stacked);
        assert!(s[0] == 1.0 && (s[1] * 40.0 - 64.0).abs() < 1e-9, "{s:?}");
        // Apart already, or on the same spot: left as they are.
        let apart = [
            node_at([0.0, 0.0], [120.0, 52.0]),
            node_at([0.0, 70.0], [120.0, 52.0]),
        ];
        assert_eq!(spread(&apart), [1.0, 1.0]);
        let same = [
            node_at([3.0, 3.0], [120.0, 52.0]),
            node_at([3.0, 3.0], [120.0, 52.0]),
        ];
        assert_eq!(spread(&same), [1.0, 1.0]);
        // Almost on the same spot (would need 21×): left, the rest kept.
        let dropped = [
            node_at([0.0, 0.0], [120.0, 52.0]),
            node_at([5.0, 3.0], [120.0, 52.0]),
        ];
        assert_eq!(spread(&dropped), [1.0, 1.0]);
    }

    #[test]
    fn border_point_lies_on_the_box() {
        let p = border_point([0.0, 0.0], [100.0, 40.0], [200.0, 0.0]);
        assert_eq!(p, [53.0, 0.0]);
        let p = border_point([0.0, 0.0], [100.0, 40.0], [0.0, -200.0]);
        assert_eq!(p, [0.0, -23.0]);
        // A target inside the box: no clipping.
        assert_eq!(
            border_point([0.0, 0.0], [100.0, 40.0], [1.0, 1.0]),
            [0.0, 0.0]
        );
    }
}
