//! The validator's rules, case by case: each folder under `tests/validate/`
//! is a tiny project whose findings must equal its `expected.txt`
//! (`UPDATE_EXPECT=1 cargo test --test validate_rules` rewrites them).
//! A case named after a rule (`x104_…`) must produce findings of that rule
//! only; a `clean_…` case must produce none.

use concord::core::edit::{Edit, apply};
use concord::core::generate::{Spec, generate};
use concord::core::model::{EntityId, Kind, Polarity};
use concord::core::store::Project;
use concord::core::validate::{Finding, RULES, Validator, touched_articles, validate};
use std::path::{Path, PathBuf};
use std::process::Command;

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

fn check(case: &str) {
    let dir = cases_dir().join(case);
    let project = Project::open(&dir).unwrap_or_else(|e| panic!("{case}: {e}"));
    let findings = validate(&project.set, &project.corpus);
    let actual = render(&findings);
    let expected_path = dir.join("expected.txt");
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&expected_path, &actual).unwrap();
    } else {
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
        assert!(!findings.is_empty(), "{case}: no finding");
        assert!(
            findings.iter().all(|f| f.rule == code),
            "{case}: only {code} expected:\n{actual}"
        );
    }
    // Every fix applies through the edit path and leaves fewer findings of
    // its rule.
    for f in findings.iter().filter(|f| f.fix.is_some()) {
        let mut set = project.set.clone();
        let fix = f.fix.clone().unwrap();
        apply(&mut set, fix.edit).unwrap_or_else(|e| panic!("{case}: fix {}: {e}", fix.label));
        let before = findings.iter().filter(|g| g.rule == f.rule).count();
        let after = validate(&set, &project.corpus)
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
    i001_span_invalid
    i002_stale_span
    i003_fingerprint_changed
    i004_dangling_reference
    i005_duplicate_id
    i006_missing_attribute
    i007_unknown_tag
    i008_duplicate_annotation
    i009_quote_conventions
    i009_quote_not_quoted
    i010_unknown_article
    x101_speaker_conflict
    x101_speaker_conflict_near_identical
    x102_utterance_drift
    x102_utterance_drift_minor
    x103_utterance_speaker_mismatch
    x104_claim_conflict
    x104_claim_conflict_dates
    x105_stance_contradiction
    x106_unlinked_match
    x107_duplicate_entity
    x108_single_source
    x109_unannotated_article
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
            .contains("disagree on the number of missiles")
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
                    span: Span { start, end, exact, prefix: String::new(), suffix: String::new() },
                    author: String::new(),
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
