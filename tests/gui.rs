//! The desktop app driven as a user would, headless (egui_kittest): real
//! frames, real clicks and keys, assertions on the app's own state. Jobs run
//! on the worker threads as in the app; `settle` waits for their answers so
//! no test depends on timing. `run_steps(n)`, never `run()`: a spinner keeps
//! asking for frames while a job runs.

#![cfg(feature = "gui")]

mod common;
mod corpus;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use trustpath::app::{Command, TrustpathApp};
use trustpath::model::TrustGraph;

use common::{command, harness, settle};
use corpus::corpus_path;

fn node(h: &Harness<'static, TrustpathApp>, id: &str) -> petgraph::stable_graph::NodeIndex {
    h.state().state.graph.find(id).expect("sample node")
}

#[test]
fn starts_on_the_sample_laid_out_with_paths_listed() {
    let h = harness();
    let s = &h.state().state;
    assert!(s.title().starts_with("enterprise-35.json"), "{}", s.title());
    assert!(
        s.graph.nodes().all(|(_, n)| n.pos.is_some()),
        "every node laid out"
    );
    assert!(!s.paths.is_empty());
    let first = &s.paths[0];
    assert!(s.graph.node(first.nodes[0]).entry);
    assert!(s.graph.node(*first.nodes.last().unwrap()).crown_jewel);
    assert!(!s.paths_stale());
    h.get_by_label_contains("1. likelihood");
}

#[test]
fn clicking_a_path_highlights_it_and_arrow_keys_step_hops() {
    let mut h = harness();
    h.get_by_label_contains("1. likelihood").click();
    h.run_steps(2);
    assert_eq!(h.state().state.selected_path, Some(0));
    assert_eq!(h.state().state.hop, None);

    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    assert_eq!(h.state().state.hop, Some(0));
    h.key_press(Key::ArrowRight);
    h.run_steps(2);
    let s = &h.state().state;
    assert_eq!(s.hop, Some(1));
    let path = s.current_path().unwrap();
    let (a, b) = (
        &s.graph.node(path.nodes[1]).label,
        &s.graph.node(path.nodes[2]).label,
    );
    let caption = s.hop_caption().unwrap();
    assert!(caption.contains(&format!("{a} → {b}")), "{caption}");
    assert!(caption.contains("likelihood"), "{caption}");
    h.get_by_label_contains("Hop 2 of");

    h.key_press(Key::ArrowLeft);
    h.run_steps(2);
    assert_eq!(h.state().state.hop, Some(0));
    h.key_press(Key::ArrowDown);
    h.run_steps(2);
    assert_eq!(h.state().state.selected_path, Some(1));
    assert_eq!(h.state().state.hop, None);
}

#[test]
fn marking_a_new_entry_changes_the_paths_and_undo_restores_them() {
    let mut h = harness();
    let before = h.state().state.paths.clone();
    let ci = node(&h, "cicd");
    assert!(!h.state().state.graph.node(ci).entry);
    command(&mut h, Command::SetEntry { node: ci, on: true });
    let s = &h.state().state;
    assert!(s.graph.node(ci).entry);
    assert!(s.is_dirty());
    assert!(
        s.paths.iter().any(|p| p.nodes[0] == ci),
        "a path now starts at CI/CD"
    );
    assert_ne!(s.paths, before);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let s = &h.state().state;
    assert!(!s.graph.node(ci).entry);
    assert_eq!(s.paths, before);
}

/// Selects node `id`, focuses its label in the inspector and types `text`
/// (not committed yet); returns the node and its label before.
fn type_in_label(
    h: &mut common::H,
    id: &str,
    text: &str,
) -> (petgraph::stable_graph::NodeIndex, String) {
    let ix = node(h, id);
    let old = h.state().state.graph.node(ix).label.clone();
    command(
        h,
        Command::SelectNodes {
            nodes: vec![ix],
            additive: false,
        },
    );
    let field = h
        .get_all_by_role(egui::accesskit::Role::TextInput)
        .find(|n| n.accesskit_node().value().as_deref() == Some(old.as_str()))
        .expect("the label field");
    field.focus();
    field.type_text(text);
    h.run_steps(2);
    (ix, old)
}

