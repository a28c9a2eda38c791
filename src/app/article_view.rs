//! The article view: the text with every annotation highlighted, hover and
//! click on highlights, and drag selection for new annotations.
//!
//! Speed: the text is cut into blocks (lines, long ones cut further); only
//! blocks in the viewport are laid out and painted, each block's galley is
//! cached (it holds plain text; highlights are painted as shapes, so edits
//! never invalidate it), and heights of blocks not yet laid out are estimated.
//! Char offsets turn into bytes only here, at the egui boundary. Each block
//! is laid out by [`text_layout`], which handles right-to-left paragraphs.
//!
//! The view is a panel like the others: [`ArticleView`] is its state, it
//! reads a [`ViewInput`] and returns [`Command`]s.
//!
//! Keys: a caret that clicks place and arrows move (by char, by word with
//! Ctrl, following the screen in right-to-left paragraphs), Shift
//! extending the selection; Home/End, Ctrl+Home/End, PageUp/PageDown; the
//! selected annotation's edges moved by keys or by dragging their handles.

use crate::app::command::Command;
use crate::app::select;
use crate::app::shortcuts::{Motion, ViewKey};
use crate::app::text_layout::{self, Block as Laid};
use crate::app::widgets::{annotation_summary_ui, kind_color};
use crate::core::article::Article;
use crate::core::edit::Edit;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, ArticleMeta, ChangeMark, KindName,
};
use crate::core::suggest::Rejection;
use crate::core::text::bidi;
use egui::emath::GuiRounding as _;
use egui::{Color32, Pos2, Rect, Sense, Stroke, pos2, vec2};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

/// Blocks longer than this many chars are cut at a space, so no single
/// galley grows with the article.
const MAX_BLOCK_CHARS: usize = 3000;
/// Underline lanes reserved under each row; deeper nesting shares the last.
const LANES: usize = 3;
const LANE_PITCH: f32 = 3.0;
const BLOCK_GAP: f32 = 2.0;
const MARGIN: f32 = 12.0;

/// What the view reads each frame.
pub struct ViewInput<'a> {
    pub article: &'a Article,
    /// For the annotations of the article and the hover card's names.
    pub set: &'a AnnotationSet,
    /// Bumped on every change to the set.
    pub revision: u64,
    pub selected: Option<&'a AnnotationId>,
    /// Text selected, in chars, not yet an annotation.
    pub selection: Option<Range<usize>>,
    pub find_matches: &'a [Range<usize>],
    pub current_find: Option<Range<usize>>,
    /// Reading font size in points.
    pub text_size: f32,
    /// The view may act on keys: no text field has focus and no menu or
    /// modal prompt is open.
    pub keys: bool,
    /// In the compare view: the colours of annotations linked across
    /// columns.
    pub links: Option<Links<'a>>,
    /// Suggestions to outline, sorted by start.
    pub proposed: &'a [Proposed],
}

/// How the compare view marks annotations linked across its columns.
pub struct Links<'a> {
    /// Linked annotations and their group's colour.
    pub colors: &'a HashMap<AnnotationId, Color32>,
    /// Fade the annotations no other column shares.
    pub dim_others: bool,
}

/// A suggestion as the view draws it: a dashed outline.
#[derive(Clone, Debug, PartialEq)]
pub struct Proposed {
    pub key: Rejection,
    pub range: Range<usize>,
    pub kind: KindName,
    pub focused: bool,
    /// A link onto an annotation already there: drawn fainter, so the
    /// annotation stays what the eye sees.
    pub link: bool,
    /// What it proposes, for the pointer's tooltip.
    pub label: Arc<str>,
}

/// The article view's own state.
#[derive(Default)]
pub struct ArticleView {
    layout: Option<Layout>,
    /// A char range to scroll into view on the next frame.
    reveal: Option<Range<usize>>,
    /// The scroll offset once the estimated height shrank under it.
    clamped_offset: Option<f32>,
    /// A range just scrolled to, and how many more frames may correct it.
    revealing: Option<(Range<usize>, u8)>,
    /// Where the current drag started (char offset).
    drag_anchor: Option<usize>,
    /// The blocks painted last frame: (first char, screen position, layout).
    painted: Vec<(usize, Pos2, Arc<Laid>)>,
    /// The text area on screen last frame (what of `painted` is visible).
    shown: Option<Rect>,
    /// The caret (a char offset) and the article it is in.
    caret: Option<(ArticleId, usize)>,
    /// Keys pressed this frame, taken by the next `ui`.
    keys: Vec<ViewKey>,
    /// The x the caret keeps over Up and Down (layout coordinates).
    goal_x: Option<f32>,
    /// Keep the caret on screen, and how many more frames may correct it
    /// (heights above it may have been estimates).
    follow: Option<u8>,
    /// Where the view was last frame: its screen rect and scroll offset.
    view_rect: Option<Rect>,
    offset: f32,
    /// The selected annotation's edge being dragged by its handle.
    edge_drag: Option<EdgeDrag>,
    /// The handles at the selected annotation's start and end, as painted
    /// last frame (screen rects).
    handles: Option<[Rect; 2]>,
    /// The annotation under the pointer last frame.
    hovered: Option<AnnotationId>,
}

/// A drag of one edge of an annotation's span.
struct EdgeDrag {
    annotation: AnnotationId,
    end: bool,
    /// The span as it would be if the drag ended now.
    range: Range<usize>,
}

impl ArticleView {
    pub fn reveal(&mut self, range: Range<usize>) {
        self.reveal = Some(range);
    }

    /// The keys pressed this frame (the app's shortcut table routes them here).
    pub fn press(&mut self, keys: Vec<ViewKey>) {
        self.keys = keys;
    }

    /// The caret's char offset in `article`, if it has one there.
    pub fn caret(&self, article: &ArticleId) -> Option<usize> {
        self.caret
            .as_ref()
            .filter(|(a, _)| a == article)
            .map(|(_, c)| *c)
    }

    /// The selected annotation's start and end handles painted last frame.
    pub fn handle_rects(&self) -> Option<[Rect; 2]> {
        self.handles
    }

    /// The chars on screen last frame, from the first row in view to the
    /// last (what "accept all in view" takes).
    pub fn shown_chars(&self) -> Option<Range<usize>> {
        let shown = self.shown?;
        let at = |p: Pos2| {
            let (start, pos, block) = self
                .painted
                .iter()
                .rev()
                .find(|(_, pos, _)| pos.y <= p.y)
                .or(self.painted.first())?;
            Some(start + block.hit(p - *pos).caret)
        };
        let (first, last) = (at(shown.left_top())?, at(shown.right_bottom())?);
        Some(first.min(last)..first.max(last))
    }

