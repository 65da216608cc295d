//! The seed's arithmetic ("35 components make 595 pairs, 1,190 directed
//! interactions and 34,359,738,367 combinations") beside what the model
//! actually holds: the whole-versus-parts picture in numbers. The optional
//! risk part ([`risk_stats`]: parts vs whole, choke points, ranking) costs
//! Monte Carlo runs, so it is computed separately and can run in the
//! background.

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

use super::count::{PathCount, count_paths};
use super::cuts::{ChokePoints, choke_points};
use super::paths::{PathQuery, most_likely_paths};
use super::ranking::{RankOptions, Ranking, rank};
use super::reach::reach;
use super::risk::{Cancelled, Control, Estimate, RiskQuery, estimate_risk};
use super::view::EdgeFilter;
use super::whatif::EdgeRef;
use crate::model::TrustGraph;

/// Hop limit for the loop-free path count in the stats.
pub const COUNT_MAX_HOPS: usize = 12;
/// Where the path count stops and says "at least".
pub const COUNT_CAP: u64 = 1_000_000;

/// 2^n − 1, exact while it fits in 128 bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Combinations {
    pub n: usize,
}

impl Combinations {
    /// The exact value, when n ≤ 128.
    pub fn exact(self) -> Option<u128> {
        match self.n {
            0 => Some(0),
            1..=127 => Some((1u128 << self.n) - 1),
            128 => Some(u128::MAX),
            _ => None,
        }
    }

    /// Scientific notation to three digits, e.g. `3.44e10`. Beyond 128
    /// bits the −1 no longer shows, so 2^n is taken in logarithms.
    pub fn scientific(self) -> String {
        let log10 = match self.exact() {
            Some(0) => return "0.00e0".to_string(),
            Some(v) => (v as f64).log10(),
            None => self.n as f64 * std::f64::consts::LOG10_2,
        };
        let mut exp = log10.floor();
        let mut mantissa = (10f64.powf(log10 - exp) * 100.0).round() / 100.0;
        // 9.996 rounds up to 10.00: one more digit instead.
        if mantissa >= 10.0 {
            mantissa /= 10.0;
            exp += 1.0;
        }
        format!("{mantissa:.2}e{exp}")
    }
}

impl std::fmt::Display for Combinations {
    /// In full with thousands separators up to 2^128, scientific beyond.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.exact() {
            Some(v) => f.write_str(&thousands(v)),
            None => f.write_str(&self.scientific()),
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn thousands(v: u128) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() * 4 / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The numbers `trustpath stats` prints and the GUI's stats panel shows.
#[derive(Clone, Debug, PartialEq)]
pub struct GraphStats {
    pub nodes: usize,
    /// Edges as written in the file (a bidirectional edge counts once).
    pub edges: usize,
    /// n(n−1)/2.
    pub undirected_pairs: u128,
    /// n(n−1).
    pub directed_interactions: u128,
    /// 2^n − 1.
    pub combinations: Combinations,
    pub entries: usize,
    pub crown_jewels: usize,
    /// Distinct ordered pairs of nodes joined by at least one directed arc.
    pub modelled_interactions: usize,
    /// (entry, crown jewel) pairs with a path between them.
    pub connected_pairs: usize,
    /// Crown jewels reachable from at least one entry.
    pub reachable_jewels: usize,
    /// Loop-free entry→jewel paths of up to `COUNT_MAX_HOPS` hops.
    pub paths: PathCount,
    /// Parts vs whole, choke points and ranking: `None` from [`graph_stats`],
    /// filled in by the caller with [`risk_stats`] (it costs Monte Carlo runs).
    pub risk: Option<RiskStats>,
}

/// One crown jewel: what a per-link review sees (its single most likely path)
/// beside what an attacker gets (the Monte Carlo chance over the whole graph).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PartsVsWhole {
    pub jewel: NodeIndex,
    /// Likelihood of the most likely entry→jewel path; 0 when there is none.
    pub best_path: f64,
    pub whole: Estimate,
}

impl PartsVsWhole {
    /// whole ÷ best path: how much more likely the jewel falls than its worst
    /// single path suggests; `None` without a path.
    pub fn ratio(&self) -> Option<f64> {
        (self.best_path > 0.0).then(|| self.whole.probability / self.best_path)
    }
}

