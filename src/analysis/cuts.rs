//! Choke points: the fewest nodes, and the fewest edges, whose removal leaves
//! no path from any source (entry) to any target (crown jewel).
//!
//! Both are minimum s–t cuts (max-flow = min-cut) computed with
//! `pathfinding`'s Edmonds–Karp on the relevant subgraph only (arcs on some
//! source→target walk), between a super-source feeding every source and a
//! super-sink fed by every target:
//! - *node cut*: each node v becomes v_in → v_out with capacity 1, or
//!   "infinite" for sources and targets (they cannot be cut); arcs have
//!   infinite capacity. If the flow is infinite (a source is a target, or a
//!   source links straight to a target) no node cut exists: `None`.
//! - *edge cut*: each arc has capacity 1. Parallel edges count separately
//!   (each is one edge to remove, so a pair joined by three edges costs 3); a
//!   bidirectional edge is one edge, and only one of its directions can cross
//!   a cut. `None` only when a source is itself a target.
//!
//! Complexity: O(F · E log E) for a cut of size F (Edmonds–Karp augments one
//! unit at a time; the crate keeps residuals in B-trees).

use std::collections::BTreeMap;

use pathfinding::directed::edmonds_karp::edmonds_karp_sparse;
use petgraph::stable_graph::NodeIndex;

use super::exact::relevant;
use super::view::EdgeFilter;
use crate::model::{EdgeId, TrustGraph};

/// A capacity no cut of uncuttable elements can reach.
const INFINITE: i64 = 1 << 40;

/// Both kinds of minimum cut.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChokePoints {
    /// Fewest intermediate nodes to remove, in node order; `None` when no node
    /// cut exists (an entry is a jewel or links directly to one).
    pub nodes: Option<Vec<NodeIndex>>,
    /// Fewest edges to remove, in id order; `None` when an entry is a jewel.
    pub edges: Option<Vec<EdgeId>>,
}

/// Minimum node and edge cuts separating `sources` from `targets` under `filter`.
/// Both are empty when nothing is reachable already.
///
/// ```
/// use trustpath::analysis::{choke_points, EdgeFilter};
/// let g = trustpath::io::load_bytes(br#"{"version": 1,
///   "nodes": [{"id": "a", "entry": true}, {"id": "b"}, {"id": "c"}, {"id": "d", "crown_jewel": true}],
///   "edges": [{"from": "a", "to": "b"}, {"from": "a", "to": "c"},
///             {"from": "b", "to": "d"}, {"from": "c", "to": "d"}]}"#).unwrap();
/// let cuts = choke_points(&g, &g.entries(), &g.crown_jewels(), &EdgeFilter::default());
/// assert_eq!(cuts.nodes.unwrap().len(), 2);
/// assert_eq!(cuts.edges.unwrap().len(), 2);
/// ```
pub fn choke_points(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> ChokePoints {
    ChokePoints {
        nodes: min_node_cut(g, sources, targets, filter),
        edges: min_edge_cut(g, sources, targets, filter),
    }
}

/// Flags for sources and targets by slot.
fn ends(
    n: usize,
    sources: &[u32],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> (Vec<bool>, Vec<bool>) {
    let mut is_source = vec![false; n];
    let mut is_target = vec![false; n];
    for &s in sources {
        is_source[s as usize] = true;
    }
    for t in super::risk::slots(targets, n, filter) {
        is_target[t as usize] = true;
    }
    (is_source, is_target)
}

/// The fewest nodes (neither source nor target) whose removal disconnects
/// every source from every target; see the module doc.
pub fn min_node_cut(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> Option<Vec<NodeIndex>> {
    let rel = relevant(g, sources, targets, filter);
    let (is_source, is_target) = ends(rel.n, &rel.sources, targets, filter);
    if (0..rel.n).any(|v| is_source[v] && is_target[v]) {
        return None;
    }
    if rel.arcs.is_empty() {
        return Some(Vec::new());
    }
    let (source, sink) = (2 * rel.n, 2 * rel.n + 1);
    let node_in = |v: u32| 2 * v as usize;
    let node_out = |v: u32| 2 * v as usize + 1;
    let mut touched: Vec<u32> = rel.arcs.iter().flat_map(|a| [a.0, a.1]).collect();
    touched.sort_unstable();
    touched.dedup();
    let mut vertices = vec![source, sink];
    let mut caps = Vec::new();
    for &v in &touched {
        vertices.extend([node_in(v), node_out(v)]);
        let fixed = is_source[v as usize] || is_target[v as usize];
        caps.push(((node_in(v), node_out(v)), if fixed { INFINITE } else { 1 }));
        if is_source[v as usize] {
            caps.push(((source, node_in(v)), INFINITE));
        }
        if is_target[v as usize] {
            caps.push(((node_out(v), sink), INFINITE));
        }
    }
    for &(a, b, _, _) in &rel.arcs {
        caps.push(((node_out(a), node_in(b)), INFINITE));
    }
    let (_, flow, cut) = edmonds_karp_sparse(&vertices, &source, &sink, caps);
    if flow >= INFINITE {
        return None;
    }
    let mut nodes: Vec<NodeIndex> = cut
        .into_iter()
        .map(|((a, _), _)| NodeIndex::new(a / 2))
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    Some(nodes)
}

/// The fewest edges whose removal disconnects every source from every
/// target; see the module doc.
pub fn min_edge_cut(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> Option<Vec<EdgeId>> {
    let rel = relevant(g, sources, targets, filter);
    let (is_source, is_target) = ends(rel.n, &rel.sources, targets, filter);
    if (0..rel.n).any(|v| is_source[v] && is_target[v]) {
        return None;
    }
    if rel.arcs.is_empty() {
        return Some(Vec::new());
    }
    let (source, sink) = (rel.n, rel.n + 1);
    // Parallel arcs of one ordered pair share one capacity: their count.
    let mut pairs: BTreeMap<(usize, usize), Vec<EdgeId>> = BTreeMap::new();
    for &(a, b, _, key) in &rel.arcs {
        pairs
            .entry((a as usize, b as usize))
            .or_default()
            .push(EdgeId(key / 2));
    }
    let mut vertices: Vec<usize> = pairs.keys().flat_map(|&(a, b)| [a, b]).collect();
    vertices.sort_unstable();
    vertices.dedup();
    let mut caps: Vec<((usize, usize), i64)> = pairs
        .iter()
        .map(|(&pair, ids)| (pair, ids.len() as i64))
        .collect();
    for &v in &vertices {
        if is_source[v] {
            caps.push(((source, v), INFINITE));
        }
        if is_target[v] {
            caps.push(((v, sink), INFINITE));
        }
    }
    vertices.extend([source, sink]);
    let (_, _, cut) = edmonds_karp_sparse(&vertices, &source, &sink, caps);
    let mut edges: Vec<EdgeId> = cut
        .into_iter()
        .filter_map(|(pair, _)| pairs.get(&pair))
        .flatten()
        .copied()
        .collect();
    edges.sort_unstable();
    edges.dedup();
    Some(edges)
}
