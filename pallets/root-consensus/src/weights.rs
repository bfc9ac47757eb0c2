//! Weights for `pallet_polylink_root_consensus`.
//!
//! **These weights are not generated yet.** There is no Polylink node to run the benchmarks in
//! (`benchmarking.rs`), so the constants below are hand-written, conservative estimates, not
//! measurements. Once the node exists, generate this file with:
//!
//! ```text
//! polylink-node benchmark pallet \
//!     --chain dev --wasm-execution compiled \
//!     --pallet pallet_polylink_root_consensus --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/root-consensus/src/weights.rs
//! ```
//!
//! (or `frame-omni-bencher v1 benchmark pallet --runtime <runtime.wasm> …` with the same
//! pallet, steps, repeat and output), which also adds the `SubstrateWeight<T>` implementation.
//!
//! How the estimates were chosen: every call recovers one secp256k1 signature with the pure-Rust
//! `k256` (about 0.2 ms natively, several times that in wasm: DESIGN §7 measures our core 5.4–6.8×
//! slower in wasm), and `ValidateUnsigned` recovers it once more before dispatch. Each call is
//! charged 10 ms of reference time for that, plus its storage accesses at RocksDB costs. `vote`
//! here is the vote's own work (the tally, the fact, the backlog's bookkeeping); the priority
//! operations it hands to the fact handler are charged on top by the pallet
//! (`Pallet::vote_weight`: `MaxDeliveriesPerVote` × the handler's `priority_op_weight`). Proof
//! sizes assume `MaxOracles ≤ 128`.

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_polylink_root_consensus`.
pub trait WeightInfo {
	/// The weight of [`crate::Pallet::vote`].
	fn vote() -> Weight;
	/// The weight of [`crate::Pallet::submit_commit_signature`].
	fn submit_commit_signature() -> Weight;
	/// The weight of [`crate::Pallet::submit_sync_signature`].
	fn submit_sync_signature() -> Weight;
	/// The weight of [`crate::Pallet::revoke`].
	fn revoke() -> Weight;
	/// The weight of [`crate::Pallet::submit_revoke_signature`].
	fn submit_revoke_signature() -> Weight;
}

/// Conservative hand-written estimates (see the module docs), for tests and until the
/// benchmarks run in a node.
impl WeightInfo for () {
	/// Storage: `Deployment`, `Live`, `NextSerial`, `Facts` (key), `Tallies`, `BlockVotes`,
	/// `Outstanding` per voter (r: 7, w: 5); the fact's own handler call (a registry or batch
	/// record) within the reference time. Deliveries of priority operations are charged apart.
	fn vote() -> Weight {
		Weight::from_parts(12_000_000_000, 40_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(5_u64))
	}
	/// Storage: `Deployment`, `CommitSignatures`, the batch header (r: 3, w: 1).
	fn submit_commit_signature() -> Weight {
		Weight::from_parts(10_000_000_000, 40_000)
			.saturating_add(RocksDbWeight::get().reads(3_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Deployment`, `Live`, `Facts` (one per live chain, ≤ 4), `SyncSignatures`
	/// (r: 7, w: 1).
	fn submit_sync_signature() -> Weight {
		Weight::from_parts(10_000_000_000, 40_000)
			.saturating_add(RocksDbWeight::get().reads(7_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `RevokedFrom`, `Live`, `Facts` (one per live chain, ≤ 4) (r: 6, w: 1); no
	/// signature.
	fn revoke() -> Weight {
		Weight::from_parts(50_000_000, 10_000)
			.saturating_add(RocksDbWeight::get().reads(6_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Deployment`, `RevokedFrom`, `CommitSignatures`, the batch header,
	/// `RevokeSignatures` (r: 5, w: 1).
	fn submit_revoke_signature() -> Weight {
		Weight::from_parts(10_000_000_000, 40_000)
			.saturating_add(RocksDbWeight::get().reads(5_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
}
