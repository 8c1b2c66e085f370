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
  function initCalculator() {
    var form = document.querySelector("form[data-price-per-person]");
    if (!form) { return; }
    var input = form.querySelector("input[name=people]");
    var out = document.querySelector("[data-calc-result]");
    var price = parseFloat(form.dataset.pricePerPerson);
    if (!input || !out || isNaN(price)) { return; }
    input.addEventListener("input", function () {
      var n = parseInt(input.value, 10);
      if (!n || n < 1) { out.textContent = ""; return; }
      out.textContent = n + " คน รวม ฿" + (n * price).toLocaleString("th-TH", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { initMap(); initCalculator(); });
}());