#[test]
fn editing_a_label_in_the_inspector_is_one_undo_step() {
    let mut h = harness();
    let (git, old) = type_in_label(&mut h, "source-repo", " (on-prem)");
    // Typing alone changes nothing in the model: the edit lands on focus loss.
    assert_eq!(h.state().state.graph.node(git).label, old);
    h.key_press(Key::Tab);
    h.run_steps(3);
    let new = format!("{old} (on-prem)");
    assert_eq!(h.state().state.graph.node(git).label, new);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().state.graph.node(git).label, old);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run_steps(2);
    assert_eq!(h.state().state.graph.node(git).label, new);
}

/// A change made elsewhere while a field is being typed in (here the
/// context menu's "entry point") survives the field's commit.
#[test]
fn committing_a_typed_label_keeps_a_change_made_meanwhile() {
    let mut h = harness();
    let (git, old) = type_in_label(&mut h, "source-repo", " (on-prem)");
    assert!(!h.state().state.graph.node(git).entry);
    h.state_mut().state.push(Command::SetEntry {
        node: git,
        on: true,
    });
    h.run_steps(2);
    assert!(h.state().state.graph.node(git).entry);
    h.key_press(Key::Tab);
    h.run_steps(3);
    let n = h.state().state.graph.node(git);
    assert_eq!(n.label, format!("{old} (on-prem)"));
    assert!(n.entry, "the label's commit kept the entry flag");
}

#[test]
fn search_jumps_to_and_selects_the_match() {
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run_steps(2);
    assert!(h.state().state.search.open);
    h.get_by_role(egui::accesskit::Role::TextInput)
        .type_text("SCADA");
    h.run_steps(3);
    let s = &h.state().state;
    let scada = s.graph.find("scada").unwrap();
    assert!(s.search.matches.contains(&scada), "{:?}", s.search.matches);
    assert_eq!(s.selection.nodes.first(), s.search.matches.first());
}

#[test]
fn a_broken_file_keeps_the_graph_and_shows_the_error() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("broken.json");
    std::fs::write(&bad, "{\"version\": 1, \"nodes\": [").unwrap();
    let before: TrustGraph = h.state().state.graph.as_ref().clone();
    command(&mut h, Command::OpenPath(bad));
    let s = &h.state().state;
    assert_eq!(*s.graph, before);
    let banner = s.banner.as_ref().expect("an error banner");
    assert!(banner.is_error);
    assert!(
        banner.text.contains("broken.json") && banner.text.contains("line"),
        "{}",
        banner.text
    );
    assert!(!s.paths.is_empty());
    h.get_by_label_contains("Could not open");
}

#[test]
fn save_then_reopen_round_trips_and_clears_the_dirty_marker() {
    let mut h = harness();
    let ci = node(&h, "cicd");
    command(&mut h, Command::SetCrownJewel { node: ci, on: true });
    assert!(h.state().state.title().contains('•'));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("saved.json");
    command(&mut h, Command::SaveTo(path.clone()));
    let saved = h.state().state.graph.as_ref().clone();
    let s = &h.state().state;
    assert!(!s.is_dirty());
    assert_eq!(s.title(), "saved.json — trustpath");
    assert_eq!(s.settings.recent.first(), Some(&path));

    command(&mut h, Command::New);
    assert_eq!(h.state().state.graph.node_count(), 0);
    command(&mut h, Command::OpenPath(path));
    let s = &h.state().state;
    assert_eq!(*s.graph, saved, "positions, flags and unknown keys survive");
    assert!(s.graph.node(s.graph.find("cicd").unwrap()).crown_jewel);
}

#[test]
fn unsaved_changes_are_asked_about_before_opening_another_file() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.json");
    std::fs::write(&other, r#"{"version": 1, "nodes": [{"id": "a"}]}"#).unwrap();
    command(&mut h, Command::AddNode);
    command(&mut h, Command::OpenPath(other));
    assert!(h.state().state.confirm.is_some());
    assert!(
        h.state().state.graph.node_count() > 1,
        "nothing replaced yet"
    );
    h.get_by_label("Discard changes").click();
    settle(&mut h);
    assert_eq!(h.state().state.graph.node_count(), 1);
}

