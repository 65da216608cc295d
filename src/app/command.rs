//! Every user action as a value. Menus, keyboard shortcuts and context menus
//! all read their label, tooltip and shortcut from [`Command::meta`], so a
//! command looks and behaves the same wherever it is offered. Panels push
//! commands while drawing; the app applies them after the frame
//! (`AppState::apply`), which keeps drawing free of mutation order puzzles.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};
use petgraph::stable_graph::NodeIndex;

use crate::layout::{Algorithm, Flow};
use crate::model::{EdgeId, Edit};

/// Which way a reachability query runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReachDir {
    /// Blast radius: everything this node can reach.
    Forward,
    /// Who can reach this node.
    Backward,
}

/// A side panel that can be shown or hidden.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelId {
    Inspector,
    Paths,
    Stats,
    Legend,
}

/// One user action.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    // Files.
    New,
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    /// Open the export window.
    Export,
    /// Export with the export window's choices to this file.
    ExportTo(PathBuf),
    Quit,
    // Editing.
    Undo,
    Redo,
    /// A model edit, applied through the history (one undo step). Boxed:
    /// an edit can carry a whole node and its edges.
    Edit(Box<Edit>),
    AddNode,
    AddEdgeMode,
    /// Add an edge between two nodes and select it.
    AddEdge {
        from: NodeIndex,
        to: NodeIndex,
    },
    DeleteSelection,
    Relayout,
    /// Lay out again with this algorithm (remembered in the settings).
    SetLayout(Algorithm),
    /// Lay out again with this flow (layered and zone layouts).
    SetFlow(Flow),
    // View.
    FitView,
    ZoomIn,
    ZoomOut,
    Find,
    ShowAll,
    TogglePanel(PanelId),
    ToggleTheme,
    /// Show or hide the risk panel (Monte Carlo compromise probability).
    ToggleRisk,
    /// Tint nodes by reach probability.
    ToggleRiskTint,
    // Selection.
    SelectNodes {
        nodes: Vec<NodeIndex>,
        additive: bool,
    },
    SelectEdge(EdgeId),
    ClearSelection,
    /// Centre the view on a node and select it.
    FocusNode(NodeIndex),
    // Paths.
    SelectPath(Option<usize>),
    NextPath,
    PrevPath,
    NextHop,
    PrevHop,
    ToggleHeat,
    // Node context menu.
    SetEntry {
        node: NodeIndex,
        on: bool,
    },
    SetCrownJewel {
        node: NodeIndex,
        on: bool,
    },
    PathsFrom(NodeIndex),
    PathsTo(NodeIndex),
    Reach {
        node: NodeIndex,
        dir: ReachDir,
    },
    ClearReach,
    Hide(NodeIndex),
    SetPinned {
        node: NodeIndex,
        on: bool,
    },
    // Edge context menu.
    DeleteEdge(EdgeId),
    /// What-if: toggle the edge in the view's cut set (undoable, not saved).
    ToggleCut(EdgeId),
    /// What-if: toggle the node in the view's cut set (undoable, not saved).
    ToggleCutNode(NodeIndex),
    /// Save the current what-ifs into the file as a named scenario (undoable).
    SaveScenario(String),
    /// Replace the current what-ifs with a saved scenario's.
    ApplyScenario(String),
    /// What-if: scale the edge's likelihood by `factor` (`None` undoes the
    /// hardening); undoable, not saved unless kept in a scenario.
    Harden {
        edge: EdgeId,
        factor: Option<f64>,
    },
    /// Enter or leave workshop / presentation mode.
    Present,
}

/// How a command is presented.
#[derive(Clone, Copy, Debug)]
pub struct Meta {
    pub label: &'static str,
    pub tooltip: &'static str,
    pub shortcut: Option<KeyboardShortcut>,
}

const fn key(modifiers: Modifiers, key: Key) -> Option<KeyboardShortcut> {
    Some(KeyboardShortcut::new(modifiers, key))
}
const CMD: Modifiers = Modifiers::COMMAND;
const CMD_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};
const NONE: Modifiers = Modifiers::NONE;

