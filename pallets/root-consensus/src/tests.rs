//! Tests of the root-consensus pallet.

use crate::{mock::*, *};
use k256::ecdsa::SigningKey;
use parity_scale_codec::Encode;
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::Hooks, weights::Weight,
	},
	sp_runtime::{
		transaction_validity::{
			InvalidTransaction, TransactionSource, TransactionValidityError, ValidTransaction,
		},
		BuildStorage, DispatchError, DispatchResult,
	},
};
use polylink_primitives::{
	account::AccountId,
	certificate::{self, DeploymentId},
	chain::{ChainId, LiveChains},
	eth::{recover_address, sign_prehash, L1Address},
	signature::PubKeyHash,
	token::TokenId,
	tx::{Deposit, FullExit, PriorityOp},
};

/// The secp256k1 group order n, big-endian.
const ORDER: [u8; 32] = [
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe,
	0xba, 0xae, 0xdc, 0xe6, 0xaf, 0x48, 0xa0, 0x3b, 0xbf, 0xd2, 0x5e, 0x8c, 0xd0, 0x36, 0x41, 0x41,
];

/// Another deployment's id.
const OTHER_DEPLOYMENT: DeploymentId = DeploymentId([8; 32]);

/// A sealed batch's header.
const CHUNKS: u32 = 16;
/// A sealed batch's commitment.
const COMMITMENT: [u8; 32] = [0xc1; 32];

fn chain(index: u8) -> ChainId {
	ChainId(index)
}

fn deposit_op(chain_index: u8, serial_id: u64) -> PriorityOp {
	PriorityOp::Deposit(Deposit {
		chain: chain(chain_index),
		serial_id,
		to: L1Address([0xd0; 20]),
		token: TokenId(1),
		amount: 1_000 + u128::from(serial_id),
	})
}

fn deposit(chain_index: u8, serial_id: u64) -> Fact {
	Fact::Priority { chain: chain(chain_index), serial_id, op: deposit_op(chain_index, serial_id) }
}

fn proven(chain_index: u8, batch: BatchNumber, sync_hash: SyncHash) -> Fact {
	Fact::BatchProven { chain: chain(chain_index), batch, sync_hash }
}

fn sign_vote_for(key: &SigningKey, deployment: &DeploymentId, fact: &Fact) -> OracleSignature {
	sign_prehash(key, &vote_digest(deployment, fact))
}

fn sign_vote(key: &SigningKey, fact: &Fact) -> OracleSignature {
	sign_vote_for(key, &DEPLOYMENT, fact)
}

fn vote_by(key: &SigningKey, fact: &Fact) -> DispatchResult {
	RootConsensus::vote(RuntimeOrigin::none(), fact.clone(), address(key).0, sign_vote(key, fact))
}

/// Votes `fact` with the first `count` of `keys`.
fn vote_with(keys: &[SigningKey], count: usize, fact: &Fact) {
	for key in &keys[..count] {
		assert_ok!(vote_by(key, fact));
	}
}

/// Makes `fact` with a quorum of the default set (keys 1..=4, quorum 3).
fn make(fact: &Fact) {
	vote_with(&keys(4), 3, fact);
	assert_eq!(RootConsensus::fact(fact.key()), Some(fact.clone()));
}

fn commit_signature_for(
	key: &SigningKey,
	deployment: &DeploymentId,
	batch: u64,
) -> OracleSignature {
	sign_prehash(key, &certificate::commit_digest(deployment, batch, CHUNKS, &COMMITMENT))
}

fn submit_commit(key: &SigningKey, batch: u64) -> DispatchResult {
	RootConsensus::submit_commit_signature(
		RuntimeOrigin::none(),
		batch,
		address(key).0,
		commit_signature_for(key, &DEPLOYMENT, batch),
	)
}

fn sync_signature_for(
	key: &SigningKey,
	deployment: &DeploymentId,
	batch: u64,
	sync_hash: &SyncHash,
) -> OracleSignature {
	sign_prehash(key, &certificate::sync_digest(deployment, batch, sync_hash))
}

fn submit_sync(key: &SigningKey, batch: u64, sync_hash: SyncHash) -> DispatchResult {
	RootConsensus::submit_sync_signature(
		RuntimeOrigin::none(),
		batch,
		sync_hash,
		address(key).0,
		sync_signature_for(key, &DEPLOYMENT, batch, &sync_hash),
	)
}

/// The pallet's events so far.
fn events() -> Vec<Event<Test>> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::RootConsensus(event) => Some(event),
			_ => None,
		})
		.collect()
}

/// `sig` with `s` replaced by `n − s` and the parity flipped: the malleated twin (EIP-2).
fn malleate(sig: &OracleSignature) -> OracleSignature {
	let mut out = *sig;
	let mut borrow = 0i16;
	for i in (0..32).rev() {
		let mut d = i16::from(ORDER[i]) - i16::from(sig[32 + i]) - borrow;
		borrow = 0;
		if d < 0 {
			d += 256;
			borrow = 1;
		}
		out[32 + i] = d as u8;
	}
	out[64] = if sig[64] == 27 { 28 } else { 27 };
	out
}

/// The pool's verdict on `call` (`ValidateUnsigned` is deprecated upstream in favour of
/// `#[pallet::authorize]`; the pallet still uses it).
#[allow(deprecated)]
fn validate(call: &Call<Test>) -> Result<ValidTransaction, TransactionValidityError> {
	<RootConsensus as polkadot_sdk::sp_runtime::traits::ValidateUnsigned>::validate_unsigned(
		TransactionSource::External,
		call,
	)
}

/// The tag the pool sees for `(kind, subject, oracle)`.
fn tag(kind: &[u8; 4], subject: impl Encode, oracle: &SigningKey) -> Vec<u8> {
	(TAG_PREFIX, (kind, subject, address(oracle).0).encode()).encode()
}

// ------------------------------------------------------------------------------ genesis

#[test]
fn genesis_config_works() {
	new_test_ext().execute_with(|| {
		assert_eq!(Deployment::<Test>::get(), DEPLOYMENT);
		assert_eq!(Live::<Test>::get(), LiveChains::of([chain(1), chain(2)]));
		assert_eq!(RootConsensus::next_serial(chain(1)), 0);
	});
}

#[test]
fn default_genesis_config_is_the_dev_deployment() {
	let config = crate::GenesisConfig::<Test>::default();
	assert_eq!(config.deployment, DeploymentId::from_name(DEV_DEPLOYMENT_NAME).0);
	assert_eq!(config.live_chains, vec![1]);
}

#[test]
#[should_panic(expected = "the deployment id must be non-zero")]
fn genesis_config_rejects_zero_deployment() {
	let _ = RuntimeGenesisConfig {
		system: Default::default(),
		root_consensus: crate::GenesisConfig {
			deployment: [0; 32],
			live_chains: vec![1],
			_config: Default::default(),
		},
	}
	.build_storage();
}

#[test]
#[should_panic(expected = "live chain indices are 1..=MAX_CHAINS")]
fn genesis_config_rejects_out_of_range_chain() {
	ExtBuilder::default().live_chains(&[1, 5]).build();
}

// ------------------------------------------------------------------------------ votes

#[test]
fn vote_works() {
	new_test_ext().execute_with(|| {
		let fact = deposit(1, 0);
		let key1 = key(1);
		assert_ok!(vote_by(&key1, &fact));
		let tally = Tallies::<Test>::get(fact.key()).expect("the vote is recorded");
		assert_eq!(tally.set_id, MockOracles::set_id());
		assert_eq!(tally.vote_of(&address(&key1)), Some(&fact));
		assert_eq!(RootConsensus::fact(fact.key()), None);
		assert!(take_delivered().is_empty());
		System::assert_last_event(
			Event::Voted { key: fact.key(), oracle: address(&key1).0 }.into(),
		);
	});
}

