//! The `polylink_*` JSON-RPC methods: the L2 state, batches, proofs, certificates and pubdata
//! read through the runtime's `PolylinkApi` at the best block, and L2 transaction submission.
//!
//! Accounts are named by their L1 address (`0x` and 40 hex digits) or their L2 id (decimal).
//! Amounts are decimal strings (they exceed JavaScript's safe integers); byte strings are `0x` hex.
//! `polylink_submitTx` takes a SCALE-encoded `L2Tx` (what the CLI signs) and puts the unsigned
//! `rollup.submit` extrinsic into the pool, which validates it as block building will.

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::ErrorObjectOwned,
};
use parity_scale_codec::{Decode, Encode};
use polkadot_sdk::{
	sc_client_api::BlockBackend,
	sc_transaction_pool_api::{TransactionPool, TransactionSource},
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_runtime::OpaqueExtrinsic,
};
use polylink_primitives::{
	account::AccountId as L2AccountId, chain::ChainId, error::TxError, eth::L1Address,
	token::Registry, tx::L2Tx,
};
use polylink_runtime::{opaque::Block, AccountId, BlockNumber, RuntimeCall, UncheckedExtrinsic};
use polylink_runtime_api::PolylinkApi as RuntimeApi;
use serde_json::{json, Value};
use std::{marker::PhantomData, sync::Arc, time::Duration};

/// How many blocks back from the best `polylink_txStatus` searches.
const TX_SEARCH_DEPTH: usize = 1_000;

/// How long `polylink_submitTx` waits for the pool to catch up with the best block.
const POOL_CATCH_UP: Duration = Duration::from_secs(2);

/// The `polylink_*` methods.
#[rpc(server, namespace = "polylink")]
pub trait PolylinkApi {
	/// The account (id, owner, key hash, nonce, balances) of an address or id; `null` if none.
	#[method(name = "account")]
	fn account(&self, who: String) -> RpcResult<Option<Value>>;

	/// The non-zero balances of an account: `[{token, amount, display}]` (`display`: in the
	/// token's units with its symbol, `1.5 ETH`).
	#[method(name = "balances")]
	fn balances(&self, who: String) -> RpcResult<Value>;

	/// The next nonce of an account (0 if it does not exist).
	#[method(name = "nonce")]
	fn nonce(&self, who: String) -> RpcResult<u32>;

	/// The deployment's chains (`{chain, evmChainId, contract}`) and tokens (`{token, symbol,
	/// feePerChunk, chains: [{chain, address, decimals}]}`; the zero address is the chain's
	/// native coin; `feePerChunk`, the least L2 fee per chunk in the token, null when it pays no
	/// fees): what a wallet needs to deposit, pay fees, withdraw and show amounts.
	#[method(name = "registry")]
	fn registry(&self) -> RpcResult<Value>;

	/// How far the appchain is: `{lastSealed, lastProven}` (0 while none is).
	#[method(name = "heads")]
	fn heads(&self) -> RpcResult<Value>;

	/// Submits a SCALE-encoded, signed `L2Tx`; returns the extrinsic's pool hash. A refused
	/// transaction is answered with code 1010 and why, in words with its figures.
	#[method(name = "submitTx")]
	async fn submit_tx(&self, tx: String) -> RpcResult<String>;

	/// A sealed batch's header (roots and commitment once proven); `null` if not sealed.
	#[method(name = "batch")]
	fn batch(&self, batch: u64) -> RpcResult<Option<Value>>;

	/// Where a batch stands: sealed, proven, certified, synced, and per live chain.
	#[method(name = "batchStatus")]
	fn batch_status(&self, batch: u64) -> RpcResult<Value>;

	/// A proven batch's proof bytes (until every L1 executed it).
	#[method(name = "proof")]
	fn proof(&self, batch: u64) -> RpcResult<Option<String>>;

	/// The commit digest of a proven batch and the oracle signatures gathered over it.
	#[method(name = "commitSignatures")]
	fn commit_signatures(&self, batch: u64) -> RpcResult<Value>;

