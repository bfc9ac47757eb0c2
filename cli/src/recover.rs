//! `polylink recover`: the L2 state rebuilt from the DA chain's commit calldata alone (DESIGN
//! §5), with no appchain, no operator and no signature: every batch the contract synced, in
//! order, replayed from the full pubdata its `commitBatches` call carried, sealed again and
//! checked against the commitment the contract recorded; the final root against the contract's
//! `lastSyncedRoot`. Resumable: the state is saved (a SCALE snapshot) every
//! [`SAVE_EVERY`] batches and at the end, and a later run continues from it.

use std::path::Path;

use alloy_primitives::{Address, FixedBytes, TxHash};
use alloy_sol_types::SolCall;
use parity_scale_codec::{Decode, Encode};
use polylink_l1_bindings::Rollup;
use polylink_primitives::{
	chain::{ChainInfo, LiveChains},
	field,
	params::CHUNK_BYTES,
	snapshot::Snapshot,
	state::{ExecutorConfig, State},
	token::Registry,
};

use crate::{L1Error, L1};

/// How often (in batches) a long recovery saves its progress.
pub const SAVE_EVERY: u64 = 100;

/// Why the state could not be recovered.
#[derive(Debug, thiserror::Error)]
pub enum RecoverError {
	/// The L1 endpoint failed or the contract refused a view.
	#[error(transparent)]
	L1(#[from] L1Error),
	/// The contract recorded no commit event for a batch it counts.
	#[error("batch {0} is counted by the contract but no BatchCommitted event names it")]
	Missing(u64),
	/// The commit transaction does not carry the batch's full pubdata.
	#[error(
		"batch {batch}'s commit carries {got} bytes of pubdata, not {expected}: is this the DA \
		 chain? (only its commits carry the full pubdata)"
	)]
	NoPubdata {
		/// The batch.
		batch: u64,
		/// Bytes found.
		got: usize,
		/// Bytes its chunks need.
		expected: usize,
	},
	/// The commit transaction's input is not a `commitBatches` call holding the batch.
	#[error("batch {batch}'s commit transaction {tx} is not a commitBatches call holding it")]
	NotACommit {
		/// The batch.
		batch: u64,
		/// The transaction.
		tx: TxHash,
	},
	/// The pubdata contradicts the state rebuilt so far.
	#[error("batch {batch} does not replay: {error}")]
	Inconsistent {
		/// The batch.
		batch: u64,
		/// What contradicted, in words.
		error: String,
	},
	/// The replayed batch seals to another commitment than the contract recorded.
	#[error(
		"batch {batch} replays to commitment {replayed}, but the contract recorded {recorded}: \
		 the calldata and the contract disagree"
	)]
	Diverged {
		/// The batch.
		batch: u64,
		/// What the replay sealed.
		replayed: FixedBytes<32>,
		/// What the contract recorded.
		recorded: FixedBytes<32>,
	},
	/// The state after the last synced batch is not the contract's synced root.
	#[error("the recovered root {recovered} is not the contract's lastSyncedRoot {synced}")]
	WrongRoot {
		/// The recovered root.
		recovered: FixedBytes<32>,
		/// The contract's.
		synced: FixedBytes<32>,
	},
	/// The saved state cannot be used.
	#[error("the saved state {path}: {message} (delete it to start over)")]
	Saved {
		/// The file.
		path: String,
		/// What is wrong.
		message: String,
	},
}

/// The outcome: the state after the contract's last synced batch.
pub struct Recovered {
	/// The rebuilt state.
	pub state: State,
	/// Batches replayed by this run (the rest came from the saved state).
	pub replayed: u64,
}

/// The registry a replica needs: the deployment's live chains (the commitment binds them).
fn replica_registry(live: u8) -> Registry {
	let mut registry = Registry::default();
	let set = LiveChains::from_bits(live).unwrap_or_else(|| LiveChains::of([]));
	for chain in set.iter() {
		registry.chains.insert(chain, ChainInfo { evm_chain_id: 0, contract: Default::default() });
	}
	registry
}

