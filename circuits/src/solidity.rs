//! # Solidity verifier generator
//!
//! [`verifier_contract`] turns a verifying key into a self-contained Solidity 0.8.30
//! contract that verifies Groth16 proofs over BLS12-381 on the EIP-2537 precompiles
//! (EVM prague): `verifyProof(bytes calldata proof, uint256 input) returns (bool)`.
//!
//! ## What the contract does
//! 1. Reverts with `PolylinkVerifier_InvalidProofLength` unless `proof` is 512 bytes
//!    (`A ‖ B ‖ C`, EIP-2537 encoding) and with `PolylinkVerifier_InputNotInField` unless
//!    `input < r`: both are caller bugs, not invalid proofs.
//! 2. `vk_x = IC0 + input·IC1` with one G1MSM (k = 1, address 0x0c) and one G1ADD (0x0b):
//!    12,000 + 375 gas, against 22,776 for a G1MSM with k = 2 (measured in
//!    `contracts/test/verifiers/Eip2537Gas.t.sol`).
//! 3. One pairing call (0x0f, four pairs) checking `e(−A, B)·e(α, β)·e(vk_x, γ)·e(C, δ) = 1`,
//!    with `−A = (x, p − y)` computed in two words (the identity stays as it is).
//!
//! Every invalid proof makes `verifyProof` **return false**: a failed pairing check, and every
//! precompile failure (non-zero padding, coordinate ≥ p, point off the curve or outside the
//! subgroup: the precompiles check all of these). Callers do `if (!ok) revert`.
//!
//! A failing precompile call burns all the gas it was given, so each call gets a fixed
//! budget of twice its EIP-2537 price (`G1MSM_GAS`, `G1ADD_GAS`, `PAIRING_GAS`) instead of
//! `gas()`: an invalid point then costs about 360k gas, not the whole transaction. A future
//! repricing above twice today's prices would make every proof fail: regenerate then.
//!
//! A precompile call that was given less than its budget could fail for lack of gas alone, and
//! a valid proof would then read as invalid. So before each call the contract checks that the
//! budget can be forwarded in full (`budget + budget / 63` plus the call's own cost, EIP-150's
//! 63/64 rule) and otherwise **reverts** with `PolylinkVerifier_OutOfGas()`: a verifier never
//! answers false for a valid proof.
//!
//! The text depends only on the name, the key and the optional command line in the header,
//! so the same key always gives the same contract (a test diffs the committed file).

use std::fmt::Write;

use bls12_381::{Bls12, G1Affine, G2Affine};
use groth16::VerifyingKey;

use crate::encoding::{g1_to_eip2537, g2_to_eip2537, vk_hash, P_BE, R_BE};

/// Gas budgets forwarded to G1MSM (k = 1), G1ADD and the four-pair pairing: twice their
/// EIP-2537 prices (12,000, 375 and 32,600 · 4 + 37,700).
const G1MSM_GAS: u64 = 24_000;
/// See [`G1MSM_GAS`].
const G1ADD_GAS: u64 = 750;
/// See [`G1MSM_GAS`].
const PAIRING_GAS: u64 = 336_200;
/// Gas for the call itself on top of what it forwards (a warm precompile costs 100; the rest
/// covers the check and the stack setup).
const CALL_MARGIN: u64 = 500;

/// Gas that must be left before a call so that `budget` is forwarded in full: the caller keeps
/// 1/64 of what it has (EIP-150), so it needs `budget · 64 / 63` (rounded up) plus the call's
/// own cost.
fn min_gas(budget: u64) -> u64 {
	budget + budget.div_ceil(63) + CALL_MARGIN
}

/// The selector of `PolylinkVerifier_OutOfGas()`, left-aligned in a 32-byte word.
fn out_of_gas_selector() -> [u8; 32] {
	let hash = polylink_primitives::eth::keccak256(b"PolylinkVerifier_OutOfGas()");
	let mut word = [0u8; 32];
	word[..4].copy_from_slice(&hash[..4]);
	word
}

/// Hex of a 32-byte word.
fn word(bytes: &[u8]) -> String {
	format!("0x{}", hex::encode(bytes))
}

/// A point's EIP-2537 words as named constants.
struct Point {
	/// Constant name prefix.
	name: &'static str,
	/// What the point is, for the doc line.
	doc: &'static str,
	/// Its EIP-2537 encoding (128 or 256 bytes).
	bytes: Vec<u8>,
}

