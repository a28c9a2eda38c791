//! The compare view: two to four articles side by side, each column a
//! full article view. The active column (the one the editor last worked
//! in) is the app's own view, so keys, find and the inspector work there
//! as in a single article; the others keep their views here and swap in
//! when activated.
//!
//! Annotations that two columns share (the same proposition, utterance,
//! stance target or speaker) get one colour per group, a line joins the
//! selected or hovered one to its partners, and selecting one brings its
//! partners into view in the other columns.

use crate::app::article_view::{ArticleView, Links, Proposed, ViewInput};
use crate::app::command::Command;
use crate::core::article::Corpus;
use crate::core::model::{
    Annotation, AnnotationId, AnnotationSet, ArticleId, EntityId, Kind, PropositionId, Target,
    UtteranceId,
};
use egui::{Color32, Pos2, Rect, Stroke};
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

pub const MAX_COLUMNS: usize = 4;
/// Seconds without edits before the links of large columns are found again.
const SETTLE: f64 = 0.6;

/// What links two annotations across columns, strongest first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum LinkKey {
    Proposition(PropositionId),
    Utterance(UtteranceId),
    Target(Target),
    Speaker(EntityId),
}

fn link_keys(a: &Annotation) -> Vec<LinkKey> {
    match &a.kind {
        Kind::Claim(c) => c
            .propositions
            .iter()
            .cloned()
            .map(LinkKey::Proposition)
            .collect(),
        Kind::Quote(q) => q
            .utterance
            .iter()
            .cloned()
            .map(LinkKey::Utterance)
            .chain(q.speaker.iter().cloned().map(LinkKey::Speaker))
            .collect(),
        Kind::Stance(s) => match &s.target {
            // A stance on a proposition meets the claims that state it.
            Some(Target::Proposition(p)) => vec![LinkKey::Proposition(p.clone())],
            Some(t) => vec![LinkKey::Target(t.clone())],
            None => Vec::new(),
        },
    }
}

/// Distinct hues that read on light and dark backgrounds.
const PALETTE: [Color32; 8] = [
    Color32::from_rgb(0x1f, 0x77, 0xb4),
    Color32::from_rgb(0xd6, 0x27, 0x28),
    Color32::from_rgb(0x2c, 0xa0, 0x2c),
    Color32::from_rgb(0x94, 0x67, 0xbd),
    Color32::from_rgb(0xff, 0x7f, 0x0e),
    Color32::from_rgb(0x17, 0xbe, 0xcf),
    Color32::from_rgb(0xe3, 0x77, 0xc2),
    Color32::from_rgb(0x8c, 0x56, 0x4b),
];

/// The links among the columns' annotations, for one revision.
#[derive(Default)]
struct LinkMap {
    at: Option<(u64, Vec<ArticleId>)>,
    colors: HashMap<AnnotationId, Color32>,
    /// Each linked annotation's group, and the groups.
    group_of: HashMap<AnnotationId, usize>,
    groups: Vec<Group>,
}

/// The members of one group: sorted by column, then start, so what a
/// column shows of a group of thousands (one speaker's quotes) is found by
/// binary search, not a walk over all of them every frame.
#[derive(Default)]
struct Group {
    members: Vec<(ArticleId, AnnotationId, Range<usize>)>,
    /// The longest member in chars: how far before a range a member that
    /// reaches into it can start.
    longest: usize,
}

impl Group {
    fn new(mut members: Vec<(ArticleId, AnnotationId, Range<usize>)>) -> Self {
        members.sort_by(|a, b| (&a.0, a.2.start).cmp(&(&b.0, b.2.start)));
        let longest = members.iter().map(|m| m.2.len()).max().unwrap_or(0);
        Self { members, longest }
    }

    fn column(&self, article: &ArticleId) -> &[(ArticleId, AnnotationId, Range<usize>)] {
        let from = self.members.partition_point(|m| &m.0 < article);
        let to = from + self.members[from..].partition_point(|m| &m.0 == article);
        &self.members[from..to]
    }

