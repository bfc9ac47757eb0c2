//! Why the executor refused a transaction. Every refusal leaves the state untouched.
//!
//! [`TxError::describe`] words a refusal for the user who sent the transaction, with its figures
//! in the token's units (what `polylink_submitTx` answers and the CLI prints).

use crate::{
	account::{AccountId, Nonce},
	amount::PackError,
	chain::ChainId,
	eth::{EthSignatureError, L1Address},
	signature::SignatureError,
	token::{Registry, RegistryError, TokenId, TokenName, Units},
};
use alloc::{vec, vec::Vec};
use core::fmt;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

/// A transaction the executor refused, and why.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum TxError {
	/// The L2 signature is malformed or does not verify.
	BadSignature(SignatureError),
	/// The signature verifies, but under a key other than the account's (or the new key's).
	SignerMismatch,
	/// The account has no L2 key yet (it must `ChangePubKey` first).
	NoSigningKey(AccountId),
	/// The L1 (ECDSA) authorisation of a `ChangePubKey` is malformed or not by the owner.
	BadEthSignature(EthSignatureError),
	/// A `ChangePubKey` with on-chain authorisation has no matching pre-approval on that chain.
	NotPreApproved,
	/// The new public-key hash is zero (that value means "no key").
	ZeroPubKeyHash,
	/// The nonce is not the account's next nonce.
	NonceMismatch {
		/// The account's next nonce.
		expected: Nonce,
		/// The nonce in the transaction.
		got: Nonce,
	},
	/// The account's nonce is exhausted.
	NonceOverflow,
	/// The account lacks the balance for amount plus fee.
	InsufficientBalance {
		/// Token short.
		token: TokenId,
		/// Needed (amount and fee in that token).
		needed: u128,
		/// Available.
		available: u128,
	},
	/// The target chain's contract does not hold enough of the token (DESIGN §3).
	InsufficientReserve {
		/// Chain paying out.
		chain: ChainId,
		/// Token.
		token: TokenId,
		/// Needed.
		needed: u128,
		/// The chain's reserve.
		available: u128,
	},
	/// The amount has digits the token's decimals on the target chain cannot hold.
	AmountNotRepresentable {
		/// Target chain.
		chain: ChainId,
		/// The token's decimals there.
		decimals: u8,
	},
	/// The token is not registered.
	UnknownToken(TokenId),
	/// The chain is not live: not registered in this deployment (no contract checks it).
	UnknownChain(u8),
	/// The token is not registered on the target chain.
	TokenNotOnChain {
		/// Token.
		token: TokenId,
		/// Chain.
		chain: ChainId,
	},
	/// No such account.
	UnknownAccount(AccountId),
	/// No account is owned by this L1 address.
	UnknownAddress(L1Address),
	/// A balance or sum would exceed `u128`.
	Overflow,
	/// The fee is below the minimum for this operation.
	FeeTooLow {
		/// The fee token.
		token: TokenId,
		/// Minimum fee.
		min: u128,
		/// Fee offered.
		got: u128,
	},
	/// A transfer's fee must be paid in the transferred token.
	FeeTokenMismatch {
		/// The transferred token.
		token: TokenId,
		/// The fee token offered.
		fee_token: TokenId,
	},
	/// The batch already collects fees in `MAX_FEE_TOKENS_PER_BATCH` other tokens.
	TooManyFeeTokens(TokenId),
	/// Fees are not accepted in this token.
	FeeTokenNotAccepted(TokenId),
	/// The amount cannot be packed into pubdata exactly.
	AmountNotPackable(PackError),
	/// The fee cannot be packed into pubdata exactly.
	FeeNotPackable(PackError),
	/// A transfer to the sender's own account.
	TransferToSelf,
	/// The recipient is the zero address.
	InvalidRecipient,
	/// The forced-exit target has an L2 key (its owner can withdraw).
	TargetHasSigningKey,
	/// The forced-exit target holds none of the token.
	NothingToExit,
	/// Fee and reserve accounts cannot send.
	SystemAccount(AccountId),
	/// Every account id is taken.
	AccountTreeFull,
	/// A priority operation arrived out of its L1 queue order.
	PriorityOutOfOrder {
		/// Chain of the queue.
		chain: ChainId,
		/// The next serial id expected.
		expected: u64,
		/// The serial id delivered.
		got: u64,
	},
	/// Any other registry refusal (only registry changes produce these).
	Registry(RegistryError),
	/// The open batch has no room for this operation.
	BatchFull {
		/// Chunks the operation needs.
		needed: u32,
		/// Chunks left.
		left: u32,
	},
	/// The rollup is halted: governance revoked batch `revoked_from` and every later one, so
	/// the L2 state holds effects no L1 will ever commit (the appchain's refusal, never the
	/// executor's).
	Halted {
		/// The first revoked batch.
		revoked_from: u64,
	},
}

