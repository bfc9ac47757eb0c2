// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Rollup} from "../../src/Rollup.sol";

/// @title RollupHarness
/// @notice Rollup with the per-op commit checks (priority queue, EIP-712, decimals) switched off,
/// so a fixture batch from the Rust executor can be committed without replaying its L1 history.
/// Everything else (parsing, on-chain hashes, commitment, quorum) is the production code.
contract RollupHarness is Rollup {
    constructor(Config memory cfg) Rollup(cfg) {}

    function _checkOp(bytes calldata, uint256, uint8, bytes[] calldata, Ctx memory) internal view override {}
}
