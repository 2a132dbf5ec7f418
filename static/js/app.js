// netcoach's page behaviour. No inline scripts: the Content Security Policy forbids them.
// Pages declare keyboard shortcuts with data-key="m" on a link or button; this file wires them.
// It runs before the page scripts (all are deferred, this one first) and gives them the shared
// pieces as window.netcoach.
(function () {
  "use strict";

  // Is the user typing in a field? Keyboard shortcuts leave the keys to the field then.
  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable=true]") !== null;
  }

  function modified(event) {
    return event.ctrlKey || event.metaKey || event.altKey;
  }

  // The element that data-key="<key>" names on this page, or null.
  function shortcut(key) {
    return document.querySelector('[data-key="' + CSS.escape(key) + '"]');
  }

  document.addEventListener("keydown", function (event) {
    if (modified(event) || isTyping(event.target)) return;
    var el = shortcut(event.key);
    if (!el) return;
    event.preventDefault();
    if (el.matches("input, textarea, select")) {
      el.focus();
    } else {
      el.click();
    }
  });

  // A keyboard cursor over the table rows that `rows` selects: j / k move it (the row under it
  // gets the class named `cursor`), x ticks that row's checkbox as a click would (a change event
  // follows), Enter opens the row's data-href when it has one. The cursor lives in the DOM and
  // comes back on its row (known by its checkbox's value) when an htmx swap brings the row back.
  // Returns move(index), which puts the cursor on a row.
  function rowCursor(rows, cursor) {
    var kept = null;

    function all() {
      return Array.prototype.slice.call(document.querySelectorAll(rows));
    }
    function box(row) {
      return row.querySelector("input[type=checkbox]");
    }
    function key(row) {
      return box(row) ? box(row).value : null;
    }

    function move(index) {
      var list = all();
      if (!list.length) return;
      index = Math.max(0, Math.min(list.length - 1, index));
      list.forEach(function (row) { row.classList.remove(cursor); });
      list[index].classList.add(cursor);
      list[index].scrollIntoView({ block: "nearest" });
      kept = key(list[index]);
    }

    document.addEventListener("htmx:afterSwap", function () {
      if (kept === null) return;
      var row = all().find(function (row) { return key(row) === kept; });
      if (row) row.classList.add(cursor);
    });

    document.addEventListener("keydown", function (event) {
      if (modified(event) || isTyping(event.target)) return;
      var list = all();
      if (!list.length) return;
      var current = list.findIndex(function (row) { return row.classList.contains(cursor); });
      var row = list[current];
      if (event.key === "j" || event.key === "k") {
        event.preventDefault();
        move(current < 0 ? 0 : current + (event.key === "j" ? 1 : -1));
      } else if (event.key === "Enter" && row && row.dataset.href) {
        event.preventDefault();
        window.location.href = row.dataset.href;
      } else if (event.key === "x" && row && box(row)) {
        event.preventDefault();
        box(row).checked = !box(row).checked;
        box(row).dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
    return move;
  }

  // Buttons (or links) with data-copy="<field id>" copy that field's value to the clipboard, then
  // read options.done (and their own label again 2 s later, when options.reset is given). options.select selects the
  // field first, which also moves the focus into it.
  function copyButtons(options) {
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-copy]");
      var field = button && document.getElementById(button.dataset.copy);
      if (!field) return;
      if (options.select) field.select();
      // The label comes back after the reset (a link that also opens a profile keeps its words).
      if (!("copyLabel" in button.dataset)) button.dataset.copyLabel = button.innerHTML;
      var done = function () {
        button.textContent = options.done;
        if (options.reset) setTimeout(function () { button.innerHTML = button.dataset.copyLabel; }, 2000);
      };
      var fallback = function () {
        field.select();
        document.execCommand("copy");
        done();
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, fallback);
      } else {
        fallback();
      }
    });
  }

  // data-dismiss closes the message it is in (a toast with an Undo button stays until then).
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-dismiss]");
    if (button && button.closest(".message")) button.closest(".message").remove();
  });

  window.netcoach = {
    isTyping: isTyping,
    shortcut: shortcut,
    rowCursor: rowCursor,
    copyButtons: copyButtons,
  };
})();
