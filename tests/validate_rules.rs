//! The validator's rules, case by case: each folder under `tests/validate/`
//! is a tiny project, or articles plus a `case.ron` (see
//! `tests/common/case.rs`), whose findings must equal its `expected.txt`
//! (`UPDATE_EXPECT=1 cargo test --test validate_rules` rewrites them).
//! A `case.ron` case must also find every conflict it plants, nothing else,
//! and no finding may touch its controls. A case named after a rule
//! (`x104_…`) must produce findings of that rule only (a `case.ron` case:
//! of the rules it plants); a `clean_…` case must produce none.

mod common;

use common::case::{Case, misses, score, table};

use concord::core::article::Corpus;
use concord::core::edit::{Edit, apply};
use concord::core::generate::{Spec, generate};
use concord::core::model::{AnnotationId, AnnotationSet, EntityId, Kind, Polarity};
use concord::core::store::Project;
use concord::core::validate::{Finding, RULES, Severity, Validator, touched_articles, validate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate")
}

/// One line per finding in the case format
/// (`severity rule article start..end annotation; …`), then its message
/// and fix, indented.
fn render(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings {
        let locations: Vec<String> = f
            .locations
            .iter()
            .map(|l| {
                let range = match (l.start, l.end) {
                    (Some(s), Some(e)) => format!("{s}..{e}"),
                    _ => "-".into(),
                };
                let annotation = l.annotation.as_ref().map_or("-", |a| a.as_str());
                format!("{} {range} {annotation}", l.article)
            })
            .collect();
        out.push_str(&format!(
            "{} {} {}\n    {}\n",
            f.severity.as_str(),
            f.rule,
            locations.join("; "),
            f.message
        ));
        if let Some(fix) = &f.fix {
            out.push_str(&format!("    fix: {}\n", fix.label));
        }
    }
    out
}

/// A case folder's set and articles, and its `case.ron` if it has one.
fn open(case: &str) -> (AnnotationSet, Corpus, Option<Case>) {
    let dir = cases_dir().join(case);
    if dir.join("case.ron").is_file() {
        let spec = Case::load(&dir).unwrap_or_else(|e| panic!("{e}"));
        let (set, corpus) = spec.build(&dir).unwrap_or_else(|e| panic!("{e}"));
        (set, corpus, Some(spec))
    } else {
        let project = Project::open(&dir).unwrap_or_else(|e| panic!("{case}: {e}"));
        (project.set, Arc::unwrap_or_clone(project.corpus), None)
    }
}

fn check(case: &str) {
    let dir = cases_dir().join(case);
    let (set, corpus, spec) = open(case);
    let findings = validate(&set, &corpus);
    let actual = render(&findings);
    let expected_path = dir.join("expected.txt");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    if update {
        std::fs::write(&expected_path, &actual).unwrap();
    }
    // The plan first: it says what went wrong, where expected.txt only says
    // that something differs.
    if let Some(spec) = &spec {
        let missed = misses(spec, &findings);
        assert!(
            missed.is_empty(),
            "{}\n{}",
            missed.join("\n"),
            table(&score(spec, &findings))
        );
    }
    if !update {
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        assert_eq!(
            actual, expected,
            "{case}: findings differ from expected.txt (UPDATE_EXPECT=1 rewrites it)"
        );
    }
    if case.starts_with("clean_") {
        assert!(findings.is_empty(), "{case}: {actual}");
    } else {
        let code = case[..4].to_uppercase();
        // A `case.ron` case may plant the info findings its articles also
        // raise (a proposition one outlet carries, say), so it is held to
        // its planted rules; it must still plant the rule it is named after.
        let allowed: BTreeSet<String> = match &spec {
            Some(spec) => spec.planted.iter().map(|p| p.rule.clone()).collect(),
            None => BTreeSet::from([code.clone()]),
        };
        assert!(allowed.contains(&code), "{case}: plants no {code}");
        assert!(!findings.is_empty(), "{case}: no finding");
        assert!(
            findings.iter().all(|f| allowed.contains(f.rule)),
            "{case}: only {allowed:?} expected:\n{actual}"
        );
    }
    // Every fix applies through the edit path and leaves fewer findings of
    // its rule.
    for f in findings.iter().filter(|f| f.fix.is_some()) {
        let mut set = set.clone();
        let fix = f.fix.clone().unwrap();
        apply(&mut set, fix.edit).unwrap_or_else(|e| panic!("{case}: fix {}: {e}", fix.label));
        let before = findings.iter().filter(|g| g.rule == f.rule).count();
        let after = validate(&set, &corpus)
            .iter()
            .filter(|g| g.rule == f.rule)
            .count();
        assert!(
            after < before,
            "{case}: fix {:?} left {after} of {before}",
            fix.label
        );
    }
}

