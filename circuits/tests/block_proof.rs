//! End to end: a real Groth16 proof of a real executor batch on the smallest block circuit,
//! verified natively; the same proof with a changed public input, and a proof with a changed
//! byte, are rejected.
//!
//! Parameters come from the on-disk cache (`$POLYLINK_PARAMS_DIR` or
//! `$HOME/.cache/polylink/params`), generated on the first run (minutes; progress is printed).

use group::GroupEncoding;
use polylink_circuits::{
	block::sizes::Block1,
	encoding::{proof_from_eip2537, proof_to_eip2537},
	params::{default_cache_dir, load_or_generate},
	prover::{prove, verify},
	registry::RegisteredCircuit,
};
use polylink_primitives::field::Fr;
use rand::SeedableRng;

#[test]
fn block_proof_verifies_and_rejects_tampering() {
	let dir = default_cache_dir();
	let params =
		load_or_generate(Block1::NAME, Block1::blank(), &dir, &|m| eprintln!("[block-1] {m}"))
			.expect("parameters");
	let (circuit, input) = Block1::example();
	let mut rng = rand::rngs::StdRng::seed_from_u64(7);
	let proof = prove(&params, circuit, &mut rng).expect("prove");
	assert_eq!(verify(&params.vk, &proof, input), Ok(()));

	// The same proof does not prove another commitment.
	assert!(verify(&params.vk, &proof, input + Fr::from(1u64)).is_err());

	// One changed byte: either the encoding no longer decodes, or the proof fails.
	let mut bytes = proof_to_eip2537(&proof);
	for position in [100, 300, 500] {
		bytes[position] ^= 1;
		if let Ok(tampered) = proof_from_eip2537(&bytes) {
			assert!(verify(&params.vk, &tampered, input).is_err(), "byte {position}");
		}
		bytes[position] ^= 1;
	}
	// A proof re-randomised from the same witness still verifies, and differs.
	let (circuit, _) = Block1::example();
	let other = prove(&params, circuit, &mut rng).expect("prove");
	assert_ne!(other.a.to_bytes().as_ref(), proof.a.to_bytes().as_ref());
	assert_eq!(verify(&params.vk, &other, input), Ok(()));
}
