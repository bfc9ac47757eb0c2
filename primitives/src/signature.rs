//! L2 keys and signatures: Schnorr (EdDSA-style) signatures over the prime-order subgroup of
//! Jubjub, with the challenge computed by the protocol hash over the BLS12-381 scalar field, so
//! that a circuit can verify them cheaply.
//!
//! # Scheme (normative; the circuit implements exactly this)
//!
//! Notation: `𝔾` is the prime-order subgroup of Jubjub (`jubjub::SubgroupPoint`) of order `ℓ`
//! (≈ 2^251.9), `G = SubgroupPoint::generator()`, scalars are `jubjub::Fr` (integers mod `ℓ`).
//! The affine coordinates `(u, v)` of a Jubjub point are elements of [`Fr`], the BLS12-381 scalar
//! field. `H` is the protocol hash, [`Poseidon`]; `‖` is concatenation; `LE`/`BE` are 32-byte
//! little-/big-endian encodings; `wide(x)` for 64 bytes `x` is `jubjub::Fr::from_bytes_wide(x)`,
//! i.e. `x` read as a 512-bit little-endian integer, reduced mod `ℓ`.
//!
//! - **Private key** `sk`: a non-zero scalar. Encoded as `LE(sk)` (canonical, `< ℓ`).
//! - **Public key** `A = sk·G`, encoded in the 32-byte Jubjub compressed form (`v` little-endian
//!   with the sign of `u` in the top bit). Decoding rejects non-canonical encodings (`v ≥ p`, or
//!   `u = 0` with the sign bit set), points off the curve, points outside `𝔾`, and the identity.
//! - **Public-key hash** `pkh(A)`: the last 20 bytes of `BE(H(A.u, A.v))`, i.e. the hash reduced
//!   mod 2^160; as a field element it is that 160-bit big-endian integer. The all-zero hash
//!   ([`PubKeyHash::ZERO`]) means "no key set": such an account cannot sign.
//! - **Message**: a field element `m`. A transaction signs `m = H(bytes_to_elements(bytes))`
//!   ([`crate::field::bytes_to_elements`], 31-byte big-endian chunks), where `bytes` is its
//!   signing encoding, the elements padded with zeros to [`MESSAGE_ELEMENTS`]. The last chunk is read as a
//!   number, so this is injective only among byte strings of one length: each (type-tagged)
//!   transaction kind must have a fixed-length signing encoding.
//! - **Sign** `(sk, m)`:
//!   1. `r = wide(SHA-256("polylink-l2-nonce-0" ‖ LE(sk) ‖ BE(m)) ‖
//!      SHA-256("polylink-l2-nonce-1" ‖ LE(sk) ‖ BE(m)))` (deterministic nonce);
//!   2. `R = r·G`;
//!   3. `c = H(R.u, R.v, A.u, A.v, m)`, an element of [`Fr`];
//!   4. `c' = wide(LE(c) ‖ 0^32)`, i.e. the integer `c < 2^255` reduced mod `ℓ`. Since `A` has
//!      order `ℓ`, `c'·A` equals the circuit's scalar multiplication of `A` by the 255 bits of `c`;
//!   5. `s = r + c'·sk mod ℓ`.
//!
//!   The signature is the 64 bytes `compress(R) ‖ LE(s)`.
//! - **Verify** `(A, m, R ‖ s)`: decode `R` as a canonical point of `𝔾` (it is not required to
//!   differ from the identity), decode `s` as a canonical scalar (`s < ℓ`), recompute `c` and
//!   `c'`, and accept iff `s·G = R + c'·A`.
//!
//! # L2 key derivation from an L1 wallet
//!
//! The user `personal_sign`s (EIP-191) [`L2_KEY_MESSAGE`] with their secp256k1 key; the 65-byte
//! signature `σ = r ‖ s ‖ v`, with `v` normalised to 27 or 28 (some wallets return 0 or 1),
//! determines the L2 key:
//! `sk = wide(SHA-256("polylink-l2-key-0" ‖ σ) ‖ SHA-256("polylink-l2-key-1" ‖ σ))`, rejected
//! if zero. This relies on the wallet signing deterministically (RFC 6979, as common software
//! and hardware wallets do): a wallet with randomised signatures would derive a new key each time.

use crate::{
	eth::write_hex,
	field::{bytes_to_elements, from_be_bytes_short, to_be_bytes, Fr},
	hash::Hasher,
	params::PUBKEY_HASH_BYTES,
	poseidon::Poseidon,
};
use core::fmt;
use ff::{Field, PrimeField};
use group::{Group, GroupEncoding};
use jubjub::SubgroupPoint;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;
use sha2::{Digest, Sha256};

