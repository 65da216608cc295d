//! `trustpath export FILE -o OUT.{svg,png,dot,graphml,json,md,csv} [--highlight K]
//! [--scale 1..4] [--background white|transparent] [--scope all|highlighted] [--title T]`:
//! renders or converts by the output's extension through [`export::render`],
//! with the K most likely entry→jewel paths highlighted (and any saved
//! annotated paths). The path report (`.md`, `.csv`) lists 10 paths when
//! `--highlight` is not given. Output is written atomically.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::CliError;
use crate::analysis::{PathQuery, most_likely_paths};
use crate::export::{self, Background, ExportError, ExportOptions, Format, Scope};
use crate::io;

/// How many paths the report lists when `--highlight` is not given.
const REPORT_PATHS: usize = 10;

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub file: PathBuf,
    /// The output file; its extension picks the format.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
    /// Highlight the K most likely entry→jewel paths.
    #[arg(long, value_name = "K")]
    pub highlight: Option<usize>,
    /// PNG only: pixels per drawing unit, 1 to 4.
    #[arg(long, default_value_t = 1.0, value_name = "1..4")]
    pub scale: f32,
    /// PNG and SVG: what is behind the drawing.
    #[arg(long, value_enum, default_value_t = BackgroundArg::White)]
    pub background: BackgroundArg,
    /// What to include: everything, or only the highlighted paths and their
    /// neighbours.
    #[arg(long, value_enum, default_value_t = ScopeArg::All)]
    pub scope: ScopeArg,
    /// Replace the graph's title in the drawing or report.
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    All,
    Highlighted,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BackgroundArg {
    White,
    Transparent,
}

pub fn run(args: &ExportArgs, out: &mut dyn Write) -> Result<(), CliError> {
    // Arguments first, so a typo is reported before any work is done.
    let format = Format::from_path(&args.output).map_err(CliError::Usage)?;
    if !(1.0..=4.0).contains(&args.scale) {
        return Err(CliError::Usage(format!(
            "--scale {}: must be from 1 to 4",
            args.scale
        )));
    }
    // JSON export writes the same kind of file, like `layout` in place.
    if format != Format::Json {
        super::refuse_overwriting_input(
            &args.file,
            &args.output,
            &format!("the .{} export", format.extension()),
        )?;
    }
    let g = super::load(&args.file)?;
    let k = match (args.highlight, format.is_report()) {
        (Some(k), _) => k,
        (None, true) => REPORT_PATHS,
        (None, false) => 0,
    };
    let opts = ExportOptions {
        format,
        highlight: most_likely_paths(&g, &PathQuery::entries_to_jewels(&g, k)),
        scale: args.scale,
        background: match args.background {
            BackgroundArg::White => Background::White,
            BackgroundArg::Transparent => Background::Transparent,
        },
        scope: match args.scope {
            ScopeArg::All => Scope::All,
            ScopeArg::Highlighted => Scope::Highlighted,
        },
        title: args.title.clone(),
    };
    let mut bytes = Vec::new();
    export::render(&g, &opts, &mut bytes).map_err(|e| match e {
        ExportError::Png(m) => CliError::Usage(format!("{}: {m}", args.output.display())),
        ExportError::Annotations(a) => CliError::Input(format!("{}: {a}", args.file.display())),
        e @ ExportError::TooLarge(_) => CliError::Input(format!("{}: {e}", args.file.display())),
        ExportError::Io(e) => CliError::Output(e),
    })?;
    io::write_atomic(&args.output, &bytes)
        .map_err(|e| CliError::Output(std::io::Error::other(e.to_string())))?;
    writeln!(
        out,
        "{}: wrote {} ({} bytes, {} highlighted paths)",
        args.output.display(),
        format.extension(),
        bytes.len(),
        opts.highlight.len()
    )?;
    Ok(())
}
