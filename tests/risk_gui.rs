//! The risk panel driven headless (egui_kittest): the Monte Carlo run goes
//! to its own worker thread; tests step frames until it has finished
//! (bounded), then check what the panel holds.

#![cfg(feature = "gui")]

use std::time::Duration;

use egui_kittest::kittest::Queryable;
use trustpath::app::Command;
use trustpath::app::risk_view::{self, RiskResult};

mod common;
use common::{H, command, harness};

/// Steps frames until the risk answer is current (at most ~60 s).
fn wait_for_risk(h: &mut H) {
    for _ in 0..6000 {
        h.run_steps(1);
        let s = &h.state().state;
        if !s.risk.running() && !risk_view::stale(s) && s.risk.result.is_some() {
            h.run_steps(2);
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the risk run did not finish");
}

/// The risk panel's current answer.
fn risk(h: &H) -> RiskResult {
    h.state().state.risk.result.clone().expect("a risk result")
}

fn open(h: &mut H, name: &str, text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    command(h, Command::OpenPath(path));
    dir
}

/// The app on the hospital sample with the risk panel on and its first
/// answer in (the directory holds the file; keep it alive).
fn hospital_with_risk() -> (H, tempfile::TempDir) {
    let mut h = harness();
    let dir = open(&mut h, "hospital.json", hospital());
    command(&mut h, Command::ToggleRisk);
    wait_for_risk(&mut h);
    (h, dir)
}

fn hospital() -> &'static str {
    trustpath::samples::SAMPLES
        .iter()
        .find(|(n, _)| n.contains("hospital"))
        .expect("hospital sample")
        .1
}

#[test]
fn the_risk_panel_shows_each_crown_jewel_s_probability() {
    let (h, _dir) = hospital_with_risk();
    let s = &h.state().state;
    let r = s.risk.result.as_ref().unwrap();
    assert_eq!(r.jewels.len(), s.graph.crown_jewels().len());
    assert!(!r.jewels.is_empty());
    for j in &r.jewels {
        assert!((0.0..=1.0).contains(&j.risk.probability));
        assert!((0.0..=1.0).contains(&j.best_path));
        // Some path open is at least as likely as the best one open
        // (up to sampling noise).
        assert!(j.risk.probability + 4.0 * j.risk.stderr + 1e-9 >= j.best_path);
    }
    assert!((0.0..=1.0).contains(&r.any.probability));
    h.get_by_label("Any crown jewel");
    h.get_by_label("Attacker gets");
}

#[test]
fn an_edit_reruns_risk_and_cancel_stops_a_run() {
    let (mut h, _dir) = hospital_with_risk();
    let before = risk(&h).any.probability;
    // Cut every edge into the first crown jewel: its risk drops to 0.
    let s = &h.state().state;
    let jewel = s.risk.result.as_ref().unwrap().jewels[0].node;
    let into: Vec<_> = s
        .graph
        .edges()
        .filter(|e| e.to == jewel || (e.edge.bidirectional && e.from == jewel))
        .map(|e| e.id)
        .collect();
    assert!(!into.is_empty());
    for id in into {
        command(&mut h, Command::ToggleCut(id));
    }
    assert!(
        risk_view::stale(&h.state().state),
        "the old answer is shown greyed"
    );
    wait_for_risk(&mut h);
    let r = risk(&h);
    assert_eq!(r.jewels[0].risk.probability, 0.0);
    assert!(r.any.probability <= before);
    // Undo, then cancel the new run straight away: it stays cancelled.
    command(&mut h, Command::Undo);
    std::thread::sleep(risk_view::DEBOUNCE);
    h.run_steps(2);
    h.state_mut().state.risk.cancel();
    h.run_steps(3);
    assert!(!h.state().state.risk.running());
}

#[test]
fn the_tint_is_the_reach_probability_of_each_node() {
    let mut h = harness();
    let _dir = open(
        &mut h,
        "chain.json",
        r#"{"version": 1, "nodes": [{"id": "a", "entry": true}, {"id": "b"},
            {"id": "c", "crown_jewel": true}],
          "edges": [{"from": "a", "to": "b", "likelihood": 0.5},
                    {"from": "b", "to": "c", "likelihood": 0.5}]}"#,
    );
    command(&mut h, Command::ToggleRiskTint);
    wait_for_risk(&mut h);
    let s = &h.state().state;
    let exact = [("a", 1.0), ("b", 0.5), ("c", 0.25)];
    for (id, p) in exact {
        let got = s.risk.tint_of(s.graph.find(id).unwrap()).unwrap();
        // stderr ≤ 0.5/√20000 ≈ 0.0035
        assert!((got - p).abs() < 0.015, "{id}: {got} vs {p}");
    }
    let r = s.risk.result.as_ref().unwrap();
    assert!((r.jewels[0].risk.probability - 0.25).abs() < 0.015);
    assert!((r.jewels[0].best_path - 0.25).abs() < 1e-9);
}