/// The message an L1 wallet signs (EIP-191 `personal_sign`) to derive its L2 key.
pub const L2_KEY_MESSAGE: &str = "Polylink L2 key\n\nSign this message only on a Polylink client. \
	It derives your L2 signing key and authorises nothing else.\n\nVersion: 1";

/// Domain tags of the two SHA-256 halves of the signing nonce.
const NONCE_DOMAIN: [&[u8]; 2] = [b"polylink-l2-nonce-0", b"polylink-l2-nonce-1"];
/// Domain tags of the two SHA-256 halves of the key derived from an L1 signature.
const L1_KEY_DOMAIN: [&[u8]; 2] = [b"polylink-l2-key-0", b"polylink-l2-key-1"];
/// Domain tags of the two SHA-256 halves of the key derived from a seed.
const SEED_KEY_DOMAIN: [&[u8]; 2] = [b"polylink-l2-seed-0", b"polylink-l2-seed-1"];

/// `wide(SHA-256(domain[0] ‖ parts) ‖ SHA-256(domain[1] ‖ parts))`.
fn wide_sha256(domain: [&[u8]; 2], parts: &[&[u8]]) -> jubjub::Fr {
	let mut wide = [0u8; 64];
	for (half, tag) in wide.chunks_exact_mut(32).zip(domain) {
		let mut hasher = Sha256::new();
		hasher.update(tag);
		for part in parts {
			hasher.update(part);
		}
		half.copy_from_slice(&hasher.finalize());
	}
	jubjub::Fr::from_bytes_wide(&wide)
}

/// Why a private key was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivateKeyError {
	/// The key is zero (its public key would be the identity).
	Zero,
	/// The encoding is not below the Jubjub subgroup order.
	NonCanonical,
}

impl fmt::Display for PrivateKeyError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::Zero => "zero private key",
			Self::NonCanonical => "non-canonical private key encoding",
		})
	}
}

/// Why a signature (or the public key it is checked against) was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum SignatureError {
	/// The public key is not the canonical encoding of a non-identity point of the subgroup.
	MalformedPublicKey,
	/// `R` is not the canonical encoding of a point of the subgroup.
	MalformedR,
	/// `s` is not a canonical scalar (it is not below the subgroup order).
	MalformedS,
	/// The signature is well formed but does not verify.
	Invalid,
}

impl fmt::Display for SignatureError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str(match self {
			Self::MalformedPublicKey => "malformed public key",
			Self::MalformedR => "malformed signature: R is not a subgroup point",
			Self::MalformedS => "malformed signature: s is not a canonical scalar",
			Self::Invalid => "invalid signature",
		})
	}
}

/// An L2 signing key: a non-zero Jubjub scalar. Its `Debug` output does not show the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct PrivateKey(jubjub::Fr);

impl fmt::Debug for PrivateKey {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("PrivateKey(<secret>)")
	}
}

impl PrivateKey {
	fn from_scalar(scalar: jubjub::Fr) -> Result<Self, PrivateKeyError> {
		if bool::from(scalar.is_zero()) {
			return Err(PrivateKeyError::Zero);
		}
		Ok(Self(scalar))
	}

	/// Derives a key from a 32-byte seed (tests, devnet accounts):
	/// `wide(SHA-256("polylink-l2-seed-0" ‖ seed) ‖ SHA-256("polylink-l2-seed-1" ‖ seed))`.
	///
	/// # Panics
	///
	/// If the derived scalar is zero, which requires a SHA-256 preimage and so does not happen.
	pub fn from_seed(seed: &[u8; 32]) -> Self {
		Self::from_scalar(wide_sha256(SEED_KEY_DOMAIN, &[seed]))
			.expect("a zero key needs a SHA-256 preimage")
	}

	/// Derives the L2 key from the wallet's 65-byte EIP-191 signature `r ‖ s ‖ v` of
	/// [`L2_KEY_MESSAGE`]: `wide(SHA-256("polylink-l2-key-0" ‖ sig) ‖
	/// SHA-256("polylink-l2-key-1" ‖ sig))`, where a `v` of 0 or 1 is first replaced by 27 or 28.
	///
	/// The signature is not checked here (only its owner can produce it, and the key it yields is
	/// only ever bound to an account through a verified `ChangePubKey`).
	pub fn from_l1_signature(sig: &[u8; 65]) -> Result<Self, PrivateKeyError> {
		let mut sig = *sig;
		if sig[64] < 2 {
			sig[64] += 27;
		}
		Self::from_scalar(wide_sha256(L1_KEY_DOMAIN, &[&sig]))
	}

