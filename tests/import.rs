//! Importers against the real files in `../shared/corpus/` (counted
//! independently here by walking the raw JSON/YAML), round trips, fuzzing,
//! snapshots of one imported model per format, and the `import` command.

mod corpus;

use std::collections::HashSet;
use std::fs;

use assert_cmd::Command;
use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::Value;
use trustpath::import::{self, Format, import, write_opengraph};
use trustpath::io;
use trustpath::model::TrustGraph;

use corpus::corpus_path;

fn corpus(rel: &str) -> Vec<u8> {
    let path = corpus_path(rel);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn files(dir: &str, ext: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(corpus_path(dir))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(ext))
        .map(|n| format!("{dir}/{n}"))
        .collect();
    names.sort();
    names
}

fn imported(rel: &str) -> TrustGraph {
    let bytes = corpus(rel);
    let g = import(&bytes, None).unwrap_or_else(|e| panic!("{rel}: {e}"));
    eprintln!("{rel}: {} nodes, {} edges", g.node_count(), g.edge_count());
    g
}

/// Actors, processes and stores; flows with both ends on a cell.
fn threat_dragon_counts(model: &Value) -> (usize, usize) {
    let (mut nodes, mut edges) = (0, 0);
    for diagram in model["detail"]["diagrams"].as_array().unwrap() {
        for cell in diagram["cells"].as_array().unwrap() {
            match cell["shape"].as_str().unwrap() {
                "actor" | "process" | "store" => nodes += 1,
                "flow"
                    if cell["source"]["cell"].is_string() && cell["target"]["cell"].is_string() =>
                {
                    edges += 1
                }
                _ => {}
            }
        }
    }
    (nodes, edges)
}

#[test]
fn every_threat_dragon_model_imports_with_its_counts() {
    let all = files("threat-dragon", ".json");
    assert!(all.len() >= 8, "{all:?}");
    for rel in all.iter().filter(|n| !n.contains("broken")) {
        assert_eq!(
            import::detect(&corpus(rel)),
            Some(Format::ThreatDragon),
            "{rel}"
        );
        let g = imported(rel);
        let raw: Value = serde_json::from_slice(&corpus(rel)).unwrap();
        assert_eq!(
            (g.node_count(), g.edge_count()),
            threat_dragon_counts(&raw),
            "{rel}"
        );
        assert!(
            g.nodes().all(|(_, n)| n.pos.is_some()),
            "{rel}: positions kept"
        );
        assert!(
            !g.entries().is_empty() || rel.contains("three-tier"),
            "{rel}: actors proposed as entries"
        );
    }
}

#[test]
fn threat_dragon_details_survive() {
    let g = imported("threat-dragon/generic-cms.json");
    assert_eq!(g.title, "Generic Content Management System (CMS)");
    let web = g.node(g.find("web-server").unwrap());
    assert_eq!(web.kind, "application");
    assert_eq!(web.zone, "Internet");
    // The bidirectional "Unsecured mySQL connection" flow.
    let flow = g
        .edges()
        .find(|e| e.edge.label == "Unsecured mySQL connection")
        .unwrap();
    assert!(flow.edge.bidirectional);
    assert_eq!(flow.edge.kind, "data-flow");
    let g = imported("threat-dragon/three-tier-web-app.json");
    assert!(
        g.nodes().any(|(_, n)| n.notes.contains(
            "Threats:\n- Store Sensitive Data [Information disclosure, High, Mitigated]"
        )),
        "threats become notes"
    );
    let zones: HashSet<&str> = g.nodes().map(|(_, n)| n.zone.as_str()).collect();
    assert!(zones.len() >= 2, "boxes become zones: {zones:?}");
}

#[test]
fn the_broken_threat_dragon_model_names_the_place() {
    let bytes = corpus("threat-dragon/broken-v2-malformed-new-model.json");
    assert_eq!(import::detect(&bytes), Some(Format::ThreatDragon));
    let e = import(&bytes, None).unwrap_err().to_string();
    assert_eq!(
        e,
        "Threat Dragon file: detail: missing (found \"details\"; a Threat Dragon model keeps its diagrams in \"detail\".\"diagrams\")"
    );
}