    /// The annotation under the pointer last frame.
    pub fn hovered(&self) -> Option<&AnnotationId> {
        self.hovered.as_ref()
    }

    /// The first char of the topmost block painted last frame.
    /// The text area on screen last frame: painted text outside it is
    /// scrolled out of view.
    pub fn shown(&self) -> Option<Rect> {
        self.shown
    }

    pub fn first_painted_char(&self) -> Option<usize> {
        self.painted.first().map(|(start, _, _)| *start)
    }

    /// Where the caret before char `c` was painted last frame (a
    /// zero-width rect), if visible.
    pub fn char_rect(&self, c: usize) -> Option<Rect> {
        let (start, pos, block) = self.painted_block(c)?;
        Some(block.caret_rect(c - start).translate(pos.to_vec2()))
    }

    /// Where chars `range` were painted last frame (several rects when the
    /// range wraps or runs in both directions), if visible.
    pub fn range_rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out = Vec::new();
        for (start, pos, block) in &self.painted {
            let len = block.row_chars().iter().sum::<usize>();
            let (s, e) = (range.start.max(*start), range.end.min(start + len));
            if s < e {
                out.extend(
                    block
                        .rects(s - start..e - start)
                        .into_iter()
                        .map(|r| r.translate(pos.to_vec2())),
                );
            }
        }
        out
    }

    /// The rows painted last frame, each as its chars in visual order left
    /// to right (article offsets), top to bottom.
    pub fn visual_rows(&self) -> Vec<Vec<usize>> {
        self.painted
            .iter()
            .flat_map(|(start, _, block)| {
                block
                    .visual_rows()
                    .into_iter()
                    .map(move |row| row.into_iter().map(|c| c + start).collect())
            })
            .collect()
    }

    fn painted_block(&self, c: usize) -> Option<(usize, Pos2, &Laid)> {
        let (start, pos, block) = self
            .painted
            .iter()
            .rev()
            .find(|(start, _, _)| *start <= c)?;
        let local = c - start;
        if local > block.row_chars().iter().sum::<usize>() {
            return None;
        }
        Some((*start, *pos, block))
    }
}

/// A stretch of the text laid out on its own.
struct Block {
    chars: Range<usize>,
    bytes: Range<usize>,
    /// The direction of the line it was cut from.
    rtl: bool,
}

/// The current article's blocks, their heights and cached galleys.
struct Layout {
    article: ArticleId,
    blocks: Vec<Block>,
    heights: Vec<f32>,
    /// Heights laid out at least once (kept when the galley is evicted).
    measured: Vec<bool>,
    /// `tops[i]` is block i's top; `tops[len]` the total height.
    tops: Vec<f32>,
    key: LayoutKey,
    galleys: HashMap<usize, Cached>,
    frame: u64,
    marks: Marks,
    /// Measured so far, for estimating the other blocks: row height, and
    /// chars and count of full rows (a block's last row is left out).
    row_height: Option<f32>,
    full_row_chars: usize,
    full_rows: usize,
    /// Chars per row the current estimates were made with.
    estimated_with: f32,
}

#[derive(Clone, Copy, PartialEq)]
struct LayoutKey {
    width: f32,
    size: f32,
    /// Glyph metrics change with the scale.
    pixels_per_point: f32,
}

struct Cached {
    block: Arc<Laid>,
    used: u64,
}

/// Annotations of the article as drawn: lanes and which blocks they touch.
#[derive(Default)]
struct Marks {
    revision: Option<u64>,
    /// Where the set's changes stood when the marks were made: a revision
    /// that changed only other articles (the compare view's other columns)
    /// keeps them.
    changes: Option<ChangeMark>,
    list: Vec<Mark>,
    /// Mark indices per block.
    by_block: Vec<Vec<u32>>,
}

struct Mark {
    range: Range<usize>,
    kind: KindName,
    lane: usize,
    /// Index into `annotations_of(article)`.
    index: usize,
}

impl Layout {
    fn new(article: &Article, key: LayoutKey) -> Self {
        let blocks = blocks(article.text.as_str(), &article.text);
        let n = blocks.len();
        let mut layout = Self {
            article: article.id.clone(),
            blocks,
            heights: vec![0.0; n],
            measured: vec![false; n],
            tops: vec![0.0; n + 1],
            key,
            galleys: HashMap::new(),
            frame: 0,
            marks: Marks::default(),
            row_height: None,
            full_row_chars: 0,
            full_rows: 0,
            estimated_with: 0.0,
        };
        layout.estimate_heights(0);
        layout
    }

    /// Heights for blocks from `from` on not laid out yet, from their length
    /// and the row height and chars per row seen so far. Blocks above the
    /// view keep theirs, so what is on screen never jumps.
    fn estimate_heights(&mut self, from: usize) {
        let row_height = self.row_height.unwrap_or(self.key.size * 1.9);
        let chars_per_row = self.chars_per_row();
        self.estimated_with = chars_per_row;
        for (i, b) in self.blocks.iter().enumerate().skip(from) {
            if self.measured[i] {
                continue;
            }
            let rows = ((b.chars.len() as f32) / chars_per_row).ceil().max(1.0);
            self.heights[i] = rows * row_height + BLOCK_GAP;
        }
        self.sum_tops();
    }

    fn chars_per_row(&self) -> f32 {
        if self.full_rows == 0 {
            90.0
        } else {
            (self.full_row_chars as f32 / self.full_rows as f32).max(10.0)
        }
    }

    /// Learns row metrics from a freshly laid-out block.
    fn learn(&mut self, block: &Laid) {
        if let Some(h) = block.row_height() {
            self.row_height = Some(h);
        }
        for chars in block.row_chars().iter().rev().skip(1) {
            self.full_row_chars += chars;
            self.full_rows += 1;
        }
    }

    fn sum_tops(&mut self) {
        let mut y = 0.0;
        for (i, h) in self.heights.iter().enumerate() {
            self.tops[i] = y;
            y += h;
        }
        if let Some(last) = self.tops.last_mut() {
            *last = y;
        }
    }

    fn block_at_y(&self, y: f32) -> usize {
        self.tops[1..]
            .partition_point(|&bottom| bottom <= y)
            .min(self.blocks.len().saturating_sub(1))
    }

    fn block_of_char(&self, c: usize) -> usize {
        self.blocks
            .partition_point(|b| b.chars.end < c)
            .min(self.blocks.len().saturating_sub(1))
    }

    /// Whether the paragraph holding char `c` reads right to left.
    fn rtl_at(&self, c: usize) -> bool {
        self.blocks
            .get(self.block_of_char(c))
            .is_some_and(|b| b.rtl)
    }

