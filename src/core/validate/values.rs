//! Typed values in a claim's text: counts of things, durations, times of
//! day, dates, sums of money, percentages and places, in any of the
//! languages the tables below know. Two claims about one proposition
//! conflict only where they give values of the same type about the same
//! thing and none of them agree ("two missiles" / "three missiles"), never
//! on bare numbers ("3 hours" / "two missiles") or on the actors they name.
//!
//! Pure: the input is plain text and a [`Context`]; nothing here knows the
//! annotation set. Character classes come from the Unicode crates; the
//! tables are language data (number words, month names, counters, units).

use jiff::civil::{Date, Weekday};
use std::borrow::Cow;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};
use unicode_script::{Script, UnicodeScript};
use unicode_segmentation::UnicodeSegmentation;

/// How a figure is hedged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    About,
    AtLeast,
    AtMost,
    MoreThan,
    LessThan,
}

/// A figure: one number, or a range `low..=high`, with its hedge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amount {
    pub low: f64,
    pub high: f64,
    pub qualifier: Qualifier,
}

impl Amount {
    fn exact(v: f64) -> Self {
        Amount {
            low: v,
            high: v,
            qualifier: Qualifier::Exact,
        }
    }

    fn scaled(self, by: f64) -> Self {
        Amount {
            low: self.low * by,
            high: self.high * by,
            ..self
        }
    }

    /// The values the figure allows; `about` widens by `slack` (a share
    /// of the value, or an absolute margin when `absolute`).
    fn bounds(&self, slack: f64, absolute: bool) -> (f64, f64) {
        let margin = |v: f64| if absolute { slack } else { v.abs() * slack };
        match self.qualifier {
            Qualifier::Exact => (self.low, self.high),
            Qualifier::About => (self.low - margin(self.low), self.high + margin(self.high)),
            Qualifier::AtLeast | Qualifier::MoreThan => (self.low, f64::INFINITY),
            Qualifier::AtMost | Qualifier::LessThan => (f64::NEG_INFINITY, self.high),
        }
    }
}

/// A calendar date as far as the text gives it. After [`resolve`] a
/// day-and-month has its year, a bare day its month, and "yesterday" all
/// three, where the article's date allows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateValue {
    pub year: Option<i16>,
    pub month: Option<i8>,
    /// First and last day of month ("13–14 September" is `(13, 14)`).
    pub days: Option<(i8, i8)>,
    pub weekday: Option<Weekday>,
    /// Days from the article's date ("yesterday" is -1), until resolved.
    pub relative: Option<i8>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// A number of things: `what` is the counted noun in a crude stem
    /// ("missil") or the counter ("発", "발"); `noun` as written, lower case.
    Count {
        what: String,
        noun: String,
        amount: Amount,
    },
    Duration {
        seconds: Amount,
    },
    /// Minutes after midnight.
    TimeOfDay {
        minutes: Amount,
    },
    Date(DateValue),
    /// `currency` is an ISO code where known ("USD"), else the symbol.
    Money {
        currency: String,
        amount: Amount,
    },
    Percent(Amount),
    /// The set's id of a place named in the text.
    Place(String),
}

/// One value and the bytes of the text it was read from (qualifier, figure
/// and unit: "about three hours").
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub kind: Kind,
    pub range: Range<usize>,
}

/// What values are compared by: their type, and for counts and money what
/// is counted. Only values with one key can disagree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key<'a> {
    Count(&'a str),
    Duration,
    TimeOfDay,
    Date,
    Money(&'a str),
    Percent,
    Place,
}

impl Value {
    pub fn key(&self) -> Key<'_> {
        match &self.kind {
            Kind::Count { what, .. } => Key::Count(what),
            Kind::Duration { .. } => Key::Duration,
            Kind::TimeOfDay { .. } => Key::TimeOfDay,
            Kind::Date(_) => Key::Date,
            Kind::Money { currency, .. } => Key::Money(currency),
            Kind::Percent(_) => Key::Percent,
            Kind::Place(_) => Key::Place,
        }
    }

    /// The same value, wherever and however it was written.
    pub fn same(&self, other: &Value) -> bool {
        match (&self.kind, &other.kind) {
            (
                Kind::Count { what, amount, .. },
                Kind::Count {
                    what: w, amount: a, ..
                },
            ) => what == w && amount == a,
            (a, b) => a == b,
        }
    }

    /// Whether the two can describe one fact: the figures overlap (after
    /// hedges), the dates can fall on one day, the places are one.
    pub fn compatible(&self, other: &Value) -> bool {
        // "About" allows a fifth either way, or half an hour on a clock.
        let overlap = |a: &Amount, b: &Amount, slack: f64, absolute: bool| {
            let (a0, a1) = a.bounds(slack, absolute);
            let (b0, b1) = b.bounds(slack, absolute);
            let eps = |v: f64| 1e-9 * v.abs().max(1.0);
            a0 <= b1 + eps(b1) && b0 <= a1 + eps(a1)
        };
        match (&self.kind, &other.kind) {
            (
                Kind::Count {
                    what, amount: a, ..
                },
                Kind::Count {
                    what: w, amount: b, ..
                },
            ) => what == w && overlap(a, b, 0.2, false),
            (Kind::Duration { seconds: a }, Kind::Duration { seconds: b })
            | (Kind::Percent(a), Kind::Percent(b)) => overlap(a, b, 0.2, false),
            (Kind::TimeOfDay { minutes: a }, Kind::TimeOfDay { minutes: b }) => {
                overlap(a, b, 30.0, true)
            }
            (
                Kind::Money {
                    currency: c,
                    amount: a,
                },
                Kind::Money {
                    currency: d,
                    amount: b,
                },
            ) => c == d && overlap(a, b, 0.2, false),
            (Kind::Date(a), Kind::Date(b)) => dates_compatible(a, b),
            (Kind::Place(a), Kind::Place(b)) => a == b,
            _ => false,
        }
    }
}

/// The set's place id for a name as written, if the name is a place's.
pub type PlaceLookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// What the extraction needs besides the text.
#[derive(Clone, Copy, Default)]
pub struct Context<'a> {
    /// BCP 47 tag of the text's language ("" when unknown): decides "1.200"
    /// (1200 in German, 1.2 in English) and "Billion".
    pub language: &'a str,
    /// The set's place id for a name as written, if it names a place.
    pub place: Option<PlaceLookup<'a>>,
}

/// Keys on which two claims' values disagree: both give values of the key
/// and no value of one is compatible with a value of the other. Adding a
/// value the other lacks is not a disagreement.
/// The value of a single number word in any language the reader knows
/// ("twelve", "zwölf", "douze", "двенадцать"), so texts that write a figure
/// in words and in digits can be matched word for word.
pub fn number_word(word: &str) -> Option<f64> {
    NUMBER_WORDS
        .iter()
        .find(|(s, _, k)| *s == word && matches!(k, W::Unit))
        .map(|(_, v, _)| *v)
}

pub fn clashes<'v>(a: &'v [Value], b: &'v [Value]) -> Vec<Key<'v>> {
    let mut out: Vec<Key> = Vec::new();
    for v in a {
        let key = v.key();
        if out.contains(&key) {
            continue;
        }
        let mine = || a.iter().filter(|x| x.key() == key);
        let theirs = || b.iter().filter(|x| x.key() == key);
        if theirs().next().is_some() && !mine().any(|x| theirs().any(|y| x.compatible(y))) {
            out.push(key);
        }
    }
    out.sort();
    out
}

/// Fills in what the article's date implies: the year of a day and month
/// (the one nearest `published`), the month of a bare day, and relative
/// days. Without a date, values stay as written.
pub fn resolve(values: &mut [Value], published: Option<Date>) {
    let Some(p) = published else { return };
    for v in values {
        let Kind::Date(d) = &mut v.kind else { continue };
        if let Some(offset) = d.relative.take()
            && let Ok(day) = p.checked_add(jiff::Span::new().days(i64::from(offset)))
        {
            *d = DateValue {
                year: Some(day.year()),
                month: Some(day.month()),
                days: Some((day.day(), day.day())),
                ..*d
            };
            continue;
        }
        let distance = |y: i16, m: i8, day: i8| {
            Date::new(y, m, day.min(28))
                .ok()
                .and_then(|c| c.since(p).ok())
                .map(|s| s.get_days().abs())
                .unwrap_or(i32::MAX)
        };
        match (d.year, d.month, d.days) {
            (None, Some(m), days) => {
                let day = days.map_or(15, |(a, _)| a);
                d.year = (p.year() - 1..=p.year() + 1).min_by_key(|y| distance(*y, m, day));
            }
            (None, None, Some((day, _))) => {
                let months = [-1i32, 0, 1].map(|k| {
                    let n = i32::from(p.year()) * 12 + i32::from(p.month()) - 1 + k;
                    ((n / 12) as i16, (n % 12 + 1) as i8)
                });
                if let Some((y, m)) = months
                    .into_iter()
                    .min_by_key(|(y, m)| distance(*y, *m, day))
                {
                    d.year = Some(y);
                    d.month = Some(m);
                }
            }
            _ => {}
        }
    }
}

fn dates_compatible(a: &DateValue, b: &DateValue) -> bool {
    let differ = |x: Option<i64>, y: Option<i64>| matches!((x, y), (Some(x), Some(y)) if x != y);
    if differ(a.year.map(i64::from), b.year.map(i64::from))
        || differ(a.month.map(i64::from), b.month.map(i64::from))
        || differ(a.relative.map(i64::from), b.relative.map(i64::from))
    {
        return false;
    }
    if let (Some((a0, a1)), Some((b0, b1))) = (a.days, b.days)
        && (a1 < b0 || b1 < a0)
    {
        return false;
    }
    if let (Some(x), Some(y)) = (a.weekday, b.weekday)
        && x != y
    {
        return false;
    }
    // A weekday against a full date: one of its days must fall on it.
    let falls_on = |w: Option<Weekday>, d: &DateValue| match (w, d.year, d.month, d.days) {
        (Some(w), Some(y), Some(m), Some((d0, d1))) => {
            (d0..=d1).any(|day| Date::new(y, m, day).is_ok_and(|c| c.weekday() == w))
        }
        _ => true,
    };
    falls_on(a.weekday, b) && falls_on(b.weekday, a)
}

/// Typed values in `text`, in text order, unresolved (see [`resolve`]).
pub fn extract(text: &str, cx: &Context) -> Vec<Value> {
    let toks = tokens(text);
    let s = Scan {
        text,
        toks: &toks,
        lang: Lang::of(cx.language),
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match s.value_at(i, &mut out) {
            Some(next) => i = next.max(i + 1),
            None => i += 1,
        }
    }
    if let Some(place) = cx.place {
        s.places(place, &mut out);
    }
    out
}

// ---------------------------------------------------------------------
// Language data

/// Number words: value and how they combine.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum W {
    /// Adds ("twenty", "five", "двести").
    Unit,
    /// A unit that reads as a number only before a unit of measure or a
    /// scale ("a", "ein", "un", "один", "한"): "an hour", not "a missile".
    Weak,
    /// Multiplies what came before within the group ("hundred", "dozen").
    Hundred,
    /// Closes a group ("thousand", "million"); also after digits.
    Scale,
}

