//! Text selection rules in char offsets: word snapping, word and sentence
//! picks, and the quotation around a selection. Pure functions over
//! [`Text`], so they are tested without a window. Words, sentences and
//! quotations are those of [`crate::core::text::unicode`] (UAX #29 and the
//! quotation conventions there), so the app agrees with the validator.

use crate::core::article::Article;
use crate::core::text::Text;
use crate::core::text::unicode;
use std::ops::Range;

fn to_chars(text: &Text, bytes: Range<usize>) -> Range<usize> {
    let start = text.byte_to_char(bytes.start).unwrap_or(0);
    let end = text.byte_to_char(bytes.end).unwrap_or(start);
    start..end
}

/// The byte offset of char `at`, clamped to the text.
fn byte(text: &Text, at: usize) -> Option<usize> {
    text.char_to_byte(at.min(text.len_chars()))
}

/// The word that holds the char starting at byte `at`.
fn word_holding(s: &str, at: usize) -> Option<Range<usize>> {
    unicode::word_around(s, at).filter(|w| w.contains(&at))
}

/// Widens `range` so it starts and ends on word boundaries; leading and
/// trailing spaces are dropped.
pub fn snap_to_words(text: &Text, range: Range<usize>) -> Range<usize> {
    let (Some(mut a), Some(mut b)) = (byte(text, range.start), byte(text, range.end)) else {
        return range;
    };
    let s = text.as_str();
    // Skip spaces the drag started or ended on.
    if a < b {
        let inner = &s[a..b];
        a += inner.len() - inner.trim_start().len();
        b -= inner.len() - inner.trim_end().len();
    }
    if a >= b {
        return to_chars(text, a..a.max(b));
    }
    let last = s[..b].chars().next_back().map_or(b, |c| b - c.len_utf8());
    let start = word_holding(s, a).map_or(a, |w| w.start);
    let end = word_holding(s, last).map_or(b, |w| w.end);
    to_chars(text, start..end)
}

/// The word at `at`, or the one just before it (empty if `at` touches no word).
pub fn word_at(text: &Text, at: usize) -> Range<usize> {
    match byte(text, at).and_then(|b| unicode::word_around(text.as_str(), b)) {
        Some(w) => to_chars(text, w),
        None => at..at,
    }
}

/// The sentence around `at` (a UAX #29 sentence, which ends at a line
/// break or after its end mark and closing quote), without surrounding spaces.
pub fn sentence_at(text: &Text, at: usize) -> Range<usize> {
    match byte(text, at) {
        Some(b) => to_chars(text, unicode::sentence_around(text.as_str(), b)),
        None => at..at,
    }
}

/// If `range` lies inside a quotation, the innermost one's text between
/// its marks (without spaces at its ends); `None` if it already is that
/// range or no quotation encloses it.
pub fn enclosing_quotation(article: &Article, range: Range<usize>) -> Option<Range<usize>> {
    let text = &article.text;
    let start = text.char_to_byte(range.start)?;
    let end = text.char_to_byte(range.end)?;
    let best = article
        .quotations()
        .iter()
        .filter(|r| r.start <= start && end <= r.end)
        .min_by_key(|r| r.len())
        .cloned()?;
    let inner = to_chars(text, best);
    (inner != range && !inner.is_empty()).then_some(inner)
}

/// The quotation around `range`: the text between the marks of the
/// innermost quotation holding it that is not `range` itself, so asking
/// again with the answer gives the quotation around that one.
pub fn quotation_around(article: &Article, range: Range<usize>) -> Option<Range<usize>> {
    let text = &article.text;
    let start = text.char_to_byte(range.start)?;
    let end = text.char_to_byte(range.end)?;
    let mut around: Vec<Range<usize>> = article
        .quotations()
        .iter()
        .filter(|r| r.start <= start && end <= r.end)
        .cloned()
        .collect();
    around.sort_by_key(|r| r.len());
    around
        .into_iter()
        .map(|r| to_chars(text, r))
        .find(|r| *r != range && !r.is_empty())
}

