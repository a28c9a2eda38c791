//! The load cache beside a set is never trusted over the RON: whatever
//! happened to either (an edit, a truncation, another version's cache, a
//! file with the same size and time but other bytes), the set loaded
//! equals one loaded without a cache, and the cache is written anew.

use concord::core::generate::{Spec, write_project};
use concord::core::model::AnnotationSet;
use concord::core::store::{CACHE_FILE, load_set};
use std::path::{Path, PathBuf};

/// A generated set large enough to be cached, its folder, and its cache.
fn project() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: 40,
            annotations_per_article: 100,
            seed: 5,
        },
        dir.path(),
    )
    .unwrap();
    let set = dir.path().join("annotations/generated");
    let cache = set.join(CACHE_FILE);
    (dir, set, cache)
}

fn load(set: &Path) -> AnnotationSet {
    load_set(set).unwrap().set
}

/// The set as the RON files alone give it (the cache removed first).
fn without_cache(set: &Path, cache: &Path) -> AnnotationSet {
    let _ = std::fs::remove_file(cache);
    load(set)
}

fn first_article_file(set: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = std::fs::read_dir(set.join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files.remove(0)
}

/// Changes the character after the file's first `title: "Report ` to
/// `to`: the same size, other bytes.
fn retitle(path: &Path, to: char) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find("title: \"Report ").unwrap() + "title: \"Report ".len();
    let mut edited = text.clone();
    edited.replace_range(at..at + 1, &to.to_string());
    assert_ne!(edited, text);
    assert_eq!(edited.len(), text.len());
    std::fs::write(path, &edited).unwrap();
    let end = edited[at..].find('"').unwrap();
    format!("Report {}", &edited[at..at + end])
}

fn title_of_first(set: &AnnotationSet) -> String {
    set.articles()
        .values()
        .next()
        .unwrap()
        .record
        .meta
        .title
        .clone()
}

/// The footer's parts: (where the index starts, its length).
fn index_of(bytes: &[u8]) -> (usize, usize) {
    let n = bytes.len();
    let len = u64::from_le_bytes(bytes[n - 20..n - 12].try_into().unwrap()) as usize;
    (n - 20 - len, len)
}

#[test]
fn an_open_writes_the_cache_and_the_next_reads_it_unchanged() {
    let (_dir, set, cache) = project();
    let plain = load(&set);
    let written = std::fs::read(&cache).expect("the first open writes a cache");
    let before = std::fs::metadata(&cache).unwrap().modified().unwrap();
    let cached = load(&set);
    assert_eq!(cached, plain);
    assert_eq!(cached.annotation_count(), 4000);
    // Every entry was current, so it was not written again.
    assert_eq!(std::fs::read(&cache).unwrap(), written);
    assert_eq!(
        std::fs::metadata(&cache).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn an_edited_file_is_parsed_again() {
    let (_dir, set, cache) = project();
    load(&set);
    let file = first_article_file(&set);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("title: \"Report ", "title: \"Edited ")).unwrap();
    let cached = load(&set);
    assert!(title_of_first(&cached).starts_with("Edited "));
    assert_eq!(cached, without_cache(&set, &cache));
}

#[test]
fn a_file_with_the_same_size_and_time_but_other_bytes_is_parsed_again() {
    let (_dir, set, cache) = project();
    load(&set);
    let file = first_article_file(&set);
    let modified = std::fs::metadata(&file).unwrap().modified().unwrap();
    let size = std::fs::metadata(&file).unwrap().len();
    let title = retitle(&file, 'Z');
    std::fs::File::options()
        .write(true)
        .open(&file)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert_eq!(
        std::fs::metadata(&file).unwrap().modified().unwrap(),
        modified
    );
    assert_eq!(std::fs::metadata(&file).unwrap().len(), size);
    let cached = load(&set);
    assert_eq!(title_of_first(&cached), title);
    assert_eq!(cached, without_cache(&set, &cache));
}

#[test]
fn a_truncated_cache_is_passed_over_and_written_again() {
    let (_dir, set, cache) = project();
    let plain = load(&set);
    let whole = std::fs::read(&cache).unwrap();
    for keep in [0, 7, whole.len() / 2, whole.len() - 1] {
        std::fs::write(&cache, &whole[..keep]).unwrap();
        assert_eq!(load(&set), plain, "cache cut to {keep} bytes");
        assert_eq!(std::fs::read(&cache).unwrap(), whole, "written again");
    }
}

#[test]
fn a_damaged_entry_is_passed_over_and_written_again() {
    let (_dir, set, cache) = project();
    let plain = load(&set);
    let whole = std::fs::read(&cache).unwrap();
    let mut damaged = whole.clone();
    // A byte inside the first entry's blob (blobs start after the magic).
    damaged[100] ^= 0x20;
    std::fs::write(&cache, &damaged).unwrap();
    assert_eq!(load(&set), plain);
    assert_eq!(std::fs::read(&cache).unwrap(), whole);
}

#[test]
fn another_versions_cache_is_not_read() {
    let (_dir, set, cache) = project();
    let plain = load(&set);
    let whole = std::fs::read(&cache).unwrap();
    // The index names the version that wrote it: make it another one,
    // with a CRC that matches, as that version would have written it.
    let version = env!("CARGO_PKG_VERSION").as_bytes();
    let (start, len) = index_of(&whole);
    let at = start
        + whole[start..start + len]
            .windows(version.len())
            .position(|w| w == version)
            .expect("the index names the version");
    let mut other = whole.clone();
    other[at] = if version[0] == b'9' { b'8' } else { b'9' };
    let crc = crc32fast::hash(&other[start..start + len]);
    let n = other.len();
    other[n - 12..n - 8].copy_from_slice(&crc.to_le_bytes());
    std::fs::write(&cache, &other).unwrap();
    assert_eq!(load(&set), plain);
    assert_eq!(std::fs::read(&cache).unwrap(), whole, "written again");
}

#[test]
fn another_sets_cache_is_not_taken_for_this_ones() {
    let (_dir, set, cache) = project();
    let plain = load(&set);
    // A set with the same file names but other annotations.
    let other = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: 40,
            annotations_per_article: 100,
            seed: 6,
        },
        other.path(),
    )
    .unwrap();
    let other_set = other.path().join("annotations/generated");
    assert_ne!(load(&other_set), plain);
    std::fs::copy(other_set.join(CACHE_FILE), &cache).unwrap();
    assert_eq!(load(&set), plain);
}

