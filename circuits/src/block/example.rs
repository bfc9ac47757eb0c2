//! A small two-chain network driven through the native executor: the source of realistic
//! batches for tests, the registry's example instances and the benchmarks.

use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	error::TxError,
	eth::L1Address,
	executor::Batch,
	signature::{PrivateKey, TxSignature},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{
		ChangePubKey, ChangePubKeyAuth, Deposit, ForcedExit, FullExit, L2Tx, PriorityOp, Transfer,
		Tx, Withdraw,
	},
};
use std::collections::BTreeMap;

/// ETH (18 decimals on both chains).
pub const ETH: TokenId = TokenId(1);
/// USDC (6 decimals on chain 1 only).
pub const USDC: TokenId = TokenId(2);
/// Chain 1.
pub const C1: ChainId = ChainId(1);
/// Chain 2.
pub const C2: ChainId = ChainId(2);
/// One token in L2 units.
pub const E18: u128 = 1_000_000_000_000_000_000;

/// A two-chain network driven through the native executor.
pub struct Net {
	/// The executor state.
	pub state: State,
	/// The users' L2 keys.
	pub keys: Vec<PrivateKey>,
	/// The users' L1 addresses.
	pub addresses: Vec<L1Address>,
	serial: [u64; 2],
}

fn unsigned() -> TxSignature {
	TxSignature { pub_key: [0; 32], signature: [0; 64] }
}

impl Net {
	/// A network with `users` users (keys from seeds 1..) and a batch capacity.
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

	/// A user's account id.
	pub fn id(&self, user: usize) -> AccountId {
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
			Err(TxError::BatchFull { .. }) => {
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

	/// Deposits on L1 (a priority operation).
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

	/// Sets a user's L2 key (pre-approved on chain 1).
	pub fn set_key(&mut self, user: usize) {
		let (id, nonce) = (self.id(user), self.nonce(user));
		let hash = self.keys[user].public_key().hash();
		let owner = self.state.account(id).expect("deposited").l1_address;
		self.state.approve_pubkey_onchain(C1, owner, nonce, hash);
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

	/// A signed transfer (fee in the same token).
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

	/// A signed withdrawal to the user's own address.
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

	/// A signed forced exit of a keyless account.
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

	/// A full-exit request from L1.
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

	/// Seals the open batch at `capacity` chunks; returns it with the state it started from.
	pub fn seal(&mut self, before: State, timestamp: u64, capacity: usize) -> (State, Batch) {
		(before, self.state.seal_batch_sized(timestamp, capacity).expect("seal"))
	}
}

/// Three users with 5 ETH each on chain 1 and keys set for users 0 and 1 (user 2 is keyless),
/// everything sealed.
pub fn funded() -> Net {
	let mut net = Net::new(64, 3);
	for user in 0..3 {
		net.deposit(net.addresses[user], C1, ETH, 5 * E18);
	}
	for user in 0..2 {
		net.set_key(user);
	}
	net.state.seal_batch(1).expect("seal");
	net
}

/// A batch that fills a block circuit of `capacity` chunks with a mix of operations, and the
/// state it starts from.
pub fn example_batch(capacity: usize) -> (State, Batch) {
	let mut net = funded();
	let before = net.state.clone();
	let mut used = 0;
	let mut i = 0u8;
	while used < capacity {
		let left = capacity - used;
		if left >= 3 && i % 3 == 1 {
			net.withdraw(0, C1, ETH, E18 / 100, ETH);
			used += 3;
		} else if left >= 3 && i % 3 == 2 {
			net.deposit(net.addresses[1], C2, ETH, E18);
			used += 3;
		} else {
			net.transfer(
				usize::from(i % 2),
				net.addresses[usize::from(1 - i % 2)],
				ETH,
				E18 / 1000,
			);
			used += 1;
		}
		i += 1;
	}
	net.seal(before, 1_700_000_000, capacity)
}

/// The depositors and amounts (wei) of [`genesis_deposits_batch`].
pub const GENESIS_DEPOSITS: [([u8; 20], u128); 2] =
	[([0x11; 20], 2_000_000_000_000_000_000), ([0x22; 20], 500_000_000_000_000_000)];

/// The timestamp of [`genesis_deposits_batch`].
pub const GENESIS_TIMESTAMP: u64 = 1_700_000_000;

/// Batch 1 of a fresh chain-1 rollup whose only token is ETH (id 1, 18 decimals): the two
/// [`GENESIS_DEPOSITS`] requested on L1, sealed at `capacity` chunks. The L1 contract tests
/// commit, prove and execute exactly this batch.
pub fn genesis_deposits_batch(capacity: usize) -> (State, Batch) {
	let mut registry = Registry::default();
	registry
		.register_chain(C1, ChainInfo { evm_chain_id: 31_337, contract: L1Address([0; 20]) })
		.expect("fresh chain");
	registry.register_token(ETH, b"ETH").expect("fresh token");
	registry
		.add_token_to_chain(ETH, C1, ChainToken { address: L1Address([0; 20]), decimals: 18 })
		.expect("registered");
	let fees = FeePolicy { per_chunk: BTreeMap::from([(ETH, 1)]) };
	let mut state = State::genesis(registry, ExecutorConfig { fees, batch_chunks: capacity });
	let before = state.clone();
	for (serial_id, (to, amount)) in GENESIS_DEPOSITS.iter().enumerate() {
		let deposit = Deposit {
			chain: C1,
			serial_id: serial_id as u64,
			to: L1Address(*to),
			token: ETH,
			amount: *amount,
		};
		state.apply(&Tx::Priority(PriorityOp::Deposit(deposit))).expect("deposit");
	}
	let batch = state.seal_batch_sized(GENESIS_TIMESTAMP, capacity).expect("seal");
	(before, batch)
}
