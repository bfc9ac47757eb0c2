// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Commitment} from "../../src/libraries/Commitment.sol";
import {Rollup} from "../../src/Rollup.sol";
import {RealProofBase} from "../utils/RealProofBase.sol";

/// @notice A real exit end to end: `test/fixtures/exit_claim.json` is the exit example's claim on
/// chain 1 (account, owner, ETH, amount) against the root of the example state, with a real
/// Groth16 proof of the exit circuit (`cargo run --release -p polylink-circuits --example
/// exit_fixture`). A chain-1 rollup with a mock block verifier and the generated `ExitVerifier`
/// takes the deposits, syncs and executes a batch with that root, enters exit mode when a
/// priority request expires, and after the grace period pays the claim through `performExodus`
/// on the EIP-2537 precompiles. A proof with one changed byte, a claim with another amount or
/// owner, and a second exodus of the same (account, token) are rejected.
contract RealExitProof_Test is RealProofBase {
    Rollup internal rollup;
    ExitClaim internal claim;

    function setUp() public override {
        super.setUp();
        claim = _exitClaim();
        rollup = _deployWithRealExitVerifier(claim.chain);
        _enterExodus(rollup, claim);
    }

    /// @dev `performExodus` of the fixture claim with `proof`, for `owner` and `amount`.
    function _exodus(address owner, uint128 amount, bytes memory proof) internal {
        rollup.performExodus(claim.accountId, owner, claim.tokenId, amount, proof);
    }

    function test_RealExitProof_PerformExodus() public {
        assertEq(rollup.lastSyncedRoot(), claim.root, "the synced root is the fixture's");
        assertEq(
            Commitment.exit(claim.root, claim.accountId, claim.owner, claim.tokenId, claim.chain, claim.amount),
            claim.commitment,
            "exit commitment as the Rust code's"
        );
        // 18 decimals: the L2 amount is paid in full.
        vm.expectEmit();
        emit IRollup.Exodus(claim.accountId, claim.tokenId, claim.owner, claim.amount);
        _exodus(claim.owner, claim.amount, claim.proof);
        assertEq(rollup.pendingBalance(claim.owner, claim.tokenId), claim.amount, "credited");
        assertTrue(rollup.exodusPaid(claim.accountId, claim.tokenId), "marked paid");
        uint256 before = claim.owner.balance;
        rollup.withdrawPendingBalance(claim.owner, claim.tokenId, claim.amount);
        assertEq(claim.owner.balance - before, claim.amount, "paid out in ETH");
        assertEq(rollup.pendingBalance(claim.owner, claim.tokenId), 0, "pending balance spent");
    }

    function test_RevertWhen_ProofByteChanged() public {
        for (uint256 k; k < 3; ++k) {
            bytes memory tampered = bytes.concat(claim.proof);
            // One byte inside A, B and C in turn (EIP-2537: A 0..127, B 128..383, C 384..511).
            uint256 at = [uint256(100), 300, 500][k];
            tampered[at] = bytes1(uint8(tampered[at]) ^ 1);
            vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(0)));
            _exodus(claim.owner, claim.amount, tampered);
        }
    }

    function test_RevertWhen_AmountChanged() public {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(0)));
        _exodus(claim.owner, claim.amount + 1, claim.proof);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(0)));
        _exodus(claim.owner, claim.amount - 1, claim.proof);
    }

    function test_RevertWhen_OwnerChanged() public {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, uint64(0)));
        _exodus(alice, claim.amount, claim.proof);
    }

    function test_RevertWhen_ExodusTwice() public {
        _exodus(claim.owner, claim.amount, claim.proof);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.PolylinkRollup_ExodusAlreadyPaid.selector, claim.accountId, claim.tokenId)
        );
        _exodus(claim.owner, claim.amount, claim.proof);
        assertEq(rollup.pendingBalance(claim.owner, claim.tokenId), claim.amount, "paid once");
    }
}
