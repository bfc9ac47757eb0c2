// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Rollup} from "../../src/Rollup.sol";
import {IVerifier} from "../../src/interfaces/IVerifier.sol";
import {MockVerifier} from "../mocks/MockVerifier.sol";
import {Vm} from "../utils/Vm.sol";

/// @title DeployUnproven
/// @notice Benchmarks only: deploys a one-chain DA rollup whose verifiers accept every proof, so
/// a test helper can write a long synthetic history (thousands of committed, proven and synced
/// batches) without proving each batch. `polylink recover` never reads proofs, so its figures
/// over such a history are those of a real one. Everything else (oracle quorums over commits and
/// syncs, the DA chain's pubdata checks, the priority queue) is the real contract's. Never deploy
/// this anywhere but a throw-away anvil chain. Configured from the environment:
///
///     POLYLINK_DEPLOYER_KEY=0x… POLYLINK_DEPLOYMENT_ID=0x… POLYLINK_GENESIS_ROOT=0x… \
///     POLYLINK_ORACLES=0xA,0xB forge script test/bench/DeployUnproven.s.sol --rpc-url $URL \
///         --broadcast --use "$POLYLINK_SOLC" --offline
///
/// From a fresh deployer account the rollup is its nonce 3, as in `DeployChain.s.sol`.
contract DeployUnproven {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The native coin's protocol token id.
    uint16 public constant ETH_TOKEN_ID = 1;

    /// @notice Deploys the accept-all verifiers and the rollup, registers the native coin.
    /// @return rollup The rollup contract.
    function run() external returns (Rollup rollup) {
        uint256 key = VM.envUint("POLYLINK_DEPLOYER_KEY");
        VM.startBroadcast(key);
        IVerifier[] memory blockVerifiers = new IVerifier[](2);
        blockVerifiers[0] = IVerifier(address(new MockVerifier()));
        blockVerifiers[1] = IVerifier(address(new MockVerifier()));
        IVerifier exitVerifier = IVerifier(address(new MockVerifier()));
        uint256[] memory chunks = new uint256[](2);
        chunks[0] = 1;
        chunks[1] = 8;
        rollup = new Rollup(
            Rollup.Config({
                chainIndex: 1,
                liveChains: 1,
                deploymentId: VM.envBytes32("POLYLINK_DEPLOYMENT_ID"),
                isDAChain: true,
                genesisRoot: VM.envBytes32("POLYLINK_GENESIS_ROOT"),
                oracles: VM.envAddress("POLYLINK_ORACLES", ","),
                verifierChunks: chunks,
                blockVerifiers: blockVerifiers,
                exitVerifier: exitVerifier,
                priorityExpiryBlocks: 10_000,
                exodusGraceBlocks: 20_000,
                priorityRequestFee: 0.0005 ether,
                owner: VM.addr(key)
            })
        );
        rollup.registerToken(ETH_TOKEN_ID, address(0), 18, 0.01 ether);
        VM.stopBroadcast();
    }
}
