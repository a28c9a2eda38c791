//! The set's files: save→load identity, deterministic bytes, undo back to the
//! original, clear errors on broken files, and atomic writes.

use concord::core::edit::{Edit, History, merge_entities};
use concord::core::error::FileError;
use concord::core::generate::{Spec, generate, write_project};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, Entity, EntityId, EntityKind,
    Kind, KindName, Proposition, PropositionId,
};
use concord::core::store::{Project, load_set, save_set, save_set_as, write_atomic};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn small() -> (concord::core::article::Corpus, AnnotationSet) {
    generate(&Spec {
        articles: 3,
        annotations_per_article: 8,
        seed: 7,
    })
}

/// Every file below `dir`, with its bytes, sorted by path.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((
                    path.strip_prefix(dir).unwrap().to_owned(),
                    std::fs::read(&path).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

/// One random change, described by small numbers so proptest can shrink it.
#[derive(Clone, Debug)]
enum Op {
    Add {
        article: usize,
        from: usize,
        len: usize,
        kind: usize,
    },
    Remove(usize),
    Retag(usize, usize),
    PutEntity(usize),
    RemoveEntity(usize),
    Merge(usize, usize),
    PutProposition(usize),
    RemoveProposition(usize),
    Meta(usize, usize),
    Pair(Box<Op>, Box<Op>),
}

fn op() -> impl Strategy<Value = Op> {
    let leaf = prop_oneof![
        (0..3usize, 0..400usize, 1..40usize, 0..3usize).prop_map(|(article, from, len, kind)| {
            Op::Add {
                article,
                from,
                len,
                kind,
            }
        }),
        (0..64usize).prop_map(Op::Remove),
        (0..64usize, 0..3usize).prop_map(|(a, k)| Op::Retag(a, k)),
        (0..30usize).prop_map(Op::PutEntity),
        (0..30usize).prop_map(Op::RemoveEntity),
        (0..30usize, 0..30usize).prop_map(|(a, b)| Op::Merge(a, b)),
        (0..70usize).prop_map(Op::PutProposition),
        (0..70usize).prop_map(Op::RemoveProposition),
        (0..3usize, 0..4usize).prop_map(|(a, t)| Op::Meta(a, t)),
    ];
    leaf.prop_recursive(2, 4, 2, |inner| {
        (inner.clone(), inner).prop_map(|(a, b)| Op::Pair(Box::new(a), Box::new(b)))
    })
}

fn nth<T: Clone>(items: impl Iterator<Item = T>, n: usize) -> Option<T> {
    let items: Vec<T> = items.collect();
    (!items.is_empty()).then(|| items[n % items.len()].clone())
}

