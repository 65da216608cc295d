//! Emergent risk, choke points and what-if against independent answers:
//! Monte Carlo against exact enumeration on many small random graphs, min
//! cuts against brute force over subsets, and the properties the issue names
//! (a choke-point set disconnects; hardening never raises risk).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use proptest::prelude::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use trustpath::analysis::{
    self, CompareOptions, Control, EdgeFilter, EdgeRef, RiskQuery, Scenario, choke_points,
    estimate_risk, exact_risk, reach,
};
use trustpath::model::{Edge, EdgeId, Node, TrustGraph};

mod small_graphs;
use small_graphs::{SmallGraph as Case, small_graph};

/// Whether any entry still reaches any jewel (≥ 0 hops) under `filter`.
fn connected(g: &TrustGraph, filter: &EdgeFilter) -> bool {
    let entries: Vec<NodeIndex> = g
        .entries()
        .into_iter()
        .filter(|v| !filter.cut_nodes.contains(v))
        .collect();
    reach(g, &entries, Direction::Outgoing, filter)
        .iter()
        .any(|&(v, _)| g.node(v).crown_jewel && !filter.cut_nodes.contains(&v))
}

#[test]
fn monte_carlo_agrees_with_exact_on_200_random_graphs() {
    const N: u64 = 4000;
    let mut rng = ChaCha8Rng::seed_from_u64(2026);
    let (mut compared, mut worst) = (0, 0.0f64);
    for graph in 0..200 {
        let case = Case::random(&mut rng, 7, 12);
        let g = case.build().0;
        let Some(exact) = exact_risk(
            &g,
            &g.entries(),
            &g.crown_jewels(),
            &EdgeFilter::default(),
            20,
        ) else {
            continue;
        };
        let mc = estimate_risk(
            &g,
            &RiskQuery::entries_to_jewels(&g, N, graph),
            &Control::default(),
        )
        .unwrap();
        let pairs = exact
            .jewels
            .iter()
            .map(|j| j.1)
            .zip(mc.jewels.iter().map(|j| j.1))
            .chain([(exact.any, mc.any)]);
        for (p, est) in pairs {
            // The true standard error, so p = 0 or 1 demands an exact hit.
            let sigma = (p * (1.0 - p) / N as f64).sqrt();
            let err = (est.probability - p).abs();
            assert!(
                err <= 4.0 * sigma + 1e-9,
                "graph {graph}: exact {p}, estimate {} ± {}\n{case:?}",
                est.probability,
                est.stderr
            );
            if sigma > 0.0 {
                worst = worst.max(err / sigma);
            }
            compared += 1;
        }
    }
    assert!(compared > 300, "only {compared} probabilities compared");
    eprintln!("max |p̂ − p| / σ over {compared} probabilities: {worst:.2}");
}

#[test]
fn same_seed_same_numbers_with_one_or_four_threads() {
    let mut rng = ChaCha8Rng::seed_from_u64(5);
    let n = 400;
    let mut g = TrustGraph::new();
    let ix: Vec<NodeIndex> = (0..n)
        .map(|i| {
            let mut node = Node::new(format!("n{i}"));
            node.entry = i < 3;
            node.crown_jewel = i >= n - 5;
            g.add_node(node).unwrap()
        })
        .collect();
    for _ in 0..n * 3 {
        let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
        let edge = Edge {
            likelihood: rng.random_range(0.05..0.6),
            bidirectional: rng.random_bool(0.1),
            ..Edge::default()
        };
        g.add_edge(ix[a], ix[b], edge).unwrap();
    }
    let q = RiskQuery::entries_to_jewels(&g, 5_000, 42);
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| estimate_risk(&g, &q, &Control::default()).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(4));
    assert!(
        one.any.probability > 0.0 && one.any.probability < 1.0,
        "the test graph should be uncertain: {one:?}"
    );
    let other_seed = estimate_risk(
        &g,
        &RiskQuery::entries_to_jewels(&g, 5_000, 43),
        &Control::default(),
    )
    .unwrap();
    assert_ne!(one, other_seed);
}

