//! Right-to-left text (UAX #9, the `unicode-bidi` crate): a paragraph's
//! direction, the embedding level of each piece of it, and the visual order
//! of a line's pieces. The app lays articles out with this; nothing here
//! knows about fonts or pixels.
//!
//! A *piece* is a UAX #29 word segment (a word, a run of spaces, one
//! punctuation mark), cut further where the embedding level changes, so each
//! piece has one direction and a shaper can join its letters. Lines break
//! only between pieces. Offsets are UTF-8 byte offsets into the paragraph.

use std::ops::Range;
use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// One paragraph (a line of the article, no line break inside) resolved.
pub struct Paragraph<'a> {
    info: ParagraphBidiInfo<'a>,
}

/// A piece of a paragraph: one direction, one script, no break inside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub bytes: Range<usize>,
    pub rtl: bool,
    /// Only whitespace: a line may break after it.
    pub space: bool,
}

/// A stretch of one direction, in a line's visual order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Run {
    pub bytes: Range<usize>,
    pub rtl: bool,
}

impl<'a> Paragraph<'a> {
    /// Resolves `text`. The direction is `rtl` when given (a stretch cut from
    /// a longer paragraph keeps that paragraph's), else the first strong
    /// character's (P2, P3), left-to-right when there is none.
    pub fn new(text: &'a str, rtl: Option<bool>) -> Self {
        let level = rtl.map(|rtl| if rtl { Level::rtl() } else { Level::ltr() });
        Self {
            info: ParagraphBidiInfo::new(text, level),
        }
    }

    pub fn rtl(&self) -> bool {
        self.info.paragraph_level.is_rtl()
    }

    /// Whether anything in it runs right to left (else it lays out as is).
    pub fn has_rtl(&self) -> bool {
        self.rtl() || self.info.has_rtl()
    }

    /// Whether the piece starting at byte `at` runs right to left.
    pub fn rtl_at(&self, at: usize) -> bool {
        self.info.levels.get(at).is_some_and(|l| l.is_rtl())
    }

    /// The pieces in logical order; together they cover the text. A
    /// right-to-left word is cut where its script changes too, so each piece
    /// is one font and comes out of the shaper in one order: a straight
    /// quote in ארה"ב is a piece of its own, while marks (Inherited) and
    /// Common chars used by the script itself (the Arabic tatweel) stay.
    pub fn pieces(&self) -> Vec<Piece> {
        let levels = &self.info.levels;
        let mut out = Vec::new();
        for (at, segment) in self.info.text.split_word_bound_indices() {
            let space = segment.chars().all(char::is_whitespace);
            let mut start = at;
            let mut script: Option<Script> = None;
            for (i, c) in segment.char_indices() {
                let here = at + i;
                let s = match c.script() {
                    Script::Inherited => script.unwrap_or(Script::Inherited),
                    Script::Common => match script {
                        Some(prev)
                            if !c.script_extension().is_common()
                                && c.script_extension().contains_script(prev) =>
                        {
                            prev
                        }
                        _ => Script::Common,
                    },
                    s => s,
                };
                let cut = here > start
                    && (levels[here] != levels[start]
                        || (levels[start].is_rtl() && script.is_some_and(|prev| prev != s)));
                if cut {
                    out.push(Piece {
                        bytes: start..here,
                        rtl: levels[start].is_rtl(),
                        space,
                    });
                    start = here;
                }
                script = Some(s);
            }
            out.push(Piece {
                bytes: start..at + segment.len(),
                rtl: levels[start].is_rtl(),
                space,
            });
        }
        out
    }

    /// The runs of the line `line` (a byte range of the paragraph) in visual
    /// order, left to right, with trailing whitespace at the paragraph's
    /// level (L1). Pieces never straddle runs.
    pub fn visual_runs(&self, line: Range<usize>) -> Vec<Run> {
        if line.is_empty() {
            return Vec::new();
        }
        let (levels, runs) = self.info.visual_runs(line);
        runs.into_iter()
            .map(|bytes| Run {
                rtl: levels[bytes.start].is_rtl(),
                bytes,
            })
            .collect()
    }
}

