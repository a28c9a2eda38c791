//! The re-anchoring review list in the real window: an article changes on
//! disk, the window opens on it, "Accept all moves" is clicked, and every
//! span and cue sits on its words again.

#![cfg(feature = "gui")]

use concord::app::{ConcordApp, Prefs};
use concord::core::edit::{Edit, apply};
use concord::core::model::{
    Annotation, AnnotationId, ArticleId, Claim, Entity, EntityId, EntityKind, Kind, Quote,
};
use concord::core::store::Project;
use concord::core::text::{Span, Text};
use egui::vec2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

const BEFORE: &str = "Kim Jong Un met Vladimir Putin on Wednesday.\n\
“This is a just fight for our sovereign rights,” Kim said.\n\
Officials said Norland launched two missiles toward the coast in May.\n";
const INSERTED: &str = "Editor's note: this report was updated on Thursday.\n";

fn span(text: &str, word: &str) -> Span {
    let start = text[..text.find(word).expect("word in text")]
        .chars()
        .count();
    Text::new(text.to_owned())
        .span(start..start + word.chars().count())
        .expect("span in text")
}

fn annotation(id: &str, span: Span, kind: Kind) -> Annotation {
    Annotation {
        id: AnnotationId::new(id),
        article: ArticleId::new("a"),
        span,
        author: Default::default(),
        created: jiff::Timestamp::UNIX_EPOCH,
        modified: jiff::Timestamp::UNIX_EPOCH,
        note: String::new(),
        tags: vec![],
        kind,
    }
}

#[test]
fn accept_all_moves_puts_every_span_and_cue_back_on_its_words() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("seeds");
    std::fs::create_dir(&articles).unwrap();
    let file = articles.join("a.txt");
    std::fs::write(&file, BEFORE).unwrap();
    let mut project = Project::open_writable(dir.path(), std::time::Duration::ZERO).unwrap();
    let fingerprint = project
        .corpus
        .get(&ArticleId::new("a"))
        .unwrap()
        .fingerprint
        .clone();
    let quote = Kind::Quote(Quote {
        speaker: Some(EntityId::new("kim")),
        cue: Some(Box::new(span(BEFORE, "said"))),
        ..Quote::default()
    });
    let edits = vec![
        Edit::PutEntity(Entity {
            id: EntityId::new("kim"),
            name: "Kim Jong Un".into(),
            kind: EntityKind::Person,
            aliases: vec!["Kim".into()],
        }),
        Edit::SetFingerprint {
            article: ArticleId::new("a"),
            fingerprint,
        },
        Edit::AddAnnotation(Box::new(annotation(
            "q1",
            span(BEFORE, "This is a just fight for our sovereign rights"),
            quote,
        ))),
        Edit::AddAnnotation(Box::new(annotation(
            "c1",
            span(
                BEFORE,
                "Norland launched two missiles toward the coast in May",
            ),
            Kind::Claim(Claim::default()),
        ))),
    ];
    apply(&mut project.set, Edit::Batch(edits)).unwrap();
    project.save().unwrap();
    drop(project);
    // Someone edits the article file while the window is closed.
    std::fs::write(&file, format!("{INSERTED}{BEFORE}")).unwrap();

    let app = ConcordApp::new(
        Project::open_writable(dir.path(), std::time::Duration::ZERO).unwrap(),
        Prefs {
            autosave: false,
            ..Prefs::default()
        },
    );
    let mut harness = Harness::builder()
        .with_size(vec2(1300.0, 850.0))
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    harness.run();
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Re-anchor project…").click();
    harness.run();
    // Two spans and one cue moved.
    harness.get_by_label("Accept all moves (3)").click();
    harness.run();

    let app = harness.state();
    let set = &app.project.set;
    let text = &app.project.corpus.get(&ArticleId::new("a")).unwrap().text;
    let shift = INSERTED.chars().count();
    for a in set.annotations() {
        assert_eq!(text.slice(a.span.range()), Some(a.span.exact()), "{}", a.id);
        if let Kind::Quote(q) = &a.kind {
            let cue = q.cue.as_deref().unwrap();
            assert_eq!(text.slice(cue.range()), Some("said"));
            assert_eq!(cue.start, span(BEFORE, "said").start + shift);
        }
    }
    let q1 = set.annotation(&AnnotationId::new("q1")).unwrap();
    assert_eq!(q1.span.start, span(BEFORE, "This is").start + shift);
    // Every anchor is in place, so the new fingerprint is recorded, in one undo step.
    let record = &set.article(&ArticleId::new("a")).unwrap().record;
    assert_eq!(
        record.fingerprint,
        app.project
            .corpus
            .get(&ArticleId::new("a"))
            .unwrap()
            .fingerprint
    );
    assert!(app.history.can_undo());
    harness.get_by_label("Every span and cue is in place.");
}
