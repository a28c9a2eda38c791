//! The window's layout: the split between the article and the bottom tabs
//! is resizable by its edge (without selecting article text), remembered,
//! and tall enough by default to show a useful number of table rows.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::{Command, ConcordApp, Prefs};
use concord::core::edit::{Edit, apply};
use concord::core::model::{Annotation, AnnotationId, ArticleId, Kind, KindName};
use egui::{Pos2, Rect, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use window::{ARTICLE, prefs, seeds_folder, writable};

fn tabs(h: &Harness<'_, ConcordApp>) -> Rect {
    concord::app::tabs_rect(&h.ctx).expect("the bottom tabs were drawn")
}

/// A window of `size` on the seeds with `n` claims in [`ARTICLE`], one per
/// sentence-ish stretch of 40 chars.
fn window_with(size: egui::Vec2, n: usize, prefs: Prefs) -> Harness<'static, ConcordApp> {
    let dir = seeds_folder();
    let mut project = writable(dir.path());
    let article = ArticleId::new(ARTICLE);
    let text = project.corpus.get(&article).unwrap().text.clone();
    let now = jiff::Timestamp::now();
    for i in 0..n {
        let annotation = Annotation {
            id: AnnotationId::new(format!("t{i}")),
            article: article.clone(),
            span: text.span(i * 40..i * 40 + 30).unwrap(),
            author: Default::default(),
            created: now,
            modified: now,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::empty(KindName::Claim),
        };
        apply(&mut project.set, Edit::AddAnnotation(Box::new(annotation))).unwrap();
    }
    let mut app = ConcordApp::new(project, prefs);
    app.handle(Command::OpenArticle(article));
    let mut h = Harness::builder()
        .with_size(size)
        .build_ui_state(|ui, app: &mut ConcordApp| app.ui(ui), app);
    h.run();
    // The folder must outlive the window; the test process ends soon.
    std::mem::forget(dir);
    h
}

/// Table rows drawn wholly inside the bottom tabs: each row's position
/// label ("120–150") is unique.
fn visible_rows(h: &Harness<'_, ConcordApp>, n: usize) -> usize {
    let area = tabs(h);
    (0..n)
        .filter(|i| {
            let label = format!("{}–{}", i * 40, i * 40 + 30);
            h.query_by_label(&label).is_some_and(|node| {
                let r = node.rect();
                area.contains(r.min) && area.contains(r.max)
            })
        })
        .count()
}

/// Drags from `from` to `to` with real pointer events, in small steps.
fn drag_points(h: &mut Harness<'_, ConcordApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.run_steps(3);
    h.drag_at(from);
    h.run_steps(3);
    for step in 1..=4 {
        h.hover_at(from + (to - from) * (step as f32 / 4.0));
        h.run_steps(3);
    }
    h.drop_at(to);
    h.run_steps(3);
}

#[test]
fn dragging_the_bottom_edge_resizes_and_selects_nothing() {
    let mut h = window_with(vec2(1280.0, 800.0), 0, prefs());
    let before = tabs(&h);
    assert_eq!(h.state().prefs.bottom_height, None);
    // From a little above the edge to a little below: every press that
    // shows the resize cursor resizes, none selects text.
    for dy in [-9.0, -6.0, -3.0, 0.0, 3.0, 5.0] {
        let top = tabs(&h).top();
        let from = Pos2::new(before.center().x, top + dy);
        let to = from - vec2(0.0, 30.0);
        drag_points(&mut h, from, to);
        let after = tabs(&h);
        assert_eq!(
            h.state().selection,
            None,
            "grabbed at {dy}: the drag selected article text"
        );
        // The edge follows the pointer.
        assert!(
            (after.top() - to.y).abs() < 1.0,
            "grabbed at {dy}: {before:?} -> {after:?}"
        );
    }
    let after = tabs(&h);
    assert!(
        after.height() > before.height() + 150.0,
        "{before:?} -> {after:?}"
    );
    let remembered = h.state().prefs.bottom_height.expect("the height is kept");
    assert!(
        (remembered - after.height()).abs() < 1.0,
        "{remembered} vs {after:?}"
    );
    // Well above the edge the same drag is over the text and selects it.
    let from = Pos2::new(before.center().x, after.top() - 40.0);
    drag_points(&mut h, from, from - vec2(0.0, 30.0));
    assert!(
        h.state().selection.is_some(),
        "a drag over the text selects"
    );
    assert_eq!(tabs(&h), after);
}

