//! The executor: applies transactions to a [`Ledger`] and closes batches.
//!
//! [`apply`] checks everything first and writes only when every check passed, so a refused
//! transaction leaves the ledger exactly as it was. Fees go to the open batch and are credited
//! to the fee account once, when the batch is closed (as the block circuit does).
//!
//! This is the one semantics of the protocol: the native [`State`] (with its trees) and the
//! appchain runtime (flat storage) both run these functions over their [`Ledger`].

use crate::{
	account::{AccountId, AccountInfo},
	amount,
	chain::{ChainId, LiveChains},
	commitment,
	error::TxError,
	eth::{self, L1Address},
	field::Fr,
	ledger::{Ledger, OpenTotals},
	params::{MAX_ACCOUNT_ID, MAX_FEE_TOKENS_PER_BATCH},
	plan::{AddressRule, ChunkPlan, LeafUpdate},
	pubdata::{op_code, Op, PubdataError},
	signature::{PubKeyHash, TxSignature},
	state::State,
	token::TokenId,
	tx::{
		ChangePubKey, ChangePubKeyAuth, Deposit, ForcedExit, FullExit, L2Tx, PriorityOp, Transfer,
		Tx, Withdraw,
	},
};
use alloc::{collections::BTreeMap, vec::Vec};

/// What an applied transaction did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Effects {
	/// The operation recorded in the batch (its pubdata).
	pub op: Op,
	/// The fee collected, if any.
	pub fee: Option<(TokenId, u128)>,
	/// The account the transaction opened, if any.
	pub opened: Option<AccountId>,
}

/// A closed batch without its roots: what any [`Ledger`] can produce (the appchain runtime
/// stops here; the roots and the commitment need the trees, see [`State::seal_batch_sized`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosedBatch {
	/// The circuit size the pubdata is padded to, in chunks.
	pub capacity: usize,
	/// The executed operations, without padding.
	pub ops: Vec<Op>,
	/// The L2 signature of each operation (`None` for priority and replayed operations).
	pub signatures: Vec<Option<TxSignature>>,
	/// Pubdata of all operations, padded with `Noop` chunks to `capacity` chunks.
	pub pubdata: Vec<u8>,
	/// Fees credited to the fee account, per token.
	pub fees: BTreeMap<TokenId, u128>,
	/// `sha256(pubdata)`.
	pub pubdata_hash: [u8; 32],
	/// `sha256` of the pubdata with off-chain chunks zeroed (see [`commitment`]).
	pub onchain_hash: [u8; 32],
}

/// A sealed batch: everything the prover, the appchain and the L1 contracts need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Batch {
	/// Batch number (contiguous from 1).
	pub number: u64,
	/// Seal time, seconds since the Unix epoch.
	pub timestamp: u64,
	/// Root before the batch.
	pub old_root: Fr,
	/// Root after the batch (fees credited).
	pub new_root: Fr,
	/// The deployment's live chains the commitment binds (the registry's chains).
	pub live_chains: LiveChains,
	/// The executed operations, without padding.
	pub ops: Vec<Op>,
	/// The L2 signature of each operation (`None` for priority operations and for batches
	/// rebuilt from pubdata, which carries no signatures); the prover needs them.
	pub signatures: Vec<Option<TxSignature>>,
	/// Pubdata of all operations, padded with `Noop` chunks to the batch capacity.
	pub pubdata: Vec<u8>,
	/// Fees credited to the fee account, per token.
	pub fees: BTreeMap<TokenId, u128>,
	/// `sha256(pubdata)`.
	pub pubdata_hash: [u8; 32],
	/// `sha256` of the pubdata with off-chain chunks zeroed (see [`commitment`]).
	pub onchain_hash: [u8; 32],
	/// The commitment (the proof's public input), 32 bytes big-endian.
	pub commitment: [u8; 32],
}

/// Why a batch could not be sealed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SealError {
	/// An operation could not be encoded (the executor only records encodable operations).
	Pubdata(PubdataError),
	/// The fee account's balance would overflow (nothing changed).
	Overflow,
	/// The batch does not fit the requested circuit size (nothing changed).
	CapacityTooSmall {
		/// Chunks the batch uses.
		needed: usize,
		/// The requested capacity.
		capacity: usize,
	},
}

