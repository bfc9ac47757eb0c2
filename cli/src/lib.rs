//! # Polylink CLI
//!
//! The user side of Polylink's L2: a [`Wallet`] holds an L1 secp256k1 key and the L2 signing key
//! derived from it (the key `PrivateKey::from_l1_signature` gets from the wallet's EIP-191
//! signature of `L2_KEY_MESSAGE`, as a browser wallet would make it), and builds signed L2
//! transactions: the key change that binds the L2 key to an account (authorised by an EIP-712
//! signature of the L1 key), transfers and withdrawals. The `polylink` binary prints them
//! SCALE-encoded and submits them to a node's `polylink_submitTx` ([`Node`]), printing a
//! refusal in the node's words.
#![deny(missing_docs)]

pub mod deposit;
pub mod exodus;
pub mod l1;
pub mod l2;
pub mod node;
pub mod recover;
pub mod wallet;

pub use deposit::{Deposit, TokenOnChain};
pub use l1::{L1Error, L1};
pub use node::{Node, NodeError};
pub use wallet::{Wallet, WalletError};

/// An HTTP endpoint's URL and the one-thread async runtime its alloy client runs on (the CLI
/// makes one request at a time); the error in words.
pub(crate) fn endpoint(url: &str) -> Result<(url::Url, tokio::runtime::Runtime), String> {
	let parsed = url::Url::parse(url).map_err(|e| format!("not a URL: {e}"))?;
	let runtime = tokio::runtime::Builder::new_current_thread()
		.enable_all()
		.build()
		.map_err(|e| format!("no async runtime: {e}"))?;
	Ok((parsed, runtime))
}
