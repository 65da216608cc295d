//! The story: stepping through the listed paths hop by hop (running on into
//! the next path, so a clicker's PageDown alone walks the whole list), the
//! caption that reads a hop aloud, and the live what-if of a cut.

use std::fmt::Write as _;

use crate::analysis::TrustPath;
use crate::app::command::Command;
use crate::app::state::{AppState, fmt_likelihood};
use crate::model::EdgeId;

/// What a cut did, shown in the banner while the paths it removed fade.
#[derive(Clone, Debug, PartialEq)]
pub struct CutNews {
    /// The banner's mark: ✂ for a cut, the factor (×0.5) for a hardening.
    pub mark: String,
    pub text: String,
    /// Paths of the list before the cut that used the cut edge.
    pub dying: Vec<TrustPath>,
    /// Likelihood of the best path before the cut.
    pub best_before: Option<f64>,
    pub start: f64,
}

/// Forward: first path, then each hop, then on to the next path. A saved
/// path shown in the explorer (and no listed path selected) is walked
/// first, hop by hop, then the list.
pub fn next(state: &mut AppState) {
    let n = state.paths.len();
    let hops = state.current_path().map_or(0, TrustPath::hops);
    let saved = state.selected_path.is_none() && state.annotation_view.shown.is_some();
    let (path, hop) = match (state.selected_path, state.hop) {
        (None, None) if saved && hops > 0 => (None, Some(0)),
        (None, Some(h)) if saved && h + 1 < hops => (None, Some(h + 1)),
        (None, _) if n > 0 => (Some(0), None),
        (Some(i), None) if hops > 0 => (Some(i), Some(0)),
        (Some(i), Some(h)) if h + 1 < hops => (Some(i), Some(h + 1)),
        (Some(i), _) if i + 1 < n => (Some(i + 1), None),
        _ => return,
    };
    state.selected_path = path;
    state.hop = hop;
}

/// Back: the exact reverse of [`next`].
pub fn prev(state: &mut AppState) {
    let (path, hop) = match (state.selected_path, state.hop) {
        (None, Some(h)) => (None, h.checked_sub(1)),
        (Some(i), Some(h)) if h > 0 => (Some(i), Some(h - 1)),
        (Some(i), Some(_)) => (Some(i), None),
        (Some(i), None) if i > 0 => {
            let last = state.paths.get(i - 1).map(|p| p.hops().saturating_sub(1));
            (Some(i - 1), last)
        }
        // Back from the first listed path into the saved path shown.
        (Some(0), None) => match &state.annotation_view.shown {
            Some((_, saved)) => (None, saved.hops().checked_sub(1)),
            None => return,
        },
        _ => return,
    };
    state.selected_path = path;
    state.hop = hop;
}

/// Jumps to path `i` (clamped), at its overview.
pub fn go_to_path(state: &mut AppState, i: usize) {
    if !state.paths.is_empty() {
        state.selected_path = Some(i.min(state.paths.len() - 1));
        state.hop = None;
    }
}

/// Cuts (or restores) the edge of the current hop.
pub fn cut_current_hop(state: &mut AppState, now: f64) {
    let edge = state
        .current_path()
        .zip(state.hop)
        .and_then(|(p, h)| p.edges.get(h).copied());
    match edge {
        Some(e) => cut(state, e, now),
        None => state.present.news = Some(note("Step to a hop (→) first, then C cuts it.", now)),
    }
}

/// Toggles the what-if cut of `edge` through the explorer's command (so it
/// is one undo step) and tells the room what it does to the listed paths.
pub fn cut(state: &mut AppState, edge: EdgeId, now: f64) {
    let name = edge_name(state, edge);
    let news = if state.cuts.contains(&edge) {
        note(&format!("Restoring {name}"), now)
    } else {
        let dying: Vec<TrustPath> = state
            .paths
            .iter()
            .filter(|p| p.edges.contains(&edge))
            .cloned()
            .collect();
        CutNews {
            mark: "✂".to_owned(),
            text: format!(
                "Cutting {name} removes {} of {} paths",
                dying.len(),
                state.paths.len()
            ),
            dying,
            best_before: state.paths.first().map(|p| p.likelihood),
            start: now,
        }
    };
    state.present.news = Some(news);
    state.hop = None;
    state.push(Command::ToggleCut(edge));
}

/// The factor H hardens by: the explorer's "Harden…" default.
pub const HARDEN_FACTOR: f64 = 0.5;

/// Hardens (or, when already hardened, restores) the edge of the current hop.
pub fn harden_current_hop(state: &mut AppState, now: f64) {
    let edge = state
        .current_path()
        .zip(state.hop)
        .and_then(|(p, h)| p.edges.get(h).copied());
    match edge {
        Some(e) => harden(state, e, now),
        None => {
            state.present.news = Some(note("Step to a hop (→) first, then H hardens it.", now));
        }
    }
}

