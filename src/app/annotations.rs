//! Annotations in the GUI: saving the selected path with a name, note and
//! colour, editing and deleting saved paths. Every change rewrites the
//! `"annotations"` block through one [`Annotations::edit`], so it is one undo
//! step and is saved with the file.

use crate::analysis::TrustPath;
use crate::annotate::{Annotations, Callout, SavedPath};
use crate::app::state::AppState;

/// The GUI's annotation state: the open editor and the shown saved path.
#[derive(Default)]
pub struct AnnotationsView {
    /// The "Save path" / "Edit saved path" window, when open.
    pub draft: Option<PathDraft>,
    /// The saved path highlighted on the canvas (index, resolved path).
    pub shown: Option<(usize, TrustPath)>,
    /// The callout window, when open.
    pub callout_draft: Option<CalloutDraft>,
    /// A callout being dragged: (index, graph offset so far).
    pub dragging: Option<(usize, egui::Vec2)>,
    /// Where (graph units) the background context menu was opened.
    pub menu_at: [f64; 2],
    /// The shown saved path's colour.
    pub shown_colour: egui::Color32,
    /// The model's annotations, read again after every change of the graph.
    pub read: Annotations,
}

/// What the save/edit window holds.
#[derive(Clone, Debug)]
pub struct PathDraft {
    /// `None`: a new path; `Some(i)`: editing saved path `i`.
    pub index: Option<usize>,
    pub nodes: Vec<String>,
    pub name: String,
    pub note: String,
    pub color: egui::Color32,
}

/// What the callout window holds.
#[derive(Clone, Debug)]
pub struct CalloutDraft {
    /// `None`: a new callout; `Some(i)`: editing callout `i`.
    pub index: Option<usize>,
    pub pos: [f64; 2],
    pub text: String,
    pub color: egui::Color32,
}

impl AppState {
    /// The annotations of the model, as read after its last change (the
    /// canvas draws the callouts every frame); empty when the block cannot
    /// be read (changes are then refused, see `editable_annotations`).
    pub fn annotations(&self) -> &Annotations {
        &self.annotation_view.read
    }

    /// The annotations to change; `None` (with an error banner) when the
    /// block cannot be read, so that a change never drops what is there.
    fn editable_annotations(&mut self) -> Option<Annotations> {
        match Annotations::read(&self.graph) {
            Ok(a) => Some(a),
            Err(e) => {
                self.error(format!("The annotations cannot be changed: {e}"));
                None
            }
        }
    }

    fn store_annotations(&mut self, a: &Annotations) -> bool {
        self.annotation_view.shown = None;
        self.edit(a.edit())
    }

    /// Node ids of the selected computed path.
    pub fn current_path_ids(&self) -> Option<Vec<String>> {
        let p = self.selected_path.and_then(|i| self.paths.get(i))?;
        Some(
            p.nodes
                .iter()
                .map(|ix| self.graph.node(*ix).id.clone())
                .collect(),
        )
    }

    /// Appends a saved path (one undo step).
    pub fn save_path(&mut self, path: SavedPath) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        a.paths.push(path);
        self.store_annotations(&a)
    }

    /// Replaces saved path `i` (one undo step).
    pub fn update_saved_path(&mut self, i: usize, path: SavedPath) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        let Some(slot) = a.paths.get_mut(i) else {
            return false;
        };
        *slot = path;
        self.store_annotations(&a)
    }

    /// Deletes saved path `i` (one undo step).
    pub fn delete_saved_path(&mut self, i: usize) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        if i >= a.paths.len() {
            return false;
        }
        a.paths.remove(i);
        self.store_annotations(&a)
    }

    /// Adds a callout (one undo step).
    pub fn add_callout(&mut self, callout: Callout) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        a.callouts.push(callout);
        self.store_annotations(&a)
    }

    /// Replaces callout `i` (one undo step).
    pub fn update_callout(&mut self, i: usize, callout: Callout) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        let Some(slot) = a.callouts.get_mut(i) else {
            return false;
        };
        *slot = callout;
        self.store_annotations(&a)
    }

    /// Moves callout `i` (one undo step: the end of a drag).
    pub fn move_callout(&mut self, i: usize, pos: [f64; 2]) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        let Some(slot) = a.callouts.get_mut(i) else {
            return false;
        };
        slot.pos = pos;
        self.store_annotations(&a)
    }

    /// Deletes callout `i` (one undo step).
    pub fn delete_callout(&mut self, i: usize) -> bool {
        let Some(mut a) = self.editable_annotations() else {
            return false;
        };
        if i >= a.callouts.len() {
            return false;
        }
        a.callouts.remove(i);
        self.store_annotations(&a)
    }

    /// Stops showing the saved path, and so stepping through its hops.
    pub(crate) fn hide_saved_path(&mut self) {
        if self.annotation_view.shown.take().is_some() && self.selected_path.is_none() {
            self.hop = None;
        }
    }

    /// Highlights saved path `i` on the canvas (or clears with `None`).
    pub fn show_saved_path(&mut self, i: Option<usize>) {
        self.hide_saved_path();
        let Some(i) = i else { return };
        let Some(p) = self.annotations().paths.get(i).cloned() else {
            return;
        };
        match p.resolve(&self.graph) {
            Ok(path) => {
                self.selected_path = None;
                self.hop = None;
                self.annotation_view.shown_colour = color_of(&p);
                self.annotation_view.shown = Some((i, path));
            }
            Err((_, message)) => self.error(format!("Cannot show {:?}: {message}", p.name)),
        }
    }
}

/// `#rrggbb` of a colour.
pub fn hex(c: egui::Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

/// The colour of a saved path.
pub fn color_of(p: &SavedPath) -> egui::Color32 {
    let rgb = p.rgb();
    egui::Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

/// The colour the highlighted path is drawn in: the shown saved path's own
/// colour, else the theme's path colour.
pub fn path_colour(state: &AppState, palette: &crate::app::theme::Palette) -> egui::Color32 {
    match (&state.selected_path, &state.annotation_view.shown) {
        (None, Some(_)) => state.annotation_view.shown_colour,
        _ => palette.path,
    }
}