macro_rules! cases {
    ($($name:ident)*) => {
        $(#[test]
        fn $name() {
            check(stringify!($name));
        })*

        #[test]
        fn every_case_folder_is_listed_and_every_rule_has_a_case() {
            let listed = [$(stringify!($name)),*];
            let mut folders: Vec<String> = std::fs::read_dir(cases_dir())
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            folders.sort();
            let mut sorted = listed.to_vec();
            sorted.sort();
            assert_eq!(folders, sorted);
            for rule in RULES {
                let prefix = rule.code.to_lowercase();
                assert!(
                    listed.iter().any(|c| c.starts_with(&prefix)),
                    "no case for {}",
                    rule.code
                );
            }
        }
    };
}

cases! {
    clean_two_outlets
    clean_excerpts_and_omissions
    clean_rules_switched_off
    clean_numerals_across_scripts
    i001_span_invalid
    i002_stale_span
    i003_fingerprint_changed
    i004_dangling_reference
    i005_duplicate_id
    i006_missing_attribute
    i007_unknown_tag
    i008_duplicate_annotation
    i008_distinct_propositions
    i009_quote_conventions
    i009_quote_not_quoted
    i009_quotation_conventions
    i009_quotes_across_paragraphs
    i010_unknown_article
    i011_stale_cue
    x101_speaker_conflict
    x101_speaker_conflict_near_identical
    x101_distinct_utterances
    x102_utterance_drift
    x102_utterance_drift_minor
    x102_translated_quotes
    x103_utterance_speaker_mismatch
    x104_claim_conflict
    x104_claim_conflict_dates
    x104_counts_and_counters
    x104_dates_and_times
    x104_money_and_percentages
    x104_places_and_actors
    x105_stance_contradiction
    x106_unlinked_match
    x106_unlinked_paraphrases
    x107_duplicate_entity
    x107_namesakes_and_scripts
    x108_single_source
    x108_wire_copy
    x109_unannotated_article
}

/// The findings of `rule` in `case` that point at every one of `ids`, with
/// the case's set and articles.
fn findings_on(case: &str, rule: &str, ids: &[&str]) -> (Vec<Finding>, AnnotationSet, Corpus) {
    let (set, corpus, _) = open(case);
    let found = validate(&set, &corpus)
        .into_iter()
        .filter(|f| {
            f.rule == rule
                && ids.iter().all(|id| {
                    f.locations
                        .iter()
                        .any(|l| l.annotation.as_ref().is_some_and(|a| a.as_str() == *id))
                })
        })
        .collect::<Vec<_>>();
    assert!(!found.is_empty(), "{case}: no {rule} on {ids:?}");
    (found, set, corpus)
}

/// Propositions the claims on `id`'s span link to.
fn linked_on_span(set: &AnnotationSet, id: &str) -> BTreeSet<String> {
    let Some(a) = set.annotation(&AnnotationId::new(id)) else {
        return BTreeSet::new();
    };
    set.annotations_of(&a.article)
        .iter()
        .filter(|b| b.span.range() == a.span.range())
        .flat_map(|b| b.propositions())
        .map(|p| p.to_string())
        .collect()
}

// Some findings are pointers, not errors to undo: a fix there would throw
// away what the editor recorded, and drift between translations is no
// misquotation.

