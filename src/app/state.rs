//! The app's state and the one place commands change it.

use crate::app::banners::{self, Banners};
use crate::app::command::Command;
use crate::app::dialogs::Dialogs;
use crate::app::entities::EntitiesPanel;
use crate::app::findings::FindingsPanel;
use crate::app::loading::Loading;
use crate::app::metadata::MetadataForm;
use crate::app::propositions::PropositionsPanel;
use crate::app::revalidate::Revalidator;
use crate::app::saver::{Landed, Saver};
use crate::app::table::AnnotationTable;
use crate::app::transfer::Transfer;
use crate::app::utterances::UtterancesPanel;
use crate::app::{article_list, article_view, compare, find, inspector, suggestions};
use crate::core::edit::{Edit, History};
use crate::core::error::FileError;
use crate::core::import::NewArticle;
use crate::core::journal::{self, Journal};
use crate::core::model::{Annotation, AnnotationId, AnnotationSet, ArticleId, Kind};
use crate::core::store::{Part, Project};
use crate::core::validate::Finding;
use std::ops::Range;
use std::path::PathBuf;

/// Seconds after the last edit before an autosave.
pub const AUTOSAVE_DELAY: f64 = 3.0;

/// Seconds after the last edit before re-validating, so a burst of edits
/// costs one background run.
pub const VALIDATE_DELAY: f64 = 0.4;

/// Seconds after an edit before it is journaled (fsynced to disk), so a
/// burst of edits is one write.
pub const JOURNAL_DELAY: f64 = 1.0;

/// Edits an earlier run journaled and never saved, offered on start.
#[derive(Debug)]
pub struct Recovery {
    pub pending: journal::Pending,
    /// What restoring would apply to the set as opened, and what not;
    /// `None` until the whole set is read.
    pub plan: Option<journal::Restore>,
}

impl Recovery {
    fn new(pending: journal::Pending, set: &AnnotationSet) -> Self {
        let mut recovery = Recovery {
            pending,
            plan: None,
        };
        recovery.plan_on(set);
        recovery
    }

    /// Plans the restore once `set` is complete (edits to articles not read
    /// yet would be refused, and refusals dropped).
    fn plan_on(&mut self, set: &AnnotationSet) {
        if self.plan.is_none() && set.is_complete() {
            self.plan = Some(journal::restore(set, self.pending.edits.clone()));
        }
    }
}

/// UI preferences kept by eframe between runs. Never annotation data.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub theme: egui::ThemePreference,
    pub autosave: bool,
    pub last_folder: Option<PathBuf>,
    /// The folder open before this one, for File > Open (not stored).
    #[serde(skip)]
    pub previous_folder: Option<PathBuf>,
    /// Reading font size in points.
    pub text_size: f32,
    /// Height of the bottom tabs in points, as the editor last dragged it;
    /// `None` until then (a share of the window is used).
    pub bottom_height: Option<f32>,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: egui::ThemePreference::System,
            autosave: true,
            last_folder: None,
            previous_folder: None,
            text_size: 15.0,
            bottom_height: None,
        }
    }
}

/// The tabs of the bottom area.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum BottomTab {
    #[default]
    Annotations,
    Entities,
    Propositions,
    Utterances,
    Findings,
    Article,
}

impl BottomTab {
    pub const ALL: [BottomTab; 6] = [
        BottomTab::Annotations,
        BottomTab::Entities,
        BottomTab::Propositions,
        BottomTab::Utterances,
        BottomTab::Findings,
        BottomTab::Article,
    ];

    pub fn label(self) -> &'static str {
        match self {
            BottomTab::Annotations => "Annotations",
            BottomTab::Entities => "Entities",
            BottomTab::Propositions => "Propositions",
            BottomTab::Utterances => "Utterances",
            BottomTab::Findings => "Findings",
            BottomTab::Article => "Article details",
        }
    }
}

/// Where saving stands.
#[derive(Debug, Default)]
pub struct SaveState {
    /// Input time of the first edit not yet saved (nor being written).
    pub pending_since: Option<f64>,
    /// The last save's error; the edits stay in memory and saving is retried.
    pub error: Option<String>,
    /// Input time of the last failed attempt, so autosave does not retry every frame.
    pub failed_at: Option<f64>,
}

/// What the app keeps of the save being written, to undo its bookkeeping
/// if it fails.
#[derive(Debug, Default)]
struct InFlight {
    /// The import's articles it writes.
    new_articles: Vec<NewArticle>,
    /// How many of the unjournaled edits it holds (the first ones).
    edits: usize,
    pending_since: Option<f64>,
}

/// How often the window looks whether a save has landed, in seconds.
const SAVE_POLL: f64 = 0.02;

/// The close-with-unsaved-edits prompt.
#[derive(Debug, Default, PartialEq, Eq)]
pub enum Closing {
    #[default]
    No,
    Asking,
    /// The editor chose; the next close request goes through.
    Allowed,
}

