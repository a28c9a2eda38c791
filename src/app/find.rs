//! Find in the article (Ctrl+F: a bar over the text, matches highlighted,
//! Enter for the next) and across the corpus (Ctrl+Shift+F: a results list).
//!
//! A panel of the usual shape: [`FindState`] owns the queries, matches and
//! a folded copy of each article searched; its `ui`s read a narrow view and
//! return [`Command`]s.
//!
//! Matching is in the text module's matching form ([`unicode::fold_into`]:
//! case folded, NFKC, punctuation and spaces one word break), so "north
//! korea" finds "North-Korea" and "STRASSE" finds "Straße". Each article is
//! folded once per corpus (lazily, the first time it is searched), not per
//! keystroke; a keystroke then costs a substring search of one article, and
//! the corpus search runs a few milliseconds a frame until done.

use crate::app::command::Command;
use crate::core::article::Corpus;
use crate::core::model::{AnnotationSet, ArticleId};
use crate::core::text::{Text, unicode};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant};
use unicode_segmentation::UnicodeSegmentation;

/// Results listed at most; the count says how many there were.
const MAX_CORPUS_RESULTS: usize = 500;

/// Time the corpus search may take per frame.
const CORPUS_BUDGET: Duration = Duration::from_millis(3);

/// An article's text in matching form, with the way back to its chars.
///
/// Folding changes lengths ("ß" is "ss", a run of spaces one space), so each
/// grapheme cluster of the text is folded on its own and every folded char
/// remembers the char where its cluster starts; a match covers whole
/// clusters of the original. Kept compact (about two bytes per char): per
/// folded byte the step from the previous folded char's source char, with
/// an absolute source every [`CHECK`] bytes.
struct Folded {
    text: String,
    /// Per byte of `text`: source char of its char minus that of the
    /// previous folded char (0 for continuation bytes); [`FAR`] means the
    /// absolute source is in `far`.
    steps: Vec<u8>,
    /// Source char of byte `i * CHECK`.
    checks: Vec<u32>,
    far: HashMap<u32, u32>,
}

const CHECK: usize = 64;
const FAR: u8 = u8::MAX;

impl Folded {
    fn new(text: &Text) -> Self {
        let s = text.as_str();
        let mut folded = Folded {
            text: String::with_capacity(s.len()),
            steps: Vec::with_capacity(s.len()),
            checks: Vec::with_capacity(s.len() / CHECK + 1),
            far: HashMap::new(),
        };
        // Clusters that fold to nothing either vanish inside a word (an
        // apostrophe, a soft hyphen) or break words; asked of the fold once
        // per distinct cluster.
        let mut breaks: HashMap<&str, bool> = HashMap::new();
        let (mut last_src, mut pending_break, mut chars) = (0usize, false, 0usize);
        for cluster in s.graphemes(true) {
            let at = chars;
            chars += cluster.chars().count();
            let mut out = String::new();
            unicode::fold_into(cluster, |c| out.push(c));
            if out.is_empty() {
                pending_break |= *breaks
                    .entry(cluster)
                    .or_insert_with(|| unicode::fold(&format!("a{cluster}a")) != "aa");
                continue;
            }
            if std::mem::take(&mut pending_break) && !folded.text.is_empty() {
                // Mapped to the word after it: a match never starts or
                // ends on a break (folded queries have none at their ends).
                folded.push(' ', at, &mut last_src);
            }
            for c in out.chars() {
                folded.push(c, at, &mut last_src);
            }
        }
        folded
    }

    fn push(&mut self, c: char, src: usize, last: &mut usize) {
        let start = self.text.len();
        self.text.push(c);
        for byte in start..self.text.len() {
            if byte % CHECK == 0 {
                self.checks.push(src as u32);
            }
            let step = if byte > start {
                0
            } else {
                match u8::try_from(src - *last) {
                    Ok(step) if step < FAR => step,
                    _ => {
                        self.far.insert(byte as u32, src as u32);
                        FAR
                    }
                }
            };
            self.steps.push(step);
        }
        *last = src;
    }

