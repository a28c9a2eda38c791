//! Quoted passages, their speakers and cues.
//!
//! Every outermost quotation of the article ([`Article::quotations`]) is a
//! candidate. Its speaker comes from the attribution cues next to it: the
//! words after the closing mark in its sentence (`,” Kim said`, `», a
//! déclaré X`, `」と述べた`), else the words before the opening mark in its
//! sentence (`X said: “`, `according to X, …: “`, `X described … as “`),
//! else the quotation it continues (the same sentence, or the paragraph
//! right after one). A pronoun, a title or a missing subject ("he said",
//! "the spokesman said", "dijo") is the person the sentences just before
//! name as a speaker, or else as their subject. Names are matched against
//! the set's entities by name, alias (inflected, as the validator does),
//! title alias and last name; an unknown one is proposed as a new entity.
//!
//! The search looks at a bounded window around each quotation, so the
//! whole pass is linear in the article's length. The language data (cue
//! verbs, pronouns, titles) are the tables below; character classes come
//! from [`unicode`].

use super::{Proposal, Speaker, Suggestion};
use crate::core::article::Article;
use crate::core::model::{AnnotationSet, Entity, EntityId, EntityKind, QuoteMode};
use crate::core::text::unicode;
use crate::core::validate::EntityNames;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::LazyLock;
use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// How far before a quotation's opening mark its lead and the sentences
/// that name a pronoun's person are looked for, in bytes.
const BEFORE: usize = 600;
/// How far after the closing mark the attribution is looked for.
const AFTER: usize = 300;
/// How much of the quotation itself the sentence splitter sees at each
/// end (enough to tell whether the quotation starts or ends a sentence).
const EDGE: usize = 80;
/// Lowercase words a subject may stand away from its verb ("Putin also
/// said", "O’Brien blasted the summit, saying").
const MAX_SKIP: usize = 10;
/// Words between a closing mark and a cue that still make the cue the
/// quotation's own (`,” Kremlin spokesman Dmitry Peskov told`).
const MAX_TAIL_GAP: usize = 7;
/// Longest stretch of a caseless script looked up as a name, in chars.
const MAX_CASELESS: usize = 24;
/// Longest name run looked up in the registry, in tokens.
const MAX_RUN: usize = 8;

/// What a cue phrase does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A verb of saying: the speaker is its subject ("Kim said", "said Kim").
    Verb,
    /// A verb of telling, whose addressee belongs to the cue ("told reporters").
    Tell,
    /// The speaker follows ("according to X", "selon X", "по словам X").
    Prep,
    /// A verb only right after a quotation, speaker following (German
    /// `„…“, so Scholz`).
    AfterOnly,
}

/// Cue phrases: (language, phrase, role). Matched on folded words, the
/// longest phrase first. In languages marked in [`INVERTING`] the subject
/// often follows the verb ("sagte Scholz", "заявил Песков"); Japanese
/// phrases follow the quotation after と, with the subject marked by a
/// particle ([`PARTICLES`]).
const CUES: &[(&str, &str, Role)] = &[
    // English
    ("en", "said", Role::Verb),
    ("en", "says", Role::Verb),
    ("en", "say", Role::Verb),
    ("en", "saying", Role::Verb),
    ("en", "added", Role::Verb),
    ("en", "adds", Role::Verb),
    ("en", "adding", Role::Verb),
    ("en", "noted", Role::Verb),
    ("en", "notes", Role::Verb),
    ("en", "noting", Role::Verb),
    ("en", "wrote", Role::Verb),
    ("en", "writes", Role::Verb),
    ("en", "warned", Role::Verb),
    ("en", "warns", Role::Verb),
    ("en", "warning", Role::Verb),
    ("en", "described", Role::Verb),
    ("en", "describes", Role::Verb),
    ("en", "describing", Role::Verb),
    ("en", "called", Role::Verb),
    ("en", "calls", Role::Verb),
    ("en", "stated", Role::Verb),
    ("en", "declared", Role::Verb),
    ("en", "explained", Role::Verb),
    ("en", "insisted", Role::Verb),
    ("en", "argued", Role::Verb),
    ("en", "claimed", Role::Verb),
    ("en", "announced", Role::Verb),
    ("en", "stressed", Role::Verb),
    ("en", "asked", Role::Verb),
    ("en", "replied", Role::Verb),
    ("en", "responded", Role::Verb),
    ("en", "recalled", Role::Verb),
    ("en", "remarked", Role::Verb),
    ("en", "acknowledged", Role::Verb),
    ("en", "admitted", Role::Verb),
    ("en", "vowed", Role::Verb),
    ("en", "promised", Role::Verb),
    ("en", "pledged", Role::Verb),
    ("en", "urged", Role::Verb),
    ("en", "told", Role::Tell),
    ("en", "tells", Role::Tell),
    ("en", "telling", Role::Tell),
    ("en", "according to", Role::Prep),
    // German
    ("de", "sagte", Role::Verb),
    ("de", "sagt", Role::Verb),
    ("de", "sagten", Role::Verb),
    ("de", "erklärte", Role::Verb),
    ("de", "erklärt", Role::Verb),
    ("de", "betonte", Role::Verb),
    ("de", "betont", Role::Verb),
    ("de", "meinte", Role::Verb),
    ("de", "fügte", Role::Verb),
    ("de", "ergänzte", Role::Verb),
    ("de", "warnte", Role::Verb),
    ("de", "schrieb", Role::Verb),
    ("de", "kritisierte", Role::Verb),
    ("de", "forderte", Role::Verb),
    ("de", "so", Role::AfterOnly),
    ("de", "laut", Role::Prep),
    // French
    ("fr", "a déclaré", Role::Verb),
    ("fr", "a dit", Role::Verb),
    ("fr", "a affirmé", Role::Verb),
    ("fr", "a expliqué", Role::Verb),
    ("fr", "a ajouté", Role::Verb),
    ("fr", "a souligné", Role::Verb),
    ("fr", "a indiqué", Role::Verb),
    ("fr", "a estimé", Role::Verb),
    ("fr", "a assuré", Role::Verb),
    ("fr", "a averti", Role::Verb),
    ("fr", "déclaré", Role::Verb),
    ("fr", "affirmé", Role::Verb),
    ("fr", "expliqué", Role::Verb),
    ("fr", "ajouté", Role::Verb),
    ("fr", "souligné", Role::Verb),
    ("fr", "estimé", Role::Verb),
    ("fr", "déclare", Role::Verb),
    ("fr", "affirme", Role::Verb),
    ("fr", "explique", Role::Verb),
    ("fr", "ajoute", Role::Verb),
    ("fr", "souligne", Role::Verb),
    ("fr", "estime", Role::Verb),
    ("fr", "selon", Role::Prep),
    ("fr", "d’après", Role::Prep),
    // Russian
    ("ru", "заявил", Role::Verb),
    ("ru", "заявила", Role::Verb),
    ("ru", "заявили", Role::Verb),
    ("ru", "заявляет", Role::Verb),
    ("ru", "сказал", Role::Verb),
    ("ru", "сказала", Role::Verb),
    ("ru", "сказали", Role::Verb),
    ("ru", "отметил", Role::Verb),
    ("ru", "отметила", Role::Verb),
    ("ru", "добавил", Role::Verb),
    ("ru", "добавила", Role::Verb),
    ("ru", "подчеркнул", Role::Verb),
    ("ru", "подчеркнула", Role::Verb),
    ("ru", "сообщил", Role::Verb),
    ("ru", "сообщила", Role::Verb),
    ("ru", "пояснил", Role::Verb),
    ("ru", "пояснила", Role::Verb),
    ("ru", "написал", Role::Verb),
    ("ru", "говорит", Role::Verb),
    ("ru", "по словам", Role::Prep),
    // Spanish
    ("es", "dijo", Role::Verb),
    ("es", "afirmó", Role::Verb),
    ("es", "declaró", Role::Verb),
    ("es", "señaló", Role::Verb),
    ("es", "explicó", Role::Verb),
    ("es", "añadió", Role::Verb),
    ("es", "aseguró", Role::Verb),
    ("es", "indicó", Role::Verb),
    ("es", "advirtió", Role::Verb),
    ("es", "dice", Role::Verb),
    ("es", "afirma", Role::Verb),
    ("es", "ha dicho", Role::Verb),
    ("es", "según", Role::Prep),
    // Italian
    ("it", "ha detto", Role::Verb),
    ("it", "ha dichiarato", Role::Verb),
    ("it", "ha spiegato", Role::Verb),
    ("it", "ha aggiunto", Role::Verb),
    ("it", "ha sottolineato", Role::Verb),
    ("it", "ha affermato", Role::Verb),
    ("it", "dice", Role::Verb),
    ("it", "secondo", Role::Prep),
    // Polish
    ("pl", "powiedział", Role::Verb),
    ("pl", "powiedziała", Role::Verb),
    ("pl", "dodał", Role::Verb),
    ("pl", "dodała", Role::Verb),
    ("pl", "stwierdził", Role::Verb),
    ("pl", "stwierdziła", Role::Verb),
    ("pl", "podkreślił", Role::Verb),
    ("pl", "podkreśliła", Role::Verb),
    ("pl", "zaznaczył", Role::Verb),
    ("pl", "zaznaczyła", Role::Verb),
    ("pl", "oświadczył", Role::Verb),
    ("pl", "oświadczyła", Role::Verb),
    ("pl", "mówi", Role::Verb),
    ("pl", "według", Role::Prep),
    // Ukrainian
    ("uk", "заявив", Role::Verb),
    ("uk", "заявила", Role::Verb),
    ("uk", "сказав", Role::Verb),
    ("uk", "сказала", Role::Verb),
    ("uk", "додав", Role::Verb),
    ("uk", "додала", Role::Verb),
    ("uk", "зазначив", Role::Verb),
    ("uk", "зазначила", Role::Verb),
    ("uk", "наголосив", Role::Verb),
    ("uk", "наголосила", Role::Verb),
    ("uk", "повідомив", Role::Verb),
    ("uk", "повідомила", Role::Verb),
    ("uk", "за словами", Role::Prep),
    // Chinese: the subject is the clause before the verb.
    ("zh", "表示", Role::Verb),
    ("zh", "说", Role::Verb),
    ("zh", "指出", Role::Verb),
    ("zh", "强调", Role::Verb),
    ("zh", "认为", Role::Verb),
    ("zh", "称", Role::Verb),
    // Korean: after the quotation (“…”라고 말했다), the subject in the lead.
    ("ko", "말했다", Role::Verb),
    ("ko", "밝혔다", Role::Verb),
    ("ko", "덧붙였다", Role::Verb),
    ("ko", "강조했다", Role::Verb),
    ("ko", "설명했다", Role::Verb),
    ("ko", "전했다", Role::Verb),
    // Arabic: verb first, with and without the conjunction و.
    ("ar", "قال", Role::Verb),
    ("ar", "قالت", Role::Verb),
    ("ar", "وقال", Role::Verb),
    ("ar", "وقالت", Role::Verb),
    ("ar", "أضاف", Role::Verb),
    ("ar", "أضافت", Role::Verb),
    ("ar", "وأضاف", Role::Verb),
    ("ar", "وأضافت", Role::Verb),
    ("ar", "أكد", Role::Verb),
    ("ar", "أكدت", Role::Verb),
    ("ar", "وأكد", Role::Verb),
    ("ar", "وأكدت", Role::Verb),
    ("ar", "صرح", Role::Verb),
    ("ar", "وصرح", Role::Verb),
    ("ar", "بحسب", Role::Prep),
    // Hebrew
    ("he", "אמר", Role::Verb),
    ("he", "אמרה", Role::Verb),
    ("he", "הוסיף", Role::Verb),
    ("he", "הוסיפה", Role::Verb),
    ("he", "מסר", Role::Verb),
    ("he", "מסרה", Role::Verb),
    ("he", "ציין", Role::Verb),
    ("he", "ציינה", Role::Verb),
    ("he", "לדברי", Role::Prep),
    // Japanese
    ("ja", "述べた", Role::Verb),
    ("ja", "述べ", Role::Verb),
    ("ja", "語った", Role::Verb),
    ("ja", "語り", Role::Verb),
    ("ja", "話した", Role::Verb),
    ("ja", "説明した", Role::Verb),
    ("ja", "強調した", Role::Verb),
    ("ja", "指摘した", Role::Verb),
    ("ja", "明らかにした", Role::Verb),
    ("ja", "発表した", Role::Verb),
];

