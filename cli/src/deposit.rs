//! What a deposit is, worked out from the deployment's registry before anything is sent: the
//! chain's contract, the token on that chain, the amount in its units and what the appchain will
//! credit.

use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	token::{parse_units, Registry, TokenId},
};

/// A token by symbol or id; the error lists the deployment's tokens.
pub fn find_token(registry: &Registry, name: &str) -> Result<TokenId, String> {
	registry.find(name).ok_or_else(|| {
		let known: Vec<String> =
			registry.tokens.keys().map(|t| registry.name(*t).to_string()).collect();
		format!("unknown token {name} (tokens: {})", known.join(", "))
	})
}

/// A token on a chain of the deployment, as a user names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenOnChain {
	/// The chain.
	pub chain: ChainId,
	/// That chain's EVM id and rollup contract.
	pub info: ChainInfo,
	/// The token.
	pub token: TokenId,
	/// The token's contract on that chain (zero for the native coin).
	pub address: L1Address,
	/// The token's decimals on that chain.
	pub decimals: u8,
}

impl TokenOnChain {
	/// Finds `token` (symbol or id) on chain `chain`; the error says what to fix.
	pub fn find(registry: &Registry, chain: u8, token: &str) -> Result<Self, String> {
		let chains =
			|| registry.chains.keys().map(|c| c.0.to_string()).collect::<Vec<_>>().join(", ");
		let chain_id = ChainId(chain);
		let info = registry.chains.get(&chain_id).cloned().ok_or_else(|| {
			format!("chain {chain} is not a chain of this deployment (chains: {})", chains())
		})?;
		let token_id = find_token(registry, token)?;
		let on_chain = registry.token_on_chain(token_id, chain_id).map_err(|_| {
			format!("{} is not registered on chain {chain}", registry.name(token_id))
		})?;
		Ok(Self {
			chain: chain_id,
			info,
			token: token_id,
			address: on_chain.address,
			decimals: on_chain.decimals,
		})
	}
}

/// A deposit, checked against the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Deposit {
	/// The chain it is made on.
	pub chain: ChainId,
	/// That chain's EVM id and rollup contract.
	pub info: ChainInfo,
	/// The token.
	pub token: TokenId,
	/// The token's contract on that chain (zero for the native coin).
	pub address: L1Address,
	/// The amount in the token's decimals on that chain.
	pub amount: u128,
	/// What the appchain credits (L2 units, 18 decimals).
	pub credit: u128,
}

impl Deposit {
	/// Works out a deposit of `amount` (in the token's units, e.g. `1.5`) of `token` (symbol or
	/// id) on chain `chain`; the error says what to fix.
	pub fn plan(registry: &Registry, chain: u8, token: &str, amount: &str) -> Result<Self, String> {
		let found = TokenOnChain::find(registry, chain, token)?;
		let units = parse_units(amount, found.decimals)
			.map_err(|e| format!("the amount `{amount}`: {e}"))?;
		if units == 0 {
			return Err("the amount must be positive".into());
		}
		let credit = registry
			.to_l2_amount(found.token, found.chain, units)
			.map_err(|_| format!("the amount `{amount}` is too large"))?;
		Ok(Self {
			chain: found.chain,
			info: found.info,
			token: found.token,
			address: found.address,
			amount: units,
			credit,
		})
	}

	/// Whether it deposits the chain's native coin (`depositETH`).
	pub fn is_native(&self) -> bool {
		self.address == L1Address::default()
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polylink_primitives::token::{ChainToken, TokenInfo};

	fn registry() -> Registry {
		let mut registry = Registry::default();
		let info = ChainInfo { evm_chain_id: 31_337, contract: L1Address([0xcf; 20]) };
		registry.chains.insert(ChainId(1), info);
		let mut eth = TokenInfo { symbol: b"ETH".to_vec(), ..Default::default() };
		eth.chains.insert(ChainId(1), ChainToken { address: L1Address::default(), decimals: 18 });
		registry.tokens.insert(TokenId(1), eth);
		let mut usdc = TokenInfo { symbol: b"USDC".to_vec(), ..Default::default() };
		usdc.chains.insert(ChainId(1), ChainToken { address: L1Address([0x05; 20]), decimals: 6 });
		registry.tokens.insert(TokenId(2), usdc);
		registry
			.tokens
			.insert(TokenId(3), TokenInfo { symbol: b"DAI".to_vec(), ..Default::default() });
		registry
	}

	#[test]
	fn a_deposit_is_worked_out_in_the_tokens_units() {
		let eth = Deposit::plan(&registry(), 1, "ETH", "1.5").unwrap();
		assert!(eth.is_native());
		assert_eq!(
			(eth.token, eth.amount, eth.credit),
			(TokenId(1), 15 * 10u128.pow(17), 15 * 10u128.pow(17))
		);
		let usdc = Deposit::plan(&registry(), 1, "2", "20.5").unwrap();
		assert!(!usdc.is_native());
		assert_eq!((usdc.amount, usdc.credit), (20_500_000, 20_500_000 * 10u128.pow(12)));
		assert_eq!(usdc.address, L1Address([0x05; 20]));
	}

	#[test]
	fn a_deposit_that_cannot_be_made_says_why() {
		let refusals = [
			(2, "ETH", "1", "chain 2 is not a chain of this deployment (chains: 1)"),
			(
				1,
				"WBTC",
				"1",
				"unknown token WBTC (tokens: ETH (token 1), USDC (token 2), DAI (token 3))",
			),
			(1, "DAI", "1", "DAI (token 3) is not registered on chain 1"),
			(1, "USDC", "0.0000001", "the token has 6 decimals"),
			(1, "ETH", "1,5", "not a decimal amount"),
			(1, "ETH", "0", "the amount must be positive"),
		];
		for (chain, token, amount, expected) in refusals {
			let error = Deposit::plan(&registry(), chain, token, amount).unwrap_err();
			assert!(error.contains(expected), "{token} {amount}: `{error}`, not `{expected}`");
		}
	}
}
