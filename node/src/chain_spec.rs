//! Chain specs: `dev` and `local` from the runtime's genesis presets, or a JSON file.
//!
//! The `dev` and `local` specs also register the block circuits' verifying keys with the proof
//! registry at genesis. Groth16 parameters are generated from local randomness on a devnet, so
//! the keys are derived here, when the spec is built, from the parameters the node's prover
//! uses (`--params-dir`, generated when missing): a fresh machine's chain verifies its own
//! prover's proofs.

use polkadot_sdk::{sc_service::ChainType, sp_genesis_builder};
use polylink_circuits::{
	block::{sizes::SIZES, BlockCircuit},
	encoding::vk_to_bytes,
	params::load_or_generate,
};
use polylink_runtime::{genesis, WASM_BINARY};
use std::path::Path;

/// The node's chain spec (no extensions).
pub type ChainSpec = polkadot_sdk::sc_service::GenericChainSpec;

/// The native token's properties, for wallets and polkadot.js.
fn properties() -> polkadot_sdk::sc_chain_spec::Properties {
	let mut properties = polkadot_sdk::sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), "PLK".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

/// The runtime's wasm blob, or why there is none.
fn wasm_binary() -> Result<&'static [u8], String> {
	WASM_BINARY.ok_or_else(|| {
		"the runtime's wasm binary is not available (built with SKIP_WASM_BUILD?)".to_string()
	})
}

/// The verifying key of every block-circuit size, `(chunks, SCALE key)`, from the parameters
/// in `params_dir` (generated there when missing).
pub fn verifying_keys(params_dir: &Path) -> Result<Vec<(u32, Vec<u8>)>, String> {
	SIZES
		.iter()
		.map(|&chunks| {
			let name = format!("block-{chunks}");
			let params = load_or_generate(
				&name,
				BlockCircuit::blank(chunks),
				params_dir,
				&|message| log::info!(target: "polylink::chain-spec", "{message}"),
			)
			.map_err(|e| format!("the verifying key of {name}: {e}"))?;
			let chunks = u32::try_from(chunks).map_err(|_| "circuit size overflows u32")?;
			Ok((chunks, vk_to_bytes(&params.vk)))
		})
		.collect()
}

/// A chain spec from the runtime's genesis preset `preset`, with the verifying keys derived
/// from the parameters in `params_dir`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
	params_dir: &Path,
) -> Result<ChainSpec, String> {
	let preset_json = genesis::get_preset(&preset.into())
		.ok_or_else(|| format!("the runtime has no genesis preset `{preset}`"))?;
	let mut patch: serde_json::Value = serde_json::from_slice(&preset_json)
		.map_err(|e| format!("the genesis preset `{preset}` is not JSON: {e}"))?;
	patch["proofRegistry"]["verifyingKeys"] = serde_json::json!(verifying_keys(params_dir)?);
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_patch(patch)
		.with_properties(properties())
		.build())
}

/// The `dev` chain: Alice alone validates.
pub fn development(params_dir: &Path) -> Result<ChainSpec, String> {
	from_preset(
		"Polylink Development",
		"polylink_dev",
		ChainType::Development,
		genesis::DEV,
		params_dir,
	)
}

/// The `local` chain: Alice, Bob and Charlie validate.
pub fn local_testnet(params_dir: &Path) -> Result<ChainSpec, String> {
	from_preset(
		"Polylink Local Testnet",
		"polylink_local",
		ChainType::Local,
		genesis::LOCAL,
		params_dir,
	)
}

/// The chain spec named by `--chain`: `dev`, `local` (also the empty name) or a JSON file.
pub fn load(
	id: &str,
	params_dir: &Path,
) -> Result<Box<dyn polkadot_sdk::sc_service::ChainSpec>, String> {
	Ok(match id {
		genesis::DEV | sp_genesis_builder::DEV_RUNTIME_PRESET => Box::new(development(params_dir)?),
		"" | genesis::LOCAL | sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			Box::new(local_testnet(params_dir)?)
		}
		path => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_prover_has_parameters_for_every_size_the_runtime_seals() {
		let runtime: Vec<usize> = polylink_runtime::configs::CircuitSizes::get()
			.into_iter()
			.map(|chunks| chunks as usize)
			.collect();
		assert_eq!(runtime, SIZES.to_vec());
	}
}
