//! Entry point: parse arguments, run a headless subcommand or open the GUI,
//! and turn the result into an exit code, in one place.

use std::process::ExitCode;

use clap::Parser;
use trustpath::cli::{self, Cli};

fn main() -> ExitCode {
    let args = match Cli::try_parse() {
        Ok(args) => args,
        // --help and --version print as clap does.
        Err(e) if !e.use_stderr() => e.exit(),
        Err(e) => {
            eprintln!("{}", cli::one_line_usage_error(&e));
            return ExitCode::from(2);
        }
    };
    match args.command {
        Some(command) => {
            let mut stdout = std::io::stdout().lock();
            match cli::run(command, &mut stdout) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        None => open_gui(args.file),
    }
}

#[cfg(feature = "gui")]
fn open_gui(file: Option<std::path::PathBuf>) -> ExitCode {
    match trustpath::app::run(file) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_gui(_file: Option<std::path::PathBuf>) -> ExitCode {
    use clap::CommandFactory;
    eprintln!(
        "this build has no desktop app (built without the `gui` feature); use a subcommand:\n"
    );
    let _ = Cli::command().print_help();
    ExitCode::from(2)
}
