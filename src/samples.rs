//! The sample graphs shipped in `sample-graphs/`, embedded in the binary so
//! that `trustpath` with no arguments opens on something real.

/// (file name, contents) of every sample, the default first.
pub const SAMPLES: &[(&str, &str)] = &[
    (
        "enterprise-35.json",
        include_str!("../sample-graphs/enterprise-35.json"),
    ),
    (
        "hospital.json",
        include_str!("../sample-graphs/hospital.json"),
    ),
    (
        "ot-plant.json",
        include_str!("../sample-graphs/ot-plant.json"),
    ),
    (
        "supply-chain.json",
        include_str!("../sample-graphs/supply-chain.json"),
    ),
];

/// The graph the GUI opens when given no file.
pub fn default_sample() -> crate::model::TrustGraph {
    crate::io::load_bytes(SAMPLES[0].1.as_bytes()).expect("the embedded samples are valid (tested)")
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_sample_loads_and_has_paths() {
        for (name, text) in super::SAMPLES {
            let g =
                crate::io::load_bytes(text.as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"));
            let paths = crate::analysis::most_likely_paths(
                &g,
                &crate::analysis::PathQuery::entries_to_jewels(&g, 10),
            );
            let distinct: std::collections::HashSet<_> = paths
                .iter()
                .map(|p| (p.nodes[0], *p.nodes.last().unwrap()))
                .collect();
            assert!(
                distinct.len() >= 3,
                "{name}: only {} distinct entry→jewel pairs",
                distinct.len()
            );
        }
    }
}
