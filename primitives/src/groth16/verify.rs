//! # The Groth16 verifier (no_std)
//!
//! A proof `(A, B, C)` is valid for public inputs `x_1..x_n` under a verifying key when
//!
//! ```text
//! e(A, B) = e(alpha, beta) · e(vk_x, gamma) · e(C, delta),   vk_x = IC[0] + Σ x_i·IC[i]
//! ```
//!
//! [`PreparedVerifyingKey`] holds `e(alpha, beta)` and `−gamma`, `−delta` as [`G2Prepared`],
//! so that [`verify`] moves everything to one side,
//! `e(A, B) · e(vk_x, −gamma) · e(C, −delta) = e(alpha, beta)`, and pays one multi-Miller loop
//! over three pairs and one final exponentiation. This is the check bellman's
//! `groth16::verify_proof` makes; [`verify`] also refuses a proof with an identity element,
//! which no honest prover produces (its `A`, `B`, `C` carry fresh randomness).
//!
//! [`verify_bytes`] and [`verify_vk_bytes`] are for untrusted bytes: they decode the proof and
//! the inputs with full validation (canonical, on the curve, in the subgroup, inputs below r)
//! before any pairing.
//!
//! ## Complexity
//! [`PreparedVerifyingKey::new`]: one pairing and two G2 preparations. [`verify`]: `n` G1
//! scalar multiplications, one G2 preparation, a three-pair Miller loop and one final
//! exponentiation.

use alloc::vec::Vec;
use core::fmt;

use bls12_381::{multi_miller_loop, pairing, G1Affine, G1Projective, G2Prepared, Gt, Scalar};

use super::{
	encoding::{
		proof_from_compressed, proof_from_eip2537, scalar_from_be_bytes, vk_from_bytes,
		EncodingError, SCALAR_LEN,
	},
	Proof, VerifyingKey,
};

/// A verifying key with the verifier's per-key work done once.
#[derive(Clone, Debug)]
pub struct PreparedVerifyingKey {
	/// `e(alpha, beta)`.
	alpha_g1_beta_g2: Gt,
	/// `−gamma`, prepared for the Miller loop.
	neg_gamma_g2: G2Prepared,
	/// `−delta`, prepared for the Miller loop.
	neg_delta_g2: G2Prepared,
	/// The input commitments `IC[0..=n]`.
	ic: Vec<G1Affine>,
}

impl PreparedVerifyingKey {
	/// Prepares `vk`: computes `e(alpha, beta)` and prepares `−gamma`, `−delta`.
	pub fn new(vk: &VerifyingKey) -> Self {
		Self {
			alpha_g1_beta_g2: pairing(&vk.alpha_g1, &vk.beta_g2),
			neg_gamma_g2: G2Prepared::from(-vk.gamma_g2),
			neg_delta_g2: G2Prepared::from(-vk.delta_g2),
			ic: vk.ic.clone(),
		}
	}

	/// Decodes a SCALE verifying key ([`super::encoding::vk_to_bytes`]) and prepares it.
	pub fn from_bytes(vk_bytes: &[u8]) -> Result<Self, EncodingError> {
		Ok(Self::new(&vk_from_bytes(vk_bytes)?))
	}

	/// The number of public inputs the key takes.
	pub fn num_inputs(&self) -> usize {
		self.ic.len().saturating_sub(1)
	}
}

impl From<&VerifyingKey> for PreparedVerifyingKey {
	fn from(vk: &VerifyingKey) -> Self {
		Self::new(vk)
	}
}

/// Why a proof does not verify.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
	/// The number of public inputs is not the key's.
	InputCountMismatch {
		/// The number of inputs the key takes.
		expected: usize,
		/// The number of inputs given.
		got: usize,
	},
	/// The proof has an identity element or does not satisfy the pairing equation.
	ProofInvalid,
	/// The key, proof or a public input does not decode.
	Malformed(EncodingError),
}

impl fmt::Display for VerifyError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			Self::InputCountMismatch { expected, got } => {
				write!(f, "verifying key takes {expected} public inputs, got {got}")
			}
			Self::ProofInvalid => f.write_str("proof is invalid"),
			Self::Malformed(e) => write!(f, "malformed verifier input: {e}"),
		}
	}
}

impl core::error::Error for VerifyError {
	fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
		match self {
			Self::Malformed(e) => Some(e),
			_ => None,
		}
	}
}

impl From<EncodingError> for VerifyError {
	fn from(e: EncodingError) -> Self {
		Self::Malformed(e)
	}
}

