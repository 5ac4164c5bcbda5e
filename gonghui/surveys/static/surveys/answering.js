/* The questionnaire on the member's phone (surveys/answering/portal_answer.html): skip logic live. A question
   [data-survey-question] with data-show-if {"question": key, "options": [...]} is shown only when that earlier
   question is shown and its answer is among the options (for a 多选, any chosen option) — the rule of
   gonghui/surveys/questions.py, which the server applies again on submit. A hidden question's inputs are disabled,
   so they are not sent. Loaded after responses/draft.js, so a restored device-only draft is taken into account;
   a form sent back with errors is saved to the draft again at once (draft.js cleared it on submit). */
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey-form]");
  if (!form) { return; }
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-survey-question]"));

  function chosen(block) {
    var values = [];
    block.querySelectorAll("input, textarea").forEach(function (el) {
      if (el.disabled) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { values.push(el.value); }
      } else if (el.value.trim()) {
        values.push(el.value.trim());
      }
    });
    return values;
  }

  function condition(block) {
    var raw = block.getAttribute("data-show-if");
    if (!raw) { return null; }
    try { return JSON.parse(raw); } catch (e) { return null; }
  }

  function apply() {
    var answers = {};
    blocks.forEach(function (block) {
      var key = block.getAttribute("data-survey-question");
      var rule = condition(block);
      var shown = true;
      if (rule && rule.question) {
        var theirs = answers[rule.question];
        var wanted = rule.options || [];
        shown = !!theirs && theirs.some(function (value) { return wanted.indexOf(value) !== -1; });
      }
      block.hidden = !shown;
      var fieldset = block.querySelector("fieldset");
      if (fieldset) { fieldset.disabled = !shown; }
      answers[key] = shown ? chosen(block) : null;
    });
  }

  form.addEventListener("change", apply);
  form.addEventListener("input", apply);
  apply();

  if (form.hasAttribute("data-response-draft") && !form.hasAttribute("data-response-draft-restore")) {
    form.dispatchEvent(new Event("change"));
  }
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }
})();
