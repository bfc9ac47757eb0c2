//! How the Polylink pallets are connected to each other.
//!
//! - Root consensus hands its facts to [`PolylinkFacts`]: priority operations, on-chain key
//!   approvals and L1 token registrations to the rollup; once every live chain executed a batch,
//!   the rollup (its `ChangePubKey` witnesses), the batching pallet and the proof registry prune
//!   what they kept for the relayers.
//! - The batching pallet seals the rollup's open batch (the rollup is its `BatchSource`, it is the
//!   rollup's `Sealer`) and answers root consensus's `BatchHeaders` and the proof registry's
//!   `SealedBatches`; it learns the proven roots from the proof registry through [`ProvenRoots`].
//! - The prover's off-chain worker reads sealed batches' pubdata and signatures from the
//!   batching pallet through [`BatchingData`].
//! - A revocation in root consensus halts the rollup ([`Revoked`]): the L2 state holds the
//!   revoked batches' effects, so nothing is sequenced or sealed on top of it.
//! - The live chains are the rollup registry's chains ([`LiveChains`]); root consensus holds the
//!   same set from genesis (the presets build both from one list, and a test checks them).

use crate::{Batching, ProofRegistry, Rollup, RootConsensus, Runtime};
use pallet_polylink_batching::{BatchNumber, Proven, ProvenBatches};
use pallet_polylink_proof_registry::OnExecutedEverywhere;
use pallet_polylink_root_consensus::FactKey;
use polkadot_sdk::frame_support::traits::Get;
use polylink_primitives::{
	account::Nonce, chain::ChainId, eth::L1Address, signature::PubKeyHash, token::TokenId,
	tx::PriorityOp,
};

/// The facts the oracle quorum made, delivered to the pallets that act on them.
pub struct PolylinkFacts;

impl pallet_polylink_root_consensus::FactHandler for PolylinkFacts {
	fn on_priority_op(chain: ChainId, op: PriorityOp) -> bool {
		Rollup::on_priority_op(chain, op)
	}

	fn on_batch_proven(_chain: ChainId, _batch: BatchNumber, _sync_hash: [u8; 32]) {
		// Root consensus gathers the sync certificate itself; nothing else waits on it.
	}

	fn on_batch_executed(_chain: ChainId, batch: BatchNumber) {
		let everywhere = pallet_polylink_root_consensus::Live::<Runtime>::get()
			.iter()
			.all(|chain| RootConsensus::fact(FactKey::BatchExecuted { chain, batch }).is_some());
		if everywhere {
			if let Some(info) = Batching::header(batch) {
				Rollup::prune_witnesses(info.header.first_log_index, info.header.ops);
			}
			Batching::on_executed_everywhere(batch);
			ProofRegistry::on_executed_everywhere(batch);
		}
	}

	fn on_pubkey_approved(chain: ChainId, owner: L1Address, nonce: Nonce, hash: PubKeyHash) {
		Rollup::on_pubkey_approved(chain, owner, nonce, hash);
	}

	fn on_token_registered(chain: ChainId, token: TokenId, address: L1Address, decimals: u8) {
		Rollup::on_token_registered(chain, token, address, decimals);
	}
}

/// The proven roots and commitments of batches, from the proof registry.
pub struct ProvenRoots;

impl ProvenBatches for ProvenRoots {
	fn proven(batch: BatchNumber) -> Option<Proven> {
		let record = ProofRegistry::proven_batch(batch)?;
		let old_root = ProofRegistry::proven_root(batch.checked_sub(1)?)?;
		Some(Proven { old_root, new_root: record.new_root, commitment: record.commitment })
	}
}

/// The pubdata and signatures of sealed batches, from the batching pallet.
pub struct BatchingData;

impl pallet_polylink_prover::BatchData for BatchingData {
	fn pubdata(batch: BatchNumber) -> Option<alloc::vec::Vec<u8>> {
		Batching::pubdata(batch)
	}

	fn signatures(
		batch: BatchNumber,
	) -> Option<alloc::vec::Vec<Option<polylink_primitives::signature::TxSignature>>> {
		Batching::signatures(batch)
	}
}

/// The first batch governance revoked in root consensus: the rollup halts while it stands.
pub struct Revoked;

impl Get<Option<BatchNumber>> for Revoked {
	fn get() -> Option<BatchNumber> {
		RootConsensus::revoked_from()
	}
}

/// The deployment's live chains: the rollup registry's chains.
pub struct LiveChains;

impl Get<polylink_primitives::chain::LiveChains> for LiveChains {
	fn get() -> polylink_primitives::chain::LiveChains {
		Rollup::registry().live_chains()
	}
}
