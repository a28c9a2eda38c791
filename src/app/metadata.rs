//! The article metadata form: outlet, wire agency, title, author, date, URL,
//! language.
//! Typing changes only a draft; Apply (or Enter in a field) sends one
//! `Edit::SetArticleMeta`, so undo steps are whole changes, not keystrokes.

use crate::app::command::Command;
use crate::core::edit::Edit;
use crate::core::model::{AnnotationSet, ArticleId, ArticleMeta};

#[derive(Default)]
pub struct MetadataForm {
    /// The article and the metadata the draft started from.
    base: Option<(ArticleId, ArticleMeta)>,
    draft: ArticleMeta,
}

impl MetadataForm {
    pub fn new() -> Self {
        Self::default()
    }

    /// The metadata typed but not applied yet, as its edit; the form then
    /// follows the stored value again. (Closing the window applies it.)
    pub fn take_typing(&mut self, set: &AnnotationSet) -> Option<Edit> {
        let (article, base) = self.base.take()?;
        let meta = trimmed(&self.draft);
        let stored = set
            .article(&article)
            .map(|a| a.record.meta.clone())
            .unwrap_or_default();
        // Only a draft of the value still stored; else the form would
        // overwrite a change made elsewhere (undo, an import).
        (base == stored && meta != stored).then_some(Edit::SetArticleMeta { article, meta })
    }

    /// Shows the form for `article`. A draft is replaced when another article
    /// opens or the stored metadata changes (undo, import).
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        set: &AnnotationSet,
        article: &ArticleId,
    ) -> Vec<Command> {
        let stored = set
            .article(article)
            .map(|a| a.record.meta.clone())
            .unwrap_or_default();
        if self.base.as_ref() != Some(&(article.clone(), stored.clone())) {
            self.draft = stored.clone();
            self.base = Some((article.clone(), stored.clone()));
        }
        let mut enter = false;
        egui::Grid::new("article metadata")
            .num_columns(2)
            .show(ui, |ui| {
                let d = &mut self.draft;
                for (name, hint, value) in [
                    ("Outlet", "e.g. Daily Courier", &mut d.outlet),
                    (
                        "Wire copy of",
                        "agency, e.g. AFP (empty if own)",
                        &mut d.wire,
                    ),
                    ("Title", "", &mut d.title),
                    ("Author", "", &mut d.author),
                    ("Published", "YYYY-MM-DD", &mut d.published),
                    ("URL", "https://…", &mut d.url),
                    ("Language", "BCP 47, e.g. en, ja, ar", &mut d.language),
                ] {
                    let label = ui.label(name);
                    let response = ui
                        .add(
                            egui::TextEdit::singleline(value)
                                .hint_text(hint)
                                .desired_width(280.0),
                        )
                        .labelled_by(label.id);
                    enter |= response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                    ui.end_row();
                }
            });
        let changed = self.draft != stored;
        let mut apply = false;
        ui.horizontal(|ui| {
            apply = ui
                .add_enabled(changed, egui::Button::new("Apply"))
                .clicked();
            if ui
                .add_enabled(changed, egui::Button::new("Revert"))
                .clicked()
            {
                self.draft = stored.clone();
            }
            if changed {
                ui.weak("unsaved changes to the metadata");
            }
        });
        if changed && (apply || enter) {
            let meta = trimmed(&self.draft);
            if meta != stored {
                return vec![Command::Edit(Edit::SetArticleMeta {
                    article: article.clone(),
                    meta,
                })];
            }
        }
        vec![]
    }
}

/// Stray spaces from pasting are never what the editor meant.
fn trimmed(meta: &ArticleMeta) -> ArticleMeta {
    let t = |s: &str| s.trim().to_owned();
    ArticleMeta {
        outlet: t(&meta.outlet),
        wire: t(&meta.wire),
        title: t(&meta.title),
        author: t(&meta.author),
        published: t(&meta.published),
        url: t(&meta.url),
        language: t(&meta.language),
    }
}
