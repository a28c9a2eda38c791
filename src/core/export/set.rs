//! set: the whole annotation set as one RON file, for sharing. The same
//! structs as the set folder (`set.ron` and one `ArticleFile` per article),
//! in one file.

use super::{ExportError, Selected, write_file};
use crate::core::model::{AnnotationSet, ArticleId};
use crate::core::progress::Progress;
use crate::core::store::{ArticleFile, FORMAT_VERSION, SetFile, to_ron};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SharedSet {
    pub format: u32,
    pub set: SetFile,
    #[serde(default)]
    pub articles: BTreeMap<ArticleId, ArticleFile>,
}

pub(super) fn write(
    selected: &[Selected],
    set: &AnnotationSet,
    out: &Path,
    progress: &Progress,
) -> Result<(), ExportError> {
    let mut articles = BTreeMap::new();
    for s in selected {
        let mut file = match set.article(&s.article.id) {
            Some(anns) => ArticleFile::from_article(anns),
            None => continue,
        };
        file.annotations
            .retain(|a| s.annotations.iter().any(|kept| kept.id == a.id));
        articles.insert(s.article.id.clone(), file);
        progress.check()?;
    }
    let shared = SharedSet {
        format: FORMAT_VERSION,
        set: SetFile::from_set(set),
        articles,
    };
    write_file(out, |w| {
        let text = to_ron(&shared).map_err(io::Error::other)?;
        w.write_all(text.as_bytes())?;
        progress
            .advance(selected.len() as u64)
            .map_err(io::Error::other)
    })
}