#[test]
fn cutting_an_edge_reroutes_the_paths_and_is_undoable() {
    let mut h = harness();
    let first = h.state().state.paths[0].clone();
    let edge = first.edges[0];
    command(&mut h, Command::ToggleCut(edge));
    let s = &h.state().state;
    assert!(s.paths.iter().all(|p| !p.edges.contains(&edge)));
    assert!(!s.is_dirty(), "a what-if cut is not an edit of the file");
    command(&mut h, Command::Undo);
    assert_eq!(h.state().state.paths[0], first);
}

#[test]
fn dragging_a_node_moves_it_in_one_undo_step() {
    let mut h = harness();
    let s = &h.state().state;
    let ix = s.paths[0].nodes[0];
    let p = s.graph.node(ix).pos.unwrap();
    let tf = trustpath::app::canvas::Transform::of_camera(s);
    let from = tf.screen_from_graph(p);
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=5 {
        h.hover_at(from + egui::vec2(10.0 * i as f32, 6.0 * i as f32));
        h.run_steps(1);
    }
    h.drop_at(from + egui::vec2(50.0, 30.0));
    h.run_steps(2);
    let moved = h.state().state.graph.node(ix).pos.unwrap();
    assert!(
        moved[0] > p[0] + 1.0 && moved[1] > p[1] + 1.0,
        "{p:?} → {moved:?}"
    );
    command(&mut h, Command::Undo);
    assert_eq!(h.state().state.graph.node(ix).pos, Some(p));
}

#[test]
fn the_stats_panel_sets_the_whole_beside_the_parts() {
    let mut h = harness();
    command(
        &mut h,
        Command::TogglePanel(trustpath::app::command::PanelId::Stats),
    );
    let stats = h.state().state.stats.clone().expect("stats computed");
    assert_eq!(stats.nodes, 35);
    assert_eq!(stats.undirected_pairs, 35 * 34 / 2);
    assert!(stats.connected_pairs > 0);
    h.get_by_label("Whole vs parts");
    h.get_by_label("595");
}

#[test]
fn blast_radius_marks_every_reached_node_with_its_distance() {
    let mut h = harness();
    let laptops = node(&h, "dev-laptops");
    command(
        &mut h,
        Command::Reach {
            node: laptops,
            dir: trustpath::app::command::ReachDir::Forward,
        },
    );
    let s = &h.state().state;
    let reach = s.reach.as_ref().expect("reach overlay");
    assert_eq!(reach.hops.get(&laptops), Some(&0));
    let first = &s.paths[0];
    assert_eq!(
        first.nodes[0], laptops,
        "the top path starts at the laptops"
    );
    for (i, ix) in first.nodes.iter().enumerate() {
        assert!(
            reach.hops[ix] <= i,
            "a node {i} hops along a path is at most {i} away"
        );
    }
}

#[test]
fn opening_a_threat_dragon_model_imports_it_unsaved() {
    let mut h = harness();
    let path = corpus_path("threat-dragon/generic-cms.json");
    command(&mut h, Command::OpenPath(path));
    let s = &h.state().state;
    assert!(s.graph.node_count() > 3, "{} nodes", s.graph.node_count());
    assert!(!s.graph.entries().is_empty() && !s.graph.crown_jewels().is_empty());
    assert!(
        s.graph.nodes().all(|(_, n)| n.pos.is_some()),
        "every node placed"
    );
    assert!(
        !s.paths.is_empty(),
        "paths from the proposed entries to the stores"
    );
    assert_eq!(s.file, None, "Save must ask for a new trustpath file");
    assert!(
        s.title().starts_with("generic-cms.json (imported)"),
        "{}",
        s.title()
    );
    let banner = s.banner.as_ref().expect("an import banner");
    assert!(
        !banner.is_error && banner.text.contains("Threat Dragon"),
        "{}",
        banner.text
    );
    h.get_by_label_contains("Imported generic-cms.json");
}

