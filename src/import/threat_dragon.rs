//! OWASP Threat Dragon v2 JSON (and v1 cells where that costs nothing).
//!
//! Actors, processes and stores become components; flows become directed
//! `data-flow` edges (bidirectional flows both ways); trust-boundary boxes
//! become zones by geometric containment of each component's centre, since
//! Threat Dragon stores shapes, not membership; threats become notes.
//! Ids are readable slugs of the element names (the cell id is kept in the
//! node's `threat_dragon_id`). Several diagrams are merged into one graph,
//! each placed to the right of the previous one.

use std::collections::{HashMap, HashSet};

use petgraph::stable_graph::NodeIndex;
use serde_json::{Map, Value, json};

use super::{Read, add_edge, add_node, invalid, push_paragraph, unique_slug};
use crate::io::{LoadError, syntax_error};
use crate::model::{Edge, Node, TrustGraph};

/// Horizontal gap between merged diagrams, in graph units.
const DIAGRAM_GAP: f64 = 200.0;

/// Data flags that are structure, not tags.
const NOT_TAGS: [&str; 4] = [
    "isBidirectional",
    "isTrustBoundary",
    "new",
    "hasOpenThreats",
];

#[derive(Clone, Copy, PartialEq)]
enum Element {
    Actor,
    Process,
    Store,
}

enum Shape {
    Element(Element),
    Flow,
    Box,
    Curve,
    Ignored,
}

fn shape_of(name: &str) -> Option<Shape> {
    Some(match name {
        "actor" | "tm.Actor" => Shape::Element(Element::Actor),
        "process" | "tm.Process" => Shape::Element(Element::Process),
        "store" | "tm.Store" => Shape::Element(Element::Store),
        "flow" | "tm.Flow" => Shape::Flow,
        "trust-boundary-box" | "tm.BoundaryBox" => Shape::Box,
        "trust-boundary-curve" | "tm.Boundary" => Shape::Curve,
        "td-text-block" | "tm.Text" => Shape::Ignored,
        _ => return None,
    })
}

/// An axis-aligned rectangle `[x, y, width, height]`.
type Rect = [f64; 4];

struct Zone {
    name: String,
    rect: Rect,
}

pub(super) fn read(text: &str) -> Result<Read, LoadError> {
    let root: Value = serde_json::from_str(text).map_err(syntax_error)?;
    let Some(root) = root.as_object() else {
        return Err(invalid("top level", "expected an object"));
    };
    let mut g = TrustGraph::new();
    let mut warnings = Vec::new();
    // The diagrams are checked first: they are the model, the summary is
    // only its title.
    let detail = match root.get("detail") {
        Some(Value::Object(d)) => d,
        Some(_) => return Err(invalid("detail", "expected an object")),
        None => {
            let found = if root.contains_key("details") {
                "found \"details\"; "
            } else {
                ""
            };
            return Err(invalid(
                "detail",
                format!(
                    "missing ({found}a Threat Dragon model keeps its diagrams in \"detail\".\"diagrams\")"
                ),
            ));
        }
    };
    match root.get("summary") {
        Some(Value::Object(s)) => {
            g.title = str_field(s, "title", "summary")?.unwrap_or_default();
            g.description = str_field(s, "description", "summary")?.unwrap_or_default();
        }
        None | Some(Value::Null) => {}
        Some(_) => return Err(invalid("summary", "expected an object")),
    }
    let diagrams = match detail.get("diagrams") {
        Some(Value::Array(d)) => d,
        Some(_) => return Err(invalid("detail.diagrams", "expected an array")),
        None => return Err(invalid("detail.diagrams", "missing")),
    };
    let mut taken = HashSet::new();
    let mut x_offset = 0.0;
    for (d, diagram) in diagrams.iter().enumerate() {
        let place = format!("detail.diagrams[{d}]");
        let Some(diagram) = diagram.as_object() else {
            return Err(invalid(place, "expected an object"));
        };
        let title = str_field(diagram, "title", &place)?.unwrap_or_default();
        let tag = (diagrams.len() > 1).then(|| format!("diagram:{title}"));
        let right = read_diagram(
            &mut g,
            &mut warnings,
            &mut taken,
            diagram,
            &place,
            x_offset,
            tag,
        )?;
        x_offset = right + DIAGRAM_GAP;
    }
    Ok(Read { graph: g, warnings })
}