impl Command {
    /// Label, tooltip and shortcut: the one table every menu reads.
    pub fn meta(&self) -> Meta {
        let (label, tooltip, shortcut) = match self {
            Command::New => ("New", "Start an empty graph", key(CMD, Key::N)),
            Command::Open => (
                "Open…",
                "Open a trustpath JSON file, or import a Threat Dragon, Threagile, OpenGraph, GraphML or CSV model",
                key(CMD, Key::O),
            ),
            Command::OpenPath(_) => ("Open", "Open this file", None),
            Command::Save => ("Save", "Save to the current file", key(CMD, Key::S)),
            Command::SaveAs => ("Save as…", "Save to a new file", key(CMD_SHIFT, Key::S)),
            Command::SaveTo(_) => ("Save", "Save to this file", None),
            Command::Export => (
                "Export…",
                "Write an image, DOT, GraphML, a report or BloodHound OpenGraph",
                key(CMD, Key::E),
            ),
            Command::ExportTo(_) => ("Export", "Export to this file", None),
            Command::Quit => ("Quit", "Close the window", key(CMD, Key::Q)),
            Command::Undo => ("Undo", "Undo the last edit", key(CMD, Key::Z)),
            Command::Redo => ("Redo", "Redo the last undone edit", key(CMD_SHIFT, Key::Z)),
            Command::Edit(_) => ("Edit", "Change the model", None),
            Command::AddNode => ("Add node", "Add a node in the middle of the view", None),
            Command::AddEdgeMode => (
                "Add edge",
                "Click the source node, then the target (or Ctrl+drag between nodes)",
                key(NONE, Key::E),
            ),
            Command::AddEdge { .. } => ("Add edge", "Add an edge between two nodes", None),
            Command::DeleteSelection => (
                "Delete",
                "Delete the selected nodes or edge",
                key(NONE, Key::Delete),
            ),
            Command::Relayout => (
                "Lay out again",
                "Recompute positions with the layered layout (pinned nodes stay)",
                key(CMD, Key::L),
            ),
            Command::SetLayout(_) => (
                "Layout",
                "Recompute positions with this layout (pinned nodes stay); undoable",
                None,
            ),
            Command::SetFlow(Flow::LeftToRight) => (
                "Flow left → right",
                "Entries on the left, crown jewels on the right (layered, zones); lays out again",
                None,
            ),
            Command::SetFlow(Flow::TopToBottom) => (
                "Flow top → bottom",
                "Entries at the top, crown jewels at the bottom (layered, zones); lays out again",
                None,
            ),
            Command::FitView => ("Fit to view", "Show the whole graph", key(NONE, Key::Num0)),
            Command::ZoomIn => ("Zoom in", "Zoom in", key(NONE, Key::Plus)),
            Command::ZoomOut => ("Zoom out", "Zoom out", key(NONE, Key::Minus)),
            Command::Find => (
                "Find…",
                "Search ids, labels, tags and notes",
                key(CMD, Key::F),
            ),
            Command::ShowAll => ("Show hidden nodes", "Unhide every hidden node", None),
            Command::TogglePanel(PanelId::Inspector) => (
                "Inspector",
                "Show the inspector when something is selected",
                None,
            ),
            Command::TogglePanel(PanelId::Paths) => ("Paths", "Show or hide the paths panel", None),
            Command::TogglePanel(PanelId::Stats) => ("Stats", "Show or hide the stats panel", None),
            Command::TogglePanel(PanelId::Legend) => ("Legend", "Show or hide the legend", None),
            Command::ToggleTheme => ("Dark theme", "Switch between dark and light", None),
            Command::ToggleRisk => (
                "Risk",
                "Show or hide the risk panel: the chance each crown jewel is compromised",
                None,
            ),
            Command::ToggleRiskTint => (
                "Risk tint",
                "Tint nodes by the chance an attacker reaches them",
                None,
            ),
            Command::SelectNodes { .. } => ("Select", "Select nodes", None),
            Command::SelectEdge(_) => {
                ("Edit…", "Select the edge to edit it in the inspector", None)
            }
            Command::ClearSelection => {
                ("Select none", "Clear the selection", key(NONE, Key::Escape))
            }
            Command::FocusNode(_) => ("Go to", "Centre the view on this node", None),
            Command::SelectPath(_) => ("Show path", "Highlight this path", None),
            Command::NextPath => (
                "Next path",
                "Select the next path",
                key(NONE, Key::ArrowDown),
            ),
            Command::PrevPath => (
                "Previous path",
                "Select the previous path",
                key(NONE, Key::ArrowUp),
            ),
            Command::NextHop => (
                "Next hop",
                "Step forward along the path",
                key(NONE, Key::ArrowRight),
            ),
            Command::PrevHop => (
                "Previous hop",
                "Step back along the path",
                key(NONE, Key::ArrowLeft),
            ),
            Command::ToggleHeat => (
                "Heat",
                "Show all listed paths at once, edge width by how many use it",
                key(NONE, Key::H),
            ),
            Command::SetEntry { on: true, .. } => {
                ("Mark as entry point", "Paths start from entry points", None)
            }
            Command::SetEntry { on: false, .. } => {
                ("Unmark entry point", "No longer a path source", None)
            }
            Command::SetCrownJewel { on: true, .. } => {
                ("Mark as crown jewel", "Paths end at crown jewels", None)
            }
            Command::SetCrownJewel { on: false, .. } => {
                ("Unmark crown jewel", "No longer a path target", None)
            }
            Command::PathsFrom(_) => (
                "Paths from here",
                "Paths from this node to the crown jewels",
                None,
            ),
            Command::PathsTo(_) => (
                "Paths to here",
                "Paths from the entry points to this node",
                None,
            ),
            Command::Reach {
                dir: ReachDir::Forward,
                ..
            } => (
                "Blast radius",
                "Everything this node can reach, by hop distance",
                None,
            ),
            Command::Reach {
                dir: ReachDir::Backward,
                ..
            } => (
                "Who can reach this",
                "Every node with a path to this one, by hop distance",
                None,
            ),
            Command::ClearReach => ("Clear reach", "Stop showing the reach overlay", None),
            Command::Hide(_) => ("Hide", "Hide this node from the view (not deleted)", None),
            Command::SetPinned { on: true, .. } => ("Pin", "Keep this position on re-layout", None),
            Command::SetPinned { on: false, .. } => {
                ("Unpin", "Let the layout move this node", None)
            }
            Command::DeleteEdge(_) => ("Delete", "Delete this edge", None),
            Command::SaveScenario(_) => (
                "Save as scenario",
                "Keep the current what-ifs in the file under this name",
                None,
            ),
            Command::ApplyScenario(_) => (
                "Apply",
                "Replace the current what-ifs with this scenario's",
                None,
            ),
            Command::ToggleCutNode(_) => (
                "Cut node (what-if)",
                "Pretend this node is gone and see the paths and risk change; not saved",
                None,
            ),
            Command::Harden {
                factor: Some(_), ..
            } => (
                "Harden (what-if)",
                "Scale this edge's likelihood down and see the risk change; not saved",
                None,
            ),
            Command::Harden { factor: None, .. } => (
                "Remove hardening",
                "Give this edge back its own likelihood",
                None,
            ),
            Command::ToggleCut(_) => (
                "Cut (what-if)",
                "Pretend this edge is gone and see the paths change; not saved",
                None,
            ),
            Command::Present => (
                "▶ Present",
                "Workshop mode: full screen, step through the paths hop by hop (Esc leaves)",
                key(NONE, Key::F5),
            ),
        };
        Meta {
            label,
            tooltip,
            shortcut,
        }
    }

