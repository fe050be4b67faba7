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
  window.BP = window.BP || {};
  window.BP.createMap = createMap;
  window.BP.colourScale = colourScale;
  window.BP.palette = ["#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"];
})();
