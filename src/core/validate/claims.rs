//! Claim conflict: claims linked to one proposition whose typed values
//! disagree ("two missiles" / "three missiles", "five hours" / "3 hours",
//! "in May" / "in June"). Values are read by [`super::values`]; only values
//! of one type about one thing are compared, so "3 hours" never meets
//! "two missiles", and the actors a claim names are never compared.

use super::matching::FastMap;
use super::values::{self, Context, Key, PlaceLookup, Value};
use super::{CLAIM_CONFLICT, Env, Finding, Member, Severity, quoted, spread};
use crate::core::model::{ArticleMeta, EntityId, EntityKind, Kind, Modality, PropositionId};
use jiff::civil::Date;
use std::collections::BTreeSet;

/// Asserted and reported claims state what happened; planned and denied
/// ones are set beside them, not against them.
fn states(m: Modality) -> bool {
    matches!(m, Modality::Asserted | Modality::Reported)
}

fn is_place(kind: EntityKind) -> bool {
    kind == EntityKind::Place
}

/// The article date a claim's dates are read against.
fn published(meta: Option<&ArticleMeta>) -> Option<Date> {
    meta?.published.get(..10)?.parse().ok()
}

/// Claims of proposition `p` whose values disagree. One finding per type
/// of value (and counted thing or currency): a warning where claims that
/// state what happened disagree, an info where a planned or denied claim
/// differs from the others.
pub(crate) fn conflicts(env: &Env, p: &PropositionId, members: &[Member]) -> Vec<Finding> {
    conflicts_by(env, p, members, |m| m.modality())
}

/// One distinct claim text as read in one language against one date.
struct Read<'m> {
    text: &'m str,
    language: &'m str,
    values: Vec<Value>,
}

/// Who a claim is attributed to, when not to its outlet.
type Claimant<'m> = Option<&'m EntityId>;

/// Two claimants' claims are compared unless each names a different one:
/// the police's count and the organisers' count are two claims, not a
/// contradiction between outlets.
fn comparable(a: Claimant, b: Claimant) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// Claims that give the same values of one key, with one modality class
/// and one claimant.
struct Variant<'v> {
    values: Vec<&'v Value>,
    /// The read whose text the values quote.
    read: usize,
    states: bool,
    claimant: Claimant<'v>,
    /// Index into the claims list of each member, in order.
    claims: Vec<usize>,
}