	/// A batch's sync certificate (sync hash and signatures) once complete.
	#[method(name = "syncCertificate")]
	fn sync_certificate(&self, batch: u64) -> RpcResult<Option<Value>>;

	/// The first batch governance revoked, or null: while one stands the rollup is halted,
	/// and the revoked batches get revocation certificates instead of commit or sync ones.
	#[method(name = "revokedFrom")]
	fn revoked_from(&self) -> RpcResult<Option<u64>>;

	/// A revoked batch's revocation certificate for every live chain's `revokeCommitment`:
	/// `{commitment, signatures}` (by signer ascending) once a quorum signed, else null.
	#[method(name = "revocationCertificate")]
	fn revocation_certificate(&self, batch: u64) -> RpcResult<Option<Value>>;

	/// A sealed batch's padded pubdata (until every L1 executed it).
	#[method(name = "pubdata")]
	fn pubdata(&self, batch: u64) -> RpcResult<Option<String>>;

	/// Where an account's L2 transaction with nonce `nonce` stands: `null` while the account's
	/// nonce has not passed it; else `{block, logIndex, batch, sealed}` (the appchain block
	/// that sequenced it, its index in the sequencing log, the batch holding it and whether that
	/// batch is sealed), or `{sequenced: true}` without the rest when its block is older than
	/// the last 1,000 this node searches.
	#[method(name = "txStatus")]
	fn tx_status(&self, who: String, nonce: u32) -> RpcResult<Option<Value>>;

	/// The `commitBatches` witnesses of chain `chain`'s own ChangePubKey operations in a sealed
	/// batch, in order: `0x` + a 65-byte signature, or `0x` for an on-chain approval (until
	/// every L1 executed the batch).
	#[method(name = "changePubkeyWitnesses")]
	fn change_pubkey_witnesses(&self, batch: u64, chain: u8) -> RpcResult<Option<Vec<String>>>;
}

/// The `polylink_*` methods over a client and a pool.
pub struct Polylink<C, P> {
	client: Arc<C>,
	pool: Arc<P>,
	_block: PhantomData<Block>,
}

impl<C, P> Polylink<C, P> {
	/// The methods over `client` and `pool`.
	pub fn new(client: Arc<C>, pool: Arc<P>) -> Self {
		Self { client, pool, _block: PhantomData }
	}
}

/// An invalid-params error (`-32602`) with a message saying what to send instead.
fn invalid(message: impl Into<String>) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(-32602, message.into(), None::<()>)
}

/// The code of a refused transaction (what Substrate's `author_submitExtrinsic` uses for an
/// invalid one).
const REFUSED: i32 = 1010;

/// A transaction the runtime refused (`1010`): the refusal in words, and as data the error's
/// name and fields (`{"error": "InsufficientBalance { … }"}`) for programs.
fn refused(error: &TxError, registry: &Registry) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(
		REFUSED,
		format!("invalid transaction: {}", error.describe(registry)),
		Some(json!({ "error": format!("{error:?}") })),
	)
}

/// A runtime call failure (`-32000`).
fn runtime(error: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObjectOwned::owned(-32000, format!("runtime API call failed: {error}"), None::<()>)
}