const NUMBER_WORDS: &[(&str, f64, W)] = &[
    // English
    ("zero", 0.0, W::Unit),
    ("a", 1.0, W::Weak),
    ("an", 1.0, W::Weak),
    ("one", 1.0, W::Unit),
    ("two", 2.0, W::Unit),
    ("three", 3.0, W::Unit),
    ("four", 4.0, W::Unit),
    ("five", 5.0, W::Unit),
    ("six", 6.0, W::Unit),
    ("seven", 7.0, W::Unit),
    ("eight", 8.0, W::Unit),
    ("nine", 9.0, W::Unit),
    ("ten", 10.0, W::Unit),
    ("eleven", 11.0, W::Unit),
    ("twelve", 12.0, W::Unit),
    ("thirteen", 13.0, W::Unit),
    ("fourteen", 14.0, W::Unit),
    ("fifteen", 15.0, W::Unit),
    ("sixteen", 16.0, W::Unit),
    ("seventeen", 17.0, W::Unit),
    ("eighteen", 18.0, W::Unit),
    ("nineteen", 19.0, W::Unit),
    ("twenty", 20.0, W::Unit),
    ("thirty", 30.0, W::Unit),
    ("forty", 40.0, W::Unit),
    ("fifty", 50.0, W::Unit),
    ("sixty", 60.0, W::Unit),
    ("seventy", 70.0, W::Unit),
    ("eighty", 80.0, W::Unit),
    ("ninety", 90.0, W::Unit),
    ("dozen", 12.0, W::Hundred),
    ("hundred", 100.0, W::Hundred),
    ("thousand", 1e3, W::Scale),
    ("million", 1e6, W::Scale),
    ("millions", 1e6, W::Scale),
    ("billion", 1e9, W::Scale),
    ("bn", 1e9, W::Scale),
    ("trillion", 1e12, W::Scale),
    // German (compounds such as "fünfundzwanzig" are read by `german`)
    ("null", 0.0, W::Unit),
    ("eins", 1.0, W::Unit),
    ("ein", 1.0, W::Weak),
    ("eine", 1.0, W::Weak),
    ("einen", 1.0, W::Weak),
    ("einem", 1.0, W::Weak),
    ("einer", 1.0, W::Weak),
    ("zwei", 2.0, W::Unit),
    ("zwo", 2.0, W::Unit),
    ("drei", 3.0, W::Unit),
    ("vier", 4.0, W::Unit),
    ("fünf", 5.0, W::Unit),
    ("sechs", 6.0, W::Unit),
    ("sieben", 7.0, W::Unit),
    ("acht", 8.0, W::Unit),
    ("neun", 9.0, W::Unit),
    ("zehn", 10.0, W::Unit),
    ("elf", 11.0, W::Unit),
    ("zwölf", 12.0, W::Unit),
    ("dreizehn", 13.0, W::Unit),
    ("vierzehn", 14.0, W::Unit),
    ("fünfzehn", 15.0, W::Unit),
    ("sechzehn", 16.0, W::Unit),
    ("siebzehn", 17.0, W::Unit),
    ("achtzehn", 18.0, W::Unit),
    ("neunzehn", 19.0, W::Unit),
    ("zwanzig", 20.0, W::Unit),
    ("dreißig", 30.0, W::Unit),
    ("vierzig", 40.0, W::Unit),
    ("fünfzig", 50.0, W::Unit),
    ("sechzig", 60.0, W::Unit),
    ("siebzig", 70.0, W::Unit),
    ("achtzig", 80.0, W::Unit),
    ("neunzig", 90.0, W::Unit),
    ("hundert", 100.0, W::Hundred),
    ("tausend", 1e3, W::Scale),
    ("millionen", 1e6, W::Scale),
    ("mio", 1e6, W::Scale),
    ("milliarde", 1e9, W::Scale),
    ("milliarden", 1e9, W::Scale),
    ("mrd", 1e9, W::Scale),
    ("billionen", 1e12, W::Scale),
    // French
    ("zéro", 0.0, W::Unit),
    ("un", 1.0, W::Weak),
    ("une", 1.0, W::Weak),
    ("deux", 2.0, W::Unit),
    ("trois", 3.0, W::Unit),
    ("quatre", 4.0, W::Unit),
    ("cinq", 5.0, W::Unit),
    ("sept", 7.0, W::Unit),
    ("huit", 8.0, W::Unit),
    ("neuf", 9.0, W::Unit),
    ("dix", 10.0, W::Unit),
    ("onze", 11.0, W::Unit),
    ("douze", 12.0, W::Unit),
    ("treize", 13.0, W::Unit),
    ("quatorze", 14.0, W::Unit),
    ("quinze", 15.0, W::Unit),
    ("seize", 16.0, W::Unit),
    ("vingt", 20.0, W::Unit),
    ("vingts", 20.0, W::Unit),
    ("trente", 30.0, W::Unit),
    ("quarante", 40.0, W::Unit),
    ("cinquante", 50.0, W::Unit),
    ("soixante", 60.0, W::Unit),
    ("cent", 100.0, W::Hundred),
    ("cents", 100.0, W::Hundred),
    ("mille", 1e3, W::Scale),
    ("milliard", 1e9, W::Scale),
    ("milliards", 1e9, W::Scale),
    // Russian
    ("ноль", 0.0, W::Unit),
    ("один", 1.0, W::Weak),
    ("одна", 1.0, W::Weak),
    ("одно", 1.0, W::Weak),
    ("одну", 1.0, W::Weak),
    ("одного", 1.0, W::Weak),
    ("одной", 1.0, W::Weak),
    ("два", 2.0, W::Unit),
    ("две", 2.0, W::Unit),
    ("двух", 2.0, W::Unit),
    ("три", 3.0, W::Unit),
    ("трёх", 3.0, W::Unit),
    ("трех", 3.0, W::Unit),
    ("четыре", 4.0, W::Unit),
    ("четырёх", 4.0, W::Unit),
    ("четырех", 4.0, W::Unit),
    ("пять", 5.0, W::Unit),
    ("пяти", 5.0, W::Unit),
    ("шесть", 6.0, W::Unit),
    ("шести", 6.0, W::Unit),
    ("семь", 7.0, W::Unit),
    ("семи", 7.0, W::Unit),
    ("восемь", 8.0, W::Unit),
    ("восьми", 8.0, W::Unit),
    ("девять", 9.0, W::Unit),
    ("девяти", 9.0, W::Unit),
    ("десять", 10.0, W::Unit),
    ("десяти", 10.0, W::Unit),
    ("одиннадцать", 11.0, W::Unit),
    ("двенадцать", 12.0, W::Unit),
    ("тринадцать", 13.0, W::Unit),
    ("четырнадцать", 14.0, W::Unit),
    ("пятнадцать", 15.0, W::Unit),
    ("шестнадцать", 16.0, W::Unit),
    ("семнадцать", 17.0, W::Unit),
    ("восемнадцать", 18.0, W::Unit),
    ("девятнадцать", 19.0, W::Unit),
    ("двадцать", 20.0, W::Unit),
    ("тридцать", 30.0, W::Unit),
    ("сорок", 40.0, W::Unit),
    ("пятьдесят", 50.0, W::Unit),
    ("шестьдесят", 60.0, W::Unit),
    ("семьдесят", 70.0, W::Unit),
    ("восемьдесят", 80.0, W::Unit),
    ("девяносто", 90.0, W::Unit),
    ("сто", 100.0, W::Unit),
    ("двести", 200.0, W::Unit),
    ("триста", 300.0, W::Unit),
    ("четыреста", 400.0, W::Unit),
    ("пятьсот", 500.0, W::Unit),
    ("шестьсот", 600.0, W::Unit),
    ("семьсот", 700.0, W::Unit),
    ("восемьсот", 800.0, W::Unit),
    ("девятьсот", 900.0, W::Unit),
    ("тысяча", 1e3, W::Scale),
    ("тысячи", 1e3, W::Scale),
    ("тысяч", 1e3, W::Scale),
    ("тыс", 1e3, W::Scale),
    ("миллион", 1e6, W::Scale),
    ("миллиона", 1e6, W::Scale),
    ("миллионов", 1e6, W::Scale),
    ("млн", 1e6, W::Scale),
    ("миллиард", 1e9, W::Scale),
    ("миллиарда", 1e9, W::Scale),
    ("миллиардов", 1e9, W::Scale),
    ("млрд", 1e9, W::Scale),
    // Arabic scales
    ("ألف", 1e3, W::Scale),
    ("آلاف", 1e3, W::Scale),
    ("مليون", 1e6, W::Scale),
    ("ملايين", 1e6, W::Scale),
    ("مليار", 1e9, W::Scale),
    ("مليارات", 1e9, W::Scale),
    // Korean scales, spaced ("20 억") or split off digits ("20억")
    ("천", 1e3, W::Scale),
    ("만", 1e4, W::Scale),
    ("천만", 1e7, W::Scale),
    ("백만", 1e6, W::Scale),
    ("억", 1e8, W::Scale),
    ("조", 1e12, W::Scale),
];

/// Scales that are abbreviations too short to trust alone: "$40m" is
/// forty million, "40m" forty metres.
const MONEY_SCALES: &[(&str, f64)] = &[("m", 1e6), ("mn", 1e6), ("k", 1e3), ("b", 1e9)];

/// Korean native numerals, read only before a counter ("두 발").
const KOREAN_UNITS: &[(&str, f64)] = &[
    ("하나", 1.0),
    ("한", 1.0),
    ("둘", 2.0),
    ("두", 2.0),
    ("셋", 3.0),
    ("세", 3.0),
    ("석", 3.0),
    ("넷", 4.0),
    ("네", 4.0),
    ("넉", 4.0),
    ("다섯", 5.0),
    ("여섯", 6.0),
    ("일곱", 7.0),
    ("여덟", 8.0),
    ("아홉", 9.0),
];
const KOREAN_TENS: &[(&str, f64)] = &[
    ("열", 10.0),
    ("스물", 20.0),
    ("스무", 20.0),
    ("서른", 30.0),
    ("마흔", 40.0),
    ("쉰", 50.0),
    ("예순", 60.0),
    ("일흔", 70.0),
    ("여든", 80.0),
    ("아흔", 90.0),
];
/// Sino-Korean and Han numerals: digit values and place multipliers.
const SINO_DIGITS: &[(char, f64)] = &[
    ('〇', 0.0),
    ('零', 0.0),
    ('一', 1.0),
    ('二', 2.0),
    ('两', 2.0),
    ('兩', 2.0),
    ('三', 3.0),
    ('四', 4.0),
    ('五', 5.0),
    ('六', 6.0),
    ('七', 7.0),
    ('八', 8.0),
    ('九', 9.0),
    ('일', 1.0),
    ('이', 2.0),
    ('삼', 3.0),
    ('사', 4.0),
    ('오', 5.0),
    ('육', 6.0),
    ('칠', 7.0),
    ('팔', 8.0),
    ('구', 9.0),
];
const SINO_PLACES: &[(char, f64)] = &[
    ('十', 10.0),
    ('百', 100.0),
    ('千', 1e3),
    ('십', 10.0),
    ('백', 100.0),
    ('천', 1e3),
];
const SINO_SCALES: &[(char, f64)] = &[
    ('万', 1e4),
    ('萬', 1e4),
    ('億', 1e8),
    ('亿', 1e8),
    ('兆', 1e12),
    ('만', 1e4),
    ('억', 1e8),
    ('조', 1e12),
];
/// Counters after Han numerals ("两枚导弹", "三人"): written out, since a
/// Han numeral before any other character is usually part of a word.
const HAN_COUNTERS: &[&str] = &[
    "枚", "发", "發", "个", "個", "名", "人", "位", "架", "艘", "辆", "輛", "台", "座", "次", "回",
    "件", "头", "頭", "只", "隻", "発", "機", "机", "基", "門", "门", "本", "匹", "棟", "栋", "所",
    "家", "国", "國", "カ国", "か国", "ヶ国", "项", "項", "份", "条", "條", "款",
];

/// What a word after a number makes of it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Unit {
    Seconds(f64),
    /// O'clock: "Uhr", "時", "시", "点".
    Clock,
    /// Hours or o'clock, by context: "heures", "часов".
    ClockOrHours,
    Am,
    Pm,
    Currency(&'static str),
    Percent,
    Year,
    Month,
    Day,
}

const HOUR: f64 = 3600.0;
const DAY: f64 = 86400.0;
const UNITS: &[(&str, Unit)] = &[
    // English
    ("hour", Unit::Seconds(HOUR)),
    ("hours", Unit::Seconds(HOUR)),
    ("hr", Unit::Seconds(HOUR)),
    ("hrs", Unit::Seconds(HOUR)),
    ("minute", Unit::Seconds(60.0)),
    ("minutes", Unit::Seconds(60.0)),
    ("min", Unit::Seconds(60.0)),
    ("mins", Unit::Seconds(60.0)),
    ("second", Unit::Seconds(1.0)),
    ("seconds", Unit::Seconds(1.0)),
    ("day", Unit::Seconds(DAY)),
    ("days", Unit::Seconds(DAY)),
    ("week", Unit::Seconds(7.0 * DAY)),
    ("weeks", Unit::Seconds(7.0 * DAY)),
    ("month", Unit::Seconds(30.0 * DAY)),
    ("months", Unit::Seconds(30.0 * DAY)),
    ("year", Unit::Seconds(365.0 * DAY)),
    ("years", Unit::Seconds(365.0 * DAY)),
    ("o'clock", Unit::Clock),
    ("o’clock", Unit::Clock),
    ("a.m", Unit::Am),
    ("am", Unit::Am),
    ("p.m", Unit::Pm),
    ("pm", Unit::Pm),
    ("percent", Unit::Percent),
    ("pct", Unit::Percent),
    ("dollar", Unit::Currency("USD")),
    ("dollars", Unit::Currency("USD")),
    ("euro", Unit::Currency("EUR")),
    ("euros", Unit::Currency("EUR")),
    ("pound", Unit::Currency("GBP")),
    ("pounds", Unit::Currency("GBP")),
    ("sterling", Unit::Currency("GBP")),
    ("yen", Unit::Currency("JPY")),
    ("yuan", Unit::Currency("CNY")),
    ("renminbi", Unit::Currency("CNY")),
    ("won", Unit::Currency("KRW")),
    ("rouble", Unit::Currency("RUB")),
    ("roubles", Unit::Currency("RUB")),
    ("ruble", Unit::Currency("RUB")),
    ("rubles", Unit::Currency("RUB")),
    ("usd", Unit::Currency("USD")),
    ("eur", Unit::Currency("EUR")),
    ("gbp", Unit::Currency("GBP")),
    ("jpy", Unit::Currency("JPY")),
    ("cny", Unit::Currency("CNY")),
    ("krw", Unit::Currency("KRW")),
    ("rub", Unit::Currency("RUB")),
    // German
    ("stunde", Unit::Seconds(HOUR)),
    ("stunden", Unit::Seconds(HOUR)),
    ("std", Unit::Seconds(HOUR)),
    ("minuten", Unit::Seconds(60.0)),
    ("sekunde", Unit::Seconds(1.0)),
    ("sekunden", Unit::Seconds(1.0)),
    ("tag", Unit::Seconds(DAY)),
    ("tage", Unit::Seconds(DAY)),
    ("tagen", Unit::Seconds(DAY)),
    ("woche", Unit::Seconds(7.0 * DAY)),
    ("wochen", Unit::Seconds(7.0 * DAY)),
    ("monate", Unit::Seconds(30.0 * DAY)),
    ("monaten", Unit::Seconds(30.0 * DAY)),
    ("jahre", Unit::Seconds(365.0 * DAY)),
    ("jahren", Unit::Seconds(365.0 * DAY)),
    ("uhr", Unit::Clock),
    ("prozent", Unit::Percent),
    ("us-dollar", Unit::Currency("USD")),
    // French
    ("heure", Unit::ClockOrHours),
    ("heures", Unit::ClockOrHours),
    ("h", Unit::Clock),
    ("seconde", Unit::Seconds(1.0)),
    ("secondes", Unit::Seconds(1.0)),
    ("jour", Unit::Seconds(DAY)),
    ("jours", Unit::Seconds(DAY)),
    ("semaine", Unit::Seconds(7.0 * DAY)),
    ("semaines", Unit::Seconds(7.0 * DAY)),
    ("mois", Unit::Seconds(30.0 * DAY)),
    ("ans", Unit::Seconds(365.0 * DAY)),
    ("années", Unit::Seconds(365.0 * DAY)),
    ("pourcent", Unit::Percent),
    // Russian
    ("час", Unit::ClockOrHours),
    ("часа", Unit::ClockOrHours),
    ("часов", Unit::ClockOrHours),
    ("минута", Unit::Seconds(60.0)),
    ("минуты", Unit::Seconds(60.0)),
    ("минут", Unit::Seconds(60.0)),
    ("минуту", Unit::Seconds(60.0)),
    ("секунда", Unit::Seconds(1.0)),
    ("секунды", Unit::Seconds(1.0)),
    ("секунд", Unit::Seconds(1.0)),
    ("день", Unit::Seconds(DAY)),
    ("дня", Unit::Seconds(DAY)),
    ("дней", Unit::Seconds(DAY)),
    ("неделя", Unit::Seconds(7.0 * DAY)),
    ("недели", Unit::Seconds(7.0 * DAY)),
    ("недель", Unit::Seconds(7.0 * DAY)),
    ("месяца", Unit::Seconds(30.0 * DAY)),
    ("месяцев", Unit::Seconds(30.0 * DAY)),
    ("лет", Unit::Seconds(365.0 * DAY)),
    ("процент", Unit::Percent),
    ("процента", Unit::Percent),
    ("процентов", Unit::Percent),
    ("доллар", Unit::Currency("USD")),
    ("доллара", Unit::Currency("USD")),
    ("долларов", Unit::Currency("USD")),
    ("евро", Unit::Currency("EUR")),
    ("рубль", Unit::Currency("RUB")),
    ("рубля", Unit::Currency("RUB")),
    ("рублей", Unit::Currency("RUB")),
    // Korean (after digits or native numerals)
    ("시간", Unit::Seconds(HOUR)),
    ("분", Unit::Seconds(60.0)),
    ("초", Unit::Seconds(1.0)),
    ("일간", Unit::Seconds(DAY)),
    ("주", Unit::Seconds(7.0 * DAY)),
    ("주일", Unit::Seconds(7.0 * DAY)),
    ("개월", Unit::Seconds(30.0 * DAY)),
    ("달", Unit::Seconds(30.0 * DAY)),
    ("시", Unit::Clock),
    ("년", Unit::Year),
    ("월", Unit::Month),
    ("일", Unit::Day),
    ("퍼센트", Unit::Percent),
    ("프로", Unit::Percent),
    ("달러", Unit::Currency("USD")),
    ("원", Unit::Currency("KRW")),
    ("유로", Unit::Currency("EUR")),
    ("엔", Unit::Currency("JPY")),
    // Japanese and Chinese (glued characters, longest first where they
    // share a start)
    ("時間", Unit::Seconds(HOUR)),
    ("分間", Unit::Seconds(60.0)),
    ("日間", Unit::Seconds(DAY)),
    ("週間", Unit::Seconds(7.0 * DAY)),
    ("ヶ月", Unit::Seconds(30.0 * DAY)),
    ("か月", Unit::Seconds(30.0 * DAY)),
    ("カ月", Unit::Seconds(30.0 * DAY)),
    ("个小时", Unit::Seconds(HOUR)),
    ("個小時", Unit::Seconds(HOUR)),
    ("小时", Unit::Seconds(HOUR)),
    ("小時", Unit::Seconds(HOUR)),
    ("钟头", Unit::Seconds(HOUR)),
    ("鐘頭", Unit::Seconds(HOUR)),
    ("分钟", Unit::Seconds(60.0)),
    ("分鐘", Unit::Seconds(60.0)),
    ("个月", Unit::Seconds(30.0 * DAY)),
    ("個月", Unit::Seconds(30.0 * DAY)),
    ("分", Unit::Seconds(60.0)),
    ("秒", Unit::Seconds(1.0)),
    ("天", Unit::Seconds(DAY)),
    ("時", Unit::Clock),
    ("时", Unit::Clock),
    ("点", Unit::Clock),
    ("點", Unit::Clock),
    ("年", Unit::Year),
    ("月", Unit::Month),
    ("日", Unit::Day),
    ("号", Unit::Day),
    ("號", Unit::Day),
    ("パーセント", Unit::Percent),
    ("ドル", Unit::Currency("USD")),
    ("円", Unit::Currency("JPY")),
    ("ユーロ", Unit::Currency("EUR")),
    ("美元", Unit::Currency("USD")),
    ("欧元", Unit::Currency("EUR")),
    ("歐元", Unit::Currency("EUR")),
    ("日元", Unit::Currency("JPY")),
    ("韩元", Unit::Currency("KRW")),
    ("人民币", Unit::Currency("CNY")),
    ("元", Unit::Currency("CNY")),
    // Arabic
    ("ساعة", Unit::Seconds(HOUR)),
    ("ساعات", Unit::Seconds(HOUR)),
    ("دقيقة", Unit::Seconds(60.0)),
    ("دقائق", Unit::Seconds(60.0)),
    ("يوم", Unit::Seconds(DAY)),
    ("أيام", Unit::Seconds(DAY)),
    ("دولار", Unit::Currency("USD")),
    ("يورو", Unit::Currency("EUR")),
];

