# shellcheck shell=bash
# Helpers shared by scripts/setup, scripts/test, scripts/devnet and scripts/bench.
# Source it after `set -euo pipefail`; it sources env.sh.

# shellcheck source=scripts/env.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/env.sh"

# Announce a step: `==> message`.
say() { printf '==> %s\n' "$*"; }

# Print an error naming what failed and exit (default status 1).
die() {
	local status=1
	if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
		status="$1"
		shift
	fi
	printf 'error: %s\n' "$*" >&2
	exit "$status"
}

# Print the comment block at the top of a script (after the shebang and shellcheck lines).
print_header() {
	awk 'NR == 1 || /^# shellcheck/ { next } /^#/ { sub(/^# ?/, ""); print; next } { exit }' "$1"
}

# Seconds since the epoch with millisecond resolution.
now() { date +%s.%3N; }

# elapsed START -> seconds since START, one decimal.
elapsed() { awk -v s="$1" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }'; }

# Commands to run when the script exits (anvil, the node, relayers ...), last registered first.
# Use on_exit instead of `trap ... EXIT`, which would replace this handler. The commands see the
# script's exit status in $POLYLINK_EXIT_STATUS.
POLYLINK_CLEANUP=()
POLYLINK_EXIT_STATUS=0
on_exit() { POLYLINK_CLEANUP=("$*" "${POLYLINK_CLEANUP[@]}"); }
_polylink_cleanup() {
	POLYLINK_EXIT_STATUS=$?
	local cmd
	for cmd in "${POLYLINK_CLEANUP[@]}"; do
		eval "$cmd" || true
	done
	exit "$POLYLINK_EXIT_STATUS"
}
trap _polylink_cleanup EXIT
# Ctrl-C and kill end the script through the EXIT handler above (bash alone would not run it on
# every signal).
trap 'exit 130' INT
trap 'exit 143' TERM
