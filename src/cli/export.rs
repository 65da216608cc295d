//! `trustpath export FILE -o OUT.{svg,png,dot,graphml,json,md,csv} [--highlight K]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub file: PathBuf,
    /// The output file; its extension picks the format.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
    /// Highlight the K most likely entry→jewel paths.
    #[arg(long, value_name = "K")]
    pub highlight: Option<usize>,
}

pub fn run(args: &ExportArgs, _out: &mut dyn Write) -> Result<(), CliError> {
    let _ = args;
    Err(CliError::Usage("export is not implemented yet".into()))
}
