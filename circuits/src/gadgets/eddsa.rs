//! Polylink L2 signatures in-circuit: Schnorr over Jubjub with a Poseidon challenge, exactly
//! the scheme of [`polylink_primitives::signature`].
//!
//! # Overview
//!
//! [`verify_if`] enforces `enabled ⇒ s·G = R + c·A` with `c = H(R.u, R.v, A.u, A.v, m)`:
//!
//! - `c` is decomposed strictly into 255 bits (the canonical field element) and `c·A` is a
//!   variable-base double-and-add over all of them, in 2-bit windows (two doublings, a lookup
//!   in `{O, A, 2A, 3A}` and one addition per window). For `A` in the prime-order subgroup
//!   this equals the native `c'·A` with `c' = c mod ℓ`.
//! - `s·G` is a fixed-base multiplication for `G = jubjub::SubgroupPoint::generator()` with
//!   precomputed 3-bit window tables (`j·8^i·G`): a lookup (3 constraints) and an addition per
//!   window, no doublings.
//! - `s` must be canonical (`s < ℓ`), or signatures would be malleable (`s + ℓ`).
//!
//! Points are affine twisted-Edwards points `(u, v)` on `-u² + v² = 1 + d·u²·v²`; the
//! addition law is complete on the whole curve (`d` is not a square), so no case analysis is
//! needed and no denominator can vanish.
//!
//! # Assumptions
//!
//! - Points passed in were built by [`EdwardsPoint::witness`] (on the curve) or by the
//!   gadgets here.
//! - The public key `A` is in the prime-order subgroup: the block circuit allocates it with
//!   [`EdwardsPoint::witness_subgroup`] (as `8·A'`), so every key it binds to an account through
//!   [`pubkey_hash`] — including the new key of a `ChangePubKey` — is a subgroup point, as native
//!   decoding requires.
//! - The bits of `s` are boolean-constrained by the caller.

use super::{
	num::{enforce_equal_if, mul, pack_bits_le, select_lc, Lc},
	poseidon,
};
use bellman::{
	gadgets::{boolean::Boolean, num::AllocatedNum},
	ConstraintSystem, SynthesisError,
};
use ff::{Field, PrimeFieldBits};
use group::Group;
use polylink_primitives::field::Fr;

/// The bit length of a canonical Jubjub scalar (`ℓ < 2^252`).
pub const SCALAR_BITS: usize = 252;
/// The number of bits of a public-key hash (`H(A.u, A.v) mod 2^160`).
pub const PUBKEY_HASH_BITS: usize = 160;

/// Jubjub's `d`, derived from the native generator rather than hard-coded: with `a = -1`,
/// `d = (v² - u² - 1) / (u²·v²)`.
pub fn edwards_d() -> Result<Fr, SynthesisError> {
	let g = affine(jubjub::ExtendedPoint::from(jubjub::SubgroupPoint::generator()));
	let (uu, vv) = (g.get_u().square(), g.get_v().square());
	let inv = Option::<Fr>::from((uu * vv).invert()).ok_or(SynthesisError::DivisionByZero)?;
	Ok((vv - uu - Fr::ONE) * inv)
}

fn affine(p: jubjub::ExtendedPoint) -> jubjub::AffinePoint {
	jubjub::AffinePoint::from(p)
}

/// `num / den` on witness values.
fn div(num: Option<Fr>, den: Option<Fr>) -> Result<Fr, SynthesisError> {
	let (num, den) = num.zip(den).ok_or(SynthesisError::AssignmentMissing)?;
	let inv = Option::<Fr>::from(den.invert()).ok_or(SynthesisError::DivisionByZero)?;
	Ok(num * inv)
}

/// An affine Jubjub point with allocated coordinates.
///
/// Build it with [`EdwardsPoint::witness`]; constructing it from raw fields skips the curve
/// check.
#[derive(Clone)]
pub struct EdwardsPoint {
	/// The `u` coordinate.
	pub u: AllocatedNum<Fr>,
	/// The `v` coordinate.
	pub v: AllocatedNum<Fr>,
}

/// A point whose coordinates are linear combinations (lookups, sums before allocation).
#[derive(Clone, Debug)]
struct LcPoint {
	u: Lc,
	v: Lc,
}

