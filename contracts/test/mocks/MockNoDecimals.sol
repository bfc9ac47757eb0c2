// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title MockNoDecimals
/// @notice A contract standing in for an ERC-20 whose `decimals()` is absent (`answer` =
/// `type(uint256).max`: the call reverts) or answers `answer` (any 32-byte value, e.g. 1000).
contract MockNoDecimals {
    /// @notice What `decimals()` answers; `type(uint256).max` makes it revert.
    uint256 public immutable answer;

    constructor(uint256 a) {
        answer = a;
    }

    /// @notice `decimals()` as a raw 32-byte word (not `uint8`), or no answer.
    fallback(bytes calldata data) external returns (bytes memory) {
        if (bytes4(data) != bytes4(keccak256("decimals()")) || answer == type(uint256).max) revert();
        return abi.encode(answer);
    }
}
