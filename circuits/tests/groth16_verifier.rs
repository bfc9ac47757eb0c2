//! The no_std verifier of `polylink_primitives::groth16` (what the runtime runs) agrees with
//! bellman's `groth16::verify_proof` on fresh toy-circuit proofs, valid and tampered, with the
//! toy circuit's parameters generated here (133 constraints, well under a second).

use bls12_381::{Bls12, G1Projective, Scalar};
use ff::Field;
use groth16::{Parameters, Proof};
use group::Curve;
use polylink_circuits::{
	encoding::{
		proof_to_eip2537, proof_to_primitives, scalar_to_be_bytes, vk_to_bytes, vk_to_primitives,
	},
	prover::prove,
	toy::ToyCircuit,
};
use polylink_primitives::groth16::{
	verify, verify_vk_bytes, PreparedVerifyingKey, ProofBytes, VerifyError,
};
use rand::{rngs::StdRng, SeedableRng};
use rand_core::Rng;

/// Toy-circuit parameters from a fixed seed.
fn params() -> Parameters<Bls12> {
	let mut rng = StdRng::seed_from_u64(0x6716);
	groth16::generate_random_parameters::<Bls12, _, _>(ToyCircuit::blank(), &mut rng)
		.expect("generates")
}

/// A random factor of the toy circuit: at least 2, below 2^64.
fn factor(rng: &mut StdRng) -> u64 {
	rng.next_u64().max(2)
}

/// Both verifiers' verdicts on one proof and input list; they must agree.
fn verdicts(
	params: &Parameters<Bls12>,
	proof: &Proof<Bls12>,
	inputs: &[Scalar],
) -> Result<(), VerifyError> {
	let bellman = groth16::verify_proof(&groth16::prepare_verifying_key(&params.vk), proof, inputs);
	let pvk = PreparedVerifyingKey::new(&vk_to_primitives(&params.vk));
	let ours = verify(&pvk, &proof_to_primitives(proof), inputs);
	assert_eq!(ours.is_ok(), bellman.is_ok(), "ours {ours:?}, bellman {bellman:?}");
	ours
}

#[test]
fn fresh_proofs_verify_like_bellman_works() {
	let params = params();
	let mut rng = StdRng::seed_from_u64(1);
	for _ in 0..4 {
		let (x, y) = (factor(&mut rng), factor(&mut rng));
		let z = ToyCircuit::public_input(x, y);
		let proof = prove(&params, ToyCircuit::new(x, y), &mut rng).expect("proves");
		assert_eq!(verdicts(&params, &proof, &[z]), Ok(()));
		// The byte path the runtime takes: SCALE key, EIP-2537 proof, big-endian input.
		let eip = proof_to_eip2537(&proof);
		assert_eq!(
			verify_vk_bytes(
				&vk_to_bytes(&params.vk),
				ProofBytes::Eip2537(&eip),
				&[scalar_to_be_bytes(&z)]
			),
			Ok(())
		);
	}
}

mod reject {
	use super::*;

	#[test]
	fn tampered_proofs_like_bellman() {
		let params = params();
		let mut rng = StdRng::seed_from_u64(2);
		let g1 = G1Projective::generator();
		for _ in 0..4 {
			let (x, y) = (factor(&mut rng), factor(&mut rng));
			let z = ToyCircuit::public_input(x, y);
			let proof = prove(&params, ToyCircuit::new(x, y), &mut rng).expect("proves");
			let other = prove(&params, ToyCircuit::new(y, x), &mut rng).expect("proves");
			let r = Scalar::random(&mut rng);
			let tampered = [
				("A + G", Proof { a: (proof.a + g1).to_affine(), ..proof.clone() }, z),
				("-B", Proof { b: -proof.b, ..proof.clone() }, z),
				("C + G", Proof { c: (proof.c + g1).to_affine(), ..proof.clone() }, z),
				("A and C swapped", Proof { a: proof.c, c: proof.a, ..proof.clone() }, z),
				("r·A", Proof { a: (proof.a * r).to_affine(), ..proof.clone() }, z),
				("B of another proof", Proof { b: other.b, ..proof.clone() }, z),
				("input + 1", proof.clone(), z + Scalar::ONE),
				("random input", proof.clone(), Scalar::random(&mut rng)),
			];
			for (what, p, input) in tampered {
				assert_eq!(
					verdicts(&params, &p, &[input]),
					Err(VerifyError::ProofInvalid),
					"{what}"
				);
			}
			// Another proof of the same statement (y·x = x·y) verifies, and so does (r·A, B/r):
			// Groth16 proofs are malleable, both verifiers accept the rescaled proof.
			assert_eq!(verdicts(&params, &other, &[z]), Ok(()));
			let b_over_r = proof.b * r.invert().expect("r is non-zero");
			let rescaled =
				Proof { a: (proof.a * r).to_affine(), b: b_over_r.to_affine(), c: proof.c };
			assert_eq!(verdicts(&params, &rescaled, &[z]), Ok(()));
		}
	}

	#[test]
	fn wrong_input_count_like_bellman() {
		let params = params();
		let mut rng = StdRng::seed_from_u64(3);
		let (circuit, z) = ToyCircuit::example();
		let proof = prove(&params, circuit, &mut rng).expect("proves");
		let bellman_pvk = groth16::prepare_verifying_key(&params.vk);
		let pvk = PreparedVerifyingKey::new(&vk_to_primitives(&params.vk));
		for inputs in [&[][..], &[z, z][..]] {
			assert!(groth16::verify_proof(&bellman_pvk, &proof, inputs).is_err());
			assert_eq!(
				verify(&pvk, &proof_to_primitives(&proof), inputs),
				Err(VerifyError::InputCountMismatch { expected: 1, got: inputs.len() })
			);
		}
	}
}