#[test]
fn threat_dragon_dangling_flow_is_named() {
    let text = r#"{"summary": {"title": "t"}, "detail": {"diagrams": [{"cells": [
        {"shape": "actor", "id": "a1", "data": {"name": "User"}, "position": {"x": 0, "y": 0}},
        {"shape": "flow", "id": "f12", "data": {"name": "login"}, "source": {"cell": "a1"}, "target": {"cell": "x"}}
    ]}]}}"#;
    let e = import(text.as_bytes(), None).unwrap_err().to_string();
    assert_eq!(
        e,
        "Threat Dragon file: detail.diagrams[0].cells[1] (flow \"login\"): its target is cell x, which does not exist"
    );
}

#[test]
fn threat_dragon_diagrams_merge_and_v1_cells_read() {
    let text = r#"{"summary": {"title": "two"}, "detail": {"diagrams": [
        {"title": "A", "cells": [
            {"shape": "process", "id": "p", "data": {"name": "Web"}, "position": {"x": 0, "y": 0}, "size": {"width": 100, "height": 50}}]},
        {"title": "B", "diagramJson": {"cells": [
            {"type": "tm.Actor", "id": "u", "name": "User", "position": {"x": 0, "y": 0}, "size": {"width": 10, "height": 10}},
            {"type": "tm.Process", "id": "w", "name": "Web", "outOfScope": true, "position": {"x": 50, "y": 0}},
            {"type": "tm.Flow", "id": "f", "name": "login", "source": {"id": "u"}, "target": {"id": "w"}}]}}
    ]}}"#;
    let g = import(text.as_bytes(), None).unwrap();
    let ids: Vec<&str> = g.nodes().map(|(_, n)| n.id.as_str()).collect();
    assert_eq!(ids, ["web", "user", "web-2"]);
    let user = g.node(g.find("user").unwrap());
    assert_eq!(user.tags, ["diagram:B"]);
    assert_eq!(
        user.pos,
        Some([305.0, 5.0]),
        "placed right of diagram A (x up to 100, gap 200)"
    );
    let web2 = g.node(g.find("web-2").unwrap());
    assert!(web2.tags.contains(&"out-of-scope".to_owned()));
    assert_eq!(g.edge_count(), 1);
}

#[test]
fn threagile_models_import_with_their_counts() {
    for rel in files("threagile", ".yaml") {
        let bytes = corpus(&rel);
        assert_eq!(import::detect(&bytes), Some(Format::Threagile), "{rel}");
        let g = imported(&rel);
        let raw: serde_yaml::Value = serde_yaml::from_slice(&bytes).unwrap();
        let assets = raw["technical_assets"].as_mapping().unwrap();
        let links: usize = assets
            .values()
            .map(|a| a["communication_links"].as_mapping().map_or(0, |l| l.len()))
            .sum();
        assert_eq!(
            (g.node_count(), g.edge_count()),
            (assets.len(), links),
            "{rel}"
        );
    }
    let g = imported("threagile/example.yaml");
    let ids =
        |v: Vec<_>| -> Vec<String> { v.into_iter().map(|ix| g.node(ix).id.clone()).collect() };
    assert_eq!(ids(g.entries()), ["customer-client", "external-dev-client"]);
    assert_eq!(
        ids(g.crown_jewels()),
        ["load-balancer", "erp-system", "sql-database"]
    );
    let apache = g.node(g.find("apache-webserver").unwrap());
    assert_eq!(
        (apache.zone.as_str(), apache.kind.as_str()),
        ("web-dmz", "application")
    );
    // token (0.4) over a VPN (×0.5).
    let erp = g
        .edges()
        .find(|e| e.edge.label == "ERP Internal Access")
        .unwrap();
    assert!((erp.edge.likelihood - 0.2).abs() < 1e-12);
    let paths = trustpath::analysis::most_likely_paths(
        &g,
        &trustpath::analysis::PathQuery::entries_to_jewels(&g, 5),
    );
    assert!(!paths.is_empty(), "entry → jewel paths exist");
}

