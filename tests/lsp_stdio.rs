//! `claimlint lsp` as an editor runs it: the real binary, JSON-RPC framed on stdin/stdout.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
}

fn read_message(out: &mut BufReader<ChildStdout>) -> Option<Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_claimlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("claimlint lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            while let Some(v) = read_message(&mut stdout) {
                if tx.send(v).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
        }
    }

    fn send_raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn send(&mut self, msg: Value) {
        let mut msg = msg;
        msg["jsonrpc"] = json!("2.0");
        self.send_raw(&msg.to_string());
    }

    fn next(&mut self, want: impl Fn(&Value) -> bool) -> Value {
        loop {
            let v = self
                .messages
                .recv_timeout(Duration::from_secs(20))
                .expect("a message from the server");
            if want(&v) {
                return v;
            }
        }
    }

    fn initialize(&mut self) -> Value {
        self.send(json!({"id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": null,
            "capabilities": {"general": {"positionEncodings": ["utf-16"]}}}}));
        let init = self.next(|v| v["id"] == 1);
        self.send(json!({"method": "initialized", "params": {}}));
        init
    }

    fn exit_code(mut self) -> Option<i32> {
        drop(self.stdin);
        for _ in 0..200 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        None
    }
}

#[test]
fn speaks_json_rpc_over_stdio() {
    let mut c = Client::start();
    let init = c.initialize();
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        2
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "claimlint");

    let uri = "file:///tmp/claimlint-stdio/release.txt";
    let text = "Acme Update\n\n“µg” é 😀 The drug is superior to placebo.\n";
    c.send(
        json!({"method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "plaintext", "version": 1, "text": text}}}),
    );
    let d = c.next(|v| v["method"] == "textDocument/publishDiagnostics");
    assert_eq!(d["params"]["version"], 1);
    let sup = d["params"]["diagnostics"]
        .as_array()
        .and_then(|a| a.iter().find(|d| d["code"] == "comparative/superiority"))
        .cloned()
        .expect("comparative/superiority");
    let line = text.lines().nth(2).unwrap_or_default();
    let col = line[..line.find("superior").unwrap_or_default()]
        .encode_utf16()
        .count();
    assert_eq!(sup["range"]["start"], json!({"line": 2, "character": col}));
    assert_eq!(sup["source"], "claimlint");

    // Malformed JSON: a ParseError with id null, and the server goes on.
    c.send_raw("{this is not json");
    let err = c.next(|v| v.get("error").is_some());
    assert_eq!(err["error"]["code"], -32700);
    assert_eq!(err["id"], Value::Null);
    // Unknown method: MethodNotFound.
    c.send(json!({"id": 2, "method": "claimlint/unknown", "params": {}}));
    let r = c.next(|v| v["id"] == 2);
    assert_eq!(r["error"]["code"], -32601);

    c.send(json!({"id": 3, "method": "shutdown"}));
    let r = c.next(|v| v["id"] == 3);
    assert!(r.get("error").is_none(), "{r}");
    c.send(json!({"method": "exit"}));
    assert_eq!(c.exit_code(), Some(0));
}

#[test]
fn exit_without_shutdown_is_code_one() {
    let mut c = Client::start();
    c.initialize();
    c.send(json!({"method": "exit"}));
    assert_eq!(c.exit_code(), Some(1));

    // A client that goes away (stdin closed) without exit: code 1 too.
    let mut c = Client::start();
    c.initialize();
    assert_eq!(c.exit_code(), Some(1));
}

#[test]
fn requests_before_initialize_are_refused() {
    let mut c = Client::start();
    c.send(json!({"id": 9, "method": "textDocument/hover", "params": {}}));
    let r = c.next(|v| v["id"] == 9);
    assert_eq!(r["error"]["code"], -32002);
    c.initialize();
    c.send(json!({"id": 3, "method": "shutdown"}));
    c.next(|v| v["id"] == 3);
    c.send(json!({"method": "exit"}));
    assert_eq!(c.exit_code(), Some(0));
}
