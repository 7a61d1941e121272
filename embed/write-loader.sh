#!/bin/sh
# Trunk post-build hook: writes embed.js, the one file host pages load by a stable URL. It is
# stage one itself (embed/stage-one.js, minified with terser from package-lock.json), followed
# by the call that starts it with the rules' wasm, requested at once, and the way to load stage
# two (the Leptos widget) when a rich view or the standalone page needs it. Stage one is inside
# embed.js rather than a file of its own so that the feeds and the wasm are requested one round
# trip after embed.js, not two. Every file it names is content-hashed and sits next to it,
# resolved from its own URL, so the build can be served from any path or CDN. embed.js must be
# served with a short cache (or revalidation); the hashed files can be cached for a year.
set -eu
root=$(pwd)
cd "$TRUNK_STAGING_DIR"
only() { set -- $1; [ $# -eq 1 ] && [ -e "$1" ] || { echo "write-loader: expected one $1" >&2; exit 1; }; echo "$1"; }
rules=$(only "status-embed-[0-9a-f]*.wasm")
rules_with_statuspage=$(only "status-embed-statuspage-*.wasm")
widget=$(only "status-widget-*.js")
widget_wasm=$(only "status-widget-*_bg.wasm")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The rules are requested first, before stage one's code runs: on a slow phone that code takes
# tens of milliseconds, and the wasm is what the first badge waits for. A page that shows a
# rich view from the start (any view but badge, toast and report, as an unknown view is
# compact), or is the standalone page, loads stage two at once, which carries the rules too:
# it does not fetch them on their own. A module script runs once the document is parsed, so
# the elements written in the page are there to look at.
{
  cat <<FIRST
const rulesUrl = new URL('./${rules}', import.meta.url);
const richFromTheStart = document.querySelector('main[data-status-widget=page]') ||
  [...document.querySelectorAll('status-widget')].some((element) =>
    !['badge', 'toast', 'report'].includes(element.getAttribute('view')?.trim().toLowerCase()));
const rulesResponse = richFromTheStart ? null : fetch(rulesUrl);
FIRST
  cat "$root/embed/stage-one.js"
  cat <<LOADER
const file = (name) => new URL(name, import.meta.url);
start({
  wasm: rulesResponse,
  rules: rulesUrl,
  withStatuspage: file('./${rules_with_statuspage}'),
  bundle: file('./'),
  async loadStageTwo() {
    const module = await import('./${widget}');
    const exports = await module.default({ module_or_path: file('./${widget_wasm}') });
    return { module, exports };
  },
});
LOADER
} > "$work/embed.js"
"$root/node_modules/.bin/terser" "$work/embed.js" --module --compress passes=2 --mangle -o embed.js
# The standalone page needs stage two at once: fetch it alongside stage one.
sed -i "s|</head>|<link rel=\"modulepreload\" href=\"./${widget}\" /><link rel=\"preload\" as=\"fetch\" crossorigin href=\"./${widget_wasm}\" /></head>|" index.html