#[test]
fn threagile_dangling_link_is_named() {
    let text = "technical_assets:\n  Web:\n    id: web\n    communication_links:\n      Db Traffic:\n        target: db\n";
    let e = import(text.as_bytes(), Some(Format::Threagile))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "Threagile file: technical_assets.\"Web\".communication_links.\"Db Traffic\": target \"db\": no technical asset has this id"
    );
}

#[test]
fn opengraph_minimal_imports() {
    let bytes = corpus("opengraph/opengraph-minimal.json");
    assert_eq!(import::detect(&bytes), Some(Format::OpenGraph));
    let g = imported("opengraph/opengraph-minimal.json");
    let raw: Value = serde_json::from_slice(&bytes).unwrap();
    let len = |k: &str| raw["graph"][k].as_array().unwrap().len();
    assert_eq!(
        (g.node_count(), g.edge_count()),
        (len("nodes"), len("edges"))
    );
    let bob = g.node(g.find("123").unwrap());
    assert_eq!((bob.label.as_str(), bob.kind.as_str()), ("BOB", "Person"));
    assert_eq!(bob.extra.get("property"), Some(&Value::from("a")));
    assert_eq!(g.edges().next().unwrap().edge.kind, "Knows");
}

/// The node and edge schemas are not models, so they are reported as of no
/// known format; their `examples` put together make a payload that imports.
#[test]
fn opengraph_schema_examples_import() {
    for rel in [
        "opengraph/opengraph-node.json",
        "opengraph/opengraph-edge.json",
    ] {
        let e = import(&corpus(rel), None).unwrap_err().to_string();
        assert!(
            e.starts_with("unknown format (JSON, but of no known shape); supported: "),
            "{e}"
        );
    }
    let nodes_schema: Value =
        serde_json::from_slice(&corpus("opengraph/opengraph-node.json")).unwrap();
    let edges_schema: Value =
        serde_json::from_slice(&corpus("opengraph/opengraph-edge.json")).unwrap();
    let mut nodes = nodes_schema["examples"].as_array().unwrap().clone();
    // The one node the property-matcher example looks for.
    nodes.push(
        serde_json::json!({"id": "p1", "kinds": ["Thing"], "properties": {"prop_1": "value"}}),
    );
    let edges = edges_schema["examples"].as_array().unwrap().clone();
    let ids: HashSet<&str> = nodes.iter().map(|n| n["id"].as_str().unwrap()).collect();
    let mut stubs = HashSet::new();
    for e in &edges {
        for end in [&e["start"], &e["end"]] {
            if let Some(v) = end["value"].as_str().filter(|v| !ids.contains(v)) {
                stubs.insert(v);
            }
        }
    }
    let payload = serde_json::json!({"graph": {"nodes": nodes, "edges": edges}});
    let imported = import::import_with_report(payload.to_string().as_bytes(), None).unwrap();
    let g = &imported.graph;
    assert_eq!(g.node_count(), nodes.len() + stubs.len());
    assert_eq!(g.edge_count(), edges.len());
    assert_eq!(
        imported.warnings.len(),
        stubs.len(),
        "{:?}",
        imported.warnings
    );
    let admin = g.edges().find(|e| e.edge.kind == "admin_to").unwrap();
    assert_eq!(admin.edge.likelihood, 0.9, "default likelihood by kind");
    let alice = g.node(g.find("alice").unwrap());
    assert_eq!(
        (alice.kind.as_str(), alice.tags.as_slice()),
        ("User", ["external".to_owned()].as_slice())
    );
    assert_eq!(g.node(g.find("device-5678").unwrap()).kind, "Device");
}

/// The same nodes and edges (the model's own equality); the file-level
/// title, description and extras are not part of an export's round trip.
fn assert_same_model(a: &TrustGraph, b: &TrustGraph, what: &str) {
    let mut b = b.clone();
    b.title.clone_from(&a.title);
    b.description.clone_from(&a.description);
    b.extra.clone_from(&a.extra);
    assert!(
        *a == b,
        "{what}: nodes or edges differ after the round trip"
    );
}

