//! Analyses over the model: paths, reachability, path counts, stats, risk,
//! choke points and what-if. Pure functions of a
//! [`TrustGraph`](crate::model::TrustGraph); one family per file, re-exported
//! flat here. No egui, no I/O.

mod count;
mod cuts;
mod exact;
mod paths;
mod ranking;
mod reach;
mod risk;
mod stats;
mod view;
mod whatif;

pub use count::{PathCount, count_paths};
pub use cuts::{ChokePoints, choke_points, min_edge_cut, min_node_cut};
pub use exact::{EXACT_MAX_UNCERTAIN, ExactRisk, exact_risk};
pub use paths::{PathQuery, TrustPath, most_likely_paths};
pub use ranking::{RankOptions, Ranked, Ranking, rank};
pub use reach::reach;
pub use risk::{CHUNK, Cancelled, Control, Estimate, RiskQuery, RiskReport, estimate_risk};
pub use stats::{
    COUNT_CAP, COUNT_MAX_HOPS, ChokePointsJson, Combinations, EstimateJson, GraphStats,
    PartsVsWhole, PartsVsWholeJson, RankedJson, RankingJson, RiskStats, RiskStatsJson, StatsJson,
    graph_stats, risk_stats, thousands,
};
pub use view::{Arc, EdgeFilter, Parallel, TrustView};
pub use whatif::{
    CompareOptions, EdgeRef, HardenedEdge, HardenedNode, JewelDelta, SCENARIOS_KEY, Scenario,
    WhatIfReport, check_scenarios, compare, scenarios, set_scenarios,
};
