//! The trust graph: components (nodes) and the trust between them (edges).
//!
//! Owns identity (string ids for nodes, stable [`EdgeId`]s for edges) and the
//! invariants every other module relies on: ids are unique and non-empty,
//! every edge joins two existing nodes, likelihoods lie in (0, 1].
//! Must not import egui or any file format: `io` maps files onto this model.

mod edit;
mod history;

pub use edit::Edit;
pub use history::History;

use std::collections::HashMap;

use petgraph::Direction;
use petgraph::stable_graph::{EdgeIndex, NodeIndex, StableDiGraph};
use petgraph::visit::{EdgeRef, IntoEdgeReferences, NodeIndexable};
use serde_json::{Map, Value};

/// Keys of a file object that trustpath does not model, kept verbatim so that a
/// load/save round trip loses nothing.
pub type Extra = Map<String, Value>;

/// Reads the extension block a file keeps under `key` (the annotations, the
/// scenarios) as a `T`. On failure: the place in the file, e.g.
/// `scenarios[0].cut_edges[1].index`, and what is wrong there.
pub fn read_extension<T: serde::de::DeserializeOwned>(
    key: &str,
    value: &Value,
) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let place = match e.path().to_string().as_str() {
            "." => key.to_owned(),
            p if p.starts_with('[') => format!("{key}{p}"),
            p => format!("{key}.{p}"),
        };
        (place, e.into_inner().to_string())
    })
}

/// A component of the estate: a directory, a VPN, a CI system, a PLC…
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// Unique, non-empty; what edges and the CLI refer to.
    pub id: String,
    /// Human name; equals `id` when the file gives none.
    pub label: String,
    /// Component kind (`endpoint`, `identity`, `ot`…); empty when unknown.
    pub kind: String,
    /// Trust zone (`corporate`, `dmz`, `ot`…); empty when unknown.
    pub zone: String,
    /// Where an attacker may start.
    pub entry: bool,
    /// What an attacker wants.
    pub crown_jewel: bool,
    pub tags: Vec<String>,
    pub notes: String,
    /// Canvas position in graph units, when the file or a layout set one.
    pub pos: Option<[f64; 2]>,
    /// Layouts leave a pinned node where it is (format v1 extension `"pinned": true`).
    pub pinned: bool,
    pub extra: Extra,
}

impl Node {
    /// A node with only an id; every other attribute at its default.
    pub fn new(id: impl Into<String>) -> Self {
        let id = id.into();
        Self {
            label: id.clone(),
            id,
            kind: String::new(),
            zone: String::new(),
            entry: false,
            crown_jewel: false,
            tags: Vec::new(),
            notes: String::new(),
            pos: None,
            pinned: false,
            extra: Extra::new(),
        }
    }
}

/// Identity of an edge that survives removal and re-insertion (undo), unlike
/// petgraph's `EdgeIndex`, whose slots are reused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EdgeId(pub u64);

/// Bend points of a drawn edge, tail to head (see [`Edge::bends`]).
pub type Bends = Vec<[f64; 2]>;

/// A trust relation: holding `from` gives a chance of gaining `to`.
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    /// `credential`, `network`, `admin`, `data-flow`, `supply-chain`…; empty when unknown.
    pub kind: String,
    pub label: String,
    /// Chance in (0, 1] that an attacker holding `from` gains `to` over this edge.
    pub likelihood: f64,
    /// The trust runs both ways: behaves as two directed edges with the same attributes.
    pub bidirectional: bool,
    pub notes: String,
    /// Bend points of the drawn edge, tail to head, in the nodes' frame;
    /// empty for a straight line. A layout sets them (the layered one
    /// routes long edges around nodes); moving either end clears them,
    /// since they fit only the positions they were made for.
    pub bends: Bends,
    pub extra: Extra,
}

impl Default for Edge {
    fn default() -> Self {
        Self {
            kind: String::new(),
            label: String::new(),
            likelihood: 1.0,
            bidirectional: false,
            notes: String::new(),
            bends: Vec::new(),
            extra: Extra::new(),
        }
    }
}

/// An edge taken out of the graph with its node's removal: id, endpoint ids
/// and attributes, all that is needed to put it back.
pub type DetachedEdge = (EdgeId, String, String, Edge);

