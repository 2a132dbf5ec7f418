// The contacts import: while a file is read or imported, the form says so and its buttons wait
// (a second click would send it twice). The page works the same without JavaScript.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("[data-busy-form]")) return;
    var text = form.querySelector("[data-busy-text]");
    if (text) {
      text.hidden = false;
      text.setAttribute("role", "status");
    }
    form.setAttribute("aria-busy", "true");
    // Disabled after the submit is sent: a disabled button's own name/value would be lost.
    setTimeout(function () {
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  // Back from the browser's cache: the buttons work again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-busy-form]").forEach(function (form) {
      form.removeAttribute("aria-busy");
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
      var text = form.querySelector("[data-busy-text]");
      if (text) text.hidden = true;
    });
  });
})();
