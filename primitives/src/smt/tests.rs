use super::*;
use alloc::rc::Rc;
use core::cell::Cell;
use parity_scale_codec::{Decode, Encode};
use proptest::prelude::*;

/// A stand-in for Poseidon: a position-dependent, non-linear (x^5) sponge-like mix.
#[derive(Clone, Debug, Default)]
struct TestHasher;

impl Hasher for TestHasher {
	fn hash(&self, inputs: &[Fr]) -> Fr {
		let mut state = Fr::from(inputs.len() as u64 + 0x5eed);
		for (i, input) in inputs.iter().enumerate() {
			let x = state + input + Fr::from(i as u64 * 0x9e37 + 1);
			let x2 = x.square();
			state = x2.square() * x + state.double();
		}
		state
	}
}

/// Counts the hashes it computes; clones share the counter.
#[derive(Clone, Debug, Default)]
struct CountingHasher {
	calls: Rc<Cell<usize>>,
}

impl CountingHasher {
	fn take(&self) -> usize {
		self.calls.replace(0)
	}
}

impl Hasher for CountingHasher {
	fn hash(&self, inputs: &[Fr]) -> Fr {
		self.calls.set(self.calls.get() + 1);
		TestHasher.hash(inputs)
	}
}

type Tree8 = SparseMerkleTree<TestHasher, MemoryStore, 8>;

fn tree8() -> Tree8 {
	Tree8::new(TestHasher, MemoryStore::new(), Fr::zero())
}

fn leaf(x: u64) -> Fr {
	Fr::from(x)
}

/// A directory under the system temp dir, removed on drop.
struct TempDir(std::path::PathBuf);

impl TempDir {
	fn new(name: &str) -> Self {
		let path =
			std::env::temp_dir().join(std::format!("polylink-smt-{name}-{}", std::process::id()));
		let _ = std::fs::remove_dir_all(&path);
		std::fs::create_dir_all(&path).expect("temp dir is creatable");
		Self(path)
	}

	fn file(&self, name: &str) -> std::path::PathBuf {
		self.0.join(name)
	}
}

impl Drop for TempDir {
	fn drop(&mut self) {
		let _ = std::fs::remove_dir_all(&self.0);
	}
}

#[test]
fn empty_root_works() {
	let tree = tree8();
	let mut empty = Fr::zero();
	for _ in 0..8 {
		empty = TestHasher.hash2(&empty, &empty);
	}
	assert_eq!(tree.root(), empty);
	assert_eq!(tree.empty_node(8), Some(empty));
	assert_eq!(tree.empty_node(9), None);
	assert!(tree.store().is_empty());
}

#[test]
fn non_zero_empty_leaf_works() {
	let empty_leaf = leaf(42);
	let mut tree = Tree8::new(TestHasher, MemoryStore::new(), empty_leaf);
	assert_eq!(tree.get_leaf(3), Ok(empty_leaf));
	let empty_root = tree.root();
	tree.update(3, leaf(1)).expect("in range");
	assert_ne!(tree.root(), empty_root);
	// Writing the empty leaf back empties the storage again.
	assert_eq!(tree.update(3, empty_leaf), Ok(empty_root));
	assert!(tree.store().is_empty());
}

#[test]
fn update_and_proof_works() {
	let mut tree = tree8();
	let root = tree.update(5, leaf(7)).expect("in range");
	assert_eq!(tree.root(), root);
	tree.update(200, leaf(9)).expect("in range");
	let root = tree.root();
	for index in [5, 200, 0, 255] {
		let proof = tree.proof(index).expect("in range");
		assert_eq!(proof.index, index);
		assert_eq!(proof.leaf, tree.get_leaf(index).expect("in range"));
		assert_eq!(proof.siblings.len(), 8);
		assert!(proof.verify(&TestHasher, &root));
		assert!(Tree8::verify_proof(&TestHasher, &proof, &root));
	}
	assert_eq!(tree.get_leaf(5), Ok(leaf(7)));
}

