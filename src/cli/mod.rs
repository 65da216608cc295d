//! The headless command line (CONTRACT §2): clap subcommands over the core.
//!
//! Each subcommand writes to any `io::Write` so tests capture output; errors
//! are typed as bad input (exit 1) or bad usage (exit 2) and printed once, on
//! one line, by `main`. No egui here.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use petgraph::stable_graph::NodeIndex;
use serde::Serialize;

mod export;
mod import;
mod layout;
mod risk;

use crate::analysis::{self, EdgeFilter, PathQuery, TrustPath};
use crate::io;
use crate::model::TrustGraph;
use crate::numbers::prob;

/// trustpath: how your systems trust each other, and the attack paths those
/// trusts open.
#[derive(Debug, Parser)]
#[command(name = "trustpath", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// A graph file to open in the desktop app.
    pub file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a graph file: exit 0 and a summary, or exit 1 and the error.
    Validate { file: PathBuf },
    /// Counts: components, pairs, interactions, combinations, paths.
    Stats {
        file: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
    /// The k most likely loop-free paths from entries to crown jewels.
    Paths(PathsArgs),
    /// Lay the graph out and write it with every node's `pos` set.
    Layout(layout::LayoutArgs),
    /// Render or convert by the output's extension (svg, png, dot, graphml, json, md, csv, opengraph.json).
    Export(export::ExportArgs),
    /// Convert another tool's model to a trustpath file.
    Import(import::ImportArgs),
    /// Monte Carlo chance that each crown jewel is reached from the entries.
    Risk(risk::RiskArgs),
    /// Write a seeded random graph (for benchmarks and demos).
    Generate(GenerateArgs),
}

/// Most nodes `generate` makes: several gigabytes of memory already, far
/// beyond what the layouts and the app handle; the bound keeps a typo from
/// exhausting memory.
const GENERATE_MAX_NODES: u64 = 10_000_000;
/// Most edges `generate` makes: five per node at the node limit.
const GENERATE_MAX_EDGES: u64 = 50_000_000;

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many nodes, up to 10,000,000.
    #[arg(long, default_value_t = 1000,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(..=GENERATE_MAX_NODES))]
    pub nodes: usize,
    /// How many edges, up to 50,000,000 (none when there are no nodes).
    #[arg(long, default_value_t = 4000,
          value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(..=GENERATE_MAX_EDGES))]
    pub edges: usize,
    /// Random seed: the same seed gives the same graph.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Where to write the graph.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct PathsArgs {
    pub file: PathBuf,
    /// Start from this node id (repeatable; default: every entry node).
    #[arg(long = "from", value_name = "ID")]
    pub from: Vec<String>,
    /// End at this node id (repeatable; default: every crown jewel).
    #[arg(long = "to", value_name = "ID")]
    pub to: Vec<String>,
    /// How many paths.
    #[arg(short = 'k', default_value_t = 10, value_name = "N")]
    pub k: usize,
    /// Longest path, in edges.
    #[arg(long, value_name = "H")]
    pub max_hops: Option<usize>,
    /// Only use edges of this kind (repeatable).
    #[arg(long = "kind", value_name = "KIND")]
    pub kinds: Vec<String>,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Why a command failed, and so which exit code it gets.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The input file is missing, unreadable or malformed: exit 1.
    #[error("{0}")]
    Input(String),
    /// The arguments do not make sense for this file: exit 2.
    #[error("{0}")]
    Usage(String),
    /// Writing the output failed (e.g. a closed pipe).
    #[error("writing output: {0}")]
    Output(#[from] std::io::Error),
}

impl CliError {
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Input(_) | CliError::Output(_) => 1,
            CliError::Usage(_) => 2,
        }
    }
}

impl From<io::FileError> for CliError {
    fn from(e: io::FileError) -> Self {
        CliError::Input(e.to_string())
    }
}

/// A clap usage error in one line, as the contract asks of every error:
/// clap's own message spreads over paragraphs (the error, a tip, the usage,
/// "for more information"). Keeps the error's lines joined, and its tips.
pub fn one_line_usage_error(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let mut paragraphs = text.split("\n\n").map(|p| {
        let lines: Vec<&str> = p.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        lines.join(" ")
    });
    let mut line = paragraphs.next().unwrap_or_default();
    for tip in paragraphs.filter(|p| p.starts_with("tip:")) {
        line.push_str(&format!(" ({tip})"));
    }
    line
}

