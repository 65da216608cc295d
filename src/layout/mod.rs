//! Layouts: pure functions from a graph to node positions (and, for the
//! layered layout, edge bend points; for the zone layout, zone regions).
//! No egui: the app and the CLI only write these results into the model.
//!
//! Every layout works on compact node slots `0..n` in [`TrustGraph::nodes`]
//! order; this module maps the graph onto slots and the results back, and
//! applies the rules shared by all layouts: pinned nodes keep their position
//! and no other node comes closer than [`MIN_DISTANCE`] to any node.
//! One algorithm per file: [`layered`], [`force`], [`circular`], [`zones`].

mod acyclic;
mod circular;
mod crossings;
mod force;
mod global_sift;
mod layered;
mod ordering;
mod overlap;
mod proper;
mod rank;
mod zones;

pub use crossings::bilayer_crossings;

use std::collections::HashMap;

use petgraph::stable_graph::NodeIndex;

use crate::model::{Bends, EdgeId, TrustGraph};

/// No two nodes of a computed layout are closer than this (graph units),
/// except two pinned nodes the user put closer.
pub const MIN_DISTANCE: f64 = 50.0;

/// Which drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Algorithm {
    /// Sugiyama: entries on the first layer, crown jewels on the last.
    #[default]
    Layered,
    /// Force-directed (Barnes–Hut), for clusters.
    Force,
    /// On a circle, ordered to reduce crossings.
    Circular,
    /// Each zone a labelled region with its nodes inside.
    Zones,
}

impl Algorithm {
    /// Every algorithm, in menu order.
    pub const ALL: [Algorithm; 4] = [
        Algorithm::Layered,
        Algorithm::Force,
        Algorithm::Circular,
        Algorithm::Zones,
    ];

    /// The name used on the command line and in menus.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Layered => "layered",
            Algorithm::Force => "force",
            Algorithm::Circular => "circular",
            Algorithm::Zones => "zones",
        }
    }
}

impl std::str::FromStr for Algorithm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Algorithm::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| {
                format!("unknown layout \"{s}\" (expected force, layered, circular or zones)")
            })
    }
}

/// Flow direction of the layered layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Flow {
    /// Entries on the left, crown jewels on the right.
    #[default]
    LeftToRight,
    /// Entries at the top, crown jewels at the bottom.
    TopToBottom,
}

impl Flow {
    /// The name used on the command line (`lr`, `tb`).
    pub fn name(self) -> &'static str {
        match self {
            Flow::LeftToRight => "lr",
            Flow::TopToBottom => "tb",
        }
    }
}

impl std::str::FromStr for Flow {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        [Flow::LeftToRight, Flow::TopToBottom]
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| format!("unknown flow \"{s}\" (expected lr or tb)"))
    }
}

/// What to compute.
#[derive(Clone, Debug, Default)]
pub struct LayoutOptions {
    pub algorithm: Algorithm,
    /// Direction of the layered and zone layouts (the others ignore it).
    pub flow: Flow,
    /// Seed for the randomised layouts: same seed, same drawing.
    pub seed: u64,
}

/// A labelled rectangle (zone layout): `min` and `max` corners in graph units.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    /// The zone's name (`unzoned` for nodes without one).
    pub name: String,
    pub min: [f64; 2],
    pub max: [f64; 2],
}

impl Region {
    /// Whether the region still frames its zone: every node of the zone
    /// inside it and no other node. A rename or a new likelihood leaves it
    /// so; moving a node across its border or into another zone does not.
    pub fn fits(&self, g: &TrustGraph) -> bool {
        g.nodes().all(|(_, n)| {
            let zone = if n.zone.is_empty() {
                zones::UNZONED
            } else {
                n.zone.as_str()
            };
            let inside = n.pos.is_some_and(|[x, y]| {
                (self.min[0]..=self.max[0]).contains(&x) && (self.min[1]..=self.max[1]).contains(&y)
            });
            (zone == self.name) == inside
        })
    }
}

/// What a layout computes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutResult {
    /// A position for every node (pinned nodes keep theirs).
    pub positions: Vec<(NodeIndex, [f64; 2])>,
    /// Intermediate points of edges routed around nodes, from tail to head.
    pub bends: Vec<(EdgeId, Bends)>,
    /// Zone regions, for the zone layout.
    pub regions: Vec<Region>,
}

