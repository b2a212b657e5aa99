//! `claimlint lsp`: a Language Server over stdio.
//!
//! One thread, one loop: every message is handled in order and every document change is
//! audited at once (an audit of a 50 KB release takes a few milliseconds, see BENCHMARKS.md), so
//! diagnostics are published for each version. Client input never panics the server: params
//! that do not parse are InvalidParams, positions are clamped, unknown methods are
//! MethodNotFound, and a handler that panicked anyway answers InternalError and the loop goes on.

pub mod actions;
pub mod baseline;
pub mod convert;
pub mod hover;
pub mod state;
pub mod transport;
pub mod uri;

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, ExecuteCommand, HoverRequest, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, Command, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DidSaveTextDocumentParams, ExecuteCommandOptions,
    ExecuteCommandParams, FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams,
    HoverProviderCapability, InitializeParams, InitializeResult, Location, MarkupContent,
    MarkupKind, NumberOrString, PublishDiagnosticsParams, Range, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;

use crate::config::Config;
use crate::engine::Engine;
use crate::rulebook::{Category, Severity};

use convert::{Encoding, Lines};
use state::{Doc, Problem, Workspace};

/// Runs the server on stdin/stdout. Exit code 0 after `shutdown` then `exit`, 1 when the
/// client exits (or goes away) without `shutdown`, 2 when the server cannot start.
pub fn run_stdio() -> u8 {
    let (conn, threads) = match transport::stdio() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("claimlint lsp: cannot start: {e}");
            return 2;
        }
    };
    let code = serve(conn);
    if let Err(e) = threads.join() {
        eprintln!("claimlint lsp: {e}");
    }
    code
}

/// Serves one client on `conn` until `exit` (or until the client hangs up). Returns the exit
/// code. Tests run this on `Connection::memory()`.
pub fn serve(conn: Connection) -> u8 {
    let engine = match crate::cli::build_engine(&Config::none(), &[], true) {
        Ok(e) => Arc::new(e),
        Err(report) => {
            eprintln!("claimlint lsp: the built-in rulebook does not load: {report}");
            return 2;
        }
    };
    serve_with(conn, engine)
}

/// [`serve`] with an engine already built (the fuzz target serves thousands of sessions and
/// builds the embedded rulebook's engine once).
pub fn serve_with(conn: Connection, engine: Arc<Engine>) -> u8 {
    let Some((id, params)) = handshake(&conn) else {
        return 1;
    };
    let mut server = Server::new(conn, params, engine);
    server.initialized(id);
    server.run()
}

