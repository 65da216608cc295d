//! Edits as data: every change the GUI makes to a model is an [`Edit`], and
//! applying one returns its inverse, which is what makes undo/redo natural.
//!
//! Edits name nodes by string id and edges by [`EdgeId`], never by petgraph
//! index, so an inverse stays valid after removals shuffle petgraph's slots.

use std::collections::BTreeSet;

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use super::{Bends, DetachedEdge, Edge, EdgeId, ModelError, Node, TrustGraph};

/// One reversible change to a [`TrustGraph`].
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Add a node (with no edges).
    AddNode(Node),
    /// Remove the node with this id, and its edges.
    RemoveNode(String),
    /// Put back a removed node with the edges it had.
    RestoreNode {
        node: Node,
        edges: Vec<DetachedEdge>,
    },
    /// Replace the attributes of the node with id `id` (possibly renaming it);
    /// a new position clears the bends at the node, as `SetPositions` does.
    SetNode {
        id: String,
        node: Node,
    },
    /// Add an edge; `id` is filled in when applied so the inverse can name it.
    AddEdge {
        id: Option<EdgeId>,
        from: String,
        to: String,
        edge: Edge,
    },
    RemoveEdge(EdgeId),
    SetEdge {
        id: EdgeId,
        edge: Edge,
    },
    /// Move nodes (or clear their positions); one step for a whole drag or
    /// layout. The bends of the edges at a node that moves are cleared with
    /// it (and come back on undo): they were made for the old positions.
    SetPositions(Vec<(String, Option<[f64; 2]>)>),
    /// Set edges' bend points (a layout's routes).
    SetBends(Vec<(EdgeId, Bends)>),
    /// Set (or remove, with `None`) a top-level key of the file that the core
    /// model does not type: scenarios, annotations and other v1 extensions
    /// live there, each with typed accessors in its own module.
    SetExtra {
        key: String,
        value: Option<serde_json::Value>,
    },
    /// Several edits as one undo step; applied in order, undone in reverse.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Applies the edit to `g` and returns the edit that undoes it.
    /// On error `g` is unchanged (a failing batch rolls back what it applied).
    pub fn apply(self, g: &mut TrustGraph) -> Result<Edit, ModelError> {
        let find =
            |g: &TrustGraph, id: &str| g.find(id).ok_or_else(|| ModelError::UnknownNode(id.into()));
        Ok(match self {
            Edit::AddNode(node) => {
                let id = node.id.clone();
                g.add_node(node)?;
                Edit::RemoveNode(id)
            }
            Edit::RemoveNode(id) => {
                let ix = find(g, &id)?;
                let (node, edges) = g.remove_node(ix).ok_or(ModelError::UnknownNode(id))?;
                Edit::RestoreNode { node, edges }
            }
            Edit::RestoreNode { node, edges } => {
                let id = node.id.clone();
                g.add_node(node)?;
                for (eid, from, to, edge) in edges {
                    let (f, t) = (find(g, &from)?, find(g, &to)?);
                    g.insert_edge(eid, f, t, edge)?;
                }
                Edit::RemoveNode(id)
            }
            Edit::SetNode { id, node } => {
                let ix = find(g, &id)?;
                let new_id = node.id.clone();
                let moved = node.pos != g.node(ix).pos;
                let old = g.set_node(ix, node)?;
                let undo = Edit::SetNode {
                    id: new_id,
                    node: old,
                };
                if moved {
                    with_bends_back(undo, straighten(g, &[ix])?)
                } else {
                    undo
                }
            }
            Edit::AddEdge { id, from, to, edge } => {
                let (f, t) = (find(g, &from)?, find(g, &to)?);
                let eid = match id {
                    Some(eid) => {
                        g.insert_edge(eid, f, t, edge)?;
                        eid
                    }
                    None => g.add_edge(f, t, edge)?,
                };
                Edit::RemoveEdge(eid)
            }
            Edit::RemoveEdge(eid) => {
                let (from, to, edge) = g.remove_edge(eid).ok_or(ModelError::UnknownEdge(eid))?;
                Edit::AddEdge {
                    id: Some(eid),
                    from,
                    to,
                    edge,
                }
            }
            Edit::SetEdge { id, edge } => {
                let old = g.set_edge(id, edge)?;
                Edit::SetEdge { id, edge: old }
            }
            Edit::SetPositions(moves) => {
                let mut old = Vec::with_capacity(moves.len());
                let mut moved = Vec::new();
                for (id, pos) in &moves {
                    let ix = find(g, id)?;
                    let was = g.node(ix).pos;
                    old.push((id.clone(), was));
                    if was != *pos {
                        moved.push(ix);
                    }
                }
                for (i, (id, pos)) in moves.into_iter().enumerate() {
                    let ix = find(g, &id)?;
                    if let Err(e) = g.set_pos(ix, pos) {
                        // Put back the ones already moved, routes untouched
                        // (they are cleared only once every move succeeded).
                        for (id, was) in &old[..i] {
                            if let Some(ix) = g.find(id) {
                                let _ = g.set_pos(ix, *was);
                            }
                        }
                        return Err(e);
                    }
                }
                with_bends_back(Edit::SetPositions(old), straighten(g, &moved)?)
            }
            Edit::SetBends(routes) => {
                let mut old = Vec::with_capacity(routes.len());
                for (id, bends) in routes {
                    match g.set_bends(id, bends) {
                        Ok(was) => old.push((id, was)),
                        Err(e) => {
                            old.reverse();
                            Edit::SetBends(old).apply(g)?;
                            return Err(e);
                        }
                    }
                }
                // Undone last first, in case an edge is named twice.
                old.reverse();
                Edit::SetBends(old)
            }
            Edit::SetExtra { key, value } => {
                let old = match value {
                    Some(v) => g.extra.insert(key.clone(), v),
                    None => g.extra.shift_remove(&key),
                };
                Edit::SetExtra { key, value: old }
            }
            Edit::Batch(edits) => {
                let mut inverses = Vec::with_capacity(edits.len());
                for edit in edits {
                    match edit.apply(g) {
                        Ok(inv) => inverses.push(inv),
                        Err(e) => {
                            for inv in inverses.into_iter().rev() {
                                inv.apply(g)?;
                            }
                            return Err(e);
                        }
                    }
                }
                inverses.reverse();
                Edit::Batch(inverses)
            }
        })
    }
}