#[test]
fn vote_requires_unsigned_origin() {
	new_test_ext().execute_with(|| {
		let fact = deposit(1, 0);
		let key1 = key(1);
		assert_noop!(
			RootConsensus::vote(
				RuntimeOrigin::signed(1),
				fact.clone(),
				address(&key1).0,
				sign_vote(&key1, &fact)
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn quorum_boundary_works() {
	// (set size, quorum): exactly n*2/3+1 makes a fact, one fewer does not.
	for (n, needed) in [(1u8, 1usize), (3, 3), (4, 3)] {
		ExtBuilder::default().oracles(n).build_and_execute(|| {
			assert_eq!(quorum(n.into()) as usize, needed);
			let set = keys(n);
			let fact = proven(1, 1, [0xaa; 32]);
			vote_with(&set, needed - 1, &fact);
			assert_eq!(RootConsensus::fact(fact.key()), None, "{} of {n} made a fact", needed - 1);
			assert!(take_delivered().is_empty());
			assert_ok!(vote_by(&set[needed - 1], &fact));
			assert_eq!(RootConsensus::fact(fact.key()), Some(fact.clone()));
			assert_eq!(take_delivered(), vec![Delivery::Proven(chain(1), 1, [0xaa; 32])]);
			assert_eq!(Tallies::<Test>::get(fact.key()), None);
			System::assert_last_event(Event::FactMade { fact }.into());
		});
	}
}

#[test]
fn priority_facts_are_delivered_in_serial_order() {
	new_test_ext().execute_with(|| {
		// 1. Serials 2 and 1 are made first: they wait.
		make(&deposit(1, 2));
		System::assert_last_event(Event::PriorityQueued { chain: 1, serial_id: 2 }.into());
		make(&deposit(1, 1));
		assert!(take_delivered().is_empty());
		assert_eq!(RootConsensus::next_serial(chain(1)), 0);
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 2);
		// 2. Serial 0 is made: 0, 1 and 2 are delivered, in order.
		make(&deposit(1, 0));
		assert_eq!(
			take_delivered(),
			(0..3).map(|s| Delivery::Priority(chain(1), deposit_op(1, s))).collect::<Vec<_>>()
		);
		assert_eq!(RootConsensus::next_serial(chain(1)), 3);
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 0);
		let delivered: Vec<u64> = events()
			.into_iter()
			.filter_map(|e| match e {
				Event::PriorityDelivered { chain: 1, serial_id } => Some(serial_id),
				_ => None,
			})
			.collect();
		assert_eq!(delivered, vec![0, 1, 2]);
		// 3. Chains are independent: chain 2 still expects serial 0.
		assert_eq!(RootConsensus::next_serial(chain(2)), 0);
		make(&deposit(2, 0));
		assert_eq!(take_delivered(), vec![Delivery::Priority(chain(2), deposit_op(2, 0))]);
	});
}

#[test]
fn a_refused_priority_operation_waits_for_its_token_and_nothing_after_it_is_lost() {
	new_test_ext().execute_with(|| {
		let late = TokenId(7);
		refuse_deposits_of(late);
		let op = |serial_id: u64, token: TokenId| {
			let PriorityOp::Deposit(mut d) = deposit_op(1, serial_id) else { unreachable!() };
			d.token = token;
			PriorityOp::Deposit(d)
		};
		let fact = |serial_id: u64, token: TokenId| Fact::Priority {
			chain: chain(1),
			serial_id,
			op: op(serial_id, token),
		};
		// 1. Serial 0 applies; serial 1, a deposit of a token the handler does not know yet,
		//    is refused: it waits at the head of the chain's queue.
		make(&fact(0, TokenId(1)));
		make(&fact(1, late));
		System::assert_last_event(Event::PriorityWaiting { chain: 1, serial_id: 1 }.into());
		assert_eq!(take_delivered(), vec![Delivery::Priority(chain(1), op(0, TokenId(1)))]);
		assert_eq!(RootConsensus::next_serial(chain(1)), 1);
		// 2. Later operations queue behind it, each offered again (and refused) no further.
		make(&fact(2, TokenId(1)));
		make(&fact(3, TokenId(1)));
		assert!(take_delivered().is_empty());
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 3);
		// Votes beyond the window are still refused: the backlog stays bounded.
		let window = u64::from(MAX_PENDING);
		assert_noop!(vote_by(&key(1), &fact(1 + window, TokenId(1))), Error::<Test>::TooFarAhead);
		// 3. A registration on another chain changes nothing for chain 1.
		make(&Fact::TokenRegistered {
			chain: chain(2),
			token: TokenId(9),
			address: L1Address([9; 20]),
			decimals: 6,
		});
		assert_eq!(
			take_delivered(),
			vec![Delivery::Token(chain(2), TokenId(9), L1Address([9; 20]), 6)]
		);
		assert_eq!(RootConsensus::next_serial(chain(1)), 1);
		// 4. Chain 1 registers the token: the waiting deposit and every one after it apply, in
		//    order.
		make(&Fact::TokenRegistered {
			chain: chain(1),
			token: late,
			address: L1Address([7; 20]),
			decimals: 6,
		});
		assert_eq!(
			take_delivered(),
			vec![
				Delivery::Token(chain(1), late, L1Address([7; 20]), 6),
				Delivery::Priority(chain(1), op(1, late)),
				Delivery::Priority(chain(1), op(2, TokenId(1))),
				Delivery::Priority(chain(1), op(3, TokenId(1))),
			]
		);
		assert_eq!(RootConsensus::next_serial(chain(1)), 4);
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 0);
		// The key of a registration is (chain, token): decided once.
		let again = Fact::TokenRegistered {
			chain: chain(1),
			token: late,
			address: L1Address([7; 20]),
			decimals: 6,
		};
		assert_noop!(vote_by(&key(1), &again), Error::<Test>::AlreadyDecided);
	});
}

#[test]
fn a_vote_delivers_at_most_its_share_and_the_next_blocks_deliver_the_rest() {
	new_test_ext().execute_with(|| {
		MaxDeliveriesPerVote::set(2);
		// 1. Serials 1..=3 wait for serial 0; the vote that makes 0 delivers 0 and 1 only.
		for serial in 1..4 {
			make(&deposit(1, serial));
		}
		make(&deposit(2, 0));
		make(&deposit(2, 1));
		take_delivered();
		make(&deposit(1, 0));
		assert_eq!(
			take_delivered(),
			(0..2).map(|s| Delivery::Priority(chain(1), deposit_op(1, s))).collect::<Vec<_>>()
		);
		assert_eq!(RootConsensus::next_serial(chain(1)), 2);
		// 2. The start of the next block delivers the rest, within its own bound, and is
		//    charged for each delivery.
		let used = RootConsensus::on_initialize(2);
		assert_eq!(
			take_delivered(),
			(2..4).map(|s| Delivery::Priority(chain(1), deposit_op(1, s))).collect::<Vec<_>>()
		);
		assert!(used.all_gte(PRIORITY_OP_WEIGHT.saturating_mul(2)), "{used:?}");
		assert_eq!(RootConsensus::next_serial(chain(1)), 4);
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 0);
		// 3. Nothing waiting: the hook only looks (the live chains, and per chain its next
		//    serial and backlog head).
		let idle = RootConsensus::on_initialize(3);
		assert!(take_delivered().is_empty());
		let db = <Test as polkadot_sdk::frame_system::Config>::DbWeight::get();
		assert_eq!(idle, db.reads(1 + 2 * 2));
	});
}

#[test]
fn the_start_of_a_block_delivers_at_most_max_deliveries_per_block_over_every_chain() {
	ExtBuilder::default().live_chains(&[1, 2]).build_and_execute(|| {
		set_halted(true);
		for serial in 0..4 {
			make(&deposit(1, serial));
			make(&deposit(2, serial));
		}
		set_halted(false);
		RootConsensus::on_initialize(2);
		assert_eq!(take_delivered().len() as u32, MAX_DELIVERIES_PER_BLOCK);
		RootConsensus::on_initialize(3);
		RootConsensus::on_initialize(4);
		assert_eq!(take_delivered().len(), 8 - MAX_DELIVERIES_PER_BLOCK as usize);
		assert_eq!(RootConsensus::next_serial(chain(1)), 4);
		assert_eq!(RootConsensus::next_serial(chain(2)), 4);
	});
}

