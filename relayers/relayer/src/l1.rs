//! One L1 rollup contract as the relayer drives it: its counters and committed records read,
//! its transactions simulated, signed and sent.
//!
//! Every transaction is simulated first (`eth_call`): a call the contract would refuse is never
//! sent, and its revert reason is decoded against the contract's errors. A transaction that
//! reverts anyway (another relayer's landed first) costs its gas and nothing else; the next
//! pass reads the contract again.

use alloy_network::{EthereumWallet, ReceiptResponse};
use alloy_primitives::{Address, FixedBytes, TxHash, U256};
use alloy_provider::{DynProvider, Provider, ProviderBuilder};
use alloy_rpc_types_eth::{Filter, TransactionRequest};
use alloy_sol_types::{SolCall, SolEvent};
use alloy_transport::{RpcError, TransportErrorKind};
use polylink_l1_bindings::{revert_reason, IRollup::StoredBatchInfo, Rollup};
use polylink_primitives::chain::ChainId;
use std::collections::BTreeMap;

use crate::config::{ChainConfig, ConfigError, DEVNET_CHAIN_IDS};

/// Why an L1 request failed.
#[derive(Debug, thiserror::Error)]
pub enum L1Error {
	/// The endpoint failed (down, timed out, or an error that is not a revert).
	#[error("chain {chain}: {what} failed: {message}")]
	Rpc {
		/// The chain index.
		chain: u8,
		/// The request.
		what: String,
		/// The endpoint's error.
		message: String,
	},
	/// The contract refuses the call (found by the simulation; nothing was sent).
	#[error("chain {chain}: the contract refuses {what}: {reason}")]
	Refused {
		/// The chain index.
		chain: u8,
		/// The call.
		what: String,
		/// The decoded revert reason.
		reason: String,
	},
	/// A sent transaction was mined and reverted (it cost its gas).
	#[error("chain {chain}: {what} reverted on chain in {hash}")]
	Reverted {
		/// The chain index.
		chain: u8,
		/// The call.
		what: String,
		/// The transaction.
		hash: TxHash,
	},
	/// The deployment on this endpoint is not the configured one.
	#[error("chain {chain}: {detail}")]
	Misconfigured {
		/// The chain index.
		chain: u8,
		/// What does not match.
		detail: String,
	},
	/// The configuration cannot be used.
	#[error(transparent)]
	Config(#[from] ConfigError),
}

/// A contract's batch counters.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
	/// `totalCommitted`.
	pub committed: u64,
	/// `totalProven`.
	pub proven: u64,
	/// `totalSynced`.
	pub synced: u64,
	/// `totalExecuted`.
	pub executed: u64,
	/// `exitMode`: nothing is committed or proven any more.
	pub exit_mode: bool,
}

/// One chain's rollup contract with the relayer's sending key.
pub struct L1 {
	chain: ChainId,
	contract: Address,
	sender: Address,
	da: bool,
	provider: DynProvider,
	/// The records of committed batches (from their `BatchCommitted` events), rebuilt from the
	/// chain whenever missing.
	stored: BTreeMap<u64, StoredBatchInfo>,
}

impl L1 {
	/// Connects to the configured chain and checks that its contract is the deployment's
	/// rollup for that index; learns whether it is the DA chain.
	pub async fn connect(config: &ChainConfig) -> Result<Self, L1Error> {
		let chain = config.chain_id()?;
		let signer = config.signer()?;
		let sender = signer.address();
		let url = url::Url::parse(&config.rpc).map_err(|e| L1Error::Misconfigured {
			chain: chain.0,
			detail: format!("rpc `{}` is not a URL: {e}", config.rpc),
		})?;
		// The nonce is read from the chain for every transaction (alloy's default cache would
		// keep a nonce taken by a transaction whose gas estimate then failed — another relayer
		// won the step — and every later transaction would wait behind that gap forever).
		let provider = ProviderBuilder::new()
			.disable_recommended_fillers()
			.with_gas_estimation()
			.with_simple_nonce_management()
			.fetch_chain_id()
			.wallet(EthereumWallet::from(signer))
			.connect_hyper_http(url)
			.erased();
		let mut l1 = Self {
			chain,
			contract: config.contract,
			sender,
			da: false,
			provider,
			stored: BTreeMap::new(),
		};
		let index = l1.view(Rollup::chainIndexCall {}).await.map_err(|e| match e {
			L1Error::Refused { .. } => L1Error::Misconfigured {
				chain: chain.0,
				detail: format!("no Polylink rollup contract at {}", config.contract),
			},
			other => other,
		})?;
		if index != chain.0 {
			return Err(L1Error::Misconfigured {
				chain: chain.0,
				detail: format!(
					"the contract at {} is the rollup of chain {index}, not {}",
					config.contract, chain.0
				),
			});
		}
		if config.key_is_inline() {
			let id = l1.provider.get_chain_id().await.map_err(|e| l1.rpc("eth_chainId", e))?;
			if !DEVNET_CHAIN_IDS.contains(&id) {
				return Err(L1Error::Misconfigured {
					chain: chain.0,
					detail: format!(
						"its sending key is inline in the configuration, which only a devnet \
						 (EVM chain ids {}..={}) allows, and this is EVM chain {id}: set key_env \
						 or key_file instead",
						DEVNET_CHAIN_IDS.start(),
						DEVNET_CHAIN_IDS.end()
					),
				});
			}
		}
		l1.da = l1.view(Rollup::isDAChainCall {}).await?;
		Ok(l1)
	}