/// Applies a transaction to the ledger's open batch; on error nothing changes.
pub fn apply<L: Ledger + ?Sized>(ledger: &mut L, tx: &Tx) -> Result<Effects, TxError> {
	match tx {
		Tx::L2(L2Tx::Transfer(t)) => apply_transfer(ledger, t),
		Tx::L2(L2Tx::Withdraw(t)) => apply_withdraw(ledger, t),
		Tx::L2(L2Tx::ChangePubKey(t)) => apply_change_pubkey(ledger, t),
		Tx::L2(L2Tx::ForcedExit(t)) => apply_forced_exit(ledger, t),
		Tx::Priority(PriorityOp::Deposit(d)) => apply_deposit(ledger, d),
		Tx::Priority(PriorityOp::FullExit(e)) => apply_full_exit(ledger, e),
	}
}

/// Closes the open batch for a block circuit of `capacity` chunks (at least the chunks used;
/// sequencers pick the smallest circuit size that fits): credits its fees to the fee account,
/// pads its pubdata to `capacity` chunks and hashes it. On error nothing changes.
pub fn close_batch<L: Ledger + ?Sized>(
	ledger: &mut L,
	capacity: usize,
) -> Result<ClosedBatch, SealError> {
	let totals = ledger.open_totals();
	if capacity < totals.chunks {
		return Err(SealError::CapacityTooSmall { needed: totals.chunks, capacity });
	}
	let credits = crate::plan::fee_credits(&totals.fees);
	for update in &credits {
		ledger
			.balance(update.account, update.token)
			.checked_add(update.credit)
			.ok_or(SealError::Overflow)?;
	}
	let mut pubdata = Vec::with_capacity(capacity * crate::params::CHUNK_BYTES);
	let open = ledger.take_open();
	for update in &credits {
		write_update(ledger, update);
	}
	for op in &open.ops {
		pubdata.extend(op.pubdata().map_err(SealError::Pubdata)?);
	}
	for _ in totals.chunks..capacity {
		pubdata.extend(Op::Noop.pubdata().map_err(SealError::Pubdata)?);
	}
	let pubdata_hash: [u8; 32] = commitment::sha256(&pubdata);
	let onchain_hash = commitment::onchain_hash(&pubdata).map_err(SealError::Pubdata)?;
	Ok(ClosedBatch {
		capacity,
		ops: open.ops,
		signatures: open.signatures,
		pubdata,
		fees: totals.fees,
		pubdata_hash,
		onchain_hash,
	})
}

fn apply_transfer<L: Ledger + ?Sized>(l: &mut L, t: &Transfer) -> Result<Effects, TxError> {
	amount::pack_amount(t.amount).map_err(TxError::AmountNotPackable)?;
	l.registry().token(t.token)?;
	if t.fee_token != t.token {
		return Err(TxError::FeeTokenMismatch { token: t.token, fee_token: t.fee_token });
	}
	if t.to == L1Address::default() {
		return Err(TxError::InvalidRecipient);
	}
	t.amount.checked_add(t.fee).ok_or(TxError::Overflow)?;
	let existing = l.account_id_of(&t.to);
	let code = if existing.is_some() { op_code::TRANSFER } else { op_code::TRANSFER_TO_NEW };
	check_signed(l, &L2Tx::Transfer(t.clone()), code)?;
	let (from, token, amount, fee) = (t.from, t.token, t.amount, t.fee);
	let (op, opened) = match existing {
		Some(id) if id == t.from => return Err(TxError::TransferToSelf),
		Some(to) => (Op::Transfer { from, to, token, amount, fee }, None),
		None => {
			let to = check_new_account(l)?;
			(Op::TransferToNew { from, to, to_address: t.to, token, amount, fee }, Some(to))
		}
	};
	commit_op(l, op, opened, Some(t.signature.clone()))
}

fn apply_withdraw<L: Ledger + ?Sized>(l: &mut L, t: &Withdraw) -> Result<Effects, TxError> {
	if t.to == L1Address::default() {
		return Err(TxError::InvalidRecipient);
	}
	l.registry().to_l1_amount(t.token, t.chain, t.amount)?;
	let account = check_signed(l, &L2Tx::Withdraw(t.clone()), op_code::WITHDRAW)?;
	check_reserve(l, t.chain, t.token, t.amount)?;
	let op = Op::Withdraw {
		account,
		chain: t.chain,
		to: t.to,
		token: t.token,
		amount: t.amount,
		fee_token: t.fee_token,
		fee: t.fee,
	};
	commit_op(l, op, None, Some(t.signature.clone()))
}

