//! The flat L2 state the executor runs over: the [`Ledger`] trait.
//!
//! The executor ([`crate::executor::apply`], [`crate::executor::close_batch`]) is written once,
//! against this trait, and runs over two backends:
//!
//! - [`crate::state::State`], the native replica (provers, relayers, the CLI, tests): accounts in
//!   memory together with their Poseidon trees, rehashed lazily from what the writes mark dirty;
//! - the appchain runtime's storage (the rollup pallet): the same accounts, balances and open
//!   batch as flat storage items, with no tree at all (DESIGN §7; the roots arrive with the
//!   proofs).
//!
//! A backend stores and returns what it is given and nothing else: every rule (what an
//! operation may do, in which order, what it costs) lives in the executor, so both backends
//! accept exactly the same transactions and end in the same flat state.

use crate::{
	account::{AccountId, AccountInfo, Nonce},
	chain::ChainId,
	eth::L1Address,
	field::Fr,
	pubdata::Op,
	signature::{PubKeyHash, SignatureError, TxSignature},
	state::{ExecutorConfig, OpenBatch},
	token::{Registry, TokenId},
};
use alloc::collections::BTreeMap;

/// The totals of the open batch the executor checks a new operation against.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenTotals {
	/// Chunks the open batch's operations occupy.
	pub chunks: usize,
	/// Fees collected so far, per token (credited to the fee account when sealed).
	pub fees: BTreeMap<TokenId, u128>,
}

/// The flat L2 state: accounts (owner, key, nonce), balances, priority serials, on-chain key
/// approvals and the open batch.
///
/// Reads of absent entries return the empty value (`None`, zero); writes never fail (the
/// executor writes only what it checked). Fee and reserve accounts exist once a write touches
/// them; a user account exists from [`Ledger::open_account`] on.
pub trait Ledger {
	/// The deployment's chains and tokens.
	fn registry(&self) -> &Registry;
	/// The executor settings (fee policy, batch capacity).
	fn config(&self) -> &ExecutorConfig;

	/// The account `id` without its balances, if it exists (a fee or reserve account, which has
	/// no owner, key or nonce, may read as `None` or as the default).
	fn account(&self, id: AccountId) -> Option<AccountInfo>;
	/// The account owned by `address` (the first one opened for it).
	fn account_id_of(&self, address: &L1Address) -> Option<AccountId>;
	/// The balance of `token` held by `id` (zero when absent).
	fn balance(&self, id: AccountId, token: TokenId) -> u128;
	/// The id the executor gives the next new account.
	fn next_account_id(&self) -> AccountId;
	/// The next priority serial id expected from `chain`.
	fn next_priority_serial(&self, chain: ChainId) -> u64;
	/// The key hash the owner of `owner`'s account approved on `chain` for `nonce`, if any.
	fn onchain_approval(
		&self,
		chain: ChainId,
		owner: L1Address,
		nonce: Nonce,
	) -> Option<PubKeyHash>;
	/// The open batch's chunk and fee totals.
	fn open_totals(&self) -> OpenTotals;

	/// Opens account `id` for `address`: an empty account owned by `address`; the next account
	/// id becomes at least `id + 1`; `address` resolves to `id` unless it already owns one.
	fn open_account(&mut self, id: AccountId, address: L1Address);
	/// Replaces the owner, key and nonce of account `id`.
	fn set_account(&mut self, id: AccountId, info: AccountInfo);
	/// Sets the balance of `token` held by `id`.
	fn set_balance(&mut self, id: AccountId, token: TokenId, amount: u128);
	/// Sets the next priority serial id expected from `chain`.
	fn set_next_priority_serial(&mut self, chain: ChainId, serial: u64);
	/// Removes an on-chain key approval (it was used).
	fn remove_onchain_approval(&mut self, chain: ChainId, owner: L1Address, nonce: Nonce);
	/// Appends an executed operation (with its L2 signature, `None` for priority and replayed
	/// operations) to the open batch, whose totals become `totals`.
	fn push_op(&mut self, op: Op, signature: Option<TxSignature>, totals: OpenTotals);
	/// Takes the open batch's operations and signatures, leaving an empty open batch.
	fn take_open(&mut self) -> OpenBatch;

	/// Verifies an L2 signature over `message` and returns the signer's key hash.
	///
	/// The default verifies it here; a backend may verify elsewhere (a host function, a batch
	/// verification done beforehand) as long as it returns exactly what this returns.
	fn verify_signature(
		&self,
		signature: &TxSignature,
		message: Fr,
	) -> Result<PubKeyHash, SignatureError> {
		signature.verify(message)
	}
}
