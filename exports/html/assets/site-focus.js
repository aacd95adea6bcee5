/* ijgraph pages, focus: hovering a node dims everything outside its neighbourhood and
 * labels that neighbourhood first; a search result is selected, centred and labelled.
 * On a dense graph the focused nodes' edges (hovered, selected) become vis-network edges,
 * with labels, arrows and tooltips (site-backdrop.js paints the others). */
(function (IJG) {
  "use strict";

  var G = IJG.graph;
  var FADED = 0.15;   // a node's opacity outside the focus
  var dimmed = false;
  var hovered = null;

  /* The node, its neighbours (in the order vis-network's getConnectedNodes gives them),
   * and its edges' ids. */
  function neighbourhood(id) {
    var keep = {}, near = {};
    keep[id] = true;
    (G.incident[id] || []).forEach(function (k) {
      var e = G.edges[k];
      keep[e.from] = keep[e.to] = true;
      near[e.id] = true;
    });
    return { keep: keep, near: near };
  }

  function focusOn(id) {
    if (!IJG.network) return;
    if (G.dense) { focusDense(id); return; }
    if (IJG.nodes.length > 3000) return;
    G.forced = {};
    if (id === null) {
      if (!dimmed) return;
      dimmed = false;
      IJG.nodes.update(IJG.nodes.getIds().map(function (n) { return { id: n, opacity: 1 }; }));
      IJG.edges.update(IJG.edges.get().map(function (e) {
        return { id: e.id, color: { opacity: e.hubOpacity || 1 } };
      }));
      G.dimmedOut = {};
      IJG.placeLabels();
      return;
    }
    var around = neighbourhood(id), keep = around.keep, near = around.near;
    G.forced[id] = true;
    dimmed = true;
    IJG.nodes.update(IJG.nodes.getIds().map(function (n) { return { id: n, opacity: keep[n] ? 1 : FADED }; }));
    IJG.edges.update(IJG.edges.get().map(function (e) {
      if (e.hubOpacity === undefined) e.hubOpacity = (e.color && e.color.opacity) || 1;
      return { id: e.id, hubOpacity: e.hubOpacity, color: { opacity: near[e.id] ? 1 : 0.06 } };
    }));
    Object.keys(keep).forEach(function (n) { if (n !== id) G.forced[n] = true; });
    var dimmedOut = {};
    IJG.nodes.getIds().forEach(function (n) { if (!keep[n]) dimmedOut[n] = true; });
    G.dimmedOut = dimmedOut;
    IJG.placeLabels();
  }

  /* The nodes whose edges vis-network draws on a dense graph: selected and hovered. */
  function focusNodes() {
    var ids = IJG.network.getSelectedNodes();
    if (hovered !== null && ids.indexOf(hovered) < 0) ids.push(hovered);
    return ids;
  }

  /* Dense graphs: vis-network's edges are those of focusNodes(). True if they changed
   * (and the graph was drawn again). */
  function syncFocus() {
    return G.dense && IJG.network ? IJG.backdrop.show(focusNodes(), hovered) : false;
  }

  /* A dense graph at any size: the nodes fade on vis-network's own node objects (read at
   * every draw; vis-network 9.1.2 is vendored), since a DataSet update costs ~70 µs a
   * node (0.35 s for 5000), too slow for a hover; one redraw shows it all. */
  function focusDense(id) {
    hovered = id;
    if (id === null && !dimmed) { syncFocus(); return; }
    var keep = id === null ? null : neighbourhood(id).keep;
    dimmed = keep !== null;
    var body = IJG.network.body.nodes, dimmedOut = {};
    Object.keys(body).forEach(function (n) {
      var out = keep !== null && !keep[n];
      if (out) dimmedOut[n] = true;
      body[n].options.opacity = out ? FADED : undefined;
    });
    G.forced = {};
    if (keep) Object.keys(keep).forEach(function (n) { G.forced[n] = true; });  // id first
    G.dimmedOut = dimmedOut;
    if (!syncFocus()) IJG.placeLabels();
  }

  /* A search result on the graph: selected, centred, labelled first. */
  function showNode(id) {
    var network = IJG.network;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    G.forced = {};
    G.forced[id] = true;
    if (!syncFocus()) IJG.placeLabels();
    IJG.found = id;
  }

  IJG.focusOn = focusOn;
  IJG.syncFocus = syncFocus;
  IJG.showNode = showNode;
})(window.IJG);