fn conflicts_by(
    env: &Env,
    p: &PropositionId,
    members: &[Member],
    modality: impl Fn(&Member) -> Modality,
) -> Vec<Finding> {
    let entities = env.set.entities();
    let any_place = env.names.any_place();
    let place_of = |name: &str| {
        env.names
            .lookup_inflected(name)
            .filter(|id| entities.get(*id).is_some_and(|e| is_place(e.kind)))
            .map(|id| id.to_string())
    };
    let place: Option<PlaceLookup> = any_place.then_some(&place_of);

    // Values depend on the words, the language and the article's date, so
    // each distinct combination is read once.
    let mut reads: Vec<Read> = Vec::new();
    // Keyed by the indexed text's hash where there is one (hashing each of
    // thousands of claims' full texts again is most of a large group's
    // cost); texts that normalise alike read alike. The article's language
    // and date are the number the validator gave the pair, so a key holds
    // no string to compare but the rare unindexed text.
    let mut index: FastMap<(Result<u64, &str>, u32), usize> = FastMap::default();
    let mut claims: Vec<(&Member, usize, Modality)> = Vec::new();
    for m in members.iter().filter(|m| m.is_claim()) {
        // The text, and the article for its language and date, are read
        // only when first seen: most of a large group's claims are repeats,
        // and looking each one's article up was most of the group's cost.
        let key = (m.text.ok_or_else(|| m.annotation.span.exact()), m.reading);
        let n = *index.entry(key).or_insert_with(|| {
            let meta = env.set.article(m.article).map(|a| &a.record.meta);
            let language = meta.map_or("", |m| m.language.as_str());
            let text = m.annotation.span.exact();
            let mut values = values::extract(text, &Context { language, place });
            values::resolve(&mut values, published(meta));
            reads.push(Read {
                text,
                language,
                values,
            });
            reads.len() - 1
        });
        claims.push((m, n, modality(m)));
    }
    let mut out = whether_it_happened(env, p, &claims);
    if reads.iter().all(|r| r.values.is_empty()) {
        return out;
    }
    out.extend(currency_slips(env, p, &reads, &claims));
    let statement_counts = env.set.propositions().get(p).map(|p| {
        // A statement has no language of its own; most are in English.
        values::extract(
            &p.statement,
            &Context {
                language: "",
                place,
            },
        )
    });
    pivot_counts(&mut reads, &claims, statement_counts.as_deref());
    // Distinct (read, modality class, claimant) triples, in order of first
    // claim.
    let mut combos: Vec<(usize, bool, Claimant)> = Vec::new();
    let mut combo_of: FastMap<(usize, bool, Claimant), usize> = FastMap::default();
    let claim_combo: Vec<usize> = claims
        .iter()
        .map(|(m, n, modality)| {
            // Read only for the few claims attributed to someone.
            let who = match &m.annotation.kind {
                Kind::Claim(c) if m.has_claimant() => c.attributed_to.as_ref(),
                _ => None,
            };
            let key = (*n, states(*modality), who);
            *combo_of.entry(key).or_insert_with(|| {
                combos.push(key);
                combos.len() - 1
            })
        })
        .collect();
    // Only keys on which two reads disagree need their claims sorted out.
    let mut keys: BTreeSet<Key> = BTreeSet::new();
    for (n, a) in reads.iter().enumerate() {
        for b in &reads[n + 1..] {
            keys.extend(values::clashes(&a.values, &b.values));
        }
    }
    let statement = env.statement(p);

    for key in keys {
        let mut variants: Vec<Variant> = Vec::new();
        let mut variant_of_combo: Vec<Option<usize>> = vec![None; combos.len()];
        for (c, &(n, states, who)) in combos.iter().enumerate() {
            let vals: Vec<&Value> = reads[n].values.iter().filter(|v| v.key() == key).collect();
            if vals.is_empty() {
                continue;
            }
            let same = |v: &Variant| {
                v.states == states
                    && v.claimant == who
                    && v.values.len() == vals.len()
                    && v.values.iter().zip(&vals).all(|(a, b)| a.same(b))
            };
            let at = variants.iter().position(same).unwrap_or_else(|| {
                variants.push(Variant {
                    values: vals,
                    read: n,
                    states,
                    claimant: who,
                    claims: Vec::new(),
                });
                variants.len() - 1
            });
            variant_of_combo[c] = Some(at);
        }
        let agree = |a: &Variant, b: &Variant| {
            a.values
                .iter()
                .any(|x| b.values.iter().any(|y| x.compatible(y)))
        };
        let involved = |both_state: bool| -> Vec<usize> {
            (0..variants.len())
                .filter(|&i| {
                    variants.iter().enumerate().any(|(j, other)| {
                        let stating = variants[i].states && other.states;
                        j != i
                            && stating == both_state
                            && comparable(variants[i].claimant, other.claimant)
                            && !agree(&variants[i], other)
                    })
                })
                .collect()
        };
        let (mut shown, warning) = match involved(true) {
            v if !v.is_empty() => (v, true),
            _ => (involved(false), false),
        };
        if shown.is_empty() {
            continue;
        }
        for (k, combo) in claim_combo.iter().enumerate() {
            if let Some(v) = variant_of_combo[*combo] {
                variants[v].claims.push(k);
            }
        }
        // Most claims first, then in the order the claims come.
        shown.sort_by_key(|&v| (std::cmp::Reverse(variants[v].claims.len()), v));
        let parts: Vec<String> = shown
            .iter()
            .map(|&v| describe(&variants[v], &reads, &claims, warning))
            .collect();
        let (what, check) = subject(key);
        let message = if warning {
            format!(
                "claims of proposition {p}{statement} disagree on {what}: {}; check which {check} the sources support",
                parts.join(", ")
            )
        } else {
            format!(
                "claims of proposition {p}{statement} differ on {what}, shown side by side: {}; a planned or denied claim does not contradict one that states what happened",
                parts.join(", ")
            )
        };
        let lists: Vec<Vec<&Member>> = shown
            .iter()
            .map(|&v| variants[v].claims.iter().map(|&k| claims[k].0).collect())
            .collect();
        let mut finding = Finding::new(CLAIM_CONFLICT, message, spread(&lists), None);
        if !warning {
            finding.severity = Severity::Info;
        }
        out.push(finding);
    }
    out
}

