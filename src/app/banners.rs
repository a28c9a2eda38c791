//! The notices across the top of the window about the project's files:
//! read-only (another process writes it), files changed on disk under the
//! window, and problems found while loading. And the watcher that notices
//! the changes.
//!
//! A watcher (`notify`, on `annotations/`, recursive) only says *that*
//! something may have changed; what changed is always decided by
//! [`Project::changed_on_disk`] / [`Project::changed_among`], which compare
//! content with what this window loaded or last wrote. So the window's own
//! saves, Concord's temporary and lock files and a file rewritten with the
//! same bytes never show. Events are debounced (a `git pull` is many), and
//! the whole set is checked again when the window gets the focus back, before
//! every save, and every few seconds if no watcher could be started.

use crate::app::command::Command;
use crate::core::store::{ANNOTATIONS_DIR, Project};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Seconds of quiet after the last file event before the files are compared.
pub const DEBOUNCE: f64 = 0.25;

/// Seconds between whole checks when no watcher could be started.
pub const POLL: f64 = 5.0;

/// Changed files named in the banner; the rest are counted.
const LISTED: usize = 6;

/// What the watcher's thread hands the window.
#[derive(Debug, Default)]
struct Inbox {
    paths: Vec<PathBuf>,
    /// Events were lost or a folder came or went: check everything.
    everything: bool,
}

/// What is due to be compared with the disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Due {
    Nothing,
    /// Just these paths (a watcher's events).
    Paths(Vec<PathBuf>),
    Everything,
}

/// Watches the project's `annotations/` folder.
#[derive(Default)]
pub struct Watch {
    /// Kept alive for as long as the window shows this project.
    watcher: Option<notify::RecommendedWatcher>,
    /// No watcher could be started (why); then the window polls.
    pub error: Option<String>,
    inbox: Arc<Mutex<Inbox>>,
    /// Events taken from the inbox and not compared yet.
    pending: BTreeSet<PathBuf>,
    everything: bool,
    /// When the pending events are compared (input time).
    due: Option<f64>,
    /// Input time of the last whole check while polling.
    polled: f64,
}

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("watching", &self.watcher.is_some())
            .field("error", &self.error)
            .field("due", &self.due)
            .finish_non_exhaustive()
    }
}

/// Whether `path` is one of Concord's own bookkeeping files (temporary
/// files, the commit manifest, locks, the journal), whose changes are never
/// the editor's concern.
fn bookkeeping(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with(".concord"))
}

impl Watch {
    /// Starts watching `root`'s `annotations/` once it exists; repaints
    /// `ctx` when something there changes.
    fn start(&mut self, ctx: &egui::Context, root: &Path) {
        use notify::{EventKind, RecursiveMode, Watcher, event};
        let dir = root.join(ANNOTATIONS_DIR);
        if self.watcher.is_some() || self.error.is_some() || !dir.is_dir() {
            return;
        }
        let inbox = Arc::clone(&self.inbox);
        let ctx = ctx.clone();
        let handler = move |result: notify::Result<notify::Event>| {
            let Ok(mut inbox) = inbox.lock() else {
                return;
            };
            let event = match result {
                Ok(event) => event,
                Err(_) => {
                    inbox.everything = true;
                    ctx.request_repaint();
                    return;
                }
            };
            match event.kind {
                // Reading (our own comparisons included) changes nothing.
                EventKind::Access(event::AccessKind::Close(event::AccessMode::Write)) => {}
                EventKind::Access(_) => return,
                EventKind::Create(event::CreateKind::Folder)
                | EventKind::Remove(event::RemoveKind::Folder) => inbox.everything = true,
                _ => {}
            }
            inbox.everything |= event.need_rescan();
            let before = inbox.paths.len();
            inbox
                .paths
                .extend(event.paths.into_iter().filter(|p| !bookkeeping(p)));
            if inbox.everything || inbox.paths.len() > before {
                ctx.request_repaint();
            }
        };
        let started = notify::recommended_watcher(handler)
            .and_then(|mut w| w.watch(&dir, RecursiveMode::Recursive).map(|()| w));
        match started {
            Ok(watcher) => self.watcher = Some(watcher),
            Err(e) => self.error = Some(e.to_string()),
        }
    }

