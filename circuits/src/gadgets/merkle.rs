//! Sparse-Merkle-tree paths, as in [`polylink_primitives::smt`]: a node is
//! `hash2(left, right)` and bit `k` of the leaf index (least significant first) says that the
//! path goes right at level `k`.
//!
//! Each level costs one Poseidon permutation (243 constraints) and one constraint for the
//! conditional swap: `left = cur + bit·(sibling - cur)` is allocated and
//! `right = cur + sibling - left` stays a free linear combination.
//!
//! # Assumptions
//!
//! The index bits are boolean-constrained by the caller, and the caller fixes the depth (the
//! number of siblings), so that an internal node cannot pose as a leaf.

use super::{
	num::{select_lc, Lc},
	poseidon,
};
use bellman::{
	gadgets::{boolean::Boolean, num::AllocatedNum},
	ConstraintSystem, SynthesisError,
};
use polylink_primitives::field::Fr;

/// One level: orders `(cur, sibling)` by `bit` and hashes them (244 constraints).
fn level<CS>(
	mut cs: CS,
	cur: &AllocatedNum<Fr>,
	bit: &Boolean,
	sibling: &AllocatedNum<Fr>,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let (cur, sibling) = (Lc::from(cur), Lc::from(sibling));
	// left = bit ? sibling : cur
	let left = select_lc(cs.namespace(|| "left"), bit, &sibling, &cur)?;
	// right = cur + sibling - left (free)
	let right = cur.add(&sibling).sub(&Lc::from(&left));
	poseidon::hash2_lc(cs.namespace(|| "node"), &Lc::from(&left), &right)
}

/// The root reached from `leaf` along the path given by `index_bits` (least significant
/// first) and `siblings` (from the leaf's sibling upward): `244·depth` constraints.
///
/// # Panics
///
/// If `index_bits` and `siblings` differ in length.
pub fn root_from_path<CS>(
	mut cs: CS,
	leaf: &AllocatedNum<Fr>,
	index_bits: &[Boolean],
	siblings: &[AllocatedNum<Fr>],
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert_eq!(index_bits.len(), siblings.len(), "one index bit per sibling");
	let mut cur = leaf.clone();
	for (i, (bit, sibling)) in index_bits.iter().zip(siblings).enumerate() {
		cur = level(cs.namespace(|| format!("level {i}")), &cur, bit, sibling)?;
	}
	Ok(cur)
}

