//! The native prover service (`--prover`): the node side of the prover's off-chain worker
//! (`pallet-polylink-prover`).
//!
//! The service keeps a native replica of the L2 state ([`polylink_circuits::replica`]), persisted
//! after every batch under the chain's folder (`<base-path>/chains/<id>/prover/replica.scale`).
//! It reads the worker's prove requests from the node's persistent offchain storage, applies each
//! sealed batch to the replica in order, proves the ones not proven yet with bellman on every core
//! (outside the runtime, on a blocking thread), checks the proof against its own verifying key,
//! and writes the proof record the worker submits on chain. Restarts are safe: the replica is
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
	encoding::proof_to_eip2537,
	params::{load_or_generate, seconds},
	prover::verify,
	replica::{Replica, SealedBatch},
};
use polylink_primitives::{commitment::commitment_to_field, state::State};
use std::{collections::HashMap, path::PathBuf, sync::Arc, time::Duration};

/// The log target of the service.
const LOG: &str = "polylink::prover";

/// How often the service looks for a new request.
const POLL: Duration = Duration::from_millis(500);

/// Where the service keeps its files.
#[derive(Clone, Debug)]
pub struct ProverOptions {
	/// The Groth16 parameters cache (generated there when missing).
	pub params_dir: PathBuf,
	/// The replica's snapshot file.
	pub replica_path: PathBuf,
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

/// The parameters of each circuit size, loaded (or generated) on first use.
struct ParamsCache {
	dir: PathBuf,
	loaded: HashMap<usize, Arc<groth16::Parameters<bls12_381::Bls12>>>,
}

impl ParamsCache {
	fn get(&mut self, chunks: usize) -> Result<Arc<groth16::Parameters<bls12_381::Bls12>>, String> {
		if let Some(params) = self.loaded.get(&chunks) {
			return Ok(params.clone());
		}
		let name = format!("block-{chunks}");
		let params = load_or_generate(
			&name,
			BlockCircuit::blank(chunks),
			&self.dir,
			&|message| log::info!(target: LOG, "{message}"),
		)
		.map_err(|e| format!("parameters of {name}: {e}"))?;
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
			params: ParamsCache { dir: options.params_dir, loaded: HashMap::new() },
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
			.and_then(|bytes| ProofRecord::decode(&mut &bytes[..]).ok());
		match request.proven_root {
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
