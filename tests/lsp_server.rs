//! The language server in-process, on `Connection::memory()`: the real `serve` loop, driven
//! by a small client (`TestServer`, after ruff's server tests) that does the handshake, sends
//! typed requests and notifications, and on drop shuts the server down and checks that no
//! message was left unread.

use std::collections::VecDeque;
use std::path::Path;
use std::str::FromStr;
use std::thread::JoinHandle;
use std::time::Duration;

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionContext, CodeActionOrCommand, CodeActionParams, Diagnostic,
    DidChangeTextDocumentParams, DidChangeWatchedFilesParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, FileChangeType, FileEvent, HoverContents, HoverParams,
    InitializeResult, Position, PublishDiagnosticsParams, Range, TextDocumentContentChangeEvent,
    TextDocumentIdentifier, TextDocumentItem, TextDocumentPositionParams, TextEdit, Uri,
    VersionedTextDocumentIdentifier,
};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs(20);

struct TestServer {
    client: Connection,
    thread: Option<JoinHandle<u8>>,
    next_id: i32,
    /// Messages received while waiting for another one.
    unread: VecDeque<Message>,
    init: InitializeResult,
}

impl TestServer {
    /// Starts the server and completes the handshake with these client capabilities.
    fn start(capabilities: Value, root: Option<&Path>) -> TestServer {
        let (server, client) = Connection::memory();
        let thread = std::thread::spawn(move || claimlint::lsp::serve(server));
        let mut ts = TestServer {
            client,
            thread: Some(thread),
            next_id: 0,
            unread: VecDeque::new(),
            init: InitializeResult::default(),
        };
        let root_uri = root.map(claimlint::lsp::uri::from_path);
        let id = ts.send_request(
            "initialize",
            json!({ "processId": null, "rootUri": root_uri, "capabilities": capabilities }),
        );
        let resp = ts.await_response(&id);
        ts.init = serde_json::from_value(resp.response_result.unwrap_or_default())
            .expect("InitializeResult");
        ts.notify("initialized", json!({}));
        ts
    }

    fn utf8() -> TestServer {
        Self::start(
            json!({ "general": { "positionEncodings": ["utf-8", "utf-16"] } }),
            None,
        )
    }

    fn utf16() -> TestServer {
        Self::start(json!({}), None)
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        let req = Request::new(id.clone(), method.to_string(), params);
        self.client
            .sender
            .send(req.into())
            .expect("server is running");
        id
    }

    fn notify(&mut self, method: &str, params: impl serde::Serialize) {
        let n = Notification::new(method.to_string(), params);
        self.client
            .sender
            .send(n.into())
            .expect("server is running");
    }

    fn next(&mut self, want: impl Fn(&Message) -> bool) -> Message {
        if let Some(i) = self.unread.iter().position(&want) {
            return self.unread.remove(i).expect("index is valid");
        }
        loop {
            let msg = self
                .client
                .receiver
                .recv_timeout(TIMEOUT)
                .unwrap_or_else(|e| {
                    panic!("no message from the server: {e}; unread: {:?}", self.unread)
                });
            if want(&msg) {
                return msg;
            }
            self.unread.push_back(msg);
        }
    }

    fn await_response(&mut self, id: &RequestId) -> Response {
        match self.next(|m| matches!(m, Message::Response(r) if &r.id == id)) {
            Message::Response(r) => r,
            other => panic!("not a response: {other:?}"),
        }
    }