fn to_edit(
    op: &Op,
    set: &AnnotationSet,
    corpus: &concord::core::article::Corpus,
    counter: &mut usize,
) -> Option<Edit> {
    let entity_ids = || set.entities().keys().cloned();
    Some(match op {
        Op::Add {
            article,
            from,
            len,
            kind,
        } => {
            let article = nth(corpus.articles(), *article)?;
            let n = article.text.len_chars();
            let start = from % n.max(1);
            let span = article.text.span(start..(start + len).min(n)).ok()?;
            *counter += 1;
            Edit::AddAnnotation(Box::new(Annotation {
                id: AnnotationId::new(format!("new{counter}")),
                article: article.id.clone(),
                span,
                author: "prop".into(),
                created: jiff::Timestamp::UNIX_EPOCH,
                modified: jiff::Timestamp::UNIX_EPOCH,
                note: "n".into(),
                tags: vec!["t".into()],
                kind: Kind::empty(KindName::ALL[*kind]),
            }))
        }
        Op::Remove(i) => Edit::RemoveAnnotation(nth(set.annotations().map(|a| a.id.clone()), *i)?),
        Op::Retag(i, k) => {
            let mut a = nth(set.annotations().cloned(), *i)?;
            a.kind = Kind::empty(KindName::ALL[*k]);
            Edit::ReplaceAnnotation(Box::new(a))
        }
        Op::PutEntity(i) => Edit::PutEntity(Entity {
            id: EntityId::new(format!("e{i}")),
            name: format!("Entity {i}"),
            kind: EntityKind::Person,
            aliases: vec![format!("E{i}")],
        }),
        Op::RemoveEntity(i) => Edit::RemoveEntity(nth(entity_ids(), *i)?),
        Op::Merge(a, b) => {
            merge_entities(set, &nth(entity_ids(), *a)?, &nth(entity_ids(), *b)?).ok()?
        }
        Op::PutProposition(i) => Edit::PutProposition(Proposition {
            id: PropositionId::new(format!("prop{i}")),
            statement: format!("Statement {i}"),
        }),
        Op::RemoveProposition(i) => Edit::RemoveProposition(PropositionId::new(format!("prop{i}"))),
        Op::Meta(a, t) => Edit::SetArticleMeta {
            article: nth(corpus.articles(), *a)?.id.clone(),
            meta: ArticleMeta {
                title: ["", "A", "B", "Ünïcødé 😀"][*t].into(),
                ..ArticleMeta::default()
            },
        },
        Op::Pair(a, b) => Edit::Batch(vec![
            to_edit(a, set, corpus, counter)?,
            to_edit(b, set, corpus, counter)?,
        ]),
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random edits, then undo all: the original set. Redo all: the edited one.
    /// A refused edit leaves the set untouched.
    #[test]
    fn undo_all_restores_original(ops in prop::collection::vec(op(), 1..30)) {
        let (corpus, original) = small();
        let mut set = original.clone();
        let mut history = History::default();
        let mut counter = 0;
        let mut applied = 0;
        for op in &ops {
            let Some(edit) = to_edit(op, &set, &corpus, &mut counter) else { continue };
            let before = set.clone();
            match history.apply(&mut set, edit) {
                Ok(()) => applied += 1,
                Err(_) => prop_assert_eq!(&set, &before, "a refused edit changed the set"),
            }
        }
        let edited = set.clone();
        let mut undone = 0;
        while history.undo(&mut set).unwrap() {
            undone += 1;
        }
        prop_assert_eq!(undone, applied);
        prop_assert_eq!(&set, &original);
        while history.redo(&mut set).unwrap() {}
        prop_assert_eq!(&set, &edited);
    }

    /// Save then load gives the same set, and saving it again gives the same bytes.
    #[test]
    fn save_load_is_identity(ops in prop::collection::vec(op(), 0..15)) {
        let (corpus, mut set) = small();
        let mut counter = 0;
        for op in &ops {
            if let Some(edit) = to_edit(op, &set, &corpus, &mut counter) {
                let _ = concord::core::edit::apply(&mut set, edit);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a");
        save_set_as(&mut set, &a).unwrap();
        let mut loaded = load_set(&a).unwrap().set;
        prop_assert_eq!(&loaded, &set);
        let b = dir.path().join("b");
        save_set_as(&mut loaded, &b).unwrap();
        prop_assert_eq!(snapshot(&a), snapshot(&b));
    }
}

#[test]
fn a_snapshot_is_the_same_set_with_working_lookups() {
    let (_, set) = small();
    let copy = set.snapshot().into_set();
    assert_eq!(copy, set);
    for a in set.annotations() {
        assert_eq!(copy.annotation(&a.id), Some(a));
    }
    assert_eq!(copy.annotation(&AnnotationId::new("nope")), None);
}

#[test]
fn incremental_save_writes_only_the_edited_article() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: 20,
            annotations_per_article: 5,
            seed: 3,
        },
        dir.path(),
    )
    .unwrap();
    let mut project = Project::open_writable(dir.path(), std::time::Duration::ZERO).unwrap();
    assert!(!project.set.is_dirty());
    let first = project.set.annotations().next().unwrap().clone();
    let mut changed = first.clone();
    changed.note = "checked against the wire copy".into();
    concord::core::edit::apply(&mut project.set, Edit::ReplaceAnnotation(Box::new(changed)))
        .unwrap();
    let report = project.save().unwrap();
    assert_eq!(report.files_written, 1, "only the edited article's file");
    assert!(!project.set.is_dirty());
    let reloaded = Project::open(dir.path()).unwrap();
    assert_eq!(
        reloaded.set.annotation(&first.id).unwrap().note,
        "checked against the wire copy"
    );
    assert_eq!(reloaded.set, project.set);
}

fn generated_project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: 2,
            annotations_per_article: 6,
            seed: 11,
        },
        dir.path(),
    )
    .unwrap();
    let article_file = dir.path().join("annotations/generated/articles/a00000.ron");
    assert!(article_file.is_file());
    (dir, article_file)
}

