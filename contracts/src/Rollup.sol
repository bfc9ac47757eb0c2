// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.30;

import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";
import {Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

import {Errors} from "./Errors.sol";
import {IRollup} from "./interfaces/IRollup.sol";
import {IVerifier} from "./interfaces/IVerifier.sol";
import {Commitment} from "./libraries/Commitment.sol";
import {Pubdata} from "./libraries/Pubdata.sol";

/// @title Rollup
/// @notice The Polylink rollup contract of one L1 chain (DESIGN §2, §5, §6, §8): deposits and
/// full exits enter a FIFO priority queue; batches are committed (validator quorum), proven
/// (Groth16 over BLS12-381), synced (quorum certificate that every chain proved the same
/// history) and executed (withdrawals credited to pending balances, pulled by their owners).
/// When a priority request expires anyone can switch the chain into exit mode; after a grace
/// period users take their pro-rata share with exit proofs and unprocessed deposits are refunded.
/// @dev `docs/l1-contracts.md` documents every signed digest, the calldata structs, the state
/// machine and the dust rule.
contract Rollup is IRollup, Ownable2Step, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /// @notice Number of chains the protocol supports (chain indices 1..4).
    uint8 public constant MAX_CHAINS = 4;
    /// @notice Largest token id (balance tree depth 10).
    uint16 public constant MAX_TOKEN_ID = 1023;
    /// @notice First user account id (0 = fees, 1..4 = reserves).
    uint32 public constant FIRST_USER_ACCOUNT_ID = 5;
    /// @notice Largest account id (account tree depth 24).
    uint32 public constant MAX_ACCOUNT_ID = 2 ** 24 - 1;
    /// @notice Cap on what this chain may hold of a token, in L2 units: a quarter of u128, so the
    /// sum of all chains' reserves never overflows an L2 u128 balance.
    uint256 public constant MAX_HOLDINGS_L2 = type(uint128).max / MAX_CHAINS;
    /// @notice The least priority-request fee a deployment may set (wei): ≈ 50,000 gas of
    /// serving a request at 0.02 gwei, the cheapest gas of the chains we target
    /// (docs/l1-contracts.md, "Defaults"). A near-free request would let anyone fill the queue
    /// the appchain must serve before the deadline.
    uint256 internal constant MIN_PRIORITY_REQUEST_FEE = 1e12;
    /// @notice The longest priority-request lifetime a deployment may set (L1 blocks): about
    /// 35 days of 1-second blocks. A longer one would keep exit mode from ever starting.
    uint64 internal constant MAX_PRIORITY_EXPIRY_BLOCKS = 3_000_000;
    /// @notice The longest exodus grace period a deployment may set (L1 blocks): twice the
    /// longest expiry. A longer one would keep exits from ever opening.
    uint64 internal constant MAX_EXODUS_GRACE_BLOCKS = 2 * MAX_PRIORITY_EXPIRY_BLOCKS;
    /// @notice EIP-712 type hash of the domain: ("Polylink", "1", block.chainid, address(this)).
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    /// @notice EIP-712 type hash of the ChangePubKey authorisation.
    bytes32 public constant CHANGE_PUBKEY_TYPEHASH =
        keccak256("ChangePubKey(bytes20 pubKeyHash,uint32 nonce,uint32 accountId,uint8 chainIndex)");
    /// @notice Type hash of the commit certificate (`commitDigest`).
    bytes32 public constant COMMIT_TYPEHASH =
        keccak256("PolylinkCommit(bytes32 deploymentId,uint64 batchNumber,uint32 chunks,bytes32 commitment)");
    /// @notice Type hash of the sync certificate (`syncDigest`).
    bytes32 public constant SYNC_TYPEHASH =
        keccak256("PolylinkSync(bytes32 deploymentId,uint64 batchNumber,bytes32 syncHash)");
    /// @notice Type hash of the oracle-set rotation (`rotationDigest`).
    bytes32 public constant ROTATE_TYPEHASH =
        keccak256("PolylinkRotate(bytes32 deploymentId,uint64 nonce,address[] newSet)");
    /// @notice Type hash of the revocation certificate (`revokeDigest`).
    bytes32 public constant REVOKE_TYPEHASH =
        keccak256("PolylinkRevoke(bytes32 deploymentId,uint64 batchNumber,bytes32 commitment)");

    /// @notice Constructor parameters.
    struct Config {
        uint8 chainIndex; // this chain's index, 1..4
        uint8 liveChains; // bit c−1 set ⇔ chain c has a contract in this deployment (bits 0..3, own bit set)
        bytes32 deploymentId; // non-zero, the same on every chain of the deployment (certificates bind it)
        bool isDAChain; // whether full pubdata is posted here
        bytes32 genesisRoot; // the state root of batch 0
        address[] oracles; // the validator (oracle) set, sorted ascending, unique, non-zero
        uint256[] verifierChunks; // batch chunk capacities ...
        IVerifier[] blockVerifiers; // ... and their block verifiers
        IVerifier exitVerifier; // the exit-proof verifier
        uint64 priorityExpiryBlocks; // a priority request expires this many L1 blocks after it is made (1..MAX_PRIORITY_EXPIRY_BLOCKS)
        uint64 exodusGraceBlocks; // exits open this many blocks after exit mode is activated (expiry..MAX_EXODUS_GRACE_BLOCKS)
        uint256 priorityRequestFee; // wei every priority request pays on top (≥ MIN_PRIORITY_REQUEST_FEE)
        address owner; // governance
    }

    /// @notice A token on this chain.
    struct Token {
        address addr; // address(0) = the native coin
        uint8 decimals;
        bool registered;
        uint128 minDeposit; // smallest deposit accepted, in token decimals
    }

    /// @notice A priority request: the hash of the fields its L2 op must match and its deadline.
    struct PriorityRequest {
        bytes24 hashedOp;
        uint64 expirationBlock;
    }

    /// @dev Running state of one batch's on-chain-op checks.
    struct Ctx {
        uint64 pid; // next priority request to consume
        uint256 cpk; // next ChangePubKey witness
        bytes32 own; // keccak chain of this chain's own on-chain ops (Commitment.extendOwnOps)
    }

    /// @notice This chain's index (1..4).
    uint8 public immutable chainIndex;
    /// @notice Whether this is the DA chain (full pubdata in calldata).
    bool public immutable isDAChain;
    /// @notice The exit-proof verifier.
    IVerifier public immutable exitVerifier;
    /// @notice Priority-request lifetime in L1 blocks.
    uint64 public immutable priorityExpiryBlocks;
    /// @notice Blocks between exit-mode activation and the opening of exits.
    uint64 public immutable exodusGraceBlocks;
    /// @notice The chains of this deployment: bit c−1 set ⇔ chain c has a contract (bound in
    /// every batch commitment; on-chain ops naming another chain are refused).
    uint8 public immutable liveChains;
    /// @notice The deployment every certificate (commit, sync, rotation) is bound to.
    bytes32 public immutable deploymentId;
    /// @notice Fee in wei every priority request pays (kept apart from the ETH holdings).
    uint256 public immutable priorityRequestFee;
    /// @dev block.chainid at deployment, and the EIP-712 domain separator computed for it.
    uint256 internal immutable _cachedChainId;
    /// @dev See `_cachedChainId`.
    bytes32 internal immutable _cachedDomainSeparator;

    /// @notice Block verifier per batch chunk capacity.
    mapping(uint256 chunks => IVerifier) public blockVerifier;
    /// @notice Tokens by id.
    mapping(uint16 tokenId => Token) public tokens;
    /// @notice Token id + 1 by address (0 = not registered).
    mapping(address token => uint256) internal _tokenIdPlusOne;
    /// @notice The priority queue, by serial id.
    mapping(uint64 serialId => PriorityRequest) public priorityRequests;

    /// @notice Serial id of the next priority request (= requests ever made).
    uint64 public nextPriorityId;
    /// @notice First priority request not consumed by an executed batch.
    uint64 public firstPriorityId;
    /// @notice First priority request not consumed by a committed batch.
    uint64 public nextCommitPriorityId;
    /// @notice First priority request not consumed by a synced batch.
    uint64 public syncedPriorityEnd;

    /// @notice Batch counters: committed ≥ proven ≥ synced ≥ executed.
    uint64 public totalCommitted;
    /// @notice Batches proven.
    uint64 public totalProven;
    /// @notice Batches synced.
    uint64 public totalSynced;
    /// @notice Batches executed.
    uint64 public totalExecuted;

    /// @notice Whether exit mode is active.
    bool public exitMode;
    /// @notice Block at which exit mode was activated.
    uint64 public exitModeBlock;
    /// @notice Nonce the next oracle-set rotation must carry.
    uint64 public oracleNonce;
    /// @notice First priority request not yet cancelled in exit mode.
    uint64 public cancelledUpTo;

    /// @notice New root of the last committed batch.
    bytes32 public lastCommittedRoot;
    /// @notice New root of the last synced batch (exits are proven against it).
    bytes32 public lastSyncedRoot;
    /// @notice `keccak256(abi.encode(StoredBatchInfo))` per committed batch.
    mapping(uint64 batchNumber => bytes32) public storedBatchHash;
    /// @notice This chain's sync hash per proven batch (`syncHash[0] = 0`).
    mapping(uint64 batchNumber => bytes32) public syncHash;
    /// @notice On-chain ChangePubKey pre-approvals: owner → nonce → pubkey hash.
    mapping(address owner => mapping(uint32 nonce => bytes20)) public authPubkeyHash;
    /// @notice Pending balances (token decimals), pulled with `withdrawPendingBalance`.
    mapping(address owner => mapping(uint16 tokenId => uint128)) public pendingBalance;
    /// @notice Whether an exodus was paid for (account, token) on this chain.
    mapping(uint32 accountId => mapping(uint16 tokenId => bool)) public exodusPaid;

    /// @notice Commitments of batches reverted by governance: their commit certificates are void here.
    mapping(bytes32 commitment => bool) public revokedCommitment;
    /// @notice Priority-request fees received and not yet withdrawn (wei).
    uint256 public priorityFeesCollected;

    /// @notice The current oracle set.
    address[] internal _oracles;
    /// @notice Epoch in which an address is an oracle (only the current epoch counts).
    mapping(address oracle => uint64) internal _oracleEpochOf;
    /// @notice The current oracle epoch.
    uint64 internal _oracleEpoch;

    /// @dev Reverts in exit mode.
    modifier whenNotExitMode() {
        if (exitMode) revert Errors.PolylinkRollup_ExitModeActive();
        _;
    }

    /// @param cfg The deployment parameters (see `Config`).
    constructor(Config memory cfg) Ownable(cfg.owner) {
        if (cfg.chainIndex == 0 || cfg.chainIndex > MAX_CHAINS) {
            revert Errors.PolylinkRollup_InvalidChainIndex(cfg.chainIndex);
        }
        if (cfg.liveChains >> MAX_CHAINS != 0 || (cfg.liveChains >> (cfg.chainIndex - 1)) & 1 == 0) {
            revert Errors.PolylinkRollup_InvalidConfig("liveChains");
        }
        if (cfg.deploymentId == 0) revert Errors.PolylinkRollup_InvalidConfig("deploymentId");
        if (cfg.verifierChunks.length != cfg.blockVerifiers.length) revert Errors.PolylinkRollup_LengthMismatch();
        if (address(cfg.exitVerifier) == address(0)) revert Errors.PolylinkRollup_InvalidConfig("exitVerifier");
        if (cfg.priorityExpiryBlocks == 0 || cfg.priorityExpiryBlocks > MAX_PRIORITY_EXPIRY_BLOCKS) {
            revert Errors.PolylinkRollup_InvalidConfig("priorityExpiryBlocks");
        }
        // A (near) free priority request lets anyone fill the queue the appchain must serve
        // before the deadline (exit mode for everyone): every request pays at least the floor.
        if (cfg.priorityRequestFee < MIN_PRIORITY_REQUEST_FEE) {
            revert Errors.PolylinkRollup_InvalidConfig("priorityRequestFee");
        }
        // Exits must not open before every other chain could be pushed into exit mode (a priority
        // request there expires after priorityExpiryBlocks) and certificates carried over, and
        // must open at all.
        if (cfg.exodusGraceBlocks < cfg.priorityExpiryBlocks || cfg.exodusGraceBlocks > MAX_EXODUS_GRACE_BLOCKS) {
            revert Errors.PolylinkRollup_InvalidConfig("exodusGraceBlocks");
        }
        chainIndex = cfg.chainIndex;
        liveChains = cfg.liveChains;
        deploymentId = cfg.deploymentId;
        priorityRequestFee = cfg.priorityRequestFee;
        _cachedChainId = block.chainid;
        _cachedDomainSeparator = _buildDomainSeparator();
        isDAChain = cfg.isDAChain;
        exitVerifier = cfg.exitVerifier;
        priorityExpiryBlocks = cfg.priorityExpiryBlocks;
        exodusGraceBlocks = cfg.exodusGraceBlocks;
        for (uint256 i; i < cfg.verifierChunks.length; ++i) {
            if (address(cfg.blockVerifiers[i]) == address(0)) revert Errors.PolylinkRollup_InvalidConfig("blockVerifier");
            blockVerifier[cfg.verifierChunks[i]] = cfg.blockVerifiers[i];
        }
        lastCommittedRoot = cfg.genesisRoot;
        lastSyncedRoot = cfg.genesisRoot;
        _setOracles(cfg.oracles);
    }

    // ---------------------------------------------------------------- governance

    /// @notice Registers a token on this chain (owner only). An ERC-20 must hold code; when its
    /// `decimals()` answers (32 bytes), the answer must equal `decimals`; a token without
    /// `decimals()` is registered with the decimals given.
    /// @param tokenId The protocol-wide token id (≤ 1023).
    /// @param token Its address here; address(0) is the native coin (18 decimals).
    /// @param decimals Its decimals (≤ 18).
    /// @param minDeposit The smallest deposit accepted, in token decimals (> 0).
    function registerToken(uint16 tokenId, address token, uint8 decimals, uint128 minDeposit) external onlyOwner {
        if (tokenId > MAX_TOKEN_ID || tokens[tokenId].registered) revert Errors.PolylinkRollup_TokenIdTaken(tokenId);
        if (decimals > 18 || (token == address(0) && decimals != 18)) {
            revert Errors.PolylinkRollup_TooManyDecimals(decimals);
        }
        if (_tokenIdPlusOne[token] != 0) revert Errors.PolylinkRollup_TokenAddressTaken(token);
        if (minDeposit == 0) revert Errors.PolylinkRollup_ZeroMinDeposit(tokenId);
        if (token != address(0)) {
            if (token.code.length == 0) revert Errors.PolylinkRollup_TokenNotContract(token);
            (bool ok, bytes memory ret) = token.staticcall(abi.encodeWithSignature("decimals()"));
            if (ok && ret.length == 32) {
                uint256 actual = abi.decode(ret, (uint256));
                if (actual != decimals) {
                    // saturated: a value above 255 is reported as 255
                    // forge-lint: disable-next-line(unsafe-typecast)
                    revert Errors.PolylinkRollup_DecimalsMismatch(token, decimals, actual > 255 ? 255 : uint8(actual));
                }
            }
        }
        tokens[tokenId] = Token({addr: token, decimals: decimals, registered: true, minDeposit: minDeposit});
        _tokenIdPlusOne[token] = uint256(tokenId) + 1;
        emit TokenRegistered(tokenId, token, decimals, minDeposit);
    }

    /// @notice Pays every collected priority-request fee to `to` (owner only).
    /// @param to The recipient.
    function withdrawPriorityFees(address payable to) external onlyOwner nonReentrant {
        uint256 amount = priorityFeesCollected;
        priorityFeesCollected = 0;
        (bool ok,) = to.call{value: amount}("");
        if (!ok) revert Errors.PolylinkRollup_EthTransferFailed(to);
        emit PriorityFeesWithdrawn(to, amount);
    }

    /// @notice Replaces the oracle set; signed by a quorum of the current set over `rotationDigest`.
    /// @param newSet The new set, sorted ascending, unique, non-zero.
    /// @param nonce Must equal `oracleNonce`.
    /// @param signatures Quorum of the current set, signers ascending.
    function rotateOracleSet(address[] calldata newSet, uint64 nonce, bytes[] calldata signatures) external {
        if (nonce != oracleNonce) revert Errors.PolylinkRollup_BadRotationNonce(oracleNonce, nonce);
        _checkQuorum(rotationDigest(newSet, nonce), signatures);
        oracleNonce = nonce + 1;
        _setOracles(newSet);
        emit OracleSetRotated(nonce, newSet);
    }

    // ---------------------------------------------------------------- priority requests

    /// @notice Deposits the native coin for `to` on L2: `msg.value` less the priority-request fee.
    /// @param to The L2 recipient (its L1 address).
    function depositETH(address to) external payable nonReentrant whenNotExitMode {
        uint256 fee = priorityRequestFee;
        if (msg.value < fee) revert Errors.PolylinkRollup_WrongPriorityFee(fee, msg.value);
        // the ETH holdings exclude every fee, this one included (collected in _addPriorityRequest)
        _deposit(_tokenIdOf(address(0)), msg.value - fee, address(this).balance - priorityFeesCollected - fee, to);
    }

    /// @notice Deposits an ERC-20 for `to` on L2. Credits what actually arrived (balance
    /// difference), so fee-on-transfer tokens deposit the net amount.
    /// `msg.value` must be the priority-request fee.
    /// @param token The token (must be registered).
    /// @param amount Amount to transfer in, in token decimals.
    /// @param to The L2 recipient.
    function depositERC20(IERC20 token, uint104 amount, address to) external payable nonReentrant whenNotExitMode {
        _requireExactFee();
        if (address(token) == address(0)) revert Errors.PolylinkRollup_TokenNotRegistered(address(0));
        uint16 tokenId = _tokenIdOf(address(token));
        if (to == address(0)) revert Errors.PolylinkRollup_ZeroRecipient();
        if (amount == 0) revert Errors.PolylinkRollup_ZeroAmount();
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), amount);
        uint256 afterBalance = token.balanceOf(address(this));
        _deposit(tokenId, afterBalance - before, afterBalance, to);
    }

    /// @notice Requests a full exit of `accountId`'s balance of `tokenId` to this chain (to msg.sender
    /// if it owns the account; the L2 pays 0 otherwise). `msg.value` must be the priority-request fee.
    /// @param accountId A user account id (5..2^24-1).
    /// @param tokenId A token registered here.
    function requestFullExit(uint32 accountId, uint16 tokenId) external payable nonReentrant whenNotExitMode {
        _requireExactFee();
        if (accountId < FIRST_USER_ACCOUNT_ID || accountId > MAX_ACCOUNT_ID) {
            revert Errors.PolylinkRollup_InvalidAccountId(accountId);
        }
        if (!tokens[tokenId].registered) revert Errors.PolylinkRollup_UnknownTokenId(tokenId);
        (uint64 serialId, uint64 expiration) =
            _addPriorityRequest(priorityHash(Pubdata.FULL_EXIT, accountId, msg.sender, tokenId, 0));
        emit FullExitRequest(serialId, accountId, msg.sender, tokenId, expiration);
    }

    /// @notice Pre-approves a ChangePubKey of msg.sender's account to `pubKeyHash` at `nonce`.
    /// Write-once: the appchain may sequence a ChangePubKey on this approval as soon as its
    /// oracles saw it, and `commitBatches` checks the stored value, so a later change would make
    /// that batch uncommittable here forever. A nonce the account has passed is useless anyway.
    /// @param pubKeyHash The new L2 key hash (non-zero).
    /// @param nonce The L2 account nonce of the ChangePubKey.
    function setAuthPubkeyHash(bytes20 pubKeyHash, uint32 nonce) external {
        if (pubKeyHash == bytes20(0)) revert Errors.PolylinkRollup_ZeroPubkeyHash();
        bytes20 current = authPubkeyHash[msg.sender][nonce];
        if (current != bytes20(0)) revert Errors.PolylinkRollup_AuthPubkeyHashAlreadySet(msg.sender, nonce, current);
        authPubkeyHash[msg.sender][nonce] = pubKeyHash;
        emit AuthPubkeyHashSet(msg.sender, nonce, pubKeyHash);
    }

    // ---------------------------------------------------------------- batch lifecycle

    /// @notice Commits batches (each signed by an oracle quorum over `commitDigest`). The DA chain
    /// takes each batch's full pubdata; the others take `sha256(pubdata)` and the batch's on-chain
    /// ops at their chunks, from which they rebuild `onchain_data` (see `CommitBatchInfo`).
    /// @param batches The batches, in order from `totalCommitted + 1`.
    function commitBatches(CommitBatchInfo[] calldata batches) external nonReentrant whenNotExitMode {
        uint64 n = totalCommitted;
        bytes32 root = lastCommittedRoot;
        Ctx memory ctx = Ctx({pid: nextCommitPriorityId, cpk: 0, own: 0});
        for (uint256 i; i < batches.length; ++i) {
            CommitBatchInfo calldata b = batches[i];
            if (b.batchNumber != ++n) revert Errors.PolylinkRollup_UnexpectedBatchNumber(n, b.batchNumber);
            if (address(blockVerifier[b.chunks]) == address(0)) revert Errors.PolylinkRollup_NoVerifierForChunks(b.chunks);
            StoredBatchInfo memory s;
            s.batchNumber = n;
            s.timestamp = b.timestamp;
            s.chunks = b.chunks;
            s.oldRoot = root;
            s.newRoot = b.newRoot;
            uint64 pidStart = ctx.pid;
            ctx.cpk = 0;
            ctx.own = 0;
            // onchain_data: the batch's capacity in zero chunks, on-chain ops copied in at their offsets
            bytes memory onchainData = new bytes(uint256(b.chunks) * Pubdata.CHUNK_BYTES);
            if (isDAChain) {
                if (b.pubdata.length != onchainData.length) revert Errors.PolylinkRollup_BadPubdataLength(b.pubdata.length);
                s.pubdataHash = sha256(b.pubdata);
                _scanPubdata(b.pubdata, onchainData, b.changePubKeyWitnesses, ctx);
            } else {
                s.pubdataHash = b.pubdataHash;
                _scanOnchainOps(b.onchainOps, onchainData, b.changePubKeyWitnesses, ctx);
            }
            s.onchainHash = Commitment.sha256Memory(onchainData);
            s.ownOpsHash = ctx.own;
            if (ctx.cpk != b.changePubKeyWitnesses.length) revert Errors.PolylinkRollup_LengthMismatch();
            s.priorityOps = ctx.pid - pidStart;
            s.priorityOpsEnd = ctx.pid;
            bytes32 c = commitmentOf(s);
            if (revokedCommitment[c]) revert Errors.PolylinkRollup_CommitmentRevoked(n, c);
            _checkQuorum(commitDigest(n, b.chunks, c), b.signatures);
            storedBatchHash[n] = keccak256(abi.encode(s));
            root = b.newRoot;
            emit BatchCommitted(n, c, s);
        }
        totalCommitted = n;
        lastCommittedRoot = root;
        nextCommitPriorityId = ctx.pid;
    }

    /// @notice Proves committed batches and extends this chain's sync hash.
    /// @param batches Stored records of the batches, in order from `totalProven + 1`.
    /// @param proofs One 512-byte Groth16 proof per batch.
    function proveBatches(StoredBatchInfo[] calldata batches, bytes[] calldata proofs)
        external
        nonReentrant
        whenNotExitMode
    {
        if (batches.length != proofs.length) revert Errors.PolylinkRollup_LengthMismatch();
        uint64 n = totalProven;
        bytes32 sh = syncHash[n];
        for (uint256 i; i < batches.length; ++i) {
            StoredBatchInfo calldata s = batches[i];
            if (s.batchNumber != ++n) revert Errors.PolylinkRollup_UnexpectedBatchNumber(n, s.batchNumber);
            _checkStored(s);
            bytes32 c = commitmentOf(s);
            // A revoked batch committed here before its revocation certificate arrived is
            // never proven: it waits for `revertRevokedBatches`.
            if (revokedCommitment[c]) revert Errors.PolylinkRollup_CommitmentRevoked(n, c);
            if (!blockVerifier[s.chunks].verifyProof(proofs[i], uint256(c))) revert Errors.PolylinkRollup_InvalidProof(n);
            sh = keccak256(abi.encodePacked(sh, c));
            syncHash[n] = sh;
            emit BatchProven(n, c, sh);
        }
        totalProven = n;
    }

    /// @notice Marks every batch up to `batch.batchNumber` synced, given an oracle quorum over
    /// `syncDigest(n, syncHash[n])`. Allowed in exit mode during the grace period.
    /// @param batch The stored record of the last batch to sync.
    /// @param signatures Quorum signatures, signers ascending.
    function syncBatches(StoredBatchInfo calldata batch, bytes[] calldata signatures) external nonReentrant {
        if (exitMode && block.number >= exodusOpensAt()) revert Errors.PolylinkRollup_GracePeriod(exodusOpensAt());
        uint64 n = batch.batchNumber;
        if (n <= totalSynced || n > totalProven) revert Errors.PolylinkRollup_CannotSync(n);
        _checkStored(batch);
        bytes32 sh = syncHash[n];
        _checkQuorum(syncDigest(n, sh), signatures);
        totalSynced = n;
        lastSyncedRoot = batch.newRoot;
        syncedPriorityEnd = batch.priorityOpsEnd;
        emit BatchesSynced(n, sh, batch.newRoot);
    }

    /// @notice Executes synced batches: credits Withdraw, ForcedExit and FullExit payouts to
    /// pending balances and pops the priority requests the batches consumed. Allowed in exit mode.
    /// @param batches Stored records, in order from `totalExecuted + 1`.
    /// @param ownOps Per batch, this chain's own on-chain ops concatenated in batch order (checked
    /// against the batch's `ownOpsHash`).
    function executeBatches(StoredBatchInfo[] calldata batches, bytes[] calldata ownOps) external nonReentrant {
        if (batches.length != ownOps.length) revert Errors.PolylinkRollup_LengthMismatch();
        uint64 n = totalExecuted;
        for (uint256 i; i < batches.length; ++i) {
            StoredBatchInfo calldata s = batches[i];
            if (s.batchNumber != ++n) revert Errors.PolylinkRollup_UnexpectedBatchNumber(n, s.batchNumber);
            if (n > totalSynced) revert Errors.PolylinkRollup_NotSynced(n);
            _checkStored(s);
            if (_payOps(ownOps[i]) != s.ownOpsHash) revert Errors.PolylinkRollup_OnchainOpsMismatch(n);
            firstPriorityId = s.priorityOpsEnd;
            emit BatchExecuted(n);
        }
        totalExecuted = n;
    }

    /// @notice Reverts the committed tail that is not yet proven (owner only; see docs). Each
    /// reverted commitment is revoked, so its commit certificate cannot be replayed here.
    /// @param batches Stored records of the batches to drop, from `totalCommitted` downwards.
    function revertBatches(StoredBatchInfo[] calldata batches) external onlyOwner whenNotExitMode {
        _revertTail(batches, totalProven);
    }

    /// @notice Drops the committed tail down to a batch whose commitment a revocation
    /// certificate revoked (anyone may call), proven or not: a front-runner may have committed
    /// and proven a revoked batch here with its public certificate and proof before the
    /// revocation arrived. None of them can be synced (the quorum never signs a revoked batch's
    /// sync), so their sync hashes go too; the batches above the revoked one stand on its root
    /// and are revoked with it, as governance revokes a whole tail on the appchain. Allowed in
    /// exit mode, where it changes nothing that exits depend on (the synced root). Makes no
    /// external call.
    /// @param batches Stored records from `totalCommitted` downwards; the last one's commitment
    /// must be revoked (`revokeCommitment`).
    function revertRevokedBatches(StoredBatchInfo[] calldata batches) external {
        if (batches.length == 0) revert Errors.PolylinkRollup_LengthMismatch();
        StoredBatchInfo calldata lowest = batches[batches.length - 1];
        bytes32 c = commitmentOf(lowest);
        if (!revokedCommitment[c]) revert Errors.PolylinkRollup_CommitmentNotRevoked(lowest.batchNumber, c);
        _revertTail(batches, totalSynced);
    }

    /// @notice Records a revocation certificate (anyone may deliver it): the oracle quorum's
    /// signatures over `revokeDigest(batchNumber, commitment)`. This contract then refuses to
    /// commit `commitment` (`CommitmentRevoked`), as the contract where governance reverted the
    /// batch does: a revert holds on every chain the certificate reaches, so a public commit
    /// certificate of a revoked batch cannot take its slot anywhere, nor be proven here. A batch
    /// this chain already committed with `commitment` is then dropped by `revertRevokedBatches`.
    /// @param batchNumber The revoked batch's number.
    /// @param commitment The revoked commitment.
    /// @param signatures The quorum's signatures, ascending by signer.
    function revokeCommitment(uint64 batchNumber, bytes32 commitment, bytes[] calldata signatures) external {
        _checkQuorum(revokeDigest(batchNumber, commitment), signatures);
        revokedCommitment[commitment] = true;
        emit CommitmentRevoked(batchNumber, commitment);
    }

    // ---------------------------------------------------------------- payouts

    /// @notice Pays `amount` of `owner`'s pending balance of `tokenId` to `owner` (anyone may call).
    /// @param owner The owner of the pending balance (and recipient).
    /// @param tokenId The token.
    /// @param amount Amount in token decimals.
    function withdrawPendingBalance(address owner, uint16 tokenId, uint128 amount) external nonReentrant {
        if (amount == 0) revert Errors.PolylinkRollup_ZeroAmount();
        uint128 pending = pendingBalance[owner][tokenId];
        if (amount > pending) revert Errors.PolylinkRollup_InsufficientPendingBalance(pending, amount);
        pendingBalance[owner][tokenId] = pending - amount;
        address token = tokens[tokenId].addr;
        if (token == address(0)) {
            (bool ok,) = owner.call{value: amount}("");
            if (!ok) revert Errors.PolylinkRollup_EthTransferFailed(owner);
        } else {
            IERC20(token).safeTransfer(owner, amount);
        }
        emit Withdrawal(owner, tokenId, amount);
    }

    // ---------------------------------------------------------------- exit mode

    /// @notice Activates exit mode once the oldest unprocessed priority request has expired (anyone).
    function activateExitMode() external whenNotExitMode {
        uint64 first = firstPriorityId;
        if (first == nextPriorityId || block.number < priorityRequests[first].expirationBlock) {
            revert Errors.PolylinkRollup_NoExpiredPriorityRequest();
        }
        exitMode = true;
        exitModeBlock = uint64(block.number);
        emit ExitModeActivated(block.number, exodusOpensAt());
    }

    /// @notice Credits an exodus payout, proven against `lastSyncedRoot`, once per (account, token).
    /// @param accountId The account.
    /// @param owner Its L1 owner (receives the pending balance).
    /// @param tokenId The token.
    /// @param amount This chain's share in L2 units (paid rounded down to the token's decimals).
    /// @param proof The exit proof (512 bytes).
    function performExodus(uint32 accountId, address owner, uint16 tokenId, uint128 amount, bytes calldata proof)
        external
        nonReentrant
    {
        _requireExodusOpen();
        if (exodusPaid[accountId][tokenId]) revert Errors.PolylinkRollup_ExodusAlreadyPaid(accountId, tokenId);
        if (!tokens[tokenId].registered) revert Errors.PolylinkRollup_UnknownTokenId(tokenId);
        bytes32 c = Commitment.exit(lastSyncedRoot, accountId, owner, tokenId, chainIndex, amount);
        if (!exitVerifier.verifyProof(proof, uint256(c))) revert Errors.PolylinkRollup_InvalidProof(0);
        exodusPaid[accountId][tokenId] = true;
        uint128 paid = uint128(amount / _scale(tokenId));
        _credit(owner, tokenId, paid);
        emit Exodus(accountId, tokenId, owner, paid);
    }

    /// @notice Cancels the next `count` priority requests no synced batch consumed; deposits are
    /// refunded to their L2 recipient's pending balance. Opens with exits (after the grace period).
    /// @param count Number of requests.
    /// @param ops Their fields, checked against the stored hashes.
    function cancelOutstandingDepositsForExodusMode(uint64 count, PriorityOpData[] calldata ops)
        external
        nonReentrant
    {
        _requireExodusOpen();
        uint64 start = cancelledUpTo > syncedPriorityEnd ? cancelledUpTo : syncedPriorityEnd;
        uint64 outstanding = nextPriorityId - start;
        if (count == 0 || count > outstanding) revert Errors.PolylinkRollup_NothingToCancel(outstanding);
        if (ops.length != count) revert Errors.PolylinkRollup_LengthMismatch();
        cancelledUpTo = start + count;
        for (uint64 i; i < count; ++i) {
            PriorityOpData calldata op = ops[i];
            if (priorityRequests[start + i].hashedOp
                    != priorityHash(op.opCode, op.accountId, op.owner, op.tokenId, op.amount)) {
                revert Errors.PolylinkRollup_PriorityOpMismatch(start + i);
            }
            if (op.opCode == Pubdata.DEPOSIT) _credit(op.owner, op.tokenId, uint128(op.amount / _scale(op.tokenId)));
        }
        emit DepositsCancelled(start, count);
    }

    // ---------------------------------------------------------------- views

    /// @notice The first block at which exits open (meaningful in exit mode).
    function exodusOpensAt() public view returns (uint256) {
        return uint256(exitModeBlock) + exodusGraceBlocks;
    }

    /// @notice The current oracle set.
    function oracles() external view returns (address[] memory) {
        return _oracles;
    }

    /// @notice Token id of a registered token address (reverts when not registered).
    function tokenIdOf(address token) external view returns (uint16) {
        return _tokenIdOf(token);
    }

    /// @notice The batch commitment of a stored record (binds this deployment's `liveChains`).
    function commitmentOf(StoredBatchInfo memory s) public view returns (bytes32) {
        return Commitment.batch(
            s.batchNumber, s.timestamp, liveChains, s.oldRoot, s.newRoot, s.pubdataHash, s.onchainHash
        );
    }

    /// @notice Digest the oracles sign to commit a batch: bound to the deployment, the same on
    /// every chain (one certificate serves every L1 of the deployment).
    function commitDigest(uint64 batchNumber, uint32 chunks, bytes32 commitment) public view returns (bytes32) {
        return keccak256(abi.encode(COMMIT_TYPEHASH, deploymentId, batchNumber, chunks, commitment));
    }

    /// @notice Digest the oracles sign to sync batches up to `batchNumber`: bound to the
    /// deployment, the same on every chain (a certificate can be carried between chains).
    function syncDigest(uint64 batchNumber, bytes32 sh) public view returns (bytes32) {
        return keccak256(abi.encode(SYNC_TYPEHASH, deploymentId, batchNumber, sh));
    }

    /// @notice Digest the oracles sign to revoke `commitment` as batch `batchNumber` on every
    /// chain of the deployment (a revocation certificate can be carried between chains).
    function revokeDigest(uint64 batchNumber, bytes32 commitment) public view returns (bytes32) {
        return keccak256(abi.encode(REVOKE_TYPEHASH, deploymentId, batchNumber, commitment));
    }

    /// @notice Digest the current oracles sign to rotate to `newSet` (bound to the deployment, the
    /// same on every chain; `nonce` orders rotations).
    function rotationDigest(address[] calldata newSet, uint64 nonce) public view returns (bytes32) {
        return keccak256(abi.encode(ROTATE_TYPEHASH, deploymentId, nonce, keccak256(abi.encodePacked(newSet))));
    }

    /// @notice The EIP-712 domain separator: ("Polylink", "1", block.chainid, address(this)).
    function domainSeparator() public view returns (bytes32) {
        return block.chainid == _cachedChainId ? _cachedDomainSeparator : _buildDomainSeparator();
    }

    /// @notice The EIP-712 digest an L1 owner signs to authorise a ChangePubKey on this chain.
    function changePubKeyDigest(bytes20 pubKeyHash, uint32 nonce, uint32 accountId) public view returns (bytes32) {
        return keccak256(
            abi.encodePacked(
                hex"1901",
                domainSeparator(),
                keccak256(abi.encode(CHANGE_PUBKEY_TYPEHASH, pubKeyHash, nonce, accountId, chainIndex))
            )
        );
    }

    /// @notice The hash stored for a priority request: the fields its L2 op must match.
    function priorityHash(uint8 opCode, uint32 accountId, address owner, uint16 tokenId, uint128 amount)
        public
        pure
        returns (bytes24)
    {
        return bytes24(keccak256(abi.encodePacked(opCode, accountId, owner, tokenId, amount)));
    }

    // ---------------------------------------------------------------- internals

    /// @dev The EIP-712 domain separator for the current chain id and this address.
    function _buildDomainSeparator() internal view returns (bytes32) {
        return keccak256(
            abi.encode(DOMAIN_TYPEHASH, keccak256("Polylink"), keccak256("1"), block.chainid, address(this))
        );
    }

    /// @dev Reverts unless `msg.value` is exactly the priority-request fee.
    function _requireExactFee() internal view {
        if (msg.value != priorityRequestFee) {
            revert Errors.PolylinkRollup_WrongPriorityFee(priorityRequestFee, msg.value);
        }
    }

    /// @dev Adds a deposit to the priority queue after the minimum-deposit and holdings cap checks.
    function _deposit(uint16 tokenId, uint256 amountL1, uint256 holdingsL1, address to) internal {
        if (to == address(0)) revert Errors.PolylinkRollup_ZeroRecipient();
        if (amountL1 == 0) revert Errors.PolylinkRollup_ZeroAmount();
        uint256 minimum = tokens[tokenId].minDeposit;
        if (amountL1 < minimum) revert Errors.PolylinkRollup_DepositTooSmall(tokenId, minimum, amountL1);
        uint256 scale = _scale(tokenId);
        if (holdingsL1 > MAX_HOLDINGS_L2 / scale) {
            revert Errors.PolylinkRollup_HoldingsCapExceeded(tokenId, holdingsL1 * scale);
        }
        uint128 amountL2 = uint128(amountL1 * scale);
        (uint64 serialId, uint64 expiration) = _addPriorityRequest(priorityHash(Pubdata.DEPOSIT, 0, to, tokenId, amountL2));
        emit Deposit(serialId, to, tokenId, amountL2, expiration);
    }

    /// @dev Appends a request to the queue and books its fee (the caller checked it was paid).
    function _addPriorityRequest(bytes24 h) internal returns (uint64 serialId, uint64 expiration) {
        serialId = nextPriorityId;
        expiration = uint64(block.number) + priorityExpiryBlocks;
        priorityRequests[serialId] = PriorityRequest({hashedOp: h, expirationBlock: expiration});
        nextPriorityId = serialId + 1;
        uint256 fee = priorityRequestFee;
        if (fee != 0) {
            priorityFeesCollected += fee;
            emit PriorityFeeCollected(serialId, fee);
        }
    }

    /// @dev DA path: walks the full pubdata, copies every on-chain op into `onchainData` (same
    /// offset) and checks and records this chain's own ops. The length is `chunks · 18` (checked).
    function _scanPubdata(bytes calldata d, bytes memory onchainData, bytes[] calldata w, Ctx memory ctx)
        internal
        view
    {
        uint256 len = d.length;
        uint256 off;
        while (off < len) {
            uint8 code = Pubdata.opCode(d, off);
            if (code == Pubdata.TRANSFER || code == Pubdata.NOOP) {
                off += Pubdata.CHUNK_BYTES; // the common one-chunk off-chain ops
                continue;
            }
            uint256 size = Pubdata.chunksOf(code) * Pubdata.CHUNK_BYTES;
            if (size == 0) revert Errors.PolylinkRollup_UnknownOpCode(off, code);
            if (off + size > len) revert Errors.PolylinkRollup_TruncatedOp(off);
            if (Pubdata.isOnchain(code)) {
                _copy(onchainData, off, d, off, size);
                _onchainOp(d, off, size, code, w, ctx);
            }
            off += size;
        }
    }

    /// @dev Compressed path: walks `d` = entries `uint16 chunk ‖ op pubdata` (every on-chain op of
    /// the batch, strictly in batch order, none overlapping or past the capacity), copies each op
    /// into `onchainData` at its chunk and checks and records this chain's own ops.
    function _scanOnchainOps(bytes calldata d, bytes memory onchainData, bytes[] calldata w, Ctx memory ctx)
        internal
        view
    {
        uint256 len = d.length;
        uint256 pos;
        uint256 end; // first byte of onchainData after the previous op
        while (pos < len) {
            if (pos + 3 > len) revert Errors.PolylinkRollup_TruncatedOp(pos);
            uint256 dst = Pubdata.read(d, pos, 2) * Pubdata.CHUNK_BYTES;
            uint256 off = pos + 2;
            uint8 code = Pubdata.opCode(d, off);
            uint256 size = Pubdata.chunksOf(code) * Pubdata.CHUNK_BYTES;
            if (size == 0) revert Errors.PolylinkRollup_UnknownOpCode(off, code);
            if (!Pubdata.isOnchain(code)) revert Errors.PolylinkRollup_NotOnchainOp(off);
            if (off + size > len) revert Errors.PolylinkRollup_TruncatedOp(off);
            if (dst < end || dst + size > onchainData.length) revert Errors.PolylinkRollup_BadChunkOffset(pos);
            _copy(onchainData, dst, d, off, size);
            _onchainOp(d, off, size, code, w, ctx);
            end = dst + size;
            pos = off + size;
        }
    }

    /// @dev One on-chain op at `off` in `d`: its chain must be 1..4 and live in this deployment;
    /// this chain's own ops are checked and extend `ctx.own`.
    function _onchainOp(bytes calldata d, uint256 off, uint256 size, uint8 code, bytes[] calldata w, Ctx memory ctx)
        internal
        view
    {
        uint8 chain = Pubdata.onchainChain(d, off, code);
        if (chain == 0 || chain > MAX_CHAINS) revert Errors.PolylinkRollup_InvalidChainIndex(chain);
        if ((liveChains >> (chain - 1)) & 1 == 0) revert Errors.PolylinkRollup_ChainNotLive(chain);
        if (chain == chainIndex) {
            _checkOp(d, off, code, w, ctx);
            ctx.own = Commitment.extendOwnOps(ctx.own, d, off, size);
        }
    }

    /// @dev Copies `size` bytes at `off` in `d` to byte `dst` of `buf` (in bounds: callers checked).
    function _copy(bytes memory buf, uint256 dst, bytes calldata d, uint256 off, uint256 size) private pure {
        assembly ("memory-safe") {
            calldatacopy(add(add(buf, 0x20), dst), add(d.offset, off), size)
        }
    }

    /// @dev Commit-time checks of one of this chain's on-chain ops.
    function _checkOp(bytes calldata d, uint256 off, uint8 code, bytes[] calldata w, Ctx memory ctx)
        internal
        view
        virtual
    {
        if (code == Pubdata.DEPOSIT) {
            (, uint16 token, uint128 amount, address to) = Pubdata.deposit(d, off);
            _consumePriority(ctx, priorityHash(Pubdata.DEPOSIT, 0, to, token, amount));
        } else if (code == Pubdata.FULL_EXIT) {
            (uint32 account, address owner, uint16 token,) = Pubdata.fullExit(d, off);
            _consumePriority(ctx, priorityHash(Pubdata.FULL_EXIT, account, owner, token, 0));
        } else if (code == Pubdata.WITHDRAW) {
            (uint16 token, uint128 amount,) = Pubdata.withdraw(d, off);
            _checkRepresentable(token, amount);
        } else if (code == Pubdata.FORCED_EXIT) {
            (uint16 token, uint128 amount,) = Pubdata.forcedExit(d, off);
            _checkRepresentable(token, amount);
        } else {
            (uint32 account, bytes20 pkh, address owner, uint32 nonce) = Pubdata.changePubKey(d, off);
            if (ctx.cpk >= w.length) revert Errors.PolylinkRollup_LengthMismatch();
            bytes calldata sig = w[ctx.cpk++];
            bool ok;
            if (sig.length == 0) {
                ok = pkh != bytes20(0) && authPubkeyHash[owner][nonce] == pkh;
            } else {
                (address signer, ECDSA.RecoverError err,) =
                    ECDSA.tryRecoverCalldata(changePubKeyDigest(pkh, nonce, account), sig);
                ok = err == ECDSA.RecoverError.NoError && signer == owner;
            }
            if (!ok) revert Errors.PolylinkRollup_ChangePubKeyNotAuthorised(account, owner);
        }
    }

    /// @dev Consumes the next priority request, which must carry hash `h`.
    function _consumePriority(Ctx memory ctx, bytes24 h) internal view {
        uint64 id = ctx.pid;
        if (id >= nextPriorityId) revert Errors.PolylinkRollup_PriorityQueueExhausted(id);
        if (priorityRequests[id].hashedOp != h) revert Errors.PolylinkRollup_PriorityOpMismatch(id);
        ctx.pid = id + 1;
    }

    /// @dev Reverts unless `tokenId` is registered here and `amountL2` is a multiple of its scale.
    function _checkRepresentable(uint16 tokenId, uint128 amountL2) internal view {
        if (!tokens[tokenId].registered) revert Errors.PolylinkRollup_UnknownTokenId(tokenId);
        if (amountL2 % _scale(tokenId) != 0) revert Errors.PolylinkRollup_AmountNotRepresentable(tokenId, amountL2);
    }

    /// @dev Credits the payouts of this chain's ops and returns their `ownOpsHash`.
    function _payOps(bytes calldata d) internal returns (bytes32 h) {
        uint256 len = d.length;
        uint256 off;
        while (off < len) {
            uint8 code = Pubdata.opCode(d, off);
            uint256 size = Pubdata.chunksOf(code) * Pubdata.CHUNK_BYTES;
            if (size == 0) revert Errors.PolylinkRollup_UnknownOpCode(off, code);
            if (off + size > len) revert Errors.PolylinkRollup_TruncatedOp(off);
            if (Pubdata.onchainChain(d, off, code) != chainIndex) revert Errors.PolylinkRollup_NotOwnOnchainOp(off);
            h = Commitment.extendOwnOps(h, d, off, size);
            uint16 token;
            uint128 amount;
            address to;
            if (code == Pubdata.WITHDRAW) {
                (token, amount, to) = Pubdata.withdraw(d, off);
            } else if (code == Pubdata.FORCED_EXIT) {
                (token, amount, to) = Pubdata.forcedExit(d, off);
            } else if (code == Pubdata.FULL_EXIT) {
                (, to, token, amount) = Pubdata.fullExit(d, off);
            }
            if (amount != 0) _credit(to, token, uint128(amount / _scale(token))); // FullExit rounds down
            off += size;
        }
    }

    /// @dev Adds to a pending balance.
    function _credit(address owner, uint16 tokenId, uint128 amount) internal {
        if (amount == 0) return;
        pendingBalance[owner][tokenId] += amount;
        emit PendingBalanceCredited(owner, tokenId, amount);
    }

    /// @dev Drops `batches` (stored records from `totalCommitted` downwards, each above `floor`),
    /// revokes their commitments and deletes their records and sync hashes.
    function _revertTail(StoredBatchInfo[] calldata batches, uint64 floor) internal {
        uint64 n = totalCommitted;
        for (uint256 i; i < batches.length; ++i) {
            StoredBatchInfo calldata s = batches[i];
            if (s.batchNumber != n || n <= floor) revert Errors.PolylinkRollup_CannotRevert(s.batchNumber);
            _checkStored(s);
            revokedCommitment[commitmentOf(s)] = true;
            delete storedBatchHash[n];
            delete syncHash[n];
            nextCommitPriorityId -= s.priorityOps;
            lastCommittedRoot = s.oldRoot;
            --n;
        }
        totalCommitted = n;
        if (totalProven > n) totalProven = n;
        emit BatchesReverted(n);
    }

    /// @dev Reverts unless `s` hashes to the stored record of its batch.
    function _checkStored(StoredBatchInfo calldata s) internal view {
        if (keccak256(abi.encode(s)) != storedBatchHash[s.batchNumber]) {
            revert Errors.PolylinkRollup_StoredBatchMismatch(s.batchNumber);
        }
    }

    /// @dev Reverts unless exit mode is active and the grace period is over.
    function _requireExodusOpen() internal view {
        if (!exitMode) revert Errors.PolylinkRollup_NotInExitMode();
        if (block.number < exodusOpensAt()) revert Errors.PolylinkRollup_GracePeriod(exodusOpensAt());
    }

    /// @dev Checks a 2/3+1 quorum of the current oracle set over `digest` (raw ECDSA, signers ascending).
    function _checkQuorum(bytes32 digest, bytes[] calldata sigs) internal view {
        uint256 needed = (_oracles.length * 2) / 3 + 1;
        if (sigs.length < needed) revert Errors.PolylinkRollup_NoQuorum(sigs.length, needed);
        uint64 epoch = _oracleEpoch;
        address last;
        for (uint256 i; i < sigs.length; ++i) {
            (address signer, ECDSA.RecoverError err,) = ECDSA.tryRecoverCalldata(digest, sigs[i]);
            if (err != ECDSA.RecoverError.NoError || signer <= last || _oracleEpochOf[signer] != epoch) {
                revert Errors.PolylinkRollup_BadSigner(signer);
            }
            last = signer;
        }
    }

    /// @dev Installs a new oracle set (sorted ascending, unique, non-zero, non-empty).
    function _setOracles(address[] memory set) internal {
        if (set.length == 0) revert Errors.PolylinkRollup_InvalidOracleSet();
        uint64 epoch = _oracleEpoch + 1;
        address last;
        for (uint256 i; i < set.length; ++i) {
            if (set[i] <= last) revert Errors.PolylinkRollup_InvalidOracleSet();
            _oracleEpochOf[set[i]] = epoch;
            last = set[i];
        }
        _oracleEpoch = epoch;
        _oracles = set;
    }

    /// @dev Token id of a registered address.
    function _tokenIdOf(address token) internal view returns (uint16) {
        uint256 idPlusOne = _tokenIdPlusOne[token];
        if (idPlusOne == 0) revert Errors.PolylinkRollup_TokenNotRegistered(token);
        return uint16(idPlusOne - 1);
    }

    /// @dev `10^(18 − decimals)` of a registered token.
    function _scale(uint16 tokenId) internal view returns (uint256) {
        return 10 ** (18 - uint256(tokens[tokenId].decimals));
    }
}
