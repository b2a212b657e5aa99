//! Which paths to audit: command-line paths expanded, directories walked.
use std::path::{Path, PathBuf};

/// File name extensions audited when walking a directory. Explicitly named files are always
/// audited, whatever their name.
pub const TEXT_EXTENSIONS: &[&str] = &["txt", "text", "md", "markdown", "html", "htm", "xhtml"];

/// One thing to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    /// The name findings are reported under.
    pub fn display_name(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// A path that could not be expanded into inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkError {
    pub path: String,
    pub message: String,
}

/// Expands the command-line paths: `-` is stdin, directories are walked recursively in sorted
/// order (hidden entries skipped), files are taken as given. No paths means stdin.
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<WalkError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => errors.push(WalkError {
                path: path.display().to_string(),
                message: format!("cannot read: {e}"),
            }),
        }
    }
    (inputs, errors)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(WalkError {
                path: dir.display().to_string(),
                message: format!("cannot list directory: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => paths.push(entry.path()),
            Err(e) => errors.push(WalkError {
                path: dir.display().to_string(),
                message: format!("cannot list directory: {e}"),
            }),
        }
    }
    paths.sort();
    for path in paths {
        if is_hidden(&path) {
            continue;
        }
        // symlink_metadata: a link to a directory is not followed, so loops cannot occur.
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, inputs, errors),
            Ok(_) => {
                let wanted = path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()));
                if wanted {
                    inputs.push(Input::File(path));
                }
            }
            Err(e) => errors.push(WalkError {
                path: path.display().to_string(),
                message: format!("cannot read: {e}"),
            }),
        }
    }
}
