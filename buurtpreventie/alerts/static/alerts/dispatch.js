/* Alert detail for the dispatcher: answers arrive live; teams without an answer in time are flagged. */
(function () {
  "use strict";
  var state = document.getElementById("dispatch-state");
  var alertId = parseInt(state.dataset.alertId, 10);
  var announce = document.getElementById("dispatch-announce");
  var geom = JSON.parse(document.getElementById("area-geojson").textContent);
  var map = BP.createMap(document.getElementById("alert-map"), {});
  if (geom) { var l = L.geoJSON(geom, { style: { color: "#d52b1e", weight: 2, fillOpacity: 0.15 } }).addTo(map); map.fitBounds(l.getBounds()); }
  function refresh() { document.body.dispatchEvent(new Event("refresh-status")); }

  function checkLate() {
    var box = document.getElementById("alert-status");
    if (!box || box.dataset.active !== "1") { return; }
    var deadline = new Date(box.dataset.sentAt).getTime() + parseInt(box.dataset.escalateMinutes, 10) * 60000;
    if (Date.now() < deadline) { return; }
    var late = [];
    box.querySelectorAll("tr[data-team-id]").forEach(function (tr) {
      if (tr.dataset.answered === "0" && !tr.classList.contains("team-late")) {
        tr.classList.add("team-late"); late.push(tr.firstElementChild.textContent);
      }
    });
    if (late.length) { announce.textContent = state.dataset.msgLate + " " + late.join(", "); refresh(); }
  }
  setInterval(checkLate, 5000);
  document.body.addEventListener("htmx:afterSwap", checkLate);

  BP.liveStream(state.dataset.streamUrl, function (ev) {
    if (ev.alert_id !== alertId) { return; }
    if (ev.type === "alert_ack") {
      var row = document.querySelector("#alert-status tr[data-user-id='" + ev.user_id + "'] [data-answer]");
      var t = new Date(ev.at);
      var text = ev.kind_label + " (" + t.toLocaleTimeString("nl-NL") + ")";
      if (row) { row.textContent = text; }
      announce.textContent = (ev.kind === "help" ? state.dataset.msgHelp + ": " : "") + ev.name + (ev.team ? " (" + ev.team + ")" : "") + ": " + ev.kind_label;
      refresh();
    } else if (ev.type === "alert_sighting") {
      announce.textContent = (state.dataset.msgSighting || "") + " " + ev.name + (ev.team ? " (" + ev.team + ")" : "") + ": " + ev.text;
      refresh();
    } else if (ev.type === "alert_escalated") {
      announce.textContent = state.dataset.msgLate + " " + ev.teams.join(", ");
      refresh();
    }
  }, function (s) {
    state.querySelector("[data-text]").textContent = s === "open" ? state.dataset.msgOpen : state.dataset.msgReconnecting;
    state.querySelector(".live-dot").dataset.state = s;
    if (s === "open") { refresh(); }
  });
})();
