// Result views of the query page: table, graph, timeline, chart and raw response.
// Each view takes a result ({vars, rows} of SPARQL JSON terms, or {triples}) and a
// container; IRIs are shown by label (from /search/labels) and linked to their pages.
// Text goes in with textContent and SVG attributes only: never markup from data.
(function () {
  "use strict";
  var IJQ = (window.IJQ = window.IJQ || {});
  var BASE = "https://w3id.org/ijgraph/";
  var KINDS = ["resource/", "passage/", "graph/", "ontology/", "reference/"];
  var XSD = "http://www.w3.org/2001/XMLSchema#";
  var NUMERIC = ["integer", "decimal", "double", "float", "int", "long", "short",
    "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger"];
  var DATES = ["date", "dateTime", "gYear", "gYearMonth"];
  var PAGE = 100;
  var MAX_EDGES = 1500;  // more would not be readable, and would be slow to lay out
  var SVG = "http://www.w3.org/2000/svg";

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) { el.className = cls; }
    if (text !== undefined && text !== null) { el.textContent = String(text); }
    return el;
  }

  function svg(tag, attrs, text) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) { el.textContent = String(text); }
    return el;
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

  function shortIri(iri) {
    var m = /[#\/]([^#\/]+)$/.exec(iri);
    return m ? m[1] : iri;
  }

  function name(term, labels) {
    if (!term) { return ""; }
    if (term.type === "uri") { return labels[term.value] || shortIri(term.value); }
    return term.value;
  }

  function datatype(term) {
    return term && term.type !== "uri" && term.datatype && term.datatype.indexOf(XSD) === 0 ?
      term.datatype.slice(XSD.length) : "";
  }

  function isNumber(term) {
    if (!term || term.type === "uri" || term.type === "bnode") { return false; }
    var dt = datatype(term);
    return NUMERIC.indexOf(dt) >= 0 || (!dt && !term["xml:lang"] && /^-?\d+(\.\d+)?$/.test(term.value));
  }

  // A date term as a fractional year (for placing it on an axis), or null.
  function year(term) {
    if (!term || term.type === "uri") { return null; }
    var dt = datatype(term);
    var m = /^(-?\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(term.value);
    if (!m || (DATES.indexOf(dt) < 0 && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(term.value))) { return null; }
    return Number(m[1]) + ((Number(m[2] || 1) - 1) + (Number(m[3] || 1) - 1) / 31) / 12;
  }

  function column(result, test) {
    return result.vars.filter(function (v) {
      var seen = result.rows.filter(function (r) { return r[v]; });
      return seen.length > 0 && seen.every(function (r) { return test(r[v]); });
    });
  }

  // The column that names a row: ?xLabel for the first IRI ?x, else the first text column.
  function labelColumn(result, exclude) {
    var iris = column(result, function (t) { return t.type === "uri"; });
    for (var i = 0; i < iris.length; i++) {
      if (result.vars.indexOf(iris[i] + "Label") >= 0) { return iris[i] + "Label"; }
    }
    var texts = result.vars.filter(function (v) {
      return exclude.indexOf(v) < 0 && column(result, function (t) { return !isNumber(t) && year(t) === null; }).indexOf(v) >= 0;
    });
    return texts[0] || iris[0] || null;
  }

  function available(result) {
    if (result.triples) { return { Graph: true, Raw: true }; }
    if (result.boolean !== undefined) { return { Table: true, Raw: true }; }
    return {
      Table: true,
      Graph: column(result, function (t) { return t.type === "uri" || t.type === "bnode"; }).length > 0,
      Timeline: column(result, function (t) { return year(t) !== null; }).length > 0,
      Chart: column(result, isNumber).length > 0,
      Raw: true
    };
  }

  // --- table -----------------------------------------------------------------------

  function cell(term, labels) {
    var td = make("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var href = localHref(term.value);
      var el = make(href ? "a" : "span", "iri", labels[term.value] || term.value);
      if (href) { el.href = href; }
      el.title = term.value;
      td.appendChild(el);
    } else {
      td.appendChild(make("span", null, term.value));
      var note = term["xml:lang"] ? "@" + term["xml:lang"] : (datatype(term) ? "xsd:" + datatype(term) : "");
      if (note) { td.appendChild(make("small", "lang", " " + note)); }
    }
    return td;
  }

  function compare(a, b) {
    if (!a || !b) { return a ? -1 : b ? 1 : 0; }
    if (isNumber(a) && isNumber(b)) { return Number(a.value) - Number(b.value); }
    return String(a.value).localeCompare(String(b.value));
  }

  function table(result, box, labels) {
    if (result.boolean !== undefined) {
      box.appendChild(make("p", "boolean", result.boolean ? "true" : "false"));
      return;
    }
    var rows = result.rows.slice(), page = 0, order = null;
    var el = make("table", "results"), pager = make("div", "pager");
    var head = el.createTHead().insertRow(), body = el.createTBody();
    result.vars.forEach(function (v) {
      var th = make("th", null, "?" + v);
      th.setAttribute("aria-sort", "none");
      th.addEventListener("click", function () {
        var down = order && order.v === v && !order.down;
        order = { v: v, down: down };
        rows.sort(function (a, b) { return (down ? -1 : 1) * compare(a[v], b[v]); });
        Array.prototype.forEach.call(head.cells, function (c) { c.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", down ? "descending" : "ascending");
        page = 0;
        draw();
      });
      head.appendChild(th);
    });
    function draw() {
      body.textContent = "";
      rows.slice(page * PAGE, (page + 1) * PAGE).forEach(function (row) {
        var tr = body.insertRow();
        result.vars.forEach(function (v) { tr.appendChild(cell(row[v], labels)); });
      });
      pager.textContent = "";
      var pages = Math.ceil(rows.length / PAGE);
      if (pages <= 1) { return; }
      var prev = make("button", null, "‹ Previous"), next = make("button", null, "Next ›");
      prev.type = next.type = "button";
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
      prev.addEventListener("click", function () { page--; draw(); });
      next.addEventListener("click", function () { page++; draw(); });
      pager.appendChild(prev);
      pager.appendChild(make("span", null, "page " + (page + 1) + " of " + pages));
      pager.appendChild(next);
    }
    draw();
    box.appendChild(el);
    box.appendChild(pager);
  }

  // --- graph -----------------------------------------------------------------------

  function edgesOf(result) {
    if (result.triples) { return result.triples; }
    var vars = result.vars, out = [];
    var nodeish = function (t) { return t && (t.type === "uri" || t.type === "bnode"); };
    result.rows.forEach(function (row) {
      if (row.subject && row.object && vars.indexOf("predicate") >= 0) {
        out.push([row.subject, row.predicate, row.object]);
        return;
      }
      var ends = vars.filter(function (v) { return nodeish(row[v]); });
      for (var i = 1; i < ends.length; i++) {
        out.push([row[ends[0]], { type: "literal", value: ends[i] }, row[ends[i]]]);
      }
      if (ends.length === 1) { out.push([row[ends[0]], null, null]); }
    });
    return out;
  }

  function graph(result, box, labels) {
    var nodes = {}, edges = [], literals = {};
    function node(term) {
      var id = term.type === "bnode" ? "_:" + term.value : term.value;
      if (!nodes[id]) {
        nodes[id] = { id: id, label: labels[term.value] || shortIri(term.value), title: term.value,
          shape: "dot", size: 9, href: term.type === "uri" ? localHref(term.value) : null };
      }
      return id;
    }
    var all = edgesOf(result), shown = all.slice(0, MAX_EDGES);
    shown.forEach(function (t) {
      var from = node(t[0]);
      if (!t[2]) { return; }
      if (t[2].type === "literal") {
        (literals[from] = literals[from] || []).push(name(t[1], labels) + ": " + t[2].value);
        if (t[1] && /label$/i.test(t[1].value) && (!t[2]["xml:lang"] || t[2]["xml:lang"] === "en")) {
          nodes[from].label = t[2].value;
        }
        return;
      }
      edges.push({ from: from, to: node(t[2]), label: t[1] ? name(t[1], labels) : "", arrows: "to" });
    });
    var list = Object.keys(nodes).map(function (id) {
      var n = nodes[id];
      if (literals[id]) { n.title = n.title + "\n" + literals[id].join("\n"); }
      return n;
    });
    var canvas = make("div", "network");
    box.appendChild(canvas);
    var note = all.length > shown.length ? " (the first " + shown.length + " of " + all.length + " statements)" : "";
    box.appendChild(make("p", "hint", list.length + " nodes, " + edges.length + " edges" + note +
      " · double-click a node to open its page"));
    if (!window.vis) { canvas.textContent = "vis-network did not load"; return; }
    var network = new window.vis.Network(canvas, {
      nodes: new window.vis.DataSet(list), edges: new window.vis.DataSet(edges)
    }, {
      nodes: { color: { background: "#f4c7b8", border: "#b5432a" }, font: { size: 13 } },
      edges: { color: "#8a93a6", font: { size: 10, align: "middle" }, smooth: false },
      physics: { stabilization: { iterations: 150 }, barnesHut: { springLength: 120 } },
      interaction: { hover: true }
    });
    network.once("stabilizationIterationsDone", function () { network.setOptions({ physics: false }); });
    network.on("doubleClick", function (params) {
      var n = params.nodes.length && nodes[params.nodes[0]];
      if (n && n.href) { window.location.href = n.href; }
    });
  }

  // --- timeline and chart (small SVGs of our own) -----------------------------------

  function timeline(result, box, labels) {
    var when = column(result, function (t) { return year(t) !== null; })[0];
    var what = labelColumn(result, [when]);
    var rows = result.rows.filter(function (r) { return r[when]; })
      .sort(function (a, b) { return year(a[when]) - year(b[when]); });
    var lo = year(rows[0][when]), hi = year(rows[rows.length - 1][when]);
    var width = 760, left = 70, right = 330, row = 24, top = 30;
    var span = Math.max(hi - lo, 1), height = top + rows.length * row + 20;
    var pic = svg("svg", { "class": "timeline", viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img" });
    pic.appendChild(svg("line", { x1: left, x2: width - right, y1: top - 12, y2: top - 12, "class": "axis" }));
    [lo, hi].forEach(function (y, i) {
      pic.appendChild(svg("text", { x: i ? width - right : left, y: top - 18, "class": "tick", "text-anchor": "middle" }, Math.floor(y)));
    });
    rows.forEach(function (r, i) {
      var x = left + (year(r[when]) - lo) / span * (width - left - right), y = top + i * row;
      var g = svg("g", { "class": "event" });
      g.appendChild(svg("line", { x1: x, x2: x, y1: top - 12, y2: y, "class": "stem" }));
      g.appendChild(svg("circle", { cx: x, cy: y, r: 5 }));
      g.appendChild(svg("text", { x: 4, y: y + 4, "class": "date" }, r[when].value));
      g.appendChild(svg("text", { x: x + 10, y: y + 4 }, what ? name(r[what], labels) : ""));
      g.appendChild(svg("title", {}, r[when].value + " " + (what ? name(r[what], labels) : "")));
      pic.appendChild(g);
    });
    box.appendChild(pic);
  }

  function chart(result, box, labels) {
    var value = column(result, isNumber)[0];
    var what = labelColumn(result, [value]);
    var rows = result.rows.filter(function (r) { return r[value]; }).slice(0, 60);
    var max = Math.max.apply(null, rows.map(function (r) { return Math.abs(Number(r[value].value)); })) || 1;
    var width = 760, left = 260, bar = 20, gap = 6, height = rows.length * (bar + gap) + 30;
    var pic = svg("svg", { "class": "chart", viewBox: "0 0 " + width + " " + height, width: width, height: height, role: "img" });
    pic.appendChild(svg("text", { x: left, y: 14, "class": "tick" }, "?" + value));
    rows.forEach(function (r, i) {
      var v = Number(r[value].value), y = 24 + i * (bar + gap);
      var w = Math.max(1, Math.abs(v) / max * (width - left - 120));
      var label = what ? name(r[what], labels) : String(i + 1);
      var g = svg("g", { "class": "bar" });
      g.appendChild(svg("text", { x: left - 8, y: y + bar * 0.7, "text-anchor": "end" }, label.length > 40 ? label.slice(0, 39) + "…" : label));
      g.appendChild(svg("rect", { x: left, y: y, width: w, height: bar }));
      g.appendChild(svg("text", { x: left + w + 6, y: y + bar * 0.7, "class": "value" }, v.toLocaleString("en")));
      g.appendChild(svg("title", {}, label + ": " + r[value].value));
      pic.appendChild(g);
    });
    box.appendChild(pic);
  }

  function raw(result, box) {
    box.appendChild(make("pre", result.triples ? "graph raw" : "raw", result.text));
  }

  IJQ.views = { Table: table, Graph: graph, Timeline: timeline, Chart: chart, Raw: raw };
  IJQ.available = available;
  IJQ.iris = function (result) {
    var seen = {};
    (result.triples || []).forEach(function (t) { t.forEach(function (x) { if (x && x.type === "uri") { seen[x.value] = true; } }); });
    (result.rows || []).forEach(function (row) {
      Object.keys(row).forEach(function (v) { if (row[v].type === "uri") { seen[row[v].value] = true; } });
    });
    return Object.keys(seen);
  };
}());
