//! Path analysis against brute force: every simple path enumerated on small
//! random graphs, and pathfinding's Yen as an independent cross-check.

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use proptest::prelude::*;
use trustpath::analysis::{EdgeFilter, PathQuery, count_paths, most_likely_paths, reach};
use trustpath::model::{Edge, Node, TrustGraph};

mod small_graphs;
use small_graphs::{SmallGraph, small_graph};

#[derive(Clone, Debug)]
struct Case {
    graph: SmallGraph,
    k: usize,
    max_hops: Option<usize>,
}

fn case() -> impl Strategy<Value = Case> {
    (
        small_graph(0.15),
        1usize..20,
        prop::option::weighted(0.3, 1usize..5),
    )
        .prop_map(|(graph, k, max_hops)| Case { graph, k, max_hops })
}

/// Every simple path of ≥ 1 hop from a source to a target, with its in-order
/// likelihood over the most likely edge of each ordered pair.
fn brute_force(c: &Case) -> Vec<(f64, usize, Vec<usize>)> {
    let mut best: HashMap<(usize, usize), f64> = HashMap::new();
    for &(a, b, l, bidi) in &c.graph.edges {
        let pairs = if bidi {
            vec![(a, b), (b, a)]
        } else {
            vec![(a, b)]
        };
        for (x, y) in pairs {
            if x != y {
                let e = best.entry((x, y)).or_insert(0.0);
                *e = e.max(l);
            }
        }
    }
    let mut sources = c.graph.entries.clone();
    sources.sort_unstable();
    sources.dedup();
    let mut out = Vec::new();
    fn dfs(
        v: usize,
        path: &mut Vec<usize>,
        l: f64,
        c: &Case,
        best: &HashMap<(usize, usize), f64>,
        out: &mut Vec<(f64, usize, Vec<usize>)>,
    ) {
        if path.len() > 1 && c.graph.jewels.contains(&v) {
            out.push((l, path.len() - 1, path.clone()));
        }
        if c.max_hops.is_some_and(|h| path.len() > h) {
            return;
        }
        for w in 0..c.graph.n {
            if let Some(&lw) = best.get(&(v, w))
                && !path.contains(&w)
            {
                path.push(w);
                dfs(w, path, l * lw, c, best, out);
                path.pop();
            }
        }
    }
    for s in sources {
        dfs(s, &mut vec![s], 1.0, c, &best, &mut out);
    }
    out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    out
}

