//! The no_std Groth16 verifier (`polylink_primitives::groth16`) against the committed
//! artifacts: the verifying keys `circuits/keys/<name>.vk.hex` (SCALE, hex) and the real proofs
//! of `contracts/test/fixtures/{toy_proof,exit_proof,exit_claim,block8_batch1}.json`, read at
//! test time. No bellman: this is the code the runtime runs.
//!
//! JSON fields read: `proof` (EIP-2537, hex), `proof_compressed` (toy and exit), the public
//! input as `public_input` (toy and exit) or `commitment` (exit claim and block), and the key
//! hash as `vk_hash` or `vkHash`.

use std::{fs, path::PathBuf};

use bls12_381::{G1Projective, Scalar};
use ff::Field;
use group::Curve;
use polylink_primitives::{
	commitment::commitment_to_field,
	groth16::{
		encoding::{
			proof_from_compressed, proof_from_eip2537, proof_to_compressed, proof_to_eip2537,
			scalar_from_be_bytes, scalar_to_be_bytes, vk_from_bytes, vk_from_compressed,
			vk_from_eip2537, vk_hash, vk_to_bytes, vk_to_compressed, vk_to_eip2537, R_BE,
		},
		verify, verify_bytes, verify_vk_bytes, EncodingError, PreparedVerifyingKey, Proof,
		ProofBytes, VerifyError,
	},
};

/// A file of the repository, by path from its root.
fn repo_file(path: &str) -> String {
	let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
	fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
}

/// The value of a `"key": "0x…"` field of a JSON fixture, as bytes.
fn json_hex(json: &str, key: &str) -> Vec<u8> {
	let start = json.find(&format!("\"{key}\": \"0x")).expect("field present") + key.len() + 7;
	let end = start + json[start..].find('"').expect("closing quote");
	hex::decode(&json[start..end]).expect("hex")
}

/// One committed proof and everything needed to check it.
struct Fixture {
	/// The fixture file, for messages.
	file: &'static str,
	/// The committed SCALE verifying key.
	vk_bytes: Vec<u8>,
	/// The key hash the fixture records.
	vk_hash: Vec<u8>,
	/// The proof, EIP-2537.
	proof: Vec<u8>,
	/// The proof, compressed, where the fixture has it.
	proof_compressed: Option<Vec<u8>>,
	/// The one public input, 32 bytes big-endian.
	input: [u8; 32],
}

/// The committed SCALE verifying key of circuit `name`.
fn committed_vk_bytes(name: &str) -> Vec<u8> {
	hex::decode(repo_file(&format!("circuits/keys/{name}.vk.hex")).trim()).expect("hex")
}

/// Every committed real proof: toy, exit, the exit claim and the block-8 batch.
fn fixtures() -> Vec<Fixture> {
	let direct = |file: &'static str, circuit: &str| {
		let json = repo_file(&format!("contracts/test/fixtures/{file}"));
		Fixture {
			file,
			vk_bytes: committed_vk_bytes(circuit),
			vk_hash: json_hex(&json, "vk_hash"),
			proof: json_hex(&json, "proof"),
			proof_compressed: Some(json_hex(&json, "proof_compressed")),
			input: json_hex(&json, "public_input").try_into().expect("32 bytes"),
		}
	};
	let committed = |file: &'static str, circuit: &str| {
		let json = repo_file(&format!("contracts/test/fixtures/{file}"));
		let commitment: [u8; 32] = json_hex(&json, "commitment").try_into().expect("32 bytes");
		// The proof's public input is the commitment as a field element.
		assert_eq!(scalar_from_be_bytes(&commitment), Ok(commitment_to_field(&commitment)));
		Fixture {
			file,
			vk_bytes: committed_vk_bytes(circuit),
			vk_hash: json_hex(&json, "vkHash"),
			proof: json_hex(&json, "proof"),
			proof_compressed: None,
			input: commitment,
		}
	};
	vec![
		direct("toy_proof.json", "toy"),
		direct("exit_proof.json", "exit"),
		committed("exit_claim.json", "exit"),
		committed("block8_batch1.json", "block-8"),
	]
}

#[test]
fn committed_keys_decode_to_their_recorded_hashes() {
	for f in fixtures() {
		let vk = vk_from_bytes(&f.vk_bytes).expect("valid verifying key");
		assert_eq!(vk.num_inputs(), 1, "{}", f.file);
		assert_eq!(vk_hash(&vk).as_slice(), f.vk_hash, "{}: vk_hash changed", f.file);
		// The encoders reproduce the committed bytes exactly.
		assert_eq!(vk_to_bytes(&vk), f.vk_bytes, "{}", f.file);
		assert_eq!(vk_from_eip2537(&vk_to_eip2537(&vk)), Ok(vk.clone()), "{}", f.file);
		assert_eq!(vk_from_compressed(&vk_to_compressed(&vk)), Ok(vk.clone()), "{}", f.file);
	}
}

#[test]
fn committed_proofs_decode_and_reencode_unchanged() {
	for f in fixtures() {
		let proof = proof_from_eip2537(&f.proof).expect("valid proof");
		assert_eq!(proof_to_eip2537(&proof).as_slice(), f.proof, "{}", f.file);
		if let Some(compressed) = &f.proof_compressed {
			assert_eq!(proof_from_compressed(compressed), Ok(proof), "{}", f.file);
			assert_eq!(proof_to_compressed(&proof).as_slice(), compressed, "{}", f.file);
		}
	}
}