    /// Commands that have a keyboard shortcut, for the shortcut handler, in
    /// the order they are tried (Ctrl+Shift+S before Ctrl+S, and so on).
    /// Shortcuts without a modifier only fire when no text field has focus.
    pub fn with_shortcuts() -> [Command; 22] {
        [
            Command::New,
            Command::Open,
            Command::SaveAs,
            Command::Save,
            Command::Export,
            Command::Quit,
            Command::Redo,
            Command::Undo,
            Command::Relayout,
            Command::Find,
            Command::AddEdgeMode,
            Command::DeleteSelection,
            Command::FitView,
            Command::ZoomIn,
            Command::ZoomOut,
            Command::ClearSelection,
            Command::NextPath,
            Command::PrevPath,
            Command::NextHop,
            Command::PrevHop,
            Command::ToggleHeat,
            Command::Present,
        ]
    }

    /// Second shortcuts that menus do not show (Ctrl+Y for redo, = for
    /// zoom in on keyboards where + needs Shift, Backspace to delete).
    pub fn aliases() -> [(KeyboardShortcut, Command); 3] {
        [
            (KeyboardShortcut::new(CMD, Key::Y), Command::Redo),
            (KeyboardShortcut::new(NONE, Key::Equals), Command::ZoomIn),
            (
                KeyboardShortcut::new(NONE, Key::Backspace),
                Command::DeleteSelection,
            ),
        ]
    }
}
