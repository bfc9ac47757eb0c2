//! Block-circuit tests: real batches from the native executor are satisfied and commit to the
//! executor's commitment; tampered witnesses are not.

use super::{
	example::{funded, Net, C1, C2, E18, ETH, USDC},
	witness, BlockCircuit,
};
use bellman::{gadgets::test::TestConstraintSystem, Circuit};
use polylink_primitives::{commitment, eth::L1Address, executor::Batch, field::Fr, state::State};

/// Synthesizes the circuit for `batch`; returns the constraint system.
pub fn synthesize(before: &State, batch: &Batch, capacity: usize) -> TestConstraintSystem<Fr> {
	let witness = witness::build(before, batch, capacity).expect("witness");
	let mut cs = TestConstraintSystem::new();
	BlockCircuit { chunks: capacity, witness: Some(witness) }
		.synthesize(&mut cs)
		.expect("synthesis");
	cs
}

fn assert_proves(before: &State, batch: &Batch, capacity: usize) -> TestConstraintSystem<Fr> {
	let cs = synthesize(before, batch, capacity);
	assert_eq!(cs.which_is_unsatisfied(), None);
	assert!(cs.verify(&[commitment::commitment_to_field(&batch.commitment)]));
	cs
}

#[test]
fn deposits_and_key_changes_are_proven() {
	let capacity = 6;
	let mut net = Net::new(capacity, 2);
	let before = net.state.clone();
	net.deposit(net.addresses[0], C1, ETH, 5 * E18);
	net.deposit(net.addresses[1], C2, ETH, 3 * E18);
	let (before, batch) = net.seal(before, 100, capacity);
	assert_proves(&before, &batch, capacity);

	let before = net.state.clone();
	net.set_key(0);
	net.set_key(1);
	let (before, batch) = net.seal(before, 101, capacity);
	assert_proves(&before, &batch, capacity);
}

#[test]
fn transfers_are_proven() {
	let capacity = 4;
	let mut net = funded();
	let before = net.state.clone();
	net.transfer(0, net.addresses[1], ETH, E18);
	net.transfer(1, L1Address([0x77; 20]), ETH, 2 * E18);
	let (before, batch) = net.seal(before, 103, capacity);
	assert_proves(&before, &batch, capacity);
}

#[test]
fn withdrawals_and_exits_are_proven() {
	let capacity = 9;
	let mut net = funded();
	net.deposit(net.addresses[0], C1, USDC, 50 * E18);
	net.state.seal_batch(3).expect("seal");
	let before = net.state.clone();
	net.withdraw(0, C1, ETH, E18, ETH);
	net.withdraw(0, C1, USDC, E18, ETH);
	net.full_exit(1, C1, ETH);
	let (before, batch) = net.seal(before, 104, capacity);
	assert_proves(&before, &batch, capacity);

	// User 2 never set a key: anyone may force it out.
	let before = net.state.clone();
	net.forced_exit(0, net.addresses[2], C1, ETH);
	let (before, batch) = net.seal(before, 105, capacity);
	assert_proves(&before, &batch, capacity);
}

mod reject {
	use super::*;

	fn transfer_batch() -> (State, Batch, usize) {
		let capacity = 3;
		let mut net = funded();
		let before = net.state.clone();
		net.transfer(0, net.addresses[1], ETH, E18);
		let (before, batch) = net.seal(before, 103, capacity);
		(before, batch, capacity)
	}

	fn unsatisfied(mut edit: impl FnMut(&mut witness::BlockWitness)) -> bool {
		let (before, batch, capacity) = transfer_batch();
		let mut w = witness::build(&before, &batch, capacity).expect("witness");
		edit(&mut w);
		let mut cs = TestConstraintSystem::new();
		BlockCircuit { chunks: capacity, witness: Some(w) }.synthesize(&mut cs).expect("synthesis");
		!cs.is_satisfied() || !cs.verify(&[commitment::commitment_to_field(&batch.commitment)])
	}

	#[test]
	fn bad_signature() {
		assert!(unsatisfied(|w| {
			let sig = w.chunks[0].signature.as_mut().expect("signed");
			sig.s += jubjub::Fr::one();
		}));
	}

	#[test]
	fn wrong_nonce() {
		assert!(unsatisfied(|w| w.chunks[0].updates[0].nonce += 1));
	}

