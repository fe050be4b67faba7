/* Public dossier: areas of active teams (blue) and app groups (orange). The list beside it has the same data. */
(function () {
  "use strict";
  var el = document.getElementById("initiatives-map");
  var data = document.getElementById("initiative-features");
  if (!el || !data || !window.BP) { return; }
  var features = JSON.parse(data.textContent);
  var map = BP.createMap(el, {});
  var layer = L.geoJSON(features, {
    style: function (f) {
      var app = f.properties.kind === "app_group";
      return { color: app ? "#d97706" : "#1a4b8c", weight: 2, fillOpacity: 0.25, dashArray: app ? "6 4" : null };
    },
    onEachFeature: function (f, l) {
      l.bindTooltip(f.properties.name + " (" + f.properties.kind_label + ")");
      l.on("click", function () {
        var item = document.getElementById(f.properties.anchor);
        if (item) { item.scrollIntoView({ behavior: "smooth" }); window.location.hash = f.properties.anchor; }
      });
    }
  }).addTo(map);
  if (features.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
})();
