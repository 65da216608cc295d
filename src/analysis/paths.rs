//! The k most likely loop-free paths from a set of sources to a set of
//! targets (Yen's algorithm), most likely first, ties broken by fewer hops.
//!
//! Written here rather than taken from `pathfinding::yen` (which the tests
//! use as a cross-check) because the contract needs three things that crate
//! does not offer: a hop limit (a resource constraint the spur searches must
//! respect), exact multi-target semantics (a path may run *through* a target
//! to another one), and speed on 100k-node graphs, which comes from an A*
//! spur search guided by exact distances to the targets plus Lawler's rule
//! (only spur from where a path deviated from its parent).
//!
//! Arithmetic: a path's likelihood is the product of its edges' likelihoods,
//! multiplied in path order from the source, exactly as the contract defines
//! it; the search compares these very products (no logarithms, whose rounding
//! would split true ties such as 0.25 against 0.5 × 0.5), and on equal
//! likelihood the path with fewer hops ranks first.
//!
//! Complexity: O(k · L · S) where L is the path length and S one spur search,
//! which is O(E log V) at worst and far less with the A* heuristic.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet, VecDeque};

use petgraph::stable_graph::NodeIndex;

use super::view::{EdgeFilter, Parallel, TrustView};
use crate::model::{EdgeId, TrustGraph};

/// What to look for.
#[derive(Clone, Debug, Default)]
pub struct PathQuery {
    pub sources: Vec<NodeIndex>,
    pub targets: Vec<NodeIndex>,
    /// How many paths at most.
    pub k: usize,
    /// Longest path, in edges; `None` for no limit.
    pub max_hops: Option<usize>,
    /// Which edges may be used (kinds, what-if cuts and hardening).
    pub filter: EdgeFilter,
}

impl PathQuery {
    /// From every entry to every crown jewel, the `k` most likely.
    pub fn entries_to_jewels(g: &TrustGraph, k: usize) -> Self {
        Self {
            sources: g.entries(),
            targets: g.crown_jewels(),
            k,
            ..Self::default()
        }
    }
}

/// One loop-free path.
#[derive(Clone, Debug, PartialEq)]
pub struct TrustPath {
    /// The nodes, first the source, last the target; all distinct.
    pub nodes: Vec<NodeIndex>,
    /// The edge used for each hop (`edges[i]` joins `nodes[i]` and `nodes[i+1]`).
    pub edges: Vec<EdgeId>,
    /// Product of the hops' likelihoods, in path order.
    pub likelihood: f64,
}

impl TrustPath {
    pub fn hops(&self) -> usize {
        self.edges.len()
    }
}

/// A (partial) path's rank: its likelihood, multiplied in path order, then
/// its hops. Ordered so that *smaller is better*: more likely first, then
/// fewer hops.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cost {
    likelihood: f64,
    hops: u32,
}

impl Cost {
    const START: Cost = Cost {
        likelihood: 1.0,
        hops: 0,
    };

    /// The cost after one more arc; virtual arcs (likelihood 1, no hop) are free.
    fn then(self, l: f64, hop: u32) -> Cost {
        Cost {
            likelihood: self.likelihood * l,
            hops: self.hops + hop,
        }
    }
}

impl Eq for Cost {}

impl Ord for Cost {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        other
            .likelihood
            .total_cmp(&self.likelihood)
            .then(self.hops.cmp(&other.hops))
    }
}

