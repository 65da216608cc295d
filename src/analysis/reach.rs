//! Reachability with hop distance: the blast radius of an entry (forward) and
//! who can reach a crown jewel (backward). Breadth-first, O(V + E).

use std::collections::VecDeque;

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use super::view::{EdgeFilter, Parallel, TrustView};
use crate::model::TrustGraph;

/// Every node reachable from `starts` following edges in `dir`
/// (`Outgoing`: what they can reach; `Incoming`: who can reach them),
/// with its distance in hops; the starts themselves at 0. Sorted by distance,
/// then node order.
///
/// ```
/// use petgraph::Direction;
/// use trustpath::{analysis::{reach, EdgeFilter}, io::load_bytes};
/// let g = load_bytes(br#"{"version": 1, "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
///   "edges": [{"from": "a", "to": "b"}, {"from": "b", "to": "c"}]}"#).unwrap();
/// let r = reach(&g, &[g.find("c").unwrap()], Direction::Incoming, &EdgeFilter::default());
/// assert_eq!(r.iter().map(|&(_, d)| d).collect::<Vec<_>>(), [0, 1, 2]);
/// ```
pub fn reach(
    g: &TrustGraph,
    starts: &[NodeIndex],
    dir: Direction,
    filter: &EdgeFilter,
) -> Vec<(NodeIndex, usize)> {
    let forward = TrustView::new(g, filter, Parallel::MostLikely);
    let view = match dir {
        Direction::Outgoing => forward,
        Direction::Incoming => forward.reversed(),
    };
    let dist = distances(&view, starts.iter().map(|v| v.index() as u32));
    let mut out: Vec<(NodeIndex, usize)> = dist
        .iter()
        .enumerate()
        .filter(|(_, d)| **d != u32::MAX)
        .map(|(v, &d)| (NodeIndex::new(v), d as usize))
        .collect();
    out.sort_by_key(|&(v, d)| (d, v));
    out
}

/// Hop distances from a set of starts over a view; `u32::MAX` where unreachable.
pub(crate) fn distances(view: &TrustView, starts: impl Iterator<Item = u32>) -> Vec<u32> {
    let mut dist = vec![u32::MAX; view.n];
    let mut queue = VecDeque::new();
    for s in starts {
        if (s as usize) < view.n && dist[s as usize] != 0 {
            dist[s as usize] = 0;
            queue.push_back(s);
        }
    }
    while let Some(v) = queue.pop_front() {
        for a in view.out(v) {
            if dist[a.to as usize] == u32::MAX {
                dist[a.to as usize] = dist[v as usize] + 1;
                queue.push_back(a.to);
            }
        }
    }
    dist
}
