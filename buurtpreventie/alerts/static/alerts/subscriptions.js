/* Alert subscriptions: fill the point from the phone's location (rounded; the server rounds too). */
(function () {
  "use strict";
  var btn = document.querySelector("[data-use-location]");
  if (!btn || !navigator.geolocation) { if (btn) { btn.hidden = true; } return; }
  btn.addEventListener("click", function () {
    navigator.geolocation.getCurrentPosition(function (p) {
      document.getElementById("id_lat").value = p.coords.latitude.toFixed(3);
      document.getElementById("id_lon").value = p.coords.longitude.toFixed(3);
    }, function () {}, { enableHighAccuracy: false, timeout: 10000, maximumAge: 600000 });
  });
})();
