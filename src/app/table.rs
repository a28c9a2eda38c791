//! The annotation table: every annotation of the open article or of the whole
//! corpus, sortable by column and filterable by kind, speaker, proposition
//! and text. Only visible rows are laid out, and the filtered, sorted row
//! list is rebuilt only when the set, the filters or the sort change, so
//! tens of thousands of rows stay smooth.

use crate::app::command::Command;
use crate::app::registry::{excerpt, target_label};
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, EntityId, Kind, KindName, Polarity,
};
use egui_extras::{Column, TableBuilder};

/// Which annotations the table lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    Article,
    Corpus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SortBy {
    Article,
    Position,
    Kind,
    Text,
    Speaker,
    Link,
}

const COLUMNS: [(SortBy, &str); 6] = [
    (SortBy::Article, "Article"),
    (SortBy::Position, "Position"),
    (SortBy::Kind, "Kind"),
    (SortBy::Text, "Text"),
    (SortBy::Speaker, "Speaker / holder"),
    (SortBy::Link, "Proposition / utterance / target"),
];

/// Everything the row list depends on; a change rebuilds it.
#[derive(Clone, Debug, PartialEq)]
struct Key {
    revision: u64,
    scope: Scope,
    article: Option<ArticleId>,
    kind: Option<KindName>,
    speaker: String,
    link: String,
    text: String,
    sort: SortBy,
    ascending: bool,
}

/// Rows as (article slot, index within the article): cheap to keep and to
/// look up while the set is unchanged.
struct Rows {
    articles: Vec<ArticleId>,
    rows: Vec<(u32, u32)>,
}

impl Rows {
    fn get<'s>(&self, set: &'s AnnotationSet, row: usize) -> Option<&'s Annotation> {
        let (article, index) = *self.rows.get(row)?;
        let article = self.articles.get(article as usize)?;
        set.annotations_of(article).get(index as usize)
    }
}

pub struct AnnotationTable {
    pub scope: Scope,
    kind: Option<KindName>,
    speaker: String,
    link: String,
    text: String,
    sort: SortBy,
    ascending: bool,
    cache: Option<(Key, Rows)>,
}

impl Default for AnnotationTable {
    fn default() -> Self {
        Self {
            scope: Scope::Article,
            kind: None,
            speaker: String::new(),
            link: String::new(),
            text: String::new(),
            sort: SortBy::Article,
            ascending: true,
            cache: None,
        }
    }
}

fn entity_name(set: &AnnotationSet, id: Option<&EntityId>, none: &str) -> String {
    match id {
        None => none.to_owned(),
        Some(id) => set
            .entities()
            .get(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone()),
    }
}

/// Who speaks (quote), holds the stance or makes the claim.
fn speaker(set: &AnnotationSet, a: &Annotation) -> String {
    match &a.kind {
        Kind::Quote(q) => entity_name(set, q.speaker.as_ref(), "—"),
        Kind::Claim(c) => entity_name(set, c.attributed_to.as_ref(), "the outlet"),
        Kind::Stance(s) => entity_name(set, s.holder.as_ref(), "the outlet"),
    }
}

/// What the annotation links to: proposition, utterance or stance target.
fn link(set: &AnnotationSet, a: &Annotation) -> String {
    match &a.kind {
        Kind::Claim(c) => {
            let statements: Vec<String> = c
                .propositions
                .iter()
                .map(|p| {
                    set.propositions()
                        .get(p)
                        .map_or_else(|| p.to_string(), |p| excerpt(&p.statement, 60))
                })
                .collect();
            statements.join(" · ")
        }
        Kind::Quote(q) => q.utterance.as_ref().map_or_else(String::new, |u| {
            set.utterances()
                .get(u)
                .map_or_else(|| u.to_string(), |u| excerpt(&u.wording, 60))
        }),
        Kind::Stance(s) => {
            let polarity = s.polarity.map_or("?", |p| match p {
                Polarity::Favor => "for",
                Polarity::Against => "against",
                Polarity::Neutral => "neutral on",
            });
            let target = s
                .target
                .as_ref()
                .map_or_else(|| "?".to_owned(), |t| target_label(set, t));
            format!("{polarity} {target}")
        }
    }
}

/// Whether the text contains the (lowercase) needle, ignoring case. The text
/// is only made when there is a needle: most rebuilds filter on nothing.
fn contains(text: impl FnOnce() -> String, needle_lower: &str) -> bool {
    needle_lower.is_empty() || text().to_lowercase().contains(needle_lower)
}

impl AnnotationTable {
    pub fn new() -> Self {
        Self::default()
    }

    fn key(&self, article: Option<&ArticleId>, revision: u64) -> Key {
        Key {
            revision,
            scope: self.scope,
            article: article.cloned(),
            kind: self.kind,
            speaker: self.speaker.to_lowercase(),
            link: self.link.to_lowercase(),
            text: self.text.to_lowercase(),
            sort: self.sort,
            ascending: self.ascending,
        }
    }

