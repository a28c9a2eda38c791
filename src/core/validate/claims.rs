//! Claim conflict: claims linked to one proposition that give different
//! numbers, dates or names ("two missiles" / "three missiles", "in May" /
//! "in June").

use super::entities::EntityNames;
use super::{CLAIM_CONFLICT, Env, Finding, Member, count, quoted, spread};
use crate::core::model::PropositionId;
use std::collections::{BTreeSet, HashMap};

/// What a claim says in figures: numbers, dates and named entities.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Values {
    /// Numbers as plain decimals: "2", "1200", "2.5".
    pub numbers: BTreeSet<String>,
    /// Months and weekdays in lower case ("may", "tuesday"), "may 14",
    /// years ("2023").
    pub dates: BTreeSet<String>,
    /// Ids of the set's entities named in the claim.
    pub entities: BTreeSet<String>,
}

const UNITS: &[&str] = &[
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: &[&str] = &[
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const MONTHS: &[(&str, &str)] = &[
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may", "may"),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
];
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];
/// Words after which a four-digit number is a year.
const YEAR_CUES: &[&str] = &[
    "in", "since", "by", "until", "of", "from", "to", "before", "after", "early", "late", "mid",
];

/// A word of the text: letters and digits, with `.` or `,` kept between
/// digits ("1,200", "2.5").
struct Word<'a> {
    text: &'a str,
    lower: String,
    /// First word of a sentence.
    initial: bool,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    let mut initial = true;
    for (n, &(byte, c)) in chars.iter().enumerate() {
        let digit_joint = (c == '.' || c == ',')
            && n > 0
            && chars[n - 1].1.is_ascii_digit()
            && chars.get(n + 1).is_some_and(|(_, d)| d.is_ascii_digit());
        if c.is_alphanumeric() || digit_joint {
            start.get_or_insert(byte);
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Word {
                text: &text[s..byte],
                lower: text[s..byte].to_lowercase(),
                initial,
            });
            initial = false;
        }
        if matches!(c, '.' | '!' | '?') {
            initial = true;
        }
    }
    if let Some(s) = start {
        out.push(Word {
            text: &text[s..],
            lower: text[s..].to_lowercase(),
            initial,
        });
    }
    out
}

fn word_value(w: &str) -> Option<(f64, bool)> {
    // (value, is a scale word that multiplies what came before)
    if let Some(n) = UNITS.iter().position(|u| *u == w) {
        return Some((n as f64, false));
    }
    if let Some(n) = TENS.iter().position(|t| *t == w) {
        return Some(((n as f64 + 2.0) * 10.0, false));
    }
    match w {
        "dozen" => Some((12.0, false)),
        "hundred" => Some((100.0, true)),
        "thousand" => Some((1e3, true)),
        "million" => Some((1e6, true)),
        "billion" => Some((1e9, true)),
        _ => None,
    }
}

fn digits_value(w: &str) -> Option<f64> {
    let w = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| w.strip_suffix(s))
        .unwrap_or(w);
    if !w.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    w.replace(',', "").parse().ok()
}

fn month(w: &Word) -> Option<&'static str> {
    if !w.text.starts_with(|c: char| c.is_uppercase()) {
        return None;
    }
    let lower = w.lower.trim_end_matches('.');
    MONTHS
        .iter()
        .find(|(full, short)| {
            lower == *full || lower == *short || (lower == "sept" && *short == "sep")
        })
        .map(|(full, _)| *full)
}

fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// Numbers, dates and named entities in `text`.
pub(crate) fn extract_values(text: &str, names: Option<&EntityNames>) -> Values {
    let words = words(text);
    let mut values = Values::default();
    let mut used = vec![false; words.len()];
    // Dates first, so their digits are not counted as numbers.
    for (n, w) in words.iter().enumerate() {
        if let Some(m) = month(w) {
            // "May" opening a sentence is more often the verb.
            let day = |k: usize| {
                words
                    .get(k)
                    .and_then(|d| digits_value(&d.lower))
                    .filter(|v| v.fract() == 0.0 && (1.0..=31.0).contains(v))
            };
            if m == "may" && w.initial && day(n + 1).is_none() {
                continue;
            }
            used[n] = true;
            if let Some(d) = day(n + 1) {
                used[n + 1] = true;
                values.dates.insert(format!("{m} {}", d as u32));
            } else if let Some(d) = n.checked_sub(1).and_then(day) {
                used[n - 1] = true;
                values.dates.insert(format!("{m} {}", d as u32));
            } else {
                values.dates.insert(m.to_owned());
            }
        } else if WEEKDAYS.contains(&w.lower.as_str())
            && w.text.starts_with(|c: char| c.is_uppercase())
        {
            used[n] = true;
            values.dates.insert(w.lower.clone());
        }
    }
    for (n, w) in words.iter().enumerate() {
        let is_year = w.lower.len() == 4
            && w.lower.chars().all(|c| c.is_ascii_digit())
            && (w.lower.starts_with("19") || w.lower.starts_with("20"))
            && n.checked_sub(1)
                .and_then(|k| words.get(k))
                .is_some_and(|p| YEAR_CUES.contains(&p.lower.as_str()) || used[n - 1]);
        if !used[n] && is_year {
            used[n] = true;
            values.dates.insert(w.lower.clone());
        }
    }
    // Numbers: digits with an optional scale word, or a run of number words.
    let mut n = 0;
    while n < words.len() {
        if used[n] {
            n += 1;
            continue;
        }
        if let Some(mut v) = digits_value(&words[n].lower) {
            n += 1;
            if let Some((scale, true)) = words.get(n).and_then(|w| word_value(&w.lower)) {
                v *= scale;
                n += 1;
            }
            values.numbers.insert(number_text(v));
            continue;
        }
        let (mut total, mut current, mut any) = (0.0, 0.0, false);
        while let Some((v, scale)) = words
            .get(n)
            .filter(|_| !used[n])
            .and_then(|w| word_value(&w.lower))
        {
            any = true;
            if !scale {
                current += v;
            } else if v == 100.0 {
                current = current.max(1.0) * v;
            } else {
                total += current.max(1.0) * v;
                current = 0.0;
            }
            n += 1;
        }
        if any {
            values.numbers.insert(number_text(total + current));
        } else {
            n += 1;
        }
    }
    if let Some(names) = names {
        let texts: Vec<&str> = words.iter().map(|w| w.text).collect();
        values.entities = names
            .find(&texts)
            .into_iter()
            .map(|e| e.to_string())
            .collect();
    }
    values
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|first| first.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// One of the three things claims are compared on.
struct Dimension {
    what: &'static str,
    get: fn(&Values) -> &BTreeSet<String>,
}

const DIMENSIONS: [Dimension; 3] = [
    Dimension {
        what: "numbers",
        get: |v| &v.numbers,
    },
    Dimension {
        what: "dates",
        get: |v| &v.dates,
    },
    Dimension {
        what: "names",
        get: |v| &v.entities,
    },
];

/// What kind of value `v` is, so that only like is compared with like: a
/// year with a year, a weekday with a weekday, a person with a person.
fn value_type(env: &Env, what: &str, v: &str) -> u8 {
    match what {
        "dates" if v.chars().all(|c| c.is_ascii_digit()) => 0,
        "dates" if WEEKDAYS.contains(&v) => 1,
        "names" => env
            .set
            .entities()
            .get(&crate::core::model::EntityId::new(v))
            .map_or(2, |e| e.kind as u8 + 3),
        _ => 2,
    }
}

/// Two claims disagree on a dimension when, for some type of value both
/// give, their values differ and neither includes the other ("two" vs
/// "three", May vs June, Putin vs Kim). Adding a detail is not a conflict:
/// a weekday beside a date, or a country beside a person.
fn disagree(env: &Env, what: &str, a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    let of_type = |set: &BTreeSet<String>, t: u8| -> BTreeSet<String> {
        set.iter()
            .filter(|v| value_type(env, what, v) == t)
            .cloned()
            .collect()
    };
    a.iter().any(|v| {
        let t = value_type(env, what, v);
        let (x, y) = (of_type(a, t), of_type(b, t));
        !y.is_empty() && !x.is_subset(&y) && !y.is_subset(&x)
    })
}

/// Claims of proposition `p` whose values disagree: two claims whose
/// numbers (or dates, or names) differ and neither includes the other.
/// Leaving a figure out is not a conflict.
pub(crate) fn conflicts(env: &Env, p: &PropositionId, members: &[Member]) -> Vec<Finding> {
    let claims: Vec<&Member> = members
        .iter()
        .filter(|m| matches!(m.annotation.kind, crate::core::model::Kind::Claim(_)))
        .collect();
    // Values depend only on the words, so each distinct text is read once;
    // texts too short to index are read one by one.
    let mut read: Vec<Values> = Vec::new();
    let mut by_text: HashMap<u64, usize> = HashMap::new();
    let mut of_claim: Vec<usize> = Vec::with_capacity(claims.len());
    for m in &claims {
        let values = || extract_values(&m.annotation.span.exact, Some(env.names));
        let n = match m.text {
            Some(key) => *by_text.entry(key).or_insert_with(|| {
                read.push(values());
                read.len() - 1
            }),
            None => {
                read.push(values());
                read.len() - 1
            }
        };
        of_claim.push(n);
    }
    let mut out = Vec::new();
    for dim in &DIMENSIONS {
        // Distinct non-empty value sets, most common first.
        // Distinct non-empty value sets, in the claims' order.
        let mut variants: Vec<(&BTreeSet<String>, Vec<&Member>)> = Vec::new();
        let mut variant_of: HashMap<usize, usize> = HashMap::new();
        for (m, n) in claims.iter().zip(&of_claim) {
            let set = (dim.get)(&read[*n]);
            if set.is_empty() {
                continue;
            }
            let v = *variant_of.entry(*n).or_insert_with(|| {
                variants
                    .iter()
                    .position(|(s, _)| *s == set)
                    .unwrap_or_else(|| {
                        variants.push((set, Vec::new()));
                        variants.len() - 1
                    })
            });
            variants[v].1.push(m);
        }
        let clash = variants.iter().enumerate().any(|(i, (a, _))| {
            variants[i + 1..]
                .iter()
                .any(|(b, _)| disagree(env, dim.what, a, b))
        });
        if !clash {
            continue;
        }
        variants.sort_by(|a, b| b.1.len().cmp(&a.1.len()).then_with(|| a.0.cmp(b.0)));
        let shown: Vec<String> = variants
            .iter()
            .take(4)
            .map(|(set, list)| {
                let names: Vec<String> = set
                    .iter()
                    .map(|v| match dim.what {
                        "names" => env.entity_name(&crate::core::model::EntityId::new(v.as_str())),
                        "dates" => capitalise(v),
                        _ => v.clone(),
                    })
                    .collect();
                format!("{} ({})", names.join(", "), count(list.len(), "claim"))
            })
            .collect();
        let statement = env
            .set
            .propositions()
            .get(p)
            .map(|p| format!(" {}", quoted(&p.statement)))
            .unwrap_or_default();
        let lists: Vec<Vec<&Member>> = variants.iter().map(|(_, l)| l.clone()).collect();
        out.push(Finding::new(
            CLAIM_CONFLICT,
            format!(
                "claims of proposition {p}{statement} give different {}: {}",
                dim.what,
                shown.join(" vs ")
            ),
            spread(&lists),
            None,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(text: &str) -> Vec<String> {
        extract_values(text, None).numbers.into_iter().collect()
    }
    fn dates(text: &str) -> Vec<String> {
        extract_values(text, None).dates.into_iter().collect()
    }

    #[test]
    fn numbers_in_digits_and_words() {
        assert_eq!(numbers("Norland launched two missiles"), ["2"]);
        assert_eq!(
            numbers("twenty-five drones and 1,200 troops"),
            ["1200", "25"]
        );
        assert_eq!(numbers("3 million people, 2.5 percent"), ["2.5", "3000000"]);
        assert_eq!(numbers("two hundred thousand"), ["200000"]);
        assert_eq!(numbers("a dozen ships"), ["12"]);
        assert!(numbers("no figures here").is_empty());
    }

    #[test]
    fn dates_months_weekdays_years() {
        assert_eq!(dates("launched in May."), ["may"]);
        assert_eq!(dates("May we ask?"), Vec::<String>::new());
        assert_eq!(dates("on 14 September 2023"), ["2023", "september 14"]);
        assert_eq!(dates("on Tuesday, since 2019"), ["2019", "tuesday"]);
        assert_eq!(dates("in Sept."), ["september"]);
        assert_eq!(numbers("on 14 September 2023 with 2023 troops"), ["2023"]);
    }
}
