//! Which nodes and edges carry the risk: ranked by (a) the share of the k most
//! likely entry→jewel paths that use them and (b) how much the Monte Carlo
//! chance of "any jewel" drops when they are removed.
//!
//! (b) uses common random numbers: the run without the element uses the same
//! seed, and [`estimate_risk`] gives every arc the same uniform in both runs,
//! so the drop is never negative and its noise is far below two independent
//! estimates'. One Monte Carlo run per candidate is the cost, so candidates
//! are the elements on the top-k paths or in a minimum cut, then other
//! elements of the relevant subgraph (on some entry→jewel walk), at most
//! `candidates` of each kind, most used first.

use std::collections::BTreeMap;

use petgraph::stable_graph::NodeIndex;

use super::cuts::ChokePoints;
use super::exact::relevant;
use super::paths::{PathQuery, most_likely_paths};
use super::risk::{Cancelled, Control, RiskQuery, estimate_risk};
use super::view::EdgeFilter;
use crate::model::{EdgeId, TrustGraph};

/// Settings of [`rank`].
#[derive(Clone, Debug)]
pub struct RankOptions {
    /// How many most likely paths the shares are taken over.
    pub k: usize,
    /// How many nodes and how many edges to return.
    pub top: usize,
    /// How many of each kind get a Monte Carlo run (most used first).
    pub candidates: usize,
    pub samples: u64,
    pub seed: u64,
}

impl Default for RankOptions {
    fn default() -> Self {
        Self {
            k: 10,
            top: 10,
            candidates: 20,
            samples: 10_000,
            seed: 1,
        }
    }
}

/// One ranked element: a node or an edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Ranked<T> {
    pub item: T,
    /// Share of the top-k paths that use it, in [0, 1].
    pub path_share: f64,
    /// Monte Carlo P(any jewel) with it minus without it (same seed).
    pub risk_drop: f64,
}

/// The answer of [`rank`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Ranking {
    /// How many paths the shares are over (≤ k).
    pub paths: usize,
    /// P(any jewel) with nothing removed.
    pub base_any: f64,
    /// Intermediate nodes (entries and jewels excluded), largest drop first.
    pub nodes: Vec<Ranked<NodeIndex>>,
    /// Edges, largest drop first.
    pub edges: Vec<Ranked<EdgeId>>,
}

/// Ranks the nodes and edges between `sources` and `targets` under `filter`;
/// `cuts` adds the choke points as candidates. Ties in drop fall to path share,
/// then to node order or edge id.
pub fn rank(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
    cuts: &ChokePoints,
    opts: &RankOptions,
    control: &Control,
) -> Result<Ranking, Cancelled> {
    let paths = most_likely_paths(
        g,
        &PathQuery {
            sources: sources.to_vec(),
            targets: targets.to_vec(),
            k: opts.k,
            max_hops: None,
            filter: filter.clone(),
        },
    );
    let mut node_uses: BTreeMap<NodeIndex, usize> = BTreeMap::new();
    let mut edge_uses: BTreeMap<EdgeId, usize> = BTreeMap::new();
    for p in &paths {
        for v in &p.nodes {
            if !sources.contains(v) && !targets.contains(v) {
                *node_uses.entry(*v).or_default() += 1;
            }
        }
        for e in &p.edges {
            *edge_uses.entry(*e).or_default() += 1;
        }
    }
    for v in cuts.nodes.iter().flatten() {
        node_uses.entry(*v).or_default();
    }
    for e in cuts.edges.iter().flatten() {
        edge_uses.entry(*e).or_default();
    }
    let rel = relevant(g, sources, targets, filter);
    for &(a, b, _, key) in &rel.arcs {
        if edge_uses.len() < opts.candidates {
            edge_uses.entry(EdgeId(key / 2)).or_default();
        }
        for v in [a, b].map(|v| NodeIndex::new(v as usize)) {
            if node_uses.len() < opts.candidates && !sources.contains(&v) && !targets.contains(&v) {
                node_uses.entry(v).or_default();
            }
        }
    }
    let query = |filter: EdgeFilter| RiskQuery {
        sources: sources.to_vec(),
        targets: targets.to_vec(),
        filter,
        samples: opts.samples,
        seed: opts.seed,
    };
    let base_any = estimate_risk(g, &query(filter.clone()), control)?
        .any
        .probability;
    // Both sides are counts over the same N: difference the counts, so the
    // drop prints as an exact multiple of 1/N.
    let n = opts.samples.max(1) as f64;
    let drop = |after: f64| ((base_any - after) * n).round() / n;
    let total = paths.len().max(1) as f64;
    let drop_without =
        |f: EdgeFilter| estimate_risk(g, &query(f), control).map(|r| drop(r.any.probability));
    let nodes = ranked(node_uses, opts, total, |v| {
        let mut f = filter.clone();
        f.cut_nodes.push(v);
        drop_without(f)
    })?;
    let edges = ranked(edge_uses, opts, total, |e| {
        let mut f = filter.clone();
        f.cut_edges.push(e);
        drop_without(f)
    })?;
    Ok(Ranking {
        paths: paths.len(),
        base_any,
        nodes,
        edges,
    })
}

/// The most used candidates, each with its share of the `total` paths and
/// the drop in risk `drop_without` reports for it, best first.
fn ranked<T: Ord + Copy>(
    uses: BTreeMap<T, usize>,
    opts: &RankOptions,
    total: f64,
    mut drop_without: impl FnMut(T) -> Result<f64, Cancelled>,
) -> Result<Vec<Ranked<T>>, Cancelled> {
    let mut out = Vec::new();
    for (item, n) in most_used(uses, opts.candidates) {
        out.push(Ranked {
            item,
            path_share: n as f64 / total,
            risk_drop: drop_without(item)?,
        });
    }
    sort_ranked(&mut out, opts.top);
    Ok(out)
}

/// The `n` most used, ties to the lower key.
fn most_used<T: Ord + Copy>(uses: BTreeMap<T, usize>, n: usize) -> Vec<(T, usize)> {
    let mut v: Vec<(T, usize)> = uses.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(n);
    v
}

fn sort_ranked<T: Ord + Copy>(v: &mut Vec<Ranked<T>>, top: usize) {
    v.sort_by(|a, b| {
        b.risk_drop
            .total_cmp(&a.risk_drop)
            .then(b.path_share.total_cmp(&a.path_share))
            .then(a.item.cmp(&b.item))
    });
    v.truncate(top);
}
