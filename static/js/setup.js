// The set-up page: the browser's time zone goes with the new account (netcoach/forms.py,
// SetupForm.time_zone), so that its days are the user's from the first page.
(function () {
  "use strict";
  var field = document.getElementById("id_time_zone");
  if (!field || field.value) return;
  try {
    field.value = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    // An old browser without time zones: the machine's zone is used.
  }
})();
