//! Exit claims: what a user may take from one chain in exit mode (`docs/protocol.md` §8).
//!
//! ## Overview
//!
//! In exit mode every chain freezes on the root of the last batch it synced. An account's
//! balance of a token is then paid out by the chains in proportion to what each holds of it:
//!
//! ```text
//! amount(c) = floor(balance × reserve[c] / Σ reserve)      (0 when Σ reserve = 0)
//! exit_commitment = sha256(root 32 BE ‖ account u32 BE ‖ owner 20 ‖ token u16 BE ‖ chain u8 ‖
//!                          amount u128 BE)  with the top 3 bits cleared
//! ```
//!
//! The exit circuit proves the claim against the root; its one public input is the exit
//! commitment, which the contract of chain `c` recomputes from its stored root and the claim.
//!
//! ## Terminology
//!
//! - **Reserve**: reserve account `c`'s balance of the token, what chain `c`'s contract holds.
//! - **Claim**: `(account, owner, token, chain, amount)`, paid once per (account, token, chain).
//!
//! ## Assumptions
//!
//! Balances and reserves are `u128`; `balance × reserve[c]` needs up to 256 bits and
//! `Σ reserve` up to 130, so the division is done in 256-bit integer arithmetic. Since
//! `reserve[c] ≤ Σ reserve`, the amount never exceeds the balance, and the amounts of all
//! chains sum to at most the balance.

use crate::{
	account::AccountId,
	chain::ChainId,
	eth::L1Address,
	field::{self, Fr},
	params::{COMMITMENT_BITS, FIRST_USER_ACCOUNT_ID, MAX_CHAINS},
	state::State,
	token::TokenId,
};
use core::fmt;
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sha2::{Digest, Sha256};

/// Bytes of the exit-commitment preimage: root, account, owner, token, chain, amount.
pub const EXIT_PREIMAGE_BYTES: usize = 32 + 4 + 20 + 2 + 1 + 16;

/// What one account may take of one token from one chain in exit mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct ExitClaim {
	/// The exiting account.
	pub account: AccountId,
	/// Its L1 owner, who gets paid.
	pub owner: L1Address,
	/// The token.
	pub token: TokenId,
	/// The chain paying out.
	pub chain: ChainId,
	/// The amount, in L2 units: `floor(balance × reserve[chain] / Σ reserve)`.
	pub amount: u128,
}

/// Why an exit claim cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExitError {
	/// The chain index is outside `1..=MAX_CHAINS`.
	InvalidChain(u8),
	/// The token id does not fit the balance tree.
	InvalidToken(TokenId),
	/// No such account.
	UnknownAccount(AccountId),
	/// Fee and reserve accounts have no owner and cannot exit.
	SystemAccount(AccountId),
}

impl fmt::Display for ExitError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::InvalidChain(c) => write!(f, "chain {c} is outside 1..={MAX_CHAINS}"),
			Self::InvalidToken(t) => write!(f, "token {} does not fit the balance tree", t.0),
			Self::UnknownAccount(a) => write!(f, "no account {}", a.0),
			Self::SystemAccount(a) => write!(f, "account {} is a fee or reserve account", a.0),
		}
	}
}

/// An unsigned 256-bit integer as `(hi, lo)` 128-bit halves, just enough for the exit division.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct U256 {
	hi: u128,
	lo: u128,
}

impl U256 {
	const ZERO: Self = Self { hi: 0, lo: 0 };

	fn from_u128(x: u128) -> Self {
		Self { hi: 0, lo: x }
	}

