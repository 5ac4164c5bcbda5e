/* The question form (surveys/design/question_form.html): show only the fields of the chosen 题型 — options for
   单选/多选/矩阵, matrix rows for 矩阵, the scale's range and end labels for 量表. Without JavaScript every field is
   shown and the server ignores those of other kinds. */
(function () {
  "use strict";
  var form = document.getElementById("question-form");
  if (!form) { return; }
  var kind = form.querySelector("[name=kind]");
  var parts = Array.prototype.slice.call(form.querySelectorAll("[data-question-kinds]"));

  function update() {
    parts.forEach(function (part) {
      var kinds = part.getAttribute("data-question-kinds").split(" ");
      part.hidden = kinds.indexOf(kind.value) < 0;
    });
  }

  kind.addEventListener("change", update);
  update();
}());