#[test]
fn opengraph_round_trip_keeps_ids_kinds_and_attributes() {
    for (name, text) in trustpath::samples::SAMPLES {
        let mut g = io::load_bytes(text.as_bytes()).unwrap();
        // Exercise the attributes the samples leave at their defaults.
        let first = g.nodes().next().unwrap().0;
        let mut n = g.node(first).clone();
        n.pos = Some([12.5, -3.0]);
        n.pinned = true;
        n.extra.insert("owner".into(), Value::from("it"));
        n.extra.insert("ports".into(), serde_json::json!([22, 443]));
        g.set_node(first, n).unwrap();
        let mut out = Vec::new();
        write_opengraph(&g, &mut out).unwrap();
        let back = import(&out, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_same_model(&g, &back, name);
        // Strict form: every edge kind fits BloodHound's pattern, endpoints by id.
        let raw: Value = serde_json::from_slice(&out).unwrap();
        for e in raw["graph"]["edges"].as_array().unwrap() {
            let kind = e["kind"].as_str().unwrap();
            assert!(
                !kind.is_empty() && kind.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
                "{kind}"
            );
            assert_eq!(e["start"]["match_by"], "id");
        }
        for n in raw["graph"]["nodes"].as_array().unwrap() {
            assert!(
                n["properties"]
                    .as_object()
                    .unwrap()
                    .values()
                    .all(|v| !v.is_object() && !v.is_null())
            );
        }
    }
}

/// GraphML in the attribute naming of trustpath's own exporter.
fn graphml_of(g: &TrustGraph) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (i, (name, ty, for_)) in [
        ("label", "string", "all"),
        ("kind", "string", "all"),
        ("zone", "string", "node"),
        ("entry", "boolean", "node"),
        ("crown_jewel", "boolean", "node"),
        ("tags", "string", "node"),
        ("notes", "string", "all"),
        ("likelihood", "double", "edge"),
        ("bidirectional", "boolean", "edge"),
    ]
    .iter()
    .enumerate()
    {
        s += &format!(
            "  <key id=\"k{i}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>\n"
        );
    }
    s += "  <graph id=\"G\" edgedefault=\"directed\">\n";
    for (_, n) in g.nodes() {
        s += &format!("    <node id=\"{}\">", esc(&n.id));
        for (k, v) in [
            ("k0", n.label.clone()),
            ("k1", n.kind.clone()),
            ("k2", n.zone.clone()),
            ("k3", n.entry.to_string()),
            ("k4", n.crown_jewel.to_string()),
            ("k5", n.tags.join(",")),
            ("k6", n.notes.clone()),
        ] {
            s += &format!("<data key=\"{k}\">{}</data>", esc(&v));
        }
        s += "</node>\n";
    }
    for e in g.edges() {
        s += &format!(
            "    <edge source=\"{}\" target=\"{}\">",
            esc(&g.node(e.from).id),
            esc(&g.node(e.to).id)
        );
        for (k, v) in [
            ("k0", e.edge.label.clone()),
            ("k1", e.edge.kind.clone()),
            ("k6", e.edge.notes.clone()),
            ("k7", e.edge.likelihood.to_string()),
            ("k8", e.edge.bidirectional.to_string()),
        ] {
            s += &format!("<data key=\"{k}\">{}</data>", esc(&v));
        }
        s += "</edge>\n";
    }
    s + "  </graph>\n</graphml>\n"
}