impl PartialOrd for Cost {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Slack on the A* bound: the heuristic is a product taken from the target
/// end, which may round a few ulps below the in-order product it bounds.
const BOUND_SLACK: f64 = 1.0 + 1e-9;

/// The k most likely loop-free paths for `q`, most likely first, ties by fewer
/// hops, then by node order. Paths of zero hops (a node that is both a source
/// and a target) are not reported.
///
/// ```
/// use trustpath::{analysis::{most_likely_paths, PathQuery}, io::load_bytes};
/// let g = load_bytes(br#"{"version": 1,
///   "nodes": [{"id": "a", "entry": true}, {"id": "b"}, {"id": "c", "crown_jewel": true}],
///   "edges": [{"from": "a", "to": "b", "likelihood": 0.5}, {"from": "b", "to": "c"},
///             {"from": "a", "to": "c", "likelihood": 0.2}]}"#).unwrap();
/// let paths = most_likely_paths(&g, &PathQuery::entries_to_jewels(&g, 10));
/// assert_eq!(paths.len(), 2);
/// assert_eq!((paths[0].likelihood, paths[0].hops()), (0.5, 2));
/// ```
pub fn most_likely_paths(g: &TrustGraph, q: &PathQuery) -> Vec<TrustPath> {
    if q.k == 0 || q.sources.is_empty() || q.targets.is_empty() {
        return Vec::new();
    }
    let view = TrustView::new(g, &q.filter, Parallel::MostLikely);
    let ext = Extended::new(&view, &q.sources, &q.targets);
    let budget = q.max_hops.map(|h| u32::try_from(h).unwrap_or(u32::MAX));
    Yen::new(&ext, budget)
        .run(q.k)
        .into_iter()
        .map(|p| {
            let arcs = &p.arcs[1..p.arcs.len() - 1];
            TrustPath {
                nodes: p.nodes[1..p.nodes.len() - 1]
                    .iter()
                    .map(|&v| NodeIndex::new(v as usize))
                    .collect(),
                edges: arcs.iter().map(|&a| ext.arc_edge[a as usize]).collect(),
                likelihood: p.cost.likelihood,
            }
        })
        .collect()
}

/// The view plus a virtual source `S` (free arcs to every source) and a
/// virtual sink `T` (free arcs from every target), so that many sources and
/// targets become one pair, and "stop at this target" is an arc Yen can block
/// to find the paths that go on through it.
struct Extended {
    n: usize,
    s: u32,
    t: u32,
    start: Vec<u32>,
    arc_to: Vec<u32>,
    arc_likelihood: Vec<f64>,
    /// 1 for a real arc, 0 for a virtual one.
    arc_hop: Vec<u32>,
    arc_edge: Vec<EdgeId>,
    /// h[v]: the highest likelihood from v to T on the unblocked graph
    /// (0 where T is unreachable): the A* bound.
    h: Vec<f64>,
    /// Fewest real hops from v to T, for pruning under a hop limit.
    min_hops: Vec<u32>,
}

impl Extended {
    fn new(view: &TrustView, sources: &[NodeIndex], targets: &[NodeIndex]) -> Self {
        let n = view.n + 2;
        let (s, t) = (view.n as u32, view.n as u32 + 1);
        let mut is_target = vec![false; n];
        for v in targets.iter().filter(|v| v.index() < view.n) {
            is_target[v.index()] = true;
        }
        let mut sources: Vec<u32> = sources
            .iter()
            .map(|v| v.index() as u32)
            .filter(|&v| v < s)
            .collect();
        sources.sort_unstable();
        sources.dedup();
        // (to, likelihood, hop, edge) per arc, grouped by tail.
        let virtual_edge = EdgeId(u64::MAX);
        let mut arcs: Vec<(u32, f64, u32, EdgeId)> = Vec::with_capacity(view.arc_count() + n);
        let mut start = Vec::with_capacity(n + 1);
        for v in 0..view.n as u32 {
            start.push(arcs.len() as u32);
            arcs.extend(view.out(v).iter().map(|a| (a.to, a.likelihood, 1, a.edge)));
            if is_target[v as usize] {
                arcs.push((t, 1.0, 0, virtual_edge));
            }
        }
        start.push(arcs.len() as u32);
        arcs.extend(sources.iter().map(|&v| (v, 1.0, 0, virtual_edge)));
        start.push(arcs.len() as u32);
        start.push(arcs.len() as u32);
        let mut ext = Self {
            n,
            s,
            t,
            start,
            arc_to: arcs.iter().map(|a| a.0).collect(),
            arc_likelihood: arcs.iter().map(|a| a.1).collect(),
            arc_hop: arcs.iter().map(|a| a.2).collect(),
            arc_edge: arcs.iter().map(|a| a.3).collect(),
            h: Vec::new(),
            min_hops: Vec::new(),
        };
        ext.compute_bounds_to_sink();
        ext
    }