/// Every edge's bends once `result` is applied: the route the layout drew
/// it along, or none (its old bends fit the old positions only). Lists the
/// edges that have or get bends, for [`crate::model::Edit::SetBends`] or
/// [`TrustGraph::set_bends`].
pub fn routes(g: &TrustGraph, result: &LayoutResult) -> Vec<(EdgeId, Bends)> {
    let new: HashMap<EdgeId, &Bends> = result.bends.iter().map(|(e, b)| (*e, b)).collect();
    g.edges()
        .filter_map(|e| {
            let bends = new.get(&e.id).map(|&b| b.clone()).unwrap_or_default();
            (!bends.is_empty() || !e.edge.bends.is_empty()).then_some((e.id, bends))
        })
        .collect()
}

/// The layered layout with what the drawing was built from, for callers
/// (tests, benchmarks) that check its quality.
#[derive(Clone, Debug, Default)]
pub struct Layered {
    pub result: LayoutResult,
    /// Layer of every node, 0 = first (entries).
    pub layers: Vec<(NodeIndex, u32)>,
    /// Edges drawn against their direction to break cycles, sorted.
    pub reversed: Vec<EdgeId>,
    /// Edges between two entries or two crown jewels, drawn within their
    /// layer (as an arc through one bend point), sorted.
    pub flat: Vec<EdgeId>,
    /// Crossings between neighbouring layers (dummy vertices included).
    pub crossings: u64,
}

/// The graph in compact slots, shared by every algorithm.
struct Slots {
    nodes: Vec<NodeIndex>,
    /// `(id, tail slot, head slot)` per edge, in edge order.
    edges: Vec<(EdgeId, u32, u32)>,
}

impl Slots {
    fn new(g: &TrustGraph) -> Self {
        let nodes: Vec<NodeIndex> = g.nodes().map(|(ix, _)| ix).collect();
        let mut slot = vec![0u32; g.node_bound()];
        for (i, ix) in nodes.iter().enumerate() {
            slot[ix.index()] = i as u32;
        }
        let edges = g
            .edges()
            .map(|e| (e.id, slot[e.from.index()], slot[e.to.index()]))
            .collect();
        Slots { nodes, edges }
    }

    fn layered_input(&self, g: &TrustGraph) -> layered::Input {
        layered::Input {
            n: self.nodes.len(),
            edges: self.edges.iter().map(|&(_, u, v)| (u, v)).collect(),
            entry: self.nodes.iter().map(|&ix| g.node(ix).entry).collect(),
            // A node both entry and crown jewel is drawn as an entry: it
            // cannot sit on the first and the last layer, and as both its
            // edges to other entries were drawn within a layer it was not on.
            jewel: self
                .nodes
                .iter()
                .map(|&ix| g.node(ix).crown_jewel && !g.node(ix).entry)
                .collect(),
        }
    }
}

/// Spacing of the layered drawing: labels run across the flow in LR, so
/// layers sit far apart; in TB they run along the layer, so nodes do.
fn spacing(flow: Flow) -> layered::Spacing {
    match flow {
        Flow::LeftToRight => layered::Spacing {
            layer_gap: 180.0,
            node_gap: 70.0,
        },
        Flow::TopToBottom => layered::Spacing {
            layer_gap: 110.0,
            node_gap: 180.0,
        },
    }
}

/// `[along, across]` → graph coordinates.
fn oriented(p: [f64; 2], flow: Flow) -> [f64; 2] {
    match flow {
        Flow::LeftToRight => p,
        Flow::TopToBottom => [p[1], p[0]],
    }
}

