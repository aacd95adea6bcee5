/* ijgraph pages, tooltips of the graph: a node's names, class, description and facts;
 * an edge's relation and the sentences that state it. */
(function (IJG) {
  "use strict";

  var byId = IJG.byId, make = IJG.make, say = IJG.say, nodeLabel = IJG.nodeLabel;
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
    box.appendChild(make("div", "tip-type", IJG.className(node.t)));
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
      quote.appendChild(make("p", null, (IJG.page.passages || {})[pid] || ""));
      quote.appendChild(make("div", "tip-pid", pid));
      box.appendChild(quote);
    });
    if (edge.bg) {
      box.appendChild(make("p", "tip-bg", say("Background knowledge: not stated by the article.",
                                               "背景知識（記事には記載なし）。")));
    }
    return box;
  }

  IJG.showTooltip = showTooltip;
  IJG.hideTooltip = hideTooltip;
  IJG.nodeTooltip = nodeTooltip;
  IJG.edgeTooltip = edgeTooltip;
})(window.IJG);
