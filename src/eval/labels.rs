//! The labelled sets `claimlint eval` scores against (see the labelling guide, `GUIDE.md`, that
//! comes with them): sentence units of corpus documents, claims regulators quoted as
//! misleading, and plain factual sentences.
//!
//! Units give character offsets into the UTF-8 decoded document; they are turned into byte
//! offsets here, once, and checked against the unit's own text so that labels made for another
//! version of a document are an error rather than a silently wrong score.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::tsv::{Table, TsvError};
use crate::rulebook::Category;
use crate::text::collapse_whitespace;

pub const UNITS_FILE: &str = "units.tsv";
pub const REGULATOR_FILE: &str = "regulator-claims.tsv";
pub const NEUTRAL_FILE: &str = "neutral-sentences.tsv";

/// Why the labelled sets could not be loaded.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{message}")]
#[diagnostic(code(claimlint::eval))]
pub struct LabelError {
    pub message: String,
    #[help]
    pub help: Option<String>,
}

impl LabelError {
    fn new(message: impl Into<String>) -> Self {
        LabelError {
            message: message.into(),
            help: None,
        }
    }

    fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    fn in_file(file: &str, e: TsvError) -> Self {
        LabelError::new(format!("{file}: {e}"))
    }
}

/// The `fls` label of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FlsLabel {
    /// A forward-looking statement.
    Fls,
    /// Not forward-looking.
    Not,
    /// Part of the cautionary (safe-harbor) language itself.
    Caution,
}

impl FlsLabel {
    pub fn parse(s: &str) -> Option<FlsLabel> {
        match s.trim() {
            "FLS" => Some(FlsLabel::Fls),
            "NOT" => Some(FlsLabel::Not),
            "CAUTION" => Some(FlsLabel::Caution),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FlsLabel::Fls => "FLS",
            FlsLabel::Not => "NOT",
            FlsLabel::Caution => "CAUTION",
        }
    }
}

/// The claim categories a unit can be labelled with: every category except forward-looking,
/// safe-harbor and consistency.
pub const CLAIM_CATEGORIES: [Category; 6] = [
    Category::EfficacyClaim,
    Category::SafetyClaim,
    Category::ComparativeClaim,
    Category::RegulatoryStatus,
    Category::PromotionalLanguage,
    Category::FinancialDisclosure,
];

pub fn is_claim(category: Category) -> bool {
    CLAIM_CATEGORIES.contains(&category)
}

/// Parses the `claims` column: comma-separated category names, empty for none.
pub fn parse_claims(field: &str) -> Result<Vec<Category>, String> {
    let mut out = Vec::new();
    for name in field.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let Some(c) = CLAIM_CATEGORIES.iter().find(|c| c.as_str() == name) else {
            let known: Vec<&str> = CLAIM_CATEGORIES.iter().map(|c| c.as_str()).collect();
            return Err(format!(
                "unknown claim category `{name}` (known: {})",
                known.join(", ")
            ));
        };
        if !out.contains(c) {
            out.push(*c);
        }
    }
    Ok(out)
}

/// One labelled sentence unit, with its span as source byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// The `unit` column (an identifier within its document).
    pub id: String,
    pub start: usize,
    pub end: usize,
    pub fls: FlsLabel,
    pub claims: Vec<Category>,
}

/// A corpus document and its units, in file order.
#[derive(Debug, Clone)]
pub struct LabelledDoc {
    pub name: String,
    pub text: String,
    pub units: Vec<Unit>,
}

impl LabelledDoc {
    pub fn unit_text(&self, unit: &Unit) -> &str {
        self.text.get(unit.start..unit.end).unwrap_or("")
    }
}

/// A claim a regulator's letter quoted as misleading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegulatorClaim {
    pub id: String,
    pub claim: String,
    /// The part of the `category` column before ` | `.
    pub bucket: String,
}

/// A plain factual sentence that should raise no claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeutralSentence {
    pub id: String,
    pub sentence: String,
}

/// Everything `claimlint eval` scores against.
#[derive(Debug, Clone, Default)]
pub struct LabelSet {
    pub docs: Vec<LabelledDoc>,
    pub regulator: Vec<RegulatorClaim>,
    pub neutral: Vec<NeutralSentence>,
}

