//! The BLS12-381 scalar field, in which every Polylink hash, tree node and public input lives,
//! and its canonical byte encodings.
//!
//! On the wire (pubdata, commitment, L1 contracts) a field element is 32 bytes big-endian; the
//! curve crate's own encoding is little-endian and is used only inside this module.

use alloc::vec::Vec;
use ff::PrimeField;

/// An element of the BLS12-381 scalar field.
pub type Fr = bls12_381::Scalar;

/// Bytes that always fit into a field element when read big-endian (31 < 255 bits).
pub const SAFE_BYTES_PER_ELEMENT: usize = 31;

/// Encodes a field element as 32 bytes, big-endian.
pub fn to_be_bytes(x: &Fr) -> [u8; 32] {
	let mut bytes = x.to_repr();
	bytes.reverse();
	bytes
}

/// Decodes 32 big-endian bytes; `None` if the value is not below the field modulus.
pub fn from_be_bytes(bytes: &[u8; 32]) -> Option<Fr> {
	let mut le = *bytes;
	le.reverse();
	Option::from(Fr::from_repr(le))
}

/// Reads up to 31 bytes, big-endian, as a field element (always in range).
pub fn from_be_bytes_short(bytes: &[u8]) -> Fr {
	assert!(bytes.len() <= SAFE_BYTES_PER_ELEMENT, "at most 31 bytes fit a field element");
	let mut be = [0u8; 32];
	be[32 - bytes.len()..].copy_from_slice(bytes);
	from_be_bytes(&be).expect("31 bytes are below the modulus")
}

/// A `u128` as a field element.
pub fn from_u128(x: u128) -> Fr {
	Fr::from_u128(x)
}

/// Splits bytes into 31-byte big-endian chunks (the last one shorter), one field element each.
///
/// This is how byte strings (signing messages) enter Poseidon; the circuit packs the same bits.
pub fn bytes_to_elements(bytes: &[u8]) -> Vec<Fr> {
	bytes.chunks(SAFE_BYTES_PER_ELEMENT).map(from_be_bytes_short).collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn be_round_trip_works() {
		let x = Fr::from(0x0102_0304_0506_0708u64);
		let bytes = to_be_bytes(&x);
		assert_eq!(&bytes[24..], &[1, 2, 3, 4, 5, 6, 7, 8]);
		assert_eq!(from_be_bytes(&bytes), Some(x));
	}

	#[test]
	fn from_be_bytes_rejects_non_canonical() {
		assert_eq!(from_be_bytes(&[0xff; 32]), None);
	}

	#[test]
	fn bytes_to_elements_splits_at_31() {
		let bytes: Vec<u8> = (0..40).collect();
		let elements = bytes_to_elements(&bytes);
		assert_eq!(elements.len(), 2);
		assert_eq!(elements[1], from_be_bytes_short(&bytes[31..]));
	}
}
