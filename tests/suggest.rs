//! Suggestions: `concord suggest` as a user runs it, rejections kept with
//! the article, accepting as one batch, and how many of the seeds'
//! propositions the link suggestions find again.

#[path = "common/project.rs"]
mod project;

use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, apply};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, CheckWorthiness, Claim, Kind, KindName,
    Proposition, PropositionId, QuoteMode,
};
use concord::core::store::Project;
use concord::core::suggest::{
    Group, Options, Proposal, Speaker, SuggestKind, Suggestion, accept_all, links::links, suggest,
};
use project::{concord, seeds_copy};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn suggestions_json(dir: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["suggest", dir, "--format", "json"];
    args.extend_from_slice(extra);
    let out = concord(&args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).expect("suggest prints JSON");
    v["suggestions"]
        .as_array()
        .expect("a suggestions list")
        .clone()
}

fn open(dir: &Path) -> Project {
    Project::open(dir).unwrap_or_else(|e| panic!("the project opens: {e}"))
}

/// The article text at chars `start..end`.
fn text_at(project: &Project, article: &str, start: u64, end: u64) -> String {
    let a = project
        .corpus
        .get(&ArticleId::new(article))
        .expect("the article exists");
    a.text
        .slice(start as usize..end as usize)
        .expect("the span lies in the article")
        .to_owned()
}

#[test]
fn json_lists_suggestions_with_their_text_and_kind_fields() {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let path = dir.path().to_str().unwrap();
    let project = open(dir.path());
    let all = suggestions_json(path, &[]);
    assert!(!all.is_empty(), "the seeds have unannotated sentences");
    let mut kinds = BTreeMap::new();
    for s in &all {
        let kind = s["kind"].as_str().unwrap();
        *kinds.entry(kind.to_owned()).or_insert(0) += 1;
        let (article, start, end) = (
            s["article"].as_str().unwrap(),
            s["start"].as_u64().unwrap(),
            s["end"].as_u64().unwrap(),
        );
        assert!(start < end);
        assert_eq!(s["text"], text_at(&project, article, start, end), "{s}");
        let score = s["score"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&score), "{s}");
        match kind {
            "claim" => assert!(s["worthiness"].is_string(), "{s}"),
            "quote" => {
                assert!(
                    s.get("cue_start").is_some() && s.get("speaker").is_some(),
                    "{s}"
                );
            }
            "link" => {
                let linked = s["linked_to"].as_str().unwrap();
                let source = project
                    .set
                    .annotation(&AnnotationId::new(linked))
                    .expect("a link names an annotation of the set");
                assert_ne!(source.article.as_str(), article, "links join two articles");
                assert!(s.get("proposition").is_some() || s.get("utterance").is_some());
            }
            other => panic!("unknown kind {other}"),
        }
    }
    eprintln!("suggestions on the shipped seeds: {kinds:?}");
    assert!(kinds.get("claim").copied().unwrap_or(0) >= 3, "{kinds:?}");

    let claims = suggestions_json(path, &["--kinds", "claim"]);
    assert!(claims.iter().all(|s| s["kind"] == "claim"));
    assert_eq!(claims.len(), kinds["claim"]);
}

/// (article, start, end, annotation kind) of what accepting makes anew.
fn new_annotation_keys(suggestions: &[Value]) -> BTreeSet<(String, u64, u64, &'static str)> {
    suggestions
        .iter()
        .filter(|s| s["kind"] != "link" || s["existing"].is_null())
        .map(|s| {
            let kind = match s["kind"].as_str().unwrap() {
                "quote" => "quote",
                "link" if s.get("utterance").is_some() => "quote",
                _ => "claim",
            };
            (
                s["article"].as_str().unwrap().to_owned(),
                s["start"].as_u64().unwrap(),
                s["end"].as_u64().unwrap(),
                kind,
            )
        })
        .collect()
}

