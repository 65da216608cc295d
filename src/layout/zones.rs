//! Zone layout: one labelled rectangle per trust zone, each holding a layered
//! drawing of its own nodes, zones placed along the flow in the order an
//! attacker meets them (by the mean layer of their nodes in the layered
//! layering of the whole graph), so entry zones come first and crown-jewel
//! zones last. Edges inside a zone keep their bend points; edges between
//! zones are drawn straight.

use super::layered::{self, Input, Spacing};
use super::{Flow, Region};

/// Name of the region for nodes without a zone.
pub const UNZONED: &str = "unzoned";
/// Margin between a zone's nodes and its border.
const PADDING: f64 = 60.0;
/// Extra room above the nodes for the zone's name.
const TITLE: f64 = 30.0;
/// Between neighbouring zones.
const ZONE_GAP: f64 = 80.0;

pub(crate) struct Zoned {
    pub pos: Vec<[f64; 2]>,
    /// Per input edge, tail to head.
    pub bends: Vec<Vec<[f64; 2]>>,
    pub regions: Vec<Region>,
}

pub(crate) fn layout(input: &Input, zone: &[&str], spacing: Spacing, flow: Flow) -> Zoned {
    let n = input.n;
    let whole = layered::layout(input, spacing);
    let mut names: Vec<&str> = zone
        .iter()
        .map(|z| if z.is_empty() { UNZONED } else { z })
        .collect();
    let zone_of = names.clone();
    names.sort_unstable();
    names.dedup();
    let mut order: Vec<(f64, &str)> = names
        .iter()
        .map(|&name| {
            let layers: Vec<f64> = (0..n)
                .filter(|&v| zone_of[v] == name)
                .map(|v| f64::from(whole.layer[v]))
                .collect();
            (layers.iter().sum::<f64>() / layers.len() as f64, name)
        })
        .collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));

    let mut pos = vec![[0.0; 2]; n];
    let mut bends = vec![Vec::new(); input.edges.len()];
    let mut regions = Vec::with_capacity(order.len());
    // Where along the flow the next zone starts.
    let mut at = 0.0;
    for (_, name) in order {
        let members: Vec<usize> = (0..n).filter(|&v| zone_of[v] == name).collect();
        let mut local = vec![u32::MAX; n];
        for (i, &v) in members.iter().enumerate() {
            local[v] = i as u32;
        }
        let inner_edges: Vec<usize> = (0..input.edges.len())
            .filter(|&e| {
                let (u, v) = input.edges[e];
                local[u as usize] != u32::MAX && local[v as usize] != u32::MAX
            })
            .collect();
        let sub = Input {
            n: members.len(),
            edges: inner_edges
                .iter()
                .map(|&e| {
                    let (u, v) = input.edges[e];
                    (local[u as usize], local[v as usize])
                })
                .collect(),
            entry: members.iter().map(|&v| input.entry[v]).collect(),
            jewel: members.iter().map(|&v| input.jewel[v]).collect(),
        };
        let inner = layered::layout(&sub, spacing);
        let extent = |axis: usize| inner.pos.iter().map(|p| p[axis]).fold(0.0_f64, f64::max);
        let (along_len, across_len) = (extent(0), extent(1));
        // Inner frame is [along, across]; shift along by `at`, leave room
        // for the title across.
        let place = |p: [f64; 2]| {
            let q = [at + PADDING + p[0], TITLE + PADDING + p[1]];
            match flow {
                Flow::LeftToRight => q,
                Flow::TopToBottom => [q[1], q[0]],
            }
        };
        for (i, &v) in members.iter().enumerate() {
            pos[v] = place(inner.pos[i]);
        }
        for (k, &e) in inner_edges.iter().enumerate() {
            bends[e] = inner.bends[k].iter().map(|&p| place(p)).collect();
        }
        let lo = [at, 0.0];
        let hi = [
            at + 2.0 * PADDING + along_len,
            TITLE + 2.0 * PADDING + across_len,
        ];
        let (min, max) = match flow {
            Flow::LeftToRight => (lo, hi),
            Flow::TopToBottom => ([lo[1], lo[0]], [hi[1], hi[0]]),
        };
        regions.push(Region {
            name: name.to_string(),
            min,
            max,
        });
        at = hi[0] + ZONE_GAP;
    }
    Zoned {
        pos,
        bends,
        regions,
    }
}