    /// The caret before char `c` in layout coordinates (x from the text's
    /// left edge, y from the article's top), laying its block out if needed.
    fn caret_at(&mut self, ui: &egui::Ui, text: &str, c: usize) -> Rect {
        let b = self.block_of_char(c);
        let laid = self.block(ui, text, b);
        let local = c.saturating_sub(self.blocks[b].chars.start);
        laid.caret_rect(local).translate(vec2(0.0, self.tops[b]))
    }

    /// The char boundary nearest to a point in layout coordinates; above
    /// the text it is the start, below it the end (`len`).
    fn char_at_point(&mut self, ui: &egui::Ui, text: &str, p: Pos2, len: usize) -> usize {
        if p.y < 0.0 {
            return 0;
        }
        if p.y >= self.tops[self.blocks.len()] {
            return len;
        }
        let b = self.block_at_y(p.y);
        let laid = self.block(ui, text, b);
        let y = (p.y - self.tops[b]).clamp(0.0, (laid.size().y - 1.0).max(0.0));
        let hit = laid.hit(vec2(p.x, y));
        (self.blocks[b].chars.start + hit.caret).min(self.blocks[b].chars.end)
    }

    /// The visual row the caret before `c` is on, in article chars, and
    /// whether it is its paragraph's last.
    fn row_of(&mut self, ui: &egui::Ui, text: &str, c: usize) -> (Range<usize>, bool) {
        let b = self.block_of_char(c);
        let laid = self.block(ui, text, b);
        let start = self.blocks[b].chars.start;
        let local = c.saturating_sub(start);
        let rows = laid.row_chars();
        let mut at = start;
        for (i, n) in rows.iter().enumerate() {
            let last = i + 1 == rows.len();
            if local < at - start + n || last {
                return (at..at + n, last);
            }
            at += n;
        }
        (c..c, true)
    }

    /// Where the caret at `c` goes on `motion`. Up and Down keep to
    /// `goal_x`; PageUp and PageDown go a view (`page`) up or down.
    fn moved(
        &mut self,
        ui: &egui::Ui,
        article: &Article,
        c: usize,
        motion: Motion,
        goal_x: &mut Option<f32>,
        page: f32,
    ) -> usize {
        let whole = &article.text;
        let text = whole.as_str();
        let len = whole.len_chars();
        let ahead = forward(motion, self.rtl_at(c));
        match motion {
            Motion::Left | Motion::Right if ahead => (c + 1).min(len),
            Motion::Left | Motion::Right => c.saturating_sub(1),
            Motion::WordLeft | Motion::WordRight if ahead => {
                select::word_step(whole, c, true, true).unwrap_or(len)
            }
            Motion::WordLeft | Motion::WordRight => {
                select::word_step(whole, c, false, false).unwrap_or(0)
            }
            Motion::LineStart => self.row_of(ui, text, c).0.start,
            Motion::LineEnd => {
                let (row, last) = self.row_of(ui, text, c);
                // A wrapped row ends in the spaces it broke after; the
                // caret goes before them, so it stays on this row.
                let hanging = whole.slice(row.clone()).map_or(0, |s| {
                    s.chars().rev().take_while(|ch| ch.is_whitespace()).count()
                });
                if last || hanging == 0 || hanging >= row.len() {
                    row.end
                } else {
                    row.end - hanging
                }
            }
            Motion::ArticleStart => 0,
            Motion::ArticleEnd => len,
            Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown => {
                let at = self.caret_at(ui, text, c);
                let x = *goal_x.get_or_insert(at.min.x);
                let step = match motion {
                    Motion::Up | Motion::Down => at.height(),
                    _ => page,
                };
                let dy = match motion {
                    Motion::Up | Motion::PageUp => -step,
                    _ => step,
                };
                self.char_at_point(ui, text, pos2(x, at.center().y + dy), len)
            }
        }
    }

    fn block(&mut self, ui: &egui::Ui, text: &str, i: usize) -> Arc<Laid> {
        let frame = self.frame;
        if let Some(c) = self.galleys.get_mut(&i) {
            c.used = frame;
            return c.block.clone();
        }
        let block = &self.blocks[i];
        let font = egui::FontId::proportional(self.key.size);
        let font_height = ui.fonts_mut(|f| f.row_height(&font));
        let style = text_layout::Style {
            font,
            italics: false,
            line_height: line_height(font_height),
            wrap_width: self.key.width,
        };
        let laid = Arc::new(Laid::new(
            ui.ctx(),
            &text[block.bytes.clone()],
            Some(block.rtl),
            &style,
        ));
        self.learn(&laid);
        self.galleys.insert(
            i,
            Cached {
                block: laid.clone(),
                used: frame,
            },
        );
        laid
    }

    /// Drops galleys far out of view so memory stays bounded.
    fn evict(&mut self) {
        if self.galleys.len() > 600 {
            let frame = self.frame;
            self.galleys.retain(|_, c| frame - c.used < 30);
        }
    }

    fn refresh_marks(&mut self, set: &AnnotationSet, revision: u64) {
        if self.marks.revision == Some(revision) {
            return;
        }
        let unchanged = self
            .marks
            .changes
            .and_then(|mark| set.articles_changed_since(mark))
            .is_some_and(|changed| !changed.contains(&&self.article));
        if unchanged {
            self.marks.revision = Some(revision);
            self.marks.changes = Some(set.change_mark());
            return;
        }
        // One pass over the annotations, which are large and far apart in
        // memory, for what the marks need; that pass is most of the cost.
        let spans: Vec<(Range<usize>, KindName)> = set
            .annotations_of(&self.article)
            .iter()
            .map(|a| (a.span.range(), a.kind.name()))
            .collect();
        // Annotations come sorted by (start, end); lanes want outer spans
        // first, so each run with the same start is taken longest first.
        let mut order = Vec::with_capacity(spans.len());
        let mut run = 0;
        for i in 1..=spans.len() {
            if i == spans.len() || spans[i].0.start != spans[run].0.start {
                order.extend((run..i).rev());
                run = i;
            }
        }
        let mut lane_ends: Vec<usize> = Vec::new();
        let mut list = Vec::with_capacity(spans.len());
        for i in order {
            let (range, kind) = spans[i].clone();
            let lane = match lane_ends.iter().position(|&end| end <= range.start) {
                Some(l) => l,
                None => {
                    lane_ends.push(0);
                    lane_ends.len() - 1
                }
            };
            lane_ends[lane] = range.end;
            list.push(Mark {
                range,
                kind,
                lane,
                index: i,
            });
        }
        // Reuse the per-block vectors: rebuilding them is most of the cost.
        let mut by_block = std::mem::take(&mut self.marks.by_block);
        by_block.resize_with(self.blocks.len(), Vec::new);
        by_block.iter_mut().for_each(Vec::clear);
        let mut first = 0;
        for (m, mark) in list.iter().enumerate() {
            // Marks come in start order, so the first block only moves forward.
            while first + 1 < self.blocks.len() && self.blocks[first].chars.end < mark.range.start {
                first += 1;
            }
            let end = mark.range.end.max(mark.range.start + 1);
            for (b, block) in self.blocks.iter().enumerate().skip(first) {
                if block.chars.start >= end {
                    break;
                }
                by_block[b].push(m as u32);
            }
        }
        self.marks = Marks {
            revision: Some(revision),
            changes: Some(set.change_mark()),
            list,
            by_block,
        };
    }
}

