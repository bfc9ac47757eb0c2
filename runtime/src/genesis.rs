//! The genesis presets: `dev` (Alice validates alone and is sudo), `local` (Alice, Bob and
//! Charlie validate, Alice is sudo) and `devnet` (Alice alone, two live L1 chains: what
//! `scripts/devnet` starts).
//!
//! Both endow the well-known development accounts and give each validator the session keys the
//! node derives from its `//Name` seed (`--alice`, `key insert --suri //Alice`): sr25519 Aura,
//! ed25519 GRANDPA, secp256k1 ECDSA oracle. The deployment is the development one
//! ([`DEV_DEPLOYMENT_NAME`]) with chain 1 live.
#![warn(missing_docs)]

use crate::{AccountId, Balance, SessionKeys, UNIT};
use alloc::{vec, vec::Vec};
use pallet_polylink_root_consensus::DEV_DEPLOYMENT_NAME;
use pallet_polylink_validator_set::OracleId;
use polkadot_sdk::{
	sp_core::ecdsa,
	sp_genesis_builder::{self, PresetId},
	sp_keyring::{Ed25519Keyring, Sr25519Keyring},
};
use polylink_primitives::certificate::DeploymentId;
use serde_json::{json, Value};

/// The `dev` preset's id.
pub const DEV: &str = "dev";

/// The `local` preset's id.
pub const LOCAL: &str = "local";

/// The `devnet` preset's id.
pub const DEVNET: &str = "devnet";

/// The development deployment's L1 chains `(index, EVM chain id, rollup contract, confirmations)`:
/// one anvil chain (id 31337), its rollup contract where `contracts/script/DeployChain.s.sol`
/// puts it from anvil's first account on a fresh chain (its fourth deployment, after the block-1,
/// block-8 and exit verifiers), one confirmation (an event counts once its block is mined).
pub const DEV_CHAINS: [(u8, u64, [u8; 20], u32); 1] =
	[(1, 31_337, hex_literal::hex!("cf7ed3acca5a467e9e704c703e8d87f634fb0fc9"), 1)];

/// The two-chain devnet's L1 chains: chain 1 as in [`DEV_CHAINS`] (the DA chain) and chain 2 on
/// a second anvil (id 31338), where the same deployer's fresh account puts the rollup at the
/// same address.
pub const DEVNET_CHAINS: [(u8, u64, [u8; 20], u32); 2] =
	[DEV_CHAINS[0], (2, 31_338, hex_literal::hex!("cf7ed3acca5a467e9e704c703e8d87f634fb0fc9"), 1)];

/// The development deployment's token id for each chain's native coin (ETH, 18 decimals).
pub const DEV_ETH: u16 = 1;

/// The minimum L2 fee per pubdata chunk in ETH (L2 units, 18 decimals): 1 gwei.
pub const DEV_FEE_PER_CHUNK: u128 = 1_000_000_000;

/// What each endowed development account holds.
pub const ENDOWMENT: Balance = 1_000_000 * UNIT;

/// The compressed public ECDSA keys of `//Alice`, `//Bob` and `//Charlie` (no key derivation in
/// `no_std`; a test checks them against `ecdsa::Pair::from_string`).
const ORACLE_KEYS: [(Sr25519Keyring, [u8; 33]); 3] = [
	(
		Sr25519Keyring::Alice,
		hex_literal::hex!("020a1091341fe5664bfa1782d5e04779689068c916b04cb365ec3153755684d9a1"),
	),
	(
		Sr25519Keyring::Bob,
		hex_literal::hex!("0390084fdbf27d2b79d26a4f13f0ccd982cb755a661969143c37cbc49ef5b91f27"),
	),
	(
		Sr25519Keyring::Charlie,
		hex_literal::hex!("0389411795514af1627765eceffcbd002719f031604fadd7d188e2dc585b4e1afb"),
	),
];

/// The session keys of a development validator (`//Alice`, `//Bob` or `//Charlie`).
pub fn dev_session_keys(who: Sr25519Keyring) -> SessionKeys {
	let oracle = ORACLE_KEYS
		.iter()
		.find(|(name, _)| *name == who)
		.map(|(_, raw)| OracleId::from(ecdsa::Public::from_raw(*raw)))
		.expect("a development validator is Alice, Bob or Charlie");
	let grandpa = match who {
		Sr25519Keyring::Alice => Ed25519Keyring::Alice,
		Sr25519Keyring::Bob => Ed25519Keyring::Bob,
		_ => Ed25519Keyring::Charlie,
	};
	SessionKeys { aura: who.public().into(), grandpa: grandpa.public().into(), oracle }
}

/// The state root of the empty L2 state (no accounts, empty trees): batch 0's root, which the
/// proof registry and every rollup contract start from.
pub fn empty_state_root() -> [u8; 32] {
	let config = polylink_primitives::state::ExecutorConfig {
		fees: Default::default(),
		batch_chunks: crate::configs::BATCH_CAPACITY as usize,
	};
	let mut state = polylink_primitives::state::State::genesis(Default::default(), config);
	polylink_primitives::field::to_be_bytes(&state.root())
}

