/* ijgraph pages, label grid. The page draws the node labels itself, on vis-network's
 * canvas after each frame, at one screen size (LABEL_PX) at every zoom. Going through
 * the nodes by importance (rank r, precomputed in Python; hovered nodes first), a label
 * is drawn only if its box on screen overlaps no label already drawn and lies wholly
 * inside the view: at the default zoom the most important entities are named, and more
 * appear as you zoom in. */
(function (IJG) {
  "use strict";

  var G = IJG.graph;
  var LABEL_PX = 13;
  var MAX_LABELS = 400;
  /* One line on the graph, at most LABEL_MAX_PX wide (English or Japanese alike);
   * the tooltip and the pages give the full name. */
  var LABEL_MAX_PX = 190;
  var CELL = 80;          // the grid's cells, in pixels: a box is tested against its cells only
  var drawn = [];         // the labels of the last frame: {id, text, x, y, x0, y0, x1, y1}
  var widths = {};
  var shortened = {};
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

  function nodeRadius(id, scale) {
    var body = IJG.network.body.nodes[id];
    var size = body && body.options && body.options.size ? body.options.size : 10;
    return size * scale;
  }

  function chooseLabels() {
    var network = IJG.network;
    var scale = network.getScale();
    var box = IJG.byId("ijg-network");
    var W = box.clientWidth, H = box.clientHeight;
    var cells = {};
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
    var order = Object.keys(G.forced).concat(G.ranked);
    var positions = network.getPositions();
    for (var k = 0; k < order.length && chosen.length < MAX_LABELS; k++) {
      var id = order[k];
      if (taken[id]) continue;
      var node = G.records[id];
      if (!node || G.hiddenGroups[node.group] || !positions[id]) continue;
      var at = network.canvasToDOM(positions[id]);
      if (at.x < 0 || at.y < 0 || at.x > W || at.y > H) continue;
      var top = at.y + nodeRadius(id, scale) + 3;
      // The narrowest box first: if even that is taken, skip without measuring the text.
      if (collides([at.x - 4, top - 1, at.x + 4, top + LABEL_PX * 1.3])) continue;
      var text = shortLabel(IJG.nodeLabel(node));
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
      ctx.globalAlpha = G.dimmedOut[l.id] ? 0.25 : 1;
      ctx.strokeText(l.text, l.x, l.y);
      ctx.fillStyle = "#1b1f24";
      ctx.fillText(l.text, l.x, l.y);
    });
    ctx.restore();
  }

  /* Draw again now (vis-network's redraw), labels chosen anew. */
  function placeLabels() { if (IJG.network) IJG.network.redraw(); }

  /* The labels of the last frame, in pixels of the graph box (for tests and tools). */
  function labelBoxes() {
    return drawn.map(function (l) {
      return { id: l.id, text: l.text, x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1 };
    });
  }

  IJG.drawLabels = drawLabels;
  IJG.placeLabels = placeLabels;
  IJG.labelBoxes = labelBoxes;
})(window.IJG);
