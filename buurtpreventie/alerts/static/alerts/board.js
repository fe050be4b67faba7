/* Live board: rounds running now on a map and in a table, updated over the live stream. */
(function () {
  "use strict";
  var state = document.getElementById("board-state");
  var i18n = document.getElementById("board-i18n").dataset;
  var tbody = document.getElementById("board-rows");
  var wijken = JSON.parse(document.getElementById("wijken-geojson").textContent);
  var rows = JSON.parse(document.getElementById("board-data").textContent);
  var map = BP.createMap(document.getElementById("board-map"), {});
  var wl = L.geoJSON(wijken, { style: function (f) { return { color: "#1a4b8c", weight: 1, fillOpacity: f.properties.in_scope ? 0.05 : 0 }; },
                               onEachFeature: function (f, l) { l.bindTooltip(f.properties.name); } }).addTo(map);
  if (wl.getLayers().length) { map.fitBounds(wl.getBounds()); }
  var sosMarkers = {};
  var audio = null;
  // Sound on the board: browsers allow it after one click on the page.
  document.addEventListener("pointerdown", function () {
    try { audio = audio || new (window.AudioContext || window.webkitAudioContext)(); audio.resume(); } catch (e) { audio = null; }
  }, { once: true });
  BP.sosSound = function () {
    if (!audio) { return; }
    for (var i = 0; i < 8; i++) {
      var o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime + i * 0.25;
      o.frequency.value = i % 2 ? 700 : 1100; g.gain.value = 0.3; o.connect(g); g.connect(audio.destination);
      o.start(t); o.stop(t + 0.2);
    }
  };
  var markers = {}, routes = {}, byId = {}, phones = rows.length && rows[0].coordinator_phone !== null && rows[0].coordinator_phone !== undefined;

  function ageOf(r) { return r.last_at ? (Date.now() - new Date(r.last_at).getTime()) / 1000 : null; }
  function ageText(r) { var a = ageOf(r); return a === null ? i18n.none : BP.ageText(a) + " " + i18n.ago; }
  function cell(text, cls) { var td = document.createElement("td"); td.className = "utrecht-table__cell" + (cls ? " " + cls : ""); td.textContent = text; return td; }

  function render() {
    tbody.innerHTML = "";
    var list = Object.keys(byId).map(function (k) { return byId[k]; });
    if (!list.length) { var tr = document.createElement("tr"); tr.className = "utrecht-table__row"; var td = cell(i18n.empty); td.colSpan = 5; tr.appendChild(td); tbody.appendChild(tr); }
    list.forEach(function (r) {
      var tr = document.createElement("tr"); tr.className = "utrecht-table__row"; tr.dataset.roundId = r.round_id;
      tr.appendChild(cell(r.label || r.team)); tr.appendChild(cell(r.wijk));
      tr.appendChild(cell(String(r.walkers) + (r.walker_names && r.walker_names.length ? ": " + r.walker_names.join(", ") : "")));
      var age = cell(ageText(r)); age.dataset.age = ""; var a = ageOf(r);
      if (a !== null && a > 300) { age.classList.add("board-age--stale"); }
      tr.appendChild(age);
      if (phones) { tr.appendChild(cell(r.coordinator_phone || "—")); }
      tbody.appendChild(tr);
    });
  }
  function place(r) {
    if (r.planned_route && !routes[r.round_id]) {
      try { routes[r.round_id] = L.geoJSON(r.planned_route, { style: { color: "#6baed6", weight: 3, dashArray: "6" } }).addTo(map); } catch (e) { /* bad route */ }
    }
    if (r.last_lat === null || r.last_lat === undefined) { return; }
    var label = (r.label || r.team) + " (" + (r.walker_names && r.walker_names.length ? r.walker_names.join(", ") : r.walkers + " " + i18n.walkers) + ")";
    if (!markers[r.round_id]) {
      markers[r.round_id] = L.circleMarker([r.last_lat, r.last_lon], { radius: 8, color: "#2e7d32", fillOpacity: 0.9 }).bindTooltip(label).addTo(map);
    } else { markers[r.round_id].setLatLng([r.last_lat, r.last_lon]).setTooltipContent(label); }
  }
  function load(list) {
    Object.keys(markers).forEach(function (k) { if (!list.some(function (r) { return String(r.round_id) === k; })) { map.removeLayer(markers[k]); delete markers[k]; } });
    Object.keys(routes).forEach(function (k) { if (!list.some(function (r) { return String(r.round_id) === k; })) { map.removeLayer(routes[k]); delete routes[k]; } });
    byId = {}; list.forEach(function (r) { byId[r.round_id] = r; place(r); });
    if (list.length && list[0].coordinator_phone !== undefined && list[0].coordinator_phone !== null) { phones = true; }
    render();
  }
  function reload() {
    fetch(state.dataset.dataUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (d) { load(d.rounds); });
  }
  load(rows);
  BP.liveStream(state.dataset.streamUrl, function (ev) {
    if (ev.type === "position") {
      var r = byId[ev.round_id];
      if (!r) { reload(); return; }
      r.last_lat = ev.lat; r.last_lon = ev.lon; r.last_at = ev.at || new Date().toISOString();
      place(r); render();
    } else if (ev.type && ev.type.indexOf("alert") === 0) {
      document.body.dispatchEvent(new Event("refresh-alerts"));
      if (ev.type === "alert_ack" && ev.kind === "help") {
        document.getElementById("board-announce").textContent = ev.name + " (" + ev.team + "): " + ev.kind_label;
      }
    } else if (ev.type === "sos" || ev.type === "sos_cancelled") {
      document.body.dispatchEvent(new Event("refresh-sos"));
      if (ev.type === "sos") {
        document.getElementById("board-announce").textContent = "SOS: " + ev.name + " (" + ev.team + ")";
        if (ev.lat !== null && ev.lat !== undefined) {
          var tip = document.createElement("span");
          tip.textContent = "SOS " + ev.name;  // text, never HTML
          sosMarkers[ev.sos_id] = L.circleMarker([ev.lat, ev.lon], { radius: 14, color: "#b00020", fillOpacity: 0.9 })
            .bindTooltip(tip, { permanent: true }).addTo(map);
          map.setView([ev.lat, ev.lon], Math.max(map.getZoom(), 16));
        }
        BP.sosSound();
      } else if (sosMarkers[ev.sos_id]) { map.removeLayer(sosMarkers[ev.sos_id]); delete sosMarkers[ev.sos_id]; }
    } else if (ev.type === "round_started" || ev.type === "round_ended") {
      document.getElementById("board-announce").textContent = ev.type === "round_started" ? i18n.started : i18n.ended;
      reload();
    }
  }, function (s) {
    state.querySelector("[data-text]").textContent = s === "open" ? state.dataset.msgOpen : state.dataset.msgReconnecting;
    state.querySelector(".live-dot").dataset.state = s;
    if (s === "open") { reload(); }
  });
  setInterval(render, 15000);  // ages keep counting between positions
})();
