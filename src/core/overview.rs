//! The coverage of one event as tables: which outlet takes which stance,
//! carries which claim or words, and quotes whom. The window draws these,
//! `core::report` renders them as charts and HTML; both read the same data.
//!
//! Columns are outlets, in name order: an article's `meta.outlet`, or
//! `article <id>` when it names none (as the validator calls it), so two
//! articles of one outlet share a column.

use crate::core::article::Corpus;
use crate::core::model::{
    AnnotationId, AnnotationSet, ArticleId, EntityId, Kind, Polarity, PropositionId, Target,
    UtteranceId,
};
use std::collections::{BTreeMap, BTreeSet};

/// The whole picture: every table's columns are [`Overview::outlets`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overview {
    pub outlets: Vec<String>,
    pub stances: StanceMatrix,
    pub coverage: CoverageGrid,
    pub speakers: SpeakerTable,
}

/// Outlets × stance targets. Only stances with a target and a polarity
/// count; the validator reports the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StanceMatrix {
    /// Most stances first, then by target.
    pub targets: Vec<TargetRow>,
    /// `cells[target][outlet]`.
    pub cells: Vec<Vec<StanceCell>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TargetRow {
    pub target: Target,
    /// The entity's name or the proposition's statement; the id when the
    /// set does not know it.
    pub label: String,
}

/// The stances one outlet's articles take on one target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StanceCell {
    pub favor: u32,
    pub against: u32,
    pub neutral: u32,
    /// In article order, then text order.
    pub stances: Vec<AnnotationId>,
}

impl StanceCell {
    pub fn total(&self) -> u32 {
        self.favor + self.against + self.neutral
    }

    /// -1 (all against) ..= 1 (all favor); neutral stances pull towards 0,
    /// and an empty cell is 0.
    pub fn balance(&self) -> f32 {
        match self.total() {
            0 => 0.0,
            n => (self.favor as f32 - self.against as f32) / n as f32,
        }
    }
}

/// Propositions (claims) and utterances (quotes) × outlets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CoverageGrid {
    /// Carried by the most outlets first, then by group id. Only groups at
    /// least one annotation belongs to.
    pub rows: Vec<CoverageRow>,
}

/// What a coverage row groups: one claim or one set of spoken words.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupId {
    Proposition(PropositionId),
    Utterance(UtteranceId),
}

#[derive(Clone, Debug, PartialEq)]
pub struct CoverageRow {
    pub group: GroupId,
    /// The proposition's statement or the utterance's wording, in full; the
    /// id when the set does not know it.
    pub label: String,
    /// Per outlet: the claims or quotes of the group in its articles.
    pub cells: Vec<Vec<AnnotationId>>,
}

impl CoverageRow {
    /// How many outlets carry the group.
    pub fn outlet_count(&self) -> usize {
        self.cells.iter().filter(|c| !c.is_empty()).count()
    }
}

/// Speakers × outlets: how often each outlet quotes each speaker.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpeakerTable {
    /// Most quoted first, then by entity id.
    pub speakers: Vec<SpeakerRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SpeakerRow {
    pub speaker: EntityId,
    /// The entity's name; its id when the set does not know it.
    pub label: String,
    /// Per outlet.
    pub counts: Vec<u32>,
    /// Per outlet: the quotes.
    pub quotes: Vec<Vec<AnnotationId>>,
}

impl SpeakerRow {
    pub fn total(&self) -> u32 {
        self.counts.iter().sum()
    }
}

impl Overview {
    /// The outlets whose articles do not carry `row`'s group, in column order.
    pub fn outlets_missing(&self, row: &CoverageRow) -> Vec<&str> {
        self.outlets
            .iter()
            .zip(&row.cells)
            .filter(|(_, cell)| cell.is_empty())
            .map(|(o, _)| o.as_str())
            .collect()
    }

    /// The coverage row of `group`, if any annotation belongs to it.
    pub fn row(&self, group: &GroupId) -> Option<&CoverageRow> {
        self.coverage.rows.iter().find(|r| &r.group == group)
    }
}

