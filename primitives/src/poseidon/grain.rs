//! Reproducible generation of the Poseidon constants: the Grain LFSR of the Poseidon reference
//! parameter script (`generate_parameters_grain.sage`), its rejection-sampled round constants,
//! its Cauchy MDS matrix and the script's security checks of that matrix, specialised to one
//! cell of capacity (`s = 1`) and `t = 3`.
//!
//! Nothing here is on a hot path: it runs once, when [`super::params`] is first called.

use super::{FIELD_BITS, FULL_ROUNDS, PARTIAL_ROUNDS, WIDTH};
use crate::field::{from_be_bytes, Fr};
use alloc::vec::Vec;
use ff::Field;

/// Number of state bits of the Grain LFSR.
const GRAIN_STATE_BITS: u32 = 80;

/// Cycles the LFSR runs, output discarded, after seeding.
const GRAIN_WARM_UP: usize = 160;

/// The Grain LFSR in self-shrinking mode, seeded with the instance parameters.
pub(super) struct Grain {
	/// Bit `i` is the `i`-th oldest bit of the reference's `bit_sequence` list.
	state: u128,
}

impl Grain {
	/// Seeds the LFSR as the reference does: field type (2 bits), S-box type (4), field size
	/// `n` (12), width `t` (12), `R_F` (10), `R_P` (10), each most significant bit first, then
	/// 30 ones; then discards 160 output bits.
	pub(super) fn new(field: u32, sbox: u32, n: u32, t: u32, r_f: u32, r_p: u32) -> Self {
		let mut grain = Grain { state: 0 };
		let mut position = 0;
		let fields =
			[(field, 2), (sbox, 4), (n, 12), (t, 12), (r_f, 10), (r_p, 10), (u32::MAX, 30)];
		for (value, width) in fields {
			for i in (0..width).rev() {
				let bit = (value >> i) & 1;
				grain.state |= u128::from(bit) << position;
				position += 1;
			}
		}
		debug_assert_eq!(position, GRAIN_STATE_BITS);
		for _ in 0..GRAIN_WARM_UP {
			grain.clock();
		}
		grain
	}

	/// One LFSR step: feedback taps 62, 51, 38, 23, 13 and 0; the new bit enters at the end.
	fn clock(&mut self) -> bool {
		let s = self.state;
		let bit = ((s >> 62) ^ (s >> 51) ^ (s >> 38) ^ (s >> 23) ^ (s >> 13) ^ s) & 1;
		self.state = (s >> 1) | (bit << (GRAIN_STATE_BITS - 1));
		bit == 1
	}

	/// One output bit of the self-shrinking generator: bits are taken in pairs and the second
	/// is output when the first is one; pairs starting with zero are dropped.
	fn next_bit(&mut self) -> bool {
		loop {
			let select = self.clock();
			let bit = self.clock();
			if select {
				return bit;
			}
		}
	}

	/// The next `n <= 256` output bits as an integer, first bit most significant, encoded as
	/// 32 bytes big-endian.
	pub(super) fn next_bits(&mut self, n: usize) -> [u8; 32] {
		assert!(n <= 256, "at most 256 bits fit 32 bytes");
		let mut out = [0u8; 32];
		for i in 0..n {
			let position = n - 1 - i;
			if self.next_bit() {
				out[31 - position / 8] |= 1 << (position % 8);
			}
		}
		out
	}

	/// The next field element by rejection sampling (the reference's round constants): draws
	/// `n` bits until the integer is below the modulus.
	pub(super) fn next_field_rejecting(&mut self) -> Fr {
		loop {
			if let Some(x) = from_be_bytes(&self.next_bits(FIELD_BITS)) {
				return x;
			}
		}
	}

	/// The next field element as `n` bits reduced modulo `p` (the reference's `F(bits)`, used
	/// for the MDS matrix).
	pub(super) fn next_field_reduced(&mut self) -> Fr {
		let be = self.next_bits(FIELD_BITS);
		let mut wide = [0u8; 64];
		for (dst, src) in wide.iter_mut().zip(be.iter().rev()) {
			*dst = *src;
		}
		Fr::from_bytes_wide(&wide)
	}
}

/// A 3x3 matrix over the field, row-major.
pub(super) type Matrix = [[Fr; WIDTH]; WIDTH];

/// Generates the round constants (one row per round) and the MDS matrix of the instance
/// `field = 1, sbox = 0, n = 255, t = 3, R_F = 8, R_P = 57`, in the reference's order: first
/// all `(R_F + R_P) * t` round constants, then Cauchy matrices from the same stream until one
/// passes the security checks.
pub(super) fn generate() -> (Vec<[Fr; WIDTH]>, Matrix) {
	let mut grain = Grain::new(
		1,
		0,
		FIELD_BITS as u32,
		WIDTH as u32,
		FULL_ROUNDS as u32,
		PARTIAL_ROUNDS as u32,
	);
	let round_constants = (0..FULL_ROUNDS + PARTIAL_ROUNDS)
		.map(|_| core::array::from_fn(|_| grain.next_field_rejecting()))
		.collect();
	let mds = loop {
		let candidate = cauchy_matrix(&mut grain);
		if is_secure_mds(&candidate) {
			break candidate;
		}
	};
	(round_constants, mds)
}

