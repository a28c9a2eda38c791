//! Articles: the texts being annotated. Read-only: Concord never writes them.

use crate::core::error::FileError;
use crate::core::model::ArticleId;
use crate::core::text::{Text, unicode};
use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
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
    /// [`unicode::quoted_regions`] of the text, found once when first
    /// asked: the text never changes, and the scan walks all of it.
    quotations: std::sync::OnceLock<Vec<std::ops::Range<usize>>>,
}

impl Article {
    /// An article from text in memory (imports, tests, generated corpora).
    pub fn from_text(id: ArticleId, path: PathBuf, text: String) -> Self {
        Self {
            fingerprint: fingerprint(&text),
            text: Text::new(text),
            id,
            path,
            quotations: std::sync::OnceLock::new(),
        }
    }

    /// The quoted regions of the text (byte ranges, see
    /// [`unicode::quoted_regions`]).
    pub fn quotations(&self) -> &[std::ops::Range<usize>] {
        self.quotations
            .get_or_init(|| unicode::quoted_regions(self.text.as_str()))
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

/// Reads a whole file, refusing one larger than `limit` bytes. Only a
/// regular file is read (see [`open_regular`]), and the limit holds for
/// the bytes actually read, so a file that grows, or lies about its size,
/// cannot make Concord read forever. Every file Concord reads goes through
/// here or [`stream_limited`].
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, FileError> {
    let (mut file, size) = open_within(path, limit)?;
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.read_to_end(&mut bytes)
        .map_err(|e| FileError::io(path, e))?;
    check_within(path, bytes.len() as u64, limit)?;
    Ok(bytes)
}

/// [`read_limited`] a chunk at a time into `each`, for a file only hashed:
/// nothing the size of the file is allocated. Returns the bytes read.
pub fn stream_limited(
    path: &Path,
    limit: u64,
    mut each: impl FnMut(&[u8]),
) -> Result<u64, FileError> {
    let (mut file, _) = open_within(path, limit)?;
    let mut chunk = [0u8; 64 * 1024];
    let mut read = 0u64;
    loop {
        match file.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => {
                read += n as u64;
                each(&chunk[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(FileError::io(path, e)),
        }
    }
    check_within(path, read, limit)?;
    Ok(read)
}

/// The regular file `path`, refused if it says it is over `limit`, and
/// read no further than one byte past it; with the size it says.
fn open_within(path: &Path, limit: u64) -> Result<(std::io::Take<File>, u64), FileError> {
    let (file, size) = open_regular(path)?;
    check_within(path, size, limit)?;
    Ok((file.take(limit.saturating_add(1)), size))
}

fn check_within(path: &Path, size: u64, limit: u64) -> Result<(), FileError> {
    if size > limit {
        return Err(FileError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    Ok(())
}

/// Opens `path` for reading if it is a regular file (after following
/// symlinks), with its size. The open never blocks: on unix it is
/// non-blocking, so a FIFO with no writer is refused instead of waiting
/// forever; the check is on the opened file, so nothing can swap the file
/// between check and read.
pub fn open_regular(path: &Path) -> Result<(File, u64), FileError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| FileError::io(path, e))?;
    let meta = file.metadata().map_err(|e| FileError::io(path, e))?;
    if !meta.is_file() {
        return Err(FileError::Invalid {
            path: path.to_owned(),
            message: format!("{} where a file was expected; not read", kind_of(&meta)),
        });
    }
    Ok((file, meta.len()))
}

/// What a file that is not a regular file is, for messages.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    if t.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    "not a regular file"
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

/// The articles of a project, by id, and the files in its folder that
/// look like articles but could not be read.
#[derive(Clone, Debug, Default)]
pub struct Corpus {
    pub dir: PathBuf,
    articles: BTreeMap<ArticleId, Article>,
    problems: Vec<ArticleProblem>,
}

/// A `.txt` or `.md` entry of the articles folder that is not an article:
/// not a regular file, too large, not UTF-8, or a second file for an id.
/// Shown to the editor; the rest of the project opens without it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleProblem {
    pub path: PathBuf,
    /// Why, without the path.
    pub message: String,
}

impl std::fmt::Display for ArticleProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl ArticleProblem {
    fn new(path: &Path, error: &FileError) -> Self {
        let text = error.to_string();
        let message = text
            .strip_prefix(&format!("{}: ", path.display()))
            .unwrap_or(&text)
            .to_owned();
        Self {
            path: path.to_owned(),
            message,
        }
    }
}

impl Corpus {
    /// Reads every `.txt` and `.md` entry directly inside `dir`. Only the
    /// folder itself failing to list is an error: an entry that cannot be
    /// read is one of [`Corpus::problems`].
    pub fn load(dir: &Path) -> Result<Self, FileError> {
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(dir).map_err(|e| FileError::io(dir, e))? {
            let path = entry.map_err(|e| FileError::io(dir, e))?.path();
            let is_article = path
                .extension()
                .is_some_and(|e| ARTICLE_EXTENSIONS.iter().any(|x| e == *x));
            if is_article {
                paths.push(path);
            }
        }
        // Sorted, so which of two files with one id is read does not
        // depend on the order the folder lists them in.
        paths.sort();
        let loaded: Vec<_> = paths.par_iter().map(|p| (p, Article::load(p))).collect();
        let mut corpus = Self {
            dir: dir.to_owned(),
            ..Self::default()
        };
        for (path, loaded) in loaded {
            let article = match loaded {
                Ok(article) => article,
                Err(e) => {
                    corpus.problems.push(ArticleProblem::new(path, &e));
                    continue;
                }
            };
            if let Some(other) = corpus.articles.get(&article.id) {
                corpus.problems.push(ArticleProblem {
                    path: article.path.clone(),
                    message: format!(
                        "article id {} is also used by {}, which was read instead; rename one of them",
                        article.id,
                        other.path.display()
                    ),
                });
                continue;
            }
            corpus.articles.insert(article.id.clone(), article);
        }
        Ok(corpus)
    }

    /// Adds an article read from elsewhere (an unfinished commit's file),
    /// replacing one with its id.
    pub(crate) fn insert(&mut self, article: Article) {
        self.articles.insert(article.id.clone(), article);
    }

    /// The entries that look like articles but could not be read.
    pub fn problems(&self) -> &[ArticleProblem] {
        &self.problems
    }

    pub fn from_articles(dir: PathBuf, articles: impl IntoIterator<Item = Article>) -> Self {
        Self {
            dir,
            articles: articles.into_iter().map(|a| (a.id.clone(), a)).collect(),
            problems: Vec::new(),
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
    fn streaming_sees_every_byte_and_keeps_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.ron");
        // Several chunks, not a multiple of the chunk size.
        let bytes: Vec<u8> = (0..200_003u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        let mut seen = Vec::new();
        let n = stream_limited(&path, 1 << 20, |c| seen.extend_from_slice(c)).unwrap();
        assert_eq!(n, 200_003);
        assert_eq!(seen, bytes);
        let err = stream_limited(&path, 200_002, |_| {}).unwrap_err();
        assert!(
            matches!(
                err,
                FileError::TooLarge {
                    size: 200_003,
                    limit: 200_002,
                    ..
                }
            ),
            "{err}"
        );
        let folder = stream_limited(dir.path(), 1 << 20, |_| {}).unwrap_err();
        assert!(folder.to_string().contains("a folder"), "{folder}");
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
