//! Layer assignment by network simplex (Gansner, Koutsofios, North & Vo, "A
//! technique for drawing directed graphs", IEEE TSE 1993 — what Graphviz
//! `dot` uses): the layering of a DAG that minimises the total edge length,
//! hence the number of dummy vertices and, in practice, crossings.
//!
//! The first-layer nodes (entries) are merged into one node that every other
//! node must not precede, the last-layer nodes (crown jewels) into one that
//! no node may follow (edges of length ≥ 0 and weight 0). Those two also make
//! the graph connected, as the method requires.
//!
//! Each pivot recomputes the tree numbering and cut values in O(V + E), as
//! dagre does; the pivots are few on sparse graphs. The caller falls back to a
//! cheaper heuristic on very large graphs.

use std::collections::BTreeMap;

/// One constraint edge: `rank[head] − rank[tail] ≥ minlen`, cost `weight`
/// per unit of length.
#[derive(Clone, Copy, Debug)]
struct Arc {
    tail: usize,
    head: usize,
    minlen: i64,
    weight: i64,
}

/// Layers of nodes `0..n` of the DAG `pairs`: `first` nodes on layer 0,
/// `last` nodes on the highest layer, total edge length minimal.
pub(crate) fn network_simplex(
    n: usize,
    pairs: &[(u32, u32)],
    first: &[bool],
    last: &[bool],
) -> Vec<u32> {
    // Node 0 stands for all `first` nodes, 1 for all `last` nodes.
    let group: Vec<usize> = (0..n)
        .map(|v| {
            if first[v] {
                0
            } else if last[v] {
                1
            } else {
                2 + v
            }
        })
        .collect();
    let count = n + 2;
    let mut merged: BTreeMap<(usize, usize), (i64, i64)> = BTreeMap::new();
    let mut add = |t: usize, h: usize, minlen: i64, weight: i64| {
        if t != h {
            let e = merged.entry((t, h)).or_insert((0, 0));
            e.0 = e.0.max(minlen);
            e.1 += weight;
        }
    };
    for &(a, b) in pairs {
        add(group[a as usize], group[b as usize], 1, 1);
    }
    for v in 2..count {
        add(0, v, 0, 0);
        add(v, 1, 0, 0);
    }
    add(0, 1, 0, 0);
    let arcs: Vec<Arc> = merged
        .into_iter()
        .map(|((tail, head), (minlen, weight))| Arc {
            tail,
            head,
            minlen,
            weight,
        })
        .collect();
    let mut simplex = Simplex::new(count, arcs);
    simplex.solve();
    let base = simplex.rank[0];
    (0..n)
        .map(|v| (simplex.rank[group[v]] - base).max(0) as u32)
        .collect()
}

struct Simplex {
    arcs: Vec<Arc>,
    /// Arcs incident to each node.
    incident: Vec<Vec<usize>>,
    rank: Vec<i64>,
    in_tree: Vec<bool>,
    /// Postorder number of each node and the smallest in its subtree.
    lim: Vec<usize>,
    low: Vec<usize>,
    /// Tree arc to the parent (`usize::MAX` at the root).
    parent: Vec<usize>,
    cut: Vec<i64>,
}

impl Simplex {
    fn new(count: usize, arcs: Vec<Arc>) -> Self {
        let mut incident = vec![Vec::new(); count];
        for (i, a) in arcs.iter().enumerate() {
            incident[a.tail].push(i);
            incident[a.head].push(i);
        }
        let m = arcs.len();
        Simplex {
            arcs,
            incident,
            rank: vec![0; count],
            in_tree: vec![false; m],
            lim: vec![0; count],
            low: vec![0; count],
            parent: vec![usize::MAX; count],
            cut: vec![0; m],
        }
    }

    fn slack(&self, e: usize) -> i64 {
        let a = self.arcs[e];
        self.rank[a.head] - self.rank[a.tail] - a.minlen
    }

    fn other(&self, e: usize, v: usize) -> usize {
        let a = self.arcs[e];
        if a.tail == v { a.head } else { a.tail }
    }

