//! Poseidon in-circuit: the permutation and the sponge of
//! [`polylink_primitives::poseidon`], constraint for constraint the same function.
//!
//! Round constants and the MDS matrix are linear, so they are applied to linear combinations
//! ([`Lc`]) for free; only the S-boxes cost constraints: `x^5` takes 3 (`x2 = x·x`,
//! `x4 = x2·x2`, `x5 = x4·x`), so a permutation costs `3·(8·3 + 57) = 243` constraints. The
//! final linear layer is folded into the last round's S-box constraints (`x4_j·x_j` is
//! enforced to equal row `j` of `M⁻¹·out`), so the three outputs are allocated at no extra
//! cost.

use super::num::Lc;
use bellman::{
	gadgets::num::{AllocatedNum, Num},
	ConstraintSystem, SynthesisError,
};
use polylink_primitives::{
	field::Fr,
	poseidon::{params, FULL_ROUNDS, PARTIAL_ROUNDS, WIDTH},
};

/// `M⁻¹` for the MDS matrix `M` (by the adjugate), or `None` if `M` were singular.
fn inverse(m: &[[Fr; 3]; 3]) -> Option<[[Fr; 3]; 3]> {
	let cof = |r: usize, c: usize| {
		let (r1, r2) = ((r + 1) % 3, (r + 2) % 3);
		let (c1, c2) = ((c + 1) % 3, (c + 2) % 3);
		m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1]
	};
	let det = m[0][0] * cof(0, 0) + m[0][1] * cof(0, 1) + m[0][2] * cof(0, 2);
	let det_inv = Option::<Fr>::from(det.invert())?;
	// (M⁻¹)[r][c] = cofactor(c, r) / det
	Some(core::array::from_fn(|r| core::array::from_fn(|c| cof(c, r) * det_inv)))
}

/// `m · state` on linear combinations (free).
fn mix(m: &[[Fr; 3]; 3], state: &[Lc; 3]) -> [Lc; 3] {
	core::array::from_fn(|i| {
		state.iter().zip(m[i]).fold(Lc::zero(), |acc, (x, coeff)| acc.add_scaled(x, coeff))
	})
}

/// Allocates `x2 = x·x` and `x4 = x2·x2` (2 constraints).
fn square_twice<CS>(
	mut cs: CS,
	x: &Lc,
) -> Result<(AllocatedNum<Fr>, AllocatedNum<Fr>), SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let x2 = AllocatedNum::alloc(cs.namespace(|| "x2"), || {
		x.get_value().map(|x| x.square()).ok_or(SynthesisError::AssignmentMissing)
	})?;
	// x2 = x * x
	cs.enforce(
		|| "x2 computation",
		|lc| lc + &x.lc(),
		|lc| lc + &x.lc(),
		|lc| lc + x2.get_variable(),
	);
	let x4 = x2.square(cs.namespace(|| "x4"))?;
	Ok((x2, x4))
}

/// The S-box `x^5` (3 constraints).
fn sbox<CS>(mut cs: CS, x: &Lc) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let (_, x4) = square_twice(cs.namespace(|| "square"), x)?;
	let x5 = AllocatedNum::alloc(cs.namespace(|| "x5"), || {
		let (x, x4) = x.get_value().zip(x4.get_value()).ok_or(SynthesisError::AssignmentMissing)?;
		Ok(x4 * x)
	})?;
	// x5 = x4 * x
	cs.enforce(
		|| "x5 computation",
		|lc| lc + x4.get_variable(),
		|lc| lc + &x.lc(),
		|lc| lc + x5.get_variable(),
	);
	Ok(x5)
}