    /// Takes what the watcher saw; says what to compare now, and how long
    /// until something is due.
    pub fn tick(&mut self, ctx: &egui::Context, root: &Path, now: f64) -> (Due, Option<f64>) {
        self.start(ctx, root);
        if let Ok(mut inbox) = self.inbox.lock()
            && (inbox.everything || !inbox.paths.is_empty())
        {
            self.pending.extend(inbox.paths.drain(..));
            self.everything |= std::mem::take(&mut inbox.everything);
            // Quiet for a moment first: a pull or a save is many events.
            self.due = Some(now + DEBOUNCE);
        }
        let focused = ctx.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        let polling = self.error.is_some();
        if focused || (polling && now >= self.polled + POLL) {
            self.polled = now;
            self.everything = true;
            self.due = Some(now);
        }
        let wait = polling.then(|| (self.polled + POLL - now).max(0.0));
        match self.due {
            Some(due) if now >= due => {
                self.due = None;
                let paths = std::mem::take(&mut self.pending);
                let due = match std::mem::take(&mut self.everything) {
                    true => Due::Everything,
                    false => Due::Paths(paths.into_iter().collect()),
                };
                (due, wait)
            }
            Some(due) => (
                Due::Nothing,
                Some(wait.map_or(due - now, |w| w.min(due - now))),
            ),
            None => (Due::Nothing, wait),
        }
    }

    /// Whether a watcher is running.
    pub fn is_watching(&self) -> bool {
        self.watcher.is_some()
    }
}

/// The banners' own state.
#[derive(Debug, Default)]
pub struct Banners {
    pub watch: Watch,
    /// Files of the set changed on disk under the window, as the editor
    /// was last told; the banner shows while there are any.
    pub changed: Vec<PathBuf>,
    /// Who holds the project, for a read-only window on a real folder.
    pub read_only: Option<ReadOnly>,
    /// The load problems notice was closed.
    pub problems_dismissed: bool,
}

/// A read-only window's banner.
#[derive(Debug, Default)]
pub struct ReadOnly {
    /// As the lock file names them; `None` when it names no one.
    pub holder: Option<String>,
    /// The last "Try again" found the project still taken.
    pub still: bool,
}

impl Banners {
    pub fn new(project: &Project) -> Self {
        // A project made in memory is read-only too, but has no folder
        // anyone could be writing.
        let read_only = (project.read_only() && project.root.is_dir()).then(|| ReadOnly {
            holder: project.holder(),
            still: false,
        });
        Banners {
            read_only,
            ..Banners::default()
        }
    }

    /// Adds files found changed to those the banner lists.
    pub fn found(&mut self, paths: Vec<PathBuf>) {
        let all: BTreeSet<PathBuf> = self.changed.drain(..).chain(paths).collect();
        self.changed = all.into_iter().collect();
    }

    fn any(&self, project: &Project) -> bool {
        self.read_only.is_some()
            || !self.changed.is_empty()
            || (!self.problems_dismissed && !project.problems.is_empty())
    }

    /// The banners, top of the window, under the menu; nothing when all is
    /// well. `unsaved`: the window holds edits not on disk.
    pub fn ui(&mut self, ui: &mut egui::Ui, project: &Project, unsaved: bool) -> Vec<Command> {
        let mut commands = Vec::new();
        if !self.any(project) {
            return commands;
        }
        egui::Panel::top("banners")
            .frame(egui::Frame::new().inner_margin(egui::Margin::symmetric(8, 6)))
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing.y = 6.0;
                if let Some(read_only) = &self.read_only {
                    strip(ui, |ui| read_only_ui(ui, read_only, &mut commands));
                }
                if !self.changed.is_empty() {
                    let (changed, root) = (&self.changed, &project.root);
                    let read_only = project.read_only();
                    strip(ui, |ui| {
                        changed_ui(ui, changed, root, read_only, unsaved, &mut commands)
                    });
                }
                if !self.problems_dismissed && !project.problems.is_empty() {
                    let (problems, root) = (&project.problems, &project.root);
                    let dismissed = strip(ui, |ui| problems_ui(ui, problems, root));
                    self.problems_dismissed |= dismissed;
                }
            });
        commands
    }
}

/// A framed strip in the warning colour.
fn strip<R>(ui: &mut egui::Ui, add: impl FnOnce(&mut egui::Ui) -> R) -> R {
    let warn = ui.visuals().warn_fg_color;
    let shown = egui::Frame::new()
        .fill(warn.gamma_multiply(0.12))
        .stroke(egui::Stroke::new(1.0, warn.gamma_multiply(0.6)))
        .corner_radius(6.0)
        .inner_margin(egui::Margin {
            left: 16,
            right: 10,
            top: 8,
            bottom: 8,
        })
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui)
        });
    // A solid edge on the left, as a callout has, so the strip reads as a
    // warning at a glance.
    let rect = shown.response.rect;
    let edge = egui::Rect::from_min_size(rect.min, egui::vec2(5.0, rect.height()));
    ui.painter().rect_filled(
        edge,
        egui::CornerRadius {
            nw: 6,
            sw: 6,
            ne: 0,
            se: 0,
        },
        warn,
    );
    shown.inner
}

