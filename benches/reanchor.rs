//! Re-anchoring speed: 20,000 anchors (spans and quote cues) of generated
//! articles after generated edits covering 5 % of each article's chars.
//! Target: a whole plan in at most 200 ms.

#[path = "../tests/common/edits.rs"]
#[allow(
    dead_code,
    reason = "the benchmark needs the edits, not their ground truth"
)]
mod edits;

use concord::core::article::{Article, Corpus};
use concord::core::generate::{Rng, Spec, generate};
use concord::core::model::Kind;
use concord::core::reanchor::plan;
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const ANCHORS: usize = 20_000;

fn bench(c: &mut Criterion) {
    let (corpus, set) = generate(&Spec {
        articles: 420,
        annotations_per_article: 40,
        seed: 3,
    });
    // Take whole articles until there are 20,000 anchors.
    let mut anchors = 0;
    let mut rng = Rng(17);
    let mut kept = Vec::new();
    for a in corpus.articles() {
        if anchors >= ANCHORS {
            break;
        }
        anchors += set
            .annotations_of(&a.id)
            .iter()
            .map(|x| 1 + usize::from(matches!(&x.kind, Kind::Quote(q) if q.cue.is_some())))
            .sum::<usize>();
        let changes = edits::random_edits(a.text.as_str(), &mut rng, 5);
        let text = edits::apply_edits(a.text.as_str(), &changes);
        kept.push(Article::from_text(a.id.clone(), a.path.clone(), text));
    }
    assert!(anchors >= ANCHORS, "only {anchors} anchors");
    let edited = Corpus::from_articles(corpus.dir.clone(), kept);
    let mut group = c.benchmark_group("reanchor");
    group.sample_size(20);
    group.bench_function(format!("plan {anchors} anchors"), |b| {
        b.iter(|| black_box(plan(&set, &edited)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
