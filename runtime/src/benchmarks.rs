//! The runtime's benchmarks (`runtime-benchmarks` only): the pallets `benchmark pallet` runs and
//! the helpers the Polylink pallets' benchmarks need.
#![warn(missing_docs)]

use crate::Runtime;
use crate::{
	AllPalletsWithSystem, Balances, Batching, ProofRegistry, Rollup, RootConsensus, Sudo,
	Timestamp, ValidatorSet,
};
use alloc::{string::String, vec::Vec};
use pallet_polylink_proof_registry::SealedHeader;
use pallet_polylink_root_consensus::BatchNumber;
use polkadot_sdk::{
	frame_benchmarking::{BenchmarkBatch, BenchmarkConfig, BenchmarkList},
	frame_support::{
		traits::{StorageInfo, StorageInfoTrait, WhitelistedStorageKeys},
		BoundedVec,
	},
	frame_system_benchmarking,
	sp_storage::TrackedStorageKey,
};
use polylink_primitives::{chain::LiveChains, eth::L1Address};

/// The system pallet's benchmarks.
type SystemBench = frame_system_benchmarking::Pallet<Runtime>;

impl frame_system_benchmarking::Config for Runtime {}

polkadot_sdk::frame_benchmarking::define_benchmarks!(
	[frame_system, SystemBench]
	[pallet_balances, Balances]
	[pallet_timestamp, Timestamp]
	[pallet_sudo, Sudo]
	[pallet_polylink_validator_set, ValidatorSet]
	[pallet_polylink_root_consensus, RootConsensus]
	[pallet_polylink_proof_registry, ProofRegistry]
	[pallet_polylink_batching, Batching]
	[pallet_polylink_rollup, Rollup]
);

/// The benchmarks' list and the storage they touch (`Benchmark::benchmark_metadata`).
pub fn metadata(extra: bool) -> (Vec<BenchmarkList>, Vec<StorageInfo>) {
	use polkadot_sdk::frame_benchmarking::{list_benchmark, Benchmarking};
	let mut list = Vec::<BenchmarkList>::new();
	list_benchmarks!(list, extra);
	(list, AllPalletsWithSystem::storage_info())
}

/// Runs the benchmarks `config` selects (`Benchmark::dispatch_benchmark`).
pub fn dispatch(config: BenchmarkConfig) -> Result<Vec<BenchmarkBatch>, String> {
	use polkadot_sdk::frame_benchmarking::{add_benchmark, Benchmarking};
	let whitelist: Vec<TrackedStorageKey> = AllPalletsWithSystem::whitelisted_storage_keys();
	let mut batches = Vec::<BenchmarkBatch>::new();
	let params = (&config, &whitelist);
	add_benchmarks!(params, batches);
	Ok(batches)
}

/// Installs oracle sets and commit headers for the root-consensus benchmarks.
pub struct RootConsensusHelper;

impl pallet_polylink_root_consensus::BenchmarkHelper for RootConsensusHelper {
	fn set_oracles(oracles: Vec<L1Address>) {
		pallet_polylink_validator_set::Oracles::<Runtime>::put(BoundedVec::truncate_from(oracles));
		pallet_polylink_validator_set::OracleSetId::<Runtime>::mutate(|id| {
			*id = id.saturating_add(1)
		});
	}

	fn set_batch_header(batch: BatchNumber, chunks: u32, commitment: [u8; 32]) {
		// A sealed batch whose proof the registry accepted with this commitment.
		seal(
			batch,
			SealedHeader { timestamp: 0, chunks, pubdata_hash: [0; 32], onchain_hash: [0; 32] },
		);
		let record = pallet_polylink_proof_registry::ProvenBatch {
			prover: crate::AccountId::from([0; 32]),
			new_root: [0; 32],
			commitment,
			vk_hash: [0; 32],
			proven_at: 0,
		};
		pallet_polylink_proof_registry::ProvenBatches::<Runtime>::insert(batch, record);
	}
}

/// Seals batches and sets the live chains for the proof-registry benchmarks.
pub struct ProofRegistryHelper;

impl pallet_polylink_proof_registry::BenchmarkHelper for ProofRegistryHelper {
	fn seal(batch: BatchNumber, header: SealedHeader) {
		seal(batch, header);
	}

	fn set_live_chains(live_chains: LiveChains) {
		pallet_polylink_root_consensus::Live::<Runtime>::put(live_chains);
	}
}

/// Records `header` as sealed batch `batch` in the batching pallet.
fn seal(batch: BatchNumber, header: SealedHeader) {
	let header = pallet_polylink_batching::BatchHeader {
		number: batch,
		timestamp: header.timestamp,
		chunks: header.chunks,
		pubdata_hash: header.pubdata_hash,
		onchain_hash: header.onchain_hash,
		ops: 1,
		first_log_index: 0,
		sealed_at: 0,
	};
	pallet_polylink_batching::Headers::<Runtime>::insert(batch, header);
	pallet_polylink_batching::LastSealed::<Runtime>::mutate(|last| *last = (*last).max(batch));
}

/// Fills the rollup's open batch with deposits for the batching benchmarks.
pub struct BatchingHelper;

impl pallet_polylink_batching::BenchmarkHelper for BatchingHelper {
	fn fill_open(chunks: u32) {
		use polylink_primitives::{
			chain::ChainId,
			tx::{Deposit, PriorityOp},
		};
		let registry = Rollup::registry();
		let Some((token, chain)) = registry
			.tokens
			.iter()
			.find_map(|(token, info)| Some((*token, *info.chains.keys().next()?)))
		else {
			return;
		};
		let chain: ChainId = chain;
		for n in 0..chunks / 3 {
			let serial_id = pallet_polylink_rollup::NextPriority::<Runtime>::get(chain);
			let to = L1Address([n as u8 + 1; 20]);
			let op = PriorityOp::Deposit(Deposit { chain, serial_id, to, token, amount: 1 });
			Rollup::on_priority_op(chain, op);
		}
	}
}
