//! Counting loop-free source→target paths, which grows exponentially with
//! the graph: the count stops at a cap (or a work budget) and then says
//! "at least N" rather than running for ever.

use petgraph::stable_graph::NodeIndex;

use super::view::{EdgeFilter, Parallel, TrustView};
use crate::model::TrustGraph;

/// A path count that may have stopped early.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PathCount {
    pub count: u64,
    /// `false` when the count stopped at the cap or the work budget: the true
    /// count is at least `count`.
    pub exact: bool,
}

impl std::fmt::Display for PathCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = super::thousands(u128::from(self.count));
        if self.exact {
            write!(f, "{n}")
        } else {
            write!(f, "at least {n}")
        }
    }
}

/// Steps of depth-first search allowed per count, so that a dense graph
/// where few paths end at a target still answers quickly.
const WORK_BUDGET: u64 = 20_000_000;

/// Counts loop-free paths of 1 to `max_hops` edges from any source to any
/// target (a path may pass through targets; each prefix ending at a target
/// counts). Stops at `cap`.
pub fn count_paths(
    g: &TrustGraph,
    sources: &[NodeIndex],
    targets: &[NodeIndex],
    max_hops: usize,
    cap: u64,
) -> PathCount {
    let view = TrustView::new(g, &EdgeFilter::default(), Parallel::MostLikely);
    let mut is_target = vec![false; view.n];
    for t in targets {
        is_target[t.index()] = true;
    }
    let mut counter = Counter {
        view: &view,
        is_target,
        on_path: vec![false; view.n],
        max_hops,
        cap,
        count: 0,
        work: 0,
    };
    let mut sources: Vec<u32> = sources.iter().map(|s| s.index() as u32).collect();
    sources.sort_unstable();
    sources.dedup();
    for s in sources {
        if !counter.dfs(s, 0) {
            return PathCount {
                count: counter.count,
                exact: false,
            };
        }
    }
    PathCount {
        count: counter.count,
        exact: true,
    }
}

struct Counter<'a> {
    view: &'a TrustView,
    is_target: Vec<bool>,
    on_path: Vec<bool>,
    max_hops: usize,
    cap: u64,
    count: u64,
    work: u64,
}

impl Counter<'_> {
    /// Returns `false` when the cap or the budget stopped the count.
    fn dfs(&mut self, v: u32, depth: usize) -> bool {
        self.work += 1;
        if self.work > WORK_BUDGET {
            return false;
        }
        if depth > 0 && self.is_target[v as usize] {
            self.count += 1;
            if self.count >= self.cap {
                return false;
            }
        }
        if depth == self.max_hops {
            return true;
        }
        self.on_path[v as usize] = true;
        for a in self.view.out(v) {
            if !self.on_path[a.to as usize] && !self.dfs(a.to, depth + 1) {
                self.on_path[v as usize] = false;
                return false;
            }
        }
        self.on_path[v as usize] = false;
        true
    }
}
