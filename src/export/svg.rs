//! SVG: the [`Scene`] as a standalone vector drawing — title, zone regions,
//! edges with arrowheads (two on bidirectional ones) and width by likelihood,
//! node boxes coloured by kind with unmistakable entry and crown-jewel marks,
//! highlighted paths on top with the rest dimmed, callouts and a legend.
//!
//! Written through quick-xml (see [`super::xml`]), so every label is escaped;
//! numbers have one decimal, so the output is deterministic. Only features
//! that both browsers and resvg render are used (no CSS, no markers, no
//! `dominant-baseline`): the PNG exporter rasterises this very text.

use std::io::{self, Write};

use super::scene::{
    CalloutBox, EdgeLine, FONT, LEGEND_W, MARGIN, NodeBox, Scene, TITLE_H, polyline_middle,
};
use super::text::{clean, f1};
use super::xml::{Xml, attrs};
use super::{Background, Marked};
use crate::model::TrustGraph;
use crate::numbers::prob;
use crate::palette::{self, Rgb};

/// The font stack: DejaVu Sans where installed, else the Ubuntu font the PNG
/// exporter embeds, else whatever sans-serif the viewer has.
pub const FONT_FAMILY: &str = "'DejaVu Sans', Ubuntu, 'Ubuntu Light', Arial, Helvetica, sans-serif";