/// Two-word units: "per cent", "pour cent", "في المئة".
const UNIT_PAIRS: &[(&str, &str, Unit)] = &[
    ("per", "cent", Unit::Percent),
    ("pour", "cent", Unit::Percent),
    ("في", "المئة", Unit::Percent),
    ("في", "المائة", Unit::Percent),
];
const UNIT_ONE_WORD_PERCENT: &[&str] = &["بالمئة", "بالمائة"];

/// Hedges before a figure, as word sequences.
const QUALIFIERS: &[(&[&str], Qualifier)] = &[
    (&["at", "least"], Qualifier::AtLeast),
    (&["at", "most"], Qualifier::AtMost),
    (&["more", "than"], Qualifier::MoreThan),
    (&["less", "than"], Qualifier::LessThan),
    (&["fewer", "than"], Qualifier::LessThan),
    (&["up", "to"], Qualifier::AtMost),
    (&["upwards", "of"], Qualifier::MoreThan),
    (&["close", "to"], Qualifier::About),
    (&["about"], Qualifier::About),
    (&["around"], Qualifier::About),
    (&["roughly"], Qualifier::About),
    (&["approximately"], Qualifier::About),
    (&["some"], Qualifier::About),
    (&["nearly"], Qualifier::About),
    (&["almost"], Qualifier::About),
    (&["an", "estimated"], Qualifier::About),
    (&["over"], Qualifier::MoreThan),
    (&["under"], Qualifier::LessThan),
    (&["mehr", "als"], Qualifier::MoreThan),
    (&["weniger", "als"], Qualifier::LessThan),
    (&["bis", "zu"], Qualifier::AtMost),
    (&["mindestens"], Qualifier::AtLeast),
    (&["wenigstens"], Qualifier::AtLeast),
    (&["höchstens"], Qualifier::AtMost),
    (&["etwa"], Qualifier::About),
    (&["rund"], Qualifier::About),
    (&["ungefähr"], Qualifier::About),
    (&["circa"], Qualifier::About),
    (&["ca"], Qualifier::About),
    (&["knapp"], Qualifier::About),
    (&["über"], Qualifier::MoreThan),
    (&["au", "moins"], Qualifier::AtLeast),
    (&["au", "plus"], Qualifier::AtMost),
    (&["plus", "de"], Qualifier::MoreThan),
    (&["moins", "de"], Qualifier::LessThan),
    (&["près", "de"], Qualifier::About),
    (&["environ"], Qualifier::About),
    (&["jusqu'à"], Qualifier::AtMost),
    (&["jusqu’à"], Qualifier::AtMost),
    (&["не", "менее"], Qualifier::AtLeast),
    (&["не", "более"], Qualifier::AtMost),
    (&["по", "меньшей", "мере"], Qualifier::AtLeast),
    (&["как", "минимум"], Qualifier::AtLeast),
    (&["более"], Qualifier::MoreThan),
    (&["больше"], Qualifier::MoreThan),
    (&["свыше"], Qualifier::MoreThan),
    (&["менее"], Qualifier::LessThan),
    (&["меньше"], Qualifier::LessThan),
    (&["около"], Qualifier::About),
    (&["примерно"], Qualifier::About),
    (&["почти"], Qualifier::About),
    (&["приблизительно"], Qualifier::About),
    (&["약"], Qualifier::About),
    (&["대략"], Qualifier::About),
    (&["최소"], Qualifier::AtLeast),
    (&["적어도"], Qualifier::AtLeast),
    (&["최대"], Qualifier::AtMost),
    (&["約"], Qualifier::About),
    (&["约"], Qualifier::About),
    (&["大约"], Qualifier::About),
    (&["大約"], Qualifier::About),
    (&["近"], Qualifier::About),
    (&["少なくとも"], Qualifier::AtLeast),
    (&["至少"], Qualifier::AtLeast),
    (&["最少"], Qualifier::AtLeast),
    (&["最多"], Qualifier::AtMost),
    (&["超过"], Qualifier::MoreThan),
    (&["超過"], Qualifier::MoreThan),
    (&["逾"], Qualifier::MoreThan),
    (&["不到"], Qualifier::LessThan),
    (&["حوالي"], Qualifier::About),
    (&["نحو"], Qualifier::About),
    (&["أكثر", "من"], Qualifier::MoreThan),
    (&["أقل", "من"], Qualifier::LessThan),
];
/// Hedges after a figure and its unit ("3時間以上", "200명 이상").
const POSTFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("未満", Qualifier::LessThan),
    ("余り", Qualifier::MoreThan),
    ("前後", Qualifier::About),
    ("ほど", Qualifier::About),
    ("程度", Qualifier::About),
    ("くらい", Qualifier::About),
    ("ぐらい", Qualifier::About),
    ("左右", Qualifier::About),
    ("上下", Qualifier::About),
    ("이상", Qualifier::AtLeast),
    ("이하", Qualifier::AtMost),
    ("미만", Qualifier::LessThan),
    ("가량", Qualifier::About),
    ("정도", Qualifier::About),
    ("쯤", Qualifier::About),
    ("안팎", Qualifier::About),
    ("넘게", Qualifier::MoreThan),
];
/// "More than", glued between a number and its counter ("200여 명",
/// "200多人", "200余人").
const GLUED_MORE: &[&str] = &["여", "多", "余"];
/// Words joining two figures into a range.
const RANGE_WORDS: &[&str] = &["to", "bis", "à", "до", "から", "~", "〜", "～"];
const BETWEEN: &[(&str, &str)] = &[
    ("between", "and"),
    ("zwischen", "und"),
    ("entre", "et"),
    ("от", "до"),
];
/// Words after a number that say it counts nothing ("two of them").
const NOT_NOUNS: &[&str] = &[
    "of", "and", "or", "to", "in", "on", "at", "for", "by", "from", "with", "than", "the", "as",
    "times", "und", "oder", "von", "der", "die", "das", "mal", "de", "du", "des", "et", "ou",
    "fois", "и", "или", "в", "на", "раз",
];

const MONTHS: &[(&str, i8)] = &[
    ("january", 1),
    ("jan", 1),
    ("february", 2),
    ("feb", 2),
    ("march", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("may", 5),
    ("june", 6),
    ("jun", 6),
    ("july", 7),
    ("jul", 7),
    ("august", 8),
    ("aug", 8),
    ("september", 9),
    ("sept", 9),
    ("sep", 9),
    ("october", 10),
    ("oct", 10),
    ("november", 11),
    ("nov", 11),
    ("december", 12),
    ("dec", 12),
    ("januar", 1),
    ("jänner", 1),
    ("februar", 2),
    ("märz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("okt", 10),
    ("dezember", 12),
    ("dez", 12),
    ("janvier", 1),
    ("janv", 1),
    ("février", 2),
    ("févr", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("déc", 12),
    ("январь", 1),
    ("января", 1),
    ("январе", 1),
    ("февраль", 2),
    ("февраля", 2),
    ("феврале", 2),
    ("март", 3),
    ("марта", 3),
    ("марте", 3),
    ("апрель", 4),
    ("апреля", 4),
    ("апреле", 4),
    ("май", 5),
    ("мая", 5),
    ("мае", 5),
    ("июнь", 6),
    ("июня", 6),
    ("июне", 6),
    ("июль", 7),
    ("июля", 7),
    ("июле", 7),
    ("август", 8),
    ("августа", 8),
    ("августе", 8),
    ("сентябрь", 9),
    ("сентября", 9),
    ("сентябре", 9),
    ("октябрь", 10),
    ("октября", 10),
    ("октябре", 10),
    ("ноябрь", 11),
    ("ноября", 11),
    ("ноябре", 11),
    ("декабрь", 12),
    ("декабря", 12),
    ("декабре", 12),
    // Greek, nominative and genitive ("13 Σεπτεμβρίου")
    ("ιανουάριος", 1),
    ("ιανουαρίου", 1),
    ("φεβρουάριος", 2),
    ("φεβρουαρίου", 2),
    ("μάρτιος", 3),
    ("μαρτίου", 3),
    ("απρίλιος", 4),
    ("απριλίου", 4),
    ("μάιος", 5),
    ("μαΐου", 5),
    ("ιούνιος", 6),
    ("ιουνίου", 6),
    ("ιούλιος", 7),
    ("ιουλίου", 7),
    ("αύγουστος", 8),
    ("αυγούστου", 8),
    ("σεπτέμβριος", 9),
    ("σεπτεμβρίου", 9),
    ("οκτώβριος", 10),
    ("οκτωβρίου", 10),
    ("νοέμβριος", 11),
    ("νοεμβρίου", 11),
    ("δεκέμβριος", 12),
    ("δεκεμβρίου", 12),
];
/// English and German month names are capitalised; a lower-case "may" or
/// "march" is a verb. French and Russian ones are written in lower case.
const CAPITALISED_MONTHS: &[&str] = &[
    "january",
    "jan",
    "february",
    "feb",
    "march",
    "mar",
    "april",
    "apr",
    "may",
    "june",
    "jun",
    "july",
    "jul",
    "august",
    "aug",
    "september",
    "sept",
    "sep",
    "october",
    "oct",
    "november",
    "nov",
    "december",
    "dec",
    "januar",
    "jänner",
    "februar",
    "märz",
    "juni",
    "juli",
    "oktober",
    "okt",
    "dezember",
    "dez",
];

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
    ("montag", Weekday::Monday),
    ("dienstag", Weekday::Tuesday),
    ("mittwoch", Weekday::Wednesday),
    ("donnerstag", Weekday::Thursday),
    ("freitag", Weekday::Friday),
    ("samstag", Weekday::Saturday),
    ("sonnabend", Weekday::Saturday),
    ("sonntag", Weekday::Sunday),
    ("lundi", Weekday::Monday),
    ("mardi", Weekday::Tuesday),
    ("mercredi", Weekday::Wednesday),
    ("jeudi", Weekday::Thursday),
    ("vendredi", Weekday::Friday),
    ("samedi", Weekday::Saturday),
    ("dimanche", Weekday::Sunday),
    ("понедельник", Weekday::Monday),
    ("вторник", Weekday::Tuesday),
    ("среда", Weekday::Wednesday),
    ("среду", Weekday::Wednesday),
    ("четверг", Weekday::Thursday),
    ("пятница", Weekday::Friday),
    ("пятницу", Weekday::Friday),
    ("суббота", Weekday::Saturday),
    ("субботу", Weekday::Saturday),
    ("воскресенье", Weekday::Sunday),
    ("월요일", Weekday::Monday),
    ("화요일", Weekday::Tuesday),
    ("수요일", Weekday::Wednesday),
    ("목요일", Weekday::Thursday),
    ("금요일", Weekday::Friday),
    ("토요일", Weekday::Saturday),
    ("일요일", Weekday::Sunday),
    ("月曜日", Weekday::Monday),
    ("火曜日", Weekday::Tuesday),
    ("水曜日", Weekday::Wednesday),
    ("木曜日", Weekday::Thursday),
    ("金曜日", Weekday::Friday),
    ("土曜日", Weekday::Saturday),
    ("日曜日", Weekday::Sunday),
    ("星期一", Weekday::Monday),
    ("星期二", Weekday::Tuesday),
    ("星期三", Weekday::Wednesday),
    ("星期四", Weekday::Thursday),
    ("星期五", Weekday::Friday),
    ("星期六", Weekday::Saturday),
    ("星期日", Weekday::Sunday),
    ("星期天", Weekday::Sunday),
    ("周一", Weekday::Monday),
    ("周二", Weekday::Tuesday),
    ("周三", Weekday::Wednesday),
    ("周四", Weekday::Thursday),
    ("周五", Weekday::Friday),
    ("周六", Weekday::Saturday),
    ("周日", Weekday::Sunday),
    ("الاثنين", Weekday::Monday),
    ("الثلاثاء", Weekday::Tuesday),
    ("الأربعاء", Weekday::Wednesday),
    ("الخميس", Weekday::Thursday),
    ("الجمعة", Weekday::Friday),
    ("السبت", Weekday::Saturday),
    ("الأحد", Weekday::Sunday),
    ("δευτέρα", Weekday::Monday),
    ("δευτέρας", Weekday::Monday),
    ("τρίτη", Weekday::Tuesday),
    ("τρίτης", Weekday::Tuesday),
    ("τετάρτη", Weekday::Wednesday),
    ("τετάρτης", Weekday::Wednesday),
    ("πέμπτη", Weekday::Thursday),
    ("πέμπτης", Weekday::Thursday),
    ("παρασκευή", Weekday::Friday),
    ("παρασκευής", Weekday::Friday),
    ("σάββατο", Weekday::Saturday),
    ("σαββάτου", Weekday::Saturday),
    ("κυριακή", Weekday::Sunday),
    ("κυριακής", Weekday::Sunday),
];
const RELATIVE_DAYS: &[(&str, i8)] = &[
    ("yesterday", -1),
    ("today", 0),
    ("tomorrow", 1),
    ("gestern", -1),
    ("heute", 0),
    ("hier", -1),
    ("aujourd'hui", 0),
    ("aujourd’hui", 0),
    ("demain", 1),
    ("вчера", -1),
    ("сегодня", 0),
    ("завтра", 1),
    ("어제", -1),
    ("오늘", 0),
    ("내일", 1),
    ("昨日", -1),
    ("今日", 0),
    ("明日", 1),
    ("昨天", -1),
    ("今天", 0),
    ("明天", 1),
    ("أمس", -1),
    ("χθες", -1),
    ("σήμερα", 0),
    ("αύριο", 1),
];
/// Words before a bare year that make it the date of the event ("in 2023");
/// "since 2006" or "until 2030" are other dates.
const YEAR_CUES: &[&str] = &["in", "im", "jahr", "en", "в"];
/// Parts of the day before a clock time, and whether they are afternoon.
const DAY_PARTS: &[(&str, Option<bool>)] = &[
    ("오전", Some(false)),
    ("새벽", Some(false)),
    ("오후", Some(true)),
    ("저녁", Some(true)),
    ("밤", Some(true)),
    ("午前", Some(false)),
    ("午後", Some(true)),
    ("上午", Some(false)),
    ("早上", Some(false)),
    ("凌晨", Some(false)),
    ("下午", Some(true)),
    ("晚上", Some(true)),
    ("傍晚", Some(true)),
    ("中午", None),
];
const NOON: &[&str] = &[
    "noon",
    "midday",
    "mittag",
    "midi",
    "полдень",
    "정오",
    "正午",
];
const MIDNIGHT: &[&str] = &["midnight", "mitternacht", "minuit", "полночь", "자정"];
/// Prepositions that make "13 heures" or "13 часов" a time, not a span.
const CLOCK_CUES: &[&str] = &[
    "à",
    "vers",
    "dès",
    "avant",
    "après",
    "jusqu'à",
    "jusqu’à",
    "в",
    "к",
    "до",
    "после",
];
/// Korean particles glued to a counter or unit ("시간을", "발의").
const KOREAN_PARTICLES: &[&str] = &[
    "에서", "으로", "까지", "부터", "동안", "을", "를", "이", "가", "은", "는", "의", "에", "로",
    "과", "와", "도", "만", "씩", "째",
];
/// Plural and case endings stripped from a counted noun, longest first
/// within each language ("missiles"/"missile", "ракеты"/"ракет").
const ENDINGS: &[&str] = &[
    "ами", "ями", "ов", "ев", "ей", "ах", "ях", "ам", "ям", "ом", "ем", "ы", "и", "а", "я", "у",
    "ю", "о", "е", "ь", "й", "es", "en", "s", "e",
];

// ---------------------------------------------------------------------
// Tokens

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Digits,
    Letters,
    Other,
}

/// What separates a token from the one before it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Gap {
    None,
    Space,
    /// A no-break or thin space: a digit group separator in French.
    NoBreak,
}

