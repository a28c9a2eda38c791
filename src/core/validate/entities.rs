//! Entities: finding them by name in text, and entities that look like one.

use super::{DANGLING_REFERENCE, DUPLICATE_ENTITY, Env, Finding, Fix, Location};
use crate::core::edit::merge_entities;
use crate::core::model::{Entity, EntityId, EntityKind};
use crate::core::text::unicode;
use std::collections::{BTreeMap, HashMap};

/// A name as entities are compared: the text module's name key (folded,
/// cased scripts transliterated, so "Путин" is "putin"), without a leading
/// "the".
pub(crate) fn name_key(name: &str) -> String {
    let n = unicode::name_key(name);
    match n.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => n,
    }
}

/// Every entity name and alias, for finding entities in text.
#[derive(Debug, Default)]
pub(crate) struct EntityNames {
    by_name: HashMap<String, Vec<EntityId>>,
    /// Whether some entity is a place, so that rules run once per group do
    /// not walk the entity list to find out.
    any_place: bool,
}

impl EntityNames {
    pub fn new(entities: &BTreeMap<EntityId, Entity>) -> Self {
        let mut names = EntityNames::default();
        for e in entities.values() {
            names.any_place |= e.kind == EntityKind::Place;
            for name in e.names() {
                let key = name_key(name);
                if key.is_empty() {
                    continue;
                }
                let ids = names.by_name.entry(key).or_default();
                if !ids.contains(&e.id) {
                    ids.push(e.id.clone());
                }
            }
        }
        names
    }

    pub fn any_place(&self) -> bool {
        self.any_place
    }

    /// The entity named `name`, if exactly one has that name.
    pub fn lookup(&self, name: &str) -> Option<&EntityId> {
        match self.by_name.get(&name_key(name))?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }

    /// The entity named `name` as a text writes it: its last word may
    /// carry up to two more letters, for case endings and particles
    /// ("Путина", "김정은은", "Putin's").
    pub fn lookup_inflected(&self, name: &str) -> Option<&EntityId> {
        let key = name_key(name);
        let last = key.rsplit(' ').next().map_or(0, |w| w.chars().count());
        self.with_ending(&key, last)
    }

    /// The one entity named `key`, or `key` less an ending of one or two
    /// letters on a last word of `last` letters.
    fn with_ending(&self, key: &str, last: usize) -> Option<&EntityId> {
        let mut k = key;
        for cut in 0..=2 {
            if cut > 0 {
                if last < cut + 2 {
                    return None;
                }
                let (at, _) = k.char_indices().next_back()?;
                k = &k[..at];
            }
            if let Some([only]) = self.by_name.get(k).map(Vec::as_slice) {
                return Some(only);
            }
        }
        None
    }
}

/// How what an editor typed matches a thing's names, best first: the
/// order a picker lists its suggestions in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NameMatch {
    /// The name itself, folded.
    Exact,
    /// The name starts with it.
    NamePrefix,
    /// An alias, folded.
    AliasExact,
    /// An alias starts with it.
    AliasPrefix,
    /// Inside the name or an alias.
    Substring,
}

/// Things to pick by name (entities, propositions, utterances), their
/// names keyed once so ranking a keystroke's query compares keys only.
#[derive(Clone, Debug)]
pub struct NameIndex<T> {
    /// Each thing with its name's key and its aliases' keys.
    items: Vec<(T, String, Vec<String>)>,
}

impl<T> NameIndex<T> {
    /// `items` are things with their names: the first is the name, the
    /// rest aliases (as [`Entity::names`] gives them).
    pub fn new<'a, N>(items: impl IntoIterator<Item = (T, N)>) -> Self
    where
        N: IntoIterator<Item = &'a str>,
    {
        let items = items
            .into_iter()
            .map(|(item, names)| {
                let mut keys = names.into_iter().map(name_key);
                let name = keys.next().unwrap_or_default();
                (item, name, keys.collect())
            })
            .collect();
        NameIndex { items }
    }

