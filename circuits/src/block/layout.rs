//! Where each field sits in each operation's pubdata (byte offsets), as the native encoder
//! (`polylink_primitives::pubdata`) writes it. The tests below decode random operations at
//! these offsets and compare with the native fields, so the two cannot drift apart.

use polylink_primitives::pubdata::op_code;

/// Bytes of one operation's pubdata as the circuit holds it (three chunks, zero padded).
pub const OP_BYTES: usize = 3 * polylink_primitives::params::CHUNK_BYTES;

/// A field: byte offset and length.
pub type Field = (usize, usize);

/// The fields of one op type (`None` where the type has no such field).
#[derive(Clone, Copy, Debug, Default)]
pub struct Layout {
	/// Chain index (1 byte).
	pub chain: Option<Field>,
	/// First account: depositor, sender, withdrawer, exiting account, key owner, initiator.
	pub account_a: Option<Field>,
	/// Second account: recipient or forced-exit target.
	pub account_b: Option<Field>,
	/// Token.
	pub token: Option<Field>,
	/// Full 16-byte amount.
	pub amount: Option<Field>,
	/// Packed 5-byte amount.
	pub packed_amount: Option<Field>,
	/// Fee token (ops that pay in another token than `token`).
	pub fee_token: Option<Field>,
	/// Packed 2-byte fee.
	pub fee: Option<Field>,
	/// An L1 address (recipient, owner, target).
	pub address: Option<Field>,
	/// A public-key hash.
	pub pubkey_hash: Option<Field>,
	/// A nonce.
	pub nonce: Option<Field>,
	/// Bytes used, op code included; the rest is zero.
	pub used: usize,
}

/// Op codes in flag order (the circuit's one-hot op flags).
pub const OPS: [u8; 8] = [
	op_code::NOOP,
	op_code::DEPOSIT,
	op_code::TRANSFER_TO_NEW,
	op_code::WITHDRAW,
	op_code::TRANSFER,
	op_code::FULL_EXIT,
	op_code::CHANGE_PUBKEY,
	op_code::FORCED_EXIT,
];