#[test]
fn a_remembered_height_is_used_on_the_next_start() {
    let prefs = Prefs {
        bottom_height: Some(333.0),
        ..prefs()
    };
    let h = window_with(vec2(1280.0, 800.0), 0, prefs);
    assert!((tabs(&h).height() - 333.0).abs() < 1.0, "{:?}", tabs(&h));
}

#[test]
fn the_table_shows_at_least_eight_rows_at_1280x800() {
    let h = window_with(vec2(1280.0, 800.0), 20, prefs());
    let rows = visible_rows(&h, 20);
    assert!(rows >= 8, "{rows} rows visible in {:?}", tabs(&h));
}

#[test]
fn the_table_shows_rows_and_the_article_keeps_room_at_1024x700() {
    let h = window_with(vec2(1024.0, 700.0), 20, prefs());
    let rows = visible_rows(&h, 20);
    assert!(rows >= 6, "{rows} rows visible in {:?}", tabs(&h));
    assert!(tabs(&h).top() > 300.0, "{:?}", tabs(&h));
}

#[test]
fn switching_tabs_keeps_the_panel_where_it_is() {
    let mut h = window_with(vec2(1280.0, 800.0), 3, prefs());
    let start = tabs(&h);
    for tab in [
        "Entities",
        "Propositions",
        "Utterances",
        "Findings",
        "Article details",
        "Annotations",
    ] {
        h.get_by_label(tab).click();
        h.run();
        assert_eq!(tabs(&h), start, "after {tab}");
    }
}

/// How long the last frame asked to wait before the next one
/// (`Duration::MAX`: until input comes).
fn repaint_delay(h: &Harness<'_, ConcordApp>) -> std::time::Duration {
    h.output()
        .viewport_output
        .get(&egui::ViewportId::ROOT)
        .map_or(std::time::Duration::MAX, |v| v.repaint_delay)
}

#[test]
fn the_status_says_saved_once_autosave_lands_without_input() {
    let dir = seeds_folder();
    let mut app = ConcordApp::new(
        writable(dir.path()),
        Prefs {
            autosave: true,
            ..prefs()
        },
    );
    // No file watcher: its repaint on our own save's file events would
    // hide a missing one (it polls every few seconds instead).
    app.banners.watch.error = Some("switched off for this test".into());
    let mut h = window::harness_with(app);
    window::tag_quoted(&mut h, egui::Key::C);
    assert!(h.state().unsaved());
    h.get_by_label_contains("Unsaved changes");
    // Run frames only when the window asks for one, as the event loop does,
    // with no pointer or key input at all, until a moment after the save.
    let mut now = h.state().now;
    let mut saved_at = None;
    loop {
        let delay = repaint_delay(&h);
        let next = now + delay.as_secs_f64().max(1.0 / 60.0);
        if delay == std::time::Duration::MAX || saved_at.is_some_and(|t| next > t + 1.0) {
            break;
        }
        now = next;
        assert!(now < 60.0, "never saved");
        h.input_mut().time = Some(now);
        h.step();
        if saved_at.is_none() && !h.state().unsaved() {
            saved_at = Some(now);
        }
    }
    assert!(saved_at.is_some(), "{:?}", h.state().save.error);
    assert!(
        h.query_by_label_contains("Unsaved changes").is_none(),
        "the status still says unsaved after the autosave"
    );
    h.get_by_label("All changes saved");
}