/// Languages whose verb of saying often comes before its subject.
const INVERTING: &[&str] = &["de", "fr", "ru", "es", "it", "pl", "uk", "ar"];

/// Third-person pronouns (and the Japanese "the same person"): a subject
/// that names whoever the sentences before were about.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "er", "sie", "il", "elle", "ils", "elles", "он", "она", "они", "él",
    "ella", "ellos", "ellas", "彼", "彼女", "同氏", "lui", "lei", "він", "вона", "вони", "他",
    "她", "그", "그녀", "הוא", "היא",
];

/// Function words that begin sentences in capitals but no name.
const STOPWORDS: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "his",
    "her",
    "their",
    "our",
    "we",
    "i",
    "you",
    "but",
    "and",
    "or",
    "while",
    "when",
    "as",
    "in",
    "on",
    "at",
    "for",
    "of",
    "to",
    "from",
    "with",
    "after",
    "before",
    "meanwhile",
    "however",
    "yet",
    "so",
    "if",
    "there",
    "here",
    "then",
    "also",
    "still",
    "one",
    "some",
    "many",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "ein",
    "eine",
    "einen",
    "und",
    "aber",
    "am",
    "im",
    "auf",
    "mit",
    "nach",
    "vor",
    "es",
    "wir",
    "ich",
    "doch",
    "le",
    "la",
    "les",
    "l",
    "un",
    "une",
    "du",
    "de",
    "et",
    "mais",
    "en",
    "au",
    "aux",
    "dans",
    "pour",
    "ce",
    "cette",
    "nous",
    "je",
    "on",
    "и",
    "но",
    "в",
    "на",
    "по",
    "с",
    "это",
    "мы",
    "я",
    "а",
    "el",
    "los",
    "las",
    "una",
    "y",
    "pero",
    "con",
    "por",
    "para",
    "este",
    "esta",
    "il",
    "lo",
    "gli",
    "di",
    "del",
    "della",
    "w",
    "z",
    "і",
    "та",
    "у",
];

/// Words that begin a relative clause after a comma ("X, who …, said").
const RELATIVES: &[&str] = &[
    "who",
    "der",
    "die",
    "qui",
    "quien",
    "который",
    "которая",
    "которые",
];

/// Lowercase particles inside names ("Ursula von der Leyen", "Charles de Gaulle").
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "bin", "ibn", "al", "da", "di", "del", "dos", "du", "ter", "ten",
];

/// Titles and roles before a name or instead of one ("Russian President
/// Vladimir Putin", "the spokesman said"). A word is a title when it is
/// one of these, ends in one of five letters or more (German compounds:
/// "Bundeskanzler"), or is one with up to two more letters (Russian case
/// endings: "президента").
const TITLES: &[&str] = &[
    "president",
    "prime",
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "secretary",
    "adviser",
    "advisor",
    "chancellor",
    "professor",
    "dr",
    "mr",
    "mrs",
    "ms",
    "senator",
    "governor",
    "mayor",
    "general",
    "chairman",
    "chairwoman",
    "leader",
    "ambassador",
    "director",
    "chief",
    "head",
    "king",
    "queen",
    "commissioner",
    "official",
    "analyst",
    "premier",
    "präsident",
    "präsidentin",
    "kanzler",
    "kanzlerin",
    "ministerin",
    "sprecher",
    "sprecherin",
    "bürgermeister",
    "bürgermeisterin",
    "herr",
    "frau",
    "professorin",
    "président",
    "présidente",
    "ministre",
    "parole",
    "m",
    "mme",
    "maire",
    "député",
    "sénateur",
    "directeur",
    "directrice",
    "professeur",
    "президент",
    "министр",
    "секретарь",
    "глава",
    "мэр",
    "премьер",
    "спикер",
    "губернатор",
    "представитель",
    "директор",
    "профессор",
    "посол",
    "аналитик",
    "эксперт",
    "presidente",
    "presidenta",
    "ministro",
    "ministra",
    "portavoz",
    "alcalde",
    "alcaldesa",
    "señor",
    "señora",
    "sr",
    "sra",
    "secretario",
    "segretario",
    "segretaria",
    "sindaco",
    "przewodniczący",
    "przewodnicząca",
    "prezes",
    "rzecznik",
    "rzeczniczka",
    "міністр",
    "голова",
    "речник",
    "президент",
];

/// Japanese title suffixes ("岸田首相", "ペスコフ報道官").
const TITLE_SUFFIXES: &[&str] = &[
    "官房長官",
    "委員長",
    "大統領",
    "報道官",
    "首相",
    "外相",
    "長官",
    "大臣",
    "社長",
    "教授",
    "知事",
    "市長",
    "議員",
    "代表",
    "会長",
    "氏",
    "さん",
];

/// Titles written before or after a name in scripts without spaces or
/// capitals ("外交部发言人林建华", "习近平主席"), and Korean and Hebrew ones.
const CASELESS_TITLES: &[&str] = &[
    "发言人",
    "主席",
    "总统",
    "总理",
    "外长",
    "部长",
    "大使",
    "国家",
    "장관",
    "부회장",
    "회장",
    "대변인",
    "대통령",
    "총리",
    "의원",
    "위원장",
    "대표",
    "사장",
    "교수",
    "שר",
    "שרת",
    "דובר",
    "דוברת",
    "ראש",
    "נשיא",
];

