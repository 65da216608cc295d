//! trustpath: see how an organisation's systems trust each other, and where
//! those trusts chain into attack paths nobody designed.
//!
//! The core (`model`, `io`, `analysis`, `layout`, `export`, `import`) is plain
//! Rust with no GUI dependency; `cli` and `app` are thin layers over it.
//! `cargo test --no-default-features` builds and tests the core without egui.

pub mod analysis;
pub mod annotate;
pub mod cli;
mod csr;
pub mod export;
pub mod generate;
pub mod import;
pub mod io;
pub mod layout;
pub mod model;
pub mod numbers;
pub mod palette;
pub mod samples;

#[cfg(feature = "gui")]
pub mod app;