	/// The full product `a × b` (< 2^256), from 64-bit limbs.
	fn mul(a: u128, b: u128) -> Self {
		const MASK: u128 = u64::MAX as u128;
		let (a0, a1, b0, b1) = (a & MASK, a >> 64, b & MASK, b >> 64);
		let (p00, p01, p10, p11) = (a0 * b0, a0 * b1, a1 * b0, a1 * b1);
		// The 2^64 column: < 3·2^64, no overflow.
		let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
		Self { hi: p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64), lo: (p00 & MASK) | (mid << 64) }
	}

	/// `self + x`, wrapping at 2^256 (callers stay far below).
	fn add(self, x: Self) -> Self {
		let (lo, carry) = self.lo.overflowing_add(x.lo);
		Self { hi: self.hi.wrapping_add(x.hi).wrapping_add(u128::from(carry)), lo }
	}

	/// `self − x` for `x ≤ self`.
	fn sub(self, x: Self) -> Self {
		let (lo, borrow) = self.lo.overflowing_sub(x.lo);
		Self { hi: self.hi.wrapping_sub(x.hi).wrapping_sub(u128::from(borrow)), lo }
	}

	/// `2·self + bit`, for `self < 2^255`.
	fn shl1_or(self, bit: bool) -> Self {
		Self { hi: (self.hi << 1) | (self.lo >> 127), lo: (self.lo << 1) | u128::from(bit) }
	}

	/// Bit `i` (0 = least significant).
	fn bit(&self, i: u32) -> bool {
		if i < 128 {
			(self.lo >> i) & 1 == 1
		} else {
			(self.hi >> (i - 128)) & 1 == 1
		}
	}

	/// `(self / d, self mod d)` by binary long division, for `0 < d < 2^255`.
	fn div_rem(self, d: Self) -> (Self, Self) {
		let (mut q, mut r) = (Self::ZERO, Self::ZERO);
		for i in (0..256).rev() {
			// r < d < 2^255 before the shift, so 2r + 1 < 2^256.
			r = r.shl1_or(self.bit(i));
			let take = r >= d;
			if take {
				r = r.sub(d);
			}
			q = q.shl1_or(take);
		}
		(q, r)
	}
}

/// `floor(balance × reserves[chain] / Σ reserves)`, exactly (256-bit intermediate); 0 when
/// `Σ reserves = 0` or the chain is outside `1..=MAX_CHAINS` (no contract, no reserve).
pub fn exit_amount(balance: u128, reserves: &[u128; MAX_CHAINS as usize], chain: ChainId) -> u128 {
	let Some(reserve) = usize::from(chain.0).checked_sub(1).and_then(|slot| reserves.get(slot))
	else {
		return 0;
	};
	// Σ < 4·2^128 = 2^130.
	let sum = reserves.iter().fold(U256::ZERO, |acc, r| acc.add(U256::from_u128(*r)));
	if sum == U256::ZERO {
		return 0;
	}
	let (quotient, _) = U256::mul(balance, *reserve).div_rem(sum);
	// reserve ≤ Σ, so quotient ≤ balance < 2^128.
	debug_assert_eq!(quotient.hi, 0);
	quotient.lo
}

/// The exit commitment of `claim` against `root`: the exit proof's one public input, as 32
/// big-endian bytes with the top 3 bits cleared (`docs/protocol.md` §8).
pub fn exit_commitment(root: &Fr, claim: &ExitClaim) -> [u8; 32] {
	let mut h = Sha256::new();
	h.update(exit_preimage(root, claim));
	let mut out: [u8; 32] = h.finalize().into();
	out[0] &= 0xff >> (256 - COMMITMENT_BITS);
	out
}

/// The 75-byte preimage of [`exit_commitment`].
pub fn exit_preimage(root: &Fr, claim: &ExitClaim) -> [u8; EXIT_PREIMAGE_BYTES] {
	let mut out = [0u8; EXIT_PREIMAGE_BYTES];
	let parts: [&[u8]; 6] = [
		&field::to_be_bytes(root),
		&claim.account.0.to_be_bytes(),
		&claim.owner.0,
		&claim.token.0.to_be_bytes(),
		&[claim.chain.0],
		&claim.amount.to_be_bytes(),
	];
	let mut at = 0;
	for part in parts {
		out[at..at + part.len()].copy_from_slice(part);
		at += part.len();
	}
	out
}

