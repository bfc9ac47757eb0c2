//! The worker's hand-off, checked against the offchain storage and transaction pool test
//! externalities.

use crate::{
	mock::*,
	offchain::{self, ProofRecord, ProveRequest},
};
use pallet_polylink_proof_registry::{self as proof_registry, BatchNumber, ProvenBatch, Root};
use parity_scale_codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::traits::Hooks,
	sp_core::{
		offchain::{
			testing::{PoolState, TestOffchainExt, TestTransactionPoolExt},
			OffchainDbExt, OffchainWorkerExt, StorageKind, TransactionPoolExt,
		},
		sr25519,
	},
	sp_io::{offchain as io, TestExternalities},
	sp_keystore::{testing::MemoryKeystore, Keystore, KeystoreExt},
	sp_runtime::generic::Preamble,
};
use std::sync::Arc;

/// The externalities with offchain storage, a test pool and (if `with_key`) a prover key.
fn ext(with_key: bool) -> (TestExternalities, Arc<parking_lot::RwLock<PoolState>>) {
	let mut t = new_test_ext();
	let (offchain, _) = TestOffchainExt::new();
	let (pool, pool_state) = TestTransactionPoolExt::new();
	let keystore = MemoryKeystore::new();
	if with_key {
		keystore.sr25519_generate_new(crate::KEY_TYPE, Some("//Prover")).expect("a key");
	}
	t.register_extension(OffchainDbExt::new(offchain.clone()));
	t.register_extension(OffchainWorkerExt::new(offchain));
	t.register_extension(TransactionPoolExt::new(pool));
	t.register_extension(KeystoreExt::new(keystore));
	(t, pool_state)
}

fn put<V: Encode>(key: &[u8], value: &V) {
	io::local_storage_set(StorageKind::PERSISTENT, key, &value.encode());
}

fn get<V: Decode>(key: &[u8]) -> Option<V> {
	io::local_storage_get(StorageKind::PERSISTENT, key)
		.map(|bytes| V::decode(&mut &bytes[..]).expect("the worker writes valid records"))
}

fn run_worker(block: u64) {
	System::set_block_number(block);
	Prover::offchain_worker(block);
}

fn root(byte: u8) -> Root {
	let mut root = [0; 32];
	root[31] = byte;
	root
}

/// Records batch `batch` as proven with root `root(batch)`, as the proof registry does.
fn mark_proven(batch: BatchNumber) {
	let byte = u8::try_from(batch).expect("small batch numbers");
	proof_registry::LastProven::<Test>::put(batch);
	proof_registry::ProvenRoot::<Test>::put(root(byte));
	proof_registry::ProvenBatches::<Test>::insert(
		batch,
		ProvenBatch {
			prover: sr25519::Public::from_raw([9; 32]),
			new_root: root(byte),
			commitment: [0; 32],
			vk_hash: [0; 32],
			proven_at: 1,
		},
	);
}

fn record(byte: u8) -> ProofRecord {
	ProofRecord { new_root: root(byte), proof: vec![byte; 512] }
}

/// The calls in the pool, decoded: (signed, call).
fn pooled(pool: &Arc<parking_lot::RwLock<PoolState>>) -> Vec<(bool, RuntimeCall)> {
	pool.read()
		.transactions
		.iter()
		.map(|tx| {
			let xt = Extrinsic::decode(&mut &tx[..]).expect("the worker's transactions decode");
			(matches!(xt.preamble, Preamble::Signed(..)), xt.function)
		})
		.collect()
}

#[test]
fn a_node_without_a_prover_service_is_left_alone() {
	let (mut t, pool) = ext(true);
	t.execute_with(|| {
		seal(1);
		put(&offchain::proof_key(1), &record(1));
		run_worker(2);
		assert_eq!(get::<ProveRequest>(&offchain::request_key(1)), None);
		assert!(pool.read().transactions.is_empty());
	});
}

#[test]
fn sealed_batches_after_the_replica_become_requests_within_the_window() {
	let (mut t, _) = ext(true);
	t.execute_with(|| {
		for batch in 1..=5 {
			seal(batch);
		}
		put(offchain::REPLICA_KEY, &1u64);
		run_worker(2);
		assert_eq!(get::<ProveRequest>(&offchain::request_key(1)), None, "already applied");
		for batch in 2..=1 + REQUEST_WINDOW {
			let sealed = seal(batch);
			assert_eq!(
				get::<ProveRequest>(&offchain::request_key(batch)),
				Some(ProveRequest {
					batch,
					timestamp: sealed.header.timestamp,
					chunks: sealed.header.chunks,
					pubdata_hash: sealed.header.pubdata_hash,
					onchain_hash: sealed.header.onchain_hash,
					pubdata: sealed.pubdata.expect("kept"),
					signatures: sealed.signatures.expect("kept"),
					proven_root: None,
				})
			);
		}
		assert_eq!(get::<ProveRequest>(&offchain::request_key(2 + REQUEST_WINDOW)), None);
	});
}

