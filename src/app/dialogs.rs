//! File dialogs: open a project folder, pick a file or folder to import,
//! pick where to export. The only module that talks to rfd.
//!
//! A native dialog runs on its own thread, so the window keeps drawing. Where
//! none can open (no desktop portal and no zenity, the usual case on a bare
//! or remote machine), where it fails at once, or where it does not answer
//! in time, the editor is told so and can type the path instead; a native
//! answer that still comes later is taken as well. Nothing here blocks or
//! panics.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

/// What the editor is choosing a path for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenFolder,
    /// A file to import; the dialog offers these endings first.
    ImportFile(&'static [&'static str]),
    /// A folder to import (brat standoff files, a folder of articles).
    ImportFolder,
    /// A file to export to, usually ending in this.
    ExportFile(&'static str),
    /// A folder to export into (brat writes one file per article).
    ExportFolder,
}

impl Purpose {
    fn title(self) -> &'static str {
        match self {
            Purpose::OpenFolder => "Open a project folder",
            Purpose::ImportFile(_) => "Import a file",
            Purpose::ImportFolder => "Import a folder",
            Purpose::ExportFile(_) => "Export the set to a file",
            Purpose::ExportFolder => "Export the set into a folder",
        }
    }

    fn action(self) -> &'static str {
        match self {
            Purpose::OpenFolder => "Open",
            Purpose::ImportFile(_) | Purpose::ImportFolder => "Import",
            Purpose::ExportFile(_) | Purpose::ExportFolder => "Export",
        }
    }

    /// Why `path` cannot be used for this purpose, if it cannot.
    fn problem(self, path: &Path) -> Option<String> {
        let shown = path.display();
        let parent_missing = || match path.parent().filter(|p| !p.as_os_str().is_empty()) {
            Some(parent) if !parent.is_dir() => {
                Some(format!("the folder {} does not exist", parent.display()))
            }
            _ => None,
        };
        match self {
            Purpose::OpenFolder | Purpose::ImportFolder | Purpose::ImportFile(_)
                if !path.exists() =>
            {
                Some(format!("{shown} does not exist"))
            }
            Purpose::OpenFolder | Purpose::ImportFolder if !path.is_dir() => {
                Some(format!("{shown} is not a folder"))
            }
            Purpose::ImportFile(_) if !path.is_file() => Some(format!("{shown} is not a file")),
            Purpose::ExportFile(_) if path.is_dir() => {
                Some(format!("{shown} is a folder; add a file name"))
            }
            Purpose::ExportFolder if path.exists() && !path.is_dir() => {
                Some(format!("{shown} is not a folder"))
            }
            Purpose::ExportFile(_) | Purpose::ExportFolder => parent_missing(),
            _ => None,
        }
    }
}

/// A path the editor chose, and what for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picked {
    pub purpose: Purpose,
    pub path: PathBuf,
}

/// A native dialog closing sooner than this was not closed by a person: the
/// dialog service failed (rfd reports that as "cancelled").
const TOO_FAST: Duration = Duration::from_millis(250);

/// After this long without an answer the typed path is offered as well.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20);

struct Pending {
    purpose: Purpose,
    started: Instant,
    answer: Receiver<Option<PathBuf>>,
}

struct Typed {
    purpose: Purpose,
    message: String,
    path: String,
    problem: Option<String>,
}

pub struct Dialogs {
    native: bool,
    timeout: Duration,
    pending: Option<Pending>,
    typed: Option<Typed>,
}

impl Default for Dialogs {
    fn default() -> Self {
        Self::new()
    }
}

impl Dialogs {
    /// Uses native dialogs where the system can show them.
    pub fn new() -> Self {
        Self {
            native: true,
            timeout: DEFAULT_TIMEOUT,
            pending: None,
            typed: None,
        }
    }

    /// Never tries a native dialog: always the typed path.
    pub fn typed_only() -> Self {
        Self {
            native: false,
            ..Self::new()
        }
    }

    /// How long to wait for a native dialog before offering the typed path.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// True while a dialog (native or typed) is open.
    pub fn is_open(&self) -> bool {
        self.pending.is_some() || self.typed.is_some()
    }

