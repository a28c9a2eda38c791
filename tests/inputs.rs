//! Inputs that are not what they seem: files that are not regular files,
//! articles that cannot be read among good ones, and records importers
//! could not map. Nothing hangs, nothing is dropped without a word.

use concord::core::article::{Article, Corpus, MAX_ARTICLE_BYTES, read_limited};
use concord::core::edit::apply;
use concord::core::error::FileError;
use concord::core::import::{self, Format, ProblemKind};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, Entity, EntityId, EntityKind, Kind,
    KindName, Proposition, PropositionId,
};
use concord::core::progress::Progress;
use concord::core::store::Project;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const GOOD: &str = "The harbour authority confirmed on Tuesday that the night ferry \
will resume service next month, after repairs to the pier.\n";

/// Runs `f` on a thread and fails the test if it has not returned in a
/// few seconds: a blocking open of a FIFO would otherwise hang the suite.
fn within<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("{what} did not return: it blocks"))
}

#[cfg(unix)]
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `c` is a valid NUL-terminated path for the call's duration.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo");
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[cfg(unix)]
fn read_err(path: &Path, limit: u64) -> FileError {
    let owned = path.to_owned();
    within("read_limited", move || read_limited(&owned, limit)).unwrap_err()
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read_and_the_error_names_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.txt");
    symlink("/dev/zero", &zero);
    let folder = dir.path().join("folder.txt");
    std::fs::create_dir(&folder).unwrap();
    let looped = dir.path().join("loop.txt");
    symlink(&looped, &looped);

    for (path, says) in [
        (&fifo, "a named pipe (FIFO) where a file was expected"),
        (&zero, "a device where a file was expected"),
        (&folder, "a folder where a file was expected"),
    ] {
        let err = read_err(path, 1 << 30);
        assert!(matches!(err, FileError::Invalid { .. }), "{err:?}");
        assert_eq!(
            err.to_string(),
            format!("{}: {says}; not read", path.display())
        );
    }
    let err = read_err(&looped, 1 << 30);
    assert!(matches!(err, FileError::Io { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with(&format!("{}: ", looped.display())),
        "{err}"
    );
    assert!(err.to_string().contains("symbolic links"), "{err}");
}

/// /proc files say they are empty and are not: the limit must hold for
/// what is read, not for what metadata says.
#[cfg(target_os = "linux")]
#[test]
fn the_limit_holds_for_bytes_read_not_for_the_size_metadata_reports() {
    let status = Path::new("/proc/self/status");
    assert_eq!(std::fs::metadata(status).unwrap().len(), 0);
    match read_limited(status, 16).unwrap_err() {
        FileError::TooLarge { size, limit, .. } => {
            assert_eq!(limit, 16);
            assert_eq!(size, 17, "reads one byte past the limit, no more");
        }
        other => panic!("{other:?}"),
    }
    let all = read_limited(status, 1 << 20).unwrap();
    assert!(all.starts_with(b"Name:"), "{:?}", &all[..all.len().min(20)]);
}

#[test]
fn a_file_of_exactly_the_limit_is_read_one_more_byte_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, [b'x'; 64]).unwrap();
    assert_eq!(read_limited(&path, 64).unwrap().len(), 64);
    let err = read_limited(&path, 63).unwrap_err();
    assert!(
        matches!(
            err,
            FileError::TooLarge {
                size: 64,
                limit: 63,
                ..
            }
        ),
        "{err:?}"
    );
}

/// A project in `dir` whose articles are `dir` itself: `good.txt`,
/// `other.md` and what `bad` puts beside them.
fn project_with_bad_articles(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    std::fs::write(dir.join("good.txt"), GOOD).unwrap();
    std::fs::write(
        dir.join("other.md"),
        "Council members voted seven to two to delay the budget.\n",
    )
    .unwrap();
    let mut bad = Vec::new();
    let invalid = dir.join("broken.txt");
    std::fs::write(&invalid, b"Fishermen \xFF protested").unwrap();
    bad.push((invalid, "not valid UTF-8 at byte 10"));
    let big = dir.join("huge.txt");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(MAX_ARTICLE_BYTES + 1)
        .unwrap();
    bad.push((big, "bytes is more than the"));
    let folder = dir.join("folder.txt");
    std::fs::create_dir(&folder).unwrap();
    bad.push((folder, "a folder where a file was expected"));
    let twin = dir.join("other.txt");
    std::fs::write(&twin, "A second text under the id other.\n").unwrap();
    bad.push((twin, "article id other is also used by"));
    #[cfg(unix)]
    {
        let fifo = dir.join("pipe.txt");
        mkfifo(&fifo);
        bad.push((fifo, "a named pipe (FIFO)"));
        let zero = dir.join("zero.md");
        symlink("/dev/zero", &zero);
        bad.push((zero, "a device"));
        let looped = dir.join("loop.txt");
        symlink(&looped, &looped);
        bad.push((looped, "symbolic links"));
    }
    bad.sort();
    bad
}

