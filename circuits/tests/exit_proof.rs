//! A real Groth16 exit proof: parameters loaded from (or generated into) the cache, a proof of
//! a native claim, its verification, and rejection of a changed input and a changed byte.
//!
//! The first run generates the parameters (about a minute and a half on two cores) into
//! `$POLYLINK_PARAMS_DIR` or `$HOME/.cache/polylink/params`; later runs load them.

use std::time::Instant;

use ff::Field;
use polylink_circuits::{
	encoding::{proof_from_eip2537, proof_to_eip2537},
	exit::{witness, ExitCircuit},
	params::{self, seconds},
	prover::{prove_timed, verify, VerifyError},
	registry::RegisteredCircuit,
};
use polylink_primitives::{
	chain::ChainId, commitment::commitment_to_field, exit::exit_commitment, field::Fr,
};
use rand::{rngs::StdRng, SeedableRng};

#[test]
fn exit_proof_works() {
	let start = Instant::now();
	let progress = |m: &str| eprintln!("[{:>8}] {m}", seconds(start.elapsed()));
	let params = params::load_or_generate(
		ExitCircuit::NAME,
		ExitCircuit::blank(),
		&params::default_cache_dir(),
		&progress,
	)
	.expect("parameters");

	// A native claim: the example state's claimant, chain 1 (the example fixture uses 2).
	let (mut state, claimant) = witness::example_state();
	let claim = state.exit_claim(claimant, witness::EXAMPLE_TOKEN, ChainId(1)).expect("claim");
	let w =
		witness::build(&mut state, claimant, witness::EXAMPLE_TOKEN, ChainId(1)).expect("witness");
	let input = commitment_to_field(&exit_commitment(&state.root(), &claim));
	assert_eq!(w.public_input(), input);

	let mut rng = StdRng::seed_from_u64(7);
	let (proof, took) =
		prove_timed(&params, ExitCircuit { witness: Some(w) }, &mut rng).expect("proves");
	progress(&format!("proved in {}", seconds(took)));
	assert_eq!(verify(&params.vk, &proof, input), Ok(()));

	// (a) The same proof with another public input.
	assert_eq!(verify(&params.vk, &proof, input + Fr::ONE), Err(VerifyError::ProofInvalid));

	// (b) One changed byte of the EIP-2537 encoding, in each of A, B and C: either the bytes
	// no longer decode to a valid point, or the proof no longer verifies.
	let bytes = proof_to_eip2537(&proof);
	for at in [63, 100, 255, 300, 511] {
		let mut tampered = bytes;
		tampered[at] ^= 0x01;
		match proof_from_eip2537(&tampered) {
			Err(_) => {}
			Ok(p) => assert_eq!(
				verify(&params.vk, &p, input),
				Err(VerifyError::ProofInvalid),
				"byte {at} changed"
			),
		}
	}
}