/// Edge weight stored in the petgraph graph: the attributes plus the stable id.
#[derive(Clone, Debug, PartialEq)]
struct StoredEdge {
    id: EdgeId,
    edge: Edge,
}

/// Why an edit to the model was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelError {
    #[error("node id must not be empty")]
    EmptyId,
    #[error("duplicate node id \"{0}\"")]
    DuplicateId(String),
    #[error("no node with id \"{0}\"")]
    UnknownNode(String),
    #[error("no edge {0:?}")]
    UnknownEdge(EdgeId),
    #[error("likelihood {0} is outside (0, 1]")]
    BadLikelihood(f64),
    #[error("position of node \"{0}\" is not finite")]
    BadPosition(String),
    #[error("a bend point of edge {0:?} is not finite")]
    BadBend(EdgeId),
}

/// `true` when `l` is a valid likelihood: a number in (0, 1].
pub fn is_valid_likelihood(l: f64) -> bool {
    l > 0.0 && l <= 1.0
}

/// An edge as seen from outside: its id, endpoints and attributes.
#[derive(Clone, Copy, Debug)]
pub struct EdgeRefView<'a> {
    pub id: EdgeId,
    pub index: EdgeIndex,
    pub from: NodeIndex,
    pub to: NodeIndex,
    pub edge: &'a Edge,
}

/// The whole model of one file.
#[derive(Clone, Debug, Default)]
pub struct TrustGraph {
    pub title: String,
    pub description: String,
    /// Unknown top-level keys of the file.
    pub extra: Extra,
    graph: StableDiGraph<Node, StoredEdge>,
    by_id: HashMap<String, NodeIndex>,
    edge_index: HashMap<EdgeId, EdgeIndex>,
    next_edge_id: u64,
}

impl PartialEq for TrustGraph {
    /// Equal when title, description, extras, nodes (in order) and edges (in
    /// order, with endpoints by id) are equal; petgraph slots do not matter.
    fn eq(&self, other: &Self) -> bool {
        let edges = |g: &TrustGraph| {
            g.edges()
                .map(|e| {
                    (
                        g.node(e.from).id.clone(),
                        g.node(e.to).id.clone(),
                        e.edge.clone(),
                    )
                })
                .collect::<Vec<_>>()
        };
        self.title == other.title
            && self.description == other.description
            && self.extra == other.extra
            && self
                .nodes()
                .map(|(_, n)| n)
                .eq(other.nodes().map(|(_, n)| n))
            && edges(self) == edges(other)
    }
}

impl TrustGraph {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Adds a node; refuses an empty or duplicate id or a non-finite position.
    pub fn add_node(&mut self, node: Node) -> Result<NodeIndex, ModelError> {
        Self::check_node(&node)?;
        if self.by_id.contains_key(&node.id) {
            return Err(ModelError::DuplicateId(node.id));
        }
        let id = node.id.clone();
        let ix = self.graph.add_node(node);
        self.by_id.insert(id, ix);
        Ok(ix)
    }

    fn check_node(node: &Node) -> Result<(), ModelError> {
        if node.id.is_empty() {
            return Err(ModelError::EmptyId);
        }
        if node
            .pos
            .is_some_and(|[x, y]| !x.is_finite() || !y.is_finite())
        {
            return Err(ModelError::BadPosition(node.id.clone()));
        }
        Ok(())
    }

    /// Adds an edge with a fresh id.
    pub fn add_edge(
        &mut self,
        from: NodeIndex,
        to: NodeIndex,
        edge: Edge,
    ) -> Result<EdgeId, ModelError> {
        let id = EdgeId(self.next_edge_id);
        self.insert_edge(id, from, to, edge)?;
        Ok(id)
    }

    /// Adds an edge under a given id (used by undo to restore a removed edge).
    pub(crate) fn insert_edge(
        &mut self,
        id: EdgeId,
        from: NodeIndex,
        to: NodeIndex,
        edge: Edge,
    ) -> Result<(), ModelError> {
        if !is_valid_likelihood(edge.likelihood) {
            return Err(ModelError::BadLikelihood(edge.likelihood));
        }
        for ix in [from, to] {
            if !self.graph.contains_node(ix) {
                return Err(ModelError::UnknownNode(format!("#{}", ix.index())));
            }
        }
        let index = self.graph.add_edge(from, to, StoredEdge { id, edge });
        self.edge_index.insert(id, index);
        self.next_edge_id = self.next_edge_id.max(id.0 + 1);
        Ok(())
    }

