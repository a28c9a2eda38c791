//! A project opened in parts (the window's open: the first article now, the
//! rest read on another thread) ends up as the whole set a full open gives,
//! and nothing done meanwhile is lost or lets the rest be lost: edits that
//! would touch what is not read yet wait, an id taken meanwhile is kept for
//! both annotations, and a save writes only what was read.

use concord::core::edit::{Edit, EditError, apply};
use concord::core::generate::{Spec, write_project};
use concord::core::model::{Annotation, ArticleId};
use concord::core::progress::Progress;
use concord::core::store::{Part, Project};
use std::path::Path;
use std::time::Duration;

fn generated() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: 80,
            annotations_per_article: 20,
            seed: 11,
        },
        dir.path(),
    )
    .unwrap();
    dir
}

fn in_parts(dir: &Path) -> Project {
    Project::open_writable_part(dir, Duration::ZERO, Part::First(None)).unwrap()
}

/// Reads the rest as the window's thread does, and lands it.
fn finish(project: &mut Project) -> usize {
    let loader = project.loader().expect("something is left to read");
    let progress = Progress::new();
    let loaded = loader.load(&progress).unwrap().expect("not cancelled");
    assert_eq!(progress.done(), loader.files() as u64);
    assert_eq!(progress.total(), loader.files() as u64);
    project.finish_loading(loaded)
}

fn ids(project: &Project) -> Vec<ArticleId> {
    project.corpus.articles().map(|a| a.id.clone()).collect()
}

/// An annotation of `article`, as a full open has it.
fn one_of(dir: &Path, article: &ArticleId) -> Annotation {
    Project::open(dir).unwrap().set.annotations_of(article)[3].clone()
}

#[test]
fn the_first_article_opens_alone_and_the_rest_lands_as_the_whole_set() {
    let dir = generated();
    let whole = Project::open(dir.path()).unwrap();
    let mut project = in_parts(dir.path());
    let articles = ids(&project);
    assert_eq!(project.set.articles().len(), 1);
    assert_eq!(
        project.set.annotations_of(&articles[0]),
        whole.set.annotations_of(&articles[0])
    );
    assert_eq!(project.set.loading_count(), articles.len() - 1);
    assert!(project.set.is_loading(&articles[5]));
    assert!(!project.set.is_complete());
    // Files not read yet are not "changed on disk".
    assert_eq!(project.changed_on_disk(), Vec::<std::path::PathBuf>::new());

    let landed = finish(&mut project);
    assert_eq!(landed, whole.set.annotation_count() - 20);
    assert!(project.set.is_complete());
    assert!(project.loader().is_none());
    assert!(project.set == whole.set, "the same set as a full open");
    assert!(!project.set.is_dirty());
    assert!(project.problems.is_empty(), "{:?}", project.problems);
    assert_eq!(project.changed_on_disk(), Vec::<std::path::PathBuf>::new());
    // Every annotation is found by id, the landed ones included.
    for a in whole.set.annotations() {
        assert_eq!(project.set.annotation(&a.id), Some(a));
    }
}

#[test]
fn a_named_article_is_read_first() {
    let dir = generated();
    let whole = Project::open(dir.path()).unwrap();
    let seventh = ids(&whole)[7].clone();
    let project = Project::open_part(dir.path(), Part::First(Some(seventh.clone()))).unwrap();
    let read: Vec<&ArticleId> = project.set.articles().keys().collect();
    assert_eq!(read, [&seventh]);
    assert!(project.set.is_loading(&ids(&whole)[0]));
}

