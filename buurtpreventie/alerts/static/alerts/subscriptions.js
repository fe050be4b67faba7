/* Alert subscriptions: a map with the person's circles; a click (or a found address, or the phone's
 * location, or typed coordinates) sets the middle of the new area, drawn with its radius. The point
 * is rounded to 3 decimals (~100 m) here as on the server: as coarse as the targeting needs. */
(function () {
  "use strict";
  var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon");
  var radius = document.getElementById("id_radius_m");
  var el = document.getElementById("subscription-map");
  var map = null, circle = null;
  function coarse(v) { return (Math.round(parseFloat(v) * 1000) / 1000).toFixed(3); }
  function draw() {
    if (!map) { return; }
    var y = parseFloat(lat.value), x = parseFloat(lon.value), r = parseInt(radius.value, 10) || 500;
    if (isNaN(y) || isNaN(x)) { return; }
    if (circle) { circle.setLatLng([y, x]); circle.setRadius(r); }
    else {
      circle = L.circle([y, x], { radius: r, color: "#d52b1e", weight: 2, fillOpacity: 0.15 }).addTo(map);
      circle.getElement().setAttribute("data-new-area", "1");
    }
    el.dataset.point = coarse(y) + "," + coarse(x) + "," + r;
    map.fitBounds(circle.getBounds(), { maxZoom: 16 });
  }
  if (el && window.L && window.BP) {
    map = BP.createMap(el, {});
    var bounds = null;
    var wijken = JSON.parse(document.getElementById("wijken-geojson").textContent || "null");
    if (wijken) {
      var w = L.geoJSON(wijken, { style: { color: "#1a4b8c", weight: 1, fillOpacity: 0.03 }, interactive: false }).addTo(map);
      if (w.getLayers().length) { bounds = w.getBounds(); }
    }
    JSON.parse(document.getElementById("subscription-areas").textContent).forEach(function (a) {
      var c = L.circle([a.lat, a.lon], { radius: a.radius_m, color: "#1a4b8c", weight: 2, fillOpacity: 0.1 }).addTo(map);
      c.getElement().setAttribute("data-subscription-area", String(a.id));
      if (a.label) { c.bindTooltip(a.label); }
      bounds = bounds ? bounds.extend(c.getBounds()) : c.getBounds();
    });
    if (bounds) { map.fitBounds(bounds); } else { map.setView([52.1, 5.3], 7); }
    map.on("click", function (e) {
      lat.value = coarse(e.latlng.lat);
      lon.value = coarse(e.latlng.lng);
      draw();
    });
    [lat, lon, radius].forEach(function (f) { f.addEventListener("change", draw); });
    draw();
  }
  var btn = document.querySelector("[data-use-location]");
  if (!btn || !navigator.geolocation) { if (btn) { btn.hidden = true; } return; }
  btn.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      lat.value = coarse(p.coords.latitude);
      lon.value = coarse(p.coords.longitude);
      draw();
    }, function () {}, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
  });
})();
