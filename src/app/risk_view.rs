//! The risk panel's background work: Monte Carlo compromise probability
//! (`analysis::estimate_risk`) for the current graph and what-if filter, on
//! its own worker thread with a progress bar and cancel (the risk API's
//! [`Control`]: an `AtomicBool` to stop, an `AtomicU64` raised by the
//! progress callback). The previous answer stays shown, greyed, until the new
//! one arrives; a new run starts [`DEBOUNCE`] after the last edit.
//!
//! Per node reach probability for the canvas tint is the same estimator with
//! every node as a target (one more pass, only while the tint is on).
//! The same run computes the choke points (minimum node and edge cuts).

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use petgraph::stable_graph::NodeIndex;

use crate::analysis::{
    Cancelled, ChokePoints, CompareOptions, Control, EdgeFilter, Estimate, PathQuery, RiskQuery,
    WhatIfReport, choke_points, compare, estimate_risk, most_likely_paths,
};
use crate::analysis::{EdgeRef, HardenedEdge, Scenario, scenarios, set_scenarios};
use crate::app::state::AppState;
use crate::model::EdgeId;

/// Samples per run.
pub const SAMPLES: u64 = 20_000;
/// Seed of every run (common random numbers: an edit changes only what it changes).
pub const SEED: u64 = 1;
/// Quiet time after an edit before a new run starts.
pub const DEBOUNCE: Duration = Duration::from_millis(300);

/// One crown jewel's answer.
#[derive(Clone, Debug)]
pub struct JewelRisk {
    pub node: NodeIndex,
    /// What an attacker gets: the chance that some path is open.
    pub risk: Estimate,
    /// What a per-link review sees: the likelihood of the best single path
    /// (0 when no path within the hop limit).
    pub best_path: f64,
}

impl JewelRisk {
    /// Monte Carlo over best single path (`None` when there is no path).
    pub fn ratio(&self) -> Option<f64> {
        (self.best_path > 0.0).then(|| self.risk.probability / self.best_path)
    }
}

/// A finished run.
#[derive(Clone, Debug)]
pub struct RiskResult {
    pub jewels: Vec<JewelRisk>,
    /// The chance that at least one crown jewel is reached.
    pub any: Estimate,
    /// Per node reach probability (filled only when the tint was on).
    pub reach: HashMap<NodeIndex, f64>,
    /// Minimum node and edge cuts between the entries and the crown jewels.
    pub choke: ChokePoints,
    /// Before → after of the current what-ifs against none (`whatif::compare`),
    /// with its one-line summary; `None` without what-ifs.
    pub deltas: Option<(WhatIfReport, String)>,
    /// Per saved scenario: its name, per-jewel risk (the order of `jewels`)
    /// and the risk to any jewel.
    pub scenarios: Vec<(String, Vec<Estimate>, Estimate)>,
    pub samples: u64,
    pub elapsed: Duration,
}

/// What a run answers: the analysis revision and whether it carries the tint.
type Key = (u64, bool);

struct Running {
    key: Key,
    cancel: Arc<AtomicBool>,
    done: Arc<AtomicU64>,
    total: u64,
    rx: Receiver<Result<RiskResult, Cancelled>>,
}

/// The risk panel's state (owned by [`AppState`]).
#[derive(Default)]
pub struct RiskView {
    /// The panel is shown.
    pub open: bool,
    /// Nodes are tinted by reach probability.
    pub tint: bool,
    pub result: Option<RiskResult>,
    result_key: Option<Key>,
    /// The key last seen changing, and when (debounce).
    changed: Option<(Key, Instant)>,
    running: Option<Running>,
    /// A run the user cancelled: not restarted until something changes.
    cancelled: Option<Key>,
}

impl RiskView {
    /// Whether a run is in progress.
    pub fn running(&self) -> bool {
        self.running.is_some()
    }

    /// (samples done, samples total) of the running job.
    pub fn progress(&self) -> Option<(u64, u64)> {
        self.running
            .as_ref()
            .map(|r| (r.done.load(Ordering::Relaxed).min(r.total), r.total))
    }

    /// Stops the running job; it is not restarted until the model changes.
    pub fn cancel(&mut self) {
        if let Some(r) = self.running.take() {
            r.cancel.store(true, Ordering::Relaxed);
            self.cancelled = Some(r.key);
        }
    }

    /// Reach probability of a node, for the canvas tint.
    pub fn tint_of(&self, n: NodeIndex) -> Option<f64> {
        if !self.tint {
            return None;
        }
        self.result.as_ref()?.reach.get(&n).copied()
    }

    /// Whether a node is in the minimum node cut (marked while the panel is open).
    pub fn choke_node(&self, n: NodeIndex) -> bool {
        self.open
            && self
                .result
                .as_ref()
                .and_then(|r| r.choke.nodes.as_ref())
                .is_some_and(|c| c.contains(&n))
    }

    /// Whether an edge is in the minimum edge cut (marked while the panel is open).
    pub fn choke_edge(&self, e: EdgeId) -> bool {
        self.open
            && self
                .result
                .as_ref()
                .and_then(|r| r.choke.edges.as_ref())
                .is_some_and(|c| c.contains(&e))
    }

