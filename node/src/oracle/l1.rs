//! One L1 chain as the oracle reads it: the rollup contract's events, with alloy over HTTP, once
//! they have the chain's confirmation depth, turned into the [`Fact`]s the oracles vote on.

use alloy_primitives::{Address, B256, U256};
use alloy_provider::{Provider, ProviderBuilder, RootProvider};
use alloy_rpc_types_eth::{Filter, Log};
use alloy_sol_types::SolCall;
use alloy_sol_types::SolEvent;
use pallet_polylink_root_consensus::Fact;
use polylink_l1_bindings::abi::{Block8Verifier, Rollup};
use polylink_primitives::{
	account::AccountId,
	chain::ChainId,
	eth::L1Address,
	signature::PubKeyHash,
	token::TokenId,
	tx::{Deposit, FullExit, PriorityOp},
};
use polylink_runtime_api::OracleChain;

/// The most L1 blocks one `eth_getLogs` call spans (public endpoints cap the range).
pub const MAX_LOG_RANGE: u64 = 2_000;

/// The events the oracle votes on, by topic 0.
const WATCHED: [B256; 6] = [
	Rollup::Deposit::SIGNATURE_HASH,
	Rollup::FullExitRequest::SIGNATURE_HASH,
	Rollup::BatchProven::SIGNATURE_HASH,
	Rollup::BatchExecuted::SIGNATURE_HASH,
	Rollup::AuthPubkeyHashSet::SIGNATURE_HASH,
	Rollup::TokenRegistered::SIGNATURE_HASH,
];

/// Why an L1 endpoint cannot be used (or not right now).
#[derive(Debug, thiserror::Error)]
pub enum L1Error {
	/// The endpoint did not answer or answered garbage; worth retrying.
	#[error("L1 chain {chain}: {what}: {source}")]
	Rpc {
		/// The chain index.
		chain: u8,
		/// What was asked.
		what: &'static str,
		/// The transport's error.
		source: alloy_transport::TransportError,
	},
	/// The endpoint serves another chain than the deployment registered: a configuration error.
	#[error(
		"--l1 {chain}=…: the endpoint serves EVM chain {actual}, but chain {chain} of this \
		 deployment is EVM chain {expected}; point --l1 {chain} at the right network"
	)]
	WrongChain {
		/// The chain index.
		chain: u8,
		/// The EVM chain id the deployment registered.
		expected: u64,
		/// The EVM chain id the endpoint reports.
		actual: u64,
	},
	/// The rollup contract has no verifier, or another key's, for a size the appchain seals: a
	/// batch of that size could never be proven there.
	#[error(
		"chain {chain}: the rollup contract {detail} for {chunks}-chunk batches, which the appchain \
		 seals: that chain could never prove such a batch. Redeploy it with a verifier generated \
		 from the appchain's key (contracts/script/DeployChain.s.sol, polylink-keys export-solidity)"
	)]
	Verifier {
		/// The chain index.
		chain: u8,
		/// The circuit size.
		chunks: u32,
		/// What is wrong.
		detail: String,
	},
	/// The rollup contract's exit verifier holds another key than the appchain registered:
	/// exit proofs made with the deployment's parameters would be refused there.
	#[error(
		"chain {chain}: the rollup contract's {detail}: exit proofs made with the deployment's \
		 parameters would be refused there. Redeploy it with the exit verifier generated from \
		 the appchain's exit key (contracts/script/DeployChain.s.sol, polylink-keys \
		 export-solidity)"
	)]
	ExitVerifier {
		/// The chain index.
		chain: u8,
		/// What is wrong.
		detail: String,
	},
	/// A log of a watched event from the rollup contract does not decode (or comes without a
	/// block number): the scan stops before it, so no fact is skipped; the oracle retries and
	/// reports until the endpoint or the node's bindings are fixed.
	#[error(
		"L1 chain {chain}: a {what} at block {block:?} cannot be read ({detail}); the oracle \
		 stops before it rather than skip a fact: check the endpoint, and that this node's \
		 contract bindings match the deployed contract"
	)]
	BadLog {
		/// The chain index.
		chain: u8,
		/// The L1 block holding the log, if known.
		block: Option<u64>,
		/// Which log.
		what: &'static str,
		/// What is wrong.
		detail: String,
	},
	/// Nothing is deployed at the registered contract address (yet: a devnet deploys after
	/// its nodes start).
	#[error(
		"--l1 {chain}=…: no contract at {contract} (the deployment's rollup contract on that \
		 chain) yet; deploy it, or run the node with the chain spec of the deployment there"
	)]
	NoContract {
		/// The chain index.
		chain: u8,
		/// The registered contract address.
		contract: Address,
	},
}