    /// Starts choosing a path; the answer comes from [`Dialogs::ui`].
    /// `start` is the folder the dialog opens in.
    pub fn open(&mut self, purpose: Purpose, start: Option<&Path>) {
        self.typed = None;
        self.pending = None;
        let unavailable = if self.native {
            native_problem()
        } else {
            Some("Native file dialogs are switched off.".to_owned())
        };
        if let Some(why) = unavailable {
            self.offer_typed(purpose, why, start);
            return;
        }
        let (tx, answer) = mpsc::channel();
        let start_dir = start.map(Path::to_owned);
        let spawned = std::thread::Builder::new()
            .name("concord-dialog".into())
            .spawn(move || {
                let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
                if let Some(dir) = &start_dir {
                    dialog = dialog.set_directory(dir);
                }
                let path = match purpose {
                    Purpose::OpenFolder | Purpose::ImportFolder | Purpose::ExportFolder => {
                        dialog.pick_folder()
                    }
                    Purpose::ImportFile(endings) => dialog
                        .add_filter("This format", endings)
                        .add_filter("Any file", &["*"])
                        .pick_file(),
                    Purpose::ExportFile(ending) => dialog
                        .add_filter("This format", &[ending])
                        .set_file_name(format!("export.{ending}"))
                        .save_file(),
                };
                // The window may be gone by now; nobody to tell then.
                let _ = tx.send(path);
            });
        match spawned {
            Ok(_) => {
                self.pending = Some(Pending {
                    purpose,
                    started: Instant::now(),
                    answer,
                })
            }
            Err(e) => {
                self.offer_typed(purpose, format!("No file dialog could start ({e})."), start)
            }
        }
    }

    fn offer_typed(&mut self, purpose: Purpose, why: String, start: Option<&Path>) {
        self.typed = Some(Typed {
            purpose,
            message: format!("{why} Type the path instead."),
            path: start.map(|p| p.display().to_string()).unwrap_or_default(),
            problem: None,
        });
    }

    /// Shows whatever dialog is open and returns the path once chosen.
    /// Call every frame.
    pub fn ui(&mut self, ui: &mut egui::Ui) -> Option<Picked> {
        if let Some(picked) = self.poll_native() {
            return Some(picked);
        }
        if self.pending.is_some() {
            // Keep polling while the native dialog is open.
            ui.ctx().request_repaint_after(Duration::from_millis(100));
        }
        self.typed_ui(ui)
    }

    fn poll_native(&mut self) -> Option<Picked> {
        let pending = self.pending.as_ref()?;
        let purpose = pending.purpose;
        match pending.answer.try_recv() {
            Ok(Some(path)) => {
                self.pending = None;
                self.typed = None;
                Some(Picked { purpose, path })
            }
            Ok(None) if pending.started.elapsed() < TOO_FAST => {
                self.pending = None;
                self.offer_typed(
                    purpose,
                    "The system's file dialog closed straight away; it may be unavailable \
                     (no desktop portal)."
                        .to_owned(),
                    None,
                );
                None
            }
            Ok(None) => {
                // Cancelled by the editor.
                self.pending = None;
                self.typed = None;
                None
            }
            Err(TryRecvError::Disconnected) => {
                self.pending = None;
                self.offer_typed(purpose, "The file dialog failed.".to_owned(), None);
                None
            }
            Err(TryRecvError::Empty) => {
                if self.typed.is_none() && pending.started.elapsed() > self.timeout {
                    self.offer_typed(
                        purpose,
                        "The system's file dialog has not answered.".to_owned(),
                        None,
                    );
                }
                None
            }
        }
    }

    fn typed_ui(&mut self, ui: &mut egui::Ui) -> Option<Picked> {
        let typed = self.typed.as_mut()?;
        let mut submit = false;
        let mut cancel = false;
        egui::Window::new(typed.purpose.title())
            .collapsible(false)
            .resizable(false)
            .show(ui.ctx(), |ui| {
                ui.label(&typed.message);
                ui.horizontal(|ui| {
                    let label = ui.label("Path");
                    let response = ui
                        .add(egui::TextEdit::singleline(&mut typed.path).desired_width(360.0))
                        .labelled_by(label.id);
                    submit |=
                        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                });
                if let Some(problem) = &typed.problem {
                    ui.colored_label(ui.visuals().error_fg_color, problem);
                }
                ui.horizontal(|ui| {
                    submit |= ui.button(typed.purpose.action()).clicked();
                    cancel = ui.button("Cancel").clicked();
                });
            });
        if cancel {
            self.typed = None;
            self.pending = None;
            return None;
        }
        if !submit {
            return None;
        }
        let path = expand_home(typed.path.trim());
        if path.as_os_str().is_empty() {
            typed.problem = Some("type a path first".to_owned());
            return None;
        }
        if let Some(problem) = typed.purpose.problem(&path) {
            typed.problem = Some(problem);
            return None;
        }
        let purpose = typed.purpose;
        self.typed = None;
        self.pending = None;
        Some(Picked { purpose, path })
    }
}

/// `~/x` → `$HOME/x`, as a shell would.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

/// Why no native dialog can open here, if that can be told in advance.
/// On Linux rfd asks the desktop portal over the D-Bus session bus and falls
/// back to zenity; with neither it fails (and reports "cancelled").
fn native_problem() -> Option<String> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
    (!bus && !zenity).then(|| {
        "No file dialog is available here (no desktop portal on a D-Bus session, and no zenity)."
            .to_owned()
    })
}
