#!/usr/bin/env python3
"""Writes the committed fuzz seed corpus (fuzz/seeds/<target>/) from text written for it here.

Every sentence below is invented for these seeds; nothing is copied from third-party
releases. Rerun after editing: `python3 scripts/make-fuzz-seeds.py`.
"""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "seeds")

RELEASE = """Acme Bio Announces Positive Topline Results for ACM-101

BOSTON, March 3, 2025 (WIRE) -- Acme Bio, Inc. (NASDAQ: ACMB) today announced results.

"This breakthrough therapy is equivalent or superior to approved drugs," said Jane Roe, CEO.
The drug was safe and well tolerated. We expect to file for approval in 2026 and anticipate
revenue growth of 40%. Adjusted EBITDA was $5.6 million.

About Acme Bio
Acme Bio is a clinical-stage company.

Forward-Looking Statements
This press release contains forward-looking statements within the meaning of the Private
Securities Litigation Reform Act of 1995. Actual results may differ materially.

Contact: press@example.com
"""

TYPOGRAPHY = "\u201cBreak\u00adthrough\u201d first\u2013in\u2013class\u00a0drug\u2019s  \r\n\tsafe\u200b and   effective\u2122 \\$5 million \ufeff mid-BOM \u2028 x\u3000y"

HTML = """<!DOCTYPE html><html><head><title>T</title><style>p{}</style></head><body>
<p>Acme&rsquo;s drug is <b>equivalent or</b> superior&nbsp;to placebo &#147;safe&#148; &amp; &#x2014; &bogus; R&D</p>
<div>We <i>expect</i> growth<br>next year.</div><table><tr><td>a</td><td>b</td></tr></table>
<!-- claimlint-disable-next-line comparative/superiority -->
<p title="a > b">x < 5 <![CDATA[cdata text]]> <?pi x?></p><script>var a='<p>';</script>
</body></html>"""

MARKDOWN = """# Acme Announces Results

**BOSTON**, March 3, 2025 -- Acme *expects* the drug to be [superior](http://x) to placebo.

- item one is safe
- item two \\$5 million

> "We anticipate approval," said the CEO.

| a | b |
|---|---|
| best-in-class | cure |

![image](x.png) Footnote[^1].

[^1]: A note.
"""

EDGAR = """<SEC-DOCUMENT>0000000000-25-000001.txt : 20250303
<SEC-HEADER>0000000000-25-000001.hdr.sgml : 20250303
CONFORMED SUBMISSION TYPE:\t8-K
</SEC-HEADER>
<DOCUMENT>
<TYPE>8-K
<SEQUENCE>1
<FILENAME>form8k.htm
<TEXT>
<html><body><p>Item 7.01 Regulation FD Disclosure.</p></body></html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-99.1
<SEQUENCE>2
<FILENAME>ex99-1.htm
<DESCRIPTION>PRESS RELEASE
<TEXT>
<html><body><p>Acme expects the drug to be a cure.</p></body></html>
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>EX-99.1
<TEXT>
Plain text exhibit. We believe sales will grow.
</TEXT>
</DOCUMENT>
<DOCUMENT>
<TYPE>GRAPHIC
<TEXT>
begin 644 logo.jpg
M_]C_X``02D9)1@`!
end
</TEXT>
</DOCUMENT>
</SEC-DOCUMENT>
"""

RULEBOOK = """rules:
  - id: test/superiority
    category: comparative-claim
    severity: warning
    message: "Comparative claim: \u201c{match}\u201d"
    help: Describe your own results.
    references: ["21 CFR 202.1(e)(6)"]
    phrases: [equivalent or superior, best-in-class]
    patterns: ['\\b(recently|currently)\\s+approved\\s+drugs\\b']
    scope: [body, quote]
    unless:
      - phrases: [superior vena cava]
        within: match
    examples:
      flag: ["Efficacy was equivalent or superior to approved drugs."]
      pass: ["The catheter sat in the superior vena cava."]
  - id: test/missing
    category: safe-harbor
    severity: error
    message: No cautionary statement
    help: Add one.
    check: safe-harbor-missing
"""

ALIAS_BOMB = """a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
rules: [*d]
"""