struct Tok<'a> {
    start: usize,
    end: usize,
    /// Lower case, NFKC, digits as ASCII.
    norm: Cow<'a, str>,
    class: Class,
    gap: Gap,
    upper: bool,
    /// A Han character (a CJK word is one or more of these).
    han: bool,
    hangul: bool,
}

/// The value of a decimal digit of any script: Unicode lays each script's
/// digits out as a run of ten, 0 to 9.
fn digit(c: char) -> Option<u32> {
    if c.is_ascii_digit() {
        return c.to_digit(10);
    }
    if c.general_category() != GeneralCategory::DecimalNumber {
        return None;
    }
    let mut first = c as u32;
    while first > 0
        && char::from_u32(first - 1)
            .is_some_and(|p| p.general_category() == GeneralCategory::DecimalNumber)
    {
        first -= 1;
    }
    Some((c as u32 - first) % 10)
}

/// Characters that sit between digits of one number: group and decimal
/// separators of the languages read here.
fn is_number_joint(c: char) -> bool {
    matches!(c, '.' | ',' | '\'' | '’' | '٫' | '٬')
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out: Vec<Tok> = Vec::new();
    let mut gap = Gap::None;
    for (at, seg) in text.split_word_bound_indices() {
        if seg.chars().all(char::is_whitespace) {
            gap = if seg
                .chars()
                .all(|c| matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}'))
            {
                Gap::NoBreak
            } else {
                Gap::Space
            };
            continue;
        }
        // Split the segment where digits meet letters ("3시간", "40km").
        let chars: Vec<(usize, char)> = seg.char_indices().collect();
        let class = |n: usize| {
            let c = chars[n].1;
            let folded = if c.is_ascii() {
                c
            } else {
                std::iter::once(c).nfkc().next().unwrap_or(c)
            };
            if digit(folded).is_some() {
                Class::Digits
            } else if folded.is_alphabetic() {
                Class::Letters
            } else {
                Class::Other
            }
        };
        let mut classes: Vec<Class> = (0..chars.len()).map(class).collect();
        for n in 1..chars.len().saturating_sub(1) {
            // A joint takes the class of what it joins: "1,200", "a.m",
            // "o'clock".
            let (before, after) = (classes[n - 1], classes[n + 1]);
            if is_number_joint(chars[n].1) && before == after && before != Class::Other {
                classes[n] = before;
            }
        }
        let mut n = 0;
        while n < chars.len() {
            let c = classes[n];
            let mut m = n + 1;
            while m < chars.len() && classes[m] == c && c != Class::Other {
                m += 1;
            }
            let start = at + chars[n].0;
            let end = at + chars.get(m).map_or(seg.len(), |(b, _)| *b);
            if chars[n].1.is_whitespace() {
                // A narrow no-break space joins digits into one segment
                // ("1 200"); it stays a group separator.
                gap = Gap::NoBreak;
            } else {
                push_token(&mut out, text, start, end, c, gap);
                gap = Gap::None;
            }
            n = m;
        }
    }
    out
}

fn push_token<'a>(
    out: &mut Vec<Tok<'a>>,
    text: &'a str,
    start: usize,
    end: usize,
    class: Class,
    gap: Gap,
) {
    let raw = &text[start..end];
    // "억달러" after digits is a scale and a currency.
    if class == Class::Letters
        && out
            .last()
            .is_some_and(|t| t.class == Class::Digits && t.end == start)
        && let Some(scale) = ["천만", "백만", "천", "만", "억", "조"]
            .iter()
            .find(|s| raw.starts_with(**s) && raw.len() > s.len())
    {
        push_token(out, text, start, start + scale.len(), class, gap);
        push_token(out, text, start + scale.len(), end, class, Gap::None);
        return;
    }
    let norm: Cow<str> = if class == Class::Digits {
        Cow::Owned(
            raw.nfkc()
                .map(|c| match digit(c) {
                    Some(d) => char::from_digit(d, 10).unwrap_or(c),
                    None => c,
                })
                .collect(),
        )
    } else if raw.is_ascii() {
        if raw.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(raw.to_ascii_lowercase())
        } else {
            Cow::Borrowed(raw)
        }
    } else {
        Cow::Owned(raw.nfkc().collect::<String>().to_lowercase())
    };
    let first = raw.chars().next().unwrap_or(' ');
    out.push(Tok {
        start,
        end,
        norm,
        class,
        gap,
        upper: first.is_uppercase(),
        han: first.script() == Script::Han,
        hangul: first.script() == Script::Hangul,
    });
}

/// Language habits that change how figures read.
#[derive(Clone, Copy, Default)]
struct Lang {
    /// "2,5" is two and a half; "1.200" is twelve hundred.
    decimal_comma: bool,
    /// "1 200" with a plain space is one number.
    space_groups: bool,
    /// "Billion" is 10^12; "am" is a preposition.
    german: bool,
    /// "sept" is seven.
    french: bool,
}

impl Lang {
    fn of(tag: &str) -> Self {
        let primary = tag
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let p = primary.as_str();
        Lang {
            decimal_comma: matches!(
                p,
                "de" | "fr"
                    | "ru"
                    | "uk"
                    | "es"
                    | "it"
                    | "pt"
                    | "nl"
                    | "pl"
                    | "cs"
                    | "sk"
                    | "sv"
                    | "da"
                    | "nb"
                    | "no"
                    | "fi"
                    | "tr"
                    | "id"
                    | "ro"
                    | "hu"
                    | "bg"
                    | "el"
            ),
            space_groups: matches!(
                p,
                "fr" | "ru" | "uk" | "pl" | "cs" | "sk" | "sv" | "nb" | "no" | "fi" | "bg"
            ),
            german: p == "de",
            french: p == "fr",
        }
    }
}

/// A number read from the text, by token indexes `first..end`.
#[derive(Clone, Copy, Debug)]
struct Num {
    value: f64,
    high: Option<f64>,
    first: usize,
    end: usize,
    /// Digits of a plain integer written in digits ("2023"), else 0.
    int_digits: usize,
    weak: bool,
}

impl Num {
    fn amount(&self) -> Amount {
        Amount {
            low: self.value,
            high: self.high.unwrap_or(self.value),
            qualifier: Qualifier::Exact,
        }
    }
}

/// A digit string with separators, as `lang` writes numbers.
fn parse_digits(s: &str, lang: Lang) -> Option<f64> {
    let seps: Vec<(usize, char)> = s
        .char_indices()
        .filter(|(_, c)| !c.is_ascii_digit())
        .collect();
    if seps.is_empty() {
        return s.parse().ok();
    }
    let group_after = |at: usize| {
        s[at..]
            .char_indices()
            .skip(1)
            .take_while(|(_, c)| c.is_ascii_digit())
            .count()
    };
    let last = seps
        .iter()
        .rev()
        .find(|(_, c)| matches!(c, '.' | ',' | '٫'));
    let decimal = match last {
        Some(&(_, '٫')) => Some('٫'),
        Some(&(at, c)) => {
            let both = seps.iter().any(|(_, d)| matches!(d, '.' | ',') && *d != c);
            let repeated = seps.iter().filter(|(_, d)| *d == c).count() > 1;
            let native = if lang.decimal_comma { ',' } else { '.' };
            // One separator before three digits is a group separator
            // unless the language writes decimals with it.
            if both {
                Some(c)
            } else if repeated || (group_after(at) == 3 && c != native) {
                None
            } else {
                Some(c)
            }
        }
        None => None,
    };
    let mut plain = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_digit() {
            plain.push(c);
        } else if Some(c) == decimal {
            plain.push('.');
        } else if !is_number_joint(c) {
            return None;
        }
    }
    // Groups after the first have three digits ("1,200,000"); anything
    // else ("13.09.2023") is not one number.
    if decimal.is_none() && seps.iter().any(|(at, _)| group_after(*at) != 3) {
        return None;
    }
    plain.parse().ok()
}

/// A German number word, compounds included ("fünfundzwanzig",
/// "zweihundert", "dreitausend").
fn german(w: &str) -> Option<f64> {
    if let Some((a, b)) = w.split_once("tausend") {
        let a = if a.is_empty() {
            1.0
        } else {
            german_below_1000(a)?
        };
        let b = if b.is_empty() {
            0.0
        } else {
            german_below_1000(b)?
        };
        return Some(a * 1e3 + b);
    }
    german_below_1000(w)
}

fn german_below_1000(w: &str) -> Option<f64> {
    if let Some((a, b)) = w.split_once("hundert") {
        let a = if a.is_empty() {
            1.0
        } else {
            german_below_100(a)?
        };
        let b = if b.is_empty() {
            0.0
        } else {
            german_below_100(b)?
        };
        return Some(a * 100.0 + b);
    }
    german_below_100(w)
}

fn german_below_100(w: &str) -> Option<f64> {
    let single = |w: &str| {
        NUMBER_WORDS
            .iter()
            .find(|(s, v, k)| *s == w && *k != W::Scale && *k != W::Hundred && *v < 100.0)
            .map(|(_, v, _)| *v)
            .or_else(|| (w == "ein").then_some(1.0))
    };
    if let Some(v) = single(w) {
        return Some(v);
    }
    let (unit, ten) = w.split_once("und")?;
    let (unit, ten) = (single(unit)?, single(ten)?);
    (unit < 10.0 && ten >= 20.0 && ten % 10.0 == 0.0).then_some(unit + ten)
}

/// Korean native numerals, one word ("열두", "스물다섯").
fn korean_native(w: &str) -> Option<f64> {
    let find =
        |table: &[(&str, f64)], s: &str| table.iter().find(|(t, _)| *t == s).map(|(_, v)| *v);
    if let Some(v) = find(KOREAN_UNITS, w).or_else(|| find(KOREAN_TENS, w)) {
        return Some(v);
    }
    KOREAN_TENS.iter().find_map(|(t, v)| {
        let rest = w.strip_prefix(t)?;
        Some(v + find(KOREAN_UNITS, rest)?)
    })
}

/// Han or Sino-Korean numerals positionally ("二千三百", "两万", "삼십").
fn sino(chars: &[char]) -> Option<f64> {
    let (mut total, mut section, mut digit_run): (f64, f64, Option<f64>) = (0.0, 0.0, None);
    for c in chars {
        if let Some((_, d)) = SINO_DIGITS.iter().find(|(s, _)| s == c) {
            // "二〇二三" is read digit by digit.
            digit_run = Some(digit_run.map_or(*d, |r| r * 10.0 + d));
        } else if let Some((_, p)) = SINO_PLACES.iter().find(|(s, _)| s == c) {
            section += digit_run.take().unwrap_or(1.0) * p;
        } else if let Some((_, s)) = SINO_SCALES.iter().find(|(x, _)| x == c) {
            let group = section + digit_run.take().unwrap_or(0.0);
            total += if group == 0.0 { 1.0 } else { group } * s;
            section = 0.0;
        } else {
            return None;
        }
    }
    Some(total + section + digit_run.unwrap_or(0.0))
}

fn is_sino_char(c: char) -> bool {
    SINO_DIGITS.iter().any(|(s, _)| *s == c)
        || SINO_PLACES.iter().any(|(s, _)| *s == c)
        || SINO_SCALES.iter().any(|(s, _)| *s == c)
}

fn strip_particle(w: &str) -> &str {
    KOREAN_PARTICLES
        .iter()
        .find_map(|p| w.strip_suffix(p).filter(|r| !r.is_empty()))
        .unwrap_or(w)
}

/// Units of measure under their names in several languages, so "40km",
/// "14 Kilometer" and "40 км" count one thing.
const MEASURES: &[(&str, &[&str])] = &[
    (
        "km",
        &[
            "km",
            "kms",
            "kilometer",
            "kilometers",
            "kilometre",
            "kilometres",
            "kilomètre",
            "kilomètres",
            "kilómetro",
            "kilómetros",
            "км",
            "километр",
            "километра",
            "километров",
            "킬로미터",
            "킬로",
            "キロ",
            "キロメートル",
            "公里",
            "千米",
        ],
    ),
    (
        "m",
        &[
            "metre",
            "metres",
            "meter",
            "meters",
            "mètre",
            "mètres",
            "метр",
            "метра",
            "метров",
            "미터",
            "メートル",
        ],
    ),
    (
        "mi",
        &[
            "mile",
            "miles",
            "meile",
            "meilen",
            "миля",
            "мили",
            "миль",
            "마일",
            "マイル",
            "英里",
        ],
    ),
    (
        "t",
        &[
            "tonne",
            "tonnes",
            "ton",
            "tons",
            "tonnen",
            "тонна",
            "тонны",
            "тонн",
            "톤",
            "トン",
            "吨",
            "噸",
        ],
    ),
    (
        "m3",
        &[
            "cubic",
            "bcm",
            "kubikmeter",
            "кубометр",
            "кубометра",
            "кубометров",
            "세제곱미터",
            "立方メートル",
            "立方米",
        ],
    ),
];

