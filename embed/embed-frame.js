// Optional helper for host pages that embed the status page in an iframe: it sizes every
// <iframe data-status-widget-frame> to its content. The framed page posts
// { type: "status-widget:height", height } to its parent; messages are accepted only from the
// frame's own window and origin. Use: <script type="module" src=".../embed-frame.js"></script>
addEventListener('message', (event) => {
  const message = event.data;
  if (!message || message.type !== 'status-widget:height' || !Number.isFinite(message.height)) return;
  for (const frame of document.querySelectorAll('iframe[data-status-widget-frame]')) {
    if (frame.contentWindow !== event.source) continue;
    if (new URL(frame.src, location.href).origin !== event.origin) return;
    frame.style.height = `${Math.ceil(message.height)}px`;
    return;
  }
});
