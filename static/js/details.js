// The person form's phone numbers, addresses and websites: "Add another" adds a row in place
// (without JavaScript, the blank row the page always has does it), and a row ticked Remove
// looks removed. Loaded with defer; no inline scripts (CSP).
(function () {
  "use strict";

  function addRow(fieldset) {
    var prefix = fieldset.dataset.formset;
    var total = fieldset.querySelector('input[name="' + prefix + '-TOTAL_FORMS"]');
    var template = fieldset.querySelector("template[data-empty-row]");
    var index = parseInt(total.value, 10);
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    var holder = document.createElement("ul");
    holder.innerHTML = html;
    var row = holder.firstElementChild;
    fieldset.querySelector("[data-rows]").appendChild(row);
    total.value = String(index + 1);
    var value = row.querySelector('.detail-value input');
    if (value) value.focus();
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (button) addRow(button.closest("[data-formset]"));
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.matches && box.matches('.detail-remove input[type="checkbox"]')) {
      box.closest(".detail-row").classList.toggle("removed", box.checked);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-add-row]").forEach(function (button) {
      button.hidden = false;
    });
  });
})();
