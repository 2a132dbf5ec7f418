// netcoach's page behaviour. No inline scripts: the Content Security Policy forbids them.
// Pages declare keyboard shortcuts with data-key="m" on a link or button; this file wires them.
// It runs before the page scripts (all are deferred, this one first) and gives them the shared
// pieces as window.netcoach. It also keeps the keyboard and screen readers in step with htmx:
// after a swap the focus goes to the swapped content's [data-autofocus] (or its first invalid
// field, or its heading when the focus was lost with the old content) and the text of its
// [data-announce] elements is said through the page's #announcer live region
// (docs/architecture.md, "Accessibility").
(function () {
  "use strict";

  // Is the user typing in a field? Keyboard shortcuts leave the keys to the field then.
  function isTyping(target) {
    return target.closest("input, textarea, select, [contenteditable=true]") !== null;
  }

  // A field that takes characters (not a checkbox, a radio or a button).
  function isTextEntry(target) {
    return (
      target.closest &&
      target.closest(
        "textarea, select, [contenteditable=true], input:not([type=checkbox]):not([type=radio]):not([type=button]):not([type=submit]):not([type=reset])"
      ) !== null
    );
  }

  function modified(event) {
    return event.ctrlKey || event.metaKey || event.altKey;
  }

  // Single-key shortcuts (a bare letter, digit, sign or Enter acting anywhere) may be turned off
  // in the settings or on the shortcut sheet (WCAG 2.1.4); the page says so on <body>.
  function singleKeys() {
    return document.body.dataset.singleKeyShortcuts !== "off";
  }

  // Is this key press a shortcut the page may act on: no modifier, not typed into a field, and
  // single-key shortcuts on?
  function shortcutKey(event) {
    return !modified(event) && !isTyping(event.target) && singleKeys();
  }

  // The element that data-key="<key>" names on this page, or null.
  function shortcut(key) {
    return document.querySelector('[data-key="' + CSS.escape(key) + '"]');
  }

  // --- Keys pressed while htmx is busy wait for its swap. A key that reached the region being
  // replaced acted on the old content, or on nothing once it was gone (the next person's card
  // missed its "a"). So keys pressed outside a field between a request and its settled swap are
  // kept, then played again, in order, on what has the focus after the swap. Tab is not kept:
  // the browser moves the focus itself, and a synthetic Tab would not.
  var kept = [];
  var replaying = false;

  function busy() {
    return document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling") !== null;
  }

  window.addEventListener(
    "keydown",
    function (event) {
      if (replaying || event.key === "Tab" || modified(event) || isTextEntry(event.target)) return;
      if (/^(Shift|Control|Alt|Meta|CapsLock)$/.test(event.key) || !busy()) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      kept.push({ key: event.key, code: event.code, shiftKey: event.shiftKey });
    },
    true
  );

  // A kept key, sent again to the focused element. Enter or Space on a button, a link or a
  // summary would have pressed it: a synthetic event does not, so that is done here.
  function replay(key) {
    var target = document.activeElement || document.body;
    var event = new KeyboardEvent("keydown", {
      key: key.key, code: key.code, shiftKey: key.shiftKey, bubbles: true, cancelable: true,
    });
    var acted = !target.dispatchEvent(event);
    if (acted) return;
    var presses = key.key === "Enter" ? "button, a[href], summary" : "button, summary, input[type=checkbox], input[type=radio]";
    if ((key.key === "Enter" || key.key === " ") && target.matches(presses)) target.click();
  }

  function replayKept() {
    replaying = true;
    try {
      while (kept.length && !busy()) replay(kept.shift());
    } finally {
      replaying = false;
    }
  }
  // A request that swaps nothing (hx-swap="none", an error) has no settle: its end frees the keys.
  document.addEventListener("htmx:afterRequest", function () {
    setTimeout(function () { if (!busy()) replayKept(); }, 0);
  });

  document.addEventListener("keydown", function (event) {
    if (!shortcutKey(event)) return;
    var el = shortcut(event.key);
    if (!el) return;
    event.preventDefault();
    if (el.matches("input, textarea, select")) {
      el.focus();
    } else {
      el.click();
    }
  });

  // --- The live region: #announcer in base.html, outside every swapped region, so that screen
  // readers hear its changes. Emptied first, then filled a moment later, so that the same words
  // twice ("Accepted: …" after "Accepted: …") are said twice.
  var announcing = null;
  function announce(text) {
    var region = document.getElementById("announcer");
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!region || !text) return;
    region.textContent = "";
    clearTimeout(announcing);
    announcing = setTimeout(function () { region.textContent = text; }, 60);
  }

  function within(roots, selector) {
    var found = [];
    roots.forEach(function (root) {
      if (root.matches(selector)) found.push(root);
      root.querySelectorAll(selector).forEach(function (el) { found.push(el); });
    });
    return found.filter(function (el, i) { return found.indexOf(el) === i; });
  }

  // Takes the focus, with tabindex="-1" for an element that would not (a heading, a region).
  function focus(el) {
    if (!el.matches("a[href], button, input, select, textarea, summary, [tabindex]")) {
      el.setAttribute("tabindex", "-1");
    }
    el.focus();
  }

  // The first field with an error in a form that says it has errors, else that form's summary.
  var INVALID =
    "form[data-autofocus] [aria-invalid=true], form:has([data-error-summary], .form-errors) [aria-invalid=true]";
  function firstError(roots) {
    var field = within(roots, INVALID).filter(function (el) { return !el.disabled; })[0];
    return field || within(roots, "[data-error-summary]")[0] || null;
  }

  // Where the focus goes after a swap of `roots` (the swapped elements) that `trigger` asked for.
  // The swap's own choice (an error, then [data-autofocus]) when the focus was lost, was in the
  // swapped content or on what sent the request; else its heading when the focus was lost;
  // else nowhere (a type-ahead's results leave the focus in its field).
  function focusAfter(roots, trigger) {
    var active = document.activeElement;
    var lost = !active || active === document.body || !active.isConnected;
    var ours =
      lost ||
      roots.some(function (root) { return root.contains(active); }) ||
      (trigger && trigger.isConnected && trigger.contains(active));
    if (!ours) return;
    // A form's data-autofocus only asks for its errors to take the focus: the form itself never does.
    var target = firstError(roots) || within(roots, "[data-autofocus]:not(form)")[0];
    if (target) return focus(target);
    if (!lost || !roots.length) return;
    var main = roots.slice().sort(function (a, b) {
      return b.getElementsByTagName("*").length - a.getElementsByTagName("*").length;
    })[0];
    focus(main.querySelector("h1, h2, h3") || main);
  }

  // htmx fires afterSettle on each swapped element (out-of-band ones too), one after the other:
  // they are gathered, then handled once.
  var settled = [];
  var trigger = null;
  document.addEventListener("htmx:afterSettle", function (event) {
    if (!settled.length) {
      Promise.resolve().then(function () {
        var roots = settled.filter(function (el) { return el.nodeType === 1 && el.isConnected; });
        settled = [];
        announce(within(roots, "[data-announce]").map(function (el) { return el.textContent; }).join(" "));
        focusAfter(roots, trigger);
        replayKept();
      });
    }
    trigger = event.detail && event.detail.elt;
    settled.push(event.target);
  });

  // A page served with form errors (a failed submit without htmx) starts at the first of them.
  document.addEventListener("DOMContentLoaded", function () {
    var error = firstError([document.body]);
    if (error) focus(error);
    scrollersTakeFocus(document);
  });

  // A table or a listing wider than the screen scrolls sideways: it takes the focus, so that the
  // arrow keys can scroll it too (WCAG 2.1.1).
  function scrollersTakeFocus(root) {
    root.querySelectorAll(".table-wrap, pre").forEach(function (el) {
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.target.nodeType === 1) scrollersTakeFocus(event.target);
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
      if (!shortcutKey(event)) return;
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
    singleKeys: singleKeys,
    announce: announce,
    focus: focus,
    shortcut: shortcut,
    rowCursor: rowCursor,
    copyButtons: copyButtons,
  };
})();
