// The weekly review: the congratulate step's Copy buttons (app.js does the copying).
(function () {
  "use strict";
  netcoach.copyButtons({ done: gettext("Copied ✓"), reset: gettext("Copy") });
})();
