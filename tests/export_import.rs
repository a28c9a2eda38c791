//! Export → import round trips and offset checks for every format, on a
//! generated corpus and on text full of emoji, CJK, Arabic, combining marks
//! and CRLF line ends; and importers fed bad input.

use concord::core::article::{Article, Corpus};
use concord::core::edit::{Edit, apply};
use concord::core::export::{self, ExportOptions, Format, tokens};
use concord::core::generate::{Rng, Spec, generate};
use concord::core::import::{self, Import, ProblemKind};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, CheckWorthiness, Claim,
    Entity, EntityId, EntityKind, Kind, KindName, Modality, Polarity, Proposition, PropositionId,
    Quote, QuoteMode, SetInfo, Stance, Target, Utterance, UtteranceId,
};
use concord::core::progress::Progress;
use concord::core::store::{ANNOTATIONS_DIR, FORMAT_VERSION, Project, Settings, write_settings};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

const PIECES: &[&str] = &[
    "word",
    " ",
    " ",
    "Putin",
    "said",
    ".",
    "\r\n",
    "\r\n\r\n",
    "😀",
    "👨‍👩‍👧",
    "🇩🇪",
    "漢字",
    "北朝鮮",
    "。",
    "مرحبا",
    "بالعالم",
    "e\u{301}",
    "Cafe\u{301}",
    "n\u{303}o",
    "“",
    "”",
    "\t",
    "\u{2028}",
    "—",
    "ℵ",
    "𝔘𝔫𝔦",
];

/// Articles of random pieces, each with random annotations of every kind
/// and every attribute, notes with tabs and line breaks, tags and cues.
fn hard_project(articles: usize, per_article: usize, seed: u64) -> (Corpus, AnnotationSet) {
    let mut rng = Rng(seed);
    let texts = (0..articles)
        .map(|i| {
            let text: String = (0..120).map(|_| PIECES[rng.below(PIECES.len())]).collect();
            (ArticleId::new(format!("art-{i}")), text)
        })
        .collect();
    annotated(texts, per_article, &mut rng)
}

/// `texts` with random annotations of every kind and attribute.
fn annotated(
    texts: Vec<(ArticleId, String)>,
    per_article: usize,
    rng: &mut Rng,
) -> (Corpus, AnnotationSet) {
    let mut set = AnnotationSet::new(SetInfo {
        name: "hard ✓".into(),
        annotator: "tester".into(),
        ..SetInfo::default()
    });
    let mut setup = vec![
        Edit::PutEntity(Entity {
            id: EntityId::new("p:1/ü"),
            name: "Ким Чен Ын".into(),
            kind: EntityKind::Person,
            aliases: vec![],
        }),
        Edit::PutEntity(Entity {
            id: EntityId::new("e2"),
            name: "北朝鮮 \"DPRK\"".into(),
            kind: EntityKind::Country,
            aliases: vec!["North Korea".into(), "조선\t민주주의".into()],
        }),
        // Referenced by no annotation: the registry still carries it.
        Edit::PutEntity(Entity {
            id: EntityId::new("org 9"),
            name: "Ministry of Unification".into(),
            kind: EntityKind::Organization,
            aliases: vec!["MOU".into()],
        }),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("prop 3"),
            statement: "Nobody claimed this yet".into(),
        }),
        Edit::PutUtterance(Utterance {
            id: UtteranceId::new("u2"),
            speaker: None,
            wording: "unattributed words".into(),
        }),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("prop 1"),
            statement: "Two leaders met;\tthey swapped rifles 🔫".into(),
        }),
        Edit::PutProposition(Proposition {
            id: PropositionId::new("prop 2"),
            statement: "회담은 세 시간 동안 진행됐다".into(),
        }),
        Edit::PutUtterance(Utterance {
            id: UtteranceId::new("u1"),
            speaker: Some(EntityId::new("p:1/ü")),
            wording: "of the highest quality,\r\nsaid".into(),
        }),
    ];
    let mut corpus = Vec::new();
    let mut n = 0;
    for (i, (id, text)) in texts.into_iter().enumerate() {
        let article = Article::from_text(id.clone(), PathBuf::from(format!("{id}.txt")), text);
        let len = article.text.len_chars();
        setup.push(Edit::SetFingerprint {
            article: id.clone(),
            fingerprint: article.fingerprint.clone(),
        });
        setup.push(Edit::SetArticleMeta {
            article: id.clone(),
            meta: ArticleMeta {
                outlet: ["Asahi", "CNN", "الجزيرة"][i % 3].into(),
                title: format!("Title\t{i} ✓"),
                language: "en".into(),
                wire: ["", "AFP", ""][i % 3].into(),
                ..ArticleMeta::default()
            },
        });
        for _ in 0..per_article {
            let start = rng.below(len - 1);
            let end = start + 1 + rng.below((len - start).min(40));
            let span = article.text.span(start..end).unwrap();
            let cue = {
                let s = rng.below(len - 1);
                article.text.span(s..s + 1).unwrap()
            };
            let kind = match rng.below(6) {
                0 => Kind::Claim(Claim::default()),
                1 => Kind::Claim(Claim {
                    propositions: smallvec::smallvec![
                        PropositionId::new("prop 1"),
                        PropositionId::new("prop 2")
                    ],
                    worthiness: CheckWorthiness::UnimportantFactual,
                    attributed_to: Some(EntityId::new("e2")),
                    modality: Modality::Planned,
                }),
                2 => Kind::Quote(Quote {
                    speaker: Some(EntityId::new("p:1/ü")),
                    mode: QuoteMode::Partial,
                    cue: Some(Box::new(cue)),
                    utterance: Some(UtteranceId::new("u1")),
                    via: Some(EntityId::new("e2")),
                    language: "ko".into(),
                    translated: true,
                }),
                3 => Kind::Quote(Quote::default()),
                4 => Kind::Stance(Stance {
                    holder: Some(EntityId::new("e2")),
                    target: Some(Target::Proposition(PropositionId::new("prop 1"))),
                    polarity: Some(Polarity::Against),
                }),
                _ => Kind::Stance(Stance {
                    holder: None,
                    target: Some(Target::Entity(EntityId::new("p:1/ü"))),
                    polarity: Some(Polarity::Neutral),
                }),
            };
            n += 1;
            let at = jiff::Timestamp::from_second(1_700_000_000 + n).unwrap();
            setup.push(Edit::AddAnnotation(Box::new(Annotation {
                id: AnnotationId::new(format!("h{n} ü")),
                article: id.clone(),
                span,
                author: if n % 2 == 0 {
                    "Ana 👩".into()
                } else {
                    Default::default()
                },
                created: at,
                modified: at,
                note: if n % 3 == 0 {
                    "line one\r\nline\ttwo \\ done".into()
                } else {
                    String::new()
                },
                tags: if n % 4 == 0 {
                    vec!["tag a".into(), "🏷".into()]
                } else {
                    vec![]
                },
                kind,
            })));
        }
        corpus.push(article);
    }
    apply(&mut set, Edit::Batch(setup)).unwrap();
    (
        Corpus::from_articles(PathBuf::from("articles"), corpus),
        set,
    )
}

