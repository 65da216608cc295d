//! Annotations: what an analyst writes on top of the model — named paths with
//! a note and a highlight colour, and free-text callouts placed on the canvas.
//!
//! A format v1 extension stored under the top-level key `"annotations"` (see
//! docs/FORMAT.md), so older files, which lack it, load unchanged and older
//! builds keep it verbatim in `g.extra`. This module owns reading it (with
//! errors that name the place), checking it against the graph, and writing it
//! back as an undoable [`Edit::SetExtra`]. Notes on nodes and edges are not
//! here: they are the core `notes` fields.

use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use crate::analysis::TrustPath;
use crate::model::{Edit, TrustGraph, read_extension};
use crate::palette::Rgb;

/// The top-level key of the extension.
pub const KEY: &str = "annotations";

/// Everything under `"annotations"`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Annotations {
    /// Paths the analyst saved, drawn highlighted in exports.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paths: Vec<SavedPath>,
    /// Free text placed on the canvas.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub callouts: Vec<Callout>,
}

/// A named path with a note: `nodes` are node ids, consecutive ones joined by
/// an edge (either way round if the edge is bidirectional).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedPath {
    pub name: String,
    pub nodes: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
    /// `#rrggbb`; the default highlight colour when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Free text at a canvas position (graph units, like node `pos`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Callout {
    pub text: String,
    pub pos: [f64; 2],
    /// `#rrggbb` background; a pale yellow when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
}

/// Why the `"annotations"` block could not be used; the message names the place.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{place}: {message}")]
pub struct AnnotationError {
    /// E.g. `annotations.paths[1].nodes[2]`.
    pub place: String,
    pub message: String,
}

impl Annotations {
    /// Reads and checks the annotations of `g`: empty when the file has none.
    pub fn read(g: &TrustGraph) -> Result<Self, AnnotationError> {
        let Some(value) = g.extra.get(KEY) else {
            return Ok(Self::default());
        };
        let a: Annotations = read_extension(KEY, value)
            .map_err(|(place, message)| AnnotationError { place, message })?;
        a.check(g)?;
        Ok(a)
    }

    /// Checks what serde cannot: node ids exist and are joined, colours are
    /// `#rrggbb`, positions are finite.
    fn check(&self, g: &TrustGraph) -> Result<(), AnnotationError> {
        for (i, p) in self.paths.iter().enumerate() {
            let place = format!("{KEY}.paths[{i}]");
            check_color(p.color.as_deref(), &place)?;
            p.resolve(g).map_err(|(place, message)| AnnotationError {
                place: format!("{KEY}.paths[{i}]{place}"),
                message,
            })?;
        }
        for (i, c) in self.callouts.iter().enumerate() {
            let place = format!("{KEY}.callouts[{i}]");
            check_color(c.color.as_deref(), &place)?;
            if !c.pos.iter().all(|v| v.is_finite()) {
                return Err(AnnotationError {
                    place: format!("{place}.pos"),
                    message: "position is not finite".into(),
                });
            }
        }
        Ok(())
    }

    /// The JSON value stored under [`KEY`]; `None` when there is nothing to
    /// store, so that an unannotated file stays free of the key.
    pub fn to_value(&self) -> Option<serde_json::Value> {
        if self.paths.is_empty() && self.callouts.is_empty() {
            return None;
        }
        serde_json::to_value(self).ok()
    }

    /// The undoable edit that stores these annotations in a graph.
    pub fn edit(&self) -> Edit {
        Edit::SetExtra {
            key: KEY.to_owned(),
            value: self.to_value(),
        }
    }
}

/// `edit`, made to keep the saved paths valid: when applying it to `g` would
/// leave a saved path naming a node that was renamed or removed, or using
/// an edge that is gone, the same undo step also updates the annotations (a
/// renamed id is followed, a path that no longer exists is dropped). The
/// saved file would otherwise be one trustpath refuses to open. Only edits
/// that remove or rename anything are tried out, on a copy of the graph.
pub fn keep_saved_paths(g: &TrustGraph, edit: Edit) -> Edit {
    // The cheap test first: most edits (moves, layouts) remove nothing, and
    // reading the annotations parses them.
    if !removes_or_renames(&edit) {
        return edit;
    }
    let saved = match Annotations::read(g) {
        Ok(a) if !a.paths.is_empty() => a,
        _ => return edit,
    };
    let mut after = g.clone();
    if edit.clone().apply(&mut after).is_err() || Annotations::read(&after).is_ok() {
        return edit;
    }
    let mut renamed = Vec::new();
    renames(&edit, &mut renamed);
    let mut kept = saved;
    for id in kept.paths.iter_mut().flat_map(|p| p.nodes.iter_mut()) {
        // In order, so a chain of renames in one batch ends at the last name.
        for (old, new) in &renamed {
            if id == old {
                id.clone_from(new);
            }
        }
    }
    kept.paths.retain(|p| p.resolve(&after).is_ok());
    Edit::Batch(vec![edit, kept.edit()])
}

