//! Piecewise maps between the offsets of a derived text and the text it was made from.
//!
//! Every derivation in claimlint (typographic folding, HTML extraction, transcoding) records,
//! as it writes its output, where each piece came from: copied byte for byte, or one output
//! character standing for a run of source bytes (a folded quote, an entity, a whitespace run,
//! a UTF-16 code unit pair). Gaps (dropped tags, soft hyphens) need no record.

/// A run of normalised text whose bytes map to the source in one of two ways.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// First normalised byte of the run.
    pub norm: usize,
    /// Source byte where the run starts.
    pub src: usize,
    /// `None`: bytes were copied one to one. `Some(n)`: one normalised char stands for `n`
    /// source bytes (a folded quote, or a whole whitespace run).
    pub replaced_len: Option<usize>,
}

/// Piecewise map from normalised byte offsets to source byte offsets. Monotone in both.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    segments: Vec<Segment>,
    norm_len: usize,
    src_len: usize,
}

impl OffsetMap {
    /// Records that the output byte `norm` (and what follows it) was copied from `src`.
    pub fn push_copy(&mut self, norm: usize, src: usize) {
        if let Some(last) = self.segments.last()
            && last.replaced_len.is_none()
            && src - last.src == norm - last.norm
        {
            return;
        }
        self.segments.push(Segment {
            norm,
            src,
            replaced_len: None,
        });
    }

    /// Records that one output char at `norm` stands for `src_len` source bytes at `src`.
    pub fn push_replace(&mut self, norm: usize, src: usize, src_len: usize) {
        self.segments.push(Segment {
            norm,
            src,
            replaced_len: Some(src_len),
        });
    }

    /// The recorded runs, in order.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// Length of the source text.
    pub fn source_len(&self) -> usize {
        self.src_len
    }

    /// Records the final lengths of both texts.
    pub fn finish(&mut self, norm_len: usize, src_len: usize) {
        self.norm_len = norm_len;
        self.src_len = src_len;
    }

    /// Index of the segment containing normalised byte `norm` (which must be < norm_len).
    fn segment_at_norm(&self, norm: usize) -> Option<&Segment> {
        let idx = self.segments.partition_point(|s| s.norm <= norm);
        idx.checked_sub(1).map(|i| &self.segments[i])
    }

    fn segment_at_src(&self, src: usize) -> Option<(usize, &Segment)> {
        let idx = self.segments.partition_point(|s| s.src <= src);
        idx.checked_sub(1).map(|i| (i, &self.segments[i]))
    }

    fn src_start(&self, norm: usize) -> usize {
        if norm >= self.norm_len {
            return self.src_len;
        }
        match self.segment_at_norm(norm) {
            Some(seg) => match seg.replaced_len {
                None => seg.src + (norm - seg.norm),
                Some(_) => seg.src,
            },
            None => 0,
        }
    }

    fn src_end(&self, norm_end: usize) -> usize {
        if norm_end == 0 {
            return 0;
        }
        let last = norm_end - 1;
        if last >= self.norm_len {
            return self.src_len;
        }
        match self.segment_at_norm(last) {
            Some(seg) => match seg.replaced_len {
                None => seg.src + (last - seg.norm) + 1,
                Some(len) => seg.src + len,
            },
            None => 0,
        }
    }

    /// Source range of the normalised range `start..end`.
    pub fn to_source(&self, start: usize, end: usize) -> (usize, usize) {
        if start >= end {
            let at = self.src_start(start);
            return (at, at);
        }
        (self.src_start(start), self.src_end(end))
    }

    fn norm_at(&self, src: usize, rounding_up: bool) -> usize {
        if src >= self.src_len {
            return self.norm_len;
        }
        let Some((idx, seg)) = self.segment_at_src(src) else {
            return 0;
        };
        self.norm_in_segment(idx, seg, src, rounding_up)
    }

    /// [`OffsetMap::norm_at`] searching from segment `*hint` (and leaving there the segment it
    /// found): a few steps for offsets that move forward a little at a time.
    fn norm_at_from(&self, src: usize, rounding_up: bool, hint: &mut usize) -> usize {
        if src >= self.src_len {
            return self.norm_len;
        }
        let found = match self.segments.get(*hint) {
            Some(seg) if seg.src <= src => {
                let rest = &self.segments[*hint + 1..];
                let steps = match rest.iter().take(NEARBY).position(|s| s.src > src) {
                    Some(steps) => steps,
                    None => rest.partition_point(|s| s.src <= src),
                };
                Some(*hint + steps)
            }
            _ => self.segment_at_src(src).map(|(idx, _)| idx),
        };
        let Some(idx) = found else {
            return 0;
        };
        *hint = idx;
        self.norm_in_segment(idx, &self.segments[idx], src, rounding_up)
    }

    /// Where source byte `src`, in segment `idx` (`seg`), falls in the normalised text.
    fn norm_in_segment(&self, idx: usize, seg: &Segment, src: usize, rounding_up: bool) -> usize {
        let next_norm = self
            .segments
            .get(idx + 1)
            .map_or(self.norm_len, |next| next.norm);
        match seg.replaced_len {
            None => (seg.norm + (src - seg.src)).min(next_norm),
            Some(len) => {
                if src >= seg.src + len || (rounding_up && src > seg.src) {
                    // Inside a dropped gap after the run, or past its start when rounding up.
                    next_norm.min(seg.norm + 1)
                } else {
                    seg.norm
                }
            }
        }
    }

    /// Normalised range covering the source range `start..end`.
    pub fn from_source(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.norm_at(start, false);
        let e = self.norm_at(end, true).max(s);
        (s, e)
    }

    /// [`OffsetMap::from_source`] of each range, in one walk along the segments when the
    /// ranges come in source order (as a document's sentences do) instead of two binary
    /// searches each. Ranges out of order are mapped as well, by search.
    pub fn from_source_in_order(
        &self,
        ranges: impl IntoIterator<Item = (usize, usize)>,
    ) -> Vec<(usize, usize)> {
        let mut hint = 0;
        ranges
            .into_iter()
            .map(|(start, end)| {
                let s = self.norm_at_from(start, false, &mut hint);
                let e = self.norm_at_from(end, true, &mut hint).max(s);
                (s, e)
            })
            .collect()
    }
}

/// How many segments [`OffsetMap::norm_at_from`] steps through before it searches.
const NEARBY: usize = 8;
