//! Validator cases in the compact `case.ron` format: invented articles plus
//! the annotations on them, each found by its text, and what the validator
//! must find (`planted`) and must not (`controls`). See `tests/validate/`.
//!
//! The set is built through the public edit path, as the window builds it,
//! so a case exercises exactly what an editor's work would.

use concord::core::article::Corpus;
use concord::core::edit::{Edit, apply};
use concord::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, CheckWorthiness, Claim,
    Entity, EntityId, Kind, Modality, Proposition, PropositionId, Quote, QuoteMode, RuleLevel,
    SetInfo, Stance, Utterance, UtteranceId,
};
use concord::core::text::Text;
use concord::core::validate::Finding;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::Path;

/// One case: `case.ron` as written, plus the folder's name.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Case {
    #[serde(skip)]
    pub name: String,
    /// Metadata per article id; articles not listed have none.
    #[serde(default)]
    pub articles: BTreeMap<String, ArticleMeta>,
    #[serde(default)]
    pub entities: Vec<Entity>,
    #[serde(default)]
    pub propositions: Vec<Proposition>,
    #[serde(default)]
    pub utterances: Vec<Utterance>,
    /// Level overrides, as in `set.ron`.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleLevel>,
    #[serde(default)]
    pub annotations: Vec<CaseAnnotation>,
    #[serde(default)]
    pub planted: Vec<Planted>,
    #[serde(default)]
    pub controls: Vec<Control>,
}

/// An annotation located by its text instead of offsets.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseAnnotation {
    pub id: String,
    pub article: String,
    /// Must occur in the article; `nth` picks among repeats (from 0).
    pub text: String,
    #[serde(default)]
    pub nth: usize,
    pub kind: CaseKind,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum CaseKind {
    Claim {
        #[serde(default)]
        propositions: Vec<String>,
        #[serde(default)]
        modality: Modality,
        #[serde(default)]
        worthiness: CheckWorthiness,
        #[serde(default)]
        attributed_to: Option<String>,
    },
    Quote {
        speaker: String,
        #[serde(default)]
        mode: QuoteMode,
        #[serde(default)]
        utterance: Option<String>,
        /// Text found after the quote in its paragraph, else before it.
        #[serde(default)]
        cue: Option<String>,
        #[serde(default)]
        via: Option<String>,
        #[serde(default)]
        language: String,
        #[serde(default)]
        translated: bool,
    },
    Stance(Stance),
}

/// A conflict the validator must find: some finding of `rule` whose
/// locations include every listed annotation and article.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Planted {
    pub rule: String,
    #[serde(default)]
    pub annotations: Vec<String>,
    #[serde(default)]
    pub articles: Vec<String>,
    pub why: String,
}

/// Looks suspicious and is fine: no finding of `rules` may point at any of
/// these annotations or articles.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub rules: Vec<String>,
    #[serde(default)]
    pub annotations: Vec<String>,
    #[serde(default)]
    pub articles: Vec<String>,
    pub why: String,
}

/// Every annotation gets the same times, so a case builds the same set on
/// every run.
const CREATED: &str = "2024-01-01T00:00:00Z";

impl Case {
    /// Reads `dir/case.ron`; the error names the file and where it went wrong.
    pub fn load(dir: &Path) -> Result<Case, String> {
        let path = dir.join("case.ron");
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let options = ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .with_default_extension(ron::extensions::Extensions::UNWRAP_VARIANT_NEWTYPES);
        let mut case: Case = options
            .from_str(&text)
            .map_err(|e| format!("{}:{e}", path.display()))?;
        case.name = dir
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        Ok(case)
    }

    /// The set and articles of the case folder `dir` (articles in
    /// `dir/articles/`).
    pub fn build(&self, dir: &Path) -> Result<(AnnotationSet, Corpus), String> {
        let corpus =
            Corpus::load(&dir.join("articles")).map_err(|e| format!("{}: {e}", self.name))?;
        let mut set = AnnotationSet::new(SetInfo {
            name: self.name.clone(),
            rules: self.rules.clone(),
            ..SetInfo::default()
        });
        let mut edits: Vec<Edit> = Vec::new();
        edits.extend(self.entities.iter().cloned().map(Edit::PutEntity));
        edits.extend(self.propositions.iter().cloned().map(Edit::PutProposition));
        edits.extend(self.utterances.iter().cloned().map(Edit::PutUtterance));
        for (article, meta) in &self.articles {
            let id = ArticleId::new(article);
            if corpus.get(&id).is_none() {
                return Err(format!(
                    "{}: metadata for article {article}, which has no file",
                    self.name
                ));
            }
            edits.push(Edit::SetArticleMeta {
                article: id,
                meta: meta.clone(),
            });
        }
        // Annotations are recorded against the text as it is, as the window
        // does, so the integrity rules see a freshly annotated article.
        let annotated: BTreeSet<&str> = self
            .annotations
            .iter()
            .map(|a| a.article.as_str())
            .collect();
        for article in corpus.articles() {
            if annotated.contains(article.id.as_str())
                || self.articles.contains_key(article.id.as_str())
            {
                edits.push(Edit::SetFingerprint {
                    article: article.id.clone(),
                    fingerprint: article.fingerprint.clone(),
                });
            }
        }
        for a in &self.annotations {
            edits.push(Edit::AddAnnotation(Box::new(self.annotation(a, &corpus)?)));
        }
        for edit in edits {
            apply(&mut set, edit).map_err(|e| format!("{}: {e}", self.name))?;
        }
        Ok((set, corpus))
    }

