// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Vm} from "./Vm.sol";

/// @title Test
/// @notice A minimal forge test base (no forge-std): cheatcodes, assertions that revert with a
/// message, `bound`, and the target-selection views forge reads for invariant tests.
abstract contract Test {
    /// @notice The forge cheatcode contract.
    Vm internal constant vm = Vm(0x7109709ECfa91a80626fF3989D68f67F5b1DD12D);

    /// @notice forge's selector filter for invariant fuzzing.
    struct FuzzSelector {
        address addr;
        bytes4[] selectors;
    }

    address[] private _targetContracts;
    FuzzSelector[] private _targetSelectors;
    address[] private _excludeSenders;
    address[] private _excludeContracts;
    address[] private _targetSenders;

    /// @notice Marks this contract as a test contract for tools that look for it.
    function IS_TEST() external pure returns (bool) {
        return true;
    }

    // ---- invariant target selection (read by forge) ----
    function targetContract(address a) internal {
        _targetContracts.push(a);
    }

    function targetSelector(FuzzSelector memory s) internal {
        _targetSelectors.push(s);
    }

    function excludeSender(address a) internal {
        _excludeSenders.push(a);
    }

    function excludeContract(address a) internal {
        _excludeContracts.push(a);
    }

    function targetSender(address a) internal {
        _targetSenders.push(a);
    }

    function targetContracts() public view returns (address[] memory) {
        return _targetContracts;
    }

    function targetSelectors() public view returns (FuzzSelector[] memory) {
        return _targetSelectors;
    }

    function excludeSenders() public view returns (address[] memory) {
        return _excludeSenders;
    }

    function excludeContracts() public view returns (address[] memory) {
        return _excludeContracts;
    }

    function targetSenders() public view returns (address[] memory) {
        return _targetSenders;
    }

    // ---- assertions ----
    function fail(string memory message) internal pure {
        revert(message);
    }

    function assertTrue(bool c, string memory message) internal pure {
        if (!c) revert(message);
    }

    function assertTrue(bool c) internal pure {
        assertTrue(c, "assertion failed: expected true");
    }

    function assertFalse(bool c, string memory message) internal pure {
        if (c) revert(message);
    }

    function assertFalse(bool c) internal pure {
        assertFalse(c, "assertion failed: expected false");
    }

    function assertEq(uint256 a, uint256 b, string memory message) internal pure {
        if (a != b) revert(string.concat(message, ": ", _u(a), " != ", _u(b)));
    }

    function assertEq(uint256 a, uint256 b) internal pure {
        assertEq(a, b, "assertEq(uint) failed");
    }

    function assertEq(address a, address b, string memory message) internal pure {
        if (a != b) revert(message);
    }

    function assertEq(address a, address b) internal pure {
        assertEq(a, b, "assertEq(address) failed");
    }

    function assertEq(bytes32 a, bytes32 b, string memory message) internal pure {
        if (a != b) revert(message);
    }

    function assertEq(bytes32 a, bytes32 b) internal pure {
        assertEq(a, b, "assertEq(bytes32) failed");
    }

    function assertEq(bool a, bool b, string memory message) internal pure {
        if (a != b) revert(message);
    }

    function assertEq(bytes memory a, bytes memory b, string memory message) internal pure {
        if (keccak256(a) != keccak256(b)) revert(message);
    }

    function assertGe(uint256 a, uint256 b, string memory message) internal pure {
        if (a < b) revert(string.concat(message, ": ", _u(a), " < ", _u(b)));
    }

    function assertLe(uint256 a, uint256 b, string memory message) internal pure {
        if (a > b) revert(string.concat(message, ": ", _u(a), " > ", _u(b)));
    }

    /// @notice Maps `x` into [min, max] (uniform-ish, keeps small values small).
    function bound(uint256 x, uint256 min, uint256 max) internal pure returns (uint256) {
        require(min <= max, "bound: min > max");
        if (x >= min && x <= max) return x;
        uint256 size = max - min;
        if (size == type(uint256).max) return x;
        return min + (x % (size + 1));
    }

    function _u(uint256 v) private pure returns (string memory) {
        if (v == 0) return "0";
        bytes memory b = new bytes(78);
        uint256 i = 78;
        while (v != 0) {
            b[--i] = bytes1(uint8(48 + (v % 10)));
            v /= 10;
        }
        bytes memory out = new bytes(78 - i);
        for (uint256 j; j < out.length; ++j) {
            out[j] = b[i + j];
        }
        return string(out);
    }
}
