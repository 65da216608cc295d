//! BloodHound OpenGraph JSON: a tolerant reader and a strict writer.
//!
//! Reading accepts what BloodHound CE accepts and a little more (missing
//! `properties`, a bare `{"nodes", "edges"}` object, endpoints given as plain
//! strings, a single `kind` instead of `kinds`). Writing emits only the strict
//! form of the published node and edge schemas, so a trustpath model loads
//! into BloodHound CE; trustpath attributes ride along as properties and are
//! read back, so write-then-read keeps ids, kinds and attributes. Other
//! properties become extra keys, `opengraph_`-prefixed where the name is one
//! of trustpath's own (`id`, `from`, an `entry` that is not a boolean…).

use std::collections::HashMap;
use std::io::{self, Write};

use petgraph::stable_graph::NodeIndex;
use serde_json::{Map, Value, json};

use super::{Format, Owner, Read, add_edge, add_node, invalid, keep_foreign};
use crate::io::{LoadError, syntax_error};
use crate::model::{Edge, Extra, Node, TrustGraph, is_valid_likelihood};

/// Edge property that keeps a trustpath edge kind BloodHound's kind pattern
/// (`^[A-Za-z0-9_]+$`) cannot hold verbatim.
const KIND_PROPERTY: &str = "trustpath_kind";
/// The kind written for an edge with none (BloodHound requires one).
const DEFAULT_EDGE_KIND: &str = "TrustsTo";
/// Node properties the writer never emits: the node schema forbids `objectid`.
const FORBIDDEN_NODE_PROPERTIES: [&str; 1] = ["objectid"];

/// `true` for a top-level object without `graph` whose `nodes` carry `kinds`:
/// an older or hand-written OpenGraph payload.
pub(super) fn looks_like_bare(obj: &Map<String, Value>) -> bool {
    !obj.contains_key("version")
        && obj
            .get("nodes")
            .and_then(Value::as_array)
            .and_then(|nodes| nodes.first())
            .is_some_and(|n| n.get("kinds").is_some())
}

/// The default likelihood of an edge of a BloodHound kind without a
/// `likelihood` property: how reliably an attacker holding the start gains
/// the end (documented in docs/IMPORT.md). Unlisted kinds get 1.0, the
/// contract's default.
pub fn default_likelihood(kind: &str) -> f64 {
    let key: String = kind
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "adminto" | "genericall" | "owns" | "dcsync" | "getchangesall" => 0.9,
        "genericwrite"
        | "writedacl"
        | "writeowner"
        | "addmember"
        | "addself"
        | "forcechangepassword"
        | "allextendedrights"
        | "readlapspassword"
        | "readgmsapassword"
        | "addkeycredentiallink" => 0.8,
        "allowedtodelegate" | "allowedtoact" | "gplink" | "sqladmin" | "hassidhistory" => 0.7,
        "hassession" => 0.6,
        "canrdp" | "canpsremote" | "executedcom" => 0.5,
        _ => 1.0,
    }
}

/// A node as read, with its original properties for `match_by: property`.
struct Parsed {
    ix: NodeIndex,
    kinds: Vec<String>,
    properties: Map<String, Value>,
}

