// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Rollup} from "../../src/Rollup.sol";
import {RollupBase} from "../utils/RollupBase.sol";

/// @notice The production contract stays deployable on every L1: its runtime code is below the
/// EIP-170 limit (24,576 bytes; `Rollup.sol` is compiled with 100 optimizer runs) and its
/// initcode below EIP-3860's 49,152 bytes.
contract Deployment_Test is RollupBase {
    uint256 internal constant EIP170_LIMIT = 24_576;
    uint256 internal constant EIP3860_LIMIT = 49_152;

    function test_RollupFitsEip170() external {
        Rollup r = new Rollup(_config(1, true));
        assertLe(address(r).code.length, EIP170_LIMIT, "Rollup runtime code exceeds EIP-170");
        bytes memory init = abi.encodePacked(type(Rollup).creationCode, abi.encode(_config(1, true)));
        assertLe(init.length, EIP3860_LIMIT, "Rollup initcode exceeds EIP-3860");
        emit log_named_uint("rollup_runtime_bytes", address(r).code.length);
    }

    event log_named_uint(string key, uint256 val);
}
