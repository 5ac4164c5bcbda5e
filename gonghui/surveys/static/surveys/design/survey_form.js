/* The survey form (surveys/design/survey_form.html): a part marked data-shown-when="field=value value…" is shown
   only while that radio field has one of the values — the target list for 目标名单, the sample size for 随机抽样,
   the member filter unless 目标名单, the cross-tab attributes for 匿名. Without JavaScript everything is shown and
   the server ignores what does not apply. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  var parts = Array.prototype.slice.call(form.querySelectorAll("[data-shown-when]"));

  function current(name) {
    var checked = form.querySelector("input[name=" + name + "]:checked");
    return checked ? checked.value : "";
  }

  function update() {
    parts.forEach(function (part) {
      var rule = part.getAttribute("data-shown-when").split("=");
      part.hidden = rule[1].split(" ").indexOf(current(rule[0])) < 0;
    });
  }

  form.addEventListener("change", update);
  update();
}());