fn hex0x(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

fn unhex(text: &str) -> Result<Vec<u8>, ErrorObjectOwned> {
	hex::decode(text.strip_prefix("0x").unwrap_or(text))
		.map_err(|e| invalid(format!("expected 0x-prefixed hex: {e}")))
}

/// An address (`0x` + 40 hex digits) or a decimal account id.
enum Who {
	Address(L1Address),
	Id(L2AccountId),
}

fn parse_who(who: &str) -> Result<Who, ErrorObjectOwned> {
	if who.starts_with("0x") {
		let bytes: [u8; 20] = unhex(who)?
			.try_into()
			.map_err(|_| invalid("an address is 20 bytes: 0x and 40 hex digits"))?;
		return Ok(Who::Address(L1Address(bytes)));
	}
	who.parse::<u32>()
		.map(|id| Who::Id(L2AccountId(id)))
		.map_err(|_| invalid("name an account by its 0x address or its decimal id"))
}

impl<C, P> Polylink<C, P>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: RuntimeApi<Block, AccountId, BlockNumber>,
{
	fn best(&self) -> <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash {
		self.client.info().best_hash
	}

	fn id_of(&self, who: &str) -> Result<Option<L2AccountId>, ErrorObjectOwned> {
		match parse_who(who)? {
			Who::Id(id) => Ok(Some(id)),
			Who::Address(address) => {
				self.client.runtime_api().account_id_of(self.best(), address).map_err(runtime)
			}
		}
	}

	/// An account's balances at block `at`, with each in its token's units (both read at `at`:
	/// the balances and the registry that names them agree).
	fn balances_of(
		&self,
		id: L2AccountId,
		at: <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
	) -> Result<Value, ErrorObjectOwned> {
		let api = self.client.runtime_api();
		let balances = api.balances(at, id).map_err(runtime)?;
		let registry = api.registry(at).map_err(runtime)?;
		Ok(Value::Array(
			balances
				.into_iter()
				.map(|(token, amount)| {
					json!({
						"token": token.0,
						"amount": amount.to_string(),
						"display": registry.units(token, amount).to_string(),
					})
				})
				.collect(),
		))
	}
}

#[async_trait]
impl<C, P> PolylinkApiServer for Polylink<C, P>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ BlockBackend<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: RuntimeApi<Block, AccountId, BlockNumber>,
	P: TransactionPool<Block = Block> + 'static,
{
	fn account(&self, who: String) -> RpcResult<Option<Value>> {
		let Some(id) = self.id_of(&who)? else { return Ok(None) };
		// The account and its balances from one block (the best one may move in between).
		let at = self.best();
		let api = self.client.runtime_api();
		let Some(info) = api.account(at, id).map_err(runtime)? else { return Ok(None) };
		Ok(Some(json!({
			"id": id.0,
			"owner": hex0x(&info.l1_address.0),
			"pubkeyHash": hex0x(&info.pubkey_hash.0),
			"nonce": info.nonce,
			"balances": self.balances_of(id, at)?,
		})))
	}

	fn balances(&self, who: String) -> RpcResult<Value> {
		match self.id_of(&who)? {
			Some(id) => self.balances_of(id, self.best()),
			None => Ok(Value::Array(Vec::new())),
		}
	}

	fn nonce(&self, who: String) -> RpcResult<u32> {
		match self.id_of(&who)? {
			Some(id) => self.client.runtime_api().nonce(self.best(), id).map_err(runtime),
			None => Ok(0),
		}
	}

	fn heads(&self) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let best = self.best();
		let sealed = api.last_sealed(best).map_err(runtime)?;
		let (proven, _) = api.last_proven(best).map_err(runtime)?;
		Ok(json!({ "lastSealed": sealed, "lastProven": proven }))
	}

	fn registry(&self) -> RpcResult<Value> {
		let api = self.client.runtime_api();
		let best = self.best();
		let registry = api.registry(best).map_err(runtime)?;
		let chains: Vec<Value> = registry
			.chains
			.iter()
			.map(|(chain, info)| {
				json!({
					"chain": chain.0,
					"evmChainId": info.evm_chain_id,
					"contract": hex0x(&info.contract.0),
				})
			})
			.collect();
		let tokens = registry
			.tokens
			.iter()
			.map(|(token, info)| {
				let on: Vec<Value> = info
					.chains
					.iter()
					.map(|(chain, at)| {
						json!({
							"chain": chain.0,
							"address": hex0x(&at.address.0),
							"decimals": at.decimals,
						})
					})
					.collect();
				let fee = api.fee_per_chunk(best, *token).map_err(runtime)?;
				Ok(json!({
					"token": token.0,
					"symbol": String::from_utf8_lossy(&info.symbol),
					"feePerChunk": fee.map(|fee| fee.to_string()),
					"chains": on,
				}))
			})
			.collect::<RpcResult<Vec<Value>>>()?;
		Ok(json!({ "chains": chains, "tokens": tokens }))
	}

	async fn submit_tx(&self, tx: String) -> RpcResult<String> {
		let bytes = unhex(&tx)?;
		let tx = L2Tx::decode(&mut &bytes[..])
			.map_err(|e| invalid(format!("not a SCALE-encoded L2Tx: {e}")))?;
		// Validate against the pool's view of the best block, once the pool has caught up with
		// it: the view follows block import asynchronously, and a transaction refused against
		// the previous block (what a key set in the newest block signs) would be banned for the
		// pool's ban time, however often it is resent.
		let at = self.best();
		let _ = self.pool.ready_at_with_timeout(at, POOL_CATCH_UP).await;
		// The pool's own check answers a refusal with a bare code: ask the runtime first, and
		// answer a refusal in words with its figures. Asking first (one more dry run on the
		// accepted path) is deliberate: the pool bans a transaction it refuses for its ban time,
		// so a transaction refused now (no deposit yet) could not be resent once it is valid.
		let api = self.client.runtime_api();
		if let Err(error) = api.check_tx(at, tx.clone()).map_err(runtime)? {
			let registry = api.registry(at).map_err(runtime)?;
			return Err(refused(&error, &registry));
		}
		let call = RuntimeCall::Rollup(pallet_polylink_rollup::Call::submit { tx: Box::new(tx) });
		let extrinsic = UncheckedExtrinsic::new_bare(call).encode();
		let opaque = OpaqueExtrinsic::try_from_encoded_extrinsic(&extrinsic)
			.map_err(|e| invalid(format!("extrinsic encoding: {e}")))?;
		let hash =
			self.pool.submit_one(at, TransactionSource::External, opaque).await.map_err(|e| {
				ErrorObjectOwned::owned(REFUSED, format!("invalid transaction: {e}"), None::<()>)
			})?;
		Ok(hex0x(&hash.encode()))
	}

	fn tx_status(&self, who: String, nonce: u32) -> RpcResult<Option<Value>> {
		let Some(id) = self.id_of(&who)? else { return Ok(None) };
		// One runtime API instance per block: an instance is bound to the first block it reads.
		if self.client.runtime_api().nonce(self.best(), id).map_err(runtime)? <= nonce {
			return Ok(None);
		}
		let mut at = self.best();
		for _ in 0..TX_SEARCH_DEPTH {
			let Some(body) = self.client.block_body(at).map_err(runtime)? else { break };
			let position = body.iter().position(|extrinsic| {
				let Ok(xt) = UncheckedExtrinsic::decode(&mut &extrinsic.encode()[..]) else {
					return false;
				};
				matches!(&xt.function, RuntimeCall::Rollup(pallet_polylink_rollup::Call::submit { tx })
					if tx.signer() == id && tx.nonce() == nonce)
			});
			if let Some(position) = position {
				let position = u32::try_from(position).map_err(runtime)?;
				let sequenced =
					self.client.runtime_api().sequenced_in_block(at).map_err(runtime)?;
				let Some(&(_, index)) = sequenced.iter().find(|(x, _)| *x == position) else {
					return Err(runtime(format!("block {at} sequenced no operation for it")));
				};
				let best = self.best();
				let api = self.client.runtime_api();
				let last = api.last_sealed(best).map_err(runtime)?;
				let mut batch = last + 1;
				let mut sealed = false;
				for n in (1..=last).rev() {
					let Some(info) = api.batch(best, n).map_err(runtime)? else { break };
					if index >= info.header.first_log_index + u64::from(info.header.ops) {
						break;
					}
					if index >= info.header.first_log_index {
						(batch, sealed) = (n, true);
						break;
					}
				}
				return Ok(Some(json!({
					"block": format!("{at:?}"),
					"logIndex": index,
					"batch": batch,
					"sealed": sealed,
				})));
			}
			match self.client.header(at).map_err(runtime)? {
				Some(header) if header.number > 0 => at = header.parent_hash,
				_ => break,
			}
		}
		Ok(Some(json!({ "sequenced": true })))
	}

	fn batch(&self, batch: u64) -> RpcResult<Option<Value>> {
		let Some(info) = self.client.runtime_api().batch(self.best(), batch).map_err(runtime)?
		else {
			return Ok(None);
		};
		let h = info.header;
		let proven = info.proven.map(|p| {
			json!({
				"oldRoot": hex0x(&p.old_root),
				"newRoot": hex0x(&p.new_root),
				"commitment": hex0x(&p.commitment),
			})
		});
		Ok(Some(json!({
			"number": h.number,
			"timestamp": h.timestamp,
			"chunks": h.chunks,
			"ops": h.ops,
			"firstLogIndex": h.first_log_index,
			"pubdataHash": hex0x(&h.pubdata_hash),
			"onchainHash": hex0x(&h.onchain_hash),
			"sealedAt": h.sealed_at,
			"proven": proven,
		})))
	}

	fn batch_status(&self, batch: u64) -> RpcResult<Value> {
		let s = self.client.runtime_api().batch_status(self.best(), batch).map_err(runtime)?;
		let chains: Vec<Value> = s
			.chains
			.iter()
			.map(|c| {
				json!({
					"chain": c.chain.0,
					"proven": c.proven.is_some(),
					"syncHash": c.proven.map(|h| hex0x(&h)),
					"executed": c.executed,
				})
			})
			.collect();
		Ok(json!({
			"batch": s.batch,
			"sealed": s.sealed,
			"proven": s.proven,
			"commitCertified": s.commit_certified,
			"synced": s.synced,
			"chains": chains,
		}))
	}

	fn proof(&self, batch: u64) -> RpcResult<Option<String>> {
		let proof = self.client.runtime_api().proof(self.best(), batch).map_err(runtime)?;
		Ok(proof.map(|p| hex0x(&p)))
	}

	fn commit_signatures(&self, batch: u64) -> RpcResult<Value> {
		let (digest, signatures) =
			self.client.runtime_api().commit_signatures(self.best(), batch).map_err(runtime)?;
		Ok(json!({
			"digest": digest.map(|d| hex0x(&d)),
			"signatures": signatures.iter().map(|s| hex0x(s)).collect::<Vec<_>>(),
		}))
	}

	fn sync_certificate(&self, batch: u64) -> RpcResult<Option<Value>> {
		let certificate =
			self.client.runtime_api().sync_certificate(self.best(), batch).map_err(runtime)?;
		Ok(certificate.map(|(sync_hash, signatures)| {
			json!({
				"syncHash": hex0x(&sync_hash),
				"signatures": signatures.iter().map(|s| hex0x(s)).collect::<Vec<_>>(),
			})
		}))
	}

	fn revoked_from(&self) -> RpcResult<Option<u64>> {
		self.client.runtime_api().revoked_from(self.best()).map_err(runtime)
	}

	fn revocation_certificate(&self, batch: u64) -> RpcResult<Option<Value>> {
		let certificate = self
			.client
			.runtime_api()
			.revocation_certificate(self.best(), batch)
			.map_err(runtime)?;
		Ok(certificate.map(|(commitment, signatures)| {
			json!({
				"commitment": hex0x(&commitment),
				"signatures": signatures.iter().map(|s| hex0x(s)).collect::<Vec<_>>(),
			})
		}))
	}

	fn pubdata(&self, batch: u64) -> RpcResult<Option<String>> {
		let pubdata = self.client.runtime_api().pubdata(self.best(), batch).map_err(runtime)?;
		Ok(pubdata.map(|p| hex0x(&p)))
	}

	fn change_pubkey_witnesses(&self, batch: u64, chain: u8) -> RpcResult<Option<Vec<String>>> {
		let chain = ChainId::new(chain)
			.ok_or_else(|| invalid(format!("chain {chain} is not a chain index (1 to 4)")))?;
		let witnesses = self
			.client
			.runtime_api()
			.change_pubkey_witnesses(self.best(), batch, chain)
			.map_err(runtime)?;
		Ok(witnesses.map(|all| all.iter().map(|w| hex0x(w)).collect()))
	}
}
