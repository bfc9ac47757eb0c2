//! Placeholders for the Config items the rollup and batching pallets will provide.
//!
//! Root consensus hands its facts to a [`FactHandler`](pallet_polylink_root_consensus::FactHandler)
//! and reads sealed batches through
//! [`BatchHeaders`](pallet_polylink_root_consensus::BatchHeaders); the proof registry reads them
//! through [`SealedBatches`](pallet_polylink_proof_registry::SealedBatches). Until
//! `pallet-polylink-rollup` and `pallet-polylink-batching` exist no batch is ever sealed and facts
//! go nowhere. This file is the only place that knows it: replacing these types with the pallets
//! changes nothing else in the runtime.
//!
//! With `runtime-benchmarks` the sealed headers are read from unhashed storage the benchmark
//! helpers write, so the pallets' benchmarks run against this runtime.
#![warn(missing_docs)]

use pallet_polylink_proof_registry::SealedHeader;
use pallet_polylink_root_consensus::BatchNumber;
use polylink_primitives::{
	account::Nonce, chain::ChainId, eth::L1Address, signature::PubKeyHash, tx::PriorityOp,
};

/// Drops every fact (replaced by the rollup pallet, which applies priority ops and tracks
/// per-chain batch status).
pub struct FactHandler;

impl pallet_polylink_root_consensus::FactHandler for FactHandler {
	fn on_priority_op(_chain: ChainId, _op: PriorityOp) {}

	fn on_batch_proven(_chain: ChainId, _batch: BatchNumber, _sync_hash: [u8; 32]) {}

	fn on_batch_executed(_chain: ChainId, _batch: BatchNumber) {}

	fn on_pubkey_approved(_chain: ChainId, _owner: L1Address, _nonce: Nonce, _hash: PubKeyHash) {}
}

/// No batch is sealed (replaced by the batching pallet's headers).
pub struct BatchHeaders;

impl pallet_polylink_root_consensus::BatchHeaders for BatchHeaders {
	fn batch_header(batch: BatchNumber) -> Option<(u32, [u8; 32])> {
		bench::commit_header(batch)
	}
}

/// No batch is sealed (replaced by the batching pallet's headers).
pub struct SealedBatches;

impl pallet_polylink_proof_registry::SealedBatches for SealedBatches {
	fn sealed_batch(batch: BatchNumber) -> Option<SealedHeader> {
		bench::sealed_header(batch)
	}
}

/// The headers the benchmark helpers install (none outside benchmarks).
pub(crate) mod bench {
	use super::*;

	#[cfg(feature = "runtime-benchmarks")]
	fn key(prefix: &[u8], batch: BatchNumber) -> alloc::vec::Vec<u8> {
		[prefix, &batch.to_le_bytes()].concat()
	}

	/// The `(chunks, commitment)` installed for `batch`.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn commit_header(batch: BatchNumber) -> Option<(u32, [u8; 32])> {
		polkadot_sdk::frame_support::storage::unhashed::get(&key(b":bench:commit:", batch))
	}

	/// The `(chunks, commitment)` installed for `batch`: none.
	#[cfg(not(feature = "runtime-benchmarks"))]
	pub fn commit_header(_batch: BatchNumber) -> Option<(u32, [u8; 32])> {
		None
	}

	/// The sealed header installed for `batch`.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn sealed_header(batch: BatchNumber) -> Option<SealedHeader> {
		polkadot_sdk::frame_support::storage::unhashed::get(&key(b":bench:sealed:", batch))
	}

	/// The sealed header installed for `batch`: none.
	#[cfg(not(feature = "runtime-benchmarks"))]
	pub fn sealed_header(_batch: BatchNumber) -> Option<SealedHeader> {
		None
	}

	/// Installs `(chunks, commitment)` for `batch`.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn set_commit_header(batch: BatchNumber, header: (u32, [u8; 32])) {
		polkadot_sdk::frame_support::storage::unhashed::put(
			&key(b":bench:commit:", batch),
			&header,
		);
	}

	/// Installs the sealed header of `batch`.
	#[cfg(feature = "runtime-benchmarks")]
	pub fn set_sealed_header(batch: BatchNumber, header: SealedHeader) {
		polkadot_sdk::frame_support::storage::unhashed::put(
			&key(b":bench:sealed:", batch),
			&header,
		);
	}
}
