//! What-if scenarios: named sets of cut nodes, cut edges and hardened edges or
//! nodes, saved in the file (the top-level `"scenarios"` key, a v1 extension
//! documented in docs/FORMAT.md), turned into an [`EdgeFilter`], and compared
//! before → after: paths that die, risk per jewel, choke points.
//!
//! Edges are named by [`EdgeRef`] — endpoints by id as written in the file
//! plus the position among the edges written between them — because petgraph
//! indices and [`EdgeId`]s are not stable across saves, while ids are.

use serde::{Deserialize, Serialize};

use super::cuts::{ChokePoints, choke_points};
use super::paths::{PathQuery, most_likely_paths};
use super::risk::{Cancelled, Control, Estimate, RiskQuery, estimate_risk};
use super::view::EdgeFilter;
use crate::model::{EdgeId, Edit, Extra, TrustGraph, read_extension};
use crate::numbers::prob;
use petgraph::stable_graph::NodeIndex;

/// The top-level key scenarios are saved under.
pub const SCENARIOS_KEY: &str = "scenarios";

/// An edge named stably: the `index`-th (from 0, in file order) of the edges
/// written `from` → `to` (a bidirectional edge is named as written).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct EdgeRef {
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub index: usize,
}

impl EdgeRef {
    /// The reference to edge `id` of `g`, if it exists.
    pub fn of(g: &TrustGraph, id: EdgeId) -> Option<EdgeRef> {
        let e = g.edge(id)?;
        let index = g
            .edges()
            .filter(|o| o.from == e.from && o.to == e.to)
            .position(|o| o.id == id)?;
        Some(EdgeRef {
            from: g.node(e.from).id.clone(),
            to: g.node(e.to).id.clone(),
            index,
        })
    }

    /// The edge this names in `g`, or an error naming what is missing.
    pub fn resolve(&self, g: &TrustGraph) -> Result<EdgeId, String> {
        let from = g
            .find(&self.from)
            .ok_or_else(|| format!("no node has id \"{}\"", self.from))?;
        let to = g
            .find(&self.to)
            .ok_or_else(|| format!("no node has id \"{}\"", self.to))?;
        g.edges()
            .filter(|e| e.from == from && e.to == to)
            .nth(self.index)
            .map(|e| e.id)
            .ok_or_else(|| format!("no edge {} → {} number {}", self.from, self.to, self.index))
    }
}

impl std::fmt::Display for EdgeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} → {}", self.from, self.to)?;
        if self.index > 0 {
            write!(f, " #{}", self.index)?;
        }
        Ok(())
    }
}

/// An edge made harder: its likelihood multiplied by `factor` in (0, 1].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HardenedEdge {
    #[serde(flatten)]
    pub edge: EdgeRef,
    pub factor: f64,
}

/// A node made harder to gain: every edge into it (and every bidirectional
/// edge touching it, both ways) has its likelihood multiplied by `factor`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HardenedNode {
    pub id: String,
    pub factor: f64,
}

/// A named set of what-ifs, as saved in the file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    /// Node ids treated as removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut_nodes: Vec<String>,
    /// Edges treated as removed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cut_edges: Vec<EdgeRef>,
    /// Edges with their likelihood scaled down.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hardened: Vec<HardenedEdge>,
    /// Nodes whose incoming edges are scaled down.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hardened_nodes: Vec<HardenedNode>,
    /// Unknown keys, kept on round-trip.
    #[serde(flatten)]
    pub extra: Extra,
}

fn check_factor(name: &str, what: &str, factor: f64) -> Result<(), String> {
    if factor > 0.0 && factor <= 1.0 {
        Ok(())
    } else {
        Err(format!(
            "scenario \"{name}\": hardening factor {factor} for {what} is outside (0, 1]"
        ))
    }
}

