//! # Encodings of points, scalars, proofs and verifying keys
//!
//! Three byte forms, one curve library (`bls12_381`) underneath:
//!
//! - **EIP-2537** (what the L1 precompiles read): an `Fp` element is 64 bytes, 16 zero bytes
//!   of padding then the 48-byte big-endian value; a G1 point is `x ‖ y` (128 bytes), a G2
//!   point `x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1` (256 bytes; note `c0` first, unlike the zcash
//!   serialization); the point at infinity is all zeros.
//! - **Compressed** (`bls12_381`'s `to_compressed`, zcash format): 48 bytes per G1 point,
//!   96 per G2 point, flags in the top bits of the first byte.
//! - **SCALE** ([`vk_to_bytes`]): the compressed verifying key in a versioned
//!   `parity-scale-codec` struct, for the appchain; [`vk_hash`] is its SHA-256.
//!
//! A proof is `A ‖ B ‖ C`: 512 bytes in EIP-2537 form, 192 compressed. A verifying key is
//! `alpha_g1 ‖ beta_g2 ‖ gamma_g2 ‖ delta_g2 ‖ IC[0..n]`. A public input is a scalar as
//! 32 bytes big-endian (a `uint256` on L1), which must be below r.
//!
//! Every decoder validates: canonical field elements, on the curve, in the prime-order
//! subgroup; failures are typed [`EncodingError`]s. These formats are pinned by the committed
//! keys `circuits/keys/*.vk.hex` and the proof fixtures `contracts/test/fixtures/*.json`.

use alloc::vec::Vec;
use core::fmt;

use bls12_381::{G1Affine, G2Affine, Scalar};
use parity_scale_codec::{Decode, Encode};
use sha2::{Digest, Sha256};

use super::{Proof, VerifyingKey};

/// Length of a G1 point in EIP-2537 encoding.
pub const G1_EIP2537_LEN: usize = 128;
/// Length of a G2 point in EIP-2537 encoding.
pub const G2_EIP2537_LEN: usize = 256;
/// Length of a compressed G1 point.
pub const G1_COMPRESSED_LEN: usize = 48;
/// Length of a compressed G2 point.
pub const G2_COMPRESSED_LEN: usize = 96;
/// Length of a proof in EIP-2537 encoding (`A ‖ B ‖ C`).
pub const PROOF_EIP2537_LEN: usize = 2 * G1_EIP2537_LEN + G2_EIP2537_LEN;
/// Length of a compressed proof.
pub const PROOF_COMPRESSED_LEN: usize = 2 * G1_COMPRESSED_LEN + G2_COMPRESSED_LEN;
/// Length of a scalar (public input) encoding.
pub const SCALAR_LEN: usize = 32;
/// Version byte of the SCALE verifying-key encoding ([`vk_to_bytes`]).
pub const VK_BYTES_VERSION: u8 = 1;

/// Length of the fixed part of an EIP-2537 verifying key (everything but `IC`).
const VK_EIP2537_FIXED_LEN: usize = G1_EIP2537_LEN + 3 * G2_EIP2537_LEN;
/// Length of the fixed part of a compressed verifying key (everything but `IC`).
const VK_COMPRESSED_FIXED_LEN: usize = G1_COMPRESSED_LEN + 3 * G2_COMPRESSED_LEN;
/// Length of one `Fp` element in EIP-2537 encoding.
const FP_EIP2537_LEN: usize = 64;
/// Zero padding in front of each EIP-2537 `Fp` element.
const FP_PADDING: usize = 16;
/// Length of one canonical `Fp` element.
const FP_LEN: usize = 48;

/// The BLS12-381 base-field modulus p, 48 bytes big-endian.
pub const P_BE: [u8; FP_LEN] = [
	0x1a, 0x01, 0x11, 0xea, 0x39, 0x7f, 0xe6, 0x9a, 0x4b, 0x1b, 0xa7, 0xb6, 0x43, 0x4b, 0xac, 0xd7,
	0x64, 0x77, 0x4b, 0x84, 0xf3, 0x85, 0x12, 0xbf, 0x67, 0x30, 0xd2, 0xa0, 0xf6, 0xb0, 0xf6, 0x24,
	0x1e, 0xab, 0xff, 0xfe, 0xb1, 0x53, 0xff, 0xff, 0xb9, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xaa, 0xab,
];

