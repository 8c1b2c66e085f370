// Map point picker (core/widgets_map.py): a tap or click on the map places the marker and fills the
// latitude and longitude inputs; dragging the marker moves the point; typing the numbers moves the marker.
// Without JavaScript the map stays hidden and the typed inputs work alone; without tiles the map is blank
// but still takes taps.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof L === "undefined") return;
  // The stylesheet's name carries a hash under `make run` (leaflet.1a2b3c.css): its folder is what counts.
  var css = document.querySelector('link[rel="stylesheet"][href*="/leaflet/leaflet"]');
  if (css) L.Icon.Default.imagePath = css.href.replace(/[^/]*$/, "images/");
  Array.prototype.forEach.call(document.querySelectorAll("[data-map-picker]"), function (el) {
    var scope = el.closest("form") || document;
    var latInput = scope.querySelector('[name="' + el.getAttribute("data-lat-input") + '"]');
    var lngInput = scope.querySelector('[name="' + el.getAttribute("data-lng-input") + '"]');
    if (!latInput || !lngInput) return;
    var hint = document.getElementById(el.getAttribute("aria-describedby"));
    el.hidden = false;
    if (hint) hint.hidden = false;
    var centre = el.getAttribute("data-centre").split(",").map(parseFloat);
    var map = L.map(el, { scrollWheelZoom: false }).setView(centre, parseInt(el.getAttribute("data-zoom"), 10) || 11);
    L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      attribution: '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
    }).addTo(map);
    var marker = null;

    function fill(latlng) {
      latlng = latlng.wrap();
      latInput.value = latlng.lat.toFixed(6);
      lngInput.value = latlng.lng.toFixed(6);
      [latInput, lngInput].forEach(function (input) { input.dispatchEvent(new Event("input", { bubbles: true })); });
    }
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); return; }
      marker = L.marker(latlng, { draggable: true, title: el.getAttribute("aria-label") }).addTo(map);
      marker.on("dragend", function () { fill(marker.getLatLng()); });
    }
    function fromInputs(first) {
      var lat = parseFloat(latInput.value), lng = parseFloat(lngInput.value);
      if (isNaN(lat) || isNaN(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return;
      place([lat, lng]);
      if (first) map.setView([lat, lng], 15); else map.panTo([lat, lng]);
    }
    map.on("click", function (e) { place(e.latlng); fill(e.latlng); });
    latInput.addEventListener("change", function () { fromInputs(false); });
    lngInput.addEventListener("change", function () { fromInputs(false); });
    fromInputs(true);
  });
});
