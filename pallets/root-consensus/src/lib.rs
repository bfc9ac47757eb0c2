//! # Root Consensus Pallet
//!
//! The light oracle network of the Polylink appchain (DESIGN §6) and the place where the
//! validators' quorum certificates for the L1 contracts are gathered (DESIGN §2 steps 4 and 6,
//! §7).
//!
//! ## Overview
//!
//! Every validator holds a secp256k1 *oracle key* (its L1 address is what the rollup contracts
//! register). Each validator reads its own L1 endpoints after a confirmation depth and, for every
//! event it sees, signs a vote for the matching [`Fact`] and submits it as an **unsigned**
//! extrinsic ([`Pallet::vote`]). When a quorum of the current oracle set voted the same content
//! for one [`FactKey`], the fact is *made*: it is stored and handed to the runtime's
//! [`FactHandler`] (the rollup pallet).
//!
//! The pallet also gathers the oracles' signatures over the two digests the L1 contracts check:
//! the commit digest of a sealed batch ([`Pallet::submit_commit_signature`]) and the sync digest
//! of a batch every live chain proved with the same sync hash
//! ([`Pallet::submit_sync_signature`]). Relayers read them with [`Pallet::commit_signatures`] and
//! [`Pallet::sync_certificate`] and deliver them to `commitBatches` and `syncBatches`. Both
//! digests are computed by [`polylink_primitives::certificate`], the one definition the
//! contracts are pinned to.
//!
//! ### Terminology
//!
//! - **Oracle set**: the current oracle keys, as L1 addresses, and a set id that changes whenever
//!   the set does ([`OracleSet`]). Votes and partial certificates gathered under an older set
//!   stop counting when the set id changes.
//! - **Fact**: an L1 event of one live chain: a priority operation at a serial id, a batch proven
//!   with a sync hash, a batch executed, a ChangePubKey pre-approval, a token registration.
//! - **Key**: what a fact is about: `(chain, serial)` for priority operations, `(chain, batch)`
//!   for proven and executed batches, `(chain, owner, nonce)` for approvals, `(chain, token)`
//!   for token registrations. A key is decided at most once.
//! - **Quorum**: `n * 2 / 3 + 1` of a set of `n` oracles ([`types::quorum`]), the rule of the
//!   contracts' `_checkQuorum`.
//! - **Conflict**: two votes for one key with different content.
//!
//! ### The vote digest
//!
//! ```text
//! voteDigest = keccak256("PolylinkOracleVote:v1" ‖ deploymentId (32 bytes) ‖ SCALE(fact))
//! ```
//!
//! signed raw (no EIP-191 prefix, 65 bytes `r ‖ s ‖ v`, low `s`) by the oracle key
//! ([`types::vote_digest`]). It is domain-separated from every certificate digest, bound to the
//! deployment (a vote for another deployment recovers another address and is refused) and to
//! every field of the fact.
//!
//! ### Votes, conflicts and delivery order
//!
//! Each oracle votes at most once per key and set. Votes are tallied per content: a key's fact is
//! made when one content has a quorum of the current set. A second vote by the same oracle for the
//! same key is refused, [`Error::AlreadyVoted`] for the same content and
//! [`Error::ConflictingVote`] for another. A vote whose content differs from the contents other
//! oracles voted is recorded for its own content and reported ([`Event::ConflictReported`]);
//! it is not dropped, so one faulty oracle voting first cannot keep the honest quorum from making
//! the fact. With at most `f` faulty oracles of `n = 3f + 1`, two contents can never both reach a
//! quorum.
//!
//! Priority operations reach the [`FactHandler`] strictly in serial order per chain, from 0: a
//! fact for serial `k + 1` made before `k` waits in storage and is delivered right after `k`.
//! The handler may refuse one (the rollup refuses a deposit of a token its registry does not
//! know yet, and everything while governance's revocation halts it): it stays in the backlog at
//! the next serial, with the later ones behind it ([`Event::PriorityWaiting`]), and is offered
//! again when a [`Fact::TokenRegistered`] of its chain is made and at the start of every block,
//! so once a halt is lifted the queued operations apply in the next block. Nothing is skipped
//! or lost. Votes for serials at or beyond `next_serial + MaxPendingPerChain` are refused
//! ([`Error::TooFarAhead`]), which bounds the backlog; the oracles vote them again later. One
//! vote hands at most `MaxDeliveriesPerVote` operations to the handler and is charged for that
//! many ([`Pallet::vote_weight`], with the handler's [`FactHandler::priority_op_weight`]); the
//! start of each block delivers at most `MaxDeliveriesPerBlock` more.
//!
//! ### What votes may cost
//!
//! Votes are unsigned and free, so they are bounded: an oracle may have at most
//! `MaxOutstandingVotes` undecided votes under the current set
//! ([`Error::TooManyOutstandingVotes`]; a decided key counts off every vote on it), so a faulty
//! oracle leaves at most that many tallies behind; a block takes at most `MaxVotesPerBlock` votes
//! ([`Error::BlockVotesFull`], which the pool reads as "exhausts resources": the vote waits for
//! the next block), so the rest of every block stays for L2 transactions; tallies cast under an
//! older oracle set no longer count and are removed in blocks' spare weight (`on_idle`).
//!
//! A [`Fact::BatchProven`] whose sync hash differs from another live chain's proven sync hash for
//! the same batch is reported ([`Event::SyncHashConflict`]); a sync certificate needs every live
//! chain's proven fact with the same hash, so a conflict blocks it.
//!
//! ### Revocation: the emergency brake
//!
//! Governance may revoke the tail of batches no live chain has proven ([`Pallet::revoke`]), as
//! the contracts' `revertBatches` drops the unproven tail. A revert must hold deployment-wide: a
//! batch's commit certificate is public, so once it exists anyone could commit the batch on a
//! chain the revert has not reached. From the revocation on, the revoked batches get no commit or
//! sync signatures and the queries show none of their certificates; for each revoked batch the
//! appchain proved (whose commit digest an oracle may have signed, even if the signatures only
//! reached the transaction pool) the oracles sign the revoke digest
//! (`certificate::revoke_digest`, [`Pallet::submit_revoke_signature`]), and relayers deliver the
//! revocation certificate to every live chain's `revokeCommitment`. The runtime halts the
//! rollup while a revocation stands (the L2 state holds the revoked batches' effects); a
//! governance repair (a runtime upgrade restoring the state) or the L1s' exit mode goes on.
//!
//! ### Queries (for the runtime API)
//!
//! [`Pallet::fact`] (the fact decided for a key), [`Pallet::next_serial`] (the next priority
//! serial a chain delivers), [`Pallet::commit_signatures`] (a batch's commit signatures by signer
//! ascending, a quorum or fewer), [`Pallet::sync_certificate`] (a batch's sync hash and a quorum's
//! signatures, once complete), [`Pallet::revoked_from`] and [`Pallet::revocation_certificate`],
//! and the digests the oracle signer signs: [`Pallet::vote_digest_of`],
//! [`Pallet::commit_digest`], [`Pallet::sync_digest`], [`Pallet::revoke_digest`].
//!
//! ## Assumptions
//!
//! - The oracle set has at most `MaxOracles` members and a new set id whenever it changes.
//! - The deployment id and the live chains are fixed at genesis, the same as the contracts'.
//! - Calls are unsigned: [`ValidateUnsigned`](polkadot_sdk::sp_runtime::traits::ValidateUnsigned)
//!   runs every check of the call (set membership, signature, not yet voted or signed, live
//!   chain), so a block carrying an invalid one is invalid. The calls check again on dispatch.
//!   (`ValidateUnsigned` is deprecated upstream, to be removed after April 2027, in favour of
//!   `#[pallet::authorize]`; moving to it is a later change.)
//! - Facts and certificates are kept forever; pruning them once every L1 executed a batch is a
//!   later change.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::{
	quorum, vote_digest, BatchNumber, Certificate, Duty, Fact, FactKey, OracleAddress,
	OracleSignature, SyncHash, Tally, VOTE_DOMAIN,
};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use polkadot_sdk::frame_support::weights::Weight;
use polylink_primitives::{
	account::Nonce, chain::ChainId, eth::L1Address, signature::PubKeyHash, token::TokenId,
	tx::PriorityOp,
};

