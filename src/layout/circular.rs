//! Circular layout: every node on one circle, in an order that keeps
//! neighbours close so chords stay short and cross less.
//!
//! The order starts as a depth-first traversal from the entries (neighbours
//! end up adjacent on the circle), then a few circular-barycenter passes move
//! each node towards the mean angle of its neighbours; the order with the
//! fewest chord crossings wins. Crossings are counted pairwise, so the
//! refinement is skipped on graphs with more than [`REFINE_MAX_EDGES`] edges.

use std::f64::consts::TAU;

/// Distance between neighbours on the circle, graph units.
const SPACING: f64 = 80.0;
const REFINE_MAX_EDGES: usize = 2_000;
const PASSES: usize = 8;

/// Positions for nodes `0..first.len()`; `first` marks the nodes to start
/// the traversal from (the entries).
pub(crate) fn layout(edges: &[(u32, u32)], first: &[bool]) -> Vec<[f64; 2]> {
    let n = first.len();
    let mut adj: Vec<Vec<u32>> = vec![Vec::new(); n];
    for &(u, v) in edges {
        if u != v {
            adj[u as usize].push(v);
            adj[v as usize].push(u);
        }
    }
    for a in &mut adj {
        a.sort_unstable();
        a.dedup();
    }
    let mut order = dfs_order(&adj, first);
    if edges.len() <= REFINE_MAX_EDGES {
        let mut best = crossings(&order, edges);
        let mut current = order.clone();
        for _ in 0..PASSES {
            if best == 0 {
                break;
            }
            current = barycenter_pass(&current, &adj);
            let c = crossings(&current, edges);
            if c < best {
                best = c;
                order.clone_from(&current);
            }
        }
    }
    let radius = (n as f64 * SPACING / TAU).max(SPACING);
    let mut pos = vec![[0.0; 2]; n];
    for (i, &v) in order.iter().enumerate() {
        // Start on the left, so the first entry sits where reading starts.
        let a = std::f64::consts::PI + TAU * i as f64 / n as f64;
        pos[v as usize] = [radius * a.cos(), radius * a.sin()];
    }
    pos
}

fn dfs_order(adj: &[Vec<u32>], first: &[bool]) -> Vec<u32> {
    let n = adj.len();
    let mut seen = vec![false; n];
    let mut order = Vec::with_capacity(n);
    let starts = (0..n as u32)
        .filter(|&v| first[v as usize])
        .chain(0..n as u32);
    let mut stack = Vec::new();
    for s in starts {
        stack.push(s);
        while let Some(v) = stack.pop() {
            if std::mem::replace(&mut seen[v as usize], true) {
                continue;
            }
            order.push(v);
            stack.extend(adj[v as usize].iter().rev().filter(|&&w| !seen[w as usize]));
        }
    }
    order
}

/// Re-sorts nodes by the circular mean angle of their neighbours.
fn barycenter_pass(order: &[u32], adj: &[Vec<u32>]) -> Vec<u32> {
    let n = order.len();
    let mut slot = vec![0usize; n];
    for (i, &v) in order.iter().enumerate() {
        slot[v as usize] = i;
    }
    let angle = |i: usize| TAU * i as f64 / n as f64;
    let mut keyed: Vec<(f64, usize, u32)> = order
        .iter()
        .enumerate()
        .map(|(i, &v)| {
            let (s, c) = adj[v as usize].iter().fold((0.0, 0.0), |(s, c), &w| {
                let a = angle(slot[w as usize]);
                (s + a.sin(), c + a.cos())
            });
            let key = if s == 0.0 && c == 0.0 {
                angle(i)
            } else {
                // Halfway between own place and neighbours' mean, so the
                // circle does not collapse onto one side.
                let mean = s.atan2(c).rem_euclid(TAU);
                let own = angle(i);
                let mut diff = mean - own;
                if diff > TAU / 2.0 {
                    diff -= TAU;
                } else if diff < -TAU / 2.0 {
                    diff += TAU;
                }
                (own + diff / 2.0).rem_euclid(TAU)
            };
            (key, i, v)
        })
        .collect();
    keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    keyed.into_iter().map(|k| k.2).collect()
}

/// Pairs of chords that cross inside the circle (shared ends never cross).
pub(crate) fn crossings(order: &[u32], edges: &[(u32, u32)]) -> u64 {
    let mut slot = vec![0usize; order.len()];
    for (i, &v) in order.iter().enumerate() {
        slot[v as usize] = i;
    }
    let mut chords: Vec<(usize, usize)> = edges
        .iter()
        .filter(|(u, v)| u != v)
        .map(|&(u, v)| {
            let (a, b) = (slot[u as usize], slot[v as usize]);
            (a.min(b), a.max(b))
        })
        .collect();
    chords.sort_unstable();
    chords.dedup();
    let mut c = 0;
    for (i, &(a, b)) in chords.iter().enumerate() {
        for &(x, y) in &chords[i + 1..] {
            if x >= b {
                break;
            }
            if x > a && x < b && (y > b || y < a) {
                c += 1;
            }
        }
    }
    c
}