	#[test]
	fn overdraft() {
		assert!(unsatisfied(|w| w.chunks[0].updates[0].balance = 1));
	}

	#[test]
	fn wrong_root() {
		assert!(unsatisfied(|w| w.old_root += Fr::from(1u64)));
	}

	#[test]
	fn altered_pubdata_byte() {
		assert!(unsatisfied(|w| w.chunks[0].op_pubdata[11] ^= 1));
	}

	#[test]
	fn fee_in_wrong_slot() {
		assert!(unsatisfied(|w| w.chunks[0].fee_slot = Some(1)));
	}

	#[test]
	fn reserve_overdraft() {
		let capacity = 3;
		let mut net = funded();
		let before = net.state.clone();
		net.withdraw(0, C1, ETH, E18, ETH);
		let (before, batch) = net.seal(before, 104, capacity);
		let mut w = witness::build(&before, &batch, capacity).expect("witness");
		// Slot 1 of the withdrawal debits chain 1's reserve by 1 ETH: claim it held less.
		assert_eq!(w.chunks[0].updates[1].account, C1.reserve_account().0);
		w.chunks[0].updates[1].balance = E18 - 1;
		let mut cs = TestConstraintSystem::new();
		BlockCircuit { chunks: capacity, witness: Some(w) }.synthesize(&mut cs).expect("synthesis");
		assert!(!cs.is_satisfied());
	}

	#[test]
	fn wrong_fee_sum() {
		// The fee account's old balance in its slot is part of the sum it ends with.
		assert!(unsatisfied(|w| w.fee_slots[0].update.balance += 1));
		// A fee claimed in a slot whose token differs from the fee's.
		assert!(unsatisfied(|w| w.fee_slots[0].update.token = 2));
	}

	#[test]
	fn untampered_is_satisfied() {
		assert!(!unsatisfied(|_| {}));
	}
}

#[test]
fn constraint_counts_are_pinned() {
	let count = |chunks| {
		crate::params::circuit_shape(BlockCircuit::blank(chunks)).expect("shape").num_constraints
	};
	let (one, two) = (count(1), count(2));
	println!("block circuit: 1 chunk {one}, 2 chunks {two}, per chunk {}", two - one);
	// Per chunk: two leaf updates (2 × 17.6k), the signature (4.9k) with its subgroup key (18),
	// the key hash, the message hash, the live-chain check (5) and 288 bits of SHA-256 input;
	// fixed: the live-chain bits, four fee-slot updates and the commitment.
	assert_eq!((one, two), (244_234, 289_383));
}

mod random {
	use super::*;
	use proptest::prelude::*;

	#[derive(Clone, Debug)]
	enum Action {
		Transfer { from: usize, to: usize, milli: u64 },
		TransferToNew { from: usize, seed: u8 },
		Withdraw { user: usize, milli: u64 },
		Deposit { user: usize, milli: u64 },
	}

	fn action() -> impl Strategy<Value = Action> {
		prop_oneof![
			(0usize..2, 0usize..3, 1u64..500).prop_map(|(from, to, milli)| Action::Transfer {
				from,
				to,
				milli
			}),
			(0usize..2, 100u8..200).prop_map(|(from, seed)| Action::TransferToNew { from, seed }),
			(0usize..2, 1u64..500).prop_map(|(user, milli)| Action::Withdraw { user, milli }),
			(0usize..3, 1u64..500).prop_map(|(user, milli)| Action::Deposit { user, milli }),
		]
	}

	proptest! {
		#![proptest_config(ProptestConfig { cases: 3, .. ProptestConfig::default() })]

		/// Random valid batches are proven, with the executor's commitment as public input.
		#[test]
		fn random_batches_are_proven(actions in proptest::collection::vec(action(), 1..4)) {
			let capacity = 9;
			let mut net = funded();
			let before = net.state.clone();
			for action in actions {
				match action {
					Action::Transfer { from, to, milli } if from != to => {
						let to = net.addresses[to];
						net.transfer(from, to, ETH, u128::from(milli) * E18 / 1000);
					},
					Action::Transfer { .. } => {},
					Action::TransferToNew { from, seed } => net.transfer(from, L1Address([seed; 20]), ETH, E18 / 1000),
					Action::Withdraw { user, milli } => net.withdraw(user, C1, ETH, u128::from(milli) * E18 / 1000, ETH),
					Action::Deposit { user, milli } => {
						let to = net.addresses[user];
						net.deposit(to, C2, ETH, u128::from(milli) * E18 / 1000);
					},
				}
			}
			let (before, batch) = net.seal(before, 200, capacity);
			let cs = synthesize(&before, &batch, capacity);
			prop_assert_eq!(cs.which_is_unsatisfied(), None);
			prop_assert!(cs.verify(&[commitment::commitment_to_field(&batch.commitment)]));
		}
	}
}

