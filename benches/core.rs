//! Core speed: loading a 100k-node / 400k-edge file and the k = 10 most
//! likely paths on it (issue targets: load ≤ 1 s, paths ≤ 0.5 s, release).
//! Run: `cargo bench --no-default-features --bench core`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use trustpath::analysis::{PathQuery, most_likely_paths};
use trustpath::generate::{GenSpec, random_graph};
use trustpath::io;

fn big() -> trustpath::model::TrustGraph {
    random_graph(&GenSpec::new(100_000, 400_000, 7))
}

fn load(c: &mut Criterion) {
    let text = io::to_json_string(&big());
    let mut group = c.benchmark_group("load");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("100k_nodes_400k_edges", |b| {
        b.iter(|| io::load_bytes(black_box(text.as_bytes())).unwrap())
    });
    group.finish();
}

fn paths(c: &mut Criterion) {
    let g = big();
    let q = PathQuery::entries_to_jewels(&g, 10);
    assert_eq!(
        most_likely_paths(&g, &q).len(),
        10,
        "the benchmark graph must have 10 paths"
    );
    let mut group = c.benchmark_group("paths");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("k10_100k_nodes_400k_edges", |b| {
        b.iter(|| most_likely_paths(black_box(&g), &q))
    });
    let mut limited = q.clone();
    limited.max_hops = Some(40);
    group.bench_function("k10_max_hops_40_100k_nodes_400k_edges", |b| {
        b.iter(|| most_likely_paths(black_box(&g), &limited))
    });
    group.finish();
}

criterion_group!(benches, load, paths);
criterion_main!(benches);