fn line_height(font_height: f32) -> f32 {
    (font_height + (LANES as f32) * LANE_PITCH + 2.0).round()
}

/// Cuts the text into lines without their line ending, and long lines
/// further at a space.
fn blocks(s: &str, text: &crate::core::text::Text) -> Vec<Block> {
    let mut out = Vec::new();
    let mut byte = 0;
    for line in s.split('\n') {
        let content = line.strip_suffix('\r').unwrap_or(line);
        let rtl = bidi::is_rtl(content);
        let mut from = byte;
        let end = byte + content.len();
        while end - from > MAX_BLOCK_CHARS * 4 || s[from..end].chars().count() > MAX_BLOCK_CHARS {
            let limit = s[from..end]
                .char_indices()
                .nth(MAX_BLOCK_CHARS)
                .map_or(end, |(i, _)| from + i);
            let cut = s[from..limit].rfind(' ').map_or(limit, |i| from + i + 1);
            out.push(block(text, from..cut, rtl));
            from = cut;
        }
        out.push(block(text, from..end, rtl));
        byte += line.len() + 1;
    }
    out
}

fn block(text: &crate::core::text::Text, bytes: Range<usize>, rtl: bool) -> Block {
    let start = text.byte_to_char(bytes.start).unwrap_or(0);
    let end = text.byte_to_char(bytes.end).unwrap_or(start);
    Block {
        chars: start..end,
        bytes,
        rtl,
    }
}

