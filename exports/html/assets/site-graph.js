/* ijgraph pages, the graph of a page (overview, theme, entity): vis-network draws it
 * from the page's JSON (#ijg-data) at the positions computed in Python (physics off).
 * The other graph files add to it: site-tooltip.js, site-labels.js (the label grid),
 * site-backdrop.js (the edges of dense graphs), site-focus.js (hover and search focus),
 * site-filter.js (the class filter). IJG.graph holds what they share; this file is loaded
 * before them. */
(function (IJG) {
  "use strict";

  var byId = IJG.byId, say = IJG.say;
  /* Above this many edges a graph is dense: the page paints its edges itself
   * (site-backdrop.js), and vis-network has only those of the nodes in focus. */
  var DENSE_EDGES = 2000;

  var G = (IJG.graph = {
    dense: false,
    records: {},       // node id -> its record (labels, group): read without DataSet copies
    ranked: [],        // node ids, most important first (rank r, precomputed in Python)
    hiddenGroups: {},  // families unticked in the legend
    forced: {},        // node id -> true: labelled first (hovered neighbourhood)
    dimmedOut: {},     // node id -> true: dimmed by the hover focus
    edges: [],         // every edge's record, as in the page's data
    incident: {}       // node id -> the indices in edges of its edges (in either direction)
  });

  function incidence(edges) {
    var incident = {};
    edges.forEach(function (e, k) {
      (incident[e.from] = incident[e.from] || []).push(k);
      if (e.to !== e.from) (incident[e.to] = incident[e.to] || []).push(k);
    });
    return incident;
  }

  function initGraph() {
    var data = IJG.readJSON("ijg-data");
    var container = byId("ijg-network");
    if (!data || !container || !window.vis) return;
    var dense = (G.dense = data.edges.length > DENSE_EDGES);
    data.nodes.forEach(function (n) { n.label = ""; });
    data.edges.forEach(function (e) { e.en = e.label; e.label = say(e.en, e.lj); });
    G.edges = data.edges;
    G.incident = incidence(data.edges);
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
    data.nodes.forEach(function (n) { G.records[n.id] = n; });
    G.ranked = data.nodes.slice().sort(function (a, b) { return a.r - b.r; }).map(function (n) { return n.id; });
    network.on("afterDrawing", IJG.drawLabels);
    if (dense) IJG.backdrop.attach(network, data);
    network.on("afterDrawing", function first() {
      var now = window.performance.now();
      if (!IJG.labelledDraw) IJG.firstDraw = IJG.labelledDraw = now;
      // Complete when every edge is on screen, drawn by vis-network or by the backdrop.
      var drawn = edges.length + (dense ? IJG.backdrop.painted : 0);
      if (drawn < data.edges.length) return;
      IJG.completeDraw = now;
      IJG.completeEdges = drawn;
      container.setAttribute("data-drawn", "1");
      network.off("afterDrawing", first);
    });
    fitView();

    network.on("hoverNode", function (p) { IJG.focusOn(p.node); });
    network.on("blurNode", function () { IJG.focusOn(null); });
    network.on("click", function (params) {
      if (params.nodes.length) {
        var node = nodes.get(params.nodes[0]);
        window.location.href = IJG.entityHref(node.s);
      }
    });
    network.on("hoverNode", function (p) { IJG.showTooltip(IJG.nodeTooltip(nodes.get(p.node)), p.pointer.DOM); });
    network.on("hoverEdge", function (p) { IJG.showTooltip(IJG.edgeTooltip(edges.get(p.edge)), p.pointer.DOM); });
    network.on("blurNode", IJG.hideTooltip);
    IJG.nodeName = function (id) { return IJG.nodeLabel(nodes.get(id)); };
    network.on("blurEdge", IJG.hideTooltip);
    network.on("dragStart", IJG.hideTooltip);
    network.on("zoom", IJG.hideTooltip);
    network.on("select", IJG.syncFocus);
    if (IJG.page.centre) {
      network.selectNodes([IJG.page.centre]);
      IJG.syncFocus();
    }
    var fit = byId("ijg-fit");
    if (fit) fit.addEventListener("click", fitView);
  }

  function fitView() {
    var network = IJG.network;
    if (!network) return;
    network.fit({ animation: false });
    if (network.getScale() > 1.3) network.moveTo({ scale: 1.3, animation: false });
    IJG.placeLabels();
  }

  IJG.on("start", initGraph);
  IJG.on("lang", function () {
    if (!IJG.nodes) return;
    // Every vis-network edge: all of a sparse graph's, those in focus of a dense one.
    IJG.edges.update(IJG.edges.get().map(function (e) { return { id: e.id, label: say(e.en, e.lj) }; }));
    IJG.placeLabels();
  });
})(window.IJG);