pub(super) fn read(text: &str) -> Result<Read, LoadError> {
    let root: Value = serde_json::from_str(text).map_err(syntax_error)?;
    let Some(root) = root.as_object() else {
        return Err(invalid("top level", "expected an object with a \"graph\""));
    };
    let (graph, prefix) = match root.get("graph") {
        Some(Value::Object(g)) => (g, "graph."),
        Some(_) => return Err(invalid("graph", "expected an object")),
        None if root.contains_key("nodes") => (root, ""),
        None => return Err(invalid("graph", "missing")),
    };
    let mut g = TrustGraph::new();
    let mut warnings = Vec::new();
    let mut parsed: Vec<Parsed> = Vec::new();
    for (i, v) in array(graph, "nodes", prefix)?.iter().enumerate() {
        let place = format!("{prefix}nodes[{i}]");
        let (node, kinds, properties) = parse_node(v, &place)?;
        let place = format!("{place} (\"{}\")", node.id);
        let ix = add_node(&mut g, node, &place)?;
        parsed.push(Parsed {
            ix,
            kinds,
            properties,
        });
    }
    for (i, v) in array(graph, "edges", prefix)?.iter().enumerate() {
        let place = format!("{prefix}edges[{i}]");
        let Some(obj) = v.as_object() else {
            return Err(invalid(place, "expected an object"));
        };
        let from = endpoint(&mut g, &mut parsed, &mut warnings, obj, "start", &place)?;
        let to = endpoint(&mut g, &mut parsed, &mut warnings, obj, "end", &place)?;
        let kind = match obj.get("kind") {
            Some(Value::String(k)) => k.clone(),
            None | Some(Value::Null) => String::new(),
            Some(_) => return Err(invalid(format!("{place}.kind"), "expected a string")),
        };
        let edge = edge_from(kind, properties(obj, &place)?, &place)?;
        add_edge(&mut g, from, to, edge, &place)?;
    }
    Ok(Read { graph: g, warnings })
}

/// `obj[key]` as an array; missing or null is empty.
fn array<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    prefix: &str,
) -> Result<&'a [Value], LoadError> {
    match obj.get(key) {
        Some(Value::Array(a)) => Ok(a),
        None | Some(Value::Null) => Ok(&[]),
        Some(_) => Err(invalid(format!("{prefix}{key}"), "expected an array")),
    }
}

/// The `properties` object of a node or edge; missing or null is empty.
fn properties(obj: &Map<String, Value>, place: &str) -> Result<Map<String, Value>, LoadError> {
    match obj.get("properties") {
        Some(Value::Object(p)) => Ok(p.clone()),
        None | Some(Value::Null) => Ok(Map::new()),
        Some(_) => Err(invalid(format!("{place}.properties"), "expected an object")),
    }
}

/// A node, its kinds and its original properties.
type NodeParts = (Node, Vec<String>, Map<String, Value>);

fn parse_node(v: &Value, place: &str) -> Result<NodeParts, LoadError> {
    let Some(obj) = v.as_object() else {
        return Err(invalid(place, "expected an object"));
    };
    let id = match obj.get("id") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(_)) => return Err(invalid(place, "id is empty")),
        Some(_) => return Err(invalid(place, "id must be a string")),
        None => return Err(invalid(place, "id is missing")),
    };
    let kinds: Vec<String> = match (obj.get("kinds"), obj.get("kind")) {
        (Some(Value::Array(ks)), _) => ks
            .iter()
            .filter_map(|k| k.as_str().map(str::to_owned))
            .collect(),
        (_, Some(Value::String(k))) => vec![k.clone()],
        _ => Vec::new(),
    };
    let props = properties(obj, &format!("{place} (\"{id}\")"))?;
    let mut node = Node::new(id);
    node.kind = kinds.first().cloned().unwrap_or_default();
    if kinds.len() > 1 {
        node.extra.insert("opengraph_kinds".into(), json!(kinds));
    }
    let name = props.get("name").and_then(Value::as_str);
    let display = props.get("displayname").and_then(Value::as_str);
    if let Some(label) = name.or(display) {
        node.label = label.to_owned();
    }
    for (key, value) in &props {
        let taken = match key.as_str() {
            "name" => name.is_some(),
            "displayname" => display == Some(node.label.as_str()),
            "zone" => set_string(&mut node.zone, value),
            "notes" => set_string(&mut node.notes, value),
            "entry" => set_bool(&mut node.entry, value),
            "crown_jewel" => set_bool(&mut node.crown_jewel, value),
            "pinned" => set_bool(&mut node.pinned, value),
            "tags" => set_tags(&mut node.tags, value),
            "pos" => set_pos(&mut node.pos, value),
            _ => false,
        };
        if !taken {
            keep_foreign(
                &mut node.extra,
                Owner::Node,
                Format::OpenGraph,
                key,
                value.clone(),
            );
        }
    }
    Ok((node, kinds, props))
}

fn set_string(field: &mut String, value: &Value) -> bool {
    value.as_str().map(|s| *field = s.to_owned()).is_some()
}

