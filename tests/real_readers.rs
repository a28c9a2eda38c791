//! The exports as their real readers see them: `tests/python/check_exports.py`
//! loads the jsonl in spaCy and checks the W3C output against the Web
//! Annotation JSON schemas; `tests/python/expand_w3c.py` expands the W3C
//! export with pyld, offline. Needs `pip install -r tests/python/requirements.txt`;
//! without those packages the test says it was skipped, except under CI,
//! where a missing reader is a failure.

use std::process::Command;

#[test]
fn spacy_and_the_w3c_schemas_accept_the_exports() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/check_exports.py");
    let ready = Command::new("python3")
        .args(["-c", "import spacy, jsonschema"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        let why = "python3 with spacy and jsonschema is not installed \
                   (pip install -r tests/python/requirements.txt)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
        return;
    }
    let out = Command::new("python3")
        .arg(script)
        .arg("--concord")
        .arg(env!("CARGO_BIN_EXE_concord"))
        .output()
        .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains(" 0 failed"), "{stdout}");
}

use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, apply};
use concord::core::export::record::Attributes;
use concord::core::export::{self, ExportOptions, Format, VOCAB, iri};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, CheckWorthiness, Claim, Entity, EntityId,
    EntityKind, Kind, Modality, Polarity, Proposition, PropositionId, Quote, QuoteMode, SetInfo,
    Stance, Target, Utterance, UtteranceId,
};
use concord::core::progress::Progress;
use serde_json::{Value, json};
use std::path::PathBuf;

/// One article with every kind and every attribute of each, and a registry
/// with kinds and aliases (one entity referenced by nothing).
fn every_attribute() -> (Corpus, AnnotationSet) {
    let text = "Minister Ana Lopes said on Monday that talks with Norland \"will resume \
                next week\", according to her spokesman. Critics doubt the talks will resume.";
    let article = Article::from_text(ArticleId::new("a1"), PathBuf::from("a1.txt"), text.into());
    let span = |exact: &str| {
        let start = text.find(exact).unwrap();
        let start = text[..start].chars().count();
        article
            .text
            .span(start..start + exact.chars().count())
            .unwrap()
    };
    let entity = |id: &str, name: &str, kind, aliases: &[&str]| {
        Edit::PutEntity(Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        })
    };
    let at = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let annotation = |id: &str, exact: &str, kind| {
        Edit::AddAnnotation(Box::new(Annotation {
            id: AnnotationId::new(id),
            article: article.id.clone(),
            span: span(exact),
            author: "desk".into(),
            created: at,
            modified: at,
            note: "checked".into(),
            tags: vec!["talks".into()],
            kind,
        }))
    };
    let e = |id: &str| Some(EntityId::new(id));
    let edits = vec![
        entity(
            "p:lopes",
            "Ana Lopes",
            EntityKind::Person,
            &["Minister Lopes", "A. Lopes"],
        ),
        entity("c/norland", "Norland", EntityKind::Country, &[]),
        entity(
            "o 1",
            "Lopes's office",
            EntityKind::Organization,
            &["spokesman"],
        ),
        entity("x", "Unreferenced Place", EntityKind::Place, &["Nowhere"]),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("resume"),
            statement: "Talks with Norland resume next week".into(),
        }),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("monday"),
            statement: "Lopes spoke on Monday".into(),
        }),
        Edit::PutUtterance(Utterance {
            id: UtteranceId::new("u1"),
            speaker: e("p:lopes"),
            wording: "will resume next week".into(),
        }),
        annotation(
            "claim",
            "Minister Ana Lopes said on Monday",
            Kind::Claim(Claim {
                propositions: smallvec::smallvec![
                    PropositionId::new("resume"),
                    PropositionId::new("monday")
                ],
                worthiness: CheckWorthiness::CheckWorthy,
                attributed_to: e("p:lopes"),
                modality: Modality::Reported,
            }),
        ),
        annotation(
            "quote",
            "will resume next week",
            Kind::Quote(Quote {
                speaker: e("p:lopes"),
                mode: QuoteMode::Partial,
                cue: Some(Box::new(span("said"))),
                utterance: Some(UtteranceId::new("u1")),
                via: e("o 1"),
                language: "pt".into(),
                translated: true,
            }),
        ),
        annotation(
            "stance-entity",
            "talks with Norland",
            Kind::Stance(Stance {
                holder: e("p:lopes"),
                target: Some(Target::Entity(EntityId::new("c/norland"))),
                polarity: Some(Polarity::Favor),
            }),
        ),
        annotation(
            "stance-proposition",
            "Critics doubt the talks will resume",
            Kind::Stance(Stance {
                holder: None,
                target: Some(Target::Proposition(PropositionId::new("resume"))),
                polarity: Some(Polarity::Against),
            }),
        ),
    ];
    let mut set = AnnotationSet::new(SetInfo::default());
    apply(&mut set, Edit::Batch(edits)).unwrap();
    (
        Corpus::from_articles(PathBuf::from("articles"), [article]),
        set,
    )
}

