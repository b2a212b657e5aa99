//! HTML/XHTML to text, keeping a map from every text offset back to the HTML source.
//!
//! Hand-written rather than a DOM parser: DOM builders (html5ever, scraper) discard source
//! offsets, and token-level spans are not enough once an entity sits inside a word. This is a
//! forgiving scanner for what releases and EDGAR exhibits contain: tags (quoted attributes may
//! hold `>`), comments, CDATA, `script`/`style`/`title`/`ix:header` content (skipped), entities
//! (named, decimal, hex) and block elements (paragraph breaks).

use super::writer::Writer;
use crate::text::OffsetMap;

#[derive(Debug)]
pub struct Extracted {
    pub text: String,
    /// Text offsets to offsets in the HTML it came from.
    pub map: OffsetMap,
}

/// Elements that end a paragraph.
const BLOCK_TAGS: &[&str] = &[
    "p",
    "div",
    "tr",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "nav",
    "blockquote",
    "pre",
    "hr",
    "address",
    "figure",
    "figcaption",
    "main",
    "body",
    "html",
    "center",
    "form",
    "fieldset",
    "caption",
    "page",
];

/// Elements whose content is not text of the release.
const SKIPPED_CONTENT: &[&str] = &[
    "script",
    "style",
    "title",
    "head",
    "noscript",
    "template",
    "ix:header",
    "xml",
];

/// EDGAR SGML header tags whose value runs to the end of the line.
const SGML_LINE_TAGS: &[&str] = &["type", "sequence", "filename", "description"];

/// Named entities releases actually use; unknown ones are left as written.
fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{A0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "sbquo" => '‚',
        "bdquo" => '„',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "bull" => '•',
        "middot" => '·',
        "shy" => '\u{AD}',
        "zwj" => '\u{200D}',
        "zwnj" => '\u{200C}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "reg" => '®',
        "trade" => '™',
        "copy" => '©',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "micro" => 'µ',
        "para" => '¶',
        "sect" => '§',
        "cent" => '¢',
        "pound" => '£',
        "euro" => '€',
        "yen" => '¥',
        "sup1" => '¹',
        "sup2" => '²',
        "sup3" => '³',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "le" => '≤',
        "ge" => '≥',
        "ne" => '≠',
        "asymp" => '≈',
        "minus" => '−',
        "prime" => '′',
        "Prime" => '″',
        "dagger" => '†',
        "Dagger" => '‡',
        "laquo" => '«',
        "raquo" => '»',
        "iexcl" => '¡',
        "iquest" => '¿',
        "aacute" => 'á',
        "eacute" => 'é',
        "iacute" => 'í',
        "oacute" => 'ó',
        "uacute" => 'ú',
        "Aacute" => 'Á',
        "Eacute" => 'É',
        "agrave" => 'à',
        "egrave" => 'è',
        "auml" => 'ä',
        "ouml" => 'ö',
        "uuml" => 'ü',
        "Auml" => 'Ä',
        "Ouml" => 'Ö',
        "Uuml" => 'Ü',
        "szlig" => 'ß',
        "ccedil" => 'ç',
        "ntilde" => 'ñ',
        "alpha" => 'α',
        "beta" => 'β',
        "gamma" => 'γ',
        "delta" => 'δ',
        "kappa" => 'κ',
        "mu" => 'μ',
        _ => return None,
    })
}

/// Decodes the entity starting at `s[0] == '&'`; returns the char and the entity's length.
fn entity(s: &str) -> Option<(char, usize)> {
    let end = s.get(1..)?.find(';').filter(|&i| i <= 32)? + 1;
    let body = &s[1..end];
    let c = if let Some(num) = body.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        // Windows-1252 code points written as numeric entities (&#147;) mean curly quotes.
        let code = match code {
            145 => 0x2018,
            146 => 0x2019,
            147 => 0x201C,
            148 => 0x201D,
            150 => 0x2013,
            151 => 0x2014,
            other => other,
        };
        char::from_u32(code)?
    } else {
        named_entity(body)?
    };
    Some((c, end + 1))
}

/// Where the tag starting at `s[0] == '<'` ends (after its `>`), honouring quoted attributes.
fn tag_end(s: &str) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in s.as_bytes().iter().enumerate().skip(1) {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(i + 1),
            _ => {}
        }
    }
    None
}