pub struct ConcordApp {
    pub project: Project,
    pub history: History,
    /// The article in the view.
    pub article: Option<ArticleId>,
    /// The annotation in the inspector.
    pub selected: Option<AnnotationId>,
    /// Text selected in the view, in chars, not yet an annotation.
    pub selection: Option<Range<usize>>,
    /// Validates in the background after edits; its findings are the app's.
    pub revalidator: Revalidator,
    /// When the next background validation is due (input time).
    pub validate_due: Option<f64>,
    /// Bumped on every change to the set; caches compare against it.
    pub revision: u64,
    /// Commands panels sent this frame; handled at the end of the frame.
    pub commands: Vec<Command>,
    pub prefs: Prefs,
    pub save: SaveState,
    /// A short message for the status bar (a refused edit, a failed open).
    pub notice: Option<String>,
    pub bottom_tab: BottomTab,
    pub show_help: bool,
    /// Ctrl+S was pressed; saved at the end of the frame.
    pub save_requested: bool,
    pub closing: Closing,
    /// Input time of the current frame.
    pub now: f64,
    /// An edit, undo or redo happened since the last save. (A new set is
    /// dirty before any edit; opening a folder alone never writes to it.)
    edited: bool,
    pub view: article_view::ArticleView,
    /// Articles side by side; the active column's view is `view`.
    pub compare: compare::CompareState,
    pub suggestions: suggestions::SuggestionsState,
    pub list: article_list::ListState,
    pub inspector: inspector::InspectorState,
    pub find: find::FindState,
    pub table: AnnotationTable,
    pub entities: EntitiesPanel,
    pub propositions: PropositionsPanel,
    pub utterances: UtterancesPanel,
    pub findings_panel: FindingsPanel,
    pub metadata: MetadataForm,
    pub dialogs: Dialogs,
    pub transfer: Transfer,
    /// Unsaved edits on disk, for recovery after a crash.
    pub journal: Journal,
    /// Applied edits not journaled yet.
    unjournaled: Vec<Edit>,
    /// When the journal is written next (input time).
    journal_due: Option<f64>,
    /// The journal could not be written; shown on the status bar.
    pub journal_error: Option<String>,
    /// An earlier run's unsaved edits, until the editor restores or
    /// discards them. Nothing is journaled meanwhile.
    pub recovery: Option<Recovery>,
    /// An import's article texts not written yet: they go with the next
    /// save, whose transaction also holds the annotations on them.
    new_articles: Vec<NewArticle>,
    pub reanchor: crate::app::reanchor::ReanchorPanel,
    /// The overview window and the proposition / utterance page.
    pub overview: crate::app::overview::OverviewWindow,
    /// Read-only, changed on disk, load problems; and the file watcher.
    pub banners: Banners,
    /// Writes saves off the UI thread.
    pub saver: Saver,
    /// The rest of a project opened in parts, being read.
    pub loading: Option<Loading>,
    /// Reading the rest failed: what needs the whole set stays off.
    pub load_error: Option<String>,
    /// An import or export asked for while the set loaded: started once it
    /// has.
    pub waiting_transfer: Option<super::dialogs::Picked>,
    in_flight: InFlight,
    /// A save was asked for while one was written: started when it lands.
    save_again: bool,
}

impl ConcordApp {
    pub fn new(project: Project, prefs: Prefs) -> Self {
        Self::with_revalidator(project, prefs, Revalidator::new(None))
    }

    /// A window whose background validation is `revalidator` (tests inject
    /// failing checks here).
    pub fn with_revalidator(project: Project, prefs: Prefs, mut revalidator: Revalidator) -> Self {
        let article = project.corpus.articles().next().map(|a| a.id.clone());
        let loading = Loading::start(&project);
        if project.set.is_complete() {
            revalidator.request(0, &project.set, &project.corpus);
        }
        let set_dir = project.set_dir();
        let journal = Journal::new(&set_dir, &project.settings.default_set);
        // The journal belongs to the window that writes the set; a read-only
        // window neither offers it back nor writes to it.
        let pending = match project.read_only() {
            true => Ok(None),
            false => journal::pending(&set_dir),
        };
        let banners = Banners::new(&project);
        let (recovery, notice) = match pending {
            Ok(pending) => (
                pending.map(|pending| Recovery::new(pending, &project.set)),
                None,
            ),
            Err(e) => (
                None,
                Some(format!("The unsaved-edit journal is unreadable: {e}")),
            ),
        };
        Self {
            project,
            history: History::default(),
            article,
            selected: None,
            selection: None,
            revalidator,
            validate_due: None,
            revision: 0,
            commands: Vec::new(),
            prefs,
            save: SaveState::default(),
            notice,
            bottom_tab: BottomTab::default(),
            show_help: false,
            save_requested: false,
            closing: Closing::default(),
            now: 0.0,
            edited: false,
            view: article_view::ArticleView::default(),
            compare: compare::CompareState::default(),
            suggestions: suggestions::SuggestionsState::default(),
            list: article_list::ListState::default(),
            inspector: inspector::InspectorState::default(),
            find: find::FindState::default(),
            table: AnnotationTable::new(),
            entities: EntitiesPanel::new(),
            propositions: PropositionsPanel::new(),
            utterances: UtterancesPanel::new(),
            findings_panel: FindingsPanel::new(),
            metadata: MetadataForm::new(),
            dialogs: Dialogs::new(),
            transfer: Transfer::default(),
            journal,
            unjournaled: Vec::new(),
            journal_due: None,
            journal_error: None,
            recovery,
            new_articles: Vec::new(),
            reanchor: Default::default(),
            overview: Default::default(),
            banners,
            saver: Saver::default(),
            loading,
            load_error: None,
            waiting_transfer: None,
            in_flight: InFlight::default(),
            save_again: false,
        }
    }