#[test]
fn committed_proofs_verify_works() {
	for f in fixtures() {
		let pvk = PreparedVerifyingKey::from_bytes(&f.vk_bytes).expect("valid verifying key");
		let proof = proof_from_eip2537(&f.proof).expect("valid proof");
		let input = scalar_from_be_bytes(&f.input).expect("input below r");
		assert_eq!(verify(&pvk, &proof, &[input]), Ok(()), "{}", f.file);
		assert_eq!(verify_bytes(&pvk, ProofBytes::Eip2537(&f.proof), &[f.input]), Ok(()));
		assert_eq!(verify_vk_bytes(&f.vk_bytes, ProofBytes::Eip2537(&f.proof), &[f.input]), Ok(()));
		if let Some(compressed) = &f.proof_compressed {
			assert_eq!(verify_bytes(&pvk, ProofBytes::Compressed(compressed), &[f.input]), Ok(()));
		}
	}
}

mod reject {
	use super::*;

	/// The block-8 fixture's prepared key, proof and input.
	fn block8() -> (PreparedVerifyingKey, Proof, Scalar, Fixture) {
		let f = fixtures().pop().expect("block-8 is last");
		assert_eq!(f.file, "block8_batch1.json");
		let pvk = PreparedVerifyingKey::from_bytes(&f.vk_bytes).expect("valid verifying key");
		let proof = proof_from_eip2537(&f.proof).expect("valid proof");
		let input = scalar_from_be_bytes(&f.input).expect("input below r");
		assert_eq!(verify(&pvk, &proof, &[input]), Ok(()));
		(pvk, proof, input, f)
	}

	#[test]
	fn changed_proof_elements() {
		let (pvk, proof, x, _) = block8();
		let g1 = G1Projective::generator();
		let a = Proof { a: (proof.a + g1).to_affine(), ..proof };
		assert_eq!(verify(&pvk, &a, &[x]), Err(VerifyError::ProofInvalid));
		let b = Proof { b: -proof.b, ..proof };
		assert_eq!(verify(&pvk, &b, &[x]), Err(VerifyError::ProofInvalid));
		let c = Proof { c: (proof.c + g1).to_affine(), ..proof };
		assert_eq!(verify(&pvk, &c, &[x]), Err(VerifyError::ProofInvalid));
	}

	#[test]
	fn changed_input() {
		let (pvk, proof, x, f) = block8();
		assert_eq!(verify(&pvk, &proof, &[x + Scalar::ONE]), Err(VerifyError::ProofInvalid));
		let mut flipped = f.input;
		flipped[31] ^= 1;
		assert_eq!(
			verify_bytes(&pvk, ProofBytes::Eip2537(&f.proof), &[flipped]),
			Err(VerifyError::ProofInvalid)
		);
	}

	#[test]
	fn input_plus_r() {
		// The toy input plus r is the same residue, unreduced: refused before any pairing.
		let f = fixtures().swap_remove(0);
		assert_eq!(f.file, "toy_proof.json");
		let mut big = [0u8; 32];
		let mut carry = 0u16;
		for i in (0..32).rev() {
			let sum = u16::from(f.input[i]) + u16::from(R_BE[i]) + carry;
			big[i] = sum as u8;
			carry = sum >> 8;
		}
		assert_eq!(carry, 0, "input + r fits 256 bits");
		assert_eq!(
			verify_vk_bytes(&f.vk_bytes, ProofBytes::Eip2537(&f.proof), &[big]),
			Err(VerifyError::Malformed(EncodingError::ScalarOutOfRange))
		);
	}

	#[test]
	fn wrong_input_count() {
		let (pvk, proof, x, _) = block8();
		assert_eq!(
			verify(&pvk, &proof, &[]),
			Err(VerifyError::InputCountMismatch { expected: 1, got: 0 })
		);
		assert_eq!(
			verify(&pvk, &proof, &[x, Scalar::ZERO]),
			Err(VerifyError::InputCountMismatch { expected: 1, got: 2 })
		);
	}

	#[test]
	fn proof_under_another_circuits_key() {
		let all = fixtures();
		for f in &all {
			for other in all.iter().filter(|o| o.vk_bytes != f.vk_bytes) {
				assert_eq!(
					verify_vk_bytes(&other.vk_bytes, ProofBytes::Eip2537(&f.proof), &[f.input]),
					Err(VerifyError::ProofInvalid),
					"{} under {}'s key",
					f.file,
					other.file
				);
			}
		}
	}

	#[test]
	fn identity_proof() {
		let (pvk, _, x, _) = block8();
		assert_eq!(
			verify_bytes(&pvk, ProofBytes::Eip2537(&[0u8; 512]), &[scalar_to_be_bytes(&x)]),
			Err(VerifyError::ProofInvalid)
		);
	}

	#[test]
	fn malformed_proof_bytes() {
		let (pvk, _, _, f) = block8();
		let mut off_curve = f.proof.clone();
		off_curve[511] ^= 1;
		assert_eq!(
			verify_bytes(&pvk, ProofBytes::Eip2537(&off_curve), &[f.input]),
			Err(VerifyError::Malformed(EncodingError::NotOnCurve))
		);
		let mut outside = f.proof.clone();
		outside[384..].fill(0);
		outside[511] = 2;
		assert_eq!(
			verify_bytes(&pvk, ProofBytes::Eip2537(&outside), &[f.input]),
			Err(VerifyError::Malformed(EncodingError::NotInSubgroup))
		);
		let mut not_in_field = f.proof.clone();
		not_in_field[144..192].fill(0xff);
		assert_eq!(
			verify_bytes(&pvk, ProofBytes::Eip2537(&not_in_field), &[f.input]),
			Err(VerifyError::Malformed(EncodingError::NotInField))
		);
	}
}
