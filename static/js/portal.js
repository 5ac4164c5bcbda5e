/* Member portal chrome, loaded (defer) by portal/base.html; no inline script (CSP).

   data-portal-back  on the header's back arrow (a link to the parent page): when the member came here from
                     another page of this site, go back in history instead, so the page they left (its scroll
                     position, a filter) comes back as it was. Opened from outside (a message link, a bookmark),
                     the link is followed as written. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) { return; }
    var back = event.target.closest("a[data-portal-back]");
    if (!back || event.defaultPrevented || event.button !== 0
        || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) { return; }
    var cameFromHere = false;
    try {
      cameFromHere = document.referrer !== "" && new URL(document.referrer).origin === window.location.origin
        && document.referrer !== window.location.href;
    } catch (e) {
      cameFromHere = false;
    }
    if (cameFromHere && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
})();
