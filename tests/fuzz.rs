//! Fuzzing of everything that reads outside input: the set loader, the
//! article loader and every importer. Each target gets byte-level mutations
//! (flips, cuts, splices, odd bytes) and structure-aware ones (JSON values
//! and RON tokens changed in place, records repeated or dropped) of real
//! inputs: the seeds set and its exports. An input must come back as `Ok` or
//! a clear error within `HANG` and never panic; an imported edit must apply
//! or be refused, and the set it makes must validate.
//!
//! In `cargo test` every target runs for a second, and every input that ever
//! failed (`tests/fuzz/<target>/`) is replayed. For a long run:
//!
//! ```sh
//! CONCORD_FUZZ_SECS=300 cargo test --release --test fuzz -- --nocapture --test-threads 1
//! ```
//!
//! A failing input is written to `tests/fuzz/<target>/<hash>` before the
//! test fails, so it becomes a regression case once committed.

use concord::core::article::{Article, Corpus};
use concord::core::edit;
use concord::core::export::{self, ExportOptions};
use concord::core::generate::Rng;
use concord::core::import::{self, Format};
use concord::core::model::AnnotationSet;
use concord::core::progress::Progress;
use concord::core::store::{self, Project};
use concord::core::validate;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// Longer than any input of a few kilobytes may take, even in a debug build
/// on a busy machine: past it the input counts as a hang.
const HANG: Duration = Duration::from_secs(20);

const INPUT_THREAD: &str = "fuzz-input";

/// Inputs grow by splicing; past this they are cut back.
const MAX_INPUT: usize = 64 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    SetFile,
    ArticleFile,
    Article,
    Import(Format),
}

impl Target {
    fn name(self) -> String {
        match self {
            Target::SetFile => "set-file".into(),
            Target::ArticleFile => "article-file".into(),
            Target::Article => "article".into(),
            Target::Import(f) => format!("import-{}", f.as_str()),
        }
    }

    /// Whether inputs are JSON (a document or JSON lines), for the
    /// structure-aware mutations.
    fn json(self) -> bool {
        matches!(
            self,
            Target::Import(
                Format::Jsonl
                    | Format::Doccano
                    | Format::LabelStudio
                    | Format::W3c
                    | Format::Articles
            )
        )
    }

    fn ron(self) -> bool {
        matches!(
            self,
            Target::SetFile | Target::ArticleFile | Target::Import(Format::Set)
        )
    }
}

/// The seeds project, read once.
fn seeds() -> &'static (Arc<Corpus>, AnnotationSet) {
    static SEEDS: OnceLock<(Arc<Corpus>, AnnotationSet)> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let project = Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))).expect("seeds open");
        (project.corpus.clone(), project.set)
    })
}

/// Real inputs for `target` to start mutating from.
fn seed_inputs(target: Target) -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let set_dir = root.join("annotations/seeds");
    let files_in = |dir: &Path, ext: &str| -> Vec<Vec<u8>> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == ext))
            .collect();
        paths.sort();
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    };
    let exported = |format: export::Format| -> Vec<Vec<u8>> {
        let (corpus, set) = seeds();
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("out");
        export::export(
            format,
            set,
            corpus,
            &ExportOptions::default(),
            &path,
            &Progress::new(),
        )
        .unwrap();
        if path.is_dir() {
            files_in(&path, "ann")
        } else {
            vec![std::fs::read(&path).unwrap()]
        }
    };
    match target {
        Target::SetFile => vec![std::fs::read(set_dir.join("set.ron")).unwrap()],
        Target::ArticleFile => files_in(&set_dir.join("articles"), "ron"),
        Target::Article => files_in(&root.join("seeds"), "txt"),
        Target::Import(Format::Jsonl) => exported(export::Format::Jsonl),
        Target::Import(Format::Brat) => exported(export::Format::Brat),
        Target::Import(Format::W3c) => exported(export::Format::W3c),
        Target::Import(Format::Set) => exported(export::Format::Set),
        Target::Import(Format::Articles) => {
            let (corpus, _) = seeds();
            let lines: Vec<String> = corpus
                .articles()
                .map(|a| {
                    serde_json::json!({"id": format!("x{}", a.id), "text": a.text.as_str(),
                        "outlet": "Fuzz Daily", "published": "2023-09-13"})
                    .to_string()
                })
                .collect();
            vec![lines.join("\n").into_bytes()]
        }
        Target::Import(Format::Doccano) => {
            let (corpus, _) = seeds();
            let text = corpus.articles().next().unwrap().text.as_str();
            vec![
                serde_json::json!({"text": text, "label": [[0, 5, "claim"], [10, 30, "quote"]]})
                    .to_string()
                    .into_bytes(),
                serde_json::json!({"text": text, "entities": [
                    {"id": 1, "start_offset": 3, "end_offset": 20, "label": "stance"}]})
                .to_string()
                .into_bytes(),
            ]
        }
        Target::Import(Format::LabelStudio) => {
            let (corpus, _) = seeds();
            let text = corpus.articles().next().unwrap().text.as_str();
            vec![
                serde_json::json!([{"id": 1, "data": {"text": text}, "annotations": [{"result": [
                {"id": "r1", "from_name": "label", "to_name": "text", "type": "labels",
                 "value": {"start": 0, "end": 12, "text": &text[..12], "labels": ["quote"]}}]}]}])
                .to_string()
                .into_bytes(),
            ]
        }
    }
}