/// Waits for `initialize`, answering everything before it with ServerNotInitialized.
fn handshake(conn: &Connection) -> Option<(RequestId, InitializeParams)> {
    while let Ok(msg) = conn.receiver.recv() {
        match msg {
            Message::Request(req) if req.method == "initialize" => {
                match serde_json::from_value::<InitializeParams>(req.params) {
                    Ok(params) => return Some((req.id, params)),
                    Err(e) => send_error(conn, req.id, ErrorCode::InvalidParams, e.to_string()),
                }
            }
            Message::Request(req) => send_error(
                conn,
                req.id,
                ErrorCode::ServerNotInitialized,
                format!("`{}` before `initialize`", req.method),
            ),
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
    None
}

fn send_error(conn: &Connection, id: RequestId, code: ErrorCode, message: String) {
    let _ = conn
        .sender
        .send(Response::new_err(id, code as i32, message).into());
}

struct Server {
    conn: Connection,
    encoding: Encoding,
    docs: HashMap<String, Doc>,
    /// One per workspace folder, longest root first; the last one has no root (documents
    /// outside every folder).
    workspaces: Vec<Workspace>,
    watch_dynamically: bool,
    shutdown: bool,
    baselines: baseline::Cache,
}

impl Server {
    fn new(conn: Connection, params: InitializeParams, engine: Arc<Engine>) -> Server {
        let encoding = Encoding::negotiate(
            params
                .capabilities
                .general
                .as_ref()
                .and_then(|g| g.position_encodings.as_deref()),
        );
        let watch_dynamically = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let mut roots: Vec<PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| uri::to_path(f.uri.as_str()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            if let Some(root) = params
                .root_uri
                .as_ref()
                .and_then(|u| uri::to_path(u.as_str()))
            {
                roots.push(root);
            } else if let Some(path) = params.root_path.as_deref() {
                roots.push(PathBuf::from(path));
            }
        }
        roots.sort_by_key(|r| std::cmp::Reverse(r.as_os_str().len()));
        roots.dedup();
        let mut workspaces: Vec<Workspace> = roots
            .into_iter()
            .map(|r| Workspace::new(Some(r), Arc::clone(&engine)))
            .collect();
        workspaces.push(Workspace::new(None, engine));
        Server {
            conn,
            encoding,
            docs: HashMap::new(),
            workspaces,
            watch_dynamically,
            shutdown: false,
            baselines: baseline::Cache::default(),
        }
    }

    fn send(&self, msg: impl Into<Message>) {
        let _ = self.conn.sender.send(msg.into());
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    /// Answers `initialize` and loads each workspace's configuration.
    fn initialized(&mut self, id: RequestId) {
        let capabilities = ServerCapabilities {
            position_encoding: Some(self.encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            execute_command_provider: Some(ExecuteCommandOptions {
                commands: vec![baseline::ADD_COMMAND.into()],
                ..ExecuteCommandOptions::default()
            }),
            ..ServerCapabilities::default()
        };
        let result = InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "claimlint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        self.send(Response::new_ok(id, result));
        for i in 0..self.workspaces.len() {
            self.reload(i);
        }
    }

    fn run(&mut self) -> u8 {
        while let Ok(msg) = self.conn.receiver.recv() {
            match msg {
                Message::Request(req) => {
                    let id = req.id.clone();
                    let method = req.method.clone();
                    let response = catch_unwind(AssertUnwindSafe(|| self.request(req)))
                        .unwrap_or_else(|_| {
                            Response::new_err(
                                id,
                                ErrorCode::InternalError as i32,
                                format!("claimlint failed while handling `{method}`"),
                            )
                        });
                    self.send(response);
                }
                Message::Notification(n) if n.method == "exit" => {
                    return if self.shutdown { 0 } else { 1 };
                }
                Message::Notification(n) => {
                    let _ = catch_unwind(AssertUnwindSafe(|| self.notification(n)));
                }
                Message::Response(_) => {} // to our registerCapability
            }
        }
        1
    }

    fn request(&mut self, req: Request) -> Response {
        if self.shutdown {
            return Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
        }
        match req.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                Response::new_ok(req.id, ())
            }
            "initialize" => Response::new_err(
                req.id,
                ErrorCode::InvalidRequest as i32,
                "already initialized".into(),
            ),
            HoverRequest::METHOD => match params::<HoverParams>(&req) {
                Ok(p) => Response::new_ok(req.id, self.hover(&p)),
                Err(e) => e,
            },
            CodeActionRequest::METHOD => match params::<CodeActionParams>(&req) {
                Ok(p) => Response::new_ok(req.id, self.code_actions(&p)),
                Err(e) => e,
            },
            ExecuteCommand::METHOD => match params::<ExecuteCommandParams>(&req) {
                Ok(p) => match self.execute_command(p) {
                    Ok(()) => Response::new_ok(req.id, ()),
                    Err(message) => {
                        Response::new_err(req.id, ErrorCode::InvalidParams as i32, message)
                    }
                },
                Err(e) => e,
            },
            _ => Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("unknown method `{}`", req.method),
            ),
        }
    }

    fn notification(&mut self, n: Notification) {
        if self.shutdown {
            return;
        }
        match n.method.as_str() {
            "initialized" => self.register_watchers(),
            DidOpenTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidOpenTextDocumentParams>(n.params) {
                    let d = p.text_document;
                    let key = d.uri.as_str().to_string();
                    self.docs.insert(
                        key.clone(),
                        Doc::new(d.uri, d.text, d.version, d.language_id),
                    );
                    self.publish(&key);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeTextDocumentParams>(n.params) {
                    self.change(p);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidSaveTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    match uri::to_path(&key) {
                        Some(path) if self.is_watched(&path) => self.reload_for(&[path]),
                        _ => self.publish(&key),
                    }
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidCloseTextDocumentParams>(n.params) {
                    let key = p.text_document.uri.as_str().to_string();
                    if let Some(doc) = self.docs.remove(&key)
                        && !state::is_yaml(&key, &doc.language_id)
                    {
                        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                            uri: doc.uri,
                            diagnostics: Vec::new(),
                            version: None,
                        });
                    }
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Ok(p) = serde_json::from_value::<DidChangeWatchedFilesParams>(n.params) {
                    let paths: Vec<PathBuf> = p
                        .changes
                        .iter()
                        .filter_map(|c| uri::to_path(c.uri.as_str()))
                        .collect();
                    let baseline_changed = paths.iter().any(|p| self.is_baseline(p));
                    self.reload_for(&paths);
                    if baseline_changed {
                        self.publish_all();
                    }
                }
            }
            _ => {} // $/cancelRequest, $/setTrace, didChangeConfiguration, …
        }
    }

    fn change(&mut self, p: DidChangeTextDocumentParams) {
        let key = p.text_document.uri.as_str().to_string();
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(&key) else {
            return;
        };
        for change in p.content_changes {
            match change.range {
                Some(range) => {
                    let a = convert::offset(&doc.text, &doc.lines, range.start, encoding);
                    let b = convert::offset(&doc.text, &doc.lines, range.end, encoding);
                    doc.edit(a.min(b), a.max(b), &change.text);
                }
                None => doc.replace(change.text),
            }
        }
        doc.version = p.text_document.version;
        self.publish(&key);
    }

    fn workspace_for(&self, path: Option<&Path>) -> usize {
        let last = self.workspaces.len().saturating_sub(1);
        let Some(path) = path else { return last };
        self.workspaces
            .iter()
            .position(|w| w.root.as_deref().is_some_and(|r| path.starts_with(r)))
            .unwrap_or(last)
    }

    /// Audits an open document and publishes its diagnostics for its version.
    fn publish(&mut self, key: &str) {
        let path = uri::to_path(key);
        let ws = self.workspace_for(path.as_deref());
        let Some(engine) = self.workspaces.get(ws).map(|w| Arc::clone(&w.engine)) else {
            return;
        };
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        if state::is_yaml(key, &doc.language_id) {
            return;
        }
        let name = path
            .as_ref()
            .map_or_else(|| key.to_string(), |p| p.display().to_string());
        doc.format = state::format_of(&name, &doc.language_id, &doc.text);
        doc.findings = state::analyse(&engine, &name, doc.format, &doc.text);
        if let (Some(path), Some(workspace)) = (&path, self.workspaces.get(ws)) {
            let file = baseline_file(workspace, path);
            if let Some(Ok(filter)) = self.baselines.filter(&file) {
                let name = path.to_string_lossy();
                let mut filter = filter.for_file(&name);
                doc.findings.retain(|l| {
                    !filter.excuses(&name, &l.rule_id, &l.finding.matched, &l.finding.context)
                });
            }
        }
        let diagnostics = (0..doc.findings.len())
            .map(|i| diagnostic(doc, i, encoding))
            .collect();
        let params = PublishDiagnosticsParams {
            uri: doc.uri.clone(),
            diagnostics,
            version: Some(doc.version),
        };
        self.notify::<PublishDiagnostics>(params);
    }

    fn publish_all(&mut self) {
        let keys: Vec<String> = self.docs.keys().cloned().collect();
        for key in keys {
            self.publish(&key);
        }
    }

    /// Whether `path` is a review baseline some document is filtered by.
    fn is_baseline(&self, path: &Path) -> bool {
        path.file_name()
            .is_some_and(|n| n == baseline::DEFAULT_FILE)
            || self
                .workspaces
                .iter()
                .any(|w| w.baseline.as_deref() == Some(path))
    }

    fn is_watched(&self, path: &Path) -> bool {
        self.workspaces.iter().any(|w| w.watches(path))
    }

    /// Reloads the workspaces a change to these files concerns, then re-audits open documents.
    fn reload_for(&mut self, paths: &[PathBuf]) {
        let affected: Vec<usize> = (0..self.workspaces.len())
            .filter(|&i| paths.iter().any(|p| self.workspaces[i].watches(p)))
            .collect();
        if affected.is_empty() {
            return;
        }
        for i in affected {
            self.reload(i);
        }
        self.publish_all();
    }

    /// Loads a workspace's configuration. A broken configuration or rulebook keeps the last
    /// good engine and shows its problems as diagnostics on the files at fault.
    fn reload(&mut self, i: usize) {
        let Some(ws) = self.workspaces.get_mut(i) else {
            return;
        };
        if ws.root.is_none() {
            return;
        }
        let problems = ws.reload();
        let old = std::mem::take(&mut ws.problem_files);
        let mut files: Vec<PathBuf> = problems.iter().map(|p| p.file.clone()).collect();
        files.sort();
        files.dedup();
        ws.problem_files = files.clone();
        for file in old.iter().filter(|f| !files.contains(f)) {
            self.publish_problems(file, &[]);
        }
        for file in &files {
            let mine: Vec<Problem> = problems
                .iter()
                .filter(|p| &p.file == file)
                .cloned()
                .collect();
            self.publish_problems(file, &mine);
        }
    }

    fn publish_problems(&self, file: &Path, problems: &[Problem]) {
        let key = uri::from_path(file);
        let Ok(file_uri) = Uri::from_str(&key) else {
            return;
        };
        let text = match self.docs.get(&key) {
            Some(doc) => doc.text.clone(),
            None => std::fs::read_to_string(file).unwrap_or_default(),
        };
        let lines = Lines::new(&text);
        let diagnostics = problems
            .iter()
            .map(|p| {
                let range = match p.span {
                    Some((at, len)) => convert::range(&text, &lines, at, at + len, self.encoding),
                    None => convert::range(&text, &lines, 0, lines.end(&text, 0), self.encoding),
                };
                Diagnostic {
                    range,
                    severity: Some(DiagnosticSeverity::ERROR),
                    code: Some(NumberOrString::String("config".into())),
                    source: Some("claimlint".into()),
                    message: p.message.clone(),
                    ..Diagnostic::default()
                }
            })
            .collect();
        self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
            uri: file_uri,
            diagnostics,
            version: None,
        });
    }

    /// Asks the client to watch configuration and rulebook files, when it can be asked.
    fn register_watchers(&self) {
        if !self.watch_dynamically {
            return;
        }
        let mut globs: Vec<String> = vec![
            "**/claimlint.yaml".into(),
            "**/.claimlint.yaml".into(),
            "**/*.yaml".into(),
            "**/*.yml".into(),
            format!("**/{}", baseline::DEFAULT_FILE),
        ];
        for w in &self.workspaces {
            if let Some(b) = &w.baseline {
                globs.push(b.display().to_string());
            }
            for r in &w.rule_paths {
                let outside = w.root.as_ref().is_none_or(|root| !r.starts_with(root));
                if outside {
                    globs.push(format!("{}/**", r.display()));
                    globs.push(r.display().to_string());
                }
            }
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: globs
                .into_iter()
                .map(|g| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(g),
                    kind: None,
                })
                .collect(),
        };
        let registration = Registration {
            id: "claimlint-config-files".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        self.send(Request::new(
            RequestId::from("claimlint/register-watchers".to_string()),
            "client/registerCapability".into(),
            RegistrationParams {
                registrations: vec![registration],
            },
        ));
    }

    fn doc_engine(&self, key: &str) -> Option<Arc<Engine>> {
        let path = uri::to_path(key);
        let ws = self.workspace_for(path.as_deref());
        self.workspaces.get(ws).map(|w| Arc::clone(&w.engine))
    }

    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let pos = &p.text_document_position_params;
        let key = pos.text_document.uri.as_str();
        let doc = self.docs.get(key)?;
        let engine = self.doc_engine(key)?;
        let at = convert::offset(&doc.text, &doc.lines, pos.position, self.encoding);
        let (value, (a, b)) = hover::markdown(&engine, &doc.findings, at)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(convert::range(&doc.text, &doc.lines, a, b, self.encoding)),
        })
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let wanted = p.context.only.as_ref().is_none_or(|only| {
            only.iter()
                .any(|k| CodeActionKind::QUICKFIX.as_str().starts_with(k.as_str()))
        });
        let Some(doc) = self.docs.get(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        if !wanted {
            return Vec::new();
        }
        let Some(engine) = self.doc_engine(p.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let a = convert::offset(&doc.text, &doc.lines, p.range.start, self.encoding);
        let b = convert::offset(&doc.text, &doc.lines, p.range.end, self.encoding);
        let (a, b) = (a.min(b), a.max(b));
        let mut out: Vec<CodeActionOrCommand> = actions::for_range(doc, engine.rulebook(), a, b)
            .into_iter()
            .map(|action| {
                let e = &action.edit;
                let edit = TextEdit {
                    range: convert::range(&doc.text, &doc.lines, e.start, e.end, self.encoding),
                    new_text: e.text.clone(),
                };
                CodeActionOrCommand::CodeAction(CodeAction {
                    title: action.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(doc, action.finding, self.encoding)]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(doc.uri.clone(), vec![edit])])),
                        ..WorkspaceEdit::default()
                    }),
                    is_preferred: Some(action.preferred),
                    ..CodeAction::default()
                })
            })
            .collect();
        out.extend(self.baseline_actions(doc, a, b));
        out
    }

    /// "Add to the review baseline" for each finding in range, when the document is a file.
    fn baseline_actions(&self, doc: &Doc, a: usize, b: usize) -> Vec<CodeActionOrCommand> {
        let Some(path) = uri::to_path(doc.uri.as_str()) else {
            return Vec::new();
        };
        let ws = self.workspace_for(Some(&path));
        let Some(workspace) = self.workspaces.get(ws) else {
            return Vec::new();
        };
        let file = baseline_file(workspace, &path);
        let shown = file.file_name().map_or_else(
            || file.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        actions::in_range(doc, a, b)
            .filter_map(|i| {
                let l = doc.findings.get(i)?;
                let args = baseline::AddArgs {
                    uri: doc.uri.as_str().to_string(),
                    rule: l.rule_id.clone(),
                    text: l.finding.matched.clone(),
                    sentence: l.finding.context.clone(),
                };
                let command = Command {
                    title: format!("Add {} here to the review baseline ({shown})", l.rule_id),
                    command: baseline::ADD_COMMAND.into(),
                    arguments: Some(vec![serde_json::to_value(args).ok()?]),
                };
                Some(CodeActionOrCommand::CodeAction(CodeAction {
                    title: command.title.clone(),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic(doc, i, self.encoding)]),
                    command: Some(command),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                }))
            })
            .collect()
    }

    /// `workspace/executeCommand`: records a finding in the review baseline and re-publishes
    /// the document without it.
    fn execute_command(&mut self, p: ExecuteCommandParams) -> Result<(), String> {
        if p.command != baseline::ADD_COMMAND {
            return Err(format!("unknown command `{}`", p.command));
        }
        let args: baseline::AddArgs = p
            .arguments
            .into_iter()
            .next()
            .ok_or_else(|| format!("`{}` takes one argument", baseline::ADD_COMMAND))
            .and_then(|v| serde_json::from_value(v).map_err(|e| e.to_string()))?;
        let path = uri::to_path(&args.uri)
            .ok_or_else(|| format!("`{}` is not a file; only files have a baseline", args.uri))?;
        let ws = self.workspace_for(Some(&path));
        let file = self
            .workspaces
            .get(ws)
            .map(|w| baseline_file(w, &path))
            .ok_or("no workspace")?;
        baseline::add(&file, &path, &args)?;
        self.baselines.forget(&file);
        self.publish_all();
        Ok(())
    }
}

