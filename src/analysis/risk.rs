//! Emergent risk by Monte Carlo (CONTRACT §2 `risk`): every edge, and each
//! direction of a bidirectional edge, and each of several parallel edges, is
//! open independently with its likelihood; per sample we ask which crown
//! jewels are reachable from any entry over open arcs, and count.
//!
//! How a sample is drawn. Each chunk of [`CHUNK`] samples has its own
//! ChaCha8 stream seeded from `(seed, chunk index)`, so the result depends on
//! the seed only, never on the thread count or scheduling. From that stream
//! each sample takes one 64-bit key; whether arc `a` is open in that sample
//! is `splitmix64(key + a·γ) < likelihood·2⁶⁴`, where `a` is stable across
//! what-ifs (edge id and direction). That is exactly the `a`-th output of a
//! SplitMix64 generator seeded with the key, so arcs are independent, and it
//! has three properties the analysis needs:
//! - *lazy*: an arc's state is computed only when a search examines it;
//! - *consistent*: the state is a function of (sample, arc), so a forward
//!   search from the entries and backward searches from the jewels see the
//!   same world, which allows a meet-in-the-middle search (below);
//! - *common random numbers*: with and without a cut or hardening, the same
//!   seed gives each arc the same uniform, so a what-if difference is free of
//!   sampling noise in its sign (hardening never raises a sampled outcome).
//!
//! The search per sample grows the set F reachable from the entries and, for
//! each unreached jewel j (up to 64 at a time), the set B_j that can reach j,
//! always expanding the smallest frontier. j is reached as soon as F meets
//! B_j; j is unreachable once B_j is closed without meeting F (F starts at
//! the entries, so a closed B_j that holds no entry cannot be entered). On a
//! supercritical graph both sides meet after about √n nodes instead of n.
//!
//! Background use (the GUI): every long entry point — [`estimate_risk`],
//! `compare`, `rank`, `risk_stats` — takes a [`Control`] and returns
//! `Err(Cancelled)` when stopped. Clone the graph into a thread, share an
//! `Arc<AtomicBool>` (set it to cancel when the model changes) and an
//! `Arc<AtomicU64>` that the progress callback raises with `fetch_max`; the UI
//! polls the atomic each frame and shows the previous result greyed until the
//! new one arrives:
//!
//! ```
//! use std::sync::{Arc, atomic::{AtomicBool, AtomicU64, Ordering}};
//! use trustpath::analysis::{estimate_risk, Control, RiskQuery};
//! # let g = trustpath::io::load_bytes(br#"{"version": 1, "nodes": [{"id": "a", "entry": true},
//! #   {"id": "b", "crown_jewel": true}], "edges": [{"from": "a", "to": "b", "likelihood": 0.3}]}"#).unwrap();
//! let (cancel, done) = (Arc::new(AtomicBool::new(false)), Arc::new(AtomicU64::new(0)));
//! let (c, d) = (cancel.clone(), done.clone());
//! let worker = std::thread::spawn(move || {
//!     let progress = |n: u64, _total: u64| { d.fetch_max(n, Ordering::Relaxed); };
//!     let control = Control { cancel: Some(&c), progress: Some(&progress) };
//!     estimate_risk(&g, &RiskQuery::entries_to_jewels(&g, 5_000, 1), &control)
//! });
//! // UI thread: read `done` for a progress bar; `cancel.store(true, …)` to abandon.
//! let report = worker.join().unwrap().unwrap();
//! assert_eq!(done.load(Ordering::Relaxed), 5_000);
//! assert!(report.jewels[0].1.probability > 0.2);
//! ```

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use petgraph::stable_graph::NodeIndex;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

use super::view::{EdgeFilter, Parallel, TrustView};
use crate::csr::Csr;
use crate::model::TrustGraph;

/// Samples per chunk: the unit of parallel work, of seeding and of progress.
pub const CHUNK: u64 = 256;

/// What to estimate.
#[derive(Clone, Debug)]
pub struct RiskQuery {
    /// Where the attacker starts (compromised in every sample).
    pub sources: Vec<NodeIndex>,
    /// The nodes whose chance of compromise is estimated, in this order.
    pub targets: Vec<NodeIndex>,
    /// Which edges exist and how likely (kinds, what-if cuts and hardening).
    pub filter: EdgeFilter,
    /// Number of samples (at least 1 for a meaningful answer).
    pub samples: u64,
    pub seed: u64,
}

