// The partner portal's embed loader (R-EMB-1). On a partner's site:
//   <script src="https://PORTAL/embed.js" data-key="KEY" async></script>
// inserts the partner's current jobs where the tag is, in a frame from the portal, sized to its
// content. The host may set --portal-font, --portal-accent and --portal-radius on the tag (the
// frame checks them). Heights are taken only from that frame, sent from the portal's origin.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !script.dataset || !script.dataset.key) return;
  var portal = new URL(script.src).origin;
  var style = window.getComputedStyle(script);
  var params = new URLSearchParams({ key: script.dataset.key });
  [["font", "--portal-font"], ["accent", "--portal-accent"], ["radius", "--portal-radius"]].forEach(function (p) {
    var value = style.getPropertyValue(p[1]).trim();
    if (value) params.set(p[0], value);
  });
  var frame = document.createElement("iframe");
  frame.src = portal + "/embed/frame?" + params.toString();
  frame.title = script.dataset.title || "Current jobs";
  frame.style.display = "block";
  frame.style.width = "100%";
  frame.style.border = "0";
  frame.style.height = "160px";
  script.parentNode.insertBefore(frame, script.nextSibling);
  window.addEventListener("message", function (event) {
    if (event.origin !== portal || event.source !== frame.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "portal-embed:height" || typeof data.height !== "number") return;
    if (data.height >= 0 && data.height <= 20000) frame.style.height = Math.ceil(data.height) + "px";
  });
})();