/// Lays out `g` with the algorithm in `opts`. Every node gets a finite
/// position; pinned nodes keep theirs. Deterministic for given options.
pub fn compute(g: &TrustGraph, opts: &LayoutOptions) -> LayoutResult {
    match opts.algorithm {
        Algorithm::Layered => layered(g, opts.flow).result,
        Algorithm::Force => {
            let slots = Slots::new(g);
            let pinned = pinned_positions(g, &slots);
            let input = force::Input {
                edges: slots.edges.iter().map(|&(_, u, v)| (u, v)).collect(),
                fixed: pinned.clone(),
                seed: opts.seed,
            };
            let pos = force::layout(&input);
            finish(&slots, &pinned, pos, Vec::new(), Vec::new())
        }
        Algorithm::Circular => {
            let slots = Slots::new(g);
            let pinned = pinned_positions(g, &slots);
            let edges: Vec<(u32, u32)> = slots.edges.iter().map(|&(_, u, v)| (u, v)).collect();
            let first: Vec<bool> = slots.nodes.iter().map(|&ix| g.node(ix).entry).collect();
            let pos = circular::layout(&edges, &first);
            finish(&slots, &pinned, pos, Vec::new(), Vec::new())
        }
        Algorithm::Zones => {
            let slots = Slots::new(g);
            let pinned = pinned_positions(g, &slots);
            let input = slots.layered_input(g);
            let zone: Vec<&str> = slots
                .nodes
                .iter()
                .map(|&ix| g.node(ix).zone.as_str())
                .collect();
            let z = zones::layout(&input, &zone, spacing(opts.flow), opts.flow);
            let bends = slots
                .edges
                .iter()
                .zip(z.bends)
                .map(|(&(id, ..), b)| (id, b))
                .collect();
            finish(&slots, &pinned, z.pos, bends, z.regions)
        }
    }
}

/// The layered layout, with its layers, reversed edges and crossing count.
pub fn layered(g: &TrustGraph, flow: Flow) -> Layered {
    let slots = Slots::new(g);
    let pinned = pinned_positions(g, &slots);
    let out = layered::layout(&slots.layered_input(g), spacing(flow));
    let pos = out.pos.iter().map(|&p| oriented(p, flow)).collect();
    let bends = slots
        .edges
        .iter()
        .zip(&out.bends)
        .map(|(&(id, ..), b)| (id, b.iter().map(|&p| oriented(p, flow)).collect()))
        .collect();
    let marked = |mask: &[bool]| {
        let mut ids: Vec<EdgeId> = slots
            .edges
            .iter()
            .zip(mask)
            .filter(|(_, m)| **m)
            .map(|(&(id, ..), _)| id)
            .collect();
        ids.sort_unstable();
        ids
    };
    let reversed = marked(&out.reversed);
    let flat = marked(&out.flat);
    Layered {
        layers: slots
            .nodes
            .iter()
            .copied()
            .zip(out.layer.iter().copied())
            .collect(),
        result: finish(&slots, &pinned, pos, bends, Vec::new()),
        reversed,
        flat,
        crossings: out.crossings,
    }
}

fn pinned_positions(g: &TrustGraph, slots: &Slots) -> Vec<Option<[f64; 2]>> {
    slots
        .nodes
        .iter()
        .map(|&ix| {
            let node = g.node(ix);
            if node.pinned { node.pos } else { None }
        })
        .collect()
}

/// Puts pinned nodes back, moves the others off them, and drops bends of
/// edges whose ends moved (they would no longer meet the nodes).
fn finish(
    slots: &Slots,
    pinned: &[Option<[f64; 2]>],
    mut pos: Vec<[f64; 2]>,
    mut bends: Vec<(EdgeId, Vec<[f64; 2]>)>,
    regions: Vec<Region>,
) -> LayoutResult {
    let before = pos.clone();
    for (p, fixed) in pos.iter_mut().zip(pinned) {
        if let Some(f) = fixed {
            *p = *f;
        }
    }
    let fixed: Vec<bool> = pinned.iter().map(Option::is_some).collect();
    overlap::separate(&mut pos, &fixed, MIN_DISTANCE);
    let moved: Vec<bool> = before.iter().zip(&pos).map(|(a, b)| a != b).collect();
    if moved.iter().any(|&m| m) {
        let moved_ids: std::collections::HashSet<EdgeId> = slots
            .edges
            .iter()
            .filter(|&&(_, u, v)| moved[u as usize] || moved[v as usize])
            .map(|&(id, ..)| id)
            .collect();
        for (id, b) in &mut bends {
            if moved_ids.contains(id) {
                b.clear();
            }
        }
    }
    bends.retain(|(_, b)| !b.is_empty());
    LayoutResult {
        positions: slots.nodes.iter().copied().zip(pos).collect(),
        bends,
        regions,
    }
}
