//! Overlapping search for many literals at once (the rulebook's phrases, the legend's stems),
//! over several stretches of a text in lockstep.
//!
//! A DFA scan is one chain of dependent loads: each state comes from the one before it, so the
//! CPU waits on every table load (in a profile, most of the scan sat on that one instruction).
//! Scanning [`LANES`] stretches of the text side by side gives it independent chains to
//! overlap. Each lane starts in the start state at its stretch and runs on past the stretch's
//! end by the longest literal's length less one, reporting there only the matches that started
//! inside its stretch; the next lane, started afresh, finds every match that starts in its own.
//! The matches come out exactly as the automaton's own overlapping search gives them.

use aho_corasick::automaton::Automaton;
use aho_corasick::{Anchored, PatternID};

/// Stretches scanned side by side.
const LANES: usize = 4;

/// Shortest stretch worth a lane of its own; shorter texts are scanned in one lane.
const MIN_LANE_BYTES: usize = 256;

/// One match: its byte range and the automaton pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub pattern: PatternID,
}

/// [`LiteralAutomaton::overlapping`]'s byte map that folds ASCII letters to lower case.
pub const ASCII_LOWERCASE: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    table
};

/// Literals compiled for overlapping search: a DFA, or a contiguous NFA where a DFA's table
/// would grow too large (very large rulebooks).
#[derive(Clone, Debug)]
pub enum LiteralAutomaton {
    Dfa(aho_corasick::dfa::DFA),
    Nfa(aho_corasick::nfa::contiguous::NFA),
}

impl LiteralAutomaton {
    /// A DFA (`dfa`) or a contiguous NFA of `literals`, which the search's byte map must
    /// already have mapped.
    pub fn new<P: AsRef<[u8]>>(
        literals: &[P],
        dfa: bool,
    ) -> Result<LiteralAutomaton, aho_corasick::BuildError> {
        // No prefilter: with one, the start state counts as special and stops the scan loop.
        Ok(if dfa {
            LiteralAutomaton::Dfa(
                aho_corasick::dfa::DFA::builder()
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .prefilter(false)
                    .build(literals)?,
            )
        } else {
            LiteralAutomaton::Nfa(
                aho_corasick::nfa::contiguous::NFA::builder()
                    .match_kind(aho_corasick::MatchKind::Standard)
                    .prefilter(false)
                    .build(literals)?,
            )
        })
    }

    /// Every occurrence of every literal in `haystack`, each byte first mapped by `view`
    /// (the automaton was built over mapped literals), in the order of the automaton's
    /// overlapping search: by end, longest first at one end.
    pub fn overlapping(&self, haystack: &[u8], view: &[u8; 256], out: &mut Vec<Hit>) {
        match self {
            LiteralAutomaton::Dfa(dfa) => overlapping(dfa, haystack, view, MIN_LANE_BYTES, out),
            LiteralAutomaton::Nfa(nfa) => overlapping(nfa, haystack, view, MIN_LANE_BYTES, out),
        }
    }
}

/// [`LiteralAutomaton::overlapping`] over any automaton; texts with stretches shorter than
/// `min_lane_bytes` (or than the longest literal) are scanned in one lane.
fn overlapping<A: Automaton>(
    aut: &A,
    haystack: &[u8],
    view: &[u8; 256],
    min_lane_bytes: usize,
    out: &mut Vec<Hit>,
) {
    let Ok(start) = aut.start_state(Anchored::No) else {
        return; // only an automaton built without unanchored searches refuses
    };
    let first = out.len();
    let stretch = haystack.len() / LANES;
    if stretch < min_lane_bytes.max(1) || stretch < aut.max_pattern_len() {
        scan_lane(
            aut,
            haystack,
            view,
            start,
            0,
            haystack.len(),
            usize::MAX,
            out,
        );
        return;
    }
    // Lane `i` owns the matches starting in `bounds[i]..bounds[i + 1]`.
    let bounds: [usize; LANES + 1] = std::array::from_fn(|i| {
        if i == LANES {
            haystack.len()
        } else {
            i * stretch
        }
    });
    let mut states = [start; LANES];
    let mut per_lane: [Vec<Hit>; LANES] = std::array::from_fn(|_| Vec::new());
    // In lockstep over the first `stretch` bytes of every lane's stretch. A match ending
    // there started inside the lane's own stretch.
    let chunks: [&[u8]; LANES] = std::array::from_fn(|i| &haystack[bounds[i]..bounds[i] + stretch]);
    for step in 0..stretch {
        for lane in 0..LANES {
            let sid = aut.next_state(
                Anchored::No,
                states[lane],
                view[usize::from(chunks[lane][step])],
            );
            states[lane] = sid;
            if aut.is_special(sid) {
                report(
                    aut,
                    sid,
                    bounds[lane] + step + 1,
                    usize::MAX,
                    &mut per_lane[lane],
                );
            }
        }
    }
    // Each lane alone: the last to the text's end, the others on past their stretch for the
    // matches that started inside it.
    for lane in 0..LANES {
        let owned_end = bounds[lane + 1];
        let scan_end = if lane + 1 == LANES {
            haystack.len()
        } else {
            (owned_end + aut.max_pattern_len().saturating_sub(1)).min(haystack.len())
        };
        let from = bounds[lane] + stretch;
        let owned_start = if lane + 1 == LANES {
            usize::MAX
        } else {
            owned_end
        };
        scan_lane(
            aut,
            haystack,
            view,
            states[lane],
            from,
            scan_end,
            owned_start,
            &mut per_lane[lane],
        );
    }
    for (lane, hits) in per_lane.into_iter().enumerate() {
        // The previous lane's matches past its stretch interleave with this lane's first
        // ones. At one end the previous lane's come first: they started earlier, so they are
        // longer, and the automaton lists longer matches first.
        let past = first + out[first..].partition_point(|hit| hit.end <= bounds[lane]);
        let carried = out.split_off(past);
        let mut carried = carried.into_iter().peekable();
        for hit in hits {
            while let Some(earlier) = carried.next_if(|c| c.end <= hit.end) {
                out.push(earlier);
            }
            out.push(hit);
        }
        out.extend(carried);
    }
}

