//! Number helpers: linear combinations with values, bit decompositions and range checks,
//! zero and equality tests, selection, comparison and conditional equality.
//!
//! [`Lc`] is the free currency between gadgets: additions and multiplications by constants
//! cost no constraints, so gadgets take and return linear combinations wherever a variable is
//! not needed (the Poseidon linear layers, the Merkle swap's right-hand side, table lookups).
//!
//! # Assumptions
//!
//! [`Boolean`] arguments are assumed to be constrained to `{0, 1}` by whoever allocated them
//! (bellman's [`AllocatedBit::alloc`] does so).

use bellman::{
	gadgets::{
		boolean::{AllocatedBit, Boolean},
		num::{AllocatedNum, Num},
	},
	ConstraintSystem, Index, LinearCombination, SynthesisError, Variable,
};
use ff::{Field, PrimeField, PrimeFieldBits};
use polylink_primitives::field::Fr;

/// The constant-one variable (`CS::one()` in every bellman constraint system).
pub fn one() -> Variable {
	Variable::new_unchecked(Index::Input(0))
}

/// A total order on variables, so that terms can be merged.
fn key(var: &Variable) -> (u8, usize) {
	match var.get_unchecked() {
		Index::Input(i) => (0, i),
		Index::Aux(i) => (1, i),
	}
}

/// A linear combination of variables together with its value (when known).
///
/// Terms are kept sorted and merged per variable, so that repeated linear layers (Poseidon's
/// partial rounds) do not blow up the combination. Constants are terms on [`one`].
#[derive(Clone, Debug)]
pub struct Lc {
	terms: Vec<(Variable, Fr)>,
	value: Option<Fr>,
}

impl Lc {
	/// The zero combination.
	pub fn zero() -> Self {
		Self { terms: Vec::new(), value: Some(Fr::ZERO) }
	}

	/// The constant `c`.
	pub fn constant(c: Fr) -> Self {
		Self::zero().add_constant(c)
	}

	/// The combination `1·var` with the given value.
	pub fn from_variable(var: Variable, value: Option<Fr>) -> Self {
		Self { terms: vec![(var, Fr::ONE)], value }
	}

	/// The bit `b` as `0` or `1`.
	pub fn from_boolean(b: &Boolean) -> Self {
		let value = b.get_value().map(|b| if b { Fr::ONE } else { Fr::ZERO });
		Self::from_terms(b.lc(one(), Fr::ONE).as_ref(), value)
	}

	/// Builds a combination from raw (possibly repeated) terms.
	fn from_terms(terms: &[(Variable, Fr)], value: Option<Fr>) -> Self {
		terms.iter().fold(Self { terms: Vec::new(), value }, |mut acc, (var, coeff)| {
			acc.terms = merge(&acc.terms, &[(*var, *coeff)], Fr::ONE);
			acc
		})
	}

	/// The value, if known.
	pub fn get_value(&self) -> Option<Fr> {
		self.value
	}

	/// The terms as a bellman [`LinearCombination`].
	pub fn lc(&self) -> LinearCombination<Fr> {
		self.terms.iter().fold(LinearCombination::zero(), |lc, (var, coeff)| lc + (*coeff, *var))
	}

	/// `self + other`.
	pub fn add(&self, other: &Self) -> Self {
		self.add_scaled(other, Fr::ONE)
	}

	/// `self - other`.
	pub fn sub(&self, other: &Self) -> Self {
		self.add_scaled(other, -Fr::ONE)
	}

	/// `self + coeff·other`.
	pub fn add_scaled(&self, other: &Self, coeff: Fr) -> Self {
		Self {
			terms: merge(&self.terms, &other.terms, coeff),
			value: self.value.zip(other.value).map(|(a, b)| a + coeff * b),
		}
	}

	/// `coeff·self`.
	pub fn scale(&self, coeff: Fr) -> Self {
		Self::zero().add_scaled(self, coeff)
	}

	/// `self + c`.
	pub fn add_constant(&self, c: Fr) -> Self {
		Self { terms: merge(&self.terms, &[(one(), c)], Fr::ONE), value: self.value.map(|v| v + c) }
	}

