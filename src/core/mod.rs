//! Everything Concord knows about articles and annotations, with no UI.
//!
//! **Architecture invariant:** nothing here depends on egui, eframe or rfd;
//! `cargo build --no-default-features --lib` proves it.

pub mod article;
pub mod edit;
pub mod error;
pub mod export;
pub mod generate;
pub mod import;
pub mod journal;
pub mod model;
pub mod overview;
pub mod progress;
pub mod reanchor;
pub mod report;
pub mod stats;
pub mod store;
pub mod suggest;
pub mod text;
pub mod validate;
