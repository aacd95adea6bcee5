// The ijgraph query page: runs SPARQL against /sparql on this server only, shows the
// answer in the chosen view, keeps the query and the view in the page URL (a shareable
// link that runs the query when opened) and the last queries in localStorage.
// All data is inserted with textContent (never innerHTML): labels are data, not markup.
(function () {
  "use strict";
  var IJQ = window.IJQ;
  var ACCEPT = {
    json: "application/sparql-results+json", xml: "application/sparql-results+xml",
    csv: "text/csv", tsv: "text/tab-separated-values", turtle: "text/turtle",
    nt: "application/n-triples", jsonld: "application/ld+json", rdfxml: "application/rdf+xml"
  };
  var EXTENSION = {
    "application/sparql-results+json": "srj", "application/sparql-results+xml": "srx",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/turtle": "ttl",
    "application/n-triples": "nt", "application/ld+json": "jsonld", "application/rdf+xml": "rdf"
  };
  // The server knows the query's form: ask for either family and look at what comes back.
  var EITHER = "application/sparql-results+json, application/n-triples;q=0.9";
  var VIEWS = ["Table", "Graph", "Timeline", "Chart", "Raw"];
  var HISTORY = "ijgraph.history", KEEP = 30, MAX_LABELS = 5000;
  var $ = function (id) { return document.getElementById(id); };
  var results = $("results"), statusLine = $("status"), errorBox = $("error");
  var editor = new IJQ.Editor($("query"), { onChange: function () {} });
  var current = null, lastQuery = null, serial = 0;

  function mediaType(response) {
    return (response.headers.get("Content-Type") || "").split(";")[0].trim();
  }

  // --- N-Triples, as SPARQL JSON terms ----------------------------------------------

  var NT_TERM = /\s*(?:<([^>]*)>|_:(\S+)|"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?)/y;

  function unescape(s) {
    return s.replace(/\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})|\\(.)/g, function (_, u, U, c) {
      if (u || U) { return String.fromCodePoint(parseInt(u || U, 16)); }
      return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f" }[c] || c;
    });
  }

  function ntriples(text) {
    var out = [];
    text.split("\n").forEach(function (line) {
      if (!line.trim() || line.trim().charAt(0) === "#") { return; }
      var terms = [], m;
      NT_TERM.lastIndex = 0;
      while (terms.length < 3 && (m = NT_TERM.exec(line)) !== null) {
        if (m[1] !== undefined) { terms.push({ type: "uri", value: m[1] }); }
        else if (m[2] !== undefined) { terms.push({ type: "bnode", value: m[2] }); }
        else {
          var lit = { type: "literal", value: unescape(m[3]) };
          if (m[4]) { lit["xml:lang"] = m[4]; }
          if (m[5]) { lit.datatype = m[5]; }
          terms.push(lit);
        }
      }
      if (terms.length === 3) { out.push(terms); }
    });
    return out;
  }

  // --- the URL: query and view ------------------------------------------------------

  function readHash() {
    var params = new URLSearchParams(window.location.hash.slice(1));
    return { query: params.get("query"), view: params.get("view") };
  }

  function writeHash(query, view) {
    var params = new URLSearchParams();
    params.set("query", query);
    if (view) { params.set("view", view); }
    window.history.replaceState(null, "", "#" + params.toString());
  }

  function defaultView(query) {
    var m = /^\s*#\s*defaultView:\s*(\w+)/im.exec(query);
    if (!m) { return null; }
    var wanted = m[1].toLowerCase();
    return VIEWS.filter(function (v) { return v.toLowerCase() === wanted; })[0] || null;
  }

  // --- history ----------------------------------------------------------------------

  function history() {
    try { return JSON.parse(window.localStorage.getItem(HISTORY) || "[]"); } catch (e) { return []; }
  }

  function remember(query) {
    var kept = history().filter(function (h) { return h.query !== query; });
    kept.unshift({ query: query, at: new Date().toISOString().slice(0, 16).replace("T", " ") });
    try { window.localStorage.setItem(HISTORY, JSON.stringify(kept.slice(0, KEEP))); } catch (e) { /* full or off */ }
    showHistory();
  }

  function summary(query) {
    var lines = query.split("\n").filter(function (l) {
      return l.trim() && !/^\s*(PREFIX|BASE)\b/i.test(l) && !/^\s*#\s*defaultView/i.test(l);
    });
    var title = /^#\+\s*title:\s*(.*)$/m.exec(query);
    return (title ? title[1] : (lines[0] || "").trim()).slice(0, 70);
  }

  function showHistory() {
    var select = $("history");
    select.textContent = "";
    var first = document.createElement("option");
    first.value = "";
    first.textContent = "Recent queries (" + history().length + ")";
    select.appendChild(first);
    history().forEach(function (h, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = h.at + " · " + summary(h.query);
      select.appendChild(option);
    });
  }

  // --- running and showing ----------------------------------------------------------

  function fail(message) {
    errorBox.hidden = false;
    errorBox.textContent = message;
    statusLine.textContent = "";
  }

  function post(query, accept) {
    var body = new URLSearchParams();
    body.set("query", query);
    return fetch("/sparql", {
      method: "POST", body: body,
      headers: { "Accept": accept, "Content-Type": "application/x-www-form-urlencoded" }
    });
  }

  function labelsFor(result) {
    var iris = IJQ.iris(result).slice(0, MAX_LABELS);
    if (!iris.length) { return Promise.resolve({}); }
    return fetch("/search/labels", {
      method: "POST", body: JSON.stringify(iris), headers: { "Content-Type": "application/json" }
    }).then(function (r) { return r.ok ? r.json() : {}; }, function () { return {}; });
  }

  function show(view) {
    if (!current) { return; }
    var usable = IJQ.available(current.result);
    if (!usable[view]) { view = current.result.triples ? "Raw" : "Table"; }
    current.view = view;
    Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (b) {
      var on = b.dataset.view === view;
      b.setAttribute("aria-selected", String(on));
      b.disabled = !usable[b.dataset.view];
    });
    Array.prototype.forEach.call(results.children, function (box) { box.hidden = box.dataset.view !== view; });
    var box = results.querySelector('[data-view="' + view + '"]');
    if (!box) {
      box = document.createElement("div");
      box.className = "view view-" + view.toLowerCase();
      box.dataset.view = view;
      results.appendChild(box);
      IJQ.views[view](current.result, box, current.labels);
    }
    writeHash(current.query, view);
  }

  function run(event, view) {
    if (event) { event.preventDefault(); }
    var query = editor.value(), started = performance.now(), mine = ++serial;
    results.textContent = "";
    errorBox.hidden = true;
    statusLine.textContent = "Running…";
    $("download").disabled = true;
    current = null;
    writeHash(query, view || null);
    post(query, EITHER).then(function (response) {
      return response.text().then(function (text) {
        if (mine !== serial) { return; }
        if (!response.ok) { fail("Error " + response.status + ": " + text); return; }
        var result, count;
        if (mediaType(response) === "application/n-triples") {
          result = { triples: ntriples(text), text: text };
          count = result.triples.length + " triples";
        } else {
          var data = JSON.parse(text);
          if (typeof data.boolean === "boolean") {
            result = { boolean: data.boolean, text: text };
            count = "ASK";
          } else {
            result = { vars: data.head.vars, rows: data.results.bindings, text: text };
            count = result.rows.length + " rows";
          }
        }
        var ms = Math.round(performance.now() - started), note = "";
        if (response.headers.get("X-Result-Truncated") === "true") {
          note = " (truncated at the row limit of " + response.headers.get("X-Row-Limit") + ")";
        }
        return labelsFor(result).then(function (labels) {
          if (mine !== serial) { return; }
          current = { query: query, result: result, labels: labels };
          $("views").hidden = false;
          show(view || defaultView(query) || (result.triples ? "Raw" : "Table"));
          statusLine.textContent = count + note + " in " + ms + " ms";
          lastQuery = query;
          $("download").disabled = false;
          remember(query);
        });
      });
    }, function (err) { fail("Request failed: " + err); });
  }

  function download() {
    if (lastQuery === null) { return; }
    // The chosen format, or the default of the other family (CSV of a CONSTRUCT is Turtle).
    var accept = ACCEPT[$("download-format").value] +
      ", application/sparql-results+json;q=0.1, text/turtle;q=0.1";
    post(lastQuery, accept).then(function (response) {
      if (!response.ok) { return response.text().then(fail); }
      return response.blob().then(function (blob) {
        var a = document.createElement("a");
        a.href = URL.createObjectURL(blob);
        a.download = "results." + (EXTENSION[mediaType(response)] || "txt");
        document.body.appendChild(a);
        a.click();
        setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
      });
    });
  }

  function share() {
    writeHash(editor.value(), current ? current.view : defaultView(editor.value()));
    var link = $("share-link");
    link.hidden = false;
    link.value = window.location.href;
    link.select();
    if (navigator.clipboard) { navigator.clipboard.writeText(link.value).catch(function () {}); }
  }

  function loadExample(name) {
    fetch("/examples/" + encodeURIComponent(name) + ".rq").then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { fail(text); return; }
        editor.set(text);
        writeHash(text, defaultView(text));
        $("query").focus();
      });
    });
  }

  function filterCatalog(needle) {
    needle = needle.toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll("#catalog li"), function (li) {
      li.hidden = needle !== "" && li.textContent.toLowerCase().indexOf(needle) < 0 &&
        (li.dataset.tags || "").toLowerCase().indexOf(needle) < 0;
    });
  }

  function fromHash() {
    var state = readHash();
    if (state.query === null) { return false; }
    if (current && state.query === current.query) {
      if (state.view && state.view !== current.view) { show(state.view); }
      return true;
    }
    editor.set(state.query);
    run(null, state.view || undefined);
    return true;
  }

  $("query-form").addEventListener("submit", run);
  $("download").addEventListener("click", download);
  $("share").addEventListener("click", share);
  $("query").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(event); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("#views button"), function (button) {
    button.addEventListener("click", function () { show(button.dataset.view); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () { loadExample(button.dataset.name); });
  });
  Array.prototype.forEach.call(document.querySelectorAll("#catalog .tag"), function (tag) {
    tag.addEventListener("click", function () {
      $("catalog-filter").value = tag.textContent;
      filterCatalog(tag.textContent);
    });
  });
  $("catalog-filter").addEventListener("input", function () { filterCatalog(this.value); });
  $("history").addEventListener("change", function () {
    var picked = history()[Number(this.value)];
    if (picked) { editor.set(picked.query); writeHash(picked.query, defaultView(picked.query)); }
    this.value = "";
  });
  window.addEventListener("hashchange", fromHash);
  showHistory();
  fromHash();
}());