/// Opens the project with `file` replaced by `bytes`; the error, and proof
/// that the broken file was left exactly as it was.
fn open_with(root: &Path, file: &Path, bytes: &[u8]) -> FileError {
    std::fs::write(file, bytes).unwrap();
    let err = Project::open(root).expect_err("a broken file must not load");
    assert_eq!(
        std::fs::read(file).unwrap(),
        bytes,
        "the loader must not touch the file"
    );
    err
}

#[test]
fn truncated_and_garbage_files_give_file_line_and_column() {
    let (dir, file) = generated_project();
    let good = std::fs::read(&file).unwrap();
    let set_file = dir.path().join("annotations/generated/set.ron");
    let good_set = std::fs::read(&set_file).unwrap();
    let mut cases: Vec<(&Path, Vec<u8>)> = Vec::new();
    for cut in [1, good.len() / 3, good.len() / 2, good.len() - 3] {
        cases.push((&file, good[..cut].to_vec()));
    }
    cases.push((&set_file, good_set[..good_set.len() / 2].to_vec()));
    cases.push((&file, b"(format: 1, annotations: [(id: \"x\")])".to_vec()));
    cases.push((&file, b"{\"json\": \"is not RON\"}".to_vec()));
    cases.push((&file, b"(format: \"one\")".to_vec()));
    cases.push((
        &file,
        String::from_utf8_lossy(&good)
            .replace("kind: ", "knd: ")
            .into_bytes(),
    ));
    for (path, bytes) in cases {
        match open_with(dir.path(), path, &bytes) {
            FileError::Parse {
                path: p,
                at,
                message,
            } => {
                assert_eq!(p, path);
                assert!(at.line >= 1 && at.col >= 1, "{at:?}");
                assert!(!message.is_empty());
            }
            other => panic!("expected a parse error for {}, got {other}", path.display()),
        }
        let shown = open_with(dir.path(), path, &bytes).to_string();
        let name = path.file_name().unwrap().to_string_lossy();
        assert!(shown.contains(&*name), "{shown}");
        assert!(
            shown.split(&*name).nth(1).unwrap().starts_with(':'),
            "file:line:col in {shown}"
        );
        std::fs::write(&file, &good).unwrap();
        std::fs::write(&set_file, &good_set).unwrap();
    }
    // Invalid UTF-8 names the byte.
    let mut bad = good.clone();
    bad[10] = 0xFF;
    assert!(matches!(
        open_with(dir.path(), &file, &bad),
        FileError::Utf8 { byte: 10, .. }
    ));
}

