//! L1 chains: the EVM chains on which a Polylink rollup contract lives.
//!
//! Inside the protocol a chain is a small index `1..=MAX_CHAINS` (one byte in pubdata, one slot
//! of the commitment's on-chain-op hashes, one reserve account). The EVM chain id it stands for
//! is deployment configuration ([`ChainInfo`]).

use crate::{eth::L1Address, params::MAX_CHAINS};
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A chain index, `1..=MAX_CHAINS`.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ChainId(pub u8);

impl ChainId {
	/// A chain index, or `None` outside `1..=MAX_CHAINS`.
	pub fn new(index: u8) -> Option<Self> {
		(1..=MAX_CHAINS).contains(&index).then_some(Self(index))
	}

	/// Whether the index is within `1..=MAX_CHAINS`.
	pub fn is_valid(&self) -> bool {
		(1..=MAX_CHAINS).contains(&self.0)
	}

	/// The zero-based slot of this chain in per-chain arrays (commitment hashes).
	pub fn slot(&self) -> usize {
		usize::from(self.0) - 1
	}

	/// The account that mirrors this chain's contract holdings (DESIGN §3).
	pub fn reserve_account(&self) -> crate::account::AccountId {
		crate::account::AccountId(u32::from(self.0))
	}

	/// All chain indices the protocol supports, in order.
	pub fn all() -> impl Iterator<Item = ChainId> {
		(1..=MAX_CHAINS).map(ChainId)
	}
}

/// Deployment facts about one L1 chain.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct ChainInfo {
	/// The EVM chain id (EIP-155).
	pub evm_chain_id: u64,
	/// The rollup contract on that chain.
	pub contract: L1Address,
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn chain_id_new_rejects_out_of_range() {
		assert_eq!(ChainId::new(0), None);
		assert_eq!(ChainId::new(MAX_CHAINS + 1), None);
		assert_eq!(ChainId::new(1), Some(ChainId(1)));
		assert_eq!(ChainId::all().count(), usize::from(MAX_CHAINS));
	}

	#[test]
	fn reserve_accounts_are_below_first_user() {
		for chain in ChainId::all() {
			assert!(chain.reserve_account().0 < crate::params::FIRST_USER_ACCOUNT_ID);
			assert_ne!(chain.reserve_account().0, crate::params::FEE_ACCOUNT_ID);
		}
	}
}
