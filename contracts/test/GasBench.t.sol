// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IRollup} from "../src/interfaces/IRollup.sol";
import {Rollup} from "../src/Rollup.sol";
import {Block8Verifier} from "../src/verifiers/Block8Verifier.sol";
import {ExitVerifier} from "../src/verifiers/ExitVerifier.sol";
import {MockERC20} from "./mocks/MockERC20.sol";
import {RealProofBase} from "./utils/RealProofBase.sol";

/// @notice Gas figures for `scripts/bench contracts`: each test logs `gas_<entry point>` (execution
/// gas of the call frame, from vm.lastCallGas). The lifecycle figures use the mock verifiers, so
/// `gas_proveBatches` and `gas_performExodus` exclude the Groth16 pairing cost; the `*_real` figures
/// and `gas_verify_*_proof` use the generated verifiers on the real-proof fixtures
/// (`test/fixtures/block8_batch1.json`, `test/fixtures/exit_claim.json`, EIP-2537 precompiles). Per-transfer commit figures add the calldata cost of the whole
/// commitBatches calldata (16 gas per non-zero byte, 4 per zero byte; no 21,000 base) and divide
/// by the transfers in the batch: a devnet batch of 60 one-chunk transfers at capacity 64
/// (`gas_commit_per_transfer_*`), and 30 at capacity 32 (`gas_commit_per_transfer_*_cap32`).
contract GasBench_Test is RealProofBase {
    event log_named_uint(string key, uint256 val);

    /// @dev The priority-request fee of the spam bench (its value does not change the gas).
    uint256 internal constant SPAM_FEE = 0.0005 ether;


    /// @dev Execution gas of the last call (its own frame only).
    function _last() internal view returns (uint256) {
        return vm.lastCallGas().gasTotalUsed;
    }

    function _calldataGas(bytes memory b) internal pure returns (uint256 g) {
        for (uint256 i; i < b.length; ++i) {
            g += b[i] == 0 ? 4 : 16;
        }
    }

    function _transfers(uint256 n) internal pure returns (bytes[] memory o) {
        o = new bytes[](n);
        for (uint256 i; i < n; ++i) {
            o[i] = opTransfer(uint32(100 + i), uint32(200 + i));
        }
    }

    function test_Gas_Deposits() external {
        vm.startPrank(alice);
        da.depositETH{value: 1 + PRIORITY_FEE}(alice); // warm the queue slot layout
        da.depositETH{value: 1 ether + PRIORITY_FEE}(alice);
        emit log_named_uint("gas_depositETH", _last());
        da.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 1e6, alice);
        emit log_named_uint("gas_depositERC20", _last());
        da.requestFullExit{value: PRIORITY_FEE}(5, ETH);
        emit log_named_uint("gas_requestFullExit", _last());
        da.setAuthPubkeyHash(bytes20(uint160(1)), 0);
        emit log_named_uint("gas_setAuthPubkeyHash", _last());
        vm.stopPrank();
        MockERC20 t8 = new MockERC20(8, 0);
        vm.prank(gov);
        da.registerToken(9, address(t8), 8, 1e4);
        emit log_named_uint("gas_registerToken", _last());
    }

    function test_Gas_Lifecycle() external {
        vm.prank(alice);
        da.depositETH{value: 2 ether + PRIORITY_FEE}(alice);
        bytes[] memory ops = _ops(opDeposit(1, 5, ETH, 2 ether, alice), opWithdraw(5, 1, ETH, 1 ether, alice));
        Batch memory b = _build(1, GENESIS, ops, CHUNKS);
        IRollup.StoredBatchInfo memory s = _stored(da, b, 0);
        IRollup.CommitBatchInfo[] memory info = _one(_info(da, b, _noWitness()));
        da.commitBatches(info);
        emit log_named_uint("gas_commitBatches", _last());
        IRollup.StoredBatchInfo[] memory ss = _one(s);
        bytes[] memory proofs = _one(new bytes(512));
        da.proveBatches(ss, proofs);
        emit log_named_uint("gas_proveBatches", _last());
        bytes[] memory sigs = _quorum(da.syncDigest(1, da.syncHash(1)));
        da.syncBatches(s, sigs);
        emit log_named_uint("gas_syncBatches", _last());
        bytes[] memory own = _one(b.chainOps[0]);
        da.executeBatches(ss, own);
        emit log_named_uint("gas_executeBatches", _last());
        da.withdrawPendingBalance(alice, ETH, 1 ether);
        emit log_named_uint("gas_withdrawPendingBalance", _last());
        // revert: commit one more and drop it
        (, IRollup.StoredBatchInfo memory s2) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        ss = _one(s2);
        vm.prank(gov);
        da.revertBatches(ss);
        emit log_named_uint("gas_revertBatches", _last());
        address[] memory set = _oracleAddrs();
        sigs = _quorum(da.rotationDigest(set, 0));
        da.rotateOracleSet(set, 0, sigs);
        emit log_named_uint("gas_rotateOracleSet", _last());
    }

    function test_Gas_ExitMode() external {
        vm.prank(alice);
        da.depositETH{value: 1 ether + PRIORITY_FEE}(alice);
        vm.roll(block.number + EXPIRY);
        da.activateExitMode();
        emit log_named_uint("gas_activateExitMode", _last());
        vm.roll(block.number + GRACE);
        da.performExodus(5, alice, ETH, 0, new bytes(512));
        emit log_named_uint("gas_performExodus", _last());
        IRollup.PriorityOpData[] memory ops = new IRollup.PriorityOpData[](1);
        ops[0] = IRollup.PriorityOpData(1, 0, alice, ETH, 1 ether);
        da.cancelOutstandingDepositsForExodusMode(1, ops);
        emit log_named_uint("gas_cancelOutstandingDepositsForExodusMode", _last());
    }

    /// @dev Commits one batch of `transfers` transfers at `capacity` on the DA and the compressed
    /// chain; logs the batch totals and the per-transfer figures, named with `suffix`.
    function _commitTransfers(uint32 capacity, uint256 transfers, string memory suffix) internal {
        Batch memory b = _build(1, GENESIS, _transfers(transfers), capacity);
        IRollup.CommitBatchInfo[] memory info = _one(_info(da, b, _noWitness()));
        da.commitBatches(info);
        uint256 daGas = _last() + _calldataGas(abi.encodeCall(da.commitBatches, (info)));
        emit log_named_uint(string.concat("gas_commit_batch_da", suffix), daGas);
        emit log_named_uint(string.concat("gas_commit_per_transfer_da", suffix), daGas / transfers);

        info = _one(_info(c2, b, _noWitness()));
        c2.commitBatches(info);
        uint256 cGas = _last() + _calldataGas(abi.encodeCall(c2.commitBatches, (info)));
        emit log_named_uint(string.concat("gas_commit_batch_compressed", suffix), cGas);
        emit log_named_uint(string.concat("gas_commit_per_transfer_compressed", suffix), cGas / transfers);
    }

    /// @dev The devnet batch: 60 transfers at capacity 64.
    function test_Gas_CommitPerTransfer() external {
        _commitTransfers(BIG_CHUNKS, 60, "");
    }

    /// @dev 30 transfers at capacity 32 (fixed per-batch costs weigh twice as much).
    function test_Gas_CommitPerTransferCap32() external {
        _commitTransfers(CHUNKS, 30, "_cap32");
    }

    /// @dev Priority-queue spam (a request costs the attacker gas; serving it costs the operator
    /// gas): `priority_ops_per_batch_capacity` deposits (3 chunks each) fill a capacity-64 batch;
    /// `gas_attacker_per_priority_op` is the cheaper of a depositETH and a requestFullExit on a
    /// deployment charging the priority-request fee, as an attacker contract pays it in a loop
    /// (the caller's gas around the call, storage warm, no 21,000 base and no calldata per
    /// request: the attacker's best case); `gas_operator_per_priority_op` is commit + prove + sync + execute of a
    /// DA batch of 21 ETH deposits at capacity 64 (execution + calldata + 21,000 per transaction,
    /// each call on cold storage as its own transaction; prove with the mock verifier plus the
    /// measured real `Block8Verifier` gas), per deposit;
    /// `priority_keepup_ratio` is attacker gas / operator gas × 1000 (≥ 1000: the attacker spends
    /// at least as much gas as the operator to serve the request). The priority-request fee
    /// covers the difference otherwise (docs/l1-contracts.md).
    function test_Gas_PriorityKeepUp() external {
        uint256 perBatch = BIG_CHUNKS / 3;
        emit log_named_uint("priority_ops_per_batch_capacity", perBatch);
        // 1. The attacker (this contract), on its own rollup so its requests stay out of the batch.
        Rollup.Config memory cfg = _config(1, true);
        cfg.priorityRequestFee = SPAM_FEE;
        Rollup spam = _deployWith(cfg);
        vm.deal(address(this), 1 ether);
        spam.depositETH{value: SPAM_FEE + 1}(bob); // warm the queue slots
        spam.requestFullExit{value: SPAM_FEE}(5, ETH);
        uint256 g = gasleft();
        spam.depositETH{value: SPAM_FEE + 1}(bob);
        uint256 attacker = g - gasleft();
        g = gasleft();
        spam.requestFullExit{value: SPAM_FEE}(5, ETH);
        g -= gasleft();
        if (g < attacker) attacker = g;
        emit log_named_uint("gas_attacker_per_priority_op", attacker);

        // 2. The operator serves a batch full of deposits.
        bytes[] memory ops = new bytes[](perBatch);
        vm.startPrank(alice);
        for (uint256 i; i < perBatch; ++i) {
            da.depositETH{value: 1 ether + i + PRIORITY_FEE}(address(uint160(0x1000 + i)));
            ops[i] = opDeposit(1, uint32(5 + i), ETH, uint128(1 ether + i), address(uint160(0x1000 + i)));
        }
        vm.stopPrank();
        Batch memory b = _build(1, GENESIS, ops, BIG_CHUNKS);
        IRollup.StoredBatchInfo memory s = _stored(da, b, 0);
        IRollup.CommitBatchInfo[] memory info = _one(_info(da, b, _noWitness()));
        _coldStorage();
        da.commitBatches(info);
        uint256 operator = 21_000 + _last() + _calldataGas(abi.encodeCall(da.commitBatches, (info)));
        IRollup.StoredBatchInfo[] memory ss = _one(s);
        bytes[] memory proofs = _one(new bytes(512));
        _coldStorage();
        da.proveBatches(ss, proofs);
        operator += 21_000 + _last() + _calldataGas(abi.encodeCall(da.proveBatches, (ss, proofs)));
        operator += _realBlockVerifyGas();
        bytes[] memory sigs = _quorum(da.syncDigest(1, da.syncHash(1)));
        _coldStorage();
        da.syncBatches(s, sigs);
        operator += 21_000 + _last() + _calldataGas(abi.encodeCall(da.syncBatches, (s, sigs)));
        bytes[] memory own = _one(b.chainOps[0]);
        _coldStorage();
        da.executeBatches(ss, own);
        operator += 21_000 + _last() + _calldataGas(abi.encodeCall(da.executeBatches, (ss, own)));
        assertEq(da.firstPriorityId(), perBatch, "every deposit served");
        uint256 perOp = operator / perBatch;
        emit log_named_uint("gas_operator_per_priority_op", perOp);
        uint256 ratio = (attacker * 1000) / perOp;
        emit log_named_uint("priority_keepup_ratio", ratio);
        assertGe(ratio, 1000, "the operator no longer keeps up with priority-request spam");
    }

    /// @dev Marks the DA rollup's and its block verifier's storage cold, as at the start of a transaction.
    function _coldStorage() internal {
        vm.cool(address(da));
        vm.cool(address(blockVerifier));
    }

    /// @dev `verifyProof` gas of the generated block-8 verifier on its fixture proof.
    function _realBlockVerifyGas() internal returns (uint256) {
        Block8Verifier block8 = new Block8Verifier();
        string memory json = _fixture("block8_batch1.json");
        bytes memory proof = vm.parseJsonBytes(json, ".proof");
        uint256 input = uint256(vm.parseJsonBytes32(json, ".commitment"));
        assertTrue(block8.verifyProof(proof, input), "the block-8 fixture proof verifies");
        return _last();
    }

    /// @dev The generated verifiers alone, called directly on the fixtures' proofs.
    function test_Gas_VerifyRealProofs() external {
        Block8Verifier block8 = new Block8Verifier();
        string memory json = _fixture("block8_batch1.json");
        bytes memory proof = vm.parseJsonBytes(json, ".proof");
        uint256 input = uint256(vm.parseJsonBytes32(json, ".commitment"));
        bool ok = block8.verifyProof(proof, input);
        emit log_named_uint("gas_verify_block_proof", _last());
        assertTrue(ok, "the block-8 fixture proof verifies");

        ExitVerifier exitV = new ExitVerifier();
        ExitClaim memory c = _exitClaim();
        ok = exitV.verifyProof(c.proof, uint256(c.commitment));
        emit log_named_uint("gas_verify_exit_proof", _last());
        assertTrue(ok, "the exit fixture proof verifies");
    }

    /// @dev proveBatches of the real block-8 batch with the generated `Block8Verifier`.
    function test_Gas_ProveBatchesReal() external {
        (Rollup r, Batch memory b, bytes memory proof) = _deployWithBlock8Batch();
        IRollup.StoredBatchInfo[] memory ss = _one(_stored(r, b, 0));
        r.commitBatches(_one(_info(r, b, _noWitness())));
        bytes[] memory proofs = _one(proof);
        r.proveBatches(ss, proofs);
        emit log_named_uint("gas_prove_batches_real", _last());
        assertEq(r.totalProven(), 1, "proven by the real verifier");
    }

    /// @dev performExodus of the real exit claim with the generated `ExitVerifier`.
    function test_Gas_PerformExodusReal() external {
        ExitClaim memory c = _exitClaim();
        Rollup r = _deployWithRealExitVerifier(c.chain);
        _enterExodus(r, c);
        r.performExodus(c.accountId, c.owner, c.tokenId, c.amount, c.proof);
        emit log_named_uint("gas_performExodus_real", _last());
        assertTrue(r.exodusPaid(c.accountId, c.tokenId), "paid by the real verifier");
    }
}