impl L1Error {
	/// Whether retrying later may help (the endpoint is down, or the contract not deployed
	/// yet); a wrong chain is not.
	pub fn is_transient(&self) -> bool {
		matches!(self, L1Error::Rpc { .. } | L1Error::NoContract { .. })
	}
}

/// A fact read from an L1 log, with the L1 block it is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Observed {
	/// The L1 block holding the event.
	pub block: u64,
	/// The fact.
	pub fact: Fact,
}

/// An L1 chain's rollup contract, read through one HTTP endpoint.
pub struct L1Chain {
	/// The chain as the runtime registered it.
	pub chain: OracleChain,
	provider: RootProvider,
	contract: Address,
	verifiers: Vec<(u32, [u8; 32])>,
	exit_key: Option<[u8; 32]>,
}

impl L1Chain {
	/// Connects to `url` for `chain` (no request is made yet); `verifiers` are the circuit sizes
	/// the appchain seals with the hash of the key it registers for each, `exit_key` the hash of
	/// the exit circuit's key it registered.
	pub fn new(
		chain: OracleChain,
		url: url::Url,
		verifiers: Vec<(u32, [u8; 32])>,
		exit_key: Option<[u8; 32]>,
	) -> Self {
		let provider: RootProvider =
			ProviderBuilder::new().disable_recommended_fillers().connect_hyper_http(url);
		let contract = Address::from(chain.info.contract.0);
		Self { chain, provider, contract, verifiers, exit_key }
	}

	/// The chain index.
	pub fn index(&self) -> u8 {
		self.chain.chain.0
	}

	/// Checks that the endpoint serves the registered chain and that the contract is there.
	pub async fn check(&self) -> Result<(), L1Error> {
		let chain = self.index();
		let actual = self.provider.get_chain_id().await.map_err(|source| L1Error::Rpc {
			chain,
			what: "eth_chainId",
			source,
		})?;
		let expected = self.chain.info.evm_chain_id;
		if actual != expected {
			return Err(L1Error::WrongChain { chain, expected, actual });
		}
		let code = self
			.provider
			.get_code_at(self.contract)
			.await
			.map_err(|source| L1Error::Rpc { chain, what: "eth_getCode", source })?;
		if code.is_empty() {
			return Err(L1Error::NoContract { chain, contract: self.contract });
		}
		for &(chunks, registered) in &self.verifiers {
			let call = Rollup::blockVerifierCall { chunks: U256::from(chunks) };
			let verifier = self.call(self.contract, call).await?;
			if verifier.is_zero() {
				let detail = "has no verifier".to_string();
				return Err(L1Error::Verifier { chain, chunks, detail });
			}
			// Every generated verifier exposes VK_HASH (one ABI for all sizes).
			let hash = self.call(verifier, Block8Verifier::VK_HASHCall {}).await.map_err(|_| {
				let detail = format!("'s verifier {verifier} has no VK_HASH");
				L1Error::Verifier { chain, chunks, detail }
			})?;
			if hash.0 != registered {
				let detail = format!(
					"'s verifier {verifier} holds key 0x{} instead of the registered 0x{}",
					hex::encode(hash.0),
					hex::encode(registered)
				);
				return Err(L1Error::Verifier { chain, chunks, detail });
			}
		}
		if let Some(registered) = self.exit_key {
			let verifier = self.call(self.contract, Rollup::exitVerifierCall {}).await?;
			// The generated exit verifier exposes VK_HASH as the block verifiers do.
			let hash = self.call(verifier, Block8Verifier::VK_HASHCall {}).await.map_err(|_| {
				L1Error::ExitVerifier {
					chain,
					detail: format!("exit verifier {verifier} has no VK_HASH"),
				}
			})?;
			if hash.0 != registered {
				return Err(L1Error::ExitVerifier {
					chain,
					detail: format!(
						"exit verifier {verifier} holds key 0x{} instead of the registered 0x{}",
						hex::encode(hash.0),
						hex::encode(registered)
					),
				});
			}
		}
		Ok(())
	}

