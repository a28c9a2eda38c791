//! brat standoff: a folder of `.ann` files (with their `.txt`), or one
//! `.ann` file. Reads what Concord's brat export writes (see
//! `export::brat`) and plain brat: `T` lines with a known label become
//! annotations; anything else (events, other relations, unknown labels) is
//! reported with its line. A folder's `concord-registry.json` puts the
//! set's registry in place first; an article the project lacks is created
//! from the `.txt` beside its `.ann`.
//!
//! A file cut short must not import as if whole: a line without the fields
//! its kind needs is reported, and in a file Concord wrote (it has
//! `Concord` notes) a span without its note or its kind's attributes is
//! not imported.

use super::{Builder, ImportError, ProblemKind, Source, kind_name, read_text, unknown_label};
use crate::core::article::Article;
use crate::core::error::FileError;
use crate::core::export::brat::{ANNOTATION_CONF, ConcordNote, REGISTRY_FILE, is_line_break};
use crate::core::export::record::{Attributes, Registry};
use crate::core::model::{Annotation, AnnotationId, ArticleMeta, KindName, Symbol};
use crate::core::progress::Progress;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    let files: Vec<PathBuf> = if path.is_dir() {
        registry(b, &path.join(REGISTRY_FILE))?;
        let mut files = Vec::new();
        for entry in std::fs::read_dir(path).map_err(|e| FileError::io(path, e))? {
            let p = entry.map_err(|e| FileError::io(path, e))?.path();
            if p.extension().is_some_and(|e| e == "ann") {
                files.push(p);
            }
        }
        files.sort();
        files
    } else {
        vec![path.to_owned()]
    };
    progress.start(files.len() as u64);
    for file in files {
        progress.advance(1)?;
        ann_file(b, &file)?;
    }
    Ok(())
}

/// Puts the registry a Concord brat folder carries in place, if it has one.
fn registry(b: &mut Builder, path: &Path) -> Result<(), ImportError> {
    if !path.is_file() {
        return Ok(());
    }
    let text = read_text(path)?;
    let at = Source::file(path);
    match serde_json::from_str::<Registry>(&text) {
        Ok(r) => b.registry(&at, r),
        Err(e) => b.problem(
            Source::line(path, e.line()).col(e.column()),
            ProblemKind::NotImported,
            format!("the registry does not read: {e}"),
        ),
    }
    Ok(())
}

/// `\\`, `\t`, `\n`, `\r` back to the characters.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

struct TextBound<'t> {
    line: usize,
    label: &'t str,
    fragments: Vec<(usize, usize)>,
    text: &'t str,
}

/// What the other lines say about one `T`.
#[derive(Default)]
struct Extra {
    attributes: Attributes<'static>,
    note: Option<String>,
    concord: Option<ConcordNote>,
    cue: Option<String>,
}