fn set_bool(field: &mut bool, value: &Value) -> bool {
    value.as_bool().map(|b| *field = b).is_some()
}

fn set_tags(field: &mut Vec<String>, value: &Value) -> bool {
    let Some(items) = value.as_array() else {
        return false;
    };
    let tags: Option<Vec<String>> = items
        .iter()
        .map(|t| t.as_str().map(str::to_owned))
        .collect();
    tags.map(|t| *field = t).is_some()
}

fn set_pos(field: &mut Option<[f64; 2]>, value: &Value) -> bool {
    match value.as_array().map(Vec::as_slice) {
        Some([x, y]) => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) if x.is_finite() && y.is_finite() => {
                *field = Some([x, y]);
                true
            }
            _ => false,
        },
        _ => false,
    }
}

fn edge_from(kind: String, props: Map<String, Value>, place: &str) -> Result<Edge, LoadError> {
    let mut edge = Edge {
        likelihood: default_likelihood(&kind),
        kind,
        ..Edge::default()
    };
    for (key, value) in props {
        let taken = match key.as_str() {
            "likelihood" => {
                let l = value
                    .as_f64()
                    .filter(|&l| is_valid_likelihood(l))
                    .ok_or_else(|| {
                        invalid(
                            format!("{place}.properties.likelihood"),
                            format!("{value} is not a number in (0, 1]"),
                        )
                    })?;
                edge.likelihood = l;
                true
            }
            KIND_PROPERTY => set_string(&mut edge.kind, &value),
            "label" => set_string(&mut edge.label, &value),
            "notes" => set_string(&mut edge.notes, &value),
            "bidirectional" => set_bool(&mut edge.bidirectional, &value),
            _ => false,
        };
        if !taken {
            keep_foreign(&mut edge.extra, Owner::Edge, Format::OpenGraph, &key, value);
        }
    }
    Ok(edge)
}

/// Resolves `edge[key]` (`start` or `end`) to a node. An id or name that no
/// node in the file has becomes a stub node tagged `external`, since
/// BloodHound matches such endpoints against nodes already in its database;
/// property matchers that match nothing, or more than one node, are errors.
fn endpoint(
    g: &mut TrustGraph,
    parsed: &mut Vec<Parsed>,
    warnings: &mut Vec<String>,
    edge: &Map<String, Value>,
    key: &str,
    place: &str,
) -> Result<NodeIndex, LoadError> {
    let here = format!("{place}.{key}");
    let (value, match_by, kind) = match edge.get(key) {
        Some(Value::String(s)) => (Some(s.clone()), "id", None),
        Some(Value::Object(o)) => {
            let value = match o.get("value") {
                Some(Value::String(s)) => Some(s.clone()),
                Some(Value::Number(n)) => Some(n.to_string()),
                None | Some(Value::Null) => None,
                Some(_) => return Err(invalid(format!("{here}.value"), "expected a string")),
            };
            let match_by = match o.get("match_by") {
                None | Some(Value::Null) => "id",
                Some(Value::String(m)) if ["id", "name", "property"].contains(&m.as_str()) => {
                    m.as_str()
                }
                Some(other) => {
                    return Err(invalid(
                        format!("{here}.match_by"),
                        format!("{other} is not one of \"id\", \"name\", \"property\""),
                    ));
                }
            };
            let kind = o.get("kind").and_then(Value::as_str).map(str::to_owned);
            if match_by == "property" {
                return by_property(
                    g,
                    parsed,
                    o.get("property_matchers"),
                    kind.as_deref(),
                    &here,
                );
            }
            (value, match_by, kind)
        }
        None => return Err(invalid(here, "missing")),
        Some(_) => return Err(invalid(here, "expected an object with a \"value\"")),
    };
    let Some(value) = value.filter(|v| !v.is_empty()) else {
        return Err(invalid(format!("{here}.value"), "missing"));
    };
    let of_kind = |p: &Parsed| kind.as_ref().is_none_or(|k| p.kinds.contains(k));
    let found: Vec<NodeIndex> = if match_by == "id" {
        g.find(&value).into_iter().collect()
    } else {
        parsed
            .iter()
            .filter(|p| of_kind(p) && g.node(p.ix).label.eq_ignore_ascii_case(&value))
            .map(|p| p.ix)
            .collect()
    };
    match found.as_slice() {
        [ix] => {
            // Nodes are added in order to a fresh graph, so a node's index
            // is its place in `parsed`; the check keeps that an optimisation.
            let mine = parsed.get(ix.index()).filter(|p| p.ix == *ix);
            if let Some(p) = mine.filter(|p| !of_kind(p)) {
                return Err(invalid(
                    here,
                    format!(
                        "node \"{value}\" is of kind {:?}, not \"{}\"",
                        p.kinds,
                        kind.unwrap_or_default()
                    ),
                ));
            }
            Ok(*ix)
        }
        [] => {
            if let Some(ix) = g.find(&value) {
                // A name that equals the id of an earlier stub: reuse it.
                return Ok(ix);
            }
            let mut stub = Node::new(value.clone());
            stub.kind = kind.clone().unwrap_or_default();
            stub.tags.push("external".into());
            stub.notes = "Referenced by an edge but not defined in the imported file.".into();
            warnings.push(format!(
                "{here}: no node has {match_by} \"{value}\"; added it as an external stub"
            ));
            let ix = add_node(g, stub, &here)?;
            parsed.push(Parsed {
                ix,
                kinds: kind.into_iter().collect(),
                properties: Map::new(),
            });
            Ok(ix)
        }
        _ => Err(invalid(
            here,
            format!(
                "{} nodes have name \"{value}\"; use match_by id",
                found.len()
            ),
        )),
    }
}

