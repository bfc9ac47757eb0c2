// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ToyVerifier} from "../../src/verifiers/ToyVerifier.sol";
import {ToyFixture} from "./ToyFixture.sol";
import {Groth16Verifier_Test, IGeneratedVerifier} from "./Groth16Verifier.t.sol";

/// @title ToyVerifier_Test
/// @notice The generated Groth16 verifier against a real toy-circuit proof
///         (`polylink-keys prove-fixture`), and tampered variants of it.
contract ToyVerifier_Test is Groth16Verifier_Test {
	function _deploy() internal override returns (IGeneratedVerifier) {
		return IGeneratedVerifier(address(new ToyVerifier()));
	}

	function _proof() internal pure override returns (bytes memory) {
		return ToyFixture.PROOF;
	}

	function _input() internal pure override returns (uint256) {
		return ToyFixture.INPUT;
	}

	function _vkHash() internal pure override returns (bytes32) {
		return ToyFixture.VK_HASH;
	}
}
