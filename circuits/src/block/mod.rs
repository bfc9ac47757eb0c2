//! # The block circuit
//!
//! Proves that a batch moves the state from `old_root` to `new_root` by the operations in its
//! pubdata, under the rules of the native executor, and exposes one public input: the batch
//! commitment of DESIGN §5 (`polylink_primitives::commitment`).
//!
//! ## Shape
//! The circuit has a fixed number of chunks (its size). Every chunk runs the same gadget
//! ([`chunk`]):
//! - it holds its operation's whole pubdata (three chunks, 432 bits), carried unchanged from
//!   the operation's first chunk to its last, parses the fields by op type ([`layout`]) and
//!   emits its own 144-bit window to the pubdata hash;
//! - it performs exactly two leaf updates ([`update`]): an account leaf with one of its
//!   balances, with the account, token, debit, credit, nonce bump, key change and owner rule
//!   the operation's plan asks of that chunk and slot (`polylink_primitives::plan`);
//! - on an operation's first chunk it verifies the L2 signature over the signing message,
//!   enforces the op-specific rules (full-exit amount, forced-exit target, key change) and adds
//!   the fee to one of `MAX_FEE_TOKENS_PER_BATCH` fee slots.
//!
//! Every on-chain operation must name a chain of the batch's live set (`live_chains`, four
//! witnessed bits bound into the commitment), so a batch carrying an operation for a chain with
//! no contract cannot be proven against the commitment the deployment's contracts compute.
//!
//! After the last chunk the fee slots credit the fee account, once per fee token; then the
//! commitment is `sha256(batch ‖ timestamp ‖ live_chains ‖ old_root ‖ new_root ‖ sha256(pubdata)
//! ‖ sha256(onchain_data))`, masked to 253 bits.

pub mod example;
pub mod layout;
pub mod sizes;
pub mod update;
pub mod witness;

#[cfg(test)]
mod tests;

use self::{
	layout::{layout, Layout, OPS, OP_BYTES},
	update::{enforce_zero_product, Expect},
	witness::{BlockWitness, ChunkWitness},
};
use crate::gadgets::{eddsa, float, num, num::Lc, poseidon};
use bellman::{
	gadgets::{
		boolean::{AllocatedBit, Boolean},
		num::AllocatedNum,
		sha256::sha256,
	},
	Circuit, ConstraintSystem, SynthesisError,
};
use ff::Field;
use polylink_primitives::{
	field::Fr,
	params::{
		AMOUNT_MANTISSA_BITS, CHUNK_BYTES, COMMITMENT_BITS, FEE_MANTISSA_BITS, FLOAT_EXPONENT_BITS,
		MAX_CHAINS, MAX_FEE_TOKENS_PER_BATCH,
	},
	pubdata::op_code,
	tx::{tx_type, MESSAGE_ELEMENTS},
};

/// Bits of one chunk.
const CHUNK_BITS: usize = CHUNK_BYTES * 8;

/// The block circuit for a fixed number of chunks.
#[derive(Clone, Debug)]
pub struct BlockCircuit {
	/// Chunks (the circuit size).
	pub chunks: usize,
	/// The witness; `None` to synthesize the shape (parameter generation).
	pub witness: Option<BlockWitness>,
}

impl BlockCircuit {
	/// The shape of a circuit of `chunks` chunks, for parameter generation.
	pub fn blank(chunks: usize) -> Self {
		Self { chunks, witness: None }
	}
}

/// What a chunk passes to the next one.
struct Carry {
	packed: [Lc; 2],
	index: Lc,
	last: Lc,
}

/// What a chunk produces.
struct ChunkOut {
	root: AllocatedNum<Fr>,
	bits: Vec<Boolean>,
	onchain_bits: Vec<Boolean>,
	fees: Vec<Lc>,
	carry: Carry,
}

fn be(bits: &[Boolean]) -> Lc {
	let mut coeff = Fr::ONE;
	let mut acc = Lc::zero();
	for bit in bits.iter().rev() {
		acc = acc.add_scaled(&Lc::from_boolean(bit), coeff);
		coeff = coeff.double();
	}
	acc
}

fn constant_bits(value: u64, n: usize) -> Vec<Boolean> {
	(0..n).rev().map(|i| Boolean::constant((value >> i) & 1 == 1)).collect()
}

fn alloc_bit<CS: ConstraintSystem<Fr>>(
	cs: CS,
	value: Option<bool>,
) -> Result<Boolean, SynthesisError> {
	Ok(Boolean::from(AllocatedBit::alloc(cs, value)?))
}

