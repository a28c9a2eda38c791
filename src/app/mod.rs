//! The egui window: article list (left), article view (centre), inspector
//! (right), a tabbed bottom area, a menu bar and a status bar.
//!
//! Panels read the app's state and push [`Command`]s onto
//! `ConcordApp::commands`; [`ConcordApp::handle_all`] applies them once at
//! the end of each frame, so no panel mutates the set directly.

pub mod article_list;
pub mod article_view;
pub mod banners;
pub mod command;
pub mod compare;
pub mod dialogs;
pub mod entities;
pub mod find;
pub mod findings;
pub mod fonts;
pub mod group_page;
pub mod inspector;
pub mod loading;
pub mod metadata;
pub mod overview;
pub mod propositions;
pub mod reanchor;
pub mod registry;
pub mod revalidate;
pub mod saver;
pub mod select;
pub mod shortcuts;
pub mod state;
pub mod suggestions;
pub mod table;
pub mod text_layout;
pub mod transfer;
pub mod utterances;
pub mod widgets;

pub use command::Command;
pub use state::{BottomTab, Closing, ConcordApp, Prefs};

use crate::core::edit::Edit;
use crate::core::model::{Annotation, Kind, KindName, Symbol};
use crate::core::store::{Part, Project};
use shortcuts::Action;
use std::path::Path;

/// eframe storage key of [`Prefs`].
const PREFS_KEY: &str = "concord.prefs";

/// Share of the height under the menu the bottom tabs take until the editor
/// drags their edge: at 1280x800 the annotation table shows a dozen rows.
const BOTTOM_SHARE: f32 = 0.45;

/// The bottom tabs are never shorter than their strip and a few rows, and
/// always leave the article this much.
const BOTTOM_MIN: f32 = 120.0;
const ARTICLE_MIN: f32 = 160.0;

/// Half the height of the bottom edge's grab zone, and the gap between the
/// article's text area and that edge (see [`ConcordApp::ui`]).
const EDGE_GRAB: f32 = 6.0;
const EDGE_GAP: i8 = 14;

/// egui memory key of the bottom tabs' rect, for [`tabs_rect`].
const TABS_RECT: &str = "concord.tabs_rect";

/// Where the bottom tabs were drawn last frame (screen points).
pub fn tabs_rect(ctx: &egui::Context) -> Option<egui::Rect> {
    ctx.data(|d| d.get_temp(egui::Id::unique(TABS_RECT)))
}

