//! The window's import and export worker: a real export to disk, the same
//! file imported back as one edit, and a cancelled export.

#![cfg(feature = "gui")]

#[path = "common/window.rs"]
mod window;

use concord::app::Command;
use concord::app::transfer::{ExportFilters, Pending, Transfer};
use concord::core::edit::apply;
use concord::core::generate::{self, Spec};
use concord::core::model::{AnnotationId, AnnotationSet, EntityId, Kind, KindName};
use concord::core::validate::{Severity, validate};
use concord::core::{export, import};
use std::collections::{BTreeSet, HashSet};
use std::time::{Duration, Instant};

/// Polls like the window does, once per frame, until the job is done.
fn finish(transfer: &mut Transfer) -> Vec<Command> {
    let started = Instant::now();
    loop {
        let commands = transfer.poll(&concord::core::model::AnnotationSet::default());
        if !transfer.is_running() {
            return commands;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the job never ended"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn export_then_import_back_through_the_worker() {
    let spec = Spec {
        articles: 3,
        annotations_per_article: 10,
        seed: 2,
    };
    let project = generate::project(&spec, "generated".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let mut transfer = Transfer::default();

    transfer.start(
        Pending::Export(export::Format::Jsonl, ExportFilters::default()),
        out.clone(),
        &project.set,
        &project.corpus,
    );
    assert!(
        finish(&mut transfer).is_empty(),
        "an export changes nothing"
    );
    let report = transfer.report().unwrap();
    assert!(
        report.starts_with(&format!(
            "Exported 30 annotations from 3 articles to {}",
            out.display()
        )),
        "{report}"
    );
    // The status bar names the file written, once.
    let status = transfer.take_status().expect("a status line");
    assert!(status.ends_with(&out.display().to_string()), "{status}");
    assert_eq!(transfer.take_status(), None);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 3);

    let empty = AnnotationSet::default();
    transfer.start(
        Pending::Import(import::Format::Jsonl),
        out,
        &empty,
        &project.corpus,
    );
    let commands = finish(&mut transfer);
    let [Command::Edit(edit)] = commands.as_slice() else {
        panic!("one undoable edit, got {commands:?}");
    };
    let mut set = empty.clone();
    apply(&mut set, edit.clone()).unwrap();
    assert_eq!(set.annotation_count(), 30);
    for a in project.set.annotations() {
        assert_eq!(
            set.annotation(&a.id).map(|b| &b.span),
            Some(&a.span),
            "{}",
            a.id
        );
    }
}

#[test]
fn a_cancelled_export_says_so_and_changes_nothing() {
    // Large enough that the worker is still choosing annotations when the
    // cancel arrives.
    let spec = Spec {
        articles: 2_000,
        annotations_per_article: 50,
        seed: 3,
    };
    let project = generate::project(&spec, "generated".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.jsonl");
    let mut transfer = Transfer::default();
    transfer.start(
        Pending::Export(export::Format::Jsonl, ExportFilters::default()),
        out.clone(),
        &project.set,
        &project.corpus,
    );
    transfer.cancel();
    assert!(finish(&mut transfer).is_empty());
    let report = transfer.report().unwrap();
    assert!(report.contains("cancelled"), "{report}");
    assert!(!out.exists(), "a cancelled export leaves no file");
}

#[test]
fn export_filters_keep_the_chosen_kinds_outlets_articles_and_valid_ones() {
    let spec = Spec {
        articles: 12,
        annotations_per_article: 12,
        seed: 5,
    };
    let mut project = generate::project(&spec, "generated".into());
    // One quote gets a speaker who does not exist: an error (I004).
    let mut broken = project
        .set
        .annotations()
        .find(|a| a.kind.name() == KindName::Quote)
        .unwrap()
        .clone();
    let Kind::Quote(q) = &mut broken.kind else {
        unreachable!()
    };
    q.speaker = Some(EntityId::new("nobody-of-that-name"));
    let broken_id = broken.id.clone();
    apply(
        &mut project.set,
        concord::core::edit::Edit::ReplaceAnnotation(Box::new(broken.clone())),
    )
    .unwrap();
    let outlet = project
        .set
        .article(&broken.article)
        .unwrap()
        .record
        .meta
        .outlet
        .clone();
    assert!(!outlet.is_empty());
    let errors: HashSet<AnnotationId> = validate(&project.set, &project.corpus)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .flat_map(|f| f.locations.into_iter().filter_map(|l| l.annotation))
        .collect();
    assert!(errors.contains(&broken_id));

    // Quotes of that outlet's articles, valid ones only.
    let expected: Vec<&AnnotationId> = project
        .set
        .annotations()
        .filter(|a| a.kind.name() == KindName::Quote)
        .filter(|a| project.set.article(&a.article).unwrap().record.meta.outlet == outlet)
        .filter(|a| !errors.contains(&a.id))
        .map(|a| &a.id)
        .collect();
    let articles = project
        .set
        .articles()
        .iter()
        .filter(|(_, a)| a.record.meta.outlet == outlet)
        .count();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("quotes.jsonl");
    let filters = ExportFilters {
        kinds: BTreeSet::from([KindName::Quote]),
        outlets: BTreeSet::from([outlet.clone()]),
        valid_only: true,
        ..ExportFilters::default()
    };
    let mut transfer = Transfer::default();
    transfer.start(
        Pending::Export(export::Format::Jsonl, filters.clone()),
        out.clone(),
        &project.set,
        &project.corpus,
    );
    finish(&mut transfer);
    let report = transfer.report().unwrap().to_owned();
    assert!(
        report.starts_with(&format!(
            "Exported {} annotations from {articles} articles",
            expected.len()
        )),
        "{report}"
    );
    assert!(report.contains("with errors were left out"), "{report}");
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(
        !written.contains(&format!("\"{broken_id}\"")),
        "the invalid quote was written"
    );
    for id in &expected {
        assert!(written.contains(&format!("\"{id}\"")), "{id} is missing");
    }

    // Articles narrow it further: only the broken quote's article.
    let out = dir.path().join("one.jsonl");
    let filters = ExportFilters {
        articles: BTreeSet::from([broken.article.clone()]),
        valid_only: false,
        ..filters
    };
    transfer.start(
        Pending::Export(export::Format::Jsonl, filters),
        out.clone(),
        &project.set,
        &project.corpus,
    );
    finish(&mut transfer);
    let quotes = project
        .set
        .annotations_of(&broken.article)
        .iter()
        .filter(|a| a.kind.name() == KindName::Quote)
        .count();
    let report = transfer.report().unwrap();
    assert!(
        report.starts_with(&format!("Exported {quotes} annotations from 1 articles")),
        "{report}"
    );
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 1);
}

#[test]
fn a_25_mb_export_shows_its_progress_while_it_runs() {
    let spec = Spec {
        articles: 3_000,
        annotations_per_article: 40,
        seed: 8,
    };
    let project = generate::project(&spec, "generated".into());
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.jsonl");
    let mut transfer = Transfer::default();
    transfer.start(
        Pending::Export(export::Format::Jsonl, ExportFilters::default()),
        out.clone(),
        &project.set,
        &project.corpus,
    );
    // What the status bar's bar would show, frame after frame.
    let mut seen = Vec::new();
    let started = Instant::now();
    while transfer.is_running() {
        if let Some(progress) = transfer.progress() {
            seen.push(progress);
        }
        transfer.poll(&AnnotationSet::default());
        assert!(started.elapsed() < Duration::from_secs(120));
        std::thread::sleep(Duration::from_millis(2));
    }
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size > 25_000_000, "only {size} bytes");
    let midway = seen
        .iter()
        .filter(|(done, total)| *total == 3_000 && *done > 0 && *done < *total)
        .count();
    assert!(midway >= 3, "the bar moved {midway} times: {seen:?}");
    assert!(transfer.take_status().unwrap().contains("big.jsonl"));
}

/// Types `path` into the typed-path dialog and presses its `action` button.
fn type_path(
    h: &mut egui_kittest::Harness<'_, concord::app::ConcordApp>,
    path: &str,
    action: &str,
) {
    use egui::accesskit::Role;
    use egui_kittest::kittest::Queryable;
    h.get_by_role_and_label(Role::TextInput, "Path").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Path")
        .type_text(path);
    h.run();
    h.get_by_label(action).click();
    // The job may start and keep the progress bar moving: no settling.
    h.run_steps(2);
}

#[test]
fn the_window_exports_with_filters_and_names_the_file() {
    use egui_kittest::kittest::Queryable;
    let dir = window::seeds_folder();
    let mut app = concord::app::ConcordApp::new(window::writable(dir.path()), window::prefs());
    app.dialogs = concord::app::dialogs::Dialogs::typed_only();
    let mut h = window::harness_with(app);
    // A claim, and a quote on the same words without a speaker: an error.
    let claim = window::tag_quoted(&mut h, egui::Key::C);
    let mut quote_of = h.state().project.set.annotation(&claim).unwrap().clone();
    quote_of.id = AnnotationId::new("unattributed");
    quote_of.kind = Kind::empty(KindName::Quote);
    let quote = quote_of.id.clone();
    h.state_mut()
        .handle(Command::Edit(concord::core::edit::Edit::AddAnnotation(
            Box::new(quote_of),
        )));
    h.run();

    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export…").click();
    h.run();
    h.get_by_label("Leave out annotations with validation errors")
        .click();
    h.run();
    h.get_by_label("Choose a file…").click();
    h.run();
    h.get_by_label_contains("Type the path instead");
    let out = dir.path().join("valid.jsonl");
    type_path(&mut h, &out.display().to_string(), "Export");
    window::settle(&mut h, "the export finishes", |app| {
        app.notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Exported"))
    });
    let notice = h.state().notice.clone().unwrap();
    assert_eq!(
        notice,
        format!(
            "Exported 1 annotations from 3 articles to {}",
            out.display()
        )
    );
    h.get_by_label(&notice);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains(&format!("\"{claim}\"")), "{written}");
    assert!(
        !written.contains(&format!("\"{quote}\"")),
        "the invalid quote was written"
    );
}