    fn out(&self, v: u32) -> std::ops::Range<usize> {
        self.start[v as usize] as usize..self.start[v as usize + 1] as usize
    }

    /// Backward from T: the best likelihood (a max-product Dijkstra) and the
    /// fewest hops (a 0-1 BFS) to reach T from every node.
    fn compute_bounds_to_sink(&mut self) {
        let mut rev_start = vec![0u32; self.n + 1];
        for &w in &self.arc_to {
            rev_start[w as usize + 1] += 1;
        }
        for i in 0..self.n {
            rev_start[i + 1] += rev_start[i];
        }
        let mut fill = rev_start.clone();
        let mut rev_arcs = vec![0u32; self.arc_to.len()];
        for v in 0..self.n as u32 {
            for a in self.out(v) {
                let w = self.arc_to[a] as usize;
                rev_arcs[fill[w] as usize] = a as u32;
                fill[w] += 1;
            }
        }
        let tail_of = {
            let mut tail = vec![0u32; self.arc_to.len()];
            for v in 0..self.n as u32 {
                for a in self.out(v) {
                    tail[a] = v;
                }
            }
            tail
        };
        let incoming = |w: u32| {
            rev_arcs[rev_start[w as usize] as usize..rev_start[w as usize + 1] as usize].iter()
        };
        let mut h = vec![0.0f64; self.n];
        let mut heap = BinaryHeap::new();
        h[self.t as usize] = 1.0;
        heap.push(Prob(1.0, self.t));
        while let Some(Prob(p, w)) = heap.pop() {
            if p < h[w as usize] {
                continue;
            }
            for &a in incoming(w) {
                let v = tail_of[a as usize];
                let np = self.arc_likelihood[a as usize] * p;
                if np > h[v as usize] {
                    h[v as usize] = np;
                    heap.push(Prob(np, v));
                }
            }
        }
        let mut min_hops = vec![u32::MAX; self.n];
        let mut queue = VecDeque::new();
        min_hops[self.t as usize] = 0;
        queue.push_back(self.t);
        while let Some(w) = queue.pop_front() {
            for &a in incoming(w) {
                let v = tail_of[a as usize];
                let hop = self.arc_hop[a as usize];
                let nh = min_hops[w as usize] + hop;
                if nh < min_hops[v as usize] {
                    min_hops[v as usize] = nh;
                    if hop == 0 {
                        queue.push_front(v);
                    } else {
                        queue.push_back(v);
                    }
                }
            }
        }
        self.h = h;
        self.min_hops = min_hops;
    }
}

/// A heap entry for the max-product Dijkstra: highest likelihood first.
#[derive(PartialEq)]
struct Prob(f64, u32);

impl Eq for Prob {}

impl Ord for Prob {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0).then(other.1.cmp(&self.1))
    }
}

impl PartialOrd for Prob {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A path of the extended graph, S … T.
#[derive(Clone, Debug, PartialEq, Eq)]
struct ExtPath {
    nodes: Vec<u32>,
    /// Arc positions: `arcs[i]` leaves `nodes[i]`.
    arcs: Vec<u32>,
    cost: Cost,
    /// Where it left its parent path (Lawler): spur only from here on.
    deviation: usize,
}

impl Ord for ExtPath {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.cost, &self.nodes).cmp(&(other.cost, &other.nodes))
    }
}

impl PartialOrd for ExtPath {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// A search label: a partial path ending at `node`, linked to its parent label.
#[derive(Clone, Copy)]
struct Label {
    node: u32,
    parent: u32,
    arc: u32,
    cost: Cost,
}

/// A heap entry of the spur search: the A* bound first, then the label.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Open {
    bound: Cost,
    label: u32,
}

