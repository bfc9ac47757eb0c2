//! L1 (Ethereum, secp256k1) helpers: addresses, Keccak-256, EIP-191 personal messages, ECDSA
//! public-key recovery and the EIP-712 digest that authorises a `ChangePubKey`.
//!
//! # Conventions
//!
//! - An L1 address is the last 20 bytes of `keccak256(X ‖ Y)`, where `X ‖ Y` is the 64-byte
//!   uncompressed secp256k1 public key without its `0x04` prefix.
//! - A signature is 65 bytes `r ‖ s ‖ v`: `r` and `s` big-endian, `v ∈ {0, 1, 27, 28}` (the
//!   parity of `R.y`; Ethereum's `ecrecover` never uses the "x reduced" recovery ids 2 and 3, and
//!   neither do we). `s` must be in the lower half of the group order (EIP-2), so every
//!   signature has exactly one accepted encoding.
//! - A personal message (EIP-191 version `0x45`) is hashed as
//!   `keccak256("\x19Ethereum Signed Message:\n" ‖ decimal(len(msg)) ‖ msg)`.
//! - The `ChangePubKey` authorisation is the EIP-712 digest
//!   `keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(ChangePubKey))` with the domain
//!   `EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)` =
//!   `("Polylink", "1", evm_chain_id, rollup contract)` of the chain the authorisation is for,
//!   and the struct `ChangePubKey(bytes20 pubKeyHash,uint32 nonce,uint32 accountId,uint8
//!   chainIndex)`. The L1 contracts compute the same digest; an authorisation made for one
//!   deployment or chain does not verify on another.

use crate::chain::ChainInfo;
use core::fmt;
use k256::ecdsa::{RecoveryId, Signature, VerifyingKey};
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sha3::{Digest, Keccak256};

/// An L1 (Ethereum) account address: 20 bytes, displayed as lowercase `0x…` hex.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Default,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct L1Address(pub [u8; 20]);

impl fmt::Display for L1Address {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write_hex(f, &self.0)
	}
}

impl fmt::Debug for L1Address {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write_hex(f, &self.0)
	}
}

/// Writes `bytes` as `0x`-prefixed lowercase hex.
pub(crate) fn write_hex(f: &mut fmt::Formatter<'_>, bytes: &[u8]) -> fmt::Result {
	f.write_str("0x")?;
	for byte in bytes {
		write!(f, "{byte:02x}")?;
	}
	Ok(())
}

/// Why an L1 signature was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum EthSignatureError {
	/// `v` is not one of 0, 1, 27, 28.
	InvalidRecoveryId,
	/// `r` or `s` is zero or not below the group order.
	MalformedSignature,
	/// `s` is in the upper half of the group order (a malleated signature, EIP-2).
	HighS,
	/// No public key is recoverable from the signature for this message.
	RecoveryFailed,
}

impl fmt::Display for EthSignatureError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::InvalidRecoveryId => "invalid recovery id (v)",
			Self::MalformedSignature => "malformed signature (r or s out of range)",
			Self::HighS => "non-canonical signature (high s)",
			Self::RecoveryFailed => "public key recovery failed",
		})
	}
}

/// Keccak-256 (the original Keccak padding, as used by Ethereum; not SHA3-256).
pub fn keccak256(data: &[u8]) -> [u8; 32] {
	Keccak256::digest(data).into()
}

/// The EIP-191 personal-message hash that `personal_sign` / `eth_sign` wallets sign:
/// `keccak256("\x19Ethereum Signed Message:\n" ‖ decimal(len(msg)) ‖ msg)`.
pub fn personal_message_hash(msg: &[u8]) -> [u8; 32] {
	let mut digits = [0u8; 20];
	let mut at = digits.len();
	let mut len = msg.len();
	loop {
		at -= 1;
		digits[at] = b'0' + (len % 10) as u8;
		len /= 10;
		if len == 0 {
			break;
		}
	}
	let mut hasher = Keccak256::new();
	hasher.update(b"\x19Ethereum Signed Message:\n");
	hasher.update(&digits[at..]);
	hasher.update(msg);
	hasher.finalize().into()
}

/// The address of a secp256k1 public key: the last 20 bytes of the Keccak-256 of its
/// uncompressed encoding without the `0x04` prefix.
pub fn address_of(key: &VerifyingKey) -> L1Address {
	let point = key.to_encoded_point(false);
	let hash = keccak256(&point.as_bytes()[1..]);
	let mut address = [0u8; 20];
	address.copy_from_slice(&hash[12..]);
	L1Address(address)
}

