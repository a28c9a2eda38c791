//! Saves that are killed, run out of disk, or race another writer: the set
//! on disk is always the state before the save or the state after it.
//!
//! The kill test re-runs this test binary as the writer: `child_saves`
//! does nothing unless `CONCORD_CRASH_CHILD` names a project folder.

use concord::core::edit::{Edit, apply, merge_entities};
use concord::core::generate::{Rng, Spec, write_project};
use concord::core::import::NewArticle;
use concord::core::model::{AnnotationSet, ArticleId, ArticleMeta, Kind};
use concord::core::store::{Disk, MANIFEST_FILE, Project, RealDisk, disk::is_temp_name};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const CHILD: &str = "CONCORD_CRASH_CHILD";
const NEW_ARTICLE: &str = "zz-late-wire";

/// The save under test: an entity merge (references rewritten in many
/// articles, one entity removed from `set.ron`), a title on every article
/// (every article file rewritten) and one new article text.
fn the_edit(set: &AnnotationSet) -> Edit {
    let from = set
        .annotations()
        .find_map(|a| match &a.kind {
            Kind::Quote(q) => q.speaker.clone(),
            _ => None,
        })
        .expect("a quote with a speaker");
    let into = set
        .entities()
        .keys()
        .find(|e| **e != from)
        .cloned()
        .expect("a second entity");
    let mut edits = vec![merge_entities(set, &from, &into).expect("merges")];
    for (id, anns) in set.articles() {
        edits.push(Edit::SetArticleMeta {
            article: id.clone(),
            meta: ArticleMeta {
                title: format!("Checked against the wire: {id}"),
                ..anns.record.meta.clone()
            },
        });
    }
    Edit::Batch(edits)
}

fn new_article(root: &Path) -> NewArticle {
    NewArticle {
        path: root.join("articles").join(format!("{NEW_ARTICLE}.txt")),
        text: "Talks resumed on Thursday, the agency said.\n".into(),
    }
}

/// The two states a save may leave: sets, and whether the new article is in.
struct States {
    before: AnnotationSet,
    after: AnnotationSet,
}

impl States {
    fn of(root: &Path) -> States {
        let before = Project::open(root).expect("opens").set;
        let mut after = before.clone();
        apply(&mut after, the_edit(&before)).expect("applies");
        assert_ne!(before, after);
        States { before, after }
    }

    /// Which state `project` is in ("before" or "after"); panics on a mix.
    fn which(&self, project: &Project, what: &str) -> &'static str {
        let has_new = project.corpus.get(&ArticleId::new(NEW_ARTICLE)).is_some();
        if project.set == self.before {
            assert!(!has_new, "{what}: old set but the new article is in");
            "before"
        } else if project.set == self.after {
            assert!(has_new, "{what}: new set but the new article is missing");
            "after"
        } else {
            panic!("{what}: the set is neither the state before the save nor after it");
        }
    }
}

fn generated(root: &Path, articles: usize) {
    write_project(
        &Spec {
            articles,
            annotations_per_article: 8,
            seed: 17,
        },
        root,
    )
    .expect("writes the project");
}

fn copy_tree(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Temporary files and manifests anywhere below `root`.
fn leftovers(root: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else if is_temp_name(&name) || name == MANIFEST_FILE {
                out.push(entry.path());
            }
        }
    }
    out
}

/// After an interrupted save: a reader sees one state, the writable open
/// that recovers sees the same one and leaves nothing behind.
fn check_recovery(root: &Path, states: &States, what: &str) -> &'static str {
    let read = Project::open(root).unwrap_or_else(|e| panic!("{what}: read-only open: {e}"));
    let seen = states.which(&read, &format!("{what} (reader)"));
    let project = Project::open_writable(root, Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("{what}: writable open: {e}"));
    let recovered = states.which(&project, &format!("{what} (writer)"));
    assert_eq!(
        seen, recovered,
        "{what}: the reader and the writer disagree"
    );
    assert_eq!(leftovers(root), Vec::<PathBuf>::new(), "{what}: left over");
    recovered
}

/// The writer, run as a child process by `kill_during_save_*`.
#[test]
fn child_saves() {
    let Some(root) = std::env::var_os(CHILD) else {
        return;
    };
    let root = PathBuf::from(root);
    let mut project = Project::open_writable(&root, Duration::from_secs(10)).expect("opens");
    let edit = the_edit(&project.set);
    apply(&mut project.set, edit).expect("applies");
    let mut out = io::stdout().lock();
    writeln!(out, "saving").unwrap();
    out.flush().unwrap();
    let start = Instant::now();
    project
        .save_with_articles(&[new_article(&root)])
        .expect("saves");
    writeln!(out, "saved {}", start.elapsed().as_micros()).unwrap();
    out.flush().unwrap();
}

fn spawn_child(root: &Path) -> (std::process::Child, BufReader<std::process::ChildStdout>) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "child_saves", "--nocapture", "--test-threads=1"])
        .env(CHILD, root)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the test binary runs");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    (child, stdout)
}

