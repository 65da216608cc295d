//! Callouts on the canvas: note boxes at graph positions, dragged (one undo
//! step per drag), edited and deleted from their context menu, added from the
//! background menu.

use egui::{Align2, FontId, Pos2, Rect, Sense, Vec2};

use crate::annotate::Callout;
use crate::app::annotations::{CalloutDraft, hex};
use crate::app::canvas::Transform;
use crate::app::state::AppState;
use crate::app::theme::Palette;

/// The default callout fill: pale yellow.
pub const DEFAULT_FILL: egui::Color32 = egui::Color32::from_rgb(0xfe, 0xf3, 0xc7);

fn fill_of(c: &Callout) -> egui::Color32 {
    c.color
        .as_deref()
        .and_then(crate::palette::Rgb::parse_hex)
        .map_or(DEFAULT_FILL, |r| egui::Color32::from_rgb(r.0, r.1, r.2))
}

/// Paints one callout with its top-left corner at `at`, its text `text_px`
/// high (wrapped at [`WRAP_EMS`] text heights), and returns the box.
/// Shared by the explorer, which makes the box draggable, and workshop
/// mode, which shows it read-only in larger type.
pub fn paint_callout(
    painter: &egui::Painter,
    c: &Callout,
    at: Pos2,
    text_px: f32,
    border: egui::Color32,
) -> Rect {
    let fill = fill_of(c);
    // Dark text on a light fill, light on a dark one.
    let text_colour = if fill.intensity() > 0.5 {
        egui::Color32::from_gray(20)
    } else {
        egui::Color32::from_gray(240)
    };
    let pad = text_px * 0.5;
    let galley = painter.layout(
        c.text.clone(),
        FontId::proportional(text_px),
        text_colour,
        text_px * WRAP_EMS,
    );
    let rect = Rect::from_min_size(at, galley.size() + Vec2::splat(2.0 * pad));
    painter.rect_filled(rect, pad * 0.7, fill);
    painter.rect_stroke(
        rect,
        pad * 0.7,
        egui::Stroke::new(1.0, border),
        egui::StrokeKind::Inside,
    );
    painter.galley(rect.min + Vec2::splat(pad), galley, text_colour);
    rect
}

/// Callout text wraps at this many text heights (about 220 px at 13 px).
const WRAP_EMS: f32 = 17.0;

/// Draws the callouts and handles their input. Called after the graph is
/// painted so the boxes sit on top and take the pointer first.
pub fn callouts_ui(ui: &mut egui::Ui, state: &mut AppState, palette: &Palette, tf: &Transform) {
    let callouts = state.annotations().callouts.clone();
    let painter = ui.painter().clone();
    let mut commit = None;
    let mut delete = None;
    let mut edit = None;
    for (i, c) in callouts.iter().enumerate() {
        let mut pos = c.pos;
        if let Some((j, d)) = state.annotation_view.dragging
            && j == i
        {
            pos = [pos[0] + d.x as f64, pos[1] + d.y as f64];
        }
        let at = tf.screen_from_graph(pos);
        let rect = paint_callout(&painter, c, at, 13.0, palette.edge);
        let r = ui.interact(rect, ui.id().with(("callout", i)), Sense::click_and_drag());
        if r.dragged() {
            let d = r.drag_delta() / tf.zoom;
            let prev = state
                .annotation_view
                .dragging
                .filter(|(j, _)| *j == i)
                .map_or(Vec2::ZERO, |(_, v)| v);
            state.annotation_view.dragging = Some((i, prev + d));
        }
        if r.drag_stopped()
            && let Some((j, d)) = state.annotation_view.dragging.take()
            && j == i
            && d != Vec2::ZERO
        {
            commit = Some((i, [c.pos[0] + d.x as f64, c.pos[1] + d.y as f64]));
        }
        r.context_menu(|ui| {
            if ui.button("Edit callout…").clicked() {
                edit = Some(i);
            }
            if ui.button("Delete callout").clicked() {
                delete = Some(i);
            }
        });
    }
    if let Some((i, pos)) = commit {
        state.move_callout(i, pos);
    }
    if let Some(i) = edit {
        let c = &callouts[i];
        state.annotation_view.callout_draft = Some(CalloutDraft {
            index: Some(i),
            pos: c.pos,
            text: c.text.clone(),
            color: fill_of(c),
        });
    }
    if let Some(i) = delete {
        state.delete_callout(i);
    }
}

/// Starts a new callout at a graph position (the background menu item).
pub fn start_callout(state: &mut AppState, pos: [f64; 2]) {
    state.annotation_view.callout_draft = Some(CalloutDraft {
        index: None,
        pos,
        text: String::new(),
        color: DEFAULT_FILL,
    });
}

/// The callout editor window, when open.
pub fn callout_window(ctx: &egui::Context, state: &mut AppState) {
    let Some(mut draft) = state.annotation_view.callout_draft.take() else {
        return;
    };
    let mut open = true;
    let mut done = None;
    egui::Window::new("Callout")
        .open(&mut open)
        .collapsible(false)
        .resizable(false)
        .pivot(Align2::CENTER_CENTER)
        .default_pos(ctx.content_rect().center())
        .show(ctx, |ui| {
            ui.label("Text");
            ui.text_edit_multiline(&mut draft.text);
            ui.horizontal(|ui| {
                ui.label("Colour");
                ui.color_edit_button_srgba(&mut draft.color);
            });
            ui.horizontal(|ui| {
                if ui
                    .add_enabled(!draft.text.trim().is_empty(), egui::Button::new("OK"))
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
        (true, None) => state.annotation_view.callout_draft = Some(draft),
        (_, Some(true)) => {
            let c = Callout {
                text: draft.text,
                pos: draft.pos,
                color: Some(hex(draft.color)),
            };
            match draft.index {
                Some(i) => state.update_callout(i, c),
                None => state.add_callout(c),
            };
        }
        _ => {}
    }
}

/// Where a screen point is in graph units.
pub fn graph_pos(tf: &Transform, p: Pos2) -> [f64; 2] {
    let v = tf.graph_from_screen(p);
    [v.x as f64, v.y as f64]
}