/// The element name of a tag as written (`<p class=x>` -> "p", `</TD>` -> "TD"), and whether
/// it closes an element.
fn tag_name(tag: &str) -> (&str, bool) {
    let inner = tag.trim_start_matches('<');
    let closing = inner.starts_with('/');
    let inner = inner.trim_start_matches('/');
    let len = inner
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b':' || *b == b'-')
        .count();
    (&inner[..len], closing)
}

/// Whether element `name` (any case) is one of `names` (lower case).
fn is_one_of(name: &str, names: &[&str]) -> bool {
    names.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Extracts the text of an HTML document (or fragment).
pub fn extract(html: &str) -> Extracted {
    let mut w = Writer::with_capacity(html.len() / 2);
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        // Fast path: a run of plain text is copied in one go, as copying it char by char would.
        if !(html.as_bytes()[i] == b' ' && w.ends_with_space()) {
            let run = plain_text_len(&html.as_bytes()[i..]);
            if run > 0 {
                w.copy_str(i, &html[i..i + run]);
                i += run;
                continue;
            }
        }
        let rest = &html[i..];
        let Some(c) = rest.chars().next() else { break };
        if c == '<' {
            if rest.starts_with("<!--") {
                i += rest.find("-->").map_or(rest.len(), |e| e + 3);
                continue;
            }
            if rest.starts_with("<![CDATA[") {
                let body_end = rest.find("]]>").unwrap_or(rest.len());
                for (j, ch) in rest[9..body_end.max(9)].char_indices() {
                    w.copy(i + 9 + j, ch);
                }
                i += (body_end + 3).min(rest.len());
                continue;
            }
            if rest.starts_with("<!") || rest.starts_with("<?") {
                i += rest.find('>').map_or(rest.len(), |e| e + 1);
                continue;
            }
            let starts_tag = rest[1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic() || n == '/');
            if let (true, Some(len)) = (starts_tag, tag_end(rest)) {
                let (name, closing) = tag_name(&rest[..len]);
                if !closing && is_one_of(name, SKIPPED_CONTENT) {
                    let close = format!("</{}", name.to_ascii_lowercase());
                    let skip = lower[i + len..].find(&close).map_or(html.len() - i, |e| {
                        let after = i + len + e;
                        tag_end(&html[after..]).map_or(html.len() - i, |t| after + t - i)
                    });
                    i += skip;
                    continue;
                }
                if !closing && is_one_of(name, SGML_LINE_TAGS) {
                    let line_end = rest.find('\n').unwrap_or(rest.len());
                    w.paragraph_break(i, line_end);
                    i += line_end;
                    continue;
                }
                if is_one_of(name, BLOCK_TAGS) {
                    w.paragraph_break(i, len);
                } else if name.eq_ignore_ascii_case("br") {
                    w.line_break(i, len);
                } else if is_one_of(name, &["td", "th"]) && !closing {
                    w.space(i, len);
                }
                i += len;
                continue;
            }
            w.copy(i, c);
            i += 1;
            continue;
        }
        if c == '&'
            && let Some((decoded, len)) = entity(rest)
        {
            if decoded == '\u{A0}' || decoded.is_whitespace() {
                w.space(i, len);
            } else {
                w.replace(i, len, decoded);
            }
            i += len;
            continue;
        }
        if c.is_whitespace() {
            let run = rest
                .char_indices()
                .find(|(_, ch)| !ch.is_whitespace())
                .map_or(rest.len(), |(j, _)| j);
            w.space(i, run);
            i += run;
            continue;
        }
        w.copy(i, c);
        i += c.len_utf8();
    }
    let (text, map) = w.finish(html.len());
    Extracted { text, map }
}

/// Length of the run of plain text at the start of `bytes`: ASCII that is neither markup (`<`,
/// `&`) nor whitespace, except single spaces before such text (a space the slow path would
/// turn into one space of its own, mapped to itself).
fn plain_text_len(bytes: &[u8]) -> usize {
    let outside_ascii_text = |b: u8| !(0x20..0x80).contains(&b);
    let stops = |b: u8| outside_ascii_text(b) || b == b'<' || b == b'&';
    bytes
        .iter()
        .enumerate()
        .position(|(k, &b)| {
            stops(b)
                || (b == b' '
                    && bytes
                        .get(k + 1)
                        .is_some_and(|&n| n == b' ' || outside_ascii_text(n)))
        })
        .unwrap_or(bytes.len())
}

