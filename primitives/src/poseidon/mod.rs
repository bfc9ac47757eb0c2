//! Poseidon over the BLS12-381 scalar field: the permutation and the sponge that every Polylink
//! tree node, account leaf and signature challenge is hashed with.
//!
//! # The permutation
//!
//! Poseidon (the HADES design) with the parameters of the reference instance
//! `poseidonperm_x5_255_3`:
//!
//! - state width `t = 3` elements of [`Fr`] (the 255-bit BLS12-381 scalar field);
//! - S-box `x^5`;
//! - `R_F = 8` full rounds (4 before and 4 after the partial rounds), `R_P = 57` partial
//!   rounds, whose S-box acts on `state[0]` only;
//! - each round: add the round's 3 constants, apply the S-box layer, multiply by the MDS matrix.
//!
//! The round constants and the MDS matrix are not tabulated here: they are regenerated, once,
//! by this crate's own implementation of the reference's parameter script
//! (`generate_parameters_grain.sage 1 0 255 3 8 57 <p>` of the Poseidon authors' `hadeshash`
//! repository): the Grain LFSR seeded with the instance parameters, 195 rejection-sampled round
//! constants, then a Cauchy MDS matrix from the same stream that must pass the script's
//! invariant-subspace checks. See `grain.rs`. The tests pin the result against the reference's
//! published constants and its test vector (`permute([0, 1, 2])`).
//!
//! # The sponge ([`Poseidon`])
//!
//! `hash(x_0, .., x_{n-1})` for `n >= 1`:
//!
//! 1. `state = [n, 0, 0]`: the capacity element `state[0]` carries the input length, so inputs
//!    of different lengths never collide by padding;
//! 2. for each pair `(x_{2i}, x_{2i+1})` (a missing last element counts as 0):
//!    `state[1] += x_{2i}`, `state[2] += x_{2i+1}`, then [`permute`];
//! 3. the output is `state[1]`.
//!
//! So `hash2(l, r) = permute([2, l, r])[1]`, one permutation per tree node.

mod grain;

use crate::{field::Fr, hash::Hasher};
use alloc::{boxed::Box, vec::Vec};
use ff::Field;
use once_cell::race::OnceBox;

/// State width `t` in field elements (rate 2, capacity 1).
pub const WIDTH: usize = 3;
/// Number of full rounds `R_F`, half of them before and half after the partial rounds.
pub const FULL_ROUNDS: usize = 8;
/// Number of partial rounds `R_P`.
pub const PARTIAL_ROUNDS: usize = 57;
/// Bit size `n` of the field, as used by the constant generation.
const FIELD_BITS: usize = 255;

/// The constants of the permutation, generated as the Poseidon reference does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoseidonParams {
	/// Number of full rounds (`R_F = 8`).
	pub full_rounds: usize,
	/// Number of partial rounds (`R_P = 57`).
	pub partial_rounds: usize,
	/// The round constants, one row of `t = 3` per round, in round order
	/// (`full_rounds + partial_rounds` rows).
	pub round_constants: Vec<[Fr; 3]>,
	/// The MDS matrix, row-major: the linear layer maps `state` to `mds * state`.
	pub mds: [[Fr; 3]; 3],
}

/// The parameters together with the equivalent optimized form the permutation runs on.
struct Instance {
	params: PoseidonParams,
	optimized: Optimized,
}

/// The lazily built constants.
static INSTANCE: OnceBox<Instance> = OnceBox::new();

fn instance() -> &'static Instance {
	INSTANCE.get_or_init(|| {
		let (round_constants, mds) = grain::generate();
		let params = PoseidonParams {
			full_rounds: FULL_ROUNDS,
			partial_rounds: PARTIAL_ROUNDS,
			round_constants,
			mds,
		};
		let optimized = Optimized::new(&params);
		Box::new(Instance { params, optimized })
	})
}

/// The permutation's constants, generated on first use and cached for the life of the program.
pub fn params() -> &'static PoseidonParams {
	&instance().params
}

