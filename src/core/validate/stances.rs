//! Stance contradiction: one holder for and against one target, within an
//! article or across one outlet's articles.

use super::{Env, Finding, GroupKey, Member, STANCE_CONTRADICTION, count, quoted, spread};
use crate::core::model::{Annotation, ArticleId, EntityId, Kind, Polarity, Stance, Target};

/// Who holds a stance: an entity, or an outlet the entity list does not
/// name (a stance without a holder is its article's outlet's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Holder {
    Entity(EntityId),
    Outlet(String),
}

/// The group a stance is checked in, if it has a target and a polarity.
/// `outlet_entity` is the article's outlet as an entity, if one is named so.
pub(crate) fn key(
    outlet_entity: Option<&EntityId>,
    outlet: &str,
    a: &Annotation,
) -> Option<GroupKey> {
    let Kind::Stance(Stance {
        holder,
        target: Some(target),
        polarity: Some(_),
    }) = &a.kind
    else {
        return None;
    };
    let holder = match holder.as_ref().or(outlet_entity) {
        Some(e) => Holder::Entity(e.clone()),
        None => Holder::Outlet(outlet.to_owned()),
    };
    Some(GroupKey::Stance {
        outlet: outlet.to_owned(),
        holder,
        target: target.clone(),
    })
}

pub(crate) fn contradiction(
    env: &Env,
    outlet: &str,
    holder: &Holder,
    target: &Target,
    members: &[Member],
) -> Option<Finding> {
    let with = |p: Polarity| -> Vec<&Member> {
        members
            .iter()
            .filter(|m| matches!(&m.annotation.kind, Kind::Stance(s) if s.polarity == Some(p)))
            .collect()
    };
    let (favor, against) = (with(Polarity::Favor), with(Polarity::Against));
    if favor.is_empty() || against.is_empty() {
        return None;
    }
    let holder_name = match holder {
        Holder::Entity(e) => env.entity_name(e),
        Holder::Outlet(o) => o.clone(),
    };
    let target_name = match target {
        Target::Entity(e) => env.entity_name(e),
        Target::Proposition(p) => match env.set.propositions().get(p) {
            Some(prop) => format!("proposition {p} {}", quoted(&prop.statement)),
            None => format!("proposition {p}"),
        },
    };
    let mut articles: Vec<&ArticleId> = favor.iter().chain(&against).map(|m| m.article).collect();
    articles.sort();
    articles.dedup();
    let place = match articles.as_slice() {
        [one] => format!("in article {one}"),
        many => format!("across {} articles of {outlet}", many.len()),
    };
    Some(Finding::new(
        STANCE_CONTRADICTION,
        format!(
            "{holder_name} is both for and against {target_name} {place} ({} for, {} against)",
            count(favor.len(), "stance"),
            count(against.len(), "stance"),
        ),
        spread(&[favor, against]),
        None,
    ))
}
