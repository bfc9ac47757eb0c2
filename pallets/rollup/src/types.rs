//! The rollup pallet's stored types: the open batch's operations and totals, the sequencing
//! log's head, and the genesis description of the deployment's chains and tokens.

use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{frame_support::traits::ConstU32, sp_runtime::BoundedVec};
use polylink_primitives::{
	params::MAX_FEE_TOKENS_PER_BATCH, pubdata::Op, signature::TxSignature, token::TokenId,
};
use scale_info::TypeInfo;

/// One operation of the open batch, as the executor recorded it.
#[derive(
	Clone, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo, MaxEncodedLen,
)]
pub struct SequencedOp {
	/// The executed operation (its pubdata).
	pub op: Op,
	/// Its L2 signature (`None` for priority operations); the prover needs it.
	pub signature: Option<TxSignature>,
}

/// The fee sums of the open batch, one per fee token (at most `MAX_FEE_TOKENS_PER_BATCH`).
pub type OpenFees = BoundedVec<(TokenId, u128), ConstU32<{ MAX_FEE_TOKENS_PER_BATCH as u32 }>>;

/// The open batch's totals: what a new operation is checked against.
#[derive(
	Clone,
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
pub struct OpenSummary {
	/// Chunks the open batch's operations occupy.
	pub chunks: u32,
	/// The fees collected so far, by token ascending.
	pub fees: OpenFees,
}

/// The head of the sequencing log: how many operations were ever sequenced and the running
/// hash over them, `hash_i = blake2_256(hash_{i-1} ‖ SCALE(op_i))` from `hash_0 = [0; 32]`.
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
pub struct LogHead {
	/// The number of operations sequenced; the next one gets this index.
	pub length: u64,
	/// The running hash after the last one.
	pub hash: [u8; 32],
}

impl LogHead {
	/// The head after appending `op`.
	pub fn append(&self, op: &Op) -> Self {
		let mut preimage = self.hash.to_vec();
		op.encode_to(&mut preimage);
		Self { length: self.length + 1, hash: polkadot_sdk::sp_io::hashing::blake2_256(&preimage) }
	}
}

/// A chain at genesis: `(index, evm_chain_id, contract address, confirmation depth)`.
pub type GenesisChain = (u8, u64, [u8; 20], u32);

/// A token's deployment on one chain at genesis: `(chain index, token address, decimals)`.
pub type GenesisChainToken = (u8, [u8; 20], u8);

/// A token at genesis: `(token id, symbol, deployments, minimum fee per chunk if accepted for
/// fees)`.
pub type GenesisToken =
	(u16, alloc::vec::Vec<u8>, alloc::vec::Vec<GenesisChainToken>, Option<u128>);