impl Scenario {
    /// The filter that applies this scenario to `g` (on top of no filter), or
    /// an error naming the scenario and the id or edge that is missing.
    pub fn filter(&self, g: &TrustGraph) -> Result<EdgeFilter, String> {
        let ctx = |e: String| format!("scenario \"{}\": {e}", self.name);
        let mut f = EdgeFilter::default();
        for id in &self.cut_nodes {
            let v = g
                .find(id)
                .ok_or_else(|| ctx(format!("no node has id \"{id}\"")))?;
            f.cut_nodes.push(v);
        }
        for r in &self.cut_edges {
            f.cut_edges.push(r.resolve(g).map_err(ctx)?);
        }
        // Factors on one edge multiply: the view applies one factor per edge.
        let mut scale =
            |id: EdgeId, factor: f64| match f.scaled_edges.iter_mut().find(|(e, _)| *e == id) {
                Some((_, f0)) => *f0 *= factor,
                None => f.scaled_edges.push((id, factor)),
            };
        for h in &self.hardened {
            check_factor(&self.name, &h.edge.to_string(), h.factor)?;
            scale(h.edge.resolve(g).map_err(ctx)?, h.factor);
        }
        for h in &self.hardened_nodes {
            check_factor(&self.name, &h.id, h.factor)?;
            let v = g
                .find(&h.id)
                .ok_or_else(|| ctx(format!("no node has id \"{}\"", h.id)))?;
            for e in g.edges() {
                if e.to == v || (e.from == v && e.edge.bidirectional) {
                    scale(e.id, h.factor);
                }
            }
        }
        Ok(f)
    }

    /// A short human description: "cutting Vendor VPN and hardening AD → EHR ×0.5".
    pub fn describe(&self, g: &TrustGraph) -> String {
        let label = |id: &str| {
            g.find(id)
                .map_or(id.to_owned(), |v| g.node(v).label.clone())
        };
        let edge = |r: &EdgeRef| format!("{} → {}", label(&r.from), label(&r.to));
        let mut cut: Vec<String> = self.cut_nodes.iter().map(|id| label(id)).collect();
        cut.extend(self.cut_edges.iter().map(edge));
        let mut hard: Vec<String> = self
            .hardened
            .iter()
            .map(|h| format!("{} ×{}", edge(&h.edge), prob(h.factor)))
            .collect();
        hard.extend(
            self.hardened_nodes
                .iter()
                .map(|h| format!("{} ×{}", label(&h.id), prob(h.factor))),
        );
        let mut parts = Vec::new();
        if !cut.is_empty() {
            parts.push(format!("cutting {}", cut.join(", ")));
        }
        if !hard.is_empty() {
            parts.push(format!("hardening {}", hard.join(", ")));
        }
        if parts.is_empty() {
            "changing nothing".into()
        } else {
            parts.join(" and ")
        }
    }
}

/// The scenarios saved in `g` (none when the key is absent), or a one-line
/// error naming the place (`scenarios[0].cut_edges[1].index: …`).
pub fn scenarios(g: &TrustGraph) -> Result<Vec<Scenario>, String> {
    let Some(value) = g.extra.get(SCENARIOS_KEY) else {
        return Ok(Vec::new());
    };
    read_extension(SCENARIOS_KEY, value).map_err(|(place, message)| format!("{place}: {message}"))
}

/// Whether every saved scenario can be applied to `g`: its ids and edges
/// exist and its factors lie in (0, 1]. The first problem, in one line. Not
/// an error of the file: removing a node leaves the scenarios that name it
/// (the app and `risk` skip or refuse those alone), and another tool may
/// use the key for something else.
pub fn check_scenarios(g: &TrustGraph) -> Result<(), String> {
    scenarios(g)?.iter().try_for_each(|s| s.filter(g).map(drop))
}

/// The undoable edit that saves `list` as the file's scenarios (removing the
/// key when the list is empty).
pub fn set_scenarios(list: &[Scenario]) -> Edit {
    Edit::SetExtra {
        key: SCENARIOS_KEY.into(),
        value: (!list.is_empty()).then(|| serde_json::to_value(list).unwrap_or_default()),
    }
}

/// Settings of [`compare`].
#[derive(Clone, Debug)]
pub struct CompareOptions {
    /// How many most likely paths to compare.
    pub k: usize,
    pub samples: u64,
    pub seed: u64,
}

