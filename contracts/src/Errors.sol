// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

/// @title Errors
/// @notice Every custom error of the Polylink L1 contracts, named `Polylink<Contract>_<Reason>`.
library Errors {
    /// @notice Thrown when a chain index is outside 1..MAX_CHAINS.
    /// @param chainIndex The index given.
    error PolylinkRollup_InvalidChainIndex(uint256 chainIndex);
    /// @notice Thrown when an oracle set is empty, unsorted, has duplicates or the zero address.
    error PolylinkRollup_InvalidOracleSet();
    /// @notice Thrown when a constructor parameter is out of range.
    /// @param what Which parameter.
    error PolylinkRollup_InvalidConfig(string what);
    /// @notice Thrown when a token id is already registered or out of range.
    /// @param tokenId The token id.
    error PolylinkRollup_TokenIdTaken(uint16 tokenId);
    /// @notice Thrown when a token address is already registered.
    /// @param token The token address.
    error PolylinkRollup_TokenAddressTaken(address token);
    /// @notice Thrown when a token is registered without a minimum deposit.
    /// @param tokenId The token id.
    error PolylinkRollup_ZeroMinDeposit(uint16 tokenId);
    /// @notice Thrown when a token has more than 18 decimals.
    /// @param decimals The decimals given.
    error PolylinkRollup_TooManyDecimals(uint8 decimals);
    /// @notice Thrown when a token (by address) is not registered on this chain.
    /// @param token The token address.
    error PolylinkRollup_TokenNotRegistered(address token);
    /// @notice Thrown when a token id is not registered on this chain.
    /// @param tokenId The token id.
    error PolylinkRollup_UnknownTokenId(uint16 tokenId);
    /// @notice Thrown when a deposit names the zero address as recipient.
    error PolylinkRollup_ZeroRecipient();
    /// @notice Thrown when a deposit (after transfer) is zero.
    error PolylinkRollup_ZeroAmount();
    /// @notice Thrown when a deposit would push the holdings of a token past the L2 cap.
    /// @param tokenId The token id.
    /// @param holdingsL2 Holdings after the deposit, in L2 units.
    error PolylinkRollup_HoldingsCapExceeded(uint16 tokenId, uint256 holdingsL2);
    /// @notice Thrown when an account id is outside the user range (5..2^24-1).
    /// @param accountId The account id.
    error PolylinkRollup_InvalidAccountId(uint32 accountId);
    /// @notice Thrown when the call is not allowed in exit mode.
    error PolylinkRollup_ExitModeActive();
    /// @notice Thrown when the call needs exit mode.
    error PolylinkRollup_NotInExitMode();
    /// @notice Thrown when a batch number is not the expected next one.
    /// @param expected The expected batch number.
    /// @param given The batch number given.
    error PolylinkRollup_UnexpectedBatchNumber(uint64 expected, uint64 given);
    /// @notice Thrown when a stored-batch record does not match what was committed.
    /// @param batchNumber The batch number.
    error PolylinkRollup_StoredBatchMismatch(uint64 batchNumber);
    /// @notice Thrown when no block verifier is registered for a chunk capacity.
    /// @param chunks The capacity.
    error PolylinkRollup_NoVerifierForChunks(uint256 chunks);
    /// @notice Thrown when pubdata is not a whole number of chunks or disagrees with the capacity.
    error PolylinkRollup_BadPubdataLength(uint256 length);
    /// @notice Thrown when pubdata holds an unknown op code.
    /// @param offset Byte offset of the op.
    /// @param opCode The op code.
    error PolylinkRollup_UnknownOpCode(uint256 offset, uint8 opCode);
    /// @notice Thrown when an op ends past the end of the pubdata.
    /// @param offset Byte offset of the op.
    error PolylinkRollup_TruncatedOp(uint256 offset);
    /// @notice Thrown when an op passed as this chain's on-chain op is not one, or names another chain.
    /// @param offset Byte offset of the op.
    error PolylinkRollup_NotOwnOnchainOp(uint256 offset);
    /// @notice Thrown when the compressed on-chain-op list holds an op that is not an on-chain op.
    /// @param offset Byte offset of the op in `onchainOps`.
    error PolylinkRollup_NotOnchainOp(uint256 offset);
    /// @notice Thrown when an entry of the compressed on-chain-op list overlaps the previous op, is
    /// out of order, or ends past the batch capacity.
    /// @param offset Byte offset of the entry in `onchainOps`.
    error PolylinkRollup_BadChunkOffset(uint256 offset);
    /// @notice Thrown when a batch consumes a priority request that does not exist.
    /// @param serialId The serial id.
    error PolylinkRollup_PriorityQueueExhausted(uint64 serialId);
    /// @notice Thrown when a Deposit/FullExit op does not match the priority request.
    /// @param serialId The serial id of the request.
    error PolylinkRollup_PriorityOpMismatch(uint64 serialId);
    /// @notice Thrown when a withdrawal amount is not representable in the token's decimals.
    /// @param tokenId The token id.
    /// @param amountL2 The amount in L2 units.
    error PolylinkRollup_AmountNotRepresentable(uint16 tokenId, uint128 amountL2);
    /// @notice Thrown when a ChangePubKey op is not authorised.
    /// @param accountId The account id.
    /// @param owner The L1 owner.
    error PolylinkRollup_ChangePubKeyNotAuthorised(uint32 accountId, address owner);
    /// @notice Thrown when the signatures do not form a 2/3+1 quorum of the oracle set.
    /// @param valid Valid signatures counted.
    /// @param needed Signatures needed.
    error PolylinkRollup_NoQuorum(uint256 valid, uint256 needed);
    /// @notice Thrown when signers are not sorted ascending and unique, or not in the oracle set.
    /// @param signer The offending signer.
    error PolylinkRollup_BadSigner(address signer);
    /// @notice Thrown when array lengths disagree.
    error PolylinkRollup_LengthMismatch();
    /// @notice Thrown when a Groth16 proof does not verify.
    /// @param batchNumber The batch (0 for exit proofs).
    error PolylinkRollup_InvalidProof(uint64 batchNumber);
    /// @notice Thrown when a sync certificate names a batch not proven here, or already synced.
    /// @param batchNumber The batch number.
    error PolylinkRollup_CannotSync(uint64 batchNumber);
    /// @notice Thrown when executing a batch that is not synced.
    /// @param batchNumber The batch number.
    error PolylinkRollup_NotSynced(uint64 batchNumber);
    /// @notice Thrown when the on-chain ops given at execution do not hash to the committed value.
    /// @param batchNumber The batch number.
    error PolylinkRollup_OnchainOpsMismatch(uint64 batchNumber);
    /// @notice Thrown when reverting a batch that is proven (hence possibly synced or executed), or
    /// not the committed tail.
    /// @param batchNumber The batch number.
    error PolylinkRollup_CannotRevert(uint64 batchNumber);
    /// @notice Thrown when withdrawing more than the pending balance.
    /// @param pending The pending balance.
    /// @param requested The amount requested.
    error PolylinkRollup_InsufficientPendingBalance(uint128 pending, uint128 requested);
    /// @notice Thrown when an ETH transfer fails.
    /// @param to The recipient.
    error PolylinkRollup_EthTransferFailed(address to);
    /// @notice Thrown when exit mode cannot be activated (no expired priority request).
    error PolylinkRollup_NoExpiredPriorityRequest();
    /// @notice Thrown when exodus or cancellation is called during the grace period, or sync after it.
    /// @param openAtBlock First block after the grace period.
    error PolylinkRollup_GracePeriod(uint256 openAtBlock);
    /// @notice Thrown when an exodus for (account, token) was already paid on this chain.
    /// @param accountId The account id.
    /// @param tokenId The token id.
    error PolylinkRollup_ExodusAlreadyPaid(uint32 accountId, uint16 tokenId);
    /// @notice Thrown when an oracle-set rotation carries the wrong nonce.
    /// @param expected The expected nonce.
    /// @param given The nonce given.
    error PolylinkRollup_BadRotationNonce(uint64 expected, uint64 given);
    /// @notice Thrown when an on-chain op names a chain that has no contract in this deployment
    /// (its bit is clear in `liveChains`).
    /// @param chain The chain index named by the op.
    error PolylinkRollup_ChainNotLive(uint8 chain);
    /// @notice Thrown when committing a batch whose commitment was reverted by governance (its
    /// commit certificate must not be replayed).
    /// @param batchNumber The batch number.
    /// @param commitment The revoked commitment.
    error PolylinkRollup_CommitmentRevoked(uint64 batchNumber, bytes32 commitment);
    /// @notice Thrown when `revertRevokedBatches` is asked to drop a tail whose lowest batch's
    /// commitment no revocation certificate revoked.
    /// @param batchNumber The lowest batch of the tail.
    /// @param commitment Its commitment.
    error PolylinkRollup_CommitmentNotRevoked(uint64 batchNumber, bytes32 commitment);
    /// @notice Thrown when a priority request does not carry the priority-request fee (exactly,
    /// or for `depositETH` at least).
    /// @param expected The fee.
    /// @param got The value sent.
    error PolylinkRollup_WrongPriorityFee(uint256 expected, uint256 got);
    /// @notice Thrown when a deposit is below the token's minimum deposit.
    /// @param tokenId The token id.
    /// @param minimum The minimum deposit, in token decimals.
    /// @param amount The amount deposited, in token decimals.
    error PolylinkRollup_DepositTooSmall(uint16 tokenId, uint256 minimum, uint256 amount);
    /// @notice Thrown when registering a token whose `decimals()` differs from the decimals given.
    /// @param token The token address.
    /// @param given The decimals given.
    /// @param actual What `decimals()` returned (saturated at 255).
    error PolylinkRollup_DecimalsMismatch(address token, uint8 given, uint8 actual);
    /// @notice Thrown when registering an ERC-20 address that holds no code.
    /// @param token The token address.
    error PolylinkRollup_TokenNotContract(address token);
    /// @notice Thrown when pre-approving the zero key hash (it authorises nothing).
    error PolylinkRollup_ZeroPubkeyHash();
    /// @notice Thrown when an owner's ChangePubKey pre-approval for a nonce is set again: it is
    /// write-once, since the appchain may already have used it.
    /// @param owner The owner.
    /// @param nonce The nonce.
    /// @param current The approved key hash.
    error PolylinkRollup_AuthPubkeyHashAlreadySet(address owner, uint32 nonce, bytes20 current);
    /// @notice Thrown when cancelling more deposits than are outstanding.
    /// @param outstanding The number outstanding.
    error PolylinkRollup_NothingToCancel(uint64 outstanding);
}