impl From<&EdwardsPoint> for LcPoint {
	fn from(p: &EdwardsPoint) -> Self {
		Self { u: Lc::from(&p.u), v: Lc::from(&p.v) }
	}
}

impl EdwardsPoint {
	/// Allocates `point` and enforces that it is on the curve (3 constraints). It is not
	/// checked to be in the prime-order subgroup.
	pub fn witness<CS>(
		mut cs: CS,
		point: Option<jubjub::AffinePoint>,
	) -> Result<Self, SynthesisError>
	where
		CS: ConstraintSystem<Fr>,
	{
		let u = AllocatedNum::alloc(cs.namespace(|| "u"), || {
			point.map(|p| p.get_u()).ok_or(SynthesisError::AssignmentMissing)
		})?;
		let v = AllocatedNum::alloc(cs.namespace(|| "v"), || {
			point.map(|p| p.get_v()).ok_or(SynthesisError::AssignmentMissing)
		})?;
		let d = edwards_d()?;
		let uu = mul(cs.namespace(|| "uu"), &Lc::from(&u), &Lc::from(&u))?;
		let vv = mul(cs.namespace(|| "vv"), &Lc::from(&v), &Lc::from(&v))?;
		// -uu + vv = 1 + d·uu·vv, i.e. (d·uu) * vv = vv - uu - 1
		cs.enforce(
			|| "curve equation",
			|lc| lc + (d, uu.get_variable()),
			|lc| lc + vv.get_variable(),
			|lc| lc + vv.get_variable() - uu.get_variable() - CS::one(),
		);
		Ok(Self { u, v })
	}

	/// Allocates a point of the prime-order subgroup (18 constraints): witnesses
	/// `A' = 8⁻¹·point` on the curve and returns `A = 8·A'` (three doublings). Whatever `A'` a
	/// prover supplies, `8·A'` has no small-order component, so the result is a subgroup point;
	/// for a subgroup `point` it is `point` itself.
	pub fn witness_subgroup<CS>(
		mut cs: CS,
		point: Option<jubjub::AffinePoint>,
	) -> Result<Self, SynthesisError>
	where
		CS: ConstraintSystem<Fr>,
	{
		let eighth = jubjub::Fr::from(8u64).invert().expect("8 is invertible mod ℓ");
		let root = point.map(|p| affine(jubjub::ExtendedPoint::from(p) * eighth));
		let root = Self::witness(cs.namespace(|| "eighth"), root)?;
		root.times_cofactor(cs.namespace(|| "times cofactor"))
	}

	/// `8·self` (three doublings, 15 constraints): always a point of the prime-order subgroup.
	pub fn times_cofactor<CS>(&self, mut cs: CS) -> Result<Self, SynthesisError>
	where
		CS: ConstraintSystem<Fr>,
	{
		let p2 = double(cs.namespace(|| "2p"), self)?;
		let p4 = double(cs.namespace(|| "4p"), &p2)?;
		double(cs.namespace(|| "8p"), &p4)
	}

	/// The point, if its coordinates are known.
	pub fn get_value(&self) -> Option<jubjub::AffinePoint> {
		Some(jubjub::AffinePoint::from_raw_unchecked(self.u.get_value()?, self.v.get_value()?))
	}
}

/// Allocates `q = num / den` and enforces `q · den = num` (1 constraint). The denominators of
/// the complete addition law never vanish on Jubjub, so `num / den` is the unique solution.
fn quotient<CS>(
	cs: &mut CS,
	name: &str,
	num: &Lc,
	den: &Lc,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let q = AllocatedNum::alloc(cs.namespace(|| name.to_string()), || {
		div(num.get_value(), den.get_value())
	})?;
	// q · den = num
	cs.enforce(
		|| format!("{name} computation"),
		|lc| lc + q.get_variable(),
		|lc| lc + &den.lc(),
		|lc| lc + &num.lc(),
	);
	Ok(q)
}

