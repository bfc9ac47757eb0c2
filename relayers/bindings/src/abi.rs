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

sol!(
	/// The ERC-20 calls a depositor makes before `depositERC20` (OpenZeppelin's `IERC20`), and
	/// `symbol` (`IERC20Metadata`) to name a registered token without the appchain.
	#[derive(Debug, PartialEq, Eq)]
	interface IERC20 {
		function approve(address spender, uint256 amount) external returns (bool);
		function allowance(address owner, address spender) external view returns (uint256);
		function balanceOf(address owner) external view returns (uint256);
		function symbol() external view returns (string);
	}
);

/// The rollup contract's error that revert `data` encodes, by name and fields
/// (`PolylinkRollup_CommitmentRevoked { batchNumber: 4, … }`), or its raw bytes when it is not
/// one of the contract's errors.
pub fn revert_reason(data: &[u8]) -> String {
	use alloy_sol_types::SolInterface;
	match Rollup::RollupErrors::abi_decode(data) {
		Ok(error) => format!("{error:?}"),
		Err(_) if data.is_empty() => "reverted without a reason".into(),
		Err(_) => format!("reverted with 0x{}", hex_string(data)),
	}
}

/// Lower-case hex of `bytes`.
fn hex_string(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloy_sol_types::SolInterface;

	#[test]
	fn revert_reasons_name_the_contract_error() {
		let error =
			Rollup::PolylinkRollup_CommitmentRevoked { batchNumber: 4, commitment: [7; 32].into() };
		let data = Rollup::RollupErrors::PolylinkRollup_CommitmentRevoked(error).abi_encode();
		let reason = revert_reason(&data);
		assert!(reason.contains("PolylinkRollup_CommitmentRevoked"), "{reason}");
		assert!(reason.contains("batchNumber: 4"), "{reason}");
		assert_eq!(revert_reason(&[]), "reverted without a reason");
		assert_eq!(revert_reason(&[1, 2, 3, 4]), "reverted with 0x01020304");
	}
}
