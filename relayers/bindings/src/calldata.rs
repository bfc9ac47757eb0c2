//! Calldata of the rollup contract built from batches sealed by the executor
//! (`polylink_primitives::executor::Batch`), as `docs/l1-contracts.md` describes it.

use alloy_primitives::{Address, Bytes, FixedBytes};
use polylink_primitives::{
	chain::ChainId,
	executor::Batch,
	field,
	params::CHUNK_BYTES,
	pubdata::Op,
	token::{Registry, TokenId},
};

use crate::{
	abi::{IRollup::CommitBatchInfo, Rollup::registerTokenCall},
	error::CalldataError,
};

/// How a chain's rollup contract takes a batch's data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataPath {
	/// The DA chain: the full pubdata (`chunks · 18` bytes); the contract hashes and walks it.
	Full,
	/// Every other chain: `sha256(pubdata)` and the on-chain operations with their chunk indices.
	Compressed,
}

/// The on-chain operations of `pubdata` (of every chain, in batch order), each with the chunk
/// index it starts at: `(chunk, op pubdata)`.
pub fn onchain_ops(pubdata: &[u8]) -> Result<Vec<(usize, &[u8])>, CalldataError> {
	if !pubdata.len().is_multiple_of(CHUNK_BYTES) {
		return Err(CalldataError::NotChunkAligned(pubdata.len()));
	}
	let mut out = Vec::new();
	let mut offset = 0;
	while offset < pubdata.len() {
		let (op, used) =
			Op::decode_at(&pubdata[offset..], offset).map_err(CalldataError::Pubdata)?;
		if op.onchain_chain().is_some() {
			out.push((offset / CHUNK_BYTES, &pubdata[offset..offset + used]));
		}
		offset += used;
	}
	Ok(out)
}

/// The compressed path's `onchainOps`: `uint16 chunk index ‖ op pubdata` per on-chain operation.
pub fn compressed_onchain_ops(pubdata: &[u8]) -> Result<Vec<u8>, CalldataError> {
	let mut out = Vec::new();
	for (chunk, op) in onchain_ops(pubdata)? {
		let chunk = u16::try_from(chunk).map_err(|_| CalldataError::ChunkIndexTooLarge(chunk))?;
		out.extend_from_slice(&chunk.to_be_bytes());
		out.extend_from_slice(op);
	}
	Ok(out)
}

/// Chain `chain`'s own on-chain operations of `pubdata`, concatenated in batch order: what its
/// `executeBatches` takes for the batch (and what `ownOpsHash` commits to).
pub fn own_ops(pubdata: &[u8], chain: ChainId) -> Result<Vec<u8>, CalldataError> {
	let mut out = Vec::new();
	for (_, op) in onchain_ops(pubdata)? {
		let (decoded, _) = Op::decode_at(op, 0).map_err(CalldataError::Pubdata)?;
		if decoded.onchain_chain() == Some(chain) {
			out.extend_from_slice(op);
		}
	}
	Ok(out)
}

/// The `commitBatches` entry of `batch` for a chain on `path`, with the ChangePubKey witnesses
/// of that chain's own ChangePubKey operations and the oracles' quorum over `commitDigest`.
///
/// The batch's capacity is its padded pubdata's length in chunks.
pub fn commit_batch_info(
	batch: &Batch,
	path: DataPath,
	change_pubkey_witnesses: Vec<Bytes>,
	signatures: Vec<Bytes>,
) -> Result<CommitBatchInfo, CalldataError> {
	if !batch.pubdata.len().is_multiple_of(CHUNK_BYTES) {
		return Err(CalldataError::NotChunkAligned(batch.pubdata.len()));
	}
	let capacity = batch.pubdata.len() / CHUNK_BYTES;
	let chunks = u32::try_from(capacity).map_err(|_| CalldataError::TooManyChunks(capacity))?;
	let (pubdata, pubdata_hash, onchain_ops) = match path {
		DataPath::Full => (Bytes::copy_from_slice(&batch.pubdata), FixedBytes::ZERO, Bytes::new()),
		DataPath::Compressed => (
			Bytes::new(),
			FixedBytes(batch.pubdata_hash),
			Bytes::from(compressed_onchain_ops(&batch.pubdata)?),
		),
	};
	Ok(CommitBatchInfo {
		batchNumber: batch.number,
		timestamp: batch.timestamp,
		chunks,
		newRoot: FixedBytes(field::to_be_bytes(&batch.new_root)),
		pubdata,
		pubdataHash: pubdata_hash,
		onchainOps: onchain_ops,
		changePubKeyWitnesses: change_pubkey_witnesses,
		signatures,
	})
}

/// The `registerToken` call that registers `token` on `chain`'s rollup contract, derived from the
/// deployment's registry (the one source of token addresses and decimals: the L1 registration
/// and the L2 registry cannot disagree when both come from it). `min_deposit` is in the token's
/// decimals on that chain. The contract checks the decimals against the token's `decimals()`.
pub fn register_token_call(
	registry: &Registry,
	token: TokenId,
	chain: ChainId,
	min_deposit: u128,
) -> Result<registerTokenCall, CalldataError> {
	let on_chain = registry
		.token_on_chain(token, chain)
		.map_err(|_| CalldataError::UnknownToken { token, chain })?;
	Ok(registerTokenCall {
		tokenId: token.0,
		token: Address::from(on_chain.address.0),
		decimals: on_chain.decimals,
		minDeposit: min_deposit,
	})
}
