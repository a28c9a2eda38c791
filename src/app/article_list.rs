//! The article list: outlet, title (or id), date, counts per kind and a
//! marker for validation errors; a filter box and sorting. Files that look
//! like articles but could not be read are listed first, as errors.

use crate::app::command::Command;
use crate::app::state::ConcordApp;
use crate::app::widgets::kind_color;
use crate::core::article::ArticleProblem;
use crate::core::model::{ArticleId, KindName};
use crate::core::validate::Severity;
use std::collections::{BTreeSet, HashMap};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Outlet,
    Date,
}

#[derive(Default)]
pub struct ListState {
    pub filter: String,
    pub sort: SortBy,
    /// Per-article rows, rebuilt when the set or findings change.
    rows: Vec<Row>,
    built_for: Option<(u64, Option<u64>)>,
}

struct Row {
    id: ArticleId,
    outlet: String,
    title: String,
    date: String,
    counts: [usize; 3],
    errors: usize,
    /// Lowercased outlet, title and id, for the filter.
    haystack: String,
}

impl ListState {
    fn rebuild(&mut self, app_rows: Vec<Row>, key: (u64, Option<u64>)) {
        self.rows = app_rows;
        self.built_for = Some(key);
    }
}

fn build_rows(app: &ConcordApp) -> Vec<Row> {
    let mut errors: HashMap<&ArticleId, usize> = HashMap::new();
    for f in app.findings() {
        if f.severity == Severity::Error {
            let articles: BTreeSet<&ArticleId> = f.locations.iter().map(|l| &l.article).collect();
            for a in articles {
                *errors.entry(a).or_default() += 1;
            }
        }
    }
    app.project
        .corpus
        .articles()
        .map(|article| {
            let meta = app
                .project
                .set
                .article(&article.id)
                .map(|a| a.record.meta.clone())
                .unwrap_or_default();
            let mut counts = [0; 3];
            for a in app.project.set.annotations_of(&article.id) {
                counts[a.kind.name() as usize] += 1;
            }
            let title = if meta.title.is_empty() {
                article.id.to_string()
            } else {
                meta.title
            };
            Row {
                haystack: format!("{} {} {}", meta.outlet, title, article.id).to_lowercase(),
                id: article.id.clone(),
                outlet: meta.outlet,
                title,
                date: meta.published,
                counts,
                errors: errors.get(&article.id).copied().unwrap_or(0),
            }
        })
        .collect()
}

pub fn ui(ui: &mut egui::Ui, app: &mut ConcordApp) {
    let key = (app.revision, app.revalidator.generation());
    if app.list.built_for != Some(key) {
        let rows = build_rows(app);
        app.list.rebuild(rows, key);
    }
    let list = &mut app.list;
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.heading("Articles");
        ui.weak(format!("{}", list.rows.len()));
    });
    ui.add(
        egui::TextEdit::singleline(&mut list.filter)
            .hint_text("Filter by outlet, title, id")
            .desired_width(f32::INFINITY),
    );
    ui.horizontal(|ui| {
        ui.label("Sort by");
        ui.selectable_value(&mut list.sort, SortBy::Outlet, "outlet");
        ui.selectable_value(&mut list.sort, SortBy::Date, "date");
    });
    ui.separator();
    bad_articles(ui, app.project.corpus.problems());

    let needle = list.filter.to_lowercase();
    let mut shown: Vec<&Row> = list
        .rows
        .iter()
        .filter(|r| needle.is_empty() || r.haystack.contains(&needle))
        .collect();
    match list.sort {
        SortBy::Outlet => shown.sort_by(|a, b| (&a.outlet, &a.title).cmp(&(&b.outlet, &b.title))),
        SortBy::Date => shown.sort_by(|a, b| (&a.date, &a.outlet).cmp(&(&b.date, &b.outlet))),
    }
    let dark = ui.visuals().dark_mode;
    egui::ScrollArea::vertical()
        .auto_shrink(false)
        .show(ui, |ui| {
            for row in shown {
                let selected = app.article.as_ref() == Some(&row.id);
                let response = egui::Frame::new()
                    .inner_margin(egui::Margin::symmetric(6, 4))
                    .corner_radius(4.0)
                    .fill(if selected {
                        ui.visuals().selection.bg_fill.gamma_multiply(0.35)
                    } else {
                        egui::Color32::TRANSPARENT
                    })
                    .show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.horizontal(|ui| {
                            let outlet = if row.outlet.is_empty() {
                                "(no outlet)"
                            } else {
                                &row.outlet
                            };
                            ui.label(egui::RichText::new(outlet).strong());
                            if row.errors > 0 {
                                ui.colored_label(
                                    ui.visuals().error_fg_color,
                                    egui::RichText::new(format!("{} err", row.errors)).small(),
                                )
                                .on_hover_text(format!(
                                    "{} validation error(s) in this article",
                                    row.errors
                                ));
                            }
                            ui.with_layout(
                                egui::Layout::right_to_left(egui::Align::Center),
                                |ui| {
                                    ui.weak(&row.date);
                                },
                            );
                        });
                        ui.add(egui::Label::new(&row.title).truncate());
                        ui.horizontal(|ui| {
                            for kind in KindName::ALL {
                                let n = row.counts[kind as usize];
                                ui.label(
                                    egui::RichText::new(format!("{n} {}", plural(kind, n)))
                                        .small()
                                        .color(kind_color(kind, dark)),
                                );
                            }
                        });
                    })
                    .response;
                let response = ui
                    .interact(
                        response.rect,
                        ui.scope_id().with(&row.id),
                        egui::Sense::click(),
                    )
                    .on_hover_text(row.id.as_str());
                if response.clicked() {
                    app.commands.push(Command::OpenArticle(row.id.clone()));
                }
            }
        });
}

/// The files that look like articles but could not be read, each an error
/// row with why, so none vanishes from the list without a word.
fn bad_articles(ui: &mut egui::Ui, problems: &[ArticleProblem]) {
    for p in problems {
        let name = p
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.path.display().to_string());
        egui::Frame::new()
            .inner_margin(egui::Margin::symmetric(6, 4))
            .show(ui, |ui| {
                ui.set_width(ui.available_width());
                let error = ui.visuals().error_fg_color;
                ui.colored_label(error, egui::RichText::new(name).strong())
                    .on_hover_text(p.path.display().to_string());
                ui.add(
                    egui::Label::new(egui::RichText::new(&p.message).small().color(error)).wrap(),
                );
            });
    }
    if !problems.is_empty() {
        ui.separator();
    }
}

fn plural(kind: KindName, n: usize) -> String {
    let name = kind.as_str();
    if n == 1 {
        name.to_owned()
    } else {
        format!("{name}s")
    }
}
