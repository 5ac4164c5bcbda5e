/* Answering a quiz in the member portal (quizzes/portal/attempt.html): the countdown (reload at zero: the server
   closes a timed-out attempt), the answered counter kept in step with the answers htmx saves, one tap per
   single-choice question (the tap saves the answer, then the next question opens; 上一题 goes back; a keyboard
   choice saves without moving, so arrow keys can still walk the options), the confirmation before handing in, a
   leave warning while the attempt runs (moving between its own questions and handing in are not leaving), and a
   beacon when the member leaves the page (the organiser sees how often). */
(function () {
  "use strict";
  var timer = document.getElementById("quiz-timer");
  var form = document.getElementById("answer-form");
  var submitForm = document.getElementById("submit-form");
  var counter = document.getElementById("quiz-answered");
  var status = document.getElementById("save-status");
  if (!timer || !form || !submitForm || !counter) { return; }

  var multiple = form.getAttribute("data-multiple") === "true";
  var nextUrl = form.getAttribute("data-next-url");
  var pending = 0;          // answer saves on their way to the server
  var leaving = false;      // an own navigation (another question, handing in, the server's redirect)
  var queued = null;        // where to go once the pending saves have landed
  var byPointer = false;    // the last choice was a tap or a click, not a key

  function go(url) {
    leaving = true;
    window.location.assign(url);
  }
  function goWhenSaved(url) {
    if (pending > 0) { queued = url; return; }
    go(url);
  }

  window.addEventListener("beforeunload", function (event) {
    if (leaving) { return; }
    event.preventDefault();
    event.returnValue = "";  // the browser shows its own "leave the page?" question
  });

  var end = Date.now() + parseInt(timer.getAttribute("data-remaining"), 10) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    timer.textContent = Math.floor(left / 60) + "分" + String(left % 60).padStart(2, "0") + "秒";
    if (left <= 0) { leaving = true; window.location.reload(); return; }
    setTimeout(tick, 1000);
  }
  tick();

  var checked = form.querySelector("input[name=choice]:checked");
  var wasAnswered = form.getAttribute("data-answered") === "true";
  var saved = wasAnswered && checked ? checked.value : null;  // the single choice the server holds

  form.addEventListener("pointerdown", function () { byPointer = true; });
  form.addEventListener("keydown", function () { byPointer = false; });
  form.addEventListener("click", function (event) {
    var input = event.target;
    // tapping the answer already saved (back on a question) moves on as well: no change, nothing to save
    if (!multiple && nextUrl && byPointer && input.name === "choice" && input.value === saved && pending === 0) {
      goWhenSaved(nextUrl);
    }
  });

  form.addEventListener("htmx:beforeRequest", function () { pending += 1; });
  form.addEventListener("htmx:beforeOnLoad", function (event) {
    // the attempt closed meanwhile: the server sends the member to the result (HX-Redirect)
    if (event.detail.xhr && event.detail.xhr.getResponseHeader("HX-Redirect")) { leaving = true; }
  });
  form.addEventListener("htmx:afterRequest", function (event) {
    pending = Math.max(0, pending - 1);
    if (!event.detail.successful) {
      queued = null;
      if (status) { status.textContent = "保存失败，请重选"; }
      return;
    }
    var now = form.querySelector("input[name=choice]:checked");
    var any = now !== null;
    if (any !== wasAnswered) { counter.textContent = parseInt(counter.textContent, 10) + (any ? 1 : -1); wasAnswered = any; }
    if (!multiple) {
      saved = now ? now.value : null;
      if (byPointer && nextUrl && any && !queued) { queued = nextUrl; }
    }
    if (pending === 0 && queued) { go(queued); }
  });

  // own links (上一题, 下一题, 答题卡) are not leaving; they wait for an answer still being saved
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-quiz-link]") : null;
    if (!link) { return; }
    event.preventDefault();
    goWhenSaved(link.getAttribute("href"));
  });

  // the header's back arrow leaves the attempt (for the activity page), not to the question seen before: it is
  // followed as written (portal.js would go back in history) and the leave warning asks first
  document.addEventListener("click", function (event) {
    var back = event.target.closest ? event.target.closest("a[data-portal-back]") : null;
    if (!back || event.button !== 0) { return; }
    event.preventDefault();
    window.location.assign(back.href);
  }, true);

  var handingIn = false;
  submitForm.addEventListener("submit", function (event) {
    if (handingIn) { return; }
    var total = parseInt(submitForm.getAttribute("data-total"), 10);
    var question = parseInt(counter.textContent, 10) < total ? "还有题目未作答，确定交卷？" : "确定交卷？";
    if (!window.confirm(question)) { event.preventDefault(); return; }
    handingIn = true;
    leaving = true;
    if (pending > 0) {
      // hand in once the last answer has been saved
      event.preventDefault();
      var wait = setInterval(function () {
        if (pending === 0) { clearInterval(wait); submitForm.submit(); }
      }, 100);
    }
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
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { report("hidden"); return; }
    if (!leaving) { leaving = true; window.location.reload(); }
  });
  window.addEventListener("blur", function () { report("blur"); });
})();