	/// Decodes a canonical little-endian scalar, rejecting zero.
	pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, PrivateKeyError> {
		let scalar = Option::<jubjub::Fr>::from(jubjub::Fr::from_bytes(bytes))
			.ok_or(PrivateKeyError::NonCanonical)?;
		Self::from_scalar(scalar)
	}

	/// The canonical 32-byte little-endian encoding of the scalar.
	pub fn to_bytes(&self) -> [u8; 32] {
		self.0.to_bytes()
	}

	/// The public key `sk·G`.
	pub fn public_key(&self) -> PublicKey {
		PublicKey(SubgroupPoint::generator() * self.0)
	}

	/// Signs the message `m` (see the module docs).
	pub fn sign(&self, m: Fr) -> Signature {
		let r = wide_sha256(NONCE_DOMAIN, &[&self.0.to_bytes(), &to_be_bytes(&m)]);
		let big_r = SubgroupPoint::generator() * r;
		let c = challenge(&big_r, &self.public_key(), m);
		let s = r + challenge_scalar(&c) * self.0;
		let mut bytes = [0u8; 64];
		bytes[..32].copy_from_slice(&big_r.to_bytes());
		bytes[32..].copy_from_slice(&s.to_bytes());
		Signature(bytes)
	}
}

/// An L2 public key: a non-identity point of the prime-order Jubjub subgroup.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(SubgroupPoint);

impl fmt::Debug for PublicKey {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("PublicKey(")?;
		write_hex(f, &self.to_bytes())?;
		f.write_str(")")
	}
}

impl PublicKey {
	/// Decodes a 32-byte compressed point, rejecting non-canonical encodings, points off the
	/// curve or outside the prime-order subgroup, and the identity.
	pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self, SignatureError> {
		let point = Option::<SubgroupPoint>::from(SubgroupPoint::from_bytes(bytes))
			.ok_or(SignatureError::MalformedPublicKey)?;
		if bool::from(point.is_identity()) {
			return Err(SignatureError::MalformedPublicKey);
		}
		Ok(Self(point))
	}

	/// The 32-byte compressed encoding.
	pub fn to_bytes(&self) -> [u8; 32] {
		self.0.to_bytes()
	}

	/// The point itself.
	pub fn point(&self) -> SubgroupPoint {
		self.0
	}

	/// The affine coordinates `(u, v)`, elements of the BLS12-381 scalar field.
	pub fn coordinates(&self) -> (Fr, Fr) {
		coordinates(&self.0)
	}

	/// The public-key hash `pkh(A)`: the last 20 bytes of `BE(H(A.u, A.v))`.
	pub fn hash(&self) -> PubKeyHash {
		let (u, v) = self.coordinates();
		let digest = to_be_bytes(&Poseidon.hash2(&u, &v));
		let mut bytes = [0u8; PUBKEY_HASH_BYTES];
		bytes.copy_from_slice(&digest[32 - PUBKEY_HASH_BYTES..]);
		PubKeyHash(bytes)
	}

	/// Verifies `signature` on the message `m`.
	pub fn verify(&self, m: Fr, signature: &Signature) -> Result<(), SignatureError> {
		let big_r = Option::<SubgroupPoint>::from(SubgroupPoint::from_bytes(&signature.r_bytes()))
			.ok_or(SignatureError::MalformedR)?;
		let s = Option::<jubjub::Fr>::from(jubjub::Fr::from_bytes(&signature.s_bytes()))
			.ok_or(SignatureError::MalformedS)?;
		let c = challenge_scalar(&challenge(&big_r, self, m));
		if SubgroupPoint::generator() * s - self.0 * c == big_r {
			Ok(())
		} else {
			Err(SignatureError::Invalid)
		}
	}
}

/// The affine coordinates `(u, v)` of a subgroup point.
fn coordinates(point: &SubgroupPoint) -> (Fr, Fr) {
	let affine = jubjub::AffinePoint::from(jubjub::ExtendedPoint::from(*point));
	(affine.get_u(), affine.get_v())
}

/// The challenge `c = H(R.u, R.v, A.u, A.v, m)`, a BLS12-381 scalar (the circuit uses its bits).
pub fn challenge(big_r: &SubgroupPoint, pub_key: &PublicKey, m: Fr) -> Fr {
	let (r_u, r_v) = coordinates(big_r);
	let (a_u, a_v) = pub_key.coordinates();
	Poseidon.hash(&[r_u, r_v, a_u, a_v, m])
}

