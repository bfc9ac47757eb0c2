//! The proof registry's types: batch numbers, sealed headers, proven-batch records and the proof
//! byte formats the pallet accepts.

use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support::traits::ConstU32, sp_runtime::BoundedVec};
use polylink_primitives::groth16::{
	encoding::{PROOF_COMPRESSED_LEN, PROOF_EIP2537_LEN},
	ProofBytes,
};
use scale_info::TypeInfo;

/// A batch number; batches are numbered contiguously from 1, batch 0 is the genesis state.
pub type BatchNumber = u64;

/// A Merkle root of the L2 state: a field element as 32 big-endian bytes.
pub type Root = [u8; 32];

/// A batch commitment (the proof's one public input) as 32 big-endian bytes.
pub type Commitment = [u8; 32];

/// A verifying-key hash ([`polylink_primitives::groth16::encoding::vk_hash`]).
pub type VkHash = [u8; 32];

/// The longest proof encoding accepted: EIP-2537 (512 bytes).
pub const MAX_PROOF_LEN: u32 = PROOF_EIP2537_LEN as u32;

/// A proof's bytes as submitted and stored: 512 bytes EIP-2537 (`A ‖ B ‖ C`, as the L1 verifiers
/// take it) or 192 bytes compressed.
pub type ProofOf = BoundedVec<u8, ConstU32<MAX_PROOF_LEN>>;

/// The encoding of a proof's bytes, told apart by their length; `None` for any other length.
pub fn proof_bytes(bytes: &[u8]) -> Option<ProofBytes<'_>> {
	match bytes.len() {
		PROOF_EIP2537_LEN => Some(ProofBytes::Eip2537(bytes)),
		PROOF_COMPRESSED_LEN => Some(ProofBytes::Compressed(bytes)),
		_ => None,
	}
}

/// The fields of a sealed batch's header the commitment binds, besides the roots and the live
/// chains (provided by the batching pallet through [`crate::SealedBatches`]).
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
pub struct SealedHeader {
	/// The batch's timestamp (seconds), as sealed.
	pub timestamp: u64,
	/// The batch's size in chunks: which circuit (and verifying key) proves it.
	pub chunks: u32,
	/// `sha256(pubdata)`.
	pub pubdata_hash: [u8; 32],
	/// `sha256(onchain_data(pubdata))`.
	pub onchain_hash: [u8; 32],
}

/// What the registry records for a proven batch (kept after its proof is pruned).
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct ProvenBatch<AccountId, BlockNumber> {
	/// The account that submitted the accepted proof.
	pub prover: AccountId,
	/// The state root after the batch.
	pub new_root: Root,
	/// The batch commitment the proof was verified against.
	pub commitment: Commitment,
	/// The hash of the verifying key that verified it.
	pub vk_hash: VkHash,
	/// The appchain block the proof was accepted in.
	pub proven_at: BlockNumber,
}
