//! The pallets' configurations.
#![warn(missing_docs)]

use crate::{
	wiring, AccountId, Aura, Balance, Balances, Batching, Block, BlockNumber, Grandpa, Hash, Nonce,
	PalletInfo, Rollup, Runtime, RuntimeCall, RuntimeEvent, RuntimeFreezeReason, RuntimeHoldReason,
	RuntimeOrigin, RuntimeTask, SessionKeys, System, Timestamp, ValidatorSet, EXISTENTIAL_DEPOSIT,
	SESSION_PERIOD, SLOT_DURATION, VERSION,
};
use polkadot_sdk::{
	frame_support::{
		derive_impl,
		dispatch::DispatchClass,
		parameter_types,
		traits::{
			ConstBool, ConstU128, ConstU32, ConstU64, ConstU8, Get, OneSessionHandler,
			VariantCountOf,
		},
		weights::{
			constants::{ParityDbWeight, WEIGHT_REF_TIME_PER_SECOND},
			IdentityFee, Weight,
		},
		BoundedVec,
	},
	frame_system::{
		self,
		limits::{BlockLength, BlockWeights},
		EnsureRoot,
	},
	pallet_aura, pallet_balances, pallet_grandpa, pallet_session, pallet_sudo, pallet_timestamp,
	pallet_transaction_payment::{self, ConstFeeMultiplier, FungibleAdapter, Multiplier},
	sp_consensus_aura::sr25519::AuthorityId as AuraId,
	sp_runtime::{
		traits::{ConvertInto, One},
		BoundToRuntimeAppPublic, Perbill,
	},
	sp_version::RuntimeVersion,
};
use polylink_primitives::chain::LiveChains;

/// The share of a block's weight and length ordinary transactions may use.
const NORMAL_DISPATCH_RATIO: Perbill = Perbill::from_percent(75);

/// The most validators (and so oracles) the chain supports.
pub const MAX_VALIDATORS: u32 = 32;

parameter_types! {
	/// Block hashes kept for mortality checks.
	pub const BlockHashCount: BlockNumber = 2400;
	/// The runtime version.
	pub const Version: RuntimeVersion = VERSION;
	/// 2 s of compute per 6 s block.
	pub RuntimeBlockWeights: BlockWeights = BlockWeights::with_sensible_defaults(
		Weight::from_parts(2u64 * WEIGHT_REF_TIME_PER_SECOND, u64::MAX),
		NORMAL_DISPATCH_RATIO,
	);
	/// 5 MiB blocks.
	pub RuntimeBlockLength: BlockLength = BlockLength::builder()
		.max_length(5 * 1024 * 1024)
		.modify_max_length_for_class(DispatchClass::Normal, |max| *max = NORMAL_DISPATCH_RATIO * *max)
		.build();
	/// The generic Substrate SS58 prefix.
	pub const SS58Prefix: u8 = 42;
	/// A constant fee multiplier (no congestion pricing on the devnets).
	pub FeeMultiplier: Multiplier = Multiplier::one();
	/// Sessions of `SESSION_PERIOD` blocks.
	pub const SessionPeriod: BlockNumber = SESSION_PERIOD;
	/// The first session ends at block `SESSION_PERIOD`.
	pub const SessionOffset: BlockNumber = 0;
	/// The pool priority of the oracles' votes and signatures: above ordinary transactions.
	pub const OracleUnsignedPriority: u64 = 1 << 20;
}

#[derive_impl(frame_system::config_preludes::SolochainDefaultConfig)]
impl frame_system::Config for Runtime {
	type Block = Block;
	type BlockWeights = RuntimeBlockWeights;
	type BlockLength = RuntimeBlockLength;
	type AccountId = AccountId;
	type Nonce = Nonce;
	type Hash = Hash;
	type BlockHashCount = BlockHashCount;
	/// The node stores its state in ParityDB.
	type DbWeight = ParityDbWeight;
	type Version = Version;
	type AccountData = pallet_balances::AccountData<Balance>;
	type SS58Prefix = SS58Prefix;
	type MaxConsumers = ConstU32<16>;
}

impl pallet_timestamp::Config for Runtime {
	type Moment = u64;
	type OnTimestampSet = Aura;
	type MinimumPeriod = ConstU64<{ SLOT_DURATION / 2 }>;
	type WeightInfo = ();
}

impl pallet_aura::Config for Runtime {
	type AuthorityId = AuraId;
	type DisabledValidators = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type AllowMultipleBlocksPerSlot = ConstBool<false>;
	type SlotDuration = pallet_aura::MinimumPeriodTimesTwo<Runtime>;
}

impl pallet_grandpa::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = ();
	type MaxAuthorities = ConstU32<MAX_VALIDATORS>;
	type MaxNominators = ConstU32<0>;
	type MaxSetIdSessionEntries = ConstU64<0>;
	type KeyOwnerProof = polkadot_sdk::sp_core::Void;
	type EquivocationReportSystem = ();
}