/// `obj[key]` as an optional string; a wrong type is an error naming the place.
fn str_field(
    obj: &Map<String, Value>,
    key: &str,
    place: &str,
) -> Result<Option<String>, LoadError> {
    match obj.get(key) {
        Some(Value::String(s)) => Ok(Some(s.clone())),
        None | Some(Value::Null) => Ok(None),
        Some(other) => Err(invalid(
            format!("{place}.{key}"),
            format!("expected a string, found {other}"),
        )),
    }
}

/// Reads one diagram into `g`, shifted right by `x_offset`; returns the
/// rightmost x it used.
fn read_diagram(
    g: &mut TrustGraph,
    warnings: &mut Vec<String>,
    taken: &mut HashSet<String>,
    diagram: &Map<String, Value>,
    place: &str,
    x_offset: f64,
    tag: Option<String>,
) -> Result<f64, LoadError> {
    let (cells, cells_place) = match (diagram.get("cells"), diagram.get("diagramJson")) {
        (Some(Value::Array(c)), _) => (c.as_slice(), format!("{place}.cells")),
        (None, Some(Value::Object(dj))) => match dj.get("cells") {
            Some(Value::Array(c)) => (c.as_slice(), format!("{place}.diagramJson.cells")),
            _ => return Err(invalid(format!("{place}.diagramJson.cells"), "missing")),
        },
        (Some(_), _) => return Err(invalid(format!("{place}.cells"), "expected an array")),
        (None, _) => return Err(invalid(format!("{place}.cells"), "missing")),
    };
    let mut zones: Vec<Zone> = Vec::new();
    let mut elements: Vec<(usize, Element, &Map<String, Value>)> = Vec::new();
    let mut flows: Vec<(usize, &Map<String, Value>)> = Vec::new();
    let mut kind_of: HashMap<&str, &'static str> = HashMap::new();
    let mut right = x_offset;
    for (i, cell) in cells.iter().enumerate() {
        let here = format!("{cells_place}[{i}]");
        let Some(cell) = cell.as_object() else {
            return Err(invalid(here, "expected an object"));
        };
        let shape_name = cell
            .get("shape")
            .or_else(|| cell.get("type"))
            .and_then(Value::as_str)
            .unwrap_or_default();
        let Some(shape) = shape_of(shape_name) else {
            warnings.push(format!("{here}: unknown shape \"{shape_name}\"; skipped"));
            continue;
        };
        if matches!(shape, Shape::Ignored) {
            continue;
        }
        let id = match cell.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.as_str(),
            _ => return Err(invalid(here, "id is missing")),
        };
        if let Some(rect) = rect(cell) {
            right = right.max(x_offset + rect[0] + rect[2]);
        }
        let what = match shape {
            Shape::Element(e) => {
                elements.push((i, e, cell));
                "element"
            }
            Shape::Flow => {
                flows.push((i, cell));
                "flow"
            }
            Shape::Box => {
                match rect(cell) {
                    Some(r) => zones.push(Zone {
                        name: name_of(cell).unwrap_or_else(|| id.to_owned()),
                        rect: r,
                    }),
                    None => warnings.push(format!(
                        "{here}: trust boundary box has no position or size; skipped"
                    )),
                }
                "trust boundary"
            }
            Shape::Curve => {
                let name = name_of(cell).map_or_else(|| "(unnamed)".into(), |n| format!("\"{n}\""));
                warnings.push(format!(
                    "{here}: trust boundary curve {name} encloses no area; not made a zone"
                ));
                "trust boundary"
            }
            Shape::Ignored => "text",
        };
        if kind_of.insert(id, what).is_some() {
            return Err(invalid(here, format!("duplicate cell id \"{id}\"")));
        }
    }
    let mut index: HashMap<&str, NodeIndex> = HashMap::new();
    for (i, element, cell) in elements {
        let here = format!("{cells_place}[{i}]");
        let id = cell.get("id").and_then(Value::as_str).unwrap_or_default();
        let data = data_of(cell);
        let name = name_of(cell).unwrap_or_else(|| id.to_owned());
        let mut node = Node::new(unique_slug(&name, taken));
        node.label = name;
        node.kind = match element {
            Element::Actor => "actor",
            Element::Process => "application",
            Element::Store => "data",
        }
        .into();
        node.extra.insert("threat_dragon_id".into(), json!(id));
        let centre = rect(cell).map(|[x, y, w, h]| [x + w / 2.0, y + h / 2.0]);
        if let Some([cx, cy]) = centre {
            node.pos = Some([cx + x_offset, cy]);
            node.zone = innermost(&zones, cx, cy).unwrap_or_default();
        }
        node.tags = tags(data);
        node.tags.extend(tag.clone());
        let in_scope = !data
            .get("outOfScope")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        node.entry = in_scope && element == Element::Actor;
        node.crown_jewel = in_scope && element == Element::Store;
        node.notes = notes(data, &here)?;
        let ix = add_node(g, node, &here)?;
        index.insert(id, ix);
    }
    for (i, cell) in flows {
        let id = cell.get("id").and_then(Value::as_str).unwrap_or_default();
        let name = name_of(cell).unwrap_or_default();
        let here = format!(
            "{cells_place}[{i}] (flow \"{}\")",
            if name.is_empty() { id } else { &name }
        );
        let mut ends = [NodeIndex::end(); 2];
        let mut loose = None;
        for (slot, key) in ends.iter_mut().zip(["source", "target"]) {
            let end = cell.get(key).and_then(Value::as_object);
            let Some(target) = end.and_then(|e| e.get("cell").or_else(|| e.get("id"))) else {
                loose = Some(key);
                continue;
            };
            let Some(target) = target.as_str() else {
                return Err(invalid(format!("{here}.{key}.cell"), "expected a string"));
            };
            *slot = match (index.get(target), kind_of.get(target)) {
                (Some(ix), _) => *ix,
                (None, Some(what)) => {
                    return Err(invalid(
                        here,
                        format!(
                            "its {key} is cell {target}, a {what}, not an actor, process or store"
                        ),
                    ));
                }
                (None, None) => {
                    return Err(invalid(
                        here,
                        format!("its {key} is cell {target}, which does not exist"),
                    ));
                }
            };
        }
        if let Some(key) = loose {
            warnings.push(format!(
                "{here}: its {key} is not attached to any element; skipped"
            ));
            continue;
        }
        let data = data_of(cell);
        let mut edge = Edge {
            kind: "data-flow".into(),
            label: name,
            bidirectional: data
                .get("isBidirectional")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            ..Edge::default()
        };
        edge.extra.insert("threat_dragon_id".into(), json!(id));
        let mut facts = Vec::new();
        if let Some(p) = data
            .get("protocol")
            .and_then(Value::as_str)
            .filter(|p| !p.is_empty())
        {
            facts.push(format!("protocol: {p}"));
        }
        let flags = tags(data);
        if !flags.is_empty() {
            facts.push(format!("flags: {}", flags.join(", ")));
        }
        edge.notes = facts.join("; ");
        push_paragraph(&mut edge.notes, &notes(data, &here)?);
        add_edge(g, ends[0], ends[1], edge, &here)?;
    }
    Ok(right)
}

