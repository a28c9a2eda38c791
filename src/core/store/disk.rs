//! The file-system operations Concord writes with, and the rules every file
//! it writes keeps: written under a temporary name and synced first, a
//! rewritten file keeps its permissions, a new one gets 0666 less the umask,
//! and a symlink is written through (its target changes, the link stays).

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Temporary files start with this and end with [`TEMP_SUFFIX`]; a writable
/// open removes any it finds that no commit names.
pub const TEMP_PREFIX: &str = ".concord-";
pub const TEMP_SUFFIX: &str = ".tmp";

/// The operations a save is made of, behind a trait so a test can make the
/// Nth one fail (a full disk) and check what is left.
pub trait Disk: Sync {
    /// Creates `path`, which must not exist, with `bytes`, and syncs it.
    /// `mode`: the permissions to give it (unix); `None` is 0666 less the
    /// umask.
    fn create(&self, path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes `path`; one already gone is not an error.
    fn remove(&self, path: &Path) -> io::Result<()>;
    /// Makes the renames and removals in `dir` durable.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
}

/// The real file system.
#[derive(Clone, Copy, Debug, Default)]
pub struct RealDisk;

impl Disk for RealDisk {
    fn create(&self, path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
        let mut file = create_new(path, mode)?;
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if written.is_err() {
            let _ = std::fs::remove_file(path);
        }
        written
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove(&self, path: &Path) -> io::Result<()> {
        match std::fs::remove_file(path) {
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
            other => other,
        }
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        sync_dir(dir)
    }
}

#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> io::Result<()> {
    Ok(())
}

/// Opens a new file for writing, failing if it exists. Created as 0666 so
/// the kernel applies the umask (a temp-file library's 0600 would survive
/// the rename and lock colleagues out); `mode` then replaces that.
fn create_new(path: &Path, mode: Option<u32>) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o666);
        let file = options.open(path)?;
        if let Some(mode) = mode {
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        let _ = mode;
        options.open(path)
    }
}

/// The file a write to `path` must replace: `path` itself, or, through any
/// chain of symlinks, the file they point at (which may not exist yet).
pub fn resolve_target(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_owned();
    // Linux's own limit on links followed in one lookup.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(m) if m.file_type().is_symlink() => {
                let link = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(dir) => dir.join(link),
                    None => link,
                };
            }
            Ok(_) => return Ok(current),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(current),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// The permissions a rewrite of `target` keeps: its own, if it exists.
pub(crate) fn existing_mode(target: &Path) -> io::Result<Option<u32>> {
    match std::fs::metadata(target) {
        #[cfg(unix)]
        Ok(m) => {
            use std::os::unix::fs::PermissionsExt;
            Ok(Some(m.permissions().mode() & 0o7777))
        }
        #[cfg(not(unix))]
        Ok(_) => Ok(None),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// A fresh temporary name beside `target`: process id, a counter and the
/// clock make it unique, and `create` refuses an existing file anyway.
pub(crate) fn temp_beside(target: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let name = format!(
        "{TEMP_PREFIX}{}-{n}-{nanos:08x}{TEMP_SUFFIX}",
        std::process::id()
    );
    match target.parent() {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// Whether `name` is one of Concord's temporary files.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)
}

fn parent_or_dot(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
}

/// How much is written before the kernel is asked to start putting it on
/// disk.
const WRITEBACK_STEP: u64 = 32 << 20;

/// A file being written that, every [`WRITEBACK_STEP`] bytes, asks the
/// kernel to start writing what came before to disk. The sync that ends a
/// large write (a 430 MB export) then waits for the last step only, where
/// it waited for all of it.
struct Writeback {
    file: std::fs::File,
    written: u64,
    started: u64,
}

impl Writeback {
    fn new(file: std::fs::File) -> Self {
        Self {
            file,
            written: 0,
            started: 0,
        }
    }

    #[cfg(target_os = "linux")]
    fn start(&mut self) {
        use std::os::fd::AsRawFd;
        let (offset, len) = (
            self.started as libc::off64_t,
            (self.written - self.started) as libc::off64_t,
        );
        // SAFETY: the call takes no pointers and the descriptor is open for
        // as long as `self.file` lives. It is advice: an error it would
        // report shows again at the sync, which is checked.
        unsafe {
            libc::sync_file_range(
                self.file.as_raw_fd(),
                offset,
                len,
                libc::SYNC_FILE_RANGE_WRITE,
            );
        }
        self.started = self.written;
    }

    #[cfg(not(target_os = "linux"))]
    fn start(&mut self) {}
}

impl Write for Writeback {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.written += n as u64;
        if self.written - self.started >= WRITEBACK_STEP {
            self.start();
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// Writes `path` atomically: the bytes go to a temporary file beside the
/// file being replaced (the symlink's target, for a symlink), which is
/// synced, given the old file's permissions, renamed over it, and the folder
/// is synced. On any failure the previous file is untouched and the
/// temporary file is removed. One file at a time; a set's save is one
/// transaction of many (see `txn`).
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let target = resolve_target(path)?;
    let dir = parent_or_dot(&target).to_owned();
    std::fs::create_dir_all(&dir)?;
    let mode = existing_mode(&target)?;
    let temp = temp_beside(&target);
    let file = create_new(&temp, mode)?;
    let result = (|| {
        let mut out = io::BufWriter::new(Writeback::new(file));
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| e.into_error())?.file;
        file.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    sync_dir(&dir)
}
