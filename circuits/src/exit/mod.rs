//! # The exit circuit
//!
//! Proves an exit claim (`docs/protocol.md` §8; `polylink_primitives::exit`): against a state
//! root, account `account` (a user account, id ≥ `FIRST_USER_ACCOUNT_ID`) has owner `owner`
//! and balance `balance` of `token`, the reserve accounts `1..=MAX_CHAINS` hold
//! `reserve[1..=MAX_CHAINS]` of it, and
//!
//! ```text
//! amount = floor(balance × reserve[chain] / Σ reserve)     (0 when Σ reserve = 0)
//! ```
//!
//! ## Public input
//!
//! One field element, the exit commitment
//! `sha256(root ‖ account u32 ‖ owner 20 ‖ token u16 ‖ chain u8 ‖ amount u128)` (big-endian,
//! 75 bytes) with the top 3 bits cleared. The root and the claim are witnesses bound by it; the
//! contract of chain `chain` recomputes it from its stored root and the claim.
//!
//! ## Shape
//!
//! - Five account leaves `hash([address, pubkey_hash, nonce, balance_root])` opened at `token`
//!   (balance path, depth 10) and proven in the account tree (depth 24) against the one root:
//!   the claimant's, with witnessed index bits, and the four reserve accounts', whose index
//!   bits are the constants `1..=MAX_CHAINS` (nothing witnessed, so they cannot be swapped).
//! - `chain` is range-checked to 8 bits (its byte in the commitment) and `chain − 1` to 2 bits,
//!   so `chain ∈ 1..=4`; the bits of `chain − 1` select `reserve[chain]` by a two-level mux.
//! - The division, proven exactly over the integers (see `Division` for the soundness argument).
//! - SHA-256 of the 600-bit preimage (two compression blocks).
//!
//! ## Assumptions
//!
//! Native balances are `u128` and every balance leaf is one; the circuit range-checks every
//! balance it reads to 128 bits, so a leaf outside that range cannot be claimed against.

pub mod witness;

#[cfg(test)]
mod tests;

use self::witness::{AccountWitness, ExitWitness};
use crate::gadgets::{merkle, num, num::Lc, poseidon};
use bellman::{
	gadgets::{boolean::Boolean, num::AllocatedNum, sha256::sha256},
	Circuit, ConstraintSystem, SynthesisError,
};
use ff::Field;
use polylink_primitives::{
	chain::ChainId,
	field::{self, Fr},
	params::{
		ACCOUNT_TREE_DEPTH, BALANCE_TREE_DEPTH, COMMITMENT_BITS, FIRST_USER_ACCOUNT_ID, MAX_CHAINS,
	},
};

/// Number of constraints of [`ExitCircuit`] (pinned by a test).
pub const EXIT_CONSTRAINTS: usize = 96_837;

/// Bits of a balance, a reserve and an amount.
const AMOUNT_BITS: usize = 128;
/// Bits of `Σ reserve` and of the remainder: four 128-bit reserves sum below 2^130.
const SUM_BITS: usize = AMOUNT_BITS + 2;
/// Bits of the low limbs of the division check.
const LIMB_BITS: usize = 64;
/// Bits of an owner address.
const ADDRESS_BITS: usize = 160;

/// The exit proof of one claim.
#[derive(Clone, Debug)]
pub struct ExitCircuit {
	/// The witness; `None` to synthesize the shape (parameter generation).
	pub witness: Option<ExitWitness>,
}

impl ExitCircuit {
	/// The shape, for parameter generation.
	pub fn blank() -> Self {
		Self { witness: None }
	}

	/// A satisfied instance from [`witness::example_state`] and its public input.
	pub fn example() -> (Self, Fr) {
		let (mut state, claimant) = witness::example_state();
		let w = witness::build(&mut state, claimant, witness::EXAMPLE_TOKEN, EXAMPLE_CHAIN)
			.expect("the example claim is valid");
		let input = w.public_input();
		(Self { witness: Some(w) }, input)
	}
}