/// The glyph a right-to-left run shows for `c`: its mirror image for
/// brackets, guillemets and the like (L4), else `c`.
pub fn mirrored(c: char) -> char {
    unicode_bidi_mirroring::get_mirrored(c).unwrap_or(c)
}

/// Whether `s`, read as a paragraph, runs right to left.
pub fn is_rtl(s: &str) -> bool {
    unicode_bidi::get_base_direction(s) == unicode_bidi::Direction::Rtl
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The line in visual order, piece by piece (right-to-left pieces
    /// reversed and mirrored), as a reader sees it.
    fn visual(p: &Paragraph, text: &str) -> String {
        let pieces = p.pieces();
        let mut out = String::new();
        for run in p.visual_runs(0..text.len()) {
            let mut inside: Vec<&Range<usize>> = pieces
                .iter()
                .map(|p| &p.bytes)
                .filter(|r| run.bytes.contains(&r.start))
                .collect();
            if run.rtl {
                inside.reverse();
            }
            for r in inside {
                if run.rtl {
                    out.extend(text[r.clone()].chars().rev().map(mirrored));
                } else {
                    out.push_str(&text[r.clone()]);
                }
            }
        }
        out
    }

    #[test]
    fn direction_comes_from_the_first_strong_character() {
        assert!(Paragraph::new("«قال» AP", None).rtl());
        assert!(!Paragraph::new("AP: «قال»", None).rtl());
        assert!(!Paragraph::new("2023 — …", None).rtl());
        assert!(Paragraph::new("2023", Some(true)).rtl());
        assert!(is_rtl("שלום world"));
        assert!(!Paragraph::new("plain English", None).has_rtl());
        assert!(Paragraph::new("an אב name", None).has_rtl());
    }

    #[test]
    fn pieces_cover_the_text_and_keep_one_level() {
        let text = "قال بوتين إن AP نقلت 2023.";
        let p = Paragraph::new(text, None);
        let pieces = p.pieces();
        assert_eq!(pieces.first().map(|p| p.bytes.start), Some(0));
        assert_eq!(pieces.last().map(|p| p.bytes.end), Some(text.len()));
        for w in pieces.windows(2) {
            assert_eq!(w[0].bytes.end, w[1].bytes.start);
        }
        let words: Vec<&str> = pieces.iter().map(|p| &text[p.bytes.clone()]).collect();
        assert!(
            pieces
                .iter()
                .all(|p| p.space == text[p.bytes.clone()].trim().is_empty())
        );
        assert!(words.contains(&"بوتين") && words.contains(&"2023") && words.contains(&"."));
        // A straight quote inside a Hebrew word is its own piece; marks and
        // the tatweel stay in theirs.
        let text = "ארה\"ב שָׁלוֹם كـان";
        let p = Paragraph::new(text, None);
        let words: Vec<&str> = p.pieces().iter().map(|p| &text[p.bytes.clone()]).collect();
        assert_eq!(words, ["ארה", "\"", "ב", " ", "שָׁלוֹם", " ", "كـان"]);
    }

    #[test]
    fn mixed_lines_read_in_visual_order() {
        // Numbers and Latin stay left to right inside a right-to-left line;
        // the closing full stop goes to the line's visual left end.
        let text = "وكالة AP قالت 2023.";
        let p = Paragraph::new(text, None);
        assert_eq!(visual(&p, text), ".2023 تلاق AP ةلاكو");
        // Guillemets are mirrored inside a right-to-left run.
        let text = "قال «نعم»";
        let p = Paragraph::new(text, None);
        assert_eq!(visual(&p, text), "«معن» لاق");
        // A left-to-right line with a Hebrew name in it.
        let text = "Then שלום כהן said";
        let p = Paragraph::new(text, None);
        assert_eq!(visual(&p, text), "Then ןהכ םולש said");
    }
}
