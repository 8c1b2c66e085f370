// The wisdom form in steps (wisdom/templates/wisdom/record_form.html). Without JavaScript every step shows
// one under the other, each with its save button; with it, one step shows at a time and the step list
// switches between them. Each "next" button posts the whole form, so the draft is saved at every step.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-form-steps]");
  if (!form) return;
  var steps = form.querySelectorAll("[data-step]");
  var links = document.querySelectorAll("[data-step-link]");
  var stepInput = form.querySelector("input[name=step]");
  function show(key, focus) {
    Array.prototype.forEach.call(steps, function (step) { step.hidden = step.getAttribute("data-step") !== key; });
    Array.prototype.forEach.call(links, function (link) {
      if (link.getAttribute("data-step-link") === key) link.setAttribute("aria-current", "step");
      else link.removeAttribute("aria-current");
    });
    if (stepInput) stepInput.value = key;
    window.dispatchEvent(new Event("resize"));  // a map in a step shown again takes its size (Leaflet)
    if (focus) {
      var legend = form.querySelector('[data-step="' + key + '"] legend');
      if (legend) legend.focus();
    }
  }
  Array.prototype.forEach.call(links, function (link) {
    link.addEventListener("click", function (e) {
      e.preventDefault();
      show(link.getAttribute("data-step-link"), true);
    });
  });
  form.classList.add("stepped");
  show(form.getAttribute("data-current-step") || steps[0].getAttribute("data-step"), false);
});