    /// The members in `article` that overlap `chars`.
    fn shown(
        &self,
        article: &ArticleId,
        chars: Range<usize>,
    ) -> impl Iterator<Item = &(ArticleId, AnnotationId, Range<usize>)> {
        let column = self.column(article);
        let reach = chars.start.saturating_sub(self.longest);
        let from = column.partition_point(|m| m.2.start < reach);
        let to = column.partition_point(|m| m.2.start < chars.end);
        column[from..to.max(from)]
            .iter()
            .filter(move |m| m.2.start < chars.end && chars.start < m.2.end)
    }
}

impl LinkMap {
    fn build(set: &AnnotationSet, columns: &[ArticleId]) -> Self {
        // Which columns each key appears in.
        let mut by_key: BTreeMap<LinkKey, Vec<(ArticleId, AnnotationId, Range<usize>)>> =
            BTreeMap::new();
        for article in columns {
            for a in set.annotations_of(article) {
                for key in link_keys(a) {
                    by_key.entry(key).or_default().push((
                        article.clone(),
                        a.id.clone(),
                        a.span.range(),
                    ));
                }
            }
        }
        let mut map = LinkMap::default();
        // Keys come strongest first, so an annotation joins the group of
        // its strongest shared key.
        for members in by_key.into_values() {
            let spread = members
                .iter()
                .map(|(a, _, _)| a)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            if spread < 2 {
                continue;
            }
            let group = map.groups.len();
            let color = PALETTE[group % PALETTE.len()];
            let mut kept = Vec::new();
            for (article, id, range) in members {
                if map.group_of.contains_key(&id) {
                    continue;
                }
                map.group_of.insert(id.clone(), group);
                map.colors.insert(id.clone(), color);
                kept.push((article, id, range));
            }
            map.groups.push(Group::new(kept));
        }
        map
    }

    fn group(&self, id: &AnnotationId) -> Option<&Group> {
        self.group_of.get(id).map(|&g| &self.groups[g])
    }
}

/// A [`LinkMap`] being built on another thread, and what it is of.
struct LinkJob {
    at: (u64, Vec<ArticleId>),
    rx: std::sync::mpsc::Receiver<LinkMap>,
}

#[derive(Default)]
pub struct CompareState {
    /// The articles shown, left to right; fewer than two means no compare view.
    columns: Vec<ArticleId>,
    /// The views of the columns that are not active.
    views: HashMap<ArticleId, ArticleView>,
    pub dim_unlinked: bool,
    links: LinkMap,
    job: Option<LinkJob>,
    /// The newest revision seen, and when it was first seen.
    seen: Option<(u64, f64)>,
    /// The annotation last selected in each column, most recent last:
    /// `L` links across the two newest.
    picked: Vec<(ArticleId, AnnotationId)>,
    /// The selection whose partners were last brought into view.
    followed: Option<AnnotationId>,
}

/// What a column other than the active one reads.
pub struct ColumnInput<'a> {
    pub corpus: &'a Corpus,
    pub set: &'a AnnotationSet,
    pub revision: u64,
    pub selected: Option<&'a AnnotationId>,
    pub text_size: f32,
    pub proposed: &'a [Proposed],
}

impl CompareState {
    pub fn is_active(&self) -> bool {
        self.columns.len() >= 2
    }

    pub fn columns(&self) -> &[ArticleId] {
        &self.columns
    }

    /// Shows `articles` side by side (the first four distinct ones).
    pub fn open(&mut self, articles: Vec<ArticleId>) {
        let mut columns = Vec::new();
        for a in articles {
            if !columns.contains(&a) && columns.len() < MAX_COLUMNS {
                columns.push(a);
            }
        }
        if columns.len() < 2 {
            columns.clear();
        }
        self.views.retain(|a, _| columns.contains(a));
        self.columns = columns;
        self.links.at = None;
    }

    pub fn close_column(&mut self, article: &ArticleId) {
        self.columns.retain(|a| a != article);
        self.views.remove(article);
        self.picked.retain(|(a, _)| a != article);
        self.links.at = None;
        if self.columns.len() < 2 {
            self.columns.clear();
            self.views.clear();
        }
    }