/// The current oracle set: the L1 addresses of the validators' secp256k1 oracle keys.
pub trait OracleSet {
	/// An id that changes whenever the set changes (a session index or rotation nonce).
	fn set_id() -> u64;
	/// The L1 addresses of the current oracle keys, without duplicates.
	fn oracles() -> Vec<L1Address>;
}

/// Receives the facts the oracle quorum made.
pub trait FactHandler {
	/// The priority operation of `chain` at serial `op.serial_id()`; called strictly in serial
	/// order per chain, from 0. Returns whether it was applied: one that was not (refused,
	/// nothing changed) waits, with every later one of its chain behind it, and is offered
	/// again when a [`Fact::TokenRegistered`] of its chain changes the registry and at the
	/// start of every block (a halt lifted, a registry repaired by governance).
	fn on_priority_op(chain: ChainId, op: PriorityOp) -> bool;
	/// The most [`FactHandler::on_priority_op`] may weigh, applied or refused (every
	/// delivery is charged this).
	fn priority_op_weight() -> Weight;
	/// The most any other call of the handler may weigh (a vote making a fact is charged this
	/// on top of its deliveries).
	fn other_fact_weight() -> Weight;
	/// `chain` proved `batch`, its sync hash after it being `sync_hash`.
	fn on_batch_proven(chain: ChainId, batch: BatchNumber, sync_hash: SyncHash);
	/// `chain` executed `batch`.
	fn on_batch_executed(chain: ChainId, batch: BatchNumber);
	/// `owner` pre-approved `pubkey_hash` at `nonce` on `chain`.
	fn on_pubkey_approved(chain: ChainId, owner: L1Address, nonce: Nonce, pubkey_hash: PubKeyHash);
	/// `chain`'s contract registered `token` at `address` with `decimals`.
	fn on_token_registered(chain: ChainId, token: TokenId, address: L1Address, decimals: u8);
}

/// The headers of sealed batches (provided by the batching pallet).
pub trait BatchHeaders {
	/// `(chunks, commitment)` of sealed batch `batch`, or `None` while it is not sealed.
	fn batch_header(batch: BatchNumber) -> Option<(u32, [u8; 32])>;
}

/// Installs oracle keys and batch headers for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `oracles` the current oracle set, under a new set id.
	fn set_oracles(oracles: Vec<L1Address>);
	/// Makes `(chunks, commitment)` the header of sealed batch `batch`.
	fn set_batch_header(batch: BatchNumber, chunks: u32, commitment: [u8; 32]);
}

/// How long (in blocks) a valid unsigned vote or signature stays in the pool.
pub const UNSIGNED_LONGEVITY: u64 = 64;

/// The name whose Keccak-256 is the default (development) genesis deployment id.
pub const DEV_DEPLOYMENT_NAME: &str = "polylink-dev";

