#!/bin/sh
# Trunk pre-build hook: builds the wasm of stage one of the embed (crates/status-embed, the
# rules, with no glue) into the staging folder under a content-hashed name, so it can be
# cached for a year. write-loader.sh puts stage one's script into embed.js; Trunk builds
# stage two (the Leptos widget) itself.
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
