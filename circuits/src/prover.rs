//! # Proving and verifying
//!
//! Thin wrappers over `groth16` (multicore): [`prove`] makes a proof with fresh randomness
//! `r, s`; [`verify`] checks it against the prepared verifying key for the single public
//! input every Polylink circuit has. The `_timed` variants also return the wall time.
//!
//! These are generic, so they are compiled where they are instantiated: callers outside this
//! crate use the concrete entry points (`exit::prove`, `replica::Applied::prove`), which are
//! instantiated here, with this crate's optimisation, whatever the caller's profile.

use std::time::{Duration, Instant};

use bellman::{Circuit, SynthesisError, VerificationError};
use bls12_381::{Bls12, Scalar as Fr};
use groth16::{Parameters, PreparedVerifyingKey, Proof, VerifyingKey};
use rand_core::Rng;

/// Why a proof could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ProveError {
	/// Synthesis failed: a missing or inconsistent witness, or parameters of another circuit.
	#[error("proving failed: {0}")]
	Synthesis(#[from] SynthesisError),
}

/// Why a proof does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
	/// The verifying key does not have exactly one public input.
	#[error("verifying key has {0} IC elements, expected 2 (one public input)")]
	WrongInputCount(usize),
	/// The pairing check failed.
	#[error("proof is invalid")]
	ProofInvalid,
}

/// Makes a Groth16 proof of `circuit` with `params` and randomness from `rng`.
pub fn prove<C, R>(
	params: &Parameters<Bls12>,
	circuit: C,
	rng: &mut R,
) -> Result<Proof<Bls12>, ProveError>
where
	C: Circuit<Fr>,
	R: Rng,
{
	Ok(groth16::create_random_proof(circuit, params, rng)?)
}

/// [`prove`], also returning the wall time.
pub fn prove_timed<C, R>(
	params: &Parameters<Bls12>,
	circuit: C,
	rng: &mut R,
) -> Result<(Proof<Bls12>, Duration), ProveError>
where
	C: Circuit<Fr>,
	R: Rng,
{
	let start = Instant::now();
	let proof = prove(params, circuit, rng)?;
	Ok((proof, start.elapsed()))
}

/// Prepares a verifying key (one pairing, done once per key).
pub fn prepare(vk: &VerifyingKey<Bls12>) -> PreparedVerifyingKey<Bls12> {
	groth16::prepare_verifying_key(vk)
}

/// Verifies `proof` for `public_input` against a prepared verifying key.
pub fn verify_prepared(
	pvk: &PreparedVerifyingKey<Bls12>,
	proof: &Proof<Bls12>,
	public_input: Fr,
) -> Result<(), VerifyError> {
	groth16::verify_proof(pvk, proof, &[public_input]).map_err(|e| match e {
		VerificationError::InvalidVerifyingKey => VerifyError::WrongInputCount(0),
		VerificationError::InvalidProof => VerifyError::ProofInvalid,
	})
}

/// Verifies `proof` for the single `public_input` against `vk`.
pub fn verify(
	vk: &VerifyingKey<Bls12>,
	proof: &Proof<Bls12>,
	public_input: Fr,
) -> Result<(), VerifyError> {
	if vk.ic.len() != 2 {
		return Err(VerifyError::WrongInputCount(vk.ic.len()));
	}
	verify_prepared(&prepare(vk), proof, public_input)
}

/// [`verify`], also returning the wall time (preparation included).
pub fn verify_timed(
	vk: &VerifyingKey<Bls12>,
	proof: &Proof<Bls12>,
	public_input: Fr,
) -> (Result<(), VerifyError>, Duration) {
	let start = Instant::now();
	let result = verify(vk, proof, public_input);
	(result, start.elapsed())
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::toy::ToyCircuit;
	use rand::{rngs::StdRng, SeedableRng};

	fn params() -> Parameters<Bls12> {
		let mut rng = StdRng::seed_from_u64(7);
		groth16::generate_random_parameters::<Bls12, _, _>(ToyCircuit::blank(), &mut rng)
			.expect("generates")
	}

	#[test]
	fn prove_and_verify_work() {
		let params = params();
		let mut rng = StdRng::seed_from_u64(8);
		let (circuit, z) = ToyCircuit::example();
		let (proof, _) = prove_timed(&params, circuit, &mut rng).expect("proves");
		assert_eq!(verify(&params.vk, &proof, z), Ok(()));
		let (result, _) = verify_timed(&params.vk, &proof, z);
		assert_eq!(result, Ok(()));
	}

	mod reject {
		use super::*;
		use ff::Field;

		#[test]
		fn wrong_public_input() {
			let params = params();
			let mut rng = StdRng::seed_from_u64(9);
			let (circuit, z) = ToyCircuit::example();
			let proof = prove(&params, circuit, &mut rng).expect("proves");
			assert_eq!(verify(&params.vk, &proof, z + Fr::ONE), Err(VerifyError::ProofInvalid));
		}

		#[test]
		fn wrong_input_count() {
			let mut params = params();
			let mut rng = StdRng::seed_from_u64(10);
			let (circuit, z) = ToyCircuit::example();
			let proof = prove(&params, circuit, &mut rng).expect("proves");
			params.vk.ic.pop();
			assert_eq!(verify(&params.vk, &proof, z), Err(VerifyError::WrongInputCount(1)));
		}
	}
}
