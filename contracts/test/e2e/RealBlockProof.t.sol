// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {IVerifier} from "../../src/interfaces/IVerifier.sol";
import {Rollup} from "../../src/Rollup.sol";
import {Block8Verifier} from "../../src/verifiers/Block8Verifier.sol";
import {RollupBase} from "../utils/RollupBase.sol";

/// @notice A real batch end to end: `test/fixtures/block8_batch1.json` is batch 1 of a fresh
/// rollup — two ETH deposits — executed by the Rust executor and proven with a real Groth16
/// proof on the block-8 circuit (`cargo run --release -p polylink-circuits --example
/// rollup_fixture`). The contract takes the deposits, commits the batch, verifies the proof with
/// the generated `Block8Verifier` on the EIP-2537 precompiles, syncs and executes it. A proof
/// with one changed byte, and the real proof against a batch with one changed field, are
/// rejected.
contract RealBlockProof_Test is RollupBase {
    string internal json;
    Rollup internal rollup;
    bytes internal proof;

    function setUp() public override {
        super.setUp();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/block8_batch1.json"));
        proof = vm.parseJsonBytes(json, ".proof");
        Rollup.Config memory cfg = _config(1, true);
        cfg.genesisRoot = vm.parseJsonBytes32(json, ".oldRoot");
        uint256[] memory chunks = new uint256[](1);
        chunks[0] = vm.parseJsonUint(json, ".chunks");
        IVerifier[] memory verifiers = new IVerifier[](1);
        verifiers[0] = IVerifier(address(new Block8Verifier()));
        cfg.verifierChunks = chunks;
        cfg.blockVerifiers = verifiers;
        rollup = new Rollup(cfg);
        vm.prank(gov);
        rollup.registerToken(ETH, address(0), 18);
        bytes[] memory depositors = vm.parseJsonBytesArray(json, ".depositors");
        uint256[] memory amounts = vm.parseJsonUintArray(json, ".amounts");
        for (uint256 i; i < depositors.length; ++i) {
            address who = address(bytes20(depositors[i]));
            vm.deal(who, amounts[i]);
            vm.prank(who);
            rollup.depositETH{value: amounts[i]}(who);
        }
    }

    /// @dev The fixture batch. Its only operations are deposits (on-chain, chain 1), so the
    /// on-chain data is the pubdata itself (the Noop padding is zero either way).
    function _batch() internal view returns (Batch memory b) {
        b.number = uint64(vm.parseJsonUint(json, ".batchNumber"));
        b.timestamp = uint64(vm.parseJsonUint(json, ".timestamp"));
        b.chunks = uint32(vm.parseJsonUint(json, ".chunks"));
        b.oldRoot = vm.parseJsonBytes32(json, ".oldRoot");
        b.newRoot = vm.parseJsonBytes32(json, ".newRoot");
        b.pubdata = vm.parseJsonBytes(json, ".pubdata");
        b.onchainData = b.pubdata;
        b.chainOps[0] = new bytes(2 * 3 * 18);
        for (uint256 i; i < b.chainOps[0].length; ++i) {
            b.chainOps[0][i] = b.pubdata[i];
        }
        b.prio[0] = 2;
    }

    function _commit(Batch memory b) internal returns (IRollup.StoredBatchInfo memory s) {
        s = _stored(rollup, b, 0);
        rollup.commitBatches(_one(_info(rollup, b, _noWitness())));
    }

    function test_RealProof_CommitProveSyncExecute() public {
        Batch memory b = _batch();
        assertEq(_commitment(b), vm.parseJsonBytes32(json, ".commitment"), "commitment as the executor's");
        IRollup.StoredBatchInfo memory s = _commit(b);
        rollup.proveBatches(_one(s), _one(proof));
        assertEq(rollup.totalProven(), 1, "proven by the real verifier");
        _sync(rollup, s);
        _execute(rollup, b, s);
        assertEq(rollup.totalExecuted(), 1, "executed");
    }

    function test_RevertWhen_ProofByteChanged() public {
        IRollup.StoredBatchInfo memory s = _commit(_batch());
        for (uint256 k; k < 3; ++k) {
            bytes memory tampered = bytes.concat(proof);
            // One byte inside A, B and C in turn (EIP-2537: A 0..127, B 128..383, C 384..511).
            uint256 at = [uint256(100), 300, 500][k];
            tampered[at] = bytes1(uint8(tampered[at]) ^ 1);
            vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(1)));
            rollup.proveBatches(_one(s), _one(tampered));
        }
    }

    function test_RevertWhen_PublicFieldChanged() public {
        Batch memory b = _batch();
        // Same pubdata and roots, another timestamp: another commitment, which the quorum signs
        // and the contract accepts, but the proof does not prove.
        b.timestamp += 1;
        IRollup.StoredBatchInfo memory s = _commit(b);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(1)));
        rollup.proveBatches(_one(s), _one(proof));
    }
}