/// Chinese words that end a subject and begin what it did where
/// ("林建华在记者会上说": at the press conference).
const ZH_STOPS: &[&str] = &["在", "于", "对", "向", "就", "接受", "日"];

/// Arabic conjunctions that end the subject and begin the said ("قال X إن").
const AR_COMPLEMENTIZERS: &[&str] = &["إن", "أن", "ان"];

/// Korean subject and topic particles, at the end of a word ("장관은").
const KO_PARTICLES: &[char] = &['은', '는', '이', '가'];
/// Korean personal names are two to four syllables; longer words before a
/// title are its organisation ("산업통상자원부 장관").
const KO_NAME_MAX: usize = 4;

/// Words right before a quotation that make it a work's title, not speech.
const TITLING: &[&str] = &[
    "titled",
    "entitled",
    "headlined",
    "intitulé",
    "intitulée",
    "titulado",
    "titulada",
    "titolato",
    "titolata",
    "названием",
    "betitelt",
    "zatytułowany",
];

/// Japanese particles that mark a subject or topic ("岸田首相は").
const PARTICLES: &[char] = &['は', 'が'];
/// The Japanese possessive: "ロシアのペスコフ" is Peskov of Russia.
const GENITIVE: char = 'の';
/// What a Japanese quotation is followed by before its verb (「…」と述べた).
const JA_QUOTATIVE: &str = "と";

/// A cue phrase as matched: its folded words.
struct CuePhrase {
    words: Vec<String>,
    lang: &'static str,
    role: Role,
}

/// The cue phrases by their first folded word, longest first.
static CUE_INDEX: LazyLock<HashMap<String, Vec<CuePhrase>>> = LazyLock::new(|| {
    let mut index: HashMap<String, Vec<CuePhrase>> = HashMap::new();
    for (lang, phrase, role) in CUES {
        let folded = unicode::fold(phrase);
        let words: Vec<String> = unicode::words(&folded).map(|(_, w)| w.to_owned()).collect();
        if let Some(first) = words.first() {
            index.entry(first.clone()).or_default().push(CuePhrase {
                words,
                lang,
                role: *role,
            });
        }
    }
    for phrases in index.values_mut() {
        phrases.sort_by_key(|p| std::cmp::Reverse(p.words.len()));
    }
    index
});

/// Folded word lists, for membership tests.
static WORD_SETS: LazyLock<WordSets> = LazyLock::new(|| {
    let set = |words: &[&str]| words.iter().map(|w| unicode::fold(w)).collect();
    WordSets {
        pronouns: set(PRONOUNS),
        stopwords: set(STOPWORDS),
        relatives: set(RELATIVES),
        particles: set(NAME_PARTICLES),
        titles: set(TITLES),
    }
});

struct WordSets {
    pronouns: std::collections::HashSet<String>,
    stopwords: std::collections::HashSet<String>,
    relatives: std::collections::HashSet<String>,
    particles: std::collections::HashSet<String>,
    titles: std::collections::HashSet<String>,
}

impl WordSets {
    fn is_title(&self, key: &str) -> bool {
        if self.titles.contains(key) {
            return true;
        }
        let n = key.chars().count();
        self.titles.iter().any(|t| {
            let tn = t.chars().count();
            (tn >= 5 && key.ends_with(t.as_str()))
                || (tn >= 4 && n <= tn + 2 && key.starts_with(t.as_str()))
        })
    }
}

/// One UAX #29 segment of the text around a quotation: a word or a mark.
#[derive(Clone, Debug)]
struct Tok {
    /// Byte range in the article.
    at: Range<usize>,
    /// Folded (words) or as written (marks).
    key: String,
    word: bool,
    /// A word that may be (part of) a name.
    name: bool,
}

impl Tok {
    fn is(&self, mark: &str) -> bool {
        !self.word && self.key == mark
    }
}

/// The segments of `s[range]`.
fn tokens(s: &str, range: Range<usize>) -> Vec<Tok> {
    let Some(piece) = s.get(range.clone()) else {
        return Vec::new();
    };
    let sets = &*WORD_SETS;
    unicode::segments(piece)
        .map(|(i, seg)| {
            let at = range.start + i..range.start + i + seg.len();
            let word = seg.chars().any(char::is_alphanumeric);
            if word {
                let key = unicode::fold(seg);
                let name = unicode::starts_like_a_name(seg) && !sets.stopwords.contains(&key);
                Tok {
                    at,
                    key,
                    word,
                    name,
                }
            } else {
                Tok {
                    at,
                    key: seg.to_owned(),
                    word,
                    name: false,
                }
            }
        })
        .collect()
}

/// The byte offsets where sentences start in `s[range]` (UAX #29), a line
/// break inside a paragraph not counted as one: the seeds' texts break
/// lines inside sentences, a blank line still ends a paragraph.
fn sentence_starts(s: &str, range: Range<usize>) -> Vec<usize> {
    let Some(piece) = s.get(range.clone()) else {
        return Vec::new();
    };
    let bytes = piece.as_bytes();
    let lone = |i: usize| {
        let prev = i.checked_sub(1).map(|j| bytes[j]);
        let next = bytes.get(i + 1).copied();
        !matches!(prev, Some(b'\n' | b'\r')) && !matches!(next, Some(b'\n' | b'\r'))
    };
    // Same length: a newline and a space are one byte each.
    let joined: String = piece
        .char_indices()
        .map(|(i, c)| if c == '\n' && lone(i) { ' ' } else { c })
        .collect();
    unicode::sentences(&joined)
        .map(|(i, _)| range.start + i)
        .collect()
}

/// True when UAX #29 ends a sentence after `c` ("." and "?" do, "," and
/// ";" do not), so no list of terminators is kept here.
fn ends_sentence(c: char) -> bool {
    let probe = format!("x{c} Yes");
    unicode::sentences(&probe).count() > 1
}

/// The largest char boundary of `s` at or below `at`.
fn floor(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The smallest char boundary of `s` at or above `at`.
fn ceil(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// The entities speakers are matched against.
struct Registry<'a> {
    entities: &'a BTreeMap<EntityId, Entity>,
    names: EntityNames,
    /// People by the key of their name's last word, for "Bolton".
    surnames: HashMap<String, Vec<EntityId>>,
}

impl<'a> Registry<'a> {
    fn new(entities: &'a BTreeMap<EntityId, Entity>) -> Self {
        let mut surnames: HashMap<String, Vec<EntityId>> = HashMap::new();
        for e in entities.values().filter(|e| e.kind == EntityKind::Person) {
            // Aliases too: "כהן" is the last name of "יואב כהן".
            for name in std::iter::once(&e.name).chain(&e.aliases) {
                let key = unicode::name_key(name);
                if let Some(last) = key
                    .rsplit(' ')
                    .next()
                    .filter(|w| !w.is_empty() && !WORD_SETS.is_title(w))
                {
                    let ids = surnames.entry(last.to_owned()).or_default();
                    if !ids.contains(&e.id) {
                        ids.push(e.id.clone());
                    }
                }
            }
        }
        Registry {
            entities,
            names: EntityNames::new(entities),
            surnames,
        }
    }

    fn lookup(&self, name: &str) -> Option<&'a Entity> {
        let id = self.names.lookup_inflected(name)?;
        self.entities.get(id)
    }

    /// The one person whose last name is `word`, allowing a case ending of
    /// up to two letters ("Пескова"), three on longer words.
    fn surname(&self, word: &str) -> Option<&'a Entity> {
        let key = unicode::name_key(word);
        let n = key.chars().count();
        let mut k = key.as_str();
        // Polish and Ukrainian genitives take three ("Wierzbickiego").
        for cut in 0..=3 {
            if cut > 0 {
                if n < cut + 3 + cut / 3 * 3 {
                    return None;
                }
                let (at, _) = k.char_indices().next_back()?;
                k = &k[..at];
            }
            if let Some([only]) = self.surnames.get(k).map(Vec::as_slice) {
                return self.entities.get(only);
            }
        }
        None
    }
}

/// Speakers first: "prefer people over the outlet".
fn kind_rank(kind: EntityKind) -> u8 {
    match kind {
        EntityKind::Person => 0,
        EntityKind::Organization => 1,
        EntityKind::Country => 2,
        EntityKind::Other => 3,
        EntityKind::Place => 4,
        EntityKind::Outlet => 5,
    }
}

/// Who a cue points at.
#[derive(Clone, Debug, PartialEq)]
enum Who {
    Named(Speaker),
    /// A pronoun, a title or no subject: the person of the context.
    Refer,
}

/// An attribution found for a quotation.
#[derive(Clone, Debug)]
struct Found {
    who: Who,
    /// Byte range of the cue words.
    cue: Option<Range<usize>>,
    /// How sure, 0 to 1, before the pronoun and mode discounts.
    strength: f32,
    /// The cue's language.
    lang: &'static str,
}

