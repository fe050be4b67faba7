/* Moved out of the page so the Content-Security-Policy needs no inline scripts. */
(function () {
  "use strict";
  var map = BP.createMap(document.getElementById("home-map"), {});
  var w = L.geoJSON(JSON.parse(document.getElementById("wijken-geojson").textContent), { style: { color: "#1a4b8c", weight: 1, fillOpacity: 0.05 } }).addTo(map);
  if (w.getLayers().length) { map.fitBounds(w.getBounds()); }
  var lat = document.getElementById("id_lat"), lon = document.getElementById("id_lon"), m = null;
  function put() { if (lat.value && lon.value) { if (m) { m.setLatLng([+lat.value, +lon.value]); } else { m = L.marker([+lat.value, +lon.value]).addTo(map); } } }
  map.on("click", function (e) { lat.value = e.latlng.lat.toFixed(5); lon.value = e.latlng.lng.toFixed(5); put(); });
  put();
})();
