//! The exact compromise probabilities for small models, to check Monte Carlo
//! against and to give exact numbers where they are cheap.
//!
//! Only arcs on some source→target walk can matter: an arc u→v counts when u
//! is reachable from a source and v reaches a target (all arcs open), and v is
//! not itself a source (it is compromised anyway). Arcs of likelihood 1 are
//! always open; the m uncertain ones span 2^m worlds, each weighted by the
//! product of its arcs' chances, and each solved by a breadth-first search.
//! Cost O(2^m · (m + relevant arcs)); refused beyond [`EXACT_MAX_UNCERTAIN`].

use petgraph::stable_graph::NodeIndex;

use super::reach::distances;
use super::risk::{keyed_arcs, slots};
use super::view::{EdgeFilter, Parallel, TrustView};
use crate::model::TrustGraph;

/// Most uncertain relevant arcs [`exact_risk`] enumerates (2^20 ≈ 10^6 worlds).
pub const EXACT_MAX_UNCERTAIN: usize = 20;

/// Exact probabilities, in the shape of a Monte Carlo answer.
#[derive(Clone, Debug, PartialEq)]
pub struct ExactRisk {
    /// One per target, in the given order (duplicates removed).
    pub jewels: Vec<(NodeIndex, f64)>,
    /// At least one target reached.
    pub any: f64,
    /// How many uncertain arcs were enumerated.
    pub uncertain_arcs: usize,
}

/// The arcs (tail, head, likelihood, key) that lie on some source→target
/// walk, and the sources as slots.
pub(crate) struct Relevant {
    pub n: usize,
    pub arcs: Vec<(u32, u32, f64, u64)>,
    pub sources: Vec<u32>,
}

pub(crate) fn relevant(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
) -> Relevant {
    let (n, arcs) = keyed_arcs(g, filter);
    let sources = slots(sources, n, filter);
    let targets = slots(targets, n, filter);
    let view = TrustView::new(g, filter, Parallel::MostLikely);
    let from_src = reachable(&view, &sources);
    let to_tgt = reachable(&view.reversed(), &targets);
    let mut is_source = vec![false; n];
    for &s in &sources {
        is_source[s as usize] = true;
    }
    let arcs = arcs
        .into_iter()
        .filter(|&(a, b, _, _)| {
            from_src[a as usize] && to_tgt[b as usize] && !is_source[b as usize]
        })
        .collect();
    Relevant { n, arcs, sources }
}

fn reachable(view: &TrustView, starts: &[u32]) -> Vec<bool> {
    distances(view, starts.iter().copied())
        .into_iter()
        .map(|d| d != u32::MAX)
        .collect()
}

/// The exact chance that each target is reachable from the sources (and that
/// any is), or `None` when more than `max_uncertain` relevant arcs are uncertain.
///
/// ```
/// use trustpath::analysis::{exact_risk, EdgeFilter};
/// let g = trustpath::io::load_bytes(br#"{"version": 1,
///   "nodes": [{"id": "a", "entry": true}, {"id": "b"}, {"id": "c", "crown_jewel": true}],
///   "edges": [{"from": "a", "to": "b", "likelihood": 0.5}, {"from": "b", "to": "c", "likelihood": 0.5},
///             {"from": "a", "to": "c", "likelihood": 0.5}]}"#).unwrap();
/// let r = exact_risk(&g, &g.entries(), &g.crown_jewels(), &EdgeFilter::default(), 20).unwrap();
/// assert!((r.jewels[0].1 - 0.625).abs() < 1e-12); // 1 − (1 − 0.5)(1 − 0.25)
/// ```
pub fn exact_risk(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    filter: &EdgeFilter,
    max_uncertain: usize,
) -> Option<ExactRisk> {
    let rel = relevant(g, sources, targets, filter);
    let uncertain: Vec<usize> = (0..rel.arcs.len())
        .filter(|&i| rel.arcs[i].2 < 1.0)
        .collect();
    let m = uncertain.len();
    if m > max_uncertain.min(30) {
        return None;
    }
    // Slots of the asked targets, keeping cut ones (they report 0).
    let mut asked: Vec<u32> = Vec::new();
    for t in targets {
        let s = t.index() as u32;
        if t.index() < rel.n && !asked.contains(&s) {
            asked.push(s);
        }
    }
    let mut per_target = vec![0.0; asked.len()];
    let mut any = 0.0;
    let mut open = vec![true; rel.arcs.len()];
    let mut seen = vec![false; rel.n];
    let mut queue = Vec::new();
    for state in 0u64..(1u64 << m) {
        let mut weight = 1.0;
        for (bit, &i) in uncertain.iter().enumerate() {
            let on = state & (1 << bit) != 0;
            open[i] = on;
            let l = rel.arcs[i].2;
            weight *= if on { l } else { 1.0 - l };
        }
        seen.fill(false);
        queue.clear();
        for &s in &rel.sources {
            seen[s as usize] = true;
            queue.push(s);
        }
        // Few relevant arcs: a scan per popped node beats building adjacency per world.
        while let Some(v) = queue.pop() {
            for (i, &(a, b, _, _)) in rel.arcs.iter().enumerate() {
                if a == v && open[i] && !seen[b as usize] {
                    seen[b as usize] = true;
                    queue.push(b);
                }
            }
        }
        let mut hit = false;
        for (p, &t) in per_target.iter_mut().zip(&asked) {
            if seen[t as usize] {
                *p += weight;
                hit = true;
            }
        }
        if hit {
            any += weight;
        }
    }
    // Sums of 2^m weights can overshoot 1 by rounding.
    Some(ExactRisk {
        jewels: asked
            .iter()
            .zip(per_target)
            .map(|(&t, p)| (NodeIndex::new(t as usize), p.min(1.0)))
            .collect(),
        any: any.min(1.0),
        uncertain_arcs: m,
    })
}