    /// True when the findings shown are those of the set as it is now.
    pub fn findings_are_current(&self) -> bool {
        self.revalidator.is_current(self.revision)
    }

    /// The latest validation's findings.
    pub fn findings(&self) -> &[Finding] {
        self.revalidator.findings()
    }

    /// True while edits are not on disk (a save being written counts).
    pub fn unsaved(&self) -> bool {
        (self.edited && self.project.set.is_dirty())
            || !self.new_articles.is_empty()
            || self.saver.is_running()
    }

    /// True while a save is being written.
    pub fn saving(&self) -> bool {
        self.saver.is_running()
    }

    /// Applies every command sent this frame, in order.
    pub fn handle_all(&mut self) {
        for command in std::mem::take(&mut self.commands) {
            self.handle(command);
        }
    }

    pub fn handle(&mut self, command: Command) {
        match command {
            Command::Edit(edit) => {
                let added = first_added(&edit);
                let journaled = edit.clone();
                match self.history.apply(&mut self.project.set, edit) {
                    Ok(()) => {
                        self.unjournaled.push(journaled);
                        self.changed();
                        if let Some(id) = added {
                            self.selection = None;
                            self.selected = Some(id);
                            self.inspector.focus = true;
                        }
                    }
                    Err(e) => self.notice = Some(format!("Not changed: {e}")),
                }
            }
            Command::Undo | Command::Redo => {
                let undo = command == Command::Undo;
                // The journal records what undo and redo apply.
                let next = if undo {
                    self.history.next_undo()
                } else {
                    self.history.next_redo()
                }
                .cloned();
                let result = if undo {
                    self.history.undo(&mut self.project.set)
                } else {
                    self.history.redo(&mut self.project.set)
                };
                match result {
                    Ok(true) => {
                        let restored = next.as_ref().and_then(restored);
                        self.unjournaled.extend(next);
                        self.changed();
                        // What came back is shown and selected, as a new
                        // annotation is.
                        if let Some(id) = restored {
                            self.handle(Command::SelectAnnotation(id));
                        }
                    }
                    Ok(false) => {}
                    Err(e) => self.notice = Some(format!("Could not undo/redo: {e}")),
                }
            }
            Command::Save => self.save_now(),
            Command::AddArticles(articles) => {
                self.new_articles.extend(articles);
                self.save_now();
            }
            Command::OpenFolder(dir) => self.open_folder(dir),
            Command::Reload => self.reload(),
            Command::CheckDisk => self.check_disk(banners::Due::Everything),
            Command::ReloadFromDisk => self.reload_from_disk(),
            Command::KeepMine => self.keep_mine(),
            Command::TryWritable => self.try_writable(),
            Command::OpenArticle(id) => {
                if self.project.corpus.get(&id).is_some() && self.article.as_ref() != Some(&id) {
                    self.show_article(id);
                    self.selected = None;
                    self.selection = None;
                }
            }
            Command::SelectAnnotation(id) => {
                if let Some(a) = self.project.set.annotation(&id) {
                    let (article, range) = (a.article.clone(), a.span.range());
                    self.show_article(article);
                    self.view.reveal(range);
                    self.selected = Some(id);
                    self.selection = None;
                }
            }
            Command::Select(range) => self.selection = range,
            Command::ClearSelection => self.selected = None,
            Command::CueFromSelection => self.cue_from_selection(),
            Command::OpenOverview => self.overview.open = true,
            Command::OpenGroup(group) => self.overview.page.open(group),
            Command::Compare(articles) => self.compare(articles),
            Command::CloseColumn(article) => {
                let rest: Vec<ArticleId> = (self.compare.columns().iter())
                    .filter(|a| **a != article)
                    .cloned()
                    .collect();
                if self.article.as_ref() == Some(&article) {
                    // The view showed the closed column: the first left takes it.
                    let next = rest.first().cloned();
                    self.view = next
                        .as_ref()
                        .and_then(|n| self.compare.take_view(n))
                        .unwrap_or_default();
                    if next.is_some() {
                        self.article = next;
                    }
                    self.selected = None;
                    self.selection = None;
                }
                self.compare.close_column(&article);
            }
            Command::FocusSuggestion { article, key } => self.suggestions.focus(article, key),
            Command::AcceptSuggestion => self.accept_suggestions(false),
            Command::AcceptSuggestionsInView => self.accept_suggestions(true),
            Command::RejectSuggestion => self.reject_suggestion(),
            Command::LinkAcross => self.link_across(),
            Command::RevealSpan {
                article,
                start,
                end,
            } => {
                if self.project.corpus.get(&article).is_some() {
                    if self.article.as_ref() != Some(&article) {
                        self.selected = None;
                    }
                    self.show_article(article);
                    self.selection = Some(start..end);
                    self.view.reveal(start..end);
                }
            }
        }
    }

