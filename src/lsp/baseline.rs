//! The review baseline in the editor: findings it holds are not shown, and the "add to the
//! review baseline" code action records one there (through `workspace/executeCommand`, so the
//! server writes the file exactly as `claimlint baseline create` would).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

use crate::baseline::{Baseline, Filter, Paths};

/// The baseline file used when the configuration names none: at the workspace root.
pub const DEFAULT_FILE: &str = "claimlint-baseline.json";

/// The command the code action runs.
pub const ADD_COMMAND: &str = "claimlint.addToBaseline";

/// The command's one argument: which finding to record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddArgs {
    pub uri: String,
    pub rule: String,
    pub text: String,
    pub sentence: String,
}

/// Loaded baselines, re-read when the file changes on disk.
#[derive(Debug, Default)]
pub struct Cache {
    files: HashMap<PathBuf, Cached>,
}

#[derive(Debug)]
struct Cached {
    stamp: Option<(SystemTime, u64)>,
    loaded: Result<Filter, String>,
}

fn stamp(file: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(file).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

impl Cache {
    /// The filter of the baseline at `file`: None when there is no such file, an error message
    /// when it does not load.
    pub fn filter(&mut self, file: &Path) -> Option<Result<&Filter, &str>> {
        let now = stamp(file);
        now?;
        let fresh = self.files.get(file).is_some_and(|c| c.stamp == now);
        if !fresh {
            let loaded = Baseline::load(file)
                .map(|b| Filter::new(&b, Paths::from_cwd(file)))
                .map_err(|e| e.to_string());
            self.files
                .insert(file.to_path_buf(), Cached { stamp: now, loaded });
        }
        self.files
            .get(file)
            .map(|c| c.loaded.as_ref().map_err(String::as_str))
    }
}

impl Cache {
    /// Drops what is known of `file` (after the server wrote it).
    pub fn forget(&mut self, file: &Path) {
        self.files.remove(file);
    }
}

/// Records a finding of the document at `doc` in the baseline `file` (created when missing).
/// A baseline that does not load is left as it is and the error returned.
pub fn add(file: &Path, doc: &Path, args: &AddArgs) -> Result<(), String> {
    let mut baseline = if file.exists() {
        Baseline::load(file).map_err(|e| e.to_string())?
    } else {
        Baseline::empty()
    };
    let entry_path = Paths::from_cwd(file).entry_path(&doc.to_string_lossy());
    baseline.add(entry_path, &args.rule, &args.text, &args.sentence);
    baseline
        .save(file)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_findings_are_filtered_and_a_broken_file_is_kept() -> Result<(), String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let file = dir.path().join(DEFAULT_FILE);
        let doc = dir.path().join("drafts").join("release.txt");
        let args = AddArgs {
            uri: String::new(),
            rule: "promotional/hype".into(),
            text: "remarkable".into(),
            sentence: "We saw remarkable results.".into(),
        };
        let mut cache = Cache::default();
        assert!(cache.filter(&file).is_none());
        add(&file, &doc, &args)?;
        let written = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
        assert!(
            written.contains("\"path\": \"drafts/release.txt\""),
            "{written}"
        );
        let doc_name = doc.to_string_lossy().into_owned();
        let mut filter = match cache.filter(&file) {
            Some(Ok(f)) => f.for_file(&doc_name),
            other => return Err(format!("baseline should load: {other:?}")),
        };
        assert!(filter.excuses(
            &doc_name,
            "promotional/hype",
            "Remarkable",
            "We saw  remarkable results."
        ));
        assert!(!filter.excuses(
            &doc_name,
            "promotional/hype",
            "remarkable",
            "We saw remarkable results."
        ));
        std::fs::write(&file, "{ not json").map_err(|e| e.to_string())?;
        assert!(add(&file, &doc, &args).is_err());
        assert_eq!(
            std::fs::read_to_string(&file).map_err(|e| e.to_string())?,
            "{ not json"
        );
        assert!(matches!(cache.filter(&file), Some(Err(_))));
        Ok(())
    }
}
