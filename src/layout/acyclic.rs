//! Cycle removal for the layered layout: which edges to draw against their
//! direction so that the rest form a DAG running from the entries to the
//! crown jewels.
//!
//! Two orders of the vertices are tried, and an edge pointing backwards in
//! the chosen one is drawn reversed:
//! - dot's depth-first search from the entries ([`depth_first_rank`]). On
//!   graphs that are nearly acyclic with local structure (the kind
//!   `benches/compare_graphviz.py` generates, and most hand-made models) its
//!   layerings cross least after ordering: 1.6 % fewer crossings than the
//!   greedy order below, and more than dot's on 3 graphs of 200 instead
//!   of 10 (before global sifting).
//! - the Eades–Lin–Smyth greedy feedback arc set ([`eades_rank`]). On
//!   densely cyclic graphs (random ones, directory exports) a depth-first
//!   search runs deep and every edge back up its long stack is reversed, so
//!   the DAG's longest path, hence the number of layers, grows towards the
//!   number of vertices: a generated graph of 3,000 nodes and 6,000 edges
//!   got 740 layers, 549k crossings and 13 s; the greedy order 82 layers,
//!   498k crossings and 1.6 s.
//!
//! The depth-first order is kept unless its longest path is more than
//! [`MAX_DEPTH_RATIO`] times the greedy one's (both orders cost
//! O((n + m) log m), small beside the layering; on the benchmark graphs the
//! two longest paths stay within 10 %). Up to 3 times deeper on graphs of
//! up to 500 nodes, both are laid out and probed ([`MAX_PROBED_RATIO`]), as
//! on such graphs with hubs ([`MIN_HUB_DEGREE`]); deeper still, or on larger
//! graphs, the greedy order is used.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use super::layered::{Input, is_flat};
use crate::csr::Csr;

/// How much deeper than the greedy order's the depth-first search's DAG
/// may be before the greedy order is used instead.
const MAX_DEPTH_RATIO: f64 = 1.5;
/// Up to this ratio, on graphs up to [`MAX_PROBED_NODES`], both orders are
/// returned and the layout keeps the one whose layering a quick search
/// orders with fewer crossings: on cyclic random graphs neither wins
/// throughout (depth-first 10 % fewer crossings at 300 nodes, 4 % more at
/// 1,000), and the probe takes the better on each graph. Generated random
/// graphs (`compare_graphviz.py --kind random`) of 100–300 nodes: 6 % fewer
/// crossings, 14 % fewer than dot instead of 8 %, in 1.2 times the time
/// (the chosen layering gets the other's share of searches when larger);
/// 500 nodes: 3 % fewer, 1.6 times the time. At 1,000 the probe picked the
/// greedy order on 4 graphs of 5 for twice the time, and beyond, the deep
/// order's layering alone costs seconds (3,000 nodes: 740 layers).
const MAX_PROBED_RATIO: f64 = 3.0;
/// Larger graphs are not probed: there the second layering and its probe
/// cost more than they gain (1,000 random nodes: the greedy order kept on 4
/// graphs of 5, for twice the time), and graphs over 500 nodes that are
/// more than 1.5 times deeper take the greedy order.
const MAX_PROBED_NODES: usize = 500;
/// A hub: a node with at least this many edges and [`HUB_FACTOR`] times the
/// mean. Trust graphs gather around a few (the directory, single sign-on,
/// email), and there neither cycle breaking wins throughout either: on the
/// generated hub graphs (`compare_graphviz.py --kind hubs`, 5 % hubs) the
/// greedy order's layerings crossed 8 % less at 300 nodes, up to 11 % more
/// on single graphs of 200, so graphs with a hub are probed too (100–300
/// nodes: 0.7–8 % fewer crossings, 1.6–2.7 times the time, a tenth of
/// dot's or less). The benchmark graphs' and the samples' busiest nodes
/// have 10–16 edges, 2–4 times the mean: never probed.
const MIN_HUB_DEGREE: usize = 24;
const HUB_FACTOR: usize = 6;