/// The nearest word start (or, with `ends`, word end) after `at`
/// (`forward`) or before it, in chars; `None` when there is none that way.
/// Ctrl+arrows step the caret to the next word end and the previous word
/// start; a span's edges step to either.
pub fn word_step(text: &Text, at: usize, forward: bool, ends: bool) -> Option<usize> {
    let s = text.as_str();
    let b = byte(text, at)?;
    let line_start = |b: usize| s[..b].rfind('\n').map_or(0, |i| i + 1);
    // Words never cross a line break, so segmenting from a line's start
    // finds the same words as from the text's.
    let edges = |from: usize, to: usize| {
        unicode::words(&s[from..to]).map(move |(i, w)| from + if ends { i + w.len() } else { i })
    };
    let found = if forward {
        edges(line_start(b), s.len()).find(|&e| e > b)
    } else {
        let mut start = line_start(b);
        loop {
            let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
            let last = edges(start, end).take_while(|&e| e < b).last();
            if last.is_some() || start == 0 {
                break last;
            }
            start = line_start(start - 1);
        }
    };
    found.and_then(|b| text.byte_to_char(b))
}

/// Where a dragged edge of a span lands, snapped like a drag selection: a
/// start inside a word goes to the word's start, an end to its end, and
/// spaces at the span's ends are left out. `other` is the edge that stays.
pub fn snap_edge(text: &Text, at: usize, other: usize, end: bool) -> usize {
    match end {
        true if at > other => snap_to_words(text, other..at).end,
        false if at < other => snap_to_words(text, at..other).start,
        _ => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `case` marks the input range with `[` `]` and the expected one with `{` `}`.
    fn check(f: impl Fn(&Text, Range<usize>) -> Option<Range<usize>>, case: &str) {
        let plain: String = case.chars().filter(|c| !"[]{}".contains(*c)).collect();
        let mut given = (0, 0);
        let mut want = None;
        let mut at = 0;
        for c in case.chars() {
            match c {
                '[' => given.0 = at,
                ']' => given.1 = at,
                '{' => want = Some((at, at)),
                '}' => want = want.map(|(s, _)| (s, at)),
                _ => at += 1,
            }
        }
        let text = Text::new(plain);
        assert_eq!(
            f(&text, given.0..given.1),
            want.map(|(s, e)| s..e),
            "case {case:?}"
        );
    }

    #[test]
    fn snapping_to_words() {
        let snap = |t: &Text, r: Range<usize>| Some(snap_to_words(t, r));
        check(snap, "He {sa[id th]at} it");
        check(snap, "He [{said}] that");
        check(snap, "{Кре[мль зая]вил}");
        check(snap, "a {do[n't know]} b");
        // UAX #29 splits at a hyphen.
        check(snap, "well-{kn[own]} fact");
        check(snap, "{we[ll}]-known fact");
        check(snap, "x “{qu[ot]e}” y");
        check(snap, "김정은 위원장은 ″{정의[로운 싸]움}″");
        check(snap, "{プー[チン]}大統領");
        check(snap, "首相は「正{[当]}な戦い」");
        check(snap, "قال {بو[تين]} إن");
        check(snap, "a [ {}] b");
    }

    #[test]
    fn words_and_sentences() {
        let word = |t: &Text, r: Range<usize>| Some(word_at(t, r.start));
        check(word, "He {sa[]id} it");
        check(word, "東京 {Mo[]scow's} x");
        let sentence = |t: &Text, r: Range<usize>| Some(sentence_at(t, r.start));
        check(sentence, "One. {Two [] words.} Three.");
        check(sentence, "A. {He said “Go [] now.”} B");
        check(sentence, "{Line o[]ne}\nline two.");
        check(sentence, "Mr. {Kim [] came.}");
        check(sentence, "首相は来た。{会談は[]長かった。}次に");
        check(sentence, "هل هو هنا؟ {نعم [] هو هنا.}");
        check(sentence, "Он приехал. {Переговоры [] шли долго.}");
        check(word, "회담은 {3시[]간} 동안");
        check(word, "{Кремль[]} заявил");
        check(word, "a [{}] b");
    }

    #[test]
    fn word_steps() {
        let text = Text::new("He said: “go now”.\n\nThen Кремль ответил".into());
        let at = |w: &str| {
            text.as_str()
                .find(w)
                .map(|b| text.byte_to_char(b).unwrap())
                .unwrap()
        };
        let step = |c, forward, ends| word_step(&text, c, forward, ends);
        // From inside "said": its end, the next start, back to its start.
        assert_eq!(step(at("aid"), true, true), Some(at(":")));
        assert_eq!(step(at("aid"), true, false), Some(at("go")));
        assert_eq!(step(at("aid"), false, false), Some(at("said")));
        assert_eq!(step(at("said"), false, false), Some(0));
        assert_eq!(step(at("said"), false, true), Some(2));
        // Over the blank line, both ways.
        assert_eq!(step(at("”."), true, true), Some(at("Then") + 4));
        assert_eq!(step(at("Then"), false, false), Some(at("now")));
        assert_eq!(step(at("Then"), false, true), Some(at("”.")));
        assert_eq!(step(0, false, false), None);
        assert_eq!(step(text.len_chars(), true, true), None);
        assert_eq!(step(at("ответил"), true, true), Some(text.len_chars()));
    }

    #[test]
    fn quotation_around_grows_outwards() {
        let article = Article::from_text(
            crate::core::model::ArticleId::new("a"),
            "a.txt".into(),
            "Он сказал: «это „так“ и есть». Да.".into(),
        );
        let text = &article.text;
        let inner = quotation_around(&article, 17..17).unwrap();
        assert_eq!(text.slice(inner.clone()), Some("так"));
        let outer = quotation_around(&article, inner).unwrap();
        assert_eq!(text.slice(outer.clone()), Some("это „так“ и есть"));
        assert_eq!(quotation_around(&article, outer), None);
        assert_eq!(quotation_around(&article, 2..2), None);
    }

    #[test]
    fn dragged_edges_snap_to_words() {
        let text = Text::new("the just fight here".into());
        // A start dropped inside "just" takes the whole word; an end
        // dropped after a space leaves the space out.
        assert_eq!(snap_edge(&text, 6, 14, false), 4);
        assert_eq!(snap_edge(&text, 15, 4, true), 14);
        assert_eq!(snap_edge(&text, 16, 4, true), 19);
        // Past the other edge: where it was dropped (the caller keeps the span non-empty).
        assert_eq!(snap_edge(&text, 16, 14, false), 16);
    }

    #[test]
    fn quotations() {
        let enclosing_quotation = |t: &Text, r: Range<usize>| {
            let article = Article::from_text(
                crate::core::model::ArticleId::new("a"),
                "a.txt".into(),
                t.as_str().to_owned(),
            );
            enclosing_quotation(&article, r)
        };
        check(enclosing_quotation, "He said “{a just [fight] here}” today");
        check(
            enclosing_quotation,
            "He said \"{a [just] fight}\" and \"more\"",
        );
        check(enclosing_quotation, "He said “[a just fight]” today");
        check(enclosing_quotation, "No [quote] here");
        check(enclosing_quotation, "«{le [mot]}» et");
        check(
            enclosing_quotation,
            "首相は「{これは『正当な戦い』[だ]}」と述べた",
        );
        check(
            enclosing_quotation,
            "首相は「これは『{正当な[戦い]}』だ」と述べた",
        );
        check(enclosing_quotation, "그는 ″{정의로운 [싸움]}″이라고");
        check(enclosing_quotation, "Он сказал: «{это [так]}».");
        check(enclosing_quotation, "Er sagte: „{das ist [so]}“.");
        check(enclosing_quotation, "“{One.\n“Two [more]}” he said");
    }
}
