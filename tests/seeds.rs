//! The shipped set for the seed articles: exact spans, consistent links, the
//! metadata the articles themselves give, and canonical files.

use concord::core::model::{
    Annotation, AnnotationSet, ArticleId, ArticleMeta, EntityId, Kind, KindName, PropositionId,
    Quote,
};
use concord::core::store::{
    ANNOTATIONS_DIR, Project, SETTINGS_FILE, load_set, save_set, save_set_as, write_settings,
};
use concord::core::text::{CONTEXT_CHARS, Span, Text};
use concord::core::validate::{Severity, validate};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const ASAHI: &str = "000_1a12d6d4627fb8c8";
const UNNAMED: &str = "002_e9c6093c045788ca";
const DAILY_WIRE: &str = "003_5444680b821220af";

fn project() -> Project {
    match Project::open(Path::new(env!("CARGO_MANIFEST_DIR"))) {
        Ok(p) => p,
        Err(e) => panic!("the repo root does not open as a project: {e}"),
    }
}

/// `span` must cover exactly its recorded text, with the context around it.
fn check_span(text: &Text, span: &Span, what: &str) {
    assert_eq!(
        text.slice(span.range()),
        Some(span.exact()),
        "{what}: exact text"
    );
    assert!(!span.exact().is_empty(), "{what}: empty span");
    let before = text
        .slice(span.start.saturating_sub(CONTEXT_CHARS)..span.start)
        .unwrap_or_default();
    let after = text
        .slice(span.end..(span.end + CONTEXT_CHARS).min(text.len_chars()))
        .unwrap_or_default();
    assert_eq!(span.prefix(), before, "{what}: prefix");
    assert_eq!(span.suffix(), after, "{what}: suffix");
}

fn quote(a: &Annotation) -> Option<&Quote> {
    match &a.kind {
        Kind::Quote(q) => Some(q),
        _ => None,
    }
}

/// The quotes of `article` whose exact text is `exact`.
fn quotes<'a>(set: &'a AnnotationSet, article: &str, exact: &str) -> Vec<&'a Quote> {
    set.annotations_of(&ArticleId::new(article))
        .iter()
        .filter(|a| a.span.exact() == exact)
        .filter_map(quote)
        .collect()
}

#[test]
fn every_span_is_exact() {
    let p = project();
    assert!(
        p.set.annotation_count() >= 40,
        "only {} annotations",
        p.set.annotation_count()
    );
    for kind in KindName::ALL {
        let n = p
            .set
            .annotations()
            .filter(|a| a.kind.name() == kind)
            .count();
        assert!(n >= 10, "only {n} {} annotations", kind.as_str());
    }
    for a in p.set.annotations() {
        let Some(article) = p.corpus.get(&a.article) else {
            panic!("{} is on unknown article {}", a.id, a.article);
        };
        check_span(&article.text, &a.span, a.id.as_str());
        if let Some(cue) = quote(a).and_then(|q| q.cue.as_ref()) {
            check_span(&article.text, cue, &format!("cue of {}", a.id));
        }
    }
}

#[test]
fn validates_without_errors() {
    let p = project();
    let errors: Vec<String> = validate(&p.set, &p.corpus)
        .into_iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| format!("{} {}", f.rule, f.message))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
}

#[test]
fn kims_just_or_sacred_fight_is_one_utterance() {
    let p = project();
    let kim = EntityId::new("kim-jong-un");
    assert_eq!(p.set.entities()[&kim].name, "Kim Jong Un");
    let full = "Russia is currently engaged in a just fight against hegemonic forces \
                to defend its sovereign rights, security and interests";
    let linked: Vec<&Quote> = [
        quotes(&p.set, DAILY_WIRE, full),
        quotes(&p.set, DAILY_WIRE, "sacred fight"),
        quotes(&p.set, UNNAMED, "just"),
        quotes(&p.set, UNNAMED, "sacred"),
    ]
    .concat();
    assert_eq!(linked.len(), 4, "one quote for each rendering");
    let Some(utterance) = linked[0].utterance.clone() else {
        panic!("the \"just fight\" quote has no utterance");
    };
    for q in &linked {
        assert_eq!(q.utterance.as_ref(), Some(&utterance));
        assert_eq!(q.speaker.as_ref(), Some(&kim));
    }
    assert_eq!(p.set.utterances()[&utterance].speaker.as_ref(), Some(&kim));
}

#[test]
fn shared_claims_link_articles() {
    let p = project();
    // Proposition → how many articles claim it, at least.
    let cases = [
        ("venue", 3),
        ("arms-deal-violates-un", 3),
        ("satellite-failures", 3),
        ("missile-launch", 2),
        ("summit-date", 2),
    ];
    for (id, at_least) in cases {
        let id = PropositionId::new(id);
        assert!(
            p.set.propositions().contains_key(&id),
            "no proposition {id}"
        );
        let articles: BTreeSet<&ArticleId> = p
            .set
            .annotations()
            .filter(|a| matches!(&a.kind, Kind::Claim(c) if c.propositions.contains(&id)))
            .map(|a| &a.article)
            .collect();
        assert!(
            articles.len() >= at_least,
            "{id} is claimed in {} articles",
            articles.len()
        );
    }
}