/// Toggles the what-if hardening of `edge` (×[`HARDEN_FACTOR`]) through the
/// explorer's `Harden` command (one undo step) and tells the room what it
/// does to the current path and the best one.
pub fn harden(state: &mut AppState, edge: EdgeId, now: f64) {
    let name = edge_name(state, edge);
    let news = if let Some(f) = state.hardening(edge) {
        note(&format!("Removing the hardening (×{f}) of {name}"), now)
    } else {
        let factor = HARDEN_FACTOR;
        let on_path = state
            .selected_path
            .zip(state.current_path())
            .filter(|(_, p)| p.edges.contains(&edge))
            .map(|(i, p)| {
                format!(
                    ": path {} likelihood {} → {}",
                    i + 1,
                    fmt_likelihood(p.likelihood),
                    fmt_likelihood(p.likelihood * factor)
                )
            })
            .unwrap_or_default();
        let users = state
            .paths
            .iter()
            .filter(|p| p.edges.contains(&edge))
            .count();
        CutNews {
            mark: format!("×{factor}"),
            text: format!(
                "Hardening {name} ×{factor}{on_path}; weakens {users} of {} paths",
                state.paths.len()
            ),
            dying: Vec::new(),
            best_before: state.paths.first().map(|p| p.likelihood),
            start: now,
        }
    };
    let factor = if state.hardening(edge).is_some() {
        None
    } else {
        Some(HARDEN_FACTOR)
    };
    state.present.news = Some(news);
    state.hop = None;
    state.push(Command::Harden { edge, factor });
}

/// A banner with no paths to fade.
pub fn note(text: &str, now: f64) -> CutNews {
    CutNews {
        mark: "✂".to_owned(),
        text: text.to_owned(),
        dying: Vec::new(),
        best_before: None,
        start: now,
    }
}

/// "Vendor VPN → EHR".
pub fn edge_name(state: &AppState, edge: EdgeId) -> String {
    state.graph.edge(edge).map_or_else(String::new, |e| {
        format!(
            "{} → {}",
            state.graph.node(e.from).label,
            state.graph.node(e.to).label
        )
    })
}

/// The banner text: the news, and once fresh paths are in, what is left.
pub fn banner_text(state: &AppState, news: &CutNews) -> String {
    let mut text = news.text.clone();
    if let Some(before) = news.best_before {
        if state.paths_stale() {
            text.push_str(" · recomputing…");
        } else {
            match state.paths.first() {
                Some(p) => {
                    let (now, was) = (fmt_likelihood(p.likelihood), fmt_likelihood(before));
                    if now == was {
                        let _ = write!(text, " · best path still {now}");
                    } else {
                        let _ = write!(text, " · best path now {now} (was {was})");
                    }
                }
                None => text.push_str(" · no path is left"),
            }
        }
    }
    text
}

/// The two caption lines: what this hop is, and where we are in the story.
pub fn caption(state: &AppState) -> (String, String) {
    let n = state.paths.len();
    let target = state
        .query
        .targets
        .as_ref()
        .and_then(|t| (t.len() == 1).then(|| t[0]))
        .and_then(|ix| state.graph.node_opt(ix))
        .map_or_else(String::new, |j| format!(" to {}", j.label));
    // A saved path shown in the explorer, when no listed path is selected.
    let listed = state.selected_path;
    let saved = listed
        .is_none()
        .then_some(state.annotation_view.shown.as_ref())
        .flatten()
        .and_then(|(i, _)| state.annotations().paths.get(*i))
        .map(|p| p.name.clone());
    let (Some(path), true) = (state.current_path(), listed.is_some() || saved.is_some()) else {
        let line = if n == 0 {
            format!("No path from the entry points{target}.")
        } else {
            format!("{n} most likely paths{target}.")
        };
        return (line, "Press → to start · ? for keys".to_owned());
    };
    let g = &state.graph;
    let label = |ix| g.node_opt(ix).map_or("?", |n| n.label.as_str());
    let jewel = path.nodes.last().map_or("?", |ix| label(*ix));
    let place = match listed {
        Some(i) => format!("Path {} of {n} → {jewel}", i + 1),
        None => format!("Saved path “{}” → {jewel}", saved.unwrap_or_default()),
    };
    let Some(h) = state.hop else {
        let first = path.nodes.first().map_or("?", |ix| label(*ix));
        return (
            format!(
                "{first} → {jewel}: {} hop{}",
                path.hops(),
                if path.hops() == 1 { "" } else { "s" }
            ),
            format!(
                "{place} · path likelihood {} · → to step",
                fmt_likelihood(path.likelihood)
            ),
        );
    };
    let (Some(&from), Some(&to), Some(&edge)) =
        (path.nodes.get(h), path.nodes.get(h + 1), path.edges.get(h))
    else {
        return (place, String::new());
    };
    let likelihoods: Vec<f64> = path
        .edges
        .iter()
        .take(h + 1)
        .map(|e| g.edge(*e).map_or(0.0, |e| e.edge.likelihood))
        .collect();
    let e = g.edge(edge);
    let how = e
        .map(|e| {
            if e.edge.label.is_empty() {
                e.edge.kind.clone()
            } else {
                e.edge.label.clone()
            }
        })
        .filter(|s| !s.is_empty())
        .map_or_else(String::new, |s| format!(": {s}"));
    let here = likelihoods.last().copied().unwrap_or(0.0);
    let so_far: f64 = likelihoods.iter().product();
    (
        format!(
            "{} → {}{how} — likelihood {}",
            label(from),
            label(to),
            fmt_likelihood(here)
        ),
        format!(
            "{place} · hop {} of {} · so far {}",
            h + 1,
            path.hops(),
            fmt_likelihood(so_far)
        ),
    )
}