/// The challenge as a Jubjub scalar: the integer `c` (< 2^255) reduced mod the subgroup order.
pub fn challenge_scalar(c: &Fr) -> jubjub::Fr {
	let mut wide = [0u8; 64];
	wide[..32].copy_from_slice(&c.to_repr());
	jubjub::Fr::from_bytes_wide(&wide)
}

/// Field elements a signing message is hashed from: every transaction's signing bytes fit
/// `3 × 31` bytes, and a fixed count keeps the block circuit's message hash uniform.
pub const MESSAGE_ELEMENTS: usize = 3;

/// The message a transaction signs: `Poseidon(bytes_to_elements(bytes))`, the elements padded
/// with zeros to [`MESSAGE_ELEMENTS`] (longer inputs are hashed whole).
///
/// `bytes_to_elements` left-pads its last chunk, so this is injective only among byte strings
/// of one length: signing encodings must be fixed-length for each (type-tagged) transaction
/// kind.
pub fn message_from_bytes(bytes: &[u8]) -> Fr {
	let mut elements = bytes_to_elements(bytes);
	if elements.len() < MESSAGE_ELEMENTS {
		elements.resize(MESSAGE_ELEMENTS, Fr::ZERO);
	}
	Poseidon.hash(&elements)
}

/// A 64-byte L2 signature `compress(R) ‖ LE(s)`, as produced; checked only on verification.
#[derive(
	Clone, Copy, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct Signature(pub [u8; 64]);

impl fmt::Debug for Signature {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		f.write_str("Signature(")?;
		write_hex(f, &self.0)?;
		f.write_str(")")
	}
}

impl Signature {
	/// The compressed nonce point `R` (first 32 bytes).
	pub fn r_bytes(&self) -> [u8; 32] {
		let mut r = [0u8; 32];
		r.copy_from_slice(&self.0[..32]);
		r
	}

	/// The scalar `s`, little-endian (last 32 bytes).
	pub fn s_bytes(&self) -> [u8; 32] {
		let mut s = [0u8; 32];
		s.copy_from_slice(&self.0[32..]);
		s
	}
}

/// The 20-byte hash of an L2 public key that an account stores (see the module docs).
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
pub struct PubKeyHash(pub [u8; PUBKEY_HASH_BYTES]);

impl PubKeyHash {
	/// "No key set": an account with this hash cannot sign L2 transactions.
	pub const ZERO: Self = Self([0; PUBKEY_HASH_BYTES]);

	/// Whether this is [`Self::ZERO`].
	pub fn is_zero(&self) -> bool {
		*self == Self::ZERO
	}

	/// The hash as a field element (a 160-bit big-endian integer), as stored in the account leaf.
	pub fn to_field(&self) -> Fr {
		from_be_bytes_short(&self.0)
	}
}

impl fmt::Display for PubKeyHash {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write_hex(f, &self.0)
	}
}

impl fmt::Debug for PubKeyHash {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		write_hex(f, &self.0)
	}
}

/// The signature a transaction carries: the signer's compressed public key and the signature.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct TxSignature {
	/// The signer's compressed public key.
	pub pub_key: [u8; 32],
	/// The signature `compress(R) ‖ LE(s)`.
	pub signature: [u8; 64],
}

impl TxSignature {
	/// Signs `m` with `key`.
	pub fn sign(key: &PrivateKey, m: Fr) -> Self {
		Self { pub_key: key.public_key().to_bytes(), signature: key.sign(m).0 }
	}

	/// Verifies the signature on `m` and returns the signer's public-key hash, which the caller
	/// compares with the account's.
	pub fn verify(&self, m: Fr) -> Result<PubKeyHash, SignatureError> {
		let pub_key = PublicKey::from_bytes(&self.pub_key)?;
		pub_key.verify(m, &Signature(self.signature))?;
		Ok(pub_key.hash())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::field::from_be_bytes;
	use alloc::{format, vec::Vec};
	use hex_literal::hex;
	use rand_core::SeedableRng;
	use rand_xorshift::XorShiftRng;

	/// The Jubjub subgroup order ℓ, little-endian.
	const ORDER_LE: [u8; 32] =
		hex!("b7 2c f7 d6 5e 0e 97 d0 82 10 c8 cc 93 20 68 a6 00 3b 34 01 01 3b 67 06 a9 af 33 65 ea b4 7d 0e");

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([7; 16])
	}

	fn random_key(rng: &mut XorShiftRng) -> PrivateKey {
		PrivateKey::from_scalar(jubjub::Fr::random(rng)).expect("a random scalar is not zero")
	}

