//! The weights the runtime charges for the Polylink calls (its `WeightInfo`s, not a mock's):
//! each call fits the normal-class budget of one block with room to spare, and a block holds
//! more than a hundred L2 transfers. A weight that grows past these (a new benchmark, a bigger
//! seal) fails here before it fails a chain.

use polkadot_sdk::{
	frame_support::dispatch::{DispatchClass, GetDispatchInfo},
	sp_runtime::Perbill,
};
use polylink_primitives::{
	account::AccountId,
	chain::ChainId,
	eth::L1Address,
	signature::TxSignature,
	token::TokenId,
	tx::{L2Tx, Transfer},
};
use polylink_runtime::{configs::RuntimeBlockWeights, RuntimeCall};

/// An L2 transfer (its content does not change its weight).
fn transfer() -> RuntimeCall {
	RuntimeCall::Rollup(pallet_polylink_rollup::Call::submit {
		tx: Box::new(L2Tx::Transfer(Transfer {
			from: AccountId(5),
			to: L1Address([1; 20]),
			token: TokenId(1),
			amount: 1,
			fee_token: TokenId(1),
			fee: 1,
			nonce: 0,
			signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
		})),
	})
}

#[test]
fn every_polylink_call_fits_a_block_with_room() {
	let normal = RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.expect("limited");
	let quarter = Perbill::from_percent(25) * normal;
	let calls = [
		transfer(),
		RuntimeCall::ProofRegistry(pallet_polylink_proof_registry::Call::submit_proof {
			batch: 1,
			new_root: [0; 32],
			proof: vec![0; 512].try_into().expect("a proof fits"),
		}),
		RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::vote {
			fact: pallet_polylink_root_consensus::Fact::BatchExecuted {
				chain: ChainId(1),
				batch: 1,
			},
			oracle: [0; 20],
			signature: [0; 65],
		}),
		RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::submit_commit_signature {
			batch: 1,
			oracle: [0; 20],
			signature: [0; 65],
		}),
		RuntimeCall::Batching(pallet_polylink_batching::Call::force_seal {}),
	];
	for call in calls {
		let weight = call.get_dispatch_info().total_weight();
		assert!(weight.ref_time() > 0, "{call:?} is charged nothing");
		assert!(
			weight.all_lte(quarter),
			"{call:?} weighs {weight:?}, more than a quarter of a block's normal budget {normal:?}"
		);
	}
}

#[test]
fn a_block_holds_more_than_a_hundred_l2_transfers() {
	let normal = RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.expect("limited");
	let per_transfer = transfer().get_dispatch_info().total_weight();
	let fit = normal.ref_time() / per_transfer.ref_time();
	assert!(fit > 100, "{fit} transfers of {per_transfer:?} fill a block ({normal:?})");
}

/// Votes are unsigned, free and outrank L2 transactions in the pool: a block takes at most
/// `MaxVotesPerBlock` of them, each charged for everything it may do (its own work, the fact's
/// handler call, `MaxDeliveriesPerVote` priority operations with a seal each), and all of them
/// together stay within `VOTES_SHARE` of the block, so the rest holds at least three quarters
/// of the L2 transfers a block without votes holds.
#[test]
fn a_block_of_the_most_expensive_votes_leaves_the_reserved_room_for_l2_transactions() {
	use polkadot_sdk::frame_support::traits::Get;
	use polylink_runtime::{configs::VOTES_SHARE, RootConsensus, Runtime};
	let normal = RuntimeBlockWeights::get().get(DispatchClass::Normal).max_total.expect("limited");
	let vote = RuntimeCall::RootConsensus(pallet_polylink_root_consensus::Call::vote {
		fact: pallet_polylink_root_consensus::Fact::BatchExecuted { chain: ChainId(1), batch: 1 },
		oracle: [0; 20],
		signature: [0; 65],
	});
	let per_vote = vote.get_dispatch_info().total_weight();
	assert_eq!(vote.get_dispatch_info().call_weight, RootConsensus::vote_weight());
	let votes = <Runtime as pallet_polylink_root_consensus::Config>::MaxVotesPerBlock::get();
	assert!(votes >= 8, "only {votes} votes of {per_vote:?} fit a block");
	let all_votes = per_vote.saturating_mul(u64::from(votes));
	assert!(
		all_votes.ref_time() <= VOTES_SHARE * normal.ref_time(),
		"{votes} votes weigh {all_votes:?}, more than {VOTES_SHARE:?} of {normal:?}"
	);
	let left = normal.saturating_sub(all_votes);
	let per_transfer = transfer().get_dispatch_info().total_weight();
	let (fit, full) =
		(left.ref_time() / per_transfer.ref_time(), normal.ref_time() / per_transfer.ref_time());
	assert!(fit >= full * 3 / 4, "{fit} of {full} transfers fit beside a block of votes");
	// The start of a block delivers backlogs within a tenth of the block too.
	let deliveries: u32 =
		<Runtime as pallet_polylink_root_consensus::Config>::MaxDeliveriesPerBlock::get();
	let delivery = <polylink_runtime::wiring::PolylinkFacts as pallet_polylink_root_consensus::FactHandler>::priority_op_weight();
	assert!(
		delivery.saturating_mul(u64::from(deliveries)).ref_time() <= normal.ref_time() / 10,
		"{deliveries} deliveries of {delivery:?} at the start of a block"
	);
}
