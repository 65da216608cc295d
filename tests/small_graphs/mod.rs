//! Small random trust graphs for the tests that compare the analysis with
//! brute force (tests/paths.rs, tests/risk.rs): parallel edges,
//! bidirectional edges, self-loops and nodes that are both entry and jewel
//! all occur.

// Each test file uses the part of this module it needs.
#![allow(dead_code)]

use petgraph::stable_graph::NodeIndex;
use proptest::prelude::*;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use trustpath::model::{Edge, Node, TrustGraph};

/// Likelihoods from a small set, so that ties (0.25 = 0.5 × 0.5, 1.0 edges)
/// are common and tie-breaking is exercised.
pub const LIKELIHOODS: [f64; 7] = [0.1, 0.25, 0.3, 0.5, 0.6, 0.9, 1.0];

#[derive(Clone, Debug)]
pub struct SmallGraph {
    pub n: usize,
    /// `(from, to, likelihood, bidirectional)` by node number.
    pub edges: Vec<(usize, usize, f64, bool)>,
    pub entries: Vec<usize>,
    pub jewels: Vec<usize>,
}

/// 2–7 nodes, up to three edges per node, one or two entries and jewels;
/// `bidirectional` is the share of two-way edges.
pub fn small_graph(bidirectional: f64) -> impl Strategy<Value = SmallGraph> {
    (2usize..8).prop_flat_map(move |n| {
        (
            prop::collection::vec(
                (
                    0..n,
                    0..n,
                    prop::sample::select(&LIKELIHOODS[..]),
                    prop::bool::weighted(bidirectional),
                ),
                0..(n * 3),
            ),
            prop::collection::vec(0..n, 1..3),
            prop::collection::vec(0..n, 1..3),
        )
            .prop_map(move |(edges, entries, jewels)| SmallGraph {
                n,
                edges,
                entries,
                jewels,
            })
    })
}

impl SmallGraph {
    /// The same kind of graph from a seeded RNG, for loops outside proptest.
    pub fn random(rng: &mut ChaCha8Rng, max_n: usize, max_edges: usize) -> Self {
        let n = rng.random_range(2..=max_n);
        let m = rng.random_range(0..=max_edges);
        let edges = (0..m)
            .map(|_| {
                (
                    rng.random_range(0..n),
                    rng.random_range(0..n),
                    LIKELIHOODS[rng.random_range(0..LIKELIHOODS.len())],
                    rng.random_bool(0.2),
                )
            })
            .collect();
        let pick = |rng: &mut ChaCha8Rng| {
            (0..rng.random_range(1..=2))
                .map(|_| rng.random_range(0..n))
                .collect()
        };
        let entries = pick(rng);
        let jewels = pick(rng);
        SmallGraph {
            n,
            edges,
            entries,
            jewels,
        }
    }

    /// The model graph (nodes `n0`, `n1`, … flagged as entries and jewels)
    /// and the index of each node number.
    pub fn build(&self) -> (TrustGraph, Vec<NodeIndex>) {
        let mut g = TrustGraph::new();
        let ix: Vec<NodeIndex> = (0..self.n)
            .map(|i| {
                let mut node = Node::new(format!("n{i}"));
                node.entry = self.entries.contains(&i);
                node.crown_jewel = self.jewels.contains(&i);
                g.add_node(node).unwrap()
            })
            .collect();
        for &(a, b, l, bidirectional) in &self.edges {
            let edge = Edge {
                likelihood: l,
                bidirectional,
                ..Edge::default()
            };
            g.add_edge(ix[a], ix[b], edge).unwrap();
        }
        (g, ix)
    }
}