/// The BLS12-381 scalar-field modulus r, 32 bytes big-endian.
pub const R_BE: [u8; SCALAR_LEN] = [
	0x73, 0xed, 0xa7, 0x53, 0x29, 0x9d, 0x7d, 0x48, 0x33, 0x39, 0xd8, 0x08, 0x09, 0xa1, 0xd8, 0x05,
	0x53, 0xbd, 0xa4, 0x02, 0xff, 0xfe, 0x5b, 0xfe, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01,
];

/// Why bytes do not decode to a point, proof, key or scalar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EncodingError {
	/// The input has the wrong length.
	WrongLength {
		/// What was being decoded.
		what: &'static str,
		/// The length the encoding requires.
		expected: usize,
		/// The length given.
		got: usize,
	},
	/// The 16 padding bytes in front of an EIP-2537 field element are not zero.
	NonZeroPadding,
	/// A coordinate is not below the base-field modulus p.
	NotInField,
	/// The coordinates do not satisfy the curve equation.
	NotOnCurve,
	/// The point is on the curve but outside the prime-order subgroup.
	NotInSubgroup,
	/// A compressed encoding is invalid (flags, coordinate, curve or subgroup).
	InvalidCompressed,
	/// A scalar is not below the scalar-field modulus r.
	ScalarOutOfRange,
	/// A verifying key has no `IC` element.
	EmptyIc,
	/// The version byte of a SCALE verifying key is unknown.
	UnsupportedVersion(u8),
	/// The SCALE bytes do not decode.
	MalformedScale,
}

impl fmt::Display for EncodingError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::WrongLength { what, expected, got } => {
				write!(f, "{what}: expected {expected} bytes, got {got}")
			}
			Self::NonZeroPadding => f.write_str("non-zero padding in front of a field element"),
			Self::NotInField => f.write_str("coordinate is not below the field modulus p"),
			Self::NotOnCurve => f.write_str("point is not on the curve"),
			Self::NotInSubgroup => f.write_str("point is not in the prime-order subgroup"),
			Self::InvalidCompressed => f.write_str("invalid compressed point"),
			Self::ScalarOutOfRange => f.write_str("scalar is not below the scalar-field modulus r"),
			Self::EmptyIc => f.write_str("verifying key has no IC element"),
			Self::UnsupportedVersion(v) => {
				write!(f, "unsupported verifying-key encoding version {v}")
			}
			Self::MalformedScale => f.write_str("malformed SCALE verifying key"),
		}
	}
}

impl core::error::Error for EncodingError {}

/// Checks a byte slice's length and returns it as an array reference.
fn exact<'a, const N: usize>(
	bytes: &'a [u8],
	what: &'static str,
) -> Result<&'a [u8; N], EncodingError> {
	bytes.try_into().map_err(|_| EncodingError::WrongLength { what, expected: N, got: bytes.len() })
}

/// Writes a canonical 48-byte `Fp` element as a padded 64-byte EIP-2537 element.
fn put_fp(out: &mut [u8], fp: &[u8]) {
	out[..FP_PADDING].fill(0);
	out[FP_PADDING..FP_EIP2537_LEN].copy_from_slice(fp);
}

/// Reads a padded 64-byte EIP-2537 element into 48 canonical bytes, checking padding and range.
fn get_fp(input: &[u8]) -> Result<[u8; FP_LEN], EncodingError> {
	if input[..FP_PADDING].iter().any(|&b| b != 0) {
		return Err(EncodingError::NonZeroPadding);
	}
	let mut fp = [0u8; FP_LEN];
	fp.copy_from_slice(&input[FP_PADDING..FP_EIP2537_LEN]);
	// Big-endian byte strings of equal length compare like the integers they encode.
	if fp >= P_BE {
		return Err(EncodingError::NotInField);
	}
	Ok(fp)
}

/// Encodes a G1 point for EIP-2537 (128 bytes; infinity is all zeros).
pub fn g1_to_eip2537(p: &G1Affine) -> [u8; G1_EIP2537_LEN] {
	let mut out = [0u8; G1_EIP2537_LEN];
	if bool::from(p.is_identity()) {
		return out;
	}
	let raw = p.to_uncompressed();
	put_fp(&mut out[..64], &raw[..48]);
	put_fp(&mut out[64..], &raw[48..]);
	out
}