/// The reference's `create_mds_p`: `2t` distinct elements `x_0..x_{t-1}, y_0..y_{t-1}` (the
/// whole list redrawn on a repetition), `M[i][j] = 1 / (x_i + y_j)`, and a fresh draw if some
/// `x_i + y_j` is zero.
fn cauchy_matrix(grain: &mut Grain) -> Matrix {
	loop {
		let values: [Fr; 2 * WIDTH] = loop {
			let values: [Fr; 2 * WIDTH] = core::array::from_fn(|_| grain.next_field_reduced());
			let distinct =
				(0..values.len()).all(|i| (i + 1..values.len()).all(|j| values[i] != values[j]));
			if distinct {
				break values;
			}
		};
		let (xs, ys) = values.split_at(WIDTH);
		let mut m = [[Fr::ZERO; WIDTH]; WIDTH];
		let mut ok = true;
		for (row, x) in m.iter_mut().zip(xs) {
			for (entry, y) in row.iter_mut().zip(ys) {
				match Option::<Fr>::from((*x + y).invert()) {
					Some(inverse) => *entry = inverse,
					None => ok = false,
				}
			}
		}
		if ok {
			return m;
		}
	}
}

/// Matrix product `a * b`.
pub(super) fn mat_mul(a: &Matrix, b: &Matrix) -> Matrix {
	core::array::from_fn(|i| {
		core::array::from_fn(|j| (0..WIDTH).fold(Fr::ZERO, |acc, k| acc + a[i][k] * b[k][j]))
	})
}

/// Matrix-vector product `a * v`.
pub(super) fn mat_vec(a: &Matrix, v: &[Fr; WIDTH]) -> [Fr; WIDTH] {
	core::array::from_fn(|i| a[i][0] * v[0] + a[i][1] * v[1] + a[i][2] * v[2])
}

/// Determinant of the matrix whose columns are `a`, `b`, `c`.
pub(super) fn det3(a: &[Fr; WIDTH], b: &[Fr; WIDTH], c: &[Fr; WIDTH]) -> Fr {
	a[0] * (b[1] * c[2] - b[2] * c[1]) - b[0] * (a[1] * c[2] - a[2] * c[1])
		+ c[0] * (a[1] * b[2] - a[2] * b[1])
}

/// Whether the non-zero vector `v` is an eigenvector of `a` (`a v` parallel to `v`).
fn is_eigenvector(a: &Matrix, v: &[Fr; WIDTH]) -> bool {
	let w = mat_vec(a, v);
	w[1] * v[2] == w[2] * v[1] && w[2] * v[0] == w[0] * v[2] && w[0] * v[1] == w[1] * v[0]
}

/// The reference's MDS checks (`algorithm_1`, `algorithm_2`, `algorithm_3`) against
/// infinitely long invariant subspace trails, for `t = 3` and one S-box per partial round.
///
/// With `s = 1` the reference's subspaces are small enough to test directly:
/// - algorithm 1, round 1: `M` is not a multiple of the identity, the subspace
///   `S_1 = {x : x_0 = 0}` is not `M`-invariant (`M[0][1]` and `M[0][2]` not both zero), and it
///   contains no eigenvector of `M`; the only candidate is `v = (0, M[0][2], -M[0][1])`, the one
///   direction of `S_1` that `M` keeps in `S_1`;
/// - algorithm 1, round 2: `M^2` is not a multiple of the identity, and `S_2 = span(v)` is
///   neither invariant under `M` or `M^2` nor an eigenspace of `M^2`;
/// - algorithm 2 on `M^r` for `r = 1..=4t` (algorithm 3 is algorithm 2 on the powers `2..=4t`):
///   the Krylov space of `e_0` under `M^r` is the whole space, i.e.
///   `det(e_0, M^r e_0, M^2r e_0) != 0`.
pub(super) fn is_secure_mds(m: &Matrix) -> bool {
	let m2 = mat_mul(m, m);
	let is_scalar = |a: &Matrix| {
		(0..WIDTH).all(|i| (0..WIDTH).all(|j| a[i][j] == if i == j { a[0][0] } else { Fr::ZERO }))
	};
	if is_scalar(m) || is_scalar(&m2) {
		return false;
	}
	if m[0][1] == Fr::ZERO && m[0][2] == Fr::ZERO {
		return false;
	}
	let v = [Fr::ZERO, m[0][2], -m[0][1]];
	if is_eigenvector(m, &v) || is_eigenvector(&m2, &v) {
		return false;
	}
	let e0 = [Fr::ONE, Fr::ZERO, Fr::ZERO];
	let mut power = *m;
	for _ in 1..=4 * WIDTH {
		let a = mat_vec(&power, &e0);
		let b = mat_vec(&power, &a);
		if det3(&e0, &a, &b) == Fr::ZERO {
			return false;
		}
		power = mat_mul(&power, m);
	}
	true
}
