//! The layered (Sugiyama) layout: entry points on the first layer, crown
//! jewels on the last, every other edge pointing forward, long edges routed
//! through bend points, few crossings.
//!
//! Written here rather than taken from a crate: `rust-sugiyama` (the
//! maintained petgraph-based one) cannot constrain nodes to the first or last
//! layer, which is what makes an attack path read left to right, and it drops
//! its dummy vertices, so it gives no bend points for long edges; `dagre`'s
//! port is young and also has no layer constraints. The phases:
//!
//! 0. **Flat edges**: an edge between two entries (or two crown jewels)
//!    would push one of them off its layer; it is drawn inside the layer
//!    instead, as an arc bulging outwards through one bend point.
//! 1. **Cycle removal** (see [`super::acyclic`]): edges into an entry or out
//!    of a crown jewel are reversed first (they run against the attack
//!    direction); remaining cycles are broken as dot does, by a depth-first
//!    search from the entries, or by a greedy feedback arc set where that
//!    search runs deeper; where neither is clearly better (somewhat deeper,
//!    or a hub, on graphs of up to 500 nodes) both are laid out and the one
//!    a quick search orders with fewer crossings is kept.
//! 2. **Layering**: network simplex (see [`super::rank`]) with entries
//!    pinned to the first layer and crown jewels to the last: minimal total
//!    edge length, so few dummies and compact layers; on very large graphs a
//!    longest-path layering with node promotion instead. Empty layers are
//!    removed.
//! 3. **Dummy vertices** on every layer a long edge spans; their positions
//!    become the edge's bend points.
//! 4. **Crossing minimisation** (see [`super::ordering`]): dot's
//!    median sweeps and transpositions, then sifting and global sifting,
//!    from several starts, each improved by window steps (an iterated local
//!    search on a few layers at a time) and a last whole search; the best
//!    order is kept.
//! 5. **Coordinates**: each layer in turn is placed as close as possible to
//!    its neighbours (weighted mean, dummies weighted more so long edges run
//!    straight) subject to the minimum spacing, solved exactly per layer by
//!    isotonic regression (pool adjacent violators). This is the "priority
//!    method" family; it is O(V) per sweep and keeps layers compact.

use std::collections::{HashMap, VecDeque};

use super::acyclic;
use super::ordering;
use super::proper::{Order, Proper};
use super::rank;

/// Distances of the layered drawing, in graph units.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spacing {
    /// Between consecutive layers, along the flow.
    pub layer_gap: f64,
    /// Between neighbouring nodes of one layer, across the flow.
    pub node_gap: f64,
}

/// A graph reduced to what the layered layout needs: nodes `0..n`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Input {
    pub n: usize,
    /// Directed edges (tail, head); self-loops and repeats are allowed.
    pub edges: Vec<(u32, u32)>,
    pub entry: Vec<bool>,
    pub jewel: Vec<bool>,
}

/// What the layered layout computes, indexed like its [`Input`].
#[derive(Clone, Debug, Default)]
pub(crate) struct Output {
    /// `[along the flow, across the flow]` per node (flow not yet applied).
    pub pos: Vec<[f64; 2]>,
    /// Bend points per input edge, tail to head, same frame as `pos`.
    pub bends: Vec<Vec<[f64; 2]>>,
    /// Layer of each node.
    pub layer: Vec<u32>,
    /// Whether each input edge was drawn reversed to break a cycle.
    pub reversed: Vec<bool>,
    /// Whether each input edge joins two entries or two jewels, drawn
    /// within one layer.
    pub flat: Vec<bool>,
    /// Crossings of the final drawing, counted between neighbouring layers.
    pub crossings: u64,
}

/// Beyond this many nodes, layering uses the promotion heuristic instead of
/// network simplex: its pivots renumber the spanning tree below the cycle
/// they close, often nearly all of it, so its time grows about
/// quadratically (10k nodes 0.6 s, 30k 8 s, 100k 200 s here).
const NETWORK_SIMPLEX_MAX_NODES: usize = 30_000;
/// On graphs beyond network simplex, edges spanning more layers than this
/// are drawn straight instead of routed through dummy vertices.
const MAX_ROUTED_SPAN: u32 = 8;
/// Coordinate-assignment sweeps.
const COORD_SWEEPS: usize = 12;

