/* ijgraph pages, path page (path.html): how are A and B linked? Two search boxes pick
 * the ends; Dijkstra over assets/path-data.js (background-only facts cost more) gives
 * the chain, each hop with the sentences that state it. */
(function (IJG) {
  "use strict";

  var byId = IJG.byId, make = IJG.make, say = IJG.say;

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
    IJG.searchRows().forEach(function (r) { rows[r.id] = r; });

    function label(id) { var r = rows[id]; return r ? say(r.en, r.ja) : id; }

    function entityLink(id) {
      var r = rows[id];
      var a = make("a", null, label(id));
      if (r) a.href = IJG.entityHref(r.slug);
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
        var found = IJG.findEntities(input.value, 8);
        found.forEach(function (row, i) {
          var li = make("li");
          var opt = make("a", "result");
          opt.href = "#";
          opt.setAttribute("role", "option");
          opt.setAttribute("data-id", row.id);
          opt.appendChild(make("span", "result-label", say(row.en, row.ja)));
          var other = IJG.lang === "ja" ? row.en : row.ja || row.hi;
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

  IJG.on("start", initPath);
})(window.IJG);
