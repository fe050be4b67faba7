/* Shared Leaflet set-up. Works without any tile server: our own shapes are the map.
 * A tile layer is added only when the page gives data-tile-url (configured per install). */
(function () {
  "use strict";
  function createMap(el, opts) {
    opts = opts || {};
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true, keyboard: true });
    var tileUrl = el.dataset.tileUrl;
    if (tileUrl) {
      // Default: PDOK BRT-Achtergrondkaart (WMTS, EPSG:3857). When tiles cannot load (offline, blocked,
      // PDOK down) the layer is removed and our own shapes remain the map, with a note for the reader.
      var tiles = L.tileLayer(tileUrl, { maxZoom: 19, attribution: el.dataset.tileAttribution || "" });
      var loaded = 0, failed = 0;
      tiles.on("tileload", function () { loaded++; });
      tiles.on("tileerror", function () {
        failed++;
        if (failed >= 3 && loaded === 0 && map.hasLayer(tiles)) {
          map.removeLayer(tiles);
          el.dataset.tiles = "failed";
          var note = document.createElement("p");
          note.className = "small map-note";
          note.setAttribute("role", "status");
          note.textContent = el.dataset.tileFailedText || "Achtergrondkaart niet beschikbaar; de kaart toont alleen de grenzen.";
          el.insertAdjacentElement("afterend", note);
        }
      });
      tiles.addTo(map);
      el.dataset.tiles = "on";
    }
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("© Kadaster / CBS (CC BY 4.0)");
    if (opts.bounds) { map.fitBounds(opts.bounds); } else { map.setView([52.1, 5.3], 7); }
    return map;
  }
  function colourScale(values, colours) {
    var sorted = values.filter(function (v) { return v !== null && v !== undefined; }).sort(function (a, b) { return a - b; });
    if (!sorted.length) { return { breaks: [], colour: function () { return "#cccccc"; } }; }
    var n = colours.length, breaks = [];
    for (var i = 1; i < n; i++) { breaks.push(sorted[Math.min(sorted.length - 1, Math.floor(i * sorted.length / n))]); }
    return {
      breaks: breaks,
      colour: function (v) {
        if (v === null || v === undefined) { return "#cccccc"; }
        for (var i = 0; i < breaks.length; i++) { if (v < breaks[i]) { return colours[i]; } }
        return colours[n - 1];
      }
    };
  }
  /* Leaflet puts a string given to a tooltip or popup into innerHTML. Names on our maps come from
   * users (team names, wijk names, streets), so every string becomes a text node: one place, and
   * every map on every page is covered, also code that calls bindTooltip(name) directly. */
  function textContent(content) {
    if (typeof content === "string" || typeof content === "number") {
      var span = document.createElement("span");
      span.textContent = String(content);
      return span;
    }
    return content;
  }
  if (window.L && !L.Layer.prototype._bpSafeText) {
    ["bindTooltip", "bindPopup", "setTooltipContent", "setPopupContent"].forEach(function (name) {
      var original = L.Layer.prototype[name];
      if (!original) { return; }
      L.Layer.prototype[name] = function (content) {
        var args = Array.prototype.slice.call(arguments);
        args[0] = textContent(content);
        return original.apply(this, args);
      };
    });
    ["setContent"].forEach(function (name) {
      [L.Tooltip, L.Popup].forEach(function (cls) {
        var original = cls && cls.prototype[name];
        if (!original) { return; }
        cls.prototype[name] = function (content) { return original.call(this, textContent(content)); };
      });
    });
    L.Layer.prototype._bpSafeText = true;
  }
  window.BP = window.BP || {};
  window.BP.text = textContent;
  window.BP.createMap = createMap;
  window.BP.colourScale = colourScale;
  window.BP.palette = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
})();
/* Option for pages that show people on a map (patrol mode): `BP.createMap(el, {people: true})`
 * or later `BP.peopleLayer(map)` gives `.here(lat, lon)` (you are here) and `.mates(list)`
 * (team mates: [{id, name, lat, lon}]; names as text, never HTML). The map is kept on the
 * element (`el.bpMap`) so scripts of other apps can add to it. */
(function () {
  "use strict";
  var base = window.BP.createMap;
  function peopleLayer(map) {
    if (map._bpPeople) { return map._bpPeople; }
    var here = null, mates = {};
    var layer = {
      here: function (lat, lon) {
        if (!here) {
          here = L.circleMarker([lat, lon], { radius: 9, color: "#fff", weight: 3, fillColor: "#1a73e8", fillOpacity: 1 })
            .bindTooltip(document.createTextNode(map.getContainer().dataset.hereLabel || "U bent hier")).addTo(map);
          here.getElement && here.getElement() && here.getElement().setAttribute("data-you-are-here", "");
        } else { here.setLatLng([lat, lon]); }
        return here;
      },
      mates: function (list) {
        var seen = {};
        list.forEach(function (m) {
          seen[m.id] = true;
          if (!mates[m.id]) {
            var label = document.createElement("span");
            label.textContent = m.name;
            mates[m.id] = L.circleMarker([m.lat, m.lon], { radius: 8, color: "#6a1b9a", fillColor: "#ab47bc", fillOpacity: 0.9 })
              .bindTooltip(label, { permanent: true, direction: "top" }).addTo(map);
            var node = mates[m.id].getElement && mates[m.id].getElement();
            if (node) { node.setAttribute("data-mate", m.id); }
          } else { mates[m.id].setLatLng([m.lat, m.lon]); }
        });
        Object.keys(mates).forEach(function (id) { if (!seen[id]) { map.removeLayer(mates[id]); delete mates[id]; } });
      }
    };
    map._bpPeople = layer;
    return layer;
  }
  window.BP.createMap = function (el, opts) {
    var map = base(el, opts);
    el.bpMap = map;
    if (opts && opts.people) { peopleLayer(map); }
    return map;
  };
  window.BP.peopleLayer = peopleLayer;
})();
