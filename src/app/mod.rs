//! The desktop app: the only module that uses egui, eframe and rfd.
//!
//! Each frame runs in a fixed order (egui demo style): take in finished jobs
//! and dropped files → read shortcuts → draw menus, panels and the canvas
//! (which push [`Command`]s) → apply the commands → ask for fresh answers.
//! Nothing asks for a repaint unless something moves: input, a running job
//! or an open native dialog.

pub mod actions;
pub mod annotations;
pub mod canvas;
pub mod command;
pub mod dialogs;
pub mod export_dialog;
pub mod files;
pub mod import_open;
pub mod jobs;
pub mod layout_view;
pub mod menus;
pub mod panels;
pub mod present;
pub mod risk_view;
pub mod state;
pub mod theme;

use std::path::PathBuf;
use std::time::Duration;

pub use command::Command;
pub use state::{AppState, Settings};

use crate::samples;

const SETTINGS_KEY: &str = "trustpath-settings";

/// The app: state plus the bits of egui plumbing around it.
pub struct TrustpathApp {
    pub state: AppState,
    palette: theme::Palette,
    palette_dark: bool,
    title: String,
    fonts_installed: bool,
}

impl TrustpathApp {
    /// Starts on `file`, or on the built-in sample; a file that fails to load
    /// leaves the sample on screen with the error in the banner.
    pub fn new(file: Option<PathBuf>, settings: Settings) -> Self {
        let sample_name = samples::SAMPLES[0].0;
        let mut state = AppState::new(samples::default_sample(), sample_name, settings);
        if let Some(path) = file {
            files::open_path(&mut state, &path);
        }
        let dark = state.settings.dark;
        Self {
            state,
            palette: theme::Palette::new(dark),
            palette_dark: dark,
            title: String::new(),
            fonts_installed: false,
        }
    }

    /// One frame of the whole UI (also what the tests drive).
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            install_fonts(&ctx);
            self.fonts_installed = true;
        }
        self.state.jobs.set_repaint_context(&ctx);
        let finished = self.state.jobs.poll();
        self.state.receive(finished);
        self.take_dropped_files(&ctx);
        if self.palette_dark != self.state.settings.dark {
            self.palette_dark = self.state.settings.dark;
            self.palette = theme::Palette::new(self.palette_dark);
        }
        ctx.set_visuals(if self.palette_dark {
            egui::Visuals::dark()
        } else {
            egui::Visuals::light()
        });
        let state = &mut self.state;
        let palette = &self.palette;
        if state.present.active {
            // Presentation mode draws the whole window and has its own keys.
            present::handle_keys(&ctx, state);
            egui::CentralPanel::no_frame().show(ui, |ui| present::present_ui(ui, state));
        } else {
            let shortcuts = menus::shortcut_commands(&ctx);
            state.commands.extend(shortcuts);
            explorer_ui(ui, state, palette);
        }
        present::sync_viewport(&ctx, state);

        actions::apply_queued(state);
        state.refresh_jobs();
        if let Some(after) = risk_view::tick(state) {
            ctx.request_repaint_after(after);
        }
        if files::poll_dialog(state) {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        self.sync_window(&ctx);
    }

    fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| i.raw.dropped_files.clone());
        for f in dropped {
            self.state.push(Command::OpenPath(f.path().to_path_buf()));
        }
    }

    /// Title, and the close button: with unsaved changes, ask first.
    fn sync_window(&mut self, ctx: &egui::Context) {
        let title = self.state.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        let close_requested = ctx.input(|i| i.viewport().close_requested());
        if close_requested && !self.state.close_allowed && self.state.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.state.confirm = Some(state::Confirm {
                then: Command::Quit,
            });
        }
        if self.state.quit_requested {
            self.state.quit_requested = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

/// The explorer: menu bar, banner, side panels, search bar and canvas.
fn explorer_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &theme::Palette) {
    egui::Panel::top("menu").show(ui, |ui| {
        let mut out = Vec::new();
        menus::menu_bar_ui(ui, state, &mut out);
        state.commands.extend(out);
    });
    if state.banner.is_some() {
        egui::Panel::top("banner")
            .frame(egui::Frame::NONE)
            .show(ui, |ui| dialogs::banner_ui(ui, state, palette));
    }
    // The inspector shows when there is something to inspect, so the
    // canvas has the width when the user is only looking.
    let something_selected = !state.selection.nodes.is_empty()
        || state.selection.edge.is_some()
        || state.add_edge.is_some();
    if state.settings.show_inspector && something_selected {
        egui::Panel::left("inspector")
            .default_size(270.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical().show(ui, |ui| {
                    panels::inspector::inspector_ui(ui, state, palette);
                });
            });
    }
    if state.settings.show_paths {
        egui::Panel::right("paths")
            .default_size(340.0)
            .resizable(true)
            .show(ui, |ui| panels::paths::paths_ui(ui, state, palette));
    }
    if state.risk.open {
        egui::Panel::right("risk")
            .default_size(360.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .show(ui, |ui| panels::risk::risk_ui(ui, state, palette));
            });
    }
    if state.settings.show_stats {
        egui::Panel::bottom("stats")
            .resizable(false)
            .show(ui, |ui| panels::stats::stats_ui(ui, state));
    }
    if state.search.open {
        egui::Panel::top("search").show(ui, |ui| panels::search::search_ui(ui, state));
    }
    if state.settings.show_legend {
        egui::Panel::top("legend").show(ui, |ui| panels::legend::legend_ui(ui, state, palette));
    }
    egui::CentralPanel::no_frame().show(ui, |ui| canvas::canvas_ui(ui, state, palette));
    export_dialog::window_ui(ui.ctx(), state);
    panels::saved_paths::draft_window(ui.ctx(), state);
    canvas::callouts::callout_window(ui.ctx(), state);
    dialogs::modals_ui(ui, state);
}

/// egui's proportional font has no "→" (used in every path and caption);
/// its bundled monospace font does, so it joins the proportional fallbacks.
fn install_fonts(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    let mono = fonts
        .families
        .get(&egui::FontFamily::Monospace)
        .and_then(|f| f.first())
        .cloned();
    if let (Some(mono), Some(prop)) = (
        mono,
        fonts.families.get_mut(&egui::FontFamily::Proportional),
    ) {
        prop.push(mono);
    }
    ctx.set_fonts(fonts);
}

impl eframe::App for TrustpathApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        TrustpathApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
    }
}

/// Opens the window on `file`, or on the built-in sample when `None`.
pub fn run(file: Option<PathBuf>) -> anyhow::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 420.0])
            .with_drag_and_drop(true)
            .with_title("trustpath"),
        ..Default::default()
    };
    eframe::run_native(
        "trustpath",
        options,
        Box::new(move |cc| {
            let settings = cc
                .storage
                .and_then(|s| eframe::get_value::<Settings>(s, SETTINGS_KEY))
                .unwrap_or_default();
            Ok(Box::new(TrustpathApp::new(file, settings)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}
