//! Which paths to audit: command-line paths expanded, directories walked the way ripgrep walks
//! them (the `ignore` crate): `.gitignore`/`.ignore` respected, hidden entries skipped, links
//! followed with loop detection, entries sorted so runs are reproducible.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;
use ignore::overrides::OverrideBuilder;

/// File name extensions audited when walking a directory (unless `--include` or `--all` says
/// otherwise). Explicitly named files are always audited, whatever their name.
pub const TEXT_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "docx", "pdf",
];

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

/// How directories are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Globs a file must match (replaces the extension filter), e.g. `*.txt`.
    pub include: Vec<String>,
    /// Globs of files or directories to leave out.
    pub exclude: Vec<String>,
    /// Walk hidden files and directories too.
    pub hidden: bool,
    /// Do not respect `.gitignore`, `.ignore` and other ignore files.
    pub no_ignore: bool,
    /// Everything: hidden, ignored, and files of any extension.
    pub all: bool,
}

/// Expands the command-line paths: `-` is stdin, directories are walked, files are taken as
/// given. No paths means stdin.
pub fn collect(paths: &[PathBuf], options: &WalkOptions) -> (Vec<Input>, Vec<WalkError>) {
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
            Ok(meta) if meta.is_dir() => walk(path, options, &mut inputs, &mut errors),
            Ok(_) => inputs.push(Input::File(path.clone())),
            Err(e) => errors.push(WalkError {
                path: path.display().to_string(),
                message: format!("cannot read: {e}"),
            }),
        }
    }
    (inputs, errors)
}

fn has_text_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| TEXT_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

fn walk(dir: &Path, options: &WalkOptions, inputs: &mut Vec<Input>, errors: &mut Vec<WalkError>) {
    let mut overrides = OverrideBuilder::new(dir);
    for glob in &options.include {
        if let Err(e) = overrides.add(glob) {
            errors.push(WalkError {
                path: glob.clone(),
                message: format!("invalid --include glob: {e}"),
            });
        }
    }
    for glob in &options.exclude {
        if let Err(e) = overrides.add(&format!("!{glob}")) {
            errors.push(WalkError {
                path: glob.clone(),
                message: format!("invalid --exclude glob: {e}"),
            });
        }
    }
    let overrides = match overrides.build() {
        Ok(o) => o,
        Err(e) => {
            errors.push(WalkError {
                path: dir.display().to_string(),
                message: format!("invalid glob: {e}"),
            });
            return;
        }
    };
    let respect_ignores = !(options.no_ignore || options.all);
    let walker = WalkBuilder::new(dir)
        .hidden(!(options.hidden || options.all))
        .ignore(respect_ignores)
        .git_ignore(respect_ignores)
        .git_global(respect_ignores)
        .git_exclude(respect_ignores)
        .parents(respect_ignores)
        .require_git(false)
        .follow_links(true)
        .overrides(overrides)
        .sort_by_file_path(|a, b| a.cmp(b))
        .build();
    let filter_by_extension = options.include.is_empty() && !options.all;
    for entry in walker {
        match entry {
            Ok(entry) => {
                let is_file = entry.file_type().is_some_and(|t| t.is_file());
                if !is_file {
                    continue;
                }
                if filter_by_extension && !has_text_extension(entry.path()) {
                    continue;
                }
                inputs.push(Input::File(entry.into_path()));
            }
            Err(e) => errors.push(walk_error(dir, &e)),
        }
    }
}

/// A walk error with the path it concerns.
fn walk_error(dir: &Path, e: &ignore::Error) -> WalkError {
    fn path_of(e: &ignore::Error) -> Option<String> {
        match e {
            ignore::Error::WithPath { path, .. } => Some(path.display().to_string()),
            ignore::Error::Loop { child, .. } => Some(child.display().to_string()),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                path_of(err)
            }
            _ => None,
        }
    }
    WalkError {
        path: path_of(e).unwrap_or_else(|| dir.display().to_string()),
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(inputs: &[Input], root: &Path) -> Vec<String> {
        inputs
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => p.strip_prefix(root).ok().map(|p| p.display().to_string()),
                Input::Stdin => None,
            })
            .collect()
    }

    #[test]
    fn walks_sorted_with_ignores_hidden_and_globs() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("b"))?;
        std::fs::create_dir_all(root.join(".git"))?;
        for f in [
            "a.txt",
            "b/c.html",
            "b/d.tsv",
            ".hidden.txt",
            "skip.md",
            "b/keep.md",
        ] {
            std::fs::write(root.join(f), "x")?;
        }
        std::fs::write(root.join(".gitignore"), "skip.md\n")?;
        let (inputs, errors) = collect(&[root.to_path_buf()], &WalkOptions::default());
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(names(&inputs, root), vec!["a.txt", "b/c.html", "b/keep.md"]);

        let all = WalkOptions {
            all: true,
            ..WalkOptions::default()
        };
        let (inputs, _) = collect(&[root.to_path_buf()], &all);
        let n = names(&inputs, root);
        assert!(
            n.contains(&".hidden.txt".to_string())
                && n.contains(&"skip.md".to_string())
                && n.contains(&"b/d.tsv".to_string()),
            "{n:?}"
        );

        let globs = WalkOptions {
            include: vec!["*.md".into()],
            exclude: vec!["keep.md".into()],
            ..WalkOptions::default()
        };
        let (inputs, _) = collect(&[root.to_path_buf()], &globs);
        // As with ripgrep's -g, globs override ignore files: skip.md is included again.
        assert_eq!(names(&inputs, root), vec!["skip.md"]);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let root = dir.path();
        std::fs::create_dir_all(root.join("a"))?;
        std::fs::write(root.join("a/r.txt"), "x")?;
        std::os::unix::fs::symlink(root, root.join("a/loop"))?;
        let (inputs, errors) = collect(&[root.to_path_buf()], &WalkOptions::default());
        assert_eq!(names(&inputs, root), vec!["a/r.txt"]);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("loop"), "{errors:?}");
        Ok(())
    }
}