#[test]
fn a_broken_threat_dragon_model_keeps_the_graph_and_shows_the_error() {
    let mut h = harness();
    let before: TrustGraph = h.state().state.graph.as_ref().clone();
    let path = corpus_path("threat-dragon/broken-v2-malformed-new-model.json");
    command(&mut h, Command::OpenPath(path));
    let s = &h.state().state;
    assert_eq!(*s.graph, before);
    let banner = s.banner.as_ref().expect("an error banner");
    assert!(banner.is_error, "{}", banner.text);
    assert!(
        banner.text.contains("Threat Dragon file"),
        "{}",
        banner.text
    );
    h.get_by_label_contains("Could not import");
}

#[test]
fn an_imported_csv_without_positions_is_laid_out() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("edges.csv");
    std::fs::write(
        &csv,
        "from,to,kind,likelihood\nvpn,web,network,0.5\nweb,db,data,0.4\n",
    )
    .unwrap();
    command(&mut h, Command::OpenPath(csv));
    let s = &h.state().state;
    assert_eq!(s.graph.node_count(), 3);
    assert!(
        s.graph.nodes().all(|(_, n)| n.pos.is_some()),
        "laid out on open"
    );
    assert!(!s.is_dirty(), "the start-up layout is not an edit");
    assert!(
        s.title().starts_with("edges.csv (imported)"),
        "{}",
        s.title()
    );
}

fn positions(h: &Harness<'static, TrustpathApp>) -> Vec<(String, Option<[f64; 2]>)> {
    let g = &h.state().state.graph;
    g.nodes().map(|(_, n)| (n.id.clone(), n.pos)).collect()
}

#[test]
fn force_layout_glides_and_one_undo_restores_every_position() {
    let mut h = harness();
    let before = positions(&h);
    command(
        &mut h,
        Command::SetLayout(trustpath::layout::Algorithm::Force),
    );
    let after = positions(&h);
    let moved = before.iter().zip(&after).filter(|(a, b)| a != b).count();
    assert!(
        moved > before.len() / 2,
        "{moved} of {} moved",
        before.len()
    );
    assert!(h.state().state.is_dirty(), "a layout is an edit");
    // The glide ends by itself (egui time advances with each step).
    for _ in 0..60 {
        h.step();
    }
    assert!(!h.state().state.layout_view.animating());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(positions(&h), before, "one undo step restores them all");
    assert!(!h.state().state.can_undo(), "the layout was the only step");
}

#[test]
fn zone_layout_draws_one_region_per_zone_until_a_node_moves() {
    let mut h = harness();
    command(
        &mut h,
        Command::SetLayout(trustpath::layout::Algorithm::Zones),
    );
    let s = &h.state().state;
    let zones = s.graph.distinct(|n| n.zone.as_str());
    let regions = s.layout_view.regions.len();
    assert!(regions >= zones.iter().filter(|z| !z.is_empty()).count());
    // A rename leaves every region standing.
    let ix = h.state().state.graph.nodes().next().unwrap().0;
    let mut renamed = h.state().state.graph.node(ix).clone();
    renamed.label.push_str(" (renamed)");
    let id = renamed.id.clone();
    command(
        &mut h,
        Command::Edit(Box::new(trustpath::model::Edit::SetNode {
            id: id.clone(),
            node: renamed,
        })),
    );
    assert_eq!(h.state().state.layout_view.regions.len(), regions);
    // Moving a node far out of its zone drops that zone's region.
    move_node(&mut h, id, [1e6, 1e6]);
    let s = &h.state().state;
    let zone = &s.graph.node(ix).zone;
    let name = if zone.is_empty() {
        "unzoned"
    } else {
        zone.as_str()
    };
    assert!(s.layout_view.regions.iter().all(|r| r.name != name));
    assert_eq!(s.layout_view.regions.len(), regions - 1);
    // Undo puts the node back but not the region; a relayout, which then
    // moves nothing, brings it back.
    command(&mut h, Command::Undo);
    assert_eq!(h.state().state.layout_view.regions.len(), regions - 1);
    command(&mut h, Command::Relayout);
    assert_eq!(h.state().state.layout_view.regions.len(), regions);
}

