//! A mock runtime for the tests: a settable oracle set of k256 test keys, settable batch headers
//! and a fact handler that records what it is handed.

use crate::{self as pallet_root_consensus, BatchHeaders, BatchNumber, FactHandler, OracleSet};
use core::cell::RefCell;
use k256::ecdsa::SigningKey;
use polkadot_sdk::{
	frame_support::{self, derive_impl, parameter_types, traits::ConstU32, weights::Weight},
	frame_system,
	sp_io::TestExternalities,
	sp_runtime::{transaction_validity::TransactionPriority, BuildStorage},
};
use polylink_primitives::{
	account::Nonce,
	certificate::DeploymentId,
	chain::ChainId,
	eth::{address_of, L1Address},
	signature::PubKeyHash,
	token::TokenId,
	tx::PriorityOp,
};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		RootConsensus: pallet_root_consensus,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	// Real database weights: the pruning of stale tallies is measured in them.
	type DbWeight = frame_support::weights::constants::RocksDbWeight;
}

/// The deployment id of the mock chain's genesis.
pub const DEPLOYMENT: DeploymentId = DeploymentId([7; 32]);

/// The mock's `MaxOracles`.
pub const MAX_ORACLES: u32 = 8;

/// The mock's `MaxPendingPerChain`.
pub const MAX_PENDING: u32 = 4;

/// The mock's `MaxOutstandingVotes`.
pub const MAX_OUTSTANDING: u32 = 6;

/// The mock's `MaxVotesPerBlock`.
pub const MAX_VOTES_PER_BLOCK: u32 = 40;

/// The mock's `MaxDeliveriesPerVote` (unless a test sets [`MaxDeliveriesPerVote`]).
pub const DELIVERIES_PER_VOTE: u32 = 4;

/// The mock's `MaxDeliveriesPerBlock`.
pub const MAX_DELIVERIES_PER_BLOCK: u32 = 3;

/// What the recording handler says one priority operation weighs.
pub const PRIORITY_OP_WEIGHT: Weight = Weight::from_parts(7_000_000, 1_000);

/// What the recording handler says any other call weighs.
pub const OTHER_FACT_WEIGHT: Weight = Weight::from_parts(3_000_000, 500);

/// The mock's unsigned priority.
pub const UNSIGNED_PRIORITY: TransactionPriority = 1 << 20;

parameter_types! {
	/// The pool priority of votes and signatures.
	pub const UnsignedPriority: TransactionPriority = UNSIGNED_PRIORITY;
	/// Settable by a test: the deliveries one vote makes.
	pub static MaxDeliveriesPerVote: u32 = DELIVERIES_PER_VOTE;
}

impl pallet_root_consensus::Config for Test {
	type OracleSet = MockOracles;
	type FactHandler = RecordingHandler;
	type BatchHeaders = MockHeaders;
	type RevokeOrigin = frame_system::EnsureRoot<u64>;
	type WeightInfo = ();
	type MaxOracles = ConstU32<MAX_ORACLES>;
	type MaxPendingPerChain = ConstU32<MAX_PENDING>;
	type MaxOutstandingVotes = ConstU32<MAX_OUTSTANDING>;
	type MaxVotesPerBlock = ConstU32<MAX_VOTES_PER_BLOCK>;
	type MaxDeliveriesPerVote = MaxDeliveriesPerVote;
	type MaxDeliveriesPerBlock = ConstU32<MAX_DELIVERIES_PER_BLOCK>;
	type UnsignedPriority = UnsignedPriority;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBenchmarkHelper;
}

/// What the recording fact handler was handed, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Delivery {
	/// `on_priority_op`.
	Priority(ChainId, PriorityOp),
	/// `on_batch_proven`.
	Proven(ChainId, BatchNumber, [u8; 32]),
	/// `on_batch_executed`.
	Executed(ChainId, BatchNumber),
	/// `on_pubkey_approved`.
	Approved(ChainId, L1Address, Nonce, PubKeyHash),
	/// `on_token_registered`.
	Token(ChainId, TokenId, L1Address, u8),
}

