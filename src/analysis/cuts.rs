//! Choke points: the fewest nodes, and the fewest edges, whose removal leaves
//! no path from any source (entry) to any target (crown jewel).
//!
//! Both are minimum s–t cuts (max-flow = min-cut) on the relevant subgraph
//! only (arcs on some source→target walk), between a super-source feeding
//! every source and a super-sink fed by every target:
//! - *node cut*: each node v becomes v_in → v_out with capacity 1, or
//!   "infinite" for sources and targets (they cannot be cut); arcs have
//!   infinite capacity. If the flow is infinite (a source is a target, or a
//!   source links straight to a target) no node cut exists: `None`.
//! - *edge cut*: each arc has capacity 1. Parallel edges count separately
//!   (each is one edge to remove, so a pair joined by three edges costs 3); a
//!   bidirectional edge is one edge, and only one of its directions can cross
//!   a cut. `None` only when a source is itself a target.
//!
//! The max-flow is a breadth-first augmenting-path search (Edmonds–Karp)
//! written here over flat arrays. `pathfinding::edmonds_karp_sparse` gives the
//! same cuts (it was used first, and the brute-force tests passed with both),
//! but it keeps residuals in B-trees and allocates per visited node: 13 s on
//! the 100k-node benchmark graph against well under one here, which matters
//! for recomputing choke points after each edit. Complexity O(F · E) for a
//! cut of size F (each augmenting path carries at least one unit).

use std::collections::VecDeque;

use petgraph::stable_graph::NodeIndex;

use super::exact::{Relevant, relevant};
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

/// What both cuts start from: the relevant subgraph and which of its slots
/// are sources and targets.
type Problem = (Relevant, Vec<bool>, Vec<bool>);