/// [`GroupId`] borrowed while the set is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum GroupRef<'a> {
    Proposition(&'a PropositionId),
    Utterance(&'a UtteranceId),
}

/// The outlet of article `id` as every cross-source view names it: its
/// `meta.outlet` (trimmed), or `article <id>` when that is empty.
pub fn outlet_of(set: &AnnotationSet, id: &ArticleId) -> String {
    set.article(id)
        .map(|a| a.record.meta.outlet.trim())
        .filter(|o| !o.is_empty())
        .map_or_else(|| format!("article {id}"), str::to_owned)
}

/// The overview of `set` over the articles of `corpus` and those the set
/// annotates (an article without a file still has an outlet).
pub fn overview(set: &AnnotationSet, corpus: &Corpus) -> Overview {
    let articles: BTreeSet<&ArticleId> = corpus
        .articles()
        .map(|a| &a.id)
        .chain(set.articles().keys())
        .collect();
    let outlet_by_article: BTreeMap<&ArticleId, String> = articles
        .iter()
        .map(|&id| (id, outlet_of(set, id)))
        .collect();
    let outlets: Vec<String> = outlet_by_article
        .values()
        .cloned()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let column = |article: &ArticleId| {
        outlet_by_article
            .get(article)
            .and_then(|o| outlets.binary_search(o).ok())
    };
    let width = outlets.len();

    let mut stances: BTreeMap<&Target, Vec<StanceCell>> = BTreeMap::new();
    let mut groups: BTreeMap<GroupRef, Vec<Vec<AnnotationId>>> = BTreeMap::new();
    let mut speakers: BTreeMap<&EntityId, Vec<Vec<AnnotationId>>> = BTreeMap::new();
    for a in set.annotations() {
        let Some(col) = column(&a.article) else {
            continue;
        };
        let mut cell_of = |key| {
            let cells = groups.entry(key).or_insert_with(|| vec![Vec::new(); width]);
            cells[col].push(a.id.clone());
        };
        match &a.kind {
            Kind::Claim(c) => c
                .propositions
                .iter()
                .for_each(|p| cell_of(GroupRef::Proposition(p))),
            Kind::Quote(q) => {
                if let Some(u) = &q.utterance {
                    cell_of(GroupRef::Utterance(u));
                }
                if let Some(s) = &q.speaker {
                    let row = speakers.entry(s).or_insert_with(|| vec![Vec::new(); width]);
                    row[col].push(a.id.clone());
                }
            }
            Kind::Stance(s) => {
                let (Some(target), Some(polarity)) = (&s.target, s.polarity) else {
                    continue;
                };
                let row = stances
                    .entry(target)
                    .or_insert_with(|| vec![StanceCell::default(); width]);
                let cell = &mut row[col];
                match polarity {
                    Polarity::Favor => cell.favor += 1,
                    Polarity::Against => cell.against += 1,
                    Polarity::Neutral => cell.neutral += 1,
                }
                cell.stances.push(a.id.clone());
            }
        }
    }

    let entity_label = |e: &EntityId| {
        set.entities()
            .get(e)
            .map_or_else(|| e.to_string(), |x| x.name.clone())
    };
    let proposition_label = |p: &PropositionId| {
        set.propositions()
            .get(p)
            .map_or_else(|| p.to_string(), |x| x.statement.clone())
    };

    let mut stance_rows: Vec<(&Target, Vec<StanceCell>)> = stances.into_iter().collect();
    // Stable: equal totals stay in target order.
    stance_rows.sort_by_key(|(_, cells)| {
        std::cmp::Reverse(cells.iter().map(StanceCell::total).sum::<u32>())
    });
    let (targets, cells) = stance_rows
        .into_iter()
        .map(|(target, cells)| {
            let label = match target {
                Target::Entity(e) => entity_label(e),
                Target::Proposition(p) => proposition_label(p),
            };
            (
                TargetRow {
                    target: target.clone(),
                    label,
                },
                cells,
            )
        })
        .unzip();

    let mut rows: Vec<CoverageRow> = groups
        .into_iter()
        .map(|(group, cells)| match group {
            GroupRef::Proposition(p) => CoverageRow {
                group: GroupId::Proposition(p.clone()),
                label: proposition_label(p),
                cells,
            },
            GroupRef::Utterance(u) => CoverageRow {
                group: GroupId::Utterance(u.clone()),
                label: set
                    .utterances()
                    .get(u)
                    .map_or_else(|| u.to_string(), |x| x.wording.clone()),
                cells,
            },
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.outlet_count()));

    let mut speakers: Vec<SpeakerRow> = speakers
        .into_iter()
        .map(|(speaker, quotes)| SpeakerRow {
            speaker: speaker.clone(),
            label: entity_label(speaker),
            counts: quotes.iter().map(|q| q.len() as u32).collect(),
            quotes,
        })
        .collect();
    speakers.sort_by_key(|s| std::cmp::Reverse(s.total()));

    Overview {
        outlets,
        stances: StanceMatrix { targets, cells },
        coverage: CoverageGrid { rows },
        speakers: SpeakerTable { speakers },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::article::Article;
    use crate::core::edit::{Edit, apply};
    use crate::core::model::{
        Annotation, ArticleMeta, Claim, Entity, EntityKind, Proposition, Quote, SetInfo, Stance,
        Utterance,
    };
    use crate::core::text::Span;
    use jiff::Timestamp;

    fn add(set: &mut AnnotationSet, id: &str, article: &str, kind: Kind) {
        let annotation = Annotation {
            id: AnnotationId::new(id),
            article: ArticleId::new(article),
            span: Span::new(0, 4, "Kim ", "", ""),
            author: Default::default(),
            created: Timestamp::UNIX_EPOCH,
            modified: Timestamp::UNIX_EPOCH,
            note: String::new(),
            tags: Vec::new(),
            kind,
        };
        apply(set, Edit::AddAnnotation(Box::new(annotation))).unwrap();
    }

    fn stance(target: Target, polarity: Polarity) -> Kind {
        Kind::Stance(Stance {
            holder: None,
            target: Some(target),
            polarity: Some(polarity),
        })
    }

    fn quote(speaker: &str, utterance: Option<&str>) -> Kind {
        Kind::Quote(Quote {
            speaker: Some(EntityId::new(speaker)),
            utterance: utterance.map(UtteranceId::new),
            ..Quote::default()
        })
    }

    fn claim(props: &[&str]) -> Kind {
        Kind::Claim(Claim {
            propositions: props.iter().map(|p| PropositionId::new(*p)).collect(),
            ..Claim::default()
        })
    }

    /// Three articles: two from the Harbour Post, one from the Ridge
    /// Courier, and one with no outlet; a corpus that also has an article
    /// nobody annotated.
    fn fixture() -> (AnnotationSet, Corpus) {
        let mut set = AnnotationSet::new(SetInfo::default());
        let outlets = [
            ("a1", "Harbour Post"),
            ("a2", " Harbour Post "),
            ("a3", "Ridge Courier"),
        ];
        for (id, outlet) in outlets {
            let meta = ArticleMeta {
                outlet: outlet.into(),
                ..ArticleMeta::default()
            };
            apply(
                &mut set,
                Edit::SetArticleMeta {
                    article: ArticleId::new(id),
                    meta,
                },
            )
            .unwrap();
        }
        let edits = vec![
            Edit::PutEntity(Entity {
                id: EntityId::new("kim"),
                name: "Mayor Ana Kim".into(),
                kind: EntityKind::Person,
                aliases: vec![],
            }),
            Edit::PutEntity(Entity {
                id: EntityId::new("port"),
                name: "Port Authority".into(),
                kind: EntityKind::Organization,
                aliases: vec![],
            }),
            Edit::PutProposition(Proposition {
                id: PropositionId::new("p-toll"),
                statement: "The bridge toll rises to 4 euros in May".into(),
            }),
            Edit::PutProposition(Proposition {
                id: PropositionId::new("p-vote"),
                statement: "The council voted 7 to 2".into(),
            }),
            Edit::PutUtterance(Utterance {
                id: UtteranceId::new("u-fair"),
                speaker: Some(EntityId::new("kim")),
                wording: "This toll is fair to everyone who crosses".into(),
            }),
        ];
        apply(&mut set, Edit::Batch(edits)).unwrap();
        let toll = || Target::Proposition(PropositionId::new("p-toll"));
        let port = || Target::Entity(EntityId::new("port"));
        add(&mut set, "s1", "a1", stance(toll(), Polarity::Favor));
        add(&mut set, "s2", "a2", stance(toll(), Polarity::Favor));
        add(&mut set, "s3", "a2", stance(toll(), Polarity::Against));
        add(&mut set, "s4", "a3", stance(toll(), Polarity::Against));
        add(&mut set, "s5", "a3", stance(port(), Polarity::Neutral));
        // Incomplete: counts nowhere.
        add(
            &mut set,
            "s6",
            "a3",
            Kind::Stance(Stance {
                target: Some(port()),
                ..Stance::default()
            }),
        );
        add(&mut set, "c1", "a1", claim(&["p-toll", "p-vote"]));
        add(&mut set, "c2", "a3", claim(&["p-toll"]));
        add(&mut set, "c3", "a4", claim(&["p-vote"]));
        add(&mut set, "q1", "a1", quote("kim", Some("u-fair")));
        add(&mut set, "q2", "a2", quote("kim", None));
        add(&mut set, "q3", "a3", quote("port", None));
        let corpus = Corpus::from_articles(
            "articles".into(),
            ["a1", "a2", "a3", "a4", "a5"]
                .map(|id| Article::from_text(ArticleId::new(id), id.into(), "Kim said it.".into())),
        );
        (set, corpus)
    }

    fn ids(list: &[AnnotationId]) -> Vec<&str> {
        list.iter().map(AnnotationId::as_str).collect()
    }

    #[test]
    fn outlets_are_named_columns_and_articles_without_one() {
        let (set, corpus) = fixture();
        let o = overview(&set, &corpus);
        assert_eq!(
            o.outlets,
            ["Harbour Post", "Ridge Courier", "article a4", "article a5"]
        );
        assert_eq!(outlet_of(&set, &ArticleId::new("a2")), "Harbour Post");
        assert_eq!(outlet_of(&set, &ArticleId::new("zz")), "article zz");
    }

    #[test]
    fn overview_stance_cells_count_what_was_annotated() {
        let (set, corpus) = fixture();
        let m = overview(&set, &corpus).stances;
        let labels: Vec<&str> = m.targets.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            ["The bridge toll rises to 4 euros in May", "Port Authority"]
        );
        let post = &m.cells[0][0];
        assert_eq!((post.favor, post.against, post.neutral), (2, 1, 0));
        assert_eq!(ids(&post.stances), ["s1", "s2", "s3"]);
        assert!((post.balance() - 1.0 / 3.0).abs() < 1e-6);
        let courier = &m.cells[0][1];
        assert_eq!((courier.favor, courier.against), (0, 1));
        assert_eq!(courier.balance(), -1.0);
        // The stance without a polarity is left out.
        let port = &m.cells[1][1];
        assert_eq!((port.total(), port.balance()), (1, 0.0));
        assert_eq!(ids(&port.stances), ["s5"]);
        assert_eq!(m.cells[1][0].total(), 0);
        assert!(m.cells.iter().all(|row| row.len() == 4));
    }

    #[test]
    fn overview_coverage_puts_shared_groups_first_and_names_missing_outlets() {
        let (set, corpus) = fixture();
        let o = overview(&set, &corpus);
        let groups: Vec<&GroupId> = o.coverage.rows.iter().map(|r| &r.group).collect();
        assert_eq!(
            groups,
            [
                &GroupId::Proposition(PropositionId::new("p-toll")),
                &GroupId::Proposition(PropositionId::new("p-vote")),
                &GroupId::Utterance(UtteranceId::new("u-fair")),
            ]
        );
        let toll = &o.coverage.rows[0];
        assert_eq!(toll.outlet_count(), 2);
        assert_eq!(ids(&toll.cells[0]), ["c1"]);
        assert_eq!(ids(&toll.cells[1]), ["c2"]);
        assert_eq!(o.outlets_missing(toll), ["article a4", "article a5"]);
        let vote = o
            .row(&GroupId::Proposition(PropositionId::new("p-vote")))
            .unwrap();
        assert_eq!(o.outlets_missing(vote), ["Ridge Courier", "article a5"]);
        assert_eq!(
            o.coverage.rows[2].label,
            "This toll is fair to everyone who crosses"
        );
    }

    #[test]
    fn overview_speakers_most_quoted_first() {
        let (set, corpus) = fixture();
        let s = overview(&set, &corpus).speakers.speakers;
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].label, "Mayor Ana Kim");
        assert_eq!(s[0].counts, [2, 0, 0, 0]);
        assert_eq!(ids(&s[0].quotes[0]), ["q1", "q2"]);
        assert_eq!(s[1].label, "Port Authority");
        assert_eq!(s[1].counts, [0, 1, 0, 0]);
    }
}
