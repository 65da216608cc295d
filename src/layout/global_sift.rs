//! Global sifting (Bachmaier, Brandenburg, Brunner & Hübner, "Global
//! k-level crossing reduction", JGAA 2011): the dummies of a long edge move
//! as one block through all their layers at once.
//!
//! The layer-by-layer search ([`super::ordering`]) moves one vertex at a
//! time, so a long edge lying on the wrong side of a group of vertices can
//! only get across dummy by dummy, each single move adding crossings: a
//! local minimum it does not leave. Here every vertex belongs to a block (a
//! real vertex alone, or a chain's dummies together), the blocks get one
//! global order that induces every layer's, and each long edge's block is
//! taken out and put back where its edges cross least. On the graphs of
//! `benches/compare_graphviz.py` this removes another 1–2 % of the
//! crossings at the same time (see docs/LAYOUT.md).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::proper::{Order, Proper};
use crate::csr::Csr;

/// Edges a sifting pass may look at (each vertex counted with its edges, in
/// all of a long edge's layers), before global sifting is left out: dense
/// graphs put thousands of vertices in a layer, and the layer-by-layer
/// search alone already takes seconds there. The benchmark
/// kind of graph needs 0.1 M at 1,000 nodes and 3.4 M at 30,000; a generated
/// dense one of 3,000 nodes and 6,000 edges 143 M.
const PASS_BUDGET: usize = 10_000_000;

/// The blocks of a proper layered graph.
pub(super) struct Blocks<'a> {
    g: &'a Proper,
    /// Every vertex's block, named by its first vertex: a real vertex its
    /// own, a dummy its chain's first dummy.
    block_of: Vec<u32>,
    /// Per block (by name): its number of vertices, consecutive from the
    /// name and one per layer.
    size: Vec<u32>,
    /// The blocks' names.
    names: Vec<u32>,
    /// Per block (by name): whether it is a chain with two dummies or more,
    /// one of those sifted (a single vertex, real or dummy, is better moved
    /// by the layer-by-layer search).
    long: Vec<bool>,
    /// Per long block: the blocks of its component with a vertex in one of
    /// its layers. Only the order within a layer counts, so moving past any
    /// other block changes no crossing (those sharing just a gap between two
    /// layers included: it took a third of the sifting time to find that
    /// out for each).
    near: Csr<u32>,
    /// Edges one pass looks at, about: what it costs.
    pub(super) pass_work: usize,
}

impl<'a> Blocks<'a> {
    /// The blocks of `g`, or `None` when there is no long edge to move or a
    /// pass would cost more than [`PASS_BUDGET`].
    pub fn new(g: &'a Proper) -> Option<Self> {
        let total = g.vertices();
        let mut block_of: Vec<u32> = (0..total as u32).collect();
        let mut size = vec![1; total];
        let mut heads = Vec::new();
        for chain in g.chains.iter().filter(|c| c.len() > 2) {
            let dummies = &chain[1..chain.len() - 1];
            let head = dummies[0];
            dummies.iter().for_each(|&d| block_of[d as usize] = head);
            size[head as usize] = dummies.len() as u32;
            if dummies.len() > 1 {
                heads.push(head);
            }
        }
        let by_layer = Csr::new(
            g.depth,
            (0..total as u32).map(|v| (g.layer_of[v as usize], v)),
        );
        let weight = g.sum_per_block(|v| 1 + g.up.of(v).len() + g.down.of(v).len());
        let pass_work: usize = heads
            .iter()
            .map(|&b| {
                let members = b as usize..(b + size[b as usize]) as usize;
                weight[members].iter().sum::<usize>()
            })
            .sum();
        if heads.is_empty() || pass_work > PASS_BUDGET {
            return None;
        }
        let mut long = vec![false; total];
        heads.iter().for_each(|&b| long[b as usize] = true);
        let mut seen = vec![u32::MAX; total];
        let mut near = Vec::new();
        for &b in &heads {
            let (top, bottom) = Self::layers(g, &size, b);
            for l in top..=bottom {
                for &v in by_layer.of(l as u32) {
                    let a = block_of[v as usize];
                    if a != b
                        && g.comp[a as usize] == g.comp[b as usize]
                        && std::mem::replace(&mut seen[a as usize], b) != b
                    {
                        near.push((b, a));
                    }
                }
            }
        }
        near.sort_unstable_by_key(|&(b, _)| b);
        let near = Csr::from_sorted(total, near);
        let names = (0..total as u32)
            .filter(|&v| block_of[v as usize] == v)
            .collect();
        Some(Blocks {
            g,
            block_of,
            size,
            names,
            long,
            near,
            pass_work,
        })
    }