impl Point {
	fn g1(name: &'static str, doc: &'static str, p: &G1Affine) -> Self {
		Self { name, doc, bytes: g1_to_eip2537(p).to_vec() }
	}

	fn g2(name: &'static str, doc: &'static str, p: &G2Affine) -> Self {
		Self { name, doc, bytes: g2_to_eip2537(p).to_vec() }
	}

	/// The constant declarations.
	fn constants(&self, out: &mut String) {
		let _ = writeln!(out, "\t/// @dev {} (EIP-2537 encoding, 32-byte words).", self.doc);
		for (i, w) in self.bytes.chunks(32).enumerate() {
			let _ = writeln!(out, "\tuint256 internal constant {}_{i} = {};", self.name, word(w));
		}
	}

	/// The `mstore`s that write the point at `base + offset`.
	fn stores(&self, out: &mut String, base: &str, offset: usize) {
		for i in 0..self.bytes.len() / 32 {
			let at = offset + 32 * i;
			let addr = if at == 0 { base.to_owned() } else { format!("add({base}, {at:#x})") };
			let _ = writeln!(out, "\t\t\tmstore({addr}, {}_{i})", self.name);
		}
	}
}

/// The canonical `polylink-keys` command line that writes the verifier of `circuit` as
/// contract `contract_name` (the header of generated files; output paths do not change the
/// text, so they are left out).
pub fn export_command(circuit: &str, contract_name: &str) -> String {
	format!("polylink-keys export-solidity --circuit {circuit} --contract-name {contract_name}")
}

/// The verifier contract `name` for `vk` (one public input), without a generator command line.
pub fn verifier_contract(name: &str, vk: &VerifyingKey<Bls12>) -> String {
	render(name, vk, None)
}

/// [`verifier_contract`] with the command that generated it in the header comment.
pub fn verifier_contract_generated_by(
	name: &str,
	vk: &VerifyingKey<Bls12>,
	command: &str,
) -> String {
	render(name, vk, Some(command))
}