#[test]
fn priority_operations_queued_while_halted_apply_once_the_halt_is_lifted() {
	new_test_ext().execute_with(|| {
		// 1. The rollup is halted (a revocation stands): every delivery is refused, and the
		//    operations made meanwhile wait in order; none is lost, each is offered no further.
		set_halted(true);
		make(&deposit(1, 0));
		System::assert_last_event(Event::PriorityWaiting { chain: 1, serial_id: 0 }.into());
		make(&deposit(1, 1));
		make(&deposit(1, 2));
		assert!(take_delivered().is_empty());
		assert_eq!(RootConsensus::next_serial(chain(1)), 0);
		// 2. While the halt stands, each block offers the head once more, and reports nothing
		//    new.
		let before = offered();
		System::reset_events();
		RootConsensus::on_initialize(2);
		assert_eq!(offered(), before + 1, "only the head is offered");
		assert!(events().is_empty(), "{:?}", events());
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 3);
		// 3. Governance's repair lifts the halt: the next block applies all three, in order.
		set_halted(false);
		RootConsensus::on_initialize(3);
		assert_eq!(
			take_delivered(),
			(0..3).map(|s| Delivery::Priority(chain(1), deposit_op(1, s))).collect::<Vec<_>>()
		);
		assert_eq!(RootConsensus::next_serial(chain(1)), 3);
		assert_eq!(Backlog::<Test>::iter_prefix(chain(1)).count(), 0);
	});
}

#[test]
fn full_exit_priority_fact_works() {
	new_test_ext().execute_with(|| {
		let op = PriorityOp::FullExit(FullExit {
			chain: chain(2),
			serial_id: 0,
			account: AccountId(7),
			owner: L1Address([0xe0; 20]),
			token: TokenId(3),
		});
		make(&Fact::Priority { chain: chain(2), serial_id: 0, op: op.clone() });
		assert_eq!(take_delivered(), vec![Delivery::Priority(chain(2), op)]);
		System::assert_last_event(Event::PriorityDelivered { chain: 2, serial_id: 0 }.into());
	});
}

#[test]
fn batch_executed_and_pubkey_approved_facts_work() {
	new_test_ext().execute_with(|| {
		make(&Fact::BatchExecuted { chain: chain(2), batch: 4 });
		let owner = L1Address([0xab; 20]);
		let pubkey_hash = PubKeyHash([0x11; 20]);
		make(&Fact::PubkeyApproved { chain: chain(1), owner, nonce: 3, pubkey_hash });
		assert_eq!(
			take_delivered(),
			vec![
				Delivery::Executed(chain(2), 4),
				Delivery::Approved(chain(1), owner, 3, pubkey_hash)
			]
		);
	});
}

#[test]
fn vote_rejects_conflicting_vote() {
	new_test_ext().execute_with(|| {
		let key1 = key(1);
		assert_ok!(vote_by(&key1, &proven(1, 1, [1; 32])));
		assert_noop!(vote_by(&key1, &proven(1, 1, [2; 32])), Error::<Test>::ConflictingVote);
	});
}

#[test]
fn conflicting_votes_are_reported_and_the_quorum_still_decides() {
	new_test_ext().execute_with(|| {
		let set = keys(4);
		let wrong = proven(1, 1, [0xbb; 32]);
		let right = proven(1, 1, [0xaa; 32]);
		// 1. A faulty oracle votes first.
		assert_ok!(vote_by(&set[0], &wrong));
		// 2. The first honest vote differs from it: reported, and still counted.
		assert_ok!(vote_by(&set[1], &right));
		System::assert_last_event(
			Event::ConflictReported { key: right.key(), oracle: address(&set[1]).0 }.into(),
		);
		// 3. The honest quorum makes the right fact.
		assert_ok!(vote_by(&set[2], &right));
		assert_eq!(RootConsensus::fact(right.key()), None);
		assert_ok!(vote_by(&set[3], &right));
		assert_eq!(RootConsensus::fact(right.key()), Some(right.clone()));
		assert_eq!(take_delivered(), vec![Delivery::Proven(chain(1), 1, [0xaa; 32])]);
		// 4. Nothing more is accepted for the key.
		assert_noop!(vote_by(&set[0], &right), Error::<Test>::AlreadyDecided);
	});
}

#[test]
fn vote_rejects_second_vote() {
	new_test_ext().execute_with(|| {
		let key1 = key(1);
		let fact = deposit(1, 0);
		assert_ok!(vote_by(&key1, &fact));
		assert_noop!(vote_by(&key1, &fact), Error::<Test>::AlreadyVoted);
		// The other encoding of v (a bare parity bit) is the same vote.
		let mut bare = sign_vote(&key1, &fact);
		bare[64] -= 27;
		assert_noop!(
			RootConsensus::vote(RuntimeOrigin::none(), fact, address(&key1).0, bare),
			Error::<Test>::AlreadyVoted
		);
	});
}

#[test]
fn vote_rejects_decided_key() {
	new_test_ext().execute_with(|| {
		let fact = proven(2, 3, [3; 32]);
		make(&fact);
		assert_noop!(vote_by(&key(4), &fact), Error::<Test>::AlreadyDecided);
		// A priority serial below the next one is decided too.
		make(&deposit(1, 0));
		assert_noop!(vote_by(&key(4), &deposit(1, 0)), Error::<Test>::AlreadyDecided);
	});
}

#[test]
fn vote_rejects_chain_not_live() {
	new_test_ext().execute_with(|| {
		assert_noop!(vote_by(&key(1), &deposit(3, 0)), Error::<Test>::ChainNotLive);
		assert_noop!(
			vote_by(&key(1), &Fact::BatchExecuted { chain: chain(4), batch: 1 }),
			Error::<Test>::ChainNotLive
		);
		assert_noop!(vote_by(&key(1), &proven(0, 1, [0; 32])), Error::<Test>::ChainNotLive);
	});
}

#[test]
fn vote_rejects_priority_mismatch() {
	new_test_ext().execute_with(|| {
		let other_chain = Fact::Priority { chain: chain(1), serial_id: 0, op: deposit_op(2, 0) };
		assert_noop!(vote_by(&key(1), &other_chain), Error::<Test>::PriorityMismatch);
		let other_serial = Fact::Priority { chain: chain(1), serial_id: 0, op: deposit_op(1, 1) };
		assert_noop!(vote_by(&key(1), &other_serial), Error::<Test>::PriorityMismatch);
	});
}

#[test]
fn vote_rejects_too_far_ahead() {
	new_test_ext().execute_with(|| {
		let last = u64::from(MAX_PENDING) - 1;
		assert_ok!(vote_by(&key(1), &deposit(1, last)));
		assert_noop!(vote_by(&key(1), &deposit(1, last + 1)), Error::<Test>::TooFarAhead);
		// The window moves with the delivered serials.
		make(&deposit(1, 0));
		assert_ok!(vote_by(&key(1), &deposit(1, last + 1)));
	});
}

#[test]
fn vote_rejects_non_member() {
	new_test_ext().execute_with(|| {
		let outsider = key(9);
		let fact = deposit(1, 0);
		assert_noop!(vote_by(&outsider, &fact), Error::<Test>::NotOracle);
		// A member's address with an outsider's signature is refused too.
		assert_noop!(
			RootConsensus::vote(
				RuntimeOrigin::none(),
				fact.clone(),
				address(&key(1)).0,
				sign_vote(&outsider, &fact)
			),
			Error::<Test>::SignerMismatch
		);
	});
}

#[test]
fn vote_rejects_other_deployment() {
	new_test_ext().execute_with(|| {
		let key1 = key(1);
		let fact = deposit(1, 0);
		assert_noop!(
			RootConsensus::vote(
				RuntimeOrigin::none(),
				fact.clone(),
				address(&key1).0,
				sign_vote_for(&key1, &OTHER_DEPLOYMENT, &fact)
			),
			Error::<Test>::SignerMismatch
		);
		// A signature over another fact is refused the same way.
		assert_noop!(
			RootConsensus::vote(
				RuntimeOrigin::none(),
				fact,
				address(&key1).0,
				sign_vote(&key1, &deposit(1, 1))
			),
			Error::<Test>::SignerMismatch
		);
	});
}