	/// Little-endian addition of two 32-byte integers (no overflow in the tests' ranges).
	fn add_le(a: &[u8; 32], b: &[u8; 32]) -> [u8; 32] {
		let mut out = [0u8; 32];
		let mut carry = 0u16;
		for i in 0..32 {
			let sum = a[i] as u16 + b[i] as u16 + carry;
			out[i] = sum as u8;
			carry = sum >> 8;
		}
		assert_eq!(carry, 0, "no overflow");
		out
	}

	#[test]
	fn order_constant_works() {
		// ℓ ≡ 0, so ℓ itself is rejected and ℓ - 1 = -1 is accepted.
		assert!(bool::from(jubjub::Fr::from_bytes(&ORDER_LE).is_none()));
		let mut minus_one = ORDER_LE;
		minus_one[0] -= 1;
		assert_eq!(jubjub::Fr::from_bytes(&minus_one).unwrap(), -jubjub::Fr::ONE);
	}

	#[test]
	fn sign_verify_works() {
		let mut rng = rng();
		for _ in 0..16 {
			let key = random_key(&mut rng);
			let m = Fr::random(&mut rng);
			let signature = key.sign(m);
			assert_eq!(key.public_key().verify(m, &signature), Ok(()));
			// Deterministic.
			assert_eq!(key.sign(m), signature);
		}
	}

	#[test]
	fn challenge_scalar_works() {
		// c' is c as an integer reduced mod ℓ: c'·P = c·P for P in the subgroup, where c·P is the
		// double-and-add over the 255 bits of c, as the circuit computes it.
		let mut rng = rng();
		let point = SubgroupPoint::generator() * jubjub::Fr::random(&mut rng);
		for c in [Fr::random(&mut rng), -Fr::ONE, Fr::ZERO, Fr::ONE] {
			let mut by_bits = SubgroupPoint::identity();
			for byte in c.to_repr().iter().rev() {
				for bit in (0..8).rev() {
					by_bits = by_bits.double();
					if (byte >> bit) & 1 == 1 {
						by_bits += point;
					}
				}
			}
			assert_eq!(point * challenge_scalar(&c), by_bits);
		}
	}

	#[test]
	fn verify_rejects_wrong_message() {
		let mut rng = rng();
		let key = random_key(&mut rng);
		let m = Fr::random(&mut rng);
		let signature = key.sign(m);
		assert_eq!(key.public_key().verify(m + Fr::ONE, &signature), Err(SignatureError::Invalid));
	}

	#[test]
	fn verify_rejects_wrong_key() {
		let mut rng = rng();
		let key = random_key(&mut rng);
		let other = random_key(&mut rng);
		let m = Fr::random(&mut rng);
		let signature = key.sign(m);
		assert_eq!(other.public_key().verify(m, &signature), Err(SignatureError::Invalid));
	}

	#[test]
	fn verify_rejects_tampered_r() {
		let mut rng = rng();
		let key = random_key(&mut rng);
		let m = Fr::random(&mut rng);
		let signature = key.sign(m);
		let pub_key = key.public_key();
		// Another valid subgroup point.
		let mut other_r = signature;
		other_r.0[..32].copy_from_slice(
			&(SubgroupPoint::generator() * jubjub::Fr::random(&mut rng)).to_bytes(),
		);
		assert_eq!(pub_key.verify(m, &other_r), Err(SignatureError::Invalid));
		// -R: the sign bit flipped.
		let mut negated = signature;
		negated.0[31] ^= 0x80;
		assert_eq!(pub_key.verify(m, &negated), Err(SignatureError::Invalid));
		// Every single-bit flip of R is rejected, as malformed or invalid.
		for bit in 0..256 {
			let mut flipped = signature;
			flipped.0[bit / 8] ^= 1 << (bit % 8);
			let result = pub_key.verify(m, &flipped);
			assert!(matches!(result, Err(SignatureError::MalformedR | SignatureError::Invalid)));
		}
	}

	#[test]
	fn verify_rejects_tampered_s() {
		let mut rng = rng();
		let key = random_key(&mut rng);
		let m = Fr::random(&mut rng);
		let signature = key.sign(m);
		let s = jubjub::Fr::from_bytes(&signature.s_bytes()).unwrap();
		let mut tampered = signature;
		tampered.0[32..].copy_from_slice(&(s + jubjub::Fr::ONE).to_bytes());
		assert_eq!(key.public_key().verify(m, &tampered), Err(SignatureError::Invalid));
	}