/// The attribution search over one article.
struct Finder<'a> {
    s: &'a str,
    registry: Registry<'a>,
}

/// A cue found among tokens: its token range and phrase.
struct CueAt<'p> {
    from: usize,
    to: usize,
    phrase: &'p CuePhrase,
}

impl<'a> Finder<'a> {
    /// Cues among `toks[lo..hi]`, in order.
    fn cues(&self, toks: &[Tok], lo: usize, hi: usize) -> Vec<CueAt<'static>> {
        let mut out = Vec::new();
        let mut i = lo;
        while i < hi {
            let t = &toks[i];
            let found = t
                .word
                .then(|| CUE_INDEX.get(&t.key))
                .flatten()
                .and_then(|phrases| {
                    phrases.iter().find(|p| {
                        p.words.len() <= hi - i
                            && p.words
                                .iter()
                                .zip(&toks[i..])
                                .all(|(w, t)| t.word && t.key == *w)
                    })
                });
            match found {
                Some(phrase) => {
                    let to = i + phrase.words.len();
                    out.push(CueAt {
                        from: i,
                        to,
                        phrase,
                    });
                    i = to;
                }
                None => i += 1,
            }
        }
        out
    }

    /// The byte range a cue covers, with the addressee of a verb of
    /// telling ("told reporters").
    fn cue_range(&self, toks: &[Tok], cue: &CueAt, hi: usize) -> Range<usize> {
        let mut end = toks[cue.to - 1].at.end;
        if cue.phrase.role == Role::Tell
            && let Some(next) = toks.get(cue.to).filter(|_| cue.to < hi)
            && next.word
            && !next.name
            && !WORD_SETS.stopwords.contains(&next.key)
            && !WORD_SETS.pronouns.contains(&next.key)
        {
            end = next.at.end;
        }
        toks[cue.from].at.start..end
    }

    /// The speaker a name run `toks[from..=to]` names, looking up every
    /// stretch of it (with a "the" before and lowercase title words after,
    /// up to `ext`) in the registry, people first and longer stretches
    /// first; else its last name; else a new entity.
    fn resolve(&self, toks: &[Tok], from: usize, to: usize, ext: usize) -> Option<Who> {
        let from = from.max((to + 1).saturating_sub(MAX_RUN));
        let ext = ext
            .min(to + MAX_RUN)
            .min(toks.len().saturating_sub(1))
            .max(to);
        let start_lo = if from > 0 && toks[from - 1].key == "the" {
            from - 1
        } else {
            from
        };
        let mut best: Option<(u8, usize, &Entity)> = None;
        for a in start_lo..=to {
            for b in (a.max(from)..=ext).rev() {
                if !toks[a].word || !toks[b].word {
                    continue;
                }
                let Some(text) = self.s.get(toks[a].at.start..toks[b].at.end) else {
                    continue;
                };
                if let Some(e) = self.registry.lookup(text) {
                    let rank = (kind_rank(e.kind), usize::MAX - (b - a));
                    if best.is_none_or(|(r, l, _)| rank < (r, l)) {
                        best = Some((rank.0, rank.1, e));
                    }
                }
            }
        }
        if let Some((_, _, e)) = best {
            return Some(Who::Named(Speaker::Known(e.id.clone())));
        }
        if let Some(e) = toks[to..=to]
            .iter()
            .find(|t| t.name)
            .and_then(|t| self.s.get(t.at.clone()))
            .and_then(|w| self.registry.surname(w))
        {
            return Some(Who::Named(Speaker::Known(e.id.clone())));
        }
        self.new_name(toks, from, to)
    }

    /// A new speaker's name from a run: without leading function words and
    /// anything up to its last title ("Russian President Vladimir Putin" is
    /// "Vladimir Putin"), at most three words (the last two of a longer
    /// run). `Refer` when only a title is left.
    fn new_name(&self, toks: &[Tok], from: usize, to: usize) -> Option<Who> {
        let sets = &*WORD_SETS;
        let words: Vec<usize> = (from..=to).filter(|&i| toks[i].word).collect();
        let mut first = 0;
        for (n, &i) in words.iter().enumerate() {
            if sets.is_title(&toks[i].key) || sets.stopwords.contains(&toks[i].key) {
                first = n + 1;
            }
        }
        let rest = &words[first..];
        if rest.is_empty() {
            return words.first().map(|_| Who::Refer);
        }
        let rest = if rest.len() > 3 {
            &rest[rest.len() - 2..]
        } else {
            rest
        };
        let (a, b) = (rest[0], rest[rest.len() - 1]);
        let name = self.s.get(toks[a].at.start..toks[b].at.end)?.trim();
        (!name.is_empty()).then(|| Who::Named(Speaker::New(name.to_owned())))
    }

    /// The start of the name run that ends at token `i`, not before `lo`:
    /// name words joined by hyphens or name particles.
    fn run_start(&self, toks: &[Tok], lo: usize, i: usize) -> usize {
        let mut j = i;
        while j > lo {
            let p = &toks[j - 1];
            if p.name {
                j -= 1;
            } else if j >= lo + 2
                && toks[j - 2].name
                && (p.is("-") || p.is("‐") || (p.word && WORD_SETS.particles.contains(&p.key)))
            {
                j -= 2;
            } else {
                break;
            }
            if i - j >= MAX_RUN {
                break;
            }
        }
        j
    }

    /// The end of the name run that starts at token `i`, before `hi`.
    fn run_end(&self, toks: &[Tok], i: usize, hi: usize) -> usize {
        let mut j = i;
        while j + 1 < hi && j - i < MAX_RUN {
            let n = &toks[j + 1];
            if n.name {
                j += 1;
            } else if j + 2 < hi
                && toks[j + 2].name
                && (n.is("-") || n.is("‐") || (n.word && WORD_SETS.particles.contains(&n.key)))
            {
                j += 2;
            } else {
                break;
            }
        }
        j
    }

    /// The subject before token `v`, not before `lo`: the nearest pronoun,
    /// title or name run, over a few lowercase words and a relative clause
    /// ("X, who …, said").
    fn subject_before(&self, toks: &[Tok], lo: usize, v: usize) -> Option<Who> {
        let sets = &*WORD_SETS;
        let mut skipped = 0;
        let mut i = v;
        while i > lo {
            i -= 1;
            let t = &toks[i];
            if !t.word {
                if t.is(":") || t.is(";") {
                    return None;
                }
                if t.is(",")
                    && let Some(r) = (lo.max(i.saturating_sub(25))..i).rev().find(|&r| {
                        r > lo
                            && toks[r].word
                            && sets.relatives.contains(&toks[r].key)
                            && toks[r - 1].is(",")
                    })
                {
                    i = r - 1;
                }
                continue;
            }
            if sets.pronouns.contains(&t.key) {
                return Some(Who::Refer);
            }
            if t.name {
                let j = self.run_start(toks, lo, i);
                return self.resolve(toks, j, i, v.saturating_sub(1));
            }
            if sets.is_title(&t.key) {
                // "Dmitry Peskov, the Kremlin spokesman, told": the name
                // before the appositive.
                if let Some(c) = (lo.max(i.saturating_sub(6))..i)
                    .rev()
                    .take_while(|&c| toks[c].word || toks[c].is(","))
                    .find(|&c| toks[c].is(","))
                    && c > lo
                    && toks[c - 1].name
                {
                    let j = self.run_start(toks, lo, c - 1);
                    if let Some(who @ Who::Named(_)) = self.resolve(toks, j, c - 1, c - 1) {
                        return Some(who);
                    }
                }
                // "the North Korean leader", "the spokesman".
                let j = (lo..i)
                    .rev()
                    .take_while(|&j| toks[j].word)
                    .take(4)
                    .last()
                    .unwrap_or(i);
                return self.resolve(toks, j, i, i).or(Some(Who::Refer));
            }
            skipped += 1;
            if skipped > MAX_SKIP {
                return None;
            }
        }
        None
    }

    /// The subject after token `c`, before `hi`, over at most `skip`
    /// lowercase words ("said Kim", "заявил журналистам Песков").
    fn subject_after(&self, toks: &[Tok], c: usize, hi: usize, skip: usize) -> Option<Who> {
        let sets = &*WORD_SETS;
        let mut skipped = 0;
        let mut title = false;
        let mut i = c;
        while i < hi {
            let at = i;
            let t = &toks[at];
            i += 1;
            if !t.word {
                if t.is("-") && at + 1 < hi && toks[at + 1].word {
                    // "a-t-il déclaré": the joined pronoun.
                    continue;
                }
                // "голови «Укренерго» Ірини Савчук": an organisation's
                // name in quotation marks belongs to the title.
                let mark =
                    |t: &Tok| !t.word && t.key.chars().all(|c| unicode::quote_mark(c).is_some());
                if mark(t)
                    && let Some(k) = (at + 1..hi.min(at + 6)).find(|&k| mark(&toks[k]))
                {
                    i = k + 1;
                    continue;
                }
                break;
            }
            // "il ministro": the Italian article, not the French pronoun.
            let article =
                sets.stopwords.contains(&t.key) && toks.get(at + 1).is_some_and(|n| n.word);
            if sets.pronouns.contains(&t.key) && !article {
                return Some(Who::Refer);
            }
            if t.name {
                let i = at;
                let j = self.run_end(toks, i, hi);
                // "the North Korean leader": title words after the run may
                // complete a registry alias.
                let ext = (j + 1..hi.min(j + 4))
                    .take_while(|&k| toks[k].word && sets.is_title(&toks[k].key))
                    .last()
                    .unwrap_or(j);
                let who = self.resolve(toks, i, j, ext);
                // "la ministre du Travail, Claire Dumoulin", "министр
                // энергетики России Николай Шульгин": after a title, a lone
                // unknown word is the office's, the full name comes next.
                if title
                    && i == j
                    && matches!(who, Some(Who::Named(Speaker::New(_))))
                    && let Some(k) = (j + 1..hi.min(j + 6))
                        .find(|&k| toks[k].name && self.run_end(toks, k, hi) > k)
                {
                    let e = self.run_end(toks, k, hi);
                    return self.resolve(toks, k, e, e);
                }
                // "il ministro delle Imprese Paolo Gentile": the office's
                // word runs into the name; the name is the last two words.
                if title
                    && j >= i + 2
                    && (i..=j).all(|k| toks[k].name)
                    && matches!(who, Some(Who::Named(Speaker::New(_))))
                {
                    return self.resolve(toks, j - 1, j, j);
                }
                return who;
            }
            if sets.is_title(&t.key) {
                title = true;
            } else if !sets.stopwords.contains(&t.key) {
                skipped += 1;
                if skipped > skip {
                    break;
                }
            }
        }
        title.then_some(Who::Refer)
    }

    /// The subject of a Japanese sentence piece `range`: the words before
    /// its first subject or topic particle, after the last の, without
    /// title suffixes.
    fn japanese_subject(&self, range: Range<usize>) -> Option<Who> {
        let text = self.s.get(range)?;
        let text = text.strip_prefix(JA_QUOTATIVE).unwrap_or(text);
        for piece in text.split(|c: char| {
            c.is_whitespace() || c.general_category_group() == GeneralCategoryGroup::Punctuation
        }) {
            let Some((at, _)) = piece
                .char_indices()
                .find(|(i, c)| *i > 0 && PARTICLES.contains(c))
            else {
                continue;
            };
            let mut name = &piece[..at];
            if let Some((g, _)) = name.char_indices().rfind(|(_, c)| *c == GENITIVE) {
                name = &name[g + GENITIVE.len_utf8()..];
            }
            let mut stripped = true;
            while stripped {
                stripped = false;
                for suffix in TITLE_SUFFIXES {
                    if let Some(n) = name.strip_suffix(suffix)
                        && !n.is_empty()
                    {
                        name = n;
                        stripped = true;
                    }
                }
            }
            if name.is_empty() {
                continue;
            }
            if WORD_SETS.pronouns.contains(&unicode::fold(name)) {
                return Some(Who::Refer);
            }
            return Some(match self.registry.lookup(name) {
                Some(e) => Who::Named(Speaker::Known(e.id.clone())),
                None => Who::Named(Speaker::New(name.to_owned())),
            });
        }
        None
    }

    /// The speaker a stretch of a caseless script names (no capitals tell
    /// a name there): a registry name inside it, longest first; else the
    /// stretch without its titles, at most its last two words.
    fn caseless_name(&self, piece: &str) -> Option<Who> {
        let piece = piece.trim();
        if piece.is_empty() {
            return None;
        }
        if WORD_SETS.pronouns.contains(&unicode::fold(piece)) {
            return Some(Who::Refer);
        }
        // Bounded: a subject is a few words, so this stays linear overall.
        let bounds: Vec<usize> = piece
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(piece.len()))
            .collect();
        let mut best: Option<(usize, &Entity)> = None;
        for (x, &a) in bounds.iter().enumerate() {
            let window = &bounds[x + 1..bounds.len().min(x + 1 + MAX_CASELESS)];
            for &b in window.iter().rev() {
                if best.is_some_and(|(len, _)| b - a <= len) {
                    break;
                }
                let Some(text) = piece.get(a..b).filter(|t| t.trim() == *t) else {
                    continue;
                };
                if let Some(e) = self.registry.lookup(text) {
                    best = Some((b - a, e));
                }
            }
        }
        if let Some((_, e)) = best {
            return Some(Who::Named(Speaker::Known(e.id.clone())));
        }
        let mut name = piece;
        for title in CASELESS_TITLES {
            if let Some(at) = name.rfind(title) {
                let after = name[at + title.len()..].trim();
                name = if after.is_empty() {
                    name[..at].trim()
                } else {
                    after
                };
            }
        }
        // Spaced scripts only: a Chinese name's characters are one word.
        let starts: Vec<usize> = unicode::words(name).map(|(i, _)| i).collect();
        if name.contains(char::is_whitespace) && starts.len() > 2 {
            name = name.get(starts[starts.len() - 2]..).unwrap_or(name).trim();
        }
        if name.is_empty() || WORD_SETS.pronouns.contains(&unicode::fold(name)) {
            return Some(Who::Refer);
        }
        if let Some(e) = self.registry.surname(name) {
            return Some(Who::Named(Speaker::Known(e.id.clone())));
        }
        Some(Who::Named(Speaker::New(name.to_owned())))
    }

    /// The subject before a verb in a caseless script (`range` ends at the
    /// verb): the words since the last punctuation ("新华社报道，习近平表示"),
    /// up to where a Chinese adverbial begins ("林建华在记者会上说"); when
    /// an appositive stands between ("רונית לוי, ראש המחלקה, אמרה"), the
    /// words before its first comma.
    fn caseless_before(&self, range: Range<usize>) -> Option<Who> {
        let text = self.s.get(range)?;
        let punct = |c: char| {
            c.general_category_group() == GeneralCategoryGroup::Punctuation
                || unicode::quote_mark(c).is_some()
        };
        let last = text.rfind(punct).map_or(0, |i| {
            i + text[i..].chars().next().map_or(0, char::len_utf8)
        });
        let mut piece = text[last..].trim();
        if piece.is_empty() {
            piece = text.split(punct).map(str::trim).find(|p| !p.is_empty())?;
        }
        let cut = ZH_STOPS
            .iter()
            .filter_map(|w| piece.find(w))
            .chain(piece.find(|c: char| c.is_numeric()))
            .filter(|&i| i > 0)
            .min()
            .unwrap_or(piece.len());
        self.caseless_name(&piece[..cut])
    }

    /// The subject after a verb in a caseless script ("قال وزير الخارجية
    /// سامي الخطيب إن"): its words up to a conjunction or a mark.
    fn caseless_after(&self, toks: &[Tok], c: usize, hi: usize) -> Option<Who> {
        let mut end = c;
        while end < hi
            && toks[end].word
            && !AR_COMPLEMENTIZERS.contains(&toks[end].key.as_str())
            && end - c < MAX_RUN
        {
            end += 1;
        }
        if end == c {
            return None;
        }
        let text = self.s.get(toks[c].at.start..toks[end - 1].at.end)?;
        self.caseless_name(text)
    }

    /// The subject of a Korean sentence piece: the words up to the first
    /// one ending in a subject or topic particle; when that is a title
    /// ("장관은"), the nearest short word before it is the name.
    fn korean_subject(&self, range: Range<usize>) -> Option<Who> {
        let text = self.s.get(range)?;
        let words: Vec<&str> = text.split_whitespace().collect();
        let at = words
            .iter()
            .position(|w| w.chars().count() > 1 && w.ends_with(KO_PARTICLES))?;
        let head = words[at].trim_end_matches(KO_PARTICLES);
        if WORD_SETS.pronouns.contains(&unicode::fold(head)) {
            return Some(Who::Refer);
        }
        let subject = words[..at].join(" ") + " " + head;
        if let Some(Who::Named(Speaker::Known(id))) = self.caseless_name(&subject) {
            return Some(Who::Named(Speaker::Known(id)));
        }
        let name = if CASELESS_TITLES.contains(&head) {
            words[..at]
                .iter()
                .rev()
                .find(|w| w.chars().count() <= KO_NAME_MAX && !CASELESS_TITLES.contains(w))
                .copied()?
        } else {
            head
        };
        Some(Who::Named(Speaker::New(name.to_owned())))
    }

    /// The speaker of a cue found in a lead or a sentence of context
    /// (`toks[lo..hi]`, the quotation, if any, after it): after a
    /// preposition, the subject of a verb (after it first where verbs
    /// invert), the subject before a Japanese one.
    fn lead_speaker(&self, toks: &[Tok], lo: usize, hi: usize, cue: &CueAt) -> Option<Who> {
        let before = toks[lo].at.start..toks[cue.from].at.start;
        match (cue.phrase.lang, cue.phrase.role) {
            ("ja", _) => self.japanese_subject(before),
            ("ko", _) => self.korean_subject(before),
            ("zh" | "he", Role::Verb) => self
                .caseless_before(before)
                .or_else(|| self.caseless_after(toks, cue.to, hi)),
            ("ar", Role::Verb) => self
                .caseless_after(toks, cue.to, hi)
                .or_else(|| self.caseless_before(before)),
            (_, Role::Prep) => self.subject_after(toks, cue.to, hi, 2),
            (_, Role::AfterOnly) => None,
            (lang, _) if INVERTING.contains(&lang) => self
                .subject_after(toks, cue.to, hi, 0)
                .or_else(|| self.subject_before(toks, lo, cue.from)),
            _ => self
                .subject_before(toks, lo, cue.from)
                .or_else(|| self.subject_after(toks, cue.to, hi, 0)),
        }
    }

    /// The attribution after a closing mark, in the sentence `range`.
    fn tail(&self, range: Range<usize>) -> Option<Found> {
        let toks = tokens(self.s, range.clone());
        let cues = self.cues(&toks, 0, toks.len());
        let cue = cues.into_iter().next()?;
        let gap = toks[..cue.from].iter().filter(|t| t.word).count();
        // Japanese and Korean verbs follow the quotation; the subject is
        // in the lead (岸田首相は「…」と述べた, 장관은 “…”고 말했다).
        let japanese = matches!(cue.phrase.lang, "ja" | "ko");
        if gap > MAX_TAIL_GAP && !japanese {
            return None;
        }
        let cue_bytes = self.cue_range(&toks, &cue, toks.len());
        let who = if cue.phrase.lang == "ko" {
            Who::Refer
        } else if japanese {
            self.japanese_subject(range.start..cue_bytes.start)
                .unwrap_or(Who::Refer)
        } else if cue.phrase.role == Role::Prep {
            self.subject_after(&toks, cue.to, toks.len(), 2)?
        } else if gap == 0 {
            self.subject_after(&toks, cue.to, toks.len(), 4)
                .unwrap_or(Who::Refer)
        } else {
            self.subject_before(&toks, 0, cue.from)?
        };
        Some(Found {
            who,
            cue: Some(cue_bytes),
            strength: 0.9,
            lang: cue.phrase.lang,
        })
    }

    /// The attribution before an opening mark, in the lead `range` (from
    /// its sentence's start).
    fn lead(&self, range: Range<usize>) -> Option<Found> {
        let toks = tokens(self.s, range);
        if toks.is_empty() {
            return None;
        }
        let hi = toks.len();
        let cues = self.cues(&toks, 0, hi);
        if let Some(cue) = cues.last().filter(|c| c.phrase.role != Role::AfterOnly) {
            let words_after = toks[cue.to..].iter().filter(|t| t.word).count();
            let cue_bytes = self.cue_range(&toks, cue, hi);
            let who = self.lead_speaker(&toks, 0, hi, cue).unwrap_or(Who::Refer);
            let strength = if words_after > MAX_SKIP { 0.75 } else { 0.85 };
            return Some(Found {
                who,
                cue: Some(cue_bytes),
                strength,
                lang: cue.phrase.lang,
            });
        }
        // "Bolton: “…”", "Le Premier ministre Étienne Morel a défendu la
        // mesure : « … »": a colon ends a lead whose subject, a name among
        // its first words, is the speaker.
        let words = toks.iter().filter(|t| t.word).count();
        if !toks.last().is_some_and(|t| t.is(":")) || words > 15 {
            return None;
        }
        let colon = |who| Found {
            who,
            cue: None,
            strength: 0.75,
            lang: "",
        };
        let mut single = None;
        let mut seen = 0;
        let mut i = 0;
        while i < hi && seen < 6 {
            if !toks[i].word {
                i += 1;
                continue;
            }
            if !toks[i].name {
                seen += 1;
                i += 1;
                continue;
            }
            let j = self.run_end(&toks, i, hi);
            // A full name before a one-word one: "El alcalde de Avilés,
            // Jorge Prieto, fue más lejos:".
            if let Some(who @ Who::Named(_)) = self.resolve(&toks, i, j, j) {
                let full = j > i || matches!(who, Who::Named(Speaker::Known(_)));
                if full {
                    return Some(colon(who));
                }
                single.get_or_insert(who);
            }
            seen += j + 1 - i;
            i = j + 1;
        }
        single.map(colon)
    }

    /// A new speaker named by one word ("Alvarez told …") as the full name
    /// the article gave before: an earlier speaker's, or a name in the
    /// sentences just before (`range`) that ends in that word.
    fn full_name(&self, sp: Speaker, range: Range<usize>, earlier: &[Candidate]) -> Speaker {
        let Speaker::New(name) = &sp else {
            return sp;
        };
        let key = unicode::name_key(name);
        if key.is_empty() || key.contains(' ') {
            return sp;
        }
        let ends_so = |full: &str| {
            let k = unicode::name_key(full);
            k.len() > key.len() && k.ends_with(&format!(" {key}"))
        };
        for c in earlier.iter().rev() {
            if let Some(Speaker::New(full)) = &c.speaker
                && ends_so(full)
            {
                return Speaker::New(full.clone());
            }
        }
        let toks = tokens(self.s, range);
        let mut i = 0;
        while i < toks.len() {
            if toks[i].name {
                let j = self.run_end(&toks, i, toks.len());
                if let Some(Who::Named(Speaker::New(full))) = self.new_name(&toks, i, j)
                    && ends_so(&full)
                {
                    return Speaker::New(full);
                }
                i = j + 1;
            } else {
                i += 1;
            }
        }
        sp
    }

    /// The person the sentences in `range` (before a quotation) are about,
    /// nearest first: a speaker they attribute something to, else the first
    /// name of a sentence that does not start with a pronoun.
    fn context_speaker(&self, range: Range<usize>) -> Option<Speaker> {
        let starts = sentence_starts(self.s, range.clone());
        let mut end = range.end;
        for &start in starts.iter().rev().take(3) {
            let toks = tokens(self.s, start..end);
            end = start;
            if toks.is_empty() {
                continue;
            }
            let hi = toks.len();
            for cue in self.cues(&toks, 0, hi).iter().rev() {
                if let Some(Who::Named(sp)) = self.lead_speaker(&toks, 0, hi, cue) {
                    return Some(sp);
                }
            }
            let first_word = toks.iter().find(|t| t.word);
            if first_word.is_some_and(|t| WORD_SETS.pronouns.contains(&t.key)) {
                continue;
            }
            if first_word.is_some_and(|t| {
                t.word && !unicode::has_case(t.key.chars().next().unwrap_or(' ')) && t.name
            }) {
                // Caseless script: the subject is marked by a particle.
                if let Some(Who::Named(sp)) =
                    self.japanese_subject(toks[0].at.start..toks[hi - 1].at.end)
                {
                    return Some(sp);
                }
                continue;
            }
            let mut i = 0;
            while i < hi {
                if toks[i].name {
                    let j = self.run_end(&toks, i, hi);
                    if let Some(Who::Named(sp)) = self.resolve(&toks, i, j, j) {
                        let person = match &sp {
                            Speaker::Known(id) => self
                                .registry
                                .entities
                                .get(id)
                                .is_some_and(|e| e.kind == EntityKind::Person),
                            Speaker::New(name) => unicode::words(name).count() >= 2,
                        };
                        if person {
                            return Some(sp);
                        }
                    }
                    i = j + 1;
                } else {
                    i += 1;
                }
            }
        }
        None
    }
}

