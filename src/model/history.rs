//! Undo/redo over [`Edit`]s: each applied edit's inverse goes on the undo
//! stack; undoing pushes the inverse's inverse on the redo stack.

use super::{Edit, ModelError, TrustGraph};

/// How many steps are kept; older ones are dropped.
const MAX_STEPS: usize = 500;

/// The undo and redo stacks, plus a revision counter that changes on every
/// applied edit so views and background jobs know when to recompute.
#[derive(Debug, Clone)]
pub struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    revision: u64,
    /// Depth of the undo stack when the model was last saved or loaded;
    /// `None` once that state can no longer be reached by undo/redo.
    saved_depth: Option<usize>,
}

impl Default for History {
    fn default() -> Self {
        Self {
            undo: Vec::new(),
            redo: Vec::new(),
            revision: 0,
            saved_depth: Some(0),
        }
    }
}

impl History {
    /// Applies `edit` as a new undo step and clears the redo stack.
    pub fn apply(&mut self, g: &mut TrustGraph, edit: Edit) -> Result<(), ModelError> {
        let inverse = edit.apply(g)?;
        if self.saved_depth.is_some_and(|d| d > self.undo.len()) {
            // The saved state was on the redo stack, which this edit discards.
            self.saved_depth = None;
        }
        self.undo.push(inverse);
        if self.undo.len() > MAX_STEPS {
            self.undo.remove(0);
            self.saved_depth = self.saved_depth.and_then(|d| d.checked_sub(1));
        }
        self.redo.clear();
        self.bump();
        Ok(())
    }

    /// Undoes the last step; `false` when there is none.
    pub fn undo(&mut self, g: &mut TrustGraph) -> Result<bool, ModelError> {
        let Some(edit) = self.undo.pop() else {
            return Ok(false);
        };
        let redo = edit.apply(g)?;
        self.redo.push(redo);
        self.bump();
        Ok(true)
    }

    /// Redoes the last undone step; `false` when there is none.
    pub fn redo(&mut self, g: &mut TrustGraph) -> Result<bool, ModelError> {
        let Some(edit) = self.redo.pop() else {
            return Ok(false);
        };
        let undo = edit.apply(g)?;
        self.undo.push(undo);
        self.bump();
        Ok(true)
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn bump(&mut self) {
        self.revision += 1;
    }

    /// Changes whenever the model changes through this history.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Records that the model as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.saved_depth = Some(self.undo.len());
    }

    /// `true` when the model differs from what was last saved or loaded
    /// (undoing back to the saved state makes it clean again).
    pub fn is_dirty(&self) -> bool {
        self.saved_depth != Some(self.undo.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Node;

    #[test]
    fn undo_redo_round_trip_and_dirty_flag() {
        let mut g = TrustGraph::new();
        let mut h = History::default();
        assert!(!h.is_dirty());
        h.apply(&mut g, Edit::AddNode(Node::new("a"))).unwrap();
        assert!(h.is_dirty() && g.node_count() == 1);
        assert!(h.undo(&mut g).unwrap());
        assert_eq!(g.node_count(), 0);
        assert!(h.redo(&mut g).unwrap());
        assert_eq!(g.node_count(), 1);
        h.mark_saved();
        assert!(!h.is_dirty());
        assert!(!h.redo(&mut g).unwrap());
        h.apply(&mut g, Edit::AddNode(Node::new("b"))).unwrap();
        assert!(h.is_dirty());
        h.undo(&mut g).unwrap();
        assert!(!h.is_dirty(), "undoing back to the saved state is clean");
        h.undo(&mut g).unwrap();
        h.apply(&mut g, Edit::AddNode(Node::new("c"))).unwrap();
        h.undo(&mut g).unwrap();
        assert!(
            h.is_dirty(),
            "the saved state was discarded with the redo stack"
        );
    }
}