fn apply_change_pubkey<L: Ledger + ?Sized>(
	l: &mut L,
	t: &ChangePubKey,
) -> Result<Effects, TxError> {
	if t.new_pubkey_hash == PubKeyHash::ZERO {
		return Err(TxError::ZeroPubKeyHash);
	}
	let chain = l.registry().chain(t.chain)?.clone();
	let account = user_account(l, t.account)?;
	check_nonce_and_fee(l, &account, t.nonce, t.fee_token, t.fee, op_code::CHANGE_PUBKEY)?;
	let signer = l
		.verify_signature(&t.signature, L2Tx::ChangePubKey(t.clone()).message())
		.map_err(TxError::BadSignature)?;
	if signer != t.new_pubkey_hash {
		return Err(TxError::SignerMismatch);
	}
	match &t.auth {
		ChangePubKeyAuth::EthSignature(sig) => {
			let digest = eth::change_pubkey_digest(
				&chain,
				&t.new_pubkey_hash.0,
				t.nonce,
				t.account.0,
				t.chain.0,
			);
			let owner = eth::recover_address(&digest, sig).map_err(TxError::BadEthSignature)?;
			if owner != account.l1_address {
				return Err(TxError::SignerMismatch);
			}
		}
		ChangePubKeyAuth::Onchain => {
			let approval = l.onchain_approval(t.chain, account.l1_address, t.nonce);
			if approval != Some(t.new_pubkey_hash) {
				return Err(TxError::NotPreApproved);
			}
		}
	}
	let owner = account.l1_address;
	let op = Op::ChangePubKey {
		chain: t.chain,
		account: t.account,
		pubkey_hash: t.new_pubkey_hash,
		address: owner,
		nonce: t.nonce,
		fee_token: t.fee_token,
		fee: t.fee,
	};
	let effects = commit_op(l, op, None, Some(t.signature.clone()))?;
	l.remove_onchain_approval(t.chain, owner, t.nonce);
	Ok(effects)
}

fn apply_forced_exit<L: Ledger + ?Sized>(l: &mut L, t: &ForcedExit) -> Result<Effects, TxError> {
	let target = l.account_id_of(&t.target).ok_or(TxError::UnknownAddress(t.target))?;
	let target_account = user_account(l, target)?;
	if target_account.pubkey_hash != PubKeyHash::ZERO {
		return Err(TxError::TargetHasSigningKey);
	}
	let amount = l.balance(target, t.token);
	l.registry().token_on_chain(t.token, t.chain)?;
	if amount == 0 {
		return Err(TxError::NothingToExit);
	}
	l.registry().to_l1_amount(t.token, t.chain, amount)?;
	let initiator = check_signed(l, &L2Tx::ForcedExit(t.clone()), op_code::FORCED_EXIT)?;
	check_reserve(l, t.chain, t.token, amount)?;
	let op = Op::ForcedExit {
		chain: t.chain,
		initiator,
		target,
		target_address: t.target,
		token: t.token,
		amount,
		fee_token: t.fee_token,
		fee: t.fee,
	};
	commit_op(l, op, None, Some(t.signature.clone()))
}

fn apply_deposit<L: Ledger + ?Sized>(l: &mut L, d: &Deposit) -> Result<Effects, TxError> {
	l.registry().token_on_chain(d.token, d.chain)?;
	check_serial(l, d.chain, d.serial_id)?;
	if d.to == L1Address::default() {
		return Err(TxError::InvalidRecipient);
	}
	let (account, opened) = match l.account_id_of(&d.to) {
		Some(id) => (id, None),
		None => {
			let id = check_new_account(l)?;
			(id, Some(id))
		}
	};
	let op = Op::Deposit { chain: d.chain, account, token: d.token, amount: d.amount, to: d.to };
	let effects = commit_op(l, op, opened, None)?;
	l.set_next_priority_serial(d.chain, d.serial_id + 1);
	Ok(effects)
}

