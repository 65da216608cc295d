//! Seeded random trust graphs for benchmarks and property tests: the same
//! seed always gives the same graph, so measurements and failures replay.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::model::{Edge, Node, TrustGraph};

const KINDS: [&str; 6] = [
    "endpoint",
    "identity",
    "network",
    "application",
    "data",
    "ot",
];
const ZONES: [&str; 4] = ["internet", "corporate", "datacenter", "ot"];
const EDGE_KINDS: [&str; 5] = [
    "credential",
    "network",
    "admin",
    "data-flow",
    "supply-chain",
];

/// Shape of a generated graph.
#[derive(Clone, Debug)]
pub struct GenSpec {
    pub nodes: usize,
    pub edges: usize,
    /// How many nodes are entries (the first ones) and crown jewels (the last ones).
    pub entries: usize,
    pub jewels: usize,
    /// Likelihoods are uniform in this range.
    pub likelihood: (f64, f64),
    /// Share of edges that are bidirectional.
    pub bidirectional: f64,
    pub seed: u64,
}

impl GenSpec {
    /// `nodes` nodes, `edges` edges, a handful of entries and jewels.
    pub fn new(nodes: usize, edges: usize, seed: u64) -> Self {
        Self {
            nodes,
            edges,
            entries: (nodes / 20_000).clamp(1, 5),
            jewels: (nodes / 20_000).clamp(1, 5),
            likelihood: (0.05, 0.95),
            bidirectional: 0.05,
            seed,
        }
    }
}

/// A random graph: edges mostly run "forward" (from lower to higher node
/// numbers, like trust flowing from entries towards jewels) with some back
/// edges making cycles, and parallel edges and self-loops allowed, as in real files.
pub fn random_graph(spec: &GenSpec) -> TrustGraph {
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let mut g = TrustGraph::new();
    g.title = format!(
        "generated {} nodes / {} edges (seed {})",
        spec.nodes, spec.edges, spec.seed
    );
    let n = spec.nodes;
    let mut ixs = Vec::with_capacity(n);
    for i in 0..n {
        let mut node = Node::new(format!("n{i}"));
        node.kind = KINDS[rng.random_range(0..KINDS.len())].to_owned();
        node.zone = ZONES[i * ZONES.len() / n.max(1)].to_owned();
        node.entry = i < spec.entries;
        node.crown_jewel = i >= n.saturating_sub(spec.jewels);
        ixs.push(g.add_node(node).expect("generated ids are unique"));
    }
    if n == 0 {
        return g;
    }
    let (lo, hi) = spec.likelihood;
    for _ in 0..spec.edges {
        let a = rng.random_range(0..n);
        // Forward with a short reach most of the time, anywhere otherwise.
        let b = if rng.random_bool(0.85) {
            (a + 1 + rng.random_range(0..(n / 50).max(3))).min(n - 1)
        } else {
            rng.random_range(0..n)
        };
        let edge = Edge {
            kind: EDGE_KINDS[rng.random_range(0..EDGE_KINDS.len())].to_owned(),
            likelihood: if hi > lo {
                rng.random_range(lo..=hi)
            } else {
                hi
            },
            bidirectional: rng.random_bool(spec.bidirectional),
            ..Edge::default()
        };
        g.add_edge(ixs[a], ixs[b], edge)
            .expect("generated likelihoods are valid");
    }
    g
}
