// "Write to these" (contacts/write.html): each person's "Copy and open their profile" copies
// their message (app.js's copy buttons) while the link opens the profile in a new tab. The
// previews follow the message through htmx. Loaded with defer after app.js; no inline scripts.
(function () {
  "use strict";
  netcoach.copyButtons({ done: gettext("Copied ✓") });
})();
