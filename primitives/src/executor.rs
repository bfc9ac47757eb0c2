//! The executor: applies transactions to the [`State`] and seals batches.
//!
//! `apply` checks everything first and writes only when every check passed, so a refused
//! transaction leaves the state exactly as it was. Fees go to the open batch and are credited
//! to the fee account once, when the batch is sealed (as the block circuit does).

use crate::{
	account::{Account, AccountId},
	amount,
	chain::{ChainId, LiveChains},
	commitment,
	error::TxError,
	eth::{self, L1Address},
	field::Fr,
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
	/// The fee account's balance would overflow.
	Overflow,
	/// The batch does not fit the requested circuit size (nothing changed).
	CapacityTooSmall {
		/// Chunks the batch uses.
		needed: usize,
		/// The requested capacity.
		capacity: usize,
	},
}

impl State {
	/// Applies a transaction to the open batch; on error nothing changes.
	pub fn apply(&mut self, tx: &Tx) -> Result<Effects, TxError> {
		match tx {
			Tx::L2(L2Tx::Transfer(t)) => self.apply_transfer(t),
			Tx::L2(L2Tx::Withdraw(t)) => self.apply_withdraw(t),
			Tx::L2(L2Tx::ChangePubKey(t)) => self.apply_change_pubkey(t),
			Tx::L2(L2Tx::ForcedExit(t)) => self.apply_forced_exit(t),
			Tx::Priority(PriorityOp::Deposit(d)) => self.apply_deposit(d),
			Tx::Priority(PriorityOp::FullExit(e)) => self.apply_full_exit(e),
		}
	}

	/// Seals the open batch at the configured capacity (see [`State::seal_batch_sized`]).
	pub fn seal_batch(&mut self, timestamp: u64) -> Result<Batch, SealError> {
		self.seal_batch_sized(timestamp, self.config.batch_chunks)
	}