/// The roots before and after replacing `old_leaf` by `new_leaf`, from one path (shared index
/// bits and siblings): returns `(old_root, new_root)` in `2·244·depth` constraints.
///
/// # Panics
///
/// If `index_bits` and `siblings` differ in length.
pub fn update<CS>(
	mut cs: CS,
	old_leaf: &AllocatedNum<Fr>,
	new_leaf: &AllocatedNum<Fr>,
	index_bits: &[Boolean],
	siblings: &[AllocatedNum<Fr>],
) -> Result<(AllocatedNum<Fr>, AllocatedNum<Fr>), SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let old_root = root_from_path(cs.namespace(|| "old"), old_leaf, index_bits, siblings)?;
	let new_root = root_from_path(cs.namespace(|| "new"), new_leaf, index_bits, siblings)?;
	Ok((old_root, new_root))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::gadgets::num::alloc_bits_le;
	use bellman::gadgets::test::TestConstraintSystem;
	use ff::Field;
	use polylink_primitives::{
		poseidon::Poseidon,
		smt::{MemoryStore, SparseMerkleTree},
	};
	use rand_core::{Rng, SeedableRng};
	use rand_xorshift::XorShiftRng;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	/// A tree with a few random leaves; returns it and an index to update.
	fn tree<const D: usize>(
		rng: &mut XorShiftRng,
	) -> (SparseMerkleTree<Poseidon, MemoryStore, D>, u64) {
		let mut tree = SparseMerkleTree::new(Poseidon, MemoryStore::new(), Fr::ZERO);
		let mask = (1u64 << D) - 1;
		for _ in 0..6 {
			tree.update(rng.next_u64() & mask, Fr::random(&mut *rng)).unwrap();
		}
		let index = rng.next_u64() & mask;
		tree.update(index, Fr::random(&mut *rng)).unwrap();
		tree.update(index ^ 1, Fr::random(&mut *rng)).unwrap();
		(tree, index)
	}

	struct Path {
		old: AllocatedNum<Fr>,
		new: AllocatedNum<Fr>,
		bits: Vec<Boolean>,
		siblings: Vec<AllocatedNum<Fr>>,
	}

	fn alloc_path(
		cs: &mut TestConstraintSystem<Fr>,
		old: Fr,
		new: Fr,
		index: u64,
		siblings: &[Fr],
	) -> Path {
		let alloc = |cs: &mut TestConstraintSystem<Fr>, name: String, x: Fr| {
			AllocatedNum::alloc(cs.namespace(|| name), || Ok(x)).unwrap()
		};
		Path {
			old: alloc(cs, "old leaf".into(), old),
			new: alloc(cs, "new leaf".into(), new),
			bits: alloc_bits_le(cs.namespace(|| "index"), Some(Fr::from(index)), siblings.len())
				.unwrap(),
			siblings: siblings
				.iter()
				.enumerate()
				.map(|(i, s)| alloc(cs, format!("sibling {i}"), *s))
				.collect(),
		}
	}

	fn update_matches_native<const D: usize>(constraints: usize) {
		let mut rng = rng();
		let (mut tree, index) = tree::<D>(&mut rng);
		let proof = tree.proof(index).unwrap();
		let old_root = tree.root();
		let new_leaf = Fr::random(&mut rng);
		let new_root = tree.update(index, new_leaf).unwrap();

		let mut cs = TestConstraintSystem::<Fr>::new();
		let p = alloc_path(&mut cs, proof.leaf, new_leaf, index, &proof.siblings);
		let base = cs.num_constraints();
		let (old, new) =
			update(cs.namespace(|| "update"), &p.old, &p.new, &p.bits, &p.siblings).unwrap();
		assert!(cs.is_satisfied());
		assert_eq!(cs.num_constraints() - base, constraints);
		assert_eq!(old.get_value(), Some(old_root));
		assert_eq!(new.get_value(), Some(new_root));

		let mut cs = TestConstraintSystem::<Fr>::new();
		let p = alloc_path(&mut cs, proof.leaf, new_leaf, index, &proof.siblings);
		let base = cs.num_constraints();
		let root = root_from_path(cs.namespace(|| "path"), &p.old, &p.bits, &p.siblings).unwrap();
		assert!(cs.is_satisfied());
		assert_eq!(cs.num_constraints() - base, constraints / 2);
		assert_eq!(root.get_value(), Some(old_root));
	}

	#[test]
	fn update_depth_10_matches_native() {
		update_matches_native::<10>(4880);
	}

	#[test]
	fn update_depth_24_matches_native() {
		update_matches_native::<24>(11712);
	}

	mod reject {
		use super::*;

		/// Synthesises the depth-10 path of a random tree; returns the system, its root and
		/// the expected root.
		fn setup(tamper: impl FnOnce(&mut Fr, &mut u64, &mut Vec<Fr>)) -> (Option<Fr>, Fr) {
			let mut rng = rng();
			let (tree, index) = tree::<10>(&mut rng);
			let proof = tree.proof(index).unwrap();
			let (mut leaf, mut index, mut siblings) = (proof.leaf, index, proof.siblings);
			tamper(&mut leaf, &mut index, &mut siblings);
			let mut cs = TestConstraintSystem::<Fr>::new();
			let p = alloc_path(&mut cs, leaf, leaf, index, &siblings);
			let root =
				root_from_path(cs.namespace(|| "path"), &p.old, &p.bits, &p.siblings).unwrap();
			assert!(cs.is_satisfied());
			(root.get_value(), tree.root())
		}

		#[test]
		fn tampered_sibling() {
			let (root, expected) = setup(|_, _, siblings| siblings[3] += Fr::ONE);
			assert_ne!(root, Some(expected));
		}

		#[test]
		fn tampered_leaf() {
			let (root, expected) = setup(|leaf, _, _| *leaf += Fr::ONE);
			assert_ne!(root, Some(expected));
		}

		#[test]
		fn tampered_index_bit() {
			let (root, expected) = setup(|_, index, _| *index ^= 1 << 5);
			assert_ne!(root, Some(expected));
		}

		#[test]
		fn tampered_swap() {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let p = alloc_path(&mut cs, Fr::ONE, Fr::ONE, 2, &[Fr::ZERO, Fr::ONE, Fr::ONE]);
			root_from_path(cs.namespace(|| "path"), &p.old, &p.bits, &p.siblings).unwrap();
			assert!(cs.is_satisfied());
			cs.set("path/level 1/left/out/num", Fr::from(5u64));
			assert_eq!(cs.which_is_unsatisfied(), Some("path/level 1/left/out computation"));
		}
	}
}