fn ann_file(b: &mut Builder, file: &Path) -> Result<(), ImportError> {
    let content = read_text(file)?;
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let txt = file.with_extension("txt");
    let txt_text = if txt.exists() {
        Some(read_text(&txt)?)
    } else {
        None
    };
    let mut lines: Vec<&str> = content.lines().collect();
    let concord_file = written_by_concord(file, &lines);
    let article = match b.find_or_add_article(Some(&stem), txt_text.as_deref()) {
        Ok(a) => a,
        Err(why) => {
            let n = lines.iter().filter(|l| l.starts_with('T')).count();
            b.problem(
                Source::file(file),
                ProblemKind::NotImported,
                format!("{why}; its {n} text-bound annotations were not imported"),
            );
            return Ok(());
        }
    };
    let article = &*article;
    let mut spans: BTreeMap<&str, TextBound> = BTreeMap::new();
    let mut extras: BTreeMap<&str, Extra> = BTreeMap::new();
    let bad = |b: &mut Builder, line: usize, message: String| {
        b.problem(Source::line(file, line), ProblemKind::NotImported, message);
    };
    // Concord ends every line with a line break: a last line without one
    // was cut, and what is left of it may read as something else.
    if concord_file && !content.is_empty() && !content.ends_with('\n') {
        bad(
            b,
            lines.len(),
            "the file is cut short: its last line has no line break, so it was not read".into(),
        );
        lines.pop();
    }
    // Pass 1: text-bound spans, so later lines can refer to any of them.
    for (i, line) in lines.iter().enumerate() {
        if !line.starts_with('T') {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let (Some(id), Some(head), Some(text)) = (fields.next(), fields.next(), fields.next())
        else {
            bad(
                b,
                i + 1,
                "a T line needs an id, a label with offsets and the text, separated by tabs \
                 (is the file cut short?)"
                    .into(),
            );
            continue;
        };
        let Some((label, offsets)) = head.split_once(' ') else {
            bad(b, i + 1, format!("no offsets after label {head:?}"));
            continue;
        };
        let fragments: Option<Vec<(usize, usize)>> = offsets
            .split(';')
            .map(|f| {
                let (s, e) = f.trim().split_once(' ')?;
                Some((s.parse().ok()?, e.parse().ok()?))
            })
            .collect();
        let Some(fragments) = fragments.filter(|f| !f.is_empty()) else {
            bad(
                b,
                i + 1,
                format!("offsets {offsets:?} are not \"start end\" pairs separated by ';'"),
            );
            continue;
        };
        spans.insert(
            id,
            TextBound {
                line: i + 1,
                label,
                fragments,
                text,
            },
        );
    }
    // Pass 2: what the other lines attach to them.
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1;
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        let head = fields.next();
        let text = fields.next();
        let Some(tag) = id.chars().next() else {
            continue;
        };
        // N and # lines end with a text (a name, a note); the others do not.
        let needs_text = matches!(tag, 'N' | '#');
        let (Some(head), true) = (head, text.is_some() || !needs_text) else {
            if tag != 'T' {
                let fields = if needs_text { "three" } else { "two" };
                bad(
                    b,
                    n,
                    format!(
                        "{id}: the line needs {fields} tab-separated fields (is the file cut short?)"
                    ),
                );
            }
            continue;
        };
        let text = text.unwrap_or_default();
        let words: Vec<&str> = head.splitn(3, ' ').collect();
        let target = match tag {
            'T' => continue,
            'A' | 'M' | 'N' | '#' => words.get(1).copied().unwrap_or_default(),
            'R' => words
                .get(1)
                .and_then(|w| w.strip_prefix("Arg1:"))
                .unwrap_or_default(),
            _ => {
                bad(
                    b,
                    n,
                    format!(
                        "{id}: brat {} lines are not imported",
                        if tag == 'E' { "event" } else { "such" }
                    ),
                );
                continue;
            }
        };
        if !spans.contains_key(target) {
            bad(
                b,
                n,
                format!("{id} refers to {target:?}, which is no T line of this file"),
            );
            continue;
        }
        let extra = extras.entry(target).or_default();
        let a = &mut extra.attributes;
        let value = words.get(2).copied().unwrap_or_default();
        let owned = |s: &str| Some(Cow::Owned(s.to_owned()));
        let parsed = match (tag, words[0]) {
            ('A' | 'M', "Worthiness") => enum_value(value).map(|v| a.worthiness = Some(v)),
            ('A' | 'M', "Mode") => enum_value(value).map(|v| a.mode = Some(v)),
            ('A' | 'M', "Polarity") => enum_value(value).map(|v| a.polarity = Some(v)),
            ('A' | 'M', "Modality") => enum_value(value).map(|v| a.modality = Some(v)),
            ('A' | 'M', "Translated") => {
                a.translated = Some(true);
                Ok(())
            }
            ('N', _) if value.starts_with("proposition:") => {
                let id = &value["proposition:".len()..];
                a.propositions.push(Cow::Owned(id.to_owned()));
                a.proposition_statements.push(Cow::Owned(unescape(text)));
                Ok(())
            }
            ('N', _) => match value.split_once(':') {
                Some((role, ref_id)) => {
                    let name = Some(Cow::Owned(unescape(text)));
                    let slots = match role {
                        "speaker" => Some((&mut a.speaker, &mut a.speaker_name)),
                        "holder" => Some((&mut a.holder, &mut a.holder_name)),
                        "attributed_to" => Some((&mut a.attributed_to, &mut a.attributed_to_name)),
                        "target_entity" | "target_proposition" => {
                            a.target_type = owned(role.trim_start_matches("target_"));
                            Some((&mut a.target, &mut a.target_name))
                        }
                        "utterance" => Some((&mut a.utterance, &mut a.utterance_wording)),
                        "via" => Some((&mut a.via, &mut a.via_name)),
                        _ => None,
                    };
                    match slots {
                        Some((id_slot, name_slot)) => {
                            *id_slot = owned(ref_id);
                            *name_slot = name;
                            Ok(())
                        }
                        None => Err(format!("reference role {role:?} is not one Concord knows")),
                    }
                }
                None => Err(format!("reference {value:?} is not <role>:<id>")),
            },
            ('#', "AnnotatorNotes") => {
                extra.note = Some(unescape(text));
                Ok(())
            }
            ('#', "Concord") => serde_json::from_str(&unescape(text))
                .map(|c| extra.concord = Some(c))
                .map_err(|e| format!("Concord note: {e}")),
            ('R', "Cue") => match words.get(2).and_then(|w| w.strip_prefix("Arg2:")) {
                Some(cue) if spans.contains_key(cue) => {
                    extra.cue = Some(cue.to_owned());
                    Ok(())
                }
                _ => Err(format!(
                    "{id}: the cue {:?} is no T line of this file",
                    words.get(2)
                )),
            },
            (_, other) => Err(format!("{id}: {other:?} is not imported")),
        };
        if let Err(why) = parsed {
            bad(b, n, why);
        }
    }
    let cues: Vec<String> = extras.values().filter_map(|e| e.cue.clone()).collect();
    b.record(&Source::file(file), article, ArticleMeta::default());
    for (id, t) in &spans {
        let at = Source::line(file, t.line);
        let label = match kind_name(t.label) {
            Some(k) => k,
            None if t.label == "cue" && cues.iter().any(|c| c == id) => continue,
            None if t.label == "cue" && concord_file => {
                bad(
                    b,
                    t.line,
                    format!(
                        "{id}: no Cue relation joins this cue to a quote (is the file cut short?)"
                    ),
                );
                continue;
            }
            None => {
                bad(b, t.line, format!("{id}: {}", unknown_label(t.label)));
                continue;
            }
        };
        let extra = extras.remove(id).unwrap_or_default();
        if concord_file && let Some(missing) = missing(label, &extra) {
            bad(
                b,
                t.line,
                format!(
                    "{id}: this {} has no {missing}, which Concord writes for every one \
                     (is the file cut short?)",
                    label.as_str()
                ),
            );
            continue;
        }
        match annotation(b, &at, article, t, label, extra, &spans) {
            Ok(a) => b.annotation(at, a),
            Err(why) => bad(b, t.line, format!("{id}: {why}")),
        }
    }
    Ok(())
}

