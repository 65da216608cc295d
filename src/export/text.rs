//! Making untrusted text (labels and notes come from files people share)
//! safe and readable in a drawing: control and bidi-override characters go,
//! whitespace collapses, long text is cut with "…", and numbers are written
//! with a fixed precision so that output is byte-for-byte deterministic.
//!
//! Markup escaping is not done here: the XML writers escape through
//! quick-xml, DOT and Markdown through their own `escape` functions.

/// `s` on one line: control characters become spaces, bidi overrides and
/// non-characters are dropped (they could reorder or hide the rest of a
/// drawing), runs of whitespace collapse, and text longer than `max_chars`
/// ends in "…". Right-to-left text is kept as it is.
pub fn clean(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len().min(max_chars.saturating_mul(4)));
    let mut count = 0;
    let mut space = false;
    for c in s.chars() {
        if matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FFFE}' | '\u{FFFF}')
        {
            continue;
        }
        if c.is_control() || c.is_whitespace() {
            space = count > 0;
            continue;
        }
        if space {
            out.push(' ');
            count += 1;
            space = false;
        }
        out.push(c);
        count += 1;
        // One character past the limit proves there is more: cut and stop.
        if count > max_chars {
            let keep = max_chars.saturating_sub(1);
            let cut = out.char_indices().nth(keep).map_or(out.len(), |(i, _)| i);
            out.truncate(cut);
            out.truncate(out.trim_end().len());
            out.push('…');
            return out;
        }
    }
    out
}

/// `s` cleaned and word-wrapped into at most `max_lines` lines of at most
/// `width` characters; what does not fit ends the last line with "…".
pub fn wrap(s: &str, width: usize, max_lines: usize) -> Vec<String> {
    let text = clean(s, width * max_lines + 1);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    let overflow = lines.len() > max_lines;
    lines.truncate(max_lines);
    for l in &mut lines {
        if l.chars().count() > width {
            *l = clean(l, width);
        }
    }
    if overflow && let Some(last) = lines.last_mut() {
        let cut: String = last.chars().take(width.saturating_sub(1)).collect();
        *last = format!("{}…", cut.trim_end().trim_end_matches('…'));
    }
    lines
}

/// A coordinate with one decimal, never "-0.0".
pub fn f1(x: f64) -> String {
    // Adding +0.0 turns -0.0 into 0.0.
    format!("{:.1}", (x * 10.0).round() / 10.0 + 0.0)
}

/// "1 hop", "3 hops".
pub fn hops(n: usize) -> String {
    if n == 1 {
        "1 hop".into()
    } else {
        format!("{n} hops")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_strips_controls_and_truncates() {
        assert_eq!(clean("  a\u{0}b\n\tc  ", 10), "a b c");
        assert_eq!(clean("abc\u{202E}def", 10), "abcdef");
        assert_eq!(clean("abcdef", 4), "abc…");
        assert_eq!(clean("abcd", 4), "abcd");
        assert_eq!(clean("שלום עולם", 20), "שלום עולם");
    }

    #[test]
    fn wrap_keeps_to_width_and_lines() {
        assert_eq!(wrap("Active Directory", 24, 2), ["Active Directory"]);
        assert_eq!(
            wrap("Core Network & Internal Firewalls", 20, 2),
            ["Core Network &", "Internal Firewalls"]
        );
        let w = wrap("one two three four five six seven eight", 9, 2);
        assert_eq!(w.len(), 2);
        assert!(w[1].ends_with('…'), "{w:?}");
        assert!(w.iter().all(|l| l.chars().count() <= 9), "{w:?}");
        assert_eq!(wrap("", 9, 2), Vec::<String>::new());
    }

    #[test]
    fn numbers_are_fixed() {
        assert_eq!(f1(-0.04), "0.0");
        assert_eq!(f1(12.345), "12.3");
    }
}
