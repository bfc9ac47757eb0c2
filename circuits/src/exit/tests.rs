//! Exit-circuit tests: real claims from the native state are satisfied and commit to the
//! native exit commitment; tampered witnesses are not.

use super::{
	witness::{self, ExitWitness, EXAMPLE_TOKEN},
	ExitCircuit, EXAMPLE_CHAIN, EXIT_CONSTRAINTS,
};
use bellman::{gadgets::test::TestConstraintSystem, Circuit};
use ff::Field;
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	commitment::commitment_to_field,
	eth::L1Address,
	exit::exit_commitment,
	field::Fr,
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{Deposit, PriorityOp, Tx},
};

/// The example claim's witness.
fn example_witness(chain: ChainId, token: TokenId) -> ExitWitness {
	let (mut state, claimant) = witness::example_state();
	witness::build(&mut state, claimant, token, chain).expect("valid claim")
}

/// Synthesizes the circuit for `w`.
fn synthesize(w: ExitWitness) -> TestConstraintSystem<Fr> {
	let mut cs = TestConstraintSystem::new();
	ExitCircuit { witness: Some(w) }.synthesize(&mut cs).expect("synthesizes");
	cs
}

#[test]
fn example_claim_works() {
	let (mut state, claimant) = witness::example_state();
	let w = witness::build(&mut state, claimant, EXAMPLE_TOKEN, EXAMPLE_CHAIN).expect("claim");
	let claim = state.exit_claim(claimant, EXAMPLE_TOKEN, EXAMPLE_CHAIN).expect("claim");
	assert!(claim.amount > 0 && claim.amount < state.balance(claimant, EXAMPLE_TOKEN));
	let native = commitment_to_field(&exit_commitment(&state.root(), &claim));
	assert_eq!(state.root(), state.last_batch_root());
	let mut cs = synthesize(w);
	assert!(cs.is_satisfied());
	assert_eq!(cs.num_constraints(), EXIT_CONSTRAINTS);
	assert_eq!(cs.hash(), "1b29c35d7a0b7d19765b7ee8af7c7daebdf6dbffa4bcb63c6c17fbfdf1e5490f");
	assert_eq!(cs.num_inputs(), 2);
	assert_eq!(cs.get_input(1, "exit commitment"), native);
	assert!(cs.verify(&[native]));
	assert_eq!(ExitCircuit::example().1, native);
}

#[test]
fn every_chain_works() {
	for chain in ChainId::all() {
		let w = example_witness(chain, EXAMPLE_TOKEN);
		let input = w.public_input();
		let cs = synthesize(w);
		assert!(cs.is_satisfied(), "chain {}", chain.0);
		assert!(cs.verify(&[input]));
	}
}

#[test]
fn zero_reserves_work() {
	// Nobody holds token 7: balance, reserves and amount are all 0.
	let w = example_witness(ChainId(1), TokenId(7));
	assert_eq!(w.claim.amount, 0);
	let input = w.public_input();
	let cs = synthesize(w);
	assert!(cs.is_satisfied());
	assert!(cs.verify(&[input]));
}

/// A state in which `balance × reserve` exceeds the modulus: users deposit 2^127 on chains 1
/// and 2 and 2^126 on chain 3. Returns it and the first user.
fn huge_state() -> (State, AccountId) {
	let mut registry = Registry::default();
	registry.register_token(EXAMPLE_TOKEN, b"ETH").expect("fresh");
	for c in 1..=3 {
		let info = ChainInfo { evm_chain_id: 1000 + u64::from(c), contract: L1Address([c; 20]) };
		registry.register_chain(ChainId(c), info).expect("fresh");
		let native = ChainToken { address: L1Address::default(), decimals: 18 };
		registry.add_token_to_chain(EXAMPLE_TOKEN, ChainId(c), native).expect("fresh");
	}
	let config = ExecutorConfig { fees: FeePolicy::default(), batch_chunks: 16 };
	let mut state = State::genesis(registry, config);
	for (c, amount) in [(1u8, 1u128 << 127), (2, 1 << 127), (3, 1 << 126)] {
		let to = L1Address([0x40 + c; 20]);
		let op = Deposit { chain: ChainId(c), serial_id: 0, to, token: EXAMPLE_TOKEN, amount };
		state.apply(&Tx::Priority(PriorityOp::Deposit(op))).expect("deposit");
	}
	state.seal_batch(1).expect("seal");
	let user = state.account_id_of(&L1Address([0x41; 20])).expect("exists");
	(state, user)
}

#[test]
fn huge_values_work() {
	let (mut state, user) = huge_state();
	for chain in ChainId::all() {
		let w = witness::build(&mut state, user, EXAMPLE_TOKEN, chain).expect("claim");
		let input = w.public_input();
		let cs = synthesize(w);
		assert!(cs.is_satisfied(), "chain {}", chain.0);
		assert!(cs.verify(&[input]));
	}
}

mod reject {
	use super::*;

	fn example() -> ExitWitness {
		example_witness(EXAMPLE_CHAIN, EXAMPLE_TOKEN)
	}

