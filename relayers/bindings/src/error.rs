//! Why calldata could not be built.

use polylink_primitives::{
	chain::ChainId, params::CHUNK_BYTES, pubdata::PubdataError, token::TokenId,
};

/// Why a batch could not be turned into contract calldata.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalldataError {
	/// The pubdata is not a whole number of chunks.
	#[error("pubdata of {0} bytes is not a whole number of {CHUNK_BYTES}-byte chunks")]
	NotChunkAligned(usize),
	/// The batch capacity does not fit the contract's `uint32 chunks`.
	#[error("a capacity of {0} chunks does not fit uint32")]
	TooManyChunks(usize),
	/// An on-chain operation starts at a chunk index beyond the `uint16` of the compressed path.
	#[error("chunk index {0} does not fit the uint16 of the compressed calldata")]
	ChunkIndexTooLarge(usize),
	/// The pubdata does not decode.
	#[error("pubdata does not decode: {0:?}")]
	Pubdata(PubdataError),
	/// The registry has no such token on that chain: register it there first.
	#[error("token {} is not registered on chain {} in the registry", token.0, chain.0)]
	UnknownToken {
		/// The token.
		token: TokenId,
		/// The chain.
		chain: ChainId,
	},
}
