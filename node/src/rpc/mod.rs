//! The node's RPC extensions: the standard Substrate methods beyond `sc-service`'s own
//! (`system_accountNextIndex`, `payment_*`), the manual-seal methods in manual sealing, and
//! Polylink's `polylink_*` methods ([`polylink`]).

pub mod polylink;

use jsonrpsee::RpcModule;
use polkadot_sdk::{
	pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer},
	sc_consensus_manual_seal::{
		rpc::{ManualSeal, ManualSealApiServer},
		EngineCommand,
	},
	sc_transaction_pool_api::TransactionPool,
	sp_api::ProvideRuntimeApi,
	sp_block_builder::BlockBuilder,
	sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata},
	substrate_frame_rpc_system::{System, SystemApiServer},
};
use polylink_runtime::{opaque::Block, AccountId, Balance, Hash, Nonce};
use std::sync::Arc;

/// What the RPC extensions need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The manual-seal command channel (manual sealing only): `engine_createBlock` and
	/// `engine_finalizeBlock`.
	pub manual_seal: Option<futures::channel::mpsc::Sender<EngineCommand<Hash>>>,
}

/// The RPC extensions of a full node.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ polkadot_sdk::sc_client_api::BlockBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: polkadot_sdk::substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api:
		polkadot_sdk::pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>,
	C::Api: BlockBuilder<Block>,
	C::Api: polylink_runtime_api::PolylinkApi<Block, AccountId, polylink_runtime::BlockNumber>,
	P: TransactionPool<Block = Block> + 'static,
{
	let FullDeps { client, pool, manual_seal } = deps;
	let mut module = RpcModule::new(());
	module.merge(System::new(client.clone(), pool.clone()).into_rpc())?;
	module.merge(polylink::PolylinkApiServer::into_rpc(polylink::Polylink::new(
		client.clone(),
		pool,
	)))?;
	module.merge(TransactionPayment::new(client).into_rpc())?;
	if let Some(sink) = manual_seal {
		module.merge(ManualSeal::new(sink).into_rpc())?;
	}
	Ok(module)
}
