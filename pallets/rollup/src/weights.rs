//! Weights for `pallet_polylink_rollup`.
//!
//! **These weights are not generated yet.** The constants below are hand-written, conservative
//! estimates until the node runs the benchmarks in `benchmarking.rs`. Generate this file with:
//!
//! ```text
//! polylink-node benchmark pallet \
//!     --chain dev --wasm-execution compiled \
//!     --pallet pallet_polylink_rollup --extrinsic '*' \
//!     --steps 50 --repeat 20 \
//!     --output pallets/rollup/src/weights.rs
//! ```
//!
//! How the estimates were chosen: DESIGN §7 measures one L2 signature check at 0.71 ms natively
//! and our core 5.4–6.8× slower in wasm, so about 5 ms in the runtime; the rest of a flat-state
//! `apply` (no tree) is a few storage accesses and a Poseidon-free plan check. `submit` is
//! charged 6 ms of reference time plus its storage accesses (a transfer touches two accounts,
//! two balances, the open batch and the log); a priority operation has no signature and is
//! charged 1 ms. A ChangePubKey with an ECDSA authorisation also recovers a secp256k1 key
//! (about 0.2 ms natively), inside the margin.

use polkadot_sdk::frame_support::weights::{constants::RocksDbWeight, Weight};

/// Weight functions needed for `pallet_polylink_rollup`.
pub trait WeightInfo {
	/// The weight of [`crate::Pallet::submit`] (sealing excluded).
	fn submit() -> Weight;
	/// The weight of [`crate::Pallet::set_fee`].
	fn set_fee() -> Weight;
	/// The weight of [`crate::Pallet::on_priority_op`] (sealing excluded).
	fn on_priority_op() -> Weight;
}

/// Conservative hand-written estimates (see the module docs), for tests and until the
/// benchmarks run in a node.
impl WeightInfo for () {
	/// Storage: the registry, the fee policy (2 tokens), two accounts, the recipient's address,
	/// two balances, `NextAccount`, `Open`, `Log` (r: 11); two accounts, two balances,
	/// `OpenOps`, `Open`, `Log` (w: 7).
	fn submit() -> Weight {
		Weight::from_parts(6_000_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(7_u64))
	}
	/// Storage: the registry (r: 1); `FeePerChunk` (w: 1).
	fn set_fee() -> Weight {
		Weight::from_parts(20_000_000, 2_000)
			.saturating_add(RocksDbWeight::get().reads(1_u64))
			.saturating_add(RocksDbWeight::get().writes(1_u64))
	}
	/// Storage: `Stalled`, the registry, the fee policy, `NextPriority`, the account and its
	/// address, two balances, `NextAccount`, `Open`, `Log` (r: 11); the account, its address,
	/// two balances, `NextAccount`, `NextPriority`, `OpenOps`, `Open`, `Log` (w: 9).
	fn on_priority_op() -> Weight {
		Weight::from_parts(1_000_000_000, 6_000)
			.saturating_add(RocksDbWeight::get().reads(11_u64))
			.saturating_add(RocksDbWeight::get().writes(9_u64))
	}
}
