//! # Batching Pallet
//!
//! Decides when the rollup's open batch is sealed and keeps the sealed batches (DESIGN §2 step 2,
//! §5, §7): their headers forever, their pubdata and L2 signatures until every L1 executed them.
//!
//! ## Overview
//!
//! The rollup pallet applies L2 transactions and priority operations to the flat L2 state and
//! collects them in its *open batch*. This pallet closes that batch, through
//! [`BatchSource::close`], when
//!
//! - the open batch is **full**: it uses the budget, the largest circuit size of
//!   [`Config::CircuitSizes`];
//! - the open batch has held operations for [`Config::SealTimeout`] blocks (the **timeout**);
//! - the rollup cannot fit an operation into it and calls [`Sealer::seal_open`];
//! - governance calls [`Pallet::force_seal`] (tests, devnets).
//!
//! An empty open batch is never sealed. Each batch is sealed at the smallest circuit size that
//! holds its chunks (its pubdata padded with `Noop` chunks to that size, as the native executor's
//! `State::seal_batch_sized` does), so it is proven with that size's verifying key. Batches are
//! numbered contiguously from 1; batch 0 is the genesis state.
//!
//! ### Terminology
//!
//! - **Chunk**: `CHUNK_BYTES` (18) bytes of pubdata, one step of the block circuit; every
//!   operation takes a whole number of them.
//! - **Circuit size**: the chunks one block circuit (and its verifying key) serves.
//! - **Budget**: the largest circuit size, the most chunks one batch may use.
//! - **Open batch**: the operations the rollup accepted since the last seal.
//! - **Sealed batch**: a closed batch with its [`BatchHeader`], pubdata and signatures.
//!
//! ### The interface with the rollup pallet
//!
//! The rollup pallet depends on this crate, not the other way round. It implements
//! [`BatchSource`] (the runtime's [`Config::Source`]) and calls [`Sealer`] (implemented by
//! [`Pallet`]):
//!
//! ```text
//! pub struct SealedContent {
//!     pub chunks: u32,                          // the circuit size (the capacity asked for)
//!     pub pubdata: Vec<u8>,                     // Noop-padded to chunks * CHUNK_BYTES bytes
//!     pub pubdata_hash: [u8; 32],               // commitment::sha256(pubdata)
//!     pub onchain_hash: [u8; 32],               // commitment::onchain_hash(pubdata)
//!     pub signatures: Vec<Option<TxSignature>>, // one per operation, in order
//!     pub ops: u32,                             // operations, without the padding
//!     pub first_log_index: u64,                 // sequencing-log index of the first operation
//! }
//!
//! pub trait BatchSource {                       // implemented by the rollup pallet
//!     fn open_chunks() -> u32;                  // 0 when nothing is open
//!     fn close(capacity: u32) -> Result<SealedContent, DispatchError>;
//! }
//!
//! pub trait Sealer {                            // implemented by this pallet
//!     fn seal_open() -> Result<Weight, DispatchError>;
//!     fn max_seal_weight() -> Weight;
//! }
//!
//! pub trait ProvenBatches {                     // the runtime adapts the proof registry
//!     fn proven(batch: BatchNumber) -> Option<Proven>; // { old_root, new_root, commitment }
//! }
//! ```
//!
//! `close(capacity)` is only asked for with `open_chunks() ≤ capacity`; it credits the batch's
//! fees (as the executor does at a seal), empties the open batch and returns its content. The
//! pallet checks the content (size, padding, hashes, one signature per operation) and refuses a
//! malformed one ([`Error::MalformedContent`]); every seal runs in a storage transaction, so a
//! refused or failed close leaves the rollup's state as it was. The seal's weight, close
//! included, is this pallet's benchmarked weight ([`WeightInfo`]), measured in the runtime with
//! its real source.
//!
//! ### Where the pubdata lives, and why
//!
//! A batch's pubdata (and its operations' L2 signatures) is kept in **runtime state**, in
//! [`Pubdata`] and [`Signatures`], from its seal until **every live L1 executed the batch**:
//! relayers read it to commit the batch on every L1 (the full pubdata on the DA chain, the
//! on-chain operations elsewhere), and the prover needs the pubdata and the signatures to build
//! the witness. Once every L1 executed the batch nobody needs it from the appchain any more (the
//! DA chain's calldata keeps it forever, DESIGN §5), and the runtime tells this pallet through
//! [`OnExecutedEverywhere`]: the pubdata and signatures of the batches up to it are removed, at
//! most [`MAX_PRUNE_PER_CALL`] per call and per `on_idle`, a later call resuming where the last
//! stopped. The headers are kept forever. The L2 transactions themselves are not stored here:
//! they are in the appchain's block bodies (and in the rollup's sequencing log).
//!
//! ### Why the commitment is complete only once the batch is proven
//!
//! The batch commitment, the proof's one public input, binds the old and the new state root
//! (`polylink_primitives::commitment::commitment`). The runtime keeps flat L2 state and no
//! Merkle tree (DESIGN §7), so at the seal the new root is unknown: a prover computes it on its
//! native replica and brings it with the proof, and the proof registry records it once the proof
//! verifies. A sealed header therefore holds everything the commitment binds but the roots; the
//! roots and the commitment come from [`Config::Proofs`] once the batch is proven. Until then
//! [`Pallet::header`] shows no roots and the root-consensus [`BatchHeaders`] (what the commit
//! certificates sign) answers `None`: a batch is committed to the L1s after it is proven.
//!
//! ### Hooks: why `on_initialize`
//!
//! The full and timeout seals happen in `on_initialize`, on the state the previous block left:
//! its returned weight is the seal's real weight, accounted before the block's extrinsics fill
//! the block. (`on_finalize` returns no weight, so every block would have to reserve a worst-case
//! seal up front.) A full batch is therefore sealed at the start of the next block, before any
//! new operation; the seal's timestamp ([`Config::UnixTime`], `pallet_timestamp`) is then the
//! previous block's, the time the batch's last operation was included. A batch whose first
//! operation arrived in block `b` is recorded as open since `b` ([`OpenSince`], set at the start
//! of `b + 1`) and sealed by the timeout at the start of block `b + SealTimeout`.
//!
//! ### Queries (for the runtime API)
//!
//! [`Pallet::header`] (a sealed batch's header and, once proven, its roots and commitment),
//! [`Pallet::pubdata`] and [`Pallet::signatures`] (until pruned), [`Pallet::last_sealed`],
//! [`Pallet::open_batch`] (the open batch's number, chunks and timeout), [`Pallet::pruned_up_to`].
//!
//! ## Assumptions
//!
//! - [`Config::CircuitSizes`] lists the sizes with a registered verifying key, ascending, at
//!   least one; `budget × CHUNK_BYTES ≤ MaxPubdataLen`, `budget ≤ MaxOpsPerBatch` and
//!   `SealTimeout ≥ 1` (all checked by `integrity_test`).
//! - The source never accepts an operation that would take the open batch past the budget (it
//!   calls [`Sealer::seal_open`] first); an open batch over the budget cannot be sealed
//!   ([`Error::TooManyChunks`], reported by [`Event::SealFailed`] from the hook).
//! - The source's content is its open batch's: the pallet checks its form and hashes, not which
//!   operations it holds, nor that the log indices are contiguous.
//! - Batches are proven in order; [`Config::Proofs`] answers for proven batches only.
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
	BatchHeader, BatchInfo, BatchNumber, Commitment, OpenBatch, Proven, Root, SealedContent,
	SealedHeader, MAX_CIRCUIT_SIZES,
};
pub use weights::WeightInfo;

