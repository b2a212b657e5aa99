//! Highlights in text: findings may nest, overlap or share a span, so marks are written as a
//! properly nested tree. A finding that crosses the end of another is closed there and
//! reopened as a continuation piece right after, so the text is never broken and every finding
//! keeps at least one piece (its first piece carries its id, badge and focus).

use super::escape;

/// A finding's span in the text shown (byte offsets, on char boundaries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    /// Index of the finding in its document.
    pub idx: usize,
}

/// Writes the opening tag of a piece of finding `idx`; `first` for its first piece.
pub type OpenTag<'a> = dyn Fn(&mut String, usize, bool) + 'a;

pub const CLOSE: &str = "</mark>";

/// Writes `text[lo..hi]` escaped, with every span that meets it marked. `spans` must be sorted
/// by start, then by end descending (outer before inner), then index. `started[idx]` records
/// which findings already had their first piece (across calls for the windows of one document).
pub fn render(
    out: &mut String,
    text: &str,
    lo: usize,
    hi: usize,
    spans: &[Span],
    started: &mut [bool],
    open: &OpenTag<'_>,
) {
    let meets = |s: &&Span| {
        if s.start == s.end {
            lo <= s.start && (s.start < hi || s.start == text.len())
        } else {
            s.start < hi && s.end > lo
        }
    };
    let active: Vec<Span> = spans
        .iter()
        .filter(meets)
        .map(|s| Span {
            start: s.start.max(lo),
            end: s.end.min(hi),
            idx: s.idx,
        })
        .collect();
    let mut points: Vec<usize> = vec![lo, hi];
    for s in &active {
        points.push(s.start);
        points.push(s.end);
    }
    points.sort_unstable();
    points.dedup();

    // Open marks: (finding, clipped end), outermost first.
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let mut next = 0;
    for (k, &p) in points.iter().enumerate() {
        // Close what ends here; marks opened inside a closing one are reopened.
        if let Some(lowest) = stack.iter().position(|&(_, e)| e <= p) {
            let above: Vec<(usize, usize)> = stack.drain(lowest..).collect();
            for _ in &above {
                out.push_str(CLOSE);
            }
            for (idx, e) in above {
                if e > p {
                    open(out, idx, false);
                    stack.push((idx, e));
                }
            }
        }
        while let Some(s) = active.get(next).filter(|s| s.start == p) {
            let first = !started.get(s.idx).copied().unwrap_or(true);
            if let Some(flag) = started.get_mut(s.idx) {
                *flag = true;
            }
            open(out, s.idx, first);
            if s.end > p {
                stack.push((s.idx, s.end));
            } else {
                out.push_str(CLOSE);
            }
            next += 1;
        }
        if let Some(&q) = points.get(k + 1) {
            escape::push(out, &text[p..q]);
        }
    }
    for _ in stack.drain(..) {
        out.push_str(CLOSE);
    }
}

/// Sorts spans as [`render`] needs them.
pub fn sort(spans: &mut [Span]) {
    spans.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.idx.cmp(&b.idx))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag(out: &mut String, idx: usize, first: bool) {
        out.push_str(&format!("<mark {idx}{}>", if first { "" } else { "+" }));
    }

    fn marked(text: &str, spans: &[(usize, usize)]) -> String {
        let mut spans: Vec<Span> = spans
            .iter()
            .enumerate()
            .map(|(idx, &(start, end))| Span { start, end, idx })
            .collect();
        sort(&mut spans);
        let mut started = vec![false; spans.len()];
        let mut out = String::new();
        render(&mut out, text, 0, text.len(), &spans, &mut started, &tag);
        out
    }

    /// The text with every tag removed, to check nothing was dropped or broken.
    fn strip(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn disjoint_and_nested() {
        assert_eq!(
            marked("abcdef", &[(0, 2), (3, 4)]),
            "<mark 0>ab</mark>c<mark 1>d</mark>ef"
        );
        assert_eq!(
            marked("abcdef", &[(1, 5), (2, 3)]),
            "a<mark 0>b<mark 1>c</mark>de</mark>f"
        );
    }

    #[test]
    fn crossing_spans_are_split_not_dropped() {
        let out = marked("abcdef", &[(0, 3), (2, 5)]);
        assert_eq!(out, "<mark 0>ab<mark 1>c</mark></mark><mark 1+>de</mark>f");
        assert_eq!(strip(&out), "abcdef");
    }

    #[test]
    fn identical_and_empty_spans() {
        assert_eq!(
            marked("abc", &[(1, 2), (1, 2)]),
            "a<mark 0><mark 1>b</mark></mark>c"
        );
        assert_eq!(marked("abc", &[(1, 1)]), "a<mark 0></mark>bc");
    }

    #[test]
    fn windows_clip_and_continue() {
        let text = "abcdef";
        let spans = [Span {
            start: 1,
            end: 5,
            idx: 0,
        }];
        let mut started = vec![false];
        let mut out = String::new();
        render(&mut out, text, 0, 3, &spans, &mut started, &tag);
        out.push('|');
        render(&mut out, text, 3, 6, &spans, &mut started, &tag);
        assert_eq!(out, "a<mark 0>bc</mark>|<mark 0+>de</mark>f");
    }

    #[test]
    fn many_overlaps_keep_every_character() {
        let text = "the quick brown fox jumps over the lazy dog";
        let spans = [
            (0, 9),
            (4, 15),
            (4, 9),
            (10, 25),
            (16, 19),
            (20, 43),
            (30, 30),
        ];
        let out = marked(text, &spans);
        assert_eq!(strip(&out), text);
        assert_eq!(out.matches("<mark").count(), out.matches("</mark>").count());
        for i in 0..spans.len() {
            assert!(out.contains(&format!("<mark {i}>")), "finding {i} kept");
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            marked("<b>x</b>", &[(3, 4)]),
            "&lt;b&gt;<mark 0>x</mark>&lt;/b&gt;"
        );
    }
}