/// Whether Concord wrote `file`: it has `Concord` notes, or sits in a
/// folder with Concord's `annotation.conf`.
fn written_by_concord(file: &Path, lines: &[&str]) -> bool {
    let note = |l: &&str| {
        l.starts_with('#')
            && l.split('\t')
                .nth(1)
                .is_some_and(|h| h.starts_with("Concord "))
    };
    let conf = file.with_file_name("annotation.conf");
    let first = ANNOTATION_CONF.lines().next().unwrap_or_default();
    lines.iter().any(note)
        || conf.is_file() && read_text(&conf).is_ok_and(|c| c.lines().next() == Some(first))
}

/// What a Concord-written span of kind `label` lacks, if anything.
fn missing(label: KindName, extra: &Extra) -> Option<&'static str> {
    let a = &extra.attributes;
    if extra.concord.is_none() {
        return Some("Concord note");
    }
    match label {
        KindName::Claim if a.worthiness.is_none() => Some("Worthiness attribute"),
        KindName::Claim if a.modality.is_none() => Some("Modality attribute"),
        KindName::Quote if a.mode.is_none() => Some("Mode attribute"),
        _ => None,
    }
}

fn enum_value<T: serde::de::DeserializeOwned>(value: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(value.to_owned()))
        .map_err(|_| format!("value {value:?} is not one Concord knows"))
}

