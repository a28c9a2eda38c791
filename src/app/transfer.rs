//! Import and export from the window: the work runs on its own thread over a
//! snapshot of the set, with a progress bar and a cancel button; the result
//! comes back as a command (an import is one undo step) and a report.
//!
//! The editor keeps working while an import runs, so when it lands each of
//! its changes is checked against the live set: a change whose target
//! (an annotation id, an entity, an article's metadata, …) the editor changed
//! since the snapshot is not applied, and the report says so.

use crate::app::command::Command;
use crate::app::dialogs::Purpose;
use crate::core::article::Corpus;
use crate::core::edit::Edit;
use crate::core::export::{self, ExportOptions};
use crate::core::import::{self, Import};
use crate::core::model::{
    AnnotationId, AnnotationSet, ArticleId, EntityId, KindName, PropositionId, UtteranceId,
};
use crate::core::progress::Progress;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

/// The CLI's export filters (`concord export --kinds --articles --outlets
/// --valid-only`). An empty set keeps everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportFilters {
    pub kinds: BTreeSet<KindName>,
    pub articles: BTreeSet<ArticleId>,
    pub outlets: BTreeSet<String>,
    /// Leave out annotations with error-level findings; the worker validates
    /// the snapshot it exports, so the findings are those of what is written.
    pub valid_only: bool,
}

/// What the editor asked for, waiting for a path from the file dialog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pending {
    Import(import::Format),
    Export(export::Format, ExportFilters),
}

/// One entry of File > Import: a format, and whether it reads a file or a
/// folder. Only what an importer reads is offered.
#[derive(Clone, Copy, Debug)]
pub struct ImportChoice {
    pub label: &'static str,
    pub format: import::Format,
    pub purpose: Purpose,
}

pub const IMPORT_CHOICES: [ImportChoice; 9] = {
    use Purpose::{ImportFile, ImportFolder};
    use import::Format as F;
    const fn choice(label: &'static str, format: F, purpose: Purpose) -> ImportChoice {
        ImportChoice {
            label,
            format,
            purpose,
        }
    }
    [
        choice("Articles: a folder of texts", F::Articles, ImportFolder),
        choice(
            "Articles: a JSONL file",
            F::Articles,
            ImportFile(&["jsonl", "json"]),
        ),
        choice("Concord jsonl", F::Jsonl, ImportFile(&["jsonl", "json"])),
        choice("brat: a folder", F::Brat, ImportFolder),
        choice("brat: one .ann file", F::Brat, ImportFile(&["ann"])),
        choice("doccano", F::Doccano, ImportFile(&["jsonl", "json"])),
        choice("Label Studio", F::LabelStudio, ImportFile(&["json"])),
        choice(
            "W3C Web Annotation",
            F::W3c,
            ImportFile(&["jsonld", "json"]),
        ),
        choice("A whole set (RON)", F::Set, ImportFile(&["ron"])),
    ]
};

enum Outcome {
    /// The import and the snapshot it was computed on.
    Imported(Box<Import>, Box<AnnotationSet>),
    /// What was written where, and how many annotations were left out for
    /// their errors.
    Exported(export::ExportReport, PathBuf, usize),
    Failed(String),
}

struct Job {
    what: String,
    progress: Progress,
    result: Receiver<Outcome>,
}

/// At most one import or export at a time, and the last one's report.
#[derive(Default)]
pub struct Transfer {
    /// The format chosen in the menu; the dialog supplies the path.
    pub pending: Option<Pending>,
    job: Option<Job>,
    /// The last report, shown until dismissed.
    report: Option<String>,
    /// One line about the last finished job, for the status bar.
    status: Option<String>,
    /// The export form, while open.
    form: Option<ExportForm>,
}

impl Transfer {
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Asks the running job to stop; it ends with a "cancelled" report.
    pub fn cancel(&self) {
        if let Some(job) = &self.job {
            job.progress.cancel();
        }
    }

    /// The last finished job's report, until dismissed.
    pub fn report(&self) -> Option<&str> {
        self.report.as_deref()
    }