/// The layout of an op code.
pub fn layout(code: u8) -> Layout {
	let f = |offset, len| Some((offset, len));
	match code {
		op_code::NOOP => Layout { used: 1, ..Default::default() },
		op_code::DEPOSIT => Layout {
			chain: f(1, 1),
			account_a: f(2, 3),
			token: f(5, 2),
			amount: f(7, 16),
			address: f(23, 20),
			used: 43,
			..Default::default()
		},
		op_code::TRANSFER_TO_NEW => Layout {
			account_a: f(1, 3),
			account_b: f(4, 3),
			token: f(7, 2),
			packed_amount: f(9, 5),
			fee: f(14, 2),
			address: f(16, 20),
			used: 36,
			..Default::default()
		},
		op_code::WITHDRAW => Layout {
			account_a: f(1, 3),
			chain: f(4, 1),
			token: f(5, 2),
			amount: f(7, 16),
			address: f(23, 20),
			fee_token: f(43, 2),
			fee: f(45, 2),
			used: 47,
			..Default::default()
		},
		op_code::TRANSFER => Layout {
			account_a: f(1, 3),
			account_b: f(4, 3),
			token: f(7, 2),
			packed_amount: f(9, 5),
			fee: f(14, 2),
			used: 16,
			..Default::default()
		},
		op_code::FULL_EXIT => Layout {
			chain: f(1, 1),
			account_a: f(2, 3),
			address: f(5, 20),
			token: f(25, 2),
			amount: f(27, 16),
			used: 43,
			..Default::default()
		},
		op_code::CHANGE_PUBKEY => Layout {
			chain: f(1, 1),
			account_a: f(2, 3),
			pubkey_hash: f(5, 20),
			address: f(25, 20),
			nonce: f(45, 4),
			fee_token: f(49, 2),
			fee: f(51, 2),
			used: 53,
			..Default::default()
		},
		op_code::FORCED_EXIT => Layout {
			chain: f(1, 1),
			account_a: f(2, 3),
			account_b: f(5, 3),
			token: f(8, 2),
			amount: f(10, 16),
			fee_token: f(26, 2),
			fee: f(28, 2),
			address: f(30, 20),
			used: 50,
			..Default::default()
		},
		_ => panic!("unknown op code {code}"),
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use polylink_primitives::{
		account::AccountId, amount, chain::ChainId, eth::L1Address, pubdata::Op,
		signature::PubKeyHash, token::TokenId,
	};

	fn read(bytes: &[u8], field: Option<Field>) -> u128 {
		let (offset, len) = field.expect("field present");
		bytes[offset..offset + len].iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b))
	}

	fn address(bytes: &[u8], field: Option<Field>) -> [u8; 20] {
		let (offset, len) = field.expect("field present");
		assert_eq!(len, 20);
		bytes[offset..offset + 20].try_into().expect("20 bytes")
	}

	#[test]
	fn layouts_match_native_encoding() {
		let to = L1Address([0xab; 20]);
		let ops = [
			Op::Deposit {
				chain: ChainId(2),
				account: AccountId(77),
				token: TokenId(3),
				amount: 12345,
				to,
			},
			Op::TransferToNew {
				from: AccountId(9),
				to: AccountId(10),
				to_address: to,
				token: TokenId(4),
				amount: 5_000,
				fee: 70,
			},
			Op::Withdraw {
				account: AccountId(9),
				chain: ChainId(3),
				to,
				token: TokenId(5),
				amount: 999,
				fee_token: TokenId(6),
				fee: 123,
			},
			Op::Transfer {
				from: AccountId(11),
				to: AccountId(12),
				token: TokenId(7),
				amount: 4_000,
				fee: 30,
			},
			Op::FullExit {
				chain: ChainId(1),
				account: AccountId(13),
				owner: to,
				token: TokenId(8),
				amount: 5,
			},
			Op::ChangePubKey {
				chain: ChainId(4),
				account: AccountId(14),
				pubkey_hash: PubKeyHash([0xcd; 20]),
				address: to,
				nonce: 17,
				fee_token: TokenId(9),
				fee: 50,
			},
			Op::ForcedExit {
				chain: ChainId(2),
				initiator: AccountId(15),
				target: AccountId(16),
				target_address: to,
				token: TokenId(1),
				amount: 88,
				fee_token: TokenId(2),
				fee: 40,
			},
		];
		for op in ops {
			let bytes = op.pubdata().expect("encodable");
			let l = layout(op.op_code());
			assert!(bytes[l.used..].iter().all(|b| *b == 0), "op {} padding", op.op_code());
			assert_ne!(bytes[l.used - 1], 0, "op {}: last used byte is data", op.op_code());
			match op {
				Op::Deposit { chain, account, token, amount, to } => {
					assert_eq!(read(&bytes, l.chain), u128::from(chain.0));
					assert_eq!(read(&bytes, l.account_a), u128::from(account.0));
					assert_eq!(read(&bytes, l.token), u128::from(token.0));
					assert_eq!(read(&bytes, l.amount), amount);
					assert_eq!(address(&bytes, l.address), to.0);
				}
				Op::TransferToNew { from, to, to_address, token, amount: a, fee } => {
					assert_eq!(read(&bytes, l.account_a), u128::from(from.0));
					assert_eq!(read(&bytes, l.account_b), u128::from(to.0));
					assert_eq!(read(&bytes, l.token), u128::from(token.0));
					let packed = amount::pack_amount(a).expect("packable");
					assert_eq!(read(&bytes, l.packed_amount), read(&packed, Some((0, 5))));
					let packed = amount::pack_fee(fee).expect("packable");
					assert_eq!(read(&bytes, l.fee), read(&packed, Some((0, 2))));
					assert_eq!(address(&bytes, l.address), to_address.0);
				}
				Op::Withdraw { account, chain, to, token, amount, fee_token, fee } => {
					assert_eq!(read(&bytes, l.account_a), u128::from(account.0));
					assert_eq!(read(&bytes, l.chain), u128::from(chain.0));
					assert_eq!(read(&bytes, l.token), u128::from(token.0));
					assert_eq!(read(&bytes, l.amount), amount);
					assert_eq!(address(&bytes, l.address), to.0);
					assert_eq!(read(&bytes, l.fee_token), u128::from(fee_token.0));
					let packed = amount::pack_fee(fee).expect("packable");
					assert_eq!(read(&bytes, l.fee), read(&packed, Some((0, 2))));
				}
				Op::Transfer { from, to, token, amount: a, fee } => {
					assert_eq!(read(&bytes, l.account_a), u128::from(from.0));
					assert_eq!(read(&bytes, l.account_b), u128::from(to.0));
					assert_eq!(read(&bytes, l.token), u128::from(token.0));
					let packed = amount::pack_amount(a).expect("packable");
					assert_eq!(read(&bytes, l.packed_amount), read(&packed, Some((0, 5))));
					let packed = amount::pack_fee(fee).expect("packable");
					assert_eq!(read(&bytes, l.fee), read(&packed, Some((0, 2))));
				}
				Op::FullExit { chain, account, owner, token, amount } => {
					assert_eq!(read(&bytes, l.chain), u128::from(chain.0));
					assert_eq!(read(&bytes, l.account_a), u128::from(account.0));
					assert_eq!(address(&bytes, l.address), owner.0);
					assert_eq!(read(&bytes, l.token), u128::from(token.0));
					assert_eq!(read(&bytes, l.amount), amount);
				}
				Op::ChangePubKey {
					chain,
					account,
					pubkey_hash,
					address: a,
					nonce,
					fee_token,
					fee,
				} => {
					assert_eq!(read(&bytes, l.chain), u128::from(chain.0));
					assert_eq!(read(&bytes, l.account_a), u128::from(account.0));
					assert_eq!(address(&bytes, l.pubkey_hash), pubkey_hash.0);
					assert_eq!(address(&bytes, l.address), a.0);
					assert_eq!(read(&bytes, l.nonce), u128::from(nonce));
					assert_eq!(read(&bytes, l.fee_token), u128::from(fee_token.0));
					let packed = amount::pack_fee(fee).expect("packable");
					assert_eq!(read(&bytes, l.fee), read(&packed, Some((0, 2))));
				}
				Op::ForcedExit {
					chain,
					initiator,
					target,
					target_address,
					token,
					amount,
					fee_token,
					fee,
				} => {
					assert_eq!(read(&bytes, l.chain), u128::from(chain.0));
					assert_eq!(read(&bytes, l.account_a), u128::from(initiator.0));
					assert_eq!(read(&bytes, l.account_b), u128::from(target.0));
					assert_eq!(read(&bytes, l.token), u128::from(token.0));
					assert_eq!(read(&bytes, l.amount), amount);
					assert_eq!(read(&bytes, l.fee_token), u128::from(fee_token.0));
					let packed = amount::pack_fee(fee).expect("packable");
					assert_eq!(read(&bytes, l.fee), read(&packed, Some((0, 2))));
					assert_eq!(address(&bytes, l.address), target_address.0);
				}
				Op::Noop => unreachable!("not in the list"),
			}
		}
	}
}
