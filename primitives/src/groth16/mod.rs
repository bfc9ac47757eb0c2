//! # Groth16 over BLS12-381: proofs, verifying keys, their byte formats and the verifier
//!
//! ## Overview
//!
//! The one definition of everything a Groth16 verifier needs, without `std`, so that the
//! appchain runtime (wasm) verifies block proofs with the same code the circuits crate uses
//! to export keys and proofs:
//!
//! - [`Proof`] and [`VerifyingKey`]: the verification data, over `bls12_381` types.
//! - [`encoding`]: the byte formats (EIP-2537 for the L1 precompiles, compressed, and the
//!   versioned SCALE verifying key with its [`encoding::vk_hash`]).
//! - [`verify`](mod@verify): [`PreparedVerifyingKey`], [`verify()`] (one multi-Miller loop
//!   and one final exponentiation) and [`verify_bytes`], which decodes untrusted bytes first.
//!
//! The circuits crate (`polylink-circuits`, std, bellman) converts its `groth16` types to
//! these and delegates every encoding here.
//!
//! ## Terminology
//!
//! - `IC`: the verifying key's input commitments; `IC[0]` plus one point per public input.
//! - `vk_x`: `IC[0] + Σ inputs[i]·IC[i + 1]`, the public inputs folded into one G1 point.
//!
//! ## Assumptions
//!
//! A verifying key is trusted (registered by governance, named by its hash); proofs and public
//! inputs are not, so every decoder validates canonical encoding, curve and subgroup
//! membership, and public inputs below r.

use alloc::vec::Vec;
use bls12_381::{G1Affine, G2Affine};

pub mod encoding;
pub mod verify;

pub use encoding::EncodingError;
pub use verify::{
	verify, verify_bytes, verify_vk_bytes, PreparedVerifyingKey, ProofBytes, VerifyError,
};

/// A Groth16 proof `(A, B, C)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Proof {
	/// `A` in G1.
	pub a: G1Affine,
	/// `B` in G2.
	pub b: G2Affine,
	/// `C` in G1.
	pub c: G1Affine,
}

/// A Groth16 verifying key: the fields verification reads (not `beta_g1`, `delta_g1`, which
/// belong to the proving key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyingKey {
	/// `alpha` in G1.
	pub alpha_g1: G1Affine,
	/// `beta` in G2.
	pub beta_g2: G2Affine,
	/// `gamma` in G2.
	pub gamma_g2: G2Affine,
	/// `delta` in G2.
	pub delta_g2: G2Affine,
	/// The input commitments `IC[0..=n]` for `n` public inputs.
	pub ic: Vec<G1Affine>,
}

impl VerifyingKey {
	/// The number of public inputs the key takes (`IC` length minus one).
	pub fn num_inputs(&self) -> usize {
		self.ic.len().saturating_sub(1)
	}
}