impl ArticleView {
    /// The text of `input.article` with its annotations; what the pointer
    /// and the keys did comes back as commands.
    pub fn ui(&mut self, ui: &mut egui::Ui, input: ViewInput<'_>) -> Vec<Command> {
        let mut commands = Vec::new();
        let article = input.article;
        let key = LayoutKey {
            width: (ui.available_width() - 2.0 * MARGIN - 16.0)
                .max(80.0)
                .round(),
            size: input.text_size,
            pixels_per_point: ui.pixels_per_point(),
        };
        // What was painted last frame is of this article.
        let same_article = self
            .layout
            .as_ref()
            .is_some_and(|l| l.article == article.id);
        let layout = match &mut self.layout {
            Some(l) if l.article == article.id && l.key == key => l,
            slot => slot.insert(Layout::new(article, key)),
        };
        layout.frame += 1;
        layout.refresh_marks(input.set, input.revision);
        if self.caret.as_ref().is_some_and(|(a, _)| a != &article.id) {
            self.caret = None;
            self.edge_drag = None;
        }
        // What is on screen already stays put (a click on a highlight
        // selects it without moving the text under the pointer).
        if let Some(range) = &self.reveal
            && same_article
            && self.revealing.is_none()
            && self.caret_in_view(range.start)
        {
            self.reveal = None;
        }
        let key_scroll = self.keys_ui(ui, &input, &mut commands);
        let follow = match key_scroll {
            Some(_) => None,
            None => self.follow_offset(ui, &input),
        };
        let Some(layout) = self.layout.as_mut() else {
            return commands;
        };
        let annotations = input.set.annotations_of(&article.id);

        let mut scroll = egui::ScrollArea::vertical()
            .id_salt(("article", article.id.as_str()))
            .auto_shrink(false)
            .scroll_source(egui::containers::scroll_area::ScrollSource {
                drag: egui::containers::scroll_area::DragScroll::Never,
                ..Default::default()
            });
        // Never past the end (egui would bounce back).
        let max = (layout.tops[layout.blocks.len()] - ui.available_height()).max(0.0);
        if let Some(range) = self.reveal.take() {
            let tries = match self.revealing.take() {
                Some((r, tries)) if r == range => tries,
                _ => 3,
            };
            self.revealing = Some((range.clone(), tries));
            let b = layout.block_of_char(range.start);
            let mut y = layout.tops[b];
            if let Some(c) = layout.galleys.get(&b) {
                let local = range.start.saturating_sub(layout.blocks[b].chars.start);
                y += c.block.caret_rect(local).min.y;
            }
            // A third down the view.
            scroll =
                scroll.vertical_scroll_offset((y - ui.available_height() / 3.0).clamp(0.0, max));
        }

        let dark = ui.visuals().dark_mode;
        let text_color = ui.visuals().text_color();
        let selected_index = input
            .selected
            .and_then(|id| input.set.position_in(&article.id, id));
        let text = article.text.as_str();
        let mut events = ViewEvents::default();

        if let Some(y) = self.clamped_offset.take()
            && self.reveal.is_none()
        {
            scroll = scroll.vertical_scroll_offset(y);
        }
        if let Some(y) = key_scroll.or(follow) {
            scroll = scroll.vertical_scroll_offset(y.clamp(0.0, max));
        }
        let drag_anchor = &mut self.drag_anchor;
        let edge_drag = &mut self.edge_drag;
        let caret_slot = &mut self.caret;
        let handles_slot = &mut self.handles;
        let caret = caret_slot
            .as_ref()
            .filter(|(a, _)| a == &article.id)
            .map(|(_, c)| *c);
        let output = scroll.show_viewport(ui, |ui, viewport| {
            ui.set_min_height(layout.tops[layout.blocks.len()]);
            ui.set_min_width(key.width + 2.0 * MARGIN);
            let origin = ui.max_rect().min + vec2(MARGIN, 0.0);
            let screen = viewport.translate(ui.max_rect().min.to_vec2());
            let response = ui.interact(screen, ui.scope_id().with("text"), Sense::click_and_drag());
            let painter = ui.painter_at(screen);

            // Lay out what is visible, placing each block right under the last.
            let first = layout.block_at_y(viewport.min.y);
            let mut y = layout.tops[first];
            let mut placed: Vec<(usize, Pos2, Arc<Laid>)> = Vec::new();
            let mut remeasured = false;
            let mut i = first;
            while i < layout.blocks.len() && y < viewport.max.y {
                let block = layout.block(ui, text, i);
                let h = block.size().y + BLOCK_GAP;
                if !layout.measured[i] || (layout.heights[i] - h).abs() > 0.5 {
                    layout.heights[i] = h;
                    layout.measured[i] = true;
                    remeasured = true;
                }
                placed.push((i, origin + vec2(0.0, y), block));
                y += h;
                i += 1;
            }

            let pointer = response.hover_pos().or(response.interact_pointer_pos());
            let hit = pointer.and_then(|p| char_at(layout, &placed, p));
            let hovered_mark = hit
                .and_then(|h| h.under.map(|c| (h.block, c)))
                .and_then(|(b, c)| innermost_mark(layout, b, c));
            // The selected annotation's span, as a handle drag would leave it.
            let selected_span = selected_index.map(|i| {
                let a = &annotations[i];
                match edge_drag.as_ref() {
                    Some(d) if d.annotation == a.id => d.range.clone(),
                    _ => a.span.range(),
                }
            });

            for (b, pos, laid) in &placed {
                let block = &layout.blocks[*b];
                let rects = |r: &Range<usize>| {
                    let local = r.start.max(block.chars.start) - block.chars.start
                        ..r.end.min(block.chars.end).max(block.chars.start) - block.chars.start;
                    laid.rects(local)
                        .into_iter()
                        .map(|r| r.translate(pos.to_vec2()))
                };
                // Find matches, under everything else.
                let from = input
                    .find_matches
                    .partition_point(|m| m.end <= block.chars.start);
                for m in input.find_matches[from..]
                    .iter()
                    .take_while(|m| m.start < block.chars.end)
                {
                    let color = if input.current_find.as_ref() == Some(m) {
                        Color32::from_rgb(0xff, 0xd2, 0x3f)
                    } else {
                        Color32::from_rgba_unmultiplied(0xff, 0xd2, 0x3f, 110)
                    };
                    for r in rects(m) {
                        painter.rect_filled(r, 2.0, color);
                    }
                }
                // Annotation fills and underlines, as one mesh of
                // pixel-aligned rects: thousands of them tessellated one by
                // one, feathered, were most of a scroll frame.
                let glyph_bottom = laid.glyph_bottom();
                let ppp = ui.pixels_per_point();
                let mut mesh = egui::Mesh::default();
                let mut outlines = Vec::new();
                for &m in &layout.marks.by_block[*b] {
                    let mark = &layout.marks.list[m as usize];
                    let strong = Some(mark.index) == selected_index
                        || hovered_mark.is_some_and(|h| h == m as usize);
                    let (color, faded) = match &input.links {
                        Some(links) => match links.colors.get(&annotations[mark.index].id) {
                            Some(c) => (*c, false),
                            None => (kind_color(mark.kind, dark), links.dim_others && !strong),
                        },
                        None => (kind_color(mark.kind, dark), false),
                    };
                    let color = if faded {
                        color.gamma_multiply(0.3)
                    } else {
                        color
                    };
                    let fill = color.gamma_multiply(match (strong, dark) {
                        (true, true) => 0.24,
                        (true, false) => 0.2,
                        (false, true) => 0.14,
                        (false, false) => 0.1,
                    });
                    let lane = mark.lane.min(LANES - 1) as f32;
                    for r in rects(&mark.range) {
                        mesh.add_colored_rect(r.round_to_pixels(ppp), fill);
                        let uy = r.min.y + glyph_bottom + lane * LANE_PITCH;
                        let underline =
                            Rect::from_min_max(pos2(r.min.x, uy - 1.0), pos2(r.max.x, uy + 1.0));
                        mesh.add_colored_rect(underline.round_to_pixels(ppp), color);
                    }
                    if Some(mark.index) == selected_index
                        && let Some(span) = &selected_span
                    {
                        outlines.extend(rects(span).map(|r| (r, color)));
                    }
                }
                if !mesh.is_empty() {
                    painter.add(egui::Shape::mesh(mesh));
                }
                for (r, color) in outlines {
                    painter.rect_stroke(
                        r.expand(1.0),
                        2.0,
                        Stroke::new(1.5, color),
                        egui::StrokeKind::Outside,
                    );
                }
                // Suggestions: dashed outlines, over the annotations.
                let from = input
                    .proposed
                    .partition_point(|p| p.range.end <= block.chars.start);
                for p in input.proposed[from..]
                    .iter()
                    .take_while(|p| p.range.start < block.chars.end)
                    .filter(|p| p.range.end > block.chars.start)
                {
                    let color = if p.link {
                        ui.visuals().weak_text_color()
                    } else {
                        kind_color(p.kind, dark)
                    };
                    for r in rects(&p.range) {
                        if p.focused {
                            painter.rect_filled(r, 2.0, color.gamma_multiply(0.18));
                        }
                        dashed_outline(&painter, r.expand(1.5), color, p.focused);
                    }
                }
                // The text selection.
                if let Some(sel) = &input.selection {
                    let fill = ui.visuals().selection.bg_fill.gamma_multiply(0.6);
                    for r in rects(sel) {
                        painter.rect_filled(r, 0.0, fill);
                    }
                }
                laid.paint(&painter, *pos, text_color);
            }

            // The caret: a thin line before its char, in the first block
            // that holds it.
            if let Some(c) = caret
                && let Some(r) = caret_on_screen(layout, &placed, c)
            {
                painter.line_segment(
                    [pos2(r.min.x, r.min.y + 1.0), pos2(r.min.x, r.max.y - 1.0)],
                    Stroke::new(1.5, text_color),
                );
            }

            // Handles on the selected annotation's ends.
            *handles_slot = None;
            if let (Some(i), Some(span)) = (selected_index, &selected_span) {
                let ends = [
                    caret_on_screen(layout, &placed, span.start),
                    end_on_screen(layout, &placed, span.end),
                ];
                if let [Some(start), Some(end)] = ends {
                    *handles_slot = Some([handle_rect(start, false), handle_rect(end, true)]);
                }
                let color = kind_color(annotations[i].kind.name(), dark);
                for (n, edge) in ends.into_iter().enumerate() {
                    let Some(edge) = edge else { continue };
                    let is_end = n == 1;
                    let grip = handle_rect(edge, is_end);
                    let handle =
                        ui.interact(grip, ui.scope_id().with(("edge", is_end)), Sense::drag());
                    let x = edge.min.x;
                    painter.line_segment(
                        [pos2(x, edge.min.y), pos2(x, edge.max.y)],
                        Stroke::new(2.0, color),
                    );
                    painter.circle_filled(grip.center(), 4.0, color);
                    if handle.hovered() || handle.dragged() {
                        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
                    }
                    if handle.drag_started() {
                        *edge_drag = Some(EdgeDrag {
                            annotation: annotations[i].id.clone(),
                            end: is_end,
                            range: annotations[i].span.range(),
                        });
                    }
                }
            }
            let alt = ui.input(|i| i.modifiers.alt);
            let whole = &article.text;
            // A handle drag follows the pointer until the button is let go.
            if let Some(drag) = edge_drag.as_mut() {
                let original = annotations
                    .iter()
                    .find(|a| a.id == drag.annotation)
                    .map(|a| a.span.range());
                let (down, at) = ui.input(|i| (i.pointer.primary_down(), i.pointer.latest_pos()));
                match original {
                    Some(span) if down => {
                        if let Some(h) = at.and_then(|p| char_at(layout, &placed, p)) {
                            drag.range = dragged_edge(whole, span, drag.end, h.caret, alt);
                        }
                    }
                    Some(span) => {
                        if drag.range != span {
                            events.edge = Some((drag.annotation.clone(), drag.range.clone()));
                        }
                        *edge_drag = None;
                    }
                    None => *edge_drag = None,
                }
            }

            // Pointer: hover, click, double and triple click, drag.
            if let Some(m) = hovered_mark {
                events.hovered = Some(layout.marks.list[m].index);
            }
            if let Some(h) = hit {
                let at = h.under.unwrap_or(h.caret);
                let mut place = |c: usize| *caret_slot = Some((article.id.clone(), c));
                if response.triple_clicked() {
                    let sentence = select::sentence_at(whole, at);
                    place(sentence.end);
                    events.selection = Some(Some(sentence));
                } else if response.double_clicked() {
                    let word = select::word_at(whole, at);
                    place(word.end);
                    events.selection = Some(Some(word));
                } else if response.clicked() {
                    place(h.caret);
                    events.clicked = Some(
                        h.under
                            .and_then(|c| clicked_mark(layout, h.block, c, selected_index))
                            .map(|m| layout.marks.list[m].index),
                    );
                } else if response.drag_started() {
                    let origin = ui
                        .input(|i| i.pointer.press_origin())
                        .and_then(|p| char_at(layout, &placed, p))
                        .unwrap_or(h);
                    *drag_anchor = Some(origin.caret);
                }
                if response.dragged()
                    && let Some(anchor) = *drag_anchor
                {
                    let range = anchor.min(h.caret)..anchor.max(h.caret);
                    let range = if alt {
                        range
                    } else {
                        select::snap_to_words(whole, range)
                    };
                    // The caret goes with the pointer's end of the selection.
                    place(if h.caret < anchor {
                        range.start
                    } else {
                        range.end
                    });
                    events.selection = Some((!range.is_empty()).then_some(range));
                }
            }
            if response.drag_stopped() {
                *drag_anchor = None;
            }
            if response.dragged() || edge_drag.is_some() {
                // Keep the selection (or the edge) growing past the edges.
                if let Some(p) = ui.input(|i| i.pointer.latest_pos()) {
                    let dy = if p.y < screen.min.y + 20.0 {
                        8.0
                    } else if p.y > screen.max.y - 20.0 {
                        -8.0
                    } else {
                        0.0
                    };
                    if dy != 0.0 {
                        ui.scroll_with_delta(vec2(0.0, dy));
                    }
                }
            }
            if hovered_mark.is_some() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::PointingHand);
            } else if response.hovered() {
                ui.ctx().set_cursor_icon(egui::CursorIcon::Text);
            }
            if let Some(h) = hit {
                let at = h.under.unwrap_or(h.caret);
                // The innermost suggestion under the pointer.
                let under = input
                    .proposed
                    .iter()
                    .filter(|p| p.range.contains(&at))
                    .min_by_key(|p| p.range.len());
                if response.clicked() {
                    events.proposed = under.map(|p| p.key.clone());
                }
                events.proposal_tip = under.map(|p| p.label.clone());
            }
            events.response = Some(response);
            self.shown = Some(screen);
            self.painted = placed
                .iter()
                .map(|(b, pos, g)| (layout.blocks[*b].chars.start, *pos, g.clone()))
                .collect();

            if remeasured {
                let drift = (layout.chars_per_row() / layout.estimated_with - 1.0).abs();
                if drift > 0.02 {
                    layout.estimate_heights(first);
                } else {
                    layout.sum_tops();
                }
            }
        });
        // Never leave the offset past the (re-estimated) end: egui would
        // animate it back.
        let max = (layout.tops[layout.blocks.len()] - output.inner_rect.height()).max(0.0);
        let offset = output.state.clamped_offset().y;
        if offset > max {
            self.clamped_offset = Some(max);
            ui.ctx().request_repaint();
        }
        layout.evict();
        self.view_rect = Some(output.inner_rect);
        self.offset = offset.min(max);
        // Heights above the target were estimates; once laid out they may have
        // moved it. Scroll again until it is on screen (a few frames at most).
        if let Some((range, tries)) = self.revealing.take()
            && tries > 0
            && !self.caret_in_view(range.start)
        {
            self.reveal = Some(range.clone());
            self.revealing = Some((range, tries - 1));
            ui.ctx().request_repaint();
        }
        if let Some(tries) = self.follow.take()
            && let Some(c) = self.caret(&article.id)
            && tries > 0
            && !self.caret_in_view(c)
        {
            self.follow = Some(tries - 1);
            ui.ctx().request_repaint();
        }

        // Act on what the pointer did.
        self.hovered = events.hovered.map(|i| annotations[i].id.clone());
        if let Some(key) = events.proposed {
            commands.push(Command::FocusSuggestion {
                article: article.id.clone(),
                key,
            });
        }
        if let (Some(i), Some(response)) = (events.hovered, &events.response) {
            let annotation = &annotations[i];
            response.clone().on_hover_ui_at_pointer(|ui| {
                annotation_summary_ui(ui, input.set, annotation);
                if let Some(tip) = &events.proposal_tip {
                    ui.separator();
                    ui.label(tip.as_ref());
                }
            });
        } else if let (Some(tip), Some(response)) = (&events.proposal_tip, &events.response) {
            response.clone().on_hover_text_at_pointer(tip.as_ref());
        }
        if let Some(selection) = events.selection {
            commands.push(Command::Select(selection));
        }
        if let Some(clicked) = events.clicked {
            commands.push(Command::Select(None));
            commands.push(match clicked {
                Some(i) => Command::SelectAnnotation(annotations[i].id.clone()),
                None => Command::ClearSelection,
            });
        }
        if let Some((id, range)) = events.edge
            && let Some(edit) = respan(input.set, article, &id, range)
        {
            commands.push(Command::Edit(edit));
        }
        commands
    }

    /// Whether the caret before `c` was painted inside the view last frame.
    fn caret_in_view(&self, c: usize) -> bool {
        let (Some(view), Some(r)) = (self.view_rect, self.char_rect(c)) else {
            return false;
        };
        r.min.y >= view.min.y - 0.5 && r.max.y <= view.max.y + 0.5
    }

    /// The scroll offset that brings the caret back into the view after a
    /// key moved it out, if it is out.
    fn follow_offset(&mut self, ui: &egui::Ui, input: &ViewInput) -> Option<f32> {
        self.follow?;
        let c = self.caret(&input.article.id)?;
        if self.caret_in_view(c) {
            return None;
        }
        let layout = self.layout.as_mut()?;
        let at = layout.caret_at(ui, input.article.text.as_str(), c);
        let page = ui.available_height();
        if at.min.y < self.offset {
            Some(at.min.y - at.height())
        } else if at.max.y > self.offset + page {
            Some(at.max.y - page + at.height())
        } else {
            None
        }
    }

    /// Acts on this frame's keys: the caret, the text selection, the
    /// selected annotation's edges. Returns the scroll offset a page key
    /// asked for.
    fn keys_ui(
        &mut self,
        ui: &egui::Ui,
        input: &ViewInput,
        commands: &mut Vec<Command>,
    ) -> Option<f32> {
        let keys = std::mem::take(&mut self.keys);
        if !input.keys || keys.is_empty() {
            return None;
        }
        let article = input.article;
        let whole = &article.text;
        let len = whole.len_chars();
        let mut selection = input.selection.clone().filter(|r| !r.is_empty());
        let mut selected: Option<Annotation> = input
            .selected
            .and_then(|id| input.set.annotation(id))
            .filter(|a| a.article == article.id)
            .cloned();
        let mut caret = self
            .caret(&article.id)
            .or(selection.as_ref().map(|s| s.end))
            .or(selected.as_ref().map(|a| a.span.start))
            .or(self.first_painted_char())
            .unwrap_or(0)
            .min(len);
        let page = ui.available_height();
        let layout = self.layout.as_mut()?;
        let max = (layout.tops[layout.blocks.len()] - page).max(0.0);
        let mut scroll = None;
        for key in keys {
            match key {
                ViewKey::Caret { motion, extend } => {
                    if !matches!(motion, Motion::Up | Motion::Down) {
                        self.goal_x = None;
                    }
                    let anchor = match &selection {
                        Some(s) if s.end == caret => s.start,
                        Some(s) if s.start == caret => s.end,
                        _ => caret,
                    };
                    let to = match (&selection, motion) {
                        // A plain arrow ends a selection at its side that way.
                        (Some(s), Motion::Left | Motion::Right) if !extend => {
                            match forward(motion, layout.rtl_at(caret)) {
                                true => s.end,
                                false => s.start,
                            }
                        }
                        _ => {
                            let page_motion = matches!(motion, Motion::PageUp | Motion::PageDown);
                            if page_motion {
                                let dy = if motion == Motion::PageUp {
                                    -page
                                } else {
                                    page
                                };
                                let y = (self.offset + dy).clamp(0.0, max);
                                self.offset = y;
                                scroll = Some(y);
                            }
                            layout.moved(ui, article, caret, motion, &mut self.goal_x, page)
                        }
                    };
                    caret = to;
                    if extend {
                        let range = anchor.min(to)..anchor.max(to);
                        selection = (!range.is_empty()).then_some(range);
                        commands.push(Command::Select(selection.clone()));
                    } else if selection.take().is_some() {
                        commands.push(Command::Select(None));
                    }
                }
                ViewKey::SelectSentence | ViewKey::SelectQuotation => {
                    let range = match key {
                        ViewKey::SelectSentence => Some(select::sentence_at(whole, caret)),
                        _ => select::quotation_around(
                            article,
                            selection.clone().unwrap_or(caret..caret),
                        ),
                    };
                    if let Some(range) = range.filter(|r| !r.is_empty()) {
                        caret = range.end;
                        selection = Some(range.clone());
                        commands.push(Command::Select(Some(range)));
                    }
                }
                ViewKey::Edge { end, motion } => {
                    let Some(a) = &mut selected else { continue };
                    let span = a.span.range();
                    if span.is_empty() {
                        continue;
                    }
                    let at = if end { span.end } else { span.start };
                    let ahead = forward(motion, layout.rtl_at(at));
                    let to = match motion {
                        Motion::Left | Motion::Right if ahead => (at + 1).min(len),
                        Motion::Left | Motion::Right => at.saturating_sub(1),
                        _ => select::word_step(whole, at, ahead, end).unwrap_or(at),
                    };
                    let range = if end {
                        span.start..to.max(span.start + 1)
                    } else {
                        to.min(span.end - 1)..span.end
                    };
                    if let Some(edit) = respan(input.set, article, &a.id, range.clone()) {
                        if let Edit::ReplaceAnnotation(b) = &edit {
                            *a = (**b).clone();
                        }
                        commands.push(Command::Edit(edit));
                        caret = if end { range.end } else { range.start };
                    }
                }
            }
        }
        self.caret = Some((article.id.clone(), caret));
        self.follow = Some(4);
        scroll
    }
}