	/// An `eth_call` of `call` to `to` at the latest block, decoded.
	async fn call<C: SolCall>(&self, to: Address, call: C) -> Result<C::Return, L1Error> {
		let request = alloy_rpc_types_eth::TransactionRequest::default()
			.to(to)
			.input(call.abi_encode().into());
		let chain = self.index();
		let bytes = self.provider.call(request).await.map_err(|source| L1Error::Rpc {
			chain,
			what: "eth_call",
			source,
		})?;
		C::abi_decode_returns(&bytes).map_err(|e| L1Error::Verifier {
			chain,
			chunks: 0,
			detail: format!("answered an undecodable {} ({e})", C::SIGNATURE),
		})
	}

	/// The newest L1 block whose events have the confirmation depth: the block holding an
	/// event is its first confirmation, so with depth `d` that is `head − (d − 1)` (a depth of
	/// 0 counts as 1). `None` while the chain is shorter than the depth.
	pub async fn confirmed_head(&self) -> Result<Option<u64>, L1Error> {
		let head = self.provider.get_block_number().await.map_err(|source| L1Error::Rpc {
			chain: self.index(),
			what: "eth_blockNumber",
			source,
		})?;
		Ok(head.checked_sub(u64::from(self.chain.confirmations.max(1)) - 1))
	}

	/// The facts of the watched events in L1 blocks `from..=to`, in log order (`to − from`
	/// below [`MAX_LOG_RANGE`]); see [`facts_of`].
	pub async fn facts(&self, from: u64, to: u64) -> Result<Vec<Observed>, L1Error> {
		let filter = Filter::new()
			.address(self.contract)
			.event_signature(WATCHED.to_vec())
			.from_block(from)
			.to_block(to);
		let logs = self.provider.get_logs(&filter).await.map_err(|source| L1Error::Rpc {
			chain: self.index(),
			what: "eth_getLogs",
			source,
		})?;
		facts_of(self.chain.chain, &logs)
	}
}

/// The facts `logs` (an `eth_getLogs` answer for the rollup contract) state, in log order.
/// Removed logs (a reorg) and unwatched events state none; a watched event that does not decode
/// or has no block number is an error ([`L1Error::BadLog`]), never skipped: skipping it would
/// move the oracle's cursor past a deposit or a full exit for good.
pub fn facts_of(chain: ChainId, logs: &[Log]) -> Result<Vec<Observed>, L1Error> {
	let mut out = Vec::with_capacity(logs.len());
	for log in logs.iter().filter(|log| !log.removed) {
		let bad = |detail: String| L1Error::BadLog {
			chain: chain.0,
			block: log.block_number,
			what: "rollup contract log",
			detail,
		};
		let Some(fact) = fact_of(chain, log).map_err(|e| bad(e.to_string()))? else { continue };
		let block = log.block_number.ok_or_else(|| bad("no block number".into()))?;
		out.push(Observed { block, fact });
	}
	Ok(out)
}

