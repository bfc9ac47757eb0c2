//! L2 transactions as a user names them: amounts in the token's units, the least fee the
//! appchain takes (its per-chunk fee times the operation's chunks, rounded up to a packable
//! fee), the account and its next nonce read from the node.

use polylink_primitives::{
	amount::{is_packable_amount, is_packable_fee, round_down_amount},
	params::L2_DECIMALS,
	pubdata::op_code,
	pubdata::Op,
	token::{parse_units, Registry, TokenId},
};

/// An amount in L2 units parsed from the token's units (`0.25`), packable as the pubdata
/// needs; the error says what to write instead.
pub fn amount(registry: &Registry, token: TokenId, text: &str) -> Result<u128, String> {
	let name = registry.name(token);
	let value = parse_units(text, L2_DECIMALS)
		.map_err(|e| format!("{text} is not an amount of {name}: {e:?}"))?;
	if value == 0 {
		return Err(format!("the amount of {name} must be above zero"));
	}
	if !is_packable_amount(value) {
		let below = round_down_amount(value);
		return Err(format!(
			"{} cannot be sent: L2 amounts have 35 significant bits; {} can",
			registry.units(token, value),
			registry.units(token, below)
		));
	}
	Ok(value)
}

/// The least fee for an operation of `chunks` chunks at `per_chunk` L2 units per chunk,
/// rounded up to a packable fee (11 significant bits).
pub fn fee(per_chunk: u128, chunks: usize) -> u128 {
	let mut fee = per_chunk.saturating_mul(chunks as u128);
	while !is_packable_fee(fee) {
		// Keep the 11-bit head, drop the rest, and add one in its last digit.
		let mut scale = 1u128;
		while fee / scale >= 1 << 11 {
			scale *= 10;
		}
		fee = (fee / scale + 1).saturating_mul(scale);
	}
	fee
}

/// The chunks of an L2 transaction's operation: a transfer to an address without an account
/// opens one (`TransferToNew`, 2 chunks), to an existing one it is 1; a withdrawal or key
/// change takes 3.
pub fn chunks(code: u8) -> usize {
	Op::chunks_of(code).unwrap_or(3)
}

/// The op codes the CLI's transactions become.
pub mod kind {
	use super::op_code;
	/// A transfer to an existing account.
	pub const TRANSFER: u8 = op_code::TRANSFER;
	/// A transfer that opens the recipient's account.
	pub const TRANSFER_TO_NEW: u8 = op_code::TRANSFER_TO_NEW;
	/// A withdrawal.
	pub const WITHDRAW: u8 = op_code::WITHDRAW;
	/// A key change.
	pub const CHANGE_PUBKEY: u8 = op_code::CHANGE_PUBKEY;
}

#[cfg(test)]
mod tests {
	use super::*;
	use polylink_primitives::{
		chain::ChainId,
		eth::L1Address,
		token::{ChainToken, TokenInfo},
	};

	fn registry() -> Registry {
		let mut registry = Registry::default();
		let mut eth = TokenInfo { symbol: b"ETH".to_vec(), ..Default::default() };
		eth.chains.insert(ChainId(1), ChainToken { address: L1Address([0; 20]), decimals: 18 });
		registry.tokens.insert(TokenId(1), eth);
		registry
	}

	#[test]
	fn amounts_are_read_in_units_and_must_be_packable() {
		let registry = registry();
		let eth = TokenId(1);
		assert_eq!(amount(&registry, eth, "0.25"), Ok(250_000_000_000_000_000));
		assert_eq!(amount(&registry, eth, "1"), Ok(1_000_000_000_000_000_000));
		let odd = amount(&registry, eth, "1.000000000000000001").unwrap_err();
		assert!(odd.contains("cannot be sent") && odd.contains("1 ETH can"), "{odd}");
		assert!(amount(&registry, eth, "0").unwrap_err().contains("above zero"));
		assert!(amount(&registry, eth, "1,5").unwrap_err().contains("is not an amount"));
		let precise = amount(&registry, eth, "0.0000000000000000001").unwrap_err();
		assert!(precise.contains("is not an amount"), "{precise}");
	}

	#[test]
	fn fees_are_the_per_chunk_fee_times_chunks_rounded_up_to_packable() {
		assert_eq!(fee(1_000_000_000, chunks(kind::WITHDRAW)), 3_000_000_000);
		assert_eq!(fee(1_000_000_000, chunks(kind::TRANSFER)), 1_000_000_000);
		assert_eq!(fee(1_000_000_000, chunks(kind::TRANSFER_TO_NEW)), 2_000_000_000);
		// 2049 has 12 significant bits: the next packable fee is 2050.
		assert_eq!(fee(2049, 1), 2050);
		assert_eq!(fee(2047 * 3, 1), 6150);
		for (per_chunk, n) in [(1, 1), (12_345_678_901, 3), (u128::from(u64::MAX), 2)] {
			let f = fee(per_chunk, n);
			assert!(is_packable_fee(f) && f >= per_chunk * n as u128, "{per_chunk} × {n} → {f}");
		}
		assert_eq!(chunks(kind::CHANGE_PUBKEY), 3);
	}
}
