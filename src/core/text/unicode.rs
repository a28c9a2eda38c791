//! What a character or a stretch of text is, from the Unicode data: words
//! and sentences (UAX #29), grapheme clusters, case, the normal form texts
//! are matched in, name keys, and quotations.
//!
//! Every place that asks such a question asks it here, so the validator,
//! the exporters and the app's selection agree. Offsets are UTF-8 byte
//! offsets into the `&str` given (callers convert with [`super::Text`]);
//! none of these functions panics on any input.
//!
//! **Words** are UAX #29 word segments that hold a letter or a digit.
//! Consequences worth knowing: numbers with separators stay one word
//! ("1,200", "2.5"), but a colon only joins letters, so "7:09" is "7" and
//! "09"; an apostrophe inside a word keeps it whole ("don’t", "l’homme");
//! a hyphen splits ("well", "known"); a number glued to Hangul stays with
//! it ("3시간"); each Han ideograph and each hiragana is a word of its own
//! (UAX #29 has no dictionary), while katakana runs stay together; Thai,
//! Lao, Khmer and Myanmar, written without spaces, come out one letter
//! (with its vowel signs) at a time, for the same reason.
//!
//! **Sentences** are UAX #29 sentence segments: a line break always ends
//! one, and a full stop does only where the next sentence does not go on in
//! lower case ("U.S. officials" is one sentence, "Mr. Kim" is two).

use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory};
use unicode_segmentation::{GraphemeCursor, UnicodeSegmentation};

/// A letter, digit or combining mark: what words are made of.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(
            c.general_category_group(),
            GeneralCategoryGroup::Letter
                | GeneralCategoryGroup::Mark
                | GeneralCategoryGroup::Number
        )
}

/// The word-like UAX #29 segments of `s` (holding a letter or a digit),
/// with their byte offsets. See the module comment for numbers, CJK and
/// hyphens.
pub fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_word_bound_indices()
        .filter(|(_, w)| w.chars().any(char::is_alphanumeric))
}

/// Every UAX #29 word segment of `s` that is not only whitespace, without
/// the whitespace at its ends: words, and each punctuation mark or symbol
/// (an emoji sequence is one segment).
pub fn segments(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_word_bound_indices()
        .filter_map(|(at, w)| trim(at, w))
}

/// The UAX #29 sentences of `s` with their byte offsets, without the
/// whitespace around them; stretches of only whitespace are left out.
pub fn sentences(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_sentence_bound_indices()
        .filter_map(|(at, t)| trim(at, t))
}

/// `t` (at byte `at`) without whitespace at its ends; `None` if nothing is left.
fn trim(at: usize, t: &str) -> Option<(usize, &str)> {
    let inner = t.trim_start();
    let at = at + t.len() - inner.len();
    let inner = inner.trim_end();
    (!inner.is_empty()).then_some((at, inner))
}

