//! The "proper" layered graph the layered layout orders and places: every
//! edge joins neighbouring layers, long edges replaced by chains through
//! dummy vertices. Its structure is fixed once built; what the crossing
//! minimisation changes is an [`Order`], cheap to copy, so several searches
//! can run side by side over one shared graph.

use super::crossings::Counter;
use crate::csr::Csr;

/// The structure: layers, edges between neighbouring layers, components.
#[derive(Debug)]
pub(super) struct Proper {
    /// Real vertices are `0..n`; dummies follow.
    pub n: usize,
    pub layer_of: Vec<u32>,
    /// Neighbours in the layer before.
    pub up: Csr<u32>,
    /// Neighbours in the layer after.
    pub down: Csr<u32>,
    /// Connected component of each vertex, numbered by first node.
    pub comp: Vec<u32>,
    /// Per pair: tail, dummies, head; empty for a pair left out because it
    /// spans more layers than the build allowed.
    pub chains: Vec<Vec<u32>>,
    /// Number of layers.
    pub depth: usize,
}

/// A vertex order in every layer, with each vertex's index in its layer.
#[derive(Clone, Debug)]
pub(super) struct Order {
    pub layers: Vec<Vec<u32>>,
    pub pos: Vec<u32>,
}

impl Proper {
    /// `pairs` are the edges of a DAG, `layer` a layering in which every
    /// pair points to a later layer. Pairs spanning more than `max_span`
    /// layers get no chain: they are drawn straight and ignored by the
    /// ordering (see the caller for when).
    pub fn build(n: usize, pairs: &[(u32, u32)], layer: &[u32], max_span: u32) -> Self {
        let mut layer_of: Vec<u32> = layer.to_vec();
        let mut chains = Vec::with_capacity(pairs.len());
        for &(a, b) in pairs {
            if layer[b as usize] - layer[a as usize] > max_span {
                chains.push(Vec::new());
                continue;
            }
            let mut chain = vec![a];
            for l in layer[a as usize] + 1..layer[b as usize] {
                chain.push(layer_of.len() as u32);
                layer_of.push(l);
            }
            chain.push(b);
            chains.push(chain);
        }
        let total = layer_of.len();
        let links = chains
            .iter()
            .flat_map(|c| c.windows(2).map(|w| (w[0], w[1])));
        let down = Csr::new(total, links.clone());
        let up = Csr::new(total, links.map(|(a, b)| (b, a)));
        let comp = components(n, &chains);
        let depth = layer_of.iter().copied().max().map_or(0, |l| l as usize + 1);
        Proper {
            n,
            layer_of,
            up,
            down,
            comp,
            chains,
            depth,
        }
    }

    /// Real and dummy vertices.
    pub fn vertices(&self) -> usize {
        self.layer_of.len()
    }

    /// Crossings of `order`, counted between neighbouring layers.
    pub fn crossings(&self, order: &Order) -> u64 {
        self.crossings_below(order, 0..order.layers.len())
    }

    /// Crossings between each layer of `upper` and the next.
    pub fn crossings_below(&self, order: &Order, upper: std::ops::Range<usize>) -> u64 {
        let mut edges = Vec::new();
        let mut counter = Counter::default();
        let mut total = 0;
        for (l, layer) in order
            .layers
            .iter()
            .enumerate()
            .take(upper.end)
            .skip(upper.start)
        {
            edges.clear();
            // In layer order, each vertex's edges sorted by their lower
            // end: sorted as the count needs without sorting them all.
            for &v in layer {
                let from = edges.len();
                let p = order.pos[v as usize];
                edges.extend(self.down.of(v).iter().map(|&w| (p, order.pos[w as usize])));
                edges[from..].sort_unstable();
            }
            let below = order.layers.get(l + 1).map_or(0, Vec::len);
            total += counter.sorted(&edges, below);
        }
        total
    }

