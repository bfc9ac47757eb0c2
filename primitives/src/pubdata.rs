//! Executed operations and their pubdata: the bytes every batch publishes, from which anyone can
//! rebuild the whole L2 state (DESIGN §5).
//!
//! Each operation occupies a whole number of `CHUNK_BYTES` (18-byte) chunks; its first byte is its
//! op code; fields follow big-endian at fixed width (account ids 3 bytes, token ids 2, chain 1,
//! full amounts 16, packed amounts 5, packed fees 2, addresses and pubkey hashes 20, nonces 4);
//! the tail of the last chunk is zero. `docs/protocol.md` has the table.

use crate::{
	account::{AccountId, Nonce},
	amount::{self, PackError},
	chain::ChainId,
	eth::L1Address,
	params::CHUNK_BYTES,
	signature::PubKeyHash,
	token::TokenId,
	tx::ByteWriter,
};
use alloc::vec::Vec;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// Pubdata op codes.
pub mod op_code {
	/// [`super::Op::Noop`].
	pub const NOOP: u8 = 0;
	/// [`super::Op::Deposit`].
	pub const DEPOSIT: u8 = 1;
	/// [`super::Op::TransferToNew`].
	pub const TRANSFER_TO_NEW: u8 = 2;
	/// [`super::Op::Withdraw`].
	pub const WITHDRAW: u8 = 3;
	/// [`super::Op::Transfer`].
	pub const TRANSFER: u8 = 4;
	/// [`super::Op::FullExit`].
	pub const FULL_EXIT: u8 = 5;
	/// [`super::Op::ChangePubKey`].
	pub const CHANGE_PUBKEY: u8 = 6;
	/// [`super::Op::ForcedExit`].
	pub const FORCED_EXIT: u8 = 7;
}

/// An executed operation, with everything its pubdata says.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Op {
	/// Padding (one chunk of zeros).
	Noop,
	/// A deposit credited to `account`.
	Deposit {
		/// Chain deposited on.
		chain: ChainId,
		/// Account credited.
		account: AccountId,
		/// Token.
		token: TokenId,
		/// Amount in L2 units.
		amount: u128,
		/// The account's L1 owner (opens the account when new).
		to: L1Address,
	},
	/// A transfer that opened the recipient's account.
	TransferToNew {
		/// Sender.
		from: AccountId,
		/// New account.
		to: AccountId,
		/// Owner of the new account.
		to_address: L1Address,
		/// Token.
		token: TokenId,
		/// Amount (packable).
		amount: u128,
		/// Fee (packable), in `token`.
		fee: u128,
	},
	/// A withdrawal paid on `chain`.
	Withdraw {
		/// Account debited.
		account: AccountId,
		/// Chain paying out.
		chain: ChainId,
		/// Recipient.
		to: L1Address,
		/// Token.
		token: TokenId,
		/// Amount in L2 units.
		amount: u128,
		/// Fee token.
		fee_token: TokenId,
		/// Fee (packable).
		fee: u128,
	},
	/// A transfer between existing accounts.
	Transfer {
		/// Sender.
		from: AccountId,
		/// Recipient.
		to: AccountId,
		/// Token.
		token: TokenId,
		/// Amount (packable).
		amount: u128,
		/// Fee (packable), in `token`.
		fee: u128,
	},
	/// A full exit; `amount` is what was paid (`min(balance, reserve)`, or 0).
	FullExit {
		/// Chain paying out.
		chain: ChainId,
		/// Account exited.
		account: AccountId,
		/// Requester (and recipient).
		owner: L1Address,
		/// Token.
		token: TokenId,
		/// Amount paid, in L2 units.
		amount: u128,
	},
	/// A key change.
	ChangePubKey {
		/// Chain whose contract checks the authorisation.
		chain: ChainId,
		/// Account.
		account: AccountId,
		/// New key hash.
		pubkey_hash: PubKeyHash,
		/// The account's L1 owner (whose authorisation the contract checks).
		address: L1Address,
		/// The nonce the change was signed with.
		nonce: Nonce,
		/// Fee token.
		fee_token: TokenId,
		/// Fee (packable).
		fee: u128,
	},
	/// A forced exit of a keyless account's whole balance.
	ForcedExit {
		/// Chain paying out.
		chain: ChainId,
		/// Initiator (pays the fee).
		initiator: AccountId,
		/// Account exited.
		target: AccountId,
		/// Its owner (and recipient).
		target_address: L1Address,
		/// Token.
		token: TokenId,
		/// Amount paid.
		amount: u128,
		/// Fee token.
		fee_token: TokenId,
		/// Fee (packable).
		fee: u128,
	},
}

