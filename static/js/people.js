// People pages: the meeting form's type-ahead, j/k/x/Enter on the people list, copying
// the invitation draft. Loaded with defer after app.js (window.netcoach); no inline scripts (CSP).
(function () {
  "use strict";

  // --- The meeting form (on its page, a person's page, the edit page): checking a result
  // moves it into the chosen chips. Found at each event, since htmx may swap the form.
  function choose(checkbox) {
    var form = checkbox.closest("form");
    var chosen = form.querySelector("#chosen");
    var search = form.querySelector("[data-who-search]");
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
    var results = form.querySelector("#search-results");
    if (results) results.replaceChildren();
    search.value = "";
    search.focus();
  }

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (box.name !== "contact" || !box.closest("form") || !box.closest("form").querySelector("#chosen")) return;
    if (box.closest("#search-results") && box.checked) {
      box.checked = false; // the chip carries the value now, not the result
      choose(box);
    } else if (box.closest("#chosen") && !box.checked) {
      box.closest("li").remove();
    }
  });
  // Enter in the search box picks the first result instead of submitting the meeting.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !event.target.matches("[data-who-search]")) return;
    event.preventDefault();
    var first = event.target.closest("form").querySelector("#search-results input[name=contact]");
    if (first) choose(first);
  });

  // --- People list: j / k move the selection, Enter opens, x selects (app.js's row cursor). ---
  var select = netcoach.rowCursor("tr[data-href]", "selected");

  // Escape in the search field hands the keys back to the list (when they are on: else the
  // focus stays where Tab put it).
  document.addEventListener("keydown", function (event) {
    if (!netcoach.singleKeys()) return;
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
  netcoach.copyButtons({ done: gettext("Copied ✓"), reset: gettext("Copy") });

  document.addEventListener("input", function (event) {
    var counter = event.target.dataset && event.target.dataset.counter;
    if (!counter) return;
    var out = document.getElementById(counter);
    if (out) out.textContent = event.target.value.length;
  });
})();
