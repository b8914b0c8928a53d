// Swagger UI over the app's own OpenAPI schema, from the vendored bundle (no CDN; the CSP
// allows no inline script, hence this file).
(function () {
  var box = document.getElementById("swagger-ui");
  if (!box) return;
  if (typeof SwaggerUIBundle === "undefined") {
    box.textContent = "Swagger UI not installed (run `make web-assets`); the schema is at /openapi.json.";
    return;
  }
  window.nlDocs = SwaggerUIBundle({ url: box.getAttribute("data-url"), dom_id: "#swagger-ui",
                                    deepLinking: true, validatorUrl: null, tryItOutEnabled: false });
})();