    /// Puts `article` in the view. Comparing, a column that shows it becomes
    /// the active one; otherwise the active column shows it instead.
    fn show_article(&mut self, article: ArticleId) {
        if self.article.as_ref() == Some(&article) {
            return;
        }
        if self.compare.is_active() {
            let from = self.article.clone();
            if !self
                .compare
                .activate(from.as_ref(), &article, &mut self.view)
                && let Some(from) = &from
            {
                self.compare.replace_active(from, &article);
            }
            self.find.close();
        }
        self.article = Some(article);
    }

    /// Shows `articles` side by side, the first in the active column.
    fn compare(&mut self, articles: Vec<ArticleId>) {
        let articles: Vec<ArticleId> = articles
            .into_iter()
            .filter(|a| self.project.corpus.get(a).is_some())
            .collect();
        let Some(first) = articles.first().cloned() else {
            return;
        };
        // The app's view stays with its article if that stays on screen.
        let current = self.article.clone();
        let active = current
            .clone()
            .filter(|c| articles.contains(c))
            .unwrap_or(first);
        if current.as_ref() != Some(&active) {
            self.view = article_view::ArticleView::default();
            self.selected = None;
            self.selection = None;
        }
        self.compare.open(articles);
        self.article = Some(active);
    }

    /// The focused suggestion accepted, one undo step.
    fn accept_suggestions(&mut self, all_in_view: bool) {
        let set = &self.project.set;
        let chosen: Vec<crate::core::suggest::Suggestion> = if all_in_view {
            match (&self.article, self.view.shown_chars()) {
                (Some(article), Some(chars)) => self.suggestions.in_range(set, article, chars),
                _ => Vec::new(),
            }
        } else {
            self.suggestions.focused(set).cloned().into_iter().collect()
        };
        if chosen.is_empty() {
            self.notice = Some(if all_in_view {
                "No suggestions on screen".into()
            } else {
                "Click a suggestion's dashed outline first".into()
            });
            return;
        }
        let author = set.info().annotator.clone();
        match crate::core::suggest::accept_all(
            set,
            &self.project.corpus,
            &chosen,
            &author,
            jiff::Timestamp::now(),
        ) {
            Ok(edit) => {
                self.suggestions.unfocus();
                self.handle(Command::Edit(edit));
                if all_in_view {
                    self.notice = Some(format!("Accepted {} suggestions", chosen.len()));
                }
            }
            Err(e) => self.notice = Some(format!("Not accepted: {e}")),
        }
    }

    /// The focused suggestion is not offered again for its article.
    fn reject_suggestion(&mut self) {
        let Some(s) = self.suggestions.focused(&self.project.set) else {
            self.notice = Some("Click a suggestion's dashed outline first".into());
            return;
        };
        let mut rejected = self
            .project
            .set
            .article(&s.article)
            .map(|a| a.record.rejected.clone())
            .unwrap_or_default();
        rejected.push(s.key());
        let edit = Edit::SetRejected {
            article: s.article.clone(),
            rejected,
        };
        self.suggestions.unfocus();
        self.handle(Command::Edit(edit));
    }

    /// `L`: the selected claim or quote joins the proposition or utterance
    /// of the one last selected in another column, or both get a new one.
    fn link_across(&mut self) {
        use crate::core::suggest::{Group, Proposal, Suggestion};
        let set = &self.project.set;
        let here = self.selected.as_ref().and_then(|id| set.annotation(id));
        let there = here.and_then(|h| self.compare.picked_elsewhere(set, &h.article));
        let (Some(here), Some(there)) = (here, there) else {
            self.notice = Some(if self.compare.is_active() {
                "Select an annotation in each of two columns, then press L".into()
            } else {
                "Compare two articles first (select them in the list), then press L".into()
            });
            return;
        };
        let group_of = |a: &Annotation| match &a.kind {
            Kind::Claim(c) => Some(Group::Proposition(c.propositions.first().cloned())),
            Kind::Quote(q) => Some(Group::Utterance(q.utterance.clone())),
            Kind::Stance(_) => None,
        };
        let (Some(g_here), Some(g_there)) = (group_of(here), group_of(there)) else {
            self.notice = Some("Only claims and quotes link across articles".into());
            return;
        };
        if std::mem::discriminant(&g_here) != std::mem::discriminant(&g_there) {
            self.notice = Some("A claim links with a claim, a quote with a quote".into());
            return;
        }
        let has = |g: &Group| matches!(g, Group::Proposition(Some(_)) | Group::Utterance(Some(_)));
        // The one without a group joins the other's; neither: a new group.
        let (source, target, group) = if has(&g_there) || !has(&g_here) {
            (there, here, g_there)
        } else {
            (here, there, g_here)
        };
        let link = Suggestion {
            article: target.article.clone(),
            span: target.span.range(),
            text: target.span.exact().to_owned(),
            score: 1.0,
            proposal: Proposal::Link {
                group,
                linked_to: source.id.clone(),
                existing: Some(target.id.clone()),
            },
        };
        let author = set.info().annotator.clone();
        match link.edit(set, &self.project.corpus, &author, jiff::Timestamp::now()) {
            Ok(edit) => self.handle(Command::Edit(edit)),
            Err(e) => self.notice = Some(format!("Not linked: {e}")),
        }
    }