/// The Poseidon permutation of a state given as linear combinations (243 constraints).
pub fn permute_lc<CS>(mut cs: CS, state: [Lc; 3]) -> Result<[AllocatedNum<Fr>; 3], SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let p = params();
	let m = &p.mds;
	let half = FULL_ROUNDS / 2;
	let rounds = FULL_ROUNDS + PARTIAL_ROUNDS;
	assert_eq!(p.round_constants.len(), rounds);
	let mut state = state;
	for (r, constants) in p.round_constants[..rounds - 1].iter().enumerate() {
		let cs = &mut cs.namespace(|| format!("round {r}"));
		let x: [Lc; 3] = core::array::from_fn(|i| state[i].add_constant(constants[i]));
		let full = r < half || r >= half + PARTIAL_ROUNDS;
		let sboxes = if full { WIDTH } else { 1 };
		let mut y = x;
		for (i, yi) in y.iter_mut().enumerate().take(sboxes) {
			*yi = Lc::from(&sbox(cs.namespace(|| format!("sbox {i}")), yi)?);
		}
		state = mix(m, &y);
	}

	// The last (full) round: out = M · x^5. Allocate `out` directly and enforce
	// x4_j * x_j = (M⁻¹ · out)_j, so the linear layer costs nothing.
	let cs = &mut cs.namespace(|| format!("round {}", rounds - 1));
	let m_inv = inverse(m).ok_or(SynthesisError::Unsatisfiable)?;
	let x: [Lc; 3] =
		core::array::from_fn(|i| state[i].add_constant(p.round_constants[rounds - 1][i]));
	let mut x4 = Vec::with_capacity(WIDTH);
	for (i, xi) in x.iter().enumerate() {
		x4.push(square_twice(cs.namespace(|| format!("sbox {i}")), xi)?.1);
	}
	let y: Option<Vec<Fr>> =
		x.iter().zip(&x4).map(|(x, x4)| Some(x.get_value()? * x4.get_value()?)).collect();
	let mut out = Vec::with_capacity(WIDTH);
	for (i, row) in m.iter().enumerate() {
		out.push(AllocatedNum::alloc(cs.namespace(|| format!("out {i}")), || {
			let y = y.as_ref().ok_or(SynthesisError::AssignmentMissing)?;
			Ok(row.iter().zip(y).map(|(c, y)| *c * y).sum())
		})?);
	}
	let out_lc: [Lc; 3] = core::array::from_fn(|i| Lc::from(&out[i]));
	let y_lc = mix(&m_inv, &out_lc);
	for (j, (xj, x4j)) in x.iter().zip(&x4).enumerate() {
		// x4_j * x_j = x5_j = (M⁻¹ · out)_j
		cs.enforce(
			|| format!("x5 {j} computation"),
			|lc| lc + x4j.get_variable(),
			|lc| lc + &xj.lc(),
			|lc| lc + &y_lc[j].lc(),
		);
	}
	let [a, b, c]: [AllocatedNum<Fr>; 3] =
		out.try_into().map_err(|_| SynthesisError::Unsatisfiable)?;
	Ok([a, b, c])
}

/// The Poseidon permutation (243 constraints), equal to
/// [`polylink_primitives::poseidon::permute`].
pub fn permute<CS>(cs: CS, state: [Num<Fr>; 3]) -> Result<[AllocatedNum<Fr>; 3], SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	permute_lc(cs, core::array::from_fn(|i| Lc::from(&state[i])))
}

/// The Poseidon sponge over linear combinations: `state = [n, 0, 0]`, each pair added into
/// `state[1], state[2]` followed by a permutation, output `state[1]` (`243·⌈n/2⌉`
/// constraints).
///
/// # Panics
///
/// If `inputs` is empty (the empty sequence has no Polylink hash).
pub fn hash_lc<CS>(mut cs: CS, inputs: &[Lc]) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	assert!(!inputs.is_empty(), "Poseidon hash of an empty input");
	let mut state = [Lc::constant(Fr::from(inputs.len() as u64)), Lc::zero(), Lc::zero()];
	let mut out = None;
	for (i, pair) in inputs.chunks(2).enumerate() {
		state[1] = state[1].add(&pair[0]);
		if let Some(x) = pair.get(1) {
			state[2] = state[2].add(x);
		}
		let permuted = permute_lc(cs.namespace(|| format!("permutation {i}")), state)?;
		state = core::array::from_fn(|j| Lc::from(&permuted[j]));
		out = Some(permuted);
	}
	let [_, digest, _] = out.ok_or(SynthesisError::Unsatisfiable)?;
	Ok(digest)
}

/// The Poseidon sponge, equal to the native `Poseidon.hash(inputs)`.
///
/// # Panics
///
/// If `inputs` is empty.
pub fn hash<CS>(cs: CS, inputs: &[AllocatedNum<Fr>]) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let inputs: Vec<Lc> = inputs.iter().map(Lc::from).collect();
	hash_lc(cs, &inputs)
}

/// `hash2(l, r) = permute([2, l, r])[1]` over linear combinations (243 constraints).
pub fn hash2_lc<CS>(cs: CS, l: &Lc, r: &Lc) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	hash_lc(cs, &[l.clone(), r.clone()])
}

/// `hash2(l, r)`, a Merkle node (243 constraints), equal to the native `Poseidon.hash2`.
pub fn hash2<CS>(
	cs: CS,
	l: &AllocatedNum<Fr>,
	r: &AllocatedNum<Fr>,
) -> Result<AllocatedNum<Fr>, SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	hash2_lc(cs, &Lc::from(l), &Lc::from(r))
}

#[cfg(test)]
mod tests {
	use super::*;
	use bellman::gadgets::test::TestConstraintSystem;
	use ff::Field;
	use polylink_primitives::{
		hash::Hasher,
		poseidon::{self, Poseidon},
	};
	use rand_core::SeedableRng;
	use rand_xorshift::XorShiftRng;

