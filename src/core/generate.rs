//! `concord gen-corpus`: a reproducible synthetic project for benchmarks and
//! tests. Articles are built sentence by sentence from news-like templates;
//! each sentence carries one to three annotations (a claim over the sentence,
//! a quote inside it, a stance), so spans nest and overlap as in real work.
//! Propositions and utterances are shared across articles, with the odd
//! differing number or word, so the cross-source rules have something to find.

use crate::core::article::{Article, Corpus};
use crate::core::edit::{Edit, apply};
use crate::core::error::FileError;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, Claim, Entity, EntityId,
    EntityKind, Kind, Polarity, Proposition, PropositionId, Quote, QuoteMode, SetInfo, Stance,
    Symbol, Target, Utterance, UtteranceId,
};
use crate::core::store::{self, ANNOTATIONS_DIR, FORMAT_VERSION, Project, Settings};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug)]
pub struct Spec {
    pub articles: usize,
    pub annotations_per_article: usize,
    pub seed: u64,
}

/// SplitMix64: tiny, and its output never changes between versions, which
/// keeps corpora (and tests' random texts) reproducible from their seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

const PEOPLE: &[(&str, &str)] = &[
    ("Amara Okafor", "Okafor"),
    ("Lena Vogel", "Vogel"),
    ("Tomás Herrera", "Herrera"),
    ("Yuki Tanaka", "Tanaka"),
    ("Olga Petrova", "Petrova"),
    ("Samir Haddad", "Haddad"),
    ("Grace Mbeki", "Mbeki"),
    ("Jonas Lindqvist", "Lindqvist"),
    ("Mei Chen", "Chen"),
    ("Rafael Costa", "Costa"),
    ("Ingrid Sørensen", "Sørensen"),
    ("Kwame Mensah", "Mensah"),
];
const COUNTRIES: &[&str] = &[
    "Norland",
    "Estavia",
    "the Republic of Kesh",
    "Valdora",
    "Oristan",
    "Marenia",
];
const OUTLETS: &[&str] = &[
    "The Morning Ledger",
    "Daily Courier",
    "Harbor Times",
    "Northern Herald",
    "The Evening Post",
];
const OBJECTS: &[&str] = &["missiles", "drones", "satellites", "tankers", "battalions"];
const PLACES: &[&str] = &[
    "the northern coast",
    "the border region",
    "the capital",
    "the eastern sea",
];
const MONTHS: &[&str] = &["January", "March", "May", "June", "August", "October"];
const NUMBERS: &[&str] = &["two", "three", "four", "five", "six"];
const SAYINGS: &[&str] = &[
    "We will not accept any agreement that ignores our security",
    "This is a just fight for our sovereign rights",
    "There are certain restrictions, and we comply with all of them",
    "The talks were frank, useful and long overdue",
    "Our patience has limits, and those limits are close",
    "Nobody gains from another round of sanctions",
    "We are ready to discuss every question without haste",
    "The region deserves peace, not more weapons",
];
const VARIANTS: &[(&str, &str)] = &[
    ("just", "sacred"),
    ("frank", "open"),
    ("close", "near"),
    ("ready", "willing"),
];
const CUES: &[&str] = &["said", "told reporters", "declared", "insisted"];
const FILLERS: &[&str] = &[
    "Officials gave few further details on the talks.",
    "The meeting lasted well into the evening.",
    "Analysts expect further announcements next week.",
    "Both delegations left without taking questions.",
];

/// The number of propositions and utterances shared across the corpus.
const SHARED: usize = 64;

