//! The batch commitment: the one Groth16 public input (DESIGN §5).
//!
//! ```text
//! onchain_data = pubdata with every chunk that does not belong to an on-chain operation
//!                (Deposit, Withdraw, FullExit, ChangePubKey, ForcedExit) set to zero
//! commitment   = sha256(batch_number u64 BE ‖ timestamp u64 BE ‖ live_chains u8 ‖
//!                       old_root 32 BE ‖ new_root 32 BE ‖ sha256(pubdata) ‖ sha256(onchain_data))
//!                with the top 3 bits cleared (253 bits, so it is a field element)
//! ```
//!
//! `live_chains` is the deployment's set of chains with a contract ([`LiveChains`]): every
//! contract binds its own copy of it, so a batch proven for another set never verifies, and the
//! block circuit refuses an on-chain operation for a chain outside the set it commits to.
//!
//! Each L1 contract recomputes it with the SHA-256 precompile: the DA chain from the full
//! pubdata (it masks the off-chain chunks itself); every other chain from `sha256(pubdata)`
//! plus the on-chain operations and their chunk offsets, which it expands into `onchain_data`
//! and from which it takes its own operations (their `chain` field names it).
//!
//! Why one masked stream rather than one hash per chain: in the block circuit every chunk may
//! be any chain's operation, so per-chain hashes cost one SHA-256 stream per chain for every
//! chunk; the masked stream costs one, for the price of non-DA chains seeing the other chains'
//! on-chain operations in calldata.

use crate::{
	chain::LiveChains,
	field::{self, Fr},
	params::{CHUNK_BYTES, COMMITMENT_BITS},
	pubdata::{Op, PubdataError},
};
use alloc::vec::Vec;
use sha2::{Digest, Sha256};

/// The pubdata of a batch with the chunks of off-chain operations and padding zeroed.
pub fn onchain_data(pubdata: &[u8]) -> Result<Vec<u8>, PubdataError> {
	if !pubdata.len().is_multiple_of(CHUNK_BYTES) {
		return Err(PubdataError::NotChunkAligned);
	}
	let mut data = alloc::vec![0u8; pubdata.len()];
	let mut offset = 0;
	while offset < pubdata.len() {
		let (op, used) = Op::decode_at(&pubdata[offset..], offset)?;
		if op.onchain_chain().is_some() {
			data[offset..offset + used].copy_from_slice(&pubdata[offset..offset + used]);
		}
		offset += used;
	}
	Ok(data)
}

/// SHA-256 of a byte string.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
	Sha256::digest(bytes).into()
}

/// `sha256(onchain_data(pubdata))`.
pub fn onchain_hash(pubdata: &[u8]) -> Result<[u8; 32], PubdataError> {
	Ok(sha256(&onchain_data(pubdata)?))
}

/// The commitment as 32 big-endian bytes (top 3 bits zero).
pub fn commitment(
	batch_number: u64,
	timestamp: u64,
	live_chains: LiveChains,
	old_root: &Fr,
	new_root: &Fr,
	pubdata_hash: &[u8; 32],
	onchain_hash: &[u8; 32],
) -> [u8; 32] {
	let mut h = Sha256::new();
	h.update(batch_number.to_be_bytes());
	h.update(timestamp.to_be_bytes());
	h.update([live_chains.bits()]);
	h.update(field::to_be_bytes(old_root));
	h.update(field::to_be_bytes(new_root));
	h.update(pubdata_hash);
	h.update(onchain_hash);
	let mut out: [u8; 32] = h.finalize().into();
	out[0] &= 0xff >> (256 - COMMITMENT_BITS);
	out
}

/// The commitment as the field element the proof takes as its public input.
pub fn commitment_to_field(commitment: &[u8; 32]) -> Fr {
	field::from_be_bytes(commitment).expect("a 253-bit value is below the modulus")
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::{account::AccountId, chain::ChainId, eth::L1Address, token::TokenId};

	/// Chains 1 and 2 live.
	const L12: LiveChains = LiveChains(0b11);

	#[test]
	fn commitment_is_masked_and_pinned() {
		// Cross-checked with Python hashlib over the byte layout of the module docs.
		let c = commitment(1, 2, L12, &Fr::from(3u64), &Fr::from(4u64), &[5; 32], &[6; 32]);
		assert_eq!(c[0] & 0xe0, 0);
		assert_eq!(
			hex::encode(c),
			"13499d50b8927b965ef1421051a7292f39a22032465d2d31aff9313143fd562f",
			"golden vector: change only with docs/protocol.md and the circuits"
		);
	}

	#[test]
	fn commitment_binds_every_field() {
		let f = Fr::from;
		let base = commitment(1, 2, L12, &f(3u64), &f(4u64), &[5; 32], &[6; 32]);
		let all = LiveChains::of(ChainId::all());
		for other in [
			commitment(9, 2, L12, &f(3u64), &f(4u64), &[5; 32], &[6; 32]),
			commitment(1, 9, L12, &f(3u64), &f(4u64), &[5; 32], &[6; 32]),
			commitment(1, 2, all, &f(3u64), &f(4u64), &[5; 32], &[6; 32]),
			commitment(1, 2, L12, &f(9u64), &f(4u64), &[5; 32], &[6; 32]),
			commitment(1, 2, L12, &f(3u64), &f(9u64), &[5; 32], &[6; 32]),
			commitment(1, 2, L12, &f(3u64), &f(4u64), &[9; 32], &[6; 32]),
			commitment(1, 2, L12, &f(3u64), &f(4u64), &[5; 32], &[9; 32]),
		] {
			assert_ne!(base, other);
		}
	}

	#[test]
	fn onchain_data_keeps_only_onchain_chunks() {
		let deposit = Op::Deposit {
			chain: ChainId(2),
			account: AccountId(10),
			token: TokenId(1),
			amount: 5,
			to: L1Address([1; 20]),
		};
		let transfer = Op::Transfer {
			from: AccountId(10),
			to: AccountId(11),
			token: TokenId(1),
			amount: 1,
			fee: 0,
		};
		let mut pubdata = Vec::new();
		for op in [&transfer, &deposit, &Op::Noop] {
			pubdata.extend(op.pubdata().expect("encodable"));
		}
		let data = onchain_data(&pubdata).expect("well-formed");
		assert_eq!(data.len(), pubdata.len());
		assert!(data[..CHUNK_BYTES].iter().all(|b| *b == 0));
		assert_eq!(&data[CHUNK_BYTES..4 * CHUNK_BYTES], &pubdata[CHUNK_BYTES..4 * CHUNK_BYTES]);
		assert!(data[4 * CHUNK_BYTES..].iter().all(|b| *b == 0));
		assert_eq!(onchain_data(&pubdata[1..]), Err(PubdataError::NotChunkAligned));
	}
}
