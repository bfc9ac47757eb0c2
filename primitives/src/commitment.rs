//! The batch commitment: the one Groth16 public input (DESIGN §5).
//!
//! ```text
//! onchain_hash[c] = h_k   where h_0 = 0^32, h_{i+1} = sha256(h_i ‖ pubdata(op_i)),
//!                         op_1..op_k the on-chain operations of chain c, in batch order
//! commitment      = sha256(batch_number u64 BE ‖ timestamp u64 BE ‖ old_root 32 BE ‖
//!                          new_root 32 BE ‖ sha256(pubdata) ‖ onchain_hash[1] ‖ … ‖
//!                          onchain_hash[MAX_CHAINS])
//!                   with the top 3 bits cleared (253 bits, so it is a field element)
//! ```
//!
//! Each L1 contract recomputes it with the SHA-256 precompile: the DA chain from the full
//! pubdata, every other chain from `sha256(pubdata)` plus its own on-chain operations.

use crate::{
	field::{self, Fr},
	params::{COMMITMENT_BITS, MAX_CHAINS},
	pubdata::{Op, PubdataError},
};
use sha2::{Digest, Sha256};

/// One 32-byte hash per chain slot (`ChainId::slot`).
pub type OnchainHashes = [[u8; 32]; MAX_CHAINS as usize];

/// The start value of every chain's on-chain-op hash chain.
pub const EMPTY_ONCHAIN_HASH: [u8; 32] = [0; 32];

/// Extends a chain's on-chain-op hash with one operation's pubdata.
pub fn extend_onchain_hash(hash: &[u8; 32], op_pubdata: &[u8]) -> [u8; 32] {
	let mut h = Sha256::new();
	h.update(hash);
	h.update(op_pubdata);
	h.finalize().into()
}

/// The per-chain on-chain-op hashes of a batch's operations.
pub fn onchain_hashes<'a>(
	ops: impl IntoIterator<Item = &'a Op>,
) -> Result<OnchainHashes, PubdataError> {
	let mut hashes = [EMPTY_ONCHAIN_HASH; MAX_CHAINS as usize];
	for op in ops {
		if let Some(chain) = op.onchain_chain() {
			let slot = &mut hashes[chain.slot()];
			*slot = extend_onchain_hash(slot, &op.pubdata()?);
		}
	}
	Ok(hashes)
}

/// The commitment as 32 big-endian bytes (top 3 bits zero).
pub fn commitment(
	batch_number: u64,
	timestamp: u64,
	old_root: &Fr,
	new_root: &Fr,
	pubdata: &[u8],
	onchain: &OnchainHashes,
) -> [u8; 32] {
	let pubdata_hash: [u8; 32] = Sha256::digest(pubdata).into();
	let mut h = Sha256::new();
	h.update(batch_number.to_be_bytes());
	h.update(timestamp.to_be_bytes());
	h.update(field::to_be_bytes(old_root));
	h.update(field::to_be_bytes(new_root));
	h.update(pubdata_hash);
	for hash in onchain {
		h.update(hash);
	}
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

	#[test]
	fn commitment_is_masked_and_pinned() {
		// Cross-checked with Python hashlib over the byte layout of the module docs.
		let c = commitment(1, 2, &Fr::from(3u64), &Fr::from(4u64), &[0u8; 18], &[[0; 32]; 4]);
		assert_eq!(c[0] & 0xe0, 0);
		assert_eq!(
			hex::encode(c),
			"1d336878dc931fa15bef2099819b3531c1450fb63967f13859e62af4835629f3",
			"golden vector: change only with docs/protocol.md and the circuits"
		);
	}

	#[test]
	fn commitment_binds_every_field() {
		let base = commitment(1, 2, &Fr::from(3u64), &Fr::from(4u64), &[5], &[[6; 32]; 4]);
		let mut onchain = [[6; 32]; 4];
		onchain[3][31] = 7;
		for other in [
			commitment(9, 2, &Fr::from(3u64), &Fr::from(4u64), &[5], &[[6; 32]; 4]),
			commitment(1, 9, &Fr::from(3u64), &Fr::from(4u64), &[5], &[[6; 32]; 4]),
			commitment(1, 2, &Fr::from(9u64), &Fr::from(4u64), &[5], &[[6; 32]; 4]),
			commitment(1, 2, &Fr::from(3u64), &Fr::from(9u64), &[5], &[[6; 32]; 4]),
			commitment(1, 2, &Fr::from(3u64), &Fr::from(4u64), &[9], &[[6; 32]; 4]),
			commitment(1, 2, &Fr::from(3u64), &Fr::from(4u64), &[5], &onchain),
		] {
			assert_ne!(base, other);
		}
	}

	#[test]
	fn onchain_hashes_follow_op_order_per_chain() {
		let deposit = |chain, account| Op::Deposit {
			chain: ChainId(chain),
			account: AccountId(account),
			token: TokenId(1),
			amount: 5,
			to: L1Address([1; 20]),
		};
		let ops = [deposit(1, 10), Op::Noop, deposit(2, 11), deposit(1, 12)];
		let hashes = onchain_hashes(&ops).expect("encodable");
		let chain1 = extend_onchain_hash(
			&extend_onchain_hash(&EMPTY_ONCHAIN_HASH, &ops[0].pubdata().expect("ok")),
			&ops[3].pubdata().expect("ok"),
		);
		assert_eq!(hashes[0], chain1);
		assert_eq!(
			hashes[1],
			extend_onchain_hash(&EMPTY_ONCHAIN_HASH, &ops[2].pubdata().expect("ok"))
		);
		assert_eq!(hashes[2], EMPTY_ONCHAIN_HASH);
		let swapped = onchain_hashes(&[ops[3].clone(), ops[0].clone()]).expect("encodable");
		assert_ne!(swapped[0], hashes[0]);
	}
}
