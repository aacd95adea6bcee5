/* ijgraph pages, focus: hovering a node dims everything outside its neighbourhood and
 * labels that neighbourhood first; a search result is selected, centred and labelled. */
(function (IJG) {
  "use strict";

  var G = IJG.graph;
  var dimmed = false;

  function focusOn(id) {
    var network = IJG.network;
    if (!network || IJG.nodes.length > 3000) return;
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
    var keep = {};
    keep[id] = true;
    network.getConnectedNodes(id).forEach(function (n) { keep[n] = true; });
    var near = {};
    network.getConnectedEdges(id).forEach(function (e) { near[e] = true; });
    G.forced[id] = true;
    dimmed = true;
    IJG.nodes.update(IJG.nodes.getIds().map(function (n) { return { id: n, opacity: keep[n] ? 1 : 0.15 }; }));
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

  /* A search result on the graph: selected, centred, labelled first. */
  function showNode(id) {
    var network = IJG.network;
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    G.forced = {};
    G.forced[id] = true;
    IJG.placeLabels();
    IJG.found = id;
  }

  IJG.focusOn = focusOn;
  IJG.showNode = showNode;
})(window.IJG);
