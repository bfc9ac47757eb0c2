// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {RollupBase} from "../utils/RollupBase.sol";
import {RollupHandler} from "./handlers/RollupHandler.sol";

/// @notice Invariants of the DA rollup under random deposits (charged a priority-request fee),
/// batches, withdrawals, fee withdrawals, exit mode, exodus and cancellations (all through
/// `RollupHandler`).
contract Rollup_Invariant_Test is RollupBase {
    RollupHandler internal handler;

    function setUp() public override {
        priorityFee = 0.001 ether; // the deployments below charge it
        super.setUp();
        handler = new RollupHandler(da, c2, usdc, oracleKeys);
        bytes4[] memory selectors = new bytes4[](8);
        selectors[0] = RollupHandler.deposit.selector;
        selectors[1] = RollupHandler.processBatch.selector;
        selectors[2] = RollupHandler.withdrawPending.selector;
        selectors[3] = RollupHandler.activateExitMode.selector;
        selectors[4] = RollupHandler.exodus.selector;
        selectors[5] = RollupHandler.cancelDeposits.selector;
        selectors[6] = RollupHandler.processBatch.selector;
        selectors[7] = RollupHandler.withdrawFees.selector;
        targetContract(address(handler));
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
        excludeSender(address(da));
        excludeSender(address(c2));
    }

    /// @dev What the contract holds of `t` for users: its ETH less the collected fees, or its USDC.
    function _holdings(uint16 t) internal view returns (uint256) {
        return t == ETH ? address(da).balance - da.priorityFeesCollected() : usdc.balanceOf(address(da));
    }

    /// @dev Every fee paid in is either still collected or was paid to the treasury, and the
    /// contract's ETH always covers the collected fees (user funds never pay them out).
    function invariant_PriorityFeesAccounted() external view {
        assertEq(da.priorityRequestFee(), 0.001 ether, "fee deployment");
        assertEq(
            da.priorityFeesCollected(),
            handler.ghost_fees() - handler.ghost_feesWithdrawn(),
            "Invariant violation: collected fees != paid in - withdrawn"
        );
        assertEq(handler.TREASURY().balance, handler.ghost_feesWithdrawn(), "Invariant violation: treasury != withdrawn");
        assertGe(address(da).balance, da.priorityFeesCollected(), "Invariant violation: ETH < collected fees");
    }

    /// @dev What the contract holds is exactly what it owes: pending balances, deposits not yet
    /// processed, and the chain's L2 reserve mirrored from executed batches (no full exits with
    /// dust in this handler, so equality holds; with dust it is ≥).
    function invariant_HoldingsEqualPendingPlusUnprocessedPlusReserve() external view {
        for (uint16 t = ETH; t <= USDC; ++t) {
            assertEq(
                _holdings(t),
                handler.ghost_pending(t) + handler.ghost_unprocessed(t) + handler.ghost_reserve(t),
                "Invariant violation: holdings != pending + unprocessed + reserve"
            );
        }
    }

    /// @dev The contract's pending balances are the ghost pending sum.
    function invariant_PendingBalancesMatchGhost() external view {
        for (uint16 t = ETH; t <= USDC; ++t) {
            uint256 sum;
            for (uint256 i; i < handler.actorCount(); ++i) {
                sum += da.pendingBalance(handler.actor(i), t);
            }
            assertEq(sum, handler.ghost_pending(t), "Invariant violation: pending balances != ghost");
        }
    }

    /// @dev Batches only move forward through the pipeline.
    function invariant_BatchCountersOrdered() external view {
        assertGe(da.totalCommitted(), da.totalProven(), "Invariant violation: committed < proven");
        assertGe(da.totalProven(), da.totalSynced(), "Invariant violation: proven < synced");
        assertGe(da.totalSynced(), da.totalExecuted(), "Invariant violation: synced < executed");
        assertGe(da.nextPriorityId(), da.nextCommitPriorityId(), "Invariant violation: queue overrun");
        assertGe(da.nextCommitPriorityId(), da.firstPriorityId(), "Invariant violation: executed past committed");
    }

    /// @dev The compressed chain commits every batch the DA chain commits, with the same commitment.
    function invariant_CompressedCommitmentEqualsDA() external view {
        assertFalse(handler.ghost_compressedMismatch(), "Invariant violation: compressed commitment != DA");
        assertEq(c2.totalCommitted(), da.totalCommitted(), "Invariant violation: compressed chain behind");
    }

    /// @dev No (account, token) is paid an exodus twice.
    function invariant_NoExodusPaidTwice() external view {
        assertFalse(handler.ghost_exodusPaidTwice(), "Invariant violation: exodus paid twice");
    }

    /// @dev Exodus payouts never exceed what the chain held for L2 at activation.
    function invariant_ExodusPayoutsWithinHoldings() external view {
        for (uint16 t = ETH; t <= USDC; ++t) {
            assertLe(handler.ghost_exodusPaid(t), handler.ghost_reserveAtExit(t), "Invariant violation: exodus > reserve");
            assertLe(handler.ghost_exodusPaid(t), _holdings(t) + handler.ghost_deposited(t), "Invariant violation: exodus > holdings");
        }
    }
}
