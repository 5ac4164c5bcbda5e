/* The 报送 task page (reports/task_form.html). Without this script every part is shown and the builder's buttons
   (添加字段, 上移, 下移, 删除) submit the page, which comes back with the rows changed. With it:
   - the builder adds, moves and deletes rows in place, renumbering the formset's names (field-3-label…) and
     its TOTAL_FORMS, and shows 选项 only for 选项 fields and the 数值检查 only for 数字 fields;
   - every row's 比较的字段 offers the other rows' number fields by their current names;
   - only the parts the choices need are shown: 层级 for "按层级", the org picker for 指定组织, the builder for
     在线填报 and the template upload for Excel 模板; ticking an org switches 报送对象 to 指定组织.
   No inline script, no style attribute (CSP): parts are shown and hidden with the `hidden` attribute. */
(function () {
  "use strict";

  var PREFIX = "field";
  var NAME = new RegExp("^(id_)?" + PREFIX + "-(\\d+|__prefix__)-");

  function each(root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  }

  function checkedValue(form, name) {
    var input = form.querySelector("input[name=" + name + "]:checked");
    return input ? input.value : "";
  }

  // --- the builder -----------------------------------------------------------------------------------------

  function rows(builder) {
    return Array.prototype.slice.call(builder.querySelectorAll("[data-builder-rows] > [data-builder-row]"));
  }

  // 选项 only for a 选项 field, 数值检查 only for a 数字 field, 比较的字段 only once a check is chosen.
  function showForType(row) {
    var type = row.querySelector("[data-row-type]").value;
    var compare = row.querySelector("[data-row-compare]").value;
    each(row, "[data-row-when]", function (part) {
      part.hidden = part.getAttribute("data-row-when") !== type || (part.hasAttribute("data-row-needs-compare") && !compare);
    });
  }

  function renumber(builder) {
    var all = rows(builder);
    all.forEach(function (row, index) {
      row.querySelector("[data-row-legend]").textContent = "第" + (index + 1) + "个字段";
      each(row, "[name], [id], label[for]", function (el) {
        ["name", "id", "for"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value && NAME.test(value)) { el.setAttribute(attr, value.replace(NAME, "$1" + PREFIX + "-" + index + "-")); }
        });
      });
      each(row, "[data-builder-move]", function (button) {
        var move = button.getAttribute("data-builder-move");
        button.value = move + "-" + index;
        button.disabled = (move === "up" && index === 0) || (move === "down" && index === all.length - 1);
      });
    });
    builder.querySelector("input[name=" + PREFIX + "-TOTAL_FORMS]").value = String(all.length);
    offerNumberFields(builder);
  }

  function offerNumberFields(builder) {
    var all = rows(builder);
    var names = all.map(function (row) {
      var label = row.querySelector("[data-row-label]").value.trim();
      return row.querySelector("[data-row-type]").value === "number" ? label : "";
    });
    all.forEach(function (row, index) {
      var select = row.querySelector("[data-row-compare-field]");
      var current = select.value;
      while (select.options.length > 1) { select.remove(1); }
      names.forEach(function (name, other) {
        if (name && other !== index) { select.add(new Option(name, name, false, name === current)); }
      });
    });
  }

  function addRow(builder) {
    var template = builder.querySelector("[data-builder-template]");
    var fragment = template.content.cloneNode(true);
    var row = fragment.querySelector("[data-builder-row]");
    builder.querySelector("[data-builder-rows]").appendChild(fragment);
    showForType(row);
    renumber(builder);
    row.querySelector("[data-row-label]").focus();
  }

  function move(builder, button) {
    var row = button.closest("[data-builder-row]");
    var kind = button.getAttribute("data-builder-move");
    var all = rows(builder);
    var index = all.indexOf(row);
    if (kind === "delete") {
      var next = all[index + 1] || all[index - 1];
      row.remove();
      renumber(builder);
      (next ? next.querySelector("[data-row-label]") : builder.querySelector("[data-builder-add]")).focus();
      return;
    }
    if (kind === "up" && index > 0) {
      row.parentNode.insertBefore(row, all[index - 1]);
    } else if (kind === "down" && index < all.length - 1) {
      row.parentNode.insertBefore(all[index + 1], row);
    }
    renumber(builder);
    var same = row.querySelector("[data-builder-move=" + kind + "]");
    (same.disabled ? row.querySelector("[data-row-label]") : same).focus();
  }

  function setUpBuilder(builder) {
    rows(builder).forEach(showForType);
    offerNumberFields(builder);
    builder.addEventListener("click", function (event) {
      if (!(event.target instanceof Element)) { return; }
      var add = event.target.closest("[data-builder-add]");
      var button = event.target.closest("[data-builder-move]");
      if (add) {
        event.preventDefault();
        addRow(builder);
      } else if (button) {
        event.preventDefault();
        move(builder, button);
      }
    });
    builder.addEventListener("change", function (event) {
      var el = event.target;
      if (el instanceof Element && el.hasAttribute("data-row-type")) {
        showForType(el.closest("[data-builder-row]"));
        offerNumberFields(builder);
      } else if (el instanceof Element && el.hasAttribute("data-row-compare")) {
        showForType(el.closest("[data-builder-row]"));
      }
    });
    builder.addEventListener("input", function (event) {
      if (event.target instanceof Element && event.target.hasAttribute("data-row-label")) { offerNumberFields(builder); }
    });
  }

  // --- which parts the choices need ----------------------------------------------------------------------------

  function showParts(form) {
    var scope = checkedValue(form, "scope_kind");
    each(form, "[data-scope-when]", function (part) {
      part.hidden = part.getAttribute("data-scope-when").split(" ").indexOf(scope) === -1;
    });
    var kind = checkedValue(form, "kind");
    each(form, "[data-kind-when]", function (part) { part.hidden = part.getAttribute("data-kind-when") !== kind; });
  }

  function setUpForm(form) {
    showParts(form);
    form.addEventListener("change", function (event) {
      var el = event.target;
      if (!(el instanceof HTMLInputElement)) { return; }
      if (el.name === "scope_orgs" && el.checked) {
        var scope = checkedValue(form, "scope_kind");
        if (scope !== "orgs" && scope !== "subtrees") {
          var orgs = form.querySelector("input[name=scope_kind][value=orgs]");
          if (orgs) { orgs.checked = true; }
        }
      }
      if (el.name === "scope_kind" || el.name === "kind") { showParts(form); }
    });
    var builder = form.querySelector("[data-builder]");
    if (builder) { setUpBuilder(builder); }
  }

  function start() {
    each(document, "form[data-task-form]", setUpForm);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
