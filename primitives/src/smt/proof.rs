//! Merkle proofs and their SCALE encoding.

use crate::{
	field::{from_be_bytes, to_be_bytes, Fr},
	hash::Hasher,
};
use alloc::vec::Vec;
use parity_scale_codec::{
	Compact, CompactLen, Decode, DecodeWithMemTracking, Encode, EncodeLike, Error, Input, Output,
};
use scale_info::{build::Fields, Path, Type, TypeInfo};

/// The most siblings a proof can have: leaf indices are `u64`, so trees are at most 64 deep.
pub const MAX_PROOF_DEPTH: usize = 64;

/// The path from one leaf to the root: the leaf, its index and the sibling at every level.
///
/// # Encoding
///
/// `Fr` has no SCALE encoding of its own, so the proof implements [`Encode`], [`Decode`] and
/// [`TypeInfo`] by hand, exactly as if it were
/// `struct MerkleProof { index: u64, leaf: [u8; 32], siblings: Vec<[u8; 32]> }` with every
/// field element as 32 bytes big-endian ([`crate::field::to_be_bytes`]), the same encoding as in
/// pubdata. Decoding rejects non-canonical field elements and more than [`MAX_PROOF_DEPTH`]
/// siblings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerkleProof {
	/// The leaf index; bit `k` says whether the path goes right at level `k`.
	pub index: u64,
	/// The leaf value.
	pub leaf: Fr,
	/// The siblings along the path, from level 0 (the leaf's sibling) upward; one per level.
	pub siblings: Vec<Fr>,
}

impl MerkleProof {
	/// The root this proof leads to.
	pub fn root<H: Hasher>(&self, hasher: &H) -> Fr {
		self.root_with_leaf(hasher, self.leaf)
	}

	/// The root after replacing the leaf by `new_leaf`, all else unchanged.
	///
	/// Together with [`Self::root`] this is what the circuit's update gadget proves: one path
	/// takes the old root to the new root.
	pub fn root_with_leaf<H: Hasher>(&self, hasher: &H, new_leaf: Fr) -> Fr {
		let mut value = new_leaf;
		for (level, sibling) in self.siblings.iter().enumerate() {
			value = if (self.index >> level) & 1 == 0 {
				hasher.hash2(&value, sibling)
			} else {
				hasher.hash2(sibling, &value)
			};
		}
		value
	}

	/// Whether the proof leads to `root` and its index fits its depth (`index < 2^siblings`).
	///
	/// The depth is taken from the proof: a caller that knows the tree's depth must also check
	/// `siblings.len()` (as [`super::SparseMerkleTree::verify_proof`] does), or a shorter proof
	/// could present an internal node as a leaf.
	pub fn verify<H: Hasher>(&self, hasher: &H, root: &Fr) -> bool {
		let depth = self.siblings.len();
		let index_fits = depth >= 64 || self.index >> depth == 0;
		depth <= MAX_PROOF_DEPTH && index_fits && self.root(hasher) == *root
	}
}

fn decode_fr<I: Input>(input: &mut I) -> Result<Fr, Error> {
	let mut bytes = [0u8; 32];
	input.read(&mut bytes)?;
	from_be_bytes(&bytes).ok_or_else(|| "MerkleProof: non-canonical field element".into())
}

impl Encode for MerkleProof {
	fn size_hint(&self) -> usize {
		8 + 32
			+ Compact::<u32>::compact_len(&(self.siblings.len() as u32))
			+ 32 * self.siblings.len()
	}

	fn encode_to<T: Output + ?Sized>(&self, dest: &mut T) {
		self.index.encode_to(dest);
		dest.write(&to_be_bytes(&self.leaf));
		Compact(self.siblings.len() as u32).encode_to(dest);
		for sibling in &self.siblings {
			dest.write(&to_be_bytes(sibling));
		}
	}
}

impl EncodeLike for MerkleProof {}

impl Decode for MerkleProof {
	fn decode<I: Input>(input: &mut I) -> Result<Self, Error> {
		let index = u64::decode(input)?;
		let leaf = decode_fr(input)?;
		let len = Compact::<u32>::decode(input)?.0 as usize;
		if len > MAX_PROOF_DEPTH {
			return Err("MerkleProof: more siblings than the deepest tree has levels".into());
		}
		input.on_before_alloc_mem(len * core::mem::size_of::<Fr>())?;
		let mut siblings = Vec::with_capacity(len);
		for _ in 0..len {
			siblings.push(decode_fr(input)?);
		}
		Ok(Self { index, leaf, siblings })
	}
}

impl DecodeWithMemTracking for MerkleProof {}

impl TypeInfo for MerkleProof {
	type Identity = Self;

	fn type_info() -> Type {
		Type::builder()
			.path(Path::new("MerkleProof", module_path!()))
			.docs(&["A sparse Merkle tree path; field elements as 32 bytes big-endian."])
			.composite(
				Fields::named()
					.field(|f| f.ty::<u64>().name("index").type_name("u64"))
					.field(|f| f.ty::<[u8; 32]>().name("leaf").type_name("[u8; 32]"))
					.field(|f| f.ty::<Vec<[u8; 32]>>().name("siblings").type_name("Vec<[u8; 32]>")),
			)
	}
}
