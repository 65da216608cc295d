//! GraphML, plain and as written by yEd.
//!
//! `<data key>` values are mapped through their `<key attr.name>` (falling back
//! to the key id) onto trustpath attributes, using exactly the names
//! trustpath's own GraphML exporter writes: `id`, `label`, `kind`, `zone`,
//! `entry`, `crown_jewel`, `tags`, `notes`, `likelihood`, `bidirectional`
//! (and `x`, `y` for positions). Other data become the node's or edge's extra
//! keys (`graphml_`-prefixed where the name is one of trustpath's own, such
//! as `pos` or `from`). yEd's `y:NodeLabel`/`y:EdgeLabel` give labels and
//! `y:Geometry` the position (its centre). `edgedefault="undirected"` (or
//! `directed="false"` on an edge) makes an edge bidirectional. Nodes of
//! nested graphs (yEd groups) are kept, and take the enclosing group's label
//! as their zone when they have none.
//!
//! Read with quick-xml's event reader: one pass, no recursion, so deep or
//! hostile nesting costs nothing but memory proportional to the file.

use std::collections::{BTreeMap, HashMap};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use serde_json::Value;

use super::{Format, Owner, Read, add_edge, add_node, invalid, keep_foreign};
use crate::io::LoadError;
use crate::io::line_column;
use crate::model::{Edge, Extra, Node, TrustGraph, is_valid_likelihood};

/// A `<key>`: the attribute name it stands for, whom it is for, its default.
struct Key {
    name: String,
    default: Option<String>,
    for_edge: Option<bool>,
    /// yEd's graphics keys (`yfiles.type`) hold markup, not values.
    graphics: bool,
}

/// A node or edge as read, before it is checked and added.
#[derive(Default)]
struct Item {
    /// Byte offset of its start tag, for error places.
    at: usize,
    xml_id: String,
    source: String,
    target: String,
    directed: Option<bool>,
    data: Vec<(String, String)>,
    yed_label: Option<String>,
    geometry: Option<[f64; 4]>,
    /// Label of the innermost group holding it.
    group: Option<String>,
}

/// What the text being read belongs to.
enum Sink {
    None,
    Data(String),
    KeyDefault(String),
    Label,
}