#[test]
fn root_with_leaf_works() {
	let mut tree = tree8();
	tree.update_batch(&[(1, leaf(1)), (2, leaf(2)), (77, leaf(3))]).expect("in range");
	let proof = tree.proof(77).expect("in range");
	assert_eq!(proof.root(&TestHasher), tree.root());
	let predicted = proof.root_with_leaf(&TestHasher, leaf(1000));
	assert_eq!(tree.update(77, leaf(1000)), Ok(predicted));
	assert_eq!(tree.root(), predicted);
}

#[test]
fn store_stays_sparse_works() {
	let mut tree = tree8();
	tree.update(10, leaf(1)).expect("in range");
	// The leaf and its 8 ancestors (root included).
	assert_eq!(tree.store().len(), 9);
	tree.update(11, leaf(2)).expect("in range");
	assert_eq!(tree.store().len(), 10);
	tree.update_batch(&[(10, Fr::zero()), (11, Fr::zero())]).expect("in range");
	assert!(tree.store().is_empty());
}

#[test]
fn new_over_populated_store_works() {
	let mut tree = tree8();
	let root = tree.update_batch(&[(3, leaf(3)), (250, leaf(250))]).expect("in range");
	let tree = Tree8::new(TestHasher, tree.into_store(), Fr::zero());
	assert_eq!(tree.root(), root);
	assert_eq!(tree.get_leaf(250), Ok(leaf(250)));
}

#[test]
fn borrowed_store_works() {
	let mut store = MemoryStore::new();
	let root = {
		let mut tree = SparseMerkleTree::<_, _, 8>::new(TestHasher, &mut store, Fr::zero());
		tree.update(9, leaf(9)).expect("in range")
	};
	assert_eq!(Tree8::new(TestHasher, store, Fr::zero()).root(), root);
}

#[test]
fn depth_64_works() {
	let mut tree = SparseMerkleTree::<_, _, 64>::new(TestHasher, MemoryStore::new(), Fr::zero());
	let root = tree.update(u64::MAX, leaf(1)).expect("every u64 is in range");
	tree.update(0, leaf(2)).expect("in range");
	let proof = tree.proof(u64::MAX).expect("in range");
	assert_eq!(proof.root_with_leaf(&TestHasher, leaf(1)), tree.root());
	assert!(proof.verify(&TestHasher, &tree.root()));
	assert_ne!(tree.root(), root);
}

#[test]
fn update_rejects_out_of_range_index() {
	let mut tree = tree8();
	let error = SmtError::IndexOutOfRange { index: 256, depth: 8 };
	assert_eq!(tree.update(256, leaf(1)), Err(error));
	assert_eq!(tree.get_leaf(256), Err(error));
	assert_eq!(tree.proof(256), Err(error));
	assert!(tree.store().is_empty());
}

#[test]
fn update_batch_rejects_out_of_range_index() {
	let mut tree = tree8();
	let result = tree.update_batch(&[(1, leaf(1)), (1 << 40, leaf(2))]);
	assert_eq!(result, Err(SmtError::IndexOutOfRange { index: 1 << 40, depth: 8 }));
	// Nothing was applied, not even the valid update before the bad one.
	assert!(tree.store().is_empty());
}

#[test]
fn verify_rejects_changed_sibling() {
	let mut tree = tree8();
	tree.update_batch(&[(4, leaf(4)), (5, leaf(5)), (130, leaf(6))]).expect("in range");
	let root = tree.root();
	for level in 0..8 {
		let mut proof = tree.proof(4).expect("in range");
		proof.siblings[level] += Fr::one();
		assert!(!proof.verify(&TestHasher, &root), "sibling {level}");
	}
}

#[test]
fn verify_rejects_changed_leaf() {
	let mut tree = tree8();
	tree.update(4, leaf(4)).expect("in range");
	let mut proof = tree.proof(4).expect("in range");
	proof.leaf = leaf(5);
	assert!(!proof.verify(&TestHasher, &tree.root()));
}

