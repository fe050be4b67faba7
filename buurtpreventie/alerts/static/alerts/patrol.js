/* Patrol mode: alerts arrive over the live stream, the member answers with one tap. */
(function () {
  "use strict";
  var root = document.getElementById("patrol-alerts");
  if (!root) { return; }
  var list = document.getElementById("patrol-alert-list");
  var stateEl = root.querySelector("[data-live-state]");
  var tpl = document.getElementById("patrol-alert-template");

  function card(id) { return document.getElementById("patrol-alert-" + id); }
  function setText(el, sel, text) { var n = el.querySelector(sel); if (n) { n.textContent = text || ""; } }

  function newCard(ev) {
    var node = tpl.content.firstElementChild.cloneNode(true);
    node.id = "patrol-alert-" + ev.alert_id;
    node.setAttribute("data-alert-id", ev.alert_id);
    Array.prototype.forEach.call(node.querySelectorAll("form"), function (form) {
      form.setAttribute("action", form.getAttribute("action").replace("__ID__", ev.alert_id));
      var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (csrf && !csrf.value) { csrf.value = BP.csrfToken(); }
    });
    Array.prototype.forEach.call(node.querySelectorAll("[id$='-__ID__']"), function (el) {
      el.id = el.id.replace("__ID__", ev.alert_id);
    });
    Array.prototype.forEach.call(node.querySelectorAll("label[for$='-__ID__']"), function (el) {
      el.setAttribute("for", el.getAttribute("for").replace("__ID__", ev.alert_id));
    });
    return node;
  }

  var overlay = document.getElementById("alarm-overlay");
  var slot = overlay ? overlay.querySelector("[data-overlay-slot]") : null;
  var past = document.getElementById("patrol-alert-past");
  var pastBox = root.querySelector("[data-past]");
  var receipts = {};

  function receipt(id, stage) {
    var key = id + ":" + stage;
    if (receipts[key] || !root.dataset.receiptUrl) { return; }
    receipts[key] = true;
    var body = new FormData();
    body.set("stage", stage);
    fetch(root.dataset.receiptUrl.replace("__ID__", id), { method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": BP.csrfToken() } }).catch(function () { receipts[key] = false; });
  }

  // --- the alarm takes the screen -------------------------------------------------------------
  function openOverlay(el) {
    if (!overlay || !slot) { return; }
    var held = slot.firstElementChild;
    if (held && held !== el) { list.insertBefore(held, list.firstChild); }
    slot.appendChild(el);
    overlay.hidden = false;
    document.documentElement.classList.add("alarm-open");
    var title = el.querySelector("[data-title]");
    if (title) { title.focus({ preventScroll: true }); }
    if (document.visibilityState === "visible") { receipt(el.getAttribute("data-alert-id"), "seen"); }
  }
  function closeOverlay() {
    if (!overlay || !slot) { return; }
    var held = slot.firstElementChild;
    if (held) {
      if (held.getAttribute("data-active") === "1") { list.insertBefore(held, list.firstChild); }
      else { toPast(held); }
    }
    overlay.hidden = true;
    document.documentElement.classList.remove("alarm-open");
  }
  function toPast(el) {
    if (!past) { return; }
    past.insertBefore(el, past.firstChild);
    if (pastBox) { pastBox.hidden = false; }
  }
  if (overlay) {
    overlay.querySelector("[data-overlay-close]").addEventListener("click", closeOverlay);
    document.addEventListener("visibilitychange", function () {
      var held = slot.firstElementChild;
      if (held && document.visibilityState === "visible") { receipt(held.getAttribute("data-alert-id"), "seen"); }
    });
  }

  // --- sound (allowed once by the member), vibration, screen kept awake during a round ---------
  var audio = null;
  var soundBtn = root.querySelector("[data-sound-enable]");
  function enableSound() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      audio = audio || new Ctx();
      if (audio.state === "suspended") { audio.resume(); }
      sessionStorage.setItem("bp-alarm-sound", "1");
      if (soundBtn) { soundBtn.setAttribute("aria-pressed", "true"); soundBtn.textContent = root.dataset.msgSoundOn; }
    } catch (e) { audio = null; }
  }
  function alarmSound() {
    if (!audio) { return; }
    var t = audio.currentTime;
    for (var i = 0; i < 6; i++) {
      var osc = audio.createOscillator(), gain = audio.createGain();
      osc.type = "square";
      osc.frequency.value = i % 2 ? 660 : 990;
      gain.gain.value = 0.25;
      osc.connect(gain); gain.connect(audio.destination);
      osc.start(t + i * 0.35); osc.stop(t + i * 0.35 + 0.3);
    }
  }
  if (soundBtn) {
    soundBtn.addEventListener("click", enableSound);
    if (sessionStorage.getItem("bp-alarm-sound") === "1") {
      // The browser needs a gesture again after a reload: the first tap anywhere re-arms the sound.
      document.addEventListener("pointerdown", enableSound, { once: true });
    }
  }
  var wakeLock = null;
  function keepAwake() {
    if (root.dataset.roundRunning !== "1" || !("wakeLock" in navigator) || document.visibilityState !== "visible") {
      return;
    }
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }).catch(function () {});
  }
  document.addEventListener("visibilitychange", function () { if (!wakeLock || wakeLock.released) { keepAwake(); } });
  keepAwake();

  function show(ev) {
    var el = card(ev.alert_id), isNew = !el;
    if (isNew) { el = newCard(ev); }
    setText(el, "[data-situation]", ev.situation);
    setText(el, "[data-instructions]", ev.instructions);
    var t = new Date(ev.sent_at);
    setText(el, "[data-time]", ("0" + t.getHours()).slice(-2) + ":" + ("0" + t.getMinutes()).slice(-2));
    var active = ev.status === "active";
    el.setAttribute("data-active", active ? "1" : "0");
    el.classList.toggle("utrecht-alert--error", active);
    el.classList.toggle("utrecht-alert--ok", !active);
    el.querySelector("[data-ack-form]").hidden = !active;
    if (!active) {
      var title = el.querySelector("[data-title]");
      if (title && title.firstChild) { title.firstChild.textContent = root.dataset.msgCleared || title.firstChild.textContent; }
    }
    if (ev.outcome) { setText(el, "[data-outcome]", ev.outcome); el.querySelector("[data-outcome-row]").hidden = false; }
    if (isNew) { list.insertBefore(el, list.firstChild); }
    var empty = list.querySelector("[data-empty]");
    if (empty) { empty.hidden = true; }
    if (active && isNew) {
      receipt(ev.alert_id, "delivered");
      openOverlay(el);
      alarmSound();
      if (navigator.vibrate) { navigator.vibrate([400, 150, 400, 150, 400]); }
    } else if (!active) {
      if (slot && slot.firstElementChild === el) { closeOverlay(); } else { toPast(el); }
    }
  }

  // On load: an active alert the member has not answered takes the screen at once.
  Array.prototype.forEach.call(list.querySelectorAll(".patrol-alert[data-active='1']"), function (el) {
    receipt(el.getAttribute("data-alert-id"), "delivered");
  });
  var open = list.querySelector(".patrol-alert[data-active='1'][data-answered='0']");
  if (open) { openOverlay(open); }

  // "Ik zie iets": text, position and an optional photo back to the dispatcher.
  root.addEventListener("click", function (e) {
    var btn = e.target.closest("[data-sighting-open]");
    if (!btn) { return; }
    var form = btn.closest(".patrol-alert").querySelector("[data-sighting-form]");
    form.hidden = !form.hidden;
    btn.setAttribute("aria-expanded", form.hidden ? "false" : "true");
    if (form.hidden) { return; }
    form.querySelector("textarea").focus();
    if (navigator.geolocation) {
      navigator.geolocation.getCurrentPosition(function (pos) {
        form.querySelector("input[name=lat]").value = pos.coords.latitude.toFixed(6);
        form.querySelector("input[name=lon]").value = pos.coords.longitude.toFixed(6);
      }, function () {}, { enableHighAccuracy: true, timeout: 10000, maximumAge: 30000 });
    }
  });
  root.addEventListener("submit", function (e) {
    var form = e.target.closest("[data-sighting-form]");
    if (!form) { return; }
    e.preventDefault();
    var result = form.querySelector("[data-sighting-result]");
    var button = form.querySelector("button[type=submit]");
    button.disabled = true;
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { "Accept": "application/json", "X-CSRFToken": BP.csrfToken() } })
      .then(function (r) {
        return r.ok ? r.json().then(function (d) { return { ok: true, text: d.message }; })
                    : r.text().then(function (t) { return { ok: false, text: t }; });
      })
      .then(function (res) {
        result.textContent = res.text;
        result.setAttribute("data-state", res.ok ? "sent" : "error");
        if (res.ok) { form.reset(); }
      })
      .catch(function () { result.textContent = root.dataset.msgReconnecting; result.setAttribute("data-state", "error"); })
      .then(function () { button.disabled = false; });
  });
  root.addEventListener("submit", function (e) {
    var form = e.target.closest("[data-ack-form]");
    if (!form) { return; }
    e.preventDefault();
    var data = new FormData(form);
    if (e.submitter && e.submitter.name) { data.set(e.submitter.name, e.submitter.value); }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin",
                         headers: { "HX-Request": "true", "X-CSRFToken": BP.csrfToken() } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.text(); })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html.trim();
        var fresh = holder.firstElementChild;
        var old = form.closest(".patrol-alert");
        if (fresh && old) {
          var inOverlay = !!old.closest("#alarm-overlay");
          old.replaceWith(fresh);
          if (inOverlay) { closeOverlay(); }  // answered: the alarm steps back into the list
          var title = fresh.querySelector("[data-title]");
          if (title) { title.focus({ preventScroll: false }); }
        }
      })
      .catch(function () { form.submit(); });
  });

  // A coordinator hears of a walker's SOS on this page too (and by e-mail).
  function sosNotice(ev) {
    var id = "sos-notice-" + ev.sos_id, el = document.getElementById(id);
    if (ev.type === "sos_cancelled") { if (el) { el.classList.replace("utrecht-alert--error", "utrecht-alert--ok"); el.querySelector("h3").textContent += " — " + (root.dataset.msgSosCancelled || ""); } return; }
    if (el) { return; }
    el = document.createElement("article");
    el.id = id; el.className = "utrecht-alert utrecht-alert--error patrol-alert";
    var h = document.createElement("h3"); h.className = "utrecht-heading-3"; h.tabIndex = -1;
    h.textContent = "SOS: " + ev.name + " (" + ev.team + ")";
    el.appendChild(h);
    if (ev.lat !== null && ev.lat !== undefined) {
      var a = document.createElement("a"); a.className = "utrecht-link"; a.target = "_blank"; a.rel = "noopener noreferrer";
      a.href = "https://www.openstreetmap.org/?mlat=" + ev.lat + "&mlon=" + ev.lon + "#map=18/" + ev.lat + "/" + ev.lon;
      a.textContent = Number(ev.lat).toFixed(5) + ", " + Number(ev.lon).toFixed(5);
      var p = document.createElement("p"); p.appendChild(a); el.appendChild(p);
    }
    list.insertBefore(el, list.firstChild);
    h.focus();
    alarmSound();
    if (navigator.vibrate) { navigator.vibrate([600, 200, 600]); }
  }

  var stream = BP.liveStream(root.dataset.streamUrl, function (ev) {
    if (ev.type === "alert" || ev.type === "alert_cleared" || ev.type === "alert_outcome") { show(ev); }
    else if (ev.type === "sos" || ev.type === "sos_cancelled") { sosNotice(ev); }
  }, function (state) {
    stateEl.textContent = state === "open" ? root.dataset.msgOpen : root.dataset.msgReconnecting;
    root.dataset.state = state;
  });
  window.BP.patrolStream = stream;

  // Web Push: offered when the browser supports it; the service worker shows the notification.
  var pushBtn = root.querySelector("[data-push-enable]");
  if (pushBtn && "serviceWorker" in navigator && "PushManager" in window && root.dataset.pushKey) {
    pushBtn.hidden = false;
    pushBtn.addEventListener("click", function () {
      function b64(s) {
        var pad = "=".repeat((4 - s.length % 4) % 4), raw = atob((s + pad).replace(/-/g, "+").replace(/_/g, "/"));
        return Uint8Array.from(raw, function (c) { return c.charCodeAt(0); });
      }
      navigator.serviceWorker.register(root.dataset.swUrl, { scope: "/" })
        .then(function (reg) { return reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: b64(root.dataset.pushKey) }); })
        .then(function (sub) {
          return fetch(root.dataset.pushUrl, { method: "POST", credentials: "same-origin", body: JSON.stringify(sub),
                                               headers: { "Content-Type": "application/json", "X-CSRFToken": BP.csrfToken() } });
        })
        .then(function () { pushBtn.hidden = true; stateEl.textContent = root.dataset.msgPushOn; })
        .catch(function () { stateEl.textContent = root.dataset.msgPushFailed; });
    });
  }
})();
