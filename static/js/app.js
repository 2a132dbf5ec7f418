// netcoach's page behaviour. No inline scripts: the Content Security Policy forbids them.
// Pages declare keyboard shortcuts with data-key="m" on a link or button; this file wires them.
(function () {
  "use strict";

  function typing(target) {
    return target.closest("input, textarea, select, [contenteditable=true]") !== null;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key;
    var el = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (!el) return;
    event.preventDefault();
    if (el.matches("input, textarea, select")) {
      el.focus();
    } else {
      el.click();
    }
  });
})();
