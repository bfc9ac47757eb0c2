//! The native prover service (`--prover`): the node side of the prover's off-chain worker
//! (`pallet-polylink-prover`).
//!
//! The service keeps a native replica of the L2 state ([`polylink_circuits::replica`]), persisted
//! after every batch under the chain's folder (`<base-path>/chains/<id>/prover/replica.scale`).
//! It reads the worker's prove requests from the node's persistent offchain storage, applies each
//! sealed batch to the replica in order, proves the ones not proven yet with bellman on every core
//! (outside the runtime, on a blocking thread), checks the proof against its own verifying key,
//! and writes the proof record the worker submits on chain. It follows finality: the worker
//! writes requests from best blocks, and a request is applied only once a finalized block sealed
//! the same batch ([`gate`]), so an appchain reorg can neither poison the replica nor make the
//! node prove (and pay for) a batch the chain left. Restarts are safe: the replica is
//! written only after the batch's proof record, so a node killed while proving proves that batch
//! again when it comes back, and a proof record already written is not proven twice.
//!
//! Progress and timings go to the log (target `polylink::prover`) and to Prometheus
//! (`polylink_prover_*`).

use pallet_polylink_prover::offchain::{self, ProofRecord, ProveRequest};
use parity_scale_codec::{Decode, Encode};
use polkadot_sdk::{
	sp_core::offchain::OffchainStorage,
	sp_offchain::STORAGE_PREFIX,
	substrate_prometheus_endpoint::{register, Counter, Gauge, PrometheusError, Registry, U64},
};
use polylink_circuits::{
	block::BlockCircuit,
	dev_keys::is_dev_key,
	encoding::{proof_to_eip2537, vk_hash, vk_to_bytes},
	params::{load_ceremony, load_or_generate, seconds},
	prover::verify,
	replica::{Replica, SealedBatch},
};
use polylink_primitives::{commitment::commitment_to_field, state::State};
use std::{collections::HashMap, path::PathBuf, sync::Arc, time::Duration};

/// The log target of the service.
const LOG: &str = "polylink::prover";

/// How often the service looks for a new request.
const POLL: Duration = Duration::from_millis(500);

/// Where the prover's Groth16 parameters come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeySource {
	/// The insecure dev parameters (public seed), derived and cached when missing: development
	/// and local chains only.
	Dev,
	/// A ceremony's files, read and never generated; dev keys are refused.
	Ceremony,
}

/// The finalized chain's sealed batch `n`, `None` while no finalized block sealed it.
pub type FinalizedBatches = Box<dyn Fn(u64) -> Result<Option<FinalizedBatch>, String> + Send>;

/// A sealed batch as the finalized chain holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FinalizedBatch {
	/// The sealed timestamp.
	pub timestamp: u64,
	/// The circuit size, in chunks.
	pub chunks: u32,
	/// `sha256(pubdata)`.
	pub pubdata_hash: [u8; 32],
	/// `sha256(onchain_data)`.
	pub onchain_hash: [u8; 32],
	/// The proven state root after the batch, once a finalized block holds its proof.
	pub proven_root: Option<[u8; 32]>,
}

/// What the service does with a prove request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
	/// No finalized block sealed the batch yet: wait.
	Wait,
	/// The finalized chain sealed another batch under this number: the request is from a fork
	/// the chain left; wait for the worker to rewrite it.
	Forked,
	/// Apply it (and prove it unless the finalized chain holds its proof: then check the root).
	Apply {
		/// The finalized proven root, if any.
		proven_root: Option<[u8; 32]>,
	},
}

/// Decides what to do with `request` given the finalized chain's batch of that number.
pub fn gate(request: &ProveRequest, finalized: Option<&FinalizedBatch>) -> Gate {
	match finalized {
		None => Gate::Wait,
		Some(f)
			if f.timestamp != request.timestamp
				|| f.chunks != request.chunks
				|| f.pubdata_hash != request.pubdata_hash
				|| f.onchain_hash != request.onchain_hash =>
		{
			Gate::Forked
		}
		Some(f) => Gate::Apply { proven_root: f.proven_root },
	}
}

/// Where the service keeps its files, and what it proves for.
pub struct ProverOptions {
	/// The Groth16 parameters folder.
	pub params_dir: PathBuf,
	/// Which parameters the chain allows.
	pub keys: KeySource,
	/// The verifying-key hash the chain registers for each circuit size (`KeyForChunks`): the
	/// prover's parameters must have exactly these keys.
	pub registered: HashMap<usize, [u8; 32]>,
	/// The replica's snapshot file.
	pub replica_path: PathBuf,
	/// The finalized chain's sealed batches.
	pub finalized: FinalizedBatches,
}