impl State {
	/// The reserves of `token` on every chain (balances of reserve accounts `1..=MAX_CHAINS`).
	pub fn reserves(&self, token: TokenId) -> [u128; MAX_CHAINS as usize] {
		let mut out = [0; MAX_CHAINS as usize];
		for chain in ChainId::all() {
			out[chain.slot()] = self.reserve(chain, token);
		}
		out
	}

	/// The exit claim of `account` for `token` on `chain`, from the current balances.
	///
	/// Flushes pending tree changes, so that [`State::root`] is the root the claim is proven
	/// against (in exit mode: the last sealed batch, with no batch open).
	pub fn exit_claim(
		&mut self,
		account: AccountId,
		token: TokenId,
		chain: ChainId,
	) -> Result<ExitClaim, ExitError> {
		if !chain.is_valid() {
			return Err(ExitError::InvalidChain(chain.0));
		}
		if !token.is_valid() {
			return Err(ExitError::InvalidToken(token));
		}
		if account.0 < FIRST_USER_ACCOUNT_ID {
			return Err(ExitError::SystemAccount(account));
		}
		let owner = self.account(account).ok_or(ExitError::UnknownAccount(account))?.l1_address;
		self.root();
		let amount = exit_amount(self.balance(account, token), &self.reserves(token), chain);
		Ok(ExitClaim { account, owner, token, chain, amount })
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::tests::{World, C1, C2, E18, ETH, USDC};
	use proptest::prelude::*;

	const MAX: u128 = u128::MAX;

	fn all_chains(balance: u128, reserves: &[u128; 4]) -> [u128; 4] {
		[1, 2, 3, 4].map(|c| exit_amount(balance, reserves, ChainId(c)))
	}

	#[test]
	fn exit_commitment_matches_hashlib() {
		// python3: sha256(bytes(range(1, 33)) + (7).to_bytes(4) + b"\xab" * 20 + (3).to_bytes(2)
		//                 + b"\x02" + (10**18).to_bytes(16)), first byte & 0x1f
		let root_bytes: [u8; 32] = core::array::from_fn(|i| i as u8 + 1);
		let root = field::from_be_bytes(&root_bytes).expect("below r");
		let claim = ExitClaim {
			account: AccountId(7),
			owner: L1Address([0xab; 20]),
			token: TokenId(3),
			chain: ChainId(2),
			amount: E18,
		};
		assert_eq!(exit_preimage(&root, &claim).len(), 75);
		assert_eq!(
			exit_commitment(&root, &claim),
			hex_literal::hex!("1191f2d7bb022ce1b96a0f48796d3fe91434077e7620074cada8a80eb34721ba")
		);
	}

	#[test]
	fn wide_product_works() {
		assert_eq!(
			U256::mul(MAX, MAX),
			U256 { hi: MAX - 1, lo: 1 },
			"0xffff…fffe 0000…0001 (python3: hex((2**128-1)**2))"
		);
		assert_eq!(U256::mul(MAX - 1, MAX - 5), U256 { hi: MAX - 7, lo: 12 });
		assert_eq!(U256::mul(1 << 64, 1 << 64), U256 { hi: 1, lo: 0 });
	}

	#[test]
	fn exit_amount_works_on_small_values() {
		let reserves = [600, 300, 100, 0];
		assert_eq!(all_chains(1000, &reserves), [600, 300, 100, 0]);
		assert_eq!(all_chains(7, &reserves), [4, 2, 0, 0]);
		assert_eq!(exit_amount(1000, &reserves, ChainId(0)), 0);
		assert_eq!(exit_amount(1000, &reserves, ChainId(5)), 0);
	}

	#[test]
	fn exit_amount_works_near_u128_max() {
		// Expected values from python3 integer arithmetic.
		assert_eq!(all_chains(MAX, &[MAX; 4]), [MAX / 4; 4]);
		assert_eq!(
			all_chains(MAX - 1, &[MAX, MAX - 1, 1, 0]),
			[
				170141183460469231731687303715884105727,
				170141183460469231731687303715884105726,
				0,
				0
			]
		);
		assert_eq!(
			all_chains(MAX, &[MAX, MAX, MAX - 2, 12345]),
			[
				113427455640312821154458202477256069113,
				113427455640312821154458202477256069113,
				113427455640312821154458202477256069112,
				4114
			]
		);
		assert_eq!(all_chains(MAX, &[MAX, 0, 0, 0]), [MAX, 0, 0, 0]);
	}

	#[test]
	fn exit_amount_is_zero_without_reserves() {
		assert_eq!(all_chains(MAX, &[0; 4]), [0; 4]);
		assert_eq!(all_chains(0, &[5, 6, 7, 8]), [0; 4]);
	}

	proptest! {
		#[test]
		fn exit_amounts_are_exact_and_sum_to_at_most_the_balance(
			balance in any::<u128>(),
			reserves in any::<[u128; 4]>(),
		) {
			let amounts = all_chains(balance, &reserves);
			let sum = reserves.iter().fold(U256::ZERO, |acc, r| acc.add(U256::from_u128(*r)));
			let total = amounts.iter().fold(U256::ZERO, |acc, a| acc.add(U256::from_u128(*a)));
			prop_assert!(total <= U256::from_u128(balance));
			for (amount, reserve) in amounts.iter().zip(reserves) {
				// amount·Σ ≤ balance·reserve < (amount + 1)·Σ, with 64-bit limbs of Σ.
				let product = U256::mul(balance, reserve);
				let times_sum = |a: u128| {
					U256::mul(a, sum.lo).add(U256 { hi: a * sum.hi, lo: 0 })
				};
				if sum != U256::ZERO {
					prop_assert!(times_sum(*amount) <= product);
					prop_assert!(product < times_sum(*amount).add(sum));
				} else {
					prop_assert_eq!(*amount, 0);
				}
			}
		}
	}

	#[test]
	fn exit_claim_works() {
		let mut world = World::new(3);
		world.deposit(0, C2, ETH, 6 * E18).expect("deposit");
		world.deposit(2, C2, ETH, 3 * E18).expect("deposit");
		let (id, owner) = (world.id(0), world.users[0].address);
		let mut claims = [0u128; 4];
		for chain in ChainId::all() {
			let claim = world.state.exit_claim(id, ETH, chain).expect("claim");
			assert_eq!(
				(claim.account, claim.owner, claim.token, claim.chain),
				(id, owner, ETH, chain)
			);
			claims[chain.slot()] = claim.amount;
		}
		let balance = world.state.balance(id, ETH);
		let reserves = world.state.reserves(ETH);
		assert_eq!(reserves[C1.slot()], 30 * E18);
		assert_eq!(reserves[C2.slot()], 9 * E18);
		assert!(claims.iter().sum::<u128>() <= balance);
		assert_eq!(claims[C1.slot()], balance * 30 / 39);
		assert_eq!(claims[2..], [0, 0]);
		// USDC sits on chain 2 only.
		let usdc = world.state.exit_claim(id, USDC, C2).expect("claim");
		assert_eq!(usdc.amount, world.state.balance(id, USDC));
	}

	#[test]
	fn exit_claim_rejects_bad_arguments() {
		let mut world = World::new(1);
		let id = world.id(0);
		assert_eq!(world.state.exit_claim(id, ETH, ChainId(0)), Err(ExitError::InvalidChain(0)));
		assert_eq!(
			world.state.exit_claim(id, TokenId(1 << 10), C1),
			Err(ExitError::InvalidToken(TokenId(1 << 10)))
		);
		assert_eq!(
			world.state.exit_claim(AccountId(1), ETH, C1),
			Err(ExitError::SystemAccount(AccountId(1)))
		);
		assert_eq!(
			world.state.exit_claim(AccountId(999), ETH, C1),
			Err(ExitError::UnknownAccount(AccountId(999)))
		);
	}
}