/// The tag prefix of this pallet's unsigned transactions.
pub const TAG_PREFIX: &str = "PolylinkRootConsensus";

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;
	use polkadot_sdk::{
		frame_support::pallet_prelude::*, frame_system::pallet_prelude::*,
		sp_runtime::traits::Saturating,
	};
	use polylink_primitives::{
		certificate::{self, DeploymentId},
		chain::LiveChains,
		eth::recover_address,
	};

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The current oracle set.
		type OracleSet: OracleSet;
		/// Receives the facts made.
		type FactHandler: FactHandler;
		/// The headers of sealed batches, for commit certificates.
		type BatchHeaders: BatchHeaders;
		/// Who may revoke the unproven tail of batches ([`Pallet::revoke`]): governance.
		type RevokeOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// The largest oracle set; votes and signatures are refused while the set is larger.
		#[pallet::constant]
		type MaxOracles: Get<u32>;
		/// How far past the next expected serial a priority fact may be voted (its backlog).
		#[pallet::constant]
		type MaxPendingPerChain: Get<u32>;
		/// The most undecided votes one oracle may have under the current set; its further
		/// votes are refused ([`Error::TooManyOutstandingVotes`]) until some are decided (the
		/// oracle votes them again later). Bounds the tallies a faulty oracle can leave behind.
		#[pallet::constant]
		type MaxOutstandingVotes: Get<u32>;
		/// The most votes one block takes ([`Error::BlockVotesFull`], "exhausts resources" in
		/// the pool: the vote waits for the next block); the rest of the block stays for L2
		/// transactions.
		#[pallet::constant]
		type MaxVotesPerBlock: Get<u32>;
		/// The most priority operations one vote hands to the fact handler (the one it makes
		/// and those waiting behind it); the rest are delivered at the start of the next
		/// blocks. A vote is charged for this many deliveries.
		#[pallet::constant]
		type MaxDeliveriesPerVote: Get<u32>;
		/// The most priority operations delivered (or offered again) at the start of one
		/// block, over every chain.
		#[pallet::constant]
		type MaxDeliveriesPerBlock: Get<u32>;
		/// The pool priority of the votes and signatures.
		#[pallet::constant]
		type UnsignedPriority: Get<TransactionPriority>;
		/// Installs oracle keys and batch headers for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// The deployment id every certificate and vote is bound to (set at genesis).
	#[pallet::storage]
	pub type Deployment<T> = StorageValue<_, DeploymentId, ValueQuery>;

	/// The deployment's live chains (set at genesis); facts of other chains are refused.
	#[pallet::storage]
	pub type Live<T> = StorageValue<_, LiveChains, ValueQuery>;

	/// The votes recorded for each undecided key.
	#[pallet::storage]
	pub type Tallies<T: Config> =
		StorageMap<_, Blake2_128Concat, FactKey, Tally<T::MaxOracles>, OptionQuery>;

	/// Each oracle's undecided votes: the set id they were cast under and how many there are.
	#[pallet::storage]
	pub type Outstanding<T> = StorageMap<_, Blake2_128Concat, L1Address, (u64, u32), ValueQuery>;

	/// The votes recorded in the current block: its number and their count.
	#[pallet::storage]
	pub type BlockVotes<T: Config> = StorageValue<_, (BlockNumberFor<T>, u32), ValueQuery>;

	/// The set id whose stale tallies (of older sets) are all removed.
	#[pallet::storage]
	pub type PrunedForSet<T> = StorageValue<_, u64, ValueQuery>;

	/// Where the removal of stale tallies continues (a raw storage key), while it is under way.
	#[pallet::storage]
	pub type PruneCursor<T> = StorageValue<_, BoundedVec<u8, ConstU32<256>>, OptionQuery>;

	/// The facts made, by key.
	#[pallet::storage]
	pub type Facts<T> = StorageMap<_, Blake2_128Concat, FactKey, Fact, OptionQuery>;

	/// The next priority serial id each chain delivers.
	#[pallet::storage]
	pub type NextSerial<T> = StorageMap<_, Twox64Concat, ChainId, u64, ValueQuery>;

	/// Priority operations made but not applied yet: ahead of their turn, waiting for the
	/// serials before them, or (at the next serial id) refused until the registry changes.
	#[pallet::storage]
	pub type Backlog<T> =
		StorageDoubleMap<_, Twox64Concat, ChainId, Twox64Concat, u64, PriorityOp, OptionQuery>;

	/// The oracle signatures over each batch's commit digest.
	#[pallet::storage]
	pub type CommitSignatures<T: Config> =
		StorageMap<_, Twox64Concat, BatchNumber, Certificate<T::MaxOracles>, OptionQuery>;

	/// The sync hash and the oracle signatures over each batch's sync digest.
	#[pallet::storage]
	pub type SyncSignatures<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BatchNumber,
		(SyncHash, Certificate<T::MaxOracles>),
		OptionQuery,
	>;

	/// The highest batch each live chain proved (its highest [`Fact::BatchProven`]; facts may
	/// be made out of order, the L1 proves in order).
	#[pallet::storage]
	pub type ProvenOnL1<T> = StorageMap<_, Twox64Concat, ChainId, BatchNumber, ValueQuery>;

	/// The first revoked batch: it and every later one get no commit or sync certificate, and
	/// the ones proven on the appchain among them a revocation certificate ([`Pallet::revoke`]).
	#[pallet::storage]
	pub type RevokedFrom<T> = StorageValue<_, BatchNumber, OptionQuery>;

	/// The revoked commitment and the oracle signatures over each revoked, proven
	/// batch's revoke digest.
	#[pallet::storage]
	pub type RevokeSignatures<T: Config> =
		StorageMap<_, Twox64Concat, BatchNumber, RevocationOf<T>, OptionQuery>;

	/// A revocation certificate as gathered: the revoked commitment and the signatures.
	pub type RevocationOf<T> = ([u8; 32], Certificate<<T as Config>::MaxOracles>);

	/// The genesis configuration: the deployment the pallet serves.
	#[pallet::genesis_config]
	pub struct GenesisConfig<T: Config> {
		/// The deployment id (`certificate::DeploymentId`), non-zero, the contracts' one.
		pub deployment: [u8; 32],
		/// The live chains' indices (`1..=MAX_CHAINS`), the contracts' `liveChains`.
		pub live_chains: Vec<u8>,
		/// Marker.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	/// The development deployment: id `keccak256("polylink-dev")` ([`DEV_DEPLOYMENT_NAME`]),
	/// chain 1 live. Chain specs of real deployments set both fields to the contracts' values.
	impl<T: Config> Default for GenesisConfig<T> {
		fn default() -> Self {
			Self {
				deployment: DeploymentId::from_name(DEV_DEPLOYMENT_NAME).0,
				live_chains: alloc::vec![1],
				_config: Default::default(),
			}
		}
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(self.deployment != [0; 32], "the deployment id must be non-zero");
			let chains: Vec<ChainId> = self
				.live_chains
				.iter()
				.map(|&index| ChainId::new(index).expect("live chain indices are 1..=MAX_CHAINS"))
				.collect();
			assert!(!chains.is_empty(), "a deployment has at least one live chain");
			Deployment::<T>::put(DeploymentId(self.deployment));
			Live::<T>::put(LiveChains::of(chains));
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// An oracle's vote was recorded.
		Voted {
			/// The key voted on.
			key: FactKey,
			/// The oracle.
			oracle: OracleAddress,
		},
		/// An oracle voted a content for a key that differs from what other oracles voted.
		ConflictReported {
			/// The key.
			key: FactKey,
			/// The oracle whose vote introduced the different content.
			oracle: OracleAddress,
		},
		/// A quorum made a fact.
		FactMade {
			/// The fact.
			fact: Fact,
		},
		/// A priority fact was made ahead of its turn and waits for the serials before it.
		PriorityQueued {
			/// The chain index.
			chain: u8,
			/// The serial id.
			serial_id: u64,
		},
		/// The fact handler refused the chain's next priority operation: it and the later ones
		/// wait in the backlog until a registry change (a `TokenRegistered` fact) lets it apply.
		PriorityWaiting {
			/// The chain index.
			chain: u8,
			/// The serial id.
			serial_id: u64,
		},
		/// A priority operation was handed to the fact handler and applied.
		PriorityDelivered {
			/// The chain index.
			chain: u8,
			/// The serial id.
			serial_id: u64,
		},
		/// Two live chains proved one batch with different sync hashes: no sync certificate can
		/// be made for it.
		SyncHashConflict {
			/// The batch.
			batch: BatchNumber,
			/// The chain index whose proven fact was just made.
			chain: u8,
			/// Its sync hash.
			sync_hash: SyncHash,
			/// The chain index that proved the batch earlier.
			other_chain: u8,
			/// That chain's sync hash.
			other_sync_hash: SyncHash,
		},
		/// An oracle's signature over a batch's commit digest was recorded.
		CommitSignatureAdded {
			/// The batch.
			batch: BatchNumber,
			/// The oracle.
			oracle: OracleAddress,
		},
		/// A quorum signed a batch's commit digest.
		CommitCertified {
			/// The batch.
			batch: BatchNumber,
		},
		/// An oracle's signature over a batch's sync digest was recorded.
		SyncSignatureAdded {
			/// The batch.
			batch: BatchNumber,
			/// The oracle.
			oracle: OracleAddress,
		},
		/// A quorum signed a batch's sync digest.
		SyncCertified {
			/// The batch.
			batch: BatchNumber,
			/// The sync hash every live chain proved.
			sync_hash: SyncHash,
		},
		/// Governance revoked batch `from` and every later one, deployment-wide.
		BatchesRevoked {
			/// The first revoked batch.
			from: BatchNumber,
		},
		/// An oracle's signature over a revoked batch's revoke digest was recorded.
		RevokeSignatureAdded {
			/// The batch.
			batch: BatchNumber,
			/// The oracle.
			oracle: OracleAddress,
		},
		/// A quorum signed a revoked batch's revoke digest: its revocation certificate is
		/// complete, for relayers to deliver to every live chain's `revokeCommitment`.
		RevokeCertified {
			/// The batch.
			batch: BatchNumber,
			/// The revoked commitment.
			commitment: [u8; 32],
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The oracle is not in the current set.
		NotOracle,
		/// The current oracle set is larger than `MaxOracles`.
		OracleSetTooLarge,
		/// The signature is malformed, has a high `s` or recovers no key.
		InvalidSignature,
		/// The signature recovers another address than the oracle's (another digest).
		SignerMismatch,
		/// The chain is not a live chain of the deployment.
		ChainNotLive,
		/// The priority operation names another chain or serial id than the fact's key.
		PriorityMismatch,
		/// The priority serial id is too far past the next expected one.
		TooFarAhead,
		/// The oracle has `MaxOutstandingVotes` undecided votes already.
		TooManyOutstandingVotes,
		/// The block holds `MaxVotesPerBlock` votes already.
		BlockVotesFull,
		/// The key is already decided.
		AlreadyDecided,
		/// The oracle already voted this content for this key.
		AlreadyVoted,
		/// The oracle already voted another content for this key.
		ConflictingVote,
		/// The batch is not sealed.
		UnknownBatch,
		/// The oracle already signed this certificate.
		AlreadySigned,
		/// A quorum already signed this certificate.
		AlreadyCertified,
		/// A live chain has no proven fact for the batch yet.
		NotProvenEverywhere,
		/// A live chain proved the batch with another sync hash.
		SyncHashMismatch,
		/// The batch is revoked: it gets no commit or sync certificate.
		Revoked,
		/// The batch, or an earlier one, is revoked already.
		AlreadyRevoked,
		/// A live chain proved the batch: only the tail no L1 proved can be revoked (the
		/// contracts' `revertBatches` takes the unproven tail only).
		ProvenOnL1,
		/// Batch 0 is the genesis state; the first batch is 1.
		GenesisBatch,
		/// The batch is not revoked: it gets no revocation certificate.
		NotRevoked,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Delivers the priority operations waiting at each chain's next serial id, at most
		/// [`Config::MaxDeliveriesPerBlock`] of them: the ones a vote left for later, and a
		/// refused one offered again (after a halt was lifted or the registry repaired, it
		/// applies now, and the ones behind it follow).
		fn on_initialize(_n: BlockNumberFor<T>) -> Weight {
			Self::deliver_waiting(T::MaxDeliveriesPerBlock::get())
		}

		/// Removes tallies of older oracle sets (they no longer count) in the block's spare
		/// weight, resuming where the last block stopped.
		fn on_idle(_n: BlockNumberFor<T>, remaining: Weight) -> Weight {
			Self::prune_stale_tallies(remaining)
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Records `oracle`'s vote for `fact`; makes the fact when a quorum of the current set
		/// voted the same content for its key.
		///
		/// The dispatch origin for this call must be `None` (an unsigned extrinsic); the vote is
		/// authorised by `signature`, the oracle key's raw ECDSA signature over
		/// [`vote_digest`]. A made priority fact is delivered in serial order, with the ones
		/// waiting after it, at most [`Config::MaxDeliveriesPerVote`] of them (the rest at the
		/// start of the next blocks); the vote is charged for that many deliveries.
		///
		/// ## Complexity
		/// - O(`MaxOracles` + `MaxDeliveriesPerVote`).
		#[pallet::call_index(0)]
		#[pallet::weight(Pallet::<T>::vote_weight())]
		pub fn vote(
			origin: OriginFor<T>,
			fact: Fact,
			oracle: OracleAddress,
			signature: OracleSignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let oracle = L1Address(oracle);
			let checked = Self::check_vote(&fact, &oracle, &signature)?;
			Self::record_vote(fact, oracle, checked)
		}

		/// Records `oracle`'s signature over the commit digest of sealed batch `batch`.
		///
		/// The dispatch origin for this call must be `None` (an unsigned extrinsic);
		/// `signature` is the oracle key's raw ECDSA signature over
		/// `certificate::commit_digest(deployment, batch, chunks, commitment)` with the batch's
		/// header from [`Config::BatchHeaders`]. Emits [`Event::CommitCertified`] when a quorum
		/// signed.
		///
		/// ## Complexity
		/// - O(`MaxOracles`).
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::submit_commit_signature())]
		pub fn submit_commit_signature(
			origin: OriginFor<T>,
			batch: BatchNumber,
			oracle: OracleAddress,
			signature: OracleSignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let oracle = L1Address(oracle);
			let certificate = Self::check_commit_signature(batch, &oracle, &signature)?;
			let certificate = Self::add_signature(certificate, oracle, signature)?;
			let complete = certificate.is_complete();
			CommitSignatures::<T>::insert(batch, certificate);
			Self::deposit_event(Event::CommitSignatureAdded { batch, oracle: oracle.0 });
			if complete {
				Self::deposit_event(Event::CommitCertified { batch });
			}
			Ok(())
		}

		/// Records `oracle`'s signature over the sync digest of `batch` with `sync_hash`.
		///
		/// The dispatch origin for this call must be `None` (an unsigned extrinsic); accepted
		/// only once every live chain has a made [`Fact::BatchProven`] for `batch` with this
		/// `sync_hash`. `signature` is the oracle key's raw ECDSA signature over
		/// `certificate::sync_digest(deployment, batch, sync_hash)`. Emits
		/// [`Event::SyncCertified`] when a quorum signed.
		///
		/// ## Complexity
		/// - O(`MaxOracles` + `MAX_CHAINS`).
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::submit_sync_signature())]
		pub fn submit_sync_signature(
			origin: OriginFor<T>,
			batch: BatchNumber,
			sync_hash: SyncHash,
			oracle: OracleAddress,
			signature: OracleSignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let oracle = L1Address(oracle);
			let certificate = Self::check_sync_signature(batch, &sync_hash, &oracle, &signature)?;
			let certificate = Self::add_signature(certificate, oracle, signature)?;
			let complete = certificate.is_complete();
			SyncSignatures::<T>::insert(batch, (sync_hash, certificate));
			Self::deposit_event(Event::SyncSignatureAdded { batch, oracle: oracle.0 });
			if complete {
				Self::deposit_event(Event::SyncCertified { batch, sync_hash });
			}
			Ok(())
		}

		/// Revokes batch `from` and every later one, deployment-wide: the emergency brake.
		///
		/// The dispatch origin for this call must be [`Config::RevokeOrigin`] (governance). Only
		/// a tail no live chain proved can be revoked ([`Error::ProvenOnL1`]); a revocation may
		/// be widened to an earlier batch, never narrowed ([`Error::AlreadyRevoked`]). From then
		/// on the revoked batches get no commit or sync signatures, the queries show none of
		/// their certificates, and the oracles sign a revocation certificate
		/// ([`Pallet::submit_revoke_signature`]) for each of them the appchain proved (its commit
		/// digest may have been signed, on-chain or in the pool),
		/// which relayers deliver to every live chain's `revokeCommitment`, so no L1 can commit
		/// or prove it with its public commit certificate and proof (and one that did drops it
		/// with `revertRevokedBatches`). The runtime halts the rollup for as long as a
		/// revocation stands: the L2 state holds the revoked batches' effects, and only a
		/// governance repair (a runtime upgrade restoring the state of batch `from - 1`) or the
		/// L1s' exit mode goes on from there.
		///
		/// ## Complexity
		/// - O(`MAX_CHAINS`).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, from: BatchNumber) -> DispatchResult {
			T::RevokeOrigin::ensure_origin(origin)?;
			ensure!(from > 0, Error::<T>::GenesisBatch);
			ensure!(
				RevokedFrom::<T>::get().is_none_or(|revoked| from < revoked),
				Error::<T>::AlreadyRevoked
			);
			let proven = Live::<T>::get().iter().any(|chain| ProvenOnL1::<T>::get(chain) >= from);
			ensure!(!proven, Error::<T>::ProvenOnL1);
			RevokedFrom::<T>::put(from);
			Self::deposit_event(Event::BatchesRevoked { from });
			Ok(())
		}

		/// Records `oracle`'s signature over the revoke digest of revoked batch `batch`.
		///
		/// The dispatch origin for this call must be `None` (an unsigned extrinsic); accepted
		/// for a revoked batch with a header (proven on the appchain). `signature` is the oracle
		/// key's raw ECDSA signature over
		/// `certificate::revoke_digest(deployment, batch, commitment)` with the batch's
		/// commitment from [`Config::BatchHeaders`]. Emits [`Event::RevokeCertified`] when a
		/// quorum signed.
		///
		/// ## Complexity
		/// - O(`MaxOracles`).
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::submit_revoke_signature())]
		pub fn submit_revoke_signature(
			origin: OriginFor<T>,
			batch: BatchNumber,
			oracle: OracleAddress,
			signature: OracleSignature,
		) -> DispatchResult {
			ensure_none(origin)?;
			let oracle = L1Address(oracle);
			let (commitment, certificate) =
				Self::check_revoke_signature(batch, &oracle, &signature)?;
			let certificate = Self::add_signature(certificate, oracle, signature)?;
			let complete = certificate.is_complete();
			RevokeSignatures::<T>::insert(batch, (commitment, certificate));
			Self::deposit_event(Event::RevokeSignatureAdded { batch, oracle: oracle.0 });
			if complete {
				Self::deposit_event(Event::RevokeCertified { batch, commitment });
			}
			Ok(())
		}
	}

	#[pallet::validate_unsigned]
	#[allow(deprecated)]
	impl<T: Config> ValidateUnsigned for Pallet<T> {
		type Call = Call<T>;

		/// Runs every check of the call; the tag `(kind, subject, oracle)` lets the pool keep one
		/// vote per oracle and key, and one signature per oracle and certificate.
		fn validate_unsigned(_source: TransactionSource, call: &Self::Call) -> TransactionValidity {
			let tag = match call {
				Call::vote { fact, oracle, signature } => {
					Self::check_vote(fact, &L1Address(*oracle), signature)
						.map_err(Self::invalid)?;
					(b"vote", fact.key(), *oracle).encode()
				}
				Call::submit_commit_signature { batch, oracle, signature } => {
					Self::check_commit_signature(*batch, &L1Address(*oracle), signature)
						.map_err(Self::invalid)?;
					(b"cmit", *batch, *oracle).encode()
				}
				Call::submit_sync_signature { batch, sync_hash, oracle, signature } => {
					Self::check_sync_signature(*batch, sync_hash, &L1Address(*oracle), signature)
						.map_err(Self::invalid)?;
					(b"sync", *batch, *oracle).encode()
				}
				Call::submit_revoke_signature { batch, oracle, signature } => {
					Self::check_revoke_signature(*batch, &L1Address(*oracle), signature)
						.map_err(Self::invalid)?;
					(b"rvke", *batch, *oracle).encode()
				}
				_ => return InvalidTransaction::Call.into(),
			};
			ValidTransaction::with_tag_prefix(TAG_PREFIX)
				.priority(T::UnsignedPriority::get())
				.and_provides(tag)
				.longevity(UNSIGNED_LONGEVITY)
				.propagate(true)
				.build()
		}
	}

	/// What [`Pallet::check_vote`] found out about a valid vote.
	pub(crate) struct CheckedVote<T: Config> {
		/// The current set id.
		set_id: u64,
		/// The quorum of the current set.
		quorum: u32,
		/// The key's tally under the current set (empty when there is none yet).
		tally: Tally<T::MaxOracles>,
	}

	impl<T: Config> Pallet<T> {
		/// The fact decided for `key`, if any.
		pub fn fact(key: FactKey) -> Option<Fact> {
			Facts::<T>::get(key)
		}

		/// The next priority serial id `chain` delivers.
		pub fn next_serial(chain: ChainId) -> u64 {
			NextSerial::<T>::get(chain)
		}

		/// The signatures over `batch`'s commit digest gathered so far (a quorum or fewer), by
		/// signer address ascending: a complete certificate, or the current set's partial one
		/// (an older set's partial signatures no longer count and are not returned).
		/// A revoked batch's are not shown: no relayer may deliver them.
		pub fn commit_signatures(batch: BatchNumber) -> Vec<OracleSignature> {
			if Self::is_revoked(batch) {
				return Vec::new();
			}
			CommitSignatures::<T>::get(batch)
				.filter(|c| c.is_complete() || c.set_id == T::OracleSet::set_id())
				.map(|c| c.signatures())
				.unwrap_or_default()
		}

		/// Whether a quorum signed `batch`'s commit digest (its commit certificate is complete)
		/// and the batch is not revoked.
		pub fn commit_certified(batch: BatchNumber) -> bool {
			!Self::is_revoked(batch) && Self::commit_certificate_complete(batch)
		}

		/// `batch`'s sync certificate: the sync hash and a quorum's signatures over its sync
		/// digest, by signer address ascending; `None` until a quorum signed, and for a revoked
		/// batch.
		pub fn sync_certificate(batch: BatchNumber) -> Option<(SyncHash, Vec<OracleSignature>)> {
			if Self::is_revoked(batch) {
				return None;
			}
			SyncSignatures::<T>::get(batch)
				.filter(|(_, certificate)| certificate.is_complete())
				.map(|(sync_hash, certificate)| (sync_hash, certificate.signatures()))
		}

		/// The first revoked batch, if governance revoked any ([`Pallet::revoke`]).
		pub fn revoked_from() -> Option<BatchNumber> {
			RevokedFrom::<T>::get()
		}

		/// Whether `batch` is revoked.
		pub fn is_revoked(batch: BatchNumber) -> bool {
			RevokedFrom::<T>::get().is_some_and(|from| batch >= from)
		}

		/// `batch`'s revocation certificate: the revoked commitment and a quorum's signatures
		/// over its revoke digest, by signer address ascending; `None` until a quorum signed.
		pub fn revocation_certificate(
			batch: BatchNumber,
		) -> Option<([u8; 32], Vec<OracleSignature>)> {
			RevokeSignatures::<T>::get(batch)
				.filter(|(_, certificate)| certificate.is_complete())
				.map(|(commitment, certificate)| (commitment, certificate.signatures()))
		}

		/// The digest oracles sign to revoke `batch`, or `None` while it needs no revocation
		/// certificate (not revoked, or never proven on the appchain, so never signed):
		/// `certificate::revoke_digest` of its commitment.
		pub fn revoke_digest(batch: BatchNumber) -> Option<[u8; 32]> {
			let commitment = Self::revoked_commitment(batch)?;
			Some(certificate::revoke_digest(&Deployment::<T>::get(), batch, &commitment))
		}

		/// What `oracle` still has to do for `batch`'s revocation certificate: nothing for a
		/// batch that needs none, once it is complete or once `oracle` signed it under the
		/// current set; otherwise sign.
		pub fn revoke_status(batch: BatchNumber, oracle: &L1Address) -> Duty {
			if Self::revoked_commitment(batch).is_none() {
				return Duty::Done;
			}
			Self::certificate_duty(RevokeSignatures::<T>::get(batch).map(|(_, c)| c), oracle)
		}

		/// What `oracle` still has to do for fact `key`: nothing once it is decided or once
		/// `oracle` voted under the current set; otherwise vote.
		pub fn vote_status(key: FactKey, oracle: &L1Address) -> Duty {
			if Facts::<T>::contains_key(key) {
				return Duty::Done;
			}
			let voted = Tallies::<T>::get(key)
				.filter(|tally| tally.set_id == T::OracleSet::set_id())
				.is_some_and(|tally| tally.vote_of(oracle).is_some());
			if voted {
				Duty::Waiting
			} else {
				Duty::Open
			}
		}

		/// What `oracle` still has to do for `batch`'s commit certificate: nothing once it is
		/// complete or once `oracle` signed it under the current set; otherwise sign.
		/// A revoked batch owes nothing.
		pub fn commit_status(batch: BatchNumber, oracle: &L1Address) -> Duty {
			if Self::is_revoked(batch) {
				return Duty::Done;
			}
			Self::certificate_duty(CommitSignatures::<T>::get(batch), oracle)
		}

		/// What `oracle` still has to do for `batch`'s sync certificate (see
		/// [`Self::commit_status`]).
		pub fn sync_status(batch: BatchNumber, oracle: &L1Address) -> Duty {
			if Self::is_revoked(batch) {
				return Duty::Done;
			}
			Self::certificate_duty(SyncSignatures::<T>::get(batch).map(|(_, c)| c), oracle)
		}

		/// An oracle's duty towards a stored certificate.
		fn certificate_duty(
			stored: Option<Certificate<T::MaxOracles>>,
			oracle: &L1Address,
		) -> Duty {
			match stored {
				Some(certificate) if certificate.is_complete() => Duty::Done,
				Some(certificate)
					if certificate.set_id == T::OracleSet::set_id()
						&& certificate.signed_by(oracle) =>
				{
					Duty::Waiting
				}
				_ => Duty::Open,
			}
		}

		/// The digest oracles sign to vote for `fact` in this deployment.
		pub fn vote_digest_of(fact: &Fact) -> [u8; 32] {
			vote_digest(&Deployment::<T>::get(), fact)
		}

		/// The digest oracles sign to commit sealed batch `batch`, or `None` while it is not
		/// sealed: `certificate::commit_digest` of its header.
		pub fn commit_digest(batch: BatchNumber) -> Option<[u8; 32]> {
			let (chunks, commitment) = T::BatchHeaders::batch_header(batch)?;
			Some(certificate::commit_digest(&Deployment::<T>::get(), batch, chunks, &commitment))
		}

		/// The digest oracles sign to sync `batch` at `sync_hash`: `certificate::sync_digest`.
		pub fn sync_digest(batch: BatchNumber, sync_hash: &SyncHash) -> [u8; 32] {
			certificate::sync_digest(&Deployment::<T>::get(), batch, sync_hash)
		}

		/// Whether `batch`'s stored commit certificate is complete (revoked or not).
		fn commit_certificate_complete(batch: BatchNumber) -> bool {
			CommitSignatures::<T>::get(batch).is_some_and(|c| c.is_complete())
		}

		/// The commitment a revocation certificate of `batch` revokes: the batch's, when it is
		/// revoked and has a header (it was proven on the appchain). The oracles sign a batch's
		/// commit digest as soon as it has a header, and their signatures travel through the
		/// transaction pool before a block holds them: a quorum's certificate may have been
		/// completed off-chain even when the stored one is not, so every such batch needs a
		/// revocation certificate, not only the stored-certified ones.
		fn revoked_commitment(batch: BatchNumber) -> Option<[u8; 32]> {
			if !Self::is_revoked(batch) {
				return None;
			}
			T::BatchHeaders::batch_header(batch).map(|(_, commitment)| commitment)
		}

		/// The current set's id and quorum, if `oracle` is a member.
		fn check_member(oracle: &L1Address) -> Result<(u64, u32), Error<T>> {
			let oracles = T::OracleSet::oracles();
			let size = u32::try_from(oracles.len()).map_err(|_| Error::<T>::OracleSetTooLarge)?;
			ensure!(size <= T::MaxOracles::get(), Error::<T>::OracleSetTooLarge);
			ensure!(oracles.contains(oracle), Error::<T>::NotOracle);
			Ok((T::OracleSet::set_id(), quorum(size)))
		}

		/// Checks that `signature` is `oracle`'s over `digest`, with `v` 27 or 28: certificates
		/// go to the contracts as they are, and their `ecrecover` takes no other `v`.
		fn check_signature(
			digest: &[u8; 32],
			oracle: &L1Address,
			signature: &OracleSignature,
		) -> Result<(), Error<T>> {
			ensure!(matches!(signature[64], 27 | 28), Error::<T>::InvalidSignature);
			let signer =
				recover_address(digest, signature).map_err(|_| Error::<T>::InvalidSignature)?;
			ensure!(signer == *oracle, Error::<T>::SignerMismatch);
			Ok(())
		}

		/// Every check of a vote, without writing anything.
		pub(crate) fn check_vote(
			fact: &Fact,
			oracle: &L1Address,
			signature: &OracleSignature,
		) -> Result<CheckedVote<T>, Error<T>> {
			let (set_id, quorum) = Self::check_member(oracle)?;
			let key = fact.key();
			ensure!(Live::<T>::get().contains(key.chain()), Error::<T>::ChainNotLive);
			if let Fact::Priority { chain, serial_id, op } = fact {
				ensure!(
					op.chain() == *chain && op.serial_id() == *serial_id,
					Error::<T>::PriorityMismatch
				);
				let next = NextSerial::<T>::get(chain);
				ensure!(*serial_id >= next, Error::<T>::AlreadyDecided);
				ensure!(
					*serial_id < next.saturating_add(T::MaxPendingPerChain::get().into()),
					Error::<T>::TooFarAhead
				);
			}
			ensure!(!Facts::<T>::contains_key(key), Error::<T>::AlreadyDecided);
			let (block, taken) = BlockVotes::<T>::get();
			ensure!(
				block != polkadot_sdk::frame_system::Pallet::<T>::block_number()
					|| taken < T::MaxVotesPerBlock::get(),
				Error::<T>::BlockVotesFull
			);
			let (votes_set, outstanding) = Outstanding::<T>::get(oracle);
			ensure!(
				votes_set != set_id || outstanding < T::MaxOutstandingVotes::get(),
				Error::<T>::TooManyOutstandingVotes
			);
			let tally = Tallies::<T>::get(key)
				.filter(|tally| tally.set_id == set_id)
				.unwrap_or_else(|| Tally { set_id, ..Default::default() });
			match tally.vote_of(oracle) {
				Some(voted) if voted == fact => return Err(Error::<T>::AlreadyVoted),
				Some(_) => return Err(Error::<T>::ConflictingVote),
				None => {}
			}
			Self::check_signature(&Self::vote_digest_of(fact), oracle, signature)?;
			Ok(CheckedVote { set_id, quorum, tally })
		}

		/// Records a checked vote and makes the fact at a quorum.
		fn record_vote(fact: Fact, oracle: L1Address, checked: CheckedVote<T>) -> DispatchResult {
			let CheckedVote { set_id, quorum, mut tally } = checked;
			debug_assert_eq!(tally.set_id, set_id);
			let key = fact.key();
			let index = match tally.candidates.iter().position(|candidate| *candidate == fact) {
				Some(index) => index,
				None => {
					tally
						.candidates
						.try_push(fact.clone())
						.map_err(|_| Error::<T>::OracleSetTooLarge)?;
					tally.candidates.len() - 1
				}
			} as u32;
			let at = tally
				.votes
				.binary_search_by(|(voter, _)| voter.cmp(&oracle))
				.expect_err("check_vote refused a second vote of this oracle");
			tally
				.votes
				.try_insert(at, (oracle, index))
				.map_err(|_| Error::<T>::OracleSetTooLarge)?;
			Self::deposit_event(Event::Voted { key, oracle: oracle.0 });
			if tally.candidates.len() > 1 && index as usize == tally.candidates.len() - 1 {
				Self::deposit_event(Event::ConflictReported { key, oracle: oracle.0 });
			}
			let now = polkadot_sdk::frame_system::Pallet::<T>::block_number();
			BlockVotes::<T>::mutate(|(block, taken)| {
				if *block != now {
					*block = now;
					*taken = 0;
				}
				taken.saturating_inc();
			});
			Outstanding::<T>::mutate(oracle, |(votes_set, outstanding)| {
				if *votes_set != set_id {
					*votes_set = set_id;
					*outstanding = 0;
				}
				outstanding.saturating_inc();
			});
			if tally.votes_for(index) >= quorum {
				Tallies::<T>::remove(key);
				// Every vote on the key is decided, the losing contents' too.
				for (voter, _) in &tally.votes {
					Outstanding::<T>::mutate(voter, |(votes_set, outstanding)| {
						if *votes_set == set_id {
							outstanding.saturating_dec();
						}
					});
				}
				Self::make_fact(fact);
			} else {
				Tallies::<T>::insert(key, tally);
			}
			Ok(())
		}

		/// Stores a fact and hands it to the fact handler (priority operations in serial order).
		fn make_fact(fact: Fact) {
			Facts::<T>::insert(fact.key(), fact.clone());
			Self::deposit_event(Event::FactMade { fact: fact.clone() });
			match fact {
				Fact::Priority { chain, serial_id, op } => {
					Backlog::<T>::insert(chain, serial_id, op);
					if serial_id == NextSerial::<T>::get(chain) {
						Self::deliver_backlog(chain, T::MaxDeliveriesPerVote::get(), true);
					} else {
						Self::deposit_event(Event::PriorityQueued { chain: chain.0, serial_id });
					}
				}
				Fact::BatchProven { chain, batch, sync_hash } => {
					ProvenOnL1::<T>::mutate(chain, |proven| *proven = (*proven).max(batch));
					T::FactHandler::on_batch_proven(chain, batch, sync_hash);
					for other in Live::<T>::get().iter().filter(|other| *other != chain) {
						if let Some(Fact::BatchProven { sync_hash: other_sync_hash, .. }) =
							Facts::<T>::get(FactKey::BatchProven { chain: other, batch })
						{
							if other_sync_hash != sync_hash {
								Self::deposit_event(Event::SyncHashConflict {
									batch,
									chain: chain.0,
									sync_hash,
									other_chain: other.0,
									other_sync_hash,
								});
							}
						}
					}
				}
				Fact::BatchExecuted { chain, batch } => {
					T::FactHandler::on_batch_executed(chain, batch);
				}
				Fact::PubkeyApproved { chain, owner, nonce, pubkey_hash } => {
					T::FactHandler::on_pubkey_approved(chain, owner, nonce, pubkey_hash);
				}
				Fact::TokenRegistered { chain, token, address, decimals } => {
					T::FactHandler::on_token_registered(chain, token, address, decimals);
					// A priority operation refused for want of this token may apply now.
					Self::deliver_backlog(chain, T::MaxDeliveriesPerVote::get(), true);
				}
			}
		}

		/// Removes tallies cast under an older oracle set than the current one, within `limit`;
		/// returns the weight used. Resumes from [`PruneCursor`] and records the set in
		/// [`PrunedForSet`] once every tally was seen.
		pub(crate) fn prune_stale_tallies(limit: Weight) -> Weight {
			let db = T::DbWeight::get();
			let mut used = db.reads(2);
			if used.any_gt(limit) {
				return Weight::zero();
			}
			let set_id = T::OracleSet::set_id();
			if PrunedForSet::<T>::get() == set_id {
				return used;
			}
			let step = db.reads_writes(1, 1);
			let mut tallies = match PruneCursor::<T>::take() {
				Some(cursor) => Tallies::<T>::iter_from(cursor.into_inner()),
				None => Tallies::<T>::iter(),
			};
			loop {
				if used.saturating_add(step).saturating_add(db.writes(1)).any_gt(limit) {
					// Out of weight: the next block continues after the last key seen (a
					// storage key of a `FactKey`, far below the cursor's bound).
					if let Ok(cursor) = BoundedVec::try_from(tallies.last_raw_key().to_vec()) {
						PruneCursor::<T>::put(cursor);
					}
					return used.saturating_add(db.writes(1));
				}
				used.saturating_accrue(step);
				match tallies.next() {
					Some((key, tally)) if tally.set_id != set_id => Tallies::<T>::remove(key),
					Some(_) => {}
					None => {
						PrunedForSet::<T>::put(set_id);
						return used.saturating_add(db.writes(1));
					}
				}
			}
		}

		/// What a vote is charged: its own work, the fact handler's call for the fact it may
		/// make and [`Config::MaxDeliveriesPerVote`] deliveries.
		pub fn vote_weight() -> Weight {
			T::WeightInfo::vote()
				.saturating_add(T::FactHandler::other_fact_weight())
				.saturating_add(
					T::FactHandler::priority_op_weight()
						.saturating_mul(u64::from(T::MaxDeliveriesPerVote::get())),
				)
		}

		/// Hands `chain`'s priority operations to the fact handler in serial order, from the
		/// next serial id, while they are made and applied, at most `limit` of them; returns
		/// how many were offered. One the handler refuses stays in the backlog at the next
		/// serial id (reported with [`Event::PriorityWaiting`] when `report`), and so do the
		/// ones after it: nothing is skipped and nothing is lost.
		fn deliver_backlog(chain: ChainId, limit: u32, report: bool) -> u32 {
			let mut next = NextSerial::<T>::get(chain);
			let mut offered = 0;
			while offered < limit {
				let Some(op) = Backlog::<T>::get(chain, next) else { break };
				offered += 1;
				if !T::FactHandler::on_priority_op(chain, op) {
					if report {
						Self::deposit_event(Event::PriorityWaiting {
							chain: chain.0,
							serial_id: next,
						});
					}
					break;
				}
				Backlog::<T>::remove(chain, next);
				Self::deposit_event(Event::PriorityDelivered { chain: chain.0, serial_id: next });
				next.saturating_inc();
			}
			NextSerial::<T>::insert(chain, next);
			offered
		}

		/// Offers every live chain's waiting priority operations to the fact handler, at most
		/// `limit` in all; returns the weight used. A refused one is not reported again (its
		/// [`Event::PriorityWaiting`] was, when it was first refused).
		pub(crate) fn deliver_waiting(limit: u32) -> Weight {
			let db = T::DbWeight::get();
			let per_op = T::FactHandler::priority_op_weight().saturating_add(db.writes(2));
			let mut used = db.reads(1);
			let mut left = limit;
			for chain in Live::<T>::get().iter() {
				used.saturating_accrue(db.reads(2));
				if left == 0 {
					break;
				}
				if !Backlog::<T>::contains_key(chain, NextSerial::<T>::get(chain)) {
					continue;
				}
				let offered = Self::deliver_backlog(chain, left, false);
				left = left.saturating_sub(offered);
				used.saturating_accrue(per_op.saturating_mul(u64::from(offered)));
				used.saturating_accrue(db.writes(1));
			}
			used
		}

		/// The certificate `oracle` may add a signature to, given what is stored: a complete one
		/// is closed, a partial one of an older set is started afresh.
		fn open_certificate(
			stored: Option<Certificate<T::MaxOracles>>,
			oracle: &L1Address,
			set_id: u64,
			quorum: u32,
		) -> Result<Certificate<T::MaxOracles>, Error<T>> {
			match stored {
				Some(certificate) if certificate.is_complete() => Err(Error::<T>::AlreadyCertified),
				Some(certificate) if certificate.set_id == set_id => {
					ensure!(!certificate.signed_by(oracle), Error::<T>::AlreadySigned);
					Ok(certificate)
				}
				_ => Ok(Certificate { set_id, quorum, signatures: Default::default() }),
			}
		}

		/// Every check of a commit signature, without writing anything; returns the certificate
		/// to add it to.
		pub(crate) fn check_commit_signature(
			batch: BatchNumber,
			oracle: &L1Address,
			signature: &OracleSignature,
		) -> Result<Certificate<T::MaxOracles>, Error<T>> {
			let (set_id, quorum) = Self::check_member(oracle)?;
			ensure!(!Self::is_revoked(batch), Error::<T>::Revoked);
			let digest = Self::commit_digest(batch).ok_or(Error::<T>::UnknownBatch)?;
			let certificate =
				Self::open_certificate(CommitSignatures::<T>::get(batch), oracle, set_id, quorum)?;
			Self::check_signature(&digest, oracle, signature)?;
			Ok(certificate)
		}

		/// Every check of a sync signature, without writing anything; returns the certificate to
		/// add it to.
		pub(crate) fn check_sync_signature(
			batch: BatchNumber,
			sync_hash: &SyncHash,
			oracle: &L1Address,
			signature: &OracleSignature,
		) -> Result<Certificate<T::MaxOracles>, Error<T>> {
			let (set_id, quorum) = Self::check_member(oracle)?;
			ensure!(!Self::is_revoked(batch), Error::<T>::Revoked);
			for chain in Live::<T>::get().iter() {
				match Facts::<T>::get(FactKey::BatchProven { chain, batch }) {
					Some(Fact::BatchProven { sync_hash: proven, .. }) => {
						ensure!(proven == *sync_hash, Error::<T>::SyncHashMismatch)
					}
					_ => return Err(Error::<T>::NotProvenEverywhere),
				}
			}
			let stored = SyncSignatures::<T>::get(batch).map(|(_, certificate)| certificate);
			let certificate = Self::open_certificate(stored, oracle, set_id, quorum)?;
			Self::check_signature(&Self::sync_digest(batch, sync_hash), oracle, signature)?;
			Ok(certificate)
		}

		/// Every check of a revoke signature, without writing anything; returns the revoked
		/// commitment and the certificate to add it to.
		pub(crate) fn check_revoke_signature(
			batch: BatchNumber,
			oracle: &L1Address,
			signature: &OracleSignature,
		) -> Result<RevocationOf<T>, Error<T>> {
			let (set_id, quorum) = Self::check_member(oracle)?;
			ensure!(Self::is_revoked(batch), Error::<T>::NotRevoked);
			// Every batch with a header: the oracles may have signed its commit digest.
			let (_, commitment) =
				T::BatchHeaders::batch_header(batch).ok_or(Error::<T>::UnknownBatch)?;
			let stored = RevokeSignatures::<T>::get(batch).map(|(_, certificate)| certificate);
			let certificate = Self::open_certificate(stored, oracle, set_id, quorum)?;
			let digest = certificate::revoke_digest(&Deployment::<T>::get(), batch, &commitment);
			Self::check_signature(&digest, oracle, signature)?;
			Ok((commitment, certificate))
		}

		/// Adds a checked signature to a certificate, keeping signers in ascending order.
		fn add_signature(
			mut certificate: Certificate<T::MaxOracles>,
			oracle: L1Address,
			signature: OracleSignature,
		) -> Result<Certificate<T::MaxOracles>, Error<T>> {
			let at =
				match certificate.signatures.binary_search_by(|(signer, _)| signer.cmp(&oracle)) {
					Ok(_) => return Err(Error::<T>::AlreadySigned),
					Err(at) => at,
				};
			certificate
				.signatures
				.try_insert(at, (oracle, signature))
				.map_err(|_| Error::<T>::OracleSetTooLarge)?;
			Ok(certificate)
		}

		/// The pool's verdict on a call refused with `error`.
		fn invalid(error: Error<T>) -> InvalidTransaction {
			match error {
				Error::<T>::AlreadyDecided
				| Error::<T>::AlreadyVoted
				| Error::<T>::AlreadySigned
				| Error::<T>::AlreadyCertified => InvalidTransaction::Stale,
				Error::<T>::NotOracle | Error::<T>::SignerMismatch => InvalidTransaction::BadSigner,
				Error::<T>::BlockVotesFull => InvalidTransaction::ExhaustsResources,
				Error::<T>::InvalidSignature => InvalidTransaction::BadProof,
				other => match DispatchError::from(other) {
					DispatchError::Module(module) => InvalidTransaction::Custom(module.error[0]),
					_ => InvalidTransaction::Call,
				},
			}
		}
	}
}
