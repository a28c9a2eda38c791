//! Starts the real binary in a real window under Xvfb, takes a screenshot
//! and checks the window came up and stayed up. Without Xvfb or a
//! screenshot tool (`apt-get install -y xvfb imagemagick`) it says it was
//! skipped and why.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills the process when dropped, so a failing assert leaves nothing behind.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn on_path(tool: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")?
        .to_str()?
        .split(':')
        .map(|dir| Path::new(dir).join(tool))
        .find(|p| p.is_file())
}

fn wait_for(timeout: Duration, mut ready: impl FnMut() -> bool) -> bool {
    let start = Instant::now();
    while start.elapsed() < timeout {
        if ready() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

#[test]
fn real_window_under_xvfb() {
    let (Some(xvfb), Some(import)) = (on_path("Xvfb"), on_path("import")) else {
        eprintln!(
            "skipped: needs Xvfb and ImageMagick's import (apt-get install -y xvfb imagemagick)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let seeds = dir.path().join("project/seeds");
    std::fs::create_dir_all(&seeds).unwrap();
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, seeds.join(path.file_name().unwrap())).unwrap();
    }

    // A display number no one else is likely to use.
    let display = format!(":{}", 200 + std::process::id() % 500);
    let socket = format!("/tmp/.X11-unix/X{}", &display[1..]);
    let _x = Running(
        Command::new(xvfb)
            .args([
                display.as_str(),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    if !wait_for(Duration::from_secs(10), || Path::new(&socket).exists()) {
        eprintln!("skipped: Xvfb did not start on {display}");
        return;
    }

    let log = dir.path().join("concord.log");
    let mut app = Running(
        Command::new(env!("CARGO_BIN_EXE_concord"))
            .arg("open")
            .arg(dir.path().join("project"))
            .env("DISPLAY", &display)
            .env_remove("WAYLAND_DISPLAY")
            // Keep eframe's preferences inside the test folder.
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path().join("data"))
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap(),
    );
    // Give the window time to open and paint on the software renderer.
    std::thread::sleep(Duration::from_secs(6));
    let exited = app.0.try_wait().unwrap();
    assert!(
        exited.is_none(),
        "the app exited ({exited:?}): {}",
        std::fs::read_to_string(&log).unwrap_or_default()
    );

    let shot = dir.path().join("window.png");
    let status = Command::new(import)
        .args(["-display", display.as_str(), "-window", "root"])
        .arg(&shot)
        .status()
        .unwrap();
    assert!(status.success(), "import failed");
    // A painted window compresses far worse than an empty black screen.
    let size = std::fs::metadata(&shot).unwrap().len();
    assert!(size > 20_000, "the screenshot looks empty ({size} bytes)");
    // Opening alone never writes to the project.
    assert!(!dir.path().join("project/annotations").exists());
}
