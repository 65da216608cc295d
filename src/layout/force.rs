//! Force-directed layout (Fruchterman–Reingold forces) with a Barnes–Hut
//! quadtree, so one iteration costs O(n log n) instead of the O(n²) of
//! egui_graphs' own force layout.
//!
//! Written here because no maintained crate fits: `fdg` and `forceatlas2`
//! crates are either O(n²), unmaintained, or float-nondeterministic across
//! threads. Deterministic: the initial placement comes from a ChaCha RNG
//! seeded by the caller, and each node's force is summed by one thread in a
//! fixed order (rayon only splits the nodes between threads).
//! Converges by a geometric cooling schedule that caps each step; pinned
//! nodes exert forces but never move.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;

/// Ideal edge length, graph units.
const IDEAL: f64 = 90.0;
/// Barnes–Hut opening angle: a cell this small relative to its distance is
/// treated as one body.
const THETA: f64 = 1.2;
/// Pull towards the centre, so disconnected parts stay near each other.
const GRAVITY: f64 = 0.02;
/// Area per node below which the finished drawing is scaled up: a square
/// of side 0.8 × the ideal edge length.
const SPREAD_AREA: f64 = IDEAL * IDEAL * 0.64;
/// A cell with at most this many bodies is not split further.
const LEAF_SIZE: usize = 8;

/// The graph as the force layout sees it: nodes `0..fixed.len()`.
#[derive(Clone, Debug)]
pub(crate) struct Input {
    pub edges: Vec<(u32, u32)>,
    /// Pinned nodes' positions.
    pub fixed: Vec<Option<[f64; 2]>>,
    pub seed: u64,
}

/// Iterations: small graphs get many (cheap, and they are looked at
/// closely); large ones fewer, which the cooling schedule accounts for.
fn iterations(n: usize) -> usize {
    if n <= 2_000 {
        300
    } else {
        ((300.0 * (2_000.0 / n as f64).sqrt()) as usize).max(40)
    }
}

