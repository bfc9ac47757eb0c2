//! `polylink-node deployment --chain <spec>`: what the L1 deployment scripts need from a chain
//! spec, read from its genesis state (one source for the contracts and the appchain).
//!
//! Prints shell assignments, the environment `contracts/script/DeployChain.s.sol` reads:
//!
//! ```text
//! POLYLINK_DEPLOYMENT_ID=0x…            # the deployment id every certificate is bound to
//! POLYLINK_GENESIS_ROOT=0x…             # the L2 state root of batch 0
//! POLYLINK_ORACLES=0x…,0x…              # the genesis oracle set's L1 addresses
//! POLYLINK_CHAINS="1:31337:0x…:1 …"     # index:EVM chain id:registered contract:confirmations
//! ```

use polkadot_sdk::{sc_service::ChainSpec, sp_io::TestExternalities};
use polylink_runtime::Runtime;

/// The subcommand's options.
#[derive(Debug, Clone, clap::Parser)]
pub struct DeploymentCmd {
	/// The chain spec: `dev`, `local` or a file.
	#[arg(long, default_value = "dev")]
	pub chain: String,
}

impl DeploymentCmd {
	/// Builds the genesis state of `spec` and prints the deployment's values.
	pub fn run(&self, spec: Box<dyn ChainSpec>) -> Result<(), String> {
		let storage = spec.as_storage_builder().build_storage()?;
		let lines = TestExternalities::new(storage).execute_with(|| {
			use pallet_polylink_root_consensus::OracleSet;
			let deployment = pallet_polylink_root_consensus::Deployment::<Runtime>::get();
			let root = pallet_polylink_proof_registry::GenesisRoot::<Runtime>::get();
			let oracles: Vec<String> =
				<pallet_polylink_validator_set::Pallet<Runtime> as OracleSet>::oracles()
					.iter()
					.map(|oracle| format!("0x{}", hex::encode(oracle.0)))
					.collect();
			let registry = pallet_polylink_rollup::Pallet::<Runtime>::registry();
			let chains: Vec<String> = pallet_polylink_root_consensus::Live::<Runtime>::get()
				.iter()
				.filter_map(|chain| {
					let info = registry.chains.get(&chain)?;
					let depth = pallet_polylink_rollup::Confirmations::<Runtime>::get(chain)?;
					Some(format!(
						"{}:{}:0x{}:{depth}",
						chain.0,
						info.evm_chain_id,
						hex::encode(info.contract.0)
					))
				})
				.collect();
			[
				format!("POLYLINK_DEPLOYMENT_ID=0x{}", hex::encode(deployment.0)),
				format!("POLYLINK_GENESIS_ROOT=0x{}", hex::encode(root)),
				format!("POLYLINK_ORACLES={}", oracles.join(",")),
				format!("POLYLINK_CHAINS=\"{}\"", chains.join(" ")),
			]
		});
		for line in lines {
			println!("{line}");
		}
		Ok(())
	}
}
