//! Importers: other tools' models mapped onto a [`TrustGraph`].
//!
//! One file per source format; this module owns format detection, the one
//! entry point ([`import`]) the CLI and the GUI call, and the error type.
//! Each importer builds a fresh graph and hands it back only when the whole
//! file was read, so a caller never sees a half-imported model. Every bad
//! input becomes a one-line [`ImportError`] naming the place; nothing panics
//! on untrusted bytes (the tests fuzz each importer).
//!
//! What an import yields is always a file trustpath reads back: a foreign
//! property that trustpath does not map is kept as an extra key, renamed
//! when its name is one the format gives a meaning to (see
//! [`keep_foreign`]).
//!
//! Must not import egui: this is core. The mapping of each format is
//! documented in docs/IMPORT.md.

mod csv;
mod graphml;
mod opengraph;
mod threagile;
mod threat_dragon;

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use crate::io::{self, EdgeDto, LoadError, NodeDto};
use petgraph::stable_graph::NodeIndex;

use crate::model::{Edge, Extra, Node, TrustGraph};

pub use opengraph::write_opengraph;

/// A file format trustpath can read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// trustpath's own JSON (CONTRACT §1), loaded as is.
    Trustpath,
    /// BloodHound OpenGraph JSON.
    OpenGraph,
    /// OWASP Threat Dragon v2 JSON (v1 cells read where cheap).
    ThreatDragon,
    /// Threagile YAML.
    Threagile,
    /// GraphML, plain or as written by yEd.
    GraphMl,
    /// A CSV edge list `from,to[,kind,likelihood]`.
    Csv,
}

impl Format {
    /// Every format, in the order help texts list them.
    pub const ALL: [Format; 6] = [
        Format::Trustpath,
        Format::OpenGraph,
        Format::ThreatDragon,
        Format::Threagile,
        Format::GraphMl,
        Format::Csv,
    ];

    /// The name `--from` takes.
    pub fn name(self) -> &'static str {
        match self {
            Format::Trustpath => "trustpath",
            Format::OpenGraph => "opengraph",
            Format::ThreatDragon => "threat-dragon",
            Format::Threagile => "threagile",
            Format::GraphMl => "graphml",
            Format::Csv => "csv",
        }
    }

    /// The name people know the format by, for messages.
    pub fn title(self) -> &'static str {
        match self {
            Format::Trustpath => "trustpath",
            Format::OpenGraph => "BloodHound OpenGraph",
            Format::ThreatDragon => "Threat Dragon",
            Format::Threagile => "Threagile",
            Format::GraphMl => "GraphML",
            Format::Csv => "CSV edge list",
        }
    }

    /// The format named `name` (case-insensitive; a few common aliases too).
    pub fn from_name(name: &str) -> Option<Format> {
        let name = name.trim().to_ascii_lowercase();
        let alias = match name.as_str() {
            "json" | "native" => Some(Format::Trustpath),
            "bloodhound" | "bloodhound-opengraph" | "open-graph" => Some(Format::OpenGraph),
            "threatdragon" | "threat_dragon" | "td" => Some(Format::ThreatDragon),
            "yaml" => Some(Format::Threagile),
            "yed" | "xml" => Some(Format::GraphMl),
            _ => None,
        };
        alias.or_else(|| Format::ALL.into_iter().find(|f| f.name() == name))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// The `--from` names of every format, comma-separated, for messages.
pub fn supported_formats() -> String {
    Format::ALL.map(Format::name).join(", ")
}

/// Why a file could not be imported. One line, naming the place.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// No importer recognises the content.
    #[error("unknown format{}; supported: {}", hint.as_deref().map(|h| format!(" ({h})")).unwrap_or_default(), supported_formats())]
    Unknown { hint: Option<String> },
    /// The file is of a known format but broken.
    #[error("{format} file: {source}")]
    Invalid { format: Format, source: LoadError },
}

/// A finished import: the graph, the format it came from, and what the
/// importer had to leave out (each a one-line note naming the place).
#[derive(Debug)]
pub struct Imported {
    pub graph: TrustGraph,
    pub format: Format,
    pub warnings: Vec<String>,
}

/// Guesses the format from the content alone (never from a file name).
///
/// JSON with `graph` → OpenGraph; JSON with `version` and `nodes` → trustpath;
/// JSON with `summary` or `detail` → Threat Dragon; YAML with
/// `technical_assets` or `threagile_version` → Threagile (also when the YAML
/// is broken but a line starts with one of them, so that its syntax error is
/// reported); XML with `<graphml` → GraphML; otherwise CSV when every row has
/// at least two columns.
pub fn detect(bytes: &[u8]) -> Option<Format> {
    let text = io::utf8_text(bytes).ok()?;
    let head = text.trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        let value: Value = serde_json::from_str(text).ok()?;
        return detect_json(&value);
    }
    if head.starts_with('<') {
        return text.contains("<graphml").then_some(Format::GraphMl);
    }
    if threagile::looks_like(text) {
        return Some(Format::Threagile);
    }
    csv::looks_like(text).then_some(Format::Csv)
}

