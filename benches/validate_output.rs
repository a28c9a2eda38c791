//! `concord validate` end to end, the release binary run as a user runs it,
//! on one article where every location must be placed or found again:
//! 20,000 findings printed as text, json and SARIF (their line:col come
//! from one line table per article; text and SARIF should stay within 2×
//! of json), and a generated 1 MB article with 20,000 annotations after
//! one line was inserted at its top, so every span is stale and found
//! again through one index of the text (target ≤ 1 s).

#[path = "../tests/common/findings.rs"]
#[allow(dead_code, reason = "the benchmark needs the project, not the count")]
mod findings;

use concord::core::generate::{Spec, write_project};
use criterion::{Criterion, criterion_group, criterion_main};
use std::path::Path;
use std::process::Command;

fn validate(dir: &Path, format: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args([
            "validate",
            dir.to_str().expect("a UTF-8 path"),
            "--format",
            format,
        ])
        .output()
        .expect("the binary runs");
    // Exit code 1: errors found, as planted.
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn bench(c: &mut Criterion) {
    let many = tempfile::tempdir().expect("a temporary folder");
    findings::write_project(many.path());
    let stale = tempfile::tempdir().expect("a temporary folder");
    let spec = Spec {
        articles: 1,
        annotations_per_article: 20_000,
        seed: 1,
    };
    write_project(&spec, stale.path()).expect("the corpus can be written");
    let article = stale.path().join("articles/a00000.txt");
    let text = std::fs::read_to_string(&article).expect("the article");
    std::fs::write(&article, format!("A new first line.\n{text}")).expect("the article");

    let mut group = c.benchmark_group("validate_output");
    group.sample_size(10);
    for format in ["json", "text", "sarif"] {
        group.bench_function(format!("20000 findings {format}"), |b| {
            b.iter(|| validate(many.path(), format))
        });
    }
    for format in ["json", "text"] {
        group.bench_function(format!("20000 stale spans {format}"), |b| {
            b.iter(|| validate(stale.path(), format))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
