//! Every machine builds the same `dev` and `local` chains: the chain specs carry the committed
//! dev verifying keys and read no parameters, so two nodes with empty parameter folders export
//! byte-identical raw chain specs, and the keys in them are the ones the committed L1 verifiers
//! were generated from.

use polylink_circuits::{block::sizes::SIZES, dev_keys::dev_block_key};
use std::{path::Path, process::Command};

mod common;
use common::{node_binary, scratch};

/// `polylink-node export-chain-spec --chain <chain> [--raw]` with `params` as the parameters
/// folder; its output.
fn export(chain: &str, raw: bool, params: &Path) -> Vec<u8> {
	let mut command = Command::new(node_binary());
	command.args(["export-chain-spec", "--chain", chain]).env("POLYLINK_PARAMS_DIR", params);
	if raw {
		command.arg("--raw");
	}
	let output = command.output().expect("the node runs");
	assert!(
		output.status.success(),
		"export-chain-spec failed: {}",
		String::from_utf8_lossy(&output.stderr)
	);
	output.stdout
}

#[test]
fn two_empty_parameter_folders_give_the_same_local_chain_with_the_dev_keys() {
	let (a, b) = (scratch("spec-params-a"), scratch("spec-params-b"));
	for dir in [&a, &b] {
		let _ = std::fs::remove_dir_all(dir);
		std::fs::create_dir_all(dir).expect("a scratch folder");
	}
	let first = export("local", true, &a);
	let second = export("local", true, &b);
	assert!(first.len() > 100_000, "a raw spec holds the runtime");
	assert!(first == second, "two machines would build different local chains");
	for dir in [&a, &b] {
		let left = std::fs::read_dir(dir).expect("readable").count();
		assert_eq!(left, 0, "building a chain spec derives no parameters");
	}

	// The plain spec shows the keys: the committed dev key of every sealed size.
	let spec: serde_json::Value =
		serde_json::from_slice(&export("local", false, &a)).expect("JSON");
	let keys = &spec["genesis"]["runtimeGenesis"]["patch"]["proofRegistry"]["verifyingKeys"];
	let expected: Vec<serde_json::Value> = SIZES
		.iter()
		.map(|&chunks| {
			let key = dev_block_key(chunks).expect("committed");
			serde_json::json!([chunks, key])
		})
		.collect();
	assert_eq!(keys, &serde_json::Value::Array(expected), "the local chain registers the dev keys");
	let exit = &spec["genesis"]["runtimeGenesis"]["patch"]["proofRegistry"]["exitVerifyingKey"];
	let expected = polylink_circuits::dev_keys::dev_key("exit").expect("committed");
	assert_eq!(exit, &serde_json::json!(expected), "the local chain registers the dev exit key");
	let _ = (std::fs::remove_dir_all(&a), std::fs::remove_dir_all(&b));
}

/// `polylink-node deployment` prints, from the chain spec's genesis state, the values the L1
/// deployment reads: the ones the appchain's pallets hold.
#[test]
fn the_deployment_subcommand_prints_what_the_contracts_need() {
	use pallet_polylink_root_consensus::DEV_DEPLOYMENT_NAME;
	use polylink_primitives::certificate::DeploymentId;
	let output = Command::new(node_binary())
		.args(["deployment", "--chain", "dev"])
		.output()
		.expect("the node runs");
	assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
	let text = String::from_utf8(output.stdout).expect("utf-8");
	let chains: Vec<String> = polylink_runtime::genesis::DEV_CHAINS
		.iter()
		.map(|(index, evm, contract, depth)| {
			format!("{index}:{evm}:{}:{depth}", common::hex0x(contract))
		})
		.collect();
	let expected = [
		format!(
			"POLYLINK_DEPLOYMENT_ID={}",
			common::hex0x(&DeploymentId::from_name(DEV_DEPLOYMENT_NAME).0)
		),
		format!(
			"POLYLINK_GENESIS_ROOT={}",
			common::hex0x(&polylink_runtime::genesis::empty_state_root())
		),
		format!("POLYLINK_ORACLES={}", common::hex0x(&common::alice_oracle())),
		format!("POLYLINK_CHAINS=\"{}\"", chains.join(" ")),
	];
	assert_eq!(text.lines().collect::<Vec<_>>(), expected);
	// An unknown chain spec is an error, not an empty deployment.
	let unknown = Command::new(node_binary())
		.args(["deployment", "--chain", "/nonexistent/spec.json"])
		.output()
		.expect("the node runs");
	assert!(!unknown.status.success());
}
