// Help: the table of contents is open beside the page on a wide screen, folded above it on a
// phone. Without JavaScript it is folded everywhere and opens with a click.
(function () {
  "use strict";
  var wide = window.matchMedia("(min-width: 960px)");
  function follow() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = wide.matches;
    });
  }
  follow();
  wide.addEventListener("change", follow);
})();
