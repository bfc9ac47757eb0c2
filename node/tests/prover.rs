//! Through the real node: `polylink-node --dev --sealing manual --prover`. The test plays the L1
//! oracle (Alice's ECDSA oracle key votes a deposit, the quorum of the one-validator dev set),
//! creates blocks over RPC until the seal timeout seals batch 1, and waits for the off-chain
//! worker and the native prover to prove it: the proof registry accepts the real Groth16 proof
//! (against the verifying key the dev chain spec derived from the prover's parameters), the
//! proof is served over RPC and the prover's metrics count it. The node is killed while it
//! proves and restarted on the same base path: the restarted prover proves the batch (once), and
//! its replica's root is the root the chain recorded.

use serde_json::json;
use std::time::Duration;

mod common;
use common::{call, deposit_vote, free_port, metric, metrics, start_node, with_blocks};

#[test]
fn the_node_proves_a_sealed_batch_with_its_native_prover_across_a_restart() {
	let rpc = free_port();
	let prometheus = free_port();
	let base = std::env::temp_dir().join(format!("polylink-prover-test-{}", std::process::id()));
	let _ = std::fs::remove_dir_all(&base);
	let log = std::env::temp_dir().join(format!("polylink-prover-test-{}.log", std::process::id()));
	let _ = std::fs::remove_file(&log);
	let node = start_node(&base, &log, rpc, prometheus, &[]);

	let xt = deposit_vote();
	call(rpc, "author_submitExtrinsic", json!([format!("0x{}", hex::encode(xt))]))
		.expect("the vote enters the pool");

	// Blocks until the seal timeout seals batch 1 and the prover starts on it; then kill it. On a
	// fresh machine the prover first derives the dev parameters (minutes).
	let proving = with_blocks(rpc, Duration::from_secs(1200), || {
		let text = std::fs::read_to_string(&log).unwrap_or_default();
		text.contains("proving batch 1").then_some(())
	});
	assert!(proving.is_some(), "the prover never started on batch 1; see {}", log.display());
	drop(node);
	let status = {
		let node = start_node(&base, &log, rpc, prometheus, &[]);
		let proven = with_blocks(rpc, Duration::from_secs(600), || {
			let status = call(rpc, "polylink_batchStatus", json!([1])).expect("batch status");
			(status["proven"] == json!(true)).then_some(status)
		});
		assert!(proven.is_some(), "batch 1 was not proven; see {}", log.display());
		let account =
			call(rpc, "polylink_account", json!(["0x1111111111111111111111111111111111111111"]))
				.expect("the account query");
		assert!(account["id"].is_number(), "the deposit opened an account: {account}");
		let proof = call(rpc, "polylink_proof", json!([1])).expect("the proof");
		assert_eq!(proof.as_str().map(str::len), Some(2 + 2 * 512), "a 512-byte EIP-2537 proof");
		let batch = call(rpc, "polylink_batch", json!([1])).expect("the batch");
		let text = metrics(prometheus);
		assert_eq!(metric(&text, "polylink_prover_proofs_total"), Some(1), "proved once");
		assert_eq!(metric(&text, "polylink_prover_replica_batch"), Some(1), "replica at 1");
		drop(node);
		batch
	};
	let root = status["proven"]["newRoot"].as_str().expect("a proven root").to_string();
	let text = std::fs::read_to_string(&log).expect("the log");
	assert_eq!(text.matches("proved batch 1 in").count(), 1, "the killed node had not finished");
	assert!(
		text.contains(&format!("replica at batch 1 (root {root})")),
		"the replica's root is the chain's {root}"
	);
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
}
