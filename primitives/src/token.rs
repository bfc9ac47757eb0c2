//! Tokens and the registry of chains and tokens.
//!
//! A token id names one asset across all chains; each chain maps it to its own contract address
//! and decimals. L2 amounts always have `L2_DECIMALS` (18) decimals: an L1 amount with `d`
//! decimals is multiplied by `10^(18-d)` on deposit, and an L2 amount is withdrawable to a chain
//! only if it is a multiple of `10^(18-d)` there (otherwise the withdrawal is refused, never
//! rounded: nothing is lost).

use crate::{
	chain::{ChainId, ChainInfo, LiveChains},
	eth::L1Address,
	params::{L2_DECIMALS, MAX_TOKEN_ID},
};
use alloc::{collections::BTreeMap, vec::Vec};
use core::fmt;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A token's position in every balance tree.
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
pub struct TokenId(pub u16);

impl TokenId {
	/// Whether the id fits the balance tree.
	pub fn is_valid(&self) -> bool {
		self.0 <= MAX_TOKEN_ID
	}
}

/// Where a token lives on one chain.
#[derive(
	Clone,
	Copy,
	Debug,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct ChainToken {
	/// The ERC-20 contract (the zero address stands for the chain's native coin).
	pub address: L1Address,
	/// The token's decimals on that chain (at most `L2_DECIMALS`).
	pub decimals: u8,
}

/// A registered token.
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct TokenInfo {
	/// Ticker, for humans only (ASCII).
	pub symbol: Vec<u8>,
	/// The chains the token is registered on.
	pub chains: BTreeMap<ChainId, ChainToken>,
}

/// Why a registry change or an amount conversion was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum RegistryError {
	/// The chain index is outside `1..=MAX_CHAINS` or not registered.
	UnknownChain(u8),
	/// The chain is already registered.
	ChainAlreadyRegistered(u8),
	/// The token id is not registered.
	UnknownToken(TokenId),
	/// The token id is already registered.
	TokenAlreadyRegistered(TokenId),
	/// The token id does not fit the balance tree.
	TokenIdOutOfRange(TokenId),
	/// The token is not registered on that chain.
	TokenNotOnChain {
		/// The token.
		token: TokenId,
		/// The chain.
		chain: ChainId,
	},
	/// The token is already registered on that chain.
	TokenAlreadyOnChain {
		/// The token.
		token: TokenId,
		/// The chain.
		chain: ChainId,
	},
	/// Another token uses this address on that chain.
	AddressInUse {
		/// The chain.
		chain: ChainId,
		/// The token already using the address.
		token: TokenId,
	},
	/// More decimals than L2 has.
	DecimalsTooLarge(u8),
	/// The scaled amount does not fit a `u128`.
	Overflow,
	/// The L2 amount is not a whole number of the token's smallest unit on that chain.
	AmountNotRepresentable {
		/// The target chain.
		chain: ChainId,
		/// The token's decimals there.
		decimals: u8,
	},
}

/// The chains and tokens a deployment knows (governance state, mirrored from every L1).
#[derive(Clone, Debug, Default, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct Registry {
	/// Registered chains.
	pub chains: BTreeMap<ChainId, ChainInfo>,
	/// Registered tokens.
	pub tokens: BTreeMap<TokenId, TokenInfo>,
}

impl Registry {
	/// Registers a chain.
	pub fn register_chain(&mut self, chain: ChainId, info: ChainInfo) -> Result<(), RegistryError> {
		if !chain.is_valid() {
			return Err(RegistryError::UnknownChain(chain.0));
		}
		if self.chains.contains_key(&chain) {
			return Err(RegistryError::ChainAlreadyRegistered(chain.0));
		}
		self.chains.insert(chain, info);
		Ok(())
	}

	/// Registers a token id with its symbol.
	pub fn register_token(&mut self, token: TokenId, symbol: &[u8]) -> Result<(), RegistryError> {
		if !token.is_valid() {
			return Err(RegistryError::TokenIdOutOfRange(token));
		}
		if self.tokens.contains_key(&token) {
			return Err(RegistryError::TokenAlreadyRegistered(token));
		}
		self.tokens.insert(token, TokenInfo { symbol: symbol.to_vec(), chains: BTreeMap::new() });
		Ok(())
	}

