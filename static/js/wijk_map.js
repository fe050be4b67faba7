(function () {
  "use strict";
  var el = document.getElementById("wijk-map");
  if (!el || !window.L) { return; }
  var metric = el.dataset.metric, label = el.dataset.metricLabel;
  /* Numbers in the page's language: 12.705 / 264,2 (nl), 12,705 / 264.2 (en). */
  function fmt(v) { return Number(v).toLocaleString(document.documentElement.lang); }
  fetch(el.dataset.geojson, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var values = data.features.map(function (f) { return f.properties[metric]; });
    var scale = BP.colourScale(values, BP.palette);
    var layer = L.geoJSON(data, {
      style: function (f) {
        return { color: "#333", weight: 1.5, fillOpacity: 0.75, fillColor: scale.colour(f.properties[metric]) };
      },
      onEachFeature: function (f, lyr) {
        var v = f.properties[metric];
        var text = f.properties.name + " (" + f.properties.code + "): " + (v === null || v === undefined ? "?" : fmt(v));
        lyr.bindTooltip(text);
        lyr.on("click", function () { window.location.href = f.properties.url; });
      }
    });
    var map = BP.createMap(el, {});
    layer.addTo(map);
    if (data.features.length) { map.fitBounds(layer.getBounds(), { padding: [10, 10] }); }
    el.dataset.loaded = String(data.features.length);
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var div = L.DomUtil.create("div", "legend");
      function swatch(colour, text) {
        var i = document.createElement("i");
        i.style.background = colour;
        div.appendChild(i);
        div.appendChild(document.createTextNode(text));
        div.appendChild(document.createElement("br"));
      }
      var title = document.createElement("strong");
      title.textContent = label;
      div.appendChild(title);
      div.appendChild(document.createElement("br"));
      var b = scale.breaks;
      for (var i = 0; i < BP.palette.length; i++) {
        var from = i === 0 ? null : b[i - 1], to = i < b.length ? b[i] : null;
        swatch(BP.palette[i], from === null ? "< " + (to === null ? "" : fmt(to)) : (to === null ? "≥ " + fmt(from) : fmt(from) + " – " + fmt(to)));
      }
      swatch("#cccccc", "?");
      return div;
    };
    legend.addTo(map);
  });
})();
