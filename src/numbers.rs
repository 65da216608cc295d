//! How likelihoods read in every text trustpath writes: reports, drawings,
//! the command line, what-if descriptions. Shared by the analysis and the
//! exporters, so it belongs to neither.

/// A likelihood or probability: at most six decimals, trailing zeros trimmed
/// ("0.084", "1"); below that, three significant digits ("2.5e-8"), so a
/// small but real chance never reads as 0.
pub fn prob(x: f64) -> String {
    let fixed = format!("{x:.6}");
    let fixed = fixed.trim_end_matches('0').trim_end_matches('.');
    match fixed {
        "" | "-" | "0" if x > 0.0 => {
            let sci = format!("{x:.2e}");
            match sci.split_once('e') {
                Some((m, e)) => format!("{}e{e}", m.trim_end_matches('0').trim_end_matches('.')),
                None => sci,
            }
        }
        "" | "-" => "0".into(),
        _ => fixed.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likelihoods_read_short_and_never_zero_when_they_are_not() {
        assert_eq!(prob(0.084), "0.084");
        assert_eq!(prob(1.0), "1");
        assert_eq!(prob(1e-9), "1e-9");
        assert_eq!(prob(2.5e-8), "2.5e-8");
        assert_eq!(prob(0.0), "0");
        assert_eq!(prob(0.0000004), "4e-7");
    }
}