fn export_to(format: Format, corpus: &Corpus, set: &AnnotationSet, dir: &Path) -> PathBuf {
    let out = dir.join(format!("out.{}", format.as_str()));
    let report = export::export(
        format,
        set,
        corpus,
        &ExportOptions::default(),
        &out,
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(report.annotations, set.annotation_count());
    out
}

fn import_into(
    format: import::Format,
    path: &Path,
    corpus: &Corpus,
    set: &mut AnnotationSet,
) -> import::ImportReport {
    let Import { edit, report, .. } =
        import::import(format, path, set, corpus, &Progress::new()).unwrap();
    apply(set, edit).unwrap();
    report
}

/// What every round-trip format carries: annotations with all fields, and
/// the names, statements and wordings they refer to.
fn carried(set: &AnnotationSet) -> (Vec<Annotation>, BTreeMap<String, String>) {
    let mut names = BTreeMap::new();
    for a in set.annotations() {
        for (_, e) in a.entity_refs() {
            names.insert(format!("entity {e}"), set.entities()[e].name.clone());
        }
        for p in a.propositions() {
            names.insert(
                format!("proposition {p}"),
                set.propositions()[p].statement.clone(),
            );
        }
        if let Some(u) = a.utterance() {
            let u = &set.utterances()[u];
            names.insert(
                format!("utterance {}", u.id),
                format!("{:?} {}", u.speaker, u.wording),
            );
        }
    }
    (set.annotations().cloned().collect(), names)
}

type Registry = (
    BTreeMap<EntityId, Entity>,
    BTreeMap<PropositionId, Proposition>,
    BTreeMap<UtteranceId, Utterance>,
);

/// Every entity (kind, aliases), proposition and utterance, referenced or not.
fn registry(set: &AnnotationSet) -> Registry {
    (
        set.entities().clone(),
        set.propositions().clone(),
        set.utterances().clone(),
    )
}

fn check_round_trip(corpus: &Corpus, original: &AnnotationSet) {
    let dir = tempfile::tempdir().unwrap();
    for (format, back) in [
        (Format::Jsonl, import::Format::Jsonl),
        (Format::Brat, import::Format::Brat),
        (Format::W3c, import::Format::W3c),
        (Format::Set, import::Format::Set),
    ] {
        let out = export_to(format, corpus, original, dir.path());
        let mut set = AnnotationSet::new(SetInfo::default());
        let report = import_into(back, &out, corpus, &mut set);
        assert_eq!(report.problems, vec![], "{format:?}");
        assert_eq!(
            report.annotations,
            original.annotation_count(),
            "{format:?}"
        );
        assert_eq!(carried(&set), carried(original), "{format:?}");
        assert_eq!(registry(&set), registry(original), "{format:?} registry");
        let records = |s: &AnnotationSet| -> Vec<_> {
            s.articles()
                .iter()
                .map(|(id, a)| (id.clone(), a.record.clone()))
                .collect()
        };
        if matches!(format, Format::Jsonl | Format::Set) {
            assert_eq!(
                records(&set),
                records(original),
                "{format:?} article records"
            );
        }
        if format == Format::Set {
            assert!(set == *original, "the set format gives back the whole set");
        }
    }
}

#[test]
fn round_trip_on_hard_text() {
    let (corpus, set) = hard_project(12, 25, 7);
    check_round_trip(&corpus, &set);
}

#[test]
fn round_trip_on_the_seed_articles() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
    let seeds = Corpus::load(&dir).unwrap();
    assert!(seeds.len() >= 3);
    let texts = seeds
        .articles()
        .map(|a| (a.id.clone(), a.text.as_str().to_owned()))
        .collect();
    let (corpus, set) = annotated(texts, 60, &mut Rng(4));
    check_round_trip(&corpus, &set);
}

