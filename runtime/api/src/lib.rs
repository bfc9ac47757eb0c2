//! # Polylink runtime API
//!
//! What the node (its `polylink_*` RPC, the prover and the oracle), the relayers and the CLI read
//! from the appchain runtime: the flat L2 state, the batches and their lifecycle, the proofs and
//! the certificates. Every method answers from the state of the block it is called at.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

use alloc::vec::Vec;
use pallet_polylink_batching::{BatchInfo, BatchNumber, OpenBatch};
use pallet_polylink_proof_registry::{ProvenBatch, Root};
use pallet_polylink_rollup::LogHead;
use pallet_polylink_root_consensus::{Duty, Fact, FactKey, OracleSignature, SyncHash};
use parity_scale_codec::{Codec, Decode, Encode};
use polylink_primitives::{
	account::{AccountId, AccountInfo, Nonce},
	chain::{ChainId, ChainInfo},
	error::TxError,
	eth::L1Address,
	signature::TxSignature,
	token::{Registry, TokenId},
	tx::L2Tx,
};
use scale_info::TypeInfo;

/// Where one live chain stands with a batch, as the oracle quorum attested it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ChainStatus {
	/// The chain.
	pub chain: ChainId,
	/// The sync hash after the batch, once the chain proved it.
	pub proven: Option<SyncHash>,
	/// Whether the chain executed the batch.
	pub executed: bool,
}

/// Where a batch stands: on the appchain and on every live chain.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct BatchStatus {
	/// The batch.
	pub batch: BatchNumber,
	/// Whether it is sealed.
	pub sealed: bool,
	/// Whether its proof was accepted on the appchain (its root and commitment are known).
	pub proven: bool,
	/// Whether a quorum signed its commit digest (it can be committed on every L1).
	pub commit_certified: bool,
	/// Whether a quorum signed its sync digest (every live chain proved it; it can be synced).
	pub synced: bool,
	/// Each live chain's progress with it.
	pub chains: Vec<ChainStatus>,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// The Polylink appchain's queries.
	pub trait PolylinkApi<AccountId32, BlockNumber> where
		AccountId32: Codec,
		BlockNumber: Codec,
	{
		/// The L2 account `id` (owner, key, nonce), if it exists.
		fn account(id: AccountId) -> Option<AccountInfo>;
		/// The L2 account `address` owns.
		fn account_id_of(address: L1Address) -> Option<AccountId>;
		/// The non-zero balances of account `id`, by token ascending.
		fn balances(id: AccountId) -> Vec<(TokenId, u128)>;
		/// The next nonce of account `id`.
		fn nonce(id: AccountId) -> Nonce;
		/// Whether the pool would take `tx` now, and if not why (the rollup's `check`).
		fn check_tx(tx: L2Tx) -> Result<(), TxError>;
		/// The deployment's chains and tokens.
		fn registry() -> Registry;
		/// The least fee per chunk an L2 transaction paying its fee in `token` must pay, in L2
		/// units; `None` when `token` is not accepted for fees.
		fn fee_per_chunk(token: TokenId) -> Option<u128>;
		/// The sequencing log's head.
		fn log_head() -> LogHead;
		/// The sequencing-log indices this block's extrinsics appended: (extrinsic index, log
		/// index), in order (read from the block's events; call it at the block itself).
		fn sequenced_in_block() -> Vec<(u32, u64)>;
		/// The open batch.
		fn open_batch() -> OpenBatch<BlockNumber>;
		/// The last sealed batch (0 while none is).
		fn last_sealed() -> BatchNumber;
		/// A sealed batch's header, with its roots and commitment once proven.
		fn batch(batch: BatchNumber) -> Option<BatchInfo<BlockNumber>>;
		/// Where a batch stands.
		fn batch_status(batch: BatchNumber) -> BatchStatus;
		/// A sealed batch's padded pubdata, until every L1 executed it.
		fn pubdata(batch: BatchNumber) -> Option<Vec<u8>>;
		/// A sealed batch's L2 signatures, one per operation, until every L1 executed it.
		fn signatures(batch: BatchNumber) -> Option<Vec<Option<TxSignature>>>;
		/// The `commitBatches` witnesses of `chain`'s own `ChangePubKey` operations in a sealed
		/// batch, in order (65-byte signature, or empty for an on-chain approval), until every
		/// L1 executed it.
		fn change_pubkey_witnesses(batch: BatchNumber, chain: ChainId) -> Option<Vec<Vec<u8>>>;
		/// The last batch proven on the appchain and its root.
		fn last_proven() -> (BatchNumber, Root);
		/// A proven batch's record (prover, root, commitment, key, block).
		fn proven_batch(batch: BatchNumber) -> Option<ProvenBatch<AccountId32, BlockNumber>>;
		/// A proven batch's accepted proof bytes, until every L1 executed it; none for a revoked
		/// batch (no L1 may prove it).
		fn proof(batch: BatchNumber) -> Option<Vec<u8>>;
		/// The oracle signatures gathered over a batch's commit digest, and the digest.
		fn commit_signatures(batch: BatchNumber) -> (Option<[u8; 32]>, Vec<OracleSignature>);
		/// A batch's sync certificate: the sync hash and a quorum's signatures, once complete.
		fn sync_certificate(batch: BatchNumber) -> Option<(SyncHash, Vec<OracleSignature>)>;
		/// The first batch governance revoked, if any (the rollup is halted while one stands).
		fn revoked_from() -> Option<BatchNumber>;
		/// A revoked batch's revocation certificate: the revoked commitment and a quorum's
		/// signatures over its revoke digest, once complete.
		fn revocation_certificate(batch: BatchNumber) -> Option<([u8; 32], Vec<OracleSignature>)>;
	}
}

/// One L1 chain as the oracle watches it.
#[derive(Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Debug)]
pub struct OracleChain {
	/// The chain's index in the deployment.
	pub chain: ChainId,
	/// Its EVM chain id and rollup contract.
	pub info: ChainInfo,
	/// How many confirmations an L1 block needs before the oracles vote on its events (the
	/// block holding an event is its first confirmation).
	pub confirmations: u32,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// What the node's L1 oracle reads: the chains to watch, the current oracle set and the
	/// digests it signs (computed by the runtime, so they are the ones the pallets check).
	pub trait OracleApi {
		/// The live chains with their contracts and confirmation depths, by index ascending.
		fn oracle_chains() -> Vec<OracleChain>;
		/// The L1 addresses of the current oracle set.
		fn oracles() -> Vec<L1Address>;
		/// The digest an oracle signs to vote for `fact`.
		fn vote_digest(fact: Fact) -> [u8; 32];
		/// The digest an oracle signs to certify `batch`'s sync at `sync_hash`.
		fn sync_digest(batch: BatchNumber, sync_hash: SyncHash) -> [u8; 32];
		/// What `oracle` still has to do for fact `key`.
		fn vote_status(key: FactKey, oracle: L1Address) -> Duty;
		/// What `oracle` still has to do for `batch`'s commit certificate.
		fn commit_status(batch: BatchNumber, oracle: L1Address) -> Duty;
		/// What `oracle` still has to do for `batch`'s sync certificate.
		fn sync_status(batch: BatchNumber, oracle: L1Address) -> Duty;
		/// The digest an oracle signs to revoke `batch`, while it needs a revocation
		/// certificate.
		fn revoke_digest(batch: BatchNumber) -> Option<[u8; 32]>;
		/// What `oracle` still has to do for `batch`'s revocation certificate.
		fn revoke_status(batch: BatchNumber, oracle: L1Address) -> Duty;
	}
}
