//! Weights for `pallet_polylink_proof_registry`.
//!
//! **These weights are not generated yet.** There is no Polylink node to run the benchmarks in
//! (`benchmarking.rs`), so the constants below are hand-written, conservative estimates, not
//! measurements. Once the node exists, generate this file with:
//!
//! ```text
//! polylink-node benchmark pallet \
//!     --chain dev --wasm-execution compiled \
//!     --pallet pallet_polylink_proof_registry --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/proof-registry/src/weights.rs
//! ```
//!
//! (or `frame-omni-bencher v1 benchmark pallet --runtime <runtime.wasm> …` with the same
//! pallet, steps, repeat and output), which also adds the `SubstrateWeight<T>` implementation.
//!
//! How the estimates were chosen: one Groth16 verification (a three-pair multi-Miller loop and a
//! final exponentiation over BLS12-381) measures about 2.3 ms natively and about 11 ms in wasm
//! under a node with a prepared key; DESIGN §7 measures our core 5.4–6.8× slower in wasm. The
//! pallet stores the key's SCALE bytes, not a prepared key, so every `submit_proof` also decodes
//! and validates the key (five point decompressions with subgroup checks), prepares it (one more
//! pairing, two G2 preparations) and decodes and validates the proof. Measured natively (release,
//! the mock runtime, the block-8 fixture): a whole `submit_proof` takes 5.4 ms, valid or not, and
//! `register_verifying_key` 1.3 ms; at 6.8× that is about 37 ms and 9 ms in wasm. `submit_proof`
//! is charged 50 ms of reference time, `register_verifying_key` 15 ms, plus their storage
//! accesses at RocksDB costs. Proof sizes assume `MaxVkLen ≤ 1024`.

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_polylink_proof_registry`.
pub trait WeightInfo {
	/// The weight of [`crate::Pallet::register_verifying_key`].
	fn register_verifying_key() -> Weight;
	/// The weight of [`crate::Pallet::submit_proof`].
	fn submit_proof() -> Weight;
}

/// Conservative hand-written estimates (see the module docs), for tests and until the
/// benchmarks run in a node.
impl WeightInfo for () {
	/// Storage: `KeyForChunks`, `VerifyingKeys` (r: 2, w: 2).
	fn register_verifying_key() -> Weight {
		Weight::from_parts(15_000_000_000, 4_000)
			.saturating_add(RocksDbWeight::get().reads(2_u64))
			.saturating_add(RocksDbWeight::get().writes(2_u64))
	}
	/// Storage: `LastProven`, the sealed header, `KeyForChunks`, `VerifyingKeys`, `ProvenRoot`,
	/// the live chains (r: 6); `LastProven`, `ProvenRoot`, `ProvenBatches`, `Proofs` (w: 4).
	fn submit_proof() -> Weight {
		Weight::from_parts(50_000_000_000, 8_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(4_u64))
	}
}
