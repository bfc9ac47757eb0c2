#!/usr/bin/env bash
# Smoke test of the devnet: `scripts/devnet --no-setup --no-build` on free ports and a scratch
# folder must print "devnet ready" (anvil up, contracts deployed where the dev chain spec expects
# them, the node's RPC answering, the relayer driving chain 1) and, on SIGINT (Ctrl-C), stop
# every process it started.
#
#   tests/devnet/smoke.sh
#
# Environment: POLYLINK_DEVNET_SMOKE_TIMEOUT (seconds to ready, default 120).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/../../scripts/lib.sh"

timeout="${POLYLINK_DEVNET_SMOKE_TIMEOUT:-120}"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

dir="$(mktemp -d -t polylink-devnet-smoke.XXXXXX)"
out="$dir/devnet.out"
export POLYLINK_DEVNET_DIR="$dir/devnet"
POLYLINK_DEVNET_L1_PORT="$(free_port)"
POLYLINK_DEVNET_RPC_PORT="$(free_port)"
POLYLINK_DEVNET_P2P_PORT="$(free_port)"
POLYLINK_DEVNET_PROMETHEUS_PORT="$(free_port)"
export POLYLINK_DEVNET_L1_PORT POLYLINK_DEVNET_RPC_PORT POLYLINK_DEVNET_P2P_PORT POLYLINK_DEVNET_PROMETHEUS_PORT

say "scripts/devnet --no-setup --no-build (L1 $POLYLINK_DEVNET_L1_PORT, RPC $POLYLINK_DEVNET_RPC_PORT; output $out)"
# As in a terminal: its own process group (setsid), and SIGINT not ignored (bash starts
# background commands of a script with SIGINT ignored, and an ignored signal stays ignored).
setsid python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])' \
	"$POLYLINK_ROOT/scripts/devnet" --no-setup --no-build >"$out" 2>&1 &
pid=$!
on_exit "kill -KILL -- -$pid 2>/dev/null; rm -rf '$dir'"

start="$(now)"
until grep -q "devnet ready" "$out"; do
	if ! kill -0 "$pid" 2>/dev/null; then
		cat "$out" >&2
		die "the devnet exited before it was ready"
	fi
	if awk -v s="$start" -v e="$(now)" -v l="$timeout" 'BEGIN { exit !(e - s > l) }'; then
		cat "$out" >&2
		die "the devnet was not ready within $timeout s"
	fi
	sleep 0.5
done
say "$(grep "devnet ready" "$out" | sed 's/^==> //')"
grep -q "chain=1 .* driving" "$POLYLINK_DEVNET_DIR/logs/relayer.log" || die "the relayer is not driving chain 1"

kill -INT -- "-$pid"
for _ in $(seq 1 60); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.5
done
kill -0 "$pid" 2>/dev/null && die "the devnet did not stop on SIGINT within 30 s"
if pgrep -g "$pid" >/dev/null 2>&1; then
	pgrep -a -g "$pid" >&2 || true
	die "processes the devnet started are still running after SIGINT"
fi
say "devnet smoke test passed: ready, then stopped everything on SIGINT"
