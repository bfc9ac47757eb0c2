//! Block-circuit tests: real batches from the native executor are satisfied and commit to the
//! executor's commitment; tampered witnesses are not.

use super::{witness, BlockCircuit};
use bellman::{gadgets::test::TestConstraintSystem, Circuit};
use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	commitment,
	eth::L1Address,
	executor::Batch,
	field::Fr,
	signature::{PrivateKey, TxSignature},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{
		ChangePubKey, ChangePubKeyAuth, Deposit, ForcedExit, FullExit, L2Tx, PriorityOp, Transfer,
		Tx, Withdraw,
	},
};
use std::collections::BTreeMap;

const ETH: TokenId = TokenId(1);
const USDC: TokenId = TokenId(2);
const C1: ChainId = ChainId(1);
const C2: ChainId = ChainId(2);
const E18: u128 = 1_000_000_000_000_000_000;

/// A two-chain network driven through the native executor.
pub struct Net {
	pub state: State,
	pub keys: Vec<PrivateKey>,
	pub addresses: Vec<L1Address>,
	serial: [u64; 2],
}

fn unsigned() -> TxSignature {
	TxSignature { pub_key: [0; 32], signature: [0; 64] }
}

impl Net {
	pub fn new(capacity: usize, users: u8) -> Self {
		let mut registry = Registry::default();
		for c in [C1, C2] {
			let info =
				ChainInfo { evm_chain_id: 1000 + u64::from(c.0), contract: L1Address([c.0; 20]) };
			registry.register_chain(c, info).expect("fresh");
		}
		registry.register_token(ETH, b"ETH").expect("fresh");
		registry.register_token(USDC, b"USDC").expect("fresh");
		let token = |byte: u8, decimals| ChainToken { address: L1Address([byte; 20]), decimals };
		for c in [C1, C2] {
			registry.add_token_to_chain(ETH, c, token(0, 18)).expect("ok");
		}
		registry.add_token_to_chain(USDC, C1, token(0xa1, 6)).expect("ok");
		let fees = FeePolicy { per_chunk: BTreeMap::from([(ETH, 10), (USDC, 1)]) };
		let state = State::genesis(registry, ExecutorConfig { fees, batch_chunks: capacity });
		let keys = (1..=users).map(|s| PrivateKey::from_seed(&[s; 32])).collect();
		let addresses = (1..=users).map(|s| L1Address([0x10 + s; 20])).collect();
		Self { state, keys, addresses, serial: [0; 2] }
	}

	pub fn id(&self, user: usize) -> polylink_primitives::account::AccountId {
		self.state.account_id_of(&self.addresses[user]).expect("user exists")
	}

	fn nonce(&self, user: usize) -> u32 {
		self.state.account(self.id(user)).map_or(0, |a| a.nonce)
	}

	/// Applies a transaction (sealing the open batch first if it is full).
	pub fn apply(&mut self, tx: Tx) {
		if let Tx::Priority(op) = &tx {
			self.serial[op.chain().slot()] += 1;
		}
		match self.state.apply(&tx) {
			Ok(_) => {}
			Err(polylink_primitives::error::TxError::BatchFull { .. }) => {
				self.state.seal_batch(0).expect("seal");
				self.state.apply(&tx).expect("valid transaction");
			}
			Err(e) => panic!("invalid transaction: {e:?}"),
		}
	}

	fn sign(&self, user: usize, mut tx: L2Tx) -> Tx {
		*tx.signature_mut() = TxSignature::sign(&self.keys[user], tx.message());
		Tx::L2(tx)
	}

	pub fn deposit(&mut self, to: L1Address, chain: ChainId, token: TokenId, amount: u128) {
		let serial_id = self.serial[chain.slot()];
		self.apply(Tx::Priority(PriorityOp::Deposit(Deposit {
			chain,
			serial_id,
			to,
			token,
			amount,
		})));
	}

	pub fn set_key(&mut self, user: usize) {
		let (id, nonce) = (self.id(user), self.nonce(user));
		let hash = self.keys[user].public_key().hash();
		self.state.approve_pubkey_onchain(C1, id, nonce, hash);
		let tx = L2Tx::ChangePubKey(ChangePubKey {
			account: id,
			chain: C1,
			new_pubkey_hash: hash,
			fee_token: ETH,
			fee: 30,
			nonce,
			auth: ChangePubKeyAuth::Onchain,
			signature: unsigned(),
		});
		let tx = self.sign(user, tx);
		self.apply(tx);
	}