	/// Allocates a variable equal to this combination (1 constraint).
	pub fn alloc<CS>(&self, mut cs: CS) -> Result<AllocatedNum<Fr>, SynthesisError>
	where
		CS: ConstraintSystem<Fr>,
	{
		let num = AllocatedNum::alloc(cs.namespace(|| "num"), || {
			self.value.ok_or(SynthesisError::AssignmentMissing)
		})?;
		// num = lc
		cs.enforce(
			|| "num computation",
			|lc| lc + &self.lc(),
			|lc| lc + CS::one(),
			|lc| lc + num.get_variable(),
		);
		Ok(num)
	}
}

impl From<&AllocatedNum<Fr>> for Lc {
	fn from(num: &AllocatedNum<Fr>) -> Self {
		Self::from_variable(num.get_variable(), num.get_value())
	}
}

impl From<&Num<Fr>> for Lc {
	fn from(num: &Num<Fr>) -> Self {
		Self::from_terms(num.lc(Fr::ONE).as_ref(), num.get_value())
	}
}

/// Merges the sorted term lists `a + coeff·b`, dropping zero coefficients.
fn merge(a: &[(Variable, Fr)], b: &[(Variable, Fr)], coeff: Fr) -> Vec<(Variable, Fr)> {
	let mut b_sorted: Vec<(Variable, Fr)> = b.iter().map(|(v, c)| (*v, *c * coeff)).collect();
	b_sorted.sort_by_key(|(v, _)| key(v));
	let mut out: Vec<(Variable, Fr)> = Vec::with_capacity(a.len() + b_sorted.len());
	let (mut i, mut j) = (0, 0);
	while i < a.len() || j < b_sorted.len() {
		let take_a = j == b_sorted.len() || (i < a.len() && key(&a[i].0) <= key(&b_sorted[j].0));
		let (var, c) = if take_a {
			i += 1;
			a[i - 1]
		} else {
			j += 1;
			b_sorted[j - 1]
		};
		match out.last_mut() {
			Some((last, acc)) if key(last) == key(&var) => *acc += c,
			_ => out.push((var, c)),
		}
	}
	out.retain(|(_, c)| !bool::from(c.is_zero()));
	out
}

/// Allocates `a·b` (1 constraint).
pub fn mul<CS>(mut cs: CS, a: &Lc, b: &Lc) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let product = AllocatedNum::alloc(cs.namespace(|| "product"), || {
		let (a, b) = a.get_value().zip(b.get_value()).ok_or(SynthesisError::AssignmentMissing)?;
		Ok(a * b)
	})?;
	// product = a * b
	cs.enforce(
		|| "product computation",
		|lc| lc + &a.lc(),
		|lc| lc + &b.lc(),
		|lc| lc + product.get_variable(),
	);
	Ok(product)
}

/// The little-endian bits of `value` (the low `n` bits of its canonical representation).
fn bits_of(value: Option<Fr>, n: usize) -> Vec<Option<bool>> {
	match value {
		Some(v) => v.to_le_bits().iter().by_vals().take(n).map(Some).collect(),
		None => vec![None; n],
	}
}

/// Allocates the low `n` bits of `value`, little-endian (`n` constraints, one per bit).
///
/// Nothing ties the bits to anything; see [`range_check`] for a decomposition of a number.
///
/// # Panics
///
/// If `n > 255`.
pub fn alloc_bits_le<CS>(
	mut cs: CS,
	value: Option<Fr>,
	n: usize,
) -> Result<Vec<Boolean>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert!(n <= Fr::NUM_BITS as usize, "at most 255 bits");
	bits_of(value, n)
		.into_iter()
		.enumerate()
		.map(|(i, bit)| {
			AllocatedBit::alloc(cs.namespace(|| format!("bit {i}")), bit).map(Boolean::from)
		})
		.collect()
}

/// `Σ bits[i]·2^i`, a free linear combination.
pub fn pack_bits_le(bits: &[Boolean]) -> Num<Fr> {
	let mut coeff = Fr::ONE;
	let mut num = Num::zero();
	for bit in bits {
		num = num.add_bool_with_coeff(one(), bit, coeff);
		coeff = coeff.double();
	}
	num
}

