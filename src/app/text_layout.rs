//! One paragraph of text laid out for the screen, in either direction.
//!
//! egui lays text out left to right only: given Arabic, it shapes each word
//! right but places the words in logical order, and its cursor indices
//! follow glyphs, not chars. So a paragraph with anything right to left is
//! laid out here instead: cut into pieces of one direction
//! ([`crate::core::text::bidi`]), each piece shaped by egui on its own,
//! lines broken between pieces, each line's pieces placed in visual order,
//! right-aligned in a right-to-left paragraph. A paragraph that is left to
//! right throughout stays one egui galley, as before.
//!
//! All offsets in and out are chars local to the paragraph; positions are
//! relative to its top-left corner.

use crate::core::text::bidi::{self, Paragraph};
use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Color32, FontId, Galley, Pos2, Rect, Vec2, pos2, vec2};
use std::ops::Range;
use std::sync::Arc;

/// How to lay a paragraph out.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub font: FontId,
    pub italics: bool,
    /// Row height (taller than the font, to leave room under the glyphs).
    pub line_height: f32,
    pub wrap_width: f32,
}

impl Style {
    fn job(&self, text: String, wrap: bool) -> LayoutJob {
        let mut job = LayoutJob::single_section(
            text,
            TextFormat {
                font_id: self.font.clone(),
                color: Color32::PLACEHOLDER,
                italics: self.italics,
                line_height: Some(self.line_height),
                ..TextFormat::default()
            },
        );
        job.wrap.max_width = if wrap { self.wrap_width } else { f32::INFINITY };
        job
    }
}

/// A laid-out paragraph.
pub enum Block {
    /// Left to right throughout: egui's own galley.
    Plain(Arc<Galley>),
    Bidi(BidiBlock),
}

pub struct BidiBlock {
    /// In visual order row by row, left to right within a row.
    pieces: Vec<Piece>,
    /// Each row's pieces, and its logical chars.
    rows: Vec<(Range<usize>, Range<usize>)>,
    row_height: f32,
    width: f32,
    chars: usize,
    rtl: bool,
}

struct Piece {
    chars: Range<usize>,
    /// Top-left within the block.
    pos: Pos2,
    galley: Arc<Galley>,
    /// Left and right x of each char, in logical order.
    spans: Arc<[(f32, f32)]>,
    rtl: bool,
}

impl Piece {
    fn width(&self) -> f32 {
        self.galley.size().x
    }

    fn glyph_span(&self, i: usize) -> (f32, f32) {
        let w = self.width();
        self.spans.get(i).copied().unwrap_or((w, w))
    }

    /// x of the boundary before local char `i` (`i == len` is after the last).
    fn caret_x(&self, i: usize) -> f32 {
        let n = self.chars.len();
        let x = if i >= n {
            if self.rtl { 0.0 } else { self.width() }
        } else {
            let (l, r) = self.glyph_span(i);
            if self.rtl { r } else { l }
        };
        self.pos.x + x
    }

    /// The local char whose glyph covers `x` (piece-relative), and the
    /// boundary nearest to it.
    fn hit(&self, x: f32) -> (usize, usize) {
        let n = self.chars.len();
        for i in 0..n {
            let (l, r) = self.glyph_span(i);
            if x < r || i + 1 == n {
                let before = if self.rtl {
                    x > (l + r) / 2.0
                } else {
                    x < (l + r) / 2.0
                };
                return (i, if before { i } else { i + 1 });
            }
        }
        (0, 0)
    }
}

/// Where a point falls in a block.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Hit {
    /// The boundary nearest to the point (for carets and drags).
    pub caret: usize,
    /// The char under the point, if it is over one.
    pub under: Option<usize>,
}

impl Block {
    /// Lays out `text` (no line break inside). `rtl` forces the paragraph
    /// direction (a stretch cut from a longer paragraph keeps that one's).
    pub fn new(ctx: &egui::Context, text: &str, rtl: Option<bool>, style: &Style) -> Self {
        let para = Paragraph::new(text, rtl);
        if text.is_empty() || !para.has_rtl() {
            return Block::Plain(ctx.fonts_mut(|f| f.layout_job(style.job(text.to_owned(), true))));
        }
        Block::Bidi(BidiBlock::new(ctx, text, &para, style))
    }

    pub fn size(&self) -> Vec2 {
        match self {
            Block::Plain(g) => g.size(),
            Block::Bidi(b) => vec2(b.width, b.row_height * b.rows.len().max(1) as f32),
        }
    }

