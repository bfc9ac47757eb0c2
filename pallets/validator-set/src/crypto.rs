//! The oracle key: the validators' secp256k1 (ECDSA) session key and its L1 address.
//!
//! The key is an application-specific ECDSA key ([`OracleId`], key type [`ORACLE_KEY_TYPE`],
//! `orcl`), so the runtime's session keys can carry it next to the Aura and GRANDPA keys:
//!
//! ```ignore
//! impl_opaque_keys! {
//!     pub struct SessionKeys {
//!         pub aura: Aura,
//!         pub grandpa: Grandpa,
//!         pub oracle: pallet_polylink_validator_set::OracleId,
//!     }
//! }
//! ```
//!
//! The L1 contracts know an oracle by its Ethereum address ([`oracle_address`]): the last 20
//! bytes of the Keccak-256 of the key's uncompressed point `X ‖ Y`, the address `ecrecover`
//! returns for the oracle's signatures.

use k256::ecdsa::VerifyingKey;
use polkadot_sdk::sp_core::crypto::KeyTypeId;
use polylink_primitives::eth::{address_of, L1Address};

/// The key type of the oracle key in the keystore and in the session keys.
pub const ORACLE_KEY_TYPE: KeyTypeId = KeyTypeId(*b"orcl");

mod app {
	use polkadot_sdk::sp_application_crypto::{app_crypto, ecdsa};

	app_crypto!(ecdsa, super::ORACLE_KEY_TYPE);
}

/// The oracle public key (33-byte compressed secp256k1), as a session key.
pub type OracleId = app::Public;

/// An oracle key pair (for keystores and tests).
#[cfg(feature = "std")]
pub type OraclePair = app::Pair;

/// The oracle signature type of the application crypto (the oracles sign the L1 digests raw
/// with the same key, outside this type: `r ‖ s ‖ v` with low `s`).
pub type OracleSignature = app::Signature;

/// The L1 address of an oracle key: `keccak256(X ‖ Y)[12..]` of its decompressed point.
///
/// `None` when the 33 bytes are not a point of the curve (a key registered without an ownership
/// proof could be anything); such a key has no address and is not an oracle.
pub fn oracle_address(key: &OracleId) -> Option<L1Address> {
	let raw: &[u8] = key.as_ref();
	VerifyingKey::from_sec1_bytes(raw).ok().map(|key| address_of(&key))
}
