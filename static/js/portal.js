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