    /// Rows and the chars on each, for estimating other blocks' heights.
    pub fn row_chars(&self) -> Vec<usize> {
        match self {
            Block::Plain(g) => g
                .rows
                .iter()
                .map(|r| r.char_count_excluding_newline().0)
                .collect(),
            Block::Bidi(b) => b.rows.iter().map(|(_, c)| c.len()).collect(),
        }
    }

    pub fn row_height(&self) -> Option<f32> {
        match self {
            Block::Plain(g) => g.rows.first().map(|r| r.rect().height()),
            Block::Bidi(b) => Some(b.row_height),
        }
    }

    /// Distance from a row's top to the bottom of its glyphs: glyphs sit in
    /// the middle of the taller line height, leaving room for lanes below.
    pub fn glyph_bottom(&self) -> f32 {
        let galley = match self {
            Block::Plain(g) => g,
            Block::Bidi(b) => match b.pieces.first() {
                Some(p) => &p.galley,
                None => return 0.0,
            },
        };
        let Some(row) = galley.rows.first() else {
            return 0.0;
        };
        let line = row.row.size.y;
        let font = row.row.glyphs.first().map_or(line, |g| g.font_height);
        0.5 * (line + font) - 1.0
    }

    pub fn hit(&self, p: Vec2) -> Hit {
        match self {
            Block::Plain(g) => {
                let caret = g.cursor_from_pos(p).index.0;
                let mut at = 0;
                let mut under = None;
                for row in &g.rows {
                    let r = row.rect();
                    if p.y >= r.min.y && p.y < r.max.y {
                        let x = p.x - row.pos.x;
                        under = row
                            .glyphs
                            .iter()
                            .position(|gl| x >= gl.pos.x && x < gl.pos.x + gl.advance_width)
                            .map(|i| at + i);
                    }
                    at += row.char_count_including_newline().0;
                }
                Hit { caret, under }
            }
            Block::Bidi(b) => b.hit(p),
        }
    }

    /// Rects covering local chars `range`, one or more per row.
    pub fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        if range.is_empty() {
            return Vec::new();
        }
        match self {
            Block::Plain(g) => {
                let mut at = 0usize;
                let mut out = Vec::new();
                for row in &g.rows {
                    let row_chars = at..at + row.char_count_excluding_newline().0;
                    at += row.char_count_including_newline().0;
                    let (s, e) = (
                        range.start.max(row_chars.start),
                        range.end.min(row_chars.end),
                    );
                    if s >= e {
                        continue;
                    }
                    let x0 = row.pos.x + row.x_offset(egui::text::CharIndex(s - row_chars.start));
                    let x1 = row.pos.x + row.x_offset(egui::text::CharIndex(e - row_chars.start));
                    out.push(Rect::from_min_max(
                        pos2(x0, row.min_y()),
                        pos2(x1, row.max_y()),
                    ));
                }
                out
            }
            Block::Bidi(b) => b.rects(range),
        }
    }

    /// The caret before local char `c`, a zero-width rect. Where a row
    /// wraps, that is at the start of the next row, where char `c` is.
    pub fn caret_rect(&self, c: usize) -> Rect {
        match self {
            Block::Plain(g) => g.pos_from_cursor(CCursor {
                index: egui::text::CharIndex(c),
                prefer_next_row: true,
            }),
            Block::Bidi(b) => b.caret_rect(c),
        }
    }

    pub fn paint(&self, painter: &egui::Painter, origin: Pos2, color: Color32) {
        match self {
            Block::Plain(g) => painter.galley(origin, g.clone(), color),
            Block::Bidi(b) => {
                let clip = painter.clip_rect();
                for p in &b.pieces {
                    let at = origin + p.pos.to_vec2();
                    if at.y > clip.max.y || at.y + b.row_height < clip.min.y {
                        continue;
                    }
                    painter.galley(at, p.galley.clone(), color);
                }
            }
        }
    }

    /// Each row's chars in visual order, left to right (the visual-to-
    /// logical map a bidi implementation reports per line).
    pub fn visual_rows(&self) -> Vec<Vec<usize>> {
        match self {
            Block::Plain(g) => {
                let mut at = 0;
                g.rows
                    .iter()
                    .map(|row| {
                        let n = row.char_count_excluding_newline().0;
                        let r = (at..at + n).collect();
                        at += row.char_count_including_newline().0;
                        r
                    })
                    .collect()
            }
            Block::Bidi(b) => b
                .rows
                .iter()
                .map(|(pieces, _)| {
                    b.pieces[pieces.clone()]
                        .iter()
                        .flat_map(|p| {
                            let chars: Vec<usize> = p.chars.clone().collect();
                            if p.rtl {
                                chars.into_iter().rev().collect()
                            } else {
                                chars
                            }
                        })
                        .collect()
                })
                .collect(),
        }
    }

    /// Whether the paragraph reads right to left.
    pub fn rtl(&self) -> bool {
        match self {
            Block::Plain(_) => false,
            Block::Bidi(b) => b.rtl,
        }
    }
}

