//! `concord validate` text and SARIF output on one article with 20,000
//! findings: every location printed, at the right line and column (lines
//! with non-ASCII chars and CRLF endings among them). The line table that
//! makes this linear is checked here for its answers; its speed is the
//! bench's (`cargo bench --bench validate_output`).

#[path = "common/project.rs"]
mod project;

#[path = "common/findings.rs"]
mod findings;

use findings::{FINDINGS, write_project};
use project::concord;
use std::collections::HashMap;

/// 1-based line and column of char offset `at`, walking from the start.
fn naive(text: &str, at: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    for c in text.chars().take(at) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Every 97th annotation, and the first and last.
fn sample() -> impl Iterator<Item = usize> {
    (0..FINDINGS).step_by(97).chain([1, FINDINGS - 1])
}

#[test]
fn text_output_places_20000_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (text, spans) = write_project(dir.path());
    let out = concord(&["validate", dir.path().to_str().unwrap()]);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    // `error[I004]: s12 names …` then `  --> a:LINE:COL`.
    let mut places: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut lines = stdout.lines();
    while let Some(line) = lines.next() {
        let Some(message) = line.strip_prefix("error[I004]: s") else {
            continue;
        };
        let n: usize = message.split(' ').next().unwrap().parse().unwrap();
        let at = lines.next().unwrap().strip_prefix("  --> a:").unwrap();
        let (l, c) = at.split_once(':').unwrap();
        places.insert(n, (l.parse().unwrap(), c.parse().unwrap()));
    }
    assert_eq!(places.len(), FINDINGS);
    for n in sample() {
        assert_eq!(places[&n], naive(&text, spans[n].0), "s{n}");
    }
    // Spot values: line 3 is the second CRLF line; "niño" follows a 4-byte
    // emoji and starts at column 9 of it.
    assert_eq!(places[&2], (3, 3));
    assert_eq!(places[&3], (3, 9));
    assert_eq!(places[&(FINDINGS - 1)], (FINDINGS - 1, 12));
}

#[test]
fn sarif_regions_of_20000_findings() {
    let dir = tempfile::tempdir().unwrap();
    let (text, spans) = write_project(dir.path());
    let out = concord(&[
        "validate",
        dir.path().to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut regions: HashMap<usize, [u64; 4]> = HashMap::new();
    for r in v["runs"][0]["results"].as_array().unwrap() {
        if r["ruleId"] != "I004" {
            continue;
        }
        let message = r["message"]["text"].as_str().unwrap();
        let n: usize = message[1..].split(' ').next().unwrap().parse().unwrap();
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let field = |k: &str| region[k].as_u64().unwrap();
        regions.insert(
            n,
            [
                field("startLine"),
                field("startColumn"),
                field("endLine"),
                field("endColumn"),
            ],
        );
    }
    assert_eq!(regions.len(), FINDINGS);
    for n in sample() {
        let (start, end) = spans[n];
        let (sl, sc) = naive(&text, start);
        let (el, ec) = naive(&text, end);
        let expected = [sl, sc, el, ec].map(|x| x as u64);
        assert_eq!(regions[&n], expected, "s{n}");
    }
    // "niño" on the first line ends at its '\r', column 13.
    assert_eq!(regions[&1], [1, 9, 1, 13]);
}
