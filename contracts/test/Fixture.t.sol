// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IRollup} from "../src/interfaces/IRollup.sol";
import {Rollup} from "../src/Rollup.sol";
import {Commitment} from "../src/libraries/Commitment.sol";
import {RollupHarness} from "./mocks/RollupHarness.sol";
import {RollupBase} from "./utils/RollupBase.sol";
import {Vm} from "./utils/Vm.sol";

/// @notice Cross-language pin: `test/fixtures/batch.json` is written by
/// `cargo run -p polylink-primitives --example commitment_fixture`; the contract must derive the
/// same commitment from it on the DA path (full pubdata) and on compressed paths (chains 1 and 2).
contract Fixture_Test is RollupBase {
    string internal json;

    function setUp() public override {
        super.setUp();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/batch.json"));
    }

    function _harness(uint8 chain, bool isDA, uint256 chunks) internal returns (Rollup r) {
        Rollup.Config memory cfg = _config(chain, isDA);
        cfg.genesisRoot = vm.parseJsonBytes32(json, ".oldRoot");
        cfg.verifierChunks[1] = chunks;
        r = new RollupHarness(cfg);
    }

    function _fixtureBatch() internal view returns (Batch memory b) {
        b.number = uint64(vm.parseJsonUint(json, ".batchNumber"));
        b.timestamp = uint64(vm.parseJsonUint(json, ".timestamp"));
        b.chunks = uint32(vm.parseJsonUint(json, ".chunks"));
        b.oldRoot = vm.parseJsonBytes32(json, ".oldRoot");
        b.newRoot = vm.parseJsonBytes32(json, ".newRoot");
        b.pubdata = vm.parseJsonBytes(json, ".pubdata");
        bytes32[] memory h = vm.parseJsonBytes32Array(json, ".onchainHashes");
        bytes[] memory ops = vm.parseJsonBytesArray(json, ".chainOps");
        for (uint256 i; i < 4; ++i) {
            b.onchain[i] = h[i];
            b.chainOps[i] = ops[i];
        }
    }

    function _committed(Rollup r, Batch memory b) internal returns (bytes32 c) {
        vm.recordLogs();
        r.commitBatches(_one(_info(r, b, new bytes[](0))));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        (c,) = abi.decode(logs[logs.length - 1].data, (bytes32, IRollup.StoredBatchInfo));
    }

    function test_Fixture_ReferenceCommitment() external view {
        Batch memory b = _fixtureBatch();
        assertEq(sha256(b.pubdata), vm.parseJsonBytes32(json, ".pubdataHash"), "pubdata hash");
        assertEq(_commitment(b), vm.parseJsonBytes32(json, ".commitment"), "library commitment");
        assertEq(b.pubdata.length, uint256(b.chunks) * 9, "pubdata length");
    }

    function test_Fixture_DAPathMatchesRust() external {
        Batch memory b = _fixtureBatch();
        Rollup r = _harness(1, true, b.chunks);
        assertEq(_committed(r, b), vm.parseJsonBytes32(json, ".commitment"), "DA commitment");
        assertEq(r.lastCommittedRoot(), b.newRoot, "root");
    }

    function test_Fixture_CompressedPathsMatchRust() external {
        Batch memory b = _fixtureBatch();
        bytes32 expected = vm.parseJsonBytes32(json, ".commitment");
        for (uint8 chain = 1; chain <= 4; ++chain) {
            Rollup r = _harness(chain, false, b.chunks);
            IRollup.CommitBatchInfo memory info = _info(r, b, new bytes[](0));
            // the compressed path must recompute its own slot: hand it a wrong one
            bytes32[4] memory given = [b.onchain[0], b.onchain[1], b.onchain[2], b.onchain[3]];
            given[chain - 1] = keccak256("wrong");
            info.onchainHashes = given;
            vm.recordLogs();
            r.commitBatches(_one(info));
            Vm.Log[] memory logs = vm.getRecordedLogs();
            (bytes32 c,) = abi.decode(logs[logs.length - 1].data, (bytes32, IRollup.StoredBatchInfo));
            assertEq(c, expected, "compressed commitment");
        }
    }
}