impl RiskQuery {
    /// From every entry to every crown jewel, with no filter.
    pub fn entries_to_jewels(g: &TrustGraph, samples: u64, seed: u64) -> Self {
        Self {
            sources: g.entries(),
            targets: g.crown_jewels(),
            filter: EdgeFilter::default(),
            samples,
            seed,
        }
    }
}

/// How a long computation is steered from another thread. Both parts are
/// optional; `Control::default()` runs to the end silently.
///
/// ```
/// use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
/// use trustpath::analysis::{estimate_risk, Control, RiskQuery};
/// let g = trustpath::io::load_bytes(br#"{"version": 1,
///   "nodes": [{"id": "a", "entry": true}, {"id": "b", "crown_jewel": true}],
///   "edges": [{"from": "a", "to": "b", "likelihood": 0.5}]}"#).unwrap();
/// let cancel = AtomicBool::new(false); // set from the UI thread to stop
/// let done = AtomicU64::new(0);
/// let progress = |samples_done: u64, _total: u64| { done.fetch_max(samples_done, Ordering::Relaxed); };
/// let control = Control { cancel: Some(&cancel), progress: Some(&progress) };
/// let r = estimate_risk(&g, &RiskQuery::entries_to_jewels(&g, 1000, 7), &control).unwrap();
/// assert!((r.jewels[0].1.probability - 0.5).abs() < 0.1);
/// assert_eq!(done.load(Ordering::Relaxed), 1000);
/// ```
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// Checked between chunks; when it turns true the run stops with [`Cancelled`].
    pub cancel: Option<&'a AtomicBool>,
    /// Called from worker threads after each chunk with (samples done, total).
    /// Calls from different threads may arrive out of order: keep the maximum.
    pub progress: Option<&'a (dyn Fn(u64, u64) + Sync)>,
}

impl Control<'_> {
    pub(crate) fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// The run was stopped through [`Control::cancel`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;

/// A Monte Carlo proportion and its standard error √(p̂(1−p̂)/N).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Estimate {
    pub probability: f64,
    pub stderr: f64,
}

impl Estimate {
    /// From `hits` successes in `samples` trials (0 trials give 0 ± 0).
    pub fn from_counts(hits: u64, samples: u64) -> Self {
        if samples == 0 {
            return Self {
                probability: 0.0,
                stderr: 0.0,
            };
        }
        let n = samples as f64;
        let p = hits as f64 / n;
        Self {
            probability: p,
            stderr: (p * (1.0 - p) / n).sqrt(),
        }
    }
}

/// The answer of [`estimate_risk`].
#[derive(Clone, Debug, PartialEq)]
pub struct RiskReport {
    pub samples: u64,
    pub seed: u64,
    /// One estimate per target, in the query's order (duplicates removed).
    pub jewels: Vec<(NodeIndex, Estimate)>,
    /// The chance that at least one target is reached.
    pub any: Estimate,
}

/// Estimates, for each target, the chance that it is reachable from the
/// sources when each arc is open independently with its likelihood.
/// A target that is also a source has probability 1; a source or target
/// removed by the filter (`cut_nodes`) is neither a start nor reachable.
///
/// Deterministic for a seed whatever the number of rayon threads. Runs on the
/// current rayon pool (use `ThreadPool::install` to choose one).
/// Cost: O(samples · explored arcs); see the module doc for the search.
pub fn estimate_risk(
    g: &TrustGraph,
    q: &RiskQuery,
    control: &Control,
) -> Result<RiskReport, Cancelled> {
    let sampler = Sampler::new(g, &q.sources, &q.targets, &q.filter, q.seed);
    let counts = sampler.run(q.samples, q.seed, control)?;
    Ok(RiskReport {
        samples: q.samples,
        seed: q.seed,
        jewels: sampler
            .targets
            .iter()
            .zip(&counts.per_target)
            .map(|(&t, &c)| {
                (
                    NodeIndex::new(t as usize),
                    Estimate::from_counts(c, q.samples),
                )
            })
            .collect(),
        any: Estimate::from_counts(counts.any, q.samples),
    })
}

