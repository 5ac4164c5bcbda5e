/* Answering a quiz in the member portal (quizzes/portal/attempt.html): the countdown (reload at zero: the server
   closes a timed-out attempt), the answered counter kept in step with the answers htmx saves, the confirmation
   before handing in, and a beacon when the member leaves the page (the organiser sees how often). */
(function () {
  "use strict";
  var timer = document.getElementById("quiz-timer");
  var form = document.getElementById("answer-form");
  var submitForm = document.getElementById("submit-form");
  var counter = document.getElementById("quiz-answered");
  if (!timer || !form || !submitForm || !counter) { return; }

  var end = Date.now() + parseInt(timer.getAttribute("data-remaining"), 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    timer.textContent = Math.floor(left / 60) + "分" + String(left % 60).padStart(2, "0") + "秒";
    if (left <= 0) { window.location.reload(); return; }
    setTimeout(tick, 1000);
  }
  tick();

  var wasAnswered = form.getAttribute("data-answered") === "true";
  form.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful) { document.getElementById("save-status").textContent = "保存失败，请重选"; return; }
    var any = form.querySelector("input[name=choice]:checked") !== null;
    if (any !== wasAnswered) { counter.textContent = parseInt(counter.textContent, 10) + (any ? 1 : -1); wasAnswered = any; }
  });

  submitForm.addEventListener("submit", function (event) {
    var total = parseInt(submitForm.getAttribute("data-total"), 10);
    var question = parseInt(counter.textContent, 10) < total ? "还有题目未作答，确定交卷？" : "确定交卷？";
    if (!window.confirm(question)) { event.preventDefault(); }
  });

  var focusUrl = form.getAttribute("data-focus-url");
  var csrf = submitForm.querySelector("input[name=csrfmiddlewaretoken]").value;
  var last = 0;
  function report(kind) {
    var now = Date.now();
    if (now - last < 1500) { return; }
    last = now;
    var data = new FormData();
    data.append("kind", kind);
    data.append("csrfmiddlewaretoken", csrf);
    if (navigator.sendBeacon) { navigator.sendBeacon(focusUrl, data); } else { fetch(focusUrl, {method: "POST", body: data, credentials: "same-origin"}); }
  }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { report("hidden"); } else { window.location.reload(); } });
  window.addEventListener("blur", function () { report("blur"); });
})();