    fn request<R: lsp_types::request::Request>(&mut self, params: R::Params) -> R::Result {
        let id = self.send_request(R::METHOD, serde_json::to_value(params).expect("params"));
        let resp = self.await_response(&id);
        let result = resp
            .response_result
            .unwrap_or_else(|e| panic!("{} failed: {e:?}", R::METHOD));
        serde_json::from_value(result).expect("result parses")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> PublishDiagnosticsParams {
        let uri = uri.to_string();
        match self.next(|m| {
            matches!(m, Message::Notification(n) if n.method == PublishDiagnostics::METHOD
                && n.params["uri"] == uri.as_str())
        }) {
            Message::Notification(n) => serde_json::from_value(n.params).expect("params"),
            other => panic!("not diagnostics: {other:?}"),
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> PublishDiagnosticsParams {
        self.notify(
            DidOpenTextDocument::METHOD,
            DidOpenTextDocumentParams {
                text_document: TextDocumentItem::new(uri_of(uri), language.into(), 1, text.into()),
            },
        );
        self.diagnostics(uri)
    }

    fn change(
        &mut self,
        uri: &str,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> PublishDiagnosticsParams {
        self.notify(
            DidChangeTextDocument::METHOD,
            DidChangeTextDocumentParams {
                text_document: VersionedTextDocumentIdentifier::new(uri_of(uri), version),
                content_changes: changes,
            },
        );
        self.diagnostics(uri)
    }

    fn hover(&mut self, uri: &str, position: Position) -> Option<lsp_types::Hover> {
        self.request::<HoverRequest>(HoverParams {
            text_document_position_params: TextDocumentPositionParams::new(
                TextDocumentIdentifier::new(uri_of(uri)),
                position,
            ),
            work_done_progress_params: Default::default(),
        })
    }

    fn code_actions(&mut self, uri: &str, range: Range) -> Vec<lsp_types::CodeAction> {
        let result = self.request::<CodeActionRequest>(CodeActionParams {
            text_document: TextDocumentIdentifier::new(uri_of(uri)),
            range,
            context: CodeActionContext::default(),
            work_done_progress_params: Default::default(),
            partial_result_params: Default::default(),
        });
        result
            .unwrap_or_default()
            .into_iter()
            .filter_map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => Some(a),
                CodeActionOrCommand::Command(_) => None,
            })
            .collect()
    }

    /// Sends shutdown and exit; returns the server's exit code.
    fn finish(&mut self) -> u8 {
        let id = self.send_request("shutdown", Value::Null);
        let resp = self.await_response(&id);
        assert!(resp.response_result.is_ok(), "shutdown failed: {resp:?}");
        self.notify("exit", Value::Null);
        self.join()
    }

    fn join(&mut self) -> u8 {
        let code = self
            .thread
            .take()
            .map(|t| t.join().expect("server thread did not panic"))
            .unwrap_or_default();
        let left: Vec<Message> = self
            .unread
            .drain(..)
            .chain(self.client.receiver.try_iter())
            .collect();
        assert!(
            left.is_empty(),
            "unconsumed messages from the server: {left:#?}"
        );
        code
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if std::thread::panicking() || self.thread.is_none() {
            return;
        }
        assert_eq!(self.finish(), 0, "exit code after shutdown");
    }
}

fn error_code(r: &Response) -> Option<i32> {
    r.response_result.as_ref().err().map(|e| e.code)
}

fn uri_of(s: &str) -> Uri {
    Uri::from_str(s).expect("valid URI")
}

fn change(range: Option<Range>, text: &str) -> TextDocumentContentChangeEvent {
    TextDocumentContentChangeEvent {
        range,
        range_length: None,
        text: text.into(),
    }
}

fn range(l1: u32, c1: u32, l2: u32, c2: u32) -> Range {
    Range::new(Position::new(l1, c1), Position::new(l2, c2))
}

fn code(d: &Diagnostic) -> &str {
    match &d.code {
        Some(lsp_types::NumberOrString::String(s)) => s,
        _ => "",
    }
}

fn codes(p: &PublishDiagnosticsParams) -> Vec<&str> {
    p.diagnostics.iter().map(code).collect()
}

fn find<'a>(p: &'a PublishDiagnosticsParams, rule: &str) -> &'a Diagnostic {
    p.diagnostics
        .iter()
        .find(|d| code(d) == rule)
        .unwrap_or_else(|| panic!("no {rule} in {:?}", codes(p)))
}

const RELEASE: &str =
    "Acme Update\n\nThe drug is superior to placebo.\n\nThe company expects revenue to grow.\n";