	/// Seals the open batch for a block circuit of `capacity` chunks (at least the chunks
	/// used; sequencers pick the smallest circuit size that fits): credits its fees to the fee
	/// account, pads its pubdata to `capacity` chunks and computes the commitment.
	pub fn seal_batch_sized(
		&mut self,
		timestamp: u64,
		capacity: usize,
	) -> Result<Batch, SealError> {
		if capacity < self.open.chunks {
			return Err(SealError::CapacityTooSmall { needed: self.open.chunks, capacity });
		}
		let fees = core::mem::take(&mut self.open.fees);
		let credits = crate::plan::fee_credits(&fees);
		for update in &credits {
			self.balance(update.account, update.token)
				.checked_add(update.credit)
				.ok_or(SealError::Overflow)?;
		}
		for update in &credits {
			self.write_update(update);
		}
		let ops = core::mem::take(&mut self.open.ops);
		let signatures = core::mem::take(&mut self.open.signatures);
		let mut pubdata = Vec::with_capacity(capacity * crate::params::CHUNK_BYTES);
		for op in &ops {
			pubdata.extend(op.pubdata().map_err(SealError::Pubdata)?);
		}
		let padding = capacity - self.open.chunks;
		for _ in 0..padding {
			pubdata.extend(Op::Noop.pubdata().map_err(SealError::Pubdata)?);
		}
		self.open.chunks = 0;
		let pubdata_hash: [u8; 32] = commitment::sha256(&pubdata);
		let onchain_hash = commitment::onchain_hash(&pubdata).map_err(SealError::Pubdata)?;
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
			&pubdata_hash,
			&onchain_hash,
		);
		self.last_batch = number;
		self.last_root = new_root;
		Ok(Batch {
			number,
			timestamp,
			old_root,
			new_root,
			live_chains,
			ops,
			signatures,
			pubdata,
			fees,
			pubdata_hash,
			onchain_hash,
			commitment,
		})
	}

	fn apply_transfer(&mut self, t: &Transfer) -> Result<Effects, TxError> {
		amount::pack_amount(t.amount).map_err(TxError::AmountNotPackable)?;
		self.registry.token(t.token)?;
		if t.fee_token != t.token {
			return Err(TxError::FeeTokenMismatch { token: t.token, fee_token: t.fee_token });
		}
		if t.to == L1Address::default() {
			return Err(TxError::InvalidRecipient);
		}
		t.amount.checked_add(t.fee).ok_or(TxError::Overflow)?;
		let existing = self.account_id_of(&t.to);
		let code = if existing.is_some() { op_code::TRANSFER } else { op_code::TRANSFER_TO_NEW };
		self.check_signed(&L2Tx::Transfer(t.clone()), code)?;
		let (from, token, amount, fee) = (t.from, t.token, t.amount, t.fee);
		let (op, opened) = match existing {
			Some(id) if id == t.from => return Err(TxError::TransferToSelf),
			Some(to) => (Op::Transfer { from, to, token, amount, fee }, None),
			None => {
				let to = self.check_new_account()?;
				(Op::TransferToNew { from, to, to_address: t.to, token, amount, fee }, Some(to))
			}
		};
		self.commit_op(op, opened, Some(t.signature.clone()))
	}

	fn apply_withdraw(&mut self, t: &Withdraw) -> Result<Effects, TxError> {
		if t.to == L1Address::default() {
			return Err(TxError::InvalidRecipient);
		}
		self.registry.to_l1_amount(t.token, t.chain, t.amount)?;
		let account = self.check_signed(&L2Tx::Withdraw(t.clone()), op_code::WITHDRAW)?;
		self.check_reserve(t.chain, t.token, t.amount)?;
		let op = Op::Withdraw {
			account,
			chain: t.chain,
			to: t.to,
			token: t.token,
			amount: t.amount,
			fee_token: t.fee_token,
			fee: t.fee,
		};
		self.commit_op(op, None, Some(t.signature.clone()))
	}

	fn apply_change_pubkey(&mut self, t: &ChangePubKey) -> Result<Effects, TxError> {
		if t.new_pubkey_hash == PubKeyHash::ZERO {
			return Err(TxError::ZeroPubKeyHash);
		}
		let chain = self.registry.chain(t.chain)?;
		let account = self.user_account(t.account)?;
		self.check_nonce_and_fee(account, t.nonce, t.fee_token, t.fee, op_code::CHANGE_PUBKEY)?;
		let signer = t
			.signature
			.verify(L2Tx::ChangePubKey(t.clone()).message())
			.map_err(TxError::BadSignature)?;
		if signer != t.new_pubkey_hash {
			return Err(TxError::SignerMismatch);
		}
		match &t.auth {
			ChangePubKeyAuth::EthSignature(sig) => {
				let digest = eth::change_pubkey_digest(
					chain,
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
				let key = (t.chain, account.l1_address, t.nonce);
				let approval = self.onchain_approvals.get(&key);
				if approval != Some(&t.new_pubkey_hash) {
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
		let effects = self.commit_op(op, None, Some(t.signature.clone()))?;
		self.onchain_approvals.remove(&(t.chain, owner, t.nonce));
		Ok(effects)
	}

	fn apply_forced_exit(&mut self, t: &ForcedExit) -> Result<Effects, TxError> {
		let target = self.account_id_of(&t.target).ok_or(TxError::UnknownAddress(t.target))?;
		let target_account = self.user_account(target)?;
		if target_account.pubkey_hash != PubKeyHash::ZERO {
			return Err(TxError::TargetHasSigningKey);
		}
		let amount = target_account.balance(t.token);
		self.registry.token_on_chain(t.token, t.chain)?;
		if amount == 0 {
			return Err(TxError::NothingToExit);
		}
		self.registry.to_l1_amount(t.token, t.chain, amount)?;
		let initiator = self.check_signed(&L2Tx::ForcedExit(t.clone()), op_code::FORCED_EXIT)?;
		self.check_reserve(t.chain, t.token, amount)?;
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
		self.commit_op(op, None, Some(t.signature.clone()))
	}

	fn apply_deposit(&mut self, d: &Deposit) -> Result<Effects, TxError> {
		self.registry.token_on_chain(d.token, d.chain)?;
		self.check_serial(d.chain, d.serial_id)?;
		if d.to == L1Address::default() {
			return Err(TxError::InvalidRecipient);
		}
		let (account, opened) = match self.account_id_of(&d.to) {
			Some(id) => (id, None),
			None => {
				let id = self.check_new_account()?;
				(id, Some(id))
			}
		};
		let op =
			Op::Deposit { chain: d.chain, account, token: d.token, amount: d.amount, to: d.to };
		let effects = self.commit_op(op, opened, None)?;
		self.next_serial[d.chain.slot()] += 1;
		Ok(effects)
	}

	fn apply_full_exit(&mut self, e: &FullExit) -> Result<Effects, TxError> {
		self.registry.chain(e.chain)?;
		self.check_serial(e.chain, e.serial_id)?;
		// The L1 contract only queues full exits for ids and tokens that fit the trees.
		if !e.account.is_valid() {
			return Err(TxError::UnknownAccount(e.account));
		}
		if !e.token.is_valid() {
			return Err(TxError::UnknownToken(e.token));
		}
		// A full exit cannot be refused: a wrong owner, an unknown account or token pays 0.
		let owned = !e.account.is_system()
			&& self.accounts.get(&e.account).is_some_and(|a| a.l1_address == e.owner);
		let amount = if owned {
			self.balance(e.account, e.token).min(self.reserve(e.chain, e.token))
		} else {
			0
		};
		let op = Op::FullExit {
			chain: e.chain,
			account: e.account,
			owner: e.owner,
			token: e.token,
			amount,
		};
		let effects = self.commit_op(op, None, None)?;
		self.next_serial[e.chain.slot()] += 1;
		Ok(effects)
	}

	/// Checks that the operation fits the batch and its plan applies, then writes it.
	fn commit_op(
		&mut self,
		op: Op,
		opened: Option<AccountId>,
		signature: Option<TxSignature>,
	) -> Result<Effects, TxError> {
		self.check_live(&op)?;
		self.check_room(&op)?;
		let plan = op.plan();
		self.check_plan(&plan, true)?;
		// Every check passed: write.
		self.write_plan(&plan);
		Ok(self.record(op, opened, signature))
	}

	/// Checks nonce, fee and signature of a user transaction; returns the signer's id.
	fn check_signed(&self, tx: &L2Tx, code: u8) -> Result<AccountId, TxError> {
		let id = tx.signer();
		let account = self.user_account(id)?;
		let (fee_token, fee) = tx.fee();
		self.check_nonce_and_fee(account, tx.nonce(), fee_token, fee, code)?;
		if account.pubkey_hash == PubKeyHash::ZERO {
			return Err(TxError::NoSigningKey(id));
		}
		let signer = tx.signature().verify(tx.message()).map_err(TxError::BadSignature)?;
		if signer != account.pubkey_hash {
			return Err(TxError::SignerMismatch);
		}
		Ok(id)
	}

	fn check_nonce_and_fee(
		&self,
		account: &Account,
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
		self.registry.token(fee_token)?;
		amount::pack_fee(fee).map_err(TxError::FeeNotPackable)?;
		let per_chunk = *self
			.config
			.fees
			.per_chunk
			.get(&fee_token)
			.ok_or(TxError::FeeTokenNotAccepted(fee_token))?;
		let chunks = Op::chunks_of(code).expect("executor op codes are known") as u128;
		let min = per_chunk.checked_mul(chunks).ok_or(TxError::Overflow)?;
		if fee < min {
			return Err(TxError::FeeTooLow { min, got: fee });
		}
		Ok(())
	}

	/// An existing user account (not the fee or a reserve account).
	fn user_account(&self, id: AccountId) -> Result<&Account, TxError> {
		if id.is_system() {
			return Err(TxError::SystemAccount(id));
		}
		self.accounts.get(&id).ok_or(TxError::UnknownAccount(id))
	}

	fn check_new_account(&self) -> Result<AccountId, TxError> {
		if self.next_account_id > MAX_ACCOUNT_ID {
			return Err(TxError::AccountTreeFull);
		}
		Ok(AccountId(self.next_account_id))
	}

	fn check_serial(&self, chain: ChainId, serial_id: u64) -> Result<(), TxError> {
		let expected = self.next_serial[chain.slot()];
		if serial_id != expected {
			return Err(TxError::PriorityOutOfOrder { chain, expected, got: serial_id });
		}
		Ok(())
	}

	fn check_reserve(&self, chain: ChainId, token: TokenId, needed: u128) -> Result<(), TxError> {
		let available = self.reserve(chain, token);
		if available < needed {
			return Err(TxError::InsufficientReserve { chain, token, needed, available });
		}
		Ok(())
	}

	/// An on-chain operation must name a live chain (DESIGN §5): no contract checks the others.
	pub(crate) fn check_live(&self, op: &Op) -> Result<(), TxError> {
		match op.onchain_chain() {
			Some(chain) if !self.registry.live_chains().contains(chain) => {
				Err(TxError::UnknownChain(chain.0))
			}
			_ => Ok(()),
		}
	}

	fn check_room(&self, op: &Op) -> Result<(), TxError> {
		let left = self.config.batch_chunks.saturating_sub(self.open.chunks);
		if op.chunks() > left {
			return Err(TxError::BatchFull { needed: op.chunks(), left });
		}
		if let Some((token, fee)) = op.fee() {
			let fees = &self.open.fees;
			if fee > 0 && !fees.contains_key(&token) && fees.len() >= MAX_FEE_TOKENS_PER_BATCH {
				return Err(TxError::TooManyFeeTokens(token));
			}
		}
		Ok(())
	}

	/// Checks that the plan's updates apply in order: accounts exist (or are opened as the
	/// plan says), every debit is covered and no credit overflows.
	/// With `strict`, a new account must take the next free id and an unused address (the
	/// executor's allocation policy); without, any empty user id may be opened for any address
	/// (what the block circuit proves, so that recovery follows every proven batch).
	pub(crate) fn check_plan(&self, plan: &[ChunkPlan], strict: bool) -> Result<(), TxError> {
		let mut balances: BTreeMap<(AccountId, TokenId), u128> = BTreeMap::new();
		let mut next_id = self.next_account_id;
		for update in plan.iter().flatten().flatten() {
			let exists = update.account.is_system() || self.accounts.contains_key(&update.account);
			match update.address {
				AddressRule::Existing if !exists => {
					return Err(TxError::UnknownAccount(update.account))
				}
				AddressRule::Existing | AddressRule::MayBeEmpty => {}
				AddressRule::Open(address) | AddressRule::OpenOrMatch(address) if exists => {
					let owner = self.accounts.get(&update.account).map(|a| a.l1_address);
					let may_match = matches!(update.address, AddressRule::OpenOrMatch(_));
					if !may_match || owner != Some(address) {
						return Err(TxError::UnknownAccount(update.account));
					}
				}
				AddressRule::Open(_) | AddressRule::OpenOrMatch(_) => {
					let policy = update.account.0 == next_id
						&& self.account_id_of(&address_of(update)).is_none();
					if (strict && !policy) || !update.account.is_valid() {
						return Err(TxError::UnknownAccount(update.account));
					}
					next_id = next_id.max(update.account.0 + 1);
				}
			}
			let key = (update.account, update.token);
			let available =
				*balances.entry(key).or_insert_with(|| self.balance(update.account, update.token));
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
	pub(crate) fn write_plan(&mut self, plan: &[ChunkPlan]) {
		for update in plan.iter().flatten().flatten() {
			self.write_update(update);
		}
	}

	/// Writes one leaf update without checking it. The executor only calls it for checked
	/// plans; witness builders call it to step through an executed batch one update at a time.
	pub fn write_update(&mut self, update: &LeafUpdate) {
		if let AddressRule::Open(address) | AddressRule::OpenOrMatch(address) = update.address {
			if !self.accounts.contains_key(&update.account) {
				self.open_account_at(update.account, address);
			}
		}
		let account = self.accounts.entry(update.account).or_default();
		let balance = account.balance(update.token) - update.debit + update.credit;
		account.set_balance(update.token, balance);
		if update.bump_nonce {
			account.nonce += 1;
		}
		if let Some(hash) = update.set_pubkey_hash {
			account.pubkey_hash = hash;
		}
		self.touch(update.account, &[update.token]);
	}

	/// Opens account `id` for `address`. The executor always opens the next id; an address
	/// that somehow owns two accounts (possible in proven batches, never from this executor)
	/// keeps resolving to the first.
	fn open_account_at(&mut self, id: AccountId, address: L1Address) {
		self.next_account_id = self.next_account_id.max(id.0 + 1);
		self.accounts.insert(id, Account::new(address));
		self.by_address.entry(address).or_insert(id);
		self.touch(id, &[]);
	}

	pub(crate) fn record(
		&mut self,
		op: Op,
		opened: Option<AccountId>,
		signature: Option<TxSignature>,
	) -> Effects {
		let fee = op.fee();
		if let Some((token, amount)) = fee.filter(|(_, amount)| *amount > 0) {
			*self.open.fees.entry(token).or_default() += amount;
		}
		self.open.chunks += op.chunks();
		self.open.ops.push(op.clone());
		self.open.signatures.push(signature);
		Effects { op, fee, opened }
	}
}

/// The address an opening update opens the account for.
fn address_of(update: &LeafUpdate) -> L1Address {
	match update.address {
		AddressRule::Open(address) | AddressRule::OpenOrMatch(address) => address,
		AddressRule::Existing | AddressRule::MayBeEmpty => L1Address::default(),
	}
}
