//! Everything the app knows, in one place: the model and its history, the
//! file, the selection, the path query and its answers, the view. Panels
//! read it while drawing and push [`Command`]s; `actions::apply` changes it.
//! Persisted settings live apart in [`Settings`] (`#[serde(default)]`, so an
//! old settings file never breaks a start).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use petgraph::Direction;
use petgraph::stable_graph::NodeIndex;
use serde::{Deserialize, Serialize};

use super::canvas::CanvasMemory;
use super::command::{Command, ReachDir};
use super::files::PendingDialog;
use super::jobs::{Finished, JobKind, Jobs, Output, Request};
use super::panels::inspector::Draft;
use super::present::Presentation;
use crate::analysis::{EdgeFilter, GraphStats, PathQuery, TrustPath};
use crate::layout::{Algorithm, LayoutOptions};
use crate::model::{EdgeId, Edit, History, TrustGraph};

/// How many recent files the File menu lists.
const MAX_RECENT: usize = 8;

/// Settings kept between runs (eframe storage).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct Settings {
    pub dark: bool,
    pub show_inspector: bool,
    pub show_paths: bool,
    pub show_stats: bool,
    pub show_legend: bool,
    pub recent: Vec<PathBuf>,
    /// Layout used for "Lay out again" (a `layout::Algorithm` name).
    pub layout: String,
    pub k: usize,
    /// 0 for no limit.
    pub max_hops: usize,
    /// Type scale of presentation mode (1.25–3).
    pub present_scale: f32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dark: true,
            show_inspector: true,
            show_paths: true,
            show_stats: false,
            show_legend: true,
            recent: Vec::new(),
            layout: Algorithm::Layered.name().to_owned(),
            k: 10,
            max_hops: 0,
            present_scale: 1.5,
        }
    }
}

impl Settings {
    /// Puts `path` first in the recent list.
    pub fn remember(&mut self, path: PathBuf) {
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    pub fn algorithm(&self) -> Algorithm {
        self.layout.parse().unwrap_or_default()
    }
}

/// What is selected on the canvas: nodes, or one edge.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Selection {
    pub nodes: BTreeSet<NodeIndex>,
    pub edge: Option<EdgeId>,
}

/// The path question, by node index (`None` = the default set).
#[derive(Clone, Debug, Default)]
pub struct Query {
    /// `None`: every entry point.
    pub sources: Option<Vec<NodeIndex>>,
    /// `None`: every crown jewel.
    pub targets: Option<Vec<NodeIndex>>,
    /// Edge kinds switched off in the filter.
    pub hidden_edge_kinds: BTreeSet<String>,
}

/// Reachability overlay (blast radius or who can reach).
#[derive(Clone, Debug)]
pub struct ReachView {
    pub origin: NodeIndex,
    pub dir: ReachDir,
    pub hops: HashMap<NodeIndex, usize>,
}

/// The pan and zoom of the canvas: screen = rect.min + offset + zoom · graph.
#[derive(Clone, Copy, Debug)]
pub struct Camera {
    pub zoom: f32,
    pub offset: egui::Vec2,
    /// Fit the whole graph on the next frame (the canvas knows its size then).
    pub fit_pending: bool,
    /// The last fit, kept while zoom and pan are as it left them: a view
    /// nobody moved is fitted again when the window is resized, as people
    /// expect after maximising; any zoom or pan ends that.
    pub last_fit: Option<Fit>,
}

/// What a fit left: the window size it was made for, zoom and pan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    pub window: egui::Vec2,
    pub zoom: f32,
    pub offset: egui::Vec2,
}

impl Default for Camera {
    fn default() -> Self {
        Self {
            zoom: 1.0,
            offset: egui::Vec2::ZERO,
            fit_pending: true,
            last_fit: None,
        }
    }
}

impl Camera {
    /// Whether zoom and pan are still what the last fit left.
    pub fn as_fitted(&self) -> bool {
        self.last_fit
            .is_some_and(|f| f.zoom == self.zoom && f.offset == self.offset)
    }

