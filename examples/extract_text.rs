//! Prints the text claimlint extracts from a `.docx` or PDF, the way `check` audits it:
//!
//! ```sh
//! cargo run --example extract_text -- release.pdf [auto|poppler|builtin]
//! ```
//!
//! Useful to see why a phrase was or was not found in a container, and to compare the PDF
//! extractors (docs/pdf-extraction.md).

use std::process::ExitCode;

use claimlint::input::{self, Loaded, ReadOptions, pdf::Extractor};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: extract_text FILE [auto|poppler|builtin]");
        return ExitCode::from(2);
    };
    let pdf_extractor = match args.next().as_deref() {
        None | Some("auto") => Extractor::Auto,
        Some("poppler") => Extractor::Poppler,
        Some("builtin") => Extractor::Builtin,
        Some(other) => {
            eprintln!("unknown extractor {other:?}");
            return ExitCode::from(2);
        }
    };
    let options = ReadOptions {
        pdf_extractor,
        ..ReadOptions::default()
    };
    let file = input::Input::File(path.into());
    match input::read_with(&file, input::DEFAULT_MAX_FILE_SIZE, &options) {
        Ok(Loaded::Ready(prepared)) => {
            if let Some(origin) = &prepared.decoded.origin {
                eprintln!("extractor: {}", origin.extractor);
            }
            // The first unit's text: what `check` audits (extracted HTML too).
            match prepared.units.first() {
                Some(unit) => println!("{}", unit.text(&prepared.decoded)),
                None => println!("{}", prepared.decoded.text),
            }
            ExitCode::SUCCESS
        }
        Ok(Loaded::Skipped(reason)) => {
            eprintln!("skipped: {reason}");
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(1)
        }
    }
}
