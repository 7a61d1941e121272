#!/bin/sh
# Trunk pre-build hook: builds stage one of the embed (crates/status-embed, the rules as a
# small wasm, and embed/stage-one.js) into the staging folder under content-hashed names, so
# they can be cached for a year. Trunk builds stage two (the Leptos widget) itself.
set -eu
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
cargo build --quiet --release --target wasm32-unknown-unknown -p status-embed
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$work" --out-name rules \
  "$target/wasm32-unknown-unknown/release/status_embed.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
  -o "$work/rules_bg.opt.wasm" "$work/rules_bg.wasm"
hash() { sha256sum "$1" | cut -c1-16; }
wasm="status-embed-$(hash "$work/rules_bg.opt.wasm")_bg.wasm"
cp "$work/rules_bg.opt.wasm" "$TRUNK_STAGING_DIR/$wasm"
# The glue is loaded with an explicit wasm URL (embed.js passes it), so its own default path
# is never used; its name follows its content.
glue="status-embed-$(hash "$work/rules.js").js"
cp "$work/rules.js" "$TRUNK_STAGING_DIR/$glue"
stage_one="stage-one-$(hash embed/stage-one.js).js"
cp embed/stage-one.js "$TRUNK_STAGING_DIR/$stage_one"
