//! # Proof Registry Pallet
//!
//! Verifies the Groth16 block proof of every sealed batch on the appchain and records the state
//! root it proves (DESIGN §2 step 3, §7); keeps the proofs until every L1 executed the batch.
//!
//! ## Overview
//!
//! The runtime keeps flat L2 state and no Poseidon tree (DESIGN §7): the Merkle root after a
//! batch comes from a prover's native replica, together with the proof. A prover submits
//! `(batch, new_root, proof)` with [`Pallet::submit_proof`]; the pallet recomputes the batch
//! commitment from the sealed header, the previous batch's proven root and `new_root`, verifies
//! the proof against the verifying key registered for the batch's size, and on success records
//! `new_root` as the batch's root. A proof for a wrong root cannot exist, so the recorded roots
//! are the roots of the sequenced batches.
//!
//! Governance registers one verifying key per circuit size with
//! [`Pallet::register_verifying_key`]; the key is decoded and fully validated once, at
//! registration, and named by its [`vk_hash`](polylink_primitives::groth16::encoding::vk_hash),
//! the hash the L1 contracts pin.
//!
//! ### Terminology
//!
//! - **Sealed batch**: a batch the batching pallet closed: its timestamp, size in chunks,
//!   `sha256(pubdata)` and `sha256(onchain_data)` are fixed ([`SealedBatches`]).
//! - **Proven root**: the state root after a proven batch; batch 0's is the genesis root.
//! - **Circuit size**: the number of chunks a block circuit (and its key) serves.
//!
//! ### The commitment
//!
//! The proof's one public input is the batch commitment of
//! [`polylink_primitives::commitment::commitment`], the definition the circuits and contracts are
//! pinned to:
//!
//! ```text
//! commitment = sha256(batch u64 BE ‖ timestamp u64 BE ‖ live_chains u8 ‖ old_root ‖ new_root ‖
//!                     pubdata_hash ‖ onchain_hash), top 3 bits cleared
//! ```
//!
//! with `timestamp`, `pubdata_hash` and `onchain_hash` from the sealed header, `old_root` the
//! proven root of `batch − 1`, `new_root` the submitted root and `live_chains` the deployment's
//! ([`Config::LiveChains`]). Nothing of the commitment is taken from the submitter but
//! `new_root`.
//!
//! ### Ordering
//!
//! Proofs are accepted strictly in batch order: only batch `last_proven + 1` is accepted, since
//! its old root is the previous batch's proven root. A proof for a batch already proven is
//! refused with [`Error::AlreadyProven`] before anything is decoded or paired, so a copy of an
//! accepted proof costs the verifier nothing; a later batch is refused with
//! [`Error::NotNextBatch`], a batch not sealed yet with [`Error::UnknownBatch`]. The first valid
//! proof of a batch wins; its submitter is recorded as the prover.
//!
//! ### Fees for invalid proofs
//!
//! [`Pallet::submit_proof`] is a signed call: the prover pays its fee. In FRAME a signed
//! extrinsic that fails still pays its fee (the transaction is included and its weight used),
//! and the weight charged is always the verification's (`WeightInfo::submit_proof`, a pairing
//! check), whether the call fails early or not. An invalid proof therefore costs its submitter
//! the full verification fee and changes no state of this pallet.
//!
//! ### Pruning
//!
//! The proof bytes are kept, retrievable with [`Pallet::proof`], for the relayers that deliver
//! them to every L1. Once every live L1 executed a batch, the runtime calls
//! [`OnExecutedEverywhere::on_executed_everywhere`] (implemented by [`Pallet`]), which removes the
//! stored proofs up to that batch (at most [`MAX_PRUNE_PER_CALL`] per call; a later call resumes
//! where the last one stopped). The proven batch records (prover, root, commitment, key, block)
//! are kept.
//!
//! ### Queries (for the runtime API)
//!
//! [`Pallet::proof`] (a batch's proof bytes, until pruned), [`Pallet::proven_root`] (the root
//! after a proven batch, batch 0 the genesis root), [`Pallet::proven_batch`] (a proven batch's
//! record), [`Pallet::last_proven`] (the last proven batch and its root).
//!
//! ## Assumptions
//!
//! - The sealed headers are immutable once sealed and batches are sealed contiguously from 1.
//! - The live chains are the deployment's, fixed, the same set every contract binds.
//! - A registered verifying key is trusted (governance checks it is the key of the circuit the
//!   contracts verify with); the pallet checks its encoding, its points and that it takes exactly
//!   one public input. A circuit size's key is registered once and never replaced: a key change
//!   is a change of every L1 contract's key too, done by a runtime upgrade with its migration.
//! - The genesis root ([`GenesisConfig::genesis_root`]) is the contracts' genesis root.
//! - Verification decodes and prepares the stored key on every call (a prepared key is not
//!   storable): of the 5.4 ms a call measures natively, about 3 ms are not the 2.3 ms
//!   verification itself; the weights account for it.
//! - Anyone may submit a proof seen in the pool under their own account; the first valid one
//!   is recorded with its submitter as the prover. Nothing is paid to the prover here.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
#[cfg(any(test, feature = "runtime-benchmarks"))]
mod fixture;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod types;
pub mod weights;