    /// Starts `pending` on `path` over a snapshot of `set`.
    pub fn start(
        &mut self,
        pending: Pending,
        path: PathBuf,
        set: &AnnotationSet,
        corpus: &Arc<Corpus>,
    ) {
        let (tx, result) = std::sync::mpsc::channel();
        let progress = Progress::new();
        let (snapshot, corpus, worker_progress) =
            (set.snapshot(), corpus.clone(), progress.clone());
        let what = match &pending {
            Pending::Import(f) => format!("Importing {} from {}", f.as_str(), path.display()),
            Pending::Export(f, _) => format!("Exporting {} to {}", f.as_str(), path.display()),
        };
        let spawned = std::thread::Builder::new()
            .name("concord-transfer".into())
            .spawn(move || {
                let set = snapshot.into_set();
                let outcome = match pending {
                    Pending::Import(format) => {
                        match import::import(format, &path, &set, &corpus, &worker_progress) {
                            Ok(done) => Outcome::Imported(Box::new(done), Box::new(set)),
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                    Pending::Export(format, filters) => {
                        let mut options = ExportOptions {
                            kinds: filters.kinds,
                            articles: filters.articles,
                            outlets: filters.outlets,
                            ..ExportOptions::default()
                        };
                        if filters.valid_only {
                            let findings = crate::core::validate::validate(&set, &corpus);
                            options.leave_out_errors(&findings);
                        }
                        let invalid = options.exclude.len();
                        match export::export(
                            format,
                            &set,
                            &corpus,
                            &options,
                            &path,
                            &worker_progress,
                        ) {
                            Ok(report) => Outcome::Exported(report, path, invalid),
                            Err(e) => Outcome::Failed(e.to_string()),
                        }
                    }
                };
                // The window may have closed meanwhile; nothing to tell then.
                let _ = tx.send(outcome);
            });
        match spawned {
            Ok(_) => {
                self.job = Some(Job {
                    what,
                    progress,
                    result,
                })
            }
            Err(e) => self.report = Some(format!("Could not start: {e}")),
        }
    }

    /// Collects a finished job: the commands it produces (an import's edit,
    /// less what conflicts with `live`; a reload when it added article files).
    pub fn poll(&mut self, live: &AnnotationSet) -> Vec<Command> {
        let Some(job) = &self.job else {
            return Vec::new();
        };
        let outcome = match job.result.try_recv() {
            Ok(outcome) => outcome,
            Err(TryRecvError::Empty) => return Vec::new(),
            Err(TryRecvError::Disconnected) => Outcome::Failed("the worker stopped".into()),
        };
        let what = self.job.take().map(|job| job.what).unwrap_or_default();
        let mut commands = Vec::new();
        self.report = Some(match outcome {
            Outcome::Failed(e) => {
                self.status = Some(format!("{what}: failed: {e}"));
                format!("{what}: failed: {e}")
            }
            Outcome::Exported(r, path, invalid) => {
                let written = match r.files.as_slice() {
                    [one] => one.display().to_string(),
                    files => format!("{} files in {}", files.len(), path.display()),
                };
                let status = format!(
                    "Exported {} annotations from {} articles to {written}",
                    r.annotations, r.articles
                );
                let mut text = format!("{status}.");
                if invalid > 0 {
                    text.push_str(&format!(
                        "\n{invalid} annotations with errors were left out."
                    ));
                }
                for left in &r.left_out {
                    text.push_str(&format!("\nLeft out in {}: {}", left.article, left.reason));
                }
                for file in r.files.iter().skip(1).take(20) {
                    text.push_str(&format!("\n{}", file.display()));
                }
                self.status = Some(status);
                text
            }
            Outcome::Imported(done, base) => {
                let mut text = import_summary(&done);
                self.status = Some(format!("Imported: {}", first_line(&text)));
                let (edit, conflicts) = against_live(done.edit, &base, live);
                for conflict in conflicts {
                    text.push_str(&format!("\n{conflict}"));
                }
                commands.extend(edit.map(Command::Edit));
                if !done.new_articles.is_empty() {
                    // New texts are saved with the annotations on them, as
                    // one transaction.
                    commands.push(Command::AddArticles(done.new_articles));
                }
                text
            }
        });
        commands
    }

    /// One line about the last finished job (what was written where), once.
    pub fn take_status(&mut self) -> Option<String> {
        self.status.take()
    }

    /// How far the running job is (done, total; total 0 while it prepares).
    pub fn progress(&self) -> Option<(u64, u64)> {
        let job = self.job.as_ref()?;
        Some((job.progress.done(), job.progress.total()))
    }

    /// The progress bar with its cancel button, while a job runs.
    pub fn progress_ui(&self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            return;
        };
        ui.label(&job.what);
        let (done, total) = (job.progress.done(), job.progress.total());
        let bar = egui::ProgressBar::new(job.progress.fraction()).desired_width(160.0);
        // Before the count is known (choosing and checking what to write)
        // the bar moves without a number, so a long job never looks stuck.
        let bar = match total {
            0 => bar.animate(true).text("preparing"),
            _ => bar.text(format!("{done} of {total} articles")),
        };
        ui.add(bar);
        if ui.button("Cancel").clicked() {
            self.cancel();
        }
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(100));
    }

