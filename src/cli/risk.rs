//! `trustpath risk FILE [--samples N] [--seed S] [--json]`.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::CliError;

#[derive(Debug, Args)]
pub struct RiskArgs {
    pub file: PathBuf,
    /// How many Monte Carlo samples.
    #[arg(long, default_value_t = 20_000, value_name = "N")]
    pub samples: u64,
    /// Random seed: the same seed gives the same numbers.
    #[arg(long, default_value_t = 1, value_name = "S")]
    pub seed: u64,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &RiskArgs, _out: &mut dyn Write) -> Result<(), CliError> {
    let _ = args;
    Err(CliError::Usage("risk is not implemented yet".into()))
}