/// The risk part of the stats.
#[derive(Clone, Debug, PartialEq)]
pub struct RiskStats {
    pub samples: u64,
    pub seed: u64,
    /// Per crown jewel, in node order.
    pub parts_vs_whole: Vec<PartsVsWhole>,
    /// Monte Carlo chance that any crown jewel falls.
    pub any: Estimate,
    pub choke_points: ChokePoints,
    pub ranking: Ranking,
}

/// Parts vs whole, choke points and ranking, from the entries to the crown
/// jewels; cancellable for background use.
pub fn risk_stats(
    g: &TrustGraph,
    opts: &RankOptions,
    control: &Control,
) -> Result<RiskStats, Cancelled> {
    let (entries, jewels) = (g.entries(), g.crown_jewels());
    let filter = EdgeFilter::default();
    let mc = estimate_risk(
        g,
        &RiskQuery::entries_to_jewels(g, opts.samples, opts.seed),
        control,
    )?;
    let parts_vs_whole = mc
        .jewels
        .iter()
        .map(|&(jewel, whole)| {
            let best = most_likely_paths(
                g,
                &PathQuery {
                    sources: entries.clone(),
                    targets: vec![jewel],
                    k: 1,
                    ..PathQuery::default()
                },
            );
            // A jewel that is an entry has no path (zero hops) but is held outright.
            let best_path = if entries.contains(&jewel) {
                1.0
            } else {
                best.first().map_or(0.0, |p| p.likelihood)
            };
            PartsVsWhole {
                jewel,
                best_path,
                whole,
            }
        })
        .collect();
    let cuts = choke_points(g, &entries, &jewels, &filter);
    let ranking = rank(g, &entries, &jewels, &filter, &cuts, opts, control)?;
    Ok(RiskStats {
        samples: opts.samples,
        seed: opts.seed,
        parts_vs_whole,
        any: mc.any,
        choke_points: cuts,
        ranking,
    })
}

/// Computes the stats of `g`.
pub fn graph_stats(g: &TrustGraph) -> GraphStats {
    let n = g.node_count() as u128;
    let entries = g.entries();
    let jewels = g.crown_jewels();
    let mut connected_pairs = 0;
    let mut reached = vec![false; g.node_bound()];
    for &e in &entries {
        for (v, d) in reach(g, &[e], Direction::Outgoing, &EdgeFilter::default()) {
            if d > 0 && g.node(v).crown_jewel {
                connected_pairs += 1;
                reached[v.index()] = true;
            }
        }
    }
    let view =
        super::view::TrustView::new(g, &EdgeFilter::default(), super::view::Parallel::MostLikely);
    GraphStats {
        nodes: g.node_count(),
        edges: g.edge_count(),
        undirected_pairs: n * n.saturating_sub(1) / 2,
        directed_interactions: n * n.saturating_sub(1),
        combinations: Combinations { n: g.node_count() },
        entries: entries.len(),
        crown_jewels: jewels.len(),
        modelled_interactions: view.arc_count(),
        connected_pairs,
        reachable_jewels: reached.iter().filter(|&&r| r).count(),
        paths: count_paths(g, &entries, &jewels, COUNT_MAX_HOPS, COUNT_CAP),
        risk: None,
    }
}

/// The JSON form of [`GraphStats`] (`stats --json`).
#[derive(Serialize)]
pub struct StatsJson {
    pub nodes: usize,
    pub edges: usize,
    pub undirected_pairs: u128,
    pub directed_interactions: u128,
    /// 2^n − 1 as an exact integer, or `null` past 2^128.
    pub subsets: Option<u128>,
    pub subsets_scientific: String,
    pub entries: usize,
    pub crown_jewels: usize,
    pub modelled_interactions: usize,
    pub connected_pairs: usize,
    pub reachable_crown_jewels: usize,
    pub paths: u64,
    pub paths_exact: bool,
    pub paths_max_hops: usize,
    /// The risk part, when computed.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub risk: Option<RiskStatsJson>,
}

/// The JSON form of [`RiskStats`], nodes by id and edges as [`EdgeRef`]s.
#[derive(Serialize)]
pub struct RiskStatsJson {
    pub risk_samples: u64,
    pub risk_seed: u64,
    pub parts_vs_whole: Vec<PartsVsWholeJson>,
    pub any: EstimateJson,
    pub choke_points: ChokePointsJson,
    pub ranking: RankingJson,
}

#[derive(Serialize)]
pub struct EstimateJson {
    pub probability: f64,
    pub stderr: f64,
}