/// `2·p` (5 constraints).
fn double<CS>(mut cs: CS, p: &EdwardsPoint) -> Result<EdwardsPoint, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let (u, v) = (Lc::from(&p.u), Lc::from(&p.v));
	let t = mul(cs.namespace(|| "t"), &u, &v)?;
	let uu = mul(cs.namespace(|| "uu"), &u, &u)?;
	let vv = mul(cs.namespace(|| "vv"), &v, &v)?;
	let (t, uu, vv) = (Lc::from(&t), Lc::from(&uu), Lc::from(&vv));
	// On the curve 1 + d·u²v² = v² - u² and 1 - d·u²v² = 2 - v² + u², so the addition law
	// with both inputs equal reads u3 = 2uv / (v² - u²), v3 = (v² + u²) / (2 - v² + u²).
	let u_den = vv.sub(&uu);
	let v_num = vv.add(&uu);
	let v_den = Lc::constant(Fr::from(2u64)).sub(&u_den);
	let two_t = t.scale(Fr::from(2u64));
	// u3 · (v² − u²) = 2uv
	let u3 = quotient(&mut cs, "u3", &two_t, &u_den)?;
	// v3 · (2 − v² + u²) = v² + u²
	let v3 = quotient(&mut cs, "v3", &v_num, &v_den)?;
	Ok(EdwardsPoint { u: u3, v: v3 })
}

/// `p + q` by the complete twisted-Edwards addition law with `a = -1` (6 constraints).
fn add<CS>(mut cs: CS, p: &LcPoint, q: &LcPoint) -> Result<EdwardsPoint, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let d = edwards_d()?;
	// U = (u1 + v1) * (u2 + v2) = u1u2 + u1v2 + v1u2 + v1v2
	let big_u = mul(cs.namespace(|| "U"), &p.u.add(&p.v), &q.u.add(&q.v))?;
	// A = v2 * u1
	let a = mul(cs.namespace(|| "A"), &q.v, &p.u)?;
	// B = u2 * v1
	let b = mul(cs.namespace(|| "B"), &q.u, &p.v)?;
	// C = d·A * B = d·u1u2v1v2
	let c = mul(cs.namespace(|| "C"), &Lc::from(&a).scale(d), &Lc::from(&b))?;
	let (big_u, a, b, c) = (Lc::from(&big_u), Lc::from(&a), Lc::from(&b), Lc::from(&c));
	let u_num = a.add(&b);
	let u_den = Lc::constant(Fr::ONE).add(&c);
	// v1v2 + u1u2 = U - A - B
	let v_num = big_u.sub(&a).sub(&b);
	let v_den = Lc::constant(Fr::ONE).sub(&c);
	// u3 · (1 + C) = A + B
	let u3 = quotient(&mut cs, "u3", &u_num, &u_den)?;
	// v3 · (1 − C) = U − A − B
	let v3 = quotient(&mut cs, "v3", &v_num, &v_den)?;
	Ok(EdwardsPoint { u: u3, v: v3 })
}

/// `cond ? p : q` coordinate-wise (2 constraints).
fn select_point<CS>(
	mut cs: CS,
	cond: &Boolean,
	p: &LcPoint,
	q: &LcPoint,
) -> Result<EdwardsPoint, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	Ok(EdwardsPoint {
		u: select_lc(cs.namespace(|| "u"), cond, &p.u, &q.u)?,
		v: select_lc(cs.namespace(|| "v"), cond, &p.v, &q.v)?,
	})
}

