// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IRollup} from "../../src/interfaces/IRollup.sol";
import {IVerifier} from "../../src/interfaces/IVerifier.sol";
import {Commitment} from "../../src/libraries/Commitment.sol";
import {Rollup} from "../../src/Rollup.sol";
import {MockERC20} from "../mocks/MockERC20.sol";
import {MockVerifier} from "../mocks/MockVerifier.sol";
import {Test} from "./Test.sol";

/// @title RollupBase
/// @notice Shared fixture: a DA rollup (chain 1) and a compressed rollup (chain 2) of one
/// deployment (`DEPLOYMENT_ID`, live chains {1, 2}) with three oracles, mock verifiers, ETH (id 1),
/// a 6-decimal token (id 2), a fee-on-transfer token (id 3), pubdata encoders and lifecycle helpers
/// that build, sign, commit, prove, sync and execute batches. The priority-request fee is
/// `priorityFee` (`PRIORITY_FEE` unless a suite sets it before `super.setUp()`); minimum deposits
/// are 1 unit.
abstract contract RollupBase is Test {
    uint16 internal constant ETH = 1;
    uint16 internal constant USDC = 2;
    uint16 internal constant FOT = 3;
    uint32 internal constant CHUNKS = 32;
    uint32 internal constant BIG_CHUNKS = 64;
    uint64 internal constant EXPIRY = 100;
    uint64 internal constant GRACE = 150; // ≥ EXPIRY (the constructor requires it)
    bytes32 internal constant GENESIS = keccak256("genesis");
    bytes32 internal constant DEPLOYMENT_ID = keccak256("polylink-test-deployment");
    uint8 internal constant LIVE_1_2 = 0x03; // chains 1 and 2
    uint8 internal constant LIVE_ALL = 0x0f; // chains 1..4

    /// @dev The live-chain set of the deployments `_config` makes (and `_commitment(b)` assumes).
    uint8 internal live = LIVE_1_2;
    /// @dev The default priority-request fee (the constructor refuses 0).
    uint256 internal constant PRIORITY_FEE = 1e12; // the floor, MIN_PRIORITY_REQUEST_FEE
    /// @dev The priority-request fee of the deployments `_config` makes.
    uint256 internal priorityFee = PRIORITY_FEE;

    Rollup internal da; // chain 1, DA
    Rollup internal c2; // chain 2, compressed
    MockVerifier internal blockVerifier;
    MockVerifier internal exitVerifier;
    MockERC20 internal usdc;
    MockERC20 internal fot;
    uint256[] internal oracleKeys; // sorted by address
    address internal gov = address(0x60F);
    address internal alice = address(0xA11CE);
    address internal bob = address(0xB0B);

    /// @notice A batch as the L2 sealed it, with per-chain views.
    struct Batch {
        uint64 number;
        uint64 timestamp;
        uint32 chunks;
        bytes32 oldRoot;
        bytes32 newRoot;
        bytes pubdata; // full, padded to the capacity
        bytes onchainData; // pubdata with off-chain ops' chunks zeroed
        bytes onchainOps; // compressed calldata: every on-chain op as uint16 chunk ‖ op
        bytes[4] chainOps; // per chain: its own on-chain ops concatenated (executeBatches)
        uint64[4] prio;
    }

    function setUp() public virtual {
        uint256[3] memory keys = [uint256(0xA1), 0xA2, 0xA3];
        // sort by address (insertion sort, 3 elements)
        for (uint256 i = 1; i < 3; ++i) {
            for (uint256 j = i; j > 0 && vm.addr(keys[j]) < vm.addr(keys[j - 1]); --j) {
                (keys[j], keys[j - 1]) = (keys[j - 1], keys[j]);
            }
        }
        for (uint256 i; i < 3; ++i) {
            oracleKeys.push(keys[i]);
        }
        blockVerifier = new MockVerifier();
        exitVerifier = new MockVerifier();
        usdc = new MockERC20(6, 0);
        fot = new MockERC20(18, 100);
        da = _deploy(1, true);
        c2 = _deploy(2, false);
        vm.deal(alice, 1_000 ether);
        vm.deal(bob, 1_000 ether);
        usdc.mint(alice, 1e30);
        fot.mint(alice, 1e30);
        vm.prank(alice);
        usdc.approve(address(da), type(uint256).max);
        vm.prank(alice);
        usdc.approve(address(c2), type(uint256).max);
        vm.prank(alice);
        fot.approve(address(da), type(uint256).max);
    }

    function _oracleAddrs() internal view returns (address[] memory a) {
        a = new address[](oracleKeys.length);
        for (uint256 i; i < a.length; ++i) {
            a[i] = vm.addr(oracleKeys[i]);
        }
    }

    function _config(uint8 chain, bool isDA) internal view returns (Rollup.Config memory cfg) {
        uint256[] memory chunks = new uint256[](2);
        chunks[0] = CHUNKS;
        chunks[1] = BIG_CHUNKS;
        IVerifier[] memory vs = new IVerifier[](2);
        vs[0] = blockVerifier;
        vs[1] = blockVerifier;
        cfg = Rollup.Config({
            chainIndex: chain,
            liveChains: live,
            deploymentId: DEPLOYMENT_ID,
            isDAChain: isDA,
            genesisRoot: GENESIS,
            oracles: _oracleAddrs(),
            verifierChunks: chunks,
            blockVerifiers: vs,
            exitVerifier: exitVerifier,
            priorityExpiryBlocks: EXPIRY,
            exodusGraceBlocks: GRACE,
            priorityRequestFee: priorityFee,
            owner: gov
        });
    }

    function _deploy(uint8 chain, bool isDA) internal returns (Rollup r) {
        r = _deployWith(_config(chain, isDA));
    }

    /// @dev Deploys `cfg` and registers ETH, USDC and FOT (minimum deposit 1 unit each).
    function _deployWith(Rollup.Config memory cfg) internal returns (Rollup r) {
        r = new Rollup(cfg);
        vm.startPrank(gov);
        r.registerToken(ETH, address(0), 18, 1);
        r.registerToken(USDC, address(usdc), 6, 1);
        r.registerToken(FOT, address(fot), 18, 1);
        vm.stopPrank();
    }

    // ---------------------------------------------------------------- signatures

    function _sigsWith(bytes32 digest, uint256[] memory keys) internal pure returns (bytes[] memory sigs) {
        sigs = new bytes[](keys.length);
        for (uint256 i; i < keys.length; ++i) {
            (uint8 v, bytes32 r, bytes32 s) = vm.sign(keys[i], digest);
            sigs[i] = abi.encodePacked(r, s, v);
        }
    }

    function _quorum(bytes32 digest) internal view returns (bytes[] memory) {
        return _sigsWith(digest, oracleKeys);
    }

    /// @dev The signer ECDSA recovers from a 65-byte `r ‖ s ‖ v` signature over `digest`.
    function _recover(bytes32 digest, bytes memory sig) internal pure returns (address) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 0x20))
            s := mload(add(sig, 0x40))
            v := byte(0, mload(add(sig, 0x60)))
        }
        return ecrecover(digest, v, r, s);
    }

    // ---------------------------------------------------------------- pubdata encoders

    /// @dev Right-pads an op to a whole number of 18-byte chunks.
    function _chunked(bytes memory op) internal pure returns (bytes memory) {
        uint256 len = ((op.length + 17) / 18) * 18;
        return bytes.concat(op, new bytes(len - op.length));
    }

    function opDeposit(uint8 chain, uint32 account, uint16 token, uint128 amount, address to)
        internal
        pure
        returns (bytes memory)
    {
        return _chunked(abi.encodePacked(uint8(1), chain, uint24(account), token, amount, to));
    }

    function opWithdraw(uint32 account, uint8 chain, uint16 token, uint128 amount, address to)
        internal
        pure
        returns (bytes memory)
    {
        return _chunked(abi.encodePacked(uint8(3), uint24(account), chain, token, amount, to, uint16(1), uint16(0x20)));
    }

    function opFullExit(uint8 chain, uint32 account, address owner, uint16 token, uint128 amount)
        internal
        pure
        returns (bytes memory)
    {
        return _chunked(abi.encodePacked(uint8(5), chain, uint24(account), owner, token, amount));
    }

    function opChangePubKey(uint8 chain, uint32 account, bytes20 pkh, address owner, uint32 nonce)
        internal
        pure
        returns (bytes memory)
    {
        return _chunked(abi.encodePacked(uint8(6), chain, uint24(account), pkh, owner, nonce, uint16(1), uint16(0x20)));
    }

    function opForcedExit(uint8 chain, uint32 initiator, uint32 target, uint16 token, uint128 amount, address to)
        internal
        pure
        returns (bytes memory)
    {
        return _chunked(
            abi.encodePacked(uint8(7), chain, uint24(initiator), uint24(target), token, amount, uint16(1), uint16(0x20), to)
        );
    }

    /// @dev Transfer: op, from, to, token, amount5, fee2 (the fee is in `token`).
    function opTransfer(uint32 from, uint32 to) internal pure returns (bytes memory) {
        return _chunked(abi.encodePacked(uint8(4), uint24(from), uint24(to), uint16(1), uint40(0x123420), uint16(0x20)));
    }

    /// @dev TransferToNew: op, from, to, token, amount5, fee2, to_address.
    function opTransferToNew(uint32 from, uint32 to, address toAddress) internal pure returns (bytes memory) {
        return _chunked(
            abi.encodePacked(uint8(2), uint24(from), uint24(to), uint16(1), uint40(0x123420), uint16(0x20), toAddress)
        );
    }

    /// @dev Chain of an on-chain op (0 otherwise).
    function _chainOf(bytes memory op) internal pure returns (uint8) {
        uint8 code = uint8(op[0]);
        if (code == 1 || code == 5 || code == 6 || code == 7) return uint8(op[1]);
        if (code == 3) return uint8(op[4]);
        return 0;
    }

    /// @dev `keccak256(h ‖ op)` per own op: the `ownOpsHash` a chain stores.
    function _ownOpsHash(bytes memory ops) internal pure returns (bytes32 h) {
        uint256 off;
        while (off < ops.length) {
            uint8 code = uint8(ops[off]);
            uint256 size = (code == 0 || code == 4 ? 1 : code == 2 ? 2 : 3) * 18;
            bytes memory op = new bytes(size);
            for (uint256 i; i < size; ++i) {
                op[i] = ops[off + i];
            }
            h = keccak256(abi.encodePacked(h, op));
            off += size;
        }
    }

    // ---------------------------------------------------------------- batches

    function _build(uint64 n, bytes32 oldRoot, bytes[] memory ops, uint32 chunks) internal pure returns (Batch memory b) {
        b.number = n;
        b.timestamp = 1_700_000_000 + n;
        b.chunks = chunks;
        b.oldRoot = oldRoot;
        b.newRoot = keccak256(abi.encode("root", n, oldRoot));
        for (uint256 i; i < ops.length; ++i) {
            uint8 chain = _chainOf(ops[i]);
            if (chain != 0) {
                b.onchainData = bytes.concat(b.onchainData, ops[i]);
                b.onchainOps = bytes.concat(b.onchainOps, abi.encodePacked(uint16(b.pubdata.length / 18)), ops[i]);
                b.chainOps[chain - 1] = bytes.concat(b.chainOps[chain - 1], ops[i]);
                uint8 code = uint8(ops[i][0]);
                if (code == 1 || code == 5) ++b.prio[chain - 1];
            } else {
                b.onchainData = bytes.concat(b.onchainData, new bytes(ops[i].length));
            }
            b.pubdata = bytes.concat(b.pubdata, ops[i]);
        }
        require(b.pubdata.length <= uint256(chunks) * 18, "batch too big");
        b.onchainData = bytes.concat(b.onchainData, new bytes(uint256(chunks) * 18 - b.pubdata.length));
        b.pubdata = bytes.concat(b.pubdata, new bytes(uint256(chunks) * 18 - b.pubdata.length));
    }

    /// @dev The commitment of `b` under the live-chain set `live`.
    function _commitment(Batch memory b) internal view returns (bytes32) {
        return _commitment(live, b);
    }

    /// @dev The commitment of `b` under the live-chain set `liveSet`.
    function _commitment(uint8 liveSet, Batch memory b) internal pure returns (bytes32) {
        return Commitment.batch(
            b.number, b.timestamp, liveSet, b.oldRoot, b.newRoot, sha256(b.pubdata), sha256(b.onchainData)
        );
    }

    function _info(Rollup r, Batch memory b, bytes[] memory witnesses)
        internal
        view
        returns (IRollup.CommitBatchInfo memory info)
    {
        info.batchNumber = b.number;
        info.timestamp = b.timestamp;
        info.chunks = b.chunks;
        info.newRoot = b.newRoot;
        if (r.isDAChain()) {
            info.pubdata = b.pubdata;
        } else {
            info.pubdataHash = sha256(b.pubdata);
            info.onchainOps = b.onchainOps;
        }
        info.changePubKeyWitnesses = witnesses;
        info.signatures = _quorum(r.commitDigest(b.number, b.chunks, _commitment(r.liveChains(), b)));
    }

    function _stored(Rollup r, Batch memory b, uint64 prioStart) internal view returns (IRollup.StoredBatchInfo memory s) {
        uint256 i = r.chainIndex() - 1;
        s = IRollup.StoredBatchInfo({
            batchNumber: b.number,
            timestamp: b.timestamp,
            priorityOps: b.prio[i],
            priorityOpsEnd: prioStart + b.prio[i],
            chunks: b.chunks,
            oldRoot: b.oldRoot,
            newRoot: b.newRoot,
            pubdataHash: sha256(b.pubdata),
            onchainHash: sha256(b.onchainData),
            ownOpsHash: _ownOpsHash(b.chainOps[i])
        });
    }

    function _one(IRollup.CommitBatchInfo memory info) internal pure returns (IRollup.CommitBatchInfo[] memory a) {
        a = new IRollup.CommitBatchInfo[](1);
        a[0] = info;
    }

    function _one(IRollup.StoredBatchInfo memory s) internal pure returns (IRollup.StoredBatchInfo[] memory a) {
        a = new IRollup.StoredBatchInfo[](1);
        a[0] = s;
    }

    function _one(bytes memory x) internal pure returns (bytes[] memory a) {
        a = new bytes[](1);
        a[0] = x;
    }

    function _ops(bytes memory a) internal pure returns (bytes[] memory o) {
        o = new bytes[](1);
        o[0] = a;
    }

    function _ops(bytes memory a, bytes memory b) internal pure returns (bytes[] memory o) {
        o = new bytes[](2);
        o[0] = a;
        o[1] = b;
    }

    function _ops(bytes memory a, bytes memory b, bytes memory c) internal pure returns (bytes[] memory o) {
        o = new bytes[](3);
        o[0] = a;
        o[1] = b;
        o[2] = c;
    }

    function _noWitness() internal pure returns (bytes[] memory) {
        return new bytes[](0);
    }

    /// @dev Builds batch `totalCommitted + 1` on `r` from `ops` and commits it.
    function _commit(Rollup r, bytes[] memory ops, bytes[] memory witnesses)
        internal
        returns (Batch memory b, IRollup.StoredBatchInfo memory s)
    {
        b = _build(r.totalCommitted() + 1, r.lastCommittedRoot(), ops, CHUNKS);
        s = _stored(r, b, r.nextCommitPriorityId());
        r.commitBatches(_one(_info(r, b, witnesses)));
    }

    function _prove(Rollup r, IRollup.StoredBatchInfo memory s) internal {
        r.proveBatches(_one(s), _one(new bytes(512)));
    }

    function _sync(Rollup r, IRollup.StoredBatchInfo memory s) internal {
        r.syncBatches(s, _quorum(r.syncDigest(s.batchNumber, r.syncHash(s.batchNumber))));
    }

    function _execute(Rollup r, Batch memory b, IRollup.StoredBatchInfo memory s) internal {
        r.executeBatches(_one(s), _one(b.chainOps[r.chainIndex() - 1]));
    }

    /// @dev Commit, prove, sync and execute one batch.
    function _full(Rollup r, bytes[] memory ops, bytes[] memory witnesses)
        internal
        returns (Batch memory b, IRollup.StoredBatchInfo memory s)
    {
        (b, s) = _commit(r, ops, witnesses);
        _prove(r, s);
        _sync(r, s);
        _execute(r, b, s);
    }
}
