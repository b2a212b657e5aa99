//! Where a report goes: standard output, or FILE written atomically (a temporary file beside
//! it, renamed over it only once the report is complete, so a partial report never replaces it).
//!
//! Two faults are handled here. An interrupt (SIGINT, also SIGTERM and SIGHUP) during a run
//! would kill the process without running destructors and leave the temporary file behind:
//! a handler removes the pending temporary file and exits with 130. And an existing FILE that
//! is not a regular file (`/dev/null`, `/dev/stdout`, a named pipe) is written in place:
//! renaming a temporary file over it would replace the device node itself.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

pub(super) struct ReportTarget<'a> {
    path: Option<&'a Path>,
    dest: Dest,
}

enum Dest {
    Stdout,
    /// Written beside the destination, renamed over it by `commit`.
    Temp(tempfile::NamedTempFile),
    /// An existing file that is not a regular file, written directly.
    InPlace(File),
}

/// The temporary file of the report being written, removed by the interrupt handler. (Left
/// set when a run ends in an error: the temporary file is deleted then, and removing a path
/// that is gone does nothing.)
static PENDING: Mutex<Option<PathBuf>> = Mutex::new(None);

fn set_pending(path: Option<PathBuf>) {
    *PENDING.lock().unwrap_or_else(|p| p.into_inner()) = path;
}

/// Installs (once) the handler that removes the pending temporary report on an interrupt.
fn remove_pending_on_interrupt() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        // Without the handler an interrupt still stops the run; only the cleanup is lost.
        let _ = ctrlc::set_handler(|| {
            let pending = PENDING.lock().unwrap_or_else(|p| p.into_inner()).take();
            if let Some(path) = pending {
                let _ = std::fs::remove_file(path);
            }
            let _ = writeln!(io::stderr(), "claimlint: interrupted");
            std::process::exit(130);
        });
    });
}

impl<'a> ReportTarget<'a> {
    /// Standard output when `path` is None.
    pub(super) fn open(path: Option<&'a Path>) -> Result<Self, miette::Report> {
        let dest = match path {
            None => Dest::Stdout,
            Some(path) if is_special_file(path) => Dest::InPlace(
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| cannot_write(path, &e))?,
            ),
            Some(path) => {
                remove_pending_on_interrupt();
                let temp = temp_beside(path)?;
                set_pending(Some(temp.path().to_path_buf()));
                Dest::Temp(temp)
            }
        };
        Ok(ReportTarget { path, dest })
    }

    pub(super) fn writer(&mut self) -> Box<dyn Write + '_> {
        match &mut self.dest {
            Dest::Temp(t) => Box::new(t.as_file_mut()),
            Dest::InPlace(f) => Box::new(f),
            Dest::Stdout => Box::new(io::stdout().lock()),
        }
    }

    /// Renames the complete report over its destination (nothing to do for stdout).
    pub(super) fn commit(self) -> Result<(), miette::Report> {
        if let (Dest::Temp(t), Some(path)) = (self.dest, self.path) {
            // Data reaches the disk before the rename makes it the report (a full disk shows
            // here at the latest).
            t.as_file().sync_all().map_err(|e| cannot_write(path, &e))?;
            let result = t.persist(path);
            set_pending(None);
            result.map_err(|e| cannot_write(path, &e.error))?;
        }
        Ok(())
    }
}

/// An existing path that is not a regular file or a directory: a device, a pipe, a socket.
fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn cannot_write(path: &Path, e: &io::Error) -> miette::Report {
    miette::miette!(
        code = "claimlint::io",
        "cannot write {}: {e}",
        path.display()
    )
}

/// A temporary file beside `path`, so the final rename stays on one filesystem.
fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, miette::Report> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".claimlint-report-")
        .tempfile_in(dir)
        .map_err(|e| cannot_write(path, &e))
}
