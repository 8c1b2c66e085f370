// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.querySelector("[data-nav-toggle]");
  if (toggle) {
    toggle.addEventListener("click", function () {
      var nav = document.getElementById("site-nav");
      var open = nav.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
});

// "Copy link" share button.
document.addEventListener("click", function (e) {
  var btn = e.target.closest("[data-copy-link]");
  if (!btn || !navigator.clipboard) return;
  navigator.clipboard.writeText(btn.getAttribute("data-copy-link")).then(function () {
    btn.textContent = btn.getAttribute("data-copied-label") || "✓";
  });
});

// "Print" buttons (certificates): a data attribute, not an inline onclick, which the CSP refuses.
document.addEventListener("click", function (e) {
  if (e.target.closest("[data-print]")) window.print();
});

// Tables read as cards on a phone (static/css/portal.css, below 600 px): each cell gets its column's
// heading as data-label, and the table keeps its table roles (display: block would drop them).
// A table marked "keep-table" stays a grid and scrolls sideways instead.
function portalTableCards(table) {
  if (table.classList.contains("keep-table") || table.classList.contains("cards") ||
      table.classList.contains("chart-xlabels")) return;  // a chart's axis labels are laid out by charts.css
  var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
  if (!headRow) return;
  var labels = [];
  Array.prototype.forEach.call(headRow.cells, function (th) {
    var span = th.colSpan || 1;
    for (var i = 0; i < span; i++) labels.push(th.textContent.replace(/\s+/g, " ").trim());
  });
  table.setAttribute("role", "table");
  Array.prototype.forEach.call(table.querySelectorAll("thead, tbody, tfoot"), function (g) { g.setAttribute("role", "rowgroup"); });
  Array.prototype.forEach.call(table.rows, function (row) {
    row.setAttribute("role", "row");
    var col = 0;
    Array.prototype.forEach.call(row.cells, function (cell) {
      var inHead = row.parentNode === table.tHead;
      if (cell.tagName === "TH") cell.setAttribute("role", inHead ? "columnheader" : "rowheader");
      else cell.setAttribute("role", "cell");
      if (!inHead && (cell.colSpan || 1) === 1 && labels[col]) cell.setAttribute("data-label", labels[col]);
      col += cell.colSpan || 1;
    });
  });
  table.classList.add("cards");
}
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll("main table"), portalTableCards);
});

// A region that scrolls sideways (a wide table kept as a grid, the kanban, a dense chart's labels on a phone)
// must be reachable by keyboard: focusable, and named after the heading above it.
document.addEventListener("DOMContentLoaded", function () {
  Array.prototype.forEach.call(document.querySelectorAll(".table-wrap, .scroll-region, .chart-xlabels"), function (el) {
    if (el.scrollWidth <= el.clientWidth + 1 || el.hasAttribute("tabindex")) return;
    el.setAttribute("tabindex", "0");
    if (!el.hasAttribute("role")) el.setAttribute("role", "region");
    if (!el.hasAttribute("aria-label") && !el.hasAttribute("aria-labelledby")) {
      var caption = el.querySelector("caption");
      var heading = el.previousElementSibling;
      while (heading && !/^H[1-6]$/.test(heading.tagName)) heading = heading.previousElementSibling;
      var name = (caption || heading || {}).textContent || document.title;
      el.setAttribute("aria-label", name.replace(/\s+/g, " ").trim());
    }
  });
});
