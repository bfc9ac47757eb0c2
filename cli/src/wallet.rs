//! An L2 wallet: an L1 key and the L2 key derived from it; builds signed L2 transactions.

use k256::ecdsa::SigningKey;
use polylink_primitives::{
	account::{AccountId, Nonce},
	chain::{ChainId, ChainInfo},
	eth::{address_of, change_pubkey_digest, personal_message_hash, sign_prehash, L1Address},
	signature::{PrivateKey, PubKeyHash, TxSignature, L2_KEY_MESSAGE},
	token::TokenId,
	tx::{ChangePubKey, ChangePubKeyAuth, L2Tx, Transfer, Withdraw},
};

/// Why a wallet cannot be made.
#[derive(Debug, PartialEq, Eq)]
pub enum WalletError {
	/// The L1 key is not 32 bytes of hex.
	NotHex(String),
	/// The 32 bytes are not a secp256k1 secret key (zero or not below the group order).
	InvalidKey,
	/// The L2 key derivation gave zero (needs a SHA-256 preimage; never happens).
	ZeroL2Key,
}

impl core::fmt::Display for WalletError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			WalletError::NotHex(e) => {
				write!(f, "the L1 key must be 32 bytes of hex (0x optional): {e}")
			}
			WalletError::InvalidKey => write!(f, "the L1 key is not a valid secp256k1 secret key"),
			WalletError::ZeroL2Key => write!(f, "the derived L2 key is zero"),
		}
	}
}

impl std::error::Error for WalletError {}

/// A placeholder the signing encoding skips: transactions are signed over everything else.
const UNSIGNED: TxSignature = TxSignature { pub_key: [0; 32], signature: [0; 64] };

/// An L1 key and the L2 key derived from it.
pub struct Wallet {
	l1: SigningKey,
	l2: PrivateKey,
}

impl Wallet {
	/// The wallet of L1 secret key `l1` (32 bytes).
	pub fn new(l1: SigningKey) -> Result<Self, WalletError> {
		let signature = sign_prehash(&l1, &personal_message_hash(L2_KEY_MESSAGE.as_bytes()));
		let l2 = PrivateKey::from_l1_signature(&signature).map_err(|_| WalletError::ZeroL2Key)?;
		Ok(Self { l1, l2 })
	}

	/// The wallet of a hex L1 secret key (`0x` optional).
	pub fn from_hex(key: &str) -> Result<Self, WalletError> {
		let bytes = hex::decode(key.trim().trim_start_matches("0x"))
			.map_err(|e| WalletError::NotHex(e.to_string()))?;
		if bytes.len() != 32 {
			return Err(WalletError::NotHex(format!("{} bytes", bytes.len())));
		}
		Self::new(SigningKey::from_slice(&bytes).map_err(|_| WalletError::InvalidKey)?)
	}

	/// The L1 address (the L2 account's owner).
	pub fn address(&self) -> L1Address {
		address_of(self.l1.verifying_key())
	}

	/// The hash of the L2 public key, which a key change binds to the account.
	pub fn pubkey_hash(&self) -> PubKeyHash {
		self.l2.public_key().hash()
	}

	/// The derived L2 signing key.
	pub fn l2_key(&self) -> PrivateKey {
		self.l2.clone()
	}

	/// Signs `tx` (whatever its signature holds) with the L2 key.
	pub fn sign(&self, mut tx: L2Tx) -> L2Tx {
		*tx.signature_mut() = TxSignature::sign(&self.l2, tx.message());
		tx
	}

	/// A key change binding this wallet's L2 key to `account` at `nonce`, authorised by the L1
	/// key's EIP-712 signature for `chain` (index `chain_id`; its contract checks the witness).
	#[allow(clippy::too_many_arguments)]
	pub fn change_pubkey(
		&self,
		account: AccountId,
		chain_id: ChainId,
		chain: &ChainInfo,
		fee_token: TokenId,
		fee: u128,
		nonce: Nonce,
	) -> L2Tx {
		let new_pubkey_hash = self.pubkey_hash();
		let digest = change_pubkey_digest(chain, &new_pubkey_hash.0, nonce, account.0, chain_id.0);
		self.sign(L2Tx::ChangePubKey(ChangePubKey {
			account,
			chain: chain_id,
			new_pubkey_hash,
			fee_token,
			fee,
			nonce,
			auth: ChangePubKeyAuth::EthSignature(sign_prehash(&self.l1, &digest)),
			signature: UNSIGNED,
		}))
	}

	/// A transfer of `amount` of `token` from `from` to L1 address `to`'s L2 account.
	#[allow(clippy::too_many_arguments)]
	pub fn transfer(
		&self,
		from: AccountId,
		to: L1Address,
		token: TokenId,
		amount: u128,
		fee_token: TokenId,
		fee: u128,
		nonce: Nonce,
	) -> L2Tx {
		self.sign(L2Tx::Transfer(Transfer {
			from,
			to,
			token,
			amount,
			fee_token,
			fee,
			nonce,
			signature: UNSIGNED,
		}))
	}

	/// A withdrawal of `amount` of `token` from `account` to `to` on `chain`.
	#[allow(clippy::too_many_arguments)]
	pub fn withdraw(
		&self,
		account: AccountId,
		chain: ChainId,
		to: L1Address,
		token: TokenId,
		amount: u128,
		fee_token: TokenId,
		fee: u128,
		nonce: Nonce,
	) -> L2Tx {
		self.sign(L2Tx::Withdraw(Withdraw {
			account,
			chain,
			to,
			token,
			amount,
			fee_token,
			fee,
			nonce,
			signature: UNSIGNED,
		}))
	}
}