/// Runs all phases. Deterministic: the search's randomness comes from fixed
/// seeds, ties are broken by index.
pub(crate) fn layout(input: &Input, spacing: Spacing) -> Output {
    let n = input.n;
    if n == 0 {
        return Output::default();
    }
    let Prepared {
        flat,
        reversed,
        edge_pair,
        layer,
        proper,
        probed,
    } = prepare(input);
    let order = match probed {
        Some((searches, probe)) => {
            ordering::minimise_crossings_after_probe(&proper, searches, probe)
        }
        None => ordering::minimise_crossings(&proper),
    };
    let crossings = proper.crossings(&order);
    let across = coordinates(&proper, &order, spacing);
    let along = |v: usize| f64::from(proper.layer_of[v]) * spacing.layer_gap;
    let pos = (0..n).map(|v| [along(v), across[v]]).collect();
    let bends = input
        .edges
        .iter()
        .enumerate()
        .map(|(i, _)| {
            let Some(p) = edge_pair[i] else {
                return flat_bend(input, i, &proper, &across, spacing);
            };
            let chain = &proper.chains[p];
            let inner = chain
                .get(1..chain.len().saturating_sub(1))
                .unwrap_or_default();
            let mut pts: Vec<[f64; 2]> = inner
                .iter()
                .map(|&d| [along(d as usize), across[d as usize]])
                .collect();
            if reversed[i] {
                pts.reverse();
            }
            pts
        })
        .collect();
    Output {
        pos,
        bends,
        layer,
        reversed,
        flat,
        crossings,
    }
}

/// Phases 0–3: everything before crossing minimisation.
struct Prepared {
    flat: Vec<bool>,
    reversed: Vec<bool>,
    /// Which chain of `proper` draws each input edge (none for self-loops
    /// and flat edges).
    edge_pair: Vec<Option<usize>>,
    layer: Vec<u32>,
    proper: Proper,
    /// When kept after a probe of two layerings: the local searches the
    /// final search gets, and the probe it goes on from.
    probed: Option<(usize, ordering::Probe)>,
}

/// A probed layering other than the preferred one is kept only when its
/// probe found this much fewer crossings: probes of one layering differ by a
/// few percent from the search's luck alone, and the other is often deeper,
/// a longer drawing (a random graph of 500 nodes took 94 layers over 37 for
/// 0.3 % fewer crossings before this margin).
const PROBE_MARGIN: f64 = 0.03;

/// Phases 0–3 for the cycle breaking [`acyclic::remove_cycles`] prefers;
/// when it offers a second, both layerings are probed and the second is
/// kept if its probe found clearly fewer crossings ([`PROBE_MARGIN`]). A
/// kept layering larger than the other gets the searches that take about
/// the other's time.
fn prepare(input: &Input) -> Prepared {
    let flat: Vec<bool> = input
        .edges
        .iter()
        .map(|&(u, v)| is_flat(input, u, v))
        .collect();
    let (preferred, other) = acyclic::remove_cycles(input);
    let preferred = prepare_with(input, flat.clone(), preferred);
    let Some(other) = other else {
        return preferred;
    };
    let other = prepare_with(input, flat, other);
    let (preferred_probe, other_probe) = (
        ordering::probe(&preferred.proper),
        ordering::probe(&other.proper),
    );
    let other_wins = (other_probe.crossings() as f64)
        < preferred_probe.crossings() as f64 * (1.0 - PROBE_MARGIN);
    let (mut kept, dropped, probed) = if other_wins {
        (other, preferred, other_probe)
    } else {
        (preferred, other, preferred_probe)
    };
    let (size, dropped_size) = (kept.proper.vertices(), dropped.proper.vertices());
    let searches = if size > dropped_size {
        ordering::usual_searches(&dropped.proper) * dropped_size / size
    } else {
        ordering::usual_searches(&kept.proper)
    };
    kept.probed = Some((searches, probed));
    kept
}