thread_local! {
	/// The current oracle set: its id and members.
	static ORACLES: RefCell<(u64, Vec<L1Address>)> = const { RefCell::new((0, Vec::new())) };
	/// The sealed batch headers.
	static HEADERS: RefCell<BTreeMap<BatchNumber, (u32, [u8; 32])>> =
		const { RefCell::new(BTreeMap::new()) };
	/// What the fact handler was handed (priority operations: those it applied).
	static DELIVERED: RefCell<Vec<Delivery>> = const { RefCell::new(Vec::new()) };
	/// The tokens whose deposits the handler refuses until they are registered.
	static UNKNOWN_TOKENS: RefCell<Vec<TokenId>> = const { RefCell::new(Vec::new()) };
	/// Whether the handler refuses every priority operation (a halted rollup).
	static HALTED: RefCell<bool> = const { RefCell::new(false) };
	/// How many priority operations the handler was offered (applied or refused).
	static OFFERED: RefCell<u32> = const { RefCell::new(0) };
}

/// Makes the fact handler refuse every priority operation (`true`), as the rollup does while a
/// revocation halts it, or take them again (`false`, the halt lifted).
pub fn set_halted(halted: bool) {
	HALTED.with(|h| *h.borrow_mut() = halted);
}

/// How many priority operations the handler was offered so far (applied or refused).
pub fn offered() -> u32 {
	OFFERED.with(|o| *o.borrow())
}

/// Makes the fact handler refuse deposits of `token` until a `TokenRegistered` fact for it.
pub fn refuse_deposits_of(token: TokenId) {
	UNKNOWN_TOKENS.with(|t| t.borrow_mut().push(token));
}

/// The settable oracle set.
pub struct MockOracles;

impl OracleSet for MockOracles {
	fn set_id() -> u64 {
		ORACLES.with(|o| o.borrow().0)
	}

	fn oracles() -> Vec<L1Address> {
		ORACLES.with(|o| o.borrow().1.clone())
	}
}

/// The settable batch headers.
pub struct MockHeaders;

impl BatchHeaders for MockHeaders {
	fn batch_header(batch: BatchNumber) -> Option<(u32, [u8; 32])> {
		HEADERS.with(|h| h.borrow().get(&batch).copied())
	}
}

/// A fact handler that records every delivery.
pub struct RecordingHandler;

impl FactHandler for RecordingHandler {
	fn on_priority_op(chain: ChainId, op: PriorityOp) -> bool {
		OFFERED.with(|o| *o.borrow_mut() += 1);
		if HALTED.with(|h| *h.borrow()) {
			return false;
		}
		if let PriorityOp::Deposit(deposit) = &op {
			if UNKNOWN_TOKENS.with(|t| t.borrow().contains(&deposit.token)) {
				return false;
			}
		}
		DELIVERED.with(|d| d.borrow_mut().push(Delivery::Priority(chain, op)));
		true
	}

	fn priority_op_weight() -> Weight {
		PRIORITY_OP_WEIGHT
	}

	fn other_fact_weight() -> Weight {
		OTHER_FACT_WEIGHT
	}

	fn on_batch_proven(chain: ChainId, batch: BatchNumber, sync_hash: [u8; 32]) {
		DELIVERED.with(|d| d.borrow_mut().push(Delivery::Proven(chain, batch, sync_hash)));
	}

	fn on_batch_executed(chain: ChainId, batch: BatchNumber) {
		DELIVERED.with(|d| d.borrow_mut().push(Delivery::Executed(chain, batch)));
	}

	fn on_pubkey_approved(chain: ChainId, owner: L1Address, nonce: Nonce, pubkey_hash: PubKeyHash) {
		DELIVERED
			.with(|d| d.borrow_mut().push(Delivery::Approved(chain, owner, nonce, pubkey_hash)));
	}