/// Builds the corpus and set in memory.
pub fn generate(spec: &Spec) -> (Corpus, AnnotationSet) {
    let mut rng = Rng(spec.seed);
    let mut set = AnnotationSet::new(SetInfo {
        name: "generated".into(),
        annotator: "gen-corpus".into(),
        ..SetInfo::default()
    });
    let mut setup = Vec::new();
    for (i, (name, alias)) in PEOPLE.iter().enumerate() {
        setup.push(Edit::PutEntity(Entity {
            id: EntityId::new(format!("p{i}")),
            name: (*name).into(),
            kind: EntityKind::Person,
            aliases: vec![(*alias).into()],
        }));
    }
    for (i, name) in COUNTRIES.iter().enumerate() {
        setup.push(Edit::PutEntity(Entity {
            id: EntityId::new(format!("c{i}")),
            name: (*name).into(),
            kind: EntityKind::Country,
            aliases: vec![],
        }));
    }
    for (i, name) in OUTLETS.iter().enumerate() {
        setup.push(Edit::PutEntity(Entity {
            id: EntityId::new(format!("o{i}")),
            name: (*name).into(),
            kind: EntityKind::Outlet,
            aliases: vec![],
        }));
    }
    // Shared facts: proposition k is always "<country> launched <n> <object>
    // toward <place> in <month>"; utterance k is one speaker's saying.
    let facts: Vec<[usize; 5]> = (0..SHARED)
        .map(|_| {
            [
                rng.below(COUNTRIES.len()),
                rng.below(NUMBERS.len()),
                rng.below(OBJECTS.len()),
                rng.below(PLACES.len()),
                rng.below(MONTHS.len()),
            ]
        })
        .collect();
    for (k, f) in facts.iter().enumerate() {
        setup.push(Edit::PutProposition(Proposition {
            id: PropositionId::new(format!("prop{k}")),
            statement: fact_sentence(f),
        }));
    }
    let sayings: Vec<(usize, usize)> = (0..SHARED)
        .map(|_| (rng.below(PEOPLE.len()), rng.below(SAYINGS.len())))
        .collect();
    for (k, (person, saying)) in sayings.iter().enumerate() {
        setup.push(Edit::PutUtterance(Utterance {
            id: UtteranceId::new(format!("utt{k}")),
            speaker: Some(EntityId::new(format!("p{person}"))),
            wording: SAYINGS[*saying].into(),
        }));
    }
    // Edits built here always apply: ids are fresh and references exist.
    let _ = apply(&mut set, Edit::Batch(setup));

    let now = jiff::Timestamp::UNIX_EPOCH;
    let width = spec.articles.max(1).to_string().len().max(5);
    let mut articles = Vec::with_capacity(spec.articles);
    let mut next_id = 0usize;
    for n in 0..spec.articles {
        let id = ArticleId::new(format!("a{n:0width$}"));
        let outlet = rng.below(OUTLETS.len());
        let mut text = String::new();
        let mut chars = 0usize;
        let mut anns = Vec::new();
        let push = |text: &mut String, chars: &mut usize, s: &str| -> (usize, usize) {
            let start = *chars;
            text.push_str(s);
            *chars += s.chars().count();
            (start, *chars)
        };
        while anns.len() < spec.annotations_per_article {
            let mut sentence_anns: Vec<(usize, usize, Kind)> = Vec::new();
            match rng.below(4) {
                0 | 1 => {
                    let k = rng.below(SHARED);
                    let mut f = facts[k];
                    if rng.chance(5) {
                        f[1] = (f[1] + 1) % NUMBERS.len(); // the odd conflicting number
                    }
                    let (s, e) = push(&mut text, &mut chars, &fact_sentence(&f));
                    sentence_anns.push((
                        s,
                        e,
                        Kind::Claim(Claim {
                            propositions: [PropositionId::new(format!("prop{k}"))].into(),
                            ..Claim::default()
                        }),
                    ));
                }
                2 => {
                    let k = rng.below(SHARED);
                    let (person, saying) = sayings[k];
                    // Some quotes are not linked yet, as in a set being made.
                    let linked = !rng.chance(20);
                    let mut words = SAYINGS[saying].to_owned();
                    if rng.chance(10) {
                        let (from, to) = rng.pick(VARIANTS);
                        words = words.replace(from, to);
                    }
                    let (name, _) = PEOPLE[person];
                    let cue = *rng.pick(CUES);
                    let (s0, _) = push(&mut text, &mut chars, "\u{201C}");
                    let (qs, qe) = push(&mut text, &mut chars, &words);
                    push(&mut text, &mut chars, &format!(",\u{201D} {name} "));
                    let (cs, ce) = push(&mut text, &mut chars, cue);
                    push(&mut text, &mut chars, ". ");
                    sentence_anns.push((
                        qs,
                        qe,
                        Kind::Quote(Quote {
                            speaker: Some(EntityId::new(format!("p{person}"))),
                            mode: QuoteMode::Direct,
                            cue: Some(Box::new(cue_span(cs..ce))),
                            utterance: linked.then(|| UtteranceId::new(format!("utt{k}"))),
                            ..Quote::default()
                        }),
                    ));
                    // A claim about the whole statement overlaps the quote.
                    if rng.chance(50) {
                        sentence_anns.push((s0, chars - 1, Kind::Claim(Claim::default())));
                    }
                }
                _ => {
                    let target = rng.below(COUNTRIES.len());
                    let favor = rng.chance(50);
                    let verb = if favor {
                        "deserves credit for"
                    } else {
                        "is wrong about"
                    };
                    let sentence = format!(
                        "In our view, {} {verb} its conduct in {}. ",
                        COUNTRIES[target],
                        rng.pick(PLACES)
                    );
                    let (s, e) = push(&mut text, &mut chars, &sentence);
                    sentence_anns.push((
                        s,
                        e - 1,
                        Kind::Stance(Stance {
                            holder: Some(EntityId::new(format!("o{outlet}"))),
                            target: Some(Target::Entity(EntityId::new(format!("c{target}")))),
                            polarity: Some(if favor {
                                Polarity::Favor
                            } else {
                                Polarity::Against
                            }),
                        }),
                    ));
                }
            }
            for (start, end, kind) in sentence_anns {
                if anns.len() < spec.annotations_per_article {
                    anns.push((start, end, kind));
                }
            }
            if rng.chance(20) {
                let filler = *rng.pick(FILLERS);
                push(&mut text, &mut chars, filler);
                push(&mut text, &mut chars, " ");
            }
            if rng.chance(25) {
                push(&mut text, &mut chars, "\n\n");
            }
        }
        let article = Article::from_text(id.clone(), PathBuf::from(format!("{id}.txt")), text);
        let mut edits = vec![
            Edit::SetFingerprint {
                article: id.clone(),
                fingerprint: article.fingerprint.clone(),
            },
            Edit::SetArticleMeta {
                article: id.clone(),
                meta: ArticleMeta {
                    outlet: OUTLETS[outlet].into(),
                    title: format!("Report {n}"),
                    language: "en".into(),
                    ..ArticleMeta::default()
                },
            },
        ];
        for (start, end, mut kind) in anns {
            let Ok(span) = article.text.span(start..end) else {
                continue;
            };
            // Cues were placed before the text existed; give them their quote now.
            if let Kind::Quote(Quote { cue: Some(cue), .. }) = &mut kind
                && let Ok(full) = article.text.span(cue.range())
            {
                **cue = full;
            }
            next_id += 1;
            edits.push(Edit::AddAnnotation(Box::new(Annotation {
                id: AnnotationId::new(format!("g{next_id}")),
                article: id.clone(),
                span,
                author: Symbol::default(),
                created: now,
                modified: now,
                note: String::new(),
                tags: Vec::new(),
                kind,
            })));
        }
        let _ = apply(&mut set, Edit::Batch(edits));
        articles.push(article);
    }
    (
        Corpus::from_articles(PathBuf::from("articles"), articles),
        set,
    )
}

