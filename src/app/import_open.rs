//! File → Open and drag-and-drop of other tools' models (Threat Dragon,
//! Threagile, OpenGraph, GraphML, CSV): when a file is not trustpath JSON but
//! `import::detect` recognises it, it is read through `import` and shown as
//! an unsaved, imported graph, so Save asks for a new `.json` path instead of
//! overwriting the foreign file.

use std::path::Path;

use super::state::AppState;
use crate::import::{self, Format};

/// Tries `bytes` as a foreign model. Returns `false` when no importer
/// recognises it (the caller then shows its own load error). On an import
/// error the current graph stays and the error shows in the banner.
pub fn try_import(state: &mut AppState, path: &Path, bytes: &[u8]) -> bool {
    match import::detect(bytes) {
        None | Some(Format::Trustpath) => false,
        Some(format) => {
            let name = path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            match import::import_with_report(bytes, Some(format)) {
                Ok(imported) => {
                    // No file: Save goes through Save as, to a trustpath file.
                    state.replace_graph(imported.graph, None, &format!("{name} (imported)"));
                    let notes = if imported.warnings.is_empty() {
                        String::new()
                    } else {
                        format!(" Notes: {}", imported.warnings.join("; "))
                    };
                    state.info(format!(
                        "Imported {name} ({}). Save as trustpath JSON to keep it.{notes}",
                        format.title()
                    ));
                }
                Err(e) => state.error(format!(
                    "Could not import {name}: {e}. The current graph is unchanged."
                )),
            }
            true
        }
    }
}