#[test]
fn progress_reaches_the_total() {
    let g = Case {
        n: 3,
        edges: vec![(0, 1, 0.5, false), (1, 2, 0.5, true)],
        entries: vec![0],
        jewels: vec![2],
    }
    .build()
    .0;
    let most = AtomicU64::new(0);
    let calls = AtomicU64::new(0);
    let progress = |done: u64, total: u64| {
        assert_eq!(total, 1000);
        most.fetch_max(done, Ordering::Relaxed);
        calls.fetch_add(1, Ordering::Relaxed);
    };
    let cancel = AtomicBool::new(false);
    let control = Control {
        cancel: Some(&cancel),
        progress: Some(&progress),
    };
    estimate_risk(&g, &RiskQuery::entries_to_jewels(&g, 1000, 1), &control).unwrap();
    assert_eq!(most.load(Ordering::Relaxed), 1000);
    assert_eq!(
        calls.load(Ordering::Relaxed),
        1000u64.div_ceil(analysis::CHUNK)
    );
}

/// Smallest k such that some k-subset of `items`, removed via `apply`,
/// disconnects; `None` when even removing all of them does not.
fn brute_min<T: Copy>(items: &[T], disconnects: impl Fn(&[T]) -> bool) -> Option<usize> {
    let m = items.len();
    (0..=m).find(|&k| {
        (0u32..(1 << m)).any(|mask| {
            mask.count_ones() as usize == k && {
                let chosen: Vec<T> = (0..m)
                    .filter(|i| mask & (1 << i) != 0)
                    .map(|i| items[i])
                    .collect();
                disconnects(&chosen)
            }
        })
    })
}

/// A cut found (`found`, `None` for "no cut exists") is as small as the
/// smallest subset of `items` that disconnects, and disconnects itself.
fn check_cut<T: Copy + std::fmt::Debug>(
    what: &str,
    found: &Option<Vec<T>>,
    items: &[T],
    g: &TrustGraph,
    filter_of: impl Fn(&[T]) -> EdgeFilter,
    case: &Case,
) {
    let disconnects = |cut: &[T]| !connected(g, &filter_of(cut));
    assert_eq!(
        found.as_ref().map(Vec::len),
        brute_min(items, disconnects),
        "{what} cut {found:?}\n{case:?}"
    );
    if let Some(cut) = found {
        assert!(disconnects(cut), "the {what} cut must disconnect\n{case:?}");
    }
}

#[test]
fn min_cuts_match_brute_force() {
    let mut rng = ChaCha8Rng::seed_from_u64(77);
    let mut checked = 0;
    for _ in 0..600 {
        let case = Case::random(&mut rng, 7, 11);
        let g = case.build().0;
        let cuts = choke_points(&g, &g.entries(), &g.crown_jewels(), &EdgeFilter::default());
        let cuttable: Vec<NodeIndex> = g
            .nodes()
            .filter(|(_, n)| !n.entry && !n.crown_jewel)
            .map(|(ix, _)| ix)
            .collect();
        let by_nodes = |cut: &[NodeIndex]| EdgeFilter {
            cut_nodes: cut.to_vec(),
            ..EdgeFilter::default()
        };
        check_cut("node", &cuts.nodes, &cuttable, &g, by_nodes, &case);
        let edges: Vec<EdgeId> = g.edges().map(|e| e.id).collect();
        let by_edges = |cut: &[EdgeId]| EdgeFilter {
            cut_edges: cut.to_vec(),
            ..EdgeFilter::default()
        };
        check_cut("edge", &cuts.edges, &edges, &g, by_edges, &case);
        checked += usize::from(cuts.nodes.as_ref().is_some_and(|c| !c.is_empty()));
    }
    assert!(
        checked > 30,
        "only {checked} graphs had a non-trivial node cut"
    );
}

/// On graphs too large for brute force, the edge cut's size against an
/// independent max-flow (pathfinding's Edmonds–Karp) over all arcs.
#[test]
fn edge_cut_size_matches_pathfinding_on_medium_graphs() {
    use pathfinding::directed::edmonds_karp::edmonds_karp_sparse;
    let mut rng = ChaCha8Rng::seed_from_u64(11);
    for _ in 0..40 {
        let case = Case::random(&mut rng, 40, 120);
        let g = case.build().0;
        if g.entries().iter().any(|v| g.node(*v).crown_jewel) {
            continue;
        }
        let cut = choke_points(&g, &g.entries(), &g.crown_jewels(), &EdgeFilter::default());
        let (s, t) = (case.n, case.n + 1);
        let mut caps: std::collections::BTreeMap<(usize, usize), i64> = Default::default();
        for &(a, b, _, bidi) in &case.edges {
            if a != b {
                *caps.entry((a, b)).or_default() += 1;
                if bidi {
                    *caps.entry((b, a)).or_default() += 1;
                }
            }
        }
        for &e in &case.entries {
            caps.insert((s, e), 1 << 30);
        }
        for &j in &case.jewels {
            caps.insert((j, t), 1 << 30);
        }
        let vertices: Vec<usize> = (0..case.n + 2).collect();
        let (_, flow, _) =
            edmonds_karp_sparse(&vertices, &s, &t, caps.into_iter().collect::<Vec<_>>());
        assert_eq!(cut.edges.map(|e| e.len() as i64), Some(flow), "{case:?}");
    }
}

