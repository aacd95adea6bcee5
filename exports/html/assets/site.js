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

  /* Text as the search index folds it (graph/search.py fold()): NFKC, lower case, no
   * accents on Latin letters, hiragana as katakana, punctuation and symbols as spaces. */
  function norm(text) {
    return String(text || "").normalize("NFKC").toLowerCase().normalize("NFD")
      .replace(/(?<=[\u0000-\u024f])[\u0300-\u036f]+/g, "")
      .replace(/[\u3041-\u3096]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) + 0x60);
      })
      .normalize("NFC")
      .replace(/[\p{P}\p{S}\p{Z}\p{C}]+/gu, " ")
      .split(" ").filter(Boolean).join(" ");
  }

  function say(en, ja) { return lang === "ja" && ja ? ja : en; }

  function nodeLabel(node) { return say(node.en, node.ja); }

  /* One line on the graph, at most LABEL_MAX_PX wide (English or Japanese alike);
   * the tooltip and the pages give the full name. */
  var LABEL_MAX_PX = 190;
  var shortened = {};

  function shortLabel(text) {
    text = String(text || "");
    if (shortened[text] !== undefined) return shortened[text];
    var out = text;
    if (textWidth(text) > LABEL_MAX_PX) {
      var low = 1, high = text.length;
      while (low < high) {  // the longest prefix that fits with its ellipsis
        var mid = (low + high + 1) >> 1;
        if (textWidth(text.slice(0, mid) + "…") <= LABEL_MAX_PX) low = mid; else high = mid - 1;
      }
      var cut = text.slice(0, low);
      var space = cut.lastIndexOf(" ");
      out = (space > low / 2 ? cut.slice(0, space) : cut) + "…";
    }
    shortened[text] = out;
    return out;
  }

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
    if (button) {
      button.textContent = lang === "ja" ? "English" : "日本語";
      button.setAttribute("lang", lang === "ja" ? "en" : "ja");
    }
    var search = byId("ijg-search");
    if (search) {
      if (!search.hasAttribute("data-placeholder-en")) {
        search.setAttribute("data-placeholder-en", search.getAttribute("placeholder"));
      }
      search.setAttribute("placeholder", search.getAttribute("data-placeholder-" + lang));
    }
    if (IJG.nodes) {
      if (!dense) {
        IJG.edges.update(IJG.edges.get().map(function (e) { return { id: e.id, label: say(e.en, e.lj) }; }));
      }
      placeLabels();
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
    /* Dense graphs: edge labels and arrows cost more to draw than they say at that
     * density (the tooltip still names each relation and its direction), and the
     * edges are added after the nodes and their labels are on screen. */
    dense = data.edges.length > DENSE_EDGES;
    data.nodes.forEach(function (n) { n.label = ""; });
    data.edges.forEach(function (e) { e.en = e.label; e.label = dense ? undefined : say(e.en, e.lj); });
    if (dense) data.options.edges.arrows = { to: { enabled: false } };
    IJG.font = data.options.nodes.font.face;
    var nodes = new window.vis.DataSet(data.nodes);
    var edges = new window.vis.DataSet(dense ? [] : data.edges);
    var network = new window.vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    IJG.network = network;
    IJG.nodes = nodes;
    IJG.edges = edges;
    IJG.counts = { nodes: nodes.length, edges: data.edges.length };
    IJG.visibleNodes = function () {
      return nodes.get({ filter: function (n) { return !n.hidden; } }).length;
    };
    data.nodes.forEach(function (n) { records[n.id] = n; });
    ranked = data.nodes.slice().sort(function (a, b) { return a.r - b.r; }).map(function (n) { return n.id; });
    network.on("afterDrawing", drawLabels);
    network.once("afterDrawing", function () {
      IJG.firstDraw = IJG.labelledDraw = window.performance.now();
      if (!dense) {
        container.setAttribute("data-drawn", "1");
        return;
      }
      window.setTimeout(function () {
        edges.add(data.edges);
        network.once("afterDrawing", function () {
          IJG.completeDraw = window.performance.now();
          container.setAttribute("data-drawn", "1");
        });
        network.redraw();
      }, 0);
    });
    fitView();

    network.on("hoverNode", function (p) { focusOn(p.node); });
    network.on("blurNode", function () { focusOn(null); });
    network.on("click", function (params) {
      if (params.nodes.length) {
        var node = nodes.get(params.nodes[0]);
        window.location.href = entityHref(node.s);
      }
    });
    network.on("hoverNode", function (p) { showTooltip(nodeTooltip(nodes.get(p.node)), p.pointer.DOM); });
    network.on("hoverEdge", function (p) { showTooltip(edgeTooltip(edges.get(p.edge)), p.pointer.DOM); });
    network.on("blurNode", hideTooltip);
    IJG.labelBoxes = labelBoxes;
    IJG.nodeName = function (id) { return nodeLabel(nodes.get(id)); };
    IJG.placeLabels = placeLabels;
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
    scheduleLabels();
  }


  /* ---- label grid -------------------------------------------------------- */
  /* The page draws the node labels itself, on vis-network's canvas after each
   * frame, at one screen size (LABEL_PX) at every zoom. Going through the nodes
   * by importance (rank r, precomputed in Python; hovered nodes first), a label
   * is drawn only if its box on screen overlaps no label already drawn and lies
   * wholly inside the view: at the default zoom the most important entities are
   * named, and more appear as you zoom in. */

  var LABEL_PX = 13;
  var MAX_LABELS = 400;
  var DENSE_EDGES = 2000;
  var dense = false;
  var records = {};       // node id -> its record (labels, group): read without DataSet copies
  var hiddenGroups = {};  // families unticked in the legend
  var ranked = [];
  var forced = {};        // node id -> true: labelled first (hovered neighbourhood)
  var dimmedOut = {};     // node id -> true: dimmed by the hover focus
  var drawn = [];         // the labels of the last frame: {id, text, x0, y0, x1, y1}
  var widths = {};
  var measure = null;

  function labelFont() { return LABEL_PX + "px " + (IJG.font || "system-ui, sans-serif"); }

  function textWidth(text) {
    if (widths[text] === undefined) {
      if (!measure) {
        measure = document.createElement("canvas").getContext("2d");
        measure.font = labelFont();
      }
      widths[text] = measure.measureText(text).width;
    }
    return widths[text];
  }

  function scheduleLabels() { if (IJG.network) IJG.network.redraw(); }

  function nodeRadius(id, scale) {
    var body = IJG.network.body.nodes[id];
    var size = body && body.options && body.options.size ? body.options.size : 10;
    return size * scale;
  }

  function chooseLabels() {
    var network = IJG.network;
    var scale = network.getScale();
    var box = byId("ijg-network");
    var W = box.clientWidth, H = box.clientHeight;
    var cells = {};
    var CELL = 80;
    var chosen = [];
    var taken = {};
    function collides(b) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          var list = cells[cx + "," + cy];
          if (!list) continue;
          for (var i = 0; i < list.length; i++) {
            var o = list[i];
            if (b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return true;
          }
        }
      }
      return false;
    }
    function add(b) {
      for (var cx = Math.floor(b[0] / CELL); cx <= Math.floor(b[2] / CELL); cx++) {
        for (var cy = Math.floor(b[1] / CELL); cy <= Math.floor(b[3] / CELL); cy++) {
          (cells[cx + "," + cy] = cells[cx + "," + cy] || []).push(b);
        }
      }
    }
    var order = Object.keys(forced).concat(ranked);
    var positions = network.getPositions();
    for (var k = 0; k < order.length && chosen.length < MAX_LABELS; k++) {
      var id = order[k];
      if (taken[id]) continue;
      var node = records[id];
      if (!node || hiddenGroups[node.group] || !positions[id]) continue;
      var at = network.canvasToDOM(positions[id]);
      if (at.x < 0 || at.y < 0 || at.x > W || at.y > H) continue;
      var top = at.y + nodeRadius(id, scale) + 3;
      // The narrowest box first: if even that is taken, skip without measuring the text.
      if (collides([at.x - 4, top - 1, at.x + 4, top + LABEL_PX * 1.3])) continue;
      var text = shortLabel(nodeLabel(node));
      var w = textWidth(text);
      var b = [at.x - w / 2 - 3, top - 1, at.x + w / 2 + 3, top + LABEL_PX * 1.3];
      if (b[0] < 1 || b[2] > W - 1 || b[1] < 1 || b[3] > H - 1) continue;  // whole labels only
      if (collides(b)) continue;
      add(b);
      taken[id] = true;
      chosen.push({ id: id, text: text, x: at.x, y: top, x0: at.x - w / 2, x1: at.x + w / 2,
                    y0: top, y1: top + LABEL_PX * 1.2 });
    }
    return chosen;
  }

  /* After vis-network draws a frame: choose the labels that fit and draw them
   * in screen pixels (white halo, then the text). */
  function drawLabels(ctx) {
    drawn = chooseLabels();
    IJG.labelled = drawn.length;
    var ratio = IJG.network.canvas.pixelRatio || window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.font = labelFont();
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    ctx.lineWidth = 3;
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    drawn.forEach(function (l) {
      ctx.globalAlpha = dimmedOut[l.id] ? 0.25 : 1;
      ctx.strokeText(l.text, l.x, l.y);
      ctx.fillStyle = "#1b1f24";
      ctx.fillText(l.text, l.x, l.y);
    });
    ctx.restore();
  }

  function placeLabels() { if (IJG.network) IJG.network.redraw(); }

  /* The labels of the last frame, in pixels of the graph box (for tests and tools). */
  function labelBoxes() {
    return drawn.map(function (l) {
      return { id: l.id, text: l.text, x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1 };
    });
  }

  /* ---- focus: hovering a node dims everything outside its neighbourhood ---- */

  var dimmed = false;

  function focusOn(id) {
    var network = IJG.network;
    if (!network || IJG.nodes.length > 3000) return;
    forced = {};
    if (id === null) {
      if (!dimmed) return;
      dimmed = false;
      IJG.nodes.update(IJG.nodes.getIds().map(function (n) { return { id: n, opacity: 1 }; }));
      IJG.edges.update(IJG.edges.get().map(function (e) {
        return { id: e.id, color: { opacity: e.hubOpacity || 1 } };
      }));
      dimmedOut = {};
      placeLabels();
      return;
    }
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var near = {};
    network.getConnectedEdges(id).forEach(function (e) { near[e] = true; });
    forced[id] = true;
    dimmed = true;
    IJG.nodes.update(IJG.nodes.getIds().map(function (n) { return { id: n, opacity: keep[n] ? 1 : 0.15 }; }));
    IJG.edges.update(IJG.edges.get().map(function (e) {
      if (e.hubOpacity === undefined) e.hubOpacity = (e.color && e.color.opacity) || 1;
      return { id: e.id, hubOpacity: e.hubOpacity, color: { opacity: near[e.id] ? 1 : 0.06 } };
    }));
    Object.keys(keep).forEach(function (n) { if (n !== id) forced[n] = true; });
    dimmedOut = {};
    IJG.nodes.getIds().forEach(function (n) { if (!keep[n]) dimmedOut[n] = true; });
    placeLabels();
  }

  /* ---- class filter ------------------------------------------------------ */

  function applyFilter() {
    if (!IJG.nodes) return;
    var hidden = {};
    document.querySelectorAll("#ijg-filter input[data-family]").forEach(function (box) {
      if (!box.checked) hidden[box.getAttribute("data-family")] = true;
    });
    hiddenGroups = hidden;
    IJG.nodes.update(IJG.nodes.get().map(function (n) {
      return { id: n.id, hidden: !!hidden[n.group] };
    }));
    placeLabels();
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
                 keys: [e[2], e[3], e[4], e[5], e[0]].map(norm).concat(e[8] || []) };
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

  /* The one place the pages search entities (English, Japanese, Hindi names,
   * aliases, IDs): swap this function to use another index. */
  function findEntities(text, limit) {
    var query = norm(text).trim();
    if (!query) return [];
    return searchRows()
      .map(function (row) { return { row: row, s: score(row, query) }; })
      .filter(function (x) { return x.s >= 0; })
      .sort(function (a, b) {
        return b.s - a.s || a.row.en.localeCompare(b.row.en) || (a.row.id < b.row.id ? -1 : 1);
      })
      .slice(0, limit || 12)
      .map(function (x) { return x.row; });
  }
  IJG.findEntities = findEntities;

  function runSearch(text) {
    var results = byId("ijg-results");
    results.replaceChildren();
    if (!norm(text).trim()) { results.hidden = true; return []; }
    var found = findEntities(text, 12);
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
    forced = {};
    forced[id] = true;
    placeLabels();
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
      } else if (event.key === "ArrowDown") {
        var top = results.querySelector("a.result");
        if (top) { event.preventDefault(); top.focus(); }
      }
    });
    results.addEventListener("keydown", function (event) {
      var links = [].slice.call(results.querySelectorAll("a.result"));
      var at = links.indexOf(document.activeElement);
      if (event.key === "ArrowDown" && at < links.length - 1) { event.preventDefault(); links[at + 1].focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
      else if (event.key === "Escape") { results.hidden = true; input.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest || !event.target.closest(".search")) results.hidden = true;
    });
    IJG.search = runSearch;
  }


  /* ---- menus: one open at a time, Escape closes ----------------------------- */

  function initMenus() {
    var menus = [].slice.call(document.querySelectorAll("details.menu"));
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (menu.open) menus.forEach(function (m) { if (m !== menu) m.open = false; });
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (m) { if (m.open && !m.contains(event.target)) m.open = false; });
    });
  }

  /* ---- reader: the linked sentence opens its facts ---------------------------- */

  function initReader() {
    if (!byId("ijg-reader")) return;
    function openTarget() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var sentence = id ? byId(id) : null;
      var facts = sentence ? sentence.querySelector("details.stated") : null;
      if (facts) facts.open = true;
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  /* ---- timeline filters ------------------------------------------------------ */

  function initTimeline() {
    var form = byId("ijg-timeline-filters");
    if (!form) return;
    var items = [].slice.call(document.querySelectorAll("#ijg-timeline > li"));
    var count = byId("ijg-timeline-count");
    function apply() {
      var from = parseInt(form.elements.from.value, 10), to = parseInt(form.elements.to.value, 10);
      var types = {};
      [].forEach.call(form.querySelectorAll("input[name=type]"), function (b) { types[b.value] = b.checked; });
      var n = 0;
      items.forEach(function (li) {
        var y = li.getAttribute("data-year");
        var ok = types[li.getAttribute("data-type")] !== false;
        if (y === "") ok = ok && form.elements.undated.checked;
        else { y = parseInt(y, 10); ok = ok && !(from > y) && !(to < y); }
        li.hidden = !ok;
        if (ok) n++;
      });
      count.textContent = say(n + " of " + items.length + " facts shown", items.length + " 件中 " + n + " 件を表示");
    }
    form.addEventListener("input", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    IJG.applyTimeline = apply;
    apply();
  }

  /* ---- path page: how are A and B linked? ------------------------------------- */

  function shortestPath(links, from, to) {
    /* Dijkstra over the undirected graph; background-only edges cost more. */
    var n = links.nodes.length;
    var adj = [];
    for (var i = 0; i < n; i++) adj.push({});
    links.edges.forEach(function (e, k) {
      var cost = e[6] ? links.backgroundCost : 1;
      [[e[0], e[1]], [e[1], e[0]]].forEach(function (pair) {
        var old = adj[pair[0]][pair[1]];
        if (old === undefined || cost < old.cost) adj[pair[0]][pair[1]] = { cost: cost };
      });
    });
    var dist = new Array(n).fill(Infinity), prev = new Array(n).fill(-1), done = new Array(n).fill(false);
    dist[from] = 0;
    for (;;) {
      var u = -1;
      for (var j = 0; j < n; j++) if (!done[j] && dist[j] < Infinity && (u < 0 || dist[j] < dist[u])) u = j;
      if (u < 0 || u === to) break;
      done[u] = true;
      Object.keys(adj[u]).map(Number).sort(function (a, b) { return a - b; }).forEach(function (v) {
        var d = dist[u] + adj[u][v].cost;
        if (d < dist[v]) { dist[v] = d; prev[v] = u; }
      });
    }
    if (dist[to] === Infinity) return null;
    var path = [to];
    while (path[0] !== from) path.unshift(prev[path[0]]);
    return path;
  }

  function hopBetween(links, a, b) {
    var best = null;
    links.edges.forEach(function (e) {
      var forward = e[0] === a && e[1] === b;
      if (!forward && !(e[0] === b && e[1] === a)) return;
      var key = [e[6], forward ? 0 : 1, e[2]];
      if (!best || key[0] < best.key[0] || (key[0] === best.key[0] && (key[1] < best.key[1] ||
          (key[1] === best.key[1] && key[2] < best.key[2])))) best = { key: key, edge: e, forward: forward };
    });
    return best;
  }

  function initPath() {
    var form = byId("ijg-path-form");
    var links = window.IJG_LINKS;
    if (!form || !links) return;
    var chosen = { from: null, to: null };
    var where = {};
    links.nodes.forEach(function (id, i) { where[id] = i; });
    var rows = {};
    searchRows().forEach(function (r) { rows[r.id] = r; });

    function label(id) { var r = rows[id]; return r ? say(r.en, r.ja) : id; }

    function entityLink(id) {
      var r = rows[id];
      var a = make("a", null, label(id));
      if (r) a.href = entityHref(r.slug);
      return a;
    }

    ["from", "to"].forEach(function (end) {
      var input = byId("ijg-path-" + end);
      var list = byId("ijg-path-" + end + "-list");
      function pick(row) {
        chosen[end] = row.id;
        input.value = say(row.en, row.ja);
        list.hidden = true;
        input.setAttribute("aria-expanded", "false");
      }
      function show() {
        list.replaceChildren();
        chosen[end] = null;
        var found = findEntities(input.value, 8);
        found.forEach(function (row, i) {
          var li = make("li");
          var opt = make("a", "result");
          opt.href = "#";
          opt.setAttribute("role", "option");
          opt.setAttribute("data-id", row.id);
          opt.appendChild(make("span", "result-label", say(row.en, row.ja)));
          var other = lang === "ja" ? row.en : row.ja || row.hi;
          if (other) opt.appendChild(make("span", "result-other", other));
          opt.addEventListener("click", function (ev) { ev.preventDefault(); pick(row); input.focus(); });
          li.appendChild(opt);
          list.appendChild(li);
        });
        list.hidden = !found.length;
        input.setAttribute("aria-expanded", found.length ? "true" : "false");
        if (found.length) chosen[end] = found[0].id;
      }
      input.addEventListener("input", show);
      input.addEventListener("keydown", function (ev) {
        var opts = [].slice.call(list.querySelectorAll("a.result"));
        if (ev.key === "ArrowDown" && opts.length) { ev.preventDefault(); opts[0].focus(); }
        else if (ev.key === "Escape") { list.hidden = true; }
        else if (ev.key === "Enter" && !list.hidden && opts.length) { ev.preventDefault(); opts[0].click(); }
      });
      list.addEventListener("keydown", function (ev) {
        var opts = [].slice.call(list.querySelectorAll("a.result"));
        var at = opts.indexOf(document.activeElement);
        if (ev.key === "ArrowDown" && at < opts.length - 1) { ev.preventDefault(); opts[at + 1].focus(); }
        else if (ev.key === "ArrowUp") { ev.preventDefault(); (at > 0 ? opts[at - 1] : input).focus(); }
        else if (ev.key === "Escape") { list.hidden = true; input.focus(); }
      });
    });

    function explain() {
      var out = byId("ijg-path-result");
      out.replaceChildren();
      if (!chosen.from || !chosen.to) {
        out.appendChild(make("p", "none", say("Choose two entities first.", "まず2つのエンティティを選んでください。")));
        return null;
      }
      var path = chosen.from === chosen.to ? [where[chosen.from]] :
        shortestPath(links, where[chosen.from], where[chosen.to]);
      if (!path) {
        out.appendChild(make("p", "none", say("Nothing in the graph links them.", "グラフ上でつながりはありません。")));
        return [];
      }
      var head = make("p", "path-summary");
      head.appendChild(entityLink(chosen.from));
      head.appendChild(document.createTextNode(" → "));
      head.appendChild(entityLink(chosen.to));
      head.appendChild(document.createTextNode(" · " + say((path.length - 1) + " hops", (path.length - 1) + " ステップ")));
      out.appendChild(head);
      var ol = make("ol", "hops");
      var hops = [];
      for (var i = 0; i + 1 < path.length; i++) {
        var hop = hopBetween(links, path[i], path[i + 1]);
        var e = hop.edge;
        var li = make("li", "hop");
        var triple = make("p", "triple");
        triple.appendChild(entityLink(links.nodes[e[0]]));
        triple.appendChild(make("span", "predicate", " " + say(e[3], e[4]) + " "));
        triple.appendChild(entityLink(links.nodes[e[1]]));
        li.appendChild(triple);
        if (e[5].length) {
          e[5].forEach(function (pid) {
            var q = make("blockquote", "quote");
            var info = links.passages[pid] || ["", ""];
            q.appendChild(make("p", null, info[0]));
            var foot = make("footer");
            foot.appendChild(make("span", "pid", pid));
            if (info[1]) {
              foot.appendChild(document.createTextNode(" · "));
              var a = make("a", "in-context", say("Read in context", "原文で読む"));
              a.href = info[1];
              foot.appendChild(a);
            }
            q.appendChild(foot);
            li.appendChild(q);
          });
        } else {
          li.appendChild(make("p", "background", say("Background knowledge: not stated by a source.",
                                                       "背景知識（出典には記載なし）。")));
        }
        ol.appendChild(li);
        hops.push([links.nodes[e[0]], e[2], links.nodes[e[1]]]);
      }
      out.appendChild(ol);
      return hops;
    }
    form.addEventListener("submit", function (ev) { ev.preventDefault(); explain(); });
    IJG.explainPath = function (a, b) { chosen.from = a; chosen.to = b; return explain(); };
    var params = new URLSearchParams(window.location.search);
    if (params.get("from") && params.get("to") && where[params.get("from")] !== undefined &&
        where[params.get("to")] !== undefined) {
      chosen.from = params.get("from");
      chosen.to = params.get("to");
      byId("ijg-path-from").value = label(chosen.from);
      byId("ijg-path-to").value = label(chosen.to);
      explain();
    }
  }

  /* ---- start ------------------------------------------------------------- */

  setLang(storedLang());
  initGraph();
  initFilter();
  initSearch();
  initMenus();
  initTimeline();
  initPath();
  initReader();
  var langButton = byId("ijg-lang");
  if (langButton) {
    langButton.addEventListener("click", function () { setLang(lang === "ja" ? "en" : "ja"); });
  }
})();
