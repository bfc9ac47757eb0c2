//! The leaf updates of each operation, chunk by chunk: the one description of *what changes*
//! that the executor writes, replay follows and the block circuit proves.
//!
//! The block circuit processes one pubdata chunk per step and performs exactly
//! `UPDATES_PER_CHUNK` (2) leaf updates per chunk: an account leaf together with one of its
//! balances. An update that changes nothing still proves its path (the circuit is uniform), so
//! the plan names an account and token for every slot that matters and leaves the rest `None`
//! (the witness builder then proves an unchanged leaf). Fees are not in the plan: the circuit
//! sums them and credits the fee account once per batch and fee token.

use crate::{
	account::AccountId, eth::L1Address, params::UPDATES_PER_CHUNK, pubdata::Op,
	signature::PubKeyHash, token::TokenId,
};
use alloc::{collections::BTreeMap, vec, vec::Vec};

/// What an update requires of, and does to, the account's owner address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressRule {
	/// The account must exist; its address is unchanged.
	Existing,
	/// The account may be empty (then nothing about it changes); its address is unchanged.
	MayBeEmpty,
	/// The account must be empty (a new id) and is opened for this address.
	Open(L1Address),
	/// The account is opened for this address if empty, otherwise must already belong to it.
	OpenOrMatch(L1Address),
}

/// One leaf update: the account leaf of `account` and its balance of `token`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LeafUpdate {
	/// The account.
	pub account: AccountId,
	/// The balance touched.
	pub token: TokenId,
	/// Subtracted from the balance (must be covered).
	pub debit: u128,
	/// Added to the balance (after the debit).
	pub credit: u128,
	/// Whether the nonce increases by one.
	pub bump_nonce: bool,
	/// A new public-key hash, for `ChangePubKey`.
	pub set_pubkey_hash: Option<PubKeyHash>,
	/// The owner-address rule.
	pub address: AddressRule,
}

impl LeafUpdate {
	fn new(account: AccountId, token: TokenId) -> Self {
		Self {
			account,
			token,
			debit: 0,
			credit: 0,
			bump_nonce: false,
			set_pubkey_hash: None,
			address: AddressRule::Existing,
		}
	}
	fn debit(mut self, amount: u128) -> Self {
		self.debit = amount;
		self
	}
	fn credit(mut self, amount: u128) -> Self {
		self.credit = amount;
		self
	}
	fn signer(mut self) -> Self {
		self.bump_nonce = true;
		self
	}
	fn address(mut self, rule: AddressRule) -> Self {
		self.address = rule;
		self
	}
}

/// The updates of one chunk.
pub type ChunkPlan = [Option<LeafUpdate>; UPDATES_PER_CHUNK];

const NONE: ChunkPlan = [None, None];

impl Op {
	/// The leaf updates of this operation, one entry per chunk (`self.chunks()` entries).
	///
	/// Amounts that overflow `u128` when added (amount + fee in one token) saturate here; the
	/// executor refuses such transactions before they become operations.
	pub fn plan(&self) -> Vec<ChunkPlan> {
		let plan = match *self {
			Op::Noop => vec![NONE],
			Op::Deposit { chain, account, token, amount, to } => vec![
				[
					Some(
						LeafUpdate::new(account, token)
							.credit(amount)
							.address(AddressRule::OpenOrMatch(to)),
					),
					Some(LeafUpdate::new(chain.reserve_account(), token).credit(amount)),
				],
				NONE,
				NONE,
			],
			Op::Transfer { from, to, token, amount, fee } => vec![[
				Some(LeafUpdate::new(from, token).debit(amount.saturating_add(fee)).signer()),
				Some(LeafUpdate::new(to, token).credit(amount)),
			]],
			Op::TransferToNew { from, to, to_address, token, amount, fee } => vec![
				[
					Some(LeafUpdate::new(from, token).debit(amount.saturating_add(fee)).signer()),
					Some(
						LeafUpdate::new(to, token)
							.credit(amount)
							.address(AddressRule::Open(to_address)),
					),
				],
				NONE,
			],
			Op::Withdraw { account, chain, token, amount, fee_token, fee, .. } => {
				let same = fee_token == token;
				let first = if same { amount.saturating_add(fee) } else { amount };
				let fee_update = (!same).then(|| LeafUpdate::new(account, fee_token).debit(fee));
				vec![
					[
						Some(LeafUpdate::new(account, token).debit(first).signer()),
						Some(LeafUpdate::new(chain.reserve_account(), token).debit(amount)),
					],
					[fee_update, None],
					NONE,
				]
			}
			Op::FullExit { chain, account, token, amount, .. } => vec![
				[
					Some(
						LeafUpdate::new(account, token)
							.debit(amount)
							.address(AddressRule::MayBeEmpty),
					),
					Some(LeafUpdate::new(chain.reserve_account(), token).debit(amount)),
				],
				NONE,
				NONE,
			],
			Op::ChangePubKey { account, pubkey_hash, fee_token, fee, .. } => {
				let mut update = LeafUpdate::new(account, fee_token).debit(fee).signer();
				update.set_pubkey_hash = Some(pubkey_hash);
				vec![[Some(update), None], NONE, NONE]
			}
			Op::ForcedExit { chain, initiator, target, token, amount, fee_token, fee, .. } => vec![
				[
					Some(LeafUpdate::new(initiator, fee_token).debit(fee).signer()),
					Some(LeafUpdate::new(target, token).debit(amount)),
				],
				[Some(LeafUpdate::new(chain.reserve_account(), token).debit(amount)), None],
				NONE,
			],
		};
		debug_assert_eq!(plan.len(), self.chunks());
		plan
	}

	/// The fee this operation pays (token, amount), if it pays one.
	pub fn fee(&self) -> Option<(TokenId, u128)> {
		match *self {
			Op::Transfer { token, fee, .. } | Op::TransferToNew { token, fee, .. } => {
				Some((token, fee))
			}
			Op::Withdraw { fee_token, fee, .. }
			| Op::ChangePubKey { fee_token, fee, .. }
			| Op::ForcedExit { fee_token, fee, .. } => Some((fee_token, fee)),
			Op::Noop | Op::Deposit { .. } | Op::FullExit { .. } => None,
		}
	}
}

/// The fee account's credits when a batch is sealed: one update per fee token, in token order
/// (the block circuit's fee slots, after the last chunk).
pub fn fee_credits(fees: &BTreeMap<TokenId, u128>) -> Vec<LeafUpdate> {
	fees.iter().map(|(token, fee)| LeafUpdate::new(AccountId::FEES, *token).credit(*fee)).collect()
}

#[cfg(test)]
mod tests {
	use crate::pubdata::tests::any_op;
	use proptest::prelude::*;

	proptest! {
		#[test]
		fn plan_has_one_entry_per_chunk(op in any_op()) {
			prop_assert_eq!(op.plan().len(), op.chunks());
		}

		#[test]
		fn plan_bumps_at_most_one_nonce(op in any_op()) {
			let bumps = op.plan().iter().flatten().flatten().filter(|u| u.bump_nonce).count();
			prop_assert_eq!(bumps, usize::from(op.fee().is_some()));
		}
	}
}