#[test]
fn bad_articles_are_reported_and_the_rest_of_the_project_opens() {
    let dir = tempfile::tempdir().unwrap();
    let bad = project_with_bad_articles(dir.path());
    let root = dir.path().to_owned();
    let project = within("Project::open", move || Project::open(&root)).unwrap();

    let ids: Vec<&str> = project.corpus.articles().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["good", "other"]);
    assert_eq!(
        project.corpus.get(&ArticleId::new("other")).unwrap().path,
        dir.path().join("other.md"),
        "of two files with one id, the first by name is read"
    );
    let problems = project.corpus.problems();
    let paths: Vec<&PathBuf> = problems.iter().map(|p| &p.path).collect();
    let expected: Vec<&PathBuf> = bad.iter().map(|(p, _)| p).collect();
    assert_eq!(paths, expected);
    for (p, (_, says)) in problems.iter().zip(&bad) {
        assert!(
            p.message.contains(says),
            "{}: {}",
            p.path.display(),
            p.message
        );
        assert!(
            !p.message.contains(&*p.path.to_string_lossy()),
            "{}",
            p.message
        );
    }
    // The CLI prints project.problems as warnings.
    for (path, says) in &bad {
        let found = project
            .problems
            .iter()
            .find(|p| &p.path == path)
            .unwrap_or_else(|| panic!("{} not in project.problems", path.display()));
        assert!(found.message.contains(says), "{found}");
        assert_eq!(found.line, None);
    }
}

#[test]
fn corpus_load_reads_an_invalid_article_beside_good_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), GOOD).unwrap();
    std::fs::write(dir.path().join("b.txt"), b"\xC3\x28 invalid").unwrap();
    let corpus = Corpus::load(dir.path()).unwrap();
    assert_eq!(corpus.len(), 1);
    assert_eq!(
        corpus.get(&ArticleId::new("a")).unwrap().text.as_str(),
        GOOD
    );
    assert_eq!(corpus.problems().len(), 1);
    assert_eq!(corpus.problems()[0].path, dir.path().join("b.txt"));
    assert_eq!(corpus.problems()[0].message, "not valid UTF-8 at byte 0");
}

#[cfg(unix)]
#[test]
fn a_fifo_as_set_ron_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    let set_dir = dir.path().join("annotations").join("default");
    std::fs::create_dir_all(&set_dir).unwrap();
    let set_ron = set_dir.join("set.ron");
    mkfifo(&set_ron);
    let root = dir.path().to_owned();
    let err = within("Project::open", move || Project::open(&root)).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: a named pipe (FIFO) where a file was expected; not read",
            set_ron.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_as_the_journal_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let journal = concord::core::journal::path(dir.path());
    mkfifo(&journal);
    let set_dir = dir.path().to_owned();
    let err = within("journal::pending", move || {
        concord::core::journal::pending(&set_dir)
    })
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: a named pipe (FIFO) where a file was expected; not read",
            journal.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_or_device_as_import_input_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("export.jsonl");
    mkfifo(&fifo);
    let zero = dir.path().join("zero.json");
    symlink("/dev/zero", &zero);
    for format in Format::ALL {
        for input in [&fifo, &zero] {
            let input = input.clone();
            let result = within(format.as_str(), move || {
                let corpus = Corpus::default();
                import::import(
                    format,
                    &input,
                    &AnnotationSet::default(),
                    &corpus,
                    &Progress::new(),
                )
                .map(|i| i.report)
            });
            match result {
                Err(e) => assert!(
                    e.to_string()
                        .contains("where a file was expected; not read"),
                    "{}: {e}",
                    format.as_str()
                ),
                // A brat input that is not a folder or .ann, say, is
                // reported instead.
                Ok(report) => assert!(
                    report.count(ProblemKind::NotImported) > 0,
                    "{}: {report:?}",
                    format.as_str()
                ),
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn an_articles_folder_import_reports_entries_that_are_not_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("incoming");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("ferry.txt"), GOOD).unwrap();
    mkfifo(&input.join("pipe.txt"));
    std::fs::create_dir(input.join("drafts.txt")).unwrap();
    let project_dir = dir.path().join("project");
    std::fs::create_dir(&project_dir).unwrap();
    let corpus = Corpus::load(&project_dir).unwrap();
    let imported = within("import", move || {
        import::import(
            Format::Articles,
            &input,
            &AnnotationSet::default(),
            &corpus,
            &Progress::new(),
        )
        .unwrap()
    });
    assert_eq!(imported.report.articles, 1);
    let mut skipped: Vec<String> = imported
        .report
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::NotImported)
        .map(|p| {
            format!(
                "{} {}",
                p.source.file.file_name().unwrap().to_string_lossy(),
                p.message.rsplit(": ").next().unwrap()
            )
        })
        .collect();
    skipped.sort();
    assert_eq!(
        skipped,
        [
            "drafts.txt a folder where a file was expected; not read",
            "pipe.txt a named pipe (FIFO) where a file was expected; not read",
        ]
    );
}