    fn take_finished(&mut self) {
        let Some(r) = &self.running else { return };
        match r.rx.try_recv() {
            Ok(Ok(result)) => {
                self.result_key = Some(r.key);
                self.result = Some(result);
                self.running = None;
            }
            Ok(Err(Cancelled)) | Err(TryRecvError::Disconnected) => self.running = None,
            Err(TryRecvError::Empty) => {}
        }
    }
}

/// Whether the shown result answers an older question (drawn greyed).
pub fn stale(state: &AppState) -> bool {
    state.risk.result_key != Some(key(state))
}

fn key(state: &AppState) -> Key {
    (state.analysis_revision(), state.risk.tint)
}

/// Once per frame: takes in a finished run and starts one when the answer is
/// out of date (after the debounce). Returns how soon to repaint, if at all.
pub fn tick(state: &mut AppState) -> Option<Duration> {
    state.risk.take_finished();
    if !state.risk.open && !state.risk.tint {
        return None;
    }
    let k = key(state);
    let view = &state.risk;
    let current = view.result_key == Some(k)
        || view.running.as_ref().is_some_and(|r| r.key == k)
        || view.cancelled == Some(k);
    if current {
        return view.running.is_some().then_some(Duration::from_millis(50));
    }
    let now = Instant::now();
    let since = match state.risk.changed {
        Some((ck, t)) if ck == k => t,
        _ => {
            state.risk.changed = Some((k, now));
            now
        }
    };
    let wait = if state.risk.result.is_none() {
        Duration::ZERO
    } else {
        DEBOUNCE.saturating_sub(now - since)
    };
    if !wait.is_zero() {
        return Some(wait);
    }
    start(state, k);
    Some(Duration::from_millis(50))
}

fn start(state: &mut AppState, k: Key) {
    if let Some(r) = state.risk.running.take() {
        r.cancel.store(true, Ordering::Relaxed);
    }
    let graph = state.graph.clone();
    let sources = state.sources();
    let targets = state.targets();
    let filter = state.filter();
    let max_hops = (state.settings.max_hops > 0).then_some(state.settings.max_hops);
    let tint = k.1;
    let base = EdgeFilter {
        kinds: filter.kinds.clone(),
        ..EdgeFilter::default()
    };
    let whatifs = !(filter.cut_edges.is_empty()
        && filter.cut_nodes.is_empty()
        && filter.scaled_edges.is_empty());
    let action = describe(state);
    let k_paths = state.settings.k.max(1);
    let saved: Vec<(String, EdgeFilter)> = scenarios(&state.graph)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|s| Some((s.name.clone(), s.filter(&state.graph).ok()?)))
        .map(|(n, mut f)| {
            f.kinds.clone_from(&base.kinds);
            (n, f)
        })
        .collect();
    let total = SAMPLES * (1 + u64::from(tint) + 2 * u64::from(whatifs) + saved.len() as u64);
    let cancel = Arc::new(AtomicBool::new(false));
    let done = Arc::new(AtomicU64::new(0));
    let (tx, rx) = channel();
    let (c, d) = (cancel.clone(), done.clone());
    let spawned = std::thread::Builder::new()
        .name("trustpath-risk".into())
        .spawn(move || {
            let t0 = Instant::now();
            let run = |targets: Vec<NodeIndex>, offset: u64| {
                let progress = |n: u64, _t: u64| {
                    d.fetch_max(offset + n, Ordering::Relaxed);
                };
                let control = Control {
                    cancel: Some(&c),
                    progress: Some(&progress),
                };
                let q = RiskQuery {
                    sources: sources.clone(),
                    targets,
                    filter: filter.clone(),
                    samples: SAMPLES,
                    seed: SEED,
                };
                estimate_risk(&graph, &q, &control)
            };
            let choke = choke_points(&graph, &sources, &targets, &filter);
            let answer = (|| {
                let report = run(targets.clone(), 0)?;
                let reach = if tint {
                    let all: Vec<NodeIndex> = graph.nodes().map(|(ix, _)| ix).collect();
                    run(all, SAMPLES)?
                        .jewels
                        .into_iter()
                        .map(|(n, e)| (n, e.probability))
                        .collect()
                } else {
                    HashMap::new()
                };
                let deltas = if whatifs {
                    let offset = SAMPLES * (1 + u64::from(tint));
                    let progress = |n: u64, _t: u64| {
                        d.fetch_max(offset + n, Ordering::Relaxed);
                    };
                    let control = Control {
                        cancel: Some(&c),
                        progress: Some(&progress),
                    };
                    let opts = CompareOptions {
                        k: k_paths,
                        samples: SAMPLES,
                        seed: SEED,
                    };
                    let report = compare(&graph, &base, &filter, &opts, &control)?;
                    let line = report.summary(&graph, &action);
                    Some((report, line))
                } else {
                    None
                };
                let mut per_scenario = Vec::new();
                let first = SAMPLES * (1 + u64::from(tint) + 2 * u64::from(whatifs));
                for (i, (name, f)) in saved.iter().enumerate() {
                    let progress = |n: u64, _t: u64| {
                        d.fetch_max(first + i as u64 * SAMPLES + n, Ordering::Relaxed);
                    };
                    let control = Control {
                        cancel: Some(&c),
                        progress: Some(&progress),
                    };
                    let q = RiskQuery {
                        sources: sources.clone(),
                        targets: targets.clone(),
                        filter: f.clone(),
                        samples: SAMPLES,
                        seed: SEED,
                    };
                    let r = estimate_risk(&graph, &q, &control)?;
                    let per = r.jewels.iter().map(|x| x.1).collect();
                    per_scenario.push((name.clone(), per, r.any));
                }
                let jewels = report
                    .jewels
                    .iter()
                    .map(|&(node, risk)| {
                        let q = PathQuery {
                            sources: sources.clone(),
                            targets: vec![node],
                            k: 1,
                            max_hops,
                            filter: filter.clone(),
                        };
                        let best_path = most_likely_paths(&graph, &q)
                            .first()
                            .map_or(0.0, |p| p.likelihood);
                        JewelRisk {
                            node,
                            risk,
                            best_path,
                        }
                    })
                    .collect();
                Ok(RiskResult {
                    jewels,
                    any: report.any,
                    reach,
                    choke,
                    deltas,
                    scenarios: per_scenario,
                    samples: SAMPLES,
                    elapsed: t0.elapsed(),
                })
            })();
            tx.send(answer).ok();
        });
    if spawned.is_ok() {
        state.risk.cancelled = None;
        state.risk.running = Some(Running {
            key: k,
            cancel,
            done,
            total,
            rx,
        });
    }
}

