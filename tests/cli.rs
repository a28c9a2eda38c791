//! The binary as a user runs it: outputs and exit codes (0 fine, 1 errors
//! found, 2 could not run).

#[path = "common/project.rs"]
mod project;

use project::{concord, seeds_copy};
use std::path::Path;

fn generated(dir: &Path) {
    let out = concord(&[
        "gen-corpus",
        "--articles",
        "4",
        "--annotations-per-article",
        "10",
        "--seed",
        "5",
        "--out",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn stats_json_counts_what_was_generated() {
    let dir = tempfile::tempdir().unwrap();
    generated(dir.path());
    let out = concord(&["stats", dir.path().to_str().unwrap(), "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["articles"], 4);
    let a = &v["annotations"];
    let total =
        a["claim"].as_u64().unwrap() + a["quote"].as_u64().unwrap() + a["stance"].as_u64().unwrap();
    assert_eq!(total, 40);
    assert!(v["entities"].as_u64().unwrap() > 0);
    assert_eq!(v["propositions"], 64);
    assert_eq!(v["utterances"], 64);
}

#[test]
fn gen_corpus_is_reproducible_from_its_seed() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    generated(a.path());
    generated(b.path());
    for file in [
        "articles/a00002.txt",
        "annotations/generated/articles/a00002.ron",
        "annotations/generated/set.ron",
    ] {
        assert_eq!(
            std::fs::read(a.path().join(file)).unwrap(),
            std::fs::read(b.path().join(file)).unwrap(),
            "{file}"
        );
    }
}

#[test]
fn validate_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let path = dir.path().to_str().unwrap();
    let clean = concord(&["validate", path]);
    assert_eq!(
        clean.status.code(),
        Some(0),
        "the shipped set has no errors: {}",
        String::from_utf8_lossy(&clean.stdout)
    );

    // An out-of-range span is an error: exit 1, and the finding names it.
    let file = dir
        .path()
        .join("annotations/seeds/articles/002_e9c6093c045788ca.ron");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("end: ").unwrap() + 5;
    let len = text[start..].find(',').unwrap();
    let broken = format!("{}999999{}", &text[..start], &text[start + len..]);
    std::fs::write(&file, broken).unwrap();
    let out = concord(&["validate", path, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"I001"), "{rules:?}");

    // A malformed file: exit 2, with file, line and column on stderr.
    std::fs::write(&file, "(format: 1, annotations: [(id: ").unwrap();
    let out = concord(&["validate", path]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("002_e9c6093c045788ca.ron:1:"), "{err}");

    let out = concord(&["validate", dir.path().join("missing").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}