/// Recovers the address that produced `sig = r ‖ s ‖ v` over the 32-byte `prehash`.
///
/// Accepts `v ∈ {0, 1, 27, 28}` and rejects high-`s` signatures, so a signature has one encoding.
pub fn recover_address(prehash: &[u8; 32], sig: &[u8; 65]) -> Result<L1Address, EthSignatureError> {
	let recovery_id = match sig[64] {
		0 | 27 => RecoveryId::new(false, false),
		1 | 28 => RecoveryId::new(true, false),
		_ => return Err(EthSignatureError::InvalidRecoveryId),
	};
	let signature =
		Signature::from_slice(&sig[..64]).map_err(|_| EthSignatureError::MalformedSignature)?;
	if signature.normalize_s().is_some() {
		return Err(EthSignatureError::HighS);
	}
	let key = VerifyingKey::recover_from_prehash(prehash, &signature, recovery_id)
		.map_err(|_| EthSignatureError::RecoveryFailed)?;
	Ok(address_of(&key))
}

/// Signs a 32-byte prehash (RFC 6979 deterministic nonce, low `s`) and returns `r ‖ s ‖ v` with
/// `v ∈ {27, 28}`, the encoding wallets produce. For tests, benchmarks (also in the runtime, so
/// it needs no `std`) and the CLI.
pub fn sign_prehash(key: &k256::ecdsa::SigningKey, prehash: &[u8; 32]) -> [u8; 65] {
	let (signature, recovery_id) =
		key.sign_prehash_recoverable(prehash).expect("a 32-byte prehash is always signable");
	let (signature, recovery_id) = match signature.normalize_s() {
		Some(low) => (low, RecoveryId::new(!recovery_id.is_y_odd(), recovery_id.is_x_reduced())),
		None => (signature, recovery_id),
	};
	let mut out = [0u8; 65];
	out[..64].copy_from_slice(&signature.to_bytes());
	out[64] = 27 + (recovery_id.to_byte() & 1);
	out
}

/// EIP-712 domain name.
pub const EIP712_DOMAIN_NAME: &str = "Polylink";
/// EIP-712 domain version.
pub const EIP712_DOMAIN_VERSION: &str = "1";
/// The EIP-712 domain type string.
pub const EIP712_DOMAIN_TYPE: &str =
	"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
/// The EIP-712 type string of the `ChangePubKey` authorisation.
pub const CHANGE_PUBKEY_TYPE: &str =
	"ChangePubKey(bytes20 pubKeyHash,uint32 nonce,uint32 accountId,uint8 chainIndex)";

/// A 32-byte ABI word holding `value` big-endian (left-padded), as `abi.encode` writes
/// unsigned integers.
pub fn abi_word_u64(value: u64) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[24..].copy_from_slice(&value.to_be_bytes());
	word
}

/// A 32-byte ABI word holding an address (left-padded), as `abi.encode` writes `address`.
pub fn abi_word_address(address: &L1Address) -> [u8; 32] {
	let mut word = [0u8; 32];
	word[12..].copy_from_slice(&address.0);
	word
}

/// The EIP-712 domain separator of the rollup contract on one chain:
/// `keccak256(typeHash(EIP712Domain) ‖ keccak256("Polylink") ‖ keccak256("1") ‖
/// chainId ‖ verifyingContract)`.
pub fn domain_separator(chain: &ChainInfo) -> [u8; 32] {
	let mut encoded = [0u8; 160];
	encoded[..32].copy_from_slice(&keccak256(EIP712_DOMAIN_TYPE.as_bytes()));
	encoded[32..64].copy_from_slice(&keccak256(EIP712_DOMAIN_NAME.as_bytes()));
	encoded[64..96].copy_from_slice(&keccak256(EIP712_DOMAIN_VERSION.as_bytes()));
	encoded[96..128].copy_from_slice(&abi_word_u64(chain.evm_chain_id));
	encoded[128..].copy_from_slice(&abi_word_address(&chain.contract));
	keccak256(&encoded)
}