proptest! {
    #[test]
    fn cutting_the_choke_points_leaves_no_path(case in small_graph(0.2)) {
        let g = case.build().0;
        let cuts = choke_points(&g, &g.entries(), &g.crown_jewels(), &EdgeFilter::default());
        if let Some(nodes) = cuts.nodes {
            let f = EdgeFilter { cut_nodes: nodes, ..EdgeFilter::default() };
            prop_assert!(!connected(&g, &f));
            let q = RiskQuery { filter: f, ..RiskQuery::entries_to_jewels(&g, 200, 1) };
            let r = estimate_risk(&g, &q, &Control::default()).unwrap();
            prop_assert_eq!(r.any.probability, 0.0);
        }
        if let Some(edges) = cuts.edges {
            let f = EdgeFilter { cut_edges: edges, ..EdgeFilter::default() };
            prop_assert!(!connected(&g, &f));
        }
    }

    #[test]
    fn hardening_never_raises_risk(
        case in small_graph(0.2),
        picks in prop::collection::vec((any::<prop::sample::Index>(), 0.05f64..1.0), 1..4),
    ) {
        let g = case.build().0;
        let ids: Vec<EdgeId> = g.edges().map(|e| e.id).collect();
        prop_assume!(!ids.is_empty());
        let hardened = EdgeFilter {
            scaled_edges: picks.iter().map(|(i, f)| (*i.get(&ids), *f)).collect(),
            ..EdgeFilter::default()
        };
        let (entries, jewels) = (g.entries(), g.crown_jewels());
        let before = exact_risk(&g, &entries, &jewels, &EdgeFilter::default(), 14);
        let after = exact_risk(&g, &entries, &jewels, &hardened, 14);
        if let (Some(b), Some(a)) = (before, after) {
            for (x, y) in b.jewels.iter().zip(&a.jewels) {
                prop_assert!(y.1 <= x.1 + 1e-12, "exact {} → {}", x.1, y.1);
            }
            prop_assert!(a.any <= b.any + 1e-12);
        }
        // With common random numbers even the estimate never rises.
        let mc = |filter: EdgeFilter| {
            estimate_risk(&g, &RiskQuery { filter, ..RiskQuery::entries_to_jewels(&g, 500, 9) },
                &Control::default()).unwrap()
        };
        let (b, a) = (mc(EdgeFilter::default()), mc(hardened));
        for (x, y) in b.jewels.iter().zip(&a.jewels) {
            prop_assert!(y.1.probability <= x.1.probability);
        }
    }
}

const SCENARIO_FILE: &str = r#"{"version": 1,
  "nodes": [{"id": "vpn", "entry": true}, {"id": "ad"}, {"id": "jump"},
            {"id": "ehr", "label": "EHR", "crown_jewel": true}],
  "edges": [{"from": "vpn", "to": "ad", "likelihood": 0.6},
            {"from": "vpn", "to": "jump", "likelihood": 0.5},
            {"from": "ad", "to": "ehr", "likelihood": 0.8},
            {"from": "jump", "to": "ehr", "likelihood": 0.4},
            {"from": "jump", "to": "ehr", "likelihood": 0.2}],
  "scenarios": [
    {"name": "Cut AD", "cut_nodes": ["ad"], "note": "kept"},
    {"name": "Harden", "hardened": [{"from": "jump", "to": "ehr", "index": 1, "factor": 0.5}],
     "hardened_nodes": [{"id": "ad", "factor": 0.25}]}
  ]}"#;