/// A quotation with its marks, in bytes.
#[derive(Clone, Debug)]
struct Passage {
    /// The text inside the marks, as [`unicode::quoted_regions`] gives it.
    inner: Range<usize>,
    /// Start of the opening mark.
    open: usize,
    /// End of the closing mark (`inner.end` when unclosed).
    close: usize,
}

impl Passage {
    fn new(s: &str, inner: Range<usize>) -> Self {
        let before = &s[..inner.start];
        let trimmed = before.trim_end();
        let open = match trimmed.chars().next_back() {
            Some(c) if unicode::quote_mark(c).is_some() => trimmed.len() - c.len_utf8(),
            _ => inner.start,
        };
        let after = &s[inner.end..];
        let lead = after.len() - after.trim_start().len();
        let close = match after.trim_start().chars().next() {
            Some(c) if unicode::quote_mark(c).is_some() => inner.end + lead + c.len_utf8(),
            _ => inner.end,
        };
        Passage { inner, open, close }
    }
}

/// The span a passage is suggested with, and its mode: without a trailing
/// comma or the like, and without a full stop when it is part of the
/// reporter's sentence (Partial: it starts in lower case, as the seeds'
/// quotes do).
fn span_and_mode(s: &str, inner: Range<usize>) -> Option<(Range<usize>, QuoteMode)> {
    let text = s.get(inner.clone())?;
    let first = text.chars().find(|c| c.is_alphanumeric())?;
    let words = unicode::words(text).count();
    let mode = if unicode::has_case(first) {
        if first.is_lowercase() {
            QuoteMode::Partial
        } else {
            QuoteMode::Direct
        }
    } else if first.is_numeric() || words >= 6 {
        // Caseless script: a clause is longer than a few words.
        QuoteMode::Direct
    } else {
        QuoteMode::Partial
    };
    let mut end = inner.end;
    while let Some(c) = s[inner.start..end].chars().next_back() {
        let punct = c.general_category_group() == GeneralCategoryGroup::Punctuation
            && unicode::quote_mark(c).is_none();
        let drop = punct && (mode == QuoteMode::Partial || !ends_sentence(c));
        if !drop && !c.is_whitespace() {
            break;
        }
        end -= c.len_utf8();
    }
    (end > inner.start).then_some((inner.start..end, mode))
}

