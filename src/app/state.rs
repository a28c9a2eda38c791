//! The app's state and the one place commands change it.

use crate::app::command::Command;
use crate::app::dialogs::Dialogs;
use crate::app::entities::EntitiesPanel;
use crate::app::findings::FindingsPanel;
use crate::app::metadata::MetadataForm;
use crate::app::propositions::PropositionsPanel;
use crate::app::revalidate::Revalidator;
use crate::app::table::AnnotationTable;
use crate::app::transfer::Transfer;
use crate::app::utterances::UtterancesPanel;
use crate::app::{article_list, article_view, find, inspector};
use crate::core::edit::{Edit, History};
use crate::core::model::{AnnotationId, ArticleId};
use crate::core::store::Project;
use crate::core::validate::Finding;
use std::ops::Range;
use std::path::PathBuf;

/// Seconds after the last edit before an autosave.
pub const AUTOSAVE_DELAY: f64 = 3.0;

/// Seconds after the last edit before re-validating, so a burst of edits
/// costs one background run.
pub const VALIDATE_DELAY: f64 = 0.4;

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
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            theme: egui::ThemePreference::System,
            autosave: true,
            last_folder: None,
            previous_folder: None,
            text_size: 15.0,
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
    /// Input time of the first edit not yet saved.
    pub pending_since: Option<f64>,
    /// The last save's error; the edits stay in memory and saving is retried.
    pub error: Option<String>,
    /// Input time of the last failed attempt, so autosave does not retry every frame.
    pub failed_at: Option<f64>,
}

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
    pub view: article_view::ViewState,
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
    pub reanchor: crate::app::reanchor::ReanchorPanel,
}

impl ConcordApp {
    pub fn new(project: Project, prefs: Prefs) -> Self {
        let article = project.corpus.articles().next().map(|a| a.id.clone());
        let mut revalidator = Revalidator::new(None);
        revalidator.request(0, &project.set, &project.corpus);
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
            notice: None,
            bottom_tab: BottomTab::default(),
            show_help: false,
            save_requested: false,
            closing: Closing::default(),
            now: 0.0,
            edited: false,
            view: article_view::ViewState::default(),
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
            reanchor: Default::default(),
        }
    }

    /// The latest validation's findings.
    pub fn findings(&self) -> &[Finding] {
        self.revalidator.findings()
    }

    /// True while edits are not on disk.
    pub fn unsaved(&self) -> bool {
        self.edited && self.project.set.is_dirty()
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
                match self.history.apply(&mut self.project.set, edit) {
                    Ok(()) => {
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
                let result = if command == Command::Undo {
                    self.history.undo(&mut self.project.set)
                } else {
                    self.history.redo(&mut self.project.set)
                };
                match result {
                    Ok(true) => self.changed(),
                    Ok(false) => {}
                    Err(e) => self.notice = Some(format!("Could not undo/redo: {e}")),
                }
            }
            Command::Save => self.save_now(),
            Command::OpenFolder(dir) => self.open_folder(dir),
            Command::Reload => self.open_folder(self.project.root.clone()),
            Command::OpenArticle(id) => {
                if self.project.corpus.get(&id).is_some() && self.article.as_ref() != Some(&id) {
                    self.article = Some(id);
                    self.selected = None;
                    self.selection = None;
                }
            }
            Command::SelectAnnotation(id) => {
                if let Some(a) = self.project.set.annotation(&id) {
                    self.view.reveal(a.span.range());
                    self.article = Some(a.article.clone());
                    self.selected = Some(id);
                    self.selection = None;
                }
            }
            Command::RevealSpan {
                article,
                start,
                end,
            } => {
                if self.project.corpus.get(&article).is_some() {
                    if self.article.as_ref() != Some(&article) {
                        self.selected = None;
                    }
                    self.article = Some(article);
                    self.selection = Some(start..end);
                    self.view.reveal(start..end);
                }
            }
        }
    }

    fn changed(&mut self) {
        self.revision += 1;
        self.edited = true;
        self.notice = None;
        if self.save.pending_since.is_none() {
            self.save.pending_since = Some(self.now);
        }
        self.validate_due = Some(self.now + VALIDATE_DELAY);
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

    /// Saves what changed. On failure the edits stay in memory and the error
    /// stays on the status bar until a save succeeds.
    pub fn save_now(&mut self) {
        match self.project.save() {
            Ok(_) => {
                self.save = SaveState::default();
                self.edited = false;
            }
            Err(e) => {
                self.save.error = Some(e.to_string());
                self.save.failed_at = Some(self.now);
            }
        }
    }

    /// Takes finished background validation, and starts one once the editor
    /// has paused; returns how long until the next check is due.
    pub fn revalidate(&mut self) -> Option<f64> {
        self.revalidator.poll();
        if let Some(due) = self.validate_due {
            if self.now < due {
                return Some(due - self.now);
            }
            self.validate_due = None;
            self.revalidator
                .request(self.revision, &self.project.set, &self.project.corpus);
        }
        // Poll again soon while the worker runs; nothing while idle.
        self.revalidator.is_running().then_some(0.05)
    }

    /// Autosaves once the editor has paused; returns how long until the
    /// next check is due, for a delayed repaint (nothing while idle).
    pub fn autosave(&mut self) -> Option<f64> {
        if !self.prefs.autosave || !self.unsaved() {
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

    fn open_folder(&mut self, dir: PathBuf) {
        if self.unsaved() {
            self.save_now();
            if self.unsaved() {
                self.notice = Some("Not opened: the current edits could not be saved".into());
                return;
            }
        }
        match Project::open(&dir) {
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

/// The id of the first annotation an edit adds (a new claim, quote or stance
/// is selected and its inspector focused).
fn first_added(edit: &Edit) -> Option<AnnotationId> {
    match edit {
        Edit::AddAnnotation(a) => Some(a.id.clone()),
        Edit::Batch(edits) => edits.iter().find_map(first_added),
        _ => None,
    }
}