	#[test]
	fn verify_rejects_s_not_below_order() {
		let mut rng = rng();
		let key = random_key(&mut rng);
		let m = Fr::random(&mut rng);
		let signature = key.sign(m);
		let pub_key = key.public_key();
		// s + ℓ is the same residue: accepting it would make signatures malleable.
		let mut malleated = signature;
		malleated.0[32..].copy_from_slice(&add_le(&signature.s_bytes(), &ORDER_LE));
		assert_eq!(pub_key.verify(m, &malleated), Err(SignatureError::MalformedS));
		let mut order = signature;
		order.0[32..].copy_from_slice(&ORDER_LE);
		assert_eq!(pub_key.verify(m, &order), Err(SignatureError::MalformedS));
		let mut all_ones = signature;
		all_ones.0[32..].fill(0xff);
		assert_eq!(pub_key.verify(m, &all_ones), Err(SignatureError::MalformedS));
	}

	/// A point on the curve outside the prime-order subgroup (with a non-trivial torsion part).
	fn non_subgroup_point_bytes() -> [u8; 32] {
		(1u64..)
			.find_map(|v| {
				let mut bytes = [0u8; 32];
				bytes[..8].copy_from_slice(&v.to_le_bytes());
				Option::<jubjub::AffinePoint>::from(jubjub::AffinePoint::from_bytes(bytes))
					.filter(|p| !bool::from(p.is_torsion_free()))
					.map(|_| bytes)
			})
			.expect("most curve points are outside the subgroup")
	}

	#[test]
	fn public_key_round_trip_works() {
		let mut rng = rng();
		for _ in 0..8 {
			let pub_key = random_key(&mut rng).public_key();
			assert_eq!(PublicKey::from_bytes(&pub_key.to_bytes()), Ok(pub_key));
			let (u, v) = pub_key.coordinates();
			let decoded = jubjub::AffinePoint::from_bytes(pub_key.to_bytes()).unwrap();
			assert_eq!((decoded.get_u(), decoded.get_v()), (u, v));
		}
	}

	#[test]
	fn public_key_from_bytes_rejects_invalid() {
		let malformed = Err(SignatureError::MalformedPublicKey);
		// The identity (u, v) = (0, 1).
		let mut identity = [0u8; 32];
		identity[0] = 1;
		assert_eq!(PublicKey::from_bytes(&identity), malformed);
		// Non-canonical: the identity with the sign bit of u = 0 set (ZIP 216).
		let mut identity_signed = identity;
		identity_signed[31] |= 0x80;
		assert_eq!(PublicKey::from_bytes(&identity_signed), malformed);
		// The point of order two, (0, -1).
		let mut order_two = to_be_bytes(&-Fr::ONE);
		order_two.reverse();
		assert!(bool::from(jubjub::AffinePoint::from_bytes(order_two).is_some()));
		assert_eq!(PublicKey::from_bytes(&order_two), malformed);
		// On the curve but outside the subgroup.
		assert_eq!(PublicKey::from_bytes(&non_subgroup_point_bytes()), malformed);
		// Non-canonical: v + p for a valid key's v (a second encoding of the same point).
		let mut p_le = to_be_bytes(&-Fr::ONE);
		p_le.reverse();
		p_le[0] += 1; // p itself, little-endian
		let (valid, v_plus_p) = (0u8..)
			.map(|i| {
				let key = PrivateKey::from_seed(&[i; 32]).public_key();
				(key, add_le(&key.coordinates().1.to_repr(), &p_le))
			})
			.find(|(_, v_plus_p)| v_plus_p[31] & 0x80 == 0)
			.expect("about one v in five leaves room for v + p below 2^255");
		let mut aliased = v_plus_p;
		aliased[31] |= valid.to_bytes()[31] & 0x80;
		assert_eq!(PublicKey::from_bytes(&aliased), malformed);
		// v ≥ p outright.
		assert_eq!(PublicKey::from_bytes(&[0xff; 32]), malformed);
		// Off the curve: some v has no u.
		let off_curve = (2u64..)
			.map(|v| {
				let mut bytes = [0u8; 32];
				bytes[..8].copy_from_slice(&v.to_le_bytes());
				bytes
			})
			.find(|bytes| bool::from(jubjub::AffinePoint::from_bytes(*bytes).is_none()))
			.expect("half of all v are off the curve");
		assert_eq!(PublicKey::from_bytes(&off_curve), malformed);
	}

