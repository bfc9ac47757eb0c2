//! Through the real node: the prover follows finality across an appchain reorg.
//!
//! `polylink-node --dev --sealing manual --prover`: Alice's oracle vote for a deposit is included
//! in block `b`, and blocks are created on top of it *without finalizing them* until the seal
//! timeout seals batch 1 (fork A). The off-chain worker writes its prove request from fork A, but
//! nothing final sealed the batch: the prover reads it, says it waits for finality, and does not
//! prove it. A longer fork B is then built
//! from `b` without fork A's second deposit (another batch 1),
//! the chain switches to it, and fork B's tip is finalized. The prover proves batch 1 once, as
//! fork B sealed it, and the proof registry accepts that proof.

use serde_json::{json, Value};
use std::time::{Duration, Instant};

mod common;
use common::{call, deposit_vote, deposit_vote_of, free_port, scratch, start_node, with_blocks};

/// Creates a block on `parent` (the best block when `None`) without finalizing it; returns its
/// hash.
fn block_on(rpc: u16, parent: Option<&str>) -> String {
	let created = call(rpc, "engine_createBlock", json!([true, false, parent])).expect("a block");
	created["hash"].as_str().expect("the new block's hash").to_string()
}

/// Batch 1's header as the best block sees it, once sealed.
fn batch_one(rpc: u16) -> Option<Value> {
	let header = call(rpc, "polylink_batch", json!([1])).expect("the batch query");
	(!header.is_null()).then_some(header)
}

/// Builds blocks from `parent` without finalizing them until batch 1 is sealed at the best block
/// and the fork is at least `min_len` blocks long; returns the fork's blocks and the header.
fn fork_sealing_batch_one(rpc: u16, parent: &str, min_len: usize) -> (Vec<String>, Value) {
	let mut blocks = vec![];
	let mut tip = parent.to_string();
	loop {
		// A distinct timestamp for every block (the seal takes its block's time).
		std::thread::sleep(Duration::from_millis(50));
		tip = block_on(rpc, Some(&tip));
		blocks.push(tip.clone());
		let best = call(rpc, "chain_getBlockHash", json!([])).expect("the best hash");
		if blocks.len() >= min_len && best.as_str() == Some(tip.as_str()) {
			if let Some(header) = batch_one(rpc) {
				return (blocks, header);
			}
		}
		assert!(blocks.len() < 60, "batch 1 was never sealed on the fork from {parent}");
	}
}

#[test]
fn the_prover_proves_only_what_finality_sealed_across_a_reorg() {
	let (rpc, prometheus) = (free_port(), free_port());
	let base = scratch("reorg-test");
	let log = scratch("reorg-test.log");
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
	let node = start_node(&base, &log, rpc, prometheus, &[]);
	// An unreadable log is an error, not an empty log (which would say nothing was proven).
	let log_text = || std::fs::read_to_string(&log).expect("the node's log");

	// 1. The vote, in block b (not finalized), credits the deposit and opens batch 1.
	call(rpc, "author_submitExtrinsic", json!([common::hex0x(&deposit_vote())]))
		.expect("the vote enters the pool");
	let b = block_on(rpc, None);
	let account =
		call(rpc, "polylink_account", json!(["0x1111111111111111111111111111111111111111"]))
			.expect("the account query");
	assert!(account["id"].is_number(), "block b credited the deposit: {account}");

	// 2. Fork A, whose first block also holds a second deposit (block times are slots: without
	//    another extrinsic, fork B's blocks would be fork A's), seals batch 1; nothing is final,
	//    so nothing is proven.
	let second = common::hex0x(&deposit_vote_of(1));
	call(rpc, "author_submitExtrinsic", json!([second])).expect("the second vote enters the pool");
	let (fork_a, header_a) = fork_sealing_batch_one(rpc, &b, 1);
	// The prover reads fork A's request and decides to wait (a condition, not a time window: a
	// slow prover does not pass this by not having looked yet).
	let waited = Instant::now();
	while !log_text().contains("batch 1: its request waits for a finalized block") {
		assert!(
			waited.elapsed() < Duration::from_secs(120),
			"the prover never read fork A's request of batch 1; see {}",
			log.display()
		);
		std::thread::sleep(Duration::from_millis(200));
	}
	assert!(
		!log_text().contains("proving batch 1"),
		"the prover started on a batch no finalized block sealed; see {}",
		log.display()
	);
	let status = call(rpc, "polylink_batchStatus", json!([1])).expect("status");
	assert_eq!(status["proven"], json!(false), "not proven on fork A");

	// 3. Fork B from b, longer than A, without the second deposit (taken out of the pool, whose
	//    view of b still offers it): batch 1 has another header. The chain switches to B and B's
	//    tip is finalized.
	let removed = call(rpc, "author_removeExtrinsic", json!([[{ "extrinsic": second }]]))
		.expect("the second vote is taken out of the pool");
	assert_eq!(removed.as_array().map(Vec::len), Some(1), "one extrinsic removed: {removed}");
	let (fork_b, header_b) = fork_sealing_batch_one(rpc, &b, fork_a.len() + 1);
	assert_ne!(fork_a.first(), fork_b.first(), "two forks");
	assert_ne!(header_a, header_b, "fork B sealed another batch 1");
	let tip_b = fork_b.last().expect("fork B has blocks");
	call(rpc, "engine_finalizeBlock", json!([tip_b, null])).expect("fork B's tip is finalized");
	let finalized = call(rpc, "chain_getFinalizedHead", json!([])).expect("the finalized head");
	assert_eq!(finalized.as_str(), Some(tip_b.as_str()));

	// 4. The prover proves batch 1 as fork B sealed it; the proof registry accepts it.
	let proven = with_blocks(rpc, Duration::from_secs(900), || {
		let status = call(rpc, "polylink_batchStatus", json!([1])).expect("status");
		(status["proven"] == json!(true)).then_some(())
	});
	assert!(proven.is_some(), "batch 1 was not proven after the reorg; see {}", log.display());
	let batch = call(rpc, "polylink_batch", json!([1])).expect("the batch");
	assert_eq!(batch["onchainHash"], header_b["onchainHash"], "the proven batch is fork B's");
	assert_eq!((header_a["ops"].clone(), batch["ops"].clone()), (json!(2), json!(1)));
	let text = log_text();
	assert_eq!(text.matches("proved batch 1 in").count(), 1, "proved once; see {}", log.display());
	assert_eq!(text.matches("proving batch 1").count(), 1, "started once; see {}", log.display());
	drop(node);
	let _ = std::fs::remove_dir_all(&base);
	let _ = std::fs::remove_file(&log);
}
