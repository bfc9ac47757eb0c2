//! The native L2 state: accounts, their balance trees, the account tree and the open batch.
//!
//! Tree hashing is deferred: the executor marks changed balances and accounts dirty and
//! [`State::root`] rehashes them in one batched update per tree, so each touched tree node is
//! hashed once per flush rather than once per transaction. The root is the same as after
//! sequential updates (the tree's batched update is tested against sequential ones).

use crate::{
	account::{account_leaf, balance_leaf, Account, AccountId, AccountInfo, Nonce},
	chain::ChainId,
	eth::L1Address,
	field::Fr,
	ledger::{Ledger, OpenTotals},
	params::{ACCOUNT_TREE_DEPTH, BALANCE_TREE_DEPTH, FIRST_USER_ACCOUNT_ID, MAX_CHAINS},
	poseidon::Poseidon,
	pubdata::Op,
	signature::{PubKeyHash, TxSignature},
	smt::{MemoryStore, SparseMerkleTree},
	token::{Registry, TokenId},
};
use alloc::{
	collections::{BTreeMap, BTreeSet},
	vec::Vec,
};

/// The account tree.
pub type AccountTree = SparseMerkleTree<Poseidon, MemoryStore, ACCOUNT_TREE_DEPTH>;
/// One account's balance tree.
pub type BalanceTree = SparseMerkleTree<Poseidon, MemoryStore, BALANCE_TREE_DEPTH>;

/// The minimum fee per pubdata chunk, per accepted fee token (sequencer policy, not a circuit
/// rule). A token absent from the map is not accepted for fees.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeePolicy {
	/// Minimum fee per chunk of the operation, in L2 units of the fee token.
	pub per_chunk: BTreeMap<TokenId, u128>,
}

/// Executor settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExecutorConfig {
	/// Fee policy.
	pub fees: FeePolicy,
	/// Chunk capacity of a batch (the block circuit size it will be proven with).
	pub batch_chunks: usize,
}

/// Operations executed since the last sealed batch.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OpenBatch {
	/// Executed operations, in order.
	pub ops: Vec<Op>,
	/// Their L2 signatures (`None` for priority and replayed operations).
	pub signatures: Vec<Option<crate::signature::TxSignature>>,
	/// Chunks they occupy.
	pub chunks: usize,
	/// Fees collected, credited to the fee account when the batch is sealed.
	pub fees: BTreeMap<TokenId, u128>,
}

/// The L2 state and the batch being built on it.
#[derive(Clone, Debug)]
pub struct State {
	pub(crate) hasher: Poseidon,
	pub(crate) registry: Registry,
	pub(crate) config: ExecutorConfig,
	pub(crate) accounts: BTreeMap<AccountId, Account>,
	pub(crate) by_address: BTreeMap<L1Address, AccountId>,
	pub(crate) next_account_id: u32,
	pub(crate) account_tree: AccountTree,
	pub(crate) balance_trees: BTreeMap<AccountId, BalanceTree>,
	pub(crate) dirty: BTreeMap<AccountId, BTreeSet<TokenId>>,
	pub(crate) empty_balance_root: Fr,
	pub(crate) open: OpenBatch,
	pub(crate) last_root: Fr,
	pub(crate) last_batch: u64,
	pub(crate) next_serial: [u64; MAX_CHAINS as usize],
	pub(crate) onchain_approvals: BTreeMap<(ChainId, L1Address, Nonce), PubKeyHash>,
}

impl State {
	/// The genesis state: no accounts, empty trees, batch 0 sealed at the empty root.
	pub fn genesis(registry: Registry, config: ExecutorConfig) -> Self {
		let hasher = Poseidon;
		let empty_balances = BalanceTree::new(hasher, MemoryStore::default(), Fr::zero());
		let empty_balance_root = empty_balances.root();
		let empty_leaf =
			account_leaf(&hasher, &L1Address::default(), &PubKeyHash::ZERO, 0, &empty_balance_root);
		let account_tree = AccountTree::new(hasher, MemoryStore::default(), empty_leaf);
		let last_root = account_tree.root();
		Self {
			hasher,
			registry,
			config,
			accounts: BTreeMap::new(),
			by_address: BTreeMap::new(),
			next_account_id: FIRST_USER_ACCOUNT_ID,
			account_tree,
			balance_trees: BTreeMap::new(),
			dirty: BTreeMap::new(),
			empty_balance_root,
			open: OpenBatch::default(),
			last_root,
			last_batch: 0,
			next_serial: [0; MAX_CHAINS as usize],
			onchain_approvals: BTreeMap::new(),
		}
	}

