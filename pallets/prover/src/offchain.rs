//! The hand-off between the off-chain worker and the node's native prover: keys and records in
//! the node's **persistent offchain local storage** (`StorageKind::PERSISTENT`, which survives
//! restarts and is never part of consensus). One definition, used by both sides: the worker
//! (in the runtime) and the prover service (in the node) encode and decode exactly these types.
//!
//! | key                           | written by | value          | meaning                                  |
//! |-------------------------------|------------|----------------|------------------------------------------|
//! | [`REPLICA_KEY`]               | node       | `u64`          | last batch the native replica applied    |
//! | [`request_key`]`(n)`          | worker     | [`ProveRequest`] | batch `n` to apply (and prove)         |
//! | [`proof_key`]`(n)`            | node       | [`ProofRecord`] | the node's proof of batch `n`           |
//! | [`sent_key`]`(n)`             | worker     | `u32` block    | when the worker last submitted proof `n` |
//!
//! The node writes [`REPLICA_KEY`] only when it runs with `--prover`; without it the worker does
//! nothing.

use alloc::vec::Vec;
use pallet_polylink_proof_registry::{BatchNumber, Root};
use parity_scale_codec::{Decode, Encode};
use polylink_primitives::signature::TxSignature;

/// The prefix of every key of the hand-off.
pub const PREFIX: &[u8] = b"polylink/prover/";

/// The last batch the node's native replica applied (`u64`, SCALE); written by the node.
pub const REPLICA_KEY: &[u8] = b"polylink/prover/replica";

/// `PREFIX ‖ kind ‖ batch (u64 big-endian)`.
fn key(kind: &[u8], batch: BatchNumber) -> Vec<u8> {
	let mut key = Vec::with_capacity(PREFIX.len() + kind.len() + 8);
	key.extend_from_slice(PREFIX);
	key.extend_from_slice(kind);
	key.extend_from_slice(&batch.to_be_bytes());
	key
}

/// The key of the [`ProveRequest`] of batch `batch`.
pub fn request_key(batch: BatchNumber) -> Vec<u8> {
	key(b"request/", batch)
}

/// The key of the node's [`ProofRecord`] of batch `batch`.
pub fn proof_key(batch: BatchNumber) -> Vec<u8> {
	key(b"proof/", batch)
}

/// The key of the block number at which the worker last submitted the proof of `batch`.
pub fn sent_key(batch: BatchNumber) -> Vec<u8> {
	key(b"sent/", batch)
}

/// A sealed batch, with everything the native replica needs to apply and prove it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ProveRequest {
	/// The batch number.
	pub batch: BatchNumber,
	/// The sealed timestamp (seconds).
	pub timestamp: u64,
	/// The circuit size the batch was sealed for, in chunks.
	pub chunks: u32,
	/// `sha256(pubdata)` from the sealed header.
	pub pubdata_hash: [u8; 32],
	/// `sha256(onchain_data)` from the sealed header.
	pub onchain_hash: [u8; 32],
	/// The padded pubdata.
	pub pubdata: Vec<u8>,
	/// The L2 signature of every operation, in order (`None` for priority operations).
	pub signatures: Vec<Option<TxSignature>>,
	/// The proven state root after the batch, when it was already proven as the request was
	/// written: the replica applies the batch without proving and checks its root against it.
	pub proven_root: Option<Root>,
}

/// The node's proof of a batch.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct ProofRecord {
	/// The state root after the batch, as the replica computed it.
	pub new_root: Root,
	/// The proof, 512 bytes EIP-2537 encoding.
	pub proof: Vec<u8>,
}