/// The element's properties: `data` in v2, the cell itself in v1.
fn data_of(cell: &Map<String, Value>) -> &Map<String, Value> {
    cell.get("data").and_then(Value::as_object).unwrap_or(cell)
}

/// The displayed name: `data.name`, else the shape's text or label.
fn name_of(cell: &Map<String, Value>) -> Option<String> {
    let text = |path: &[&str]| {
        let mut v = cell.get("attrs")?;
        for key in path {
            v = v.get(key)?;
        }
        v.as_str()
    };
    data_of(cell)
        .get("name")
        .and_then(Value::as_str)
        .or_else(|| text(&["text", "text"]))
        .or_else(|| text(&["label", "text"]))
        .or_else(|| {
            cell.get("labels")?
                .get(0)?
                .get("attrs")?
                .get("labelText")?
                .get("text")?
                .as_str()
        })
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
}

/// `position` and `size` as a rectangle, when both are finite numbers.
fn rect(cell: &Map<String, Value>) -> Option<Rect> {
    let num = |obj: &str, key: &str| cell.get(obj)?.get(key)?.as_f64().filter(|v| v.is_finite());
    Some([
        num("position", "x")?,
        num("position", "y")?,
        num("size", "width").unwrap_or(0.0),
        num("size", "height").unwrap_or(0.0),
    ])
}

