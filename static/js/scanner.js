/* 扫码签到 (gonghui/checkins scanner page): where the page is a secure context (HTTPS) the phone's rear camera is
 * read through the vendored jsQR (static/vendor/jsqr/); a decoded 会员码 fills the payload field and the form is
 * posted (the result page shows 签到成功 or the reason). Elsewhere the camera cannot be used: the page says so and
 * the scanner-gun field and the member-number form stay, as they always do.
 */
(function () {
  "use strict";

  const root = document.querySelector("[data-scanner]");
  if (!root) return;
  const camera = root.querySelector("[data-scanner-camera]");
  const insecure = root.querySelector("[data-scanner-insecure]");
  const video = root.querySelector("[data-scanner-video]");
  const canvas = root.querySelector("[data-scanner-canvas]");
  const status = root.querySelector("[data-scanner-status]");
  const form = root.querySelector("[data-scanner-form]");
  const field = root.querySelector("[data-scanner-payload]");
  const media = navigator.mediaDevices;

  if (!window.isSecureContext || !media || !media.getUserMedia || typeof window.jsQR !== "function") {
    if (insecure) insecure.classList.remove("d-none");
    return;
  }
  camera.classList.remove("d-none");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  let sent = false;

  function frame() {
    if (sent) return;
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      if (found && found.data && found.data.indexOf("GH1:") === 0) {
        sent = true;
        field.value = found.data;
        if (status) status.textContent = "已识别，正在签到…";
        form.submit();
        return;
      }
    }
    window.requestAnimationFrame(frame);
  }

  media
    .getUserMedia({ video: { facingMode: "environment" }, audio: false })
    .then(function (stream) {
      video.srcObject = stream;
      return video.play();
    })
    .then(function () {
      if (status) status.textContent = "请将会员码对准取景框";
      window.requestAnimationFrame(frame);
    })
    .catch(function () {
      if (status) status.textContent = "无法打开摄像头（未授权或设备不支持），请使用扫码枪或输入会员编号";
    });
})();
