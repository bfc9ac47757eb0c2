// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IRollup} from "../src/interfaces/IRollup.sol";
import {Commitment} from "../src/libraries/Commitment.sol";
import {Rollup} from "../src/Rollup.sol";
import {RollupBase} from "./utils/RollupBase.sol";

/// @notice Cross-language pin of every digest the contract checks: `test/fixtures/digests.json`
/// is written by the Rust side (the oracles' signers, the executor and the wallet code). The
/// contract must derive from the same inputs the same commit, sync and rotation digests (bound
/// to `deploymentId`), the same EIP-712 domain separator and ChangePubKey digest (for the
/// fixture's EVM chain id and verifying contract: the rollup is deployed at that address), and
/// the same batch commitment (new layout, binding `liveChains`).
contract DigestFixture_Test is RollupBase {
    string internal json;

    function setUp() public override {
        super.setUp();
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/fixtures/digests.json"));
    }

    function _b32(string memory key) internal view returns (bytes32) {
        return vm.parseJsonBytes32(json, key);
    }

    function _u(string memory key) internal view returns (uint256) {
        return vm.parseJsonUint(json, key);
    }

    /// @dev Runs `cfg`'s constructor at `at` (as forge-std's deployCodeTo), so that
    /// `address(this)` in the domain separator is the fixture's verifying contract.
    function _deployAt(Rollup.Config memory cfg, address at) internal returns (Rollup r) {
        vm.etch(at, abi.encodePacked(type(Rollup).creationCode, abi.encode(cfg)));
        (bool ok, bytes memory runtime) = at.call("");
        require(ok, "constructor reverted");
        vm.etch(at, runtime);
        r = Rollup(at);
    }

    /// @dev The rollup the ChangePubKey digest is made for: chain `cpkChainIndex` of the fixture's
    /// deployment, on EVM chain `evmChainId`, at address `contract`.
    function _rollupAtFixtureAddress() internal returns (Rollup r) {
        uint8 chain = uint8(_u(".cpkChainIndex"));
        Rollup.Config memory cfg = _config(chain, true);
        cfg.deploymentId = _b32(".deploymentId");
        cfg.liveChains = uint8(_u(".liveChains")) | uint8(1 << (chain - 1));
        vm.chainId(_u(".evmChainId"));
        r = _deployAt(cfg, vm.parseJsonAddress(json, ".contract"));
        assertEq(address(r), vm.parseJsonAddress(json, ".contract"), "deployed at the fixture's address");
    }

    function test_DigestFixture_Certificates() external {
        Rollup r = _rollupAtFixtureAddress();
        bytes32 id = _b32(".deploymentId");
        uint64 n = uint64(_u(".batchNumber"));
        uint32 chunks = uint32(_u(".chunks"));
        bytes32 c = _b32(".commitment");
        bytes32 expected = _b32(".commitDigest");
        assertEq(r.commitDigest(n, chunks, c), expected, "commitDigest");
        assertEq(keccak256(abi.encode(r.COMMIT_TYPEHASH(), id, n, chunks, c)), expected, "commitDigest (spec)");

        expected = _b32(".revokeDigest");
        assertEq(r.revokeDigest(n, c), expected, "revokeDigest");
        assertEq(keccak256(abi.encode(r.REVOKE_TYPEHASH(), id, n, c)), expected, "revokeDigest (spec)");

        bytes32 sh = _b32(".syncHash");
        expected = _b32(".syncDigest");
        assertEq(r.syncDigest(n, sh), expected, "syncDigest");
        assertEq(keccak256(abi.encode(r.SYNC_TYPEHASH(), id, n, sh)), expected, "syncDigest (spec)");

        address[] memory set = vm.parseJsonAddressArray(json, ".rotationSet");
        uint64 nonce = uint64(_u(".rotationNonce"));
        expected = _b32(".rotationDigest");
        assertEq(r.rotationDigest(set, nonce), expected, "rotationDigest");
        assertEq(
            keccak256(abi.encode(r.ROTATE_TYPEHASH(), id, nonce, keccak256(abi.encodePacked(set)))),
            expected,
            "rotationDigest (spec)"
        );
    }

    function test_DigestFixture_ChangePubKey() external {
        Rollup r = _rollupAtFixtureAddress();
        assertEq(r.domainSeparator(), _b32(".domainSeparator"), "domainSeparator");
        bytes20 pkh = bytes20(vm.parseJsonBytes(json, ".pubKeyHash"));
        uint32 nonce = uint32(_u(".cpkNonce"));
        uint32 account = uint32(_u(".cpkAccountId"));
        assertEq(r.changePubKeyDigest(pkh, nonce, account), _b32(".changePubKeyDigest"), "changePubKeyDigest");
    }

    function test_DigestFixture_BatchCommitment() external {
        uint8 liveSet = uint8(_u(".liveChains"));
        IRollup.StoredBatchInfo memory s;
        s.batchNumber = uint64(_u(".batchNumber"));
        s.timestamp = uint64(_u(".timestamp"));
        s.oldRoot = _b32(".oldRoot");
        s.newRoot = _b32(".newRoot");
        s.pubdataHash = _b32(".pubdataHash");
        s.onchainHash = _b32(".onchainHash");
        bytes32 expected = _b32(".batchCommitment");
        assertEq(
            Commitment.batch(s.batchNumber, s.timestamp, liveSet, s.oldRoot, s.newRoot, s.pubdataHash, s.onchainHash),
            expected,
            "Commitment.batch"
        );
        // the contract's own view, on the lowest live chain of the fixture's deployment
        uint8 chain = 1;
        while (chain < 4 && (liveSet >> (chain - 1)) & 1 == 0) {
            ++chain;
        }
        Rollup.Config memory cfg = _config(chain, true);
        cfg.deploymentId = _b32(".deploymentId");
        cfg.liveChains = liveSet;
        Rollup r = new Rollup(cfg);
        assertEq(r.commitmentOf(s), expected, "commitmentOf");
    }
}