#[test]
fn choke_points_are_listed_and_cutting_them_all_ends_the_risk() {
    let (mut h, _dir) = hospital_with_risk();
    let r = risk(&h);
    let edges = r.choke.edges.clone().expect("an edge cut exists");
    assert!(!edges.is_empty());
    assert!(h.state().state.risk.choke_edge(edges[0]));
    h.get_by_label("Choke points");
    assert!(h.query_all_by_label("cut this").count() >= edges.len());
    // Apply the whole edge cut, as the buttons do: nothing is reachable.
    for &id in &edges {
        command(&mut h, Command::ToggleCut(id));
    }
    wait_for_risk(&mut h);
    let after = risk(&h);
    assert_eq!(after.any.probability, 0.0);
    assert!(after.jewels.iter().all(|j| j.best_path == 0.0));
    assert!(r.any.probability > 0.0);
}

#[test]
fn cutting_a_choke_edge_shows_fewer_paths_and_lower_risk_in_the_deltas() {
    let (mut h, _dir) = hospital_with_risk();
    assert!(risk(&h).deltas.is_none());
    // The choke edge that most of the listed top paths use.
    let s = &h.state().state;
    let choke = s.risk.result.as_ref().unwrap().choke.edges.clone().unwrap();
    let uses = |e| s.paths.iter().filter(|p| p.edges.contains(&e)).count();
    let edge = *choke.iter().max_by_key(|&&e| uses(e)).unwrap();
    assert!(uses(edge) > 0);
    command(&mut h, Command::ToggleCut(edge));
    wait_for_risk(&mut h);
    let r = risk(&h);
    let (d, line) = r.deltas.expect("deltas after a cut");
    assert!(d.paths_removed > 0, "{line}");
    assert!(d.any_after.probability <= d.any_before.probability);
    assert!(
        d.jewels
            .iter()
            .any(|j| j.after.probability < j.before.probability),
        "{line}"
    );
    assert!(line.starts_with("Cutting "), "{line}");
    eprintln!("deltas: {line}");
    h.get_by_label(line.as_str());
    // Undo: no what-ifs, no deltas.
    command(&mut h, Command::Undo);
    wait_for_risk(&mut h);
    assert!(risk(&h).deltas.is_none());
}

#[test]
fn harden_and_cut_node_are_undoable_what_ifs_that_lower_the_risk() {
    let (mut h, _dir) = hospital_with_risk();
    let before = risk(&h);
    let s = &h.state().state;
    let top = s.paths[0].clone();
    // Harden the first hop of the most likely path by 0.5.
    let edge = top.edges[0];
    command(
        &mut h,
        Command::Harden {
            edge,
            factor: Some(0.5),
        },
    );
    assert_eq!(h.state().state.hardening(edge), Some(0.5));
    wait_for_risk(&mut h);
    let hard = risk(&h);
    assert!(hard.any.probability <= before.any.probability);
    let (d, line) = hard.deltas.clone().expect("deltas after hardening");
    assert!(
        d.any_after.probability <= d.any_before.probability,
        "{line}"
    );
    command(&mut h, Command::Undo);
    assert_eq!(h.state().state.hardening(edge), None);
    // Cut an intermediate node of that path: it leaves the paths.
    let node = top.nodes[1];
    command(&mut h, Command::ToggleCutNode(node));
    assert!(h.state().state.cut_nodes.contains(&node));
    assert!(
        h.state()
            .state
            .paths
            .iter()
            .all(|p| !p.nodes.contains(&node))
    );
    wait_for_risk(&mut h);
    let cut = risk(&h);
    assert!(cut.any.probability <= before.any.probability);
    assert!(cut.deltas.is_some());
    command(&mut h, Command::Undo);
    assert!(h.state().state.cut_nodes.is_empty());
    command(&mut h, Command::Redo);
    assert!(h.state().state.cut_nodes.contains(&node));
}

#[test]
fn a_saved_scenario_is_listed_compared_applied_and_undo_removes_it() {
    let (mut h, _dir) = hospital_with_risk();
    let base_any = risk(&h).any.probability;
    let edge = h.state().state.paths[0].edges[0];
    command(&mut h, Command::ToggleCut(edge));
    command(&mut h, Command::SaveScenario("cut top hop".into()));
    let saved = trustpath::analysis::scenarios(&h.state().state.graph).unwrap();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].cut_edges.len(), 1);
    assert!(h.state().state.is_dirty());
    wait_for_risk(&mut h);
    let r = risk(&h);
    assert_eq!(r.scenarios.len(), 1);
    assert_eq!(r.scenarios[0].0, "cut top hop");
    assert_eq!(r.scenarios[0].1.len(), r.jewels.len());
    // Same what-ifs, same seed: the scenario's column equals the current one.
    assert_eq!(r.scenarios[0].2.probability, r.any.probability);
    assert!(r.any.probability <= base_any);
    // Listed, and a column of the comparison table.
    assert!(h.query_all_by_label("cut top hop").count() >= 2);
    // Apply it after removing the cut by hand: the cut is back.
    command(&mut h, Command::ToggleCut(edge));
    assert!(h.state().state.cuts.is_empty());
    command(&mut h, Command::ApplyScenario("cut top hop".into()));
    assert_eq!(h.state().state.cuts, vec![edge]);
    // Undo the hand cut toggle, then the save: the scenario is gone.
    command(&mut h, Command::Undo);
    command(&mut h, Command::Undo);
    assert!(
        trustpath::analysis::scenarios(&h.state().state.graph)
            .unwrap()
            .is_empty()
    );
    wait_for_risk(&mut h);
    assert!(risk(&h).scenarios.is_empty());
}