/// Whether some node of the DAG-to-be `edges` is a hub (see
/// [`MIN_HUB_DEGREE`]), its degree counted over distinct neighbours:
/// parallel and opposite edges share one chain in the drawing.
fn has_hubs(n: usize, edges: &[(u32, u32)]) -> bool {
    let mut pairs: Vec<(u32, u32)> = edges
        .iter()
        .filter(|(u, v)| u != v)
        .map(|&(u, v)| (u.min(v), u.max(v)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut degree = vec![0usize; n];
    for &(u, v) in &pairs {
        degree[u as usize] += 1;
        degree[v as usize] += 1;
    }
    // Mean degree 2m/n, compared without dividing.
    degree
        .iter()
        .any(|&d| d >= MIN_HUB_DEGREE && d * n >= HUB_FACTOR * 2 * pairs.len())
}

/// Chooses which edges to draw reversed so that the rest form a DAG running
/// from the entries towards the crown jewels: edges into an entry or out of
/// a crown jewel first, then the cycles (see the module doc for which of
/// the two orders): the preferred breaking, and another to probe against it
/// (see [`MAX_PROBED_RATIO`]) when they differ.
pub(super) fn remove_cycles(input: &Input) -> (Vec<bool>, Option<Vec<bool>>) {
    let n = input.n;
    // Self-loops and edges within the first or last layer take no part.
    let ordered: Vec<bool> = input
        .edges
        .iter()
        .map(|&(u, v)| u != v && !is_flat(input, u, v))
        .collect();
    let reversed: Vec<bool> = input
        .edges
        .iter()
        .zip(&ordered)
        .map(|(&(u, v), &o)| {
            let (u, v) = (u as usize, v as usize);
            o && ((input.entry[v] && !input.entry[u]) || (input.jewel[u] && !input.jewel[v]))
        })
        .collect();
    let oriented: Vec<(u32, u32)> = input
        .edges
        .iter()
        .zip(&reversed)
        .zip(&ordered)
        .filter(|(_, o)| **o)
        .map(|((&(u, v), &r), _)| if r { (v, u) } else { (u, v) })
        .collect();
    let dist = distance_from_entries(input);
    let dfs = depth_first_rank(n, &oriented, &dist);
    let greedy = eades_rank(n, &oriented, &dist);
    let ratio =
        longest_path(&oriented, &dfs) as f64 / longest_path(&oriented, &greedy).max(1) as f64;
    let probe = n <= MAX_PROBED_NODES;
    let (first, second) = if ratio <= MAX_DEPTH_RATIO {
        let hubs = probe && has_hubs(n, &oriented);
        (dfs, hubs.then_some(greedy))
    } else if ratio <= MAX_PROBED_RATIO && probe {
        (greedy, Some(dfs))
    } else {
        (greedy, None)
    };
    let breaking = |rank: &[usize]| {
        let mut reversed = reversed.clone();
        for (i, &(u, v)) in input.edges.iter().enumerate() {
            if !ordered[i] {
                continue;
            }
            let (a, b) = if reversed[i] { (v, u) } else { (u, v) };
            if rank[a as usize] > rank[b as usize] {
                reversed[i] = !reversed[i];
            }
        }
        reversed
    };
    let first = breaking(&first);
    // Without cycles both orders break nothing: nothing to probe.
    let second = second.map(|rank| breaking(&rank)).filter(|r| *r != first);
    (first, second)
}

/// Hops from the nearest entry along edges (`u32::MAX` when unreachable).
fn distance_from_entries(input: &Input) -> Vec<u32> {
    let mut out: Vec<Vec<u32>> = vec![Vec::new(); input.n];
    for &(u, v) in &input.edges {
        out[u as usize].push(v);
    }
    let mut dist = vec![u32::MAX; input.n];
    let mut queue = VecDeque::new();
    for (v, d) in dist.iter_mut().enumerate() {
        if input.entry[v] {
            *d = 0;
            queue.push_back(v);
        }
    }
    while let Some(u) = queue.pop_front() {
        for &w in &out[u] {
            if dist[w as usize] == u32::MAX {
                dist[w as usize] = dist[u] + 1;
                queue.push_back(w as usize);
            }
        }
    }
    dist
}

/// A depth-first search from the entries (roots in order of distance from
/// them, then by index), as dot breaks cycles: an edge points backwards in
/// the returned order exactly when it closes a cycle back to a vertex still
/// on the search's stack. Returns each vertex's position in that order
/// (reverse postorder).
///
/// Each vertex's out-edges are followed nearest-to-the-entries first (then
/// by index), so the search runs with the flow and the edges it reverses
/// are the ones leading back towards the entries. Dot follows them by the
/// head's place in the file, which works as well on the generated graphs of
/// `benches/compare_graphviz.py` (their index order is their flow; seeds
/// 1–40, 200 graphs: more crossings than dot's on 3 either way) but depends
/// on how a person ordered their file; the order of the edges in the file
/// left 9.
///
/// Preferred to the greedy order of [`eades_rank`] where both are about
/// as deep (see the module doc).
fn depth_first_rank(n: usize, edges: &[(u32, u32)], dist: &[u32]) -> Vec<usize> {
    let mut out = vec![Vec::new(); n];
    for &(u, v) in edges {
        out[u as usize].push(v as usize);
    }
    for heads in &mut out {
        heads.sort_unstable_by_key(|&w| (dist[w], w));
    }
    let mut roots: Vec<usize> = (0..n).collect();
    roots.sort_by_key(|&v| (dist[v], v));
    let mut post = vec![0; n];
    let mut seen = vec![false; n];
    let mut next = 0;
    for root in roots {
        if std::mem::replace(&mut seen[root], true) {
            continue;
        }
        // (vertex, index of its next out-edge to follow)
        let mut stack = vec![(root, 0usize)];
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&w) = out[v].get(*i) {
                *i += 1;
                if !std::mem::replace(&mut seen[w], true) {
                    stack.push((w, 0));
                }
            } else {
                post[v] = next;
                next += 1;
                stack.pop();
            }
        }
    }
    post.iter().map(|&p| n - 1 - p).collect()
}

