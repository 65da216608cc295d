//! GraphML with every trustpath attribute as a `<key>` (the `attr.name`s
//! below are what trustpath's GraphML importer reads back) plus the yEd
//! extensions — shape, fill, label, geometry, arrows, line colour — so that
//! yEd and Gephi open the graph as it is drawn.
//!
//! Keys (`attr.name`, for): `id`, `label`, `kind`, `zone`, `entry`,
//! `crown_jewel`, `tags` (a JSON array of strings), `notes` (node);
//! `label`, `kind`, `likelihood`, `notes`, `bidirectional` (edge);
//! `title` (graph). Highlighted paths colour their edges' lines; positions
//! and bend points are the drawing's (saved `pos` and `bends`, else the
//! layout's).

use std::collections::HashMap;
use std::io::{self, Write};

use super::Marked;
use super::scene::placement;
use super::xml::{Xml, attrs};
use crate::model::{EdgeId, TrustGraph};
use crate::palette::{self, Rgb};

/// (key id, for, attr.name, attr.type)
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("g_title", "graph", "title", "string"),
    ("n_id", "node", "id", "string"),
    ("n_label", "node", "label", "string"),
    ("n_kind", "node", "kind", "string"),
    ("n_zone", "node", "zone", "string"),
    ("n_entry", "node", "entry", "boolean"),
    ("n_jewel", "node", "crown_jewel", "boolean"),
    ("n_tags", "node", "tags", "string"),
    ("n_notes", "node", "notes", "string"),
    ("e_label", "edge", "label", "string"),
    ("e_kind", "edge", "kind", "string"),
    ("e_likelihood", "edge", "likelihood", "double"),
    ("e_bidirectional", "edge", "bidirectional", "boolean"),
    ("e_notes", "edge", "notes", "string"),
];

/// Node box size in yEd, graph units.
const NODE_W: f64 = 170.0;
const NODE_H: f64 = 44.0;

