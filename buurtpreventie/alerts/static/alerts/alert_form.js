/* New alert: click the map for the point (circle), or draw a polygon; templates fill the texts. */
(function () {
  "use strict";
  var form = document.getElementById("alert-form");
  var wijken = JSON.parse(document.getElementById("wijken-geojson").textContent);
  var rounds = JSON.parse(document.getElementById("board-data").textContent);
  var templates = JSON.parse(document.getElementById("templates-data").textContent);
  var map = BP.createMap(document.getElementById("alert-map"), {});
  var wijkLayer = L.geoJSON(wijken, {
    style: function (f) { return { color: "#1a4b8c", weight: 1, fillOpacity: f.properties.in_scope ? 0.05 : 0.2, fillColor: f.properties.in_scope ? "#1a4b8c" : "#777" }; },
    onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); }
  }).addTo(map);
  if (wijkLayer.getLayers().length) { map.fitBounds(wijkLayer.getBounds()); }
  rounds.forEach(function (r) {
    if (r.last_lat !== null) {
      L.circleMarker([r.last_lat, r.last_lon], { radius: 7, color: "#2e7d32", fillOpacity: 0.9 }).bindTooltip(r.team).addTo(map);
    }
  });
  var $ = function (id) { return document.getElementById(id); };
  var msg = $("draw-help").dataset;
  var marker = null, circle = null, areaLayer = null, drawing = false, vertices = [], drawLine = null;

  function kind() { var c = form.querySelector("input[name=area_kind]:checked"); return c ? c.value : "circle"; }
  function setKind(v) { var r = form.querySelector("input[name=area_kind][value=" + v + "]"); if (r) { r.checked = true; } }
  function changed() { document.body.dispatchEvent(new Event("area-changed")); }

  function drawCircle() {
    var lat = parseFloat($("id_lat").value), lon = parseFloat($("id_lon").value), r = parseFloat($("id_radius_m").value);
    if (circle) { map.removeLayer(circle); circle = null; }
    if (marker) { map.removeLayer(marker); marker = null; }
    if (isNaN(lat) || isNaN(lon)) { return; }
    marker = L.marker([lat, lon], { keyboard: true, title: "Incident" }).addTo(map);
    if (kind() === "circle" && !isNaN(r)) { circle = L.circle([lat, lon], { radius: r, color: "#d52b1e" }).addTo(map); }
  }
  map.on("click", function (e) {
    if (drawing) {
      vertices.push([e.latlng.lng, e.latlng.lat]);
      if (drawLine) { map.removeLayer(drawLine); }
      drawLine = L.polygon(vertices.map(function (p) { return [p[1], p[0]]; }), { color: "#d52b1e", dashArray: "4" }).addTo(map);
      $("draw-help").textContent = vertices.length + " " + msg.points;
      return;
    }
    $("id_lat").value = e.latlng.lat.toFixed(6);
    $("id_lon").value = e.latlng.lng.toFixed(6);
    if (kind() === "polygon" && !$("id_polygon").value) { setKind("circle"); }
    drawCircle();
    changed();
  });
  $("draw-start").addEventListener("click", function () {
    if (!drawing) {
      drawing = true; vertices = [];
      if (drawLine) { map.removeLayer(drawLine); drawLine = null; }
      this.textContent = msg.finish;
      $("draw-help").textContent = msg.instructions;
      return;
    }
    drawing = false; this.textContent = msg.start;
    if (vertices.length >= 3) {
      var ring = vertices.concat([vertices[0]]);
      $("id_polygon").value = JSON.stringify({ type: "Polygon", coordinates: [ring] });
      setKind("polygon");
      $("draw-help").textContent = msg.done;
      changed();
    } else {
      $("draw-help").textContent = msg.tooFew;
    }
  });
  $("draw-clear").addEventListener("click", function () {
    drawing = false; vertices = []; $("id_polygon").value = "";
    if (drawLine) { map.removeLayer(drawLine); drawLine = null; }
    $("draw-start").textContent = msg.start; $("draw-help").textContent = "";
    if (kind() === "polygon") { setKind("circle"); }
    changed();
  });
  form.addEventListener("change", function (e) {
    if (e.target.name === "template" && templates[e.target.value]) {
      var t = templates[e.target.value];
      if (t.situation) { $("id_situation").value = t.situation; }
      $("id_instructions").value = t.instructions;
    }
    if (e.target.name === "wijk" && e.target.value) { setKind("wijk"); }
    drawCircle();
  });
  ["id_lat", "id_lon", "id_radius_m"].forEach(function (id) { $(id).addEventListener("input", drawCircle); });
  document.body.addEventListener("htmx:afterSwap", function () {
    var el = document.getElementById("preview-area");
    if (areaLayer) { map.removeLayer(areaLayer); areaLayer = null; }
    if (!el) { return; }
    var geom = JSON.parse(el.textContent);
    if (geom) { areaLayer = L.geoJSON(geom, { style: { color: "#d52b1e", weight: 2, fillOpacity: 0.15 } }).addTo(map); }
  });
  drawCircle();
  if ($("id_lat").value || $("id_wijk").value || $("id_polygon").value) { changed(); }
})();
