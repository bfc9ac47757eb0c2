//! Transactions (DESIGN §4, wave 1).
//!
//! Two kinds enter the executor:
//! - **L2 transactions** signed by the account's L2 key ([`Transfer`], [`Withdraw`],
//!   [`ChangePubKey`], [`ForcedExit`]). Each carries a nonce, a fee and a fee token.
//! - **Priority operations** requested on an L1 and delivered by the oracle quorum in L1 order
//!   ([`Deposit`], [`FullExit`]). They carry the L1 queue's serial id and cannot fail.
//!
//! Every L2 transaction has a canonical signing encoding ([`L2Tx::signing_bytes`]): a type byte,
//! then each field big-endian at fixed width, in declaration order. The L2 signature signs the
//! Poseidon hash of those bytes split into 31-byte field elements ([`L2Tx::message`]).

use crate::{
	account::{AccountId, Nonce},
	chain::ChainId,
	eth::L1Address,
	field::Fr,
	signature::{self, PubKeyHash, TxSignature},
	token::TokenId,
};
use alloc::vec::Vec;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

pub use crate::signature::MESSAGE_ELEMENTS;

/// Type bytes of the signing encodings; equal to the pubdata op codes of the same operations.
pub mod tx_type {
	/// [`super::Withdraw`].
	pub const WITHDRAW: u8 = 3;
	/// [`super::Transfer`].
	pub const TRANSFER: u8 = 4;
	/// [`super::ChangePubKey`].
	pub const CHANGE_PUBKEY: u8 = 6;
	/// [`super::ForcedExit`].
	pub const FORCED_EXIT: u8 = 7;
}

/// Move `amount` of `token` from account `from` to the account owned by L1 address `to`
/// (opened if it does not exist).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Transfer {
	/// Sender account.
	pub from: AccountId,
	/// Recipient's L1 address.
	pub to: L1Address,
	/// Token transferred.
	pub token: TokenId,
	/// Amount in L2 units; must be packable (`amount::pack_amount`).
	pub amount: u128,
	/// Token the fee is paid in.
	pub fee_token: TokenId,
	/// Fee in L2 units of `fee_token`; must be packable (`amount::pack_fee`).
	pub fee: u128,
	/// Sender's nonce.
	pub nonce: Nonce,
	/// Sender's L2 signature over [`L2Tx::message`].
	pub signature: TxSignature,
}

/// Withdraw `amount` of `token` to L1 address `to` on `chain` (paid from that chain's reserve).
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Withdraw {
	/// Account withdrawing.
	pub account: AccountId,
	/// Chain paying out.
	pub chain: ChainId,
	/// Recipient on that chain.
	pub to: L1Address,
	/// Token withdrawn.
	pub token: TokenId,
	/// Amount in L2 units; must be representable in the token's decimals on `chain`.
	pub amount: u128,
	/// Token the fee is paid in.
	pub fee_token: TokenId,
	/// Fee in L2 units of `fee_token`; must be packable.
	pub fee: u128,
	/// Account nonce.
	pub nonce: Nonce,
	/// L2 signature.
	pub signature: TxSignature,
}

/// How the account's L1 owner authorised a new L2 key.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum ChangePubKeyAuth {
	/// An EIP-712 ECDSA signature by the account's L1 address over
	/// `eth::change_pubkey_digest` (also checked by the L1 contract at commit).
	EthSignature([u8; 65]),
	/// Pre-approved by a transaction of the owner on the L1 contract of `chain`.
	Onchain,
}

/// Set the L2 key allowed to sign for an account.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ChangePubKey {
	/// Account whose key changes.
	pub account: AccountId,
	/// Chain whose contract checks the authorisation.
	pub chain: ChainId,
	/// Hash of the new L2 public key.
	pub new_pubkey_hash: PubKeyHash,
	/// Token the fee is paid in.
	pub fee_token: TokenId,
	/// Fee; must be packable.
	pub fee: u128,
	/// Account nonce.
	pub nonce: Nonce,
	/// The L1 owner's authorisation.
	pub auth: ChangePubKeyAuth,
	/// L2 signature by the new key (proves the signer holds it).
	pub signature: TxSignature,
}

