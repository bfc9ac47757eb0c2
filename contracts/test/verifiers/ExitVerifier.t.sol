// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ExitVerifier} from "../../src/verifiers/ExitVerifier.sol";
import {ExitFixture} from "./ExitFixture.sol";
import {Groth16Verifier_Test, IGeneratedVerifier} from "./Groth16Verifier.t.sol";

/// @title ExitVerifier_Test
/// @notice The generated Groth16 verifier of the exit circuit against a real exit proof of the
///         example claim (`polylink-keys prove-fixture --circuit exit`), and tampered variants.
contract ExitVerifier_Test is Groth16Verifier_Test {
	function _deploy() internal override returns (IGeneratedVerifier) {
		return IGeneratedVerifier(address(new ExitVerifier()));
	}

	function _proof() internal pure override returns (bytes memory) {
		return ExitFixture.PROOF;
	}

	function _input() internal pure override returns (uint256) {
		return ExitFixture.INPUT;
	}

	function _vkHash() internal pure override returns (bytes32) {
		return ExitFixture.VK_HASH;
	}
}