/// Lays out the graph; returns a position per node.
pub(crate) fn layout(input: &Input) -> Vec<[f64; 2]> {
    let n = input.fixed.len();
    if n == 0 {
        return Vec::new();
    }
    let side = IDEAL * (n as f64).sqrt();
    let mut rng = ChaCha8Rng::seed_from_u64(input.seed);
    let mut pos: Vec<[f64; 2]> = input
        .fixed
        .iter()
        .map(|f| {
            let r = [rng.random::<f64>() - 0.5, rng.random::<f64>() - 0.5];
            f.unwrap_or([r[0] * side, r[1] * side])
        })
        .collect();
    // CSR adjacency, both directions: attraction is symmetric.
    let mut start = vec![0usize; n + 1];
    for &(u, v) in &input.edges {
        if u != v {
            start[u as usize + 1] += 1;
            start[v as usize + 1] += 1;
        }
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut adj = vec![0u32; start[n]];
    for &(u, v) in &input.edges {
        if u != v {
            adj[fill[u as usize]] = v;
            fill[u as usize] += 1;
            adj[fill[v as usize]] = u;
            fill[v as usize] += 1;
        }
    }
    let iters = iterations(n);
    let t_start = side * 0.1;
    let t_end = IDEAL * 0.02;
    let cooling = (t_end / t_start).powf(1.0 / iters as f64);
    let mut temperature = t_start;
    let k2 = IDEAL * IDEAL;
    for _ in 0..iters {
        let tree = QuadTree::build(&pos);
        let moved: Vec<[f64; 2]> = (0..n)
            .into_par_iter()
            .map_init(Vec::new, |stack, i| {
                if input.fixed[i].is_some() {
                    return pos[i];
                }
                let p = pos[i];
                let [mut fx, mut fy] = tree.repulsion(i, p, &pos, k2, stack);
                for &j in &adj[start[i]..start[i + 1]] {
                    let q = pos[j as usize];
                    let (dx, dy) = (q[0] - p[0], q[1] - p[1]);
                    let d = (dx * dx + dy * dy).sqrt();
                    fx += dx * d / IDEAL;
                    fy += dy * d / IDEAL;
                }
                fx -= GRAVITY * p[0];
                fy -= GRAVITY * p[1];
                let len = (fx * fx + fy * fy).sqrt();
                if len < 1e-12 || !len.is_finite() {
                    return p;
                }
                let step = len.min(temperature) / len;
                [p[0] + fx * step, p[1] + fy * step]
            })
            .collect();
        pos = moved;
        temperature *= cooling;
    }
    spread(&mut pos, &input.fixed);
    pos
}

/// Scales the free nodes about their median so the densest part of the
/// drawing has at least `SPREAD_AREA` per node. Large graphs get too few
/// iterations to expand fully after the edges first pull them together, and
/// a uniform scale keeps the shape while leaving the overlap removal little
/// to do (it took ~40 rounds at 100k nodes without this).
fn spread(pos: &mut [[f64; 2]], fixed: &[Option<[f64; 2]>]) {
    let free: Vec<usize> = (0..pos.len()).filter(|&i| fixed[i].is_none()).collect();
    if free.len() < 20 {
        return;
    }
    let quantiles = |axis: usize| {
        let mut v: Vec<f64> = free.iter().map(|&i| pos[i][axis]).collect();
        v.sort_by(f64::total_cmp);
        let k = v.len() / 20;
        (v[k], v[v.len() / 2], v[v.len() - 1 - k])
    };
    let (x_lo, x_mid, x_hi) = quantiles(0);
    let (y_lo, y_mid, y_hi) = quantiles(1);
    // The 5–95% box of each axis holds about 0.9 × 0.9 of the nodes.
    let area = (x_hi - x_lo) * (y_hi - y_lo) / (0.81 * free.len() as f64);
    if area.is_nan() || area <= 0.0 || area >= SPREAD_AREA {
        return;
    }
    let scale = (SPREAD_AREA / area).sqrt();
    for &i in &free {
        pos[i] = [
            x_mid + (pos[i][0] - x_mid) * scale,
            y_mid + (pos[i][1] - y_mid) * scale,
        ];
    }
}

/// A Barnes–Hut quadtree over a snapshot of the positions. Cells are stored
/// flat; leaves own a range of `order`, the bodies sorted by cell.
struct QuadTree {
    cells: Vec<Cell>,
    order: Vec<u32>,
}

struct Cell {
    /// Centre of mass.
    com: [f64; 2],
    mass: f64,
    /// Side length of the square.
    size: f64,
    /// Children (`u32::MAX` when empty); all empty for a leaf.
    children: [u32; 4],
    /// The bodies of a leaf, as a range of `order`.
    range: (u32, u32),
}

impl QuadTree {
    fn build(pos: &[[f64; 2]]) -> Self {
        let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
        for p in pos {
            for a in 0..2 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
        let size = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1.0);
        let mut tree = QuadTree {
            cells: Vec::with_capacity(pos.len() / 2 + 1),
            order: (0..pos.len() as u32).collect(),
        };
        tree.split(pos, 0, pos.len(), lo, size, 0);
        tree
    }

    /// Builds the cell for `order[from..to]` inside the square at `corner`.
    fn split(
        &mut self,
        pos: &[[f64; 2]],
        from: usize,
        to: usize,
        corner: [f64; 2],
        size: f64,
        depth: u32,
    ) -> u32 {
        let id = self.cells.len() as u32;
        self.cells.push(Cell {
            com: [0.0; 2],
            mass: 0.0,
            size,
            children: [u32::MAX; 4],
            range: (from as u32, to as u32),
        });
        // Depth is capped so coincident bodies end in one leaf.
        if to - from <= LEAF_SIZE || depth >= 40 {
            let (mut sx, mut sy) = (0.0, 0.0);
            for &b in &self.order[from..to] {
                sx += pos[b as usize][0];
                sy += pos[b as usize][1];
            }
            let m = (to - from) as f64;
            let cell = &mut self.cells[id as usize];
            cell.com = [sx / m, sy / m];
            cell.mass = m;
            return id;
        }
        let half = size / 2.0;
        let mid = [corner[0] + half, corner[1] + half];
        let slice = &mut self.order[from..to];
        let split_x = partition(slice, |b| pos[b as usize][0] < mid[0]);
        let split_lo = partition(&mut slice[..split_x], |b| pos[b as usize][1] < mid[1]);
        let split_hi = partition(&mut slice[split_x..], |b| pos[b as usize][1] < mid[1]);
        let bounds = [
            (from, from + split_lo, corner),
            (from + split_lo, from + split_x, [corner[0], mid[1]]),
            (
                from + split_x,
                from + split_x + split_hi,
                [mid[0], corner[1]],
            ),
            (from + split_x + split_hi, to, mid),
        ];
        let (mut sx, mut sy, mut m) = (0.0, 0.0, 0.0);
        let mut children = [u32::MAX; 4];
        for (q, &(a, b, c)) in bounds.iter().enumerate() {
            if a < b {
                let child = self.split(pos, a, b, c, half, depth + 1);
                let cell = &self.cells[child as usize];
                sx += cell.com[0] * cell.mass;
                sy += cell.com[1] * cell.mass;
                m += cell.mass;
                children[q] = child;
            }
        }
        let cell = &mut self.cells[id as usize];
        cell.children = children;
        cell.com = [sx / m, sy / m];
        cell.mass = m;
        id
    }

    /// Repulsive force k²/d on body `i` at `p` from all other bodies.
    fn repulsion(
        &self,
        i: usize,
        p: [f64; 2],
        pos: &[[f64; 2]],
        k2: f64,
        stack: &mut Vec<u32>,
    ) -> [f64; 2] {
        let (mut fx, mut fy) = (0.0, 0.0);
        let mut push = |dx: f64, dy: f64, mass: f64, salt: usize| {
            let d2 = dx * dx + dy * dy;
            if d2 < 1e-6 {
                // Coincident bodies: a fixed direction per pair separates them.
                let a = (i * 7919 + salt * 104_729) as f64;
                fx += a.cos() * IDEAL * mass;
                fy += a.sin() * IDEAL * mass;
            } else {
                let f = k2 * mass / d2;
                fx += dx * f;
                fy += dy * f;
            }
        };
        stack.clear();
        stack.push(0);
        while let Some(c) = stack.pop() {
            let cell = &self.cells[c as usize];
            let leaf = cell.children == [u32::MAX; 4];
            let (dx, dy) = (p[0] - cell.com[0], p[1] - cell.com[1]);
            let d2 = dx * dx + dy * dy;
            if leaf {
                for &b in &self.order[cell.range.0 as usize..cell.range.1 as usize] {
                    let b = b as usize;
                    if b != i {
                        push(p[0] - pos[b][0], p[1] - pos[b][1], 1.0, b);
                    }
                }
            } else if cell.size * cell.size < THETA * THETA * d2 {
                push(dx, dy, cell.mass, c as usize);
            } else {
                stack.extend(cell.children.iter().filter(|&&ch| ch != u32::MAX));
            }
        }
        [fx, fy]
    }
}

/// Moves the items satisfying `pred` to the front; returns how many there
/// are. Unstable, but deterministic.
fn partition(items: &mut [u32], pred: impl Fn(u32) -> bool) -> usize {
    let mut split = 0;
    for i in 0..items.len() {
        if pred(items[i]) {
            items.swap(split, i);
            split += 1;
        }
    }
    split
}