#[test]
fn diagnostics_on_open_change_save_and_close() {
    let mut s = TestServer::utf16();
    let uri = "file:///tmp/claimlint-lsp/release.txt";
    let open = s.open(uri, "plaintext", RELEASE);
    assert_eq!(open.version, Some(1));
    assert_eq!(
        codes(&open),
        vec![
            "comparative/superiority",
            "forward-looking/expectation",
            "safe-harbor/missing"
        ]
    );
    let sup = find(&open, "comparative/superiority");
    assert_eq!(sup.range, range(2, 12, 2, 23));
    assert_eq!(sup.source.as_deref(), Some("claimlint"));
    assert_eq!(sup.severity, Some(lsp_types::DiagnosticSeverity::WARNING));
    assert_eq!(
        sup.data.as_ref().map(|d| d["category"].clone()),
        Some(json!("comparative-claim"))
    );
    let missing = find(&open, "safe-harbor/missing");
    assert_eq!(missing.severity, Some(lsp_types::DiagnosticSeverity::ERROR));
    let related = missing.related_information.clone().unwrap_or_default();
    assert!(
        related
            .iter()
            .any(|r| r.message.contains("1 forward-looking statement found"))
    );
    assert!(
        related
            .iter()
            .any(|r| r.message.starts_with("forward-looking statement")
                && r.location.range.start.line == 4)
    );
    let fls = find(&open, "forward-looking/expectation");
    assert_eq!(
        fls.severity,
        Some(lsp_types::DiagnosticSeverity::INFORMATION)
    );

    // Incremental: replace "superior to" with "as good as": the comparative claim goes.
    let v2 = s.change(
        uri,
        2,
        vec![change(Some(range(2, 12, 2, 23)), "as good as")],
    );
    assert_eq!(v2.version, Some(2));
    assert!(
        !codes(&v2).contains(&"comparative/superiority"),
        "{:?}",
        codes(&v2)
    );
    // Two edits in one notification, applied in order; the second sees the first's result.
    let v3 = s.change(
        uri,
        3,
        vec![
            change(Some(range(2, 12, 2, 22)), "better than"),
            change(Some(range(2, 4, 2, 8)), "drug, a cure,"),
        ],
    );
    assert_eq!(v3.version, Some(3));
    let better = find(&v3, "comparative/superiority");
    assert_eq!(better.range.start, Position::new(2, 21));
    // A full-text change.
    let v4 = s.change(
        uri,
        4,
        vec![change(None, "Acme Update\n\nNothing to see.\n")],
    );
    assert_eq!(v4.version, Some(4));
    assert!(v4.diagnostics.is_empty(), "{:?}", codes(&v4));
    // Save re-audits; close clears.
    s.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(s.diagnostics(uri).diagnostics.is_empty());
    s.notify(
        DidCloseTextDocument::METHOD,
        DidCloseTextDocumentParams {
            text_document: TextDocumentIdentifier::new(uri_of(uri)),
        },
    );
    let closed = s.diagnostics(uri);
    assert!(closed.diagnostics.is_empty());
}

/// Non-ASCII text before the span: "é" (2 bytes, 1 UTF-16 unit), "µg" (µ: 2 bytes),
/// "²" (2 bytes), an emoji (4 bytes, 2 UTF-16 units).
const NON_ASCII: &str = "Acme Update\n\nAt 5 µg/m² — é 😀 the drug is superior to placebo.\n";

#[test]
fn ranges_follow_the_negotiated_encoding() {
    let line = NON_ASCII.lines().nth(2).unwrap_or_default();
    let at = line.find("superior").unwrap_or_default();
    let utf16_col = line[..at].encode_utf16().count() as u32;
    assert_ne!(
        utf16_col as usize, at,
        "the fixture must make the encodings differ"
    );

    let mut s = TestServer::utf8();
    assert_eq!(
        s.init.capabilities.position_encoding,
        Some(lsp_types::PositionEncodingKind::UTF8)
    );
    let uri = "file:///tmp/claimlint-lsp/enc.txt";
    let d = s.open(uri, "plaintext", NON_ASCII);
    let sup = find(&d, "comparative/superiority");
    assert_eq!(sup.range, range(2, at as u32, 2, at as u32 + 11));
    // An edit addressed in UTF-8 columns, just before the span.
    let d = s.change(
        uri,
        2,
        vec![change(Some(range(2, at as u32, 2, at as u32)), "🙂")],
    );
    assert_eq!(
        find(&d, "comparative/superiority").range.start.character,
        at as u32 + 4
    );

    let mut s = TestServer::utf16();
    assert_eq!(
        s.init.capabilities.position_encoding,
        Some(lsp_types::PositionEncodingKind::UTF16)
    );
    let d = s.open(uri, "plaintext", NON_ASCII);
    let sup = find(&d, "comparative/superiority");
    assert_eq!(sup.range, range(2, utf16_col, 2, utf16_col + 11));
    let d = s.change(
        uri,
        2,
        vec![change(Some(range(2, utf16_col, 2, utf16_col)), "🙂")],
    );
    assert_eq!(
        find(&d, "comparative/superiority").range.start.character,
        utf16_col + 2
    );
}

