//! Snapshots of the native state: what a replica (the prover's, a relayer's) writes to disk after
//! each sealed batch so that it survives restarts without replaying from genesis.
//!
//! A [`Snapshot`] holds the flat state only (accounts with their balances, counters, on-chain
//! approvals, the registry and executor settings, the last sealed batch and its root); the trees
//! are rebuilt on [`State::from_snapshot`], which refuses a snapshot whose rebuilt root is not the
//! root it recorded. Snapshots are taken between batches: the open batch must be empty.

use crate::{
	account::{Account, AccountId, Nonce},
	chain::ChainId,
	eth::L1Address,
	field,
	params::MAX_CHAINS,
	signature::PubKeyHash,
	state::{ExecutorConfig, FeePolicy, State},
	token::{Registry, TokenId},
};
use alloc::{collections::BTreeMap, vec::Vec};
use parity_scale_codec::{Decode, Encode};

/// The snapshot format version [`State::snapshot`] writes.
pub const SNAPSHOT_VERSION: u8 = 1;

/// The flat native state between two batches, SCALE-encoded on disk.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct Snapshot {
	/// [`SNAPSHOT_VERSION`] when written.
	pub version: u8,
	/// The chain and token registry.
	pub registry: Registry,
	/// Minimum fee per chunk per fee token.
	pub fee_per_chunk: BTreeMap<TokenId, u128>,
	/// Chunk capacity of the batches the executor seals.
	pub batch_chunks: u32,
	/// Every account, with its balances.
	pub accounts: Vec<(AccountId, Account)>,
	/// The account each L1 address opened (the executor's address index, kept exactly).
	pub by_address: Vec<(L1Address, AccountId)>,
	/// The id the next new account gets.
	pub next_account_id: u32,
	/// The last sealed batch.
	pub last_batch: u64,
	/// The state root after it, 32 bytes big-endian.
	pub last_root: [u8; 32],
	/// The next priority serial of every chain slot.
	pub next_serial: Vec<u64>,
	/// On-chain key approvals not used yet.
	pub onchain_approvals: Vec<((ChainId, L1Address, Nonce), PubKeyHash)>,
}

/// Why a state could not be snapshotted or restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SnapshotError {
	/// The open batch holds operations: snapshot after sealing.
	OpenBatchNotEmpty,
	/// The snapshot was written by another format version.
	Version(u8),
	/// The snapshot's fields do not fit this build (chain slots, batch size, root encoding).
	Malformed,
	/// The rebuilt trees do not have the recorded root: the snapshot is corrupt.
	RootMismatch,
}

impl core::fmt::Display for SnapshotError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			Self::OpenBatchNotEmpty => write!(f, "the open batch is not empty; seal it first"),
			Self::Version(v) => {
				write!(f, "snapshot format version {v}, this build reads {SNAPSHOT_VERSION}")
			}
			Self::Malformed => write!(f, "the snapshot does not fit this build"),
			Self::RootMismatch => write!(f, "the rebuilt state root differs from the recorded one"),
		}
	}
}

impl State {
	/// The flat state between batches; refused while the open batch holds operations.
	pub fn snapshot(&self) -> Result<Snapshot, SnapshotError> {
		if !self.open.ops.is_empty() || self.open.chunks != 0 || !self.open.fees.is_empty() {
			return Err(SnapshotError::OpenBatchNotEmpty);
		}
		Ok(Snapshot {
			version: SNAPSHOT_VERSION,
			registry: self.registry.clone(),
			fee_per_chunk: self.config.fees.per_chunk.clone(),
			batch_chunks: u32::try_from(self.config.batch_chunks)
				.map_err(|_| SnapshotError::Malformed)?,
			accounts: self.accounts.iter().map(|(id, a)| (*id, a.clone())).collect(),
			by_address: self.by_address.iter().map(|(a, id)| (*a, *id)).collect(),
			next_account_id: self.next_account_id,
			last_batch: self.last_batch,
			last_root: field::to_be_bytes(&self.last_root),
			next_serial: self.next_serial.to_vec(),
			onchain_approvals: self.onchain_approvals.iter().map(|(k, v)| (*k, *v)).collect(),
		})
	}

	/// Rebuilds the state a [`Snapshot`] describes, trees included, and checks its root.
	pub fn from_snapshot(snapshot: Snapshot) -> Result<Self, SnapshotError> {
		if snapshot.version != SNAPSHOT_VERSION {
			return Err(SnapshotError::Version(snapshot.version));
		}
		let next_serial: [u64; MAX_CHAINS as usize] =
			snapshot.next_serial.try_into().map_err(|_| SnapshotError::Malformed)?;
		let last_root =
			field::from_be_bytes(&snapshot.last_root).ok_or(SnapshotError::Malformed)?;
		let batch_chunks =
			usize::try_from(snapshot.batch_chunks).map_err(|_| SnapshotError::Malformed)?;
		let config =
			ExecutorConfig { fees: FeePolicy { per_chunk: snapshot.fee_per_chunk }, batch_chunks };
		let mut state = State::genesis(snapshot.registry, config);
		for (id, account) in snapshot.accounts {
			let tokens: Vec<TokenId> = account.balances.keys().copied().collect();
			state.accounts.insert(id, account);
			state.touch(id, &tokens);
		}
		state.by_address = snapshot.by_address.into_iter().collect();
		state.next_account_id = snapshot.next_account_id;
		state.last_batch = snapshot.last_batch;
		state.next_serial = next_serial;
		state.onchain_approvals = snapshot.onchain_approvals.into_iter().collect();
		if state.root() != last_root {
			return Err(SnapshotError::RootMismatch);
		}
		state.last_root = last_root;
		Ok(state)
	}
}
