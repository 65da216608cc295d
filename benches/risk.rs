//! Monte Carlo speed on a large model: 10,000 samples on a generated
//! 100k-node / 400k-edge graph (issue 5 target: ≤ 5 s in release on 2 cores),
//! plus the choke-point cuts on the same graph.
//!
//! `cargo bench --no-default-features --bench risk`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trustpath::analysis::{Control, EdgeFilter, RiskQuery, choke_points, estimate_risk};
use trustpath::model::{Edge, Node, TrustGraph};

/// A seeded random model: `nodes` nodes, `edges` edges with uniformly random
/// ends (10 % bidirectional), likelihoods ~ U(0.05, 0.6), 5 entries, 5 jewels.
fn generate(nodes: usize, edges: usize, seed: u64) -> TrustGraph {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut g = TrustGraph::new();
    let ix: Vec<_> = (0..nodes)
        .map(|i| {
            let mut node = Node::new(format!("n{i}"));
            node.entry = i < 5;
            node.crown_jewel = i >= nodes - 5;
            g.add_node(node).expect("generated ids are unique")
        })
        .collect();
    for _ in 0..edges {
        let (a, b) = (rng.random_range(0..nodes), rng.random_range(0..nodes));
        let edge = Edge {
            likelihood: rng.random_range(0.05..0.6),
            bidirectional: rng.random_bool(0.1),
            ..Edge::default()
        };
        g.add_edge(ix[a], ix[b], edge)
            .expect("generated likelihoods are valid");
    }
    g
}

fn bench(c: &mut Criterion) {
    let g = generate(100_000, 400_000, 1);
    let mut group = c.benchmark_group("risk");
    group.sample_size(10);
    group.bench_function("monte_carlo_10k_samples_100k_nodes_400k_edges", |b| {
        let q = RiskQuery::entries_to_jewels(&g, 10_000, 1);
        b.iter(|| estimate_risk(black_box(&g), &q, &Control::default()));
    });
    group.bench_function("choke_points_100k_nodes_400k_edges", |b| {
        let (entries, jewels) = (g.entries(), g.crown_jewels());
        b.iter(|| choke_points(black_box(&g), &entries, &jewels, &EdgeFilter::default()));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