/// Whether `motion` (left or right on screen) goes forward through the
/// text: right does, except in a right-to-left paragraph.
fn forward(motion: Motion, rtl: bool) -> bool {
    matches!(motion, Motion::Right | Motion::WordRight) != rtl
}

/// The span an edge drag leaves: the edge where the pointer is (snapped to
/// words unless Alt is held), never crossing the other edge.
fn dragged_edge(
    text: &crate::core::text::Text,
    span: Range<usize>,
    end: bool,
    at: usize,
    exact: bool,
) -> Range<usize> {
    let other = if end { span.start } else { span.end };
    let at = if exact {
        at
    } else {
        select::snap_edge(text, at, other, end)
    };
    if end {
        other..at.max(other + 1)
    } else {
        at.min(other.saturating_sub(1))..other
    }
}

/// The edit that gives annotation `id` the span `range` (one undo step),
/// or `None` if that is its span already or not a valid one.
fn respan(
    set: &AnnotationSet,
    article: &Article,
    id: &AnnotationId,
    range: Range<usize>,
) -> Option<Edit> {
    let a = set.annotation(id)?;
    if a.span.range() == range || range.is_empty() {
        return None;
    }
    let mut changed = a.clone();
    changed.span = article.text.span(range).ok()?;
    changed.modified = jiff::Timestamp::now();
    Some(Edit::ReplaceAnnotation(Box::new(changed)))
}

