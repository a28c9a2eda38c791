//! Sentences that state something checkable.
//!
//! A sentence is proposed as a claim when it gives something a fact-checker
//! could look up: a figure or a date (the validator's own value reader,
//! [`values::extract`], so "two missiles", "3人" and "Sept. 13" count
//! alike), a named actor (an entity of the set, or a capitalised name
//! inside the sentence), and a verb of action or measurement. How many of
//! these it has decides its check-worthiness. Questions, opinions ("should",
//! "must"), fragments and sentences that are mostly quotation (those are
//! quotes) are left out.

use super::{Proposal, Suggestion};
use crate::core::article::Article;
use crate::core::model::{AnnotationSet, CheckWorthiness};
use crate::core::text::unicode;
use crate::core::validate::values::{self, Context};

/// Fewer words than this is a fragment, a dateline or a caption credit.
const MIN_WORDS: usize = 6;
/// More than this is a paragraph the segmenter could not split.
const MAX_WORDS: usize = 90;
/// A sentence more quoted than this is a quote, not a claim.
const MAX_QUOTED_SHARE: f64 = 0.5;

/// Claim suggestions for one article, in text order (before the
/// duplicate and rejection filtering of [`super::suggest`]).
pub fn claims(set: &AnnotationSet, article: &Article) -> Vec<Suggestion> {
    let text = article.text.as_str();
    let language = set
        .article(&article.id)
        .map_or("", |a| a.record.meta.language.as_str());
    let names = Names::of(set);
    let quotations = article.quotations();
    let mut out = Vec::new();
    for (at, sentence) in unicode::sentences(text) {
        let bytes = at..at + sentence.len();
        if quoted_share(quotations, &bytes) > MAX_QUOTED_SHARE {
            continue;
        }
        let Some((worthiness, score)) = judge(sentence, language, &names) else {
            continue;
        };
        let (Some(start), Some(end)) = (
            article.text.byte_to_char(bytes.start),
            article.text.byte_to_char(bytes.end),
        ) else {
            continue;
        };
        out.push(Suggestion {
            article: article.id.clone(),
            span: start..end,
            text: sentence.to_owned(),
            score,
            proposal: Proposal::Claim { worthiness },
        });
    }
    out
}

/// The share of `bytes` inside the quotations (byte ranges, nested ones
/// inside their outer one).
fn quoted_share(quotations: &[std::ops::Range<usize>], bytes: &std::ops::Range<usize>) -> f64 {
    let mut covered = 0;
    let mut reached = bytes.start;
    for q in quotations {
        let (from, to) = (q.start.max(reached), q.end.min(bytes.end));
        if from < to {
            covered += to - from;
            reached = to;
        }
    }
    covered as f64 / bytes.len().max(1) as f64
}

/// What the sentence gives, and how sure the guess is; `None` when it is
/// no checkable statement.
fn judge(sentence: &str, language: &str, names: &Names) -> Option<(CheckWorthiness, f32)> {
    let folded = unicode::fold(sentence);
    let words: Vec<&str> = unicode::words(&folded).map(|(_, w)| w).collect();
    if words.len() < MIN_WORDS || words.len() > MAX_WORDS || is_question(sentence) {
        return None;
    }
    if words.iter().any(|w| OPINION.contains(w)) || has_phrase(&words, OPINION_PHRASES) {
        return None;
    }
    let figures = !values::extract(
        sentence,
        &Context {
            language,
            place: None,
        },
    )
    .is_empty()
        || sentence.chars().any(|c| c.is_numeric());
    let named = names.named_in(&folded) || capitalised_inside(sentence);
    let acts = words
        .iter()
        .any(|w| ACTION_WORDS.iter().any(|v| is_form_of(w, v)))
        || ACTION_CJK.iter().any(|v| sentence.contains(v));
    let worthiness = match (figures, named, acts) {
        (true, true, true) | (true, _, true) | (_, true, true) => CheckWorthiness::CheckWorthy,
        (true, true, false) => CheckWorthiness::UnimportantFactual,
        _ => return None,
    };
    let signals = [figures, named, acts].iter().filter(|s| **s).count();
    Some((worthiness, 0.35 + 0.2 * signals as f32))
}

/// True when `word` is `stem` or one of its forms: any longer word for a
/// stem of five or more letters ("launch" → "launched"), only the usual
/// endings for a shorter one ("sign" → "signed", not "significant").
fn is_form_of(word: &str, stem: &str) -> bool {
    let Some(rest) = word.strip_prefix(stem) else {
        return false;
    };
    rest.is_empty() || stem.chars().count() >= 5 || SHORT_STEM_ENDINGS.contains(&rest)
}