	/// Maps a registered token to its contract on a registered chain.
	pub fn add_token_to_chain(
		&mut self,
		token: TokenId,
		chain: ChainId,
		on_chain: ChainToken,
	) -> Result<(), RegistryError> {
		self.chain(chain)?;
		if on_chain.decimals > L2_DECIMALS {
			return Err(RegistryError::DecimalsTooLarge(on_chain.decimals));
		}
		if let Some((other, _)) = self.tokens.iter().find(|(_, info)| {
			info.chains.get(&chain).is_some_and(|t| t.address == on_chain.address)
		}) {
			return Err(RegistryError::AddressInUse { chain, token: *other });
		}
		let info = self.tokens.get_mut(&token).ok_or(RegistryError::UnknownToken(token))?;
		if info.chains.contains_key(&chain) {
			return Err(RegistryError::TokenAlreadyOnChain { token, chain });
		}
		info.chains.insert(chain, on_chain);
		Ok(())
	}

	/// The deployment's live chains: exactly the registered ones.
	pub fn live_chains(&self) -> LiveChains {
		LiveChains::of(self.chains.keys().copied())
	}

	/// A registered chain.
	pub fn chain(&self, chain: ChainId) -> Result<&ChainInfo, RegistryError> {
		self.chains.get(&chain).ok_or(RegistryError::UnknownChain(chain.0))
	}

	/// A registered token.
	pub fn token(&self, token: TokenId) -> Result<&TokenInfo, RegistryError> {
		self.tokens.get(&token).ok_or(RegistryError::UnknownToken(token))
	}

	/// A token on a chain (both must be registered).
	pub fn token_on_chain(
		&self,
		token: TokenId,
		chain: ChainId,
	) -> Result<&ChainToken, RegistryError> {
		self.chain(chain)?;
		self.token(token)?.chains.get(&chain).ok_or(RegistryError::TokenNotOnChain { token, chain })
	}

	/// The token registered at `address` on `chain`.
	pub fn token_by_address(&self, chain: ChainId, address: &L1Address) -> Option<TokenId> {
		self.tokens
			.iter()
			.find(|(_, info)| info.chains.get(&chain).is_some_and(|t| t.address == *address))
			.map(|(id, _)| *id)
	}

	/// Scales an amount in the chain's decimals to L2 units.
	pub fn to_l2_amount(
		&self,
		token: TokenId,
		chain: ChainId,
		l1_amount: u128,
	) -> Result<u128, RegistryError> {
		let scale = scale(self.token_on_chain(token, chain)?.decimals);
		l1_amount.checked_mul(scale).ok_or(RegistryError::Overflow)
	}

	/// Converts an L2 amount to the chain's decimals, refusing amounts that would lose digits.
	pub fn to_l1_amount(
		&self,
		token: TokenId,
		chain: ChainId,
		l2_amount: u128,
	) -> Result<u128, RegistryError> {
		let decimals = self.token_on_chain(token, chain)?.decimals;
		let scale = scale(decimals);
		if !l2_amount.is_multiple_of(scale) {
			return Err(RegistryError::AmountNotRepresentable { chain, decimals });
		}
		Ok(l2_amount / scale)
	}
}

impl Registry {
	/// `amount` (L2 units, 18 decimals) of `token` as a user reads it: `1.5 ETH`.
	pub fn units(&self, token: TokenId, amount: u128) -> Units<'_> {
		Units { registry: self, token, amount }
	}

	/// `token` by symbol and id: `ETH (token 1)`.
	pub fn name(&self, token: TokenId) -> TokenName<'_> {
		TokenName { registry: self, token }
	}

	/// The token a user names: by its id (`2`) or its symbol (`USDC`, any case).
	pub fn find(&self, name: &str) -> Option<TokenId> {
		if let Ok(id) = name.parse::<u16>() {
			return self.tokens.contains_key(&TokenId(id)).then_some(TokenId(id));
		}
		self.tokens
			.iter()
			.find(|(_, info)| info.symbol.eq_ignore_ascii_case(name.as_bytes()))
			.map(|(id, _)| *id)
	}
}

/// Why a decimal amount cannot be read ([`parse_units`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitsError {
	/// Not a decimal number (digits, at most one `.`).
	NotANumber,
	/// More fractional digits than the token has decimals.
	TooPrecise {
		/// The token's decimals.
		decimals: u8,
	},
	/// The amount does not fit 128 bits.
	TooLarge,
}

impl fmt::Display for UnitsError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			UnitsError::NotANumber => f.write_str("not a decimal amount (e.g. 1.5)"),
			UnitsError::TooPrecise { decimals } => {
				write!(f, "the token has {decimals} decimals: no more digits after the point")
			}
			UnitsError::TooLarge => f.write_str("the amount is too large"),
		}
	}
}

