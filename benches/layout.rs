//! Layout speed on generated graphs: layered on 200 and 1k nodes, force on
//! 10k and 100k. `cargo bench --bench layout`. The comparison with Graphviz
//! (`dot`, `sfdp`) on the same kind of graphs is benches/compare_graphviz.py.

use criterion::{Criterion, criterion_group, criterion_main};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::hint::black_box;
use std::time::Duration;
use trustpath::layout::{self, Algorithm, LayoutOptions};
use trustpath::model::{Edge, Node, TrustGraph};

/// A sparse, mostly forward ("DAG-ish") graph like a trust model: about two
/// edges per node to nodes a little further on, one in twenty pointing back
/// (cycles); the first and last 2% are entries and crown jewels.
/// Same construction as `graph()` in compare_graphviz.py.
fn graph(n: usize, seed: u64) -> TrustGraph {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut g = TrustGraph::new();
    let marked = (n / 50).max(1);
    let ixs: Vec<_> = (0..n)
        .map(|i| {
            let mut node = Node::new(format!("n{i}"));
            node.entry = i < marked;
            node.crown_jewel = i >= n - marked;
            g.add_node(node).unwrap()
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    for i in 0..n {
        for _ in 0..2 {
            let j = i + 1 + rng.random_range(0..20);
            if j >= n || !seen.insert((i, j)) {
                continue;
            }
            let (a, b) = if rng.random_bool(0.05) {
                (j, i)
            } else {
                (i, j)
            };
            g.add_edge(ixs[a], ixs[b], Edge::default()).unwrap();
        }
    }
    g
}

fn bench(c: &mut Criterion, algorithm: Algorithm, n: usize) {
    let g = graph(n, 1);
    let opts = LayoutOptions {
        algorithm,
        ..LayoutOptions::default()
    };
    c.bench_function(&format!("{} {n}", algorithm.name()), |b| {
        b.iter(|| layout::compute(black_box(&g), &opts))
    });
}

fn layered(c: &mut Criterion) {
    bench(c, Algorithm::Layered, 200);
    bench(c, Algorithm::Layered, 1_000);
}

fn force(c: &mut Criterion) {
    bench(c, Algorithm::Force, 10_000);
    bench(c, Algorithm::Force, 100_000);
}

criterion_group!(small, layered);
criterion_group! {
    name = large;
    config = Criterion::default().sample_size(10).measurement_time(Duration::from_secs(20));
    targets = force
}
criterion_main!(small, large);