#[test]
fn round_trip_on_generated_corpus() {
    let (corpus, set) = generate(&Spec {
        articles: 30,
        annotations_per_article: 20,
        seed: 3,
    });
    check_round_trip(&corpus, &set);
}

/// `text[start..end]` in chars.
fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn every_exported_span_is_its_text_in_every_format() {
    let (corpus, set) = hard_project(6, 25, 11);
    let dir = tempfile::tempdir().unwrap();
    let text_of = |id: &str| {
        corpus
            .get(&ArticleId::new(id))
            .unwrap()
            .text
            .as_str()
            .to_owned()
    };
    let mut seen: BTreeMap<Format, usize> = BTreeMap::new();

    let jsonl =
        std::fs::read_to_string(export_to(Format::Jsonl, &corpus, &set, dir.path())).unwrap();
    for line in jsonl.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        assert_eq!(text, text_of(v["id"].as_str().unwrap()));
        for s in v["spans"].as_array().unwrap() {
            let (start, end) = (
                s["start"].as_u64().unwrap() as usize,
                s["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(chars(text, start, end), s["text"].as_str().unwrap());
            if let Some(cs) = s["cue_start"].as_u64() {
                let ce = s["cue_end"].as_u64().unwrap() as usize;
                assert_eq!(
                    chars(text, cs as usize, ce),
                    s["cue_text"].as_str().unwrap()
                );
            }
            *seen.entry(Format::Jsonl).or_default() += 1;
        }
    }

    let csv_path = export_to(Format::Csv, &corpus, &set, dir.path());
    let mut csv = csv::Reader::from_path(csv_path).unwrap();
    let headers = csv.headers().unwrap().clone();
    let col = |name: &str| headers.iter().position(|h| h == name).unwrap();
    for row in csv.records() {
        let row = row.unwrap();
        let text = text_of(&row[col("article")]);
        let n = |c: &str| row[col(c)].parse::<usize>().unwrap();
        assert_eq!(chars(&text, n("start"), n("end")), &row[col("text")]);
        *seen.entry(Format::Csv).or_default() += 1;
    }

    let brat = export_to(Format::Brat, &corpus, &set, dir.path());
    for article in corpus.articles() {
        let txt = std::fs::read_to_string(brat.join(format!("{}.txt", article.id))).unwrap();
        assert_eq!(txt, article.text.as_str(), "the .txt is the source text");
        let ann = std::fs::read_to_string(brat.join(format!("{}.ann", article.id))).unwrap();
        for line in ann.lines().filter(|l| l.starts_with('T')) {
            let f: Vec<&str> = line.splitn(3, '\t').collect();
            let (label, offsets) = f[1].split_once(' ').unwrap();
            let pieces: Vec<String> = offsets
                .split(';')
                .map(|p| {
                    let (s, e) = p.split_once(' ').unwrap();
                    chars(&txt, s.parse().unwrap(), e.parse().unwrap())
                })
                .collect();
            if !f[2].is_empty() {
                assert_eq!(pieces.join(" "), f[2], "{line}");
            }
            if label != "cue" {
                *seen.entry(Format::Brat).or_default() += 1;
            }
        }
    }

    let w3c: Value = serde_json::from_str(
        &std::fs::read_to_string(export_to(Format::W3c, &corpus, &set, dir.path())).unwrap(),
    )
    .unwrap();
    for item in w3c["first"]["items"].as_array().unwrap() {
        let source = item["target"]["source"].as_str().unwrap();
        let article = corpus
            .articles()
            .find(|a| export::iri("article", a.id.as_str()) == source)
            .unwrap();
        let sel = item["target"]["selector"].as_array().unwrap();
        let (quote, pos) = (&sel[0], &sel[1]);
        let (start, end) = (
            pos["start"].as_u64().unwrap() as usize,
            pos["end"].as_u64().unwrap() as usize,
        );
        let text = article.text.as_str();
        assert_eq!(chars(text, start, end), quote["exact"].as_str().unwrap());
        assert!(chars(text, 0, start).ends_with(quote["prefix"].as_str().unwrap()));
        assert!(
            chars(text, end, article.text.len_chars())
                .starts_with(quote["suffix"].as_str().unwrap())
        );
        *seen.entry(Format::W3c).or_default() += 1;
    }

    let set_file = export_to(Format::Set, &corpus, &set, dir.path());
    let mut copy = AnnotationSet::new(SetInfo::default());
    import_into(import::Format::Set, &set_file, &corpus, &mut copy);
    for a in copy.annotations() {
        let text = text_of(a.article.as_str());
        assert_eq!(chars(&text, a.span.start, a.span.end), a.span.exact());
        *seen.entry(Format::Set).or_default() += 1;
    }

    let total = set.annotation_count();
    for format in [
        Format::Jsonl,
        Format::Csv,
        Format::Brat,
        Format::W3c,
        Format::Set,
    ] {
        assert_eq!(
            seen.get(&format),
            Some(&total),
            "{format:?} exported every span"
        );
    }
}

/// `start..end` without whitespace at its ends (what CoNLL tags cover).
fn trimmed(text: &str, start: usize, end: usize) -> (usize, usize) {
    let span = chars(text, start, end);
    let lead = span.chars().take_while(|c| c.is_whitespace()).count();
    let trail = span.chars().rev().take_while(|c| c.is_whitespace()).count();
    (start + lead, end - trail)
}

/// A token's start, end and tag in one column.
type Tagged = (usize, usize, String);

/// Spans rebuilt from one BIO column: (start, end) of each B..I run.
fn bio_spans(rows: &[Tagged]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (start, end, tag) in rows {
        if tag.starts_with("B-") {
            out.push((*start, *end));
        } else if tag.starts_with("I-") {
            out.last_mut().expect("I- after B-").1 = *end;
        }
    }
    out
}

#[test]
fn conll_tags_line_up_with_tokens_and_spans() {
    let (corpus, set) = hard_project(6, 12, 5);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.conll");
    let report = export::export(
        Format::Conll,
        &set,
        &corpus,
        &ExportOptions::default(),
        &out,
        &Progress::new(),
    )
    .unwrap();
    let conll = std::fs::read_to_string(out).unwrap();
    // (article, tag column) → (start, end, tag) per token.
    let mut columns: BTreeMap<(String, usize), Vec<Tagged>> = BTreeMap::new();
    let mut article = String::new();
    for line in conll.lines() {
        if let Some(id) = line.strip_prefix("# article = ") {
            article = id.to_owned();
            continue;
        }
        if line.is_empty() || line.starts_with("# ") {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            f.len(),
            6,
            "token, start, end and three tag columns: {line:?}"
        );
        let (start, end) = (f[1].parse().unwrap(), f[2].parse().unwrap());
        let text = corpus.get(&ArticleId::new(&article)).unwrap().text.as_str();
        assert_eq!(
            chars(text, start, end),
            f[0],
            "the token is the text at its offsets"
        );
        for (k, tag) in f[3..].iter().enumerate() {
            columns
                .entry((article.clone(), k))
                .or_default()
                .push((start, end, tag.to_string()));
        }
    }
    // Every span is in its column exactly, or reported as left out.
    let left_out: BTreeSet<&AnnotationId> = report
        .left_out
        .iter()
        .filter_map(|l| l.annotation.as_ref())
        .collect();
    for (k, kind) in KindName::ALL.iter().enumerate() {
        for a in corpus.articles() {
            let mut want: Vec<(usize, usize)> = set
                .annotations_of(&a.id)
                .iter()
                .filter(|x| x.kind.name() == *kind && !left_out.contains(&x.id))
                .map(|x| trimmed(a.text.as_str(), x.span.start, x.span.end))
                .collect();
            want.sort();
            let got = bio_spans(&columns[&(a.id.to_string(), k)]);
            assert_eq!(got, want, "{kind:?} in {}", a.id);
        }
    }
    let dropped = set
        .annotations()
        .filter(|a| left_out.contains(&a.id))
        .count();
    assert!(
        dropped > 0,
        "the hard corpus has overlapping spans of one kind"
    );
    // The count is of the spans written, not of those chosen.
    assert_eq!(report.annotations, set.annotation_count() - dropped);
}

#[test]
fn tokens_keep_marks_and_joiners_and_split_at_cuts() {
    let check = |text: &str, cuts: &[usize], want: &[&str]| {
        let got: Vec<String> = tokens(text, &cuts.iter().copied().collect())
            .into_iter()
            .map(|r| chars(text, r.start, r.end))
            .collect();
        assert_eq!(got, want, "{text:?}");
    };
    check(
        "Cafe\u{301} au lait.",
        &[],
        &["Cafe\u{301}", "au", "lait", "."],
    );
    check("👨‍👩‍👧 ok", &[], &["👨‍👩‍👧", "ok"]);
    // UAX #29: one token per Han ideograph; numbers keep their separators.
    check("北朝鮮。", &[], &["北", "朝", "鮮", "。"]);
    check("3시간 뒤 1,200명.", &[], &["3시간", "뒤", "1,200명", "."]);
    check("👍🏽 e\u{301}", &[1], &["👍", "🏽", "e\u{301}"]);
    check("word\r\nمرحبا", &[2], &["wo", "rd", "مرحبا"]);
}

/// Runs an import of `content` (written to `name`) into the hard project's
/// first article and returns the report; for checks of bad input.
fn import_text(
    format: import::Format,
    name: &str,
    content: &str,
) -> Result<import::ImportReport, String> {
    let (corpus, set) = small_project();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, content).unwrap();
    import::import(format, &path, &set, &corpus, &Progress::new())
        .map(|i| i.report)
        .map_err(|e| e.to_string().replace(&dir.path().display().to_string(), ""))
}