impl From<RegistryError> for TxError {
	fn from(e: RegistryError) -> Self {
		match e {
			RegistryError::UnknownChain(c) => TxError::UnknownChain(c),
			RegistryError::UnknownToken(t) => TxError::UnknownToken(t),
			RegistryError::TokenNotOnChain { token, chain } => {
				TxError::TokenNotOnChain { token, chain }
			}
			RegistryError::AmountNotRepresentable { chain, decimals } => {
				TxError::AmountNotRepresentable { chain, decimals }
			}
			RegistryError::Overflow => TxError::Overflow,
			other => TxError::Registry(other),
		}
	}
}

impl TxError {
	/// One refusal of every kind, in declaration order (for the tests that every layer words,
	/// maps or encodes each one; a test checks that none is missing).
	pub fn one_of_each() -> Vec<TxError> {
		use crate::token::TokenId as T;
		vec![
			TxError::BadSignature(SignatureError::Invalid),
			TxError::SignerMismatch,
			TxError::NoSigningKey(AccountId(3)),
			TxError::BadEthSignature(EthSignatureError::HighS),
			TxError::NotPreApproved,
			TxError::ZeroPubKeyHash,
			TxError::NonceMismatch { expected: 2, got: 1 },
			TxError::NonceOverflow,
			TxError::InsufficientBalance { token: T(1), needed: 2, available: 1 },
			TxError::InsufficientReserve {
				chain: ChainId(1),
				token: T(1),
				needed: 2,
				available: 1,
			},
			TxError::AmountNotRepresentable { chain: ChainId(1), decimals: 6 },
			TxError::UnknownToken(T(7)),
			TxError::UnknownChain(5),
			TxError::TokenNotOnChain { token: T(2), chain: ChainId(1) },
			TxError::UnknownAccount(AccountId(40)),
			TxError::UnknownAddress(L1Address([0x22; 20])),
			TxError::Overflow,
			TxError::FeeTooLow { token: T(1), min: 2, got: 1 },
			TxError::FeeTokenMismatch { token: T(2), fee_token: T(1) },
			TxError::TooManyFeeTokens(T(2)),
			TxError::FeeTokenNotAccepted(T(2)),
			TxError::AmountNotPackable(PackError::NotPackable),
			TxError::FeeNotPackable(PackError::NotPackable),
			TxError::TransferToSelf,
			TxError::InvalidRecipient,
			TxError::TargetHasSigningKey,
			TxError::NothingToExit,
			TxError::SystemAccount(AccountId(0)),
			TxError::AccountTreeFull,
			TxError::PriorityOutOfOrder { chain: ChainId(1), expected: 4, got: 6 },
			TxError::Registry(RegistryError::DecimalsTooLarge(19)),
			TxError::BatchFull { needed: 3, left: 1 },
			TxError::Halted { revoked_from: 7 },
		]
	}

	/// The refusal in words, with its amounts in the token's units (tokens and chains are named
	/// from `registry`): what a user reads.
	pub fn describe<'a>(&'a self, registry: &'a Registry) -> Described<'a> {
		Described { error: self, registry }
	}
}

/// A [`TxError`] worded for a user (see [`TxError::describe`]).
pub struct Described<'a> {
	error: &'a TxError,
	registry: &'a Registry,
}

impl Described<'_> {
	/// An L2 amount of `token` in its units: `1.5 ETH`.
	fn units(&self, token: TokenId, amount: u128) -> Units<'_> {
		self.registry.units(token, amount)
	}

	/// A token by symbol and id: `ETH (token 1)`.
	fn token(&self, token: TokenId) -> TokenName<'_> {
		self.registry.name(token)
	}
}

