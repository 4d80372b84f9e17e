// Live deadline countdowns: "J-3 · 05:12" style, refreshed every 30 s; red under 3 days.
(function () {
  "use strict";
  function refresh() {
    document.querySelectorAll(".countdown[data-deadline]").forEach(function (el) {
      var at = Date.parse(el.getAttribute("data-deadline"));
      if (isNaN(at)) { return; }
      var ms = at - Date.now();
      if (ms <= 0) { el.textContent = el.getAttribute("data-passed") || "—"; el.classList.add("urgent"); return; }
      var days = Math.floor(ms / 86400000);
      var hours = Math.floor((ms % 86400000) / 3600000);
      var minutes = Math.floor((ms % 3600000) / 60000);
      el.textContent = "J-" + days + " · " + String(hours).padStart(2, "0") + " h " + String(minutes).padStart(2, "0");
      el.classList.toggle("urgent", days < 3);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { refresh(); setInterval(refresh, 30000); });
})();
