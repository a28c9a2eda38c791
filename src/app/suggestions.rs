//! Suggestions in the window: computed on a thread of their own from a
//! snapshot of the set, for the articles on screen, and checked against
//! the live set whenever they are shown, so one that landed after the
//! editor changed the set never shows what is already there or was
//! rejected meanwhile. Accepting one goes through [`Suggestion::edit`]
//! on the live set, which refuses what no longer fits.

use crate::app::article_view::Proposed;
use crate::core::article::Corpus;
use crate::core::model::{AnnotationSet, ArticleId, ChangeMark};
use crate::core::suggest::{self, Proposal, Rejection, Suggestion};
use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// A corpus this small is gone through within the frame (a few
/// milliseconds), so its suggestions never arrive a moment after the text.
const INLINE_ARTICLES: usize = 16;
const INLINE_CHARS: usize = 60_000;
/// A larger one waits until the editor pauses this long (seconds): a job
/// per keystroke would only compete with the window for the cores.
const SETTLE: f64 = 0.6;

#[derive(Default)]
pub struct SuggestionsState {
    /// Off: nothing is computed or drawn.
    pub hidden: bool,
    /// Per article, what the last job found, and the revision it saw.
    computed: HashMap<ArticleId, (u64, Vec<Suggestion>)>,
    /// Each computed suggestion's tooltip, made once when it lands.
    labels: HashMap<ArticleId, Vec<Arc<str>>>,
    job: Option<Job>,
    focused: Option<(ArticleId, Rejection)>,
    /// The newest revision seen, and when it was first seen.
    seen: Option<(u64, f64)>,
    /// What the view was last given per article, and for which state.
    drawn: HashMap<ArticleId, (DrawKey, Arc<[Proposed]>)>,
}

struct Job {
    revision: u64,
    rx: Receiver<Vec<(ArticleId, Vec<Suggestion>)>>,
}

#[derive(Clone, PartialEq)]
struct DrawKey {
    revision: u64,
    /// Where the set's changes stood: a revision that changed only other
    /// articles (the compare view's other columns) keeps what was drawn.
    changes: ChangeMark,
    computed: u64,
    focused: Option<Rejection>,
}