#[test]
fn apply_adds_every_suggestion_once_and_they_are_not_suggested_again() {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let path = dir.path().to_str().unwrap();
    let before = open(dir.path()).set.annotation_count();
    let listed = suggestions_json(path, &[]);
    let expected = new_annotation_keys(&listed).len();
    assert!(expected > 0);

    let out = concord(&["suggest", path, "--apply"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{expected} annotations added")),
        "{stdout}"
    );
    let after = open(dir.path());
    assert_eq!(after.set.annotation_count(), before + expected);

    let validated = concord(&["validate", path]);
    assert!(
        matches!(validated.status.code(), Some(0 | 1)),
        "validate runs on the accepted set: {}",
        String::from_utf8_lossy(&validated.stderr)
    );
    // Accepted claims carry the article's fingerprint: no "annotated on
    // another text" finding.
    assert!(
        !String::from_utf8_lossy(&validated.stdout).contains("fingerprint"),
        "{}",
        String::from_utf8_lossy(&validated.stdout)
    );

    let again = suggestions_json(path, &[]);
    let accepted = new_annotation_keys(&listed);
    for s in &again {
        let key = new_annotation_keys(std::slice::from_ref(s));
        assert!(
            key.is_disjoint(&accepted),
            "accepted suggestion offered again: {s}"
        );
    }
}

fn first_claim(set: &AnnotationSet, corpus: &Corpus) -> Suggestion {
    let options = Options {
        kinds: vec![SuggestKind::Claim],
    };
    suggest(set, corpus, &options)
        .into_iter()
        .next()
        .expect("the seeds have a claim to suggest")
}

#[test]
fn a_rejection_is_saved_with_the_article_and_undoes() {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let wait = std::time::Duration::ZERO;
    let mut project = Project::open_writable(dir.path(), wait).unwrap();
    let rejected = first_claim(&project.set, &project.corpus);
    let article = rejected.article.clone();
    let undo = apply(
        &mut project.set,
        Edit::SetRejected {
            article: article.clone(),
            rejected: vec![rejected.key()],
        },
    )
    .unwrap();
    assert!(project.set.is_dirty(), "a rejection is a change to save");
    project.save().unwrap();
    drop(project);

    let file = dir
        .path()
        .join("annotations/seeds/articles")
        .join(format!("{article}.ron"));
    let ron = std::fs::read_to_string(&file).unwrap();
    assert!(ron.contains("rejected: ["), "{ron}");

    let mut project = Project::open_writable(dir.path(), wait).unwrap();
    let record = &project.set.article(&article).unwrap().record;
    assert_eq!(record.rejected, vec![rejected.key()]);
    let offered = suggest(&project.set, &project.corpus, &Options::default());
    assert!(
        !offered
            .iter()
            .any(|s| s.key() == rejected.key() && s.article == article)
    );
    assert_ne!(first_claim(&project.set, &project.corpus), rejected);

    apply(&mut project.set, undo).unwrap();
    assert!(
        project
            .set
            .article(&article)
            .unwrap()
            .record
            .rejected
            .is_empty()
    );
    assert_eq!(first_claim(&project.set, &project.corpus), rejected);
    project.save().unwrap();
    let ron = std::fs::read_to_string(&file).unwrap();
    assert!(!ron.contains("rejected"), "an empty list is not written");
}

const ASAHI: &str = "000_1a12d6d4627fb8c8";
const DAILY_WIRE: &str = "003_5444680b821220af";

fn suggestion(
    project: &Project,
    article: &str,
    span: std::ops::Range<usize>,
    proposal: Proposal,
) -> Suggestion {
    let a = project.corpus.get(&ArticleId::new(article)).unwrap();
    Suggestion {
        article: a.id.clone(),
        text: a.text.slice(span.clone()).unwrap().to_owned(),
        span,
        score: 0.5,
        proposal,
    }
}

#[test]
fn accepting_makes_one_entity_per_new_name_and_one_group_per_link() {
    let dir = tempfile::tempdir().unwrap();
    seeds_copy(dir.path());
    let project = open(dir.path());
    let set = &project.set;
    // An unlinked claim of the Asahi, and a sentence of the Daily Wire.
    let source = set
        .annotations_of(&ArticleId::new(ASAHI))
        .iter()
        .find(|a| matches!(&a.kind, Kind::Claim(c) if c.propositions.is_empty()))
        .expect("an unlinked claim")
        .clone();
    let new_name = Speaker::New("Mira Kovač".into());
    let quote = || Proposal::Quote {
        speaker: Some(new_name.clone()),
        cue: None,
        mode: QuoteMode::Direct,
    };
    let suggestions = vec![
        suggestion(&project, DAILY_WIRE, 0..20, quote()),
        suggestion(&project, DAILY_WIRE, 30..50, quote()),
        suggestion(
            &project,
            DAILY_WIRE,
            60..90,
            Proposal::Link {
                group: Group::Proposition(None),
                linked_to: source.id.clone(),
                existing: None,
            },
        ),
        // The same span as a claim: one annotation with both.
        suggestion(
            &project,
            DAILY_WIRE,
            60..90,
            Proposal::Claim {
                worthiness: CheckWorthiness::UnimportantFactual,
            },
        ),
    ];
    let edit = accept_all(
        set,
        &project.corpus,
        &suggestions,
        "desk",
        jiff::Timestamp::UNIX_EPOCH,
    )
    .unwrap();
    let mut after = set.clone();
    let undo = apply(&mut after, edit).unwrap();

    assert_eq!(after.entities().len(), set.entities().len() + 1);
    let mira: Vec<_> = after
        .entities()
        .values()
        .filter(|e| e.name == "Mira Kovač")
        .collect();
    assert_eq!(mira.len(), 1);
    assert_eq!(mira[0].id.as_str(), "mira-kovac");
    assert_eq!(after.annotation_count(), set.annotation_count() + 3);
    let quotes: Vec<&Annotation> = after
        .annotations_of(&ArticleId::new(DAILY_WIRE))
        .iter()
        .filter(|a| a.span.end <= 50 && a.kind.name() == KindName::Quote)
        .collect();
    assert_eq!(quotes.len(), 2);
    assert!(
        quotes
            .iter()
            .all(|q| q.entity_refs() == vec![("speaker", &mira[0].id)])
    );
    let ids: BTreeSet<&str> = after.annotations().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids.len(),
        after.annotation_count(),
        "fresh ids do not collide"
    );

    assert_eq!(after.propositions().len(), set.propositions().len() + 1);
    let new: Vec<&Proposition> = after
        .propositions()
        .values()
        .filter(|p| !set.propositions().contains_key(&p.id))
        .collect();
    assert_eq!(new[0].statement, source.span.exact());
    let holds = |a: &Annotation| a.propositions() == [new[0].id.clone()];
    assert!(holds(after.annotation(&source.id).unwrap()));
    let target = after
        .annotations_of(&ArticleId::new(DAILY_WIRE))
        .iter()
        .find(|a| a.span.range() == (60..90))
        .unwrap();
    assert!(holds(target));
    assert!(
        matches!(
            &target.kind,
            Kind::Claim(Claim {
                worthiness: CheckWorthiness::UnimportantFactual,
                ..
            })
        ),
        "{target:?}"
    );

    apply(&mut after, undo).unwrap();
    assert_eq!(after.entities(), set.entities());
    assert_eq!(after.propositions(), set.propositions());
    let all = |s: &AnnotationSet| s.annotations().cloned().collect::<Vec<_>>();
    assert_eq!(all(&after), all(set), "the batch undoes as one");
}

