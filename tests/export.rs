//! Exporters end to end: golden files for every sample and text format, XML
//! well-formedness and counts, hostile labels, PNG pixels, JSON round trip,
//! the CLI's exit codes, and Graphviz parsing the DOT when `dot` is installed.

use std::path::Path;
use std::process::Command as Process;

use quick_xml::Reader;
use quick_xml::events::Event;
use resvg::tiny_skia::Pixmap;
use trustpath::analysis::{PathQuery, most_likely_paths};
use trustpath::annotate::{Annotations, Callout, SavedPath};
use trustpath::export::{
    self, Background, ExportOptions, Format, Scope, marked_paths, scene::Scene,
};
use trustpath::io::{load_bytes, to_json_string};
use trustpath::model::{Edge, Node, TrustGraph};
use trustpath::palette;
use trustpath::samples::SAMPLES;

/// Fixed positions on a grid, so goldens do not move when layouts change.
fn gridded(mut g: TrustGraph) -> TrustGraph {
    let ixs: Vec<_> = g.nodes().map(|(ix, _)| ix).collect();
    let cols = (ixs.len() as f64).sqrt().ceil().max(1.0) as usize;
    for (i, ix) in ixs.into_iter().enumerate() {
        let pos = [(i % cols) as f64 * 240.0, (i / cols) as f64 * 130.0];
        g.set_pos(ix, Some(pos)).unwrap();
    }
    g
}

fn sample(name: &str) -> TrustGraph {
    let text = SAMPLES.iter().find(|(n, _)| *n == name).unwrap().1;
    gridded(load_bytes(text.as_bytes()).unwrap())
}

fn render(g: &TrustGraph, opts: &ExportOptions) -> Vec<u8> {
    let mut out = Vec::new();
    export::render(g, opts, &mut out).unwrap();
    out
}

fn options(g: &TrustGraph, format: Format, k: usize) -> ExportOptions {
    ExportOptions {
        format,
        highlight: most_likely_paths(g, &PathQuery::entries_to_jewels(g, k)),
        ..ExportOptions::default()
    }
}

fn text(g: &TrustGraph, format: Format, k: usize) -> String {
    String::from_utf8(render(g, &options(g, format, k))).unwrap()
}

/// Elements by name, with the value of their `class` attribute; panics on
/// malformed XML, which is the point.
fn elements(xml: &str) -> Vec<(String, Option<String>)> {
    let mut reader = Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                let name = String::from_utf8(e.name().as_ref().to_vec()).unwrap();
                let class = e
                    .try_get_attribute("class")
                    .unwrap()
                    .map(|a| a.unescape_value().unwrap().into_owned());
                out.push((name, class));
            }
            Ok(Event::Text(t)) => {
                t.decode().unwrap();
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("bad XML at {}: {e}", reader.buffer_position()),
        }
    }
    out
}

fn count(els: &[(String, Option<String>)], name: &str, class: Option<&str>) -> usize {
    els.iter()
        .filter(|(n, c)| n == name && (class.is_none() || c.as_deref() == class))
        .count()
}