    /// Makes `to` the active column: the app's view goes back to `from`'s
    /// column and `to`'s view comes out. False if `to` is not a column.
    pub fn activate(
        &mut self,
        from: Option<&ArticleId>,
        to: &ArticleId,
        view: &mut ArticleView,
    ) -> bool {
        if !self.columns.contains(to) || from == Some(to) {
            return false;
        }
        let incoming = self.views.remove(to).unwrap_or_default();
        let outgoing = std::mem::replace(view, incoming);
        if let Some(from) = from.filter(|f| self.columns.contains(f)) {
            self.views.insert(from.clone(), outgoing);
        }
        true
    }

    /// The active column shows another article: it takes that column's place.
    pub fn replace_active(&mut self, from: &ArticleId, to: &ArticleId) {
        if let Some(slot) = self.columns.iter_mut().find(|a| *a == from) {
            *slot = to.clone();
            self.links.at = None;
        }
    }

    /// Brings the links up to date with the set; call once per frame
    /// before the columns are drawn. They are found on another thread from
    /// a snapshot (a column of 20,000 annotations takes longer than a
    /// frame), so for a frame or two after an edit they are of the set
    /// before it; every use looks ids up in the live set. Returns when to
    /// look again.
    pub fn refresh(
        &mut self,
        set: &AnnotationSet,
        revision: u64,
        now: f64,
        ctx: &egui::Context,
    ) -> Option<f64> {
        if let Some(job) = &self.job {
            match job.rx.try_recv() {
                Ok(mut links) => {
                    links.at = Some(job.at.clone());
                    self.links = links;
                    self.job = None;
                }
                // The job wakes the window when it is done.
                Err(std::sync::mpsc::TryRecvError::Empty) => return None,
                Err(std::sync::mpsc::TryRecvError::Disconnected) => self.job = None,
            }
        }
        let at = (revision, self.columns.clone());
        if self.links.at.as_ref() == Some(&at) {
            return None;
        }
        // A few thousand annotations take well under a millisecond.
        let small = (self.columns.iter())
            .map(|a| set.annotations_of(a).len())
            .sum::<usize>()
            <= 5_000;
        if small {
            self.links = LinkMap::build(set, &self.columns);
            self.links.at = Some(at);
            self.job = None;
            return None;
        }
        // After an edit to the same columns, wait for a pause: the old
        // links stay right for every annotation but the edited one.
        let same_columns = self
            .links
            .at
            .as_ref()
            .is_some_and(|(_, c)| *c == self.columns);
        let since = match self.seen {
            Some((r, t)) if r == revision => t,
            _ => {
                self.seen = Some((revision, now));
                now
            }
        };
        if same_columns && now - since < SETTLE {
            return Some(SETTLE - (now - since));
        }
        // Only the columns' annotations (shared, not copied): a snapshot of
        // a whole corpus would rebuild its id index on the other core.
        let articles = (self.columns.iter())
            .filter_map(|a| Some((a.clone(), set.article(a)?.clone())))
            .collect();
        let columns = self.columns.clone();
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let set = AnnotationSet::from_parts(
                Default::default(),
                Vec::new(),
                Vec::new(),
                Vec::new(),
                articles,
            );
            if tx.send(LinkMap::build(&set, &columns)).is_ok() {
                ctx.request_repaint();
            }
        });
        self.job = Some(LinkJob { at, rx });
        None
    }

    pub fn links(&self) -> Links<'_> {
        Links {
            colors: &self.links.colors,
            dim_others: self.dim_unlinked,
        }
    }

    /// Notes the selection (for `L`) and, when it changed, scrolls the
    /// other columns to its partners.
    pub fn follow(&mut self, set: &AnnotationSet, selected: Option<&AnnotationId>) {
        if self.followed.as_ref() == selected {
            return;
        }
        self.followed = selected.cloned();
        let Some(a) = selected.and_then(|id| set.annotation(id)) else {
            return;
        };
        if !self.columns.contains(&a.article) {
            return;
        }
        self.picked.retain(|(art, _)| art != &a.article);
        self.picked.push((a.article.clone(), a.id.clone()));
        let Some(group) = self.links.group(&a.id) else {
            return;
        };
        for article in self.columns.iter().filter(|c| *c != &a.article) {
            // A column not drawn yet scrolls there when it first is.
            if let Some((_, _, range)) = group.column(article).first() {
                let view = self.views.entry(article.clone()).or_default();
                view.reveal(range.clone());
            }
        }
    }

    /// The annotation last selected in another column than `article`'s,
    /// still in the set.
    pub fn picked_elsewhere<'a>(
        &self,
        set: &'a AnnotationSet,
        article: &ArticleId,
    ) -> Option<&'a Annotation> {
        self.picked
            .iter()
            .rev()
            .filter(|(a, _)| a != article && self.columns.contains(a))
            .find_map(|(_, id)| set.annotation(id))
    }

    /// A column that is not active: its header and its view. Whatever the
    /// editor does in it first makes it the active column.
    pub fn column_ui(
        &mut self,
        ui: &mut egui::Ui,
        article: &ArticleId,
        input: ColumnInput,
    ) -> Vec<Command> {
        let Some(text) = input.corpus.get(article) else {
            return vec![Command::CloseColumn(article.clone())];
        };
        let mut out = Vec::new();
        let meta = input.set.article(article).map(|a| &a.record.meta);
        column_header_ui(ui, article, meta, false, &mut out);
        let view = self.views.entry(article.clone()).or_default();
        let commands = view.ui(
            ui,
            ViewInput {
                article: text,
                set: input.set,
                revision: input.revision,
                selected: input.selected,
                selection: None,
                find_matches: &[],
                current_find: None,
                text_size: input.text_size,
                keys: false,
                links: Some(Links {
                    colors: &self.links.colors,
                    dim_others: self.dim_unlinked,
                }),
                proposed: input.proposed,
            },
        );
        if !commands.is_empty() {
            out.push(Command::OpenArticle(article.clone()));
            out.extend(commands);
        }
        out
    }

    /// Lines from the selected or hovered annotation to its partners in
    /// the other columns, over the columns. `active` is the app's view.
    pub fn lines_ui(
        &self,
        ui: &egui::Ui,
        set: &AnnotationSet,
        active: (&ArticleId, &ArticleView),
        selected: Option<&AnnotationId>,
    ) {
        let view_of = |article: &ArticleId| -> Option<&ArticleView> {
            if article == active.0 {
                Some(active.1)
            } else {
                self.views.get(article)
            }
        };
        let hovered = std::iter::once(active)
            .chain(self.views.iter())
            .find_map(|(a, v)| v.hovered().map(|h| (a.clone(), h.clone())));
        let from = selected
            .and_then(|id| set.annotation(id).map(|a| (a.article.clone(), id.clone())))
            .into_iter()
            .chain(hovered);
        // Over the columns, under windows (the overview, a page).
        let painter = ui.painter();
        let clip = ui.max_rect();
        for (article, id) in from {
            let Some(color) = self.links.colors.get(&id) else {
                continue;
            };
            let range = set.annotation(&id).map(|a| a.span.range());
            let Some(own) = view_of(&article)
                .zip(range)
                .and_then(|(v, r)| shown_rect(v, r))
            else {
                continue;
            };
            let Some(group) = self.links.group(&id) else {
                continue;
            };
            // Only partners in the chars each other column shows.
            let shown = std::iter::once(active.0)
                .chain(self.views.keys())
                .filter(|a| **a != article)
                .filter_map(|a| Some((view_of(a)?, group.shown(a, view_of(a)?.shown_chars()?))));
            for (view, partners) in shown {
                for (_, _, range) in partners {
                    let Some(there) = shown_rect(view, range.clone()) else {
                        continue;
                    };
                    let (a, b) = facing(own, there);
                    let bend = (b.x - a.x) * 0.4;
                    let curve = egui::epaint::CubicBezierShape::from_points_stroke(
                        [a, a + egui::vec2(bend, 0.0), b - egui::vec2(bend, 0.0), b],
                        false,
                        Color32::TRANSPARENT,
                        Stroke::new(1.5, color.gamma_multiply(0.85)),
                    );
                    painter.with_clip_rect(clip).add(curve);
                    painter.circle_filled(a, 2.5, *color);
                    painter.circle_filled(b, 2.5, *color);
                }
            }
        }
    }
}

