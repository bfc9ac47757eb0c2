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
use polkadot_sdk::{
	frame_support::{traits::Get, weights::Weight},
	frame_system,
};
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

	/// The rollup applies it with the executor, and sealing the open batch when it does not fit.
	fn priority_op_weight() -> Weight {
		use pallet_polylink_batching::Sealer;
		use pallet_polylink_rollup::weights::WeightInfo;
		<Runtime as pallet_polylink_rollup::Config>::WeightInfo::on_priority_op()
			.saturating_add(Batching::max_seal_weight())
	}

	/// The heaviest is a batch executed everywhere: the batching pallet and the proof registry
	/// prune at most `MAX_PRUNE_PER_CALL` batches each, the rollup the batch's witnesses (at
	/// most one per operation of the batch).
	fn other_fact_weight() -> Weight {
		use pallet_polylink_batching::{WeightInfo, MAX_PRUNE_PER_CALL};
		let db = <Runtime as frame_system::Config>::DbWeight::get();
		let prune = MAX_PRUNE_PER_CALL as u32;
		<Runtime as pallet_polylink_batching::Config>::WeightInfo::prune(prune)
			.saturating_add(db.reads_writes(3, u64::from(prune) + 1))
			.saturating_add(db.writes(u64::from(crate::configs::BATCH_CAPACITY)))
			.saturating_add(db.reads(4))
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

#[cfg(test)]
mod tests {
	use crate::{genesis, Rollup, RootConsensus, Runtime, RuntimeOrigin, System};
	use pallet_polylink_root_consensus::{Backlog, Fact, NextSerial, OracleSet, RevokedFrom};
	use polkadot_sdk::{
		frame_support::{assert_ok, traits::Hooks},
		sp_core::{crypto::Pair as _, ecdsa},
		sp_runtime::BuildStorage,
	};
	use polylink_primitives::{
		chain::ChainId,
		eth::L1Address,
		token::TokenId,
		tx::{Deposit, PriorityOp},
	};

	/// The dev chain's only oracle (`//Alice`) votes `fact`: a quorum of one makes it.
	fn vote(fact: Fact) {
		let oracle = <crate::ValidatorSet as OracleSet>::oracles()[0];
		let pair = ecdsa::Pair::from_string("//Alice", None).expect("a dev seed");
		let signed = pair.sign_prehashed(&RootConsensus::vote_digest_of(&fact));
		let bytes: &[u8] = signed.as_ref();
		let mut signature: [u8; 65] = bytes.try_into().expect("an ECDSA signature is 65 bytes");
		signature[64] += 27;
		assert_ok!(RootConsensus::vote(RuntimeOrigin::none(), fact, oracle.0, signature));
	}

	/// Halt → queued → repair → applied, through root consensus and the real rollup: deposits
	/// made while a revocation halts the rollup wait in root consensus's backlog, are offered
	/// again in every block and refused while the halt stands, and all apply, in order, in the
	/// first block after governance's repair lifts it (before, they waited until their L1
	/// deadlines sent the chain to exit mode).
	#[test]
	fn priority_operations_queued_while_halted_apply_after_the_repair() {
		let storage = genesis::tests::preset_config(&genesis::DEV.into()).build_storage().unwrap();
		polkadot_sdk::sp_io::TestExternalities::new(storage).execute_with(|| {
			System::set_block_number(1);
			let chain = ChainId(1);
			let owner = L1Address([0xd0; 20]);
			let deposit = |serial_id: u64| Fact::Priority {
				chain,
				serial_id,
				op: PriorityOp::Deposit(Deposit {
					chain,
					serial_id,
					to: owner,
					token: TokenId(genesis::DEV_ETH),
					amount: (serial_id as u128 + 1) * 10u128.pow(18),
				}),
			};
			// 1. Governance revokes batch 1: the rollup halts.
			assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 1));
			// 2. Three deposits are made facts meanwhile: refused, queued, nothing credited.
			for serial_id in 0..3 {
				vote(deposit(serial_id));
			}
			assert_eq!(Rollup::account_id_of(&owner), None);
			assert_eq!(NextSerial::<Runtime>::get(chain), 0);
			assert_eq!(Backlog::<Runtime>::iter_prefix(chain).count(), 3);
			// 3. The next block offers them again: still halted, still queued.
			RootConsensus::on_initialize(2);
			assert_eq!(Rollup::account_id_of(&owner), None);
			assert_eq!(Backlog::<Runtime>::iter_prefix(chain).count(), 3);
			// 4. The repair (a runtime upgrade's migration restores the state of the last
			//    good batch and ends the revocation); the next block applies all three.
			RevokedFrom::<Runtime>::kill();
			RootConsensus::on_initialize(3);
			let id = Rollup::account_id_of(&owner).expect("the deposits opened the account");
			assert_eq!(Rollup::balances(id), vec![(TokenId(genesis::DEV_ETH), 6 * 10u128.pow(18))]);
			assert_eq!(NextSerial::<Runtime>::get(chain), 3);
			assert_eq!(Backlog::<Runtime>::iter_prefix(chain).count(), 0);
		});
	}
}