/// Where a handle is grabbed: a knob above the row at a start, below it
/// at an end, so a drag that starts on the text beside an edge still
/// selects text.
fn handle_rect(edge: Rect, end: bool) -> Rect {
    let y = if end { edge.max.y } else { edge.min.y };
    Rect::from_center_size(pos2(edge.min.x, y), vec2(10.0, 10.0))
}

/// The caret before char `c` on screen, if its block is painted.
fn caret_on_screen(layout: &Layout, placed: &[(usize, Pos2, Arc<Laid>)], c: usize) -> Option<Rect> {
    let (b, pos, laid) = placed.iter().find(|(b, _, _)| {
        let chars = &layout.blocks[*b].chars;
        chars.start <= c && c <= chars.end
    })?;
    let local = c - layout.blocks[*b].chars.start;
    Some(laid.caret_rect(local).translate(pos.to_vec2()))
}

/// The end of a span ending at `c` on screen: right after its last char, on
/// that char's row (the caret before `c` may be a row further down).
fn end_on_screen(layout: &Layout, placed: &[(usize, Pos2, Arc<Laid>)], c: usize) -> Option<Rect> {
    let last = c.checked_sub(1)?;
    let found = placed
        .iter()
        .find(|(b, _, _)| layout.blocks[*b].chars.contains(&last));
    let Some((b, pos, laid)) = found else {
        return caret_on_screen(layout, placed, c);
    };
    let start = layout.blocks[*b].chars.start;
    let caret = laid.caret_rect(c - start);
    let Some(glyph) = laid.rects(last - start..c - start).into_iter().next() else {
        return Some(caret.translate(pos.to_vec2()));
    };
    let edge = if (caret.center().y - glyph.center().y).abs() < 1.0 {
        caret
    } else {
        let x = if laid.rtl() { glyph.min.x } else { glyph.max.x };
        Rect::from_min_max(pos2(x, glyph.min.y), pos2(x, glyph.max.y))
    };
    Some(edge.translate(pos.to_vec2()))
}