#[test]
fn newer_format_is_refused_with_a_clear_message() {
    let (dir, file) = generated_project();
    let text = std::fs::read_to_string(&file).unwrap();
    let newer = text.replacen("format: 2,", "format: 7,\n    from_the_future: true,", 1);
    let err = open_with(dir.path(), &file, newer.as_bytes());
    assert!(
        matches!(
            err,
            FileError::NewerFormat {
                found: 7,
                supported: 2,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("newer Concord"));
}

/// A format-1 article file using every field it had loads into format 2's
/// model (one `proposition` becomes `propositions`) and is written back as
/// format 2 with every value kept.
#[test]
fn format_1_files_migrate_with_every_field() {
    let dir = tempfile::tempdir().unwrap();
    let set_dir = dir.path().join("main");
    std::fs::create_dir_all(set_dir.join("articles")).unwrap();
    std::fs::write(
        set_dir.join("set.ron"),
        r#"#![enable(implicit_some)]
#![enable(unwrap_variant_newtypes)]
(
    format: 1,
    name: "old",
    annotator: "ed",
    schema: (claim: ["military"], quote: [], stance: []),
    rules: {"X108": off},
    entities: [(id: "kim", name: "Kim Jong Un", kind: person, aliases: ["Kim", "김정은"])],
    propositions: [(id: "p1", statement: "They met at the cosmodrome")],
    utterances: [(id: "u1", speaker: "kim", wording: "a just fight")],
)
"#,
    )
    .unwrap();
    std::fs::write(
        set_dir.join("articles/a.ron"),
        r#"#![enable(implicit_some)]
#![enable(unwrap_variant_newtypes)]
(
    format: 1,
    fingerprint: "sha256:00",
    meta: (outlet: "Ledger", title: "T", author: "A", published: "2023-09-13", url: "https://example.org/a", language: "en"),
    annotations: [
        (id: "c1", span: (start: 0, end: 3, exact: "Kim", prefix: "", suffix: " said"), author: "me", created: "2024-01-01T00:00:00Z", modified: "2024-01-02T00:00:00Z", note: "n", tags: ["military"], kind: claim(proposition: "p1", worthiness: non_factual, attributed_to: "kim")),
        (id: "q1", span: (start: 10, end: 22, exact: "a just fight", prefix: "Kim said “", suffix: "” at"), created: "2024-01-01T00:00:00Z", modified: "2024-01-01T00:00:00Z", kind: quote(speaker: "kim", mode: partial, cue: (start: 4, end: 8, exact: "said", prefix: "Kim ", suffix: " “a"), utterance: "u1")),
    ],
)
"#,
    )
    .unwrap();
    let mut set = load_set(&set_dir).unwrap().set;
    assert!(set.is_dirty(), "migrated on load");
    let c1 = set.annotation(&AnnotationId::new("c1")).unwrap().clone();
    let Kind::Claim(claim) = &c1.kind else {
        panic!("c1 is a claim")
    };
    assert_eq!(claim.propositions.as_slice(), [PropositionId::new("p1")]);
    assert_eq!(claim.attributed_to, Some(EntityId::new("kim")));
    assert_eq!((c1.note.as_str(), c1.author.as_str()), ("n", "me"));
    save_set(&mut set, &set_dir).unwrap();
    let article = std::fs::read_to_string(set_dir.join("articles/a.ron")).unwrap();
    let set_file = std::fs::read_to_string(set_dir.join("set.ron")).unwrap();
    for file in [&article, &set_file] {
        assert!(file.contains("format: 2,"), "{file}");
    }
    assert!(article.contains(r#"propositions: ["p1"]"#), "{article}");
    assert!(!article.contains("proposition:"), "{article}");
    for kept in [
        "published: \"2023-09-13\"",
        "cue: (start: 4, end: 8",
        "mode: partial",
        "utterance: \"u1\"",
        "tags: [\"military\"]",
        "fingerprint: \"sha256:00\"",
    ] {
        assert!(article.contains(kept), "{kept} lost: {article}");
    }
    for kept in ["\"X108\": off", "김정은", "annotator: \"ed\""] {
        assert!(set_file.contains(kept), "{kept} lost: {set_file}");
    }
    assert_eq!(load_set(&set_dir).unwrap().set, set);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    /// Whatever bytes are in the file, loading returns (never panics).
    #[test]
    fn loader_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..300), keep in 0usize..2000) {
        let (dir, file) = generated_project();
        let good = std::fs::read(&file).unwrap();
        let mut mixed = good[..keep.min(good.len())].to_vec();
        mixed.extend(bytes);
        std::fs::write(&file, &mixed).unwrap();
        let _ = Project::open(dir.path());
        prop_assert_eq!(std::fs::read(&file).unwrap(), mixed);
    }
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temp_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("set.ron");
    std::fs::write(&path, "the old contents").unwrap();
    let err = write_atomic(&path, |w| {
        w.write_all(b"half of the new con")?;
        Err(std::io::Error::other("disk full (injected)"))
    })
    .unwrap_err();
    assert_eq!(err.to_string(), "disk full (injected)");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "the old contents");
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        names,
        vec![std::ffi::OsString::from("set.ron")],
        "temp file cleaned up"
    );
    write_atomic(&path, |w| w.write_all(b"new")).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
}

