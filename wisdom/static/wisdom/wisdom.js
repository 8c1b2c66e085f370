// Click-to-load video embeds: no request goes to YouTube/Facebook until the visitor asks.
document.addEventListener("click", function (e) {
  var btn = e.target.closest("[data-load-video]");
  if (!btn) return;
  var frame = btn.closest(".video-frame");
  var tpl = frame && frame.querySelector("template");
  if (!tpl) return;
  frame.replaceChildren(tpl.content.cloneNode(true));
});
