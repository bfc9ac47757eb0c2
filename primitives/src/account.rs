//! Accounts and their leaf in the account tree.
//!
//! Account ids are positions in the account tree (24 bits). Id 0 collects fees, ids
//! `1..=MAX_CHAINS` are the per-chain reserve accounts (their balance of a token equals what
//! that chain's contract holds of it, in L2 units), users start at `FIRST_USER_ACCOUNT_ID`.
//!
//! Leaf: `H(l1_address, pubkey_hash, nonce, balance_root)`, each a field element (addresses and
//! pubkey hashes read as 20-byte big-endian integers). The empty leaf is the leaf of the default
//! account (all zero, empty balance tree), so opening an account needs no special case.

use crate::{
	eth::L1Address,
	field::{self, Fr},
	hash::Hasher,
	params::{FEE_ACCOUNT_ID, FIRST_USER_ACCOUNT_ID, MAX_ACCOUNT_ID, MAX_CHAINS},
	signature::PubKeyHash,
	token::TokenId,
};
use alloc::collections::BTreeMap;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// An account's position in the account tree.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct AccountId(pub u32);

impl AccountId {
	/// The fee account.
	pub const FEES: AccountId = AccountId(FEE_ACCOUNT_ID);

	/// Whether this is the fee account or a reserve account (neither can sign).
	pub fn is_system(&self) -> bool {
		self.0 < FIRST_USER_ACCOUNT_ID
	}

	/// Whether this is a reserve account.
	pub fn is_reserve(&self) -> bool {
		(1..=u32::from(MAX_CHAINS)).contains(&self.0)
	}

	/// Whether the id fits the account tree.
	pub fn is_valid(&self) -> bool {
		self.0 <= MAX_ACCOUNT_ID
	}
}

/// An account nonce: the number of L2 transactions the account has signed and had executed.
pub type Nonce = u32;

/// An account: who owns it on L1, which L2 key may sign for it, its nonce and its balances.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct Account {
	/// The L1 address that owns the account (deposits, full exits, withdrawals target it).
	pub l1_address: L1Address,
	/// Hash of the L2 public key allowed to sign; zero until `ChangePubKey`.
	pub pubkey_hash: PubKeyHash,
	/// Next expected nonce.
	pub nonce: Nonce,
	/// Non-zero balances per token, in L2 units (18 decimals).
	pub balances: BTreeMap<TokenId, u128>,
}

/// An account without its balances: what its leaf holds besides the balance root.
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct AccountInfo {
	/// The L1 address that owns the account.
	pub l1_address: L1Address,
	/// Hash of the L2 public key allowed to sign; zero until `ChangePubKey`.
	pub pubkey_hash: PubKeyHash,
	/// Next expected nonce.
	pub nonce: Nonce,
}

impl AccountInfo {
	/// A fresh account owned by `l1_address`.
	pub fn new(l1_address: L1Address) -> Self {
		Self { l1_address, ..Default::default() }
	}
}

impl Account {
	/// The account without its balances.
	pub fn info(&self) -> AccountInfo {
		AccountInfo {
			l1_address: self.l1_address,
			pubkey_hash: self.pubkey_hash,
			nonce: self.nonce,
		}
	}

	/// A fresh account owned by `l1_address`.
	pub fn new(l1_address: L1Address) -> Self {
		Self { l1_address, ..Default::default() }
	}

	/// Balance of `token` (zero when absent).
	pub fn balance(&self, token: TokenId) -> u128 {
		self.balances.get(&token).copied().unwrap_or(0)
	}

	/// Sets the balance of `token`, keeping the map sparse.
	pub fn set_balance(&mut self, token: TokenId, amount: u128) {
		if amount == 0 {
			self.balances.remove(&token);
		} else {
			self.balances.insert(token, amount);
		}
	}
}

/// The leaf of an account in the account tree, given its balance-tree root.
pub fn account_leaf<H: Hasher>(
	hasher: &H,
	l1_address: &L1Address,
	pubkey_hash: &PubKeyHash,
	nonce: Nonce,
	balance_root: &Fr,
) -> Fr {
	hasher.hash(&[
		field::from_be_bytes_short(&l1_address.0),
		field::from_be_bytes_short(&pubkey_hash.0),
		Fr::from(u64::from(nonce)),
		*balance_root,
	])
}

/// The leaf of a balance in a balance tree: the amount itself.
pub fn balance_leaf(amount: u128) -> Fr {
	field::from_u128(amount)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn system_accounts_work() {
		assert!(AccountId::FEES.is_system());
		assert!(!AccountId::FEES.is_reserve());
		assert!(AccountId(1).is_reserve());
		assert!(AccountId(u32::from(MAX_CHAINS)).is_reserve());
		assert!(!AccountId(FIRST_USER_ACCOUNT_ID).is_system());
		assert!(!AccountId(MAX_ACCOUNT_ID + 1).is_valid());
	}

	#[test]
	fn set_balance_keeps_map_sparse() {
		let mut account = Account::new(L1Address([1; 20]));
		account.set_balance(TokenId(3), 5);
		assert_eq!(account.balance(TokenId(3)), 5);
		account.set_balance(TokenId(3), 0);
		assert!(account.balances.is_empty());
	}
}