/// The genesis config patch of a chain with these validators, sudo key, endowed accounts and
/// live L1 chains.
fn genesis(
	validators: &[Sr25519Keyring],
	sudo: AccountId,
	endowed: Vec<AccountId>,
	chains: &[(u8, u64, [u8; 20], u32)],
) -> Value {
	let ids: Vec<AccountId> = validators.iter().map(|v| v.to_account_id()).collect();
	let keys: Vec<(AccountId, AccountId, SessionKeys)> = validators
		.iter()
		.map(|v| (v.to_account_id(), v.to_account_id(), dev_session_keys(*v)))
		.collect();
	json!({
		"balances": {
			"balances": endowed.into_iter().map(|a| (a, ENDOWMENT)).collect::<Vec<_>>(),
		},
		"sudo": { "key": Some(sudo) },
		"validatorSet": { "initialValidators": ids },
		"session": { "keys": keys },
		"rootConsensus": {
			"deployment": DeploymentId::from_name(DEV_DEPLOYMENT_NAME).0,
			"liveChains": chains.iter().map(|chain| chain.0).collect::<Vec<u8>>(),
		},
		"proofRegistry": { "genesisRoot": empty_state_root() },
		"rollup": {
			"chains": chains.to_vec(),
			"tokens": vec![(
				DEV_ETH,
				b"ETH".to_vec(),
				chains.iter().map(|chain| (chain.0, [0u8; 20], 18u8)).collect::<Vec<_>>(),
				Some(DEV_FEE_PER_CHUNK),
			)],
		},
	})
}

/// The well-known development accounts.
fn endowed() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

/// The `dev` preset: Alice alone.
fn dev() -> Value {
	genesis(&[Sr25519Keyring::Alice], Sr25519Keyring::Alice.to_account_id(), endowed(), &DEV_CHAINS)
}

/// The `devnet` preset: Alice alone, two live L1 chains.
fn devnet() -> Value {
	genesis(
		&[Sr25519Keyring::Alice],
		Sr25519Keyring::Alice.to_account_id(),
		endowed(),
		&DEVNET_CHAINS,
	)
}

/// The `local` preset: Alice, Bob and Charlie.
fn local() -> Value {
	genesis(
		&[Sr25519Keyring::Alice, Sr25519Keyring::Bob, Sr25519Keyring::Charlie],
		Sr25519Keyring::Alice.to_account_id(),
		endowed(),
		&DEV_CHAINS,
	)
}

/// The JSON patch of the preset `id` (`dev`, `local`, `devnet`, or the generic `development`
/// and `local_testnet` names for the first two).
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_ref() {
		DEV | sp_genesis_builder::DEV_RUNTIME_PRESET => dev(),
		LOCAL | sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local(),
		DEVNET => devnet(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work; qed")
			.into_bytes(),
	)
}

/// The presets' ids.
pub fn preset_names() -> Vec<PresetId> {
	vec![PresetId::from(DEV), PresetId::from(LOCAL), PresetId::from(DEVNET)]
}

#[cfg(test)]
pub(crate) mod tests {
	use super::*;
	use crate::RuntimeGenesisConfig;
	use polkadot_sdk::{
		sp_core::{crypto::Pair as _, ecdsa},
		sp_runtime::BuildStorage,
	};

	#[test]
	fn oracle_keys_match_the_dev_seeds() {
		for (who, raw) in ORACLE_KEYS {
			let pair = ecdsa::Pair::from_string(&format!("//{who:?}"), None).unwrap();
			assert_eq!(pair.public().0, raw, "{who:?}");
		}
	}

	/// The genesis config of preset `id`: the default config with the preset's patch.
	pub(crate) fn preset_config(id: &PresetId) -> RuntimeGenesisConfig {
		let patch = get_preset(id).unwrap();
		let mut config = serde_json::to_value(RuntimeGenesisConfig::default()).unwrap();
		json_patch(&mut config, serde_json::from_slice(&patch).unwrap());
		serde_json::from_value(config).unwrap()
	}

	#[test]
	fn presets_build() {
		for id in preset_names() {
			preset_config(&id).build_storage().unwrap();
		}
	}

	/// Every pallet that binds the live chains holds the same set: the rollup registry's chains
	/// (which the proof registry and every contract bind) are root consensus's.
	#[test]
	fn presets_agree_on_the_live_chains() {
		for id in preset_names() {
			polkadot_sdk::sp_io::TestExternalities::new(
				preset_config(&id).build_storage().unwrap(),
			)
			.execute_with(|| {
				let rollup = crate::Rollup::registry().live_chains();
				assert_eq!(rollup, pallet_polylink_root_consensus::Live::<crate::Runtime>::get());
				assert_ne!(rollup.bits(), 0, "{id:?}");
			});
		}
	}

	/// Merges `patch` into `base` (objects recursively, anything else replaced).
	fn json_patch(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					json_patch(base.entry(key).or_insert(Value::Null), value);
				}
			}
			(base, patch) => *base = patch,
		}
	}
}
