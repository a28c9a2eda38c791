//! `concord validate`: run the validator and print findings as a compiler
//! would, as JSON, or as SARIF 2.1.0 for CI systems.

use clap::ValueEnum;
use concord::core::model::ArticleId;
use concord::core::store::{ANNOTATIONS_DIR, Project, SET_ARTICLES_DIR};
use concord::core::text::lines::Lines;
use concord::core::validate::{Finding, Location, RULES, Severity, validate};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
}

pub fn run(dir: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let project = super::open_project(dir, None)?;
    let findings = validate(&project.set, &project.corpus);
    let mut out = match format {
        Format::Text => text(project, &findings),
        Format::Json => serde_json::to_string_pretty(&json(&findings))?,
        Format::Sarif => serde_json::to_string_pretty(&sarif(project, &findings))?,
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    // A reader that stops early (`| head`) is not an error.
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other?,
    }
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn text(project: &Project, findings: &[Finding]) -> String {
    let mut places = Places::new(project);
    let mut out = String::new();
    for f in findings {
        out.push_str(&format!(
            "{}[{}]: {}\n",
            f.severity.as_str(),
            f.rule,
            f.message
        ));
        for loc in &f.locations {
            match places.line_col(&loc.article, loc.start) {
                Some((line, col)) => out.push_str(&format!("  --> {}:{line}:{col}\n", loc.article)),
                None => out.push_str(&format!("  --> {}\n", loc.article)),
            }
        }
        if let Some(fix) = &f.fix {
            out.push_str(&format!("  = fix: {}\n", fix.label));
        }
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "{} errors, {} warnings, {} infos\n",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    ));
    out
}

/// 1-based line and column (in chars) of char offset `at` in an article.
pub(crate) fn line_col(
    project: &Project,
    article: &ArticleId,
    at: Option<usize>,
) -> Option<(usize, usize)> {
    Places::new(project).line_col(article, at)
}

/// Lines and columns of locations, with each article's line table built
/// once: 20,000 findings in one article must not walk it 20,000 times.
struct Places<'a> {
    project: &'a Project,
    lines: HashMap<&'a ArticleId, Option<Lines>>,
}

impl<'a> Places<'a> {
    fn new(project: &'a Project) -> Self {
        Self {
            project,
            lines: HashMap::new(),
        }
    }

    fn line_col(&mut self, article: &'a ArticleId, at: Option<usize>) -> Option<(usize, usize)> {
        let corpus = &self.project.corpus;
        self.lines
            .entry(article)
            .or_insert_with(|| corpus.get(article).map(|a| Lines::new(a.text.as_str())))
            .as_ref()?
            .line_col(at?)
    }
}

fn json(findings: &[Finding]) -> Value {
    let findings: Vec<_> = findings
        .iter()
        .map(|f| {
            json!({
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "locations": f.locations,
                "fix": f.fix.as_ref().map(|x| &x.label),
            })
        })
        .collect();
    json!({ "findings": findings })
}

fn sarif_level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// The file a location is in, relative to the project folder: the article,
/// or the set's file for an article that is not in the folder.
fn artifact(project: &Project, loc: &Location) -> PathBuf {
    match project.corpus.get(&loc.article) {
        Some(a) => a
            .path
            .strip_prefix(&project.root)
            .map(Path::to_owned)
            .unwrap_or_else(|_| {
                project
                    .settings
                    .articles
                    .join(a.path.file_name().unwrap_or_default())
            }),
        None => PathBuf::from(ANNOTATIONS_DIR)
            .join(&project.settings.default_set)
            .join(SET_ARTICLES_DIR)
            .join(format!("{}.ron", loc.article)),
    }
}

/// A relative path as a URI reference: `/` separators, other bytes outside
/// the unreserved set percent-encoded.
fn uri(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let mut out = String::new();
    for b in parts.join("/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn sarif(project: &Project, findings: &[Finding]) -> Value {
    let mut places = Places::new(project);
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "defaultConfiguration": { "level": sarif_level(r.severity) },
            })
        })
        .collect();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let locations: Vec<Value> = f
                .locations
                .iter()
                .map(|loc| {
                    let mut physical = json!({
                        "artifactLocation": { "uri": uri(&artifact(project, loc)) },
                    });
                    let start = places.line_col(&loc.article, loc.start);
                    let end = places.line_col(&loc.article, loc.end);
                    if let (Some((sl, sc)), Some((el, ec))) = (start, end) {
                        physical["region"] = json!({
                            "startLine": sl,
                            "startColumn": sc,
                            "endLine": el,
                            "endColumn": ec,
                        });
                    }
                    json!({ "physicalLocation": physical })
                })
                .collect();
            let mut result = json!({
                "ruleId": f.rule,
                "level": sarif_level(f.severity),
                "message": { "text": f.message },
                "locations": locations,
            });
            if let Some(index) = RULES.iter().position(|r| r.code == f.rule) {
                result["ruleIndex"] = json!(index);
            }
            result
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "concord",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}
