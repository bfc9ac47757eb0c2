//! `polylink recover`: the L2 state rebuilt from the DA chain's commit calldata alone (DESIGN
//! §5), with no appchain, no operator and no signature: every batch the contract synced, in
//! order, replayed from the full pubdata its `commitBatches` call carried, sealed again and
//! checked against the commitment the contract recorded; the final root against the contract's
//! `lastSyncedRoot`. Resumable: the state is saved (a SCALE snapshot) every
//! [`SAVE_EVERY`] batches and at the end, and a later run continues from it. With an `until`
//! batch it stops there: the state another chain's exits need when that chain synced less than
//! the DA chain (each chain's exits are against the root it synced last).

use std::path::Path;

use alloy_primitives::{Address, FixedBytes, TxHash};
use alloy_sol_types::SolCall;
use parity_scale_codec::{Decode, Encode};
use polylink_l1_bindings::{IRollup, Rollup};
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

/// How often a long recovery reports its progress (besides its first and last batch).
const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

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
	/// The batch to stop at is not one the DA chain synced.
	#[error(
		"batch {until} is not synced on the DA chain (it synced batches 1..={synced}): recover to \
		 a synced batch"
	)]
	NotSynced {
		/// The batch asked for.
		until: u64,
		/// The DA chain's last synced batch.
		synced: u64,
	},
	/// The saved state is already past the batch to stop at.
	#[error(
		"the saved state {path} is at batch {at}, past batch {until}: recover into another file \
		 (--state)"
	)]
	PastUntil {
		/// The file.
		path: String,
		/// Its batch.
		at: u64,
		/// The batch asked for.
		until: u64,
	},
	/// The contract's `liveChains` is not a set of chains.
	#[error("the contract's liveChains ({0:#b}) is not a set of chains 1..=4: is it a rollup?")]
	LiveChains(u8),
	/// There is no saved state to read.
	#[error("no recovered state at {0}: recover it first (polylink recover --da-chain <rpc>)")]
	NoState(String),
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

/// The registry a replica needs: the deployment's live chains (the commitment binds them);
/// `None` when `live` is not a chain set.
fn replica_registry(live: u8) -> Option<Registry> {
	let mut registry = Registry::default();
	for chain in LiveChains::from_bits(live)?.iter() {
		registry.chains.insert(chain, ChainInfo { evm_chain_id: 0, contract: Default::default() });
	}
	Some(registry)
}

/// Replays batch `n` from its committed pubdata into `state`, seals it at `timestamp` and
/// `chunks`, and checks it against the commitment the contract `recorded`; returns its
/// operation count. On error `state` is to be discarded.
fn replay_batch(
	state: &mut State,
	n: u64,
	pubdata: &[u8],
	timestamp: u64,
	chunks: u32,
	recorded: FixedBytes<32>,
) -> Result<usize, RecoverError> {
	let expected = chunks as usize * CHUNK_BYTES;
	if pubdata.len() != expected {
		return Err(RecoverError::NoPubdata { batch: n, got: pubdata.len(), expected });
	}
	state
		.replay_pubdata(pubdata)
		.map_err(|e| RecoverError::Inconsistent { batch: n, error: format!("{e:?}") })?;
	let batch = state
		.seal_batch_sized(timestamp, chunks as usize)
		.map_err(|e| RecoverError::Inconsistent { batch: n, error: format!("{e:?}") })?;
	if FixedBytes(batch.commitment) != recorded {
		return Err(RecoverError::Diverged {
			batch: n,
			replayed: FixedBytes(batch.commitment),
			recorded,
		});
	}
	Ok(batch.ops.len())
}

