(function () {
  "use strict";
  var el = document.getElementById("initiative-map");
  var data = document.getElementById("initiative-area");
  if (!el || !data || !window.BP) { return; }
  var map = BP.createMap(el, {});
  var layer = L.geoJSON(JSON.parse(data.textContent), { style: { color: "#1a4b8c", weight: 2, fillOpacity: 0.2 } }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [10, 10] });
})();
