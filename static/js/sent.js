// The sent tracker: j/k move a cursor over the rows and x ticks the row under it (app.js's
// rowCursor); a ticked row is marked selected and the button says how many are ticked.
(function () {
  "use strict";

  var ROWS = "table.sent-table tbody tr";

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll(ROWS + " input[type=checkbox]"));
  }

  function refresh() {
    var ticked = boxes().filter(function (box) { return box.checked; }).length;
    boxes().forEach(function (box) { box.closest("tr").classList.toggle("selected", box.checked); });
    var count = document.querySelector("[data-selected-count]");
    if (count) count.textContent = ticked ? " (" + ticked + ")" : "";
  }

  netcoach.rowCursor(ROWS, "cursor");
  document.addEventListener("change", function (event) {
    if (event.target.matches("[data-select-all]")) {
      boxes().forEach(function (box) { box.checked = event.target.checked; });
    }
    if (event.target.closest("table.sent-table")) refresh();
  });
  document.addEventListener("DOMContentLoaded", refresh);
})();
