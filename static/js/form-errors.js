/* The server-side error summary (includes/form_errors.html): brought into view and focused when a
 * form comes back with errors, so it is seen and read out first; its links move focus to the field. */
(function () {
  "use strict";
  var summary = document.getElementById("form-errors");
  if (!summary) { return; }
  summary.scrollIntoView({ block: "start" });
  summary.focus({ preventScroll: true });
  summary.addEventListener("click", function (e) {
    var link = e.target.closest ? e.target.closest("a[href^='#']") : null;
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) { return; }
    /* A group of radio buttons or checkboxes has the id on its container: focus its first choice. */
    var target = field.matches("input, select, textarea") ? field : (field.querySelector("input, select, textarea") || field);
    e.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.focus();
  });
})();
