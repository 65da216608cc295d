//! Overlap removal: pushes nodes apart until no two are closer than a minimum
//! distance, moving only unpinned nodes. Used after every layout (the force
//! layout needs it; the others only when pinned nodes land among theirs).
//!
//! A uniform grid with cells of the minimum distance (kept as a sorted array,
//! which is several times faster than a hash map of cells here) finds close
//! pairs in O(n log n) per round; pairs are resolved one at a time in index
//! order, so the result is deterministic.

/// Rounds before giving up (only reachable when pinned nodes crowd).
const MAX_ROUNDS: usize = 500;

/// Moves unpinned nodes until every pair involving one is at least `min`
/// apart. Coincident nodes separate along a direction derived from their
/// indices.
pub(crate) fn separate(pos: &mut [[f64; 2]], fixed: &[bool], min: f64) {
    // Aim a little beyond `min` so rounding never leaves a pair just short.
    let target = min * 1.02;
    let mut active = vec![true; pos.len()];
    for round in 0..MAX_ROUNDS {
        // The grid as a sorted array of (cell, node): one sort per round,
        // then each 3×3 neighbourhood is three contiguous ranges.
        let mut grid: Vec<(i64, i64, u32)> = pos
            .iter()
            .enumerate()
            .map(|(i, &p)| {
                let (cx, cy) = cell(p, min);
                (cx, cy, i as u32)
            })
            .collect();
        grid.sort_unstable();
        let mut moved = vec![false; pos.len()];
        let mut clean = true;
        for i in 0..pos.len() {
            // Pairs of nodes that both stayed put were apart last round.
            if !active[i] {
                continue;
            }
            let (cx, cy) = cell(pos[i], min);
            for x in cx - 1..=cx + 1 {
                let from = grid.partition_point(|k| (k.0, k.1) < (x, cy - 1));
                let to = grid.partition_point(|k| (k.0, k.1) <= (x, cy + 1));
                for &(.., j) in &grid[from..to] {
                    let j = j as usize;
                    if j == i || (active[j] && j < i) || (fixed[i] && fixed[j]) {
                        continue;
                    }
                    let (mut ux, mut uy) = (pos[j][0] - pos[i][0], pos[j][1] - pos[i][1]);
                    let d = (ux * ux + uy * uy).sqrt();
                    if d >= min {
                        continue;
                    }
                    clean = false;
                    if d < 1e-9 {
                        let a = (i * 7919 + j * 104_729 + round) as f64;
                        (ux, uy) = (a.cos(), a.sin());
                    } else {
                        (ux, uy) = (ux / d, uy / d);
                    }
                    let push = target - d;
                    let (si, sj) = match (fixed[i], fixed[j]) {
                        (true, _) => (0.0, push),
                        (_, true) => (push, 0.0),
                        _ => (push / 2.0, push / 2.0),
                    };
                    pos[i] = [pos[i][0] - ux * si, pos[i][1] - uy * si];
                    pos[j] = [pos[j][0] + ux * sj, pos[j][1] + uy * sj];
                    moved[i] = true;
                    moved[j] = true;
                }
            }
        }
        if clean {
            return;
        }
        active = moved;
    }
}

fn cell(p: [f64; 2], size: f64) -> (i64, i64) {
    ((p[0] / size).floor() as i64, (p[1] / size).floor() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separates_coincident_and_keeps_fixed() {
        let mut pos = vec![[0.0, 0.0]; 5];
        let fixed = [true, false, false, false, false];
        separate(&mut pos, &fixed, 10.0);
        assert_eq!(pos[0], [0.0, 0.0]);
        for i in 0..5 {
            for j in i + 1..5 {
                let d = ((pos[i][0] - pos[j][0]).powi(2) + (pos[i][1] - pos[j][1]).powi(2)).sqrt();
                assert!(d >= 10.0, "{i} {j} {d}");
            }
        }
    }
}
