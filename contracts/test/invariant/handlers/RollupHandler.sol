// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRollup} from "../../../src/interfaces/IRollup.sol";
import {Rollup} from "../../../src/Rollup.sol";
import {MockERC20} from "../../mocks/MockERC20.sol";
import {MockVerifier} from "../../mocks/MockVerifier.sol";
import {RollupBase} from "../../utils/RollupBase.sol";

/// @title RollupHandler
/// @notice Drives the DA rollup through deposits (each paying the priority-request fee), full
/// batches (deposits + withdrawals), pending-balance withdrawals, fee withdrawals by governance,
/// exit mode, exodus and deposit cancellation, and mirrors the
/// L2 reserve of chain 1 in ghost variables (token units, per token). Every batch is also
/// committed on a compressed rollup of chain 2 (for which all its ops are another chain's), which
/// must derive the same commitment.
contract RollupHandler is RollupBase {
    struct PendingDeposit {
        address to;
        uint16 token;
        uint128 amountL2;
    }

    address[3] internal actors = [address(0xA1A1), address(0xB2B2), address(0xC3C3)];
    PendingDeposit[] internal queue; // every deposit made, in serial order
    uint256 internal consumed; // deposits consumed by executed batches
    mapping(uint16 => uint256) public ghost_deposited;
    mapping(uint16 => uint256) public ghost_unprocessed;
    mapping(uint16 => uint256) public ghost_reserve;
    mapping(uint16 => uint256) public ghost_pending;
    mapping(uint16 => uint256) public ghost_exodusPaid;
    mapping(uint16 => uint256) public ghost_reserveAtExit;
    uint256 public ghost_fees; // priority-request fees paid in
    uint256 public ghost_feesWithdrawn; // fees paid out to the treasury
    address public constant TREASURY = address(0x7EA5);
    bool public ghost_exodusPaidTwice;
    bool public ghost_compressedMismatch;
    uint256 public ghost_exodusCount;

    constructor(Rollup r, Rollup compressed, MockERC20 u, uint256[] memory keys) {
        da = r;
        c2 = compressed;
        usdc = u;
        oracleKeys = keys;
        usdc.approve(address(r), type(uint256).max);
    }

    function actorCount() external pure returns (uint256) {
        return 3;
    }

    function actor(uint256 i) external view returns (address) {
        return actors[i];
    }

    function _token(uint256 seed) internal pure returns (uint16) {
        return seed % 2 == 0 ? ETH : USDC;
    }

    function _scaleOf(uint16 t) internal pure returns (uint256) {
        return t == ETH ? 1 : 1e12;
    }

    function deposit(uint256 actorSeed, uint256 tokenSeed, uint256 amount) external {
        if (da.exitMode()) return;
        uint16 t = _token(tokenSeed);
        address to = actors[actorSeed % 3];
        amount = bound(amount, 1, t == ETH ? 100 ether : 1e12);
        uint256 fee = da.priorityRequestFee();
        if (t == ETH) {
            vm.deal(address(this), amount + fee);
            da.depositETH{value: amount + fee}(to);
        } else {
            usdc.mint(address(this), amount);
            vm.deal(address(this), fee);
            da.depositERC20{value: fee}(IERC20(address(usdc)), uint104(amount), to);
        }
        ghost_fees += fee;
        queue.push(PendingDeposit(to, t, uint128(amount * _scaleOf(t))));
        ghost_deposited[t] += amount;
        ghost_unprocessed[t] += amount;
    }

    /// @dev One batch: the next `n` deposits, then a withdrawal of part of the reserve.
    function processBatch(uint256 n, uint256 actorSeed, uint256 tokenSeed, uint256 withdrawAmount) external {
        if (da.exitMode()) return;
        n = bound(n, 0, queue.length - consumed);
        if (n > 4) n = 4;
        uint16 wt = _token(tokenSeed);
        bytes[] memory ops = new bytes[](n + 1);
        uint256[2] memory added;
        for (uint256 i; i < n; ++i) {
            PendingDeposit memory d = queue[consumed + i];
            ops[i] = opDeposit(1, uint32(5 + i), d.token, d.amountL2, d.to);
            added[d.token == ETH ? 0 : 1] += d.amountL2 / _scaleOf(d.token);
        }
        uint256 available = ghost_reserve[wt] + added[wt == ETH ? 0 : 1];
        uint256 w = bound(withdrawAmount, 0, available);
        address to = actors[actorSeed % 3];
        ops[n] = w == 0 ? opTransfer(5, 6) : opWithdraw(5, 1, wt, uint128(w * _scaleOf(wt)), to);
        (Batch memory b, IRollup.StoredBatchInfo memory s) = _full(da, ops, _noWitness());
        _commitCompressed(b, s);
        consumed += n;
        ghost_reserve[ETH] += added[0];
        ghost_reserve[USDC] += added[1];
        ghost_unprocessed[ETH] -= added[0];
        ghost_unprocessed[USDC] -= added[1];
        ghost_reserve[wt] -= w;
        ghost_pending[wt] += w;
    }

    /// @dev Commits `b` on the compressed chain-2 rollup; flags any revert or commitment mismatch
    /// (a revert must not just discard the call, hence try/catch).
    function _commitCompressed(Batch memory b, IRollup.StoredBatchInfo memory s) internal {
        IRollup.StoredBatchInfo memory s2 = _stored(c2, b, c2.nextCommitPriorityId());
        try c2.commitBatches(_one(_info(c2, b, _noWitness()))) {
            if (c2.storedBatchHash(b.number) != keccak256(abi.encode(s2)) || c2.commitmentOf(s2) != da.commitmentOf(s))
            {
                ghost_compressedMismatch = true;
            }
        } catch {
            ghost_compressedMismatch = true;
        }
    }

    function withdrawPending(uint256 actorSeed, uint256 tokenSeed) external {
        address a = actors[actorSeed % 3];
        uint16 t = _token(tokenSeed);
        uint128 p = da.pendingBalance(a, t);
        if (p == 0) return;
        da.withdrawPendingBalance(a, t, p);
        ghost_pending[t] -= p;
    }

    /// @dev Governance takes the collected fees (in any mode).
    function withdrawFees() external {
        uint256 amount = da.priorityFeesCollected();
        vm.prank(gov);
        da.withdrawPriorityFees(payable(TREASURY));
        ghost_feesWithdrawn += amount;
    }

    function activateExitMode() external {
        if (da.exitMode() || queue.length == consumed) return;
        vm.roll(block.number + EXPIRY);
        da.activateExitMode();
        ghost_reserveAtExit[ETH] = ghost_reserve[ETH];
        ghost_reserveAtExit[USDC] = ghost_reserve[USDC];
        vm.roll(block.number + GRACE);
    }

    /// @dev An exodus of some of the reserve (the exit proof is mocked; the handler plays an
    /// honest prover and never lets exits exceed the reserve of the synced root).
    function exodus(uint256 accountSeed, uint256 tokenSeed, uint256 amount) external {
        if (!da.exitMode()) return;
        uint16 t = _token(tokenSeed);
        uint32 account = uint32(5 + (accountSeed % 3));
        if (da.exodusPaid(account, t)) {
            try da.performExodus(account, actors[account - 5], t, 1, new bytes(512)) {
                ghost_exodusPaidTwice = true;
            } catch {}
            return;
        }
        uint256 paid = bound(amount, 0, ghost_reserve[t]);
        da.performExodus(account, actors[account - 5], t, uint128(paid * _scaleOf(t)), new bytes(512));
        ghost_reserve[t] -= paid;
        ghost_pending[t] += paid;
        ghost_exodusPaid[t] += paid;
        ++ghost_exodusCount;
    }

    function cancelDeposits(uint256 count) external {
        if (!da.exitMode()) return;
        uint256 outstanding = queue.length - consumed - cancelled;
        if (outstanding == 0) return;
        count = bound(count, 1, outstanding);
        IRollup.PriorityOpData[] memory ops = new IRollup.PriorityOpData[](count);
        for (uint256 i; i < count; ++i) {
            PendingDeposit memory d = queue[consumed + cancelled + i];
            ops[i] = IRollup.PriorityOpData(1, 0, d.to, d.token, d.amountL2);
        }
        da.cancelOutstandingDepositsForExodusMode(uint64(count), ops);
        for (uint256 i; i < count; ++i) {
            PendingDeposit memory d = queue[consumed + cancelled + i];
            uint256 l1 = d.amountL2 / _scaleOf(d.token);
            ghost_unprocessed[d.token] -= l1;
            ghost_pending[d.token] += l1;
        }
        cancelled += count;
    }

    uint256 internal cancelled;

    receive() external payable {}
}
