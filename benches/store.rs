//! `cargo bench --bench store`: load, save after one edit, and integrity
//! validation on a generated 10,000-article × 100-annotation project.
//!
//! "load project" is an open as the command line and the window do it,
//! with the load cache beside the set current (the usual case); "load
//! project, no cache" removes it before each open, so it times the RON
//! parse and the cache's rewrite. Beside them the bench times Python's C
//! `json` module parsing every line of the same annotations' jsonl export,
//! the yardstick the load is held to (skipped, and said so, without
//! `python3`).

use concord::core::edit::{Edit, apply};
use concord::core::export::{ExportOptions, Format, export};
use concord::core::progress::Progress;
use concord::core::store::{CACHE_FILE, Project};
use concord::core::validate::validate;
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

/// Python parsing every line of `jsonl` (one article with its spans) with
/// `json.loads`, timed inside the interpreter so its start-up and reading
/// the file do not count; `None` without python3.
fn python_parse(jsonl: &Path) -> Option<Duration> {
    let script = "import json,sys,time\n\
        data=open(sys.argv[1],'rb').read().splitlines()\n\
        t=time.perf_counter()\n\
        n=sum(len(json.loads(line)['spans']) for line in data)\n\
        print(time.perf_counter()-t, n)";
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(jsonl)
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let mut words = stdout.split_whitespace();
    let seconds: f64 = words.next()?.parse().ok()?;
    assert_eq!(words.next(), Some("1000000"), "python parsed every span");
    Some(Duration::from_secs_f64(seconds))
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn store(c: &mut Criterion) {
    let dir = common::corpus(10_000, 100);
    let cache = dir.join("annotations/generated").join(CACHE_FILE);
    let mut group = c.benchmark_group("store 10000x100");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40));
    group.bench_function("load project", |b| {
        b.iter(|| Project::open(&dir).expect("loads"))
    });
    group.bench_function("load project, no cache", |b| {
        b.iter(|| {
            let _ = std::fs::remove_file(&cache);
            Project::open(&dir).expect("loads")
        })
    });

    // The yardstick, in the same run: Python's parse against the same
    // open, each the median of three.
    let project = Project::open(&dir).expect("loads");
    let jsonl = tempfile::NamedTempFile::new().expect("a temporary file");
    export(
        Format::Jsonl,
        &project.set,
        &project.corpus,
        &ExportOptions::default(),
        jsonl.path(),
        &Progress::new(),
    )
    .expect("exports");
    drop(project);
    let python: Vec<Duration> = (0..3).filter_map(|_| python_parse(jsonl.path())).collect();
    if python.is_empty() {
        println!("python3 not found: the load is not compared with Python's json parse");
    } else {
        let load = median(
            (0..3)
                .map(|_| {
                    let start = Instant::now();
                    Project::open(&dir).expect("loads");
                    start.elapsed()
                })
                .collect(),
        );
        let python = median(python);
        println!(
            "load project {load:.2?} against python json.loads of the jsonl {python:.2?}: {:.2}×",
            load.as_secs_f64() / python.as_secs_f64()
        );
    }

    let mut project = Project::open_writable(&dir, Duration::ZERO).expect("loads for writing");
    let mut annotation = project
        .set
        .annotations()
        .nth(500_000)
        .expect("exists")
        .clone();
    group.bench_function("save after one edit", |b| {
        b.iter(|| {
            annotation.note = if annotation.note.is_empty() {
                "checked".into()
            } else {
                String::new()
            };
            apply(
                &mut project.set,
                Edit::ReplaceAnnotation(Box::new(annotation.clone())),
            )
            .expect("applies");
            project.save().expect("saves")
        })
    });
    group.bench_function("integrity validation", |b| {
        b.iter(|| validate(&project.set, &project.corpus))
    });
    group.finish();
}

criterion_group!(benches, store);
criterion_main!(benches);
