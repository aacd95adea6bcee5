// The ijgraph query page: runs SPARQL against /sparql on this server only.
// All data is inserted with textContent (never innerHTML): labels are data, not markup.
(function () {
  "use strict";
  var BASE = "https://w3id.org/ijgraph/";
  var KINDS = ["resource/", "passage/", "graph/", "ontology/", "reference/"];
  var ACCEPT = {
    json: "application/sparql-results+json", xml: "application/sparql-results+xml",
    csv: "text/csv", tsv: "text/tab-separated-values", turtle: "text/turtle",
    nt: "application/n-triples", jsonld: "application/ld+json"
  };
  var EXTENSION = {
    "application/sparql-results+json": "srj", "application/sparql-results+xml": "srx",
    "text/csv": "csv", "text/tab-separated-values": "tsv", "text/turtle": "ttl",
    "application/n-triples": "nt", "application/ld+json": "jsonld"
  };
  // The server knows the query's form: ask for either family and look at what comes back.
  var EITHER = "application/sparql-results+json, text/turtle;q=0.9";
  var $ = function (id) { return document.getElementById(id); };
  var editor = $("query"), results = $("results"), statusLine = $("status"), errorBox = $("error");
  var lastQuery = null;

  function mediaType(response) {
    return (response.headers.get("Content-Type") || "").split(";")[0].trim();
  }

  function localHref(iri) {
    if (iri.indexOf(BASE) !== 0) { return null; }
    var rest = iri.slice(BASE.length);
    if (rest === "ontology") { return "/ontology"; }
    for (var i = 0; i < KINDS.length; i++) {
      if (rest.indexOf(KINDS[i]) === 0) { return "/" + rest; }
    }
    return null;
  }

  function cell(term) {
    var td = document.createElement("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = localHref(term.value);
      var el = document.createElement(href ? "a" : "span");
      if (href) { el.href = href; }
      el.className = "iri";
      el.textContent = term.value;
      td.appendChild(el);
    } else {
      var text = document.createElement("span");
      text.textContent = term.value;
      td.appendChild(text);
      var note = term["xml:lang"] ? "@" + term["xml:lang"] : (term.datatype ? term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:") : "");
      if (note) {
        var small = document.createElement("small");
        small.className = "lang";
        small.textContent = " " + note;
        td.appendChild(small);
      }
    }
    return td;
  }

  function showTable(data) {
    var table = document.createElement("table");
    table.className = "results";
    var head = table.createTHead().insertRow();
    data.head.vars.forEach(function (v) {
      var th = document.createElement("th");
      th.textContent = "?" + v;
      head.appendChild(th);
    });
    var body = table.createTBody();
    data.results.bindings.forEach(function (row) {
      var tr = body.insertRow();
      data.head.vars.forEach(function (v) { tr.appendChild(cell(row[v])); });
    });
    results.appendChild(table);
    return data.results.bindings.length;
  }

  function post(query, accept) {
    var body = new URLSearchParams();
    body.set("query", query);
    return fetch("/sparql", {
      method: "POST", body: body,
      headers: { "Accept": accept, "Content-Type": "application/x-www-form-urlencoded" }
    });
  }

  function fail(message) {
    errorBox.hidden = false;
    errorBox.textContent = message;
    statusLine.textContent = "";
  }

  function run(event) {
    if (event) { event.preventDefault(); }
    var query = editor.value, started = performance.now();
    results.textContent = "";
    errorBox.hidden = true;
    statusLine.textContent = "Running…";
    $("download").disabled = true;
    post(query, EITHER).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { fail("Error " + response.status + ": " + text); return; }
        var ms = Math.round(performance.now() - started), note = "";
        if (response.headers.get("X-Result-Truncated") === "true") {
          note = " (truncated at the row limit of " + response.headers.get("X-Row-Limit") + ")";
        }
        var count;
        if (mediaType(response) === "text/turtle") {
          var pre = document.createElement("pre");
          pre.className = "graph";
          pre.textContent = text;
          results.appendChild(pre);
          count = response.headers.get("X-Result-Rows") + " triples";
        } else {
          var data = JSON.parse(text);
          if (typeof data.boolean === "boolean") {
            var answer = document.createElement("p");
            answer.className = "boolean";
            answer.textContent = data.boolean ? "true" : "false";
            results.appendChild(answer);
            count = "ASK";
          } else {
            count = showTable(data) + " rows";
          }
        }
        statusLine.textContent = count + note + " in " + ms + " ms";
        lastQuery = query;
        $("download").disabled = false;
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

  function loadExample(name) {
    fetch("/examples/" + encodeURIComponent(name) + ".rq").then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { fail(text); return; }
        editor.value = text;
        editor.focus();
      });
    });
  }

  $("query-form").addEventListener("submit", run);
  $("download").addEventListener("click", download);
  editor.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { run(event); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("button.example"), function (button) {
    button.addEventListener("click", function () { loadExample(button.dataset.name); });
  });
  $("catalog-filter").addEventListener("input", function () {
    var needle = this.value.toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll("#catalog li"), function (li) {
      li.hidden = needle !== "" && li.textContent.toLowerCase().indexOf(needle) < 0 &&
        (li.dataset.tags || "").toLowerCase().indexOf(needle) < 0;
    });
  });
}());
