// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Pubdata} from "../../src/libraries/Pubdata.sol";

/// @title PubdataHarness
/// @notice Exposes the calldata readers of `Pubdata` to tests.
contract PubdataHarness {
    function chunksOf(uint8 code) external pure returns (uint256) {
        return Pubdata.chunksOf(code);
    }

    function isOnchain(uint8 code) external pure returns (bool) {
        return Pubdata.isOnchain(code);
    }

    function onchainChain(bytes calldata d) external pure returns (uint8) {
        return Pubdata.onchainChain(d, 0, Pubdata.opCode(d, 0));
    }

    function deposit(bytes calldata d) external pure returns (uint32, uint16, uint128, address) {
        return Pubdata.deposit(d, 0);
    }

    function withdraw(bytes calldata d) external pure returns (uint16, uint128, address) {
        return Pubdata.withdraw(d, 0);
    }

    function fullExit(bytes calldata d) external pure returns (uint32, address, uint16, uint128) {
        return Pubdata.fullExit(d, 0);
    }

    function changePubKey(bytes calldata d) external pure returns (uint32, bytes20, address, uint32) {
        return Pubdata.changePubKey(d, 0);
    }

    function forcedExit(bytes calldata d) external pure returns (uint16, uint128, address) {
        return Pubdata.forcedExit(d, 0);
    }
}
