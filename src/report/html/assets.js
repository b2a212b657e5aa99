// claimlint HTML report: filters, search, lazy document bodies and finding popovers.
// Plain DOM over data attributes; no framework, nothing fetched.
(function () {
  "use strict";
  var main = document.getElementById("main");
  var overview = document.getElementById("overview");
  var toolbar = document.getElementById("toolbar");
  // The overview and filter bar are written after the documents (so the file can be streamed)
  // and shown first by CSS order; put them first in the DOM too, for keyboard and screen readers.
  if (main && toolbar) main.insertBefore(toolbar, main.firstChild);
  if (main && overview) main.insertBefore(overview, main.firstChild);

  // Each document is a slot: its article, or in a paged report (more than a few hundred
  // documents) the inert script element holding the article's markup and carrying its filter
  // attributes. Filters read the attributes; only the articles of the page shown are built.
  var doclist = document.getElementById("doclist");
  var PAGE = doclist && doclist.hasAttribute("data-paged") ? +doclist.getAttribute("data-paged") || 100 : 0;
  var docs = Array.prototype.slice.call(document.querySelectorAll(PAGE ? "#doclist > script.doc-src" : "#doclist > article.doc"));
  var page = 0, listed = docs;
  function article(slot) {
    if (!PAGE) return slot;
    if (!slot._article) {
      var box = document.createElement("div");
      box.innerHTML = slot.textContent;
      slot._article = box.firstElementChild;
    }
    return slot._article;
  }
  function built(slot) { return PAGE ? slot._article || null : slot; }
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll("#toolbar input[name=severity]"));
  var catSel = document.getElementById("f-category");
  var ruleSel = document.getElementById("f-rule");
  var q = document.getElementById("f-q");
  var shown = document.getElementById("shown");

  function has(set, v) { return !v || (set ? set.split("|").indexOf(v) >= 0 : false); }

  // Rule index -> [id, category], from the rules section.
  var rules = {};
  Array.prototype.forEach.call(document.querySelectorAll(".rule-help[data-id]"), function (el) {
    rules[el.id.slice(5)] = [el.getAttribute("data-id"), el.getAttribute("data-cat")];
  });

  // A large report keeps each document's body as inert text (a script element of an unknown
  // type) until the document is opened; a small one has it rendered in place.
  function lazyOf(article) { return article.querySelector("script.lazy"); }
  function bodyRoot(article) { return article; }
  function render(article) {
    var t = lazyOf(article);
    if (t) {
      var box = document.createElement("div");
      box.innerHTML = t.textContent;
      while (box.firstChild) t.parentNode.insertBefore(box.firstChild, t);
      t.parentNode.removeChild(t);
    }
    var s = state(); s.on = !!active(s);
    if (s.on || article._filtered) filterDoc(article, s);
  }
  // Findings of a body not rendered yet that pass the severity, category and rule filters,
  // from the article's data-fs ("w13 i4": severity initial and rule index per finding).
  function countLazy(a, s) {
    var fs = (a.getAttribute("data-fs") || "").split(" "), n = 0;
    for (var i = 0; i < fs.length; i++) {
      var f = fs[i]; if (!f) continue;
      var sev = { e: "error", w: "warning", i: "info" }[f.charAt(0)], r = rules[f.slice(1)] || ["", ""];
      if (s.sev.indexOf(sev) >= 0 && (!s.rule || r[0] === s.rule) && (!s.cat || r[1] === s.cat)) n++;
    }
    return n;
  }

  function state() {
    var sev = sevBoxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    return { sev: sev, cat: catSel ? catSel.value : "", rule: ruleSel ? ruleSel.value : "", q: q ? q.value.trim().toLowerCase() : "" };
  }
  function active(s) { return s.sev.length < sevBoxes.length || s.cat || s.rule || s.q; }

  // Filtering touches a document's findings only when it may match: documents whose severity,
  // category and rule sets (data attributes on the article) cannot match are hidden without
  // opening their bodies, and with no filter nothing but the articles is touched. Bodies of
  // hidden documents may be stale; they are filtered again when shown or opened.
  function quick(a, s) {
    var sev = (a.getAttribute("data-sev") || "").split("|");
    if (!s.sev.some(function (v) { return sev.indexOf(v) >= 0; })) return false;
    return has(a.getAttribute("data-cat"), s.cat) && has(a.getAttribute("data-rule"), s.rule);
  }
  function filterDoc(a, s) {
    var root = bodyRoot(a), items = root.querySelectorAll("li.finding"), n = 0, hidden = {};
    var pathHit = s.q && (a.getAttribute("data-path") || "").toLowerCase().indexOf(s.q) >= 0;
    for (var i = 0; i < items.length; i++) {
      var li = items[i];
      var ok = !s.on || (s.sev.indexOf(li.getAttribute("data-sev")) >= 0 && has(li.getAttribute("data-cat"), s.cat) &&
        has(li.getAttribute("data-rule"), s.rule) &&
        (!s.q || pathHit || li.textContent.toLowerCase().indexOf(s.q) >= 0 || markText(a, li).indexOf(s.q) >= 0));
      li.hidden = !ok;
      if (ok) n++; else hidden[li.id.slice(1)] = true;
    }
    var marks = root.querySelectorAll("mark.hl");
    for (var j = 0; j < marks.length; j++) {
      var id = a.id.slice(1) + "-" + marks[j].getAttribute("data-f");
      marks[j].classList.toggle("dim", !!hidden[id]);
    }
    a._filtered = s.on;
    return { n: n, pathHit: pathHit, count: items.length };
  }

  function apply() {
    var s = state(), total = 0, visible = 0, docsShown = 0;
    s.on = !!active(s);
    var shownSlots = [];
    docs.forEach(function (slot) {
      var all = +(slot.getAttribute("data-n") || 0), n = 0, show, a = built(slot);
      var pathHit = s.q && (slot.getAttribute("data-path") || "").toLowerCase().indexOf(s.q) >= 0;
      total += all;
      if (slot.classList.contains("status")) {
        show = !s.on || pathHit;
      } else if (!s.on) {
        if (a && a._filtered) filterDoc(a, s);
        n = all; show = true;
      } else if (!s.q && !quick(slot, s)) {
        show = false;
      } else if (!a || lazyOf(a)) {
        // Not built, or its body not rendered: decide from the attributes, and for a search
        // look in the inert markup first (building only what may match).
        var inert = a ? lazyOf(a) : slot;
        if (!s.q || pathHit) {
          n = countLazy(slot, s); show = n > 0 || (pathHit && !all);
        } else if (inert.textContent.toLowerCase().indexOf(s.q) >= 0) {
          a = article(slot); render(a);
          var r0 = filterDoc(a, s);
          n = r0.n; show = n > 0;
        } else {
          show = false;
        }
      } else {
        var r = filterDoc(a, s);
        n = r.n; show = n > 0 || (r.pathHit && !r.count);
      }
      if (!PAGE) a.hidden = !show;
      if (show) { docsShown++; visible += n; shownSlots.push(slot); }
    });
    listed = shownSlots;
    if (PAGE) showPage(s);
    if (shown) {
      shown.textContent = (s.on ? visible + " of " + total : total) + " findings · " + docsShown + " of " + docs.length + " documents";
      shown.setAttribute("data-visible", visible);
      shown.setAttribute("data-total", total);
    }
    writeHash(s, s.on);
  }

  // Paging: the documents passing the filter, PAGE at a time, in report order.
  var pagers = [];
  if (PAGE && doclist) {
    [0, 1].forEach(function (i) {
      var nav = document.createElement("nav");
      nav.className = "pager";
      nav.setAttribute("aria-label", i ? "Documents pages (bottom)" : "Documents pages");
      nav.innerHTML = '<button type="button" data-go="-1">‹ Previous</button><span class="where" aria-live="polite"></span><button type="button" data-go="1">Next ›</button>';
      nav.addEventListener("click", function (e) {
        var go = e.target && e.target.getAttribute && e.target.getAttribute("data-go");
        if (!go) return;
        page += +go;
        showPage(state());
        if (i) doclist.scrollIntoView({ block: "start" });
      });
      if (i) doclist.parentNode.insertBefore(nav, doclist.nextSibling); else doclist.parentNode.insertBefore(nav, doclist);
      pagers.push(nav);
    });
  }
  function showPage(s) {
    var pages = Math.max(1, Math.ceil(listed.length / PAGE));
    page = Math.max(0, Math.min(page, pages - 1));
    var from = page * PAGE, slice = listed.slice(from, from + PAGE);
    s.on = !!active(s);
    // Take the previous page's articles out, then put this page's in, in order.
    var keep = {};
    slice.forEach(function (slot) { keep[slot.id] = true; });
    Array.prototype.slice.call(doclist.querySelectorAll(":scope > article.doc")).forEach(function (a) {
      if (!keep["src-" + a.id]) doclist.removeChild(a);
    });
    slice.forEach(function (slot) {
      var a = article(slot);
      if (s.on || a._filtered) filterDoc(a, s);
      a.hidden = false;
      doclist.appendChild(a);
    });
    pagers.forEach(function (nav) {
      var where = nav.querySelector(".where");
      where.textContent = listed.length ? "Documents " + (from + 1) + "–" + (from + slice.length) + " of " + listed.length + " · page " + (page + 1) + " of " + pages : "No documents match";
      nav.setAttribute("data-page", page + 1);
      nav.setAttribute("data-pages", pages);
      nav.querySelector("[data-go='-1']").disabled = page === 0;
      nav.querySelector("[data-go='1']").disabled = page >= pages - 1;
    });
  }

  // The text a finding's first mark covers, for search.
  function markText(article, li) {
    var m = bodyRoot(article).querySelector("#f" + li.id.slice(1));
    return m ? m.textContent.toLowerCase() : "";
  }

  // #filter=severity:error,warning;category:safety-claim;rule:x/y;q:text
  // The filter comes from the hash, or from the query (?filter=...), which also takes
  // open=d1,d2 (or open=all) to open documents without scrolling: for links and screenshots.
  function param(name) {
    var m = new RegExp("[?&]" + name + "=([^&]*)").exec(location.search);
    return m ? m[1] : null;
  }
  function readHash() {
    var h = location.hash, spec;
    if (h.indexOf("#filter=") === 0) spec = h.slice(8);
    else if (!h && param("filter") !== null) spec = param("filter");
    else return false;
    var parts = spec.split(";");
    var s = { severity: null, category: "", rule: "", q: "" };
    parts.forEach(function (p) {
      var k = p.indexOf(":");
      if (k < 0) return;
      var key = p.slice(0, k), val;
      try { val = decodeURIComponent(p.slice(k + 1)); } catch (e) { val = p.slice(k + 1); }
      if (key === "severity") s.severity = val.split(",");
      else if (key in s) s[key] = val;
    });
    sevBoxes.forEach(function (b) { b.checked = !s.severity || s.severity.indexOf(b.value) >= 0; });
    setSelect(catSel, s.category); setSelect(ruleSel, s.rule);
    if (q) q.value = s.q;
    return true;
  }
  function setSelect(sel, v) {
    if (!sel) return;
    sel.value = "";
    for (var i = 0; i < sel.options.length; i++) if (sel.options[i].value === v) sel.value = v;
  }
  var writing = false;
  function writeHash(s, on) {
    if (!history.replaceState) return;
    var h = "";
    if (on) {
      var p = [];
      if (s.sev.length < sevBoxes.length) p.push("severity:" + s.sev.join(","));
      if (s.cat) p.push("category:" + encodeURIComponent(s.cat));
      if (s.rule) p.push("rule:" + encodeURIComponent(s.rule));
      if (s.q) p.push("q:" + encodeURIComponent(s.q));
      h = "#filter=" + p.join(";");
    }
    if (location.hash.indexOf("#filter=") === 0 || h) {
      writing = true;
      history.replaceState(null, "", h || location.pathname + location.search);
      writing = false;
    }
  }

  var timer = null;
  function refilter() { page = 0; apply(); }
  sevBoxes.forEach(function (b) { b.addEventListener("change", refilter); });
  if (catSel) catSel.addEventListener("change", refilter);
  if (ruleSel) ruleSel.addEventListener("change", refilter);
  if (q) q.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(refilter, 160); });
  var reset = document.getElementById("f-reset");
  function clearFilters() {
    sevBoxes.forEach(function (b) { b.checked = true; });
    setSelect(catSel, ""); setSelect(ruleSel, ""); if (q) q.value = "";
  }
  if (reset) reset.addEventListener("click", function () { clearFilters(); apply(); });

  // Opening a document renders its lazy body.
  document.addEventListener("toggle", function (e) {
    var d = e.target;
    if (d.tagName === "DETAILS" && d.open) { var a = d.closest("article.doc"); if (a) render(a); }
  }, true);

  // Following a link to a document or a finding opens it.
  function slotOf(docId) {
    return document.getElementById(PAGE ? "src-" + docId : docId);
  }
  // Shows a document: on its page (clearing a filter that hides it), built and opened.
  function open(docId) {
    var slot = slotOf(docId);
    if (!slot) return null;
    if (PAGE) {
      var at = listed.indexOf(slot);
      if (at < 0) { clearFilters(); apply(); at = listed.indexOf(slot); }
      if (at >= 0 && Math.floor(at / PAGE) !== page) { page = Math.floor(at / PAGE); showPage(state()); }
    }
    var a = article(slot);
    a.hidden = false;
    render(a);
    var d = a.querySelector("details");
    if (d) d.open = true;
    return a;
  }
  function reveal() {
    var h = location.hash;
    if (!h || h.indexOf("#filter=") === 0) return;
    var id = decodeURIComponent(h.slice(1));
    var m = /^[dfi](\d+)/.exec(id);
    if (!m || !open("d" + m[1])) return;
    var el = document.getElementById(id);
    if (el) { el.scrollIntoView({ block: id.charAt(0) === "f" ? "center" : "start" }); if (el.tagName === "MARK") el.focus({ preventScroll: true }); }
  }
  window.addEventListener("hashchange", function () {
    if (writing) return;
    if (readHash()) refilter(); else reveal();
  });

  // Popover with a finding's message, notes, help and references, on hover and focus.
  var pop = document.getElementById("pop");
  var current = null;
  function showPop(mark) {
    var a = mark.closest("article.doc");
    if (!a || !pop) return;
    var key = a.id.slice(1) + "-" + mark.getAttribute("data-f");
    var desc = document.getElementById("m" + key);
    var li = document.getElementById("i" + key);
    if (!desc) return;
    pop.innerHTML = "";
    pop.appendChild(desc.cloneNode(true)).removeAttribute("id");
    var help = li ? document.getElementById("rh-" + li.getAttribute("data-r")) : null;
    if (help) { var h = help.cloneNode(true); h.removeAttribute("id"); pop.appendChild(h); }
    pop.hidden = false;
    var r = mark.getBoundingClientRect();
    var left = Math.max(8, Math.min(r.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    pop.style.left = left + "px";
    pop.style.top = (r.bottom + window.scrollY + 6) + "px";
    current = mark;
  }
  function hidePop() { if (pop) pop.hidden = true; current = null; }
  function markOf(t) {
    while (t && t.nodeType === 1) {
      if (t.tagName === "MARK" && t.classList.contains("hl")) {
        // A continuation piece stands for its finding's first piece.
        if (t.classList.contains("cont")) {
          var a = t.closest("article.doc");
          var first = a && a.querySelector("#f" + a.id.slice(1) + "-" + t.getAttribute("data-f"));
          return first || t;
        }
        return t;
      }
      t = t.parentNode;
    }
    return null;
  }
  document.addEventListener("mouseover", function (e) { var m = markOf(e.target); if (m && m !== current) showPop(m); else if (!m && current && !(pop && pop.contains(e.target))) hidePop(); });
  document.addEventListener("focusin", function (e) { var m = markOf(e.target); if (m) showPop(m); else hidePop(); });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") hidePop(); });

  // Printing: open the documents currently shown (small runs), restore afterwards.
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = [];
    if (docs.length > 200) return;
    docs.forEach(function (slot) {
      var a = built(slot);
      if (!a) return;
      var d = a.querySelector("details");
      if (d && !a.hidden && !d.open) { render(a); d.open = true; opened.push(d); }
    });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); });

  function openFromQuery() {
    var ids = param("open");
    if (!ids) return;
    if (ids === "all") {
      if (docs.length > 200) return;
      docs.forEach(function (slot) {
        var a = built(slot), d = a && a.querySelector("details");
        if (d && !a.hidden) { render(a); d.open = true; }
      });
      return;
    }
    ids.split(",").forEach(function (id) { open(id); });
  }

  readHash();
  apply();
  openFromQuery();
  reveal();
  // For measurement (BENCHMARKS.md): milliseconds from navigation to a usable page.
  document.documentElement.setAttribute("data-ready-ms", Math.round(performance.now()));
})();