    /// For a camera [`Self::as_fitted`] before the canvas moved: keeps it
    /// counted as fitted at its new offset, and asks for a new fit when the
    /// window's size changed (a panel opening only moves the canvas, so the
    /// graph stays still under the pointer instead of jumping).
    pub fn keep_fitted(&mut self, window: egui::Vec2) {
        if let Some(fit) = &mut self.last_fit {
            fit.offset = self.offset;
            if fit.window != window {
                self.fit_pending = true;
            }
        }
    }
}

/// A message across the top of the window.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub text: String,
    pub is_error: bool,
}

/// The unsaved-changes question, with what to do after "Discard" or "Save".
#[derive(Clone, Debug, PartialEq)]
pub struct Confirm {
    pub then: Command,
}

/// Why the in-app path field is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    Open,
    SaveAs,
    /// A file for File → Export….
    Export,
}

/// The in-app path field, used where no native file dialog is available.
#[derive(Clone, Debug, PartialEq)]
pub struct PathPrompt {
    pub purpose: PromptPurpose,
    pub text: String,
}

/// Ctrl+F.
#[derive(Clone, Debug, Default)]
pub struct Search {
    pub open: bool,
    pub text: String,
    pub matches: Vec<NodeIndex>,
    pub cursor: usize,
    pub focus_requested: bool,
}

/// Undo steps are model edits (kept in `History`) or what-if cuts (kept
/// here, since they are a view of the model and not saved).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Step {
    Model,
    Cut(EdgeId),
    CutNode(NodeIndex),
    /// The edge's hardening factor went from `.1` to `.2` (`None`: not hardened).
    Harden(EdgeId, Option<f64>, Option<f64>),
}

/// The whole runtime state of the app.
pub struct AppState {
    /// Shared with the jobs and the risk estimate working on it: starting
    /// one copies a pointer, and an edit copies the graph only while one of
    /// them (running or still queued) holds the old one (a 100k-node graph
    /// takes ~70 ms to copy).
    pub graph: Arc<TrustGraph>,
    pub history: History,
    /// Where the graph was loaded from; `None` for the sample or a new graph.
    pub file: Option<PathBuf>,
    /// Shown in the title when there is no file.
    pub untitled_name: String,
    pub settings: Settings,
    pub selection: Selection,
    pub query: Query,
    /// What-if: edges treated as cut in the current view.
    pub cuts: Vec<EdgeId>,
    /// What-if: nodes treated as removed.
    pub cut_nodes: Vec<NodeIndex>,
    /// What-if: edges hardened (likelihood × factor).
    pub hardened: Vec<(EdgeId, f64)>,
    pub paths: Vec<TrustPath>,
    /// How long the shown paths took to compute.
    pub paths_elapsed: Duration,
    pub selected_path: Option<usize>,
    /// The emphasised hop (edge index) of the selected path.
    pub hop: Option<usize>,
    pub heat: bool,
    pub reach: Option<ReachView>,
    pub stats: Option<GraphStats>,
    pub hidden: HashSet<NodeIndex>,
    pub hidden_kinds: BTreeSet<String>,
    pub hidden_zones: BTreeSet<String>,
    pub camera: Camera,
    /// The canvas rectangle of the last frame (for zoom keys, add node).
    pub canvas_rect: egui::Rect,
    /// Add-edge mode: `Some(None)` waits for the source, `Some(Some(s))` for the target.
    pub add_edge: Option<Option<NodeIndex>>,
    /// Flow, zone regions and the glide of the last layout.
    pub layout_view: super::layout_view::LayoutView,
    /// The export window's choices.
    pub export: super::export_dialog::ExportDialog,
    pub search: Search,
    pub banner: Option<Banner>,
    pub confirm: Option<Confirm>,
    pub prompt: Option<PathPrompt>,
    /// Set when the window may close (no unsaved changes, or the user said so).
    pub close_allowed: bool,
    pub quit_requested: bool,
    pub commands: Vec<Command>,
    /// Workshop / presentation mode (F5).
    pub present: Presentation,
    pub jobs: Jobs,
    /// The risk panel and its background run.
    pub risk: crate::app::risk_view::RiskView,
    pub canvas: CanvasMemory,
    pub inspector: Draft,
    pub dialog: Option<PendingDialog>,
    /// Saved paths and callouts: the open editor and the shown saved path.
    pub annotation_view: super::annotations::AnnotationsView,
    /// The graph's distinct node kinds, sorted (legend and colours), kept
    /// here because recomputing them each frame costs milliseconds at 10k nodes.
    kinds: Vec<String>,
    /// Bumped on every change of the graph (edit, undo, load).
    graph_rev: u64,
    /// Bumped on every change that alters path answers (graph, query, cuts).
    analysis_rev: u64,
    submitted: HashMap<JobKind, u64>,
    /// The analysis revision the shown paths answer.
    paths_rev: u64,
    /// The next layout answer sets positions without an undo step (opening a
    /// file whose nodes lack `pos` is not an edit).
    layout_is_initial: bool,
    undo_steps: Vec<Step>,
    redo_steps: Vec<Step>,
}

