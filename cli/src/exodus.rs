//! Exit mode from a user's side (DESIGN §6, `docs/protocol.md` §8), with no appchain and no
//! operator: only L1 endpoints, the recovered state (`polylink recover`) and the exit circuit's
//! parameters.
//!
//! - [`prove_exit`]: the pro-rata exit proof of one (account, token, chain) from the recovered
//!   state, `amount = balance × reserve[chain] / Σ reserve`, written as an [`ExitProof`] file.
//! - [`perform_exodus`]: submits it to that chain's contract (`performExodus`) once exits are
//!   open, after checking that the chain's last synced root is the one the proof is against,
//!   then pays the owner's pending balance out.
//! - [`activate_exit_mode`]: switches a chain into exit mode once a priority request expired.
//! - [`cancel_deposits`]: refunds the priority requests no synced batch consumed
//!   (`cancelOutstandingDepositsForExodusMode`), rebuilt from the contract's own events.
//! - [`carry_sync`]: carries an oracle sync certificate from one chain's calldata to another
//!   during the grace period, so that every chain's exits are against the same root.

use std::{path::Path, time::Duration};

use alloy_primitives::{Address, FixedBytes, TxHash, U256};
use alloy_sol_types::SolCall;
use bls12_381::Bls12;
use groth16::Parameters;
use polylink_circuits::{
	encoding::proof_to_eip2537,
	exit::{witness, ExitCircuit},
	params::{self, ParamsError},
	prover,
};
use polylink_l1_bindings::{IRollup::PriorityOpData, Rollup};
use polylink_primitives::{
	account::AccountId, chain::ChainId, eth::L1Address, exit::exit_amount, field,
	params::L2_DECIMALS, pubdata::op_code, state::State, token::TokenId,
};

use crate::{L1Error, L1};

/// The exit circuit's name in the parameter cache ([`polylink_circuits::registry`]).
pub const EXIT_CIRCUIT: &str = "exit";