fn by_property(
    g: &TrustGraph,
    parsed: &[Parsed],
    matchers: Option<&Value>,
    kind: Option<&str>,
    here: &str,
) -> Result<NodeIndex, LoadError> {
    let place = format!("{here}.property_matchers");
    let Some(Value::Array(matchers)) = matchers else {
        return Err(invalid(place, "missing (match_by is \"property\")"));
    };
    let mut wanted: HashMap<&str, &Value> = HashMap::new();
    for (i, m) in matchers.iter().enumerate() {
        match (m.get("key").and_then(Value::as_str), m.get("value")) {
            (Some(k), Some(v)) => {
                wanted.insert(k, v);
            }
            _ => {
                return Err(invalid(
                    format!("{place}[{i}]"),
                    "needs a \"key\" and a \"value\"",
                ));
            }
        }
    }
    let hits: Vec<NodeIndex> = parsed
        .iter()
        .filter(|p| kind.is_none_or(|k| p.kinds.iter().any(|pk| pk == k)))
        .filter(|p| wanted.iter().all(|(k, v)| p.properties.get(*k) == Some(*v)))
        .map(|p| p.ix)
        .collect();
    match hits.as_slice() {
        [ix] => Ok(*ix),
        [] => Err(invalid(place, "no node has these property values")),
        many => Err(invalid(
            place,
            format!(
                "{} nodes match (\"{}\", \"{}\"…); they must pick one",
                many.len(),
                g.node(many[0]).id,
                g.node(many[1]).id
            ),
        )),
    }
}

/// Writes `g` as a strict BloodHound OpenGraph payload (pretty JSON,
/// deterministic: nodes and edges in model order, properties sorted).
///
/// Nodes: `id`, `kinds` (`[kind]`, or `[]` when the kind is empty) and
/// `properties` (`name`/`displayname` = label, then `zone`, `entry`,
/// `crown_jewel`, `tags`, `notes`, `pos`, `pinned` and the node's extra
/// keys). Edges: `start`/`end` matched by id, `kind` made to fit BloodHound's
/// pattern (the original kept in `trustpath_kind` when it had to change), and
/// `likelihood`, `label`, `notes`, `bidirectional` and extra keys as
/// properties. Property values that BloodHound cannot hold (objects, mixed
/// arrays) are written as JSON text; nulls are left out.
pub fn write_opengraph(g: &TrustGraph, out: &mut dyn Write) -> io::Result<()> {
    let nodes: Vec<Value> = g.nodes().map(|(_, n)| node_json(n)).collect();
    let edges: Vec<Value> = g
        .edges()
        .map(|e| edge_json(&g.node(e.from).id, &g.node(e.to).id, e.edge))
        .collect();
    let payload = json!({
        "metadata": {"source_kind": "Trustpath"},
        "graph": {"nodes": nodes, "edges": edges},
    });
    serde_json::to_writer_pretty(&mut *out, &payload)?;
    writeln!(out)
}

