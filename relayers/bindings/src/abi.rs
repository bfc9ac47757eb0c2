//! The contracts' bindings, generated at compile time by alloy's `sol!` from the committed JSON
//! ABIs in `contracts/abi/` (`scripts/abi --write` refreshes them after a contract change).
//!
//! Each invocation yields a module named after the contract with one type per function call
//! (`Rollup::commitBatchesCall`), return, event and error, and, through `#[sol(rpc)]`, a
//! `<Name>Instance` that sends calls through an alloy provider. Structs of other Solidity
//! namespaces get their own module: `IRollup::CommitBatchInfo`, `IRollup::StoredBatchInfo`.

use alloy_sol_types::sol;

sol!(
	#[sol(rpc)]
	#[derive(Debug, PartialEq, Eq)]
	Rollup,
	"../../contracts/abi/Rollup.json"
);

sol!(
	#[sol(rpc)]
	#[derive(Debug, PartialEq, Eq)]
	IVerifier,
	"../../contracts/abi/IVerifier.json"
);

sol!(
	#[sol(rpc)]
	#[derive(Debug, PartialEq, Eq)]
	Block8Verifier,
	"../../contracts/abi/Block8Verifier.json"
);

sol!(
	#[sol(rpc)]
	#[derive(Debug, PartialEq, Eq)]
	ExitVerifier,
	"../../contracts/abi/ExitVerifier.json"
);