#[test]
fn markdown_and_html_map_back_to_the_source() {
    let mut s = TestServer::utf16();
    let md = "# Acme *Update*\n\nThe drug is **superior** to placebo.\n";
    let d = s.open("file:///tmp/claimlint-lsp/r.md", "markdown", md);
    let sup = find(&d, "comparative/superiority");
    assert_eq!(sup.range.start, Position::new(2, 14));
    let html = "<html><body><h1>Acme</h1>\n<p>The drug is <b>superior</b>&nbsp;to placebo.</p></body></html>\n";
    let d = s.open("file:///tmp/claimlint-lsp/r.html", "html", html);
    let sup = find(&d, "comparative/superiority");
    let col = html
        .lines()
        .nth(1)
        .unwrap_or_default()
        .find("superior")
        .unwrap_or_default();
    assert_eq!(sup.range.start, Position::new(1, col as u32));
    // By extension, whatever the language id says.
    let d = s.open("file:///tmp/claimlint-lsp/x.htm", "", html);
    assert_eq!(
        find(&d, "comparative/superiority").range.start,
        Position::new(1, col as u32)
    );
}

#[test]
fn hover_explains_the_finding() {
    let mut s = TestServer::utf16();
    let uri = "file:///tmp/claimlint-lsp/hover.txt";
    s.open(uri, "plaintext", RELEASE);
    let hover = s
        .hover(uri, Position::new(2, 15))
        .expect("a hover on the claim");
    let HoverContents::Markup(m) = hover.contents else {
        panic!("markup expected")
    };
    assert!(m.value.contains("comparative/superiority"), "{}", m.value);
    assert!(m.value.contains("Comparative claim"), "{}", m.value);
    assert!(m.value.contains("References:"), "{}", m.value);
    assert!(m.value.contains("head-to-head"), "help text: {}", m.value);
    assert_eq!(hover.range, Some(range(2, 12, 2, 23)));
    let hover = s
        .hover(uri, Position::new(4, 3))
        .expect("a hover on the FLS");
    let HoverContents::Markup(m) = hover.contents else {
        panic!("markup expected")
    };
    assert!(m.value.contains("safe-harbor/missing"), "{}", m.value);
    assert!(m.value.contains("Why:"), "{}", m.value);
    assert!(s.hover(uri, Position::new(0, 1)).is_none());
    assert!(
        s.hover("file:///not/open.txt", Position::new(0, 0))
            .is_none()
    );
}

/// Applies a code action's edits to `text` (UTF-16 positions, single-line inserts).
fn apply(
    s: &mut TestServer,
    uri: &str,
    version: i32,
    action: &lsp_types::CodeAction,
) -> PublishDiagnosticsParams {
    let edits: Vec<TextEdit> = action
        .edit
        .as_ref()
        .and_then(|e| e.changes.as_ref())
        .and_then(|c| c.get(&uri_of(uri)))
        .cloned()
        .unwrap_or_default();
    assert!(!edits.is_empty(), "the action edits the document");
    let changes = edits
        .into_iter()
        .rev()
        .map(|e| change(Some(e.range), &e.new_text))
        .collect();
    s.change(uri, version, changes)
}