/// Opens the window on the project in `dir`.
pub fn run(dir: &Path) -> anyhow::Result<()> {
    let project = open_project(dir)?;
    let dir = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_owned());
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Concord")
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([640.0, 400.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Concord",
        options,
        Box::new(move |cc| {
            let mut prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, PREFS_KEY))
                .unwrap_or_default();
            // A folder without articles (e.g. `concord` run from home):
            // reopen the last folder instead, if it still opens.
            let (project, dir) = match prefs.last_folder.clone() {
                Some(last) if project.corpus.is_empty() && last != dir => {
                    match open_project(&last) {
                        Ok(reopened) => (reopened, last),
                        Err(_) => (project, dir),
                    }
                }
                _ => (project, dir),
            };
            prefs.previous_folder = prefs.last_folder.replace(dir.clone()).filter(|p| *p != dir);
            cc.egui_ctx.set_theme(prefs.theme);
            // A steady text cursor: a blinking one repaints twice a second.
            cc.egui_ctx
                .all_styles_mut(|s| s.visuals.text_cursor.blink = false);
            fonts::install(&cc.egui_ctx);
            Ok(Box::new(ConcordApp::new(project, prefs)))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// Opens `dir` for writing, or read-only when another process holds it
/// ([`Project::read_only`] says which; the window shows it and never saves).
pub fn open_project(dir: &Path) -> Result<Project, crate::core::error::FileError> {
    // The first article now, the rest on a thread once the window shows.
    let part = || Part::First(None);
    match Project::open_writable_part(dir, std::time::Duration::ZERO, part()) {
        Err(crate::core::error::FileError::Locked { .. }) => Project::open_part(dir, part()),
        other => other,
    }
}

impl eframe::App for ConcordApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.ui(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

impl ConcordApp {
    /// The whole window, one frame. Tests and the frame benchmark call this
    /// directly.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.now = ctx.input(|i| i.time);
        // A save that landed since the last frame shows in this one.
        self.save_tick();
        self.keyboard(&ctx);

        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        let unsaved = self.unsaved();
        let commands = self.banners.ui(ui, &self.project, unsaved);
        self.commands.extend(commands);
        let status = self.status_key();
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        // Side panels start as a share of the window, so a small window
        // still leaves the article and the table room.
        let width = ui.available_width();
        egui::Panel::left("articles")
            .resizable(true)
            .default_size((width * 0.21).clamp(180.0, 270.0))
            .size_range(160.0..=600.0)
            .show(ui, |ui| {
                let view = article_list::ListView {
                    corpus: &self.project.corpus,
                    set: &self.project.set,
                    revision: self.revision,
                    findings: self.revalidator.findings(),
                    findings_generation: self.revalidator.generation(),
                    open: self.article.as_ref(),
                };
                let commands = self.list.ui(ui, view);
                self.commands.extend(commands);
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size((width * 0.25).clamp(240.0, 320.0))
            .size_range(220.0..=700.0)
            .show(ui, |ui| {
                let view = inspector::InspectorView {
                    set: &self.project.set,
                    selected: self.selected.as_ref(),
                    article: self
                        .article
                        .as_ref()
                        .and_then(|a| self.project.corpus.get(a)),
                    selection: self.selection.clone(),
                    revision: self.revision,
                };
                let commands = self.inspector.ui(ui, &view);
                self.commands.extend(commands);
            });
        self.bottom_ui(ui);
        // A gap under the article's text area wider than the edge's grab
        // zone: egui gives a press near two widgets to the closer one, and
        // the text area (a click-and-drag widget) would otherwise win presses
        // just above the edge and select text instead of resizing.
        let frame = egui::Frame::central_panel(ui.style()).inner_margin(egui::Margin {
            bottom: EDGE_GAP,
            ..egui::Margin::same(8)
        });
        egui::CentralPanel::default()
            .frame(frame)
            .show(ui, |ui| self.article_ui(ui));

        self.windows_ui(&ctx);
        if std::mem::take(&mut self.save_requested) {
            self.commands.push(Command::Save);
        }
        if let Some(picked) = self.dialogs.ui(ui) {
            self.picked(picked);
        }
        let finished = self.transfer.poll(&self.project.set);
        self.commands.extend(finished);
        let disk_wait = self.watch_disk(&ctx);
        self.transfer.report_ui(&ctx);
        self.handle_all();
        // After the import's edit, which would clear a notice set before it.
        if let Some(status) = self.transfer.take_status() {
            self.notice = Some(status);
        }
        self.closing_ui(&ctx);
        self.recovery_ui(&ctx);
        let waits = [
            self.loading_tick(),
            self.save_wait(),
            self.autosave(),
            self.revalidate(),
            self.journal_tick(),
            disk_wait,
        ];
        if let Some(wait) = waits.into_iter().flatten().reduce(f64::min) {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        // The status bar was drawn before this frame's commands and saves:
        // when one of them changed what it says (an autosave landed), draw
        // again now rather than on the next pointer move.
        if self.status_key() != status {
            ctx.request_repaint();
        }
    }

    /// What the status bar's save and notice part says, to tell whether it
    /// changed after it was drawn.
    fn status_key(&self) -> (bool, bool, Option<String>, Option<String>, u64) {
        (
            self.unsaved(),
            self.transfer.is_running(),
            self.save.error.clone(),
            self.notice.clone(),
            self.revision,
        )
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        let covered = self.dialogs.is_open()
            || self.closing == Closing::Asking
            || self.recovery.is_some()
            || egui::Popup::is_any_open(ctx)
            || ctx.memory(|m| m.top_modal_layer().is_some());
        let typing = match (ctx.text_edit_focused(), self.inspector.has_pending_text()) {
            (false, _) if covered => shortcuts::Typing::Covered,
            (false, _) => shortcuts::Typing::No,
            (true, false) => shortcuts::Typing::InField,
            (true, true) => shortcuts::Typing::WithText,
        };
        let mut view_keys = Vec::new();
        for action in shortcuts::pressed(ctx, typing) {
            match action {
                Action::NewClaim => self.annotate(KindName::Claim),
                Action::NewQuote => self.annotate(KindName::Quote),
                Action::NewStance => self.annotate(KindName::Stance),
                Action::Next | Action::Previous => {
                    // Tab would otherwise move keyboard focus between widgets.
                    ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
                    self.step_annotation(action == Action::Next);
                }
                Action::Delete => {
                    if let Some(id) = self.selected.clone() {
                        self.commands
                            .push(Command::Edit(Edit::RemoveAnnotation(id)));
                    }
                }
                Action::Undo => self.commands.push(Command::Undo),
                Action::Redo => self.commands.push(Command::Redo),
                Action::Save => {
                    // Leaving the field commits its typing this frame; the
                    // save is queued after the panels so it includes it.
                    ctx.memory_mut(|m| {
                        if let Some(id) = m.focused() {
                            m.surrender_focus(id);
                        }
                    });
                    self.save_requested = true;
                }
                Action::Find => self.find.open_in_article(),
                Action::FindInCorpus => self.find.open_in_corpus(),
                Action::Help => self.show_help = !self.show_help,
                // The help goes first, as a window's Escape would close it.
                Action::Escape if self.show_help => self.show_help = false,
                Action::Escape => {
                    self.selection = None;
                    self.suggestions.unfocus();
                    self.find.close();
                }
                Action::View(key) => view_keys.push(key),
                Action::FocusInspector => {
                    if self.suggestions.focused(&self.project.set).is_some() {
                        self.commands.push(Command::AcceptSuggestion);
                    } else if self.selected.is_some() {
                        self.inspector.focus = true;
                    }
                }
                Action::RejectSuggestion => self.commands.push(Command::RejectSuggestion),
                Action::AcceptSuggestionsInView => {
                    self.commands.push(Command::AcceptSuggestionsInView)
                }
                Action::Link => self.commands.push(Command::LinkAcross),
                Action::CueFromSelection => self.commands.push(Command::CueFromSelection),
            }
        }
        if !view_keys.is_empty() {
            // Arrows would otherwise also move keyboard focus between widgets.
            ctx.memory_mut(|m| m.move_focus(egui::FocusDirection::None));
        }
        self.view.press(view_keys);
    }

    /// Tags the selected text as a new annotation of `kind` (one undo step,
    /// with the article's fingerprint on its first annotation).
    pub fn annotate(&mut self, kind: KindName) {
        let (Some(article_id), Some(range)) = (self.article.clone(), self.selection.clone()) else {
            self.notice = Some("Select some text first".into());
            return;
        };
        let Some(article) = self.project.corpus.get(&article_id) else {
            return;
        };
        let Ok(span) = article.text.span(range.clone()) else {
            return;
        };
        if span.is_empty() {
            self.notice = Some("Select some text first".into());
            return;
        }
        let set = &self.project.set;
        let now = jiff::Timestamp::now();
        let id = set.fresh_annotation_id(&article_id, kind);
        let annotation = Annotation {
            id: id.clone(),
            article: article_id.clone(),
            span,
            author: Symbol::new(&set.info().annotator),
            created: now,
            modified: now,
            note: String::new(),
            tags: Vec::new(),
            kind: Kind::empty(kind),
        };
        let add = Edit::AddAnnotation(Box::new(annotation));
        let first = set
            .article(&article_id)
            .is_none_or(|a| a.record.fingerprint.is_empty());
        let edit = if first {
            Edit::Batch(vec![
                Edit::SetFingerprint {
                    article: article_id,
                    fingerprint: article.fingerprint.clone(),
                },
                add,
            ])
        } else {
            add
        };
        self.commands.push(Command::Edit(edit));
        self.inspector.extend_offer = (kind == KindName::Quote)
            .then(|| select::enclosing_quotation(article, range))
            .flatten()
            .map(|r| (id, r));
    }

    /// Selects the next or previous annotation of the article in text order.
    fn step_annotation(&mut self, forward: bool) {
        let Some(article) = &self.article else {
            return;
        };
        let annotations = self.project.set.annotations_of(article);
        if annotations.is_empty() {
            return;
        }
        let current = self
            .selected
            .as_ref()
            .and_then(|id| self.project.set.position_in(article, id));
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => annotations.len() - 1,
            (Some(i), true) => (i + 1) % annotations.len(),
            (Some(i), false) => (i + annotations.len() - 1) % annotations.len(),
        };
        self.commands
            .push(Command::SelectAnnotation(annotations[next].id.clone()));
    }

    /// The centre: one article, or two to four side by side.
    fn article_ui(&mut self, ui: &mut egui::Ui) {
        let shown: Vec<_> = if self.compare.is_active() {
            self.compare.columns().to_vec()
        } else {
            self.article.iter().cloned().collect()
        };
        // An article not read yet would be offered what it already has.
        let ready: Vec<_> = (shown.iter())
            .filter(|a| !self.project.set.is_loading(a))
            .cloned()
            .collect();
        let wait = self.suggestions.tick(
            &self.project.set,
            &self.project.corpus,
            self.revision,
            &ready,
            self.now,
            ui.ctx(),
        );
        if let Some(wait) = wait {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        if !self.compare.is_active() {
            self.single_article_ui(ui, false);
            return;
        }
        if let Some(wait) =
            self.compare
                .refresh(&self.project.set, self.revision, self.now, ui.ctx())
        {
            ui.ctx()
                .request_repaint_after(std::time::Duration::from_secs_f64(wait));
        }
        self.compare
            .follow(&self.project.set, self.selected.as_ref());
        ui.horizontal(|ui| {
            ui.strong(format!("Comparing {} articles", shown.len()));
            ui.checkbox(&mut self.compare.dim_unlinked, "Dim unlinked");
            ui.weak("L: link across columns").on_hover_text(
                "Select a claim or quote in one column and one in another, then press L",
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("Stop comparing").clicked() {
                    self.commands
                        .push(Command::Compare(self.article.iter().cloned().collect()));
                }
            });
        });
        let area = ui.available_rect_before_wrap();
        let gap = 8.0;
        let width = (area.width() - gap * (shown.len() - 1) as f32) / shown.len() as f32;
        for (i, article) in shown.iter().enumerate() {
            let x = area.min.x + i as f32 * (width + gap);
            let rect = egui::Rect::from_min_size(
                egui::pos2(x, area.min.y),
                egui::vec2(width, area.height()),
            );
            let mut column = ui.new_child(
                egui::UiBuilder::new()
                    .max_rect(rect)
                    .id_salt(("column", article.as_str()))
                    .layout(egui::Layout::top_down(egui::Align::Min)),
            );
            column.set_clip_rect(rect.intersect(ui.clip_rect()));
            if self.article.as_ref() == Some(article) {
                self.single_article_ui(&mut column, true);
            } else {
                let proposed = self
                    .suggestions
                    .proposed(&self.project.set, self.revision, article);
                let input = compare::ColumnInput {
                    corpus: &self.project.corpus,
                    set: &self.project.set,
                    revision: self.revision,
                    selected: self.selected.as_ref(),
                    text_size: self.prefs.text_size,
                    proposed: &proposed,
                };
                let commands = self.compare.column_ui(&mut column, article, input);
                self.commands.extend(commands);
            }
            if i + 1 < shown.len() {
                let sx = rect.max.x + gap / 2.0;
                ui.painter().vline(
                    sx,
                    area.y_range(),
                    ui.visuals().widgets.noninteractive.bg_stroke,
                );
            }
        }
        ui.advance_cursor_after_rect(area);
        if let Some(active) = &self.article {
            self.compare.lines_ui(
                ui,
                &self.project.set,
                (active, &self.view),
                self.selected.as_ref(),
            );
        }
    }

    /// The open article: its header, the find bar and the text. In the
    /// compare view, the active column, marked as such.
    fn single_article_ui(&mut self, ui: &mut egui::Ui, column: bool) {
        let Some(article) = self
            .article
            .as_ref()
            .and_then(|id| self.project.corpus.get(id))
        else {
            ui.centered_and_justified(|ui| ui.weak("No articles in this folder."));
            return;
        };
        let meta = self
            .project
            .set
            .article(&article.id)
            .map(|a| &a.record.meta);
        if column {
            let mut out = Vec::new();
            // The active column: where keys, find and the inspector work.
            compare::column_header_ui(ui, &article.id, meta, true, &mut out);
            self.commands.extend(out);
        } else {
            article_view::header_ui(ui, &article.id, meta);
        }
        if self.project.set.is_loading(&article.id) {
            let why = self.incomplete().unwrap_or_default();
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("This article's annotations are not shown yet: {why}."),
            );
        }
        self.find_bar_ui(ui);
        let Some(article) = self
            .article
            .as_ref()
            .and_then(|id| self.project.corpus.get(id))
        else {
            return;
        };
        let (find_matches, current_find) = self.find.matches_in_view();
        let proposed = self
            .suggestions
            .proposed(&self.project.set, self.revision, &article.id);
        let input = article_view::ViewInput {
            article,
            set: &self.project.set,
            revision: self.revision,
            selected: self.selected.as_ref(),
            selection: self.selection.clone(),
            find_matches,
            current_find,
            text_size: self.prefs.text_size,
            // Keys move the caret only while nothing else takes them: a
            // text field, a menu or a modal prompt.
            keys: !ui.ctx().text_edit_focused()
                && !egui::Popup::is_any_open(ui.ctx())
                && ui.ctx().memory(|m| m.top_modal_layer().is_none()),
            links: column.then(|| self.compare.links()),
            proposed: &proposed,
        };
        let commands = self.view.ui(ui, input);
        self.commands.extend(commands);
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui.button("Open folder…").clicked() {
                    self.dialogs
                        .open(dialogs::Purpose::OpenFolder, Some(&self.project.root));
                }
                ui.add_enabled_ui(!self.transfer.is_running(), |ui| {
                    ui.menu_button("Import", |ui| {
                        for choice in transfer::IMPORT_CHOICES {
                            if ui.button(choice.label).clicked() {
                                self.transfer.pending =
                                    Some(transfer::Pending::Import(choice.format));
                                self.dialogs.open(choice.purpose, Some(&self.project.root));
                            }
                        }
                    });
                    if ui.button("Export…").clicked() {
                        self.transfer
                            .open_export(&self.project.set, &self.project.corpus);
                    }
                });
                ui.separator();
                if let Some(previous) = self.prefs.previous_folder.clone()
                    && ui.button(format!("Open {}", previous.display())).clicked()
                {
                    self.commands.push(Command::OpenFolder(previous));
                }
                if ui
                    .add_enabled(
                        self.unsaved(),
                        egui::Button::new("Save").shortcut_text("Ctrl+S"),
                    )
                    .clicked()
                {
                    self.commands.push(Command::Save);
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = egui::Button::new("Undo").shortcut_text("Ctrl+Z");
                if ui.add_enabled(self.history.can_undo(), undo).clicked() {
                    self.commands.push(Command::Undo);
                }
                let redo = egui::Button::new("Redo").shortcut_text("Ctrl+Shift+Z");
                if ui.add_enabled(self.history.can_redo(), redo).clicked() {
                    self.commands.push(Command::Redo);
                }
                ui.separator();
                if ui.button("Find in article…").clicked() {
                    self.find.open_in_article();
                }
                if ui.button("Find in all articles…").clicked() {
                    self.find.open_in_corpus();
                }
                ui.separator();
                if ui.button("Re-anchor article…").clicked() {
                    self.reanchor.show(self.article.clone());
                }
                if ui.button("Re-anchor project…").clicked() {
                    self.reanchor.show(None);
                }
            });
            ui.menu_button("View", |ui| {
                if ui.button("Overview").clicked() {
                    self.commands.push(Command::OpenOverview);
                }
                ui.separator();
                ui.checkbox(&mut self.suggestions.hidden, "Hide suggestions");
                ui.menu_button("Compare with", |ui| {
                    let here = self.article.clone();
                    let mut shown: Vec<_> = if self.compare.is_active() {
                        self.compare.columns().to_vec()
                    } else {
                        here.iter().cloned().collect()
                    };
                    egui::ScrollArea::vertical()
                        .max_height(400.0)
                        .show(ui, |ui| {
                            for article in self.project.corpus.articles() {
                                if shown.contains(&article.id) {
                                    continue;
                                }
                                let title = self
                                    .project
                                    .set
                                    .article(&article.id)
                                    .map(|a| a.record.meta.title.as_str())
                                    .filter(|t| !t.is_empty())
                                    .unwrap_or(article.id.as_str());
                                let full = shown.len() >= compare::MAX_COLUMNS;
                                if ui.add_enabled(!full, egui::Button::new(title)).clicked() {
                                    shown.push(article.id.clone());
                                    self.commands.push(Command::Compare(shown.clone()));
                                    ui.close();
                                }
                            }
                        });
                });
                if self.compare.is_active() && ui.button("Stop comparing").clicked() {
                    self.commands
                        .push(Command::Compare(self.article.iter().cloned().collect()));
                }
            });
            ui.menu_button("Settings", |ui| {
                ui.checkbox(
                    &mut self.prefs.autosave,
                    "Autosave a few seconds after each edit",
                );
                ui.horizontal(|ui| {
                    ui.label("Text size");
                    ui.add(egui::Slider::new(&mut self.prefs.text_size, 11.0..=24.0));
                });
                ui.horizontal(|ui| {
                    ui.label("Theme");
                    let before = self.prefs.theme;
                    ui.selectable_value(
                        &mut self.prefs.theme,
                        egui::ThemePreference::Light,
                        "Light",
                    );
                    ui.selectable_value(&mut self.prefs.theme, egui::ThemePreference::Dark, "Dark");
                    ui.selectable_value(
                        &mut self.prefs.theme,
                        egui::ThemePreference::System,
                        "System",
                    );
                    if before != self.prefs.theme {
                        ui.ctx().set_theme(self.prefs.theme);
                    }
                });
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts (F1)").clicked() {
                    self.show_help = true;
                }
            });
            ui.separator();
            self.toolbar_ui(ui);
        });
    }

    /// The buttons that tag the selected text.
    fn toolbar_ui(&mut self, ui: &mut egui::Ui) {
        let has_selection = self.selection.as_ref().is_some_and(|r| !r.is_empty());
        for (kind, key) in [
            (KindName::Claim, "C"),
            (KindName::Quote, "Q"),
            (KindName::Stance, "S"),
        ] {
            let color = widgets::kind_color(kind, ui.visuals().dark_mode);
            let text = egui::RichText::new(format!("+ {}", kind.as_str())).color(color);
            let button = egui::Button::new(text).shortcut_text(key);
            if ui
                .add_enabled(has_selection, button)
                .on_hover_text(format!(
                    "Tag the selected text as a {} ({key})",
                    kind.as_str()
                ))
                .on_disabled_hover_text("Select text in the article first")
                .clicked()
            {
                self.annotate(kind);
            }
        }
    }

    /// A path came back from a file dialog.
    fn picked(&mut self, picked: dialogs::Picked) {
        match picked.purpose {
            dialogs::Purpose::OpenFolder => self.commands.push(Command::OpenFolder(picked.path)),
            _ => self.start_transfer(picked),
        }
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            self.transfer.progress_ui(ui);
            if let Some(error) = &self.save.error {
                ui.colored_label(ui.visuals().error_fg_color, format!("Not saved: {error}"))
                    .on_hover_text(
                        "Your edits are kept in memory. Fix the problem and press Ctrl+S.",
                    );
            } else if self.unsaved() {
                let hint = if self.prefs.autosave {
                    "autosaving shortly"
                } else {
                    "Ctrl+S to save"
                };
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("• Unsaved changes ({hint})"),
                );
            } else {
                ui.label("All changes saved");
            }
            if let Some(loading) = &self.loading {
                ui.separator();
                let (done, files) = loading.progress();
                ui.add(
                    egui::ProgressBar::new(done as f32 / files.max(1) as f32)
                        .desired_width(120.0)
                        .text(format!("{done} / {files}")),
                )
                .on_hover_text(
                    "Reading every article's annotations. This article can be edited now; \
                     validation, import and export start once all are read.",
                );
                ui.label("Reading annotations");
            } else if let Some(error) = &self.load_error {
                ui.separator();
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            if let Some(error) = self.revalidator.error() {
                ui.separator();
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Validation failed: {error}"),
                )
                .on_hover_text("The findings shown are from the last check that worked.");
            }
            if let Some(error) = &self.journal_error {
                ui.separator();
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("Unsaved edits are not journaled: {error}"),
                );
            }
            ui.separator();
            let (articles, annotations) = (
                self.project.corpus.len(),
                self.project.set.annotation_count(),
            );
            ui.label(format!(
                "{articles} article{} · {annotations} annotation{}",
                if articles == 1 { "" } else { "s" },
                if annotations == 1 { "" } else { "s" },
            ));
            if let Some(range) = &self.selection {
                ui.separator();
                ui.label(format!("selected chars {}–{}", range.start, range.end));
            }
            if let Some(notice) = &self.notice {
                ui.separator();
                ui.label(egui::RichText::new(notice).italics());
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(
                    egui::RichText::new(self.project.root.display().to_string())
                        .small()
                        .weak(),
                );
            });
        });
    }

    /// The bottom tabs in a panel whose top edge the editor drags; the
    /// height they leave it at is remembered in [`Prefs`].
    fn bottom_ui(&mut self, ui: &mut egui::Ui) {
        let available = ui.available_rect_before_wrap().height();
        let max = (available - ARTICLE_MIN).max(BOTTOM_MIN);
        let size = self
            .prefs
            .bottom_height
            .unwrap_or(available * BOTTOM_SHARE)
            .clamp(BOTTOM_MIN, max);
        // The panel reads its grab zone from the parent's style.
        let grab = ui.style().interaction.resize_grab_radius_side;
        ui.style_mut().interaction.resize_grab_radius_side = EDGE_GRAB;
        let shown = egui::Panel::bottom("tabs")
            .resizable(true)
            .default_size(size)
            .size_range(BOTTOM_MIN..=max)
            .show(ui, |ui| {
                ui.style_mut().interaction.resize_grab_radius_side = grab;
                self.tabs_ui(ui)
            });
        ui.style_mut().interaction.resize_grab_radius_side = grab;
        let rect = shown.response.rect;
        let ctx = ui.ctx();
        let before = tabs_rect(ctx);
        // A height that changed under the pointer is the editor's drag (a
        // window resize alone keeps the remembered height).
        let pointer = ctx.input(|i| i.pointer.any_down() || i.pointer.any_released());
        if pointer && before.is_some_and(|b| (b.height() - rect.height()).abs() > 0.5) {
            self.prefs.bottom_height = Some(rect.height());
        }
        ctx.data_mut(|d| d.insert_temp(egui::Id::unique(TABS_RECT), rect));
    }

    /// The bottom tabs. Integration point for the panels built elsewhere:
    /// each arm calls its module's `ui(ui, self)`.
    fn tabs_ui(&mut self, ui: &mut egui::Ui) {
        // One row whatever the width (a narrow window scrolls it sideways),
        // so the tabs' content never moves up or down.
        let strip = ui.spacing().interact_size.y + 2.0 * ui.spacing().item_spacing.y;
        ui.allocate_ui_with_layout(
            egui::vec2(ui.available_width(), strip),
            egui::Layout::left_to_right(egui::Align::Center),
            |ui| {
                ui.set_height(strip);
                egui::ScrollArea::horizontal()
                    .id_salt("bottom tab strip")
                    .show(ui, |ui| {
                        for tab in BottomTab::ALL {
                            ui.selectable_value(&mut self.bottom_tab, tab, tab.label());
                        }
                    });
            },
        );
        ui.separator();
        // The content gets exactly the rest: a tab with more to show scrolls
        // or clips instead of growing the panel over the article.
        let rect = ui.available_rect_before_wrap();
        let mut content = ui.new_child(egui::UiBuilder::new().max_rect(rect));
        content.set_clip_rect(rect.intersect(ui.clip_rect()));
        self.tab_content_ui(&mut content);
        ui.advance_cursor_after_rect(rect);
    }

    /// The findings list, saying when it is of an older state than the set.
    fn findings_tab_ui(&mut self, ui: &mut egui::Ui) -> Vec<Command> {
        let current = self.revalidator.is_current(self.revision);
        if let Some(error) = self.revalidator.error() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Validation failed: {error}. These findings are from before."),
            );
        } else if !current {
            ui.weak("Checking the latest edits… these findings are from before them.");
        }
        let commands = self.findings_panel.ui(ui, self.revalidator.findings());
        if current {
            commands
        } else {
            // A fix made for an older state could undo newer edits.
            let (fixes, rest): (Vec<_>, Vec<_>) = commands
                .into_iter()
                .partition(|c| matches!(c, Command::Edit(_)));
            if !fixes.is_empty() {
                self.notice = Some("Not fixed: the findings are being checked again".into());
            }
            rest
        }
    }

    fn tab_content_ui(&mut self, ui: &mut egui::Ui) {
        let set = &self.project.set;
        let commands = match self.bottom_tab {
            BottomTab::Annotations => self.table.ui(
                ui,
                set,
                self.article.as_ref(),
                self.selected.as_ref(),
                self.revision,
            ),
            BottomTab::Entities => self.entities.ui(ui, set, self.revision),
            BottomTab::Propositions => self.propositions.ui(ui, set, self.revision),
            BottomTab::Utterances => self.utterances.ui(ui, set, self.revision),
            BottomTab::Findings => {
                if let Some(why) = self.incomplete() {
                    ui.weak(format!(
                        "Validation checks the sources against each other, so it starts once the whole set is read ({why})."
                    ));
                    Vec::new()
                } else if self.revalidator.generation().is_none()
                    && self.revalidator.error().is_none()
                {
                    // No list yet: "No findings" would be a claim.
                    ui.weak("Checking the whole set…");
                    Vec::new()
                } else {
                    self.findings_tab_ui(ui)
                }
            }
            BottomTab::Article => match &self.article {
                Some(article) => {
                    egui::ScrollArea::vertical()
                        .id_salt("article details")
                        .auto_shrink(false)
                        .show(ui, |ui| self.metadata.ui(ui, set, article))
                        .inner
                }
                None => {
                    ui.weak("No article is open.");
                    Vec::new()
                }
            },
        };
        self.commands.extend(commands);
    }

    /// The find bar, above the article view.
    fn find_bar_ui(&mut self, ui: &mut egui::Ui) {
        let view = find::BarView {
            corpus: &self.project.corpus,
            article: self.article.as_ref(),
        };
        let commands = self.find.bar_ui(ui, view);
        self.commands.extend(commands);
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        let mut open = self.show_help;
        egui::Window::new("Keyboard shortcuts")
            .open(&mut open)
            .collapsible(false)
            .resizable(false)
            .show(ctx, shortcuts::help_ui);
        self.show_help = open;
        let view = find::CorpusView {
            corpus: &self.project.corpus,
            set: &self.project.set,
        };
        let commands = self.find.corpus_window(ctx, view);
        self.commands.extend(commands);
        let (set, corpus) = (&self.project.set, &self.project.corpus);
        let waiting = self.incomplete();
        self.commands.extend(
            self.reanchor
                .window_ui(ctx, set, corpus, waiting.as_deref()),
        );
        if let Some(purpose) = self.transfer.export_form_ui(ctx, self.article.as_ref()) {
            self.dialogs.open(purpose, Some(&self.project.root));
        }
        let view = overview::OverviewView {
            set: &self.project.set,
            corpus: &self.project.corpus,
            revision: self.revision,
            findings: self.revalidator.findings(),
            selected: self.selected.as_ref(),
            incomplete: waiting.as_deref(),
        };
        self.commands.extend(self.overview.ui(ctx, &view));
    }

    /// Closing with unsaved edits asks first: save, discard or stay. Text
    /// typed but not committed is committed first, so it counts.
    fn closing_ui(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.closing != Closing::Allowed {
            self.commit_typing();
            // A save being written is waited for: then only what it did not
            // hold (or its failure) is asked about.
            self.wait_for_save();
            if self.unsaved() || self.inspector.has_open_form() {
                ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
                self.closing = Closing::Asking;
            }
        }
        if self.closing != Closing::Asking {
            return;
        }
        let modal = egui::Modal::new(egui::Id::unique("unsaved-prompt")).show(ctx, |ui| {
            ui.heading("Save your changes?");
            if self.unsaved() {
                ui.label("Some edits are not saved yet.");
            }
            if self.inspector.has_open_form() {
                ui.label("The new entity form holds text that is not created yet.");
            }
            if let Some(error) = &self.save.error {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Last save failed: {error}"),
                );
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Save and close").clicked() {
                    self.save_and_wait();
                    if !self.unsaved() {
                        self.closing = Closing::Allowed;
                        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                }
                if ui.button("Close without saving").clicked() {
                    // Discarded on purpose: not offered back on the next start.
                    if let Err(e) = crate::core::journal::remove(&self.project.set_dir()) {
                        self.notice = Some(e.to_string());
                    }
                    self.closing = Closing::Allowed;
                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                }
                if ui.button("Cancel").clicked() {
                    self.closing = Closing::No;
                }
            });
        });
        if modal.should_close() && self.closing == Closing::Asking {
            self.closing = Closing::No;
        }
    }

    /// An earlier run's unsaved edits: what they are, Restore or Discard.
    fn recovery_ui(&mut self, ctx: &egui::Context) {
        let Some(recovery) = &self.recovery else {
            return;
        };
        let incomplete = self.incomplete();
        /// Edits described by name at most.
        const SHOWN: usize = 5;
        let mut choice = None;
        egui::Modal::new(egui::Id::unique("recovery-prompt")).show(ctx, |ui| {
            let pending = &recovery.pending;
            ui.heading("Restore unsaved edits?");
            ui.label(format!(
                "Concord closed before {} edit(s) to the set “{}” were saved.",
                pending.edits.len(),
                pending.set
            ));
            for (kind, n) in pending.counts() {
                ui.label(format!("• {n} {kind}"));
            }
            ui.add_space(4.0);
            ui.label("First edits:");
            for edit in pending.edits.iter().take(SHOWN) {
                ui.weak(crate::core::journal::describe(edit));
            }
            if pending.edits.len() > SHOWN {
                ui.weak(format!("… and {} more", pending.edits.len() - SHOWN));
            }
            if !pending.base_matches {
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    "The saved set changed since these edits were made.",
                );
            }
            match &recovery.plan {
                Some(plan) if !plan.refused.is_empty() => {
                    ui.colored_label(
                        ui.visuals().warn_fg_color,
                        format!(
                            "{} edit(s) no longer apply and would be left out.",
                            plan.refused.len()
                        ),
                    );
                }
                Some(_) => {}
                None => {
                    let why = incomplete.as_deref().unwrap_or_default();
                    ui.label(format!(
                        "Restoring checks the edits against the whole set, {why}…"
                    ));
                }
            }
            for problem in &pending.problems {
                ui.colored_label(ui.visuals().warn_fg_color, problem);
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let ready = recovery.plan.is_some();
                if ui
                    .add_enabled(ready, egui::Button::new("Restore"))
                    .clicked()
                {
                    choice = Some(true);
                }
                if ui.button("Discard").clicked() {
                    choice = Some(false);
                }
            });
        });
        if let Some(restore) = choice {
            self.recover(restore);
        }
    }
}
