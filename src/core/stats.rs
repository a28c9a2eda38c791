//! Counts for `concord stats`.

use crate::core::article::Corpus;
use crate::core::model::{AnnotationSet, KindName};
use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub articles: usize,
    pub annotations: KindCounts,
    pub entities: usize,
    pub propositions: usize,
    pub utterances: usize,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct KindCounts {
    pub claim: usize,
    pub quote: usize,
    pub stance: usize,
}

impl KindCounts {
    pub fn add(&mut self, kind: KindName) {
        match kind {
            KindName::Claim => self.claim += 1,
            KindName::Quote => self.quote += 1,
            KindName::Stance => self.stance += 1,
        }
    }

    pub fn get(&self, kind: KindName) -> usize {
        match kind {
            KindName::Claim => self.claim,
            KindName::Quote => self.quote,
            KindName::Stance => self.stance,
        }
    }

    pub fn total(&self) -> usize {
        self.claim + self.quote + self.stance
    }
}

pub fn stats(corpus: &Corpus, set: &AnnotationSet) -> Stats {
    let mut annotations = KindCounts::default();
    for a in set.annotations() {
        annotations.add(a.kind.name());
    }
    Stats {
        articles: corpus.len(),
        annotations,
        entities: set.entities().len(),
        propositions: set.propositions().len(),
        utterances: set.utterances().len(),
    }
}
