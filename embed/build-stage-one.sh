#!/bin/sh
# Trunk pre-build hook: builds stage one of the embed (crates/status-embed, the rules as a
# small wasm with no glue, and embed/stage-one.js) into the staging folder under content-hashed names, so
# they can be cached for a year. Trunk builds stage two (the Leptos widget) itself.
set -eu
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --quiet --release --target wasm32-unknown-unknown -p status-embed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  -o "$work/rules.wasm" "$target/wasm32-unknown-unknown/release/status_embed.wasm"
hash() { sha256sum "$1" | cut -c1-16; }
cp "$work/rules.wasm" "$TRUNK_STAGING_DIR/status-embed-$(hash "$work/rules.wasm").wasm"
# Minified (terser, from package-lock.json): every host page downloads it.
node_modules/.bin/terser embed/stage-one.js --module --compress passes=2 --mangle -o "$work/stage-one.js"
cp "$work/stage-one.js" "$TRUNK_STAGING_DIR/stage-one-$(hash "$work/stage-one.js").js"