	/// The chain's index.
	pub fn chain(&self) -> ChainId {
		self.chain
	}

	/// Whether this is the DA chain (it takes the full pubdata).
	pub fn is_da(&self) -> bool {
		self.da
	}

	/// The address the relayer sends from.
	pub fn sender(&self) -> Address {
		self.sender
	}

	/// The contract's counters.
	pub async fn totals(&self) -> Result<Totals, L1Error> {
		Ok(Totals {
			committed: self.view(Rollup::totalCommittedCall {}).await?,
			proven: self.view(Rollup::totalProvenCall {}).await?,
			synced: self.view(Rollup::totalSyncedCall {}).await?,
			executed: self.view(Rollup::totalExecutedCall {}).await?,
			exit_mode: self.view(Rollup::exitModeCall {}).await?,
		})
	}

	/// The record the contract stored for committed batch `n` (its latest `BatchCommitted`
	/// event: a reverted and recommitted batch has several). Call only for `n ≤ committed`.
	pub async fn stored(&mut self, n: u64) -> Result<StoredBatchInfo, L1Error> {
		if let Some(stored) = self.stored.get(&n) {
			return Ok(stored.clone());
		}
		let filter = Filter::new()
			.address(self.contract)
			.event_signature(Rollup::BatchCommitted::SIGNATURE_HASH)
			.topic1(U256::from(n))
			.from_block(0);
		let logs = self.provider.get_logs(&filter).await.map_err(|e| self.rpc("eth_getLogs", e))?;
		let log = logs.last().ok_or_else(|| L1Error::Misconfigured {
			chain: self.chain.0,
			detail: format!("batch {n} is committed but its BatchCommitted event is not found"),
		})?;
		let event = Rollup::BatchCommitted::decode_log_data(log.data()).map_err(|e| {
			L1Error::Misconfigured {
				chain: self.chain.0,
				detail: format!("batch {n}'s BatchCommitted event does not decode: {e}"),
			}
		})?;
		self.stored.insert(n, event.info.clone());
		Ok(event.info)
	}

	/// Whether the contract refuses `commitment` already (a revert or a revocation certificate).
	pub async fn revoked(&self, commitment: FixedBytes<32>) -> Result<bool, L1Error> {
		self.view(Rollup::revokedCommitmentCall { commitment }).await
	}

	/// The commitment of a stored record (the contract's `commitmentOf`, which binds the
	/// deployment's live chains).
	pub async fn commitment_of(&self, stored: &StoredBatchInfo) -> Result<FixedBytes<32>, L1Error> {
		self.view(Rollup::commitmentOfCall { s: stored.clone() }).await
	}

	/// Forgets every record (after the contract refused a step: what it stores may have
	/// changed under the cache, e.g. a revert and a recommit of the same batch number).
	pub fn forget_stored(&mut self) {
		self.stored.clear();
	}

	/// Forgets the records above `committed` (a revert dropped them).
	pub fn forget_above(&mut self, committed: u64) {
		self.stored.retain(|n, _| *n <= committed);
	}

	/// Simulates `call`; if the contract takes it, signs and sends it and waits for its receipt.
	pub async fn send<C: SolCall>(&self, what: &str, call: C) -> Result<TxHash, L1Error> {
		let request = TransactionRequest::default()
			.from(self.sender)
			.to(self.contract)
			.input(call.abi_encode().into());
		self.provider.call(request.clone()).await.map_err(|e| self.refusal(what, e))?;
		let pending =
			self.provider.send_transaction(request).await.map_err(|e| self.refusal(what, e))?;
		let receipt = pending.get_receipt().await.map_err(|e| L1Error::Rpc {
			chain: self.chain.0,
			what: format!("the receipt of {what}"),
			message: e.to_string(),
		})?;
		let hash = receipt.transaction_hash();
		if !receipt.status() {
			return Err(L1Error::Reverted { chain: self.chain.0, what: what.into(), hash });
		}
		Ok(hash)
	}

	/// An `eth_call` of a view of the contract, decoded.
	async fn view<C: SolCall>(&self, call: C) -> Result<C::Return, L1Error> {
		let request =
			TransactionRequest::default().to(self.contract).input(call.abi_encode().into());
		let what = C::SIGNATURE;
		let bytes = self.provider.call(request).await.map_err(|e| self.refusal(what, e))?;
		C::abi_decode_returns(&bytes).map_err(|e| L1Error::Refused {
			chain: self.chain.0,
			what: what.into(),
			reason: format!("an undecodable answer ({e}): is this the rollup contract?"),
		})
	}

	/// An endpoint error.
	fn rpc(&self, what: &str, error: RpcError<TransportErrorKind>) -> L1Error {
		L1Error::Rpc { chain: self.chain.0, what: what.into(), message: error.to_string() }
	}

	/// A refusal (revert data decoded against the contract's errors) or an endpoint error.
	fn refusal(&self, what: &str, error: RpcError<TransportErrorKind>) -> L1Error {
		let data = error.as_error_resp().and_then(|payload| payload.as_revert_data());
		match data {
			Some(data) => L1Error::Refused {
				chain: self.chain.0,
				what: what.into(),
				reason: revert_reason(&data),
			},
			None => self.rpc(what, error),
		}
	}
}
