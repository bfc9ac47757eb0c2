//! # Toy circuit: a factoring statement
//!
//! A tiny circuit for the parameter, prover and verifier pipeline (not for the protocol).
//! Public input `z`; the prover knows integers `x, y` with `2 ≤ x, y < 2^64` and `x·y = z`.
//! Since `x·y < 2^128 < r`, the product does not wrap: it is integer factoring.
//!
//! Constraints: 64 booleanity constraints per factor, then per factor `t = x·(x − 1)` and
//! `t·inv = 1` (so `x ∉ {0, 1}`), then `x·y = z`: 2·64 + 2·2 + 1 = 133.

use bellman::{Circuit, ConstraintSystem, LinearCombination, SynthesisError, Variable};
use bls12_381::Scalar as Fr;
use ff::Field;

/// Bits per factor.
pub const FACTOR_BITS: usize = 64;
/// Number of constraints of [`ToyCircuit`].
pub const TOY_CONSTRAINTS: usize = 2 * FACTOR_BITS + 2 * 2 + 1;

/// Knowledge of a non-trivial factorisation `z = x·y` of the public input `z`.
#[derive(Clone)]
pub struct ToyCircuit {
	/// First factor (witness).
	pub x: Option<u64>,
	/// Second factor (witness).
	pub y: Option<u64>,
	/// Bits per factor ([`FACTOR_BITS`]; other values only to test shape hashing).
	bits: usize,
}

impl core::fmt::Debug for ToyCircuit {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.debug_struct("ToyCircuit").field("bits", &self.bits).finish_non_exhaustive()
	}
}

impl ToyCircuit {
	/// The circuit with factors `x` and `y`.
	pub fn new(x: u64, y: u64) -> Self {
		Self { x: Some(x), y: Some(y), bits: FACTOR_BITS }
	}

	/// The circuit without witnesses (for parameter generation and shape hashing).
	pub fn blank() -> Self {
		Self::blank_with_bits(FACTOR_BITS)
	}

	/// A blank circuit with `bits`-bit factors: another shape, for tests.
	pub fn blank_with_bits(bits: usize) -> Self {
		assert!(bits <= 64, "factors are u64");
		Self { x: None, y: None, bits }
	}

	/// The public input of factors `x` and `y`: `z = x·y`.
	pub fn public_input(x: u64, y: u64) -> Fr {
		Fr::from(x) * Fr::from(y)
	}

	/// A satisfied instance and its public input: `(2^32 − 5)·(2^64 − 59)`, two primes.
	pub fn example() -> (Self, Fr) {
		let (x, y) = (0xffff_fffb, 0xffff_ffff_ffff_ffc5);
		(Self::new(x, y), Self::public_input(x, y))
	}
}

/// Allocates the bits of a factor and constrains it to be neither 0 nor 1.
///
/// Returns the linear combination `Σ 2^i·b_i` of the factor.
fn factor<CS>(
	mut cs: CS,
	value: Option<u64>,
	bits: usize,
) -> Result<LinearCombination<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let mut lc = LinearCombination::zero();
	let mut coeff = Fr::ONE;
	for i in 0..bits {
		let bit = value.map(|v| (v >> i) & 1);
		let b = cs.alloc(
			|| format!("bit {i}"),
			|| bit.map(Fr::from).ok_or(SynthesisError::AssignmentMissing),
		)?;
		// (1 − b)·b = 0
		cs.enforce(|| format!("bit {i} booleanity"), |lc| lc + CS::one() - b, |lc| lc + b, |lc| lc);
		lc = lc + (coeff, b);
		coeff = coeff.double();
	}
	let v = value.map(Fr::from);
	let t_val = v.map(|v| v * (v - Fr::ONE));
	let t = cs.alloc(|| "t", || t_val.ok_or(SynthesisError::AssignmentMissing))?;
	// t = x·(x − 1)
	cs.enforce(|| "t computation", |l| l + &lc, |l| l + &lc - CS::one(), |l| l + t);
	let inv = cs.alloc(
		|| "inv",
		|| {
			let t = t_val.ok_or(SynthesisError::AssignmentMissing)?;
			Option::from(t.invert()).ok_or(SynthesisError::DivisionByZero)
		},
	)?;
	// t·inv = 1, so t ≠ 0, so x ∉ {0, 1}
	cs.enforce(|| "inv computation", |l| l + t, |l| l + inv, |l| l + CS::one());
	Ok(lc)
}

impl Circuit<Fr> for ToyCircuit {
	fn synthesize<CS: ConstraintSystem<Fr>>(self, cs: &mut CS) -> Result<(), SynthesisError> {
		let z_val = self.x.zip(self.y).map(|(x, y)| Self::public_input(x, y));
		let z: Variable =
			cs.alloc_input(|| "z", || z_val.ok_or(SynthesisError::AssignmentMissing))?;
		let x = factor(cs.namespace(|| "x"), self.x, self.bits)?;
		let y = factor(cs.namespace(|| "y"), self.y, self.bits)?;
		// x·y = z
		cs.enforce(|| "z computation", |l| l + &x, |l| l + &y, |l| l + z);
		Ok(())
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use bellman::gadgets::test::TestConstraintSystem;

	#[test]
	fn example_works() {
		let (circuit, z) = ToyCircuit::example();
		let mut cs = TestConstraintSystem::<Fr>::new();
		circuit.synthesize(&mut cs).expect("synthesizes");
		assert!(cs.is_satisfied());
		assert_eq!(cs.num_constraints(), TOY_CONSTRAINTS);
		assert_eq!(cs.num_inputs(), 2);
		assert!(cs.verify(&[z]));
	}

	mod reject {
		use super::*;

		#[test]
		fn wrong_public_input() {
			let (circuit, z) = ToyCircuit::example();
			let mut cs = TestConstraintSystem::<Fr>::new();
			circuit.synthesize(&mut cs).expect("synthesizes");
			cs.set("z", z + Fr::ONE);
			assert_eq!(cs.which_is_unsatisfied(), Some("z computation"));
		}

		#[test]
		fn non_boolean_bit() {
			let (circuit, _) = ToyCircuit::example();
			let mut cs = TestConstraintSystem::<Fr>::new();
			circuit.synthesize(&mut cs).expect("synthesizes");
			cs.set("x/bit 3", Fr::from(2u64));
			assert_eq!(cs.which_is_unsatisfied(), Some("x/bit 3 booleanity"));
		}

		#[test]
		fn trivial_factor() {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let err = ToyCircuit::new(1, 77).synthesize(&mut cs);
			assert!(matches!(err, Err(SynthesisError::DivisionByZero)));
			// A prover who forces t = 0 anyway cannot satisfy t·inv = 1.
			let (circuit, _) = ToyCircuit::example();
			let mut cs = TestConstraintSystem::<Fr>::new();
			circuit.synthesize(&mut cs).expect("synthesizes");
			cs.set("y/t", Fr::ZERO);
			assert_eq!(cs.which_is_unsatisfied(), Some("y/t computation"));
		}
	}
}
