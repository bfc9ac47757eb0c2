//! Weights for `pallet_polylink_batching`.
//!
//! **These weights are not generated yet.** There is no Polylink node to run the benchmarks in
//! (`benchmarking.rs`), so the constants below are hand-written, conservative estimates, not
//! measurements. Once the node exists, generate this file with:
//!
//! ```text
//! polylink-node benchmark pallet \
//!     --chain dev --wasm-execution compiled \
//!     --pallet pallet_polylink_batching --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/batching/src/weights.rs
//! ```
//!
//! (or `frame-omni-bencher v1 benchmark pallet --runtime <runtime.wasm> …` with the same
//! pallet, steps, repeat and output), which also adds the `SubstrateWeight<T>` implementation.
//! The benchmarks run against the runtime's real source (the rollup pallet), so the generated
//! seal weights include its `close`.
//!
//! How the estimates were chosen: a seal is storage work plus two SHA-256 passes and one decode
//! over the batch's pubdata (at most `budget × 18` bytes, 144 bytes for the devnet's 8-chunk
//! budget, 2,304 bytes for 128 chunks); in wasm that is well under 0.5 ms. The rollup's `close`
//! reads and empties its open batch and credits up to `MAX_FEE_TOKENS_PER_BATCH` (4) fee
//! balances. A seal is charged 5 ms of reference time, an idle block start 25 µs, pruning 30 µs
//! plus 10 µs per batch, plus their storage accesses at RocksDB costs. Proof sizes assume a
//! budget of at most 128 chunks (pubdata 2,304 bytes, signatures 128 × 98 bytes) and an open
//! batch of at most 40 kB in the rollup's storage.

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_polylink_batching`.
pub trait WeightInfo {
	/// `on_initialize` when it does not seal (open batch empty, or neither full nor timed out).
	fn on_initialize_idle() -> Weight;
	/// `on_initialize` when it seals a full batch of the largest circuit size.
	fn on_initialize_seal() -> Weight;
	/// The weight of [`crate::Pallet::force_seal`] (and of [`crate::Sealer::seal_open`]) for a
	/// full batch of the largest circuit size.
	fn force_seal() -> Weight;
	/// Pruning the pubdata and signatures of `n` batches
	/// ([`crate::OnExecutedEverywhere::on_executed_everywhere`], `on_idle`).
	fn prune(n: u32) -> Weight;
}

/// Conservative hand-written estimates (see the module docs), for tests and until the
/// benchmarks run in a node.
impl WeightInfo for () {
	/// Storage: the source's open chunks, `OpenSince` (r: 2, w: 1).
	fn on_initialize_idle() -> Weight {
		Weight::from_parts(25_000_000, 1_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: the source's open chunks and open batch, its fee balances (4), `OpenSince`,
	/// `LastSealed`, the timestamp (r: 10); the source's open batch and fee balances (6),
	/// `Headers`, `Pubdata`, `Signatures`, `LastSealed`, `OpenSince` (w: 11).
	fn on_initialize_seal() -> Weight {
		Weight::from_parts(5_000_000_000, 60_000)
			.saturating_add(RocksDbWeight::get().reads(10_u64))
			.saturating_add(RocksDbWeight::get().writes(11_u64))
	}
	/// As [`WeightInfo::on_initialize_seal`].
	fn force_seal() -> Weight {
		Self::on_initialize_seal()
	}
	/// Storage: `PrunedUpTo`, `ExecutedUpTo`, `LastSealed` (r: 3); `ExecutedUpTo`, `PrunedUpTo`
	/// (w: 2), `Pubdata` and `Signatures` per batch (w: 2 n).
	fn prune(n: u32) -> Weight {
		Weight::from_parts(30_000_000, 1_000)
			.saturating_add(Weight::from_parts(10_000_000, 100).saturating_mul(n as u64))
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64.saturating_mul(n as u64)))
	}
}