/// Moves node `id` to `to` as a drag would: one edit, then settled.
fn move_node(h: &mut common::H, id: String, to: [f64; 2]) {
    command(
        h,
        Command::Edit(Box::new(trustpath::model::Edit::SetPositions(vec![(
            id,
            Some(to),
        )]))),
    );
}

/// Bends of the edges at the node, and of the others.
fn bends_split(h: &common::H, ix: petgraph::stable_graph::NodeIndex) -> (usize, usize) {
    let g = &h.state().state.graph;
    let bent = |at: bool| {
        g.edges()
            .filter(|e| (e.from == ix || e.to == ix) == at)
            .filter(|e| !e.edge.bends.is_empty())
            .count()
    };
    (bent(true), bent(false))
}

#[test]
fn moving_a_node_straightens_only_its_own_routed_edges_and_undo_bends_them_back() {
    let mut h = harness();
    let g = &h.state().state.graph;
    // The node with the most routed edges.
    let ix = g
        .nodes()
        .map(|(ix, _)| ix)
        .max_by_key(|&ix| bends_split(&h, ix).0)
        .unwrap();
    let (own, others) = bends_split(&h, ix);
    assert!(
        own > 0 && others > 0,
        "the sample's layered drawing routes edges"
    );
    let id = g.node(ix).id.clone();
    move_node(&mut h, id, [0.0, 0.0]);
    assert_eq!(bends_split(&h, ix), (0, others));
    command(&mut h, Command::Undo);
    assert_eq!(bends_split(&h, ix), (own, others));
}

#[test]
fn flow_top_to_bottom_puts_entries_above_crown_jewels() {
    let mut h = harness();
    command(
        &mut h,
        Command::SetLayout(trustpath::layout::Algorithm::Layered),
    );
    command(
        &mut h,
        Command::SetFlow(trustpath::layout::Flow::TopToBottom),
    );
    let s = &h.state().state;
    let y = |ix| s.graph.node(ix).pos.unwrap()[1];
    let entry_max = s
        .graph
        .entries()
        .into_iter()
        .map(y)
        .fold(f64::MIN, f64::max);
    let jewel_min = s
        .graph
        .crown_jewels()
        .into_iter()
        .map(y)
        .fold(f64::MAX, f64::min);
    assert!(entry_max < jewel_min, "{entry_max} < {jewel_min}");
}

