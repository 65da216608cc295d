//! The real model files of `../shared/corpus` (Threat Dragon, Threagile,
//! BloodHound), shared by the importer tests of the CLI, the library and
//! the app.

use std::path::PathBuf;

/// A file or folder of the corpus, by its path inside it.
pub fn corpus_path(rel: &str) -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(rel)
}