/// The canonical name of a unit of measure, if `word` is one.
fn measure(word: &str) -> Option<&'static str> {
    MEASURES
        .iter()
        .find(|(_, names)| names.contains(&word))
        .map(|(unit, _)| *unit)
}

/// A counted noun's key: a unit of measure's canonical name, else lower
/// case with one plural or case ending off.
fn stem(noun: &str) -> String {
    if let Some(unit) = measure(noun) {
        return unit.to_owned();
    }
    let n = noun.trim_start_matches(['\'', '’']);
    let chars = n.chars().count();
    for e in ENDINGS {
        if let Some(rest) = n.strip_suffix(e)
            && chars - e.chars().count() >= 3
        {
            return rest.to_owned();
        }
    }
    n.to_owned()
}

fn unit_named(w: &str) -> Option<Unit> {
    UNITS.iter().find(|(s, _)| *s == w).map(|(_, u)| *u)
}

/// The currency a symbol stands for.
fn currency_symbol(s: &str) -> Option<String> {
    let mut chars = s.chars();
    let c = chars.next()?;
    if chars.next().is_some() || c.general_category() != GeneralCategory::CurrencySymbol {
        return None;
    }
    Some(
        match c {
            '$' => "USD",
            '€' => "EUR",
            '£' => "GBP",
            '¥' => "JPY",
            '₩' => "KRW",
            '₽' => "RUB",
            '₹' => "INR",
            _ => return Some(c.to_string()),
        }
        .to_owned(),
    )
}

// ---------------------------------------------------------------------
// Reading values

struct Scan<'t, 'a> {
    text: &'a str,
    toks: &'t [Tok<'a>],
    lang: Lang,
}

fn find<T: Copy>(table: &[(&str, T)], s: &str) -> Option<T> {
    table.iter().find(|(k, _)| *k == s).map(|(_, v)| *v)
}

impl Scan<'_, '_> {
    fn norm(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &t.norm)
    }

    fn word(&self, i: usize) -> Option<&str> {
        self.toks
            .get(i)
            .filter(|t| t.class == Class::Letters)
            .map(|t| &*t.norm)
    }

    fn glued(&self, i: usize) -> bool {
        self.toks.get(i).is_some_and(|t| t.gap == Gap::None)
    }

    fn bytes(&self, first: usize, end: usize) -> Range<usize> {
        let start = self.toks.get(first).map_or(0, |t| t.start);
        let stop = end
            .checked_sub(1)
            .and_then(|e| self.toks.get(e))
            .map_or(start, |t| t.end);
        start..stop.max(start)
    }

    fn is_dash(&self, i: usize) -> bool {
        let n = self.norm(i);
        let mut chars = n.chars();
        matches!((chars.next(), chars.next()), (Some(c), None)
            if c.general_category() == GeneralCategory::DashPunctuation
                || matches!(c, '~' | '〜' | '～'))
    }

    /// The longest entry `get` knows that starts at token `i`: one word, or
    /// CJK characters glued together ("時間", "午後"), with a Korean
    /// particle allowed at the end.
    fn lookup_by<T>(&self, i: usize, get: impl Fn(&str) -> Option<T>) -> Option<(T, usize)> {
        let first = self.toks.get(i).filter(|t| t.class == Class::Letters)?;
        let get = |s: &str, hangul: bool| {
            get(s).or_else(|| hangul.then(|| get(strip_particle(s))).flatten())
        };
        let mut best = get(&first.norm, first.hangul).map(|v| (v, i + 1));
        if first.norm.is_ascii() {
            return best;
        }
        let mut s = first.norm.to_string();
        for k in i + 1..(i + 5).min(self.toks.len()) {
            let t = &self.toks[k];
            if t.gap != Gap::None || t.class != Class::Letters || t.norm.is_ascii() {
                break;
            }
            s.push_str(&t.norm);
            if let Some(v) = get(&s, t.hangul) {
                best = Some((v, k + 1));
            }
        }
        best
    }

    fn lookup<T: Copy>(&self, i: usize, table: &[(&str, T)]) -> Option<(T, usize)> {
        self.lookup_by(i, |s| find(table, s))
    }

    /// A hedge starting at `i` ("about", "at least", "大约"), and the
    /// closing word when it is "between … and …".
    fn qualifier_at(&self, i: usize) -> (Qualifier, usize, Option<&'static str>) {
        if let Some(w) = self.word(i)
            && let Some((_, and)) = BETWEEN.iter().find(|(b, _)| *b == w)
        {
            return (Qualifier::Exact, i + 1, Some(and));
        }
        for (words, q) in QUALIFIERS.iter().filter(|(w, _)| w.len() > 1) {
            if words
                .iter()
                .enumerate()
                .all(|(n, w)| self.word(i + n) == Some(*w))
            {
                return (*q, i + words.len(), None);
            }
        }
        let single = |s: &str| {
            QUALIFIERS
                .iter()
                .find(|(w, _)| w.len() == 1 && w[0] == s)
                .map(|(_, q)| *q)
        };
        match self.lookup_by(i, single) {
            Some((q, n)) => (q, n, None),
            None => (Qualifier::Exact, i, None),
        }
    }

    /// A hedge after a figure ("以上", "이상", "ごろ"), and where it ends.
    fn postfix_at(&self, i: usize) -> Option<(Qualifier, usize)> {
        self.lookup(i, POSTFIX_QUALIFIERS)
    }

    /// A number starting at token `i`: digits (grouped as the language
    /// does), number words, Han or Korean numerals.
    fn number_at(&self, i: usize) -> Option<Num> {
        let t = self.toks.get(i)?;
        match t.class {
            Class::Digits => {
                let mut value = parse_digits(&t.norm, self.lang)?;
                let plain = t.norm.bytes().all(|b| b.is_ascii_digit());
                let mut int_digits = if plain { t.norm.len() } else { 0 };
                let mut end = i + 1;
                // "1 200" in French, with a no-break space anywhere.
                if plain && t.norm.len() <= 3 {
                    while let Some(next) = self.toks.get(end)
                        && next.class == Class::Digits
                        && next.norm.len() == 3
                        && next.norm.bytes().all(|b| b.is_ascii_digit())
                        && (next.gap == Gap::NoBreak
                            || (next.gap == Gap::Space && self.lang.space_groups))
                    {
                        value = value * 1e3 + parse_digits(&next.norm, self.lang)?;
                        int_digits = 0;
                        end += 1;
                    }
                }
                Some(Num {
                    value,
                    high: None,
                    first: i,
                    end,
                    int_digits,
                    weak: false,
                })
            }
            Class::Letters if t.han => {
                let mut chars = Vec::new();
                let mut end = i;
                while let Some(c) = self
                    .toks
                    .get(end)
                    .filter(|c| c.han && (end == i || c.gap == Gap::None))
                    .and_then(|c| c.norm.chars().next().filter(|c| is_sino_char(*c)))
                {
                    chars.push(c);
                    end += 1;
                }
                let value = sino(&chars).filter(|_| !chars.is_empty())?;
                Some(Num {
                    value,
                    high: None,
                    first: i,
                    end,
                    int_digits: 0,
                    weak: false,
                })
            }
            Class::Letters if t.hangul => {
                let chars: Vec<char> = t.norm.chars().collect();
                let value = korean_native(&t.norm).or_else(|| {
                    let places = chars
                        .iter()
                        .any(|c| SINO_PLACES.iter().any(|(p, _)| p == c));
                    (chars.len() >= 2 && places).then(|| sino(&chars)).flatten()
                })?;
                Some(Num {
                    value,
                    high: None,
                    first: i,
                    end: i + 1,
                    int_digits: 0,
                    weak: false,
                })
            }
            Class::Letters => self.number_words(i),
            Class::Other => None,
        }
    }

    fn number_word(&self, i: usize) -> Option<(f64, W)> {
        let w = self.word(i)?;
        if w == "billion" && self.lang.german {
            return Some((1e12, W::Scale));
        }
        if let Some((_, v, k)) = NUMBER_WORDS.iter().find(|(s, _, _)| *s == w) {
            return Some((*v, *k));
        }
        german(w).map(|v| (v, W::Unit))
    }

    /// A run of number words: "twenty-five", "two hundred thousand",
    /// "quatre-vingt-dix", "zwei Millionen", "две тысячи".
    fn number_words(&self, i: usize) -> Option<Num> {
        let (mut total, mut current, mut any, mut weak) = (0.0, 0.0, false, true);
        let (mut j, mut end) = (i, i);
        while let Some((v, kind)) = self.number_word(j) {
            match kind {
                _ if !any && matches!(kind, W::Scale | W::Hundred) => return None,
                // "a million", "a dozen"; but "a two-day visit" is two.
                W::Weak if any => break,
                W::Unit if any && weak => break,
                W::Unit | W::Weak => {
                    if v == 20.0 && current % 100.0 == 4.0 {
                        current += 76.0; // quatre-vingt
                    } else {
                        current += v;
                    }
                }
                W::Hundred => current = if current == 0.0 { 1.0 } else { current } * v,
                W::Scale => {
                    total += if current == 0.0 { 1.0 } else { current } * v;
                    current = 0.0;
                }
            }
            weak &= kind == W::Weak;
            any = true;
            j += 1;
            end = j;
            // "twenty-five", "one hundred and five", "vingt et un".
            if (self.is_dash(j) && self.glued(j) && self.glued(j + 1))
                || matches!(self.word(j), Some("and" | "et"))
            {
                j += 1;
            }
        }
        any.then_some(Num {
            value: total + current,
            high: None,
            first: i,
            end,
            int_digits: 0,
            weak,
        })
    }

    /// A scale after a number ("million", "Mrd", "억", "万"), and where it
    /// ends; `money` lets "m", "k" and "bn" count as scales.
    fn scale_at(&self, j: usize, money: bool) -> (f64, usize) {
        let mut mult = 1.0;
        let mut k = j;
        while let Some(t) = self.toks.get(k).filter(|t| t.class == Class::Letters) {
            if k > j && t.gap != Gap::None {
                break;
            }
            let scale = match self.number_word(k) {
                Some((v, W::Scale)) => Some(v),
                _ if t.han => t
                    .norm
                    .chars()
                    .next()
                    .and_then(|c| {
                        SINO_SCALES
                            .iter()
                            .chain(&SINO_PLACES[2..3])
                            .find(|(s, _)| *s == c)
                    })
                    .map(|(_, v)| *v)
                    .filter(|_| t.norm.chars().count() == 1),
                _ if money => find(MONEY_SCALES, &t.norm),
                _ => None,
            };
            let Some(scale) = scale else { break };
            mult *= scale;
            k += 1;
        }
        (mult, k)
    }

    /// A unit of measure, clock word, currency or percent sign at `k`.
    fn unit_at(&self, k: usize) -> Option<(Unit, usize)> {
        let mut k = k;
        // "three-hour talks"
        if self.is_dash(k) && self.glued(k) && self.glued(k + 1) && self.word(k + 1).is_some() {
            k += 1;
        }
        let n = self.norm(k);
        if n == "%" || n == "٪" || UNIT_ONE_WORD_PERCENT.contains(&n) {
            return Some((Unit::Percent, k + 1));
        }
        if let (Some(a), Some(b)) = (self.word(k), self.word(k + 1))
            && let Some((_, _, u)) = UNIT_PAIRS.iter().find(|(x, y, _)| *x == a && *y == b)
        {
            return Some((*u, k + 2));
        }
        if let Some(w) = self.word(k) {
            // "d'euros", "de dollars"
            for elided in ["d'", "d’"] {
                if let Some(rest) = w.strip_prefix(elided)
                    && let Some(u @ Unit::Currency(_)) = unit_named(rest)
                {
                    return Some((u, k + 1));
                }
            }
            if w == "de"
                && let Some((u @ Unit::Currency(_), next)) = self.lookup(k + 1, UNITS)
            {
                return Some((u, next));
            }
            if self.lang.german && w == "am" {
                return None;
            }
        }
        self.lookup(k, UNITS)
    }

    fn value_at(&self, i: usize, out: &mut Vec<Value>) -> Option<usize> {
        if let Some(next) = self.date_at(i, out) {
            return Some(next);
        }
        let (qualifier, j, between) = self.qualifier_at(i);
        if let Some((mut minutes, mut end)) = self.time_at(j) {
            minutes.qualifier = qualifier;
            if let Some((q, n)) = self.postfix_at(end) {
                minutes.qualifier = q;
                end = n;
            }
            out.push(Value {
                kind: Kind::TimeOfDay { minutes },
                range: self.bytes(i, end),
            });
            return Some(end);
        }
        let (kind, end) = self.quantity_at(j, qualifier, between)?;
        out.push(Value {
            kind,
            range: self.bytes(i, end),
        });
        Some(end)
    }

    /// A time of day at `i`: "7:09 a.m.", "19:09", "1 p.m.", "noon",
    /// "13 Uhr", "13h30", "à 13 heures", "오후 1시", "午後1時", "下午1点".
    fn time_at(&self, i: usize) -> Option<(Amount, usize)> {
        if let Some(w) = self.word(i) {
            if NOON.contains(&w) {
                return Some((Amount::exact(720.0), i + 1));
            }
            if MIDNIGHT.contains(&w) {
                return Some((Amount::exact(0.0), i + 1));
            }
        }
        let (part, j) = match self.lookup(i, DAY_PARTS) {
            Some((p, n)) => (Some(p), n),
            None => (None, i),
        };
        let num = self.number_at(j)?;
        if num.weak || !(0.0..=24.0).contains(&num.value) {
            return None;
        }
        let mut hour = num.value;
        let mut minutes = 0.0;
        let mut k = num.end;
        let mut clock = false;
        // "7:09", "13.30 Uhr" (read as 13.3 above)
        if self.norm(k) == ":"
            && self.glued(k)
            && self.glued(k + 1)
            && let Some(m) = self.minutes_at(k + 1)
        {
            minutes = m.0;
            k = m.1;
            clock = true;
        } else if let Some(t) = self.toks.get(j)
            && let Some((h, m)) = t.norm.split_once(['.', ':'])
            && m.len() == 2
            && matches!(self.unit_at(num.end), Some((Unit::Clock, _)))
        {
            hour = h.parse().ok()?;
            minutes = m.parse().ok()?;
        }
        if hour.fract() != 0.0 {
            return None;
        }
        match self.unit_at(k) {
            Some((Unit::Clock, n)) => {
                k = n;
                if let Some((m, n)) = self.minutes_at(k) {
                    minutes = m;
                    k = n;
                }
            }
            Some((Unit::ClockOrHours, n)) => {
                let cued = i
                    .checked_sub(1)
                    .and_then(|p| self.word(p))
                    .is_some_and(|w| CLOCK_CUES.contains(&w));
                let with_minutes = self.minutes_at(n);
                let late = num.int_digits > 0 && (13.0..=23.0).contains(&hour);
                if !(cued || with_minutes.is_some() || late) {
                    return None;
                }
                k = n;
                if let Some((m, n)) = with_minutes {
                    minutes = m;
                    k = n;
                }
            }
            Some((u @ (Unit::Am | Unit::Pm), n)) if (1.0..=12.0).contains(&hour) => {
                k = n;
                hour %= 12.0;
                if u == Unit::Pm {
                    hour += 12.0;
                }
            }
            _ if clock => {}
            _ => return None,
        }
        // A trailing "a.m." after "7:09" or "Uhr" after "13:30".
        if let Some((u @ (Unit::Am | Unit::Pm | Unit::Clock), n)) = self.unit_at(k) {
            if u != Unit::Clock && (1.0..=12.0).contains(&hour) {
                hour %= 12.0;
                if u == Unit::Pm {
                    hour += 12.0;
                }
            }
            k = n;
        }
        match part {
            Some(Some(true)) if hour < 12.0 => hour += 12.0,
            Some(Some(false)) if hour == 12.0 => hour = 0.0,
            Some(None) if hour < 6.0 => hour += 12.0,
            _ => {}
        }
        Some((Amount::exact(hour * 60.0 + minutes), k))
    }

    /// Minutes after an hour: "09", "30分", "30분", "半", "반".
    fn minutes_at(&self, k: usize) -> Option<(f64, usize)> {
        let t = self.toks.get(k)?;
        if t.class == Class::Letters {
            return matches!(&*t.norm, "半" | "반").then_some((30.0, k + 1));
        }
        if t.class != Class::Digits
            || t.norm.len() > 2
            || !t.norm.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        let m: f64 = t.norm.parse().ok()?;
        if m >= 60.0 {
            return None;
        }
        match self.unit_at(k + 1) {
            Some((Unit::Seconds(60.0), n)) => Some((m, n)),
            _ => Some((m, k + 1)),
        }
    }

    /// A figure with what it measures at `i`: money, percent, duration or a
    /// count of things.
    fn quantity_at(
        &self,
        i: usize,
        qualifier: Qualifier,
        between: Option<&str>,
    ) -> Option<(Kind, usize)> {
        let mut currency: Option<String> = None;
        let mut j = i;
        if let Some(c) = currency_symbol(self.norm(i)) {
            currency = Some(c);
            j = i + 1;
        } else if self.norm(i) == "us" && self.glued(i + 1) && self.norm(i + 1) == "$" {
            currency = Some("USD".into());
            j = i + 2;
        } else if let Some(Unit::Currency(c)) = self.word(i).and_then(unit_named)
            && c.len() == 3
            && c.eq_ignore_ascii_case(self.norm(i))
            && self
                .toks
                .get(i + 1)
                .is_some_and(|t| t.class == Class::Digits)
        {
            currency = Some(c.into());
            j = i + 1;
        } else if let Some(((), n)) = self.lookup_by(i, |s| (s == "百分之").then_some(())) {
            let num = self.number_at(n)?;
            let amount = Amount {
                qualifier,
                ..num.amount()
            };
            return Some((Kind::Percent(amount), num.end));
        }
        let mut num = self.number_at(j)?;
        let mut k = num.end;
        // A range: "200-300", "3 to 5", "between 200 and 300".
        let joins = self.is_dash(k)
            || RANGE_WORDS.contains(&self.norm(k))
            || between.is_some_and(|b| self.word(k) == Some(b));
        if joins
            && let Some(high) = self.number_at(k + 1)
            && high.value > num.value
        {
            num.high = Some(high.value);
            k = high.end;
        }
        let (strong, after_strong) = self.scale_at(k, false);
        let (weak_scale, after_weak) = self.scale_at(k, true);
        let mut amount = num.amount();
        if strong != 1.0 {
            amount = amount.scaled(strong);
            k = after_strong;
        } else if weak_scale != 1.0
            && (currency.is_some()
                || matches!(self.unit_at(after_weak), Some((Unit::Currency(_), _))))
        {
            amount = amount.scaled(weak_scale);
            k = after_weak;
        }
        amount.qualifier = qualifier;
        if self.glued(k) && GLUED_MORE.contains(&self.norm(k)) {
            amount.qualifier = Qualifier::MoreThan;
            k += 1;
        }
        // "40 €", "40€"
        if currency.is_none()
            && let Some(c) = currency_symbol(self.norm(k))
        {
            return Some((
                Kind::Money {
                    currency: c,
                    amount,
                },
                k + 1,
            ));
        }
        let unit = self.unit_at(k);
        let (kind, mut end) = match (currency, unit) {
            (Some(c), Some((Unit::Currency(_), n))) => (
                Kind::Money {
                    currency: c,
                    amount,
                },
                n,
            ),
            (Some(c), _) => (
                Kind::Money {
                    currency: c,
                    amount,
                },
                k,
            ),
            (None, Some((Unit::Currency(c), n))) => (
                Kind::Money {
                    currency: c.into(),
                    amount,
                },
                n,
            ),
            (None, Some((Unit::Percent, n))) => (Kind::Percent(amount), n),
            (None, Some((Unit::Seconds(s), n))) => (
                Kind::Duration {
                    seconds: amount.scaled(s),
                },
                n,
            ),
            (None, Some((Unit::ClockOrHours, n))) => (
                Kind::Duration {
                    seconds: amount.scaled(HOUR),
                },
                n,
            ),
            (None, Some(_)) => return None,
            (None, None) => {
                let (what, noun, n) = self.counted(&num, k)?;
                (Kind::Count { what, noun, amount }, n)
            }
        };
        let kind = match self.postfix_at(end) {
            Some((q, n)) => {
                end = n;
                with_qualifier(kind, q)
            }
            None => kind,
        };
        Some((kind, end))
    }

    /// What a number counts: the noun after it ("missiles"), or the
    /// counter glued to it ("発", "발").
    fn counted(&self, num: &Num, k: usize) -> Option<(String, String, usize)> {
        if num.weak {
            return None;
        }
        let first = self.toks.get(num.first)?;
        let t = self.toks.get(k).filter(|t| t.class == Class::Letters)?;
        if t.han {
            if first.han {
                let (c, n) = self
                    .lookup_by(k, |s| HAN_COUNTERS.contains(&s).then_some(()))
                    .map(|((), n)| (self.text[t.start..self.toks[n - 1].end].to_owned(), n))?;
                return Some((measure(&c).map_or_else(|| c.clone(), str::to_owned), c, n));
            }
            if t.gap != Gap::None {
                return None;
            }
            let c = t.norm.to_string();
            return Some((
                measure(&c).map_or_else(|| c.clone(), str::to_owned),
                c,
                k + 1,
            ));
        }
        if t.hangul {
            // Native numerals ("두 발") need their counter; digits take
            // whatever is glued ("2발", "1,200명").
            let counter = strip_particle(&t.norm);
            if first.hangul && !is_korean_counter(counter) {
                return None;
            }
            if first.class == Class::Digits && t.gap != Gap::None && !is_korean_counter(counter) {
                return None;
            }
            let what = measure(counter).unwrap_or(counter);
            return Some((what.to_owned(), counter.to_owned(), k + 1));
        }
        if first.han || first.hangul {
            return None;
        }
        let w = &*t.norm;
        // "14th", "1er", "2010s" are not counts.
        if t.gap == Gap::None
            && (w.chars().count() < 2
                || ["st", "nd", "rd", "th", "er", "re", "e", "ème"].contains(&w))
        {
            return None;
        }
        if NOT_NOUNS.contains(&w) || self.number_word(k).is_some() || w.contains('.') {
            return None;
        }
        let noun = ["d'", "d’", "l'", "l’"]
            .iter()
            .find_map(|p| w.strip_prefix(p))
            .unwrap_or(w);
        Some((stem(noun), noun.to_owned(), k + 1))
    }
}