    /// Removes a node and its edges; returns them so the removal can be undone.
    pub fn remove_node(&mut self, ix: NodeIndex) -> Option<(Node, Vec<DetachedEdge>)> {
        let edges: Vec<_> = self
            .graph
            .edges_directed(ix, Direction::Outgoing)
            .chain(self.graph.edges_directed(ix, Direction::Incoming))
            .map(|e| e.weight().id)
            .collect();
        let mut removed = Vec::new();
        for id in edges {
            if let Some((from, to, edge)) = self.remove_edge(id) {
                removed.push((id, from, to, edge));
            }
        }
        let node = self.graph.remove_node(ix)?;
        self.by_id.remove(&node.id);
        removed.sort_by_key(|(id, ..)| *id);
        Some((node, removed))
    }

    /// Removes an edge; returns its endpoints' ids and attributes.
    pub fn remove_edge(&mut self, id: EdgeId) -> Option<(String, String, Edge)> {
        let index = self.edge_index.remove(&id)?;
        let (from, to) = self.graph.edge_endpoints(index)?;
        let stored = self.graph.remove_edge(index)?;
        Some((
            self.graph[from].id.clone(),
            self.graph[to].id.clone(),
            stored.edge,
        ))
    }

    /// Replaces a node's attributes (its id too, if no other node has the new one).
    pub fn set_node(&mut self, ix: NodeIndex, node: Node) -> Result<Node, ModelError> {
        Self::check_node(&node)?;
        let old_id = self
            .graph
            .node_weight(ix)
            .ok_or_else(|| ModelError::UnknownNode(format!("#{}", ix.index())))?
            .id
            .clone();
        if node.id != old_id {
            if self.by_id.contains_key(&node.id) {
                return Err(ModelError::DuplicateId(node.id));
            }
            self.by_id.remove(&old_id);
            self.by_id.insert(node.id.clone(), ix);
        }
        Ok(std::mem::replace(&mut self.graph[ix], node))
    }

    /// Replaces an edge's attributes; returns the old ones.
    pub fn set_edge(&mut self, id: EdgeId, edge: Edge) -> Result<Edge, ModelError> {
        if !is_valid_likelihood(edge.likelihood) {
            return Err(ModelError::BadLikelihood(edge.likelihood));
        }
        let index = *self
            .edge_index
            .get(&id)
            .ok_or(ModelError::UnknownEdge(id))?;
        Ok(std::mem::replace(&mut self.graph[index].edge, edge))
    }

    /// The node with this id.
    pub fn find(&self, id: &str) -> Option<NodeIndex> {
        self.by_id.get(id).copied()
    }

    /// The node at `ix`. Panics if there is none: indices come from this graph.
    pub fn node(&self, ix: NodeIndex) -> &Node {
        &self.graph[ix]
    }

    pub fn node_opt(&self, ix: NodeIndex) -> Option<&Node> {
        self.graph.node_weight(ix)
    }

    /// Sets (or clears) a node's position; refuses non-finite coordinates.
    pub fn set_pos(&mut self, ix: NodeIndex, pos: Option<[f64; 2]>) -> Result<(), ModelError> {
        let node = self
            .graph
            .node_weight_mut(ix)
            .ok_or_else(|| ModelError::UnknownNode(format!("#{}", ix.index())))?;
        if pos.is_some_and(|[x, y]| !x.is_finite() || !y.is_finite()) {
            return Err(ModelError::BadPosition(node.id.clone()));
        }
        node.pos = pos;
        Ok(())
    }

    /// Sets an edge's bend points; returns the old ones. Refuses
    /// non-finite coordinates.
    pub fn set_bends(&mut self, id: EdgeId, bends: Bends) -> Result<Bends, ModelError> {
        let index = *self
            .edge_index
            .get(&id)
            .ok_or(ModelError::UnknownEdge(id))?;
        if bends.iter().flatten().any(|c| !c.is_finite()) {
            return Err(ModelError::BadBend(id));
        }
        Ok(std::mem::replace(&mut self.graph[index].edge.bends, bends))
    }

