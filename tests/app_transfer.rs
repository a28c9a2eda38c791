//! The window's import and export worker: a real export to disk, the same
//! file imported back as one edit, and a cancelled export.

#![cfg(feature = "gui")]

use concord::app::Command;
use concord::app::transfer::{Pending, Transfer};
use concord::core::edit::apply;
use concord::core::generate::{self, Spec};
use concord::core::model::AnnotationSet;
use concord::core::{export, import};
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
        Pending::Export(export::Format::Jsonl),
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
        report.starts_with("Exported 30 annotations from 3 articles"),
        "{report}"
    );
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
        Pending::Export(export::Format::Jsonl),
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