#[cfg(feature = "gui")]
#[test]
fn the_article_list_shows_each_bad_article_as_an_error_row() {
    use concord::app::{ConcordApp, Prefs};
    use egui_kittest::kittest::Queryable;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), GOOD).unwrap();
    std::fs::write(dir.path().join("broken.txt"), b"Quay \xFF closed").unwrap();
    std::fs::create_dir(dir.path().join("folder.txt")).unwrap();
    let project = Project::open(dir.path()).unwrap();
    let prefs = Prefs {
        autosave: false,
        ..Prefs::default()
    };
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::vec2(1300.0, 850.0))
        .build_ui_state(
            |ui, app: &mut ConcordApp| app.ui(ui),
            ConcordApp::new(project, prefs),
        );
    harness.run();
    // Each shows as a row of the list with its reason, and again in the
    // window's "opened with problems" notice.
    for label in [
        "broken.txt",
        "not valid UTF-8 at byte 5",
        "folder.txt",
        "a folder where a file was expected; not read",
    ] {
        assert_eq!(harness.query_all_by_label(label).count(), 2, "{label}");
    }
}

/// A corpus of one article, `a1`, holding [`GOOD`].
fn one_article() -> Corpus {
    Corpus::from_articles(
        PathBuf::from("articles"),
        [Article::from_text(
            ArticleId::new("a1"),
            PathBuf::from("articles/a1.txt"),
            GOOD.to_owned(),
        )],
    )
}

fn import_text(format: Format, name: &str, text: &str) -> import::Import {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    import::import(
        format,
        &path,
        &AnnotationSet::default(),
        &one_article(),
        &Progress::new(),
    )
    .unwrap()
}

/// Each problem as `line record|kind|message`.
fn problems(report: &import::ImportReport) -> Vec<String> {
    report
        .problems
        .iter()
        .map(|p| {
            let line = p.source.at.map_or(String::new(), |at| at.line.to_string());
            let record = p.source.record.clone().unwrap_or_default();
            format!("{line} {record}|{}|{}", p.kind.as_str(), p.message)
        })
        .collect()
}

fn spans(imported: &import::Import) -> Vec<(usize, usize, &'static str)> {
    let mut set = AnnotationSet::default();
    apply(&mut set, imported.edit.clone()).unwrap();
    set.annotations()
        .map(|a| (a.span.start, a.span.end, a.kind.name().as_str()))
        .collect()
}