#[test]
fn edits_that_touch_what_is_not_read_yet_wait_for_it() {
    let dir = generated();
    let mut project = in_parts(dir.path());
    let articles = ids(&project);
    let later = one_of(dir.path(), &articles[4]);
    let mut fresh = later.clone();
    fresh.id = concord::core::model::AnnotationId::new("new-1");

    // An annotation added to an article still loading would be lost when
    // its file lands.
    assert_eq!(
        apply(
            &mut project.set,
            Edit::AddAnnotation(Box::new(fresh.clone()))
        ),
        Err(EditError::StillLoading(articles[4].clone()))
    );
    // A removal's reference check cannot see the articles not read yet.
    let entity = project.set.entities().keys().next().unwrap().clone();
    assert!(matches!(
        apply(&mut project.set, Edit::RemoveEntity(entity.clone())),
        Err(EditError::SetLoading(_))
    ));
    // A batch with one such edit applies none of it.
    let mut here = project.set.annotations_of(&articles[0])[0].clone();
    here.note = "checked".into();
    let before = project.set.clone();
    let batch = Edit::Batch(vec![
        Edit::ReplaceAnnotation(Box::new(here.clone())),
        Edit::AddAnnotation(Box::new(fresh.clone())),
    ]);
    assert!(apply(&mut project.set, batch).is_err());
    assert!(project.set == before);
    // The article read can be edited.
    apply(
        &mut project.set,
        Edit::ReplaceAnnotation(Box::new(here.clone())),
    )
    .unwrap();

    finish(&mut project);
    assert_eq!(
        project.set.annotation(&here.id),
        Some(&here),
        "the edit stays"
    );
    apply(
        &mut project.set,
        Edit::AddAnnotation(Box::new(fresh.clone())),
    )
    .unwrap();
    assert_eq!(project.set.annotation(&fresh.id), Some(&fresh));
}

#[test]
fn an_id_given_out_while_loading_is_kept_for_both_annotations() {
    let dir = generated();
    let mut project = in_parts(dir.path());
    let articles = ids(&project);
    // An annotation of article 4 on disk; the editor's new one in the first
    // article happens to get the same id.
    let on_disk = one_of(dir.path(), &articles[4]);
    let mut mine = project.set.annotations_of(&articles[0])[0].clone();
    mine.id = on_disk.id.clone();
    mine.span = project
        .corpus
        .get(&articles[0])
        .unwrap()
        .text
        .span(0..3)
        .unwrap();
    apply(
        &mut project.set,
        Edit::AddAnnotation(Box::new(mine.clone())),
    )
    .unwrap();

    finish(&mut project);
    assert_eq!(project.set.annotation(&mine.id), Some(&mine));
    let renamed = concord::core::model::AnnotationId::new(format!("{}~2", on_disk.id));
    let kept = project
        .set
        .annotation(&renamed)
        .expect("the one on disk is kept");
    assert_eq!(
        (&kept.article, &kept.span),
        (&on_disk.article, &on_disk.span)
    );
    let problem = project
        .problems
        .iter()
        .find(|p| p.message.contains(&format!("{renamed}")))
        .expect("the rename is reported");
    assert!(
        problem.path.ends_with(format!("{}.ron", articles[4])),
        "{problem}"
    );

    // Saved, both are there for the next open.
    project.save().unwrap();
    drop(project);
    let reopened = Project::open(dir.path()).unwrap();
    assert_eq!(reopened.set.annotation(&mine.id), Some(&mine));
    assert_eq!(
        reopened.set.annotation(&renamed).map(|a| &a.span),
        Some(&on_disk.span)
    );
}

#[test]
fn a_save_while_loading_writes_only_what_was_read() {
    let dir = generated();
    let files = dir.path().join("annotations/generated/articles");
    let mut project = in_parts(dir.path());
    let articles = ids(&project);
    let later_file = files.join(format!("{}.ron", articles[6]));
    let later_bytes = std::fs::read(&later_file).unwrap();
    let mut here = project.set.annotations_of(&articles[0])[2].clone();
    here.note = "saved while the rest loaded".into();
    apply(
        &mut project.set,
        Edit::ReplaceAnnotation(Box::new(here.clone())),
    )
    .unwrap();
    let report = project.save().unwrap();
    assert_eq!(report.files_written, 1);
    assert_eq!(std::fs::read(&later_file).unwrap(), later_bytes);

    finish(&mut project);
    assert!(!project.set.is_dirty());
    drop(project);
    let reopened = Project::open(dir.path()).unwrap();
    assert_eq!(reopened.set.annotation(&here.id), Some(&here));
    assert_eq!(reopened.set.annotations_of(&articles[6]).len(), 20);
}

