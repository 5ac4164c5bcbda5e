/* The org tree picker (gonghui/orgs/widgets.py OrgTreePicker): without this script it is a plain list of
   checkboxes; with it, a filter box hides the orgs whose name does not contain the typed text (an org stays
   when one of its descendants matches, so the tree still reads) and a live line counts what is shown and ticked.
   Loaded (defer) by the pages that use the widget; no inline script, no style attribute (CSP). */
(function () {
  "use strict";

  function items(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll("li[data-org-name]"));
  }

  function ticked(picker) {
    return picker.querySelectorAll("input[type=checkbox]:checked").length;
  }

  // Shows an item when its name matches or a child item is shown; returns whether it is shown.
  function filterItem(li, query) {
    var shown = !query || li.getAttribute("data-org-name").indexOf(query) !== -1;
    var list = li.querySelector(":scope > ul");
    if (list) {
      Array.prototype.forEach.call(list.children, function (child) {
        if (filterItem(child, query)) { shown = true; }
      });
    }
    li.hidden = !shown;
    return shown;
  }

  function update(picker) {
    var input = picker.querySelector("[data-org-picker-filter]");
    var query = input ? input.value.trim() : "";
    var roots = picker.querySelectorAll(".org-picker-list > li");
    Array.prototype.forEach.call(roots, function (li) { filterItem(li, query); });
    var all = items(picker);
    var visible = all.filter(function (li) { return !li.hidden; }).length;
    var status = picker.querySelector("[data-org-picker-status]");
    if (status) {
      status.textContent = (query ? "显示 " + visible + " 个，" : "") + "共 " + all.length + " 个组织，已选 " + ticked(picker) + " 个";
    }
  }

  function setUp(picker) {
    var tools = picker.querySelector("[data-org-picker-tools]");
    if (tools) { tools.hidden = false; }
    var input = picker.querySelector("[data-org-picker-filter]");
    if (input) {
      input.addEventListener("input", function () { update(picker); });
      // Enter in the filter box filters; it must not submit the page.
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); }
      });
    }
    picker.addEventListener("change", function (event) {
      if (event.target instanceof HTMLInputElement && event.target.type === "checkbox") { update(picker); }
    });
    update(picker);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-org-picker]"), setUp);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
