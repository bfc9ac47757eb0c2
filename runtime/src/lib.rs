//! # Polylink runtime
//!
//! The FRAME runtime of the Polylink appchain (DESIGN §7), built for `wasm32v1-none` by
//! polkadot-sdk's wasm builder and natively for the node.
//!
//! ## Overview
//!
//! - Block production by Aura (6 s slots), finality by GRANDPA.
//! - A permissioned validator set: `pallet-session` with
//!   [`pallet_polylink_validator_set`] as its session manager; the session keys are Aura,
//!   GRANDPA and the validators' ECDSA oracle key (`orcl`).
//! - Governance by `pallet-sudo` (devnets).
//! - The Polylink pallets: the validator set, root consensus (the oracle network and the
//!   certificates), the proof registry, batching (sealing), the rollup (L2 state, transactions,
//!   the sequencing log) and the prover's off-chain worker.
//!
//! ## Layout
//!
//! - [`configs`]: every pallet's `Config`.
//! - [`apis`]: the runtime APIs.
//! - [`genesis`]: the genesis presets (`dev`, `local`).
//! - [`wiring`]: how the pallets feed each other: root-consensus facts to the rollup, proven
//!   roots to batching, pruning once every live chain executed a batch.

#![cfg_attr(not(feature = "std"), no_std)]
// `#[frame_support::runtime]` and `impl_runtime_apis!` generate public items without docs at the
// crate root (`Runtime`, `RuntimeCall`, `RuntimeApi`, ...) and no attribute reaches them; the
// hand-written modules turn the lint back on.
#![allow(missing_docs)]

extern crate alloc;

// The wasm blob the wasm builder made: `WASM_BINARY` (`None` when built with `SKIP_WASM_BUILD`).
#[cfg(feature = "std")]
include!(concat!(env!("OUT_DIR"), "/wasm_binary.rs"));

pub mod apis;
#[cfg(feature = "runtime-benchmarks")]
mod benchmarks;
pub mod configs;
pub mod genesis;
pub mod wiring;

use alloc::{borrow::Cow, vec::Vec};
use polkadot_sdk::{
	frame_executive, frame_support, frame_system, pallet_aura, pallet_balances, pallet_grandpa,
	pallet_session, pallet_sudo, pallet_timestamp, pallet_transaction_payment,
	sp_runtime::{
		generic, impl_opaque_keys,
		traits::{BlakeTwo256, IdentifyAccount, Verify},
		MultiAddress, MultiSignature,
	},
	sp_version::{self, RuntimeVersion},
};

pub use apis::{RuntimeApi, RUNTIME_API_VERSIONS};
pub use pallet_polylink_proof_registry;
pub use pallet_polylink_prover;
pub use pallet_polylink_root_consensus;
pub use pallet_polylink_validator_set;

/// The runtime version.
#[sp_version::runtime_version]
pub const VERSION: RuntimeVersion = RuntimeVersion {
	spec_name: Cow::Borrowed("polylink"),
	impl_name: Cow::Borrowed("polylink"),
	authoring_version: 1,
	spec_version: 1,
	impl_version: 1,
	apis: apis::RUNTIME_API_VERSIONS,
	transaction_version: 1,
	system_version: 1,
};

/// The target block time in milliseconds: one Aura slot.
pub const MILLI_SECS_PER_BLOCK: u64 = 6000;

/// The Aura slot duration in milliseconds (it cannot change once the chain runs).
pub const SLOT_DURATION: u64 = MILLI_SECS_PER_BLOCK;

/// Blocks per minute.
pub const MINUTES: BlockNumber = 60_000 / (MILLI_SECS_PER_BLOCK as BlockNumber);

/// Blocks per hour.
pub const HOURS: BlockNumber = MINUTES * 60;

/// The session length in blocks.
pub const SESSION_PERIOD: BlockNumber = HOURS;

/// One unit of the native token (12 decimals).
pub const UNIT: Balance = 1_000_000_000_000;

/// A thousandth of a unit.
pub const MILLI_UNIT: Balance = UNIT / 1_000;

/// The existential deposit.
pub const EXISTENTIAL_DEPOSIT: Balance = MILLI_UNIT;

/// The signature of transactions.
pub type Signature = MultiSignature;

/// An account id: the public key of the transaction signature scheme.
pub type AccountId = <<Signature as Verify>::Signer as IdentifyAccount>::AccountId;

