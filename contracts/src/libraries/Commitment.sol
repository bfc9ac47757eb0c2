// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Commitment
/// @notice The batch commitment and the exit commitment of `docs/protocol.md` §7–§8, computed with
/// the SHA-256 precompile. Both are masked to 253 bits so they are BLS12-381 scalars.
library Commitment {
    /// @notice Clears the top 3 bits.
    bytes32 internal constant MASK = 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff;

    /// @notice `h ← sha256(h ‖ opPubdata)`: extends a chain's on-chain-op hash by one op.
    /// @param h The current hash (32 zero bytes at the start of a batch).
    /// @param opPubdata The op's pubdata (a whole number of chunks).
    /// @return The extended hash.
    function extend(bytes32 h, bytes calldata opPubdata) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(h, opPubdata));
    }

    /// @notice `sha256(batch u64 ‖ timestamp u64 ‖ old_root ‖ new_root ‖ pubdataHash ‖ onchain[1..4])`, masked.
    /// @param batchNumber Batch number.
    /// @param timestamp Batch timestamp.
    /// @param oldRoot State root before the batch.
    /// @param newRoot State root after the batch.
    /// @param pubdataHash sha256 of the full pubdata.
    /// @param onchain The per-chain on-chain-op hashes, chain 1 first.
    /// @return The masked commitment.
    function batch(
        uint64 batchNumber,
        uint64 timestamp,
        bytes32 oldRoot,
        bytes32 newRoot,
        bytes32 pubdataHash,
        bytes32[4] memory onchain
    ) internal pure returns (bytes32) {
        return sha256(
            abi.encodePacked(
                batchNumber, timestamp, oldRoot, newRoot, pubdataHash, onchain[0], onchain[1], onchain[2], onchain[3]
            )
        ) & MASK;
    }

    /// @notice `sha256(root ‖ account_id u32 ‖ owner 20 ‖ token u16 ‖ chain u8 ‖ amount u128)`, masked.
    /// @param root The state root exits are proven against.
    /// @param accountId Account id.
    /// @param owner L1 owner of the account.
    /// @param tokenId Token id.
    /// @param chainIndex This chain's index.
    /// @param amount Amount (L2 units) this chain pays.
    /// @return The masked exit commitment.
    function exit(bytes32 root, uint32 accountId, address owner, uint16 tokenId, uint8 chainIndex, uint128 amount)
        internal
        pure
        returns (bytes32)
    {
        return sha256(abi.encodePacked(root, accountId, owner, tokenId, chainIndex, amount)) & MASK;
    }
}