/// Link recall and precision: every proposition carried by two or more
/// articles keeps its members in one article and loses them in the others;
/// it is found when a link suggestion proposes a passage over a removed
/// member, linked to a kept one. A suggestion is right when its passage
/// overlaps a claim that truly states a proposition of its source.
fn link_figures(truth: &AnnotationSet, corpus: &Corpus) -> (usize, usize, usize, usize) {
    let mut members: BTreeMap<PropositionId, Vec<&Annotation>> = BTreeMap::new();
    for a in truth.annotations() {
        if let Kind::Claim(c) = &a.kind {
            for p in &c.propositions {
                members.entry(p.clone()).or_default().push(a);
            }
        }
    }
    members.retain(|_, m| m.iter().map(|a| &a.article).collect::<BTreeSet<_>>().len() >= 2);
    // Proposition → (kept member ids, removed members).
    let mut split: BTreeMap<&PropositionId, (BTreeSet<&AnnotationId>, Vec<&Annotation>)> =
        BTreeMap::new();
    let mut cleared: BTreeMap<&AnnotationId, BTreeSet<&PropositionId>> = BTreeMap::new();
    for (p, m) in &members {
        let kept_article = m.iter().map(|a| &a.article).min().unwrap();
        let (kept, removed): (Vec<&Annotation>, Vec<&Annotation>) =
            m.iter().partition(|a| &a.article == kept_article);
        for r in &removed {
            cleared.entry(&r.id).or_default().insert(p);
        }
        split.insert(p, (kept.iter().map(|a| &a.id).collect(), removed));
    }
    let edits = cleared
        .iter()
        .map(|(id, ps)| {
            let mut a = truth.annotation(id).unwrap().clone();
            if let Kind::Claim(c) = &mut a.kind {
                c.propositions.retain(|p| !ps.contains(p));
            }
            Edit::ReplaceAnnotation(Box::new(a))
        })
        .collect();
    let mut cut = truth.clone();
    apply(&mut cut, Edit::Batch(edits)).unwrap();

    let proposed: Vec<Suggestion> = links(&cut, corpus)
        .into_iter()
        .filter(|s| {
            matches!(
                s.proposal,
                Proposal::Link {
                    group: Group::Proposition(_),
                    ..
                }
            )
        })
        .collect();
    let linked_to = |s: &Suggestion| match &s.proposal {
        Proposal::Link { linked_to, .. } => linked_to.clone(),
        _ => unreachable!(),
    };
    let overlaps = |s: &Suggestion, a: &Annotation| {
        s.article == a.article && s.span.start < a.span.end && a.span.start < s.span.end
    };
    let found = split
        .values()
        .filter(|(kept, removed)| {
            proposed
                .iter()
                .any(|s| kept.contains(&linked_to(s)) && removed.iter().any(|r| overlaps(s, r)))
        })
        .count();
    let right = proposed
        .iter()
        .filter(|s| {
            let source = truth.annotation(&linked_to(s)).unwrap();
            source.propositions().iter().any(|p| {
                members
                    .get(p)
                    .is_some_and(|m| m.iter().any(|a| overlaps(s, a)))
            })
        })
        .count();
    (found, split.len(), right, proposed.len())
}