/// A balance of the native token.
pub type Balance = u128;

/// An account's transaction count.
pub type Nonce = u32;

/// A block hash.
pub type Hash = polkadot_sdk::sp_core::H256;

/// A block number.
pub type BlockNumber = u32;

/// The address format of transactions.
pub type Address = MultiAddress<AccountId, ()>;

/// The block header.
pub type Header = generic::Header<BlockNumber, BlakeTwo256>;

/// The block.
pub type Block = generic::Block<Header, UncheckedExtrinsic>;

/// The transaction extensions, checked in this order.
pub type TxExtension = (
	frame_system::AuthorizeCall<Runtime>,
	frame_system::CheckNonZeroSender<Runtime>,
	frame_system::CheckSpecVersion<Runtime>,
	frame_system::CheckTxVersion<Runtime>,
	frame_system::CheckGenesis<Runtime>,
	frame_system::CheckMortality<Runtime>,
	frame_system::CheckNonce<Runtime>,
	frame_system::CheckWeight<Runtime>,
	pallet_transaction_payment::ChargeTransactionPayment<Runtime>,
	frame_system::WeightReclaim<Runtime>,
);

/// The extensions of a signed transaction at `nonce` valid in `era`, paying no tip (the
/// off-chain workers' and the tools' transactions).
pub fn tx_extension(nonce: Nonce, era: generic::Era) -> TxExtension {
	(
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckMortality::<Runtime>::from(era),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		pallet_transaction_payment::ChargeTransactionPayment::<Runtime>::from(0),
		frame_system::WeightReclaim::<Runtime>::new(),
	)
}

/// An extrinsic as the runtime decodes it.
pub type UncheckedExtrinsic =
	generic::UncheckedExtrinsic<Address, RuntimeCall, Signature, TxExtension>;

/// The payload signed by a transaction.
pub type SignedPayload = generic::SignedPayload<RuntimeCall, TxExtension>;

/// Dispatches blocks and extrinsics to the pallets.
pub type Executive = frame_executive::Executive<
	Runtime,
	Block,
	frame_system::ChainContext<Runtime>,
	Runtime,
	AllPalletsWithSystem,
>;

/// Types the node uses without knowing the runtime's extrinsic format.
pub mod opaque {
	use super::*;

	pub use polkadot_sdk::sp_runtime::OpaqueExtrinsic as UncheckedExtrinsic;

	/// The block header.
	pub type Header = generic::Header<BlockNumber, BlakeTwo256>;
	/// The block, with opaque extrinsics.
	pub type Block = generic::Block<Header, UncheckedExtrinsic>;
}

impl_opaque_keys! {
	/// The validators' session keys.
	pub struct SessionKeys {
		/// The Aura (block production) key, sr25519.
		pub aura: Aura,
		/// The GRANDPA (finality) key, ed25519.
		pub grandpa: Grandpa,
		/// The oracle key, secp256k1 ECDSA (`orcl`): votes on L1 facts and signs certificates.
		pub oracle: pallet_polylink_validator_set::OracleId,
	}
}

#[frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeFreezeReason,
		RuntimeHoldReason,
		RuntimeSlashReason,
		RuntimeLockId,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Runtime;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;

	#[runtime::pallet_index(1)]
	pub type Timestamp = pallet_timestamp;

	#[runtime::pallet_index(2)]
	pub type Aura = pallet_aura;

	#[runtime::pallet_index(3)]
	pub type Grandpa = pallet_grandpa;

	#[runtime::pallet_index(4)]
	pub type Balances = pallet_balances;

	#[runtime::pallet_index(5)]
	pub type TransactionPayment = pallet_transaction_payment;

	#[runtime::pallet_index(6)]
	pub type Sudo = pallet_sudo;

	#[runtime::pallet_index(7)]
	pub type ValidatorSet = pallet_polylink_validator_set;

	#[runtime::pallet_index(8)]
	pub type Session = pallet_session;

	#[runtime::pallet_index(9)]
	pub type RootConsensus = pallet_polylink_root_consensus;

	#[runtime::pallet_index(10)]
	pub type ProofRegistry = pallet_polylink_proof_registry;

	#[runtime::pallet_index(11)]
	pub type Batching = pallet_polylink_batching;

	#[runtime::pallet_index(12)]
	pub type Rollup = pallet_polylink_rollup;

	#[runtime::pallet_index(13)]
	pub type Prover = pallet_polylink_prover;
}