/// One line of text as a job whose sections are its pieces in visual
/// order: egui shapes each section on its own and places them left to
/// right, so a right-to-left excerpt reads right in a label or a table
/// cell. (Wrapped text needs [`Block`], which orders each row.)
pub fn visual_line(text: &str, format: TextFormat) -> LayoutJob {
    let para = Paragraph::new(text, None);
    if !para.has_rtl() {
        return LayoutJob::single_section(text.to_owned(), format);
    }
    let pieces = para.pieces();
    let mut job = LayoutJob::default();
    for run in para.visual_runs(0..text.len()) {
        let inside = pieces.iter().filter(|p| run.bytes.contains(&p.bytes.start));
        let inside: Vec<_> = if run.rtl {
            inside.rev().collect()
        } else {
            inside.collect()
        };
        for p in inside {
            let s = &text[p.bytes.clone()];
            let shown: String = if p.rtl {
                s.chars().map(bidi::mirrored).collect()
            } else {
                s.to_owned()
            };
            // Pushed, not appended: `append` merges sections of one format.
            let start = job.text.len();
            job.text.push_str(&shown);
            job.sections.push(egui::text::LayoutSection {
                leading_space: 0.0,
                byte_range: egui::text::ByteIndex(start)..egui::text::ByteIndex(job.text.len()),
                format: format.clone(),
            });
        }
    }
    job
}

/// [`visual_line`] cut to fit `ui`'s width. A label's own truncation keeps
/// the left end, which in a right-to-left line is its logical end; here a
/// right-to-left line keeps its beginning (at the right) and ends in "…".
pub fn fitted_line(ui: &egui::Ui, text: &str, format: TextFormat) -> LayoutJob {
    let whole = visual_line(text, format.clone());
    if !bidi::is_rtl(text) {
        return whole;
    }
    let max = ui.available_width();
    let width = |job: LayoutJob| ui.fonts_mut(|f| f.layout_job(job)).size().x;
    if width(whole.clone()) <= max {
        return whole;
    }
    let chars: Vec<char> = text.chars().collect();
    let cut = |n: usize| {
        let mut s: String = chars[..n].iter().collect();
        s.push('…');
        visual_line(&s, format.clone())
    };
    // The longest beginning that fits, by bisection.
    let (mut lo, mut hi) = (0, chars.len());
    while lo < hi {
        let mid = (lo + hi).div_ceil(2);
        if width(cut(mid)) <= max {
            lo = mid;
        } else {
            hi = mid - 1;
        }
    }
    cut(lo)
}

/// Wrapped text in either direction, as a read-only label: each line of
/// `text` a paragraph, right-aligned when it reads right to left.
pub fn paragraph_ui(ui: &mut egui::Ui, text: &str, italics: bool) {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let line_height = ui.fonts_mut(|f| f.row_height(&font));
    let style = Style {
        font,
        italics,
        line_height,
        wrap_width: ui.available_width().max(40.0),
    };
    let color = ui.visuals().text_color();
    for line in text.split('\n') {
        let block = Block::new(ui.ctx(), line, None, &style);
        let (rect, _) =
            ui.allocate_exact_size(vec2(style.wrap_width, block.size().y), egui::Sense::hover());
        block.paint(ui.painter(), rect.min, color);
    }
}

/// A piece shaped, before it has a place.
struct Shaped {
    chars: Range<usize>,
    bytes: Range<usize>,
    galley: Arc<Galley>,
    spans: Arc<[(f32, f32)]>,
    space: bool,
}

