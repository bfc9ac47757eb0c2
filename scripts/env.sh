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
#   RUSTC_WORKSPACE_WRAPPER, CLIPPY_ARGS
#                      every build of a workspace crate goes through clippy-driver with
#                      `-D warnings` (what `cargo clippy` itself sets up), so the test build lints
#                      the workspace and no separate check-profile build of polkadot-sdk is needed.
#                      Dependencies are compiled by plain rustc and shared. Keep the two values the
#                      same in every shell that shares the target dir: a change rebuilds the
#                      workspace crates. POLYLINK_NO_CLIPPY=1 turns it off (faster inner loop,
#                      its own artifacts for the workspace crates).
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

if [[ "${POLYLINK_NO_CLIPPY:-0}" != 1 ]]; then
	export RUSTC_WORKSPACE_WRAPPER="${RUSTC_WORKSPACE_WRAPPER:-clippy-driver}"
	# cargo-clippy's encoding of `-- -D warnings`: each argument followed by __CLIPPY_HACKERY__.
	export CLIPPY_ARGS="${CLIPPY_ARGS:--D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__}"
fi
