//! Property tests for the three offset systems and the quote selector, on
//! text that breaks naive code: emoji (4 bytes, 2 UTF-16 units), CRLF (two
//! chars), combining marks, right-to-left script, CJK.

use concord::core::text::{Anchor, CONTEXT_CHARS, Span, Text};
use proptest::prelude::*;

/// Pieces that each trip a different offset mistake.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z ]{1,8}",
        Just("😀".to_owned()),
        Just("👩‍👩‍👧".to_owned()),
        Just("\r\n".to_owned()),
        Just("e\u{301}".to_owned()),
        Just("שלום".to_owned()),
        Just("مرحبا".to_owned()),
        Just("北朝鮮".to_owned()),
        Just("Пхеньян".to_owned()),
        Just("“just fight”".to_owned()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|p| p.concat())
}

/// Occurrences of `needle`, overlapping ones included.
fn overlapping_count(haystack: &str, needle: &str) -> usize {
    haystack
        .char_indices()
        .filter(|(i, _)| haystack[*i..].starts_with(needle))
        .count()
}

proptest! {
    #[test]
    fn char_byte_utf16_agree_with_naive_walks(s in text()) {
        let t = Text::new(s.clone());
        let mut utf16 = 0;
        let mut chars = 0;
        for (byte, c) in s.char_indices() {
            prop_assert_eq!(t.char_to_byte(chars), Some(byte));
            prop_assert_eq!(t.byte_to_char(byte), Some(chars));
            prop_assert_eq!(t.char_to_utf16(chars), Some(utf16));
            prop_assert_eq!(t.utf16_to_char(utf16), Some(chars));
            for inner in 1..c.len_utf8() {
                prop_assert_eq!(t.byte_to_char(byte + inner), None);
            }
            if c.len_utf16() == 2 {
                prop_assert_eq!(t.utf16_to_char(utf16 + 1), None);
            }
            utf16 += c.len_utf16();
            chars += 1;
        }
        prop_assert_eq!(t.len_chars(), chars);
        prop_assert_eq!(t.char_to_byte(chars), Some(s.len()));
        prop_assert_eq!(t.char_to_utf16(chars), Some(utf16));
        prop_assert_eq!(t.char_to_byte(chars + 1), None);
        prop_assert_eq!(t.utf16_to_char(utf16 + 1), None);
    }

    #[test]
    fn spans_record_exact_text_and_context(s in text(), a in 0usize..400, b in 0usize..400) {
        let t = Text::new(s.clone());
        let n = t.len_chars();
        let (start, end) = (a.min(b).min(n), a.max(b).min(n));
        let span = t.span(start..end).unwrap();
        let chars: Vec<char> = s.chars().collect();
        let exact: String = chars[start..end].iter().collect();
        let prefix: String = chars[start.saturating_sub(CONTEXT_CHARS)..start].iter().collect();
        let suffix: String = chars[end..(end + CONTEXT_CHARS).min(n)].iter().collect();
        prop_assert_eq!(&span.exact(), &exact);
        prop_assert_eq!(&span.prefix(), &prefix);
        prop_assert_eq!(&span.suffix(), &suffix);
        prop_assert_eq!(t.locate(&span), Anchor::InPlace);
    }

    #[test]
    fn selector_survives_ron_round_trip(s in text(), a in 0usize..200, b in 0usize..200) {
        let t = Text::new(s);
        let n = t.len_chars();
        let span = t.span(a.min(b).min(n)..a.max(b).min(n)).unwrap();
        let ron = ron::to_string(&span).unwrap();
        let back: Span = ron::from_str(&ron).unwrap();
        prop_assert_eq!(back, span);
    }

    #[test]
    fn selector_reanchors_after_text_is_inserted_before(
        s in text(), insert in text(), a in 0usize..200, len in 1usize..20,
    ) {
        let t = Text::new(s.clone());
        let n = t.len_chars();
        prop_assume!(n > 0);
        let start = a % n;
        let span = t.span(start..(start + len).min(n)).unwrap();
        let shifted = Text::new(format!("{insert}{s}"));
        let moved_by = insert.chars().count();
        let expected = span.start + moved_by..span.end + moved_by;
        let unique = overlapping_count(&format!("{insert}{s}"), span.exact()) == 1;
        match shifted.locate(&span) {
            Anchor::InPlace => {
                prop_assert_eq!(shifted.slice(span.range()), Some(span.exact()));
                prop_assert!(moved_by == 0 || !unique);
            }
            Anchor::Moved { start, end } => {
                prop_assert_eq!(shifted.slice(start..end), Some(span.exact()));
                if unique {
                    prop_assert_eq!(start..end, expected);
                }
            }
            Anchor::Lost => prop_assert!(false, "the exact text is still there"),
        }
    }
}