/// The service's Prometheus metrics.
#[derive(Clone)]
struct Metrics {
	replica_batch: Gauge<U64>,
	proofs: Counter<U64>,
	last_prove_ms: Gauge<U64>,
}

impl Metrics {
	fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			replica_batch: register(
				Gauge::new("polylink_prover_replica_batch", "The last batch the replica applied")?,
				registry,
			)?,
			proofs: register(
				Counter::new("polylink_prover_proofs_total", "Batches this node proved")?,
				registry,
			)?,
			last_prove_ms: register(
				Gauge::new(
					"polylink_prover_last_prove_ms",
					"Wall time of the last proof, in milliseconds",
				)?,
				registry,
			)?,
		})
	}
}

/// The parameters of each circuit size, loaded (or, dev keys only, derived) on first use and
/// checked against the key the chain registers.
struct ParamsCache {
	dir: PathBuf,
	keys: KeySource,
	registered: HashMap<usize, [u8; 32]>,
	loaded: HashMap<usize, Arc<groth16::Parameters<bls12_381::Bls12>>>,
}

impl ParamsCache {
	fn get(&mut self, chunks: usize) -> Result<Arc<groth16::Parameters<bls12_381::Bls12>>, String> {
		if let Some(params) = self.loaded.get(&chunks) {
			return Ok(params.clone());
		}
		let name = format!("block-{chunks}");
		let registered = *self.registered.get(&chunks).ok_or_else(|| {
			format!("the chain registers no verifying key for {chunks}-chunk batches")
		})?;
		let progress = |message: &str| log::info!(target: LOG, "{message}");
		let blank = BlockCircuit::blank(chunks);
		let params = match self.keys {
			KeySource::Dev => load_or_generate(&name, blank, &self.dir, &progress),
			KeySource::Ceremony => load_ceremony(&name, blank, &self.dir, &progress),
		}
		.map_err(|e| format!("parameters of {name}: {e}"))?;
		check_key(self.keys, &name, &vk_to_bytes(&params.vk), &vk_hash(&params.vk), &registered)?;
		let params = Arc::new(params);
		self.loaded.insert(chunks, params.clone());
		Ok(params)
	}
}

/// The running service.
pub struct ProverService<S> {
	storage: S,
	replica: Replica,
	replica_path: PathBuf,
	params: ParamsCache,
	finalized: FinalizedBatches,
	/// The batch whose request was last found waiting for finality (logged once).
	waiting: Option<u64>,
	/// The batch whose request was last found to be from a fork (logged once).
	forked: Option<u64>,
	metrics: Option<Metrics>,
}

