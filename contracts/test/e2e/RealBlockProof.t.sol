// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Rollup} from "../../src/Rollup.sol";
import {RealProofBase} from "../utils/RealProofBase.sol";

/// @notice A real batch end to end: `test/fixtures/block8_batch1.json` is batch 1 of a fresh
/// rollup — two ETH deposits — executed by the Rust executor and proven with a real Groth16
/// proof on the block-8 circuit (`cargo run --release -p polylink-circuits --example
/// rollup_fixture`). The contract takes the deposits, commits the batch, verifies the proof with
/// the generated `Block8Verifier` on the EIP-2537 precompiles, syncs and executes it. A proof
/// with one changed byte, and the real proof against a batch with one changed field, are
/// rejected.
contract RealBlockProof_Test is RealProofBase {
    Rollup internal rollup;
    Batch internal batch;
    bytes internal proof;

    function setUp() public override {
        super.setUp();
        (rollup, batch, proof) = _deployWithBlock8Batch();
    }

    function _commit(Batch memory b) internal returns (IRollup.StoredBatchInfo memory s) {
        s = _stored(rollup, b, 0);
        rollup.commitBatches(_one(_info(rollup, b, _noWitness())));
    }

    function test_RealProof_CommitProveSyncExecute() public {
        Batch memory b = batch;
        string memory json = _fixture("block8_batch1.json");
        assertEq(
            _commitment(rollup.liveChains(), b), vm.parseJsonBytes32(json, ".commitment"), "commitment as the executor's"
        );
        IRollup.StoredBatchInfo memory s = _commit(b);
        rollup.proveBatches(_one(s), _one(proof));
        assertEq(rollup.totalProven(), 1, "proven by the real verifier");
        _sync(rollup, s);
        _execute(rollup, b, s);
        assertEq(rollup.totalExecuted(), 1, "executed");
    }

    function test_RevertWhen_ProofByteChanged() public {
        IRollup.StoredBatchInfo memory s = _commit(batch);
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
        Batch memory b = batch;
        // Same pubdata and roots, another timestamp: another commitment, which the quorum signs
        // and the contract accepts, but the proof does not prove.
        b.timestamp += 1;
        IRollup.StoredBatchInfo memory s = _commit(b);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(1)));
        rollup.proveBatches(_one(s), _one(proof));
    }
}
