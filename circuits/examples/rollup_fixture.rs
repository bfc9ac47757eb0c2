//! Writes `contracts/test/fixtures/block8_batch1.json`: batch 1 of a fresh chain-1 rollup (two
//! ETH deposits requested on L1), sealed at block-8 size, with a real Groth16 proof from the
//! cached block-8 parameters. The forge test `RealProof.t.sol` deposits on the contract,
//! commits, proves with the generated `Block8Verifier`, syncs and executes this batch.
//!
//! ```sh
//! cargo run --release -p polylink-circuits --example rollup_fixture
//! ```

use polylink_circuits::{
	block::{sizes::Block8, witness, BlockCircuit},
	encoding::{proof_to_eip2537, vk_hash},
	params::{default_cache_dir, load_or_generate},
	prover::{prove, verify},
	registry::RegisteredCircuit,
};
use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	commitment,
	eth::L1Address,
	field,
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{Deposit, PriorityOp, Tx},
};
use rand::SeedableRng;
use std::collections::BTreeMap;

/// The deposits of the fixture batch: (L1 address, amount in wei).
pub const DEPOSITS: [([u8; 20], u128); 2] =
	[([0x11; 20], 2_000_000_000_000_000_000), ([0x22; 20], 500_000_000_000_000_000)];
/// The fixture batch's timestamp.
pub const TIMESTAMP: u64 = 1_700_000_000;

fn hex(bytes: &[u8]) -> String {
	format!("0x{}", ::hex::encode(bytes))
}

fn main() {
	let chain = ChainId(1);
	let eth = TokenId(1);
	let mut registry = Registry::default();
	registry
		.register_chain(chain, ChainInfo { evm_chain_id: 31_337, contract: L1Address([0; 20]) })
		.expect("fresh chain");
	registry.register_token(eth, b"ETH").expect("fresh token");
	registry
		.add_token_to_chain(eth, chain, ChainToken { address: L1Address([0; 20]), decimals: 18 })
		.expect("registered");
	let fees = FeePolicy { per_chunk: BTreeMap::from([(eth, 1)]) };
	let mut state = State::genesis(registry, ExecutorConfig { fees, batch_chunks: Block8::CHUNKS });
	let before = state.clone();
	for (serial_id, (to, amount)) in DEPOSITS.iter().enumerate() {
		let deposit = Deposit {
			chain,
			serial_id: serial_id as u64,
			to: L1Address(*to),
			token: eth,
			amount: *amount,
		};
		state.apply(&Tx::Priority(PriorityOp::Deposit(deposit))).expect("deposit");
	}
	let batch = state.seal_batch_sized(TIMESTAMP, Block8::CHUNKS).expect("seal");
	let w = witness::build(&before, &batch, Block8::CHUNKS).expect("witness");
	let params = load_or_generate(Block8::NAME, Block8::blank(), &default_cache_dir(), &|m| {
		eprintln!("[block-8] {m}")
	})
	.expect("parameters");
	let input = commitment::commitment_to_field(&batch.commitment);
	let mut rng = rand::rngs::StdRng::seed_from_u64(2024);
	let proof = prove(&params, BlockCircuit { chunks: Block8::CHUNKS, witness: Some(w) }, &mut rng)
		.expect("prove");
	verify(&params.vk, &proof, input).expect("the proof verifies");
	let json = format!(
		"{{\n  \"batchNumber\": {},\n  \"timestamp\": {},\n  \"chunks\": {},\n  \"oldRoot\": \"{}\",\n  \"newRoot\": \"{}\",\n  \"pubdata\": \"{}\",\n  \"pubdataHash\": \"{}\",\n  \"onchainHash\": \"{}\",\n  \"commitment\": \"{}\",\n  \"proof\": \"{}\",\n  \"vkHash\": \"{}\",\n  \"depositors\": [\"{}\", \"{}\"],\n  \"amounts\": [{}, {}]\n}}\n",
		batch.number,
		batch.timestamp,
		Block8::CHUNKS,
		hex(&field::to_be_bytes(&batch.old_root)),
		hex(&field::to_be_bytes(&batch.new_root)),
		hex(&batch.pubdata),
		hex(&batch.pubdata_hash),
		hex(&batch.onchain_hash),
		hex(&batch.commitment),
		hex(&proof_to_eip2537(&proof)),
		hex(&vk_hash(&params.vk)),
		hex(&DEPOSITS[0].0),
		hex(&DEPOSITS[1].0),
		DEPOSITS[0].1,
		DEPOSITS[1].1,
	);
	let out = concat!(env!("CARGO_MANIFEST_DIR"), "/../contracts/test/fixtures/block8_batch1.json");
	std::fs::write(out, json).expect("write fixture");
	println!("wrote {out}");
}