/// The S-box `x^5`.
#[inline(always)]
fn sbox(x: &mut Fr) {
	let x4 = x.square().square();
	*x *= x4;
}

/// `state = m * state`.
#[inline(always)]
fn mix(m: &[[Fr; 3]; 3], state: &mut [Fr; 3]) {
	let [a, b, c] = *state;
	*state = [
		m[0][0] * a + m[0][1] * b + m[0][2] * c,
		m[1][0] * a + m[1][1] * b + m[1][2] * c,
		m[2][0] * a + m[2][1] * b + m[2][2] * c,
	];
}

/// The same permutation rewritten for speed (Poseidon paper, appendix B), derived from
/// [`PoseidonParams`] by two exact identities:
///
/// 1. *Constant pushing.* A partial round's S-box leaves `state[1..]`, so the constants added
///    there commute with it and pass through the MDS matrix into the next round's constants:
///    every partial round keeps one scalar constant (added to `state[0]`), and the first full
///    round after them absorbs the rest.
/// 2. *Sparse factorization.* Write a round's matrix in blocks of size 1 and 2 as
///    `X = [[x00, w], [v, Y]]` and factor it as `X = S * D` (`D` applied first) with
///    `D = diag(1, Y)` and the sparse `S = [[x00, w * Y^-1], [v, I]]`. `D` fixes `state[0]` and
///    never mixes it into the rest, so it commutes with a partial round's scalar constant and
///    S-box and moves into the previous round's matrix, which becomes `D * M`. Starting with
///    `X = M` at the last partial round and going backwards, every partial round multiplies by a
///    sparse `S` (5 multiplications instead of 9; `x00` is always `M[0][0]`) and the last full
///    round before them multiplies by `D_first * M`.
///
/// The tests check this form against the plain one.
struct Optimized {
	/// Full-round constants: the first `R_F / 2` rounds, then the last `R_F / 2` (the first of
	/// which has absorbed the pushed partial-round constants).
	full_constants: [[Fr; 3]; FULL_ROUNDS],
	/// The matrix of the last full round before the partial rounds: `D_first * M`.
	pre_partial_mds: [[Fr; 3]; 3],
	/// The scalar constant of each partial round.
	partial_constants: [Fr; PARTIAL_ROUNDS],
	/// The first row right of the diagonal, `w * Y^-1`, of each partial round's sparse `S`.
	sparse_rows: [[Fr; 2]; PARTIAL_ROUNDS],
	/// The first column below the diagonal, `v`, of each partial round's sparse `S`.
	sparse_columns: [[Fr; 2]; PARTIAL_ROUNDS],
}

impl Optimized {
	fn new(p: &PoseidonParams) -> Self {
		let m = p.mds;
		let half = FULL_ROUNDS / 2;
		let mut constants = p.round_constants.clone();
		for r in half..half + PARTIAL_ROUNDS {
			let tail = [Fr::ZERO, constants[r][1], constants[r][2]];
			let pushed = grain::mat_vec(&m, &tail);
			for (c, x) in constants[r + 1].iter_mut().zip(pushed) {
				*c += x;
			}
		}
		let mut sparse_rows = [[Fr::ZERO; 2]; PARTIAL_ROUNDS];
		let mut sparse_columns = [[Fr::ZERO; 2]; PARTIAL_ROUNDS];
		let mut x = m;
		for i in (0..PARTIAL_ROUNDS).rev() {
			let [[a, b], [c, d]] = [[x[1][1], x[1][2]], [x[2][1], x[2][2]]];
			let det_inv = Option::<Fr>::from((a * d - b * c).invert())
				.expect("the lower-right block is a product of invertible MDS submatrices");
			let (w1, w2) = (x[0][1], x[0][2]);
			sparse_rows[i] = [det_inv * (w1 * d - w2 * c), det_inv * (w2 * a - w1 * b)];
			sparse_columns[i] = [x[1][0], x[2][0]];
			let d_block = [[Fr::ONE, Fr::ZERO, Fr::ZERO], [Fr::ZERO, a, b], [Fr::ZERO, c, d]];
			x = grain::mat_mul(&d_block, &m);
		}
		Optimized {
			full_constants: core::array::from_fn(|i| {
				constants[if i < half { i } else { i + PARTIAL_ROUNDS }]
			}),
			pre_partial_mds: x,
			partial_constants: core::array::from_fn(|i| constants[half + i][0]),
			sparse_rows,
			sparse_columns,
		}
	}
}

