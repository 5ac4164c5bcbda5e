/* 学习: the lesson page's study heartbeat. A video resumes at the server's saved position and, every 10 s, posts
   its current position and whether it plays; a 图文 or 文档 lesson posts the seconds the page was visible
   (document.visibilityState), so a hidden tab accrues nothing. The server measures and credits; this file only
   reports and shows the server's progress. */
(function () {
  "use strict";
  var root = document.querySelector("[data-lesson-study]");
  if (!root) { return; }
  var url = root.getAttribute("data-beat-url");
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var video = root.querySelector("[data-lesson-video]");
  var bar = root.querySelector("[data-lesson-progress]");
  var status = root.querySelector("[data-lesson-status]");
  var reading = 0;  // seconds this page was visible (图文 / 文档)
  var INTERVAL = 10000;

  function show(percent, text) {
    bar.style.width = percent + "%";
    bar.setAttribute("aria-valuenow", String(percent));
    if (text) { status.textContent = text; }
  }
  show(Number(bar.getAttribute("aria-valuenow")) || 0, "");

  function beat() {
    var position = video ? video.currentTime : reading;
    var playing = video ? !video.paused && !video.ended : document.visibilityState === "visible";
    var data = new FormData();
    data.append("csrfmiddlewaretoken", csrf);
    data.append("position", String(Math.floor(position)));
    if (playing) { data.append("playing", "on"); }
    fetch(url, {method: "POST", body: data, credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) {
        if (!j) { return; }
        show(j.percent, j.credited ? "✓ 已计入 " + j.hours + " 学时" : "已学 " + j.percent + "%，满 90% 计入 " + j.hours + " 学时");
      })
      .catch(function () { /* offline: the next beat tries again */ });
  }

  if (video) {
    var resume = Number(root.getAttribute("data-resume")) || 0;
    video.addEventListener("loadedmetadata", function () {
      if (resume > 0 && resume < video.duration) { video.currentTime = resume; }
    }, {once: true});
    video.addEventListener("play", beat);
    video.addEventListener("pause", beat);
    window.setInterval(beat, INTERVAL);
  } else {
    reading = Number(root.getAttribute("data-resume")) || 0;
    window.setInterval(function () {
      if (document.visibilityState === "visible") { reading += 1; }
    }, 1000);
    window.setInterval(function () {
      if (document.visibilityState === "visible") { beat(); }
    }, INTERVAL);
    if (document.visibilityState === "visible") { beat(); }
  }
})();