/// The cut problem, or the answer when there is nothing to solve: no cut
/// (`Err(None)`) when a source is itself a target, the empty cut when no
/// arc is relevant.
fn prepare<T>(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> Result<Problem, Option<Vec<T>>> {
    let rel = relevant(g, sources, targets, filter);
    let mut is_source = vec![false; rel.n];
    let mut is_target = vec![false; rel.n];
    for &s in &rel.sources {
        is_source[s as usize] = true;
    }
    for t in super::risk::slots(targets, rel.n, filter) {
        is_target[t as usize] = true;
    }
    if (0..rel.n).any(|v| is_source[v] && is_target[v]) {
        return Err(None);
    }
    if rel.arcs.is_empty() {
        return Err(Some(Vec::new()));
    }
    Ok((rel, is_source, is_target))
}

/// The fewest nodes (neither source nor target) whose removal disconnects
/// every source from every target; see the module doc.
pub fn min_node_cut(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> Option<Vec<NodeIndex>> {
    let (rel, is_source, is_target) = match prepare(g, sources, targets, filter) {
        Ok(problem) => problem,
        Err(answer) => return answer,
    };
    let (source, sink) = (2 * rel.n, 2 * rel.n + 1);
    let node_in = |v: u32| 2 * v as usize;
    let node_out = |v: u32| 2 * v as usize + 1;
    let mut touched: Vec<u32> = rel.arcs.iter().flat_map(|a| [a.0, a.1]).collect();
    touched.sort_unstable();
    touched.dedup();
    let mut caps = Vec::new();
    for &v in &touched {
        let fixed = is_source[v as usize] || is_target[v as usize];
        caps.push((node_in(v), node_out(v), if fixed { INFINITE } else { 1 }));
        if is_source[v as usize] {
            caps.push((source, node_in(v), INFINITE));
        }
        if is_target[v as usize] {
            caps.push((node_out(v), sink, INFINITE));
        }
    }
    for &(a, b, _, _) in &rel.arcs {
        caps.push((node_out(a), node_in(b), INFINITE));
    }
    let side = min_cut(2 * rel.n + 2, &caps, source, sink)?;
    // The cut: split nodes whose in-half is on the source side, out-half not.
    Some(
        touched
            .into_iter()
            .filter(|&v| side[node_in(v)] && !side[node_out(v)])
            .map(|v| NodeIndex::new(v as usize))
            .collect(),
    )
}

/// The fewest edges whose removal disconnects every source from every
/// target; see the module doc.
pub fn min_edge_cut(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> Option<Vec<EdgeId>> {
    let (rel, is_source, is_target) = match prepare(g, sources, targets, filter) {
        Ok(problem) => problem,
        Err(answer) => return answer,
    };
    let (source, sink) = (rel.n, rel.n + 1);
    // One unit per arc: parallel edges are separate edges to remove.
    let mut caps: Vec<(usize, usize, i64)> = rel
        .arcs
        .iter()
        .map(|&(a, b, _, _)| (a as usize, b as usize, 1))
        .collect();
    for v in 0..rel.n {
        if is_source[v] {
            caps.push((source, v, INFINITE));
        }
        if is_target[v] {
            caps.push((v, sink, INFINITE));
        }
    }
    let side = min_cut(rel.n + 2, &caps, source, sink)?;
    let mut edges: Vec<EdgeId> = rel
        .arcs
        .iter()
        .filter(|&&(a, b, _, _)| side[a as usize] && !side[b as usize])
        .map(|&(_, _, _, key)| EdgeId(key / 2))
        .collect();
    edges.sort_unstable();
    edges.dedup();
    Some(edges)
}

/// Maximum flow from `source` to `sink` over arcs `(from, to, capacity)` on
/// vertices `0..n`; returns the source side of a minimum cut (the vertices
/// still reachable in the residual graph), or `None` when the flow reaches
/// [`INFINITE`] (no finite cut exists).
fn min_cut(
    n: usize,
    caps: &[(usize, usize, i64)],
    source: usize,
    sink: usize,
) -> Option<Vec<bool>> {
    // Residual arcs in pairs: 2i is arc i, 2i + 1 its reverse (capacity 0).
    let mut head = Vec::with_capacity(caps.len() * 2);
    let mut residual = Vec::with_capacity(caps.len() * 2);
    let mut start = vec![0u32; n + 1];
    for &(a, b, c) in caps {
        head.extend([b as u32, a as u32]);
        residual.extend([c, 0]);
        start[a + 1] += 1;
        start[b + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    // Residual arc ids leaving each vertex, in CSR form.
    let mut next = start.clone();
    let mut out = vec![0u32; caps.len() * 2];
    for (i, &(a, b, _)) in caps.iter().enumerate() {
        out[next[a] as usize] = 2 * i as u32;
        next[a] += 1;
        out[next[b] as usize] = 2 * i as u32 + 1;
        next[b] += 1;
    }
    let tail = |arc: u32| head[(arc ^ 1) as usize] as usize;
    let mut flow = 0i64;
    let mut parent = vec![u32::MAX; n];
    let mut seen = vec![false; n];
    let mut queue = VecDeque::new();
    loop {
        seen.fill(false);
        queue.clear();
        seen[source] = true;
        queue.push_back(source);
        while let Some(v) = queue.pop_front() {
            if v == sink {
                break;
            }
            for &arc in &out[start[v] as usize..start[v + 1] as usize] {
                let w = head[arc as usize] as usize;
                if !seen[w] && residual[arc as usize] > 0 {
                    seen[w] = true;
                    parent[w] = arc;
                    queue.push_back(w);
                }
            }
        }
        if !seen[sink] {
            return Some(seen);
        }
        let mut bottleneck = i64::MAX;
        let mut v = sink;
        while v != source {
            let arc = parent[v];
            bottleneck = bottleneck.min(residual[arc as usize]);
            v = tail(arc);
        }
        let mut v = sink;
        while v != source {
            let arc = parent[v] as usize;
            residual[arc] -= bottleneck;
            residual[arc ^ 1] += bottleneck;
            v = tail(parent[v]);
        }
        flow += bottleneck;
        if flow >= INFINITE {
            return None;
        }
    }
}
