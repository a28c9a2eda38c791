//! `concord report` on a copy of the seeds: every file is there, the charts
//! carry the outlets and the numbers of the set, the PNGs decode at the
//! SVGs' size, and the page works offline and says what the set says.

#[path = "common/project.rs"]
mod project;

use concord::core::model::{ArticleId, Kind, Polarity, Target};
use concord::core::store::Project;
use project::{concord, seeds_copy};
use std::collections::{BTreeMap, BTreeSet};

const FILES: [&str; 7] = [
    "stances.svg",
    "stances.png",
    "coverage.svg",
    "coverage.png",
    "speakers.svg",
    "speakers.png",
    "index.html",
];

/// Runs the report on a fresh copy of the seeds; returns (project, out dir).
fn report() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let out = dir.path().join("report");
    let run = concord(&[
        "report",
        dir.path().to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let printed = String::from_utf8_lossy(&run.stdout);
    for f in FILES {
        assert!(printed.contains(f), "{f} not in the output: {printed}");
    }
    (dir, out)
}

/// An article's outlet, worked out here from the metadata alone.
fn outlet(project: &Project, id: &ArticleId) -> String {
    project
        .set
        .article(id)
        .map(|a| a.record.meta.outlet.trim().to_owned())
        .filter(|o| !o.is_empty())
        .unwrap_or_else(|| format!("article {id}"))
}

fn outlets(project: &Project) -> Vec<String> {
    let ids: BTreeSet<&ArticleId> = project
        .corpus
        .articles()
        .map(|a| &a.id)
        .chain(project.set.articles().keys())
        .collect();
    let names: BTreeSet<String> = ids.into_iter().map(|id| outlet(project, id)).collect();
    names.into_iter().collect()
}

/// (favor, against, neutral) per target and outlet, counted from the set.
fn stance_counts(project: &Project) -> BTreeMap<(Target, String), [u32; 3]> {
    let mut counts = BTreeMap::new();
    for a in project.set.annotations() {
        let Kind::Stance(s) = &a.kind else { continue };
        let (Some(t), Some(p)) = (&s.target, s.polarity) else {
            continue;
        };
        let cell: &mut [u32; 3] = counts
            .entry((t.clone(), outlet(project, &a.article)))
            .or_default();
        cell[match p {
            Polarity::Favor => 0,
            Polarity::Against => 1,
            Polarity::Neutral => 2,
        }] += 1;
    }
    counts
}

fn target_label(project: &Project, t: &Target) -> String {
    match t {
        Target::Entity(e) => project.set.entities()[e].name.clone(),
        Target::Proposition(p) => project.set.propositions()[p].statement.clone(),
    }
}

/// The value of attribute `name` in an SVG's root element.
fn svg_size(svg: &str) -> (u32, u32) {
    let root = &svg[..svg.find('>').unwrap()];
    let attr = |name: &str| -> u32 {
        let at = root.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        root[at..at + root[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    (attr("width"), attr("height"))
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

#[test]
fn report_writes_every_file_and_nothing_else() {
    let (_dir, out) = report();
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut expected: Vec<String> = FILES.iter().map(|f| f.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "no temporary or extra files");
    for f in FILES {
        assert!(std::fs::metadata(out.join(f)).unwrap().len() > 200, "{f}");
    }
}

#[test]
fn report_svgs_are_well_formed_and_name_outlets_and_counts() {
    let (dir, out) = report();
    let project = Project::open(dir.path()).unwrap();
    let outlets = outlets(&project);
    assert_eq!(outlets.len(), 3, "the seeds have three outlets");
    for chart in ["stances", "coverage", "speakers"] {
        let svg = std::fs::read_to_string(out.join(format!("{chart}.svg"))).unwrap();
        assert!(svg.starts_with("<svg"), "{chart}");
        assert!(svg.trim_end().ends_with("</svg>"), "{chart}");
        for tag in ["text", "svg"] {
            assert_eq!(
                svg.matches(&format!("<{tag}")).count(),
                svg.matches(&format!("</{tag}>")).count(),
                "{chart}: <{tag}> balanced"
            );
        }
        for o in &outlets {
            assert!(svg.contains(&html_escape(o)), "{chart} names {o}");
        }
    }
    let stances = std::fs::read_to_string(out.join("stances.svg")).unwrap();
    let counts = stance_counts(&project);
    assert!(!counts.is_empty(), "the seeds have stances");
    for [f, a, n] in counts.values() {
        assert!(
            stances.contains(&format!(">\n{f} / {a} / {n}\n</text>")),
            "{f} / {a} / {n} written in a cell"
        );
    }
    // Speakers: the most quoted speaker's name and count are in the chart.
    let speakers = std::fs::read_to_string(out.join("speakers.svg")).unwrap();
    assert!(speakers.contains(">\nVladimir Putin\n</text>"));
    assert!(
        speakers.contains(">\n6\n</text>"),
        "The Daily Wire quotes Putin 6 times"
    );
}

#[test]
fn report_pngs_decode_at_the_svgs_size() {
    let (_dir, out) = report();
    for chart in ["stances", "coverage", "speakers"] {
        let bytes = std::fs::read(out.join(format!("{chart}.png"))).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "{chart}: signature");
        let svg = std::fs::read_to_string(out.join(format!("{chart}.svg"))).unwrap();
        let (w, h) = svg_size(&svg);
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!((frame.width, frame.height), (w, h), "{chart}: size");
        assert!(w > 300 && h > 100, "{chart}: {w}×{h}");
        let rgb = &pixels[..frame.buffer_size()];
        let has = |c: [u8; 3]| rgb.chunks_exact(3).any(|p| p == c);
        assert!(has([255, 255, 255]), "{chart}: white background");
        if chart == "stances" {
            // The Asahi Shimbun is against military cooperation in every
            // stance: that cell is full red.
            assert!(has([178, 24, 43]), "an all-against cell is drawn");
        }
    }
}

#[test]
fn report_page_is_offline_and_says_what_the_set_says() {
    let (dir, out) = report();
    let html = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("url("), "no CSS fetches");
    assert!(!html.contains("@import"));
    for attr in ["src=\"", "href=\""] {
        for part in html.split(attr).skip(1) {
            let value = &part[..part.find('"').unwrap()];
            assert!(!value.contains("://"), "{attr}{value}");
            if let Some(anchor) = value.strip_prefix('#') {
                assert!(html.contains(&format!("id=\"{anchor}\"")), "#{anchor}");
            } else {
                assert!(out.join(value).is_file(), "{value} is beside the page");
            }
        }
    }
    for chart in ["stances", "coverage", "speakers"] {
        assert!(html.contains(&format!("<img src=\"{chart}.svg\"")));
    }

    // The findings, as `concord validate` counts them.
    let validate = concord(&["validate", dir.path().to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&validate.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    assert!(!findings.is_empty(), "the seeds have a warning");
    assert!(html.contains(&format!("<h2>Findings ({})</h2>", findings.len())));
    let warnings = findings
        .iter()
        .filter(|f| f["severity"] == "warning")
        .count();
    assert!(html.contains(&format!("Warnings ({warnings})")));
    for f in findings {
        let message = html_escape(f["message"].as_str().unwrap());
        assert!(html.contains(&message), "{message}");
    }

    // Each stance row: per outlet in column order, the counts of the set.
    let project = Project::open(dir.path()).unwrap();
    let outlets = outlets(&project);
    let counts = stance_counts(&project);
    let targets: BTreeSet<&Target> = counts.keys().map(|(t, _)| t).collect();
    for t in targets {
        let label = html_escape(&target_label(&project, t));
        let head = format!("<tr><th dir=\"auto\">{label}</th>");
        let at = html
            .find(&head)
            .unwrap_or_else(|| panic!("a row for {label}"));
        let row = &html[at..at + html[at..].find("</tr>").unwrap()];
        let cells: Vec<&str> = row.split("<td").skip(1).collect();
        assert_eq!(cells.len(), outlets.len(), "{label}");
        for (cell, o) in cells.iter().zip(&outlets) {
            match counts.get(&(t.clone(), o.clone())) {
                Some([f, a, n]) => assert!(
                    cell.contains(&format!("{f} favor, {a} against, {n} neutral")),
                    "{label} × {o}: {cell}"
                ),
                None => assert!(cell.contains('–'), "{label} × {o} is empty: {cell}"),
            }
        }
    }
}

#[test]
fn report_refuses_an_out_that_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let file = dir.path().join("report.txt");
    std::fs::write(&file, "keep me").unwrap();
    let run = concord(&[
        "report",
        dir.path().to_str().unwrap(),
        "--out",
        file.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("is a file"));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "keep me");
}