/// Runs one headless subcommand.
pub fn run(command: Command, out: &mut dyn Write) -> Result<(), CliError> {
    match command {
        Command::Validate { file } => validate(&file, out),
        Command::Stats { file, json } => stats(&file, json, out),
        Command::Paths(args) => paths(&args, out),
        Command::Layout(args) => layout::run(&args, out),
        Command::Export(args) => export::run(&args, out),
        Command::Import(args) => import::run(&args, out),
        Command::Risk(args) => risk::run(&args, out),
        Command::Generate(args) => {
            let g = crate::generate::random_graph(&crate::generate::GenSpec::new(
                args.nodes, args.edges, args.seed,
            ));
            io::save_file(&args.output, &g)?;
            writeln!(
                out,
                "{}: {} nodes, {} edges",
                args.output.display(),
                g.node_count(),
                g.edge_count()
            )?;
            Ok(())
        }
    }
}

/// Refuses an output that is the input file itself (under any name) for a
/// command that writes another kind of file there: the user's model would be
/// replaced by a lossy conversion. `what` is what would be written.
fn refuse_overwriting_input(input: &Path, output: &Path, what: &str) -> Result<(), CliError> {
    if io::same_file(input, output) {
        return Err(CliError::Usage(format!(
            "-o {}: that is the input file; writing {what} over it would lose the original, \
             so choose another output",
            output.display()
        )));
    }
    Ok(())
}

/// Loads a graph file, as every subcommand does.
pub fn load(path: &Path) -> Result<TrustGraph, CliError> {
    Ok(io::load_file(path)?)
}

/// Checks the graph (loading checks the annotations too). Saved scenarios
/// that no longer apply get a note on stderr: they are not an error of the
/// graph, but `risk --scenario` will refuse them.
fn validate(path: &Path, out: &mut dyn Write) -> Result<(), CliError> {
    let g = load(path)?;
    if let Err(e) = analysis::check_scenarios(&g) {
        eprintln!("note: {}: {e}", path.display());
    }
    writeln!(
        out,
        "{}: ok, {} nodes, {} edges, {} entries, {} crown jewels",
        path.display(),
        g.node_count(),
        g.edge_count(),
        g.entries().len(),
        g.crown_jewels().len()
    )?;
    Ok(())
}

fn stats(path: &Path, json: bool, out: &mut dyn Write) -> Result<(), CliError> {
    let g = load(path)?;
    let mut s = analysis::graph_stats(&g);
    let risk = analysis::risk_stats(&g, &analysis::RankOptions::default(), &Default::default())
        .map_err(|e| CliError::Usage(e.to_string()))?;
    s.risk = Some(risk);
    if json {
        serde_json::to_writer(&mut *out, &analysis::StatsJson::new(&s, &g))
            .map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    let t = |v: usize| analysis::thousands(v as u128);
    let title = if g.title.is_empty() {
        path.display().to_string()
    } else {
        g.title.clone()
    };
    writeln!(out, "{title}")?;
    writeln!(out, "  components                    {}", t(s.nodes))?;
    writeln!(
        out,
        "  possible pairs n(n-1)/2       {}",
        analysis::thousands(s.undirected_pairs)
    )?;
    writeln!(
        out,
        "  directed interactions n(n-1)  {}",
        analysis::thousands(s.directed_interactions)
    )?;
    writeln!(out, "  combinations 2^n-1            {}", s.combinations)?;
    writeln!(out, "  modelled edges                {}", t(s.edges))?;
    writeln!(
        out,
        "  modelled interactions         {}",
        t(s.modelled_interactions)
    )?;
    writeln!(
        out,
        "  entries / crown jewels        {} / {}",
        s.entries, s.crown_jewels
    )?;
    writeln!(
        out,
        "  connected entry→jewel pairs   {} of {}",
        s.connected_pairs,
        s.entries * s.crown_jewels
    )?;
    writeln!(
        out,
        "  reachable crown jewels        {} of {}",
        s.reachable_jewels, s.crown_jewels
    )?;
    writeln!(
        out,
        "  loop-free entry→jewel paths   {} (up to {} hops)",
        s.paths,
        analysis::COUNT_MAX_HOPS
    )?;
    if let Some(r) = &s.risk {
        risk::write_stats(&g, r, out)?;
    }
    Ok(())
}

/// Resolves node ids given on the command line; an unknown id is bad usage.
fn resolve(g: &TrustGraph, ids: &[String], flag: &str) -> Result<Vec<NodeIndex>, CliError> {
    ids.iter()
        .map(|id| {
            g.find(id)
                .ok_or_else(|| CliError::Usage(format!("{flag} {id}: no node has id \"{id}\"")))
        })
        .collect()
}

/// The node sets and filters of a `paths`-like command.
pub fn path_query(
    g: &TrustGraph,
    from: &[String],
    to: &[String],
    k: usize,
    max_hops: Option<usize>,
    kinds: &[String],
) -> Result<PathQuery, CliError> {
    let sources = if from.is_empty() {
        g.entries()
    } else {
        resolve(g, from, "--from")?
    };
    let targets = if to.is_empty() {
        g.crown_jewels()
    } else {
        resolve(g, to, "--to")?
    };
    let filter = EdgeFilter {
        kinds: (!kinds.is_empty()).then(|| kinds.to_vec()),
        ..EdgeFilter::default()
    };
    Ok(PathQuery {
        sources,
        targets,
        k,
        max_hops,
        filter,
    })
}

#[derive(Serialize)]
struct PathsJson<'a> {
    paths: Vec<PathJson<'a>>,
}

