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
