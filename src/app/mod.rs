//! The egui window.

pub mod command;
pub mod dialogs;
pub mod entities;
pub mod findings;
pub mod fonts;
pub mod metadata;
pub mod propositions;
pub mod registry;
pub mod revalidate;
pub mod table;
pub mod utterances;

pub use command::Command;

use crate::core::store::Project;
use std::path::Path;

/// Opens the window on the project in `dir`.
pub fn run(dir: &Path) -> anyhow::Result<()> {
    let project = Project::open(dir)?;
    let options = eframe::NativeOptions::default();
    eframe::run_native(
        "Concord",
        options,
        Box::new(|_cc| Ok(Box::new(Minimal { project }))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

struct Minimal {
    project: Project,
}

impl eframe::App for Minimal {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for article in self.project.corpus.articles() {
                ui.heading(article.id.as_str());
                ui.label(article.text.as_str());
            }
        });
    }
}