/// Proves an exit claim's witness with `params` and fresh randomness from `rng`; returns the
/// proof and the proving time. Not generic: the prover is compiled with this crate's
/// optimisation rather than the caller's (instantiated in an unoptimised binary, as the CLI is
/// in the test profile, it proves about 2.5 times slower).
pub fn prove(
	params: &groth16::Parameters<bls12_381::Bls12>,
	witness: ExitWitness,
	rng: &mut rand::rngs::StdRng,
) -> Result<(groth16::Proof<bls12_381::Bls12>, std::time::Duration), crate::prover::ProveError> {
	crate::prover::prove_timed(params, ExitCircuit { witness: Some(witness) }, rng)
}

/// The chain the example claims from.
pub const EXAMPLE_CHAIN: ChainId = ChainId(2);

/// `2^n` in the field.
fn pow2(n: usize) -> Fr {
	Fr::from(2u64).pow_vartime(&[n as u64, 0, 0, 0])
}

/// `Σ bits[i]·2^i` over `bits` (little-endian), a free combination.
fn pack(bits: &[Boolean]) -> Lc {
	Lc::from(&num::pack_bits_le(bits))
}

/// Allocates a witnessed number.
fn alloc<CS: ConstraintSystem<Fr>>(
	cs: &mut CS,
	name: &str,
	value: Option<Fr>,
) -> Result<AllocatedNum<Fr>, SynthesisError> {
	AllocatedNum::alloc(cs.namespace(|| name), || value.ok_or(SynthesisError::AssignmentMissing))
}

/// Enforces `a = b` for combinations (1 constraint).
fn enforce_equal<CS: ConstraintSystem<Fr>>(cs: &mut CS, name: &str, a: &Lc, b: &Lc) {
	// (a − b) · 1 = 0
	cs.enforce(|| name, |lc| lc + &a.sub(b).lc(), |lc| lc + CS::one(), |lc| lc);
}

/// An opened account: its address and its balance with the balance's bits.
struct Opened {
	address: AllocatedNum<Fr>,
	balance: AllocatedNum<Fr>,
	balance_bits: Vec<Boolean>,
}

/// Opens one account leaf at `token_bits` along `account_bits` and enforces that its root is
/// `root`: `244·(10 + 24) + 486 + 129 + 1` constraints.
fn open_account<CS: ConstraintSystem<Fr>>(
	mut cs: CS,
	root: &AllocatedNum<Fr>,
	w: Option<&AccountWitness>,
	account_bits: &[Boolean],
	token_bits: &[Boolean],
) -> Result<Opened, SynthesisError> {
	let address = alloc(&mut cs, "address", w.map(|w| w.address))?;
	let pubkey_hash = alloc(&mut cs, "pubkey hash", w.map(|w| w.pubkey_hash))?;
	let nonce = alloc(&mut cs, "nonce", w.map(|w| Fr::from(u64::from(w.nonce))))?;
	let balance = alloc(&mut cs, "balance", w.map(|w| field::from_u128(w.balance)))?;
	let balance_bits = num::range_check(cs.namespace(|| "balance range"), &balance, AMOUNT_BITS)?;
	let siblings = |cs: &mut CS, name: &str, path: Option<&Vec<Fr>>, depth: usize| {
		(0..depth)
			.map(|i| alloc(cs, &format!("{name} sibling {i}"), path.map(|p| p[i])))
			.collect::<Result<Vec<_>, _>>()
	};
	let balance_path =
		siblings(&mut cs, "balance", w.map(|w| &w.balance_path), BALANCE_TREE_DEPTH)?;
	let account_path =
		siblings(&mut cs, "account", w.map(|w| &w.account_path), ACCOUNT_TREE_DEPTH)?;
	let balance_root = merkle::root_from_path(
		cs.namespace(|| "balance path"),
		&balance,
		token_bits,
		&balance_path,
	)?;
	let leaf = poseidon::hash_lc(
		cs.namespace(|| "leaf"),
		&[Lc::from(&address), Lc::from(&pubkey_hash), Lc::from(&nonce), Lc::from(&balance_root)],
	)?;
	let computed = merkle::root_from_path(
		cs.namespace(|| "account path"),
		&leaf,
		account_bits,
		&account_path,
	)?;
	// computed root = root
	enforce_equal(&mut cs, "root computation", &Lc::from(&computed), &Lc::from(root));
	Ok(Opened { address, balance, balance_bits })
}

