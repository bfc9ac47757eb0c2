//! An L1 chain as a user acts on it: the rollup contract's views and the user's own signed
//! transactions (deposits, token approvals).
//!
//! Every transaction is simulated first (`eth_call` from the user's address): one the contract
//! would refuse is not sent, and the refusal names the contract's error.

use alloy_network::ReceiptResponse;
use alloy_primitives::{Address, TxHash, U256};
use alloy_provider::{DynProvider, Provider, ProviderBuilder};
use alloy_rpc_types_eth::TransactionRequest;
use alloy_signer_local::PrivateKeySigner;
use alloy_sol_types::SolCall;
use alloy_transport::{RpcError, TransportErrorKind};
use polylink_l1_bindings::{revert_reason, Rollup, IERC20};

/// Why an L1 request failed.
#[derive(Debug, thiserror::Error)]
pub enum L1Error {
	/// The endpoint could not be reached or failed.
	#[error("the L1 endpoint {url} failed ({what}): {message} (is --l1-rpc right?)")]
	Unreachable {
		/// The endpoint.
		url: String,
		/// The request.
		what: String,
		/// What went wrong.
		message: String,
	},
	/// The endpoint refuses the call: the contract reverts, or the account cannot pay (nothing
	/// was sent).
	#[error("{what} is refused: {reason}")]
	Refused {
		/// The call.
		what: String,
		/// The decoded revert reason.
		reason: String,
	},
	/// The transaction was mined and reverted.
	#[error("{what} reverted on L1 in {hash}")]
	Reverted {
		/// The call.
		what: String,
		/// The transaction.
		hash: TxHash,
	},
	/// The key is not a secp256k1 secret key.
	#[error("the L1 key is not 32 bytes of hex")]
	BadKey,
}

/// An L1 endpoint with the user's key.
pub struct L1 {
	url: String,
	sender: Address,
	provider: DynProvider,
	runtime: tokio::runtime::Runtime,
	/// Each contract's deployment block, once found (every log scan starts there).
	deployed: std::sync::Mutex<std::collections::BTreeMap<Address, u64>>,
}

impl L1 {
	/// Connects to `url` (no request is made yet) with the key `key` (hex).
	pub fn new(url: &str, key: &str) -> Result<Self, L1Error> {
		let unreachable = |message: String| L1Error::Unreachable {
			url: url.into(),
			what: "connect".into(),
			message,
		};
		let signer: PrivateKeySigner =
			key.trim().trim_start_matches("0x").parse().map_err(|_| L1Error::BadKey)?;
		let sender = signer.address();
		let (parsed, runtime) = crate::endpoint(url).map_err(unreachable)?;
		let provider = runtime.block_on(async {
			ProviderBuilder::new().wallet(signer).connect_hyper_http(parsed).erased()
		});
		Ok(Self { url: url.into(), sender, provider, runtime, deployed: Default::default() })
	}

	/// Connects to `url` without a key: views and logs only (`sender` is the zero address).
	pub fn reader(url: &str) -> Result<Self, L1Error> {
		let unreachable = |message: String| L1Error::Unreachable {
			url: url.into(),
			what: "connect".into(),
			message,
		};
		let (parsed, runtime) = crate::endpoint(url).map_err(unreachable)?;
		let provider =
			runtime.block_on(async { ProviderBuilder::new().connect_hyper_http(parsed).erased() });
		Ok(Self {
			url: url.into(),
			sender: Address::ZERO,
			provider,
			runtime,
			deployed: Default::default(),
		})
	}

	/// Every event `E` of `contract` with the transaction that emitted it, in chain order:
	/// scanned from the block the contract was deployed in, in windows of at most
	/// [`LOG_WINDOW`] blocks, halved while the endpoint refuses a window (providers bound
	/// `eth_getLogs` ranges and result sizes).
	pub fn events<E: alloy_sol_types::SolEvent>(
		&self,
		contract: Address,
	) -> Result<Vec<(TxHash, E)>, L1Error> {
		let latest = self.block_number()?;
		let known = self.deployed.lock().expect("not poisoned").get(&contract).copied();
		let first = match known {
			Some(first) => first,
			None => {
				let first = self.deployment_block(contract, latest)?;
				self.deployed.lock().expect("not poisoned").insert(contract, first);
				first
			}
		};
		let logs = scan_windows(first, latest, LOG_WINDOW, |from, to| {
			let filter = alloy_rpc_types_eth::Filter::new()
				.address(contract)
				.event_signature(E::SIGNATURE_HASH)
				.from_block(from)
				.to_block(to);
			self.runtime
				.block_on(self.provider.get_logs(&filter))
				.map_err(|e| self.unreachable("eth_getLogs", e))
		})?;
		let mut events = Vec::with_capacity(logs.len());
		for log in logs {
			// A mined log always names its transaction; one that does not is the endpoint's fault.
			let tx = log.transaction_hash.ok_or_else(|| L1Error::Unreachable {
				url: self.url.clone(),
				what: "eth_getLogs".into(),
				message: format!("a {} log without its transaction hash", E::SIGNATURE),
			})?;
			let event = log.log_decode::<E>().map_err(|e| L1Error::Refused {
				what: E::SIGNATURE.into(),
				reason: format!("an undecodable event ({e}): is the contract address right?"),
			})?;
			events.push((tx, event.inner.data));
		}
		Ok(events)
	}