/// Why pubdata could not be encoded or decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PubdataError {
	/// The bytes end inside an operation.
	Truncated {
		/// Offset of the operation.
		offset: usize,
	},
	/// An unknown op code.
	UnknownOpCode {
		/// Offset of the operation.
		offset: usize,
		/// The byte found.
		code: u8,
	},
	/// Padding bytes of an operation are not zero.
	NonZeroPadding {
		/// Offset of the operation.
		offset: usize,
	},
	/// A chain index outside `1..=MAX_CHAINS`.
	InvalidChain {
		/// Offset of the operation.
		offset: usize,
	},
	/// A packed amount or fee that cannot be packed or unpacked.
	Pack(PackError),
	/// The pubdata length is not a whole number of chunks.
	NotChunkAligned,
}

impl From<PackError> for PubdataError {
	fn from(e: PackError) -> Self {
		PubdataError::Pack(e)
	}
}

impl Op {
	/// The op code (first pubdata byte).
	pub fn op_code(&self) -> u8 {
		match self {
			Op::Noop => op_code::NOOP,
			Op::Deposit { .. } => op_code::DEPOSIT,
			Op::TransferToNew { .. } => op_code::TRANSFER_TO_NEW,
			Op::Withdraw { .. } => op_code::WITHDRAW,
			Op::Transfer { .. } => op_code::TRANSFER,
			Op::FullExit { .. } => op_code::FULL_EXIT,
			Op::ChangePubKey { .. } => op_code::CHANGE_PUBKEY,
			Op::ForcedExit { .. } => op_code::FORCED_EXIT,
		}
	}

	/// Chunks an operation with this op code occupies.
	pub fn chunks_of(code: u8) -> Option<usize> {
		Some(match code {
			op_code::NOOP | op_code::TRANSFER => 1,
			op_code::TRANSFER_TO_NEW => 2,
			op_code::DEPOSIT
			| op_code::WITHDRAW
			| op_code::FULL_EXIT
			| op_code::CHANGE_PUBKEY
			| op_code::FORCED_EXIT => 3,
			_ => return None,
		})
	}

	/// Chunks this operation occupies.
	pub fn chunks(&self) -> usize {
		Self::chunks_of(self.op_code()).expect("every Op variant has a chunk count")
	}

	/// The chain this operation must be checked and executed on, for on-chain operations
	/// (those whose bytes enter that chain's `onchain_hash`).
	pub fn onchain_chain(&self) -> Option<ChainId> {
		match self {
			Op::Deposit { chain, .. }
			| Op::Withdraw { chain, .. }
			| Op::FullExit { chain, .. }
			| Op::ChangePubKey { chain, .. }
			| Op::ForcedExit { chain, .. } => Some(*chain),
			Op::Noop | Op::Transfer { .. } | Op::TransferToNew { .. } => None,
		}
	}

