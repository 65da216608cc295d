//! The "Saved paths" section of the paths panel and the save/edit window.

use crate::annotate::SavedPath;
use crate::app::annotations::{PathDraft, color_of, hex};
use crate::app::state::AppState;
use crate::app::theme::Palette;

/// The "Save path…" button and the list of saved paths.
pub fn saved_paths_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette) {
    let ids = state.current_path_ids();
    if ui
        .add_enabled(ids.is_some(), egui::Button::new("Save path…"))
        .on_hover_text("Save the selected path with a name, a note and a colour")
        .clicked()
        && let Some(nodes) = ids
    {
        let n = state.annotations().paths.len() + 1;
        state.annotation_view.draft = Some(PathDraft {
            index: None,
            nodes,
            name: format!("Path {n}"),
            note: String::new(),
            color: palette.path,
        });
    }
    let saved = state.annotations().paths.clone();
    if saved.is_empty() {
        return;
    }
    egui::CollapsingHeader::new("Saved paths")
        .default_open(true)
        .show(ui, |ui| {
            let shown = state.annotation_view.shown.as_ref().map(|(i, _)| *i);
            let mut show = None;
            let mut edit = None;
            let mut delete = None;
            for (i, p) in saved.iter().enumerate() {
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
                    ui.painter().rect_filled(rect, 2.0, color_of(p));
                    let preview: String = p
                        .note
                        .lines()
                        .next()
                        .unwrap_or("")
                        .chars()
                        .take(40)
                        .collect();
                    let text = if preview.is_empty() {
                        p.name.clone()
                    } else {
                        format!("{}\n{preview}", p.name)
                    };
                    if ui.selectable_label(shown == Some(i), text).clicked() {
                        show = Some((shown != Some(i)).then_some(i));
                    }
                    if ui.small_button("✏").on_hover_text("Edit").clicked() {
                        edit = Some(i);
                    }
                    if ui.small_button("🗑").on_hover_text("Delete").clicked() {
                        delete = Some(i);
                    }
                });
            }
            if let Some(s) = show {
                state.show_saved_path(s);
            }
            if let Some(i) = edit {
                let p = &saved[i];
                state.annotation_view.draft = Some(PathDraft {
                    index: Some(i),
                    nodes: p.nodes.clone(),
                    name: p.name.clone(),
                    note: p.note.clone(),
                    color: color_of(p),
                });
            }
            if let Some(i) = delete {
                state.delete_saved_path(i);
            }
        });
}

/// The save/edit window, when open.
pub fn draft_window(ctx: &egui::Context, state: &mut AppState) {
    let Some(mut draft) = state.annotation_view.draft.take() else {
        return;
    };
    let mut open = true;
    let mut done = None;
    let title = if draft.index.is_some() {
        "Edit saved path"
    } else {
        "Save path"
    };
    egui::Window::new(title)
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .show(ctx, |ui| {
            ui.label("Name");
            ui.text_edit_singleline(&mut draft.name);
            ui.label("Note");
            ui.text_edit_multiline(&mut draft.note);
            ui.horizontal(|ui| {
                ui.label("Colour");
                ui.color_edit_button_srgba(&mut draft.color);
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!draft.name.trim().is_empty(), egui::Button::new("Save"))
                    .clicked()
                {
                    done = Some(true);
                }
                if ui.button("Cancel").clicked() {
                    done = Some(false);
                }
            });
        });
    match (open, done) {
        (true, None) => state.annotation_view.draft = Some(draft),
        (_, Some(true)) => {
            let path = SavedPath {
                name: draft.name.trim().to_owned(),
                nodes: draft.nodes,
                note: draft.note,
                color: Some(hex(draft.color)),
            };
            match draft.index {
                Some(i) => state.update_saved_path(i, path),
                None => state.save_path(path),
            };
        }
        _ => {}
    }
}
