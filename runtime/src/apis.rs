//! The runtime APIs the node, the RPC and the tools call.
//!
//! `impl_runtime_apis!` also generates `RuntimeApi` (the node's client-side view of them) and
//! `RUNTIME_API_VERSIONS`, without docs (the crate root allows it).

use crate::{
	AccountId, Aura, Balance, Batching, Block, BlockNumber, Executive, Grandpa, InherentDataExt,
	Nonce, ProofRegistry, Rollup, RootConsensus, Runtime, RuntimeCall, RuntimeGenesisConfig,
	SessionKeys, System, TransactionPayment, ValidatorSet, VERSION,
};
use alloc::vec::Vec;
use pallet_polylink_batching::BatchNumber;
use polkadot_sdk::{
	frame_support::{
		self,
		genesis_builder_helper::{build_state, get_preset},
		weights::Weight,
	},
	frame_system_rpc_runtime_api, pallet_aura, pallet_transaction_payment,
	pallet_transaction_payment_rpc_runtime_api, sp_api, sp_block_builder,
	sp_consensus_aura::{self, sr25519::AuthorityId as AuraId},
	sp_consensus_grandpa,
	sp_core::OpaqueMetadata,
	sp_genesis_builder, sp_inherents, sp_offchain,
	sp_runtime::{
		traits::{Block as BlockT, NumberFor},
		transaction_validity::{TransactionSource, TransactionValidity},
		ApplyExtrinsicResult, ExtrinsicInclusionMode,
	},
	sp_session, sp_transaction_pool,
	sp_version::RuntimeVersion,
};
use polylink_primitives::{
	account::{AccountId as L2AccountId, AccountInfo, Nonce as L2Nonce},
	chain::ChainId,
	error::TxError,
	eth::L1Address,
	signature::TxSignature,
	token::{Registry, TokenId},
	tx::L2Tx,
};