/// Korean counters read after native numerals (and spaced after digits).
fn is_korean_counter(w: &str) -> bool {
    [
        "발", "명", "개", "척", "대", "기", "곳", "번", "차례", "마리", "사람", "살", "가지",
        "군데", "채", "권", "장", "벌", "분",
    ]
    .contains(&w)
}

fn with_qualifier(kind: Kind, q: Qualifier) -> Kind {
    let set = |a: Amount| Amount { qualifier: q, ..a };
    match kind {
        Kind::Count { what, noun, amount } => Kind::Count {
            what,
            noun,
            amount: set(amount),
        },
        Kind::Duration { seconds } => Kind::Duration {
            seconds: set(seconds),
        },
        Kind::Money { currency, amount } => Kind::Money {
            currency,
            amount: set(amount),
        },
        Kind::Percent(a) => Kind::Percent(set(a)),
        other => other,
    }
}

impl Scan<'_, '_> {
    /// A day of month in digits ("13", "14th", "1er", German "13.").
    fn day_at(&self, j: usize) -> Option<(i8, usize)> {
        let t = self.toks.get(j).filter(|t| t.class == Class::Digits)?;
        if t.norm.len() > 2 || !t.norm.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let d: i8 = t.norm.parse().ok()?;
        // "7:09" is a time.
        if !(1..=31).contains(&d) || (self.glued(j + 1) && self.norm(j + 1) == ":") {
            return None;
        }
        let mut n = j + 1;
        if self.glued(n)
            && matches!(
                self.word(n),
                Some("st" | "nd" | "rd" | "th" | "er" | "re" | "e" | "ème")
            )
        {
            n += 1;
        }
        Some((d, n))
    }

    /// A month name, with its abbreviation's dot ("Sept.").
    fn month_at(&self, j: usize) -> Option<(i8, usize)> {
        let t = self.toks.get(j)?;
        let w = self.word(j)?;
        let m = find(MONTHS, w)?;
        if CAPITALISED_MONTHS.contains(&w) && !t.upper && !self.lang.french {
            return None;
        }
        let dot = self.glued(j + 1) && self.norm(j + 1) == ".";
        let abbreviated = w.chars().count() <= 4
            && !matches!(
                w,
                "may"
                    | "mai"
                    | "june"
                    | "juni"
                    | "july"
                    | "juli"
                    | "mars"
                    | "juin"
                    | "août"
                    | "март"
                    | "май"
                    | "мая"
                    | "мае"
                    | "июнь"
                    | "июля"
                    | "июня"
                    | "июль"
                    | "июне"
                    | "июле"
            );
        if abbreviated && !dot && self.day_at(j + 1).is_none() {
            return None;
        }
        // French "sept" is seven unless it is abbreviated.
        if w == "sept" && self.lang.french && !dot {
            return None;
        }
        Some((m, if dot && abbreviated { j + 2 } else { j + 1 }))
    }

    /// A year in digits, 1900 to 2100, with a trailing "года"/"г." taken.
    fn year_at(&self, j: usize) -> Option<(i16, usize)> {
        let t = self.toks.get(j).filter(|t| t.class == Class::Digits)?;
        if t.norm.len() != 4 || !t.norm.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let y: i16 = t.norm.parse().ok()?;
        // "2023-09-13" is read whole by `numeric_date`.
        let iso = self.glued(j + 1) && matches!(self.norm(j + 1), "-" | "/");
        if !(1900..=2100).contains(&y) || iso {
            return None;
        }
        let mut n = j + 1;
        if matches!(self.word(n), Some("года" | "году" | "год" | "г")) {
            n += 1;
            if self.glued(n) && self.norm(n) == "." {
                n += 1;
            }
        }
        Some((y, n))
    }

    fn push_date(&self, out: &mut Vec<Value>, date: DateValue, first: usize, end: usize) {
        out.push(Value {
            kind: Kind::Date(date),
            range: self.bytes(first, end),
        });
    }

    /// Dates starting at `i`; returns where they end.
    fn date_at(&self, i: usize, out: &mut Vec<Value>) -> Option<usize> {
        if let Some((offset, n)) = self.lookup(i, RELATIVE_DAYS) {
            let w = self.norm(i);
            if w == "hier" && !self.lang.french {
                return None;
            }
            let date = DateValue {
                relative: Some(offset),
                ..DateValue::default()
            };
            self.push_date(out, date, i, n);
            return Some(n);
        }
        if let Some((weekday, n)) = self.lookup(i, WEEKDAYS) {
            let date = DateValue {
                weekday: Some(weekday),
                ..DateValue::default()
            };
            self.push_date(out, date, i, n);
            return Some(n);
        }
        if let Some((month, j)) = self.month_at(i) {
            return self.month_first(i, month, j, out);
        }
        if let Some(n) = self.day_first(i, out) {
            return Some(n);
        }
        if let Some(n) = self.numeric_date(i, out) {
            return Some(n);
        }
        if let Some(n) = self.cjk_date(i, out) {
            return Some(n);
        }
        // "in 2023", "im Jahr 2023", "в 2023 году"
        if let Some(w) = self.word(i)
            && YEAR_CUES.contains(&w)
            && let Some((year, n)) = self.year_at(i + 1)
        {
            let date = DateValue {
                year: Some(year),
                ..DateValue::default()
            };
            self.push_date(out, date, i + 1, n);
            return Some(n);
        }
        None
    }

    /// Days after a first day: "–14" makes a range, "and 14" a second
    /// date. Returns the last day of the range, the second day, and the end.
    fn more_days(&self, d: i8, k: usize) -> (i8, Option<(i8, usize)>, usize) {
        if self.is_dash(k)
            && let Some((d2, n)) = self.day_at(k + 1)
            && d2 > d
        {
            return (d2, None, n);
        }
        if matches!(self.word(k), Some("and" | "und" | "et" | "и"))
            && let Some((d2, n)) = self.day_at(k + 1)
            && self.month_at(n).is_none()
        {
            return (d, Some((d2, k + 1)), n);
        }
        (d, None, k)
    }

    /// "Sept. 13", "September 13, 2023", "September 2023", "May".
    fn month_first(&self, i: usize, month: i8, j: usize, out: &mut Vec<Value>) -> Option<usize> {
        if let Some((d, k)) = self.day_at(j) {
            let (last, second, mut k) = self.more_days(d, k);
            let mut year = None;
            let comma = usize::from(self.norm(k) == ",");
            if let Some((y, n)) = self.year_at(k + comma) {
                year = Some(y);
                k = n;
            }
            let date = DateValue {
                year,
                month: Some(month),
                days: Some((d, last)),
                ..DateValue::default()
            };
            let first_end = second.map_or(k, |(_, at)| at - 1);
            self.push_date(out, date, i, first_end);
            if let Some((d2, at)) = second {
                let date = DateValue {
                    days: Some((d2, d2)),
                    ..date
                };
                self.push_date(out, date, at, at + 1);
            }
            return Some(k);
        }
        if let Some((y, n)) = self.year_at(j) {
            let date = DateValue {
                year: Some(y),
                month: Some(month),
                ..DateValue::default()
            };
            self.push_date(out, date, i, n);
            return Some(n);
        }
        // "May" opening a sentence is more often the verb.
        let opening = i == 0 || matches!(self.norm(i - 1), "." | "!" | "?" | "\"" | "“" | "«");
        if self.norm(i) == "may" && opening {
            return None;
        }
        let date = DateValue {
            month: Some(month),
            ..DateValue::default()
        };
        self.push_date(out, date, i, j);
        Some(j)
    }