/// Decodes and validates a G1 point from its EIP-2537 encoding.
pub fn g1_from_eip2537(bytes: &[u8]) -> Result<G1Affine, EncodingError> {
	let bytes = exact::<G1_EIP2537_LEN>(bytes, "G1 point (EIP-2537)")?;
	let x = get_fp(&bytes[..64])?;
	let y = get_fp(&bytes[64..])?;
	if bytes.iter().all(|&b| b == 0) {
		return Ok(G1Affine::identity());
	}
	let mut raw = [0u8; 96];
	raw[..48].copy_from_slice(&x);
	raw[48..].copy_from_slice(&y);
	// Coordinates are below p, so their top three bits (the zcash flags) are clear.
	let p = Option::<G1Affine>::from(G1Affine::from_uncompressed_unchecked(&raw))
		.ok_or(EncodingError::NotInField)?;
	if !bool::from(p.is_on_curve()) {
		return Err(EncodingError::NotOnCurve);
	}
	if !bool::from(p.is_torsion_free()) {
		return Err(EncodingError::NotInSubgroup);
	}
	Ok(p)
}

/// Encodes a G2 point for EIP-2537 (256 bytes, `x.c0 ‖ x.c1 ‖ y.c0 ‖ y.c1`).
pub fn g2_to_eip2537(p: &G2Affine) -> [u8; G2_EIP2537_LEN] {
	let mut out = [0u8; G2_EIP2537_LEN];
	if bool::from(p.is_identity()) {
		return out;
	}
	// bls12_381 writes x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0.
	let raw = p.to_uncompressed();
	put_fp(&mut out[..64], &raw[48..96]);
	put_fp(&mut out[64..128], &raw[..48]);
	put_fp(&mut out[128..192], &raw[144..192]);
	put_fp(&mut out[192..], &raw[96..144]);
	out
}

/// Decodes and validates a G2 point from its EIP-2537 encoding.
pub fn g2_from_eip2537(bytes: &[u8]) -> Result<G2Affine, EncodingError> {
	let bytes = exact::<G2_EIP2537_LEN>(bytes, "G2 point (EIP-2537)")?;
	let x_c0 = get_fp(&bytes[..64])?;
	let x_c1 = get_fp(&bytes[64..128])?;
	let y_c0 = get_fp(&bytes[128..192])?;
	let y_c1 = get_fp(&bytes[192..])?;
	if bytes.iter().all(|&b| b == 0) {
		return Ok(G2Affine::identity());
	}
	let mut raw = [0u8; 192];
	raw[..48].copy_from_slice(&x_c1);
	raw[48..96].copy_from_slice(&x_c0);
	raw[96..144].copy_from_slice(&y_c1);
	raw[144..].copy_from_slice(&y_c0);
	let p = Option::<G2Affine>::from(G2Affine::from_uncompressed_unchecked(&raw))
		.ok_or(EncodingError::NotInField)?;
	if !bool::from(p.is_on_curve()) {
		return Err(EncodingError::NotOnCurve);
	}
	if !bool::from(p.is_torsion_free()) {
		return Err(EncodingError::NotInSubgroup);
	}
	Ok(p)
}

/// Compresses a G1 point (48 bytes).
pub fn g1_to_compressed(p: &G1Affine) -> [u8; G1_COMPRESSED_LEN] {
	p.to_compressed()
}

/// Decodes and validates (curve and subgroup) a compressed G1 point.
pub fn g1_from_compressed(bytes: &[u8]) -> Result<G1Affine, EncodingError> {
	let bytes = exact::<G1_COMPRESSED_LEN>(bytes, "G1 point (compressed)")?;
	Option::from(G1Affine::from_compressed(bytes)).ok_or(EncodingError::InvalidCompressed)
}

/// Compresses a G2 point (96 bytes).
pub fn g2_to_compressed(p: &G2Affine) -> [u8; G2_COMPRESSED_LEN] {
	p.to_compressed()
}

/// Decodes and validates (curve and subgroup) a compressed G2 point.
pub fn g2_from_compressed(bytes: &[u8]) -> Result<G2Affine, EncodingError> {
	let bytes = exact::<G2_COMPRESSED_LEN>(bytes, "G2 point (compressed)")?;
	Option::from(G2Affine::from_compressed(bytes)).ok_or(EncodingError::InvalidCompressed)
}

