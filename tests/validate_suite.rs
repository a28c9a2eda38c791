//! The planted-conflict suite: every case under `tests/suite/` is one news
//! event told by several outlets, with the conflicts an editor would flag
//! planted and the look-alikes that are fine kept as controls (format in
//! `tests/common/case.rs`). The validator is scored on all of them together:
//! each rule with planted conflicts must find nearly all of them and report
//! little else, and no control may be touched.

mod common;

use common::case::{self, Case, RuleScore, Scores, pct};
use concord::core::validate::validate;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const MIN_RECALL: f64 = 0.95;
const MIN_PRECISION: f64 = 0.90;

/// The suite may grow, never shrink unnoticed.
const MIN_ARTICLES: usize = 10;
const MIN_OUTLETS: usize = 4;
const MIN_PLANTED: usize = 40;
const MIN_CONTROLS: usize = 20;

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/suite")
}

/// Case folders (those holding a `case.ron`), in name order.
fn case_dirs() -> Vec<PathBuf> {
    let entries = std::fs::read_dir(suite_dir()).expect("tests/suite is readable");
    let mut dirs: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("case.ron").is_file())
        .collect();
    dirs.sort();
    dirs
}

/// Everything the suite measured, summed over its cases.
#[derive(Default)]
struct Run {
    scores: Scores,
    misses: Vec<String>,
    articles: usize,
    outlets: BTreeSet<String>,
    planted: usize,
    controls: usize,
}

fn run() -> Run {
    let mut out = Run::default();
    let dirs = case_dirs();
    assert!(!dirs.is_empty(), "no cases under tests/suite");
    for dir in dirs {
        let case = Case::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let (set, corpus) = case.build(&dir).unwrap_or_else(|e| panic!("{e}"));
        let findings = validate(&set, &corpus);
        case::add(&mut out.scores, &case::score(&case, &findings));
        out.misses.extend(case::misses(&case, &findings));
        out.articles += corpus.articles().count();
        // Outlets are told apart across cases by name.
        out.outlets.extend(
            case.articles
                .values()
                .map(|m| m.outlet.trim().to_owned())
                .filter(|o| !o.is_empty()),
        );
        out.planted += case.planted.len();
        out.controls += case.controls.len();
    }
    out
}

#[test]
fn suite_is_big_enough() {
    let run = run();
    assert!(
        run.articles >= MIN_ARTICLES,
        "{} articles, want {MIN_ARTICLES}",
        run.articles
    );
    assert!(
        run.outlets.len() >= MIN_OUTLETS,
        "{} outlets ({:?}), want {MIN_OUTLETS}",
        run.outlets.len(),
        run.outlets
    );
    assert!(
        run.planted >= MIN_PLANTED,
        "{} planted conflicts, want {MIN_PLANTED}",
        run.planted
    );
    assert!(
        run.controls >= MIN_CONTROLS,
        "{} controls, want {MIN_CONTROLS}",
        run.controls
    );
}

#[test]
fn rules_find_the_planted_conflicts() {
    let run = run();
    let total = case::overall(&run.scores);
    println!(
        "{} articles, {} outlets, {} planted, {} controls\n",
        run.articles,
        run.outlets.len(),
        run.planted,
        run.controls
    );
    print!("{}", case::table(&run.scores));

    let mut failures: Vec<String> = Vec::new();
    let mut check = |what: &str, s: &RuleScore| {
        if s.recall().is_some_and(|r| r < MIN_RECALL) {
            failures.push(format!("{what}: recall {} < {MIN_RECALL}", pct(s.recall())));
        }
        // A rule with planted conflicts and no findings has no precision to
        // speak of; its recall already fails.
        if s.planted > 0 && s.precision().is_some_and(|p| p < MIN_PRECISION) {
            failures.push(format!(
                "{what}: precision {} < {MIN_PRECISION}",
                pct(s.precision())
            ));
        }
    };
    for (rule, s) in &run.scores {
        check(rule, s);
    }
    check("overall", &total);
    // `misses` words each violated control as "<case>: control (<why>) violated by …".
    let violated: Vec<&String> = run
        .misses
        .iter()
        .filter(|m| m.contains(": control ("))
        .collect();
    if !violated.is_empty() {
        failures.push(format!("{} controls violated", violated.len()));
    }
    if !failures.is_empty() {
        println!("\nmisses:");
        for m in &run.misses {
            println!("  {m}");
        }
        panic!("the suite fails: {}", failures.join("; "));
    }
}
