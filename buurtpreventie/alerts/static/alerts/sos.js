/* SOS during a round: a long press (2 s, mouse, touch or keyboard) sends position and round to the
 * live board, the wijkagent and the coordinator; withdrawing asks a second confirmation. */
(function () {
  "use strict";
  var box = document.getElementById("sos");
  if (!box) { return; }
  var button = box.querySelector("[data-sos-button]");
  var stateEl = box.querySelector("[data-sos-state]");
  var active = box.querySelector("[data-sos-active]");
  var confirmBox = box.querySelector("[data-sos-confirm]");
  var HOLD_MS = 2000;
  var timer = null, cancelUrl = null, sending = false;

  function post(url, data) {
    var body = new FormData();
    Object.keys(data).forEach(function (k) { if (data[k] !== null && data[k] !== undefined) { body.set(k, data[k]); } });
    return fetch(url, { method: "POST", body: body, credentials: "same-origin",
                        headers: { "Accept": "application/json", "X-CSRFToken": BP.csrfToken() } })
      .then(function (r) { return r.json().then(function (d) { if (!r.ok) { throw new Error(d.error || r.status); } return d; }); });
  }
  function send() {
    if (sending) { return; }
    sending = true;
    box.classList.remove("sos--pressing");
    if (navigator.vibrate) { navigator.vibrate(300); }
    function go(lat, lon) {
      post(box.dataset.sosUrl, { round: box.dataset.round, lat: lat, lon: lon })
        .then(function (d) {
          cancelUrl = d.cancel_url;
          stateEl.textContent = d.message;
          box.classList.add("sos--sent");
          active.hidden = false;
        })
        .catch(function () { stateEl.textContent = box.dataset.msgFailed; })
        .then(function () { sending = false; });
    }
    var done = false;
    function once(lat, lon) { if (!done) { done = true; go(lat, lon); } }
    if (navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(function (p) { once(p.coords.latitude.toFixed(6), p.coords.longitude.toFixed(6)); },
        function () { once(null, null); }, { enableHighAccuracy: true, timeout: 4000, maximumAge: 15000 });
      setTimeout(function () { once(null, null); }, 4500);  // never wait long for a fix: the server uses the last one
    } else { once(null, null); }
  }
  function start(e) {
    if (timer || sending) { return; }
    if (e && e.type === "keydown") { if ((e.key !== " " && e.key !== "Enter") || e.repeat) { return; } e.preventDefault(); }
    box.classList.add("sos--pressing");
    timer = setTimeout(function () { timer = null; send(); }, HOLD_MS);
  }
  function stop() {
    if (timer) { clearTimeout(timer); timer = null; }
    box.classList.remove("sos--pressing");
  }
  button.addEventListener("pointerdown", start);
  ["pointerup", "pointerleave", "pointercancel"].forEach(function (n) { button.addEventListener(n, stop); });
  button.addEventListener("keydown", start);
  button.addEventListener("keyup", stop);
  button.addEventListener("contextmenu", function (e) { e.preventDefault(); });

  box.querySelector("[data-sos-cancel]").addEventListener("click", function () {
    confirmBox.hidden = false;
    confirmBox.querySelector("[data-sos-confirm-no]").focus();
  });
  confirmBox.querySelector("[data-sos-confirm-no]").addEventListener("click", function () { confirmBox.hidden = true; });
  confirmBox.querySelector("[data-sos-confirm-yes]").addEventListener("click", function () {
    if (!cancelUrl) { return; }
    post(cancelUrl, { confirm: "1" }).then(function (d) {
      stateEl.textContent = d.message || box.dataset.msgCancelled;
      confirmBox.hidden = true; active.hidden = true; box.classList.remove("sos--sent"); cancelUrl = null;
    }).catch(function () { stateEl.textContent = box.dataset.msgFailed; });
  });
})();
