//! # The prover's native replica
//!
//! The appchain keeps flat L2 state without trees; a prover keeps the whole native
//! [`State`] (trees included) and follows the sealed batches: it replays each batch's pubdata,
//! seals it at the batch's circuit size and timestamp, checks that the result is the batch the
//! chain sealed (pubdata and on-chain hashes), attaches the chain's L2 signatures, builds the
//! block witness and proves it. The state after each batch is written to disk as a
//! [`Snapshot`](polylink_primitives::snapshot::Snapshot) (atomically: a temporary file, then a
//! rename), so a restarted prover continues from the last batch it finished.
//!
//! [`Replica::apply`] changes nothing; [`Replica::commit`] makes an applied batch the replica's
//! state and persists it. A caller proves between the two, so a crash while proving leaves the
//! replica before the batch, and the batch is proven again after the restart.

use std::{
	fs,
	path::{Path, PathBuf},
	time::Duration,
};

use bls12_381::Bls12;
use groth16::{Parameters, Proof};
use parity_scale_codec::{Decode, Encode};
use polylink_primitives::{
	executor::{Batch, SealError},
	field,
	recovery::ReplayError,
	signature::TxSignature,
	snapshot::{Snapshot, SnapshotError},
	state::State,
};

use crate::{
	block::{
		witness::{self, WitnessError},
		BlockCircuit,
	},
	files::{write_atomically, WriteError},
	prover::{self, ProveError},
};

/// A batch as the appchain sealed it: its header fields, pubdata and signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SealedBatch {
	/// The batch number.
	pub number: u64,
	/// The sealed timestamp (seconds).
	pub timestamp: u64,
	/// The circuit size it was sealed for, in chunks.
	pub chunks: usize,
	/// `sha256(pubdata)`, from the header.
	pub pubdata_hash: [u8; 32],
	/// `sha256(onchain_data)`, from the header.
	pub onchain_hash: [u8; 32],
	/// The padded pubdata.
	pub pubdata: Vec<u8>,
	/// The L2 signature of every operation, in order.
	pub signatures: Vec<Option<TxSignature>>,
}

/// Why the replica could not follow or prove a batch.
#[derive(Debug, thiserror::Error)]
pub enum ReplicaError {
	/// The snapshot file could not be read or written.
	#[error("{action} {}: {source}", path.display())]
	Io {
		/// What was being done.
		action: &'static str,
		/// The file.
		path: PathBuf,
		/// The cause.
		source: std::io::Error,
	},
	/// The snapshot file does not decode.
	#[error("the replica snapshot {} does not decode: {reason}; remove it to rebuild from genesis", path.display())]
	Decode {
		/// The decoder's complaint.
		reason: String,
		/// The file.
		path: PathBuf,
	},
	/// The snapshot does not restore.
	#[error("the replica snapshot does not restore: {0}")]
	Snapshot(SnapshotError),
	/// The batch is not the one after the replica's last.
	#[error("the replica is at batch {at}; batch {got} is not the next")]
	OutOfOrder {
		/// The replica's last batch.
		at: u64,
		/// The batch offered.
		got: u64,
	},
	/// The pubdata contradicts the replica's state.
	#[error("batch {batch}'s pubdata does not replay: {error:?}")]
	Replay {
		/// The batch.
		batch: u64,
		/// Why.
		error: ReplayError,
	},
	/// The replayed batch does not seal at its size.
	#[error("batch {batch} does not seal: {error:?}")]
	Seal {
		/// The batch.
		batch: u64,
		/// Why.
		error: SealError,
	},
	/// The replica's batch differs from the chain's.
	#[error("batch {batch}: the replica's {what} differs from the chain's; the replica diverged")]
	Diverged {
		/// The batch.
		batch: u64,
		/// What differs.
		what: &'static str,
	},
	/// The witness could not be built.
	#[error("batch {batch}'s witness: {error}")]
	Witness {
		/// The batch.
		batch: u64,
		/// Why.
		error: WitnessError,
	},
	/// Proving failed.
	#[error("batch {batch}: {error}")]
	Prove {
		/// The batch.
		batch: u64,
		/// Why.
		error: ProveError,
	},
}

/// A batch applied to a copy of the replica's state, not yet committed.
#[derive(Clone, Debug)]
pub struct Applied {
	/// The state before the batch (the witness is built from it).
	pub before: State,
	/// The state after it.
	pub after: State,
	/// The batch as the replica sealed it, with the chain's signatures.
	pub batch: Batch,
}