	fn rng() -> XorShiftRng {
		XorShiftRng::from_seed([
			0x59, 0x62, 0xbe, 0x5d, 0x76, 0x3d, 0x31, 0x8d, 0x17, 0xdb, 0x37, 0x32, 0x54, 0x06,
			0xbc, 0xe5,
		])
	}

	fn alloc(cs: &mut TestConstraintSystem<Fr>, values: &[Fr]) -> Vec<AllocatedNum<Fr>> {
		values
			.iter()
			.enumerate()
			.map(|(i, x)| AllocatedNum::alloc(cs.namespace(|| format!("input {i}")), || Ok(*x)))
			.collect::<Result<_, _>>()
			.unwrap()
	}

	#[test]
	fn permute_matches_native() {
		let mut rng = rng();
		for _ in 0..4 {
			let values: [Fr; 3] = core::array::from_fn(|_| Fr::random(&mut rng));
			let mut cs = TestConstraintSystem::<Fr>::new();
			let inputs = alloc(&mut cs, &values);
			let state = core::array::from_fn(|i| Num::from(inputs[i].clone()));
			let out = permute(cs.namespace(|| "permute"), state).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints(), 243);
			let mut expected = values;
			poseidon::permute(&mut expected);
			for (o, e) in out.iter().zip(expected) {
				assert_eq!(o.get_value(), Some(e));
			}
		}
	}

	#[test]
	fn permute_matches_reference_vector() {
		// permute([0, 1, 2]), as pinned natively against the reference implementation.
		let values = [Fr::ZERO, Fr::ONE, Fr::from(2u64)];
		let mut cs = TestConstraintSystem::<Fr>::new();
		let state = [Lc::constant(values[0]), Lc::constant(values[1]), Lc::constant(values[2])];
		let out = permute_lc(cs.namespace(|| "permute"), state).unwrap();
		assert!(cs.is_satisfied());
		let mut expected = values;
		poseidon::permute(&mut expected);
		assert_eq!(out.map(|o| o.get_value().unwrap()), expected);
	}

	#[test]
	fn hash_matches_native() {
		let mut rng = rng();
		for (n, constraints) in [(1, 243), (2, 243), (3, 486), (4, 486), (5, 729)] {
			let values: Vec<Fr> = (0..n).map(|_| Fr::random(&mut rng)).collect();
			let mut cs = TestConstraintSystem::<Fr>::new();
			let inputs = alloc(&mut cs, &values);
			let digest = hash(cs.namespace(|| "hash"), &inputs).unwrap();
			assert!(cs.is_satisfied());
			assert_eq!(cs.num_constraints(), constraints, "hash of {n}");
			assert_eq!(digest.get_value(), Some(Poseidon.hash(&values)));
		}
	}

	#[test]
	fn hash2_matches_native() {
		let mut rng = rng();
		let (l, r) = (Fr::random(&mut rng), Fr::random(&mut rng));
		let mut cs = TestConstraintSystem::<Fr>::new();
		let inputs = alloc(&mut cs, &[l, r]);
		let digest = hash2(cs.namespace(|| "hash2"), &inputs[0], &inputs[1]).unwrap();
		assert!(cs.is_satisfied());
		assert_eq!(cs.num_constraints(), 243);
		assert_eq!(digest.get_value(), Some(Poseidon.hash2(&l, &r)));
		// A different input order is a different hash.
		assert_ne!(digest.get_value(), Some(Poseidon.hash2(&r, &l)));
	}

	mod reject {
		use super::*;

		#[test]
		fn tampered_sbox() {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let inputs = alloc(&mut cs, &[Fr::from(7u64), Fr::from(9u64)]);
			hash2(cs.namespace(|| "hash2"), &inputs[0], &inputs[1]).unwrap();
			assert!(cs.is_satisfied());
			cs.set("hash2/permutation 0/round 5/sbox 0/x5/num", Fr::from(3u64));
			assert_eq!(
				cs.which_is_unsatisfied(),
				Some("hash2/permutation 0/round 5/sbox 0/x5 computation")
			);
		}

		#[test]
		fn tampered_output() {
			let mut cs = TestConstraintSystem::<Fr>::new();
			let inputs = alloc(&mut cs, &[Fr::from(7u64), Fr::from(9u64)]);
			hash2(cs.namespace(|| "hash2"), &inputs[0], &inputs[1]).unwrap();
			cs.set("hash2/permutation 0/round 64/out 1/num", Fr::from(3u64));
			assert_eq!(
				cs.which_is_unsatisfied(),
				Some("hash2/permutation 0/round 64/x5 0 computation")
			);
		}
	}
}