#[test]
fn graphml_round_trip_keeps_ids_kinds_and_attributes() {
    for (name, text) in trustpath::samples::SAMPLES {
        let g = io::load_bytes(text.as_bytes()).unwrap();
        let xml = graphml_of(&g);
        assert_eq!(import::detect(xml.as_bytes()), Some(Format::GraphMl));
        let back = import(xml.as_bytes(), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_same_model(&g, &back, name);
    }
}

const YED: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
  <key for="node" id="d0" yfiles.type="nodegraphics"/>
  <key for="edge" id="d1" yfiles.type="edgegraphics"/>
  <key attr.name="kind" attr.type="string" for="node" id="d2"><default>application</default></key>
  <graph edgedefault="undirected" id="G">
    <node id="n0">
      <data key="d0"><y:ShapeNode><y:Geometry height="30.0" width="60.0" x="10.0" y="20.0"/><y:NodeLabel>VPN &amp; gateway</y:NodeLabel></y:ShapeNode></data>
      <data key="d2">network</data>
    </node>
    <node id="n1" yfiles.foldertype="group">
      <data key="d0"><y:ProxyAutoBoundsNode><y:Realizers active="0"><y:GroupNode><y:Geometry height="200" width="200" x="100" y="0"/><y:NodeLabel>Data centre</y:NodeLabel></y:GroupNode></y:Realizers></y:ProxyAutoBoundsNode></data>
      <graph edgedefault="undirected" id="n1:">
        <node id="n1::n0">
          <data key="d0"><y:ShapeNode><y:Geometry height="30.0" width="30.0" x="120.0" y="40.0"/><y:NodeLabel>ERP</y:NodeLabel></y:ShapeNode></data>
        </node>
      </graph>
    </node>
    <edge id="e0" source="n0" target="n1::n0">
      <data key="d1"><y:PolyLineEdge><y:EdgeLabel>RDP</y:EdgeLabel></y:PolyLineEdge></data>
    </edge>
  </graph>
</graphml>
"#;

#[test]
fn yed_graphml_labels_positions_groups_and_undirected_edges() {
    let g = import(YED.as_bytes(), None).unwrap();
    let vpn = g.node(g.find("n0").unwrap());
    assert_eq!(
        (vpn.label.as_str(), vpn.kind.as_str(), vpn.pos),
        ("VPN & gateway", "network", Some([40.0, 35.0]))
    );
    let erp = g.node(g.find("n1::n0").unwrap());
    assert_eq!(
        (erp.label.as_str(), erp.kind.as_str(), erp.zone.as_str()),
        ("ERP", "application", "Data centre")
    );
    let e = g.edges().next().unwrap();
    assert_eq!((e.edge.label.as_str(), e.edge.bidirectional), ("RDP", true));
    assert_eq!(g.node_count(), 3, "the group is kept as a node too");
}

#[test]
fn graphml_errors_name_the_place() {
    let e = import(
        b"<graphml><graph><node id=\"a\"/><edge source=\"a\" target=\"b\"/></graph></graphml>",
        None,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "GraphML file: line 1: edge a → b: its target \"b\" is not a node of this file"
    );
    let e = import(b"<graphml>\n<graph>\n<node id=\"a\"></edge>", None)
        .unwrap_err()
        .to_string();
    assert!(e.starts_with("GraphML file: line 3, column "), "{e}");
}

#[test]
fn csv_edge_lists_import() {
    let text = "from,to,kind,likelihood\nlaptop,vpn,network,0.5\nvpn,\"ad, main\",credential,\n";
    assert_eq!(import::detect(text.as_bytes()), Some(Format::Csv));
    let g = import(text.as_bytes(), None).unwrap();
    assert_eq!((g.node_count(), g.edge_count()), (3, 2));
    assert!(g.find("ad, main").is_some());
}

/// Writes `g` as trustpath JSON and loads it back with trustpath's own
/// loader: what an import yields must always reopen, unchanged.
fn reopened(g: &TrustGraph, what: &str) -> TrustGraph {
    let text = io::to_json_string(g);
    let back = io::load_bytes(text.as_bytes()).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"));
    assert_eq!(&back, g, "{what}");
    back
}

#[test]
fn opengraph_properties_named_like_trustpath_keys_reopen() {
    let text = r#"{"graph":{"nodes":[{"id":"a","kinds":["A"],
        "properties":{"id":"b","kind":"K","label":5,"entry":"yes","pos":"here","opengraph_id":"c"}}],
        "edges":[{"kind":"X","start":{"value":"a"},"end":{"value":"a"},
        "properties":{"from":"zz","bends":3,"likelihood":0.5}}]}}"#;
    let g = reopened(&import(text.as_bytes(), None).unwrap(), "opengraph");
    let a = g.node(g.find("a").unwrap());
    assert_eq!((a.kind.as_str(), a.entry, a.pos), ("A", false, None));
    let extra = |k: &str| a.extra.get(k).cloned();
    assert_eq!(extra("opengraph_kind"), Some(Value::from("K")));
    assert_eq!(extra("opengraph_label"), Some(Value::from(5)));
    assert_eq!(extra("opengraph_entry"), Some(Value::from("yes")));
    assert_eq!(extra("opengraph_pos"), Some(Value::from("here")));
    // `id` comes first and takes `opengraph_id`, so the file's own
    // `opengraph_id` moves on: both are kept.
    assert_eq!(extra("opengraph_id"), Some(Value::from("b")));
    assert_eq!(extra("opengraph_opengraph_id"), Some(Value::from("c")));
    let e = g.edges().next().unwrap().edge;
    assert_eq!((e.kind.as_str(), e.likelihood), ("X", 0.5));
    assert_eq!(e.extra.get("opengraph_from"), Some(&Value::from("zz")));
    assert_eq!(e.extra.get("opengraph_bends"), Some(&Value::from(3)));
}