/// Renders the contract.
fn render(name: &str, vk: &VerifyingKey<Bls12>, command: Option<&str>) -> String {
	assert_eq!(vk.ic.len(), 2, "Polylink circuits have exactly one public input");
	let alpha = Point::g1("ALPHA", "alpha in G1", &vk.alpha_g1);
	let beta = Point::g2("BETA", "beta in G2", &vk.beta_g2);
	let gamma = Point::g2("GAMMA", "gamma in G2", &vk.gamma_g2);
	let delta = Point::g2("DELTA", "delta in G2", &vk.delta_g2);
	let ic0 = Point::g1("IC0", "IC[0], the constant term of vk_x", &vk.ic[0]);
	let ic1 = Point::g1("IC1", "IC[1], the public input's term of vk_x", &vk.ic[1]);

	let mut s = String::new();
	s.push_str("// SPDX-License-Identifier: Apache-2.0\n");
	match command {
		Some(c) => {
			let _ = writeln!(s, "// Generated by `{c}`.");
		}
		None => s.push_str("// Generated by polylink-keys (circuits/src/solidity.rs).\n"),
	}
	s.push_str(
		"// Do not edit: regenerate it. A test diffs it against the committed verifying key.\n",
	);
	s.push_str("pragma solidity ^0.8.30;\n\n");
	let _ = writeln!(
		s,
		"/// @title {name}
/// @notice Groth16 verifier over BLS12-381 for one Polylink circuit with one public input,
///         on the EIP-2537 precompiles (EVM prague).
/// @dev Checks e(-A, B) * e(alpha, beta) * e(vk_x, gamma) * e(C, delta) = 1 with
///      vk_x = IC0 + input * IC1 (G1MSM k = 1, then G1ADD) in one pairing call.
///      Malformed calls revert: a proof that is not 512 bytes, an input not below r, and so
///      does a call left with too little gas to give each precompile its full budget.
///      Invalid proofs return false: a failed pairing check and every precompile failure
///      (non-zero padding, coordinate not below p, point off the curve or outside the
///      subgroup: the precompiles check them all).
contract {name} {{
	/// @notice Thrown when the proof is not 512 bytes (A, B, C in EIP-2537 encoding).
	/// @param length The length given.
	error PolylinkVerifier_InvalidProofLength(uint256 length);

	/// @notice Thrown when the public input is not below the BLS12-381 scalar modulus r.
	/// @param input The input given.
	error PolylinkVerifier_InputNotInField(uint256 input);

	/// @notice Thrown when too little gas is left to give a precompile call its full budget (the
	///         call could fail for lack of gas and a valid proof read as invalid).
	error PolylinkVerifier_OutOfGas();

	/// @notice SHA-256 of the SCALE-encoded verifying key (`polylink-keys inspect`).
	bytes32 public constant VK_HASH = {};

	/// @dev Length of a proof: A (G1, 128 bytes), B (G2, 256 bytes), C (G1, 128 bytes).
	uint256 internal constant PROOF_LENGTH = 512;
	/// @dev The BLS12-381 scalar modulus r.
	uint256 internal constant R = {};
	/// @dev The base-field modulus p: its top 16 bytes and its low 32 bytes.
	uint256 internal constant P_HI = {};
	/// @dev See P_HI.
	uint256 internal constant P_LO = {};
	/// @dev Gas forwarded to G1MSM (k = 1 costs 12,000), G1ADD (375) and the pairing with four
	///      pairs (32,600 * 4 + 37,700 = 168,100): twice the EIP-2537 price, because a failing
	///      precompile call burns all the gas it was given.
	uint256 internal constant G1MSM_GAS = {G1MSM_GAS};
	/// @dev See G1MSM_GAS.
	uint256 internal constant G1ADD_GAS = {G1ADD_GAS};
	/// @dev See G1MSM_GAS.
	uint256 internal constant PAIRING_GAS = {PAIRING_GAS};
	/// @dev Gas that must be left before each call so that its budget is forwarded in full:
	///      budget + budget / 63 (EIP-150) + {CALL_MARGIN} for the call itself.
	uint256 internal constant G1MSM_MIN_GAS = {};
	/// @dev See G1MSM_MIN_GAS.
	uint256 internal constant G1ADD_MIN_GAS = {};
	/// @dev See G1MSM_MIN_GAS.
	uint256 internal constant PAIRING_MIN_GAS = {};
	/// @dev `PolylinkVerifier_OutOfGas()` selector, left-aligned in a word (for assembly).
	uint256 internal constant OUT_OF_GAS_SELECTOR = {};
",
		word(&vk_hash(vk)),
		word(&R_BE),
		format_args!("0x{}", hex::encode(&P_BE[..16])),
		word(&P_BE[16..]),
		min_gas(G1MSM_GAS),
		min_gas(G1ADD_GAS),
		min_gas(PAIRING_GAS),
		word(&out_of_gas_selector()),
	);
	for p in [&alpha, &beta, &gamma, &delta, &ic0, &ic1] {
		s.push('\n');
		p.constants(&mut s);
	}
	s.push_str(
		"
	/// @notice Verifies a Groth16 proof for one public input.
	/// @param proof A, B, C in EIP-2537 encoding (512 bytes).
	/// @param input The public input; must be below r.
	/// @return ok True if and only if the proof is valid for `input`.
	function verifyProof(bytes calldata proof, uint256 input) external view returns (bool ok) {
		if (proof.length != PROOF_LENGTH) revert PolylinkVerifier_InvalidProofLength(proof.length);
		if (input >= R) revert PolylinkVerifier_InputNotInField(input);
		assembly (\"memory-safe\") {
			// Scratch past the free memory pointer (not allocated: nothing is returned in it).
			// [m, m + 0x600): the pairing input, four pairs (G1 128 bytes, G2 256 bytes):
			// (-A, B) at 0x000, (alpha, beta) at 0x180, (vk_x, gamma) at 0x300,
			// (C, delta) at 0x480. [m + 0x600, m + 0x720): IC0, IC1, input for vk_x.
			let m := mload(0x40)

			// Pair 0: A and B from calldata, then A's y replaced by p - y in two words,
			// unless y = 0 (the identity). y must be below p so that p - y is canonical.
			calldatacopy(m, proof.offset, 0x180)
			let yHi := mload(add(m, 0x40))
			let yLo := mload(add(m, 0x60))
			ok := or(lt(yHi, P_HI), and(eq(yHi, P_HI), lt(yLo, P_LO)))
			if or(yHi, yLo) {
				mstore(add(m, 0x40), sub(sub(P_HI, yHi), lt(P_LO, yLo)))
				mstore(add(m, 0x60), sub(P_LO, yLo))
			}

			// Pair 1: alpha, beta.
",
	);
	alpha.stores(&mut s, "m", 0x180);
	beta.stores(&mut s, "m", 0x200);
	s.push_str("\n\t\t\t// Pair 2: gamma; vk_x is written below.\n");
	gamma.stores(&mut s, "m", 0x380);
	s.push_str(
		"\n\t\t\t// Pair 3: C from calldata, delta.
			calldatacopy(add(m, 0x480), add(proof.offset, 0x180), 0x80)
",
	);
	delta.stores(&mut s, "m", 0x500);
	s.push_str("\n\t\t\t// vk_x = IC0 + input * IC1: G1MSM (k = 1) into IC1's slot, then G1ADD.\n");
	s.push_str("\t\t\tlet v := add(m, 0x600)\n");
	ic0.stores(&mut s, "v", 0);
	ic1.stores(&mut s, "v", 0x80);
	s.push_str(
		"\t\t\tmstore(add(v, 0x100), input)
			// Each call gets its whole budget or the verifier reverts (never a false for lack
			// of gas).
			if lt(gas(), G1MSM_MIN_GAS) {
				mstore(0x00, OUT_OF_GAS_SELECTOR)
				revert(0x00, 0x04)
			}
			ok := and(ok, staticcall(G1MSM_GAS, 0x0c, add(v, 0x80), 0xa0, add(v, 0x80), 0x80))
			if lt(gas(), G1ADD_MIN_GAS) {
				mstore(0x00, OUT_OF_GAS_SELECTOR)
				revert(0x00, 0x04)
			}
			ok := and(ok, staticcall(G1ADD_GAS, 0x0b, v, 0x100, add(m, 0x300), 0x80))

			// The pairing check; the precompile returns 1 when the product is the identity.
			if lt(gas(), PAIRING_MIN_GAS) {
				mstore(0x00, OUT_OF_GAS_SELECTOR)
				revert(0x00, 0x04)
			}
			ok := and(ok, staticcall(PAIRING_GAS, 0x0f, m, 0x600, 0x00, 0x20))
			ok := and(ok, eq(mload(0x00), 1))
		}
	}
}
",
	);
	s
}

#[cfg(test)]
mod tests {
	use super::*;
	use group::{Curve, Group};
	use rand_core::SeedableRng;
	use rand_xorshift::XorShiftRng;

	fn vk() -> VerifyingKey<Bls12> {
		let mut rng = XorShiftRng::seed_from_u64(3);
		let mut g1 = || bls12_381::G1Projective::random(&mut rng).to_affine();
		let (alpha_g1, ic) = (g1(), vec![g1(), g1()]);
		let mut rng = XorShiftRng::seed_from_u64(4);
		let mut g2 = || bls12_381::G2Projective::random(&mut rng).to_affine();
		VerifyingKey {
			alpha_g1,
			beta_g1: G1Affine::identity(),
			beta_g2: g2(),
			gamma_g2: g2(),
			delta_g1: G1Affine::identity(),
			delta_g2: g2(),
			ic,
		}
	}

	#[test]
	fn contract_is_deterministic() {
		let vk = vk();
		assert_eq!(verifier_contract("V", &vk), verifier_contract("V", &vk));
		let text = verifier_contract("MyVerifier", &vk);
		assert!(text.starts_with("// SPDX-License-Identifier: Apache-2.0\n"));
		assert!(text.contains("contract MyVerifier {"));
		assert!(text.contains("function verifyProof(bytes calldata proof, uint256 input)"));
		assert_eq!(text.matches("uint256 internal constant BETA_").count(), 8);
		// The key's points, the negated A (2), the input (1) and one out-of-gas revert per
		// precompile call (3).
		assert_eq!(text.matches("mstore(").count(), 4 * 3 + 8 * 3 + 2 + 1 + 3);
		// Every precompile call is preceded by its gas check.
		for (check, call) in [
			("lt(gas(), G1MSM_MIN_GAS)", "staticcall(G1MSM_GAS"),
			("lt(gas(), G1ADD_MIN_GAS)", "staticcall(G1ADD_GAS"),
			("lt(gas(), PAIRING_MIN_GAS)", "staticcall(PAIRING_GAS"),
		] {
			let (at_check, at_call) = (text.find(check), text.find(call));
			assert!(at_check.is_some() && at_check < at_call, "{check} before {call}");
		}
	}

	#[test]
	fn different_keys_give_different_contracts() {
		let a = vk();
		let mut b = vk();
		b.ic[1] = G1Affine::generator();
		assert_ne!(verifier_contract("V", &a), verifier_contract("V", &b));
	}

	#[test]
	#[should_panic(expected = "exactly one public input")]
	fn rejects_keys_with_more_inputs() {
		let mut vk = vk();
		vk.ic.push(G1Affine::generator());
		let _ = verifier_contract("V", &vk);
	}
}