    /// The selected quote's cue becomes the selected text, one undo step.
    fn cue_from_selection(&mut self) {
        let quote = self
            .selected
            .as_ref()
            .and_then(|id| self.project.set.annotation(id))
            .filter(|a| matches!(a.kind, Kind::Quote(_)));
        let Some(quote) = quote else {
            self.notice = Some("Select a quote first".into());
            return;
        };
        let text = self
            .project
            .corpus
            .get(&quote.article)
            .map(|article| &article.text)
            .filter(|_| self.article.as_ref() == Some(&quote.article));
        let span = text
            .zip(self.selection.clone().filter(|r| !r.is_empty()))
            .and_then(|(text, range)| text.span(range).ok());
        let Some(span) = span else {
            self.notice = Some("Select the words that introduce the quote first".into());
            return;
        };
        let mut changed = quote.clone();
        if let Kind::Quote(q) = &mut changed.kind {
            q.cue = Some(Box::new(span));
        }
        changed.modified = jiff::Timestamp::now();
        self.handle(Command::Edit(Edit::ReplaceAnnotation(Box::new(changed))));
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.edited = true;
        self.notice = None;
        if self.save.pending_since.is_none() {
            self.save.pending_since = Some(self.now);
        }
        self.validate_due = Some(self.now + VALIDATE_DELAY);
        if self.journal_due.is_none() {
            self.journal_due = Some(self.now + JOURNAL_DELAY);
        }
        if !self.unsaved() {
            self.save.pending_since = None;
        }
        // A selection whose annotation went away (undo of an add) is dropped.
        if let Some(id) = &self.selected
            && self.project.set.annotation(id).is_none()
        {
            self.selected = None;
        }
    }

    /// Starts saving what changed; the files are written on another thread
    /// and [`ConcordApp::save_tick`] takes the outcome. On failure the edits
    /// stay in memory and the error stays on the status bar until a save
    /// succeeds. Asked while a save is written, it follows that one.
    pub fn save_now(&mut self) {
        if self.project.read_only() {
            self.save.error = Some("Read-only: another process is writing this project".into());
            return;
        }
        if self.saver.is_running() {
            self.save_again = true;
            return;
        }
        // Another program's change is never written over unasked: the store
        // compares each file it would write with what this handle last saw
        // and refuses, and the banner lets the editor choose. Files the save
        // does not touch are the watcher's; re-reading the whole set here
        // would cost every autosave a read of every file.
        let articles = std::mem::take(&mut self.new_articles);
        match self.project.begin_save(articles.clone()) {
            Ok(job) => {
                self.in_flight = InFlight {
                    new_articles: articles,
                    edits: self.unjournaled.len(),
                    pending_since: self.save.pending_since.take(),
                };
                self.saver.start(job);
            }
            Err(e) => {
                self.new_articles = articles;
                self.save.error = Some(e.to_string());
                self.save.failed_at = Some(self.now);
            }
        }
    }

    /// Saves now and waits until it is written, with a save already being
    /// written first (for closing and opening another folder).
    pub fn save_and_wait(&mut self) {
        self.wait_for_save();
        if self.unsaved() {
            self.save_now();
            self.wait_for_save();
        }
    }

    /// Waits for the save being written, if any, and takes its outcome.
    pub fn wait_for_save(&mut self) {
        self.save_again = false;
        if let Some(landed) = self.saver.wait() {
            self.landed(landed);
        }
    }

    /// Takes a finished save's outcome, and starts the one asked for
    /// meanwhile; true when one landed.
    pub fn save_tick(&mut self) -> bool {
        let Some(landed) = self.saver.poll() else {
            return false;
        };
        self.landed(landed);
        if std::mem::take(&mut self.save_again) && self.unsaved() {
            self.save_now();
        }
        true
    }

    /// How long until the window should look at a save being written.
    pub fn save_wait(&self) -> Option<f64> {
        self.saver.is_running().then_some(SAVE_POLL)
    }

