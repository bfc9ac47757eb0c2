// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Eip2537Gas_Test
/// @notice Measures the two ways to compute vk_x = IC0 + input * IC1 on the EIP-2537
///         precompiles: one G1MSM with k = 2, or a G1MSM with k = 1 and a G1ADD. The verifier
///         generator (circuits/src/solidity.rs) uses the cheaper one; both must agree.
contract Eip2537Gas_Test {
	/// @notice Logged gas figure (forge prints it with -vv).
	event log_named_uint(string key, uint256 val);

	/// @dev The BLS12-381 G1 generator in EIP-2537 encoding.
	bytes internal constant G1 =
		hex"0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb0000000000000000000000000000000008b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1";

	/// @dev 2·G1, computed with G1ADD.
	function twoG1() internal view returns (bytes memory p) {
		bool ok;
		(ok, p) = address(0x0b).staticcall(abi.encodePacked(G1, G1));
		require(ok && p.length == 128, "G1ADD failed");
	}

	function test_VkXMsmVersusAddGas() public {
		bytes memory ic0 = G1;
		bytes memory ic1 = twoG1();
		uint256 input = 0x1234567890abcdef;

		bytes memory msm2 = abi.encodePacked(ic0, uint256(1), ic1, input);
		uint256 g = gasleft();
		(bool ok, bytes memory a) = address(0x0c).staticcall(msm2);
		uint256 msmK2 = g - gasleft();
		require(ok, "G1MSM k=2 failed");

		bytes memory msm1 = abi.encodePacked(ic1, input);
		g = gasleft();
		(bool ok1, bytes memory t) = address(0x0c).staticcall(msm1);
		(bool ok2, bytes memory b) = address(0x0b).staticcall(abi.encodePacked(t, ic0));
		uint256 msmK1Add = g - gasleft();
		require(ok1 && ok2, "G1MSM k=1 / G1ADD failed");

		require(keccak256(a) == keccak256(b), "the two ways disagree");
		require(msmK1Add < msmK2, "G1MSM k=1 + G1ADD is not cheaper");
		emit log_named_uint("G1MSM k=2 (with call overhead)", msmK2);
		emit log_named_uint("G1MSM k=1 + G1ADD (with call overhead)", msmK1Add);
	}
}
