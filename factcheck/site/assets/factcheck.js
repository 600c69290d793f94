/* The fact-check's small script: sorts and filters claim tables, and marks every piece of the
   passage a reader jumped to. Everything works without it; it only adds. Local file: no CDN. */
(function () {
  "use strict";

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    if (!cell) return numeric ? -Infinity : "";
    var raw = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (numeric) {
      var n = parseFloat(raw);
      return isNaN(n) ? -Infinity : n;
    }
    return raw.trim().toLowerCase();
  }

  function sortTable(table, index, th) {
    var numeric = th.getAttribute("data-sort-type") === "number";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, position) {
      return { row: row, key: cellValue(row, index, numeric), position: position };
    });
    rows.sort(function (a, b) {
      var order = numeric ? a.key - b.key : a.key.localeCompare(b.key);
      if (!ascending) order = -order;
      return order || a.position - b.position;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
  }

  function makeSortable(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "fc-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Sort by " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () { sortTable(table, index, th); });
    });
  }

  function makeFilterable(controls) {
    var table = document.getElementById(controls.getAttribute("data-fc-controls"));
    if (!table) return;
    var input = controls.querySelector("[data-fc-filter]");
    var select = controls.querySelector("[data-fc-verdict]");
    var count = controls.querySelector("[data-fc-count]");
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    function apply() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var verdict = select.value;
      var shown = 0;
      rows.forEach(function (row) {
        var haystack = row.textContent.toLowerCase();
        var visible = (!verdict || row.getAttribute("data-verdict") === verdict) &&
          words.every(function (word) { return haystack.indexOf(word) !== -1; });
        row.hidden = !visible;
        if (visible) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + rows.length + " claims";
    }
    input.addEventListener("input", apply);
    select.addEventListener("change", apply);
    controls.hidden = false;
    apply();
  }

  function markTarget() {
    Array.prototype.forEach.call(document.querySelectorAll(".fc-active"), function (el) {
      el.classList.remove("fc-active");
    });
    var hash = decodeURIComponent(window.location.hash.slice(1));
    if (hash.indexOf("cite-") !== 0) return;
    var key = hash.slice("cite-".length);
    var selector = '[data-cites~="' + CSS.escape(key) + '"], .fc-anchor[data-cite="' + CSS.escape(key) + '"]';
    Array.prototype.forEach.call(document.querySelectorAll(selector), function (el) {
      el.classList.add("fc-active");
    });
  }

  /* A box that scrolls sideways can be scrolled by keyboard (it takes focus, named by its table's
     caption) and shows the cue beneath it; one that does not scroll is left out of the tab order. */
  function markScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(".fc-table-wrap, .md-typeset__scrollwrap"), function (box) {
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      box.classList.toggle("fc-scrolls", scrolls);
      if (scrolls) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", (caption ? caption.textContent.trim() : "Table") + " (scrolls sideways)");
      } else if (box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }

  function start() {
    markScrolling();
    window.addEventListener("resize", markScrolling);
    Array.prototype.forEach.call(document.querySelectorAll("table.fc-sortable"), makeSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-fc-controls]"), makeFilterable);
    markTarget();
    window.addEventListener("hashchange", markTarget);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }

})();
