//! The path report: the text an analyst pastes into a report. Markdown (a
//! summary table of the paths, then each path hop by hop) and CSV (one row
//! per hop). Paths are numbered as in the drawings: the computed ones by
//! rank, then the saved annotated ones.

use std::io::{self, Write};

use super::Marked;
use super::text::clean;
use crate::model::TrustGraph;
use crate::numbers::prob;

/// `s` as one line of Markdown text: cleaned, and the characters that would
/// start markup (emphasis, links, HTML, table cells, code) backslash-escaped,
/// so a hostile label stays text. `&` is escaped only where it could start
/// an entity, to keep "R&D" readable.
pub fn md(s: &str, max_chars: usize) -> String {
    let text = clean(s, max_chars);
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.char_indices() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~'
        ) || (c == '&' && starts_entity(&text[i + 1..]))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether the text after an `&` reads as an entity (`amp;`, `#60;`).
fn starts_entity(rest: &str) -> bool {
    let name = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .unwrap_or(rest.len());
    name > 0 && rest[name..].starts_with(';')
}

/// The node chain of a path as labels joined by arrows.
fn chain(g: &TrustGraph, m: &Marked) -> String {
    m.path
        .nodes
        .iter()
        .filter_map(|&v| g.node_opt(v))
        .map(|n| md(&n.label, 60))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// One hop of a path, as the report shows it.
struct Hop<'g> {
    from: &'g crate::model::Node,
    to: &'g crate::model::Node,
    edge: &'g crate::model::Edge,
}

fn hops<'g>(g: &'g TrustGraph, m: &Marked) -> Vec<Hop<'g>> {
    m.path
        .edges
        .iter()
        .zip(m.path.nodes.windows(2))
        .filter_map(|(&id, pair)| {
            Some(Hop {
                from: g.node_opt(pair[0])?,
                to: g.node_opt(pair[1])?,
                edge: g.edge(id)?.edge,
            })
        })
        .collect()
}

/// Writes the Markdown report.
pub fn markdown(
    g: &TrustGraph,
    marked: &[Marked],
    title: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let title = title.unwrap_or(&g.title);
    let title = if title.is_empty() {
        "Attack paths".to_owned()
    } else {
        format!("Attack paths: {}", md(title, 200))
    };
    writeln!(out, "# {title}\n")?;
    if marked.is_empty() {
        writeln!(out, "No path from the entry points to the crown jewels.")?;
        return Ok(());
    }
    writeln!(
        out,
        "{} paths, most likely first; a path's likelihood is the product of its hops' likelihoods.\n",
        marked.len()
    )?;
    writeln!(out, "| # | Name | Likelihood | Hops | Path |")?;
    writeln!(out, "|---:|---|---:|---:|---|")?;
    for (i, m) in marked.iter().enumerate() {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            i + 1,
            md(&m.name, 60),
            prob(m.path.likelihood),
            m.path.hops(),
            chain(g, m)
        )?;
    }
    for (i, m) in marked.iter().enumerate() {
        let name = if m.name.is_empty() {
            String::new()
        } else {
            format!(" {}:", md(&m.name, 60))
        };
        writeln!(
            out,
            "\n## {}.{name} likelihood {}, {}\n",
            i + 1,
            prob(m.path.likelihood),
            super::text::hops(m.path.hops())
        )?;
        writeln!(out, "{}\n", chain(g, m))?;
        if !m.note.is_empty() {
            writeln!(out, "**Note:** {}\n", md(&m.note, 2000))?;
        }
        writeln!(
            out,
            "| Hop | From | To | Edge kind | Label | Likelihood | Note |"
        )?;
        writeln!(out, "|---:|---|---|---|---|---:|---|")?;
        for (j, h) in hops(g, m).iter().enumerate() {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} |",
                j + 1,
                md(&h.from.label, 60),
                md(&h.to.label, 60),
                md(&h.edge.kind, 40),
                md(&h.edge.label, 120),
                prob(h.edge.likelihood),
                md(&h.edge.notes, 500)
            )?;
        }
    }
    Ok(())
}

/// A CSV text cell: cleaned to one line and, if it starts like a formula
/// (`=`, `+`, `-`, `@`), prefixed with `'` so spreadsheets show it as text
/// instead of running it (CSV injection).
fn cell(s: &str, max_chars: usize) -> String {
    let text = clean(s, max_chars);
    if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text
    }
}

/// Writes the CSV report: a header, then one row per hop (RFC 4180 quoting
/// by the `csv` crate).
pub fn csv(g: &TrustGraph, marked: &[Marked], out: &mut dyn Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    let to_io = |e: ::csv::Error| io::Error::other(e.to_string());
    w.write_record([
        "rank",
        "path_name",
        "path_likelihood",
        "hop",
        "from",
        "to",
        "edge_kind",
        "label",
        "likelihood",
        "note",
    ])
    .map_err(to_io)?;
    for (i, m) in marked.iter().enumerate() {
        for (j, h) in hops(g, m).iter().enumerate() {
            w.write_record([
                (i + 1).to_string(),
                cell(&m.name, 200),
                prob(m.path.likelihood),
                (j + 1).to_string(),
                cell(&h.from.id, 500),
                cell(&h.to.id, 500),
                cell(&h.edge.kind, 200),
                cell(&h.edge.label, 500),
                prob(h.edge.likelihood),
                cell(&h.edge.notes, 2000),
            ])
            .map_err(to_io)?;
        }
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(
            md("<script>a|b</script>", 80),
            "\\<script\\>a\\|b\\</script\\>"
        );
        assert_eq!(md("R&D &amp; *x*", 80), "R&D \\&amp; \\*x\\*");
    }

    #[test]
    fn csv_cells_defuse_formulas() {
        assert_eq!(cell("=cmd()", 80), "'=cmd()");
        assert_eq!(cell("plain", 80), "plain");
    }
}
