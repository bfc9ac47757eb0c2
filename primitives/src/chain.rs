//! L1 chains: the EVM chains on which a Polylink rollup contract lives.
//!
//! Inside the protocol a chain is a small index `1..=MAX_CHAINS` (one byte in pubdata, one slot
//! of the commitment's on-chain-op hashes, one reserve account). The EVM chain id it stands for
//! is deployment configuration ([`ChainInfo`]).

use crate::{eth::L1Address, params::MAX_CHAINS};
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
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
	DecodeWithMemTracking,
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

/// The set of live chains of a deployment: those with a rollup contract. Bit `c − 1` stands for
/// chain `c`; bits above `MAX_CHAINS` are zero.
///
/// It is part of the protocol (DESIGN §5): the executor refuses an on-chain operation for a
/// chain outside the set, the set is bound into every batch commitment (so the block circuit
/// cannot prove such an operation against what the contracts expect) and every contract rejects
/// a commit that carries one. Without it an operation for an undeployed chain would be checked by
/// nobody: a deposit there mints funds no L1 holds, a key change there takes over any account.
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
pub struct LiveChains(pub(crate) u8);

impl LiveChains {
	/// The set of these chains.
	pub fn of(chains: impl IntoIterator<Item = ChainId>) -> Self {
		Self(chains.into_iter().filter(ChainId::is_valid).fold(0, |bits, c| bits | 1 << c.slot()))
	}

	/// The set from its byte encoding, or `None` when a bit above `MAX_CHAINS` is set.
	pub fn from_bits(bits: u8) -> Option<Self> {
		(bits >> MAX_CHAINS == 0).then_some(Self(bits))
	}

	/// The byte the commitment binds (bit `c − 1` for chain `c`).
	pub fn bits(&self) -> u8 {
		self.0
	}

	/// Whether chain `c` is live.
	pub fn contains(&self, chain: ChainId) -> bool {
		chain.is_valid() && self.0 >> chain.slot() & 1 == 1
	}

	/// The live chains, in order.
	pub fn iter(&self) -> impl Iterator<Item = ChainId> + '_ {
		ChainId::all().filter(|c| self.contains(*c))
	}
}

/// Deployment facts about one L1 chain.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ChainInfo {
	/// The EVM chain id (EIP-155).
	pub evm_chain_id: u64,
	/// The rollup contract on that chain.
	pub contract: L1Address,
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::vec::Vec;

	#[test]
	fn chain_id_new_rejects_out_of_range() {
		assert_eq!(ChainId::new(0), None);
		assert_eq!(ChainId::new(MAX_CHAINS + 1), None);
		assert_eq!(ChainId::new(1), Some(ChainId(1)));
		assert_eq!(ChainId::all().count(), usize::from(MAX_CHAINS));
	}

	#[test]
	fn live_chains_encode_one_bit_per_chain() {
		let live = LiveChains::of([ChainId(1), ChainId(3)]);
		assert_eq!(live.bits(), 0b0101);
		assert!(live.contains(ChainId(1)) && live.contains(ChainId(3)));
		assert!(!live.contains(ChainId(2)) && !live.contains(ChainId(4)));
		assert!(!live.contains(ChainId(0)) && !live.contains(ChainId(5)));
		assert_eq!(live.iter().collect::<Vec<_>>(), [ChainId(1), ChainId(3)]);
		// Out-of-range indices are never members.
		assert_eq!(LiveChains::of([ChainId(0), ChainId(9)]).bits(), 0);
		assert_eq!(LiveChains::from_bits(0b1111), Some(LiveChains::of(ChainId::all())));
		assert_eq!(LiveChains::from_bits(0b1_0000), None);
	}

	#[test]
	fn reserve_accounts_are_below_first_user() {
		for chain in ChainId::all() {
			assert!(chain.reserve_account().0 < crate::params::FIRST_USER_ACCOUNT_ID);
			assert_ne!(chain.reserve_account().0, crate::params::FEE_ACCOUNT_ID);
		}
	}
}
