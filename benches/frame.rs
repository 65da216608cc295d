//! CPU time of one frame of the real canvas: egui pass (`Context::run_ui`)
//! plus tessellation, no GPU. Generated graphs of 1k and 10k nodes with two
//! or three edges each, everything in view (fit), and 1k at zoom 1 where
//! labels, badges and arrowheads are drawn and most nodes are culled.
//! Targets (issue 3): ≤ 6 ms at 1k, ≤ 16 ms at 10k.
//!
//! The same graphs drawn by egui_graphs' `GraphView` are measured too: the
//! baseline that made the canvas our own painter (it draws every node and
//! edge each frame and asks for a repaint every frame, even when idle).

use criterion::{Criterion, criterion_group, criterion_main};
use trustpath::app::state::{AppState, Settings};
use trustpath::app::{canvas, theme};
use trustpath::generate::{self, GenSpec};
use trustpath::model::TrustGraph;

/// The seeded generator's graph of `n` nodes and 2.5 `n` edges (about 1%
/// entries and jewels), laid on a grid, with long labels as at zoom 1.
fn generated(n: usize) -> TrustGraph {
    let spec = GenSpec {
        entries: n / 97,
        jewels: n / 89,
        ..GenSpec::new(n, n * 5 / 2, 7)
    };
    let mut g = generate::random_graph(&spec);
    let side = (n as f64).sqrt().ceil() as usize;
    let ixs: Vec<_> = g.nodes().map(|(ix, _)| ix).collect();
    for (i, ix) in ixs.into_iter().enumerate() {
        let mut node = g.node(ix).clone();
        node.label = format!("Component number {i}");
        node.pos = Some([(i % side) as f64 * 220.0, (i / side) as f64 * 110.0]);
        g.set_node(ix, node).expect("same id");
    }
    g
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        ..Default::default()
    }
}

/// One frame: the egui pass over the canvas, then tessellation.
fn frame(ctx: &egui::Context, state: &mut AppState, palette: &theme::Palette) -> usize {
    let out = ctx.run_ui(input(), |ui| {
        egui::CentralPanel::no_frame().show(ui, |ui| canvas::canvas_ui(ui, state, palette));
    });
    ctx.tessellate(out.shapes, out.pixels_per_point).len()
}

fn bench(c: &mut Criterion) {
    let palette = theme::Palette::new(true);
    for (name, n, zoom) in [
        ("canvas 1k, all in view", 1_000, None),
        ("canvas 10k, all in view", 10_000, None),
        ("canvas 1k, zoom 1 (labels)", 1_000, Some(1.0)),
    ] {
        let ctx = egui::Context::default();
        let mut state = AppState::new(generated(n), "bench", Settings::default());
        frame(&ctx, &mut state, &palette); // fits the view
        if let Some(z) = zoom {
            state.camera.zoom = z;
        }
        c.bench_function(name, |b| b.iter(|| frame(&ctx, &mut state, &palette)));
    }
}

/// The same number of nodes and edges in egui_graphs' default view, for comparison.
fn graph_view_baseline(c: &mut Criterion) {
    for (name, n) in [
        ("egui_graphs GraphView 1k (baseline)", 1_000),
        ("egui_graphs GraphView 10k (baseline)", 10_000),
    ] {
        let model = generated(n);
        let mut g = egui_graphs::Graph::<(), ()>::new();
        let ixs: Vec<_> = model.nodes().map(|_| g.add_node(())).collect();
        for e in model.edges() {
            g.add_edge(ixs[e.from.index()], ixs[e.to.index()], ());
        }
        let ctx = egui::Context::default();
        let mut run = || {
            let out = ctx.run_ui(input(), |ui| {
                egui::CentralPanel::no_frame().show(ui, |ui| {
                    egui_graphs::DefaultGraphView::new().show(ui, &mut g);
                });
            });
            ctx.tessellate(out.shapes, out.pixels_per_point).len()
        };
        run();
        c.bench_function(name, |b| b.iter(&mut run));
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench, graph_view_baseline
}
criterion_main!(benches);