fn small_project() -> (Corpus, AnnotationSet) {
    let text = "😀 Kim said “fine”.\r\nالعالم e\u{301}nd";
    let article = Article::from_text(ArticleId::new("a1"), PathBuf::from("a1.txt"), text.into());
    (
        Corpus::from_articles(PathBuf::from("articles"), [article]),
        AnnotationSet::new(SetInfo::default()),
    )
}

/// One bad-input case: what the importer reports, as
/// `line:kind:message part` for each problem (or the error).
fn check(format: import::Format, name: &str, content: &str, imported: usize, want: &[&str]) {
    let got = match import_text(format, name, content) {
        Ok(report) => {
            assert_eq!(report.annotations, imported, "{content}");
            report
                .problems
                .iter()
                .map(|p| {
                    let line = p.source.at.map(|a| a.to_string());
                    let at: Vec<String> = line.into_iter().chain(p.source.record.clone()).collect();
                    let at = at.join(" ");
                    format!("{at}|{}|{}", p.kind.as_str(), p.message)
                })
                .collect::<Vec<_>>()
        }
        Err(e) => vec![e],
    };
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (g, w) in got.iter().zip(want) {
        assert!(g.contains(w), "{g:?} should contain {w:?}");
    }
}

#[test]
fn bad_input_is_reported_with_file_and_line_and_nothing_is_dropped() {
    use import::Format::*;
    // Concord jsonl: a truncated line, wrong offsets, an unknown label.
    check(
        Jsonl,
        "x.jsonl",
        concat!(
            r#"{"id":"a1","spans":[{"id":"s1","start":2,"end":5,"label":"quote","text":"Kim"},{"id":"s2","start":2,"end":6,"label":"claim","text":"Kim"},{"id":"s3","start":0,"end":1,"label":"rumour","text":"😀"}]}"#,
            "\n\n",
            r#"{"id":"a1","spans":[{"id":"s4","#,
            "\n",
        ),
        1,
        &[
            "1:1 spans[1]|not imported|wrong offsets: article a1 has \"Kim \" at 2..6, the file says \"Kim\"",
            "1:1 spans[2]|not imported|unknown variant `rumour`",
            "3:31|not imported|not valid JSON: EOF while parsing",
        ],
    );
    // doccano: offsets past the end, an unknown label, a malformed entry.
    check(
        Doccano,
        "d.jsonl",
        "{\"text\":\"😀 Kim said “fine”.\\r\\nالعالم e\\u0301nd\",\"label\":[[2,5,\"Quote\"],[0,99,\"claim\"],[0,1,\"rumour\"],[1,\"x\"]]}\n{\"text\":\"another text\",\"label\":[[0,1,\"claim\"]]}\n",
        1,
        &[
            "1:1 label[1]|not imported|span ends at char 99, but the article has only 31 chars",
            "1:1 label[2]|not imported|unknown label \"rumour\"",
            "1:1 label[3]|not imported|not [start, end, label]",
            "2:1|not imported|no article in the project has this text",
        ],
    );
    // brat: a bad offset line, a discontinuous span, a note on a missing T.
    check(
        Brat,
        "a1.ann",
        "T1\tquote 2 5\tKim\nT2\tclaim two 5\tKim\nT3\tclaim 0 1;3 5\t😀 im\n#1\tAnnotatorNotes T9\tlost\nE1\tclaim:T1\n",
        1,
        &[
            "2:1|not imported|offsets \"two 5\" are not",
            "4:1|not imported|#1 refers to \"T9\"",
            "5:1|not imported|E1: brat event lines are not imported",
            "3:1|not imported|T3: a discontinuous span",
        ],
    );
    // A truncated Label Studio export and a broken set file stop with the
    // file, line and column.
    check(
        LabelStudio,
        "ls.json",
        "[{\"data\": {\"text\": \"x\"},\n \"annotations\": [",
        0,
        &["ls.json:2:17: EOF while parsing a list"],
    );
    check(
        Set,
        "s.ron",
        "(format: 1, set: (format: 1, name: \"x\"),\n articles: {\"a1\": (format: 1, annotations: [(id: 3)])})",
        0,
        &["s.ron:2:"],
    );
}

