//! The block circuit's witness, built from the state before a batch and the sealed batch by
//! stepping through the same leaf updates the executor wrote (`polylink_primitives::plan`).

use super::layout::OP_BYTES;
use group::GroupEncoding;
use polylink_primitives::{
	account::AccountId,
	eth::L1Address,
	executor::Batch,
	field::Fr,
	params::{CHUNK_BYTES, MAX_FEE_TOKENS_PER_BATCH, UPDATES_PER_CHUNK},
	plan::{self, LeafUpdate},
	pubdata::Op,
	signature::{PubKeyHash, PublicKey, TxSignature},
	state::State,
	token::TokenId,
};

/// One leaf update's witness: which leaf, its old contents, and its two paths.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateWitness {
	/// Account id.
	pub account: u32,
	/// Token id.
	pub token: u16,
	/// Old owner address.
	pub address: L1Address,
	/// Old public-key hash.
	pub pubkey_hash: PubKeyHash,
	/// Old nonce.
	pub nonce: u32,
	/// Old balance of `token`.
	pub balance: u128,
	/// Account-tree siblings, leaf level first.
	pub account_path: Vec<Fr>,
	/// Balance-tree siblings, leaf level first.
	pub balance_path: Vec<Fr>,
}

/// An L2 signature as the circuit takes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignatureWitness {
	/// The signer's public key.
	pub public_key: jubjub::AffinePoint,
	/// The signature's commitment point R.
	pub r: jubjub::AffinePoint,
	/// The signature's scalar s.
	pub s: jubjub::Fr,
}

/// One chunk's witness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChunkWitness {
	/// The whole operation's pubdata, zero padded to three chunks.
	pub op_pubdata: [u8; OP_BYTES],
	/// This chunk's index within the operation.
	pub index: u8,
	/// The two leaf updates.
	pub updates: [UpdateWitness; UPDATES_PER_CHUNK],
	/// The operation's signature (first chunk of a signed operation).
	pub signature: Option<SignatureWitness>,
	/// The fee slot the operation's fee is added to (first chunk, non-zero fee).
	pub fee_slot: Option<usize>,
}

/// A fee slot: the fee account's credit of one token, after the last chunk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeSlotWitness {
	/// The update of the fee account's balance (token 0, nothing credited, when unused).
	pub update: UpdateWitness,
}

/// Everything the block circuit needs for one batch.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlockWitness {
	/// Batch number.
	pub batch_number: u64,
	/// Batch timestamp.
	pub timestamp: u64,
	/// The live chains the batch commits to (bit c − 1 for chain c).
	pub live_chains: u8,
	/// Root before the batch.
	pub old_root: Fr,
	/// One entry per chunk of the circuit.
	pub chunks: Vec<ChunkWitness>,
	/// `MAX_FEE_TOKENS_PER_BATCH` fee slots.
	pub fee_slots: Vec<FeeSlotWitness>,
}

/// Why a witness could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum WitnessError {
	/// The state is not the one the batch started from.
	#[error("the state root does not match the batch's old root")]
	WrongState,
	/// The batch has more chunks than the circuit.
	#[error("the batch needs {needed} chunks, the circuit has {capacity}")]
	TooManyChunks {
		/// Chunks the batch uses.
		needed: usize,
		/// The circuit's capacity.
		capacity: usize,
	},
	/// A signed operation has no (or an undecodable) signature.
	#[error("operation {0} lacks a valid signature")]
	MissingSignature(usize),
	/// More fee tokens than fee slots.
	#[error("the batch collects fees in more than {MAX_FEE_TOKENS_PER_BATCH} tokens")]
	TooManyFeeTokens,
	/// An operation's pubdata does not encode.
	#[error("operation {0} does not encode")]
	Pubdata(usize),
	/// Stepping through the batch did not end at its new root.
	#[error("replaying the batch did not reach its new root")]
	WrongNewRoot,
}

