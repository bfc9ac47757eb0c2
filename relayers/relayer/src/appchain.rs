//! The appchain as the relayer reads it: the node's `polylink_*` JSON-RPC over HTTP.

use alloy_primitives::{Bytes, FixedBytes};
use alloy_provider::{Provider, ProviderBuilder, RootProvider};
use polylink_l1_bindings::{calldata, IRollup::CommitBatchInfo};
use polylink_primitives::chain::ChainId;
use serde_json::{json, Value};

/// Why an appchain query failed.
#[derive(Debug, thiserror::Error)]
pub enum AppchainError {
	/// The node could not be reached or refused the request.
	#[error("the appchain node {url} did not answer {method}: {message}")]
	Unreachable {
		/// The endpoint.
		url: String,
		/// The method.
		method: String,
		/// What went wrong.
		message: String,
	},
	/// The node answered something the relayer cannot use.
	#[error("the appchain's {method} answer is malformed: {detail}")]
	Malformed {
		/// The method.
		method: String,
		/// What is wrong.
		detail: String,
	},
}

/// A certified batch's data, ready for `commitBatches` on one chain.
pub type CommitData = CommitBatchInfo;

/// The appchain node's JSON-RPC.
#[derive(Clone)]
pub struct Appchain {
	url: String,
	provider: RootProvider,
}

impl Appchain {
	/// An endpoint at `url` (no request is made yet).
	pub fn new(url: &str) -> Result<Self, AppchainError> {
		let parsed = url::Url::parse(url).map_err(|e| AppchainError::Unreachable {
			url: url.into(),
			method: "(connect)".into(),
			message: format!("not a URL: {e}"),
		})?;
		let provider =
			ProviderBuilder::new().disable_recommended_fillers().connect_hyper_http(parsed);
		Ok(Self { url: url.into(), provider })
	}

	/// One request.
	async fn request(&self, method: &'static str, params: Value) -> Result<Value, AppchainError> {
		self.provider.raw_request::<_, Value>(method.into(), params).await.map_err(|e| {
			AppchainError::Unreachable {
				url: self.url.clone(),
				method: method.into(),
				message: e.to_string(),
			}
		})
	}

	/// Whether a quorum signed batch `n`'s commit certificate (it is proven on the appchain and
	/// not revoked).
	pub async fn commit_certified(&self, n: u64) -> Result<bool, AppchainError> {
		let status = self.request("polylink_batchStatus", json!([n])).await?;
		Ok(status["commitCertified"] == json!(true))
	}

	/// Batch `n`'s `commitBatches` entry for `chain`: the full pubdata on the DA chain, its
	/// hash and the on-chain operations elsewhere; the chain's ChangePubKey witnesses and the
	/// commit certificate. `None` while the batch is not commit-certified.
	pub async fn commit_data(
		&self,
		n: u64,
		chain: ChainId,
		da: bool,
	) -> Result<Option<CommitData>, AppchainError> {
		if !self.commit_certified(n).await? {
			return Ok(None);
		}
		let batch = self.request("polylink_batch", json!([n])).await?;
		let malformed = |detail: &str| AppchainError::Malformed {
			method: "polylink_batch".into(),
			detail: format!("{detail}: {batch}"),
		};
		let timestamp = batch["timestamp"].as_u64().ok_or_else(|| malformed("no timestamp"))?;
		let chunks = batch["chunks"]
			.as_u64()
			.and_then(|c| u32::try_from(c).ok())
			.ok_or_else(|| malformed("no chunks"))?;
		let new_root = word(&batch["proven"]["newRoot"]).ok_or_else(|| malformed("no root"))?;
		let pubdata_hash = word(&batch["pubdataHash"]).ok_or_else(|| malformed("no hash"))?;
		let pubdata = self.bytes("polylink_pubdata", json!([n])).await?;
		let witnesses = self.request("polylink_changePubkeyWitnesses", json!([n, chain.0])).await?;
		let witnesses = hex_list(&witnesses, "polylink_changePubkeyWitnesses")?;
		let certificate = self.request("polylink_commitSignatures", json!([n])).await?;
		let signatures = hex_list(&certificate["signatures"], "polylink_commitSignatures")?;
		if signatures.is_empty() {
			// Revoked between the two reads.
			return Ok(None);
		}
		let (pubdata, pubdata_hash, onchain_ops) = if da {
			(Bytes::from(pubdata), FixedBytes::ZERO, Bytes::new())
		} else {
			let ops = calldata::compressed_onchain_ops(&pubdata).map_err(|e| {
				AppchainError::Malformed {
					method: "polylink_pubdata".into(),
					detail: e.to_string(),
				}
			})?;
			(Bytes::new(), pubdata_hash, Bytes::from(ops))
		};
		Ok(Some(CommitBatchInfo {
			batchNumber: n,
			timestamp,
			chunks,
			newRoot: new_root,
			pubdata,
			pubdataHash: pubdata_hash,
			onchainOps: onchain_ops,
			changePubKeyWitnesses: witnesses,
			signatures,
		}))
	}