sp_api::impl_runtime_apis! {
	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block);
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(Aura::slot_duration())
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl sp_consensus_grandpa::GrandpaApi<Block> for Runtime {
		fn grandpa_authorities() -> sp_consensus_grandpa::AuthorityList {
			Grandpa::grandpa_authorities()
		}

		fn current_set_id() -> sp_consensus_grandpa::SetId {
			Grandpa::current_set_id()
		}

		/// Equivocation reports are not accepted: the key owner proof type has no values.
		fn submit_report_equivocation_unsigned_extrinsic(
			_equivocation_proof: sp_consensus_grandpa::EquivocationProof<
				<Block as BlockT>::Hash,
				NumberFor<Block>,
			>,
			_key_owner_proof: sp_consensus_grandpa::OpaqueKeyOwnershipProof,
		) -> Option<()> {
			None
		}

		fn generate_key_ownership_proof(
			_set_id: sp_consensus_grandpa::SetId,
			_authority_id: sp_consensus_grandpa::AuthorityId,
		) -> Option<sp_consensus_grandpa::OpaqueKeyOwnershipProof> {
			None
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(
			owner: Vec<u8>,
			seed: Option<Vec<u8>>,
		) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(
			encoded: Vec<u8>,
		) -> Option<Vec<(Vec<u8>, polkadot_sdk::sp_core::crypto::KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}

		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}

		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}

		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}

		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl polylink_runtime_api::PolylinkApi<Block, AccountId, BlockNumber> for Runtime {
		fn account(id: L2AccountId) -> Option<AccountInfo> {
			Rollup::account(id)
		}

		fn account_id_of(address: L1Address) -> Option<L2AccountId> {
			Rollup::account_id_of(&address)
		}

		fn balances(id: L2AccountId) -> Vec<(TokenId, u128)> {
			Rollup::balances(id)
		}

		fn nonce(id: L2AccountId) -> L2Nonce {
			Rollup::nonce(id)
		}

		fn check_tx(tx: L2Tx) -> Result<(), TxError> {
			Rollup::check(&tx)
		}

		fn registry() -> Registry {
			Rollup::registry()
		}

		fn fee_per_chunk(token: TokenId) -> Option<u128> {
			pallet_polylink_rollup::FeePerChunk::<Runtime>::get(token)
		}

		fn log_head() -> pallet_polylink_rollup::LogHead {
			Rollup::log_head()
		}

		fn sequenced_in_block() -> Vec<(u32, u64)> {
			System::read_events_no_consensus()
				.filter_map(|record| match (record.phase, record.event) {
					(
						polkadot_sdk::frame_system::Phase::ApplyExtrinsic(extrinsic),
						crate::RuntimeEvent::Rollup(pallet_polylink_rollup::Event::OpSequenced {
							index,
							..
						}),
					) => Some((extrinsic, index)),
					_ => None,
				})
				.collect()
		}

		fn open_batch() -> pallet_polylink_batching::OpenBatch<BlockNumber> {
			Batching::open_batch()
		}

		fn last_sealed() -> BatchNumber {
			Batching::last_sealed()
		}

		fn batch(batch: BatchNumber) -> Option<pallet_polylink_batching::BatchInfo<BlockNumber>> {
			Batching::header(batch)
		}

		fn batch_status(batch: BatchNumber) -> polylink_runtime_api::BatchStatus {
			use pallet_polylink_root_consensus::{Fact, FactKey};
			let chains = pallet_polylink_root_consensus::Live::<Runtime>::get()
				.iter()
				.map(|chain| polylink_runtime_api::ChainStatus {
					chain,
					proven: match RootConsensus::fact(FactKey::BatchProven { chain, batch }) {
						Some(Fact::BatchProven { sync_hash, .. }) => Some(sync_hash),
						_ => None,
					},
					executed: RootConsensus::fact(FactKey::BatchExecuted { chain, batch }).is_some(),
				})
				.collect();
			polylink_runtime_api::BatchStatus {
				batch,
				sealed: batch >= 1 && batch <= Batching::last_sealed(),
				proven: ProofRegistry::proven_batch(batch).is_some(),
				commit_certified: RootConsensus::commit_certified(batch),
				synced: RootConsensus::sync_certificate(batch).is_some(),
				chains,
			}
		}

		fn pubdata(batch: BatchNumber) -> Option<Vec<u8>> {
			Batching::pubdata(batch)
		}

		fn signatures(batch: BatchNumber) -> Option<Vec<Option<TxSignature>>> {
			Batching::signatures(batch)
		}

		fn change_pubkey_witnesses(batch: BatchNumber, chain: ChainId) -> Option<Vec<Vec<u8>>> {
			// Kept as long as the batch's pubdata: until every L1 executed it (a key lookup, the
			// pubdata itself is not read).
			if !pallet_polylink_batching::Pubdata::<Runtime>::contains_key(batch) {
				return None;
			}
			let header = Batching::header(batch)?.header;
			Some(Rollup::change_pubkey_witnesses(header.first_log_index, header.ops, chain))
		}

		fn last_proven() -> (BatchNumber, pallet_polylink_proof_registry::Root) {
			ProofRegistry::last_proven()
		}

		fn proven_batch(
			batch: BatchNumber,
		) -> Option<pallet_polylink_proof_registry::ProvenBatch<AccountId, BlockNumber>> {
			ProofRegistry::proven_batch(batch)
		}

		fn proof(batch: BatchNumber) -> Option<Vec<u8>> {
			// A revoked batch's proof is never served: with its public commit certificate it
			// would let anyone prove it on an L1 the revocation has not reached yet.
			if RootConsensus::is_revoked(batch) {
				return None;
			}
			ProofRegistry::proof(batch)
		}

		fn commit_signatures(
			batch: BatchNumber,
		) -> (Option<[u8; 32]>, Vec<pallet_polylink_root_consensus::OracleSignature>) {
			(RootConsensus::commit_digest(batch), RootConsensus::commit_signatures(batch))
		}

		fn sync_certificate(
			batch: BatchNumber,
		) -> Option<([u8; 32], Vec<pallet_polylink_root_consensus::OracleSignature>)> {
			RootConsensus::sync_certificate(batch)
		}

		fn revoked_from() -> Option<BatchNumber> {
			RootConsensus::revoked_from()
		}

		fn revocation_certificate(
			batch: BatchNumber,
		) -> Option<([u8; 32], Vec<pallet_polylink_root_consensus::OracleSignature>)> {
			RootConsensus::revocation_certificate(batch)
		}
	}

	impl polylink_runtime_api::OracleApi<Block> for Runtime {
		fn oracle_chains() -> Vec<polylink_runtime_api::OracleChain> {
			let registry = Rollup::registry();
			pallet_polylink_root_consensus::Live::<Runtime>::get()
				.iter()
				.filter_map(|chain| {
					let info = registry.chains.get(&chain)?.clone();
					let confirmations = pallet_polylink_rollup::Confirmations::<Runtime>::get(chain)?;
					Some(polylink_runtime_api::OracleChain { chain, info, confirmations })
				})
				.collect()
		}

		fn oracles() -> Vec<L1Address> {
			<ValidatorSet as pallet_polylink_root_consensus::OracleSet>::oracles()
		}

		fn vote_digest(fact: pallet_polylink_root_consensus::Fact) -> [u8; 32] {
			RootConsensus::vote_digest_of(&fact)
		}

		fn sync_digest(
			batch: BatchNumber,
			sync_hash: pallet_polylink_root_consensus::SyncHash,
		) -> [u8; 32] {
			RootConsensus::sync_digest(batch, &sync_hash)
		}

		fn vote_status(
			key: pallet_polylink_root_consensus::FactKey,
			oracle: L1Address,
		) -> pallet_polylink_root_consensus::Duty {
			RootConsensus::vote_status(key, &oracle)
		}

		fn commit_status(batch: BatchNumber, oracle: L1Address) -> pallet_polylink_root_consensus::Duty {
			RootConsensus::commit_status(batch, &oracle)
		}

		fn sync_status(batch: BatchNumber, oracle: L1Address) -> pallet_polylink_root_consensus::Duty {
			RootConsensus::sync_status(batch, &oracle)
		}

		fn revoke_digest(batch: BatchNumber) -> Option<[u8; 32]> {
			RootConsensus::revoke_digest(batch)
		}

		fn revoke_status(batch: BatchNumber, oracle: L1Address) -> pallet_polylink_root_consensus::Duty {
			RootConsensus::revoke_status(batch, &oracle)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis::preset_names()
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl polkadot_sdk::frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<polkadot_sdk::frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			crate::benchmarks::metadata(extra)
		}

		fn dispatch_benchmark(
			config: polkadot_sdk::frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<polkadot_sdk::frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			crate::benchmarks::dispatch(config)
		}
	}

	#[cfg(feature = "try-runtime")]
	impl polkadot_sdk::frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(
			checks: polkadot_sdk::frame_try_runtime::UpgradeCheckSelect,
		) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("the try-runtime upgrade checks pass");
			(weight, crate::configs::RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: polkadot_sdk::frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("the try-runtime block execution succeeds")
		}
	}
}
