//! The committed toy- and exit-circuit artifacts agree with the code that generates them:
//! `circuits/keys/<name>.vk.hex` (the verifying key), the generated
//! `contracts/src/verifiers/<Name>Verifier.sol`, and the proof fixtures (the exit claim of
//! `contracts/test/fixtures/exit_claim.json` included). No parameters needed.

use std::{fs, path::PathBuf};

use polylink_circuits::{
	encoding::{proof_from_eip2537, scalar_from_be_bytes, vk_from_bytes, vk_hash},
	exit::ExitCircuit,
	params::circuit_shape,
	prover::verify,
	solidity::{export_command, verifier_contract_generated_by},
	toy::ToyCircuit,
};

/// A file of the repository, by path from its root.
fn repo_file(path: &str) -> String {
	let full = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..").join(path);
	fs::read_to_string(&full).unwrap_or_else(|e| panic!("reading {}: {e}", full.display()))
}

/// The committed verifying key of circuit `name`.
fn committed_vk(name: &str) -> groth16::VerifyingKey<bls12_381::Bls12> {
	let bytes =
		hex::decode(repo_file(&format!("circuits/keys/{name}.vk.hex")).trim()).expect("hex");
	vk_from_bytes(&bytes).expect("valid verifying key")
}

/// The committed toy verifying key.
fn toy_vk() -> groth16::VerifyingKey<bls12_381::Bls12> {
	committed_vk("toy")
}

/// The value of a `"key": "0x…"` field of the JSON fixture, as bytes.
fn json_hex(json: &str, key: &str) -> Vec<u8> {
	let start = json.find(&format!("\"{key}\": \"0x")).expect("field present") + key.len() + 7;
	let end = start + json[start..].find('"').expect("closing quote");
	hex::decode(&json[start..end]).expect("hex")
}

/// Asserts that `contracts/src/verifiers/<contract>.sol` is what the generator writes for the
/// committed key of `circuit`.
fn assert_verifier_is_generated(circuit: &str, contract: &str) {
	let expected = verifier_contract_generated_by(
		contract,
		&committed_vk(circuit),
		&export_command(circuit, contract),
	);
	let path = format!("contracts/src/verifiers/{contract}.sol");
	assert!(
		repo_file(&path) == expected,
		"{path} is stale; regenerate it with\n  polylink-keys export-solidity --circuit {circuit} \
		 --vk circuits/keys/{circuit}.vk.hex --out {path} (or ./scripts/keys)"
	);
}

#[test]
fn committed_solidity_verifier_matches_the_generator() {
	assert_verifier_is_generated("toy", "ToyVerifier");
}

#[test]
fn committed_fixture_verifies_against_the_committed_key() {
	let json = repo_file("contracts/test/fixtures/toy_proof.json");
	let vk = toy_vk();
	assert_eq!(json_hex(&json, "vk_hash"), vk_hash(&vk));
	let proof = proof_from_eip2537(&json_hex(&json, "proof")).expect("valid proof");
	let input = scalar_from_be_bytes(&json_hex(&json, "public_input")).expect("input below r");
	assert_eq!(input, ToyCircuit::example().1);
	assert_eq!(verify(&vk, &proof, input), Ok(()));
}

#[test]
fn committed_key_belongs_to_the_current_toy_circuit() {
	let json = repo_file("contracts/test/fixtures/toy_proof.json");
	let shape = circuit_shape(ToyCircuit::blank()).expect("synthesizes");
	assert!(
		json_hex(&json, "shape_hash") == shape.hash,
		"the toy circuit changed: regenerate its key, verifier and fixture (docs/keys.md)"
	);
}

#[test]
fn committed_exit_verifier_matches_the_generator() {
	assert_verifier_is_generated("exit", "ExitVerifier");
}

#[test]
fn committed_exit_fixture_verifies_against_the_committed_key() {
	let json = repo_file("contracts/test/fixtures/exit_proof.json");
	let vk = committed_vk("exit");
	assert_eq!(json_hex(&json, "vk_hash"), vk_hash(&vk));
	let proof = proof_from_eip2537(&json_hex(&json, "proof")).expect("valid proof");
	let input = scalar_from_be_bytes(&json_hex(&json, "public_input")).expect("input below r");
	assert_eq!(input, ExitCircuit::example().1);
	assert_eq!(verify(&vk, &proof, input), Ok(()));
}

#[test]
fn committed_exit_key_belongs_to_the_current_exit_circuit() {
	let json = repo_file("contracts/test/fixtures/exit_proof.json");
	let shape = circuit_shape(ExitCircuit::blank()).expect("synthesizes");
	assert!(
		json_hex(&json, "shape_hash") == shape.hash,
		"the exit circuit changed: regenerate its key, verifier and fixture (docs/keys.md)"
	);
}