#[test]
fn verify_rejects_wrong_index() {
	let mut tree = tree8();
	tree.update_batch(&[(4, leaf(4)), (6, leaf(6))]).expect("in range");
	let root = tree.root();
	let proof = tree.proof(4).expect("in range");
	for index in [5, 6, 0, 4 + 128] {
		let wrong = MerkleProof { index, ..proof.clone() };
		assert!(!wrong.verify(&TestHasher, &root), "index {index}");
	}
	// Bits above the depth do not change the path, but the index no longer fits the tree.
	let beyond = MerkleProof { index: 4 + 256, ..proof };
	assert_eq!(beyond.root(&TestHasher), root);
	assert!(!beyond.verify(&TestHasher, &root));
}

#[test]
fn verify_proof_rejects_wrong_depth() {
	let mut tree = tree8();
	tree.update_batch(&[(0, leaf(1)), (1, leaf(2))]).expect("in range");
	let root = tree.root();
	// A proof one level short that passes the level-1 node off as a leaf.
	let full = tree.proof(0).expect("in range");
	let short = MerkleProof {
		index: 0,
		leaf: TestHasher.hash2(&leaf(1), &leaf(2)),
		siblings: full.siblings[1..].to_vec(),
	};
	assert!(short.verify(&TestHasher, &root));
	assert!(!Tree8::verify_proof(&TestHasher, &short, &root));
}

#[test]
fn update_hash_count_works() {
	let hasher = CountingHasher::default();
	let mut tree = SparseMerkleTree::<_, _, 8>::new(hasher.clone(), MemoryStore::new(), Fr::zero());
	assert_eq!(hasher.take(), 8, "precomputing the empty nodes");
	tree.update(17, leaf(1)).expect("in range");
	assert_eq!(hasher.take(), 8);
	tree.proof(17).expect("in range");
	assert_eq!(hasher.take(), 0);
}

#[test]
fn update_batch_hash_count_works() {
	let hasher = CountingHasher::default();
	let mut tree = SparseMerkleTree::<_, _, 8>::new(hasher.clone(), MemoryStore::new(), Fr::zero());
	hasher.take();
	// Leaves 0 and 1 share their parent, 2 shares the level-2 node with them, 255 meets the
	// others only at the root; 1 is written twice.
	let updates = [(255, leaf(9)), (1, leaf(1)), (0, leaf(0)), (2, leaf(2)), (1, leaf(11))];
	tree.update_batch(&updates).expect("in range");
	// Level 1: nodes 0, 1, 127. Level 2: 0, 63. Levels 3..=7: two each. Level 8: the root.
	assert_eq!(hasher.take(), 3 + 2 + 5 * 2 + 1);
	// The same count from the definition: the distinct ancestors of the touched leaves.
	let ancestors: alloc::collections::BTreeSet<(usize, u64)> = updates
		.iter()
		.flat_map(|&(index, _)| (1..=8).map(move |level| (level, index >> level)))
		.collect();
	assert_eq!(ancestors.len(), 16);
	assert_eq!(tree.get_leaf(1), Ok(leaf(11)));
	// An empty batch hashes nothing.
	let root = tree.root();
	assert_eq!(tree.update_batch(&[]), Ok(root));
	assert_eq!(hasher.take(), 0);
}

#[test]
fn update_batch_full_tree_hash_count_works() {
	let hasher = CountingHasher::default();
	let mut tree = SparseMerkleTree::<_, _, 8>::new(hasher.clone(), MemoryStore::new(), Fr::zero());
	hasher.take();
	let updates: Vec<(u64, Fr)> = (0..256).rev().map(|i| (i, leaf(i + 1))).collect();
	tree.update_batch(&updates).expect("in range");
	// Every internal node of a full tree, once: 2^8 - 1.
	assert_eq!(hasher.take(), 255);
}

proptest! {
	#[test]
	fn update_batch_matches_sequential_works(
		initial in prop::collection::vec((0u64..256, 0u64..4), 0..20),
		updates in prop::collection::vec((0u64..256, 0u64..4), 0..64),
	) {
		// Small values make writes of the empty leaf (0) and repeated values common.
		let mut sequential = tree8();
		let initial: Vec<(u64, Fr)> = initial.into_iter().map(|(i, v)| (i, leaf(v))).collect();
		let updates: Vec<(u64, Fr)> = updates.into_iter().map(|(i, v)| (i, leaf(v))).collect();
		for &(index, value) in &initial {
			sequential.update(index, value).expect("in range");
		}
		let mut batched = tree8();
		batched.update_batch(&initial).expect("in range");
		prop_assert_eq!(batched.root(), sequential.root());
		for &(index, value) in &updates {
			sequential.update(index, value).expect("in range");
		}
		let root = batched.update_batch(&updates).expect("in range");
		prop_assert_eq!(root, sequential.root());
		prop_assert_eq!(batched.root(), sequential.root());
		// Same nodes stored, so the storage is as sparse as with single updates.
		prop_assert_eq!(batched.store(), sequential.store());
	}
}