/// A decimal amount in a token's units (`1.5`) as the integer amount in its smallest unit with
/// `decimals` decimals (`1500000` for 6): the inverse of [`Registry::units`]' formatting.
pub fn parse_units(text: &str, decimals: u8) -> Result<u128, UnitsError> {
	let (whole, fraction) = text.trim().split_once('.').unwrap_or((text.trim(), ""));
	let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
	if (whole.is_empty() && fraction.is_empty()) || !digits(whole) || !digits(fraction) {
		return Err(UnitsError::NotANumber);
	}
	if fraction.len() > usize::from(decimals) {
		return Err(UnitsError::TooPrecise { decimals });
	}
	let scale = 10u128.checked_pow(u32::from(decimals)).ok_or(UnitsError::TooLarge)?;
	let parse = |s: &str| if s.is_empty() { Ok(0) } else { s.parse::<u128>() };
	let whole = parse(whole).map_err(|_| UnitsError::TooLarge)?;
	let padding = 10u128.pow((usize::from(decimals) - fraction.len()) as u32);
	let fraction = parse(fraction).map_err(|_| UnitsError::TooLarge)? * padding;
	whole.checked_mul(scale).and_then(|w| w.checked_add(fraction)).ok_or(UnitsError::TooLarge)
}

/// An L2 amount in a token's units, as a user reads it: `1.5 ETH`, or `1.5 (token 7)` for a
/// token without a symbol ([`Registry::units`]).
pub struct Units<'a> {
	registry: &'a Registry,
	token: TokenId,
	amount: u128,
}

impl fmt::Display for Units<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		let one = 10u128.pow(u32::from(L2_DECIMALS));
		let (whole, fraction) = (self.amount / one, self.amount % one);
		write!(f, "{whole}")?;
		if fraction != 0 {
			let digits = usize::from(L2_DECIMALS);
			let mut fraction = fraction;
			let mut width = digits;
			while fraction % 10 == 0 {
				fraction /= 10;
				width -= 1;
			}
			write!(f, ".{fraction:0width$}")?;
		}
		match self.registry.token(self.token) {
			Ok(info) if !info.symbol.is_empty() => write!(f, " {}", Symbol(&info.symbol)),
			_ => write!(f, " (token {})", self.token.0),
		}
	}
}

/// A token by symbol and id: `ETH (token 1)`, or `token 7` without a symbol
/// ([`Registry::name`]).
pub struct TokenName<'a> {
	registry: &'a Registry,
	token: TokenId,
}

impl fmt::Display for TokenName<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self.registry.token(self.token) {
			Ok(info) if !info.symbol.is_empty() => {
				write!(f, "{} (token {})", Symbol(&info.symbol), self.token.0)
			}
			_ => write!(f, "token {}", self.token.0),
		}
	}
}

/// A registered symbol: printable ASCII as is, anything else as `?`.
struct Symbol<'a>(&'a [u8]);

impl fmt::Display for Symbol<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		for &byte in self.0 {
			let c = if byte.is_ascii_graphic() { char::from(byte) } else { '?' };
			write!(f, "{c}")?;
		}
		Ok(())
	}
}

/// `10^(L2_DECIMALS - decimals)`; callers guarantee `decimals <= L2_DECIMALS`.
fn scale(decimals: u8) -> u128 {
	10u128.pow(u32::from(L2_DECIMALS - decimals))
}

#[cfg(test)]
mod tests {
	use super::*;
	#[test]
	fn parse_units_reads_what_units_writes() {
		assert_eq!(parse_units("1.5", 18), Ok(1_500_000_000_000_000_000));
		assert_eq!(parse_units("20", 6), Ok(20_000_000));
		assert_eq!(parse_units("0.000001", 6), Ok(1));
		assert_eq!(parse_units(".5", 1), Ok(5));
		assert_eq!(parse_units("7.", 2), Ok(700));
		assert_eq!(parse_units(" 3 ", 0), Ok(3));
		for bad in ["", ".", "1.2.3", "-1", "1e3", "0x10", "1,5", "one"] {
			assert_eq!(parse_units(bad, 18), Err(UnitsError::NotANumber), "{bad}");
		}
		assert_eq!(parse_units("0.0000001", 6), Err(UnitsError::TooPrecise { decimals: 6 }));
		assert_eq!(parse_units("1", 39), Err(UnitsError::TooLarge));
		assert_eq!(parse_units(&u128::MAX.to_string(), 1), Err(UnitsError::TooLarge));
		// Round trip through the formatter (L2 units, 18 decimals).
		let mut registry = Registry::default();
		registry
			.tokens
			.insert(TokenId(1), TokenInfo { symbol: b"ETH".to_vec(), ..Default::default() });
		for amount in [1u128, 1_000_000_000_000_000_000, 1_234_500_000_000_000_000] {
			let text = alloc::format!("{}", registry.units(TokenId(1), amount));
			let number = text.trim_end_matches(" ETH");
			assert_eq!(parse_units(number, L2_DECIMALS), Ok(amount), "{text}");
		}
	}

