// People pages (issue 5): the meeting form's type-ahead, j/k/x/Enter on the people list, copying
// the invitation draft. Loaded with defer after app.js (window.netcoach); no inline scripts (CSP).
(function () {
  "use strict";

  // --- Log a meeting: checking a result moves it into the chosen chips. ---
  var search = document.getElementById("who-search");
  var chosen = document.getElementById("chosen");

  function choose(checkbox) {
    var exists = chosen.querySelector('input[value="' + CSS.escape(checkbox.value) + '"]');
    if (!exists) {
      var label = checkbox.closest("label");
      var chip = document.createElement("label");
      chip.className = "chip";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.name = "contact";
      box.value = checkbox.value;
      box.checked = true;
      chip.appendChild(box);
      chip.appendChild(document.createTextNode(" " + label.querySelector(".result-name").textContent));
      var item = document.createElement("li");
      item.appendChild(chip);
      chosen.appendChild(item);
    }
    var results = document.getElementById("search-results");
    if (results) results.replaceChildren();
    search.value = "";
    search.focus();
  }

  if (search && chosen) {
    document.addEventListener("change", function (event) {
      var box = event.target;
      if (box.name !== "contact") return;
      if (box.closest("#search-results") && box.checked) {
        box.checked = false; // the chip carries the value now, not the result
        choose(box);
      } else if (box.closest("#chosen") && !box.checked) {
        box.closest("li").remove();
      }
    });
    // Enter in the search box picks the first result instead of submitting the meeting.
    search.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var first = document.querySelector("#search-results input[name=contact]");
      if (first) choose(first);
    });
  }

  // --- People list: j / k move the selection, Enter opens, x selects (app.js's row cursor). ---
  var select = netcoach.rowCursor("tr[data-href]", "selected");

  // Escape in the search field hands the keys back to the list.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && event.target.matches("input, select")) {
      event.preventDefault(); // Chromium would clear a search field, and the list with it
      event.target.blur();
      if (!document.querySelector("tr.selected")) select(0);
    }
  });

  // A click anywhere on a row opens the person, except on its checkbox or link.
  document.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-href]");
    if (!row || event.target.closest("a, input, label, button")) return;
    window.location.href = row.dataset.href;
  });

  // --- Invitation draft: copy button and character counter. ---
  netcoach.copyButtons({ done: "Copied ✓", reset: "Copy" });

  document.addEventListener("input", function (event) {
    var counter = event.target.dataset && event.target.dataset.counter;
    if (!counter) return;
    var out = document.getElementById(counter);
    if (out) out.textContent = event.target.value.length;
  });
})();
