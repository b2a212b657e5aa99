//! Word-boundary tests on decoded characters.
//!
//! The `regex` crate's Unicode `\b` falls off its fast path on the non-ASCII text press releases
//! are full of, and a byte-level test gets `“Breakthrough` wrong; so matches are found with ASCII
//! or literal engines and their edges are checked here, on the characters around them.

/// A character that can be part of a word.
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// True when `start..end` of `text` neither begins nor ends inside a word. An edge that is not
/// itself a word character ("$", "%") needs no boundary on that side.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let (Some(before), Some(inner), Some(after)) =
        (text.get(..start), text.get(start..end), text.get(end..))
    else {
        return false;
    };
    let first = inner.chars().next();
    let last = inner.chars().next_back();
    let left_ok =
        !first.is_some_and(is_word_char) || !before.chars().next_back().is_some_and(is_word_char);
    let right_ok =
        !last.is_some_and(is_word_char) || !after.chars().next().is_some_and(is_word_char);
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_use_decoded_characters() {
        let t = "“Breakthrough” willing will café";
        let b = t.find("Breakthrough").unwrap_or_default();
        assert!(is_whole_word(t, b, b + "Breakthrough".len()));
        let w = t.find("willing").unwrap_or_default();
        assert!(!is_whole_word(t, w, w + 4));
        let w2 = t.find("will ").unwrap_or_default();
        assert!(is_whole_word(t, w2, w2 + 4));
        let c = t.find("caf").unwrap_or_default();
        assert!(!is_whole_word(t, c, c + 3), "é is a letter");
    }

    #[test]
    fn non_word_edges_need_no_boundary() {
        let t = "x$5 million";
        assert!(is_whole_word(t, 1, 2));
    }
}