#[test]
fn code_actions_suppress_and_insert_a_cautionary_statement() {
    let mut s = TestServer::utf16();
    let uri = "file:///tmp/claimlint-lsp/actions.md";
    let d = s.open(uri, "markdown", RELEASE);
    let sup = find(&d, "comparative/superiority").clone();
    let actions = s.code_actions(uri, sup.range);
    let suppress = actions
        .iter()
        .find(|a| a.title.contains("Suppress comparative/superiority"))
        .expect("a suppress action");
    assert_eq!(suppress.kind, Some(lsp_types::CodeActionKind::QUICKFIX));
    assert_eq!(
        suppress
            .diagnostics
            .as_ref()
            .map(|d| code(&d[0]).to_string()),
        Some("comparative/superiority".into())
    );
    let d = apply(&mut s, uri, 2, suppress);
    assert!(
        !codes(&d).contains(&"comparative/superiority"),
        "{:?}",
        codes(&d)
    );
    assert!(codes(&d).contains(&"safe-harbor/missing"));

    let missing = find(&d, "safe-harbor/missing").clone();
    let actions = s.code_actions(uri, missing.range);
    let template = actions
        .iter()
        .find(|a| a.title == "Insert a cautionary statement template")
        .expect("a template action");
    assert_eq!(template.is_preferred, Some(true));
    let d = apply(&mut s, uri, 3, template);
    assert!(
        !codes(&d).iter().any(|c| c.starts_with("safe-harbor/")),
        "the template is a cautionary statement with issuer-specific factors: {:?}",
        codes(&d)
    );

    // Plain text has no comments: no suppress action there, the template still.
    let txt = "file:///tmp/claimlint-lsp/actions.txt";
    let d = s.open(txt, "plaintext", RELEASE);
    let missing = find(&d, "safe-harbor/missing").clone();
    let actions = s.code_actions(txt, range(0, 0, 9, 0));
    assert!(!actions.iter().any(|a| a.title.starts_with("Suppress")));
    let template = actions
        .iter()
        .find(|a| a.title == "Insert a cautionary statement template")
        .expect("a template action");
    let d = apply(&mut s, txt, 2, template);
    assert!(
        !codes(&d).iter().any(|c| c.starts_with("safe-harbor/")),
        "{:?}",
        codes(&d)
    );
    let _ = missing;
}

#[test]
fn config_is_loaded_reloaded_and_broken_rulebooks_are_reported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical root");
    std::fs::write(
        root.join("claimlint.yaml"),
        "disable: [comparative/superiority]\n",
    )
    .expect("write config");
    let mut s = TestServer::start(json!({}), Some(&root));
    let uri = claimlint::lsp::uri::from_path(&root.join("release.txt"));
    let d = s.open(&uri, "plaintext", RELEASE);
    assert!(
        !codes(&d).contains(&"comparative/superiority"),
        "{:?}",
        codes(&d)
    );

    // A broken rulebook: diagnostics on that file, the last good engine keeps serving.
    let rules = root.join("extra.yaml");
    std::fs::write(&rules, "rules:\n  - id: extra/x\n    severity: loud\n").expect("write rules");
    std::fs::write(root.join("claimlint.yaml"), "rules: [extra.yaml]\n").expect("write config");
    let config_uri = claimlint::lsp::uri::from_path(&root.join("claimlint.yaml"));
    s.notify(
        DidChangeWatchedFiles::METHOD,
        DidChangeWatchedFilesParams {
            changes: vec![FileEvent::new(uri_of(&config_uri), FileChangeType::CHANGED)],
        },
    );
    let rules_uri = claimlint::lsp::uri::from_path(&rules);
    let problems = s.diagnostics(&rules_uri);
    assert_eq!(problems.diagnostics.len(), 1, "{problems:?}");
    let p = &problems.diagnostics[0];
    assert_eq!(code(p), "config");
    assert_eq!(p.severity, Some(lsp_types::DiagnosticSeverity::ERROR));
    assert!(
        p.range.start.line >= 1,
        "points into the file: {:?}",
        p.range
    );
    let d = s.diagnostics(&uri);
    assert!(
        !codes(&d).contains(&"comparative/superiority"),
        "last good engine: {:?}",
        codes(&d)
    );

    // Fixed: the problem is cleared and the new configuration applies.
    std::fs::write(&rules, "rules: []\n").expect("write rules");
    s.notify(
        DidChangeWatchedFiles::METHOD,
        DidChangeWatchedFilesParams {
            changes: vec![FileEvent::new(uri_of(&rules_uri), FileChangeType::CHANGED)],
        },
    );
    assert!(s.diagnostics(&rules_uri).diagnostics.is_empty());
    let d = s.diagnostics(&uri);
    assert!(
        codes(&d).contains(&"comparative/superiority"),
        "{:?}",
        codes(&d)
    );

    // A broken claimlint.yaml itself.
    std::fs::write(root.join("claimlint.yaml"), "disable: [no/such-rule]\n").expect("write config");
    s.notify(
        DidChangeWatchedFiles::METHOD,
        DidChangeWatchedFilesParams {
            changes: vec![FileEvent::new(uri_of(&config_uri), FileChangeType::CHANGED)],
        },
    );
    let problems = s.diagnostics(&config_uri);
    assert_eq!(problems.diagnostics.len(), 1, "{problems:?}");
    assert!(problems.diagnostics[0].message.contains("no/such-rule"));
    assert_eq!(problems.diagnostics[0].range.start, Position::new(0, 10));
    let d = s.diagnostics(&uri);
    assert!(
        codes(&d).contains(&"comparative/superiority"),
        "{:?}",
        codes(&d)
    );

    // Unrelated files do not reload anything.
    s.notify(
        DidChangeWatchedFiles::METHOD,
        DidChangeWatchedFilesParams {
            changes: vec![FileEvent::new(
                uri_of(&claimlint::lsp::uri::from_path(&root.join("notes.txt"))),
                FileChangeType::CHANGED,
            )],
        },
    );
}

