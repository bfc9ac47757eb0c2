//! The digests the validators' oracle keys sign (DESIGN §5, §6) and the L1 contracts check: the
//! one Rust definition of each, pinned to the Solidity one by `contracts/test/DigestFixture.t.sol`
//! over `contracts/test/fixtures/digests.json` (written by `primitives/tests/contract_fixture.rs`).
//!
//! Every certificate is bound to a deployment ([`DeploymentId`], shared by every chain of one
//! deployment) and to nothing chain-specific, so one certificate serves every L1 and can be
//! carried from one chain's calldata to another (exit mode needs that). Each digest is the
//! Keccak-256 of `abi.encode` over static 32-byte words, led by the type hash of its type string:
//!
//! ```text
//! commitDigest   = keccak256(COMMIT_TYPEHASH ‖ deploymentId ‖ uint64 n ‖ uint32 chunks ‖ commitment)
//! syncDigest     = keccak256(SYNC_TYPEHASH ‖ deploymentId ‖ uint64 n ‖ syncHash[n])
//! rotationDigest = keccak256(ROTATE_TYPEHASH ‖ deploymentId ‖ uint64 nonce ‖
//!                            keccak256(address word ‖ address word ‖ …))
//! revokeDigest   = keccak256(REVOKE_TYPEHASH ‖ deploymentId ‖ uint64 n ‖ commitment)
//! syncHash[n]    = keccak256(syncHash[n−1] ‖ commitment[n]),  syncHash[0] = 0
//! ```
//!
//! Signatures are raw ECDSA over the digest (no EIP-191 prefix), 65 bytes `r ‖ s ‖ v`. A commit
//! certificate of a batch the owner reverted is refused by the contract that reverted it (it
//! records the reverted commitment); a revocation certificate (a quorum over `revokeDigest`)
//! makes every contract it is delivered to refuse the commitment, so a revert holds
//! deployment-wide.

use crate::eth::{abi_word_address, abi_word_u64, keccak256, L1Address};
use alloc::vec::Vec;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The type string of a commit certificate.
pub const COMMIT_TYPE: &str =
	"PolylinkCommit(bytes32 deploymentId,uint64 batchNumber,uint32 chunks,bytes32 commitment)";
/// The type string of a sync certificate.
pub const SYNC_TYPE: &str =
	"PolylinkSync(bytes32 deploymentId,uint64 batchNumber,bytes32 syncHash)";
/// The type string of an oracle-set rotation.
pub const ROTATE_TYPE: &str = "PolylinkRotate(bytes32 deploymentId,uint64 nonce,address[] newSet)";
/// The type string of a revocation certificate.
pub const REVOKE_TYPE: &str =
	"PolylinkRevoke(bytes32 deploymentId,uint64 batchNumber,bytes32 commitment)";

/// The id every chain of one deployment shares (chosen at deployment, non-zero).
#[derive(
	Clone,
	Copy,
	Debug,
	Default,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Hash,
	Encode,
	Decode,
	DecodeWithMemTracking,
	TypeInfo,
	MaxEncodedLen,
)]
pub struct DeploymentId(pub [u8; 32]);

impl DeploymentId {
	/// A deployment id derived from a human-readable name: `keccak256(name)`.
	pub fn from_name(name: &str) -> Self {
		Self(keccak256(name.as_bytes()))
	}
}

/// Keccak-256 of 32-byte words.
fn hash_words(words: &[[u8; 32]]) -> [u8; 32] {
	let bytes: Vec<u8> = words.iter().flatten().copied().collect();
	keccak256(&bytes)
}

/// The digest a quorum signs to commit batch `batch_number` of `chunks` chunks with this
/// commitment, on every chain of the deployment.
pub fn commit_digest(
	deployment: &DeploymentId,
	batch_number: u64,
	chunks: u32,
	commitment: &[u8; 32],
) -> [u8; 32] {
	hash_words(&[
		keccak256(COMMIT_TYPE.as_bytes()),
		deployment.0,
		abi_word_u64(batch_number),
		abi_word_u64(chunks.into()),
		*commitment,
	])
}

/// `syncHash[n] = keccak256(syncHash[n−1] ‖ commitment[n])`: every chain that proved the same
/// batches in the same order holds the same sync hash.
pub fn extend_sync_hash(previous: &[u8; 32], commitment: &[u8; 32]) -> [u8; 32] {
	hash_words(&[*previous, *commitment])
}