/// Rebuilds the state from the DA chain's contract `contract` up to its last synced batch, or up
/// to batch `until` when given, continuing from (and saving to) `saved`; `progress` hears about
/// the first and the last batch and, between them, at most one a second. At the contract's last
/// synced batch the root is checked against its `lastSyncedRoot`; at an earlier one every
/// batch's commitment (which binds its new root) was.
pub fn recover(
	l1: &L1,
	contract: Address,
	saved: &Path,
	until: Option<u64>,
	progress: impl Fn(String),
) -> Result<Recovered, RecoverError> {
	let live: u8 = l1.view(contract, Rollup::liveChainsCall {})?;
	let synced: u64 = l1.view(contract, Rollup::totalSyncedCall {})?;
	let synced_root = l1.view(contract, Rollup::lastSyncedRootCall {})?;
	let target = match until {
		Some(until) if until == 0 || until > synced => {
			return Err(RecoverError::NotSynced { until, synced })
		}
		Some(until) => until,
		None => synced,
	};
	let registry = replica_registry(live).ok_or(RecoverError::LiveChains(live))?;
	let mut state = load(saved, &registry)?;
	if state.last_batch() > target {
		return Err(RecoverError::PastUntil {
			path: saved.display().to_string(),
			at: state.last_batch(),
			until: target,
		});
	}
	let from = state.last_batch() + 1;
	if from > target {
		progress(format!("the saved state is at batch {}: nothing to replay", state.last_batch()));
	} else {
		progress(format!("reading the commits of batches {from}..={target}"));
	}
	let commits = l1.batch_commits(contract)?;
	let started = std::time::Instant::now();
	let mut last_said = started;
	let mut replayed = 0;
	// One commit transaction usually carries several batches: decode each once.
	let mut last: Option<(TxHash, Vec<IRollup::CommitBatchInfo>)> = None;
	for n in from..=target {
		let (tx, recorded) = *commits.get(&n).ok_or(RecoverError::Missing(n))?;
		if last.as_ref().map(|(hash, _)| *hash) != Some(tx) {
			let input = l1.transaction_input(tx)?;
			let call = Rollup::commitBatchesCall::abi_decode(&input)
				.map_err(|_| RecoverError::NotACommit { batch: n, tx })?;
			last = Some((tx, call.batches));
		}
		let (_, batches) = last.as_ref().expect("the commit transaction was decoded above");
		let info = batches
			.iter()
			.find(|b| b.batchNumber == n)
			.ok_or(RecoverError::NotACommit { batch: n, tx })?;
		let ops =
			replay_batch(&mut state, n, &info.pubdata, info.timestamp, info.chunks, recorded)?;
		replayed += 1;
		let left = target - n;
		// A line for the first and the last batch and at most one a second between them.
		if replayed == 1 || left == 0 || last_said.elapsed() >= PROGRESS_EVERY {
			last_said = std::time::Instant::now();
			let eta = started.elapsed().as_secs_f64() / replayed as f64 * left as f64;
			progress(format!(
				"batch {n}/{target} ({:.0}%): {ops} operations, commitment matches{}",
				n as f64 * 100.0 / target as f64,
				if left > 0 { format!("; about {eta:.0} s left") } else { String::new() }
			));
		}
		if n % SAVE_EVERY == 0 {
			save(saved, &state)?;
		}
	}
	if target == synced {
		let root = FixedBytes(field::to_be_bytes(&state.last_batch_root()));
		if root != synced_root {
			return Err(RecoverError::WrongRoot { recovered: root, synced: synced_root });
		}
	}
	save(saved, &state)?;
	Ok(Recovered { state, replayed })
}

/// The state `polylink recover` saved at `path`.
pub fn saved_state(path: &Path) -> Result<State, RecoverError> {
	let bad = |message: String| RecoverError::Saved { path: path.display().to_string(), message };
	let bytes = std::fs::read(path).map_err(|e| match e.kind() {
		std::io::ErrorKind::NotFound => RecoverError::NoState(path.display().to_string()),
		_ => bad(e.to_string()),
	})?;
	let snapshot = Snapshot::decode(&mut &bytes[..]).map_err(|e| bad(e.to_string()))?;
	State::from_snapshot(snapshot).map_err(|e| bad(e.to_string()))
}

