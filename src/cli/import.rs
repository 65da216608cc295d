//! `trustpath import FILE -o OUT.json [--from FORMAT]`: another tool's model
//! converted to a trustpath file (format detected from the content unless
//! `--from` names it). Prints one summary line, then one line per thing the
//! importer had to leave out.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;
use crate::import::{self, Format};
use crate::io;

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Where to write the trustpath JSON.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
    /// The source format (trustpath, opengraph, threat-dragon, threagile,
    /// graphml, csv); detected from the content when not given.
    #[arg(long = "from", value_name = "FORMAT")]
    pub from: Option<String>,
}

pub fn run(args: &ImportArgs, out: &mut dyn Write) -> Result<(), CliError> {
    let format = match args.from.as_deref() {
        None => None,
        Some(name) => Some(Format::from_name(name).ok_or_else(|| {
            CliError::Usage(format!(
                "--from {name}: unknown format; supported: {}",
                import::supported_formats()
            ))
        })?),
    };
    let path = args.file.display();
    let bytes = std::fs::read(&args.file).map_err(|e| CliError::Input(format!("{path}: {e}")))?;
    let mut imported = import::import_with_report(&bytes, format)
        .map_err(|e| CliError::Input(format!("{path}: {e}")))?;
    // Importing a trustpath file over itself writes the same format back
    // (the title filled in from the file name when empty); any other format
    // would be replaced by a lossy conversion.
    if imported.format != Format::Trustpath {
        super::refuse_overwriting_input(&args.file, &args.output, "the converted graph")?;
    }
    let g = &mut imported.graph;
    if let (true, Some(stem)) = (g.title.is_empty(), args.file.file_stem()) {
        g.title = stem.to_string_lossy().into_owned();
    }
    io::save_file(&args.output, g)?;
    writeln!(
        out,
        "{path}: read as {}, wrote {}: {} nodes, {} edges, {} entries, {} crown jewels",
        imported.format,
        args.output.display(),
        g.node_count(),
        g.edge_count(),
        g.entries().len(),
        g.crown_jewels().len()
    )?;
    for warning in &imported.warnings {
        writeln!(out, "  note: {warning}")?;
    }
    Ok(())
}