impl Applied {
	/// The state root after the batch, 32 bytes big-endian.
	pub fn new_root(&self) -> [u8; 32] {
		field::to_be_bytes(&self.batch.new_root)
	}

	/// Proves the batch with the parameters of its circuit size.
	///
	/// Not generic over the randomness: a generic prover is instantiated in the calling crate and
	/// compiled with its optimisation level, and an unoptimised binary (the node in the test
	/// profile) then proves about 2.5 times slower than this crate does.
	pub fn prove(
		&self,
		params: &Parameters<Bls12>,
		rng: &mut rand::rngs::StdRng,
	) -> Result<(Proof<Bls12>, Duration), ReplicaError> {
		let number = self.batch.number;
		let chunks = self.batch.pubdata.len() / polylink_primitives::params::CHUNK_BYTES;
		let witness = witness::build(&self.before, &self.batch, chunks)
			.map_err(|error| ReplicaError::Witness { batch: number, error })?;
		let circuit = BlockCircuit { chunks, witness: Some(witness) };
		prover::prove_timed(params, circuit, rng)
			.map_err(|error| ReplicaError::Prove { batch: number, error })
	}
}

/// The native state a prover follows the chain with, persisted after every batch.
#[derive(Debug)]
pub struct Replica {
	state: State,
	path: PathBuf,
}

impl Replica {
	/// Opens the replica persisted at `path`, or starts from `genesis` when there is no file.
	pub fn open(path: &Path, genesis: impl FnOnce() -> State) -> Result<Self, ReplicaError> {
		let state = match fs::read(path) {
			Ok(bytes) => {
				let snapshot = Snapshot::decode(&mut &bytes[..]).map_err(|e| {
					ReplicaError::Decode { reason: e.to_string(), path: path.to_owned() }
				})?;
				State::from_snapshot(snapshot).map_err(ReplicaError::Snapshot)?
			}
			Err(e) if e.kind() == std::io::ErrorKind::NotFound => genesis(),
			Err(source) => {
				return Err(ReplicaError::Io { action: "reading", path: path.to_owned(), source })
			}
		};
		Ok(Self { state, path: path.to_owned() })
	}

	/// The last batch the replica applied (0 at genesis).
	pub fn last_batch(&self) -> u64 {
		self.state.last_batch()
	}

	/// The state root after the last batch, 32 bytes big-endian.
	pub fn root(&self) -> [u8; 32] {
		field::to_be_bytes(&self.state.last_batch_root())
	}

	/// The replica's state.
	pub fn state(&self) -> &State {
		&self.state
	}

	/// Applies `sealed` to a copy of the state and checks that it seals to the chain's batch.
	pub fn apply(&self, sealed: &SealedBatch) -> Result<Applied, ReplicaError> {
		let at = self.last_batch();
		let batch_number = sealed.number;
		if batch_number != at + 1 {
			return Err(ReplicaError::OutOfOrder { at, got: batch_number });
		}
		let before = self.state.clone();
		let mut after = self.state.clone();
		after
			.replay_pubdata(&sealed.pubdata)
			.map_err(|error| ReplicaError::Replay { batch: batch_number, error })?;
		let mut batch = after
			.seal_batch_sized(sealed.timestamp, sealed.chunks)
			.map_err(|error| ReplicaError::Seal { batch: batch_number, error })?;
		let diverged = |what| ReplicaError::Diverged { batch: batch_number, what };
		if batch.pubdata_hash != sealed.pubdata_hash {
			return Err(diverged("pubdata hash"));
		}
		if batch.onchain_hash != sealed.onchain_hash {
			return Err(diverged("on-chain data hash"));
		}
		if sealed.signatures.len() != batch.ops.len() {
			return Err(diverged("operation count (signatures)"));
		}
		batch.signatures = sealed.signatures.clone();
		Ok(Applied { before, after, batch })
	}

	/// Makes `applied` the replica's state and writes it to disk.
	pub fn commit(&mut self, applied: Applied) -> Result<(), ReplicaError> {
		let snapshot = applied.after.snapshot().map_err(ReplicaError::Snapshot)?;
		write_atomically(&self.path, &snapshot.encode()).map_err(
			|WriteError { action, path, source }| ReplicaError::Io { action, path, source },
		)?;
		self.state = applied.after;
		Ok(())
	}
}
