//! PDF page layout to paragraphs: whatever extracts the positioned lines of a page (poppler's
//! `pdftotext -bbox-layout`, or the pure-Rust reader), this module rebuilds the text a release
//! was written as.
//!
//! - Running headers and footers (a line near the top or bottom edge that repeats on other
//!   pages, digits aside) and page numbers (`7`, `Page 7`, `- 7 -`, `7 of 12`) are left out, so
//!   they are never glued into a sentence that runs across a page break.
//! - A paragraph ends at a vertical gap, a line the next line's first word would have fitted
//!   on (so it did not wrap), a short line ending a sentence, a bullet, a first-line indent or a
//!   change of type size; a paragraph that runs on past the page's last line continues on the
//!   next page.
//! - A word hyphenated at a line end is joined again (`equiva-` + `lent`), unless the document
//!   elsewhere writes it with the hyphen or the pieces look like a compound (`forward-` +
//!   `looking` stays `forward-looking`).

use super::container::TextBuilder;

/// One line of text on a page, in PDF points, y growing downwards.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub x0: f32,
    pub x1: f32,
    pub y0: f32,
    pub y1: f32,
    pub text: String,
}

/// One page: its size and its lines in reading order.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub width: f32,
    pub height: f32,
    pub lines: Vec<Line>,
}

/// Share of the page height at the top and at the bottom where running headers, footers and
/// page numbers live.
const EDGE: f32 = 0.1;

/// What [`rebuild`] produced besides the text.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Header, footer and page-number lines left out.
    pub furniture: usize,
    /// Line-end hyphens removed.
    pub dehyphenated: usize,
}

fn is_page_number(text: &str) -> bool {
    let t = text
        .trim()
        .trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    let t = t
        .strip_prefix("Page ")
        .or_else(|| t.strip_prefix("page "))
        .unwrap_or(t);
    let mut parts = t.split(" of ");
    let first = parts.next().unwrap_or("");
    let rest_ok = parts.all(|p| !p.is_empty() && p.trim().chars().all(|c| c.is_ascii_digit()));
    let roman =
        !first.is_empty() && first.len() <= 6 && first.chars().all(|c| "ivxlcIVXLC".contains(c));
    rest_ok
        && !first.is_empty()
        && (first.chars().all(|c| c.is_ascii_digit()) && first.len() <= 3 || roman)
}

/// A line's text with digits blanked, to recognise "Page 3" and "Page 4" as one footer.
fn shape(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Which lines of each page are page furniture (headers, footers, page numbers).
fn furniture(pages: &[Page]) -> Vec<Vec<bool>> {
    let in_edge = |p: &Page, l: &Line| {
        p.height > 0.0 && (l.y1 <= p.height * EDGE || l.y0 >= p.height * (1.0 - EDGE))
    };
    let mut shapes: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in pages {
        let mut on_page: Vec<String> = p
            .lines
            .iter()
            .filter(|l| in_edge(p, l))
            .map(|l| shape(&l.text))
            .collect();
        on_page.sort();
        on_page.dedup();
        for s in on_page {
            *shapes.entry(s).or_default() += 1;
        }
    }
    let repeats = |s: &str| pages.len() >= 2 && shapes.get(s).copied().unwrap_or(0) >= 2;
    pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .map(|l| in_edge(p, l) && (is_page_number(&l.text) || repeats(&shape(&l.text))))
                .collect()
        })
        .collect()
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

const BULLETS: &[char] = &[
    '•', '●', '▪', '■', '◦', '‣', '∙', '○', '-', '–', '—', '*', '·',
];

fn starts_with_bullet(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(chars.next(), Some(c) if BULLETS.contains(&c))
        && chars.next().is_none_or(char::is_whitespace)
        || numbered_item(text)
}

/// `1.` or `(a)` or `iv)` opening a line.
fn numbered_item(text: &str) -> bool {
    let head: String = text.chars().take(6).collect();
    let Some(end) = head.find([')', '.']) else {
        return false;
    };
    let label = head[..end].trim_start_matches('(');
    !label.is_empty()
        && label.len() <= 3
        && label.chars().all(|c| c.is_ascii_digit())
        && head[end + 1..].starts_with(' ')
}

fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', ':'])
}

/// Prefixes and suffixes of hyphenated compounds releases use: a line-end hyphen between such
/// pieces is kept.
const COMPOUND_PREFIXES: &[&str] = &[
    "non", "anti", "co", "pre", "post", "self", "well", "first", "best", "long", "short", "high",
    "low", "open", "double", "single", "multi", "late", "early", "mid", "end", "large", "small",
    "near", "all", "cross", "full", "half", "ex", "re", "sub", "inter", "intra", "over", "under",
    "forward", "top", "third", "second", "year", "placebo", "investor", "follow", "start", "head",
    "market", "state", "world", "life", "next", "broad", "once", "twice", "dose",
];
const COMPOUND_SUFFIXES: &[&str] = &[
    "looking",
    "based",
    "focused",
    "related",
    "term",
    "stage",
    "label",
    "class",
    "line",
    "specific",
    "free",
    "driven",
    "like",
    "year",
    "month",
    "week",
    "day",
    "time",
    "dose",
    "controlled",
    "blind",
    "wide",
    "up",
    "in",
    "on",
    "off",
    "out",
    "owned",
    "treated",
    "naive",
    "approved",
    "effective",
    "positive",
    "negative",
    "risk",
    "level",
    "scale",
    "quality",
    "date",
    "party",
    "looking",
    "world",
    "ranging",
    "escalation",
    "arm",
    "center",
    "known",
];

/// Whether the hyphen ending `before` (a line) and the word opening `after` (the next line)
/// split one word; `vocabulary` holds the document's words (lowercase).
fn is_hyphenation(
    before: &str,
    after: &str,
    vocabulary: &std::collections::HashSet<String>,
) -> bool {
    let Some(stem) = before.strip_suffix(['-', '\u{AD}', '\u{2010}']) else {
        return false;
    };
    if before.ends_with('\u{AD}') {
        return true;
    }
    let left: String = stem
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic())
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let right: String = after.chars().take_while(|c| c.is_alphabetic()).collect();
    // The piece before the hyphen must be a word part (not `COVID-` + `19`, not `-`).
    if left.chars().count() < 2 || right.is_empty() || !right.starts_with(char::is_lowercase) {
        return false;
    }
    if stem.len() > left.len() && stem[..stem.len() - left.len()].ends_with('-') {
        return false; // `first-in-` + `class`
    }
    let l = left.to_lowercase();
    let r = right.to_lowercase();
    if vocabulary.contains(&format!("{l}-{r}")) {
        return false;
    }
    if vocabulary.contains(&format!("{l}{r}")) {
        return true;
    }
    if COMPOUND_PREFIXES.contains(&l.as_str()) || COMPOUND_SUFFIXES.contains(&r.as_str()) {
        return false;
    }
    // Hyphenation cuts a word into pieces that are not words (`equiva` + `lent`); a compound
    // joins words the document also uses on their own (`investigator` + `sponsored`).
    !(vocabulary.contains(&l) && vocabulary.contains(&r))
}

/// Words of the document (lowercase): hyphenated compounds whole, and every word that stands
/// on its own (not at a line end, where it may be a piece of a hyphenated word).
fn vocabulary(pages: &[Page]) -> std::collections::HashSet<String> {
    let mut v = std::collections::HashSet::new();
    for p in pages {
        for l in &p.lines {
            let words: Vec<&str> = l
                .text
                .split(|c: char| !(c.is_alphabetic() || c == '-'))
                .filter(|w| !w.is_empty())
                .collect();
            for (i, w) in words.iter().enumerate() {
                let whole = w.trim_matches('-');
                if whole.is_empty() {
                    continue;
                }
                if whole.contains('-') {
                    v.insert(whole.to_lowercase());
                }
                // The first and last word of a line may be pieces of a hyphenated word.
                if i == 0 || i + 1 == words.len() {
                    continue;
                }
                for part in whole.split('-').filter(|p| !p.is_empty()) {
                    v.insert(part.to_lowercase());
                }
            }
        }
    }
    v
}