#[test]
fn article_meta_is_what_the_articles_say() {
    let p = project();
    let check = |article: &str, outlet: &str, author: &str, published: &str| {
        let Some(record) = p.set.article(&ArticleId::new(article)) else {
            panic!("no record for {article}");
        };
        let expected = ArticleMeta {
            outlet: outlet.into(),
            author: author.into(),
            published: published.into(),
            language: "en".into(),
            ..ArticleMeta::default()
        };
        assert_eq!(record.record.meta, expected, "{article}");
        assert_eq!(
            Some(&record.record.fingerprint),
            p.corpus
                .get(&ArticleId::new(article))
                .map(|a| &a.fingerprint),
            "{article}"
        );
    };
    check(ASAHI, "The Asahi Shimbun", "", "2023-09-14");
    check(UNNAMED, "", "", "");
    check(DAILY_WIRE, "The Daily Wire", "Ben Whitehead", "");
}

/// Every file under `dir`, relative to it, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_owned()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("readable folder") {
            let path = entry.expect("readable entry").path();
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_owned());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn resave_is_byte_identical() {
    let p = project();
    let shipped = p.set_dir();
    let tmp = tempfile::tempdir().expect("temp dir");
    let copy = tmp.path().join(&p.settings.default_set);
    for rel in files(&shipped) {
        let to = copy.join(&rel);
        std::fs::create_dir_all(to.parent().expect("has a parent")).expect("mkdir");
        std::fs::copy(shipped.join(&rel), to).expect("copy");
    }
    let mut set = load_set(&copy).expect("the copy loads").set;
    assert_eq!(set, p.set);
    save_set_as(&mut set, &copy).expect("save");
    let names = files(&shipped);
    assert_eq!(files(&copy), names);
    assert!(names.len() >= 4, "set.ron and three article files");
    for rel in names {
        let a = std::fs::read(shipped.join(&rel)).expect("read");
        let b = std::fs::read(copy.join(&rel)).expect("read");
        assert!(a == b, "{} changed on resave", rel.display());
    }
    // The settings file too.
    assert_eq!(p.settings.articles, Path::new("seeds"));
    assert_eq!(p.settings.default_set, "seeds");
    write_settings(tmp.path(), &p.settings).expect("write settings");
    let shipped = p.root.join(ANNOTATIONS_DIR).join(SETTINGS_FILE);
    assert!(
        std::fs::read(shipped).expect("read")
            == std::fs::read(tmp.path().join(SETTINGS_FILE)).expect("read"),
        "concord.ron changed on resave"
    );
}

/// The seeds set as format 1 shipped it (`tests/fixtures/format1/`) loads
/// equal to today's, counts as changed, and its first save writes every
/// file as format 2, byte for byte what is shipped now: no field is lost.
#[test]
fn format_1_seeds_migrate_to_format_2() {
    let p = project();
    let old = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/format1/seeds");
    let tmp = tempfile::tempdir().expect("temp dir");
    let copy = tmp.path().join("seeds");
    for rel in files(&old) {
        let to = copy.join(&rel);
        std::fs::create_dir_all(to.parent().expect("has a parent")).expect("mkdir");
        std::fs::copy(old.join(&rel), to).expect("copy");
    }
    assert!(
        std::fs::read_to_string(copy.join("set.ron"))
            .expect("read")
            .contains("format: 1,")
    );
    let mut set = load_set(&copy).expect("a format-1 set loads").set;
    assert_eq!(set, p.set, "migrated set differs from the format-2 one");
    assert!(set.is_dirty(), "a migrated set must be saved whole");
    let report = save_set(&mut set, &copy).expect("save");
    let shipped = p.set_dir();
    assert_eq!(report.files_written, files(&shipped).len());
    for rel in files(&shipped) {
        let a = std::fs::read_to_string(shipped.join(&rel)).expect("read");
        let b = std::fs::read_to_string(copy.join(&rel)).expect("read");
        assert!(b.contains("format: 2,"), "{}", rel.display());
        assert!(a == b, "{} differs after migration", rel.display());
    }
}

/// The validator's real findings on the shipped set: the one cross-outlet
/// disagreement an editor should see is Kim's words rendered "just" and
/// "sacred"; nothing else, so the rules make no noise on real coverage.
#[test]
fn validator_finds_the_two_renderings_of_kims_words() {
    let p = project();
    let findings = validate(&p.set, &p.corpus);
    let rules: Vec<(&str, Severity)> = findings.iter().map(|f| (f.rule, f.severity)).collect();
    assert_eq!(rules, vec![("X102", Severity::Warning)], "{findings:#?}");
    let drift = &findings[0];
    assert!(
        drift.message.contains("kim-just-fight"),
        "{}",
        drift.message
    );
    assert!(
        drift.message.contains("“sacred” for “just”"),
        "{}",
        drift.message
    );
    let located: Vec<String> = drift
        .locations
        .iter()
        .filter_map(|l| {
            Some(
                p.set
                    .annotation(l.annotation.as_ref()?)?
                    .span
                    .exact()
                    .to_owned(),
            )
        })
        .collect();
    assert!(located.iter().any(|t| t == "sacred fight"), "{located:?}");
}