	#[test]
	fn verify_rejects_malformed_r() {
		let key = PrivateKey::from_seed(&[3; 32]);
		let m = Fr::from(42u64);
		let signature = key.sign(m);
		let mut bad = signature;
		bad.0[..32].copy_from_slice(&non_subgroup_point_bytes());
		assert_eq!(key.public_key().verify(m, &bad), Err(SignatureError::MalformedR));
		bad.0[..32].fill(0xff);
		assert_eq!(key.public_key().verify(m, &bad), Err(SignatureError::MalformedR));
	}

	#[test]
	fn private_key_bytes_round_trip_works() {
		let key = PrivateKey::from_seed(&[9; 32]);
		assert_eq!(PrivateKey::from_bytes(&key.to_bytes()), Ok(key));
	}

	#[test]
	fn private_key_from_bytes_rejects_zero_and_non_canonical() {
		assert_eq!(PrivateKey::from_bytes(&[0; 32]), Err(PrivateKeyError::Zero));
		assert_eq!(PrivateKey::from_bytes(&ORDER_LE), Err(PrivateKeyError::NonCanonical));
		assert_eq!(PrivateKey::from_bytes(&[0xff; 32]), Err(PrivateKeyError::NonCanonical));
	}

	#[test]
	fn private_key_debug_hides_secret() {
		let key = PrivateKey::from_seed(&[5; 32]);
		let shown = format!("{key:?}");
		assert_eq!(shown, "PrivateKey(<secret>)");
		let secret_hex: alloc::string::String =
			key.to_bytes().iter().map(|b| format!("{b:02x}")).collect();
		assert!(!shown.contains(&secret_hex));
	}

	#[test]
	fn pub_key_hash_works() {
		let pub_key = PrivateKey::from_seed(&[1; 32]).public_key();
		let (u, v) = pub_key.coordinates();
		let digest = to_be_bytes(&Poseidon.hash(&[u, v]));
		let pkh = pub_key.hash();
		assert_eq!(&pkh.0[..], &digest[12..]);
		assert!(!pkh.is_zero());
		// As a field element: the digest mod 2^160.
		let mut masked = digest;
		masked[..12].fill(0);
		assert_eq!(pkh.to_field(), from_be_bytes(&masked).unwrap());
		assert_eq!(PubKeyHash::ZERO.to_field(), Fr::ZERO);
		assert!(PubKeyHash::default().is_zero());
		assert_eq!(format!("{}", PubKeyHash([0xab; 20])), format!("0x{}", "ab".repeat(20)));
	}

	#[test]
	fn message_from_bytes_works() {
		let bytes: Vec<u8> = (0..70).collect();
		let expected = Poseidon.hash(&[
			from_be_bytes_short(&bytes[..31]),
			from_be_bytes_short(&bytes[31..62]),
			from_be_bytes_short(&bytes[62..]),
		]);
		assert_eq!(message_from_bytes(&bytes), expected);
		let short = from_be_bytes_short(&bytes[..20]);
		assert_eq!(message_from_bytes(&bytes[..20]), Poseidon.hash(&[short, Fr::ZERO, Fr::ZERO]));
		assert_eq!(message_from_bytes(&[]), Poseidon.hash(&[Fr::ZERO; MESSAGE_ELEMENTS]));
	}

	#[test]
	fn tx_signature_works() {
		let key = PrivateKey::from_seed(&[2; 32]);
		let m = message_from_bytes(b"transfer 1 token");
		let tx_signature = TxSignature::sign(&key, m);
		assert_eq!(tx_signature.verify(m), Ok(key.public_key().hash()));

		let encoded = tx_signature.encode();
		assert_eq!(encoded.len(), 96);
		assert_eq!(TxSignature::max_encoded_len(), 96);
		assert_eq!(TxSignature::decode(&mut &encoded[..]), Ok(tx_signature.clone()));
	}

	#[test]
	fn tx_signature_rejects_bad_key_and_signature() {
		let key = PrivateKey::from_seed(&[2; 32]);
		let m = Fr::from(7u64);
		let tx_signature = TxSignature::sign(&key, m);
		assert_eq!(tx_signature.verify(m + Fr::ONE), Err(SignatureError::Invalid));
		let other = TxSignature {
			pub_key: PrivateKey::from_seed(&[3; 32]).public_key().to_bytes(),
			..tx_signature.clone()
		};
		assert_eq!(other.verify(m), Err(SignatureError::Invalid));
		let no_key = TxSignature { pub_key: [0; 32], ..tx_signature.clone() };
		assert_eq!(no_key.verify(m), Err(SignatureError::MalformedPublicKey));
		let mut bad_s = tx_signature;
		bad_s.signature[32..].fill(0xff);
		assert_eq!(bad_s.verify(m), Err(SignatureError::MalformedS));
	}

