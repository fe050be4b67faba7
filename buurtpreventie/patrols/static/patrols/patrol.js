/* Patrol mode: team area + planned route on the map; while the round runs and the walker
 * opted in, the phone's position is sent every 15 s (Geolocation API). */
(function () {
  "use strict";
  var el = document.getElementById("patrol-map");
  if (!el) { return; }
  var map = BP.createMap(el, {});
  var wijk = JSON.parse(document.getElementById("wijk-geojson").textContent);
  var route = JSON.parse(document.getElementById("route-geojson").textContent);
  var bounds = null;
  if (wijk) { var w = L.geoJSON(wijk, { style: { color: "#1a4b8c", weight: 2, fillOpacity: 0.08 } }).addTo(map); bounds = w.getBounds(); }
  if (route && route.features && route.features.length) {
    var r = L.geoJSON(route, { style: { color: "#d52b1e", weight: 5 }, onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); } }).addTo(map);
    bounds = r.getBounds();
  }
  if (bounds && bounds.isValid()) { map.fitBounds(bounds); }
  if (el.dataset.sharing !== "1" || !navigator.geolocation) { return; }
  var marker = null, lastSent = 0;
  function csrf() {
    var m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    if (m) { return decodeURIComponent(m[1]); }
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  navigator.geolocation.watchPosition(function (pos) {
    var lat = pos.coords.latitude, lon = pos.coords.longitude;
    if (!marker) { marker = L.circleMarker([lat, lon], { radius: 8, color: "#0b6e0b", fillOpacity: 0.8 }).addTo(map); }
    else { marker.setLatLng([lat, lon]); }
    var now = Date.now();
    if (now - lastSent < 15000) { return; }
    lastSent = now;
    fetch(el.dataset.positionsUrl, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: JSON.stringify({ lat: lat, lon: lon, accuracy_m: pos.coords.accuracy })
    }).catch(function () { lastSent = 0; });
  }, function () { /* permission refused or no fix: nothing is shared */ }, { enableHighAccuracy: true, maximumAge: 10000 });
})();