    fn landed(&mut self, landed: Landed) {
        let in_flight = std::mem::take(&mut self.in_flight);
        let result = match landed {
            Landed::Done(done) => self.project.finish_save(done),
            Landed::Lost(marks) => {
                self.project.save_lost(marks);
                Err(FileError::Invalid {
                    path: self.project.set_dir(),
                    message: "the save stopped unexpectedly; nothing may have been written".into(),
                })
            }
        };
        match result {
            Ok(_) => {
                if !in_flight.new_articles.is_empty() {
                    self.reload();
                }
                self.save.error = None;
                self.save.failed_at = None;
                // Edits made while it was written are the set's unsaved
                // marks now; without any, all is saved.
                if !self.project.set.is_dirty() {
                    self.edited = false;
                    self.save.pending_since = None;
                }
                // The edits it holds are on disk; the journal had only those
                // (nothing is journaled while a save is written), so it goes,
                // and the later ones are journaled anew over the new files.
                let saved = in_flight.edits.min(self.unjournaled.len());
                self.unjournaled.drain(..saved);
                if self.unjournaled.is_empty() {
                    self.journal_due = None;
                }
                if let Err(e) = self.journal.saved() {
                    self.journal_error = Some(e.to_string());
                }
                // What the save rewrote is no longer "changed on disk".
                let listed = std::mem::take(&mut self.banners.changed);
                self.banners.changed = self.project.changed_among(listed);
            }
            Err(e) => {
                let mut articles = in_flight.new_articles;
                articles.append(&mut self.new_articles);
                self.new_articles = articles;
                self.save.pending_since = match (in_flight.pending_since, self.save.pending_since) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b).or(Some(self.now)),
                };
                match e {
                    FileError::ChangedOnDisk { paths } => self.changed_on_disk(paths),
                    e => {
                        self.save.error = Some(e.to_string());
                        self.save.failed_at = Some(self.now);
                    }
                }
            }
        }
    }

    /// Files changed on disk under the window: the banner lists them and
    /// nothing is saved until the editor chooses.
    fn changed_on_disk(&mut self, paths: Vec<PathBuf>) {
        self.banners.found(paths);
        if self.unsaved() {
            self.save.error =
                Some("files changed on disk; reload them or keep yours (see the banner)".into());
            self.save.failed_at = Some(self.now);
        }
    }

    /// Takes what the watcher saw and compares what is due with the disk;
    /// returns how long until the next look is due.
    pub fn watch_disk(&mut self, ctx: &egui::Context) -> Option<f64> {
        let (due, wait) = self.banners.watch.tick(ctx, &self.project.root, self.now);
        let before = self.banners.changed.len();
        self.check_disk(due);
        // The banners were drawn before this check: show what it found.
        if self.banners.changed.len() != before {
            ctx.request_repaint();
        }
        wait
    }

    /// Compares `due` with what this window loaded or last wrote.
    fn check_disk(&mut self, due: banners::Due) {
        let changed = match due {
            banners::Due::Nothing => return,
            banners::Due::Paths(paths) => self.project.changed_among(paths),
            banners::Due::Everything => self.project.changed_on_disk(),
        };
        if !changed.is_empty() {
            self.changed_on_disk(changed);
        }
    }

    /// "Keep mine": the next save writes this window's version over the
    /// files changed on disk (autosave does it shortly).
    fn keep_mine(&mut self) {
        self.wait_for_save();
        self.project.keep_mine();
        self.banners.changed.clear();
        self.edited = true;
        self.save.error = None;
        self.save.failed_at = None;
        self.save.pending_since = Some(self.now);
    }

    /// "Reload from disk": unsaved edits go to the journal first, then the
    /// folder is opened again (keeping the writer lock), and the journal is
    /// offered back as after a crash. Undo history is of the old files and
    /// goes.
    fn reload_from_disk(&mut self) {
        self.commit_typing();
        // The writer lock and the journal go on with the save's outcome.
        self.wait_for_save();
        if !self.project.read_only() && !self.unjournaled.is_empty() && self.recovery.is_none() {
            self.write_journal();
            if let Some(e) = &self.journal_error {
                self.notice = Some(format!(
                    "Not reloaded: your unsaved edits could not be kept in the journal: {e}"
                ));
                return;
            }
        }
        match self.project.reopen(Part::First(self.article.clone())) {
            Ok(project) => self.start_over(project),
            Err(e) => self.notice = Some(format!("Could not reload: {e}")),
        }
    }

    /// A read-only window asks to write: on success the banner goes and
    /// saving works; what the other writer left unsaved in its journal is
    /// offered, and what it saved meanwhile shows as changed on disk.
    fn try_writable(&mut self) {
        match self.project.upgrade() {
            Ok(()) => {
                self.banners.read_only = None;
                self.save.error = None;
                self.save.failed_at = None;
                self.notice = Some("Opened for writing: your changes can be saved now".into());
                if self.recovery.is_none() {
                    match journal::pending(&self.project.set_dir()) {
                        Ok(pending) => {
                            self.recovery =
                                pending.map(|pending| Recovery::new(pending, &self.project.set));
                        }
                        Err(e) => {
                            self.notice =
                                Some(format!("The unsaved-edit journal is unreadable: {e}"))
                        }
                    }
                }
                self.check_disk(banners::Due::Everything);
            }
            Err(FileError::Locked { holder, .. }) => {
                if let Some(read_only) = &mut self.banners.read_only {
                    read_only.holder = Some(holder);
                    read_only.still = true;
                }
            }
            Err(e) => self.notice = Some(format!("Still read-only: {e}")),
        }
    }

    /// Replaces the open project with `project` (the same folder read
    /// again), keeping the preferences and the article in view.
    fn start_over(&mut self, project: Project) {
        let prefs = std::mem::take(&mut self.prefs);
        let (article, tab) = (self.article.take(), self.bottom_tab);
        *self = ConcordApp::new(project, prefs);
        if let Some(article) = article {
            self.handle(Command::OpenArticle(article));
        }
        self.bottom_tab = tab;
    }

    /// Takes the rest of the set once it is read; returns how long until
    /// the next look (the progress shown moves meanwhile).
    pub fn loading_tick(&mut self) -> Option<f64> {
        let loading = self.loading.as_mut()?;
        let Some(read) = loading.poll() else {
            return Some(0.1);
        };
        self.loading = None;
        match read {
            Ok(loaded) => {
                self.project.finish_loading(loaded);
                self.revision += 1;
                if let Some(recovery) = &mut self.recovery {
                    recovery.plan_on(&self.project.set);
                }
                if let Some(picked) = self.waiting_transfer.take() {
                    self.start_transfer(picked);
                }
            }
            Err(e) => {
                self.load_error = Some(format!(
                    "Only part of the set could be read: {e}. Saving keeps what you edit; validation, import and export need the rest. Fix the file and reload."
                ));
                if self.waiting_transfer.take().is_some() {
                    self.notice = Some(
                        "The import or export that waited did not start: part of the set could not be read".into(),
                    );
                }
            }
        }
        None
    }

    /// What the window says while the set is incomplete: why, and how far
    /// the reading is.
    pub fn incomplete(&self) -> Option<String> {
        if self.project.set.is_complete() {
            return None;
        }
        Some(match (&self.loading, &self.load_error) {
            (Some(loading), _) => loading.describe(),
            (None, Some(error)) => error.clone(),
            (None, None) => "part of the set is not read".into(),
        })
    }

    /// Starts the import or export picked in a file dialog, or keeps it
    /// until the whole set is read.
    pub fn start_transfer(&mut self, picked: super::dialogs::Picked) {
        if !self.project.set.is_complete() {
            self.notice = Some(match self.loading.is_some() {
                true => "Starts once every article's annotations are read".into(),
                false => "Not started: part of the set could not be read".into(),
            });
            if self.loading.is_some() {
                self.waiting_transfer = Some(picked);
            }
            return;
        }
        if let Some(pending) = self.transfer.pending.take() {
            self.transfer.start(
                pending,
                picked.path,
                &self.project.set,
                &self.project.corpus,
            );
        }
    }

    /// Takes finished background validation, and starts one once the editor
    /// has paused; returns how long until the next check is due.
    pub fn revalidate(&mut self) -> Option<f64> {
        self.revalidator.poll();
        if !self.project.set.is_complete() {
            // Cross-source checks of part of the set would be wrong.
            return None;
        }
        if let Some(due) = self.validate_due {
            if self.now < due {
                return Some(due - self.now);
            }
            self.validate_due = None;
        }
        // Findings of an older state are never left as the last word: ask
        // again for the live one (once per revision).
        if self.revalidator.requested() < Some(self.revision) {
            self.revalidator
                .request(self.revision, &self.project.set, &self.project.corpus);
        }
        // Poll again soon while the worker runs; nothing while idle.
        self.revalidator.is_running().then_some(0.05)
    }

    /// Autosaves once the editor has paused; returns how long until the
    /// next check is due, for a delayed repaint (nothing while idle).
    pub fn autosave(&mut self) -> Option<f64> {
        // Waiting for the editor's choice about files changed on disk.
        let choosing = !self.banners.changed.is_empty();
        if !self.prefs.autosave
            || !self.unsaved()
            || self.project.read_only()
            || choosing
            || self.saver.is_running()
        {
            return None;
        }
        let since = match (self.save.failed_at, self.save.pending_since) {
            // After a failure, wait a while before trying again.
            (Some(failed), _) => failed + 10.0 * AUTOSAVE_DELAY,
            (None, Some(pending)) => pending + AUTOSAVE_DELAY,
            (None, None) => self.now + AUTOSAVE_DELAY,
        };
        if self.now >= since {
            self.save_now();
            return None;
        }
        Some(since - self.now)
    }

    /// Journals the edits made since the last write once the editor has
    /// paused; returns how long until it is due. Nothing is written while an
    /// earlier run's journal waits for the editor's choice.
    pub fn journal_tick(&mut self) -> Option<f64> {
        // While a save is written the journal waits: it is removed when the
        // save lands, so what goes in it now would go with it.
        if self.unjournaled.is_empty()
            || self.recovery.is_some()
            || self.project.read_only()
            || self.saver.is_running()
        {
            return None;
        }
        // A set with no folder behind it (generated in memory) has nowhere
        // to journal to; nothing is created in its place.
        if !self.project.root.is_dir() {
            self.unjournaled.clear();
            return None;
        }
        let due = *self.journal_due.get_or_insert(self.now + JOURNAL_DELAY);
        if self.now < due {
            return Some(due - self.now);
        }
        self.write_journal();
        self.journal_due.map(|due| (due - self.now).max(0.0))
    }

    /// Writes the edits not journaled yet, now.
    pub fn write_journal(&mut self) {
        match self.journal.append(&self.unjournaled) {
            Ok(()) => {
                self.unjournaled.clear();
                self.journal_due = None;
                self.journal_error = None;
            }
            Err(e) => {
                self.journal_error = Some(e.to_string());
                self.journal_due = Some(self.now + 10.0 * JOURNAL_DELAY);
            }
        }
    }

    /// Applies what an earlier run journaled (one undo step) and reports
    /// what no longer applies; or, with `restore` false, discards it.
    pub fn recover(&mut self, restore: bool) {
        if restore && self.recovery.as_ref().is_some_and(|r| r.plan.is_none()) {
            // Restoring waits for the whole set; discarding does not.
            return;
        }
        let Some(recovery) = self.recovery.take() else {
            return;
        };
        // The old file goes either way; restored edits are journaled anew.
        if let Err(e) = journal::remove(&self.project.set_dir()) {
            self.journal_error = Some(e.to_string());
        }
        if !restore {
            return;
        }
        let Some(plan) = recovery.plan else {
            return;
        };
        if let Some(edit) = plan.edit {
            self.handle(Command::Edit(edit));
        }
        let mut notice = format!("Restored {} unsaved edit(s)", plan.applied);
        if !plan.refused.is_empty() {
            notice.push_str(&format!(
                "; {} no longer apply: {}",
                plan.refused.len(),
                plan.refused.join("; ")
            ));
        }
        self.notice = Some(notice);
    }

    /// Commits text typed into fields but not committed yet (a note, tags,
    /// article metadata), as the fields would on leaving them.
    pub fn commit_typing(&mut self) {
        let mut edits = self.inspector.take_typing(&self.project.set);
        edits.extend(self.metadata.take_typing(&self.project.set));
        for edit in edits {
            self.handle(Command::Edit(edit));
        }
    }

    /// Reads the articles folder again (an import added article files),
    /// keeping the set, its undo history, the import report and what is
    /// selected where it still exists. The project stays open as it is.
    fn reload(&mut self) {
        let dir = self.project.root.join(&self.project.settings.articles);
        match crate::core::article::Corpus::load(&dir) {
            Ok(corpus) => {
                self.project.corpus = std::sync::Arc::new(corpus);
                let corpus = &self.project.corpus;
                if self
                    .article
                    .as_ref()
                    .is_none_or(|a| corpus.get(a).is_none())
                {
                    self.article = corpus.articles().next().map(|a| a.id.clone());
                    self.selected = None;
                    self.selection = None;
                }
                self.revision += 1;
                self.validate_due = Some(self.now);
            }
            Err(e) => self.notice = Some(format!("Could not read {} again: {e}", dir.display())),
        }
    }

    fn open_folder(&mut self, dir: PathBuf) {
        if self.unsaved() {
            self.save_and_wait();
            if self.unsaved() {
                self.notice = Some("Not opened: the current edits could not be saved".into());
                return;
            }
        }
        // A reload keeps this window's writer lock; another folder is
        // opened for writing if no one else writes it.
        let opened = if dir == self.project.root {
            self.project.reopen(Part::First(None))
        } else {
            super::open_project(&dir)
        };
        match opened {
            Ok(project) => {
                let mut prefs = std::mem::take(&mut self.prefs);
                prefs.previous_folder = Some(self.project.root.clone());
                prefs.last_folder = Some(dir);
                *self = ConcordApp::new(project, prefs);
            }
            Err(e) => self.notice = Some(format!("Could not open {}: {e}", dir.display())),
        }
    }
}

/// The annotation an undo or redo step brings back or changes (the first,
/// in a batch), to select.
fn restored(edit: &Edit) -> Option<AnnotationId> {
    match edit {
        Edit::AddAnnotation(a) | Edit::ReplaceAnnotation(a) => Some(a.id.clone()),
        Edit::Batch(edits) => edits.iter().find_map(restored),
        _ => None,
    }
}

/// The id of the first annotation an edit adds (a new claim, quote or stance
/// is selected and its inspector focused).
fn first_added(edit: &Edit) -> Option<AnnotationId> {
    match edit {
        Edit::AddAnnotation(a) => Some(a.id.clone()),
        Edit::Batch(edits) => edits.iter().find_map(first_added),
        _ => None,
    }
}