/// Witnesses the executor would never build, sealed by a prover that ignores its rules: the
/// circuit itself must refuse them (the executor refusing them proves nothing about a proof).
mod forged {
	use super::*;
	use polylink_primitives::{
		account::AccountId,
		chain::{ChainId, LiveChains},
		plan::{self, AddressRule, LeafUpdate},
		pubdata::Op,
		signature::{PrivateKey, TxSignature},
		token::TokenId,
		tx::{ChangePubKey, ChangePubKeyAuth, L2Tx},
	};
	use std::collections::BTreeMap;

	const C3: ChainId = ChainId(3);

	/// Seals `ops` on `before` with none of the executor's checks: writes each op's plan,
	/// credits the fees, pads and commits to `live`.
	fn forge(
		before: &State,
		ops: Vec<Op>,
		signatures: Vec<Option<TxSignature>>,
		live: LiveChains,
		capacity: usize,
	) -> Batch {
		let mut state = before.clone();
		let old_root = state.root();
		let mut fees: BTreeMap<TokenId, u128> = BTreeMap::new();
		let mut pubdata = Vec::new();
		let mut used = 0;
		for op in &ops {
			for update in op.plan().iter().flatten().flatten() {
				state.write_update(update);
			}
			if let Some((token, fee)) = op.fee().filter(|(_, fee)| *fee > 0) {
				*fees.entry(token).or_default() += fee;
			}
			pubdata.extend(op.pubdata().expect("encodable"));
			used += op.chunks();
		}
		for update in &plan::fee_credits(&fees) {
			state.write_update(update);
		}
		for _ in used..capacity {
			pubdata.extend(Op::Noop.pubdata().expect("encodable"));
		}
		let new_root = state.root();
		let (number, timestamp) = (before.last_batch() + 1, 300);
		let pubdata_hash = commitment::sha256(&pubdata);
		let onchain_hash = commitment::onchain_hash(&pubdata).expect("well-formed");
		let commitment = commitment::commitment(
			number,
			timestamp,
			live,
			&old_root,
			&new_root,
			&pubdata_hash,
			&onchain_hash,
		);
		Batch {
			number,
			timestamp,
			old_root,
			new_root,
			live_chains: live,
			ops,
			signatures,
			pubdata,
			fees,
			pubdata_hash,
			onchain_hash,
			commitment,
		}
	}

	/// The first unsatisfied constraint of the circuit for `batch`.
	fn refused(before: &State, batch: &Batch, capacity: usize) -> String {
		let cs = synthesize(before, batch, capacity);
		cs.which_is_unsatisfied().expect("the circuit must refuse this witness").to_string()
	}

	/// The deployment of the example network: chains 1 and 2.
	fn deployed() -> LiveChains {
		LiveChains::of([C1, C2])
	}

	/// A fee-less key change of `account` on `chain` to `key`, signed by the new key.
	fn key_change(
		key: &PrivateKey,
		account: AccountId,
		owner: L1Address,
		chain: ChainId,
		nonce: u32,
	) -> (Op, TxSignature) {
		let pubkey_hash = key.public_key().hash();
		let tx = L2Tx::ChangePubKey(ChangePubKey {
			account,
			chain,
			new_pubkey_hash: pubkey_hash,
			fee_token: ETH,
			fee: 0,
			nonce,
			auth: ChangePubKeyAuth::Onchain,
			signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
		});
		let signature = TxSignature::sign(key, tx.message());
		let op = Op::ChangePubKey {
			chain,
			account,
			pubkey_hash,
			address: owner,
			nonce,
			fee_token: ETH,
			fee: 0,
		};
		(op, signature)
	}

