// The triage queue: number keys toggle criteria, the suggestion follows them live, and a
// "Copy" button copies the talk-first reply draft. Other keys are wired by app.js (data-key).
(function () {
  "use strict";

  var LABELS = { accept: "Accept", ignore: "Ignore", talk_first: "Talk first" };

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable=true]") !== null;
  }

  function suggest(form) {
    var boxes = form.querySelectorAll('input[name="criteria"]');
    var met = form.querySelectorAll('input[name="criteria"]:checked').length;
    var threshold = parseInt(form.dataset.threshold, 10) || 0;
    var decision = met >= threshold ? "accept" : "ignore";
    if (decision === "accept" && form.dataset.talkFirst === "1") decision = "talk_first";
    var count = form.querySelector("[data-met]");
    if (count) count.textContent = String(met);
    var label = form.querySelector("[data-suggestion]");
    if (label) {
      label.textContent = LABELS[decision];
      label.className = "suggestion-label suggest-" + decision;
    }
    var button = form.querySelector("[data-suggestion-button]");
    if (button) button.textContent = LABELS[decision];
    boxes.forEach(function (box) {
      box.closest("label").classList.toggle("checked", box.checked);
    });
  }

  document.addEventListener("change", function (event) {
    var form = event.target.closest("form.decide");
    if (form && event.target.name === "criteria") suggest(form);
  });

  // Runs before app.js (capture phase) so that keys still work while a toggle has the focus,
  // and Enter on a focused button presses that button rather than the suggestion.
  window.addEventListener(
    "keydown",
    function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var target = event.target;
      var onToggle = target.matches && target.matches('input[type="checkbox"]');
      if (event.key === "Enter" && target.closest && target.closest("button, a, summary")) {
        event.stopPropagation();
        return;
      }
      if (typing(target) && !onToggle) return;
      if (/^[1-9]$/.test(event.key)) {
        var box = document.querySelector('form.decide [data-toggle-key="' + event.key + '"]');
        if (!box) return;
        event.preventDefault();
        event.stopPropagation();
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      if (onToggle && event.key !== " " && event.key !== "Tab") {
        var el = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
        if (!el) return;
        event.preventDefault();
        event.stopPropagation();
        target.blur();
        el.click();
      }
    },
    true
  );

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.dataset.copy);
    if (!field) return;
    field.select();
    var done = function () { button.textContent = "Copied"; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {
        document.execCommand("copy");
        done();
      });
    } else {
      document.execCommand("copy");
      done();
    }
  });

  function init(root) {
    root.querySelectorAll("form.decide").forEach(suggest);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function () { init(document); });

  // The bulk list: j/k move a cursor over the rows, x selects the row under it.
  var cursor = -1;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var rows = document.querySelectorAll("table.bulk-table tbody tr");
    if (!rows.length || ["j", "k", "x"].indexOf(event.key) < 0) return;
    event.preventDefault();
    if (event.key === "x") {
      var row = rows[Math.max(cursor, 0)];
      var box = row.querySelector('input[type="checkbox"]');
      box.checked = !box.checked;
      row.classList.toggle("selected", box.checked);
      return;
    }
    if (cursor >= 0) rows[cursor].classList.remove("cursor");
    cursor = Math.max(0, Math.min(rows.length - 1, cursor + (event.key === "j" ? 1 : -1)));
    rows[cursor].classList.add("cursor");
    rows[cursor].scrollIntoView({ block: "nearest" });
  });
  document.addEventListener("change", function (event) {
    var row = event.target.closest("table.bulk-table tbody tr");
    if (row) row.classList.toggle("selected", event.target.checked);
    if (event.target.matches("[data-select-all]")) {
      document.querySelectorAll("table.bulk-table tbody input[type=checkbox]").forEach(function (box) {
        box.checked = event.target.checked;
        box.closest("tr").classList.toggle("selected", box.checked);
      });
    }
  });
})();
