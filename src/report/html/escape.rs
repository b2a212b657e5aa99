//! Escaping for everything the report takes from outside: document text, paths, rule
//! messages, help and notes. Text content and attribute values share one escape (`&`, `<`,
//! `>`, `"`, `'`), so a value is safe in either place; attribute values are always written in
//! double quotes. Control characters other than tab and newlines are replaced, since HTML
//! forbids most of them and NUL would be turned into U+FFFD anyway.

use std::fmt::Write as _;

/// Appends `s` escaped for HTML text or a double-quoted attribute value.
pub fn push(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, c) in s.char_indices() {
        let rep = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            '\t' | '\n' => continue,
            // A lone CR is a line break in the source; CRLF keeps only the LF.
            '\r' => {
                if s[i + 1..].starts_with('\n') {
                    ""
                } else {
                    "\n"
                }
            }
            c if c.is_control() => "\u{FFFD}",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + c.len_utf8();
    }
    out.push_str(&s[last..]);
}

/// `s` escaped for HTML text or a double-quoted attribute value.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    push(&mut out, s);
    out
}

/// An escaped value for a `data-` attribute holding a set: items joined by `|`.
pub fn set_attr<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        push(&mut out, item);
    }
    out
}

/// Percent-escapes a string for use in a URL fragment (`#rule=...`), then HTML-escapes it.
pub fn fragment(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_./~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            html("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(
            html("\"><img src=x onerror=alert(1)>"),
            "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
        );
        assert_eq!(html("a & b's"), "a &amp; b&#39;s");
        assert_eq!(html("&amp;"), "&amp;amp;");
    }

    #[test]
    fn text_is_kept_byte_for_byte_otherwise() {
        let s = "Curly “quotes” — and\nnew lines\ttabs, ünïcödé";
        assert_eq!(html(s), s);
    }

    #[test]
    fn control_characters_and_carriage_returns() {
        assert_eq!(html("a\u{0}b\u{1b}c"), "a\u{FFFD}b\u{FFFD}c");
        assert_eq!(html("a\r\nb\rc"), "a\nb\nc");
    }

    #[test]
    fn sets_and_fragments() {
        assert_eq!(set_attr(["a/b", "c\"d"]), "a/b|c&quot;d");
        assert_eq!(fragment("x y/<z>"), "x%20y/%3Cz%3E");
    }
}