/// The mark a click on char `c` of block `b` selects: the innermost one
/// there, or when the selected annotation is one of those there, the next
/// one out (after the outermost, the innermost again).
fn clicked_mark(layout: &Layout, b: usize, c: usize, selected: Option<usize>) -> Option<usize> {
    let mut under: Vec<usize> = layout.marks.by_block[b]
        .iter()
        .map(|&m| m as usize)
        .filter(|&m| layout.marks.list[m].range.contains(&c))
        .collect();
    under.sort_by_key(|&m| {
        let mark = &layout.marks.list[m];
        std::cmp::Reverse((mark.lane, std::cmp::Reverse(mark.range.len())))
    });
    let current = under
        .iter()
        .position(|&m| Some(layout.marks.list[m].index) == selected);
    match current {
        Some(i) => under.get((i + 1) % under.len()).copied(),
        None => under.first().copied(),
    }
}

#[derive(Default)]
struct ViewEvents {
    hovered: Option<usize>,
    /// `Some(None)` clears the selection.
    selection: Option<Option<Range<usize>>>,
    /// A click: on an annotation (its index) or on plain text.
    clicked: Option<Option<usize>>,
    /// A handle drag ended: the annotation and its new span.
    edge: Option<(AnnotationId, Range<usize>)>,
    /// A click on a suggestion.
    proposed: Option<Rejection>,
    /// What the suggestion under the pointer proposes.
    proposal_tip: Option<Arc<str>>,
    response: Option<egui::Response>,
}

/// A dashed rectangle (egui has dashed lines, not dashed rects).
fn dashed_outline(painter: &egui::Painter, r: Rect, color: Color32, strong: bool) {
    let corners = [
        r.left_top(),
        r.right_top(),
        r.right_bottom(),
        r.left_bottom(),
        r.left_top(),
    ];
    let width = if strong { 2.0 } else { 1.2 };
    painter.extend(egui::Shape::dashed_line(
        &corners,
        Stroke::new(width, color),
        4.0,
        3.0,
    ));
}

#[derive(Clone, Copy)]
struct Hit {
    block: usize,
    /// The char boundary nearest to the pointer.
    caret: usize,
    /// The char under the pointer, if it is over a glyph.
    under: Option<usize>,
}

/// Where a screen position falls, among the blocks laid out this frame.
fn char_at(layout: &Layout, placed: &[(usize, Pos2, Arc<Laid>)], p: Pos2) -> Option<Hit> {
    let idx = placed
        .partition_point(|(_, pos, laid)| pos.y + laid.size().y + BLOCK_GAP <= p.y)
        .min(placed.len().checked_sub(1)?);
    let (b, pos, laid) = &placed[idx];
    let hit = laid.hit(p - *pos);
    let block = &layout.blocks[*b];
    let clamp = |c: usize| (block.chars.start + c).min(block.chars.end);
    Some(Hit {
        block: *b,
        caret: clamp(hit.caret),
        under: hit.under.map(clamp),
    })
}

/// The innermost (deepest lane, shortest) mark over `c` in block `b`.
fn innermost_mark(layout: &Layout, b: usize, c: usize) -> Option<usize> {
    layout.marks.by_block[b]
        .iter()
        .map(|&m| m as usize)
        .filter(|&m| layout.marks.list[m].range.contains(&c))
        .max_by_key(|&m| {
            let mark = &layout.marks.list[m];
            (mark.lane, std::cmp::Reverse(mark.range.len()))
        })
}

/// The article's title, outlet and date, and the kind colour key.
pub fn header_ui(ui: &mut egui::Ui, article: &ArticleId, meta: Option<&ArticleMeta>) {
    ui.horizontal(|ui| {
        let title = meta
            .map(|m| m.title.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or(article.as_str());
        let format = egui::text::TextFormat::simple(
            egui::TextStyle::Heading.resolve(ui.style()),
            ui.visuals().strong_text_color(),
        );
        ui.add(egui::Label::new(text_layout::fitted_line(ui, title, format)).truncate());
        if let Some(m) = meta {
            let parts: Vec<&str> = [m.outlet.as_str(), m.published.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect();
            let weak = egui::text::TextFormat::simple(
                egui::TextStyle::Body.resolve(ui.style()),
                ui.visuals().weak_text_color(),
            );
            ui.label(text_layout::visual_line(&parts.join(" · "), weak));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for kind in KindName::ALL.iter().rev() {
                ui.label(
                    egui::RichText::new(kind.as_str())
                        .underline()
                        .color(kind_color(*kind, ui.visuals().dark_mode))
                        .small(),
                );
            }
        });
    });
    ui.separator();
}