fn report(what: &str, (found, total, right, proposed): (usize, usize, usize, usize)) -> f64 {
    let recall = found as f64 / total.max(1) as f64;
    let precision = right as f64 / proposed.max(1) as f64;
    eprintln!(
        "{what}: link recall {found}/{total} = {:.0} %, precision {right}/{proposed} = {:.0} %",
        recall * 100.0,
        precision * 100.0
    );
    recall
}

#[test]
fn link_suggestions_find_at_least_half_of_the_seeds_propositions() {
    let project = open(Path::new(env!("CARGO_MANIFEST_DIR")));
    let figures = link_figures(&project.set, &project.corpus);
    assert!(
        figures.1 >= 10,
        "the seeds share {} propositions",
        figures.1
    );
    assert!(report("seeds", figures) >= 0.5);
}

/// Three outlets on one harbour fire (two in English, one in German), with
/// the claims an editor would link marked `[[proposition|…]]` inline.
const INVENTED: [(&str, &str); 3] = [
    (
        "coast-herald",
        "Fire crews fought a blaze at the Nordhaven container terminal for six hours on Saturday. \
         [[injuries|Two dock workers were taken to hospital with smoke inhalation.]] \
         [[cranes|The fire destroyed three cranes and a warehouse full of timber.]] \
         Local residents watched the smoke from the promenade. \
         [[cause|Investigators believe a faulty electrical cabinet started the fire.]]",
    ),
    (
        "morning-ledger",
        "A six-hour fire tore through the Nordhaven terminal. \
         [[cranes|Three cranes and a timber warehouse were destroyed by the fire, the port said.]] \
         [[injuries|Two workers were treated in hospital for smoke inhalation.]] \
         Shipping resumed on Sunday morning. \
         [[cost|Damage is estimated at 40 million euros.]]",
    ),
    (
        "nord-kurier",
        "Im Containerterminal Nordhaven brannte es am Samstag sechs Stunden lang. \
         [[injuries|Zwei Hafenarbeiter kamen mit Rauchvergiftung ins Krankenhaus.]] \
         [[cost|Der Schaden wird auf 40 Millionen Euro geschätzt.]] \
         [[cause|Ein defekter Schaltschrank soll das Feuer ausgelöst haben.]]",
    ),
];

