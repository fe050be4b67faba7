/* Patrol report form: map to pick streets, repeatable observations/defects, a draft kept on the
 * device while typing, and sending through the offline outbox when the connection is gone. */
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form) { return; }
  var draftKey = form.dataset.draftKey;

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, function (c) {
      var r = Math.random() * 16 | 0; return (c === "x" ? r : (r & 0x3 | 0x8)).toString(16);
    });
  }
  var uuidField = form.querySelector("input[name=client_uuid]");
  if (uuidField && !uuidField.value) { uuidField.value = uuid(); }

  /* The "thin report" warning (no route or times) is shown where the eye is, and read out. */
  var nudge = document.getElementById("nudge");
  if (nudge) {
    nudge.setAttribute("tabindex", "-1");
    nudge.scrollIntoView({ block: "center" });
    nudge.focus({ preventScroll: true });
  }

  /* A route derived from the positions becomes "typed" as soon as the walker changes it. */
  var routeField = form.querySelector("[name=route_streets]");
  var sourceField = form.querySelector("input[name=route_source]");
  if (routeField && sourceField) {
    ["input", "change"].forEach(function (name) {
      routeField.addEventListener(name, function () { sourceField.value = "typed"; });
    });
  }

  /* Repeatable sub-forms (Django formsets). */
  function addSubform(prefix) {
    var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
    var tpl = document.getElementById(prefix + "-template");
    var n = parseInt(total.value, 10);
    var html = tpl.innerHTML.replace(/__prefix__/g, String(n));
    document.getElementById(prefix + "-forms").insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    return n;
  }
  form.querySelectorAll("[data-add-subform]").forEach(function (btn) {
    btn.addEventListener("click", function () {
      var n = addSubform(btn.dataset.addSubform);
      var first = form.querySelector("[name=" + btn.dataset.addSubform + "-" + n + "-observed_time], [name=" + btn.dataset.addSubform + "-" + n + "-category]");
      if (first) { first.focus(); }
    });
  });

  /* Draft on the device. */
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
    ["obs", "defect"].forEach(function (prefix) {
      var want = parseInt((values[prefix + "-TOTAL_FORMS"] || ["0"])[0], 10);
      var total = form.querySelector("input[name=" + prefix + "-TOTAL_FORMS]");
      while (total && parseInt(total.value, 10) < want) { addSubform(prefix); }
    });
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === "csrfmiddlewaretoken" || el.type === "file" || !(el.name in values)) { return; }
      if (el.type === "checkbox" || el.type === "radio") { el.checked = values[el.name].indexOf(el.value) !== -1; }
      else { el.value = values[el.name][0]; }
    });
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (el) {
      if (el.name && !(el.name in values)) { el.checked = false; }
    });
  }
  restoreDraft();
  if (uuidField && !uuidField.value) { uuidField.value = uuid(); }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  /* Send: online straight away, otherwise into the outbox. */
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    saveDraft();
    var data = new FormData(form);
    var url = form.getAttribute("action") || window.location.pathname;
    var button = document.getElementById("report-submit");
    if (button) { button.disabled = true; }
    function toOutbox() {
      return BP.outbox.queue(url, data, draftKey).then(function () { if (button) { button.disabled = false; } });
    }
    if (navigator.onLine === false) { toOutbox(); return; }
    fetch(url, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      if (response.redirected && response.url.indexOf("/verslagen/") !== -1) {
        localStorage.removeItem(draftKey);
        window.location.href = response.url;
        return;
      }
      return response.text().then(function (html) {
        /* Validation errors: show the page the server rendered (it keeps everything typed). */
        document.open(); document.write(html); document.close();
      });
    }).catch(toOutbox);
  });
  /* Ready: the draft is restored and sending goes through this script (tests wait for this state). */
  form.setAttribute("data-ready", "1");

  /* Map: team area and streets; tapping a street adds it to the route. */
  var mapEl = document.getElementById("report-map");
  if (mapEl && window.L && window.BP && BP.createMap) {
    var wijk = JSON.parse(document.getElementById("wijk-geojson").textContent);
    var streets = JSON.parse(document.getElementById("streets-geojson").textContent);
    var map = BP.createMap(mapEl, {});
    var layer = null;
    if (wijk) { layer = L.geoJSON(wijk, { style: { color: "#1a4b8c", weight: 2, fillOpacity: 0.05 } }).addTo(map); }
    var streetLayer = L.geoJSON(streets, {
      style: { color: "#d52b1e", weight: 4 },
      onEachFeature: function (f, l) {
        l.bindTooltip(f.properties.name);
        l.on("click", function () { if (BP.addStreet) { BP.addStreet(f.properties.name, "drawn"); } });
      }
    }).addTo(map);
    var bounds = streetLayer.getLayers().length ? streetLayer.getBounds() : (layer ? layer.getBounds() : null);
    if (bounds && bounds.isValid()) { map.fitBounds(bounds); }
  }
})();
