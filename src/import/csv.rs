//! A CSV edge list: `from,to[,kind,likelihood]`, one edge a row.
//!
//! RFC 4180 quoting through the `csv` crate (a quote left open is an error,
//! not the rest of the file read as one field). The header is optional: a
//! first row naming a from and a to column is a header (one naming an `id`,
//! or a single end beside another known column, is refused for what it
//! lacks; see [`header`]), each column once. Columns are then found by name
//! (`from`, `to`, `kind`, `likelihood`, `label`, `notes`, `bidirectional`;
//! other columns become the edge's extra keys, renamed where they would
//! clash with the format's own). Without a header the columns are
//! positional. Nodes are created from the ids, in order of first
//! appearance. Lines starting with `#` are comments.

use std::collections::HashMap;

use ::csv::StringRecord;
use serde_json::Value;

use super::{Format, Owner, Read, add_edge, add_node, invalid, keep_foreign};
use crate::io::{LoadError, line_column};
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

pub(super) fn read(text: &str) -> Result<Read, LoadError> {
    let mut g = TrustGraph::new();
    let mut columns: Vec<String> = POSITIONAL.map(str::to_owned).to_vec();
    let mut rows = reader(text);
    let mut record = StringRecord::new();
    let mut first = true;
    while rows.read_record(&mut record).map_err(csv_error)? {
        let (line, start, raw) = record_text(text, &record, rows.position().byte());
        if let Some(open) = unclosed_quote(raw) {
            let (line, column) = line_column(text, start + open);
            return Err(LoadError::Syntax {
                line,
                column,
                message: NEVER_CLOSED.into(),
            });
        }
        if std::mem::take(&mut first)
            && let Some(names) = header(&record, line)?
        {
            columns = names;
            continue;
        }
        if record.iter().all(str::is_empty) {
            continue;
        }
        add_row(&mut g, &columns, &record, line)?;
    }
    Ok(Read::new(g))
}

const NEVER_CLOSED: &str = "this quote is never closed";

/// A hint for text no importer recognised: where a quote is left open, when
/// that is what failed detection. The open quote swallows the rest of the
/// file into one field, and a row of one column is not CSV (see
/// [`looks_like`], whose first such row is the one looked at).
pub(super) fn why_not(text: &str) -> Option<String> {
    let mut rows = reader(text);
    let mut record = StringRecord::new();
    while rows.read_record(&mut record).ok()? {
        if record.len() >= 2 || record.iter().all(str::is_empty) {
            continue;
        }
        let (_, start, raw) = record_text(text, &record, rows.position().byte());
        let (line, column) = line_column(text, start + unclosed_quote(raw)?);
        return Some(format!(
            "not valid CSV: line {line}, column {column}: {NEVER_CLOSED}"
        ));
    }
    None
}

/// The line, byte offset and text of `record`, which ends at byte `end`.
///
/// The csv crate places a record where its read began, before the comment
/// and blank lines it skipped, so those are skipped here too: errors then
/// name the record's own line, and a quote in a comment is not scanned.
fn record_text<'a>(text: &'a str, record: &StringRecord, end: u64) -> (usize, usize, &'a str) {
    let (mut line, mut start) = record
        .position()
        .map_or((1, 0), |p| (p.line() as usize, p.byte() as usize));
    let end = usize::try_from(end).map_or(text.len(), |e| e.min(text.len()));
    let mut raw = text.get(start..end).unwrap_or_default();
    while raw.starts_with(['#', '\n', '\r']) {
        let skip = raw.find('\n').map_or(raw.len(), |p| p + 1);
        raw = &raw[skip..];
        start += skip;
        line += 1;
    }
    (line, start, raw)
}

fn csv_error(e: ::csv::Error) -> LoadError {
    LoadError::Syntax {
        line: e.position().map_or(0, |p| p.line() as usize),
        column: 1,
        message: e.to_string(),
    }
}

/// Adds the edge of one data row, and the nodes it names that are new.
fn add_row(
    g: &mut TrustGraph,
    columns: &[String],
    record: &StringRecord,
    line: usize,
) -> Result<(), LoadError> {
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
            format!("line {line}"),
            "needs a from and a to id (columns from,to[,kind,likelihood])",
        ));
    };
    let place = format!("line {line} ({from} → {to})");
    let mut edge = Edge::default();
    for (name, value) in columns.iter().zip(record.iter()) {
        set_cell(&mut edge, name, value, &place)?;
    }
    let mut node = |id: &str| match g.find(id) {
        Some(ix) => Ok(ix),
        None => add_node(g, Node::new(id), &place),
    };
    let (from, to) = (node(from)?, node(to)?);
    add_edge(g, from, to, edge, &place)
}

/// Sets the attribute of `edge` that column `name` holds.
fn set_cell(edge: &mut Edge, name: &str, value: &str, place: &str) -> Result<(), LoadError> {
    match name {
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
                        place,
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
            let value = Value::String(value.to_owned());
            keep_foreign(&mut edge.extra, Owner::Edge, Format::Csv, other, value);
        }
    }
    Ok(())
}