fn apply_full_exit<L: Ledger + ?Sized>(l: &mut L, e: &FullExit) -> Result<Effects, TxError> {
	l.registry().chain(e.chain)?;
	check_serial(l, e.chain, e.serial_id)?;
	// The L1 contract only queues full exits for ids and tokens that fit the trees.
	if !e.account.is_valid() {
		return Err(TxError::UnknownAccount(e.account));
	}
	if !e.token.is_valid() {
		return Err(TxError::UnknownToken(e.token));
	}
	// A full exit cannot be refused: a wrong owner, an unknown account or token pays 0.
	let owned =
		!e.account.is_system() && l.account(e.account).is_some_and(|a| a.l1_address == e.owner);
	let amount = if owned {
		l.balance(e.account, e.token).min(l.balance(e.chain.reserve_account(), e.token))
	} else {
		0
	};
	let op =
		Op::FullExit { chain: e.chain, account: e.account, owner: e.owner, token: e.token, amount };
	let effects = commit_op(l, op, None, None)?;
	l.set_next_priority_serial(e.chain, e.serial_id + 1);
	Ok(effects)
}

/// Checks that the operation fits the batch and its plan applies, then writes it.
fn commit_op<L: Ledger + ?Sized>(
	l: &mut L,
	op: Op,
	opened: Option<AccountId>,
	signature: Option<TxSignature>,
) -> Result<Effects, TxError> {
	check_live(l, &op)?;
	let totals = check_room(l, &op)?;
	let plan = op.plan();
	check_plan(l, &plan, true)?;
	// Every check passed: write.
	write_plan(l, &plan);
	Ok(record(l, op, opened, signature, totals))
}

/// Checks nonce, fee and signature of a user transaction; returns the signer's id.
fn check_signed<L: Ledger + ?Sized>(l: &L, tx: &L2Tx, code: u8) -> Result<AccountId, TxError> {
	let id = tx.signer();
	let account = user_account(l, id)?;
	let (fee_token, fee) = tx.fee();
	check_nonce_and_fee(l, &account, tx.nonce(), fee_token, fee, code)?;
	if account.pubkey_hash == PubKeyHash::ZERO {
		return Err(TxError::NoSigningKey(id));
	}
	let signer = l.verify_signature(tx.signature(), tx.message()).map_err(TxError::BadSignature)?;
	if signer != account.pubkey_hash {
		return Err(TxError::SignerMismatch);
	}
	Ok(id)
}

fn check_nonce_and_fee<L: Ledger + ?Sized>(
	l: &L,
	account: &AccountInfo,
	nonce: u32,
	fee_token: TokenId,
	fee: u128,
	code: u8,
) -> Result<(), TxError> {
	if nonce != account.nonce {
		return Err(TxError::NonceMismatch { expected: account.nonce, got: nonce });
	}
	if account.nonce == u32::MAX {
		return Err(TxError::NonceOverflow);
	}
	l.registry().token(fee_token)?;
	amount::pack_fee(fee).map_err(TxError::FeeNotPackable)?;
	let per_chunk = *l
		.config()
		.fees
		.per_chunk
		.get(&fee_token)
		.ok_or(TxError::FeeTokenNotAccepted(fee_token))?;
	let chunks = Op::chunks_of(code).expect("executor op codes are known") as u128;
	let min = per_chunk.checked_mul(chunks).ok_or(TxError::Overflow)?;
	if fee < min {
		return Err(TxError::FeeTooLow { token: fee_token, min, got: fee });
	}
	Ok(())
}

/// An existing user account (not the fee or a reserve account).
fn user_account<L: Ledger + ?Sized>(l: &L, id: AccountId) -> Result<AccountInfo, TxError> {
	if id.is_system() {
		return Err(TxError::SystemAccount(id));
	}
	l.account(id).ok_or(TxError::UnknownAccount(id))
}

fn check_new_account<L: Ledger + ?Sized>(l: &L) -> Result<AccountId, TxError> {
	let next = l.next_account_id();
	if next.0 > MAX_ACCOUNT_ID {
		return Err(TxError::AccountTreeFull);
	}
	Ok(next)
}

