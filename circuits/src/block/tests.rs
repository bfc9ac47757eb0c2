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
	// Per chunk: two leaf updates (2 × 17.6k), the signature (4.9k), the key hash, the message
	// hash and 288 bits of SHA-256 input; fixed: four fee-slot updates and the commitment.
	assert_eq!((one, two), (244_217, 289_345));
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