#[test]
fn committed_block8_verifier_matches_the_generator() {
	assert_verifier_is_generated("block-8", "Block8Verifier");
}

#[test]
fn committed_block1_verifier_matches_the_generator() {
	assert_verifier_is_generated("block-1", "Block1Verifier");
}

#[test]
fn committed_block8_fixture_is_the_executors_batch_and_verifies() {
	use polylink_circuits::block::example::genesis_deposits_batch;
	use polylink_primitives::{commitment::commitment_to_field, field};

	let json = repo_file("contracts/test/fixtures/block8_batch1.json");
	let (_, batch) = genesis_deposits_batch(8);
	assert_eq!(json_hex(&json, "pubdata"), batch.pubdata, "regenerate: --example rollup_fixture");
	assert_eq!(json_hex(&json, "oldRoot"), field::to_be_bytes(&batch.old_root));
	assert_eq!(json_hex(&json, "newRoot"), field::to_be_bytes(&batch.new_root));
	assert_eq!(json_hex(&json, "commitment"), batch.commitment);
	let vk = committed_vk("block-8");
	assert_eq!(json_hex(&json, "vkHash"), vk_hash(&vk));
	let proof = proof_from_eip2537(&json_hex(&json, "proof")).expect("valid proof");
	assert_eq!(verify(&vk, &proof, commitment_to_field(&batch.commitment)), Ok(()));
}

#[test]
fn committed_block8_key_belongs_to_the_current_block_circuit() {
	use polylink_circuits::{block::sizes::Block8, registry::RegisteredCircuit};

	let json = repo_file("contracts/test/fixtures/block8_batch1.json");
	let shape = circuit_shape(Block8::blank()).expect("synthesizes");
	assert!(
		json_hex(&json, "shapeHash") == shape.hash,
		"the block circuit changed: regenerate block-8's key, verifier and fixture (docs/keys.md)"
	);
}

/// The value of a `"key": N` (unquoted integer) field of the JSON fixture.
fn json_uint(json: &str, key: &str) -> u128 {
	let start = json.find(&format!("\"{key}\": ")).expect("field present") + key.len() + 4;
	let end = start + json[start..].find([',', '\n']).expect("end of value");
	json[start..end].parse().expect("an unsigned integer")
}

#[test]
fn committed_exit_claim_fixture_is_the_native_claim_and_verifies() {
	use polylink_circuits::exit::witness;
	use polylink_primitives::{
		account::AccountId,
		chain::ChainId,
		commitment::commitment_to_field,
		eth::L1Address,
		exit::{exit_commitment, ExitClaim},
		field,
		token::TokenId,
	};

	let json = repo_file("contracts/test/fixtures/exit_claim.json");
	let regenerate = "regenerate: cargo run --release -p polylink-circuits --example exit_fixture";
	// The claim the e2e test pays: the example claimant's ETH on chain 1.
	let (mut state, claimant) = witness::example_state();
	let claim = state.exit_claim(claimant, witness::EXAMPLE_TOKEN, ChainId(1)).expect("claim");
	let root = state.root();
	let committed = ExitClaim {
		account: AccountId(json_uint(&json, "accountId").try_into().expect("u32")),
		owner: L1Address(json_hex(&json, "owner").try_into().expect("20 bytes")),
		token: TokenId(json_uint(&json, "token").try_into().expect("u16")),
		chain: ChainId(json_uint(&json, "chain").try_into().expect("u8")),
		amount: json_uint(&json, "amount"),
	};
	assert_eq!(committed, claim, "{regenerate}");
	assert_eq!(json_hex(&json, "root"), field::to_be_bytes(&root), "{regenerate}");
	assert_eq!(
		json_uint(&json, "reserve"),
		state.reserve(ChainId(1), witness::EXAMPLE_TOKEN),
		"{regenerate}"
	);
	let commitment = exit_commitment(&root, &claim);
	assert_eq!(json_hex(&json, "commitment"), commitment, "{regenerate}");

	let vk = committed_vk("exit");
	assert_eq!(json_hex(&json, "vkHash"), vk_hash(&vk));
	let shape = circuit_shape(ExitCircuit::blank()).expect("synthesizes");
	assert_eq!(json_hex(&json, "shapeHash"), shape.hash, "the exit circuit changed (docs/keys.md)");
	let proof = proof_from_eip2537(&json_hex(&json, "proof")).expect("valid proof");
	assert_eq!(verify(&vk, &proof, commitment_to_field(&commitment)), Ok(()));
}
