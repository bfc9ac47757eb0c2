// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {ExitVerifier} from "../../src/verifiers/ExitVerifier.sol";
import {ExitFixture} from "./ExitFixture.sol";

/// @title ExitVerifier_Test
/// @notice The generated Groth16 verifier of the exit circuit against a real exit proof of the
///         example claim (`polylink-keys prove-fixture --circuit exit`), and tampered variants.
contract ExitVerifier_Test {
	/// @notice The BLS12-381 scalar modulus r.
	uint256 internal constant R = 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001;

	/// @notice Logged gas figure (forge prints it with -vv).
	event log_named_uint(string key, uint256 val);

	ExitVerifier internal verifier;

	function setUp() public {
		verifier = new ExitVerifier();
	}

	/// @dev The fixture's proof with byte `i` XOR-ed with `mask`.
	function tampered(uint256 i, bytes1 mask) internal pure returns (bytes memory proof) {
		proof = ExitFixture.PROOF;
		proof[i] = proof[i] ^ mask;
	}

	/// @dev Calls verifyProof and returns (reverted, result).
	function call(bytes memory proof, uint256 input) internal view returns (bool reverted, bool ok) {
		try verifier.verifyProof(proof, input) returns (bool r) {
			return (false, r);
		} catch {
			return (true, false);
		}
	}

	function test_VerifyProof() public {
		uint256 before = gasleft();
		bool ok = verifier.verifyProof(ExitFixture.PROOF, ExitFixture.INPUT);
		uint256 used = before - gasleft();
		require(ok, "real proof rejected");
		emit log_named_uint("verifyProof gas (call from a contract)", used);
	}

	function test_VkHashMatchesFixture() public view {
		require(verifier.VK_HASH() == ExitFixture.VK_HASH, "fixture made for another key");
	}

	function test_RejectWhen_AChanged() public view {
		// A's y, low byte: off the curve.
		(bool reverted, bool ok) = call(tampered(127, 0x01), ExitFixture.INPUT);
		require(!reverted && !ok, "tampered A accepted");
		// A's x, a middle byte.
		(reverted, ok) = call(tampered(40, 0x10), ExitFixture.INPUT);
		require(!reverted && !ok, "tampered A.x accepted");
	}

	function test_RejectWhen_BChanged() public view {
		(bool reverted, bool ok) = call(tampered(128 + 255, 0x01), ExitFixture.INPUT);
		require(!reverted && !ok, "tampered B accepted");
		(reverted, ok) = call(tampered(128 + 100, 0x01), ExitFixture.INPUT);
		require(!reverted && !ok, "tampered B.x.c1 accepted");
	}

	function test_RejectWhen_CChanged() public view {
		(bool reverted, bool ok) = call(tampered(384 + 127, 0x01), ExitFixture.INPUT);
		require(!reverted && !ok, "tampered C accepted");
	}

	function test_RejectWhen_PaddingNonZero() public view {
		// The padding of A's y: the negation must not turn it into a valid point.
		(bool reverted, bool ok) = call(tampered(64, 0x01), ExitFixture.INPUT);
		require(!reverted && !ok, "non-zero padding in A accepted");
		(reverted, ok) = call(tampered(128, 0x01), ExitFixture.INPUT);
		require(!reverted && !ok, "non-zero padding in B accepted");
	}

	function test_RejectWhen_ANegated() public view {
		// -A with the same B, C: a valid point, a wrong proof.
		bytes memory proof = ExitFixture.PROOF;
		uint256 yHi;
		uint256 yLo;
		assembly {
			yHi := mload(add(proof, 0x60))
			yLo := mload(add(proof, 0x80))
		}
		uint256 pHi = 0x1a0111ea397fe69a4b1ba7b6434bacd7;
		uint256 pLo = 0x64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab;
		uint256 borrow = pLo < yLo ? 1 : 0;
		unchecked {
			yLo = pLo - yLo;
			yHi = pHi - yHi - borrow;
		}
		assembly {
			mstore(add(proof, 0x60), yHi)
			mstore(add(proof, 0x80), yLo)
		}
		(bool reverted, bool ok) = call(proof, ExitFixture.INPUT);
		require(!reverted && !ok, "negated A accepted");
	}

	function test_RejectWhen_InputChanged() public view {
		(bool reverted, bool ok) = call(ExitFixture.PROOF, ExitFixture.INPUT + 1);
		require(!reverted && !ok, "changed input accepted");
		// Another claim's commitment (one bit flipped inside the 253 kept bits).
		(reverted, ok) = call(ExitFixture.PROOF, ExitFixture.INPUT ^ (uint256(1) << 200));
		require(!reverted && !ok, "another commitment accepted");
		(reverted, ok) = call(ExitFixture.PROOF, 0);
		require(!reverted && !ok, "zero input accepted");
	}

	function test_RejectWhen_IdentityProof() public view {
		(bool reverted, bool ok) = call(new bytes(512), ExitFixture.INPUT);
		require(!reverted && !ok, "all-zero proof accepted");
	}

	function test_RevertWhen_InputNotInField() public view {
		// input + r is the same field element, so it would verify if it were reduced.
		try verifier.verifyProof(ExitFixture.PROOF, ExitFixture.INPUT + R) returns (bool) {
			revert("input >= r accepted");
		} catch (bytes memory reason) {
			require(
				keccak256(reason)
					== keccak256(
						abi.encodeWithSelector(
							ExitVerifier.PolylinkVerifier_InputNotInField.selector, ExitFixture.INPUT + R
						)
					),
				"wrong revert reason"
			);
		}
		(bool reverted,) = call(ExitFixture.PROOF, R);
		require(reverted, "input = r accepted");
	}

	function test_RevertWhen_ProofLengthWrong() public view {
		bytes memory short = new bytes(511);
		try verifier.verifyProof(short, ExitFixture.INPUT) returns (bool) {
			revert("short proof accepted");
		} catch (bytes memory reason) {
			require(
				keccak256(reason)
					== keccak256(
						abi.encodeWithSelector(
							ExitVerifier.PolylinkVerifier_InvalidProofLength.selector, uint256(511)
						)
					),
				"wrong revert reason"
			);
		}
		(bool reverted,) = call(abi.encodePacked(ExitFixture.PROOF, bytes1(0)), ExitFixture.INPUT);
		require(reverted, "long proof accepted");
	}
}
