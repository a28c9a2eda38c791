//! The binary and the shipped project, for tests that run `concord` as a
//! user does (`#[path = "common/project.rs"] mod project;`).
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

/// Runs the `concord` binary with `args`.
pub fn concord(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_concord"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// A copy of the repo's seeds project (articles and the shipped set).
pub fn seeds_copy(dir: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in [
        "seeds",
        "annotations",
        "annotations/seeds",
        "annotations/seeds/articles",
    ] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
        for entry in std::fs::read_dir(root.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, dir.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
}