    /// "13 September 2023", "13. September", "the 14th of September",
    /// "13–14 сентября", "1er septembre".
    fn day_first(&self, i: usize, out: &mut Vec<Value>) -> Option<usize> {
        let (d, k) = self.day_at(i)?;
        let (last, second, mut k) = self.more_days(d, k);
        if self.glued(k) && self.norm(k) == "." {
            k += 1;
        }
        if matches!(self.word(k), Some("of" | "de")) {
            k += 1;
        }
        let (month, mut end) = self.month_at(k)?;
        let mut year = None;
        let comma = usize::from(self.norm(end) == ",");
        if let Some((y, n)) = self.year_at(end + comma) {
            year = Some(y);
            end = n;
        }
        let date = DateValue {
            year,
            month: Some(month),
            days: Some((d, last)),
            ..DateValue::default()
        };
        match second {
            Some((d2, at)) => {
                self.push_date(out, date, i, at - 1);
                let date = DateValue {
                    days: Some((d2, d2)),
                    ..date
                };
                self.push_date(out, date, at, end);
            }
            None => self.push_date(out, date, i, end),
        }
        Some(end)
    }

    /// "2023-09-13", "13.09.2023", "13/09/2023" ("09/13/2023" in English).
    fn numeric_date(&self, i: usize, out: &mut Vec<Value>) -> Option<usize> {
        let t = self.toks.get(i).filter(|t| t.class == Class::Digits)?;
        let part = |k: usize| -> Option<i32> {
            let t = self.toks.get(k).filter(|t| t.class == Class::Digits)?;
            (t.norm.len() <= 4 && t.norm.bytes().all(|b| b.is_ascii_digit()))
                .then(|| t.norm.parse().ok())
                .flatten()
        };
        let (y, m, d, end) = if let Some((a, rest)) = t.norm.split_once('.')
            && let Some((b, c)) = rest.split_once('.')
        {
            // One token: "13.09.2023"
            (c.parse().ok()?, b.parse().ok()?, a.parse().ok()?, i + 1)
        } else {
            let sep = self.norm(i + 1);
            if !(sep == "-" || sep == "/")
                || self.norm(i + 3) != sep
                || !(self.glued(i + 1)
                    && self.glued(i + 2)
                    && self.glued(i + 3)
                    && self.glued(i + 4))
            {
                return None;
            }
            let (a, b, c) = (part(i)?, part(i + 2)?, part(i + 4)?);
            if t.norm.len() == 4 {
                (a, b, c, i + 5)
            } else if sep == "/" && !self.lang.decimal_comma && a <= 12 {
                (c, a, b, i + 5)
            } else {
                (c, b, a, i + 5)
            }
        };
        let date = Date::new(
            i16::try_from(y).ok()?,
            i8::try_from(m).ok()?,
            i8::try_from(d).ok()?,
        )
        .ok()?;
        if !(1900..=2100).contains(&date.year()) {
            return None;
        }
        let value = DateValue {
            year: Some(date.year()),
            month: Some(date.month()),
            days: Some((date.day(), date.day())),
            ..DateValue::default()
        };
        self.push_date(out, value, i, end);
        Some(end)
    }

    /// "2023年9月13日", "9月13日", "13日", "2023년 9월 13일", "9월 13일",
    /// "9月13号".
    fn cjk_date(&self, i: usize, out: &mut Vec<Value>) -> Option<usize> {
        let mut date = DateValue::default();
        let mut k = i;
        let mut stage = 0;
        while let Some(num) = self.number_at(k)
            && num.value.fract() == 0.0
            && let Some((unit, n)) = self.unit_at(num.end)
        {
            let v = num.value;
            match unit {
                Unit::Year if stage < 1 && (1900.0..=2100.0).contains(&v) => {
                    date.year = Some(v as i16);
                    stage = 1;
                }
                Unit::Month if stage < 2 && (1.0..=12.0).contains(&v) => {
                    date.month = Some(v as i8);
                    stage = 2;
                }
                Unit::Day if stage < 3 && (1.0..=31.0).contains(&v) => {
                    date.days = Some((v as i8, v as i8));
                    stage = 3;
                }
                _ => break,
            }
            // Only CJK units: "3 days" is a span, not a date.
            if !self.toks.get(num.end).is_some_and(|t| t.han || t.hangul) {
                return None;
            }
            k = n;
        }
        if stage == 0 {
            return None;
        }
        self.push_date(out, date, i, k);
        Some(k)
    }