/// `Σ bits[i]·2^i · base`, most significant window first, in 2-bit windows
/// (`11 + 22` constraints per window, 2807 for 255 bits).
fn mul_variable<CS>(
	mut cs: CS,
	base: &EdwardsPoint,
	bits_le: &[Boolean],
) -> Result<EdwardsPoint, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let mut bits = bits_le.to_vec();
	if bits.len() % 2 == 1 {
		bits.push(Boolean::constant(false));
	}
	let identity = LcPoint { u: Lc::zero(), v: Lc::constant(Fr::ONE) };
	let p1 = LcPoint::from(base);
	let p2 = double(cs.namespace(|| "2·base"), base)?;
	let p3 = add(cs.namespace(|| "3·base"), &LcPoint::from(&p2), &p1)?;
	let (p2, p3) = (LcPoint::from(&p2), LcPoint::from(&p3));
	let mut acc: Option<EdwardsPoint> = None;
	for (w, window) in bits.chunks(2).enumerate().rev() {
		let cs = &mut cs.namespace(|| format!("window {w}"));
		let (lo, hi) = (&window[0], &window[1]);
		// The window's multiple of the base, from {O, base, 2·base, 3·base}.
		let m0 = select_point(cs.namespace(|| "low"), lo, &p1, &identity)?;
		let entry = if matches!(hi, Boolean::Constant(false)) {
			m0
		} else {
			let m1 = select_point(cs.namespace(|| "high"), lo, &p3, &p2)?;
			select_point(cs.namespace(|| "entry"), hi, &LcPoint::from(&m1), &LcPoint::from(&m0))?
		};
		acc = Some(match acc {
			None => entry,
			Some(acc) => {
				let twice = double(cs.namespace(|| "double 0"), &acc)?;
				let four = double(cs.namespace(|| "double 1"), &twice)?;
				add(cs.namespace(|| "add"), &LcPoint::from(&four), &LcPoint::from(&entry))?
			}
		});
	}
	acc.ok_or(SynthesisError::Unsatisfiable)
}

/// Looks up `table[b0 + 2·b1 + 4·b2]` of constant points (3 constraints).
fn lookup3<CS>(
	mut cs: CS,
	bits: &[Boolean],
	table: &[(Fr, Fr)],
) -> Result<EdwardsPoint, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let (b0, b1, b2) = (&bits[0], &bits[1], &bits[2]);
	let b12 = Boolean::and(cs.namespace(|| "b1 and b2"), b1, b2)?;
	let (l1, l2, l12) = (Lc::from_boolean(b1), Lc::from_boolean(b2), Lc::from_boolean(&b12));
	// h(b1, b2) = h00 + b1·(h10 - h00) + b2·(h01 - h00) + b1·b2·(h11 - h10 - h01 + h00)
	let multilinear = |h: [Fr; 4]| {
		Lc::constant(h[0])
			.add_scaled(&l1, h[1] - h[0])
			.add_scaled(&l2, h[2] - h[0])
			.add_scaled(&l12, h[3] - h[2] - h[1] + h[0])
	};
	let index = b0
		.get_value()
		.zip(b1.get_value())
		.zip(b2.get_value())
		.map(|((b0, b1), b2)| b0 as usize + 2 * b1 as usize + 4 * b2 as usize);
	let mut coords = Vec::with_capacity(2);
	for (name, coord) in [("u", 0usize), ("v", 1)] {
		let at = |j: usize| if coord == 0 { table[j].0 } else { table[j].1 };
		// out = f(b1, b2) + b0·g(b1, b2) with f the even entries and g the odd minus even
		let f = multilinear([at(0), at(2), at(4), at(6)]);
		let g = multilinear([at(1) - at(0), at(3) - at(2), at(5) - at(4), at(7) - at(6)]);
		let out = AllocatedNum::alloc(cs.namespace(|| name), || {
			index.map(at).ok_or(SynthesisError::AssignmentMissing)
		})?;
		// g * b0 = out - f
		cs.enforce(
			|| format!("{name} computation"),
			|lc| lc + &g.lc(),
			|lc| lc + &b0.lc(CS::one(), Fr::ONE),
			|lc| lc + out.get_variable() - &f.lc(),
		);
		coords.push(out);
	}
	let v = coords.pop().ok_or(SynthesisError::Unsatisfiable)?;
	let u = coords.pop().ok_or(SynthesisError::Unsatisfiable)?;
	Ok(EdwardsPoint { u, v })
}

/// `Σ bits[i]·2^i · G` for the Jubjub generator, in 3-bit windows with tables
/// `j·8^w·G` (`3` constraints for the first window, `9` for each further one).
fn mul_fixed_generator<CS>(mut cs: CS, bits_le: &[Boolean]) -> Result<EdwardsPoint, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let mut bits = bits_le.to_vec();
	while !bits.len().is_multiple_of(3) {
		bits.push(Boolean::constant(false));
	}
	let mut window_base = jubjub::ExtendedPoint::from(jubjub::SubgroupPoint::generator());
	let mut acc: Option<EdwardsPoint> = None;
	for (w, window) in bits.chunks(3).enumerate() {
		let cs = &mut cs.namespace(|| format!("window {w}"));
		let mut table = Vec::with_capacity(8);
		let mut multiple = jubjub::ExtendedPoint::identity();
		for _ in 0..8 {
			let p = affine(multiple);
			table.push((p.get_u(), p.get_v()));
			multiple += window_base;
		}
		window_base = multiple;
		let entry = lookup3(cs.namespace(|| "lookup"), window, &table)?;
		acc = Some(match acc {
			None => entry,
			Some(acc) => add(cs.namespace(|| "add"), &LcPoint::from(&acc), &LcPoint::from(&entry))?,
		});
	}
	acc.ok_or(SynthesisError::Unsatisfiable)
}

