// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {DeployChain} from "../../script/DeployChain.s.sol";
import {Rollup} from "../../src/Rollup.sol";
import {Test} from "../utils/Test.sol";

/// @notice `script/DeployChain.s.sol` deploys the dev-key verifiers on devnets only.
contract DeployScript_Test is Test {
    function _setDevnetEnv() internal {
        vm.setEnv("POLYLINK_DEPLOYER_KEY", "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
        vm.setEnv("POLYLINK_DEPLOYMENT_ID", "0x0000000000000000000000000000000000000000000000000000000000000001");
        vm.setEnv("POLYLINK_GENESIS_ROOT", "0x0000000000000000000000000000000000000000000000000000000000000002");
        vm.setEnv("POLYLINK_ORACLES", "0x000000000000000000000000000000000000000A");
    }

    function testFuzz_RevertWhen_ChainIsNoDevnet(uint256 chainId) external {
        chainId = bound(chainId, 1, type(uint64).max);
        vm.assume(chainId < 31_337 || chainId > 31_340);
        _setDevnetEnv();
        vm.chainId(chainId);
        DeployChain script = new DeployChain();
        vm.expectRevert(abi.encodeWithSelector(DeployChain.DeployChain_DevKeysOffDevnet.selector, chainId));
        script.run();
    }

    function test_RevertWhen_MainnetOrNeighbours() external {
        _setDevnetEnv();
        uint256[4] memory ids = [uint256(1), 11_155_111, 31_336, 31_341];
        for (uint256 i; i < ids.length; ++i) {
            vm.chainId(ids[i]);
            DeployChain script = new DeployChain();
            vm.expectRevert(abi.encodeWithSelector(DeployChain.DeployChain_DevKeysOffDevnet.selector, ids[i]));
            script.run();
        }
    }

    function test_DeploysOnEveryDevnetChainId() external {
        _setDevnetEnv();
        for (uint256 id = 31_337; id <= 31_340; ++id) {
            vm.chainId(id);
            Rollup rollup = new DeployChain().run();
            assertEq(rollup.chainIndex(), 1);
            assertEq(rollup.priorityRequestFee(), 0.0005 ether);
        }
    }
}