/// Allocates a boolean equal to the linear combination `sum` (which must be 0 or 1).
fn bit_of<CS: ConstraintSystem<Fr>>(mut cs: CS, sum: &Lc) -> Result<Boolean, SynthesisError> {
	let bit = alloc_bit(cs.namespace(|| "bit"), sum.get_value().map(|v| v == Fr::ONE))?;
	// bit = sum
	cs.enforce(
		|| "bit computation",
		|lc| lc + &Lc::from_boolean(&bit).lc(),
		|lc| lc + CS::one(),
		|lc| lc + &sum.lc(),
	);
	Ok(bit)
}

fn enforce_equal<CS: ConstraintSystem<Fr>>(cs: &mut CS, name: &str, a: &Lc, b: &Lc) {
	cs.enforce(
		|| format!("{name} computation"),
		|lc| lc + &a.lc(),
		|lc| lc + CS::one(),
		|lc| lc + &b.lc(),
	);
}

fn sum(flags: &[&Lc]) -> Lc {
	flags.iter().fold(Lc::zero(), |acc, f| acc.add(f))
}

/// `a · b` as a combination over one new variable.
fn product<CS: ConstraintSystem<Fr>>(cs: CS, a: &Lc, b: &Lc) -> Result<Lc, SynthesisError> {
	Ok(Lc::from(&num::mul(cs, a, b)?))
}

/// Big-endian bits of the low `n` bits of a value known to fit `n` bits (range-checked).
fn be_bits<CS: ConstraintSystem<Fr>>(
	cs: CS,
	x: &Lc,
	n: usize,
) -> Result<Vec<Boolean>, SynthesisError> {
	let mut bits = num::range_check_lc(cs, x, n)?;
	bits.reverse();
	Ok(bits)
}

/// The index of each op code in the flag vector.
fn flag_index(code: u8) -> usize {
	OPS.iter().position(|c| *c == code).expect("known op code")
}

impl Circuit<Fr> for BlockCircuit {
	fn synthesize<CS: ConstraintSystem<Fr>>(self, cs: &mut CS) -> Result<(), SynthesisError> {
		let w = self.witness.as_ref();
		if let Some(w) = w {
			assert_eq!(w.chunks.len(), self.chunks, "witness built for another circuit size");
			assert_eq!(w.fee_slots.len(), MAX_FEE_TOKENS_PER_BATCH);
		}
		let old_root = AllocatedNum::alloc(cs.namespace(|| "old root"), || {
			w.map(|w| w.old_root).ok_or(SynthesisError::AssignmentMissing)
		})?;
		let slot_tokens = (0..MAX_FEE_TOKENS_PER_BATCH)
			.map(|j| {
				AllocatedNum::alloc(cs.namespace(|| format!("fee slot {j} token")), || {
					w.map(|w| Fr::from(u64::from(w.fee_slots[j].update.token)))
						.ok_or(SynthesisError::AssignmentMissing)
				})
			})
			.collect::<Result<Vec<_>, _>>()?;

		// The live chains: bit c − 1 for chain c (the commitment's `live_chains` byte).
		let live = (0..usize::from(MAX_CHAINS))
			.map(|c| {
				alloc_bit(
					cs.namespace(|| format!("live chain {}", c + 1)),
					w.map(|w| w.live_chains >> c & 1 == 1),
				)
			})
			.collect::<Result<Vec<_>, _>>()?;
		let live_lc: Vec<Lc> = live.iter().map(Lc::from_boolean).collect();

		let mut root = old_root.clone();
		let mut pubdata_bits = Vec::with_capacity(self.chunks * CHUNK_BITS);
		let mut onchain_bits = Vec::with_capacity(self.chunks * CHUNK_BITS);
		let mut fee_sums = vec![Lc::zero(); MAX_FEE_TOKENS_PER_BATCH];
		let mut carry: Option<Carry> = None;
		for i in 0..self.chunks {
			let out = chunk(
				cs.namespace(|| format!("chunk {i}")),
				&root,
				w.map(|w| &w.chunks[i]),
				carry.as_ref(),
				&slot_tokens,
				&live_lc,
			)?;
			root = out.root;
			pubdata_bits.extend(out.bits);
			onchain_bits.extend(out.onchain_bits);
			for (sum, fee) in fee_sums.iter_mut().zip(&out.fees) {
				*sum = sum.add(fee);
			}
			carry = Some(out.carry);
		}
		// The last chunk ends its operation.
		if let Some(carry) = &carry {
			enforce_equal(cs, "last chunk ends an op", &carry.last, &Lc::constant(Fr::ONE));
		}

		// Fee slots: the fee account's balance of each slot token gets the slot's sum.
		for (j, (token, fees)) in slot_tokens.iter().zip(&fee_sums).enumerate() {
			let expect = Expect {
				active: Lc::constant(Fr::ONE),
				account: Lc::zero(),
				token: Lc::from(token),
				debit: Lc::zero(),
				credit: fees.clone(),
				bump: Lc::zero(),
				set_pubkey_hash: Lc::zero(),
				pubkey_hash: Lc::zero(),
				open: Lc::zero(),
				open_or_match: Lc::zero(),
				address: Lc::zero(),
			};
			let (_, new_root) = update::update(
				cs.namespace(|| format!("fee slot {j}")),
				&root,
				w.map(|w| &w.fee_slots[j].update),
				&expect,
			)?;
			root = new_root;
		}

		// The commitment.
		let pubdata_hash = sha256(cs.namespace(|| "pubdata hash"), &pubdata_bits)?;
		let onchain_hash = sha256(cs.namespace(|| "onchain hash"), &onchain_bits)?;
		let mut header = Vec::with_capacity(64 + 64 + 4 * 256);
		let batch_number = AllocatedNum::alloc(cs.namespace(|| "batch number value"), || {
			w.map(|w| Fr::from(w.batch_number)).ok_or(SynthesisError::AssignmentMissing)
		})?;
		header.extend(be_bits(cs.namespace(|| "batch number"), &Lc::from(&batch_number), 64)?);
		let timestamp = AllocatedNum::alloc(cs.namespace(|| "timestamp value"), || {
			w.map(|w| Fr::from(w.timestamp)).ok_or(SynthesisError::AssignmentMissing)
		})?;
		header.extend(be_bits(cs.namespace(|| "timestamp"), &Lc::from(&timestamp), 64)?);
		header.extend(constant_bits(0, 8 - live.len()));
		header.extend(live.iter().rev().cloned());
		for (name, r) in [("old root bits", &old_root), ("new root bits", &root)] {
			let mut bits = r.to_bits_le_strict(cs.namespace(|| name))?;
			bits.push(Boolean::constant(false));
			bits.reverse();
			header.extend(bits);
		}
		header.extend(pubdata_hash);
		header.extend(onchain_hash);
		let digest = sha256(cs.namespace(|| "commitment hash"), &header)?;
		let commitment = be(&digest[256 - COMMITMENT_BITS as usize..]);
		let input = cs.alloc_input(
			|| "commitment",
			|| commitment.get_value().ok_or(SynthesisError::AssignmentMissing),
		)?;
		cs.enforce(
			|| "commitment computation",
			|lc| lc + input,
			|lc| lc + CS::one(),
			|lc| lc + &commitment.lc(),
		);
		Ok(())
	}
}