	/// The chain and token registry.
	pub fn registry(&self) -> &Registry {
		&self.registry
	}

	/// The executor settings.
	pub fn config(&self) -> &ExecutorConfig {
		&self.config
	}

	/// An account, if it exists (fee and reserve accounts exist once touched).
	pub fn account(&self, id: AccountId) -> Option<&Account> {
		self.accounts.get(&id)
	}

	/// The account owned by an L1 address.
	pub fn account_id_of(&self, address: &L1Address) -> Option<AccountId> {
		self.by_address.get(address).copied()
	}

	/// All accounts that exist, by id.
	pub fn accounts(&self) -> impl Iterator<Item = (&AccountId, &Account)> {
		self.accounts.iter()
	}

	/// A balance (zero for absent accounts and tokens).
	pub fn balance(&self, id: AccountId, token: TokenId) -> u128 {
		self.accounts.get(&id).map_or(0, |a| a.balance(token))
	}

	/// What the contract of `chain` holds of `token`, in L2 units.
	pub fn reserve(&self, chain: ChainId, token: TokenId) -> u128 {
		self.balance(chain.reserve_account(), token)
	}

	/// The operations and fees of the batch being built.
	pub fn open_batch(&self) -> &OpenBatch {
		&self.open
	}

	/// Number of the last sealed batch (0 = genesis).
	pub fn last_batch(&self) -> u64 {
		self.last_batch
	}

	/// The root of the last sealed batch.
	pub fn last_batch_root(&self) -> Fr {
		self.last_root
	}

	/// The next priority serial id expected from `chain`.
	pub fn next_priority_serial(&self, chain: ChainId) -> u64 {
		self.next_serial[chain.slot()]
	}

	/// The id the next new account will get.
	pub fn next_account_id(&self) -> AccountId {
		AccountId(self.next_account_id)
	}

	/// The current account-tree root, rehashing whatever changed since the last call.
	///
	/// Fees of the open batch are not in it yet: they are credited when the batch is sealed.
	pub fn root(&mut self) -> Fr {
		let dirty = core::mem::take(&mut self.dirty);
		let mut leaves = Vec::with_capacity(dirty.len());
		let empty = Account::default();
		for (id, tokens) in dirty {
			let account = self.accounts.get(&id).unwrap_or(&empty);
			let hasher = self.hasher;
			let tree = self
				.balance_trees
				.entry(id)
				.or_insert_with(|| BalanceTree::new(hasher, MemoryStore::default(), Fr::zero()));
			let updates: Vec<(u64, Fr)> = tokens
				.iter()
				.map(|t| (u64::from(t.0), balance_leaf(account.balance(*t))))
				.collect();
			let balance_root = tree.update_batch(&updates).expect("token ids are range-checked");
			let leaf = account_leaf(
				&self.hasher,
				&account.l1_address,
				&account.pubkey_hash,
				account.nonce,
				&balance_root,
			);
			leaves.push((u64::from(id.0), leaf));
		}
		self.account_tree.update_batch(&leaves).expect("account ids are range-checked")
	}

	/// A Merkle proof of an account leaf (flushes pending changes first).
	pub fn account_proof(&mut self, id: AccountId) -> crate::smt::MerkleProof {
		self.root();
		self.account_tree.proof(u64::from(id.0)).expect("account ids are range-checked")
	}

	/// A Merkle proof of a balance in an account's balance tree (flushes first).
	pub fn balance_proof(&mut self, id: AccountId, token: TokenId) -> crate::smt::MerkleProof {
		self.root();
		let hasher = self.hasher;
		self.balance_trees
			.entry(id)
			.or_insert_with(|| BalanceTree::new(hasher, MemoryStore::default(), Fr::zero()))
			.proof(u64::from(token.0))
			.expect("token ids are range-checked")
	}

	/// The root of an account's balance tree (flushes first).
	pub fn balance_root(&mut self, id: AccountId) -> Fr {
		self.root();
		self.balance_trees.get(&id).map_or(self.empty_balance_root, |t| t.root())
	}

