//! Workshop / presentation mode driven with the keyboard as a facilitator
//! would (egui_kittest, headless): enter with F5, step with the arrows and a
//! clicker's PageDown, cut the current hop live and undo it, reveal, leave
//! with Esc. Image snapshots need wgpu (off), so the layout is checked on
//! what the mode computes: after the camera glide, the spotlit nodes are on
//! screen and clear of the caption bar at 1280×720 and 1920×1080.
#![cfg(feature = "gui")]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use trustpath::app::{TrustpathApp, present};

mod common;

use common::settle;

fn harness(w: f32, h: f32) -> Harness<'static, TrustpathApp> {
    common::harness_with(Some("sample-graphs/hospital.json".into()), w, h)
}

fn key(h: &mut Harness<'static, TrustpathApp>, k: Key) {
    h.key_press(k);
    settle(h);
}

fn enter(h: &mut Harness<'static, TrustpathApp>) {
    assert!(!h.state().state.paths.is_empty(), "hospital has paths");
    key(h, Key::F5);
    let s = &h.state().state;
    assert!(s.present.active, "F5 enters the mode");
    assert_eq!((s.selected_path, s.hop), (Some(0), None));
}

/// The spotlit nodes are on the canvas, inside it, and clear of the
/// caption bar and the legend.
fn assert_spotlight_clear(h: &Harness<'static, TrustpathApp>) {
    let s = &h.state().state;
    let r = present::regions(s);
    let spots = present::spotlight_rects(s);
    assert!(!spots.is_empty(), "something is spotlit");
    for spot in spots {
        assert!(
            !spot.intersects(r.caption),
            "{spot:?} under the caption {:?}",
            r.caption
        );
        assert!(!spot.intersects(r.legend), "{spot:?} under the legend");
        assert!(r.canvas.contains_rect(spot), "{spot:?} off screen");
    }
}

#[test]
fn f5_enters_arrows_step_hops_and_esc_leaves() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    // The first path of two hops or more (↓ moves between paths).
    while h.state().state.current_path().unwrap().hops() < 2 {
        key(&mut h, Key::ArrowDown);
    }
    let path = h.state().state.selected_path;
    key(&mut h, Key::ArrowRight);
    assert_eq!(h.state().state.hop, Some(0));
    key(&mut h, Key::ArrowRight);
    assert_eq!(
        (h.state().state.selected_path, h.state().state.hop),
        (path, Some(1))
    );
    let (first, second) = present::story::caption(&h.state().state);
    let s = &h.state().state;
    let p = s.current_path().unwrap();
    let (a, b) = (
        &s.graph.node(p.nodes[1]).label,
        &s.graph.node(p.nodes[2]).label,
    );
    assert!(first.contains(&format!("{a} → {b}")), "{first}");
    assert!(first.contains("— likelihood"), "{first}");
    let jewel = &s.graph.node(*p.nodes.last().unwrap()).label;
    let n = s.paths.len();
    assert!(
        second.starts_with(&format!("Path {} of {n} → {jewel}", path.unwrap() + 1)),
        "{second}"
    );
    assert!(
        second.contains("hop 2 of") && second.contains("so far"),
        "{second}"
    );
    key(&mut h, Key::ArrowLeft);
    assert_eq!(h.state().state.hop, Some(0));
    key(&mut h, Key::Escape);
    assert!(!h.state().state.present.active, "Esc leaves");
    assert_eq!(h.state().state.hop, Some(0), "leaving keeps the place");
}

#[test]
fn a_clicker_walks_on_into_the_next_path_and_back() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    let hops = h.state().state.paths[0].hops();
    for _ in 0..hops {
        key(&mut h, Key::PageDown);
    }
    assert_eq!(h.state().state.hop, Some(hops - 1));
    key(&mut h, Key::PageDown);
    let s = &h.state().state;
    assert_eq!((s.selected_path, s.hop), (Some(1), None));
    key(&mut h, Key::PageUp);
    let s = &h.state().state;
    assert_eq!((s.selected_path, s.hop), (Some(0), Some(hops - 1)));
    key(&mut h, Key::End);
    let s = &h.state().state;
    assert_eq!(s.selected_path, Some(s.paths.len() - 1));
    key(&mut h, Key::Home);
    assert_eq!(h.state().state.selected_path, Some(0));
}

