/* ijgraph pages, reader (source/<document>.html): the sentence the address points to
 * opens its list of facts. */
(function (IJG) {
  "use strict";

  var byId = IJG.byId;

  function initReader() {
    if (!byId("ijg-reader")) return;
    function openTarget() {
      var id = decodeURIComponent(window.location.hash.slice(1));
      var sentence = id ? byId(id) : null;
      var facts = sentence ? sentence.querySelector("details.stated") : null;
      if (facts) facts.open = true;
    }
    window.addEventListener("hashchange", openTarget);
    openTarget();
  }

  IJG.on("start", initReader);
})(window.IJG);