/// The exact division `amount = floor(balance × reserve / sum)` (0 when `sum = 0`), given
/// `balance`, `reserve` (one of the four reserves) and `sum` (their sum), all with their bits.
///
/// # Soundness
///
/// `balance, reserve, amount < 2^128` and `sum, rem < 2^130` (range checks; `sum` is the sum
/// of four range-checked reserves, so it does not wrap either). The integer identity
/// `L = amount·sum + rem` equals `R = balance·reserve` is enforced in two parts:
///
/// 1. **mod r**: `P = balance·reserve` and `amount·sum = P − rem` in the field, so `L ≡ R`
///    (mod r). On its own this is not enough: `R < 2^256` and `L < 2^259` exceed
///    `r ≈ 2^254.9`, so a product may wrap.
/// 2. **mod 2^64**: with the low 64-bit limbs `a0, s0, m0, b0, c0` of amount, sum, rem,
///    balance and reserve (from their bit decompositions), `X = a0·s0 + m0 − b0·c0` lies in
///    `(−2^128, 2^129)`, far from wrapping, and `X = 2^64·(q − 2^64)` with `q < 2^65`
///    range-checked; both sides are integers of magnitude `< 2^130 < r/2`, so the field
///    equation is an integer one and `2^64 | X`, i.e. `L ≡ R` (mod 2^64).
///
/// `r` is odd, so by the Chinese remainder theorem `L ≡ R` (mod `r·2^64`), and
/// `|L − R| < 2^259 < r·2^64 ≈ 2^318.9`: `L = R` over the integers. With `rem < sum` (when
/// `sum > 0`) the quotient and remainder are unique: `amount = floor(R / sum)`. When
/// `sum = 0` every reserve is 0, `R = 0` forces `rem = 0`, and `amount = 0` is enforced.
struct Division<'a> {
	balance: &'a Opened,
	reserve: Lc,
	reserve_low: Lc,
	sum: Lc,
}

