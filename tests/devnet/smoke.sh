#!/usr/bin/env bash
# Smoke test of the devnet: `scripts/devnet --no-setup --no-build` on free ports and a scratch
# folder must print "devnet ready" (two anvil chains up, the contracts and a test ERC-20 deployed
# where the devnet chain spec expects them, the node's RPC answering, the relayer driving both
# chains, its metrics showing them) and, on SIGINT (Ctrl-C), stop every process it started.
#
#   tests/devnet/smoke.sh
#
# Environment: POLYLINK_DEVNET_SMOKE_TIMEOUT (seconds to ready, default 120).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/../../scripts/lib.sh"

timeout="${POLYLINK_DEVNET_SMOKE_TIMEOUT:-120}"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Two consecutive free ports (the devnet's anvils listen on L1_PORT and L1_PORT + 1).
free_pair() {
	python3 -c '
import socket
while True:
    a = socket.socket(); a.bind(("127.0.0.1", 0)); port = a.getsockname()[1]
    b = socket.socket()
    try:
        b.bind(("127.0.0.1", port + 1)); print(port); break
    except OSError:
        pass
'
}

dir="$(mktemp -d -t polylink-devnet-smoke.XXXXXX)"
out="$dir/devnet.out"
export POLYLINK_DEVNET_DIR="$dir/devnet"
POLYLINK_DEVNET_L1_PORT="$(free_pair)"
POLYLINK_DEVNET_RPC_PORT="$(free_port)"
POLYLINK_DEVNET_P2P_PORT="$(free_port)"
POLYLINK_DEVNET_PROMETHEUS_PORT="$(free_port)"
POLYLINK_DEVNET_METRICS_PORT="$(free_port)"
export POLYLINK_DEVNET_L1_PORT POLYLINK_DEVNET_RPC_PORT POLYLINK_DEVNET_P2P_PORT \
	POLYLINK_DEVNET_PROMETHEUS_PORT POLYLINK_DEVNET_METRICS_PORT

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
metrics_url="http://127.0.0.1:$POLYLINK_DEVNET_METRICS_PORT/metrics"
for chain in 1 2; do
	grep -q "chain=$chain .* driving" "$POLYLINK_DEVNET_DIR/logs/relayer.log" ||
		die "the relayer is not driving chain $chain"
	# The relayer's metrics show the chain once its first pass read the contract.
	series="polylink_relayer_batch{chain=\"$chain\",stage=\"executed\"} 0"
	for _ in $(seq 1 40); do
		curl -sf "$metrics_url" | grep -qF "$series" && break
		sleep 0.25
	done
	curl -sf "$metrics_url" | grep -qF "$series" || die "the relayer's metrics ($metrics_url) do not show chain $chain"
done

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
