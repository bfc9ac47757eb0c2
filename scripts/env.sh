# shellcheck shell=bash
# Polylink shared environment. Sourced by every script in scripts/ and by .ci/run; you can also
# source it in an interactive shell (`. scripts/env.sh`) to get anvil, forge, cast and zombienet
# on PATH. It only sets variables: no `set -e`, no output, safe to source repeatedly.
#
#   POLYLINK_ROOT      the repository root (derived from this file's location)
#   CARGO_TARGET_DIR   defaults to $HOME/.cache/polylink/target: outside the clone, so fresh
#                      clones, CI runs and sessions reuse one incremental build
#   PATH               + node_modules/.bin (foundry's anvil/forge/cast, solcjs, zombienet)
#   POLYLINK_SOLC      the solc-js wrapper to hand to forge: `forge build --use "$POLYLINK_SOLC"`
#
# SKIP_WASM_BUILD is deliberately left alone: callers decide whether the runtime wasm is built.

POLYLINK_ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd -P)"
export POLYLINK_ROOT

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/polylink/target}"

case ":$PATH:" in
	*":$POLYLINK_ROOT/node_modules/.bin:"*) ;;
	*) export PATH="$POLYLINK_ROOT/node_modules/.bin:$PATH" ;;
esac

export POLYLINK_SOLC="$POLYLINK_ROOT/scripts/solc"
