//! The leaf-update gadget: one account leaf and one of its balances, old and new, proven along
//! one account path and one balance path (DESIGN §3; `polylink_primitives::plan`).
//!
//! The caller gives what the operation expects of the slot (account, token, debit, credit,
//! nonce bump, new key, owner rule) as linear combinations that are zero when the slot is
//! inactive; the gadget enforces them against the witnessed old leaf and returns the new root.

use super::witness::UpdateWitness;
use crate::gadgets::{
	merkle,
	num::{self, Lc},
	poseidon,
};
use bellman::{
	gadgets::{boolean::Boolean, num::AllocatedNum},
	ConstraintSystem, SynthesisError,
};
use polylink_primitives::{
	field::{self, Fr},
	params::{ACCOUNT_TREE_DEPTH, BALANCE_TREE_DEPTH, FIRST_USER_ACCOUNT_ID},
};

/// What an operation expects of one update slot.
#[derive(Clone)]
pub struct Expect {
	/// 1 when the slot belongs to the operation (then account and token must match).
	pub active: Lc,
	/// The account the operation names.
	pub account: Lc,
	/// The token the operation names.
	pub token: Lc,
	/// Subtracted from the balance (zero when inactive).
	pub debit: Lc,
	/// Added to the balance (zero when inactive). An active slot never has both a debit and a
	/// credit, so one range check of the result proves the debit was covered.
	pub credit: Lc,
	/// 1 when the nonce increases.
	pub bump: Lc,
	/// 1 when the public-key hash is replaced by `pubkey_hash`.
	pub set_pubkey_hash: Lc,
	/// The new public-key hash (meaningful when `set_pubkey_hash`).
	pub pubkey_hash: Lc,
	/// 1 when the account must be empty and is opened for `address`.
	pub open: Lc,
	/// 1 when the account is opened for `address` if empty, or must belong to it.
	pub open_or_match: Lc,
	/// The owner address for `open` / `open_or_match`.
	pub address: Lc,
}

/// The old leaf as the operation logic needs it.
pub struct OldLeaf {
	/// Account id (checked to fit the tree by its path bits).
	pub account: AllocatedNum<Fr>,
	/// Token id.
	pub token: AllocatedNum<Fr>,
	/// Owner address.
	pub address: AllocatedNum<Fr>,
	/// Public-key hash.
	pub pubkey_hash: AllocatedNum<Fr>,
	/// Nonce, with its 32 bits (little-endian).
	pub nonce: AllocatedNum<Fr>,
	/// The nonce's bits, little-endian.
	pub nonce_bits: Vec<Boolean>,
	/// Balance of `token`.
	pub balance: AllocatedNum<Fr>,
	/// Whether the account id is a user account (not fee or reserve).
	pub is_user: Boolean,
}