/// Phases 1–3 for one cycle breaking.
fn prepare_with(input: &Input, flat: Vec<bool>, reversed: Vec<bool>) -> Prepared {
    // One chain of vertices per distinct oriented pair: parallel and
    // opposite edges between two nodes share their bend points.
    let mut pair_index: HashMap<(u32, u32), usize> = HashMap::new();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut edge_pair: Vec<Option<usize>> = Vec::with_capacity(input.edges.len());
    for (i, &(u, v)) in input.edges.iter().enumerate() {
        if u == v || flat[i] {
            edge_pair.push(None);
            continue;
        }
        let key = if reversed[i] { (v, u) } else { (u, v) };
        let next = pairs.len();
        let ix = *pair_index.entry(key).or_insert(next);
        if ix == next {
            pairs.push(key);
        }
        edge_pair.push(Some(ix));
    }
    let layer = assign_layers(input, &pairs);
    // The promotion layering of huge graphs leaves many edges spanning
    // hundreds of layers; routing them would add millions of dummies (3 GB
    // and more than ten minutes at 100k nodes), so there they are drawn
    // straight.
    let max_span = if input.n > NETWORK_SIMPLEX_MAX_NODES {
        MAX_ROUTED_SPAN
    } else {
        u32::MAX
    };
    let proper = Proper::build(input.n, &pairs, &layer, max_span);
    Prepared {
        flat,
        reversed,
        edge_pair,
        layer,
        proper,
        probed: None,
    }
}

pub(super) fn is_flat(input: &Input, u: u32, v: u32) -> bool {
    let (u, v) = (u as usize, v as usize);
    u != v && ((input.entry[u] && input.entry[v]) || (input.jewel[u] && input.jewel[v]))
}

/// The one bend point of a flat edge: off the layer, outwards (before the
/// first layer for entries, after the last for jewels), so the edge does not
/// run through the nodes between its ends. Empty for any other edge.
fn flat_bend(
    input: &Input,
    i: usize,
    proper: &Proper,
    across: &[f64],
    spacing: Spacing,
) -> Vec<[f64; 2]> {
    let (u, v) = input.edges[i];
    if !is_flat(input, u, v) {
        return Vec::new();
    }
    let (u, v) = (u as usize, v as usize);
    let layer = f64::from(proper.layer_of[u]) * spacing.layer_gap;
    let outwards = if input.entry[u] && input.entry[v] {
        -1.0
    } else {
        1.0
    };
    let reach = (across[u] - across[v]).abs() / 4.0;
    let bulge = (spacing.layer_gap / 3.0).max(reach.min(spacing.layer_gap));
    vec![[layer + outwards * bulge, (across[u] + across[v]) / 2.0]]
}

/// Layers for a DAG given as distinct pairs: entries first, jewels last,
/// edges short, no empty layer.
fn assign_layers(input: &Input, pairs: &[(u32, u32)]) -> Vec<u32> {
    let n = input.n;
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut pred: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in pairs {
        succ[u as usize].push(v as usize);
        pred[v as usize].push(u as usize);
    }
    let first: Vec<bool> = (0..n)
        .map(|v| input.entry[v] && pred[v].is_empty())
        .collect();
    let last: Vec<bool> = (0..n)
        .map(|v| input.jewel[v] && succ[v].is_empty() && !first[v])
        .collect();
    let mut layer = if n <= NETWORK_SIMPLEX_MAX_NODES {
        rank::network_simplex(n, pairs, &first, &last)
    } else {
        promoted_longest_path(&succ, &pred, &first, &last)
    };
    let mut used: Vec<u32> = layer.clone();
    used.sort_unstable();
    used.dedup();
    for l in &mut layer {
        *l = used.binary_search(l).unwrap_or(0) as u32;
    }
    layer
}

