// The portal's date widget (core/widgets.py): day / Thai month / BE year selects.
// Without JavaScript the selects post as they are and the server checks the date; with it,
// the days a month does not have (30–31 February, 31 April…) are disabled as the month or
// year changes, and a day that no longer exists moves to the month's last day.
(function () {
  "use strict";

  function daysIn(month, year) {
    // year may be unknown: allow 29 February then
    return new Date(year || 2000, month, 0).getDate();
  }

  function sync(group) {
    var day = group.querySelector("select[data-part=day]");
    var month = group.querySelector("select[data-part=month]");
    var year = group.querySelector("select[data-part=year]");
    if (!day || !month) return;
    var m = parseInt(month.value, 10);
    var y = year ? parseInt(year.value, 10) : NaN;
    var max = m ? daysIn(m, isNaN(y) ? 0 : y) : 31;
    for (var i = 0; i < day.options.length; i++) {
      var option = day.options[i];
      var d = parseInt(option.value, 10);
      if (!isNaN(d)) option.disabled = d > max;
    }
    var chosen = parseInt(day.value, 10);
    if (!isNaN(chosen) && chosen > max) day.value = String(max);
  }

  function init(root) {
    var groups = (root || document).querySelectorAll("[data-thai-date=date]");
    Array.prototype.forEach.call(groups, function (group) {
      group.addEventListener("change", function () { sync(group); });
      sync(group);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
})();
