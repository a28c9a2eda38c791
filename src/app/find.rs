//! Find in the article (Ctrl+F: a bar over the text, matches highlighted,
//! Enter for the next) and across the corpus (Ctrl+Shift+F: a results list).

use crate::app::command::Command;
use crate::app::state::ConcordApp;
use crate::core::model::ArticleId;
use crate::core::text::Text;
use std::ops::Range;

/// Results listed at most; the count says how many there were.
const MAX_CORPUS_RESULTS: usize = 500;

#[derive(Default)]
pub struct FindState {
    pub open: bool,
    pub query: String,
    /// Matches in the article, char ranges in text order.
    pub matches: Vec<Range<usize>>,
    pub current: usize,
    /// What `matches` were computed for.
    searched: Option<(ArticleId, String)>,
    focus: bool,
    pub corpus_open: bool,
    pub corpus_query: String,
    corpus_focus: bool,
    pub corpus_results: Vec<CorpusHit>,
    pub corpus_total: usize,
    corpus_searched: String,
}

pub struct CorpusHit {
    pub article: ArticleId,
    pub range: Range<usize>,
    pub context: String,
}

impl FindState {
    pub fn open_in_article(&mut self) {
        self.open = true;
        self.focus = true;
    }
    pub fn open_in_corpus(&mut self) {
        self.corpus_open = true;
        self.corpus_focus = true;
    }
    pub fn close(&mut self) {
        self.open = false;
        self.matches.clear();
        self.searched = None;
    }

    /// Recomputes matches when the article or query changed.
    fn refresh(&mut self, article: &ArticleId, text: &Text) {
        let key = (article.clone(), self.query.clone());
        if self.searched.as_ref() == Some(&key) {
            return;
        }
        self.matches = find_all(text, &self.query, usize::MAX).0;
        self.current = 0;
        self.searched = Some(key);
    }

    pub fn current_match(&self) -> Option<Range<usize>> {
        self.matches.get(self.current).cloned()
    }
}

/// Every occurrence of `query` in `text` (case-insensitive where lowercasing
/// keeps byte lengths, which covers nearly all text), up to `limit`, and the
/// total count.
pub fn find_all(text: &Text, query: &str, limit: usize) -> (Vec<Range<usize>>, usize) {
    if query.is_empty() {
        return (Vec::new(), 0);
    }
    let hay = text.as_str().to_lowercase();
    let needle = query.to_lowercase();
    let (hay, needle) = if hay.len() == text.as_str().len() && needle.len() == query.len() {
        (hay, needle)
    } else {
        (text.as_str().to_owned(), query.to_owned())
    };
    let mut found = Vec::new();
    let mut total = 0;
    for (byte, m) in hay.match_indices(&needle) {
        total += 1;
        if found.len() < limit
            && let (Some(s), Some(e)) = (text.byte_to_char(byte), text.byte_to_char(byte + m.len()))
        {
            found.push(s..e);
        }
    }
    (found, total)
}

/// The find bar over the article view; returns the match to scroll to when
/// the editor moved to another one.
pub fn bar_ui(ui: &mut egui::Ui, app: &mut ConcordApp) -> Option<Range<usize>> {
    let find = &mut app.find;
    let (Some(article), true) = (&app.article, find.open) else {
        return None;
    };
    let text = &app.project.corpus.get(article)?.text;
    let mut go = None;
    ui.horizontal(|ui| {
        ui.label("Find");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut find.query)
                .id_salt("find-in-article")
                .hint_text("text in this article")
                .desired_width(240.0),
        );
        if std::mem::take(&mut find.focus) {
            edit.request_focus();
        }
        find.refresh(article, text);
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let back = enter && ui.input(|i| i.modifiers.shift);
        let count = find.matches.len();
        if count > 0 {
            ui.label(format!("{} of {count}", find.current + 1));
        } else if !find.query.is_empty() {
            ui.colored_label(ui.visuals().warn_fg_color, "no match");
        }
        let prev = ui
            .small_button("Previous")
            .on_hover_text("Previous (Shift+Enter)")
            .clicked();
        let next = ui
            .small_button("Next")
            .on_hover_text("Next (Enter)")
            .clicked();
        if ui.small_button("×").on_hover_text("Close (Esc)").clicked() {
            find.close();
            return;
        }
        if count > 0 && (enter || prev || next) {
            find.current = if back || prev {
                (find.current + count - 1) % count
            } else {
                (find.current + 1) % count
            };
            go = find.current_match();
        }
        if enter {
            edit.request_focus();
        }
        if edit.changed() {
            go = find.current_match();
        }
    });
    go
}