/// Encodes a public input as 32 bytes big-endian.
pub fn scalar_to_be_bytes(s: &Scalar) -> [u8; SCALAR_LEN] {
	let mut out = s.to_bytes();
	out.reverse();
	out
}

/// Decodes a public input from 32 bytes big-endian; it must be below r.
pub fn scalar_from_be_bytes(bytes: &[u8]) -> Result<Scalar, EncodingError> {
	let mut le = *exact::<SCALAR_LEN>(bytes, "scalar")?;
	le.reverse();
	Option::from(Scalar::from_bytes(&le)).ok_or(EncodingError::ScalarOutOfRange)
}

/// Encodes a proof as `A ‖ B ‖ C` in EIP-2537 form (512 bytes), what the L1 verifier reads.
pub fn proof_to_eip2537(proof: &Proof) -> [u8; PROOF_EIP2537_LEN] {
	let mut out = [0u8; PROOF_EIP2537_LEN];
	out[..128].copy_from_slice(&g1_to_eip2537(&proof.a));
	out[128..384].copy_from_slice(&g2_to_eip2537(&proof.b));
	out[384..].copy_from_slice(&g1_to_eip2537(&proof.c));
	out
}

/// Decodes and validates a proof from its EIP-2537 form.
pub fn proof_from_eip2537(bytes: &[u8]) -> Result<Proof, EncodingError> {
	let bytes = exact::<PROOF_EIP2537_LEN>(bytes, "proof (EIP-2537)")?;
	Ok(Proof {
		a: g1_from_eip2537(&bytes[..128])?,
		b: g2_from_eip2537(&bytes[128..384])?,
		c: g1_from_eip2537(&bytes[384..])?,
	})
}

/// Encodes a proof as compressed `A ‖ B ‖ C` (192 bytes).
pub fn proof_to_compressed(proof: &Proof) -> [u8; PROOF_COMPRESSED_LEN] {
	let mut out = [0u8; PROOF_COMPRESSED_LEN];
	out[..48].copy_from_slice(&proof.a.to_compressed());
	out[48..144].copy_from_slice(&proof.b.to_compressed());
	out[144..].copy_from_slice(&proof.c.to_compressed());
	out
}

/// Decodes and validates a compressed proof.
pub fn proof_from_compressed(bytes: &[u8]) -> Result<Proof, EncodingError> {
	let bytes = exact::<PROOF_COMPRESSED_LEN>(bytes, "proof (compressed)")?;
	Ok(Proof {
		a: g1_from_compressed(&bytes[..48])?,
		b: g2_from_compressed(&bytes[48..144])?,
		c: g1_from_compressed(&bytes[144..])?,
	})
}

/// Builds a verifying key from its decoded parts, refusing an empty `IC`.
fn vk_from_parts(
	alpha_g1: G1Affine,
	beta_g2: G2Affine,
	gamma_g2: G2Affine,
	delta_g2: G2Affine,
	ic: Vec<G1Affine>,
) -> Result<VerifyingKey, EncodingError> {
	if ic.is_empty() {
		return Err(EncodingError::EmptyIc);
	}
	Ok(VerifyingKey { alpha_g1, beta_g2, gamma_g2, delta_g2, ic })
}

/// Encodes a verifying key in EIP-2537 form: `alpha ‖ beta ‖ gamma ‖ delta ‖ IC[..]`.
pub fn vk_to_eip2537(vk: &VerifyingKey) -> Vec<u8> {
	let mut out = Vec::with_capacity(VK_EIP2537_FIXED_LEN + vk.ic.len() * G1_EIP2537_LEN);
	out.extend_from_slice(&g1_to_eip2537(&vk.alpha_g1));
	out.extend_from_slice(&g2_to_eip2537(&vk.beta_g2));
	out.extend_from_slice(&g2_to_eip2537(&vk.gamma_g2));
	out.extend_from_slice(&g2_to_eip2537(&vk.delta_g2));
	for p in &vk.ic {
		out.extend_from_slice(&g1_to_eip2537(p));
	}
	out
}

/// The `WrongLength` error of a verifying key of `got` bytes with fixed part `fixed`.
fn vk_length_error(what: &'static str, fixed: usize, point: usize, got: usize) -> EncodingError {
	let n = got.saturating_sub(fixed) / point;
	EncodingError::WrongLength { what, expected: fixed + n.max(1) * point, got }
}

