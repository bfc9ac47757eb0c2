//! A Polylink node's JSON-RPC, as the CLI uses it: `polylink_submitTx` and `polylink_balances`
//! over HTTP.

use alloy_provider::{Provider, ProviderBuilder, RootProvider};
use alloy_transport::{RpcError, TransportErrorKind};
use parity_scale_codec::Encode;
use polylink_primitives::tx::L2Tx;

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
		let parsed = url::Url::parse(url).map_err(|e| unreachable(format!("not a URL: {e}")))?;
		let runtime = tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.map_err(|e| unreachable(format!("no async runtime: {e}")))?;
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
