//! The node's service: the client, the import queue and the tasks of a full node.

use crate::cli::Sealing;
use futures::FutureExt;
use polkadot_sdk::{
	sc_basic_authorship::ProposerFactory,
	sc_client_api::{Backend, BlockBackend},
	sc_consensus::{self, LongestChain},
	sc_consensus_aura::{self, ImportQueueParams, SlotProportion, StartAuraParams},
	sc_consensus_grandpa::{self, SharedVoterState},
	sc_consensus_manual_seal::{
		self, consensus::aura::AuraConsensusDataProvider, EngineCommand, InstantSealParams,
		ManualSealParams,
	},
	sc_executor::WasmExecutor,
	sc_network::{self, NetworkBackend},
	sc_offchain,
	sc_service::{self, error::Error as ServiceError, Configuration, TaskManager, WarpSyncConfig},
	sc_telemetry::{Telemetry, TelemetryWorker},
	sc_transaction_pool::{self, TransactionPoolHandle},
	sc_transaction_pool_api::OffchainTransactionPoolFactory,
	sp_consensus_aura::{self, sr25519::AuthorityPair as AuraPair, SlotDuration},
	sp_io, sp_runtime, sp_timestamp,
};
use polylink_runtime::{opaque::Block, Hash, RuntimeApi};
use std::{sync::Arc, time::Duration};

/// The full client: the runtime executed in wasm.
pub type FullClient =
	sc_service::TFullClient<Block, RuntimeApi, WasmExecutor<sp_io::SubstrateHostFunctions>>;
type FullBackend = sc_service::TFullBackend<Block>;
type FullSelectChain = LongestChain<FullBackend, Block>;
type FullPool = TransactionPoolHandle<Block, FullClient>;
type GrandpaBlockImport =
	sc_consensus_grandpa::GrandpaBlockImport<FullBackend, Block, FullClient, FullSelectChain>;

/// How often (in blocks) GRANDPA justifications are generated and imported.
const GRANDPA_JUSTIFICATION_PERIOD: u32 = 512;

/// The parts of a node that the subcommands share with the full node.
pub type Service = sc_service::PartialComponents<
	FullClient,
	FullBackend,
	FullSelectChain,
	sc_consensus::DefaultImportQueue<Block>,
	FullPool,
	(
		GrandpaBlockImport,
		sc_consensus_grandpa::LinkHalf<Block, FullClient, FullSelectChain>,
		Option<Telemetry>,
	),
>;

/// Builds the client, the backend (ParityDB), the pool and the Aura + GRANDPA import queue.
pub fn new_partial(config: &Configuration) -> Result<Service, ServiceError> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, polkadot_sdk::sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let executor = sc_service::new_wasm_executor::<sp_io::SubstrateHostFunctions>(&config.executor);
	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			Vec::new(),
		)?;
	let client = Arc::new(client);

	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let select_chain = LongestChain::new(backend.clone());

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let (grandpa_block_import, grandpa_link) = sc_consensus_grandpa::block_import(
		client.clone(),
		GRANDPA_JUSTIFICATION_PERIOD,
		&client,
		select_chain.clone(),
		telemetry.as_ref().map(|x| x.handle()),
	)?;

	let cidp_client = client.clone();
	let import_queue =
		sc_consensus_aura::import_queue::<AuraPair, _, _, _, _, _>(ImportQueueParams {
			block_import: grandpa_block_import.clone(),
			justification_import: Some(Box::new(grandpa_block_import.clone())),
			client: client.clone(),
			create_inherent_data_providers: move |parent_hash, _| {
				let cidp_client = cidp_client.clone();
				async move {
					let slot_duration = sc_consensus_aura::standalone::slot_duration_at(
						&*cidp_client,
						parent_hash,
					)?;
					let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
					let slot =
						sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
							*timestamp,
							slot_duration,
						);
					Ok((slot, timestamp))
				}
			},
			spawner: &task_manager.spawn_essential_handle(),
			registry: config.prometheus_registry(),
			check_for_equivocation: Default::default(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			compatibility_mode: Default::default(),
		})?;

	Ok(sc_service::PartialComponents {
		client,
		backend,
		task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (grandpa_block_import, grandpa_link, telemetry),
	})
}

