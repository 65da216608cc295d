//! Counting edge crossings between two neighbouring layers, the quality measure
//! the layered layout minimises and the benchmark compares against Graphviz.
//!
//! Barth, Mutzel & Jünger, "Simple and efficient bilayer cross counting"
//! (JGAA 2004): an accumulator tree over the lower layer makes the count
//! O(m log n) instead of the O(m²) pairwise test.

/// Number of pairwise crossings among straight edges between two layers.
///
/// Each edge is `(upper, lower)`: the positions of its ends in the upper and
/// the lower layer. Edges sharing an end never count as crossing. `edges` is
/// sorted in place.
///
/// ```
/// use trustpath::layout::bilayer_crossings;
/// // 0→1 and 1→0 cross once; 0→0 shares an end with 0→1.
/// let mut edges = vec![(0, 1), (1, 0), (0, 0)];
/// assert_eq!(bilayer_crossings(&mut edges), 1);
/// ```
pub fn bilayer_crossings(edges: &mut [(u32, u32)]) -> u64 {
    let Some(max_lower) = edges.iter().map(|&(_, l)| l).max() else {
        return 0;
    };
    edges.sort_unstable();
    let leaves = (max_lower as usize + 1).next_power_of_two();
    let first_leaf = leaves - 1;
    let mut tree = vec![0u64; 2 * leaves - 1];
    let mut crossings = 0;
    for &(_, lower) in edges.iter() {
        let mut index = first_leaf + lower as usize;
        tree[index] += 1;
        while index > 0 {
            // A left child: every edge already counted in its right sibling
            // ends further right in the lower layer but started no later, so
            // it crosses this one.
            if index % 2 == 1 {
                crossings += tree[index + 1];
            }
            index = (index - 1) / 2;
            tree[index] += 1;
        }
    }
    crossings
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(edges: &[(u32, u32)]) -> u64 {
        let mut c = 0;
        for (i, a) in edges.iter().enumerate() {
            for b in &edges[i + 1..] {
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    c += 1;
                }
            }
        }
        c
    }

    proptest! {
        #[test]
        fn matches_pairwise_count(edges in prop::collection::vec((0u32..8, 0u32..8), 0..40)) {
            let mut sorted = edges.clone();
            prop_assert_eq!(bilayer_crossings(&mut sorted), brute(&edges));
        }
    }
}
