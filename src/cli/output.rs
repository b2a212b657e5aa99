//! Where a report goes: standard output, or FILE written atomically (a temporary file beside
//! it, renamed over it only once the report is complete, so a partial report never replaces it).

use std::io::{self, Write};
use std::path::Path;

pub(super) struct ReportTarget<'a> {
    path: Option<&'a Path>,
    temp: Option<tempfile::NamedTempFile>,
}

impl<'a> ReportTarget<'a> {
    /// Standard output when `path` is None.
    pub(super) fn open(path: Option<&'a Path>) -> Result<Self, miette::Report> {
        let temp = match path {
            Some(path) => Some(temp_beside(path)?),
            None => None,
        };
        Ok(ReportTarget { path, temp })
    }

    pub(super) fn writer(&mut self) -> Box<dyn Write + '_> {
        match self.temp.as_mut() {
            Some(t) => Box::new(t.as_file_mut()),
            None => Box::new(io::stdout().lock()),
        }
    }

    /// Renames the complete report over its destination (nothing to do for stdout).
    pub(super) fn commit(self) -> Result<(), miette::Report> {
        if let (Some(t), Some(path)) = (self.temp, self.path) {
            t.persist(path).map_err(|e| {
                miette::miette!(
                    code = "claimlint::io",
                    "cannot write {}: {}",
                    path.display(),
                    e.error
                )
            })?;
        }
        Ok(())
    }
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
        .map_err(|e| {
            miette::miette!(
                code = "claimlint::io",
                "cannot write {}: {e}",
                path.display()
            )
        })
}
