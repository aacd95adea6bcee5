/* ijgraph pages: draw the graph (positions precomputed, physics off), tooltips,
 * search, class filter and the English/Japanese switch.
 * Data is never parsed as HTML: every text goes through textContent. */
(function () {
  "use strict";

  var IJG = (window.IJG = window.IJG || {});
  var root = document.body.getAttribute("data-root") || "";
  var lang = "en";
  var page = readJSON("ijg-page") || {};
  var index = window.IJG_INDEX || { entities: [], classes: {} };

  function byId(id) { return document.getElementById(id); }

  function readJSON(id) {
    var el = byId(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  function norm(text) { return String(text || "").normalize("NFKC").toLowerCase(); }

  function say(en, ja) { return lang === "ja" && ja ? ja : en; }

  function nodeLabel(node) { return say(node.en, node.ja); }

  function entityHref(slug) { return root + "entity/" + slug + ".html"; }

  function className(type) {
    var pair = (page.classes && page.classes[type]) || index.classes[type] || [type, ""];
    return say(pair[0], pair[1]);
  }

  /* ---- language ---------------------------------------------------------- */

  function storedLang() {
    var match = /[?&]lang=(en|ja)\b/.exec(window.location.search);
    if (match) return match[1];
    try { return window.localStorage.getItem("ijg-lang") || "en"; } catch (e) { return "en"; }
  }

  function setLang(next) {
    lang = next === "ja" ? "ja" : "en";
    document.documentElement.setAttribute("data-lang", lang);
    document.documentElement.setAttribute("lang", lang);
    try { window.localStorage.setItem("ijg-lang", lang); } catch (e) { /* file:// may refuse */ }
    var button = byId("ijg-lang");
    if (button) button.textContent = lang === "ja" ? "English" : "日本語";
    var search = byId("ijg-search");
    if (search) {
      if (!search.hasAttribute("data-placeholder-en")) {
        search.setAttribute("data-placeholder-en", search.getAttribute("placeholder"));
      }
      search.setAttribute("placeholder", search.getAttribute("data-placeholder-" + lang));
    }
    if (IJG.nodes) {
      IJG.nodes.update(IJG.nodes.get().map(function (n) { return { id: n.id, label: nodeLabel(n) }; }));
      IJG.edges.update(IJG.edges.get().map(function (e) { return { id: e.id, label: say(e.en, e.lj) }; }));
    }
    if (search && search.value) runSearch(search.value);
    IJG.lang = lang;
  }

  /* ---- tooltips ---------------------------------------------------------- */

  var tooltip = byId("ijg-tooltip");

  function showTooltip(content, pointer) {
    if (!tooltip) return;
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    var box = byId("ijg-graph-box");
    var maxX = box.clientWidth - tooltip.offsetWidth - 8;
    var maxY = box.clientHeight - tooltip.offsetHeight - 8;
    tooltip.style.left = Math.max(8, Math.min(pointer.x + 14, maxX)) + "px";
    tooltip.style.top = Math.max(8, Math.min(pointer.y + 14, maxY)) + "px";
  }

  function hideTooltip() { if (tooltip) tooltip.hidden = true; }

  function nodeTooltip(node) {
    var box = make("div", "tip");
    box.appendChild(make("div", "tip-title", nodeLabel(node)));
    var names = [node.en, node.ja, node.hi].filter(function (x, i, all) {
      return x && all.indexOf(x) === i && x !== nodeLabel(node);
    });
    if (names.length) box.appendChild(make("div", "tip-names", names.join(" · ")));
    box.appendChild(make("div", "tip-type", className(node.t)));
    if (node.d) box.appendChild(make("p", "tip-desc", node.d));
    if (node.f && node.f.length) {
      var dl = make("dl", "tip-facts");
      node.f.forEach(function (fact) {
        dl.appendChild(make("dt", null, say(fact[0], fact[1])));
        dl.appendChild(make("dd", null, fact[2]));
      });
      box.appendChild(dl);
    }
    if (node.al && node.al.length) box.appendChild(make("div", "tip-aliases", node.al.join(", ")));
    box.appendChild(make("div", "tip-hint", say("Click to open its page", "クリックでページを開く")));
    return box;
  }

  function edgeTooltip(edge) {
    var box = make("div", "tip");
    var from = IJG.nodes.get(edge.from);
    var to = IJG.nodes.get(edge.to);
    var title = make("div", "tip-title");
    title.appendChild(make("span", null, nodeLabel(from)));
    title.appendChild(make("span", "tip-pred", " " + say(edge.en, edge.lj) + " → "));
    title.appendChild(make("span", null, nodeLabel(to)));
    box.appendChild(title);
    (edge.ps || []).slice(0, 4).forEach(function (pid) {
      var quote = make("blockquote", "tip-quote");
      quote.appendChild(make("p", null, (page.passages || {})[pid] || ""));
      quote.appendChild(make("div", "tip-pid", pid));
      box.appendChild(quote);
    });
    if (edge.bg) {
      box.appendChild(make("p", "tip-bg", say("Background knowledge: not stated by the article.",
                                               "背景知識（記事には記載なし）。")));
    }
    return box;
  }

  /* ---- graph ------------------------------------------------------------- */

  function initGraph() {
    var data = readJSON("ijg-data");
    var container = byId("ijg-network");
    if (!data || !container || !window.vis) return;
    data.nodes.forEach(function (n) { n.label = nodeLabel(n); });
    data.edges.forEach(function (e) { e.en = e.label; e.label = say(e.en, e.lj); });
    var nodes = new window.vis.DataSet(data.nodes);
    var edges = new window.vis.DataSet(data.edges);
    var network = new window.vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    IJG.network = network;
    IJG.nodes = nodes;
    IJG.edges = edges;
    IJG.counts = { nodes: nodes.length, edges: edges.length };
    IJG.visibleNodes = function () {
      return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    };
    network.once("afterDrawing", function () {
      IJG.firstDraw = window.performance.now();
      container.setAttribute("data-drawn", "1");
    });
    fitView();
    network.on("click", function (params) {
      if (params.nodes.length) {
        var node = nodes.get(params.nodes[0]);
        window.location.href = entityHref(node.s);
      }
    });
    network.on("hoverNode", function (p) { showTooltip(nodeTooltip(nodes.get(p.node)), p.pointer.DOM); });
    network.on("hoverEdge", function (p) { showTooltip(edgeTooltip(edges.get(p.edge)), p.pointer.DOM); });
    network.on("blurNode", hideTooltip);
    network.on("blurEdge", hideTooltip);
    network.on("dragStart", hideTooltip);
    network.on("zoom", hideTooltip);
    if (page.centre) network.selectNodes([page.centre]);
    var fit = byId("ijg-fit");
    if (fit) fit.addEventListener("click", fitView);
  }

  function fitView() {
    var network = IJG.network;
    if (!network) return;
    network.fit({ animation: false });
    if (network.getScale() > 1.3) network.moveTo({ scale: 1.3, animation: false });
  }

  /* ---- class filter ------------------------------------------------------ */

  function applyFilter() {
    if (!IJG.nodes) return;
    var hidden = {};
    document.querySelectorAll("#ijg-filter input[data-family]").forEach(function (box) {
      if (!box.checked) hidden[box.getAttribute("data-family")] = true;
    });
    IJG.nodes.update(IJG.nodes.get().map(function (n) {
      return { id: n.id, hidden: !!hidden[n.group] };
    }));
  }

  function initFilter() {
    var list = byId("ijg-filter");
    if (list) list.addEventListener("change", applyFilter);
    var all = byId("ijg-filter-all");
    if (all) {
      all.addEventListener("click", function () {
        document.querySelectorAll("#ijg-filter input[data-family]").forEach(function (b) { b.checked = true; });
        applyFilter();
      });
    }
  }

  /* ---- search ------------------------------------------------------------ */

  var searchable = null;

  function searchRows() {
    if (!searchable) {
      searchable = index.entities.map(function (e) {
        return { id: e[0], slug: e[1], en: e[2], ja: e[3], hi: e[4], type: e[7],
                 keys: [e[2], e[3], e[4], e[5], e[0]].map(norm) };
      });
    }
    return searchable;
  }

  function score(row, query) {
    var best = -1;
    row.keys.forEach(function (key) {
      if (!key) return;
      var at = key.indexOf(query);
      if (at < 0) return;
      var s = key === query ? 3 : at === 0 ? 2 : 1;
      if (s > best) best = s;
    });
    return best;
  }

  function runSearch(text) {
    var results = byId("ijg-results");
    var query = norm(text).trim();
    results.replaceChildren();
    if (!query) { results.hidden = true; return []; }
    var found = searchRows()
      .map(function (row) { return { row: row, s: score(row, query) }; })
      .filter(function (x) { return x.s >= 0; })
      .sort(function (a, b) {
        return b.s - a.s || a.row.en.localeCompare(b.row.en) || (a.row.id < b.row.id ? -1 : 1);
      })
      .slice(0, 12)
      .map(function (x) { return x.row; });
    found.forEach(function (row) {
      var item = make("li");
      var link = make("a", "result");
      link.href = entityHref(row.slug);
      link.setAttribute("data-id", row.id);
      link.appendChild(make("span", "result-label", say(row.en, row.ja)));
      var other = lang === "ja" ? row.en : row.ja || row.hi;
      if (other) link.appendChild(make("span", "result-other", other));
      link.appendChild(make("span", "result-type", className(row.type)));
      link.addEventListener("click", function (event) {
        if (IJG.nodes && IJG.nodes.get(row.id) && !event.ctrlKey && !event.metaKey) {
          event.preventDefault();
          showNode(row.id);
        }
      });
      item.appendChild(link);
      results.appendChild(item);
    });
    if (!found.length) results.appendChild(make("li", "none", say("No match", "該当なし")));
    results.hidden = false;
    return found;
  }

  function showNode(id) {
    var network = IJG.network;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    IJG.found = id;
  }

  function initSearch() {
    var input = byId("ijg-search");
    var results = byId("ijg-results");
    if (!input) return;
    input.addEventListener("input", function () { runSearch(input.value); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        var first = results.querySelector("a.result");
        if (first) first.click();
      } else if (event.key === "Escape") {
        results.hidden = true;
      }
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".search")) results.hidden = true;
    });
    IJG.search = runSearch;
  }

  /* ---- start ------------------------------------------------------------- */

  setLang(storedLang());
  initGraph();
  initFilter();
  initSearch();
  var langButton = byId("ijg-lang");
  if (langButton) {
    langButton.addEventListener("click", function () { setLang(lang === "ja" ? "en" : "ja"); });
  }
})();