fn check_serial<L: Ledger + ?Sized>(l: &L, chain: ChainId, serial_id: u64) -> Result<(), TxError> {
	let expected = l.next_priority_serial(chain);
	if serial_id != expected {
		return Err(TxError::PriorityOutOfOrder { chain, expected, got: serial_id });
	}
	Ok(())
}

fn check_reserve<L: Ledger + ?Sized>(
	l: &L,
	chain: ChainId,
	token: TokenId,
	needed: u128,
) -> Result<(), TxError> {
	let available = l.balance(chain.reserve_account(), token);
	if available < needed {
		return Err(TxError::InsufficientReserve { chain, token, needed, available });
	}
	Ok(())
}

/// An on-chain operation must name a live chain (DESIGN §5): no contract checks the others.
pub(crate) fn check_live<L: Ledger + ?Sized>(l: &L, op: &Op) -> Result<(), TxError> {
	match op.onchain_chain() {
		Some(chain) if !l.registry().live_chains().contains(chain) => {
			Err(TxError::UnknownChain(chain.0))
		}
		_ => Ok(()),
	}
}

/// Checks that the operation fits the open batch (chunks, fee tokens, fee sum); returns the
/// open batch's totals with the operation added.
fn check_room<L: Ledger + ?Sized>(l: &L, op: &Op) -> Result<OpenTotals, TxError> {
	let totals = l.open_totals();
	let left = l.config().batch_chunks.saturating_sub(totals.chunks);
	if op.chunks() > left {
		// Both are at most the batch size (a few chunks): they fit the error's `u32`s.
		return Err(TxError::BatchFull { needed: op.chunks() as u32, left: left as u32 });
	}
	if let Some((token, _)) = op.fee().filter(|(_, fee)| *fee > 0) {
		if !totals.fees.contains_key(&token) && totals.fees.len() >= MAX_FEE_TOKENS_PER_BATCH {
			return Err(TxError::TooManyFeeTokens(token));
		}
	}
	with_op(totals, op)
}

/// The open batch's totals once `op` is added (its chunks and its fee).
pub(crate) fn with_op(mut totals: OpenTotals, op: &Op) -> Result<OpenTotals, TxError> {
	totals.chunks += op.chunks();
	if let Some((token, fee)) = op.fee().filter(|(_, fee)| *fee > 0) {
		let sum = totals.fees.entry(token).or_default();
		*sum = sum.checked_add(fee).ok_or(TxError::Overflow)?;
	}
	Ok(totals)
}

/// Checks that the plan's updates apply in order: accounts exist (or are opened as the
/// plan says), every debit is covered and no credit overflows.
/// With `strict`, a new account must take the next free id and an unused address (the
/// executor's allocation policy); without, any empty user id may be opened for any address
/// (what the block circuit proves, so that recovery follows every proven batch).
pub(crate) fn check_plan<L: Ledger + ?Sized>(
	l: &L,
	plan: &[ChunkPlan],
	strict: bool,
) -> Result<(), TxError> {
	let mut balances: BTreeMap<(AccountId, TokenId), u128> = BTreeMap::new();
	let mut next_id = l.next_account_id().0;
	for update in plan.iter().flatten().flatten() {
		let owner = l.account(update.account).map(|a| a.l1_address);
		let exists = update.account.is_system() || owner.is_some();
		match update.address {
			AddressRule::Existing if !exists => {
				return Err(TxError::UnknownAccount(update.account))
			}
			AddressRule::Existing | AddressRule::MayBeEmpty => {}
			AddressRule::Open(address) | AddressRule::OpenOrMatch(address) if exists => {
				let may_match = matches!(update.address, AddressRule::OpenOrMatch(_));
				if !may_match || owner != Some(address) {
					return Err(TxError::UnknownAccount(update.account));
				}
			}
			AddressRule::Open(address) | AddressRule::OpenOrMatch(address) => {
				let policy = update.account.0 == next_id && l.account_id_of(&address).is_none();
				if (strict && !policy) || !update.account.is_valid() {
					return Err(TxError::UnknownAccount(update.account));
				}
				next_id = next_id.max(update.account.0 + 1);
			}
		}
		let key = (update.account, update.token);
		let available =
			*balances.entry(key).or_insert_with(|| l.balance(update.account, update.token));
		if available < update.debit {
			return Err(TxError::InsufficientBalance {
				token: update.token,
				needed: update.debit,
				available,
			});
		}
		let after =
			(available - update.debit).checked_add(update.credit).ok_or(TxError::Overflow)?;
		balances.insert(key, after);
	}
	Ok(())
}