const SHORT_STEM_ENDINGS: &[&str] = &["s", "ed", "es", "ing", "ned", "ning", "t", "en", "e"];

fn is_question(sentence: &str) -> bool {
    let end = sentence.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '?' && c != '？');
    end.ends_with('?') || end.ends_with('？')
}

fn has_phrase(words: &[&str], phrases: &[&[&str]]) -> bool {
    phrases
        .iter()
        .any(|p| words.windows(p.len()).any(|w| w == *p))
}

/// A word after the first that starts like a name in a cased script
/// ("… met Kim in Vladivostok"): the first word is capitalised anyway, and
/// in caseless scripts a capital tells nothing.
fn capitalised_inside(sentence: &str) -> bool {
    unicode::words(sentence).skip(1).any(|(_, w)| {
        w.chars().next().is_some_and(unicode::has_case)
            && unicode::starts_like_a_name(w)
            && !w.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
    })
}

/// The set's entity names, folded, to find named actors in any script.
struct Names(Vec<String>);

impl Names {
    fn of(set: &AnnotationSet) -> Self {
        let mut names: Vec<String> = set
            .entities()
            .values()
            .flat_map(|e| e.names())
            .map(unicode::fold)
            .filter(|n| n.chars().count() >= 2)
            .collect();
        names.sort();
        names.dedup();
        Names(names)
    }

    /// True when a name occurs in the folded sentence as whole words.
    fn named_in(&self, folded: &str) -> bool {
        let padded = format!(" {folded} ");
        self.0.iter().any(|n| {
            // Caseless scripts are not spaced into words: a substring will do.
            let spaced = n.chars().any(unicode::has_case);
            if spaced {
                padded.contains(&format!(" {n} "))
            } else {
                folded.contains(n.as_str())
            }
        })
    }
}

/// Words that make a sentence an opinion or a demand, folded.
const OPINION: &[&str] = &[
    // English
    "should",
    "must",
    "ought",
    "shouldnt",
    "mustnt",
    "unacceptable",
    "hopefully",
    // German
    "sollte",
    "sollten",
    "müssen",
    "muss",
    "müsste",
    "hoffentlich",
    "inakzeptabel",
    // French
    "devrait",
    "devraient",
    "doit",
    "doivent",
    "inacceptable",
    // Spanish
    "debería",
    "deberían",
    "debe",
    "deben",
    "inaceptable",
    // Russian
    "должен",
    "должна",
    "должны",
    "следует",
    "недопустимо",
];

const OPINION_PHRASES: &[&[&str]] = &[
    &["i", "think"],
    &["we", "believe"],
    &["i", "believe"],
    &["in", "our", "view"],
    &["it", "is", "time"],
    &["ich", "glaube"],
    &["wir", "meinen"],
    &["je", "pense"],
];