/// One chunk: pubdata window, two leaf updates, and (on an op's first chunk) its signature,
/// rules and fee.
fn chunk<CS: ConstraintSystem<Fr>>(
	mut cs: CS,
	root: &AllocatedNum<Fr>,
	w: Option<&ChunkWitness>,
	prev: Option<&Carry>,
	slot_tokens: &[AllocatedNum<Fr>],
	live: &[Lc],
) -> Result<ChunkOut, SynthesisError> {
	let one = Lc::constant(Fr::ONE);
	// The operation's pubdata, big-endian bits.
	let bits = (0..OP_BYTES * 8)
		.map(|k| {
			alloc_bit(
				cs.namespace(|| format!("op bit {k}")),
				w.map(|w| (w.op_pubdata[k / 8] >> (7 - k % 8)) & 1 == 1),
			)
		})
		.collect::<Result<Vec<_>, _>>()?;
	let field = |f: Option<layout::Field>| f.map(|(o, l)| be(&bits[o * 8..(o + l) * 8]));

	// One-hot op flags; Σ code_t · f_t is the op-code byte.
	let code = w.map(|w| w.op_pubdata[0]);
	let flags = OPS
		.iter()
		.map(|c| alloc_bit(cs.namespace(|| format!("op flag {c}")), code.map(|x| x == *c)))
		.collect::<Result<Vec<_>, _>>()?;
	let f: Vec<Lc> = flags.iter().map(Lc::from_boolean).collect();
	enforce_equal(&mut cs, "one op", &sum(&f.iter().collect::<Vec<_>>()), &one);
	let code_sum = OPS
		.iter()
		.zip(&f)
		.fold(Lc::zero(), |acc, (c, f)| acc.add_scaled(f, Fr::from(u64::from(*c))));
	enforce_equal(&mut cs, "op code", &code_sum, &be(&bits[..8]));
	let fl = |c: u8| &f[flag_index(c)];
	let (f_noop, f_dep, f_ttn, f_wd, f_t, f_fe, f_cpk, f_fx) = (
		fl(op_code::NOOP),
		fl(op_code::DEPOSIT),
		fl(op_code::TRANSFER_TO_NEW),
		fl(op_code::WITHDRAW),
		fl(op_code::TRANSFER),
		fl(op_code::FULL_EXIT),
		fl(op_code::CHANGE_PUBKEY),
		fl(op_code::FORCED_EXIT),
	);

	// Chunk index within the op: one-hot g0, g1, g2.
	let index_value = w.map(|w| w.index);
	let g = (0..3u8)
		.map(|k| alloc_bit(cs.namespace(|| format!("index flag {k}")), index_value.map(|x| x == k)))
		.collect::<Result<Vec<_>, _>>()?;
	let g: Vec<Lc> = g.iter().map(Lc::from_boolean).collect();
	enforce_equal(&mut cs, "one index", &sum(&[&g[0], &g[1], &g[2]]), &one);
	let index = g[1].add_scaled(&g[2], Fr::from(2u64));
	let packed = [be(&bits[..216]), be(&bits[216..])];
	match prev {
		// An op starts where the previous one ended; otherwise the index advances and the
		// op's pubdata is carried unchanged.
		Some(prev) => {
			enforce_equal(&mut cs, "starts after last", &g[0], &prev.last);
			let cont = one.sub(&g[0]);
			enforce_zero_product(
				&mut cs,
				"index advances",
				&cont,
				&index.sub(&prev.index).sub(&one),
			);
			enforce_zero_product(
				&mut cs,
				"pubdata carried 0",
				&cont,
				&packed[0].sub(&prev.packed[0]),
			);
			enforce_zero_product(
				&mut cs,
				"pubdata carried 1",
				&cont,
				&packed[1].sub(&prev.packed[1]),
			);
		}
		None => enforce_equal(&mut cs, "first chunk starts an op", &g[0], &one),
	}
	let three_chunk_ops = sum(&[f_dep, f_wd, f_fe, f_cpk, f_fx]);
	let last = product(cs.namespace(|| "last of 1-chunk op"), &f_noop.add(f_t), &g[0])?
		.add(&product(cs.namespace(|| "last of 2-chunk op"), f_ttn, &g[1])?)
		.add(&product(cs.namespace(|| "last of 3-chunk op"), &three_chunk_ops, &g[2])?);

	// Bytes past an op's layout are zero.
	let layouts: Vec<Layout> = OPS.iter().map(|c| layout(*c)).collect();
	for (k, bit) in bits.iter().enumerate().skip(8) {
		let padded = sum(&layouts
			.iter()
			.zip(&f)
			.filter(|(l, _)| k / 8 >= l.used)
			.map(|(_, f)| f)
			.collect::<Vec<_>>());
		enforce_zero_product(&mut cs, &format!("padding bit {k}"), &Lc::from_boolean(bit), &padded);
	}

	// Semantic fields, multiplexed by op type: Σ_t f_t · field_t.
	let mut mux =
		|name: &str, get: fn(&Layout) -> Option<layout::Field>| -> Result<Lc, SynthesisError> {
			let mut acc = Lc::zero();
			for (t, l) in layouts.iter().enumerate() {
				if let Some(value) = field(get(l)) {
					acc = acc.add(&product(
						cs.namespace(|| format!("{name} of op {}", OPS[t])),
						&f[t],
						&value,
					)?);
				}
			}
			Ok(acc)
		};
	let chain = mux("chain", |l| l.chain)?;
	let account_a = mux("account a", |l| l.account_a)?;
	let account_b = mux("account b", |l| l.account_b)?;
	let token = mux("token", |l| l.token)?;
	let amount_full = mux("amount", |l| l.amount)?;
	let fee_token_field = mux("fee token", |l| l.fee_token)?;
	let address = mux("address", |l| l.address)?;
	let pubkey_hash = mux("pubkey hash", |l| l.pubkey_hash)?;
	let nonce_field = mux("nonce", |l| l.nonce)?;

	// Packed amount (transfers; same offset in both) and packed fee (offset per op type).
	let is_transfer = bit_of(cs.namespace(|| "is transfer"), &f_t.add(f_ttn))?;
	let (amount_offset, _) =
		layout(op_code::TRANSFER).packed_amount.expect("transfers pack amounts");
	let packed_amount_bits = (0..40)
		.map(|k| {
			Boolean::and(
				cs.namespace(|| format!("packed amount bit {k}")),
				&bits[amount_offset * 8 + k],
				&is_transfer,
			)
		})
		.collect::<Result<Vec<_>, _>>()?;
	let mut packed_fee_bits = Vec::with_capacity(16);
	for k in 0..16 {
		let mut terms = Lc::zero();
		for (t, l) in layouts.iter().enumerate() {
			if let Some((offset, _)) = l.fee {
				let flag = &flags[t];
				let and = Boolean::and(
					cs.namespace(|| format!("fee bit {k} of op {}", OPS[t])),
					&bits[offset * 8 + k],
					flag,
				)?;
				terms = terms.add(&Lc::from_boolean(&and));
			}
		}
		packed_fee_bits.push(bit_of(cs.namespace(|| format!("fee bit {k}")), &terms)?);
	}
	let unpacked_amount = float::unpack(
		cs.namespace(|| "unpack amount"),
		&packed_amount_bits,
		AMOUNT_MANTISSA_BITS as usize,
		FLOAT_EXPONENT_BITS as usize,
	)?;
	let fee = Lc::from(&float::unpack(
		cs.namespace(|| "unpack fee"),
		&packed_fee_bits,
		FEE_MANTISSA_BITS as usize,
		FLOAT_EXPONENT_BITS as usize,
	)?);
	let amount = amount_full.add(&Lc::from(&unpacked_amount));
	let fee_token = fee_token_field.add(&product(
		cs.namespace(|| "transfer fee token"),
		&Lc::from_boolean(&is_transfer),
		&token,
	)?);

	// Role flags: op t at chunk index k.
	let r0 = |cs: &mut CS, name: &str, ft: &Lc| {
		product(cs.namespace(|| format!("{name} at index 0")), ft, &g[0])
	};
	let (r_t, r_ttn, r_dep, r_wd, r_fe, r_cpk, r_fx) = (
		r0(&mut cs, "transfer", f_t)?,
		r0(&mut cs, "transfer to new", f_ttn)?,
		r0(&mut cs, "deposit", f_dep)?,
		r0(&mut cs, "withdraw", f_wd)?,
		r0(&mut cs, "full exit", f_fe)?,
		r0(&mut cs, "change pubkey", f_cpk)?,
		r0(&mut cs, "forced exit", f_fx)?,
	);
	let token_num = token.alloc(cs.namespace(|| "token value"))?;
	let fee_token_num = fee_token.alloc(cs.namespace(|| "fee token value"))?;
	let same_token =
		num::is_equal(cs.namespace(|| "fee in same token"), &fee_token_num, &token_num)?;
	let r_wd1 = product(cs.namespace(|| "withdraw at index 1"), f_wd, &g[1])?;
	let r_wd_fee = product(
		cs.namespace(|| "withdraw fee in other token"),
		&r_wd1,
		&one.sub(&Lc::from_boolean(&same_token)),
	)?;
	let r_fx1 = product(cs.namespace(|| "forced exit at index 1"), f_fx, &g[1])?;
	let signed = sum(&[&r_t, &r_ttn, &r_wd, &r_cpk, &r_fx]);

	// What the two slots must do (`polylink_primitives::plan`).
	let mut p = |name: &str, a: &Lc, b: &Lc| product(cs.namespace(|| name.to_string()), a, b);
	let debit_all = amount.add(&fee);
	let same_fee = p("same-token fee", &Lc::from_boolean(&same_token), &fee)?;
	let expect0 = Expect {
		active: sum(&[&r_t, &r_ttn, &r_dep, &r_wd, &r_fe, &r_cpk, &r_fx, &r_wd_fee, &r_fx1]),
		account: p(
			"slot 0 account a",
			&sum(&[&r_t, &r_ttn, &r_dep, &r_wd, &r_fe, &r_cpk, &r_fx, &r_wd_fee]),
			&account_a,
		)?
		.add(&p("slot 0 reserve", &r_fx1, &chain)?),
		token: p("slot 0 token", &sum(&[&r_t, &r_ttn, &r_dep, &r_wd, &r_fe, &r_fx1]), &token)?
			.add(&p("slot 0 fee token", &sum(&[&r_cpk, &r_fx, &r_wd_fee]), &fee_token)?),
		debit: p("slot 0 transfer debit", &r_t.add(&r_ttn), &debit_all)?
			.add(&p("slot 0 withdraw debit", &r_wd, &amount.add(&same_fee))?)
			.add(&p("slot 0 amount debit", &r_fe.add(&r_fx1), &amount)?)
			.add(&p("slot 0 fee debit", &sum(&[&r_cpk, &r_fx, &r_wd_fee]), &fee)?),
		credit: p("slot 0 deposit credit", &r_dep, &amount)?,
		bump: signed.clone(),
		set_pubkey_hash: r_cpk.clone(),
		pubkey_hash: pubkey_hash.clone(),
		open: Lc::zero(),
		open_or_match: r_dep.clone(),
		address: address.clone(),
	};
	let active1 = sum(&[&r_t, &r_ttn, &r_dep, &r_wd, &r_fe, &r_fx]);
	let expect1 = Expect {
		active: active1.clone(),
		account: p("slot 1 account b", &sum(&[&r_t, &r_ttn, &r_fx]), &account_b)?.add(&p(
			"slot 1 reserve",
			&sum(&[&r_dep, &r_wd, &r_fe]),
			&chain,
		)?),
		token: p("slot 1 token", &active1, &token)?,
		debit: p("slot 1 debit", &sum(&[&r_wd, &r_fe, &r_fx]), &amount)?,
		credit: p("slot 1 credit", &sum(&[&r_t, &r_ttn, &r_dep]), &amount)?,
		bump: Lc::zero(),
		set_pubkey_hash: Lc::zero(),
		pubkey_hash: Lc::zero(),
		open: r_ttn.clone(),
		open_or_match: Lc::zero(),
		address: address.clone(),
	};
	let (old0, root) =
		update::update(cs.namespace(|| "slot 0"), root, w.map(|w| &w.updates[0]), &expect0)?;
	let (old1, root) =
		update::update(cs.namespace(|| "slot 1"), &root, w.map(|w| &w.updates[1]), &expect1)?;

	// Chain index in 1..=4 for ops that name one, and live: with b0, b1 the bits of chain − 1,
	// live[chain] = l1 + b0·(l2 − l1) + b1·(l3 − l1) + b0·b1·(l1 − l2 − l3 + l4).
	let has_chain = sum(&[f_dep, f_wd, f_fe, f_cpk, f_fx]);
	let chain_bits =
		num::range_check_lc(cs.namespace(|| "chain range"), &chain.sub(&has_chain), 2)?;
	let (b0, b1) = (Lc::from_boolean(&chain_bits[0]), Lc::from_boolean(&chain_bits[1]));
	let b01 = product(cs.namespace(|| "chain bits product"), &b0, &b1)?;
	let is_live = live[0]
		.add(&product(cs.namespace(|| "live term 1"), &b0, &live[1].sub(&live[0]))?)
		.add(&product(cs.namespace(|| "live term 2"), &b1, &live[2].sub(&live[0]))?)
		.add(&product(
			cs.namespace(|| "live term 3"),
			&b01,
			&live[0].sub(&live[1]).sub(&live[2]).add(&live[3]),
		)?);
	enforce_zero_product(&mut cs, "op names a live chain", &has_chain, &one.sub(&is_live));

	// Recipients and owners named in pubdata are non-zero addresses (a key change's owner too:
	// an empty account has no owner who could authorise a key).
	let address_num = address.alloc(cs.namespace(|| "address value"))?;
	let address_zero_bit = num::is_zero(cs.namespace(|| "address is zero"), &address_num)?;
	let address_zero = Lc::from_boolean(&address_zero_bit);
	enforce_zero_product(
		&mut cs,
		"non-zero address",
		&sum(&[&r_dep, &r_ttn, &r_wd, &r_fx, &r_cpk]),
		&address_zero,
	);

	// Transfer: the recipient exists (non-zero owner) and is not the sender.
	let to_zero = num::is_zero(cs.namespace(|| "recipient owner is zero"), &old1.address)?;
	enforce_zero_product(&mut cs, "recipient exists", &r_t, &Lc::from_boolean(&to_zero));
	let a_num = account_a.alloc(cs.namespace(|| "account a value"))?;
	let b_num = account_b.alloc(cs.namespace(|| "account b value"))?;
	let self_transfer = num::is_equal(cs.namespace(|| "self transfer"), &a_num, &b_num)?;
	enforce_zero_product(&mut cs, "no self transfer", &r_t, &Lc::from_boolean(&self_transfer));

	// ChangePubKey: a user account (never the fee or a reserve account), whose owner and nonce
	// the pubdata names; the new key is non-zero.
	enforce_zero_product(
		&mut cs,
		"key change on a user account",
		&r_cpk,
		&one.sub(&Lc::from_boolean(&old0.is_user)),
	);
	enforce_zero_product(
		&mut cs,
		"key change owner",
		&r_cpk,
		&Lc::from(&old0.address).sub(&address),
	);
	enforce_zero_product(
		&mut cs,
		"key change nonce",
		&r_cpk,
		&Lc::from(&old0.nonce).sub(&nonce_field),
	);
	let pkh_num = pubkey_hash.alloc(cs.namespace(|| "new key hash"))?;
	let pkh_zero = num::is_zero(cs.namespace(|| "new key hash is zero"), &pkh_num)?;
	enforce_zero_product(&mut cs, "new key non-zero", &r_cpk, &Lc::from_boolean(&pkh_zero));

	// FullExit: amount = owned ? min(balance, reserve) : 0.
	let owner_match = num::is_equal(cs.namespace(|| "exit owner"), &old0.address, &address_num)?;
	let owned = Boolean::and(cs.namespace(|| "owned"), &owner_match, &address_zero_bit.not())?;
	let min = num::min(cs.namespace(|| "balance or reserve"), &old0.balance, &old1.balance, 128)?;
	let payable = product(cs.namespace(|| "payable"), &Lc::from_boolean(&owned), &Lc::from(&min))?;
	enforce_zero_product(&mut cs, "full exit amount", &r_fe, &amount.sub(&payable));

	// ForcedExit: the target is keyless, owned by the named address, and pays its whole,
	// non-zero balance.
	enforce_zero_product(&mut cs, "target keyless", &r_fx, &Lc::from(&old1.pubkey_hash));
	enforce_zero_product(&mut cs, "target owner", &r_fx, &Lc::from(&old1.address).sub(&address));
	enforce_zero_product(&mut cs, "whole balance", &r_fx, &amount.sub(&Lc::from(&old1.balance)));
	let amount_num = amount.alloc(cs.namespace(|| "amount value"))?;
	let amount_zero = num::is_zero(cs.namespace(|| "amount is zero"), &amount_num)?;
	enforce_zero_product(&mut cs, "something to exit", &r_fx, &Lc::from_boolean(&amount_zero));

	// The signing message (`L2Tx::signing_bytes`, split into 31-byte elements).
	let field_bits = |f: Option<layout::Field>| -> Vec<Boolean> {
		let (o, n) = f.expect("layout field");
		bits[o * 8..(o + n) * 8].to_vec()
	};
	let u32_of_account = |f: Option<layout::Field>| {
		let mut v = constant_bits(0, 8);
		v.extend(field_bits(f));
		v
	};
	let amount_bits = be_bits(cs.namespace(|| "amount bits"), &amount, 128)?;
	let fee_bits = be_bits(cs.namespace(|| "fee bits"), &fee, 128)?;
	let mut nonce_bits = old0.nonce_bits.clone();
	nonce_bits.reverse();
	let recipient_bits =
		be_bits(cs.namespace(|| "recipient owner bits"), &Lc::from(&old1.address), 160)?;
	let lt = layout(op_code::TRANSFER);
	let lttn = layout(op_code::TRANSFER_TO_NEW);
	let lwd = layout(op_code::WITHDRAW);
	let lcpk = layout(op_code::CHANGE_PUBKEY);
	let lfx = layout(op_code::FORCED_EXIT);
	let transfer_message = |to: Vec<Boolean>, l: &Layout| {
		let mut m = constant_bits(u64::from(tx_type::TRANSFER), 8);
		m.extend(u32_of_account(l.account_a));
		m.extend(to);
		m.extend(field_bits(l.token));
		m.extend(amount_bits.clone());
		m.extend(field_bits(l.token));
		m.extend(fee_bits.clone());
		m.extend(nonce_bits.clone());
		m
	};
	let messages: Vec<(Lc, Vec<Boolean>)> = vec![
		(r_t.clone(), transfer_message(recipient_bits, &lt)),
		(r_ttn.clone(), transfer_message(field_bits(lttn.address), &lttn)),
		(r_wd.clone(), {
			let mut m = constant_bits(u64::from(tx_type::WITHDRAW), 8);
			m.extend(u32_of_account(lwd.account_a));
			m.extend(field_bits(lwd.chain));
			m.extend(field_bits(lwd.address));
			m.extend(field_bits(lwd.token));
			m.extend(field_bits(lwd.amount));
			m.extend(field_bits(lwd.fee_token));
			m.extend(fee_bits.clone());
			m.extend(nonce_bits.clone());
			m
		}),
		(r_cpk.clone(), {
			let mut m = constant_bits(u64::from(tx_type::CHANGE_PUBKEY), 8);
			m.extend(u32_of_account(lcpk.account_a));
			m.extend(field_bits(lcpk.chain));
			m.extend(field_bits(lcpk.pubkey_hash));
			m.extend(field_bits(lcpk.fee_token));
			m.extend(fee_bits.clone());
			m.extend(nonce_bits.clone());
			m
		}),
		(r_fx.clone(), {
			let mut m = constant_bits(u64::from(tx_type::FORCED_EXIT), 8);
			m.extend(u32_of_account(lfx.account_a));
			m.extend(field_bits(lfx.address));
			m.extend(field_bits(lfx.chain));
			m.extend(field_bits(lfx.token));
			m.extend(field_bits(lfx.fee_token));
			m.extend(fee_bits.clone());
			m.extend(nonce_bits.clone());
			m
		}),
	];
	let mut elements = vec![Lc::zero(); MESSAGE_ELEMENTS];
	for (t, (role, message)) in messages.iter().enumerate() {
		assert!(message.len() <= MESSAGE_ELEMENTS * 248, "signing bytes fit the message elements");
		for (e, piece) in message.chunks(248).enumerate() {
			let term =
				product(cs.namespace(|| format!("message {t} element {e}")), role, &be(piece))?;
			elements[e] = elements[e].add(&term);
		}
	}
	let message = poseidon::hash_lc(cs.namespace(|| "message"), &elements)?;

	// The signature, on a signed op's first chunk.
	let signed_bit = bit_of(cs.namespace(|| "signed"), &signed)?;
	let sig = w.and_then(|w| w.signature.as_ref());
	let generator = jubjub::AffinePoint::from(jubjub::ExtendedPoint::from(
		<jubjub::SubgroupPoint as group::Group>::generator(),
	));
	let pk = eddsa::EdwardsPoint::witness_subgroup(
		cs.namespace(|| "public key"),
		w.map(|_| sig.map_or(generator, |s| s.public_key)),
	)?;
	let r_point = eddsa::EdwardsPoint::witness(
		cs.namespace(|| "signature R"),
		w.map(|_| sig.map_or(generator, |s| s.r)),
	)?;
	let s_value = w.map(|_| sig.map_or(jubjub::Fr::ZERO, |s| s.s));
	let s_bits = (0..eddsa::SCALAR_BITS)
		.map(|k| {
			alloc_bit(
				cs.namespace(|| format!("s bit {k}")),
				s_value.map(|s| (s.to_bytes()[k / 8] >> (k % 8)) & 1 == 1),
			)
		})
		.collect::<Result<Vec<_>, _>>()?;
	eddsa::verify_if(cs.namespace(|| "signature"), &signed_bit, &pk, &r_point, &s_bits, &message)?;
	// The signer's key is the account's (or, for a key change, the new one).
	let signer_hash = eddsa::pubkey_hash(cs.namespace(|| "signer key hash"), &pk)?;
	let expected_hash = Lc::from(&old0.pubkey_hash).add(&product(
		cs.namespace(|| "key change signer"),
		&r_cpk,
		&pubkey_hash.sub(&Lc::from(&old0.pubkey_hash)),
	)?);
	enforce_zero_product(
		&mut cs,
		"signer key",
		&signed,
		&Lc::from(&signer_hash).sub(&expected_hash),
	);

	// The fee goes to exactly one fee slot holding its token.
	let fee_num = fee.alloc(cs.namespace(|| "fee value"))?;
	let fee_zero = num::is_zero(cs.namespace(|| "fee is zero"), &fee_num)?;
	let needs_slot = product(
		cs.namespace(|| "needs fee slot"),
		&signed,
		&one.sub(&Lc::from_boolean(&fee_zero)),
	)?;
	let slot = w.and_then(|w| w.fee_slot);
	let mut selected = Lc::zero();
	let mut fees = Vec::with_capacity(slot_tokens.len());
	for (j, slot_token) in slot_tokens.iter().enumerate() {
		let s = Lc::from_boolean(&alloc_bit(
			cs.namespace(|| format!("fee slot {j} selected")),
			w.map(|_| slot == Some(j)),
		)?);
		enforce_zero_product(
			&mut cs,
			&format!("fee slot {j} token"),
			&s,
			&Lc::from(slot_token).sub(&fee_token),
		);
		fees.push(product(cs.namespace(|| format!("fee to slot {j}")), &s, &fee)?);
		selected = selected.add(&s);
	}
	enforce_equal(&mut cs, "one fee slot", &selected, &needs_slot);

	// This chunk's window of the op's pubdata, and its on-chain mask.
	let onchain = bit_of(cs.namespace(|| "on-chain op"), &sum(&[f_dep, f_wd, f_fe, f_cpk, f_fx]))?;
	let mut window = Vec::with_capacity(CHUNK_BITS);
	let mut masked = Vec::with_capacity(CHUNK_BITS);
	for k in 0..CHUNK_BITS {
		let b = [&bits[k], &bits[CHUNK_BITS + k], &bits[2 * CHUNK_BITS + k]];
		let value = index_value.map(|i| b[usize::from(i)].get_value().unwrap_or(false));
		let out = alloc_bit(cs.namespace(|| format!("window bit {k}")), value)?;
		// out = b0 + g1·(b1 − b0) + g2·(b2 − b0)
		let b0 = Lc::from_boolean(b[0]);
		let t1 = product(
			cs.namespace(|| format!("window bit {k} second")),
			&g[1],
			&Lc::from_boolean(b[1]).sub(&b0),
		)?;
		cs.enforce(
			|| format!("window bit {k} computation"),
			|lc| lc + &g[2].lc(),
			|lc| lc + &Lc::from_boolean(b[2]).sub(&b0).lc(),
			|lc| lc + &Lc::from_boolean(&out).sub(&b0).sub(&t1).lc(),
		);
		masked.push(Boolean::and(cs.namespace(|| format!("masked bit {k}")), &out, &onchain)?);
		window.push(out);
	}
	Ok(ChunkOut {
		root,
		bits: window,
		onchain_bits: masked,
		fees,
		carry: Carry { packed, index, last },
	})
}