    /// First and last layer of block `b`.
    fn layers(g: &Proper, size: &[u32], b: u32) -> (usize, usize) {
        let top = g.layer_of[b as usize] as usize;
        (top, top + size[b as usize] as usize - 1)
    }

    /// One round: a global order inducing `order` (as far as crossing long
    /// edges allow), one pass of sifting the long edges' blocks, and the
    /// layers' orders it induces written back into `order`.
    pub fn sift(&self, order: &mut Order) {
        let mut global = self.global_order(order);
        let mut key = self.places(&global);
        let mut near = Vec::new();
        // Left to right as they stand (in index order instead: 0.1 % more
        // crossings on the benchmark graphs, within noise).
        let turns: Vec<u32> = global
            .iter()
            .copied()
            .filter(|&b| self.long[b as usize])
            .collect();
        for b in turns {
            self.sift_one(b, &mut global, &mut key, &mut near);
        }
        self.induce(&key, order);
    }

    /// Every block's place in `global`, counted from 1, by name.
    fn places(&self, global: &[u32]) -> Vec<u32> {
        let mut key = vec![0u32; self.g.vertices()];
        for (i, &b) in global.iter().enumerate() {
            key[b as usize] = i as u32 + 1;
        }
        key
    }

    /// Writes the layers' orders that the blocks' places `key` induce.
    fn induce(&self, key: &[u32], order: &mut Order) {
        for layer in &mut order.layers {
            layer.sort_by_key(|&v| key[self.block_of[v as usize] as usize]);
        }
        order.reindex();
    }

    /// A global order of the blocks that keeps every layer's order where it
    /// can: a topological order of "left of" within the layers (Kahn's,
    /// taking the block that comes first in its top layer, relative to the
    /// layer's length, of those ready). Long edges that cross each other make
    /// a cycle; then the first block left is taken anyway. Components come
    /// one after the other, whole.
    fn global_order(&self, order: &Order) -> Vec<u32> {
        let g = self.g;
        let members = |b: u32| b..b + self.size[b as usize];
        let right_of = |v: u32| {
            let layer = &order.layers[g.layer_of[v as usize] as usize];
            let next = layer.get(order.pos[v as usize] as usize + 1)?;
            Some(self.block_of[*next as usize])
        };
        let key = |b: u32| {
            let len = order.layers[g.layer_of[b as usize] as usize].len() as u64;
            let at = u64::from(order.pos[b as usize]) * 1_000_000 / len.max(1);
            (g.comp[b as usize], at, b)
        };
        let mut waiting = vec![0u32; g.vertices()];
        for &b in &self.names {
            for w in members(b).filter_map(right_of) {
                waiting[w as usize] += 1;
            }
        }
        let mut by_key: Vec<(u32, u64, u32)> = self.names.iter().map(|&b| key(b)).collect();
        by_key.sort_unstable();
        let mut ready: BinaryHeap<Reverse<(u32, u64, u32)>> = by_key
            .iter()
            .filter(|k| waiting[k.2 as usize] == 0)
            .map(|&k| Reverse(k))
            .collect();
        let mut done = vec![false; g.vertices()];
        let mut global = Vec::with_capacity(self.names.len());
        let mut first_left = 0;
        while global.len() < self.names.len() {
            while done[by_key[first_left].2 as usize] {
                first_left += 1;
            }
            let pending = by_key[first_left];
            let b = match ready.peek() {
                Some(&Reverse((comp, _, b))) if comp <= pending.0 => {
                    ready.pop();
                    b
                }
                // The component being placed waits on a cycle: take its
                // first block left rather than start on the next component,
                // which would split this one in some layer.
                _ => pending.2,
            };
            if std::mem::replace(&mut done[b as usize], true) {
                continue;
            }
            global.push(b);
            for w in members(b).filter_map(right_of) {
                let count = &mut waiting[w as usize];
                *count = count.saturating_sub(1);
                if *count == 0 && !done[w as usize] {
                    ready.push(Reverse(key(w)));
                }
            }
        }
        global
    }