/// Decomposes the combination `x` into `n` little-endian bits and enforces that they pack to
/// `x`, i.e. that `x < 2^n` (`n + 1` constraints).
///
/// # Panics
///
/// If `n > 253`: `2^n` must stay below the field modulus for the packing to be unique.
pub fn range_check_lc<CS>(mut cs: CS, x: &Lc, n: usize) -> Result<Vec<Boolean>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert!(n <= 253, "a range check needs 2^n below the modulus");
	let bits = alloc_bits_le(cs.namespace(|| "bits"), x.get_value(), n)?;
	let packed = pack_bits_le(&bits);
	// Σ bits[i]·2^i = x
	cs.enforce(
		|| "packing computation",
		|lc| lc + &packed.lc(Fr::ONE),
		|lc| lc + CS::one(),
		|lc| lc + &x.lc(),
	);
	Ok(bits)
}

/// Decomposes `num` into `n_bits` little-endian bits and enforces that they pack to `num`,
/// i.e. that `num < 2^n_bits` (`n_bits + 1` constraints).
///
/// # Panics
///
/// If `n_bits > 253`.
pub fn range_check<CS>(
	cs: CS,
	num: &AllocatedNum<Fr>,
	n_bits: usize,
) -> Result<Vec<Boolean>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	range_check_lc(cs, &Lc::from(num), n_bits)
}

/// Whether the combination `x` is zero (3 constraints).
pub fn is_zero_lc<CS>(mut cs: CS, x: &Lc) -> Result<Boolean, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let value = x.get_value();
	let out = AllocatedBit::alloc(cs.namespace(|| "out"), value.map(|x| bool::from(x.is_zero())))?;
	let inv = AllocatedNum::alloc(cs.namespace(|| "inv"), || {
		let x = value.ok_or(SynthesisError::AssignmentMissing)?;
		Ok(Option::<Fr>::from(x.invert()).unwrap_or(Fr::ZERO))
	})?;
	// x * inv = 1 - out
	// if x != 0 this forces out = 1 - x·inv, and the next constraint forces out = 0;
	// if x == 0 it forces out = 1.
	cs.enforce(
		|| "inv computation",
		|lc| lc + &x.lc(),
		|lc| lc + inv.get_variable(),
		|lc| lc + CS::one() - out.get_variable(),
	);
	// x * out = 0
	cs.enforce(|| "out computation", |lc| lc + &x.lc(), |lc| lc + out.get_variable(), |lc| lc);
	Ok(Boolean::from(out))
}

/// Whether `num` is zero (3 constraints).
pub fn is_zero<CS>(cs: CS, num: &AllocatedNum<Fr>) -> Result<Boolean, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	is_zero_lc(cs, &Lc::from(num))
}

/// Whether `a == b` (3 constraints).
pub fn is_equal<CS>(
	cs: CS,
	a: &AllocatedNum<Fr>,
	b: &AllocatedNum<Fr>,
) -> Result<Boolean, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	is_zero_lc(cs, &Lc::from(a).sub(&Lc::from(b)))
}

/// `cond ? a : b` for combinations (1 constraint).
pub fn select_lc<CS>(
	mut cs: CS,
	cond: &Boolean,
	a: &Lc,
	b: &Lc,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let out = AllocatedNum::alloc(cs.namespace(|| "out"), || {
		let cond = cond.get_value().ok_or(SynthesisError::AssignmentMissing)?;
		let chosen = if cond { a } else { b };
		chosen.get_value().ok_or(SynthesisError::AssignmentMissing)
	})?;
	// (a - b) * cond = out - b
	cs.enforce(
		|| "out computation",
		|lc| lc + &a.sub(b).lc(),
		|lc| lc + &cond.lc(CS::one(), Fr::ONE),
		|lc| lc + out.get_variable() - &b.lc(),
	);
	Ok(out)
}

/// `cond ? a : b` (1 constraint).
pub fn select<CS>(
	cs: CS,
	cond: &Boolean,
	a: &AllocatedNum<Fr>,
	b: &AllocatedNum<Fr>,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	select_lc(cs, cond, &Lc::from(a), &Lc::from(b))
}

