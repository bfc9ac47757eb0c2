// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Rollup} from "../src/Rollup.sol";
import {IVerifier} from "../src/interfaces/IVerifier.sol";
import {Block1Verifier} from "../src/verifiers/Block1Verifier.sol";
import {Block8Verifier} from "../src/verifiers/Block8Verifier.sol";
import {ExitVerifier} from "../src/verifiers/ExitVerifier.sol";
import {Vm} from "../test/utils/Vm.sol";

/// @title DeployChain
/// @notice Deploys one chain's contracts of a Polylink deployment: a block verifier for every
/// circuit size the appchain seals (1 and 8 chunks) and the exit verifier, then the rollup
/// contract, and registers the native coin as token 1. The verifiers are the generated ones of
/// the committed insecure dev keys (`circuits/keys/`): devnets and tests only. Configured from
/// the environment; broadcast with the deployer's key:
///
///     POLYLINK_DEPLOYER_KEY=0x… POLYLINK_DEPLOYMENT_ID=0x… POLYLINK_GENESIS_ROOT=0x… \
///     POLYLINK_ORACLES=0xA,0xB forge script script/DeployChain.s.sol --rpc-url $URL \
///         --broadcast --use "$POLYLINK_SOLC" --offline
///
/// Optional: POLYLINK_CHAIN_INDEX (1), POLYLINK_LIVE_CHAINS (bitmask, 1), POLYLINK_IS_DA (true),
/// POLYLINK_PRIORITY_EXPIRY_BLOCKS (10000), POLYLINK_EXODUS_GRACE_BLOCKS (20000),
/// POLYLINK_PRIORITY_FEE (`DEVNET_PRIORITY_FEE`, wei; the constructor refuses 0),
/// POLYLINK_ETH_MIN_DEPOSIT (`ETH_MIN_DEPOSIT`, wei): the documented defaults of
/// `docs/l1-contracts.md`.
///
/// The dev-key verifiers are refused on any EVM chain id outside the devnets'
/// (`DEVNET_CHAIN_IDS_FROM` .. + `DEVNET_CHAINS` − 1: anvil's 31337 and the two-chain devnet's
/// 31338): anyone can prove anything under keys whose toxic waste is public.
///
/// From a fresh deployer account the addresses are fixed: the verifiers get its nonces 0, 1
/// and 2, the rollup nonce 3 (`0xCf7E…0Fc9` for anvil's first account, the address the `dev`
/// and `local` chain specs register for chain 1).
contract DeployChain {
    Vm internal constant VM = Vm(address(uint160(uint256(keccak256("hevm cheat code")))));

    /// @notice The first EVM chain id of a devnet (anvil's default; the devnet's chain c runs
    /// on 31337 + c − 1).
    uint256 public constant DEVNET_CHAIN_IDS_FROM = 31_337;
    /// @notice How many consecutive EVM chain ids from `DEVNET_CHAIN_IDS_FROM` are devnets' (one
    /// per protocol chain index).
    uint256 public constant DEVNET_CHAINS = 4;

    /// @notice Thrown when the dev-key verifiers would be deployed on a chain that is not a
    /// devnet's.
    /// @param chainId The EVM chain id of the target chain.
    error DeployChain_DevKeysOffDevnet(uint256 chainId);

    /// @notice The native coin's protocol token id.
    uint16 public constant ETH_TOKEN_ID = 1;
    /// @notice The priority-request fee on a devnet: 0.0005 ETH (docs/l1-contracts.md, "Defaults").
    uint256 public constant DEVNET_PRIORITY_FEE = 0.0005 ether;
    /// @notice The smallest ETH deposit: 0.01 ETH, about ten times the fee in value.
    uint256 public constant ETH_MIN_DEPOSIT = 0.01 ether;
    /// @notice The block-circuit sizes the appchain seals (`polylink_circuits::block::sizes::SIZES`).
    uint256 public constant SMALL_CHUNKS = 1;
    /// @notice See `SMALL_CHUNKS`.
    uint256 public constant LARGE_CHUNKS = 8;

    /// @notice Deploys and configures the contracts.
    /// @return rollup The rollup contract.
    function run() external returns (Rollup rollup) {
        if (block.chainid < DEVNET_CHAIN_IDS_FROM || block.chainid >= DEVNET_CHAIN_IDS_FROM + DEVNET_CHAINS) {
            revert DeployChain_DevKeysOffDevnet(block.chainid);
        }
        uint256 key = VM.envUint("POLYLINK_DEPLOYER_KEY");
        address owner = VM.addr(key);
        VM.startBroadcast(key);
        IVerifier[] memory blockVerifiers = new IVerifier[](2);
        blockVerifiers[0] = IVerifier(address(new Block1Verifier()));
        blockVerifiers[1] = IVerifier(address(new Block8Verifier()));
        IVerifier exitVerifier = IVerifier(address(new ExitVerifier()));
        uint256[] memory chunks = new uint256[](2);
        chunks[0] = SMALL_CHUNKS;
        chunks[1] = LARGE_CHUNKS;
        rollup = new Rollup(
            Rollup.Config({
                chainIndex: uint8(VM.envOr("POLYLINK_CHAIN_INDEX", uint256(1))),
                liveChains: uint8(VM.envOr("POLYLINK_LIVE_CHAINS", uint256(1))),
                deploymentId: VM.envBytes32("POLYLINK_DEPLOYMENT_ID"),
                isDAChain: VM.envOr("POLYLINK_IS_DA", true),
                genesisRoot: VM.envBytes32("POLYLINK_GENESIS_ROOT"),
                oracles: VM.envAddress("POLYLINK_ORACLES", ","),
                verifierChunks: chunks,
                blockVerifiers: blockVerifiers,
                exitVerifier: exitVerifier,
                priorityExpiryBlocks: uint64(VM.envOr("POLYLINK_PRIORITY_EXPIRY_BLOCKS", uint256(10_000))),
                exodusGraceBlocks: uint64(VM.envOr("POLYLINK_EXODUS_GRACE_BLOCKS", uint256(20_000))),
                priorityRequestFee: VM.envOr("POLYLINK_PRIORITY_FEE", DEVNET_PRIORITY_FEE),
                owner: owner
            })
        );
        rollup.registerToken(ETH_TOKEN_ID, address(0), 18, uint128(VM.envOr("POLYLINK_ETH_MIN_DEPOSIT", ETH_MIN_DEPOSIT)));
        VM.stopBroadcast();
    }
}