    /// The source char of the folded char holding byte `byte`.
    fn source(&self, byte: usize) -> usize {
        let base = byte / CHECK * CHECK;
        let mut sum = 0usize;
        let mut b = byte;
        loop {
            if b == base {
                return self.checks[b / CHECK] as usize + sum;
            }
            if self.steps[b] == FAR {
                return self.far[&(b as u32)] as usize + sum;
            }
            sum += self.steps[b] as usize;
            b -= 1;
        }
    }

    /// Every match of `needle` (already folded), as char ranges of
    /// `original`, up to `limit`; and the total count.
    fn find(&self, original: &Text, needle: &str, limit: usize) -> (Vec<Range<usize>>, usize) {
        let mut found = Vec::new();
        let mut total = 0;
        for (byte, m) in self.text.match_indices(needle) {
            total += 1;
            if found.len() >= limit {
                continue;
            }
            let last = m.char_indices().last().map_or(0, |(i, _)| i);
            let start = self.source(byte);
            let end_cluster = self.source(byte + last);
            found.push(start..cluster_end(original, end_cluster));
        }
        (found, total)
    }
}

/// The char after the grapheme cluster starting at char `at`.
fn cluster_end(text: &Text, at: usize) -> usize {
    let rest = text
        .char_to_byte(at)
        .and_then(|b| text.as_str().get(b..))
        .unwrap_or("");
    at + rest.graphemes(true).next().map_or(0, |g| g.chars().count())
}

/// Every occurrence of `query` in `text` in matching form (see the module
/// comment), up to `limit`, and the total count. A query of only
/// punctuation has no matching form and is looked for as typed. Folds
/// `text` on each call: the panel keeps folded articles instead.
pub fn find_all(text: &Text, query: &str, limit: usize) -> (Vec<Range<usize>>, usize) {
    Query::new(query).find(text, None, limit)
}

/// A query in matching form, or as typed when that is empty.
struct Query {
    folded: String,
    typed: String,
}

impl Query {
    fn new(typed: &str) -> Self {
        Query {
            folded: unicode::fold(typed),
            typed: typed.to_owned(),
        }
    }

    fn find(
        &self,
        text: &Text,
        folded: Option<&Folded>,
        limit: usize,
    ) -> (Vec<Range<usize>>, usize) {
        if !self.folded.is_empty() {
            return match folded {
                Some(f) => f.find(text, &self.folded, limit),
                None => Folded::new(text).find(text, &self.folded, limit),
            };
        }
        if self.typed.trim().is_empty() {
            return (Vec::new(), 0);
        }
        let mut found = Vec::new();
        let mut total = 0;
        for (byte, m) in text.as_str().match_indices(self.typed.as_str()) {
            total += 1;
            if found.len() < limit
                && let (Some(s), Some(e)) =
                    (text.byte_to_char(byte), text.byte_to_char(byte + m.len()))
            {
                found.push(s..e);
            }
        }
        (found, total)
    }
}

/// Folded articles of one corpus, made as they are first searched.
#[derive(Default)]
struct Index {
    /// The corpus they are of; held, so a new corpus is never taken for it.
    corpus: Option<Arc<Corpus>>,
    folded: HashMap<ArticleId, Folded>,
}

impl Index {
    fn get(&mut self, corpus: &Arc<Corpus>, article: &ArticleId) -> Option<&Folded> {
        if !self.corpus.as_ref().is_some_and(|c| Arc::ptr_eq(c, corpus)) {
            self.corpus = Some(corpus.clone());
            self.folded.clear();
        }
        let text = &corpus.get(article)?.text;
        Some(
            self.folded
                .entry(article.clone())
                .or_insert_with(|| Folded::new(text)),
        )
    }
}

/// What the find bar reads.
pub struct BarView<'a> {
    pub corpus: &'a Arc<Corpus>,
    /// The article in the view.
    pub article: Option<&'a ArticleId>,
}