/// A name in quotation marks: up to three words, each capitalised, no
/// sentence end (a one-word exclamation “Never!” ends one).
fn quoted_name(s: &str) -> bool {
    let words: Vec<&str> = unicode::words(s).map(|(_, w)| w).collect();
    (1..=3).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().next().is_some_and(unicode::has_case) && unicode::starts_like_a_name(w)
        })
        && !s.chars().any(|c| {
            c.general_category_group() == GeneralCategoryGroup::Punctuation && ends_sentence(c)
        })
}

/// Looks like the title of a work ("Russia Courting North Korea Shows
/// Contempt"): several words, nearly all capitalised, no sentence end.
fn looks_like_title(s: &str) -> bool {
    let words: Vec<&str> = unicode::words(s).map(|(_, w)| w).collect();
    if words.len() < 2
        || s.chars().any(|c| {
            c.general_category_group() == GeneralCategoryGroup::Punctuation && ends_sentence(c)
        })
    {
        return false;
    }
    let cased: Vec<&&str> = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(unicode::has_case))
        .collect();
    !cased.is_empty()
        && cased
            .iter()
            .filter(|w| unicode::starts_like_a_name(w))
            .count()
            * 4
            >= cased.len() * 3
}

/// What one quotation came to, before the continuation pass.
struct Candidate {
    passage: Passage,
    span: Range<usize>,
    mode: QuoteMode,
    found: Option<Found>,
    speaker: Option<Speaker>,
    /// The quotation's sentence began before the previous one closed.
    same_sentence: bool,
    /// The quotation's sentence follows the previous one's directly.
    adjacent: bool,
}