/// Whether `a < b`, for `a` and `b` known to be below `2^n_bits` (`n_bits + 2` constraints).
///
/// `a - b + 2^n` lies in `[1, 2^(n+1))` and has bit `n` set exactly when `a >= b`; it is
/// range-checked to `n + 1` bits.
///
/// # Panics
///
/// If `n_bits > 252`.
pub fn less_than<CS>(
	mut cs: CS,
	a: &AllocatedNum<Fr>,
	b: &AllocatedNum<Fr>,
	n_bits: usize,
) -> Result<Boolean, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert!(n_bits <= 252, "operands must fit 252 bits");
	let shift = Fr::from(2u64).pow_vartime(&[n_bits as u64, 0, 0, 0]);
	let diff = Lc::from(a).sub(&Lc::from(b)).add_constant(shift);
	let bits = range_check_lc(cs.namespace(|| "difference"), &diff, n_bits + 1)?;
	Ok(bits[n_bits].not())
}

/// Enforces `cond ⇒ a == b` (1 constraint).
pub fn enforce_equal_if<CS>(
	mut cs: CS,
	cond: &Boolean,
	a: &AllocatedNum<Fr>,
	b: &AllocatedNum<Fr>,
) -> Result<(), SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	// (a - b) * cond = 0
	cs.enforce(
		|| "equality computation",
		|lc| lc + a.get_variable() - b.get_variable(),
		|lc| lc + &cond.lc(CS::one(), Fr::ONE),
		|lc| lc,
	);
	Ok(())
}

/// `min(a, b)` for `a` and `b` known to be below `2^n_bits` (`n_bits + 3` constraints).
///
/// # Panics
///
/// If `n_bits > 252`.
pub fn min<CS>(
	mut cs: CS,
	a: &AllocatedNum<Fr>,
	b: &AllocatedNum<Fr>,
	n_bits: usize,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let a_lt_b = less_than(cs.namespace(|| "a < b"), a, b, n_bits)?;
	select(cs.namespace(|| "min"), &a_lt_b, a, b)
}

#[cfg(test)]
mod tests {
	use super::*;
	use bellman::gadgets::test::TestConstraintSystem;
	use polylink_primitives::field::from_u128;
	use rand_core::{Rng, SeedableRng};
	use rand_xorshift::XorShiftRng;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	fn num(cs: &mut TestConstraintSystem<Fr>, name: &str, x: u128) -> AllocatedNum<Fr> {
		AllocatedNum::alloc(cs.namespace(|| name), || Ok(from_u128(x))).unwrap()
	}

	#[test]
	fn lc_merges_terms() {
		let mut cs = TestConstraintSystem::<Fr>::new();
		let a = num(&mut cs, "a", 3);
		let x = Lc::from(&a).add(&Lc::from(&a)).add_constant(Fr::ONE).add_constant(Fr::ONE);
		assert_eq!(x.terms.len(), 2);
		assert_eq!(x.get_value(), Some(Fr::from(8u64)));
		assert!(Lc::from(&a).sub(&Lc::from(&a)).terms.is_empty());
	}

