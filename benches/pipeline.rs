//! Stage-by-stage cost of auditing releases: folding, document analysis (blocks, sentences,
//! sections, legend), scanning, and the whole audit, one document at a time and as one batch;
//! and the overlapping literal pass alone, in lanes against the automaton's own iterator.
//! Inputs: the shared corpus when `../shared` is present, else the project's own fixtures in
//! `corpus/`.
//!
//!     cargo bench --bench pipeline
//!     cargo bench --bench pipeline -- --test     # run each once (what CI does)

use std::hint::black_box;
use std::path::Path;

use claimlint::Engine;
use claimlint::document::Document;
use claimlint::overlapping::{ASCII_LOWERCASE, LiteralAutomaton};
use claimlint::rulebook::{embedded, load};
use claimlint::text::Normalized;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn texts() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared/corpus");
    let dir = if shared.is_dir() {
        shared
    } else {
        root.join("corpus")
    };
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.sort();
    paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect()
}

fn engine() -> Engine {
    let book = load(&embedded::sources()).unwrap_or_else(|e| panic!("default rulebook: {e:?}"));
    Engine::new(book).unwrap_or_else(|e| panic!("default rulebook compiles: {e}"))
}

fn stages(c: &mut Criterion) {
    let texts = texts();
    let bytes: usize = texts.iter().map(String::len).sum();
    let engine = engine();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| Normalized::new(black_box(t)).as_str().len())
                .sum::<usize>()
        })
    });
    group.bench_function("document", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| Document::new(black_box(t)).sentences.len())
                .sum::<usize>()
        })
    });
    let docs: Vec<Document<'_>> = texts.iter().map(|t| Document::new(t)).collect();
    group.bench_function("scan", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| {
                    let sentences: Vec<(usize, usize)> = d
                        .sentences
                        .iter()
                        .map(|s| d.normalized.from_source(s.start, s.end))
                        .collect();
                    engine
                        .matcher()
                        .scan(d.normalized.as_str(), &sentences)
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("audit", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| engine.audit_text(black_box(t)).len())
                .sum::<usize>()
        })
    });
    // The same documents as one batch, as `check` audits a chunk of small files: each stage
    // (and each pattern) over all of them before the next.
    group.bench_function("audit_many", |b| {
        b.iter(|| {
            let docs: Vec<Document<'_>> =
                texts.iter().map(|t| Document::new(black_box(t))).collect();
            engine.audit_many(&docs).iter().map(Vec::len).sum::<usize>()
        })
    });
    group.finish();
}

/// The overlapping literal pass alone, over the corpus as one text: the automaton's own
/// iterator (one dependent chain of table loads) against `overlapping`'s lanes in lockstep.
fn literal_pass(c: &mut Criterion) {
    let text = texts().concat().to_ascii_lowercase();
    let engine = engine();
    let phrases: Vec<String> = engine
        .matcher()
        .phrases()
        .iter()
        .map(|p| p.to_ascii_lowercase())
        .collect();
    let lanes =
        LiteralAutomaton::new(&phrases, true).unwrap_or_else(|e| panic!("phrase automaton: {e}"));
    let one_chain = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .prefilter(false)
        .build(&phrases)
        .unwrap_or_else(|e| panic!("phrase automaton: {e}"));
    let mut group = c.benchmark_group("literal_pass");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("aho_corasick_overlapping_iter", |b| {
        b.iter(|| one_chain.find_overlapping_iter(black_box(&text)).count())
    });
    let mut hits = Vec::new();
    group.bench_function("lanes", |b| {
        b.iter(|| {
            hits.clear();
            lanes.overlapping(black_box(text.as_bytes()), &ASCII_LOWERCASE, &mut hits);
            hits.len()
        })
    });
    group.finish();
}

criterion_group!(benches, stages, literal_pass);
criterion_main!(benches);