#[test]
fn a_file_in_an_older_format_among_the_rest_migrates_every_file() {
    let dir = generated();
    let files = dir.path().join("annotations/generated/articles");
    let project = Project::open(dir.path()).unwrap();
    let articles = ids(&project);
    drop(project);
    let old = files.join(format!("{}.ron", articles[9]));
    let text = std::fs::read_to_string(&old).unwrap();
    std::fs::write(&old, text.replacen("format: 2,", "format: 1,", 1)).unwrap();

    let mut project = in_parts(dir.path());
    assert!(!project.set.is_dirty(), "the first file is current");
    finish(&mut project);
    let report = project.save().unwrap();
    // Every article file and the set's own, so none is left in the old format.
    assert_eq!(report.files_written, articles.len() + 1);
}

#[test]
fn a_file_that_cannot_be_read_among_the_rest_fails_the_rest_only() {
    let dir = generated();
    let files = dir.path().join("annotations/generated/articles");
    let mut project = in_parts(dir.path());
    let articles = ids(&project);
    std::fs::write(
        files.join(format!("{}.ron", articles[3])),
        "(format: 2, annota",
    )
    .unwrap();
    let loader = project.loader().unwrap();
    let error = loader.load(&Progress::new()).unwrap_err().to_string();
    assert!(
        error.contains(&format!("{}.ron", articles[3])) && error.contains(":1:"),
        "names the file, line and column: {error}"
    );
    // What was read stays editable and savable.
    let mut here = project.set.annotations_of(&articles[0])[0].clone();
    here.note = "kept".into();
    apply(&mut project.set, Edit::ReplaceAnnotation(Box::new(here))).unwrap();
    assert_eq!(project.save().unwrap().files_written, 1);
    assert!(!project.set.is_complete());
}

#[test]
fn a_cancelled_read_lands_nothing() {
    let dir = generated();
    let project = in_parts(dir.path());
    let progress = Progress::new();
    progress.cancel();
    assert!(project.loader().unwrap().load(&progress).unwrap().is_none());
}

#[test]
fn what_was_changed_while_loading_stays_changed_after_the_rest_lands() {
    let dir = generated();
    let mut project = in_parts(dir.path());
    let first = ids(&project)[0].clone();
    // Every annotation of the first article removed, as one undo step.
    let removals = (project.set.annotations_of(&first).iter())
        .map(|a| Edit::RemoveAnnotation(a.id.clone()))
        .collect();
    apply(&mut project.set, Edit::Batch(removals)).unwrap();
    let mut entity = project.set.entities().values().next().unwrap().clone();
    entity.aliases.push("renamed while loading".into());
    apply(&mut project.set, Edit::PutEntity(entity.clone())).unwrap();
    let whole = Project::open(dir.path()).unwrap().set.annotation_count();

    finish(&mut project);
    assert_eq!(project.set.annotations_of(&first), &[]);
    assert_eq!(project.set.annotation_count(), whole - 20);
    assert_eq!(project.set.entities().get(&entity.id), Some(&entity));
    project.save().unwrap();
    drop(project);
    let reopened = Project::open(dir.path()).unwrap();
    assert_eq!(reopened.set.annotations_of(&first), &[]);
    assert_eq!(reopened.set.entities().get(&entity.id), Some(&entity));
}

#[test]
fn a_set_of_a_few_files_is_read_whole_at_once() {
    for (articles, complete) in [
        (concord::core::store::READ_WHOLE_UP_TO, true),
        (concord::core::store::READ_WHOLE_UP_TO + 1, false),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let spec = Spec {
            articles,
            annotations_per_article: 2,
            seed: 1,
        };
        write_project(&spec, dir.path()).unwrap();
        let project = in_parts(dir.path());
        assert_eq!(project.set.is_complete(), complete, "{articles} files");
        assert_eq!(project.loader().is_none(), complete);
    }
}