/// Edges on the longest path of the DAG the order `rank` makes of `edges`
/// (each pointed from its lower-ranked end).
fn longest_path(edges: &[(u32, u32)], rank: &[usize]) -> usize {
    let n = rank.len();
    let mut out = vec![Vec::new(); n];
    for &(u, v) in edges {
        let (u, v) = (u as usize, v as usize);
        let (a, b) = if rank[u] < rank[v] { (u, v) } else { (v, u) };
        out[a].push(b);
    }
    // `rank` is a permutation: invert it rather than sort.
    let mut by_rank = vec![0; n];
    for (v, &r) in rank.iter().enumerate() {
        by_rank[r] = v;
    }
    let mut depth = vec![0; n];
    for v in by_rank {
        for &w in &out[v] {
            depth[w] = depth[w].max(depth[v] + 1);
        }
    }
    depth.into_iter().max().unwrap_or(0)
}

/// Eades–Lin–Smyth: a vertex order in which few edges point backwards.
/// Returns each vertex's position in that order. O((n + m) log m).
fn eades_rank(n: usize, edges: &[(u32, u32)], dist: &[u32]) -> Vec<usize> {
    let mut fas = Fas::new(n, edges, dist);
    let mut front = Vec::with_capacity(n);
    let mut back = Vec::new();
    while fas.left > 0 {
        // Sinks go last, sources first; then the vertex with the most
        // out-edges over in-edges goes first.
        while let Some(v) = fas.take_emptied(OUT) {
            back.push(v);
        }
        while let Some(v) = fas.take_emptied(IN) {
            front.push(v);
        }
        // The heap holds stale keys; the first one that matches its vertex's
        // current degrees is the true maximum.
        while let Some(k) = fas.heap.pop() {
            let v = (k.2).0;
            if !fas.removed[v] && k == fas.key(v) {
                fas.remove(v);
                front.push(v);
                break;
            }
        }
    }
    let mut rank = vec![0; n];
    for (i, v) in front.into_iter().chain(back.into_iter().rev()).enumerate() {
        rank[v] = i;
    }
    rank
}

/// The two sides of a vertex in [`Fas`]'s arrays: its out-edges, its in-edges.
const OUT: usize = 0;
const IN: usize = 1;