/// Withdraw the whole balance of `token` of an account that has no L2 key (so its owner cannot
/// sign) to its owner on `chain`; the initiator pays the fee.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct ForcedExit {
	/// Account paying the fee and signing.
	pub initiator: AccountId,
	/// L1 address of the target account.
	pub target: L1Address,
	/// Chain paying out.
	pub chain: ChainId,
	/// Token withdrawn.
	pub token: TokenId,
	/// Token the fee is paid in.
	pub fee_token: TokenId,
	/// Fee; must be packable.
	pub fee: u128,
	/// Initiator's nonce.
	pub nonce: Nonce,
	/// Initiator's L2 signature.
	pub signature: TxSignature,
}

/// An L1 deposit (priority operation): credit `amount` of `token` to the account of `to`.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Deposit {
	/// Chain the deposit was made on.
	pub chain: ChainId,
	/// Position in that chain's priority queue.
	pub serial_id: u64,
	/// L2 owner (an account is opened for it if needed).
	pub to: L1Address,
	/// Token deposited.
	pub token: TokenId,
	/// Amount in L2 units (the contract scaled it from the chain's decimals).
	pub amount: u128,
}

/// An L1 full-exit request (priority operation): pay the account's whole balance of `token` on
/// `chain`, capped by that chain's reserve.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct FullExit {
	/// Chain the request was made on (and that pays).
	pub chain: ChainId,
	/// Position in that chain's priority queue.
	pub serial_id: u64,
	/// Account to exit.
	pub account: AccountId,
	/// L1 sender of the request; must own the account or the exit pays nothing.
	pub owner: L1Address,
	/// Token to exit.
	pub token: TokenId,
}

/// A transaction signed on L2.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum L2Tx {
	/// See [`Transfer`].
	Transfer(Transfer),
	/// See [`Withdraw`].
	Withdraw(Withdraw),
	/// See [`ChangePubKey`].
	ChangePubKey(ChangePubKey),
	/// See [`ForcedExit`].
	ForcedExit(ForcedExit),
}

/// An operation requested on L1.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum PriorityOp {
	/// See [`Deposit`].
	Deposit(Deposit),
	/// See [`FullExit`].
	FullExit(FullExit),
}

impl PriorityOp {
	/// The chain whose queue the operation came from.
	pub fn chain(&self) -> ChainId {
		match self {
			PriorityOp::Deposit(d) => d.chain,
			PriorityOp::FullExit(e) => e.chain,
		}
	}

	/// The operation's serial id in that queue.
	pub fn serial_id(&self) -> u64 {
		match self {
			PriorityOp::Deposit(d) => d.serial_id,
			PriorityOp::FullExit(e) => e.serial_id,
		}
	}
}

/// Anything the executor applies.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub enum Tx {
	/// A user-signed L2 transaction.
	L2(L2Tx),
	/// An L1 priority operation.
	Priority(PriorityOp),
}

impl From<L2Tx> for Tx {
	fn from(tx: L2Tx) -> Self {
		Tx::L2(tx)
	}
}

impl From<PriorityOp> for Tx {
	fn from(op: PriorityOp) -> Self {
		Tx::Priority(op)
	}
}

/// Fixed-width big-endian field writer for signing encodings and pubdata.
#[derive(Default)]
pub(crate) struct ByteWriter(pub(crate) Vec<u8>);

impl ByteWriter {
	pub(crate) fn u8(mut self, x: u8) -> Self {
		self.0.push(x);
		self
	}
	pub(crate) fn u16(mut self, x: u16) -> Self {
		self.0.extend_from_slice(&x.to_be_bytes());
		self
	}
	pub(crate) fn u32(mut self, x: u32) -> Self {
		self.0.extend_from_slice(&x.to_be_bytes());
		self
	}
	/// The low 24 bits of an account id.
	pub(crate) fn account(mut self, id: AccountId) -> Self {
		self.0.extend_from_slice(&id.0.to_be_bytes()[1..]);
		self
	}
	pub(crate) fn u128(mut self, x: u128) -> Self {
		self.0.extend_from_slice(&x.to_be_bytes());
		self
	}
	pub(crate) fn bytes(mut self, b: &[u8]) -> Self {
		self.0.extend_from_slice(b);
		self
	}
}