impl LabelSet {
    /// Reads the three label files from `labels` and the documents the units name from
    /// `corpus`. Any missing or malformed file is an error.
    pub fn load(labels: &Path, corpus: &Path) -> Result<LabelSet, LabelError> {
        if !labels.is_dir() {
            return Err(LabelError::new(format!(
                "labels directory {} not found",
                labels.display()
            ))
            .help(format!(
                "pass --labels DIR: a directory holding {UNITS_FILE}, {REGULATOR_FILE} and \
                 {NEUTRAL_FILE}"
            )));
        }
        if !corpus.is_dir() {
            return Err(LabelError::new(format!(
                "corpus directory {} not found",
                corpus.display()
            ))
            .help("pass --corpus DIR: the directory of the documents units.tsv refers to"));
        }
        let read = |name: &str| -> Result<String, LabelError> {
            let path = labels.join(name);
            std::fs::read_to_string(&path).map_err(|e| {
                LabelError::new(format!("cannot read {}: {e}", path.display()))
                    .help(format!("the labels directory must hold {name}"))
            })
        };
        let units = read(UNITS_FILE)?;
        let regulator = read(REGULATOR_FILE)?;
        let neutral = read(NEUTRAL_FILE)?;
        LabelSet::from_texts(&units, &regulator, &neutral, |doc| {
            let path: PathBuf = corpus.join(doc);
            std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
        })
    }

    /// Builds the set from the files' texts; `read_doc` returns a corpus document by name.
    pub fn from_texts(
        units: &str,
        regulator: &str,
        neutral: &str,
        mut read_doc: impl FnMut(&str) -> Result<String, String>,
    ) -> Result<LabelSet, LabelError> {
        Ok(LabelSet {
            docs: parse_units(units, &mut read_doc)?,
            regulator: parse_regulator(regulator)?,
            neutral: parse_neutral(neutral)?,
        })
    }

    pub fn unit_count(&self) -> usize {
        self.docs.iter().map(|d| d.units.len()).sum()
    }
}

/// Byte offset of every character of `text`, plus its length (the offset of "character n" for
/// n = the number of characters).
fn char_starts(text: &str) -> Vec<usize> {
    text.char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect()
}