#[test]
fn proof_codec_works() {
	#[derive(Encode)]
	struct Wire {
		index: u64,
		leaf: [u8; 32],
		siblings: Vec<[u8; 32]>,
	}

	let mut tree = tree8();
	tree.update_batch(&[(3, leaf(3)), (100, leaf(100))]).expect("in range");
	let proof = tree.proof(100).expect("in range");
	let encoded = proof.encode();
	let wire = Wire {
		index: 100,
		leaf: crate::field::to_be_bytes(&leaf(100)),
		siblings: proof.siblings.iter().map(crate::field::to_be_bytes).collect(),
	};
	assert_eq!(encoded, wire.encode());
	assert_eq!(encoded.len(), proof.size_hint());
	assert_eq!(MerkleProof::decode(&mut &encoded[..]), Ok(proof));
}

#[test]
fn proof_decode_rejects_non_canonical_element() {
	let proof = tree8().proof(0).expect("in range");
	let mut encoded = proof.encode();
	// The leaf follows the 8-byte index.
	encoded[8..40].copy_from_slice(&[0xff; 32]);
	assert!(MerkleProof::decode(&mut &encoded[..]).is_err());
}

#[test]
fn proof_decode_rejects_too_many_siblings() {
	let proof = MerkleProof { index: 0, leaf: Fr::zero(), siblings: vec![Fr::zero(); 65] };
	assert!(MerkleProof::decode(&mut &proof.encode()[..]).is_err());
}

#[test]
fn smt_error_codec_works() {
	let error = SmtError::IndexOutOfRange { index: 300, depth: 8 };
	assert_eq!(SmtError::decode(&mut &error.encode()[..]), Ok(error));
	assert_eq!(std::format!("{error}"), "leaf index 300 is out of range for a tree of depth 8");
}

mod file_store {
	use super::*;
	use std::io::Write;

	type FileTree = SparseMerkleTree<TestHasher, FileStore, 8>;

	fn open(path: &std::path::Path) -> FileTree {
		FileTree::new(TestHasher, FileStore::open(path).expect("log opens"), Fr::zero())
	}

	#[test]
	fn file_store_round_trip_works() {
		let dir = TempDir::new("round-trip");
		let path = dir.file("tree.log");
		let mut tree = open(&path);
		assert_eq!(tree.root(), tree8().root());
		tree.update_batch(&[(1, leaf(1)), (2, leaf(2)), (200, leaf(3))]).expect("in range");
		tree.update(2, Fr::zero()).expect("in range");
		assert!(tree.store().has_uncommitted());
		tree.store_mut().commit().expect("commit succeeds");
		assert!(!tree.store().has_uncommitted());
		let root = tree.root();
		let nodes = tree.store().len();
		drop(tree);

		let tree = open(&path);
		assert_eq!(tree.root(), root);
		assert_eq!(tree.store().len(), nodes);
		assert_eq!(tree.get_leaf(200), Ok(leaf(3)));
		assert_eq!(tree.get_leaf(2), Ok(Fr::zero()));
	}