/// Proves one leaf update starting from `root`; returns the old leaf and the new root.
pub fn update<CS>(
	mut cs: CS,
	root: &AllocatedNum<Fr>,
	w: Option<&UpdateWitness>,
	expect: &Expect,
) -> Result<(OldLeaf, AllocatedNum<Fr>), SynthesisError>
where
	CS: ConstraintSystem<Fr>,
{
	let alloc = |cs: &mut CS, name: &'static str, v: Option<Fr>| {
		AllocatedNum::alloc(cs.namespace(|| name), || v.ok_or(SynthesisError::AssignmentMissing))
	};
	let account_bits = num::alloc_bits_le(
		cs.namespace(|| "account bits"),
		w.map(|w| Fr::from(u64::from(w.account))),
		ACCOUNT_TREE_DEPTH,
	)?;
	let token_bits = num::alloc_bits_le(
		cs.namespace(|| "token bits"),
		w.map(|w| Fr::from(u64::from(w.token))),
		BALANCE_TREE_DEPTH,
	)?;
	let account = Lc::from(&num::pack_bits_le(&account_bits)).alloc(cs.namespace(|| "account"))?;
	let token = Lc::from(&num::pack_bits_le(&token_bits)).alloc(cs.namespace(|| "token"))?;
	let address =
		alloc(&mut cs, "old address", w.map(|w| field::from_be_bytes_short(&w.address.0)))?;
	let pubkey_hash =
		alloc(&mut cs, "old pubkey hash", w.map(|w| field::from_be_bytes_short(&w.pubkey_hash.0)))?;
	let nonce = alloc(&mut cs, "old nonce", w.map(|w| Fr::from(u64::from(w.nonce))))?;
	let nonce_bits = num::range_check(cs.namespace(|| "old nonce range"), &nonce, 32)?;
	let balance = alloc(&mut cs, "old balance", w.map(|w| field::from_u128(w.balance)))?;
	let siblings = |cs: &mut CS, name: &str, path: Option<&Vec<Fr>>, depth: usize| {
		(0..depth)
			.map(|i| {
				AllocatedNum::alloc(cs.namespace(|| format!("{name} sibling {i}")), || {
					path.map(|p| p[i]).ok_or(SynthesisError::AssignmentMissing)
				})
			})
			.collect::<Result<Vec<_>, _>>()
	};
	let account_path =
		siblings(&mut cs, "account", w.map(|w| &w.account_path), ACCOUNT_TREE_DEPTH)?;
	let balance_path =
		siblings(&mut cs, "balance", w.map(|w| &w.balance_path), BALANCE_TREE_DEPTH)?;

	// The slot names the operation's account and token when active:
	// active · (account − expected) = 0, likewise for the token.
	enforce_zero_product(
		&mut cs,
		"account matches",
		&expect.active,
		&Lc::from(&account).sub(&expect.account),
	);
	enforce_zero_product(
		&mut cs,
		"token matches",
		&expect.active,
		&Lc::from(&token).sub(&expect.token),
	);

	// new_balance = old − debit + credit, and it fits 128 bits (no underflow, no overflow).
	let new_balance = Lc::from(&balance)
		.sub(&expect.debit)
		.add(&expect.credit)
		.alloc(cs.namespace(|| "new balance"))?;
	num::range_check(cs.namespace(|| "new balance range"), &new_balance, 128)?;

	// new_nonce = old + bump, and fits 32 bits (native NonceOverflow).
	let new_nonce = Lc::from(&nonce).add(&expect.bump).alloc(cs.namespace(|| "new nonce"))?;
	num::range_check(cs.namespace(|| "new nonce range"), &new_nonce, 32)?;

	// new_pkh = old + set · (pkh − old)
	let pkh_delta = num::mul(
		cs.namespace(|| "pubkey hash delta"),
		&expect.set_pubkey_hash,
		&expect.pubkey_hash.sub(&Lc::from(&pubkey_hash)),
	)?;
	let new_pubkey_hash = Lc::from(&pubkey_hash).add(&Lc::from(&pkh_delta));

	// Owner rules. open: old address = 0. open_or_match: old · (old − address) = 0.
	enforce_zero_product(&mut cs, "open needs an empty account", &expect.open, &Lc::from(&address));
	let matched = num::mul(
		cs.namespace(|| "owner or empty"),
		&Lc::from(&address),
		&Lc::from(&address).sub(&expect.address),
	)?;
	enforce_zero_product(&mut cs, "open or match", &expect.open_or_match, &Lc::from(&matched));
	// Opening an account (its old address zero) is only for user ids.
	let last_system = Lc::constant(Fr::from(u64::from(FIRST_USER_ACCOUNT_ID) - 1))
		.alloc(cs.namespace(|| "last system id"))?;
	let is_user =
		num::less_than(cs.namespace(|| "is user"), &last_system, &account, ACCOUNT_TREE_DEPTH)?;
	let empty = num::is_zero(cs.namespace(|| "old address empty"), &address)?;
	let opening = expect.open.add(&Lc::from(&num::mul(
		cs.namespace(|| "opening when empty"),
		&expect.open_or_match,
		&Lc::from_boolean(&empty),
	)?));
	enforce_zero_product(
		&mut cs,
		"only user ids open",
		&opening,
		&Lc::constant(Fr::from(1u64)).sub(&Lc::from_boolean(&is_user)),
	);
	// new_address = old + (open + open_or_match) · (address − old)
	let address_delta = num::mul(
		cs.namespace(|| "address delta"),
		&expect.open.add(&expect.open_or_match),
		&expect.address.sub(&Lc::from(&address)),
	)?;
	let new_address = Lc::from(&address).add(&Lc::from(&address_delta));

	// Balance tree: old and new roots along one path.
	let (old_balance_root, new_balance_root) = merkle::update(
		cs.namespace(|| "balance path"),
		&balance,
		&new_balance,
		&token_bits,
		&balance_path,
	)?;
	let old_leaf = poseidon::hash_lc(
		cs.namespace(|| "old leaf"),
		&[
			Lc::from(&address),
			Lc::from(&pubkey_hash),
			Lc::from(&nonce),
			Lc::from(&old_balance_root),
		],
	)?;
	let new_leaf = poseidon::hash_lc(
		cs.namespace(|| "new leaf"),
		&[new_address, new_pubkey_hash, Lc::from(&new_nonce), Lc::from(&new_balance_root)],
	)?;
	let (old_root, new_root) = merkle::update(
		cs.namespace(|| "account path"),
		&old_leaf,
		&new_leaf,
		&account_bits,
		&account_path,
	)?;
	// The path starts at the current root.
	cs.enforce(
		|| "old root computation",
		|lc| lc + old_root.get_variable(),
		|lc| lc + CS::one(),
		|lc| lc + root.get_variable(),
	);
	Ok((
		OldLeaf { account, token, address, pubkey_hash, nonce, nonce_bits, balance, is_user },
		new_root,
	))
}

/// Enforces `a · b = 0`.
pub fn enforce_zero_product<CS: ConstraintSystem<Fr>>(cs: &mut CS, name: &str, a: &Lc, b: &Lc) {
	cs.enforce(|| format!("{name} computation"), |lc| lc + &a.lc(), |lc| lc + &b.lc(), |lc| lc);
}