#[test]
fn a_failed_save_keeps_old_files_and_the_unsaved_edit() {
    let (dir, _) = generated_project();
    let mut project = Project::open_writable(dir.path(), std::time::Duration::ZERO).unwrap();
    let set_file = dir.path().join("annotations/generated/set.ron");
    let old_set = std::fs::read(&set_file).unwrap();
    let article = ArticleId::new("a00001");
    let target = dir.path().join("annotations/generated/articles/a00001.ron");
    let old_article = std::fs::read(&target).unwrap();
    concord::core::edit::apply(
        &mut project.set,
        Edit::SetArticleMeta {
            article: article.clone(),
            meta: ArticleMeta {
                title: "Changed".into(),
                ..ArticleMeta::default()
            },
        },
    )
    .unwrap();
    // Make the rename onto the article's file fail: a folder stands in its way
    // in a copy of the set.
    let blocked = dir.path().join("blocked");
    std::fs::create_dir_all(blocked.join("articles/a00001.ron/inner")).unwrap();
    let err = save_set(&mut project.set, &blocked).unwrap_err();
    assert!(err.to_string().contains("a00001.ron"), "{err}");
    assert!(
        project.set.is_dirty(),
        "the edit is still unsaved, so a retry saves it"
    );
    assert_eq!(std::fs::read(&set_file).unwrap(), old_set);
    assert_eq!(std::fs::read(&target).unwrap(), old_article);
    project.save().unwrap();
    assert_eq!(
        Project::open(dir.path())
            .unwrap()
            .set
            .article(&article)
            .unwrap()
            .record
            .meta
            .title,
        "Changed"
    );
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn retitle(project: &mut Project, article: &str, title: &str) {
    concord::core::edit::apply(
        &mut project.set,
        Edit::SetArticleMeta {
            article: ArticleId::new(article),
            meta: ArticleMeta {
                title: title.into(),
                ..ArticleMeta::default()
            },
        },
    )
    .unwrap();
}

fn writable(root: &Path) -> Project {
    Project::open_writable(root, std::time::Duration::ZERO).unwrap()
}

/// Under umask 022: a rewritten file keeps its mode (0644 or 0640), a new
/// file and an export are 0644, not a temporary file's 0600.
#[cfg(unix)]
#[test]
fn saves_and_exports_keep_modes() {
    // SAFETY: umask only sets the process's file-creation mask.
    unsafe { libc::umask(0o022) };
    let (dir, _) = generated_project();
    let set_file = dir.path().join("annotations/generated/set.ron");
    let article = dir.path().join("annotations/generated/articles/a00001.ron");
    set_mode(&set_file, 0o644);
    set_mode(&article, 0o640);
    let mut project = writable(dir.path());
    retitle(&mut project, "a00001", "Mode kept");
    let entity = Entity {
        id: EntityId::new("tass"),
        name: "TASS".into(),
        kind: EntityKind::Outlet,
        aliases: Vec::new(),
    };
    concord::core::edit::apply(&mut project.set, Edit::PutEntity(entity)).unwrap();
    let new = dir.path().join("articles/late.txt");
    let report = project
        .save_with_articles(&[concord::core::import::NewArticle {
            path: new.clone(),
            text: "A late wire story.\n".into(),
        }])
        .unwrap();
    assert_eq!(report.files_written, 3);
    assert!(
        std::fs::read_to_string(&article)
            .unwrap()
            .contains("Mode kept")
    );
    assert_eq!(mode(&set_file), 0o644);
    assert_eq!(mode(&article), 0o640);
    assert_eq!(mode(&new), 0o644);
    let out = dir.path().join("out.jsonl");
    concord::core::export::export(
        concord::core::export::Format::Jsonl,
        &project.set,
        &project.corpus,
        &concord::core::export::ExportOptions::default(),
        &out,
        &concord::core::progress::Progress::new(),
    )
    .unwrap();
    assert_eq!(mode(&out), 0o644);
    set_mode(&out, 0o664);
    write_atomic(&out, |w| w.write_all(b"again")).unwrap();
    assert_eq!(mode(&out), 0o664);
}

#[cfg(unix)]
#[test]
fn a_symlinked_article_file_is_written_through() {
    let (dir, file) = generated_project();
    let elsewhere = dir.path().join("shared/a00000.ron");
    std::fs::create_dir_all(elsewhere.parent().unwrap()).unwrap();
    std::fs::rename(&file, &elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &file).unwrap();
    let mut project = writable(dir.path());
    retitle(&mut project, "a00000", "Through the link");
    project.save().unwrap();
    assert!(file.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_link(&file).unwrap(), elsewhere);
    assert!(
        std::fs::read_to_string(&elsewhere)
            .unwrap()
            .contains("Through the link")
    );
    assert_eq!(
        Project::open(dir.path()).unwrap().set,
        project.set,
        "the link reads back"
    );
    // write_atomic (exports, settings) does the same.
    let link = dir.path().join("link.txt");
    let target = dir.path().join("target.txt");
    std::fs::write(&target, "old").unwrap();
    std::os::unix::fs::symlink("target.txt", &link).unwrap();
    write_atomic(&link, |w| w.write_all(b"new")).unwrap();
    assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "new");
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_unless_the_editor_keeps_theirs() {
    let (dir, file) = generated_project();
    let mut project = writable(dir.path());
    assert!(project.changed_on_disk().is_empty());
    retitle(&mut project, "a00000", "Mine");
    // Another program (a second window, a git pull) rewrites the file.
    let theirs = std::fs::read_to_string(&file).unwrap().replacen(
        "format: 2,",
        "format: 2,\n    meta: (title: \"Theirs\"),",
        1,
    );
    std::fs::write(&file, &theirs).unwrap();
    let appeared = dir.path().join("annotations/generated/articles/zz.ron");
    std::fs::write(&appeared, "(format: 2)").unwrap();
    let changed = project.changed_on_disk();
    assert_eq!(changed.len(), 2, "{changed:?}");
    assert!(changed.iter().any(|p| p.ends_with("a00000.ron")));
    assert!(changed.iter().any(|p| p.ends_with("zz.ron")));
    match project.save() {
        Err(FileError::ChangedOnDisk { paths }) => {
            assert_eq!(paths.len(), 1);
            assert!(paths[0].ends_with("a00000.ron"), "{paths:?}");
        }
        other => panic!("expected ChangedOnDisk, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    assert!(project.set.is_dirty());
    project.keep_mine();
    project.save().unwrap();
    assert!(std::fs::read_to_string(&file).unwrap().contains("Mine"));
    assert!(!appeared.exists(), "mine has no article zz");
    assert!(project.changed_on_disk().is_empty());
    assert_eq!(Project::open(dir.path()).unwrap().set, project.set);
}

#[test]
fn repeated_ids_in_set_ron_are_kept_and_reported() {
    let (dir, _) = generated_project();
    let set_file = dir.path().join("annotations/generated/set.ron");
    let text = std::fs::read_to_string(&set_file).unwrap();
    let doubled = text.replacen(
        "    entities: [\n",
        "    entities: [\n        (id: \"kim\", name: \"Kim Jong Un\", kind: person),\n        (id: \"kim\", name: \"Kim Yo Jong\", kind: person),\n",
        1,
    );
    assert_ne!(doubled, text);
    std::fs::write(&set_file, &doubled).unwrap();
    let line = doubled
        .lines()
        .position(|l| l.contains("Kim Yo Jong"))
        .unwrap()
        + 1;
    let loaded = load_set(&dir.path().join("annotations/generated")).unwrap();
    assert_eq!(loaded.problems.len(), 1, "{:?}", loaded.problems);
    let problem = &loaded.problems[0];
    assert_eq!(problem.line, Some(line));
    assert!(problem.to_string().contains("set.ron"), "{problem}");
    assert!(problem.message.contains("\"kim~2\""), "{problem}");
    let mut project = writable(dir.path());
    assert_eq!(project.problems, loaded.problems);
    let names = |p: &Project| {
        [EntityId::new("kim"), EntityId::new("kim~2")]
            .map(|id| p.set.entities().get(&id).map(|e| e.name.clone()))
    };
    let both = [Some("Kim Jong Un".into()), Some("Kim Yo Jong".into())];
    assert_eq!(names(&project), both);
    project.save().unwrap();
    drop(project);
    let reopened = Project::open(dir.path()).unwrap();
    assert_eq!(names(&reopened), both, "both kept after a save");
    assert!(reopened.problems.is_empty());
}

#[test]
fn a_writable_open_removes_stale_temporary_files() {
    let (dir, _) = generated_project();
    let stale = [
        dir.path()
            .join("annotations/generated/articles/.concord-a1b2.tmp"),
        dir.path().join("annotations/.concord-c3d4.tmp"),
        dir.path().join("articles/.concord-e5f6.tmp"),
    ];
    for p in &stale {
        std::fs::write(p, "half a file").unwrap();
    }
    let read = Project::open(dir.path()).unwrap();
    assert!(stale.iter().all(|p| p.exists()), "a reader writes nothing");
    let written = writable(dir.path());
    assert_eq!(written.set, read.set);
    for p in &stale {
        assert!(!p.exists(), "{} left", p.display());
    }
}

/// A save taken from the set and written later (as the window writes it on
/// another thread): an edit made in between stays unsaved, whatever the
/// save did, and the next save writes it; a failed save marks its own
/// articles unsaved again too.
#[test]
fn an_edit_made_while_a_save_is_written_stays_unsaved_for_the_next() {
    let (dir, file) = generated_project();
    let mut project = writable(dir.path());
    retitle(&mut project, "a00000", "First");
    let job = project.begin_save(Vec::new()).unwrap();
    // Taking the save is cheap and leaves nothing marked: what is marked
    // from here on changed after it.
    assert!(!project.set.is_dirty());
    retitle(&mut project, "a00001", "Meanwhile");
    let done = job.write(&concord::core::store::RealDisk);
    let report = project.finish_save(done).unwrap();
    assert_eq!(report.files_written, 1, "only the article taken");
    assert!(std::fs::read_to_string(&file).unwrap().contains("First"));
    assert!(project.set.is_dirty(), "the edit made meanwhile is unsaved");
    let saved = Project::open(dir.path()).unwrap();
    let title = |set: &AnnotationSet| {
        let record = &set.article(&ArticleId::new("a00001")).unwrap().record;
        record.meta.title.clone()
    };
    assert_ne!(title(&saved.set), "Meanwhile");
    // The file just written is this handle's own: no conflict.
    assert!(project.changed_on_disk().is_empty());
    assert_eq!(project.save().unwrap().files_written, 1);
    assert!(!project.set.is_dirty());
    assert_eq!(Project::open(dir.path()).unwrap().set, project.set);

    // A save that fails gives its marks back, merged with what changed
    // meanwhile: both articles are written by the next save.
    retitle(&mut project, "a00000", "Second");
    let job = project.begin_save(Vec::new()).unwrap();
    retitle(&mut project, "a00001", "Again");
    let theirs = std::fs::read_to_string(&file).unwrap() + "\n";
    std::fs::write(&file, &theirs).unwrap();
    let done = job.write(&concord::core::store::RealDisk);
    assert!(matches!(
        project.finish_save(done),
        Err(FileError::ChangedOnDisk { .. })
    ));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), theirs);
    project.keep_mine();
    assert_eq!(project.save().unwrap().files_written, 2);
    assert_eq!(Project::open(dir.path()).unwrap().set, project.set);
}
