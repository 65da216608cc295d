//! `trustpath layout FILE --algorithm force|layered|circular|zones -o OUT`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;

#[derive(Debug, Args)]
pub struct LayoutArgs {
    pub file: PathBuf,
    /// Which layout.
    #[arg(long, value_name = "ALGORITHM")]
    pub algorithm: String,
    /// Where to write the laid-out graph.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: PathBuf,
}

pub fn run(args: &LayoutArgs, _out: &mut dyn Write) -> Result<(), CliError> {
    let _ = args;
    Err(CliError::Usage("layout is not implemented yet".into()))
}