impl AppState {
    /// A state showing `graph`, named `untitled_name` until saved.
    pub fn new(graph: TrustGraph, untitled_name: &str, settings: Settings) -> Self {
        let mut s = Self {
            graph: Arc::default(),
            history: History::default(),
            file: None,
            untitled_name: String::new(),
            settings,
            selection: Selection::default(),
            query: Query::default(),
            cuts: Vec::new(),
            cut_nodes: Vec::new(),
            hardened: Vec::new(),
            paths: Vec::new(),
            paths_elapsed: Duration::ZERO,
            selected_path: None,
            hop: None,
            heat: false,
            reach: None,
            stats: None,
            hidden: HashSet::new(),
            hidden_kinds: BTreeSet::new(),
            hidden_zones: BTreeSet::new(),
            camera: Camera::default(),
            canvas_rect: egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0)),
            add_edge: None,
            layout_view: Default::default(),
            export: Default::default(),
            search: Search::default(),
            banner: None,
            confirm: None,
            prompt: None,
            close_allowed: false,
            quit_requested: false,
            commands: Vec::new(),
            present: Presentation::default(),
            jobs: Jobs::new(),
            risk: Default::default(),
            canvas: CanvasMemory::default(),
            inspector: Draft::default(),
            dialog: None,
            annotation_view: Default::default(),
            kinds: Vec::new(),
            graph_rev: 0,
            analysis_rev: 0,
            submitted: HashMap::new(),
            paths_rev: u64::MAX,
            layout_is_initial: false,
            undo_steps: Vec::new(),
            redo_steps: Vec::new(),
        };
        s.replace_graph(graph, None, untitled_name);
        s
    }

    /// Shows a new graph (opened, new or sample): resets history, selection,
    /// query and view, and lays out nodes that have no position.
    pub fn replace_graph(&mut self, graph: TrustGraph, file: Option<PathBuf>, name: &str) {
        self.graph = Arc::new(graph);
        self.history = History::default();
        self.file = file;
        self.untitled_name = name.to_owned();
        self.selection = Selection::default();
        self.query = Query::default();
        self.cuts.clear();
        self.cut_nodes.clear();
        self.hardened.clear();
        self.paths.clear();
        self.selected_path = None;
        self.hop = None;
        self.reach = None;
        self.stats = None;
        self.hidden.clear();
        self.hidden_kinds.clear();
        self.hidden_zones.clear();
        self.search.matches.clear();
        self.layout_view.regions.clear();
        self.add_edge = None;
        self.undo_steps.clear();
        self.redo_steps.clear();
        self.camera.fit_pending = true;
        self.graph_changed();
        // The last file's layout, if one is still running, is not this one's.
        self.jobs.cancel(JobKind::Layout);
        self.layout_is_initial = self.graph.nodes().any(|(_, n)| n.pos.is_none());
        if self.layout_is_initial {
            self.submit_layout();
        }
        self.refresh_jobs();
    }

    /// Title: file name, "•" when there are unsaved changes.
    pub fn title(&self) -> String {
        let name = self.file.as_ref().and_then(|p| p.file_name()).map_or_else(
            || self.untitled_name.clone(),
            |n| n.to_string_lossy().into_owned(),
        );
        let dirty = if self.is_dirty() { " •" } else { "" };
        format!("{name}{dirty} — trustpath")
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.banner = Some(Banner {
            text: text.into(),
            is_error: true,
        });
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.banner = Some(Banner {
            text: text.into(),
            is_error: false,
        });
    }

    pub fn push(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Applies a model edit as one undo step (with the saved paths kept
    /// valid, see [`crate::annotate::keep_saved_paths`]).
    pub fn edit(&mut self, edit: Edit) -> bool {
        let edit = crate::annotate::keep_saved_paths(&self.graph, edit);
        match self.history.apply(Arc::make_mut(&mut self.graph), edit) {
            Ok(()) => {
                self.undo_steps.push(Step::Model);
                self.redo_steps.clear();
                self.graph_changed();
                true
            }
            Err(e) => {
                self.error(format!("Could not make that change: {e}"));
                false
            }
        }
    }

    /// Toggles a what-if cut as one undo step.
    pub fn toggle_cut(&mut self, edge: EdgeId) {
        self.flip_cut(edge);
        self.undo_steps.push(Step::Cut(edge));
        self.redo_steps.clear();
    }

    /// Toggles a what-if node cut as one undo step.
    pub fn toggle_cut_node(&mut self, node: NodeIndex) {
        self.flip_cut_node(node);
        self.undo_steps.push(Step::CutNode(node));
        self.redo_steps.clear();
    }

    fn flip_cut_node(&mut self, node: NodeIndex) {
        if let Some(i) = self.cut_nodes.iter().position(|n| *n == node) {
            self.cut_nodes.remove(i);
        } else {
            self.cut_nodes.push(node);
        }
        self.analysis_changed();
    }

    /// The what-if hardening factor of an edge, if hardened.
    pub fn hardening(&self, edge: EdgeId) -> Option<f64> {
        self.hardened.iter().find(|(e, _)| *e == edge).map(|x| x.1)
    }

    /// Sets (or with `None` removes) an edge's what-if hardening, as one undo step.
    pub fn harden(&mut self, edge: EdgeId, factor: Option<f64>) {
        let before = self.hardening(edge);
        if before == factor {
            return;
        }
        self.set_hardening(edge, factor);
        self.undo_steps.push(Step::Harden(edge, before, factor));
        self.redo_steps.clear();
    }

    fn set_hardening(&mut self, edge: EdgeId, factor: Option<f64>) {
        self.hardened.retain(|(e, _)| *e != edge);
        if let Some(f) = factor {
            self.hardened.push((edge, f.clamp(0.01, 1.0)));
        }
        self.analysis_changed();
    }

    fn flip_cut(&mut self, edge: EdgeId) {
        if let Some(i) = self.cuts.iter().position(|e| *e == edge) {
            self.cuts.remove(i);
        } else {
            self.cuts.push(edge);
        }
        self.analysis_changed();
    }

    pub fn can_undo(&self) -> bool {
        !self.undo_steps.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo_steps.is_empty()
    }

    pub fn undo(&mut self) {
        let Some(step) = self.undo_steps.pop() else {
            return;
        };
        match step {
            Step::Model => match self.history.undo(Arc::make_mut(&mut self.graph)) {
                Ok(_) => self.graph_changed(),
                Err(e) => self.error(format!("Could not undo: {e}")),
            },
            Step::Cut(edge) => self.flip_cut(edge),
            Step::CutNode(node) => self.flip_cut_node(node),
            Step::Harden(edge, before, _) => self.set_hardening(edge, before),
        }
        self.redo_steps.push(step);
    }

    pub fn redo(&mut self) {
        let Some(step) = self.redo_steps.pop() else {
            return;
        };
        match step {
            Step::Model => match self.history.redo(Arc::make_mut(&mut self.graph)) {
                Ok(_) => self.graph_changed(),
                Err(e) => self.error(format!("Could not redo: {e}")),
            },
            Step::Cut(edge) => self.flip_cut(edge),
            Step::CutNode(node) => self.flip_cut_node(node),
            Step::Harden(edge, _, after) => self.set_hardening(edge, after),
        }
        self.undo_steps.push(step);
    }

    /// After any change of the graph: drop what points at removed things and
    /// ask for fresh answers.
    fn graph_changed(&mut self) {
        self.graph_rev += 1;
        self.hide_saved_path();
        self.annotation_view.read =
            crate::annotate::Annotations::read(&self.graph).unwrap_or_default();
        self.kinds = self.graph.distinct(|n| n.kind.as_str());
        let g = &self.graph;
        self.selection.nodes.retain(|ix| g.node_opt(*ix).is_some());
        if self.selection.edge.is_some_and(|e| g.edge(e).is_none()) {
            self.selection.edge = None;
        }
        self.hidden.retain(|ix| g.node_opt(*ix).is_some());
        self.cuts.retain(|e| g.edge(*e).is_some());
        self.cut_nodes.retain(|ix| g.node_opt(*ix).is_some());
        self.hardened.retain(|(e, _)| g.edge(*e).is_some());
        // A layout's routes are in the model (cleared by the edits that
        // move their ends); its zone regions stay while they still fit.
        self.layout_view.graph_changed(&self.graph);
        self.search.matches.retain(|ix| g.node_opt(*ix).is_some());
        self.analysis_changed();
    }

    /// After a change of the query, cuts or graph.
    /// Bumped on every change that alters analysis answers (graph, query, what-ifs).
    pub fn analysis_revision(&self) -> u64 {
        self.analysis_rev
    }

    pub fn analysis_changed(&mut self) {
        self.analysis_rev += 1;
    }

    /// The node kinds in the graph, sorted.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// Whether the shown paths answer an older question (drawn greyed).
    pub fn paths_stale(&self) -> bool {
        self.paths_rev != self.analysis_rev
    }

    /// The filter every analysis uses: edge kinds and what-if cuts.
    pub fn filter(&self) -> EdgeFilter {
        let kinds = (!self.query.hidden_edge_kinds.is_empty()).then(|| {
            self.graph
                .edge_kinds()
                .into_iter()
                .chain(std::iter::once(String::new()))
                .filter(|k| !self.query.hidden_edge_kinds.contains(k))
                .collect()
        });
        EdgeFilter {
            kinds,
            cut_edges: self.cuts.clone(),
            cut_nodes: self.cut_nodes.clone(),
            scaled_edges: self.hardened.clone(),
        }
    }

    pub fn sources(&self) -> Vec<NodeIndex> {
        self.query
            .sources
            .clone()
            .unwrap_or_else(|| self.graph.entries())
    }

    pub fn targets(&self) -> Vec<NodeIndex> {
        self.query
            .targets
            .clone()
            .unwrap_or_else(|| self.graph.crown_jewels())
    }

    pub fn path_query(&self) -> PathQuery {
        PathQuery {
            sources: self.sources(),
            targets: self.targets(),
            k: self.settings.k.max(1),
            max_hops: (self.settings.max_hops > 0).then_some(self.settings.max_hops),
            filter: self.filter(),
        }
    }

    /// Lays the graph out again as the user asked (not the first layout of
    /// a file, which keeps the positions the file has).
    pub fn relayout(&mut self) {
        self.layout_is_initial = false;
        self.submit_layout();
    }

    fn submit_layout(&mut self) {
        let opts = LayoutOptions {
            algorithm: self.settings.algorithm(),
            flow: self.layout_view.flow,
            ..LayoutOptions::default()
        };
        self.jobs
            .submit(&self.graph, self.graph_rev, Request::Layout(opts));
    }

    /// Asks the job runner for every answer that is out of date.
    pub fn refresh_jobs(&mut self) {
        if self.submitted.get(&JobKind::Paths) != Some(&self.analysis_rev) {
            self.submitted.insert(JobKind::Paths, self.analysis_rev);
            let q = self.path_query();
            self.jobs
                .submit(&self.graph, self.graph_rev, Request::Paths(q));
        }
        if self.settings.show_stats && self.submitted.get(&JobKind::Stats) != Some(&self.graph_rev)
        {
            self.submitted.insert(JobKind::Stats, self.graph_rev);
            self.jobs
                .submit(&self.graph, self.graph_rev, Request::Stats);
        }
        if let Some(r) = &self.reach
            && self.submitted.get(&JobKind::Reach) != Some(&self.analysis_rev)
        {
            self.submitted.insert(JobKind::Reach, self.analysis_rev);
            let dir = match r.dir {
                ReachDir::Forward => Direction::Outgoing,
                ReachDir::Backward => Direction::Incoming,
            };
            let req = Request::Reach {
                starts: vec![r.origin],
                dir,
                filter: self.filter(),
            };
            self.jobs.submit(&self.graph, self.graph_rev, req);
        }
    }

    /// Takes in the answers that arrived.
    pub fn receive(&mut self, finished: Vec<Finished>) {
        for f in finished {
            match f.output {
                Output::Paths(paths) => {
                    self.paths = paths;
                    self.paths_elapsed = f.elapsed;
                    self.paths_rev = self.submitted.get(&JobKind::Paths).copied().unwrap_or(0);
                    if self.selected_path.is_some_and(|i| i >= self.paths.len()) {
                        self.selected_path = None;
                        self.hop = None;
                    }
                    if let (Some(i), Some(h)) = (self.selected_path, self.hop)
                        && h >= self.paths[i].hops()
                    {
                        self.hop = None;
                    }
                }
                Output::Stats(stats) => self.stats = Some(*stats),
                Output::Reach(hops) => {
                    if let Some(r) = &mut self.reach {
                        r.hops = hops.into_iter().collect();
                    }
                }
                // Positions for a graph that has changed since (nodes
                // dragged, deleted, another file) would land on the wrong
                // nodes: ask again instead.
                Output::Layout(_) if f.revision != self.graph_rev => self.submit_layout(),
                Output::Layout(result) => self.apply_layout(result),
            }
        }
    }

    /// Writes a finished layout into the model: one undo step for positions
    /// and routes, except the first layout of a file, which only places the
    /// nodes the file left without a position (and is no step to undo).
    fn apply_layout(&mut self, result: crate::layout::LayoutResult) {
        let initial = self.layout_is_initial;
        // Where gliding nodes start; the nodes that move; and those a file's
        // first layout leaves where the file put them, away from where the
        // layout would have.
        let (mut from, mut moved, mut kept) = (HashMap::new(), HashSet::new(), HashSet::new());
        let moves: Vec<_> = result
            .positions
            .iter()
            .filter_map(|(ix, p)| {
                let n = self.graph.node_opt(*ix)?;
                let kept_own = initial && n.pos.is_some_and(|q| q != *p);
                if kept_own {
                    kept.insert(*ix);
                }
                let keep = kept_own || n.pos == Some(*p);
                if let (false, Some(old)) = (keep, n.pos) {
                    from.insert(*ix, old);
                }
                (!keep).then(|| {
                    moved.insert(*ix);
                    (n.id.clone(), Some(*p))
                })
            })
            .collect();
        // A route fits where the layout put both ends. A file's first layout
        // leaves the saved bends of an edge neither of whose ends it places,
        // and straightens one from a placed node to a kept one.
        let mut routes: Vec<_> = crate::layout::routes(&self.graph, &result)
            .into_iter()
            .filter_map(|(id, mut bends)| {
                let e = self.graph.edge(id)?;
                if initial && !moved.contains(&e.from) && !moved.contains(&e.to) {
                    return None;
                }
                if kept.contains(&e.from) || kept.contains(&e.to) {
                    bends.clear();
                }
                Some((id, bends))
            })
            .collect();
        if initial {
            let graph = Arc::make_mut(&mut self.graph);
            for (id, p) in moves {
                if let Some(ix) = graph.find(&id) {
                    let _ = graph.set_pos(ix, p);
                }
            }
            for (id, bends) in routes {
                let _ = graph.set_bends(id, bends);
            }
            self.graph_rev += 1;
            self.layout_is_initial = false;
        } else {
            // A moving node clears its edges' bends before `SetBends` runs,
            // so routes are only skipped as unchanged when nothing moves.
            if moves.is_empty() {
                routes.retain(|(id, b)| self.graph.edge(*id).is_some_and(|e| e.edge.bends != *b));
            }
            let changes = !(moves.is_empty() && routes.is_empty());
            if changes
                && !self.edit(Edit::Batch(vec![
                    Edit::SetPositions(moves),
                    Edit::SetBends(routes),
                ]))
            {
                return; // refused, with an error banner; nothing moved
            }
        }
        self.layout_view.regions = result.regions;
        self.layout_view.glide_from(from);
        self.camera.fit_pending = true;
    }

    /// Waits for every running job and takes in its answer, resubmitting
    /// what went stale meanwhile. For tests, which must not depend on timing.
    pub fn settle(&mut self) {
        for _ in 0..4 {
            self.refresh_jobs();
            let done = self.jobs.wait(Duration::from_secs(30));
            if done.is_empty() && !self.jobs.busy() {
                break;
            }
            self.receive(done);
        }
    }

    /// Nodes shown on the canvas: not hidden, kind and zone not filtered out,
    /// with a position.
    pub fn is_visible(&self, ix: NodeIndex) -> bool {
        let Some(n) = self.graph.node_opt(ix) else {
            return false;
        };
        n.pos.is_some()
            && !self.hidden.contains(&ix)
            && !self.hidden_kinds.contains(&n.kind)
            && !self.hidden_zones.contains(&n.zone)
    }

    /// The selected path, if any.
    pub fn current_path(&self) -> Option<&TrustPath> {
        self.selected_path.and_then(|i| self.paths.get(i)).or(self
            .annotation_view
            .shown
            .as_ref()
            .map(|(_, p)| p))
    }

    /// "Developer laptops → Git: SSH keys on disk, likelihood 0.4" for the
    /// emphasised hop.
    pub fn hop_caption(&self) -> Option<String> {
        let path = self.current_path()?;
        let h = self.hop?;
        let (from, to) = (*path.nodes.get(h)?, *path.nodes.get(h + 1)?);
        let e = self.graph.edge(*path.edges.get(h)?)?;
        let (from, to) = (self.graph.node_opt(from)?, self.graph.node_opt(to)?);
        let how = if e.edge.label.is_empty() {
            e.edge.kind.clone()
        } else {
            e.edge.label.clone()
        };
        let how = if how.is_empty() {
            String::new()
        } else {
            format!(": {how}")
        };
        Some(format!(
            "Hop {} of {} · {} → {}{how}, likelihood {}",
            h + 1,
            path.hops(),
            from.label,
            to.label,
            fmt_likelihood(e.edge.likelihood)
        ))
    }

    /// Starts a reachability overlay from `node`.
    pub fn start_reach(&mut self, node: NodeIndex, dir: ReachDir) {
        self.reach = Some(ReachView {
            origin: node,
            dir,
            hops: HashMap::new(),
        });
        self.submitted.remove(&JobKind::Reach);
    }
}

/// Likelihoods as people write them: 0.4, 0.084, 0.00012.
pub fn fmt_likelihood(l: f64) -> String {
    if l >= 0.01 {
        let s = format!("{l:.3}");
        s.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        format!("{l:.2e}")
    }
}