    /// Moves block `b` to the place in `global` (within its component)
    /// where its edges cross least, ties to where it is. Only its place
    /// among the blocks with a vertex in its layers changes a layer's order,
    /// so only the places next to those are tried. `key` is every block's
    /// place in `global`, counted from 1.
    fn sift_one(&self, b: u32, global: &mut Vec<u32>, key: &mut [u32], near: &mut Vec<(u32, u32)>) {
        near.clear();
        near.extend(self.near.of(b).iter().map(|&a| (key[a as usize], a)));
        near.sort_unstable();
        let Some(&(first, _)) = near.first() else {
            return;
        };
        let here = key[b as usize];
        // Crossings relative to b left of all of them: passing `a` changes
        // them by c(a left of b) − c(b left of a).
        let (mut cost, mut here_cost) = (0i64, 0i64);
        let (mut best, mut after) = (0i64, None);
        for &(at, a) in near.iter() {
            let (right, left) = self.pair(a, b, key);
            cost += right - left;
            if at < here {
                here_cost = cost;
            }
            if cost < best {
                (best, after) = (cost, Some(at));
            }
        }
        if best >= here_cost {
            return;
        }
        let from = here as usize - 1;
        // Just right of the chosen block, or just left of the first one; in
        // `global` without b.
        let slot = match after {
            Some(at) => at as usize - usize::from(at > here),
            None => first as usize - 1 - usize::from(first > here),
        };
        global.remove(from);
        global.insert(slot, b);
        for i in from.min(slot)..=from.max(slot) {
            key[global[i] as usize] = i as u32 + 1;
        }
    }

    /// Crossings between the edges of blocks `a` and `b` with `b` just right
    /// of `a` in the global order, and with `b` just left of it (other
    /// blocks' places from `key`).
    fn pair(&self, a: u32, b: u32, key: &[u32]) -> (i64, i64) {
        let g = self.g;
        let (a_top, a_bottom) = Self::layers(g, &self.size, a);
        let (b_top, b_bottom) = Self::layers(g, &self.size, b);
        let from = a_top.max(b_top).saturating_sub(1);
        let to = a_bottom.min(b_bottom);
        let ka = 2 * key[a as usize];
        // Places with b just right of a; with b just left of a only the
        // order between a's and b's own vertices turns round.
        let place = |v: u32| {
            let block = self.block_of[v as usize];
            if block == b {
                ka + 1
            } else {
                2 * key[block as usize]
            }
        };
        let ours = |p: u32| p == ka || p == ka + 1;
        let left_of = |p: u32, q: u32| {
            if ours(p) && ours(q) && p != q {
                p > q
            } else {
                p < q
            }
        };
        let (mut right, mut left) = (0, 0);
        for gap in from..=to {
            let fans = (
                self.edges_in(a, (a_top, a_bottom), gap),
                self.edges_in(b, (b_top, b_bottom), gap),
            );
            let (Some(ea), Some(eb)) = fans else {
                continue;
            };
            if ea.inner(self) && eb.inner(self) {
                continue;
            }
            for (t1, b1) in ea.iter() {
                let (p1, q1) = (place(t1), place(b1));
                for (t2, b2) in eb.iter() {
                    if t1 == t2 || b1 == b2 {
                        continue;
                    }
                    let (p2, q2) = (place(t2), place(b2));
                    right += i64::from((p1 < p2) != (q1 < q2));
                    left += i64::from(left_of(p1, p2) != left_of(q1, q2));
                }
            }
        }
        (right, left)
    }

    /// The edges of block `b` (in `layers`) from layer `gap` to the next.
    #[inline]
    fn edges_in(&self, b: u32, (top, bottom): (usize, usize), gap: usize) -> Option<Fan<'_>> {
        let vertex_at = |l: usize| (top..=bottom).contains(&l).then(|| b + (l - top) as u32);
        if let Some(v) = vertex_at(gap) {
            Some(Fan {
                end: v,
                others: self.g.down.of(v),
                down: true,
            })
        } else {
            let w = vertex_at(gap + 1)?;
            Some(Fan {
                end: w,
                others: self.g.up.of(w),
                down: false,
            })
        }
    }
}

/// Edges of one block between two layers: all at one vertex of the block
/// (a chain has one per layer; a real vertex's go one way per gap).
struct Fan<'g> {
    end: u32,
    others: &'g [u32],
    /// Whether `end` is the top of its edges.
    down: bool,
}