/// The line (paragraph) of `s` holding byte `at`, without its line break.
/// Words and sentences never run over a line break (UAX #29 breaks both
/// there), so asking about one place needs only its line.
fn line_around(s: &str, at: usize) -> Range<usize> {
    let at = at.min(s.len());
    let start = s.as_bytes()[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let end = s.as_bytes()[at..]
        .iter()
        .position(|b| *b == b'\n')
        .map_or(s.len(), |i| at + i);
    start..end
}

/// The word holding byte `at`, or else the one ending right at it (a click
/// just after a word picks it); `None` when `at` touches no word.
pub fn word_around(s: &str, at: usize) -> Option<Range<usize>> {
    if !s.is_char_boundary(at) {
        return None;
    }
    let line = line_around(s, at);
    let mut touching = None;
    for (i, w) in words(&s[line.clone()]) {
        let r = line.start + i..line.start + i + w.len();
        if r.start > at {
            break;
        }
        if r.contains(&at) {
            return Some(r);
        }
        if r.end == at {
            touching = Some(r);
        }
    }
    touching
}

/// The sentence holding byte `at` (without surrounding whitespace); at the
/// end of a line, or on the space after a sentence, the sentence before.
/// Empty at `at` when the line has none.
pub fn sentence_around(s: &str, at: usize) -> Range<usize> {
    if !s.is_char_boundary(at) {
        return at..at;
    }
    let line = line_around(s, at);
    let mut found = at..at;
    for (i, t) in sentences(&s[line.clone()]) {
        let r = line.start + i..line.start + i + t.len();
        if r.start > at {
            break;
        }
        found = r;
    }
    found
}

/// True when a sentence ends at byte `at`: only whitespace stands between
/// `at` and the start of the next UAX #29 sentence, a line break, or the
/// end of the text.
pub fn is_sentence_end(s: &str, at: usize) -> bool {
    if at == 0 || !s.is_char_boundary(at) {
        return false;
    }
    let rest = &s[at..];
    let gap = rest.len() - rest.trim_start().len();
    if gap == rest.len() || rest[..gap].contains('\n') {
        return true;
    }
    let next = at + gap;
    let line = line_around(s, next);
    next == line.start || sentences(&s[line.clone()]).any(|(i, _)| line.start + i == next)
}

/// True when a span may start or end at byte `at`: it does not split a
/// grapheme cluster (a letter from its combining accent, an emoji from its
/// skin tone, variation selector or zero-width-joined partner, Hangul jamo
/// from their syllable, CR from LF). False off a char boundary or past the end.
pub fn is_grapheme_boundary(s: &str, at: usize) -> bool {
    if at > s.len() || !s.is_char_boundary(at) {
        return false;
    }
    GraphemeCursor::new(at, s.len(), true)
        .is_boundary(s, 0)
        .unwrap_or(true)
}

/// True when `c` comes in upper and lower case: its General Category is
/// Lu, Ll or Lt, or Unicode lists it as Uppercase or Lowercase. False for
/// letters of caseless scripts (Hangul, kana, Han, Arabic, Hebrew, Thai,
/// Devanagari…), for digits and for punctuation.
pub fn has_case(c: char) -> bool {
    c.is_letter_cased() || c.is_uppercase() || c.is_lowercase()
}

/// True when `word` could begin a name: its first letter or digit is an
/// upper-case or title-case letter, or a letter of a caseless script
/// (where a capital cannot tell names apart, every word may be one).
/// Leading punctuation ("“Kim") is skipped.
pub fn starts_like_a_name(word: &str) -> bool {
    let Some(c) = word.chars().find(|c| is_word_char(*c)) else {
        return false;
    };
    match c.general_category() {
        GeneralCategory::UppercaseLetter | GeneralCategory::TitlecaseLetter => true,
        _ => c.general_category_group() == GeneralCategoryGroup::Letter && !has_case(c),
    }
}

/// Apostrophes: dropped from words when folding ("won’t" = "wont"), and
/// not taken for quotation marks between letters. U+0027 is the typed one,
/// U+2019 the typographic one, U+02BC the letter apostrophe some
/// orthographies use, U+2018 what autocorrection puts in "‘90s". No
/// Unicode property groups these four.
const APOSTROPHES: [char; 4] = ['\'', '\u{2019}', '\u{02BC}', '\u{2018}'];

/// Feeds the matching normal form of `s` to `out`: NFKC (fullwidth and
/// compatibility forms become plain ones), case folded (upper- then
/// lower-casing, so "ß" folds to "ss" and "ς" to "σ"), words of letters,
/// digits and marks separated by single spaces, apostrophes dropped,
/// invisible format characters (soft hyphen, zero-width joiners) dropped,
/// and every other punctuation mark, symbol or space a word break.
pub fn fold_into(s: &str, out: impl FnMut(char)) {
    // Text whose only non-ASCII characters are punctuation in NFKC (curly
    // quotes, dashes, ’) folds as ASCII does: they only break words, or
    // are dropped as apostrophes, either way.
    let plain = |c: char| {
        c.is_ascii()
            || c.general_category_group() == GeneralCategoryGroup::Punctuation
                && unicode_normalization::is_nfkc_quick(std::iter::once(c))
                    == unicode_normalization::IsNormalized::Yes
    };
    if s.chars().all(plain) {
        fold_chars(s.chars(), out);
        return;
    }
    // Case mapping can leave decomposed letters (ΐ), and a dropped
    // apostrophe can bring a base and an accent together; composing again
    // keeps folding idempotent.
    let mut folded = String::with_capacity(s.len());
    let mut marks = false;
    let mut keep = |c: char| {
        marks |= !c.is_ascii() && c.general_category_group() == GeneralCategoryGroup::Mark;
        folded.push(c);
    };
    // Most text is in NFKC already (curly quotes, most letters): then the
    // normaliser's buffering is wasted work.
    if unicode_normalization::is_nfkc_quick(s.chars()) == unicode_normalization::IsNormalized::Yes {
        fold_chars(s.chars(), &mut keep);
    } else {
        fold_chars(s.nfkc(), &mut keep);
    }
    if marks {
        folded.nfc().for_each(out);
    } else {
        folded.chars().for_each(out);
    }
}

/// [`fold_into`] over chars already in NFKC, without composing afterwards.
fn fold_chars(chars: impl Iterator<Item = char>, mut out: impl FnMut(char)) {
    let mut pending_space = false;
    let mut any = false;
    for c in chars {
        // Before the letter test: U+02BC is a letter by category.
        if APOSTROPHES.contains(&c) {
            continue;
        }
        let word = if c.is_ascii() {
            c.is_ascii_alphanumeric()
        } else {
            is_word_char(c)
        };
        if word {
            if pending_space && any {
                out(' ');
            }
            pending_space = false;
            any = true;
            if c.is_ascii() {
                out(c.to_ascii_lowercase());
            } else {
                c.to_uppercase()
                    .flat_map(char::to_lowercase)
                    .for_each(&mut out);
            }
        } else if c.is_ascii() || c.general_category() != GeneralCategory::Format {
            pending_space = true;
        }
    }
}

/// The matching normal form of `s` (see [`fold_into`]).
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, |c| out.push(c));
    out
}

