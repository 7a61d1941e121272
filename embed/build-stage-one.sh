#!/bin/sh
# Trunk pre-build hook: builds the wasm of stage one of the embed (crates/status-embed, the
# rules, with no glue) into the staging folder under content-hashed names, so they can be
# cached for a year. write-loader.sh puts stage one's script into embed.js; Trunk builds
# stage two (the Leptos widget) itself.
set -eu
root=$(pwd)
target=${CARGO_TARGET_DIR:-$root/target}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
hash() { sha256sum "$1" | cut -c1-16; }
# Built twice: the rules every page gets, which read native feeds, and the same rules with
# the Statuspage reader, which stage one fetches only when a feed is a Statuspage document.
# Each build keeps a target folder of its own, so that neither undoes the other's.
build() { # NAME TARGET_DIR [CARGO_ARGS...]
  name=$1 dir=$2
  shift 2
  cargo build --quiet --release --target wasm32-unknown-unknown -p status-embed --target-dir "$dir" "$@"
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue --strip-debug --strip-producers \
    -o "$work/$name.wasm" "$dir/wasm32-unknown-unknown/release/status_embed.wasm"
  cp "$work/$name.wasm" "$TRUNK_STAGING_DIR/$name-$(hash "$work/$name.wasm").wasm"
}
build status-embed "$target" --features standalone
build status-embed-statuspage "$target/statuspage" --features standalone,statuspage