    fn annotation(&self, a: &CaseAnnotation, corpus: &Corpus) -> Result<Annotation, String> {
        let context = || {
            format!(
                "{}: annotation {} in article {}",
                self.name, a.id, a.article
            )
        };
        let article = corpus
            .get(&ArticleId::new(&a.article))
            .ok_or_else(|| format!("{}: no such article", context()))?;
        let text = &article.text;
        let range = find(text, &a.text, a.nth).ok_or_else(|| match a.nth {
            0 => format!("{}: text not found: “{}”", context(), a.text),
            n => format!(
                "{}: occurrence {n} (from 0) of “{}” not found",
                context(),
                a.text
            ),
        })?;
        let span = text
            .span(range.clone())
            .map_err(|e| format!("{}: {e}", context()))?;
        let kind = match &a.kind {
            CaseKind::Claim {
                propositions,
                modality,
                worthiness,
                attributed_to,
            } => Kind::Claim(Claim {
                propositions: propositions.iter().map(PropositionId::new).collect(),
                worthiness: *worthiness,
                attributed_to: attributed_to.as_ref().map(EntityId::new),
                modality: *modality,
            }),
            CaseKind::Quote {
                speaker,
                mode,
                utterance,
                cue,
                via,
                language,
                translated,
            } => {
                let cue = match cue {
                    Some(cue) => {
                        let at = find_cue(text, range.clone(), cue).ok_or_else(|| {
                            format!("{}: cue “{cue}” not in the quote's paragraph", context())
                        })?;
                        Some(Box::new(
                            text.span(at).map_err(|e| format!("{}: {e}", context()))?,
                        ))
                    }
                    None => None,
                };
                Kind::Quote(Quote {
                    speaker: Some(EntityId::new(speaker)),
                    mode: *mode,
                    cue,
                    utterance: utterance.as_ref().map(UtteranceId::new),
                    via: via.as_ref().map(EntityId::new),
                    language: language.as_str().into(),
                    translated: *translated,
                })
            }
            CaseKind::Stance(s) => Kind::Stance(s.clone()),
        };
        let created = CREATED.parse().map_err(|e| format!("{}: {e}", context()))?;
        Ok(Annotation {
            id: AnnotationId::new(&a.id),
            article: article.id.clone(),
            span,
            author: Default::default(),
            created,
            modified: created,
            note: String::new(),
            tags: vec![],
            kind,
        })
    }
}

/// Char range of the `nth` occurrence of `needle` (overlapping ones count).
fn find(text: &Text, needle: &str, nth: usize) -> Option<Range<usize>> {
    if needle.is_empty() {
        return None;
    }
    let s = text.as_str();
    let mut from = 0;
    let mut seen = 0;
    while let Some(at) = s.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + at;
        if seen == nth {
            let start = text.byte_to_char(byte)?;
            return Some(start..start + needle.chars().count());
        }
        seen += 1;
        from = byte + s[byte..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// The cue's range: its first occurrence after the quote in the quote's
/// paragraph (line), else its last one before the quote.
fn find_cue(text: &Text, quote: Range<usize>, cue: &str) -> Option<Range<usize>> {
    let s = text.as_str();
    let start = text.char_to_byte(quote.start)?;
    let end = text.char_to_byte(quote.end)?;
    let line_start = s[..start].rfind('\n').map_or(0, |n| n + 1);
    let line_end = s[end..].find('\n').map_or(s.len(), |n| end + n);
    let byte = s[end..line_end]
        .find(cue)
        .map(|n| end + n)
        .or_else(|| s[line_start..start].rfind(cue).map(|n| line_start + n))?;
    let from = text.byte_to_char(byte)?;
    Some(from..from + cue.chars().count())
}

/// How one rule did on a case (or on several, added up).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RuleScore {
    pub planted: usize,
    /// Planted conflicts some finding matches.
    pub found: usize,
    pub findings: usize,
    /// Findings that match some planted conflict.
    pub matching: usize,
}

impl std::ops::AddAssign<&RuleScore> for RuleScore {
    fn add_assign(&mut self, s: &RuleScore) {
        self.planted += s.planted;
        self.found += s.found;
        self.findings += s.findings;
        self.matching += s.matching;
    }
}

impl RuleScore {
    pub fn recall(&self) -> Option<f64> {
        ratio(self.found, self.planted)
    }
    pub fn precision(&self) -> Option<f64> {
        ratio(self.matching, self.findings)
    }
}

fn ratio(a: usize, b: usize) -> Option<f64> {
    (b > 0).then(|| a as f64 / b as f64)
}

/// Rule code → score.
pub type Scores = BTreeMap<String, RuleScore>;

/// Adds `more` into `total` (to sum over cases).
pub fn add(total: &mut Scores, more: &Scores) {
    for (rule, s) in more {
        *total.entry(rule.clone()).or_default() += s;
    }
}

/// Every rule's score added up.
pub fn overall(scores: &Scores) -> RuleScore {
    scores.values().fold(RuleScore::default(), |mut t, s| {
        t += s;
        t
    })
}

/// A ratio as a percentage, "-" when there is nothing to divide.
pub fn pct(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_owned(), |r| format!("{:.0}%", r * 100.0))
}