impl fmt::Display for Described<'_> {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match *self.error {
			TxError::BadSignature(e) => write!(
				f,
				"bad L2 signature ({e}): sign the transaction with the account's L2 key, derived \
				 from its L1 key"
			),
			TxError::SignerMismatch => f.write_str(
				"signed by another key than the account's L2 key: sign with the key of the \
				 account's last ChangePubKey (a ChangePubKey itself is signed by its new key)",
			),
			TxError::NoSigningKey(account) => write!(
				f,
				"account {} has no L2 key yet: send a ChangePubKey (authorised by its L1 key) first",
				account.0
			),
			TxError::BadEthSignature(e) => write!(
				f,
				"bad L1 authorisation of the ChangePubKey ({e}): it must be the account owner's \
				 EIP-712 signature"
			),
			TxError::NotPreApproved => f.write_str(
				"the ChangePubKey's on-chain authorisation was not found: call \
				 setAuthPubkeyHash on the chain's rollup contract and wait for the oracles to \
				 report it",
			),
			TxError::ZeroPubKeyHash => f.write_str("the new L2 public-key hash is zero"),
			TxError::NonceMismatch { expected, got } if got < expected => write!(
				f,
				"nonce {got} is used already (a replay or a resubmission): the account's next \
				 nonce is {expected}"
			),
			TxError::NonceMismatch { expected, got } => {
				write!(f, "nonce {got} is too far ahead: the account's next nonce is {expected}")
			}
			TxError::NonceOverflow => f.write_str("the account's nonce is exhausted"),
			TxError::InsufficientBalance { token, needed, available } => write!(
				f,
				"insufficient balance: the account holds {}, the transaction needs {} (amount \
				 and fee)",
				self.units(token, available),
				self.units(token, needed)
			),
			TxError::InsufficientReserve { chain, token, needed, available } => write!(
				f,
				"chain {} holds only {} in reserve, the withdrawal needs {}: withdraw to \
				 another chain or less",
				chain.0,
				self.units(token, available),
				self.units(token, needed)
			),
			TxError::AmountNotRepresentable { chain, decimals } => write!(
				f,
				"the amount has more digits than the token's {decimals} decimals on chain {}: \
				 round it to {decimals} decimals",
				chain.0
			),
			TxError::UnknownToken(token) => write!(f, "token {} is not registered", token.0),
			TxError::UnknownChain(chain) => {
				write!(f, "chain {chain} is not a chain of this deployment")
			}
			TxError::TokenNotOnChain { token, chain } => write!(
				f,
				"{} is not registered on chain {}: choose a chain where it is",
				self.token(token),
				chain.0
			),
			TxError::UnknownAccount(account) => write!(
				f,
				"account {} does not exist (an account opens with a deposit or a transfer to \
				 its L1 address)",
				account.0
			),
			TxError::UnknownAddress(address) => {
				write!(f, "no L2 account is owned by {address}")
			}
			TxError::Overflow => f.write_str("a balance would overflow"),
			TxError::FeeTooLow { token, min, got } => write!(
				f,
				"fee too low: {} offered, this operation needs at least {}",
				self.units(token, got),
				self.units(token, min)
			),
			TxError::FeeTokenMismatch { token, fee_token } => write!(
				f,
				"a transfer pays its fee in the transferred token: {} is moved, the fee is in {}",
				self.token(token),
				self.token(fee_token)
			),
			TxError::TooManyFeeTokens(token) => write!(
				f,
				"the open batch collects fees in too many tokens already: pay the fee in \
				 another token than {} or wait for the next batch",
				self.token(token)
			),
			TxError::FeeTokenNotAccepted(token) => {
				write!(f, "fees are not accepted in {}", self.token(token))
			}
			TxError::AmountNotPackable(_) => f.write_str(
				"the amount cannot be written in pubdata exactly: at most 11 significant \
				 digits (mantissa × 10^exponent)",
			),
			TxError::FeeNotPackable(_) => f.write_str(
				"the fee cannot be written in pubdata exactly: at most 3 significant digits \
				 (mantissa × 10^exponent)",
			),
			TxError::TransferToSelf => f.write_str("a transfer to the sender's own account"),
			TxError::InvalidRecipient => f.write_str("the recipient is the zero address"),
			TxError::TargetHasSigningKey => f.write_str(
				"the forced-exit target has an L2 key: only an account without one can be \
				 forced out",
			),
			TxError::NothingToExit => f.write_str("the forced-exit target holds none of the token"),
			TxError::SystemAccount(account) => {
				write!(f, "account {} is a system account and cannot send", account.0)
			}
			TxError::AccountTreeFull => f.write_str("every L2 account id is taken"),
			TxError::PriorityOutOfOrder { chain, expected, got } => write!(
				f,
				"priority operation {got} of chain {} is out of order: {expected} is next",
				chain.0
			),
			TxError::Registry(e) => write!(f, "registry change refused: {e:?}"),
			TxError::BatchFull { needed, left } => {
				write!(f, "the operation needs {needed} chunks and the open batch has {left} left")
			}
			TxError::Halted { revoked_from } => write!(
				f,
				"the rollup is halted: governance revoked batch {revoked_from} and every later \
				 one; no transaction is taken until the appchain's state is restored (funds on \
				 L1 stay safe: request a full exit there, or leave through exit mode)"
			),
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{
		chain::ChainInfo,
		token::{ChainToken, Registry},
	};
	use alloc::{collections::BTreeSet, format, string::String};

	const ETH: TokenId = TokenId(1);
	const USDC: TokenId = TokenId(2);
	const E18: u128 = 1_000_000_000_000_000_000;

	fn registry() -> Registry {
		let mut r = Registry::default();
		let info = ChainInfo { evm_chain_id: 31337, contract: L1Address([1; 20]) };
		r.register_chain(ChainId(1), info).unwrap();
		r.register_token(ETH, b"ETH").unwrap();
		r.register_token(USDC, b"USDC").unwrap();
		let native = ChainToken { address: L1Address([0; 20]), decimals: 18 };
		r.add_token_to_chain(ETH, ChainId(1), native).unwrap();
		r
	}

	fn text(e: &TxError) -> String {
		format!("{}", e.describe(&registry()))
	}

	#[test]
	fn amounts_are_in_the_tokens_units_with_its_symbol() {
		let e =
			TxError::InsufficientBalance { token: ETH, needed: 2 * E18 + 2, available: E18 / 2 };
		assert_eq!(
			text(&e),
			"insufficient balance: the account holds 0.5 ETH, the transaction needs \
			 2.000000000000000002 ETH (amount and fee)"
		);
		let e = TxError::FeeTooLow { token: ETH, min: 3_000_000_000, got: 1 };
		assert_eq!(
			text(&e),
			"fee too low: 0.000000000000000001 ETH offered, this operation needs at least \
			 0.000000003 ETH"
		);
		let e = TxError::InsufficientReserve {
			chain: ChainId(1),
			token: TokenId(9),
			needed: 7 * E18,
			available: 0,
		};
		assert_eq!(
			text(&e),
			"chain 1 holds only 0 (token 9) in reserve, the withdrawal needs 7 (token 9): \
			 withdraw to another chain or less"
		);
		let e = TxError::FeeTokenMismatch { token: USDC, fee_token: ETH };
		assert!(text(&e).contains("USDC (token 2) is moved, the fee is in ETH (token 1)"));
	}

	#[test]
	fn every_refusal_has_its_own_words() {
		let mut every = TxError::one_of_each();
		every.push(TxError::NonceMismatch { expected: 2, got: 99 });
		let texts: BTreeSet<String> = every.iter().map(text).collect();
		assert_eq!(texts.len(), every.len(), "two refusals read the same: {texts:#?}");
		for (e, t) in every.iter().zip(every.iter().map(text)) {
			assert!(t.len() > 15, "{e:?} reads {t:?}");
		}
		let with_figures = [
			(TxError::NoSigningKey(AccountId(3)), "account 3"),
			(TxError::NonceMismatch { expected: 2, got: 1 }, "next nonce is 2"),
			(TxError::UnknownAccount(AccountId(40)), "account 40"),
			(TxError::UnknownAddress(L1Address([0x22; 20])), "0x2222"),
			(TxError::TokenNotOnChain { token: USDC, chain: ChainId(1) }, "USDC (token 2)"),
			(TxError::AmountNotRepresentable { chain: ChainId(1), decimals: 6 }, "6 decimals"),
			(TxError::PriorityOutOfOrder { chain: ChainId(1), expected: 4, got: 6 }, "4 is next"),
		];
		for (e, figure) in with_figures {
			assert!(text(&e).contains(figure), "{e:?} reads {:?}", text(&e));
		}
	}

	#[test]
	fn one_of_each_is_every_kind_in_order() {
		let every = TxError::one_of_each();
		for (index, error) in every.iter().enumerate() {
			assert_eq!(usize::from(error.encode()[0]), index, "{error:?} is out of order");
		}
		// The next variant index does not decode: no kind is missing.
		let next = u8::try_from(every.len()).expect("fewer than 256 kinds");
		assert!(TxError::decode(&mut &[next, 0, 0, 0, 0, 0, 0, 0][..]).is_err());
	}

	#[test]
	fn refusals_round_trip_through_scale() {
		let e = TxError::InsufficientBalance { token: ETH, needed: 2, available: 1 };
		assert_eq!(TxError::decode(&mut &e.encode()[..]), Ok(e));
	}
}
