//! `trustpath risk FILE [--samples N] [--seed S] [--json]` (CONTRACT §2), plus
//! `--from/--to` like `paths`, and what-ifs: `--scenario NAME` (saved in the
//! file) or `--cut ID` compares before → after. Also the text of the risk part
//! of `stats`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

use super::CliError;
use crate::analysis::{
    self, ChokePoints, CompareOptions, Control, EdgeFilter, EdgeRef, Estimate, RiskQuery,
    RiskStats, Scenario,
};
use crate::model::TrustGraph;

/// Most Monte Carlo samples: the standard error is then below 0.0001, and
/// the bound keeps a typo from running for days.
const MAX_SAMPLES: u64 = 100_000_000;

/// Most uncertain arcs for which the text output adds the exact value.
const EXACT_IN_TEXT: usize = 16;

#[derive(Debug, Args)]
pub struct RiskArgs {
    pub file: PathBuf,
    /// How many Monte Carlo samples, 1 to 100,000,000.
    #[arg(long, default_value_t = 20_000, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=MAX_SAMPLES))]
    pub samples: u64,
    /// Random seed: the same seed gives the same numbers.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Start from this node id (repeatable; default: every entry node).
    #[arg(long = "from", value_name = "ID")]
    pub from: Vec<String>,
    /// Estimate for this node id (repeatable; default: every crown jewel).
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// Compare with the scenario of this name saved in the file (entries to
    /// crown jewels).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["cut", "from", "to"])]
    pub scenario: Option<String>,
    /// Compare with this node removed (repeatable; entries to crown jewels).
    #[arg(long, value_name = "ID", conflicts_with_all = ["from", "to"])]
    pub cut: Vec<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct RiskJson<'a> {
    samples: u64,
    seed: u64,
    jewels: Vec<JewelJson<'a>>,
    any: EstimateJson,
}

#[derive(Serialize)]
struct JewelJson<'a> {
    id: &'a str,
    probability: f64,
    stderr: f64,
}

#[derive(Serialize)]
struct EstimateJson {
    probability: f64,
    stderr: f64,
}

impl From<Estimate> for EstimateJson {
    fn from(e: Estimate) -> Self {
        Self {
            probability: e.probability,
            stderr: e.stderr,
        }
    }
}

/// A progress bar on stderr while `f` runs, only when stderr is a terminal.
fn with_progress<T>(total: u64, f: impl FnOnce(&Control) -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return f(&Control::default());
    }
    let bar = ProgressBar::new(total);
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} samples  {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    let most = AtomicU64::new(0);
    // Chunks finish out of order on different threads: show the largest count.
    let progress = |done: u64, _total: u64| {
        let shown = most.fetch_max(done, Ordering::Relaxed).max(done);
        bar.set_position(shown);
    };
    let result = f(&Control {
        cancel: None,
        progress: Some(&progress),
    });
    bar.finish_and_clear();
    result
}

pub fn run(args: &RiskArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let g = super::load(&args.file)?;
    let q = super::path_query(&g, &args.from, &args.to, 1, None, &[])?;
    if args.scenario.is_some() || !args.cut.is_empty() {
        return what_if(&g, args, out);
    }
    let query = RiskQuery {
        sources: q.sources,
        targets: q.targets,
        filter: EdgeFilter::default(),
        samples: args.samples,
        seed: args.seed,
    };
    let report = with_progress(args.samples, |c| analysis::estimate_risk(&g, &query, c))
        .map_err(|e| CliError::Usage(e.to_string()))?;
    if args.json {
        let json = RiskJson {
            samples: report.samples,
            seed: report.seed,
            jewels: report
                .jewels
                .iter()
                .map(|&(v, e)| JewelJson {
                    id: g.node(v).id.as_str(),
                    probability: e.probability,
                    stderr: e.stderr,
                })
                .collect(),
            any: report.any.into(),
        };
        serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let exact = analysis::exact_risk(
        &g,
        &query.sources,
        &query.targets,
        &query.filter,
        EXACT_IN_TEXT,
    );
    writeln!(
        out,
        "Chance of compromise (Monte Carlo, {} samples, seed {}):",
        analysis::thousands(u128::from(report.samples)),
        report.seed
    )?;
    if query.sources.is_empty() {
        writeln!(
            out,
            "  (no sources: mark nodes with \"entry\": true or pass --from ID)"
        )?;
    }
    let exact_head = if exact.is_some() { "     exact" } else { "" };
    let w = label_width(&g, report.jewels.iter().map(|&(v, _)| v));
    writeln!(
        out,
        "  {:<w$} {:>11} {:>8}{exact_head}",
        "target", "probability", "± s.e."
    )?;
    for (i, &(v, e)) in report.jewels.iter().enumerate() {
        let ex = exact
            .as_ref()
            .and_then(|x| x.jewels.get(i))
            .map_or(String::new(), |(_, p)| format!("  {p:>8.4}"));
        writeln!(
            out,
            "  {:<w$} {:>11.4} {:>8.4}{ex}",
            g.node(v).label,
            e.probability,
            e.stderr
        )?;
    }
    let ex = exact
        .as_ref()
        .map_or(String::new(), |x| format!("  {:>8.4}", x.any));
    writeln!(
        out,
        "  {:<w$} {:>11.4} {:>8.4}{ex}",
        "any of them", report.any.probability, report.any.stderr
    )?;
    Ok(())
}

#[derive(Serialize)]
struct WhatIfJson<'a> {
    scenario: String,
    summary: String,
    samples: u64,
    seed: u64,
    paths_before: usize,
    paths_removed: usize,
    paths_after: usize,
    jewels: Vec<DeltaJson<'a>>,
    any: DeltaJson<'a>,
    choke_points_after: CutsJson,
}

