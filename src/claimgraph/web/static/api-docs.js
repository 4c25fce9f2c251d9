// Starts the vendored Swagger UI (static/vendor/swagger-ui) on /api/docs over the app's
// own OpenAPI schema. A file, not an inline script: the Content-Security-Policy allows
// scripts from this server only.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var root = document.getElementById("swagger-ui");
    if (!root || typeof window.SwaggerUIBundle !== "function") return;
    window.SwaggerUIBundle({
      url: root.getAttribute("data-url"),
      dom_id: "#swagger-ui",
      deepLinking: true,
      presets: [window.SwaggerUIBundle.presets.apis],
      layout: "BaseLayout",
      defaultModelsExpandDepth: 0,
      displayRequestDuration: true,
      validatorUrl: null,
    });
    // Swagger UI puts a link inside each operation's toggle button (a control within a
    // control, which screen readers cannot reach): the button does the same, so the
    // inner link loses its href and is plain text.
    function flatten() {
      root.querySelectorAll(".opblock-summary-control a[href]").forEach(function (a) {
        a.removeAttribute("href");
      });
    }
    new MutationObserver(flatten).observe(root, { childList: true, subtree: true });
    flatten();
  });
})();
