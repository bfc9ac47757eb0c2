// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Commitment} from "../../src/libraries/Commitment.sol";
import {Rollup} from "../../src/Rollup.sol";
import {RollupBase} from "../utils/RollupBase.sol";

/// @notice Certificates of one deployment across L1s with different EVM chain ids: a commit and a
/// sync certificate signed once serve every chain (also when carried to a chain in exit mode
/// during its grace period), so all chains end at one synced root; certificates of another
/// deployment are refused on every path (commit, sync, rotation).
contract CrossChain_Test is RollupBase {
    uint256 internal constant EVM_A = 1; // chain index 1 (DA) lives on EVM chain 1 ...
    uint256 internal constant EVM_B = 10; // ... chain index 2 (compressed) on EVM chain 10

    function setUp() public override {
        super.setUp();
        vm.chainId(EVM_A);
        da = _deploy(1, true);
        vm.chainId(EVM_B);
        c2 = _deploy(2, false);
        vm.prank(alice);
        usdc.approve(address(c2), type(uint256).max);
        vm.chainId(EVM_A);
    }

    /// @dev Batch 1 (a deposit on each chain) committed and proven on both chains, each on its
    /// EVM chain id; a second deposit on each chain stays in its queue (it will expire).
    function _batchProvenOnBoth()
        internal
        returns (Batch memory b, IRollup.StoredBatchInfo memory sa, IRollup.StoredBatchInfo memory sb)
    {
        vm.chainId(EVM_A);
        vm.startPrank(alice);
        da.depositETH{value: 1 ether + PRIORITY_FEE}(alice);
        da.depositETH{value: 1 + PRIORITY_FEE}(alice);
        vm.chainId(EVM_B);
        c2.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 7e6, bob);
        c2.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 1, bob);
        vm.stopPrank();
        b = _build(1, GENESIS, _ops(opDeposit(1, 5, ETH, 1 ether, alice), opDeposit(2, 6, USDC, 7e18, bob)), CHUNKS);
        sa = _stored(da, b, 0);
        sb = _stored(c2, b, 0);
        // one commit certificate, signed once, commits on both chains
        vm.chainId(EVM_A);
        IRollup.CommitBatchInfo memory ia = _info(da, b, _noWitness());
        da.commitBatches(_one(ia));
        _prove(da, sa);
        vm.chainId(EVM_B);
        IRollup.CommitBatchInfo memory ib = _info(c2, b, _noWitness());
        assertEq(keccak256(abi.encode(ia.signatures)), keccak256(abi.encode(ib.signatures)), "one certificate");
        c2.commitBatches(_one(ib));
        _prove(c2, sb);
        assertEq(da.syncHash(1), c2.syncHash(1), "same history, same sync hash");
    }

    function test_SyncCertificateServesEveryChain_AlsoDuringExitModeGrace() external {
        (Batch memory b, IRollup.StoredBatchInfo memory sa, IRollup.StoredBatchInfo memory sb) = _batchProvenOnBoth();
        // 1. The quorum signs the sync certificate once (on chain A's view); it syncs chain A.
        vm.chainId(EVM_A);
        bytes[] memory cert = _quorum(da.syncDigest(1, da.syncHash(1)));
        da.syncBatches(sa, cert);
        _execute(da, b, sa);
        // 2. Chain B's oldest request expires before the certificate reaches it: exit mode there.
        vm.roll(block.number + EXPIRY);
        vm.chainId(EVM_B);
        c2.activateExitMode();
        // 3. During B's grace period anyone carries the same certificate over: B syncs.
        vm.roll(block.number + GRACE - 1);
        c2.syncBatches(sb, cert);
        _execute(c2, b, sb);
        assertEq(c2.lastSyncedRoot(), da.lastSyncedRoot(), "one root on every chain");
        assertEq(c2.lastSyncedRoot(), b.newRoot);
        // 4. Chain A follows into exit mode (its second deposit expired too); exits open on both.
        vm.chainId(EVM_A);
        da.activateExitMode();
        vm.roll(block.number + GRACE);
        bytes32 root = da.lastSyncedRoot();
        exitVerifier.setExpectedInput(uint256(Commitment.exit(root, 5, alice, ETH, 1, 1 ether)));
        da.performExodus(5, alice, ETH, 1 ether, new bytes(512));
        vm.chainId(EVM_B);
        exitVerifier.setExpectedInput(uint256(Commitment.exit(root, 6, bob, USDC, 2, 7e18)));
        c2.performExodus(6, bob, USDC, 7e18, new bytes(512));
        assertEq(da.pendingBalance(alice, ETH), 1 ether, "exit on A against the shared root");
        assertEq(c2.pendingBalance(bob, USDC), 7e6, "exit on B against the shared root");
    }

    /// @dev A rollup of another deployment (same chain index 1, same oracles, same chain id).
    function _otherDeployment() internal returns (Rollup o) {
        Rollup.Config memory cfg = _config(1, true);
        cfg.deploymentId = keccak256("another deployment");
        vm.chainId(EVM_A);
        o = _deployWith(cfg);
    }

    function test_RevertWhen_CertificatesOfOtherDeployment() external {
        Rollup o = _otherDeployment();
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        // 1. commit: the certificate of DEPLOYMENT_ID is refused
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.PolylinkRollup_BadSigner.selector,
                _recover(o.commitDigest(1, CHUNKS, _commitment(b)), info.signatures[0])
            )
        );
        o.commitBatches(_one(info));
        // 2. sync: commit and prove with o's own certificate, then a sync certificate of DEPLOYMENT_ID
        o.commitBatches(_one(_info(o, b, _noWitness())));
        IRollup.StoredBatchInfo memory s = _stored(o, b, 0);
        _prove(o, s);
        bytes32 sh = o.syncHash(1);
        bytes[] memory cert = _quorum(da.syncDigest(1, sh));
        vm.expectRevert(
            abi.encodeWithSelector(Errors.PolylinkRollup_BadSigner.selector, _recover(o.syncDigest(1, sh), cert[0]))
        );
        o.syncBatches(s, cert);
        // 3. rotation: signed for DEPLOYMENT_ID
        address[] memory set = new address[](1);
        set[0] = address(0x1000);
        bytes[] memory sigs = _quorum(da.rotationDigest(set, 0));
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.PolylinkRollup_BadSigner.selector, _recover(o.rotationDigest(set, 0), sigs[0])
            )
        );
        o.rotateOracleSet(set, 0, sigs);
        // o's own certificates work
        o.syncBatches(s, _quorum(o.syncDigest(1, sh)));
        o.rotateOracleSet(set, 0, _quorum(o.rotationDigest(set, 0)));
        assertEq(o.totalSynced(), 1);
        assertEq(o.oracleNonce(), 1);
    }

    function test_RotationCertificateServesEveryChain() external {
        address[] memory set = new address[](1);
        set[0] = address(0x1000);
        vm.chainId(EVM_A);
        bytes[] memory sigs = _quorum(da.rotationDigest(set, 0));
        da.rotateOracleSet(set, 0, sigs);
        vm.chainId(EVM_B);
        c2.rotateOracleSet(set, 0, sigs);
        assertEq(c2.oracles()[0], address(0x1000));
    }
}