#[test]
fn label_studio_utf16_offsets_are_converted_and_said() {
    // "Kim" starts at char 2 but at UTF-16 unit 3 (the emoji is two units).
    let task = r#"[{"id": 7, "data": {"text": "😀 Kim said “fine”.\r\nالعالم éend"},
      "annotations": [{"result": [
        {"type": "labels", "value": {"start": 3, "end": 6, "text": "Kim", "labels": ["quote"]}},
        {"type": "labels", "value": {"start": 2, "end": 5, "text": "Kim", "labels": ["Claim"]}},
        {"type": "choices", "value": {"choices": ["x"]}}
      ]}],
      "predictions": [{"result": []}]}]"#
        .replace("éend", "e\u{301}nd");
    let report = import_text(import::Format::LabelStudio, "ls.json", &task).unwrap();
    assert_eq!(report.annotations, 2);
    let kinds: Vec<_> = report
        .problems
        .iter()
        .map(|p| (p.source.record.clone().unwrap(), p.kind))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("[0]".to_owned(), ProblemKind::NotImported),
            ("[0].annotations[0].result[0]".to_owned(), ProblemKind::Note),
            (
                "[0].annotations[0].result[2]".to_owned(),
                ProblemKind::NotImported
            ),
        ]
    );
    assert!(
        report.problems[1].message.contains("UTF-16"),
        "{}",
        report.problems[1].message
    );
}