/// Enforces `enabled ⇒ Σ bits[i]·2^i < ℓ` (one constraint per bit of `ℓ - 1`).
///
/// Scanning from the most significant bit, `eq` says "enabled and all bits so far equal those
/// of `ℓ - 1`": where `ℓ - 1` has a 1, `eq ∧= bit`; where it has a 0, `eq ⇒ bit = 0`.
fn enforce_canonical_scalar_if<CS>(
	mut cs: CS,
	enabled: &Boolean,
	bits_le: &[Boolean],
) -> Result<(), SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let bound: Vec<bool> = (-jubjub::Fr::ONE).to_le_bits().iter().by_vals().collect();
	assert!(bound[SCALAR_BITS..].iter().all(|b| !b), "ℓ < 2^252");
	let lowest_zero = bound.iter().position(|b| !b).unwrap_or(SCALAR_BITS);
	let mut eq = enabled.clone();
	for i in (lowest_zero..SCALAR_BITS).rev() {
		if bound[i] {
			eq = Boolean::and(cs.namespace(|| format!("prefix {i}")), &eq, &bits_le[i])?;
		} else {
			// eq * bit = 0
			cs.enforce(
				|| format!("bit {i} computation"),
				|lc| lc + &eq.lc(CS::one(), Fr::ONE),
				|lc| lc + &bits_le[i].lc(CS::one(), Fr::ONE),
				|lc| lc,
			);
		}
	}
	Ok(())
}

/// Enforces `enabled ⇒ s·G = R + c·A` with `c = H(R.u, R.v, A.u, A.v, msg)` (see the
/// [module docs](self)); `s_bits_le` are the 252 little-endian bits of `s`, and
/// `enabled ⇒ s < ℓ` is enforced too.
///
/// With `enabled` false nothing is enforced, but the witness must still be computable
/// (points on the curve).
///
/// # Panics
///
/// If `s_bits_le` does not have 252 bits.
pub fn verify_if<CS>(
	mut cs: CS,
	enabled: &Boolean,
	pk: &EdwardsPoint,
	r: &EdwardsPoint,
	s_bits_le: &[Boolean],
	msg: &AllocatedNum<Fr>,
) -> Result<(), SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert_eq!(s_bits_le.len(), SCALAR_BITS, "s has 252 bits");
	// c = H(R.u, R.v, A.u, A.v, m)
	let inputs = [r.u.clone(), r.v.clone(), pk.u.clone(), pk.v.clone(), msg.clone()];
	let c = poseidon::hash(cs.namespace(|| "challenge"), &inputs)?;
	// The 255 bits of the canonical c: a non-canonical c + p would be another scalar.
	let c_bits = c.to_bits_le_strict(cs.namespace(|| "challenge bits"))?;
	let c_a = mul_variable(cs.namespace(|| "c·A"), pk, &c_bits)?;
	let rhs = add(cs.namespace(|| "R + c·A"), &LcPoint::from(r), &LcPoint::from(&c_a))?;
	enforce_canonical_scalar_if(cs.namespace(|| "s canonical"), enabled, s_bits_le)?;
	let lhs = mul_fixed_generator(cs.namespace(|| "s·G"), s_bits_le)?;
	// enabled ⇒ s·G = R + c·A. R is only checked to be on the curve, but s·G and c·A are in
	// the prime-order subgroup (A is, see the module docs), so R = s·G - c·A is in it too:
	// the equality rules out R with a small-order component.
	enforce_equal_if(cs.namespace(|| "u equal"), enabled, &lhs.u, &rhs.u)?;
	enforce_equal_if(cs.namespace(|| "v equal"), enabled, &lhs.v, &rhs.v)
}

