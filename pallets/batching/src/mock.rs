//! A mock runtime for the tests: a storage-backed source whose open batch is a queue of real
//! pubdata operations (so the pubdata and hashes are real), settable proven batches and clock,
//! circuit sizes 2, 4 and 8 chunks and a timeout of 3 blocks.

use crate::{
	self as pallet_batching, BatchNumber, BatchSource, Proven, ProvenBatches, SealedContent,
	MAX_CIRCUIT_SIZES,
};
use polkadot_sdk::{
	frame_support::{
		self, derive_impl, parameter_types,
		traits::{ConstU32, ConstU64, Hooks, UnixTime},
		BoundedVec, Twox64Concat,
	},
	frame_system::{self, EnsureRoot},
	sp_io::TestExternalities,
	sp_runtime::{BuildStorage, DispatchError},
};
use polylink_primitives::{
	account::AccountId, chain::ChainId, commitment, eth::L1Address, params::CHUNK_BYTES,
	pubdata::Op, signature::TxSignature, token::TokenId,
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Batching: pallet_batching,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The mock's budget (its largest circuit size), in chunks.
pub const BUDGET: u32 = 8;

/// The mock's `SealTimeout`, in blocks.
pub const SEAL_TIMEOUT: u64 = 3;

/// The mock clock's time at genesis, seconds since the Unix epoch.
pub const GENESIS_TIME: u64 = 1_750_000_000;

parameter_types! {
	/// The mock's circuit sizes.
	pub MockCircuitSizes: BoundedVec<u32, ConstU32<MAX_CIRCUIT_SIZES>> =
		BoundedVec::truncate_from(vec![2, 4, BUDGET]);
}

impl pallet_batching::Config for Test {
	type Source = MockSource;
	type CircuitSizes = MockCircuitSizes;
	type SealTimeout = ConstU64<SEAL_TIMEOUT>;
	type UnixTime = MockTime;
	type Proofs = MockProofs;
	type ForceOrigin = EnsureRoot<u64>;
	type MaxPubdataLen = ConstU32<{ BUDGET * CHUNK_BYTES as u32 }>;
	type MaxOpsPerBatch = ConstU32<BUDGET>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = MockSource;
}

/// The mock source's open batch: each operation with its signature.
#[frame_support::storage_alias(verbatim)]
pub type OpenOps = StorageValue<
	MockSource,
	Vec<(Op, Option<TxSignature>)>,
	frame_support::pallet_prelude::ValueQuery,
>;

/// The sequencing-log index of the mock source's next operation.
#[frame_support::storage_alias(verbatim)]
pub type NextLogIndex = StorageValue<MockSource, u64, frame_support::pallet_prelude::ValueQuery>;

/// How the mock source corrupts what it closes ([`Corruption`] as a byte; 0: not at all).
#[frame_support::storage_alias(verbatim)]
pub type Corrupt = StorageValue<MockSource, u8, frame_support::pallet_prelude::ValueQuery>;

/// The mock clock, seconds since the Unix epoch.
#[frame_support::storage_alias(verbatim)]
pub type Now = StorageValue<MockSource, u64, frame_support::pallet_prelude::ValueQuery>;

/// The mock proven batches.
#[frame_support::storage_alias(verbatim)]
pub type ProvenMap = StorageMap<MockSource, Twox64Concat, BatchNumber, Proven>;

/// The ways the mock source can misbehave when it closes its batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corruption {
	/// It reports a size other than the capacity asked for.
	WrongChunks = 1,
	/// Its pubdata lacks the last padding chunk.
	ShortPubdata = 2,
	/// It drops the last signature.
	MissingSignature = 3,
	/// Its `pubdata_hash` is not the pubdata's.
	WrongPubdataHash = 4,
	/// Its `onchain_hash` is not the pubdata's.
	WrongOnchainHash = 5,
	/// It reports no operations.
	NoOps = 6,
	/// It fails.
	Fails = 7,
}

/// The storage-backed test source.
pub struct MockSource;

impl BatchSource for MockSource {
	fn open_chunks() -> u32 {
		OpenOps::get().iter().map(|(op, _)| op.chunks() as u32).sum()
	}

