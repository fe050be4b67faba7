/* Street picker: autocomplete from the area's streets (GET /api/areas/streets?q=) that appends
 * to a "one street per line" textarea; the textarea alone works without JavaScript. */
(function () {
  "use strict";
  var picker = document.querySelector(".street-picker");
  if (!picker) { return; }
  var target = document.getElementById(picker.dataset.streetTarget);
  var input = picker.querySelector("input[type=search]");
  var list = picker.querySelector("datalist");
  picker.hidden = false;
  function addStreet(name, source) {
    name = (name || "").trim();
    if (!name || !target) { return; }
    var lines = target.value.split("\n").map(function (s) { return s.trim(); }).filter(Boolean);
    if (lines[lines.length - 1] !== name) { lines.push(name); }
    target.value = lines.join("\n");
    target.dispatchEvent(new Event("input", { bubbles: true }));
    if (source) {
      var hidden = document.querySelector("input[name=route_source]");
      if (hidden && hidden.value !== "derived") { hidden.value = source; }
    }
  }
  window.BP = window.BP || {};
  window.BP.addStreet = addStreet;
  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var q = input.value.trim();
    if (q.length < 2) { return; }
    timer = setTimeout(function () {
      var url = "/api/areas/streets?q=" + encodeURIComponent(q) + (picker.dataset.wijk ? "&wijk=" + picker.dataset.wijk : "");
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.ok ? r.json() : []; }).then(function (rows) {
        list.innerHTML = "";
        rows.forEach(function (row) { var o = document.createElement("option"); o.value = row.name; list.appendChild(o); });
      }).catch(function () { /* offline: the preloaded list still works */ });
    }, 200);
  });
  picker.querySelector("[data-street-add]").addEventListener("click", function () { addStreet(input.value, "typed"); input.value = ""; input.focus(); });
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") { e.preventDefault(); addStreet(input.value, "typed"); input.value = ""; } });
  var derive = picker.querySelector("[data-derive-url]");
  if (derive) {
    derive.addEventListener("click", function () {
      fetch(derive.dataset.deriveUrl, { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (data) {
        if (data.streets && data.streets.length) {
          target.value = data.streets.join("\n");
          var hidden = document.querySelector("input[name=route_source]");
          if (hidden) { hidden.value = "derived"; }
          target.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
    });
  }
})();
