//! Suggested rewordings: a rule's `suggest:` entries applied to one finding's span as a text
//! edit that reads well (capitalisation kept, a deleted word's space and comma removed, "a"/"an"
//! agreeing with the word that now follows).

use crate::rulebook::Rule;
use crate::text::normalize::fold_phrase;
use crate::text::words::is_word_char;

/// An edit in byte offsets: replace `start..end` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A rewording offered for a finding: a title for the user and the edit that makes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewording {
    pub title: String,
    pub edit: Edit,
}

/// The rewordings `rule` suggests for its match at `start..end` of `text`.
pub fn rewordings(rule: &Rule, text: &str, start: usize, end: usize) -> Vec<Rewording> {
    let Some(matched) = text.get(start..end) else {
        return Vec::new();
    };
    let shown = matched.split_whitespace().collect::<Vec<_>>().join(" ");
    rule.suggestions_for(matched)
        .into_iter()
        .map(|replacement| Rewording {
            title: if replacement.is_empty() {
                format!("Remove “{shown}”")
            } else {
                format!("Reword “{shown}” as “{replacement}”")
            },
            edit: reword(text, start, end, replacement),
        })
        .collect()
}

/// The edit replacing `start..end` of `text` with `replacement` (empty: delete the words).
pub fn reword(text: &str, start: usize, end: usize, replacement: &str) -> Edit {
    let (start, end) = (start.min(text.len()), end.min(text.len()).max(start));
    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
        return Edit {
            start: 0,
            end: 0,
            text: String::new(),
        };
    }
    let capitalised = text
        .get(start..)
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_uppercase);
    if replacement.is_empty() {
        return delete(text, start, end, capitalised);
    }
    let mut new = if capitalised {
        capitalise(replacement)
    } else {
        replacement.to_string()
    };
    let mut edit_start = start;
    if let Some((a, article)) = article_before(text, start) {
        let fixed = agree(article, &new);
        if fixed != article {
            new = format!("{fixed}{}", &text[a + article.len()..start]) + &new;
            edit_start = a;
        }
    }
    Edit {
        start: edit_start,
        end,
        text: new,
    }
}

/// Deletes a word or phrase with one of the spaces around it (and a comma after it, as in
/// "Remarkably, the …"); a sentence-initial deletion capitalises the word that now begins it.
fn delete(text: &str, start: usize, end: usize, capitalised: bool) -> Edit {
    let match_start = start;
    let after = &text[end..];
    let mut end = end;
    let mut start = start;
    if after.starts_with(", ") {
        end += 2;
    } else if after.starts_with(' ') {
        end += 1;
    } else if text[..start].ends_with(' ') {
        start -= 1;
    }
    let next_word_len = text[end..]
        .chars()
        .take_while(|c| is_word_char(*c) || *c == '-')
        .map(char::len_utf8)
        .sum::<usize>();
    let next_word = &text[end..end + next_word_len];
    let mut new = String::new();
    let mut edit_end = end;
    if capitalised && sentence_starts_at(text, start) && !next_word.is_empty() {
        new = capitalise(next_word);
        edit_end = end + next_word_len;
    }
    let mut edit_start = start;
    if let Some((a, article)) = article_before(text, match_start) {
        let fixed = agree(article, next_word);
        if fixed != article && !next_word.is_empty() {
            new = format!("{fixed}{}{new}", &text[a + article.len()..start]);
            edit_start = a;
        }
    }
    Edit {
        start: edit_start,
        end: edit_end,
        text: new,
    }
}

/// Whether a sentence begins at `at`: start of text, or after ". ", "! ", "? " or a line break.
fn sentence_starts_at(text: &str, at: usize) -> bool {
    let before = text[..at].trim_end_matches([' ', '\t', '"', '“', '(']);
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '\n']) || text[..at].ends_with('\n')
}

/// "a" or "an" (any case) as the word right before `at`, with its offset.
fn article_before(text: &str, at: usize) -> Option<(usize, &str)> {
    let before = text[..at].strip_suffix(' ')?;
    let word_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word_char(*c))
        .last()
        .map(|(i, _)| i)?;
    let word = &before[word_start..];
    word.eq_ignore_ascii_case("a")
        .then_some(())
        .or_else(|| word.eq_ignore_ascii_case("an").then_some(()))
        .map(|()| (word_start, word))
}

/// The indefinite article agreeing with `next` (by its first letter), in `article`'s case.
fn agree(article: &str, next: &str) -> String {
    let vowel = next
        .chars()
        .next()
        .is_some_and(|c| "aeiouAEIOU".contains(c));
    let base = if vowel { "an" } else { "a" };
    if article.starts_with('A') {
        capitalise(base)
    } else {
        base.to_string()
    }
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The folded, lower-cased form suggestions are looked up by.
pub fn key(matched: &str) -> String {
    fold_phrase(matched).to_lowercase()
}

/// Applies an edit to a copy of `text` (unchanged when the edit does not fit it).
pub fn apply(text: &str, edit: &Edit) -> String {
    match (text.get(..edit.start), text.get(edit.end..)) {
        (Some(a), Some(b)) if edit.start <= edit.end => format!("{a}{}{b}", edit.text),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str, phrase: &str, replacement: &str) -> String {
        let start = text.find(phrase).unwrap_or_default();
        apply(
            text,
            &reword(text, start, start + phrase.len(), replacement),
        )
    }

    #[test]
    fn replacement_keeps_case_and_fixes_the_article() {
        assert_eq!(
            run("It is a revolutionary approach.", "revolutionary", "novel"),
            "It is a novel approach."
        );
        assert_eq!(
            run(
                "It is a groundbreaking approach.",
                "groundbreaking",
                "investigational"
            ),
            "It is an investigational approach."
        );
        assert_eq!(
            run("Revolutionary data.", "Revolutionary", "new"),
            "New data."
        );
        assert_eq!(
            run("An extraordinary result.", "extraordinary", "new"),
            "A new result."
        );
    }

    #[test]
    fn deletion_removes_a_space_and_a_comma_and_recapitalises() {
        assert_eq!(
            run("We saw remarkable results.", "remarkable", ""),
            "We saw results."
        );
        assert_eq!(
            run("Remarkably, the tumour shrank.", "Remarkably", ""),
            "The tumour shrank."
        );
        assert_eq!(
            run("Dramatically improved. Stunning data.", "Stunning", ""),
            "Dramatically improved. Data."
        );
        assert_eq!(
            run("The data were remarkable.", "remarkable", ""),
            "The data were."
        );
        assert_eq!(
            run(
                "It was an exceptional, durable response.",
                "exceptional",
                ""
            ),
            "It was a durable response."
        );
        assert_eq!(
            run("a world-renowned oncologist", "world-renowned", ""),
            "an oncologist"
        );
    }

    #[test]
    fn odd_spans_do_not_panic() {
        let text = "é remarkable";
        let e = reword(text, 50, 60, "");
        assert_eq!(apply(text, &e), text);
        let e = reword(text, 1, 3, "new");
        assert_eq!(apply(text, &e), text);
        let e = reword(text, 0, 0, "new");
        assert!(apply(text, &e).starts_with("new"));
    }
}
