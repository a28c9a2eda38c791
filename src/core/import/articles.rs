//! Articles: a folder of `.txt` / `.md` files, or a JSONL of
//! `{id, text, outlet?, title?, author?, published?, url?, language?}`.
//! New texts become files in the articles folder (written in the same
//! save as the set, `Project::save_with_articles`); metadata goes into the
//! set.

use super::{Builder, ImportError, NewArticle, ProblemKind, Source, json_lines};
use crate::core::article::{ARTICLE_EXTENSIONS, Article};
use crate::core::error::FileError;
use crate::core::model::{ArticleId, ArticleMeta};
use crate::core::progress::Progress;
use serde_json::Value;
use std::path::Path;

pub(super) fn read(b: &mut Builder, path: &Path, progress: &Progress) -> Result<(), ImportError> {
    if !path.is_dir() {
        return json_lines(b, path, progress, |b, at, line| {
            let field = |k: &str| line.get(k).and_then(Value::as_str).map(str::to_owned);
            let (Some(id), Some(text)) = (field("id"), field("text")) else {
                return b.problem(
                    at,
                    ProblemKind::NotImported,
                    "a record needs a string \"id\" and a string \"text\"",
                );
            };
            let meta = ArticleMeta {
                outlet: field("outlet").unwrap_or_default(),
                wire: field("wire").unwrap_or_default(),
                title: field("title").unwrap_or_default(),
                author: field("author").unwrap_or_default(),
                published: field("published").unwrap_or_default(),
                url: field("url").unwrap_or_default(),
                language: field("language").unwrap_or_default(),
            };
            add(b, at, &id, "txt", text, meta);
        });
    }
    let mut paths = Vec::new();
    for entry in std::fs::read_dir(path).map_err(|e| FileError::io(path, e))? {
        // Folders, pipes and devices too: each is reported, not skipped.
        paths.push(entry.map_err(|e| FileError::io(path, e))?.path());
    }
    paths.sort();
    progress.start(paths.len() as u64);
    for p in paths {
        progress.advance(1)?;
        let at = Source::file(&p);
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().into_owned())
            .unwrap_or_default();
        if !ARTICLE_EXTENSIONS.contains(&ext.as_str()) {
            b.problem(at, ProblemKind::NotImported, "not a .txt or .md file");
            continue;
        }
        match Article::load(&p) {
            Ok(a) => {
                let text = a.text.as_str().to_owned();
                add(b, at, a.id.as_str(), &ext, text, ArticleMeta::default());
            }
            Err(e) => b.problem(at, ProblemKind::NotImported, e.to_string()),
        }
    }
    Ok(())
}

/// An id must make a plain file name in the articles folder.
pub(super) fn check_id(id: &str) -> Result<(), String> {
    let bad = id.is_empty()
        || id == "."
        || id == ".."
        || id.starts_with('.')
        || id
            .chars()
            .any(|c| matches!(c, '/' | '\\' | ':' | '\0') || c.is_control());
    if bad {
        Err(format!(
            "{id:?} cannot be a file name; give the article a plain id"
        ))
    } else {
        Ok(())
    }
}

fn add(b: &mut Builder, at: Source, id: &str, ext: &str, text: String, meta: ArticleMeta) {
    if let Err(why) = check_id(id) {
        return b.problem(at, ProblemKind::NotImported, why);
    }
    let article_id = ArticleId::new(id);
    if let Some(have) = b.corpus.get(&article_id) {
        if have.text.as_str() == text {
            b.problem(
                at.clone(),
                ProblemKind::AlreadyPresent,
                format!("article {id} is already in the articles folder"),
            );
            b.record(&at, have, meta);
        } else {
            b.problem(
                at,
                ProblemKind::Conflict,
                format!(
                    "article {id} is already in the articles folder with another text; kept it"
                ),
            );
        }
        return;
    }
    let path = b.corpus.dir.join(format!("{id}.{ext}"));
    let new = Article::from_text(article_id, path.clone(), text);
    if !b.new_article(
        &new.id,
        NewArticle {
            path,
            text: new.text.as_str().to_owned(),
        },
    ) {
        return b.problem(
            at,
            ProblemKind::NotImported,
            format!("article id {id} is used twice in the input"),
        );
    }
    b.record(&at, &new, meta);
}
