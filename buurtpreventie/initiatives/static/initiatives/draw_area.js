/* Draw a polygon by clicking; the GeoJSON goes into the form's textarea (which also accepts pasted GeoJSON). */
(function () {
  "use strict";
  var el = document.getElementById("draw-map");
  var input = document.querySelector("textarea[name=area_geometry]");
  if (!el || !input || !window.BP) { return; }
  var label = document.currentScript ? document.currentScript.dataset.pointsLabel : "points";
  var status = document.getElementById("draw-status");
  var map = BP.createMap(el, {});
  var wijken = L.geoJSON(JSON.parse(document.getElementById("wijken-geojson").textContent), {
    style: { color: "#666", weight: 1, fillOpacity: 0.05 },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
  }).addTo(map);
  if (wijken.getLayers().length) { map.fitBounds(wijken.getBounds()); }
  var points = [];
  var shape = null;
  function fromInput() {
    try {
      var g = JSON.parse(input.value);
      if (g && g.type === "Polygon") {
        points = g.coordinates[0].slice(0, -1).map(function (c) { return [c[1], c[0]]; });
      }
    } catch (e) { points = []; }
  }
  function redraw(write) {
    if (shape) { map.removeLayer(shape); shape = null; }
    if (points.length >= 2) {
      shape = L.polygon(points, { color: "#d52b1e", weight: 3, fillOpacity: 0.2 }).addTo(map);
    }
    if (write) {
      if (points.length >= 3) {
        var ring = points.map(function (p) { return [Number(p[1].toFixed(6)), Number(p[0].toFixed(6))]; });
        ring.push(ring[0]);
        input.value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      } else {
        input.value = "";
      }
    }
    status.textContent = points.length + " " + label;
  }
  fromInput();
  redraw(false);
  if (shape) { map.fitBounds(shape.getBounds()); }
  map.on("click", function (e) { points.push([e.latlng.lat, e.latlng.lng]); redraw(true); });
  document.getElementById("draw-undo").addEventListener("click", function () { points.pop(); redraw(true); });
  document.getElementById("draw-clear").addEventListener("click", function () { points = []; redraw(true); });
  input.addEventListener("change", function () { fromInput(); redraw(false); });
})();