    /// Opens File > Export… over `set` and `corpus`.
    pub fn open_export(&mut self, set: &AnnotationSet, corpus: &Corpus) {
        self.form = Some(ExportForm::new(set, corpus));
    }

    /// The export form while open. When the editor asks for a path, the
    /// form closes, the export waits in [`Transfer::pending`] and the
    /// dialog to ask with is returned. `open` is the article in the view.
    pub fn export_form_ui(
        &mut self,
        ctx: &egui::Context,
        open: Option<&ArticleId>,
    ) -> Option<Purpose> {
        let form = self.form.as_mut()?;
        let mut shown = true;
        let mut chosen = false;
        egui::Window::new("Export")
            .open(&mut shown)
            .collapsible(false)
            .default_width(420.0)
            .show(ctx, |ui| chosen = form.ui(ui, open));
        if !chosen {
            if !shown {
                self.form = None;
            }
            return None;
        }
        let form = self.form.take()?;
        self.pending = Some(Pending::Export(form.format, form.filters(open)));
        Some(if form.format.writes_folder() {
            Purpose::ExportFolder
        } else {
            Purpose::ExportFile(form.format.extension())
        })
    }

    /// The last report, in a window until closed.
    pub fn report_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.report.is_some();
        if let Some(report) = &self.report {
            egui::Window::new("Import / export report")
                .open(&mut open)
                .default_width(480.0)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            ui.label(report);
                        });
                });
        }
        if !open {
            self.report = None;
        }
    }
}

/// Which articles an export takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Articles {
    All,
    Open,
    Chosen,
}

/// File > Export…: the format and the CLI's filters, then a path.
pub struct ExportForm {
    format: export::Format,
    kinds: [bool; 3],
    articles: Articles,
    /// Every article of the corpus with the label it is listed by, and
    /// which are ticked (for [`Articles::Chosen`]).
    listed: Vec<(ArticleId, String, bool)>,
    article_filter: String,
    /// The outlets the set names, each ticked or not; all ticked keeps
    /// every article, outlet or none.
    outlets: Vec<(String, bool)>,
    valid_only: bool,
}

impl ExportForm {
    /// A form over `set` and `corpus`, everything chosen. Reads each
    /// article's metadata once, here.
    fn new(set: &AnnotationSet, corpus: &Corpus) -> Self {
        let listed = corpus
            .articles()
            .map(|a| {
                let meta = set.article(&a.id).map(|x| &x.record.meta);
                let label = match meta {
                    Some(m) if !m.outlet.is_empty() || !m.title.is_empty() => {
                        format!("{}  {} {}", a.id, m.outlet, m.title)
                    }
                    _ => a.id.to_string(),
                };
                (a.id.clone(), label, true)
            })
            .collect();
        let outlets: BTreeSet<&str> = set
            .articles()
            .values()
            .map(|a| a.record.meta.outlet.as_str())
            .filter(|o| !o.is_empty())
            .collect();
        ExportForm {
            format: export::Format::Jsonl,
            kinds: [true; 3],
            articles: Articles::All,
            listed,
            article_filter: String::new(),
            outlets: outlets.into_iter().map(|o| (o.to_owned(), true)).collect(),
            valid_only: false,
        }
    }

    /// The filters as ticked; `open` is the article in the view.
    fn filters(&self, open: Option<&ArticleId>) -> ExportFilters {
        let kinds = match self.kinds {
            [true, true, true] => BTreeSet::new(),
            ticked => KindName::ALL
                .into_iter()
                .filter(|k| ticked[*k as usize])
                .collect(),
        };
        let articles = match self.articles {
            Articles::All => BTreeSet::new(),
            Articles::Open => open.into_iter().cloned().collect(),
            Articles::Chosen => self
                .listed
                .iter()
                .filter(|(_, _, ticked)| *ticked)
                .map(|(id, _, _)| id.clone())
                .collect(),
        };
        let outlets = match self.outlets.iter().all(|(_, ticked)| *ticked) {
            true => BTreeSet::new(),
            false => self
                .outlets
                .iter()
                .filter(|(_, ticked)| *ticked)
                .map(|(o, _)| o.clone())
                .collect(),
        };
        ExportFilters {
            kinds,
            articles,
            outlets,
            valid_only: self.valid_only,
        }
    }