/// The review baseline for a document: the configuration's `baseline:`, else
/// `claimlint-baseline.json` at the workspace root (beside the document outside every folder).
fn baseline_file(ws: &Workspace, doc: &Path) -> PathBuf {
    if let Some(file) = &ws.baseline {
        return file.clone();
    }
    let dir = ws
        .root
        .as_deref()
        .or_else(|| doc.parent())
        .unwrap_or(Path::new("."));
    dir.join(baseline::DEFAULT_FILE)
}

/// Parses a request's params, or the InvalidParams response to send.
#[allow(clippy::result_large_err)]
fn params<P: DeserializeOwned>(req: &Request) -> Result<P, Response> {
    serde_json::from_value(req.params.clone()).map_err(|e| {
        Response::new_err(
            req.id.clone(),
            ErrorCode::InvalidParams as i32,
            format!("invalid params for `{}`: {e}", req.method),
        )
    })
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    }
}

/// The diagnostic for `doc.findings[i]`.
fn diagnostic(doc: &Doc, i: usize, enc: Encoding) -> Diagnostic {
    let Some(l) = doc.findings.get(i) else {
        return Diagnostic::default();
    };
    let f = &l.finding;
    let range_of =
        |a: usize, b: usize| -> Range { convert::range(&doc.text, &doc.lines, a, b, enc) };
    let here = range_of(f.start, f.end);
    let at = |range: Range, message: String| DiagnosticRelatedInformation {
        location: Location::new(doc.uri.clone(), range),
        message,
    };
    let mut related: Vec<DiagnosticRelatedInformation> =
        f.notes.iter().map(|n| at(here, n.clone())).collect();
    if let Some((a, b)) = l.attribution {
        related.push(at(range_of(a, b), "quoted speaker".into()));
    }
    if matches!(f.category, Category::ForwardLooking | Category::SafeHarbor)
        && let Some((a, b)) = l.legend
    {
        related.push(at(
            range_of(a, b),
            "the release's cautionary statement".into(),
        ));
    }
    if l.rule_id == actions::SAFE_HARBOR_MISSING {
        related.extend(
            doc.findings
                .iter()
                .filter(|o| o.finding.category == Category::ForwardLooking)
                .take(20)
                .map(|o| {
                    at(
                        range_of(o.finding.start, o.finding.end),
                        format!("forward-looking statement ({})", o.rule_id),
                    )
                }),
        );
    }
    Diagnostic {
        range: here,
        severity: Some(severity(f.severity)),
        code: Some(NumberOrString::String(l.rule_id.clone())),
        code_description: None,
        source: Some("claimlint".into()),
        message: f.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({
            "rule": l.rule_id,
            "category": f.category.as_str(),
            "section": f.section.as_str(),
            "severity": f.severity.as_str(),
            "notes": f.notes,
        })),
    }
}
