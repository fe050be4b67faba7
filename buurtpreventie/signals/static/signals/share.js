/* "Deel met de groep": copy the ready share text to the clipboard (select-and-copy as fallback). */
(function () {
  "use strict";
  var lang = document.documentElement.lang === "en" ? "en" : "nl";
  var T = { nl: { ok: "Gekopieerd. Plak de tekst in de groepsapp.", fail: "Kopiëren lukte niet; selecteer de tekst en kopieer hem zelf." },
            en: { ok: "Copied. Paste the text into the group chat.", fail: "Copying failed; select the text and copy it yourself." } }[lang];
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var area = document.getElementById(button.dataset.copy);
      var out = document.querySelector("[data-copied='" + button.dataset.copy + "']");
      function done(ok) { if (out) { out.textContent = ok ? T.ok : T.fail; } }
      area.focus(); area.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(area.value).then(function () { done(true); }, function () {
          done(document.execCommand && document.execCommand("copy"));
        });
      } else { done(document.execCommand && document.execCommand("copy")); }
    });
  });
})();
