/* The fact-check's search, on Pagefind's chunked index (search/ in the site). Nothing is fetched
   until the reader types: then Pagefind's script and its entry file, and for each query only the
   index chunks holding its words and the fragments of the results shown. Every field of a result
   (titles, claimants, excerpts) is the analyst's or an article's text: it is put in the page as
   text, never parsed as markup; excerpts keep only Pagefind's <mark> around matched words. */
(function () {
  "use strict";

  var SHOWN = 10;
  var root = document.querySelector("[data-fc-search]");
  if (!root || typeof HTMLDialogElement === "undefined") return;
  var opener = root.querySelector("[data-fc-search-open]");
  var dialog = root.querySelector("dialog");
  var form = root.querySelector("[data-fc-search-form]");
  var input = root.querySelector("input[type=search]");
  var closer = root.querySelector("[data-fc-search-close]");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector(".fc-search__results");
  // The site's root, from this page (MkDocs' base_url: ".", "..", or "/" on the 404 page).
  var base = new URL((root.getAttribute("data-fc-search-base") || ".").replace(/\/+$/, "") + "/",
                     window.location.href);
  var engine = null;  // a promise of Pagefind, made on the first query
  var latest = 0;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("search/pagefind.js", base).href).then(function (module) {
        // In the page itself, not a worker: one script fewer to fetch (41 KB) for queries this small.
        return Promise.resolve(module.options({ baseUrl: base.pathname, excerptLength: 26, noWorker: true }))
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  var ENTITIES = { amp: "&", lt: "<", gt: ">", quot: "\"", apos: "'", nbsp: "\u00a0" };

  function decode(value) {
    return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, function (whole, name) {
      if (name[0] === "#") {
        var code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
      }
      var known = ENTITIES[name.toLowerCase()];
      return known === undefined ? whole : known;
    });
  }

  /* Pagefind's excerpt is the page's text, escaped, with <mark> around the words found: it is
     rebuilt here from text nodes and mark elements only. */
  function excerpt(value) {
    var out = document.createElement("p");
    out.className = "fc-hit__excerpt";
    value.split(/(<mark>|<\/mark>)/).reduce(function (inMark, part) {
      if (part === "<mark>") return true;
      if (part === "</mark>") return false;
      if (part) {
        var node = document.createTextNode(decode(part.replace(/<[^>]*>/g, "")));
        if (inMark) {
          var mark = document.createElement("mark");
          mark.appendChild(node);
          out.appendChild(mark);
        } else {
          out.appendChild(node);
        }
      }
      return inMark;
    }, false);
    return out;
  }

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  function hit(data) {
    var meta = data.meta || {};
    var item = element("li", "fc-hit");
    var link = element("a", "fc-hit__link");
    link.href = data.url;
    link.appendChild(element("span", "fc-hit__kind", meta.kind || "Page"));
    link.appendChild(element("span", "fc-hit__title", decode(meta.title || data.url)));
    item.appendChild(link);
    var about = element("p", "fc-hit__meta");
    if (meta.verdict) {
      var badge = element("span", "fc-badge", decode(meta.verdict));
      if (meta.verdict_id) badge.setAttribute("data-verdict", decode(meta.verdict_id));
      var colour = decode(meta.verdict_color || "");
      if (/^#[0-9a-f]{3,8}$/i.test(colour)) badge.style.setProperty("--fc-verdict", colour);
      about.appendChild(badge);
    }
    if (meta.claimant) {
      about.appendChild(document.createTextNode(" Claimed by "));
      about.appendChild(element("strong", "", decode(meta.claimant)));
    } else if (meta.outlet) {
      about.appendChild(document.createTextNode(decode(meta.outlet)));
    }
    if (about.childNodes.length) item.appendChild(about);
    var passage = (data.sub_results || []).filter(function (sub) { return sub.excerpt; })[0];
    item.appendChild(excerpt((passage && passage.excerpt) || data.excerpt || ""));
    return item;
  }

  function say(message) { status.textContent = message; }

  function run() {
    var query = input.value.trim();
    var mine = ++latest;
    if (!query) {
      list.textContent = "";
      say("");
      return;
    }
    say("Searching…");
    pagefind().then(function (module) {
      return module.debouncedSearch(query, {}, 120);
    }).then(function (found) {
      if (found === null || mine !== latest) return null;  // a later query replaced this one
      return Promise.all(found.results.slice(0, SHOWN).map(function (r) { return r.data(); }))
        .then(function (shown) { return { found: found, shown: shown }; });
    }).then(function (outcome) {
      if (!outcome || mine !== latest) return;
      list.textContent = "";
      outcome.shown.forEach(function (data) { list.appendChild(hit(data)); });
      var total = outcome.found.results.length;
      say(total === 0 ? "Nothing found for “" + query + "”."
        : total <= SHOWN ? total + (total === 1 ? " result" : " results") + " for “" + query + "”."
          : "The first " + SHOWN + " of " + total + " results for “" + query + "”; add words to narrow them.");
    }).catch(function () {
      if (mine !== latest) return;
      list.textContent = "";
      say(window.location.protocol === "file:"
        ? "Search needs the site served over HTTP; opened from a file, it cannot load its index."
        : "Search could not load its index. Try again in a moment.");
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a.fc-hit__link")); }

  function open() {
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  }

  opener.hidden = false;
  opener.addEventListener("click", open);
  closer.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("close", function () { opener.focus(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close();  // a click on the backdrop
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = links()[0];
    if (first) first.focus();
  });
  input.addEventListener("input", run);
  dialog.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {  // also from the search field, which would only clear itself
      event.preventDefault();
      dialog.close();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var all = links();
    if (!all.length) return;
    var at = all.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? (at < 0 ? 0 : Math.min(at + 1, all.length - 1))
      : (at <= 0 ? -1 : at - 1);
    event.preventDefault();
    if (next < 0) input.focus(); else all[next].focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || dialog.open) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    open();
  });
})();