/// GraphML text must be XML 1.0 characters: drop the control characters XML
/// forbids (tab, newline and carriage return are allowed and kept, so notes
/// keep their lines).
fn xml_text(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

/// Writes `g` as GraphML with yEd extensions.
pub fn write(
    g: &TrustGraph,
    marked: &[Marked],
    title: Option<&str>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let placed = placement(g);
    let pos = placed.nodes;
    let mut edge_hl: HashMap<EdgeId, Rgb> = HashMap::new();
    for m in marked {
        for e in &m.path.edges {
            edge_hl.entry(*e).or_insert(m.color);
        }
    }
    let mut x = Xml::new(out)?;
    x.open(
        "graphml",
        &attrs![
            ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("xmlns:y", "http://www.yworks.com/xml/graphml"),
            (
                "xsi:schemaLocation",
                "http://graphml.graphdrawing.org/xmlns http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd"
            ),
        ],
    )?;
    for (id, for_, name, ty) in KEYS {
        x.empty(
            "key",
            &attrs![
                ("id", id),
                ("for", for_),
                ("attr.name", name),
                ("attr.type", ty)
            ],
        )?;
    }
    x.empty(
        "key",
        &attrs![
            ("id", "n_graphics"),
            ("for", "node"),
            ("yfiles.type", "nodegraphics")
        ],
    )?;
    x.empty(
        "key",
        &attrs![
            ("id", "e_graphics"),
            ("for", "edge"),
            ("yfiles.type", "edgegraphics")
        ],
    )?;

    x.open("graph", &attrs![("id", "G"), ("edgedefault", "directed")])?;
    x.text(
        "data",
        &attrs![("key", "g_title")],
        &xml_text(title.unwrap_or(&g.title)),
    )?;

    for (ix, n) in g.nodes() {
        x.open("node", &attrs![("id", xml_text(&n.id))])?;
        let data =
            |x: &mut Xml, key: &str, value: &str| x.text("data", &attrs![("key", key)], value);
        data(&mut x, "n_id", &xml_text(&n.id))?;
        data(&mut x, "n_label", &xml_text(&n.label))?;
        data(&mut x, "n_kind", &xml_text(&n.kind))?;
        data(&mut x, "n_zone", &xml_text(&n.zone))?;
        data(&mut x, "n_entry", if n.entry { "true" } else { "false" })?;
        data(
            &mut x,
            "n_jewel",
            if n.crown_jewel { "true" } else { "false" },
        )?;
        let tags: Vec<String> = n.tags.iter().map(|t| xml_text(t)).collect();
        data(&mut x, "n_tags", &serde_json::Value::from(tags).to_string())?;
        data(&mut x, "n_notes", &xml_text(&n.notes))?;

        let [cx, cy] = pos.get(&ix).copied().unwrap_or([0.0, 0.0]);
        let (border, width) = if n.entry {
            (palette::ENTRY, 3.0)
        } else if n.crown_jewel {
            (palette::JEWEL, 3.0)
        } else {
            (palette::node_kind(&n.kind), 1.5)
        };
        // The yEd label is the plain label: readers such as networkx fold
        // it into the `label` attribute, so decorating it would corrupt data.
        // Entry and jewel show as the border colour and style instead.
        let label = xml_text(&n.label);
        x.open("data", &attrs![("key", "n_graphics")])?;
        x.open("y:ShapeNode", &[])?;
        x.empty(
            "y:Geometry",
            &attrs![
                ("x", super::text::f1(cx - NODE_W / 2.0)),
                ("y", super::text::f1(cy - NODE_H / 2.0)),
                ("width", super::text::f1(NODE_W)),
                ("height", super::text::f1(NODE_H)),
            ],
        )?;
        x.empty(
            "y:Fill",
            &attrs![
                ("color", palette::node_fill(&n.kind).hex().to_uppercase()),
                ("transparent", "false")
            ],
        )?;
        x.empty(
            "y:BorderStyle",
            &attrs![
                ("color", border.hex().to_uppercase()),
                ("type", if n.crown_jewel { "double" } else { "line" }),
                ("width", width),
            ],
        )?;
        x.text(
            "y:NodeLabel",
            &attrs![
                ("alignment", "center"),
                ("autoSizePolicy", "content"),
                ("fontFamily", "Dialog"),
                ("fontSize", 12),
                ("modelName", "internal"),
                ("modelPosition", "c"),
                ("textColor", palette::INK.hex().to_uppercase()),
                ("visible", "true"),
            ],
            &label,
        )?;
        x.empty("y:Shape", &attrs![("type", "roundrectangle")])?;
        x.close("y:ShapeNode")?;
        x.close("data")?;
        x.close("node")?;
    }

    for (i, e) in g.edges().enumerate() {
        x.open(
            "edge",
            &attrs![
                ("id", format!("e{i}")),
                ("source", xml_text(&g.node(e.from).id)),
                ("target", xml_text(&g.node(e.to).id)),
            ],
        )?;
        let data =
            |x: &mut Xml, key: &str, value: &str| x.text("data", &attrs![("key", key)], value);
        data(&mut x, "e_label", &xml_text(&e.edge.label))?;
        data(&mut x, "e_kind", &xml_text(&e.edge.kind))?;
        // Shortest round-trip text, so the importer reads the same f64 back.
        data(&mut x, "e_likelihood", &e.edge.likelihood.to_string())?;
        data(
            &mut x,
            "e_bidirectional",
            if e.edge.bidirectional {
                "true"
            } else {
                "false"
            },
        )?;
        data(&mut x, "e_notes", &xml_text(&e.edge.notes))?;

        let hl = edge_hl.get(&e.id);
        let color = hl
            .copied()
            .unwrap_or_else(|| palette::edge_kind(&e.edge.kind));
        let width = if hl.is_some() {
            4.0
        } else {
            1.0 + 2.0 * e.edge.likelihood
        };
        x.open("data", &attrs![("key", "e_graphics")])?;
        x.open("y:PolyLineEdge", &[])?;
        // The drawing's bend points, so yEd shows the layered routes.
        let path = attrs![("sx", "0.0"), ("sy", "0.0"), ("tx", "0.0"), ("ty", "0.0")];
        match placed.bends.get(&e.id).filter(|b| !b.is_empty()) {
            Some(bends) => {
                x.open("y:Path", &path)?;
                for &[px, py] in bends {
                    let at = attrs![("x", super::text::f1(px)), ("y", super::text::f1(py))];
                    x.empty("y:Point", &at)?;
                }
                x.close("y:Path")?;
            }
            None => x.empty("y:Path", &path)?,
        }
        x.empty(
            "y:LineStyle",
            &attrs![
                ("color", color.hex().to_uppercase()),
                ("type", "line"),
                ("width", super::text::f1(width)),
            ],
        )?;
        x.empty(
            "y:Arrows",
            &attrs![
                (
                    "source",
                    if e.edge.bidirectional {
                        "standard"
                    } else {
                        "none"
                    }
                ),
                ("target", "standard"),
            ],
        )?;
        let label = xml_text(&e.edge.label);
        x.text(
            "y:EdgeLabel",
            &attrs![
                ("alignment", "center"),
                ("fontFamily", "Dialog"),
                ("fontSize", 10),
                ("modelName", "centered"),
                ("modelPosition", "center"),
                ("textColor", palette::MUTED_INK.hex().to_uppercase()),
                ("visible", "true"),
            ],
            &label,
        )?;
        x.empty("y:BendStyle", &attrs![("smoothed", "false")])?;
        x.close("y:PolyLineEdge")?;
        x.close("data")?;
        x.close("edge")?;
    }
    x.close("graph")?;
    x.close("graphml")?;
    x.finish()
}
