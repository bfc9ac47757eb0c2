//! State recovery from pubdata: anyone can rebuild the L2 state from the DA chain's calldata
//! alone (DESIGN §5), with no signature, no registry and no operator.
//!
//! [`State::replay_op`] applies an executed operation as its pubdata states it; sealing the
//! replayed operations yields the same batch (roots, pubdata, commitment) as the original, which
//! the tests assert. Replay trusts that the batch was proven, but still refuses pubdata that is
//! inconsistent with the state it rebuilds (overdrafts, account ids out of order) instead of
//! producing a wrong state.

use crate::{
	account::AccountId,
	error::TxError,
	pubdata::{decode_pubdata, Op, PubdataError},
	state::State,
	token::TokenId,
};

/// Why pubdata could not be replayed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplayError {
	/// The pubdata does not decode.
	Pubdata(PubdataError),
	/// Operation `index` contradicts the state built so far.
	Inconsistent {
		/// Position of the operation in the batch.
		index: usize,
		/// What contradicted.
		error: TxError,
	},
}

impl State {
	/// Applies an executed operation as its pubdata says, recording it in the open batch.
	pub fn replay_op(&mut self, op: &Op) -> Result<(), TxError> {
		let fee_of = |from: AccountId, fee_token: TokenId, fee: u128| (from, fee_token, fee);
		let (debits, credits, opened, signer, fee) = match op {
			Op::Noop => return Ok(()),
			Op::Deposit { chain, account, token, amount, to } => {
				let opened = self.replay_opening(*account, *to)?;
				let credits =
					[(*account, *token, *amount), (chain.reserve_account(), *token, *amount)];
				(alloc::vec![], credits.to_vec(), opened, None, None)
			}
			Op::TransferToNew { from, to, to_address, token, amount, fee_token, fee } => {
				let opened = self.replay_opening(*to, *to_address)?;
				if opened.is_none() {
					return Err(TxError::UnknownAddress(*to_address));
				}
				let debits = [(*from, *token, *amount), fee_of(*from, *fee_token, *fee)];
				(
					debits.to_vec(),
					alloc::vec![(*to, *token, *amount)],
					opened,
					Some(*from),
					Some((*fee_token, *fee)),
				)
			}
			Op::Transfer { from, to, token, amount, fee_token, fee } => {
				self.replay_existing(*to)?;
				let debits = [(*from, *token, *amount), fee_of(*from, *fee_token, *fee)];
				(
					debits.to_vec(),
					alloc::vec![(*to, *token, *amount)],
					None,
					Some(*from),
					Some((*fee_token, *fee)),
				)
			}
			Op::Withdraw { account, chain, token, amount, fee_token, fee, .. } => {
				let debits = [
					(*account, *token, *amount),
					fee_of(*account, *fee_token, *fee),
					(chain.reserve_account(), *token, *amount),
				];
				(debits.to_vec(), alloc::vec![], None, Some(*account), Some((*fee_token, *fee)))
			}
			Op::FullExit { chain, account, token, amount, .. } => {
				let debits =
					[(*account, *token, *amount), (chain.reserve_account(), *token, *amount)];
				(debits.to_vec(), alloc::vec![], None, None, None)
			}
			Op::ChangePubKey { account, fee_token, fee, .. } => (
				alloc::vec![fee_of(*account, *fee_token, *fee)],
				alloc::vec![],
				None,
				Some(*account),
				Some((*fee_token, *fee)),
			),
			Op::ForcedExit { chain, initiator, target, token, amount, fee_token, fee, .. } => {
				let debits = [
					(*target, *token, *amount),
					(chain.reserve_account(), *token, *amount),
					fee_of(*initiator, *fee_token, *fee),
				];
				(debits.to_vec(), alloc::vec![], None, Some(*initiator), Some((*fee_token, *fee)))
			}
		};
		if let Some(signer) = signer {
			self.replay_existing(signer)?;
		}
		self.check_deltas(&debits, &credits)?;
		// Checked: write.
		if let Some(address) = opened {
			self.open_account(address);
		}
		self.write_deltas(&debits, &credits);
		if let Some(signer) = signer {
			self.bump_nonce(signer);
		}
		if let Op::ChangePubKey { account, pubkey_hash, .. } = op {
			self.accounts.get_mut(account).expect("checked: the signer exists").pubkey_hash =
				*pubkey_hash;
		}
		if let Some(chain) = match op {
			Op::Deposit { chain, .. } | Op::FullExit { chain, .. } => Some(*chain),
			_ => None,
		} {
			self.next_serial[chain.slot()] += 1;
		}
		self.record(op.clone(), fee, None);
		Ok(())
	}

	/// Replays a whole batch's pubdata (padding included) into the open batch.
	pub fn replay_pubdata(&mut self, pubdata: &[u8]) -> Result<(), ReplayError> {
		let ops = decode_pubdata(pubdata).map_err(ReplayError::Pubdata)?;
		for (index, op) in ops.iter().enumerate() {
			self.replay_op(op).map_err(|error| ReplayError::Inconsistent { index, error })?;
		}
		Ok(())
	}

	/// For an operation that credits `account` owned by `address`: `Some(address)` if it opens
	/// the account (it must be the next id), `None` if the account exists with that owner.
	fn replay_opening(
		&self,
		account: AccountId,
		address: crate::eth::L1Address,
	) -> Result<Option<crate::eth::L1Address>, TxError> {
		match self.account_id_of(&address) {
			Some(id) if id == account => Ok(None),
			Some(_) => Err(TxError::UnknownAccount(account)),
			None if account == self.next_account_id() => Ok(Some(address)),
			None => Err(TxError::UnknownAccount(account)),
		}
	}

	fn replay_existing(&self, account: AccountId) -> Result<(), TxError> {
		if account.is_system() || !self.accounts.contains_key(&account) {
			return Err(TxError::UnknownAccount(account));
		}
		Ok(())
	}
}
