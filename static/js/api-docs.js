// The API documentation page: Swagger UI over the schema named by the page, with no inline script
// so that a Content-Security-Policy without 'unsafe-inline' allows it.
"use strict";

(function () {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof SwaggerUIBundle === "undefined") {
    return;
  }
  const csrfToken = root.dataset.csrfToken;
  const unsafe = new Set(["POST", "PUT", "PATCH", "DELETE"]);

  SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Signed in through the desk, "Try it out" uses the session, which needs the CSRF token.
    requestInterceptor: function (request) {
      if (csrfToken && unsafe.has((request.method || "GET").toUpperCase())) {
        request.headers["X-CSRFToken"] = csrfToken;
      }
      return request;
    },
  });
})();