/// Yen's state with reusable search buffers; per-search data is stamped so a
/// search never clears an n-sized array.
struct Yen<'a> {
    ext: &'a Extended,
    budget: Option<u32>,
    stamp: u32,
    blocked: Vec<u32>,
    /// Labels kept at each node this search (not dominated in cost and hops).
    frontier_stamp: Vec<u32>,
    frontier: Vec<Vec<Cost>>,
    labels: Vec<Label>,
    heap: BinaryHeap<Reverse<Open>>,
}

impl<'a> Yen<'a> {
    fn new(ext: &'a Extended, budget: Option<u32>) -> Self {
        Self {
            ext,
            budget,
            stamp: 0,
            blocked: vec![0; ext.n],
            frontier_stamp: vec![0; ext.n],
            frontier: vec![Vec::new(); ext.n],
            labels: Vec::new(),
            heap: BinaryHeap::new(),
        }
    }

    /// Accepts paths, best first, until `k` of them have at least one hop
    /// (a zero-hop path, from a node that is both source and target, is
    /// accepted so that its deviations are explored, but not reported).
    fn run(&mut self, k: usize) -> Vec<ExtPath> {
        let ext = self.ext;
        let Some(first) = self.spur_search(ext.s, Cost::START, &[], &[]) else {
            return Vec::new();
        };
        let mut accepted = vec![ExtPath {
            nodes: first.0,
            arcs: first.1,
            cost: first.2,
            deviation: 0,
        }];
        let mut candidates: BinaryHeap<Reverse<ExtPath>> = BinaryHeap::new();
        let mut seen: HashSet<Vec<u32>> = HashSet::new();
        seen.insert(accepted[0].nodes.clone());
        let real = |p: &ExtPath| p.cost.hops > 0;
        let mut found = usize::from(real(&accepted[0]));
        while found < k {
            let prev = accepted
                .last()
                .expect("at least one path is accepted")
                .clone();
            // The root's cost, multiplied in path order as the contract says.
            let mut root_cost = prev.arcs[..prev.deviation]
                .iter()
                .fold(Cost::START, |c, &a| {
                    c.then(ext.arc_likelihood[a as usize], ext.arc_hop[a as usize])
                });
            for i in prev.deviation..prev.nodes.len() - 1 {
                let root = &prev.nodes[..=i];
                let blocked_arcs: Vec<u32> = accepted
                    .iter()
                    .filter(|p| p.nodes.len() > i + 1 && p.nodes[..=i] == *root)
                    .map(|p| p.arcs[i])
                    .collect();
                if let Some((nodes, arcs, cost)) =
                    self.spur_search(prev.nodes[i], root_cost, &prev.nodes[..i], &blocked_arcs)
                {
                    let mut full_nodes = prev.nodes[..i].to_vec();
                    full_nodes.extend_from_slice(&nodes);
                    if seen.insert(full_nodes.clone()) {
                        let mut full_arcs = prev.arcs[..i].to_vec();
                        full_arcs.extend_from_slice(&arcs);
                        candidates.push(Reverse(ExtPath {
                            nodes: full_nodes,
                            arcs: full_arcs,
                            cost,
                            deviation: i,
                        }));
                    }
                }
                let a = prev.arcs[i] as usize;
                root_cost = root_cost.then(ext.arc_likelihood[a], ext.arc_hop[a]);
            }
            let Some(Reverse(next)) = candidates.pop() else {
                break;
            };
            found += usize::from(real(&next));
            accepted.push(next);
        }
        accepted.retain(real);
        accepted
    }

