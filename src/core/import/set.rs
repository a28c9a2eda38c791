//! The whole set as one RON file (see `export::set`).
//!
//! Read as the export writes it, except that maps and lists keyed by id
//! are read entry by entry: a repeated article key, entity, proposition or
//! utterance id is reported with its line instead of one copy silently
//! replacing the other.

use super::{Builder, ImportError, ProblemKind, Source, read_text};
use crate::core::error::{FileError, LineCol};
use crate::core::model::ArticleId;
use crate::core::progress::Progress;
use crate::core::store::{ArticleFile, FORMAT_VERSION, SetFile, id_line, parse_ron};
use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::HashMap;
use std::marker::PhantomData;
use std::path::Path;

/// `export::set::SharedSet`, with its articles map kept in file order.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct SetInput {
    format: u32,
    set: SetFile,
    #[serde(default)]
    articles: Entries<ArticleId, ArticleFile>,
}

/// A map's entries as written, repeats included.
struct Entries<K, V>(Vec<(K, V)>);

impl<K, V> Default for Entries<K, V> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Entries<K, V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for EntriesVisitor<K, V> {
            type Value = Entries<K, V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        d.deserialize_map(EntriesVisitor(PhantomData))
    }
}

/// The 1-based line of the `nth` (0-based) map key `key` in RON `text`:
/// the quoted key followed by a colon.
fn key_line(text: &str, key: &str, nth: usize) -> Option<usize> {
    let quoted = ron::to_string(key).ok()?;
    let at = text
        .match_indices(&quoted)
        .filter(|(i, _)| text[i + quoted.len()..].trim_start().starts_with(':'))
        .nth(nth)?
        .0;
    Some(text[..at].matches('\n').count() + 1)
}

fn at_line(path: &Path, line: Option<usize>, record: String) -> Source {
    Source {
        at: line.map(|line| LineCol { line, col: 1 }),
        ..Source::record(path, record)
    }
}

/// Counts ids as they come; for a repeat, the problem to report.
struct Repeats<'t> {
    path: &'t Path,
    text: &'t str,
    seen: HashMap<String, usize>,
}

impl<'t> Repeats<'t> {
    fn new(path: &'t Path, text: &'t str) -> Self {
        Repeats {
            path,
            text,
            seen: HashMap::new(),
        }
    }

    /// `None` the first time `id` is seen, else where the repeat is.
    fn repeat(&mut self, section: &str, id: &str) -> Option<(Source, Option<usize>)> {
        let n = self.seen.entry(id.to_owned()).or_insert(0);
        *n += 1;
        if *n == 1 {
            return None;
        }
        let first = id_line(self.text, section, id, 0);
        let line = id_line(self.text, section, id, *n - 1);
        Some((at_line(self.path, line, format!("{section} {id}")), first))
    }
}

fn first_at(first: Option<usize>) -> String {
    first.map_or(String::new(), |l| format!(" (first at line {l})"))
}

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    let text = read_text(path)?;
    let shared: SetInput = parse_ron(path, &text)?;
    if shared.format > FORMAT_VERSION || shared.set.format > FORMAT_VERSION {
        return Err(FileError::NewerFormat {
            path: path.to_owned(),
            found: shared.format.max(shared.set.format),
            supported: FORMAT_VERSION,
        }
        .into());
    }
    progress.start(shared.articles.0.len() as u64 + 1);
    let (info, entities, propositions, utterances) = shared.set.into_parts();
    let at = Source::record(path, "set");
    b.set_info(&at, info);
    let mut repeats = Repeats::new(path, &text);
    for e in entities {
        if let Some((here, first)) = repeats.repeat("entities", e.id.as_str()) {
            b.problem(
                here,
                ProblemKind::NotImported,
                format!(
                    "entity id {} is used twice{}; the second ({:?}) was not imported",
                    e.id,
                    first_at(first),
                    e.name
                ),
            );
            continue;
        }
        let here = Source::record(path, format!("entity {}", e.id));
        b.full_entity(&here, e);
    }
    for p in propositions {
        if let Some((here, first)) = repeats.repeat("propositions", p.id.as_str()) {
            b.problem(
                here,
                ProblemKind::NotImported,
                format!(
                    "proposition id {} is used twice{}; the second ({:?}) was not imported",
                    p.id,
                    first_at(first),
                    p.statement
                ),
            );
            continue;
        }
        let here = Source::record(path, format!("proposition {}", p.id));
        b.full_proposition(&here, p);
    }
    for u in utterances {
        if let Some((here, first)) = repeats.repeat("utterances", u.id.as_str()) {
            b.problem(
                here,
                ProblemKind::NotImported,
                format!(
                    "utterance id {} is used twice{}; the second ({:?}) was not imported",
                    u.id,
                    first_at(first),
                    u.wording
                ),
            );
            continue;
        }
        let here = Source::record(path, format!("utterance {}", u.id));
        b.full_utterance(&here, u);
    }
    progress.advance(1)?;
    let mut keys: HashMap<ArticleId, usize> = HashMap::new();
    for (id, file) in shared.articles.0 {
        progress.advance(1)?;
        let nth = keys.entry(id.clone()).or_insert(0);
        *nth += 1;
        let line = key_line(&text, id.as_str(), *nth - 1);
        let here = at_line(path, line, format!("article {id}"));
        if *nth > 1 {
            // Its annotations are still read (each new one imported, each
            // repeated id reported); only its record would be lost.
            b.problem(
                here.clone(),
                ProblemKind::NotImported,
                format!(
                    "article key {id} is used twice{}; the metadata and fingerprint of the second were not imported",
                    first_at(key_line(&text, id.as_str(), 0))
                ),
            );
        }
        let anns = file.into_article(&id);
        let article = match b.find_article(Some(id.as_str()), None) {
            Ok(a) => a,
            Err(why) => {
                let n = anns.annotations().len();
                b.problem(
                    here,
                    ProblemKind::NotImported,
                    format!("{why}; its {n} annotations were not imported"),
                );
                continue;
            }
        };
        b.record(&here, article, anns.record.meta.clone());
        for a in anns.annotations() {
            let here = Source::record(path, format!("article {id} annotation {}", a.id));
            match article.text.locate(&a.span) {
                crate::core::text::Anchor::InPlace => b.annotation(here, a.clone()),
                _ => b.problem(
                    here,
                    ProblemKind::NotImported,
                    format!(
                        "wrong offsets: article {id} does not have {:?} at {}..{}",
                        a.span.exact(),
                        a.span.start,
                        a.span.end
                    ),
                ),
            }
        }
    }
    Ok(())
}