	#[test]
	fn from_l1_signature_works() {
		let a = PrivateKey::from_l1_signature(&[1; 65]).unwrap();
		assert_eq!(PrivateKey::from_l1_signature(&[1; 65]), Ok(a.clone()));
		assert_ne!(PrivateKey::from_l1_signature(&[2; 65]).unwrap(), a);
		// v = 0/1 and v = 27/28 are the same signature, hence the same key.
		for (bare, wallet) in [(0, 27), (1, 28)] {
			let (mut with_bare, mut with_wallet) = ([1; 65], [1; 65]);
			with_bare[64] = bare;
			with_wallet[64] = wallet;
			assert_eq!(
				PrivateKey::from_l1_signature(&with_bare),
				PrivateKey::from_l1_signature(&with_wallet)
			);
		}
		// Not the seed derivation (distinct domain tags).
		let mut seed = [0u8; 32];
		seed.copy_from_slice(&[1; 65][..32]);
		assert_ne!(PrivateKey::from_seed(&seed), a);
	}

	/// Pinned with the protocol Poseidon; any change here is a protocol change.
	#[test]
	fn golden_signature_works() {
		let key = PrivateKey::from_seed(&[1; 32]);
		assert_eq!(
			key.to_bytes(),
			hex!("b813f5f0533b91be4db43cad85e0c5e971690b5d2f3ca7418d426deb5af19203")
		);
		let pub_key = key.public_key();
		assert_eq!(
			pub_key.to_bytes(),
			hex!("ecd11462a116a1c7d2a04726685453bd72819663894056528c5c25db198f1b6d")
		);
		assert_eq!(pub_key.hash(), PubKeyHash(hex!("81be74e9c07e3028437263d8460016bcdf861a3f")));
		let m = message_from_bytes(b"Polylink golden vector");
		assert_eq!(
			to_be_bytes(&m),
			hex!("269d686f6a84ad75675f1f4b2cc310897eab9e04cc692889fb1599907a8ef4e8")
		);
		let signature = Signature(hex!(
			"3c180651d57ce24f7e826f35e962397bed991648e8b462eb1e9d5f77c9ff8ae9"
			"60874a655d91144ccd9a2826fda655bebf776dbd2fb3db8f5247071f17785701"
		));
		assert_eq!(key.sign(m), signature);
		assert_eq!(pub_key.verify(m, &signature), Ok(()));
	}

	/// The L2 key of L1 private key 1 (address 0x7e5f…5bdf): its wallet's RFC 6979 signature of
	/// [`L2_KEY_MESSAGE`] and the key derived from it. The SHA-256 derivations of this key and of
	/// the seed key above were cross-checked with Python's `hashlib`.
	#[cfg(feature = "std")]
	#[test]
	fn golden_l2_key_from_l1_signature_works() {
		use crate::eth::{personal_message_hash, recover_address, sign_prehash, L1Address};
		let l1_key = k256::ecdsa::SigningKey::from_slice(&hex!(
			"0000000000000000000000000000000000000000000000000000000000000001"
		))
		.expect("1 is a valid secp256k1 key");
		let prehash = personal_message_hash(L2_KEY_MESSAGE.as_bytes());
		let l1_signature = sign_prehash(&l1_key, &prehash);
		assert_eq!(
			l1_signature,
			hex!(
				"442fa1d8c353a18a7dd3beab238a9f4440148588b35fa54df78df7e94a6442f8"
				"2f6376656d55098b1da95cbc9e7eeb0f05768d0c60fb04b2dbe7b3285dc278e9"
				"1c"
			)
		);
		assert_eq!(
			recover_address(&prehash, &l1_signature),
			Ok(L1Address(hex!("7e5f4552091a69125d5dfcb7b8c2659029395bdf")))
		);
		let l2_key = PrivateKey::from_l1_signature(&l1_signature).expect("not zero");
		assert_eq!(
			l2_key.to_bytes(),
			hex!("463513533a61156da2e6bc6c53b9c144ac17eea0c3e623828a1f09eedb1dc606")
		);
		assert_eq!(
			l2_key.public_key().to_bytes(),
			hex!("400546c33773975890db9032318d761ddd04b42ba97e6430fbbf6d22aa71403c")
		);
		assert_eq!(
			l2_key.public_key().hash(),
			PubKeyHash(hex!("2996a3824fd5bb983deaa305f02b1b4b1a8f0d4d"))
		);
	}
}