/// Decodes and validates a verifying key from its EIP-2537 form.
pub fn vk_from_eip2537(bytes: &[u8]) -> Result<VerifyingKey, EncodingError> {
	let rest = bytes.len().checked_sub(VK_EIP2537_FIXED_LEN);
	if rest.is_none_or(|r| r % G1_EIP2537_LEN != 0) {
		return Err(vk_length_error(
			"verifying key (EIP-2537)",
			VK_EIP2537_FIXED_LEN,
			G1_EIP2537_LEN,
			bytes.len(),
		));
	}
	let ic = bytes[VK_EIP2537_FIXED_LEN..]
		.chunks_exact(G1_EIP2537_LEN)
		.map(g1_from_eip2537)
		.collect::<Result<Vec<_>, _>>()?;
	vk_from_parts(
		g1_from_eip2537(&bytes[..128])?,
		g2_from_eip2537(&bytes[128..384])?,
		g2_from_eip2537(&bytes[384..640])?,
		g2_from_eip2537(&bytes[640..896])?,
		ic,
	)
}

/// Encodes a verifying key in compressed form: `alpha ‖ beta ‖ gamma ‖ delta ‖ IC[..]`.
pub fn vk_to_compressed(vk: &VerifyingKey) -> Vec<u8> {
	let mut out = Vec::with_capacity(VK_COMPRESSED_FIXED_LEN + vk.ic.len() * G1_COMPRESSED_LEN);
	out.extend_from_slice(&vk.alpha_g1.to_compressed());
	out.extend_from_slice(&vk.beta_g2.to_compressed());
	out.extend_from_slice(&vk.gamma_g2.to_compressed());
	out.extend_from_slice(&vk.delta_g2.to_compressed());
	for p in &vk.ic {
		out.extend_from_slice(&p.to_compressed());
	}
	out
}

/// Decodes and validates a verifying key from its compressed form.
pub fn vk_from_compressed(bytes: &[u8]) -> Result<VerifyingKey, EncodingError> {
	let rest = bytes.len().checked_sub(VK_COMPRESSED_FIXED_LEN);
	if rest.is_none_or(|r| r % G1_COMPRESSED_LEN != 0) {
		return Err(vk_length_error(
			"verifying key (compressed)",
			VK_COMPRESSED_FIXED_LEN,
			G1_COMPRESSED_LEN,
			bytes.len(),
		));
	}
	let ic = bytes[VK_COMPRESSED_FIXED_LEN..]
		.chunks_exact(G1_COMPRESSED_LEN)
		.map(g1_from_compressed)
		.collect::<Result<Vec<_>, _>>()?;
	vk_from_parts(
		g1_from_compressed(&bytes[..48])?,
		g2_from_compressed(&bytes[48..144])?,
		g2_from_compressed(&bytes[144..240])?,
		g2_from_compressed(&bytes[240..336])?,
		ic,
	)
}

/// The SCALE layout of a verifying key for the appchain (compressed points).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct ScaleVerifyingKey {
	/// Encoding version, [`VK_BYTES_VERSION`].
	pub version: u8,
	/// `alpha` in G1, compressed.
	pub alpha_g1: [u8; G1_COMPRESSED_LEN],
	/// `beta` in G2, compressed.
	pub beta_g2: [u8; G2_COMPRESSED_LEN],
	/// `gamma` in G2, compressed.
	pub gamma_g2: [u8; G2_COMPRESSED_LEN],
	/// `delta` in G2, compressed.
	pub delta_g2: [u8; G2_COMPRESSED_LEN],
	/// The input commitments `IC[0..=n]`, compressed.
	pub ic: Vec<[u8; G1_COMPRESSED_LEN]>,
}

/// Encodes a verifying key as SCALE bytes (version byte first, compressed points).
pub fn vk_to_bytes(vk: &VerifyingKey) -> Vec<u8> {
	ScaleVerifyingKey {
		version: VK_BYTES_VERSION,
		alpha_g1: vk.alpha_g1.to_compressed(),
		beta_g2: vk.beta_g2.to_compressed(),
		gamma_g2: vk.gamma_g2.to_compressed(),
		delta_g2: vk.delta_g2.to_compressed(),
		ic: vk.ic.iter().map(G1Affine::to_compressed).collect(),
	}
	.encode()
}