/// Rebuilds the state from the DA chain's contract `contract` up to its last synced batch,
/// continuing from (and saving to) `saved`; `progress` hears about every batch.
pub fn recover(
	l1: &L1,
	contract: Address,
	saved: &Path,
	progress: impl Fn(String),
) -> Result<Recovered, RecoverError> {
	let live: u8 = l1.view(contract, Rollup::liveChainsCall {})?;
	let synced: u64 = l1.view(contract, Rollup::totalSyncedCall {})?;
	let synced_root = l1.view(contract, Rollup::lastSyncedRootCall {})?;
	let registry = replica_registry(live);
	let mut state = load(saved, &registry)?;
	let from = state.last_batch() + 1;
	if from > synced {
		progress(format!("the saved state is at batch {}: nothing to replay", state.last_batch()));
	} else {
		progress(format!("reading the commits of batches {from}..={synced}"));
	}
	let commits = l1.batch_commits(contract)?;
	let mut replayed = 0;
	for n in from..=synced {
		let (tx, recorded) = *commits.get(&n).ok_or(RecoverError::Missing(n))?;
		let input = l1.transaction_input(tx)?;
		let call = Rollup::commitBatchesCall::abi_decode(&input)
			.map_err(|_| RecoverError::NotACommit { batch: n, tx })?;
		let info = call
			.batches
			.into_iter()
			.find(|b| b.batchNumber == n)
			.ok_or(RecoverError::NotACommit { batch: n, tx })?;
		let expected = info.chunks as usize * CHUNK_BYTES;
		if info.pubdata.len() != expected {
			return Err(RecoverError::NoPubdata { batch: n, got: info.pubdata.len(), expected });
		}
		state
			.replay_pubdata(&info.pubdata)
			.map_err(|e| RecoverError::Inconsistent { batch: n, error: format!("{e:?}") })?;
		let batch = state
			.seal_batch_sized(info.timestamp, info.chunks as usize)
			.map_err(|e| RecoverError::Inconsistent { batch: n, error: format!("{e:?}") })?;
		if FixedBytes(batch.commitment) != recorded {
			return Err(RecoverError::Diverged {
				batch: n,
				replayed: FixedBytes(batch.commitment),
				recorded,
			});
		}
		replayed += 1;
		progress(format!("batch {n}/{synced}: {} operations, root matches", batch.ops.len()));
		if n % SAVE_EVERY == 0 {
			save(saved, &state)?;
		}
	}
	let root = FixedBytes(field::to_be_bytes(&state.last_batch_root()));
	if root != synced_root {
		return Err(RecoverError::WrongRoot { recovered: root, synced: synced_root });
	}
	save(saved, &state)?;
	Ok(Recovered { state, replayed })
}

/// The saved state, or the genesis state when there is none.
fn load(path: &Path, registry: &Registry) -> Result<State, RecoverError> {
	let bad = |message: String| RecoverError::Saved { path: path.display().to_string(), message };
	let Ok(bytes) = std::fs::read(path) else {
		let config = ExecutorConfig { fees: Default::default(), batch_chunks: 8 };
		return Ok(State::genesis(registry.clone(), config));
	};
	let snapshot = Snapshot::decode(&mut &bytes[..]).map_err(|e| bad(e.to_string()))?;
	let state = State::from_snapshot(snapshot).map_err(|e| bad(e.to_string()))?;
	if state.registry().live_chains() != registry.live_chains() {
		return Err(bad("it belongs to a deployment with other live chains".into()));
	}
	Ok(state)
}

/// Saves `state` at `path` (a temporary file, then a rename: never half written).
fn save(path: &Path, state: &State) -> Result<(), RecoverError> {
	let bad = |message: String| RecoverError::Saved { path: path.display().to_string(), message };
	let snapshot = state.snapshot().map_err(|e| bad(e.to_string()))?;
	if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
		std::fs::create_dir_all(dir).map_err(|e| bad(e.to_string()))?;
	}
	let tmp = path.with_extension("tmp");
	std::fs::write(&tmp, snapshot.encode()).map_err(|e| bad(e.to_string()))?;
	std::fs::rename(&tmp, path).map_err(|e| bad(e.to_string()))
}

/// The recovered accounts as JSON: `[{id, owner, balances: {token: amount}}]` (amounts in L2
/// units, decimal strings).
pub fn accounts_json(state: &State) -> serde_json::Value {
	let accounts: Vec<serde_json::Value> = state
		.accounts()
		.map(|(id, account)| {
			let balances: serde_json::Map<String, serde_json::Value> = account
				.balances
				.iter()
				.map(|(token, amount)| (token.0.to_string(), amount.to_string().into()))
				.collect();
			serde_json::json!({
				"id": id.0,
				"owner": format!("0x{}", hex::encode(account.l1_address.0)),
				"balances": balances,
			})
		})
		.collect();
	serde_json::Value::Array(accounts)
}

#[cfg(test)]
mod tests {
	use super::*;
	use polylink_primitives::chain::ChainId;

	#[test]
	fn the_replica_registry_holds_exactly_the_live_chains() {
		let registry = replica_registry(0b0101);
		assert_eq!(registry.chains.keys().copied().collect::<Vec<_>>(), [ChainId(1), ChainId(3)]);
		assert_eq!(registry.live_chains().bits(), 0b0101);
	}

	#[test]
	fn a_saved_state_round_trips_and_another_deployments_is_refused() {
		let dir = std::env::temp_dir().join(format!("polylink-recover-{}", std::process::id()));
		let path = dir.join("state.scale");
		let registry = replica_registry(0b11);
		let genesis = load(&path, &registry).expect("genesis without a file");
		save(&path, &genesis).expect("saved");
		let again = load(&path, &registry).expect("loaded");
		assert_eq!(again.last_batch_root(), genesis.last_batch_root());
		let Err(other) = load(&path, &replica_registry(0b1)) else {
			panic!("another deployment's state was loaded")
		};
		assert!(other.to_string().contains("other live chains"), "{other}");
		std::fs::write(&path, b"garbage").expect("written");
		assert!(matches!(load(&path, &registry), Err(RecoverError::Saved { .. })));
		let _ = std::fs::remove_dir_all(dir);
	}
}
