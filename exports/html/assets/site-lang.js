/* ijgraph pages, language: the English/Japanese switch. The choice is kept in
 * localStorage (or given by ?lang=en|ja) and follows the reader from page to page;
 * every part that shows text in the language listens with IJG.on("lang", fn). */
(function (IJG) {
  "use strict";

  var byId = IJG.byId;

  function storedLang() {
    var match = /[?&]lang=(en|ja)\b/.exec(window.location.search);
    if (match) return match[1];
    try { return window.localStorage.getItem("ijg-lang") || "en"; } catch (e) { return "en"; }
  }

  function setLang(next) {
    var lang = (IJG.lang = next === "ja" ? "ja" : "en");
    document.documentElement.setAttribute("data-lang", lang);
    document.documentElement.setAttribute("lang", lang);
    try { window.localStorage.setItem("ijg-lang", lang); } catch (e) { /* file:// may refuse */ }
    var button = byId("ijg-lang");
    if (button) {
      button.textContent = lang === "ja" ? "English" : "日本語";
      button.setAttribute("lang", lang === "ja" ? "en" : "ja");
    }
    var search = byId("ijg-search");
    if (search) {
      if (!search.hasAttribute("data-placeholder-en")) {
        search.setAttribute("data-placeholder-en", search.getAttribute("placeholder"));
      }
      search.setAttribute("placeholder", search.getAttribute("data-placeholder-" + lang));
    }
    IJG.emit("lang", lang);
  }

  IJG.setLang = setLang;
  IJG.on("start", function () {
    setLang(storedLang());
    var button = byId("ijg-lang");
    if (button) {
      button.addEventListener("click", function () { setLang(IJG.lang === "ja" ? "en" : "ja"); });
    }
  });
})(window.IJG);