/// The invented corpus and its truth: the texts without their marks, one
/// claim per mark with its proposition.
fn invented() -> (AnnotationSet, Corpus) {
    let mut set = AnnotationSet::default();
    let mut articles = Vec::new();
    let mut edits = Vec::new();
    let mut props = BTreeSet::new();
    for (id, marked) in INVENTED {
        let mut text = String::new();
        let mut claims = Vec::new();
        let mut rest = marked;
        while let Some(open) = rest.find("[[") {
            text.push_str(&rest[..open]);
            let inner = &rest[open + 2..];
            let close = inner.find("]]").unwrap();
            let (prop, words) = inner[..close].split_once('|').unwrap();
            let start = text.chars().count();
            text.push_str(words);
            claims.push((prop, start..text.chars().count()));
            rest = &inner[close + 2..];
        }
        text.push_str(rest);
        let article = Article::from_text(ArticleId::new(id), format!("{id}.txt").into(), text);
        for (n, (prop, span)) in claims.into_iter().enumerate() {
            props.insert(prop);
            edits.push(Edit::AddAnnotation(Box::new(Annotation {
                id: AnnotationId::new(format!("{id}-c{n}")),
                article: article.id.clone(),
                span: article.text.span(span).unwrap(),
                author: Default::default(),
                created: jiff::Timestamp::UNIX_EPOCH,
                modified: jiff::Timestamp::UNIX_EPOCH,
                note: String::new(),
                tags: Vec::new(),
                kind: Kind::Claim(Claim {
                    propositions: [PropositionId::new(prop)].into(),
                    ..Claim::default()
                }),
            })));
        }
        articles.push(article);
    }
    for p in props {
        edits.insert(
            0,
            Edit::PutProposition(Proposition {
                id: PropositionId::new(p),
                statement: p.replace('-', " "),
            }),
        );
    }
    apply(&mut set, Edit::Batch(edits)).unwrap();
    (set, Corpus::from_articles("invented".into(), articles))
}

#[test]
fn link_suggestions_find_at_least_half_of_an_invented_corpus_propositions() {
    let (set, corpus) = invented();
    let figures = link_figures(&set, &corpus);
    assert_eq!(figures.1, 4, "injuries, cranes, cause and cost are shared");
    assert!(report("invented corpus", figures) >= 0.5);
}

#[test]
fn claim_suggestions_on_the_invented_corpus_cover_the_checkable_sentences() {
    let (_, corpus) = invented();
    let empty = AnnotationSet::default();
    let options = Options {
        kinds: vec![SuggestKind::Claim],
    };
    let got = suggest(&empty, &corpus, &options);
    let texts: Vec<&str> = got.iter().map(|s| s.text.as_str()).collect();
    eprintln!("claims suggested on the invented corpus: {}", got.len());
    for expected in [
        "Two dock workers were taken to hospital with smoke inhalation.",
        "Damage is estimated at 40 million euros.",
        "Der Schaden wird auf 40 Millionen Euro geschätzt.",
    ] {
        assert!(texts.contains(&expected), "{expected} in {texts:#?}");
    }
    assert!(!texts.contains(&"Local residents watched the smoke from the promenade."));
}

/// Claim suggestions against the shipped set's claims: with every claim
/// taken out, how many of them a suggested sentence covers (recall), and
/// how many suggested sentences hold a shipped claim (precision).
#[test]
fn claim_suggestions_cover_most_of_the_seeds_claims() {
    let project = open(Path::new(env!("CARGO_MANIFEST_DIR")));
    let mut set = project.set.clone();
    let shipped: Vec<Annotation> = set
        .annotations()
        .filter(|a| matches!(a.kind, Kind::Claim(_)))
        .cloned()
        .collect();
    let removals = shipped
        .iter()
        .map(|a| Edit::RemoveAnnotation(a.id.clone()))
        .collect();
    apply(&mut set, Edit::Batch(removals)).unwrap();
    let options = Options {
        kinds: vec![SuggestKind::Claim],
    };
    let proposed = suggest(&set, &project.corpus, &options);
    let overlaps = |s: &Suggestion, a: &Annotation| {
        s.article == a.article && s.span.start < a.span.end && a.span.start < s.span.end
    };
    let found = shipped
        .iter()
        .filter(|a| proposed.iter().any(|s| overlaps(s, a)))
        .count();
    let right = proposed
        .iter()
        .filter(|s| shipped.iter().any(|a| overlaps(s, a)))
        .count();
    let recall = found as f64 / shipped.len() as f64;
    let precision = right as f64 / proposed.len().max(1) as f64;
    eprintln!(
        "claims on the seeds: {found}/{} shipped claims covered ({:.0} %), \
         precision {right}/{} ({:.0} %)",
        shipped.len(),
        recall * 100.0,
        proposed.len(),
        precision * 100.0
    );
    assert!(
        shipped.len() >= 40,
        "the seeds ship {} claims",
        shipped.len()
    );
    assert!(recall >= 0.5 && precision >= 0.5, "{recall} {precision}");
}