#[test]
fn c_cuts_the_current_hop_the_paths_change_and_undo_restores_them() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    key(&mut h, Key::ArrowRight);
    let before = h.state().state.paths.clone();
    let edge = before[0].edges[0];
    let users = before.iter().filter(|p| p.edges.contains(&edge)).count();
    key(&mut h, Key::C);
    let s = &h.state().state;
    assert_eq!(s.cuts, vec![edge]);
    assert!(!s.paths_stale());
    assert!(s.paths.iter().all(|p| !p.edges.contains(&edge)));
    assert_ne!(s.paths, before);
    let news = s.present.news.as_ref().expect("banner");
    assert!(
        news.text
            .ends_with(&format!("removes {users} of {} paths", before.len())),
        "{}",
        news.text
    );
    assert_eq!(news.dying.len(), users);
    let banner = present::story::banner_text(s, news);
    assert!(banner.contains("best path now"), "{banner}");
    // The banner row pushes the stage down; the hop still clears it all.
    key(&mut h, Key::ArrowRight);
    assert_spotlight_clear(&h);

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let s = &h.state().state;
    assert!(s.cuts.is_empty(), "Ctrl+Z lifts the cut");
    assert_eq!(s.paths, before);
    assert!(s.present.active, "undo stays in the mode");
}

#[test]
fn clicking_an_edge_cuts_it_and_u_undoes() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    key(&mut h, Key::ArrowRight);
    let s = &h.state().state;
    let edge = s.paths[0].edges[0];
    let tf = trustpath::app::canvas::Transform::of_camera(s);
    let e = s.graph.edge(edge).unwrap();
    let pts = trustpath::app::canvas::edge_points(s, &tf, &e);
    let mid = pts[0].lerp(pts[1], 0.5);
    h.hover_at(mid);
    h.run_steps(1);
    h.event(egui::Event::PointerButton {
        pos: mid,
        button: egui::PointerButton::Primary,
        pressed: true,
        modifiers: Modifiers::NONE,
    });
    h.event(egui::Event::PointerButton {
        pos: mid,
        button: egui::PointerButton::Primary,
        pressed: false,
        modifiers: Modifiers::NONE,
    });
    settle(&mut h);
    assert_eq!(h.state().state.cuts, vec![edge], "the click cut the edge");
    key(&mut h, Key::U);
    assert!(h.state().state.cuts.is_empty(), "U undoes");
}

#[test]
fn reveal_starts_from_entries_and_jewels_and_adds_each_path() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    key(&mut h, Key::R);
    let shown = |h: &Harness<'static, TrustpathApp>| {
        let s = &h.state().state;
        s.graph
            .nodes()
            .filter(|(ix, _)| s.present.node_alpha(s, *ix).is_some())
            .map(|(ix, _)| ix)
            .collect::<std::collections::BTreeSet<_>>()
    };
    let s = &h.state().state;
    assert!(s.present.reveal);
    assert_eq!(s.selected_path, None);
    let ends: std::collections::BTreeSet<_> = s
        .graph
        .entries()
        .into_iter()
        .chain(s.graph.crown_jewels())
        .collect();
    assert_eq!(shown(&h), ends, "only entries and crown jewels at first");
    key(&mut h, Key::ArrowRight);
    let s = &h.state().state;
    let first = s.paths[0].clone();
    let after = shown(&h);
    assert!(first.nodes.iter().all(|ix| after.contains(ix)));
    assert!(
        first
            .edges
            .iter()
            .all(|e| s.present.edge_alpha(s, *e) == Some(1.0)),
        "faded in fully after the settle"
    );
    key(&mut h, Key::ArrowDown);
    let s = &h.state().state;
    let second = &s.paths[1];
    let grown = shown(&h);
    assert!(second.nodes.iter().all(|ix| grown.contains(ix)));
    assert!(first.nodes.iter().all(|ix| grown.contains(ix)), "kept");
    assert!(grown.len() < s.graph.node_count(), "not the whole hairball");
}