#[test]
fn vote_rejects_malleated_and_garbage_signatures() {
	new_test_ext().execute_with(|| {
		let key1 = key(1);
		let fact = deposit(1, 0);
		let signature = sign_vote(&key1, &fact);
		let malleated = malleate(&signature);
		// The malleated twin recovers the same key but is not canonical.
		assert!(recover_address(&vote_digest(&DEPLOYMENT, &fact), &malleated).is_err());
		let mut zero_r = signature;
		zero_r[..32].fill(0);
		for bad in [malleated, [0xff; 65], [0; 65], zero_r] {
			assert_noop!(
				RootConsensus::vote(RuntimeOrigin::none(), fact.clone(), address(&key1).0, bad),
				Error::<Test>::InvalidSignature
			);
		}
	});
}

#[test]
fn vote_rejects_oversized_oracle_set() {
	ExtBuilder::default().oracles(MAX_ORACLES as u8 + 1).build_and_execute(|| {
		assert_noop!(vote_by(&key(1), &deposit(1, 0)), Error::<Test>::OracleSetTooLarge);
	});
}

#[test]
fn votes_of_a_rotated_set_stop_counting() {
	new_test_ext().execute_with(|| {
		let set = keys(4);
		let fact = deposit(1, 0);
		// 1. Two of the quorum of three vote under the first set.
		vote_with(&set, 2, &fact);
		// 2. The set rotates (same members, new id): the old votes no longer count.
		set_oracles(&set);
		assert_ok!(vote_by(&set[2], &fact));
		assert_eq!(RootConsensus::fact(fact.key()), None);
		let tally = Tallies::<Test>::get(fact.key()).expect("the new vote is recorded");
		assert_eq!(tally.set_id, MockOracles::set_id());
		assert_eq!(tally.votes.len(), 1);
		// 3. The earlier voters may vote again under the new set; a quorum of it decides.
		assert_ok!(vote_by(&set[0], &fact));
		assert_ok!(vote_by(&set[1], &fact));
		assert_eq!(RootConsensus::fact(fact.key()), Some(fact));
		// 4. A removed oracle's vote is refused.
		set_oracles(&[key(2), key(3), key(4), key(5)]);
		assert_noop!(vote_by(&set[0], &deposit(1, 1)), Error::<Test>::NotOracle);
		assert_ok!(vote_by(&key(5), &deposit(1, 1)));
	});
}

#[test]
fn an_oracle_cannot_leave_more_than_max_outstanding_votes_undecided() {
	new_test_ext().execute_with(|| {
		let set = keys(4);
		let faulty = &set[0];
		// 1. Votes nobody else casts (made-up proofs) pile up to the bound, then are refused.
		for batch in 0..u64::from(MAX_OUTSTANDING) {
			assert_ok!(vote_by(faulty, &proven(1, batch, [0xee; 32])));
		}
		assert_eq!(Outstanding::<Test>::get(address(faulty)).1, MAX_OUTSTANDING);
		let one_more = proven(1, 99, [0xee; 32]);
		assert_noop!(vote_by(faulty, &one_more), Error::<Test>::TooManyOutstandingVotes);
		let call = Call::vote {
			fact: one_more.clone(),
			oracle: address(faulty).0,
			signature: sign_vote(faulty, &one_more),
		};
		assert!(matches!(
			validate(&call),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(_)))
		));
		// Other oracles are not held back by it.
		assert_ok!(vote_by(&set[1], &one_more));
		// 2. A key decided counts off every vote on it, the losing contents' too: the faulty
		//    oracle voted [0xee] for batch 0, the quorum decides [0x11].
		vote_with(&set[1..], 3, &proven(1, 0, [0x11; 32]));
		assert_eq!(Outstanding::<Test>::get(address(faulty)).1, MAX_OUTSTANDING - 1);
		assert_ok!(vote_by(faulty, &one_more));
		// 3. A new set starts every oracle's count afresh.
		set_oracles(&set);
		assert_ok!(vote_by(faulty, &proven(1, 50, [0xee; 32])));
		assert_eq!(Outstanding::<Test>::get(address(faulty)), (MockOracles::set_id(), 1));
	});
}

#[test]
fn a_block_takes_at_most_max_votes_per_block_and_the_rest_wait_for_the_next() {
	new_test_ext().execute_with(|| {
		let set = keys(4);
		// Facts decided by three votes each: nobody's outstanding count grows.
		let per_fact = 3;
		let facts = MAX_VOTES_PER_BLOCK / per_fact;
		for batch in 0..u64::from(facts) {
			make(&Fact::BatchExecuted { chain: chain(1), batch });
		}
		let left = MAX_VOTES_PER_BLOCK - facts * per_fact;
		let next = Fact::BatchExecuted { chain: chain(2), batch: 1 };
		vote_with(&set, left as usize, &next);
		assert_eq!(BlockVotes::<Test>::get().1, MAX_VOTES_PER_BLOCK);
		// The block is full of votes: the next is refused, and the pool keeps it for later.
		let late = &set[left as usize];
		assert_noop!(vote_by(late, &next), Error::<Test>::BlockVotesFull);
		let call = Call::vote {
			fact: next.clone(),
			oracle: address(late).0,
			signature: sign_vote(late, &next),
		};
		assert_eq!(validate(&call), Err(InvalidTransaction::ExhaustsResources.into()));
		// The next block takes it.
		System::set_block_number(System::block_number() + 1);
		assert!(validate(&call).is_ok());
		assert_ok!(vote_by(late, &next));
		assert_eq!(BlockVotes::<Test>::get(), (System::block_number(), 1));
	});
}

#[test]
fn tallies_of_an_older_set_are_pruned_in_spare_weight() {
	new_test_ext().execute_with(|| {
		let set = keys(4);
		let weight: polkadot_sdk::frame_support::weights::RuntimeDbWeight =
			<Test as polkadot_sdk::frame_system::Config>::DbWeight::get();
		// Three undecided tallies under the first set.
		for batch in 0..3 {
			assert_ok!(vote_by(&set[0], &proven(1, batch, [batch as u8; 32])));
		}
		// Nothing is stale yet: one look, nothing removed.
		RootConsensus::on_idle(1, Weight::MAX);
		assert_eq!(Tallies::<Test>::iter().count(), 3);
		// The set rotates; one tally is voted again under the new set (it stays).
		set_oracles(&set);
		assert_ok!(vote_by(&set[1], &proven(1, 0, [0; 32])));
		// A block with room for one step removes at most one tally and keeps its place.
		let one_step = weight.reads(2) + weight.reads_writes(1, 1) + weight.writes(1);
		RootConsensus::on_idle(2, one_step);
		assert!(PruneCursor::<Test>::get().is_some());
		assert!(Tallies::<Test>::iter().count() >= 2);
		// Enough room finishes it: only the current set's tally is left.
		RootConsensus::on_idle(3, Weight::MAX);
		let left: Vec<_> =
			Tallies::<Test>::iter().map(|(key, tally)| (key, tally.set_id)).collect();
		assert_eq!(left, vec![(proven(1, 0, [0; 32]).key(), MockOracles::set_id())]);
		assert_eq!(PrunedForSet::<Test>::get(), MockOracles::set_id());
		assert_eq!(PruneCursor::<Test>::get(), None);
		// Too little room does nothing at all.
		assert_eq!(RootConsensus::on_idle(4, Weight::zero()), Weight::zero());
	});
}

// ------------------------------------------------------------------------------ commit