impl pallet_balances::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeHoldReason = RuntimeHoldReason;
	type RuntimeFreezeReason = RuntimeFreezeReason;
	type WeightInfo = pallet_balances::weights::SubstrateWeight<Runtime>;
	type Balance = Balance;
	type DustRemoval = ();
	type ExistentialDeposit = ConstU128<EXISTENTIAL_DEPOSIT>;
	type AccountStore = System;
	type ReserveIdentifier = [u8; 8];
	type FreezeIdentifier = RuntimeFreezeReason;
	type MaxLocks = ConstU32<50>;
	type MaxReserves = ();
	type MaxFreezes = VariantCountOf<RuntimeFreezeReason>;
	type DoneSlashHandler = ();
}

impl pallet_transaction_payment::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type OnChargeTransaction = FungibleAdapter<Balances, ()>;
	type OperationalFeeMultiplier = ConstU8<5>;
	type WeightToFee = IdentityFee<Balance>;
	type LengthToFee = IdentityFee<Balance>;
	type FeeMultiplierUpdate = ConstFeeMultiplier<FeeMultiplier>;
	type WeightInfo = pallet_transaction_payment::weights::SubstrateWeight<Runtime>;
}

impl pallet_sudo::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_sudo::weights::SubstrateWeight<Runtime>;
}

/// The session handler of the oracle key: nothing to do at a session change, since the
/// validator set reads the starting session's oracle keys itself
/// (`SessionManager::start_session`); it only declares the key type to the session pallet.
pub struct OracleKeyHandler;

impl BoundToRuntimeAppPublic for OracleKeyHandler {
	type Public = pallet_polylink_validator_set::OracleId;
}

impl OneSessionHandler<AccountId> for OracleKeyHandler {
	type Key = pallet_polylink_validator_set::OracleId;