/// A name in any script as lower-case ASCII letters and digits only
/// ("토마스 할도르" is "tomaseuhaldoreu", "Tomas Haldor" "tomashaldor"): too
/// lossy to be a key, but close for one name written in two scripts.
pub fn transliterate(s: &str) -> String {
    let ascii = deunicode::deunicode(&fold(s));
    ascii
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// How alike two transliterated names sound: the Dice coefficient of their
/// letter pairs, from 0 (nothing shared) to 1.
pub fn sounds_alike(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| -> Vec<(char, char)> {
        let t = transliterate(s);
        let chars: Vec<char> = t.chars().collect();
        let mut p: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
        p.sort_unstable();
        p
    };
    let (x, y) = (pairs(a), pairs(b));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    2.0 * shared_sorted(&x, &y) as f64 / (x.len() + y.len()) as f64
}

/// How many items two sorted lists share (a merge, counting repeats once
/// per match).
pub(crate) fn shared_sorted<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// The key names are compared under: folded, and letters of cased scripts
/// (Latin, Cyrillic, Greek…) and digits transliterated to ASCII, so
/// "Путин", "Putin" and "PUTIN" share one key and "Müller" is "muller".
/// Letters of caseless scripts (Hangul, kana, Han, Arabic, Devanagari…)
/// keep their folded form: their romanisation is a convention of its own
/// ("김정은" is not spelt like "Kim Jong Un") and transliterating them
/// letter by letter would give different names one key ("王" and "汪" are
/// both "wang"); such names match their own spelling, and an entity lists
/// the romanised form as an alias.
pub fn name_key(s: &str) -> String {
    let mut mixed = String::with_capacity(s.len());
    // Marks follow the letter they sit on.
    let mut transliterating = false;
    fold_into(s, |c| {
        if c.is_ascii() {
            transliterating = false;
            mixed.push(c);
            return;
        }
        let mark = c.general_category_group() == GeneralCategoryGroup::Mark;
        if !mark {
            transliterating = has_case(c) || c.is_numeric();
        }
        match (transliterating, deunicode::deunicode_char(c)) {
            (true, Some(ascii)) => mixed.push_str(ascii),
            (true, None) => {}
            (false, _) => mixed.push(c),
        }
    });
    // Transliterations bring capitals, spaces and apostrophes ("ь" is "'").
    fold(&mixed)
}

/// What a quotation mark does by its General Category: Pi and Ps open, Pf
/// and Pe close, and the straight marks and the double prime do either.
/// Conventions that use a mark the other way (German »…« and „…“, Swedish
/// ”…”) are the business of [`quoted_regions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Opening,
    Closing,
    Ambiguous,
}

/// The quotation marks outside General Categories Pi and Pf (Unicode's
/// Quotation_Mark property, which no crate here exposes, less its Pi/Pf
/// members, plus ″): the brackets share Ps and Pe with the four CJK
/// brackets and the two low-9 marks, so these are named.
const OTHER_QUOTES: [(char, Mark); 12] = [
    ('"', Mark::Ambiguous),
    ('\'', Mark::Ambiguous),
    // Double prime: Korean outlets print quotations as ″…″.
    ('\u{2033}', Mark::Ambiguous),
    ('\u{201E}', Mark::Opening), // „ German, Polish, Czech…
    ('\u{201A}', Mark::Opening), // ‚ nested in those
    ('\u{300C}', Mark::Opening), // 「 Japanese, Chinese
    ('\u{300D}', Mark::Closing), // 」
    ('\u{300E}', Mark::Opening), // 『 nested in 「」
    ('\u{300F}', Mark::Closing), // 』
    ('\u{301D}', Mark::Opening), // 〝 CJK double prime quotation marks
    ('\u{301E}', Mark::Closing), // 〞
    ('\u{301F}', Mark::Closing), // 〟
];

/// `c` as the quotation mark it is, in its plain form (fullwidth ＂ is ",
/// vertical ﹁ is 「), and what its category says it does.
fn canonical_mark(c: char) -> Option<(char, Mark)> {
    // No ASCII character but the straight marks is a quotation mark, and
    // most of a text is ASCII.
    if c.is_ascii() && c != '"' && c != '\'' {
        return None;
    }
    if let Some((_, m)) = OTHER_QUOTES.iter().find(|(q, _)| *q == c) {
        return Some((c, *m));
    }
    if c.is_ascii() {
        return None;
    }
    match c.general_category() {
        GeneralCategory::InitialPunctuation => Some((c, Mark::Opening)),
        GeneralCategory::FinalPunctuation => Some((c, Mark::Closing)),
        GeneralCategory::OtherPunctuation
        | GeneralCategory::OpenPunctuation
        | GeneralCategory::ClosePunctuation => {
            let mut plain = None;
            let mut n = 0;
            unicode_normalization::char::decompose_compatible(c, |d| {
                plain = Some(d);
                n += 1;
            });
            // The decomposition is its own, so this recurses once at most.
            match plain {
                Some(p) if n == 1 && p != c => canonical_mark(p),
                _ => None,
            }
        }
        _ => None,
    }
}

