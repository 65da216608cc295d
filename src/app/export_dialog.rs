//! File → Export…: a small window choosing the format, PNG scale and
//! background, scope and highlighted paths, then a file (the desktop's save
//! dialog, else the in-app path field, both from `files`). The export is
//! rendered into memory and written with `io::write_atomic`, so a failed
//! export never leaves half a file.

use std::path::Path;

use super::state::AppState;
use crate::analysis::TrustPath;
use crate::export::{self, Background, ExportOptions, Format, Scope};
use crate::io;

/// The format's name in the window's list.
fn label(format: Format) -> &'static str {
    match format {
        Format::Svg => "SVG image",
        Format::Png => "PNG image",
        Format::Dot => "Graphviz DOT",
        Format::GraphMl => "GraphML",
        Format::Json => "trustpath JSON",
        Format::Markdown => "Markdown report",
        Format::Csv => "CSV report",
        Format::OpenGraph => "BloodHound OpenGraph JSON",
    }
}

/// Which part of the graph to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeChoice {
    All,
    Highlighted,
    VisibleArea,
}

/// Which of the listed paths to highlight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HighlightChoice {
    None,
    Selected,
    AllListed,
}

/// The export window's choices, kept between openings.
#[derive(Clone, Debug)]
pub struct ExportDialog {
    pub open: bool,
    pub format: Format,
    pub scale: f32,
    pub transparent: bool,
    pub scope: ScopeChoice,
    pub highlight: HighlightChoice,
}

impl Default for ExportDialog {
    fn default() -> Self {
        Self {
            open: false,
            format: Format::Svg,
            scale: 2.0,
            transparent: false,
            scope: ScopeChoice::All,
            highlight: HighlightChoice::AllListed,
        }
    }
}

/// The paths to highlight: the selected one first, then the rest listed.
fn highlighted(state: &AppState) -> Vec<TrustPath> {
    let selected = state.current_path().cloned();
    match state.export.highlight {
        HighlightChoice::None => Vec::new(),
        HighlightChoice::Selected => selected.into_iter().collect(),
        HighlightChoice::AllListed => {
            let rest = state
                .paths
                .iter()
                .enumerate()
                .filter(|(i, _)| Some(*i) != state.selected_path)
                .map(|(_, p)| p.clone());
            selected.into_iter().chain(rest).collect()
        }
    }
}

/// The canvas's visible rectangle in graph units.
fn visible_area(state: &AppState) -> Scope {
    let cam = state.camera;
    let size = state.canvas_rect.size();
    let min = (-cam.offset) / cam.zoom;
    let max = (size - cam.offset) / cam.zoom;
    Scope::Area {
        min: [f64::from(min.x), f64::from(min.y)],
        max: [f64::from(max.x), f64::from(max.y)],
    }
}

/// The export options the window's choices stand for.
pub fn options(state: &AppState, format: Format) -> ExportOptions {
    let d = &state.export;
    ExportOptions {
        format,
        highlight: highlighted(state),
        scale: d.scale.clamp(1.0, 4.0),
        background: if d.transparent {
            Background::Transparent
        } else {
            Background::White
        },
        scope: match d.scope {
            ScopeChoice::All => Scope::All,
            ScopeChoice::Highlighted => Scope::Highlighted,
            ScopeChoice::VisibleArea => visible_area(state),
        },
        title: None,
    }
}

/// Writes the export to `path`; the outcome goes to the banner.
pub fn export_to(state: &mut AppState, path: &Path) {
    let mut bytes = Vec::new();
    let format = state.export.format;
    let rendered = export::render(&state.graph, &options(state, format), &mut bytes)
        .map_err(|e| e.to_string());
    match rendered.and_then(|()| io::write_atomic(path, &bytes).map_err(|e| e.to_string())) {
        Ok(()) => {
            state.export.open = false;
            state.info(format!(
                "Exported {} to {}",
                label(state.export.format),
                path.display()
            ));
        }
        Err(e) => state.error(format!("Could not export: {e}")),
    }
}

/// The drawing as the PNG exporter renders it (same scope, highlight,
/// scale and background), decoded for the clipboard.
pub fn clipboard_image(state: &AppState) -> Result<egui::ColorImage, String> {
    let mut png = Vec::new();
    export::render(&state.graph, &options(state, Format::Png), &mut png)
        .map_err(|e| e.to_string())?;
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).map_err(|e| e.to_string())?;
    let size = [pixmap.width() as usize, pixmap.height() as usize];
    // tiny-skia keeps premultiplied RGBA, which egui takes as is.
    Ok(egui::ColorImage::from_rgba_premultiplied(
        size,
        pixmap.data(),
    ))
}

/// The export window, while open.
pub fn window_ui(ctx: &egui::Context, state: &mut AppState) {
    if !state.export.open {
        return;
    }
    let mut open = true;
    let mut choose_file = false;
    let mut copy = false;
    let listed = state.paths.len();
    let d = &mut state.export;
    egui::Window::new("Export")
        .open(&mut open)
        .resizable(false)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::Grid::new("export-grid")
                .num_columns(2)
                .show(ui, |ui| {
                    ui.label("Format");
                    egui::ComboBox::from_id_salt("export-format")
                        .selected_text(label(d.format))
                        .show_ui(ui, |ui| {
                            for f in Format::ALL {
                                ui.selectable_value(&mut d.format, f, label(f));
                            }
                        });
                    ui.end_row();
                    if d.format == Format::Png {
                        ui.label("Scale");
                        ui.add(
                            egui::Slider::new(&mut d.scale, 1.0..=4.0)
                                .step_by(1.0)
                                .suffix("×"),
                        );
                        ui.end_row();
                    }
                    if d.format.is_drawing() {
                        ui.label("Background");
                        ui.horizontal(|ui| {
                            ui.radio_value(&mut d.transparent, false, "White");
                            ui.radio_value(&mut d.transparent, true, "Transparent");
                        });
                        ui.end_row();
                    }
                    ui.label("Scope");
                    ui.vertical(|ui| {
                        ui.radio_value(&mut d.scope, ScopeChoice::All, "Whole graph");
                        ui.radio_value(
                            &mut d.scope,
                            ScopeChoice::Highlighted,
                            "Highlighted paths and their neighbours",
                        );
                        ui.radio_value(&mut d.scope, ScopeChoice::VisibleArea, "Visible area");
                    });
                    ui.end_row();
                    ui.label("Highlight");
                    ui.vertical(|ui| {
                        ui.radio_value(&mut d.highlight, HighlightChoice::None, "No path");
                        ui.radio_value(
                            &mut d.highlight,
                            HighlightChoice::Selected,
                            "Selected path",
                        );
                        ui.radio_value(
                            &mut d.highlight,
                            HighlightChoice::AllListed,
                            format!("All {listed} listed paths (selected first)"),
                        );
                    });
                    ui.end_row();
                });
            ui.horizontal(|ui| {
                choose_file = ui.button("Export to file…").clicked();
                copy = ui
                    .button("Copy image to clipboard")
                    .on_hover_text("The PNG drawing, with these choices")
                    .clicked();
            });
        });
    if !open {
        state.export.open = false;
    }
    if copy {
        match clipboard_image(state) {
            Ok(image) => {
                ctx.copy_image(image);
                state.info("Copied the image to the clipboard.");
            }
            Err(e) => state.error(format!("Could not copy the image: {e}")),
        }
    }
    if choose_file {
        super::files::start_dialog(state, super::state::PromptPurpose::Export);
    }
}