/// The first painted rect of the chars `range` that is on screen in `view`.
fn shown_rect(view: &ArticleView, range: Range<usize>) -> Option<Rect> {
    let shown = view.shown()?;
    view.range_rects(range)
        .into_iter()
        .find(|r| shown.intersects(*r))
}

/// The points where a line between two rects in different columns leaves
/// and enters them: the sides that face each other.
fn facing(a: Rect, b: Rect) -> (Pos2, Pos2) {
    if a.center().x <= b.center().x {
        (a.right_center(), b.left_center())
    } else {
        (a.left_center(), b.right_center())
    }
}

/// A column's title line: its close button, outlet and title, cut to
/// the column; the active column's is underlined in the accent colour.
pub fn column_header_ui(
    ui: &mut egui::Ui,
    article: &ArticleId,
    meta: Option<&crate::core::model::ArticleMeta>,
    active: bool,
    out: &mut Vec<Command>,
) {
    let row = ui.horizontal(|ui| {
        if ui
            .small_button("Close")
            .on_hover_text("Take this article out of the comparison")
            .clicked()
        {
            out.push(Command::CloseColumn(article.clone()));
        }
        let outlet = meta.map(|m| m.outlet.as_str()).filter(|o| !o.is_empty());
        let title = meta
            .map(|m| m.title.as_str())
            .filter(|t| !t.is_empty())
            .unwrap_or(article.as_str());
        let line = match outlet {
            Some(o) => format!("{o} · {title}"),
            None => title.to_owned(),
        };
        let format = egui::text::TextFormat::simple(
            egui::TextStyle::Body.resolve(ui.style()),
            if active {
                ui.visuals().strong_text_color()
            } else {
                ui.visuals().text_color()
            },
        );
        ui.add(
            egui::Label::new(crate::app::text_layout::fitted_line(ui, &line, format)).truncate(),
        )
        .on_hover_text(article.as_str());
    });
    let r = row.response.rect;
    let stroke = if active {
        Stroke::new(2.0, ui.visuals().selection.bg_fill)
    } else {
        ui.visuals().widgets.noninteractive.bg_stroke
    };
    ui.painter()
        .hline(ui.max_rect().x_range(), r.max.y + 3.0, stroke);
    ui.add_space(6.0);
}

