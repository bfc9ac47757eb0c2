//! # Polylink L1 bindings
//!
//! ## Overview
//!
//! Rust bindings of the Polylink L1 contracts, for the relayers: the `Rollup` contract, the
//! `IVerifier` interface and the generated Groth16 verifiers `Block8Verifier` and `ExitVerifier`.
//! They are generated at compile time by alloy's `sol!` macro with `#[sol(rpc)]` from the JSON
//! ABIs committed in `contracts/abi/`, so building Rust never needs forge or solc
//! (`scripts/abi` checks those files against a fresh forge build; `scripts/abi --write`
//! refreshes them). [`calldata`] turns batches sealed by the executor into `commitBatches`
//! entries and `executeBatches` operations, and the deployment's token registry into each
//! chain's `registerToken` calls.
//!
//! ## Terminology
//!
//! - **DA chain**: the chain whose rollup takes the full pubdata ([`calldata::DataPath::Full`]);
//!   the others take its hash and the on-chain operations ([`calldata::DataPath::Compressed`]).
//! - **Call type**: `sol!`'s struct of one function's arguments, e.g.
//!   [`Rollup::commitBatchesCall`]; `SolCall::abi_encode` gives the calldata with the selector.
//!
//! ## Assumptions
//!
//! The committed ABIs are those of the deployed contracts (same commit). No network access is
//! needed to encode or decode; the `rpc` instances need an alloy provider, which the caller
//! brings (this crate enables no transport).

pub mod abi;
pub mod calldata;
pub mod error;

pub use abi::{revert_reason, Block8Verifier, ExitVerifier, IRollup, IVerifier, Rollup, IERC20};
pub use calldata::{
	commit_batch_info, compressed_onchain_ops, onchain_ops, own_ops, register_token_call, DataPath,
};
pub use error::CalldataError;