#[test]
fn graphml_data_named_like_trustpath_keys_reopen() {
    let text = r#"<graphml>
  <key id="d0" for="node" attr.name="pos"/>
  <key id="d1" for="edge" attr.name="from"/>
  <key id="d2" for="edge" attr.name="bends"/>
  <key id="d3" for="edge" attr.name="id"/>
  <graph>
    <node id="a"><data key="d0">1,2</data></node>
    <node id="b"/>
    <edge source="a" target="b"><data key="d1">zz</data><data key="d2">[[0,0]]</data><data key="d3">e1</data></edge>
  </graph>
</graphml>"#;
    let g = reopened(&import(text.as_bytes(), None).unwrap(), "graphml");
    let a = g.node(g.find("a").unwrap());
    assert_eq!(a.pos, None);
    assert_eq!(a.extra.get("graphml_pos"), Some(&Value::from("1,2")));
    let e = g.edges().next().unwrap();
    assert_eq!(
        g.node(e.from).id,
        "a",
        "the data `from` does not move the edge"
    );
    assert!(e.edge.bends.is_empty());
    assert_eq!(e.edge.extra.get("graphml_from"), Some(&Value::from("zz")));
    assert_eq!(
        e.edge.extra.get("graphml_bends"),
        Some(&Value::from("[[0,0]]"))
    );
    assert_eq!(e.edge.extra.get("id"), Some(&Value::from("e1")));
}

#[test]
fn csv_columns_named_like_trustpath_keys_reopen() {
    let text = "from,to,bends,pos\na,b,\"[[1,2]]\",x\n";
    let g = reopened(&import(text.as_bytes(), None).unwrap(), "csv");
    let e = g.edges().next().unwrap().edge;
    assert!(e.bends.is_empty());
    assert_eq!(e.extra.get("csv_bends"), Some(&Value::from("[[1,2]]")));
    assert_eq!(
        e.extra.get("pos"),
        Some(&Value::from("x")),
        "edges have no pos"
    );
}

/// The first `percent` of example.yaml, cut at a character boundary.
fn threagile_cut(percent: usize) -> Vec<u8> {
    let text = String::from_utf8(corpus("threagile/example.yaml")).unwrap();
    let mut at = text.len() * percent / 100;
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.as_bytes()[..at].to_vec()
}

#[test]
fn a_broken_threagile_file_is_detected_and_its_yaml_error_located() {
    let cut = threagile_cut(75);
    assert_eq!(import::detect(&cut), Some(Format::Threagile));
    let detected = import(&cut, None).unwrap_err().to_string();
    let named = import(&cut, Some(Format::Threagile))
        .unwrap_err()
        .to_string();
    assert_eq!(detected, named);
    assert_eq!(
        detected,
        "Threagile file: line 998, column 1: could not find expected ':', while scanning a simple key"
    );
}

