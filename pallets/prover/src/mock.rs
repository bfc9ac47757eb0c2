//! A mock runtime for the worker's tests: the proof registry over settable sealed batches
//! (headers, pubdata, signatures), sr25519 accounts, and signed transactions that carry the
//! signer's nonce only.

use crate::{self as pallet_polylink_prover, BatchData};
use core::cell::RefCell;
use pallet_polylink_proof_registry::{BatchNumber, SealedBatches, SealedHeader};
use polkadot_sdk::{
	frame_support::{
		self, derive_impl,
		traits::{ConstU32, ConstU64},
	},
	frame_system::{self, EnsureRoot},
	sp_core::sr25519,
	sp_io::TestExternalities,
	sp_runtime::{generic::UncheckedExtrinsic, traits::IdentityLookup, BuildStorage},
};
use polylink_primitives::{chain::LiveChains, signature::TxSignature};
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

/// The mock's extrinsic: a signed one carries the nonce as its address, nothing else.
pub type Extrinsic = UncheckedExtrinsic<u64, RuntimeCall, (), ()>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ProofRegistry: pallet_polylink_proof_registry,
		Prover: pallet_polylink_prover,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = sr25519::Public;
	type Lookup = IdentityLookup<Self::AccountId>;
}

impl pallet_polylink_proof_registry::Config for Test {
	type RegisterOrigin = EnsureRoot<sr25519::Public>;
	type SealedBatches = MockBatches;
	type LiveChains = MockLiveChains;
	type WeightInfo = ();
	type MaxVkLen = ConstU32<1024>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockBatches;
}

/// The mock's request window.
pub const REQUEST_WINDOW: u64 = 3;
/// The mock's resubmission delay, in blocks.
pub const RESUBMIT_AFTER: u64 = 5;

impl pallet_polylink_prover::Config for Test {
	type AuthorityId = crate::crypto::ProverAuthId;
	type BatchData = MockBatches;
	type RequestWindow = ConstU64<REQUEST_WINDOW>;
	type ResubmitAfter = ConstU64<RESUBMIT_AFTER>;
}

impl frame_system::offchain::SigningTypes for Test {
	type Public = sr25519::Public;
	type Signature = sr25519::Signature;
}

impl<LocalCall> frame_system::offchain::CreateTransactionBase<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	type RuntimeCall = RuntimeCall;
	type Extrinsic = Extrinsic;
}

impl<LocalCall> frame_system::offchain::CreateSignedTransaction<LocalCall> for Test
where
	RuntimeCall: From<LocalCall>,
{
	fn create_signed_transaction<
		C: frame_system::offchain::AppCrypto<Self::Public, Self::Signature>,
	>(
		call: RuntimeCall,
		_public: sr25519::Public,
		_account: sr25519::Public,
		nonce: u32,
	) -> Option<Extrinsic> {
		Some(Extrinsic::new_signed(call, u64::from(nonce), (), ()))
	}
}

/// A sealed batch of the mock.
#[derive(Clone)]
pub struct MockBatch {
	/// Its header.
	pub header: SealedHeader,
	/// Its pubdata, `None` once pruned.
	pub pubdata: Option<Vec<u8>>,
	/// Its signatures, `None` once pruned.
	pub signatures: Option<Vec<Option<TxSignature>>>,
}

thread_local! {
	static BATCHES: RefCell<BTreeMap<BatchNumber, MockBatch>> =
		const { RefCell::new(BTreeMap::new()) };
}

/// The settable sealed batches.
pub struct MockBatches;

impl SealedBatches for MockBatches {
	fn sealed_batch(batch: BatchNumber) -> Option<SealedHeader> {
		BATCHES.with(|b| b.borrow().get(&batch).map(|b| b.header))
	}
}

impl BatchData for MockBatches {
	fn pubdata(batch: BatchNumber) -> Option<Vec<u8>> {
		BATCHES.with(|b| b.borrow().get(&batch).and_then(|b| b.pubdata.clone()))
	}

	fn signatures(batch: BatchNumber) -> Option<Vec<Option<TxSignature>>> {
		BATCHES.with(|b| b.borrow().get(&batch).and_then(|b| b.signatures.clone()))
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl pallet_polylink_proof_registry::BenchmarkHelper for MockBatches {
	fn seal(batch: BatchNumber, header: SealedHeader) {
		BATCHES.with(|b| {
			b.borrow_mut().insert(batch, MockBatch { header, pubdata: None, signatures: None })
		});
	}

	fn set_live_chains(_: LiveChains) {}
}

/// The live chains: chain 1 only.
pub struct MockLiveChains;

impl frame_support::traits::Get<LiveChains> for MockLiveChains {
	fn get() -> LiveChains {
		LiveChains::from_bits(0b1).expect("chain 1 is a valid set")
	}
}

/// Seals batch `batch` with a header, pubdata and signatures derived from its number.
pub fn seal(batch: BatchNumber) -> MockBatch {
	let byte = u8::try_from(batch).expect("small batch numbers");
	let sealed = MockBatch {
		header: SealedHeader {
			timestamp: 1_000 + batch,
			chunks: 8,
			pubdata_hash: [byte; 32],
			onchain_hash: [byte.wrapping_add(1); 32],
		},
		pubdata: Some(vec![byte; 16]),
		signatures: Some(vec![None]),
	};
	BATCHES.with(|b| b.borrow_mut().insert(batch, sealed.clone()));
	sealed
}

/// Replaces sealed batch `batch` by another one under the same number, as a reorg to a fork that
/// sealed other operations does.
pub fn fork(batch: BatchNumber) {
	BATCHES.with(|b| {
		if let Some(sealed) = b.borrow_mut().get_mut(&batch) {
			sealed.header.pubdata_hash = [0xee; 32];
			sealed.pubdata = Some(vec![0xee; 16]);
		}
	});
}

/// Drops batch `batch`'s pubdata and signatures, as pruning does.
pub fn prune(batch: BatchNumber) {
	BATCHES.with(|b| {
		if let Some(sealed) = b.borrow_mut().get_mut(&batch) {
			sealed.pubdata = None;
			sealed.signatures = None;
		}
	});
}

/// Test externalities at block 1, nothing sealed, nothing proven.
pub fn new_test_ext() -> TestExternalities {
	BATCHES.with(|b| b.borrow_mut().clear());
	let storage =
		RuntimeGenesisConfig { system: Default::default(), proof_registry: Default::default() }
			.build_storage()
			.expect("the mock genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