/// The column names of a header row, or `None` when the first row is data.
///
/// A first row naming a from and a to column (`from`/`source`/`src`,
/// `to`/`target`/`dst`, any case, any position) is a header. So is one that
/// names only one of them beside another known column (`kind`,
/// `likelihood`, `label`, `notes`, `bidirectional`), or an `id` column as a
/// node list has: those are refused for the column they lack, rather than
/// read as an edge made of the header. A row like `source,git` stays data
/// (a node may be called "source"). Empty header cells (a spreadsheet's
/// trailing columns) are named by their position, `column5`; a name given
/// twice is refused rather than one of the columns silently dropped.
fn header(first: &StringRecord, line: usize) -> Result<Option<Vec<String>>, LoadError> {
    let names: Vec<String> = first
        .iter()
        .enumerate()
        .map(|(i, c)| match canonical(c) {
            "" => format!("column{}", i + 1),
            name => name.to_owned(),
        })
        .collect();
    let has = |column: &str| names.iter().any(|n| n == column);
    let described = names.iter().any(|n| describes_an_edge(n));
    let is_header = (has("from") && has("to"))
        || names.iter().any(|n| n.eq_ignore_ascii_case("id"))
        || ((has("from") || has("to")) && described);
    if !is_header {
        return Ok(None);
    }
    let place = format!("line {line}");
    let missing: Vec<&str> = ["from", "to"]
        .into_iter()
        .filter(|end| !names.iter().any(|n| n == end))
        .collect();
    if !missing.is_empty() {
        return Err(invalid(
            place,
            format!(
                "the header has no {} column; an edge list needs from (or source, src) \
                 and to (or target, dst)",
                missing.join(" or ")
            ),
        ));
    }
    for (i, name) in names.iter().enumerate() {
        if let Some(j) = names[..i].iter().position(|n| n == name) {
            return Err(invalid(
                place,
                format!(
                    "column {} (\"{}\") repeats column {} (\"{}\")",
                    i + 1,
                    &first[i],
                    j + 1,
                    &first[j]
                ),
            ));
        }
    }
    Ok(Some(names))
}

/// `true` for a (canonical) header cell naming what an edge carries beside
/// its ends.
fn describes_an_edge(name: &str) -> bool {
    matches!(
        name,
        "kind" | "likelihood" | "label" | "notes" | "bidirectional"
    )
}

/// The byte offset of a quote that opens a field and is never closed in
/// `raw`, one record's text. The csv crate reads such a field to the end of
/// the file without complaint, so the rest of the file would become one id.
/// Mirrors its quoting: a quote opens a field only at the field's start,
/// and `""` inside a quoted field is a literal quote.
fn unclosed_quote(raw: &str) -> Option<usize> {
    let mut open = None;
    let mut field_start = true;
    let mut chars = raw.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match (open, c) {
            (None, '"') if field_start => open = Some(i),
            (Some(_), '"') if chars.next_if(|&(_, c)| c == '"').is_some() => {}
            (Some(_), '"') => open = None,
            _ => {}
        }
        field_start = open.is_none() && matches!(c, ',' | '\n' | '\r');
    }
    open
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
        assert!(err("# c\n\na,b\n#\nc\n").starts_with("line 5: needs a from and a to"));
    }

    #[test]
    fn a_header_without_from_and_to_is_refused() {
        let err = |t: &str| read(t).err().unwrap().to_string();
        assert!(
            err("id,label\nn1,Node 1\n").starts_with("line 1: the header has no from or to column"),
            "a node list is not an edge list"
        );
        let e = err("# nodes\nsource,kind\na,b\n");
        assert!(e.starts_with("line 2: the header has no to column"), "{e}");
    }

    /// The review's cases: trailing empty header cells (spreadsheets write
    /// them) import, and a first row naming just one end is still data.
    #[test]
    fn empty_header_cells_and_lone_end_names_are_not_errors() {
        let e = edges("from,to,kind,,\na,b,c,,\n");
        assert_eq!(e, [("a".into(), "b".into(), "c".into(), 1.0)]);
        let g = read("from,to,,\na,b,x,y\n").unwrap().graph;
        let edge = g.edges().next().unwrap();
        assert_eq!(edge.edge.extra["column3"], "x");
        assert_eq!(edge.edge.extra["column4"], "y");
        let e = edges("source,git\nb,c\n");
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!((e[0].0.as_str(), e[0].1.as_str()), ("source", "git"));
    }

    #[test]
    fn a_repeated_column_is_refused() {
        let e = read("from,to,kind,source\na,b,c,d\n")
            .err()
            .unwrap()
            .to_string();
        assert_eq!(
            e,
            "line 1: column 4 (\"source\") repeats column 1 (\"from\")"
        );
        let e = read("from,to,x,x\n").err().unwrap().to_string();
        assert_eq!(e, "line 1: column 4 (\"x\") repeats column 3 (\"x\")");
    }

    #[test]
    fn an_unclosed_quote_names_where_it_opens() {
        let e = read("a,b\na,\"b\nc,d\n").err().unwrap().to_string();
        assert_eq!(e, "line 2, column 3: this quote is never closed");
        let e = read("from,to\n\"a\"\"b\n").err().unwrap().to_string();
        assert_eq!(e, "line 2, column 1: this quote is never closed");
    }

    #[test]
    fn closed_quotes_newlines_and_stray_quotes_still_read() {
        let e = edges("#\"hi\n\nx,\"y\nz\"\n5\" disk,\"a \"\"b\"\"\",,0.5\n");
        assert_eq!(
            e,
            [
                ("x".into(), "y\nz".into(), String::new(), 1.0),
                ("5\" disk".into(), "a \"b\"".into(), String::new(), 0.5),
            ]
        );
    }

    #[test]
    fn extra_columns_named_like_edge_keys_are_renamed() {
        let g = read("from,to,bends,id\na,b,\"[[1,2]]\",e1\n")
            .unwrap()
            .graph;
        let e = g.edges().next().unwrap();
        assert!(e.edge.bends.is_empty());
        assert_eq!(e.edge.extra["csv_bends"], "[[1,2]]");
        assert_eq!(e.edge.extra["id"], "e1", "an edge has no id of its own");
    }
}