/// Whether `edit` may take away a node id or an edge a saved path names.
fn removes_or_renames(edit: &Edit) -> bool {
    match edit {
        Edit::RemoveNode(_) | Edit::RemoveEdge(_) | Edit::SetNode { .. } | Edit::SetEdge { .. } => {
            true
        }
        Edit::Batch(edits) => edits.iter().any(removes_or_renames),
        _ => false,
    }
}

/// The (old id, new id) pairs of the renames in `edit`, in order.
fn renames(edit: &Edit, out: &mut Vec<(String, String)>) {
    match edit {
        Edit::SetNode { id, node } if *id != node.id => out.push((id.clone(), node.id.clone())),
        Edit::Batch(edits) => edits.iter().for_each(|e| renames(e, out)),
        _ => {}
    }
}

fn check_color(color: Option<&str>, place: &str) -> Result<(), AnnotationError> {
    match color {
        Some(c) if Rgb::parse_hex(c).is_none() => Err(AnnotationError {
            place: format!("{place}.color"),
            message: format!("colour {c:?} is not of the form #rrggbb"),
        }),
        _ => Ok(()),
    }
}

impl SavedPath {
    /// The path as analysis sees it: for each hop the most likely edge joining
    /// the two nodes in that direction. The error is (place suffix, message).
    pub fn resolve(&self, g: &TrustGraph) -> Result<TrustPath, (String, String)> {
        if self.nodes.len() < 2 {
            return Err((".nodes".into(), "a path needs at least two nodes".into()));
        }
        let mut nodes: Vec<NodeIndex> = Vec::with_capacity(self.nodes.len());
        for (j, id) in self.nodes.iter().enumerate() {
            let ix = g
                .find(id)
                .ok_or_else(|| (format!(".nodes[{j}]"), format!("no node has id {id:?}")))?;
            if nodes.contains(&ix) {
                return Err((
                    format!(".nodes[{j}]"),
                    format!("node {id:?} appears twice (a path visits each node once)"),
                ));
            }
            nodes.push(ix);
        }
        let mut edges = Vec::with_capacity(nodes.len() - 1);
        let mut likelihood = 1.0;
        for (j, hop) in nodes.windows(2).enumerate() {
            let (a, b) = (hop[0], hop[1]);
            let best = g
                .edges()
                .filter(|e| {
                    (e.from == a && e.to == b) || (e.edge.bidirectional && e.from == b && e.to == a)
                })
                .max_by(|x, y| {
                    x.edge
                        .likelihood
                        .total_cmp(&y.edge.likelihood)
                        .then(y.id.cmp(&x.id))
                })
                .ok_or_else(|| {
                    (
                        format!(".nodes[{}]", j + 1),
                        format!(
                            "no edge leads from {:?} to {:?}",
                            g.node(a).id,
                            g.node(b).id
                        ),
                    )
                })?;
            likelihood *= best.edge.likelihood;
            edges.push(best.id);
        }
        Ok(TrustPath {
            nodes,
            edges,
            likelihood,
        })
    }

    /// The highlight colour: the saved one, else the default.
    pub fn rgb(&self) -> Rgb {
        self.color
            .as_deref()
            .and_then(Rgb::parse_hex)
            .unwrap_or_else(|| crate::palette::highlight(0))
    }
}

