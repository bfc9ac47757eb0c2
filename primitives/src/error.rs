//! Why the executor refused a transaction. Every refusal leaves the state untouched.

use crate::{
	account::{AccountId, Nonce},
	amount::PackError,
	chain::ChainId,
	eth::{EthSignatureError, L1Address},
	signature::SignatureError,
	token::{RegistryError, TokenId},
};

/// A transaction the executor refused, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
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
		needed: usize,
		/// Chunks left.
		left: usize,
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
