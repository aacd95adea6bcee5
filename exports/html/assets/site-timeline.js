/* ijgraph pages, timeline filters (timeline.html): years, undated facts and classes. */
(function (IJG) {
  "use strict";

  var byId = IJG.byId, say = IJG.say;

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

  IJG.on("start", initTimeline);
})(window.IJG);
