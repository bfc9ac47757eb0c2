//! Chain specs: `dev` and `local` from the runtime's genesis presets, or a JSON file.

use polkadot_sdk::{sc_service::ChainType, sp_genesis_builder};
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

/// A chain spec from the runtime's genesis preset `preset`.
fn from_preset(
	name: &str,
	id: &str,
	chain_type: ChainType,
	preset: &str,
) -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(wasm_binary()?, None)
		.with_name(name)
		.with_id(id)
		.with_chain_type(chain_type)
		.with_genesis_config_preset_name(preset)
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

/// The chain spec named by `--chain`: `dev`, `local` (also the empty name) or a JSON file.
pub fn load(id: &str) -> Result<Box<dyn polkadot_sdk::sc_service::ChainSpec>, String> {
	Ok(match id {
		genesis::DEV | sp_genesis_builder::DEV_RUNTIME_PRESET => Box::new(development()?),
		"" | genesis::LOCAL | sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => {
			Box::new(local_testnet()?)
		}
		path => Box::new(ChainSpec::from_json_file(std::path::PathBuf::from(path))?),
	})
}