fn shorten(text: &str, max: usize) -> String {
    let text = collapse_whitespace(text);
    if text.chars().count() <= max {
        return text;
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

fn parse_units(
    text: &str,
    read_doc: &mut impl FnMut(&str) -> Result<String, String>,
) -> Result<Vec<LabelledDoc>, LabelError> {
    let file = UNITS_FILE;
    let table = Table::parse(text).map_err(|e| LabelError::in_file(file, e))?;
    let col = |name| table.column(name).map_err(|e| LabelError::in_file(file, e));
    let (c_doc, c_unit, c_start, c_end, c_text, c_fls, c_claims) = (
        col("doc")?,
        col("unit")?,
        col("start")?,
        col("end")?,
        col("text")?,
        col("fls")?,
        col("claims")?,
    );
    let mut docs: Vec<LabelledDoc> = Vec::new();
    let mut starts: Vec<Vec<usize>> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let f = &row.fields;
        let at = |message: String| LabelError::new(format!("{file}: line {}: {message}", row.line));
        let name = f[c_doc].trim();
        if name.is_empty() {
            return Err(at("empty `doc`".into()));
        }
        let d = match index.get(name) {
            Some(&d) => d,
            None => {
                let text = read_doc(name).map_err(|e| {
                    at(format!("document `{name}`: {e}"))
                        .help("--corpus must be the directory of the labelled documents")
                })?;
                starts.push(char_starts(&text));
                docs.push(LabelledDoc {
                    name: name.to_string(),
                    text,
                    units: Vec::new(),
                });
                index.insert(name.to_string(), docs.len() - 1);
                docs.len() - 1
            }
        };
        let offset = |c: usize, what: &str| -> Result<usize, LabelError> {
            f[c].trim()
                .parse::<usize>()
                .map_err(|_| at(format!("`{what}` is not a character offset: {:?}", f[c])))
        };
        let (cs, ce) = (offset(c_start, "start")?, offset(c_end, "end")?);
        let chars = &starts[d];
        let (Some(&start), Some(&end)) = (chars.get(cs), chars.get(ce)) else {
            return Err(at(format!(
                "characters {cs}..{ce} lie outside `{name}` ({} characters)",
                chars.len() - 1
            )));
        };
        if cs > ce {
            return Err(at(format!("start {cs} is after end {ce}")));
        }
        let fls = FlsLabel::parse(&f[c_fls]).ok_or_else(|| {
            at(format!(
                "`fls` must be FLS, NOT or CAUTION, not {:?}",
                f[c_fls]
            ))
        })?;
        let claims = parse_claims(&f[c_claims]).map_err(at)?;
        let doc = &mut docs[d];
        let found = collapse_whitespace(&doc.text[start..end]);
        let labelled = collapse_whitespace(&f[c_text]);
        if found != labelled {
            return Err(at(format!(
                "unit {} of `{name}`: the document's characters {cs}..{ce} read {:?}, but the \
                 label's text is {:?}",
                f[c_unit],
                shorten(&found, 80),
                shorten(&labelled, 80)
            ))
            .help("the labels were made for another version of this document, or --corpus points at the wrong directory"));
        }
        doc.units.push(Unit {
            id: f[c_unit].trim().to_string(),
            start,
            end,
            fls,
            claims,
        });
    }
    Ok(docs)
}

fn parse_regulator(text: &str) -> Result<Vec<RegulatorClaim>, LabelError> {
    let file = REGULATOR_FILE;
    let table = Table::parse(text).map_err(|e| LabelError::in_file(file, e))?;
    let col = |name| table.column(name).map_err(|e| LabelError::in_file(file, e));
    let (c_id, c_claim, c_category) = (col("id")?, col("claim")?, col("category")?);
    Ok(table
        .rows
        .iter()
        .map(|row| {
            let category = &row.fields[c_category];
            let bucket = category.split(" | ").next().unwrap_or(category).trim();
            RegulatorClaim {
                id: row.fields[c_id].trim().to_string(),
                claim: row.fields[c_claim].clone(),
                bucket: bucket.to_string(),
            }
        })
        .collect())
}

fn parse_neutral(text: &str) -> Result<Vec<NeutralSentence>, LabelError> {
    let file = NEUTRAL_FILE;
    let table = Table::parse(text).map_err(|e| LabelError::in_file(file, e))?;
    let col = |name| table.column(name).map_err(|e| LabelError::in_file(file, e));
    let (c_id, c_sentence) = (col("id")?, col("sentence")?);
    Ok(table
        .rows
        .iter()
        .map(|row| NeutralSentence {
            id: row.fields[c_id].trim().to_string(),
            sentence: row.fields[c_sentence].clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: &str = "doc\tunit\tstart\tend\ttext\tfls\tclaims\n\
        a.txt\t0\t0\t9\tCafé sold\tNOT\t\n\
        a.txt\t1\t11\t27\t\"It \"\"will\"\" grow.\"\tFLS\tfinancial-disclosure, promotional-language\n";
    const DOC: &str = "Café sold\n\nIt \"will\"\n grow.";
    const REG: &str = "id\tclaim\tcategory\nP1\tcures cancer\tcure claim | cancer\n";
    const NEUTRAL: &str = "id\tsentence\tsource_url\nN1\tThe office is in Boston.\thttps://x\n";

    fn load(units: &str) -> Result<LabelSet, LabelError> {
        LabelSet::from_texts(units, REG, NEUTRAL, |name| match name {
            "a.txt" => Ok(DOC.to_string()),
            other => Err(format!("no document {other}")),
        })
    }

    #[test]
    fn char_offsets_become_byte_offsets() {
        let set = load(UNITS).expect("labels load");
        assert_eq!(set.docs.len(), 1);
        let doc = &set.docs[0];
        // "é" is two bytes: character 11 is byte 12.
        assert_eq!((doc.units[0].start, doc.units[0].end), (0, 10));
        assert_eq!((doc.units[1].start, doc.units[1].end), (12, DOC.len()));
        assert_eq!(doc.unit_text(&doc.units[0]), "Café sold");
        assert_eq!(doc.units[1].fls, FlsLabel::Fls);
        assert_eq!(
            doc.units[1].claims,
            vec![Category::FinancialDisclosure, Category::PromotionalLanguage]
        );
        assert_eq!(set.regulator[0].bucket, "cure claim");
        assert_eq!(set.neutral[0].sentence, "The office is in Boston.");
        assert_eq!(set.unit_count(), 2);
    }

    #[test]
    fn bad_labels_are_errors() {
        let wrong_text = UNITS.replace("Café sold\tNOT", "Cafe sold\tNOT");
        assert!(load(&wrong_text).is_err());
        let out_of_range = UNITS.replace("\t11\t27\t", "\t11\t99\t");
        let e = load(&out_of_range).expect_err("out of range");
        assert!(e.message.contains("outside"), "{}", e.message);
        let bad_fls = UNITS.replace("\tNOT\t", "\tMAYBE\t");
        assert!(load(&bad_fls).is_err());
        let bad_claim = UNITS.replace("promotional-language", "hype");
        let e = load(&bad_claim).expect_err("unknown category");
        assert!(
            e.message.contains("unknown claim category"),
            "{}",
            e.message
        );
        let missing_doc = UNITS.replace("a.txt", "b.txt");
        assert!(load(&missing_doc).is_err());
        let no_column = UNITS.replace("claims", "claim");
        assert!(load(&no_column).is_err());
    }

    #[test]
    fn claims_column() {
        assert_eq!(parse_claims(""), Ok(vec![]));
        assert_eq!(
            parse_claims("safety-claim,safety-claim"),
            Ok(vec![Category::SafetyClaim])
        );
        assert!(parse_claims("forward-looking").is_err());
    }
}
