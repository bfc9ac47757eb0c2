//! Weights for `pallet_polylink_validator_set`.
//!
//! **These weights are not generated yet.** There is no Polylink node to run the benchmarks in
//! (`benchmarking.rs`), so the constants below are hand-written, conservative estimates, not
//! measurements. Once the node exists, generate this file with:
//!
//! ```text
//! polylink-node benchmark pallet \
//!     --chain dev --wasm-execution compiled \
//!     --pallet pallet_polylink_validator_set --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/validator-set/src/weights.rs
//! ```
//!
//! (or `frame-omni-bencher v1 benchmark pallet --runtime <runtime.wasm> …` with the same
//! pallet, steps, repeat and output), which also adds the `SubstrateWeight<T>` implementation.
//!
//! How the estimates were chosen: both calls decode, search, shift and re-encode the sorted
//! validator list, bounded by `MaxValidators`; they are charged 50 µs of reference time (several
//! times what a list of a hundred 32-byte accounts costs in wasm) plus their storage accesses at
//! RocksDB costs. Proof sizes assume `MaxValidators ≤ 100` and 32-byte accounts (the list:
//! 100 × 32 bytes plus its length) and session keys of up to 256 bytes.

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_polylink_validator_set`.
pub trait WeightInfo {
	/// The weight of [`crate::Pallet::add_validator`].
	fn add_validator() -> Weight;
	/// The weight of [`crate::Pallet::remove_validator`].
	fn remove_validator() -> Weight;
}

/// Conservative hand-written estimates (see the module docs), for tests and until the
/// benchmarks run in a node.
impl WeightInfo for () {
	/// Storage: `Validators` (r: 1, w: 1), `Session::NextKeys` of `who` (r: 1),
	/// `ListChanged` (w: 1).
	fn add_validator() -> Weight {
		Weight::from_parts(50_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `Validators` (r: 1, w: 1), `ListChanged` (w: 1).
	fn remove_validator() -> Weight {
		Weight::from_parts(50_000_000, 3_500)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
}