#[test]
fn scenarios_load_resolve_and_round_trip() {
    let g = trustpath::io::load_bytes(SCENARIO_FILE.as_bytes()).unwrap();
    let list = analysis::scenarios(&g).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0].cut_nodes, ["ad"]);
    assert_eq!(list[0].extra["note"], "kept");
    let f = list[0].filter(&g).unwrap();
    assert_eq!(f.cut_nodes, [g.find("ad").unwrap()]);
    let f = list[1].filter(&g).unwrap();
    let second_parallel = EdgeRef {
        from: "jump".into(),
        to: "ehr".into(),
        index: 1,
    }
    .resolve(&g)
    .unwrap();
    assert!(f.scaled_edges.contains(&(second_parallel, 0.5)));
    assert_eq!(f.scaled_edges.len(), 2, "the edge into ad, and jump→ehr #1");
    assert_eq!(
        EdgeRef::of(&g, second_parallel).unwrap().to_string(),
        "jump → ehr #1"
    );

    // Saved through the undoable edit, written and read back.
    let mut g2 = g.clone();
    let mut more = list.clone();
    more.push(Scenario {
        name: "Cut VPN→AD".into(),
        cut_edges: vec![EdgeRef {
            from: "vpn".into(),
            to: "ad".into(),
            index: 0,
        }],
        ..Scenario::default()
    });
    let undo = analysis::set_scenarios(&more).apply(&mut g2).unwrap();
    let text = trustpath::io::to_json_string(&g2);
    let g3 = trustpath::io::load_bytes(text.as_bytes()).unwrap();
    assert_eq!(analysis::scenarios(&g3).unwrap(), more);
    undo.apply(&mut g2).unwrap();
    assert_eq!(analysis::scenarios(&g2).unwrap(), list);
    analysis::set_scenarios(&[]).apply(&mut g2).unwrap();
    assert!(!g2.extra.contains_key(analysis::SCENARIOS_KEY));
    assert!(analysis::scenarios(&g2).unwrap().is_empty());
}

#[test]
fn bad_scenarios_name_the_problem() {
    let g = trustpath::io::load_bytes(SCENARIO_FILE.as_bytes()).unwrap();
    let bad = Scenario {
        name: "typo".into(),
        cut_nodes: vec!["nope".into()],
        ..Scenario::default()
    };
    assert_eq!(
        bad.filter(&g).unwrap_err(),
        "scenario \"typo\": no node has id \"nope\""
    );
    let bad = Scenario {
        name: "far".into(),
        cut_edges: vec![EdgeRef {
            from: "vpn".into(),
            to: "ad".into(),
            index: 3,
        }],
        ..Scenario::default()
    };
    assert!(
        bad.filter(&g)
            .unwrap_err()
            .contains("no edge vpn → ad number 3")
    );
    let mut g2 = g.clone();
    g2.extra
        .insert("scenarios".into(), serde_json::json!([{"cut_nodes": []}]));
    let err = analysis::scenarios(&g2).unwrap_err();
    assert!(
        err.starts_with("scenarios[0]: missing field `name`"),
        "{err}"
    );
    // The exact place of a bad value deep inside.
    g2.extra.insert(
        "scenarios".into(),
        serde_json::json!([{"name": "a"}, {"name": "b", "cut_edges": [{"from": "vpn", "to": "ad", "index": -1}]}]),
    );
    let err = analysis::scenarios(&g2).unwrap_err();
    assert!(
        err.starts_with("scenarios[1].cut_edges[0].index: invalid value: integer `-1`"),
        "{err}"
    );
    // Every saved scenario applies, or the first that does not is named.
    g2.extra.insert(
        "scenarios".into(),
        serde_json::json!([{"name": "ok", "cut_nodes": ["vpn"]}, {"name": "typo", "cut_nodes": ["nope"]}]),
    );
    assert_eq!(
        analysis::check_scenarios(&g2).unwrap_err(),
        "scenario \"typo\": no node has id \"nope\""
    );
    g2.extra.insert(
        "scenarios".into(),
        serde_json::json!([{"name": "tiny", "hardened_nodes": [{"id": "ad", "factor": 1e-300}]}]),
    );
    assert_eq!(analysis::check_scenarios(&g2), Ok(()));
    let tiny = &analysis::scenarios(&g2).unwrap()[0];
    assert_eq!(tiny.describe(&g2), "hardening ad ×1e-300");
}

#[test]
fn compare_reports_dead_paths_and_lower_risk() {
    let g = trustpath::io::load_bytes(SCENARIO_FILE.as_bytes()).unwrap();
    let cut_ad = &analysis::scenarios(&g).unwrap()[0];
    let f = cut_ad.filter(&g).unwrap();
    let r = analysis::compare(
        &g,
        &EdgeFilter::default(),
        &f,
        &CompareOptions::default(),
        &Control::default(),
    )
    .unwrap();
    // Paths vpn→ad→ehr and vpn→jump→ehr (the most likely jump→ehr edge only).
    assert_eq!((r.paths_before, r.paths_removed, r.paths_after), (2, 1, 1));
    let exact_before = 1.0 - (1.0 - 0.48) * (1.0 - 0.5 * (1.0 - 0.6 * 0.8));
    assert!((r.jewels[0].before.probability - exact_before).abs() < 0.02);
    assert!((r.jewels[0].after.probability - 0.5 * 0.52).abs() < 0.02);
    assert_eq!(r.choke_before.nodes.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        r.choke_after.nodes,
        Some(vec![g.find("jump").unwrap()]),
        "with AD cut, the jump host is the only way in"
    );
    let line = r.summary(&g, &cut_ad.describe(&g));
    assert!(
        line.starts_with("cutting ad removes 1 of 2 paths; risk to EHR 0.6"),
        "{line}"
    );
    assert!(line.ends_with("→ 0.26"), "{line}");
}