/// The public-key hash `H(A.u, A.v) mod 2^160`, equal to the native
/// `PublicKey::hash().to_field()`: the hash is decomposed strictly into 255 bits and the low
/// 160 are packed.
pub fn pubkey_hash<CS>(mut cs: CS, pk: &EdwardsPoint) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let digest = poseidon::hash2(cs.namespace(|| "digest"), &pk.u, &pk.v)?;
	let bits = digest.to_bits_le_strict(cs.namespace(|| "digest bits"))?;
	Lc::from(&pack_bits_le(&bits[..PUBKEY_HASH_BITS])).alloc(cs.namespace(|| "pubkey hash"))
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::gadgets::num::alloc_bits_le;
	use bellman::gadgets::{boolean::AllocatedBit, test::TestConstraintSystem};
	use ff::PrimeField;
	use polylink_primitives::signature::{PrivateKey, TxSignature};
	use rand_core::SeedableRng;
	use rand_xorshift::XorShiftRng;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	fn random_point(rng: &mut XorShiftRng) -> jubjub::AffinePoint {
		affine(jubjub::ExtendedPoint::from(
			jubjub::SubgroupPoint::generator() * jubjub::Fr::random(rng),
		))
	}

	/// A jubjub scalar as a BLS12-381 scalar (the same integer: `ℓ < p`).
	fn scalar_as_fr(s: &jubjub::Fr) -> Fr {
		Fr::from_repr(s.to_bytes()).unwrap()
	}

	#[test]
	fn edwards_d_matches_native_points() {
		let d = edwards_d().unwrap();
		let mut rng = rng();
		for _ in 0..8 {
			let p = random_point(&mut rng);
			let (uu, vv) = (p.get_u().square(), p.get_v().square());
			assert_eq!(vv - uu, Fr::ONE + d * uu * vv);
		}
	}

	#[test]
	fn subgroup_witness_works() {
		let mut rng = rng();
		let p = random_point(&mut rng);
		let mut cs = TestConstraintSystem::<Fr>::new();
		let point = EdwardsPoint::witness_subgroup(cs.namespace(|| "p"), Some(p)).unwrap();
		assert!(cs.is_satisfied());
		assert_eq!(cs.num_constraints(), 18);
		assert_eq!(point.get_value(), Some(p));
		// Whatever root a prover picks, even one with a small-order component, the cofactor
		// multiple is torsion-free: a key outside the subgroup cannot come out.
		let order_two = jubjub::AffinePoint::from_raw_unchecked(Fr::ZERO, -Fr::ONE);
		let torsioned =
			affine(jubjub::ExtendedPoint::from(p) + jubjub::ExtendedPoint::from(order_two));
		assert!(!bool::from(jubjub::ExtendedPoint::from(torsioned).is_torsion_free()));
		let mut cs = TestConstraintSystem::<Fr>::new();
		let root = EdwardsPoint::witness(cs.namespace(|| "root"), Some(torsioned)).unwrap();
		let out = root.times_cofactor(cs.namespace(|| "8·root")).unwrap();
		assert!(cs.is_satisfied());
		let out = jubjub::ExtendedPoint::from(out.get_value().unwrap());
		assert!(bool::from(out.is_torsion_free()));
		assert_eq!(out, jubjub::ExtendedPoint::from(torsioned).mul_by_cofactor());
	}

	#[test]
	fn witness_works() {
		let mut rng = rng();
		let mut cs = TestConstraintSystem::<Fr>::new();
		let p = random_point(&mut rng);
		let point = EdwardsPoint::witness(cs.namespace(|| "p"), Some(p)).unwrap();
		assert!(cs.is_satisfied());
		assert_eq!(cs.num_constraints(), 3);
		assert_eq!(point.get_value(), Some(p));
		cs.set("p/v/num", p.get_v() + Fr::ONE);
		assert!(!cs.is_satisfied());
	}

	#[test]
	fn double_and_add_match_native() {
		let mut rng = rng();
		let identity = jubjub::AffinePoint::identity();
		let points = [random_point(&mut rng), random_point(&mut rng), identity];
		for p in points {
			for q in points {
				let mut cs = TestConstraintSystem::<Fr>::new();
				let a = EdwardsPoint::witness(cs.namespace(|| "p"), Some(p)).unwrap();
				let b = EdwardsPoint::witness(cs.namespace(|| "q"), Some(q)).unwrap();
				let base = cs.num_constraints();
				let sum = add(cs.namespace(|| "add"), &(&a).into(), &(&b).into()).unwrap();
				assert_eq!(cs.num_constraints() - base, 6);
				let twice = double(cs.namespace(|| "double"), &a).unwrap();
				assert_eq!(cs.num_constraints() - base, 11);
				assert!(cs.is_satisfied());
				assert_eq!(sum.get_value(), Some(affine(p.to_extended() + q.to_extended())));
				assert_eq!(twice.get_value(), Some(affine(p.to_extended().double())));
				cs.set("add/u3/num", Fr::ONE);
				assert_eq!(cs.which_is_unsatisfied(), Some("add/u3 computation"));
			}
		}
	}

	#[test]
	fn scalar_multiplications_match_native() {
		let mut rng = rng();
		for _ in 0..2 {
			let p = random_point(&mut rng);
			let c = Fr::random(&mut rng);
			let s = jubjub::Fr::random(&mut rng);
			let mut cs = TestConstraintSystem::<Fr>::new();
			let base = EdwardsPoint::witness(cs.namespace(|| "base"), Some(p)).unwrap();
			let c_bits = alloc_bits_le(cs.namespace(|| "c"), Some(c), 255).unwrap();
			let s_bits = alloc_bits_le(cs.namespace(|| "s"), Some(scalar_as_fr(&s)), 252).unwrap();
			let before = cs.num_constraints();
			let c_p = mul_variable(cs.namespace(|| "c·P"), &base, &c_bits).unwrap();
			assert_eq!(cs.num_constraints() - before, 2807);
			let before = cs.num_constraints();
			let s_g = mul_fixed_generator(cs.namespace(|| "s·G"), &s_bits).unwrap();
			assert_eq!(cs.num_constraints() - before, 750);
			assert!(cs.is_satisfied());
			// c as an integer below 2^255, reduced mod ℓ, as natively.
			let mut wide = [0u8; 64];
			wide[..32].copy_from_slice(&c.to_repr());
			let c_scalar = jubjub::Fr::from_bytes_wide(&wide);
			assert_eq!(c_p.get_value(), Some(affine(p.to_extended() * c_scalar)));
			let g = jubjub::ExtendedPoint::from(jubjub::SubgroupPoint::generator());
			assert_eq!(s_g.get_value(), Some(affine(g * s)));
		}
	}

	/// The decoded parts of a signature.
	struct Signed {
		pk: jubjub::AffinePoint,
		r: jubjub::AffinePoint,
		s: Fr,
		msg: Fr,
	}

	fn sign(seed: u8, msg: Fr) -> Signed {
		let key = PrivateKey::from_seed(&[seed; 32]);
		let tx = TxSignature::sign(&key, msg);
		assert!(tx.verify(msg).is_ok());
		let mut r = [0u8; 32];
		r.copy_from_slice(&tx.signature[..32]);
		let mut s = [0u8; 32];
		s.copy_from_slice(&tx.signature[32..]);
		Signed {
			pk: jubjub::AffinePoint::from_bytes(tx.pub_key).unwrap(),
			r: jubjub::AffinePoint::from_bytes(r).unwrap(),
			s: scalar_as_fr(&jubjub::Fr::from_bytes(&s).unwrap()),
			msg,
		}
	}

	/// Synthesises `verify_if`; returns the system and the number of constraints of the gadget.
	fn synthesise(sig: &Signed, enabled: bool) -> (TestConstraintSystem<Fr>, usize) {
		let mut cs = TestConstraintSystem::<Fr>::new();
		let enabled = AllocatedBit::alloc(cs.namespace(|| "enabled"), Some(enabled)).unwrap();
		let pk = EdwardsPoint::witness(cs.namespace(|| "pk"), Some(sig.pk)).unwrap();
		let r = EdwardsPoint::witness(cs.namespace(|| "r"), Some(sig.r)).unwrap();
		let s_bits = alloc_bits_le(cs.namespace(|| "s"), Some(sig.s), 252).unwrap();
		let msg = AllocatedNum::alloc(cs.namespace(|| "msg"), || Ok(sig.msg)).unwrap();
		let before = cs.num_constraints();
		verify_if(cs.namespace(|| "verify"), &enabled.into(), &pk, &r, &s_bits, &msg).unwrap();
		let used = cs.num_constraints() - before;
		(cs, used)
	}

	#[test]
	fn verify_works() {
		let sig = sign(1, Fr::from(42u64));
		let (cs, used) = synthesise(&sig, true);
		assert!(cs.is_satisfied());
		assert_eq!(used, 4934);
	}

	#[test]
	fn verify_disabled_accepts_wrong_signature() {
		let mut sig = sign(1, Fr::from(42u64));
		sig.msg += Fr::ONE;
		assert!(!synthesise(&sig, true).0.is_satisfied());
		assert!(synthesise(&sig, false).0.is_satisfied());
		// Even a non-canonical s.
		sig.s = -Fr::ONE;
		assert!(synthesise(&sig, false).0.is_satisfied());
	}

	#[test]
	fn pubkey_hash_matches_native() {
		for seed in 0..3 {
			let key = PrivateKey::from_seed(&[seed; 32]).public_key();
			let (u, v) = key.coordinates();
			let mut cs = TestConstraintSystem::<Fr>::new();
			let pk = EdwardsPoint::witness(
				cs.namespace(|| "pk"),
				Some(jubjub::AffinePoint::from_raw_unchecked(u, v)),
			)
			.unwrap();
			let before = cs.num_constraints();
			let h = pubkey_hash(cs.namespace(|| "pkh"), &pk).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints() - before, 632);
			assert_eq!(h.get_value(), Some(key.hash().to_field()));
		}
	}

	mod reject {
		use super::*;

		#[test]
		fn wrong_message() {
			let mut sig = sign(2, Fr::from(7u64));
			sig.msg = Fr::from(8u64);
			let (cs, _) = synthesise(&sig, true);
			assert_eq!(cs.which_is_unsatisfied(), Some("verify/u equal/equality computation"));
		}

		#[test]
		fn wrong_key() {
			let mut sig = sign(2, Fr::from(7u64));
			sig.pk = sign(3, Fr::from(7u64)).pk;
			assert!(!synthesise(&sig, true).0.is_satisfied());
		}

		#[test]
		fn tampered_r() {
			let mut sig = sign(2, Fr::from(7u64));
			sig.r = random_point(&mut rng());
			assert!(!synthesise(&sig, true).0.is_satisfied());
			// -R
			let mut sig = sign(2, Fr::from(7u64));
			sig.r = -sig.r;
			assert!(!synthesise(&sig, true).0.is_satisfied());
		}

		#[test]
		fn tampered_s() {
			let mut sig = sign(2, Fr::from(7u64));
			sig.s += Fr::ONE;
			assert!(!synthesise(&sig, true).0.is_satisfied());
		}

		#[test]
		fn non_canonical_s() {
			// s + ℓ is the same residue: only the canonicity check rejects it.
			let order = scalar_as_fr(&-jubjub::Fr::ONE) + Fr::ONE;
			let sig = (0..)
				.map(|i| sign(i, Fr::from(7u64)))
				.find(|sig| (sig.s + order).to_le_bits()[SCALAR_BITS..].not_any())
				.unwrap();
			let malleated = Signed { s: sig.s + order, ..sig };
			let (cs, _) = synthesise(&malleated, true);
			let unsatisfied = cs.which_is_unsatisfied().unwrap();
			assert!(unsatisfied.starts_with("verify/s canonical/"), "{unsatisfied}");
		}

		#[test]
		fn tampered_intermediate() {
			let sig = sign(2, Fr::from(7u64));
			let (mut cs, _) = synthesise(&sig, true);
			cs.set("verify/c·A/window 3/add/u3/num", Fr::ONE);
			assert_eq!(cs.which_is_unsatisfied(), Some("verify/c·A/window 3/add/u3 computation"));
		}
	}
}