/// Writes `input` where `target` reads it, in `dir`; returns that path. The
/// fuzzer's own files failing (a full disk) is the machine's fault, not the
/// input's, so it panics here, on the test's thread.
fn prepare(target: Target, input: &[u8], dir: &Path) -> PathBuf {
    let write = |path: &Path| {
        std::fs::create_dir_all(path.parent().unwrap()).expect("the fuzzer's folder");
        std::fs::write(path, input).expect("the fuzzer's input file");
    };
    match target {
        Target::SetFile | Target::ArticleFile => {
            let set_dir = dir.join("set");
            if target == Target::SetFile {
                write(&set_dir.join("set.ron"));
            } else {
                std::fs::create_dir_all(&set_dir).expect("the fuzzer's folder");
                std::fs::write(
                    set_dir.join("set.ron"),
                    "(format: 2, name: \"fuzz\", entities: [(id: \"kim\", name: \"Kim\", kind: person)])\n",
                )
                .expect("the fuzzer's set file");
                write(&set_dir.join("articles/a.ron"));
            }
            set_dir
        }
        Target::Article => {
            let path = dir.join("a.txt");
            write(&path);
            path
        }
        Target::Import(format) => {
            let path = match format {
                Format::Brat => dir.join("000_1a12d6d4627fb8c8.ann"),
                Format::Articles => dir.join("articles.jsonl"),
                _ => dir.join("input"),
            };
            write(&path);
            path
        }
    }
}

/// Reads `path` as `target` does, and uses what it read as the app would.
fn exercise(target: Target, path: &Path) {
    match target {
        Target::SetFile | Target::ArticleFile => {
            if let Ok(store::LoadedSet { set, .. }) = store::load_set(path) {
                // Whatever loads must validate and save.
                let corpus = Corpus::default();
                let _ = validate::validate(&set, &corpus);
                let mut set = set;
                let _ = store::save_set_as(&mut set, &path.with_file_name("again"));
            }
        }
        Target::Article => {
            if let Ok(article) = Article::load(path) {
                let _ = article.text.span(0..article.text.len_chars());
            }
        }
        Target::Import(format) => {
            let (corpus, set) = seeds();
            if let Ok(done) = import::import(format, path, set, corpus, &Progress::new()) {
                let mut after = set.clone();
                if edit::apply(&mut after, done.edit).is_ok() {
                    let _ = validate::validate(&after, corpus);
                }
            }
        }
    }
}

/// Runs `target` on `input` in a thread, so a hang is seen rather than had;
/// `Err` describes a panic or a hang.
fn check(target: Target, input: &[u8]) -> Result<(), String> {
    let dir = tempfile::tempdir().expect("a temporary folder for the fuzzer");
    let path = prepare(target, input, dir.path());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name(INPUT_THREAD.into())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| exercise(target, &path));
            let _ = tx.send(result.map_err(|panic| {
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panic".into())
            }));
        })
        .expect("a thread for the input");
    let result = match rx.recv_timeout(HANG) {
        Ok(result) => result,
        Err(_) => Err(format!("no answer within {HANG:?}")),
    };
    drop(dir);
    result
}

fn regressions_dir(target: Target) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz")
        .join(target.name())
}

/// Keeps a failing input as a regression case.
fn keep(target: Target, input: &[u8]) -> PathBuf {
    let dir = regressions_dir(target);
    std::fs::create_dir_all(&dir).unwrap();
    let name = &concord::core::article::fingerprint(&String::from_utf8_lossy(input))[7..23];
    let path = dir.join(name);
    std::fs::write(&path, input).unwrap();
    path
}

/// Strings that have broken parsers: extremes, escapes, scripts, controls.
const ODD: &[&str] = &[
    "",
    "0",
    "-1",
    "18446744073709551616",
    "99999999999999999999999999",
    "1e999",
    "NaN",
    "\\u0000",
    "\\ud800",
    "\"",
    "\\",
    "{",
    "[",
    "(",
    ")",
    "}",
    "]",
    ",",
    ":",
    "#",
    "null",
    "true",
    "\u{feff}",
    "\r\n",
    "\t",
    "é",
    "\u{301}",
    "😀",
    "조선",
    "平壌",
    "\u{200f}عربي",
    "Some(",
    "None",
    "r#\"",
    "/*",
    "//",
];