/// Quote suggestions for one article (before dedup/rejection filtering, which mod.rs does).
pub fn quotes(set: &AnnotationSet, article: &Article) -> Vec<Suggestion> {
    let s = article.text.as_str();
    let finder = Finder {
        s,
        registry: Registry::new(set.entities()),
    };
    // Outermost quotations only: one inside another is the speaker quoting.
    let mut passages: Vec<Passage> = Vec::new();
    for r in article.quotations() {
        if passages.last().is_some_and(|p| r.start < p.inner.end) {
            continue;
        }
        // A name in quotation marks («Укренерго», “Upper Lars”) is no
        // speech, and must not cut the lead of the quotation after it.
        if r.start < r.end && s.get(r.clone()).is_some_and(|q| !quoted_name(q)) {
            passages.push(Passage::new(s, r.clone()));
        }
    }
    let mut candidates: Vec<Candidate> = Vec::with_capacity(passages.len());
    for (n, p) in passages.iter().enumerate() {
        let prev = n.checked_sub(1).map(|k| &passages[k]);
        let next_open = passages.get(n + 1).map_or(s.len(), |q| q.open);
        let Some((span, mode)) = span_and_mode(s, p.inner.clone()) else {
            continue;
        };
        // The lead: the sentence around the opening mark, up to it; the
        // splitter sees the end of the previous quotation too, so it can
        // tell whether this one's sentence began inside it.
        let floor_at = prev.map_or(0, |q| q.inner.end.saturating_sub(EDGE).max(q.inner.start));
        let a = floor(s, p.open.saturating_sub(BEFORE).max(floor_at));
        let b = floor(s, (p.inner.start + EDGE).min(p.inner.end));
        let starts = sentence_starts(s, a..b);
        let lead_start = starts
            .iter()
            .rev()
            .find(|&&st| st <= p.open)
            .copied()
            .unwrap_or(a);
        let prev_close = prev.map_or(0, |q| q.close);
        let same_sentence = prev.is_some() && lead_start < prev_close;
        let adjacent = prev.is_some()
            && !same_sentence
            && !starts.iter().any(|&st| st > prev_close && st < lead_start);
        let lead_range = lead_start.max(prev_close)..p.open;
        let titled = s
            .get(lead_range.clone())
            .and_then(|l| unicode::words(l).last())
            .is_some_and(|(_, w)| TITLING.contains(&unicode::fold(w).as_str()));
        if titled {
            // "the report, titled “Fragile Peace”, said": a work's title.
            continue;
        }
        // The tail: from the closing mark to its sentence's end.
        let tail = if p.close > p.inner.end {
            let ta = ceil(s, p.inner.end.saturating_sub(EDGE).max(p.inner.start));
            let tb = ceil(s, (p.close + AFTER).min(next_open.max(p.close)));
            let tail_starts = sentence_starts(s, ta..tb);
            let end = tail_starts
                .iter()
                .find(|&&st| st >= p.close)
                .copied()
                .unwrap_or(tb);
            finder.tail(p.close..end)
        } else {
            None
        };
        let lead = finder.lead(lead_range.clone());
        let found = match (tail, lead) {
            (Some(t), Some(l)) if matches!(t.who, Who::Refer) && matches!(l.who, Who::Named(_)) => {
                Some(l)
            }
            (Some(t), _) => Some(t),
            (None, l) => l,
        };
        let context =
            floor(s, p.open.saturating_sub(BEFORE)).max(prev_close)..lead_start.max(prev_close);
        let (found, speaker) = match found {
            Some(f) => match &f.who {
                Who::Named(sp) => {
                    let sp = finder.full_name(sp.clone(), context.clone(), &candidates);
                    (Some(f), Some(sp))
                }
                Who::Refer => {
                    // 岸田首相は会見で「…」と述べた: the subject is in the lead.
                    let topic = || {
                        let who = match f.lang {
                            "ja" => finder.japanese_subject(lead_range.clone()),
                            "ko" => finder.korean_subject(lead_range.clone()),
                            _ => None,
                        };
                        match who {
                            Some(Who::Named(sp)) => Some(sp),
                            _ => None,
                        }
                    };
                    let sp = topic()
                        .or_else(|| finder.context_speaker(context.clone()))
                        .or_else(|| {
                            // The previous quotation's speaker, if it is near.
                            candidates
                                .last()
                                .filter(|c| c.passage.close + BEFORE >= p.open)
                                .and_then(|c| c.speaker.clone())
                        });
                    let strength = f.strength - 0.2;
                    (Some(Found { strength, ..f }), sp)
                }
            },
            None => (None, None),
        };
        candidates.push(Candidate {
            passage: p.clone(),
            span,
            mode,
            found,
            speaker,
            same_sentence,
            adjacent,
        });
    }
    // Continuations: an unattributed quotation in the sentence of an
    // attributed one, or in the paragraph right after it (or right before
    // it), is the same speaker's. A quotation split by its attribution
    // (“We will not yield,” he said. “Not now.”) stays two suggestions
    // with one speaker: the shipped set annotates each quoted passage on
    // its own, and the span then matches the marks the editor sees.
    for n in 0..candidates.len() {
        if candidates[n].speaker.is_some() {
            continue;
        }
        // Across sentences only a clause continues a quotation; a scare
        // word in the next sentence is the reporter's.
        let clause = candidates[n].mode == QuoteMode::Direct
            && s.get(candidates[n].span.clone())
                .is_some_and(|t| unicode::words(t).count() >= 4);
        let from_prev = n
            .checked_sub(1)
            .filter(|_| candidates[n].same_sentence || (clause && candidates[n].adjacent))
            .and_then(|k| {
                let c = &candidates[k];
                let cue = if candidates[n].same_sentence {
                    c.found.as_ref().and_then(|f| f.cue.clone())
                } else {
                    None
                };
                let strength = if candidates[n].same_sentence {
                    0.7
                } else {
                    0.6
                };
                c.speaker.clone().map(|sp| (sp, cue, strength))
            });
        let from_next = || {
            let next = candidates.get(n + 1)?;
            if !(next.same_sentence || (clause && next.adjacent)) {
                return None;
            }
            let f = next.found.as_ref()?;
            next.speaker
                .clone()
                .map(|sp| (sp, None, f.strength.min(0.55)))
        };
        if let Some((sp, cue, strength)) = from_prev.or_else(from_next) {
            let c = &mut candidates[n];
            c.speaker = Some(sp.clone());
            c.found = Some(Found {
                who: Who::Named(sp),
                cue,
                strength,
                lang: "",
            });
        }
    }
    candidates
        .into_iter()
        .filter_map(|c| suggestion(article, s, c))
        .collect()
}