#[test]
fn namesakes_are_not_merged_one_man_in_two_scripts_is() {
    let (siblings, _, _) = findings_on("x107_namesakes_and_scripts", "X107", &["a1", "c1"]);
    let fixes: Vec<&str> = siblings
        .iter()
        .filter_map(|f| f.fix.as_ref().map(|f| f.label.as_str()))
        .collect();
    assert!(
        fixes.is_empty(),
        "a brother and sister who share the alias Kim must not be merged: {fixes:?}"
    );
    let (one_man, _, _) = findings_on("x107_namesakes_and_scripts", "X107", &["a2", "b1"]);
    assert!(
        one_man.iter().any(|f| f.fix.is_some()),
        "Putin = Путин: merge offered"
    );
}

#[test]
fn fixes_for_claims_on_one_span_keep_every_proposition() {
    for (pair, lossless) in [(["a1", "a2"], false), (["a3", "a4"], true)] {
        let (found, set, _) = findings_on("i008_distinct_propositions", "I008", &pair);
        let before = linked_on_span(&set, pair[0]);
        for fix in found.iter().filter_map(|f| f.fix.as_ref()) {
            let mut fixed = set.clone();
            apply(&mut fixed, fix.edit.clone()).unwrap();
            let kept: BTreeSet<String> = pair
                .iter()
                .flat_map(|id| linked_on_span(&fixed, id))
                .collect();
            assert!(
                before.is_subset(&kept),
                "fix {:?} on {pair:?} drops links: {before:?} before, {kept:?} after",
                fix.label
            );
        }
        if lossless {
            assert!(
                found.iter().any(|f| f.fix.is_some()),
                "a true duplicate can go"
            );
        }
    }
}

#[test]
fn drift_between_translations_is_info() {
    let (drift, _, _) = findings_on("x102_translated_quotes", "X102", &["b1", "c1"]);
    assert!(
        drift.iter().all(|f| f.severity == Severity::Info),
        "two translations differ: info, not {:?}",
        drift.iter().map(|f| f.severity).collect::<Vec<_>>()
    );
}

/// Fails with the first finding that differs, not two walls of findings.
fn assert_same(incremental: &[Finding], full: &[Finding], context: &str) {
    let differs = incremental.iter().zip(full).position(|(a, b)| a != b);
    if let Some(n) = differs {
        panic!(
            "{context}: finding {n} differs:\nincremental {:#?}\nfull {:#?}",
            incremental[n], full[n]
        );
    }
    assert_eq!(incremental.len(), full.len(), "{context}: {}", render(full));
}

/// After any sequence of edits, re-checking the articles each edit touched
/// gives what a check from scratch gives.
#[test]
fn incremental_matches_full() {
    let (corpus, mut set) = generate(&Spec {
        articles: 60,
        annotations_per_article: 30,
        seed: 7,
    });
    let mut validator = Validator::new();
    assert_eq!(validator.validate(&set, &corpus), validate(&set, &corpus));
    let all: Vec<_> = set.annotations().cloned().collect();
    let mut undo = Vec::new();
    for (n, a) in all.iter().enumerate().step_by(37) {
        let mut changed = a.clone();
        let edit = match &mut changed.kind {
            Kind::Quote(q) => {
                q.speaker = Some(EntityId::new(format!("p{}", n % 12)));
                Edit::ReplaceAnnotation(Box::new(changed))
            }
            Kind::Stance(s) => {
                s.polarity = Some(if n.is_multiple_of(2) {
                    Polarity::Favor
                } else {
                    Polarity::Against
                });
                Edit::ReplaceAnnotation(Box::new(changed))
            }
            Kind::Claim(_) => Edit::RemoveAnnotation(a.id.clone()),
        };
        let changed = touched_articles(&set, &edit);
        assert_eq!(changed, vec![a.article.clone()]);
        undo.push((a.article.clone(), apply(&mut set, edit).unwrap()));
        assert_same(
            &validator.revalidate(&set, &corpus, &changed),
            &validate(&set, &corpus),
            &format!("after editing {}", a.id),
        );
    }
    for (article, inverse) in undo.into_iter().rev() {
        apply(&mut set, inverse).unwrap();
        assert_same(
            &validator.revalidate(&set, &corpus, &[article]),
            &validate(&set, &corpus),
            "after undo",
        );
    }
}