/// Counts name what they count in other words ("12 agreements", "十一项",
/// "300 protesters" for "300 people"). Where the proposition's statement
/// counts one thing, a claim that gives one count is taken to count it;
/// else, where the claims in the group's most common language count one
/// thing, a claim in another language that gives one count is taken to
/// count it too.
fn pivot_counts(
    reads: &mut [Read],
    claims: &[(&Member, usize, Modality)],
    statement: Option<&[Value]>,
) {
    let single = |values: &[Value]| -> Option<String> {
        let mut counts = values.iter().filter_map(|v| match &v.kind {
            values::Kind::Count { what, .. } => Some(what.clone()),
            _ => None,
        });
        match (counts.next(), counts.next()) {
            (Some(w), None) => Some(w),
            _ => None,
        }
    };
    let relabel = |r: &mut Read, thing: &str| {
        let mut counts = r
            .values
            .iter_mut()
            .filter(|v| matches!(v.kind, values::Kind::Count { .. }));
        if let (Some(v), None) = (counts.next(), counts.next())
            && let values::Kind::Count { what, .. } = &mut v.kind
        {
            *what = thing.to_owned();
        }
    };
    if let Some(thing) = statement.and_then(single) {
        for r in reads.iter_mut() {
            relabel(r, &thing);
        }
        return;
    }
    let mut by_language: FastMap<&str, usize> = FastMap::default();
    for (_, n, _) in claims {
        *by_language.entry(reads[*n].language).or_default() += 1;
    }
    let Some(main) = by_language
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(l, _)| *l)
    else {
        return;
    };
    let counted = |r: &Read| -> Vec<String> {
        let mut w: Vec<String> = r
            .values
            .iter()
            .filter_map(|v| match &v.kind {
                values::Kind::Count { what, .. } => Some(what.clone()),
                _ => None,
            })
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let mut main_things: Vec<String> = reads
        .iter()
        .filter(|r| r.language == main)
        .flat_map(counted)
        .collect();
    main_things.sort();
    main_things.dedup();
    let [thing] = main_things.as_slice() else {
        return;
    };
    for r in reads.iter_mut().filter(|r| r.language != main) {
        relabel(r, thing);
    }
}