	fn on_genesis_session<'a, I>(_validators: I)
	where
		I: Iterator<Item = (&'a AccountId, Self::Key)> + 'a,
	{
	}

	fn on_new_session<'a, I>(_changed: bool, _validators: I, _queued_validators: I)
	where
		I: Iterator<Item = (&'a AccountId, Self::Key)> + 'a,
	{
	}

	fn on_disabled(_validator_index: u32) {}
}

impl pallet_session::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = AccountId;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<SessionPeriod, SessionOffset>;
	type SessionManager = ValidatorSet;
	/// In the order of [`SessionKeys`]' fields.
	type SessionHandler = (Aura, Grandpa, OracleKeyHandler);
	type Keys = SessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU128<0>;
}

impl pallet_polylink_validator_set::Config for Runtime {
	type AddRemoveOrigin = EnsureRoot<AccountId>;
	type MinValidators = ConstU32<1>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type WeightInfo = ();
}

/// The share of a block's normal weight the oracles' votes may take, each charged as the most
/// expensive vote (`RootConsensus::vote_weight`): the rest stays for L2 transactions.
pub const VOTES_SHARE: Perbill = Perbill::from_percent(25);

/// The priority operations one vote applies at once (root consensus's `MaxDeliveriesPerVote`).
pub const MAX_DELIVERIES_PER_VOTE: u32 = 2;

/// The priority operations the start of a block applies from the backlogs (root consensus's
/// `MaxDeliveriesPerBlock`): about a tenth of a block at the hand-written weights.
pub const MAX_DELIVERIES_PER_BLOCK: u32 = 16;

/// Root consensus's `MaxVotesPerBlock`: as many votes as fit [`VOTES_SHARE`] of a block's normal
/// weight, each charged as the most expensive one (at least one).
pub struct VotesPerBlock;

impl Get<u32> for VotesPerBlock {
	fn get() -> u32 {
		let normal = RuntimeBlockWeights::get()
			.get(DispatchClass::Normal)
			.max_total
			.unwrap_or(RuntimeBlockWeights::get().max_block);
		let share = VOTES_SHARE * normal.ref_time();
		let vote = crate::RootConsensus::vote_weight().ref_time().max(1);
		u32::try_from(share / vote).unwrap_or(u32::MAX).max(1)
	}
}

impl pallet_polylink_root_consensus::Config for Runtime {
	type OracleSet = ValidatorSet;
	type FactHandler = wiring::PolylinkFacts;
	type BatchHeaders = Batching;
	type RevokeOrigin = EnsureRoot<AccountId>;
	type WeightInfo = ();
	type MaxOracles = ConstU32<MAX_VALIDATORS>;
	type MaxPendingPerChain = ConstU32<1024>;
	// Above what an honest oracle has undecided while others lag (a full priority backlog on
	// every chain plus the batch facts); a faulty one leaves at most this many tallies.
	type MaxOutstandingVotes = ConstU32<{ 4 * 1024 + 1024 }>;
	// As many of the most expensive votes as fill `VOTES_SHARE` of a block: the rest of the
	// block stays for L2 transactions, and a vote refused for room waits in the pool for the
	// next block.
	type MaxVotesPerBlock = VotesPerBlock;
	// A vote makes one fact: the next serial and one behind it apply at once, a longer backlog
	// at the start of the next blocks.
	type MaxDeliveriesPerVote = ConstU32<MAX_DELIVERIES_PER_VOTE>;
	type MaxDeliveriesPerBlock = ConstU32<MAX_DELIVERIES_PER_BLOCK>;
	type UnsignedPriority = OracleUnsignedPriority;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::RootConsensusHelper;
}

/// The deployment's live chains, as root consensus holds them (set at genesis).
pub struct RootConsensusLiveChains;

impl Get<LiveChains> for RootConsensusLiveChains {
	fn get() -> LiveChains {
		pallet_polylink_root_consensus::Live::<Runtime>::get()
	}
}

impl pallet_polylink_proof_registry::Config for Runtime {
	type RegisterOrigin = EnsureRoot<AccountId>;
	type SealedBatches = Batching;
	type LiveChains = RootConsensusLiveChains;
	type WeightInfo = ();
	type MaxVkLen = ConstU32<4096>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::ProofRegistryHelper;
}

/// The largest block circuit, in chunks: the open batch's capacity and the batching budget.
pub const BATCH_CAPACITY: u32 = 8;

parameter_types! {
	/// The block-circuit sizes (chunks) the deployment proves with, ascending: a batch is sealed
	/// at the smallest that holds it. The prover has parameters for each; governance registers
	/// each size's verifying key with the proof registry.
	pub CircuitSizes: BoundedVec<u32, ConstU32<{ pallet_polylink_batching::MAX_CIRCUIT_SIZES }>> =
		BoundedVec::truncate_from(alloc::vec![1, BATCH_CAPACITY]);
	/// The pool priority of an L2 transaction paying the minimum fee: below the oracle votes'.
	pub const L2TxPriority: u64 = 1 << 10;
}

impl pallet_polylink_batching::Config for Runtime {
	type Source = Rollup;
	type CircuitSizes = CircuitSizes;
	/// Ten blocks (a minute at 6 s slots) with anything open seal the batch.
	type SealTimeout = ConstU32<10>;
	type UnixTime = Timestamp;
	type Proofs = wiring::ProvenRoots;
	type ForceOrigin = EnsureRoot<AccountId>;
	type MaxPubdataLen =
		ConstU32<{ BATCH_CAPACITY * polylink_primitives::params::CHUNK_BYTES as u32 }>;
	type MaxOpsPerBatch = ConstU32<BATCH_CAPACITY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = crate::benchmarks::BatchingHelper;
}

impl pallet_polylink_prover::Config for Runtime {
	type AuthorityId = pallet_polylink_prover::crypto::ProverAuthId;
	type BatchData = wiring::BatchingData;
	type RequestWindow = ConstU64<4>;
	/// A minute at 6 s slots: long enough for the pool to include a proof.
	type ResubmitAfter = ConstU32<10>;
}

impl frame_system::offchain::SigningTypes for Runtime {
	type Public = <crate::Signature as polkadot_sdk::sp_runtime::traits::Verify>::Signer;
	type Signature = crate::Signature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = crate::UncheckedExtrinsic;
}

impl<LocalCall> frame_system::offchain::CreateBare<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_bare(call: RuntimeCall) -> crate::UncheckedExtrinsic {
		crate::UncheckedExtrinsic::new_bare(call)
	}
}

/// The off-chain workers' signed transactions (the prover's proof submissions): mortal for
/// the longest period the block hash count allows, no tip, checked like any user's.
impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Runtime
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<
		C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		public: Self::Public,
		account: AccountId,
		nonce: Nonce,
	) -> Option<crate::UncheckedExtrinsic> {
		use parity_scale_codec::Encode;
		use polkadot_sdk::sp_runtime::{generic::Era, traits::StaticLookup};
		let period =
			u64::from(BlockHashCount::get()).checked_next_power_of_two().map_or(2, |p| p / 2);
		// The block being built is the current block number; the mortality starts at the last.
		let current = u64::from(System::block_number()).saturating_sub(1);
		let extension = crate::tx_extension(nonce, Era::mortal(period, current));
		let payload = crate::SignedPayload::new(call, extension).ok()?;
		let signature = payload.using_encoded(|bytes| C::sign(bytes, public))?;
		let (call, extension, _) = payload.deconstruct();
		let address = <Runtime as frame_system::Config>::Lookup::unlookup(account);
		Some(crate::UncheckedExtrinsic::new_signed(call, address, signature, extension))
	}
}

impl pallet_polylink_rollup::Config for Runtime {
	type Sealer = Batching;
	type WeightInfo = ();
	type BatchCapacity = ConstU32<BATCH_CAPACITY>;
	type UnsignedPriority = L2TxPriority;
	type Revoked = wiring::Revoked;
}
