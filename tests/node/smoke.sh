#!/usr/bin/env bash
# Smoke test of the appchain node: starts `polylink-node --dev --tmp` on free ports, waits until
# JSON-RPC `chain_getHeader` reports a block number above 2 (Aura, 6 s slots) and stops the node.
#
#   tests/node/smoke.sh [NODE_BINARY]   default: $CARGO_TARGET_DIR/debug/polylink-node
#
# Environment: POLYLINK_SMOKE_BLOCKS (default 3: the block number to reach), POLYLINK_SMOKE_TIMEOUT
# (seconds, default 90). The node's log goes to $POLYLINK_SMOKE_LOG (default a temporary file)
# and is printed when the test fails.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname -- "$0")/../../scripts/lib.sh"

node="${1:-$CARGO_TARGET_DIR/debug/polylink-node}"
blocks="${POLYLINK_SMOKE_BLOCKS:-3}"
timeout="${POLYLINK_SMOKE_TIMEOUT:-90}"
[[ -x "$node" ]] || die "no node binary at $node (cargo build -p polylink-node --locked)"

# A port nothing listens on (the kernel picks it; a race with other processes is unlikely).
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

rpc_port="$(free_port)"
p2p_port="$(free_port)"
prometheus_port="$(free_port)"
log="${POLYLINK_SMOKE_LOG:-$(mktemp -t polylink-node-smoke.XXXXXX.log)}"

# The block number of the best header (decimal), or nothing while the node does not answer.
best_number() {
	curl -sf -H 'Content-Type: application/json' \
		-d '{"jsonrpc":"2.0","id":1,"method":"chain_getHeader","params":[]}' \
		"http://127.0.0.1:$rpc_port" |
		python3 -c 'import json, sys; print(int(json.load(sys.stdin)["result"]["number"], 16))' \
			2>/dev/null || true
}

say "polylink-node --dev --tmp (rpc $rpc_port, p2p $p2p_port, prometheus $prometheus_port; log $log)"
"$node" --dev --tmp --rpc-port "$rpc_port" --port "$p2p_port" \
	--prometheus-port "$prometheus_port" --no-telemetry --no-mdns >"$log" 2>&1 &
pid=$!
on_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"

start="$(now)"
number=""
while :; do
	if ! kill -0 "$pid" 2>/dev/null; then
		cat "$log" >&2
		die "the node exited before block $blocks"
	fi
	number="$(best_number)"
	if [[ -n "$number" ]] && ((number >= blocks)); then
		break
	fi
	if (($(awk -v s="$start" -v e="$(now)" -v t="$timeout" 'BEGIN { print (e - s > t) }'))); then
		tail -n 50 "$log" >&2
		die "no block $blocks within ${timeout} s (best: ${number:-no answer})"
	fi
	sleep 1
done
metrics="$(curl -sf "http://127.0.0.1:$prometheus_port/metrics" || true)"
grep -q '^substrate_block_height' <<<"$metrics" ||
	die "no substrate_block_height on the Prometheus endpoint"
say "block $number after $(elapsed "$start") s; Prometheus serves substrate_block_height"

# Every polylink_* method answers on a fresh chain (no account, no batch yet), and a malformed
# transaction is refused with invalid params.
rpc() {
	curl -sf -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$1\",\"params\":$2}" \
		"http://127.0.0.1:$rpc_port"
}
check() {
	local method="$1" params="$2" expect="$3" answer
	answer="$(rpc "$method" "$params")" || die "$method: no answer"
	python3 -c 'import json, sys; a = json.loads(sys.argv[1]); sys.exit(0 if eval(sys.argv[2]) else 1)' \
		"$answer" "$expect" || die "$method $params answered $answer; expected $expect"
}
zero="0x0000000000000000000000000000000000000001"
check polylink_account "[\"$zero\"]" 'a["result"] is None'
check polylink_account '["7"]' 'a["result"] is None'
check polylink_account '["not-an-account"]' 'a["error"]["code"] == -32602'
check polylink_balances '["7"]' 'a["result"] == []'
check polylink_nonce "[\"$zero\"]" 'a["result"] == 0'
check polylink_txStatus "[\"$zero\", 0]" 'a["result"] is None'
check polylink_registry '[]' 'a["result"]["tokens"][0]["feePerChunk"] == "1000000000"'
check polylink_batch '[1]' 'a["result"] is None'
check polylink_batchStatus '[1]' 'a["result"]["sealed"] is False and a["result"]["chains"][0]["chain"] == 1'
check polylink_proof '[1]' 'a["result"] is None'
check polylink_pubdata '[1]' 'a["result"] is None'
check polylink_commitSignatures '[1]' 'a["result"] == {"digest": None, "signatures": []}'
check polylink_syncCertificate '[1]' 'a["result"] is None'
check polylink_submitTx '["0x00"]' 'a["error"]["code"] == -32602'
say "every polylink_* method answers"
