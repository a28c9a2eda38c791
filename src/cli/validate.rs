//! `concord validate`: run the validator and print findings.

use clap::ValueEnum;
use concord::core::store::Project;
use concord::core::validate::{Finding, Severity, validate};
use std::path::Path;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

pub fn run(dir: &Path, format: Format) -> anyhow::Result<ExitCode> {
    let project = Project::open(dir)?;
    let findings = validate(&project.set, &project.corpus);
    match format {
        Format::Text => print_text(&project, &findings),
        Format::Json => println!("{}", serde_json::to_string_pretty(&json(&findings))?),
    }
    let errors = findings.iter().any(|f| f.severity == Severity::Error);
    Ok(if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_text(project: &Project, findings: &[Finding]) {
    for f in findings {
        println!("{}[{}]: {}", f.severity.as_str(), f.rule, f.message);
        for loc in &f.locations {
            let line_col = loc
                .start
                .zip(project.corpus.get(&loc.article))
                .and_then(|(start, article)| line_col(article.text.as_str(), start));
            match line_col {
                Some((line, col)) => println!("  --> {}:{line}:{col}", loc.article),
                None => println!("  --> {}", loc.article),
            }
        }
    }
    let count = |s| findings.iter().filter(|f| f.severity == s).count();
    println!(
        "{} errors, {} warnings, {} infos",
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
}

/// 1-based line and column (in chars) of char offset `at`.
fn line_col(text: &str, at: usize) -> Option<(usize, usize)> {
    let mut line = 1;
    let mut col = 1;
    let mut chars = text.chars();
    for _ in 0..at {
        match chars.next()? {
            '\n' => {
                line += 1;
                col = 1;
            }
            _ => col += 1,
        }
    }
    Some((line, col))
}

fn json(findings: &[Finding]) -> serde_json::Value {
    let findings: Vec<_> = findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "rule": f.rule,
                "severity": f.severity,
                "message": f.message,
                "locations": f.locations,
                "fix": f.fix.as_ref().map(|x| &x.label),
            })
        })
        .collect();
    serde_json::json!({ "findings": findings })
}
