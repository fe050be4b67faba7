/* Offline outbox for patrol reports: a form that cannot be sent is kept in localStorage and
 * sent again as soon as the connection returns (the `online` event, or the next page load).
 * Each report carries a client_uuid, so sending twice never creates two reports. */
(function () {
  "use strict";
  var KEY = "bp-report-outbox";
  /* Where the server sends a filed report or signal; any other answer means it was refused. */
  var SENT = /^\/(rondes\/verslagen|signalen)\/\d+\/$/;
  var lang = document.documentElement.lang === "en" ? "en" : "nl";
  var T = {
    nl: { queued: "Geen verbinding: uw verslag is op dit toestel bewaard en wordt verstuurd zodra er weer verbinding is.",
          sent: "Uw bewaarde verslag is verstuurd.", view: "Bekijk het verslag", sending: "Bewaard verslag wordt verstuurd…",
          waiting: "Er wacht nog een verslag op verbinding." },
    en: { queued: "No connection: your report is kept on this device and will be sent as soon as you are online again.",
          sent: "Your saved report has been sent.", view: "View the report", sending: "Sending saved report…",
          waiting: "A report is still waiting for a connection." }
  }[lang];
  if (/^\/signalen\//.test(location.pathname)) {
    T = {
      nl: { queued: "Geen verbinding: uw signaal is op dit toestel bewaard en wordt verstuurd zodra er weer verbinding is.",
            sent: "Uw bewaarde signaal is verstuurd.", view: "Bekijk het signaal", sending: "Bewaard signaal wordt verstuurd…",
            waiting: "Er wacht nog een signaal op verbinding." },
      en: { queued: "No connection: your signal is kept on this device and will be sent as soon as you are online again.",
            sent: "Your saved signal has been sent.", view: "View the signal", sending: "Sending saved signal…",
            waiting: "A signal is still waiting for a connection." }
    }[lang];
  }

  function load() { try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; } }
  function save(items) { localStorage.setItem(KEY, JSON.stringify(items)); }
  /* state (queued | waiting | sending | sent | refused) goes on data-state, so a test or a script
   * waits for a state instead of a word that also appears in another message. Texts are set as
   * text, never as HTML. */
  function status(state, text, link) {
    var el = document.getElementById("outbox-status");
    if (!el) { return; }
    el.setAttribute("data-state", state);
    el.textContent = "";
    if (!text) { return; }
    var box = document.createElement("div"), p = document.createElement("p");
    box.className = "utrecht-alert utrecht-alert--info"; p.className = "utrecht-paragraph";
    p.textContent = text;
    if (link) {
      var a = document.createElement("a");
      a.className = "utrecht-link"; a.href = link.href; a.textContent = link.text;
      p.appendChild(document.createTextNode(" ")); p.appendChild(a);
    }
    box.appendChild(p); el.appendChild(box);
  }

  function fileToData(file) {
    return new Promise(function (resolve) {
      var reader = new FileReader();
      reader.onload = function () { resolve({ file: reader.result, name: file.name, type: file.type }); };
      reader.onerror = function () { resolve(null); };
      reader.readAsDataURL(file);
    });
  }
  function dataToBlob(item) {
    var parts = item.file.split(","), bytes = atob(parts[1]), arr = new Uint8Array(bytes.length);
    for (var i = 0; i < bytes.length; i++) { arr[i] = bytes.charCodeAt(i); }
    return new Blob([arr], { type: item.type || "application/octet-stream" });
  }

  function serialise(formData) {
    var entries = [], pending = [];
    formData.forEach(function (value, name) {
      if (value instanceof File) {
        if (value.size > 0 && value.size < 3000000) {
          var slot = entries.length; entries.push([name, null]);
          pending.push(fileToData(value).then(function (d) { entries[slot] = [name, d]; }));
        }
      } else { entries.push([name, value]); }
    });
    return Promise.all(pending).then(function () { return entries.filter(function (e) { return e[1] !== null; }); });
  }
  function rebuild(entries) {
    var fd = new FormData();
    entries.forEach(function (e) {
      if (e[1] && typeof e[1] === "object" && e[1].file) { fd.append(e[0], dataToBlob(e[1]), e[1].name); }
      else { fd.append(e[0], e[1]); }
    });
    return fd;
  }

  function queue(url, formData, draftKey) {
    return serialise(formData).then(function (entries) {
      var items = load();
      items.push({ url: url, entries: entries, draftKey: draftKey || "", queuedAt: new Date().toISOString() });
      save(items);
      status("queued", T.queued);
    });
  }

  var flushing = false;
  function flush() {
    var items = load();
    if (!items.length || flushing || navigator.onLine === false) { if (items.length) { status("waiting", T.waiting); } return Promise.resolve(); }
    flushing = true;
    status("sending", T.sending);
    var item = items[0];
    return fetch(item.url, { method: "POST", body: rebuild(item.entries), credentials: "same-origin", headers: { "X-Requested-With": "outbox" } })
      .then(function (response) {
        var rest = load().slice(1);
        save(rest);
        if (item.draftKey) { localStorage.removeItem(item.draftKey); }
        flushing = false;
        if (response.redirected && SENT.test(new URL(response.url).pathname)) {
          status("sent", T.sent, { href: response.url, text: T.view });
        } else {
          /* The server refused it (e.g. a validation error): open the form again with the answers. */
          status("refused", T.sent);
          if (item.draftKey) { localStorage.setItem(item.draftKey, JSON.stringify(item.entries.filter(function (e) { return typeof e[1] === "string"; }))); }
          window.location.href = item.url;
          return;
        }
        if (rest.length) { return flush(); }
      })
      .catch(function () { flushing = false; status("waiting", T.waiting); });
  }

  window.BP = window.BP || {};
  window.BP.outbox = { queue: queue, flush: flush, pending: function () { return load().length; } };
  window.BP.outbox.sent = function (url) { return SENT.test(new URL(url, location.href).pathname); };
  /* Patrol pages and the signal form keep working offline through a small service worker
   * (scope /rondes/ or /signalen/; the same script). */
  var swScope = (location.pathname.match(/^\/(rondes|signalen)\//) || [])[0];
  if ("serviceWorker" in navigator && swScope) {
    navigator.serviceWorker.register(swScope + "sw.js", { scope: swScope }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (reg) {
      /* A page that loaded while the worker was still installing is not controlled yet: ask it to claim. */
      if (!navigator.serviceWorker.controller && reg.active) { reg.active.postMessage({ claim: true }); }
      if (!/^\/(rondes\/\d+\/(patrouille|verslag)|signalen\/nieuw)\/$/.test(location.pathname) || !reg.active) { return; }
      var assets = Array.prototype.map.call(document.querySelectorAll("script[src], link[rel=stylesheet]"), function (el) {
        return el.src || el.href;
      });
      /* "Ready for offline" only once it is true: the worker has stored the page and its files (it
       * answers on the channel) and controls this page (else a reload offline would not reach it). */
      var controlled = navigator.serviceWorker.controller ? Promise.resolve() : new Promise(function (resolve) {
        navigator.serviceWorker.addEventListener("controllerchange", function () { resolve(); }, { once: true });
      });
      var stored = new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function () { resolve(); };
        reg.active.postMessage({ cache: [location.pathname].concat(assets) }, [channel.port2]);
      });
      return Promise.all([controlled, stored]).then(function () {
        document.documentElement.dataset.offlineReady = "1";
      });
    }).catch(function () { /* no service worker: the outbox still keeps reports */ });
  }
  window.addEventListener("online", flush);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", flush); } else { flush(); }
})();