    /// The things whose names match `query`, best match first; within one
    /// kind of match, shorter names (closer to what was typed) first, then
    /// in the order given. Names compare by their keys (see [`name_key`]),
    /// so "putin" finds "Путин". Empty for a query with no letters.
    pub fn rank(&self, query: &str) -> Vec<(&T, NameMatch)> {
        let q = name_key(query);
        if q.is_empty() {
            return Vec::new();
        }
        let mut ranked: Vec<(&T, NameMatch, usize)> = self
            .items
            .iter()
            .filter_map(|(item, name, aliases)| {
                let how = name_match(&q, name, aliases)?;
                Some((item, how, name.chars().count()))
            })
            .collect();
        ranked.sort_by_key(|&(_, how, len)| (how, len));
        ranked
            .into_iter()
            .map(|(item, how, _)| (item, how))
            .collect()
    }

    /// True when a thing's name or alias is exactly `query` (folded), so a
    /// picker offers no "new" one by that name.
    pub fn has_exact(&self, query: &str) -> bool {
        let q = name_key(query);
        self.items
            .iter()
            .any(|(_, name, aliases)| *name == q || aliases.contains(&q))
    }
}

/// How the query key `q` matches a name key and alias keys, if at all.
fn name_match(q: &str, name: &str, aliases: &[String]) -> Option<NameMatch> {
    if name == q {
        return Some(NameMatch::Exact);
    }
    if name.starts_with(q) {
        return Some(NameMatch::NamePrefix);
    }
    if aliases.iter().any(|a| a == q) {
        return Some(NameMatch::AliasExact);
    }
    if aliases.iter().any(|a| a.starts_with(q)) {
        return Some(NameMatch::AliasPrefix);
    }
    let inside = name.contains(q) || aliases.iter().any(|a| a.contains(q));
    inside.then_some(NameMatch::Substring)
}

/// The entities whose names match `query`, best first (see
/// [`NameIndex::rank`]).
pub fn rank_entities<'a>(entities: &'a BTreeMap<EntityId, Entity>, query: &str) -> Vec<&'a Entity> {
    NameIndex::new(entities.values().map(|e| (e, e.names())))
        .rank(query)
        .into_iter()
        .map(|(e, _)| *e)
        .collect()
}

/// Set-wide checks: entities that look like one, and utterances whose
/// speaker does not exist.
pub(crate) fn check(env: &Env) -> Vec<Finding> {
    let mut out = Vec::new();
    let entities = env.set.entities();
    for u in env.set.utterances().values() {
        if let Some(speaker) = &u.speaker
            && !entities.contains_key(speaker)
        {
            out.push(Finding::new(
                DANGLING_REFERENCE,
                format!(
                    "utterance {} names speaker {speaker}, which is not in the entity list",
                    u.id
                ),
                Vec::new(),
                None,
            ));
        }
    }
    // Why two entities look like one, and whether merging is certainly right.
    let mut pairs: BTreeMap<(&EntityId, &EntityId), (String, bool)> = BTreeMap::new();
    for (key, ids) in &env.names.by_name {
        for (n, a) in ids.iter().enumerate() {
            for b in &ids[n + 1..] {
                let (Some(ea), Some(eb)) = (entities.get(a), entities.get(b)) else {
                    continue;
                };
                // The same name (in any script) and kind is one entity
                // entered twice; a shared alias only makes lookups ambiguous.
                let same = name_key(&ea.name) == name_key(&eb.name) && ea.kind == eb.kind;
                let why = if same {
                    "have the same name".to_owned()
                } else {
                    let shared = ea
                        .names()
                        .find(|n| name_key(n) == *key)
                        .unwrap_or(key.as_str());
                    format!(
                        "both go by \u{201C}{shared}\u{201D}; if they are different, \
                         remove that alias from one (names in claims cannot tell them apart), \
                         if the same, merge them"
                    )
                };
                pairs.entry(ordered(a, b)).or_insert((why, same));
            }
        }
    }
    // One person under two entities: every word of one's full name is in
    // the other's ("Kim Jong Un", "Chairman Kim Jong Un"). Names only, not
    // aliases: a surname alias says nothing about who else bears it.
    let people: Vec<(&EntityId, Vec<String>)> = entities
        .values()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| (&e.id, name_key(&e.name)))
        .map(|(id, key)| (id, key.split(' ').map(str::to_owned).collect()))
        .collect();
    let mut by_word: HashMap<&str, Vec<usize>> = HashMap::new();
    for (n, (_, words)) in people.iter().enumerate() {
        for w in words {
            by_word.entry(w.as_str()).or_default().push(n);
        }
    }
    for (id, words) in &people {
        let Some(last) = words.last() else { continue };
        if words.len() < 2 {
            continue;
        }
        for m in by_word.get(last.as_str()).into_iter().flatten() {
            let (other, longer) = &people[*m];
            if other == id || longer.len() <= words.len() {
                continue;
            }
            if words.iter().all(|w| longer.contains(w)) {
                pairs
                    .entry(ordered(id, other))
                    .or_insert(("may be the same person; if so, merge them".into(), false));
            }
        }
    }
    for ((a, b), (why, certain)) in pairs {
        let name = |id: &EntityId| env.entity_name(id);
        let fix = certain
            .then(|| merge_entities(env.set, b, a).ok())
            .flatten()
            .map(|edit| Fix {
                label: format!("merge {b} ({}) into {a} ({})", name(b), name(a)),
                edit,
            });
        out.push(Finding::new(
            DUPLICATE_ENTITY,
            format!("entities {a} ({}) and {b} ({}) {why}", name(a), name(b)),
            first_references(env, &[a, b]),
            fix,
        ));
    }
    out
}