/// The generator's deliberate disagreements are found.
#[test]
fn generated_conflicts_are_found() {
    let (corpus, set) = generate(&Spec {
        articles: 200,
        annotations_per_article: 40,
        seed: 3,
    });
    let findings = validate(&set, &corpus);
    for rule in ["X101", "X102", "X104", "X105"] {
        assert!(
            findings.iter().any(|f| f.rule == rule),
            "no {rule} in the generated corpus"
        );
    }
    assert!(
        !findings.iter().any(|f| f.rule.starts_with('I')),
        "{:?}",
        findings.iter().find(|f| f.rule.starts_with('I'))
    );
}

fn concord(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn cli_exit_codes() {
    let dir = |case: &str| cases_dir().join(case).to_string_lossy().into_owned();
    let (code, text) = concord(&["validate", &dir("clean_two_outlets")]);
    assert_eq!(
        (code, text.as_str()),
        (0, "0 errors, 0 warnings, 0 infos\n")
    );
    let (code, text) = concord(&["validate", &dir("x103_utterance_speaker_mismatch")]);
    assert_eq!(code, 1);
    assert!(
        text.starts_with("error[X103]: quote b1 is attributed to Dmitry Peskov"),
        "{text}"
    );
    assert!(text.contains("\n  --> b:2:21\n"), "{text}");
    let (code, _) = concord(&["validate", &dir("x104_claim_conflict")]);
    assert_eq!(code, 0, "warnings only");
    let (code, _) = concord(&["validate", &dir("no_such_case")]);
    assert_eq!(code, 2);
}

#[test]
fn cli_json_and_sarif() {
    let dir = cases_dir().join("x104_claim_conflict");
    let (_, json) = concord(&["validate", &dir.to_string_lossy(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&json).unwrap();
    let f = &json["findings"][0];
    assert_eq!(f["rule"], "X104");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["locations"][0]["article"], "a");
    assert_eq!(f["locations"][0]["annotation"], "a2");

    let (code, sarif) = concord(&["validate", &dir.to_string_lossy(), "--format", "sarif"]);
    assert_eq!(code, 0);
    let sarif: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "concord");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for r in rules {
        assert!(r["id"].is_string() && r["shortDescription"]["text"].is_string());
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note"].contains(&level));
    }
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "X104");
    assert_eq!(result["level"], "warning");
    assert!(
        result["message"]["text"]
            .as_str()
            .unwrap()
            .contains("disagree on a count")
    );
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "articles/a.txt");
    // Claim a2 is on line 3 of article a, chars 1..54.
    assert_eq!(
        location["region"],
        serde_json::json!({"startLine": 3, "startColumn": 1, "endLine": 3, "endColumn": 54})
    );
}

