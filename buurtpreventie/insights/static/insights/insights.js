/* Insights: every <canvas data-insight-chart="id"> is drawn from the JSON script with that id
 * (the table under it holds the same figures); #insight-map shows the choropleth and hotspots. */
(function () {
  "use strict";
  var colours = ["#1a4b8c", "#d52b1e", "#2e7d32", "#ef8a00", "#6a3d9a", "#777777"];
  if (typeof Chart !== "undefined") {
    document.querySelectorAll("canvas[data-insight-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.dataset.insightChart);
      if (!source) { return; }
      var data = JSON.parse(source.textContent);
      var line = data.type === "line";
      new Chart(canvas, {
        type: data.type || "bar",
        data: { labels: data.labels, datasets: data.datasets.map(function (d, i) {
          d.backgroundColor = colours[i % colours.length];
          d.borderColor = colours[i % colours.length];
          if (line) { d.spanGaps = true; d.borderDash = i > 0 ? [6, 4] : []; }
          return d;
        }) },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: true, max: data.max || undefined } } }
      });
    });
  }
  var el = document.getElementById("insight-map");
  if (!el || typeof L === "undefined" || !window.BP) { return; }
  fetch(el.dataset.source, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
    var map = window.BP.createMap(el);
    var layer = null;
    function draw(field) {
      if (layer) { map.removeLayer(layer); }
      var values = data.wijken.features.map(function (f) { return f.properties[field]; });
      var scale = window.BP.colourScale(values, window.BP.palette);
      layer = L.geoJSON(data.wijken, {
        style: function (f) {
          var p = f.properties;
          return { weight: 1, color: "#333", fillOpacity: 0.6,
                   fillColor: p.initiatives ? scale.colour(p[field]) : "#bdbdbd" };
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          l.bindTooltip(p.name + ": " + (p.initiatives ? (p[field] === null ? "–" : p[field].toLocaleString(document.documentElement.lang)) : el.dataset.noTeam));
        }
      }).addTo(map);
      if (layer.getBounds().isValid()) { map.fitBounds(layer.getBounds()); }
    }
    draw("rounds_per_1000");
    data.hotspots.forEach(function (h) {
      L.circleMarker([h[0], h[1]], { radius: 4 + Math.min(12, Math.sqrt(h[2]) * 2), color: "#d52b1e", weight: 1,
                                      fillOpacity: 0.5 }).bindTooltip(String(h[2])).addTo(map);
    });
    document.querySelectorAll("input[name=map-layer]").forEach(function (input) {
      input.addEventListener("change", function () { draw(input.value); });
    });
  });
})();
