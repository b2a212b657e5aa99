//! Bytes to text. UTF-8 (with or without BOM) is used as is; UTF-16 with a BOM is transcoded;
//! anything else that is not valid UTF-8 is read as Windows-1252 (a superset of Latin-1, the
//! usual encoding of older archives). Transcoded text carries a map back to file byte offsets,
//! because findings are always reported against the bytes of the file.

use crate::text::OffsetMap;

/// A file's text and, when it had to be transcoded, the map from text offsets to file bytes.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// `None` when the text is the file's own bytes (UTF-8), or extracted from a container.
    pub to_file: Option<OffsetMap>,
    /// For text extracted from a container (`.docx`, PDF): where each stretch of it came from.
    /// Offsets of such a text are offsets into the extracted text, not the file.
    pub origin: Option<super::container::Origin>,
}

/// Why a file is not audited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Binary,
}

/// Bytes that look like a binary file (NUL bytes in text encodings other than UTF-16).
fn looks_binary(bytes: &[u8]) -> bool {
    memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some()
}

pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Unreadable> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes)
        && encoding != encoding_rs::UTF_8
    {
        return Ok(transcode(&bytes, encoding, bom_len));
    }
    if looks_binary(&bytes) {
        return Err(Unreadable::Binary);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text,
            encoding: "UTF-8",
            to_file: None,
            origin: None,
        }),
        Err(e) => Ok(transcode(e.as_bytes(), encoding_rs::WINDOWS_1252, 0)),
    }
}

/// Decodes char by char so every character's file byte range is known.
fn transcode(bytes: &[u8], encoding: &'static encoding_rs::Encoding, bom_len: usize) -> Decoded {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(bytes.len());
    let mut map = OffsetMap::default();
    let mut at = bom_len;
    // Feed the decoder one input unit at a time (1 byte, or 2 for UTF-16) so output can be
    // attributed to the bytes that produced it.
    let unit = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        2
    } else {
        1
    };
    let mut pending_start = at;
    let mut tmp = String::with_capacity(16);
    while at < bytes.len() {
        let end = (at + unit).min(bytes.len());
        let last = end == bytes.len();
        tmp.clear();
        // The decoder writes into spare capacity; 16 bytes hold any one unit's output.
        let _ = decoder.decode_to_string(&bytes[at..end], &mut tmp, last);
        at = end;
        if tmp.is_empty() {
            continue; // a surrogate pair's first half: wait for the rest
        }
        let src_len = at - pending_start;
        for c in tmp.chars() {
            if c.is_ascii() && src_len == 1 {
                map.push_copy(text.len(), pending_start);
            } else {
                map.push_replace(text.len(), pending_start, src_len);
            }
            text.push(c);
        }
        pending_start = at;
    }
    map.finish(text.len(), bytes.len());
    Decoded {
        text,
        encoding: encoding.name(),
        to_file: Some(map),
        origin: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_is_used_as_is() {
        let d = decode("caf\u{e9} “x”".as_bytes().to_vec()).expect("decodes");
        assert_eq!(d.encoding, "UTF-8");
        assert!(d.to_file.is_none());
    }

    #[test]
    fn windows_1252_maps_back_to_file_bytes() {
        let bytes = b"caf\xe9 \x93superior\x94 to".to_vec();
        let d = decode(bytes.clone()).expect("decodes");
        assert_eq!(d.encoding, "windows-1252");
        assert_eq!(d.text, "café “superior” to");
        let map = d.to_file.expect("a map");
        let at = d.text.find("superior").expect("found");
        let (s, e) = map.to_source(at, at + "superior".len());
        assert_eq!(&bytes[s..e], b"superior");
        let q = d.text.find('“').expect("found");
        assert_eq!(map.to_source(q, q + '“'.len_utf8()), (5, 6));
    }

    #[test]
    fn utf16_with_bom_maps_back_to_file_bytes() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "é superior 😀 x".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let d = decode(bytes.clone()).expect("decodes");
        assert_eq!(d.encoding, "UTF-16LE");
        assert_eq!(d.text, "é superior 😀 x");
        let map = d.to_file.expect("a map");
        let at = d.text.find("superior").expect("found");
        let (s, e) = map.to_source(at, at + "superior".len());
        assert_eq!((s, e), (2 + 4, 2 + 4 + 16));
        let x = d.text.find('x').expect("found");
        assert_eq!(map.to_source(x, x + 1), (bytes.len() - 2, bytes.len()));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(vec![b'a', 0, b'b']).err(), Some(Unreadable::Binary));
    }
}
