// Leaflet maps over OpenStreetMap tiles, built from the JSON beside each .map element.
// The list next to the map carries the same content, so nothing is lost without tiles.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof L === "undefined") return;
  document.querySelectorAll("[data-map-points]").forEach(function (el) {
    var data = document.getElementById(el.getAttribute("data-map-points"));
    if (!data) return;
    var points = JSON.parse(data.textContent).filter(function (p) { return p.lat && p.lng; });
    if (!points.length) { el.hidden = true; return; }
    // The stylesheet's name carries a hash under `make run` (leaflet.1a2b3c.css): its folder is what counts.
    var css = document.querySelector('link[rel="stylesheet"][href*="/leaflet/leaflet"]');
    if (css) L.Icon.Default.imagePath = css.href.replace(/[^/]*$/, "images/");
    var map = L.map(el, { scrollWheelZoom: false });
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 18,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    var bounds = [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lng]).addTo(map);
      var link = document.createElement("a");
      link.href = p.url; link.textContent = p.name;
      marker.bindPopup(link);
      bounds.push([p.lat, p.lng]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 14); else map.fitBounds(bounds, { padding: [24, 24] });
  });
});