#[test]
fn submit_commit_signature_works() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		let set = keys(4);
		// 1. Below the quorum: gathered, not certified.
		assert_ok!(submit_commit(&set[3], 1));
		assert_ok!(submit_commit(&set[0], 1));
		System::assert_last_event(
			Event::CommitSignatureAdded { batch: 1, oracle: address(&set[0]).0 }.into(),
		);
		assert_eq!(RootConsensus::commit_signatures(1).len(), 2);
		assert!(!events().contains(&Event::CommitCertified { batch: 1 }));
		// 2. The quorum certifies.
		assert_ok!(submit_commit(&set[2], 1));
		System::assert_last_event(Event::CommitCertified { batch: 1 }.into());
		// 3. The signatures verify against the contracts' digest, by signer ascending.
		let digest = certificate::commit_digest(&DEPLOYMENT, 1, CHUNKS, &COMMITMENT);
		let signers: Vec<L1Address> = RootConsensus::commit_signatures(1)
			.iter()
			.map(|sig| recover_address(&digest, sig).expect("a stored signature recovers"))
			.collect();
		let mut expected: Vec<L1Address> = [&set[0], &set[2], &set[3]].map(address).to_vec();
		expected.sort();
		assert_eq!(signers, expected);
		assert!(RootConsensus::commit_signatures(2).is_empty());
	});
}

#[test]
fn commit_digest_is_the_certificate_digest() {
	new_test_ext().execute_with(|| {
		assert_eq!(RootConsensus::commit_digest(1), None);
		set_batch_header(1, CHUNKS, COMMITMENT);
		assert_eq!(
			RootConsensus::commit_digest(1),
			Some(certificate::commit_digest(&DEPLOYMENT, 1, CHUNKS, &COMMITMENT))
		);
		assert_eq!(
			RootConsensus::sync_digest(1, &[4; 32]),
			certificate::sync_digest(&DEPLOYMENT, 1, &[4; 32])
		);
	});
}

#[test]
fn submit_commit_signature_rejects_unknown_batch() {
	new_test_ext().execute_with(|| {
		assert_noop!(submit_commit(&key(1), 1), Error::<Test>::UnknownBatch);
	});
}

#[test]
fn submit_commit_signature_rejects_second_signature() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		assert_ok!(submit_commit(&key(1), 1));
		assert_noop!(submit_commit(&key(1), 1), Error::<Test>::AlreadySigned);
	});
}

#[test]
fn submit_commit_signature_rejects_certified_batch() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		for (i, key) in keys(3).iter().enumerate() {
			assert!(!RootConsensus::commit_certified(1), "{i} signatures are no quorum");
			assert_ok!(submit_commit(key, 1));
		}
		assert!(RootConsensus::commit_certified(1));
		assert!(!RootConsensus::commit_certified(2));
		assert_noop!(submit_commit(&key(4), 1), Error::<Test>::AlreadyCertified);
		// A complete certificate survives a rotation.
		set_oracles(&keys(4));
		assert_eq!(RootConsensus::commit_signatures(1).len(), 3);
		assert_noop!(submit_commit(&key(4), 1), Error::<Test>::AlreadyCertified);
	});
}

#[test]
fn submit_commit_signature_rejects_bad_signers_and_signatures() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		let key1 = key(1);
		// 1. A non-member.
		assert_noop!(submit_commit(&key(9), 1), Error::<Test>::NotOracle);
		// 2. Another deployment's digest, and another batch's.
		for signature in [
			commit_signature_for(&key1, &OTHER_DEPLOYMENT, 1),
			commit_signature_for(&key1, &DEPLOYMENT, 2),
		] {
			assert_noop!(
				RootConsensus::submit_commit_signature(
					RuntimeOrigin::none(),
					1,
					address(&key1).0,
					signature
				),
				Error::<Test>::SignerMismatch
			);
		}
		// 3. Malleated and garbage signatures.
		let good = commit_signature_for(&key1, &DEPLOYMENT, 1);
		for bad in [malleate(&good), [0xff; 65]] {
			assert_noop!(
				RootConsensus::submit_commit_signature(
					RuntimeOrigin::none(),
					1,
					address(&key1).0,
					bad
				),
				Error::<Test>::InvalidSignature
			);
		}
	});
}

#[test]
fn partial_commit_certificate_restarts_on_rotation() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		let set = keys(4);
		assert_ok!(submit_commit(&set[0], 1));
		assert_ok!(submit_commit(&set[1], 1));
		set_oracles(&set);
		// The old set's partial signatures no longer count: the first new one starts afresh.
		assert!(RootConsensus::commit_signatures(1).is_empty());
		assert_ok!(submit_commit(&set[2], 1));
		assert_eq!(RootConsensus::commit_signatures(1).len(), 1);
		assert_ok!(submit_commit(&set[0], 1));
		assert_ok!(submit_commit(&set[1], 1));
		System::assert_last_event(Event::CommitCertified { batch: 1 }.into());
	});
}

// ------------------------------------------------------------------------------ sync

#[test]
fn submit_sync_signature_works() {
	new_test_ext().execute_with(|| {
		let sync_hash = [0x5a; 32];
		make(&proven(1, 1, sync_hash));
		make(&proven(2, 1, sync_hash));
		let set = keys(4);
		assert_ok!(submit_sync(&set[1], 1, sync_hash));
		System::assert_last_event(
			Event::SyncSignatureAdded { batch: 1, oracle: address(&set[1]).0 }.into(),
		);
		assert_ok!(submit_sync(&set[3], 1, sync_hash));
		assert_eq!(RootConsensus::sync_certificate(1), None);
		assert_ok!(submit_sync(&set[0], 1, sync_hash));
		System::assert_last_event(Event::SyncCertified { batch: 1, sync_hash }.into());
		let (certified, signatures) = RootConsensus::sync_certificate(1).expect("a quorum signed");
		assert_eq!(certified, sync_hash);
		let digest = certificate::sync_digest(&DEPLOYMENT, 1, &sync_hash);
		let signers: Vec<L1Address> =
			signatures.iter().map(|sig| recover_address(&digest, sig).expect("recovers")).collect();
		let mut expected: Vec<L1Address> = [&set[0], &set[1], &set[3]].map(address).to_vec();
		expected.sort();
		assert_eq!(signers, expected);
		assert_noop!(submit_sync(&set[2], 1, sync_hash), Error::<Test>::AlreadyCertified);
	});
}

#[test]
fn submit_sync_signature_rejects_not_proven_everywhere() {
	new_test_ext().execute_with(|| {
		let sync_hash = [0x5a; 32];
		assert_noop!(submit_sync(&key(1), 1, sync_hash), Error::<Test>::NotProvenEverywhere);
		make(&proven(1, 1, sync_hash));
		assert_noop!(submit_sync(&key(1), 1, sync_hash), Error::<Test>::NotProvenEverywhere);
		// Votes short of a quorum on the last chain are not a proven fact.
		vote_with(&keys(4), 2, &proven(2, 1, sync_hash));
		assert_noop!(submit_sync(&key(1), 1, sync_hash), Error::<Test>::NotProvenEverywhere);
	});
}

#[test]
fn submit_sync_signature_rejects_sync_hash_mismatch() {
	new_test_ext().execute_with(|| {
		make(&proven(1, 1, [1; 32]));
		make(&proven(2, 1, [1; 32]));
		assert_noop!(submit_sync(&key(1), 1, [2; 32]), Error::<Test>::SyncHashMismatch);
	});
}

#[test]
fn conflicting_proven_sync_hashes_are_reported_and_block_the_certificate() {
	new_test_ext().execute_with(|| {
		make(&proven(1, 1, [1; 32]));
		make(&proven(2, 1, [2; 32]));
		System::assert_last_event(
			Event::SyncHashConflict {
				batch: 1,
				chain: 2,
				sync_hash: [2; 32],
				other_chain: 1,
				other_sync_hash: [1; 32],
			}
			.into(),
		);
		for sync_hash in [[1; 32], [2; 32]] {
			assert_noop!(submit_sync(&key(1), 1, sync_hash), Error::<Test>::SyncHashMismatch);
		}
	});
}

