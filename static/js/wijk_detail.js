/* Moved out of the page so the Content-Security-Policy needs no inline scripts. */
(function () {
  "use strict";
  var wijk = JSON.parse(document.getElementById("wijk-geojson").textContent);
  var streets = JSON.parse(document.getElementById("streets-geojson").textContent);
  var map = BP.createMap(document.getElementById("wijk-detail-map"), {});
  var w = L.geoJSON(wijk, { style: { color: "#1a4b8c", weight: 2, fillOpacity: 0.1 } }).addTo(map);
  L.geoJSON(streets, { style: { color: "#d52b1e", weight: 3 }, onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); } }).addTo(map);
  map.fitBounds(w.getBounds());
})();
