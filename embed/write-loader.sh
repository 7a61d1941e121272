#!/bin/sh
# Trunk post-build hook: writes embed.js, the one file host pages load by a stable URL. It
# imports the content-hashed bundle files that sit next to it, resolved from its own URL, so
# the build can be served from any path or CDN. embed.js must be served with a short cache
# (or revalidation); the hashed files it names can be cached for a year.
set -eu
cd "$TRUNK_STAGING_DIR"
glue=$(ls status-widget-*.js)
wasm=$(ls status-widget-*_bg.wasm)
cat > embed.js <<LOADER
// status-widget loader, generated at build time. Use: <script type="module" src=".../embed.js">
import init from './${glue}';
await init({ module_or_path: new URL('./${wasm}', import.meta.url) });
LOADER