    /// Places the caller knows, longest name first.
    fn places(&self, place: &dyn Fn(&str) -> Option<String>, out: &mut Vec<Value>) {
        let mut i = 0;
        while i < self.toks.len() {
            let t = &self.toks[i];
            let first = self.text[t.start..].chars().next().unwrap_or(' ');
            let cased = first.is_lowercase() || first.is_uppercase();
            if t.class != Class::Letters || (cased && !t.upper) {
                i += 1;
                continue;
            }
            let mut best = None;
            let (mut j, mut words) = (i, 0);
            while j < self.toks.len() && words < 4 {
                if j > i && self.toks[j].gap == Gap::Space && self.toks[j].class != Class::Letters {
                    break;
                }
                if self.toks[j].class == Class::Letters {
                    words += 1;
                    if let Some(id) = place(&self.text[t.start..self.toks[j].end]) {
                        best = Some((id, j + 1));
                    }
                } else if !self.is_dash(j) {
                    break;
                }
                j += 1;
            }
            match best {
                Some((id, n)) => {
                    out.push(Value {
                        kind: Kind::Place(id),
                        range: self.bytes(i, n),
                    });
                    i = n;
                }
                None => i += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values of `text` (in language `lang`) as "type figure “as written”".
    fn read(lang: &str, text: &str) -> Vec<String> {
        let cx = Context {
            language: lang,
            place: None,
        };
        extract(text, &cx).iter().map(|v| render(v, text)).collect()
    }

    fn figure(a: &Amount) -> String {
        let q = match a.qualifier {
            Qualifier::Exact => "",
            Qualifier::About => "~",
            Qualifier::AtLeast => ">=",
            Qualifier::AtMost => "<=",
            Qualifier::MoreThan => ">",
            Qualifier::LessThan => "<",
        };
        if a.low == a.high {
            format!("{q}{}", a.low)
        } else {
            format!("{q}{}-{}", a.low, a.high)
        }
    }

    fn render(v: &Value, text: &str) -> String {
        let what = match &v.kind {
            Kind::Count { what, amount, .. } => format!("count {what} {}", figure(amount)),
            Kind::Duration { seconds } => format!("duration {}s", figure(seconds)),
            Kind::TimeOfDay { minutes } => format!("time {}", figure(minutes)),
            Kind::Date(d) => {
                let mut s = String::from("date");
                if let Some(y) = d.year {
                    s += &format!(" y{y}");
                }
                if let Some(m) = d.month {
                    s += &format!(" m{m}");
                }
                if let Some((a, b)) = d.days {
                    s += &if a == b {
                        format!(" d{a}")
                    } else {
                        format!(" d{a}-{b}")
                    };
                }
                if let Some(w) = d.weekday {
                    s += &format!(" {w:?}");
                }
                if let Some(r) = d.relative {
                    s += &format!(" rel{r}");
                }
                s
            }
            Kind::Money { currency, amount } => format!("money {currency} {}", figure(amount)),
            Kind::Percent(a) => format!("percent {}", figure(a)),
            Kind::Place(id) => format!("place {id}"),
        };
        format!("{what} “{}”", &text[v.range.clone()])
    }

    /// The keys on which `a` and `b` clash, both read in `lang` against
    /// `published`.
    fn clash_at(lang: &str, published: &str, a: &str, b: &str) -> Vec<String> {
        let cx = Context {
            language: lang,
            place: None,
        };
        let date = published.parse().ok();
        let (mut x, mut y) = (extract(a, &cx), extract(b, &cx));
        resolve(&mut x, date);
        resolve(&mut y, date);
        let keys: Vec<String> = clashes(&x, &y).iter().map(|k| format!("{k:?}")).collect();
        // Clashing is symmetric.
        let back: Vec<String> = clashes(&y, &x).iter().map(|k| format!("{k:?}")).collect();
        assert_eq!(keys, back, "{a} / {b}");
        keys
    }

    fn clash(lang: &str, a: &str, b: &str) -> Vec<String> {
        clash_at(lang, "", a, b)
    }

    const NONE: [&str; 0] = [];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]
        /// Any text in any language reads without a panic, every value's
        /// range is a slice of the text, and clashing is symmetric.
        #[test]
        fn any_text_reads_safely(
            a in "[0-9 .,:%$€£¥₩\u{a0}\u{202f}a-zA-Zéß年月日時分個발시간억万千百十一二三四五六七八九零两兩세다섯ア-ンあ-んא-ת٠-٩ا-ي一-龥가-힣а-яА-Я-–]{0,60}",
            b in proptest::prelude::any::<String>(),
            lang in proptest::sample::select(vec!["", "en", "de", "fr", "ru", "ko", "ja", "zh", "ar", "el"]),
        ) {
            let cx = Context { language: lang, place: None };
            let date = "2023-09-13".parse().ok();
            let (mut x, mut y) = (extract(&a, &cx), extract(&b, &cx));
            resolve(&mut x, date);
            resolve(&mut y, date);
            for (v, t) in x.iter().map(|v| (v, &a)).chain(y.iter().map(|v| (v, &b))) {
                proptest::prop_assert!(t.get(v.range.clone()).is_some(), "{v:?} in {t:?}");
            }
            proptest::prop_assert_eq!(clashes(&x, &y).len(), clashes(&y, &x).len());
        }
    }

    #[test]
    fn han_numerals_with_their_counter() {
        assert_eq!(read("zh", "双方签署了十一项协议"), ["count 项 11 “十一项”"]);
    }

    #[test]
    fn greek_dates_and_weekdays() {
        assert_eq!(
            clash_at(
                "el",
                "2023-09-14",
                "στις 14 Σεπτεμβρίου",
                "το βράδυ της Τετάρτης 13 Σεπτεμβρίου"
            ),
            ["Date"]
        );
        assert_eq!(clash_at("el", "2023-09-14", "χθες", "την Τετάρτη"), NONE);
    }

    #[test]
    fn units_of_measure_are_one_thing_in_any_language() {
        assert_eq!(
            clash(
                "de",
                "The pipe will be 40km long",
                "Die Leitung wird 14 Kilometer lang"
            ),
            ["Count(\"km\")"]
        );
        assert_eq!(clash("ru", "40km long", "длиной 40 км"), NONE);
        assert_eq!(clash("ja", "about 180 kilometres", "約180キロ"), NONE);
        assert_eq!(
            clash(
                "ru",
                "8 billion cubic metres a year",
                "18 млрд кубометров в год"
            ),
            ["Count(\"m3\")"]
        );
    }

    #[test]
    fn counts_with_what_they_count_in_each_language() {
        assert_eq!(
            read("en", "Norland launched two missiles and 1,200 troops"),
            [
                "count missil 2 “two missiles”",
                "count troop 1200 “1,200 troops”"
            ]
        );
        assert_eq!(
            read("de", "3 Raketen und fünfundzwanzig Drohnen"),
            [
                "count raket 3 “3 Raketen”",
                "count drohn 25 “fünfundzwanzig Drohnen”"
            ]
        );
        assert_eq!(
            read("fr", "trois missiles, quatre-vingt-dix soldats"),
            [
                "count missil 3 “trois missiles”",
                "count soldat 90 “quatre-vingt-dix soldats”"
            ]
        );
        assert_eq!(
            read("ru", "три ракеты и двадцать пять беспилотников"),
            [
                "count ракет 3 “три ракеты”",
                "count беспилотник 25 “двадцать пять беспилотников”"
            ]
        );
        assert_eq!(
            read("ko", "미사일 2발, 미사일 두 발, 1,200명"),
            [
                "count 발 2 “2발”",
                "count 발 2 “두 발”",
                "count 명 1200 “1,200명”"
            ]
        );
        assert_eq!(
            read("ja", "ミサイル2発、兵士三人"),
            ["count 発 2 “2発”", "count 人 3 “三人”"]
        );
        assert_eq!(
            read("zh", "两枚导弹，200多人"),
            ["count 枚 2 “两枚”", "count 人 >200 “200多人”"]
        );
        assert_eq!(read("ar", "أطلقت ٣ صواريخ"), ["count صواريخ 3 “٣ صواريخ”"]);
        // Bare numbers, ordinals, decades and "a" before a noun count nothing.
        assert_eq!(
            read(
                "en",
                "Resolution 2270, in the 2010s, on the 14th, a missile"
            ),
            NONE
        );
        assert_eq!(read("en", "two of them"), NONE);
    }

    #[test]
    fn durations_in_each_language() {
        let secs = |lang, text| read(lang, text);
        assert_eq!(
            secs("en", "talks lasted five hours"),
            ["duration 18000s “five hours”"]
        );
        assert_eq!(
            secs("en", "three-hour talks"),
            ["duration 10800s “three-hour”"]
        );
        assert_eq!(
            secs("en", "90 minutes, an hour, a two-day visit"),
            [
                "duration 5400s “90 minutes”",
                "duration 3600s “an hour”",
                "duration 172800s “two-day”"
            ]
        );
        assert_eq!(
            secs("de", "fünf Stunden"),
            ["duration 18000s “fünf Stunden”"]
        );
        assert_eq!(secs("fr", "cinq heures"), ["duration 18000s “cinq heures”"]);
        assert_eq!(secs("ru", "пять часов"), ["duration 18000s “пять часов”"]);
        assert_eq!(
            secs("ko", "3시간, 다섯 시간"),
            ["duration 10800s “3시간”", "duration 18000s “다섯 시간”"]
        );
        assert_eq!(secs("ja", "5時間"), ["duration 18000s “5時間”"]);
        assert_eq!(secs("zh", "五个小时"), ["duration 18000s “五个小时”"]);
        assert_eq!(secs("ar", "٣ ساعات"), ["duration 10800s “٣ ساعات”"]);
    }

    #[test]
    fn times_of_day_in_each_language() {
        assert_eq!(
            read("en", "at 7:09 a.m., 19:09, 1 p.m. and noon"),
            [
                "time 429 “7:09 a.m”",
                "time 1149 “19:09”",
                "time 780 “1 p.m”",
                "time 720 “noon”"
            ]
        );
        assert_eq!(
            read("de", "um 13 Uhr, um 13.30 Uhr"),
            ["time 780 “13 Uhr”", "time 810 “13.30 Uhr”"]
        );
        assert_eq!(
            read("fr", "13h, 13h30, à 13 heures, à 5 heures"),
            [
                "time 780 “13h”",
                "time 810 “13h30”",
                "time 780 “13 heures”",
                "time 300 “5 heures”"
            ]
        );
        assert_eq!(
            read("ru", "в 13 часов, в 13:00"),
            ["time 780 “13 часов”", "time 780 “13:00”"]
        );
        assert_eq!(
            read("ko", "오후 1시, 오전 7시 9분"),
            ["time 780 “오후 1시”", "time 429 “오전 7시 9분”"]
        );
        assert_eq!(
            read("ja", "午後1時、午前7時9分"),
            ["time 780 “午後1時”", "time 429 “午前7時9分”"]
        );
        assert_eq!(
            read("zh", "下午1点，上午7点9分"),
            ["time 780 “下午1点”", "time 429 “上午7点9分”"]
        );
        assert_eq!(read("ar", "الساعة ١٣:٠٠"), ["time 780 “١٣:٠٠”"]);
    }

    #[test]
    fn dates_in_each_language() {
        assert_eq!(
            read(
                "en",
                "on Sept. 13, Wednesday, September 13, 2023, the 14th of September"
            ),
            [
                "date m9 d13 “Sept. 13”",
                "date Wednesday “Wednesday”",
                "date y2023 m9 d13 “September 13, 2023”",
                "date m9 d14 “14th of September”"
            ]
        );
        assert_eq!(
            read("en", "13 September, 2023-09-13, in May, in 2023, yesterday"),
            [
                "date m9 d13 “13 September”",
                "date y2023 m9 d13 “2023-09-13”",
                "date m5 “May”",
                "date y2023 “2023”",
                "date rel-1 “yesterday”"
            ]
        );
        assert_eq!(
            read("en", "on Sept. 13 and 14, on 13–14 September"),
            [
                "date m9 d13 “Sept. 13”",
                "date m9 d14 “14”",
                "date m9 d13-14 “13–14 September”"
            ]
        );
        // "May" opening a sentence, "since 2006" and "7:09" are no dates.
        assert_eq!(read("en", "May we ask? It has held since 2006."), NONE);
        assert_eq!(
            read("de", "am Mittwoch, 13.09.2023, 13. September"),
            [
                "date Wednesday “Mittwoch”",
                "date y2023 m9 d13 “13.09.2023”",
                "date m9 d13 “13. September”"
            ]
        );
        assert_eq!(
            read("fr", "mercredi 13 septembre, le 1er septembre"),
            [
                "date Wednesday “mercredi”",
                "date m9 d13 “13 septembre”",
                "date m9 d1 “1er septembre”"
            ]
        );
        assert_eq!(
            read("ru", "в среду, 13 сентября 2023 года"),
            [
                "date Wednesday “среду”",
                "date y2023 m9 d13 “13 сентября 2023 года”"
            ]
        );
        assert_eq!(
            read("ko", "2023년 9월 13일 수요일에"),
            [
                "date y2023 m9 d13 “2023년 9월 13일”",
                "date Wednesday “수요일에”"
            ]
        );
        assert_eq!(
            read("ja", "2023年9月13日、水曜日"),
            [
                "date y2023 m9 d13 “2023年9月13日”",
                "date Wednesday “水曜日”"
            ]
        );
        assert_eq!(
            read("zh", "9月13日，星期三"),
            ["date m9 d13 “9月13日”", "date Wednesday “星期三”"]
        );
        assert_eq!(
            read("ar", "يوم الأربعاء ٢٠٢٣-٠٩-١٣"),
            ["date Wednesday “الأربعاء”", "date y2023 m9 d13 “٢٠٢٣-٠٩-١٣”"]
        );
    }

    #[test]
    fn money_and_percentages_in_each_language() {
        assert_eq!(
            read(
                "en",
                "$2bn, 2 billion dollars, €40m, 40 million euros, 40 metres"
            ),
            [
                "money USD 2000000000 “$2bn”",
                "money USD 2000000000 “2 billion dollars”",
                "money EUR 40000000 “€40m”",
                "money EUR 40000000 “40 million euros”",
                "count m 40 “40 metres”"
            ]
        );
        assert_eq!(
            read("de", "2 Milliarden Euro, 40 Prozent"),
            [
                "money EUR 2000000000 “2 Milliarden Euro”",
                "percent 40 “40 Prozent”"
            ]
        );
        assert_eq!(
            read("fr", "2 milliards d'euros, 40 pour cent"),
            [
                "money EUR 2000000000 “2 milliards d'euros”",
                "percent 40 “40 pour cent”"
            ]
        );
        assert_eq!(
            read("ru", "2 млрд долларов, 40 процентов"),
            [
                "money USD 2000000000 “2 млрд долларов”",
                "percent 40 “40 процентов”"
            ]
        );
        assert_eq!(
            read("ko", "20억 달러, 40퍼센트"),
            ["money USD 2000000000 “20억 달러”", "percent 40 “40퍼센트”"]
        );
        assert_eq!(
            read("ja", "20億ドル、40％"),
            ["money USD 2000000000 “20億ドル”", "percent 40 “40％”"]
        );
        assert_eq!(
            read("zh", "200万美元，百分之四十"),
            ["money USD 2000000 “200万美元”", "percent 40 “百分之四十”"]
        );
        assert_eq!(
            read("ar", "٢ مليار دولار و٤٠٪ و40 في المئة"),
            [
                "money USD 2000000000 “٢ مليار دولار”",
                "percent 40 “٤٠٪”",
                "percent 40 “40 في المئة”"
            ]
        );
    }

    #[test]
    fn numbers_as_each_language_writes_them() {
        let first =
            |lang: &str, text: &str| read(lang, text).into_iter().next().unwrap_or_default();
        assert_eq!(
            first("en", "1,200 troops"),
            "count troop 1200 “1,200 troops”"
        );
        assert_eq!(first("en", "1.5 troops"), "count troop 1.5 “1.5 troops”");
        assert_eq!(
            first("de", "1.200 Soldaten"),
            "count soldat 1200 “1.200 Soldaten”"
        );
        assert_eq!(first("de", "2,5 Prozent"), "percent 2.5 “2,5 Prozent”");
        assert_eq!(
            first("fr", "1 200 soldats"),
            "count soldat 1200 “1 200 soldats”"
        );
        assert_eq!(
            first("en", "1\u{202f}200 soldiers"),
            "count soldier 1200 “1\u{202f}200 soldiers”"
        );
        assert_eq!(
            first("de-CH", "1'200 Soldaten"),
            "count soldat 1200 “1'200 Soldaten”"
        );
        assert_eq!(
            first("ru", "1,5 млн человек"),
            "count человек 1500000 “1,5 млн человек”"
        );
        assert_eq!(first("ja", "１２００人"), "count 人 1200 “１２００人”");
        assert_eq!(first("hi", "५ missiles"), "count missil 5 “५ missiles”");
        assert_eq!(
            first("ar", "١٫٥ مليون دولار"),
            "money USD 1500000 “١٫٥ مليون دولار”"
        );
        assert_eq!(
            first("en", "two hundred thousand people"),
            "count peopl 200000 “two hundred thousand people”"
        );
        assert_eq!(
            first("fr", "deux cent mille personnes"),
            "count personn 200000 “deux cent mille personnes”"
        );
        assert_eq!(first("zh", "二千三百人"), "count 人 2300 “二千三百人”");
        assert_eq!(first("ko", "삼십 명"), "count 명 30 “삼십 명”");
    }

    #[test]
    fn hedges_and_ranges() {
        assert_eq!(
            read(
                "en",
                "about three hours, at least 200 troops, fewer than 50 ships"
            ),
            [
                "duration ~10800s “about three hours”",
                "count troop >=200 “at least 200 troops”",
                "count ship <50 “fewer than 50 ships”"
            ]
        );
        assert_eq!(
            read("en", "between 200 and 300 people, 3-5 hours"),
            [
                "count peopl 200-300 “between 200 and 300 people”",
                "duration 10800-18000s “3-5 hours”"
            ]
        );
        assert_eq!(
            read("ko", "3시간 이상, 200여 명"),
            ["duration >=10800s “3시간 이상”", "count 명 >200 “200여 명”"]
        );
        assert_eq!(
            read("ja", "約200人、3時間以上"),
            ["count 人 ~200 “約200人”", "duration >=10800s “3時間以上”"]
        );
        assert_eq!(
            read("ru", "около 200 человек"),
            ["count человек ~200 “около 200 человек”"]
        );
    }

    #[test]
    fn byte_ranges_quote_the_text_as_written() {
        let text = "Officials said talks lasted about three hours.";
        let v = extract(text, &Context::default());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].range, 28..45);
        assert_eq!(&text[v[0].range.clone()], "about three hours");
    }

    #[test]
    fn only_like_values_about_one_thing_clash() {
        assert_eq!(
            clash("en", "launched two missiles", "launched three missiles"),
            ["Count(\"missil\")"]
        );
        assert_eq!(
            clash("en", "talks lasted 3 hours", "launched two missiles"),
            NONE
        );
        assert_eq!(clash("en", "a 40km convoy", "a 40 minutes wait"), NONE);
        assert_eq!(
            clash("en", "a 40km convoy", "a 50 km convoy"),
            ["Count(\"km\")"]
        );
        assert_eq!(
            clash("en", "two missiles and three drones", "two missiles"),
            NONE
        );
        assert_eq!(
            clash(
                "en",
                "two missiles and three drones",
                "two missiles and four drones"
            ),
            ["Count(\"dron\")"]
        );
        assert_eq!(clash("de", "3 Raketen", "drei Raketen"), NONE);
        assert_eq!(
            clash("de", "3 Raketen", "vier Raketen"),
            ["Count(\"raket\")"]
        );
        assert_eq!(clash("fr", "trois missiles", "3 missiles"), NONE);
        assert_eq!(clash("fr", "cinq heures", "5 heures"), NONE);
        assert_eq!(clash("ru", "три ракеты", "3 ракеты"), NONE);
        assert_eq!(
            clash("ru", "три ракеты", "пять ракет"),
            ["Count(\"ракет\")"]
        );
        assert_eq!(clash("ko", "미사일 2발", "미사일 3발"), ["Count(\"발\")"]);
        assert_eq!(clash("ko", "3시간 회담", "미사일 2발"), NONE);
        assert_eq!(clash("ja", "ミサイル2発", "ミサイル3発"), ["Count(\"発\")"]);
        assert_eq!(clash("ja", "5時間", "5時"), NONE);
        assert_eq!(clash("zh", "两枚导弹", "三枚导弹"), ["Count(\"枚\")"]);
        assert_eq!(clash("zh", "五个小时", "5小时"), NONE);
        assert_eq!(clash("ar", "٣ صواريخ", "3 صواريخ"), NONE);
        assert_eq!(clash("ar", "٣ صواريخ", "٤ صواريخ"), ["Count(\"صواريخ\")"]);
    }

    #[test]
    fn hedges_ranges_and_rounding_allow_agreement() {
        assert_eq!(clash("en", "about 3 hours", "three hours"), NONE);
        assert_eq!(clash("en", "about three hours", "five hours"), ["Duration"]);
        assert_eq!(clash("en", "more than 200 troops", "250 troops"), NONE);
        assert_eq!(
            clash("en", "fewer than 200 troops", "250 troops"),
            ["Count(\"troop\")"]
        );
        assert_eq!(clash("en", "200-300 troops", "250 troops"), NONE);
        assert_eq!(
            clash("en", "200-300 troops", "350 troops"),
            ["Count(\"troop\")"]
        );
        assert_eq!(clash("en", "1.2 million people", "1,200,000 people"), NONE);
        assert_eq!(
            clash("en", "1.2 million people", "1.5 million people"),
            ["Count(\"peopl\")"]
        );
        assert_eq!(clash("ja", "3時間以上", "4時間"), NONE);
        assert_eq!(clash("ko", "약 3시간", "세 시간"), NONE);
    }

    #[test]
    fn money_percent_and_time_clash_by_type() {
        assert_eq!(clash("en", "$2bn", "2 billion dollars"), NONE);
        assert_eq!(clash("en", "$2bn", "€3bn"), NONE, "other currency");
        assert_eq!(clash("en", "$2bn", "$3 billion"), ["Money(\"USD\")"]);
        assert_eq!(clash("de", "40 Prozent", "40%"), NONE);
        assert_eq!(clash("en", "40%", "45 per cent"), ["Percent"]);
        assert_eq!(clash("en", "at 7:09 a.m.", "at 19:09"), ["TimeOfDay"]);
        assert_eq!(clash("en", "at 1 p.m.", "à 13h"), NONE);
        assert_eq!(clash("en", "around 1 p.m.", "at 1:20 p.m."), NONE);
        assert_eq!(clash("ko", "오후 1시", "13시"), NONE);
    }

    #[test]
    fn dates_agree_when_they_can_fall_on_one_day() {
        // 2023-09-13 was a Wednesday.
        let at = "2023-09-14";
        assert_eq!(clash_at("en", at, "on Sept. 13", "on Wednesday"), NONE);
        assert_eq!(clash_at("en", at, "on Sept. 13", "on Tuesday"), ["Date"]);
        assert_eq!(clash_at("en", at, "on Sept. 13", "yesterday"), NONE);
        assert_eq!(clash_at("en", at, "on Sept. 12", "yesterday"), ["Date"]);
        assert_eq!(clash_at("ko", at, "13일", "수요일"), NONE);
        assert_eq!(clash_at("ko", at, "12일", "수요일"), ["Date"]);
        // Without the article's date a weekday meets only full dates.
        assert_eq!(clash("en", "on Sept. 13", "on Tuesday"), NONE);
        assert_eq!(clash("en", "13 September 2023", "Wednesday"), NONE);
        assert_eq!(clash("en", "13 September 2023", "Thursday"), ["Date"]);
        // A set that shares a date and adds one is not a conflict.
        assert_eq!(clash("en", "on Sept. 13 and 14", "on Sept. 13"), NONE);
        assert_eq!(clash("en", "on Sept. 14 and 15", "on Sept. 13"), ["Date"]);
        assert_eq!(clash("en", "in May", "on May 14"), NONE);
        assert_eq!(clash("en", "in May", "in June"), ["Date"]);
        assert_eq!(clash("de", "am 13. September", "13.09.2023"), NONE);
        assert_eq!(clash("ja", "9月13日", "9月14日"), ["Date"]);
    }

    #[test]
    fn dates_take_the_year_nearest_the_article() {
        let mut v = extract("on Dec. 30", &Context::default());
        resolve(&mut v, "2024-01-02".parse().ok());
        assert_eq!(render(&v[0], "on Dec. 30"), "date y2023 m12 d30 “Dec. 30”");
        let mut v = extract("29일", &Context::default());
        resolve(&mut v, "2023-10-02".parse().ok());
        assert_eq!(render(&v[0], "29일"), "date y2023 m9 d29 “29일”");
        let mut v = extract("13일", &Context::default());
        resolve(&mut v, "2023-10-02".parse().ok());
        assert_eq!(render(&v[0], "13일"), "date y2023 m10 d13 “13일”");
    }

    #[test]
    fn places_come_from_the_caller_and_actors_are_never_values() {
        let known = |name: &str| match name {
            "Vladivostok" => Some("vladivostok".to_owned()),
            "Moscow" => Some("moscow".to_owned()),
            "Vostochny Cosmodrome" => Some("vostochny".to_owned()),
            _ => None,
        };
        let cx = Context {
            language: "en",
            place: Some(&known),
        };
        let keys = |a: &str, b: &str| {
            let (x, y) = (extract(a, &cx), extract(b, &cx));
            clashes(&x, &y)
                .iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(keys("met in Vladivostok", "met in Moscow"), ["Place"]);
        assert_eq!(
            keys(
                "met at the Vostochny Cosmodrome near Vladivostok",
                "met at Vostochny Cosmodrome"
            ),
            NONE
        );
        assert_eq!(keys("Ukraine, Vladimir Putin", "Russia"), NONE);
        let v = extract("at the Vostochny Cosmodrome", &cx);
        assert_eq!(
            render(&v[0], "at the Vostochny Cosmodrome"),
            "place vostochny “Vostochny Cosmodrome”"
        );
    }

    #[test]
    fn digits_of_any_script() {
        assert_eq!(digit('٣'), Some(3));
        assert_eq!(digit('۷'), Some(7));
        assert_eq!(digit('५'), Some(5));
        assert_eq!(digit('9'), Some(9));
        assert_eq!(digit('x'), None);
        assert_eq!(digit('五'), None, "a numeral, not a digit");
    }
}