impl<S: OffchainStorage + 'static> ProverService<S> {
	/// Opens the replica (from its snapshot, else the genesis state `genesis`) and announces it
	/// to the worker.
	pub fn new(
		mut storage: S,
		options: ProverOptions,
		genesis: impl FnOnce() -> State,
		prometheus: Option<&Registry>,
	) -> Result<Self, String> {
		let replica = Replica::open(&options.replica_path, genesis).map_err(|e| e.to_string())?;
		log::info!(
			target: LOG,
			"replica at batch {} (root 0x{}), kept in {}",
			replica.last_batch(),
			hex::encode(replica.root()),
			options.replica_path.display()
		);
		storage.set(STORAGE_PREFIX, offchain::REPLICA_KEY, &replica.last_batch().encode());
		let metrics = match prometheus.map(Metrics::register).transpose() {
			Ok(metrics) => metrics,
			Err(e) => {
				log::warn!(target: LOG, "prover metrics not registered: {e}");
				None
			}
		};
		if let Some(metrics) = &metrics {
			metrics.replica_batch.set(replica.last_batch());
		}
		Ok(Self {
			storage,
			replica,
			replica_path: options.replica_path,
			params: ParamsCache {
				dir: options.params_dir,
				keys: options.keys,
				registered: options.registered,
				loaded: HashMap::new(),
			},
			finalized: options.finalized,
			waiting: None,
			forked: None,
			metrics,
		})
	}

	/// Follows the worker's requests forever.
	pub async fn run(mut self) {
		loop {
			match self.step().await {
				Ok(true) => {}
				Ok(false) => futures_timer::Delay::new(POLL).await,
				Err(message) => {
					log::error!(target: LOG, "{message}");
					futures_timer::Delay::new(POLL * 10).await;
				}
			}
		}
	}

	/// Handles the request of the batch after the replica's, if there is one; `Ok(false)` when
	/// there is none yet.
	async fn step(&mut self) -> Result<bool, String> {
		let next = self.replica.last_batch() + 1;
		let Some(bytes) = self.storage.get(STORAGE_PREFIX, &offchain::request_key(next)) else {
			return Ok(false);
		};
		let request = ProveRequest::decode(&mut &bytes[..])
			.map_err(|e| format!("the prove request of batch {next} does not decode: {e}"))?;
		let finalized = (self.finalized)(next)?;
		let proven_root = match gate(&request, finalized.as_ref()) {
			Gate::Wait => {
				if self.waiting != Some(next) {
					self.waiting = Some(next);
					log::info!(
						target: LOG,
						"batch {next}: its request waits for a finalized block that sealed it"
					);
				}
				return Ok(false);
			}
			Gate::Forked => {
				if self.forked != Some(next) {
					self.forked = Some(next);
					log::warn!(
						target: LOG,
						"the request of batch {next} is from a fork the chain left; waiting for \
						 the finalized batch"
					);
				}
				return Ok(false);
			}
			Gate::Apply { proven_root } => proven_root,
		};
		let sealed = SealedBatch {
			number: request.batch,
			timestamp: request.timestamp,
			chunks: request.chunks as usize,
			pubdata_hash: request.pubdata_hash,
			onchain_hash: request.onchain_hash,
			pubdata: request.pubdata,
			signatures: request.signatures,
		};
		let applied = self.replica.apply(&sealed).map_err(|e| e.to_string())?;
		let new_root = applied.new_root();
		let existing = self
			.storage
			.get(STORAGE_PREFIX, &offchain::proof_key(next))
			.map(|bytes| ProofRecord::decode(&mut &bytes[..]))
			.transpose()
			.map_err(|e| {
				format!(
					"the proof record of batch {next} in the offchain storage does not decode \
					 ({e}): the database is corrupt or written by another version; resync the node"
				)
			})?;
		match proven_root {
			Some(proven) if proven != new_root => {
				return Err(format!(
					"batch {next} was proven with root 0x{} but the replica computes 0x{}: the \
					 replica diverged; stop the node and remove {}",
					hex::encode(proven),
					hex::encode(new_root),
					self.replica_path.display()
				));
			}
			Some(_) => log::info!(target: LOG, "batch {next} is proven already; applying it"),
			None if existing.as_ref().is_some_and(|record| record.new_root == new_root) => {
				log::info!(target: LOG, "batch {next}: the proof from before the restart stands");
			}
			None => {
				let params = self.params.get(sealed.chunks)?;
				log::info!(
					target: LOG,
					"proving batch {next}: {} operations, {} chunks",
					applied.batch.ops.len(),
					sealed.chunks
				);
				let proving = applied.clone();
				let (proof, took) = on_thread(move || {
					use rand::SeedableRng;
					let mut rng = rand::rngs::StdRng::try_from_rng(&mut rand::rngs::SysRng)
						.map_err(|e| format!("no randomness: {e}"))?;
					proving
						.prove(&params, &mut rng)
						.map(|(proof, took)| (proof, took, params))
						.map_err(|e| e.to_string())
				})
				.await
				.and_then(|(proof, took, params)| {
					let input = commitment_to_field(&applied.batch.commitment);
					verify(&params.vk, &proof, input).map_err(|_| {
						format!(
							"batch {next}'s proof does not verify: its witness does not satisfy \
							 the circuit (a signature the chain accepted that the circuit refuses?)"
						)
					})?;
					Ok((proof, took))
				})?;
				let record = ProofRecord { new_root, proof: proof_to_eip2537(&proof).to_vec() };
				self.storage.set(STORAGE_PREFIX, &offchain::proof_key(next), &record.encode());
				log::info!(
					target: LOG,
					"proved batch {next} in {} (root 0x{})",
					seconds(took),
					hex::encode(new_root)
				);
				if let Some(metrics) = &self.metrics {
					metrics.proofs.inc();
					metrics.last_prove_ms.set(u64::try_from(took.as_millis()).unwrap_or(u64::MAX));
				}
			}
		}
		self.replica.commit(applied).map_err(|e| e.to_string())?;
		self.storage.set(STORAGE_PREFIX, offchain::REPLICA_KEY, &next.encode());
		self.storage.remove(STORAGE_PREFIX, &offchain::request_key(next));
		if let Some(metrics) = &self.metrics {
			metrics.replica_batch.set(next);
		}
		log::info!(
			target: LOG,
			"replica at batch {next} (root 0x{})",
			hex::encode(self.replica.root())
		);
		Ok(true)
	}
}

