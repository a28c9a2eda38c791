//! Changing an annotation's kind in place.

use crate::core::model::{Claim, Kind, KindName, Quote, Stance, Target};

/// `kind`'s attributes as kind `to`, for changing an annotation's kind
/// while keeping its span, note and tags. Who stands behind the words
/// carries over: a claim's attribution, a quote's speaker and a stance's
/// holder are one role. A claim's one proposition becomes a stance's
/// target and back (a stance has one target, so a claim of several gives
/// none). Everything else the new kind has no field for is dropped: a
/// quote's mode, cue, utterance, relaying outlet and language, a claim's
/// check-worthiness and modality, a stance's entity target and polarity.
pub(super) fn converted(kind: &Kind, to: KindName) -> Kind {
    if kind.name() == to {
        return kind.clone();
    }
    let who = match kind {
        Kind::Claim(c) => c.attributed_to.clone(),
        Kind::Quote(q) => q.speaker.clone(),
        Kind::Stance(s) => s.holder.clone(),
    };
    let proposition = match kind {
        Kind::Claim(Claim { propositions, .. }) => match propositions.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        },
        Kind::Stance(Stance {
            target: Some(Target::Proposition(p)),
            ..
        }) => Some(p.clone()),
        _ => None,
    };
    match to {
        KindName::Claim => Kind::Claim(Claim {
            attributed_to: who,
            propositions: proposition.into_iter().collect(),
            ..Claim::default()
        }),
        KindName::Quote => Kind::Quote(Quote {
            speaker: who,
            ..Quote::default()
        }),
        KindName::Stance => Kind::Stance(Stance {
            holder: who,
            target: proposition.map(Target::Proposition),
            polarity: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::{
        CheckWorthiness, EntityId, Modality, Polarity, PropositionId, QuoteMode,
    };

    #[test]
    fn the_speaker_becomes_the_claims_attribution_and_the_stances_holder() {
        let kim = Some(EntityId::new("kim"));
        let quote = Kind::Quote(Quote {
            speaker: kim.clone(),
            mode: QuoteMode::Indirect,
            via: Some(EntityId::new("kcna")),
            language: "ko".into(),
            ..Quote::default()
        });
        assert_eq!(
            converted(&quote, KindName::Claim),
            Kind::Claim(Claim {
                attributed_to: kim.clone(),
                ..Claim::default()
            })
        );
        assert_eq!(
            converted(&quote, KindName::Stance),
            Kind::Stance(Stance {
                holder: kim.clone(),
                ..Stance::default()
            })
        );
        assert_eq!(converted(&quote, KindName::Quote), quote, "unchanged");
    }

    #[test]
    fn one_proposition_carries_between_claim_and_stance() {
        let p = PropositionId::new("prop1");
        let claim = Kind::Claim(Claim {
            propositions: [p.clone()].into(),
            worthiness: CheckWorthiness::NonFactual,
            modality: Modality::Planned,
            attributed_to: None,
        });
        let stance = converted(&claim, KindName::Stance);
        assert_eq!(
            stance,
            Kind::Stance(Stance {
                holder: None,
                target: Some(Target::Proposition(p.clone())),
                polarity: None,
            })
        );
        let Kind::Claim(back) = converted(&stance, KindName::Claim) else {
            panic!("not a claim");
        };
        assert_eq!(back.propositions.as_slice(), std::slice::from_ref(&p));
        assert_eq!(back.modality, Modality::default(), "dropped on the way");

        let two = Kind::Claim(Claim {
            propositions: smallvec::smallvec![p, PropositionId::new("prop2")],
            ..Claim::default()
        });
        let Kind::Stance(s) = converted(&two, KindName::Stance) else {
            panic!("not a stance");
        };
        assert_eq!(s.target, None, "a stance has one target");
        let on_entity = Kind::Stance(Stance {
            holder: None,
            target: Some(Target::Entity(EntityId::new("kim"))),
            polarity: Some(Polarity::Against),
        });
        assert_eq!(
            converted(&on_entity, KindName::Claim),
            Kind::Claim(Claim::default())
        );
    }
}