impl SuggestionsState {
    /// Takes a finished job and starts one for `articles` when what is
    /// known of them is older than `revision`. Returns when to look again.
    pub fn tick(
        &mut self,
        set: &AnnotationSet,
        corpus: &Arc<Corpus>,
        revision: u64,
        articles: &[ArticleId],
        now: f64,
        ctx: &egui::Context,
    ) -> Option<f64> {
        if self.hidden {
            return None;
        }
        if let Some(job) = &self.job {
            match job.rx.try_recv() {
                Ok(found) => {
                    let at = job.revision;
                    self.job = None;
                    self.land(set, at, found);
                }
                // The job wakes the window when it is done.
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => self.job = None,
            }
        }
        // Only the articles on screen are kept: browsing a large corpus
        // would otherwise hold the suggestions of every article seen.
        self.computed.retain(|a, _| articles.contains(a));
        self.labels.retain(|a, _| articles.contains(a));
        self.drawn.retain(|a, _| articles.contains(a));
        let stale: Vec<ArticleId> = articles
            .iter()
            .filter(|a| self.computed.get(*a).is_none_or(|(r, _)| *r != revision))
            .cloned()
            .collect();
        if stale.is_empty() {
            return None;
        }
        let small = corpus.len() <= INLINE_ARTICLES
            && corpus.articles().map(|a| a.text.len_chars()).sum::<usize>() <= INLINE_CHARS;
        if small {
            let found = find(set, corpus, stale);
            self.land(set, revision, found);
            return None;
        }
        let since = match self.seen {
            Some((r, t)) if r == revision => t,
            _ => {
                self.seen = Some((revision, now));
                now
            }
        };
        if now - since < SETTLE {
            return Some(SETTLE - (now - since));
        }
        // Only what suggestions read: the registries and the articles on
        // screen. A snapshot of a whole corpus would rebuild the id index
        // of every annotation on the other core at each pause.
        let info = set.info().clone();
        let entities: Vec<_> = set.entities().values().cloned().collect();
        let propositions: Vec<_> = set.propositions().values().cloned().collect();
        let utterances: Vec<_> = set.utterances().values().cloned().collect();
        let articles: std::collections::BTreeMap<_, _> = (stale.iter())
            .filter_map(|a| Some((a.clone(), set.article(a)?.clone())))
            .collect();
        let corpus = corpus.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let set = AnnotationSet::from_parts(info, entities, propositions, utterances, articles);
            // The window may have closed meanwhile; nothing waits then.
            if tx.send(find(&set, &corpus, stale)).is_ok() {
                ctx.request_repaint();
            }
        });
        self.job = Some(Job { revision, rx });
        None
    }

    /// True while a job works on another thread (the window asks for no
    /// frames meanwhile: the job wakes it).
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    fn land(&mut self, set: &AnnotationSet, at: u64, found: Vec<(ArticleId, Vec<Suggestion>)>) {
        for (article, list) in found {
            let labels = list.iter().map(|s| label(set, s).into()).collect();
            self.labels.insert(article.clone(), labels);
            self.computed.insert(article, (at, list));
        }
    }

    /// The suggestions of `article` that still fit the live set.
    pub fn live<'a>(
        &'a self,
        set: &'a AnnotationSet,
        article: &ArticleId,
    ) -> impl Iterator<Item = &'a Suggestion> + 'a {
        self.live_indexed(set, article).map(|(_, s)| s)
    }

    /// [`Self::live`] with each suggestion's place in the computed list.
    fn live_indexed<'a>(
        &'a self,
        set: &'a AnnotationSet,
        article: &ArticleId,
    ) -> impl Iterator<Item = (usize, &'a Suggestion)> + 'a {
        let list = match (self.hidden, self.computed.get(article)) {
            (false, Some((_, list))) => list.as_slice(),
            _ => &[],
        };
        let rejected = set
            .article(article)
            .map(|a| a.record.rejected.as_slice())
            .unwrap_or_default();
        let annotations = set.annotations_of(article);
        list.iter()
            .enumerate()
            .filter(move |(_, s)| !rejected.contains(&s.key()) && fits(set, annotations, s))
    }

    /// What the view outlines for `article`, rebuilt only when the set,
    /// the suggestions or the focus changed.
    pub fn proposed(
        &mut self,
        set: &AnnotationSet,
        revision: u64,
        article: &ArticleId,
    ) -> Arc<[Proposed]> {
        let key = DrawKey {
            revision,
            changes: set.change_mark(),
            computed: self.computed.get(article).map_or(u64::MAX, |(r, _)| *r),
            focused: self.focused_in(article).cloned(),
        };
        if let Some((k, drawn)) = self.drawn.get_mut(article)
            && k.computed == key.computed
            && k.focused == key.focused
            && (k.revision == revision
                || set
                    .articles_changed_since(k.changes)
                    .is_some_and(|changed| !changed.contains(&article)))
        {
            *k = key;
            return drawn.clone();
        }
        let labels = self
            .labels
            .get(article)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut list: Vec<Proposed> = self
            .live_indexed(set, article)
            .map(|(i, s)| Proposed {
                key: s.key(),
                range: s.span.clone(),
                kind: s.annotation_kind(),
                focused: key.focused.as_ref() == Some(&s.key()),
                link: matches!(
                    s.proposal,
                    Proposal::Link {
                        existing: Some(_),
                        ..
                    }
                ),
                label: labels.get(i).cloned().unwrap_or_else(|| "".into()),
            })
            .collect();
        list.sort_by_key(|p| (p.range.start, p.range.end));
        let list: Arc<[Proposed]> = list.into();
        self.drawn.insert(article.clone(), (key, list.clone()));
        list
    }

    pub fn focus(&mut self, article: ArticleId, key: Rejection) {
        self.focused = Some((article, key));
    }

    pub fn unfocus(&mut self) -> bool {
        self.focused.take().is_some()
    }

    fn focused_in(&self, article: &ArticleId) -> Option<&Rejection> {
        self.focused
            .as_ref()
            .filter(|(a, _)| a == article)
            .map(|(_, k)| k)
    }

    /// The focused suggestion, if it still fits the live set.
    pub fn focused<'a>(&'a self, set: &'a AnnotationSet) -> Option<&'a Suggestion> {
        let (article, key) = self.focused.as_ref()?;
        self.live(set, article).find(|s| &s.key() == key)
    }

    /// The live suggestions of `article` overlapping `chars`.
    pub fn in_range<'a>(
        &'a self,
        set: &'a AnnotationSet,
        article: &ArticleId,
        chars: Range<usize>,
    ) -> Vec<Suggestion> {
        self.live(set, article)
            .filter(|s| s.span.start < chars.end && chars.start < s.span.end)
            .cloned()
            .collect()
    }

    /// Every live suggestion of `article` (tests, the status line).
    pub fn count(&self, set: &AnnotationSet, article: &ArticleId) -> usize {
        self.live(set, article).count()
    }
}