/// Decodes and validates a verifying key from [`vk_to_bytes`] bytes (all bytes must be used).
pub fn vk_from_bytes(bytes: &[u8]) -> Result<VerifyingKey, EncodingError> {
	match bytes.first() {
		None => return Err(EncodingError::MalformedScale),
		Some(&v) if v != VK_BYTES_VERSION => return Err(EncodingError::UnsupportedVersion(v)),
		Some(_) => {}
	}
	let raw = ScaleVerifyingKey::decode(&mut &bytes[..])
		.ok()
		.filter(|raw| raw.encoded_size() == bytes.len())
		.ok_or(EncodingError::MalformedScale)?;
	let ic = raw.ic.iter().map(|p| g1_from_compressed(p)).collect::<Result<Vec<_>, _>>()?;
	vk_from_parts(
		g1_from_compressed(&raw.alpha_g1)?,
		g2_from_compressed(&raw.beta_g2)?,
		g2_from_compressed(&raw.gamma_g2)?,
		g2_from_compressed(&raw.delta_g2)?,
		ic,
	)
}

/// The verifying-key hash: SHA-256 of [`vk_to_bytes`], how keys are named and registered.
pub fn vk_hash(vk: &VerifyingKey) -> [u8; 32] {
	Sha256::digest(vk_to_bytes(vk)).into()
}

#[cfg(test)]
mod tests {
	use super::*;
	use group::{Curve, Group};
	use rand_core::SeedableRng;
	use rand_xorshift::XorShiftRng;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	fn random_g1(rng: &mut XorShiftRng) -> G1Affine {
		bls12_381::G1Projective::random(rng).to_affine()
	}

	fn random_g2(rng: &mut XorShiftRng) -> G2Affine {
		bls12_381::G2Projective::random(rng).to_affine()
	}

	fn random_vk(rng: &mut XorShiftRng, inputs: usize) -> VerifyingKey {
		VerifyingKey {
			alpha_g1: random_g1(rng),
			beta_g2: random_g2(rng),
			gamma_g2: random_g2(rng),
			delta_g2: random_g2(rng),
			ic: (0..=inputs).map(|_| random_g1(rng)).collect(),
		}
	}

	#[test]
	fn moduli_match_the_curve_crate() {
		// p − 1 is the largest canonical coordinate; p itself is rejected.
		let mut p_minus_1 = P_BE;
		p_minus_1[47] -= 1;
		let mut enc = [0u8; 128];
		enc[16..64].copy_from_slice(&p_minus_1);
		assert_ne!(g1_from_eip2537(&enc), Err(EncodingError::NotInField));
		enc[16..64].copy_from_slice(&P_BE);
		assert_eq!(g1_from_eip2537(&enc), Err(EncodingError::NotInField));
		// r − 1 is the largest scalar.
		let minus_one = -Scalar::one();
		let mut r_minus_1 = R_BE;
		r_minus_1[31] -= 1;
		assert_eq!(scalar_to_be_bytes(&minus_one), r_minus_1);
	}

	#[test]
	fn g1_round_trips_work() {
		let mut rng = rng();
		for _ in 0..16 {
			let p = random_g1(&mut rng);
			let eip = g1_to_eip2537(&p);
			assert!(eip[..16].iter().chain(&eip[64..80]).all(|&b| b == 0));
			assert_eq!(g1_from_eip2537(&eip), Ok(p));
			let c = g1_to_compressed(&p);
			assert_eq!(g1_from_compressed(&c), Ok(p));
			assert_eq!(g1_to_eip2537(&g1_from_compressed(&c).expect("valid")), eip);
		}
	}

	#[test]
	fn g2_round_trips_work() {
		let mut rng = rng();
		for _ in 0..16 {
			let p = random_g2(&mut rng);
			let eip = g2_to_eip2537(&p);
			assert_eq!(g2_from_eip2537(&eip), Ok(p));
			let c = g2_to_compressed(&p);
			assert_eq!(g2_from_compressed(&c), Ok(p));
			assert_eq!(g2_to_eip2537(&g2_from_compressed(&c).expect("valid")), eip);
		}
	}