/// Whether text looks like HTML rather than plain text.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .chars()
        .take(4096)
        .collect::<String>()
        .to_ascii_lowercase();
    head.contains("<html")
        || head.contains("<body")
        || head.contains("<p>")
        || head.contains("<p ")
        || head.contains("<div")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source_of<'a>(html: &'a str, x: &Extracted, needle: &str) -> &'a str {
        let at = x.text.find(needle).expect("needle in extracted text");
        let (s, e) = x.map.to_source(at, at + needle.len());
        &html[s..e]
    }

    #[test]
    fn element_names_are_read_in_any_case() {
        let x = extract(
            "<HTML><HEAD><TITLE>Skip me</TITLE></HEAD><BODY><P>One<BR>two</P><TABLE><TR><TD>a</TD><Td>b</tD></TR></TABLE><P>three</P></BODY></HTML>",
        );
        assert_eq!(x.text, "One\ntwo\n\na b\n\nthree\n\n");
    }

    #[test]
    fn every_extracted_character_maps_to_its_source() {
        let html = "<p>Plain  text, two\tspaces &amp; an&nbsp;entity;\n caf\u{e9} \u{a0}x <b>bold</b> y </p>\n<p> lead  &lt;tail&gt; </p>";
        let x = extract(html);
        assert_eq!(
            x.text,
            "Plain text, two spaces & an entity; caf\u{e9} x bold y\n\nlead <tail>\n\n"
        );
        for (at, c) in x.text.char_indices() {
            let (s, e) = x.map.to_source(at, at + c.len_utf8());
            let source = &html[s..e];
            match c {
                ' ' => assert!(
                    source.chars().all(char::is_whitespace) || source.starts_with('&'),
                    "space at {at} from {source:?}"
                ),
                '\n' => assert!(source.starts_with('<'), "break at {at} from {source:?}"),
                '&' | '<' | '>' => assert!(source.starts_with('&'), "{c} from {source:?}"),
                _ => assert_eq!(source, c.to_string(), "char at {at}"),
            }
        }
    }

    #[test]
    fn tags_splitting_a_phrase_map_to_the_exact_source() {
        let html = "<p>It was equivalent or <b>superior</b> to&nbsp;placebo.</p>";
        let x = extract(html);
        assert_eq!(x.text.trim(), "It was equivalent or superior to placebo.");
        assert_eq!(
            source_of(html, &x, "equivalent or superior"),
            "equivalent or <b>superior"
        );
        assert_eq!(source_of(html, &x, "to placebo"), "to&nbsp;placebo");
    }

    #[test]
    fn entities_decode_and_map_to_their_source() {
        let html = "<p>Acme&rsquo;s &ldquo;breakthrough&rdquo; &#8211; &#x2014; caf&eacute; &#147;q&#148;</p>";
        let x = extract(html);
        assert_eq!(x.text.trim(), "Acme’s “breakthrough” – — café “q”");
        assert_eq!(source_of(html, &x, "Acme’s"), "Acme&rsquo;s");
        assert_eq!(
            source_of(html, &x, "“breakthrough”"),
            "&ldquo;breakthrough&rdquo;"
        );
    }

    #[test]
    fn skips_scripts_styles_comments_and_makes_paragraphs() {
        let html = "<html><head><title>T</title><style>p{x:1}</style></head><body><script>var a='<p>';</script><!-- c --><p>One\n two.</p><div>Three<br>four</div><table><tr><td>a</td><td>b</td></tr></table></body></html>";
        let x = extract(html);
        assert_eq!(x.text.trim(), "One two.\n\nThree\nfour\n\na b");
    }

    #[test]
    fn quoted_angle_brackets_and_stray_less_than() {
        // As in browsers, "<z" opens a tag (which swallows "</p"); "< 5" does not.
        let html = "<p title=\"a > b\">x < 5 and y<z</p>";
        let x = extract(html);
        assert_eq!(x.text.trim(), "x < 5 and y");
    }

    #[test]
    fn unknown_entities_and_unclosed_tags_are_text() {
        let html = "<p>R&D &bogus; <b";
        let x = extract(html);
        assert_eq!(x.text.trim(), "R&D &bogus; <b");
    }
}
