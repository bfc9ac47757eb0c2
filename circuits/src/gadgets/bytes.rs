//! Bytes as bits for bellman's SHA-256 gadget ([`bellman::gadgets::sha256::sha256`]), which
//! reads its input most significant bit first within each byte.

use bellman::{
	gadgets::boolean::{AllocatedBit, Boolean},
	ConstraintSystem, SynthesisError,
};
use polylink_primitives::field::Fr;

/// Allocates the bits of `bytes`, most significant bit of each byte first (one constraint per
/// bit).
pub fn bytes_to_bits_be<CS>(
	mut cs: CS,
	bytes: &[Option<u8>],
) -> Result<Vec<Boolean>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let mut bits = Vec::with_capacity(bytes.len() * 8);
	for (i, byte) in bytes.iter().enumerate() {
		for j in 0..8 {
			let bit = byte.map(|b| (b >> (7 - j)) & 1 == 1);
			let bit = AllocatedBit::alloc(cs.namespace(|| format!("byte {i} bit {j}")), bit)?;
			bits.push(Boolean::from(bit));
		}
	}
	Ok(bits)
}

#[cfg(test)]
mod tests {
	use super::*;
	use bellman::gadgets::{sha256::sha256, test::TestConstraintSystem};
	use sha2::{Digest, Sha256};

	#[test]
	fn sha256_of_64_bytes_matches_native() {
		let input: Vec<u8> = (0..64u8).map(|i| i.wrapping_mul(37)).collect();
		let mut cs = TestConstraintSystem::<Fr>::new();
		let bits = bytes_to_bits_be(
			cs.namespace(|| "input"),
			&input.iter().map(|b| Some(*b)).collect::<Vec<_>>(),
		)
		.unwrap();
		assert_eq!(cs.num_constraints(), 512);
		let digest = sha256(cs.namespace(|| "sha256"), &bits).unwrap();
		assert!(cs.is_satisfied());
		// Two compression blocks: the 512 input bits and the padding block.
		assert_eq!(cs.num_constraints() - 512, 44874);
		let expected = Sha256::digest(&input);
		let got: Vec<u8> = digest
			.chunks(8)
			.map(|byte| byte.iter().fold(0u8, |acc, b| acc << 1 | b.get_value().unwrap() as u8))
			.collect();
		assert_eq!(got[..], expected[..]);
	}
}