/// Scans `haystack[from..to]` from state `sid`, keeping the matches that start before
/// `starts_before`.
#[allow(clippy::too_many_arguments)]
fn scan_lane<A: Automaton>(
    aut: &A,
    haystack: &[u8],
    view: &[u8; 256],
    mut sid: aho_corasick::automaton::StateID,
    from: usize,
    to: usize,
    starts_before: usize,
    out: &mut Vec<Hit>,
) {
    for (at, &byte) in haystack[from..to].iter().enumerate() {
        sid = aut.next_state(Anchored::No, sid, view[usize::from(byte)]);
        if aut.is_special(sid) {
            report(aut, sid, from + at + 1, starts_before, out);
        }
    }
}

/// Records the matches of special state `sid` ending at `end` that start before
/// `starts_before` (dead and start states hold none).
fn report<A: Automaton>(
    aut: &A,
    sid: aho_corasick::automaton::StateID,
    end: usize,
    starts_before: usize,
    out: &mut Vec<Hit>,
) {
    if !aut.is_match(sid) {
        return;
    }
    for i in 0..aut.match_len(sid) {
        let pattern = aut.match_pattern(sid, i);
        let start = end - aut.pattern_len(pattern);
        if start < starts_before {
            out.push(Hit {
                start,
                end,
                pattern,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    const IDENTITY: [u8; 256] = {
        let mut t = [0u8; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = i as u8;
            i += 1;
        }
        t
    };

    fn reference(patterns: &[&str], haystack: &[u8]) -> Vec<Hit> {
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("reference automaton");
        ac.find_overlapping_iter(haystack)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                pattern: m.pattern(),
            })
            .collect()
    }

    fn lanes_of<A: Automaton>(aut: &A, haystack: &[u8], min_lane_bytes: usize) -> Vec<Hit> {
        let mut out = vec![Hit {
            start: 0,
            end: 0,
            pattern: PatternID::ZERO,
        }];
        overlapping(aut, haystack, &IDENTITY, min_lane_bytes, &mut out);
        out.remove(0); // hits are appended after what the buffer holds
        out
    }

    #[test]
    fn lanes_find_what_one_overlapping_scan_finds_at_every_split() {
        // Nested and overlapping literals, so matches cross every lane boundary somewhere.
        let patterns = ["ab", "abab", "bab", "b", "abcab", "cabab", "aaaa", "ca"];
        let dfa = aho_corasick::dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("dfa");
        let nfa = aho_corasick::nfa::contiguous::NFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("nfa");
        let alphabet = b"abcab aaab";
        let mut seed: u32 = 7;
        for len in 0..300 {
            let haystack: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    alphabet[(seed >> 16) as usize % alphabet.len()]
                })
                .collect();
            let want = reference(&patterns, &haystack);
            for min_lane_bytes in [1, 5, 1000] {
                assert_eq!(
                    lanes_of(&dfa, &haystack, min_lane_bytes),
                    want,
                    "dfa, {len} bytes"
                );
                assert_eq!(
                    lanes_of(&nfa, &haystack, min_lane_bytes),
                    want,
                    "nfa, {len} bytes"
                );
            }
        }
    }

    #[test]
    fn a_match_spanning_a_whole_stretch_is_found_once() {
        let patterns = ["xxxxxxxxxxxxxxxxxxxx", "x"];
        let dfa = aho_corasick::dfa::DFA::builder()
            .match_kind(MatchKind::Standard)
            .build(patterns)
            .expect("dfa");
        // 4 lanes of 5 bytes or more: the long literal is longer than a stretch, so one scan.
        let haystack = vec![b'x'; 24];
        assert_eq!(
            lanes_of(&dfa, &haystack, 1),
            reference(&patterns, &haystack)
        );
        let haystack = vec![b'x'; 100];
        assert_eq!(
            lanes_of(&dfa, &haystack, 1),
            reference(&patterns, &haystack)
        );
    }

    #[test]
    fn bytes_are_mapped_before_the_automaton_sees_them() {
        let dfa = aho_corasick::dfa::DFA::builder()
            .build(["acme"])
            .expect("dfa");
        let mut upper_to_lower = IDENTITY;
        for b in b'A'..=b'Z' {
            upper_to_lower[usize::from(b)] = b.to_ascii_lowercase();
        }
        let mut out = Vec::new();
        overlapping(&dfa, b"ACME and Acme", &upper_to_lower, 1, &mut out);
        let spans: Vec<(usize, usize)> = out.iter().map(|h| (h.start, h.end)).collect();
        assert_eq!(spans, vec![(0, 4), (9, 13)]);
    }
}
