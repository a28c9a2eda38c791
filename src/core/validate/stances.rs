//! Stance contradiction: one holder for and against one target, within an
//! article or across one outlet's articles.

use super::{Env, Finding, Member, STANCE_CONTRADICTION, count, quoted, spread};
use crate::core::model::{ArticleId, EntityId, Kind, Polarity, Stance, Target};

/// Who holds a stance: an entity, or an outlet the entity list does not
/// name (a stance without a holder is its article's outlet's).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Holder {
    Entity(EntityId),
    Outlet(String),
}

/// [`Holder`] borrowed from a stance.
#[derive(Clone, Copy, Debug, Hash)]
pub(crate) enum HolderRef<'a> {
    Entity(&'a EntityId),
    Outlet(&'a str),
}

impl HolderRef<'_> {
    pub fn to_owned(self) -> Holder {
        match self {
            HolderRef::Entity(e) => Holder::Entity(e.clone()),
            HolderRef::Outlet(o) => Holder::Outlet(o.to_owned()),
        }
    }
}

/// Who holds stance `s`: its holder, else the article's outlet as an
/// entity (`outlet_entity`), else the outlet by name.
pub(crate) fn holder<'a>(
    s: &'a Stance,
    outlet_entity: Option<&'a EntityId>,
    outlet: &'a str,
) -> HolderRef<'a> {
    match s.holder.as_ref().or(outlet_entity) {
        Some(e) => HolderRef::Entity(e),
        None => HolderRef::Outlet(outlet),
    }
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
            "{holder_name} is both for and against {target_name} {place} ({} for, {} against); \
             check whether the position changed or a polarity is mis-tagged",
            count(favor.len(), "stance"),
            count(against.len(), "stance"),
        ),
        spread(&[favor, against]),
        None,
    ))
}
