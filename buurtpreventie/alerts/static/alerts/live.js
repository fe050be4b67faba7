/* Live stream client: fetches a fresh signed stream URL before every (re)connect, resumes with
 * the last event id, and reconnects with jittered exponential backoff. */
(function () {
  "use strict";
  window.BP = window.BP || {};
  BP.liveStream = function (tokenUrl, onEvent, onState) {
    var lastId = null, es = null, attempt = 0, timer = null, stopped = false;
    onState = onState || function () {};
    function schedule() {
      if (stopped) { return; }
      attempt += 1;
      var base = Math.min(30000, 500 * Math.pow(2, Math.min(attempt, 6)));
      var delay = base / 2 + Math.random() * base / 2;  // jitter: spread reconnect storms
      timer = setTimeout(connect, delay);
    }
    function connect() {
      if (stopped) { return; }
      fetch(tokenUrl, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { if (!r.ok) { throw new Error("token " + r.status); } return r.json(); })
        .then(function (data) {
          var url = data.url + (lastId ? "&last_event_id=" + encodeURIComponent(lastId) : "");
          es = new EventSource(url);
          es.onopen = function () { attempt = 0; onState("open"); };
          es.onmessage = function (m) {
            if (m.lastEventId) { lastId = m.lastEventId; }
            var event;
            try { event = JSON.parse(m.data); } catch (e) { return; }
            if (event.type === "hello") { onState("open", event); return; }
            onEvent(event);
          };
          es.onerror = function () {
            if (es) { es.close(); }
            onState("reconnecting");
            schedule();
          };
        })
        .catch(function () { onState("reconnecting"); schedule(); });
    }
    connect();
    return {
      close: function () { stopped = true; clearTimeout(timer); if (es) { es.close(); } },
      reconnectNow: function () { if (es) { es.close(); } clearTimeout(timer); connect(); },
      lastEventId: function () { return lastId; }
    };
  };
  BP.csrfToken = function () {
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  };
  BP.ageText = function (seconds) {
    if (seconds === null || seconds === undefined) { return "—"; }
    if (seconds < 60) { return Math.max(0, Math.round(seconds)) + " s"; }
    if (seconds < 3600) { return Math.round(seconds / 60) + " min"; }
    return Math.round(seconds / 3600) + " u";
  };
})();
