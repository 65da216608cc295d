//! Layout properties on random graphs (proptest), the layered layout's
//! direction rules on the samples, and the `layout` subcommand end to end.

use std::collections::HashMap;

use assert_cmd::Command;
use petgraph::stable_graph::NodeIndex;
use proptest::prelude::*;
use trustpath::layout::{self, Algorithm, Flow, LayoutOptions, MIN_DISTANCE};
use trustpath::model::{Edge, Node, TrustGraph};

/// A random graph: `n` nodes with random entry/jewel flags, zones from a
/// small set (some empty), some pinned, and random edges incl. self-loops,
/// parallel and opposite edges.
fn arb_graph() -> impl Strategy<Value = TrustGraph> {
    (1usize..30).prop_flat_map(|n| {
        (
            prop::collection::vec((0u8..8, 0u8..4, 0u8..12, -300i32..300, -300i32..300), n),
            prop::collection::vec((0..n, 0..n, any::<bool>()), 0..(2 * n + 2)),
        )
            .prop_map(move |(attrs, edges)| {
                let mut g = TrustGraph::new();
                let ixs: Vec<NodeIndex> = attrs
                    .iter()
                    .enumerate()
                    .map(|(i, &(flags, zone, pin, x, y))| {
                        let mut node = Node::new(format!("n{i}"));
                        node.entry = flags & 1 == 1;
                        // Both flags at once too: a node can be both.
                        node.crown_jewel = flags & 2 == 2;
                        node.zone = ["", "corp", "dmz", "ot"][zone as usize].to_string();
                        if pin == 0 {
                            node.pinned = true;
                            node.pos = Some([f64::from(x) * 10.0, f64::from(y) * 10.0]);
                        }
                        g.add_node(node).unwrap()
                    })
                    .collect();
                for (u, v, bidirectional) in edges {
                    let edge = Edge {
                        bidirectional,
                        ..Edge::default()
                    };
                    g.add_edge(ixs[u], ixs[v], edge).unwrap();
                }
                g
            })
    })
}

fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

