/* ijgraph pages, class filter: the legend's boxes hide and show a family of nodes (and
 * with them their edges and labels). */
(function (IJG) {
  "use strict";

  var byId = IJG.byId;

  function applyFilter() {
    if (!IJG.nodes) return;
    var hidden = {};
    document.querySelectorAll("#ijg-filter input[data-family]").forEach(function (box) {
      if (!box.checked) hidden[box.getAttribute("data-family")] = true;
    });
    IJG.graph.hiddenGroups = hidden;
    IJG.nodes.update(IJG.nodes.get().map(function (n) {
      return { id: n.id, hidden: !!hidden[n.group] };
    }));
    IJG.placeLabels();
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

  IJG.on("start", initFilter);
})(window.IJG);
