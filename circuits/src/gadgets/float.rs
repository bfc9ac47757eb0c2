//! Packed ("floating point") amounts and fees, as in [`polylink_primitives::amount`]: the
//! packed integer is `mantissa << exponent_bits | exponent` (big-endian bits in pubdata) and
//! its value is `mantissa · 10^exponent`.
//!
//! `10^exponent` is the product over the exponent bits `e_i` of `1 + e_i·(10^(2^i) - 1)`, each
//! factor a free linear combination; the products cost one constraint each. The value is
//! range-checked to 128 bits, so encodings whose value overflows a `u128` (native
//! [`PackError::Overflow`](polylink_primitives::amount::PackError::Overflow)) are
//! unsatisfiable. With a 5-bit exponent: `5 + 129 = 134` constraints.
//!
//! # Assumptions
//!
//! The packed bits are boolean-constrained by the caller (they come from pubdata bits).

use super::num::{mul, pack_bits_le, range_check, Lc};
use bellman::{
	gadgets::{boolean::Boolean, num::AllocatedNum},
	ConstraintSystem, SynthesisError,
};
use ff::Field;
use polylink_primitives::field::Fr;

/// The bit width of an unpacked value (a `u128`).
const VALUE_BITS: usize = 128;

/// Unpacks `packed_bits_be` (`mantissa_bits + exponent_bits` bits, most significant first:
/// mantissa then exponent) to `mantissa · 10^exponent`, enforced to fit 128 bits
/// (`exponent_bits + 129` constraints).
///
/// # Panics
///
/// If the bit count is not `mantissa_bits + exponent_bits`, or `exponent_bits` is 0.
pub fn unpack<CS>(
	mut cs: CS,
	packed_bits_be: &[Boolean],
	mantissa_bits: usize,
	exponent_bits: usize,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert_eq!(packed_bits_be.len(), mantissa_bits + exponent_bits, "packed width");
	assert!(exponent_bits > 0, "at least one exponent bit");
	let mantissa_le: Vec<Boolean> = packed_bits_be[..mantissa_bits].iter().rev().cloned().collect();
	let exponent_le: Vec<Boolean> = packed_bits_be[mantissa_bits..].iter().rev().cloned().collect();

	// factor_i = 1 + e_i·(10^(2^i) - 1), so Π factor_i = 10^exponent
	let mut power = Fr::from(10u64);
	let factors: Vec<Lc> = exponent_le
		.iter()
		.map(|bit| {
			let factor = Lc::constant(Fr::ONE).add_scaled(&Lc::from_boolean(bit), power - Fr::ONE);
			power = power.square();
			factor
		})
		.collect();
	let mut scale = factors[0].clone();
	for (i, factor) in factors.iter().enumerate().skip(1) {
		// scale_i = scale_(i-1) * factor_i
		scale = Lc::from(&mul(cs.namespace(|| format!("scale {i}")), &scale, factor)?);
	}
	// value = mantissa * 10^exponent
	let mantissa = Lc::from(&pack_bits_le(&mantissa_le));
	let value = mul(cs.namespace(|| "value"), &mantissa, &scale)?;
	range_check(cs.namespace(|| "value range"), &value, VALUE_BITS)?;
	Ok(value)
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::gadgets::num::alloc_bits_le;
	use bellman::gadgets::test::TestConstraintSystem;
	use polylink_primitives::{
		amount::{pack_amount, unpack_amount, unpack_fee, PackError},
		field::from_u128,
		params::{AMOUNT_MANTISSA_BITS, FEE_MANTISSA_BITS, FLOAT_EXPONENT_BITS},
	};
	use rand_core::{Rng, SeedableRng};
	use rand_xorshift::XorShiftRng;

	const EXP: usize = FLOAT_EXPONENT_BITS as usize;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	/// Synthesises `unpack` of the big-endian `bytes` with the given mantissa width.
	fn synthesise(bytes: &[u8], mantissa_bits: usize) -> (TestConstraintSystem<Fr>, Option<Fr>) {
		let packed = bytes.iter().fold(0u128, |acc, b| acc << 8 | *b as u128);
		let n = bytes.len() * 8;
		let mut cs = TestConstraintSystem::<Fr>::new();
		let mut bits =
			alloc_bits_le(cs.namespace(|| "packed"), Some(from_u128(packed)), n).unwrap();
		bits.reverse();
		let base = cs.num_constraints();
		let value = unpack(cs.namespace(|| "unpack"), &bits, mantissa_bits, EXP).unwrap();
		assert_eq!(cs.num_constraints() - base, 134);
		(cs, value.get_value())
	}

	#[test]
	fn unpack_amount_matches_native() {
		let mut rng = rng();
		let mut cases: Vec<[u8; 5]> =
			vec![[0; 5], [0xff, 0xff, 0xff, 0xff, 0xe0], [0, 0, 0, 0, 0x3f]];
		cases.push(pack_amount(1_000_000_000_000_000_000).unwrap());
		cases.extend((0..32).map(|_| {
			let x = rng.next_u64().to_be_bytes();
			[x[0], x[1], x[2], x[3], x[4]]
		}));
		let mut checked = 0;
		for bytes in cases {
			let (cs, value) = synthesise(&bytes, AMOUNT_MANTISSA_BITS as usize);
			match unpack_amount(&bytes) {
				Ok(expected) => {
					assert!(cs.is_satisfied(), "{bytes:?}");
					assert_eq!(value, Some(from_u128(expected)));
					checked += 1;
				}
				Err(PackError::Overflow) => assert!(!cs.is_satisfied(), "{bytes:?}"),
				Err(e) => panic!("unexpected {e:?}"),
			}
		}
		assert!(checked > 10);
	}

	#[test]
	fn unpack_fee_matches_native() {
		// Every exponent with small, large and extreme mantissas (no fee overflows a u128).
		let mantissas = [0u16, 1, 7, 999, 1000, 2047];
		for packed in (0..32u16).flat_map(|e| mantissas.map(|m| m << EXP | e)) {
			let bytes = packed.to_be_bytes();
			let (cs, value) = synthesise(&bytes, FEE_MANTISSA_BITS as usize);
			match unpack_fee(&bytes) {
				Ok(expected) => {
					assert!(cs.is_satisfied(), "{packed:#x}");
					assert_eq!(value, Some(from_u128(expected)));
				}
				Err(_) => assert!(!cs.is_satisfied(), "{packed:#x}"),
			}
		}
	}

	mod reject {
		use super::*;

		#[test]
		fn overflow() {
			// mantissa 2^35 - 1, exponent 31: far above u128::MAX.
			let bytes = [0xff; 5];
			assert_eq!(unpack_amount(&bytes), Err(PackError::Overflow));
			let (cs, _) = synthesise(&bytes, AMOUNT_MANTISSA_BITS as usize);
			assert_eq!(cs.which_is_unsatisfied(), Some("unpack/value range/packing computation"));
		}

		#[test]
		fn tampered_value() {
			let (mut cs, _) = synthesise(&[0, 0, 0, 1, 0x23], AMOUNT_MANTISSA_BITS as usize);
			assert!(cs.is_satisfied());
			cs.set("unpack/value/product/num", Fr::from(5u64));
			assert_eq!(cs.which_is_unsatisfied(), Some("unpack/value/product computation"));
		}
	}
}
