//! Grouping the files of a run into chunks that one worker audits together.
//!
//! A chunk's documents are scanned pattern by pattern ([`crate::Engine::audit_many`]), so each
//! pattern's lazy DFA stays in the CPU cache across them. Chunks are small enough that memory
//! stays bounded (a file bigger than the chunk size is a chunk of its own) and numerous enough
//! that every thread has work.

use std::ops::Range;

use crate::input::Input;

/// At most this many bytes of files per chunk, unless one file alone is bigger.
const CHUNK_BYTES: u64 = 1 << 20;
/// At most this many files per chunk.
const CHUNK_FILES: usize = 64;
/// Chunks per thread wanted at least, so the threads finish close together.
const CHUNKS_PER_THREAD: u64 = 8;

/// Consecutive ranges of `inputs`, in order, covering all of them; and the inputs' total size.
pub(super) fn chunk_inputs(inputs: &[Input], threads: usize) -> (Vec<Range<usize>>, u64) {
    // A file that cannot be read counts as empty: reading it later reports the error.
    let sizes: Vec<u64> = inputs
        .iter()
        .map(|input| match input {
            Input::File(path) => std::fs::metadata(path).map_or(0, |m| m.len()),
            // Standard input is read once and may be anything: a chunk of its own.
            Input::Stdin => CHUNK_BYTES,
        })
        .collect();
    (chunk_sizes(&sizes, threads), sizes.iter().sum())
}

fn chunk_sizes(sizes: &[u64], threads: usize) -> Vec<Range<usize>> {
    let total: u64 = sizes.iter().sum();
    let wanted = (threads.max(1) as u64).saturating_mul(CHUNKS_PER_THREAD);
    let limit = (total / wanted).clamp(1, CHUNK_BYTES);
    let mut chunks = Vec::new();
    let mut start = 0;
    let mut bytes = 0u64;
    for (i, &size) in sizes.iter().enumerate() {
        let full = i - start >= CHUNK_FILES || bytes.saturating_add(size) > limit;
        if i > start && full {
            chunks.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes = bytes.saturating_add(size);
    }
    if start < sizes.len() {
        chunks.push(start..sizes.len());
    }
    chunks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers_in_order(chunks: &[Range<usize>], n: usize) -> bool {
        let mut next = 0;
        for c in chunks {
            if c.start != next || c.is_empty() {
                return false;
            }
            next = c.end;
        }
        next == n
    }

    #[test]
    fn small_files_share_chunks_within_the_limits() {
        let sizes = vec![10_000u64; 1000];
        let chunks = chunk_sizes(&sizes, 2);
        assert!(covers_in_order(&chunks, sizes.len()));
        assert!(chunks.iter().all(|c| c.len() <= CHUNK_FILES));
        assert!(chunks.iter().all(|c| {
            let bytes: u64 = sizes[c.clone()].iter().sum();
            bytes <= CHUNK_BYTES
        }));
        assert!(chunks.len() < sizes.len() / 10, "{} chunks", chunks.len());
    }

    #[test]
    fn a_big_file_is_a_chunk_of_its_own() {
        let sizes = [1_000, 50 << 20, 1_000, 1_000];
        let chunks = chunk_sizes(&sizes, 1);
        assert!(covers_in_order(&chunks, sizes.len()));
        assert!(chunks.contains(&(1..2)), "{chunks:?}");
    }

    #[test]
    fn a_few_files_still_spread_over_the_threads() {
        let sizes = [200_000u64; 16];
        let chunks = chunk_sizes(&sizes, 2);
        assert!(covers_in_order(&chunks, sizes.len()));
        assert_eq!(chunks.len(), 16, "{chunks:?}");
    }

    #[test]
    fn empty_and_unreadable_inputs_are_covered() {
        assert!(chunk_sizes(&[], 2).is_empty());
        let sizes = [0u64; 5];
        let chunks = chunk_sizes(&sizes, 2);
        assert!(covers_in_order(&chunks, 5));
    }
}
