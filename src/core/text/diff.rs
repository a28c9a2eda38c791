//! Which words two wordings of one claim or quote share, and which each has
//! alone: what the proposition page marks when outlets phrase the same thing
//! differently.
//!
//! Words are UAX #29 word segments (`unicode-segmentation`), so text without
//! spaces (Chinese, Japanese) diffs by its segments rather than as one
//! token; the spaces and punctuation between words are segments too, so the
//! pieces cover both texts without gaps.

use similar::{Algorithm, DiffOp};
use std::ops::Range;
use unicode_segmentation::UnicodeSegmentation;

/// What a [`Piece`] is to the two texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// In both.
    Equal,
    /// Only in the old text (the new one leaves it out).
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of segments with one [`Change`]. Ranges are chars, end exclusive;
/// the side a piece is not in has an empty range where it would be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub change: Change,
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// The word segments of `text` as char ranges, in order, covering all of it.
fn segments(text: &str) -> (Vec<&str>, Vec<usize>) {
    let mut words = Vec::new();
    // bounds[i] is the char offset where segment i starts; one more at the end.
    let mut bounds = vec![0];
    let mut chars = 0;
    for word in text.split_word_bounds() {
        chars += word.chars().count();
        words.push(word);
        bounds.push(chars);
    }
    (words, bounds)
}

/// The word-level difference from `old` to `new`: pieces in the order of
/// both texts (a deletion before the insertion that replaces it), adjacent
/// pieces of one change merged.
pub fn word_diff(old: &str, new: &str) -> Vec<Piece> {
    let (old_words, old_at) = segments(old);
    let (new_words, new_at) = segments(new);
    let ops = similar::capture_diff_slices(Algorithm::Myers, &old_words, &new_words);
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |change: Change, old: Range<usize>, new: Range<usize>| {
        let (old, new) = (
            old_at[old.start]..old_at[old.end],
            new_at[new.start]..new_at[new.end],
        );
        if old.is_empty() && new.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if last.change == change => {
                last.old.end = old.end;
                last.new.end = new.end;
            }
            _ => pieces.push(Piece { change, old, new }),
        }
    };
    for op in ops {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => push(
                Change::Equal,
                old_index..old_index + len,
                new_index..new_index + len,
            ),
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => push(
                Change::Delete,
                old_index..old_index + old_len,
                new_index..new_index,
            ),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => push(
                Change::Insert,
                old_index..old_index,
                new_index..new_index + new_len,
            ),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(
                    Change::Delete,
                    old_index..old_index + old_len,
                    new_index..new_index,
                );
                push(
                    Change::Insert,
                    old_index + old_len..old_index + old_len,
                    new_index..new_index + new_len,
                );
            }
        }
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text of `range` (chars) in `text`.
    fn slice(text: &str, range: &Range<usize>) -> String {
        text.chars().skip(range.start).take(range.len()).collect()
    }

    /// The changed pieces as (change, text) with blank ones left out.
    fn changes(old: &str, new: &str) -> Vec<(Change, String)> {
        word_diff(old, new)
            .into_iter()
            .filter(|p| p.change != Change::Equal)
            .map(|p| {
                let text = match p.change {
                    Change::Delete => slice(old, &p.old),
                    _ => slice(new, &p.new),
                };
                (p.change, text)
            })
            .filter(|(_, t)| !t.trim().is_empty())
            .collect()
    }

    #[test]
    fn a_replaced_word_is_a_deletion_then_an_insertion() {
        let got = changes(
            "Two missiles were launched on Wednesday.",
            "Two rockets were launched on Wednesday.",
        );
        assert_eq!(
            got,
            vec![
                (Change::Delete, "missiles".to_owned()),
                (Change::Insert, "rockets".to_owned()),
            ]
        );
    }

    #[test]
    fn pieces_cover_both_texts_in_order() {
        let old = "The mayor said the bridge will reopen in May.";
        let new = "The mayor said on Tuesday that the bridge would reopen in June.";
        let pieces = word_diff(old, new);
        let (mut o, mut n) = (0, 0);
        for p in &pieces {
            assert_eq!(p.old.start, o, "{pieces:?}");
            assert_eq!(p.new.start, n, "{pieces:?}");
            (o, n) = (p.old.end, p.new.end);
            if p.change == Change::Equal {
                assert_eq!(slice(old, &p.old), slice(new, &p.new));
            }
        }
        assert_eq!((o, n), (old.chars().count(), new.chars().count()));
        // Merged: no two neighbours share a change.
        assert!(pieces.windows(2).all(|w| w[0].change != w[1].change));
    }

    #[test]
    fn identical_texts_are_one_equal_piece() {
        let text = "Kim said “we will win”.";
        assert_eq!(
            word_diff(text, text),
            vec![Piece {
                change: Change::Equal,
                old: 0..text.chars().count(),
                new: 0..text.chars().count(),
            }]
        );
        assert!(word_diff("", "").is_empty());
    }

    #[test]
    fn an_insertion_into_empty_text_is_all_of_it() {
        assert_eq!(
            word_diff("", "new words"),
            vec![Piece {
                change: Change::Insert,
                old: 0..0,
                new: 0..9,
            }]
        );
    }

    /// Chinese without spaces: only the changed characters are marked, not
    /// the whole sentence.
    #[test]
    fn cjk_text_diffs_by_segments() {
        let old = "朝鲜发射了两枚导弹";
        let new = "朝鲜发射了三枚导弹";
        assert_eq!(
            changes(old, new),
            vec![
                (Change::Delete, "两".to_owned()),
                (Change::Insert, "三".to_owned()),
            ]
        );
        let pieces = word_diff(old, new);
        assert_eq!(pieces[0].change, Change::Equal);
        assert_eq!(slice(old, &pieces[0].old), "朝鲜发射了");
    }

    /// Offsets are chars, not bytes, with accented and non-Latin text.
    #[test]
    fn ranges_are_chars() {
        let old = "Le président a déclaré «non».";
        let new = "Le président a répété «non».";
        let got = changes(old, new);
        assert_eq!(
            got,
            vec![
                (Change::Delete, "déclaré".to_owned()),
                (Change::Insert, "répété".to_owned()),
            ]
        );
    }
}