impl CompareState {
    /// The view of a column that is not active (tests and the frame bench
    /// look at what it painted).
    pub fn view(&self, article: &ArticleId) -> Option<&ArticleView> {
        self.views.get(article)
    }

    /// Takes a column's view out, to become the app's.
    pub fn take_view(&mut self, article: &ArticleId) -> Option<ArticleView> {
        self.views.remove(article)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_finds_the_members_a_column_shows() {
        let member = |article: &str, id: &str, range: Range<usize>| {
            (ArticleId::new(article), AnnotationId::new(id), range)
        };
        let group = Group::new(vec![
            member("b", "b-late", 900..910),
            member("a", "a-1", 10..20),
            member("b", "b-long", 0..500),
            member("b", "b-in", 120..130),
            member("b", "b-before", 40..60),
            member("c", "c-1", 120..130),
        ]);
        let ids = |article: &str, chars: Range<usize>| -> Vec<String> {
            group
                .shown(&ArticleId::new(article), chars)
                .map(|m| m.1.as_str().to_owned())
                .collect()
        };
        // A long member that starts before the shown chars reaches in.
        assert_eq!(ids("b", 100..200), ["b-long", "b-in"]);
        assert_eq!(ids("b", 600..1000), ["b-late"]);
        assert_eq!(ids("b", 510..520), Vec::<String>::new());
        assert_eq!(ids("a", 0..1000), ["a-1"]);
        assert_eq!(ids("d", 0..1000), Vec::<String>::new());
        let column: Vec<_> = group
            .column(&ArticleId::new("b"))
            .iter()
            .map(|m| m.1.as_str())
            .collect();
        assert_eq!(column, ["b-long", "b-before", "b-in", "b-late"]);
    }
}