/// The article list alone, on its narrow view.
struct ListFixture {
    list: concord::app::article_list::ListState,
    corpus: std::sync::Arc<concord::core::article::Corpus>,
    set: concord::core::model::AnnotationSet,
    revision: u64,
    out: Vec<Command>,
}

#[test]
fn the_article_list_shows_titles_or_first_lines_and_counts_that_follow_edits() {
    use concord::app::article_list::{ListState, ListView};
    use concord::core::article::{Article, Corpus};
    use concord::core::model::{AnnotationSet, ArticleMeta};
    let texts = [
        (
            "n1",
            "\n  Harbour cranes idle as dock strike enters day three\n\nUnion leaders said...",
        ),
        (
            "n2",
            "Port authority says talks resume Monday.\nMore follows.",
        ),
        ("n3", "   \n\n"),
    ];
    let corpus = Corpus::from_articles(
        "articles".into(),
        texts.map(|(id, text)| {
            Article::from_text(ArticleId::new(id), format!("{id}.txt").into(), text.into())
        }),
    );
    let mut set = AnnotationSet::default();
    let meta = ArticleMeta {
        outlet: "Coast Herald".into(),
        title: "Talks to resume, port says".into(),
        ..ArticleMeta::default()
    };
    let n2 = ArticleId::new("n2");
    apply(
        &mut set,
        Edit::SetArticleMeta {
            article: n2.clone(),
            meta,
        },
    )
    .unwrap();
    let text = corpus.get(&n2).unwrap().text.clone();
    let quote = |id: &str, at: usize| {
        Edit::AddAnnotation(Box::new(Annotation {
            id: AnnotationId::new(id),
            article: n2.clone(),
            span: text.span(at..at + 4).unwrap(),
            author: Default::default(),
            created: jiff::Timestamp::UNIX_EPOCH,
            modified: jiff::Timestamp::UNIX_EPOCH,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::empty(KindName::Quote),
        }))
    };
    apply(&mut set, quote("q1", 0)).unwrap();
    apply(&mut set, quote("q2", 5)).unwrap();
    let fixture = ListFixture {
        list: ListState::default(),
        corpus: corpus.into(),
        set,
        revision: 0,
        out: Vec::new(),
    };
    let mut h = Harness::builder().with_size([320.0, 500.0]).build_ui_state(
        |ui, f: &mut ListFixture| {
            let view = ListView {
                corpus: &f.corpus,
                set: &f.set,
                revision: f.revision,
                findings: &[],
                findings_generation: None,
                open: None,
            };
            let out = f.list.ui(ui, view);
            f.out.extend(out);
        },
        fixture,
    );
    h.run();
    // The title, else the first line with text, else the id.
    h.get_by_label("Talks to resume, port says");
    h.get_by_label("Harbour cranes idle as dock strike enters day three");
    // The id is the row's own label too (its hover text); the shown one:
    h.get_by_role_and_label(egui::accesskit::Role::Label, "n3");
    h.get_by_label("2 quotes");

    // An edit, and the revision that says so: the count follows.
    let state = h.state_mut();
    apply(&mut state.set, quote("q3", 10)).unwrap();
    state.revision += 1;
    h.run();
    h.get_by_label("3 quotes");
    assert!(h.query_by_label("2 quotes").is_none());
    let listed: Vec<(String, [usize; 3])> = h
        .state()
        .list
        .listed()
        .map(|(id, _, counts)| (id.to_string(), counts))
        .collect();
    assert!(listed.contains(&("n2".into(), [0, 3, 0])), "{listed:?}");

    // A click opens the article.
    h.get_by_label("Harbour cranes idle as dock strike enters day three")
        .click();
    h.run();
    assert_eq!(
        h.state().out,
        vec![Command::OpenArticle(ArticleId::new("n1"))]
    );
}
