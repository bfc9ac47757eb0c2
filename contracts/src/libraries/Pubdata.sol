// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Pubdata
/// @notice Reads the pubdata of `docs/protocol.md` §6 from calldata: 18-byte chunks, op code first,
/// big-endian fixed-width fields (account 3 B, token 2, chain 1, amount 16, packed amount 5,
/// packed fee 2, address 20, pubkey hash 20, nonce 4), zero padding. Callers check that an op
/// lies inside the data (`chunksOf`) before reading its fields. Byte offsets match
/// `circuits/src/block/layout.rs`.
library Pubdata {
    /// @notice Bytes per chunk.
    uint256 internal constant CHUNK_BYTES = 18;
    /// @notice Op codes.
    uint8 internal constant NOOP = 0;
    uint8 internal constant DEPOSIT = 1;
    uint8 internal constant TRANSFER_TO_NEW = 2;
    uint8 internal constant WITHDRAW = 3;
    uint8 internal constant TRANSFER = 4;
    uint8 internal constant FULL_EXIT = 5;
    uint8 internal constant CHANGE_PUBKEY = 6;
    uint8 internal constant FORCED_EXIT = 7;

    /// @notice Chunks an op occupies (0 for an unknown op code).
    /// @param code The op code.
    /// @return The chunk count.
    function chunksOf(uint8 code) internal pure returns (uint256) {
        // Nibble table indexed by op code: 0→1, 1→3, 2→2, 3→3, 4→1, 5→3, 6→3, 7→3.
        if (code > 7) return 0;
        return (0x33313231 >> (uint256(code) * 4)) & 0xf;
    }

    /// @notice Whether ops with this code are on-chain ops (Deposit, Withdraw, FullExit,
    /// ChangePubKey, ForcedExit): their chunks enter `onchain_data`; the others (Noop, Transfer,
    /// TransferToNew) are zeroed there.
    /// @param code The op code (assumed known, see `chunksOf`).
    /// @return Whether it is an on-chain op.
    function isOnchain(uint8 code) internal pure returns (bool) {
        // Bit table indexed by op code: 1, 3, 5, 6, 7.
        return (0xea >> code) & 1 == 1;
    }

    /// @notice Reads `len` (≤ 32) bytes at `off` as a big-endian unsigned integer.
    /// @param data The calldata bytes.
    /// @param off Byte offset.
    /// @param len Field width in bytes.
    /// @return v The value.
    function read(bytes calldata data, uint256 off, uint256 len) internal pure returns (uint256 v) {
        assembly ("memory-safe") {
            v := shr(sub(256, shl(3, len)), calldataload(add(data.offset, off)))
        }
    }

    /// @notice The op code at `off`.
    function opCode(bytes calldata data, uint256 off) internal pure returns (uint8) {
        return uint8(read(data, off, 1));
    }

    /// @notice The chain an on-chain op belongs to; 0 for ops that are not on-chain.
    /// @param data The calldata bytes.
    /// @param off Offset of the op.
    /// @param code Its op code.
    /// @return The chain index byte (may be out of range: callers check).
    function onchainChain(bytes calldata data, uint256 off, uint8 code) internal pure returns (uint8) {
        if (code == DEPOSIT || code == FULL_EXIT || code == CHANGE_PUBKEY || code == FORCED_EXIT) {
            return uint8(read(data, off + 1, 1));
        }
        if (code == WITHDRAW) return uint8(read(data, off + 4, 1));
        return 0;
    }

    /// @notice Deposit: op, chain, account, token, amount16, to.
    function deposit(bytes calldata d, uint256 off)
        internal
        pure
        returns (uint32 account, uint16 token, uint128 amount, address to)
    {
        account = uint32(read(d, off + 2, 3));
        token = uint16(read(d, off + 5, 2));
        amount = uint128(read(d, off + 7, 16));
        to = address(uint160(read(d, off + 23, 20)));
    }

    /// @notice Withdraw: op, account, chain, token, amount16, to, fee_token, fee2.
    function withdraw(bytes calldata d, uint256 off) internal pure returns (uint16 token, uint128 amount, address to) {
        token = uint16(read(d, off + 5, 2));
        amount = uint128(read(d, off + 7, 16));
        to = address(uint160(read(d, off + 23, 20)));
    }

    /// @notice FullExit: op, chain, account, owner, token, amount16 (paid).
    function fullExit(bytes calldata d, uint256 off)
        internal
        pure
        returns (uint32 account, address owner, uint16 token, uint128 amount)
    {
        account = uint32(read(d, off + 2, 3));
        owner = address(uint160(read(d, off + 5, 20)));
        token = uint16(read(d, off + 25, 2));
        amount = uint128(read(d, off + 27, 16));
    }

    /// @notice ChangePubKey: op, chain, account, pubkey_hash, address, nonce, fee_token, fee2.
    function changePubKey(bytes calldata d, uint256 off)
        internal
        pure
        returns (uint32 account, bytes20 pubKeyHash, address owner, uint32 nonce)
    {
        account = uint32(read(d, off + 2, 3));
        pubKeyHash = bytes20(uint160(read(d, off + 5, 20)));
        owner = address(uint160(read(d, off + 25, 20)));
        nonce = uint32(read(d, off + 45, 4));
    }

    /// @notice ForcedExit: op, chain, initiator, target, token, amount16, fee_token, fee2, target_address.
    function forcedExit(bytes calldata d, uint256 off) internal pure returns (uint16 token, uint128 amount, address to) {
        token = uint16(read(d, off + 8, 2));
        amount = uint128(read(d, off + 10, 16));
        to = address(uint160(read(d, off + 30, 20)));
    }
}