#[derive(Serialize)]
struct PathJson<'a> {
    nodes: Vec<&'a str>,
    likelihood: f64,
    hops: usize,
}

fn paths(args: &PathsArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let g = load(&args.file)?;
    let q = path_query(&g, &args.from, &args.to, args.k, args.max_hops, &args.kinds)?;
    // A kind no edge has is most likely a typo; without this, an empty
    // result would not say why. On stderr, so `--json` stays one object.
    let unused = |kind: &&String| !g.edges().any(|e| e.edge.kind == **kind);
    for kind in args.kinds.iter().filter(unused) {
        let known = g.edge_kinds();
        let kinds = if known.is_empty() {
            "no edge here has a kind".to_owned()
        } else {
            format!("the kinds here are {}", known.join(", "))
        };
        eprintln!("note: --kind {kind}: no edge has kind \"{kind}\" ({kinds})");
    }
    let found = analysis::most_likely_paths(&g, &q);
    if args.json {
        let paths = found
            .iter()
            .map(|p| PathJson {
                nodes: p.nodes.iter().map(|&v| g.node(v).id.as_str()).collect(),
                likelihood: p.likelihood,
                hops: p.hops(),
            })
            .collect();
        serde_json::to_writer(&mut *out, &PathsJson { paths }).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(());
    }
    if q.sources.is_empty() {
        writeln!(
            out,
            "No sources: mark nodes with \"entry\": true or pass --from ID."
        )?;
        return Ok(());
    }
    if q.targets.is_empty() {
        writeln!(
            out,
            "No targets: mark nodes with \"crown_jewel\": true or pass --to ID."
        )?;
        return Ok(());
    }
    if args.k == 0 {
        // The contract allows -k 0 (an empty list); say why it is empty.
        writeln!(out, "No paths asked for (-k 0).")?;
        return Ok(());
    }
    if found.is_empty() {
        writeln!(out, "No path from the sources to the targets.")?;
        return Ok(());
    }
    write_path_table(&g, &found, out)?;
    Ok(())
}

/// The human-readable path list: rank, likelihood, hops, then the chain of
/// labels, with each hop's edge label underneath.
pub fn write_path_table(
    g: &TrustGraph,
    paths: &[TrustPath],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "  #  likelihood  hops  path")?;
    for (i, p) in paths.iter().enumerate() {
        let chain: Vec<&str> = p.nodes.iter().map(|&v| g.node(v).label.as_str()).collect();
        // Six decimals as the contract's examples; a likelihood that would
        // read 0.000000 in three significant digits instead.
        let likelihood = match format!("{:.6}", p.likelihood) {
            zero if zero == "0.000000" && p.likelihood > 0.0 => prob(p.likelihood),
            fixed => fixed,
        };
        writeln!(
            out,
            "{:>3}  {likelihood:>10}  {:>4}  {}",
            i + 1,
            p.hops(),
            chain.join(" → ")
        )?;
    }
    Ok(())
}
