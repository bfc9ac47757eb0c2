//! A Polylink node's JSON-RPC, as the CLI uses it: `polylink_submitTx` and `polylink_balances`
//! over HTTP.

use alloy_provider::{Provider, ProviderBuilder, RootProvider};
use alloy_transport::{RpcError, TransportErrorKind};
use parity_scale_codec::Encode;
use polylink_primitives::{
	chain::{ChainId, ChainInfo},
	eth::L1Address,
	token::{ChainToken, Registry, TokenId, TokenInfo},
	tx::L2Tx,
};

/// Why a request to the node failed.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
	/// The node refused the request (a transaction: `reason` is its words with the figures,
	/// `detail` the error's fields as the node reports them).
	#[error("the node refused the transaction: {reason}")]
	Refused {
		/// Why, in words.
		reason: String,
		/// The refusal's fields (`{"error": "…"}`), when the node sent them.
		detail: Option<String>,
	},
	/// The node could not be reached or answered something else than JSON-RPC.
	#[error("the node at {url} did not answer: {message} (is it running, and is --node right?)")]
	Unreachable {
		/// The endpoint.
		url: String,
		/// What went wrong.
		message: String,
	},
}

/// A node's HTTP JSON-RPC endpoint.
pub struct Node {
	url: String,
	provider: RootProvider,
	runtime: tokio::runtime::Runtime,
}

impl Node {
	/// Connects to `url` (`http://host:port`; no request is made yet).
	pub fn new(url: &str) -> Result<Self, NodeError> {
		let unreachable =
			|message: String| NodeError::Unreachable { url: url.to_string(), message };
		let (parsed, runtime) = crate::endpoint(url).map_err(unreachable)?;
		let provider = runtime.block_on(async {
			ProviderBuilder::new().disable_recommended_fillers().connect_hyper_http(parsed)
		});
		Ok(Self { url: url.to_string(), provider, runtime })
	}

	/// Submits a signed transaction; returns its pool hash (`0x…`).
	pub fn submit(&self, tx: &L2Tx) -> Result<String, NodeError> {
		let encoded = format!("0x{}", hex::encode(tx.encode()));
		let answer = self.runtime.block_on(
			self.provider.raw_request::<_, String>("polylink_submitTx".into(), (encoded,)),
		);
		answer.map_err(|e| self.error(e))
	}

	/// The non-zero balances of `who` (an L1 address or an L2 account id) as the node words
	/// them (`1.5 ETH`), by token id ascending; empty for an unknown account.
	pub fn balances(&self, who: &str) -> Result<Vec<(u16, String)>, NodeError> {
		let answer = self.runtime.block_on(
			self.provider.raw_request::<_, serde_json::Value>("polylink_balances".into(), (who,)),
		);
		let balances = answer.map_err(|e| self.error(e))?;
		let malformed = || NodeError::Unreachable {
			url: self.url.clone(),
			message: format!("polylink_balances answered {balances}"),
		};
		balances
			.as_array()
			.ok_or_else(malformed)?
			.iter()
			.map(|entry| {
				let token = entry["token"].as_u64().and_then(|t| u16::try_from(t).ok());
				let display = entry["display"].as_str().map(str::to_string);
				token.zip(display).ok_or_else(malformed)
			})
			.collect()
	}

	/// The raw amount (L2 units) of `token` that `who` holds on L2 (0 for an unknown account).
	pub fn amount(&self, who: &str, token: u16) -> Result<u128, NodeError> {
		let answer = self.runtime.block_on(
			self.provider.raw_request::<_, serde_json::Value>("polylink_balances".into(), (who,)),
		);
		let balances = answer.map_err(|e| self.error(e))?;
		let entries = balances.as_array().ok_or_else(|| self.malformed("polylink_balances"))?;
		for entry in entries {
			if entry["token"].as_u64() == Some(u64::from(token)) {
				return entry["amount"]
					.as_str()
					.and_then(|a| a.parse().ok())
					.ok_or_else(|| self.malformed("polylink_balances"));
			}
		}
		Ok(0)
	}

	/// The last sealed and the last proven batch (`polylink_heads`).
	pub fn heads(&self) -> Result<(u64, u64), NodeError> {
		let value = self.call("polylink_heads", serde_json::json!([]))?;
		value["lastSealed"]
			.as_u64()
			.zip(value["lastProven"].as_u64())
			.ok_or_else(|| self.malformed("polylink_heads"))
	}

	/// Where batch `n` stands on the appchain and every chain (`polylink_batchStatus`).
	pub fn batch_status(&self, n: u64) -> Result<serde_json::Value, NodeError> {
		self.call("polylink_batchStatus", serde_json::json!([n]))
	}

	/// One request.
	fn call(
		&self,
		method: &'static str,
		params: serde_json::Value,
	) -> Result<serde_json::Value, NodeError> {
		let answer = self
			.runtime
			.block_on(self.provider.raw_request::<_, serde_json::Value>(method.into(), params));
		answer.map_err(|e| self.error(e))
	}

	/// The account (`{id, owner, pubkeyHash, nonce, balances}`) of `who` (an L1 address or an
	/// L2 id), `None` when it has none (`polylink_account`).
	pub fn account(&self, who: &str) -> Result<Option<serde_json::Value>, NodeError> {
		let value = self.call("polylink_account", serde_json::json!([who]))?;
		Ok((!value.is_null()).then_some(value))
	}

