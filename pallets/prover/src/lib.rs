//! # Prover Pallet
//!
//! The appchain's prover is an off-chain worker driving the node's native prover (DESIGN §2
//! step 3, §7): this pallet is the worker. It keeps no storage and has no calls; it runs in
//! [`Hooks::offchain_worker`] after every imported block of a node started with `--prover`.
//!
//! ## Overview
//!
//! Proving a block circuit takes seconds to minutes on all cores and needs the Poseidon trees
//! the runtime does not keep, so it cannot run in wasm. The node runs a native prover service
//! with a replica of the L2 state; the two talk through the node's persistent offchain local
//! storage ([`offchain`] defines every key and record):
//!
//! 1. The service writes [`offchain::REPLICA_KEY`]: the last batch its replica applied. Without
//!    it (a node without `--prover`) the worker does nothing.
//! 2. The worker writes a [`offchain::ProveRequest`] for each sealed batch after the replica's,
//!    at most [`Config::RequestWindow`] ahead: the sealed header, the pubdata and signatures
//!    (from [`Config::BatchData`]) and, once the batch is proven, its proven root (so a replica
//!    behind another prover applies without proving).
//! 3. The service applies the request to its replica, proves it and writes a
//!    [`offchain::ProofRecord`].
//! 4. The worker submits the record of batch `last_proven + 1` to
//!    [`pallet_polylink_proof_registry::Pallet::submit_proof`] as a **signed** transaction of
//!    the keystore's prover key ([`KEY_TYPE`]), who pays the fee and is recorded as the prover.
//!    It submits a record again only after [`Config::ResubmitAfter`] blocks, and forgets the
//!    records of proven batches.
//!
//! Several provers may run: each proves the next unproven batch; the proof registry accepts
//! the first valid proof and refuses duplicates before any pairing, and a prover whose
//! request shows the batch proven applies it without proving.
//!
//! ## Assumptions
//!
//! - The prover key's account holds enough balance for the submission fees.
//! - Pubdata and signatures stay retrievable until every L1 executed a batch (the batching
//!   pallet's rule); a replica that falls further behind than that must be restored from a
//!   snapshot past the pruned batches.
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(test)]
mod mock;
pub mod offchain;
#[cfg(test)]
mod tests;

pub use pallet::*;

use alloc::vec::Vec;
use pallet_polylink_proof_registry::BatchNumber;
use polkadot_sdk::sp_core::crypto::KeyTypeId;
use polylink_primitives::signature::TxSignature;

/// The key type of the prover's signing key in the node's keystore.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"prvr");

/// The prover's signing key: sr25519 under [`KEY_TYPE`].
pub mod crypto {
	use super::KEY_TYPE;
	use polkadot_sdk::{
		frame_system::offchain::AppCrypto,
		sp_core::sr25519 as raw,
		sp_runtime::{
			app_crypto::{app_crypto, sr25519},
			MultiSignature, MultiSigner,
		},
	};

	app_crypto!(sr25519, KEY_TYPE);

	/// Signs the prover's transactions with the keystore's [`KEY_TYPE`] key.
	pub struct ProverAuthId;

	impl AppCrypto<MultiSigner, MultiSignature> for ProverAuthId {
		type RuntimeAppPublic = Public;
		type GenericSignature = raw::Signature;
		type GenericPublic = raw::Public;
	}

	impl AppCrypto<raw::Public, raw::Signature> for ProverAuthId {
		type RuntimeAppPublic = Public;
		type GenericSignature = raw::Signature;
		type GenericPublic = raw::Public;
	}
}

/// The pubdata and signatures of sealed batches (provided by the batching pallet).
pub trait BatchData {
	/// The padded pubdata of sealed batch `batch`, until every L1 executed it.
	fn pubdata(batch: BatchNumber) -> Option<Vec<u8>>;
	/// The L2 signatures of sealed batch `batch`'s operations, until every L1 executed it.
	fn signatures(batch: BatchNumber) -> Option<Vec<Option<TxSignature>>>;
}

