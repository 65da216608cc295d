//! DOT (Graphviz): a `digraph` with each zone as a labelled `cluster_…`
//! subgraph, nodes coloured and shaped like the drawing, edges labelled with
//! their likelihood, highlighted paths coloured and thick, the rest faded.
//!
//! Written by hand: petgraph's `Dot` cannot emit clusters or per-element
//! attributes beyond a label, and no maintained DOT-writing crate is in the
//! dependency tree. Every id and label is a quoted, escaped DOT string.

use std::collections::BTreeMap;
use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;

use super::Marked;
use super::text::clean;
use crate::model::TrustGraph;
use crate::numbers::prob;
use crate::palette::{self, Rgb};

/// `s` escaped for the inside of a DOT string: `"` and `\` get a backslash.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '"' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A quoted DOT label: text cleaned to one line of at most `max_chars`.
pub fn quote(s: &str, max_chars: usize) -> String {
    format!("\"{}\"", escape(&clean(s, max_chars)))
}

/// A quoted DOT id: escaped but not cleaned, so distinct ids stay distinct;
/// control characters are spelled out as `<U+XXXX>`.
pub fn quote_id(id: &str) -> String {
    let spelled: String = id
        .chars()
        .map(|c| {
            if c.is_control() {
                format!("<U+{:04X}>", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect();
    format!("\"{}\"", escape(&spelled))
}

/// `#rrggbbaa` with the dimmed opacity, for what is not highlighted.
fn faded(c: Rgb) -> String {
    format!(
        "{}{:02x}",
        c.hex(),
        (palette::DIM_OPACITY * 255.0).round() as u8
    )
}

/// Writes `g` as DOT.
pub fn write(
    g: &TrustGraph,
    marked: &[Marked],
    title: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let (edge_hl, node_hl) = super::highlight_colours(marked);
    let dimming = !marked.is_empty();
    let title = title.unwrap_or(&g.title);

    writeln!(out, "digraph trustpath {{")?;
    writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"DejaVu Sans\", nodesep=0.4, ranksep=0.9, label={}, labelloc=t, fontsize=20];",
        quote(title, 200)
    )?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"DejaVu Sans\", fontsize=11, penwidth=1.5];"
    )?;
    writeln!(
        out,
        "  edge [fontname=\"DejaVu Sans\", fontsize=9, arrowsize=0.8];"
    )?;

    // Zones as clusters, in sorted order; nodes without a zone at top level.
    let mut zones: BTreeMap<&str, Vec<NodeIndex>> = BTreeMap::new();
    for (ix, n) in g.nodes() {
        zones.entry(n.zone.as_str()).or_default().push(ix);
    }
    for (i, (zone, members)) in zones.iter().enumerate() {
        let indent = if zone.is_empty() {
            "  "
        } else {
            writeln!(out, "  subgraph cluster_{i} {{")?;
            writeln!(
                out,
                "    label={}; style=\"rounded,dashed\"; color=\"{}\"; fontcolor=\"{}\"; fontsize=13;",
                quote(zone, 60),
                palette::FRAME.hex(),
                palette::MUTED_INK.hex()
            )?;
            "    "
        };
        for &ix in members {
            let n = g.node(ix);
            let mut lines = Vec::new();
            if n.crown_jewel {
                lines.push("★ CROWN JEWEL".to_owned());
            }
            if n.entry {
                lines.push("▶ ENTRY".to_owned());
            }
            lines.push(escape(&clean(&n.label, 60)));
            // DOT's own "\n" escape separates the badge lines from the label.
            let label = format!("\"{}\"", lines.join("\\n"));
            let (color, width) = if n.entry {
                (palette::ENTRY, 3.0)
            } else if n.crown_jewel {
                (palette::JEWEL, 2.5)
            } else if let Some(c) = node_hl.get(&ix) {
                (*c, 2.5)
            } else {
                (palette::node_kind(&n.kind), 1.5)
            };
            let fill = palette::node_fill(&n.kind);
            let dim = dimming && !node_hl.contains_key(&ix);
            let (color, fill, font) = if dim {
                (faded(color), faded(fill), faded(palette::INK))
            } else {
                (color.hex(), fill.hex(), palette::INK.hex())
            };
            writeln!(
                out,
                "{indent}{} [label={label}, fillcolor=\"{fill}\", color=\"{color}\", fontcolor=\"{font}\", penwidth={width:.1}{}];",
                quote_id(&n.id),
                if n.crown_jewel { ", peripheries=2" } else { "" },
            )?;
        }
        if !zone.is_empty() {
            writeln!(out, "  }}")?;
        }
    }

    for e in g.edges() {
        let hl = edge_hl.get(&e.id);
        let base = hl
            .copied()
            .unwrap_or_else(|| palette::edge_kind(&e.edge.kind));
        let color = if dimming && hl.is_none() {
            faded(base)
        } else {
            base.hex()
        };
        let width = if hl.is_some() {
            3.5
        } else {
            0.8 + 2.2 * e.edge.likelihood
        };
        let name = clean(&e.edge.label, 40);
        let l = prob(e.edge.likelihood);
        let label = if name.is_empty() {
            l
        } else {
            format!("{name} ({l})")
        };
        writeln!(
            out,
            "  {} -> {} [label={}, color=\"{color}\", fontcolor=\"{color}\", penwidth={width:.1}{}];",
            quote_id(&g.node(e.from).id),
            quote_id(&g.node(e.to).id),
            quote(&label, 80),
            if e.edge.bidirectional {
                ", dir=both"
            } else {
                ""
            },
        )?;
    }
    writeln!(out, "}}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_escapes_quotes_and_backslashes() {
        assert_eq!(quote(r#"a"b\c"#, 80), r#""a\"b\\c""#);
        assert_eq!(quote("x\ny", 80), "\"x y\"");
        assert_eq!(quote_id("a\nb\""), r#""a<U+000A>b\"""#);
    }
}