impl L2Tx {
	/// The canonical signing encoding (see the module docs).
	pub fn signing_bytes(&self) -> Vec<u8> {
		let w = ByteWriter::default();
		let w = match self {
			L2Tx::Transfer(t) => w
				.u8(tx_type::TRANSFER)
				.u32(t.from.0)
				.bytes(&t.to.0)
				.u16(t.token.0)
				.u128(t.amount)
				.u16(t.fee_token.0)
				.u128(t.fee)
				.u32(t.nonce),
			L2Tx::Withdraw(t) => w
				.u8(tx_type::WITHDRAW)
				.u32(t.account.0)
				.u8(t.chain.0)
				.bytes(&t.to.0)
				.u16(t.token.0)
				.u128(t.amount)
				.u16(t.fee_token.0)
				.u128(t.fee)
				.u32(t.nonce),
			L2Tx::ChangePubKey(t) => w
				.u8(tx_type::CHANGE_PUBKEY)
				.u32(t.account.0)
				.u8(t.chain.0)
				.bytes(&t.new_pubkey_hash.0)
				.u16(t.fee_token.0)
				.u128(t.fee)
				.u32(t.nonce),
			L2Tx::ForcedExit(t) => w
				.u8(tx_type::FORCED_EXIT)
				.u32(t.initiator.0)
				.bytes(&t.target.0)
				.u8(t.chain.0)
				.u16(t.token.0)
				.u16(t.fee_token.0)
				.u128(t.fee)
				.u32(t.nonce),
		};
		w.0
	}

	/// The field element the L2 signature signs ([`signature::message_from_bytes`] of the
	/// signing bytes).
	pub fn message(&self) -> Fr {
		signature::message_from_bytes(&self.signing_bytes())
	}

	/// The account that signs (and pays the fee).
	pub fn signer(&self) -> AccountId {
		match self {
			L2Tx::Transfer(t) => t.from,
			L2Tx::Withdraw(t) => t.account,
			L2Tx::ChangePubKey(t) => t.account,
			L2Tx::ForcedExit(t) => t.initiator,
		}
	}

	/// The nonce the transaction claims.
	pub fn nonce(&self) -> Nonce {
		match self {
			L2Tx::Transfer(t) => t.nonce,
			L2Tx::Withdraw(t) => t.nonce,
			L2Tx::ChangePubKey(t) => t.nonce,
			L2Tx::ForcedExit(t) => t.nonce,
		}
	}

	/// The fee token and fee.
	pub fn fee(&self) -> (TokenId, u128) {
		match self {
			L2Tx::Transfer(t) => (t.fee_token, t.fee),
			L2Tx::Withdraw(t) => (t.fee_token, t.fee),
			L2Tx::ChangePubKey(t) => (t.fee_token, t.fee),
			L2Tx::ForcedExit(t) => (t.fee_token, t.fee),
		}
	}

	/// The signature the transaction carries.
	pub fn signature(&self) -> &TxSignature {
		match self {
			L2Tx::Transfer(t) => &t.signature,
			L2Tx::Withdraw(t) => &t.signature,
			L2Tx::ChangePubKey(t) => &t.signature,
			L2Tx::ForcedExit(t) => &t.signature,
		}
	}

	/// Mutable access to the signature, for wallets that sign after building the transaction.
	pub fn signature_mut(&mut self) -> &mut TxSignature {
		match self {
			L2Tx::Transfer(t) => &mut t.signature,
			L2Tx::Withdraw(t) => &mut t.signature,
			L2Tx::ChangePubKey(t) => &mut t.signature,
			L2Tx::ForcedExit(t) => &mut t.signature,
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn transfer() -> L2Tx {
		L2Tx::Transfer(Transfer {
			from: AccountId(7),
			to: L1Address([0x11; 20]),
			token: TokenId(2),
			amount: 1000,
			fee_token: TokenId(2),
			fee: 3,
			nonce: 9,
			signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
		})
	}

	#[test]
	fn signing_bytes_layout_works() {
		let bytes = transfer().signing_bytes();
		assert_eq!(bytes.len(), 1 + 4 + 20 + 2 + 16 + 2 + 16 + 4);
		assert_eq!(bytes[0], tx_type::TRANSFER);
		assert_eq!(&bytes[1..5], &[0, 0, 0, 7]);
		assert_eq!(&bytes[bytes.len() - 4..], &[0, 0, 0, 9]);
	}

	#[test]
	fn signing_bytes_fit_message_elements() {
		assert!(transfer().signing_bytes().len() <= MESSAGE_ELEMENTS * 31);
	}

	#[test]
	fn signing_bytes_exclude_signature() {
		let mut tx = transfer();
		let before = tx.signing_bytes();
		tx.signature_mut().signature = [1; 64];
		assert_eq!(tx.signing_bytes(), before);
	}

	#[test]
	fn scale_round_trip_works() {
		let tx: Tx = transfer().into();
		let encoded = tx.encode();
		assert_eq!(Tx::decode(&mut &encoded[..]), Ok(tx));
	}
}