	fn on_token_registered(chain: ChainId, token: TokenId, address: L1Address, decimals: u8) {
		UNKNOWN_TOKENS.with(|t| t.borrow_mut().retain(|unknown| *unknown != token));
		DELIVERED.with(|d| d.borrow_mut().push(Delivery::Token(chain, token, address, decimals)));
	}
}

/// Installs oracle addresses and batch headers for the benchmark tests.
#[cfg(feature = "runtime-benchmarks")]
pub struct MockBenchmarkHelper;

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockBenchmarkHelper {
	fn set_oracles(oracles: Vec<L1Address>) {
		set_oracle_addresses(oracles);
	}

	fn set_batch_header(batch: BatchNumber, chunks: u32, commitment: [u8; 32]) {
		set_batch_header(batch, chunks, commitment);
	}
}

/// The test key with secret scalar `i` (non-zero).
pub fn key(i: u8) -> SigningKey {
	let mut bytes = [0u8; 32];
	bytes[31] = i;
	SigningKey::from_slice(&bytes).expect("a small non-zero scalar is a valid key")
}

/// The L1 address of a test key.
pub fn address(key: &SigningKey) -> L1Address {
	address_of(key.verifying_key())
}

/// Makes `oracles` the current oracle set under a new set id.
pub fn set_oracle_addresses(oracles: Vec<L1Address>) {
	ORACLES.with(|o| {
		let mut o = o.borrow_mut();
		o.0 += 1;
		o.1 = oracles;
	});
}

/// Makes the addresses of `keys` the current oracle set under a new set id.
pub fn set_oracles(keys: &[SigningKey]) {
	set_oracle_addresses(keys.iter().map(address).collect());
}

/// The keys `1..=n`.
pub fn keys(n: u8) -> Vec<SigningKey> {
	(1..=n).map(key).collect()
}

/// Seals batch `batch` with this header.
pub fn set_batch_header(batch: BatchNumber, chunks: u32, commitment: [u8; 32]) {
	HEADERS.with(|h| h.borrow_mut().insert(batch, (chunks, commitment)));
}

/// Takes what the fact handler was handed so far.
pub fn take_delivered() -> Vec<Delivery> {
	DELIVERED.with(|d| core::mem::take(&mut *d.borrow_mut()))
}

/// Builds a test externalities with a chosen oracle set size and live chains.
pub struct ExtBuilder {
	/// The oracle set: the keys `1..=oracles`.
	oracles: u8,
	/// The live chain indices.
	live_chains: Vec<u8>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { oracles: 4, live_chains: vec![1, 2] }
	}
}

impl ExtBuilder {
	/// Sets the oracle set to the keys `1..=n`.
	pub fn oracles(mut self, n: u8) -> Self {
		self.oracles = n;
		self
	}

	/// Sets the live chains.
	pub fn live_chains(mut self, chains: &[u8]) -> Self {
		self.live_chains = chains.to_vec();
		self
	}

	/// The externalities, at block 1 (so events are recorded).
	pub fn build(self) -> TestExternalities {
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			root_consensus: pallet_root_consensus::GenesisConfig {
				deployment: DEPLOYMENT.0,
				live_chains: self.live_chains,
				_config: Default::default(),
			},
		}
		.build_storage()
		.expect("the mock genesis builds");
		ORACLES.with(|o| *o.borrow_mut() = (0, Vec::new()));
		HEADERS.with(|h| h.borrow_mut().clear());
		take_delivered();
		set_halted(false);
		OFFERED.with(|o| *o.borrow_mut() = 0);
		MaxDeliveriesPerVote::set(DELIVERIES_PER_VOTE);
		set_oracles(&keys(self.oracles));
		let mut ext = TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Builds the externalities and runs `test` in them.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(test)
	}
}

/// The default test externalities: oracles `1..=4`, live chains 1 and 2.
pub fn new_test_ext() -> TestExternalities {
	ExtBuilder::default().build()
}
