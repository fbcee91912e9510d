// Starts Swagger UI on the OpenAPI document the page names (a file, not inline: the CSP allows no inline script).
window.addEventListener("load", function () {
  var holder = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: holder.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
});