    /// For every vertex, `f` summed over the vertices of its component in
    /// its layer: the block a search within the layer moves it in.
    pub fn sum_per_block(&self, f: impl Fn(u32) -> usize) -> Vec<usize> {
        let total = self.vertices() as u32;
        let by_layer = Csr::new(
            self.depth,
            (0..total).map(|v| (self.layer_of[v as usize], v)),
        );
        let mut per_comp = vec![0usize; self.n];
        let mut sums = vec![0; total as usize];
        for l in 0..self.depth as u32 {
            let vertices = by_layer.of(l);
            let comp = |v: u32| self.comp[v as usize] as usize;
            vertices.iter().for_each(|&v| per_comp[comp(v)] += f(v));
            vertices
                .iter()
                .for_each(|&v| sums[v as usize] = per_comp[comp(v)]);
            vertices.iter().for_each(|&v| per_comp[comp(v)] = 0);
        }
        sums
    }
}

impl Order {
    /// An order with the given layers.
    pub fn new(layers: Vec<Vec<u32>>, vertices: usize) -> Self {
        let mut order = Order {
            layers,
            pos: vec![0; vertices],
        };
        order.reindex();
        order
    }

    /// Recomputes `pos` after the layers were rearranged.
    pub fn reindex(&mut self) {
        for l in 0..self.layers.len() {
            self.reindex_layer(l);
        }
    }

    /// Recomputes `pos` of the vertices of layer `l`.
    pub fn reindex_layer(&mut self, l: usize) {
        for (i, &v) in self.layers[l].iter().enumerate() {
            self.pos[v as usize] = i as u32;
        }
    }
}

/// Component of each vertex (dummies take their chain's), numbered in order
/// of each component's first node.
fn components(n: usize, chains: &[Vec<u32>]) -> Vec<u32> {
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(parent: &mut [usize], mut v: usize) -> usize {
        while parent[v] != v {
            parent[v] = parent[parent[v]];
            v = parent[v];
        }
        v
    }
    for chain in chains.iter().filter(|c| !c.is_empty()) {
        let (a, b) = (chain[0] as usize, chain[chain.len() - 1] as usize);
        let (ra, rb) = (find(&mut parent, a), find(&mut parent, b));
        if ra != rb {
            parent[ra.max(rb)] = ra.min(rb);
        }
    }
    let mut number = vec![u32::MAX; n];
    let mut next = 0;
    let mut comp: Vec<u32> = (0..n)
        .map(|v| {
            let r = find(&mut parent, v);
            if number[r] == u32::MAX {
                number[r] = next;
                next += 1;
            }
            number[r]
        })
        .collect();
    for chain in chains.iter().filter(|c| !c.is_empty()) {
        let c = comp[chain[0] as usize];
        comp.extend(std::iter::repeat_n(c, chain.len() - 2));
    }
    comp
}

/// A random layered graph for tests: layers of random widths, and an edge
/// from each node to each in a later layer with the probability `p` gives
/// for the distance (index 0: the next layer).
#[cfg(test)]
pub(super) fn random_layered(
    rng: &mut rand_chacha::ChaCha8Rng,
    layers: std::ops::Range<u32>,
    width: std::ops::Range<usize>,
    p: &[f64],
) -> Proper {
    use rand::Rng;
    let depth = rng.random_range(layers);
    let mut layer = Vec::new();
    for l in 0..depth {
        layer.extend(std::iter::repeat_n(l, rng.random_range(width.clone())));
    }
    let n = layer.len() as u32;
    let mut pairs = Vec::new();
    for a in 0..n {
        for b in 0..n {
            let ahead = layer[b as usize] as i64 - layer[a as usize] as i64;
            let chance = usize::try_from(ahead - 1).ok().and_then(|d| p.get(d));
            if chance.is_some_and(|&c| rng.random_bool(c)) {
                pairs.push((a, b));
            }
        }
    }
    Proper::build(n as usize, &pairs, &layer, u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two components side by side: each vertex's block is its own
    /// component's part of its layer, dummies included.
    #[test]
    fn sums_per_block_stay_within_components() {
        // 0 → 1 → 2 and 0 → 2 (a dummy in layer 1); 3 → 4 apart.
        let pairs = [(0, 1), (1, 2), (0, 2), (3, 4)];
        let g = Proper::build(5, &pairs, &[0, 1, 2, 0, 1], u32::MAX);
        assert_eq!(g.vertices(), 6);
        let count = g.sum_per_block(|_| 1);
        assert_eq!(count, vec![1, 2, 1, 1, 1, 2]);
        let degree = g.sum_per_block(|v| g.up.of(v).len() + g.down.of(v).len());
        assert_eq!(degree, vec![2, 4, 2, 1, 1, 4]);
    }
}