/// Layering for graphs too large for network simplex: longest path from the
/// sources, `last` nodes moved to the last layer, then every other node
/// moved towards the side with more edges. Moving a node one layer towards
/// its successors changes the total edge length by indeg − outdeg, so it
/// goes all the way when that is not positive (and the other way round
/// when positive): equal moves cost nothing and unblock the nodes behind.
/// The passes are capped; far from optimal (several times network
/// simplex's total length), but linear.
fn promoted_longest_path(
    succ: &[Vec<usize>],
    pred: &[Vec<usize>],
    first: &[bool],
    last: &[bool],
) -> Vec<u32> {
    let n = succ.len();
    let mut indeg: Vec<usize> = pred.iter().map(Vec::len).collect();
    // Kahn's algorithm; the pairs form a DAG by construction.
    let mut topo = Vec::with_capacity(n);
    let mut queue: VecDeque<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    while let Some(u) = queue.pop_front() {
        topo.push(u);
        for &w in &succ[u] {
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push_back(w);
            }
        }
    }
    let mut layer = vec![0u32; n];
    for &v in &topo {
        layer[v] = pred[v].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
    }
    let max = layer.iter().copied().max().unwrap_or(0);
    for v in 0..n {
        if last[v] {
            layer[v] = max;
        }
    }
    let fixed: Vec<bool> = (0..n).map(|v| first[v] || last[v]).collect();
    for _ in 0..32 {
        let mut changed = false;
        for &v in topo.iter().rev() {
            if !fixed[v] && !succ[v].is_empty() && succ[v].len() >= pred[v].len() {
                let target = succ[v].iter().map(|&s| layer[s]).min().unwrap_or(0) - 1;
                if target > layer[v] {
                    layer[v] = target;
                    changed = true;
                }
            }
        }
        for &v in &topo {
            if !fixed[v] && pred[v].len() > succ[v].len() {
                let target = pred[v].iter().map(|&p| layer[p] + 1).max().unwrap_or(0);
                if target < layer[v] {
                    layer[v] = target;
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    layer
}

/// Cross-flow coordinate of every vertex.
fn coordinates(g: &Proper, order: &Order, spacing: Spacing) -> Vec<f64> {
    let gap = |v: u32| {
        if (v as usize) < g.n {
            spacing.node_gap
        } else {
            spacing.node_gap * 0.4
        }
    };
    let seps: Vec<Vec<f64>> = order
        .layers
        .iter()
        .map(|layer| {
            layer
                .windows(2)
                .map(|w| {
                    let apart = if g.comp[w[0] as usize] == g.comp[w[1] as usize] {
                        0.0
                    } else {
                        spacing.node_gap
                    };
                    (gap(w[0]) + gap(w[1])) / 2.0 + apart
                })
                .collect()
        })
        .collect();
    let mut y = vec![0.0; g.layer_of.len()];
    for (layer, sep) in order.layers.iter().zip(&seps) {
        let mut at = 0.0;
        for (i, &v) in layer.iter().enumerate() {
            y[v as usize] = at;
            at += sep.get(i).copied().unwrap_or(0.0);
        }
    }
    let depth = order.layers.len();
    let mut targets = Vec::new();
    let mut weights = Vec::new();
    for sweep in 0..COORD_SWEEPS {
        // Alternate directions; the last sweeps look both ways.
        let (use_up, use_down) = match sweep {
            s if s + 2 >= COORD_SWEEPS => (true, true),
            s if s % 2 == 0 => (true, false),
            _ => (false, true),
        };
        let sequence: Vec<usize> = if sweep % 2 == 0 {
            (0..depth).collect()
        } else {
            (0..depth).rev().collect()
        };
        for l in sequence {
            targets.clear();
            weights.clear();
            for &v in &order.layers[l] {
                let mut sum = 0.0;
                let mut count = 0usize;
                let sides = [(use_up, g.up.of(v)), (use_down, g.down.of(v))];
                for (used, nbrs) in sides {
                    if used {
                        for &w in nbrs {
                            sum += y[w as usize];
                            count += 1;
                        }
                    }
                }
                if count == 0 {
                    targets.push(y[v as usize]);
                    weights.push(0.01);
                } else {
                    targets.push(sum / count as f64);
                    // Dummies pull harder: straight long edges matter
                    // more than a node sitting exactly between its
                    // neighbours.
                    weights.push(if (v as usize) < g.n { 1.0 } else { 4.0 });
                }
            }
            let placed = isotonic(&targets, &weights, &seps[l]);
            for (&v, p) in order.layers[l].iter().zip(placed) {
                y[v as usize] = p;
            }
        }
    }
    let min = y.iter().copied().fold(f64::INFINITY, f64::min);
    if min.is_finite() {
        for v in &mut y {
            *v -= min;
        }
    }
    y
}

/// Minimises Σ wᵢ(yᵢ − tᵢ)² subject to y_{i+1} − yᵢ ≥ sepᵢ, exactly, in
/// O(n): shifting by the cumulative separations turns the constraints into
/// "non-decreasing", which pool-adjacent-violators solves.
fn isotonic(targets: &[f64], weights: &[f64], seps: &[f64]) -> Vec<f64> {
    let mut offset = Vec::with_capacity(targets.len());
    let mut at = 0.0;
    for i in 0..targets.len() {
        offset.push(at);
        at += seps.get(i).copied().unwrap_or(0.0);
    }
    // Blocks of (weight sum, weighted target sum, length).
    let mut blocks: Vec<(f64, f64, usize)> = Vec::new();
    for i in 0..targets.len() {
        let mut block = (weights[i], weights[i] * (targets[i] - offset[i]), 1);
        while let Some(&prev) = blocks.last() {
            if prev.1 / prev.0 >= block.1 / block.0 {
                blocks.pop();
                block = (prev.0 + block.0, prev.1 + block.1, prev.2 + block.2);
            } else {
                break;
            }
        }
        blocks.push(block);
    }
    let mut out = Vec::with_capacity(targets.len());
    for (w, s, len) in blocks {
        let mean = s / w;
        for _ in 0..len {
            out.push(mean + offset[out.len()]);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// On small random graphs the heuristic's crossings are compared with
    /// the optimum for the same layering; the totals must stay close.
    #[test]
    fn crossings_near_brute_force_optimum() {
        let mut rng = ChaCha8Rng::seed_from_u64(4);
        let (mut ours_total, mut best_total, mut optimal_cases, mut cases) = (0, 0, 0, 0);
        let mut worst = 0;
        while cases < 150 {
            let n = rng.random_range(5..11);
            let m = rng.random_range(n + 2..3 * n);
            let input = Input {
                n,
                edges: (0..m)
                    .map(|_| (rng.random_range(0..n as u32), rng.random_range(0..n as u32)))
                    .collect(),
                entry: (0..n).map(|_| rng.random_bool(0.3)).collect(),
                jewel: (0..n).map(|_| rng.random_bool(0.3)).collect(),
            };
            let proper = prepare(&input).proper;
            if ordering::permutations(&proper) > 50_000 {
                continue;
            }
            cases += 1;
            let ours = proper.crossings(&ordering::minimise_crossings(&proper));
            let best = ordering::brute_force_minimum(&proper);
            assert!(best <= ours);

            ours_total += ours;
            best_total += best;
            worst = worst.max(ours - best);
            optimal_cases += u64::from(ours == best);
        }
        eprintln!(
            "crossings over {cases} small graphs: heuristic {ours_total}, optimum {best_total}, \
             optimal in {optimal_cases}, worst excess {worst}"
        );
        assert!(ours_total as f64 <= best_total as f64 * 1.15 + 5.0);
        assert!(optimal_cases * 10 >= cases * 9);
    }

    /// Cyclic random graphs where the depth-first cycle breaking is
    /// somewhat deeper than the greedy one: two different breakings are
    /// offered, each leaves a DAG, and the layout keeps the preferred one
    /// unless the other's probe found clearly fewer crossings; both
    /// outcomes occur.
    #[test]
    fn two_cycle_breakings_are_probed_and_the_better_kept() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut kept = [0; 2];
        // Random graphs until both outcomes were seen (the 11th probed here).
        for _ in 0..60 {
            let n = rng.random_range(40..400);
            let input = Input {
                n,
                edges: (0..3 * n / 2)
                    .map(|_| (rng.random_range(0..n as u32), rng.random_range(0..n as u32)))
                    .collect(),
                entry: (0..n).map(|v| v < 2).collect(),
                jewel: (0..n).map(|v| v >= n - 2).collect(),
            };
            let (preferred, Some(other)) = acyclic::remove_cycles(&input) else {
                continue;
            };
            assert_ne!(preferred, other, "only different breakings are probed");
            let flat: Vec<bool> = input
                .edges
                .iter()
                .map(|&(u, v)| is_flat(&input, u, v))
                .collect();
            let probes: Vec<u64> = [&preferred, &other]
                .iter()
                .map(|r| {
                    let p = prepare_with(&input, flat.clone(), r.to_vec());
                    for (i, &(u, v)) in input.edges.iter().enumerate() {
                        let (a, b) = if r[i] { (v, u) } else { (u, v) };
                        if a != b && !flat[i] {
                            assert!(p.layer[a as usize] < p.layer[b as usize], "a DAG");
                        }
                    }
                    ordering::probe(&p.proper).crossings()
                })
                .collect();
            let other_wins = (probes[1] as f64) < probes[0] as f64 * (1.0 - PROBE_MARGIN);
            let got = prepare(&input).reversed;
            assert_eq!(
                got,
                if other_wins { &other } else { &preferred }.clone(),
                "{probes:?}"
            );
            kept[usize::from(other_wins)] += 1;
            if kept[0] > 0 && kept[1] > 0 {
                break;
            }
        }
        assert!(
            kept[0] > 0 && kept[1] > 0,
            "kept the preferred {} times, the other {}",
            kept[0],
            kept[1]
        );
    }

    #[test]
    fn isotonic_respects_separation_and_targets() {
        let y = isotonic(&[0.0, 0.0, 10.0], &[1.0, 1.0, 1.0], &[4.0, 4.0]);
        assert_eq!(y, vec![-2.0, 2.0, 10.0]);
    }
}