/// What a suggestion proposes, in a line for its tooltip.
fn label(set: &AnnotationSet, s: &Suggestion) -> String {
    let what = match &s.proposal {
        Proposal::Quote { speaker, .. } => match speaker {
            Some(suggest::Speaker::Known(e)) => {
                let name = set
                    .entities()
                    .get(e)
                    .map_or(e.as_str(), |e| e.name.as_str());
                format!("Suggested quote by {name}")
            }
            Some(suggest::Speaker::New(name)) => format!("Suggested quote by {name} (new)"),
            None => "Suggested quote, speaker unknown".to_owned(),
        },
        Proposal::Claim { .. } => "Suggested claim".to_owned(),
        Proposal::Link {
            group, linked_to, ..
        } => {
            let other = set
                .annotation(linked_to)
                .map(|a| format!("{} ({})", a.id, a.article))
                .unwrap_or_else(|| linked_to.to_string());
            let what = match group {
                suggest::Group::Proposition(_) => "proposition",
                suggest::Group::Utterance(_) => "utterance",
            };
            format!("Suggested: the same {what} as {other}")
        }
    };
    format!("{what}. Click, then Enter accepts, Backspace rejects")
}

/// The suggestions of `articles`, links only among them: the window shows
/// links between the columns on screen, and looking through every other
/// article of a large corpus would keep a core busy for each pause in the
/// editing (`concord suggest` links across the whole corpus).
fn find(
    set: &AnnotationSet,
    corpus: &Corpus,
    articles: Vec<ArticleId>,
) -> Vec<(ArticleId, Vec<Suggestion>)> {
    let shown = Corpus::from_articles(
        corpus.dir.clone(),
        articles.iter().filter_map(|a| corpus.get(a)).cloned(),
    );
    let mut by_article: HashMap<ArticleId, Vec<Suggestion>> =
        articles.into_iter().map(|a| (a, Vec::new())).collect();
    for s in suggest::suggest(set, &shown, &suggest::Options::default()) {
        if let Some(list) = by_article.get_mut(&s.article) {
            list.push(s);
        }
    }
    by_article.into_iter().collect()
}

/// Whether a suggestion computed on an older set still proposes something
/// new on the live one.
fn fits(
    set: &AnnotationSet,
    annotations: &[crate::core::model::Annotation],
    s: &Suggestion,
) -> bool {
    match &s.proposal {
        Proposal::Link {
            linked_to,
            existing,
            ..
        } => {
            set.annotation(linked_to).is_some()
                && existing
                    .as_ref()
                    .is_none_or(|e| set.annotation(e).is_some())
        }
        Proposal::Quote { .. } | Proposal::Claim { .. } => {
            // What was tagged since the suggestion was made starts where
            // it does (an accepted suggestion, or the same words tagged by
            // hand); the next job drops the rest. Annotations are in text
            // order, so those are found by halving.
            let kind = s.annotation_kind();
            let from = annotations.partition_point(|a| a.span.start < s.span.start);
            !annotations[from..]
                .iter()
                .take_while(|a| a.span.start == s.span.start)
                .any(|a| a.kind.name() == kind && a.span.end >= s.span.end)
        }
    }
}
