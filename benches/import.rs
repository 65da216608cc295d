//! Import speed: the largest real files in ../shared/corpus, and synthetic
//! OpenGraph, GraphML and CSV files of a few thousand nodes.
//!
//! `cargo bench --no-default-features --bench import`

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use trustpath::import::{self, Format};
use trustpath::model::{Edge, Node, TrustGraph};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");

/// `n` nodes in a ring with chords, deterministic.
fn synthetic(n: usize) -> TrustGraph {
    let mut g = TrustGraph::new();
    let ix: Vec<_> = (0..n)
        .map(|i| {
            let mut node = Node::new(format!("n{i}"));
            node.kind = ["endpoint", "identity", "data"][i % 3].into();
            g.add_node(node).unwrap()
        })
        .collect();
    for i in 0..n {
        for step in [1, 7, 31] {
            let edge = Edge {
                kind: "credential".into(),
                likelihood: 0.5,
                ..Edge::default()
            };
            g.add_edge(ix[i], ix[(i + step) % n], edge).unwrap();
        }
    }
    g
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("import");
    for (name, rel) in [
        (
            "threat-dragon 100KB",
            "threat-dragon/cryptocurrency-wallet.json",
        ),
        ("threagile example", "threagile/example.yaml"),
    ] {
        let bytes = std::fs::read(format!("{CORPUS}/{rel}")).unwrap();
        group.bench_function(name, |b| {
            b.iter(|| import::import(black_box(&bytes), None).unwrap())
        });
    }
    let g = synthetic(3000);
    let mut opengraph = Vec::new();
    import::write_opengraph(&g, &mut opengraph).unwrap();
    group.bench_function("opengraph 3000 nodes 9000 edges", |b| {
        b.iter(|| import::import(black_box(&opengraph), Some(Format::OpenGraph)).unwrap())
    });
    let mut csv = String::new();
    let mut graphml = String::from(
        "<graphml><key id=\"k\" for=\"edge\" attr.name=\"likelihood\"/><graph edgedefault=\"directed\">\n",
    );
    for (_, n) in g.nodes() {
        writeln!(graphml, "<node id=\"{}\"/>", n.id).unwrap();
    }
    for e in g.edges() {
        let (from, to) = (&g.node(e.from).id, &g.node(e.to).id);
        writeln!(csv, "{from},{to},{},{}", e.edge.kind, e.edge.likelihood).unwrap();
        writeln!(
            graphml,
            "<edge source=\"{from}\" target=\"{to}\"><data key=\"k\">0.5</data></edge>"
        )
        .unwrap();
    }
    graphml.push_str("</graph></graphml>\n");
    group.bench_function("csv 9000 edges", |b| {
        b.iter(|| import::import(black_box(csv.as_bytes()), None).unwrap())
    });
    group.bench_function("graphml 3000 nodes 9000 edges", |b| {
        b.iter(|| import::import(black_box(graphml.as_bytes()), None).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
