// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {PubdataHarness} from "../mocks/PubdataHarness.sol";
import {RollupBase} from "../utils/RollupBase.sol";

/// @notice Pubdata field packing (test encoders, protocol.md §6) against the contract's readers.
contract Pubdata_Test is RollupBase {
    PubdataHarness internal h;

    function setUp() public override {
        super.setUp();
        h = new PubdataHarness();
    }

    function test_ChunksOf() external view {
        uint8[8] memory expected = [1, 3, 2, 3, 1, 3, 3, 3];
        bool[8] memory onchain = [false, true, false, true, false, true, true, true];
        for (uint8 c; c < 8; ++c) {
            assertEq(h.chunksOf(c), expected[c], "chunks");
            assertEq(h.isOnchain(c), onchain[c], "on-chain");
        }
        assertEq(h.chunksOf(8), 0, "unknown");
        assertEq(h.chunksOf(255), 0, "unknown");
    }

    function testFuzz_Deposit(uint8 chain, uint24 account, uint16 token, uint128 amount, address to) external view {
        bytes memory op = opDeposit(chain, account, token, amount, to);
        assertEq(op.length, 54, "3 chunks");
        assertEq(h.onchainChain(op), chain, "chain");
        (uint32 a, uint16 t, uint128 m, address r) = h.deposit(op);
        assertEq(a, account, "account");
        assertEq(t, token, "token");
        assertEq(m, amount, "amount");
        assertEq(r, to, "to");
    }

    function testFuzz_Withdraw(uint24 account, uint8 chain, uint16 token, uint128 amount, address to) external view {
        bytes memory op = opWithdraw(account, chain, token, amount, to);
        assertEq(op.length, 54, "3 chunks");
        assertEq(h.onchainChain(op), chain, "chain");
        (uint16 t, uint128 m, address r) = h.withdraw(op);
        assertEq(t, token, "token");
        assertEq(m, amount, "amount");
        assertEq(r, to, "to");
    }

    function testFuzz_FullExit(uint8 chain, uint24 account, address owner, uint16 token, uint128 amount) external view {
        bytes memory op = opFullExit(chain, account, owner, token, amount);
        assertEq(op.length, 54, "3 chunks");
        (uint32 a, address o, uint16 t, uint128 m) = h.fullExit(op);
        assertEq(a, account, "account");
        assertEq(o, owner, "owner");
        assertEq(t, token, "token");
        assertEq(m, amount, "amount");
    }

    function testFuzz_ChangePubKey(uint8 chain, uint24 account, bytes20 pkh, address owner, uint32 nonce) external view {
        bytes memory op = opChangePubKey(chain, account, pkh, owner, nonce);
        assertEq(op.length, 54, "3 chunks");
        assertEq(h.onchainChain(op), chain, "chain");
        (uint32 a, bytes20 p, address o, uint32 n) = h.changePubKey(op);
        assertEq(a, account, "account");
        assertEq(bytes32(p), bytes32(pkh), "pkh");
        assertEq(o, owner, "owner");
        assertEq(n, nonce, "nonce");
    }

    function testFuzz_ForcedExit(uint8 chain, uint24 target, uint16 token, uint128 amount, address to) external view {
        bytes memory op = opForcedExit(chain, 5, target, token, amount, to);
        assertEq(op.length, 54, "3 chunks");
        (uint16 t, uint128 m, address r) = h.forcedExit(op);
        assertEq(t, token, "token");
        assertEq(m, amount, "amount");
        assertEq(r, to, "to");
    }

    function test_TransfersAreNotOnchain() external view {
        bytes memory t = opTransfer(5, 6);
        assertEq(t.length, 18, "transfer: 1 chunk");
        assertEq(h.onchainChain(t), 0, "transfer");
        // op, from, to, token, amount5, fee2 (16 bytes), no fee token
        assertEq(t, hex"040000050000060001000012342000200000", "transfer layout");
        bytes memory n = opTransferToNew(5, 7, address(0xC0C0));
        assertEq(n.length, 36, "transfer to new: 2 chunks");
        assertEq(h.onchainChain(n), 0, "transfer to new");
        assertEq(uint8(n[16]), 0, "to_address at byte 16");
        assertEq(uint8(n[35]), 0xC0, "to_address ends at byte 35");
    }
}