	/// The block to scan `contract`'s events from: the block it was deployed in (the first
	/// with its code, found by bisection). Where the endpoint cannot answer for an old block
	/// (a node without old state) the scan starts earlier, never later: logs outlive pruned
	/// state, and missing one would be worse than reading more windows. Refused when there is
	/// no code at `latest`.
	pub fn deployment_block(&self, contract: Address, latest: u64) -> Result<u64, L1Error> {
		let has_code = |block: u64| -> Result<bool, L1Error> {
			let code = self
				.runtime
				.block_on(async { self.provider.get_code_at(contract).number(block).await })
				.map_err(|e| self.unreachable("eth_getCode", e))?;
			Ok(!code.is_empty())
		};
		if !has_code(latest)? {
			return Err(L1Error::Refused {
				what: "the rollup contract".into(),
				reason: format!("no contract at {contract}: is --contract right?"),
			});
		}
		Ok(first_deployed(latest, |block| has_code(block).unwrap_or(true)))
	}

	/// The tokens registered on `contract` (its `TokenRegistered` events), each with its symbol:
	/// `ETH` for the native coin, the ERC-20's `symbol()` otherwise (`?` when the token refuses
	/// it; an endpoint failure is an error).
	pub fn registered_tokens(&self, contract: Address) -> Result<Vec<(u16, String)>, L1Error> {
		let mut tokens = Vec::new();
		for (_, registered) in self.events::<Rollup::TokenRegistered>(contract)? {
			let symbol = if registered.token == Address::ZERO {
				"ETH".to_string()
			} else {
				match self.view(registered.token, IERC20::symbolCall {}) {
					Ok(symbol) => symbol,
					Err(L1Error::Refused { .. }) => "?".into(),
					Err(failed) => return Err(failed),
				}
			};
			tokens.push((registered.tokenId, symbol));
		}
		Ok(tokens)
	}

	/// Every `BatchCommitted` event of `contract`: batch → (its commit transaction, the
	/// commitment recorded). A batch reverted and committed again keeps its latest commit.
	pub fn batch_commits(
		&self,
		contract: Address,
	) -> Result<std::collections::BTreeMap<u64, (TxHash, alloy_primitives::B256)>, L1Error> {
		Ok(self
			.events::<Rollup::BatchCommitted>(contract)?
			.into_iter()
			.map(|(tx, event)| (event.batchNumber, (tx, event.commitment)))
			.collect())
	}

	/// The endpoint's latest block number.
	pub fn block_number(&self) -> Result<u64, L1Error> {
		self.runtime
			.block_on(self.provider.get_block_number())
			.map_err(|e| self.unreachable("eth_blockNumber", e))
	}

	/// The input (calldata) of transaction `tx`.
	pub fn transaction_input(&self, tx: TxHash) -> Result<Vec<u8>, L1Error> {
		let what = "eth_getTransactionByHash";
		let found: serde_json::Value = self
			.runtime
			.block_on(self.provider.raw_request(what.into(), (tx,)))
			.map_err(|e| self.unreachable(what, e))?;
		let missing = |message: String| L1Error::Unreachable {
			url: self.url.clone(),
			what: what.into(),
			message,
		};
		let input = found["input"].as_str().ok_or_else(|| {
			missing(format!("{tx} is unknown to the endpoint (an archive node is needed)"))
		})?;
		hex::decode(input.trim_start_matches("0x")).map_err(|e| missing(format!("input: {e}")))
	}

	/// The user's L1 address.
	pub fn sender(&self) -> Address {
		self.sender
	}

	/// The endpoint's EVM chain id.
	pub fn chain_id(&self) -> Result<u64, L1Error> {
		self.runtime
			.block_on(self.provider.get_chain_id())
			.map_err(|e| self.unreachable("eth_chainId", e))
	}

	/// A view of contract `to`, decoded.
	pub fn view<C: SolCall>(&self, to: Address, call: C) -> Result<C::Return, L1Error> {
		let request = TransactionRequest::default().to(to).input(call.abi_encode().into());
		let what = C::SIGNATURE;
		let bytes = self
			.runtime
			.block_on(async { self.provider.call(request).await })
			.map_err(|e| self.refusal(what, e))?;
		C::abi_decode_returns(&bytes).map_err(|e| L1Error::Refused {
			what: what.into(),
			reason: format!("an undecodable answer ({e}): is the contract address right?"),
		})
	}