/// A pair in a fixed order, so each pair is reported once.
fn ordered<'a>(a: &'a EntityId, b: &'a EntityId) -> (&'a EntityId, &'a EntityId) {
    if a < b { (a, b) } else { (b, a) }
}

/// Where each entity is first referred to, for a finding to point at.
fn first_references(env: &Env, ids: &[&EntityId]) -> Vec<Location> {
    let mut out = Vec::new();
    for id in ids {
        let first = env
            .set
            .annotations()
            .find(|a| a.entity_refs().iter().any(|(_, e)| e == id));
        if let Some(a) = first {
            out.push(Location::annotation(&a.article, a));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entity(id: &str, name: &str, kind: EntityKind, aliases: &[&str]) -> (EntityId, Entity) {
        let e = Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind,
            aliases: aliases.iter().map(|a| (*a).into()).collect(),
        };
        (e.id.clone(), e)
    }

    fn ranked<'a>(entities: &'a BTreeMap<EntityId, Entity>, query: &str) -> Vec<&'a str> {
        rank_entities(entities, query)
            .into_iter()
            .map(|e| e.id.as_str())
            .collect()
    }

    #[test]
    fn a_name_ranks_above_an_alias_that_starts_with_it() {
        let entities = BTreeMap::from([
            // Listed first, so only the ranking can put it second.
            entity(
                "army",
                "Korean People's Army",
                EntityKind::Organization,
                &["North Korean army"],
            ),
            entity("nk", "North Korea", EntityKind::Country, &["DPRK"]),
        ]);
        assert_eq!(ranked(&entities, "north korea"), ["nk", "army"]);
        assert_eq!(ranked(&entities, "NORTH KOREA"), ["nk", "army"]);
    }

    #[test]
    fn ranking_is_exact_then_prefix_then_alias_then_substring() {
        let entities = BTreeMap::from([
            entity("a", "Sudan Tribune", EntityKind::Outlet, &[]),
            entity("b", "South Sudan", EntityKind::Country, &[]),
            entity(
                "c",
                "Republic of the Sudan",
                EntityKind::Country,
                &["Sudan"],
            ),
            entity("d", "Sudan", EntityKind::Country, &[]),
            entity(
                "e",
                "Khartoum government",
                EntityKind::Organization,
                &["Sudanese government"],
            ),
        ]);
        let index = NameIndex::new(entities.values().map(|e| (e.id.as_str(), e.names())));
        let got: Vec<(&str, NameMatch)> = index
            .rank("sudan")
            .into_iter()
            .map(|(id, how)| (*id, how))
            .collect();
        assert_eq!(
            got,
            [
                ("d", NameMatch::Exact),
                ("a", NameMatch::NamePrefix),
                ("c", NameMatch::AliasExact),
                ("e", NameMatch::AliasPrefix),
                ("b", NameMatch::Substring),
            ]
        );
        assert!(index.has_exact("SUDAN"));
        assert!(index.has_exact("sudan"));
        assert!(!index.has_exact("suda"));
        assert!(index.rank("  ").is_empty(), "nothing typed, nothing ranked");
        assert!(index.rank("lagos").is_empty());
    }

    #[test]
    fn shorter_names_come_first_within_a_rank() {
        let entities = BTreeMap::from([
            entity("a", "Kim Yo Jong", EntityKind::Person, &[]),
            entity("b", "Kim Jong Un", EntityKind::Person, &[]),
            entity("c", "Kim", EntityKind::Person, &[]),
            entity("d", "Kimberly Process", EntityKind::Organization, &[]),
        ]);
        assert_eq!(ranked(&entities, "kim"), ["c", "a", "b", "d"]);
        assert_eq!(ranked(&entities, "kim j"), ["b"]);
    }

    #[test]
    fn names_in_other_scripts_are_found_by_their_latin_spelling() {
        let entities = BTreeMap::from([
            entity("p", "Путин", EntityKind::Person, &[]),
            entity("m", "Müller", EntityKind::Person, &[]),
            entity("k", "김정은", EntityKind::Person, &["Kim Jong Un"]),
            entity("t", "the Kremlin", EntityKind::Organization, &[]),
        ]);
        assert_eq!(ranked(&entities, "putin"), ["p"]);
        assert_eq!(ranked(&entities, "пут"), ["p"], "and by their own");
        assert_eq!(ranked(&entities, "muller"), ["m"]);
        assert_eq!(ranked(&entities, "김정"), ["k"]);
        assert_eq!(ranked(&entities, "kim jong"), ["k"]);
        assert_eq!(
            ranked(&entities, "kremlin"),
            ["t"],
            "a leading 'the' is not part of the name"
        );
    }

    #[test]
    fn names_are_looked_up_in_any_script_and_inflection() {
        let entities = BTreeMap::from([
            entity("c1", "the Republic of Kesh", EntityKind::Country, &[]),
            entity("p1", "Kim Jong Un", EntityKind::Person, &["Kim"]),
        ]);
        let names = EntityNames::new(&entities);
        assert_eq!(names.lookup("KIM"), Some(&EntityId::new("p1")));
        assert_eq!(
            names.lookup("The Republic of Kesh"),
            Some(&EntityId::new("c1"))
        );
        // Scripts without capitals, case endings, particles, possessives.
        let entities = BTreeMap::from([
            entity(
                "p1",
                "Vladimir Putin",
                EntityKind::Person,
                &["Putin", "푸틴"],
            ),
            entity("v", "Vostochny", EntityKind::Place, &["ボストーチヌイ"]),
        ]);
        let names = EntityNames::new(&entities);
        let putin = Some(&EntityId::new("p1"));
        assert_eq!(names.lookup_inflected("푸틴은"), putin, "with a particle");
        assert_eq!(
            names.lookup_inflected("Путина"),
            putin,
            "transliterated, genitive"
        );
        assert_eq!(names.lookup_inflected("Putin's"), putin);
        assert_eq!(names.lookup_inflected("Vladimir Putins"), putin);
        assert_eq!(
            names.lookup_inflected("ボストーチヌイ"),
            Some(&EntityId::new("v"))
        );
        assert_eq!(
            names.lookup_inflected("Putinization"),
            None,
            "too long an ending"
        );
    }
}
