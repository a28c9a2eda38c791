//! The article list: outlet, title (or the text's first line), date, counts
//! per kind and a marker for validation errors; a filter box and sorting.
//! Files that look like articles but could not be read are listed first, as
//! errors.
//!
//! A panel like the bottom tabs: [`ListState`] is its own, [`ListView`] is
//! what it reads, and a click comes back as a [`Command`]. Its rows are kept
//! between frames: an edit refreshes each row's counts (which the set keeps
//! per article) without counting annotations or making strings, and only
//! visible rows are laid out, so a corpus of thousands of articles costs
//! little per edit and per frame.

use crate::app::command::Command;
use crate::app::text_layout;
use crate::app::widgets::kind_color;
use crate::core::article::{Article, ArticleProblem, Corpus};
use crate::core::model::{AnnotationSet, ArticleId, ArticleMeta, ChangeMark, KindName};
use crate::core::validate::{Finding, Severity};
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Weak};

/// Chars of an article's first line shown (and filtered on) as its title.
const FIRST_LINE: usize = 160;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Outlet,
    Date,
}

/// What the list reads from the app.
pub struct ListView<'a> {
    pub corpus: &'a Arc<Corpus>,
    pub set: &'a AnnotationSet,
    /// Bumped on every change to the set or the corpus.
    pub revision: u64,
    pub findings: &'a [Finding],
    /// Changes whenever `findings` do.
    pub findings_generation: Option<u64>,
    /// The article in the view.
    pub open: Option<&'a ArticleId>,
}

#[derive(Default)]
pub struct ListState {
    pub filter: String,
    pub sort: SortBy,
    /// One per article of the corpus, in its order.
    rows: Vec<Row>,
    /// The revision the counts are of.
    counted: Option<u64>,
    /// The set's changes the rows are up to, and the corpus they are of
    /// (held weakly: only its address is compared).
    seen: Option<ChangeMark>,
    corpus: Weak<Corpus>,
    /// Row of each article.
    at: HashMap<ArticleId, usize>,
    /// The findings generation the error counts are of.
    checked: Option<Option<u64>>,
    /// Indices into `rows`, filtered and sorted, and what they were made for.
    order: Vec<usize>,
    ordered_for: Option<(String, SortBy, u64)>,
    /// Bumped when a row's text or the row list changes.
    rows_version: u64,
    /// Articles Ctrl+clicked to compare, in the order picked.
    pub picked: Vec<ArticleId>,
}

struct Row {
    id: ArticleId,
    /// What the strings below were made from.
    meta: ArticleMeta,
    fingerprint: String,
    /// The title, else the text's first line, else the id.
    title: String,
    /// True when `title` is the id (nothing better to show).
    untitled: bool,
    counts: [usize; 3],
    /// Its annotations (and metadata) are still being read.
    loading: bool,
    errors: usize,
    /// Lowercased outlet, title and id, for the filter.
    haystack: String,
}

impl Row {
    fn new(article: &Article, meta: &ArticleMeta) -> Self {
        let first_line = || {
            let line = article
                .text
                .as_str()
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())?;
            Some(match line.char_indices().nth(FIRST_LINE) {
                Some((cut, _)) => format!("{}…", &line[..cut]),
                None => line.to_owned(),
            })
        };
        let title = match meta.title.trim() {
            "" => first_line(),
            title => Some(title.to_owned()),
        };
        let untitled = title.is_none();
        let title = title.unwrap_or_else(|| article.id.to_string());
        Row {
            haystack: format!("{} {} {}", meta.outlet, title, article.id).to_lowercase(),
            id: article.id.clone(),
            meta: meta.clone(),
            fingerprint: article.fingerprint.clone(),
            title,
            untitled,
            counts: [0; 3],
            loading: false,
            errors: 0,
        }
    }

    fn is_of(&self, article: &Article, meta: &ArticleMeta) -> bool {
        self.id == article.id && self.fingerprint == article.fingerprint && self.meta == *meta
    }
}

static NO_META: std::sync::LazyLock<ArticleMeta> = std::sync::LazyLock::new(ArticleMeta::default);

impl ListState {
    /// Row `i` brought up to `article` and its record in `set`; strings are
    /// made again only when its metadata or text changed.
    fn update(&mut self, i: usize, article: &Article, set: &AnnotationSet) {
        let stored = set.article(&article.id);
        let meta = stored.map_or(&*NO_META, |a| &a.record.meta);
        match self.rows.get_mut(i) {
            Some(row) if row.is_of(article, meta) => {}
            Some(row) => {
                *row = Row::new(article, meta);
                self.rows_version += 1;
            }
            None => {
                self.rows.push(Row::new(article, meta));
                self.rows_version += 1;
            }
        }
        self.rows[i].counts = KindName::ALL.map(|k| stored.map_or(0, |a| a.count(k)));
        let loading = set.is_loading(&article.id);
        if self.rows[i].loading != loading {
            // It sorts elsewhere now.
            self.rows[i].loading = loading;
            self.rows_version += 1;
        }
    }