/// What the corpus window reads.
pub struct CorpusView<'a> {
    pub corpus: &'a Arc<Corpus>,
    /// For each hit's outlet.
    pub set: &'a AnnotationSet,
}

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
    index: Index,
    pub corpus_open: bool,
    pub corpus_query: String,
    corpus_focus: bool,
    pub corpus_results: Vec<CorpusHit>,
    pub corpus_total: usize,
    /// The query the results are of, and how many articles it has searched.
    corpus_searched: Option<(Arc<Corpus>, String)>,
    corpus_cursor: usize,
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
    fn refresh(&mut self, corpus: &Arc<Corpus>, article: &ArticleId) {
        if self
            .searched
            .as_ref()
            .is_some_and(|(a, q)| a == article && *q == self.query)
        {
            return;
        }
        let query = Query::new(&self.query);
        let text = corpus.get(article).map(|a| &a.text);
        self.matches = match (text, self.index.get(corpus, article)) {
            (Some(text), folded) => query.find(text, folded, usize::MAX).0,
            (None, _) => Vec::new(),
        };
        self.current = 0;
        self.searched = Some((article.clone(), self.query.clone()));
    }

    pub fn current_match(&self) -> Option<Range<usize>> {
        self.matches.get(self.current).cloned()
    }

    /// What the article view highlights: every match, and the current one
    /// (nothing while the bar is closed).
    pub fn matches_in_view(&self) -> (&[Range<usize>], Option<Range<usize>>) {
        match self.open {
            true => (&self.matches, self.current_match()),
            false => (&[], None),
        }
    }

    /// The find bar over the article view (nothing while closed). Asks to
    /// reveal the match the editor moved to.
    pub fn bar_ui(&mut self, ui: &mut egui::Ui, view: BarView<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let (Some(article), true) = (view.article, self.open) else {
            return commands;
        };
        let mut go = None;
        ui.horizontal(|ui| {
            ui.label("Find");
            let edit = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .id_salt("find-in-article")
                    .hint_text("text in this article")
                    .desired_width(240.0),
            );
            if std::mem::take(&mut self.focus) {
                edit.request_focus();
            }
            self.refresh(view.corpus, article);
            let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            let back = enter && ui.input(|i| i.modifiers.shift);
            let count = self.matches.len();
            if count > 0 {
                ui.label(format!("{} of {count}", self.current + 1));
            } else if !self.query.is_empty() {
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
                self.close();
                return;
            }
            if count > 0 && (enter || prev || next) {
                self.current = if back || prev {
                    (self.current + count - 1) % count
                } else {
                    (self.current + 1) % count
                };
                go = self.current_match();
            }
            if enter {
                edit.request_focus();
            }
            if edit.changed() {
                go = self.current_match();
            }
        });
        if let Some(range) = go {
            commands.push(Command::RevealSpan {
                article: article.clone(),
                start: range.start,
                end: range.end,
            });
        }
        commands
    }

    /// Searches on from where the last frame stopped, for about
    /// [`CORPUS_BUDGET`] (at least one article).
    fn search_corpus(&mut self, corpus: &Arc<Corpus>) {
        let fresh = !self
            .corpus_searched
            .as_ref()
            .is_some_and(|(c, q)| Arc::ptr_eq(c, corpus) && *q == self.corpus_query);
        if fresh {
            self.corpus_searched = Some((corpus.clone(), self.corpus_query.clone()));
            self.corpus_results.clear();
            self.corpus_total = 0;
            self.corpus_cursor = 0;
        }
        if self.corpus_query.is_empty() {
            return;
        }
        let query = Query::new(&self.corpus_query);
        let deadline = Instant::now() + CORPUS_BUDGET;
        for article in corpus.articles().skip(self.corpus_cursor) {
            let room = MAX_CORPUS_RESULTS.saturating_sub(self.corpus_results.len());
            let folded = self.index.get(corpus, &article.id);
            let (found, total) = query.find(&article.text, folded, room);
            self.corpus_total += total;
            self.corpus_results
                .extend(found.into_iter().map(|range| CorpusHit {
                    context: context(&article.text, &range),
                    article: article.id.clone(),
                    range,
                }));
            self.corpus_cursor += 1;
            if Instant::now() >= deadline {
                break;
            }
        }
    }

    /// The find-across-articles window; asks to reveal the hit clicked.
    pub fn corpus_window(&mut self, ctx: &egui::Context, view: CorpusView<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let mut open = self.corpus_open;
        egui::Window::new("Find in all articles")
            .open(&mut open)
            .default_width(520.0)
            .default_height(360.0)
            .show(ctx, |ui| {
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut self.corpus_query)
                        .id_salt("find-in-corpus")
                        .hint_text("text in any article")
                        .desired_width(f32::INFINITY),
                );
                if std::mem::take(&mut self.corpus_focus) {
                    edit.request_focus();
                }
                self.search_corpus(view.corpus);
                let searching = self.corpus_cursor < view.corpus.len();
                if !self.corpus_query.is_empty() {
                    let shown = self.corpus_results.len();
                    let mut line = format!("{} matches", self.corpus_total);
                    if self.corpus_total > shown {
                        line.push_str(&format!(", first {shown} shown"));
                    }
                    if searching {
                        line.push_str(&format!(
                            " (searched {} of {} articles)",
                            self.corpus_cursor,
                            view.corpus.len()
                        ));
                        ui.ctx().request_repaint();
                    }
                    ui.label(line);
                }
                ui.separator();
                egui::ScrollArea::vertical().auto_shrink(false).show_rows(
                    ui,
                    ui.text_style_height(&egui::TextStyle::Body) + 4.0,
                    self.corpus_results.len(),
                    |ui, rows| {
                        for hit in &self.corpus_results[rows] {
                            let outlet = view
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
                                commands.push(Command::RevealSpan {
                                    article: hit.article.clone(),
                                    start: hit.range.start,
                                    end: hit.range.end,
                                });
                            }
                        }
                    },
                );
            });
        self.corpus_open = open;
        commands
    }
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

    fn pairs((found, total): (Vec<Range<usize>>, usize)) -> (Vec<(usize, usize)>, usize) {
        (found.iter().map(|r| (r.start, r.end)).collect(), total)
    }

    #[test]
    fn finds_case_insensitively_in_chars() {
        let text = Text::new("Кремль said: the KREMLIN, the kremlin.".into());
        assert_eq!(
            pairs(find_all(&text, "kremlin", 10)),
            (vec![(17, 24), (30, 37)], 2)
        );
        assert_eq!(pairs(find_all(&text, "кремль", 10)), (vec![(0, 6)], 1));
        assert_eq!(pairs(find_all(&text, "", 10)), (vec![], 0));
        assert_eq!(pairs(find_all(&text, "the", 1)), (vec![(13, 16)], 2));
    }

    #[test]
    fn offsets_stay_exact_where_folding_changes_lengths() {
        // "ß" folds to two chars, "ﬁ" (one char) to two, the decomposed
        // "é" (two chars) to one, and runs of spaces and dashes to one space.
        let text = Text::new("Die Straße —  ﬁnal: Cafe\u{301} Noir, won’t".into());
        let chars: Vec<char> = text.as_str().chars().collect();
        let of = |r: &(usize, usize)| chars[r.0..r.1].iter().collect::<String>();
        let (found, total) = pairs(find_all(&text, "STRASSE", 10));
        assert_eq!(
            (found.iter().map(of).collect::<Vec<_>>(), total),
            (vec!["Straße".to_owned()], 1)
        );
        let (found, _) = pairs(find_all(&text, "strasse final", 10));
        assert_eq!(of(&found[0]), "Straße —  ﬁnal");
        let (found, _) = pairs(find_all(&text, "café noir", 10));
        assert_eq!(of(&found[0]), "Cafe\u{301} Noir");
        // A match ending inside a cluster's folding takes the whole cluster.
        let (found, _) = pairs(find_all(&text, "stras", 10));
        assert_eq!(of(&found[0]), "Straß");
        let (found, _) = pairs(find_all(&text, "wont", 10));
        assert_eq!(of(&found[0]), "won’t");
        // Punctuation alone is looked for as typed.
        let (found, total) = pairs(find_all(&text, "—", 10));
        assert_eq!((of(&found[0]).as_str(), total), ("—", 1));
    }

    #[test]
    fn far_and_checkpointed_sources_are_exact() {
        // A word after 600 dashes (a step too long for a byte) and after
        // many checkpoints.
        let mut s = "x ".repeat(100);
        s.push_str(&"—".repeat(600));
        s.push_str("Ziel");
        let text = Text::new(s);
        let start = 200 + 600;
        assert_eq!(
            pairs(find_all(&text, "ziel", 10)),
            (vec![(start, start + 4)], 1)
        );
        let folded = Folded::new(&text);
        for (byte, _) in folded.text.char_indices() {
            let src = folded.source(byte);
            assert!(src < text.len_chars());
        }
        assert_eq!(folded.source(0), 0);
        assert_eq!(folded.source(2), 2);
    }
}