impl Callout {
    pub fn rgb(&self) -> Rgb {
        self.color
            .as_deref()
            .and_then(Rgb::parse_hex)
            .unwrap_or(crate::palette::CALLOUT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_bytes;

    /// A small graph with `annotations` (JSON text, or "" for none) put in
    /// `extra` directly, so malformed blocks reach [`Annotations::read`].
    fn graph(annotations: &str) -> TrustGraph {
        let mut g = load_bytes(
            br#"{"version": 1, "nodes": [{"id": "a"}, {"id": "b"}, {"id": "c"}],
               "edges": [{"from": "a", "to": "b", "likelihood": 0.5},
                         {"from": "c", "to": "b", "likelihood": 0.4, "bidirectional": true}]}"#,
        )
        .unwrap();
        if !annotations.is_empty() {
            g.extra
                .insert(KEY.into(), serde_json::from_str(annotations).unwrap());
        }
        g
    }

    /// Deleting a node on a saved path drops that path in the same undo
    /// step, renaming one follows it: the file still opens afterwards, and
    /// undo brings the path back.
    #[test]
    fn saved_paths_follow_renames_and_go_with_what_they_use() {
        let g = graph(
            r#"{"paths": [{"name": "p", "nodes": ["a", "b"]}, {"name": "q", "nodes": ["c", "b"]}]}"#,
        );
        let mut renamed = g.clone();
        let mut node = g.node(g.find("b").unwrap()).clone();
        node.id = "bee".into();
        let rename = keep_saved_paths(
            &g,
            Edit::SetNode {
                id: "b".into(),
                node,
            },
        );
        rename.apply(&mut renamed).unwrap();
        let paths = Annotations::read(&renamed).unwrap().paths;
        assert_eq!(paths[0].nodes, ["a", "bee"]);
        assert_eq!(paths[1].nodes, ["c", "bee"]);

        let mut removed = g.clone();
        let undo = keep_saved_paths(&g, Edit::RemoveNode("a".into()))
            .apply(&mut removed)
            .unwrap();
        let paths = Annotations::read(&removed).unwrap().paths;
        assert_eq!(paths.len(), 1);
        assert_eq!(paths[0].name, "q");
        let text = crate::io::to_json_string(&removed);
        assert!(load_bytes(text.as_bytes()).is_ok(), "the saved file opens");
        undo.apply(&mut removed).unwrap();
        assert_eq!(Annotations::read(&removed), Annotations::read(&g));

        // Edits that leave the paths alone stay as they are.
        let moved = Edit::SetPositions(vec![("a".into(), Some([1.0, 2.0]))]);
        assert_eq!(keep_saved_paths(&g, moved.clone()), moved);
        let other = Edit::RemoveNode("c".into());
        let mut h = graph(r#"{"paths": [{"name": "p", "nodes": ["a", "b"]}]}"#);
        assert_eq!(keep_saved_paths(&h, other.clone()), other);
        other.apply(&mut h).unwrap();
    }

    #[test]
    fn files_without_annotations_read_as_empty() {
        let g = graph("");
        assert_eq!(Annotations::read(&g).unwrap(), Annotations::default());
        assert_eq!(Annotations::default().to_value(), None);
    }

    #[test]
    fn saved_path_resolves_through_a_bidirectional_edge() {
        let g = graph(
            r##"{"paths": [{"name": "p", "nodes": ["a", "b", "c"], "note": "n", "color": "#FF0000"}],
                 "callouts": [{"text": "look", "pos": [1, 2]}]}"##,
        );
        let a = Annotations::read(&g).unwrap();
        let p = a.paths[0].resolve(&g).unwrap();
        assert_eq!(p.hops(), 2);
        assert!((p.likelihood - 0.2).abs() < 1e-12);
        assert_eq!(a.paths[0].rgb(), Rgb(255, 0, 0));
        assert_eq!(a.callouts[0].pos, [1.0, 2.0]);
    }

    #[test]
    fn malformed_blocks_name_the_place() {
        let cases = [
            (r#"3"#, "annotations: invalid type"),
            (
                r#"{"paths": [{"name": "p", "nodes": ["a", 7]}]}"#,
                "annotations.paths[0].nodes[1]: invalid type",
            ),
            (
                r#"{"paths": [{"name": "p", "nodes": ["a", "zz"]}]}"#,
                "annotations.paths[0].nodes[1]: no node has id \"zz\"",
            ),
            (
                r#"{"paths": [{"name": "p", "nodes": ["b", "a"]}]}"#,
                "annotations.paths[0].nodes[1]: no edge leads from \"b\" to \"a\"",
            ),
            (
                r#"{"paths": [{"name": "p", "nodes": ["a"]}]}"#,
                "annotations.paths[0].nodes: a path needs at least two nodes",
            ),
            (
                r#"{"callouts": [{"text": "t", "pos": [0, 0], "color": "red"}]}"#,
                "annotations.callouts[0].color: colour \"red\" is not of the form #rrggbb",
            ),
            (
                r#"{"callouts": [{"text": "t"}]}"#,
                "annotations.callouts[0]: missing field `pos`",
            ),
        ];
        for (block, want) in cases {
            let g = graph(block);
            let err = Annotations::read(&g).unwrap_err().to_string();
            assert!(err.starts_with(want), "{block}\n got {err}\nwant {want}");
        }
    }

    #[test]
    fn edit_stores_and_undo_removes() {
        let mut g = graph("");
        let a = Annotations {
            callouts: vec![Callout {
                text: "t".into(),
                pos: [0.0, 1.0],
                color: None,
            }],
            ..Annotations::default()
        };
        let undo = a.edit().apply(&mut g).unwrap();
        assert_eq!(Annotations::read(&g).unwrap(), a);
        undo.apply(&mut g).unwrap();
        assert!(!g.extra.contains_key(KEY));
    }
}