/// Writes a checked plan.
pub(crate) fn write_plan<L: Ledger + ?Sized>(l: &mut L, plan: &[ChunkPlan]) {
	for update in plan.iter().flatten().flatten() {
		write_update(l, update);
	}
}

/// Writes one leaf update without checking it. The executor only calls it for checked plans;
/// witness builders call it (through [`State::write_update`]) to step through an executed
/// batch one update at a time.
///
/// An update that changes nothing about an empty user account it does not open (a full exit
/// of an unknown account: zero amounts) leaves the account absent, so the next deposit to a new
/// address may still open that id. Any other update is written as the circuit computes it, even
/// one no executor makes (witnesses of forged batches, for the circuit tests).
pub fn write_update<L: Ledger + ?Sized>(l: &mut L, update: &LeafUpdate) {
	let id = update.account;
	let changes = update.debit != 0
		|| update.credit != 0
		|| update.bump_nonce
		|| update.set_pubkey_hash.is_some();
	let mut info = match (l.account(id), update.address) {
		(Some(info), _) => info,
		(None, AddressRule::Open(address) | AddressRule::OpenOrMatch(address)) => {
			l.open_account(id, address);
			AccountInfo::new(address)
		}
		(None, _) if !id.is_system() && !changes => return,
		(None, _) => AccountInfo::default(),
	};
	if update.debit != 0 || update.credit != 0 || id.is_system() {
		let balance = l.balance(id, update.token) - update.debit + update.credit;
		l.set_balance(id, update.token, balance);
	}
	if update.bump_nonce || update.set_pubkey_hash.is_some() {
		if update.bump_nonce {
			info.nonce += 1;
		}
		if let Some(hash) = update.set_pubkey_hash {
			info.pubkey_hash = hash;
		}
		l.set_account(id, info);
	}
}

/// Appends the checked operation to the open batch, whose totals become `totals`.
pub(crate) fn record<L: Ledger + ?Sized>(
	l: &mut L,
	op: Op,
	opened: Option<AccountId>,
	signature: Option<TxSignature>,
	totals: OpenTotals,
) -> Effects {
	let fee = op.fee();
	l.push_op(op.clone(), signature, totals);
	Effects { op, fee, opened }
}

impl State {
	/// Applies a transaction to the open batch; on error nothing changes (see [`apply`]).
	pub fn apply(&mut self, tx: &Tx) -> Result<Effects, TxError> {
		apply(self, tx)
	}

	/// Seals the open batch at the configured capacity (see [`State::seal_batch_sized`]).
	pub fn seal_batch(&mut self, timestamp: u64) -> Result<Batch, SealError> {
		self.seal_batch_sized(timestamp, self.config.batch_chunks)
	}

	/// Seals the open batch for a block circuit of `capacity` chunks: closes it
	/// ([`close_batch`]), then computes the new root and the commitment.
	pub fn seal_batch_sized(
		&mut self,
		timestamp: u64,
		capacity: usize,
	) -> Result<Batch, SealError> {
		let closed = close_batch(self, capacity)?;
		let old_root = self.last_root;
		let new_root = self.root();
		let number = self.last_batch + 1;
		let live_chains = self.registry.live_chains();
		let commitment = commitment::commitment(
			number,
			timestamp,
			live_chains,
			&old_root,
			&new_root,
			&closed.pubdata_hash,
			&closed.onchain_hash,
		);
		self.last_batch = number;
		self.last_root = new_root;
		Ok(Batch {
			number,
			timestamp,
			old_root,
			new_root,
			live_chains,
			ops: closed.ops,
			signatures: closed.signatures,
			pubdata: closed.pubdata,
			fees: closed.fees,
			pubdata_hash: closed.pubdata_hash,
			onchain_hash: closed.onchain_hash,
			commitment,
		})
	}

	/// Writes one leaf update without checking it (see [`write_update`]).
	pub fn write_update(&mut self, update: &LeafUpdate) {
		write_update(self, update)
	}
}
