//! Concord: annotate claims, quotes and stances across news outlets, and
//! check the annotations for consistency across sources.

pub mod core;

#[cfg(feature = "gui")]
pub mod app;
