//! The hash interface shared by the trees, the L2 signatures and (through the circuits) the
//! constraint system: one trait, one concrete instance ([`crate::poseidon::Poseidon`]).

use crate::field::Fr;

/// A hash over the scalar field.
///
/// Implementations must be pure functions of their input: the sparse Merkle tree, the
/// account-leaf hash and the signature challenge are all defined through this trait, and the
/// circuits prove the same function.
pub trait Hasher: Clone + Default {
	/// Hashes a non-empty sequence of field elements.
	fn hash(&self, inputs: &[Fr]) -> Fr;

	/// Two-to-one compression of tree nodes; by definition equal to `hash(&[left, right])`.
	fn hash2(&self, left: &Fr, right: &Fr) -> Fr {
		self.hash(&[*left, *right])
	}
}