	/// The first unsatisfied constraint of the tampered example.
	fn first_failure(tamper: impl FnOnce(&mut ExitWitness)) -> Option<String> {
		let mut w = example();
		tamper(&mut w);
		synthesize(w).which_is_unsatisfied().map(str::to_owned)
	}

	#[test]
	fn wrong_balance() {
		let failure = first_failure(|w| w.user.balance += 1);
		assert_eq!(failure.as_deref(), Some("user/root computation"));
	}

	#[test]
	fn wrong_reserve() {
		let failure = first_failure(|w| w.reserves[1].balance -= 1);
		assert_eq!(failure.as_deref(), Some("reserve 2/root computation"));
		// A reserve account's leaf moved to another reserve's slot.
		let failure = first_failure(|w| w.reserves.swap(0, 1));
		assert_eq!(failure.as_deref(), Some("reserve 1/root computation"));
	}

	#[test]
	fn amount_plus_one() {
		// rem = R − (amount + 1)·Σ is negative: it wraps and fails its range check.
		let failure = first_failure(|w| w.claim.amount += 1);
		assert_eq!(failure.as_deref(), Some("division/remainder range/packing computation"));
	}

	#[test]
	fn amount_minus_one() {
		// rem = R − (amount − 1)·Σ ≥ Σ.
		let failure = first_failure(|w| w.claim.amount -= 1);
		assert_eq!(failure.as_deref(), Some("division/remainder bound computation"));
	}

	#[test]
	fn wrong_chain() {
		// Chain 1's reserve differs from chain 2's: the example amount is not its share.
		let failure = first_failure(|w| w.claim.chain = ChainId(1));
		assert!(failure.as_deref().is_some_and(|f| f.starts_with("division/")), "{failure:?}");
		for chain in [0, 5, 255] {
			let failure = first_failure(|w| {
				w.claim.chain = ChainId(chain);
				w.claim.amount = 0;
			});
			assert_eq!(failure.as_deref(), Some("chain slot/packing computation"), "chain {chain}");
		}
	}

	#[test]
	fn wrong_owner() {
		// The owner is the leaf's address: another claim owner changes only the native input.
		let mut w = example();
		let honest = w.public_input();
		w.claim.owner = L1Address([0x99; 20]);
		let forged = w.public_input();
		let cs = synthesize(w);
		assert!(cs.is_satisfied());
		assert!(cs.verify(&[honest]));
		assert!(!cs.verify(&[forged]));
		// Another address in the leaf breaks the path.
		let failure = first_failure(|w| w.user.address += Fr::ONE);
		assert_eq!(failure.as_deref(), Some("user/root computation"));
	}

	#[test]
	fn system_account() {
		let failure = first_failure(|w| w.claim.account = AccountId(2));
		assert_eq!(failure.as_deref(), Some("user account/packing computation"));
	}

	#[test]
	fn sibling_changed() {
		let failure = first_failure(|w| w.user.account_path[3] += Fr::ONE);
		assert_eq!(failure.as_deref(), Some("user/root computation"));
		let failure = first_failure(|w| w.user.balance_path[9] += Fr::ONE);
		assert_eq!(failure.as_deref(), Some("user/root computation"));
		let failure = first_failure(|w| w.reserves[3].account_path[0] += Fr::ONE);
		assert_eq!(failure.as_deref(), Some("reserve 4/root computation"));
	}

	#[test]
	fn root_changed() {
		let failure = first_failure(|w| w.root += Fr::ONE);
		assert_eq!(failure.as_deref(), Some("user/root computation"));
	}

	#[test]
	fn tampered_variables() {
		let (circuit, input) = ExitCircuit::example();
		let mut cs = TestConstraintSystem::new();
		circuit.synthesize(&mut cs).expect("synthesizes");
		assert!(cs.is_satisfied());
		let carry = cs.get("division/low carry/num");
		cs.set("division/low carry/num", carry + Fr::ONE);
		assert_eq!(cs.which_is_unsatisfied(), Some("division/low carry range/packing computation"));
		let (circuit, _) = ExitCircuit::example();
		let mut cs = TestConstraintSystem::new();
		circuit.synthesize(&mut cs).expect("synthesizes");
		cs.set("exit commitment", input + Fr::ONE);
		assert_eq!(cs.which_is_unsatisfied(), Some("exit commitment computation"));
	}

	#[test]
	fn field_wrap_around() {
		// Balance 2^127, reserves [2^127, 2^127, 2^126, 0], chain 1: R = 2^254 and Σ = 5·2^126.
		// The forged amount floor((R + r)/Σ) < 2^128 with remainder (R + r) mod Σ satisfies
		// amount·Σ + rem ≡ R (mod r), the range checks and rem < Σ; only the low-limb check
		// (mod 2^64) catches it (python3 integer arithmetic).
		let (mut state, user) = huge_state();
		let mut w = witness::build(&mut state, user, EXAMPLE_TOKEN, ChainId(1)).expect("claim");
		assert_eq!(w.claim.amount, 68056473384187692692674921486353642291);
		w.claim.amount = 191332623481754617835732645107874861879;
		let cs = synthesize(w);
		assert_eq!(cs.which_is_unsatisfied(), Some("division/low carry range/packing computation"));
	}
}