#[test]
fn watchers_are_registered_when_the_client_allows_it() {
    let mut s = TestServer::start(
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
        Some(Path::new("/tmp")),
    );
    let req = match s
        .next(|m| matches!(m, Message::Request(r) if r.method == "client/registerCapability"))
    {
        Message::Request(r) => r,
        other => panic!("{other:?}"),
    };
    let globs: Vec<String> = req.params["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|w| w["globPattern"].as_str().map(str::to_string))
        .collect();
    assert!(
        globs.contains(&"**/claimlint.yaml".to_string()),
        "{globs:?}"
    );
    s.client
        .sender
        .send(Response::new_ok(req.id, Value::Null).into())
        .expect("send");
}

#[test]
fn protocol_errors_are_answered_not_fatal() {
    let (server, client) = Connection::memory();
    let thread = std::thread::spawn(move || claimlint::lsp::serve(server));
    // Before initialize: ServerNotInitialized.
    let early = Request::new(RequestId::from(1), "textDocument/hover".into(), json!({}));
    client.sender.send(early.into()).expect("send");
    let Ok(Message::Response(r)) = client.receiver.recv_timeout(TIMEOUT) else {
        panic!("a response")
    };
    assert_eq!(error_code(&r), Some(-32002));
    // Exit without initialize or shutdown: exit code 1.
    client
        .sender
        .send(Notification::new("exit".into(), Value::Null).into())
        .expect("send");
    assert_eq!(thread.join().ok(), Some(1));

    let mut s = TestServer::utf16();
    let id = s.send_request("textDocument/nonsense", json!({}));
    assert_eq!(error_code(&s.await_response(&id)), Some(-32601));
    let id = s.send_request(HoverRequest::METHOD, json!({ "textDocument": 5 }));
    assert_eq!(error_code(&s.await_response(&id)), Some(-32602));
    let id = s.send_request("initialize", json!({ "capabilities": {} }));
    assert_eq!(error_code(&s.await_response(&id)), Some(-32600));
    // Unknown and malformed notifications are ignored.
    s.notify("workspace/somethingNew", json!({}));
    s.notify(
        DidOpenTextDocument::METHOD,
        json!({ "textDocument": "nope" }),
    );
    // Edits with positions out of range are clamped, never a panic.
    let uri = "file:///tmp/claimlint-lsp/clamp.txt";
    s.open(uri, "plaintext", "Acme\n😀x\n");
    let d = s.change(uri, 2, vec![change(Some(range(1, 1, 1, 1)), "é")]);
    assert_eq!(d.version, Some(2));
    let d = s.change(
        uri,
        3,
        vec![change(
            Some(range(999, 999, 0, 2)),
            " The drug is superior to placebo.",
        )],
    );
    assert_eq!(d.version, Some(3));
    let d = s.change(
        uri,
        4,
        vec![change(
            Some(range(u32::MAX, u32::MAX, u32::MAX, u32::MAX)),
            "\nThe drug is superior to placebo.\n",
        )],
    );
    assert!(
        codes(&d).contains(&"comparative/superiority"),
        "{:?}",
        codes(&d)
    );
    // A change to a document that is not open: nothing published, nothing breaks.
    s.notify(
        DidChangeTextDocument::METHOD,
        DidChangeTextDocumentParams {
            text_document: VersionedTextDocumentIdentifier::new(uri_of("file:///not/open.txt"), 2),
            content_changes: vec![change(None, "x")],
        },
    );
    // After shutdown, requests are invalid; exit then ends with code 0.
    let id = s.send_request("shutdown", Value::Null);
    assert!(s.await_response(&id).response_result.is_ok());
    let id = s.send_request(HoverRequest::METHOD, json!({}));
    assert_eq!(error_code(&s.await_response(&id)), Some(-32600));
    s.notify("exit", Value::Null);
    assert_eq!(s.join(), 0);
}

#[test]
fn rewording_and_review_baseline_actions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().canonicalize().expect("canonical root");
    let text = "Acme Corp. today announced a revolutionary treatment for migraine.\n\n\
                The interim data were impressive in all patients.\n";
    let draft = root.join("draft.txt");
    std::fs::write(&draft, text).expect("write draft");
    let uri = claimlint::lsp::uri::from_path(&draft);
    let mut s = TestServer::start(json!({}), Some(&root));
    let d = s.open(&uri, "plaintext", text);

    // The rule's suggested rewording, with the article agreeing ("a" stays before "novel").
    let hype = find(&d, "promotional/hype").clone();
    let actions = s.code_actions(&uri, hype.range);
    let titles: Vec<&str> = actions.iter().map(|a| a.title.as_str()).collect();
    let reword = actions
        .iter()
        .find(|a| a.title == "Reword “revolutionary” as “novel”")
        .unwrap_or_else(|| panic!("a rewording action: {titles:?}"));
    assert_eq!(reword.is_preferred, Some(true));
    assert!(
        titles.contains(&"Reword “revolutionary” as “new”"),
        "{titles:?}"
    );
    let edit = &reword
        .edit
        .as_ref()
        .and_then(|e| e.changes.as_ref())
        .and_then(|c| c.get(&uri_of(&uri)))
        .cloned()
        .unwrap_or_default()[0];
    assert_eq!(edit.new_text, "novel");
    let d = apply(&mut s, &uri, 2, reword);
    assert!(!codes(&d).contains(&"promotional/hype"), "{:?}", codes(&d));

    // Plain text: the finding goes into the review baseline through a command.
    let evaluative = find(&d, "promotional/evaluative").clone();
    let actions = s.code_actions(&uri, evaluative.range);
    let add = actions
        .iter()
        .find(|a| {
            a.title
                .starts_with("Add promotional/evaluative here to the review baseline")
        })
        .expect("a baseline action");
    let command = add.command.clone().expect("the action runs a command");
    assert_eq!(command.command, "claimlint.addToBaseline");
    let id = s.send_request(
        "workspace/executeCommand",
        json!({ "command": command.command, "arguments": command.arguments }),
    );
    let resp = s.await_response(&id);
    assert!(resp.response_result.is_ok(), "{resp:?}");
    let d = s.diagnostics(&uri);
    assert!(
        !codes(&d).contains(&"promotional/evaluative"),
        "{:?}",
        codes(&d)
    );
    let baseline = root.join("claimlint-baseline.json");
    let written = std::fs::read_to_string(&baseline).expect("baseline written");
    assert!(written.contains("\"path\": \"draft.txt\""), "{written}");

    // An unknown command is an error, and the server goes on.
    let id = s.send_request("workspace/executeCommand", json!({ "command": "nope" }));
    assert_eq!(error_code(&s.await_response(&id)), Some(-32602));

    // `check` honours the baseline the editor wrote (the file on disk still says "impressive").
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_claimlint"))
        .args(["check", "--no-config", "--format", "json", "--baseline"])
        .arg(&baseline)
        .arg(&draft)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run claimlint");
    let report: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    assert_eq!(report["summary"]["baselined"], 1, "{report:#}");
    let rules: Vec<&str> = report["files"][0]["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(!rules.contains(&"promotional/evaluative"), "{rules:?}");
    assert!(rules.contains(&"promotional/hype"), "{rules:?}");
}