/// X104 on the currency: the same figure in two currencies ("$2bn", "2
/// Milliarden Euro") is a slip, since a converted sum would differ. Only
/// stating claims of different outlets, each naming no sum in the other's
/// currency, are compared.
fn currency_slips<'r>(
    env: &Env,
    p: &PropositionId,
    reads: &'r [Read],
    claims: &[(&Member, usize, Modality)],
) -> Vec<Finding> {
    let currency = |v: &Value| match &v.kind {
        values::Kind::Money { currency, .. } => currency.clone(),
        _ => String::new(),
    };
    let same_figure = |a: &Value, b: &Value| {
        let mut b = b.clone();
        if let values::Kind::Money { currency, .. } = &mut b.kind {
            *currency = match &a.kind {
                values::Kind::Money { currency, .. } => currency.clone(),
                _ => return false,
            };
        }
        a.compatible(&b)
    };
    // Reads on either side of a slip, by currency, with the text of one
    // of their sums.
    let mut sides: Vec<(String, Vec<usize>, &str)> = Vec::new();
    let mut add = |c: String, n: usize, written: &'r str| match sides.iter_mut().find(|s| s.0 == c)
    {
        Some(side) => {
            if !side.1.contains(&n) {
                side.1.push(n);
            }
        }
        None => sides.push((c, vec![n], written)),
    };
    for (i, a) in reads.iter().enumerate() {
        for (j, b) in reads.iter().enumerate().skip(i + 1) {
            let (ma, mb) = (money(a), money(b));
            let slip = ma.iter().find_map(|x| {
                let y = mb
                    .iter()
                    .find(|y| currency(x) != currency(y) && same_figure(x, y))?;
                let shares = |list: &[&Value], c: &str| list.iter().any(|v| currency(v) == c);
                (!shares(&mb, &currency(x)) && !shares(&ma, &currency(y))).then_some((*x, *y))
            });
            if let Some((x, y)) = slip {
                add(currency(x), i, &a.text[x.range.clone()]);
                add(currency(y), j, &b.text[y.range.clone()]);
            }
        }
    }
    let lists: Vec<Vec<&Member>> = sides
        .iter()
        .map(|(_, ns, _)| {
            claims
                .iter()
                .filter(|c| ns.contains(&c.1) && states(c.2))
                .map(|c| c.0)
                .collect()
        })
        .collect();
    let outlets_of =
        |l: &Vec<&Member>| -> BTreeSet<String> { l.iter().map(|m| m.outlet.to_owned()).collect() };
    let distinct = lists.iter().map(outlets_of).collect::<BTreeSet<_>>();
    if lists.len() < 2 || lists.iter().any(Vec::is_empty) || distinct.len() < 2 {
        return Vec::new();
    }
    let statement = env.statement(p);
    let said: Vec<String> = sides
        .iter()
        .zip(&lists)
        .map(|((_, _, written), list)| {
            let verb = if outlets_of(list).len() > 1 {
                "say"
            } else {
                "says"
            };
            format!(
                "{} {verb} \u{201C}{written}\u{201D}",
                super::quotes::outlets(list)
            )
        })
        .collect();
    vec![Finding::new(
        CLAIM_CONFLICT,
        format!(
            "claims of proposition {p}{statement} give one figure in two currencies: {}; \
             a converted sum would differ, so check which currency the sources give",
            said.join(", ")
        ),
        spread(&lists),
        None,
    )]
}

fn money<'r>(r: &'r Read) -> Vec<&'r Value> {
    r.values
        .iter()
        .filter(|v| matches!(v.kind, values::Kind::Money { .. }))
        .collect()
}

/// X104 on the fact itself: one outlet reports a claim as denied, another
/// as what happened or what is planned.
fn whether_it_happened(
    env: &Env,
    p: &PropositionId,
    claims: &[(&Member, usize, Modality)],
) -> Vec<Finding> {
    fn claimant<'a>(m: &Member<'a>) -> Claimant<'a> {
        match &m.annotation.kind {
            Kind::Claim(c) if m.has_claimant() => c.attributed_to.as_ref(),
            _ => None,
        }
    }
    let denied: Vec<&Member> = claims
        .iter()
        .filter(|c| c.2 == Modality::Denied)
        .map(|c| c.0)
        .collect();
    let stated: Vec<&Member> = claims
        .iter()
        .filter(|c| c.2 != Modality::Denied)
        .map(|c| c.0)
        .filter(|m| {
            denied
                .iter()
                .any(|d| d.outlet != m.outlet && comparable(claimant(d), claimant(m)))
        })
        .collect();
    if stated.is_empty() {
        return Vec::new();
    }
    let denied: Vec<&Member> = denied
        .into_iter()
        .filter(|d| stated.iter().any(|m| d.outlet != m.outlet))
        .collect();
    let statement = env.statement(p);
    let side = |list: &[&Member]| {
        format!(
            "{} {}",
            super::quotes::outlets(list),
            quoted(list[0].annotation.span.exact())
        )
    };
    vec![Finding::new(
        CLAIM_CONFLICT,
        format!(
            "claims of proposition {p}{statement} disagree on whether it happened: denied in {}, \
             stated in {}; check which the sources support",
            side(&denied),
            side(&stated)
        ),
        spread(&[denied, stated]),
        None,
    )]
}