#[test]
fn doccano_spans_are_read_under_every_key_and_in_both_shapes() {
    let lines = [
        r#"{"id": "a1", "labels": [[4, 19, "claim"]]}"#,
        r#"{"id": "a1", "annotations": [{"start_offset": 20, "end_offset": 29, "label": "quote", "user": 1}]}"#,
        r#"{"id": "a1", "column_label": [[35, 42, "stance"]]}"#,
        r#"{"id": "a1", "entities": [{"id": 7, "start_offset": 48, "end_offset": 63, "label": "claim"}], "relations": [{"id": 1, "from_id": 7, "to_id": 8, "type": "says"}, {"id": 2, "from_id": 8, "to_id": 7, "type": "denies"}]}"#,
        r#"{"id": "a1", "label": [[0, 3, "quote"]], "cats": ["transport"], "meta": {}, "annotation_approver": "kb"}"#,
        r#"{"id": "a1", "label": [{"start_offset": 64, "end_offset": 70}]}"#,
    ];
    let imported = import_text(Format::Doccano, "d.jsonl", &lines.join("\n"));
    assert_eq!(
        spans(&imported),
        [
            (0, 3, "quote"),
            (4, 19, "claim"),
            (20, 29, "quote"),
            (35, 42, "stance"),
            (48, 63, "claim"),
        ]
    );
    assert_eq!(imported.report.annotations, 5);
    assert_eq!(
        problems(&imported.report),
        [
            "4 |not imported|2 relations were not imported (Concord links spans through entities and utterances, not relations)",
            "5 |not imported|\"cats\" was not imported (not a span list doccano writes)",
            "6 label[0]|not imported|not [start, end, label] or {start_offset, end_offset, label} with whole-number offsets",
        ]
    );
}

#[test]
fn label_studio_relations_other_results_and_drafts_are_reported() {
    let task = r#"[{"id": 3, "data": {"text": "IGNORED", "article": "a1"},
      "annotations": [{"result": [
        {"id": "r1", "type": "labels", "value": {"start": 4, "end": 19, "text": "harbour authori", "labels": ["claim"]}},
        {"id": "r2", "type": "labels", "value": {"start": 20, "end": 29, "labels": ["quote"]}},
        {"type": "relation", "from_id": "r1", "to_id": "r2", "direction": "right", "labels": ["says"]},
        {"type": "textarea", "value": {"start": 0, "end": 3, "text": ["a transcript"]}},
        {"type": "choices", "value": {"choices": ["transport"]}}
      ]}],
      "drafts": [{"result": []}]}]"#
        .replace("\"IGNORED\"", &serde_json::to_string(GOOD).unwrap());
    let imported = import_text(Format::LabelStudio, "ls.json", &task);
    assert_eq!(spans(&imported), [(4, 19, "claim"), (20, 29, "quote")]);
    assert_eq!(
        problems(&imported.report),
        [
            " [0]|not imported|1 drafts (annotations not submitted in Label Studio) were not imported",
            " [0].annotations[0].result[2]|not imported|the relation from r1 to r2 was not imported (Concord links spans through entities and utterances, not relations)",
            " [0].annotations[0].result[3]|not imported|a \"textarea\" result was not imported (Concord reads \"labels\" results)",
            " [0].annotations[0].result[4]|not imported|a \"choices\" result was not imported (Concord reads \"labels\" results)",
        ]
    );
}

/// The line (1-based) of the `nth` occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str, nth: usize) -> usize {
    let at = text.match_indices(needle).nth(nth).unwrap().0;
    text[..at].matches('\n').count() + 1
}

