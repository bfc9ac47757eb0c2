//! Executor tests: a small two-chain world (`World`) and one file per concern.

mod batch;
mod conservation;
mod errors;
mod flows;
mod recovery;
mod snapshot;

use crate::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	error::TxError,
	eth::{self, L1Address},
	executor::Effects,
	field::Fr,
	signature::{PrivateKey, PubKeyHash, TxSignature},
	state::{ExecutorConfig, FeePolicy, OpenBatch, State},
	token::{ChainToken, Registry, TokenId},
	tx::{
		ChangePubKey, ChangePubKeyAuth, Deposit, ForcedExit, FullExit, L2Tx, PriorityOp, Transfer,
		Tx, Withdraw,
	},
};
use alloc::{collections::BTreeMap, vec::Vec};

/// ETH: 18 decimals on both chains.
pub const ETH: TokenId = TokenId(1);
/// USDC: 6 decimals on chain 1, 18 on chain 2.
pub const USDC: TokenId = TokenId(2);
/// Registered on chain 1 only; not accepted for fees.
pub const DAI: TokenId = TokenId(3);
/// Chain 1.
pub const C1: ChainId = ChainId(1);
/// Chain 2.
pub const C2: ChainId = ChainId(2);
/// One ETH in L2 units.
pub const E18: u128 = 1_000_000_000_000_000_000;
/// Minimum fee per chunk in ETH.
pub const ETH_FEE_PER_CHUNK: u128 = 1_000;

pub fn registry() -> Registry {
	let mut r = Registry::default();
	for c in [C1, C2] {
		let info =
			ChainInfo { evm_chain_id: 31_337 + u64::from(c.0), contract: L1Address([c.0; 20]) };
		r.register_chain(c, info).expect("fresh chain");
	}
	r.register_token(ETH, b"ETH").expect("fresh");
	r.register_token(USDC, b"USDC").expect("fresh");
	r.register_token(DAI, b"DAI").expect("fresh");
	let token = |byte: u8, decimals| ChainToken { address: L1Address([byte; 20]), decimals };
	r.add_token_to_chain(ETH, C1, token(0, 18)).expect("ok");
	r.add_token_to_chain(ETH, C2, token(0, 18)).expect("ok");
	r.add_token_to_chain(USDC, C1, token(0xa1, 6)).expect("ok");
	r.add_token_to_chain(USDC, C2, token(0xa2, 18)).expect("ok");
	r.add_token_to_chain(DAI, C1, token(0xd1, 18)).expect("ok");
	r
}

pub fn config() -> ExecutorConfig {
	let mut per_chunk = BTreeMap::new();
	per_chunk.insert(ETH, ETH_FEE_PER_CHUNK);
	per_chunk.insert(USDC, 1);
	ExecutorConfig { fees: FeePolicy { per_chunk }, batch_chunks: 256 }
}

/// A user: L2 key, L1 key and address.
pub struct User {
	pub key: PrivateKey,
	pub eth_key: k256::ecdsa::SigningKey,
	pub address: L1Address,
}

impl User {
	pub fn new(seed: u8) -> Self {
		let key = PrivateKey::from_seed(&[seed; 32]);
		let eth_key = k256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("valid scalar");
		let address = eth::address_of(eth_key.verifying_key());
		Self { key, eth_key, address }
	}

	pub fn pubkey_hash(&self) -> PubKeyHash {
		self.key.public_key().hash()
	}
}

/// The executor with a few users and helpers to build signed transactions.
pub struct World {
	pub state: State,
	pub users: Vec<User>,
	pub serial: [u64; 2],
}

pub fn unsigned() -> TxSignature {
	TxSignature { pub_key: [0; 32], signature: [0; 64] }
}

impl World {
	/// A world with `n` users (seeds 1..=n), each with a key set and deposits of 10 ETH on
	/// chain 1 and 1000 USDC on chain 2.
	pub fn new(n: u8) -> Self {
		let mut world =
			Self { state: State::genesis(registry(), config()), users: Vec::new(), serial: [0; 2] };
		for seed in 1..=n {
			world.users.push(User::new(seed));
			let i = world.users.len() - 1;
			world.deposit(i, C1, ETH, 10 * E18).expect("deposit");
			world.deposit(i, C2, USDC, 1000 * E18).expect("deposit");
			world.set_key(i).expect("change pubkey");
		}
		world
	}

	pub fn id(&self, user: usize) -> AccountId {
		self.state.account_id_of(&self.users[user].address).expect("user has an account")
	}

	pub fn nonce(&self, user: usize) -> u32 {
		self.state.account(self.id(user)).map_or(0, |a| a.nonce)
	}

	pub fn deposit_tx(&self, to: L1Address, chain: ChainId, token: TokenId, amount: u128) -> Tx {
		let slot = chain.slot();
		let serial_id = self.serial[slot];
		Tx::Priority(PriorityOp::Deposit(Deposit { chain, serial_id, to, token, amount }))
	}