    /// Brings the rows up to `view`: after an edit only the rows of the
    /// articles it changed (the set keeps which), else every row.
    fn refresh(&mut self, view: &ListView) {
        if self.counted != Some(view.revision) {
            self.counted = Some(view.revision);
            let mark = view.set.change_mark();
            // Usually an edit touched one article: update its row only.
            let same_corpus = std::ptr::eq(self.corpus.as_ptr(), Arc::as_ptr(view.corpus));
            let changed = self
                .seen
                .filter(|_| same_corpus && self.rows.len() == view.corpus.len())
                .and_then(|seen| view.set.articles_changed_since(seen));
            self.seen = Some(mark);
            self.corpus = Arc::downgrade(view.corpus);
            match changed {
                Some(articles) => {
                    for id in articles {
                        if let (Some(&i), Some(article)) = (self.at.get(id), view.corpus.get(id)) {
                            self.update(i, article, view.set);
                        }
                    }
                }
                None => {
                    if self.rows.len() != view.corpus.len() {
                        self.rows.clear();
                        self.rows_version += 1;
                    }
                    self.at.clear();
                    for (i, article) in view.corpus.articles().enumerate() {
                        self.at.insert(article.id.clone(), i);
                        self.update(i, article, view.set);
                    }
                }
            }
            // Error counts are by row; new rows need them again.
            self.checked = None;
        }
        if self.checked != Some(view.findings_generation) {
            self.checked = Some(view.findings_generation);
            let mut errors: HashMap<&ArticleId, usize> = HashMap::new();
            for f in view.findings {
                if f.severity == Severity::Error {
                    let articles: BTreeSet<&ArticleId> =
                        f.locations.iter().map(|l| &l.article).collect();
                    for a in articles {
                        *errors.entry(a).or_default() += 1;
                    }
                }
            }
            for row in &mut self.rows {
                row.errors = errors.get(&row.id).copied().unwrap_or(0);
            }
        }
        let current = matches!(&self.ordered_for,
            Some((filter, sort, version))
                if *filter == self.filter && *sort == self.sort && *version == self.rows_version);
        if !current {
            let needle = self.filter.to_lowercase();
            let rows = &self.rows;
            self.order = (0..rows.len())
                .filter(|&i| needle.is_empty() || rows[i].haystack.contains(&needle))
                .collect();
            match self.sort {
                SortBy::Outlet => self.order.sort_by(|&a, &b| {
                    let (a, b) = (&rows[a], &rows[b]);
                    // Rows not read yet have no metadata to sort by.
                    (a.loading, &a.meta.outlet, &a.title).cmp(&(
                        b.loading,
                        &b.meta.outlet,
                        &b.title,
                    ))
                }),
                SortBy::Date => self.order.sort_by(|&a, &b| {
                    let (a, b) = (&rows[a], &rows[b]);
                    (a.loading, &a.meta.published, &a.meta.outlet).cmp(&(
                        b.loading,
                        &b.meta.published,
                        &b.meta.outlet,
                    ))
                }),
            }
            self.ordered_for = Some((self.filter.clone(), self.sort, self.rows_version));
        }
    }

    /// The titles as listed, in order (for tests and the frame bench).
    pub fn listed(&self) -> impl Iterator<Item = (&ArticleId, &str, [usize; 3])> {
        self.order.iter().map(|&i| {
            let row = &self.rows[i];
            (&row.id, row.title.as_str(), row.counts)
        })
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, view: ListView) -> Vec<Command> {
        self.refresh(&view);
        let mut out = Vec::new();
        ui.add_space(4.0);
        ui.horizontal(|ui| {
            ui.heading("Articles");
            ui.weak(format!("{}", self.rows.len()));
        });
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("Filter by outlet, title, id")
                .desired_width(f32::INFINITY),
        );
        ui.horizontal(|ui| {
            ui.label("Sort by");
            ui.selectable_value(&mut self.sort, SortBy::Outlet, "outlet");
            ui.selectable_value(&mut self.sort, SortBy::Date, "date");
        });
        ui.separator();
        self.picked.retain(|a| view.corpus.get(a).is_some());
        if self.picked.is_empty() {
            ui.weak("Ctrl+click articles to compare them side by side");
        } else {
            ui.horizontal(|ui| {
                let n = self.picked.len();
                if ui
                    .add_enabled(n >= 2, egui::Button::new(format!("Compare {n}")))
                    .on_hover_text("Show the picked articles side by side (up to four)")
                    .clicked()
                {
                    out.push(Command::Compare(std::mem::take(&mut self.picked)));
                }
                if ui.button("Clear").clicked() {
                    self.picked.clear();
                }
            });
        }
        bad_articles(ui, view.corpus.problems());