#[test]
fn import_picks_a_folder_for_brat_and_never_offers_csv() {
    use egui_kittest::kittest::Queryable;
    for choice in concord::app::transfer::IMPORT_CHOICES {
        if let concord::app::dialogs::Purpose::ImportFile(endings) = choice.purpose {
            assert!(
                !endings.iter().any(|e| ["csv", "tsv"].contains(e)),
                "{} offers {endings:?}",
                choice.label
            );
        }
    }
    let dir = window::seeds_folder();
    let mut app = concord::app::ConcordApp::new(window::writable(dir.path()), window::prefs());
    app.dialogs = concord::app::dialogs::Dialogs::typed_only();
    let mut h = window::harness_with(app);
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Import").click();
    h.run();
    assert!(h.query_by_label_contains("csv").is_none());
    h.get_by_label("brat: a folder").click();
    h.run();
    h.get_by_label_contains("Type the path instead");
    // A file is refused; a folder is taken and imported.
    let file = dir
        .path()
        .join("seeds")
        .join(format!("{}.txt", window::ARTICLE));
    type_path(&mut h, &file.display().to_string(), "Import");
    h.get_by_label(&format!("{} is not a folder", file.display()));
    let brat = dir.path().join("brat");
    std::fs::create_dir(&brat).unwrap();
    std::fs::write(
        brat.join(format!("{}.ann", window::ARTICLE)),
        "T1\tClaim 0 8\tLeaders\n",
    )
    .unwrap();
    type_path(&mut h, &brat.display().to_string(), "Import");
    window::settle(&mut h, "the import finishes", |app| {
        !app.transfer.is_running() && app.transfer.report().is_some()
    });
    let report = h.state().transfer.report().unwrap().to_owned();
    assert!(!report.contains("failed"), "{report}");
    assert!(
        h.state()
            .notice
            .as_deref()
            .is_some_and(|n| n.starts_with("Imported"))
    );
}