/// The fact a rollup contract log on `chain` states, or `None` for an event the oracle does not
/// vote on.
pub fn fact_of(chain: ChainId, log: &Log) -> Result<Option<Fact>, alloy_sol_types::Error> {
	let data = log.data();
	let Some(topic) = data.topics().first() else { return Ok(None) };
	let fact = match *topic {
		Rollup::Deposit::SIGNATURE_HASH => {
			let event = Rollup::Deposit::decode_log_data(data)?;
			Fact::Priority {
				chain,
				serial_id: event.serialId,
				op: PriorityOp::Deposit(Deposit {
					chain,
					serial_id: event.serialId,
					to: L1Address(event.to.into_array()),
					token: TokenId(event.tokenId),
					amount: event.amountL2,
				}),
			}
		}
		Rollup::FullExitRequest::SIGNATURE_HASH => {
			let event = Rollup::FullExitRequest::decode_log_data(data)?;
			Fact::Priority {
				chain,
				serial_id: event.serialId,
				op: PriorityOp::FullExit(FullExit {
					chain,
					serial_id: event.serialId,
					account: AccountId(event.accountId),
					owner: L1Address(event.owner.into_array()),
					token: TokenId(event.tokenId),
				}),
			}
		}
		Rollup::BatchProven::SIGNATURE_HASH => {
			let event = Rollup::BatchProven::decode_log_data(data)?;
			Fact::BatchProven { chain, batch: event.batchNumber, sync_hash: event.syncHash.0 }
		}
		Rollup::BatchExecuted::SIGNATURE_HASH => {
			let event = Rollup::BatchExecuted::decode_log_data(data)?;
			Fact::BatchExecuted { chain, batch: event.batchNumber }
		}
		Rollup::AuthPubkeyHashSet::SIGNATURE_HASH => {
			let event = Rollup::AuthPubkeyHashSet::decode_log_data(data)?;
			Fact::PubkeyApproved {
				chain,
				owner: L1Address(event.owner.into_array()),
				nonce: event.nonce,
				pubkey_hash: PubKeyHash(event.pubKeyHash.0),
			}
		}
		Rollup::TokenRegistered::SIGNATURE_HASH => {
			let event = Rollup::TokenRegistered::decode_log_data(data)?;
			Fact::TokenRegistered {
				chain,
				token: TokenId(event.tokenId),
				address: L1Address(event.token.into_array()),
				decimals: event.decimals,
			}
		}
		_ => return Ok(None),
	};
	Ok(Some(fact))
}

#[cfg(test)]
mod tests {
	use super::*;
	use alloy_primitives::{FixedBytes, U256};

	/// A contract log of `event`, as an endpoint returns it.
	fn log_of(event: &impl SolEvent) -> Log {
		Log {
			inner: alloy_primitives::Log {
				address: Address::repeat_byte(0x5f),
				data: event.encode_log_data(),
			},
			block_number: Some(7),
			..Default::default()
		}
	}