/// Clears the bends of every edge at the `moved` nodes (they were made for
/// the old positions); returns what they were.
fn straighten(g: &mut TrustGraph, moved: &[NodeIndex]) -> Result<Vec<(EdgeId, Bends)>, ModelError> {
    let routed: BTreeSet<EdgeId> = moved
        .iter()
        .flat_map(|&ix| {
            g.edges_of(ix, Direction::Outgoing)
                .chain(g.edges_of(ix, Direction::Incoming))
        })
        .filter(|e| !e.edge.bends.is_empty())
        .map(|e| e.id)
        .collect();
    routed
        .into_iter()
        .map(|id| Ok((id, g.set_bends(id, Vec::new())?)))
        .collect()
}

/// The inverse of a move that [`straighten`]ed `cleared`: the move undone,
/// then the bends put back.
fn with_bends_back(undo: Edit, cleared: Vec<(EdgeId, Bends)>) -> Edit {
    if cleared.is_empty() {
        undo
    } else {
        Edit::Batch(vec![undo, Edit::SetBends(cleared)])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> TrustGraph {
        let mut g = TrustGraph::new();
        for id in ["a", "b", "c"] {
            g.add_node(Node::new(id)).unwrap();
        }
        let (a, b, c) = (
            g.find("a").unwrap(),
            g.find("b").unwrap(),
            g.find("c").unwrap(),
        );
        g.add_edge(
            a,
            b,
            Edge {
                likelihood: 0.5,
                bends: vec![[5.0, 5.0]],
                ..Edge::default()
            },
        )
        .unwrap();
        g.add_edge(
            b,
            c,
            Edge {
                bends: vec![[6.0, 6.0], [7.0, 7.0]],
                ..Edge::default()
            },
        )
        .unwrap();
        g
    }

    #[test]
    fn every_edit_is_undone_by_its_inverse() {
        let edits = vec![
            Edit::AddNode(Node::new("d")),
            Edit::RemoveNode("b".into()),
            Edit::SetNode {
                id: "a".into(),
                node: Node {
                    entry: true,
                    ..Node::new("a2")
                },
            },
            Edit::AddEdge {
                id: None,
                from: "c".into(),
                to: "a".into(),
                edge: Edge::default(),
            },
            Edit::RemoveEdge(EdgeId(0)),
            Edit::SetEdge {
                id: EdgeId(1),
                edge: Edge {
                    likelihood: 0.1,
                    ..Edge::default()
                },
            },
            Edit::SetPositions(vec![("a".into(), Some([1.0, 2.0]))]),
            Edit::SetBends(vec![(EdgeId(1), vec![[3.0, 4.0]]), (EdgeId(0), Vec::new())]),
            Edit::SetExtra {
                key: "scenarios".into(),
                value: Some(serde_json::json!([])),
            },
            Edit::Batch(vec![
                Edit::AddNode(Node::new("x")),
                Edit::AddEdge {
                    id: None,
                    from: "a".into(),
                    to: "x".into(),
                    edge: Edge::default(),
                },
            ]),
        ];
        for edit in edits {
            let before = sample();
            let mut g = before.clone();
            let inverse = edit.clone().apply(&mut g).unwrap();
            assert_ne!(g, before, "{edit:?} changed nothing");
            let redo = inverse.apply(&mut g).unwrap();
            assert_eq!(g, before, "inverse of {edit:?}");
            redo.apply(&mut g).unwrap();
        }
    }

    #[test]
    fn a_refused_move_leaves_positions_and_routes_as_they_were() {
        let before = sample();
        let mut g = before.clone();
        let moves = Edit::SetPositions(vec![
            ("a".into(), Some([1.0, 2.0])),
            ("b".into(), Some([f64::NAN, 0.0])),
        ]);
        assert!(moves.apply(&mut g).is_err());
        assert_eq!(g, before);
    }

    #[test]
    fn failing_batch_leaves_graph_unchanged() {
        let before = sample();
        let mut g = before.clone();
        let batch = Edit::Batch(vec![
            Edit::AddNode(Node::new("x")),
            Edit::RemoveNode("nope".into()),
        ]);
        assert!(batch.apply(&mut g).is_err());
        assert_eq!(g, before);
    }

    /// Moving `a` straightens a → b (its bends fit the old place) but not
    /// b → c; undo bends a → b back.
    #[test]
    fn moving_a_node_clears_the_bends_of_its_edges_only() {
        let before = sample();
        let mut g = before.clone();
        let undo = Edit::SetPositions(vec![("a".into(), Some([1.0, 2.0]))])
            .apply(&mut g)
            .unwrap();
        let bends = |g: &TrustGraph, id| g.edge(EdgeId(id)).unwrap().edge.bends.clone();
        assert!(bends(&g, 0).is_empty());
        assert_eq!(bends(&g, 1), bends(&before, 1));
        undo.apply(&mut g).unwrap();
        assert_eq!(g, before);
        // So does a whole-node edit that moves it.
        let moved = Node {
            pos: Some([9.0, 9.0]),
            ..g.node(g.find("a").unwrap()).clone()
        };
        let undo = Edit::SetNode {
            id: "a".into(),
            node: moved,
        }
        .apply(&mut g)
        .unwrap();
        assert!(bends(&g, 0).is_empty());
        undo.apply(&mut g).unwrap();
        assert_eq!(g, before);
        // Setting a node where it already is changes no route.
        let undo = Edit::SetPositions(vec![("a".into(), None)])
            .apply(&mut g)
            .unwrap();
        assert_eq!(g, before);
        assert_eq!(undo, Edit::SetPositions(vec![("a".into(), None)]));
    }
}
