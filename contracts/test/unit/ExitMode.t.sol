// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Commitment} from "../../src/libraries/Commitment.sol";
import {RollupBase} from "../utils/RollupBase.sol";

/// @notice activateExitMode, performExodus, cancelOutstandingDepositsForExodusMode, rotateOracleSet,
/// and sync/execute in exit mode.
contract ExitMode_Test is RollupBase {
    function _activate() internal {
        vm.roll(block.number + EXPIRY);
        da.activateExitMode();
    }

    function _depositUsdc(uint104 amount, address to) internal {
        vm.prank(alice);
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), amount, to);
    }

    // ---------------------------------------------------------------- activateExitMode
    function test_ActivateExitMode() external {
        _depositUsdc(1e6, alice);
        vm.roll(block.number + EXPIRY);
        vm.expectEmit();
        emit IRollup.ExitModeActivated(block.number, block.number + GRACE);
        da.activateExitMode();
        assertTrue(da.exitMode());
    }

    function test_RevertWhen_ActivateEmptyQueue() external {
        vm.expectRevert(Errors.PolylinkRollup_NoExpiredPriorityRequest.selector);
        da.activateExitMode();
    }

    function test_RevertWhen_ActivateBeforeExpiry() external {
        _depositUsdc(1e6, alice);
        vm.roll(block.number + EXPIRY - 1);
        vm.expectRevert(Errors.PolylinkRollup_NoExpiredPriorityRequest.selector);
        da.activateExitMode();
    }

    function test_RevertWhen_ActivateTwice() external {
        _depositUsdc(1e6, alice);
        _activate();
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.activateExitMode();
    }

    function test_RevertWhen_ActivateAfterRequestExecuted() external {
        _depositUsdc(1e6, alice);
        _full(da, _ops(opDeposit(1, 5, USDC, 1e18, alice)), _noWitness());
        vm.roll(block.number + EXPIRY);
        vm.expectRevert(Errors.PolylinkRollup_NoExpiredPriorityRequest.selector);
        da.activateExitMode();
    }

    // ---------------------------------------------------------------- sync / execute in exit mode
    function test_SyncAndExecuteDuringGrace() external {
        _depositUsdc(1e6, alice);
        (Batch memory b, IRollup.StoredBatchInfo memory s) =
            _commit(da, _ops(opDeposit(1, 5, USDC, 1e18, alice), opWithdraw(5, 1, USDC, 1e18, alice)), _noWitness());
        _prove(da, s);
        _depositUsdc(1e6, bob); // unprocessed: expires
        _activate();
        _sync(da, s);
        _execute(da, b, s);
        assertEq(da.pendingBalance(alice, USDC), 1e6);
    }

    function test_RevertWhen_SyncAfterGrace() external {
        _depositUsdc(1e6, alice);
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        _activate();
        vm.roll(block.number + GRACE);
        bytes[] memory sigs = _quorum(da.syncDigest(1, da.syncHash(1)));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_GracePeriod.selector, block.number));
        da.syncBatches(s, sigs);
    }

    function test_RevertGiven_ExitModeProve() external {
        _depositUsdc(1e6, alice);
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _activate();
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.proveBatches(_one(s), _one(new bytes(512)));
    }

    function test_RevertGiven_ExitModeRevertBatches() external {
        _depositUsdc(1e6, alice);
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _activate();
        vm.prank(gov);
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.revertBatches(_one(s));
    }

    // ---------------------------------------------------------------- performExodus
    function _exodusReady() internal returns (bytes32 root) {
        _depositUsdc(10e6, alice);
        (Batch memory b,) = _full(da, _ops(opDeposit(1, 5, USDC, 10e18, alice)), _noWitness());
        _depositUsdc(1e6, bob);
        _activate();
        vm.roll(block.number + GRACE);
        return b.newRoot;
    }

    function test_PerformExodus() external {
        bytes32 root = _exodusReady();
        uint128 amount = 4e18 + 123; // rounds down to 4e6
        exitVerifier.setExpectedInput(uint256(Commitment.exit(root, 5, alice, USDC, 1, amount)));
        vm.expectEmit();
        emit IRollup.Exodus(5, USDC, alice, 4e6);
        da.performExodus(5, alice, USDC, amount, new bytes(512));
        assertEq(da.pendingBalance(alice, USDC), 4e6);
        assertTrue(da.exodusPaid(5, USDC));
        da.withdrawPendingBalance(alice, USDC, 4e6);
    }

    function test_RevertWhen_ExodusTwice() external {
        _exodusReady();
        da.performExodus(5, alice, USDC, 1e18, new bytes(512));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ExodusAlreadyPaid.selector, 5, USDC));
        da.performExodus(5, alice, USDC, 1e18, new bytes(512));
    }

    function test_RevertWhen_ExodusInvalidProof() external {
        _exodusReady();
        exitVerifier.setAnswer(false);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, 0));
        da.performExodus(5, alice, USDC, 1e18, new bytes(512));
    }

    function test_RevertWhen_ExodusWrongRoot() external {
        _exodusReady();
        exitVerifier.setExpectedInput(uint256(Commitment.exit(GENESIS, 5, alice, USDC, 1, 1e18)));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, 0));
        da.performExodus(5, alice, USDC, 1e18, new bytes(512));
    }

    function test_RevertWhen_ExodusUnknownToken() external {
        _exodusReady();
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnknownTokenId.selector, 77));
        da.performExodus(5, alice, 77, 1, new bytes(512));
    }

    function test_RevertGiven_NotExitModeExodus() external {
        vm.expectRevert(Errors.PolylinkRollup_NotInExitMode.selector);
        da.performExodus(5, alice, USDC, 1, new bytes(512));
    }

    function test_RevertGiven_GracePeriodExodus() external {
        _depositUsdc(1e6, alice);
        _activate();
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_GracePeriod.selector, block.number + GRACE));
        da.performExodus(5, alice, USDC, 1, new bytes(512));
    }

    // ---------------------------------------------------------------- cancelOutstandingDepositsForExodusMode
    function test_CancelOutstandingDeposits() external {
        _exodusReady(); // request 0 executed, request 1 (bob, 1 USDC) outstanding
        vm.prank(bob);
        IRollup.PriorityOpData[] memory ops = new IRollup.PriorityOpData[](1);
        ops[0] = IRollup.PriorityOpData({opCode: 1, accountId: 0, owner: bob, tokenId: USDC, amount: 1e18});
        vm.expectEmit();
        emit IRollup.DepositsCancelled(1, 1);
        da.cancelOutstandingDepositsForExodusMode(1, ops);
        assertEq(da.pendingBalance(bob, USDC), 1e6);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NothingToCancel.selector, 0));
        da.cancelOutstandingDepositsForExodusMode(1, ops);
    }

    function test_CancelSkipsFullExits() external {
        _depositUsdc(1e6, alice);
        vm.prank(alice);
        da.requestFullExit{value: PRIORITY_FEE}(5, USDC);
        _activate();
        vm.roll(block.number + GRACE);
        IRollup.PriorityOpData[] memory ops = new IRollup.PriorityOpData[](2);
        ops[0] = IRollup.PriorityOpData({opCode: 1, accountId: 0, owner: alice, tokenId: USDC, amount: 1e18});
        ops[1] = IRollup.PriorityOpData({opCode: 5, accountId: 5, owner: alice, tokenId: USDC, amount: 0});
        da.cancelOutstandingDepositsForExodusMode(2, ops);
        assertEq(da.pendingBalance(alice, USDC), 1e6);
    }

    function test_RevertWhen_CancelMismatch() external {
        _exodusReady();
        IRollup.PriorityOpData[] memory ops = new IRollup.PriorityOpData[](1);
        ops[0] = IRollup.PriorityOpData({opCode: 1, accountId: 0, owner: alice, tokenId: USDC, amount: 1e18});
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_PriorityOpMismatch.selector, 1));
        da.cancelOutstandingDepositsForExodusMode(1, ops);
    }

    function test_RevertWhen_CancelLengthMismatch() external {
        _exodusReady();
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        da.cancelOutstandingDepositsForExodusMode(1, new IRollup.PriorityOpData[](0));
    }

    function test_RevertWhen_CancelZero() external {
        _exodusReady();
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NothingToCancel.selector, 1));
        da.cancelOutstandingDepositsForExodusMode(0, new IRollup.PriorityOpData[](0));
    }

    function test_RevertGiven_NotExitModeCancel() external {
        vm.expectRevert(Errors.PolylinkRollup_NotInExitMode.selector);
        da.cancelOutstandingDepositsForExodusMode(1, new IRollup.PriorityOpData[](0));
    }

    // ---------------------------------------------------------------- rotateOracleSet
    function _newSet() internal pure returns (address[] memory set) {
        set = new address[](2);
        set[0] = address(0x1000);
        set[1] = address(0x2000);
    }

    function test_RotateOracleSet() external {
        address[] memory set = _newSet();
        bytes[] memory sigs = _quorum(da.rotationDigest(set, 0));
        vm.expectEmit();
        emit IRollup.OracleSetRotated(0, set);
        da.rotateOracleSet(set, 0, sigs);
        assertEq(da.oracleNonce(), 1);
        assertEq(da.oracles().length, 2);
        // the old set no longer counts
        sigs = _quorum(da.rotationDigest(set, 1));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadSigner.selector, vm.addr(oracleKeys[0])));
        da.rotateOracleSet(set, 1, sigs);
    }

    function test_RotateOracleSet_NewSetSigns() external {
        uint256[] memory keys = new uint256[](1);
        keys[0] = 0xB1;
        address[] memory set = new address[](1);
        set[0] = vm.addr(0xB1);
        da.rotateOracleSet(set, 0, _quorum(da.rotationDigest(set, 0)));
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        info.signatures = _sigsWith(da.commitDigest(1, CHUNKS, _commitment(b)), keys);
        da.commitBatches(_one(info));
        assertEq(da.totalCommitted(), 1);
    }

    function test_RevertWhen_RotateBadNonce() external {
        address[] memory set = _newSet();
        bytes[] memory sigs = _quorum(da.rotationDigest(set, 1));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadRotationNonce.selector, 0, 1));
        da.rotateOracleSet(set, 1, sigs);
    }

    function test_RevertWhen_RotateInvalidSet() external {
        address[] memory set = new address[](2);
        set[0] = address(0x2000);
        set[1] = address(0x2000);
        bytes[] memory sigs = _quorum(da.rotationDigest(set, 0));
        vm.expectRevert(Errors.PolylinkRollup_InvalidOracleSet.selector);
        da.rotateOracleSet(set, 0, sigs);
    }

    function test_RevertWhen_RotateNoQuorum() external {
        address[] memory set = _newSet();
        bytes[] memory sigs = new bytes[](1);
        sigs[0] = _quorum(da.rotationDigest(set, 0))[0];
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NoQuorum.selector, 1, 3));
        da.rotateOracleSet(set, 0, sigs);
    }
}