	#[test]
	fn range_check_works() {
		let mut rng = rng();
		for _ in 0..8 {
			let x = rng.next_u64() as u128 >> 4;
			let mut cs = TestConstraintSystem::<Fr>::new();
			let n = num(&mut cs, "x", x);
			let bits = range_check(cs.namespace(|| "range"), &n, 60).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints(), 61);
			assert_eq!(pack_bits_le(&bits).get_value(), Some(from_u128(x)));
		}
	}

	#[test]
	fn range_check_rejects_too_large() {
		let mut cs = TestConstraintSystem::<Fr>::new();
		let n = num(&mut cs, "x", 1 << 60);
		range_check(cs.namespace(|| "range"), &n, 60).unwrap();
		assert_eq!(cs.which_is_unsatisfied(), Some("range/packing computation"));
	}

	#[test]
	fn range_check_rejects_tampered_bit() {
		let mut cs = TestConstraintSystem::<Fr>::new();
		let n = num(&mut cs, "x", 5);
		range_check(cs.namespace(|| "range"), &n, 8).unwrap();
		assert!(cs.is_satisfied());
		cs.set("range/bits/bit 1/boolean", Fr::ONE);
		assert_eq!(cs.which_is_unsatisfied(), Some("range/packing computation"));
	}

	#[test]
	fn is_zero_and_is_equal_work() {
		for (a, b) in [(0u128, 0u128), (7, 0), (7, 7), (7, 8)] {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let (x, y) = (num(&mut cs, "a", a), num(&mut cs, "b", b));
			let zero = is_zero(cs.namespace(|| "is zero"), &x).unwrap();
			let equal = is_equal(cs.namespace(|| "is equal"), &x, &y).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints(), 6);
			assert_eq!(zero.get_value(), Some(a == 0));
			assert_eq!(equal.get_value(), Some(a == b));
		}
	}

	#[test]
	fn is_zero_rejects_wrong_output() {
		for a in [0u128, 5] {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let x = num(&mut cs, "a", a);
			is_zero(cs.namespace(|| "is zero"), &x).unwrap();
			let flipped = if a == 0 { Fr::ZERO } else { Fr::ONE };
			cs.set("is zero/out/boolean", flipped);
			assert!(!cs.is_satisfied());
		}
	}

	#[test]
	fn select_works() {
		for cond in [false, true] {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let (a, b) = (num(&mut cs, "a", 1), num(&mut cs, "b", 2));
			let c = AllocatedBit::alloc(cs.namespace(|| "cond"), Some(cond)).unwrap();
			let out = select(cs.namespace(|| "select"), &c.into(), &a, &b).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints(), 2);
			assert_eq!(out.get_value(), Some(Fr::from(if cond { 1u64 } else { 2 })));
			cs.set("select/out/num", Fr::from(3u64));
			assert_eq!(cs.which_is_unsatisfied(), Some("select/out computation"));
		}
	}

	#[test]
	fn less_than_and_min_work() {
		let mut rng = rng();
		let mut cases = vec![(0u128, 0u128), (0, 1), (1, 0), (u128::MAX >> 1, 0), (5, 5)];
		cases
			.extend((0..8).map(|_| ((rng.next_u64() >> 1) as u128, (rng.next_u64() >> 1) as u128)));
		for (a, b) in cases {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let (x, y) = (num(&mut cs, "a", a), num(&mut cs, "b", b));
			let lt = less_than(cs.namespace(|| "lt"), &x, &y, 127).unwrap();
			let m = min(cs.namespace(|| "min"), &x, &y, 127).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints(), 129 + 130);
			assert_eq!(lt.get_value(), Some(a < b));
			assert_eq!(m.get_value(), Some(from_u128(a.min(b))));
		}
	}

	#[test]
	fn less_than_rejects_flipped_result() {
		let mut cs = TestConstraintSystem::<Fr>::new();
		let (x, y) = (num(&mut cs, "a", 3), num(&mut cs, "b", 9));
		less_than(cs.namespace(|| "lt"), &x, &y, 8).unwrap();
		assert!(cs.is_satisfied());
		cs.set("lt/difference/bits/bit 8/boolean", Fr::ONE);
		assert_eq!(cs.which_is_unsatisfied(), Some("lt/difference/packing computation"));
	}

	#[test]
	fn enforce_equal_if_works() {
		for (cond, a, b, ok) in
			[(true, 4, 4, true), (true, 4, 5, false), (false, 4, 5, true), (false, 4, 4, true)]
		{
			let mut cs = TestConstraintSystem::<Fr>::new();
			let (x, y) = (num(&mut cs, "a", a), num(&mut cs, "b", b));
			let c = AllocatedBit::alloc(cs.namespace(|| "cond"), Some(cond)).unwrap();
			enforce_equal_if(cs.namespace(|| "eq"), &c.into(), &x, &y).unwrap();
			assert_eq!(cs.num_constraints(), 2);
			assert_eq!(cs.is_satisfied(), ok);
			if !ok {
				assert_eq!(cs.which_is_unsatisfied(), Some("eq/equality computation"));
			}
		}
	}
}
