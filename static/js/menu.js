/* Phone header: the menu (navigation, language, account) behind one button, so the first screen
 * shows the task. Logging out also empties this device's offline copies (shared phones). */
(function () {
  "use strict";
  var button = document.querySelector("[data-menu-toggle]");
  if (button) {
    document.documentElement.classList.add("js-menu");
    var body = document.body;
    button.addEventListener("click", function () {
      var open = !body.classList.contains("menu-open");
      body.classList.toggle("menu-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && body.classList.contains("menu-open")) {
        body.classList.remove("menu-open"); button.setAttribute("aria-expanded", "false"); button.focus();
      }
    });
  }
  var logout = document.querySelector("form[data-logout]");
  if (logout) {
    logout.addEventListener("submit", function (e) {
      if (logout.dataset.cleared === "1") { return; }
      e.preventDefault();
      function ours(key) { return key.indexOf("bp-") === 0; }
      try {
        Object.keys(localStorage).filter(ours).forEach(function (k) { localStorage.removeItem(k); });
        Object.keys(sessionStorage).filter(ours).forEach(function (k) { sessionStorage.removeItem(k); });
      } catch (err) { /* storage blocked: nothing to clear */ }
      var jobs = [];
      if (window.caches) {
        jobs.push(caches.keys().then(function (keys) { return Promise.all(keys.filter(ours).map(function (k) { return caches.delete(k); })); }));
      }
      var done = false;
      function submit() { if (!done) { done = true; logout.dataset.cleared = "1"; logout.submit(); } }
      Promise.all(jobs).then(submit, submit);
      setTimeout(submit, 1500);  // never keep someone from logging out
    });
  }
})();
