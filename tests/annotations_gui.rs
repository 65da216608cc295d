//! Annotations in the desktop app, driven headless (egui_kittest): saving the
//! selected path with a note, undoing it, callouts, and the save/reopen round
//! trip. The model is read back with `Annotations::read`.

#![cfg(feature = "gui")]

mod common;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use trustpath::annotate::{Annotations, Callout};
use trustpath::app::{Command, TrustpathApp};

use common::{command, harness};

fn annotations(h: &Harness<'static, TrustpathApp>) -> Annotations {
    Annotations::read(&h.state().state.graph).expect("annotations read back")
}

/// Selects the first path and saves it through the window with a note.
fn save_first_path(h: &mut Harness<'static, TrustpathApp>) {
    h.get_by_label_contains("1. likelihood").click();
    h.run_steps(2);
    h.get_by_label("Save path…").click();
    h.run_steps(2);
    h.state_mut()
        .state
        .annotation_view
        .draft
        .as_mut()
        .expect("the save window is open")
        .note = "Cheapest route".into();
    h.run_steps(1);
    h.get_by_label("Save").click();
    h.run_steps(2);
}

#[test]
fn saving_the_selected_path_stores_it_and_ctrl_z_removes_it() {
    let mut h = harness();
    save_first_path(&mut h);
    let a = annotations(&h);
    assert_eq!(a.paths.len(), 1);
    let saved = &a.paths[0];
    assert_eq!(saved.name, "Path 1");
    assert_eq!(saved.note, "Cheapest route");
    assert!(saved.color.is_some());
    let s = &h.state().state;
    let ids: Vec<String> = s.paths[0]
        .nodes
        .iter()
        .map(|ix| s.graph.node(*ix).id.clone())
        .collect();
    assert_eq!(saved.nodes, ids);
    assert!(s.is_dirty());
    h.get_by_label_contains("Cheapest route");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert!(annotations(&h).paths.is_empty(), "one undo step removes it");
}

#[test]
fn clicking_a_saved_path_highlights_it_and_delete_is_one_undo_step() {
    let mut h = harness();
    save_first_path(&mut h);
    h.key_press(Key::Escape);
    h.run_steps(2);
    h.get_by_label_contains("Cheapest route").click();
    h.run_steps(2);
    let s = &h.state().state;
    let shown = s.current_path().expect("the saved path is highlighted");
    assert_eq!(shown.nodes, s.paths[0].nodes);

    h.get_by_label("🗑").click();
    h.run_steps(2);
    assert!(annotations(&h).paths.is_empty());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(2);
    assert_eq!(annotations(&h).paths.len(), 1);
}

#[test]
fn callouts_are_added_and_deleted() {
    let mut h = harness();
    let c = Callout {
        text: "Vendor VPN".into(),
        pos: [10.0, 20.0],
        color: Some("#fef3c7".into()),
    };
    assert!(h.state_mut().state.add_callout(c.clone()));
    assert_eq!(annotations(&h).callouts, vec![c]);
    assert!(h.state_mut().state.delete_callout(0));
    assert!(annotations(&h).callouts.is_empty());
}

#[test]
fn save_and_reopen_keeps_the_annotations() {
    let mut h = harness();
    save_first_path(&mut h);
    h.state_mut().state.add_callout(Callout {
        text: "Note".into(),
        pos: [1.0, 2.0],
        color: None,
    });
    let before = annotations(&h);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annotated.json");
    command(&mut h, Command::SaveTo(path.clone()));
    command(&mut h, Command::New);
    assert_eq!(annotations(&h), Annotations::default());
    command(&mut h, Command::OpenPath(path));
    assert_eq!(annotations(&h), before);
    assert_eq!(before.paths.len(), 1);
    assert_eq!(before.callouts.len(), 1);
}

fn transform(h: &Harness<'static, TrustpathApp>) -> trustpath::app::canvas::Transform {
    trustpath::app::canvas::Transform::of_camera(&h.state().state)
}

fn right_click(h: &mut Harness<'static, TrustpathApp>, pos: egui::Pos2) {
    h.hover_at(pos);
    h.run_steps(1);
    for pressed in [true, false] {
        h.input_mut().events.push(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Secondary,
            pressed,
            modifiers: Modifiers::NONE,
        });
    }
    h.run_steps(2);
}

#[test]
fn add_callout_here_places_it_at_the_click_then_drag_and_delete() {
    let mut h = harness();
    let tf = transform(&h);
    let rect = h.state().state.canvas_rect;
    let at = rect.min + egui::vec2(8.0, 8.0);
    let at = (0..40)
        .map(|i| at + egui::vec2(0.0, 15.0 * i as f32))
        .find(|p| trustpath::app::canvas::hit_test(&h.state().state, &tf, *p).is_none())
        .expect("an empty spot on the canvas");
    right_click(&mut h, at);
    h.get_by_label("Add callout here").click();
    h.run_steps(2);
    h.state_mut()
        .state
        .annotation_view
        .callout_draft
        .as_mut()
        .expect("the callout window is open")
        .text = "Vendor VPN".into();
    h.run_steps(1);
    h.get_by_label("OK").click();
    h.run_steps(2);
    let a = annotations(&h);
    assert_eq!(a.callouts.len(), 1);
    let c = &a.callouts[0];
    assert_eq!(c.text, "Vendor VPN");
    let expected = tf.graph_from_screen(at);
    assert!((c.pos[0] - expected.x as f64).abs() < 1.0, "{:?}", c.pos);
    assert!((c.pos[1] - expected.y as f64).abs() < 1.0, "{:?}", c.pos);

    // Drag it: one undo step.
    let from = tf.screen_from_graph(c.pos) + egui::vec2(8.0, 8.0);
    h.hover_at(from);
    h.run_steps(1);
    h.drag_at(from);
    h.run_steps(1);
    for i in 1..=5 {
        h.hover_at(from + egui::vec2(8.0 * i as f32, 4.0 * i as f32));
        h.run_steps(1);
    }
    h.drop_at(from + egui::vec2(40.0, 20.0));
    h.run_steps(2);
    let moved = annotations(&h).callouts[0].pos;
    assert!(moved[0] > c.pos[0] + 1.0, "{:?} → {moved:?}", c.pos);
    command(&mut h, Command::Undo);
    assert_eq!(annotations(&h).callouts[0].pos, c.pos);

    // Right-click it: delete.
    right_click(&mut h, from);
    h.get_by_label("Delete callout").click();
    h.run_steps(2);
    assert!(annotations(&h).callouts.is_empty());
}

#[test]
fn an_unreadable_block_is_never_overwritten() {
    let mut h = harness();
    let bad = serde_json::json!({"paths": [{"name": "x", "nodes": ["nope", "gone"]}]});
    let s = &mut h.state_mut().state;
    assert!(s.edit(trustpath::model::Edit::SetExtra {
        key: "annotations".into(),
        value: Some(bad.clone()),
    }));
    assert!(!s.add_callout(Callout {
        text: "t".into(),
        pos: [0.0, 0.0],
        color: None,
    }));
    assert_eq!(s.graph.extra.get("annotations"), Some(&bad));
}