/// The values of `key` on an expanded node (list items in order): literals
/// without their `@type`, references as their IRI, nodes as they are.
fn values(node: &Value, key: &str) -> Vec<Value> {
    let Some(Value::Array(items)) = node.get(key) else {
        return vec![];
    };
    items
        .iter()
        .flat_map(|v| match v.get("@list") {
            Some(Value::Array(list)) => list.clone(),
            _ => vec![v.clone()],
        })
        .map(|v| match v.as_object() {
            Some(o) if o.contains_key("@value") => o["@value"].clone(),
            // A bare reference: its IRI.
            Some(o) if o.len() == 1 && o.contains_key("@id") => o["@id"].clone(),
            _ => v,
        })
        .collect()
}

fn vocab(term: &str) -> String {
    format!("{VOCAB}{term}")
}

#[test]
fn pyld_expansion_of_the_w3c_export_keeps_every_attribute_offline() {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/expand_w3c.py");
    let ready = Command::new("python3")
        .args(["-c", "import pyld"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ready {
        let why =
            "python3 with pyld is not installed (pip install -r tests/python/requirements.txt)";
        assert!(std::env::var_os("CI").is_none(), "{why}");
        eprintln!("skipped: {why}");
        return;
    }
    let (corpus, set) = every_attribute();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("set.jsonld");
    let options = ExportOptions::default();
    export::export(Format::W3c, &set, &corpus, &options, &out, &Progress::new()).unwrap();
    let run = Command::new("python3")
        .arg(script)
        .arg(&out)
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stderr}");
    let expanded: Value = serde_json::from_slice(&run.stdout).unwrap();
    let collection = &expanded[0];

    let page = &collection["http://www.w3.org/ns/activitystreams#first"][0];
    let items = values(page, "http://www.w3.org/ns/activitystreams#items");
    assert_eq!(items.len(), set.annotation_count());
    for a in set.annotations() {
        let node = items
            .iter()
            .find(|n| n["@id"] == iri("annotation", a.id.as_str()))
            .unwrap_or_else(|| panic!("annotation {} is in the expansion", a.id));
        let bodies = values(node, "http://www.w3.org/ns/oa#hasBody");
        let classifying = bodies
            .iter()
            .find(|b| {
                values(b, "http://www.w3.org/ns/oa#hasPurpose")
                    == [json!("http://www.w3.org/ns/oa#classifying")]
            })
            .unwrap();
        let kind = values(
            classifying,
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#value",
        );
        assert_eq!(kind, [json!(a.kind.name().as_str())]);
        let attributes = &values(classifying, &vocab("attributes"))[0];
        let want = serde_json::to_value(Attributes::new(&set, &a.kind)).unwrap();
        let want = want.as_object().unwrap();
        assert!(want.len() >= 4, "{} has its attributes: {want:?}", a.id);
        for (key, value) in want {
            let want = match value {
                Value::Array(list) => list.clone(),
                v => vec![v.clone()],
            };
            assert_eq!(values(attributes, &vocab(key)), want, "{} {key}", a.id);
        }
        let expanded_keys = attributes.as_object().unwrap().len();
        assert_eq!(
            expanded_keys,
            want.len(),
            "{}: nothing left unexpanded",
            a.id
        );
        // Ids are typed, so they are told apart from names.
        if let Some(speaker) = attributes.get(vocab("speaker")) {
            assert_eq!(speaker[0]["@type"], vocab("EntityId"));
        }
    }

    // The registry: every entity with its kind and aliases in order.
    let entities = values(collection, &vocab("entities"));
    assert_eq!(entities.len(), set.entities().len());
    for e in set.entities().values() {
        let node = entities
            .iter()
            .find(|n| n["@id"] == iri("entity", e.id.as_str()))
            .unwrap();
        assert_eq!(values(node, &vocab("identifier")), [json!(e.id.as_str())]);
        assert_eq!(
            values(node, "http://xmlns.com/foaf/0.1/name"),
            [json!(e.name)]
        );
        assert_eq!(
            values(node, &vocab("kind")),
            [serde_json::to_value(e.kind).unwrap()]
        );
        assert_eq!(
            values(node, &vocab("aliases")),
            e.aliases.iter().map(|a| json!(a)).collect::<Vec<_>>()
        );
    }
    let utterances = values(collection, &vocab("utterances"));
    assert_eq!(
        values(&utterances[0], &vocab("wording")),
        [json!("will resume next week")]
    );
    assert_eq!(
        values(&utterances[0], &vocab("speaker")),
        [json!("p:lopes")]
    );
    let propositions = values(collection, &vocab("propositions"));
    assert_eq!(propositions.len(), 2);
}
