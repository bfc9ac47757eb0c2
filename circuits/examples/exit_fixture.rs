//! Writes `contracts/test/fixtures/exit_claim.json`: the exit example's claim on chain 1 (its
//! claimant's ETH, token 1 with 18 decimals, against the root of the example state's sealed
//! batch), the exit commitment, and a real Groth16 proof from the cached exit parameters.
//!
//! The forge test `test/e2e/RealExitProof.t.sol` syncs a batch with this root on a chain-1
//! rollup, enters exit mode and pays the claim through `performExodus` with the generated
//! `ExitVerifier`; `circuits/tests/committed_artifacts.rs` checks the file against the native
//! claim, the committed verifying key and the circuit shape.
//!
//! Chain 1 rather than [`EXAMPLE_CHAIN`](polylink_circuits::exit::EXAMPLE_CHAIN) (2, the
//! `prove-fixture` instance): the e2e test's rollup is the DA chain 1, as in
//! `test/e2e/RealBlockProof.t.sol`. The circuit's shape does not depend on the chain, so the
//! same parameters and verifying key serve both.
//!
//! ```sh
//! cargo run --release -p polylink-circuits --example exit_fixture
//! ```

use polylink_circuits::{
	encoding::{proof_to_eip2537, vk_hash},
	exit::{witness, ExitCircuit},
	params::{circuit_shape, default_cache_dir, load_or_generate},
	prover::{prove, verify},
	registry::RegisteredCircuit,
};
use polylink_primitives::{chain::ChainId, exit::exit_commitment, field};
use rand::SeedableRng;

/// The chain the fixture claims from (the e2e test's rollup).
const CHAIN: ChainId = ChainId(1);

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", ::hex::encode(bytes))
}

fn main() {
	let (mut state, claimant) = witness::example_state();
	let w = witness::build(&mut state, claimant, witness::EXAMPLE_TOKEN, CHAIN).expect("witness");
	let reserve = state.reserve(CHAIN, witness::EXAMPLE_TOKEN);
	let commitment = exit_commitment(&w.root, &w.claim);
	let input = w.public_input();
	let params =
		load_or_generate(ExitCircuit::NAME, ExitCircuit::blank(), &default_cache_dir(), &|m| {
			eprintln!("[exit] {m}")
		})
		.expect("parameters");
	let shape = circuit_shape(ExitCircuit::blank()).expect("shape");
	let mut rng = rand::rngs::StdRng::seed_from_u64(2025);
	let claim = w.claim;
	let root = w.root;
	let proof = prove(&params, ExitCircuit { witness: Some(w) }, &mut rng).expect("prove");
	verify(&params.vk, &proof, input).expect("the proof verifies");
	let json = format!(
		"{{\n  \"root\": \"{}\",\n  \"accountId\": {},\n  \"owner\": \"{}\",\n  \"token\": {},\n  \"chain\": {},\n  \"amount\": {},\n  \"reserve\": {},\n  \"commitment\": \"{}\",\n  \"proof\": \"{}\",\n  \"vkHash\": \"{}\",\n  \"shapeHash\": \"{}\"\n}}\n",
		hex(&field::to_be_bytes(&root)),
		claim.account.0,
		hex(&claim.owner.0),
		claim.token.0,
		claim.chain.0,
		claim.amount,
		reserve,
		hex(&commitment),
		hex(&proof_to_eip2537(&proof)),
		hex(&vk_hash(&params.vk)),
		hex(&shape.hash),
	);
	let out = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/test/fixtures/exit_claim.json");
	std::fs::write(out, json).expect("write fixture");
	println!("wrote {out}");
}