pub use pallet_polylink_proof_registry::{OnExecutedEverywhere, SealedBatches};
pub use pallet_polylink_root_consensus::BatchHeaders;

use alloc::vec::Vec;
use polkadot_sdk::{frame_support::weights::Weight, sp_runtime::DispatchError};

/// The open batch a sealer closes (implemented by the rollup pallet).
pub trait BatchSource {
	/// Chunks the open batch uses; 0 when nothing is open.
	fn open_chunks() -> u32;
	/// Closes the open batch padded to `capacity` chunks (`capacity ≥ open_chunks()`): credits its
	/// fees, empties it and returns its content. Called inside a storage transaction that is
	/// rolled back if the content is refused.
	fn close(capacity: u32) -> Result<SealedContent, DispatchError>;
}

/// Seals the open batch now (implemented by [`Pallet`]; the rollup calls it when an operation
/// does not fit the open batch).
pub trait Sealer {
	/// Seals the open batch now, nothing when it is empty; returns the weight used. On an error
	/// nothing changed.
	fn seal_open() -> Result<Weight, DispatchError>;
	/// The most weight one [`Sealer::seal_open`] uses (for the caller's declared weight).
	fn max_seal_weight() -> Weight;
}

/// The proven part of sealed batches' headers (the runtime adapts the proof registry's
/// `proven_batch` and `proven_root`).
pub trait ProvenBatches {
	/// The roots around `batch` and its commitment, or `None` while it is not proven.
	fn proven(batch: BatchNumber) -> Option<Proven>;
}