pub(super) fn read(text: &str) -> Result<Read, LoadError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().expand_empty_elements = true;
    let mut keys: HashMap<String, Key> = HashMap::new();
    let mut nodes: Vec<Item> = Vec::new();
    let mut edges: Vec<Item> = Vec::new();
    // Open <node>/<edge> elements; a node that opens a <graph> is a group.
    let mut open: Vec<Item> = Vec::new();
    let mut groups: Vec<Option<String>> = Vec::new();
    let mut undirected: Vec<bool> = Vec::new();
    let mut current_key: Option<String> = None;
    let mut sink = Sink::None;
    let mut buf = String::new();
    let mut seen_graphml = false;
    loop {
        let at = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let (line, column) = line_column(text, reader.error_position() as usize);
            LoadError::Syntax {
                line,
                column,
                message: e.to_string(),
            }
        })?;
        match event {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    b"graphml" => seen_graphml = true,
                    b"key" => {
                        let id = attr(&e, "id", text, at)?.unwrap_or_default();
                        let name = attr(&e, "attr.name", text, at)?.unwrap_or_else(|| id.clone());
                        let for_edge = match attr(&e, "for", text, at)?.as_deref() {
                            Some("node") => Some(false),
                            Some("edge") => Some(true),
                            _ => None,
                        };
                        let graphics = attr(&e, "yfiles.type", text, at)?.is_some();
                        keys.insert(
                            id.clone(),
                            Key {
                                name,
                                default: None,
                                for_edge,
                                graphics,
                            },
                        );
                        current_key = Some(id);
                    }
                    b"default" => {
                        if let Some(k) = &current_key {
                            sink = Sink::KeyDefault(k.clone());
                            buf.clear();
                        }
                    }
                    b"graph" => {
                        let default = attr(&e, "edgedefault", text, at)?;
                        let outer = undirected.last().copied().unwrap_or(false);
                        undirected.push(default.map_or(outer, |d| d == "undirected"));
                        // A node holding a graph is a yEd group: its label
                        // becomes the zone of what it holds.
                        groups.push(open.last().map(|group| item_label(group, &keys)));
                    }
                    b"node" => {
                        let id = attr(&e, "id", text, at)?.unwrap_or_default();
                        let group = groups.iter().rev().flatten().next().cloned();
                        open.push(Item {
                            at,
                            xml_id: id,
                            group,
                            ..Item::default()
                        });
                    }
                    b"edge" => {
                        let directed =
                            attr(&e, "directed", text, at)?.map(|d| d == "true" || d == "1");
                        open.push(Item {
                            at,
                            xml_id: attr(&e, "id", text, at)?.unwrap_or_default(),
                            source: attr(&e, "source", text, at)?.unwrap_or_default(),
                            target: attr(&e, "target", text, at)?.unwrap_or_default(),
                            directed: directed
                                .or(Some(!undirected.last().copied().unwrap_or(false))),
                            ..Item::default()
                        });
                    }
                    b"data" if !open.is_empty() => {
                        sink = Sink::Data(attr(&e, "key", text, at)?.unwrap_or_default());
                        buf.clear();
                    }
                    // The first label wins (a yEd group has one per state).
                    b"NodeLabel" | b"EdgeLabel"
                        if open.last().is_some_and(|i| i.yed_label.is_none()) =>
                    {
                        sink = Sink::Label;
                        buf.clear();
                    }
                    b"Geometry" => {
                        if let Some(item) = open.last_mut() {
                            let num = |k| -> Result<Option<f64>, LoadError> {
                                Ok(attr(&e, k, text, at)?.and_then(|v| v.trim().parse().ok()))
                            };
                            if let (Some(x), Some(y)) = (num("x")?, num("y")?) {
                                let w = num("width")?.unwrap_or(0.0);
                                let h = num("height")?.unwrap_or(0.0);
                                item.geometry = Some([x, y, w, h]);
                            }
                        }
                    }
                    _ => {}
                }
            }
            // Text only matters inside <data>, <default> or a yEd label.
            Event::Text(t) if !matches!(sink, Sink::None) => {
                buf.push_str(&t.decode().map_err(|e| syntax(text, at, e.to_string()))?);
            }
            Event::CData(t) if !matches!(sink, Sink::None) => {
                buf.push_str(&t.decode().map_err(|e| syntax(text, at, e.to_string()))?);
            }
            Event::GeneralRef(r) if !matches!(sink, Sink::None) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| syntax(text, at, e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| syntax(text, at, format!("unknown entity &{name};")))?
                            .to_owned()
                    }
                    Err(e) => return Err(syntax(text, at, e.to_string())),
                };
                buf.push_str(&resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"key" => current_key = None,
                b"default" => {
                    if let Sink::KeyDefault(k) = std::mem::replace(&mut sink, Sink::None)
                        && let Some(key) = keys.get_mut(&k)
                    {
                        key.default = Some(buf.clone());
                    }
                }
                b"data" => {
                    if let Sink::Data(k) = std::mem::replace(&mut sink, Sink::None)
                        && let Some(item) = open.last_mut()
                    {
                        item.data.push((k, buf.clone()));
                    }
                }
                b"NodeLabel" | b"EdgeLabel" => {
                    if matches!(sink, Sink::Label) {
                        sink = Sink::None;
                        if let Some(item) = open.last_mut() {
                            item.yed_label = Some(buf.trim().to_owned());
                        }
                    }
                }
                b"graph" => {
                    undirected.pop();
                    groups.pop();
                }
                b"node" => nodes.extend(open.pop()),
                b"edge" => edges.extend(open.pop()),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if !seen_graphml {
        return Err(invalid("top level", "no <graphml> element"));
    }
    // Nodes close inner-first (a group closes after its members), so put
    // them back in document order.
    nodes.sort_by_key(|n| n.at);
    build(text, &keys, nodes, edges)
}