/// The suggestion for a candidate, if it looks like speech: attributed, or
/// a clause of its own (not a title, not a scare word).
fn suggestion(article: &Article, s: &str, c: Candidate) -> Option<Suggestion> {
    let text = s.get(c.span.clone())?;
    let words = unicode::words(text).count();
    let strength = match (&c.found, &c.speaker) {
        (Some(f), Some(_)) => f.strength,
        (Some(f), None) => f.strength - 0.3,
        (None, _) => {
            if c.mode != QuoteMode::Direct || words < 4 || looks_like_title(text) {
                return None;
            }
            0.35
        }
    };
    if c.found.is_some() && c.speaker.is_none() && (words < 2 || looks_like_title(text)) {
        return None;
    }
    let score = match c.mode {
        QuoteMode::Direct => strength,
        _ => strength * 0.9,
    }
    .clamp(0.0, 1.0);
    let chars = |r: Range<usize>| -> Option<Range<usize>> {
        Some(article.text.byte_to_char(r.start)?..article.text.byte_to_char(r.end)?)
    };
    let cue = c.found.and_then(|f| f.cue).and_then(chars);
    Some(Suggestion {
        article: article.id.clone(),
        span: chars(c.span)?,
        text: text.to_owned(),
        score,
        proposal: Proposal::Quote {
            speaker: c.speaker,
            cue,
            mode: c.mode,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::{Edit, apply};
    use crate::core::model::ArticleId;
    use proptest::prelude::*;

    fn set() -> AnnotationSet {
        let mut set = AnnotationSet::default();
        let people: [(&str, &str, EntityKind, &[&str]); 4] = [
            ("bolton", "John Bolton", EntityKind::Person, &[]),
            (
                "kim",
                "Kim Jong Un",
                EntityKind::Person,
                &["Kim", "the North Korean leader"],
            ),
            ("peskov", "Dmitry Peskov", EntityKind::Person, &[]),
            ("wire", "The Daily Wire", EntityKind::Outlet, &[]),
        ];
        for (id, name, kind, aliases) in people {
            let e = Entity {
                id: EntityId::new(id),
                name: name.into(),
                kind,
                aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            };
            apply(&mut set, Edit::PutEntity(e)).expect("a fresh entity");
        }
        set
    }

    fn run(text: &str) -> Vec<Suggestion> {
        let article = Article::from_text(ArticleId::new("a"), "a.txt".into(), text.to_owned());
        quotes(&set(), &article)
    }

    /// The one suggestion's text, speaker (entity id or new name) and cue.
    fn one(text: &str) -> (String, String, Option<String>) {
        let got = run(text);
        assert_eq!(got.len(), 1, "{got:?}");
        let s = &got[0];
        let Proposal::Quote { speaker, cue, .. } = &s.proposal else {
            panic!("not a quote: {s:?}");
        };
        let who = match speaker {
            Some(Speaker::Known(id)) => id.as_str().to_owned(),
            Some(Speaker::New(name)) => format!("new {name}"),
            None => "none".into(),
        };
        let chars: Vec<char> = text.chars().collect();
        let cue = cue.clone().map(|r| chars[r].iter().collect());
        (s.text.clone(), who, cue)
    }

    #[test]
    fn after_the_quote() {
        let (text, who, cue) = one("“We will not back down,” Kim said on Tuesday.");
        assert_eq!(
            (text.as_str(), who.as_str(), cue.as_deref()),
            ("We will not back down", "kim", Some("said"))
        );
        let (_, who, cue) =
            one("“The talks went well,” Kremlin spokesman Dmitry Peskov told reporters.");
        assert_eq!(
            (who.as_str(), cue.as_deref()),
            ("peskov", Some("told reporters"))
        );
        let (_, who, _) = one("\"We are ready to talk,\" said the North Korean leader.");
        assert_eq!(who, "kim");
    }

    #[test]
    fn before_the_quote() {
        let (_, who, cue) =
            one("According to Bolton, the meeting mattered: \"This is a big step for them.\"");
        assert_eq!(
            (who.as_str(), cue.as_deref()),
            ("bolton", Some("According to"))
        );
        let (text, who, _) =
            one("Maria Lopez, who chairs the committee, said the plan was “dead on arrival.”");
        assert_eq!(
            (text.as_str(), who.as_str()),
            ("dead on arrival", "new Maria Lopez")
        );
        let (_, who, cue) = one("Foreign Minister Sarah Quinn: “We expect answers by Friday.”");
        assert_eq!((who.as_str(), cue), ("new Sarah Quinn", None));
    }

    #[test]
    fn pronouns_name_the_person_before() {
        let text = "John Bolton spoke after the summit. “It was a show for the cameras,” he said.";
        assert_eq!(one(text).1, "bolton");
        let text = "Elena Marsh, the union's negotiator, left the room. \
                    “We have nothing more to discuss today,” she told reporters.";
        assert_eq!(one(text).1, "new Elena Marsh");
    }

    #[test]
    fn people_are_preferred_over_the_outlet() {
        let (_, who, _) =
            one("“The summit was a failure,” The Daily Wire quoted Bolton as saying.");
        assert_eq!(who, "bolton");
    }

    #[test]
    fn scare_quotes_and_titles_are_not_suggested() {
        assert!(run("The plan was a “success” by some measures.").is_empty());
        assert!(run("She reviewed “The Lord Of The Rings” for the paper.").is_empty());
        // Nested: only the outer quotation.
        let got = run("“They called it a ‘just fight’ again,” Kim said.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].text, "They called it a ‘just fight’ again");
    }

    #[test]
    fn direct_keeps_its_full_stop_partial_does_not() {
        let got = run("Bolton said: \"It is over.\" Later he said it was \"not yet final.\"");
        let texts: Vec<(&str, QuoteMode)> = got
            .iter()
            .map(|s| match s.proposal {
                Proposal::Quote { mode, .. } => (s.text.as_str(), mode),
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("It is over.", QuoteMode::Direct),
                ("not yet final", QuoteMode::Partial)
            ]
        );
    }

    #[test]
    fn offsets_are_chars() {
        let text = "Ünïcödé first. „Wir bleiben hier“, sagte Kim.";
        let got = run(text);
        assert_eq!(got.len(), 1);
        let chars: Vec<char> = text.chars().collect();
        let s: String = chars[got[0].span.clone()].iter().collect();
        assert_eq!(s, "Wir bleiben hier");
        assert_eq!(
            got[0].proposal,
            Proposal::Quote {
                speaker: Some(Speaker::Known(EntityId::new("kim"))),
                cue: Some(35..40),
                mode: QuoteMode::Direct,
            }
        );
    }

    #[test]
    fn odd_texts_do_not_panic() {
        for text in [
            "",
            "\"",
            "“",
            "”said",
            "«»",
            "„unbalanced\n\nsagte er",
            "\"a\" \"b\" \"c\" said",
            "הוא אמר: \"אנחנו נמשיך\" ואז הלך.",
            "قال إن \"المحادثات مستمرة\" اليوم.",
            "「」と述べた。",
            "は「は」は",
            "x\u{301}“e\u{301}”, said \u{200D}.",
            "\n\n\n“\n“\n",
        ] {
            let _ = run(text);
        }
    }

    #[test]
    fn long_articles_with_many_quotes() {
        let paragraph = "Officials met again. “We will keep talking until there is a deal,” \
                         Dmitry Peskov said. He added that the talks were “constructive.”\n\n";
        let text = paragraph.repeat(5000);
        let got = run(&text);
        assert_eq!(got.len(), 10_000);
        assert!(got.iter().all(|s| matches!(
            &s.proposal,
            Proposal::Quote { speaker: Some(Speaker::Known(id)), .. } if id.as_str() == "peskov"
        )));
    }

    proptest! {
        #[test]
        fn never_panics(text in "[a-zA-Z .,:\n\"'“”‘’„«»「」『』はと述べた Kim said]{0,120}") {
            let got = run(&text);
            let chars = text.chars().count();
            for s in got {
                prop_assert!(s.span.start < s.span.end && s.span.end <= chars);
                prop_assert!((0.0..=1.0).contains(&s.score));
            }
        }
    }
}