#[test]
fn conflicts_are_reported_and_never_overwrite() {
    let (corpus, mut set) = hard_project(3, 10, 2);
    let dir = tempfile::tempdir().unwrap();
    let out = export_to(Format::Jsonl, &corpus, &set, dir.path());
    // Importing into the same set: everything is already there.
    let again =
        import::import(import::Format::Jsonl, &out, &set, &corpus, &Progress::new()).unwrap();
    assert_eq!(again.report.annotations, 0);
    assert_eq!(
        again.report.count(ProblemKind::AlreadyPresent),
        set.annotation_count()
    );
    // Change one annotation in the set: the file's version is a conflict.
    let mut changed = set.annotations().next().unwrap().clone();
    changed.note = "edited since".into();
    apply(&mut set, Edit::ReplaceAnnotation(Box::new(changed.clone()))).unwrap();
    let third =
        import::import(import::Format::Jsonl, &out, &set, &corpus, &Progress::new()).unwrap();
    assert_eq!(third.report.count(ProblemKind::Conflict), 1);
    apply(&mut set, third.edit).unwrap();
    assert_eq!(
        set.annotation(&changed.id),
        Some(&changed),
        "the set's version is kept"
    );
}

/// Saves an import as the window and the CLI do: its edit applied to the
/// set of the project in `root` (articles in `root/articles`), then one
/// save with its new article files. Gives the project opened again.
fn save_import(root: &Path, imported: Import) -> Project {
    let annotations = root.join(ANNOTATIONS_DIR);
    std::fs::create_dir_all(root.join("articles")).unwrap();
    std::fs::create_dir_all(&annotations).unwrap();
    let settings = Settings {
        format: FORMAT_VERSION,
        articles: "articles".into(),
        default_set: "default".into(),
    };
    write_settings(&annotations, &settings).unwrap();
    let mut project = Project::open_writable(root, Duration::ZERO).unwrap();
    apply(&mut project.set, imported.edit).unwrap();
    project.save_with_articles(&imported.new_articles).unwrap();
    drop(project);
    Project::open(root).unwrap()
}

#[test]
fn articles_import_from_folder_and_jsonl() {
    let (corpus, set) = small_project();
    let dir = tempfile::tempdir().unwrap();
    let corpus = Corpus::from_articles(dir.path().join("articles"), corpus.articles().cloned());
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("new.txt"), "A new 🆕 text\r\n").unwrap();
    std::fs::write(input.join("a1.txt"), "other text for an existing id").unwrap();
    std::fs::write(input.join("notes.pdf"), "x").unwrap();
    let imported = import::import(
        import::Format::Articles,
        &input,
        &set,
        &corpus,
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(imported.report.articles, 1);
    assert_eq!(imported.report.count(ProblemKind::Conflict), 1);
    assert_eq!(
        imported.report.count(ProblemKind::NotImported),
        1,
        "the .pdf is reported"
    );
    save_import(dir.path(), imported);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("articles/new.txt")).unwrap(),
        "A new 🆕 text\r\n"
    );

    let jsonl = dir.path().join("articles.jsonl");
    std::fs::write(
        &jsonl,
        "{\"id\":\"n2\",\"text\":\"Zwei\",\"outlet\":\"Die Zeit\"}\n{\"id\":\"../evil\",\"text\":\"x\"}\n{\"text\":\"no id\"}\n",
    )
    .unwrap();
    let imported = import::import(
        import::Format::Articles,
        &jsonl,
        &set,
        &corpus,
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(imported.report.articles, 1);
    let lines: Vec<usize> = imported
        .report
        .problems
        .iter()
        .map(|p| p.source.at.unwrap().line)
        .collect();
    assert_eq!(lines, vec![2, 3]);
    let mut set = set;
    apply(&mut set, imported.edit).unwrap();
    assert_eq!(
        set.article(&ArticleId::new("n2"))
            .unwrap()
            .record
            .meta
            .outlet,
        "Die Zeit"
    );
}

#[test]
fn filters_and_exclusions_choose_what_is_exported() {
    let (corpus, set) = hard_project(6, 10, 9);
    let excluded = set.annotations().next().unwrap().id.clone();
    let options = ExportOptions {
        kinds: [KindName::Quote].into(),
        outlets: ["CNN".to_owned()].into(),
        exclude: [excluded.clone()].into(),
        ..ExportOptions::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("f.jsonl");
    let report = export::export(
        Format::Jsonl,
        &set,
        &corpus,
        &options,
        &out,
        &Progress::new(),
    )
    .unwrap();
    let want: usize = set
        .annotations()
        .filter(|a| a.kind.name() == KindName::Quote && a.id != excluded)
        .filter(|a| set.article(&a.article).unwrap().record.meta.outlet == "CNN")
        .count();
    assert!(want > 0);
    assert_eq!(report.annotations, want);
    assert_eq!(report.articles, 2, "two of six articles are from CNN");
}

#[test]
fn a_cancelled_export_leaves_no_file() {
    let (corpus, set) = hard_project(3, 5, 1);
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("c.jsonl");
    let progress = Progress::new();
    progress.cancel();
    let err = export::export(
        Format::Jsonl,
        &set,
        &corpus,
        &ExportOptions::default(),
        &out,
        &progress,
    )
    .unwrap_err();
    assert!(matches!(err, export::ExportError::Cancelled(_)), "{err}");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "no temporary file left"
    );
}