/// "Cutting Vendor VPN → EHR", or a count of the what-ifs.
fn describe(state: &AppState) -> String {
    let f = state.filter();
    let n = f.cut_edges.len() + f.cut_nodes.len() + f.scaled_edges.len();
    let name = |ix: NodeIndex| {
        state
            .graph
            .node_opt(ix)
            .map_or_else(String::new, |n| n.label.clone())
    };
    if n == 1
        && let Some(&e) = f.cut_edges.first()
        && let Some(edge) = state.graph.edge(e)
    {
        return format!("Cutting {} → {}", name(edge.from), name(edge.to));
    }
    if n == 1
        && let Some(&v) = f.cut_nodes.first()
    {
        return format!("Cutting {}", name(v));
    }
    if n == 1
        && let Some(&(e, factor)) = f.scaled_edges.first()
        && let Some(edge) = state.graph.edge(e)
    {
        return format!(
            "Hardening {} → {} (×{factor:.1})",
            name(edge.from),
            name(edge.to)
        );
    }
    format!("These {n} what-ifs")
}

/// Blocks until the running job (if any) has finished (tests).
pub fn settle(state: &mut AppState) {
    for _ in 0..3 {
        if tick(state).is_none() && state.risk.running.is_none() {
            return;
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while state.risk.running.is_some() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
            state.risk.take_finished();
        }
        if !stale(state) {
            return;
        }
        // Past the debounce: start the run for the latest model.
        std::thread::sleep(DEBOUNCE);
    }
}

/// Saves the current what-ifs as scenario `name` (replacing one of that
/// name) through the history: one undo step.
pub fn save_scenario(state: &mut AppState, name: &str) {
    let name = name.trim();
    if name.is_empty() {
        state.error("A scenario needs a name.".to_owned());
        return;
    }
    let g = &state.graph;
    let scenario = Scenario {
        name: name.to_owned(),
        cut_nodes: state
            .cut_nodes
            .iter()
            .filter_map(|&v| g.node_opt(v).map(|n| n.id.clone()))
            .collect(),
        cut_edges: state
            .cuts
            .iter()
            .filter_map(|&e| EdgeRef::of(g, e))
            .collect(),
        hardened: state
            .hardened
            .iter()
            .filter_map(|&(e, factor)| {
                Some(HardenedEdge {
                    edge: EdgeRef::of(g, e)?,
                    factor,
                })
            })
            .collect(),
        ..Scenario::default()
    };
    let mut list = match scenarios(g) {
        Ok(l) => l,
        Err(e) => {
            state.error(format!("Could not read the saved scenarios: {e}"));
            return;
        }
    };
    match list.iter_mut().find(|s| s.name == name) {
        Some(s) => *s = scenario,
        None => list.push(scenario),
    }
    state.edit(set_scenarios(&list));
}

/// Replaces the current what-ifs with scenario `name`'s (not an undo step:
/// the what-ifs it replaces can be restored by applying their own scenario).
pub fn apply_scenario(state: &mut AppState, name: &str) {
    let found = scenarios(&state.graph)
        .unwrap_or_default()
        .into_iter()
        .find(|s| s.name == name);
    let Some(s) = found else {
        state.error(format!("No scenario is named \"{name}\"."));
        return;
    };
    match s.filter(&state.graph) {
        Ok(f) => {
            state.cuts = f.cut_edges;
            state.cut_nodes = f.cut_nodes;
            state.hardened = f.scaled_edges;
            state.analysis_changed();
        }
        Err(e) => state.error(e),
    }
}
