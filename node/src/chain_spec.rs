//! Chain specs: `dev`, `local` and `devnet` from the runtime's genesis presets, or a JSON file.
//!
//! The preset specs also register the block circuits' verifying keys with the proof
//! registry at genesis: the committed insecure dev keys (`polylink_circuits::dev_keys`, derived
//! from a public seed), the same on every machine, so every machine builds the same genesis and
//! the committed L1 verifiers verify every node's proofs. No parameters are read or generated
//! here. Any other chain comes from a JSON spec that carries its own (ceremony) keys.

use polkadot_sdk::{sc_service::ChainType, sp_genesis_builder};
use polylink_circuits::{block::sizes::SIZES, dev_keys::dev_block_key};
use polylink_runtime::{genesis, WASM_BINARY};

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

/// The insecure dev verifying key of every block-circuit size, `(chunks, SCALE key)`.
pub fn dev_verifying_keys() -> Vec<(u32, Vec<u8>)> {
	SIZES
		.iter()
		.map(|&chunks| {
			let key =
				dev_block_key(chunks).expect("a dev key is committed for every size (tested)");
			(u32::try_from(chunks).expect("circuit sizes fit u32"), key)
		})
		.collect()
}

/// A chain spec from the runtime's genesis preset `preset`, with the dev verifying keys.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	let preset_json = genesis::get_preset(&preset.into())
		.ok_or_else(|| format!("the runtime has no genesis preset `{preset}`"))?;
	let mut patch: serde_json::Value = serde_json::from_slice(&preset_json)
		.map_err(|e| format!("the genesis preset `{preset}` is not JSON: {e}"))?;
	patch["proofRegistry"]["verifyingKeys"] = serde_json::json!(dev_verifying_keys());
	patch["proofRegistry"]["exitVerifyingKey"] = serde_json::json!(
		polylink_circuits::dev_keys::dev_key("exit").expect("the dev exit key is committed")
	);
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_patch(patch)
		.with_properties(properties())
		.build())
}

/// The `dev` chain: Alice alone validates.
pub fn development() -> Result<ChainSpec, String> {
	from_preset("Polylink Development", "polylink_dev", ChainType::Development, genesis::DEV)
}

/// The `local` chain: Alice, Bob and Charlie validate.
pub fn local_testnet() -> Result<ChainSpec, String> {
	from_preset("Polylink Local Testnet", "polylink_local", ChainType::Local, genesis::LOCAL)
}

/// The `devnet` chain: Alice alone, two live L1 chains (`scripts/devnet`).
pub fn devnet() -> Result<ChainSpec, String> {
	from_preset("Polylink Devnet", "polylink_devnet", ChainType::Development, genesis::DEVNET)
}

/// The chain spec named by `--chain`: `dev`, `local` (also the empty name), `devnet` or a JSON
/// file.
pub fn load(id: &str) -> Result<Box<dyn polkadot_sdk::sc_service::ChainSpec>, String> {
	Ok(match id {
		genesis::DEV | sp_genesis_builder::DEV_RUNTIME_PRESET => Box::new(development()?),
		"" | genesis::LOCAL | sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			Box::new(local_testnet()?)
		}
		genesis::DEVNET => Box::new(devnet()?),
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
		assert_eq!(dev_verifying_keys().len(), SIZES.len());
	}
}
