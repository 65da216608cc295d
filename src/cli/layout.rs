//! `trustpath layout FILE --algorithm force|layered|circular|zones -o OUT
//! [--flow lr|tb] [--seed S]`: writes the graph with every node's `pos` set.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::io;
use crate::layout::{self, Algorithm, Flow, LayoutOptions};

#[derive(Debug, Args)]
pub struct LayoutArgs {
    pub file: PathBuf,
    /// Which layout: force, layered, circular or zones.
    #[arg(long, value_name = "ALGORITHM")]
    pub algorithm: String,
    /// Where to write the laid-out graph.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
    /// Direction of the layered and zone layouts: lr (left to right) or tb.
    #[arg(long, default_value = "lr", value_name = "FLOW")]
    pub flow: String,
    /// Seed of the force layout: the same seed gives the same drawing.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
}

pub fn run(args: &LayoutArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let algorithm: Algorithm = args.algorithm.parse().map_err(CliError::Usage)?;
    let flow: Flow = args.flow.parse().map_err(CliError::Usage)?;
    let mut g = super::load(&args.file)?;
    let opts = LayoutOptions {
        algorithm,
        flow,
        seed: args.seed,
    };
    // The layered layout also reports its crossings (compare_graphviz.py
    // reads them); the others have no such measure.
    let (result, crossings) = if algorithm == Algorithm::Layered {
        let l = layout::layered(&g, flow);
        (l.result, format!(", {} crossings", l.crossings))
    } else {
        (layout::compute(&g, &opts), String::new())
    };
    // Layouts only produce finite coordinates; a failure here is a bug,
    // reported rather than written as a broken file.
    let bug = |e: crate::model::ModelError| CliError::Input(format!("layout produced {e}"));
    for (id, bends) in layout::routes(&g, &result) {
        g.set_bends(id, bends).map_err(bug)?;
    }
    for &(ix, p) in &result.positions {
        g.set_pos(ix, Some(p)).map_err(bug)?;
    }
    io::save_file(&args.output, &g)?;
    writeln!(
        out,
        "{}: {} layout of {} nodes{crossings} written to {}",
        args.file.display(),
        algorithm.name(),
        g.node_count(),
        args.output.display()
    )?;
    Ok(())
}