    fn solve(&mut self) {
        self.longest_path();
        self.feasible_tree();
        self.number_tree();
        self.cut_values();
        let limit = 10 * self.rank.len() + 100;
        for _ in 0..limit {
            let Some(leave) = (0..self.arcs.len()).find(|&e| self.in_tree[e] && self.cut[e] < 0)
            else {
                break;
            };
            let Some(enter) = self.entering(leave) else {
                break;
            };
            self.in_tree[leave] = false;
            self.in_tree[enter] = true;
            self.number_tree();
            self.cut_values();
            self.update_ranks();
        }
    }

    /// A feasible start: every node as early as its predecessors allow.
    fn longest_path(&mut self) {
        let count = self.rank.len();
        let mut indeg = vec![0; count];
        for a in &self.arcs {
            indeg[a.head] += 1;
        }
        let mut queue: Vec<usize> = (0..count).filter(|&v| indeg[v] == 0).collect();
        while let Some(v) = queue.pop() {
            for &e in &self.incident[v] {
                let a = self.arcs[e];
                if a.tail == v {
                    self.rank[a.head] = self.rank[a.head].max(self.rank[v] + a.minlen);
                    indeg[a.head] -= 1;
                    if indeg[a.head] == 0 {
                        queue.push(a.head);
                    }
                }
            }
        }
    }

    /// Grows a spanning tree of tight arcs from node 0, shifting the tree
    /// by the smallest slack whenever it gets stuck.
    fn feasible_tree(&mut self) {
        let count = self.rank.len();
        let mut in_tree_node = vec![false; count];
        in_tree_node[0] = true;
        let mut members = vec![0];
        loop {
            let mut stack = members.clone();
            while let Some(v) = stack.pop() {
                for i in 0..self.incident[v].len() {
                    let e = self.incident[v][i];
                    let w = self.other(e, v);
                    if !in_tree_node[w] && self.slack(e) == 0 {
                        in_tree_node[w] = true;
                        self.in_tree[e] = true;
                        members.push(w);
                        stack.push(w);
                    }
                }
            }
            if members.len() == count {
                return;
            }
            let best = (0..self.arcs.len())
                .filter(|&e| in_tree_node[self.arcs[e].tail] != in_tree_node[self.arcs[e].head])
                .min_by_key(|&e| (self.slack(e), e));
            let Some(e) = best else {
                return;
            };
            let delta = if in_tree_node[self.arcs[e].tail] {
                self.slack(e)
            } else {
                -self.slack(e)
            };
            for &v in &members {
                self.rank[v] += delta;
            }
        }
    }

    /// Postorder numbers (`low`/`lim`) and parent arcs from root 0.
    fn number_tree(&mut self) {
        let count = self.rank.len();
        self.parent.iter_mut().for_each(|p| *p = usize::MAX);
        let mut next = 1;
        let mut visited = vec![false; count];
        // (node, index of the next incident arc to look at)
        let mut stack = vec![(0usize, 0usize)];
        visited[0] = true;
        self.low[0] = next;
        while let Some(&mut (v, ref mut i)) = stack.last_mut() {
            if let Some(&e) = self.incident[v].get(*i) {
                *i += 1;
                let w = self.other(e, v);
                if self.in_tree[e] && !visited[w] {
                    visited[w] = true;
                    self.parent[w] = e;
                    self.low[w] = next;
                    stack.push((w, 0));
                }
            } else {
                self.lim[v] = next;
                next += 1;
                stack.pop();
            }
        }
    }

    /// Cut value of every tree arc, children before parents (dagre's
    /// local formula, O(degree) per arc).
    fn cut_values(&mut self) {
        let mut order: Vec<usize> = (1..self.rank.len()).collect();
        order.sort_unstable_by_key(|&v| self.lim[v]);
        for c in order {
            let pe = self.parent[c];
            if pe == usize::MAX {
                continue;
            }
            let p = self.other(pe, c);
            let child_is_tail = self.arcs[pe].tail == c;
            let mut cut = self.arcs[pe].weight;
            for &e in &self.incident[c] {
                let other = self.other(e, c);
                if other == p {
                    continue;
                }
                let points_to_head = (self.arcs[e].tail == c) == child_is_tail;
                let w = self.arcs[e].weight;
                cut += if points_to_head { w } else { -w };
                if self.in_tree[e] {
                    cut += if points_to_head {
                        -self.cut[e]
                    } else {
                        self.cut[e]
                    };
                }
            }
            self.cut[pe] = cut;
        }
    }