fn mutate_bytes(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>]) {
    let len = input.len();
    match rng.below(9) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 => {
            let at = rng.below(len + 1);
            input.insert(at, rng.below(256) as u8);
        }
        2 if len > 0 => {
            let from = rng.below(len);
            let to = (from + 1 + rng.below(32)).min(len);
            input.drain(from..to);
        }
        3 if len > 0 => {
            let from = rng.below(len);
            let to = (from + 1 + rng.below(64)).min(len);
            let piece = input[from..to].to_vec();
            let at = rng.below(len + 1);
            input.splice(at..at, piece);
        }
        4 => {
            let odd = ODD[rng.below(ODD.len())].as_bytes();
            let at = rng.below(len + 1);
            input.splice(at..at, odd.iter().copied());
        }
        5 if len > 0 => input.truncate(rng.below(len)),
        6 if !pool.is_empty() => {
            // Splice a stretch of another real input.
            let other = &pool[rng.below(pool.len())];
            if !other.is_empty() {
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(256)).min(other.len());
                let at = rng.below(len + 1);
                input.splice(at..at, other[from..to].iter().copied());
            }
        }
        7 if len > 0 => {
            // Overwrite a run of digits with an extreme number.
            let i = rng.below(len);
            if let Some(start) = (i..len).find(|&j| input[j].is_ascii_digit()) {
                let end = (start..len)
                    .find(|&j| !input[j].is_ascii_digit())
                    .unwrap_or(len);
                let odd = ["0", "4294967296", "18446744073709551615", "9", "-3"];
                input.splice(start..end, odd[rng.below(odd.len())].bytes());
            }
        }
        _ => {
            // Repeat or drop a whole line (records, annotations, brat lines).
            let lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
            if lines.len() > 1 {
                let i = rng.below(lines.len());
                let mut out: Vec<Vec<u8>> = lines.iter().map(|l| l.to_vec()).collect();
                if rng.below(2) == 0 {
                    let copy = out[i].clone();
                    out.insert(rng.below(out.len() + 1), copy);
                } else {
                    out.remove(i);
                }
                *input = out.join(&b'\n');
            }
        }
    }
}

/// Changes one JSON value in place and writes the document back, so the
/// input still parses and reaches the importer's mapping code.
fn mutate_json(rng: &mut Rng, input: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(input).into_owned();
    let lines: Vec<&str> = text.lines().collect();
    let whole = serde_json::from_str::<serde_json::Value>(&text).ok();
    let (mut value, line) = match whole {
        Some(v) => (v, None),
        None if !lines.is_empty() => {
            let i = rng.below(lines.len());
            match serde_json::from_str::<serde_json::Value>(lines[i]) {
                Ok(v) => (v, Some(i)),
                Err(_) => return,
            }
        }
        None => return,
    };
    mutate_value(rng, &mut value, 0);
    let out = value.to_string();
    *input = match line {
        None => out.into_bytes(),
        Some(i) => {
            let mut lines: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
            lines[i] = out;
            lines.join("\n").into_bytes()
        }
    };
}

fn mutate_value(rng: &mut Rng, value: &mut serde_json::Value, depth: usize) {
    use serde_json::Value;
    let descend = depth < 8 && rng.below(4) != 0;
    match value {
        Value::Object(map) if descend && !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).unwrap().clone();
            match rng.below(6) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    let v = map[&key].clone();
                    map.insert(format!("{key}{}", ODD[rng.below(ODD.len())]), v);
                }
                _ => mutate_value(rng, map.get_mut(&key).unwrap(), depth + 1),
            }
        }
        Value::Array(items) if descend && !items.is_empty() => {
            let i = rng.below(items.len());
            match rng.below(6) {
                0 => {
                    items.remove(i);
                }
                1 => {
                    let v = items[i].clone();
                    items.push(v);
                }
                _ => mutate_value(rng, &mut items[i], depth + 1),
            }
        }
        _ => {
            *value = match rng.below(8) {
                0 => Value::Null,
                1 => serde_json::json!(-1),
                2 => serde_json::json!(u64::MAX),
                3 => serde_json::json!(1.5e300),
                4 => serde_json::json!(ODD[rng.below(ODD.len())]),
                5 => serde_json::json!([]),
                6 => serde_json::json!({}),
                _ => serde_json::json!(rng.below(100_000)),
            }
        }
    }
}