/// The digest a quorum signs once every live chain proved batch `batch_number` with sync hash
/// `sync_hash`; `syncBatches` on any chain of the deployment accepts it.
pub fn sync_digest(deployment: &DeploymentId, batch_number: u64, sync_hash: &[u8; 32]) -> [u8; 32] {
	hash_words(&[
		keccak256(SYNC_TYPE.as_bytes()),
		deployment.0,
		abi_word_u64(batch_number),
		*sync_hash,
	])
}

/// The digest the current oracle set signs to rotate to `new_set` (sorted ascending) at
/// rotation `nonce`.
pub fn rotation_digest(deployment: &DeploymentId, nonce: u64, new_set: &[L1Address]) -> [u8; 32] {
	let set: Vec<[u8; 32]> = new_set.iter().map(abi_word_address).collect();
	hash_words(&[
		keccak256(ROTATE_TYPE.as_bytes()),
		deployment.0,
		abi_word_u64(nonce),
		hash_words(&set),
	])
}

/// The digest a quorum signs to revoke batch `batch_number`'s `commitment` on every chain of the
/// deployment: each contract it is delivered to refuses to commit it.
pub fn revoke_digest(
	deployment: &DeploymentId,
	batch_number: u64,
	commitment: &[u8; 32],
) -> [u8; 32] {
	hash_words(&[
		keccak256(REVOKE_TYPE.as_bytes()),
		deployment.0,
		abi_word_u64(batch_number),
		*commitment,
	])
}

#[cfg(test)]
mod tests {
	use super::*;

	const D: DeploymentId = DeploymentId([7; 32]);

	#[test]
	fn digests_bind_the_deployment_and_every_field() {
		let other = DeploymentId([8; 32]);
		let c = [1u8; 32];
		let base = commit_digest(&D, 1, 8, &c);
		assert_ne!(base, commit_digest(&other, 1, 8, &c));
		assert_ne!(base, commit_digest(&D, 2, 8, &c));
		assert_ne!(base, commit_digest(&D, 1, 16, &c));
		assert_ne!(base, commit_digest(&D, 1, 8, &[2; 32]));
		let sync = sync_digest(&D, 1, &c);
		assert_ne!(sync, sync_digest(&other, 1, &c));
		assert_ne!(sync, sync_digest(&D, 2, &c));
		assert_ne!(sync, sync_digest(&D, 1, &[2; 32]));
		let set = [L1Address([1; 20]), L1Address([2; 20])];
		let rotation = rotation_digest(&D, 0, &set);
		assert_ne!(rotation, rotation_digest(&other, 0, &set));
		assert_ne!(rotation, rotation_digest(&D, 1, &set));
		assert_ne!(rotation, rotation_digest(&D, 0, &set[..1]));
		let revoke = revoke_digest(&D, 1, &c);
		assert_ne!(revoke, revoke_digest(&other, 1, &c));
		assert_ne!(revoke, revoke_digest(&D, 2, &c));
		assert_ne!(revoke, revoke_digest(&D, 1, &[2; 32]));
		// No certificate is another: the type hashes differ.
		assert_ne!(revoke, sync_digest(&D, 1, &c));
	}

	#[test]
	fn certificates_of_different_kinds_never_collide() {
		// The same words under another type hash give another digest: a commit certificate is
		// never a sync certificate.
		let c = [3u8; 32];
		assert_ne!(commit_digest(&D, 1, 0, &c), sync_digest(&D, 1, &c));
	}

	#[test]
	fn digests_are_abi_encoded_words() {
		let c = [9u8; 32];
		let mut bytes = Vec::new();
		bytes.extend_from_slice(&keccak256(COMMIT_TYPE.as_bytes()));
		bytes.extend_from_slice(&D.0);
		bytes.extend_from_slice(&[0u8; 31]);
		bytes.push(5);
		bytes.extend_from_slice(&[0u8; 30]);
		bytes.extend_from_slice(&[0x01, 0x00]);
		bytes.extend_from_slice(&c);
		assert_eq!(commit_digest(&D, 5, 256, &c), keccak256(&bytes));
		let mut pair = [0u8; 64];
		pair[32..].copy_from_slice(&c);
		assert_eq!(extend_sync_hash(&[0; 32], &c), keccak256(&pair));
	}
}
