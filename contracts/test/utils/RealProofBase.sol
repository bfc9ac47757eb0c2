// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IRollup} from "../../src/interfaces/IRollup.sol";
import {IVerifier} from "../../src/interfaces/IVerifier.sol";
import {Rollup} from "../../src/Rollup.sol";
import {Block8Verifier} from "../../src/verifiers/Block8Verifier.sol";
import {ExitVerifier} from "../../src/verifiers/ExitVerifier.sol";
import {RollupBase} from "./RollupBase.sol";

/// @title RealProofBase
/// @notice Rollups wired to the generated Groth16 verifiers and the real-proof fixtures made by the
/// Rust prover: `test/fixtures/block8_batch1.json` (`--example rollup_fixture`, a block-8 batch)
/// and `test/fixtures/exit_claim.json` (`--example exit_fixture`, an exit claim on chain 1).
/// Shared by `test/e2e/RealBlockProof.t.sol`, `test/e2e/RealExitProof.t.sol` and `test/GasBench.t.sol`.
abstract contract RealProofBase is RollupBase {
    /// @notice The exit fixture's claim, as `performExodus` takes it.
    struct ExitClaim {
        bytes32 root; // the state root the claim is proven against (the synced batch's new root)
        uint32 accountId;
        address owner;
        uint16 tokenId;
        uint8 chain;
        uint128 amount; // L2 units (ETH: 18 decimals, so also wei)
        uint256 reserve; // what chain 1 holds of the token in the fixture's state (wei)
        bytes32 commitment; // the exit proof's public input
        bytes proof; // EIP-2537 encoding, 512 bytes
    }

    /// @notice Reads a fixture from `test/fixtures/`.
    /// @param name The file name.
    /// @return The JSON text.
    function _fixture(string memory name) internal view returns (string memory) {
        return vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/", name));
    }

    /// @notice The exit claim of `test/fixtures/exit_claim.json`.
    /// @return c The claim, its root, commitment and proof.
    function _exitClaim() internal view returns (ExitClaim memory c) {
        string memory json = _fixture("exit_claim.json");
        c.root = vm.parseJsonBytes32(json, ".root");
        c.accountId = uint32(vm.parseJsonUint(json, ".accountId"));
        c.owner = address(bytes20(vm.parseJsonBytes(json, ".owner")));
        c.tokenId = uint16(vm.parseJsonUint(json, ".token"));
        c.chain = uint8(vm.parseJsonUint(json, ".chain"));
        c.amount = uint128(vm.parseJsonUint(json, ".amount"));
        c.reserve = vm.parseJsonUint(json, ".reserve");
        c.commitment = vm.parseJsonBytes32(json, ".commitment");
        c.proof = vm.parseJsonBytes(json, ".proof");
    }

    /// @notice A DA rollup on `chain` with the mock block verifiers, the generated `ExitVerifier`
    /// and ETH (id 1, 18 decimals) registered.
    /// @param chain The rollup's chain index.
    /// @return r The rollup.
    function _deployWithRealExitVerifier(uint8 chain) internal returns (Rollup r) {
        Rollup.Config memory cfg = _config(chain, true);
        cfg.exitVerifier = IVerifier(address(new ExitVerifier()));
        r = new Rollup(cfg);
        vm.prank(gov);
        r.registerToken(ETH, address(0), 18, 1);
    }

    /// @notice Brings `r` to where the fixture's exit claim can be paid: deposits `c.reserve` wei
    /// for the claimant (what chain 1 holds in the fixture's state), commits, proves (mock block
    /// verifier), syncs and executes batch 1 with that deposit and the fixture's root as its new
    /// root, leaves a second deposit unprocessed until it expires, activates exit mode and waits
    /// out the grace period.
    /// @param r A rollup from `_deployWithRealExitVerifier`.
    /// @param c The claim.
    function _enterExodus(Rollup r, ExitClaim memory c) internal {
        // 1. Fund the contract: the deposit the batch consumes, then one that will expire.
        vm.prank(alice);
        r.depositETH{value: c.reserve + PRIORITY_FEE}(c.owner);
        vm.prank(bob);
        r.depositETH{value: 1 ether + PRIORITY_FEE}(bob);
        // 2. Batch 1: the first deposit, new root = the fixture's root.
        Batch memory b = _build(1, GENESIS, _ops(opDeposit(c.chain, c.accountId, ETH, uint128(c.reserve), c.owner)), CHUNKS);
        b.newRoot = c.root;
        IRollup.StoredBatchInfo memory s = _stored(r, b, 0);
        r.commitBatches(_one(_info(r, b, _noWitness())));
        _prove(r, s);
        _sync(r, s);
        _execute(r, b, s);
        // 3. The second deposit expires: exit mode, then the grace period.
        vm.roll(block.number + EXPIRY);
        r.activateExitMode();
        vm.roll(block.number + GRACE);
    }

    /// @notice A DA rollup on chain 1 whose block-8 verifier is the generated `Block8Verifier`,
    /// with genesis root, deposits and batch of `test/fixtures/block8_batch1.json`.
    /// @return r The rollup (deposits made).
    /// @return b The fixture batch.
    /// @return proof Its real block proof.
    function _deployWithBlock8Batch() internal returns (Rollup r, Batch memory b, bytes memory proof) {
        string memory json = _fixture("block8_batch1.json");
        proof = vm.parseJsonBytes(json, ".proof");
        Rollup.Config memory cfg = _config(1, true);
        cfg.genesisRoot = vm.parseJsonBytes32(json, ".oldRoot");
        // the live-chain set the batch was sealed for (RollupBase's {1, 2} when the file predates it)
        if (vm.keyExistsJson(json, ".liveChains")) cfg.liveChains = uint8(vm.parseJsonUint(json, ".liveChains"));
        uint256[] memory chunks = new uint256[](1);
        chunks[0] = vm.parseJsonUint(json, ".chunks");
        IVerifier[] memory verifiers = new IVerifier[](1);
        verifiers[0] = IVerifier(address(new Block8Verifier()));
        cfg.verifierChunks = chunks;
        cfg.blockVerifiers = verifiers;
        r = new Rollup(cfg);
        vm.prank(gov);
        r.registerToken(ETH, address(0), 18, 1);
        bytes[] memory depositors = vm.parseJsonBytesArray(json, ".depositors");
        uint256[] memory amounts = vm.parseJsonUintArray(json, ".amounts");
        for (uint256 i; i < depositors.length; ++i) {
            address who = address(bytes20(depositors[i]));
            vm.deal(who, amounts[i] + PRIORITY_FEE);
            vm.prank(who);
            r.depositETH{value: amounts[i] + PRIORITY_FEE}(who);
        }
        b.number = uint64(vm.parseJsonUint(json, ".batchNumber"));
        b.timestamp = uint64(vm.parseJsonUint(json, ".timestamp"));
        b.chunks = uint32(vm.parseJsonUint(json, ".chunks"));
        b.oldRoot = vm.parseJsonBytes32(json, ".oldRoot");
        b.newRoot = vm.parseJsonBytes32(json, ".newRoot");
        b.pubdata = vm.parseJsonBytes(json, ".pubdata");
        // Deposits only (on-chain, chain 1): the on-chain data is the pubdata itself.
        b.onchainData = b.pubdata;
        b.chainOps[0] = new bytes(depositors.length * 3 * 18);
        for (uint256 i; i < b.chainOps[0].length; ++i) {
            b.chainOps[0][i] = b.pubdata[i];
        }
        b.prio[0] = uint64(depositors.length);
    }
}
