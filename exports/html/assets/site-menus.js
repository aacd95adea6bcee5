/* ijgraph pages, menus of the header: one open at a time, Escape or a click elsewhere
 * closes them. */
(function (IJG) {
  "use strict";

  function initMenus() {
    var menus = [].slice.call(document.querySelectorAll("details.menu"));
    menus.forEach(function (menu) {
      menu.addEventListener("toggle", function () {
        if (menu.open) menus.forEach(function (m) { if (m !== menu) m.open = false; });
      });
      menu.addEventListener("keydown", function (event) {
        if (event.key === "Escape" && menu.open) {
          menu.open = false;
          menu.querySelector("summary").focus();
        }
      });
    });
    document.addEventListener("click", function (event) {
      menus.forEach(function (m) { if (m.open && !m.contains(event.target)) m.open = false; });
    });
  }

  IJG.on("start", initMenus);
})(window.IJG);
