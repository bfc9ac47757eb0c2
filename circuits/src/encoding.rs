//! # Encodings of points, proofs and verifying keys (bellman types)
//!
//! The byte formats are defined once, in the no_std `polylink_primitives::groth16::encoding`
//! (EIP-2537 for the L1 precompiles, compressed, and the versioned SCALE verifying key with its
//! hash), which the appchain runtime uses too. This module converts between bellman's
//! `groth16::{Proof, VerifyingKey}` and the primitives types ([`proof_to_primitives`],
//! [`vk_to_primitives`] and back) and delegates every encoding there; point, scalar and
//! constant items are re-exported unchanged.
//!
//! ## Assumptions
//! `beta_g1` and `delta_g1` belong to the proving key, not to the verifying key proper; they
//! are not encoded, and decoding sets them to the identity. Nothing that verifies reads them.

use bls12_381::{Bls12, G1Affine};
use groth16::{Proof, VerifyingKey};
use polylink_primitives::groth16::{self as pg, encoding as pe};

pub use polylink_primitives::groth16::encoding::{
	g1_from_compressed, g1_from_eip2537, g1_to_compressed, g1_to_eip2537, g2_from_compressed,
	g2_from_eip2537, g2_to_compressed, g2_to_eip2537, scalar_from_be_bytes, scalar_to_be_bytes,
	EncodingError, ScaleVerifyingKey, G1_COMPRESSED_LEN, G1_EIP2537_LEN, G2_COMPRESSED_LEN,
	G2_EIP2537_LEN, PROOF_COMPRESSED_LEN, PROOF_EIP2537_LEN, P_BE, R_BE, SCALAR_LEN,
	VK_BYTES_VERSION,
};

/// The no_std proof of a bellman proof.
pub fn proof_to_primitives(proof: &Proof<Bls12>) -> pg::Proof {
	pg::Proof { a: proof.a, b: proof.b, c: proof.c }
}

/// The bellman proof of a no_std proof.
pub fn proof_from_primitives(proof: &pg::Proof) -> Proof<Bls12> {
	Proof { a: proof.a, b: proof.b, c: proof.c }
}

/// The no_std verifying key of a bellman key (drops the proving-only `beta_g1`, `delta_g1`).
pub fn vk_to_primitives(vk: &VerifyingKey<Bls12>) -> pg::VerifyingKey {
	pg::VerifyingKey {
		alpha_g1: vk.alpha_g1,
		beta_g2: vk.beta_g2,
		gamma_g2: vk.gamma_g2,
		delta_g2: vk.delta_g2,
		ic: vk.ic.clone(),
	}
}

/// The bellman verifying key of a no_std key; `beta_g1` and `delta_g1` are the identity.
pub fn vk_from_primitives(vk: pg::VerifyingKey) -> VerifyingKey<Bls12> {
	VerifyingKey {
		alpha_g1: vk.alpha_g1,
		beta_g1: G1Affine::identity(),
		beta_g2: vk.beta_g2,
		gamma_g2: vk.gamma_g2,
		delta_g1: G1Affine::identity(),
		delta_g2: vk.delta_g2,
		ic: vk.ic,
	}
}

/// Encodes a proof as `A ‖ B ‖ C` in EIP-2537 form (512 bytes), what the L1 verifier reads.
pub fn proof_to_eip2537(proof: &Proof<Bls12>) -> [u8; PROOF_EIP2537_LEN] {
	pe::proof_to_eip2537(&proof_to_primitives(proof))
}

/// Decodes and validates a proof from its EIP-2537 form.
pub fn proof_from_eip2537(bytes: &[u8]) -> Result<Proof<Bls12>, EncodingError> {
	pe::proof_from_eip2537(bytes).map(|p| proof_from_primitives(&p))
}

/// Encodes a proof as compressed `A ‖ B ‖ C` (192 bytes).
pub fn proof_to_compressed(proof: &Proof<Bls12>) -> [u8; PROOF_COMPRESSED_LEN] {
	pe::proof_to_compressed(&proof_to_primitives(proof))
}

/// Decodes and validates a compressed proof.
pub fn proof_from_compressed(bytes: &[u8]) -> Result<Proof<Bls12>, EncodingError> {
	pe::proof_from_compressed(bytes).map(|p| proof_from_primitives(&p))
}

/// Encodes a verifying key in EIP-2537 form: `alpha ‖ beta ‖ gamma ‖ delta ‖ IC[..]`.
pub fn vk_to_eip2537(vk: &VerifyingKey<Bls12>) -> Vec<u8> {
	pe::vk_to_eip2537(&vk_to_primitives(vk))
}