/// Checks the prover's key of circuit `name` (SCALE bytes `key`, hash `hash`) against the
/// chain's: dev keys only where the chain allows them, and exactly the registered key.
pub fn check_key(
	keys: KeySource,
	name: &str,
	key: &[u8],
	hash: &[u8; 32],
	registered: &[u8; 32],
) -> Result<(), String> {
	if keys == KeySource::Ceremony && is_dev_key(key) {
		return Err(format!(
			"the parameters of {name} are the insecure dev keys (public seed), refused on a chain \
			 that is not a development or local chain: put the ceremony's output in the parameters \
			 folder (docs/keys.md)"
		));
	}
	if hash != registered {
		return Err(format!(
			"the parameters of {name} have verifying key 0x{} but the chain registers 0x{}: its \
			 proofs would be refused. {}",
			hex::encode(hash),
			hex::encode(registered),
			match keys {
				KeySource::Dev =>
					"Dev chains register the committed dev keys \
				                   (circuits/keys/): rebuild the node from a matching checkout",
				KeySource::Ceremony => "Use the parameters of this chain's ceremony",
			}
		));
	}
	Ok(())
}

/// Runs `work` on a blocking thread (bellman uses every core itself) and awaits it.
async fn on_thread<T: Send + 'static>(
	work: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, String> {
	let (sender, receiver) = futures::channel::oneshot::channel();
	std::thread::Builder::new()
		.name("polylink-prover".into())
		.spawn(move || {
			let _ = sender.send(work());
		})
		.map_err(|e| format!("cannot start the proving thread: {e}"))?;
	receiver.await.map_err(|_| "the proving thread panicked".to_string())?
}

#[cfg(test)]
mod tests {
	use super::*;
	use polylink_circuits::dev_keys::dev_block_key;

	fn request() -> ProveRequest {
		ProveRequest {
			batch: 1,
			timestamp: 1_000,
			chunks: 8,
			pubdata_hash: [1; 32],
			onchain_hash: [2; 32],
			pubdata: vec![0; 144],
			signatures: vec![None],
			proven_root: Some([9; 32]),
		}
	}

	fn finalized(request: &ProveRequest) -> FinalizedBatch {
		FinalizedBatch {
			timestamp: request.timestamp,
			chunks: request.chunks,
			pubdata_hash: request.pubdata_hash,
			onchain_hash: request.onchain_hash,
			proven_root: None,
		}
	}

	#[test]
	fn only_what_the_finalized_chain_sealed_is_applied() {
		let request = request();
		assert_eq!(gate(&request, None), Gate::Wait, "not final yet");
		let same = finalized(&request);
		// The finalized chain's proven root counts, not the best block's in the request.
		assert_eq!(gate(&request, Some(&same)), Gate::Apply { proven_root: None });
		let proven = FinalizedBatch { proven_root: Some([7; 32]), ..same };
		assert_eq!(gate(&request, Some(&proven)), Gate::Apply { proven_root: Some([7; 32]) });
		for fork in [
			FinalizedBatch { timestamp: 1_001, ..same },
			FinalizedBatch { chunks: 1, ..same },
			FinalizedBatch { pubdata_hash: [3; 32], ..same },
			FinalizedBatch { onchain_hash: [3; 32], ..same },
		] {
			assert_eq!(gate(&request, Some(&fork)), Gate::Forked, "{fork:?}");
		}
	}
	use sha2::{Digest, Sha256};

	fn hash(key: &[u8]) -> [u8; 32] {
		Sha256::digest(key).into()
	}

	#[test]
	fn dev_keys_serve_dev_chains_only_and_every_key_must_be_the_registered_one() {
		let dev = dev_block_key(8).expect("committed");
		let dev_hash = hash(&dev);
		assert_eq!(check_key(KeySource::Dev, "block-8", &dev, &dev_hash, &dev_hash), Ok(()));
		let refused = check_key(KeySource::Ceremony, "block-8", &dev, &dev_hash, &dev_hash)
			.expect_err("dev keys on a live chain");
		assert!(refused.contains("insecure dev keys"), "{refused}");
		let other = dev_block_key(1).expect("committed");
		let mismatch = check_key(KeySource::Dev, "block-8", &other, &hash(&other), &dev_hash)
			.expect_err("not the registered key");
		assert!(mismatch.contains("the chain registers"), "{mismatch}");
		let ceremony = b"a ceremony key".to_vec();
		let ceremony_hash = hash(&ceremony);
		assert_eq!(
			check_key(KeySource::Ceremony, "block-8", &ceremony, &ceremony_hash, &ceremony_hash),
			Ok(())
		);
	}
}