#[test]
fn broken_yaml_of_no_known_shape_gets_its_error_as_a_hint() {
    let e = import(b"# compose\nservices:\n  web: [1\n", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("unknown format (not valid YAML: line "),
        "{e}"
    );
    let e = import(b"services:\n  web: 1\n", None)
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("unknown format (YAML, but not a Threagile model: no technical_assets)"),
        "{e}"
    );
}

#[test]
fn a_threagile_file_cut_short_is_an_error_not_an_empty_graph() {
    for percent in 1..=10 {
        let e = import(&threagile_cut(percent), None)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("Threagile file: "), "{percent}%: {e}");
        assert!(
            e.contains("technical_assets") || e.contains(", column "),
            "{percent}%: {e}"
        );
    }
    let e = import(
        b"threagile_version: 1.0.0\ntitle: t\ntechnical_assets:\n",
        None,
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        e,
        "Threagile file: technical_assets: missing or empty, so there is nothing to import (is the file cut short?)"
    );
}

#[test]
fn csv_that_is_not_an_edge_list_is_refused_with_its_place() {
    let err = |t: &str| import(t.as_bytes(), None).unwrap_err().to_string();
    assert!(
        err("id,label\nn1,Node 1\n")
            .starts_with("CSV edge list file: line 1: the header has no from or to column"),
    );
    assert_eq!(
        err("a,\"b\nc,d\n"),
        "CSV edge list file: line 1, column 3: this quote is never closed"
    );
    assert_eq!(
        err("from,to,from\na,b,c\n"),
        "CSV edge list file: line 1: column 3 (\"from\") repeats column 1 (\"from\")"
    );
}

#[test]
fn native_files_load_as_they_are() {
    let (_, text) = trustpath::samples::SAMPLES[0];
    assert_eq!(import::detect(text.as_bytes()), Some(Format::Trustpath));
    assert_eq!(
        import(text.as_bytes(), None).unwrap(),
        io::load_bytes(text.as_bytes()).unwrap()
    );
}

#[test]
fn snapshots_one_model_per_format() {
    let snap = |name: &str, bytes: &[u8]| {
        let g = import(bytes, None).unwrap();
        insta::assert_snapshot!(name, io::to_json_string(&g));
    };
    snap(
        "opengraph_minimal",
        &corpus("opengraph/opengraph-minimal.json"),
    );
    snap(
        "threat_dragon_generic_cms",
        &corpus("threat-dragon/generic-cms.json"),
    );
    snap("threagile_example", &corpus("threagile/example.yaml"));
    snap("graphml_yed", YED.as_bytes());
    snap(
        "csv_edge_list",
        b"laptop,vpn,network,0.5\nvpn,ad,credential,0.25\n",
    );
}

fn corpus_samples() -> Vec<Vec<u8>> {
    [
        "opengraph/opengraph-minimal.json",
        "threat-dragon/generic-cms.json",
        "threagile/example.yaml",
        "threagile/stub.yaml",
    ]
    .iter()
    .map(|rel| corpus(rel))
    .chain([YED.as_bytes().to_vec(), b"a,b,k,0.5\nb,c\n".to_vec()])
    .collect()
}

/// Every importer (and detection) on these bytes: Ok or Err, never a
/// panic, and what is read always reopens as written.
fn import_everywhere(bytes: &[u8]) {
    let formats = Format::ALL.map(Some);
    for format in std::iter::once(None).chain(formats) {
        if let Ok(g) = import(bytes, format) {
            reopened(&g, &format!("{format:?}"));
        }
    }
}

