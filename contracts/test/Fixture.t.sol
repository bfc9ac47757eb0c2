// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IRollup} from "../src/interfaces/IRollup.sol";
import {Rollup} from "../src/Rollup.sol";
import {RollupHarness} from "./mocks/RollupHarness.sol";
import {RollupBase} from "./utils/RollupBase.sol";
import {Vm} from "./utils/Vm.sol";

/// @notice Cross-language pin: `test/fixtures/batch.json` is a batch sealed by the Rust executor
/// (`primitives/tests/contract_fixture.rs` checks that the file is what the executor produces
/// today; `POLYLINK_WRITE_FIXTURES=1 cargo test -p polylink-primitives --test contract_fixture`
/// rewrites it). The contract must derive the same commitment from it on the DA path (full
/// pubdata) and on the compressed path (sha256(pubdata) + on-chain ops at their chunks) of every
/// live chain, and record the same own ops per chain on both paths. The commitment binds the
/// fixture's `liveChains` (bit c−1 ⇔ chain c has a contract; 3 = chains {1, 2}).
contract Fixture_Test is RollupBase {
    string internal json;

    function setUp() public override {
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/batch.json"));
        live = uint8(vm.parseJsonUint(json, ".liveChains"));
        super.setUp();
    }

    /// @dev Whether chain `c` is live in the fixture's deployment.
    function _isLive(uint8 c) internal view returns (bool) {
        return (live >> (c - 1)) & 1 == 1;
    }


    function _harness(uint8 chain, bool isDA, uint256 chunks) internal returns (Rollup r) {
        Rollup.Config memory cfg = _config(chain, isDA);
        cfg.genesisRoot = vm.parseJsonBytes32(json, ".oldRoot");
        cfg.verifierChunks[1] = chunks;
        r = new RollupHarness(cfg);
    }

    /// @dev The batch from the JSON; `onchainData` rebuilt from the listed ops at their chunks.
    function _fixtureBatch() internal view returns (Batch memory b) {
        b.number = uint64(vm.parseJsonUint(json, ".batchNumber"));
        b.timestamp = uint64(vm.parseJsonUint(json, ".timestamp"));
        b.chunks = uint32(vm.parseJsonUint(json, ".chunks"));
        b.oldRoot = vm.parseJsonBytes32(json, ".oldRoot");
        b.newRoot = vm.parseJsonBytes32(json, ".newRoot");
        b.pubdata = vm.parseJsonBytes(json, ".pubdata");
        b.onchainOps = vm.parseJsonBytes(json, ".onchainCalldata");
        b.onchainData = new bytes(uint256(b.chunks) * 18);
        uint256[] memory at = vm.parseJsonUintArray(json, ".onchainOpChunks");
        bytes[] memory ops = vm.parseJsonBytesArray(json, ".onchainOps");
        for (uint256 i; i < ops.length; ++i) {
            for (uint256 j; j < ops[i].length; ++j) {
                b.onchainData[at[i] * 18 + j] = ops[i][j];
            }
        }
        bytes[] memory own = vm.parseJsonBytesArray(json, ".chainOps");
        for (uint256 i; i < 4; ++i) {
            b.chainOps[i] = own[i];
        }
    }

    function _committed(Rollup r, IRollup.CommitBatchInfo memory info)
        internal
        returns (bytes32 c, IRollup.StoredBatchInfo memory s)
    {
        vm.recordLogs();
        r.commitBatches(_one(info));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        (c, s) = abi.decode(logs[logs.length - 1].data, (bytes32, IRollup.StoredBatchInfo));
    }

    function test_Fixture_ReferenceCommitment() external view {
        Batch memory b = _fixtureBatch();
        assertEq(b.pubdata.length, uint256(b.chunks) * 18, "pubdata length");
        assertEq(sha256(b.pubdata), vm.parseJsonBytes32(json, ".pubdataHash"), "pubdata hash");
        assertEq(sha256(b.onchainData), vm.parseJsonBytes32(json, ".onchainHash"), "onchain hash");
        assertEq(_commitment(b), vm.parseJsonBytes32(json, ".commitment"), "library commitment");
        // the listed ops are the pubdata's on-chain ops, and the calldata encodes the list
        uint256[] memory at = vm.parseJsonUintArray(json, ".onchainOpChunks");
        bytes[] memory ops = vm.parseJsonBytesArray(json, ".onchainOps");
        bytes memory calldata_;
        bytes[4] memory own;
        for (uint256 i; i < ops.length; ++i) {
            for (uint256 j; j < ops[i].length; ++j) {
                assertEq(uint256(uint8(ops[i][j])), uint256(uint8(b.pubdata[at[i] * 18 + j])), "op bytes");
            }
            calldata_ = bytes.concat(calldata_, abi.encodePacked(uint16(at[i])), ops[i]);
            uint8 chain = _chainOf(ops[i]);
            assertTrue(_isLive(chain), "an on-chain op names a chain that is not live");
            own[chain - 1] = bytes.concat(own[chain - 1], ops[i]);
        }
        assertEq(calldata_, b.onchainOps, "onchainCalldata");
        for (uint256 c; c < 4; ++c) {
            assertEq(own[c], b.chainOps[c], "chainOps");
        }
    }

    function test_Fixture_DAPathMatchesRust() external {
        Batch memory b = _fixtureBatch();
        bytes32 expected = vm.parseJsonBytes32(json, ".commitment");
        for (uint8 chain = 1; chain <= 4; ++chain) {
            if (!_isLive(chain)) continue;
            Rollup r = _harness(chain, true, b.chunks);
            (bytes32 c, IRollup.StoredBatchInfo memory s) = _committed(r, _info(r, b, new bytes[](0)));
            assertEq(c, expected, "DA commitment");
            assertEq(s.onchainHash, vm.parseJsonBytes32(json, ".onchainHash"), "DA onchain hash");
            assertEq(s.ownOpsHash, _ownOpsHash(b.chainOps[chain - 1]), "DA own ops");
            assertEq(r.lastCommittedRoot(), b.newRoot, "root");
        }
    }

    function test_Fixture_CompressedPathsMatchRust() external {
        Batch memory b = _fixtureBatch();
        bytes32 expected = vm.parseJsonBytes32(json, ".commitment");
        for (uint8 chain = 1; chain <= 4; ++chain) {
            if (!_isLive(chain)) continue;
            Rollup r = _harness(chain, false, b.chunks);
            (bytes32 c, IRollup.StoredBatchInfo memory s) = _committed(r, _info(r, b, new bytes[](0)));
            assertEq(c, expected, "compressed commitment");
            assertEq(s.onchainHash, vm.parseJsonBytes32(json, ".onchainHash"), "compressed onchain hash");
            assertEq(s.ownOpsHash, _ownOpsHash(b.chainOps[chain - 1]), "compressed own ops");
        }
    }
}
