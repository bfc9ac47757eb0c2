//! The binary sparse Merkle tree behind the account tree and every balance tree.
//!
//! # Layout
//!
//! A tree of depth `DEPTH` has `2^DEPTH` leaves. Level 0 holds the leaves, level `DEPTH` holds
//! the root. The node at level `l`, position `i` (for `l >= 1`) has the children `(l - 1, 2i)`
//! and `(l - 1, 2i + 1)` and its value is `H::hash2(left, right)`. Leaves are field elements
//! stored as they are: the tree never hashes a leaf (the account tree stores the account hash,
//! balance trees store balances).
//!
//! Bit `k` of a leaf index (least significant bit first) says whether the path from that leaf
//! to the root passes through the right child at level `k`; a [`MerkleProof`] lists the
//! siblings along that path from level 0 upward. The circuits walk exactly this path.
//!
//! # Emptiness and storage
//!
//! The value of an empty leaf is a constructor argument (the account tree uses the hash of the
//! default account, balance trees use zero). From it the tree precomputes `empty[0] =
//! empty_leaf` and `empty[l + 1] = hash2(empty[l], empty[l])`; a node absent from storage reads
//! as `empty[l]`, and a node whose value becomes `empty[l]` is removed from storage, so storage
//! holds only the non-empty part of the tree (including the root, at `(DEPTH, 0)`). Storage is
//! the [`TreeStore`] trait: [`MemoryStore`] (no_std), `FileStore` (std, an append-only log)
//! and, later, Substrate runtime storage all hold the same nodes under the same keys.
//!
//! # Why batched updates
//!
//! Updating one leaf rehashes its `DEPTH` ancestors. Updating `n` leaves one by one therefore
//! costs `n * DEPTH` hashes, although the paths share their upper levels: two leaves under the
//! same node at level `l` share `DEPTH - l` ancestors. [`SparseMerkleTree::update_batch`] sorts
//! and deduplicates the leaf indices (the last write to an index wins) and walks the touched
//! nodes level by level, so every touched internal node is hashed exactly once. With Poseidon
//! hashing dominating the executor's cost, a block of transfers that touch nearby accounts
//! saves most of the upper-level work.
//!
//! # Errors
//!
//! A leaf index `>= 2^DEPTH` is a caller bug; the entry points that take an index return
//! [`SmtError::IndexOutOfRange`] instead of panicking, and leave the tree unchanged.

mod proof;
mod store;

#[cfg(feature = "std")]
mod file_store;

#[cfg(test)]
mod tests;

pub use proof::{MerkleProof, MAX_PROOF_DEPTH};
pub use store::{MemoryStore, TreeStore};

#[cfg(feature = "std")]
pub use file_store::FileStore;

use crate::{field::Fr, hash::Hasher};
use alloc::vec::Vec;
use core::fmt;
use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

/// Errors of the sparse Merkle tree's fallible entry points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum SmtError {
	/// The leaf index does not fit a tree of this depth (`index >= 2^depth`).
	IndexOutOfRange {
		/// The offending leaf index.
		index: u64,
		/// The depth of the tree.
		depth: u32,
	},
}

impl fmt::Display for SmtError {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			SmtError::IndexOutOfRange { index, depth } => {
				write!(f, "leaf index {index} is out of range for a tree of depth {depth}")
			}
		}
	}
}

impl core::error::Error for SmtError {}

/// A binary sparse Merkle tree of depth `DEPTH` (`1..=64`) over the hasher `H`, with its nodes
/// in the store `S`. See the [module docs](self) for the layout.
#[derive(Clone, Debug)]
pub struct SparseMerkleTree<H: Hasher, S: TreeStore, const DEPTH: usize> {
	hasher: H,
	store: S,
	/// `empty[l]` is the value of an empty subtree's root at level `l`, for `l` in `0..=DEPTH`.
	empty: Vec<Fr>,
	/// Reused work list of [`Self::update_batch`], so batches allocate only while it grows.
	scratch: Vec<(u64, Fr)>,
}

impl<H: Hasher, S: TreeStore, const DEPTH: usize> SparseMerkleTree<H, S, DEPTH> {
	/// Opens the tree stored in `store` (empty or pre-populated) whose empty leaf is
	/// `empty_leaf`.
	///
	/// The root is read from the store. A pre-populated store must have been written by a tree
	/// with the same hasher, depth and empty leaf; the tree cannot check that.
	pub fn new(hasher: H, store: S, empty_leaf: Fr) -> Self {
		const { assert!(DEPTH >= 1 && DEPTH <= 64, "the tree depth must be in 1..=64") };
		let mut empty = Vec::with_capacity(DEPTH + 1);
		empty.push(empty_leaf);
		for level in 0..DEPTH {
			let below = empty[level];
			empty.push(hasher.hash2(&below, &below));
		}
		Self { hasher, store, empty, scratch: Vec::new() }
	}

	/// The current root.
	pub fn root(&self) -> Fr {
		self.node(DEPTH, 0)
	}

	/// The value of an empty subtree's root at `level` (`empty_leaf` at level 0, the empty
	/// tree's root at level `DEPTH`); `None` if `level > DEPTH`.
	pub fn empty_node(&self, level: usize) -> Option<Fr> {
		self.empty.get(level).copied()
	}

