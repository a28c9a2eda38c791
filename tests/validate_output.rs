//! `concord validate` text and SARIF output on one article with 20,000
//! findings: every location printed, at the right line and column (lines
//! with non-ASCII chars and CRLF endings among them). The line table that
//! makes this linear is checked here for its answers; its speed is the
//! bench's (`cargo bench --bench validate_output`).

#[path = "common/project.rs"]
mod project;

use project::concord;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

const FINDINGS: usize = 20_000;

/// (start, end) char offsets of every annotation, in id order (`s0`, `s1`, …).
fn write_project(dir: &Path) -> (String, Vec<(usize, usize)>) {
    // Two spans per CRLF line, after multi-byte chars ("Año", "niño");
    // a plain LF line between.
    let mut text = String::new();
    let mut spans = Vec::new();
    let mut chars = 0;
    for i in 0..FINDINGS / 2 {
        let line = format!("{i} Año 😀 niño\r\n");
        let first = chars + line.chars().position(|c| c == 'A').unwrap();
        spans.push((first, first + 3));
        let second = chars + line.chars().position(|c| c == 'n').unwrap();
        spans.push((second, second + 4));
        chars += line.chars().count();
        text.push_str(&line);
        let plain = format!("plain {i}\n");
        chars += plain.chars().count();
        text.push_str(&plain);
    }
    std::fs::create_dir_all(dir.join("articles")).unwrap();
    std::fs::write(dir.join("articles/a.txt"), &text).unwrap();
    let set = dir.join("annotations/main/articles");
    std::fs::create_dir_all(&set).unwrap();
    std::fs::write(
        dir.join("annotations/concord.ron"),
        "(format: 1, articles: \"articles\", default_set: \"main\")\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("annotations/main/set.ron"),
        "(format: 1, name: \"main\")\n",
    )
    .unwrap();
    // Every annotation's stance target is an entity that does not exist:
    // one I004 finding per annotation, located at its span.
    let all: Vec<char> = text.chars().collect();
    let mut ron = String::from("#![enable(implicit_some)]\n(format: 1, annotations: [\n");
    for (n, &(start, end)) in spans.iter().enumerate() {
        let exact: String = all[start..end].iter().collect();
        writeln!(
            ron,
            "(id: \"s{n}\", span: (start: {start}, end: {end}, exact: \"{exact}\"), \
             created: \"2024-01-01T00:00:00Z\", modified: \"2024-01-01T00:00:00Z\", \
             kind: stance(target: entity(\"ghost\"), polarity: favor)),"
        )
        .unwrap();
    }
    ron.push_str("])\n");
    std::fs::write(set.join("a.ron"), ron).unwrap();
    (text, spans)
}

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