    pub fn edge(&self, id: EdgeId) -> Option<EdgeRefView<'_>> {
        let index = *self.edge_index.get(&id)?;
        let (from, to) = self.graph.edge_endpoints(index)?;
        Some(EdgeRefView {
            id,
            index,
            from,
            to,
            edge: &self.graph[index].edge,
        })
    }

    /// Nodes in insertion order (petgraph index order).
    pub fn nodes(&self) -> impl Iterator<Item = (NodeIndex, &Node)> + '_ {
        self.graph.node_indices().map(|ix| (ix, &self.graph[ix]))
    }

    /// Edges in index order.
    pub fn edges(&self) -> impl Iterator<Item = EdgeRefView<'_>> + '_ {
        self.graph.edge_references().map(|e| EdgeRefView {
            id: e.weight().id,
            index: e.id(),
            from: e.source(),
            to: e.target(),
            edge: &e.weight().edge,
        })
    }

    /// Edges leaving or entering `ix`.
    pub fn edges_of(
        &self,
        ix: NodeIndex,
        dir: Direction,
    ) -> impl Iterator<Item = EdgeRefView<'_>> + '_ {
        self.graph.edges_directed(ix, dir).map(|e| EdgeRefView {
            id: e.weight().id,
            index: e.id(),
            from: e.source(),
            to: e.target(),
            edge: &e.weight().edge,
        })
    }

    /// One past the largest node index in use: the length of a per-node array.
    pub fn node_bound(&self) -> usize {
        self.graph.node_bound()
    }

    /// Nodes marked as entry points, in node order.
    pub fn entries(&self) -> Vec<NodeIndex> {
        self.nodes()
            .filter(|(_, n)| n.entry)
            .map(|(ix, _)| ix)
            .collect()
    }

    /// Nodes marked as crown jewels, in node order.
    pub fn crown_jewels(&self) -> Vec<NodeIndex> {
        self.nodes()
            .filter(|(_, n)| n.crown_jewel)
            .map(|(ix, _)| ix)
            .collect()
    }

    /// Distinct non-empty values of a node attribute (kinds, zones), sorted.
    pub fn distinct(&self, attr: impl Fn(&Node) -> &str) -> Vec<String> {
        let mut v: Vec<String> = self
            .nodes()
            .map(|(_, n)| attr(n))
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// Distinct non-empty edge kinds, sorted.
    pub fn edge_kinds(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .edges()
            .map(|e| e.edge.kind.clone())
            .filter(|s| !s.is_empty())
            .collect();
        v.sort();
        v.dedup();
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_duplicate_and_empty_ids() {
        let mut g = TrustGraph::new();
        g.add_node(Node::new("a")).unwrap();
        assert_eq!(
            g.add_node(Node::new("a")),
            Err(ModelError::DuplicateId("a".into()))
        );
        assert_eq!(g.add_node(Node::new("")), Err(ModelError::EmptyId));
    }

    #[test]
    fn edge_ids_survive_remove_and_restore() {
        let mut g = TrustGraph::new();
        let a = g.add_node(Node::new("a")).unwrap();
        let b = g.add_node(Node::new("b")).unwrap();
        let e = g.add_edge(a, b, Edge::default()).unwrap();
        let (_, _, edge) = g.remove_edge(e).unwrap();
        g.insert_edge(e, a, b, edge).unwrap();
        assert_eq!(g.edge(e).unwrap().from, a);
        assert_eq!(g.add_edge(b, a, Edge::default()).unwrap(), EdgeId(1));
    }

    #[test]
    fn refuses_bad_likelihood() {
        let mut g = TrustGraph::new();
        let a = g.add_node(Node::new("a")).unwrap();
        for l in [0.0, -1.0, 1.5, f64::NAN] {
            let edge = Edge {
                likelihood: l,
                ..Edge::default()
            };
            assert!(g.add_edge(a, a, edge).is_err());
        }
    }
}
