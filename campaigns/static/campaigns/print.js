// Print buttons (the A6 QR card): inline handlers are not allowed by the CSP.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