/// Proves [`Division`]; returns `amount` with its 128 bits (little-endian).
fn division<CS: ConstraintSystem<Fr>>(
	mut cs: CS,
	d: &Division<'_>,
	amount_value: Option<Fr>,
) -> Result<(AllocatedNum<Fr>, Vec<Boolean>), SynthesisError> {
	let amount = alloc(&mut cs, "amount", amount_value)?;
	let amount_bits = num::range_check(cs.namespace(|| "amount range"), &amount, AMOUNT_BITS)?;
	let sum = d.sum.alloc(cs.namespace(|| "sum"))?;
	let sum_bits = num::range_check(cs.namespace(|| "sum range"), &sum, SUM_BITS)?;
	let balance = Lc::from(&d.balance.balance);

	// P = balance · reserve
	let product = num::mul(cs.namespace(|| "product"), &balance, &d.reserve)?;
	// rem = P − amount·sum (the honest remainder is < 2^130, so the field value is it)
	let rem_value = product
		.get_value()
		.zip(amount.get_value())
		.zip(sum.get_value())
		.map(|((p, a), s)| p - a * s);
	let rem = alloc(&mut cs, "remainder", rem_value)?;
	let rem_bits = num::range_check(cs.namespace(|| "remainder range"), &rem, SUM_BITS)?;
	// amount · sum = P − rem
	cs.enforce(
		|| "quotient computation",
		|lc| lc + amount.get_variable(),
		|lc| lc + sum.get_variable(),
		|lc| lc + product.get_variable() - rem.get_variable(),
	);

	// Low limbs: a0·s0 + m0 − b0·c0 = 2^64·(q − 2^64), q < 2^65.
	let a0 = pack(&amount_bits[..LIMB_BITS]);
	let s0 = pack(&sum_bits[..LIMB_BITS]);
	let m0 = pack(&rem_bits[..LIMB_BITS]);
	let b0 = pack(&d.balance.balance_bits[..LIMB_BITS]);
	let low_left = num::mul(cs.namespace(|| "low amount product"), &a0, &s0)?;
	let low_right = num::mul(cs.namespace(|| "low balance product"), &b0, &d.reserve_low)?;
	let x = Lc::from(&low_left).add(&m0).sub(&Lc::from(&low_right));
	let shift = pow2(LIMB_BITS);
	let q_value =
		x.get_value().map(|x| x * Option::<Fr>::from(shift.invert()).unwrap_or(Fr::ZERO) + shift);
	let q = alloc(&mut cs, "low carry", q_value)?;
	num::range_check(cs.namespace(|| "low carry range"), &q, LIMB_BITS + 1)?;
	// (q − 2^64) · 2^64 = a0·s0 + m0 − b0·c0
	cs.enforce(
		|| "low carry computation",
		|lc| lc + q.get_variable() - (shift, CS::one()),
		|lc| lc + (shift, CS::one()),
		|lc| lc + &x.lc(),
	);

	// rem < sum unless sum = 0; amount = 0 when sum = 0.
	let sum_is_zero = num::is_zero(cs.namespace(|| "sum is zero"), &sum)?;
	let below = num::less_than(cs.namespace(|| "remainder below sum"), &rem, &sum, SUM_BITS)?;
	let one = Lc::constant(Fr::ONE);
	// (1 − below) · (1 − sum_is_zero) = 0
	cs.enforce(
		|| "remainder bound computation",
		|lc| lc + &one.sub(&Lc::from_boolean(&below)).lc(),
		|lc| lc + &one.sub(&Lc::from_boolean(&sum_is_zero)).lc(),
		|lc| lc,
	);
	// amount · sum_is_zero = 0
	cs.enforce(
		|| "zero reserves computation",
		|lc| lc + amount.get_variable(),
		|lc| lc + &Lc::from_boolean(&sum_is_zero).lc(),
		|lc| lc,
	);
	Ok((amount, amount_bits))
}

/// `bits` (little-endian) as `n` big-endian bits, padded with leading constant zeros.
fn be_padded(bits: &[Boolean], n: usize) -> Vec<Boolean> {
	assert!(bits.len() <= n, "value wider than its field");
	let mut out = vec![Boolean::constant(false); n - bits.len()];
	out.extend(bits.iter().rev().cloned());
	out
}

