//! Re-anchoring accuracy on generated articles under generated edits
//! (insertions, deletions and replacements covering 5 % of each article's
//! chars, some inside spans), scored against where each old offset truly
//! went.

#[path = "common/edits.rs"]
mod edits;

use concord::core::article::{Article, Corpus};
use concord::core::edit::apply;
use concord::core::generate::{Rng, Spec, generate};
use concord::core::model::{AnnotationId, Kind};
use concord::core::reanchor::{Outcome, Part, plan};
use concord::core::text::Span;
use edits::{TextEdit, apply_edits, map_offset, random_edits, survives};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Default)]
struct Score {
    survived: usize,
    survived_exact: usize,
    survived_orphan: usize,
    survived_changed: usize,
    edited: usize,
    edited_restored: usize,
    edited_changed: usize,
    edited_changed_wrong: usize,
    edited_orphan: usize,
    wrong_moves: usize,
}

/// Overlap of two char ranges over their union.
fn iou(a: (usize, usize), b: (usize, usize)) -> f64 {
    let inter = a.1.min(b.1).saturating_sub(a.0.max(b.0));
    let union = a.1.max(b.1) - a.0.min(b.0);
    if union == 0 {
        1.0
    } else {
        inter as f64 / union as f64
    }
}

#[test]
fn generated_edits_re_anchor_to_the_true_text() {
    // `SEED=n` tries other edits.
    let seeds: Vec<u64> = match std::env::var("SEED").ok().and_then(|s| s.parse().ok()) {
        Some(seed) => vec![seed],
        None => vec![2024, 5, 9],
    };
    for seed in seeds {
        re_anchor_one_corpus(seed);
    }
}

