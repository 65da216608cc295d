//! Exports: what analysts hand to others. One entry point, [`render`], turns
//! a graph plus [`ExportOptions`] into SVG, PNG, DOT, GraphML, JSON (format
//! v1), BloodHound OpenGraph JSON or a Markdown/CSV path report, written to any `io::Write`.
//!
//! Every exporter is deterministic (fixed float formatting, graph order) and
//! treats labels as hostile text. The CLI (`trustpath export`) and the GUI's
//! "Export…" dialog both call [`render`]; the GUI picks paths and scope, this
//! module draws. No egui here.

pub mod dot;
pub mod graphml;
pub mod png;
pub mod report;
pub mod scene;
pub mod svg;
pub mod text;
mod xml;

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::{self, Write};
use std::path::Path;

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;

use crate::analysis::TrustPath;
use crate::annotate::{AnnotationError, Annotations};
use crate::model::{EdgeId, TrustGraph};
use crate::palette::{self, Rgb};

/// An output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    Svg,
    Png,
    Dot,
    GraphMl,
    /// trustpath format v1.
    Json,
    /// The path report as Markdown.
    Markdown,
    /// The path report as CSV, one row per hop.
    Csv,
    /// BloodHound OpenGraph JSON (`.opengraph.json`), the whole graph.
    OpenGraph,
}

impl Format {
    pub const ALL: [Format; 8] = [
        Format::Svg,
        Format::Png,
        Format::Dot,
        Format::GraphMl,
        Format::Json,
        Format::Markdown,
        Format::Csv,
        Format::OpenGraph,
    ];

    /// The file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Dot => "dot",
            Format::GraphMl => "graphml",
            Format::Json => "json",
            Format::Markdown => "md",
            Format::Csv => "csv",
            Format::OpenGraph => "opengraph.json",
        }
    }

    /// The format of an extension (case-insensitive; `gv` is DOT too).
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        if ext == "gv" {
            return Some(Format::Dot);
        }
        Format::ALL.into_iter().find(|f| f.extension() == ext)
    }

    /// The format of an output path, or an error naming the supported ones.
    /// The double extension `.opengraph.json` is matched before `.json`.
    pub fn from_path(path: &Path) -> Result<Format, String> {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        if name.ends_with(".opengraph.json") {
            return Ok(Format::OpenGraph);
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        Format::from_extension(ext).ok_or_else(|| {
            let all: Vec<String> = Format::ALL
                .iter()
                .map(|f| format!(".{}", f.extension()))
                .collect();
            format!(
                "{}: unknown output format {:?} (supported: {})",
                path.display(),
                ext,
                all.join(", ")
            )
        })
    }

    /// Whether this format is a picture (and so uses positions, scope and colours).
    pub fn is_drawing(self) -> bool {
        matches!(self, Format::Svg | Format::Png)
    }

    /// Whether this format is the path report.
    pub fn is_report(self) -> bool {
        matches!(self, Format::Markdown | Format::Csv)
    }
}

/// What is behind the drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Background {
    #[default]
    White,
    Transparent,
}

/// Which part of the graph to export.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum Scope {
    /// Every node and edge.
    #[default]
    All,
    /// The highlighted paths (computed and saved) and their direct neighbours;
    /// everything when nothing is highlighted.
    Highlighted,
    /// Nodes whose position lies in this rectangle (graph units, `min`,
    /// `max` corners): the GUI's visible area. Nodes without a position stay.
    Area { min: [f64; 2], max: [f64; 2] },
}

