//! A project whose one article has 20,000 findings (I004, one per
//! annotation) on lines with non-ASCII chars and CRLF endings, for the
//! output test and bench (`#[path = "common/findings.rs"] mod findings;`).

use std::fmt::Write as _;
use std::path::Path;

pub const FINDINGS: usize = 20_000;

/// (start, end) char offsets of every annotation, in id order (`s0`, `s1`, …).
pub fn write_project(dir: &Path) -> (String, Vec<(usize, usize)>) {
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