#[derive(Serialize)]
struct DeltaJson<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    before: f64,
    after: f64,
}

#[derive(Serialize)]
struct CutsJson {
    nodes: Option<Vec<String>>,
    edges: Option<Vec<EdgeRef>>,
}

fn cuts_json(g: &TrustGraph, c: &ChokePoints) -> CutsJson {
    CutsJson {
        nodes: c
            .nodes
            .as_ref()
            .map(|v| v.iter().map(|&n| g.node(n).id.clone()).collect()),
        edges: c
            .edges
            .as_ref()
            .map(|v| v.iter().filter_map(|&e| EdgeRef::of(g, e)).collect()),
    }
}

/// `risk --scenario NAME` or `risk --cut ID…`: before → after.
fn what_if(g: &TrustGraph, args: &RiskArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let scenario = match &args.scenario {
        Some(name) => {
            let all = analysis::scenarios(g)
                .map_err(|e| CliError::Input(format!("{}: {e}", args.file.display())))?;
            let names: Vec<&str> = all.iter().map(|s| s.name.as_str()).collect();
            if names.iter().filter(|&&n| n == name).count() > 1 {
                return Err(CliError::Input(format!(
                    "{}: two scenarios are named \"{name}\"; rename one",
                    args.file.display()
                )));
            }
            all.iter()
                .find(|s| s.name == *name)
                .cloned()
                .ok_or_else(|| {
                    CliError::Usage(format!(
                        "--scenario {name}: the file has no scenario of that name (it has: {})",
                        if names.is_empty() {
                            "none".to_owned()
                        } else {
                            names.join(", ")
                        }
                    ))
                })?
        }
        None => Scenario {
            name: "command line".into(),
            cut_nodes: args.cut.clone(),
            ..Scenario::default()
        },
    };
    let filter = scenario.filter(g).map_err(|e| {
        if args.scenario.is_some() {
            CliError::Input(e)
        } else {
            CliError::Usage(e.replace("scenario \"command line\": ", "--cut: "))
        }
    })?;
    let opts = CompareOptions {
        samples: args.samples,
        seed: args.seed,
        ..CompareOptions::default()
    };
    let report = with_progress(2 * args.samples, |c| {
        analysis::compare(g, &EdgeFilter::default(), &filter, &opts, c)
    })
    .map_err(|e| CliError::Usage(e.to_string()))?;
    let summary = report.summary(g, &scenario.describe(g));
    if args.json {
        let delta = |id: Option<NodeIndex>, b: Estimate, a: Estimate| DeltaJson {
            id: id.map(|v| g.node(v).id.as_str()),
            before: b.probability,
            after: a.probability,
        };
        let json = WhatIfJson {
            scenario: scenario.name.clone(),
            summary,
            samples: args.samples,
            seed: args.seed,
            paths_before: report.paths_before,
            paths_removed: report.paths_removed,
            paths_after: report.paths_after,
            jewels: report
                .jewels
                .iter()
                .map(|j| delta(Some(j.jewel), j.before, j.after))
                .collect(),
            any: delta(None, report.any_before, report.any_after),
            choke_points_after: cuts_json(g, &report.choke_after),
        };
        serde_json::to_writer(&mut *out, &json).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    match &args.scenario {
        Some(name) => writeln!(out, "What if: {name} ({})", scenario.describe(g))?,
        None => writeln!(out, "What if: {}", scenario.describe(g))?,
    }
    writeln!(out, "  {summary}")?;
    let w = label_width(g, report.jewels.iter().map(|j| j.jewel));
    writeln!(
        out,
        "  {:<w$} {:>8}    {:>8}",
        "crown jewel", "before", "after"
    )?;
    for j in &report.jewels {
        writeln!(
            out,
            "  {:<w$} {:>8.4} →  {:>8.4}",
            g.node(j.jewel).label,
            j.before.probability,
            j.after.probability
        )?;
    }
    writeln!(
        out,
        "  {:<w$} {:>8.4} →  {:>8.4}",
        "any of them", report.any_before.probability, report.any_after.probability
    )?;
    write_cuts(g, &report.choke_after, "choke points after", out)?;
    Ok(())
}

fn write_cuts(
    g: &TrustGraph,
    c: &ChokePoints,
    title: &str,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "  {title}")?;
    let node_names = c.nodes.as_ref().map(|v| {
        v.iter()
            .map(|&n| g.node(n).label.clone())
            .collect::<Vec<_>>()
    });
    let edge_names = c.edges.as_ref().map(|v| {
        v.iter()
            .filter_map(|&e| g.edge(e))
            .map(|e| format!("{} → {}", g.node(e.from).label, g.node(e.to).label))
            .collect::<Vec<_>>()
    });
    let cases = [
        (
            "nodes",
            node_names,
            "none possible (an entry is a crown jewel or links straight to one)",
        ),
        (
            "edges",
            edge_names,
            "none possible (an entry is a crown jewel)",
        ),
    ];
    for (what, names, impossible) in cases {
        match names {
            None => writeln!(out, "    fewest {what}: {impossible}")?,
            Some(v) if v.is_empty() => writeln!(out, "    fewest {what}: none needed")?,
            Some(v) => {
                writeln!(out, "    fewest {what} ({}):", v.len())?;
                for name in v {
                    writeln!(out, "      {name}")?;
                }
            }
        }
    }
    Ok(())
}