#[test]
fn a_removed_file_leaves_the_cache() {
    let (_dir, set, cache) = project();
    load(&set);
    let file = first_article_file(&set);
    std::fs::remove_file(&file).unwrap();
    let cached = load(&set);
    assert_eq!(cached.articles().len(), 39);
    let rewritten = std::fs::read(&cache).unwrap();
    assert_eq!(cached, without_cache(&set, &cache));
    assert_eq!(std::fs::read(&cache).unwrap(), rewritten, "already current");
}

#[test]
fn a_cache_that_cannot_be_written_does_not_stop_the_open() {
    let (_dir, set, cache) = project();
    std::fs::create_dir(&cache).unwrap();
    let loaded = load(&set);
    assert!(cache.is_dir());
    std::fs::remove_dir(&cache).unwrap();
    assert_eq!(loaded, without_cache(&set, &cache));
}

#[test]
fn a_small_set_gets_no_cache() {
    let dir = tempfile::tempdir().unwrap();
    write_project(
        &Spec {
            articles: 3,
            annotations_per_article: 8,
            seed: 7,
        },
        dir.path(),
    )
    .unwrap();
    let set = dir.path().join("annotations/generated");
    assert_eq!(load(&set).annotation_count(), 24);
    assert!(!set.join(CACHE_FILE).exists());
}

/// The project as `Project::open` gives it, with its spans checked
/// against the texts.
fn open(root: &Path) -> concord::core::store::Project {
    concord::core::store::Project::open(root).unwrap()
}

/// How many spans quote their article's text by cuts into it.
fn sharing(p: &concord::core::store::Project) -> usize {
    p.set
        .annotations()
        .filter(|a| {
            p.corpus
                .get(&a.article)
                .is_some_and(|t| a.span.shares(&t.text))
        })
        .count()
}

#[test]
fn spans_quote_the_article_text_and_a_cache_of_cuts_reads_them_back() {
    let (dir, set, cache) = project();
    let first = open(dir.path());
    assert!(cache.exists(), "the first open writes a cache");
    assert_eq!(
        sharing(&first),
        4000,
        "every span quotes the text as it stands"
    );
    let second = open(dir.path());
    assert_eq!(second.set, first.set);
    assert_eq!(sharing(&second), 4000);
    // What the RON files alone say, read without any text to share.
    assert_eq!(second.set, without_cache(&set, &cache));
}

#[test]
fn a_text_changed_under_a_cache_of_cuts_is_read_from_the_ron() {
    let (dir, set, cache) = project();
    let before = open(dir.path());
    let a = before.set.annotations().next().unwrap().clone();
    let path = before.corpus.get(&a.article).unwrap().path.clone();
    // Same length, other words: the cached cuts would quote these.
    let text = std::fs::read_to_string(&path).unwrap().to_uppercase();
    assert_ne!(text, std::fs::read_to_string(&path).unwrap());
    std::fs::write(&path, &text).unwrap();
    let after = open(dir.path());
    let again = after.set.annotation(&a.id).unwrap();
    assert_eq!(
        again.span.exact(),
        a.span.exact(),
        "the stored words, not the text's"
    );
    assert_ne!(again.span.exact(), a.span.exact().to_uppercase());
    assert_eq!(after.set, without_cache(&set, &cache));
}

#[test]
fn a_cache_made_without_the_texts_is_read_again_to_share_them() {
    let (dir, set, cache) = project();
    let plain = load(&set);
    assert!(cache.exists(), "the set alone writes a cache of copies");
    let opened = open(dir.path());
    assert_eq!(opened.set, plain);
    assert_eq!(
        sharing(&opened),
        4000,
        "no span keeps a copy from that cache"
    );
    assert_eq!(sharing(&open(dir.path())), 4000);
}
