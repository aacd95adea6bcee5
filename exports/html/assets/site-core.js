/* ijgraph pages, core: loaded first on every page. It makes the one namespace,
 * window.IJG, that every other site-*.js adds its part to (classic `defer` scripts run
 * in document order; ES modules do not load from file://), the helpers they share, and
 * a small hook list: IJG.on("start" | "lang", fn) registers, IJG.emit(name) runs them
 * in registration order. site-start.js, loaded last, emits "start".
 * Data is never parsed as HTML: every text goes through textContent. */
(function () {
  "use strict";

  var IJG = (window.IJG = window.IJG || {});
  var hooks = {};

  IJG.on = function (name, fn) { (hooks[name] = hooks[name] || []).push(fn); };
  IJG.emit = function (name, arg) {
    (hooks[name] || []).forEach(function (fn) { fn(arg); });
  };

  function byId(id) { return document.getElementById(id); }

  function readJSON(id) {
    var el = byId(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  function make(tag, cls, text) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (text !== undefined && text !== null) el.textContent = String(text);
    return el;
  }

  /* Text as the search index folds it (graph/search.py fold()): NFKC, lower case, no
   * accents on Latin letters, hiragana as katakana, punctuation and symbols as spaces. */
  function norm(text) {
    return String(text || "").normalize("NFKC").toLowerCase().normalize("NFD")
      .replace(/(?<=[\u0000-\u024f])[\u0300-\u036f]+/g, "")
      .replace(/[\u3041-\u3096]/g, function (c) {
        return String.fromCharCode(c.charCodeAt(0) + 0x60);
      })
      .normalize("NFC")
      .replace(/[\p{P}\p{S}\p{Z}\p{C}]+/gu, " ")
      .split(" ").filter(Boolean).join(" ");
  }

  /* The text in the reader's language (IJG.lang, set by site-lang.js). */
  function say(en, ja) { return IJG.lang === "ja" && ja ? ja : en; }

  function nodeLabel(node) { return say(node.en, node.ja); }

  function entityHref(slug) { return IJG.root + "entity/" + slug + ".html"; }

  function className(type) {
    var pair = (IJG.page.classes && IJG.page.classes[type]) || IJG.index.classes[type] || [type, ""];
    return say(pair[0], pair[1]);
  }

  IJG.root = document.body.getAttribute("data-root") || "";
  IJG.lang = "en";
  IJG.page = readJSON("ijg-page") || {};
  IJG.index = window.IJG_INDEX || { entities: [], classes: {} };
  IJG.byId = byId;
  IJG.readJSON = readJSON;
  IJG.make = make;
  IJG.norm = norm;
  IJG.say = say;
  IJG.nodeLabel = nodeLabel;
  IJG.entityHref = entityHref;
  IJG.className = className;
})();