mod never_panics {
    use concord::core::article::{Article, Corpus};
    use concord::core::model::{
        Annotation, AnnotationId, AnnotationSet, ArticleAnnotations, ArticleId, ArticleRecord,
        Claim, EntityId, Kind, Polarity, PropositionId, Quote, QuoteMode, SetInfo, Stance, Target,
        UtteranceId,
    };
    use concord::core::text::Span;
    use concord::core::validate::{Validator, validate};
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn kind(n: u8, r: u8) -> Kind {
        let id = |p: &str| format!("{p}{}", r % 3);
        match n % 3 {
            0 => Kind::Claim(Claim {
                propositions: r
                    .is_multiple_of(2)
                    .then(|| PropositionId::new(id("prop")))
                    .into_iter()
                    .collect(),
                ..Claim::default()
            }),
            1 => Kind::Quote(Quote {
                speaker: (!r.is_multiple_of(4)).then(|| EntityId::new(id("p"))),
                mode: if r.is_multiple_of(2) {
                    QuoteMode::Direct
                } else {
                    QuoteMode::Indirect
                },
                utterance: r.is_multiple_of(3).then(|| UtteranceId::new(id("utt"))),
                translated: r.is_multiple_of(5),
                ..Quote::default()
            }),
            _ => Kind::Stance(Stance {
                holder: None,
                target: Some(Target::Entity(EntityId::new(id("c")))),
                polarity: Some(if r.is_multiple_of(2) {
                    Polarity::Favor
                } else {
                    Polarity::Against
                }),
            }),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Any spans on any text: findings, never a panic, and re-checking
        /// gives what checking from scratch gives.
        #[test]
        fn any_spans_on_any_text(
            texts in prop::collection::vec("[a-z \n\"“”’é\u{301}\u{200D}😀0-9.,]{0,80}", 1..4),
            spans in prop::collection::vec((0usize..3, 0usize..90, 0usize..90, any::<u8>(), any::<u8>(), "[a-z “”]{0,12}"), 0..12),
        ) {
            let articles: Vec<Article> = texts
                .iter()
                .enumerate()
                .map(|(n, t)| Article::from_text(ArticleId::new(format!("a{n}")), format!("a{n}.txt").into(), t.clone()))
                .collect();
            let mut by_article: BTreeMap<ArticleId, Vec<Annotation>> = BTreeMap::new();
            for (n, (art, start, end, k, r, exact)) in spans.into_iter().enumerate() {
                let article = ArticleId::new(format!("a{art}"));
                let t = articles.get(art).map(|a| &a.text);
                let exact = t
                    .and_then(|t| t.slice(start..end))
                    .map(str::to_owned)
                    .filter(|_| !r.is_multiple_of(5))
                    .unwrap_or(exact);
                by_article.entry(article.clone()).or_default().push(Annotation {
                    id: AnnotationId::new(format!("x{}", n % 7)),
                    article,
                    span: Span::new(start, end, &exact, "", ""),
                    author: Default::default(),
                    created: jiff::Timestamp::UNIX_EPOCH,
                    modified: jiff::Timestamp::UNIX_EPOCH,
                    note: String::new(),
                    tags: vec![],
                    kind: kind(k, r),
                });
            }
            let ids: Vec<ArticleId> = by_article.keys().cloned().collect();
            let set = AnnotationSet::from_parts(
                SetInfo::default(),
                vec![],
                vec![],
                vec![],
                by_article
                    .into_iter()
                    .map(|(id, anns)| (id, ArticleAnnotations::new(ArticleRecord::default(), anns)))
                    .collect(),
            );
            let corpus = Corpus::from_articles("articles".into(), articles);
            let full = validate(&set, &corpus);
            let mut validator = Validator::new();
            validator.validate(&concord::core::model::AnnotationSet::default(), &corpus);
            prop_assert_eq!(validator.revalidate(&set, &corpus, &ids), full);
        }
    }
}

/// Claims are read against their article's date and language: changing
/// them re-checks the claims' propositions, as a check from scratch would.
#[test]
fn re_checking_follows_an_articles_date() {
    let (mut set, corpus, _) = open("x104_dates_and_times");
    let mut validator = Validator::new();
    let before = validator.validate(&set, &corpus);
    // Article c says the ferry left "χθες" (yesterday): a week later, that
    // is another day than the others give.
    let article = concord::core::model::ArticleId::new("c");
    let mut meta = set.article(&article).unwrap().record.meta.clone();
    meta.published = "2023-09-21".into();
    let edit = Edit::SetArticleMeta {
        article: article.clone(),
        meta,
    };
    let changed = touched_articles(&set, &edit);
    apply(&mut set, edit).unwrap();
    let after = validator.revalidate(&set, &corpus, &changed);
    assert_same(&after, &validate(&set, &corpus), "after a new date");
    assert_ne!(render(&after), render(&before), "the date matters to X104");
}