        let dark = ui.visuals().dark_mode;
        let body = ui.text_style_height(&egui::TextStyle::Body);
        let small = ui.text_style_height(&egui::TextStyle::Small);
        let gap = ui.spacing().item_spacing.y;
        // Every row the same height, so only the visible ones are laid out.
        let margin = egui::Margin::symmetric(6, 4);
        // The outlet and counts lines are rows of widgets, at least
        // `interact_size` tall; the title is one line of text.
        let line = ui.spacing().interact_size.y.max(body).max(small);
        let height = 2.0 * line + body + 2.0 * gap + margin.sum().y;
        egui::ScrollArea::vertical().auto_shrink(false).show_rows(
            ui,
            height,
            self.order.len(),
            |ui, range| {
                for &i in &self.order[range] {
                    let row = &self.rows[i];
                    let selected = view.open == Some(&row.id);
                    let picked = self.picked.contains(&row.id);
                    let response = row_ui(ui, row, selected, picked, height, margin, dark);
                    if response.clicked() {
                        // The release's own modifiers: Ctrl may be let go
                        // in the same frame as the button.
                        let ctrl = ui.input(|i| {
                            i.modifiers.command
                                || i.events.iter().any(|e| {
                                    matches!(e, egui::Event::PointerButton { pressed: false, modifiers, .. } if modifiers.command)
                                })
                        });
                        if ctrl {
                            // The open article is where a comparison starts.
                            if self.picked.is_empty()
                                && let Some(open) = view.open.filter(|o| **o != row.id)
                            {
                                self.picked.push(open.clone());
                            }
                            match self.picked.iter().position(|a| *a == row.id) {
                                Some(p) => {
                                    self.picked.remove(p);
                                }
                                None => self.picked.push(row.id.clone()),
                            }
                        } else {
                            out.push(Command::OpenArticle(row.id.clone()));
                        }
                    }
                }
            },
        );
        out
    }
}

/// One article's row, exactly `height` tall; the response is its click.
fn row_ui(
    ui: &mut egui::Ui,
    row: &Row,
    selected: bool,
    picked: bool,
    height: f32,
    margin: egui::Margin,
    dark: bool,
) -> egui::Response {
    let (rect, _) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), height),
        egui::Sense::hover(),
    );
    let mut child = ui.new_child(egui::UiBuilder::new().max_rect(rect));
    child.set_clip_rect(rect.intersect(ui.clip_rect()));
    let ui = &mut child;
    egui::Frame::new()
        .inner_margin(margin)
        .corner_radius(4.0)
        .fill(if selected {
            ui.visuals().selection.bg_fill.gamma_multiply(0.35)
        } else {
            egui::Color32::TRANSPARENT
        })
        .stroke(if picked {
            egui::Stroke::new(1.5, ui.visuals().selection.bg_fill)
        } else {
            egui::Stroke::NONE
        })
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.set_height(height - margin.sum().y);
            ui.horizontal(|ui| {
                let outlet = match row.meta.outlet.as_str() {
                    _ if row.loading => "…",
                    "" => "(no outlet)",
                    outlet => outlet,
                };
                let strong = egui::TextFormat::simple(
                    egui::TextStyle::Body.resolve(ui.style()),
                    ui.visuals().strong_text_color(),
                );
                ui.add(
                    egui::Label::new(text_layout::visual_line(outlet, strong)).selectable(false),
                );
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
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    ui.weak(&row.meta.published);
                });
            });
            let color = if row.untitled {
                ui.visuals().weak_text_color()
            } else {
                ui.visuals().text_color()
            };
            let format = egui::TextFormat::simple(egui::TextStyle::Body.resolve(ui.style()), color);
            let title = text_layout::fitted_line(ui, &row.title, format);
            ui.add(egui::Label::new(title).truncate().selectable(false));
            ui.horizontal(|ui| {
                if row.loading {
                    ui.weak(egui::RichText::new("annotations not read yet").small());
                }
                for kind in KindName::ALL.into_iter().filter(|_| !row.loading) {
                    let n = row.counts[kind as usize];
                    ui.label(
                        egui::RichText::new(format!("{n} {}", plural(kind, n)))
                            .small()
                            .color(kind_color(kind, dark)),
                    );
                }
                if !row.untitled {
                    ui.add(
                        egui::Label::new(egui::RichText::new(row.id.as_str()).small().weak())
                            .truncate()
                            .selectable(false),
                    );
                }
            });
        });
    ui.interact(rect, ui.scope_id().with(&row.id), egui::Sense::click())
        .on_hover_text(row.id.as_str())
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