impl Circuit<Fr> for ExitCircuit {
	fn synthesize<CS: ConstraintSystem<Fr>>(self, cs: &mut CS) -> Result<(), SynthesisError> {
		let w = self.witness.as_ref();
		if let Some(w) = w {
			assert_eq!(w.reserves.len(), usize::from(MAX_CHAINS), "one leaf per reserve");
		}
		let root = alloc(cs, "root", w.map(|w| w.root))?;

		// The claimant: witnessed index bits, a user id (account − FIRST_USER_ACCOUNT_ID fits
		// the 24 bits, so account ≥ FIRST_USER_ACCOUNT_ID: fee and reserve accounts have no
		// owner).
		let account_bits = num::alloc_bits_le(
			cs.namespace(|| "account bits"),
			w.map(|w| Fr::from(u64::from(w.claim.account.0))),
			ACCOUNT_TREE_DEPTH,
		)?;
		num::range_check_lc(
			cs.namespace(|| "user account"),
			&pack(&account_bits).add_constant(-Fr::from(u64::from(FIRST_USER_ACCOUNT_ID))),
			ACCOUNT_TREE_DEPTH,
		)?;
		let token_bits = num::alloc_bits_le(
			cs.namespace(|| "token bits"),
			w.map(|w| Fr::from(u64::from(w.claim.token.0))),
			BALANCE_TREE_DEPTH,
		)?;
		let user = open_account(
			cs.namespace(|| "user"),
			&root,
			w.map(|w| &w.user),
			&account_bits,
			&token_bits,
		)?;
		let owner_bits = num::range_check(cs.namespace(|| "owner"), &user.address, ADDRESS_BITS)?;

		// The reserve accounts, at the constant ids 1..=MAX_CHAINS.
		let mut reserves = Vec::with_capacity(usize::from(MAX_CHAINS));
		for c in 1..=u64::from(MAX_CHAINS) {
			let bits: Vec<Boolean> =
				(0..ACCOUNT_TREE_DEPTH).map(|i| Boolean::constant((c >> i) & 1 == 1)).collect();
			reserves.push(open_account(
				cs.namespace(|| format!("reserve {c}")),
				&root,
				w.map(|w| &w.reserves[c as usize - 1]),
				&bits,
				&token_bits,
			)?);
		}

		// chain ∈ 1..=4: its byte, and chain − 1 in two bits that select the reserve.
		let chain = alloc(cs, "chain", w.map(|w| Fr::from(u64::from(w.claim.chain.0))))?;
		let chain_bits = num::range_check(cs.namespace(|| "chain byte"), &chain, 8)?;
		let slot = num::range_check_lc(
			cs.namespace(|| "chain slot"),
			&Lc::from(&chain).add_constant(-Fr::ONE),
			2,
		)?;
		let mux = |cs: &mut CS, name: &str, values: Vec<Lc>| -> Result<Lc, SynthesisError> {
			// lo = slot0 ? v2 : v1, hi = slot0 ? v4 : v3, out = slot1 ? hi : lo
			let lo = num::select_lc(
				cs.namespace(|| format!("{name} low")),
				&slot[0],
				&values[1],
				&values[0],
			)?;
			let hi = num::select_lc(
				cs.namespace(|| format!("{name} high")),
				&slot[0],
				&values[3],
				&values[2],
			)?;
			Ok(Lc::from(&num::select_lc(
				cs.namespace(|| name.to_string()),
				&slot[1],
				&Lc::from(&hi),
				&Lc::from(&lo),
			)?))
		};
		let reserve = mux(cs, "reserve", reserves.iter().map(|r| Lc::from(&r.balance)).collect())?;
		let reserve_low = mux(
			cs,
			"reserve low limb",
			reserves.iter().map(|r| pack(&r.balance_bits[..LIMB_BITS])).collect(),
		)?;
		let sum = reserves.iter().fold(Lc::zero(), |acc, r| acc.add(&Lc::from(&r.balance)));

		let (_, amount_bits) = division(
			cs.namespace(|| "division"),
			&Division { balance: &user, reserve, reserve_low, sum },
			w.map(|w| field::from_u128(w.claim.amount)),
		)?;

		// The commitment: sha256(root ‖ account ‖ owner ‖ token ‖ chain ‖ amount), 600 bits.
		let mut preimage = Vec::with_capacity(600);
		let mut root_bits = root.to_bits_le_strict(cs.namespace(|| "root bits"))?;
		root_bits.push(Boolean::constant(false));
		preimage.extend(be_padded(&root_bits, 256));
		preimage.extend(be_padded(&account_bits, 32));
		preimage.extend(be_padded(&owner_bits, ADDRESS_BITS));
		preimage.extend(be_padded(&token_bits, 16));
		preimage.extend(be_padded(&chain_bits, 8));
		preimage.extend(be_padded(&amount_bits, AMOUNT_BITS));
		assert_eq!(preimage.len(), 8 * polylink_primitives::exit::EXIT_PREIMAGE_BYTES);
		let digest = sha256(cs.namespace(|| "exit commitment hash"), &preimage)?;
		let kept: Vec<Boolean> =
			digest[256 - COMMITMENT_BITS as usize..].iter().rev().cloned().collect();
		let commitment = pack(&kept);
		let input = cs.alloc_input(
			|| "exit commitment",
			|| commitment.get_value().ok_or(SynthesisError::AssignmentMissing),
		)?;
		// input = Σ digest bits (the low 253, big-endian)
		cs.enforce(
			|| "exit commitment computation",
			|lc| lc + input,
			|lc| lc + CS::one(),
			|lc| lc + &commitment.lc(),
		);
		Ok(())
	}
}