/// How to export. `Default` is a white SVG of everything, nothing highlighted.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportOptions {
    pub format: Format,
    /// Paths to emphasise, most important first (e.g. from
    /// `analysis::most_likely_paths`); saved annotated paths are added after.
    pub highlight: Vec<TrustPath>,
    /// PNG only: pixels per drawing unit, 1 to 4.
    pub scale: f32,
    /// PNG (and SVG): white or transparent.
    pub background: Background,
    pub scope: Scope,
    /// Overrides the graph's title in drawings and reports.
    pub title: Option<String>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        Self {
            format: Format::Svg,
            highlight: Vec::new(),
            scale: 1.0,
            background: Background::White,
            scope: Scope::All,
            title: None,
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("{0}")]
    Annotations(#[from] AnnotationError),
    #[error("{0}")]
    Png(String),
    /// What lies farthest out, and what to do about it.
    #[error("too large to draw (beyond 32-bit coordinates): {0}")]
    TooLarge(String),
    #[error("writing the export: {0}")]
    Io(#[from] io::Error),
}

/// A path as exporters show it: a computed or saved path with its colour,
/// name and note.
#[derive(Clone, Debug, PartialEq)]
pub struct Marked {
    pub path: TrustPath,
    pub color: Rgb,
    /// The saved path's name; empty for a computed path.
    pub name: String,
    pub note: String,
}

/// The colour of each highlighted edge and node: that of the first path in
/// `marked` (rank order) that uses it.
pub(crate) fn highlight_colours(
    marked: &[Marked],
) -> (HashMap<EdgeId, Rgb>, HashMap<NodeIndex, Rgb>) {
    let mut edges = HashMap::new();
    let mut nodes = HashMap::new();
    for m in marked {
        for e in &m.path.edges {
            edges.entry(*e).or_insert(m.color);
        }
        for v in &m.path.nodes {
            nodes.entry(*v).or_insert(m.color);
        }
    }
    (edges, nodes)
}

/// The computed paths (coloured by rank) followed by the saved ones, keeping
/// only those whose nodes are all in `g`.
pub fn marked_paths(g: &TrustGraph, highlight: &[TrustPath], saved: &Annotations) -> Vec<Marked> {
    let mut out: Vec<Marked> = highlight
        .iter()
        .enumerate()
        .map(|(i, p)| Marked {
            path: p.clone(),
            color: palette::highlight(i),
            name: String::new(),
            note: String::new(),
        })
        .collect();
    out.extend(saved.paths.iter().filter_map(|s| {
        Some(Marked {
            path: s.resolve(g).ok()?,
            color: s.rgb(),
            name: s.name.clone(),
            note: s.note.clone(),
        })
    }));
    out.retain(|m| {
        m.path.nodes.iter().all(|&v| g.node_opt(v).is_some())
            && m.path.edges.iter().all(|&e| g.edge(e).is_some())
    });
    out
}

/// The part of `g` that `scope` keeps. Node indices stay valid (the graph is
/// a `StableGraph`), so paths computed on `g` still apply to the result.
pub fn scoped<'g>(g: &'g TrustGraph, scope: Scope, marked: &[Marked]) -> Cow<'g, TrustGraph> {
    let keep: HashSet<NodeIndex> = match scope {
        Scope::All => return Cow::Borrowed(g),
        Scope::Highlighted if marked.is_empty() => return Cow::Borrowed(g),
        Scope::Highlighted => {
            let on_path: HashSet<NodeIndex> = marked
                .iter()
                .flat_map(|m| m.path.nodes.iter().copied())
                .collect();
            on_path
                .iter()
                .flat_map(|&v| {
                    g.edges_of(v, Direction::Outgoing)
                        .map(|e| e.to)
                        .chain(g.edges_of(v, Direction::Incoming).map(|e| e.from))
                        .chain([v])
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        Scope::Area { min, max } => g
            .nodes()
            .filter(|(_, n)| {
                n.pos.is_none_or(|p| {
                    (min[0]..=max[0]).contains(&p[0]) && (min[1]..=max[1]).contains(&p[1])
                })
            })
            .map(|(ix, _)| ix)
            .collect(),
    };
    let mut sub = g.clone();
    let drop: Vec<NodeIndex> = g
        .nodes()
        .map(|(ix, _)| ix)
        .filter(|ix| !keep.contains(ix))
        .collect();
    for ix in drop {
        sub.remove_node(ix);
    }
    Cow::Owned(sub)
}

/// Drawings wider or taller than this (layout units) are refused: SVG
/// readers, usvg included, take coordinates as 32-bit floats, so beyond it
/// the file would say "inf". Positions that far out come from a hand-edited
/// or broken file; trustpath's own layouts stay far below (a circular
/// layout of a million nodes spans about 25 million).
const MAX_EXTENT: f64 = f32::MAX as f64;

/// Refuses a scene larger than [`MAX_EXTENT`], naming the node farthest out.
fn check_extent(g: &TrustGraph, scene: &scene::Scene) -> Result<(), ExportError> {
    let fits = |x: f64| x.is_finite() && x <= MAX_EXTENT;
    if fits(scene.width) && fits(scene.height) {
        return Ok(());
    }
    let reach = |p: [f64; 2]| p[0].abs().max(p[1].abs());
    let farthest = g
        .nodes()
        .filter_map(|(_, n)| Some((n, n.pos?)))
        // The first of equals, so the message follows the file's order.
        .reduce(|best, x| if reach(x.1) > reach(best.1) { x } else { best })
        // Nodes all near the middle: a callout is what lies far out.
        .filter(|(_, p)| reach(*p) * 2.0 >= MAX_EXTENT)
        .map_or_else(
            || "a callout lies far out; move it back or delete it".to_string(),
            |(n, p)| {
                format!(
                    "node '{}' is at ({:e}, {:e}); lay the graph out again",
                    n.id, p[0], p[1]
                )
            },
        );
    Err(ExportError::TooLarge(farthest))
}

/// Exports `g` as `opts` says. Saved annotated paths are highlighted (and
/// reported) after `opts.highlight`; callouts are drawn.
///
/// ```
/// use trustpath::{analysis::{most_likely_paths, PathQuery}, export::*, io::load_bytes};
/// let g = load_bytes(br#"{"version": 1, "nodes": [{"id": "a", "entry": true, "pos": [0, 0]},
///   {"id": "b", "crown_jewel": true, "pos": [200, 0]}], "edges": [{"from": "a", "to": "b"}]}"#).unwrap();
/// let opts = ExportOptions {
///     format: Format::Svg,
///     highlight: most_likely_paths(&g, &PathQuery::entries_to_jewels(&g, 3)),
///     ..ExportOptions::default()
/// };
/// let mut svg = Vec::new();
/// render(&g, &opts, &mut svg).unwrap();
/// assert!(String::from_utf8(svg).unwrap().contains("CROWN JEWEL"));
/// ```
pub fn render(
    g: &TrustGraph,
    opts: &ExportOptions,
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let saved = Annotations::read(g)?;
    let all_marked = marked_paths(g, &opts.highlight, &saved);
    let view = scoped(g, opts.scope, &all_marked);
    let marked = marked_paths(&view, &opts.highlight, &saved);
    match opts.format {
        Format::Svg | Format::Png => {
            let scene = scene::Scene::new(&view, &marked, &saved.callouts, opts);
            check_extent(&view, &scene)?;
            if opts.format == Format::Svg {
                svg::write(&view, &scene, &marked, opts.background, out)?;
            } else {
                let mut text = Vec::new();
                svg::write(&view, &scene, &marked, opts.background, &mut text)?;
                png::write(&text, opts.scale, opts.background, out)?;
            }
        }
        Format::Dot => dot::write(&view, &marked, opts.title.as_deref(), out)?,
        Format::GraphMl => graphml::write(&view, &marked, opts.title.as_deref(), out)?,
        // The whole graph whatever the scope: JSON export is a round trip.
        Format::Json => crate::io::write_json(g, out)?,
        Format::Markdown => report::markdown(&view, &marked, opts.title.as_deref(), out)?,
        Format::Csv => report::csv(&view, &marked, out)?,
        // The whole graph too: it is an interchange format.
        Format::OpenGraph => crate::import::write_opengraph(g, out)?,
    }
    Ok(())
}