/// Property names an OpenGraph file may use that trustpath's format knows.
const CLASHING: [&str; 20] = [
    "id",
    "label",
    "kind",
    "zone",
    "entry",
    "crown_jewel",
    "tags",
    "notes",
    "pos",
    "pinned",
    "from",
    "to",
    "likelihood",
    "bidirectional",
    "bends",
    "name",
    "displayname",
    "opengraph_id",
    "opengraph_kinds",
    "trustpath_kind",
];

fn property_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        (-2.0f64..2.0).prop_map(Value::from),
        "[a-z]{0,3}".prop_map(Value::from),
        Just(serde_json::json!([1.0, 2.0])),
        Just(serde_json::json!(["t"])),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn opengraph_properties_of_any_name_reopen(
        node in proptest::collection::vec((proptest::sample::select(&CLASHING[..]), property_value()), 0..6),
        edge in proptest::collection::vec((proptest::sample::select(&CLASHING[..]), property_value()), 0..6),
    ) {
        let props = |p: Vec<(&str, Value)>| -> serde_json::Map<String, Value> {
            p.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
        };
        let text = serde_json::json!({"graph": {
            "nodes": [{"id": "a", "kinds": ["A", "B"], "properties": props(node)}],
            "edges": [{"kind": "X", "start": {"value": "a"}, "end": {"value": "b"}, "properties": props(edge)}],
        }});
        if let Ok(g) = import(text.to_string().as_bytes(), None) {
            reopened(&g, "opengraph");
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        import_everywhere(&bytes);
    }

    #[test]
    fn mutated_corpus_files_never_panic(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<proptest::sample::Index>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let mut bytes = corpus_samples().swap_remove(which);
        for (at, byte, op) in edits {
            if bytes.is_empty() { break; }
            let i = at.index(bytes.len());
            match op {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.truncate(i),
            }
        }
        import_everywhere(&bytes);
    }
}

fn trustpath_cmd() -> Command {
    Command::cargo_bin("trustpath").unwrap()
}

#[test]
fn cli_imports_and_writes_a_loadable_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("model.json");
    let src = corpus_path("threagile/example.yaml");
    trustpath_cmd()
        .arg("import")
        .arg(&src)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("example.yaml: read as Threagile, wrote ").and(
                predicate::str::contains("14 nodes, 20 edges, 2 entries, 3 crown jewels"),
            ),
        );
    let g = io::load_file(&out).unwrap();
    assert_eq!(g.title, "Some Example Application");
    trustpath_cmd().arg("validate").arg(&out).assert().success();
}

#[test]
fn cli_notes_what_it_left_out_and_honours_from() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("m.json");
    trustpath_cmd()
        .args(["import", "--from", "threat-dragon"])
        .arg(corpus_path("threat-dragon/v2-threat-model.json"))
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("note: ")
                .and(predicate::str::contains("not attached to any element")),
        );
}

#[test]
fn cli_refuses_a_threagile_file_cut_short() {
    let dir = tempfile::tempdir().unwrap();
    let cut = dir.path().join("cut.yaml");
    fs::write(&cut, threagile_cut(5)).unwrap();
    let out = dir.path().join("o.json");
    trustpath_cmd()
        .arg("import")
        .arg(&cut)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "cut.yaml: Threagile file: technical_assets: missing or empty",
        ));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn cli_unknown_from_is_a_usage_error_listing_formats() {
    trustpath_cmd()
        .args(["import", "x.json", "-o", "y.json", "--from", "visio"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "--from visio: unknown format; supported: trustpath, opengraph, threat-dragon, threagile, graphml, csv",
        ));
}

#[test]
fn cli_unknown_file_lists_formats_and_broken_file_names_the_place() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("notes.txt");
    fs::write(&odd, "just some prose\nwithout columns\n").unwrap();
    let out = dir.path().join("o.json");
    trustpath_cmd()
        .arg("import")
        .arg(&odd)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "unknown format; supported: trustpath, opengraph",
        ));
    trustpath_cmd()
        .arg("import")
        .arg(corpus_path(
            "threat-dragon/broken-v2-malformed-new-model.json",
        ))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "Threat Dragon file: detail: missing",
        ));
    assert!(!out.exists(), "nothing written on failure");
}
