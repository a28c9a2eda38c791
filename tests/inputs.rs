//! Inputs that are not what they seem: files that are not regular files,
//! articles that cannot be read among good ones, and records importers
//! could not map. Nothing hangs, nothing is dropped without a word.

use concord::core::article::{Corpus, MAX_ARTICLE_BYTES, read_limited};
use concord::core::error::FileError;
use concord::core::import::{self, Format, ProblemKind};
use concord::core::model::{AnnotationSet, ArticleId};
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
    harness.get_by_label("broken.txt");
    harness.get_by_label("not valid UTF-8 at byte 5");
    harness.get_by_label("folder.txt");
    harness.get_by_label("a folder where a file was expected; not read");
}