	#[test]
	fn every_watched_event_is_the_fact_it_states() {
		let chain = ChainId(2);
		let owner = Address::repeat_byte(0x11);
		let cases: Vec<(Log, Fact)> = vec![
			(
				log_of(&Rollup::Deposit {
					serialId: 4,
					to: owner,
					tokenId: 1,
					amountL2: 5_000,
					expirationBlock: 99,
				}),
				Fact::Priority {
					chain,
					serial_id: 4,
					op: PriorityOp::Deposit(Deposit {
						chain,
						serial_id: 4,
						to: L1Address([0x11; 20]),
						token: TokenId(1),
						amount: 5_000,
					}),
				},
			),
			(
				log_of(&Rollup::FullExitRequest {
					serialId: 5,
					accountId: 3,
					owner,
					tokenId: 2,
					expirationBlock: 99,
				}),
				Fact::Priority {
					chain,
					serial_id: 5,
					op: PriorityOp::FullExit(FullExit {
						chain,
						serial_id: 5,
						account: AccountId(3),
						owner: L1Address([0x11; 20]),
						token: TokenId(2),
					}),
				},
			),
			(
				log_of(&Rollup::BatchProven {
					batchNumber: 6,
					commitment: B256::repeat_byte(1),
					syncHash: B256::repeat_byte(2),
				}),
				Fact::BatchProven { chain, batch: 6, sync_hash: [2; 32] },
			),
			(
				log_of(&Rollup::BatchExecuted { batchNumber: 6 }),
				Fact::BatchExecuted { chain, batch: 6 },
			),
			(
				log_of(&Rollup::AuthPubkeyHashSet {
					owner,
					nonce: 8,
					pubKeyHash: FixedBytes([0xab; 20]),
				}),
				Fact::PubkeyApproved {
					chain,
					owner: L1Address([0x11; 20]),
					nonce: 8,
					pubkey_hash: PubKeyHash([0xab; 20]),
				},
			),
			(
				log_of(&Rollup::TokenRegistered {
					tokenId: 7,
					token: owner,
					decimals: 6,
					minDeposit: 1_000,
				}),
				Fact::TokenRegistered {
					chain,
					token: TokenId(7),
					address: L1Address([0x11; 20]),
					decimals: 6,
				},
			),
		];
		assert_eq!(cases.len(), WATCHED.len(), "one case per watched event");
		for (log, fact) in cases {
			assert_eq!(fact_of(chain, &log).unwrap(), Some(fact));
		}
	}

	#[test]
	fn other_events_are_no_facts() {
		let log = log_of(&Rollup::BatchesReverted { newTotalCommitted: 0 });
		assert_eq!(fact_of(ChainId(1), &log).unwrap(), None);
		let log = log_of(&Rollup::PriorityFeeCollected { serialId: 1, fee: U256::from(1) });
		assert_eq!(fact_of(ChainId(1), &log).unwrap(), None);
	}

	#[test]
	fn a_watched_topic_with_bad_data_is_an_error() {
		let mut log = log_of(&Rollup::Deposit {
			serialId: 4,
			to: Address::ZERO,
			tokenId: 1,
			amountL2: 5,
			expirationBlock: 9,
		});
		let topics = log.inner.data.topics().to_vec();
		log.inner.data = alloy_primitives::LogData::new_unchecked(topics, vec![1, 2, 3].into());
		assert!(fact_of(ChainId(1), &log).is_err());
	}

	#[test]
	fn a_bad_log_stops_the_scan_instead_of_being_skipped() {
		let deposit = |serial: u64| {
			log_of(&Rollup::Deposit {
				serialId: serial,
				to: Address::ZERO,
				tokenId: 1,
				amountL2: 5,
				expirationBlock: 9,
			})
		};
		let good = facts_of(ChainId(1), &[deposit(0), deposit(1)]).expect("two facts");
		assert_eq!(good.len(), 2);
		// A deposit that does not decode between two good ones: no fact of the window counts,
		// so the cursor stays before it.
		let mut broken = deposit(1);
		let topics = broken.inner.data.topics().to_vec();
		broken.inner.data = alloy_primitives::LogData::new_unchecked(topics, vec![0; 5].into());
		let error = facts_of(ChainId(1), &[deposit(0), broken, deposit(2)]).unwrap_err();
		assert!(matches!(error, L1Error::BadLog { chain: 1, block: Some(7), .. }), "{error}");
		// A watched log without a block number, too; a removed one and an unwatched one are
		// no facts.
		let mut pending = deposit(3);
		pending.block_number = None;
		assert!(matches!(facts_of(ChainId(1), &[pending]), Err(L1Error::BadLog { .. })));
		let mut removed = deposit(3);
		removed.removed = true;
		let other = log_of(&Rollup::BatchesReverted { newTotalCommitted: 0 });
		assert!(facts_of(ChainId(1), &[removed, other]).expect("no facts").is_empty());
	}
}
