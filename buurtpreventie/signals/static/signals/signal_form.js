/* Signal form: tap the place on the map (or use the phone's location), show the 112 details only
 * when 112 was called, keep a draft on the device, and send through the patrols' offline outbox
 * when there is no connection. */
(function () {
  "use strict";
  var form = document.getElementById("signal-form");
  if (!form) { return; }
  var draftKey = form.dataset.draftKey;
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0; return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }
  var uuidField = form.querySelector("input[name=client_uuid]");

  function entries() {
    var out = [];
    new FormData(form).forEach(function (v, k) { if (!(v instanceof File) && k !== "csrfmiddlewaretoken") { out.push([k, v]); } });
    return out;
  }
  function saveDraft() { try { localStorage.setItem(draftKey, JSON.stringify(entries())); } catch (e) { /* full */ } }
  function restoreDraft() {
    var raw = localStorage.getItem(draftKey);
    if (!raw || form.dataset.bound === "1") { return; }
    var saved; try { saved = JSON.parse(raw); } catch (e) { return; }
    var values = {};
    saved.forEach(function (e) { (values[e[0]] = values[e[0]] || []).push(e[1]); });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "file" || !(el.name in values)) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = values[el.name].indexOf(el.value) !== -1; }
      else { el.value = values[el.name][0]; }
    });
  }
  restoreDraft();
  if (uuidField && !uuidField.value) { uuidField.value = uuid(); }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  /* 112 details only when 112 was called. */
  var details = document.getElementById("called-details");
  function toggleCalled() {
    var yes = form.querySelector("input[name=called_112][value=yes]");
    if (details) { details.hidden = !(yes && yes.checked); }
  }
  form.querySelectorAll("input[name=called_112]").forEach(function (r) { r.addEventListener("change", toggleCalled); });
  toggleCalled();

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    saveDraft();
    var data = new FormData(form);
    var url = form.getAttribute("action") || window.location.pathname;
    var button = document.getElementById("signal-submit");
    if (button) { button.disabled = true; }
    function toOutbox() {
      return BP.outbox.queue(url, data, draftKey).then(function () {
        if (button) { button.disabled = false; }
        /* A next signal gets its own id. */
        localStorage.removeItem(draftKey);
        form.reset();
        if (uuidField) { uuidField.value = uuid(); }
        toggleCalled();
      });
    }
    if (navigator.onLine === false) { toOutbox(); return; }
    fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      if (response.redirected && BP.outbox.sent(response.url)) {
        localStorage.removeItem(draftKey);
        window.location.href = response.url;
        return;
      }
      return response.text().then(function (html) { document.open(); document.write(html); document.close(); });
    }).catch(toOutbox);
  });

  /* Map: the group's wijken; a tap sets the point (and fills the place if empty). */
  var lat = form.querySelector("input[name=lat]"), lon = form.querySelector("input[name=lon]");
  var mapEl = document.getElementById("signal-map");
  var marker = null, map = null;
  function setPoint(latlng) {
    lat.value = latlng.lat.toFixed(6); lon.value = latlng.lng.toFixed(6);
    if (map) { if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); } }
    saveDraft();
  }
  if (mapEl && window.L && window.BP && BP.createMap) {
    var wijk = JSON.parse(document.getElementById("wijk-geojson").textContent);
    map = BP.createMap(mapEl, {});
    var layer = L.geoJSON(wijk, { style: { color: "#1a4b8c", weight: 2, fillOpacity: 0.05 } }).addTo(map);
    if (layer.getLayers().length) { map.fitBounds(layer.getBounds()); }
    map.on("click", function (ev) { setPoint(ev.latlng); });
    if (lat.value && lon.value) { setPoint(L.latLng(parseFloat(lat.value), parseFloat(lon.value))); }
  }
  var locate = document.getElementById("use-location");
  if (locate) {
    locate.addEventListener("click", function () {
      if (!navigator.geolocation) { return; }
      navigator.geolocation.getCurrentPosition(function (pos) {
        var ll = { lat: pos.coords.latitude, lng: pos.coords.longitude };
        setPoint(window.L ? L.latLng(ll.lat, ll.lng) : ll);
        if (map) { map.setView([ll.lat, ll.lng], 17); }
      });
    });
  }
  /* Draft restored and sending taken over: a test (or script) waits for this state. */
  form.setAttribute("data-ready", "1");
})();
