//! Compressed sparse rows: every vertex's list in one flat array. The
//! crossing minimisation, the Monte Carlo sampler and the analyses' view of
//! the graph read neighbour lists millions of times, and one contiguous slice per vertex is markedly faster
//! than a `Vec` per vertex. (petgraph's `Csr` wants sorted edges and owns
//! its own node and edge weights; this is the bare index the two need.)

#[derive(Clone, Debug, Default)]
pub(crate) struct Csr<T> {
    start: Vec<u32>,
    items: Vec<T>,
}

impl<T> Csr<T> {
    /// From `(row, item)` pairs already sorted by row.
    pub(crate) fn from_sorted(rows: usize, pairs: Vec<(u32, T)>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0].0 <= w[1].0), "rows unsorted");
        let mut start = vec![0u32; rows + 1];
        for (row, _) in &pairs {
            start[*row as usize + 1] += 1;
        }
        for i in 0..rows {
            start[i + 1] += start[i];
        }
        let items = pairs.into_iter().map(|(_, item)| item).collect();
        Csr { start, items }
    }

    /// The items of `row`.
    #[inline]
    pub(crate) fn of(&self, row: u32) -> &[T] {
        let row = row as usize;
        &self.items[self.start[row] as usize..self.start[row + 1] as usize]
    }

    /// Items in all rows.
    pub(crate) fn len(&self) -> usize {
        self.items.len()
    }
}

impl<T: Copy + Default> Csr<T> {
    /// From `(row, item)` pairs in O(rows + items), a counting sort: a row's
    /// items keep their input order.
    pub(crate) fn new(rows: usize, pairs: impl Iterator<Item = (u32, T)> + Clone) -> Self {
        let mut start = vec![0u32; rows + 1];
        for (row, _) in pairs.clone() {
            start[row as usize + 1] += 1;
        }
        for i in 0..rows {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut items = vec![T::default(); start[rows] as usize];
        for (row, item) in pairs {
            let slot = &mut fill[row as usize];
            items[*slot as usize] = item;
            *slot += 1;
        }
        Csr { start, items }
    }
}

#[cfg(test)]
mod tests {
    use super::Csr;

    #[test]
    fn rows_keep_their_items_in_input_order() {
        let csr = Csr::new(3, [(2, 'a'), (0, 'b'), (2, 'c')].into_iter());
        assert_eq!(csr.of(0), ['b']);
        assert!(csr.of(1).is_empty());
        assert_eq!(csr.of(2), ['a', 'c']);
        let sorted = Csr::from_sorted(3, vec![(0, 'b'), (2, 'a'), (2, 'c')]);
        assert_eq!(
            (sorted.of(0), sorted.of(1), sorted.of(2)),
            (csr.of(0), csr.of(1), csr.of(2))
        );
        assert_eq!(sorted.len(), 3);
    }
}