/// Whether `f` points at every annotation and article `planted` lists.
fn matches(f: &Finding, p: &Planted) -> bool {
    f.rule == p.rule
        && p.annotations.iter().all(|id| {
            f.locations
                .iter()
                .any(|l| l.annotation.as_ref().is_some_and(|a| a.as_str() == id))
        })
        && p.articles
            .iter()
            .all(|id| f.locations.iter().any(|l| l.article.as_str() == id))
}

/// Whether `f` is one of `c`'s rules and points at anything `c` lists (an
/// article listed counts with everything in it).
fn violates(f: &Finding, c: &Control) -> bool {
    c.rules.iter().any(|r| r == f.rule)
        && f.locations.iter().any(|l| {
            l.annotation
                .as_ref()
                .is_some_and(|a| c.annotations.iter().any(|id| id == a.as_str()))
                || c.articles.iter().any(|id| id == l.article.as_str())
        })
}

pub fn score(case: &Case, findings: &[Finding]) -> Scores {
    let mut scores = Scores::new();
    for p in &case.planted {
        let s = scores.entry(p.rule.clone()).or_default();
        s.planted += 1;
        s.found += usize::from(findings.iter().any(|f| matches(f, p)));
    }
    for f in findings {
        let s = scores.entry(f.rule.to_owned()).or_default();
        s.findings += 1;
        s.matching += usize::from(case.planted.iter().any(|p| matches(f, p)));
    }
    scores
}

/// One line per rule: planted, found, recall, findings, matching,
/// precision; then the rules added up, as `all`.
pub fn table(scores: &Scores) -> String {
    let mut out = format!(
        "{:<6}{:>8}{:>7}{:>8}{:>10}{:>10}{:>11}\n",
        "rule", "planted", "found", "recall", "findings", "matching", "precision"
    );
    let all = overall(scores);
    for (rule, s) in scores.iter().chain([(&"all".to_owned(), &all)]) {
        let _ = writeln!(
            out,
            "{rule:<6}{:>8}{:>7}{:>8}{:>10}{:>10}{:>11}",
            s.planted,
            s.found,
            pct(s.recall()),
            s.findings,
            s.matching,
            pct(s.precision())
        );
    }
    out
}

/// Everything that keeps a case from passing, one line each: planted
/// conflicts no finding matches, findings no planted conflict explains (with
/// their messages), and controls a finding violates. Empty when it passes.
pub fn misses(case: &Case, findings: &[Finding]) -> Vec<String> {
    let mut out = Vec::new();
    let at = |f: &Finding| {
        f.locations
            .iter()
            .map(|l| match &l.annotation {
                Some(a) => a.to_string(),
                None => format!("article {}", l.article),
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for p in case
        .planted
        .iter()
        .filter(|p| !findings.iter().any(|f| matches(f, p)))
    {
        let mut on: Vec<&str> = p.annotations.iter().map(String::as_str).collect();
        on.extend(p.articles.iter().map(String::as_str));
        out.push(format!(
            "{}: planted {} on {} not found ({})",
            case.name,
            p.rule,
            on.join(", "),
            p.why
        ));
    }
    for f in findings
        .iter()
        .filter(|f| !case.planted.iter().any(|p| matches(f, p)))
    {
        out.push(format!(
            "{}: stray {} {} on {}: {}",
            case.name,
            f.severity.as_str(),
            f.rule,
            at(f),
            f.message
        ));
    }
    for c in &case.controls {
        for f in findings.iter().filter(|f| violates(f, c)) {
            out.push(format!(
                "{}: control ({}) violated by {} {} on {}: {}",
                case.name,
                c.why,
                f.severity.as_str(),
                f.rule,
                at(f),
                f.message
            ));
        }
    }
    out
}