#[test]
fn the_same_annotation_again_is_already_present_but_two_stances_on_one_span_are_kept() {
    let (corpus, mut set) = small_project();
    let dir = tempfile::tempdir().unwrap();
    let doccano = dir.path().join("d.jsonl");
    std::fs::write(&doccano, "{\"id\":\"a1\",\"label\":[[2,5,\"quote\"]]}\n").unwrap();
    let first = import_into(import::Format::Doccano, &doccano, &corpus, &mut set);
    assert_eq!((first.annotations, first.problems.len()), (1, 0));
    let again = import_into(import::Format::Doccano, &doccano, &corpus, &mut set);
    assert_eq!(again.annotations, 0);
    assert_eq!(again.count(ProblemKind::AlreadyPresent), 1);

    let stance = |id: &str, target: &str| {
        format!(
            r#"{{"id":"{id}","start":2,"end":5,"label":"stance","text":"Kim","target_type":"entity","target":"{target}","polarity":"favor"}}"#
        )
    };
    let jsonl = dir.path().join("s.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{{\"id\":\"a1\",\"spans\":[{},{}]}}\n",
            stance("s1", "x"),
            stance("s2", "y")
        ),
    )
    .unwrap();
    let both = import_into(import::Format::Jsonl, &jsonl, &corpus, &mut set);
    assert_eq!((both.annotations, both.problems.len()), (2, 0));
    assert_eq!(set.annotation_count(), 3);
}

#[test]
fn an_export_recreates_the_project_in_an_empty_folder() {
    let (corpus, original) = hard_project(4, 20, 5);
    for (format, back) in [
        (Format::Jsonl, import::Format::Jsonl),
        (Format::Brat, import::Format::Brat),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let out = export_to(format, &corpus, &original, dir.path());
        let articles = dir.path().join("articles");
        std::fs::create_dir(&articles).unwrap();
        let empty = Corpus::load(&articles).unwrap();
        let set = AnnotationSet::new(SetInfo::default());
        let imported = import::import(back, &out, &set, &empty, &Progress::new()).unwrap();
        assert_eq!(imported.report.problems, vec![], "{format:?}");
        assert_eq!(imported.report.articles, corpus.len(), "{format:?}");
        let project = save_import(dir.path(), imported);
        let (loaded, set) = (&*project.corpus, &project.set);
        let texts = |c: &Corpus| -> Vec<(ArticleId, String)> {
            c.articles()
                .map(|a| (a.id.clone(), a.text.as_str().to_owned()))
                .collect()
        };
        assert_eq!(texts(loaded), texts(&corpus), "{format:?} article texts");
        let annotations = |s: &AnnotationSet| s.annotations().cloned().collect::<Vec<_>>();
        assert_eq!(annotations(set), annotations(&original), "{format:?}");
        assert_eq!(registry(set), registry(&original), "{format:?} registry");
        let fingerprints = |s: &AnnotationSet| -> Vec<(ArticleId, String)> {
            s.articles()
                .iter()
                .map(|(id, a)| (id.clone(), a.record.fingerprint.clone()))
                .collect()
        };
        assert_eq!(fingerprints(set), fingerprints(&original), "{format:?}");
        if format == Format::Jsonl {
            let metas = |s: &AnnotationSet| -> Vec<ArticleMeta> {
                s.articles()
                    .values()
                    .map(|a| a.record.meta.clone())
                    .collect()
            };
            assert_eq!(metas(set), metas(&original), "jsonl article metadata");
        }
    }
}

/// Imports the brat file `ann` into an empty set; the set and the report.
fn import_ann(ann: &Path, corpus: &Corpus) -> (AnnotationSet, import::ImportReport) {
    let mut set = AnnotationSet::new(SetInfo::default());
    let report = import_into(import::Format::Brat, ann, corpus, &mut set);
    for p in &report.problems {
        assert_eq!(p.source.file, ann, "{p}");
        assert!(p.source.at.is_some(), "{p} names its line");
    }
    (set, report)
}

