//! Entities: finding them by name in text, and entities that look like one.

use super::matching::normalise;
use super::{DANGLING_REFERENCE, DUPLICATE_ENTITY, Env, Finding, Fix, Location};
use crate::core::edit::merge_entities;
use crate::core::model::{Entity, EntityId, EntityKind};
use std::collections::{BTreeMap, HashMap};

/// A name as entities are compared: normalised, without a leading "the".
pub(crate) fn name_key(name: &str) -> String {
    let n = normalise(name);
    match n.strip_prefix("the ") {
        Some(rest) => rest.to_owned(),
        None => n,
    }
}

/// Every entity name and alias, for looking entities up by name.
#[derive(Debug, Default)]
pub(crate) struct EntityNames {
    by_name: HashMap<String, Vec<EntityId>>,
}

impl EntityNames {
    pub fn new(entities: &BTreeMap<EntityId, Entity>) -> Self {
        let mut names = EntityNames::default();
        for e in entities.values() {
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

    /// The entity named `name`, if exactly one has that name.
    pub fn lookup(&self, name: &str) -> Option<&EntityId> {
        match self.by_name.get(&name_key(name))?.as_slice() {
            [only] => Some(only),
            _ => None,
        }
    }
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
    let mut pairs: BTreeMap<(&EntityId, &EntityId), String> = BTreeMap::new();
    for ids in env.names.by_name.values() {
        for (n, a) in ids.iter().enumerate() {
            for b in &ids[n + 1..] {
                let (a, b) = if a < b { (a, b) } else { (b, a) };
                pairs.entry((a, b)).or_insert_with(|| "share a name".into());
            }
        }
    }
    // One person under two entities: every word of one's name is in the
    // other's, and the shorter is a full name or the other's last word.
    let people: Vec<(&EntityId, Vec<String>)> = entities
        .values()
        .filter(|e| e.kind == EntityKind::Person)
        .flat_map(|e| e.names().map(move |n| (&e.id, name_key(n))))
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
        for m in by_word.get(last.as_str()).into_iter().flatten() {
            let (other, longer) = &people[*m];
            if other == id || longer.len() <= words.len() {
                continue;
            }
            let contained = words.iter().all(|w| longer.contains(w));
            if contained && (words.len() >= 2 || longer.last() == Some(last)) {
                let (a, b) = if id < other {
                    (*id, *other)
                } else {
                    (*other, *id)
                };
                pairs
                    .entry((a, b))
                    .or_insert_with(|| "may be the same person".into());
            }
        }
    }
    for ((a, b), why) in pairs {
        let name = |id: &EntityId| env.entity_name(id);
        let fix = merge_entities(env.set, b, a).ok().map(|edit| Fix {
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

    #[test]
    fn names_are_looked_up_without_case_or_article() {
        let entities = BTreeMap::from([
            entity("c1", "the Republic of Kesh", EntityKind::Country, &[]),
            entity("p1", "Kim Jong Un", EntityKind::Person, &["Kim"]),
        ]);
        let names = EntityNames::new(&entities);
        assert_eq!(
            names.lookup("The Republic of Kesh"),
            Some(&EntityId::new("c1"))
        );
        assert_eq!(names.lookup("KIM"), Some(&EntityId::new("p1")));
        assert_eq!(names.lookup("Kesh"), None);
    }
}
