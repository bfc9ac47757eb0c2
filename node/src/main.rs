//! The Polylink appchain node (`polylink-node`).
//!
//! Aura block production, GRANDPA finality, ParityDB, the standard Substrate CLI and RPC, chain
//! specs from the runtime's genesis presets, and a `--sealing instant|manual` development mode.
#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error`, which the CLI and service APIs return, are large.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod deployment;
mod oracle;
mod prover;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