	fn close(capacity: u32) -> Result<SealedContent, DispatchError> {
		let used = Self::open_chunks();
		if capacity < used {
			return Err(DispatchError::Other("capacity below the open chunks"));
		}
		let (ops, signatures): (Vec<Op>, Vec<Option<TxSignature>>) =
			OpenOps::take().into_iter().unzip();
		let mut pubdata = Vec::new();
		for op in ops.iter().chain(core::iter::repeat_n(&Op::Noop, (capacity - used) as usize)) {
			pubdata.extend(op.pubdata().map_err(|_| DispatchError::Other("op does not encode"))?);
		}
		let first_log_index = NextLogIndex::get();
		NextLogIndex::put(first_log_index + ops.len() as u64);
		let mut content = SealedContent {
			chunks: capacity,
			pubdata_hash: commitment::sha256(&pubdata),
			onchain_hash: commitment::onchain_hash(&pubdata)
				.map_err(|_| DispatchError::Other("pubdata does not decode"))?,
			pubdata,
			signatures,
			ops: ops.len() as u32,
			first_log_index,
		};
		match Corrupt::get() {
			1 => content.chunks += 1,
			2 => content.pubdata.truncate(content.pubdata.len() - CHUNK_BYTES),
			3 => {
				content.signatures.pop();
			}
			4 => content.pubdata_hash[0] ^= 1,
			5 => content.onchain_hash[0] ^= 1,
			6 => {
				content.ops = 0;
				content.signatures.clear();
			}
			7 => return Err(DispatchError::Other("the source fails")),
			_ => {}
		}
		Ok(content)
	}
}

#[cfg(feature = "runtime-benchmarks")]
impl crate::BenchmarkHelper for MockSource {
	fn fill_open(chunks: u32) {
		for n in 0..chunks {
			push_transfer(n as u8);
		}
	}
}

/// The settable mock clock.
pub struct MockTime;

impl UnixTime for MockTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(Now::get())
	}
}

/// The settable proven batches.
pub struct MockProofs;

impl ProvenBatches for MockProofs {
	fn proven(batch: BatchNumber) -> Option<Proven> {
		ProvenMap::get(batch)
	}
}

/// Makes the source corrupt what it closes from now on.
pub fn corrupt(how: Corruption) {
	Corrupt::put(how as u8);
}

/// Records `proven` as proven batch `batch`'s roots and commitment.
pub fn prove(batch: BatchNumber, proven: Proven) {
	ProvenMap::insert(batch, proven);
}

/// Sets the clock to `secs` seconds since the Unix epoch.
pub fn set_time(secs: u64) {
	Now::put(secs);
}

/// The signature the mock gives its `n`th test operation.
pub fn signature(n: u8) -> TxSignature {
	TxSignature { pub_key: [n; 32], signature: [n.wrapping_add(1); 64] }
}

/// A one-chunk transfer of `n + 1` units (an off-chain operation).
pub fn transfer(n: u8) -> Op {
	Op::Transfer {
		from: AccountId(5),
		to: AccountId(6),
		token: TokenId(1),
		amount: u128::from(n) + 1,
		fee: 0,
	}
}

/// A three-chunk deposit on chain 1 (an on-chain operation).
pub fn deposit(n: u8) -> Op {
	Op::Deposit {
		chain: ChainId(1),
		account: AccountId(5),
		token: TokenId(1),
		amount: u128::from(n) + 1,
		to: L1Address([n; 20]),
	}
}

/// Appends a signed one-chunk transfer to the open batch.
pub fn push_transfer(n: u8) {
	OpenOps::append((transfer(n), Some(signature(n))));
}

/// Appends an unsigned three-chunk deposit to the open batch.
pub fn push_deposit(n: u8) {
	OpenOps::append((deposit(n), None::<TxSignature>));
}

/// Moves to the next block and runs the pallet's `on_initialize`.
pub fn next_block() {
	let now = System::block_number() + 1;
	System::set_block_number(now);
	Batching::on_initialize(now);
}

/// Test externalities at block 1: nothing open, nothing sealed, the clock at [`GENESIS_TIME`].
pub fn new_test_ext() -> TestExternalities {
	let storage = RuntimeGenesisConfig::default().build_storage().expect("the mock genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| {
		System::set_block_number(1);
		set_time(GENESIS_TIME);
	});
	ext
}