/// The state of the greedy feedback-arc-set peeling. Each array holds one
/// entry per side ([`OUT`], [`IN`]), so removing a vertex updates both sides
/// with the same code.
struct Fas<'a> {
    /// Neighbours along out-edges and along in-edges.
    edges: [Csr<u32>; 2],
    /// Out-degree and in-degree among the vertices left.
    degree: [Vec<i64>; 2],
    /// Vertices left with no out-edges (sinks), with no in-edges (sources).
    emptied: [VecDeque<usize>; 2],
    removed: Vec<bool>,
    dist: &'a [u32],
    /// Max-heap on (out − in degree, nearer the entries, lower index).
    heap: BinaryHeap<(i64, Reverse<u32>, Reverse<usize>)>,
    left: usize,
}

impl<'a> Fas<'a> {
    fn new(n: usize, edges: &[(u32, u32)], dist: &'a [u32]) -> Self {
        let out = Csr::new(n, edges.iter().map(|&(u, v)| (u, v)));
        let inn = Csr::new(n, edges.iter().map(|&(u, v)| (v, u)));
        let degree = [&out, &inn].map(|e| (0..n as u32).map(|v| e.of(v).len() as i64).collect());
        let mut fas = Fas {
            edges: [out, inn],
            degree,
            emptied: [VecDeque::new(), VecDeque::new()],
            removed: vec![false; n],
            dist,
            heap: BinaryHeap::new(),
            left: n,
        };
        for v in 0..n {
            if let Some(side) = [OUT, IN].into_iter().find(|&s| fas.degree[s][v] == 0) {
                fas.emptied[side].push_back(v);
            }
            fas.heap.push(fas.key(v));
        }
        fas
    }

    fn key(&self, v: usize) -> (i64, Reverse<u32>, Reverse<usize>) {
        (
            self.degree[OUT][v] - self.degree[IN][v],
            Reverse(self.dist[v]),
            Reverse(v),
        )
    }

    /// Removes and returns a vertex left with no edges on `side`, if any.
    fn take_emptied(&mut self, side: usize) -> Option<usize> {
        while let Some(v) = self.emptied[side].pop_front() {
            if !self.removed[v] {
                self.remove(v);
                return Some(v);
            }
        }
        None
    }

    /// Removes `v`, updating its neighbours' degrees and queues: an
    /// out-neighbour loses an in-edge, an in-neighbour an out-edge.
    fn remove(&mut self, v: usize) {
        self.removed[v] = true;
        self.left -= 1;
        for side in [OUT, IN] {
            let other = 1 - side;
            for &w in self.edges[side].of(v as u32) {
                let w = w as usize;
                if self.removed[w] {
                    continue;
                }
                self.degree[other][w] -= 1;
                if self.degree[other][w] == 0 {
                    self.emptied[other].push_back(w);
                }
                let key = self.key(w);
                self.heap.push(key);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A star's centre is a hub once it has enough distinct neighbours and
    /// enough above the mean; a chain, or a star too small to matter, has
    /// none.
    #[test]
    fn hubs_are_busy_beyond_the_mean() {
        let star = |leaves: u32| -> Vec<(u32, u32)> { (1..=leaves).map(|v| (0, v)).collect() };
        assert!(has_hubs(25, &star(24)));
        assert!(
            !has_hubs(24, &star(23)),
            "23 neighbours: below MIN_HUB_DEGREE"
        );
        // Parallel and opposite edges are one neighbour, drawn as one chain.
        let mut twice = star(12);
        twice.extend((1..=12).map(|v| (v, 0)));
        twice.extend(star(12));
        assert!(!has_hubs(13, &twice));
        let chain: Vec<(u32, u32)> = (0..99).map(|v| (v, v + 1)).collect();
        assert!(!has_hubs(100, &chain));
        // A node with 30 neighbours among nodes with about 8 each (mean 8.3,
        // 30 < 6 × 8.3): not a hub.
        let others = |steps: &[u32]| -> Vec<(u32, u32)> {
            let mut e = star(30);
            for &step in steps {
                e.extend((31..250).map(|v| (v, 31 + (v - 31 + step) % 219)));
            }
            e
        };
        assert!(!has_hubs(250, &others(&[1, 7, 13, 29])));
        // The same node where the others have about 2 (mean 2.2): a hub.
        assert!(has_hubs(250, &others(&[1])));
    }
}