/// Whether the first word of `line` would have fitted at the end of `prev`: then `prev` did
/// not wrap, it ended its paragraph (the signal left when paragraphs have no spacing).
fn next_word_fits(prev: &Line, line: &str, right: f32) -> bool {
    let chars = prev.text.chars().count().max(1) as f32;
    let per_char = (prev.x1 - prev.x0).max(0.0) / chars;
    let word = line.split_whitespace().next().unwrap_or("").chars().count() as f32;
    per_char > 0.0 && prev.x1 + (word + 1.0) * per_char * 0.9 < right - per_char
}

/// A paragraph being built, with the page of every stretch of it.
struct Para {
    text: String,
    places: Vec<(usize, u32)>,
}

/// Rebuilds the pages' paragraphs into `out` (pages numbered from 1).
pub fn rebuild(pages: &[Page], out: &mut TextBuilder) -> Stats {
    let mut stats = Stats::default();
    let skip = furniture(pages);
    let vocab = vocabulary(pages);
    let mut para: Option<Para> = None;
    // The last line of the previous page, when its paragraph may run on.
    let mut open_end = false;
    for (pi, page) in pages.iter().enumerate() {
        let number = pi as u32 + 1;
        let lines: Vec<&Line> = page
            .lines
            .iter()
            .zip(&skip[pi])
            .filter(|(l, s)| !**s && !l.text.trim().is_empty())
            .map(|(l, _)| l)
            .collect();
        stats.furniture += skip[pi].iter().filter(|s| **s).count();
        let gaps: Vec<f32> = lines
            .windows(2)
            .map(|w| w[1].y0 - w[0].y0)
            .filter(|g| *g > 0.0)
            .collect();
        let gap = median(gaps).unwrap_or(0.0);
        let heights: Vec<f32> = lines.iter().map(|l| l.y1 - l.y0).collect();
        let height = median(heights).unwrap_or(0.0);
        let left = lines.iter().map(|l| l.x0).fold(f32::INFINITY, f32::min);
        let right = lines.iter().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max);
        let width = (right - left).max(1.0);
        let mut prev: Option<&Line> = None;
        for (li, line) in lines.iter().enumerate() {
            let text = line.text.trim();
            let new_para = match prev {
                None => !(li == 0 && open_end && text.starts_with(char::is_lowercase)),
                Some(p) => {
                    let dy = line.y0 - p.y0;
                    let h = line.y1 - line.y0;
                    let p_h = p.y1 - p.y0;
                    dy > gap * 1.4 + 0.5
                        || dy < -(height.max(1.0))
                        || (dy > 0.0 && dy < 0.3 * height.max(1.0) && line.x0 > p.x1)
                        || next_word_fits(p, text, right)
                        || (p.x1 < right - 0.15 * width && ends_sentence(&p.text))
                        || starts_with_bullet(text)
                        || (h - p_h).abs() > 0.25 * p_h.max(1.0)
                        || (line.x0 > p.x0 + 0.02 * width
                            && !starts_with_bullet(p.text.trim())
                            && ends_sentence(&p.text))
                }
            };
            if new_para && let Some(done) = para.take() {
                emit(out, done);
            }
            let para = para.get_or_insert_with(|| Para {
                text: String::new(),
                places: vec![],
            });
            if para.text.is_empty() {
            } else if is_hyphenation(&para.text, text, &vocab) {
                para.text.pop();
                stats.dehyphenated += 1;
            } else if para.text.ends_with(['-', '\u{2010}'])
                && text.starts_with(char::is_alphabetic)
            {
                // a compound broken at its hyphen: joined as written
            } else {
                para.text.push(' ');
            }
            if para.places.last().is_none_or(|(_, n)| *n != number) {
                para.places.push((para.text.len(), number));
            }
            para.text.push_str(text);
            prev = Some(line);
        }
        open_end = prev.is_some_and(|p| p.x1 >= right - 0.15 * width && !ends_sentence(&p.text));
    }
    if let Some(done) = para.take() {
        emit(out, done);
    }
    stats
}

