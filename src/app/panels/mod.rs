//! The side panels, one module each. Each draws from the state and pushes
//! commands; those that edit the query directly call `actions::query_changed`.

pub mod inspector;
pub mod legend;
pub mod paths;
pub mod risk;
pub mod saved_paths;
pub mod search;
pub mod stats;
