#!/bin/sh
# Trunk post-build hook: writes embed.js, the one file host pages load by a stable URL. It
# loads stage one (its script and the rules' wasm, at once) and gives it the way to
# load stage two (the Leptos widget) when a rich view or the standalone page needs it. Every
# file it names is content-hashed and sits next to it, resolved from its own URL, so the build
# can be served from any path or CDN. embed.js must be served with a short cache (or
# revalidation); the hashed files it names can be cached for a year.
set -eu
cd "$TRUNK_STAGING_DIR"
only() { set -- $1; [ $# -eq 1 ] && [ -e "$1" ] || { echo "write-loader: expected one $1" >&2; exit 1; }; echo "$1"; }
stage_one=$(only "stage-one-*.js")
rules=$(only "status-embed-*.wasm")
widget=$(only "status-widget-*.js")
widget_wasm=$(only "status-widget-*_bg.wasm")
cat > embed.js <<LOADER
// status-widget loader, generated at build time. Use: <script type="module" src=".../embed.js">
const file = (name) => new URL(name, import.meta.url);
const wasm = fetch(file('./${rules}'));
const stageOne = await import('./${stage_one}');
stageOne.start({
  wasm,
  bundle: file('./'),
  async loadStageTwo() {
    const widget = await import('./${widget}');
    await widget.default({ module_or_path: file('./${widget_wasm}') });
    return widget;
  },
});
LOADER
# The standalone page needs stage two at once: fetch it alongside stage one.
sed -i "s|</head>|<link rel=\"modulepreload\" href=\"./${widget}\" /><link rel=\"preload\" as=\"fetch\" crossorigin href=\"./${widget_wasm}\" /></head>|" index.html