    fn is_descendant(&self, v: usize, root: usize) -> bool {
        self.low[root] <= self.lim[v] && self.lim[v] <= self.lim[root]
    }

    /// The non-tree arc with least slack that reconnects the two halves of
    /// the tree once `leave` is removed, crossing in the other direction.
    fn entering(&self, leave: usize) -> Option<usize> {
        let a = self.arcs[leave];
        let (sub, flip) = if self.lim[a.tail] > self.lim[a.head] {
            (a.head, true)
        } else {
            (a.tail, false)
        };
        (0..self.arcs.len())
            .filter(|&e| {
                let f = self.arcs[e];
                !self.in_tree[e]
                    && flip == self.is_descendant(f.tail, sub)
                    && flip != self.is_descendant(f.head, sub)
            })
            .min_by_key(|&e| (self.slack(e), e))
    }

    /// Ranks from the tree: every tree arc tight, root unchanged.
    fn update_ranks(&mut self) {
        let mut order: Vec<usize> = (1..self.rank.len()).collect();
        // Parents before children: larger postorder number first.
        order.sort_unstable_by_key(|&v| std::cmp::Reverse(self.lim[v]));
        for v in order {
            let e = self.parent[v];
            if e == usize::MAX {
                continue;
            }
            let a = self.arcs[e];
            self.rank[v] = if a.head == v {
                self.rank[a.tail] + a.minlen
            } else {
                self.rank[a.head] - a.minlen
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    fn length(pairs: &[(u32, u32)], rank: &[u32]) -> i64 {
        pairs
            .iter()
            .map(|&(a, b)| i64::from(rank[b as usize]) - i64::from(rank[a as usize]))
            .sum()
    }

    fn feasible(pairs: &[(u32, u32)], first: &[bool], last: &[bool], rank: &[u32]) -> bool {
        let (lo, hi) = (rank.iter().min(), rank.iter().max());
        pairs
            .iter()
            .all(|&(a, b)| rank[b as usize] > rank[a as usize])
            && (0..rank.len())
                .all(|v| (!first[v] || Some(&rank[v]) == lo) && (!last[v] || Some(&rank[v]) == hi))
    }

    /// Minimal total length against every assignment of ranks 0..n.
    #[test]
    fn total_length_is_optimal_on_small_dags() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..200 {
            let n = rng.random_range(2..6usize);
            let mut pairs: Vec<(u32, u32)> = (0..2 * n)
                .map(|_| {
                    let a = rng.random_range(0..n as u32);
                    let b = rng.random_range(0..n as u32);
                    (a.min(b), a.max(b))
                })
                .filter(|(a, b)| a != b)
                .collect();
            pairs.sort_unstable();
            pairs.dedup();
            let mut indeg = vec![0; n];
            let mut outdeg = vec![0; n];
            for &(a, b) in &pairs {
                outdeg[a as usize] += 1;
                indeg[b as usize] += 1;
            }
            let first: Vec<bool> = (0..n)
                .map(|v| indeg[v] == 0 && rng.random_bool(0.5))
                .collect();
            let last: Vec<bool> = (0..n)
                .map(|v| outdeg[v] == 0 && !first[v] && rng.random_bool(0.5))
                .collect();
            let ours = network_simplex(n, &pairs, &first, &last);
            assert!(feasible(&pairs, &first, &last, &ours), "{pairs:?} {ours:?}");
            let mut best = i64::MAX;
            let mut rank = vec![0u32; n];
            'all: loop {
                if feasible(&pairs, &first, &last, &rank) {
                    best = best.min(length(&pairs, &rank));
                }
                for r in rank.iter_mut() {
                    *r += 1;
                    if (*r as usize) < n {
                        continue 'all;
                    }
                    *r = 0;
                }
                break;
            }
            assert_eq!(
                length(&pairs, &ours),
                best,
                "{pairs:?} first {first:?} last {last:?}: {ours:?}"
            );
        }
    }
}
