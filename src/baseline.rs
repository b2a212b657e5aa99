//! Review baselines: the findings a reviewer has already seen, so later runs report only new
//! ones.
//!
//! A finding's fingerprint is its rule, its matched text and the sentence around it, folded
//! (case, whitespace, quotes, dashes): not byte offsets, so edits elsewhere in a document keep
//! it valid, while an edit to the sentence itself makes the finding new again. The file is
//! JSON meant to be committed beside the archive; reviewers may set `disposition` (`accepted`
//! or `waived`) and `reason` on entries, and re-creating the baseline keeps them.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::finding::Finding;
use crate::report::{Emitter, FileResult, Outcome, Summary};
use crate::rulebook::Rulebook;
use crate::text::normalize::fold_phrase;

pub const VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Disposition {
    /// Reviewed and acceptable as written.
    Accepted,
    /// Not acceptable in general, waived here for a stated reason.
    Waived,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub path: String,
    pub rule: String,
    pub text: String,
    pub sentence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition: Option<Disposition>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub entries: Vec<Entry>,
}

/// Folds text so that typography and case do not change a fingerprint.
fn fold(text: &str) -> String {
    fold_phrase(text).to_lowercase()
}

/// 64-bit FNV-1a: tiny, stable across versions and platforms (unlike std's hasher).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The fingerprint of a finding of `rule` on `text` in `sentence`.
pub fn fingerprint(rule: &str, text: &str, sentence: &str) -> String {
    let key = format!("{rule}\u{1f}{}\u{1f}{}", fold(text), fold(sentence));
    format!("{:016x}", fnv1a(key.as_bytes()))
}

fn entry(book: &Rulebook, path: String, f: &Finding) -> Entry {
    let rule = f.rule(book).id.clone();
    Entry {
        fingerprint: fingerprint(&rule, &f.matched, &f.context),
        path,
        rule,
        text: f.matched.clone(),
        sentence: f.context.clone(),
        disposition: None,
        reason: None,
    }
}