/// Changes one RON token (a number or a string's content) in place.
fn mutate_ron(rng: &mut Rng, input: &mut Vec<u8>) {
    let text = String::from_utf8_lossy(input).into_owned();
    let tokens: Vec<(usize, usize)> = ron_tokens(&text);
    if tokens.is_empty() {
        return;
    }
    let (start, end) = tokens[rng.below(tokens.len())];
    let numeric = text[start..end].bytes().all(|b| b.is_ascii_digit());
    let replacement = if numeric {
        ["0", "4294967296", "18446744073709551615", "1", "999999"][rng.below(5)].to_string()
    } else {
        ODD[rng.below(ODD.len())].replace('"', "\\\"")
    };
    let mut out = text;
    out.replace_range(start..end, &replacement);
    *input = out.into_bytes();
}

/// Byte ranges of number tokens and string contents in RON text.
fn ron_tokens(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = j.min(bytes.len());
            if text.is_char_boundary(start) && text.is_char_boundary(end) {
                out.push((start, end));
            }
            i = end + 1;
        } else if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            out.push((start, i));
        } else {
            i += 1;
        }
    }
    out
}

fn budget() -> Duration {
    let secs = std::env::var("CONCORD_FUZZ_SECS")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .unwrap_or(1.0);
    Duration::from_secs_f64(secs)
}

/// Mutates seed inputs of `target` for the time budget; fails on the first
/// panic or hang, after keeping the input.
fn fuzz(target: Target) {
    let seeds = seed_inputs(target);
    assert!(!seeds.is_empty(), "{} has seed inputs", target.name());
    quiet_inputs();
    let budget = budget();
    let started = Instant::now();
    let mut rng =
        Rng(0xC0C0_2026 ^ target.name().len() as u64 ^ started.elapsed().as_nanos() as u64);
    if let Ok(s) = std::env::var("CONCORD_FUZZ_SEED") {
        rng = Rng(s.parse().unwrap_or(0));
    }
    let mut runs = 0usize;
    while started.elapsed() < budget || runs < seeds.len() {
        let mut input = seeds[runs % seeds.len()].clone();
        if runs >= seeds.len() {
            for _ in 0..1 + rng.below(4) {
                match rng.below(3) {
                    0 if target.json() => mutate_json(&mut rng, &mut input),
                    0 if target.ron() => mutate_ron(&mut rng, &mut input),
                    _ => mutate_bytes(&mut rng, &mut input, &seeds),
                }
            }
            input.truncate(MAX_INPUT.max(seeds.iter().map(Vec::len).max().unwrap_or(0)));
        }
        if let Err(why) = check(target, &input) {
            let kept = keep(target, &input);
            panic!(
                "{} failed after {runs} inputs: {why}; input kept as {}",
                target.name(),
                kept.display()
            );
        }
        runs += 1;
    }
    eprintln!(
        "{}: {runs} inputs in {:?}, 0 failures",
        target.name(),
        started.elapsed()
    );
    assert!(runs >= seeds.len());
}

/// Replays every kept input of `target`.
fn replay(target: Target) {
    let dir = regressions_dir(target);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return;
    };
    quiet_inputs();
    for entry in entries {
        let path = entry.unwrap().path();
        let input = std::fs::read(&path).unwrap();
        if let Err(why) = check(target, &input) {
            panic!("{}: {why}", path.display());
        }
    }
}

/// Silences the panic message of inputs' threads (each panic is caught and
/// reported with its input); the test's own panics print as usual.
fn quiet_inputs() {
    static ONCE: OnceLock<()> = OnceLock::new();
    ONCE.get_or_init(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(INPUT_THREAD) {
                default(info);
            }
        }));
    });
}

macro_rules! targets {
    ($($name:ident => $target:expr,)*) => {
        mod fuzzing {
            use super::*;
            $(#[test] fn $name() { fuzz($target) })*
        }
        mod regressions {
            use super::*;
            $(#[test] fn $name() { replay($target) })*
        }
        #[test]
        fn every_target_has_seed_inputs_that_load() {
            // A seed input that already fails would make every mutation of
            // it look like a finding.
            for target in [$($target),*] {
                for input in seed_inputs(target) {
                    check(target, &input).unwrap();
                }
            }
        }
    };
}

targets! {
    set_file => Target::SetFile,
    article_file => Target::ArticleFile,
    article => Target::Article,
    import_articles => Target::Import(Format::Articles),
    import_jsonl => Target::Import(Format::Jsonl),
    import_brat => Target::Import(Format::Brat),
    import_doccano => Target::Import(Format::Doccano),
    import_label_studio => Target::Import(Format::LabelStudio),
    import_w3c => Target::Import(Format::W3c),
    import_set => Target::Import(Format::Set),
}
