/* 我的会员码 (gonghui/checkins): redraws the member's QR code every 30 seconds on the phone, without the network.
 *
 * The page carries the member's TOTP secret (data-secret, hex) and public id (data-member); the code is RFC 6238
 * TOTP — HMAC-SHA1 over the 30-second step, 8 digits — computed here by a small SHA-1/HMAC written in plain
 * JavaScript, because WebCrypto (crypto.subtle) exists only in secure contexts and the intranet may serve plain
 * HTTP. The QR code is drawn by the vendored qrcode-generator (static/vendor/qrcode-generator/). The QR text is
 * "GH1:<member public id hex>:<code>": no personal identifier.
 *
 * Offline: the open page keeps redrawing; over HTTPS the portal's service worker also keeps a copy of this one page
 * (static/js/sw.js), deleted on logout with its other caches. Nothing is written to localStorage.
 */
(function () {
  "use strict";

  function sha1(bytes) {
    // bytes: array of 0..255; returns an array of 20 bytes.
    const ml = bytes.length * 8;
    const msg = bytes.slice();
    msg.push(0x80);
    while (msg.length % 64 !== 56) msg.push(0);
    const high = Math.floor(ml / 0x100000000);
    const low = ml >>> 0;
    msg.push((high >>> 24) & 255, (high >>> 16) & 255, (high >>> 8) & 255, high & 255);
    msg.push((low >>> 24) & 255, (low >>> 16) & 255, (low >>> 8) & 255, low & 255);
    let h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
    const w = new Array(80);
    for (let chunk = 0; chunk < msg.length; chunk += 64) {
      for (let i = 0; i < 16; i++) {
        const j = chunk + i * 4;
        w[i] = ((msg[j] << 24) | (msg[j + 1] << 16) | (msg[j + 2] << 8) | msg[j + 3]) | 0;
      }
      for (let i = 16; i < 80; i++) {
        const x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
        w[i] = (x << 1) | (x >>> 31);
      }
      let a = h0, b = h1, c = h2, d = h3, e = h4;
      for (let i = 0; i < 80; i++) {
        let f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        const temp = (((a << 5) | (a >>> 27)) + f + e + k + w[i]) | 0;
        e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
    }
    const out = [];
    [h0, h1, h2, h3, h4].forEach(function (h) { out.push((h >>> 24) & 255, (h >>> 16) & 255, (h >>> 8) & 255, h & 255); });
    return out;
  }

  function hmacSha1(key, message) {
    let k = key.length > 64 ? sha1(key) : key.slice();
    while (k.length < 64) k.push(0);
    const inner = k.map(function (x) { return x ^ 0x36; }).concat(message);
    const outer = k.map(function (x) { return x ^ 0x5c; });
    return sha1(outer.concat(sha1(inner)));
  }

  function counterBytes(step) {
    const out = [0, 0, 0, 0, 0, 0, 0, 0];
    let value = step;
    for (let i = 7; i >= 0; i--) { out[i] = value % 256; value = Math.floor(value / 256); }
    return out;
  }

  function totp(key, step, digits) {
    const mac = hmacSha1(key, counterBytes(step));
    const offset = mac[19] & 15;
    const number = ((mac[offset] & 127) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
    return String(number % Math.pow(10, digits)).padStart(digits, "0");
  }

  function hexBytes(hex) {
    const out = [];
    for (let i = 0; i + 1 < hex.length; i += 2) out.push(parseInt(hex.substr(i, 2), 16));
    return out;
  }

  window.GonghuiMemberCode = { sha1: sha1, hmacSha1: hmacSha1, totp: totp };

  const box = document.querySelector("[data-member-code]");
  if (!box) return;
  const key = hexBytes(box.dataset.secret || "");
  const member = box.dataset.member || "";
  const stepSeconds = parseInt(box.dataset.step || "30", 10);
  const digits = parseInt(box.dataset.digits || "8", 10);
  const qrBox = box.querySelector("[data-member-code-qr]");
  const digitsBox = box.querySelector("[data-member-code-digits]");
  const countdown = box.querySelector("[data-member-code-countdown]");
  const offline = box.querySelector("[data-member-code-offline]");
  let shownStep = -1;

  function draw(code) {
    const text = "GH1:" + member + ":" + code;
    if (typeof window.qrcode === "function" && qrBox) {
      const qr = window.qrcode(0, "M");
      qr.addData(text);
      qr.make();
      qrBox.innerHTML = qr.createSvgTag({ cellSize: 4, margin: 2, scalable: true, alt: "会员码" });
      const svg = qrBox.querySelector("svg");
      if (svg) { svg.setAttribute("role", "img"); svg.setAttribute("aria-label", "会员码"); }
      qrBox.dataset.drawnStep = String(shownStep);
    }
    if (digitsBox) digitsBox.textContent = code;
  }

  function tick() {
    const seconds = Date.now() / 1000;
    const step = Math.floor(seconds / stepSeconds);
    if (step !== shownStep) {
      shownStep = step;
      draw(totp(key, step, digits));
    }
    if (countdown) countdown.textContent = (stepSeconds - Math.floor(seconds % stepSeconds)) + " 秒后更新";
    if (offline) offline.classList.toggle("d-none", navigator.onLine !== false);
  }

  if (key.length && member) {
    tick();
    window.setInterval(tick, 1000);
  }
})();