fn query(c: &Case, ix: &[NodeIndex]) -> PathQuery {
    PathQuery {
        sources: c.graph.entries.iter().map(|&i| ix[i]).collect(),
        targets: c.graph.jewels.iter().map(|&i| ix[i]).collect(),
        k: c.k,
        max_hops: c.max_hops,
        filter: EdgeFilter::default(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    /// The k best (likelihood, hops) pairs equal brute force's, in order,
    /// and each reported path is a real, loop-free source→target path whose
    /// likelihood is the product of its edges.
    #[test]
    fn yen_matches_brute_force(c in case()) {
        let (g, ix) = c.graph.build();
        let found = most_likely_paths(&g, &query(&c, &ix));
        let expected = brute_force(&c);
        let want: Vec<(f64, usize)> = expected.iter().take(c.k).map(|(l, h, _)| (*l, *h)).collect();
        let got: Vec<(f64, usize)> = found.iter().map(|p| (p.likelihood, p.hops())).collect();
        prop_assert_eq!(got, want);
        for p in &found {
            let nodes: Vec<usize> = p.nodes.iter().map(|v| v.index()).collect();
            prop_assert!(c.graph.entries.contains(&nodes[0]));
            prop_assert!(c.graph.jewels.contains(nodes.last().unwrap()));
            let mut distinct = nodes.clone();
            distinct.sort_unstable();
            distinct.dedup();
            prop_assert_eq!(distinct.len(), nodes.len(), "loop in {:?}", nodes);
            prop_assert!(expected.iter().any(|(_, _, q)| *q == nodes), "{:?} is not a path", nodes);
            let mut l = 1.0;
            for (i, e) in p.edges.iter().enumerate() {
                let edge = g.edge(*e).unwrap();
                let forward = edge.from == p.nodes[i] && edge.to == p.nodes[i + 1];
                let backward = edge.edge.bidirectional && edge.to == p.nodes[i] && edge.from == p.nodes[i + 1];
                prop_assert!(forward || backward);
                l *= edge.edge.likelihood;
            }
            prop_assert_eq!(l, p.likelihood);
        }
    }

    /// Reachability and path counts agree with the enumeration.
    #[test]
    fn reach_and_count_match_brute_force(c in case()) {
        let (g, ix) = c.graph.build();
        let all = brute_force(&Case { max_hops: None, ..c.clone() });
        let hops = c.max_hops.unwrap_or(c.graph.n);
        let want = all.iter().filter(|(_, h, _)| *h <= hops).count() as u64;
        let sources: Vec<NodeIndex> = c.graph.entries.iter().map(|&i| ix[i]).collect();
        let targets: Vec<NodeIndex> = c.graph.jewels.iter().map(|&i| ix[i]).collect();
        let counted = count_paths(&g, &sources, &targets, hops, u64::MAX);
        prop_assert_eq!(counted.count, want);
        prop_assert!(counted.exact);
        let reached = reach(&g, &sources, Direction::Outgoing, &EdgeFilter::default());
        for t in &c.graph.jewels {
            let by_reach = reached.iter().find(|(v, _)| v.index() == *t).map(|&(_, d)| d);
            let by_paths = all.iter().filter(|(_, _, p)| p.last() == Some(t)).map(|(_, h, _)| *h).min();
            match by_reach {
                Some(0) => prop_assert!(c.graph.entries.contains(t)),
                d => prop_assert_eq!(d, by_paths),
            }
        }
    }
}

/// Cross-check against `pathfinding::yen` on graphs whose likelihoods are
/// powers of ½, where −log₂ is an exact integer cost it can take (the exact
/// oracle is the brute force above; this one guards against a shared mistake
/// in how the two are written).
#[test]
fn agrees_with_pathfinding_yen() {
    use rand::{Rng, SeedableRng};
    for seed in 0..300u64 {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let n = rng.random_range(3..9);
        let edges: Vec<(usize, usize, u32)> = (0..rng.random_range(2..n * 3))
            .map(|_| {
                (
                    rng.random_range(0..n),
                    rng.random_range(0..n),
                    rng.random_range(0..4),
                )
            })
            .collect();
        let mut g = TrustGraph::new();
        let ix: Vec<NodeIndex> = (0..n)
            .map(|i| g.add_node(Node::new(format!("n{i}"))).unwrap())
            .collect();
        for &(a, b, e) in &edges {
            g.add_edge(
                ix[a],
                ix[b],
                Edge {
                    likelihood: 0.5f64.powi(e as i32),
                    ..Edge::default()
                },
            )
            .unwrap();
        }
        let k = 8;
        let q = PathQuery {
            sources: vec![ix[0]],
            targets: vec![ix[n - 1]],
            k,
            ..PathQuery::default()
        };
        let ours: Vec<(f64, usize)> = most_likely_paths(&g, &q)
            .iter()
            .map(|p| (p.likelihood, p.hops()))
            .collect();
        // Cost = exponent * 1000 + hops: likelihood first, then fewer hops.
        let successors = |&v: &usize| {
            let mut best: HashMap<usize, u32> = HashMap::new();
            for &(a, b, e) in &edges {
                if a == v && b != v {
                    let x = best.entry(b).or_insert(e);
                    *x = (*x).min(e);
                }
            }
            best.into_iter()
                .map(|(w, e)| (w, e as u64 * 1000 + 1))
                .collect::<Vec<_>>()
        };
        let theirs: Vec<(f64, usize)> =
            pathfinding::directed::yen::yen(&0usize, successors, |&v| v == n - 1, k)
                .into_iter()
                .filter(|(p, _)| p.len() > 1)
                .map(|(p, c)| (0.5f64.powi((c / 1000) as i32), p.len() - 1))
                .collect();
        // pathfinding's Yen returns k valid paths but not always the k best
        // on ties (seed 222 misses a 4-hop path that brute force finds), so
        // the check is one-sided: ours is at least as good at every rank.
        assert_eq!(ours.len(), theirs.len(), "seed {seed}");
        for (o, t) in ours.iter().zip(&theirs) {
            assert!(
                o.0 > t.0 || (o.0 == t.0 && o.1 <= t.1),
                "seed {seed}: {ours:?} vs {theirs:?}"
            );
        }
    }
}

#[test]
fn hop_limit_and_kind_filter() {
    let g = trustpath::io::load_bytes(
        br#"{"version": 1, "nodes": [{"id": "a", "entry": true}, {"id": "b"}, {"id": "c", "crown_jewel": true}],
        "edges": [{"from": "a", "to": "b", "kind": "network"}, {"from": "b", "to": "c", "kind": "credential"},
                  {"from": "a", "to": "c", "likelihood": 0.1, "kind": "network"}]}"#,
    )
    .unwrap();
    let mut q = PathQuery::entries_to_jewels(&g, 5);
    assert_eq!(most_likely_paths(&g, &q).len(), 2);
    q.max_hops = Some(1);
    let one = most_likely_paths(&g, &q);
    assert_eq!((one.len(), one[0].likelihood), (1, 0.1));
    q.max_hops = None;
    q.filter.kinds = Some(vec!["network".into()]);
    assert_eq!(most_likely_paths(&g, &q).len(), 1);
    q.filter = EdgeFilter {
        cut_edges: vec![g.edges().last().unwrap().id],
        ..EdgeFilter::default()
    };
    assert_eq!(most_likely_paths(&g, &q)[0].hops(), 2);
}

/// Likelihoods whose product underflows f64 (1e-200 twice) still give a
/// path: it exists, however unlikely (it was dropped as unreachable), and
/// it ranks below one that does not underflow.
#[test]
fn paths_whose_likelihood_underflows_are_still_found() {
    let g = trustpath::io::load_bytes(
        br#"{"version": 1, "nodes": [{"id": "a", "entry": true}, {"id": "b"}, {"id": "x", "entry": true},
                                     {"id": "c", "crown_jewel": true}],
        "edges": [{"from": "a", "to": "b", "likelihood": 1e-200}, {"from": "b", "to": "c", "likelihood": 1e-200},
                  {"from": "x", "to": "c", "likelihood": 0.5}]}"#,
    )
    .unwrap();
    let paths = most_likely_paths(&g, &PathQuery::entries_to_jewels(&g, 5));
    let ids = |p: &trustpath::analysis::TrustPath| -> Vec<String> {
        p.nodes.iter().map(|&v| g.node(v).id.clone()).collect()
    };
    assert_eq!(paths.len(), 2, "{paths:?}");
    assert_eq!(
        (ids(&paths[0]), paths[0].likelihood),
        (vec!["x".to_string(), "c".into()], 0.5)
    );
    assert_eq!(ids(&paths[1]), ["a", "b", "c"]);
    assert_eq!(paths[1].likelihood, 0.0);
    // Hardening an edge of 1e-200 by 1e-200 leaves it in the graph.
    let mut q = PathQuery::entries_to_jewels(&g, 5);
    let ab = g.edges().next().unwrap().id;
    q.filter = EdgeFilter {
        scaled_edges: vec![(ab, 1e-200)],
        ..EdgeFilter::default()
    };
    assert_eq!(most_likely_paths(&g, &q).len(), 2);
}