/// A full round: constants, S-box on every element, linear layer `m`.
#[inline(always)]
fn full_round(state: &mut [Fr; 3], constants: &[Fr; 3], m: &[[Fr; 3]; 3]) {
	for (x, c) in state.iter_mut().zip(constants) {
		*x += c;
		sbox(x);
	}
	mix(m, state);
}

/// The Poseidon permutation, in place.
pub fn permute(state: &mut [Fr; 3]) {
	let Instance { params, optimized: o } = instance();
	let m = &params.mds;
	let half = FULL_ROUNDS / 2;
	for constants in &o.full_constants[..half - 1] {
		full_round(state, constants, m);
	}
	full_round(state, &o.full_constants[half - 1], &o.pre_partial_mds);
	let m00 = m[0][0];
	let sparse = o.sparse_rows.iter().zip(&o.sparse_columns);
	for (k, ([w1, w2], [v1, v2])) in o.partial_constants.iter().zip(sparse) {
		let [mut s0, s1, s2] = *state;
		s0 += k;
		sbox(&mut s0);
		*state = [m00 * s0 + *w1 * s1 + *w2 * s2, s1 + *v1 * s0, s2 + *v2 * s0];
	}
	for constants in &o.full_constants[half..] {
		full_round(state, constants, m);
	}
}

/// The Poseidon sponge (rate 2, capacity 1, length in the capacity), Polylink's [`Hasher`].
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Poseidon;

impl Hasher for Poseidon {
	/// Hashes `inputs` with the sponge described in the [module docs](self).
	///
	/// # Panics
	///
	/// If `inputs` is empty: the empty sequence has no Polylink hash.
	fn hash(&self, inputs: &[Fr]) -> Fr {
		assert!(!inputs.is_empty(), "Poseidon hash of an empty input");
		let mut state = [Fr::from(inputs.len() as u64), Fr::ZERO, Fr::ZERO];
		for pair in inputs.chunks(2) {
			state[1] += pair[0];
			if let Some(x) = pair.get(1) {
				state[2] += x;
			}
			permute(&mut state);
		}
		state[1]
	}