#[test]
fn requests_stop_at_the_first_batch_not_sealed() {
	let (mut t, _) = ext(true);
	t.execute_with(|| {
		seal(1);
		seal(3);
		put(offchain::REPLICA_KEY, &0u64);
		run_worker(2);
		assert!(get::<ProveRequest>(&offchain::request_key(1)).is_some());
		assert_eq!(get::<ProveRequest>(&offchain::request_key(3)), None);
	});
}

#[test]
fn a_request_learns_that_its_batch_was_proven_elsewhere() {
	let (mut t, _) = ext(true);
	t.execute_with(|| {
		seal(1);
		put(offchain::REPLICA_KEY, &0u64);
		run_worker(2);
		assert_eq!(
			get::<ProveRequest>(&offchain::request_key(1)).expect("written").proven_root,
			None
		);
		mark_proven(1);
		run_worker(3);
		assert_eq!(
			get::<ProveRequest>(&offchain::request_key(1)).expect("rewritten").proven_root,
			Some(root(1))
		);
	});
}

#[test]
fn a_request_written_on_an_abandoned_fork_is_rewritten() {
	let (mut t, _) = ext(true);
	t.execute_with(|| {
		seal(1);
		put(offchain::REPLICA_KEY, &0u64);
		run_worker(2);
		let first = get::<ProveRequest>(&offchain::request_key(1)).expect("written");
		// A reorg: the best chain now sealed another batch 1.
		fork(1);
		run_worker(3);
		let rewritten = get::<ProveRequest>(&offchain::request_key(1)).expect("rewritten");
		assert_ne!(rewritten, first);
		assert_eq!(rewritten.pubdata_hash, [0xee; 32]);
		// And left alone while nothing changes.
		run_worker(4);
		assert_eq!(get::<ProveRequest>(&offchain::request_key(1)), Some(rewritten));
	});
}

#[test]
fn pruned_batches_are_not_requested() {
	let (mut t, _) = ext(true);
	t.execute_with(|| {
		seal(1);
		seal(2);
		prune(1);
		put(offchain::REPLICA_KEY, &0u64);
		run_worker(2);
		assert_eq!(get::<ProveRequest>(&offchain::request_key(1)), None);
		assert_eq!(get::<ProveRequest>(&offchain::request_key(2)), None, "in order only");
	});
}

#[test]
fn the_next_batchs_proof_is_submitted_signed_by_the_prover_key() {
	let (mut t, pool) = ext(true);
	t.execute_with(|| {
		seal(1);
		seal(2);
		mark_proven(1);
		put(offchain::REPLICA_KEY, &2u64);
		put(&offchain::proof_key(2), &record(2));
		// A record for a batch that is not next is not submitted.
		put(&offchain::proof_key(3), &record(3));
		run_worker(4);
		assert_eq!(
			pooled(&pool),
			vec![(
				true,
				RuntimeCall::ProofRegistry(proof_registry::Call::submit_proof {
					batch: 2,
					new_root: root(2),
					proof: vec![2; 512].try_into().expect("a proof's length"),
				})
			)]
		);
		assert_eq!(get::<u64>(&offchain::sent_key(2)), Some(4));
	});
}

#[test]
fn a_proof_is_submitted_again_only_after_the_resubmission_delay() {
	let (mut t, pool) = ext(true);
	t.execute_with(|| {
		seal(1);
		put(offchain::REPLICA_KEY, &1u64);
		put(&offchain::proof_key(1), &record(1));
		run_worker(2);
		for block in 3..2 + RESUBMIT_AFTER {
			run_worker(block);
		}
		assert_eq!(pool.read().transactions.len(), 1);
		run_worker(2 + RESUBMIT_AFTER);
		assert_eq!(pool.read().transactions.len(), 2);
	});
}

#[test]
fn without_a_prover_key_nothing_is_submitted() {
	let (mut t, pool) = ext(false);
	t.execute_with(|| {
		seal(1);
		put(offchain::REPLICA_KEY, &1u64);
		put(&offchain::proof_key(1), &record(1));
		run_worker(2);
		assert!(pool.read().transactions.is_empty());
		assert_eq!(get::<u64>(&offchain::sent_key(1)), None, "nothing claimed");
	});
}

#[test]
fn an_oversized_proof_record_is_not_submitted() {
	let (mut t, pool) = ext(true);
	t.execute_with(|| {
		seal(1);
		put(offchain::REPLICA_KEY, &1u64);
		put(&offchain::proof_key(1), &ProofRecord { new_root: root(1), proof: vec![1; 513] });
		run_worker(2);
		assert!(pool.read().transactions.is_empty());
	});
}

#[test]
fn records_of_proven_batches_are_forgotten() {
	let (mut t, pool) = ext(true);
	t.execute_with(|| {
		seal(1);
		put(offchain::REPLICA_KEY, &1u64);
		put(&offchain::proof_key(1), &record(1));
		run_worker(2);
		assert!(get::<u64>(&offchain::sent_key(1)).is_some());
		mark_proven(1);
		run_worker(3);
		assert_eq!(get::<ProofRecord>(&offchain::proof_key(1)), None);
		assert_eq!(get::<u64>(&offchain::sent_key(1)), None);
		assert_eq!(pool.read().transactions.len(), 1, "a proven batch is not submitted");
	});
}