impl Fan<'_> {
    /// The edges as (top, bottom).
    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.others.iter().map(|&o| {
            if self.down {
                (self.end, o)
            } else {
                (o, self.end)
            }
        })
    }

    /// Whether these are a chain's edges between two of its own dummies
    /// (which keep their order against another such edge either way).
    fn inner(&self, blocks: &Blocks) -> bool {
        let block = |v: u32| blocks.block_of[v as usize];
        self.down && self.others.iter().all(|&o| block(o) == block(self.end))
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    use super::super::proper::random_layered;
    use super::*;
    use crate::layout::ordering::depth_first;

    /// A random layered graph with long edges: 4–6 layers of 2–4 nodes,
    /// edges to the next layer and some spanning two to four.
    fn random_proper(rng: &mut ChaCha8Rng) -> Proper {
        random_layered(rng, 4..7, 2..5, &[0.4, 0.12, 0.12, 0.12])
    }

    /// Sifting one long edge puts it where the layers' orders cross least
    /// among all its places in the global order, each counted in full.
    #[test]
    fn a_sifted_block_lands_where_crossings_are_fewest() {
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut checked = 0;
        while checked < 200 {
            let g = random_proper(&mut rng);
            let Some(blocks) = Blocks::new(&g) else {
                continue;
            };
            let mut order = depth_first(&g, false, Some(&mut rng));
            let global = blocks.global_order(&order);
            blocks.induce(&blocks.places(&global), &mut order);
            let crossings_with = |global: &[u32]| {
                let mut o = order.clone();
                blocks.induce(&blocks.places(global), &mut o);
                g.crossings(&o)
            };
            let before = crossings_with(&global);
            for &b in global.iter().filter(|&&b| blocks.long[b as usize]) {
                let mut rest = global.clone();
                rest.retain(|&x| x != b);
                let fewest = (0..=rest.len())
                    .filter(|&i| {
                        // Places inside b's component's run only.
                        let same = |j: usize| rest.get(j).map(|&x| g.comp[x as usize]);
                        let c = Some(g.comp[b as usize]);
                        (i > 0 && same(i - 1) == c) || same(i) == c
                    })
                    .map(|i| {
                        let mut tried = rest.clone();
                        tried.insert(i, b);
                        crossings_with(&tried)
                    })
                    .min()
                    .unwrap();
                let (mut sifted, mut key) = (global.clone(), blocks.places(&global));
                blocks.sift_one(b, &mut sifted, &mut key, &mut Vec::new());
                assert_eq!(crossings_with(&sifted), fewest.min(before));
                assert_eq!(key, blocks.places(&sifted));
                checked += 1;
            }
        }
    }

    /// Layer orders that some global order induces come back unchanged
    /// from the global order built from them.
    #[test]
    fn the_global_order_keeps_consistent_layer_orders() {
        let mut rng = ChaCha8Rng::seed_from_u64(8);
        for _ in 0..200 {
            let g = random_proper(&mut rng);
            let Some(blocks) = Blocks::new(&g) else {
                continue;
            };
            let mut order = depth_first(&g, false, Some(&mut rng));
            blocks.induce(&blocks.places(&blocks.global_order(&order)), &mut order);
            let again = blocks.global_order(&order);
            let mut same = order.clone();
            blocks.induce(&blocks.places(&again), &mut same);
            assert_eq!(same.layers, order.layers);
        }
    }

    /// Crossing long edges in one component while the next is ready: the
    /// first component still comes whole (a review found the second one's
    /// block placed in the middle of the first's).
    #[test]
    fn components_stay_whole_when_long_edges_cross() {
        // s → t, u, v three layers down (chains P, Q, R); x → y beside.
        let (layer, pairs) = ([0, 3, 3, 3, 1, 2], [(0, 1), (0, 2), (0, 3), (4, 5)]);
        let g = Proper::build(6, &pairs, &layer, u32::MAX);
        let (p, q, r) = (6, 8, 10);
        let layers = vec![
            vec![0],
            vec![p, r, q, 4],
            vec![q + 1, r + 1, p + 1, 5],
            vec![1, 2, 3],
        ];
        let mut order = Order::new(layers, g.vertices());
        let blocks = Blocks::new(&g).expect("long edges");
        blocks.induce(&blocks.places(&blocks.global_order(&order)), &mut order);
        for layer in &order.layers {
            let comps: Vec<u32> = layer.iter().map(|&v| g.comp[v as usize]).collect();
            assert!(comps.is_sorted(), "{comps:?} in {:?}", order.layers);
        }
    }
}