mod cli {
    use assert_cmd::Command;

    const HOSPITAL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/sample-graphs/hospital.json");

    fn trustpath(args: &[&str]) -> std::process::Output {
        Command::cargo_bin("trustpath")
            .unwrap()
            .args(args)
            .output()
            .unwrap()
    }

    fn stdout(args: &[&str]) -> String {
        let out = trustpath(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn risk_json_has_exactly_the_contract_shape() {
        let text = stdout(&[
            "risk",
            HOSPITAL,
            "--samples",
            "2000",
            "--seed",
            "7",
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["samples", "seed", "jewels", "any"]);
        assert_eq!(
            (v["samples"].as_u64(), v["seed"].as_u64()),
            (Some(2000), Some(7))
        );
        let ids: Vec<&str> = v["jewels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|j| j["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            ids,
            [
                "ehr",
                "ed-triage",
                "ambulance-dispatch",
                "critical-care-monitoring"
            ],
            "jewels in node order"
        );
        for j in v["jewels"].as_array().unwrap().iter().chain([&v["any"]]) {
            let (p, s) = (
                j["probability"].as_f64().unwrap(),
                j["stderr"].as_f64().unwrap(),
            );
            assert!((0.0..=1.0).contains(&p));
            assert!((s - (p * (1.0 - p) / 2000.0).sqrt()).abs() < 1e-12);
        }
        assert_eq!(
            text,
            stdout(&[
                "risk",
                HOSPITAL,
                "--samples",
                "2000",
                "--seed",
                "7",
                "--json"
            ]),
            "same seed, same output"
        );
        insta::assert_snapshot!("risk_json_hospital", text);
    }

    #[test]
    fn risk_text_and_what_if() {
        insta::assert_snapshot!(
            "risk_text_hospital",
            stdout(&["risk", HOSPITAL, "--samples", "2000"])
        );
        insta::assert_snapshot!(
            "risk_cut_vendor_vpn_hospital",
            stdout(&["risk", HOSPITAL, "--samples", "2000", "--cut", "vendor-vpn"])
        );
    }

    #[test]
    fn risk_bad_usage_exits_2() {
        for args in [
            &["risk", HOSPITAL, "--samples", "0"][..],
            &["risk", HOSPITAL, "--to", "nope"],
            &["risk", HOSPITAL, "--scenario", "nope"],
            &["risk", HOSPITAL, "--cut", "nope"],
        ] {
            let out = trustpath(args);
            assert_eq!(out.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert!(
                err.starts_with("error: ") && err.lines().count() == 1,
                "{err}"
            );
        }
        let out = trustpath(&["risk", "/nonexistent.json"]);
        assert_eq!(out.status.code(), Some(1));
    }

    #[test]
    fn stats_json_lists_choke_points_and_parts_vs_whole() {
        let v: serde_json::Value =
            serde_json::from_str(&stdout(&["stats", HOSPITAL, "--json"])).unwrap();
        assert_eq!(v["nodes"], 30, "the existing fields stay");
        let cuts = &v["choke_points"];
        assert!(
            cuts["nodes"].is_null(),
            "vendor-vpn links straight to the EHR"
        );
        let edges = cuts["edges"].as_array().unwrap();
        assert!(!edges.is_empty());
        assert!(
            edges
                .iter()
                .all(|e| e["from"].is_string() && e["index"].is_u64())
        );
        let parts = v["parts_vs_whole"].as_array().unwrap();
        assert_eq!(parts.len(), 4);
        for p in parts {
            let (best, whole) = (
                p["best_path"].as_f64().unwrap(),
                p["probability"].as_f64().unwrap(),
            );
            assert!(whole >= best - 4.0 * p["stderr"].as_f64().unwrap(), "{p}");
        }
        assert!(!v["ranking"]["nodes"].as_array().unwrap().is_empty());
    }
}