	#[test]
	fn g2_orders_fp2_c0_first() {
		// The compressed zcash form starts with x.c1; EIP-2537 starts with x.c0.
		let g = G2Affine::generator();
		let eip = g2_to_eip2537(&g);
		let raw = g.to_uncompressed();
		assert_eq!(&eip[16..64], &raw[48..96]);
		assert_eq!(&eip[80..128], &raw[..48]);
	}

	#[test]
	fn identity_round_trips_work() {
		assert_eq!(g1_to_eip2537(&G1Affine::identity()), [0u8; 128]);
		assert_eq!(g2_to_eip2537(&G2Affine::identity()), [0u8; 256]);
		assert_eq!(g1_from_eip2537(&[0u8; 128]), Ok(G1Affine::identity()));
		assert_eq!(g2_from_eip2537(&[0u8; 256]), Ok(G2Affine::identity()));
		let c1 = g1_to_compressed(&G1Affine::identity());
		assert_eq!(g1_from_compressed(&c1), Ok(G1Affine::identity()));
		let c2 = g2_to_compressed(&G2Affine::identity());
		assert_eq!(g2_from_compressed(&c2), Ok(G2Affine::identity()));
	}

	#[test]
	fn scalar_round_trip_works() {
		let mut rng = rng();
		for _ in 0..16 {
			let s = <Scalar as ff::Field>::random(&mut rng);
			assert_eq!(scalar_from_be_bytes(&scalar_to_be_bytes(&s)), Ok(s));
			assert_eq!(scalar_to_be_bytes(&s), crate::field::to_be_bytes(&s));
		}
		assert_eq!(scalar_to_be_bytes(&Scalar::from(0x0102u64))[30..], [1, 2]);
	}

	#[test]
	fn proof_and_vk_round_trips_work() {
		let mut rng = rng();
		let proof =
			Proof { a: random_g1(&mut rng), b: random_g2(&mut rng), c: random_g1(&mut rng) };
		assert_eq!(proof_from_eip2537(&proof_to_eip2537(&proof)), Ok(proof));
		assert_eq!(proof_from_compressed(&proof_to_compressed(&proof)), Ok(proof));
		let vk = random_vk(&mut rng, 1);
		assert_eq!(vk_from_eip2537(&vk_to_eip2537(&vk)), Ok(vk.clone()));
		assert_eq!(vk_from_compressed(&vk_to_compressed(&vk)), Ok(vk.clone()));
		assert_eq!(vk_from_bytes(&vk_to_bytes(&vk)), Ok(vk.clone()));
		assert_eq!(vk_to_eip2537(&vk).len(), 896 + 2 * 128);
		assert_eq!(vk_to_compressed(&vk).len(), 336 + 2 * 48);
		assert_eq!(vk_to_bytes(&vk)[0], VK_BYTES_VERSION);
		assert_eq!(vk_hash(&vk), <[u8; 32]>::from(Sha256::digest(vk_to_bytes(&vk))));
	}

	#[test]
	fn scale_layout_is_version_then_compressed_points() {
		// version ‖ alpha ‖ beta ‖ gamma ‖ delta ‖ compact(len IC) ‖ IC: the SCALE bytes are
		// the compressed encoding behind a version byte and a one-byte compact length.
		let vk = random_vk(&mut rng(), 1);
		let bytes = vk_to_bytes(&vk);
		let compressed = vk_to_compressed(&vk);
		assert_eq!(bytes[0], VK_BYTES_VERSION);
		assert_eq!(bytes[1..337], compressed[..336]);
		assert_eq!(bytes[337], 2 << 2);
		assert_eq!(bytes[338..], compressed[336..]);
	}

	mod reject {
		use super::*;

		#[test]
		fn non_zero_padding() {
			let mut enc = g1_to_eip2537(&G1Affine::generator());
			enc[64] = 1;
			assert_eq!(g1_from_eip2537(&enc), Err(EncodingError::NonZeroPadding));
			let mut enc = g2_to_eip2537(&G2Affine::generator());
			enc[200] = 1;
			assert_eq!(g2_from_eip2537(&enc), Err(EncodingError::NonZeroPadding));
			let mut zero = [0u8; 128];
			zero[0] = 1;
			assert_eq!(g1_from_eip2537(&zero), Err(EncodingError::NonZeroPadding));
		}