#[test]
fn submit_sync_signature_rejects_bad_signers_and_signatures() {
	new_test_ext().execute_with(|| {
		let sync_hash = [0x5a; 32];
		make(&proven(1, 1, sync_hash));
		make(&proven(2, 1, sync_hash));
		let key1 = key(1);
		assert_noop!(submit_sync(&key(9), 1, sync_hash), Error::<Test>::NotOracle);
		assert_noop!(
			RootConsensus::submit_sync_signature(
				RuntimeOrigin::none(),
				1,
				sync_hash,
				address(&key1).0,
				sync_signature_for(&key1, &OTHER_DEPLOYMENT, 1, &sync_hash)
			),
			Error::<Test>::SignerMismatch
		);
		let good = sync_signature_for(&key1, &DEPLOYMENT, 1, &sync_hash);
		assert_noop!(
			RootConsensus::submit_sync_signature(
				RuntimeOrigin::none(),
				1,
				sync_hash,
				address(&key1).0,
				malleate(&good)
			),
			Error::<Test>::InvalidSignature
		);
		assert_ok!(submit_sync(&key1, 1, sync_hash));
		assert_noop!(submit_sync(&key1, 1, sync_hash), Error::<Test>::AlreadySigned);
	});
}

// ------------------------------------------------------------------------------ pool

#[test]
fn validate_unsigned_accepts_valid_calls_with_tags() {
	new_test_ext().execute_with(|| {
		let key1 = key(1);
		let fact = deposit(1, 0);
		let call = Call::vote {
			fact: fact.clone(),
			oracle: address(&key1).0,
			signature: sign_vote(&key1, &fact),
		};
		let valid = validate(&call).expect("a valid vote");
		assert_eq!(valid.priority, UNSIGNED_PRIORITY);
		assert_eq!(valid.provides, vec![tag(b"vote", fact.key(), &key1)]);
		assert!(valid.requires.is_empty());
		assert_eq!(valid.longevity, UNSIGNED_LONGEVITY);
		assert!(valid.propagate);
		// The other encoding of v (0/1) is refused: the contracts' `ecrecover` takes 27/28 only.
		let mut bare = sign_vote(&key1, &fact);
		bare[64] -= 27;
		let twin = Call::vote { fact: fact.clone(), oracle: address(&key1).0, signature: bare };
		assert_eq!(validate(&twin), Err(InvalidTransaction::BadProof.into()));
		// Another oracle's vote for the key has another tag.
		let key2 = key(2);
		let other = Call::vote {
			fact: fact.clone(),
			oracle: address(&key2).0,
			signature: sign_vote(&key2, &fact),
		};
		assert_eq!(
			validate(&other).expect("valid").provides,
			vec![tag(b"vote", fact.key(), &key2)]
		);

		set_batch_header(1, CHUNKS, COMMITMENT);
		let commit = Call::submit_commit_signature {
			batch: 1,
			oracle: address(&key1).0,
			signature: commit_signature_for(&key1, &DEPLOYMENT, 1),
		};
		assert_eq!(validate(&commit).expect("valid").provides, vec![tag(b"cmit", 1u64, &key1)]);

		let sync_hash = [9; 32];
		make(&proven(1, 1, sync_hash));
		make(&proven(2, 1, sync_hash));
		let sync = Call::submit_sync_signature {
			batch: 1,
			sync_hash,
			oracle: address(&key1).0,
			signature: sync_signature_for(&key1, &DEPLOYMENT, 1, &sync_hash),
		};
		assert_eq!(validate(&sync).expect("valid").provides, vec![tag(b"sync", 1u64, &key1)]);
	});
}

#[test]
fn validate_unsigned_rejects_invalid_calls() {
	new_test_ext().execute_with(|| {
		let key1 = key(1);
		let fact = deposit(1, 0);
		let vote = |fact: &Fact, key: &SigningKey, signature: OracleSignature| Call::vote {
			fact: fact.clone(),
			oracle: address(key).0,
			signature,
		};
		let invalid = |call: &Call<Test>| match validate(call) {
			Err(TransactionValidityError::Invalid(reason)) => reason,
			other => panic!("expected an invalid transaction, got {other:?}"),
		};
		// 1. A non-member, a signature over another deployment, a malleated signature.
		let outsider = key(9);
		assert_eq!(
			invalid(&vote(&fact, &outsider, sign_vote(&outsider, &fact))),
			InvalidTransaction::BadSigner
		);
		assert_eq!(
			invalid(&vote(&fact, &key1, sign_vote_for(&key1, &OTHER_DEPLOYMENT, &fact))),
			InvalidTransaction::BadSigner
		);
		assert_eq!(
			invalid(&vote(&fact, &key1, malleate(&sign_vote(&key1, &fact)))),
			InvalidTransaction::BadProof
		);
		// 2. A chain outside the live set: the pallet error's index.
		let not_live = deposit(3, 0);
		let DispatchError::Module(module) = DispatchError::from(Error::<Test>::ChainNotLive) else {
			unreachable!("a pallet error is a module error")
		};
		assert_eq!(
			invalid(&vote(&not_live, &key1, sign_vote(&key1, &not_live))),
			InvalidTransaction::Custom(module.error[0])
		);
		// 3. A vote already recorded, and one for a decided key, are stale.
		assert_ok!(vote_by(&key1, &fact));
		assert_eq!(
			invalid(&vote(&fact, &key1, sign_vote(&key1, &fact))),
			InvalidTransaction::Stale
		);
		vote_with(&keys(4)[1..], 2, &fact);
		let key4 = key(4);
		assert_eq!(
			invalid(&vote(&fact, &key4, sign_vote(&key4, &fact))),
			InvalidTransaction::Stale
		);
		// 4. Certificates: an unsealed batch, a batch not proven everywhere.
		let commit = Call::submit_commit_signature {
			batch: 1,
			oracle: address(&key1).0,
			signature: commit_signature_for(&key1, &DEPLOYMENT, 1),
		};
		assert!(matches!(invalid(&commit), InvalidTransaction::Custom(_)));
		let sync = Call::submit_sync_signature {
			batch: 1,
			sync_hash: [9; 32],
			oracle: address(&key1).0,
			signature: sync_signature_for(&key1, &DEPLOYMENT, 1, &[9; 32]),
		};
		assert!(matches!(invalid(&sync), InvalidTransaction::Custom(_)));
	});
}

// ------------------------------------------------------------------------------ revocation

fn revoke_signature_for(
	key: &SigningKey,
	deployment: &DeploymentId,
	batch: u64,
	commitment: &[u8; 32],
) -> OracleSignature {
	sign_prehash(key, &certificate::revoke_digest(deployment, batch, commitment))
}

fn submit_revoke(key: &SigningKey, batch: u64) -> DispatchResult {
	RootConsensus::submit_revoke_signature(
		RuntimeOrigin::none(),
		batch,
		address(key).0,
		revoke_signature_for(key, &DEPLOYMENT, batch, &COMMITMENT),
	)
}

/// Seals batches `1..=n` and certifies their commits with keys 1..=3 of the default set.
fn certify_commits(n: u64) {
	for batch in 1..=n {
		set_batch_header(batch, CHUNKS, COMMITMENT);
		for key in keys(3) {
			assert_ok!(submit_commit(&key, batch));
		}
		assert!(RootConsensus::commit_certified(batch));
	}
}