	/// Batch `n`'s proof, once proven on the appchain (until every L1 executed it).
	pub async fn proof(&self, n: u64) -> Result<Option<Bytes>, AppchainError> {
		let proof = self.request("polylink_proof", json!([n])).await?;
		opt_hex(&proof, "polylink_proof")
	}

	/// Batch `n`'s sync certificate signatures, once complete.
	pub async fn sync_signatures(&self, n: u64) -> Result<Option<Vec<Bytes>>, AppchainError> {
		let certificate = self.request("polylink_syncCertificate", json!([n])).await?;
		if certificate.is_null() {
			return Ok(None);
		}
		hex_list(&certificate["signatures"], "polylink_syncCertificate").map(Some)
	}

	/// The last sealed batch (0 while none is).
	pub async fn last_sealed(&self) -> Result<u64, AppchainError> {
		let heads = self.request("polylink_heads", json!([])).await?;
		heads["lastSealed"].as_u64().ok_or_else(|| AppchainError::Malformed {
			method: "polylink_heads".into(),
			detail: heads.to_string(),
		})
	}

	/// The first batch governance revoked, if any.
	pub async fn revoked_from(&self) -> Result<Option<u64>, AppchainError> {
		let value = self.request("polylink_revokedFrom", json!([])).await?;
		if value.is_null() {
			return Ok(None);
		}
		value.as_u64().map(Some).ok_or_else(|| AppchainError::Malformed {
			method: "polylink_revokedFrom".into(),
			detail: value.to_string(),
		})
	}

	/// Whether batch `n` is sealed.
	pub async fn sealed(&self, n: u64) -> Result<bool, AppchainError> {
		Ok(!self.request("polylink_batch", json!([n])).await?.is_null())
	}

	/// Revoked batch `n`'s revocation certificate (the commitment and the signatures), once
	/// complete.
	pub async fn revocation(
		&self,
		n: u64,
	) -> Result<Option<(FixedBytes<32>, Vec<Bytes>)>, AppchainError> {
		let method = "polylink_revocationCertificate";
		let certificate = self.request(method, json!([n])).await?;
		if certificate.is_null() {
			return Ok(None);
		}
		let commitment = word(&certificate["commitment"]).ok_or_else(|| {
			AppchainError::Malformed { method: method.into(), detail: certificate.to_string() }
		})?;
		Ok(Some((commitment, hex_list(&certificate["signatures"], method)?)))
	}

	/// Batch `n`'s padded pubdata (until every L1 executed it).
	pub async fn pubdata(&self, n: u64) -> Result<Option<Bytes>, AppchainError> {
		let pubdata = self.request("polylink_pubdata", json!([n])).await?;
		opt_hex(&pubdata, "polylink_pubdata")
	}

	/// A hex value that must be there.
	async fn bytes(&self, method: &'static str, params: Value) -> Result<Vec<u8>, AppchainError> {
		let value = self.request(method, params).await?;
		opt_hex(&value, method)?.map(|b| b.to_vec()).ok_or_else(|| AppchainError::Malformed {
			method: method.into(),
			detail: "null".into(),
		})
	}
}

/// A `0x…` string as bytes, `None` for null.
fn opt_hex(value: &Value, method: &str) -> Result<Option<Bytes>, AppchainError> {
	if value.is_null() {
		return Ok(None);
	}
	value
		.as_str()
		.and_then(|s| hex::decode(s.trim_start_matches("0x")).ok())
		.map(|b| Some(Bytes::from(b)))
		.ok_or_else(|| AppchainError::Malformed {
			method: method.into(),
			detail: value.to_string(),
		})
}

/// A list of `0x…` strings.
fn hex_list(value: &Value, method: &str) -> Result<Vec<Bytes>, AppchainError> {
	let malformed =
		|| AppchainError::Malformed { method: method.into(), detail: value.to_string() };
	value
		.as_array()
		.ok_or_else(malformed)?
		.iter()
		.map(|item| opt_hex(item, method)?.ok_or_else(malformed))
		.collect()
}

/// A `0x…` 32-byte word.
fn word(value: &Value) -> Option<FixedBytes<32>> {
	let bytes = hex::decode(value.as_str()?.trim_start_matches("0x")).ok()?;
	FixedBytes::try_from(&bytes[..]).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn hex_answers_decode_or_are_refused() {
		assert_eq!(opt_hex(&json!(null), "m").unwrap(), None);
		assert_eq!(opt_hex(&json!("0x0102"), "m").unwrap(), Some(Bytes::from(vec![1, 2])));
		assert!(opt_hex(&json!("0xzz"), "m").is_err());
		assert!(opt_hex(&json!(7), "m").is_err());
		assert_eq!(hex_list(&json!(["0x", "0x01"]), "m").unwrap().len(), 2);
		assert!(hex_list(&json!(["0x", null]), "m").is_err());
		assert!(hex_list(&json!({}), "m").is_err());
		assert_eq!(word(&json!(format!("0x{}", "11".repeat(32)))), Some(FixedBytes([0x11; 32])));
		assert_eq!(word(&json!("0x11")), None);
	}
}
