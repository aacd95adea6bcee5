/* ijgraph pages, the edges of a dense graph (more than DENSE_EDGES, site-graph.js).
 * vis-network builds an object for each edge (~22 µs each: 0.4 s for 19k edges) and
 * strokes each on its own, so a dense graph's edges are painted here instead, all of them
 * in the first frame: on vis-network's canvas just before it draws its own edges and the
 * nodes ("beforeDrawing", whose context already holds the view's translation and scale,
 * so they pan and zoom with the graph), one batched path per style (the edges' colour and
 * width; hub edges at their lighter opacity; parallel edges bent as vis-network bends them).
 * vis-network keeps as real edges only those of the nodes in focus, hovered or selected
 * (site-focus.js calls IJG.backdrop.show): with labels, arrows and tooltips, drawn over
 * the backdrop, which leaves them out. */
(function (IJG) {
  "use strict";

  var G = IJG.graph;
  var DIMMED = 0.06;        // an edge's opacity outside the focus, as on a sparse graph
  var LOOP = 20;            // vis-network's selfReference.size: a loop's radius
  var B = (IJG.backdrop = { painted: 0 });
  var ids = [];             // node ids by index
  var index = {};           // node id -> index
  var xs, ys, sizes;        // node positions and radii (canvas units), by index
  var ends;                 // edge k runs from node ends[2k] to node ends[2k + 1]
  var bends;                // edge k's roundness if vis-network bends it (curvedCW), else 0
  var styles = [];          // [{alpha, edges: Int32Array}]: one batched path each
  var live = {};            // edge k -> the opacity of its vis-network edge (in IJG.edges)
  var focused = false;      // a node is in focus: the rest of the edges recede
  var hideOnDrag = false, dragging = false;
  var color = "#9aa5b1", width = 1;
  var hiddenFor = null, off = null;  // G.hiddenGroups seen last, and its hidden nodes

  function ownOpacity(e) { return (e.color && e.color.opacity) || 1; }

  function attach(network, data) {
    var options = data.options.edges || {};
    color = (options.color && options.color.color) || color;
    width = options.width || width;
    hideOnDrag = !!(data.options.interaction && data.options.interaction.hideEdgesOnDrag);
    var n = data.nodes.length, m = data.edges.length;
    xs = new Float64Array(n); ys = new Float64Array(n); sizes = new Float64Array(n);
    data.nodes.forEach(function (node, i) {
      ids[i] = node.id;
      index[node.id] = i;
      xs[i] = node.x; ys[i] = node.y; sizes[i] = node.size || 10;
    });
    ends = new Int32Array(2 * m);
    bends = new Float64Array(m);
    var byAlpha = {};
    data.edges.forEach(function (e, k) {
      ends[2 * k] = index[e.from];
      ends[2 * k + 1] = index[e.to];
      if (e.smooth && e.smooth.enabled) bends[k] = e.smooth.roundness || 0.5;
      var alpha = ownOpacity(e);
      (byAlpha[alpha] = byAlpha[alpha] || []).push(k);
    });
    styles = Object.keys(byAlpha).map(Number).sort(function (a, b) { return a - b; }).map(function (alpha) {
      return { alpha: alpha, edges: Int32Array.from(byAlpha[alpha]) };  // lighter ones first
    });
    network.on("beforeDrawing", paint);
    network.on("dragStart", function () { dragging = hideOnDrag; });  // as vis-network's own
    network.on("dragging", moved);
    network.on("dragEnd", function (p) { dragging = false; moved(p); });
  }

  /* Dragged nodes take their edges along. */
  function moved(p) {
    if (!p.nodes || !p.nodes.length) return;
    var at = IJG.network.getPositions(p.nodes);
    p.nodes.forEach(function (id) {
      var i = index[id];
      if (i !== undefined && at[id]) { xs[i] = at[id].x; ys[i] = at[id].y; }
    });
  }

  /* Nodes of the families unticked in the legend (their edges are not drawn), or null. */
  function hiddenNodes() {
    if (hiddenFor !== G.hiddenGroups) {
      hiddenFor = G.hiddenGroups;
      off = null;
      if (Object.keys(hiddenFor).length) {
        off = new Uint8Array(ids.length);
        ids.forEach(function (id, i) { off[i] = hiddenFor[G.records[id].group] ? 1 : 0; });
      }
    }
    return off;
  }

  function trace(ctx, k, a, b) {
    var x0 = xs[a], y0 = ys[a], x1 = xs[b], y1 = ys[b];
    if (a === b) {  // a loop: a circle behind the node, up and right, as vis-network draws it
      var cx = x0 + sizes[a] * Math.SQRT1_2, cy = y0 - sizes[a] * Math.SQRT1_2;
      ctx.moveTo(cx + LOOP, cy);
      ctx.arc(cx, cy, LOOP, 0, 2 * Math.PI);
      return;
    }
    ctx.moveTo(x0, y0);
    if (!bends[k]) { ctx.lineTo(x1, y1); return; }
    // vis-network's curvedCW: a quadratic curve through this control point.
    var dx = x1 - x0, dy = y0 - y1, f = 0.5 * bends[k] + 0.5;
    var r = Math.sqrt(dx * dx + dy * dy);
    var angle = (Math.atan2(dy, dx) + f * Math.PI) % (2 * Math.PI);
    ctx.quadraticCurveTo(x0 + f * r * Math.sin(angle), y0 + f * r * Math.cos(angle), x1, y1);
  }

  /* beforeDrawing: every edge that vis-network does not draw itself. */
  function paint(ctx) {
    var painted = 0;
    if (!dragging) {
      var hidden = hiddenNodes();
      ctx.save();
      ctx.strokeStyle = color;
      ctx.lineWidth = Math.max(width, 0.3 / IJG.network.getScale());  // as vis-network's
      styles.forEach(function (style) {
        ctx.globalAlpha = focused ? DIMMED : style.alpha;
        ctx.beginPath();
        var edges = style.edges;
        for (var j = 0; j < edges.length; j++) {
          var k = edges[j], a = ends[2 * k], b = ends[2 * k + 1];
          if (live[k] !== undefined || (hidden && (hidden[a] || hidden[b]))) continue;
          trace(ctx, k, a, b);
          painted++;
        }
        ctx.stroke();
      });
      ctx.restore();
    }
    B.painted = painted;
  }

  /* A copy of an edge's record for vis-network: label in the reader's language. */
  function visEdge(e, opacity) {
    var edge = {};
    Object.keys(e).forEach(function (key) { edge[key] = e[key]; });
    edge.label = IJG.say(e.en, e.lj);
    edge.color = { opacity: opacity };
    return edge;
  }

  /* vis-network draws the edges of these nodes; with a node in focus, its own edges at
   * full opacity and the others dimmed, as on a sparse graph (site-focus.js). True if
   * vis-network's edges changed: each change draws the graph again (with physics off,
   * vis-network redraws at once on a DataSet event), so the caller need not. */
  function show(nodes, focus) {
    var want = {};
    nodes.forEach(function (id) {
      (G.incident[id] || []).forEach(function (k) {
        var e = G.edges[k];
        want[k] = focus === null ? ownOpacity(e) : e.from === focus || e.to === focus ? 1 : DIMMED;
      });
    });
    var add = [], update = [], remove = [];
    Object.keys(live).forEach(function (k) { if (want[k] === undefined) remove.push(G.edges[k].id); });
    Object.keys(want).forEach(function (k) {
      var e = G.edges[k];
      if (live[k] === undefined) add.push(visEdge(e, want[k]));
      else if (live[k] !== want[k]) update.push({ id: e.id, color: { opacity: want[k] } });
    });
    live = want;
    focused = focus !== null;
    if (remove.length) IJG.edges.remove(remove);
    if (update.length) IJG.edges.update(update);
    if (add.length) {
      IJG.edges.add(add);
      var selected = IJG.network.getSelectedNodes();
      if (selected.length) IJG.network.selectNodes(selected);  // their new edges highlighted
    }
    return remove.length + update.length + add.length > 0;
  }

  B.attach = attach;
  B.show = show;
})(window.IJG);
