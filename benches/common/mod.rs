//! Shared by the benches: the generated corpus they run on.

use concord::core::generate::{Spec, write_project};
use std::path::PathBuf;

/// A generated project on disk, written once and reused by later runs.
pub fn corpus(articles: usize, annotations_per_article: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("corpus-{articles}x{annotations_per_article}"));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let spec = Spec {
            articles,
            annotations_per_article,
            seed: 1,
        };
        write_project(&spec, &dir).expect("the bench corpus can be written");
        std::fs::write(&done, "").expect("the marker can be written");
    }
    dir
}