/// What a full node runs besides a plain Substrate node.
#[derive(Clone, Debug)]
pub struct Extras {
	/// How blocks are sealed.
	pub sealing: Sealing,
	/// The prover's parameters folder, when `--prover` is on.
	pub prover: Option<std::path::PathBuf>,
	/// The oracle's L1 endpoints (`--l1`); no oracle when empty.
	pub l1: Vec<(u8, url::Url)>,
	/// How often the oracle polls.
	pub l1_poll: Duration,
}

/// Builds and starts a full node: networking, RPC, offchain workers, the prover and the oracle
/// when asked for, and Aura + GRANDPA (or instant or manual sealing).
pub fn new_full<N: NetworkBackend<Block, <Block as sp_runtime::traits::Block>::Hash>>(
	config: Configuration,
	extras: Extras,
) -> Result<TaskManager, ServiceError> {
	let Extras { sealing, prover: prover_params, l1, l1_poll } = extras;
	let sc_service::PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		select_chain,
		transaction_pool,
		other: (block_import, grandpa_link, mut telemetry),
	} = new_partial(&config)?;

	let mut net_config = sc_network::config::FullNetworkConfiguration::<
		Block,
		<Block as sp_runtime::traits::Block>::Hash,
		N,
	>::new(&config.network, config.prometheus_registry().cloned());
	let metrics = N::register_notification_metrics(config.prometheus_registry());

	let peer_store_handle = net_config.peer_store_handle();
	let grandpa_protocol_name = sc_consensus_grandpa::protocol_standard_name(
		&client.block_hash(0).ok().flatten().expect("the genesis block exists"),
		&config.chain_spec,
	);
	let (grandpa_protocol_config, grandpa_notification_service) =
		sc_consensus_grandpa::grandpa_peers_set_config::<_, N>(
			grandpa_protocol_name.clone(),
			metrics.clone(),
			peer_store_handle,
		);
	net_config.add_notification_protocol(grandpa_protocol_config);

	let warp_sync = Arc::new(sc_consensus_grandpa::warp_proof::NetworkProvider::new(
		backend.clone(),
		grandpa_link.shared_authority_set().clone(),
		Vec::default(),
	));

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: Some(WarpSyncConfig::WithProvider(warp_sync)),
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	if config.offchain_worker.enabled {
		let offchain_workers =
			sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
				runtime_api_provider: client.clone(),
				is_validator: config.role.is_authority(),
				keystore: Some(keystore_container.keystore()),
				offchain_db: backend.offchain_storage(),
				transaction_pool: Some(OffchainTransactionPoolFactory::new(
					transaction_pool.clone(),
				)),
				network_provider: Arc::new(network.clone()),
				enable_http_requests: true,
				custom_extensions: |_| vec![],
			})?;
		task_manager.spawn_handle().spawn(
			"offchain-workers-runner",
			"offchain-worker",
			offchain_workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
		);
	}

	if let Some(params_dir) = prover_params {
		if !config.offchain_worker.enabled {
			return Err(ServiceError::Other(
				"--prover needs off-chain workers: run as a validator or with \
				 `--offchain-worker always`"
					.into(),
			));
		}
		start_prover(&config, &client, &backend, &keystore_container, &task_manager, params_dir)?;
	}

	if !l1.is_empty() {
		let options = crate::oracle::OracleOptions {
			endpoints: l1,
			poll: l1_poll,
			state_dir: config.base_path.config_dir(config.chain_spec.id()).join("oracle"),
		};
		let spawner = task_manager.spawn_handle();
		crate::oracle::start(
			client.clone(),
			transaction_pool.clone(),
			keystore_container.keystore(),
			options,
			config.chain_spec.chain_type() == polkadot_sdk::sc_chain_spec::ChainType::Development,
			config.prometheus_registry(),
			|name, task| spawner.spawn(name, Some("oracle"), task),
		)
		.map_err(ServiceError::Other)?;
	}

	let role = config.role;
	let force_authoring = config.force_authoring;
	let name = config.network.node_name.clone();
	let enable_grandpa = !config.disable_grandpa && sealing == Sealing::Aura;
	let prometheus_registry = config.prometheus_registry().cloned();

	let (manual_seal_sink, manual_seal_stream) = if sealing == Sealing::Manual {
		let (sink, stream) = futures::channel::mpsc::channel::<EngineCommand<Hash>>(1024);
		(Some(sink), Some(stream))
	} else {
		(None, None)
	};

	let rpc_extensions_builder = {
		let client = client.clone();
		let pool = transaction_pool.clone();
		Box::new(move |_| {
			let deps = crate::rpc::FullDeps {
				client: client.clone(),
				pool: pool.clone(),
				manual_seal: manual_seal_sink.clone(),
			};
			crate::rpc::create_full(deps).map_err(Into::into)
		})
	};

	let _rpc_handlers = sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network: network.clone(),
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_extensions_builder,
		backend: backend.clone(),
		system_rpc_tx,
		tx_handler_controller,
		sync_service: sync_service.clone(),
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if role.is_authority() {
		let proposer_factory = ProposerFactory::new(
			task_manager.spawn_handle(),
			client.clone(),
			transaction_pool.clone(),
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|x| x.handle()),
		);
		let slot_duration = sc_consensus_aura::slot_duration(&*client)?;

		match sealing {
			Sealing::Aura => {
				let aura = sc_consensus_aura::start_aura::<AuraPair, _, _, _, _, _, _, _, _, _, _>(
					StartAuraParams {
						slot_duration,
						client,
						select_chain,
						block_import,
						proposer_factory,
						create_inherent_data_providers: move |_, ()| async move {
							let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
							let slot =
								sp_consensus_aura::inherents::InherentDataProvider::from_timestamp_and_slot_duration(
									*timestamp,
									slot_duration,
								);
							Ok((slot, timestamp))
						},
						force_authoring,
						backoff_authoring_blocks: Option::<()>::None,
						keystore: keystore_container.keystore(),
						sync_oracle: sync_service.clone(),
						justification_sync_link: sync_service.clone(),
						block_proposal_slot_portion: SlotProportion::new(2f32 / 3f32),
						max_block_proposal_slot_portion: None,
						telemetry: telemetry.as_ref().map(|x| x.handle()),
						compatibility_mode: Default::default(),
					},
				)?;
				// Block authoring is essential: if it fails, the node stops.
				task_manager.spawn_essential_handle().spawn_blocking(
					"aura",
					Some("block-authoring"),
					aura,
				);
			}
			Sealing::Instant => {
				let params = InstantSealParams {
					block_import: client.clone(),
					env: proposer_factory,
					client: client.clone(),
					pool: transaction_pool.clone(),
					select_chain,
					consensus_data_provider: Some(Box::new(
						AuraConsensusDataProvider::new_with_slot_duration(slot_duration),
					)),
					create_inherent_data_providers: dev_inherent_data_providers(
						client.clone(),
						slot_duration,
					),
				};
				task_manager.spawn_essential_handle().spawn_blocking(
					"instant-seal",
					Some("block-authoring"),
					sc_consensus_manual_seal::run_instant_seal_and_finalize(params),
				);
			}
			Sealing::Manual => {
				let params = ManualSealParams {
					block_import: client.clone(),
					env: proposer_factory,
					client: client.clone(),
					pool: transaction_pool.clone(),
					select_chain,
					commands_stream: Box::pin(
						manual_seal_stream.expect("manual sealing has a command stream"),
					),
					consensus_data_provider: Some(Box::new(
						AuraConsensusDataProvider::new_with_slot_duration(slot_duration),
					)),
					create_inherent_data_providers: dev_inherent_data_providers(
						client.clone(),
						slot_duration,
					),
				};
				task_manager.spawn_essential_handle().spawn_blocking(
					"manual-seal",
					Some("block-authoring"),
					sc_consensus_manual_seal::run_manual_seal(params),
				);
			}
		}
	}

	if enable_grandpa {
		// Only authorities vote, so only they need the keystore.
		let keystore = if role.is_authority() { Some(keystore_container.keystore()) } else { None };
		let grandpa_config = sc_consensus_grandpa::Config {
			gossip_duration: Duration::from_millis(333),
			justification_generation_period: GRANDPA_JUSTIFICATION_PERIOD,
			name: Some(name),
			observer_enabled: false,
			keystore,
			local_role: role,
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			protocol_name: grandpa_protocol_name,
		};
		let grandpa_params = sc_consensus_grandpa::GrandpaParams {
			config: grandpa_config,
			link: grandpa_link,
			network,
			sync: sync_service,
			notification_service: grandpa_notification_service,
			voting_rule: sc_consensus_grandpa::VotingRulesBuilder::default().build(),
			prometheus_registry,
			shared_voter_state: SharedVoterState::empty(),
			telemetry: telemetry.as_ref().map(|x| x.handle()),
			offchain_tx_pool_factory: OffchainTransactionPoolFactory::new(transaction_pool),
		};
		// The voter is essential: if it fails, the node stops.
		task_manager.spawn_essential_handle().spawn_blocking(
			"grandpa-voter",
			None,
			sc_consensus_grandpa::run_grandpa_voter(grandpa_params)?,
		);
	}

	Ok(task_manager)
}