/// A cue's char range; its quoted text is filled in once the article exists.
fn cue_span(range: std::ops::Range<usize>) -> crate::core::text::Span {
    crate::core::text::Span::at(range.start, range.end)
}

fn fact_sentence(f: &[usize; 5]) -> String {
    format!(
        "{} launched {} {} toward {} in {}. ",
        capitalise(COUNTRIES[f[0]]),
        NUMBERS[f[1]],
        OBJECTS[f[2]],
        PLACES[f[3]],
        MONTHS[f[4]]
    )
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The settings of a generated project: articles in `articles/`, the set
/// `generated`.
fn settings() -> Settings {
    Settings {
        format: FORMAT_VERSION,
        articles: PathBuf::from("articles"),
        default_set: "generated".into(),
    }
}

/// The generated project in memory, as if opened from `root` (benchmarks and
/// window tests that need no files).
pub fn project(spec: &Spec, root: PathBuf) -> Project {
    let (corpus, set) = generate(spec);
    Project::in_memory(root, settings(), corpus.into(), set)
}

/// Writes the generated project to `out`: `articles/*.txt`, the settings and
/// the set `generated`.
pub fn write_project(spec: &Spec, out: &Path) -> Result<(), FileError> {
    let (corpus, mut set) = generate(spec);
    let articles_dir = out.join("articles");
    std::fs::create_dir_all(&articles_dir).map_err(|e| FileError::io(&articles_dir, e))?;
    for article in corpus.articles() {
        let path = articles_dir.join(&article.path);
        std::fs::write(&path, article.text.as_str()).map_err(|e| FileError::io(&path, e))?;
    }
    let annotations = out.join(ANNOTATIONS_DIR);
    store::write_settings(&annotations, &settings())?;
    store::save_set_as(&mut set, &annotations.join("generated"))?;
    Ok(())
}