/// Verifies `proof` for `public_inputs` against a prepared verifying key.
pub fn verify(
	pvk: &PreparedVerifyingKey,
	proof: &Proof,
	public_inputs: &[Scalar],
) -> Result<(), VerifyError> {
	if public_inputs.len() + 1 != pvk.ic.len() {
		return Err(VerifyError::InputCountMismatch {
			expected: pvk.num_inputs(),
			got: public_inputs.len(),
		});
	}
	// NB: with a degenerate key (alpha and IC the identity) the identity proof satisfies the
	// pairing equation; honest proofs never contain the identity, so refuse it outright.
	if bool::from(proof.a.is_identity() | proof.b.is_identity() | proof.c.is_identity()) {
		return Err(VerifyError::ProofInvalid);
	}
	// vk_x = IC[0] + Σ x_i·IC[i]
	let vk_x = pvk.ic[1..]
		.iter()
		.zip(public_inputs)
		.fold(G1Projective::from(pvk.ic[0]), |acc, (ic, x)| acc + ic * x);
	let vk_x = G1Affine::from(vk_x);
	let b = G2Prepared::from(proof.b);
	// e(A, B) · e(vk_x, −gamma) · e(C, −delta) = e(alpha, beta)
	let lhs = multi_miller_loop(&[
		(&proof.a, &b),
		(&vk_x, &pvk.neg_gamma_g2),
		(&proof.c, &pvk.neg_delta_g2),
	])
	.final_exponentiation();
	if lhs == pvk.alpha_g1_beta_g2 {
		Ok(())
	} else {
		Err(VerifyError::ProofInvalid)
	}
}

/// A proof's bytes, in one of the two proof encodings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProofBytes<'a> {
	/// `A ‖ B ‖ C` in EIP-2537 form (512 bytes), as the L1 verifiers take it.
	Eip2537(&'a [u8]),
	/// `A ‖ B ‖ C` compressed (192 bytes).
	Compressed(&'a [u8]),
}

impl ProofBytes<'_> {
	/// Decodes and validates the proof.
	pub fn decode(&self) -> Result<Proof, EncodingError> {
		match self {
			Self::Eip2537(bytes) => proof_from_eip2537(bytes),
			Self::Compressed(bytes) => proof_from_compressed(bytes),
		}
	}
}

/// Decodes `proof` and the 32-byte big-endian `public_inputs` (each below r), then [`verify`]s.
pub fn verify_bytes(
	pvk: &PreparedVerifyingKey,
	proof: ProofBytes<'_>,
	public_inputs: &[[u8; SCALAR_LEN]],
) -> Result<(), VerifyError> {
	let proof = proof.decode()?;
	let inputs =
		public_inputs.iter().map(|x| scalar_from_be_bytes(x)).collect::<Result<Vec<_>, _>>()?;
	verify(pvk, &proof, &inputs)
}

