/* Service worker for patrol pages (scope /rondes/) and the signal form (scope /signalen/): patrol mode and the report form keep opening
 * without a connection. Network first; the last good copy is the fallback. Only GET requests for
 * these pages and static files are cached; posting never goes through the cache (the outbox
 * in outbox.js keeps unsent reports). */
"use strict";
var CACHE = "bp-patrol-v1";
var PAGE = /^\/(rondes\/\d+\/(patrouille|verslag)|signalen\/nieuw)\/$/;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

function cacheable(url) {
  return url.origin === self.location.origin && (PAGE.test(url.pathname) || url.pathname.indexOf("/static/") === 0);
}

function store(request, response) {
  if (response && response.ok && !response.redirected && response.type === "basic") {
    var copy = response.clone();
    caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
  }
  return response;
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (!cacheable(url)) { return; }
  event.respondWith(
    fetch(request).then(function (response) { return store(request, response); }).catch(function () {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(url.href, { ignoreVary: true }).then(function (hit) {
          if (hit) { return hit; }
          /* Fall back to any stored copy of the same path (e.g. stored under another URL form). */
          return cache.keys().then(function (keys) {
            var same = keys.filter(function (k) { return new URL(k.url).pathname === url.pathname; })[0];
            return same ? cache.match(same, { ignoreVary: true }) : undefined;
          });
        });
      }).then(function (hit) {
        return hit || new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
      });
    })
  );
});

/* A page asks to keep itself (and the files it uses) for offline use. */
self.addEventListener("message", function (event) {
  if (event.data && event.data.claim) { event.waitUntil(self.clients.claim()); return; }
  var urls = (event.data && event.data.cache) || [];
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(urls.map(function (u) {
      var url = new URL(u, self.location.origin);
      if (!cacheable(url)) { return null; }
      return fetch(url.href, { credentials: "same-origin" }).then(function (r) {
        if (r.ok && !r.redirected) { return cache.put(url.href, r); }
      }).catch(function () { return null; });
    }));
  }).then(function () {
    /* Tell the page its copies are stored (it marks itself ready for offline use only then). */
    if (event.ports && event.ports[0]) { event.ports[0].postMessage({ stored: true }); }
  }));
});