#[test]
fn revoke_works() {
	new_test_ext().execute_with(|| {
		certify_commits(3);
		make(&Fact::BatchExecuted { chain: chain(1), batch: 1 });
		assert_eq!(RootConsensus::revoked_from(), None);
		// 1. Governance revokes batch 2 and every later one.
		assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 2));
		System::assert_last_event(Event::BatchesRevoked { from: 2 }.into());
		assert_eq!(RootConsensus::revoked_from(), Some(2));
		assert!(!RootConsensus::is_revoked(1) && RootConsensus::is_revoked(2));
		assert!(RootConsensus::is_revoked(9));
		// 2. Their commit certificates are hidden from relayers; batch 1's is not.
		for batch in [2, 3] {
			assert!(RootConsensus::commit_signatures(batch).is_empty());
			assert!(!RootConsensus::commit_certified(batch));
			assert_eq!(RootConsensus::commit_status(batch, &address(&key(4))), Duty::Done);
		}
		assert!(RootConsensus::commit_certified(1));
		assert_eq!(RootConsensus::commit_signatures(1).len(), 3);
		// 3. Each needs a revocation certificate; a later, uncertified batch needs none.
		let digest = certificate::revoke_digest(&DEPLOYMENT, 2, &COMMITMENT);
		assert_eq!(RootConsensus::revoke_digest(2), Some(digest));
		assert_eq!(RootConsensus::revoke_digest(1), None);
		assert_eq!(RootConsensus::revoke_digest(4), None);
		assert_eq!(RootConsensus::revoke_status(2, &address(&key(1))), Duty::Open);
		assert_eq!(RootConsensus::revoke_status(4, &address(&key(1))), Duty::Done);
		// 4. It may be widened to an earlier batch, never narrowed.
		assert_noop!(
			RootConsensus::revoke(RuntimeOrigin::root(), 2),
			Error::<Test>::AlreadyRevoked
		);
		assert_noop!(
			RootConsensus::revoke(RuntimeOrigin::root(), 3),
			Error::<Test>::AlreadyRevoked
		);
	});
}

#[test]
fn revoke_rejects_what_cannot_be_revoked() {
	new_test_ext().execute_with(|| {
		certify_commits(2);
		// 1. Governance only.
		assert_noop!(RootConsensus::revoke(RuntimeOrigin::signed(1), 2), DispatchError::BadOrigin);
		assert_noop!(RootConsensus::revoke(RuntimeOrigin::none(), 2), DispatchError::BadOrigin);
		// 2. The genesis state is no batch.
		assert_noop!(RootConsensus::revoke(RuntimeOrigin::root(), 0), Error::<Test>::GenesisBatch);
		// 3. A batch an L1 proved is beyond the reach of every contract's revert.
		//    (Facts may be made out of order: batch 2's proof implies batch 1's on that chain.)
		make(&proven(1, 2, [5; 32]));
		assert_noop!(RootConsensus::revoke(RuntimeOrigin::root(), 2), Error::<Test>::ProvenOnL1);
		assert_noop!(RootConsensus::revoke(RuntimeOrigin::root(), 1), Error::<Test>::ProvenOnL1);
		make(&proven(1, 1, [4; 32]));
		assert_noop!(RootConsensus::revoke(RuntimeOrigin::root(), 2), Error::<Test>::ProvenOnL1);
		assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 3));
	});
}

#[test]
fn revoked_batches_get_no_commit_or_sync_signatures() {
	ExtBuilder::default().live_chains(&[1, 2]).build_and_execute(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		set_batch_header(2, CHUNKS, COMMITMENT);
		assert_ok!(submit_commit(&key(1), 2));
		assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 1));
		// Anyone may still commit and prove it on an L1 that has no revocation certificate yet:
		// the facts are made, the sync certificate is refused.
		make(&proven(1, 1, [6; 32]));
		make(&proven(2, 1, [6; 32]));
		assert_noop!(submit_commit(&key(2), 1), Error::<Test>::Revoked);
		assert_noop!(submit_commit(&key(2), 2), Error::<Test>::Revoked);
		assert_noop!(submit_sync(&key(1), 1, [6; 32]), Error::<Test>::Revoked);
		assert_eq!(RootConsensus::sync_status(1, &address(&key(1))), Duty::Done);
		assert_eq!(
			validate(&Call::submit_commit_signature {
				batch: 2,
				oracle: address(&key(2)).0,
				signature: commit_signature_for(&key(2), &DEPLOYMENT, 2),
			}),
			Err(InvalidTransaction::Custom(Error::<Test>::Revoked.encode()[0]).into())
		);
	});
}

#[test]
fn revoked_batches_with_a_header_get_a_revocation_certificate() {
	new_test_ext().execute_with(|| {
		certify_commits(1);
		assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 1));
		let set = keys(4);
		// 1. Below the quorum: gathered, not certified.
		assert_ok!(submit_revoke(&set[3], 1));
		System::assert_last_event(
			Event::RevokeSignatureAdded { batch: 1, oracle: address(&set[3]).0 }.into(),
		);
		assert_eq!(RootConsensus::revoke_status(1, &address(&set[3])), Duty::Waiting);
		assert_eq!(RootConsensus::revocation_certificate(1), None);
		assert_ok!(submit_revoke(&set[1], 1));
		// 2. The quorum certifies; the signatures verify against the contracts' digest, by
		//    signer ascending.
		assert_ok!(submit_revoke(&set[0], 1));
		System::assert_last_event(
			Event::RevokeCertified { batch: 1, commitment: COMMITMENT }.into(),
		);
		let (commitment, signatures) =
			RootConsensus::revocation_certificate(1).expect("a quorum signed");
		assert_eq!(commitment, COMMITMENT);
		let digest = certificate::revoke_digest(&DEPLOYMENT, 1, &COMMITMENT);
		let signers: Vec<L1Address> = signatures
			.iter()
			.map(|sig| recover_address(&digest, sig).expect("a stored signature recovers"))
			.collect();
		let mut expected: Vec<L1Address> = [&set[0], &set[1], &set[3]].map(address).to_vec();
		expected.sort();
		assert_eq!(signers, expected);
		assert_eq!(RootConsensus::revoke_status(1, &address(&set[2])), Duty::Done);
		assert_noop!(submit_revoke(&set[2], 1), Error::<Test>::AlreadyCertified);
	});
}

#[test]
fn a_revoked_batch_whose_commit_certificate_was_gathered_off_chain_gets_a_revocation_certificate() {
	new_test_ext().execute_with(|| {
		// Batch 1 is proven on the appchain; the oracles sign its commit digest and their
		// signatures travel through the pool, where anyone can gather a quorum, but only one of
		// them reached a block before governance revoked the batch.
		set_batch_header(1, CHUNKS, COMMITMENT);
		assert_ok!(submit_commit(&key(1), 1));
		assert!(!RootConsensus::commit_certified(1));
		assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 1));
		// The off-chain certificate would commit it on any L1: it is revoked all the same.
		let digest = certificate::revoke_digest(&DEPLOYMENT, 1, &COMMITMENT);
		assert_eq!(RootConsensus::revoke_digest(1), Some(digest));
		assert_eq!(RootConsensus::revoke_status(1, &address(&key(2))), Duty::Open);
		for key in keys(3) {
			assert_ok!(submit_revoke(&key, 1));
		}
		let (commitment, signatures) =
			RootConsensus::revocation_certificate(1).expect("a quorum signed");
		assert_eq!((commitment, signatures.len()), (COMMITMENT, 3));
		// A batch with no commit signature at all, proven on the appchain, too.
		set_batch_header(2, CHUNKS, COMMITMENT);
		assert_eq!(RootConsensus::revoke_status(2, &address(&key(1))), Duty::Open);
		assert_ok!(submit_revoke(&key(1), 2));
	});
}