/// The strip's bold first words, in the warning colour.
fn title(ui: &mut egui::Ui, text: &str) {
    ui.label(
        egui::RichText::new(text)
            .strong()
            .color(ui.visuals().warn_fg_color),
    );
}

/// `path` as the editor knows it: inside the project folder.
fn shown(root: &Path, path: &Path) -> String {
    let absolute = std::path::absolute(root)
        .map(|r| r.components().collect::<PathBuf>())
        .unwrap_or_else(|_| root.to_owned());
    path.strip_prefix(&absolute)
        .or_else(|_| path.strip_prefix(root))
        .unwrap_or(path)
        .display()
        .to_string()
}

/// "… and N more" after the first [`LISTED`] of `n`.
fn more(ui: &mut egui::Ui, n: usize) {
    if n > LISTED {
        ui.weak(format!("… and {} more", n - LISTED));
    }
}

fn read_only_ui(ui: &mut egui::Ui, read_only: &ReadOnly, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Try again")
                .on_hover_text("Open the project for writing, if it is free now")
                .clicked()
            {
                commands.push(Command::TryWritable);
            }
            if read_only.still {
                ui.weak("Still in use.");
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    title(ui, "Read-only:");
                    match &read_only.holder {
                        Some(holder) => {
                            ui.label(egui::RichText::new(holder).strong());
                            ui.label("is writing this project.");
                        }
                        None => {
                            ui.label("another process is writing this project.");
                        }
                    }
                    ui.label("Your changes here can't be saved.");
                });
            });
        });
    });
}

fn changed_ui(
    ui: &mut egui::Ui,
    changed: &[PathBuf],
    root: &Path,
    read_only: bool,
    unsaved: bool,
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if !read_only
                && ui
                    .button("Keep mine")
                    .on_hover_text("The next save writes your version over these files")
                    .clicked()
            {
                commands.push(Command::KeepMine);
            }
            let reload = match (read_only, unsaved) {
                (false, true) => {
                    "Show the version on disk; your unsaved edits are kept and offered back"
                }
                (true, true) => {
                    "Show the version on disk; the changes made in this window are dropped"
                }
                (_, false) => "Show the version on disk",
            };
            if ui
                .button("Reload from disk")
                .on_hover_text(reload)
                .clicked()
            {
                commands.push(Command::ReloadFromDisk);
            }
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.spacing_mut().item_spacing.x = 4.0;
                    title(ui, "Changed on disk:");
                    let n = changed.len();
                    ui.label(format!(
                        "{n} file{} of this set changed since this window read {}.",
                        if n == 1 { "" } else { "s" },
                        if n == 1 { "it" } else { "them" },
                    ));
                    if !read_only {
                        ui.weak("Nothing is saved until you choose.");
                    }
                });
            });
        });
    });
    ui.horizontal_wrapped(|ui| {
        for path in changed.iter().take(LISTED) {
            ui.label(egui::RichText::new(shown(root, path)).code());
        }
        more(ui, changed.len());
    });
}

/// Returns true when the editor closed the notice.
fn problems_ui(
    ui: &mut egui::Ui,
    problems: &[crate::core::store::LoadProblem],
    root: &Path,
) -> bool {
    let mut dismissed = false;
    ui.horizontal(|ui| {
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            dismissed = ui
                .small_button("Dismiss")
                .on_hover_text(
                    "Dismiss (shown again on the next open while the files are as they are)",
                )
                .clicked();
            ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                title(ui, "Opened with problems:");
                let n = problems.len();
                ui.label(format!(
                    "{n} problem{} found while reading the files; nothing was dropped.",
                    if n == 1 { " was" } else { "s were" }
                ));
            });
        });
    });
    for problem in problems.iter().take(LISTED) {
        let at = match problem.line {
            Some(line) => format!("{}:{line}", shown(root, &problem.path)),
            None => shown(root, &problem.path),
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(egui::RichText::new(at).code());
            ui.label(&problem.message);
        });
    }
    more(ui, problems.len());
    dismissed
}