/// Why an exit step could not be taken.
#[derive(Debug, thiserror::Error)]
pub enum ExodusError {
	/// The L1 endpoint failed or the contract refused.
	#[error(transparent)]
	L1(#[from] L1Error),
	/// The exit circuit's parameters could not be loaded or derived.
	#[error("the exit circuit's parameters: {0}")]
	Params(#[from] ParamsError),
	/// The recovered state refuses the claim.
	#[error("{0}")]
	Claim(#[from] witness::WitnessError),
	/// The recovered state has operations after its last batch (it is not a recovered state).
	#[error("the state has operations after batch {0}: exit proofs are against a batch's root")]
	NotSealed(u64),
	/// Proving failed.
	#[error("proving failed: {0}")]
	Prove(String),
	/// The proof does not verify under the parameters it was made with.
	#[error("the new exit proof does not verify under its own parameters' key")]
	SelfCheck,
	/// A proof file that cannot be read.
	#[error("the proof file: {0}")]
	File(String),
	/// The chain is not where the step needs it to be; the message says what to do.
	#[error("{0}")]
	NotReady(String),
}

/// An exit claim with its proof, as `polylink exit-proof` writes it and `polylink exodus` reads
/// it: `amount` is the chain's share in L2 units against the root after batch `batch`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExitProof {
	/// The recovered batch whose root the claim is against.
	pub batch: u64,
	/// That root (the contract's `lastSyncedRoot` when it is submitted).
	pub root: [u8; 32],
	/// The claimant's account.
	pub account: u32,
	/// Its L1 owner (receives the payout).
	pub owner: [u8; 20],
	/// The token.
	pub token: u16,
	/// The chain the share is paid on.
	pub chain: u8,
	/// The share, in L2 units.
	pub amount: u128,
	/// The Groth16 proof, EIP-2537 encoded (512 bytes).
	pub proof: Vec<u8>,
}

impl ExitProof {
	/// The proof as JSON (amounts as decimal strings, bytes as 0x hex).
	pub fn to_json(&self) -> serde_json::Value {
		serde_json::json!({
			"batch": self.batch,
			"root": format!("0x{}", hex::encode(self.root)),
			"account": self.account,
			"owner": format!("0x{}", hex::encode(self.owner)),
			"token": self.token,
			"chain": self.chain,
			"amount": self.amount.to_string(),
			"proof": format!("0x{}", hex::encode(&self.proof)),
		})
	}

	/// Reads a proof written by [`ExitProof::to_json`].
	pub fn from_json(value: &serde_json::Value) -> Result<Self, ExodusError> {
		let bad = |field: &str| ExodusError::File(format!("{field} is missing or malformed"));
		let bytes = |field: &str| -> Result<Vec<u8>, ExodusError> {
			let text = value[field].as_str().ok_or_else(|| bad(field))?;
			hex::decode(text.trim_start_matches("0x")).map_err(|_| bad(field))
		};
		let number = |field: &str| value[field].as_u64().ok_or_else(|| bad(field));
		Ok(Self {
			batch: number("batch")?,
			root: bytes("root")?.try_into().map_err(|_| bad("root"))?,
			account: u32::try_from(number("account")?).map_err(|_| bad("account"))?,
			owner: bytes("owner")?.try_into().map_err(|_| bad("owner"))?,
			token: u16::try_from(number("token")?).map_err(|_| bad("token"))?,
			chain: u8::try_from(number("chain")?).map_err(|_| bad("chain"))?,
			amount: value["amount"]
				.as_str()
				.and_then(|a| a.parse().ok())
				.ok_or_else(|| bad("amount"))?,
			proof: bytes("proof")?,
		})
	}
}

/// The exit circuit's parameters from `dir`: a ceremony's file (`exit-<shape>.params`) where
/// one lies there, else the insecure dev parameters cached there, derived (minutes, with
/// progress) when absent.
pub fn exit_parameters(
	dir: &Path,
	progress: &dyn Fn(&str),
) -> Result<Parameters<Bls12>, ExodusError> {
	let shape = params::circuit_shape(ExitCircuit::blank()).map_err(ParamsError::from)?;
	if params::ceremony_path(dir, EXIT_CIRCUIT, &shape).exists() {
		return Ok(params::load_ceremony(EXIT_CIRCUIT, ExitCircuit::blank(), dir, progress)?);
	}
	Ok(params::load_or_generate(EXIT_CIRCUIT, ExitCircuit::blank(), dir, progress)?)
}

/// Proves `account`'s share of `token` on `chain` against the root after the state's last
/// batch; checks the proof under `params`' own key. Returns the proof and the proving time.
pub fn prove_exit(
	state: &mut State,
	account: AccountId,
	token: TokenId,
	chain: ChainId,
	params: &Parameters<Bls12>,
) -> Result<(ExitProof, Duration), ExodusError> {
	let batch = state.last_batch();
	if state.root() != state.last_batch_root() {
		return Err(ExodusError::NotSealed(batch));
	}
	let w = witness::build(state, account, token, chain)?;
	let input = w.public_input();
	let claim = w.claim;
	let root = field::to_be_bytes(&w.root);
	let mut rng = rng()?;
	let (proof, took) = polylink_circuits::exit::prove(params, w, &mut rng)
		.map_err(|e| ExodusError::Prove(e.to_string()))?;
	prover::verify(&params.vk, &proof, input).map_err(|_| ExodusError::SelfCheck)?;
	let proof = ExitProof {
		batch,
		root,
		account: claim.account.0,
		owner: claim.owner.0,
		token: claim.token.0,
		chain: claim.chain.0,
		amount: claim.amount,
		proof: proof_to_eip2537(&proof).to_vec(),
	};
	Ok((proof, took))
}

/// A fresh randomness source for the proof's zero knowledge.
fn rng() -> Result<rand::rngs::StdRng, ExodusError> {
	use rand::SeedableRng;
	rand::rngs::StdRng::try_from_rng(&mut rand::rngs::SysRng)
		.map_err(|e| ExodusError::Prove(format!("no randomness: {e}")))
}

/// What [`perform_exodus`] did.
#[derive(Clone, Debug)]
pub struct Exodus {
	/// The `performExodus` transaction.
	pub exodus_tx: TxHash,
	/// What the contract credited, in the token's decimals on this chain.
	pub paid: u128,
	/// The payout of the owner's pending balance (`None` when nothing was pending, a zero share).
	pub payout_tx: Option<TxHash>,
}

/// Submits `proof` to `contract` (checked to be chain `proof.chain`), once exit mode is active
/// and the grace period is over, against the chain's `lastSyncedRoot`; then pays the owner's
/// whole pending balance of the token out.
pub fn perform_exodus(
	l1: &L1,
	contract: Address,
	proof: &ExitProof,
) -> Result<Exodus, ExodusError> {
	let index: u8 = l1.view(contract, Rollup::chainIndexCall {})?;
	if index != proof.chain {
		return Err(ExodusError::NotReady(format!(
			"the proof claims chain {}'s share, but this contract is chain {index}'s: make the proof \
			 with --chain {index}, or submit it to chain {}",
			proof.chain, proof.chain
		)));
	}
	require_exits_open(l1, contract)?;
	let synced: u64 = l1.view(contract, Rollup::totalSyncedCall {})?;
	let root = l1.view(contract, Rollup::lastSyncedRootCall {})?;
	if root != FixedBytes(proof.root) {
		return Err(ExodusError::NotReady(format!(
			"chain {index} synced up to batch {synced}, the proof is against batch {}'s root: \
			 every chain's exits are against the root it synced last (during the grace period, \
			 polylink sync-carry brings a newer sync certificate here; after it, prove against \
			 the state at batch {synced}: polylink recover --until {synced} --state <another \
			 file>)",
			proof.batch
		)));
	}
	let paid_already: bool = l1.view(
		contract,
		Rollup::exodusPaidCall { accountId: proof.account, tokenId: proof.token },
	)?;
	if paid_already {
		return Err(ExodusError::NotReady(format!(
			"account {}'s token {} share was already paid on chain {index}: each share is paid once",
			proof.account, proof.token
		)));
	}
	let owner = Address::from(proof.owner);
	let before = l1.view(contract, Rollup::pendingBalanceCall { owner, tokenId: proof.token })?;
	let call = Rollup::performExodusCall {
		accountId: proof.account,
		owner,
		tokenId: proof.token,
		amount: proof.amount,
		proof: proof.proof.clone().into(),
	};
	let exodus_tx = l1.send("performExodus", contract, call, U256::ZERO)?;
	let pending = l1.view(contract, Rollup::pendingBalanceCall { owner, tokenId: proof.token })?;
	let paid = pending.saturating_sub(before);
	let payout_tx = if pending > 0 {
		let call =
			Rollup::withdrawPendingBalanceCall { owner, tokenId: proof.token, amount: pending };
		Some(l1.send("withdrawPendingBalance", contract, call, U256::ZERO)?)
	} else {
		None
	};
	Ok(Exodus { exodus_tx, paid, payout_tx })
}

/// Fails unless `contract` is in exit mode with its grace period over, saying when it will be.
fn require_exits_open(l1: &L1, contract: Address) -> Result<(), ExodusError> {
	let exit_mode: bool = l1.view(contract, Rollup::exitModeCall {})?;
	if !exit_mode {
		return Err(ExodusError::NotReady(
			"this chain is not in exit mode: it can be activated once a priority request expired \
			 unprocessed (polylink activate-exit-mode)"
				.into(),
		));
	}
	let opens: U256 = l1.view(contract, Rollup::exodusOpensAtCall {})?;
	let now = l1.block_number()?;
	if U256::from(now) < opens {
		return Err(ExodusError::NotReady(format!(
			"exits open at block {opens} (now {now}): the grace period lets the last sync \
			 certificates reach every chain (polylink sync-carry)"
		)));
	}
	Ok(())
}

/// Switches `contract` into exit mode (anyone may, once its oldest unprocessed priority request
/// expired); `None` when it already is.
pub fn activate_exit_mode(l1: &L1, contract: Address) -> Result<Option<TxHash>, ExodusError> {
	let exit_mode: bool = l1.view(contract, Rollup::exitModeCall {})?;
	if exit_mode {
		return Ok(None);
	}
	Ok(Some(l1.send("activateExitMode", contract, Rollup::activateExitModeCall {}, U256::ZERO)?))
}

/// The priority requests of `contract` by serial id, rebuilt from its `Deposit` and
/// `FullExitRequest` events.
fn priority_ops(
	l1: &L1,
	contract: Address,
) -> Result<std::collections::BTreeMap<u64, PriorityOpData>, ExodusError> {
	let mut ops = std::collections::BTreeMap::new();
	for (_, d) in l1.events::<Rollup::Deposit>(contract)? {
		let op = PriorityOpData {
			opCode: op_code::DEPOSIT,
			accountId: 0,
			owner: d.to,
			tokenId: d.tokenId,
			amount: d.amountL2,
		};
		ops.insert(d.serialId, op);
	}
	for (_, f) in l1.events::<Rollup::FullExitRequest>(contract)? {
		let op = PriorityOpData {
			opCode: op_code::FULL_EXIT,
			accountId: f.accountId,
			owner: f.owner,
			tokenId: f.tokenId,
			amount: 0,
		};
		ops.insert(f.serialId, op);
	}
	Ok(ops)
}

/// What [`cancel_deposits`] did.
#[derive(Clone, Debug)]
pub struct Cancelled {
	/// The first cancelled request's serial id.
	pub first: u64,
	/// How many requests were cancelled (deposits refunded, full exits dropped).
	pub count: u64,
	/// How many of them were deposits.
	pub deposits: u64,
	/// The transaction.
	pub tx: TxHash,
	/// The refunds of the cancelled deposits, one per recipient and token.
	pub refunds: Vec<Refund>,
}

/// One recipient's refund of one token: what the cancellation credited to its pending balance
/// and what became of the payout.
#[derive(Clone, Debug)]
pub struct Refund {
	/// The deposits' L2 recipient, who gets the refund on L1.
	pub owner: Address,
	/// The token id.
	pub token: u16,
	/// The cancelled deposits' sum, in the token's decimals on this chain (each deposit scaled
	/// down as the contract credits it).
	pub amount: u128,
	/// The payout's transaction, or why it failed (a recipient that cannot receive keeps the
	/// refund in its pending balance); `Ok(None)` when its pending balance no longer holds it
	/// (someone paid it out already).
	pub payout: Result<Option<TxHash>, String>,
}

/// What each recipient is refunded when `ops` are cancelled: per (recipient, token), the sum of
/// its deposits' L2 amounts, each scaled down to the token's `decimals` (at most 18, checked by
/// the caller) on this chain as the contract credits it (rounded down deposit by deposit).
/// Full exits refund nothing.
pub fn refunds_of(
	ops: &[PriorityOpData],
	decimals: impl Fn(u16) -> u8,
) -> std::collections::BTreeMap<(Address, u16), u128> {
	let mut refunds = std::collections::BTreeMap::new();
	for op in ops.iter().filter(|op| op.opCode == op_code::DEPOSIT) {
		let scale = 10u128.pow(u32::from(L2_DECIMALS - decimals(op.tokenId)));
		*refunds.entry((op.owner, op.tokenId)).or_insert(0u128) += op.amount / scale;
	}
	refunds
}

/// Cancels every priority request of `contract` that no synced batch consumed: deposits are
/// credited back to their recipient's pending balance, and exactly what the cancellation
/// credited is then paid out to each of them (anyone may pay a pending balance; it always goes
/// to its owner; whatever else the owner has pending stays theirs to withdraw). A payout that
/// fails (a recipient that cannot receive) is reported and the others go on. `None` when
/// nothing is outstanding.
pub fn cancel_deposits(l1: &L1, contract: Address) -> Result<Option<Cancelled>, ExodusError> {
	require_exits_open(l1, contract)?;
	let cancelled: u64 = l1.view(contract, Rollup::cancelledUpToCall {})?;
	let synced: u64 = l1.view(contract, Rollup::syncedPriorityEndCall {})?;
	let next: u64 = l1.view(contract, Rollup::nextPriorityIdCall {})?;
	let first = cancelled.max(synced);
	if first >= next {
		return Ok(None);
	}
	let known = priority_ops(l1, contract)?;
	let ops = (first..next)
		.map(|serial| {
			known.get(&serial).cloned().ok_or_else(|| {
				ExodusError::NotReady(format!(
					"priority request {serial} has no Deposit or FullExitRequest event: does the \
					 endpoint serve the contract's whole log history?"
				))
			})
		})
		.collect::<Result<Vec<_>, _>>()?;
	let deposits = ops.iter().filter(|op| op.opCode == op_code::DEPOSIT).count() as u64;
	let count = next - first;
	let mut decimals = std::collections::BTreeMap::new();
	for op in ops.iter().filter(|op| op.opCode == op_code::DEPOSIT) {
		if let std::collections::btree_map::Entry::Vacant(entry) = decimals.entry(op.tokenId) {
			let token = l1.view(contract, Rollup::tokensCall { tokenId: op.tokenId })?;
			// The contract registers a token before any deposit of it, with at most
			// L2_DECIMALS decimals: anything else is not this rollup's answer.
			if !token.registered || token.decimals > L2_DECIMALS {
				return Err(ExodusError::NotReady(format!(
					"the contract answers token {} as registered={} with {} decimals, which no \
					 deposit can have: is --contract the rollup?",
					op.tokenId, token.registered, token.decimals
				)));
			}
			entry.insert(token.decimals);
		}
	}
	let owed = refunds_of(&ops, |token| decimals[&token]);
	let call = Rollup::cancelOutstandingDepositsForExodusModeCall { count, ops };
	let tx = l1.send("cancelOutstandingDepositsForExodusMode", contract, call, U256::ZERO)?;
	let mut refunds = Vec::new();
	for ((owner, token), amount) in owed {
		let pending = l1.view(contract, Rollup::pendingBalanceCall { owner, tokenId: token })?;
		let amount_now = amount.min(pending);
		let payout = if amount_now == 0 {
			Ok(None)
		} else {
			let call =
				Rollup::withdrawPendingBalanceCall { owner, tokenId: token, amount: amount_now };
			match l1.send("withdrawPendingBalance", contract, call, U256::ZERO) {
				Ok(paid) => Ok(Some(paid)),
				Err(e @ (L1Error::Refused { .. } | L1Error::Reverted { .. })) => Err(e.to_string()),
				Err(e) => return Err(e.into()),
			}
		};
		refunds.push(Refund { owner, token, amount, payout });
	}
	Ok(Some(Cancelled { first, count, deposits, tx, refunds }))
}

/// What [`carry_sync`] did.
#[derive(Clone, Debug)]
pub struct Carried {
	/// The batch the carried certificate syncs up to.
	pub batch: u64,
	/// The source chain's transaction that carried it first.
	pub source_tx: TxHash,
	/// The target chain's transaction.
	pub tx: TxHash,
}

/// Carries the newest sync certificate `from` received that `to` can take (a batch `to` proved
/// but has not synced): the quorum's signatures from `from`'s `syncBatches` calldata, with `to`'s
/// own stored record of the batch (from its `BatchCommitted` event), sent to `to`. `Ok(None)`
/// when `to` already synced as far as `from`.
pub fn carry_sync(
	from: &L1,
	from_contract: Address,
	to: &L1,
	to_contract: Address,
) -> Result<Option<Carried>, ExodusError> {
	let to_synced: u64 = to.view(to_contract, Rollup::totalSyncedCall {})?;
	let to_proven: u64 = to.view(to_contract, Rollup::totalProvenCall {})?;
	let mut certificates: Vec<(u64, TxHash)> = from
		.events::<Rollup::BatchesSynced>(from_contract)?
		.into_iter()
		.map(|(tx, e)| (e.batchNumber, tx))
		.filter(|(n, _)| *n > to_synced)
		.collect();
	certificates.sort();
	let Some(&(newest, _)) = certificates.last() else { return Ok(None) };
	let Some(&(batch, source_tx)) = certificates.iter().rev().find(|(n, _)| *n <= to_proven) else {
		return Err(ExodusError::NotReady(format!(
			"the source chain synced up to batch {newest}, but the target proved only up to batch \
			 {to_proven}: a sync certificate needs the batches proven there first"
		)));
	};
	let input = from.transaction_input(source_tx)?;
	let carried = Rollup::syncBatchesCall::abi_decode(&input).map_err(|_| {
		ExodusError::NotReady(format!(
			"{source_tx} is not a direct syncBatches call: carry that certificate by hand"
		))
	})?;
	// The quorum signed the chain-independent sync digest; the stored record is the target's
	// own (each chain stores its own on-chain operations' hash).
	let stored = to
		.events::<Rollup::BatchCommitted>(to_contract)?
		.into_iter()
		.rev()
		.find(|(_, e)| e.batchNumber == batch)
		.map(|(_, e)| e.info)
		.ok_or_else(|| {
			ExodusError::NotReady(format!("the target recorded no commit of batch {batch}"))
		})?;
	let call = Rollup::syncBatchesCall { batch: stored, signatures: carried.signatures };
	let tx = to.send("syncBatches", to_contract, call, U256::ZERO)?;
	Ok(Some(Carried { batch, source_tx, tx }))
}

/// Every claim of `account` worth proving: each token it holds on each live chain where its
/// share (`exit_amount`: `balance × reserve[c] / Σ reserve`) is above zero, in token then chain
/// order.
pub fn claims_of(state: &State, account: AccountId) -> Vec<(TokenId, ChainId)> {
	let Some(held) = state.account(account) else { return Vec::new() };
	let live = state.registry().live_chains();
	let mut claims = Vec::new();
	for (token, balance) in &held.balances {
		let reserves = state.reserves(*token);
		for chain in live.iter() {
			if exit_amount(*balance, &reserves, chain) > 0 {
				claims.push((*token, chain));
			}
		}
	}
	claims
}

/// An account named by its owner's address (0x + 40 hex) or its id, in `state`.
pub fn find_account(state: &State, who: &str) -> Result<AccountId, String> {
	if let Some(hex_address) = who.strip_prefix("0x") {
		let bytes: [u8; 20] = hex::decode(hex_address)
			.ok()
			.and_then(|b| b.try_into().ok())
			.ok_or_else(|| format!("{who} is not an address (0x + 40 hex)"))?;
		return state
			.account_id_of(&L1Address(bytes))
			.ok_or_else(|| format!("{who} has no account in the recovered state"));
	}
	let id: u32 = who.parse().map_err(|_| format!("{who} is neither an address nor an id"))?;
	state
		.account(AccountId(id))
		.map(|_| AccountId(id))
		.ok_or_else(|| format!("account {id} does not exist in the recovered state"))
}

#[cfg(test)]
mod tests {
	use super::*;

	fn example() -> ExitProof {
		ExitProof {
			batch: 7,
			root: [3; 32],
			account: 9,
			owner: [0xab; 20],
			token: 2,
			chain: 1,
			amount: u128::MAX,
			proof: vec![1; 512],
		}
	}

	#[test]
	fn refunds_are_exactly_the_cancelled_deposits_rounded_as_the_contract_credits_them() {
		let (c, d) = (Address::repeat_byte(0xc0), Address::repeat_byte(0xd0));
		let op = |op_code: u8, owner: Address, token: u16, amount: u128| PriorityOpData {
			opCode: op_code,
			accountId: 0,
			owner,
			tokenId: token,
			amount,
		};
		let ops = [
			op(op_code::DEPOSIT, c, 1, 3 * 10u128.pow(17)),
			// 6 decimals: 1.5e12 L2 units credit 1 unit, twice (not 3 units once).
			op(op_code::DEPOSIT, c, 2, 15 * 10u128.pow(11)),
			op(op_code::DEPOSIT, c, 2, 15 * 10u128.pow(11)),
			op(op_code::FULL_EXIT, d, 1, 0),
			op(op_code::DEPOSIT, d, 1, 7),
		];
		let decimals = |token: u16| if token == 2 { 6 } else { 18 };
		let refunds = refunds_of(&ops, decimals);
		assert_eq!(
			refunds.into_iter().collect::<Vec<_>>(),
			vec![((c, 1), 3 * 10u128.pow(17)), ((c, 2), 2), ((d, 1), 7)]
		);
		assert!(refunds_of(&ops[3..4], decimals).is_empty(), "a full exit refunds nothing");
	}

	#[test]
	fn a_proof_file_reads_back_as_written() {
		let proof = example();
		assert_eq!(ExitProof::from_json(&proof.to_json()).expect("reads"), proof);
	}

	#[test]
	fn a_damaged_proof_file_names_the_field() {
		let mut json = example().to_json();
		json["owner"] = "0x1234".into();
		let error = ExitProof::from_json(&json).unwrap_err().to_string();
		assert!(error.contains("owner"), "{error}");
		let mut json = example().to_json();
		json["amount"] = serde_json::json!(5);
		let error = ExitProof::from_json(&json).unwrap_err().to_string();
		assert!(error.contains("amount"), "{error}");
	}

	#[test]
	fn accounts_are_found_by_address_or_id_in_the_state() {
		let (state, claimant) = witness::example_state();
		let owner = state.account(claimant).expect("exists").l1_address;
		let by_address = format!("0x{}", hex::encode(owner.0));
		assert_eq!(find_account(&state, &by_address), Ok(claimant));
		assert_eq!(find_account(&state, &claimant.0.to_string()), Ok(claimant));
		assert!(find_account(&state, "0x1234").unwrap_err().contains("not an address"));
		let stranger = format!("0x{}", "77".repeat(20));
		assert!(find_account(&state, &stranger).unwrap_err().contains("no account"));
		assert!(find_account(&state, "999999").unwrap_err().contains("does not exist"));
	}

	#[test]
	fn every_share_above_zero_is_a_claim() {
		let (mut state, claimant) = witness::example_state();
		let claims = claims_of(&state, claimant);
		let held: Vec<TokenId> =
			state.account(claimant).expect("exists").balances.keys().copied().collect();
		let expected: Vec<(TokenId, ChainId)> =
			held.iter().flat_map(|t| [(*t, ChainId(1)), (*t, ChainId(2))]).collect();
		assert_eq!(claims, expected, "both chains hold a reserve of each token it holds");
		for (token, chain) in claims {
			let claim = state.exit_claim(claimant, token, chain).expect("a claim");
			assert!(claim.amount > 0, "{claim:?}");
		}
		assert!(claims_of(&state, AccountId(999_999)).is_empty(), "no account, no claim");
	}
}