/// What the values of `key` are about, and what to check. The counted
/// noun is not named: it is read as the word after the figure, which is
/// often an adjective ("two ballistic missiles"); the values as written
/// say what is counted.
fn subject(key: Key) -> (String, &'static str) {
    match key {
        Key::Count(_) => ("a count".into(), "figure"),
        Key::Duration => ("the duration".into(), "figure"),
        Key::TimeOfDay => ("the time".into(), "time"),
        Key::Date => ("the date".into(), "date"),
        Key::Money(c) => (format!("the amount in {c}"), "figure"),
        Key::Percent => ("the percentage".into(), "figure"),
        Key::Place => ("the place".into(), "place"),
    }
}

/// "Ledger says “five hours” (a 130..140)", "Ledger and Courier say …
/// (a 130..140 and 3 more claims)", "Herald (planned) says …".
fn describe(
    v: &Variant,
    reads: &[Read],
    claims: &[(&Member, usize, Modality)],
    warning: bool,
) -> String {
    let mut outlets: Vec<&str> = Vec::new();
    for &k in &v.claims {
        let outlet = claims[k].0.outlet;
        if !outlets.contains(&outlet) {
            outlets.push(outlet);
        }
    }
    let who = match outlets.as_slice() {
        [] => "a claim".to_owned(),
        [one] => (*one).to_owned(),
        [a, b] => format!("{a} and {b}"),
        [a, b, c] => format!("{a}, {b} and {c}"),
        [a, b, c, rest @ ..] => format!("{a}, {b}, {c} and {} more", rest.len()),
    };
    let verb = if outlets.len() > 1 { "say" } else { "says" };
    let how = match v.claims.first().map(|&k| claims[k].2) {
        Some(Modality::Planned) if !warning => " (planned)",
        Some(Modality::Denied) if !warning => " (denied)",
        _ => "",
    };
    let text = reads[v.read].text;
    let written: Vec<String> = v
        .values
        .iter()
        .map(|x| format!("\u{201C}{}\u{201D}", &text[x.range.clone()]))
        .collect();
    // Where the first claim gives them, in the article's chars.
    let at = v.claims.first().map(|&k| {
        let m = claims[k].0;
        let chars = |byte: usize| {
            m.annotation.span.start + text.get(..byte).map_or(0, |s| s.chars().count())
        };
        let start = v.values.first().map_or(0, |x| x.range.start);
        let end = v.values.last().map_or(0, |x| x.range.end);
        let more = match v.claims.len() {
            1 => String::new(),
            2 => " and 1 more claim".to_owned(),
            n => format!(" and {} more claims", n - 1),
        };
        format!(" ({} {}..{}{more})", m.article, chars(start), chars(end))
    });
    format!(
        "{who}{how} {verb} {}{}",
        written.join(" and "),
        at.unwrap_or_default()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::article::Corpus;
    use crate::core::edit::{Edit, apply};
    use crate::core::model::{
        Annotation, AnnotationId, AnnotationSet, ArticleId, Proposition, SetInfo,
    };
    use crate::core::text::Span;
    use crate::core::validate::entities::EntityNames;
    use crate::core::validate::matching::TextIndex;

    /// A set with proposition p1 and articles a, b, c (Ledger, Courier,
    /// Herald), all published on 2023-09-14.
    fn set() -> AnnotationSet {
        let mut set = AnnotationSet::new(SetInfo::default());
        let mut edits = vec![Edit::PutProposition(Proposition {
            id: PropositionId::new("p1"),
            statement: "The leaders met for talks".into(),
        })];
        for (id, outlet) in [("a", "Ledger"), ("b", "Courier"), ("c", "Herald")] {
            edits.push(Edit::SetArticleMeta {
                article: ArticleId::new(id),
                meta: ArticleMeta {
                    outlet: outlet.into(),
                    published: "2023-09-14".into(),
                    language: "en".into(),
                    ..ArticleMeta::default()
                },
            });
        }
        apply(&mut set, Edit::Batch(edits)).unwrap();
        set
    }

    fn claim(id: &str, article: &str, start: usize, text: &str) -> (ArticleId, Annotation) {
        let article = ArticleId::new(article);
        let annotation = Annotation {
            id: AnnotationId::new(id),
            article: article.clone(),
            span: Span::new(start, start + text.chars().count(), text, "", ""),
            author: Default::default(),
            created: jiff::Timestamp::UNIX_EPOCH,
            modified: jiff::Timestamp::UNIX_EPOCH,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::Claim(crate::core::model::Claim {
                propositions: [PropositionId::new("p1")].into(),
                ..Default::default()
            }),
        };
        (article, annotation)
    }

    /// Findings for claims `(id, article, start, text)`; claims whose id
    /// starts with "plan", "deny" or "rep" are planned, denied or reported.
    fn check(claims: &[(&str, &str, usize, &str)]) -> Vec<Finding> {
        let set = set();
        let corpus = Corpus::default();
        let names = EntityNames::new(set.entities());
        let texts = TextIndex::default();
        let env = Env {
            set: &set,
            corpus: &corpus,
            names: &names,
            texts: &texts,
        };
        let made: Vec<(ArticleId, Annotation)> = claims
            .iter()
            .map(|(id, article, start, text)| claim(id, article, *start, text))
            .collect();
        let outlets = |a: &ArticleId| match a.as_str() {
            "a" => "Ledger",
            "b" => "Courier",
            _ => "Herald",
        };
        let members: Vec<Member> = made
            .iter()
            .map(|(article, annotation)| Member {
                article,
                outlet: outlets(article),
                source: outlets(article),
                // Every article of `set()` has one language and date.
                reading: 0,
                slot: u32::from(article.as_str().as_bytes()[0]),
                role: crate::core::validate::ROLE_CLAIM,
                annotation,
                text: None,
            })
            .collect();
        conflicts_by(&env, &PropositionId::new("p1"), &members, |m| {
            let id = m.annotation.id.as_str();
            if id.starts_with("plan") {
                Modality::Planned
            } else if id.starts_with("deny") {
                Modality::Denied
            } else if id.starts_with("rep") {
                Modality::Reported
            } else {
                Modality::Asserted
            }
        })
    }

    fn ids(f: &Finding) -> Vec<&str> {
        f.locations
            .iter()
            .filter_map(|l| l.annotation.as_ref().map(|a| a.as_str()))
            .collect()
    }

    #[test]
    fn one_figure_in_two_currencies_is_a_slip_a_conversion_is_not() {
        let found = check(&[
            ("a1", "a", 0, "The deal is worth $2bn"),
            ("b1", "b", 0, "The deal is worth 2 billion euros"),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("one figure in two currencies"),
            "{}",
            found[0].message
        );
        assert_eq!(ids(&found[0]), ["a1", "b1"]);
        let converted = check(&[
            ("a1", "a", 0, "The deal is worth $2bn"),
            ("b1", "b", 0, "The deal is worth 1.8 billion euros"),
        ]);
        assert_eq!(converted, vec![], "a converted sum");
    }

    #[test]
    fn a_clash_quotes_the_values_as_written_and_names_the_outlets() {
        let found = check(&[
            ("a1", "a", 100, "Talks lasted five hours on Wednesday"),
            ("b1", "b", 200, "The talks lasted 3 hours"),
        ]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].message,
            "claims of proposition p1 “The leaders met for talks” disagree on the duration: \
             Ledger says “five hours” (a 113..123), Courier says “3 hours” (b 217..224); \
             check which figure the sources support"
        );
        assert_eq!(ids(&found[0]), ["a1", "b1"]);
    }

    #[test]
    fn unlike_values_and_actors_do_not_clash() {
        assert_eq!(
            check(&[
                ("a1", "a", 0, "Talks lasted 3 hours"),
                ("b1", "b", 0, "Norland launched two missiles"),
                ("c1", "c", 0, "Ukraine, Vladimir Putin and Russia"),
            ]),
            []
        );
    }

    #[test]
    fn dates_are_read_against_the_article_date() {
        // 2023-09-13, the day before the articles, was a Wednesday.
        assert_eq!(
            check(&[
                ("a1", "a", 0, "The leaders met on Sept. 13"),
                ("b1", "b", 0, "The leaders met on Wednesday"),
            ]),
            []
        );
        let found = check(&[
            ("a1", "a", 0, "The leaders met on Sept. 13"),
            ("b1", "b", 0, "The leaders met on Thursday"),
        ]);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .contains("disagree on the date: Ledger says “Sept. 13”"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn every_clashing_claim_is_located_and_counted() {
        let found = check(&[
            ("a1", "a", 0, "Norland launched two missiles"),
            ("a2", "a", 50, "Norland launched two missiles"),
            ("b1", "b", 0, "Norland launched three missiles"),
            ("c1", "c", 0, "Norland launched two missiles and a drone"),
            ("c2", "c", 90, "Norland launched missiles"),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].message,
            "claims of proposition p1 “The leaders met for talks” disagree on a count: \
             Ledger and Herald say “two missiles” (a 17..29 and 2 more claims), \
             Courier says “three missiles” (b 17..31); check which figure the sources support"
        );
        // The claim without a figure is not part of the clash.
        assert_eq!(ids(&found[0]), ["a1", "b1", "a2", "c1"]);
    }

    #[test]
    fn a_planned_figure_is_shown_beside_what_happened() {
        let found = check(&[
            ("plan1", "a", 0, "Talks were planned for about three hours"),
            ("b1", "b", 0, "Talks lasted five hours"),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Info);
        assert_eq!(
            found[0].message,
            "claims of proposition p1 “The leaders met for talks” differ on the duration, shown side by side: \
             Ledger (planned) says “about three hours” (a 23..40), Courier says “five hours” (b 13..23); \
             a planned or denied claim does not contradict one that states what happened"
        );
        // Two stated figures that disagree still warn, planned ones aside.
        let found = check(&[
            ("plan1", "a", 0, "Talks were planned for about three hours"),
            ("b1", "b", 0, "Talks lasted five hours"),
            ("c1", "c", 0, "Talks lasted two hours"),
        ]);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(ids(&found[0]), ["b1", "c1"]);
        // A reported figure states what happened; a denied one does not.
        let found = check(&[
            ("rep1", "a", 0, "Officials said talks lasted two hours"),
            ("b1", "b", 0, "Talks lasted five hours"),
        ]);
        assert_eq!(found[0].severity, Severity::Warning);
        // A denial against a statement is a disagreement on the fact; the
        // figures are shown side by side.
        let found = check(&[
            ("deny1", "a", 0, "Officials denied talks lasted two hours"),
            ("b1", "b", 0, "Talks lasted five hours"),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].severity, Severity::Warning);
        assert!(
            found[0]
                .message
                .contains("disagree on whether it happened: denied in Ledger (a)"),
            "{}",
            found[0].message
        );
        assert_eq!(found[1].severity, Severity::Info);
        assert!(
            found[1]
                .message
                .contains("Ledger (denied) says “two hours”"),
            "{}",
            found[1].message
        );
    }
}