/// The saved state, or the genesis state when there is none (a file that exists but cannot be
/// read is an error, never a reason to start over).
fn load(path: &Path, registry: &Registry) -> Result<State, RecoverError> {
	let state = match saved_state(path) {
		Err(RecoverError::NoState(_)) => {
			let config = ExecutorConfig { fees: Default::default(), batch_chunks: 8 };
			return Ok(State::genesis(registry.clone(), config));
		}
		loaded => loaded?,
	};
	if state.registry().live_chains() != registry.live_chains() {
		return Err(RecoverError::Saved {
			path: path.display().to_string(),
			message: "it belongs to a deployment with other live chains".into(),
		});
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
		let registry = replica_registry(0b0101).expect("a chain set");
		assert_eq!(registry.chains.keys().copied().collect::<Vec<_>>(), [ChainId(1), ChainId(3)]);
		assert_eq!(registry.live_chains().bits(), 0b0101);
		assert!(replica_registry(0b1_0000).is_none(), "chain 5 does not exist");
	}

	/// A batch of one deposit, sealed at 8 chunks, as the DA chain's commit carries it: the
	/// genesis state it starts from, its padded pubdata and its commitment.
	fn one_deposit() -> (State, Vec<u8>, FixedBytes<32>) {
		use polylink_primitives::{
			account::AccountId, eth::L1Address, pubdata::Op, token::TokenId,
		};
		let registry = replica_registry(0b11).expect("a chain set");
		let genesis = load(Path::new("/nonexistent/polylink-state"), &registry).expect("genesis");
		let deposit = Op::Deposit {
			chain: ChainId(2),
			account: AccountId(5),
			token: TokenId(1),
			amount: 1_000_000_000_000_000_000,
			to: L1Address([0x11; 20]),
		};
		let mut sealer = genesis.clone();
		sealer.replay_op(&deposit).expect("a deposit replays");
		let batch = sealer.seal_batch_sized(1_700_000_000, 8).expect("sealed");
		(genesis, batch.pubdata, FixedBytes(batch.commitment))
	}

	#[test]
	fn a_committed_batch_replays_to_its_commitment() {
		let (mut state, pubdata, commitment) = one_deposit();
		assert_eq!(
			replay_batch(&mut state, 1, &pubdata, 1_700_000_000, 8, commitment).ok(),
			Some(1)
		);
		assert_eq!(
			state.reserve(ChainId(2), polylink_primitives::token::TokenId(1)),
			1_000_000_000_000_000_000
		);
	}

	#[test]
	fn calldata_that_disagrees_with_the_contract_is_refused_naming_the_batch() {
		let (genesis, pubdata, commitment) = one_deposit();
		let check = |pubdata: &[u8], timestamp: u64, chunks: u32, recorded| {
			replay_batch(&mut genesis.clone(), 7, pubdata, timestamp, chunks, recorded)
				.err()
				.map(|e| e.to_string())
				.unwrap_or_else(|| panic!("accepted"))
		};
		// A relayer's altered amount (bytes 8..24: code, chain, account, token come first): the
		// replay seals another commitment.
		let mut altered = pubdata.clone();
		altered[20] ^= 1;
		assert!(check(&altered, 1_700_000_000, 8, commitment)
			.starts_with("batch 7 replays to commitment"));
		// The right pubdata against another recorded commitment, or another timestamp.
		let other = FixedBytes([7; 32]);
		assert!(check(&pubdata, 1_700_000_000, 8, other).contains("the contract recorded"));
		assert!(check(&pubdata, 1_700_000_001, 8, commitment).contains("the contract recorded"));
		// A compressed commit (no pubdata), a truncated one, one claiming another size.
		assert!(check(&[], 1_700_000_000, 8, commitment).contains("is this the DA chain?"));
		assert!(check(&pubdata[..pubdata.len() - 18], 1_700_000_000, 8, commitment)
			.contains("is this the DA chain?"));
		assert!(check(&pubdata, 1_700_000_000, 1, commitment).contains("is this the DA chain?"));
		// Pubdata no proof could back: a deposit opening a system account.
		let mut system = pubdata.clone();
		system[2..6].copy_from_slice(&[0, 0, 0, 0]);
		assert!(check(&system, 1_700_000_000, 8, commitment).starts_with("batch 7 does not replay"));
	}

	#[test]
	fn a_saved_state_that_cannot_be_read_is_an_error_not_a_fresh_start() {
		let dir = std::env::temp_dir().join(format!("polylink-recover-dir-{}", std::process::id()));
		std::fs::create_dir_all(&dir).expect("a folder");
		let registry = replica_registry(0b11).expect("a chain set");
		let Err(error) = load(&dir, &registry) else { panic!("a folder loaded as genesis") };
		assert!(error.to_string().contains("delete it to start over"), "{error}");
		let _ = std::fs::remove_dir_all(&dir);
	}

	#[test]
	fn a_saved_state_round_trips_and_another_deployments_is_refused() {
		let dir = std::env::temp_dir().join(format!("polylink-recover-{}", std::process::id()));
		let path = dir.join("state.scale");
		let registry = replica_registry(0b11).expect("a chain set");
		let genesis = load(&path, &registry).expect("genesis without a file");
		save(&path, &genesis).expect("saved");
		let again = load(&path, &registry).expect("loaded");
		assert_eq!(again.last_batch_root(), genesis.last_batch_root());
		let Err(other) = load(&path, &replica_registry(0b1).expect("a chain set")) else {
			panic!("another deployment's state was loaded")
		};
		assert!(other.to_string().contains("other live chains"), "{other}");
		std::fs::write(&path, b"garbage").expect("written");
		assert!(matches!(load(&path, &registry), Err(RecoverError::Saved { .. })));
		let _ = std::fs::remove_dir_all(dir);
	}
}
