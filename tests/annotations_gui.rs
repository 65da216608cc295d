//! Annotations in the desktop app, driven headless (egui_kittest): saving the
//! selected path with a note, undoing it, callouts, and the save/reopen round
//! trip. The model is read back with `Annotations::read`.

#![cfg(feature = "gui")]

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use trustpath::annotate::{Annotations, Callout};
use trustpath::app::state::Settings;
use trustpath::app::{Command, TrustpathApp};

fn harness() -> Harness<'static, TrustpathApp> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .build_ui_state(
            |ui, app: &mut TrustpathApp| app.ui(ui),
            TrustpathApp::new(None, Settings::default()),
        );
    settle(&mut h);
    h
}

fn settle(h: &mut Harness<'static, TrustpathApp>) {
    h.run_steps(2);
    h.state_mut().state.settle();
    h.run_steps(3);
}

fn command(h: &mut Harness<'static, TrustpathApp>, c: Command) {
    h.state_mut().state.push(c);
    settle(h);
}

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