/// One row of the legend.
enum Row {
    Heading(&'static str),
    NodeKind(String),
    EdgeKind(String),
    Entry,
    Jewel,
    PathHead(usize, Rgb, String),
    PathText(String),
}

impl Row {
    fn height(&self) -> f64 {
        match self {
            Row::Heading(_) => 26.0,
            Row::NodeKind(_) | Row::EdgeKind(_) => 18.0,
            Row::Entry | Row::Jewel => 30.0,
            Row::PathHead(..) => 20.0,
            Row::PathText(_) => 15.0,
        }
    }
}

fn legend_rows(g: &TrustGraph, marked: &[Marked]) -> Vec<Row> {
    let mut rows = vec![Row::Heading("Node kinds")];
    let mut kinds = g.distinct(|n| &n.kind);
    if g.nodes().any(|(_, n)| n.kind.is_empty()) {
        kinds.push(String::new());
    }
    rows.extend(kinds.into_iter().map(Row::NodeKind));
    let mut edge_kinds = g.edge_kinds();
    if g.edges().any(|e| e.edge.kind.is_empty()) {
        edge_kinds.push(String::new());
    }
    if !edge_kinds.is_empty() {
        rows.push(Row::Heading("Edge kinds"));
        rows.extend(edge_kinds.into_iter().map(Row::EdgeKind));
    }
    rows.extend([Row::Heading("Marks"), Row::Entry, Row::Jewel]);
    if !marked.is_empty() {
        rows.push(Row::Heading("Highlighted paths"));
    }
    for (i, m) in marked.iter().enumerate() {
        let mut head = format!(
            "{} · {}",
            prob(m.path.likelihood),
            super::text::hops(m.path.hops())
        );
        if !m.name.is_empty() {
            head = format!("{} — {head}", clean(&m.name, 24));
        }
        rows.push(Row::PathHead(i + 1, m.color, head));
        let chain = m
            .path
            .nodes
            .iter()
            .filter_map(|&v| g.node_opt(v))
            .map(|n| clean(&n.label, 34))
            .collect::<Vec<_>>()
            .join(" → ");
        rows.extend(
            super::text::wrap(&chain, 44, 4)
                .into_iter()
                .map(Row::PathText),
        );
        if !m.note.is_empty() {
            rows.extend(
                super::text::wrap(&format!("Note: {}", m.note), 44, 4)
                    .into_iter()
                    .map(Row::PathText),
            );
        }
    }
    rows
}

/// The height the legend needs, so the canvas can be made tall enough.
pub fn legend_height(g: &TrustGraph, marked: &[Marked]) -> f64 {
    legend_rows(g, marked).iter().map(Row::height).sum::<f64>() + 20.0
}

/// Writes the scene as an SVG document.
pub fn write(
    g: &TrustGraph,
    scene: &Scene,
    marked: &[Marked],
    background: Background,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut x = Xml::new(out)?;
    let (w, h) = (f1(scene.width), f1(scene.height));
    x.open(
        "svg",
        &attrs![
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("width", w),
            ("height", h),
            ("viewBox", format!("0 0 {w} {h}")),
            ("font-family", FONT_FAMILY),
        ],
    )?;
    x.text("title", &[], &scene.title)?;
    if background == Background::White {
        x.empty(
            "rect",
            &attrs![("width", w), ("height", h), ("fill", "#ffffff")],
        )?;
    }
    x.text(
        "text",
        &attrs![
            ("x", f1(MARGIN)),
            ("y", f1(MARGIN + 22.0)),
            ("font-size", 22),
            ("font-weight", "bold"),
            ("fill", palette::INK.hex()),
        ],
        &scene.title,
    )?;
    x.text(
        "text",
        &attrs![
            ("x", f1(MARGIN)),
            ("y", f1(MARGIN + 44.0)),
            ("font-size", 12),
            ("fill", palette::MUTED_INK.hex()),
        ],
        &scene.subtitle,
    )?;

    x.open("g", &attrs![("class", "regions")])?;
    for r in &scene.regions {
        x.empty(
            "rect",
            &attrs![
                ("x", f1(r.min[0])),
                ("y", f1(r.min[1])),
                ("width", f1(r.max[0] - r.min[0])),
                ("height", f1(r.max[1] - r.min[1])),
                ("rx", 12),
                ("fill", "#f8fafc"),
                ("stroke", palette::FRAME.hex()),
                ("stroke-dasharray", "6 4"),
            ],
        )?;
        x.text(
            "text",
            &attrs![
                ("x", f1(r.min[0] + 10.0)),
                ("y", f1(r.min[1] - 6.0)),
                ("font-size", 13),
                ("font-weight", "bold"),
                ("fill", palette::MUTED_INK.hex()),
            ],
            &clean(&r.name, 40),
        )?;
    }
    x.close("g")?;

    // Plain edges first, highlighted ones over them, nodes over both.
    x.open("g", &attrs![("class", "edges")])?;
    for e in scene.edges.iter().filter(|e| e.highlight.is_none()) {
        edge(&mut x, e)?;
    }
    x.close("g")?;
    x.open("g", &attrs![("class", "highlighted-paths")])?;
    for e in scene.edges.iter().filter(|e| e.highlight.is_some()) {
        edge(&mut x, e)?;
    }
    x.close("g")?;

    x.open("g", &attrs![("class", "nodes")])?;
    for n in &scene.nodes {
        node(&mut x, g, n)?;
    }
    x.close("g")?;

    // Labels and numbers of highlighted paths go over the nodes: they are
    // what the drawing is about.
    x.open("g", &attrs![("class", "path-labels")])?;
    for e in scene.edges.iter().filter(|e| e.highlight.is_some()) {
        edge_label(&mut x, e)?;
    }
    for b in &scene.badges {
        x.empty(
            "circle",
            &attrs![
                ("cx", f1(b.at[0])),
                ("cy", f1(b.at[1])),
                ("r", 10),
                ("fill", b.color.hex()),
                ("stroke", "#ffffff"),
                ("stroke-width", 2),
            ],
        )?;
        x.text(
            "text",
            &attrs![
                ("x", f1(b.at[0])),
                ("y", f1(b.at[1] + 4.0)),
                ("font-size", 11),
                ("font-weight", "bold"),
                ("text-anchor", "middle"),
                ("fill", "#ffffff"),
            ],
            &b.number.to_string(),
        )?;
    }
    x.close("g")?;

    x.open("g", &attrs![("class", "callouts")])?;
    for c in &scene.callouts {
        callout(&mut x, c)?;
    }
    x.close("g")?;

    legend(&mut x, g, scene, marked)?;
    x.close("svg")?;
    x.finish()
}

fn points_attr(points: &[[f64; 2]]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", f1(p[0]), f1(p[1])))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The arrowhead at `tip` coming from `from`, and how far back its base is.
fn arrowhead(from: [f64; 2], tip: [f64; 2], width: f64) -> Option<(Vec<[f64; 2]>, [f64; 2])> {
    let (dx, dy) = (tip[0] - from[0], tip[1] - from[1]);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-6 {
        return None;
    }
    let (ux, uy) = (dx / len, dy / len);
    let (l, hw) = (9.0 + width * 1.6, 4.0 + width);
    let base = [tip[0] - ux * l, tip[1] - uy * l];
    Some((
        vec![
            tip,
            [base[0] - uy * hw, base[1] + ux * hw],
            [base[0] + uy * hw, base[1] - ux * hw],
        ],
        base,
    ))
}

fn edge(x: &mut Xml, e: &EdgeLine) -> io::Result<()> {
    let color = e.highlight.unwrap_or_else(|| palette::edge_kind(&e.kind));
    let width = if e.highlight.is_some() {
        3.5 + 1.5 * e.likelihood
    } else {
        0.8 + 2.2 * e.likelihood
    };
    let mut group = attrs![("class", "edge")].to_vec();
    if e.dim {
        group.push(("opacity", palette::DIM_OPACITY.to_string()));
    }
    x.open("g", &group)?;
    let mut points = e.points.clone();
    let n = points.len();
    let mut heads = Vec::new();
    if n >= 2 {
        if let Some((head, base)) = arrowhead(points[n - 2], points[n - 1], width) {
            heads.push(head);
            points[n - 1] = base;
        }
        if e.bidirectional
            && let Some((head, base)) = arrowhead(points[1], points[0], width)
        {
            heads.push(head);
            points[0] = base;
        }
    }
    x.empty(
        "polyline",
        &attrs![
            ("points", points_attr(&points)),
            ("fill", "none"),
            ("stroke", color.hex()),
            ("stroke-width", f1(width)),
            ("stroke-linejoin", "round"),
            ("stroke-linecap", "round"),
        ],
    )?;
    for head in heads {
        x.empty(
            "polygon",
            &attrs![("points", points_attr(&head)), ("fill", color.hex())],
        )?;
    }
    if e.highlight.is_none() {
        edge_label(x, e)?;
    }
    x.close("g")
}

/// The label at the middle of an edge, with a white halo so it reads over lines.
fn edge_label(x: &mut Xml, e: &EdgeLine) -> io::Result<()> {
    if let Some(mid) = polyline_middle(&e.points) {
        let (size, fill) = match e.highlight {
            Some(c) => (10.5, c.mix(Rgb(0, 0, 0), 0.25)),
            None => (9.0, palette::MUTED_INK),
        };
        x.text(
            "text",
            &attrs![
                ("x", f1(mid[0])),
                ("y", f1(mid[1] - 4.0)),
                ("font-size", size),
                ("text-anchor", "middle"),
                ("fill", fill.hex()),
                ("stroke", "#ffffff"),
                ("stroke-width", 3),
                ("stroke-linejoin", "round"),
                ("paint-order", "stroke"),
            ],
            &e.label,
        )?;
    }
    Ok(())
}

/// A five-pointed star of outer radius `r` centred on `c`.
fn star(c: [f64; 2], r: f64) -> Vec<[f64; 2]> {
    (0..10)
        .map(|i| {
            let a = std::f64::consts::PI * (f64::from(i) / 5.0 - 0.5);
            let rr = if i % 2 == 0 { r } else { r * 0.45 };
            [c[0] + rr * a.cos(), c[1] + rr * a.sin()]
        })
        .collect()
}

/// A pill-shaped badge with an icon and a word, left edge at `x0`.
fn badge(
    x: &mut Xml,
    x0: f64,
    y_center: f64,
    color: Rgb,
    icon: Vec<[f64; 2]>,
    word: &str,
) -> io::Result<()> {
    let w = 22.0 + word.chars().count() as f64 * 7.2;
    x.empty(
        "rect",
        &attrs![
            ("x", f1(x0)),
            ("y", f1(y_center - 8.0)),
            ("width", f1(w)),
            ("height", 16),
            ("rx", 8),
            ("fill", color.hex()),
            ("stroke", "#ffffff"),
            ("stroke-width", 1.5),
        ],
    )?;
    x.empty(
        "polygon",
        &attrs![("points", points_attr(&icon)), ("fill", "#ffffff")],
    )?;
    x.text(
        "text",
        &attrs![
            ("x", f1(x0 + 17.0)),
            ("y", f1(y_center + 3.5)),
            ("font-size", 9.5),
            ("font-weight", "bold"),
            ("fill", "#ffffff"),
        ],
        word,
    )
}

fn play_icon(c: [f64; 2]) -> Vec<[f64; 2]> {
    vec![
        [c[0] - 3.0, c[1] - 4.5],
        [c[0] + 4.5, c[1]],
        [c[0] - 3.0, c[1] + 4.5],
    ]
}

fn node(x: &mut Xml, g: &TrustGraph, n: &NodeBox) -> io::Result<()> {
    let (cx, cy) = (n.center[0], n.center[1]);
    let (w, h) = (n.size[0], n.size[1]);
    let (left, top) = (cx - w / 2.0, cy - h / 2.0);
    let mut group = attrs![("class", "node")].to_vec();
    if let Some(node) = g.node_opt(n.ix) {
        group.push(("data-id", clean(&node.id, 200)));
    }
    if n.dim {
        group.push(("opacity", palette::DIM_OPACITY.to_string()));
    }
    x.open("g", &group)?;
    if let Some(node) = g.node_opt(n.ix) {
        let mut tip = clean(&node.id, 80);
        for part in [&node.kind, &node.zone] {
            if !part.is_empty() {
                tip.push_str(" · ");
                tip.push_str(&clean(part, 40));
            }
        }
        if !node.notes.is_empty() {
            tip.push_str(" — ");
            tip.push_str(&clean(&node.notes, 300));
        }
        x.text("title", &[], &tip)?;
    }
    if n.jewel {
        x.empty(
            "rect",
            &attrs![
                ("x", f1(left - 5.0)),
                ("y", f1(top - 5.0)),
                ("width", f1(w + 10.0)),
                ("height", f1(h + 10.0)),
                ("rx", 13),
                ("fill", "none"),
                ("stroke", palette::JEWEL.hex()),
                ("stroke-width", 2.5),
            ],
        )?;
    }
    let (stroke, stroke_w) = if n.entry {
        (palette::ENTRY, 3.5)
    } else if n.jewel {
        (palette::JEWEL, 2.5)
    } else if let Some(c) = n.highlight {
        (c, 2.5)
    } else {
        (palette::node_kind(&n.kind), 1.5)
    };
    x.empty(
        "rect",
        &attrs![
            ("x", f1(left)),
            ("y", f1(top)),
            ("width", f1(w)),
            ("height", f1(h)),
            ("rx", 9),
            ("fill", palette::node_fill(&n.kind).hex()),
            ("stroke", stroke.hex()),
            ("stroke-width", stroke_w),
        ],
    )?;
    // A strip of the kind colour on the left, readable even when dimmed.
    x.empty(
        "rect",
        &attrs![
            ("x", f1(left + 5.0)),
            ("y", f1(top + 7.0)),
            ("width", 4),
            ("height", f1(h - 14.0)),
            ("rx", 2),
            ("fill", palette::node_kind(&n.kind).hex()),
        ],
    )?;
    let first = cy - (n.lines.len() as f64 - 1.0) * 7.5 + FONT * 0.35;
    for (i, line) in n.lines.iter().enumerate() {
        x.text(
            "text",
            &attrs![
                ("x", f1(cx + 3.0)),
                ("y", f1(first + i as f64 * 15.0)),
                ("font-size", FONT),
                ("text-anchor", "middle"),
                ("fill", palette::INK.hex()),
            ],
            line,
        )?;
    }
    if n.entry {
        badge(
            x,
            left + 6.0,
            top - 1.0,
            palette::ENTRY,
            play_icon([left + 14.0, top - 1.0]),
            "ENTRY",
        )?;
    }
    if n.jewel {
        let word = "CROWN JEWEL";
        let bw = 22.0 + word.chars().count() as f64 * 7.2;
        let x0 = left + w - bw - 6.0;
        badge(
            x,
            x0,
            top - 5.0,
            palette::JEWEL,
            star([x0 + 9.5, top - 5.0], 6.0),
            word,
        )?;
    }
    x.close("g")
}

fn callout(x: &mut Xml, c: &CalloutBox) -> io::Result<()> {
    x.open("g", &attrs![("class", "callout")])?;
    x.empty(
        "rect",
        &attrs![
            ("x", f1(c.min[0])),
            ("y", f1(c.min[1])),
            ("width", f1(c.size[0])),
            ("height", f1(c.size[1])),
            ("rx", 6),
            ("fill", c.fill.hex()),
            ("stroke", c.fill.mix(Rgb(0, 0, 0), 0.35).hex()),
        ],
    )?;
    for (i, line) in c.lines.iter().enumerate() {
        x.text(
            "text",
            &attrs![
                ("x", f1(c.min[0] + 10.0)),
                ("y", f1(c.min[1] + 20.0 + i as f64 * 14.0)),
                ("font-size", 11),
                ("fill", palette::INK.hex()),
            ],
            line,
        )?;
    }
    x.close("g")
}

fn legend(x: &mut Xml, g: &TrustGraph, scene: &Scene, marked: &[Marked]) -> io::Result<()> {
    let rows = legend_rows(g, marked);
    let x0 = scene.legend_x;
    let top = MARGIN + TITLE_H;
    let height = rows.iter().map(Row::height).sum::<f64>() + 20.0;
    x.open("g", &attrs![("class", "legend")])?;
    x.empty(
        "rect",
        &attrs![
            ("x", f1(x0)),
            ("y", f1(top)),
            ("width", f1(LEGEND_W)),
            ("height", f1(height)),
            ("rx", 8),
            ("fill", "#ffffff"),
            ("stroke", palette::FRAME.hex()),
        ],
    )?;
    let label = |x: &mut Xml, at: [f64; 2], text: &str, size: f64, bold: bool| {
        let mut a = attrs![
            ("x", f1(at[0])),
            ("y", f1(at[1])),
            ("font-size", size),
            ("fill", palette::INK.hex()),
        ]
        .to_vec();
        if bold {
            a.push(("font-weight", "bold".into()));
        }
        x.text("text", &a, text)
    };
    let mut y = top + 10.0;
    let lx = x0 + 14.0;
    for row in &rows {
        let mid = y + row.height() / 2.0;
        match row {
            Row::Heading(t) => label(x, [lx, mid + 6.0], t, 13.0, true)?,
            Row::NodeKind(k) => {
                x.empty(
                    "rect",
                    &attrs![
                        ("x", f1(lx)),
                        ("y", f1(mid - 6.0)),
                        ("width", 22),
                        ("height", 12),
                        ("rx", 3),
                        ("fill", palette::node_fill(k).hex()),
                        ("stroke", palette::node_kind(k).hex()),
                        ("stroke-width", 1.5),
                    ],
                )?;
                label(x, [lx + 32.0, mid + 4.0], &kind_name(k), 11.0, false)?;
            }
            Row::EdgeKind(k) => {
                x.empty(
                    "line",
                    &attrs![
                        ("x1", f1(lx)),
                        ("y1", f1(mid)),
                        ("x2", f1(lx + 22.0)),
                        ("y2", f1(mid)),
                        ("stroke", palette::edge_kind(k).hex()),
                        ("stroke-width", 2.5),
                    ],
                )?;
                label(x, [lx + 32.0, mid + 4.0], &kind_name(k), 11.0, false)?;
            }
            Row::Entry => {
                badge(
                    x,
                    lx,
                    mid,
                    palette::ENTRY,
                    play_icon([lx + 8.0, mid]),
                    "ENTRY",
                )?;
                label(
                    x,
                    [lx + 80.0, mid + 4.0],
                    "entry point (green ring)",
                    11.0,
                    false,
                )?;
            }
            Row::Jewel => {
                badge(
                    x,
                    lx,
                    mid,
                    palette::JEWEL,
                    star([lx + 9.5, mid], 6.0),
                    "JEWEL",
                )?;
                label(
                    x,
                    [lx + 80.0, mid + 4.0],
                    "crown jewel (gold double ring)",
                    11.0,
                    false,
                )?;
            }
            Row::PathHead(i, c, text) => {
                x.empty(
                    "circle",
                    &attrs![
                        ("cx", f1(lx + 8.0)),
                        ("cy", f1(mid)),
                        ("r", 8),
                        ("fill", c.hex())
                    ],
                )?;
                x.text(
                    "text",
                    &attrs![
                        ("x", f1(lx + 8.0)),
                        ("y", f1(mid + 3.5)),
                        ("font-size", 10),
                        ("font-weight", "bold"),
                        ("text-anchor", "middle"),
                        ("fill", "#ffffff"),
                    ],
                    &i.to_string(),
                )?;
                label(x, [lx + 22.0, mid + 4.0], text, 11.0, true)?;
            }
            Row::PathText(t) => {
                x.text(
                    "text",
                    &attrs![
                        ("x", f1(lx + 22.0)),
                        ("y", f1(mid + 4.0)),
                        ("font-size", 10.5),
                        ("fill", palette::MUTED_INK.hex()),
                    ],
                    t,
                )?;
            }
        }
        y += row.height();
    }
    x.close("g")
}

/// A kind as the legend names it.
fn kind_name(kind: &str) -> String {
    if kind.is_empty() {
        "(no kind)".into()
    } else {
        clean(kind, 36)
    }
}