fn node_json(n: &Node) -> Value {
    let mut props = Map::new();
    put_extra(&mut props, &n.extra, &FORBIDDEN_NODE_PROPERTIES);
    props.insert("name".into(), json!(n.label));
    props.insert("displayname".into(), json!(n.label));
    if !n.zone.is_empty() {
        props.insert("zone".into(), json!(n.zone));
    }
    props.insert("entry".into(), json!(n.entry));
    props.insert("crown_jewel".into(), json!(n.crown_jewel));
    if !n.tags.is_empty() {
        props.insert("tags".into(), json!(n.tags));
    }
    if !n.notes.is_empty() {
        props.insert("notes".into(), json!(n.notes));
    }
    if let Some(pos) = n.pos {
        props.insert("pos".into(), json!(pos));
    }
    if n.pinned {
        props.insert("pinned".into(), json!(true));
    }
    props.sort_keys();
    let kinds: Vec<&str> = if n.kind.is_empty() {
        Vec::new()
    } else {
        vec![&n.kind]
    };
    json!({"id": n.id, "kinds": kinds, "properties": props})
}

fn edge_json(from: &str, to: &str, e: &Edge) -> Value {
    let mut props = Map::new();
    put_extra(&mut props, &e.extra, &[]);
    let kind = bloodhound_kind(&e.kind);
    if kind != e.kind {
        props.insert(KIND_PROPERTY.into(), json!(e.kind));
    }
    props.insert("likelihood".into(), json!(e.likelihood));
    if !e.label.is_empty() {
        props.insert("label".into(), json!(e.label));
    }
    if !e.notes.is_empty() {
        props.insert("notes".into(), json!(e.notes));
    }
    if e.bidirectional {
        props.insert("bidirectional".into(), json!(true));
    }
    props.sort_keys();
    json!({
        "start": {"value": from, "match_by": "id"},
        "end": {"value": to, "match_by": "id"},
        "kind": kind,
        "properties": props,
    })
}

/// `kind` with every character outside `[A-Za-z0-9_]` replaced by `_`.
fn bloodhound_kind(kind: &str) -> String {
    if kind.is_empty() {
        return DEFAULT_EDGE_KIND.into();
    }
    kind.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

/// Copies extra keys into `props` in a form the property schema allows.
fn put_extra(props: &mut Map<String, Value>, extra: &Extra, skip: &[&str]) {
    for (key, value) in extra {
        if skip.contains(&key.as_str()) {
            continue;
        }
        let value = match value {
            Value::Null => continue,
            Value::Array(items) if homogeneous_primitives(items) => value.clone(),
            Value::Array(_) | Value::Object(_) => Value::String(value.to_string()),
            _ => value.clone(),
        };
        props.insert(key.clone(), value);
    }
}

fn homogeneous_primitives(items: &[Value]) -> bool {
    items.iter().all(Value::is_string)
        || items.iter().all(Value::is_number)
        || items.iter().all(Value::is_boolean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_fit_the_pattern() {
        assert_eq!(bloodhound_kind("data-flow"), "data_flow");
        assert_eq!(bloodhound_kind(""), DEFAULT_EDGE_KIND);
        assert_eq!(bloodhound_kind("AdminTo"), "AdminTo");
    }

    #[test]
    fn default_likelihoods_ignore_case_and_separators() {
        assert_eq!(default_likelihood("AdminTo"), 0.9);
        assert_eq!(default_likelihood("admin_to"), 0.9);
        assert_eq!(default_likelihood("Knows"), 1.0);
    }
}
