//! The whole set as one RON file (see `export::set`).

use super::{Builder, ImportError, ProblemKind, Source, read_text};
use crate::core::error::FileError;
use crate::core::export::set::SharedSet;
use crate::core::progress::Progress;
use crate::core::store::{FORMAT_VERSION, parse_ron};
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    let text = read_text(path)?;
    let shared: SharedSet = parse_ron(path, &text)?;
    if shared.format > FORMAT_VERSION || shared.set.format > FORMAT_VERSION {
        return Err(FileError::NewerFormat {
            path: path.to_owned(),
            found: shared.format.max(shared.set.format),
            supported: FORMAT_VERSION,
        }
        .into());
    }
    progress.start(shared.articles.len() as u64 + 1);
    let (info, entities, propositions, utterances) = shared.set.into_parts();
    let at = Source::record(path, "set");
    b.set_info(&at, info);
    for e in entities {
        let here = Source::record(path, format!("entity {}", e.id));
        b.full_entity(&here, e);
    }
    for p in propositions {
        let here = Source::record(path, format!("proposition {}", p.id));
        b.full_proposition(&here, p);
    }
    for u in utterances {
        let here = Source::record(path, format!("utterance {}", u.id));
        b.full_utterance(&here, u);
    }
    progress.advance(1)?;
    for (id, file) in shared.articles {
        progress.advance(1)?;
        let here = Source::record(path, format!("article {id}"));
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
                        a.span.exact, a.span.start, a.span.end
                    ),
                ),
            }
        }
    }
    Ok(())
}