#[test]
fn a_brat_file_cut_short_imports_nothing_half_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    // The first small project with a quote that has a cue and a speaker.
    let (corpus, original, out, whole) = (1..)
        .map(|seed| {
            let (corpus, original) = hard_project(1, 6, seed);
            let out = export_to(Format::Brat, &corpus, &original, dir.path());
            let whole = std::fs::read_to_string(out.join("art-0.ann")).unwrap();
            (corpus, original, out, whole)
        })
        .find(|(.., whole)| whole.contains("\tCue Arg1:") && whole.contains(" speaker:"))
        .unwrap();
    let cut = dir.path().join("cut");
    std::fs::create_dir(&cut).unwrap();
    for f in ["annotation.conf", "art-0.txt"] {
        std::fs::copy(out.join(f), cut.join(f)).unwrap();
    }
    let ann = cut.join("art-0.ann");
    // Cut at every char: an imported annotation is whole, and a cut that
    // does not fall after an annotation's last line (its Concord note) is
    // reported.
    let mut whole_at = vec![0];
    let mut at = 0;
    for line in whole.split_inclusive('\n') {
        at += line.len();
        if line
            .split('\t')
            .nth(1)
            .is_some_and(|h| h.starts_with("Concord "))
        {
            whole_at.push(at);
        }
    }
    let mut cuts = 0;
    for (i, _) in whole.char_indices().chain([(whole.len(), ' ')]) {
        std::fs::write(&ann, &whole[..i]).unwrap();
        let (set, report) = import_ann(&ann, &corpus);
        for a in set.annotations() {
            assert_eq!(Some(a), original.annotation(&a.id), "cut at {i}");
        }
        let complete = whole_at.iter().filter(|&&w| w <= i).count() - 1;
        assert_eq!(report.annotations, complete, "cut at {i}");
        if !whole_at.contains(&i) {
            assert!(
                report.count(ProblemKind::NotImported) >= 1,
                "cut at {i} ({:?}) is not reported",
                &whole[i.saturating_sub(20)..i]
            );
            cuts += 1;
        }
    }
    assert!(cuts > 1000, "{cuts}");

    // A quote whose attribute lines are missing, and lines naming a T that
    // is gone.
    let lines: Vec<&str> = whole.lines().collect();
    let mode = lines.iter().position(|l| l.contains("\tMode T")).unwrap();
    let quote = lines[mode].split(' ').nth(1).unwrap().to_owned();
    let without = |drop: &dyn Fn(&str) -> bool| -> String {
        lines
            .iter()
            .filter(|l| !drop(l))
            .map(|l| format!("{l}\n"))
            .collect()
    };
    std::fs::write(&ann, without(&|l| l.contains(&format!("Mode {quote} ")))).unwrap();
    let (_, report) = import_ann(&ann, &corpus);
    assert_eq!(report.annotations, original.annotation_count() - 1);
    let messages: Vec<&str> = report.problems.iter().map(|p| p.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains(&format!("{quote}: this quote has no Mode attribute")),
        "{messages:?}"
    );

    std::fs::write(&ann, without(&|l| l.starts_with(&format!("{quote}\t")))).unwrap();
    let (_, report) = import_ann(&ann, &corpus);
    assert_eq!(report.annotations, original.annotation_count() - 1);
    let refers = format!("refers to {quote:?}, which is no T line");
    let orphans = lines
        .iter()
        .filter(|l| {
            let target = l.split(['\t', ' ']).nth(2);
            target == Some(quote.as_str()) || target == Some(&format!("Arg1:{quote}"))
        })
        .count();
    assert!(
        orphans >= 5,
        "mode, reference, relation, note lines: {orphans}"
    );
    assert_eq!(
        report
            .problems
            .iter()
            .filter(|p| p.message.contains(&refers))
            .count(),
        orphans,
        "{:#?}",
        report.problems
    );
}

#[test]
fn the_w3c_importer_reads_exports_without_the_concord_context() {
    let (corpus, original) = hard_project(3, 10, 8);
    let dir = tempfile::tempdir().unwrap();
    let out = export_to(Format::W3c, &corpus, &original, dir.path());
    let mut collection: Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        collection["@context"][1]["concord"],
        export::VOCAB,
        "the Concord context is inline"
    );
    assert_eq!(
        collection["@context"][0],
        "http://www.w3.org/ns/anno.jsonld"
    );
    assert!(dir.path().join(export::W3C_CONTEXT_FILE).is_file());
    // As exports before the context and the registry were.
    let o = collection.as_object_mut().unwrap();
    o.insert("@context".into(), "http://www.w3.org/ns/anno.jsonld".into());
    for k in [
        "concord:entities",
        "concord:propositions",
        "concord:utterances",
    ] {
        assert!(o.remove(k).is_some(), "{k}");
    }
    std::fs::write(&out, collection.to_string()).unwrap();
    let mut set = AnnotationSet::new(SetInfo::default());
    let report = import_into(import::Format::W3c, &out, &corpus, &mut set);
    assert_eq!(report.problems, vec![]);
    assert_eq!(carried(&set), carried(&original));
}

#[test]
fn the_csv_has_the_article_author_apart_from_the_annotator() {
    let (corpus, mut set) = hard_project(2, 6, 13);
    for (i, id) in [ArticleId::new("art-0"), ArticleId::new("art-1")]
        .iter()
        .enumerate()
    {
        let mut meta = set.article(id).unwrap().record.meta.clone();
        meta.author = ["Mira Santos, Seoul", "Jon Bell"][i].into();
        apply(
            &mut set,
            Edit::SetArticleMeta {
                article: id.clone(),
                meta,
            },
        )
        .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let out = export_to(Format::Csv, &corpus, &set, dir.path());
    let mut csv = csv::Reader::from_path(&out).unwrap();
    let header = csv.headers().unwrap().clone();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (article, byline, author, id) = (
        column("article"),
        column("article_author"),
        column("author"),
        column("id"),
    );
    let mut rows = 0;
    for row in csv.records() {
        let row = row.unwrap();
        let meta = &set
            .article(&ArticleId::new(&row[article]))
            .unwrap()
            .record
            .meta;
        assert_eq!(&row[byline], meta.author, "row {rows}");
        let a = set.annotation(&AnnotationId::new(&row[id])).unwrap();
        assert_eq!(&row[author], a.author.as_str(), "row {rows}");
        rows += 1;
    }
    assert_eq!(rows, set.annotation_count());
}