	#[test]
	fn forged_batches_of_valid_ops_are_proven() {
		// The forging helper itself builds sound witnesses: a key change the executor would
		// also accept proves.
		let capacity = 3;
		let net = funded();
		let key = PrivateKey::from_seed(&[0x42; 32]);
		let (op, sig) = key_change(&key, net.id(0), net.addresses[0], C1, 1);
		let batch = forge(&net.state, vec![op], vec![Some(sig)], deployed(), capacity);
		assert_proves(&net.state, &batch, capacity);
	}

	#[test]
	fn deposit_on_a_chain_that_is_not_live() {
		// A deposit on chain 3, where the deployment has no contract: nobody on L1 would
		// check it, so it would mint funds no chain holds.
		let capacity = 3;
		let net = funded();
		let op = Op::Deposit {
			chain: C3,
			account: net.state.next_account_id(),
			token: ETH,
			amount: 1_000 * E18,
			to: L1Address([0x66; 20]),
		};
		let batch = forge(&net.state, vec![op.clone()], vec![None], deployed(), capacity);
		let failed = refused(&net.state, &batch, capacity);
		assert!(failed.contains("op names a live chain"), "{failed}");
		// Only the live-chain rule stood in the way: committed to a set with chain 3, it proves
		// (and then no contract of this deployment accepts the commitment).
		let live = LiveChains::of([C1, C2, C3]);
		let batch = forge(&net.state, vec![op], vec![None], live, capacity);
		assert_proves(&net.state, &batch, capacity);
	}

	#[test]
	fn key_change_on_a_chain_that_is_not_live() {
		// A key change authorised "on chain 3", where no contract checks the owner's consent.
		let capacity = 3;
		let net = funded();
		let key = PrivateKey::from_seed(&[0x43; 32]);
		let (op, sig) = key_change(&key, net.id(0), net.addresses[0], C3, 1);
		let batch = forge(&net.state, vec![op], vec![Some(sig)], deployed(), capacity);
		let failed = refused(&net.state, &batch, capacity);
		assert!(failed.contains("op names a live chain"), "{failed}");
	}

	#[test]
	fn key_change_on_a_system_account() {
		// Even a reserve account that somehow had an owner cannot take a key: it never signs.
		let capacity = 3;
		let net = funded();
		let mut before = net.state.clone();
		let owner = L1Address([0x99; 20]);
		let reserve = C1.reserve_account();
		before.write_update(&LeafUpdate {
			account: reserve,
			token: ETH,
			debit: 0,
			credit: 0,
			bump_nonce: false,
			set_pubkey_hash: None,
			address: AddressRule::Open(owner),
		});
		let key = PrivateKey::from_seed(&[0x44; 32]);
		let (op, sig) = key_change(&key, reserve, owner, C1, 0);
		let batch = forge(&before, vec![op], vec![Some(sig)], deployed(), capacity);
		let failed = refused(&before, &batch, capacity);
		assert!(failed.contains("key change on a user account"), "{failed}");
	}

	#[test]
	fn key_change_on_an_empty_account() {
		// An empty account has no owner to authorise a key; a key planted there would control
		// whatever a later deposit opens the account with.
		let capacity = 3;
		let net = funded();
		let key = PrivateKey::from_seed(&[0x45; 32]);
		let empty = AccountId(net.state.next_account_id().0 + 10);
		let (op, sig) = key_change(&key, empty, L1Address::default(), C1, 0);
		let batch = forge(&net.state, vec![op], vec![Some(sig)], deployed(), capacity);
		let failed = refused(&net.state, &batch, capacity);
		assert!(failed.contains("non-zero address"), "{failed}");
	}

	#[test]
	fn commitment_to_another_live_set() {
		// An honest batch committed to another live set is a different public input: the
		// proof for one deployment's set never verifies against another's.
		let capacity = 3;
		let mut net = funded();
		let before = net.state.clone();
		net.transfer(0, net.addresses[1], ETH, E18);
		let (before, batch) = net.seal(before, 103, capacity);
		let mut w = witness::build(&before, &batch, capacity).expect("witness");
		w.live_chains = LiveChains::of([C1]).bits();
		let mut cs = TestConstraintSystem::new();
		BlockCircuit { chunks: capacity, witness: Some(w) }.synthesize(&mut cs).expect("synthesis");
		assert!(cs.is_satisfied());
		assert!(!cs.verify(&[commitment::commitment_to_field(&batch.commitment)]));
	}
}
