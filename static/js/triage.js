// The triage queue: number keys toggle criteria (1-9, and 0 for the tenth), the suggestion
// follows them live (netcoach's own ticks included: they are ticked boxes like the others), and a
// "Copy" button copies the talk-first reply draft. Other keys are wired by app.js (data-key), which
// runs first and gives this file window.netcoach.
(function () {
  "use strict";

  // The suggestion's words, from Django's JavaScript catalogue (/jsi18n/, loaded before).
  var LABELS = {
    accept: pgettext("decision", "Accept"),
    ignore: pgettext("decision", "Ignore"),
    talk_first: pgettext("decision", "Talk first"),
  };

  // Returns what the suggestion says ("2 of 3 → Accept") for the live region.
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
    var summary = form.querySelector(".suggestion-count");
    return (summary ? summary.textContent.trim() + " → " : "") + LABELS[decision];
  }

  // A criterion ticked or unticked: screen readers hear the new suggestion (app.js's live
  // region, which stays when the queue is swapped).
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form.decide");
    if (form && event.target.name === "criteria") netcoach.announce(suggest(form));
  });

  // Runs before app.js's shortcuts (capture phase) so that keys still work while a toggle has
  // the focus, and Enter on a focused button presses that button rather than the suggestion.
  // Single-key shortcuts turned off leave every key to the browser.
  window.addEventListener(
    "keydown",
    function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || !netcoach.singleKeys()) return;
      var target = event.target;
      var onToggle = target.matches && target.matches('input[type="checkbox"]');
      if (event.key === "Enter" && target.closest && target.closest("button, a, summary")) {
        event.stopPropagation();
        return;
      }
      if (netcoach.isTyping(target) && !onToggle) return;
      if (/^[0-9]$/.test(event.key)) {
        var box = document.querySelector('form.decide [data-toggle-key="' + event.key + '"]');
        if (!box) return;
        event.preventDefault();
        event.stopPropagation();
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
        return;
      }
      if (onToggle && event.key !== " " && event.key !== "Tab") {
        var el = netcoach.shortcut(event.key);
        if (!el) return;
        event.preventDefault();
        event.stopPropagation();
        target.blur();
        el.click();
      }
    },
    true
  );

  netcoach.copyButtons({ done: gettext("Copied"), select: true });

  function init(root) {
    root.querySelectorAll("form.decide").forEach(suggest);
  }
  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSwap", function () { init(document); });

  // After a decision the confirmation and the next person are in view: on a phone the page was
  // left scrolled down at the buttons.
  document.addEventListener("htmx:afterSettle", function (event) {
    var queue = document.getElementById("queue");
    var top = queue && event.target === queue ? queue.getBoundingClientRect().top : 0;
    if (top < 0) window.scrollBy(0, top - 8);
  });

  // The bulk list: j/k move a cursor over the rows, x selects the row under it (app.js), and a
  // ticked row is marked selected.
  netcoach.rowCursor("table.bulk-table tbody tr", "cursor");
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
