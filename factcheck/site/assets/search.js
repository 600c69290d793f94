/* The fact-check's search, on the site's own chunked index (search/ in the site, written by the
   build: factcheck/site/search/, whose writer.py describes the files). Nothing is fetched until
   the reader types. Then: the manifest (search/index.json); the word files holding the query's
   words; for a query of several words, the pages of their lists that hold records every word is
   in; and the record files of the results shown. What is fetched once is kept for the next query.
   Every field of a result (titles, claimants, passages) is the analyst's or an article's text:
   it is put in the page as text nodes, never parsed as markup. */
(function () {
  "use strict";

  var SHOWN = 10;  // results listed
  var PER_PAGE = 2;  // results from one page at most (a source's passages, a page's sections)
  var EXPANSIONS = 12;  // words an unfinished last word may stand for, the most frequent first
  var WORD_FILES = 3;  // word files an unfinished word may span
  var NEAR = 0.8;  // a word found by its start counts less than the word typed in full
  var BATCH = 16;  // records looked at a time, to fill the list after repeats of one page
  var EXCERPT = 220;  // characters of a passage shown
  var LEAD = 70;  // of which before the first word found
  var MAX_LENGTH = 40;  // characters of a word: a longer run is cut (factcheck/site/search/tokens.py)
  var KINDS = { claim: "Claim", draft: "Draft claim", source: "Source article", page: "Page" };
  var ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  // --- words, exactly as the build folds and splits them (tokens.py) -------------------------

  var MARKS = /\p{M}+/gu;
  var SEPARATOR = /(?<=\p{Nd})[.,](?=\p{Nd})/gu;
  var WORD = new RegExp("[\\p{L}\\p{N}]{2," + MAX_LENGTH + "}|\\p{Nd}", "gu");  // a lone letter is no word

  function fold(text) {
    return text.normalize("NFKD").toLowerCase().replace(/ß/g, "ss").replace(/ς/g, "σ").replace(MARKS, "");
  }

  function words(folded) { return folded.replace(SEPARATOR, "").match(WORD) || []; }

  function tokens(text) { return words(fold(text)); }

  /* The query's words, once each: every word whole, but the last one, still being typed (no
     space after it), stands for every word it begins. */
  function parse(query, minPrefix) {
    var folded = fold(query).replace(SEPARATOR, "");
    var list = [];
    var seen = {};
    Array.from(folded.matchAll(WORD)).forEach(function (m, i, all) {
      var word = m[0];
      var prefix = i === all.length - 1 && m.index + word.length === folded.length
        && Array.from(word).length >= minPrefix;
      var key = (prefix ? "*" : "=") + word;
      if (seen[key]) return;
      seen[key] = true;
      list.push({ word: word, prefix: prefix });
    });
    return list;
  }

  // --- the index's files ----------------------------------------------------------------------

  var root = document.querySelector("[data-fc-search]");
  if (!root || typeof HTMLDialogElement === "undefined") return;
  window.factcheckSearch = { tokens: tokens, parse: parse };  // the same words as the build's

  // The site's root, from this page (MkDocs' base_url: ".", "..", or "/" on the 404 page).
  var base = new URL((root.getAttribute("data-fc-search-base") || ".").replace(/\/+$/, "") + "/",
                     window.location.href);
  var manifestPromise = null;
  var files = {};

  function fetched(path, parse) {
    var url = new URL(path, base);
    return fetch(url.href, path === "search/index.json" ? { cache: "no-cache" } : {}).then(function (response) {
      if (!response.ok) throw new Error(path + ": " + response.status);
      return parse ? response.json() : response.text();
    });
  }

  function manifest() {
    if (!manifestPromise) {
      manifestPromise = fetched("search/index.json", true).then(function (data) {
        if (data.format !== 1) throw new Error("search index format " + data.format);
        var levels = [];
        for (var q = 0; q < 64; q++) levels.push(data.score[0] * Math.pow(data.score[1], q));
        data.levels = levels;
        return data;
      });
      manifestPromise.catch(function () { manifestPromise = null; });
    }
    return manifestPromise;
  }

  function file(index, path, json) {
    var key = path + "?v=" + index.version;
    if (!files[key]) {
      files[key] = fetched(key, json);
      files[key].catch(function () { delete files[key]; });
    }
    return files[key];
  }

  // --- lists of records (codec.py) ------------------------------------------------------------

  var VALUE = new Int8Array(128).fill(-1);
  for (var i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

  // Records with score levels, by gaps: [records, levels].
  function readScored(text, docs, levels) {
    var previous = -1, value = 0, scoreNext = false;
    for (var i = 0; i < text.length; i++) {
      var digit = VALUE[text.charCodeAt(i)];
      if (scoreNext) { levels.push(digit); scoreNext = false; }
      else if (digit >= 32) {
        previous += 1 + ((value * 32) + digit - 32);
        docs.push(previous);
        value = 0;
        scoreNext = true;
      } else value = value * 32 + digit;
    }
  }

  function readGaps(text, docs) {
    var previous = -1, value = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = VALUE[text.charCodeAt(i)];
      if (digit >= 32) { previous += 1 + value * 32 + digit - 32; docs.push(previous); value = 0; }
      else value = value * 32 + digit;
    }
  }

  function readRanked(text, docs, levels) {
    var value = 0, doc = -1;
    for (var i = 0; i < text.length; i++) {
      var digit = VALUE[text.charCodeAt(i)];
      if (doc >= 0) { docs.push(doc); levels.push(digit); doc = -1; }
      else if (digit >= 32) { doc = value * 32 + digit - 32; value = 0; }
      else value = value * 32 + digit;
    }
  }

  /* A word's entry in its word file: [word, records, list], its whole list; [word, records,
     best, pages], its best records and the pages of its list; or, for a word in most records,
     [word, records, best, list or pages, level], where the list is of the records without the
     word, and every record with it scores that level. */
  function term(raw, boost) {
    var complement = raw.length > 4;
    var paged = Array.isArray(raw[3]);
    return { word: raw[0], count: raw[1], boost: boost,
             list: raw.length === 3 ? raw[2] : (complement && !paged ? raw[3] : null),
             best: raw.length > 3 ? raw[2] : null, pages: paged ? raw[3] : null,
             uniform: complement ? raw[4] : null };
  }

  function lowerBound(list, word) {  // the first entry not before ``word``
    var lo = 0, hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (list[mid][0] < word) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  function fileOf(index, word) {  // the word file that would hold ``word``
    var firsts = index.terms, lo = 0, hi = firsts.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] <= word) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  /* The words a query word stands for: itself, or, unfinished, every word it begins (the most
     frequent EXPANSIONS of them, the word itself always). */
  function group(index, wanted) {
    var first = Math.max(0, fileOf(index, wanted.word));
    var numbers = [];
    if (index.terms.length) {
      numbers.push(first);
      while (wanted.prefix && numbers.length < WORD_FILES && first + numbers.length < index.terms.length
             && index.terms[first + numbers.length].indexOf(wanted.word) === 0) numbers.push(first + numbers.length);
    }
    return Promise.all(numbers.map(function (n) { return file(index, "search/t/" + n + ".json", true); }))
      .then(function (lists) {
        var found = [];
        lists.forEach(function (list) {
          for (var at = lowerBound(list, wanted.word); at < list.length; at++) {
            var entry = list[at];
            if (entry[0] === wanted.word) found.push(term(entry, 1));
            else if (wanted.prefix && entry[0].indexOf(wanted.word) === 0) found.push(term(entry, NEAR));
            else break;
          }
        });
        if (found.length > EXPANSIONS) {
          found.sort(function (a, b) { return b.boost - a.boost || b.count - a.count; });
          found = found.slice(0, EXPANSIONS);
        }
        var count = 0;
        found.forEach(function (t) { count += t.count; });
        return { terms: found, count: count, prefix: wanted.prefix };
      });
  }

  /* A word's whole list, or the pages of it that hold any of ``only`` (sorted records), read:
     {docs, levels} (levels null for a list of the records without the word). */
  function load(index, t, only) {
    var docs = [], levels = t.uniform === null ? [] : null;
    if (t.list !== null) {
      if (levels) readScored(t.list, docs, levels); else readGaps(t.list, docs);
      return Promise.resolve({ docs: docs, levels: levels });
    }
    var wanted = [];
    var at = 0;
    t.pages.forEach(function (page, n) {
      var end = n + 1 < t.pages.length ? t.pages[n + 1][0] : Infinity;
      if (!only) { wanted.push(page[1]); return; }
      while (at < only.length && only[at] < page[0]) at++;
      if (at < only.length && only[at] < end) wanted.push(page[1]);
    });
    return Promise.all(wanted.map(function (n) { return file(index, "search/p/" + n + ".txt", false); }))
      .then(function (texts) {
        texts.forEach(function (text) { if (levels) readScored(text, docs, levels); else readGaps(text, docs); });
        return { docs: docs, levels: levels };
      });
  }

  function find(sorted, doc) {
    var lo = 0, hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < doc) lo = mid + 1; else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === doc ? lo : -1;
  }

  // The score a word gives a record: -1 when the record does not have it.
  function scorer(index, t, loaded) {
    var levels = index.levels;
    if (loaded.levels === null) {
      var uniform = levels[t.uniform] * t.boost;
      return function (doc) { return find(loaded.docs, doc) < 0 ? uniform : -1; };
    }
    return function (doc) {
      var at = find(loaded.docs, doc);
      return at < 0 ? -1 : levels[loaded.levels[at]] * t.boost;
    };
  }

  /* Every record with at least one of a group's words, with its best score (its words' lists in
     full): {docs (sorted), scores}. */
  function everyRecord(index, g) {
    return Promise.all(g.terms.map(function (t) { return load(index, t, null); })).then(function (all) {
      var best = new Map();
      all.forEach(function (loaded, n) {
        var t = g.terms[n];
        if (loaded.levels === null) {  // all the records but these
          var uniform = index.levels[t.uniform] * t.boost, skip = 0;
          for (var doc = 0; doc < index.records; doc++) {
            if (skip < loaded.docs.length && loaded.docs[skip] === doc) { skip++; continue; }
            if (!(best.get(doc) >= uniform)) best.set(doc, uniform);
          }
        } else {
          loaded.docs.forEach(function (doc, k) {
            var score = index.levels[loaded.levels[k]] * t.boost;
            if (!(best.get(doc) >= score)) best.set(doc, score);
          });
        }
      });
      var docs = Array.from(best.keys()).sort(function (a, b) { return a - b; });
      return { docs: docs, scores: docs.map(function (d) { return best.get(d); }) };
    });
  }

  function ranked(docs, scores) {
    var order = docs.map(function (_, n) { return n; });
    order.sort(function (a, b) { return scores[b] - scores[a] || docs[a] - docs[b]; });
    return order.map(function (n) { return docs[n]; });
  }

  /* The records every group of the query has a word of, best first:
     {order (records, best first), total, exact (false: total is a lower bound)}. */
  function search(index, query) {
    return Promise.all(query.map(function (wanted) { return group(index, wanted); })).then(function (groups) {
      if (!groups.length || groups.some(function (g) { return !g.terms.length; })) {
        return { order: [], total: 0, exact: true };
      }
      groups.sort(function (a, b) { return a.count - b.count; });
      var first = groups[0];
      if (groups.length === 1 && first.terms.some(function (t) { return t.best !== null; })) {
        return bestOf(index, first);
      }
      return everyRecord(index, first).then(function (found) {
        return groups.slice(1).reduce(function (promise, g) {
          return promise.then(function (current) { return narrowed(index, g, current); });
        }, Promise.resolve(found));
      }).then(function (found) {
        return { order: ranked(found.docs, found.scores), total: found.docs.length, exact: true };
      });
    });
  }

  /* One query word, with a long list: the best records of each word it stands for are kept
     with it, and how many records have it. */
  function bestOf(index, g) {
    var best = new Map();
    var lists = g.terms.map(function (t) {
      if (t.best === null) return load(index, t, null).then(function (loaded) { return [t, loaded]; });
      var docs = [], levels = [];
      readRanked(t.best, docs, levels);
      return Promise.resolve([t, { docs: docs, levels: levels }]);
    });
    return Promise.all(lists).then(function (all) {
      var least = 0;
      all.forEach(function (pair) {
        var t = pair[0], loaded = pair[1];
        least = Math.max(least, t.count);
        loaded.docs.forEach(function (doc, k) {
          var score = index.levels[loaded.levels[k]] * t.boost;
          if (!(best.get(doc) >= score)) best.set(doc, score);
        });
      });
      var docs = Array.from(best.keys());
      return { order: ranked(docs, docs.map(function (d) { return best.get(d); })), total: least,
               exact: g.terms.length === 1 };
    });
  }

  // The records of ``current`` that also have a word of ``g``, their scores added.
  function narrowed(index, g, current) {
    return Promise.all(g.terms.map(function (t) {
      return load(index, t, current.docs).then(function (loaded) { return scorer(index, t, loaded); });
    })).then(function (scorers) {
      var docs = [], scores = [];
      current.docs.forEach(function (doc, n) {
        var best = -1;
        scorers.forEach(function (score) { best = Math.max(best, score(doc)); });
        if (best >= 0) { docs.push(doc); scores.push(current.scores[n] + best); }
      });
      return { docs: docs, scores: scores };
    });
  }

  // What the best records show, at most PER_PAGE from one page, SHOWN in all.
  function records(index, order) {
    var shown = [], perPage = {}, next = 0;
    function more() {
      if (shown.length >= SHOWN || next >= order.length) return Promise.resolve(shown);
      // First the records that would fill the list if none repeats a page; more only if some do.
      var batch = order.slice(next, next + (next === 0 ? SHOWN : BATCH));
      next += batch.length;
      var numbers = [];
      batch.forEach(function (doc) {
        var n = Math.floor(doc / index.per_file);
        if (numbers.indexOf(n) < 0) numbers.push(n);
      });
      return Promise.all(numbers.map(function (n) { return file(index, "search/d/" + n + ".json", true); }))
        .then(function (lists) {
          batch.forEach(function (doc) {
            if (shown.length >= SHOWN) return;
            var record = lists[numbers.indexOf(Math.floor(doc / index.per_file))][doc % index.per_file];
            var page = String(record.u).split("#")[0];
            perPage[page] = (perPage[page] || 0) + 1;
            if (perPage[page] <= PER_PAGE) shown.push(record);
          });
          return more();
        });
    }
    return more();
  }

  // --- results on the page ----------------------------------------------------------------------

  var opener = root.querySelector("[data-fc-search-open]");
  var dialog = root.querySelector("dialog");
  var form = root.querySelector("[data-fc-search-form]");
  var input = root.querySelector("input[type=search]");
  var closer = root.querySelector("[data-fc-search-close]");
  var status = root.querySelector("[role=status]");
  var list = root.querySelector(".fc-search__results");
  var latest = 0;
  var timer = null;

  function element(tag, className, text) {
    var el = document.createElement(tag);
    if (className) el.className = className;
    if (text !== undefined) el.textContent = text;
    return el;
  }

  // The runs of letters and digits of a text (a number with its separators), as they are written.
  var RUN = /[\p{L}\p{N}\p{M}]+(?:[.,]\p{Nd}[\p{L}\p{N}\p{M}]*)*/gu;

  function matcher(query) {
    return function (run) {
      return words(fold(run)).some(function (word) {
        return query.some(function (q) { return q.prefix ? word.indexOf(q.word) === 0 : word === q.word; });
      });
    };
  }

  function found(text, matches) {  // [start, end] of each run of ``text`` the query finds
    var out = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(text)) !== null) {
      if (matches(m[0])) out.push([m.index, m.index + m[0].length]);
    }
    return out;
  }

  /* The text of a record that holds most of the query's words, cut to about EXCERPT characters
     around the first, each word found in a <mark>. */
  function excerpt(texts, matches) {
    var best = null, bestHits = [], bestCount = -1;
    (texts || []).forEach(function (text) {
      var hits = found(text, matches);
      var distinct = {};
      hits.forEach(function (h) { distinct[fold(text.slice(h[0], h[1]))] = true; });
      var count = Object.keys(distinct).length;
      if (count > bestCount) { best = text; bestHits = hits; bestCount = count; }
    });
    var out = element("p", "fc-hit__excerpt");
    if (best === null) return out;
    var start = 0, end = best.length;
    if (end > EXCERPT) {
      var first = bestHits.length ? bestHits[0][0] : 0;
      start = Math.max(0, Math.min(first - LEAD, best.length - EXCERPT));
      if (start > 0) start = best.indexOf(" ", start) + 1 || start;
      end = Math.min(best.length, start + EXCERPT);
      if (end < best.length) end = best.lastIndexOf(" ", end) > start ? best.lastIndexOf(" ", end) : end;
    }
    var at = start;
    if (start > 0) out.appendChild(document.createTextNode("…"));
    bestHits.forEach(function (h) {
      if (h[0] < start || h[1] > end) return;
      if (h[0] > at) out.appendChild(document.createTextNode(best.slice(at, h[0])));
      out.appendChild(element("mark", "", best.slice(h[0], h[1])));
      at = h[1];
    });
    if (end > at) out.appendChild(document.createTextNode(best.slice(at, end)));
    if (end < best.length) out.appendChild(document.createTextNode("…"));
    return out;
  }

  function hit(index, record, matches) {
    var item = element("li", "fc-hit");
    var link = element("a", "fc-hit__link");
    link.href = new URL(String(record.u || ""), base).href;
    link.appendChild(element("span", "fc-hit__kind", KINDS[record.k] || KINDS.page));
    link.appendChild(element("span", "fc-hit__title", String(record.t || link.href)));
    item.appendChild(link);
    var about = element("p", "fc-hit__meta");
    var verdict = record.v !== undefined ? index.verdicts[record.v] : undefined;
    if (verdict) {
      var badge = element("span", "fc-badge", String(verdict[0]));
      badge.setAttribute("data-verdict", String(record.v));
      if (/^#[0-9a-f]{3,8}$/i.test(String(verdict[1]))) badge.style.setProperty("--fc-verdict", verdict[1]);
      about.appendChild(badge);
    }
    if (record.c) {
      about.appendChild(document.createTextNode(" Claimed by "));
      about.appendChild(element("strong", "", String(record.c)));
    } else if (record.o) {
      about.appendChild(document.createTextNode(String(record.o)));
    }
    if (about.childNodes.length) item.appendChild(about);
    item.appendChild(excerpt(record.x, matches));
    return item;
  }

  function say(message) { status.textContent = message; }

  function summary(query, shown, outcome) {
    var quoted = "“" + query + "”";
    if (outcome.total === 0 || !shown) return "Nothing found for " + quoted + ".";
    if (outcome.exact && outcome.total <= shown) {
      return outcome.total + (outcome.total === 1 ? " result" : " results") + " for " + quoted + ".";
    }
    return "The first " + shown + " of " + (outcome.exact ? "" : "at least ") + outcome.total.toLocaleString("en")
      + " results for " + quoted + "; add words to narrow them.";
  }

  function run() {
    timer = null;
    var typed = input.value;  // a space after the last word says it is finished
    var query = typed.trim();
    var mine = ++latest;
    if (!query) {
      list.textContent = "";
      say("");
      return;
    }
    say("Searching…");
    manifest().then(function (index) {
      var wanted = parse(typed, index.min_prefix);
      if (!wanted.length) return { index: index, wanted: wanted, outcome: null, shown: [] };
      return search(index, wanted).then(function (outcome) {
        if (mine !== latest) return null;
        return records(index, outcome.order).then(function (shown) {
          return { index: index, wanted: wanted, outcome: outcome, shown: shown };
        });
      });
    }).then(function (done) {
      if (!done || mine !== latest) return;  // a later query replaced this one
      list.textContent = "";
      if (!done.outcome) {
        say("Type a word of two letters or more.");
        return;
      }
      var matches = matcher(done.wanted);
      done.shown.forEach(function (record) { list.appendChild(hit(done.index, record, matches)); });
      say(summary(query, done.shown.length, done.outcome));
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
  input.addEventListener("input", function () {  // one query for a burst of keys
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(run, 60);
  });
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