impl Default for CompareOptions {
    fn default() -> Self {
        Self {
            k: 10,
            samples: 10_000,
            seed: 1,
        }
    }
}

/// One crown jewel before and after.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JewelDelta {
    pub jewel: NodeIndex,
    pub before: Estimate,
    pub after: Estimate,
}

/// Before → after of a what-if.
#[derive(Clone, Debug, PartialEq)]
pub struct WhatIfReport {
    /// Top-k paths before.
    pub paths_before: usize,
    /// Of those, how many use a cut node or edge (or a kind filtered out).
    pub paths_removed: usize,
    /// Top-k paths after (others may take the place of the removed ones).
    pub paths_after: usize,
    /// Per crown jewel, in node order.
    pub jewels: Vec<JewelDelta>,
    pub any_before: Estimate,
    pub any_after: Estimate,
    pub choke_before: ChokePoints,
    pub choke_after: ChokePoints,
}

impl WhatIfReport {
    /// One line for people: "cutting X removes 6 of 10 paths; risk to EHR
    /// 0.41 → 0.12" (the jewel whose risk changes most; "any jewel" when none).
    pub fn summary(&self, g: &TrustGraph, action: &str) -> String {
        let biggest = self.jewels.iter().max_by(|a, b| {
            let d = |j: &JewelDelta| (j.before.probability - j.after.probability).abs();
            d(a).total_cmp(&d(b)).then(b.jewel.cmp(&a.jewel))
        });
        let (name, before, after) = match biggest {
            Some(j) => (g.node(j.jewel).label.as_str(), j.before, j.after),
            None => ("any jewel", self.any_before, self.any_after),
        };
        format!(
            "{action} removes {} of {} paths; risk to {name} {:.2} → {:.2}",
            self.paths_removed, self.paths_before, before.probability, after.probability
        )
    }
}

/// Compares `base` with `scenario` (both whole filters, e.g. `EdgeFilter::default()`
/// and [`Scenario::filter`]) from the entries to the crown jewels. The two
/// Monte Carlo runs share the seed, hence their random numbers, so a hardening
/// never shows as a rise.
pub fn compare(
    g: &TrustGraph,
    base: &EdgeFilter,
    scenario: &EdgeFilter,
    opts: &CompareOptions,
    control: &Control,
) -> Result<WhatIfReport, Cancelled> {
    let (sources, targets) = (g.entries(), g.crown_jewels());
    let paths = |filter: &EdgeFilter| {
        most_likely_paths(
            g,
            &PathQuery {
                sources: sources.clone(),
                targets: targets.clone(),
                k: opts.k,
                max_hops: None,
                filter: filter.clone(),
            },
        )
    };
    let risk = |filter: &EdgeFilter| {
        estimate_risk(
            g,
            &RiskQuery {
                sources: sources.clone(),
                targets: targets.clone(),
                filter: filter.clone(),
                samples: opts.samples,
                seed: opts.seed,
            },
            control,
        )
    };
    let before = paths(base);
    let removed = before
        .iter()
        .filter(|p| {
            p.nodes.iter().any(|v| scenario.cut_nodes.contains(v))
                || p.edges.iter().any(|e| {
                    scenario.cut_edges.contains(e)
                        || scenario.kinds.as_ref().is_some_and(|kinds| {
                            g.edge(*e).is_some_and(|r| !kinds.contains(&r.edge.kind))
                        })
                })
        })
        .count();
    let after = paths(scenario);
    let risk_before = risk(base)?;
    let risk_after = risk(scenario)?;
    Ok(WhatIfReport {
        paths_before: before.len(),
        paths_removed: removed,
        paths_after: after.len(),
        jewels: risk_before
            .jewels
            .iter()
            .zip(&risk_after.jewels)
            .map(|(&(jewel, b), &(_, a))| JewelDelta {
                jewel,
                before: b,
                after: a,
            })
            .collect(),
        any_before: risk_before.any,
        any_after: risk_after.any,
        choke_before: choke_points(g, &sources, &targets, base),
        choke_after: choke_points(g, &sources, &targets, scenario),
    })
}