/// Takes the witness of one update (paths and old values) and applies it to `state`.
fn step(state: &mut State, update: Option<&LeafUpdate>) -> UpdateWitness {
	let (account, token) = update.map_or((AccountId::FEES, TokenId(0)), |u| (u.account, u.token));
	let account_path = state.account_proof(account).siblings;
	let balance_path = state.balance_proof(account, token).siblings;
	let old = state.account(account).cloned().unwrap_or_default();
	let witness = UpdateWitness {
		account: account.0,
		token: token.0,
		address: old.l1_address,
		pubkey_hash: old.pubkey_hash,
		nonce: old.nonce,
		balance: old.balance(token),
		account_path,
		balance_path,
	};
	if let Some(update) = update {
		state.write_update(update);
	}
	witness
}

fn decode_signature(sig: &TxSignature) -> Option<SignatureWitness> {
	let public_key = PublicKey::from_bytes(&sig.pub_key).ok()?;
	let r = Option::<jubjub::SubgroupPoint>::from(jubjub::SubgroupPoint::from_bytes(
		&sig.signature[..32].try_into().ok()?,
	))?;
	let s =
		Option::<jubjub::Fr>::from(jubjub::Fr::from_bytes(&sig.signature[32..].try_into().ok()?))?;
	Some(SignatureWitness {
		public_key: jubjub::AffinePoint::from(jubjub::ExtendedPoint::from(public_key.point())),
		r: jubjub::AffinePoint::from(jubjub::ExtendedPoint::from(r)),
		s,
	})
}

/// Builds the witness of `batch` for a circuit of `capacity` chunks from the state the batch
/// started from.
pub fn build(state: &State, batch: &Batch, capacity: usize) -> Result<BlockWitness, WitnessError> {
	let mut state = state.clone();
	if state.root() != batch.old_root {
		return Err(WitnessError::WrongState);
	}
	let used: usize = batch.ops.iter().map(Op::chunks).sum();
	if used > capacity {
		return Err(WitnessError::TooManyChunks { needed: used, capacity });
	}
	if batch.fees.len() > MAX_FEE_TOKENS_PER_BATCH {
		return Err(WitnessError::TooManyFeeTokens);
	}
	let fee_tokens: Vec<TokenId> = batch.fees.keys().copied().collect();
	let mut chunks = Vec::with_capacity(capacity);
	let padding = core::iter::repeat_n((&Op::Noop, &None), capacity - used);
	for (i, (op, signature)) in batch.ops.iter().zip(&batch.signatures).chain(padding).enumerate() {
		let bytes = op.pubdata().map_err(|_| WitnessError::Pubdata(i))?;
		let mut op_pubdata = [0u8; OP_BYTES];
		op_pubdata[..bytes.len()].copy_from_slice(&bytes);
		let signature = match (op.fee(), signature) {
			(None, _) => None,
			(Some(_), Some(sig)) => {
				Some(decode_signature(sig).ok_or(WitnessError::MissingSignature(i))?)
			}
			(Some(_), None) => return Err(WitnessError::MissingSignature(i)),
		};
		let fee_slot = op.fee().filter(|(_, fee)| *fee > 0).map(|(token, _)| {
			fee_tokens.iter().position(|t| *t == token).expect("fees list every fee token")
		});
		for (index, plan) in op.plan().iter().enumerate() {
			let updates = [step(&mut state, plan[0].as_ref()), step(&mut state, plan[1].as_ref())];
			chunks.push(ChunkWitness {
				op_pubdata,
				index: index as u8,
				updates,
				signature: if index == 0 { signature.clone() } else { None },
				fee_slot: if index == 0 { fee_slot } else { None },
			});
		}
	}
	debug_assert_eq!(chunks.len(), capacity);
	let credits = plan::fee_credits(&batch.fees);
	let fee_slots = (0..MAX_FEE_TOKENS_PER_BATCH)
		.map(|j| FeeSlotWitness { update: step(&mut state, credits.get(j)) })
		.collect();
	if state.root() != batch.new_root {
		return Err(WitnessError::WrongNewRoot);
	}
	debug_assert_eq!(batch.pubdata.len(), capacity * CHUNK_BYTES);
	Ok(BlockWitness {
		batch_number: batch.number,
		timestamp: batch.timestamp,
		live_chains: batch.live_chains.bits(),
		old_root: batch.old_root,
		chunks,
		fee_slots,
	})
}