	/// The operation's pubdata (a whole number of chunks).
	pub fn pubdata(&self) -> Result<Vec<u8>, PubdataError> {
		let w = ByteWriter::default().u8(self.op_code());
		let w = match self {
			Op::Noop => w,
			Op::Deposit { chain, account, token, amount, to } => {
				w.u8(chain.0).account(*account).u16(token.0).u128(*amount).bytes(&to.0)
			}
			Op::TransferToNew { from, to, to_address, token, amount, fee } => w
				.account(*from)
				.account(*to)
				.u16(token.0)
				.bytes(&amount::pack_amount(*amount)?)
				.bytes(&amount::pack_fee(*fee)?)
				.bytes(&to_address.0),
			Op::Withdraw { account, chain, to, token, amount, fee_token, fee } => w
				.account(*account)
				.u8(chain.0)
				.u16(token.0)
				.u128(*amount)
				.bytes(&to.0)
				.u16(fee_token.0)
				.bytes(&amount::pack_fee(*fee)?),
			Op::Transfer { from, to, token, amount, fee } => w
				.account(*from)
				.account(*to)
				.u16(token.0)
				.bytes(&amount::pack_amount(*amount)?)
				.bytes(&amount::pack_fee(*fee)?),
			Op::FullExit { chain, account, owner, token, amount } => {
				w.u8(chain.0).account(*account).bytes(&owner.0).u16(token.0).u128(*amount)
			}
			Op::ChangePubKey { chain, account, pubkey_hash, address, nonce, fee_token, fee } => w
				.u8(chain.0)
				.account(*account)
				.bytes(&pubkey_hash.0)
				.bytes(&address.0)
				.u32(*nonce)
				.u16(fee_token.0)
				.bytes(&amount::pack_fee(*fee)?),
			Op::ForcedExit {
				chain,
				initiator,
				target,
				target_address,
				token,
				amount,
				fee_token,
				fee,
			} => w
				.u8(chain.0)
				.account(*initiator)
				.account(*target)
				.u16(token.0)
				.u128(*amount)
				.u16(fee_token.0)
				.bytes(&amount::pack_fee(*fee)?)
				.bytes(&target_address.0),
		};
		let mut bytes = w.0;
		let len = self.chunks() * CHUNK_BYTES;
		debug_assert!(bytes.len() <= len, "op {} overflows its chunks", self.op_code());
		bytes.resize(len, 0);
		Ok(bytes)
	}

	/// Decodes the operation at the start of `bytes`; returns it and the bytes it used.
	/// `offset` only labels errors.
	pub fn decode_at(bytes: &[u8], offset: usize) -> Result<(Op, usize), PubdataError> {
		let code = *bytes.first().ok_or(PubdataError::Truncated { offset })?;
		let chunks = Self::chunks_of(code).ok_or(PubdataError::UnknownOpCode { offset, code })?;
		let len = chunks * CHUNK_BYTES;
		if bytes.len() < len {
			return Err(PubdataError::Truncated { offset });
		}
		let mut r = Reader { bytes: &bytes[1..len], offset };
		let op = match code {
			op_code::NOOP => Op::Noop,
			op_code::DEPOSIT => Op::Deposit {
				chain: r.chain()?,
				account: r.account(),
				token: r.token(),
				amount: r.u128(),
				to: r.address(),
			},
			op_code::TRANSFER_TO_NEW => Op::TransferToNew {
				from: r.account(),
				to: r.account(),
				token: r.token(),
				amount: amount::unpack_amount(&r.array())?,
				fee: amount::unpack_fee(&r.array())?,
				to_address: r.address(),
			},
			op_code::WITHDRAW => Op::Withdraw {
				account: r.account(),
				chain: r.chain()?,
				token: r.token(),
				amount: r.u128(),
				to: r.address(),
				fee_token: r.token(),
				fee: amount::unpack_fee(&r.array())?,
			},
			op_code::TRANSFER => Op::Transfer {
				from: r.account(),
				to: r.account(),
				token: r.token(),
				amount: amount::unpack_amount(&r.array())?,
				fee: amount::unpack_fee(&r.array())?,
			},
			op_code::FULL_EXIT => Op::FullExit {
				chain: r.chain()?,
				account: r.account(),
				owner: r.address(),
				token: r.token(),
				amount: r.u128(),
			},
			op_code::CHANGE_PUBKEY => Op::ChangePubKey {
				chain: r.chain()?,
				account: r.account(),
				pubkey_hash: PubKeyHash(r.array()),
				address: r.address(),
				nonce: u32::from_be_bytes(r.array()),
				fee_token: r.token(),
				fee: amount::unpack_fee(&r.array())?,
			},
			op_code::FORCED_EXIT => Op::ForcedExit {
				chain: r.chain()?,
				initiator: r.account(),
				target: r.account(),
				token: r.token(),
				amount: r.u128(),
				fee_token: r.token(),
				fee: amount::unpack_fee(&r.array())?,
				target_address: r.address(),
			},
			_ => unreachable!("chunks_of accepted the op code"),
		};
		if r.bytes.iter().any(|b| *b != 0) {
			return Err(PubdataError::NonZeroPadding { offset });
		}
		Ok((op, len))
	}
}

