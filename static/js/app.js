/* Page behaviour wired by data- attributes, loaded (defer) on every page. The Content-Security-Policy allows
   scripts only from our static files, so no template carries an inline script, an on…= handler or a style
   attribute; the listeners below are delegated from the document and so also cover content swapped in by HTMX.

   data-confirm="问题"  on a form: asked on submit; on a link or button: asked on click — cancelled unless confirmed
   data-autosubmit      on a select (or any field): submit its form when the value changes
   data-print           on a button: open the browser's print dialog
   data-progress="42"   on a progress bar: its width in percent */
(function () {
  "use strict";

  function confirmed(el) {
    var question = el.getAttribute("data-confirm");
    return !question || window.confirm(question);
  }

  // Capture phase: asked before any other submit or click listener (htmx's included) sees the event.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm") && !confirmed(form)) {
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  document.addEventListener("click", function (event) {
    if (!(event.target instanceof Element)) { return; }
    var el = event.target.closest("a[data-confirm], button[data-confirm], input[data-confirm]");
    if (el && !confirmed(el)) {
      event.preventDefault();
      event.stopPropagation();
      return;
    }
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  }, true);

  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof Element && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.submit();
    }
  });

  function sizeProgressBars(root) {
    var bars = Array.prototype.slice.call(root.querySelectorAll("[data-progress]"));
    if (root.hasAttribute && root.hasAttribute("data-progress")) { bars.push(root); }
    bars.forEach(function (bar) {
      var percent = parseFloat(bar.getAttribute("data-progress"));
      bar.style.width = (isFinite(percent) ? Math.max(0, Math.min(100, percent)) : 0) + "%";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { sizeProgressBars(document); });
  } else {
    sizeProgressBars(document);
  }
  // htmx fires htmx:load on every element it swaps in (import and export progress polling).
  document.addEventListener("htmx:load", function (event) {
    if (event.target instanceof Element) { sizeProgressBars(event.target); }
  });
})();
