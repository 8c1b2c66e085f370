// Polls a report's status while it is being generated, then reloads the page.
(function () {
  document.querySelectorAll("[data-report-status-url]").forEach(function (el) {
    var url = el.getAttribute("data-report-status-url");
    function poll() {
      fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json(); })
        .then(function (data) {
          el.textContent = data.status_label;
          el.setAttribute("data-status", data.status);
          if (data.status === "done" || data.status === "failed") { window.location.reload(); }
          else { window.setTimeout(poll, 2000); }
        })
        .catch(function () { window.setTimeout(poll, 5000); });
    }
    window.setTimeout(poll, 1500);
  });
})();