fn re_anchor_one_corpus(seed: u64) {
    let (corpus, mut set) = generate(&Spec {
        articles: 300,
        annotations_per_article: 40,
        seed: 11,
    });
    let mut rng = Rng(seed);
    let mut truth: HashMap<String, Vec<TextEdit>> = HashMap::new();
    let edited: Vec<Article> = corpus
        .articles()
        .map(|a| {
            let edits = random_edits(a.text.as_str(), &mut rng, 5);
            let text = apply_edits(a.text.as_str(), &edits);
            truth.insert(a.id.to_string(), edits);
            Article::from_text(a.id.clone(), a.path.clone(), text)
        })
        .collect();
    let edited = Corpus::from_articles(corpus.dir.clone(), edited);
    let plan = plan(&set, &edited);
    let outcomes: HashMap<(AnnotationId, Part), &Outcome> = plan
        .proposals()
        .map(|p| ((p.annotation.clone(), p.part), &p.outcome))
        .collect();

    let mut score = Score::default();
    let mut methods: BTreeMap<&str, usize> = BTreeMap::new();
    for a in set.annotations() {
        let edits = &truth[a.article.as_str()];
        let text = &edited.get(&a.article).unwrap().text;
        let mut parts: Vec<(Part, &Span)> = vec![(Part::Span, &a.span)];
        if let Kind::Quote(q) = &a.kind
            && let Some(cue) = &q.cue
        {
            parts.push((Part::Cue, cue));
        }
        for (part, old) in parts {
            let outcome = outcomes
                .get(&(a.id.clone(), part))
                .copied()
                .unwrap_or(&Outcome::InPlace);
            let true_start = map_offset(edits, old.start);
            let true_end = map_offset(edits, old.end);
            let at = match outcome {
                Outcome::InPlace => Some((old.start, old.exact())),
                Outcome::Moved { span, method, .. } => {
                    *methods.entry(method.as_str()).or_default() += 1;
                    Some((span.start, span.exact()))
                }
                _ => None,
            };
            if let Some((start, exact)) = at {
                // A certain move must land on the stored text where it truly went.
                assert_eq!(exact, old.exact());
                assert_eq!(
                    text.slice(start..start + exact.chars().count()),
                    Some(exact)
                );
            }
            if survives(edits, old.start, old.end) {
                score.survived += 1;
                match (at, outcome) {
                    (Some((start, _)), _) if start == true_start => score.survived_exact += 1,
                    (Some((start, _)), _) => {
                        score.wrong_moves += 1;
                        eprintln!(
                            "survivor moved wrong: {:?} {}..{} → {start}, truly {true_start} ({outcome:?})",
                            old.exact(),
                            old.start,
                            old.end
                        );
                    }
                    (None, Outcome::Changed { .. }) => score.survived_changed += 1,
                    _ => score.survived_orphan += 1,
                }
            } else {
                score.edited += 1;
                match outcome {
                    // An edit that wrote the same words again where they were.
                    Outcome::InPlace | Outcome::Moved { .. }
                        if at.is_some_and(|(s, e)| {
                            let end = s + e.chars().count();
                            (true_start <= s && end <= true_end)
                                || iou((s, end), (true_start, true_end)) >= 0.5
                        }) =>
                    {
                        score.edited_restored += 1
                    }
                    Outcome::InPlace | Outcome::Moved { .. } => {
                        score.wrong_moves += 1;
                        eprintln!(
                            "edited yet moved: {:?} {}..{} truly {:?} ({outcome:?})",
                            old.exact(),
                            old.start,
                            old.end,
                            text.slice(true_start..true_end)
                        );
                    }
                    Outcome::Changed { span, .. } => {
                        score.edited_changed += 1;
                        if iou((span.start, span.end), (true_start, true_end)) == 0.0 {
                            score.edited_changed_wrong += 1;
                            eprintln!(
                                "changed far from the truth: {:?} at {}..{} → {:?} at {}..{}, truly {:?}",
                                old.exact(),
                                old.start,
                                old.end,
                                span.exact(),
                                span.start,
                                span.end,
                                text.slice(true_start..true_end)
                            );
                        }
                    }
                    Outcome::Orphan => score.edited_orphan += 1,
                }
            }
        }
    }
    let share = score.survived_exact as f64 / score.survived as f64;
    println!(
        "edits seeded {seed}: {score:#?}\nmethods: {methods:?}\nsurvived and re-anchored exactly: {:.3} %",
        share * 100.0
    );
    assert!(score.survived > 10_000 && score.edited > 1_000, "{score:?}");
    assert!(share >= 0.99, "{score:?}");
    assert_eq!(score.wrong_moves, 0, "{score:?}");
    assert_eq!(score.edited_changed_wrong, 0, "{score:?}");

    // Accepting every certain move through the edit path leaves each moved
    // anchor on its text and records the fingerprint of fully re-anchored articles.
    let edit = plan
        .edit(&set, &edited, |p| p.outcome.is_certain())
        .expect("something moves");
    apply(&mut set, edit).unwrap();
    let after = concord::core::reanchor::plan(&set, &edited);
    let counts = after.counts();
    assert_eq!(counts.moved, 0, "{counts:?}");
    for a in set.annotations() {
        let text = &edited.get(&a.article).unwrap().text;
        let clean = after.articles.iter().all(|p| p.article != a.article);
        if clean {
            assert_eq!(text.slice(a.span.range()), Some(a.span.exact()));
            assert_eq!(
                set.article(&a.article).unwrap().record.fingerprint,
                edited.get(&a.article).unwrap().fingerprint
            );
        }
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

fn concord(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// `concord reanchor` on the I011 case: one cue moves, one is an orphan.
#[test]
fn cli_lists_applies_and_exits_by_what_is_left() {
    let dir = tempfile::tempdir().unwrap();
    let here =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/validate/i011_stale_cue");
    copy_dir(&here, dir.path());
    let root = dir.path().to_str().unwrap();
    let file = dir.path().join("annotations/main/articles/a.ron");
    let before = std::fs::read_to_string(&file).unwrap();

    let (code, out) = concord(&["reanchor", root, "--dry-run"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("moved    a1 cue 98..102 → 122..126 “said”"),
        "{out}"
    );
    assert!(
        out.contains("orphan   a2 cue 142..146 “said” (kept as it is)"),
        "{out}"
    );
    assert!(out.contains("would apply 1"), "{out}");
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        before,
        "a dry run writes nothing"
    );

    let (code, out) = concord(&["reanchor", root, "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["applied"], 1);
    assert_eq!(json["counts"]["orphans"], 1);
    let project = concord::core::store::Project::open(dir.path()).unwrap();
    let a1 = project.set.annotation(&AnnotationId::new("a1")).unwrap();
    let Kind::Quote(q) = &a1.kind else {
        panic!("a1 is a quote")
    };
    assert_eq!(q.cue.as_deref().map(|c| c.start), Some(122));

    let (code, _) = concord(&["reanchor", dir.path().join("nowhere").to_str().unwrap()]);
    assert_eq!(code, 2);
}