    /// Why nothing would be exported, if so.
    fn empty_choice(&self, open: Option<&ArticleId>) -> Option<&'static str> {
        if self.kinds == [false; 3] {
            return Some("Tick at least one kind.");
        }
        if !self.outlets.is_empty() && self.outlets.iter().all(|(_, t)| !*t) {
            return Some("Tick at least one outlet.");
        }
        match self.articles {
            Articles::Open if open.is_none() => Some("No article is open."),
            Articles::Chosen if self.listed.iter().all(|(_, _, t)| !*t) => {
                Some("Tick at least one article.")
            }
            _ => None,
        }
    }

    /// The form's contents; returns true when the editor asks for a path.
    fn ui(&mut self, ui: &mut egui::Ui, open: Option<&ArticleId>) -> bool {
        egui::Grid::new("export form")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                ui.label("Format");
                ui.horizontal_wrapped(|ui| {
                    for format in export::Format::ALL {
                        ui.selectable_value(&mut self.format, format, format.as_str());
                    }
                });
                ui.end_row();
                ui.label("Kinds");
                ui.horizontal(|ui| {
                    for kind in KindName::ALL {
                        ui.checkbox(&mut self.kinds[kind as usize], kind.as_str());
                    }
                });
                ui.end_row();
                ui.label("Outlets");
                ui.vertical(|ui| {
                    if self.outlets.is_empty() {
                        ui.weak("No article names its outlet; all are exported.");
                    }
                    egui::ScrollArea::vertical()
                        .id_salt("export outlets")
                        .max_height(100.0)
                        .show(ui, |ui| {
                            for (outlet, ticked) in &mut self.outlets {
                                ui.checkbox(ticked, outlet.as_str());
                            }
                        });
                });
                ui.end_row();
                ui.label("Articles");
                ui.vertical(|ui| {
                    ui.horizontal(|ui| {
                        ui.radio_value(&mut self.articles, Articles::All, "All");
                        ui.add_enabled_ui(open.is_some(), |ui| {
                            ui.radio_value(&mut self.articles, Articles::Open, "The open one");
                        });
                        ui.radio_value(&mut self.articles, Articles::Chosen, "Chosen:");
                    });
                    if self.articles == Articles::Chosen {
                        self.chooser_ui(ui);
                    }
                });
                ui.end_row();
                ui.label("Errors");
                ui.checkbox(
                    &mut self.valid_only,
                    "Leave out annotations with validation errors",
                );
                ui.end_row();
            });
        ui.add_space(6.0);
        let problem = self.empty_choice(open);
        if let Some(problem) = problem {
            ui.colored_label(ui.visuals().warn_fg_color, problem);
        }
        let target = if self.format.writes_folder() {
            "Choose a folder…"
        } else {
            "Choose a file…"
        };
        ui.add_enabled(problem.is_none(), egui::Button::new(target))
            .clicked()
    }

    /// The list of articles to tick, filtered by what is typed above it.
    fn chooser_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            let label = ui.label("Filter");
            ui.add(egui::TextEdit::singleline(&mut self.article_filter).desired_width(160.0))
                .labelled_by(label.id);
            if ui.small_button("all").clicked() {
                self.listed.iter_mut().for_each(|(_, _, t)| *t = true);
            }
            if ui.small_button("none").clicked() {
                self.listed.iter_mut().for_each(|(_, _, t)| *t = false);
            }
        });
        let needle = self.article_filter.to_lowercase();
        let mut shown: Vec<&mut (ArticleId, String, bool)> = self
            .listed
            .iter_mut()
            .filter(|(_, label, _)| needle.is_empty() || label.to_lowercase().contains(&needle))
            .collect();
        let row = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("export articles")
            .max_height(160.0)
            .show_rows(ui, row, shown.len(), |ui, range| {
                for (_, label, ticked) in &mut shown[range] {
                    ui.checkbox(ticked, label.as_str());
                }
            });
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