/// Starts of verbs of action and measurement, folded: a prefix takes the
/// verb's forms ("launch" takes "launched", "launches").
const ACTION_WORDS: &[&str] = &[
    // English: action
    "met",
    "meet",
    "launch",
    "fired",
    "killed",
    "kill",
    "attack",
    "sign",
    "agree",
    "visit",
    "travel",
    "arriv",
    "left",
    "held",
    "hold",
    "gave",
    "give",
    "receiv",
    "accept",
    "reject",
    "announc",
    "approv",
    "vote",
    "elect",
    "won",
    "lost",
    "built",
    "build",
    "sent",
    "send",
    "deploy",
    "invad",
    "captur",
    "arrest",
    "charg",
    "sentenc",
    "ban",
    "impos",
    "pass",
    "adopt",
    "fail",
    "test",
    "destroy",
    "injur",
    "wound",
    "evacuat",
    "declar",
    "order",
    "pledg",
    "promis",
    "discuss",
    "includ",
    "took",
    "chose",
    "bought",
    "sold",
    "paid",
    "violat",
    "occur",
    "happen",
    "began",
    "start",
    "ended",
    "end",
    "opened",
    "closed",
    "flank",
    "attend",
    "recogni",
    "establish",
    "supplied",
    "provid",
    "shipped",
    "taken",
    "treat",
    "brought",
    "rescu",
    "died",
    "dead",
    "burn",
    "damag",
    "resum",
    "suspend",
    // English: measurement
    "rose",
    "risen",
    "fell",
    "fallen",
    "increas",
    "decreas",
    "declin",
    "grew",
    "grown",
    "doubl",
    "tripl",
    "lasted",
    "last",
    "total",
    "reach",
    "measur",
    "cost",
    "estimat",
    "amount",
    "percent",
    // German
    "traf",
    "trafen",
    "getroffen",
    "startet",
    "gestartet",
    "feuert",
    "getötet",
    "tötet",
    "unterzeichn",
    "besucht",
    "reist",
    "empfang",
    "beschloss",
    "beschlossen",
    "stieg",
    "gestiegen",
    "sank",
    "gesunken",
    "dauert",
    "kostet",
    "erreicht",
    "abgefeuert",
    "verletzt",
    "verurteilt",
    "gewählt",
    "übergab",
    "schenkt",
    "fand",
    "stattgefunden",
    "brannt",
    "kamen",
    "geschätzt",
    "zerstört",
    "ausgelöst",
    // French
    "rencontr",
    "lancé",
    "tiré",
    "tué",
    "sign",
    "visité",
    "arrivé",
    "reçu",
    "augment",
    "baiss",
    "duré",
    "coûté",
    "atteint",
    // Spanish
    "reunió",
    "lanzó",
    "disparó",
    "mató",
    "firmó",
    "visitó",
    "llegó",
    "recibió",
    "aument",
    "cayó",
    "duró",
    "costó",
    "alcanzó",
    // Russian
    "встрет",
    "встреч",
    "запуст",
    "убил",
    "убит",
    "подпис",
    "посет",
    "прибыл",
    "получ",
    "вырос",
    "снизил",
    "длил",
    "стоил",
    "достиг",
];

/// Verbs of action and measurement in scripts written without spaces
/// (Japanese, Chinese, Korean), found anywhere in the sentence.
const ACTION_CJK: &[&str] = &[
    // Japanese
    "会談", "発射", "訪問", "署名", "死亡", "増加", "減少", "到着", "開催", "合意", "した",
    // Chinese
    "会晤", "发射", "访问", "签署", "增加", "减少", "抵达", "举行", "达成", // Korean
    "회담", "발사", "방문", "서명", "증가", "감소", "도착", "개최", "했다",
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::ArticleId;

    fn article(text: &str) -> Article {
        Article::from_text(ArticleId::new("t"), "t.txt".into(), text.to_owned())
    }

    fn proposed(text: &str) -> Vec<(String, CheckWorthiness)> {
        claims(&AnnotationSet::default(), &article(text))
            .into_iter()
            .map(|s| match s.proposal {
                Proposal::Claim { worthiness } => (s.text, worthiness),
                _ => unreachable!("claims propose claims"),
            })
            .collect()
    }

    #[test]
    fn figures_names_and_actions_make_a_check_worthy_claim() {
        let text = "The harbour authority said on Monday that 14 ships were turned away. \
                    Officials should do more to help the fishermen. \
                    Was the storm warning ignored? \
                    Mayor Ana Ortega visited the flooded quay in Porto Velho on 3 March.";
        let got = proposed(text);
        assert_eq!(
            got,
            vec![
                (
                    "The harbour authority said on Monday that 14 ships were turned away."
                        .to_owned(),
                    CheckWorthiness::UnimportantFactual
                ),
                (
                    "Mayor Ana Ortega visited the flooded quay in Porto Velho on 3 March."
                        .to_owned(),
                    CheckWorthiness::CheckWorthy
                ),
            ]
        );
    }

    #[test]
    fn spans_are_chars_and_cover_the_sentence_with_its_stop() {
        let text =
            "Überblick: Die Feuerwehr löschte 3 Brände.\n東京で会談が開催され、3人が出席した。";
        let a = article(text);
        let got = claims(&AnnotationSet::default(), &a);
        let cjk = got
            .iter()
            .find(|s| s.text.starts_with('東'))
            .expect("the Japanese sentence with a counted figure is a claim");
        assert_eq!(a.text.slice(cjk.span.clone()), Some(cjk.text.as_str()));
        assert_eq!(cjk.text, "東京で会談が開催され、3人が出席した。");
        assert!(
            cjk.span.start > 40,
            "char offsets, not bytes: {:?}",
            cjk.span
        );
    }

    #[test]
    fn quoted_sentences_are_quotes_not_claims() {
        let text = "“We fired 12 rockets at the depot on Friday,” Colonel Brandt said.\n\
                    Colonel Brandt fired 12 rockets at the depot on Friday.";
        let got = proposed(text);
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].0.starts_with("Colonel"));
    }
}