#[test]
fn ctrl_e_opens_the_export_window_and_svg_export_names_the_highlighted_path() {
    use quick_xml::events::Event;
    let mut h = harness();
    h.key_press_modifiers(Modifiers::COMMAND, Key::E);
    h.run_steps(2);
    assert!(h.state().state.export.open);
    h.get_by_label("Export to file…");
    command(&mut h, Command::SelectPath(Some(1)));
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("paths.svg");
    {
        let e = &mut h.state_mut().state.export;
        e.highlight = trustpath::app::export_dialog::HighlightChoice::Selected;
        e.scope = trustpath::app::export_dialog::ScopeChoice::Highlighted;
    }
    command(&mut h, Command::ExportTo(out.clone()));
    let s = &h.state().state;
    let banner = s.banner.as_ref().expect("a banner");
    assert!(!banner.is_error, "{}", banner.text);
    assert!(
        !s.export.open,
        "the window closes after a successful export"
    );
    let svg = std::fs::read_to_string(&out).unwrap();
    let mut reader = quick_xml::Reader::from_str(&svg);
    let (mut root, mut ids) = (None, std::collections::BTreeSet::new());
    loop {
        match reader.read_event().expect("well-formed SVG") {
            Event::Start(e) | Event::Empty(e) => {
                if root.is_none() {
                    root = Some(String::from_utf8_lossy(e.name().as_ref()).into_owned());
                }
                if let Ok(Some(a)) = e.try_get_attribute("data-id") {
                    ids.insert(String::from_utf8_lossy(&a.value).into_owned());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(root.as_deref(), Some("svg"));
    let path = &s.paths[1];
    for ix in &path.nodes {
        let id = &s.graph.node(*ix).id;
        assert!(ids.contains(id), "{id} drawn in the SVG: {ids:?}");
    }
    // Scope "highlighted": nodes far from the path are left out.
    assert!(
        ids.len() < s.graph.node_count(),
        "{} of {}",
        ids.len(),
        s.graph.node_count()
    );
}

#[test]
fn a_failed_export_shows_the_error() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing-dir").join("x.dot");
    command(&mut h, Command::ExportTo(out));
    let banner = h.state().state.banner.clone().expect("a banner");
    assert!(
        banner.is_error && banner.text.contains("Could not export"),
        "{}",
        banner.text
    );
}

#[test]
fn the_clipboard_image_is_the_png_drawing() {
    let mut h = harness();
    h.state_mut().state.export.scale = 1.0;
    let image = trustpath::app::export_dialog::clipboard_image(&h.state().state).unwrap();
    assert!(
        image.size[0] > 100 && image.size[1] > 100,
        "{:?}",
        image.size
    );
    // White background: the corner pixel is opaque white.
    assert_eq!(image.pixels[0], egui::Color32::WHITE);
}

/// Every positioned node's centre lies inside the canvas.
fn all_nodes_in_view(h: &common::H) -> bool {
    let s = &h.state().state;
    let tf = trustpath::app::canvas::Transform::of_camera(s);
    s.graph
        .nodes()
        .filter_map(|(_, n)| n.pos)
        .all(|p| s.canvas_rect.contains(tf.screen_from_graph(p)))
}

#[test]
fn a_view_nobody_moved_is_fitted_again_when_the_window_grows() {
    let mut h = harness();
    let small = h.state().state.camera.zoom;
    h.set_size(egui::vec2(1920.0, 1080.0));
    settle(&mut h);
    let s = &h.state().state;
    assert!(s.camera.zoom > small * 1.2, "{} → {}", small, s.camera.zoom);
    assert!(s.canvas_rect.width() > 1500.0);
    assert!(all_nodes_in_view(&h));
    // Once the user zooms, a resize keeps their view.
    command(&mut h, Command::ZoomIn);
    let zoomed = h.state().state.camera.zoom;
    h.set_size(egui::vec2(1280.0, 800.0));
    settle(&mut h);
    assert_eq!(h.state().state.camera.zoom, zoomed);
}

#[test]
fn shift_dragging_a_box_adds_the_nodes_inside_to_the_selection() {
    use trustpath::app::canvas::{Transform, hit_test};
    let mut h = harness();
    // Selecting opens the inspector, which moves the canvas: select first,
    // then measure.
    let a = h.state().state.graph.nodes().next().unwrap().0;
    command(
        &mut h,
        Command::SelectNodes {
            nodes: vec![a],
            additive: false,
        },
    );
    let s = &h.state().state;
    let tf = Transform::of_camera(s);
    let centres: Vec<_> = s
        .graph
        .nodes()
        .filter_map(|(ix, n)| Some((ix, tf.screen_from_graph(n.pos?))))
        .filter(|(_, c)| s.canvas_rect.contains(*c))
        .collect();
    let margin = tf.node_half() + egui::vec2(6.0, 6.0);
    // Another node whose box corners lie on the background and hold no
    // other node.
    let (b, from, to) = centres
        .iter()
        .filter(|(ix, _)| *ix != a)
        .find_map(|&(ix, c)| {
            let area = egui::Rect::from_center_size(c, margin * 2.0);
            let alone = centres.iter().filter(|(_, p)| area.contains(*p)).count() == 1;
            let background =
                s.canvas_rect.contains_rect(area) && hit_test(s, &tf, area.min).is_none();
            (alone && background).then_some((ix, area.min, area.max))
        })
        .expect("some node stands alone");
    shift_box(&mut h, from, to);
    let selected = &h.state().state.selection.nodes;
    assert_eq!(selected.len(), 2, "{selected:?}, a {a:?} b {b:?}");
    assert!(selected.contains(&a) && selected.contains(&b));
    // Boxing a selected node again keeps it selected.
    shift_box(&mut h, from, to);
    let selected = &h.state().state.selection.nodes;
    assert_eq!(selected.len(), 2, "{selected:?}, a {a:?} b {b:?}");
    assert!(selected.contains(&a) && selected.contains(&b));
}

/// Shift+drag from `from` to `to` on the canvas, released, settled.
fn shift_box(h: &mut common::H, from: egui::Pos2, to: egui::Pos2) {
    h.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    h.hover_at(from);
    h.run_steps(1);
    h.event(egui::Event::PointerButton {
        pos: from,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::SHIFT,
    });
    h.run_steps(1);
    for i in 1..=4 {
        h.hover_at(from + (to - from) * (i as f32 / 4.0));
        h.run_steps(1);
    }
    h.drop_at(to);
    h.run_steps(1);
    h.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    settle(h);
}

/// A layout still running for the last file never lands on the next one.
#[test]
fn opening_a_file_during_a_relayout_keeps_the_new_files_positions() {
    let mut h = harness();
    let dir = tempfile::tempdir().unwrap();
    let laid = dir.path().join("laid.json");
    let mut next = h.state().state.graph.as_ref().clone();
    for (i, ix) in next
        .nodes()
        .map(|(ix, _)| ix)
        .collect::<Vec<_>>()
        .into_iter()
        .enumerate()
    {
        next.set_pos(ix, Some([i as f64 * 300.0, 0.0])).unwrap();
    }
    trustpath::io::save_file(&laid, &next).unwrap();
    command(
        &mut h,
        Command::SetLayout(trustpath::layout::Algorithm::Circular),
    );
    // The relayout is submitted this frame and still runs when B opens.
    h.state_mut().state.push(Command::Relayout);
    h.run_steps(1);
    let layout = trustpath::app::jobs::JobKind::Layout;
    assert!(h.state().state.jobs.running_since(layout).is_some());
    let g = trustpath::io::load_file(&laid).unwrap();
    h.state_mut()
        .state
        .replace_graph(g.clone(), Some(laid), "laid");
    settle(&mut h);
    let s = &h.state().state;
    assert!(!s.can_undo());
    for (ix, n) in s.graph.nodes() {
        assert_eq!(n.pos, g.node(ix).pos, "{}", n.id);
    }
}

/// Jobs share the app's graph instead of copying it; an edit made while
/// none runs changes it in place rather than copying it first.
#[test]
fn an_edit_while_no_job_runs_does_not_copy_the_graph() {
    let mut h = harness();
    let before = std::sync::Arc::as_ptr(&h.state().state.graph);
    let id = h.state().state.graph.nodes().next().unwrap().1.id.clone();
    move_node(&mut h, id, [1.0, 2.0]);
    let s = &h.state().state;
    assert!(s.can_undo());
    assert_eq!(std::sync::Arc::as_ptr(&s.graph), before);
}

/// Ticking a checkbox commits the node, but the tags text the user did not
/// touch is not parsed again: a tag holding a comma stays one tag.
#[test]
fn a_commit_leaves_untouched_tags_as_they_are() {
    let mut h = harness();
    let git = node(&h, "source-repo");
    let mut tagged = h.state().state.graph.node(git).clone();
    tagged.tags = vec!["pci, sox".into(), " spaced ".into()];
    let id = tagged.id.clone();
    command(
        &mut h,
        Command::Edit(Box::new(trustpath::model::Edit::SetNode {
            id,
            node: tagged,
        })),
    );
    command(
        &mut h,
        Command::SelectNodes {
            nodes: vec![git],
            additive: false,
        },
    );
    h.get_by_label("Pinned").click();
    h.run_steps(3);
    let n = h.state().state.graph.node(git);
    assert!(n.pinned);
    assert_eq!(n.tags, ["pci, sox", " spaced "]);
}