	/// Per token: (Σ balances of all accounts except reserves + uncredited fees, Σ reserves).
	///
	/// Conservation (DESIGN §3) says the two are equal for every token.
	pub fn totals(&self) -> BTreeMap<TokenId, (u128, u128)> {
		let mut totals: BTreeMap<TokenId, (u128, u128)> = BTreeMap::new();
		for (id, account) in &self.accounts {
			for (token, amount) in &account.balances {
				let entry = totals.entry(*token).or_default();
				if id.is_reserve() {
					entry.1 += amount;
				} else {
					entry.0 += amount;
				}
			}
		}
		for (token, fee) in &self.open.fees {
			totals.entry(*token).or_default().0 += fee;
		}
		totals
	}

	/// Records an owner's on-chain pre-approval of a key change (an L1 fact attested by the
	/// oracle quorum, keyed as the contract keys it: `authPubkeyHash[owner][nonce]` on `chain`):
	/// the account `owner` owns may set `pubkey_hash` with nonce `nonce`, checked on `chain`.
	pub fn approve_pubkey_onchain(
		&mut self,
		chain: ChainId,
		owner: L1Address,
		nonce: Nonce,
		pubkey_hash: PubKeyHash,
	) {
		self.onchain_approvals.insert((chain, owner, nonce), pubkey_hash);
	}

	/// Records that an account's leaf (and these balances) must be rehashed.
	pub(crate) fn touch(&mut self, id: AccountId, tokens: &[TokenId]) {
		self.dirty.entry(id).or_default().extend(tokens.iter().copied());
	}
}

/// The native backend: every write marks what [`State::root`] must rehash.
impl Ledger for State {
	fn registry(&self) -> &Registry {
		&self.registry
	}

	fn config(&self) -> &ExecutorConfig {
		&self.config
	}

	fn account(&self, id: AccountId) -> Option<AccountInfo> {
		self.accounts.get(&id).map(Account::info)
	}

	fn account_id_of(&self, address: &L1Address) -> Option<AccountId> {
		self.by_address.get(address).copied()
	}

	fn balance(&self, id: AccountId, token: TokenId) -> u128 {
		State::balance(self, id, token)
	}

	fn next_account_id(&self) -> AccountId {
		AccountId(self.next_account_id)
	}

	fn next_priority_serial(&self, chain: ChainId) -> u64 {
		self.next_serial[chain.slot()]
	}

	fn onchain_approval(
		&self,
		chain: ChainId,
		owner: L1Address,
		nonce: Nonce,
	) -> Option<PubKeyHash> {
		self.onchain_approvals.get(&(chain, owner, nonce)).copied()
	}

	fn open_totals(&self) -> OpenTotals {
		OpenTotals { chunks: self.open.chunks, fees: self.open.fees.clone() }
	}

	fn open_account(&mut self, id: AccountId, address: L1Address) {
		self.next_account_id = self.next_account_id.max(id.0 + 1);
		self.accounts.insert(id, Account::new(address));
		self.by_address.entry(address).or_insert(id);
		self.touch(id, &[]);
	}

	fn set_account(&mut self, id: AccountId, info: AccountInfo) {
		let account = self.accounts.entry(id).or_default();
		account.l1_address = info.l1_address;
		account.pubkey_hash = info.pubkey_hash;
		account.nonce = info.nonce;
		self.touch(id, &[]);
	}

	fn set_balance(&mut self, id: AccountId, token: TokenId, amount: u128) {
		self.accounts.entry(id).or_default().set_balance(token, amount);
		self.touch(id, &[token]);
	}

	fn set_next_priority_serial(&mut self, chain: ChainId, serial: u64) {
		self.next_serial[chain.slot()] = serial;
	}

	fn remove_onchain_approval(&mut self, chain: ChainId, owner: L1Address, nonce: Nonce) {
		self.onchain_approvals.remove(&(chain, owner, nonce));
	}

	fn push_op(&mut self, op: Op, signature: Option<TxSignature>, totals: OpenTotals) {
		self.open.ops.push(op);
		self.open.signatures.push(signature);
		self.open.chunks = totals.chunks;
		self.open.fees = totals.fees;
	}

	fn take_open(&mut self) -> OpenBatch {
		core::mem::take(&mut self.open)
	}
}
