// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Errors} from "../../src/Errors.sol";
import {IRollup} from "../../src/interfaces/IRollup.sol";
import {Rollup} from "../../src/Rollup.sol";
import {RollupBase} from "../utils/RollupBase.sol";
import {Vm} from "../utils/Vm.sol";

/// @notice commitBatches, proveBatches, syncBatches, executeBatches, revertBatches, withdrawPendingBalance.
contract Lifecycle_Test is RollupBase {
    uint256 internal constant OWNER_KEY = 0xC0FFEE;

    function _depositBoth() internal {
        vm.prank(alice);
        da.depositETH{value: 2 ether + PRIORITY_FEE}(alice);
        vm.prank(alice);
        c2.depositERC20{value: PRIORITY_FEE}(IERC20(address(usdc)), 7e6, bob);
    }

    /// @dev One batch with ops on chains 1 and 2: deposits, transfer, withdrawals.
    function _mixedOps() internal view returns (bytes[] memory o) {
        o = new bytes[](6);
        o[0] = opDeposit(1, 5, ETH, 2 ether, alice);
        o[1] = opDeposit(2, 6, USDC, 7e18, bob);
        o[2] = opTransfer(5, 6);
        o[3] = opWithdraw(5, 1, ETH, 0.5 ether, alice);
        o[4] = opTransferToNew(6, 7, address(0xC0C0));
        o[5] = opWithdraw(6, 2, USDC, 3e18, bob);
    }

    // ---------------------------------------------------------------- commit
    function test_CommitBatches_DA() external {
        _depositBoth();
        Batch memory b = _build(1, GENESIS, _mixedOps(), CHUNKS);
        IRollup.StoredBatchInfo memory s = _stored(da, b, 0);
        vm.expectEmit();
        emit IRollup.BatchCommitted(1, _commitment(b), s);
        da.commitBatches(_one(_info(da, b, _noWitness())));
        assertEq(da.totalCommitted(), 1);
        assertEq(da.storedBatchHash(1), keccak256(abi.encode(s)));
        assertEq(da.lastCommittedRoot(), b.newRoot);
        assertEq(da.nextCommitPriorityId(), 1);
    }

    function test_CommitBatches_NonDA() external {
        _depositBoth();
        Batch memory b = _build(1, GENESIS, _mixedOps(), CHUNKS);
        IRollup.StoredBatchInfo memory s = _stored(c2, b, 0);
        vm.expectEmit();
        emit IRollup.BatchCommitted(1, _commitment(b), s);
        c2.commitBatches(_one(_info(c2, b, _noWitness())));
        assertEq(c2.storedBatchHash(1), keccak256(abi.encode(s)));
    }

    function test_CommitBatches_TwoBatches() external {
        _depositBoth();
        Batch memory b1 = _build(1, GENESIS, _mixedOps(), CHUNKS);
        Batch memory b2 = _build(2, b1.newRoot, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo[] memory infos = new IRollup.CommitBatchInfo[](2);
        infos[0] = _info(da, b1, _noWitness());
        infos[1] = _info(da, b2, _noWitness());
        da.commitBatches(infos);
        assertEq(da.totalCommitted(), 2);
        assertEq(da.lastCommittedRoot(), b2.newRoot);
    }

    function test_RevertWhen_CommitWrongBatchNumber() external {
        Batch memory b = _build(2, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnexpectedBatchNumber.selector, 1, 2));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitUnknownCapacity() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), 17);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NoVerifierForChunks.selector, 17));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitPubdataLengthWrong() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        info.pubdata = bytes.concat(info.pubdata, hex"00");
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadPubdataLength.selector, CHUNKS * 18 + 1));
        da.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitUnknownOpCode() external {
        bytes[] memory o = _ops(_chunked(hex"09"));
        Batch memory b = _build(1, GENESIS, o, CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnknownOpCode.selector, 0, 9));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitTruncatedOp() external {
        // a Withdraw (3 chunks) starting 2 chunks before the end
        Batch memory b = _build(1, GENESIS, new bytes[](0), CHUNKS);
        b.pubdata[(CHUNKS - 2) * 18] = 0x03;
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TruncatedOp.selector, (CHUNKS - 2) * 18));
        da.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitInvalidChainInOp() external {
        Batch memory b = _build(1, GENESIS, new bytes[](0), CHUNKS);
        bytes memory w = opWithdraw(5, 9, ETH, 1 ether, alice);
        for (uint256 i; i < w.length; ++i) {
            b.pubdata[i] = w[i];
        }
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidChainIndex.selector, 9));
        da.commitBatches(_one(info));
    }

    function test_CommitNonDA_OtherChainsOpsNotChecked() external {
        // chain 1's deposit is not in chain 2's queue: chain 2 only copies it into onchain_data
        Batch memory b = _build(1, GENESIS, _ops(opDeposit(1, 5, ETH, 1 ether, alice), opTransfer(5, 6)), CHUNKS);
        IRollup.StoredBatchInfo memory s = _stored(c2, b, 0);
        c2.commitBatches(_one(_info(c2, b, _noWitness())));
        assertEq(c2.storedBatchHash(1), keccak256(abi.encode(s)));
        assertEq(s.ownOpsHash, bytes32(0), "no own ops");
        assertEq(c2.nextCommitPriorityId(), 0);
    }

    function test_RevertWhen_CommitNonDAOmitsOtherChainsOp() external {
        // dropping chain 1's op changes onchain_data, so the quorum signed another commitment
        Batch memory b = _build(1, GENESIS, _ops(opWithdraw(5, 1, ETH, 1 ether, alice), opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps = "";
        vm.expectRevert(); // BadSigner (the recovered signers are not the oracles)
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDAMovesOp() external {
        // the same op at another chunk is another onchain_data
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6), opWithdraw(5, 2, ETH, 1 ether, alice)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps[1] = 0x02; // chunk 1 -> 2
        vm.expectRevert();
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDAOffChainOpListed() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps = bytes.concat(hex"0000", opTransfer(5, 6));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NotOnchainOp.selector, 2));
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDAUnknownOpCode() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps = bytes.concat(hex"0000", _chunked(hex"09"));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnknownOpCode.selector, 2, 9));
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDAOverlappingOps() external {
        bytes memory w = opWithdraw(5, 1, ETH, 1 ether, alice);
        Batch memory b = _build(1, GENESIS, _ops(w, w), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps[w.length + 3] = 0x02; // second op at chunk 2, inside the first (chunks 0..2)
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadChunkOffset.selector, w.length + 2));
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDAOpPastCapacity() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps = bytes.concat(abi.encodePacked(uint16(CHUNKS - 2)), opWithdraw(5, 1, ETH, 1, alice));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadChunkOffset.selector, 0));
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDATruncatedOp() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps = bytes.concat(hex"0000", opWithdraw(5, 1, ETH, 1, alice), hex"0003");
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TruncatedOp.selector, 56));
        c2.commitBatches(_one(info));
        info.onchainOps = bytes.concat(hex"0000", hex"03000005");
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_TruncatedOp.selector, 2));
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitNonDAInvalidChainInOp() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(c2, b, _noWitness());
        info.onchainOps = bytes.concat(hex"0000", opWithdraw(5, 0, ETH, 1, alice));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidChainIndex.selector, 0));
        c2.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitDepositNotInQueue() external {
        Batch memory b = _build(1, GENESIS, _ops(opDeposit(1, 5, ETH, 1 ether, alice)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_PriorityQueueExhausted.selector, 0));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitDepositMismatch() external {
        _depositBoth();
        Batch memory b = _build(1, GENESIS, _ops(opDeposit(1, 5, ETH, 3 ether, alice)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_PriorityOpMismatch.selector, 0));
        da.commitBatches(arg);
    }

    function test_CommitFullExit_AnyAmount() external {
        vm.prank(alice);
        da.requestFullExit{value: PRIORITY_FEE}(5, ETH);
        _commit(da, _ops(opFullExit(1, 5, alice, ETH, 123)), _noWitness());
        assertEq(da.nextCommitPriorityId(), 1);
    }

    function test_RevertWhen_CommitFullExitWrongOwner() external {
        vm.prank(alice);
        da.requestFullExit{value: PRIORITY_FEE}(5, ETH);
        Batch memory b = _build(1, GENESIS, _ops(opFullExit(1, 5, bob, ETH, 0)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_PriorityOpMismatch.selector, 0));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitWithdrawNotRepresentable() external {
        Batch memory b = _build(1, GENESIS, _ops(opWithdraw(5, 1, USDC, 1e12 + 1, alice)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_AmountNotRepresentable.selector, USDC, 1e12 + 1));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitForcedExitNotRepresentable() external {
        Batch memory b = _build(1, GENESIS, _ops(opForcedExit(1, 5, 6, USDC, 5, alice)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_AmountNotRepresentable.selector, USDC, 5));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitWithdrawUnknownToken() external {
        Batch memory b = _build(1, GENESIS, _ops(opWithdraw(5, 1, 77, 1, alice)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnknownTokenId.selector, 77));
        da.commitBatches(arg);
    }

    function test_CommitChangePubKey_Eip712() external {
        address owner = vm.addr(OWNER_KEY);
        bytes20 pkh = bytes20(uint160(0xfeed));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OWNER_KEY, da.changePubKeyDigest(pkh, 0, 5));
        _commit(da, _ops(opChangePubKey(1, 5, pkh, owner, 0)), _one(abi.encodePacked(r, s, v)));
        assertEq(da.totalCommitted(), 1);
    }

    function test_CommitChangePubKey_Onchain() external {
        bytes20 pkh = bytes20(uint160(0xfeed));
        vm.prank(alice);
        c2.setAuthPubkeyHash(pkh, 4);
        _commit(c2, _ops(opChangePubKey(2, 5, pkh, alice, 4)), _one(""));
        assertEq(c2.totalCommitted(), 1);
    }

    /// @dev The review's attack: the owner approves pkh, the appchain sequences a ChangePubKey on
    /// it, then the owner tries to swap the approval before the batch reaches L1. The swap
    /// reverts, so the batch still commits (before write-once, no batch could ever commit here).
    function test_CommitChangePubKey_OnchainAfterAnOverwriteAttempt() external {
        bytes20 pkh = bytes20(uint160(0xfeed));
        vm.prank(alice);
        c2.setAuthPubkeyHash(pkh, 4);
        vm.prank(alice);
        vm.expectRevert(
            abi.encodeWithSelector(Errors.PolylinkRollup_AuthPubkeyHashAlreadySet.selector, alice, uint32(4), pkh)
        );
        c2.setAuthPubkeyHash(bytes20(uint160(0xbad)), 4);
        _commit(c2, _ops(opChangePubKey(2, 5, pkh, alice, 4)), _one(""));
        assertEq(c2.totalCommitted(), 1);
    }

    function test_RevertWhen_CommitChangePubKeyWrongSigner() external {
        bytes20 pkh = bytes20(uint160(0xfeed));
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OWNER_KEY, da.changePubKeyDigest(pkh, 0, 5));
        Batch memory b = _build(1, GENESIS, _ops(opChangePubKey(1, 5, pkh, alice, 0)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _one(abi.encodePacked(r, s, v))));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ChangePubKeyNotAuthorised.selector, 5, alice));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitChangePubKeyNotApproved() external {
        Batch memory b = _build(1, GENESIS, _ops(opChangePubKey(1, 5, bytes20(uint160(1)), alice, 0)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _one("")));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ChangePubKeyNotAuthorised.selector, 5, alice));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitChangePubKeyMissingWitness() external {
        Batch memory b = _build(1, GENESIS, _ops(opChangePubKey(1, 5, bytes20(uint160(1)), alice, 0)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _noWitness()));
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitExtraWitness() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _one("")));
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitNoQuorum() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        bytes[] memory two = new bytes[](2);
        (two[0], two[1]) = (info.signatures[0], info.signatures[1]);
        info.signatures = two;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NoQuorum.selector, 2, 3));
        da.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitSignersUnsorted() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        (info.signatures[0], info.signatures[1]) = (info.signatures[1], info.signatures[0]);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadSigner.selector, vm.addr(oracleKeys[0])));
        da.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitSignerNotOracle() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OWNER_KEY, da.commitDigest(1, CHUNKS, _commitment(b)));
        info.signatures[2] = abi.encodePacked(r, s, v);
        vm.expectRevert(); // BadSigner (order or membership)
        da.commitBatches(_one(info));
    }

    function test_RevertWhen_CommitSignatureOverOtherBatch() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        info.newRoot = bytes32(uint256(1));
        vm.expectRevert();
        da.commitBatches(_one(info));
    }

    function test_RevertGiven_ExitModeCommit() external {
        _expire();
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        vm.expectRevert(Errors.PolylinkRollup_ExitModeActive.selector);
        da.commitBatches(_one(info));
    }

    // ---------------------------------------------------------------- live chains
    /// @dev Commits `ops` as batch 1 on `r` and expects ChainNotLive(chain).
    function _expectChainNotLive(Rollup r, bytes[] memory ops, bytes[] memory witnesses, uint8 chain) internal {
        Batch memory b = _build(1, GENESIS, ops, CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(r, b, witnesses));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ChainNotLive.selector, chain));
        r.commitBatches(arg);
    }

    function test_RevertWhen_CommitDepositOnDeadChain() external {
        // chains {1, 2} are live: a Deposit naming chain 3 is refused by the DA rollup (chain 1)
        // and the compressed one (chain 2), although it is neither's own op
        bytes[] memory o = _ops(opTransfer(5, 6), opDeposit(3, 5, ETH, 1 ether, alice));
        _expectChainNotLive(da, o, _noWitness(), 3);
        _expectChainNotLive(c2, o, _noWitness(), 3);
    }

    function test_RevertWhen_CommitChangePubKeyOnDeadChain() external {
        bytes[] memory o = _ops(opChangePubKey(3, 5, bytes20(uint160(0xfeed)), alice, 0));
        _expectChainNotLive(da, o, _noWitness(), 3);
        _expectChainNotLive(c2, o, _noWitness(), 3);
        o = _ops(opWithdraw(5, 4, ETH, 1, alice)); // chain 4, another op kind
        _expectChainNotLive(da, o, _noWitness(), 4);
        _expectChainNotLive(c2, o, _noWitness(), 4);
    }

    function test_CommitLiveChainsOps() external {
        // ops naming only live chains still commit on both paths
        _depositBoth();
        Batch memory b = _build(1, GENESIS, _mixedOps(), CHUNKS);
        da.commitBatches(_one(_info(da, b, _noWitness())));
        c2.commitBatches(_one(_info(c2, b, _noWitness())));
        assertEq(da.totalCommitted(), 1);
        assertEq(c2.totalCommitted(), 1);
    }

    function test_CommitmentBindsLiveChains() external {
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        assertTrue(_commitment(LIVE_1_2, b) != _commitment(LIVE_ALL, b), "live set not bound");
        assertTrue(_commitment(LIVE_1_2, b) != _commitment(0x07, b), "live set not bound");
        // a rollup of a deployment with another live set derives another commitment, so the
        // certificate made for chains {1, 2} does not commit there
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness());
        live = LIVE_ALL;
        Rollup other = _deploy(1, true);
        assertEq(other.commitmentOf(_stored(other, b, 0)), _commitment(LIVE_ALL, b));
        assertEq(da.commitmentOf(_stored(da, b, 0)), _commitment(LIVE_1_2, b));
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.PolylinkRollup_BadSigner.selector,
                _recover(other.commitDigest(1, CHUNKS, _commitment(LIVE_ALL, b)), info.signatures[0])
            )
        );
        other.commitBatches(_one(info));
    }

    // ---------------------------------------------------------------- deployment binding
    function test_CertificateDigests() external view {
        assertEq(da.COMMIT_TYPEHASH(), keccak256("PolylinkCommit(bytes32 deploymentId,uint64 batchNumber,uint32 chunks,bytes32 commitment)"));
        assertEq(da.SYNC_TYPEHASH(), keccak256("PolylinkSync(bytes32 deploymentId,uint64 batchNumber,bytes32 syncHash)"));
        assertEq(da.ROTATE_TYPEHASH(), keccak256("PolylinkRotate(bytes32 deploymentId,uint64 nonce,address[] newSet)"));
        bytes32 c = bytes32(uint256(0xc0));
        assertEq(da.commitDigest(7, 64, c), keccak256(abi.encode(da.COMMIT_TYPEHASH(), DEPLOYMENT_ID, uint64(7), uint32(64), c)));
        assertEq(da.syncDigest(7, c), keccak256(abi.encode(da.SYNC_TYPEHASH(), DEPLOYMENT_ID, uint64(7), c)));
        address[] memory set = _oracleAddrs();
        bytes memory padded;
        for (uint256 i; i < set.length; ++i) {
            padded = bytes.concat(padded, bytes32(uint256(uint160(set[i]))));
        }
        assertEq(
            da.rotationDigest(set, 3), keccak256(abi.encode(da.ROTATE_TYPEHASH(), DEPLOYMENT_ID, uint64(3), keccak256(padded)))
        );
        // one deployment: the same digests on every chain
        assertEq(da.commitDigest(7, 64, c), c2.commitDigest(7, 64, c));
        assertEq(da.syncDigest(7, c), c2.syncDigest(7, c));
        assertEq(da.rotationDigest(set, 3), c2.rotationDigest(set, 3));
    }

    function test_RevertWhen_CommitCertificateOtherDeployment() external {
        Rollup.Config memory cfg = _config(1, true);
        cfg.deploymentId = keccak256("another deployment");
        Rollup other = _deployWith(cfg);
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory info = _info(da, b, _noWitness()); // signed for DEPLOYMENT_ID
        vm.expectRevert(
            abi.encodeWithSelector(
                Errors.PolylinkRollup_BadSigner.selector,
                _recover(other.commitDigest(1, CHUNKS, _commitment(b)), info.signatures[0])
            )
        );
        other.commitBatches(_one(info));
    }

    // ---------------------------------------------------------------- ChangePubKey EIP-712 domain
    function test_DomainSeparator() external {
        bytes32 typehash = keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
        assertEq(
            da.domainSeparator(),
            keccak256(abi.encode(typehash, keccak256("Polylink"), keccak256("1"), block.chainid, address(da)))
        );
        assertTrue(da.domainSeparator() != c2.domainSeparator(), "per contract");
        // after a fork to another chain id the separator follows block.chainid
        vm.chainId(999);
        assertEq(
            da.domainSeparator(), keccak256(abi.encode(typehash, keccak256("Polylink"), keccak256("1"), 999, address(da)))
        );
    }

    function test_RevertWhen_CommitChangePubKeySignedForOtherChainId() external {
        address owner = vm.addr(OWNER_KEY);
        bytes20 pkh = bytes20(uint160(0xfeed));
        uint256 here = block.chainid;
        vm.chainId(here + 1);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OWNER_KEY, da.changePubKeyDigest(pkh, 0, 5));
        vm.chainId(here);
        Batch memory b = _build(1, GENESIS, _ops(opChangePubKey(1, 5, pkh, owner, 0)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _one(abi.encodePacked(r, s, v))));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ChangePubKeyNotAuthorised.selector, 5, owner));
        da.commitBatches(arg);
    }

    function test_RevertWhen_CommitChangePubKeySignedForOtherContract() external {
        // another chain-1 contract (same chain id, same chain index): its digest differs
        address owner = vm.addr(OWNER_KEY);
        bytes20 pkh = bytes20(uint160(0xfeed));
        Rollup other = _deploy(1, true);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(OWNER_KEY, other.changePubKeyDigest(pkh, 0, 5));
        Batch memory b = _build(1, GENESIS, _ops(opChangePubKey(1, 5, pkh, owner, 0)), CHUNKS);
        IRollup.CommitBatchInfo[] memory arg = _one(_info(da, b, _one(abi.encodePacked(r, s, v))));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_ChangePubKeyNotAuthorised.selector, 5, owner));
        da.commitBatches(arg);
    }

    /// @dev The DA path and the compressed path store the same commitment for any batch.
    function testFuzz_CommitDAEqualsNonDA(uint128 a1, uint128 a2, uint8 nTransfers, uint256 seed) external {
        a1 = uint128(bound(a1, 1, 1e30));
        a2 = uint128(bound(a2, 1e12, 1e30)) / 1e12 * 1e12;
        nTransfers = uint8(bound(nTransfers, 0, 19)); // ≤ 3 + 19·3 + 3 chunks of BIG_CHUNKS
        bytes[] memory o = new bytes[](2 + nTransfers);
        o[0] = opWithdraw(5, 1, ETH, a1, alice);
        for (uint256 i; i < nTransfers; ++i) {
            // off-chain ops of 1 and 2 chunks and other chains' on-chain ops, in a random mix
            uint256 kind = (seed >> (2 * i)) & 3;
            o[1 + i] = kind == 0
                ? opTransfer(uint32(5 + i), uint32(6 + i))
                : kind == 1
                    ? opTransferToNew(uint32(5 + i), uint32(100 + i), address(uint160(0xbeef + i)))
                    : opForcedExit(uint8(kind + 1), uint32(5 + i), 6, ETH, a1, bob); // chains 3, 4
        }
        o[1 + nTransfers] = opWithdraw(6, 2, USDC, a2, bob);
        Batch memory b = _build(1, GENESIS, o, BIG_CHUNKS);
        // a deployment where chains 3 and 4 are live too (their ops are only copied here)
        live = LIVE_ALL;
        da = _deploy(1, true);
        c2 = _deploy(2, false);
        vm.recordLogs();
        da.commitBatches(_one(_info(da, b, _noWitness())));
        c2.commitBatches(_one(_info(c2, b, _noWitness())));
        Vm.Log[] memory logs = vm.getRecordedLogs();
        (bytes32 cDA,) = abi.decode(logs[0].data, (bytes32, IRollup.StoredBatchInfo));
        (bytes32 cC2,) = abi.decode(logs[1].data, (bytes32, IRollup.StoredBatchInfo));
        assertEq(cDA, cC2, "DA and compressed commitments differ");
        assertEq(cDA, _commitment(b), "commitment differs from the reference");
    }

    // ---------------------------------------------------------------- prove
    function test_ProveBatches() external {
        (Batch memory b, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        bytes32 c = _commitment(b);
        blockVerifier.setExpectedInput(uint256(c));
        bytes32 sh = keccak256(abi.encodePacked(bytes32(0), c));
        vm.expectEmit();
        emit IRollup.BatchProven(1, c, sh);
        _prove(da, s);
        assertEq(da.totalProven(), 1);
        assertEq(da.syncHash(1), sh);
    }

    function test_RevertWhen_ProveInvalidProof() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        blockVerifier.setAnswer(false);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InvalidProof.selector, 1));
        _prove(da, s);
    }

    function test_RevertWhen_ProveStoredMismatch() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        s.newRoot = bytes32(uint256(7));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_StoredBatchMismatch.selector, 1));
        _prove(da, s);
    }

    function test_RevertWhen_ProveUncommitted() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        s.batchNumber = 2;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnexpectedBatchNumber.selector, 1, 2));
        _prove(da, s);
    }

    function test_RevertWhen_ProveLengthMismatch() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        da.proveBatches(_one(s), new bytes[](0));
    }

    // ---------------------------------------------------------------- sync
    function test_SyncBatches() external {
        (Batch memory b, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        vm.expectEmit();
        emit IRollup.BatchesSynced(1, da.syncHash(1), b.newRoot);
        _sync(da, s);
        assertEq(da.totalSynced(), 1);
        assertEq(da.lastSyncedRoot(), b.newRoot);
    }

    function test_RevertWhen_SyncNotProven() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        bytes[] memory sigs = _quorum(da.syncDigest(s.batchNumber, da.syncHash(s.batchNumber)));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotSync.selector, 1));
        da.syncBatches(s, sigs);
    }

    function test_RevertWhen_SyncTwice() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        _sync(da, s);
        bytes[] memory sigs = _quorum(da.syncDigest(s.batchNumber, da.syncHash(s.batchNumber)));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotSync.selector, 1));
        da.syncBatches(s, sigs);
    }

    function test_RevertWhen_SyncWrongSyncHash() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        bytes[] memory sigs = _quorum(da.syncDigest(1, bytes32(uint256(1))));
        vm.expectRevert();
        da.syncBatches(s, sigs);
    }

    function test_RevertWhen_SyncStoredMismatch() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        s.timestamp = 1;
        bytes[] memory sigs = _quorum(da.syncDigest(1, da.syncHash(1)));
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_StoredBatchMismatch.selector, 1));
        da.syncBatches(s, sigs);
    }

    // ---------------------------------------------------------------- execute
    function test_ExecuteBatches_PaysChainOps() external {
        _depositBoth();
        Batch memory b = _build(1, GENESIS, _mixedOps(), CHUNKS);
        // chain 1
        IRollup.StoredBatchInfo memory s1 = _stored(da, b, 0);
        da.commitBatches(_one(_info(da, b, _noWitness())));
        _prove(da, s1);
        _sync(da, s1);
        vm.expectEmit();
        emit IRollup.BatchExecuted(1);
        _execute(da, b, s1);
        assertEq(da.pendingBalance(alice, ETH), 0.5 ether);
        assertEq(da.firstPriorityId(), 1);
        assertEq(da.totalExecuted(), 1);
        // chain 2 (USDC scaled down to 6 decimals)
        IRollup.StoredBatchInfo memory s2 = _stored(c2, b, 0);
        c2.commitBatches(_one(_info(c2, b, _noWitness())));
        _prove(c2, s2);
        _sync(c2, s2);
        _execute(c2, b, s2);
        assertEq(c2.pendingBalance(bob, USDC), 3e6);
        assertEq(c2.syncHash(1), da.syncHash(1), "same sync hash on both chains");
    }

    function test_ExecuteFullExitAndForcedExit_RoundDown() external {
        vm.prank(alice);
        da.requestFullExit{value: PRIORITY_FEE}(5, USDC);
        bytes[] memory o = _ops(opFullExit(1, 5, alice, USDC, 2e12 + 999), opForcedExit(1, 5, 6, USDC, 3e12, bob));
        _full(da, o, _noWitness());
        assertEq(da.pendingBalance(alice, USDC), 2, "full exit rounds down");
        assertEq(da.pendingBalance(bob, USDC), 3);
    }

    function test_RevertWhen_ExecuteNotSynced() external {
        (Batch memory b, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NotSynced.selector, 1));
        da.executeBatches(_one(s), _one(b.chainOps[0]));
    }

    function test_RevertWhen_ExecuteOpsMismatch() external {
        (, IRollup.StoredBatchInfo memory s) =
            _commit(da, _ops(opWithdraw(5, 1, ETH, 1, alice)), _noWitness());
        _prove(da, s);
        _sync(da, s);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_OnchainOpsMismatch.selector, 1));
        da.executeBatches(_one(s), _one(opWithdraw(5, 1, ETH, 2, alice)));
    }

    function test_RevertWhen_ExecuteForeignOp() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        _sync(da, s);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NotOwnOnchainOp.selector, 0));
        da.executeBatches(_one(s), _one(opWithdraw(5, 2, ETH, 2, alice)));
    }

    function test_RevertWhen_ExecuteOutOfOrder() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        s.batchNumber = 2;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_UnexpectedBatchNumber.selector, 1, 2));
        da.executeBatches(_one(s), _one(""));
    }

    function test_RevertWhen_ExecuteLengthMismatch() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        da.executeBatches(_one(s), new bytes[](0));
    }

    // ---------------------------------------------------------------- revert
    function test_RevertBatches() external {
        _depositBoth();
        (Batch memory b, IRollup.StoredBatchInfo memory s) = _commit(da, _mixedOps(), _noWitness());
        vm.expectEmit();
        emit IRollup.BatchesReverted(0);
        vm.prank(gov);
        da.revertBatches(_one(s));
        assertEq(da.totalCommitted(), 0);
        assertEq(da.totalProven(), 0);
        assertEq(da.nextCommitPriorityId(), 0);
        assertEq(da.lastCommittedRoot(), GENESIS);
        assertEq(da.storedBatchHash(1), bytes32(0));
        assertTrue(da.revokedCommitment(_commitment(b)), "commitment revoked");
        // the same deposit can be committed again, in a replacement batch (another timestamp)
        b.timestamp += 1;
        da.commitBatches(_one(_info(da, b, _noWitness())));
        assertEq(da.totalCommitted(), 1);
    }

    function test_RevertWhen_RecommitRevertedBatch() external {
        // 1. Batch 1 is committed with its certificate, then reverted by governance.
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        IRollup.CommitBatchInfo memory old = _info(da, b, _noWitness());
        IRollup.StoredBatchInfo memory s = _stored(da, b, 0);
        da.commitBatches(_one(old));
        vm.prank(gov);
        da.revertBatches(_one(s));
        // 2. Anyone replaying the old, still valid certificate is refused.
        bytes32 c = _commitment(b);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CommitmentRevoked.selector, 1, c));
        da.commitBatches(_one(old));
        // 3. The operator's replacement batch 1 (other timestamp and content, new certificate) commits.
        Batch memory r = _build(1, GENESIS, _ops(opTransfer(5, 6), opTransfer(6, 5)), CHUNKS);
        r.timestamp = b.timestamp + 12;
        IRollup.StoredBatchInfo memory rs = _stored(da, r, 0);
        da.commitBatches(_one(_info(da, r, _noWitness())));
        assertEq(da.totalCommitted(), 1);
        assertEq(da.storedBatchHash(1), keccak256(abi.encode(rs)), "the replacement is stored");
    }

    function test_RevokeCommitment_HoldsOnEveryChain() external {
        // 1. Batch 1 is committed on chain 1 and reverted there by governance.
        Batch memory b = _build(1, GENESIS, _ops(opTransfer(5, 6)), CHUNKS);
        da.commitBatches(_one(_info(da, b, _noWitness())));
        IRollup.StoredBatchInfo memory s = _stored(da, b, 0);
        vm.prank(gov);
        da.revertBatches(_one(s));
        bytes32 c = _commitment(b);
        assertFalse(c2.revokedCommitment(c), "chain 2 does not know of the revert");
        // 2. The quorum's revocation certificate, delivered to chain 2 by anyone.
        bytes[] memory sigs = _quorum(c2.revokeDigest(1, c));
        vm.expectEmit();
        emit IRollup.CommitmentRevoked(1, c);
        vm.prank(bob);
        c2.revokeCommitment(1, c, sigs);
        // 3. The old, public commit certificate cannot take batch 1's slot on chain 2 either.
        IRollup.CommitBatchInfo memory old = _info(c2, b, _noWitness());
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CommitmentRevoked.selector, 1, c));
        c2.commitBatches(_one(old));
        // 4. The replacement batch commits there.
        Batch memory r = _build(1, GENESIS, _ops(opTransfer(5, 6), opTransfer(6, 5)), CHUNKS);
        r.timestamp = b.timestamp + 12;
        c2.commitBatches(_one(_info(c2, r, _noWitness())));
        assertEq(c2.totalCommitted(), 1);
    }

    function test_RevertWhen_RevokeCommitmentBelowQuorum() external {
        bytes32 c = keccak256("commitment");
        bytes[] memory all = _quorum(c2.revokeDigest(1, c));
        bytes[] memory two = new bytes[](2);
        two[0] = all[0];
        two[1] = all[1];
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_NoQuorum.selector, 2, 3));
        c2.revokeCommitment(1, c, two);
        assertFalse(c2.revokedCommitment(c));
    }

    function testFuzz_RevertWhen_RevokeCommitmentSignedForSomethingElse(uint64 other) external {
        bytes32 c = keccak256("commitment");
        vm.assume(other != 1);
        // Signed for another batch number, or a commit certificate of the same batch: refused.
        bytes[][2] memory forged = [_quorum(c2.revokeDigest(other, c)), _quorum(c2.commitDigest(1, CHUNKS, c))];
        for (uint256 i; i < 2; ++i) {
            address signer = _recover(c2.revokeDigest(1, c), forged[i][0]);
            vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_BadSigner.selector, signer));
            c2.revokeCommitment(1, c, forged[i]);
        }
        assertFalse(c2.revokedCommitment(c));
    }

    /// @dev Delivers the quorum's revocation certificate of `s`'s commitment to `r`.
    function _revoke(Rollup r, IRollup.StoredBatchInfo memory s) internal returns (bytes32 c) {
        c = r.commitmentOf(s);
        r.revokeCommitment(s.batchNumber, c, _quorum(r.revokeDigest(s.batchNumber, c)));
    }

    function _two(IRollup.StoredBatchInfo memory a, IRollup.StoredBatchInfo memory b)
        internal
        pure
        returns (IRollup.StoredBatchInfo[] memory t)
    {
        t = new IRollup.StoredBatchInfo[](2);
        (t[0], t[1]) = (a, b);
    }

    function test_RevertWhen_ProveRevokedCommitment() external {
        // Batch 1 was committed on chain 2 before its revocation certificate arrived.
        (, IRollup.StoredBatchInfo memory s) = _commit(c2, _ops(opTransfer(5, 6)), _noWitness());
        bytes32 c = _revoke(c2, s);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CommitmentRevoked.selector, 1, c));
        _prove(c2, s);
        assertEq(c2.totalProven(), 0);
        assertEq(c2.syncHash(1), bytes32(0));
    }

    function test_RevertRevokedBatches_FrontRunnerCommittedAndProved() external {
        // 1. A front-runner commits and proves batches 1 (a deposit) and 2 on chain 2 with their
        //    public certificates and proofs before the revocation certificate of batch 1 arrives.
        _depositBoth();
        (, IRollup.StoredBatchInfo memory s1) = _commit(c2, _mixedOps(), _noWitness());
        (, IRollup.StoredBatchInfo memory s2) = _commit(c2, _ops(opTransfer(6, 5)), _noWitness());
        _prove(c2, s1);
        _prove(c2, s2);
        assertEq(c2.nextCommitPriorityId(), 1);
        // 2. The certificate arrives; anyone drops the tail down to the revoked batch.
        bytes32 c1 = _revoke(c2, s1);
        vm.expectEmit();
        emit IRollup.BatchesReverted(0);
        vm.prank(bob);
        c2.revertRevokedBatches(_two(s2, s1));
        assertEq(c2.totalCommitted(), 0);
        assertEq(c2.totalProven(), 0);
        assertEq(c2.nextCommitPriorityId(), 0, "the deposit is back in the queue");
        assertEq(c2.lastCommittedRoot(), GENESIS);
        assertEq(c2.storedBatchHash(1), bytes32(0));
        assertEq(c2.storedBatchHash(2), bytes32(0));
        assertEq(c2.syncHash(1), bytes32(0), "an unsyncable sync hash is gone");
        assertEq(c2.syncHash(2), bytes32(0));
        assertTrue(c2.revokedCommitment(c1));
        assertTrue(c2.revokedCommitment(c2.commitmentOf(s2)), "the batch on top goes with it");
        // 3. The replacement batch 1 commits and proves from genesis; sync[1] is its own.
        Batch memory r = _build(1, GENESIS, _mixedOps(), CHUNKS);
        r.timestamp += 12;
        IRollup.StoredBatchInfo memory rs = _stored(c2, r, 0);
        c2.commitBatches(_one(_info(c2, r, _noWitness())));
        _prove(c2, rs);
        assertEq(c2.syncHash(1), keccak256(abi.encodePacked(bytes32(0), c2.commitmentOf(rs))));
    }

    function test_RevertWhen_RevertRevokedBatchesNotRevoked() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(c2, _ops(opTransfer(5, 6)), _noWitness());
        bytes32 c = c2.commitmentOf(s);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CommitmentNotRevoked.selector, 1, c));
        c2.revertRevokedBatches(_one(s));
        assertEq(c2.totalCommitted(), 1);
    }

    function test_RevertWhen_RevertRevokedBatchesLowestNotRevoked() external {
        // Batch 2 is revoked but the tail names batch 1 last: only a revoked lowest batch counts.
        (, IRollup.StoredBatchInfo memory s1) = _commit(c2, _ops(opTransfer(5, 6)), _noWitness());
        (, IRollup.StoredBatchInfo memory s2) = _commit(c2, _ops(opTransfer(6, 5)), _noWitness());
        _revoke(c2, s2);
        bytes32 c1 = c2.commitmentOf(s1);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CommitmentNotRevoked.selector, 1, c1));
        c2.revertRevokedBatches(_two(s2, s1));
        c2.revertRevokedBatches(_one(s2));
        assertEq(c2.totalCommitted(), 1);
    }

    function test_RevertWhen_RevertRevokedBatchesNotTail() external {
        (, IRollup.StoredBatchInfo memory s1) = _commit(c2, _ops(opTransfer(5, 6)), _noWitness());
        _commit(c2, _ops(opTransfer(6, 5)), _noWitness());
        _revoke(c2, s1);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotRevert.selector, 1));
        c2.revertRevokedBatches(_one(s1));
        assertEq(c2.totalCommitted(), 2);
    }

    function test_RevertWhen_RevertRevokedBatchesSynced() external {
        // A synced batch is never dropped, whatever a certificate says.
        (, IRollup.StoredBatchInfo memory s) = _commit(c2, _ops(opTransfer(5, 6)), _noWitness());
        _prove(c2, s);
        _sync(c2, s);
        _revoke(c2, s);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotRevert.selector, 1));
        c2.revertRevokedBatches(_one(s));
        assertEq(c2.totalSynced(), 1);
    }

    function test_RevertWhen_RevertRevokedBatchesTampered() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(c2, _ops(opTransfer(5, 6)), _noWitness());
        _revoke(c2, s);
        // Same commitment, another record (priority ops are not in the commitment): refused.
        s.priorityOps = 1;
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_StoredBatchMismatch.selector, 1));
        c2.revertRevokedBatches(_one(s));
        assertEq(c2.totalCommitted(), 1);
    }

    function test_RevertWhen_RevertRevokedBatchesEmpty() external {
        vm.expectRevert(Errors.PolylinkRollup_LengthMismatch.selector);
        c2.revertRevokedBatches(new IRollup.StoredBatchInfo[](0));
    }

    function test_RevertWhen_RevertProvenBatch() external {
        // a proven batch may already be certified elsewhere: its sync hash must never be deleted
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        bytes32 sh = da.syncHash(1);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotRevert.selector, 1));
        da.revertBatches(_one(s));
        assertEq(da.syncHash(1), sh, "sync hash kept");
        assertEq(da.totalProven(), 1);
    }

    function test_RevertBatches_UnprovenTailAboveProven() external {
        (, IRollup.StoredBatchInfo memory s1) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s1);
        (, IRollup.StoredBatchInfo memory s2) = _commit(da, _ops(opTransfer(6, 5)), _noWitness());
        IRollup.StoredBatchInfo[] memory both = new IRollup.StoredBatchInfo[](2);
        (both[0], both[1]) = (s2, s1);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotRevert.selector, 1));
        da.revertBatches(both);
        vm.prank(gov);
        da.revertBatches(_one(s2));
        assertEq(da.totalCommitted(), 1);
        assertEq(da.totalProven(), 1);
    }

    function test_RevertWhen_RevertBatchesNotOwner() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        vm.expectRevert(abi.encodeWithSelector(Ownable.OwnableUnauthorizedAccount.selector, address(this)));
        da.revertBatches(_one(s));
    }

    function test_RevertWhen_RevertSyncedBatch() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        _prove(da, s);
        _sync(da, s);
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotRevert.selector, 1));
        da.revertBatches(_one(s));
    }

    function test_RevertWhen_RevertNotTail() external {
        (Batch memory b, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        b;
        _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_CannotRevert.selector, 1));
        da.revertBatches(_one(s));
    }

    function test_RevertWhen_RevertStoredMismatch() external {
        (, IRollup.StoredBatchInfo memory s) = _commit(da, _ops(opTransfer(5, 6)), _noWitness());
        s.priorityOps = 3;
        vm.prank(gov);
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_StoredBatchMismatch.selector, 1));
        da.revertBatches(_one(s));
    }

    // ---------------------------------------------------------------- withdrawPendingBalance
    function test_WithdrawPendingBalance_ETH() external {
        _depositBoth();
        _full(da, _ops(opDeposit(1, 5, ETH, 2 ether, alice), opWithdraw(5, 1, ETH, 0.5 ether, alice)), _noWitness());
        uint256 before = alice.balance;
        vm.expectEmit();
        emit IRollup.Withdrawal(alice, ETH, 0.2 ether);
        vm.prank(bob); // anyone may trigger; funds go to the owner
        da.withdrawPendingBalance(alice, ETH, 0.2 ether);
        assertEq(alice.balance - before, 0.2 ether);
        assertEq(da.pendingBalance(alice, ETH), 0.3 ether);
    }

    function test_WithdrawPendingBalance_ERC20() external {
        _depositBoth();
        Batch memory b = _build(1, GENESIS, _mixedOps(), CHUNKS);
        IRollup.StoredBatchInfo memory s = _stored(c2, b, 0);
        c2.commitBatches(_one(_info(c2, b, _noWitness())));
        _prove(c2, s);
        _sync(c2, s);
        _execute(c2, b, s);
        c2.withdrawPendingBalance(bob, USDC, 3e6);
        assertEq(usdc.balanceOf(bob), 3e6);
    }

    function test_RevertWhen_WithdrawMoreThanPending() external {
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_InsufficientPendingBalance.selector, 0, 1));
        da.withdrawPendingBalance(alice, ETH, 1);
    }

    function test_RevertWhen_WithdrawZero() external {
        vm.expectRevert(Errors.PolylinkRollup_ZeroAmount.selector);
        da.withdrawPendingBalance(alice, ETH, 0);
    }

    function test_RevertWhen_WithdrawEthRecipientRejects() external {
        vm.prank(alice);
        da.depositETH{value: 1 ether + PRIORITY_FEE}(alice);
        address rejecter = address(this); // this test contract has no receive()
        _full(da, _ops(opDeposit(1, 5, ETH, 1 ether, alice), opWithdraw(5, 1, ETH, 1 ether, rejecter)), _noWitness());
        vm.expectRevert(abi.encodeWithSelector(Errors.PolylinkRollup_EthTransferFailed.selector, rejecter));
        da.withdrawPendingBalance(rejecter, ETH, 1 ether);
    }

    function _expire() internal {
        vm.prank(alice);
        da.depositETH{value: 1 + PRIORITY_FEE}(alice);
        vm.roll(block.number + EXPIRY);
        da.activateExitMode();
    }
}