/// The char range of a T line: its fragments joined when only line
/// breaks lie between them (brat splits spans there).
fn range(article: &Article, t: &TextBound) -> Result<(usize, usize), String> {
    let mut pieces = Vec::new();
    for &(s, e) in &t.fragments {
        let piece = article.text.slice(s..e).ok_or_else(|| {
            format!(
                "offsets {s} {e} are outside the article ({} chars)",
                article.text.len_chars()
            )
        })?;
        pieces.push(piece);
    }
    let joined = pieces.join(" ");
    if !t.text.is_empty() && joined != t.text {
        return Err(format!(
            "wrong offsets: the article has {joined:?} there, the file says {:?}",
            t.text
        ));
    }
    for pair in t.fragments.windows(2) {
        let gap = article.text.slice(pair[0].1..pair[1].0).unwrap_or("x");
        if gap.is_empty() || !gap.chars().all(is_line_break) {
            return Err("a discontinuous span (fragments apart by more than line breaks) has no Concord equivalent".into());
        }
    }
    let start = t.fragments.first().map_or(0, |f| f.0);
    let end = t.fragments.last().map_or(0, |f| f.1);
    Ok((start, end))
}

fn annotation(
    b: &mut Builder,
    at: &Source,
    article: &Article,
    t: &TextBound,
    label: KindName,
    mut extra: Extra,
    spans: &BTreeMap<&str, TextBound>,
) -> Result<Annotation, String> {
    let (mut start, mut end) = range(article, t)?;
    let concord = extra.concord.take();
    if let Some((s, e)) = concord.as_ref().and_then(|c| c.range) {
        // The exact range may add line breaks at the ends of the fragments.
        if s <= start
            && e >= end
            && article
                .text
                .slice(s..start)
                .is_some_and(|x| x.chars().all(is_line_break))
            && article
                .text
                .slice(end..e)
                .is_some_and(|x| x.chars().all(is_line_break))
        {
            (start, end) = (s, e);
        } else {
            return Err(format!(
                "the Concord note's range {s}..{e} does not fit the fragments"
            ));
        }
    }
    let span = b.span(article, start, end, None)?;
    if let Some(cue) = extra.cue.as_deref().and_then(|c| spans.get(c)) {
        let (s, e) = range(article, cue).map_err(|m| format!("cue: {m}"))?;
        extra.attributes.cue_start = Some(s);
        extra.attributes.cue_end = Some(e);
    }
    if let Some(c) = concord.as_ref().filter(|c| !c.language.is_empty()) {
        extra.attributes.quote_language = Some(Cow::Owned(c.language.clone()));
    }
    let kind = b.kind(at, article, label, extra.attributes)?;
    let now = b.now();
    let concord = match concord {
        Some(c) => c,
        None => ConcordNote {
            id: b.fresh_id().to_string(),
            created: now,
            modified: now,
            ..ConcordNote::default()
        },
    };
    Ok(Annotation {
        id: AnnotationId::new(concord.id),
        article: article.id.clone(),
        span,
        author: Symbol::new(&concord.author),
        created: concord.created,
        modified: concord.modified,
        note: extra.note.unwrap_or_default(),
        tags: concord.tags,
        kind,
    })
}