	#[test]
	fn file_store_discards_uncommitted_works() {
		let dir = TempDir::new("uncommitted");
		let path = dir.file("tree.log");
		let mut tree = open(&path);
		tree.update(1, leaf(1)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		let root = tree.root();
		tree.update(2, leaf(2)).expect("in range");
		drop(tree);
		assert_eq!(open(&path).root(), root);
	}

	#[test]
	fn file_store_torn_tail_works() {
		let dir = TempDir::new("torn");
		let path = dir.file("tree.log");
		let mut tree = open(&path);
		tree.update(7, leaf(7)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		let root = tree.root();
		let committed_len = std::fs::metadata(&path).expect("log exists").len();
		// A crash in the middle of the next commit: a whole record without its commit record,
		// then half a record.
		tree.update(8, leaf(8)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		drop(tree);
		let full = std::fs::read(&path).expect("log is readable");
		let mut torn = full[..committed_len as usize + file_store_record_len()].to_vec();
		torn.extend_from_slice(&full[committed_len as usize + file_store_record_len()..][..20]);
		std::fs::write(&path, &torn).expect("log is writable");

		let mut tree = open(&path);
		assert_eq!(tree.root(), root);
		assert_eq!(tree.get_leaf(8), Ok(Fr::zero()));
		// The torn tail was truncated, so later commits replay.
		assert_eq!(std::fs::metadata(&path).expect("log exists").len(), committed_len);
		let root = tree.update(9, leaf(9)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		drop(tree);
		assert_eq!(open(&path).root(), root);
	}

	#[test]
	fn file_store_rejects_corrupt_tail_record() {
		let dir = TempDir::new("corrupt");
		let path = dir.file("tree.log");
		let mut tree = open(&path);
		let first = tree.update(7, leaf(7)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		tree.update(8, leaf(8)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		drop(tree);
		// Flip a value byte of the last transaction's final node record (just before the
		// commit record): its checksum fails and the whole transaction is dropped.
		let mut bytes = std::fs::read(&path).expect("log is readable");
		let at = bytes.len() - 2 * file_store_record_len() + 20;
		bytes[at] ^= 1;
		std::fs::write(&path, &bytes).expect("log is writable");
		assert_eq!(open(&path).root(), first);
	}

	#[test]
	fn file_store_compact_works() {
		let dir = TempDir::new("compact");
		let path = dir.file("tree.log");
		let mut tree = open(&path);
		for round in 0..20 {
			tree.update_batch(&[(round % 4, leaf(round + 1)), (100, leaf(round))])
				.expect("in range");
			tree.store_mut().commit().expect("commit succeeds");
		}
		// An uncommitted change is included by the compaction.
		let root = tree.update(50, leaf(50)).expect("in range");
		let before = std::fs::metadata(&path).expect("log exists").len();
		assert!(tree.store().log_records() > tree.store().len() as u64);
		tree.store_mut().compact().expect("compaction succeeds");
		let after = std::fs::metadata(&path).expect("log exists").len();
		assert!(after < before, "{after} < {before}");
		assert_eq!(tree.store().log_records(), tree.store().len() as u64);
		assert!(!tree.store().has_uncommitted());
		assert_eq!(tree.root(), root);
		// Commits after a compaction go to the new log.
		let root = tree.update(51, leaf(51)).expect("in range");
		tree.store_mut().commit().expect("commit succeeds");
		drop(tree);
		assert_eq!(open(&path).root(), root);
	}

	#[test]
	fn file_store_rejects_concurrent_open() {
		let dir = TempDir::new("lock");
		let path = dir.file("tree.log");
		let store = FileStore::open(&path).expect("log opens");
		assert!(FileStore::open(&path).is_err());
		drop(store);
		FileStore::open(&path).expect("log opens once unlocked");
	}

	#[test]
	fn file_store_rejects_foreign_file() {
		let dir = TempDir::new("foreign");
		let path = dir.file("tree.log");
		std::fs::File::create(&path)
			.and_then(|mut file| file.write_all(b"definitely not a tree log"))
			.expect("file is writable");
		let error = FileStore::open(&path).expect_err("bad magic");
		assert_eq!(error.kind(), std::io::ErrorKind::InvalidData);
	}

	#[test]
	fn file_store_torn_header_works() {
		let dir = TempDir::new("header");
		let path = dir.file("tree.log");
		std::fs::write(&path, b"PLSM").expect("file is writable");
		let store = FileStore::open(&path).expect("a torn header is a new log");
		assert!(store.is_empty());
	}

	fn file_store_record_len() -> usize {
		super::super::file_store::RECORD_LEN
	}
}
