//! The batching pallet's types: what the rollup hands over when it closes its open batch, the
//! sealed batch header, the proven part of a header and the query views.

use alloc::vec::Vec;
pub use pallet_polylink_proof_registry::{BatchNumber, Commitment, Root, SealedHeader};
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polylink_primitives::signature::TxSignature;
use scale_info::TypeInfo;

/// The most block-circuit sizes [`crate::Config::CircuitSizes`] may list.
pub const MAX_CIRCUIT_SIZES: u32 = 8;

/// What the rollup hands over when it closes its open batch ([`crate::BatchSource::close`]).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct SealedContent {
	/// The circuit size the pubdata is padded to, in chunks (the capacity asked for).
	pub chunks: u32,
	/// The operations' pubdata, padded with `Noop` chunks to `chunks * CHUNK_BYTES` bytes.
	pub pubdata: Vec<u8>,
	/// `sha256(pubdata)` ([`polylink_primitives::commitment::sha256`]).
	pub pubdata_hash: [u8; 32],
	/// `sha256(onchain_data(pubdata))` ([`polylink_primitives::commitment::onchain_hash`]).
	pub onchain_hash: [u8; 32],
	/// The L2 signature of each operation, in order (`None` for priority operations); the prover
	/// needs them.
	pub signatures: Vec<Option<TxSignature>>,
	/// The operations in the batch, without the padding.
	pub ops: u32,
	/// The sequencing-log index of the batch's first operation.
	pub first_log_index: u64,
}

/// A sealed batch's header, kept forever (its pubdata and signatures are pruned).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct BatchHeader<BlockNumber> {
	/// The batch number (contiguous from 1).
	pub number: BatchNumber,
	/// The seal time, seconds since the Unix epoch (the commitment binds it).
	pub timestamp: u64,
	/// The circuit size the batch is padded to, in chunks: which verifying key proves it.
	pub chunks: u32,
	/// `sha256(pubdata)`.
	pub pubdata_hash: [u8; 32],
	/// `sha256(onchain_data(pubdata))`.
	pub onchain_hash: [u8; 32],
	/// The operations in the batch, without the padding.
	pub ops: u32,
	/// The sequencing-log index of the batch's first operation.
	pub first_log_index: u64,
	/// The appchain block the batch was sealed in.
	pub sealed_at: BlockNumber,
}

impl<BlockNumber> BatchHeader<BlockNumber> {
	/// The fields the proof registry recomputes the commitment from.
	pub fn sealed_header(&self) -> SealedHeader {
		SealedHeader {
			timestamp: self.timestamp,
			chunks: self.chunks,
			pubdata_hash: self.pubdata_hash,
			onchain_hash: self.onchain_hash,
		}
	}
}

/// The part of a header only a proof brings: the roots around the batch and the commitment the
/// proof was verified against ([`crate::ProvenBatches`]).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct Proven {
	/// The state root before the batch (the previous batch's proven root).
	pub old_root: Root,
	/// The state root after the batch.
	pub new_root: Root,
	/// The batch commitment (the proof's one public input).
	pub commitment: Commitment,
}

/// A sealed batch as the runtime API shows it: its header and, once proven, its roots and
/// commitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct BatchInfo<BlockNumber> {
	/// The sealed header.
	pub header: BatchHeader<BlockNumber>,
	/// The roots and commitment, `None` while the batch is not proven.
	pub proven: Option<Proven>,
}

/// The open batch as the runtime API shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub struct OpenBatch<BlockNumber> {
	/// The number the open batch will be sealed under.
	pub number: BatchNumber,
	/// The chunks it uses (0 when empty).
	pub chunks: u32,
	/// The block it received its first operation in, once a block start saw it non-empty.
	pub since: Option<BlockNumber>,
	/// The block at whose start it is sealed by the timeout, unless it fills up first.
	pub seal_by: Option<BlockNumber>,
}