/// All text content, unescaped, one element's text per line.
fn texts(xml: &str) -> String {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    loop {
        match reader.read_event().unwrap() {
            Event::Text(t) => out.push_str(&t.decode().unwrap()),
            Event::End(_) => out.push('\n'),
            Event::GeneralRef(r) => {
                let name = r.decode().unwrap();
                out.push_str(match name.as_ref() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

#[test]
fn golden_files_for_every_sample() {
    for (name, _) in SAMPLES {
        let g = sample(name);
        let stem = name.trim_end_matches(".json");
        for format in [
            Format::Svg,
            Format::Dot,
            Format::GraphMl,
            Format::Markdown,
            Format::Csv,
        ] {
            let out = text(&g, format, 3);
            insta::assert_snapshot!(format!("{stem}_{}", format.extension()), out);
        }
    }
}

#[test]
fn svg_and_graphml_parse_and_keep_counts() {
    for (name, _) in SAMPLES {
        let g = sample(name);
        let svg = elements(&text(&g, Format::Svg, 5));
        assert_eq!(count(&svg, "g", Some("node")), g.node_count(), "{name}");
        assert_eq!(count(&svg, "g", Some("edge")), g.edge_count(), "{name}");
        let gml = elements(&text(&g, Format::GraphMl, 5));
        assert_eq!(count(&gml, "node", None), g.node_count(), "{name}");
        assert_eq!(count(&gml, "edge", None), g.edge_count(), "{name}");
        assert_eq!(count(&gml, "y:ShapeNode", None), g.node_count(), "{name}");
    }
}

/// A saved layered drawing keeps its routes in GraphML (yEd's bend points).
#[test]
fn graphml_carries_the_saved_bend_points() {
    let (_, json) = SAMPLES[1];
    let mut g = load_bytes(json.as_bytes()).unwrap();
    let result = trustpath::layout::compute(&g, &trustpath::layout::LayoutOptions::default());
    for (ix, p) in &result.positions {
        g.set_pos(*ix, Some(*p)).unwrap();
    }
    for (id, bends) in trustpath::layout::routes(&g, &result) {
        g.set_bends(id, bends).unwrap();
    }
    let points: usize = g.edges().map(|e| e.edge.bends.len()).sum();
    assert!(points > 0, "the layered layout routes some edges");
    let gml = elements(&text(&g, Format::GraphMl, 5));
    assert_eq!(count(&gml, "y:Point", None), points);
}

#[test]
fn layout_is_used_when_nodes_lack_positions() {
    let (_, json) = SAMPLES[1];
    let g = load_bytes(json.as_bytes()).unwrap();
    assert!(g.nodes().any(|(_, n)| n.pos.is_none()));
    let svg = elements(&text(&g, Format::Svg, 3));
    assert_eq!(count(&svg, "g", Some("node")), g.node_count());
}

fn hostile() -> TrustGraph {
    let mut g = TrustGraph::new();
    let labels = [
        ("x", "<script>alert(1)</script>"),
        ("amp", "a & b \"q\" 'x' ]]> <!--"),
        ("ctl", "bell\u{7}null\u{0}esc\u{1b}end"),
        ("long", &"very long label ".repeat(40)),
        ("rtl", "مستشفى الملك"),
        ("bidi", "abc\u{202E}txt.exe"),
    ];
    let mut ixs = Vec::new();
    for (i, (id, label)) in labels.iter().enumerate() {
        let mut n = Node::new(*id);
        n.label = (*label).to_owned();
        n.notes = format!("note {label}");
        n.kind = "<b>kind</b>".into();
        n.zone = "z\"one".into();
        n.entry = i == 0;
        n.crown_jewel = i == labels.len() - 1;
        n.pos = Some([i as f64 * 250.0, 0.0]);
        ixs.push(g.add_node(n).unwrap());
    }
    for w in ixs.windows(2) {
        let e = Edge {
            label: "<img src=x onerror=alert(1)> & \u{0}".into(),
            kind: "admin\"><x".into(),
            likelihood: 0.5,
            notes: "=HYPERLINK(\"evil\")".into(),
            ..Edge::default()
        };
        g.add_edge(w[0], w[1], e).unwrap();
    }
    g.title = "<title> & \"quotes\"".into();
    g
}

#[test]
fn hostile_labels_stay_escaped_and_readable() {
    let g = hostile();
    for format in [Format::Svg, Format::GraphMl] {
        let out = text(&g, format, 3);
        assert!(!out.contains("<script"), "{format:?}: raw <script>");
        assert!(!out.contains("<img"), "{format:?}: raw <img>");
        assert!(
            !out.chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t'),
            "{format:?}: control character in output"
        );
        let els = elements(&out);
        assert!(
            !els.iter()
                .any(|(n, _)| n == "script" || n == "img" || n == "b")
        );
        let shown = texts(&out);
        assert!(shown.contains("<script>alert(1)</script>"), "{format:?}");
        assert!(shown.contains("مستشفى الملك"), "{format:?}");
        assert!(!shown.contains('\u{202E}') || format == Format::GraphMl);
    }
    let svg = texts(&text(&g, Format::Svg, 3));
    assert!(svg.contains("a & b \"q\" 'x' ]]> <!--"));
    assert!(svg.contains("bell null esc end"));
    assert!(svg.contains('…'), "long labels are cut");
    assert!(!svg.contains("very long label ".repeat(40).trim()));
    assert!(svg.contains("abctxt.exe"), "bidi override dropped");

    let md = text(&g, Format::Markdown, 3);
    assert!(md.contains("\\<script\\>alert(1)\\</script\\>"), "{md}");
    assert!(md.contains("\\<img src=x onerror=alert(1)\\>"), "{md}");
    let csv = text(&g, Format::Csv, 3);
    assert!(csv.contains("\"'=HYPERLINK(\"\"evil\"\")\""), "{csv}");
    let dot = text(&g, Format::Dot, 3);
    assert!(dot.contains(r#"label="z\"one""#), "{dot}");
}

#[test]
fn png_has_the_size_background_and_fill() {
    let mut g = TrustGraph::new();
    let mut a = Node::new("a");
    a.kind = "identity".into();
    a.pos = Some([0.0, 0.0]);
    let mut b = Node::new("b");
    b.pos = Some([300.0, 0.0]);
    let (a, b) = (g.add_node(a).unwrap(), g.add_node(b).unwrap());
    g.add_edge(a, b, Edge::default()).unwrap();
    let opts = ExportOptions::default();
    let scene = Scene::new(&g, &[], &[], &opts);
    let node = &scene.nodes[0];
    for (scale, background) in [(1.0, Background::White), (2.0, Background::Transparent)] {
        let png = render(
            &g,
            &ExportOptions {
                format: Format::Png,
                scale,
                background,
                ..ExportOptions::default()
            },
        );
        let img = Pixmap::decode_png(&png).unwrap();
        assert_eq!(img.width(), (scene.width * scale as f64).ceil() as u32);
        assert_eq!(img.height(), (scene.height * scale as f64).ceil() as u32);
        let corner = img.pixel(1, img.height() - 2).unwrap();
        match background {
            Background::White => {
                assert_eq!(
                    (corner.red(), corner.green(), corner.blue(), corner.alpha()),
                    (255, 255, 255, 255)
                )
            }
            Background::Transparent => assert_eq!(corner.alpha(), 0),
        }
        // Inside the box, below the label: the kind's fill colour.
        let s = scale as f64;
        let (x, y) = (
            node.center[0] * s,
            (node.center[1] + node.size[1] / 2.0 - 5.0) * s,
        );
        let px = img.pixel(x as u32, y as u32).unwrap().demultiply();
        let want = palette::node_fill("identity");
        let near = |a: u8, b: u8| a.abs_diff(b) <= 2;
        assert!(
            near(px.red(), want.0) && near(px.green(), want.1) && near(px.blue(), want.2),
            "scale {scale}: pixel {px:?}, want {want:?}"
        );
    }
}

#[test]
fn png_text_renders() {
    // A label drawn in ink must darken some pixels inside its box.
    let g = sample("ot-plant.json");
    let opts = ExportOptions::default();
    let scene = Scene::new(&g, &[], &[], &opts);
    let png = render(
        &g,
        &ExportOptions {
            format: Format::Png,
            ..ExportOptions::default()
        },
    );
    let img = Pixmap::decode_png(&png).unwrap();
    let n = &scene.nodes[0];
    let dark = (0..n.size[0] as u32 - 20)
        .flat_map(|dx| (0..12).map(move |dy| (dx, dy)))
        .filter(|&(dx, dy)| {
            let x = (n.center[0] - n.size[0] / 2.0) as u32 + 10 + dx;
            let y = (n.center[1] - 6.0) as u32 + dy;
            img.pixel(x, y)
                .is_some_and(|p| p.red() < 100 && p.green() < 100)
        })
        .count();
    assert!(dark > 20, "only {dark} dark pixels: no text drawn?");
}

#[test]
fn json_round_trips() {
    for (name, _) in SAMPLES {
        let g = sample(name);
        let out = render(&g, &options(&g, Format::Json, 3));
        assert_eq!(load_bytes(&out).unwrap(), g, "{name}");
        assert_eq!(String::from_utf8(out).unwrap(), to_json_string(&g));
    }
    let g = annotated();
    assert_eq!(
        load_bytes(&render(&g, &options(&g, Format::Json, 0))).unwrap(),
        g
    );
}

fn annotated() -> TrustGraph {
    let mut g = sample("hospital.json");
    let a = Annotations {
        paths: vec![SavedPath {
            name: "Phish to EHR".into(),
            nodes: vec![
                "email".into(),
                "nurse-workstations".into(),
                "active-directory".into(),
                "ehr".into(),
            ],
            note: "Shared ward logons make this the cheapest route.".into(),
            color: Some("#2563eb".into()),
        }],
        callouts: vec![Callout {
            text: "Vendor VPN: single-factor shared accounts".into(),
            pos: [-200.0, -120.0],
            color: None,
        }],
    };
    a.edit().apply(&mut g).unwrap();
    g
}

#[test]
fn saved_paths_and_callouts_are_drawn_and_reported() {
    let g = annotated();
    let saved = Annotations::read(&g).unwrap();
    assert!(
        saved.paths[0].resolve(&g).is_ok(),
        "the saved path must exist in hospital.json"
    );
    let svg = text(&g, Format::Svg, 0);
    assert!(svg.contains("#2563eb"), "saved path colour");
    let shown = texts(&svg);
    assert!(shown.contains("Phish to EHR"));
    assert!(shown.contains("Vendor VPN: single-factor"), "callout text");
    // Everything off the saved path is dimmed.
    let els = elements(&svg);
    assert_eq!(count(&els, "g", Some("callout")), 1);
    assert!(svg.contains("opacity=\"0.22\""));
    let md = text(&g, Format::Markdown, 2);
    assert!(
        md.contains("Phish to EHR") && md.contains("Shared ward logons"),
        "{md}"
    );
    insta::assert_snapshot!("hospital_annotated_svg", svg);
    insta::assert_snapshot!("hospital_annotated_md", md);
}

#[test]
fn scope_highlighted_keeps_paths_and_neighbours() {
    let g = sample("enterprise-35.json");
    let opts = ExportOptions {
        scope: Scope::Highlighted,
        ..options(&g, Format::Svg, 1)
    };
    let marked = marked_paths(&g, &opts.highlight, &Annotations::default());
    let view = export::scoped(&g, opts.scope, &marked);
    assert!(view.node_count() < g.node_count());
    let els = elements(&String::from_utf8(render(&g, &opts)).unwrap());
    assert_eq!(count(&els, "g", Some("node")), view.node_count());
    for v in &marked[0].path.nodes {
        assert!(view.node_opt(*v).is_some());
    }
}

#[test]
fn output_is_deterministic() {
    let g = sample("supply-chain.json");
    for format in Format::ALL {
        let opts = options(&g, format, 3);
        assert_eq!(render(&g, &opts), render(&g, &opts), "{format:?}");
    }
}

#[test]
fn dot_renders_with_graphviz() {
    let have_dot = Process::new("dot").arg("-V").output().is_ok();
    if !have_dot {
        println!("note: Graphviz `dot` is not installed; skipping the render check");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (i, g) in [sample("hospital.json"), hostile()].iter().enumerate() {
        let path = dir.path().join(format!("g{i}.dot"));
        std::fs::write(&path, text(g, Format::Dot, 3)).unwrap();
        let out = Process::new("dot")
            .arg("-Tsvg")
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "dot failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(elements(&String::from_utf8(out.stdout).unwrap()).len() > 10);
    }
}

mod cli {
    use assert_cmd::Command;
    use predicates::str::contains;

    fn hospital() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-graphs/hospital.json")
    }

    #[test]
    fn exports_every_format() {
        let dir = tempfile::tempdir().unwrap();
        for ext in ["svg", "png", "dot", "graphml", "json", "md", "csv"] {
            let out = dir.path().join(format!("h.{ext}"));
            Command::cargo_bin("trustpath")
                .unwrap()
                .args(["export"])
                .arg(hospital())
                .arg("-o")
                .arg(&out)
                .args(["--highlight", "2", "--scale", "1"])
                .assert()
                .success();
            assert!(std::fs::metadata(&out).unwrap().len() > 100, "{ext}");
        }
    }

    #[test]
    fn unknown_extension_is_a_usage_error_naming_the_formats() {
        Command::cargo_bin("trustpath")
            .unwrap()
            .arg("export")
            .arg(hospital())
            .args(["-o", "out.pdf"])
            .assert()
            .code(2)
            .stderr(contains(
                ".svg, .png, .dot, .graphml, .json, .md, .csv, .opengraph.json",
            ));
    }

    #[test]
    fn bad_scale_is_a_usage_error() {
        Command::cargo_bin("trustpath")
            .unwrap()
            .arg("export")
            .arg(hospital())
            .args(["-o", "out.png", "--scale", "9"])
            .assert()
            .code(2)
            .stderr(contains("--scale"));
    }

    #[test]
    fn bad_input_exits_1() {
        let dir = tempfile::tempdir().unwrap();
        let bad = dir.path().join("bad.json");
        std::fs::write(
            &bad,
            r#"{"version": 1, "nodes": [{"id": "a"}], "annotations": {"paths": [{"name": "p", "nodes": ["a", "nope"]}]}}"#,
        )
        .unwrap();
        Command::cargo_bin("trustpath")
            .unwrap()
            .arg("export")
            .arg(&bad)
            .arg("-o")
            .arg(dir.path().join("x.svg"))
            .assert()
            .code(1)
            .stderr(contains(
                "annotations.paths[0].nodes[1]: no node has id \"nope\"",
            ));
    }
}

#[test]
fn cli_writes_bloodhound_opengraph_for_the_double_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("hospital.opengraph.json");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-graphs/hospital.json");
    let run = Process::new(env!("CARGO_BIN_EXE_trustpath"))
        .arg("export")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&out).unwrap()).unwrap();
    let g = sample("hospital.json");
    let count = |k: &str| v["graph"][k].as_array().map(Vec::len);
    assert_eq!(count("nodes"), Some(g.node_count()));
    assert_eq!(count("edges"), Some(g.edge_count()));
    assert_eq!(
        Format::from_path(Path::new("x.OpenGraph.JSON")),
        Ok(Format::OpenGraph)
    );
    assert_eq!(Format::from_path(Path::new("x.json")), Ok(Format::Json));
}

/// Boxes of `scene` that overlap, by their first label line.
fn overlapping(scene: &Scene) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (i, a) in scene.nodes.iter().enumerate() {
        for b in &scene.nodes[i + 1..] {
            let apart =
                (0..2).any(|k| (a.center[k] - b.center[k]).abs() >= (a.size[k] + b.size[k]) / 2.0);
            if !apart {
                out.push((a.lines[0].clone(), b.lines[0].clone()));
            }
        }
    }
    out
}

/// Every sample drawn as it opens (the layered layout, spaced for the app's
/// smaller boxes): no two exported boxes overlap, however long the labels.
#[test]
fn exported_boxes_never_overlap() {
    for (name, text) in SAMPLES {
        let g = load_bytes(text.as_bytes()).unwrap();
        let opts = options(&g, Format::Svg, 3);
        let marked = marked_paths(&g, &opts.highlight, &Annotations::default());
        let scene = Scene::new(&g, &marked, &[], &opts);
        assert!(scene.nodes.len() > 10);
        assert_eq!(overlapping(&scene), [], "{name}");
    }
}

/// Hand-placed positions: long labels side by side and stacked too close
/// are pulled apart, a callout moves with the drawing, and one node dropped
/// almost onto another stays there instead of tripling the drawing.
#[test]
fn hand_placed_boxes_are_pulled_apart_but_not_blown_up() {
    let mut g = TrustGraph::new();
    let mut place = |id: &str, label: &str, pos: [f64; 2]| {
        let mut n = Node::new(id);
        n.label = label.into();
        n.pos = Some(pos);
        g.add_node(n).unwrap()
    };
    place("a", "Domain controllers (tier 0)", [0.0, 0.0]);
    place("b", "Privileged access workstations", [150.0, 10.0]);
    place("c", "Backup", [0.0, 40.0]);
    place("d", "Dropped", [600.0, 600.0]);
    place("e", "Onto it", [604.0, 603.0]);
    let callout = Callout {
        text: "note".into(),
        pos: [300.0, 300.0],
        color: None,
    };
    let opts = ExportOptions::default();
    let plain = Scene::new(&g, &[], &[callout], &opts);
    assert_eq!(
        overlapping(&plain),
        [("Dropped".to_string(), "Onto it".to_string())]
    );
    // Stretched by just what a and b (side by side: boxes 161.6 and 154.4
    // wide, 150 apart, 12 between) and a and c (stacked: 52 and 37 high, 40
    // apart) need, not by 3 for d and e.
    let (a, d) = (&plain.nodes[0], &plain.nodes[3]);
    let stretch = [0, 1].map(|k| (d.center[k] - a.center[k]) / 600.0);
    let want = [170.0 / 150.0, 56.5 / 40.0];
    assert!(
        (0..2).all(|k| (stretch[k] - want[k]).abs() < 1e-9),
        "{stretch:?}"
    );
    // The callout keeps its place relative to the nodes.
    let c = &plain.callouts[0];
    let callout_at = [0, 1].map(|k| (c.min[k] - a.center[k]) / 300.0);
    assert!((0..2).all(|k| (callout_at[k] - stretch[k]).abs() < 1e-9));
}

/// Positions absurdly far apart (a hand-edited file) are refused for the
/// drawings with the node that lies farthest out, not written as an SVG of
/// "inf" size or a PNG of some fallback size; far but drawable ones export.
#[test]
fn drawings_of_absurd_extent_are_refused_naming_the_node() {
    let g = load_bytes(
        br#"{"version": 1, "nodes": [
            {"id": "a", "pos": [1e308, -1e308], "entry": true},
            {"id": "b", "pos": [-1e308, 1e308], "crown_jewel": true},
            {"id": "c", "pos": [0, 0]}],
          "edges": [{"from": "a", "to": "b"}]}"#,
    )
    .unwrap();
    for format in [Format::Svg, Format::Png] {
        let mut out = Vec::new();
        let err = export::render(&g, &options(&g, format, 1), &mut out).unwrap_err();
        let message = err.to_string();
        assert!(
            message.contains("node 'a' is at (1e308, -1e308)"),
            "{message}"
        );
        assert!(message.starts_with("too large to draw"), "{message}");
        assert!(out.is_empty(), "nothing written");
    }
    // The other formats do not draw, so they still export.
    assert!(text(&g, Format::Dot, 1).contains("\"a\""));
    // A drawing millions of units wide is odd but drawable.
    let wide = load_bytes(br#"{"version": 1, "nodes": [{"id": "a", "pos": [-3e6, 0]}, {"id": "b", "pos": [3e6, 0]}]}"#).unwrap();
    assert!(text(&wide, Format::Svg, 1).contains("<svg"));

    let mut far_note = sample("enterprise-35.json");
    let mut notes = Annotations::read(&far_note).unwrap();
    notes.callouts.push(Callout {
        text: "far away".into(),
        pos: [1e300, 1e300],
        color: None,
    });
    notes.edit().apply(&mut far_note).unwrap();
    let mut out = Vec::new();
    let opts = options(&far_note, Format::Svg, 1);
    let err = export::render(&far_note, &opts, &mut out).unwrap_err();
    assert!(err.to_string().contains("a callout lies far out"), "{err}");
}