    fn build(key: &Key, set: &AnnotationSet) -> Rows {
        let articles: Vec<ArticleId> = match (key.scope, &key.article) {
            (Scope::Corpus, _) => set.articles().keys().cloned().collect(),
            (Scope::Article, Some(article)) => vec![article.clone()],
            (Scope::Article, None) => vec![],
        };
        let mut rows: Vec<(u32, u32)> = Vec::new();
        for (slot, article) in articles.iter().enumerate() {
            for (index, a) in set.annotations_of(article).iter().enumerate() {
                let keep = key.kind.is_none_or(|k| a.kind.name() == k)
                    && contains(|| a.span.exact().to_owned(), &key.text)
                    && contains(|| speaker(set, a), &key.speaker)
                    && contains(|| link(set, a), &key.link);
                if keep {
                    rows.push((slot as u32, index as u32));
                }
            }
        }
        let mut out = Rows { articles, rows };
        // Rows come out in article then text order, which is the order for
        // Article and Position; the other columns sort stably on top.
        let get = |r: &(u32, u32)| {
            let article = &out.articles[r.0 as usize];
            &set.annotations_of(article)[r.1 as usize]
        };
        match key.sort {
            SortBy::Article => {}
            SortBy::Position => {
                out.rows.sort_by_key(|r| {
                    let a = get(r);
                    (a.span.start, a.span.end)
                });
            }
            SortBy::Kind => out.rows.sort_by_key(|r| get(r).kind.name()),
            SortBy::Text => out
                .rows
                .sort_by_cached_key(|r| get(r).span.exact().to_lowercase()),
            SortBy::Speaker => out.rows.sort_by_cached_key(|r| speaker(set, get(r))),
            SortBy::Link => out.rows.sort_by_cached_key(|r| link(set, get(r))),
        }
        if !key.ascending {
            out.rows.reverse();
        }
        out
    }

    /// Shows the table. `article` is the open article (for [`Scope::Article`]),
    /// `selected` the selected annotation (highlighted), and `revision` must
    /// change whenever the set changes. A row click returns
    /// [`Command::SelectAnnotation`].
    pub fn ui(
        &mut self,
        ui: &mut egui::Ui,
        set: &AnnotationSet,
        article: Option<&ArticleId>,
        selected: Option<&AnnotationId>,
        revision: u64,
    ) -> Vec<Command> {
        self.filters_ui(ui);
        let key = self.key(article, revision);
        if self.cache.as_ref().is_none_or(|(k, _)| *k != key) {
            let rows = Self::build(&key, set);
            self.cache = Some((key, rows));
        }
        let Some((_, rows)) = &self.cache else {
            return vec![];
        };
        ui.label(format!("{} annotations", rows.rows.len()));
        let mut out = Vec::new();
        let mut sort_clicked = None;
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
        // Stay inside the bottom panel: the builder's defaults (at least
        // 200 px of body) would push the panel over the article text.
        let height = ui.available_height();
        // Sideways scrolling keeps wide columns from widening the panel.
        egui::ScrollArea::horizontal()
            .id_salt("annotation table columns")
            .show(ui, |ui| {
                TableBuilder::new(ui)
                    .id_salt("annotation table")
                    .min_scrolled_height(0.0)
                    .max_scroll_height(height)
                    .striped(true)
                    .sense(egui::Sense::click())
                    .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
                    .column(Column::auto().at_least(90.0).clip(true).resizable(true))
                    .column(Column::auto().at_least(60.0))
                    .column(Column::auto().at_least(50.0))
                    .column(Column::initial(320.0).clip(true).resizable(true))
                    .column(Column::initial(140.0).clip(true).resizable(true))
                    .column(Column::remainder().clip(true))
                    .header(row_height, |mut header| {
                        for (column, title) in COLUMNS {
                            header.col(|ui| {
                                let arrow = match (self.sort == column, self.ascending) {
                                    (false, _) => "",
                                    (true, true) => " ^",
                                    (true, false) => " v",
                                };
                                if ui
                                    .selectable_label(
                                        self.sort == column,
                                        format!("{title}{arrow}"),
                                    )
                                    .clicked()
                                {
                                    sort_clicked = Some(column);
                                }
                            });
                        }
                    })
                    .body(|body| {
                        body.rows(row_height, rows.rows.len(), |mut row| {
                            let Some(a) = rows.get(set, row.index()) else {
                                return;
                            };
                            row.set_selected(selected == Some(&a.id));
                            let texts = [
                                a.article.to_string(),
                                format!("{}–{}", a.span.start, a.span.end),
                                a.kind.name().as_str().to_owned(),
                                excerpt(a.span.exact(), 120),
                                speaker(set, a),
                                link(set, a),
                            ];
                            for text in texts {
                                // Not selectable: a selectable label would take the
                                // click meant for the row.
                                row.col(|ui| {
                                    let format = egui::TextFormat::simple(
                                        egui::TextStyle::Body.resolve(ui.style()),
                                        ui.visuals().text_color(),
                                    );
                                    let line =
                                        crate::app::text_layout::fitted_line(ui, &text, format);
                                    ui.add(egui::Label::new(line).selectable(false).truncate());
                                });
                            }
                            if row.response().clicked() {
                                out.push(Command::SelectAnnotation(a.id.clone()));
                            }
                        });
                    });
            });
        if let Some(column) = sort_clicked {
            if self.sort == column {
                self.ascending = !self.ascending;
            } else {
                self.sort = column;
                self.ascending = true;
            }
        }
        out
    }

    fn filters_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.selectable_value(&mut self.scope, Scope::Article, "This article");
            ui.selectable_value(&mut self.scope, Scope::Corpus, "Whole corpus");
            ui.separator();
            let label = ui.label("Kind");
            egui::ComboBox::from_id_salt("table kind")
                .selected_text(self.kind.map_or("all", KindName::as_str))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.kind, None, "all");
                    for kind in KindName::ALL {
                        ui.selectable_value(&mut self.kind, Some(kind), kind.as_str());
                    }
                })
                .response
                .labelled_by(label.id);
            for (name, value) in [
                ("Speaker", &mut self.speaker),
                ("Proposition", &mut self.link),
                ("Text", &mut self.text),
            ] {
                let label = ui.label(name);
                ui.add(egui::TextEdit::singleline(value).desired_width(110.0))
                    .labelled_by(label.id);
            }
        });
    }
}
