// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Commitment
/// @notice The batch commitment and the exit commitment of `docs/protocol.md` §7–§8, computed with
/// the SHA-256 precompile. Both are masked to 253 bits so they are BLS12-381 scalars.
library Commitment {
    /// @notice Clears the top 3 bits.
    bytes32 internal constant MASK = 0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff;

    /// @notice `h ← keccak256(h ‖ op)`: extends the hash of one chain's own on-chain ops (its
    /// `ownOpsHash`, which `executeBatches` checks) by one op. Not part of the commitment.
    /// @param h The current hash (zero at the start of a batch).
    /// @param data Calldata holding the op.
    /// @param off Byte offset of the op in `data`.
    /// @param size Its length (a whole number of chunks, inside `data`: the caller checked).
    /// @return r The extended hash.
    function extendOwnOps(bytes32 h, bytes calldata data, uint256 off, uint256 size)
        internal
        pure
        returns (bytes32 r)
    {
        assembly ("memory-safe") {
            // scratch above the free-memory pointer, not reserved (nothing allocates in between)
            let p := mload(0x40)
            mstore(p, h)
            calldatacopy(add(p, 0x20), add(data.offset, off), size)
            r := keccak256(p, add(0x20, size))
        }
    }

    /// @notice SHA-256 of a memory byte string, by the precompile without copying it.
    /// @param data The bytes.
    /// @return h The digest.
    function sha256Memory(bytes memory data) internal view returns (bytes32 h) {
        assembly ("memory-safe") {
            if iszero(staticcall(gas(), 0x02, add(data, 0x20), mload(data), 0x00, 0x20)) { revert(0, 0) }
            h := mload(0x00)
        }
    }

    /// @notice `sha256(batch u64 ‖ timestamp u64 ‖ liveChains u8 ‖ old_root ‖ new_root ‖ pubdataHash ‖
    /// onchainHash)`, masked (protocol.md §7). Binding the live-chain set means a batch proven for
    /// one deployment's set of chains cannot be committed where another set is live.
    /// @param batchNumber Batch number.
    /// @param timestamp Batch timestamp.
    /// @param liveChains The deployment's live chains (bit c−1 set ⇔ chain c has a contract).
    /// @param oldRoot State root before the batch.
    /// @param newRoot State root after the batch.
    /// @param pubdataHash sha256 of the full pubdata.
    /// @param onchainHash sha256 of `onchain_data` (the pubdata with every off-chain op's chunks zeroed).
    /// @return The masked commitment.
    function batch(
        uint64 batchNumber,
        uint64 timestamp,
        uint8 liveChains,
        bytes32 oldRoot,
        bytes32 newRoot,
        bytes32 pubdataHash,
        bytes32 onchainHash
    ) internal pure returns (bytes32) {
        return sha256(abi.encodePacked(batchNumber, timestamp, liveChains, oldRoot, newRoot, pubdataHash, onchainHash)) & MASK;
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