/// The role of `c` if it is a quotation mark (see [`Mark`]).
pub fn quote_mark(c: char) -> Option<Mark> {
    canonical_mark(c).map(|(_, m)| m)
}

/// True when a quotation opened by `open` may close with `close` in some
/// convention (“…”, „…“, »…«, 「…」, "…"…).
pub fn quote_pairs(open: char, close: char) -> bool {
    match (canonical_mark(open), canonical_mark(close)) {
        (Some((open, _)), Some((close, _))) => closes(open, close),
        _ => false,
    }
}

/// [`quote_pairs`] for marks in their plain form ([`canonical_mark`]).
fn closes(open: char, close: char) -> bool {
    match open {
        // English, Chinese, Korean “…”; Swedish and Finnish ”…”.
        '\u{201C}' | '\u{201D}' => close == '\u{201D}',
        // German, Czech „…“; Polish, Dutch, Hungarian, Romanian „…”.
        '\u{201E}' => matches!(close, '\u{201C}' | '\u{201D}'),
        // English ‘…’ and nested German ‚…‘, Dutch ‚…’.
        '\u{2018}' => close == '\u{2019}',
        '\u{201A}' => matches!(close, '\u{2018}' | '\u{2019}'),
        // French, Russian, Swiss, Italian, Spanish «…»; German, Danish »…«;
        // Swedish, Finnish »…»; and their single forms.
        '\u{00AB}' => close == '\u{00BB}',
        '\u{00BB}' => matches!(close, '\u{00AB}' | '\u{00BB}'),
        '\u{2039}' => close == '\u{203A}',
        '\u{203A}' => matches!(close, '\u{2039}' | '\u{203A}'),
        // Reversed-9 marks, closed like their plain twins.
        '\u{201B}' => close == '\u{2019}',
        '\u{201F}' => close == '\u{201D}',
        // Straight marks and the double prime pair with themselves.
        '"' | '\'' | '\u{2033}' => close == open,
        '\u{300C}' => close == '\u{300D}',
        '\u{300E}' => close == '\u{300F}',
        '\u{301D}' => matches!(close, '\u{301E}' | '\u{301F}'),
        // Other initial punctuation (editorial marks) closes with final.
        _ => {
            open.general_category() == GeneralCategory::InitialPunctuation
                && close.general_category() == GeneralCategory::FinalPunctuation
        }
    }
}

/// Marks that are also apostrophes: never quotation marks between two
/// letters or digits, and they close only the innermost quotation.
fn doubles_as_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}')
}

/// An open quotation while scanning.
#[derive(Clone, Copy, Debug)]
struct Open {
    /// The opening mark, plain form.
    mark: char,
    /// Byte just after the mark.
    inner: usize,
}

impl Open {
    /// Unclosed at a paragraph's end, a double quotation runs to there; a
    /// single one is more likely a stray apostrophe and is dropped.
    fn runs_to_paragraph_end(&self) -> bool {
        !doubles_as_apostrophe(self.mark)
            && !matches!(self.mark, '\u{201A}' | '\u{2039}' | '\u{203A}')
    }
}

/// The byte ranges of the text inside quotation marks in `s`, without
/// whitespace at their ends, sorted by start; nested quotations give
/// nested ranges inside their outer one.
///
/// Conventions followed: English “…” with ‘…’ inside (and British ‘…’ with
/// “…” inside); German „…“ with ‚…‘ and »…« with ›…‹; Polish, Dutch and
/// Hungarian „…”; French «…» (no-break spaces inside are not part of the
/// text), Russian and Swiss «…» with „…“ inside; Swedish and Finnish ”…”
/// and »…»; Japanese and Chinese 「…」 with 『…』 inside; Korean ″…″ and
/// “…”; straight "…" and '…', paired by count within a paragraph.
///
/// A paragraph is a line. A quotation that runs over several paragraphs
/// repeats its opening mark at the start of each and closes only in the
/// last; its range spans them all. An apostrophe is not a quotation mark:
/// between letters (don’t, l’homme), at the start of an elision (’90s, ’em:
/// ’ never opens, and ' or ‘ before a digit does not), or after a plural
/// (drivers’), which closes a single quotation only if one is open, and
/// when another ’ follows before anything else happens, the quotation runs
/// on to that one (‘the drivers’ union’).
///
/// Unbalanced text: a closing mark nothing opened is ignored; a double
/// quotation still open at a paragraph's end, not continued in the next,
/// runs to the paragraph's end; a single one is dropped.
pub fn quoted_regions(s: &str) -> Vec<Range<usize>> {
    let mut scan = Scan {
        s,
        out: Vec::new(),
        stack: Vec::new(),
        extendable: None,
    };
    // The outermost quotation left open at the end of the last paragraph,
    // and where that paragraph ended.
    let mut carried: Option<(Open, usize)> = None;
    let mut start = 0;
    while start <= s.len() {
        let end = s[start..].find('\n').map_or(s.len(), |i| start + i);
        let line = &s[start..end];
        let first = line.trim_start();
        if !first.is_empty() {
            let lead = start + line.len() - first.len();
            let mut from = start;
            if let Some((open, ended)) = carried.take() {
                let again = first
                    .chars()
                    .next()
                    .and_then(canonical_mark)
                    .is_some_and(|(c, _)| c == open.mark);
                if again {
                    scan.stack.push(open);
                    from = lead + first.chars().next().map_or(0, char::len_utf8);
                } else if open.runs_to_paragraph_end() {
                    scan.emit(open.inner, ended);
                }
            }
            scan.paragraph(from, end);
            carried = scan.end_paragraph(end);
        }
        start = end + 1;
    }
    if let Some((open, ended)) = carried
        && open.runs_to_paragraph_end()
    {
        scan.emit(open.inner, ended);
    }
    let mut out = scan.out;
    out.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
    out
}

