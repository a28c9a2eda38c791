//! brat standoff (https://brat.nlplab.org/standoff.html): per article a
//! `.txt` identical to the source text and a `.ann`; `annotation.conf` and
//! `visual.conf` so brat opens the folder as it is.
//!
//! Offsets are chars (Unicode code points, as brat counts them in Python).
//! In the `.ann`:
//! - `T`: the span, `claim|quote|stance|cue start end`. A span crossing line
//!   breaks is written as fragments around them (`0 5;6 10`), as brat does.
//! - `A`: `Worthiness`, `Mode`, `Polarity`.
//! - `R`: `Cue Arg1:<quote> Arg2:<cue>`.
//! - `N`: references, `Reference T1 <role>:<id>\t<name>` with role one of
//!   `speaker`, `holder`, `attributed_to`, `target_entity`, `proposition`,
//!   `target_proposition`, `utterance` (the text is the name, statement or
//!   wording).
//! - `#`: `AnnotatorNotes` (the note) and `Concord` (JSON: id, author,
//!   created, modified, tags, and the exact range when fragments cannot
//!   express it), which brat shows as notes.
//!
//! Tabs and line breaks inside note and name texts are written as `\t`,
//! `\n`, `\r` (and `\` as `\\`).
//!
//! The set's whole registry (entities with kinds and aliases, propositions,
//! utterances) goes into [`REGISTRY_FILE`], which brat ignores.

use super::record::{Attributes, Registry, SpanRecord};
use super::{ExportError, Selected, step, write_file};
use crate::core::model::{Annotation, AnnotationSet};
use crate::core::progress::Progress;
use crate::core::text::Text;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

pub const ANNOTATION_CONF: &str = "\
# Concord export: claims, quotes (with their cue) and stances.
# Offsets in the .ann files are character (code point) offsets into the .txt files.
[entities]
claim
quote
stance
cue

[relations]
Cue Arg1:quote, Arg2:cue
<OVERLAP> Arg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>

[events]

[attributes]
Worthiness Arg:claim, Value:non_factual|unimportant_factual|check_worthy
Mode Arg:quote, Value:direct|indirect|partial
Polarity Arg:stance, Value:favor|against|neutral
Modality Arg:claim, Value:asserted|planned|denied|reported
Translated Arg:quote
";

pub const VISUAL_CONF: &str = "\
[labels]
claim | Claim
quote | Quote
stance | Stance
cue | Cue
Cue | Cue

[drawing]
claim\tbgColor:#9fc2f7
quote\tbgColor:#f7d59f
stance\tbgColor:#b7e3a1
cue\tbgColor:#e0e0e0
Cue\tcolor:#888888
";

/// The registry file in the folder.
pub const REGISTRY_FILE: &str = "concord-registry.json";

/// What brat has no place for, kept in a `Concord` note.
#[derive(Serialize, Deserialize, Default)]
pub(crate) struct ConcordNote {
    pub id: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub author: String,
    pub created: jiff::Timestamp,
    pub modified: jiff::Timestamp,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The exact char range, when the fragments leave out line breaks at
    /// its ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<(usize, usize)>,
    /// A quote's language as printed, when it is not the article's.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub language: String,
}

pub(super) fn write(
    selected: &[Selected],
    set: &AnnotationSet,
    dir: &Path,
    progress: &Progress,
) -> Result<Vec<PathBuf>, ExportError> {
    let mut files = Vec::new();
    for (name, text) in [
        ("annotation.conf", ANNOTATION_CONF),
        ("visual.conf", VISUAL_CONF),
    ] {
        let path = dir.join(name);
        write_file(&path, |w| w.write_all(text.as_bytes()))?;
        files.push(path);
    }
    let path = dir.join(REGISTRY_FILE);
    write_file(&path, |w| {
        serde_json::to_writer_pretty(&mut *w, &Registry::of(set))?;
        w.write_all(b"\n")
    })?;
    files.push(path);
    for s in selected {
        let txt = dir.join(format!("{}.txt", s.article.id));
        write_file(&txt, |w| w.write_all(s.article.text.as_str().as_bytes()))?;
        let ann = dir.join(format!("{}.ann", s.article.id));
        let body = ann_file(&s.article.text, set, &s.annotations);
        write_file(&ann, |w| {
            w.write_all(body.as_bytes())?;
            step(progress)
        })?;
        files.extend([txt, ann]);
    }
    Ok(files)
}

/// The snake_case name of a unit enum value (`check_worthy`, `favor`).
fn word<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// `\`, tab and line breaks escaped so a text stays on its line.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

