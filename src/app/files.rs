//! Open, save, save as, new and quit: the unsaved-changes question, native
//! dialogs (rfd) on their own thread so the UI never waits for them, the
//! in-app path field where no dialog is available, and recent files.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use super::command::Command;
use super::state::{AppState, Confirm, PathPrompt, PromptPurpose};
use crate::io;
use crate::model::TrustGraph;

/// A native dialog that answers faster than this did not show at all (rfd's
/// portal backend returns `None` at once when there is no desktop portal),
/// so the in-app path field is offered instead.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(300);

/// A native dialog running on its own thread.
pub struct PendingDialog {
    purpose: PromptPurpose,
    started: Instant,
    answer: Receiver<Option<PathBuf>>,
}

/// Applies a file command, asking first when it would lose unsaved changes.
pub fn apply(state: &mut AppState, command: Command) {
    let loses_changes = matches!(
        command,
        Command::New | Command::Open | Command::OpenPath(_) | Command::Quit
    );
    if loses_changes && state.is_dirty() {
        state.confirm = Some(Confirm { then: command });
        return;
    }
    apply_confirmed(state, command);
}

/// Applies a file command without asking about unsaved changes.
pub fn apply_confirmed(state: &mut AppState, command: Command) {
    match command {
        Command::New => {
            state.replace_graph(TrustGraph::new(), None, "Untitled");
            state.banner = None;
        }
        Command::Open => start_dialog(state, PromptPurpose::Open),
        Command::OpenPath(path) => open_path(state, &path),
        Command::Save => match state.file.clone() {
            Some(path) => {
                save_to(state, &path);
            }
            None => start_dialog(state, PromptPurpose::SaveAs),
        },
        Command::SaveAs => start_dialog(state, PromptPurpose::SaveAs),
        Command::SaveTo(path) => {
            save_to(state, &path);
        }
        Command::Quit => {
            state.close_allowed = true;
            state.quit_requested = true;
        }
        _ => {}
    }
}

/// "Save" in the unsaved-changes question: save, then carry on.
pub fn save_then(state: &mut AppState, then: Command) {
    let saved = match state.file.clone() {
        Some(path) => save_to(state, &path),
        None => {
            start_dialog(state, PromptPurpose::SaveAs);
            false
        }
    };
    if saved {
        apply_confirmed(state, then);
    }
}

/// Loads `path` (trustpath JSON, else another tool's model through the
/// importers); on failure the current graph stays and the error shows.
pub fn open_path(state: &mut AppState, path: &Path) {
    match io::load_file(path) {
        Ok(g) => {
            let name = path.display().to_string();
            state.replace_graph(g, Some(path.to_path_buf()), &name);
            state.settings.remember(path.to_path_buf());
            state.banner = None;
        }
        Err(e) => {
            // Not trustpath JSON: maybe another tool's model.
            let imported = std::fs::read(path)
                .is_ok_and(|bytes| super::import_open::try_import(state, path, &bytes));
            if !imported {
                state.error(format!(
                    "Could not open {e}. The current graph is unchanged."
                ));
            }
        }
    }
}

/// Saves atomically (the old file stays intact if anything fails).
pub fn save_to(state: &mut AppState, path: &Path) -> bool {
    match io::save_file(path, &state.graph) {
        Ok(()) => {
            state.history.mark_saved();
            state.file = Some(path.to_path_buf());
            state.settings.remember(path.to_path_buf());
            state.info(format!("Saved {}", path.display()));
            true
        }
        Err(e) => {
            state.error(format!("Could not save: {e}"));
            false
        }
    }
}

/// Asks for a file: the desktop's dialog on its own thread, else the path field.
pub fn start_dialog(state: &mut AppState, purpose: PromptPurpose) {
    if state.dialog.is_some() {
        return;
    }
    // Without a session bus there is no portal to ask: go straight to the field.
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_none() {
        open_prompt(state, purpose);
        return;
    }
    let (tx, answer) = channel();
    let dir = state
        .file
        .as_ref()
        .and_then(|p| p.parent().map(Path::to_path_buf));
    let mut name = state.file.as_ref().and_then(|p| p.file_name()).map_or_else(
        || "graph.json".to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let export_ext = state.export.format.extension();
    // The file dialog filters on the last extension (".opengraph.json": "json").
    let filter_ext = export_ext.rsplit('.').next().unwrap_or(export_ext);
    if purpose == PromptPurpose::Export {
        let stem = Path::new(&name)
            .file_stem()
            .map_or_else(|| "graph".to_owned(), |s| s.to_string_lossy().into_owned());
        name = format!("{stem}.{export_ext}");
    }
    let spawned = std::thread::Builder::new()
        .name("trustpath-dialog".into())
        .spawn(move || {
            let mut d = if purpose == PromptPurpose::Export {
                rfd::FileDialog::new().add_filter(export_ext, &[filter_ext])
            } else {
                rfd::FileDialog::new().add_filter("trustpath graph", &["json"])
            };
            if purpose == PromptPurpose::Open {
                // Other tools' models open through the importers.
                d = d.add_filter(
                    "Other tools' models",
                    &["json", "yaml", "yml", "graphml", "xml", "csv"],
                );
            }
            if let Some(dir) = dir {
                d = d.set_directory(dir);
            }
            let picked = match purpose {
                PromptPurpose::Open => d.pick_file(),
                PromptPurpose::SaveAs | PromptPurpose::Export => d.set_file_name(name).save_file(),
            };
            let _ = tx.send(picked);
        });
    match spawned {
        Ok(_) => {
            state.dialog = Some(PendingDialog {
                purpose,
                started: Instant::now(),
                answer,
            });
        }
        Err(_) => open_prompt(state, purpose),
    }
}

fn open_prompt(state: &mut AppState, purpose: PromptPurpose) {
    let text = state
        .file
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    state.prompt = Some(PathPrompt { purpose, text });
}

/// Checks whether the native dialog answered; call once per frame. Returns
/// true while a dialog is open (so the app polls again soon).
pub fn poll_dialog(state: &mut AppState) -> bool {
    let Some(pending) = &state.dialog else {
        return false;
    };
    let Ok(answer) = pending.answer.try_recv() else {
        return true;
    };
    let (purpose, quick) = (
        pending.purpose,
        pending.started.elapsed() < NO_DIALOG_WITHIN,
    );
    state.dialog = None;
    match (answer, purpose) {
        (Some(path), PromptPurpose::Open) => open_path(state, &path),
        (Some(path), PromptPurpose::SaveAs) => {
            save_to(state, &path);
        }
        (Some(path), PromptPurpose::Export) => super::export_dialog::export_to(state, &path),
        (None, _) if quick => open_prompt(state, purpose),
        (None, _) => {}
    }
    false
}

/// The user confirmed the path field.
pub fn prompt_accepted(state: &mut AppState, purpose: PromptPurpose, text: &str) {
    let path = PathBuf::from(text.trim());
    if text.trim().is_empty() {
        state.error("Type a file path first.");
        return;
    }
    state.prompt = None;
    match purpose {
        PromptPurpose::Open => open_path(state, &path),
        PromptPurpose::SaveAs => {
            save_to(state, &path);
        }
        PromptPurpose::Export => super::export_dialog::export_to(state, &path),
    }
}