fn detect_json(value: &Value) -> Option<Format> {
    let obj = value.as_object()?;
    let has = |key: &str| obj.contains_key(key);
    // A trustpath file may carry any unknown key (even "graph"), so its
    // `version` + `nodes` are checked first.
    if has("version") && obj.get("nodes").is_some_and(Value::is_array) {
        Some(Format::Trustpath)
    } else if has("graph") || opengraph::looks_like_bare(obj) {
        Some(Format::OpenGraph)
    } else if has("summary") || has("detail") {
        Some(Format::ThreatDragon)
    } else {
        None
    }
}

/// Reads `bytes` as `format`, or as the detected format when `None`.
/// This is the one entry point of the GUI (File → Open of a non-trustpath
/// file) and of `trustpath import`.
pub fn import(bytes: &[u8], format: Option<Format>) -> Result<TrustGraph, ImportError> {
    import_with_report(bytes, format).map(|imported| imported.graph)
}

/// As [`import`], and also says which format was read and what was left out.
pub fn import_with_report(bytes: &[u8], format: Option<Format>) -> Result<Imported, ImportError> {
    let format = match format.or_else(|| detect(bytes)) {
        Some(f) => f,
        None => {
            return Err(ImportError::Unknown {
                hint: why_unknown(bytes),
            });
        }
    };
    let invalid = |source| ImportError::Invalid { format, source };
    let text = io::utf8_text(bytes).map_err(invalid)?;
    let read = match format {
        Format::Trustpath => io::load_bytes(bytes).map(Read::new),
        Format::OpenGraph => opengraph::read(text),
        Format::ThreatDragon => threat_dragon::read(text),
        Format::Threagile => threagile::read(text),
        Format::GraphMl => graphml::read(text),
        Format::Csv => csv::read(text),
    }
    .map_err(invalid)?;
    Ok(Imported {
        graph: read.graph,
        format,
        warnings: read.warnings,
    })
}

/// A hint for a file no importer recognised: the JSON or YAML syntax error
/// when it looks like one of them, since a typo there is the likely cause,
/// or a CSV quote left open.
fn why_unknown(bytes: &[u8]) -> Option<String> {
    let text = match io::utf8_text(bytes) {
        Ok(t) => t,
        Err(e) => return Some(e.to_string()),
    };
    let head = text.trim_start();
    if head.starts_with('{') || head.starts_with('[') {
        return Some(match serde_json::from_str::<Value>(text) {
            Err(e) => format!("not valid JSON: {}", io::syntax_error(e)),
            Ok(_) => "JSON, but of no known shape".into(),
        });
    }
    threagile::why_not(text).or_else(|| csv::why_not(text))
}

/// What an importer produces: the graph and the notes on what it skipped.
pub(crate) struct Read {
    graph: TrustGraph,
    warnings: Vec<String>,
}

impl Read {
    fn new(graph: TrustGraph) -> Self {
        Self {
            graph,
            warnings: Vec::new(),
        }
    }
}

/// A [`LoadError::Invalid`] naming `place`.
fn invalid(place: impl Into<String>, message: impl Into<String>) -> LoadError {
    LoadError::Invalid {
        place: place.into(),
        message: message.into(),
    }
}

/// Adds a node, turning the model's refusal into an error naming `place`.
fn add_node(g: &mut TrustGraph, node: Node, place: &str) -> Result<NodeIndex, LoadError> {
    g.add_node(node).map_err(|e| invalid(place, e.to_string()))
}

/// Adds an edge, turning the model's refusal into an error naming `place`.
fn add_edge(
    g: &mut TrustGraph,
    from: NodeIndex,
    to: NodeIndex,
    edge: Edge,
    place: &str,
) -> Result<(), LoadError> {
    g.add_edge(from, to, edge)
        .map(|_| ())
        .map_err(|e| invalid(place, e.to_string()))
}

/// Whether a foreign property is kept on a node or on an edge: each has its
/// own keys (an edge may have an extra `id`, a node may not).
#[derive(Clone, Copy)]
enum Owner {
    Node,
    Edge,
}

