//! Layouts: pure functions from a graph to node positions (and, for the
//! layered layout, edge bend points; for the zone layout, zone regions).
//! No egui: the app and the CLI only write these results into the model.

use petgraph::stable_graph::NodeIndex;

use crate::model::{EdgeId, TrustGraph};

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
    #[default]
    LeftToRight,
    TopToBottom,
}

#[derive(Clone, Debug, Default)]
pub struct LayoutOptions {
    pub algorithm: Algorithm,
    pub flow: Flow,
    /// Seed for the randomised layouts: same seed, same drawing.
    pub seed: u64,
}

/// A labelled rectangle (zone layout): `min` and `max` corners in graph units.
#[derive(Clone, Debug, PartialEq)]
pub struct Region {
    pub name: String,
    pub min: [f64; 2],
    pub max: [f64; 2],
}

/// What a layout computes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LayoutResult {
    /// A position for every node (pinned nodes keep theirs).
    pub positions: Vec<(NodeIndex, [f64; 2])>,
    /// Intermediate points of edges routed around nodes, from tail to head.
    pub bends: Vec<(EdgeId, Vec<[f64; 2]>)>,
    /// Zone regions, for the zone layout.
    pub regions: Vec<Region>,
}

/// Lays out `g`. Placeholder until the real layouts land: nodes on a circle.
pub fn compute(g: &TrustGraph, opts: &LayoutOptions) -> LayoutResult {
    let _ = opts;
    let n = g.node_count().max(1) as f64;
    let radius = 40.0 * n;
    let positions = g
        .nodes()
        .enumerate()
        .map(|(i, (ix, node))| {
            let pos = match node.pos {
                Some(p) if node.pinned => p,
                _ => {
                    let a = std::f64::consts::TAU * i as f64 / n;
                    [radius * a.cos(), radius * a.sin()]
                }
            };
            (ix, pos)
        })
        .collect();
    LayoutResult {
        positions,
        ..LayoutResult::default()
    }
}