/// Reads the child's lines until one says `prefix`; what follows it.
fn line_starting(out: &mut BufReader<std::process::ChildStdout>, prefix: &str) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child ended before saying {prefix:?}"
        );
        // The harness may print its own "test child_saves ... " first.
        if let Some(at) = line.find(prefix) {
            return line[at + prefix.len()..].trim().to_owned();
        }
    }
}

#[test]
fn kill_during_save_leaves_the_state_before_or_after() {
    let tmp = tempfile::tempdir().unwrap();
    let pristine = tmp.path().join("pristine");
    let work = tmp.path().join("work");
    generated(&pristine, 50);
    let states = States::of(&pristine);

    // One save that is not killed: how long a save takes here.
    copy_tree(&pristine, &work);
    let (mut child, mut out) = spawn_child(&work);
    line_starting(&mut out, "saving");
    let micros: u64 = line_starting(&mut out, "saved").parse().unwrap();
    assert!(child.wait().unwrap().success());
    assert_eq!(check_recovery(&work, &states, "uninterrupted"), "after");

    let started = Instant::now();
    let mut rng = Rng(0xC0FFEE);
    let (mut before, mut after) = (0, 0);
    for kill in 0..200 {
        copy_tree(&pristine, &work);
        let (mut child, mut out) = spawn_child(&work);
        line_starting(&mut out, "saving");
        // Mostly inside the save, some just past its end.
        let delay = rng.below((micros + micros / 5).max(1) as usize) as u64;
        std::thread::sleep(Duration::from_micros(delay));
        child.kill().unwrap();
        child.wait().unwrap();
        match check_recovery(&work, &states, &format!("kill {kill} after {delay} µs")) {
            "before" => before += 1,
            _ => after += 1,
        }
    }
    eprintln!(
        "200 kills in {:.1} s (a save takes {micros} µs): {before} before, {after} after",
        started.elapsed().as_secs_f64()
    );
    assert_eq!(before + after, 200);
    assert!(before > 0 && after > 0, "{before} before, {after} after");
}

/// The real disk, except that operation number `fail_at` fails as a full
/// disk would.
struct FullDisk {
    fail_at: usize,
    count: AtomicUsize,
}

impl FullDisk {
    fn new(fail_at: usize) -> Self {
        FullDisk {
            fail_at,
            count: AtomicUsize::new(0),
        }
    }

    fn step(&self) -> io::Result<()> {
        if self.count.fetch_add(1, Ordering::SeqCst) == self.fail_at {
            // ENOSPC.
            Err(io::Error::from_raw_os_error(28))
        } else {
            Ok(())
        }
    }
}

impl Disk for FullDisk {
    fn create(&self, path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
        self.step()?;
        RealDisk.create(path, bytes, mode)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.step()?;
        RealDisk.rename(from, to)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        self.step()?;
        RealDisk.remove(path)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.step()?;
        RealDisk.sync_dir(dir)
    }
}

#[test]
fn a_full_disk_at_any_step_of_a_save_leaves_the_state_before_or_after() {
    let tmp = tempfile::tempdir().unwrap();
    let pristine = tmp.path().join("pristine");
    let work = tmp.path().join("work");
    generated(&pristine, 12);
    let states = States::of(&pristine);

    let save = |disk: &FullDisk| {
        copy_tree(&pristine, &work);
        let mut project = Project::open_writable(&work, Duration::ZERO).unwrap();
        let edit = the_edit(&project.set);
        apply(&mut project.set, edit).unwrap();
        let result = project.save_on(disk, &[new_article(&work)]);
        (result, project.set.is_dirty())
    };
    let counting = FullDisk::new(usize::MAX);
    let (result, _) = save(&counting);
    result.expect("saves without a failure");
    let steps = counting.count.load(Ordering::SeqCst);
    assert!(steps > 2 * 13, "every file is written and renamed: {steps}");

    let (mut before, mut after) = (0, 0);
    for fail_at in 0..steps {
        let (result, dirty) = save(&FullDisk::new(fail_at));
        let err = result.expect_err("the injected failure is reported");
        assert!(err.to_string().contains("No space left"), "{err}");
        let what = format!("disk full at step {fail_at} of {steps}");
        match check_recovery(&work, &states, &what) {
            "before" => {
                assert!(dirty, "{what}: an uncommitted save keeps the edits unsaved");
                before += 1;
            }
            _ => after += 1,
        }
    }
    assert!(before > 0 && after > 0, "{before} before, {after} after");
}

/// Readers opening while a writer commits again and again each see one of
/// the two states.
#[test]
fn readers_see_one_state_while_a_writer_commits() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    generated(&root, 30);
    let states = States::of(&root);
    let mut writer = Project::open_writable(&root, Duration::ZERO).unwrap();
    let edit = the_edit(&writer.set);
    let done = std::sync::atomic::AtomicBool::new(false);
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| {
            let mut reads = 0;
            while !done.load(Ordering::SeqCst) {
                let project = Project::open(&root).expect("a reader always opens");
                let set = &project.set;
                assert!(
                    *set == states.before || *set == states.after,
                    "read {reads}: a mix"
                );
                reads += 1;
            }
            reads
        });
        let mut history = concord::core::edit::History::default();
        history.apply(&mut writer.set, edit).unwrap();
        for round in 0..20 {
            writer.save().unwrap();
            if round % 2 == 0 {
                history.undo(&mut writer.set).unwrap();
            } else {
                history.redo(&mut writer.set).unwrap();
            }
        }
        done.store(true, Ordering::SeqCst);
        assert!(reader.join().unwrap() > 0);
    });
}