	#[test]
	fn tokens_are_found_by_id_or_symbol() {
		let mut registry = Registry::default();
		registry
			.tokens
			.insert(TokenId(1), TokenInfo { symbol: b"ETH".to_vec(), ..Default::default() });
		registry
			.tokens
			.insert(TokenId(2), TokenInfo { symbol: b"USDC".to_vec(), ..Default::default() });
		assert_eq!(registry.find("2"), Some(TokenId(2)));
		assert_eq!(registry.find("usdc"), Some(TokenId(2)));
		assert_eq!(registry.find("ETH"), Some(TokenId(1)));
		assert_eq!(registry.find("3"), None);
		assert_eq!(registry.find("DAI"), None);
	}

	fn registry() -> Registry {
		let mut r = Registry::default();
		for c in 1..=2u8 {
			let info =
				ChainInfo { evm_chain_id: 1000 + u64::from(c), contract: L1Address([c; 20]) };
			r.register_chain(ChainId(c), info).expect("fresh chain");
		}
		r.register_token(TokenId(1), b"USDC").expect("fresh token");
		let usdc1 = ChainToken { address: L1Address([0xaa; 20]), decimals: 6 };
		let usdc2 = ChainToken { address: L1Address([0xbb; 20]), decimals: 18 };
		r.add_token_to_chain(TokenId(1), ChainId(1), usdc1).expect("registered");
		r.add_token_to_chain(TokenId(1), ChainId(2), usdc2).expect("registered");
		r
	}

	#[test]
	fn decimal_normalization_works() {
		let r = registry();
		assert_eq!(
			r.to_l2_amount(TokenId(1), ChainId(1), 1_500_000),
			Ok(1_500_000 * 10u128.pow(12))
		);
		assert_eq!(r.to_l2_amount(TokenId(1), ChainId(2), 7), Ok(7));
		assert_eq!(r.to_l1_amount(TokenId(1), ChainId(1), 3 * 10u128.pow(12)), Ok(3));
		assert_eq!(r.to_l1_amount(TokenId(1), ChainId(2), 3), Ok(3));
	}

	#[test]
	fn to_l1_amount_rejects_unrepresentable() {
		let r = registry();
		assert_eq!(
			r.to_l1_amount(TokenId(1), ChainId(1), 10u128.pow(12) + 1),
			Err(RegistryError::AmountNotRepresentable { chain: ChainId(1), decimals: 6 })
		);
	}

	#[test]
	fn to_l2_amount_rejects_overflow() {
		assert_eq!(
			registry().to_l2_amount(TokenId(1), ChainId(1), u128::MAX),
			Err(RegistryError::Overflow)
		);
	}

	#[test]
	fn registry_rejects_bad_registrations() {
		let mut r = registry();
		let t = ChainToken { address: L1Address([0xcc; 20]), decimals: 19 };
		assert_eq!(
			r.add_token_to_chain(TokenId(1), ChainId(1), t),
			Err(RegistryError::DecimalsTooLarge(19))
		);
		let t = ChainToken { address: L1Address([0xaa; 20]), decimals: 6 };
		r.register_token(TokenId(2), b"DAI").expect("fresh token");
		assert_eq!(
			r.add_token_to_chain(TokenId(2), ChainId(1), t),
			Err(RegistryError::AddressInUse { chain: ChainId(1), token: TokenId(1) })
		);
		assert_eq!(
			r.add_token_to_chain(TokenId(2), ChainId(3), t),
			Err(RegistryError::UnknownChain(3))
		);
		assert_eq!(
			r.register_token(TokenId(1), b"X"),
			Err(RegistryError::TokenAlreadyRegistered(TokenId(1)))
		);
		assert_eq!(
			r.register_token(TokenId(MAX_TOKEN_ID + 1), b"X"),
			Err(RegistryError::TokenIdOutOfRange(TokenId(MAX_TOKEN_ID + 1)))
		);
		assert_eq!(
			r.token_on_chain(TokenId(2), ChainId(2)),
			Err(RegistryError::TokenNotOnChain { token: TokenId(2), chain: ChainId(2) })
		);
		let info = ChainInfo { evm_chain_id: 1, contract: L1Address([0; 20]) };
		assert_eq!(
			r.register_chain(ChainId(1), info.clone()),
			Err(RegistryError::ChainAlreadyRegistered(1))
		);
		assert_eq!(r.register_chain(ChainId(0), info), Err(RegistryError::UnknownChain(0)));
		assert_eq!(r.token_by_address(ChainId(2), &L1Address([0xbb; 20])), Some(TokenId(1)));
	}
}
