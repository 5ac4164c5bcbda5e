/* Makes the member portal installable: registers its service worker (/portal/sw.js, see static/js/sw.js) and tells it
 * to empty its caches when the member logs out. Loaded by portal/base.html as
 *   <script src="…/pwa.js" data-sw="/portal/sw.js" data-scope="/portal/" data-logout="/accounts/logout/" defer>
 * Browsers allow service workers only in a secure context (HTTPS, or http://localhost while developing) and some
 * in-app browsers not at all: there this file does nothing, silently, and the portal works as before.
 */
(function () {
  "use strict";

  const script = document.currentScript;
  const container = window.isSecureContext ? navigator.serviceWorker : undefined;
  if (!script || !container) return;
  const { sw, scope, logout } = script.dataset;
  if (!sw || !scope) return;

  function register() {
    try {
      container.register(sw, { scope: scope }).catch(function () {
        /* refused (private mode, policy, an in-app browser): the portal works without it */
      });
    } catch (refused) {
      /* the same, thrown instead of rejected */
    }
  }

  if (document.readyState === "complete") register();
  else window.addEventListener("load", register, { once: true });

  // Logout: ask the worker to delete its caches, and delete them from here too, before the form leaves the page.
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!logout || !(form instanceof HTMLFormElement)) return;
    if (new URL(form.action, document.baseURI).pathname !== logout) return;
    const controller = container.controller;
    if (controller) controller.postMessage({ type: "logout" });
    if (window.caches) {
      window.caches
        .keys()
        .then(function (names) {
          return Promise.all(names.map(function (name) { return window.caches.delete(name); }));
        })
        .catch(function () {});
    }
  });
})();