pub use pallet::*;
pub use types::{
	proof_bytes, BatchNumber, Commitment, ProofOf, ProvenBatch, Root, SealedHeader, VkHash,
	MAX_PROOF_LEN,
};
pub use weights::WeightInfo;

use alloc::vec::Vec;
use polkadot_sdk::frame_support::weights::Weight;

/// The headers of sealed batches (provided by the batching pallet).
pub trait SealedBatches {
	/// The header of sealed batch `batch`, or `None` while it is not sealed.
	fn sealed_batch(batch: BatchNumber) -> Option<SealedHeader>;
}

/// Told when every live L1 executed a batch (called by the runtime from the root-consensus
/// facts).
pub trait OnExecutedEverywhere {
	/// Every live L1 executed `batch` (and so every batch before it); returns the weight used.
	fn on_executed_everywhere(batch: BatchNumber) -> Weight;
}

/// Seals batches for the benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub trait BenchmarkHelper {
	/// Makes `header` the header of sealed batch `batch`.
	fn seal(batch: BatchNumber, header: SealedHeader);
	/// Makes `live_chains` the deployment's live chains.
	fn set_live_chains(live_chains: polylink_primitives::chain::LiveChains);
}

/// The most stored proofs one [`OnExecutedEverywhere::on_executed_everywhere`] call removes.
pub const MAX_PRUNE_PER_CALL: u64 = 16;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;
	use polkadot_sdk::{frame_support::pallet_prelude::*, frame_system::pallet_prelude::*};
	use polylink_primitives::{
		chain::LiveChains,
		commitment::{commitment, commitment_to_field},
		field,
		groth16::{encoding::vk_hash, verify, PreparedVerifyingKey},
	};

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>> {
		/// The origin that registers verifying keys (governance).
		type RegisterOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The headers of sealed batches.
		type SealedBatches: SealedBatches;
		/// The deployment's live chains, as every contract binds them.
		type LiveChains: Get<LiveChains>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
		/// The longest SCALE verifying key accepted, in bytes.
		#[pallet::constant]
		type MaxVkLen: Get<u32>;
		/// Seals batches for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: BenchmarkHelper;
	}

	/// The registered verifying keys by hash: the circuit size each serves and its validated SCALE
	/// bytes.
	#[pallet::storage]
	pub type VerifyingKeys<T: Config> =
		StorageMap<_, Identity, VkHash, (u32, BoundedVec<u8, T::MaxVkLen>), OptionQuery>;

	/// The hash of the verifying key registered for each circuit size (in chunks).
	#[pallet::storage]
	pub type KeyForChunks<T> = StorageMap<_, Twox64Concat, u32, VkHash, OptionQuery>;

	/// The hash ([`vk_hash`]) of the exit circuit's verifying key (set at genesis): every live
	/// chain's exit verifier must hold it (the oracles check), so exit proofs made with the
	/// deployment's parameters verify everywhere.
	#[pallet::storage]
	pub type ExitKey<T> = StorageValue<_, VkHash, OptionQuery>;

	/// The state root of batch 0 (set at genesis).
	#[pallet::storage]
	pub type GenesisRoot<T> = StorageValue<_, Root, ValueQuery>;

	/// The last proven batch (0 while none is).
	#[pallet::storage]
	pub type LastProven<T> = StorageValue<_, BatchNumber, ValueQuery>;

	/// The state root after [`LastProven`]: the old root of the next batch.
	#[pallet::storage]
	pub type ProvenRoot<T> = StorageValue<_, Root, ValueQuery>;

	/// The record of each proven batch.
	#[pallet::storage]
	pub type ProvenBatches<T: Config> = StorageMap<
		_,
		Twox64Concat,
		BatchNumber,
		ProvenBatch<T::AccountId, BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The accepted proof of each proven batch, until every L1 executed it.
	#[pallet::storage]
	pub type Proofs<T> = StorageMap<_, Twox64Concat, BatchNumber, ProofOf, OptionQuery>;

	/// The highest batch whose proof was pruned (0 while none was).
	#[pallet::storage]
	pub type PrunedUpTo<T> = StorageValue<_, BatchNumber, ValueQuery>;

	/// The genesis configuration: the state root batch 1 starts from.
	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The genesis state root (batch 0), 32 big-endian bytes below the field modulus; the
		/// contracts' genesis root. The default (zero) is for tests only.
		pub genesis_root: Root,
		/// Verifying keys registered at genesis, `(chunks, SCALE key bytes)`, each checked as
		/// [`Pallet::register_verifying_key`] checks it (a devnet's node derives them from its
		/// prover's parameters when it builds the chain spec).
		pub verifying_keys: Vec<(u32, Vec<u8>)>,
		/// The exit circuit's verifying key (SCALE key bytes, one public input), whose hash
		/// every chain's exit verifier must hold ([`ExitKey`]); empty for none (tests).
		pub exit_verifying_key: Vec<u8>,
		/// Marker.
		#[serde(skip)]
		pub _config: core::marker::PhantomData<T>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			assert!(
				field::from_be_bytes(&self.genesis_root).is_some(),
				"the genesis root must be a canonical field element"
			);
			GenesisRoot::<T>::put(self.genesis_root);
			ProvenRoot::<T>::put(self.genesis_root);
			for (chunks, vk_bytes) in &self.verifying_keys {
				let vk_bytes = BoundedVec::try_from(vk_bytes.clone())
					.expect("a genesis verifying key fits MaxVkLen");
				if let Err(error) = Pallet::<T>::register(*chunks, vk_bytes) {
					panic!("genesis verifying key for {chunks} chunks refused: {error:?}");
				}
			}
			if !self.exit_verifying_key.is_empty() {
				let vk =
					polylink_primitives::groth16::encoding::vk_from_bytes(&self.exit_verifying_key)
						.expect("the genesis exit verifying key decodes");
				assert_eq!(vk.num_inputs(), 1, "the exit circuit has one public input");
				ExitKey::<T>::put(vk_hash(&vk));
			}
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A verifying key was registered for a circuit size.
		VerifyingKeyRegistered {
			/// The circuit size, in chunks.
			chunks: u32,
			/// The key's hash.
			vk_hash: VkHash,
		},
		/// A batch's proof was verified and its new root recorded.
		BatchProven {
			/// The batch.
			batch: BatchNumber,
			/// The state root after it.
			new_root: Root,
			/// The commitment the proof was verified against.
			commitment: Commitment,
			/// The account that submitted the proof.
			prover: T::AccountId,
		},
		/// The stored proofs of batches `from..=to` were removed (every L1 executed them).
		ProofsPruned {
			/// The first batch pruned.
			from: BatchNumber,
			/// The last batch pruned.
			to: BatchNumber,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// A circuit size of zero chunks.
		ZeroChunks,
		/// The verifying key does not decode or its points are invalid.
		MalformedKey,
		/// The verifying key does not take exactly one public input.
		WrongInputCount,
		/// A key is already registered for this circuit size, or this key for another.
		AlreadyRegistered,
		/// The batch is already proven.
		AlreadyProven,
		/// The batch is not the one after the last proven batch.
		NotNextBatch,
		/// The batch is not sealed.
		UnknownBatch,
		/// The new root is not a canonical field element.
		NonCanonicalRoot,
		/// No verifying key is registered for the batch's circuit size.
		NoKeyForChunks,
		/// The proof bytes are neither 512 (EIP-2537) nor 192 (compressed) bytes of valid points.
		MalformedProof,
		/// The proof does not verify for the recomputed commitment.
		InvalidProof,
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Registers `vk_bytes` (a SCALE verifying key,
		/// [`vk_to_bytes`](polylink_primitives::groth16::encoding::vk_to_bytes)) as the key of the
		/// circuit of `chunks` chunks.
		///
		/// The dispatch origin for this call must be [`Config::RegisterOrigin`]. The key is
		/// decoded with full validation (canonical encoding, curve and subgroup membership) and
		/// must take exactly one public input. A circuit size is keyed once: a second key for the
		/// same size, or the same key for a second size, is refused.
		///
		/// ## Complexity
		/// - O(1): the key has a fixed size for one public input.
		#[pallet::call_index(0)]
		pub fn register_verifying_key(
			origin: OriginFor<T>,
			chunks: u32,
			vk_bytes: BoundedVec<u8, T::MaxVkLen>,
		) -> DispatchResult {
			T::RegisterOrigin::ensure_origin(origin)?;
			Self::register(chunks, vk_bytes)
		}

		/// Verifies `proof` for sealed batch `batch` with state root `new_root` after it and, if it
		/// verifies, records the batch as proven.
		///
		/// The dispatch origin for this call must be `Signed` by the prover, who pays the fee; a
		/// failing call pays it too, and the weight is always the verification's (see the crate
		/// docs). `batch` must be `last_proven + 1`; a batch already proven is refused before any
		/// decoding or pairing. The commitment is recomputed from the sealed header, the previous
		/// proven root, `new_root` and the live chains; `proof` is 512 bytes EIP-2537 or 192 bytes
		/// compressed, verified against the key registered for the batch's size.
		///
		/// ## Complexity
		/// - O(1): one key preparation and one pairing check.
		#[pallet::call_index(1)]
		pub fn submit_proof(
			origin: OriginFor<T>,
			batch: BatchNumber,
			new_root: Root,
			proof: ProofOf,
		) -> DispatchResult {
			let prover = ensure_signed(origin)?;
			let last = LastProven::<T>::get();
			ensure!(batch > last, Error::<T>::AlreadyProven);
			ensure!(batch == last.saturating_add(1), Error::<T>::NotNextBatch);
			let header = T::SealedBatches::sealed_batch(batch).ok_or(Error::<T>::UnknownBatch)?;
			let new_root_fr =
				field::from_be_bytes(&new_root).ok_or(Error::<T>::NonCanonicalRoot)?;
			let key_hash =
				KeyForChunks::<T>::get(header.chunks).ok_or(Error::<T>::NoKeyForChunks)?;
			let (_, vk_bytes) =
				VerifyingKeys::<T>::get(key_hash).ok_or(Error::<T>::NoKeyForChunks)?;
			let decoded = proof_bytes(&proof)
				.ok_or(Error::<T>::MalformedProof)?
				.decode()
				.map_err(|_| Error::<T>::MalformedProof)?;
			let old_root = ProvenRoot::<T>::get();
			// The stored root was canonical when it was recorded (genesis or a proven root).
			let old_root_fr =
				field::from_be_bytes(&old_root).ok_or(Error::<T>::NonCanonicalRoot)?;
			let batch_commitment = commitment(
				batch,
				header.timestamp,
				T::LiveChains::get(),
				&old_root_fr,
				&new_root_fr,
				&header.pubdata_hash,
				&header.onchain_hash,
			);
			// The key was validated at registration; a key that no longer decodes is no key.
			let pvk = PreparedVerifyingKey::from_bytes(&vk_bytes)
				.map_err(|_| Error::<T>::NoKeyForChunks)?;
			verify(&pvk, &decoded, &[commitment_to_field(&batch_commitment)])
				.map_err(|_| Error::<T>::InvalidProof)?;

			LastProven::<T>::put(batch);
			ProvenRoot::<T>::put(new_root);
			ProvenBatches::<T>::insert(
				batch,
				ProvenBatch {
					prover: prover.clone(),
					new_root,
					commitment: batch_commitment,
					vk_hash: key_hash,
					proven_at: polkadot_sdk::frame_system::Pallet::<T>::block_number(),
				},
			);
			Proofs::<T>::insert(batch, proof);
			Self::deposit_event(Event::BatchProven {
				batch,
				new_root,
				commitment: batch_commitment,
				prover,
			});
			Ok(())
		}
	}

	impl<T: Config> Pallet<T> {
		/// Validates `vk_bytes` and registers it for circuits of `chunks` chunks (see
		/// [`Pallet::register_verifying_key`]).
		fn register(chunks: u32, vk_bytes: BoundedVec<u8, T::MaxVkLen>) -> DispatchResult {
			ensure!(chunks > 0, Error::<T>::ZeroChunks);
			let vk = polylink_primitives::groth16::encoding::vk_from_bytes(&vk_bytes)
				.map_err(|_| Error::<T>::MalformedKey)?;
			ensure!(vk.num_inputs() == 1, Error::<T>::WrongInputCount);
			let hash = vk_hash(&vk);
			ensure!(!KeyForChunks::<T>::contains_key(chunks), Error::<T>::AlreadyRegistered);
			ensure!(!VerifyingKeys::<T>::contains_key(hash), Error::<T>::AlreadyRegistered);
			VerifyingKeys::<T>::insert(hash, (chunks, vk_bytes));
			KeyForChunks::<T>::insert(chunks, hash);
			Self::deposit_event(Event::VerifyingKeyRegistered { chunks, vk_hash: hash });
			Ok(())
		}

		/// The accepted proof bytes of `batch`, until every L1 executed it.
		pub fn proof(batch: BatchNumber) -> Option<Vec<u8>> {
			Proofs::<T>::get(batch).map(BoundedVec::into_inner)
		}

		/// The state root after proven batch `batch` (batch 0: the genesis root), or `None` while
		/// `batch` is not proven.
		pub fn proven_root(batch: BatchNumber) -> Option<Root> {
			if batch == 0 {
				return Some(GenesisRoot::<T>::get());
			}
			ProvenBatches::<T>::get(batch).map(|record| record.new_root)
		}

		/// The record of proven batch `batch`.
		pub fn proven_batch(
			batch: BatchNumber,
		) -> Option<ProvenBatch<T::AccountId, BlockNumberFor<T>>> {
			ProvenBatches::<T>::get(batch)
		}

		/// The last proven batch (0 while none is) and the state root after it.
		pub fn last_proven() -> (BatchNumber, Root) {
			(LastProven::<T>::get(), ProvenRoot::<T>::get())
		}

		/// The hash of the verifying key registered for circuits of `chunks` chunks.
		pub fn key_for_chunks(chunks: u32) -> Option<VkHash> {
			KeyForChunks::<T>::get(chunks)
		}
	}

	impl<T: Config> OnExecutedEverywhere for Pallet<T> {
		/// Removes the stored proofs of the batches after [`PrunedUpTo`] up to `batch` (never past
		/// the last proven batch), at most [`MAX_PRUNE_PER_CALL`] of them.
		fn on_executed_everywhere(batch: BatchNumber) -> Weight {
			let db = T::DbWeight::get();
			let pruned = PrunedUpTo::<T>::get();
			let last = LastProven::<T>::get();
			let to = batch.min(last).min(pruned.saturating_add(MAX_PRUNE_PER_CALL));
			if to <= pruned {
				return db.reads(2);
			}
			let from = pruned + 1;
			for n in from..=to {
				Proofs::<T>::remove(n);
			}
			PrunedUpTo::<T>::put(to);
			Self::deposit_event(Event::ProofsPruned { from, to });
			db.reads_writes(2, to - from + 2)
		}
	}
}