/// The find-across-articles window.
pub fn corpus_window(ctx: &egui::Context, app: &mut ConcordApp) {
    let mut open = app.find.corpus_open;
    egui::Window::new("Find in all articles")
        .open(&mut open)
        .default_width(520.0)
        .default_height(360.0)
        .show(ctx, |ui| {
            let find = &mut app.find;
            let edit = ui.add(
                egui::TextEdit::singleline(&mut find.corpus_query)
                    .id_salt("find-in-corpus")
                    .hint_text("text in any article")
                    .desired_width(f32::INFINITY),
            );
            if std::mem::take(&mut find.corpus_focus) {
                edit.request_focus();
            }
            if find.corpus_searched != find.corpus_query {
                find.corpus_searched = find.corpus_query.clone();
                find.corpus_results.clear();
                find.corpus_total = 0;
                for article in app.project.corpus.articles() {
                    let room = MAX_CORPUS_RESULTS.saturating_sub(find.corpus_results.len());
                    let (found, total) = find_all(&article.text, &find.corpus_query, room);
                    find.corpus_total += total;
                    find.corpus_results
                        .extend(found.into_iter().map(|range| CorpusHit {
                            context: context(&article.text, &range),
                            article: article.id.clone(),
                            range,
                        }));
                }
            }
            if !find.corpus_query.is_empty() {
                ui.label(format!(
                    "{} matches{}",
                    find.corpus_total,
                    if find.corpus_total > find.corpus_results.len() {
                        format!(", first {} shown", find.corpus_results.len())
                    } else {
                        String::new()
                    }
                ));
            }
            ui.separator();
            egui::ScrollArea::vertical().auto_shrink(false).show_rows(
                ui,
                ui.text_style_height(&egui::TextStyle::Body) + 4.0,
                find.corpus_results.len(),
                |ui, rows| {
                    for hit in &find.corpus_results[rows] {
                        let outlet = app
                            .project
                            .set
                            .article(&hit.article)
                            .map(|a| a.record.meta.outlet.as_str())
                            .filter(|o| !o.is_empty())
                            .unwrap_or(hit.article.as_str());
                        let label = format!("{outlet}  ·  {}", hit.context);
                        if ui
                            .add(egui::Button::new(label).frame(false).truncate())
                            .clicked()
                        {
                            app.commands.push(Command::RevealSpan {
                                article: hit.article.clone(),
                                start: hit.range.start,
                                end: hit.range.end,
                            });
                        }
                    }
                },
            );
        });
    app.find.corpus_open = open;
}

/// The match with some words either side, on one line.
fn context(text: &Text, range: &Range<usize>) -> String {
    const SIDE: usize = 40;
    let from = range.start.saturating_sub(SIDE);
    let to = (range.end + SIDE).min(text.len_chars());
    let snippet = text.slice(from..to).unwrap_or_default();
    let mut s: String = snippet
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    if from > 0 {
        s.insert(0, '…');
    }
    if to < text.len_chars() {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_case_insensitively_in_chars() {
        let text = Text::new("Кремль said: the KREMLIN, the kremlin.".into());
        let pairs = |(found, total): (Vec<Range<usize>>, usize)| {
            let found: Vec<(usize, usize)> = found.iter().map(|r| (r.start, r.end)).collect();
            (found, total)
        };
        assert_eq!(
            pairs(find_all(&text, "kremlin", 10)),
            (vec![(17, 24), (30, 37)], 2)
        );
        assert_eq!(pairs(find_all(&text, "кремль", 10)), (vec![(0, 6)], 1));
        assert_eq!(pairs(find_all(&text, "", 10)), (vec![], 0));
        assert_eq!(pairs(find_all(&text, "the", 1)), (vec![(13, 16)], 2));
    }
}