/// Finite, complete, pinned kept, and no unpinned node closer than
/// `MIN_DISTANCE` to any other node.
fn check_positions(g: &TrustGraph, result: &layout::LayoutResult) -> Result<(), TestCaseError> {
    prop_assert_eq!(result.positions.len(), g.node_count());
    for &(ix, p) in &result.positions {
        prop_assert!(p[0].is_finite() && p[1].is_finite(), "{:?}", p);
        let node = g.node(ix);
        if node.pinned {
            prop_assert_eq!(Some(p), node.pos);
        }
    }
    for (i, &(a, pa)) in result.positions.iter().enumerate() {
        for &(b, pb) in &result.positions[i + 1..] {
            if g.node(a).pinned && g.node(b).pinned {
                continue;
            }
            prop_assert!(
                dist(pa, pb) >= MIN_DISTANCE - 1e-6,
                "{} and {} are {} apart",
                g.node(a).id,
                g.node(b).id,
                dist(pa, pb)
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_layout_places_every_node_apart_and_deterministically(g in arb_graph(), seed in 0u64..4) {
        for algorithm in Algorithm::ALL {
            for flow in [Flow::LeftToRight, Flow::TopToBottom] {
                let opts = LayoutOptions { algorithm, flow, seed };
                let result = layout::compute(&g, &opts);
                check_positions(&g, &result)?;
                prop_assert_eq!(&result, &layout::compute(&g, &opts), "{:?} is not deterministic", algorithm);
                if algorithm == Algorithm::Zones {
                    let names: std::collections::BTreeSet<String> = g
                        .nodes()
                        .map(|(_, n)| if n.zone.is_empty() { "unzoned".to_string() } else { n.zone.clone() })
                        .collect();
                    let got: std::collections::BTreeSet<String> =
                        result.regions.iter().map(|r| r.name.clone()).collect();
                    prop_assert_eq!(got, names);
                }
            }
        }
    }

    #[test]
    fn layered_edges_point_forward_entries_first_jewels_last(g in arb_graph()) {
        let l = layout::layered(&g, Flow::LeftToRight);
        let layer: HashMap<NodeIndex, u32> = l.layers.iter().copied().collect();
        let last = layer.values().copied().max().unwrap_or(0);
        for e in g.edges() {
            if e.from == e.to {
                continue;
            }
            let (a, b) = (layer[&e.from], layer[&e.to]);
            if l.flat.binary_search(&e.id).is_ok() {
                prop_assert_eq!(a, b);
            } else if l.reversed.binary_search(&e.id).is_ok() {
                prop_assert!(b < a, "reversed edge {:?} does not point back", e.id);
            } else {
                prop_assert!(a < b, "edge {:?} does not point forward", e.id);
            }
        }
        for (ix, node) in g.nodes() {
            // A node both entry and jewel counts as an entry.
            if node.entry {
                prop_assert_eq!(layer[&ix], 0, "entry {} not on the first layer", node.id);
            }
            if node.crown_jewel && !node.entry {
                prop_assert_eq!(layer[&ix], last, "jewel {} not on the last layer", node.id);
            }
        }
        // Bend points lie strictly between the layers of their edge's ends.
        let x: HashMap<NodeIndex, f64> = l.result.positions.iter().map(|&(ix, p)| (ix, p[0])).collect();
        for (id, bends) in &l.result.bends {
            let e = g.edge(*id).unwrap();
            if l.flat.binary_search(id).is_ok() || g.node(e.from).pinned || g.node(e.to).pinned {
                continue;
            }
            let (lo, hi) = (x[&e.from].min(x[&e.to]), x[&e.from].max(x[&e.to]));
            for p in bends {
                prop_assert!(p[0] > lo && p[0] < hi);
            }
            // Tail to head: the points move steadily from the tail's layer
            // to the head's.
            let dir = (x[&e.to] - x[&e.from]).signum();
            let mut at = x[&e.from];
            for p in bends.iter().chain([&[x[&e.to], 0.0]]) {
                prop_assert!((p[0] - at) * dir > 0.0, "bends of {:?} not tail to head", id);
                at = p[0];
            }
        }
    }
}

#[test]
fn samples_read_left_to_right_entries_first_jewels_last() {
    for (name, text) in trustpath::samples::SAMPLES {
        let g = trustpath::io::load_bytes(text.as_bytes()).unwrap();
        let result = layout::compute(&g, &LayoutOptions::default());
        let x: HashMap<NodeIndex, f64> =
            result.positions.iter().map(|&(ix, p)| (ix, p[0])).collect();
        let min = x.values().copied().fold(f64::INFINITY, f64::min);
        let max = x.values().copied().fold(f64::NEG_INFINITY, f64::max);
        assert!(max > min, "{name}: one column");
        for ix in g.entries() {
            assert_eq!(x[&ix], min, "{name}: entry {} not leftmost", g.node(ix).id);
        }
        for ix in g.crown_jewels() {
            assert_eq!(x[&ix], max, "{name}: jewel {} not rightmost", g.node(ix).id);
        }
        // And top to bottom, the same along y.
        let tb = layout::compute(
            &g,
            &LayoutOptions {
                flow: Flow::TopToBottom,
                ..LayoutOptions::default()
            },
        );
        let y: HashMap<NodeIndex, f64> = tb.positions.iter().map(|&(ix, p)| (ix, p[1])).collect();
        let top = y.values().copied().fold(f64::INFINITY, f64::min);
        for ix in g.entries() {
            assert_eq!(y[&ix], top, "{name}: entry {} not on top", g.node(ix).id);
        }
    }
}

/// A densely cyclic graph: a depth-first search alone gives it 152 layers;
/// the greedy order the layout falls back on, 75.
#[test]
fn a_densely_cyclic_graph_gets_a_shallow_layering() {
    let g = trustpath::generate::random_graph(&trustpath::generate::GenSpec::new(300, 900, 3));
    let l = layout::layered(&g, Flow::LeftToRight);
    let depth = l.layers.iter().map(|&(_, layer)| layer).max().unwrap() + 1;
    assert!(depth <= 100, "{depth} layers");
    // Still a layering: every edge not drawn reversed points forward.
    let layer: HashMap<NodeIndex, u32> = l.layers.iter().copied().collect();
    for e in g.edges() {
        if e.from != e.to && !l.reversed.contains(&e.id) && !l.flat.contains(&e.id) {
            assert!(layer[&e.from] < layer[&e.to]);
        }
    }
}

#[test]
fn zones_are_ordered_from_entry_zones_to_jewel_zones() {
    let text = trustpath::samples::SAMPLES
        .iter()
        .find(|(name, _)| *name == "ot-plant.json")
        .unwrap()
        .1;
    let g = trustpath::io::load_bytes(text.as_bytes()).unwrap();
    let result = layout::compute(
        &g,
        &LayoutOptions {
            algorithm: Algorithm::Zones,
            ..LayoutOptions::default()
        },
    );
    let names: Vec<&str> = result.regions.iter().map(|r| r.name.as_str()).collect();
    let at = |z: &str| names.iter().position(|n| *n == z).unwrap();
    assert!(at("ot") > at("dmz"), "{names:?}");
    assert!(at("corporate") < at("ot"), "{names:?}");
    // Every node lies inside its zone's region.
    for &(ix, p) in &result.positions {
        let zone = &g.node(ix).zone;
        let r = result.regions.iter().find(|r| &r.name == zone).unwrap();
        assert!(p[0] > r.min[0] && p[0] < r.max[0] && p[1] > r.min[1] && p[1] < r.max[1]);
    }
    // Once applied, each region frames its zone and no other node; moving
    // one node out of it ends that.
    let mut placed = g.clone();
    for &(ix, p) in &result.positions {
        placed.set_pos(ix, Some(p)).unwrap();
    }
    assert!(result.regions.iter().all(|r| r.fits(&placed)));
    let (ix, _) = result.positions[0];
    placed.set_pos(ix, Some([1e6, 1e6])).unwrap();
    let zone = placed.node(ix).zone.clone();
    for r in &result.regions {
        assert_eq!(r.fits(&placed), r.name != zone, "{}", r.name);
    }
}

fn trustpath_cmd() -> Command {
    Command::cargo_bin("trustpath").unwrap()
}

/// Runs `trustpath layout INPUT --algorithm ALGORITHM [EXTRA…] -o OUT`, which must succeed.
fn layout_ok(input: &std::path::Path, algorithm: &str, extra: &[&str], out: &std::path::Path) {
    trustpath_cmd()
        .args(["layout", input.to_str().unwrap(), "--algorithm", algorithm])
        .args(extra)
        .arg("-o")
        .arg(out)
        .assert()
        .success();
}

#[test]
fn cli_layout_writes_every_position() {
    let dir = tempfile::tempdir().unwrap();
    let input =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-graphs/hospital.json");
    for algorithm in ["layered", "force", "circular", "zones"] {
        let out = dir.path().join(format!("{algorithm}.json"));
        layout_ok(&input, algorithm, &[], &out);
        let g = trustpath::io::load_file(&out).unwrap();
        let before = trustpath::io::load_file(&input).unwrap();
        assert_eq!(g.node_count(), before.node_count());
        assert_eq!(g.edge_count(), before.edge_count());
        assert!(g.nodes().all(|(_, n)| n.pos.is_some()), "{algorithm}");
    }
    // The layered layout saves the routes of its long edges; a later layout
    // replaces them.
    let layered = dir.path().join("layered.json");
    let routed = trustpath::io::load_file(&layered).unwrap();
    assert!(routed.edges().any(|e| !e.edge.bends.is_empty()));
    let after = dir.path().join("force-after-layered.json");
    layout_ok(&layered, "force", &[], &after);
    let straight = trustpath::io::load_file(&after).unwrap();
    assert!(straight.edges().all(|e| e.edge.bends.is_empty()));
    // Same seed, same bytes.
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for out in [&a, &b] {
        layout_ok(&input, "force", &["--seed", "7"], out);
    }
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
}

#[test]
fn cli_layout_errors_have_the_contract_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let input =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-graphs/hospital.json");
    let out = dir.path().join("out.json");
    trustpath_cmd()
        .args([
            "layout",
            input.to_str().unwrap(),
            "--algorithm",
            "spiral",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown layout \"spiral\""));
    trustpath_cmd()
        .args([
            "layout",
            input.to_str().unwrap(),
            "--algorithm",
            "layered",
            "--flow",
            "rl",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(2);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"version\": 1, \"nodes\": [").unwrap();
    trustpath_cmd()
        .args([
            "layout",
            bad.to_str().unwrap(),
            "--algorithm",
            "layered",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicates::str::contains("line"));
    assert!(!out.exists(), "nothing written on error");
}
