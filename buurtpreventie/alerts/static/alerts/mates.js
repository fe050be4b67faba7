/* Patrol mode: "you are here" on the map, and (opt-in) the team mates of this round. */
(function () {
  "use strict";
  var box = document.getElementById("round-mates");
  function setup() {
    var el = document.getElementById("patrol-map");
    var map = el && el.bpMap;
    if (!map || !BP.peopleLayer) { return; }
    var people = BP.peopleLayer(map);
    if (navigator.geolocation) {
      navigator.geolocation.watchPosition(function (p) { people.here(p.coords.latitude, p.coords.longitude); },
        function () {}, { enableHighAccuracy: true, maximumAge: 10000 });
    }
    if (!box) { return; }
    var check = box.querySelector("[data-mates-enable]"), state = box.querySelector("[data-mates-state]"), timer = null;
    function apply(d) {
      check.checked = !!d.sharing;
      people.mates(d.mates || []);
      state.textContent = d.sharing ? (d.mates.length + " " + (box.dataset.label || "")) : "";
    }
    function poll() {
      fetch(box.dataset.url, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(apply).catch(function () {});
    }
    check.addEventListener("change", function () {
      var body = new FormData(); body.set("enabled", check.checked ? "1" : "0");
      fetch(box.dataset.url, { method: "POST", body: body, credentials: "same-origin", headers: { "X-CSRFToken": BP.csrfToken() } })
        .then(function (r) { return r.json(); }).then(apply).catch(function () {});
    });
    poll();
    timer = setInterval(poll, 15000);
    window.addEventListener("pagehide", function () { clearInterval(timer); });
  }
  if (document.readyState === "complete") { setup(); } else { window.addEventListener("load", setup); }
})();