/// One arc as the sampler sees it: 16 bytes, since the search is bound by
/// memory traffic on large graphs.
#[derive(Clone, Copy, Debug, Default)]
struct SArc {
    /// The other end (head in the forward view, tail in the backward view).
    to: u32,
    /// Open when the high 32 bits of the arc's uniform are at most this:
    /// P = (threshold + 1) / 2³², within 2⁻³² of the likelihood, exact for 1.
    threshold: u32,
    /// Stable identity: edge id · 2 + (1 for the reverse of a bidirectional
    /// edge), salted with the seed.
    key: u64,
}

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// SplitMix64's output function (Steele, Lea & Flood 2014): a bijection with
/// full avalanche, which is what makes `mix(key + a·γ)` a proper stream.
#[inline]
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[inline]
fn is_open(sample_key: u64, a: &SArc) -> bool {
    (mix(sample_key.wrapping_add(a.key.wrapping_mul(GAMMA))) >> 32) as u32 <= a.threshold
}

/// `likelihood` as a threshold on a uniform u32 (see [`SArc::threshold`]).
fn threshold(likelihood: f64) -> u32 {
    if likelihood >= 1.0 {
        u32::MAX
    } else {
        // 2^32 · l rounded down, less one so that P(u ≤ t) = ⌊2^32 l⌋ / 2^32.
        ((likelihood * 4_294_967_296.0) as u32).saturating_sub(1)
    }
}

/// The arcs of `g` under `filter`, each with its stable key: every arc,
/// parallel ones included, as Monte Carlo and the exact computation see them.
pub(crate) fn keyed_arcs(
    g: &TrustGraph,
    filter: &EdgeFilter,
) -> (usize, Vec<(u32, u32, f64, u64)>) {
    let view = TrustView::new(g, filter, Parallel::All);
    // Tail of each edge as written, by id (ids are dense: a Vec, not a map).
    let max_id = g.edges().map(|e| e.id.0 as usize).max().unwrap_or(0);
    let mut written_from = vec![u32::MAX; max_id + 1];
    for e in g.edges() {
        written_from[e.id.0 as usize] = e.from.index() as u32;
    }
    let arcs = view
        .arcs()
        .map(|(from, a)| {
            let reverse = written_from.get(a.edge.0 as usize) != Some(&from);
            (from, a.to, a.likelihood, a.edge.0 * 2 + u64::from(reverse))
        })
        .collect();
    (view.n, arcs)
}