/// The EIP-712 digest an L1 key signs to set the L2 public-key hash of `account_id` on
/// `chain_index` at `nonce`: `keccak256(0x1901 ‖ domainSeparator(chain) ‖
/// hashStruct(ChangePubKey))`, where `chain` is the deployment's record of that chain (its EVM
/// chain id and rollup contract).
///
/// `encodeData` puts every member in one 32-byte word: `bytes20` is right-padded with zeros,
/// `uint32` and `uint8` are big-endian and left-padded.
pub fn change_pubkey_digest(
	chain: &ChainInfo,
	pubkey_hash: &[u8; 20],
	nonce: u32,
	account_id: u32,
	chain_index: u8,
) -> [u8; 32] {
	let mut encoded = [0u8; 160];
	encoded[..32].copy_from_slice(&keccak256(CHANGE_PUBKEY_TYPE.as_bytes()));
	encoded[32..52].copy_from_slice(pubkey_hash);
	encoded[64..96].copy_from_slice(&abi_word_u64(nonce.into()));
	encoded[96..128].copy_from_slice(&abi_word_u64(account_id.into()));
	encoded[128..].copy_from_slice(&abi_word_u64(chain_index.into()));
	let struct_hash = keccak256(&encoded);

	let mut message = [0u8; 66];
	message[..2].copy_from_slice(&[0x19, 0x01]);
	message[2..34].copy_from_slice(&domain_separator(chain));
	message[34..].copy_from_slice(&struct_hash);
	keccak256(&message)
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloc::{format, vec::Vec};
	use hex_literal::hex;
	use k256::ecdsa::SigningKey;

	/// The secp256k1 group order n, big-endian.
	const ORDER: [u8; 32] =
		hex!("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141");

	fn key(byte: u8) -> SigningKey {
		let mut bytes = [0u8; 32];
		bytes[31] = byte;
		SigningKey::from_slice(&bytes).expect("a small nonzero scalar is a valid key")
	}

	/// `n - s` for a big-endian `s < n`.
	fn negate_mod_order(s: &[u8]) -> [u8; 32] {
		let mut out = [0u8; 32];
		let mut borrow = 0i16;
		for i in (0..32).rev() {
			let mut d = ORDER[i] as i16 - s[i] as i16 - borrow;
			borrow = 0;
			if d < 0 {
				d += 256;
				borrow = 1;
			}
			out[i] = d as u8;
		}
		out
	}

	#[test]
	fn keccak256_works() {
		assert_eq!(
			keccak256(b""),
			hex!("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")
		);
	}

	#[test]
	fn personal_message_hash_works() {
		assert_eq!(
			personal_message_hash(b"hello"),
			hex!("50b2c43fd39106bafbba0da34fc430e1f91e3c96ea2acee2bc34119f92b37750")
		);
		// Multi-digit and zero lengths use the plain decimal length.
		let long = [b'a'; 123];
		let mut prefixed = Vec::from(&b"\x19Ethereum Signed Message:\n123"[..]);
		prefixed.extend_from_slice(&long);
		assert_eq!(personal_message_hash(&long), keccak256(&prefixed));
		assert_eq!(personal_message_hash(b""), keccak256(b"\x19Ethereum Signed Message:\n0"));
	}

	#[test]
	fn address_of_works() {
		let address = address_of(key(1).verifying_key());
		assert_eq!(address, L1Address(hex!("7e5f4552091a69125d5dfcb7b8c2659029395bdf")));
		assert_eq!(format!("{address}"), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
		assert_eq!(format!("{address:?}"), "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf");
	}

	#[test]
	fn l1_address_codec_works() {
		let address = L1Address([0xab; 20]);
		let encoded = address.encode();
		assert_eq!(encoded.len(), L1Address::max_encoded_len());
		assert_eq!(L1Address::decode(&mut &encoded[..]), Ok(address));
	}

	#[test]
	fn sign_recover_round_trip_works() {
		for byte in 1..=8 {
			let signer = key(byte);
			let expected = address_of(signer.verifying_key());
			for msg in [&b"hello"[..], b"", b"Polylink"] {
				let prehash = personal_message_hash(msg);
				let sig = sign_prehash(&signer, &prehash);
				assert!(sig[64] == 27 || sig[64] == 28);
				assert_eq!(recover_address(&prehash, &sig), Ok(expected));
				// v as a bare parity bit is accepted too.
				let mut bare = sig;
				bare[64] -= 27;
				assert_eq!(recover_address(&prehash, &bare), Ok(expected));
			}
		}
	}

	#[test]
	fn recover_address_rejects_other_message() {
		let signer = key(1);
		let sig = sign_prehash(&signer, &personal_message_hash(b"hello"));
		let recovered = recover_address(&personal_message_hash(b"hellp"), &sig);
		assert_ne!(recovered, Ok(address_of(signer.verifying_key())));
	}

	#[test]
	fn recover_address_rejects_high_s() {
		let prehash = personal_message_hash(b"hello");
		let sig = sign_prehash(&key(1), &prehash);
		let mut high = sig;
		high[32..64].copy_from_slice(&negate_mod_order(&sig[32..64]));
		// Flip the parity too: (r, n - s, !v) is the malleated signature of the same key.
		high[64] = if sig[64] == 27 { 28 } else { 27 };
		assert_eq!(recover_address(&prehash, &high), Err(EthSignatureError::HighS));
	}

	#[test]
	fn recover_address_rejects_wrong_v() {
		let prehash = personal_message_hash(b"hello");
		let sig = sign_prehash(&key(1), &prehash);
		for v in [2u8, 3, 26, 29, 35, 36, 255] {
			let mut bad = sig;
			bad[64] = v;
			assert_eq!(recover_address(&prehash, &bad), Err(EthSignatureError::InvalidRecoveryId));
		}
		// The other parity recovers some other key (or none), never the signer.
		let mut flipped = sig;
		flipped[64] = if sig[64] == 27 { 28 } else { 27 };
		assert_ne!(recover_address(&prehash, &flipped), Ok(address_of(key(1).verifying_key())));
	}

	#[test]
	fn recover_address_rejects_out_of_range_scalars() {
		let prehash = personal_message_hash(b"hello");
		let sig = sign_prehash(&key(1), &prehash);
		let mut zero_r = sig;
		zero_r[..32].fill(0);
		assert_eq!(recover_address(&prehash, &zero_r), Err(EthSignatureError::MalformedSignature));
		let mut big_s = sig;
		big_s[32..64].copy_from_slice(&ORDER);
		assert_eq!(recover_address(&prehash, &big_s), Err(EthSignatureError::MalformedSignature));
	}

	/// The chain record the digest tests use.
	fn chain_info() -> ChainInfo {
		ChainInfo { evm_chain_id: 31_337, contract: L1Address([0xc0; 20]) }
	}

	#[test]
	fn eip712_type_hashes_work() {
		// The standard four-field domain type hash (the one OpenZeppelin's EIP712 uses).
		assert_eq!(
			keccak256(EIP712_DOMAIN_TYPE.as_bytes()),
			hex!("8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f")
		);
		assert_eq!(
			keccak256(CHANGE_PUBKEY_TYPE.as_bytes()),
			hex!("28a3f27e2b145d4ca8377e77969d6cb869ee5260f4efcb4d940cccb01cbbef3c")
		);
	}

	#[test]
	fn domain_separator_is_the_encoded_domain() {
		let chain = chain_info();
		let mut data = Vec::new();
		data.extend_from_slice(&keccak256(EIP712_DOMAIN_TYPE.as_bytes()));
		data.extend_from_slice(&keccak256(b"Polylink"));
		data.extend_from_slice(&keccak256(b"1"));
		let mut chain_id = [0u8; 32];
		chain_id[24..].copy_from_slice(&31_337u64.to_be_bytes());
		data.extend_from_slice(&chain_id);
		data.extend_from_slice(&[0u8; 12]);
		data.extend_from_slice(&[0xc0; 20]);
		assert_eq!(domain_separator(&chain), keccak256(&data));
		// Both the chain id and the contract are bound.
		let other_id = ChainInfo { evm_chain_id: 1, ..chain.clone() };
		let other_contract = ChainInfo { contract: L1Address([0xc1; 20]), ..chain.clone() };
		assert_ne!(domain_separator(&chain), domain_separator(&other_id));
		assert_ne!(domain_separator(&chain), domain_separator(&other_contract));
	}

	#[test]
	fn change_pubkey_digest_works() {
		// The digest assembled word by word: bytes20 right-padded, uintN left-padded. The
		// Solidity side is pinned to the same bytes by `contracts/test/DigestFixture.t.sol`.
		let chain = chain_info();
		let pubkey_hash: [u8; 20] = core::array::from_fn(|i| i as u8 + 1);
		let word_u = |x: u64| {
			let mut w = [0u8; 32];
			w[24..].copy_from_slice(&x.to_be_bytes());
			w
		};
		let mut bytes20 = [0u8; 32];
		bytes20[..20].copy_from_slice(&pubkey_hash);
		let mut data = Vec::new();
		data.extend_from_slice(&keccak256(CHANGE_PUBKEY_TYPE.as_bytes()));
		data.extend_from_slice(&bytes20);
		data.extend_from_slice(&word_u(7));
		data.extend_from_slice(&word_u(0x12_3456));
		data.extend_from_slice(&word_u(2));
		let mut message = Vec::from(&[0x19u8, 0x01][..]);
		message.extend_from_slice(&domain_separator(&chain));
		message.extend_from_slice(&keccak256(&data));
		assert_eq!(
			change_pubkey_digest(&chain, &pubkey_hash, 7, 0x12_3456, 2),
			keccak256(&message)
		);
	}

	#[test]
	fn change_pubkey_digest_binds_every_field() {
		let chain = chain_info();
		let base = change_pubkey_digest(&chain, &[1; 20], 1, 5, 1);
		assert_ne!(base, change_pubkey_digest(&chain, &[2; 20], 1, 5, 1));
		assert_ne!(base, change_pubkey_digest(&chain, &[1; 20], 2, 5, 1));
		assert_ne!(base, change_pubkey_digest(&chain, &[1; 20], 1, 6, 1));
		assert_ne!(base, change_pubkey_digest(&chain, &[1; 20], 1, 5, 2));
		let other = ChainInfo { evm_chain_id: 10, ..chain };
		assert_ne!(base, change_pubkey_digest(&other, &[1; 20], 1, 5, 1));
	}
}