		#[test]
		fn coordinate_not_below_p() {
			let mut enc = g1_to_eip2537(&G1Affine::generator());
			enc[16..64].copy_from_slice(&[0xff; 48]);
			assert_eq!(g1_from_eip2537(&enc), Err(EncodingError::NotInField));
			let mut enc = g2_to_eip2537(&G2Affine::generator());
			enc[208..256].copy_from_slice(&P_BE);
			assert_eq!(g2_from_eip2537(&enc), Err(EncodingError::NotInField));
		}

		#[test]
		fn point_not_on_curve() {
			let mut enc = g1_to_eip2537(&G1Affine::generator());
			enc[127] ^= 1;
			assert_eq!(g1_from_eip2537(&enc), Err(EncodingError::NotOnCurve));
			let mut enc = g2_to_eip2537(&G2Affine::generator());
			enc[255] ^= 1;
			assert_eq!(g2_from_eip2537(&enc), Err(EncodingError::NotOnCurve));
			let mut c = G1Affine::generator().to_compressed();
			c[47] ^= 1;
			assert_eq!(g1_from_compressed(&c), Err(EncodingError::InvalidCompressed));
		}

		#[test]
		fn point_outside_subgroup() {
			// y² = x³ + 4 with x = 0 gives y = 2: on the curve, but not of order r.
			let mut enc = [0u8; 128];
			enc[127] = 2;
			assert_eq!(g1_from_eip2537(&enc), Err(EncodingError::NotInSubgroup));
			// The same point compressed: x = 0 with the compression flag; y = 2 is the
			// lexicographically smaller root (p − 2 > 2), so the sign flag is clear.
			let mut c = [0u8; 48];
			c[0] = 0x80;
			assert!(bool::from(G1Affine::from_compressed_unchecked(&c).is_some()));
			assert_eq!(g1_from_compressed(&c), Err(EncodingError::InvalidCompressed));
		}

		#[test]
		fn wrong_lengths() {
			assert!(matches!(g1_from_eip2537(&[0u8; 127]), Err(EncodingError::WrongLength { .. })));
			assert_eq!(
				proof_from_eip2537(&[0u8; 511]),
				Err(EncodingError::WrongLength {
					what: "proof (EIP-2537)",
					expected: PROOF_EIP2537_LEN,
					got: 511
				})
			);
			assert!(matches!(
				proof_from_compressed(&[0u8; 193]),
				Err(EncodingError::WrongLength { .. })
			));
			assert!(matches!(vk_from_eip2537(&[0u8; 897]), Err(EncodingError::WrongLength { .. })));
			assert_eq!(vk_from_eip2537(&[0u8; 896]), Err(EncodingError::EmptyIc));
			assert!(matches!(
				vk_from_compressed(&[0u8; 337]),
				Err(EncodingError::WrongLength { .. })
			));
			assert!(matches!(
				scalar_from_be_bytes(&[0u8; 31]),
				Err(EncodingError::WrongLength { .. })
			));
		}

		#[test]
		fn scalar_not_below_r() {
			assert_eq!(scalar_from_be_bytes(&R_BE), Err(EncodingError::ScalarOutOfRange));
			assert_eq!(scalar_from_be_bytes(&[0xff; 32]), Err(EncodingError::ScalarOutOfRange));
		}

		#[test]
		fn bad_vk_bytes() {
			let mut rng = rng();
			let mut bytes = vk_to_bytes(&random_vk(&mut rng, 1));
			bytes.push(0);
			assert_eq!(vk_from_bytes(&bytes), Err(EncodingError::MalformedScale));
			bytes.pop();
			bytes[0] = 9;
			assert_eq!(vk_from_bytes(&bytes), Err(EncodingError::UnsupportedVersion(9)));
			assert_eq!(vk_from_bytes(&[]), Err(EncodingError::MalformedScale));
			assert_eq!(vk_from_bytes(&[VK_BYTES_VERSION; 40]), Err(EncodingError::MalformedScale));
			let empty = ScaleVerifyingKey {
				version: VK_BYTES_VERSION,
				alpha_g1: G1Affine::generator().to_compressed(),
				beta_g2: G2Affine::generator().to_compressed(),
				gamma_g2: G2Affine::generator().to_compressed(),
				delta_g2: G2Affine::generator().to_compressed(),
				ic: Vec::new(),
			};
			assert_eq!(vk_from_bytes(&empty.encode()), Err(EncodingError::EmptyIc));
		}
	}
}