/// The name of the smallest zone containing the point, if any.
fn innermost(zones: &[Zone], x: f64, y: f64) -> Option<String> {
    zones
        .iter()
        .filter(|z| {
            let [zx, zy, w, h] = z.rect;
            x >= zx && x <= zx + w && y >= zy && y <= zy + h
        })
        .min_by(|a, b| (a.rect[2] * a.rect[3]).total_cmp(&(b.rect[2] * b.rect[3])))
        .map(|z| z.name.clone())
}

/// Every `true` flag of the element's data as a kebab-case tag, without a
/// leading "is": `outOfScope` → `out-of-scope`, `isEncrypted` → `encrypted`.
fn tags(data: &Map<String, Value>) -> Vec<String> {
    let mut tags = Vec::new();
    for (key, value) in data {
        if value.as_bool() != Some(true) || NOT_TAGS.contains(&key.as_str()) {
            continue;
        }
        let upper = |rest: &&str| rest.starts_with(|c: char| c.is_ascii_uppercase());
        // `isALog` reads "is a log": drop the article too.
        let key = match key.strip_prefix("is").filter(upper) {
            Some(rest) => rest.strip_prefix('A').filter(upper).unwrap_or(rest),
            None => key,
        };
        let mut tag = String::new();
        for c in key.chars() {
            if c.is_ascii_uppercase() && !tag.is_empty() {
                tag.push('-');
            }
            tag.push(c.to_ascii_lowercase());
        }
        tags.push(tag);
    }
    tags
}

/// The description, the reason it is out of scope, and the threats.
fn notes(data: &Map<String, Value>, place: &str) -> Result<String, LoadError> {
    let mut notes = String::new();
    let text = |key: &str| data.get(key).and_then(Value::as_str).unwrap_or_default();
    push_paragraph(&mut notes, text("description"));
    let reason = text("reasonOutOfScope");
    if !reason.trim().is_empty() {
        push_paragraph(&mut notes, &format!("Out of scope: {reason}"));
    }
    let threats = match data.get("threats") {
        Some(Value::Array(t)) => t.as_slice(),
        None | Some(Value::Null) => &[],
        Some(_) => return Err(invalid(format!("{place}.threats"), "expected an array")),
    };
    let mut lines = Vec::new();
    for (i, threat) in threats.iter().enumerate() {
        let Some(t) = threat.as_object() else {
            return Err(invalid(
                format!("{place}.threats[{i}]"),
                "expected an object",
            ));
        };
        let field = |key: &str| match t.get(key) {
            Some(Value::String(s)) => s.trim().to_owned(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::new(),
        };
        let facts: Vec<String> = [field("type"), field("severity"), field("status")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        let mut line = format!("- {} [{}]", field("title"), facts.join(", "));
        for (key, lead) in [("description", ": "), ("mitigation", " Mitigation: ")] {
            let v = field(key);
            if !v.is_empty() {
                line.push_str(lead);
                line.push_str(&v);
            }
        }
        lines.push(line);
    }
    if !lines.is_empty() {
        push_paragraph(&mut notes, &format!("Threats:\n{}", lines.join("\n")));
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_become_kebab_tags() {
        let data = json!({"outOfScope": true, "isEncrypted": true, "isALog": true,
            "storesCredentials": false, "isBidirectional": true, "island": true});
        let t = tags(data.as_object().unwrap());
        assert_eq!(t, ["out-of-scope", "encrypted", "log", "island"]);
    }

    #[test]
    fn the_smallest_box_wins() {
        let zones = [
            Zone {
                name: "outer".into(),
                rect: [0.0, 0.0, 100.0, 100.0],
            },
            Zone {
                name: "inner".into(),
                rect: [10.0, 10.0, 20.0, 20.0],
            },
        ];
        assert_eq!(innermost(&zones, 15.0, 15.0).as_deref(), Some("inner"));
        assert_eq!(innermost(&zones, 50.0, 50.0).as_deref(), Some("outer"));
        assert_eq!(innermost(&zones, 150.0, 50.0), None);
    }
}
