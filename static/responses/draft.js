/* The draft of an anonymous answer lives only on the member's device (responses/partials/answer_form.html): the
   form's fields are saved to localStorage under one key per owner (data-response-draft) as they change, restored when
   the page opens with an unsent form, and removed when the form is sent; a page that shows the receipt removes it
   too (data-response-draft-clear). Nothing here talks to the server. */
(function () {
  "use strict";
  var storage;
  try { storage = window.localStorage; } catch (e) { return; }
  if (!storage) { return; }

  document.querySelectorAll("[data-response-draft-clear]").forEach(function (el) {
    storage.removeItem(el.getAttribute("data-response-draft-clear"));
  });

  document.querySelectorAll("form[data-response-draft]").forEach(function (form) {
    var key = form.getAttribute("data-response-draft");

    function fields() {
      return Array.prototype.filter.call(form.elements, function (el) {
        return el.name && el.name !== "csrfmiddlewaretoken" && el.type !== "submit";
      });
    }
    function save() {
      var draft = {};
      fields().forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") {
          if (!draft[el.name]) { draft[el.name] = []; }
          if (el.checked) { draft[el.name].push(el.value); }
        } else {
          draft[el.name] = [el.value];
        }
      });
      try { storage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full or refused */ }
    }
    function restore() {
      var draft;
      try { draft = JSON.parse(storage.getItem(key) || "null"); } catch (e) { draft = null; }
      if (!draft) { return; }
      fields().forEach(function (el) {
        var values = draft[el.name];
        if (!values) { return; }
        if (el.type === "radio" || el.type === "checkbox") {
          el.checked = values.indexOf(el.value) !== -1;
        } else {
          el.value = values[0] || "";
        }
      });
    }

    if (form.hasAttribute("data-response-draft-restore")) { restore(); }
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    form.addEventListener("submit", function () { storage.removeItem(key); });
  });
})();