	/// Where `who`'s transaction with nonce `nonce` stands (`polylink_txStatus`): `None` while
	/// it is not sequenced, else `{block, logIndex, batch, sealed}`.
	pub fn tx_status(&self, who: &str, nonce: u32) -> Result<Option<serde_json::Value>, NodeError> {
		let value = self.call("polylink_txStatus", serde_json::json!([who, nonce]))?;
		Ok((!value.is_null()).then_some(value))
	}

	/// The least fee per chunk for transactions paying in `token` (L2 units), `None` when the
	/// appchain takes no fees in it (`polylink_registry`'s `feePerChunk`).
	pub fn fee_per_chunk(&self, token: u16) -> Result<Option<u128>, NodeError> {
		let value = self.call("polylink_registry", serde_json::json!([]))?;
		let tokens =
			value["tokens"].as_array().ok_or_else(|| self.malformed("polylink_registry"))?;
		let entry = tokens.iter().find(|t| t["token"].as_u64() == Some(u64::from(token)));
		match entry.map(|t| &t["feePerChunk"]) {
			None | Some(serde_json::Value::Null) => Ok(None),
			Some(fee) => fee
				.as_str()
				.and_then(|f| f.parse().ok())
				.map(Some)
				.ok_or_else(|| self.malformed("polylink_registry")),
		}
	}

	/// The deployment's chains and tokens (`polylink_registry`).
	pub fn registry(&self) -> Result<Registry, NodeError> {
		let answer = self.runtime.block_on(
			self.provider.raw_request::<_, serde_json::Value>("polylink_registry".into(), ()),
		);
		let value = answer.map_err(|e| self.error(e))?;
		parse_registry(&value).ok_or_else(|| self.malformed("polylink_registry"))
	}

	/// An answer the CLI cannot read.
	fn malformed(&self, method: &str) -> NodeError {
		NodeError::Unreachable {
			url: self.url.clone(),
			message: format!("{method} answered something unexpected (is this a Polylink node?)"),
		}
	}

	/// A JSON-RPC failure as a [`NodeError`]: an error answer is the node's refusal.
	fn error(&self, error: RpcError<TransportErrorKind>) -> NodeError {
		match error {
			RpcError::ErrorResp(payload) => NodeError::Refused {
				reason: payload
					.message
					.strip_prefix("invalid transaction: ")
					.unwrap_or(&payload.message)
					.to_string(),
				detail: payload.data.map(|data| data.get().to_string()),
			},
			other => NodeError::Unreachable { url: self.url.clone(), message: other.to_string() },
		}
	}
}

/// The registry from `polylink_registry`'s JSON; `None` when it is malformed.
fn parse_registry(value: &serde_json::Value) -> Option<Registry> {
	let address = |v: &serde_json::Value| -> Option<L1Address> {
		let bytes = hex::decode(v.as_str()?.trim_start_matches("0x")).ok()?;
		Some(L1Address(bytes.try_into().ok()?))
	};
	let mut registry = Registry::default();
	for chain in value["chains"].as_array()? {
		let id = ChainId(u8::try_from(chain["chain"].as_u64()?).ok()?);
		let info = ChainInfo {
			evm_chain_id: chain["evmChainId"].as_u64()?,
			contract: address(&chain["contract"])?,
		};
		registry.chains.insert(id, info);
	}
	for token in value["tokens"].as_array()? {
		let id = TokenId(u16::try_from(token["token"].as_u64()?).ok()?);
		let mut info = TokenInfo {
			symbol: token["symbol"].as_str()?.as_bytes().to_vec(),
			..Default::default()
		};
		for on in token["chains"].as_array()? {
			let chain = ChainId(u8::try_from(on["chain"].as_u64()?).ok()?);
			let decimals = u8::try_from(on["decimals"].as_u64()?).ok()?;
			info.chains.insert(chain, ChainToken { address: address(&on["address"])?, decimals });
		}
		registry.tokens.insert(id, info);
	}
	Some(registry)
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn the_registry_answer_is_read_and_a_malformed_one_refused() {
		let answer = serde_json::json!({
			"chains": [{"chain": 1, "evmChainId": 31337, "contract": format!("0x{}", "cf".repeat(20))}],
			"tokens": [{"token": 2, "symbol": "USDC", "chains": [
				{"chain": 1, "address": format!("0x{}", "05".repeat(20)), "decimals": 6}
			]}],
		});
		let registry = parse_registry(&answer).expect("a registry");
		assert_eq!(registry.chains[&ChainId(1)].contract, L1Address([0xcf; 20]));
		let usdc = registry.token_on_chain(TokenId(2), ChainId(1)).expect("USDC on chain 1");
		assert_eq!((usdc.address, usdc.decimals), (L1Address([5; 20]), 6));
		assert_eq!(registry.find("usdc"), Some(TokenId(2)));
		let mut broken = answer.clone();
		broken["chains"][0]["contract"] = serde_json::json!("0x12");
		assert!(parse_registry(&broken).is_none());
		assert!(parse_registry(&serde_json::json!({})).is_none());
	}
}