/// Left and right x of each char of a one-row galley, in logical order.
///
/// egui keeps one glyph per char for left-to-right text. A right-to-left
/// word comes out of the shaper in visual order, which egui does not
/// expect: its glyphs are right but it pads the row with empty ones. So
/// there, glyphs are matched to chars by the char each was made from,
/// walking the chars backwards; a mark or ligature part the shaper merged
/// shares the box of the glyph it went into.
fn char_spans(galley: &Galley, text: &str, rtl: bool) -> Arc<[(f32, f32)]> {
    let n = text.chars().count();
    let Some(row) = galley.rows.first() else {
        return vec![(0.0, 0.0); n].into();
    };
    let x0 = row.pos.x;
    let end = x0 + row.size.x;
    let span = |g: &egui::epaint::text::Glyph| (x0 + g.pos.x, x0 + g.pos.x + g.advance_width);
    if !rtl {
        return (0..n)
            .map(|i| row.glyphs.get(i).map_or((end, end), span))
            .collect();
    }
    // Glyphs made from one char (a base and its marks) form one box.
    // Boxes follow the advances (glyph positions are rounded to pixels).
    let mut boxes: Vec<(char, (f32, f32))> = Vec::new();
    let mut x = x0;
    for g in &row.glyphs {
        if g.advance_width == 0.0 && g.uv_rect.is_nothing() {
            continue;
        }
        let (l, r) = (x, x + g.advance_width);
        x = r;
        match boxes.last_mut() {
            Some((c, b)) if *c == g.chr && (g.advance_width == 0.0 || b.1 - b.0 == 0.0) => {
                *b = (b.0.min(l), b.1.max(r));
            }
            _ => boxes.push((g.chr, (l, r))),
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut spans = vec![None; n];
    let mut pending = Vec::new();
    let mut k = 0;
    for i in (0..n).rev() {
        match boxes.get(k) {
            Some((c, b)) if *c == chars[i] => {
                spans[i] = Some(*b);
                for p in pending.drain(..) {
                    spans[p] = Some(*b);
                }
                k += 1;
            }
            _ => pending.push(i),
        }
    }
    spans.into_iter().map(|s| s.unwrap_or((end, end))).collect()
}

impl BidiBlock {
    fn new(ctx: &egui::Context, text: &str, para: &Paragraph, style: &Style) -> Self {
        let mut shaped = Vec::new();
        let mut char_at = 0;
        // One lock of the fonts for all pieces: a block has hundreds.
        ctx.fonts_mut(|fonts| {
            for piece in para.pieces() {
                let s = &text[piece.bytes.clone()];
                let n = s.chars().count();
                // A right-to-left run shows brackets and guillemets mirrored;
                // egui shapes a lone mark left to right, so mirror it here.
                let shown: String = if piece.rtl {
                    s.chars().map(bidi::mirrored).collect()
                } else {
                    s.to_owned()
                };
                let galley = fonts.layout_job(style.job(shown, false));
                shaped.push(Shaped {
                    chars: char_at..char_at + n,
                    bytes: piece.bytes,
                    spans: char_spans(&galley, s, piece.rtl),
                    galley,
                    space: piece.space,
                });
                char_at += n;
            }
        });
        let row_height = style.line_height;
        let mut pieces = Vec::with_capacity(shaped.len());
        let mut rows = Vec::new();
        for line in break_lines(&shaped, style.wrap_width) {
            let first = pieces.len();
            let bytes = shaped[line.start].bytes.start..shaped[line.end - 1].bytes.end;
            let y = rows.len() as f32 * row_height;
            let mut x = 0.0;
            for run in para.visual_runs(bytes) {
                let inside = line
                    .clone()
                    .filter(|&i| run.bytes.contains(&shaped[i].bytes.start));
                let order: Vec<usize> = if run.rtl {
                    inside.rev().collect()
                } else {
                    inside.collect()
                };
                for i in order {
                    let s = &shaped[i];
                    pieces.push(Piece {
                        chars: s.chars.clone(),
                        pos: pos2(x, y),
                        galley: s.galley.clone(),
                        spans: s.spans.clone(),
                        rtl: run.rtl,
                    });
                    x += s.galley.size().x;
                }
            }
            if para.rtl() {
                let shift = style.wrap_width - x;
                for p in &mut pieces[first..] {
                    p.pos.x += shift;
                }
            }
            let chars = shaped[line.start].chars.start..shaped[line.end - 1].chars.end;
            rows.push((first..pieces.len(), chars));
        }
        Self {
            pieces,
            rows,
            row_height,
            width: style.wrap_width,
            chars: char_at,
            rtl: para.rtl(),
        }
    }

    fn row_at(&self, y: f32) -> usize {
        ((y / self.row_height).floor().max(0.0) as usize).min(self.rows.len().saturating_sub(1))
    }

    fn hit(&self, p: Vec2) -> Hit {
        let Some((pieces, chars)) = self.rows.get(self.row_at(p.y)) else {
            return Hit {
                caret: 0,
                under: None,
            };
        };
        let row = &self.pieces[pieces.clone()];
        let inside = p.y >= 0.0 && p.y < self.row_height * self.rows.len() as f32;
        if let Some(piece) = row
            .iter()
            .find(|piece| p.x >= piece.pos.x && p.x < piece.pos.x + piece.width())
        {
            let (char, caret) = piece.hit(p.x - piece.pos.x);
            return Hit {
                caret: piece.chars.start + caret,
                under: inside.then_some(piece.chars.start + char),
            };
        }
        // Beside the row: its visual left or right end.
        let left = row.first().map_or(0.0, |piece| piece.pos.x);
        let at_left = p.x < left;
        let end = match (at_left, self.rtl) {
            (true, false) | (false, true) => chars.start,
            _ => chars.end,
        };
        Hit {
            caret: end.min(self.chars),
            under: None,
        }
    }

    fn rects(&self, range: Range<usize>) -> Vec<Rect> {
        let mut out: Vec<Rect> = Vec::new();
        for (pieces, chars) in &self.rows {
            if chars.end <= range.start || chars.start >= range.end {
                continue;
            }
            let mut run: Option<Rect> = None;
            for p in &self.pieces[pieces.clone()] {
                let (s, e) = (range.start.max(p.chars.start), range.end.min(p.chars.end));
                if s >= e {
                    if let Some(r) = run.take() {
                        out.push(r);
                    }
                    continue;
                }
                let (a, b) = (p.caret_x(s - p.chars.start), p.caret_x(e - p.chars.start));
                let r = Rect::from_min_max(
                    pos2(a.min(b), p.pos.y),
                    pos2(a.max(b), p.pos.y + self.row_height),
                );
                // Neighbouring pieces on screen make one rect, so fills
                // and outlines have no seams between words.
                run = Some(match run {
                    Some(prev) if (prev.max.x - r.min.x).abs() < 0.5 => prev.union(r),
                    Some(prev) => {
                        out.push(prev);
                        r
                    }
                    None => r,
                });
            }
            out.extend(run);
        }
        out
    }

    fn caret_rect(&self, c: usize) -> Rect {
        let row = self
            .rows
            .iter()
            .position(|(_, chars)| c < chars.end)
            .unwrap_or(self.rows.len().saturating_sub(1));
        let Some((pieces, _)) = self.rows.get(row) else {
            return Rect::from_min_size(Pos2::ZERO, vec2(0.0, self.row_height));
        };
        let y = row as f32 * self.row_height;
        let x = self.pieces[pieces.clone()]
            .iter()
            .find(|p| p.chars.contains(&c))
            .or_else(|| {
                self.pieces[pieces.clone()]
                    .iter()
                    .find(|p| p.chars.end == c)
            })
            .map_or(0.0, |p| p.caret_x(c - p.chars.start));
        Rect::from_min_size(pos2(x, y), vec2(0.0, self.row_height))
    }
}

/// Greedy line breaking over shaped pieces: a line breaks only after
/// spaces (which hang past the edge), or between pieces of a word too
/// wide for a line on its own. Returns piece index ranges.
fn break_lines(shaped: &[Shaped], width: f32) -> Vec<Range<usize>> {
    let mut lines = Vec::new();
    let mut start = 0;
    let mut x = 0.0;
    let mut i = 0;
    while i < shaped.len() {
        // The next unbreakable stretch: pieces up to the next space.
        let mut end = i;
        let mut w = 0.0;
        while end < shaped.len() && !shaped[end].space {
            w += shaped[end].galley.size().x;
            end += 1;
        }
        if end > i && x > 0.0 && x + w > width {
            lines.push(start..i);
            start = i;
            x = 0.0;
        }
        if end > i && w > width {
            // Wider than a line: break inside it, piece by piece.
            for (j, piece) in shaped.iter().enumerate().take(end).skip(i) {
                let pw = piece.galley.size().x;
                if x > 0.0 && x + pw > width {
                    lines.push(start..j);
                    start = j;
                    x = 0.0;
                }
                x += pw;
            }
        } else {
            x += w;
        }
        // Spaces after it stay on this line.
        while end < shaped.len() && shaped[end].space {
            x += shaped[end].galley.size().x;
            end += 1;
        }
        i = end;
    }
    if start < shaped.len() || lines.is_empty() {
        lines.push(start..shaped.len());
    }
    lines.into_iter().filter(|l| !l.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn laid(text: &str, width: f32) -> Block {
        let ctx = egui::Context::default();
        crate::app::fonts::install(&ctx);
        ctx.run_ui(egui::RawInput::default(), |_| {})
            .textures_delta
            .clear();
        let style = Style {
            font: FontId::proportional(16.0),
            italics: false,
            line_height: 24.0,
            wrap_width: width,
        };
        Block::new(&ctx, text, None, &style)
    }

    /// Each char's box, left to right on screen, tiles its row: no gaps,
    /// no overlaps, in the visual order of the row.
    fn assert_tiles(block: &Block) {
        let Block::Bidi(b) = block else {
            panic!("laid out left to right only")
        };
        for (pieces, _) in &b.rows {
            for p in &b.pieces[pieces.clone()] {
                let mut spans: Vec<(f32, f32)> = p.spans.to_vec();
                if p.rtl {
                    spans.reverse();
                }
                // Chars merged into one glyph share its box.
                spans.dedup();
                let spacing: Vec<_> = spans.iter().filter(|(l, r)| r > l).collect();
                assert!(!spacing.is_empty() || p.width() == 0.0);
                assert!((spacing[0].0 - 0.0).abs() < 0.6, "{:?}", p.spans);
                assert!(
                    (spacing.last().unwrap().1 - p.width()).abs() < 1.0,
                    "{:?} of {} in {:?}: {:?}",
                    p.spans,
                    p.width(),
                    p.galley.text(),
                    p.galley.rows[0]
                        .glyphs
                        .iter()
                        .map(|g| (g.chr, g.pos.x, g.advance_width))
                        .collect::<Vec<_>>()
                );
                for w in spacing.windows(2) {
                    assert!((w[0].1 - w[1].0).abs() < 0.6, "gap in {:?}", p.spans);
                }
            }
        }
    }

    #[test]
    fn right_to_left_chars_tile_their_words() {
        // Joined letters, a lam-alef ligature, harakat, Hebrew with niqqud
        // and gershayim, digits inside.
        for text in [
            "قال السلام عليكم في 2023",
            "مُحَمَّد وَصَلَ",
            "שָׁלוֹם לכם, צה״ל וארה\"ב",
        ] {
            assert_tiles(&laid(text, 2000.0));
        }
    }

    #[test]
    fn lines_break_between_words_and_rows_right_align() {
        let text =
            "وصل الزعيم الكوري الشمالي كيم جونغ أون إلى قاعدة فوستوشني الفضائية في أقصى الشرق";
        let block = laid(text, 200.0);
        let Block::Bidi(b) = &block else { panic!() };
        assert!(b.rows.len() >= 3);
        let all: Vec<char> = text.chars().collect();
        for (pieces, chars) in &b.rows {
            // A row starts at a word and ends after a space or the text.
            assert!(chars.start == 0 || all[chars.start - 1] == ' ');
            let right = b.pieces[pieces.clone()]
                .iter()
                .map(|p| p.pos.x + p.width())
                .fold(0.0, f32::max);
            assert!((right - 200.0).abs() < 0.6, "row ends at {right}");
        }
        assert_eq!(b.rows.last().unwrap().1.end, all.len());
        assert!(block.rtl());
    }

    #[test]
    fn a_visual_line_puts_its_pieces_in_reading_order() {
        let job = visual_line("قال AP «نعم»", TextFormat::default());
        let sections: Vec<&str> = job
            .sections
            .iter()
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(sections, ["«", "نعم", "»", " ", "AP", " ", "قال"]);
        let plain = visual_line("plain", TextFormat::default());
        assert_eq!(plain.sections.len(), 1);
    }

    #[test]
    fn plain_text_stays_one_galley() {
        assert!(matches!(
            laid("Plain English, 2023.", 300.0),
            Block::Plain(_)
        ));
        assert!(matches!(laid("", 300.0), Block::Plain(_)));
    }
}
