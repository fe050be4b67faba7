/* Show only the fields that matter for the chosen kind of application (the form works without this). */
(function () {
  "use strict";
  document.querySelectorAll("#application-form").forEach(function (form) {
    function wrapper(id) {
      var el = form.querySelector("#" + id) || form.querySelector("[id^='" + id + "_']");
      return el ? (el.closest(".utrecht-form-field, .utrecht-form-fieldset")) : null;
    }
    var joinOnly = [wrapper("id_initiative")];
    var startOnly = [wrapper("id_initiative_kind"), wrapper("id_proposed_name")];
    function update() {
      var chosen = form.querySelector("input[name=kind]:checked");
      var kind = chosen ? chosen.value : "";
      joinOnly.forEach(function (w) { if (w) { w.hidden = kind === "start"; } });
      startOnly.forEach(function (w) { if (w) { w.hidden = kind === "join"; } });
    }
    form.querySelectorAll("input[name=kind]").forEach(function (r) { r.addEventListener("change", update); });
    update();
  });
})();
