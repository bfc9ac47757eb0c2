// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title IRollup
/// @notice Calldata structs, events and entry points of the Polylink rollup contract (one per L1).
/// `docs/l1-contracts.md` documents every digest, struct and the state machine.
interface IRollup {
    /// @notice What the contract remembers of a committed batch: `storedBatchHash[n]` is
    /// `keccak256(abi.encode(StoredBatchInfo))`. Relayers rebuild it from the `BatchCommitted` event.
    struct StoredBatchInfo {
        uint64 batchNumber;
        uint64 timestamp;
        uint64 priorityOps; // priority requests of this chain consumed by the batch
        uint64 priorityOpsEnd; // serial id after the last one consumed (cumulative)
        uint32 chunks; // block-circuit capacity (selects the verifier)
        bytes32 oldRoot;
        bytes32 newRoot;
        bytes32 pubdataHash; // sha256(pubdata)
        bytes32 onchainHash; // sha256(onchain_data): the pubdata with off-chain ops' chunks zeroed
        bytes32 ownOpsHash; // this chain's own on-chain ops, keccak chain (Commitment.extendOwnOps); execute checks it
    }

    /// @notice A batch to commit. On the DA chain `pubdata` is the full pubdata (`chunks · 18`
    /// bytes) and `pubdataHash`, `onchainOps` are ignored (both hashes are derived). Elsewhere
    /// `pubdata` is empty, `pubdataHash` is given and `onchainOps` lists every on-chain op of the
    /// batch (all chains) in batch order, each as `uint16 chunk index ‖ op pubdata`; the contract
    /// rebuilds `onchain_data` from it and checks and records its own ops (those naming this chain).
    struct CommitBatchInfo {
        uint64 batchNumber;
        uint64 timestamp;
        uint32 chunks;
        bytes32 newRoot;
        bytes pubdata;
        bytes32 pubdataHash;
        bytes onchainOps;
        bytes[] changePubKeyWitnesses; // one per own ChangePubKey op: 65-byte sig or empty (on-chain approval)
        bytes[] signatures; // oracle quorum over commitDigest(batchNumber, chunks, commitment), bound to deploymentId
    }

    /// @notice The fields of a priority request (to check it against its stored hash on cancel).
    struct PriorityOpData {
        uint8 opCode; // 1 Deposit, 5 FullExit
        uint32 accountId; // 0 for deposits
        address owner; // deposit recipient / full-exit requester
        uint16 tokenId;
        uint128 amount; // L2 units for deposits, 0 for full exits
    }

    /// @notice A token was registered. @param tokenId Id. @param token Address (0 = ETH). @param decimals Decimals.
    /// @param minDeposit Smallest deposit accepted, in token decimals.
    event TokenRegistered(uint16 indexed tokenId, address indexed token, uint8 decimals, uint128 minDeposit);
    /// @notice A priority request paid the priority-request fee. @param serialId The request. @param fee Wei.
    event PriorityFeeCollected(uint64 indexed serialId, uint256 fee);
    /// @notice Collected priority-request fees were paid out. @param to Recipient. @param amount Wei.
    event PriorityFeesWithdrawn(address indexed to, uint256 amount);
    /// @notice A deposit entered the priority queue.
    event Deposit(uint64 indexed serialId, address indexed to, uint16 indexed tokenId, uint128 amountL2, uint64 expirationBlock);
    /// @notice A full-exit request entered the priority queue.
    event FullExitRequest(uint64 indexed serialId, uint32 indexed accountId, address indexed owner, uint16 tokenId, uint64 expirationBlock);
    /// @notice An L1 owner pre-approved a ChangePubKey.
    event AuthPubkeyHashSet(address indexed owner, uint32 indexed nonce, bytes20 pubKeyHash);
    /// @notice A batch was committed (carries everything of its StoredBatchInfo).
    event BatchCommitted(uint64 indexed batchNumber, bytes32 commitment, StoredBatchInfo info);
    /// @notice A batch was proven; `syncHash` is this chain's sync[n].
    event BatchProven(uint64 indexed batchNumber, bytes32 commitment, bytes32 syncHash);
    /// @notice Batches up to `batchNumber` were synced by a quorum certificate.
    event BatchesSynced(uint64 indexed batchNumber, bytes32 syncHash, bytes32 root);
    /// @notice A batch was executed.
    event BatchExecuted(uint64 indexed batchNumber);
    /// @notice Batches above `newTotalCommitted` were reverted.
    event BatchesReverted(uint64 newTotalCommitted);
    /// @notice A revocation certificate was delivered: `commitment` is refused from now on.
    event CommitmentRevoked(uint64 indexed batchNumber, bytes32 commitment);
    /// @notice A pending balance grew (withdrawal, full exit, exodus or refund).
    event PendingBalanceCredited(address indexed owner, uint16 indexed tokenId, uint128 amount);
    /// @notice A pending balance was paid out.
    event Withdrawal(address indexed owner, uint16 indexed tokenId, uint128 amount);
    /// @notice Exit mode was activated.
    event ExitModeActivated(uint256 blockNumber, uint256 exodusOpensAtBlock);
    /// @notice An exodus was paid (amount in token decimals).
    event Exodus(uint32 indexed accountId, uint16 indexed tokenId, address indexed owner, uint128 amount);
    /// @notice Outstanding priority requests were cancelled in exit mode.
    event DepositsCancelled(uint64 fromSerialId, uint64 count);
    /// @notice The oracle set was rotated.
    event OracleSetRotated(uint64 indexed nonce, address[] newSet);

    function registerToken(uint16 tokenId, address token, uint8 decimals, uint128 minDeposit) external;
    function withdrawPriorityFees(address payable to) external;
    function depositETH(address to) external payable;
    function depositERC20(IERC20 token, uint104 amount, address to) external payable;
    function requestFullExit(uint32 accountId, uint16 tokenId) external payable;
    function setAuthPubkeyHash(bytes20 pubKeyHash, uint32 nonce) external;
    function commitBatches(CommitBatchInfo[] calldata batches) external;
    function proveBatches(StoredBatchInfo[] calldata batches, bytes[] calldata proofs) external;
    function syncBatches(StoredBatchInfo calldata batch, bytes[] calldata signatures) external;
    function executeBatches(StoredBatchInfo[] calldata batches, bytes[] calldata ownOps) external;
    function revertBatches(StoredBatchInfo[] calldata batches) external;
    function revertRevokedBatches(StoredBatchInfo[] calldata batches) external;
    function revokeCommitment(uint64 batchNumber, bytes32 commitment, bytes[] calldata signatures) external;
    function withdrawPendingBalance(address owner, uint16 tokenId, uint128 amount) external;
    function activateExitMode() external;
    function performExodus(uint32 accountId, address owner, uint16 tokenId, uint128 amount, bytes calldata proof) external;
    function cancelOutstandingDepositsForExodusMode(uint64 count, PriorityOpData[] calldata ops) external;
    function rotateOracleSet(address[] calldata newSet, uint64 nonce, bytes[] calldata signatures) external;
}
