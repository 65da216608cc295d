//! The desktop app: the only module that uses egui, eframe, egui_graphs and rfd.

/// Opens the window on `file`, or on the built-in sample when `None`.
pub fn run(file: Option<std::path::PathBuf>) -> anyhow::Result<()> {
    let _ = file;
    anyhow::bail!("the desktop app is not built yet")
}
