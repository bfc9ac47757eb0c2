//! Packed ("floating point") amounts and fees for pubdata.
//!
//! A packed value is `mantissa × 10^exponent`. It is stored as the big-endian integer
//! `mantissa << FLOAT_EXPONENT_BITS | exponent` in a fixed number of bytes:
//!
//! | kind   | mantissa bits | exponent bits | bytes |
//! |--------|---------------|---------------|-------|
//! | amount | 35            | 5             | 5     |
//! | fee    | 11            | 5             | 2     |
//!
//! Packing is exact: a value that cannot be written as `mantissa × 10^exponent` within the bit
//! budget is refused with [`PackError::NotPackable`], never rounded. [`pack_amount`] picks the
//! smallest exponent that works, so `unpack(pack(x)) == x` for every packable `x`. Unpacking
//! accepts any encoding whose value fits a `u128`.

use parity_scale_codec::{Decode, DecodeWithMemTracking, Encode};
use scale_info::TypeInfo;

use crate::params::{
	AMOUNT_MANTISSA_BITS, FEE_MANTISSA_BITS, FLOAT_EXPONENT_BITS, PACKED_AMOUNT_BYTES,
	PACKED_FEE_BYTES,
};

/// Why a value could not be packed or unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode, DecodeWithMemTracking, TypeInfo)]
pub enum PackError {
	/// The value is not `mantissa × 10^exponent` within the mantissa and exponent budget.
	NotPackable,
	/// The packed value decodes to more than `u128::MAX`.
	Overflow,
}

/// A packed transfer amount (5 bytes).
pub type PackedAmount = [u8; PACKED_AMOUNT_BYTES];
/// A packed fee (2 bytes).
pub type PackedFee = [u8; PACKED_FEE_BYTES];

const MAX_EXPONENT: u32 = (1 << FLOAT_EXPONENT_BITS) - 1;

/// Finds the smallest exponent `e` with `x = m × 10^e` and `m < 2^mantissa_bits`.
fn to_float(x: u128, mantissa_bits: u32) -> Result<(u128, u32), PackError> {
	let limit = 1u128 << mantissa_bits;
	let mut mantissa = x;
	let mut exponent = 0u32;
	while mantissa >= limit {
		if !mantissa.is_multiple_of(10) || exponent == MAX_EXPONENT {
			return Err(PackError::NotPackable);
		}
		mantissa /= 10;
		exponent += 1;
	}
	Ok((mantissa, exponent))
}

fn from_float(mantissa: u128, exponent: u32) -> Result<u128, PackError> {
	10u128
		.checked_pow(exponent)
		.and_then(|scale| mantissa.checked_mul(scale))
		.ok_or(PackError::Overflow)
}

fn pack<const N: usize>(x: u128, mantissa_bits: u32) -> Result<[u8; N], PackError> {
	let (mantissa, exponent) = to_float(x, mantissa_bits)?;
	let packed = (mantissa << FLOAT_EXPONENT_BITS) | exponent as u128;
	let be = packed.to_be_bytes();
	let mut out = [0u8; N];
	out.copy_from_slice(&be[16 - N..]);
	Ok(out)
}

fn unpack<const N: usize>(bytes: &[u8; N]) -> Result<u128, PackError> {
	let mut be = [0u8; 16];
	be[16 - N..].copy_from_slice(bytes);
	let packed = u128::from_be_bytes(be);
	from_float(packed >> FLOAT_EXPONENT_BITS, (packed & MAX_EXPONENT as u128) as u32)
}

/// Packs a transfer amount exactly.
pub fn pack_amount(x: u128) -> Result<PackedAmount, PackError> {
	pack(x, AMOUNT_MANTISSA_BITS)
}

/// Unpacks a transfer amount.
pub fn unpack_amount(bytes: &PackedAmount) -> Result<u128, PackError> {
	unpack(bytes)
}

/// Packs a fee exactly.
pub fn pack_fee(x: u128) -> Result<PackedFee, PackError> {
	pack(x, FEE_MANTISSA_BITS)
}

/// Unpacks a fee.
pub fn unpack_fee(bytes: &PackedFee) -> Result<u128, PackError> {
	unpack(bytes)
}

