//! JSON-RPC over stdio, framed with `Content-Length` headers.
//!
//! lsp-server's own `Connection::stdio()` stops reading at the first body that is not valid
//! JSON, which leaves the client talking to a deaf server. This transport answers such a body
//! with a JSON-RPC ParseError (id null), or InvalidRequest when it is JSON but not a message,
//! and goes on reading. Only broken framing (a header that is not a header, a missing or huge
//! Content-Length) ends the stream, because nothing after it can be trusted.

use std::io::{self, BufRead, Read, Write};
use std::thread;

use crossbeam_channel::{Receiver, Sender, bounded, never, unbounded};
use lsp_server::{Connection, Message};

/// A message body larger than this ends the connection (it cannot be a real editor's).
const MAX_BODY: usize = 512 * 1024 * 1024;

pub struct Threads {
    writer: thread::JoinHandle<io::Result<()>>,
}

impl Threads {
    /// Waits until everything sent has been written. The reader is not waited for: it may be
    /// blocked on a stdin the client never closes, and the process ends anyway.
    pub fn join(self) -> io::Result<()> {
        self.writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("writer thread panicked")))
    }
}

pub fn stdio() -> io::Result<(Connection, Threads)> {
    let (to_server, from_client) = bounded::<Message>(0);
    let (to_client, outgoing) = unbounded::<Message>();
    let (raw_tx, raw_rx) = unbounded::<String>();
    thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            if let Err(e) = read_loop(&mut input, &to_server, &raw_tx) {
                let _ = writeln!(io::stderr(), "claimlint lsp: stopped reading: {e}");
            }
        })?;
    let writer = thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut out = stdout.lock();
            write_loop(&mut out, &outgoing, raw_rx)
        })?;
    Ok((
        Connection {
            sender: to_client,
            receiver: from_client,
        },
        Threads { writer },
    ))
}

/// Reads frames until end of input, broken framing, or an `exit` notification.
pub fn read_loop(
    input: &mut impl BufRead,
    to_server: &Sender<Message>,
    raw: &Sender<String>,
) -> io::Result<()> {
    while let Some(body) = read_frame(input)? {
        match parse(&body) {
            Ok(msg) => {
                let is_exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
                if to_server.send(msg).is_err() || is_exit {
                    break;
                }
            }
            Err(error) => {
                if raw.send(error).is_err() {
                    break;
                }
            }
        }
    }
    Ok(())
}

/// A message, or the JSON-RPC error response to send back for a body that is not one.
pub fn parse(body: &[u8]) -> Result<Message, String> {
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => return Err(error_response(None, -32700, &format!("parse error: {e}"))),
    };
    let id = value.get("id").cloned();
    serde_json::from_value::<Message>(value)
        .map_err(|e| error_response(id, -32600, &format!("invalid request: {e}")))
}

fn error_response(id: Option<serde_json::Value>, code: i32, message: &str) -> String {
    let id = match id {
        Some(v @ (serde_json::Value::Number(_) | serde_json::Value::String(_))) => v,
        _ => serde_json::Value::Null,
    };
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id,
        "error": { "code": code, "message": message },
    })
    .to_string()
}

/// One frame's body; None at a clean end of input.
fn read_frame(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    let mut length: Option<usize> = None;
    let mut line = String::new();
    let mut first = true;
    loop {
        line.clear();
        // Headers are short; a "line" longer than this is not a header.
        let n = input.by_ref().take(8192).read_line(&mut line)?;
        if n == 0 {
            return if first {
                Ok(None)
            } else {
                Err(invalid("end of input inside headers"))
            };
        }
        first = false;
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            if length.is_none() {
                continue; // stray blank line between messages
            }
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            return Err(invalid(&format!("malformed header {header:?}")));
        };
        if name.trim().eq_ignore_ascii_case("content-length") {
            let n: usize = value
                .trim()
                .parse()
                .map_err(|_| invalid(&format!("bad Content-Length {value:?}")))?;
            if n > MAX_BODY {
                return Err(invalid(&format!("message of {n} bytes is too large")));
            }
            length = Some(n);
        }
    }
    let n = length.unwrap_or_default();
    let mut body = vec![0; n];
    input.read_exact(&mut body)?;
    Ok(Some(body))
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_string())
}

fn write_loop(
    out: &mut impl Write,
    outgoing: &Receiver<Message>,
    raw: Receiver<String>,
) -> io::Result<()> {
    let mut raw = raw;
    loop {
        crossbeam_channel::select! {
            recv(outgoing) -> msg => match msg {
                Ok(msg) => msg.write(out)?,
                Err(_) => return Ok(()),
            },
            recv(raw) -> text => match text {
                Ok(text) => {
                    write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
                    out.flush()?;
                }
                Err(_) => raw = never(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_json_is_answered_and_reading_goes_on() {
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        ]
        .concat();
        let (tx, rx) = unbounded();
        let (raw_tx, raw_rx) = unbounded();
        let mut reader = io::Cursor::new(input.into_bytes());
        assert!(read_loop(&mut reader, &tx, &raw_tx).is_ok());
        let errors: Vec<serde_json::Value> = raw_rx
            .try_iter()
            .filter_map(|t| serde_json::from_str(&t).ok())
            .collect();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0]["error"]["code"], -32700);
        assert_eq!(errors[0]["id"], serde_json::Value::Null);
        assert_eq!(errors[1]["error"]["code"], -32600);
        assert_eq!(errors[1]["id"], 7);
        assert!(matches!(rx.try_recv(), Ok(Message::Notification(n)) if n.method == "initialized"));
    }

    #[test]
    fn broken_framing_ends_the_stream_without_panicking() {
        for input in [
            "Content-Length: 99999999999999\r\n\r\n".to_string(),
            "Content-Length: x\r\n\r\n".to_string(),
            "garbage\r\n\r\n".to_string(),
            "Content-Length: 10\r\n\r\n{}".to_string(),
        ] {
            let (tx, _rx) = unbounded();
            let (raw_tx, _raw_rx) = unbounded();
            let mut reader = io::Cursor::new(input.into_bytes());
            assert!(read_loop(&mut reader, &tx, &raw_tx).is_err());
        }
    }
}