/// Decodes and validates a verifying key from its EIP-2537 form.
pub fn vk_from_eip2537(bytes: &[u8]) -> Result<VerifyingKey<Bls12>, EncodingError> {
	pe::vk_from_eip2537(bytes).map(vk_from_primitives)
}

/// Encodes a verifying key in compressed form: `alpha ‖ beta ‖ gamma ‖ delta ‖ IC[..]`.
pub fn vk_to_compressed(vk: &VerifyingKey<Bls12>) -> Vec<u8> {
	pe::vk_to_compressed(&vk_to_primitives(vk))
}

/// Decodes and validates a verifying key from its compressed form.
pub fn vk_from_compressed(bytes: &[u8]) -> Result<VerifyingKey<Bls12>, EncodingError> {
	pe::vk_from_compressed(bytes).map(vk_from_primitives)
}

/// Encodes a verifying key as SCALE bytes (version byte first, compressed points).
pub fn vk_to_bytes(vk: &VerifyingKey<Bls12>) -> Vec<u8> {
	pe::vk_to_bytes(&vk_to_primitives(vk))
}

/// Decodes and validates a verifying key from [`vk_to_bytes`] bytes (all bytes must be used).
pub fn vk_from_bytes(bytes: &[u8]) -> Result<VerifyingKey<Bls12>, EncodingError> {
	pe::vk_from_bytes(bytes).map(vk_from_primitives)
}

/// The verifying-key hash: SHA-256 of [`vk_to_bytes`], how keys are named and registered.
pub fn vk_hash(vk: &VerifyingKey<Bls12>) -> [u8; 32] {
	pe::vk_hash(&vk_to_primitives(vk))
}

#[cfg(test)]
mod tests {
	use super::*;
	use bls12_381::{G1Projective, G2Affine, G2Projective};
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
		G1Projective::random(rng).to_affine()
	}

	fn random_g2(rng: &mut XorShiftRng) -> G2Affine {
		G2Projective::random(rng).to_affine()
	}

	/// A bellman key with random proving-only fields too.
	fn random_vk(rng: &mut XorShiftRng) -> VerifyingKey<Bls12> {
		VerifyingKey {
			alpha_g1: random_g1(rng),
			beta_g1: random_g1(rng),
			beta_g2: random_g2(rng),
			gamma_g2: random_g2(rng),
			delta_g1: random_g1(rng),
			delta_g2: random_g2(rng),
			ic: (0..2).map(|_| random_g1(rng)).collect(),
		}
	}

	#[test]
	fn proof_round_trips_work() {
		let mut rng = rng();
		let proof = Proof::<Bls12> {
			a: random_g1(&mut rng),
			b: random_g2(&mut rng),
			c: random_g1(&mut rng),
		};
		assert_eq!(proof_from_primitives(&proof_to_primitives(&proof)), proof);
		assert_eq!(proof_from_eip2537(&proof_to_eip2537(&proof)), Ok(proof.clone()));
		assert_eq!(proof_from_compressed(&proof_to_compressed(&proof)), Ok(proof.clone()));
		// A ‖ B ‖ C, in both forms.
		let eip = proof_to_eip2537(&proof);
		assert_eq!(eip[..128], g1_to_eip2537(&proof.a));
		assert_eq!(eip[128..384], g2_to_eip2537(&proof.b));
		assert_eq!(eip[384..], g1_to_eip2537(&proof.c));
		assert_eq!(proof_to_compressed(&proof)[48..144], g2_to_compressed(&proof.b));
	}

	#[test]
	fn vk_round_trips_drop_the_proving_only_fields() {
		let vk = random_vk(&mut rng());
		let expected = VerifyingKey {
			beta_g1: G1Affine::identity(),
			delta_g1: G1Affine::identity(),
			..vk.clone()
		};
		assert!(vk_from_primitives(vk_to_primitives(&vk)) == expected);
		assert!(vk_from_bytes(&vk_to_bytes(&vk)).is_ok_and(|d| d == expected));
		assert!(vk_from_eip2537(&vk_to_eip2537(&vk)).is_ok_and(|d| d == expected));
		assert!(vk_from_compressed(&vk_to_compressed(&vk)).is_ok_and(|d| d == expected));
		// The proving-only fields do not reach the bytes, so not the hash either.
		assert_eq!(vk_to_bytes(&vk), vk_to_bytes(&expected));
		assert_eq!(vk_hash(&vk), vk_hash(&expected));
	}

	#[test]
	fn decoding_errors_pass_through() {
		assert_eq!(vk_from_bytes(&[9]).err(), Some(EncodingError::UnsupportedVersion(9)));
		assert!(matches!(
			proof_from_eip2537(&[0u8; 511]),
			Err(EncodingError::WrongLength { expected: PROOF_EIP2537_LEN, got: 511, .. })
		));
	}
}