/// [`verify_bytes`] against a SCALE verifying key ([`super::encoding::vk_to_bytes`]), decoded
/// and prepared for this one call.
pub fn verify_vk_bytes(
	vk_bytes: &[u8],
	proof: ProofBytes<'_>,
	public_inputs: &[[u8; SCALAR_LEN]],
) -> Result<(), VerifyError> {
	verify_bytes(&PreparedVerifyingKey::from_bytes(vk_bytes)?, proof, public_inputs)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::groth16::encoding::{
		proof_to_compressed, proof_to_eip2537, scalar_to_be_bytes, vk_to_bytes, R_BE,
	};
	use bls12_381::G2Affine;
	use ff::Field;
	use group::Curve;
	use rand_core::SeedableRng;
	use rand_xorshift::XorShiftRng;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	/// A verifying key with a known trapdoor, so that valid proofs can be simulated.
	struct Trapdoor {
		alpha: Scalar,
		beta: Scalar,
		gamma: Scalar,
		delta: Scalar,
		ic: Vec<Scalar>,
	}

	impl Trapdoor {
		fn random(rng: &mut XorShiftRng, inputs: usize) -> Self {
			Self {
				alpha: Scalar::random(&mut *rng),
				beta: Scalar::random(&mut *rng),
				gamma: Scalar::random(&mut *rng),
				delta: Scalar::random(&mut *rng),
				ic: (0..=inputs).map(|_| Scalar::random(&mut *rng)).collect(),
			}
		}

		fn vk(&self) -> VerifyingKey {
			let g1 = |s: &Scalar| (G1Affine::generator() * s).to_affine();
			let g2 = |s: &Scalar| (G2Affine::generator() * s).to_affine();
			VerifyingKey {
				alpha_g1: g1(&self.alpha),
				beta_g2: g2(&self.beta),
				gamma_g2: g2(&self.gamma),
				delta_g2: g2(&self.delta),
				ic: self.ic.iter().map(g1).collect(),
			}
		}

		/// A valid proof for `inputs`: random `a, b`, and `c` solving
		/// `a·b = alpha·beta + x·gamma + c·delta` with `x` the discrete log of `vk_x`.
		fn simulate(&self, rng: &mut XorShiftRng, inputs: &[Scalar]) -> Proof {
			let x = self.ic[1..].iter().zip(inputs).fold(self.ic[0], |acc, (k, x)| acc + k * x);
			let (a, b) = (Scalar::random(&mut *rng), Scalar::random(&mut *rng));
			let c = (a * b - self.alpha * self.beta - x * self.gamma)
				* self.delta.invert().expect("delta is non-zero");
			Proof {
				a: (G1Affine::generator() * a).to_affine(),
				b: (G2Affine::generator() * b).to_affine(),
				c: (G1Affine::generator() * c).to_affine(),
			}
		}
	}

	fn random_inputs(rng: &mut XorShiftRng, n: usize) -> Vec<Scalar> {
		(0..n).map(|_| Scalar::random(&mut *rng)).collect()
	}

	#[test]
	fn simulated_proofs_verify_works() {
		let mut rng = rng();
		for n in [0, 1, 3] {
			let trapdoor = Trapdoor::random(&mut rng, n);
			let pvk = PreparedVerifyingKey::new(&trapdoor.vk());
			assert_eq!(pvk.num_inputs(), n);
			let inputs = random_inputs(&mut rng, n);
			let proof = trapdoor.simulate(&mut rng, &inputs);
			assert_eq!(verify(&pvk, &proof, &inputs), Ok(()));
		}
	}

	#[test]
	fn verify_bytes_works() {
		let mut rng = rng();
		let trapdoor = Trapdoor::random(&mut rng, 2);
		let vk = trapdoor.vk();
		let inputs = random_inputs(&mut rng, 2);
		let proof = trapdoor.simulate(&mut rng, &inputs);
		let be: Vec<_> = inputs.iter().map(scalar_to_be_bytes).collect();
		let pvk = PreparedVerifyingKey::from_bytes(&vk_to_bytes(&vk)).expect("valid key");
		let eip = proof_to_eip2537(&proof);
		let compressed = proof_to_compressed(&proof);
		assert_eq!(verify_bytes(&pvk, ProofBytes::Eip2537(&eip), &be), Ok(()));
		assert_eq!(verify_bytes(&pvk, ProofBytes::Compressed(&compressed), &be), Ok(()));
		assert_eq!(verify_vk_bytes(&vk_to_bytes(&vk), ProofBytes::Eip2537(&eip), &be), Ok(()));
	}

	mod reject {
		use super::*;

		/// A one-input key, its prepared form, an input and a valid proof for it.
		fn setup() -> (XorShiftRng, PreparedVerifyingKey, Scalar, Proof) {
			let mut rng = rng();
			let trapdoor = Trapdoor::random(&mut rng, 1);
			let x = Scalar::random(&mut rng);
			let proof = trapdoor.simulate(&mut rng, &[x]);
			let pvk = PreparedVerifyingKey::new(&trapdoor.vk());
			assert_eq!(verify(&pvk, &proof, &[x]), Ok(()));
			(rng, pvk, x, proof)
		}

		#[test]
		fn changed_proof_elements() {
			let (_, pvk, x, proof) = setup();
			let g1 = G1Projective::generator();
			let a = Proof { a: (proof.a + g1).to_affine(), ..proof };
			assert_eq!(verify(&pvk, &a, &[x]), Err(VerifyError::ProofInvalid));
			let b = Proof { b: -proof.b, ..proof };
			assert_eq!(verify(&pvk, &b, &[x]), Err(VerifyError::ProofInvalid));
			let c = Proof { c: (proof.c + g1).to_affine(), ..proof };
			assert_eq!(verify(&pvk, &c, &[x]), Err(VerifyError::ProofInvalid));
			let swapped = Proof { a: proof.c, c: proof.a, ..proof };
			assert_eq!(verify(&pvk, &swapped, &[x]), Err(VerifyError::ProofInvalid));
		}

		#[test]
		fn changed_input() {
			let (_, pvk, x, proof) = setup();
			assert_eq!(verify(&pvk, &proof, &[x + Scalar::ONE]), Err(VerifyError::ProofInvalid));
		}

		#[test]
		fn wrong_input_count() {
			let (_, pvk, x, proof) = setup();
			assert_eq!(
				verify(&pvk, &proof, &[]),
				Err(VerifyError::InputCountMismatch { expected: 1, got: 0 })
			);
			assert_eq!(
				verify(&pvk, &proof, &[x, x]),
				Err(VerifyError::InputCountMismatch { expected: 1, got: 2 })
			);
		}

		#[test]
		fn key_without_ic() {
			let (_, _, x, proof) = setup();
			let mut vk = Trapdoor::random(&mut rng(), 0).vk();
			vk.ic.clear();
			let pvk = PreparedVerifyingKey::new(&vk);
			assert_eq!(
				verify(&pvk, &proof, &[x]),
				Err(VerifyError::InputCountMismatch { expected: 0, got: 1 })
			);
			assert_eq!(
				verify(&pvk, &proof, &[]),
				Err(VerifyError::InputCountMismatch { expected: 0, got: 0 })
			);
		}

		#[test]
		fn identity_proof() {
			let identity =
				Proof { a: G1Affine::identity(), b: G2Affine::identity(), c: G1Affine::identity() };
			let (_, pvk, x, proof) = setup();
			assert_eq!(verify(&pvk, &identity, &[x]), Err(VerifyError::ProofInvalid));
			// Under a degenerate key (alpha and IC the identity) the identity proof satisfies
			// the pairing equation; only the explicit identity check refuses it.
			let mut vk = Trapdoor::random(&mut rng(), 1).vk();
			vk.alpha_g1 = G1Affine::identity();
			vk.ic = alloc::vec![G1Affine::identity(); 2];
			let degenerate = PreparedVerifyingKey::new(&vk);
			let lhs = multi_miller_loop(&[
				(&identity.a, &G2Prepared::from(identity.b)),
				(&G1Affine::identity(), &degenerate.neg_gamma_g2),
				(&identity.c, &degenerate.neg_delta_g2),
			])
			.final_exponentiation();
			assert_eq!(lhs, degenerate.alpha_g1_beta_g2);
			assert_eq!(verify(&degenerate, &identity, &[x]), Err(VerifyError::ProofInvalid));
			// Each element alone set to the identity is refused too.
			for p in [
				Proof { a: G1Affine::identity(), ..proof },
				Proof { b: G2Affine::identity(), ..proof },
				Proof { c: G1Affine::identity(), ..proof },
			] {
				assert_eq!(verify(&pvk, &p, &[x]), Err(VerifyError::ProofInvalid));
			}
		}

		#[test]
		fn input_not_below_r() {
			let (_, pvk, x, proof) = setup();
			let eip = proof_to_eip2537(&proof);
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&eip), &[scalar_to_be_bytes(&x)]),
				Ok(())
			);
			// r + 1 (r ends in 0x01: no carry) is the residue 1 unreduced; it is refused.
			let mut r_plus_one = R_BE;
			r_plus_one[31] += 1;
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&eip), &[R_BE]),
				Err(VerifyError::Malformed(EncodingError::ScalarOutOfRange))
			);
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&eip), &[r_plus_one]),
				Err(VerifyError::Malformed(EncodingError::ScalarOutOfRange))
			);
		}

		#[test]
		fn malformed_proof_bytes() {
			let (_, pvk, x, proof) = setup();
			let input = [scalar_to_be_bytes(&x)];
			let eip = proof_to_eip2537(&proof);
			let mut off_curve = eip;
			off_curve[127] ^= 1;
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&off_curve), &input),
				Err(VerifyError::Malformed(EncodingError::NotOnCurve))
			);
			// A = (0, 2): on the curve, outside the subgroup.
			let mut outside = eip;
			outside[..128].fill(0);
			outside[127] = 2;
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&outside), &input),
				Err(VerifyError::Malformed(EncodingError::NotInSubgroup))
			);
			let mut padded = eip;
			padded[128] = 1;
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&padded), &input),
				Err(VerifyError::Malformed(EncodingError::NonZeroPadding))
			);
			assert!(matches!(
				verify_bytes(&pvk, ProofBytes::Eip2537(&eip[..511]), &input),
				Err(VerifyError::Malformed(EncodingError::WrongLength { .. }))
			));
			let mut compressed = proof_to_compressed(&proof);
			compressed[191] ^= 1;
			assert_eq!(
				verify_bytes(&pvk, ProofBytes::Compressed(&compressed), &input),
				Err(VerifyError::Malformed(EncodingError::InvalidCompressed))
			);
			assert!(matches!(
				verify_bytes(&pvk, ProofBytes::Compressed(&eip), &input),
				Err(VerifyError::Malformed(EncodingError::WrongLength { .. }))
			));
		}

		#[test]
		fn malformed_key_bytes() {
			let (_, _, x, proof) = setup();
			let eip = proof_to_eip2537(&proof);
			assert_eq!(
				verify_vk_bytes(&[2], ProofBytes::Eip2537(&eip), &[scalar_to_be_bytes(&x)]),
				Err(VerifyError::Malformed(EncodingError::UnsupportedVersion(2)))
			);
		}
	}
}
