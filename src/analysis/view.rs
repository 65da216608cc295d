//! A compact adjacency (CSR) view of the model for the algorithms: directed
//! arcs only (a bidirectional edge becomes two arcs), self-loops dropped,
//! edges filtered by kind, node indices as `u32` for cache-friendly loops.

use petgraph::stable_graph::NodeIndex;

use crate::csr::Csr;
use crate::model::{EdgeId, TrustGraph};

/// One direction of one trust edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Arc {
    pub to: u32,
    pub likelihood: f64,
    pub edge: EdgeId,
}

/// What to do with several edges joining the same ordered pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Parallel {
    /// Keep only the most likely (lowest `EdgeId` on a tie): what a path uses.
    MostLikely,
    /// Keep them all: each is a separate chance in Monte Carlo.
    All,
}

/// Which edges the algorithms see.
#[derive(Clone, Debug, Default)]
pub struct EdgeFilter {
    /// Only edges of these kinds; `None` for all.
    pub kinds: Option<Vec<String>>,
    /// Edges treated as cut (removed).
    pub cut_edges: Vec<EdgeId>,
    /// Nodes treated as removed (no arcs in or out).
    pub cut_nodes: Vec<NodeIndex>,
    /// Likelihood multipliers for hardened edges (factor in (0, 1]).
    pub scaled_edges: Vec<(EdgeId, f64)>,
}

impl EdgeFilter {
    fn likelihood(&self, id: EdgeId, base: f64) -> Option<f64> {
        if self.cut_edges.contains(&id) {
            return None;
        }
        let factor = self
            .scaled_edges
            .iter()
            .find(|(e, _)| *e == id)
            .map_or(1.0, |(_, f)| *f);
        // A factor of 0 removes the arc; two tiny positive numbers whose
        // product underflows leave it, as unlikely as an f64 can say.
        (base > 0.0 && factor > 0.0).then(|| (base * factor).clamp(f64::MIN_POSITIVE, 1.0))
    }
}

/// Forward adjacency in compressed sparse row form.
#[derive(Clone, Debug)]
pub struct TrustView {
    /// Number of node slots (petgraph's node bound; removed slots have no arcs).
    pub n: usize,
    arcs: Csr<Arc>,
}

impl TrustView {
    /// Builds the view of `g` under `filter`.
    pub fn new(g: &TrustGraph, filter: &EdgeFilter, parallel: Parallel) -> Self {
        let n = g.node_bound();
        let mut removed = vec![false; n];
        for ix in &filter.cut_nodes {
            if let Some(r) = removed.get_mut(ix.index()) {
                *r = true;
            }
        }
        let mut raw: Vec<(u32, Arc)> = Vec::with_capacity(g.edge_count() * 2);
        for e in g.edges() {
            if e.from == e.to || removed[e.from.index()] || removed[e.to.index()] {
                continue;
            }
            if filter
                .kinds
                .as_ref()
                .is_some_and(|kinds| !kinds.contains(&e.edge.kind))
            {
                continue;
            }
            let Some(likelihood) = filter.likelihood(e.id, e.edge.likelihood) else {
                continue;
            };
            let (a, b) = (e.from.index() as u32, e.to.index() as u32);
            raw.push((
                a,
                Arc {
                    to: b,
                    likelihood,
                    edge: e.id,
                },
            ));
            if e.edge.bidirectional {
                raw.push((
                    b,
                    Arc {
                        to: a,
                        likelihood,
                        edge: e.id,
                    },
                ));
            }
        }
        // Sort by (from, to, most likely first, lowest id first): parallel arcs
        // end up adjacent with the one a path would use in front.
        raw.sort_by(|(fa, a), (fb, b)| {
            (fa, a.to)
                .cmp(&(fb, b.to))
                .then(b.likelihood.total_cmp(&a.likelihood))
                .then(a.edge.cmp(&b.edge))
        });
        if parallel == Parallel::MostLikely {
            raw.dedup_by(|(fb, b), (fa, a)| fa == fb && a.to == b.to);
        }
        Self::from_sorted(n, raw)
    }

    fn from_sorted(n: usize, raw: Vec<(u32, Arc)>) -> Self {
        Self {
            n,
            arcs: Csr::from_sorted(n, raw),
        }
    }

    /// Arcs leaving `v`.
    #[inline]
    pub fn out(&self, v: u32) -> &[Arc] {
        self.arcs.of(v)
    }

    /// All arcs with their tails, in order.
    pub fn arcs(&self) -> impl Iterator<Item = (u32, &Arc)> + '_ {
        (0..self.n as u32).flat_map(move |v| self.out(v).iter().map(move |a| (v, a)))
    }

    pub fn arc_count(&self) -> usize {
        self.arcs.len()
    }

    /// The same arcs pointing the other way (`to` is then the tail).
    pub fn reversed(&self) -> Self {
        let mut raw: Vec<(u32, Arc)> = self
            .arcs()
            .map(|(from, a)| (a.to, Arc { to: from, ..*a }))
            .collect();
        raw.sort_by_key(|(f, a)| (*f, a.to));
        Self::from_sorted(self.n, raw)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Edge, Node};

    #[test]
    fn keeps_most_likely_parallel_edge_and_expands_bidirectional() {
        let mut g = TrustGraph::new();
        let a = g.add_node(Node::new("a")).unwrap();
        let b = g.add_node(Node::new("b")).unwrap();
        g.add_edge(
            a,
            b,
            Edge {
                likelihood: 0.2,
                ..Edge::default()
            },
        )
        .unwrap();
        let best = g
            .add_edge(
                a,
                b,
                Edge {
                    likelihood: 0.7,
                    ..Edge::default()
                },
            )
            .unwrap();
        g.add_edge(a, a, Edge::default()).unwrap();
        g.add_edge(
            b,
            a,
            Edge {
                bidirectional: true,
                likelihood: 0.5,
                ..Edge::default()
            },
        )
        .unwrap();
        let v = TrustView::new(&g, &EdgeFilter::default(), Parallel::MostLikely);
        assert_eq!(v.out(0).len(), 1);
        assert_eq!(v.out(0)[0].edge, best);
        assert_eq!(v.out(1).len(), 1);
        let all = TrustView::new(&g, &EdgeFilter::default(), Parallel::All);
        assert_eq!(all.out(0).len(), 3, "two a→b edges and the reverse of b↔a");
        assert_eq!(all.reversed().out(1).len(), 3);
    }
}