#[test]
fn submit_revoke_signature_rejects_bad_batches_signers_and_signatures() {
	new_test_ext().execute_with(|| {
		certify_commits(2);
		set_batch_header(3, CHUNKS, COMMITMENT);
		let key1 = key(1);
		// 1. Not revoked: a revocation of a live batch would let anyone block it on L1.
		assert_noop!(submit_revoke(&key1, 1), Error::<Test>::NotRevoked);
		assert_ok!(RootConsensus::revoke(RuntimeOrigin::root(), 2));
		assert_noop!(submit_revoke(&key1, 1), Error::<Test>::NotRevoked);
		// 2. Revoked but never proven on the appchain (no header): no oracle ever signed its
		//    commit digest, nothing to revoke.
		assert_noop!(submit_revoke(&key1, 4), Error::<Test>::UnknownBatch);
		assert_eq!(RootConsensus::revoke_digest(4), None);
		// 3. A non-member; a second signature.
		assert_noop!(submit_revoke(&key(9), 2), Error::<Test>::NotOracle);
		assert_ok!(submit_revoke(&key1, 2));
		assert_noop!(submit_revoke(&key1, 2), Error::<Test>::AlreadySigned);
		// 4. Another deployment's digest, another batch's, another commitment's, and the commit
		//    digest of the same batch.
		let key2 = key(2);
		for signature in [
			revoke_signature_for(&key2, &OTHER_DEPLOYMENT, 2, &COMMITMENT),
			revoke_signature_for(&key2, &DEPLOYMENT, 3, &COMMITMENT),
			revoke_signature_for(&key2, &DEPLOYMENT, 2, &[0xc2; 32]),
			commit_signature_for(&key2, &DEPLOYMENT, 2),
		] {
			assert_noop!(
				RootConsensus::submit_revoke_signature(
					RuntimeOrigin::none(),
					2,
					address(&key2).0,
					signature
				),
				Error::<Test>::SignerMismatch
			);
		}
		// 5. Malleated and garbage signatures.
		let good = revoke_signature_for(&key2, &DEPLOYMENT, 2, &COMMITMENT);
		for bad in [malleate(&good), [0xff; 65]] {
			assert_noop!(
				RootConsensus::submit_revoke_signature(
					RuntimeOrigin::none(),
					2,
					address(&key2).0,
					bad
				),
				Error::<Test>::InvalidSignature
			);
		}
		// 6. The pool takes a valid one with its own tag and refuses a stale one.
		let call =
			Call::submit_revoke_signature { batch: 2, oracle: address(&key2).0, signature: good };
		let valid = validate(&call).expect("a valid revoke signature");
		assert_eq!(valid.provides, vec![tag(b"rvke", 2u64, &key2)]);
		let again = Call::submit_revoke_signature {
			batch: 2,
			oracle: address(&key1).0,
			signature: revoke_signature_for(&key1, &DEPLOYMENT, 2, &COMMITMENT),
		};
		assert_eq!(validate(&again), Err(InvalidTransaction::Stale.into()));
	});
}

// ------------------------------------------------------------------------------ weights

#[test]
fn every_call_declares_its_own_weight_function() {
	let signature = [0u8; 65];
	let vote = Call::<Test>::vote { fact: deposit(1, 0), oracle: [0; 20], signature };
	// A vote is charged for its own work, the handler's call and its deliveries.
	let charged = <() as WeightInfo>::vote()
		.saturating_add(OTHER_FACT_WEIGHT)
		.saturating_add(PRIORITY_OP_WEIGHT.saturating_mul(DELIVERIES_PER_VOTE.into()));
	assert_eq!(vote.get_dispatch_info().call_weight, charged);
	assert_eq!(RootConsensus::vote_weight(), charged);
	let commit = Call::<Test>::submit_commit_signature { batch: 1, oracle: [0; 20], signature };
	assert_eq!(
		commit.get_dispatch_info().call_weight,
		<() as WeightInfo>::submit_commit_signature()
	);
	let sync = Call::<Test>::submit_sync_signature {
		batch: 1,
		sync_hash: [0; 32],
		oracle: [0; 20],
		signature,
	};
	assert_eq!(sync.get_dispatch_info().call_weight, <() as WeightInfo>::submit_sync_signature());
	let revoke = Call::<Test>::revoke { from: 1 };
	assert_eq!(revoke.get_dispatch_info().call_weight, <() as WeightInfo>::revoke());
	let revoke_signature =
		Call::<Test>::submit_revoke_signature { batch: 1, oracle: [0; 20], signature };
	assert_eq!(
		revoke_signature.get_dispatch_info().call_weight,
		<() as WeightInfo>::submit_revoke_signature()
	);
}

#[test]
fn vote_digest_binds_deployment_and_fact() {
	let fact = deposit(1, 0);
	let digest = vote_digest(&DEPLOYMENT, &fact);
	assert_ne!(digest, vote_digest(&OTHER_DEPLOYMENT, &fact));
	assert_ne!(digest, vote_digest(&DEPLOYMENT, &deposit(1, 1)));
	let mut message = VOTE_DOMAIN.to_vec();
	message.extend_from_slice(&DEPLOYMENT.0);
	message.extend_from_slice(&fact.encode());
	assert_eq!(digest, polylink_primitives::eth::keccak256(&message));
}

// ------------------------------------------------------------------------------ duties

#[test]
fn vote_status_follows_the_tally_and_the_set() {
	new_test_ext().execute_with(|| {
		let set = keys(4);
		let fact = deposit(1, 0);
		let oracle = address(&set[0]);
		assert_eq!(RootConsensus::vote_status(fact.key(), &oracle), Duty::Open);
		assert_ok!(vote_by(&set[0], &fact));
		assert_eq!(RootConsensus::vote_status(fact.key(), &oracle), Duty::Waiting);
		assert_eq!(RootConsensus::vote_status(fact.key(), &address(&set[1])), Duty::Open);
		// A new set does not count the old set's votes: the oracle votes again.
		set_oracles(&set);
		assert_eq!(RootConsensus::vote_status(fact.key(), &oracle), Duty::Open);
		vote_with(&set, 3, &fact);
		for key in &set {
			assert_eq!(RootConsensus::vote_status(fact.key(), &address(key)), Duty::Done);
		}
	});
}

#[test]
fn certificate_statuses_follow_the_signatures_and_the_set() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		let set = keys(4);
		let sync_hash = [0x5a; 32];
		let oracle = address(&set[0]);
		assert_eq!(RootConsensus::commit_status(1, &oracle), Duty::Open);
		assert_ok!(submit_commit(&set[0], 1));
		assert_eq!(RootConsensus::commit_status(1, &oracle), Duty::Waiting);
		assert_eq!(RootConsensus::commit_status(1, &address(&set[1])), Duty::Open);
		assert_eq!(RootConsensus::commit_status(2, &oracle), Duty::Open);

		make(&proven(1, 1, sync_hash));
		make(&proven(2, 1, sync_hash));
		assert_eq!(RootConsensus::sync_status(1, &oracle), Duty::Open);
		assert_ok!(submit_sync(&set[0], 1, sync_hash));
		assert_eq!(RootConsensus::sync_status(1, &oracle), Duty::Waiting);

		// A rotation voids partial certificates: sign again.
		set_oracles(&set);
		assert_eq!(RootConsensus::commit_status(1, &oracle), Duty::Open);
		assert_eq!(RootConsensus::sync_status(1, &oracle), Duty::Open);
		for key in &set[..3] {
			assert_ok!(submit_commit(key, 1));
			assert_ok!(submit_sync(key, 1, sync_hash));
		}
		for key in &set {
			assert_eq!(RootConsensus::commit_status(1, &address(key)), Duty::Done);
			assert_eq!(RootConsensus::sync_status(1, &address(key)), Duty::Done);
		}
	});
}

#[test]
fn signatures_with_a_recovery_id_the_contracts_refuse_are_refused() {
	new_test_ext().execute_with(|| {
		set_batch_header(1, CHUNKS, COMMITMENT);
		let key1 = key(1);
		let fact = deposit(1, 0);
		let good_vote = sign_vote(&key1, &fact);
		let good_commit = commit_signature_for(&key1, &DEPLOYMENT, 1);
		// The same signatures with v as 0/1: recoverable, but not what `ecrecover` takes.
		let (mut vote_01, mut commit_01) = (good_vote, good_commit);
		vote_01[64] -= 27;
		commit_01[64] -= 27;
		assert_eq!(
			recover_address(&RootConsensus::vote_digest_of(&fact), &vote_01),
			Ok(address(&key1))
		);
		assert_noop!(
			RootConsensus::vote(RuntimeOrigin::none(), fact.clone(), address(&key1).0, vote_01),
			Error::<Test>::InvalidSignature
		);
		assert_noop!(
			RootConsensus::submit_commit_signature(
				RuntimeOrigin::none(),
				1,
				address(&key1).0,
				commit_01
			),
			Error::<Test>::InvalidSignature
		);
		assert_ok!(RootConsensus::vote(RuntimeOrigin::none(), fact, address(&key1).0, good_vote));
		assert_ok!(RootConsensus::submit_commit_signature(
			RuntimeOrigin::none(),
			1,
			address(&key1).0,
			good_commit
		));
	});
}