impl From<Estimate> for EstimateJson {
    fn from(e: Estimate) -> Self {
        Self {
            probability: e.probability,
            stderr: e.stderr,
        }
    }
}

#[derive(Serialize)]
pub struct PartsVsWholeJson {
    pub id: String,
    pub best_path: f64,
    pub probability: f64,
    pub stderr: f64,
    pub ratio: Option<f64>,
}

/// `null` where no cut exists.
#[derive(Serialize)]
pub struct ChokePointsJson {
    pub nodes: Option<Vec<String>>,
    pub edges: Option<Vec<EdgeRef>>,
}

#[derive(Serialize)]
pub struct RankingJson {
    pub paths: usize,
    pub nodes: Vec<RankedJson>,
    pub edges: Vec<RankedJson>,
}

/// A ranked node (`id`) or edge (`from`, `to`, `index`).
#[derive(Serialize)]
pub struct RankedJson {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub edge: Option<EdgeRef>,
    pub path_share: f64,
    pub risk_drop: f64,
}

impl RiskStatsJson {
    pub fn new(r: &RiskStats, g: &TrustGraph) -> Self {
        let id = |v: NodeIndex| g.node(v).id.clone();
        let edge_ref = |e| EdgeRef::of(g, e);
        Self {
            risk_samples: r.samples,
            risk_seed: r.seed,
            parts_vs_whole: r
                .parts_vs_whole
                .iter()
                .map(|p| PartsVsWholeJson {
                    id: id(p.jewel),
                    best_path: p.best_path,
                    probability: p.whole.probability,
                    stderr: p.whole.stderr,
                    ratio: p.ratio(),
                })
                .collect(),
            any: r.any.into(),
            choke_points: ChokePointsJson {
                nodes: r
                    .choke_points
                    .nodes
                    .as_ref()
                    .map(|v| v.iter().map(|&n| id(n)).collect()),
                edges: r
                    .choke_points
                    .edges
                    .as_ref()
                    .map(|v| v.iter().filter_map(|&e| edge_ref(e)).collect()),
            },
            ranking: RankingJson {
                paths: r.ranking.paths,
                nodes: r
                    .ranking
                    .nodes
                    .iter()
                    .map(|n| RankedJson {
                        id: Some(id(n.item)),
                        edge: None,
                        path_share: n.path_share,
                        risk_drop: n.risk_drop,
                    })
                    .collect(),
                edges: r
                    .ranking
                    .edges
                    .iter()
                    .map(|e| RankedJson {
                        id: None,
                        edge: edge_ref(e.item),
                        path_share: e.path_share,
                        risk_drop: e.risk_drop,
                    })
                    .collect(),
            },
        }
    }
}

impl StatsJson {
    /// The JSON form of `s`; `g` names the nodes and edges of the risk part.
    pub fn new(s: &GraphStats, g: &TrustGraph) -> Self {
        Self {
            nodes: s.nodes,
            edges: s.edges,
            undirected_pairs: s.undirected_pairs,
            directed_interactions: s.directed_interactions,
            subsets: s.combinations.exact(),
            subsets_scientific: s.combinations.scientific(),
            entries: s.entries,
            crown_jewels: s.crown_jewels,
            modelled_interactions: s.modelled_interactions,
            connected_pairs: s.connected_pairs,
            reachable_crown_jewels: s.reachable_jewels,
            paths: s.paths.count,
            paths_exact: s.paths.exact,
            paths_max_hops: COUNT_MAX_HOPS,
            risk: s.risk.as_ref().map(|r| RiskStatsJson::new(r, g)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_arithmetic() {
        let c = Combinations { n: 35 };
        assert_eq!(c.to_string(), "34,359,738,367");
        assert_eq!(Combinations { n: 128 }.exact(), Some(u128::MAX));
        assert_eq!(Combinations { n: 129 }.to_string(), "6.81e38");
        assert_eq!(Combinations { n: 0 }.to_string(), "0");
        assert_eq!(Combinations { n: 0 }.scientific(), "0.00e0");
        assert_eq!(Combinations { n: 1 }.scientific(), "1.00e0");
        assert_eq!(Combinations { n: 10 }.scientific(), "1.02e3");
        assert_eq!(Combinations { n: 35 }.scientific(), "3.44e10");
        // 2^9029 = 9.9996…e2717: rounds to the next power of ten.
        assert_eq!(Combinations { n: 9029 }.scientific(), "1.00e2718");
        assert_eq!(thousands(1190), "1,190");
    }
}