/// How many batches before the last proven one the worker forgets records of.
pub const FORGET_WINDOW: BatchNumber = 8;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::{offchain, BatchData, FORGET_WINDOW};
	use pallet_polylink_proof_registry::{self as proof_registry, BatchNumber, ProofOf};
	use polkadot_sdk::{
		frame_support::pallet_prelude::*,
		frame_system::{
			offchain::{AppCrypto, CreateSignedTransaction, SendSignedTransaction, Signer},
			pallet_prelude::*,
		},
		sp_runtime::{
			offchain::storage::{MutateStorageError, StorageRetrievalError, StorageValueRef},
			traits::Saturating,
		},
	};
	use proof_registry::SealedBatches as _;

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config:
		polkadot_sdk::frame_system::Config
		+ proof_registry::Config
		+ CreateSignedTransaction<proof_registry::Call<Self>>
	{
		/// The key the worker signs proof submissions with.
		type AuthorityId: AppCrypto<Self::Public, Self::Signature>;
		/// The pubdata and signatures of sealed batches.
		type BatchData: BatchData;
		/// How many sealed batches ahead of the replica the worker writes requests for.
		#[pallet::constant]
		type RequestWindow: Get<BatchNumber>;
		/// Blocks after which a proof not yet accepted is submitted again.
		#[pallet::constant]
		type ResubmitAfter: Get<BlockNumberFor<Self>>;
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Hands sealed batches to the node's prover and submits its proofs (see the crate
		/// docs); does nothing on a node without a prover service.
		fn offchain_worker(now: BlockNumberFor<T>) {
			let Some(replica) = read::<BatchNumber>(offchain::REPLICA_KEY) else {
				return;
			};
			Self::write_requests(replica);
			Self::forget_proven();
			if let Err(reason) = Self::submit_next(now) {
				log::warn!(target: "polylink::prover", "not submitting a proof: {reason}");
			}
		}
	}

	/// Reads a record of the hand-off; a record that does not decode counts as absent.
	fn read<V: Decode>(key: &[u8]) -> Option<V> {
		StorageValueRef::persistent(key).get::<V>().ok().flatten()
	}

	impl<T: Config> Pallet<T> {
		/// Writes the requests of the sealed batches after `replica` (within the window) that
		/// have none yet, whose request does not know yet that the batch is proven, or whose
		/// request was written on a fork the chain left (another sealed header: the worker runs
		/// on best blocks, and the node's prover applies a request only once the finalized chain
		/// sealed the same batch).
		pub(crate) fn write_requests(replica: BatchNumber) {
			let first = replica.saturating_add(1);
			let last = replica.saturating_add(T::RequestWindow::get());
			for batch in first..=last {
				let Some(header) =
					<T as proof_registry::Config>::SealedBatches::sealed_batch(batch)
				else {
					break;
				};
				let proven_root =
					proof_registry::Pallet::<T>::proven_batch(batch).map(|record| record.new_root);
				let key = offchain::request_key(batch);
				if let Some(existing) = read::<offchain::ProveRequest>(&key) {
					let same_batch = existing.timestamp == header.timestamp
						&& existing.chunks == header.chunks
						&& existing.pubdata_hash == header.pubdata_hash
						&& existing.onchain_hash == header.onchain_hash;
					if same_batch && (existing.proven_root == proven_root || proven_root.is_none())
					{
						continue;
					}
				}
				let (Some(pubdata), Some(signatures)) =
					(T::BatchData::pubdata(batch), T::BatchData::signatures(batch))
				else {
					log::error!(
						target: "polylink::prover",
						"batch {batch} is pruned (every L1 executed it) before the replica applied \
						 it: restore the replica from a snapshot past it"
					);
					break;
				};
				StorageValueRef::persistent(&key).set(&offchain::ProveRequest {
					batch,
					timestamp: header.timestamp,
					chunks: header.chunks,
					pubdata_hash: header.pubdata_hash,
					onchain_hash: header.onchain_hash,
					pubdata,
					signatures,
					proven_root,
				});
			}
		}

		/// Forgets the proof records (and submission marks) of the last proven batches.
		pub(crate) fn forget_proven() {
			let (last, _) = proof_registry::Pallet::<T>::last_proven();
			for batch in last.saturating_sub(FORGET_WINDOW).max(1)..=last {
				StorageValueRef::persistent(&offchain::proof_key(batch)).clear();
				StorageValueRef::persistent(&offchain::sent_key(batch)).clear();
			}
		}

		/// Submits the node's proof of batch `last_proven + 1`, if it has one and did not
		/// submit it in the last [`Config::ResubmitAfter`] blocks.
		pub(crate) fn submit_next(now: BlockNumberFor<T>) -> Result<(), &'static str> {
			let (last, _) = proof_registry::Pallet::<T>::last_proven();
			let batch = last.saturating_add(1);
			let Some(record) = read::<offchain::ProofRecord>(&offchain::proof_key(batch)) else {
				return Ok(());
			};
			let proof = ProofOf::try_from(record.proof)
				.map_err(|_| "the node's proof record is longer than any proof")?;
			let signer = Signer::<T, <T as Config>::AuthorityId>::any_account();
			if !signer.can_sign() {
				return Err("no prover key in the keystore: insert an sr25519 key of type `prvr` \
				            (`polylink-node key insert --key-type prvr`)");
			}
			let claim = StorageValueRef::persistent(&offchain::sent_key(batch)).mutate(
				|sent: Result<Option<BlockNumberFor<T>>, StorageRetrievalError>| match sent {
					Ok(Some(at)) if now < at.saturating_add(T::ResubmitAfter::get()) => Err(()),
					_ => Ok(now),
				},
			);
			match claim {
				Ok(_) => {}
				// Submitted recently, or another worker run is submitting right now.
				Err(MutateStorageError::ValueFunctionFailed(()))
				| Err(MutateStorageError::ConcurrentModification(_)) => return Ok(()),
			}
			match signer.send_signed_transaction(|_| proof_registry::Call::submit_proof {
				batch,
				new_root: record.new_root,
				proof: proof.clone(),
			}) {
				Some((_, Ok(()))) => {
					log::info!(target: "polylink::prover", "submitted the proof of batch {batch}");
					Ok(())
				}
				Some((_, Err(()))) => Err("the transaction pool refused the proof transaction"),
				None => Err("no prover account could sign the proof transaction"),
			}
		}
	}
}