impl Baseline {
    /// Reads a baseline file; errors name the file, line and column.
    pub fn load(path: &Path) -> Result<Baseline, miette::Report> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            miette::miette!(
                code = "claimlint::baseline",
                "cannot read baseline {}: {e}",
                path.display()
            )
        })?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            miette::miette!(
                code = "claimlint::baseline",
                "invalid baseline {}:{}:{}: {e}",
                path.display(),
                e.line(),
                e.column()
            )
        })?;
        if baseline.version != VERSION {
            return Err(miette::miette!(
                code = "claimlint::baseline",
                "baseline {} has version {}; this claimlint reads version {VERSION}",
                path.display(),
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// An empty baseline.
    pub fn empty() -> Baseline {
        Baseline {
            version: VERSION,
            entries: Vec::new(),
        }
    }

    /// Adds the finding of `rule` on `text` in `sentence` of the file `path` (an entry path).
    pub fn add(&mut self, path: String, rule: &str, text: &str, sentence: &str) {
        self.entries.push(Entry {
            fingerprint: fingerprint(rule, text, sentence),
            path,
            rule: rule.to_string(),
            text: text.to_string(),
            sentence: sentence.to_string(),
            disposition: None,
            reason: None,
        });
    }

    /// Writes the baseline atomically (a temporary file beside it, renamed over it).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let dir = match path.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        serde_json::to_writer_pretty(&mut tmp, self)?;
        writeln!(tmp)?;
        tmp.as_file().sync_all()?;
        tmp.persist(path).map_err(|e| e.error)?;
        Ok(())
    }

    /// Keeps the reviewers' dispositions of `previous` for entries still present.
    pub fn carry_dispositions(&mut self, previous: &Baseline) {
        let known: HashMap<(&str, &str), &Entry> = previous
            .entries
            .iter()
            .map(|e| ((e.path.as_str(), e.fingerprint.as_str()), e))
            .collect();
        for e in &mut self.entries {
            if let Some(old) = known.get(&(e.path.as_str(), e.fingerprint.as_str())) {
                e.disposition = old.disposition;
                e.reason.clone_from(&old.reason);
            }
        }
    }
}

/// Where a baseline's entry paths are rooted: entries name files relative to the baseline
/// file's directory, so a baseline keeps working from any working directory (and in editors).
#[derive(Debug, Clone)]
pub struct Paths {
    /// The baseline file's directory, absolute.
    base: PathBuf,
    /// The directory relative input paths are resolved against.
    cwd: PathBuf,
}

impl Paths {
    /// Paths for the baseline file `file`, with relative inputs resolved against `cwd`.
    pub fn new(file: &Path, cwd: &Path) -> Paths {
        let file = normalize(&cwd.join(file));
        let base = file
            .parent()
            .map_or_else(|| cwd.to_path_buf(), Path::to_path_buf);
        Paths {
            base,
            cwd: cwd.to_path_buf(),
        }
    }

    /// Paths for the baseline file `file`, resolving inputs against the working directory.
    pub fn from_cwd(file: &Path) -> Paths {
        let cwd = std::env::current_dir().unwrap_or_default();
        Paths::new(file, &cwd)
    }

    /// The entry path for an input named `name` in a run (standard input stays `-`).
    pub fn entry_path(&self, name: &str) -> String {
        if name == "-" {
            return name.to_string();
        }
        let abs = normalize(&self.cwd.join(name));
        relative(&self.base, &abs)
    }

    /// The key an entry path is compared by: the absolute file it names.
    fn entry_key(&self, entry_path: &str) -> String {
        if entry_path == "-" {
            return entry_path.to_string();
        }
        normalize(&self.base.join(entry_path))
            .to_string_lossy()
            .into_owned()
    }

    /// The key of an input named `name` in a run.
    pub fn run_key(&self, name: &str) -> String {
        if name == "-" {
            return name.to_string();
        }
        normalize(&self.cwd.join(name))
            .to_string_lossy()
            .into_owned()
    }
}

/// Removes `.` and resolves `..` lexically (symbolic links are not followed: the baseline names
/// files as the user names them).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// `path` relative to the directory `base` (both absolute and normalised), with `/`.
fn relative(base: &Path, path: &Path) -> String {
    let b: Vec<Component<'_>> = base.components().collect();
    let p: Vec<Component<'_>> = path.components().collect();
    let common = b.iter().zip(&p).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return path.to_string_lossy().into_owned();
    }
    let ups = std::iter::repeat_n("..".to_string(), b.len() - common);
    let downs = p[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// Filters findings against a baseline: each entry excuses one matching finding per file.
#[derive(Debug, Default)]
pub struct Filter {
    /// Per file (absolute), how many findings of each fingerprint are still excused.
    remaining: HashMap<String, HashMap<String, usize>>,
    paths: Option<Paths>,
}

impl Filter {
    pub fn new(baseline: &Baseline, paths: Paths) -> Self {
        let mut remaining: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for e in &baseline.entries {
            *remaining
                .entry(paths.entry_key(&e.path))
                .or_default()
                .entry(e.fingerprint.clone())
                .or_insert(0) += 1;
        }
        Filter {
            remaining,
            paths: Some(paths),
        }
    }

    /// Removes the findings the baseline already holds; returns how many were removed.
    pub fn apply(&mut self, book: &Rulebook, path: &str, findings: &mut Vec<Finding>) -> usize {
        let key = match &self.paths {
            Some(p) => p.run_key(path),
            None => path.to_string(),
        };
        let Some(remaining) = self.remaining.get_mut(&key) else {
            return 0;
        };
        let before = findings.len();
        findings.retain(|f| !take(remaining, &f.rule(book).id, &f.matched, &f.context));
        before - findings.len()
    }

    /// Whether the baseline excuses a finding of `rule` on `matched` in `sentence` in the file
    /// `path` (using up one entry when it does).
    pub fn excuses(&mut self, path: &str, rule: &str, matched: &str, sentence: &str) -> bool {
        let key = match &self.paths {
            Some(p) => p.run_key(path),
            None => path.to_string(),
        };
        self.remaining
            .get_mut(&key)
            .is_some_and(|r| take(r, rule, matched, sentence))
    }

    /// A fresh filter for one file (the language server re-filters on every edit).
    pub fn for_file(&self, path: &str) -> Filter {
        let key = match &self.paths {
            Some(p) => p.run_key(path),
            None => path.to_string(),
        };
        let mut remaining = HashMap::new();
        if let Some(counts) = self.remaining.get(&key) {
            remaining.insert(key, counts.clone());
        }
        Filter {
            remaining,
            paths: self.paths.clone(),
        }
    }
}

fn take(remaining: &mut HashMap<String, usize>, rule: &str, matched: &str, sentence: &str) -> bool {
    match remaining.get_mut(&fingerprint(rule, matched, sentence)) {
        Some(n) if *n > 0 => {
            *n -= 1;
            true
        }
        _ => false,
    }
}

/// Collects every finding of a run into a baseline, written at the end.
pub struct Collector {
    pub baseline: Baseline,
    previous: Option<Baseline>,
    paths: Paths,
}

impl Collector {
    pub fn new(previous: Option<Baseline>, paths: Paths) -> Self {
        Collector {
            baseline: Baseline::empty(),
            previous,
            paths,
        }
    }
}

impl Emitter for Collector {
    fn file(
        &mut self,
        _out: &mut dyn Write,
        book: &Rulebook,
        result: &FileResult<'_>,
    ) -> io::Result<()> {
        if let Outcome::Audited { findings, .. } = &result.outcome {
            let path = self.paths.entry_path(result.path);
            self.baseline
                .entries
                .extend(findings.iter().map(|f| entry(book, path.clone(), f)));
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut dyn Write, _summary: &Summary) -> io::Result<()> {
        if let Some(previous) = &self.previous {
            self.baseline.carry_dispositions(previous);
        }
        serde_json::to_writer_pretty(&mut *out, &self.baseline)?;
        writeln!(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_typography_and_case_but_not_words() {
        let a = fingerprint("r/x", "well tolerated", "It was “well tolerated” in   all.");
        let b = fingerprint(
            "r/x",
            "Well\ntolerated",
            "It was \"well tolerated\" in all.",
        );
        assert_eq!(a, b);
        assert_ne!(
            a,
            fingerprint("r/x", "well tolerated", "It was well tolerated in most.")
        );
        assert_ne!(
            a,
            fingerprint("r/y", "well tolerated", "It was “well tolerated” in all.")
        );
        assert_eq!(a.len(), 16);
    }

    #[test]
    fn dispositions_survive_recreation() {
        let e = |d: Option<Disposition>| Entry {
            fingerprint: "f".into(),
            path: "p".into(),
            rule: "r".into(),
            text: "t".into(),
            sentence: "s".into(),
            disposition: d,
            reason: d.map(|_| "legal approved".into()),
        };
        let previous = Baseline {
            version: 1,
            entries: vec![e(Some(Disposition::Waived))],
        };
        let mut fresh = Baseline {
            version: 1,
            entries: vec![e(None)],
        };
        fresh.carry_dispositions(&previous);
        assert_eq!(fresh.entries[0].disposition, Some(Disposition::Waived));
        assert_eq!(fresh.entries[0].reason.as_deref(), Some("legal approved"));
    }

    #[test]
    fn entry_paths_are_relative_to_the_baseline_and_match_from_anywhere() {
        let paths = Paths::new(Path::new("reviews/baseline.json"), Path::new("/w"));
        assert_eq!(paths.entry_path("archive/a.txt"), "../archive/a.txt");
        assert_eq!(
            paths.entry_path("./archive/../archive/a.txt#EX-99.1"),
            "../archive/a.txt#EX-99.1"
        );
        assert_eq!(paths.entry_path("-"), "-");
        assert_eq!(paths.entry_key("../archive/a.txt"), "/w/archive/a.txt");
        // The same entry, checked from another directory or with an absolute path.
        let elsewhere = Paths::new(Path::new("../reviews/baseline.json"), Path::new("/w/sub"));
        assert_eq!(elsewhere.run_key("../archive/a.txt"), "/w/archive/a.txt");
        assert_eq!(elsewhere.entry_key("../archive/a.txt"), "/w/archive/a.txt");
        assert_eq!(paths.run_key("/w/archive/a.txt"), "/w/archive/a.txt");
    }
}
