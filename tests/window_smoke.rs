//! Starts the real binary in a real window under Xvfb, takes a screenshot and
//! checks it shows something. Needs `Xvfb`, `xdotool` and ImageMagick's
//! `import` and `identify` (Debian: `xvfb xdotool imagemagick`); without
//! them it says it was skipped and why.

#![cfg(feature = "gui")]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long the window may take to appear (a debug build on a software
/// renderer, on a busy 2-core machine).
const WINDOW_TIMEOUT: Duration = Duration::from_secs(90);

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(tool).is_file()))
}

/// Kills the process when dropped, so a failing test leaves nothing behind.
struct Reaped(Child);

impl Drop for Reaped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_display() -> Option<u32> {
    (90..140).find(|n| {
        !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
            && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
    })
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A copy of the project's seeds (and their annotations, if any).
fn seeds_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sub in ["seeds", "annotations"] {
        if root.join(sub).is_dir() {
            copy_dir(&root.join(sub), &dir.path().join(sub));
        }
    }
    dir
}

fn run(cmd: &mut Command) -> std::process::Output {
    cmd.output()
        .unwrap_or_else(|e| panic!("could not run {cmd:?}: {e}"))
}

#[test]
fn the_real_window_opens_on_the_seeds_and_shows_something() {
    for (tool, package) in [
        ("Xvfb", "xvfb"),
        ("xdotool", "xdotool"),
        ("import", "imagemagick"),
        ("identify", "imagemagick"),
    ] {
        if !on_path(tool) {
            println!("skipped: no {tool} (install {package})");
            return;
        }
    }
    let Some(n) = free_display() else {
        println!("skipped: no free X display number in :90..:139");
        return;
    };
    let display = format!(":{n}");
    let _xvfb = Reaped(
        Command::new("Xvfb")
            .args([&display, "-screen", "0", "1280x800x24", "-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts"),
    );
    let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
    let started = Instant::now();
    while !socket.exists() {
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "Xvfb did not start on {display}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    let project = seeds_project();
    let log = project.path().join("concord.log");
    let mut app = Reaped(
        Command::new(env!("CARGO_BIN_EXE_concord"))
            .arg("open")
            .arg(project.path())
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .expect("concord starts"),
    );

    let started = Instant::now();
    let window = loop {
        let found = run(Command::new("xdotool")
            .args(["search", "--onlyvisible", "--name", "Concord"])
            .env("DISPLAY", &display));
        if let Some(id) = String::from_utf8_lossy(&found.stdout).lines().next() {
            break id.trim().to_owned();
        }
        if let Some(status) = app.0.try_wait().unwrap() {
            panic!(
                "concord exited ({status}) before its window appeared:\n{}",
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
        assert!(
            started.elapsed() < WINDOW_TIMEOUT,
            "no Concord window after {WINDOW_TIMEOUT:?}:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(250));
    };
    // Give the first frames time to paint.
    std::thread::sleep(Duration::from_secs(3));

    let shot = Path::new(env!("CARGO_TARGET_TMPDIR")).join("window_smoke.png");
    let _ = std::fs::remove_file(&shot);
    let import = run(Command::new("import")
        .args(["-window", "root"])
        .arg(&shot)
        .env("DISPLAY", &display));
    assert!(
        import.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&import.stderr)
    );
    assert!(shot.is_file(), "no screenshot at {}", shot.display());
    let colours = run(Command::new("identify").args(["-format", "%k"]).arg(&shot));
    let colours: usize = String::from_utf8_lossy(&colours.stdout)
        .trim()
        .parse()
        .expect("identify prints the number of colours");
    // A blank or single-colour screen has one or two; text has many.
    assert!(
        colours > 16,
        "the screenshot has only {colours} colours: the window shows nothing"
    );
    println!(
        "window {window}: screenshot with {colours} colours at {}",
        shot.display()
    );

    // Ask the app to quit the way a window manager would, then make sure.
    let _ = run(Command::new("kill").args(["-TERM", &app.0.id().to_string()]));
    let started = Instant::now();
    while app.0.try_wait().unwrap().is_none() && started.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(100));
    }
}