    /// The best path from `from` to T that continues a root of cost
    /// `root_cost`, avoiding `blocked_nodes` and the arcs `blocked_arcs`
    /// (which leave `from`), within the hop budget. Returns its nodes and
    /// arcs from `from` on, and the cost of the whole path.
    ///
    /// A* over labels: the bound of a label is its likelihood times the best
    /// likelihood to T on the unblocked graph (with a little slack for
    /// rounding), and its hops plus the fewest hops to T. The bound never
    /// undershoots, so the first label to reach T is the best path; labels are
    /// pruned when another label at the same node is at least as likely with no
    /// more hops (which also rules out loops).
    fn spur_search(
        &mut self,
        from: u32,
        root_cost: Cost,
        blocked_nodes: &[u32],
        blocked_arcs: &[u32],
    ) -> Option<(Vec<u32>, Vec<u32>, Cost)> {
        let (ext, budget) = (self.ext, self.budget);
        let within_budget = |c: Cost, v: u32| {
            budget.is_none_or(|b| c.hops.saturating_add(ext.min_hops[v as usize]) <= b)
        };
        // Unreachable by hop count, not by h == 0: a product of tiny
        // likelihoods underflows to 0 on paths that exist.
        if ext.min_hops[from as usize] == u32::MAX || !within_budget(root_cost, from) {
            return None;
        }
        self.stamp += 1;
        let stamp = self.stamp;
        for &v in blocked_nodes {
            self.blocked[v as usize] = stamp;
        }
        self.blocked[from as usize] = stamp;
        self.labels.clear();
        self.heap.clear();
        self.labels.push(Label {
            node: from,
            parent: u32::MAX,
            arc: u32::MAX,
            cost: root_cost,
        });
        self.heap.push(Reverse(Open {
            bound: self.bound(root_cost, from),
            label: 0,
        }));
        while let Some(Reverse(Open { label: li, .. })) = self.heap.pop() {
            let Label { node: v, cost, .. } = self.labels[li as usize];
            if v == ext.t {
                return Some(self.reconstruct(li));
            }
            for a in ext.out(v) {
                if v == from && blocked_arcs.contains(&(a as u32)) {
                    continue;
                }
                let w = ext.arc_to[a];
                if self.blocked[w as usize] == stamp || ext.min_hops[w as usize] == u32::MAX {
                    continue;
                }
                let next = cost.then(ext.arc_likelihood[a], ext.arc_hop[a]);
                if !within_budget(next, w) || !self.keep(w, next) {
                    continue;
                }
                let label = self.labels.len() as u32;
                self.labels.push(Label {
                    node: w,
                    parent: li,
                    arc: a as u32,
                    cost: next,
                });
                self.heap.push(Reverse(Open {
                    bound: self.bound(next, w),
                    label,
                }));
            }
        }
        None
    }

    /// The optimistic cost of completing `c` from `v` to T.
    fn bound(&self, c: Cost, v: u32) -> Cost {
        Cost {
            likelihood: c.likelihood * self.ext.h[v as usize] * BOUND_SLACK,
            hops: c.hops.saturating_add(self.ext.min_hops[v as usize]),
        }
    }

    /// Records `c` at `w` unless a label already there dominates it; drops
    /// the labels `c` dominates. Without a hop budget one label per node is
    /// enough (the best); under a budget a less likely label with fewer hops
    /// may still be the only one that fits, so the (likelihood, hops) Pareto
    /// front is kept.
    fn keep(&mut self, w: u32, c: Cost) -> bool {
        let w = w as usize;
        if self.frontier_stamp[w] != self.stamp {
            self.frontier_stamp[w] = self.stamp;
            self.frontier[w].clear();
        }
        let dominates = |a: &Cost, b: &Cost| match self.budget {
            None => a <= b,
            Some(_) => a.likelihood >= b.likelihood && a.hops <= b.hops,
        };
        let f = &self.frontier[w];
        if f.iter().any(|o| dominates(o, &c)) {
            return false;
        }
        let f = &mut self.frontier[w];
        f.retain(|o| !dominates(&c, o));
        f.push(c);
        true
    }

    fn reconstruct(&self, mut li: u32) -> (Vec<u32>, Vec<u32>, Cost) {
        let cost = self.labels[li as usize].cost;
        let mut nodes = Vec::new();
        let mut arcs = Vec::new();
        loop {
            let l = self.labels[li as usize];
            nodes.push(l.node);
            if l.parent == u32::MAX {
                break;
            }
            arcs.push(l.arc);
            li = l.parent;
        }
        nodes.reverse();
        arcs.reverse();
        (nodes, arcs, cost)
    }
}