pub(crate) fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The pieces of `range` between line breaks.
pub(crate) fn fragments(text: &Text, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    let slice = text.slice(range.clone()).unwrap_or_default();
    for (i, c) in slice.chars().enumerate() {
        let at = range.start + i;
        match (is_line_break(c), start) {
            (true, Some(s)) => {
                out.push(s..at);
                start = None;
            }
            (false, None) => start = Some(at),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..range.end);
    }
    out
}

/// The `.ann` text for one article.
fn ann_file(text: &Text, set: &AnnotationSet, annotations: &[&Annotation]) -> String {
    let mut out = String::new();
    let (mut t, mut a, mut n, mut r, mut note) = (0, 0, 0, 0, 0);
    let mut span_line = |out: &mut String, label: &str, range: Range<usize>| -> (usize, bool) {
        t += 1;
        let mut pieces = fragments(text, range.clone());
        let quoted = !pieces.is_empty();
        if !quoted {
            // Only line breaks: one fragment and no text (it would break the line).
            pieces.push(range.clone());
        }
        let offsets: Vec<String> = pieces
            .iter()
            .map(|p| format!("{} {}", p.start, p.end))
            .collect();
        let texts: Vec<&str> = pieces
            .iter()
            .filter(|_| quoted)
            .map(|p| text.slice(p.clone()).unwrap_or_default())
            .collect();
        let _ = writeln!(
            out,
            "T{t}\t{label} {}\t{}",
            offsets.join(";"),
            texts.join(" ")
        );
        let exact = pieces.first().map(|p| p.start) == Some(range.start)
            && pieces.last().map(|p| p.end) == Some(range.end);
        (t, exact)
    };
    for ann in annotations {
        let (id, exact) = span_line(&mut out, ann.kind.name().as_str(), ann.span.range());
        let record = SpanRecord::new(set, ann);
        let attrs: &Attributes = &record.attributes;
        let mut attribute = |out: &mut String, name: &str, value: Option<String>| {
            if let Some(value) = value {
                a += 1;
                let _ = writeln!(out, "A{a}\t{name} T{id} {value}");
            }
        };
        attribute(&mut out, "Worthiness", attrs.worthiness.as_ref().map(word));
        attribute(&mut out, "Mode", attrs.mode.as_ref().map(word));
        attribute(&mut out, "Polarity", attrs.polarity.as_ref().map(word));
        attribute(&mut out, "Modality", attrs.modality.as_ref().map(word));
        if attrs.translated == Some(true) {
            a += 1;
            let _ = writeln!(out, "A{a}\tTranslated T{id}");
        }
        let target_role = match attrs.target_type.as_deref() {
            Some("proposition") => "target_proposition",
            _ => "target_entity",
        };
        let references = [
            ("speaker", &attrs.speaker, &attrs.speaker_name),
            ("holder", &attrs.holder, &attrs.holder_name),
            (
                "attributed_to",
                &attrs.attributed_to,
                &attrs.attributed_to_name,
            ),
            (target_role, &attrs.target, &attrs.target_name),
            ("utterance", &attrs.utterance, &attrs.utterance_wording),
            ("via", &attrs.via, &attrs.via_name),
        ];
        let propositions = attrs.propositions.iter().enumerate().map(|(k, p)| {
            let statement = attrs.proposition_statements.get(k);
            (
                "proposition",
                Some(p.as_ref()),
                statement.map(|s| s.as_ref()),
            )
        });
        let references = references
            .into_iter()
            .map(|(role, id, name)| (role, id.as_deref(), name.as_deref()))
            .chain(propositions);
        for (role, ref_id, name) in references {
            if let Some(ref_id) = ref_id {
                n += 1;
                let name = escape(name.unwrap_or_default());
                let _ = writeln!(out, "N{n}\tReference T{id} {role}:{ref_id}\t{name}");
            }
        }
        if let (Some(start), Some(end)) = (attrs.cue_start, attrs.cue_end) {
            let (cue, _) = span_line(&mut out, "cue", start..end);
            r += 1;
            let _ = writeln!(out, "R{r}\tCue Arg1:T{id} Arg2:T{cue}");
        }
        if !ann.note.is_empty() {
            note += 1;
            let _ = writeln!(out, "#{note}\tAnnotatorNotes T{id}\t{}", escape(&ann.note));
        }
        let meta = ConcordNote {
            id: ann.id.to_string(),
            author: ann.author.to_string(),
            created: ann.created,
            modified: ann.modified,
            tags: ann.tags.clone(),
            range: (!exact).then_some((ann.span.start, ann.span.end)),
            language: attrs
                .quote_language
                .as_deref()
                .unwrap_or_default()
                .to_owned(),
        };
        note += 1;
        let json = serde_json::to_string(&meta).unwrap_or_default();
        let _ = writeln!(out, "#{note}\tConcord T{id}\t{}", escape(&json));
    }
    out
}