#[test]
fn an_id_both_files_already_had_stays_as_a_whole_open_keeps_it() {
    let dir = generated();
    let files = dir.path().join("annotations/generated/articles");
    let whole = Project::open(dir.path()).unwrap();
    let articles = ids(&whole);
    // The first article's file and another's hold the same id already.
    let first = whole.set.annotations_of(&articles[0])[0].id.clone();
    let other = whole.set.annotations_of(&articles[7])[0].id.clone();
    drop(whole);
    let path = files.join(format!("{}.ron", articles[7]));
    let text = std::fs::read_to_string(&path).unwrap();
    let needle = format!("(id: \"{other}\",");
    assert!(text.contains(&needle), "the generated layout");
    std::fs::write(
        &path,
        text.replacen(&needle, &format!("(id: \"{first}\","), 1),
    )
    .unwrap();
    let whole = Project::open(dir.path()).unwrap();

    let mut project = in_parts(dir.path());
    finish(&mut project);
    assert!(
        project.set == whole.set,
        "the duplicate is kept, not renamed"
    );
    assert!(project.problems.is_empty(), "{:?}", project.problems);
    assert!(!project.set.is_dirty());
}

#[test]
fn articles_in_other_scripts_land_with_every_span_in_place() {
    use concord::core::model::{AnnotationId, Kind, KindName};
    // Arabic with CRLF line ends, Japanese 「」, German „“ and French « »
    // quotes, Korean, and Hebrew: more files than are read whole.
    let texts = [
        "قال الوزير: «سنواصل المحادثات»\r\nوأضاف أن الاجتماع كان مثمرا.\r\n",
        "首相は「協力を続ける」と述べた。\r\n会談は二時間続いた。",
        "Der Minister sagte: „Wir bleiben im Gespräch.“ Danach reiste er ab.",
        "Le ministre a déclaré : « Nous poursuivrons le dialogue. » Puis il est parti.",
        "장관은 \"대화를 계속하겠다\"고 말했다.\r\n회담은 두 시간 동안 이어졌다.",
        "השר אמר: \"נמשיך בשיחות\" ועזב את המקום.",
    ];
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("seeds");
    std::fs::create_dir(&seeds).unwrap();
    let count = concord::core::store::READ_WHOLE_UP_TO + 6;
    for i in 0..count {
        std::fs::write(seeds.join(format!("a{i:03}.txt")), texts[i % texts.len()]).unwrap();
    }
    let mut project = Project::open_writable(dir.path(), Duration::ZERO).unwrap();
    let now = jiff::Timestamp::now();
    for i in 0..count {
        let id = ArticleId::new(format!("a{i:03}"));
        let text = project.corpus.get(&id).unwrap().text.clone();
        for (n, start) in [0, 5, 12].into_iter().enumerate() {
            let annotation = Annotation {
                id: AnnotationId::new(format!("{id}-{n}")),
                article: id.clone(),
                span: text.span(start..start + 9).unwrap(),
                author: Default::default(),
                created: now,
                modified: now,
                note: String::new(),
                tags: Vec::new(),
                kind: Kind::empty(KindName::Claim),
            };
            apply(&mut project.set, Edit::AddAnnotation(Box::new(annotation))).unwrap();
        }
    }
    project.save().unwrap();
    drop(project);
    let whole = Project::open(dir.path()).unwrap();

    let mut project = in_parts(dir.path());
    assert_eq!(project.set.loading_count(), count - 1);
    finish(&mut project);
    assert!(project.set == whole.set);
    for a in project.set.annotations() {
        let text = &project.corpus.get(&a.article).unwrap().text;
        assert!(
            text.holds(&a.span).is_some(),
            "{} at {:?}",
            a.id,
            a.span.range()
        );
    }
    assert_eq!(project.changed_on_disk(), Vec::<std::path::PathBuf>::new());
}