	pub fn deposit(
		&mut self,
		user: usize,
		chain: ChainId,
		token: TokenId,
		amount: u128,
	) -> Result<Effects, TxError> {
		let tx = self.deposit_tx(self.users[user].address, chain, token, amount);
		self.apply(&tx)
	}

	pub fn full_exit_tx(
		&self,
		account: AccountId,
		owner: L1Address,
		chain: ChainId,
		token: TokenId,
	) -> Tx {
		let serial_id = self.serial[chain.slot()];
		Tx::Priority(PriorityOp::FullExit(FullExit { chain, serial_id, account, owner, token }))
	}

	/// Applies a transaction, tracking priority serial ids.
	pub fn apply(&mut self, tx: &Tx) -> Result<Effects, TxError> {
		let effects = self.state.apply(tx)?;
		if let Tx::Priority(op) = tx {
			self.serial[op.chain().slot()] += 1;
		}
		Ok(effects)
	}

	/// Signs an L2 transaction with the given user's L2 key.
	pub fn sign(&self, user: usize, mut tx: L2Tx) -> Tx {
		let sig = TxSignature::sign(&self.users[user].key, tx.message());
		*tx.signature_mut() = sig;
		Tx::L2(tx)
	}

	pub fn change_pubkey(&self, user: usize, auth: ChangePubKeyAuth) -> L2Tx {
		L2Tx::ChangePubKey(ChangePubKey {
			account: self.id(user),
			chain: C1,
			new_pubkey_hash: self.users[user].pubkey_hash(),
			fee_token: ETH,
			fee: 6 * ETH_FEE_PER_CHUNK,
			nonce: self.nonce(user),
			auth,
			signature: unsigned(),
		})
	}

	pub fn set_key(&mut self, user: usize) -> Result<Effects, TxError> {
		let (nonce, pkh) = (self.nonce(user), self.users[user].pubkey_hash());
		self.state.approve_pubkey_onchain(C1, self.users[user].address, nonce, pkh);
		let tx = self.sign(user, self.change_pubkey(user, ChangePubKeyAuth::Onchain));
		self.apply(&tx)
	}

	pub fn transfer(&self, from: usize, to: L1Address, token: TokenId, amount: u128) -> L2Tx {
		L2Tx::Transfer(Transfer {
			from: self.id(from),
			to,
			token,
			amount,
			fee_token: token,
			fee: 5 * ETH_FEE_PER_CHUNK,
			nonce: self.nonce(from),
			signature: unsigned(),
		})
	}

	pub fn withdraw(&self, user: usize, chain: ChainId, token: TokenId, amount: u128) -> L2Tx {
		L2Tx::Withdraw(Withdraw {
			account: self.id(user),
			chain,
			to: self.users[user].address,
			token,
			amount,
			fee_token: ETH,
			fee: 6 * ETH_FEE_PER_CHUNK,
			nonce: self.nonce(user),
			signature: unsigned(),
		})
	}

	pub fn forced_exit(
		&self,
		initiator: usize,
		target: L1Address,
		chain: ChainId,
		token: TokenId,
	) -> L2Tx {
		L2Tx::ForcedExit(ForcedExit {
			initiator: self.id(initiator),
			target,
			chain,
			token,
			fee_token: ETH,
			fee: 6 * ETH_FEE_PER_CHUNK,
			nonce: self.nonce(initiator),
			signature: unsigned(),
		})
	}

	/// Everything `apply` may change, for "nothing changed" assertions.
	pub fn snapshot(&mut self) -> Snapshot {
		Snapshot {
			root: self.state.root(),
			accounts: self.state.accounts().map(|(id, a)| (*id, a.clone())).collect(),
			open: self.state.open_batch().clone(),
			next_account: self.state.next_account_id(),
			serials: [self.state.next_priority_serial(C1), self.state.next_priority_serial(C2)],
		}
	}

	/// Asserts that `tx` fails with `err` and changes nothing (the executor's `assert_noop!`).
	pub fn assert_noop(&mut self, tx: &Tx, err: TxError) {
		let before = self.snapshot();
		assert_eq!(self.state.apply(tx), Err(err));
		assert_eq!(self.snapshot(), before, "a refused transaction changed the state");
	}

	/// Asserts conservation: per token, Σ non-reserve balances + uncredited fees == Σ reserves.
	pub fn assert_conserved(&self) {
		for (token, (held, reserves)) in self.state.totals() {
			assert_eq!(held, reserves, "conservation broken for token {}", token.0);
		}
	}
}

/// The observable state, for equality checks.
#[derive(Debug, PartialEq, Eq)]
pub struct Snapshot {
	pub root: Fr,
	pub accounts: BTreeMap<AccountId, crate::account::Account>,
	pub open: OpenBatch,
	pub next_account: AccountId,
	pub serials: [u64; 2],
}