/// Keeps a property of the source file that trustpath does not map as an
/// extra key of a node or edge, so that it is written back on save.
///
/// The naming scheme: a property keeps its name unless that name is one of
/// the keys the trustpath format gives a meaning to on this object
/// ([`NodeDto::KEYS`], [`EdgeDto::KEYS`]: `id`, `pos`, `from`, `bends`…) or
/// already starts with the source format's name and `_`; then it gets that
/// prefix (`opengraph_id`, `graphml_pos`, `csv_bends`, and a foreign
/// `csv_bends` becomes `csv_csv_bends`). One name always maps to one key,
/// whatever else the object holds or in what order, and no two names map to
/// the same key. Without this a foreign `"id"` would be written as a second
/// `id` and a foreign `"entry": "yes"` as a flag of the wrong type, and
/// trustpath could not reopen the file it had just written. The same name
/// twice on one object (two GraphML keys of one name) is prefixed again
/// until free, so nothing is lost.
fn keep_foreign(extra: &mut Extra, owner: Owner, format: Format, name: &str, value: Value) {
    let reserved: &[&str] = match owner {
        Owner::Node => &NodeDto::KEYS,
        Owner::Edge => &EdgeDto::KEYS,
    };
    let prefix = format!("{}_", format.name().replace('-', "_"));
    let mut key = if reserved.contains(&name) || name.starts_with(&prefix) {
        format!("{prefix}{name}")
    } else {
        name.to_owned()
    };
    while extra.contains_key(&key) {
        key.insert_str(0, &prefix);
    }
    extra.insert(key, value);
}

/// A readable node id made from `name` (lower-case words joined by `-`),
/// made unique against `taken` with a `-2`, `-3`… suffix, and recorded there.
fn unique_slug(name: &str, taken: &mut HashSet<String>) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let base = match slug.trim_end_matches('-') {
        "" => "node".to_owned(),
        s => s.to_owned(),
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

/// Appends a paragraph to free-text notes.
fn push_paragraph(notes: &mut String, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    if !notes.is_empty() {
        notes.push_str("\n\n");
    }
    notes.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable_and_unique() {
        let mut taken = HashSet::new();
        assert_eq!(unique_slug("Web server", &mut taken), "web-server");
        assert_eq!(unique_slug("Web  server!", &mut taken), "web-server-2");
        assert_eq!(unique_slug("***", &mut taken), "node");
        assert_eq!(unique_slug("", &mut taken), "node-2");
    }

    #[test]
    fn foreign_properties_never_take_a_key_of_the_format() {
        let mut extra = Extra::new();
        let mut keep = |owner, name: &str| {
            keep_foreign(&mut extra, owner, Format::ThreatDragon, name, Value::Null);
        };
        keep(Owner::Node, "id");
        keep(Owner::Node, "threat_dragon_id");
        keep(Owner::Node, "colour");
        let keys: Vec<&str> = extra.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "threat_dragon_id",
                "threat_dragon_threat_dragon_id",
                "colour"
            ]
        );
        // The other order, one key per name all the same.
        let mut reversed = Extra::new();
        for name in ["colour", "threat_dragon_id", "id"] {
            keep_foreign(
                &mut reversed,
                Owner::Node,
                Format::ThreatDragon,
                name,
                name.into(),
            );
        }
        assert_eq!(reversed["threat_dragon_id"], "id");
        assert_eq!(
            reversed["threat_dragon_threat_dragon_id"],
            "threat_dragon_id"
        );
        assert_eq!(reversed["colour"], "colour");
        let mut edge = Extra::new();
        keep_foreign(&mut edge, Owner::Edge, Format::Csv, "id", Value::Null);
        keep_foreign(&mut edge, Owner::Edge, Format::Csv, "bends", Value::Null);
        let keys: Vec<&str> = edge.keys().map(String::as_str).collect();
        assert_eq!(keys, ["id", "csv_bends"]);
    }

    #[test]
    fn names_and_aliases() {
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
        assert_eq!(Format::from_name("BloodHound"), Some(Format::OpenGraph));
        assert_eq!(Format::from_name("visio"), None);
    }

    #[test]
    fn unknown_lists_the_formats_and_explains_json_typos() {
        let e = import(b"{\"a\": ", None).unwrap_err().to_string();
        assert!(
            e.starts_with("unknown format (not valid JSON: line 1, column 6"),
            "{e}"
        );
        assert!(e.ends_with(&supported_formats()), "{e}");
        let e = import(b"just one column\nper line\n", None)
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            format!("unknown format; supported: {}", supported_formats())
        );
        let e = import(b"from,to\n\"laptop,vpn\n", None)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "unknown format (not valid CSV: line 2, column 1: this quote is never closed)"
            ),
            "{e}"
        );
        // A quote left open after a row that already is not CSV: no hint.
        let e = import(b"from,to\nlonely\na,\"b\nc,d\n", None)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("unknown format; supported"), "{e}");
    }
}
