//! A mock runtime for the tests: settable sealed headers and live chains, root as the
//! registering origin, and the block-8 fixture's old root as the genesis root.

use crate::{self as pallet_proof_registry, fixture, BatchNumber, SealedBatches, SealedHeader};
use core::cell::RefCell;
use polkadot_sdk::{
	frame_support::{self, derive_impl, traits::ConstU32},
	frame_system::{self, EnsureRoot},
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};
use polylink_primitives::chain::LiveChains;
use std::collections::BTreeMap;

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		ProofRegistry: pallet_proof_registry,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The mock's `MaxVkLen`.
pub const MAX_VK_LEN: u32 = 1024;

impl pallet_proof_registry::Config for Test {
	type RegisterOrigin = EnsureRoot<u64>;
	type SealedBatches = MockSealed;
	type LiveChains = MockLiveChains;
	type WeightInfo = ();
	type MaxVkLen = ConstU32<MAX_VK_LEN>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSealed;
}

thread_local! {
	/// The sealed batch headers.
	static SEALED: RefCell<BTreeMap<BatchNumber, SealedHeader>> =
		const { RefCell::new(BTreeMap::new()) };
	/// The live chains (bits).
	static LIVE: RefCell<u8> = const { RefCell::new(0) };
}

/// The settable sealed headers.
pub struct MockSealed;

impl SealedBatches for MockSealed {
	fn sealed_batch(batch: BatchNumber) -> Option<SealedHeader> {
		SEALED.with(|s| s.borrow().get(&batch).copied())
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockSealed {
	fn seal(batch: BatchNumber, header: SealedHeader) {
		seal(batch, header);
	}

	fn set_live_chains(live_chains: LiveChains) {
		set_live_chains(live_chains);
	}
}

/// The settable live chains.
pub struct MockLiveChains;

impl frame_support::traits::Get<LiveChains> for MockLiveChains {
	fn get() -> LiveChains {
		LiveChains::from_bits(LIVE.with(|l| *l.borrow())).expect("only valid sets are stored")
	}
}

/// Makes `header` the header of sealed batch `batch`.
pub fn seal(batch: BatchNumber, header: SealedHeader) {
	SEALED.with(|s| s.borrow_mut().insert(batch, header));
}

/// Makes `live_chains` the live chains.
pub fn set_live_chains(live_chains: LiveChains) {
	LIVE.with(|l| *l.borrow_mut() = live_chains.bits());
}

/// Test externalities at block 1: genesis root the fixture's old root, live chains the
/// fixture's, nothing sealed, no key registered.
pub fn new_test_ext() -> TestExternalities {
	SEALED.with(|s| s.borrow_mut().clear());
	set_live_chains(fixture::live_chains());
	let storage = RuntimeGenesisConfig {
		system: Default::default(),
		proof_registry: pallet_proof_registry::GenesisConfig {
			genesis_root: fixture::old_root(),
			verifying_keys: Vec::new(),
			exit_verifying_key: Vec::new(),
			_config: Default::default(),
		},
	}
	.build_storage()
	.expect("the mock genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}
