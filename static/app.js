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

// Upload with drag and drop and a progress bar; the page stays usable while it works.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("upload");
    if (!box) { return; }
    var form = document.getElementById("upload-form");
    var input = document.getElementById("files");
    var drop = document.getElementById("drop");
    var bar = document.getElementById("upload-progress");
    var status = document.getElementById("upload-status");
    function send(files) {
      if (!files || !files.length) { return; }
      var data = new FormData();
      for (var i = 0; i < files.length; i++) { data.append("files", files[i], files[i].name); }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/v1/tenders/" + box.getAttribute("data-tender") + "/documents");
      xhr.setRequestHeader("X-CSRF-Token", box.getAttribute("data-csrf"));
      bar.hidden = false; bar.value = 0;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) {
          bar.value = Math.round(100 * e.loaded / e.total);
          status.textContent = status.getAttribute("data-sending") + " " + bar.value + " %";
        }
      };
      xhr.upload.onload = function () { status.textContent = status.getAttribute("data-reading"); bar.removeAttribute("value"); };
      xhr.onload = function () {
        var body = {};
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
        if (xhr.status === 201) {
          status.textContent = body.files + " / " + body.documents.length + " " + status.getAttribute("data-done");
          window.location.reload();
        } else {
          bar.hidden = true;
          status.textContent = (body.error && body.error.message) || ("HTTP " + xhr.status);
          status.className = "status error";
        }
      };
      xhr.send(data);
    }
    form.addEventListener("submit", function (e) { e.preventDefault(); send(input.files); });
    ["dragenter", "dragover"].forEach(function (t) {
      box.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      box.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    box.addEventListener("drop", function (e) { send(e.dataTransfer.files); });
  });
})();
