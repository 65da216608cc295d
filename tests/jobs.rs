//! The app's job runner (no window): each kind of work has its own worker
//! thread. In its own test binary because the test leaves a long layout
//! running, which would slow the tests beside it; the process ends with it.
#![cfg(feature = "gui")]

/// The path list of a big graph answers while its layered layout (seconds
/// in a test build) still runs.
#[test]
fn a_long_layout_does_not_hold_up_the_path_list() {
    use trustpath::app::jobs::{Jobs, Output, Request};
    let g = std::sync::Arc::new(trustpath::generate::random_graph(
        &trustpath::generate::GenSpec::new(3000, 6000, 5),
    ));
    let mut jobs = Jobs::new();
    let layered = trustpath::layout::LayoutOptions {
        algorithm: trustpath::layout::Algorithm::Layered,
        ..Default::default()
    };
    jobs.submit(&g, 1, Request::Layout(layered));
    let query = trustpath::analysis::PathQuery::entries_to_jewels(&g, 5);
    jobs.submit(&g, 1, Request::Paths(query));
    let first = loop {
        if let Some(f) = jobs.poll().into_iter().next() {
            break f;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert!(
        matches!(first.output, Output::Paths(_)),
        "the layout answered before the paths"
    );
    assert!(
        jobs.running_since(trustpath::app::jobs::JobKind::Layout)
            .is_some()
    );
}