fn import_summary(done: &Import) -> String {
    let r = &done.report;
    let mut text = format!(
        "{} annotations, {} entities, {} propositions, {} utterances and {} articles mapped.",
        r.annotations, r.entities, r.propositions, r.utterances, r.articles
    );
    for problem in &r.problems {
        text.push_str(&format!("\n{problem}"));
    }
    text
}

/// What one change of an import is about.
#[derive(PartialEq)]
enum Target<'a> {
    Annotation(&'a AnnotationId),
    Entity(&'a EntityId),
    Proposition(&'a PropositionId),
    Utterance(&'a UtteranceId),
    Meta(&'a ArticleId),
    Fingerprint(&'a ArticleId),
    Rejected(&'a ArticleId),
    Info,
}

impl Target<'_> {
    fn of(edit: &Edit) -> Option<Target<'_>> {
        Some(match edit {
            Edit::AddAnnotation(a) | Edit::ReplaceAnnotation(a) => Target::Annotation(&a.id),
            Edit::RemoveAnnotation(id) => Target::Annotation(id),
            Edit::PutEntity(e) => Target::Entity(&e.id),
            Edit::RemoveEntity(id) => Target::Entity(id),
            Edit::PutProposition(p) => Target::Proposition(&p.id),
            Edit::RemoveProposition(id) => Target::Proposition(id),
            Edit::PutUtterance(u) => Target::Utterance(&u.id),
            Edit::RemoveUtterance(id) => Target::Utterance(id),
            Edit::SetArticleMeta { article, .. } => Target::Meta(article),
            Edit::SetFingerprint { article, .. } => Target::Fingerprint(article),
            Edit::SetRejected { article, .. } => Target::Rejected(article),
            Edit::SetInfo(_) => Target::Info,
            Edit::Batch(_) => return None,
        })
    }

    /// True when the target reads the same in both sets.
    fn same(&self, a: &AnnotationSet, b: &AnnotationSet) -> bool {
        let record = |s: &AnnotationSet, id: &ArticleId| s.article(id).map(|x| x.record.clone());
        match self {
            Target::Annotation(id) => a.annotation(id) == b.annotation(id),
            Target::Entity(id) => a.entities().get(*id) == b.entities().get(*id),
            Target::Proposition(id) => a.propositions().get(*id) == b.propositions().get(*id),
            Target::Utterance(id) => a.utterances().get(*id) == b.utterances().get(*id),
            Target::Meta(id) => {
                record(a, id).map(|r| r.meta).unwrap_or_default()
                    == record(b, id).map(|r| r.meta).unwrap_or_default()
            }
            Target::Fingerprint(id) => {
                record(a, id).map(|r| r.fingerprint).unwrap_or_default()
                    == record(b, id).map(|r| r.fingerprint).unwrap_or_default()
            }
            Target::Rejected(id) => {
                record(a, id).map(|r| r.rejected).unwrap_or_default()
                    == record(b, id).map(|r| r.rejected).unwrap_or_default()
            }
            Target::Info => a.info() == b.info(),
        }
    }

    fn describe(&self) -> String {
        match self {
            Target::Annotation(id) => format!("annotation {id}"),
            Target::Entity(id) => format!("entity {id}"),
            Target::Proposition(id) => format!("proposition {id}"),
            Target::Utterance(id) => format!("utterance {id}"),
            Target::Meta(id) => format!("the metadata of article {id}"),
            Target::Fingerprint(id) => format!("the fingerprint of article {id}"),
            Target::Rejected(id) => format!("the rejected suggestions of article {id}"),
            Target::Info => "the set's settings".to_owned(),
        }
    }
}

/// True when `edit` would leave `set` as it is (the editor already made
/// the same change).
fn already_there(edit: &Edit, set: &AnnotationSet) -> bool {
    let record = |id: &ArticleId| set.article(id).map(|x| &x.record);
    match edit {
        Edit::AddAnnotation(a) | Edit::ReplaceAnnotation(a) => set.annotation(&a.id) == Some(&**a),
        Edit::RemoveAnnotation(id) => set.annotation(id).is_none(),
        Edit::PutEntity(e) => set.entities().get(&e.id) == Some(e),
        Edit::RemoveEntity(id) => !set.entities().contains_key(id),
        Edit::PutProposition(p) => set.propositions().get(&p.id) == Some(p),
        Edit::RemoveProposition(id) => !set.propositions().contains_key(id),
        Edit::PutUtterance(u) => set.utterances().get(&u.id) == Some(u),
        Edit::RemoveUtterance(id) => !set.utterances().contains_key(id),
        Edit::SetArticleMeta { article, meta } => {
            record(article).map_or(meta.is_empty(), |r| r.meta == *meta)
        }
        Edit::SetFingerprint {
            article,
            fingerprint,
        } => record(article).map_or(fingerprint.is_empty(), |r| r.fingerprint == *fingerprint),
        Edit::SetRejected { article, rejected } => {
            record(article).map_or(rejected.is_empty(), |r| r.rejected == *rejected)
        }
        Edit::SetInfo(info) => set.info() == info,
        Edit::Batch(edits) => edits.iter().all(|e| already_there(e, set)),
    }
}

/// Splits an import's `edit`, computed on `base`, into what still applies to
/// `live` (one batch, one undo step) and the changes left out because the
/// editor changed their target since `base` (described for the report).
pub fn against_live(
    edit: Edit,
    base: &AnnotationSet,
    live: &AnnotationSet,
) -> (Option<Edit>, Vec<String>) {
    let mut leaves = Vec::new();
    flatten(edit, &mut leaves);
    let mut keep = Vec::with_capacity(leaves.len());
    let mut conflicts: Vec<String> = Vec::new();
    for edit in leaves {
        let Some(target) = Target::of(&edit) else {
            continue;
        };
        if already_there(&edit, live) {
            continue;
        }
        if target.same(base, live) {
            keep.push(edit);
            continue;
        }
        let message = format!(
            "Kept your edit of {} (changed while importing); the imported change was not applied.",
            target.describe()
        );
        if !conflicts.contains(&message) {
            conflicts.push(message);
        }
    }
    let edit = match keep.len() {
        0 => None,
        1 => keep.pop(),
        _ => Some(Edit::Batch(keep)),
    };
    (edit, conflicts)
}

fn flatten(edit: Edit, out: &mut Vec<Edit>) {
    match edit {
        Edit::Batch(edits) => edits.into_iter().for_each(|e| flatten(e, out)),
        edit => out.push(edit),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::edit::apply;
    use crate::core::model::{ArticleMeta, Entity, EntityKind};

    fn person(id: &str, name: &str) -> Entity {
        Entity {
            id: EntityId::new(id),
            name: name.into(),
            kind: EntityKind::Person,
            aliases: vec![],
        }
    }

    #[test]
    fn changes_to_targets_the_editor_touched_are_left_out() {
        let (_, mut base) = crate::core::generate::generate(&crate::core::generate::Spec {
            articles: 2,
            annotations_per_article: 2,
            seed: 4,
        });
        apply(&mut base, Edit::PutEntity(person("mayor", "Ana Ortega"))).unwrap();
        let mut live = base.clone();
        // Meanwhile the editor renames the mayor and adds annotation "x1".
        apply(&mut live, Edit::PutEntity(person("mayor", "Ana M. Ortega"))).unwrap();
        let mut mine = base.annotations().next().unwrap().clone();
        mine.id = AnnotationId::new("x1");
        apply(&mut live, Edit::AddAnnotation(Box::new(mine.clone()))).unwrap();

        let mut theirs = mine.clone();
        theirs.note = "from the wire desk".into();
        let article = mine.article.clone();
        let meta = ArticleMeta {
            outlet: "Harbour Gazette".into(),
            ..ArticleMeta::default()
        };
        let import = Edit::Batch(vec![
            Edit::PutEntity(person("mayor", "Ana Ortega Ruiz")),
            Edit::PutEntity(person("chief", "Rui Costa")),
            Edit::AddAnnotation(Box::new(theirs)),
            Edit::SetArticleMeta {
                article: article.clone(),
                meta: meta.clone(),
            },
        ]);
        let (edit, conflicts) = against_live(import, &base, &live);
        assert_eq!(
            edit,
            Some(Edit::Batch(vec![
                Edit::PutEntity(person("chief", "Rui Costa")),
                Edit::SetArticleMeta { article, meta },
            ]))
        );
        assert_eq!(conflicts.len(), 2, "{conflicts:?}");
        assert!(conflicts[0].contains("entity mayor"), "{conflicts:?}");
        assert!(conflicts[1].contains("annotation x1"), "{conflicts:?}");
        apply(&mut live, edit.unwrap()).unwrap();
        assert_eq!(
            live.entities()[&EntityId::new("mayor")].name,
            "Ana M. Ortega"
        );
    }
}
