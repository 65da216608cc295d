//! A CSV edge list: `from,to[,kind,likelihood]`, one edge a row.
//!
//! RFC 4180 quoting through the `csv` crate. The header is optional: a first
//! row that names a from and a to column is a header, and then columns are
//! found by name (`from`, `to`, `kind`,
//! `likelihood`, `label`, `notes`, `bidirectional`; other columns become the
//! edge's extra keys). Without a header the columns are positional. Nodes
//! are created from the ids, in order of first appearance. Lines starting
//! with `#` are comments.

use std::collections::HashMap;

use serde_json::Value;

use super::{Read, add_edge, add_node, invalid};
use crate::io::LoadError;
use crate::model::{Edge, Node, TrustGraph, is_valid_likelihood};

const POSITIONAL: [&str; 4] = ["from", "to", "kind", "likelihood"];

fn reader(text: &str) -> ::csv::Reader<&[u8]> {
    ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .trim(::csv::Trim::All)
        .from_reader(text.as_bytes())
}

/// `true` when the text parses as CSV with at least one row and at least two
/// columns in every row.
pub(super) fn looks_like(text: &str) -> bool {
    let mut rows = 0;
    for record in reader(text).records() {
        match record {
            Ok(r) if r.len() >= 2 => rows += 1,
            Ok(r) if r.iter().all(str::is_empty) => {}
            _ => return false,
        }
    }
    rows > 0
}

/// A first row naming both a from and a to column (`from`/`source`/`src`,
/// `to`/`target`/`dst`, any case, any position) is a header.
fn is_header(first: &::csv::StringRecord) -> bool {
    let names: Vec<&str> = first.iter().map(canonical).collect();
    names.contains(&"from") && names.contains(&"to")
}

pub(super) fn read(text: &str) -> Result<Read, LoadError> {
    let mut g = TrustGraph::new();
    let mut columns: Vec<String> = POSITIONAL.map(str::to_owned).to_vec();
    let mut first = true;
    for record in reader(text).records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            LoadError::Syntax {
                line,
                column: 1,
                message: e.to_string(),
            }
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if std::mem::take(&mut first) && is_header(&record) {
            columns = record.iter().map(|c| canonical(c).to_owned()).collect();
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        let place = format!("line {line}");
        let cells: HashMap<&str, &str> = columns
            .iter()
            .map(String::as_str)
            .zip(record.iter())
            .collect();
        let (Some(from), Some(to)) = (
            cells.get("from").filter(|s| !s.is_empty()),
            cells.get("to").filter(|s| !s.is_empty()),
        ) else {
            return Err(invalid(
                place,
                "needs a from and a to id (columns from,to[,kind,likelihood])",
            ));
        };
        let place = format!("line {line} ({from} → {to})");
        let mut edge = Edge::default();
        for (name, value) in columns.iter().zip(record.iter()) {
            match name.as_str() {
                "from" | "to" => {}
                "kind" => edge.kind = value.to_owned(),
                "label" => edge.label = value.to_owned(),
                "notes" => edge.notes = value.to_owned(),
                "likelihood" if value.is_empty() => {}
                "likelihood" => {
                    edge.likelihood = value
                        .parse::<f64>()
                        .ok()
                        .filter(|&l| is_valid_likelihood(l))
                        .ok_or_else(|| {
                            invalid(
                                place.clone(),
                                format!("likelihood \"{value}\" is not a number in (0, 1]"),
                            )
                        })?;
                }
                "bidirectional" => {
                    edge.bidirectional = match value.to_ascii_lowercase().as_str() {
                        "true" | "1" | "yes" => true,
                        "false" | "0" | "no" | "" => false,
                        _ => {
                            return Err(invalid(
                                place,
                                format!("bidirectional \"{value}\" is not true or false"),
                            ));
                        }
                    }
                }
                _ if value.is_empty() => {}
                other => {
                    edge.extra
                        .insert(other.to_owned(), Value::String(value.to_owned()));
                }
            }
        }
        let mut node = |id: &str| match g.find(id) {
            Some(ix) => Ok(ix),
            None => add_node(&mut g, Node::new(id), &place),
        };
        let (from, to) = (node(from)?, node(to)?);
        add_edge(&mut g, from, to, edge, &place)?;
    }
    Ok(Read::new(g))
}

/// A header cell as the column name it means.
fn canonical(cell: &str) -> &str {
    match cell.to_ascii_lowercase().as_str() {
        "from" | "source" | "src" => "from",
        "to" | "target" | "dst" => "to",
        "kind" | "type" => "kind",
        "likelihood" | "probability" | "weight" => "likelihood",
        "label" => "label",
        "notes" => "notes",
        "bidirectional" => "bidirectional",
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(text: &str) -> Vec<(String, String, String, f64)> {
        let g = read(text).map_err(|e| e.to_string()).unwrap().graph;
        g.edges()
            .map(|e| {
                (
                    g.node(e.from).id.clone(),
                    g.node(e.to).id.clone(),
                    e.edge.kind.clone(),
                    e.edge.likelihood,
                )
            })
            .collect()
    }

    #[test]
    fn header_is_optional_and_quoting_works() {
        let with = edges("from,to,kind,likelihood\na,b,credential,0.5\n\"c,1\",a,,\n");
        let without = edges("a,b,credential,0.5\n\"c,1\",a\n");
        assert_eq!(with, without);
        assert_eq!(with[1], ("c,1".into(), "a".into(), String::new(), 1.0));
    }

    #[test]
    fn named_columns_in_any_order() {
        let e = edges("likelihood,target,source\n0.25,b,a\n");
        assert_eq!(e, [("a".into(), "b".into(), String::new(), 0.25)]);
    }

    #[test]
    fn bad_rows_name_the_line() {
        let err = |t: &str| read(t).err().unwrap().to_string();
        assert_eq!(
            err("a,b\nc,d,x,2\n"),
            "line 2 (c → d): likelihood \"2\" is not a number in (0, 1]"
        );
        assert!(err("a,b\nc\n").starts_with("line 2: needs a from and a to"));
    }
}
