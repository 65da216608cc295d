//! Export speed on the largest sample (enterprise-35, 35 nodes, 88 edges)
//! with the 5 most likely paths highlighted: SVG text, PNG rasterisation
//! at 1× (the font database is built once, before measuring), GraphML, DOT.

use criterion::{Criterion, criterion_group, criterion_main};
use trustpath::analysis::{PathQuery, most_likely_paths};
use trustpath::export::{ExportOptions, Format, render};

fn bench(c: &mut Criterion) {
    let mut g = trustpath::samples::default_sample();
    let ixs: Vec<_> = g.nodes().map(|(ix, _)| ix).collect();
    for (i, ix) in ixs.into_iter().enumerate() {
        g.set_pos(ix, Some([(i % 6) as f64 * 240.0, (i / 6) as f64 * 130.0]))
            .unwrap();
    }
    let highlight = most_likely_paths(&g, &PathQuery::entries_to_jewels(&g, 5));
    for format in [Format::Svg, Format::Png, Format::GraphMl, Format::Dot] {
        let opts = ExportOptions {
            format,
            highlight: highlight.clone(),
            ..ExportOptions::default()
        };
        let mut warm = Vec::new();
        render(&g, &opts, &mut warm).unwrap();
        c.bench_function(
            &format!("export enterprise-35 {}", format.extension()),
            |b| {
                b.iter(|| {
                    let mut out = Vec::with_capacity(warm.len());
                    render(&g, &opts, &mut out).unwrap();
                    out
                })
            },
        );
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = bench
}
criterion_main!(benches);
