//! The legend: node kinds with their colours, and the entry and crown-jewel
//! marks, in one wrapped row above the canvas (so it never covers the graph).

use crate::app::canvas::badge;
use crate::app::state::AppState;
use crate::app::theme::Palette;

/// Draws the legend row.
pub fn legend_ui(ui: &mut egui::Ui, state: &AppState, palette: &Palette) {
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 4.0;
        let swatch = egui::vec2(14.0, 10.0);
        for (i, kind) in state.kinds().iter().enumerate() {
            let (r, _) = ui.allocate_exact_size(swatch, egui::Sense::hover());
            ui.painter().rect_filled(r, 3.0, palette.kind_fill(i));
            ui.label(egui::RichText::new(kind).small());
            ui.add_space(6.0);
        }
        ui.add_space(8.0);
        for (glyph, color, text) in [
            ("▶", palette.entry_ring, "entry point"),
            ("★", palette.jewel_ring, "crown jewel"),
        ] {
            let (r, _) = ui.allocate_exact_size(egui::vec2(14.0, 14.0), egui::Sense::hover());
            badge(ui.painter(), r.center(), glyph, color, 11.0);
            ui.label(egui::RichText::new(text).small());
            ui.add_space(6.0);
        }
        ui.label(
            egui::RichText::new("edge width = likelihood")
                .small()
                .weak(),
        );
    });
}