	pub fn transfer(&mut self, from: usize, to: L1Address, token: TokenId, amount: u128) {
		let tx = L2Tx::Transfer(Transfer {
			from: self.id(from),
			to,
			token,
			amount,
			fee_token: token,
			fee: 20,
			nonce: self.nonce(from),
			signature: unsigned(),
		});
		let tx = self.sign(from, tx);
		self.apply(tx);
	}

	pub fn withdraw(
		&mut self,
		user: usize,
		chain: ChainId,
		token: TokenId,
		amount: u128,
		fee_token: TokenId,
	) {
		let tx = L2Tx::Withdraw(Withdraw {
			account: self.id(user),
			chain,
			to: self.addresses[user],
			token,
			amount,
			fee_token,
			fee: 30,
			nonce: self.nonce(user),
			signature: unsigned(),
		});
		let tx = self.sign(user, tx);
		self.apply(tx);
	}

	pub fn forced_exit(
		&mut self,
		initiator: usize,
		target: L1Address,
		chain: ChainId,
		token: TokenId,
	) {
		let tx = L2Tx::ForcedExit(ForcedExit {
			initiator: self.id(initiator),
			target,
			chain,
			token,
			fee_token: ETH,
			fee: 30,
			nonce: self.nonce(initiator),
			signature: unsigned(),
		});
		let tx = self.sign(initiator, tx);
		self.apply(tx);
	}

	pub fn full_exit(&mut self, user: usize, chain: ChainId, token: TokenId) {
		let serial_id = self.serial[chain.slot()];
		let exit = FullExit {
			chain,
			serial_id,
			account: self.id(user),
			owner: self.addresses[user],
			token,
		};
		self.apply(Tx::Priority(PriorityOp::FullExit(exit)));
	}

	/// Seals the open batch; returns it with the state it started from.
	pub fn seal(&mut self, before: State, timestamp: u64) -> (State, Batch) {
		(before, self.state.seal_batch(timestamp).expect("seal"))
	}
}

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
	let (before, batch) = net.seal(before, 100);
	assert_proves(&before, &batch, capacity);

	let before = net.state.clone();
	net.set_key(0);
	net.set_key(1);
	let (before, batch) = net.seal(before, 101);
	assert_proves(&before, &batch, capacity);
}

fn funded(capacity: usize) -> Net {
	let mut net = Net::new(capacity, 3);
	for user in 0..3 {
		net.deposit(net.addresses[user], C1, ETH, 5 * E18);
	}
	for user in 0..2 {
		net.set_key(user);
	}
	net.state.seal_batch(2).expect("seal");
	net
}

#[test]
fn transfers_are_proven() {
	let capacity = 4;
	let mut net = funded(capacity);
	let before = net.state.clone();
	net.transfer(0, net.addresses[1], ETH, E18);
	net.transfer(1, L1Address([0x77; 20]), ETH, 2 * E18);
	let (before, batch) = net.seal(before, 103);
	assert_proves(&before, &batch, capacity);
}

#[test]
fn withdrawals_and_exits_are_proven() {
	let capacity = 9;
	let mut net = funded(capacity);
	net.deposit(net.addresses[0], C1, USDC, 50 * E18);
	net.state.seal_batch(3).expect("seal");
	let before = net.state.clone();
	net.withdraw(0, C1, ETH, E18, ETH);
	net.withdraw(0, C1, USDC, E18, ETH);
	net.full_exit(1, C1, ETH);
	let (before, batch) = net.seal(before, 104);
	assert_proves(&before, &batch, capacity);

	// User 2 never set a key: anyone may force it out.
	let before = net.state.clone();
	net.forced_exit(0, net.addresses[2], C1, ETH);
	let (before, batch) = net.seal(before, 105);
	assert_proves(&before, &batch, capacity);
}

mod reject {
	use super::*;

	fn transfer_batch() -> (State, Batch, usize) {
		let capacity = 3;
		let mut net = funded(capacity);
		let before = net.state.clone();
		net.transfer(0, net.addresses[1], ETH, E18);
		let (before, batch) = net.seal(before, 103);
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