fn emit(out: &mut TextBuilder, para: Para) {
    out.paragraph_with_places(&para.text, &para.places);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(x0: f32, x1: f32, y0: f32, text: &str) -> Line {
        Line {
            x0,
            x1,
            y0,
            y1: y0 + 10.0,
            text: text.into(),
        }
    }

    fn text(pages: &[Page]) -> (String, Vec<(usize, u32)>) {
        let mut b = TextBuilder::default();
        rebuild(pages, &mut b);
        let places = b.places.iter().map(|p| (p.start, p.number)).collect();
        (b.text, places)
    }

    fn page(lines: Vec<Line>) -> Page {
        Page {
            width: 600.0,
            height: 800.0,
            lines,
        }
    }

    #[test]
    fn paragraphs_from_short_lines_and_gaps() {
        let p = page(vec![
            line(50.0, 550.0, 100.0, "The response rate so far is equiva-"),
            line(50.0, 550.0, 112.0, "lent or superior to that of recently"),
            line(50.0, 550.0, 124.0, "approved forward-"),
            line(50.0, 550.0, 136.0, "looking therapies."),
            line(50.0, 200.0, 160.0, "A new paragraph."),
            line(50.0, 550.0, 172.0, "- a bullet"),
        ]);
        let (t, _) = text(&[p]);
        assert_eq!(
            t,
            "The response rate so far is equivalent or superior to that of recently approved \
             forward-looking therapies.\n\nA new paragraph.\n\n- a bullet"
        );
    }

    #[test]
    fn compounds_keep_their_hyphen_and_vocabulary_decides() {
        let v: std::collections::HashSet<String> = ["forward-looking", "superior"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(!is_hyphenation("forward-", "looking statements", &v));
        assert!(!is_hyphenation("an oncology-", "focused company", &v));
        assert!(is_hyphenation("is supe-", "rior", &v));
        assert!(is_hyphenation("equiva-", "lent", &v));
        assert!(!is_hyphenation("COVID-", "19", &v));
        assert!(!is_hyphenation("first-in-", "class", &v));
        assert!(is_hyphenation("soft\u{AD}", "hyphen", &v));
    }

    #[test]
    fn a_line_that_did_not_wrap_ends_its_paragraph() {
        let p = page(vec![
            // 40 characters over 400 points: 10 points each; "Next" would have fitted.
            line(
                50.0,
                450.0,
                100.0,
                "Subtitle line that ends well before here",
            ),
            line(
                50.0,
                550.0,
                112.0,
                "Next paragraph starts here and it fills the whole line",
            ),
            // "anticipates," (12 characters) would not have fitted after this line: it wrapped.
            line(
                50.0,
                458.0,
                124.0,
                "the words \"may,\" \"will,\" \"plans,\" \"expects,\"",
            ),
            line(50.0, 300.0, 136.0, "\"anticipates,\" or similar words."),
        ]);
        let (t, _) = text(&[p]);
        assert_eq!(
            t,
            "Subtitle line that ends well before here\n\nNext paragraph starts here and it fills the \
             whole line the words \"may,\" \"will,\" \"plans,\" \"expects,\" \"anticipates,\" or similar words."
        );
    }

    #[test]
    fn compounds_of_words_the_document_uses_keep_their_hyphen() {
        let p = page(vec![
            line(
                50.0,
                550.0,
                100.0,
                "an investigator can run an investigator-",
            ),
            line(50.0, 550.0, 112.0, "sponsored trial that was sponsored by"),
            line(50.0, 550.0, 124.0, "a grant."),
        ]);
        let (t, _) = text(&[p]);
        assert!(t.contains("investigator-sponsored trial"), "{t}");
    }

    #[test]
    fn headers_footers_and_page_numbers_are_left_out() {
        let pages: Vec<Page> = (1..=2)
            .map(|n| {
                page(vec![
                    line(50.0, 300.0, 20.0, "Acme Corp. press release"),
                    line(
                        50.0,
                        550.0,
                        100.0,
                        if n == 1 {
                            "The sentence runs on"
                        } else {
                            "and ends here."
                        },
                    ),
                    line(290.0, 310.0, 770.0, &format!("{n}")),
                ])
            })
            .collect();
        let (t, places) = text(&pages);
        assert_eq!(t, "The sentence runs on and ends here.");
        assert_eq!(places, vec![(0, 1), (21, 2)]);
        assert!(is_page_number("Page 3 of 12"));
        assert!(is_page_number("- 4 -"));
        assert!(is_page_number("iv"));
        assert!(!is_page_number("2016"));
    }
}