	/// The leaf at `index` (the empty leaf if it was never set).
	pub fn get_leaf(&self, index: u64) -> Result<Fr, SmtError> {
		Self::check_index(index)?;
		Ok(self.node(0, index))
	}

	/// Sets the leaf at `index` to `leaf`, rehashes its `DEPTH` ancestors and returns the new
	/// root.
	pub fn update(&mut self, index: u64, leaf: Fr) -> Result<Fr, SmtError> {
		Self::check_index(index)?;
		self.put(0, index, leaf);
		let mut position = index;
		let mut value = leaf;
		for level in 0..DEPTH {
			let sibling = self.node(level, position ^ 1);
			value = if position & 1 == 0 {
				self.hasher.hash2(&value, &sibling)
			} else {
				self.hasher.hash2(&sibling, &value)
			};
			position >>= 1;
			self.put(level + 1, position, value);
		}
		Ok(value)
	}

	/// Applies several leaf updates at once and returns the new root.
	///
	/// The result equals applying the updates one by one with [`Self::update`] (so when an
	/// index occurs more than once, its last value wins), but every touched internal node is
	/// hashed exactly once. If any index is out of range, nothing is changed. An empty batch
	/// returns the current root.
	pub fn update_batch(&mut self, updates: &[(u64, Fr)]) -> Result<Fr, SmtError> {
		for &(index, _) in updates {
			Self::check_index(index)?;
		}
		if updates.is_empty() {
			return Ok(self.root());
		}
		// Writing the leaves in input order makes the last write to an index win; the work list
		// then needs only the distinct indices, which an in-place unstable sort provides.
		let mut nodes = core::mem::take(&mut self.scratch);
		nodes.clear();
		for &(index, leaf) in updates {
			self.put(0, index, leaf);
			nodes.push((index, leaf));
		}
		nodes.sort_unstable_by_key(|&(index, _)| index);
		nodes.dedup_by_key(|&mut (index, _)| index);
		for node in nodes.iter_mut() {
			node.1 = self.node(0, node.0);
		}
		// `nodes` holds the touched nodes of `level`, sorted by position; replace it in place
		// by their parents (at most as many, also sorted) until only the root is left.
		for level in 0..DEPTH {
			let (mut read, mut write) = (0, 0);
			while read < nodes.len() {
				let (position, value) = nodes[read];
				let (left, right) = if position & 1 == 1 {
					read += 1;
					(self.node(level, position ^ 1), value)
				} else if nodes.get(read + 1).is_some_and(|&(next, _)| next == position | 1) {
					read += 2;
					(value, nodes[read - 1].1)
				} else {
					read += 1;
					(value, self.node(level, position | 1))
				};
				let parent = self.hasher.hash2(&left, &right);
				self.put(level + 1, position >> 1, parent);
				nodes[write] = (position >> 1, parent);
				write += 1;
			}
			nodes.truncate(write);
		}
		let root = nodes[0].1;
		self.scratch = nodes;
		Ok(root)
	}

	/// The Merkle proof of the leaf at `index` against the current root.
	pub fn proof(&self, index: u64) -> Result<MerkleProof, SmtError> {
		Self::check_index(index)?;
		let mut siblings = Vec::with_capacity(DEPTH);
		let mut position = index;
		for level in 0..DEPTH {
			siblings.push(self.node(level, position ^ 1));
			position >>= 1;
		}
		Ok(MerkleProof { index, leaf: self.node(0, index), siblings })
	}

	/// Verifies `proof` against `root` for a tree of this depth: like [`MerkleProof::verify`],
	/// and the proof must have exactly `DEPTH` siblings.
	pub fn verify_proof(hasher: &H, proof: &MerkleProof, root: &Fr) -> bool {
		proof.siblings.len() == DEPTH && proof.verify(hasher, root)
	}

	/// The hasher.
	pub fn hasher(&self) -> &H {
		&self.hasher
	}

	/// The store.
	pub fn store(&self) -> &S {
		&self.store
	}

	/// The store, mutably: for store-level operations such as `FileStore::commit`. Writing
	/// nodes through it bypasses the tree and can leave the stored root inconsistent with the
	/// leaves.
	pub fn store_mut(&mut self) -> &mut S {
		&mut self.store
	}

	/// Gives the store back (for example to reopen it later with [`Self::new`]).
	pub fn into_store(self) -> S {
		self.store
	}

	fn check_index(index: u64) -> Result<(), SmtError> {
		if DEPTH < 64 && index >> DEPTH != 0 {
			return Err(SmtError::IndexOutOfRange { index, depth: DEPTH as u32 });
		}
		Ok(())
	}

	/// The node at `(level, position)`, reading absent nodes as empty.
	fn node(&self, level: usize, position: u64) -> Fr {
		self.store.get(level as u8, position).unwrap_or(self.empty[level])
	}

	/// Stores a node, removing it instead when it is empty so that storage stays sparse.
	fn put(&mut self, level: usize, position: u64, value: Fr) {
		if value == self.empty[level] {
			self.store.remove(level as u8, position);
		} else {
			self.store.set(level as u8, position, value);
		}
	}
}
