//! Node storage: the [`TreeStore`] trait and the in-memory [`MemoryStore`].

use crate::field::Fr;
use alloc::collections::BTreeMap;

/// Where a [`super::SparseMerkleTree`] keeps its nodes, keyed by `(level, index)` (level 0 =
/// leaves, level `DEPTH` = root).
///
/// A store holds only non-empty nodes: the tree calls [`TreeStore::remove`] instead of
/// [`TreeStore::set`] when a node becomes empty, and reads an absent node as empty. Stores know
/// nothing about hashing or emptiness; they are plain maps.
pub trait TreeStore {
	/// The node at `(level, index)`, or `None` if it is absent (empty).
	fn get(&self, level: u8, index: u64) -> Option<Fr>;

	/// Stores the node at `(level, index)`, replacing any previous value.
	fn set(&mut self, level: u8, index: u64, value: Fr);

	/// Removes the node at `(level, index)`; removing an absent node does nothing.
	fn remove(&mut self, level: u8, index: u64);
}

impl<S: TreeStore + ?Sized> TreeStore for &mut S {
	fn get(&self, level: u8, index: u64) -> Option<Fr> {
		(**self).get(level, index)
	}

	fn set(&mut self, level: u8, index: u64, value: Fr) {
		(**self).set(level, index, value)
	}

	fn remove(&mut self, level: u8, index: u64) {
		(**self).remove(level, index)
	}
}

/// A [`TreeStore`] in memory (an ordered map; no_std).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemoryStore {
	nodes: BTreeMap<(u8, u64), Fr>,
}

impl MemoryStore {
	/// An empty store.
	pub fn new() -> Self {
		Self::default()
	}

	/// The number of stored (non-empty) nodes, over all levels.
	pub fn len(&self) -> usize {
		self.nodes.len()
	}

	/// Whether no node is stored (the tree is empty).
	pub fn is_empty(&self) -> bool {
		self.nodes.is_empty()
	}

	/// The stored nodes as `((level, index), value)`, ordered by level, then index.
	pub fn iter(&self) -> impl Iterator<Item = ((u8, u64), Fr)> + '_ {
		self.nodes.iter().map(|(&key, &value)| (key, value))
	}
}

impl TreeStore for MemoryStore {
	fn get(&self, level: u8, index: u64) -> Option<Fr> {
		self.nodes.get(&(level, index)).copied()
	}

	fn set(&mut self, level: u8, index: u64, value: Fr) {
		self.nodes.insert((level, index), value);
	}

	fn remove(&mut self, level: u8, index: u64) {
		self.nodes.remove(&(level, index));
	}
}
