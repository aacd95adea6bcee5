// The query editor: a textarea over a highlighted copy of its text, and a completion
// popup for keywords, prefixes, classes, properties and entity names (any language).
// Completion data comes from this server only (/search/vocabulary.json, /search).
// Every text goes into the page with textContent: labels are data, not markup.
(function () {
  "use strict";
  var IJQ = (window.IJQ = window.IJQ || {});
  var KEYWORDS = ("SELECT CONSTRUCT DESCRIBE ASK WHERE PREFIX BASE DISTINCT REDUCED FROM NAMED " +
    "GRAPH OPTIONAL FILTER UNION MINUS BIND VALUES AS ORDER BY ASC DESC GROUP HAVING LIMIT " +
    "OFFSET COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR EXISTS NOT IN STR LANG " +
    "LANGMATCHES DATATYPE BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE " +
    "LCASE CONTAINS STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY NOW COALESCE IF " +
    "ISIRI ISURI ISBLANK ISLITERAL ISNUMERIC REGEX REPLACE SUBSTR SERVICE true false a").split(" ");
  var KEYWORD_SET = {};
  KEYWORDS.forEach(function (k) { KEYWORD_SET[k.toUpperCase()] = true; });
  // One token per match, in order of priority.
  var TOKEN = new RegExp([
    "(#[^\\n]*)",                                            // 1 comment
    "(\"\"\"[\\s\\S]*?\"\"\"|'''[\\s\\S]*?'''|\"(?:[^\"\\\\\\n]|\\\\.)*\"?|'(?:[^'\\\\\\n]|\\\\.)*'?)", // 2 string
    "(<[^<>\"{}|^`\\\\\\s]*>)",                              // 3 IRI
    "([?$][A-Za-z_0-9\\u00C0-\\uFFFF]+)",                    // 4 variable
    "((?:[A-Za-z][\\w.-]*)?:[\\w\\u00C0-\\uFFFF.-]*)",       // 5 prefixed name
    "(@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",                        // 6 language tag
    "([+-]?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)",             // 7 number
    "([A-Za-z_][A-Za-z_0-9]*)"                               // 8 word (keyword or not)
  ].join("|"), "g");
  var CLASSES = [null, "tok-comment", "tok-string", "tok-iri", "tok-var", "tok-pname",
    "tok-lang", "tok-number", "tok-keyword"];

  function highlight(text, target, caret) {
    target.textContent = "";
    var last = 0, marker = null, match;
    function plain(upto) {
      if (upto > last) { target.appendChild(document.createTextNode(text.slice(last, upto))); }
    }
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(text)) !== null) {
      if (match[0] === "") { TOKEN.lastIndex++; continue; }
      plain(match.index);
      var kind = 1;
      while (match[kind] === undefined) { kind++; }
      if (kind === 8 && !KEYWORD_SET[match[0].toUpperCase()]) { kind = 0; }
      var span = document.createElement("span");
      if (kind) { span.className = CLASSES[kind]; }
      span.textContent = match[0];
      target.appendChild(span);
      last = match.index + match[0].length;
    }
    plain(text.length);
    target.appendChild(document.createTextNode("\n"));  // keeps a last empty line's height
    if (caret !== undefined) {
      // A zero-width marker where the caret is: the popup opens below it.
      var probe = document.createElement("pre");
      probe.className = target.className;
      marker = document.createElement("span");
      probe.appendChild(document.createTextNode(text.slice(0, caret)));
      probe.appendChild(marker);
      probe.classList.add("probe");
      target.parentNode.appendChild(probe);
      var at = { top: marker.offsetTop + marker.offsetHeight, left: marker.offsetLeft };
      probe.remove();
      return at;
    }
    return null;
  }

  function Editor(textarea, options) {
    this.area = textarea;
    this.options = options || {};
    this.wrap = textarea.parentNode;
    this.shadow = this.wrap.querySelector("pre.highlight");
    this.popup = this.wrap.querySelector(".completions");
    this.items = [];
    this.active = -1;
    this.vocabulary = { prefixes: {}, classes: [], properties: [] };
    this.pending = null;
    this.serial = 0;
    var self = this;
    textarea.addEventListener("input", function () { self.refresh(); self.complete(false); });
    textarea.addEventListener("scroll", function () { self.sync(); });
    textarea.addEventListener("keydown", function (event) { self.key(event); });
    textarea.addEventListener("blur", function () { setTimeout(function () { self.close(); }, 150); });
    fetch("/search/vocabulary.json").then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { self.vocabulary = data; } });
    this.refresh();
  }

  Editor.prototype.value = function () { return this.area.value; };
  Editor.prototype.set = function (text) {
    this.area.value = text;
    this.area.setSelectionRange(0, 0);  // a loaded query is read from its top
    this.area.scrollTop = 0;
    this.refresh();
    this.close();
  };
  Editor.prototype.sync = function () {
    this.shadow.scrollTop = this.area.scrollTop;
    this.shadow.scrollLeft = this.area.scrollLeft;
  };
  Editor.prototype.refresh = function () { highlight(this.area.value, this.shadow); this.sync(); };

  // The word before the caret: what completion replaces.
  Editor.prototype.word = function () {
    var text = this.area.value, end = this.area.selectionStart;
    var start = end;
    while (start > 0 && !/[\s{}().,;<>"'=!|&*+\/^\[\]]/.test(text.charAt(start - 1))) { start--; }
    return { start: start, end: end, text: text.slice(start, end) };
  };

  Editor.prototype.complete = function (forced) {
    var word = this.word(), self = this, typed = word.text;
    if (!forced && typed.length < 2) { this.close(); return; }
    var offers = [], colon = typed.indexOf(":");
    var low = typed.toLowerCase();
    if (colon >= 0) {
      var prefix = typed.slice(0, colon), local = typed.slice(colon + 1).toLowerCase();
      [["class", this.vocabulary.classes], ["property", this.vocabulary.properties]].forEach(function (pair) {
        pair[1].forEach(function (term) {
          if (term.curie.indexOf(prefix + ":") === 0 &&
              (term.curie.toLowerCase().indexOf(local, colon) > colon || local === "" ||
               term.labels.concat([term.label]).some(function (l) { return l.toLowerCase().indexOf(local) >= 0; }))) {
            offers.push({ insert: term.curie, label: term.curie, note: term.label + " · " + pair[0], prefix: prefix });
          }
        });
      });
    } else if (typed.charAt(0) !== "?" && typed.charAt(0) !== "$") {
      KEYWORDS.forEach(function (k) {
        if (k.length > 1 && k.toLowerCase().indexOf(low) === 0 && k.toLowerCase() !== low) {
          offers.push({ insert: k, label: k, note: "keyword" });
        }
      });
      Object.keys(this.vocabulary.prefixes).forEach(function (p) {
        if (p.indexOf(low) === 0) {
          offers.push({ insert: p + ":", label: p + ":", note: self.vocabulary.prefixes[p], prefix: p });
        }
      });
    }
    this.show(offers.slice(0, 12), word);
    // Entity names in any language, from the server's search index.
    var serial = ++this.serial;
    var needle = colon >= 0 ? typed.slice(colon + 1) : typed;
    if (needle.length < 2 || typed.charAt(0) === "?" || typed.charAt(0) === "$" ||
        (colon >= 0 && typed.slice(0, colon) !== "ijr")) { return; }
    clearTimeout(this.pending);
    this.pending = setTimeout(function () {
      var url = "/search?limit=8&kind=entity&q=" + encodeURIComponent(needle);
      fetch(url, { headers: { Accept: "application/json" } }).then(function (r) {
        return r.ok ? r.json() : { hits: [] };
      }).then(function (data) {
        if (serial !== self.serial) { return; }
        var names = data.hits.map(function (hit) {
          var local = hit.iri.replace("https://w3id.org/ijgraph/resource/", "");
          return { insert: "ijr:" + local, label: hit.label, prefix: "ijr",
            note: "ijr:" + local + (hit.matched !== hit.label ? " · " + hit.matched : "") };
        });
        self.show(names.concat(offers).slice(0, 14), word);
      });
    }, 120);
  };

  Editor.prototype.show = function (offers, word) {
    this.items = offers;
    this.word_ = word;
    this.popup.textContent = "";
    if (!offers.length) { this.close(); return; }
    var self = this;
    offers.forEach(function (offer, i) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.dataset.insert = offer.insert;
      var main = document.createElement("span");
      main.className = "label";
      main.textContent = offer.label;
      var note = document.createElement("small");
      note.textContent = offer.note || "";
      li.appendChild(main);
      li.appendChild(note);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); self.accept(i); });
      self.popup.appendChild(li);
    });
    var at = highlight(this.area.value, this.shadow, word.start);
    this.sync();
    this.popup.style.top = (at.top - this.area.scrollTop + 4) + "px";
    this.popup.style.left = Math.max(0, at.left - this.area.scrollLeft) + "px";
    this.popup.hidden = false;
    this.select(0);
  };

  Editor.prototype.select = function (i) {
    var lis = this.popup.children;
    if (!lis.length) { return; }
    this.active = (i + lis.length) % lis.length;
    Array.prototype.forEach.call(lis, function (li, j) { li.setAttribute("aria-selected", String(j === this.active)); }, this);
    lis[this.active].scrollIntoView({ block: "nearest" });
  };

  Editor.prototype.close = function () { this.popup.hidden = true; this.items = []; this.active = -1; };

  Editor.prototype.accept = function (i) {
    var offer = this.items[i], word = this.word_;
    if (!offer) { return; }
    var text = this.area.value;
    var next = text.slice(0, word.start) + offer.insert + text.slice(word.end);
    var caret = word.start + offer.insert.length;
    var ns = offer.prefix && this.vocabulary.prefixes[offer.prefix];
    var declared = new RegExp("PREFIX\\s+" + offer.prefix + ":", "i");
    if (ns && !declared.test(next)) {  // declare the prefix the completion uses
      var line = "PREFIX " + offer.prefix + ": <" + ns + ">\n";
      var header = /^(?:#[^\n]*\n)*/.exec(next)[0].length;  // after the leading comments
      next = next.slice(0, header) + line + next.slice(header);
      caret += line.length;
    }
    this.area.value = next;
    this.area.setSelectionRange(caret, caret);
    this.close();
    this.refresh();
    this.area.focus();
    if (this.options.onChange) { this.options.onChange(); }
  };

  Editor.prototype.key = function (event) {
    if (event.key === " " && event.ctrlKey) { event.preventDefault(); this.complete(true); return; }
    if (this.popup.hidden) { return; }
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      this.select(this.active + (event.key === "ArrowDown" ? 1 : -1));
    } else if ((event.key === "Enter" && !event.ctrlKey && !event.metaKey) || event.key === "Tab") {
      event.preventDefault();
      this.accept(this.active);
    } else if (event.key === "Escape") {
      this.close();
    }
  };

  IJQ.Editor = Editor;
  IJQ.highlight = highlight;
}());
