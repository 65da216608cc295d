//! `trustpath import FILE -o OUT.json [--from FORMAT]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub file: PathBuf,
    /// Where to write the trustpath JSON.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
    /// The source format; detected from the content when not given.
    #[arg(long = "from", value_name = "FORMAT")]
    pub from: Option<String>,
}

pub fn run(args: &ImportArgs, _out: &mut dyn Write) -> Result<(), CliError> {
    let _ = args;
    Err(CliError::Usage("import is not implemented yet".into()))
}