/// Sources and targets as slot numbers: cut or missing nodes dropped,
/// duplicates removed keeping the first.
pub(crate) fn slots(nodes: &[NodeIndex], n: usize, filter: &EdgeFilter) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::with_capacity(nodes.len());
    for v in nodes {
        let s = v.index() as u32;
        if v.index() < n && !filter.cut_nodes.contains(v) && !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// Counts of one batch of samples.
#[derive(Clone, Debug, Default)]
struct Counts {
    per_target: Vec<u64>,
    any: u64,
}

impl Counts {
    fn add(mut self, other: Counts) -> Counts {
        for (a, b) in self.per_target.iter_mut().zip(other.per_target) {
            *a += b;
        }
        self.any += other.any;
        self
    }
}

/// A graph prepared for sampling.
struct Sampler {
    n: usize,
    fwd: Csr<SArc>,
    bwd: Csr<SArc>,
    sources: Vec<u32>,
    /// Targets as asked (cut ones kept, so they report 0).
    targets: Vec<u32>,
}

/// Per-thread scratch space, reused across samples via stamps.
struct Workspace {
    stamp: u32,
    fstamp: Vec<u32>,
    bstamp: Vec<u32>,
    /// Which searches of the current group (bit j) hold the node.
    bmask: Vec<u64>,
    fqueue: Vec<u32>,
    bqueues: Vec<Vec<u32>>,
}

impl Workspace {
    fn new(n: usize) -> Self {
        Self {
            stamp: 0,
            fstamp: vec![0; n],
            bstamp: vec![0; n],
            bmask: vec![0; n],
            fqueue: Vec::new(),
            bqueues: Vec::new(),
        }
    }

    fn next_stamp(&mut self) -> u32 {
        if self.stamp == u32::MAX {
            self.fstamp.fill(0);
            self.bstamp.fill(0);
            self.stamp = 0;
        }
        self.stamp += 1;
        self.stamp
    }
}

impl Sampler {
    fn new(
        g: &TrustGraph,
        sources: &[NodeIndex],
        targets: &[NodeIndex],
        filter: &EdgeFilter,
        seed: u64,
    ) -> Self {
        let (n, arcs) = keyed_arcs(g, filter);
        // The seed also salts the arc keys, so two seeds differ in every arc.
        let salt = mix(seed ^ 0x5eed_5eed_5eed_5eed);
        let sarc = |to: u32, l: f64, key: u64| SArc {
            to,
            threshold: threshold(l),
            key: key ^ salt,
        };
        let fwd = arcs
            .iter()
            .map(|&(from, to, l, key)| (from, sarc(to, l, key)));
        let bwd = arcs
            .iter()
            .map(|&(from, to, l, key)| (to, sarc(from, l, key)));
        let mut all_targets = Vec::new();
        for t in targets {
            let s = t.index() as u32;
            if t.index() < n && !all_targets.contains(&s) {
                all_targets.push(s);
            }
        }
        Self {
            n,
            fwd: Csr::new(n, fwd),
            bwd: Csr::new(n, bwd),
            sources: slots(sources, n, filter),
            targets: all_targets,
        }
    }

    fn run(&self, samples: u64, seed: u64, control: &Control) -> Result<Counts, Cancelled> {
        let chunks = samples.div_ceil(CHUNK);
        let done = AtomicU64::new(0);
        let zero = || Counts {
            per_target: vec![0; self.targets.len()],
            any: 0,
        };
        (0..chunks)
            .into_par_iter()
            .map_init(
                || Workspace::new(self.n),
                |ws, chunk| {
                    if control.cancelled() {
                        return Err(Cancelled);
                    }
                    let size = CHUNK.min(samples - chunk * CHUNK);
                    let mut rng = ChaCha8Rng::seed_from_u64(seed);
                    rng.set_stream(chunk);
                    let mut counts = zero();
                    for _ in 0..size {
                        self.sample(rng.next_u64(), ws, &mut counts);
                    }
                    let now = done.fetch_add(size, Ordering::Relaxed) + size;
                    if let Some(p) = control.progress {
                        p(now, samples);
                    }
                    Ok(counts)
                },
            )
            .try_reduce(zero, |a, b| Ok(a.add(b)))
    }

    /// One sample: adds 1 to the count of each reached target and to `any`.
    fn sample(&self, key: u64, ws: &mut Workspace, counts: &mut Counts) {
        let mut any = false;
        for (group, targets) in self.targets.chunks(64).enumerate() {
            let reached = self.sample_group(key, targets, ws);
            for j in 0..targets.len() {
                if reached & (1 << j) != 0 {
                    counts.per_target[group * 64 + j] += 1;
                }
            }
            any |= reached != 0;
        }
        counts.any += u64::from(any);
    }

    /// The meet-in-the-middle search for up to 64 targets; returns a bit per target reached.
    fn sample_group(&self, key: u64, targets: &[u32], ws: &mut Workspace) -> u64 {
        let stamp = ws.next_stamp();
        let all: u64 = if targets.len() == 64 {
            u64::MAX
        } else {
            (1u64 << targets.len()) - 1
        };
        ws.fqueue.clear();
        for &s in &self.sources {
            if ws.fstamp[s as usize] != stamp {
                ws.fstamp[s as usize] = stamp;
                ws.fqueue.push(s);
            }
        }
        if ws.bqueues.len() < targets.len() {
            ws.bqueues.resize_with(targets.len(), Vec::new);
        }
        let mut reached = 0u64;
        let mut heads = [0usize; 64];
        for (j, &t) in targets.iter().enumerate() {
            let t = t as usize;
            if ws.bstamp[t] != stamp {
                ws.bstamp[t] = stamp;
                ws.bmask[t] = 0;
            }
            ws.bmask[t] |= 1 << j;
            ws.bqueues[j].clear();
            ws.bqueues[j].push(t as u32);
            if ws.fstamp[t] == stamp {
                reached |= 1 << j;
            }
        }
        let mut fhead = 0usize;
        // Bits of targets known unreachable (their backward set closed).
        let mut dead = 0u64;
        loop {
            if (reached | dead) == all {
                return reached;
            }
            let fsize = ws.fqueue.len() - fhead;
            if fsize == 0 {
                return reached;
            }
            // The smallest open backward frontier among undecided targets.
            let mut best: Option<(usize, usize)> = None;
            for (j, (queue, &head)) in ws.bqueues.iter().zip(&heads).enumerate() {
                if j >= targets.len() {
                    break;
                }
                if (reached | dead) & (1 << j) != 0 {
                    continue;
                }
                let size = queue.len() - head;
                if size == 0 {
                    dead |= 1 << j;
                } else if best.is_none_or(|(_, s)| size < s) {
                    best = Some((j, size));
                }
            }
            match best {
                Some((j, size)) if size < fsize => {
                    let v = ws.bqueues[j][heads[j]];
                    heads[j] += 1;
                    let bit = 1u64 << j;
                    for a in self.bwd.of(v) {
                        if !is_open(key, a) {
                            continue;
                        }
                        let u = a.to as usize;
                        if ws.bstamp[u] != stamp {
                            ws.bstamp[u] = stamp;
                            ws.bmask[u] = 0;
                        }
                        if ws.bmask[u] & bit == 0 {
                            ws.bmask[u] |= bit;
                            if ws.fstamp[u] == stamp {
                                reached |= bit;
                                break;
                            }
                            ws.bqueues[j].push(a.to);
                        }
                    }
                }
                None if (reached | dead) == all => return reached,
                _ => {
                    let v = ws.fqueue[fhead];
                    fhead += 1;
                    for a in self.fwd.of(v) {
                        let w = a.to as usize;
                        if ws.fstamp[w] == stamp || !is_open(key, a) {
                            continue;
                        }
                        ws.fstamp[w] = stamp;
                        if ws.bstamp[w] == stamp {
                            reached |= ws.bmask[w];
                        }
                        ws.fqueue.push(a.to);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_bytes;

    fn chain() -> TrustGraph {
        load_bytes(
            br#"{"version": 1, "nodes": [{"id": "a", "entry": true}, {"id": "b"},
            {"id": "c", "crown_jewel": true}, {"id": "d", "crown_jewel": true, "entry": true},
            {"id": "e", "crown_jewel": true}],
            "edges": [{"from": "a", "to": "b", "likelihood": 0.5},
                      {"from": "b", "to": "c", "likelihood": 0.5}]}"#,
        )
        .unwrap()
    }

    #[test]
    fn chain_entry_jewel_and_isolated_jewel() {
        let g = chain();
        let r = estimate_risk(
            &g,
            &RiskQuery::entries_to_jewels(&g, 20_000, 3),
            &Control::default(),
        )
        .unwrap();
        let p: Vec<f64> = r.jewels.iter().map(|(_, e)| e.probability).collect();
        assert!((p[0] - 0.25).abs() < 4.0 * r.jewels[0].1.stderr, "{p:?}");
        assert_eq!(p[1], 1.0, "a jewel that is an entry is always reached");
        assert_eq!(p[2], 0.0, "an isolated jewel is never reached");
        assert_eq!(r.any.probability, 1.0);
    }

    #[test]
    fn cancel_stops_the_run() {
        let g = chain();
        let cancel = AtomicBool::new(true);
        let control = Control {
            cancel: Some(&cancel),
            progress: None,
        };
        let r = estimate_risk(&g, &RiskQuery::entries_to_jewels(&g, 10_000, 1), &control);
        assert_eq!(r, Err(Cancelled));
    }

    #[test]
    fn thresholds_are_exact_at_the_ends() {
        assert_eq!(threshold(1.0), u32::MAX);
        assert_eq!(threshold(0.5), (1u32 << 31) - 1);
        assert_eq!(threshold(1e-300), 0);
    }
}
