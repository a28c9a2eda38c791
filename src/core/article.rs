//! Articles: the texts being annotated. Read-only: Concord never writes them.

use crate::core::error::FileError;
use crate::core::model::ArticleId;
use crate::core::text::Text;
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The largest article Concord reads; far above any real article, low enough
/// that a stray disk image in the folder is refused rather than loaded.
pub const MAX_ARTICLE_BYTES: u64 = 256 * 1024 * 1024;

/// File endings read as articles.
pub const ARTICLE_EXTENSIONS: [&str; 2] = ["txt", "md"];

#[derive(Clone, Debug)]
pub struct Article {
    pub id: ArticleId,
    pub path: PathBuf,
    pub text: Text,
    /// [`fingerprint`] of the text.
    pub fingerprint: String,
}

impl Article {
    /// An article from text in memory (imports, tests, generated corpora).
    pub fn from_text(id: ArticleId, path: PathBuf, text: String) -> Self {
        Self {
            fingerprint: fingerprint(&text),
            text: Text::new(text),
            id,
            path,
        }
    }

    /// Reads an article: UTF-8, a leading byte-order mark dropped, nothing
    /// else changed (no newline or Unicode normalisation).
    pub fn load(path: &Path) -> Result<Self, FileError> {
        let bytes = read_limited(path, MAX_ARTICLE_BYTES)?;
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        let bom = bytes.len() - body.len();
        let text = std::str::from_utf8(body).map_err(|e| FileError::Utf8 {
            path: path.to_owned(),
            byte: bom + e.valid_up_to(),
        })?;
        let id = path
            .file_stem()
            .map(|s| ArticleId::new(s.to_string_lossy()))
            .unwrap_or_default();
        Ok(Self::from_text(id, path.to_owned(), text.to_owned()))
    }
}

/// Reads a whole file, refusing one larger than `limit` bytes.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let size = std::fs::metadata(path)
        .map_err(|e| FileError::io(path, e))?
        .len();
    if size > limit {
        return Err(FileError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    std::fs::read(path).map_err(|e| FileError::io(path, e))
}

/// A content fingerprint: `sha256:` and the hex digest of the UTF-8 text.
pub fn fingerprint(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    let mut s = String::with_capacity(7 + 64);
    s.push_str("sha256:");
    for b in digest {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

/// The articles of a project, by id.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub dir: PathBuf,
    articles: BTreeMap<ArticleId, Article>,
}

impl Corpus {
    /// Reads every `.txt` and `.md` file directly inside `dir`.
    pub fn load(dir: &Path) -> Result<Self, FileError> {
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| FileError::io(dir, e))? {
            let path = entry.map_err(|e| FileError::io(dir, e))?.path();
            let is_article = path
                .extension()
                .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|x| e == *x));
            if is_article && path.is_file() {
                paths.push(path);
            }
        }
        let articles = paths
            .par_iter()
            .map(|p| Article::load(p))
            .collect::<Result<Vec<_>, _>>()?;
        let mut corpus = Self {
            dir: dir.to_owned(),
            articles: BTreeMap::new(),
        };
        for article in articles {
            if let Some(other) = corpus.articles.get(&article.id) {
                return Err(FileError::Invalid {
                    path: article.path.clone(),
                    message: format!(
                        "article id {} is also used by {}; rename one of them",
                        article.id,
                        other.path.display()
                    ),
                });
            }
            corpus.articles.insert(article.id.clone(), article);
        }
        Ok(corpus)
    }

    pub fn from_articles(dir: PathBuf, articles: impl IntoIterator<Item = Article>) -> Self {
        Self {
            dir,
            articles: articles.into_iter().map(|a| (a.id.clone(), a)).collect(),
        }
    }

    pub fn get(&self, id: &ArticleId) -> Option<&Article> {
        self.articles.get(id)
    }

    pub fn articles(&self) -> impl ExactSizeIterator<Item = &Article> {
        self.articles.values()
    }

    pub fn len(&self) -> usize {
        self.articles.len()
    }

    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.txt");
        std::fs::write(&path, b"\xEF\xBB\xBFok \xFF then").unwrap();
        let err = Article::load(&path).unwrap_err();
        assert!(matches!(err, FileError::Utf8 { byte: 6, .. }), "{err}");
        assert!(
            err.to_string()
                .contains("bad.txt: not valid UTF-8 at byte 6")
        );
    }

    #[test]
    fn bom_dropped_text_otherwise_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        std::fs::write(&path, "\u{FEFF}Cafe\u{301}\r\nline").unwrap();
        let a = Article::load(&path).unwrap();
        assert_eq!(a.text.as_str(), "Cafe\u{301}\r\nline");
        assert_eq!(a.id.as_str(), "a");
        assert_eq!(a.fingerprint, fingerprint("Cafe\u{301}\r\nline"));
        assert_ne!(a.fingerprint, fingerprint("Café\nline"));
    }
}