	/// Simulates `call` to `to` with `value` wei, then signs and sends it and waits for its
	/// receipt.
	pub fn send<C: SolCall>(
		&self,
		what: &str,
		to: Address,
		call: C,
		value: U256,
	) -> Result<TxHash, L1Error> {
		let request = TransactionRequest::default()
			.from(self.sender)
			.to(to)
			.value(value)
			.input(call.abi_encode().into());
		self.runtime.block_on(async {
			self.provider.call(request.clone()).await.map_err(|e| self.refusal(what, e))?;
			let pending =
				self.provider.send_transaction(request).await.map_err(|e| self.refusal(what, e))?;
			let receipt = pending.get_receipt().await.map_err(|e| L1Error::Unreachable {
				url: self.url.clone(),
				what: format!("the receipt of {what}"),
				message: e.to_string(),
			})?;
			let hash = receipt.transaction_hash();
			if !receipt.status() {
				return Err(L1Error::Reverted { what: what.into(), hash });
			}
			Ok(hash)
		})
	}

	/// An endpoint failure.
	fn unreachable(&self, what: &str, error: RpcError<TransportErrorKind>) -> L1Error {
		L1Error::Unreachable {
			url: self.url.clone(),
			what: what.into(),
			message: error.to_string(),
		}
	}

	/// A refusal (the endpoint answered with an error: revert data decoded against the rollup's
	/// errors, else the endpoint's words, e.g. insufficient funds) or an endpoint failure.
	fn refusal(&self, what: &str, error: RpcError<TransportErrorKind>) -> L1Error {
		let reason = error.as_error_resp().map(|payload| match payload.as_revert_data() {
			Some(data) => revert_reason(&data),
			None => payload.message.to_string(),
		});
		match reason {
			Some(reason) => L1Error::Refused { what: what.into(), reason },
			None => self.unreachable(what, error),
		}
	}
}

/// The first block in `0..=latest` where `deployed` holds, by bisection (`deployed(latest)` is
/// taken to hold; a block whose answer is unknown should answer `true`, so the result is never
/// later than the real deployment).
pub fn first_deployed(latest: u64, mut deployed: impl FnMut(u64) -> bool) -> u64 {
	let (mut low, mut high) = (0, latest);
	while low < high {
		let middle = low + (high - low) / 2;
		if deployed(middle) {
			high = middle;
		} else {
			low = middle + 1;
		}
	}
	low
}

/// The widest block range one `eth_getLogs` request asks for.
pub const LOG_WINDOW: u64 = 50_000;

/// Fetches `first..=last` through `fetch(from, to)` in windows of at most `window` blocks, in
/// order; a refused window is retried at half the width, down to a single block (whose error
/// is returned).
pub fn scan_windows<T, E>(
	first: u64,
	last: u64,
	window: u64,
	mut fetch: impl FnMut(u64, u64) -> Result<Vec<T>, E>,
) -> Result<Vec<T>, E> {
	let mut out = Vec::new();
	let mut width = window.max(1);
	let mut from = first;
	while from <= last {
		let to = from.saturating_add(width - 1).min(last);
		match fetch(from, to) {
			Ok(found) => {
				out.extend(found);
				if to == u64::MAX {
					break;
				}
				from = to + 1;
			}
			Err(error) if width == 1 => return Err(error),
			Err(_) => width = (width / 2).max(1),
		}
	}
	Ok(out)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn windows_cover_the_range_in_order_and_shrink_while_refused() {
		// An endpoint that refuses ranges wider than 7 blocks.
		let mut asked = Vec::new();
		let found = scan_windows(3, 40, 16, |from, to| {
			asked.push((from, to));
			if to - from + 1 > 7 {
				Err("too wide")
			} else {
				Ok((from..=to).collect::<Vec<u64>>())
			}
		});
		assert_eq!(found, Ok((3..=40).collect::<Vec<_>>()));
		assert_eq!(asked[..2], [(3, 18), (3, 10)], "16 blocks refused, then 8");
		assert!(asked[2..].iter().all(|(from, to)| to - from < 4), "4-block windows after");
	}

	#[test]
	fn a_single_block_the_endpoint_refuses_is_the_error() {
		let found: Result<Vec<u64>, u64> =
			scan_windows(
				0,
				10,
				4,
				|from, to| if (from..=to).contains(&5) { Err(5) } else { Ok(vec![from]) },
			);
		assert_eq!(found, Err(5));
	}

	#[test]
	fn the_deployment_block_is_found_and_never_overshot() {
		for deployed in [0, 1, 37, 999, 1000] {
			assert_eq!(first_deployed(1000, |block| block >= deployed), deployed);
		}
		// Blocks below 600 cannot be answered (pruned state) and answer `true`: the scan starts
		// no later than the deployment at 700.
		let found = first_deployed(1000, |block| !(600..700).contains(&block));
		assert!(found <= 700, "{found}");
		assert_eq!(first_deployed(0, |_| false), 0);
	}

	#[test]
	fn an_empty_range_asks_nothing() {
		let found: Result<Vec<u8>, ()> = scan_windows(5, 4, 10, |_, _| panic!("asked"));
		assert_eq!(found, Ok(Vec::new()));
	}
}
