//! Driving the real app in egui_kittest tests, shared by the GUI test files.
//! Jobs run on the worker threads as in the app; `settle` waits for their
//! answers so no test depends on timing. `run_steps(n)`, never `run()`: a
//! spinner keeps asking for frames while a job runs.

// Each test file uses the part of this module it needs.
#![allow(dead_code)]

use std::path::PathBuf;

use egui_kittest::Harness;
use trustpath::app::state::Settings;
use trustpath::app::{Command, TrustpathApp};

pub type H = Harness<'static, TrustpathApp>;

/// The app on `file` (the built-in sample when `None`) in a window of `w`×`h`, settled.
pub fn harness_with(file: Option<PathBuf>, w: f32, h: f32) -> H {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(w, h))
        .build_ui_state(
            |ui, app: &mut TrustpathApp| app.ui(ui),
            TrustpathApp::new(file, Settings::default()),
        );
    settle(&mut harness);
    harness
}

/// The app on the built-in sample at 1280×800, settled.
pub fn harness() -> H {
    harness_with(None, 1280.0, 800.0)
}

/// Waits for the running jobs, then draws enough frames (0.25 s each) for
/// the 0.4 s camera glides and the fades to finish.
pub fn settle(h: &mut H) {
    h.run_steps(2);
    h.state_mut().state.settle();
    h.run_steps(4);
}

/// Pushes a command as a panel would, then settles.
pub fn command(h: &mut H, c: Command) {
    h.state_mut().state.push(c);
    settle(h);
}

/// Every text painted in the last frame, with its font size.
pub fn painted_texts(h: &H) -> Vec<(String, f32)> {
    fn walk(shape: &egui::Shape, out: &mut Vec<(String, f32)>) {
        match shape {
            egui::Shape::Vec(shapes) => shapes.iter().for_each(|s| walk(s, out)),
            egui::Shape::Text(t) => {
                let px = t
                    .galley
                    .job
                    .sections
                    .first()
                    .map_or(0.0, |s| s.format.font_id.size);
                out.push((t.galley.text().to_owned(), px));
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}