#[test]
fn type_scale_is_clamped_and_remembered_in_settings() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    let start = h.state().state.settings.present_scale;
    key(&mut h, Key::CloseBracket);
    assert_eq!(h.state().state.settings.present_scale, start + 0.25);
    for _ in 0..10 {
        h.key_press(Key::CloseBracket);
    }
    settle(&mut h);
    assert_eq!(h.state().state.settings.present_scale, present::SCALE_MAX);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    settle(&mut h);
    assert_eq!(
        h.state().state.settings.present_scale,
        present::SCALE_MAX - 0.25
    );
    assert_spotlight_clear(&h);
}

#[test]
fn h_hardens_the_current_hop_the_likelihood_drops_and_undo_restores_it() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    key(&mut h, Key::ArrowRight);
    let before = h.state().state.paths.clone();
    let path = before[0].clone();
    let edge = path.edges[0];
    key(&mut h, Key::H);
    let s = &h.state().state;
    assert_eq!(s.hardened, vec![(edge, present::story::HARDEN_FACTOR)]);
    assert!(!s.paths_stale());
    assert_ne!(s.paths, before, "the answer changed");
    let halved = path.likelihood * present::story::HARDEN_FACTOR;
    match s.paths.iter().find(|p| p.edges == path.edges) {
        // Still listed: at half its likelihood.
        Some(now) => assert!((now.likelihood - halved).abs() < 1e-9),
        // Or it dropped out of the list: below every path still listed.
        None => assert!(s.paths.iter().all(|p| p.likelihood >= halved - 1e-9)),
    }
    let news = s.present.news.as_ref().expect("banner");
    assert!(news.text.starts_with("Hardening "), "{}", news.text);
    assert!(news.text.contains("path 1 likelihood"), "{}", news.text);
    let banner = present::story::banner_text(s, news);
    assert!(banner.contains("best path now"), "{banner}");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(&mut h);
    let s = &h.state().state;
    assert!(s.hardened.is_empty(), "Ctrl+Z lifts the hardening");
    assert_eq!(s.paths, before);
    assert!(s.present.active, "undo stays in the mode");
}

#[test]
fn question_mark_shows_the_keys_and_esc_closes_them_first() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    key(&mut h, Key::Questionmark);
    assert!(h.state().state.present.help);
    key(&mut h, Key::Escape);
    let s = &h.state().state;
    assert!(
        !s.present.help && s.present.active,
        "Esc closes the overlay first"
    );
}

/// Walks the three most likely paths to the EHR hop by hop (T picks the
/// EHR as the target) and checks every step's layout at `w`×`h`.
fn walk_three_paths_to_the_ehr(w: f32, h_px: f32) {
    let mut h = harness(w, h_px);
    enter(&mut h);
    let ehr = h.state().state.graph.find("ehr").unwrap();
    while h.state().state.query.targets != Some(vec![ehr]) {
        key(&mut h, Key::T);
    }
    key(&mut h, Key::ArrowRight); // the list was recomputed: path 1
    let s = &h.state().state;
    assert!(s.paths.len() >= 3);
    assert!(s.paths.iter().all(|p| p.nodes.last() == Some(&ehr)));
    assert_eq!((s.selected_path, s.hop), (Some(0), None));
    let (_, second) = present::story::caption(s);
    assert!(
        second.contains("→ Electronic Health Record (EHR)"),
        "{second}"
    );
    assert_spotlight_clear(&h);
    for path in 0..3 {
        let hops = h.state().state.paths[path].hops();
        for hop in 0..hops {
            key(&mut h, Key::ArrowRight);
            let s = &h.state().state;
            assert_eq!((s.selected_path, s.hop), (Some(path), Some(hop)));
            assert!(s.present.glide.is_none(), "the glide has ended");
            assert_spotlight_clear(&h);
        }
        key(&mut h, Key::ArrowRight);
    }
}

#[test]
fn walking_three_paths_at_1280x720_keeps_the_hop_clear_of_the_caption() {
    walk_three_paths_to_the_ehr(1280.0, 720.0);
}

#[test]
fn walking_three_paths_at_1920x1080_keeps_the_hop_clear_of_the_caption() {
    walk_three_paths_to_the_ehr(1920.0, 1080.0);
}