/// Whether `x` can be packed as an amount.
pub fn is_packable_amount(x: u128) -> bool {
	pack_amount(x).is_ok()
}

/// Whether `x` can be packed as a fee.
pub fn is_packable_fee(x: u128) -> bool {
	pack_fee(x).is_ok()
}

/// The largest packable value `<= x` with the given mantissa width (wallets round fees down
/// and amounts down to this before signing).
fn round_down(x: u128, mantissa_bits: u32) -> u128 {
	let limit = 1u128 << mantissa_bits;
	let mut mantissa = x;
	let mut exponent = 0u32;
	while mantissa >= limit {
		mantissa /= 10;
		exponent += 1;
	}
	from_float(mantissa, exponent).expect("rounding down never exceeds the input")
}

/// The largest packable amount not above `x`.
pub fn round_down_amount(x: u128) -> u128 {
	round_down(x, AMOUNT_MANTISSA_BITS)
}

/// The largest packable fee not above `x`.
pub fn round_down_fee(x: u128) -> u128 {
	round_down(x, FEE_MANTISSA_BITS)
}

#[cfg(test)]
mod tests {
	use super::*;
	use proptest::prelude::*;

	#[test]
	fn pack_amount_works() {
		assert_eq!(pack_amount(0), Ok([0; 5]));
		assert_eq!(pack_amount(1), Ok([0, 0, 0, 0, 0x20]));
		// 1 ETH = 10^18 = 1 × 10^18: mantissa 1, exponent... smallest exponent with m < 2^35.
		let one_eth = 1_000_000_000_000_000_000u128;
		let packed = pack_amount(one_eth).expect("packable");
		assert_eq!(unpack_amount(&packed), Ok(one_eth));
		// 2^35 - 1 is the largest mantissa; exponent 0.
		let max_m = (1u128 << 35) - 1;
		assert_eq!(pack_amount(max_m), Ok([0xff, 0xff, 0xff, 0xff, 0xe0]));
	}

	#[test]
	fn pack_amount_rejects_unrepresentable() {
		// 2^35 + 1 needs 36 bits and is not divisible by 10.
		assert_eq!(pack_amount((1u128 << 35) + 1), Err(PackError::NotPackable));
		assert_eq!(pack_amount(u128::MAX), Err(PackError::NotPackable));
		assert_eq!(pack_fee(2049), Err(PackError::NotPackable));
	}

	#[test]
	fn unpack_rejects_overflow() {
		// mantissa 2^35 - 1, exponent 31: about 3.4e41 > u128::MAX.
		assert_eq!(unpack_amount(&[0xff, 0xff, 0xff, 0xff, 0xff]), Err(PackError::Overflow));
		assert_eq!(unpack_fee(&[0xff, 0xff]), Ok(2047 * 10u128.pow(31)));
	}

	#[test]
	fn round_down_works() {
		assert_eq!(round_down_fee(123_456), 123_400);
		assert_eq!(round_down_fee(2047), 2047);
		assert_eq!(round_down_fee(2048), 2040);
		assert!(is_packable_fee(round_down_fee(987_654_321_987)));
		assert_eq!(round_down_amount(u128::MAX), 34_028_236_692 * 10u128.pow(28));
	}

	proptest! {
		#[test]
		fn amount_round_trip_is_exact(m in 0u128..(1 << 35), e in 0u32..=27) {
			let x = m * 10u128.pow(e);
			let packed = pack_amount(x).expect("m × 10^e with m < 2^35 is packable");
			prop_assert_eq!(unpack_amount(&packed), Ok(x));
		}

		#[test]
		fn fee_round_trip_is_exact(m in 0u128..(1 << 11), e in 0u32..=31) {
			let x = m * 10u128.pow(e);
			let packed = pack_fee(x).expect("m × 10^e with m < 2^11 is packable");
			prop_assert_eq!(unpack_fee(&packed), Ok(x));
		}

		#[test]
		fn pack_is_exact_or_refuses(x in any::<u128>()) {
			match pack_amount(x) {
				Ok(p) => prop_assert_eq!(unpack_amount(&p), Ok(x)),
				Err(e) => prop_assert_eq!(e, PackError::NotPackable),
			}
			prop_assert!(round_down_amount(x) <= x);
			prop_assert!(is_packable_amount(round_down_amount(x)));
		}
	}
}
