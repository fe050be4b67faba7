/* Reusable address search (PDOK Locatieserver via /wijken/adres/…).
 *
 *   <input name="place" data-address-search
 *          data-lat-field="id_lat" data-lon-field="id_lon" data-municipality="GM0268">
 *   <script src="{% static 'js/address-search.js' %}" defer></script>
 *
 * Typing shows suggestions in a native <datalist> (keyboard and screen-reader friendly); choosing one
 * fills the input with the official address and the lat/lon fields with its point. An optional button
 * with data-address-here="<input id>" fills the address nearest to the device's location. Without
 * JavaScript or without PDOK the field stays a plain text field: nothing entered is lost. */
(function () {
  "use strict";
  var base = (document.documentElement.dataset.addressApi || "/wijken/adres/");

  function setField(id, value) {
    var el = id && document.getElementById(id);
    if (el) { el.value = value; el.dispatchEvent(new Event("change", { bubbles: true })); }
  }

  function status(input, text) {
    var out = document.getElementById(input.id + "-address-status");
    if (!out) {
      out = document.createElement("span");
      out.id = input.id + "-address-status";
      out.className = "small";
      out.setAttribute("role", "status");
      input.insertAdjacentElement("afterend", out);
    }
    out.textContent = text;
  }

  function fill(input, address) {
    input.value = address.display;
    setField(input.dataset.latField, address.lat);
    setField(input.dataset.lonField, address.lon);
    status(input, input.dataset.foundText || "Adres gevonden.");
  }

  function enhance(input) {
    if (!input.id) { input.id = "address-" + Math.random().toString(36).slice(2); }
    var list = document.createElement("datalist");
    list.id = input.id + "-suggestions";
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");
    input.insertAdjacentElement("afterend", list);
    var ids = {}, timer = null, seq = 0;
    input.addEventListener("input", function () {
      var q = input.value.trim();
      if (ids[q]) {
        fetch(base + "opzoeken/?id=" + encodeURIComponent(ids[q]), { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (a) { if (a) { fill(input, a); } })
          .catch(function () {});
        return;
      }
      clearTimeout(timer);
      if (q.length < 3) { return; }
      timer = setTimeout(function () {
        var mine = ++seq;
        var url = base + "suggesties/?q=" + encodeURIComponent(q) +
          (input.dataset.municipality ? "&gemeente=" + encodeURIComponent(input.dataset.municipality) : "");
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : { results: [] }; })
          .then(function (data) {
            if (mine !== seq) { return; }
            list.textContent = "";
            ids = {};
            data.results.forEach(function (s) {
              ids[s.display] = s.id;
              var option = document.createElement("option");
              option.value = s.display;
              list.appendChild(option);
            });
          })
          .catch(function () {});
      }, 250);
    });
  }

  function here(button) {
    var input = document.getElementById(button.dataset.addressHere);
    if (!input || !navigator.geolocation) { button.hidden = true; return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var url = base + "bij-punt/?lat=" + pos.coords.latitude + "&lon=" + pos.coords.longitude;
        fetch(url, { credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (a) {
            if (a) { fill(input, a); } else {
              setField(input.dataset.latField, pos.coords.latitude);
              setField(input.dataset.lonField, pos.coords.longitude);
              status(input, input.dataset.pointText || "Locatie vastgelegd.");
            }
          });
      });
    });
  }

  function init(root) {
    (root || document).querySelectorAll("input[data-address-search]:not([list])").forEach(enhance);
    (root || document).querySelectorAll("button[data-address-here]").forEach(here);
  }
  window.BP = window.BP || {};
  window.BP.addressSearch = init;
  function start() {
    init();
    // Forms that add subforms later (a second defect) get the widget too.
    new MutationObserver(function () { init(); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); }
  else { start(); }
})();
