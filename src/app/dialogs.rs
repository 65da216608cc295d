//! The banner (load errors, saves), the unsaved-changes question and the
//! in-app path field.

use super::files;
use super::state::{AppState, PromptPurpose};
use super::theme::Palette;

/// The message strip across the top; errors stay until dismissed.
pub fn banner_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette) {
    let Some(b) = state.banner.clone() else {
        return;
    };
    let (bg, fg) = if b.is_error {
        (palette.error_bg, palette.error_text)
    } else {
        (palette.info_bg, ui.visuals().text_color())
    };
    egui::Frame::new()
        .fill(bg)
        .inner_margin(egui::Margin::symmetric(10, 6))
        .show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(egui::RichText::new(&b.text).color(fg).size(15.0));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.button("Dismiss").clicked() {
                        state.banner = None;
                    }
                });
            });
        });
}

/// The unsaved-changes question and the path field, as modals.
pub fn modals_ui(ui: &mut egui::Ui, state: &mut AppState) {
    if let Some(confirm) = state.confirm.clone() {
        let mut answer = None;
        egui::Modal::new(egui::Id::new("unsaved")).show(ui.ctx(), |ui| {
            ui.heading("Unsaved changes");
            ui.label(format!(
                "Save the changes to {} first?",
                state
                    .title()
                    .trim_end_matches(" — trustpath")
                    .trim_end_matches(" •")
            ));
            ui.horizontal(|ui| {
                if ui.button("Save").clicked() {
                    answer = Some(0);
                }
                if ui.button("Discard changes").clicked() {
                    answer = Some(1);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(2);
                }
            });
        });
        match answer {
            Some(0) => {
                state.confirm = None;
                files::save_then(state, confirm.then);
            }
            Some(1) => {
                state.confirm = None;
                files::apply_confirmed(state, confirm.then);
            }
            Some(_) => state.confirm = None,
            None => {}
        }
    }
    if let Some(mut prompt) = state.prompt.clone() {
        let mut accept = false;
        let mut cancel = false;
        egui::Modal::new(egui::Id::new("path-prompt")).show(ui.ctx(), |ui| {
            ui.heading(match prompt.purpose {
                PromptPurpose::Open => "Open file",
                PromptPurpose::SaveAs => "Save as",
                PromptPurpose::Export => "Export to",
            });
            ui.label("No file dialog is available here; type the path:");
            let r = ui.add(egui::TextEdit::singleline(&mut prompt.text).desired_width(420.0));
            r.request_focus();
            accept = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                accept |= ui.button("OK").clicked();
                cancel = ui.button("Cancel").clicked();
            });
        });
        if cancel {
            state.prompt = None;
        } else if accept {
            files::prompt_accepted(state, prompt.purpose, &prompt.text);
        } else {
            state.prompt = Some(prompt);
        }
    }
}
