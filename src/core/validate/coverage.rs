//! Coverage: propositions only one outlet carries, articles nobody
//! annotated.

use super::{Env, Finding, Location, Member, SINGLE_SOURCE, UNANNOTATED_ARTICLE, count, spread};
use crate::core::model::{ArticleId, Kind, PropositionId};

/// X108: the claims of proposition `p` all come from one source: one
/// outlet, or one agency's copy however many outlets reprint it.
pub(crate) fn single_source(env: &Env, p: &PropositionId, members: &[Member]) -> Option<Finding> {
    let claims: Vec<&Member> = members
        .iter()
        .filter(|m| matches!(m.annotation.kind, Kind::Claim(_)))
        .collect();
    let source = claims.first()?.source;
    if claims.iter().any(|m| m.source != source) {
        return None;
    }
    let outlet = if claims.iter().all(|m| m.outlet == source) {
        source.to_owned()
    } else {
        format!("{source} ({})", super::quotes::outlets(&claims))
    };
    let statement = env.statement(p);
    Some(Finding::new(
        SINGLE_SOURCE,
        format!(
            "proposition {p}{statement} is carried only by {outlet} ({})",
            count(claims.len(), "claim")
        ),
        spread(&[claims]),
        None,
    ))
}

/// X109: an article in the folder with no annotations.
pub(crate) fn unannotated(article: &ArticleId) -> Finding {
    Finding::new(
        UNANNOTATED_ARTICLE,
        format!("article {article} has no annotations"),
        vec![Location::article(article)],
        None,
    )
}
