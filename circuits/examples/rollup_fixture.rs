//! Writes `contracts/test/fixtures/block8_batch1.json`: batch 1 of a fresh chain-1 rollup (two
//! ETH deposits requested on L1, `block::example::genesis_deposits_batch`), sealed at block-8
//! size, with a real Groth16 proof from the cached block-8 parameters. The forge test
//! `test/e2e/RealBlockProof.t.sol` deposits on the contract, commits, proves with the generated
//! `Block8Verifier`, syncs and executes this batch; `circuits/tests/committed_artifacts.rs`
//! checks the file against the executor, the committed verifying key and the circuit shape.
//!
//! ```sh
//! cargo run --release -p polylink-circuits --example rollup_fixture
//! ```

use polylink_circuits::{
	block::{
		example::{genesis_deposits_batch, GENESIS_DEPOSITS},
		sizes::Block8,
		witness, BlockCircuit,
	},
	encoding::{proof_to_eip2537, vk_hash},
	params::{circuit_shape, default_cache_dir, load_or_generate},
	prover::{prove, verify},
	registry::RegisteredCircuit,
};
use polylink_primitives::{commitment, field};
use rand::SeedableRng;

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", ::hex::encode(bytes))
}

fn main() {
	let (before, batch) = genesis_deposits_batch(Block8::CHUNKS);
	let w = witness::build(&before, &batch, Block8::CHUNKS).expect("witness");
	let params = load_or_generate(Block8::NAME, Block8::blank(), &default_cache_dir(), &|m| {
		eprintln!("[block-8] {m}")
	})
	.expect("parameters");
	let shape = circuit_shape(Block8::blank()).expect("shape");
	let input = commitment::commitment_to_field(&batch.commitment);
	let mut rng = rand::rngs::StdRng::seed_from_u64(2024);
	let proof = prove(&params, BlockCircuit { chunks: Block8::CHUNKS, witness: Some(w) }, &mut rng)
		.expect("prove");
	verify(&params.vk, &proof, input).expect("the proof verifies");
	let json = format!(
		"{{\n  \"batchNumber\": {},\n  \"timestamp\": {},\n  \"chunks\": {},\n  \"liveChains\": {},\n  \"oldRoot\": \"{}\",\n  \"newRoot\": \"{}\",\n  \"pubdata\": \"{}\",\n  \"pubdataHash\": \"{}\",\n  \"onchainHash\": \"{}\",\n  \"commitment\": \"{}\",\n  \"proof\": \"{}\",\n  \"vkHash\": \"{}\",\n  \"shapeHash\": \"{}\",\n  \"depositors\": [\"{}\", \"{}\"],\n  \"amounts\": [{}, {}]\n}}\n",
		batch.number,
		batch.timestamp,
		Block8::CHUNKS,
		batch.live_chains.bits(),
		hex(&field::to_be_bytes(&batch.old_root)),
		hex(&field::to_be_bytes(&batch.new_root)),
		hex(&batch.pubdata),
		hex(&batch.pubdata_hash),
		hex(&batch.onchain_hash),
		hex(&batch.commitment),
		hex(&proof_to_eip2537(&proof)),
		hex(&vk_hash(&params.vk)),
		hex(&shape.hash),
		hex(&GENESIS_DEPOSITS[0].0),
		hex(&GENESIS_DEPOSITS[1].0),
		GENESIS_DEPOSITS[0].1,
		GENESIS_DEPOSITS[1].1,
	);
	let out = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/test/fixtures/block8_batch1.json");
	std::fs::write(out, json).expect("write fixture");
	println!("wrote {out}");
}