	/// `permute([2, left, right])[1]`, equal to `hash(&[left, right])` without allocating.
	fn hash2(&self, left: &Fr, right: &Fr) -> Fr {
		let mut state = [Fr::from(2u64), *left, *right];
		permute(&mut state);
		state[1]
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use crate::field::{from_be_bytes, to_be_bytes};

	/// Parses a field element from (optionally `0x`-prefixed) big-endian hex.
	fn fr(hex: &str) -> Fr {
		let bytes: [u8; 32] = hex::decode(hex.trim_start_matches("0x"))
			.expect("valid hex")
			.try_into()
			.expect("32 bytes");
		from_be_bytes(&bytes).expect("canonical")
	}

	fn hex_of(x: &Fr) -> String {
		hex::encode(to_be_bytes(x))
	}

	/// The permutation exactly as the reference writes it, from [`params`] alone.
	fn permute_plain(state: &mut [Fr; 3]) {
		let p = params();
		let first_partial = p.full_rounds / 2;
		let first_full_after = first_partial + p.partial_rounds;
		for (round, constants) in p.round_constants.iter().enumerate() {
			for (x, c) in state.iter_mut().zip(constants) {
				*x += c;
			}
			if (first_partial..first_full_after).contains(&round) {
				sbox(&mut state[0]);
			} else {
				state.iter_mut().for_each(sbox);
			}
			mix(&p.mds, state);
		}
	}

	/// The reference's published test vector for `poseidonperm_x5_255_3` (hadeshash,
	/// `code/test_vectors.txt`): `permute([0, 1, 2])`.
	#[test]
	fn permute_matches_reference_test_vector() {
		let mut state = [Fr::from(0u64), Fr::from(1u64), Fr::from(2u64)];
		permute(&mut state);
		assert_eq!(
			state,
			[
				fr("0x28ce19420fc246a05553ad1e8c98f5c9d67166be2c18e9e4cb4b4e317dd2a78a"),
				fr("0x51f3e312c95343a896cfd8945ea82ba956c1118ce9b9859b6ea56637b4b1ddc4"),
				fr("0x3b2b69139b235626a0bfb56c9527ae66a7bf486ad8c11c14d1da0c69bbe0f79a"),
			]
		);
	}

	#[test]
	fn plain_permutation_matches_reference_test_vector() {
		let mut state = [Fr::from(0u64), Fr::from(1u64), Fr::from(2u64)];
		permute_plain(&mut state);
		assert_eq!(
			hex_of(&state[0]),
			"28ce19420fc246a05553ad1e8c98f5c9d67166be2c18e9e4cb4b4e317dd2a78a"
		);
	}

	#[test]
	fn optimized_permutation_equals_plain_works() {
		let mut state = [Fr::ZERO, -Fr::ONE, Fr::from(0xdead_beefu64)];
		for _ in 0..64 {
			let mut plain = state;
			permute_plain(&mut plain);
			permute(&mut state);
			assert_eq!(state, plain);
			state[0] += Fr::ONE;
		}
	}

	/// First and last round constants as printed by the reference's
	/// `poseidonperm_x5_255_3.sage`.
	#[test]
	fn round_constants_match_reference() {
		let p = params();
		assert_eq!(p.full_rounds, 8);
		assert_eq!(p.partial_rounds, 57);
		assert_eq!(p.round_constants.len(), 65);
		assert_eq!(
			p.round_constants[0],
			[
				fr("0x6c4ffa723eaf1a7bf74905cc7dae4ca9ff4a2c3bc81d42e09540d1f250910880"),
				fr("0x54dd837eccf180c92c2f53a3476e45a156ab69a403b6b9fdfd8dd970fddcdd9a"),
				fr("0x64f56d735286c35f0e7d0a29680d49d54fb924adccf8962eeee225bf9423a85e"),
			]
		);
		assert_eq!(
			p.round_constants[1][0],
			fr("0x670d5b6efe620f987d967fb13d2045ee3ac8e9cbf7d30e8594e733c7497910dc")
		);
		assert_eq!(
			p.round_constants[64][2],
			fr("0x57b33094aeff828377897b56e1c432978d07c668ef25a36bc5e2e835aaeff725")
		);
	}

	/// MDS entries as printed by the reference (rows, the matrix that multiplies the state).
	#[test]
	fn mds_matches_reference() {
		let mds = params().mds;
		assert_eq!(
			mds[0][0],
			fr("0x3d955d6c02fe4d7cb500e12f2b55eff668a7b4386bd27413766713c93f2acfcd")
		);
		assert_eq!(
			mds[0][1],
			fr("0x3798866f4e6058035dcf8addb2cf1771fac234bcc8fc05d6676e77e797f224bf")
		);
		assert_eq!(
			mds[2][2],
			fr("0x569e2c206119e89455852059f707370e2c1fc9721f6c50991cedbbf782daef54")
		);
	}

	#[test]
	fn mds_is_invertible_cauchy_works() {
		let m = params().mds;
		let columns: [[Fr; 3]; 3] = core::array::from_fn(|j| core::array::from_fn(|i| m[i][j]));
		assert_ne!(grain::det3(&columns[0], &columns[1], &columns[2]), Fr::ZERO);
		let entries: Vec<Fr> = m.iter().flatten().copied().collect();
		for (i, a) in entries.iter().enumerate() {
			assert_ne!(*a, Fr::ZERO);
			for b in &entries[i + 1..] {
				assert_ne!(a, b, "Cauchy entries are distinct");
			}
		}
		// Cauchy structure: 1/M[i][j] = x_i + y_j, so 1/M[i][j] - 1/M[i][k] is independent of i.
		let inv = |i: usize, j: usize| m[i][j].invert().expect("non-zero");
		for i in 1..3 {
			assert_eq!(inv(i, 0) - inv(i, 1), inv(0, 0) - inv(0, 1));
			assert_eq!(inv(i, 1) - inv(i, 2), inv(0, 1) - inv(0, 2));
		}
		assert!(grain::is_secure_mds(&m));
	}

	#[test]
	fn is_secure_mds_rejects_identity_and_block_diagonal() {
		let one = Fr::ONE;
		let zero = Fr::ZERO;
		let identity = [[one, zero, zero], [zero, one, zero], [zero, zero, one]];
		assert!(!grain::is_secure_mds(&identity));
		let two = Fr::from(2u64);
		let block = [[two, zero, zero], [zero, one, two], [zero, two, one]];
		assert!(!grain::is_secure_mds(&block));
	}

	#[test]
	fn grain_rejection_sampling_keeps_values_below_modulus() {
		let mut g = grain::Grain::new(1, 0, 255, 3, 8, 57);
		for _ in 0..16 {
			let x = g.next_field_rejecting();
			assert_eq!(from_be_bytes(&to_be_bytes(&x)), Some(x));
		}
	}

	/// Golden vectors of the Polylink sponge, `hash(&[1, .., n])`, pinned by this crate.
	#[test]
	fn hash_golden_vectors_work() {
		let expected = [
			"6e4101e778f298691e1b560d98f823444de646ec711c3805cd81e05cf006cdbc",
			"261c25cf30c9266202d48adb9663a74b76592aa5a0d32fe88c57776958606dda",
			"3838a0c7f2129f7004dbb01109172bc1af03c0bf619ba6e545c041821025f129",
			"57f0917e4b2c1e381c44d7b8840cf6b27803742aba6ddd6e4e2498c45faa003d",
			"1f86ca506ee1731ab9a484946c0b4385021c0b9fc9e7a8e339f3d203bcb07263",
		];
		for (n, want) in (1..=5u64).zip(expected) {
			let inputs: Vec<Fr> = (1..=n).map(Fr::from).collect();
			assert_eq!(hex_of(&Poseidon.hash(&inputs)), want, "n = {n}");
		}
	}

	#[test]
	fn hash_follows_sponge_definition_works() {
		let xs: Vec<Fr> = (10..13u64).map(Fr::from).collect();
		let mut state = [Fr::from(3u64), xs[0], xs[1]];
		permute(&mut state);
		state[1] += xs[2];
		permute(&mut state);
		assert_eq!(Poseidon.hash(&xs), state[1]);
	}

	#[test]
	fn hash2_equals_hash_works() {
		let a = fr("0x0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
		let b = -Fr::ONE;
		assert_eq!(Poseidon.hash2(&a, &b), Poseidon.hash(&[a, b]));
		assert_eq!(Poseidon.hash2(&b, &a), Poseidon.hash(&[b, a]));
		assert_ne!(Poseidon.hash2(&a, &b), Poseidon.hash2(&b, &a));
		let mut state = [Fr::from(2u64), a, b];
		permute(&mut state);
		assert_eq!(Poseidon.hash2(&a, &b), state[1]);
	}

	#[test]
	fn hash_separates_lengths_works() {
		let x = Fr::from(7u64);
		assert_ne!(Poseidon.hash(&[x]), Poseidon.hash(&[x, Fr::ZERO]));
		assert_ne!(Poseidon.hash(&[x, x, x]), Poseidon.hash(&[x, x, x, Fr::ZERO]));
		assert_ne!(Poseidon.hash(&[Fr::ZERO]), Poseidon.hash(&[Fr::ZERO, Fr::ZERO]));
	}

	#[test]
	#[should_panic(expected = "empty input")]
	fn hash_rejects_empty_input() {
		Poseidon.hash(&[]);
	}
}
