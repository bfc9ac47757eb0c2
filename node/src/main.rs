//! The Polylink appchain node (`polylink-node`).
//!
//! Aura block production, GRANDPA finality, ParityDB, the standard Substrate CLI and RPC, chain
//! specs from the runtime's genesis presets, and a `--sealing instant|manual` development mode.
#![warn(missing_docs)]

mod chain_spec;
mod cli;
mod command;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