/// Fills the open batch for the benchmarks (implemented over the runtime's source).
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes the source's open batch hold `chunks` chunks of signed operations, as many
	/// operations as fit (the worst case of a seal of that size).
	fn fill_open(chunks: u32);
}

/// The most batches one [`OnExecutedEverywhere::on_executed_everywhere`] call or one `on_idle`
/// prunes.
pub const MAX_PRUNE_PER_CALL: u64 = 16;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;
	use polkadot_sdk::{
		frame_support::{
			pallet_prelude::*,
			storage::{with_transaction, TransactionOutcome},
			traits::UnixTime,
		},
		frame_system::pallet_prelude::*,
		sp_runtime::traits::{One, Saturating},
	};
	use polylink_primitives::{commitment, params::CHUNK_BYTES, signature::TxSignature};

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The open batch (the rollup pallet).
		type Source: BatchSource;
		/// The block-circuit sizes with a registered verifying key, in chunks, ascending; the
		/// largest is the budget.
		#[pallet::constant]
		type CircuitSizes: Get<BoundedVec<u32, ConstU32<MAX_CIRCUIT_SIZES>>>;
		/// Blocks a batch may stay open with anything in it before it is sealed.
		#[pallet::constant]
		type SealTimeout: Get<BlockNumberFor<Self>>;
		/// The seal timestamp's clock (`pallet_timestamp`).
		type UnixTime: UnixTime;
		/// The roots and commitment of proven batches (the proof registry).
		type Proofs: ProvenBatches;
		/// The origin that may seal the open batch at once (governance).
		type ForceOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The longest pubdata of a batch, in bytes (at least `budget × CHUNK_BYTES`).
		#[pallet::constant]
		type MaxPubdataLen: Get<u32>;
		/// The most operations of a batch (at least the budget: an operation takes a chunk or
		/// more).
		#[pallet::constant]
		type MaxOpsPerBatch: Get<u32>;
		/// Weights of the calls and hooks.
		type WeightInfo: WeightInfo;
		/// Fills the open batch for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// The header of each sealed batch (kept forever).
	#[pallet::storage]
	pub type Headers<T: Config> =
		StorageMap<_, Twox64Concat, BatchNumber, BatchHeader<BlockNumberFor<T>>, OptionQuery>;

	/// The padded pubdata of each sealed batch, until every L1 executed it.
	#[pallet::storage]
	pub type Pubdata<T: Config> =
		StorageMap<_, Twox64Concat, BatchNumber, BoundedVec<u8, T::MaxPubdataLen>, OptionQuery>;

	/// The L2 signature of each operation of each sealed batch, until every L1 executed it.
	#[pallet::storage]
	pub type Signatures<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BatchNumber,
		BoundedVec<Option<TxSignature>, T::MaxOpsPerBatch>,
		OptionQuery,
	>;

	/// The last sealed batch (0 while none is).
	#[pallet::storage]
	pub type LastSealed<T> = StorageValue<_, BatchNumber, ValueQuery>;

	/// The block the open batch received its first operation in; `None` while it is empty or no
	/// block start has seen it yet.
	#[pallet::storage]
	pub type OpenSince<T: Config> = StorageValue<_, BlockNumberFor<T>, OptionQuery>;

	/// The highest batch every live L1 executed (0 while none did): the pruning target.
	#[pallet::storage]
	pub type ExecutedUpTo<T> = StorageValue<_, BatchNumber, ValueQuery>;

	/// The highest batch whose pubdata and signatures were pruned (0 while none were).
	#[pallet::storage]
	pub type PrunedUpTo<T> = StorageValue<_, BatchNumber, ValueQuery>;

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// The open batch was sealed as batch `batch`.
		BatchSealed {
			/// The batch number.
			batch: BatchNumber,
			/// Its circuit size, in chunks.
			chunks: u32,
			/// Its operations, without the padding.
			ops: u32,
			/// The sequencing-log index of its first operation.
			first_log_index: u64,
			/// The seal timestamp, seconds since the Unix epoch.
			timestamp: u64,
		},
		/// A full or timed-out open batch could not be sealed at a block start (a source fault;
		/// nothing changed, the next block tries again).
		SealFailed {
			/// Why.
			error: DispatchError,
		},
		/// The pubdata and signatures of batches `from..=to` were removed (every L1 executed
		/// them).
		Pruned {
			/// The first batch pruned.
			from: BatchNumber,
			/// The last batch pruned.
			to: BatchNumber,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The open batch is empty.
		NothingOpen,
		/// The open batch uses more chunks than the largest circuit size.
		TooManyChunks,
		/// The closed batch's content does not match its size (chunks, padding, hashes or one
		/// signature per operation).
		MalformedContent,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Seals the open batch when it is full or timed out (see the crate docs).
		fn on_initialize(now: BlockNumberFor<T>) -> Weight {
			let chunks = T::Source::open_chunks();
			if chunks == 0 {
				if OpenSince::<T>::exists() {
					OpenSince::<T>::kill();
				}
				return T::WeightInfo::on_initialize_idle();
			}
			let since = OpenSince::<T>::get().unwrap_or_else(|| {
				let since = now.saturating_sub(One::one());
				OpenSince::<T>::put(since);
				since
			});
			let full = chunks >= Self::budget();
			let timed_out = now.saturating_sub(since) >= T::SealTimeout::get();
			if !full && !timed_out {
				return T::WeightInfo::on_initialize_idle();
			}
			if let Err(error) = Self::seal() {
				Self::deposit_event(Event::SealFailed { error });
			}
			T::WeightInfo::on_initialize_seal()
		}

		/// Prunes towards [`ExecutedUpTo`] with the block's spare weight.
		fn on_idle(_now: BlockNumberFor<T>, remaining: Weight) -> Weight {
			let needed = T::WeightInfo::prune(MAX_PRUNE_PER_CALL as u32);
			if !remaining.all_gte(needed) {
				return Weight::zero();
			}
			T::WeightInfo::prune(Self::prune(MAX_PRUNE_PER_CALL))
		}

		fn integrity_test() {
			let sizes = T::CircuitSizes::get();
			assert!(!sizes.is_empty(), "CircuitSizes lists at least one size");
			assert!(sizes[0] > 0, "circuit sizes are above zero");
			assert!(sizes.windows(2).all(|w| w[0] < w[1]), "CircuitSizes is strictly ascending");
			let budget = Self::budget();
			assert!(
				(budget as usize).saturating_mul(CHUNK_BYTES) <= T::MaxPubdataLen::get() as usize,
				"MaxPubdataLen holds a batch of the largest circuit size"
			);
			assert!(
				budget <= T::MaxOpsPerBatch::get(),
				"MaxOpsPerBatch holds a batch of one-chunk operations"
			);
			assert!(T::SealTimeout::get() >= One::one(), "SealTimeout is at least one block");
		}
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Seals the open batch now, at the smallest circuit size that holds it.
		///
		/// The dispatch origin for this call must be [`Config::ForceOrigin`] (governance; for
		/// tests and devnets). Emits [`Event::BatchSealed`].
		///
		/// ## Complexity
		/// - O(P): the batch's pubdata of P bytes (at most the budget) is checked and stored.
		#[pallet::call_index(0)]
		pub fn force_seal(origin: OriginFor<T>) -> DispatchResult {
			T::ForceOrigin::ensure_origin(origin)?;
			Self::seal().map(|_| ())
		}
	}

	impl<T: Config> Pallet<T> {
		/// The budget: the largest circuit size, in chunks (0 when none is configured).
		pub fn budget() -> u32 {
			T::CircuitSizes::get().last().copied().unwrap_or(0)
		}

		/// The smallest circuit size that holds `chunks` chunks, or `None` above the budget.
		pub fn circuit_size_for(chunks: u32) -> Option<u32> {
			T::CircuitSizes::get().into_iter().find(|&size| size >= chunks)
		}

		/// The header of sealed batch `batch` and, once it is proven, its roots and commitment.
		pub fn header(batch: BatchNumber) -> Option<BatchInfo<BlockNumberFor<T>>> {
			Headers::<T>::get(batch)
				.map(|header| BatchInfo { header, proven: T::Proofs::proven(batch) })
		}

		/// The padded pubdata of sealed batch `batch`, until every L1 executed it.
		pub fn pubdata(batch: BatchNumber) -> Option<Vec<u8>> {
			Pubdata::<T>::get(batch).map(BoundedVec::into_inner)
		}

		/// The L2 signatures of sealed batch `batch`'s operations, in order, until every L1
		/// executed it.
		pub fn signatures(batch: BatchNumber) -> Option<Vec<Option<TxSignature>>> {
			Signatures::<T>::get(batch).map(BoundedVec::into_inner)
		}

		/// The last sealed batch (0 while none is).
		pub fn last_sealed() -> BatchNumber {
			LastSealed::<T>::get()
		}

		/// The highest batch whose pubdata and signatures were pruned (0 while none were).
		pub fn pruned_up_to() -> BatchNumber {
			PrunedUpTo::<T>::get()
		}

		/// The open batch: its number, chunks, first block and timeout block.
		pub fn open_batch() -> OpenBatch<BlockNumberFor<T>> {
			let since = OpenSince::<T>::get();
			OpenBatch {
				number: LastSealed::<T>::get().saturating_add(1),
				chunks: T::Source::open_chunks(),
				since,
				seal_by: since.map(|since| since.saturating_add(T::SealTimeout::get())),
			}
		}

		/// Seals the open batch in a storage transaction: nothing changes on an error.
		pub(crate) fn seal() -> Result<BatchNumber, DispatchError> {
			with_transaction(|| match Self::do_seal() {
				Ok(batch) => TransactionOutcome::Commit(Ok(batch)),
				Err(error) => TransactionOutcome::Rollback(Err(error)),
			})
		}

		/// Closes the open batch at the smallest circuit size that holds it and records it as
		/// the next batch. Callers roll back on an error.
		fn do_seal() -> Result<BatchNumber, DispatchError> {
			let open = T::Source::open_chunks();
			ensure!(open > 0, Error::<T>::NothingOpen);
			let capacity = Self::circuit_size_for(open).ok_or(Error::<T>::TooManyChunks)?;
			let content = T::Source::close(capacity)?;
			Self::check_content(&content, capacity)?;
			let pubdata: BoundedVec<u8, T::MaxPubdataLen> =
				content.pubdata.try_into().map_err(|_| Error::<T>::MalformedContent)?;
			let signatures: BoundedVec<Option<TxSignature>, T::MaxOpsPerBatch> =
				content.signatures.try_into().map_err(|_| Error::<T>::MalformedContent)?;

			let batch = LastSealed::<T>::get().saturating_add(1);
			let timestamp = T::UnixTime::now().as_secs();
			Headers::<T>::insert(
				batch,
				BatchHeader {
					number: batch,
					timestamp,
					chunks: capacity,
					pubdata_hash: content.pubdata_hash,
					onchain_hash: content.onchain_hash,
					ops: content.ops,
					first_log_index: content.first_log_index,
					sealed_at: polkadot_sdk::frame_system::Pallet::<T>::block_number(),
				},
			);
			Pubdata::<T>::insert(batch, pubdata);
			Signatures::<T>::insert(batch, signatures);
			LastSealed::<T>::put(batch);
			OpenSince::<T>::kill();
			Self::deposit_event(Event::BatchSealed {
				batch,
				chunks: capacity,
				ops: content.ops,
				first_log_index: content.first_log_index,
				timestamp,
			});
			Ok(batch)
		}

		/// Checks that `content` is a closed batch of `capacity` chunks: its size, its padded
		/// pubdata and hashes, one signature per operation and at most one operation per chunk.
		fn check_content(content: &SealedContent, capacity: u32) -> Result<(), Error<T>> {
			let malformed = Error::<T>::MalformedContent;
			ensure!(content.chunks == capacity, malformed);
			ensure!(content.pubdata.len() == capacity as usize * CHUNK_BYTES, malformed);
			ensure!(content.ops > 0 && content.ops <= capacity, malformed);
			ensure!(content.signatures.len() == content.ops as usize, malformed);
			ensure!(content.pubdata_hash == commitment::sha256(&content.pubdata), malformed);
			let onchain = commitment::onchain_hash(&content.pubdata).map_err(|_| malformed)?;
			ensure!(content.onchain_hash == onchain, Error::<T>::MalformedContent);
			Ok(())
		}

		/// Removes the pubdata and signatures of the batches after [`PrunedUpTo`] up to
		/// [`ExecutedUpTo`], at most `limit` of them; returns how many.
		fn prune(limit: u64) -> u32 {
			let pruned = PrunedUpTo::<T>::get();
			let to = ExecutedUpTo::<T>::get().min(pruned.saturating_add(limit));
			if to <= pruned {
				return 0;
			}
			let from = pruned + 1;
			for batch in from..=to {
				Pubdata::<T>::remove(batch);
				Signatures::<T>::remove(batch);
			}
			PrunedUpTo::<T>::put(to);
			Self::deposit_event(Event::Pruned { from, to });
			(to - pruned) as u32
		}
	}

	impl<T: Config> Sealer for Pallet<T> {
		fn seal_open() -> Result<Weight, DispatchError> {
			if T::Source::open_chunks() == 0 {
				return Ok(T::WeightInfo::on_initialize_idle());
			}
			Self::seal()?;
			Ok(T::WeightInfo::force_seal())
		}

		fn max_seal_weight() -> Weight {
			T::WeightInfo::force_seal()
		}
	}

	impl<T: Config> SealedBatches for Pallet<T> {
		/// The fields of sealed batch `batch`'s header the commitment binds.
		fn sealed_batch(batch: BatchNumber) -> Option<SealedHeader> {
			Headers::<T>::get(batch).map(|header| header.sealed_header())
		}
	}

	impl<T: Config> BatchHeaders for Pallet<T> {
		/// `(chunks, commitment)` of batch `batch`, once it is sealed **and proven**: the
		/// commitment binds the new root, which only the proof brings.
		fn batch_header(batch: BatchNumber) -> Option<(u32, [u8; 32])> {
			let header = Headers::<T>::get(batch)?;
			let proven = T::Proofs::proven(batch)?;
			Some((header.chunks, proven.commitment))
		}
	}

	impl<T: Config> OnExecutedEverywhere for Pallet<T> {
		/// Records `batch` (capped at the last sealed batch) as executed everywhere and prunes
		/// towards it, at most [`MAX_PRUNE_PER_CALL`] batches; later calls and `on_idle` resume.
		fn on_executed_everywhere(batch: BatchNumber) -> Weight {
			let target = batch.min(LastSealed::<T>::get());
			if target > ExecutedUpTo::<T>::get() {
				ExecutedUpTo::<T>::put(target);
			}
			T::WeightInfo::prune(Self::prune(MAX_PRUNE_PER_CALL))
		}
	}
}