/// Starts the native prover service and, on development chains, gives the keystore a prover
/// key (`//Alice`, endowed) when it has none.
fn start_prover(
	config: &Configuration,
	client: &Arc<FullClient>,
	backend: &Arc<FullBackend>,
	keystore_container: &sc_service::KeystoreContainer,
	task_manager: &TaskManager,
	params_dir: std::path::PathBuf,
) -> Result<(), ServiceError> {
	use polkadot_sdk::{
		sc_chain_spec::ChainType, sp_api::ProvideRuntimeApi, sp_blockchain::HeaderBackend,
		sp_keystore::Keystore,
	};
	use polylink_runtime_api::PolylinkApi;

	let keystore = keystore_container.keystore();
	let key_type = pallet_polylink_prover::KEY_TYPE;
	if keystore.sr25519_public_keys(key_type).is_empty() {
		if config.chain_spec.chain_type() == ChainType::Development {
			keystore
				.sr25519_generate_new(key_type, Some("//Alice"))
				.map_err(|e| ServiceError::Other(format!("inserting the dev prover key: {e}")))?;
			log::info!(target: "polylink::prover", "development chain: proving as //Alice");
		} else {
			log::warn!(
				target: "polylink::prover",
				"no prover key in the keystore: proofs are made but not submitted until one is \
				 inserted (`polylink-node key insert --key-type prvr --scheme sr25519`)"
			);
		}
	}
	let storage = backend
		.offchain_storage()
		.ok_or_else(|| ServiceError::Other("the prover needs the offchain storage".into()))?;
	let genesis_hash = client.info().genesis_hash;
	let registry = client
		.runtime_api()
		.registry(genesis_hash)
		.map_err(|e| ServiceError::Other(format!("reading the rollup registry: {e}")))?;
	// Dev keys (public seed) only on development and local chains; any other chain proves with
	// a ceremony's parameters, checked against the keys it registers.
	let keys = match config.chain_spec.chain_type() {
		ChainType::Development | ChainType::Local => crate::prover::KeySource::Dev,
		_ => crate::prover::KeySource::Ceremony,
	};
	let registered = registered_keys(client, client.info().best_hash)?;
	if keys == crate::prover::KeySource::Ceremony {
		if let Some((chunks, _)) =
			registered.iter().find(|(_, hash)| polylink_circuits::dev_keys::is_dev_key_hash(hash))
		{
			return Err(ServiceError::Other(format!(
				"the chain `{}` registers the insecure dev verifying key for {chunks}-chunk \
				 batches (its toxic waste is public): such a chain spec is for development only",
				config.chain_spec.id()
			)));
		}
		let exit = registered_exit_key(client, client.info().best_hash)?;
		if exit.is_some_and(|hash| polylink_circuits::dev_keys::is_dev_key_hash(&hash)) {
			return Err(ServiceError::Other(format!(
				"the chain `{}` registers the insecure dev exit verifying key (its toxic waste is \
				 public): such a chain spec is for development only",
				config.chain_spec.id()
			)));
		}
	}
	let options = crate::prover::ProverOptions {
		params_dir,
		keys,
		registered,
		replica_path: config
			.base_path
			.config_dir(config.chain_spec.id())
			.join("prover")
			.join("replica.scale"),
		finalized: {
			let client = client.clone();
			Box::new(move |batch| {
				let at = client.info().finalized_hash;
				let info = client
					.runtime_api()
					.batch(at, batch)
					.map_err(|e| format!("reading batch {batch} at the finalized block: {e}"))?;
				Ok(info.map(|info| crate::prover::FinalizedBatch {
					timestamp: info.header.timestamp,
					chunks: info.header.chunks,
					pubdata_hash: info.header.pubdata_hash,
					onchain_hash: info.header.onchain_hash,
					proven_root: info.proven.map(|proven| proven.new_root),
				}))
			})
		},
	};
	let genesis = move || {
		let config = polylink_primitives::state::ExecutorConfig {
			fees: Default::default(),
			batch_chunks: polylink_runtime::configs::BATCH_CAPACITY as usize,
		};
		polylink_primitives::state::State::genesis(registry, config)
	};
	let service =
		crate::prover::ProverService::new(storage, options, genesis, config.prometheus_registry())
			.map_err(ServiceError::Other)?;
	// A prover that cannot follow the chain stops the node: `--prover` was asked for.
	task_manager.spawn_essential_handle().spawn("polylink-prover", Some("prover"), service.run());
	Ok(())
}

