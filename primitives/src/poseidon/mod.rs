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

/// The lazily built constants.
static PARAMS: OnceBox<PoseidonParams> = OnceBox::new();

/// The permutation's constants, generated on first use and cached for the life of the program.
pub fn params() -> &'static PoseidonParams {
	PARAMS.get_or_init(|| {
		let (round_constants, mds) = grain::generate();
		Box::new(PoseidonParams {
			full_rounds: FULL_ROUNDS,
			partial_rounds: PARTIAL_ROUNDS,
			round_constants,
			mds,
		})
	})
}

/// The S-box `x^5`.
#[inline(always)]
fn sbox(x: &mut Fr) {
	let x4 = x.square().square();
	*x *= x4;
}

/// `state = mds * state`.
#[inline(always)]
fn mix(mds: &[[Fr; 3]; 3], state: &mut [Fr; 3]) {
	let [a, b, c] = *state;
	*state = [
		mds[0][0] * a + mds[0][1] * b + mds[0][2] * c,
		mds[1][0] * a + mds[1][1] * b + mds[1][2] * c,
		mds[2][0] * a + mds[2][1] * b + mds[2][2] * c,
	];
}

/// The Poseidon permutation, in place.
pub fn permute(state: &mut [Fr; 3]) {
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
		assert_ne!(
			Poseidon.hash(&[x, x, x]),
			Poseidon.hash(&[x, x, x, Fr::ZERO])
		);
		assert_ne!(
			Poseidon.hash(&[Fr::ZERO]),
			Poseidon.hash(&[Fr::ZERO, Fr::ZERO])
		);
	}

	#[test]
	#[should_panic(expected = "empty input")]
	fn hash_rejects_empty_input() {
		Poseidon.hash(&[]);
	}
}
