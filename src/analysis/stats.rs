//! The seed's arithmetic ("35 components make 595 pairs, 1,190 directed
//! interactions and 34,359,738,367 combinations") beside what the model
//! actually holds: the whole-versus-parts picture in numbers.

use petgraph::Direction;
use serde::Serialize;

use super::count::{PathCount, count_paths};
use super::reach::reach;
use super::view::EdgeFilter;
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

    /// Scientific notation, e.g. `3.44e10`; exact digits where they fit.
    pub fn scientific(self) -> String {
        let log10 = self.n as f64 * std::f64::consts::LOG10_2;
        let exp = log10.floor();
        let mantissa = 10f64.powf(log10 - exp);
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
}

impl From<&GraphStats> for StatsJson {
    fn from(s: &GraphStats) -> Self {
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
        assert_eq!(thousands(1190), "1,190");
    }
}