/// The width of a label column: the longest label, at least 16.
fn label_width(g: &TrustGraph, nodes: impl Iterator<Item = NodeIndex>) -> usize {
    nodes
        .map(|v| g.node(v).label.chars().count())
        .max()
        .unwrap_or(0)
        .max(16)
}

/// The risk part of `stats` as text.
pub(super) fn write_stats(
    g: &TrustGraph,
    r: &RiskStats,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(
        out,
        "  parts vs whole (Monte Carlo, {} samples, seed {})",
        analysis::thousands(u128::from(r.samples)),
        r.seed
    )?;
    let w = label_width(g, r.parts_vs_whole.iter().map(|p| p.jewel));
    writeln!(
        out,
        "    {:<w$} {:>10} {:>12} {:>7}",
        "crown jewel", "best path", "whole graph", "ratio"
    )?;
    for p in &r.parts_vs_whole {
        let ratio = p.ratio().map_or("-".to_owned(), |x| format!("{x:.2}×"));
        writeln!(
            out,
            "    {:<w$} {:>10.4} {:>12.4} {:>7}",
            g.node(p.jewel).label,
            p.best_path,
            p.whole.probability,
            ratio
        )?;
    }
    writeln!(
        out,
        "    {:<w$} {:>10} {:>12.4}",
        "any crown jewel", "", r.any.probability
    )?;
    write_cuts(g, &r.choke_points, "choke points", out)?;
    writeln!(
        out,
        "  ranking (risk drop = P(any jewel) lost when removed; share of top {} paths)",
        r.ranking.paths
    )?;
    let mut rows: Vec<(&str, String, f64, f64)> = r
        .ranking
        .nodes
        .iter()
        .map(|n| {
            (
                "node",
                g.node(n.item).label.clone(),
                n.risk_drop,
                n.path_share,
            )
        })
        .collect();
    rows.extend(r.ranking.edges.iter().map(|e| {
        let name = g.edge(e.item).map_or(String::new(), |x| {
            format!("{} → {}", g.node(x.from).label, g.node(x.to).label)
        });
        ("edge", name, e.risk_drop, e.path_share)
    }));
    let w = rows.iter().map(|r| r.1.chars().count()).max().unwrap_or(0);
    writeln!(
        out,
        "    {:<4}  {:<w$} {:>7} {:>6}",
        "", "", "drop", "share"
    )?;
    for (what, name, drop, share) in rows {
        writeln!(
            out,
            "    {what}  {name:<w$} {drop:>7.4} {:>5.0}%",
            share * 100.0
        )?;
    }
    Ok(())
}