#[test]
fn set_file_repeats_are_reported_with_their_line_and_no_annotation_is_dropped() {
    let article = &one_article();
    let article = article.get(&ArticleId::new("a1")).unwrap();
    let at = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let annotation = |id: &str, range: std::ops::Range<usize>, kind: KindName| Annotation {
        id: AnnotationId::new(id),
        article: article.id.clone(),
        span: article.text.span(range).unwrap(),
        author: "kb".into(),
        created: at,
        modified: at,
        note: String::new(),
        tags: Vec::new(),
        kind: Kind::empty(kind),
    };
    let ron = |v: &dyn erased::Ron| v.ron();
    let entity = |id: &str, name: &str| Entity {
        id: EntityId::new(id),
        name: name.into(),
        kind: EntityKind::Person,
        aliases: Vec::new(),
    };
    let proposition = |id: &str, statement: &str| Proposition {
        id: PropositionId::new(id),
        statement: statement.into(),
    };
    let text = format!(
        "(\n    format: 2,\n    set: (\n        format: 2,\n        name: \"harbour\",\n        entities: [\n            {},\n            {},\n        ],\n        propositions: [\n            {},\n            {},\n        ],\n    ),\n    articles: {{\n        \"a1\": (format: 2, meta: (outlet: \"Coast Times\"), annotations: [\n            {},\n        ]),\n        \"a1\": (format: 2, meta: (outlet: \"Bay Courier\"), annotations: [\n            {},\n            {},\n        ]),\n    }},\n)\n",
        ron(&entity("brandt", "Ilse Brandt")),
        ron(&entity("brandt", "Jon Ulf")),
        ron(&proposition("p1", "The night ferry resumes next month")),
        ron(&proposition("p1", "The pier was repaired")),
        ron(&annotation("c1", 4..19, KindName::Claim)),
        ron(&annotation("c2", 20..29, KindName::Quote)),
        ron(&annotation("c1", 35..42, KindName::Stance)),
    );
    let imported = import_text(Format::Set, "shared.ron", &text);
    assert_eq!(spans(&imported), [(4, 19, "claim"), (20, 29, "quote")]);
    let r = &imported.report;
    assert_eq!((r.entities, r.propositions, r.annotations), (1, 1, 2));
    let entity_line = line_of(&text, "id: \"brandt\"", 1);
    let proposition_line = line_of(&text, "id: \"p1\"", 1);
    let (first_key, second_key) = (line_of(&text, "\"a1\":", 0), line_of(&text, "\"a1\":", 1));
    assert_eq!(
        problems(r),
        [
            format!(
                "{entity_line} entities brandt|not imported|entity id brandt is used twice (first at line {}); the second (\"Jon Ulf\") was not imported",
                entity_line - 1
            ),
            format!(
                "{proposition_line} propositions p1|not imported|proposition id p1 is used twice (first at line {}); the second (\"The pier was repaired\") was not imported",
                proposition_line - 1
            ),
            format!(
                "{second_key} article a1|not imported|article key a1 is used twice (first at line {first_key}); the metadata and fingerprint of the second were not imported"
            ),
            " article a1 annotation c1|not imported|annotation id c1 is used twice in the input"
                .to_owned(),
        ]
    );
}

/// RON of any serialisable value, for writing set files by hand.
mod erased {
    pub trait Ron {
        fn ron(&self) -> String;
    }
    impl<T: serde::Serialize> Ron for T {
        fn ron(&self) -> String {
            // As Concord writes its files.
            ron::Options::default()
                .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
                .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES)
                .to_string_pretty(
                    self,
                    ron::ser::PrettyConfig::new()
                        .compact_structs(true)
                        .compact_arrays(true),
                )
                .unwrap()
        }
    }
}

#[test]
fn conll_export_counts_what_it_wrote_and_lists_the_overlaps_it_left_out() {
    use concord::core::edit::Edit;
    use concord::core::export::{self, ExportOptions};
    let corpus = one_article();
    let article = corpus.get(&ArticleId::new("a1")).unwrap();
    let at = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let mut set = AnnotationSet::default();
    // Two claims inside a longer one, a quote over them all (its own
    // column), and a claim elsewhere.
    for (id, range, kind) in [
        ("long", 4..42, KindName::Claim),
        ("inner1", 4..19, KindName::Claim),
        ("inner2", 20..29, KindName::Claim),
        ("q", 0..42, KindName::Quote),
        ("later", 48..63, KindName::Claim),
    ] {
        let a = Annotation {
            id: AnnotationId::new(id),
            article: article.id.clone(),
            span: article.text.span(range).unwrap(),
            author: Default::default(),
            created: at,
            modified: at,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::empty(kind),
        };
        apply(&mut set, Edit::AddAnnotation(Box::new(a))).unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.conll");
    let report = export::export(
        export::Format::Conll,
        &set,
        &corpus,
        &ExportOptions::default(),
        &out,
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(report.annotations, 3, "5 chosen, 2 left out");
    let mut left: Vec<&str> = report
        .left_out
        .iter()
        .map(|l| l.annotation.as_ref().unwrap().as_str())
        .collect();
    left.sort();
    assert_eq!(left, ["inner1", "inner2"]);
    assert!(
        report
            .left_out
            .iter()
            .all(|l| l.reason == "in CoNLL it overlaps a longer claim"),
        "{:?}",
        report.left_out
    );
    let written = std::fs::read_to_string(out).unwrap();
    let begins = written.matches("\tB-").count();
    assert_eq!(begins, report.annotations, "one B- tag per span written");
}
