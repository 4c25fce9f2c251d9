// claimgraph reader: "Show only" per speaker, and a focus ring on the statement a link jumps to.
// No article text is ever written as HTML here; the script only toggles classes.
(function () {
  "use strict";

  function setFocus(button) {
    var text = document.getElementById("article-text");
    if (!text) return;
    var pressed = button.getAttribute("aria-pressed") === "true";
    document.querySelectorAll(".focus-btn").forEach(function (b) {
      b.setAttribute("aria-pressed", "false");
      b.textContent = "Show only";
    });
    text.querySelectorAll(".q.keep").forEach(function (el) { el.classList.remove("keep"); });
    if (pressed) {
      text.classList.remove("focusing");
      return;
    }
    var ids = (button.getAttribute("data-stmts") || "").split(" ");
    text.querySelectorAll(".q").forEach(function (el) {
      if (ids.indexOf(el.getAttribute("data-stmt")) !== -1) el.classList.add("keep");
    });
    text.classList.add("focusing");
    button.setAttribute("aria-pressed", "true");
    button.textContent = "Show all";
  }

  function flash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el || !el.classList.contains("q")) return;
    var stmt = el.getAttribute("data-stmt");
    document.querySelectorAll(".q.current").forEach(function (e) { e.classList.remove("current"); });
    document.querySelectorAll('.q[data-stmt="' + CSS.escape(stmt) + '"]').forEach(function (e) {
      e.classList.add("current");
    });
    el.focus({ preventScroll: true });
  }

  // Analyze: the result (embedded as JSON data, not script) offered as a file download.
  function offerDownload() {
    var data = document.getElementById("analysis-json");
    var link = document.getElementById("download-json");
    if (!data || !link) return;
    var blob = new Blob([data.textContent], { type: "application/json" });
    link.href = URL.createObjectURL(blob);
    link.hidden = false;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest(".focus-btn");
    if (button) setFocus(button);
  });
  window.addEventListener("hashchange", flash);
  document.addEventListener("DOMContentLoaded", flash);
  document.addEventListener("DOMContentLoaded", offerDownload);
})();
