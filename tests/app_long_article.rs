//! A long generated article: jumping to an annotation near its end brings
//! it on screen although most of the article was never laid out.

#![cfg(feature = "gui")]

use concord::app::{Command, ConcordApp, Prefs};
use concord::core::generate::{self, Spec};
use egui::vec2;
use egui_kittest::Harness;

#[test]
fn jumping_far_down_shows_the_annotation() {
    let spec = Spec {
        articles: 1,
        annotations_per_article: 3000,
        seed: 7,
    };
    let project = generate::project(&spec, "generated".into());
    let prefs = Prefs {
        autosave: false,
        ..Prefs::default()
    };
    let mut harness = Harness::builder()
        .with_size(vec2(1200.0, 800.0))
        .build_ui_state(
            |ui, app: &mut ConcordApp| app.ui(ui),
            ConcordApp::new(project, prefs),
        );
    harness.run();
    assert_eq!(harness.state().view.first_painted_char(), Some(0));

    for pick in [2990, 1500, 10] {
        let target = harness
            .state()
            .project
            .set
            .annotations()
            .nth(pick)
            .unwrap()
            .clone();
        harness
            .state_mut()
            .handle(Command::SelectAnnotation(target.id.clone()));
        harness.run();
        let rect = harness
            .state()
            .view
            .char_rect(target.span.start)
            .unwrap_or_else(|| {
                panic!(
                    "annotation {pick} at char {} is not on screen",
                    target.span.start
                )
            });
        assert!(
            (0.0..800.0).contains(&rect.center().y),
            "annotation {pick} painted at {rect:?}, off the window"
        );
        assert_eq!(harness.state().selected.as_ref(), Some(&target.id));
    }
}