fn import(root: &Path, input: &Path, wait: Option<&str>) -> std::process::Child {
    let mut args = vec![
        "import".to_owned(),
        "--format".into(),
        "articles".into(),
        input.to_string_lossy().into_owned(),
        root.to_string_lossy().into_owned(),
    ];
    if let Some(secs) = wait {
        args.extend(["--wait".into(), secs.into()]);
    }
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

/// A folder of `n` new article texts named `<prefix>-<i>.txt`.
fn texts(dir: &Path, prefix: &str, n: usize) -> Vec<ArticleId> {
    std::fs::create_dir_all(dir).unwrap();
    (0..n)
        .map(|i| {
            let id = format!("{prefix}-{i}");
            std::fs::write(
                dir.join(format!("{id}.txt")),
                format!("The ministry confirmed report {i} from desk {prefix} on Friday.\n"),
            )
            .unwrap();
            ArticleId::new(id)
        })
        .collect()
}

fn present(root: &Path, ids: &[ArticleId]) -> usize {
    let project = Project::open(root).unwrap();
    ids.iter()
        .filter(|id| project.corpus.get(id).is_some())
        .count()
}

#[test]
fn two_imports_at_once_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let pristine = tmp.path().join("pristine");
    generated(&pristine, 3);
    let a = texts(&tmp.path().join("in-a"), "desk-a", 4);
    let b = texts(&tmp.path().join("in-b"), "desk-b", 4);
    let work = tmp.path().join("work");
    for (trial, wait) in (0..40).map(|t| (t, (t % 2 == 0).then_some("30"))) {
        copy_tree(&pristine, &work);
        let first = import(&work, &tmp.path().join("in-a"), wait);
        let second = import(&work, &tmp.path().join("in-b"), wait);
        for (child, ids) in [(first, &a), (second, &b)] {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            let found = present(&work, ids);
            match out.status.code() {
                Some(0) => assert_eq!(found, ids.len(), "trial {trial}: exit 0, import whole"),
                Some(2) if wait.is_none() => {
                    assert!(stderr.contains("open for writing by process"), "{stderr}");
                    assert_eq!(found, 0, "trial {trial}: refused, nothing written");
                }
                other => panic!("trial {trial}: exit {other:?} with --wait {wait:?}: {stderr}"),
            }
        }
    }
}

#[test]
fn an_import_into_a_held_project_waits_or_is_refused_naming_the_holder() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("p");
    generated(&root, 3);
    let ids = texts(&tmp.path().join("in"), "desk-c", 2);
    let holder = Project::open_writable(&root, Duration::ZERO).unwrap();
    let out = import(&root, &tmp.path().join("in"), None)
        .wait_with_output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&format!("process {} on ", std::process::id())),
        "{stderr}"
    );
    assert!(stderr.contains(" since "), "{stderr}");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("imported"));
    assert_eq!(present(&root, &ids), 0);

    // Read-only commands work meanwhile.
    let stats = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(["stats", root.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(stats.status.code(), Some(0));

    // With --wait, it goes ahead once the holder closes.
    let waiting = import(&root, &tmp.path().join("in"), Some("30"));
    std::thread::sleep(Duration::from_millis(300));
    drop(holder);
    let out = waiting.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported"));
    assert_eq!(present(&root, &ids), 2);
}

#[test]
fn a_second_writer_is_refused_and_a_reader_is_not() {
    let tmp = tempfile::tempdir().unwrap();
    generated(tmp.path(), 2);
    let first = Project::open_writable(tmp.path(), Duration::ZERO).unwrap();
    assert!(!first.read_only());
    let start = Instant::now();
    let err = Project::open_writable(tmp.path(), Duration::from_millis(300)).unwrap_err();
    assert!(start.elapsed() >= Duration::from_millis(300), "it waited");
    match &err {
        concord::core::error::FileError::Locked { holder, .. } => {
            assert!(
                holder.contains(&format!("process {}", std::process::id())),
                "{holder}"
            )
        }
        other => panic!("expected Locked, got {other}"),
    }
    let mut reader = Project::open(tmp.path()).unwrap();
    assert!(reader.read_only());
    assert_eq!(reader.set, first.set);
    let removed = reader.set.entities().keys().next().cloned().unwrap();
    apply(&mut reader.set, Edit::RemoveEntity(removed)).unwrap();
    assert!(matches!(
        reader.save(),
        Err(concord::core::error::FileError::ReadOnly { .. })
    ));
    drop(first);
    assert!(Project::open_writable(tmp.path(), Duration::ZERO).is_ok());
}