#[test]
fn the_toolbar_button_enters_and_an_idle_mode_stops_repainting() {
    let mut h = harness(1280.0, 720.0);
    h.get_by_label_contains("Present").click();
    settle(&mut h);
    assert!(h.state().state.present.active, "the button enters the mode");
    key(&mut h, Key::ArrowRight);
    // Once the glide has ended nothing asks for frames: `run` settles.
    assert!(h.try_run().is_ok(), "an idle presentation keeps repainting");
    assert!(h.state().state.present.glide.is_none());
}

#[test]
fn the_models_callouts_show_in_the_mode_in_its_larger_type() {
    let mut h = harness(1280.0, 720.0);
    let s = &h.state().state;
    let at = s.graph.node(s.paths[0].nodes[0]).pos.unwrap();
    let text = "No MFA on the vendor VPN";
    h.state_mut()
        .state
        .add_callout(trustpath::annotate::Callout {
            text: text.into(),
            pos: [at[0] + 40.0, at[1] + 40.0],
            color: None,
        });
    settle(&mut h);
    let size_of = |h: &Harness<'static, TrustpathApp>| {
        common::painted_texts(h)
            .into_iter()
            .find(|(t, _)| t == text)
            .map(|(_, px)| px)
    };
    let explorer = size_of(&h).expect("the explorer paints the callout");
    enter(&mut h);
    let mode = size_of(&h).expect("the mode paints the callout");
    assert!(mode >= explorer * 1.1, "{explorer} px → {mode} px");
}

#[test]
fn cutting_a_hop_the_best_path_avoids_says_the_best_is_unchanged() {
    let mut h = harness(1280.0, 720.0);
    enter(&mut h);
    let best = h.state().state.paths[0].clone();
    key(&mut h, Key::ArrowDown);
    key(&mut h, Key::ArrowRight);
    let s = &h.state().state;
    let hop = s.current_path().unwrap().edges[0];
    assert!(
        !best.edges.contains(&hop),
        "the hospital's second path leaves the first"
    );
    key(&mut h, Key::C);
    let s = &h.state().state;
    let banner = present::story::banner_text(s, s.present.news.as_ref().unwrap());
    let still = format!(
        "best path still {}",
        trustpath::app::state::fmt_likelihood(best.likelihood)
    );
    assert!(banner.contains(&still), "{banner}");
}

/// A saved path shown in the explorer is what the mode presents first, hop
/// by hop under its name, and the listed paths follow.
#[test]
fn a_saved_path_shown_in_the_explorer_is_presented_first() {
    let mut h = harness(1280.0, 720.0);
    // The third listed path, saved under a name the facilitator chose.
    let third = h.state().state.paths[2].clone();
    let g = &h.state().state.graph;
    let nodes = third
        .nodes
        .iter()
        .map(|ix| g.node(*ix).id.clone())
        .collect();
    let s = &mut h.state_mut().state;
    assert!(s.save_path(trustpath::annotate::SavedPath {
        name: "The vendor route".into(),
        nodes,
        note: String::new(),
        color: None,
    }));
    s.show_saved_path(Some(0));
    settle(&mut h);
    key(&mut h, Key::F5);
    let s = &h.state().state;
    assert!(s.present.active);
    assert_eq!((s.selected_path, s.current_path()), (None, Some(&third)));
    for hop in 0..third.hops() {
        key(&mut h, Key::ArrowRight);
        let s = &h.state().state;
        assert_eq!(s.hop, Some(hop));
        let (_, place) = present::story::caption(s);
        assert!(
            place.starts_with("Saved path “The vendor route”"),
            "{place}"
        );
        assert_spotlight_clear(&h);
    }
    key(&mut h, Key::ArrowLeft);
    assert_eq!(h.state().state.hop, third.hops().checked_sub(2));
    key(&mut h, Key::ArrowRight);
    // Past its last hop: the listed paths, and back.
    key(&mut h, Key::ArrowRight);
    let s = &h.state().state;
    assert_eq!((s.selected_path, s.hop), (Some(0), None));
    key(&mut h, Key::ArrowLeft);
    let s = &h.state().state;
    assert_eq!(
        (s.selected_path, s.hop),
        (None, third.hops().checked_sub(1))
    );
}
