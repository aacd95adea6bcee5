/* ijgraph pages, search: the header's search box over assets/search-index.js (English,
 * Japanese and Hindi names, aliases, IDs), folded as graph/search.py folds them. On a
 * graph page a result that is drawn is selected and centred (IJG.showNode, site-focus.js);
 * otherwise its link opens the entity's page. */
(function (IJG) {
  "use strict";

  var byId = IJG.byId, make = IJG.make, norm = IJG.norm, say = IJG.say;
  var searchable = null;

  function searchRows() {
    if (!searchable) {
      searchable = IJG.index.entities.map(function (e) {
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

  function runSearch(text) {
    var results = byId("ijg-results");
    results.replaceChildren();
    if (!norm(text).trim()) { results.hidden = true; return []; }
    var found = findEntities(text, 12);
    found.forEach(function (row) {
      var item = make("li");
      var link = make("a", "result");
      link.href = IJG.entityHref(row.slug);
      link.setAttribute("data-id", row.id);
      link.appendChild(make("span", "result-label", say(row.en, row.ja)));
      var other = IJG.lang === "ja" ? row.en : row.ja || row.hi;
      if (other) link.appendChild(make("span", "result-other", other));
      link.appendChild(make("span", "result-type", IJG.className(row.type)));
      link.addEventListener("click", function (event) {
        if (IJG.nodes && IJG.nodes.get(row.id) && !event.ctrlKey && !event.metaKey) {
          event.preventDefault();
          IJG.showNode(row.id);
        }
      });
      item.appendChild(link);
      results.appendChild(item);
    });
    if (!found.length) results.appendChild(make("li", "none", say("No match", "該当なし")));
    results.hidden = false;
    return found;
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

  IJG.searchRows = searchRows;
  IJG.findEntities = findEntities;
  IJG.on("start", initSearch);
  IJG.on("lang", function () {
    var input = byId("ijg-search");
    if (input && input.value) runSearch(input.value);
  });
})(window.IJG);