/// Decodes a whole pubdata blob into its operations (Noop padding included).
pub fn decode_pubdata(bytes: &[u8]) -> Result<Vec<Op>, PubdataError> {
	if !bytes.len().is_multiple_of(CHUNK_BYTES) {
		return Err(PubdataError::NotChunkAligned);
	}
	let mut ops = Vec::new();
	let mut offset = 0;
	while offset < bytes.len() {
		let (op, used) = Op::decode_at(&bytes[offset..], offset)?;
		ops.push(op);
		offset += used;
	}
	Ok(ops)
}

/// Reads fixed-width big-endian fields; the caller checked the length up front.
struct Reader<'a> {
	bytes: &'a [u8],
	offset: usize,
}

impl Reader<'_> {
	fn array<const N: usize>(&mut self) -> [u8; N] {
		let (head, tail) = self.bytes.split_at(N);
		self.bytes = tail;
		head.try_into().expect("split_at returned N bytes")
	}
	fn account(&mut self) -> AccountId {
		let b: [u8; 3] = self.array();
		AccountId(u32::from_be_bytes([0, b[0], b[1], b[2]]))
	}
	fn token(&mut self) -> TokenId {
		TokenId(u16::from_be_bytes(self.array()))
	}
	fn chain(&mut self) -> Result<ChainId, PubdataError> {
		let [c] = self.array();
		ChainId::new(c).ok_or(PubdataError::InvalidChain { offset: self.offset })
	}
	fn u128(&mut self) -> u128 {
		u128::from_be_bytes(self.array())
	}
	fn address(&mut self) -> L1Address {
		L1Address(self.array())
	}
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::params::MAX_CHAINS;
	use proptest::prelude::*;

	fn address() -> impl Strategy<Value = L1Address> {
		any::<[u8; 20]>().prop_map(L1Address)
	}
	fn account() -> impl Strategy<Value = AccountId> {
		(0u32..(1 << 24)).prop_map(AccountId)
	}
	fn chain() -> impl Strategy<Value = ChainId> {
		(1..=MAX_CHAINS).prop_map(ChainId)
	}
	fn token() -> impl Strategy<Value = TokenId> {
		any::<u16>().prop_map(TokenId)
	}
	fn packable_amount() -> impl Strategy<Value = u128> {
		(0u128..(1 << 35), 0u32..=27).prop_map(|(m, e)| m * 10u128.pow(e))
	}
	fn packable_fee() -> impl Strategy<Value = u128> {
		(0u128..(1 << 11), 0u32..=30).prop_map(|(m, e)| m * 10u128.pow(e))
	}

	/// Any operation with encodable fields.
	pub(crate) fn any_op() -> impl Strategy<Value = Op> {
		prop_oneof![
			Just(Op::Noop),
			(chain(), account(), token(), any::<u128>(), address()).prop_map(
				|(chain, account, token, amount, to)| Op::Deposit {
					chain,
					account,
					token,
					amount,
					to
				}
			),
			(account(), account(), address(), token(), packable_amount(), packable_fee()).prop_map(
				|(from, to, to_address, token, amount, fee)| Op::TransferToNew {
					from,
					to,
					to_address,
					token,
					amount,
					fee
				}
			),
			(account(), chain(), address(), token(), any::<u128>(), token(), packable_fee())
				.prop_map(|(account, chain, to, token, amount, fee_token, fee)| Op::Withdraw {
					account,
					chain,
					to,
					token,
					amount,
					fee_token,
					fee
				}),
			(account(), account(), token(), packable_amount(), packable_fee()).prop_map(
				|(from, to, token, amount, fee)| Op::Transfer { from, to, token, amount, fee }
			),
			(chain(), account(), address(), token(), any::<u128>()).prop_map(
				|(chain, account, owner, token, amount)| Op::FullExit {
					chain,
					account,
					owner,
					token,
					amount
				}
			),
			(
				chain(),
				account(),
				any::<[u8; 20]>(),
				address(),
				any::<u32>(),
				token(),
				packable_fee()
			)
				.prop_map(|(chain, account, pkh, address, nonce, fee_token, fee)| {
					Op::ChangePubKey {
						chain,
						account,
						pubkey_hash: PubKeyHash(pkh),
						address,
						nonce,
						fee_token,
						fee,
					}
				}),
			(
				chain(),
				account(),
				account(),
				address(),
				token(),
				any::<u128>(),
				token(),
				packable_fee()
			)
				.prop_map(
					|(chain, initiator, target, target_address, token, amount, fee_token, fee)| {
						Op::ForcedExit {
							chain,
							initiator,
							target,
							target_address,
							token,
							amount,
							fee_token,
							fee,
						}
					}
				),
		]
	}

	#[test]
	fn transfer_is_one_chunk() {
		let op = Op::Transfer {
			from: AccountId(5),
			to: AccountId(6),
			token: TokenId(1),
			amount: 1_000_000_000_000_000_000,
			fee: 1000,
		};
		let bytes = op.pubdata().expect("encodable");
		assert_eq!(bytes.len(), CHUNK_BYTES);
		assert_eq!(&bytes[..7], &[op_code::TRANSFER, 0, 0, 5, 0, 0, 6]);
	}

	#[test]
	fn every_layout_fits_its_chunks() {
		// The longest field sequence of each op, in bytes, before padding.
		let used = [
			(op_code::NOOP, 1),
			(op_code::DEPOSIT, 1 + 1 + 3 + 2 + 16 + 20),
			(op_code::TRANSFER_TO_NEW, 1 + 3 + 3 + 2 + 5 + 2 + 20),
			(op_code::WITHDRAW, 1 + 3 + 1 + 2 + 16 + 20 + 2 + 2),
			(op_code::TRANSFER, 1 + 3 + 3 + 2 + 5 + 2),
			(op_code::FULL_EXIT, 1 + 1 + 3 + 20 + 2 + 16),
			(op_code::CHANGE_PUBKEY, 1 + 1 + 3 + 20 + 20 + 4 + 2 + 2),
			(op_code::FORCED_EXIT, 1 + 1 + 3 + 3 + 2 + 16 + 2 + 2 + 20),
		];
		for (code, bytes) in used {
			let chunks = Op::chunks_of(code).expect("known op");
			assert!(bytes <= chunks * CHUNK_BYTES, "op {code}: {bytes} bytes");
			assert!(bytes > (chunks - 1) * CHUNK_BYTES, "op {code} wastes a chunk");
		}
	}

	#[test]
	fn decode_rejects_malformed() {
		assert_eq!(decode_pubdata(&[0; 10]), Err(PubdataError::NotChunkAligned));
		let mut bytes = [0u8; CHUNK_BYTES];
		bytes[0] = 0xee;
		assert_eq!(
			decode_pubdata(&bytes),
			Err(PubdataError::UnknownOpCode { offset: 0, code: 0xee })
		);
		bytes[0] = op_code::DEPOSIT;
		assert_eq!(decode_pubdata(&bytes), Err(PubdataError::Truncated { offset: 0 }));
		bytes[0] = op_code::NOOP;
		bytes[CHUNK_BYTES - 1] = 1;
		assert_eq!(decode_pubdata(&bytes), Err(PubdataError::NonZeroPadding { offset: 0 }));
		let mut deposit = [0u8; 3 * CHUNK_BYTES];
		deposit[0] = op_code::DEPOSIT;
		deposit[1] = MAX_CHAINS + 1;
		assert_eq!(decode_pubdata(&deposit), Err(PubdataError::InvalidChain { offset: 0 }));
	}

	#[test]
	fn pubdata_rejects_unpackable_amount() {
		let op = Op::Transfer {
			from: AccountId(5),
			to: AccountId(6),
			token: TokenId(1),
			amount: (1 << 35) + 1,
			fee: 0,
		};
		assert_eq!(op.pubdata(), Err(PubdataError::Pack(PackError::NotPackable)));
	}

	proptest! {
		#[test]
		fn pubdata_round_trips(ops in proptest::collection::vec(any_op(), 0..12)) {
			let mut bytes = Vec::new();
			for op in &ops {
				let encoded = op.pubdata().expect("strategy yields encodable ops");
				prop_assert_eq!(encoded.len(), op.chunks() * CHUNK_BYTES);
				bytes.extend(encoded);
			}
			prop_assert_eq!(decode_pubdata(&bytes).expect("well-formed"), ops);
		}

		#[test]
		fn scale_round_trips(op in any_op()) {
			let encoded = op.encode();
			prop_assert_eq!(Op::decode(&mut &encoded[..]).expect("SCALE round trip"), op);
		}
	}
}