BAD_TYPES = """rules:
  - id: 5
    category: [x]
    severity: loud
    message: {a: b}
    phrases: nope
    unknown_key: 1
"""

BIG_REGEX = """rules:
  - id: test/huge
    category: promotional-language
    severity: info
    message: m
    help: h
    patterns: ['\\w{1000}\\w{1000}\\w{1000}']
"""


def frame(bodies):
    out = b""
    for b in bodies:
        data = json.dumps(b).encode()
        out += b"Content-Length: %d\r\n\r\n" % len(data) + data
    return out


def lsp_lines(bodies):
    return b"\n".join(json.dumps(b).encode() for b in bodies)


URI = "file:///tmp/claimlint-fuzz/release.md"
SESSION = [
    {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": URI, "languageId": "markdown", "version": 1, "text": MARKDOWN}}},
    {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
        "textDocument": {"uri": URI, "version": 2},
        "contentChanges": [{"range": {"start": {"line": 2, "character": 5},
                                      "end": {"line": 2, "character": 9}}, "text": "\u00e9\U0001F600"},
                           {"range": {"start": {"line": 99, "character": 99},
                                      "end": {"line": 0, "character": 0}}, "text": "x"}]}},
    {"jsonrpc": "2.0", "id": 1, "method": "textDocument/hover", "params": {
        "textDocument": {"uri": URI}, "position": {"line": 2, "character": 30}}},
    {"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": URI},
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}},
        "context": {"diagnostics": []}}},
    {"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": URI}}},
    {"jsonrpc": "2.0", "id": 3, "method": "nonexistent/method", "params": None},
    {"jsonrpc": "2.0", "method": "textDocument/didClose", "params": {"textDocument": {"uri": URI}}},
    {"jsonrpc": "2.0", "id": 4, "method": "shutdown"},
    {"jsonrpc": "2.0", "method": "exit"},
]


def write(target, name, data):
    d = os.path.join(ROOT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def main():
    # scan: first byte picks the file name the bytes are read under (0 txt, 1 md, 2 html, 3 none)
    write("scan", "release-txt", b"\x00" + RELEASE.encode())
    write("scan", "typography-txt", b"\x00" + TYPOGRAPHY.encode())
    write("scan", "release-md", b"\x01" + MARKDOWN.encode())
    write("scan", "release-html", b"\x02" + HTML.encode())
    write("scan", "edgar", b"\x03" + EDGAR.encode())
    write("scan", "utf16le", b"\x00" + b"\xff\xfe" + RELEASE.encode("utf-16-le"))
    write("scan", "utf16be", b"\x00" + b"\xfe\xff" + TYPOGRAPHY.encode("utf-16-be"))
    write("scan", "cp1252", b"\x00" + "caf\u00e9 \u201csuperior\u201d to, we expect".encode("cp1252"))
    write("scan", "crlf-mixed", b"\x00" + RELEASE.replace("\n", "\r\n", 5).replace("\n", "\r", 3).encode())
    write("scan", "bom-middle", b"\x00" + ("We ex\ufeffpect " + RELEASE).encode())
    write("segment", "release", RELEASE)
    write("segment", "typography", TYPOGRAPHY)
    write("segment", "quotes", '"A." B said. "C? D!" (E.) 5.6 e.g. U.S. Inc. \u201cQ\u201d\n\n- a\n- b.')
    write("html", "release", HTML)
    write("html", "markdown", MARKDOWN)
    write("html", "nested", "<div>" * 200 + "x" + "</div>" * 200)
    write("edgar", "submission", EDGAR)
    write("edgar", "unterminated", "<DOCUMENT>\n<TYPE>EX-99\n<TEXT>\n<p>open")
    write("rulebook", "rules", RULEBOOK)
    write("rulebook", "alias-bomb", ALIAS_BOMB)
    write("rulebook", "bad-types", BAD_TYPES)
    write("rulebook", "big-regex", BIG_REGEX)
    write("rulebook", "duplicate-across-files", RULEBOOK + "\0" + RULEBOOK)
    write("lsp", "session", lsp_lines(SESSION))
    write("lsp", "framed-session", frame(SESSION))
    write("lsp", "garbage", b'{"jsonrpc":"2.0","id":1}\nnot json\n{"id":[1],"method":5}')


if __name__ == "__main__":
    main()