struct Scan<'a> {
    s: &'a str,
    out: Vec<Range<usize>>,
    stack: Vec<Open>,
    /// The last range a ’ closed, and its opening mark, while nothing else
    /// has happened since: a further ’ moves its end (‘the drivers’ union’).
    extendable: Option<(usize, char)>,
}

impl Scan<'_> {
    /// Records the text between byte `from` and `to`, trimmed; returns its
    /// index in `out`.
    fn emit(&mut self, from: usize, to: usize) -> Option<usize> {
        let (at, inner) = trim(from, self.s.get(from..to)?)?;
        self.out.push(at..at + inner.len());
        Some(self.out.len() - 1)
    }

    /// Pairs the marks of the paragraph `from..to`.
    fn paragraph(&mut self, from: usize, to: usize) {
        let text = &self.s[from..to];
        let mut prev: Option<char> = self.s[..from].chars().next_back().filter(|c| *c != '\n');
        let mut chars = text.char_indices().peekable();
        while let Some((i, raw)) = chars.next() {
            let next = chars.peek().map(|(_, c)| *c);
            let at = from + i;
            if let Some((c, mark)) = canonical_mark(raw) {
                self.mark(c, mark, at, at + raw.len_utf8(), prev, next);
            }
            prev = Some(raw);
        }
    }

    fn mark(
        &mut self,
        c: char,
        mark: Mark,
        at: usize,
        after: usize,
        prev: Option<char>,
        next: Option<char>,
    ) {
        let word = |x: Option<char>| x.is_some_and(is_word_char);
        let space = |x: Option<char>| x.is_none_or(char::is_whitespace);
        let apostrophe = doubles_as_apostrophe(c);
        // Between letters a straight double quote is no quotation mark
        // either: Hebrew types the gershayim of acronyms so (צה"ל, ארה"ב).
        if (apostrophe || c == '"') && word(prev) && word(next) {
            return;
        }
        // Close: apostrophe-like marks only the innermost quotation and only
        // after text; others the nearest open quotation they close.
        let closable = if apostrophe {
            (!space(prev) && self.stack.last().is_some_and(|o| closes(o.mark, c)))
                .then(|| self.stack.len() - 1)
        } else {
            self.stack.iter().rposition(|o| closes(o.mark, c))
        };
        if let Some(k) = closable {
            let open = self.stack[k];
            self.stack.truncate(k);
            let index = self.emit(open.inner, at);
            self.extendable = index.filter(|_| apostrophe).map(|n| (n, open.mark));
            return;
        }
        if apostrophe
            && !space(prev)
            && let Some((n, open)) = self.extendable
            && closes(open, c)
        {
            let from = self.out[n].start;
            if let Some((s, inner)) = trim(from, &self.s[from..at]) {
                self.out[n] = s..s + inner.len();
            }
            return;
        }
        // Closing marks open only where a convention uses them so (Swedish
        // ”…”, German »…«) and only before text, not right after it; ’
        // never opens (’90s, ’em). ' and ‘ open before text but not before
        // a digit ('98 typed, ‘98 autocorrected).
        let flanked = !word(prev) && !space(next);
        let opens = match mark {
            _ if apostrophe => c != '\u{2019}' && flanked && !next.is_some_and(char::is_numeric),
            Mark::Closing => flanked && matches!(c, '\u{201D}' | '\u{00BB}' | '\u{203A}'),
            Mark::Opening | Mark::Ambiguous => true,
        };
        if opens {
            self.stack.push(Open {
                mark: c,
                inner: after,
            });
            self.extendable = None;
        }
    }

    /// Ends a paragraph at byte `end`: inner quotations still open end (or
    /// are dropped) here, and the outermost is carried to the next
    /// paragraph, which may continue it.
    fn end_paragraph(&mut self, end: usize) -> Option<(Open, usize)> {
        self.extendable = None;
        let mut stack = std::mem::take(&mut self.stack);
        let bottom = (!stack.is_empty()).then(|| stack.remove(0));
        for open in stack.into_iter().rev() {
            if open.runs_to_paragraph_end() {
                self.emit(open.inner, end);
            }
        }
        bottom.map(|b| (b, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The quoted texts of `s`, in order of start.
    fn quoted(s: &str) -> Vec<&str> {
        quoted_regions(s).into_iter().map(|r| &s[r]).collect()
    }

    #[test]
    fn english_double_with_nested_single() {
        assert_eq!(
            quoted("He said “we will not accept ‘so-called’ talks,” and left."),
            ["we will not accept ‘so-called’ talks,", "so-called"]
        );
        // British order: single outside, double inside.
        assert_eq!(
            quoted("‘They called it “a just fight”,’ she said."),
            ["They called it “a just fight”,", "a just fight"]
        );
    }

    #[test]
    fn hebrew_acronyms_are_not_quotation_marks() {
        // The gershayim typed as a straight quote inside צה"ל and ארה"ב.
        assert_eq!(
            quoted("דובר צה\"ל אמר: \"הכוחות נסוגו\", וגורם בארה\"ב אישר."),
            ["הכוחות נסוגו"]
        );
    }

    #[test]
    fn german_low_nine_and_guillemets() {
        assert_eq!(
            quoted("Er sagte: „Wir nennen das ‚Frieden‘, nicht mehr.“ Dann ging er."),
            ["Wir nennen das ‚Frieden‘, nicht mehr.", "Frieden"]
        );
        assert_eq!(
            quoted("»Das war ›ein Fehler‹«, sagte Kim."),
            ["Das war ›ein Fehler‹", "ein Fehler"]
        );
        // Polish: „…” with the English closing mark.
        assert_eq!(quoted("Powiedział: „To koniec”."), ["To koniec"]);
    }

    #[test]
    fn french_guillemets_with_no_break_spaces() {
        let s = "Il a déclaré\u{a0}: «\u{a0}Nous ne céderons pas\u{a0}», puis «\u{202f}jamais\u{202f}».";
        assert_eq!(quoted(s), ["Nous ne céderons pas", "jamais"]);
        // A stray » after a space opens nothing.
        assert_eq!(quoted("il est parti » hier"), Vec::<&str>::new());
    }

    #[test]
    fn russian_guillemets_with_nested_low_nine() {
        assert_eq!(
            quoted("Песков заявил: «Это так называемые „гарантии“, не более»."),
            ["Это так называемые „гарантии“, не более", "гарантии"]
        );
    }

    #[test]
    fn japanese_corner_brackets() {
        assert_eq!(
            quoted("首相は「これは『正当な戦い』だ」と述べた。"),
            ["これは『正当な戦い』だ", "正当な戦い"]
        );
        // Halfwidth and vertical forms are the same marks.
        assert_eq!(quoted("彼は｢はい｣と言った"), ["はい"]);
        assert_eq!(quoted("彼は﹁はい﹂と言った"), ["はい"]);
    }

    #[test]
    fn korean_double_prime_and_curly() {
        assert_eq!(
            quoted("김 위원장은 ″정의로운 싸움″이라고 말했다. 그는 “승리할 것”이라고 했다."),
            ["정의로운 싸움", "승리할 것"]
        );
    }

    #[test]
    fn swedish_same_mark_both_sides() {
        assert_eq!(quoted("Han sa: ”Vi ger oss inte”."), ["Vi ger oss inte"]);
        assert_eq!(quoted("Hon sa: »Aldrig».")[0], "Aldrig");
    }

    #[test]
    fn straight_marks_pair_by_count() {
        assert_eq!(
            quoted("He said \"no\" and \"never\" today."),
            ["no", "never"]
        );
        assert_eq!(quoted("She said 'no' twice."), ["no"]);
    }

    #[test]
    fn quotation_over_several_paragraphs() {
        let s = "“We came to talk.\n\n“We leave with nothing,” he said.\nOutside “quiet” again.";
        let regions = quoted(s);
        assert_eq!(
            regions,
            ["We came to talk.\n\n“We leave with nothing,", "quiet"]
        );
        // Without the repeated mark the quotation ends with its paragraph.
        let s = "He said “we came to talk.\nNothing followed.";
        assert_eq!(quoted(s), ["we came to talk."]);
        // Straight marks continue the same way.
        let s = "\"First part.\n\"Second part,\" he said.";
        assert_eq!(quoted(s), ["First part.\n\"Second part,"]);
    }

    #[test]
    fn apostrophes_are_not_quotation_marks() {
        assert_eq!(
            quoted("We don’t know, l’homme said, the drivers’ union in the ’90s."),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted("It's the drivers' strike of '98 again."),
            Vec::<&str>::new()
        );
        assert_eq!(
            quoted("He called it ‘the drivers’ strike’ and ‘a mess’."),
            ["the drivers’ strike", "a mess"]
        );
        assert_eq!(quoted("“We won’t stop,” she said."), ["We won’t stop,"]);
    }

    #[test]
    fn unbalanced_text_degrades() {
        // A closing mark with nothing open is ignored.
        assert_eq!(quoted("no opening here” at all"), Vec::<&str>::new());
        // An open double quotation runs to the paragraph's end.
        assert_eq!(quoted("He said “we will\nwin"), ["we will"]);
        // An open single one is dropped.
        assert_eq!(quoted("a ‘stray one\nnext"), Vec::<&str>::new());
        // Misnested: the outer close ends the inner one too.
        assert_eq!(quoted("“outer ‘inner” after"), ["outer ‘inner"]);
        assert_eq!(quoted("“”"), Vec::<&str>::new());
        assert_eq!(quoted("\n\n“\n\n"), Vec::<&str>::new());
    }

    #[test]
    fn mark_roles_come_from_categories() {
        assert_eq!(quote_mark('“'), Some(Mark::Opening));
        assert_eq!(quote_mark('»'), Some(Mark::Closing));
        assert_eq!(quote_mark('„'), Some(Mark::Opening));
        assert_eq!(quote_mark('」'), Some(Mark::Closing));
        assert_eq!(quote_mark('″'), Some(Mark::Ambiguous));
        assert_eq!(quote_mark('＂'), Some(Mark::Ambiguous));
        assert_eq!(quote_mark('('), None);
        assert_eq!(quote_mark('【'), None);
        assert_eq!(quote_mark('…'), None);
        assert!(quote_pairs('„', '“') && quote_pairs('»', '«') && quote_pairs('｢', '」'));
        assert!(!quote_pairs('“', '“') && !quote_pairs('(', ')') && !quote_pairs('「', '』'));
        // The named ones really are outside Pi/Pf.
        for (c, _) in OTHER_QUOTES {
            assert!(!matches!(
                c.general_category(),
                GeneralCategory::InitialPunctuation | GeneralCategory::FinalPunctuation
            ));
        }
    }

    #[test]
    fn grapheme_boundaries() {
        let s = "Cafe\u{301}!";
        assert!(is_grapheme_boundary(s, 3));
        assert!(!is_grapheme_boundary(s, 4), "between e and its accent");
        assert!(is_grapheme_boundary(s, 6));
        let family = "a👩\u{200D}👩\u{200D}👧b";
        let zwj = family.find('\u{200D}').unwrap();
        assert!(!is_grapheme_boundary(family, zwj));
        assert!(!is_grapheme_boundary(family, zwj + 3), "after the joiner");
        assert!(is_grapheme_boundary(family, family.len() - 1));
        let thumb = "👍🏽";
        assert!(!is_grapheme_boundary(thumb, 4), "before the skin tone");
        assert!(!is_grapheme_boundary("☺\u{fe0f}", 3), "before VS16");
        // 한 as conjoining jamo: ᄒ ᅡ ᆫ.
        let jamo = "\u{1112}\u{1161}\u{11AB}";
        assert!(!is_grapheme_boundary(jamo, 3));
        assert!(!is_grapheme_boundary(jamo, 6));
        assert!(is_grapheme_boundary(jamo, 9));
        assert!(!is_grapheme_boundary("é", 1), "inside a char");
        assert!(!is_grapheme_boundary("ab", 5), "past the end");
        assert!(is_grapheme_boundary("", 0));
    }

    #[test]
    fn case_and_names() {
        assert!(has_case('a') && has_case('Ж') && has_case('Ω'));
        for c in ['김', 'カ', 'か', '金', 'م', 'ש', 'ก', 'क', '7', '.'] {
            assert!(!has_case(c), "{c}");
        }
        for w in [
            "Kim",
            "Путин",
            "“Kim",
            "김정은",
            "プーチン",
            "習近平",
            "بوتين",
            "ǅemal",
        ] {
            assert!(starts_like_a_name(w), "{w}");
        }
        for w in ["said", "путин", "2023", "", "…"] {
            assert!(!starts_like_a_name(w), "{w}");
        }
    }

    #[test]
    fn folding() {
        assert_eq!(fold("“We WON’T  stop,” he said!"), "we wont stop he said");
        assert_eq!(fold("\"We won't stop\", he said."), "we wont stop he said");
        assert_eq!(fold("  ...  "), "");
        assert_eq!(fold("DPRK-Russia"), "dprk russia");
        // Fullwidth forms, ligatures and composed/decomposed accents.
        assert_eq!(fold("ＫＩＭ　２０２３"), "kim 2023");
        assert_eq!(fold("ﬁnal"), "final");
        assert_eq!(fold("Cafe\u{301}"), fold("Café"));
        // Case folding beyond lower-casing.
        assert_eq!(fold("STRASSE"), fold("Straße"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδος"));
        // Invisible format characters join, apostrophes vanish.
        assert_eq!(fold("news\u{ad}paper"), "newspaper");
        assert_eq!(fold("мʼята"), "мята");
        assert_eq!(fold("「正当な戦い」だ"), "正当な戦い だ");
        assert_eq!(fold("3시간 동안"), "3시간 동안");
    }

    #[test]
    fn name_keys() {
        assert_eq!(name_key("Путин"), "putin");
        assert_eq!(name_key("Putin"), "putin");
        assert_eq!(name_key("PUTIN"), "putin");
        assert_eq!(name_key("Müller"), "muller");
        assert_eq!(name_key("Τσίπρας"), "tsipras");
        assert_eq!(name_key("Kim Jong-un"), "kim jong un");
        assert_eq!(name_key("Дмитрий Песков"), "dmitrii peskov");
        // Caseless scripts keep their own letters, so different names stay apart.
        assert_eq!(name_key("김정은"), "김정은");
        assert_eq!(name_key("王毅"), "王毅");
        assert_ne!(name_key("王"), name_key("汪"));
        assert_eq!(name_key("プーチン"), "プーチン");
        assert_eq!(name_key("ＰＵＴＩＮ"), "putin");
        assert_eq!(name_key("Group ٣"), "group 3");
    }

    #[test]
    fn words_and_sentences() {
        let w = |s| words(s).map(|(_, w)| w).collect::<Vec<_>>();
        assert_eq!(
            w("It cost 1,200 or 2.5 at 7:09."),
            ["It", "cost", "1,200", "or", "2.5", "at", "7", "09"]
        );
        assert_eq!(w("don’t well-known"), ["don’t", "well", "known"]);
        assert_eq!(w("회담은 3시간 동안"), ["회담은", "3시간", "동안"]);
        assert_eq!(w("北朝鮮とロシア"), ["北", "朝", "鮮", "と", "ロシア"]);
        assert_eq!(w("قال بوتين"), ["قال", "بوتين"]);
        assert_eq!(w("สวัสดี"), ["ส", "วั", "ส", "ดี"]);
        assert_eq!(words("a b").map(|(i, _)| i).collect::<Vec<_>>(), [0, 2]);
        let s = "Kim arrived. U.S. officials said so.\n“Go now.” He left";
        let got: Vec<&str> = sentences(s).map(|(_, t)| t).collect();
        assert_eq!(
            got,
            [
                "Kim arrived.",
                "U.S. officials said so.",
                "“Go now.”",
                "He left"
            ]
        );
        assert!(is_sentence_end(s, 12));
        assert!(!is_sentence_end(s, 3));
        assert!(!is_sentence_end(s, 17), "after U.S.");
        assert!(is_sentence_end(s, s.find('\n').unwrap()));
        assert!(is_sentence_end(s, s.len()));
        assert!(is_sentence_end("北朝鮮。次だ", "北朝鮮。".len()));
        assert_eq!(&s[sentence_around(s, 20)], "U.S. officials said so.");
        assert_eq!(&s[sentence_around(s, 12)], "Kim arrived.");
        assert_eq!(word_around(s, 2), Some(0..3));
        assert_eq!(word_around(s, 3), Some(0..3), "just after the word");
        assert_eq!(word_around("a  b", 2), None);
    }

    proptest! {
        #[test]
        fn never_panics_and_stays_in_bounds(s in "[a-z ’'\"“”‘„«»‹›「」『』″\u{a0}\n.,é\u{301}👍🏽김]{0,40}|\\PC{0,40}") {
            for r in quoted_regions(&s) {
                prop_assert!(r.start <= r.end && r.end <= s.len());
                prop_assert!(s.is_char_boundary(r.start) && s.is_char_boundary(r.end));
            }
            for (i, w) in words(&s) {
                prop_assert_eq!(&s[i..i + w.len()], w);
            }
            for (i, t) in sentences(&s) {
                prop_assert_eq!(&s[i..i + t.len()], t);
            }
            let f = fold(&s);
            prop_assert!(!f.starts_with(' ') && !f.ends_with(' ') && !f.contains("  "));
            prop_assert_eq!(fold(&f), f.clone(), "folding a folded text changes nothing");
            let key = name_key(&s);
            prop_assert_eq!(name_key(&key), key);
            for at in 0..=s.len() + 1 {
                let _ = is_grapheme_boundary(&s, at);
                let _ = is_sentence_end(&s, at);
                let _ = word_around(&s, at);
                let _ = sentence_around(&s, at);
            }
        }
    }
}

#[cfg(test)]
mod sound_tests {
    use super::*;

    #[test]
    fn one_name_in_two_scripts_sounds_alike() {
        let lena = sounds_alike("莉娜·马雷克", "Lena Marek");
        let pavel = sounds_alike("莉娜·马雷克", "Pavel Marek");
        assert!(lena >= 0.2 && lena > pavel, "{lena} {pavel}");
        let haldor = sounds_alike("토마스 할도르", "Tomas Haldor");
        assert!(haldor >= 0.5, "{haldor}");
        assert!(sounds_alike("Kim Jong Un", "Vladimir Putin") < 0.2);
    }
}
