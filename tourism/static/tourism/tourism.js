/* Community map (Leaflet + OpenStreetMap tiles; the address and coordinates are on the page
   anyway, so nothing is lost when tiles cannot load) and the live price calculator. */
(function () {
  "use strict";
  function initMap() {
    var el = document.getElementById("tourism-map");
    if (!el || typeof L === "undefined") { return; }
    var lat = parseFloat(el.dataset.lat), lng = parseFloat(el.dataset.lng);
    if (isNaN(lat) || isNaN(lng)) { return; }
    var map = L.map(el, { scrollWheelZoom: false }).setView([lat, lng], 14);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: "&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a>"
    }).addTo(map);
    L.circleMarker([lat, lng], { radius: 10, color: "#8a5a00", fillColor: "#c8a24a", fillOpacity: 0.9 }).addTo(map).bindPopup(el.dataset.label || "");
  }
  // "฿1,350" for whole baht, "฿1,350.50" with satang (as the |baht:"auto" filter on the server).
  function formatBaht(satang) {
    var places = satang % 100 === 0 ? 0 : 2;
    return "\u0E3F" + (satang / 100).toLocaleString("en-US", { minimumFractionDigits: places, maximumFractionDigits: places });
  }
  // Every form marked data-live-total (the booking form and the price calculator) shows its total for any
  // people count as it is typed: price per person from data-price-per-person, the sentence from the
  // output's data-template ({n} and {total}, translated on the server).
  function initLiveTotal(form) {
    var input = form.querySelector("input[name=people]");
    var out = form.querySelector("[data-total-output]");
    var warning = form.querySelector("[data-range-warning]");
    var satangPerPerson = Math.round(parseFloat(form.dataset.pricePerPerson) * 100);
    var min = parseInt(form.dataset.minGroup, 10), max = parseInt(form.dataset.maxGroup, 10);
    if (!input || !out || isNaN(satangPerPerson)) { return; }
    function update() {
      var n = parseInt(input.value, 10);
      if (!n || n < 1 || String(n) !== input.value.trim()) { out.textContent = ""; if (warning) { warning.hidden = true; } return; }
      out.textContent = out.dataset.template.replace("{n}", n.toLocaleString("en-US")).replace("{total}", formatBaht(n * satangPerPerson));
      if (warning) { warning.hidden = !(n < min || n > max); }
    }
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  }
  function initCalculators() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-live-total]"), initLiveTotal);
  }
  document.addEventListener("DOMContentLoaded", function () { initMap(); initCalculators(); });
}());
