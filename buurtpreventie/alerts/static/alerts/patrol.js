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
    var form = node.querySelector("[data-ack-form]");
    form.setAttribute("action", form.getAttribute("action").replace("__ID__", ev.alert_id));
    var csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
    if (csrf && !csrf.value) { csrf.value = BP.csrfToken(); }
    return node;
  }

  function show(ev) {
    var el = card(ev.alert_id), isNew = !el;
    if (isNew) { el = newCard(ev); }
    setText(el, "[data-situation]", ev.situation);
    setText(el, "[data-instructions]", ev.instructions);
    var t = new Date(ev.sent_at);
    setText(el, "[data-time]", ("0" + t.getHours()).slice(-2) + ":" + ("0" + t.getMinutes()).slice(-2));
    var active = ev.status === "active";
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
    if (active && isNew && navigator.vibrate) { navigator.vibrate([400, 150, 400, 150, 400]); }
  }

  list.addEventListener("submit", function (e) {
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
        if (fresh && old) { old.replaceWith(fresh); }
      })
      .catch(function () { form.submit(); });
  });

  var stream = BP.liveStream(root.dataset.streamUrl, function (ev) {
    if (ev.type === "alert" || ev.type === "alert_cleared" || ev.type === "alert_outcome") { show(ev); }
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