/// The verifying-key hash the chain registers for each block-circuit size, at block `at`.
pub(crate) fn registered_keys(
	client: &FullClient,
	at: Hash,
) -> Result<std::collections::HashMap<usize, [u8; 32]>, ServiceError> {
	use pallet_polylink_proof_registry::KeyForChunks;
	use parity_scale_codec::Decode;
	use polkadot_sdk::{sc_client_api::StorageProvider, sp_core::storage::StorageKey};
	let mut keys = std::collections::HashMap::new();
	for chunks in polylink_circuits::block::sizes::SIZES {
		let size = u32::try_from(chunks).expect("circuit sizes fit u32");
		let key = StorageKey(KeyForChunks::<polylink_runtime::Runtime>::hashed_key_for(size));
		let value = client
			.storage(at, &key)
			.map_err(|e| ServiceError::Other(format!("reading the registered keys: {e}")))?;
		if let Some(value) = value {
			let hash = <[u8; 32]>::decode(&mut &value.0[..]).map_err(|e| {
				ServiceError::Other(format!("the key registered for {chunks} chunks: {e}"))
			})?;
			keys.insert(chunks, hash);
		}
	}
	Ok(keys)
}

/// The hash of the exit circuit's verifying key the chain registered at genesis, if any.
pub(crate) fn registered_exit_key(
	client: &FullClient,
	at: Hash,
) -> Result<Option<[u8; 32]>, ServiceError> {
	use pallet_polylink_proof_registry::ExitKey;
	use parity_scale_codec::Decode;
	use polkadot_sdk::{sc_client_api::StorageProvider, sp_core::storage::StorageKey};
	let key = StorageKey(ExitKey::<polylink_runtime::Runtime>::hashed_key().to_vec());
	let value = client
		.storage(at, &key)
		.map_err(|e| ServiceError::Other(format!("reading the registered exit key: {e}")))?;
	value
		.map(|value| {
			<[u8; 32]>::decode(&mut &value.0[..])
				.map_err(|e| ServiceError::Other(format!("the registered exit key: {e}")))
		})
		.transpose()
}

/// The inherent data of a sealed development block: its timestamp is one slot after its
/// parent's (the first block's is the node's start time), so every block has its own Aura slot
/// however fast blocks are sealed.
fn dev_inherent_data_providers(
	client: Arc<FullClient>,
	slot_duration: SlotDuration,
) -> impl Fn(
	Hash,
	(),
) -> futures::future::Ready<
	Result<sp_timestamp::InherentDataProvider, Box<dyn std::error::Error + Send + Sync>>,
> + Send
       + Sync {
	let start = sp_timestamp::Timestamp::current().as_millis();
	move |parent: Hash, ()| {
		let result = client
			.header(parent)
			.map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)
			.and_then(|header| header.ok_or_else(|| "the parent block is not known".into()))
			.map(|header| {
				let number = u64::from(header.number) + 1;
				let millis = start + number * slot_duration.as_millis();
				sp_timestamp::InherentDataProvider::new(millis.into())
			});
		futures::future::ready(result)
	}
}