fn build(
    text: &str,
    keys: &HashMap<String, Key>,
    nodes: Vec<Item>,
    edges: Vec<Item>,
) -> Result<Read, LoadError> {
    // Offsets of the line ends, so each element's line is a binary search.
    let newlines: Vec<usize> = text.match_indices('\n').map(|(i, _)| i).collect();
    let mut g = TrustGraph::new();
    let mut by_xml_id = HashMap::new();
    for item in nodes {
        let line = line_of(&newlines, item.at);
        let place = format!("line {line}: node \"{}\"", item.xml_id);
        let attrs = attributes(&item, keys, false);
        let mut node = Node::new(
            attrs
                .get("id")
                .cloned()
                .unwrap_or_else(|| item.xml_id.clone()),
        );
        node.label = attrs
            .get("label")
            .cloned()
            .or(item.yed_label.clone())
            .unwrap_or_else(|| node.id.clone());
        if node.label.is_empty() {
            node.label = node.id.clone();
        }
        if let Some([x, y, w, h]) = item.geometry {
            node.pos = Some([x + w / 2.0, y + h / 2.0]);
        }
        node.zone = item.group.clone().unwrap_or_default();
        let mut px = None;
        let mut py = None;
        for (name, value) in &attrs {
            match name.as_str() {
                "id" | "label" => {}
                "kind" => node.kind = value.clone(),
                "zone" => node.zone = value.clone(),
                "notes" => node.notes = value.clone(),
                "entry" => node.entry = flag(value, &place, name)?,
                "crown_jewel" => node.crown_jewel = flag(value, &place, name)?,
                "pinned" => node.pinned = flag(value, &place, name)?,
                "tags" => node.tags = tags(value),
                "x" => px = Some(number(value, &place, name)?),
                "y" => py = Some(number(value, &place, name)?),
                _ => extra(&mut node.extra, Owner::Node, name, value),
            }
        }
        if let (Some(x), Some(y)) = (px, py) {
            node.pos = Some([x, y]);
        }
        let ix = add_node(&mut g, node, &place)?;
        by_xml_id.insert(item.xml_id, ix);
    }
    for item in edges {
        let line = line_of(&newlines, item.at);
        let place = format!("line {line}: edge {} → {}", item.source, item.target);
        let end = |id: &str, role: &str| {
            by_xml_id.get(id).copied().ok_or_else(|| {
                invalid(
                    place.clone(),
                    format!("its {role} \"{id}\" is not a node of this file"),
                )
            })
        };
        let (from, to) = (end(&item.source, "source")?, end(&item.target, "target")?);
        let attrs = attributes(&item, keys, true);
        let mut edge = Edge {
            label: item.yed_label.clone().unwrap_or_default(),
            bidirectional: item.directed == Some(false),
            ..Edge::default()
        };
        for (name, value) in &attrs {
            match name.as_str() {
                "kind" => edge.kind = value.clone(),
                "label" => edge.label = value.clone(),
                "notes" => edge.notes = value.clone(),
                "bidirectional" => edge.bidirectional = flag(value, &place, name)?,
                "likelihood" => {
                    let l = number(value, &place, name)?;
                    if !is_valid_likelihood(l) {
                        return Err(invalid(place, format!("likelihood {l} is outside (0, 1]")));
                    }
                    edge.likelihood = l;
                }
                _ => extra(&mut edge.extra, Owner::Edge, name, value),
            }
        }
        add_edge(&mut g, from, to, edge, &place)?;
    }
    Ok(Read::new(g))
}

/// The item's data by attribute name, with key defaults filled in; ordered
/// by name so extras come out deterministically.
fn attributes(item: &Item, keys: &HashMap<String, Key>, edge: bool) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for key in keys.values() {
        if let (Some(d), true) = (&key.default, key.for_edge.is_none_or(|e| e == edge)) {
            out.insert(key.name.clone(), d.clone());
        }
    }
    for (k, v) in &item.data {
        match keys.get(k) {
            // The label and geometry were taken from the markup already.
            Some(key) if key.graphics => {}
            Some(key) => {
                out.insert(key.name.clone(), v.clone());
            }
            None => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    out
}

/// The label of a node read so far (for a group's zone name).
fn item_label(item: &Item, keys: &HashMap<String, Key>) -> String {
    let named = item
        .data
        .iter()
        .find(|(k, _)| keys.get(k).is_some_and(|key| key.name == "label"));
    named
        .map(|(_, v)| v.clone())
        .or(item.yed_label.clone())
        .unwrap_or_else(|| item.xml_id.clone())
}

fn flag(value: &str, place: &str, name: &str) -> Result<bool, LoadError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" => Ok(true),
        "false" | "0" | "no" | "" => Ok(false),
        other => Err(invalid(
            place,
            format!("{name} \"{other}\" is not true or false"),
        )),
    }
}

fn number(value: &str, place: &str, name: &str) -> Result<f64, LoadError> {
    value
        .trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| invalid(place, format!("{name} \"{value}\" is not a number")))
}

/// Tags as a JSON array of strings, or else comma-separated.
fn tags(value: &str) -> Vec<String> {
    if let Ok(list) = serde_json::from_str::<Vec<String>>(value) {
        return list;
    }
    value
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Unknown data kept verbatim (renamed where it would clash, see
/// [`keep_foreign`]); yEd's empty graphics keys are dropped.
fn extra(extra: &mut Extra, owner: Owner, name: &str, value: &str) {
    if !value.trim().is_empty() {
        let value = Value::String(value.to_owned());
        keep_foreign(extra, owner, Format::GraphMl, name, value);
    }
}

fn attr(
    e: &BytesStart<'_>,
    name: &str,
    text: &str,
    at: usize,
) -> Result<Option<String>, LoadError> {
    match e.try_get_attribute(name) {
        Ok(Some(a)) => a
            .unescape_value()
            .map(|v| Some(v.into_owned()))
            .map_err(|err| syntax(text, at, err.to_string())),
        Ok(None) => Ok(None),
        Err(err) => Err(syntax(text, at, err.to_string())),
    }
}

fn syntax(text: &str, at: usize, message: String) -> LoadError {
    let (line, column) = line_column(text, at);
    LoadError::Syntax {
        line,
        column,
        message,
    }
}

/// 1-based line of byte offset `at`, given the offsets of the line ends.
fn line_of(newlines: &[usize], at: usize) -> usize {
    newlines.partition_point(|&p| p < at) + 1
}
