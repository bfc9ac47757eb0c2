//! A mock runtime for the tests: the rollup with the real batching pallet (circuit sizes 2
//! and 8 chunks, a timeout of 3 blocks, a fixed clock), a two-chain registry (ETH on both
//! chains, USDC on chain 1, DAI on chain 2 and not accepted for fees) and users with L2 and L1
//! keys.

use crate::{self as pallet_rollup};
use pallet_polylink_batching::{self as pallet_batching, BatchNumber, Proven, ProvenBatches};
use polkadot_sdk::{
	frame_support::{
		self, derive_impl, parameter_types,
		traits::{ConstU32, ConstU64, Hooks, UnixTime},
		BoundedVec,
	},
	frame_system::{self, EnsureRoot},
	sp_io::TestExternalities,
	sp_runtime::BuildStorage,
};
use polylink_primitives::{
	account::AccountId,
	chain::{ChainId, ChainInfo},
	eth::{self, L1Address},
	params::CHUNK_BYTES,
	signature::{PrivateKey, PubKeyHash, TxSignature},
	state::{ExecutorConfig, FeePolicy, State},
	token::{ChainToken, Registry, TokenId},
	tx::{ChangePubKey, ChangePubKeyAuth, Deposit, L2Tx, PriorityOp, Transfer, Tx, Withdraw},
};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Batching: pallet_batching,
		Rollup: pallet_rollup,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
}

/// The mock's batch capacity (its largest circuit), in chunks.
pub const CAPACITY: u32 = 8;
/// ETH: 18 decimals on both chains, accepted for fees.
pub const ETH: TokenId = TokenId(1);
/// USDC: 6 decimals, chain 1 only, accepted for fees.
pub const USDC: TokenId = TokenId(2);
/// DAI: chain 2 only, not accepted for fees.
pub const DAI: TokenId = TokenId(3);
/// Chain 1.
pub const C1: ChainId = ChainId(1);
/// Chain 2.
pub const C2: ChainId = ChainId(2);
/// One ETH in L2 units.
pub const E18: u128 = 1_000_000_000_000_000_000;
/// The minimum ETH fee per chunk.
pub const FEE: u128 = 1_000;
/// The base pool priority of L2 transactions.
pub const PRIORITY: u64 = 1_000;

parameter_types! {
	/// The mock's circuit sizes.
	pub CircuitSizes: BoundedVec<u32, ConstU32<{ pallet_batching::MAX_CIRCUIT_SIZES }>> =
		BoundedVec::truncate_from(vec![2, CAPACITY]);
}

impl pallet_batching::Config for Test {
	type Source = Rollup;
	type CircuitSizes = CircuitSizes;
	type SealTimeout = ConstU64<3>;
	type UnixTime = FixedTime;
	type Proofs = NoProofs;
	type ForceOrigin = EnsureRoot<u64>;
	type MaxPubdataLen = ConstU32<{ CAPACITY * CHUNK_BYTES as u32 }>;
	type MaxOpsPerBatch = ConstU32<CAPACITY>;
	type WeightInfo = ();
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = FillWithDeposits;
}

impl pallet_rollup::Config for Test {
	type Sealer = Batching;
	type WeightInfo = ();
	type BatchCapacity = ConstU32<CAPACITY>;
	type UnsignedPriority = ConstU64<PRIORITY>;
	type Revoked = Revoked;
}

parameter_types! {
	/// The first revoked batch (tests of the halted rollup set it).
	pub storage Revoked: Option<u64> = None;
}

/// The mock clock: always the same second.
pub struct FixedTime;

impl UnixTime for FixedTime {
	fn now() -> core::time::Duration {
		core::time::Duration::from_secs(1_750_000_000)
	}
}

/// No batch is ever proven in these tests.
pub struct NoProofs;

impl ProvenBatches for NoProofs {
	fn proven(_batch: BatchNumber) -> Option<Proven> {
		None
	}
}

/// Fills the open batch with one-chunk-or-more deposits for the batching benchmarks.
#[cfg(feature = "runtime-benchmarks")]
pub struct FillWithDeposits;

#[cfg(feature = "runtime-benchmarks")]
impl pallet_batching::BenchmarkHelper for FillWithDeposits {
	fn fill_open(chunks: u32) {
		for n in 0..chunks / 3 {
			let serial_id = crate::NextPriority::<Test>::get(C1);
			let to = L1Address([n as u8 + 1; 20]);
			let op =
				PriorityOp::Deposit(Deposit { chain: C1, serial_id, to, token: ETH, amount: 1 });
			Rollup::on_priority_op(C1, op);
		}
	}
}

/// The mock deployment's registry (what the genesis below builds).
pub fn registry() -> Registry {
	let mut r = Registry::default();
	for c in [C1, C2] {
		let info =
			ChainInfo { evm_chain_id: 31_336 + u64::from(c.0), contract: L1Address([c.0; 20]) };
		r.register_chain(c, info).expect("fresh chain");
	}
	let token = |byte: u8, decimals| ChainToken { address: L1Address([byte; 20]), decimals };
	r.register_token(ETH, b"ETH").expect("fresh");
	r.register_token(USDC, b"USDC").expect("fresh");
	r.register_token(DAI, b"DAI").expect("fresh");
	r.add_token_to_chain(ETH, C1, token(0, 18)).expect("ok");
	r.add_token_to_chain(ETH, C2, token(0, 18)).expect("ok");
	r.add_token_to_chain(USDC, C1, token(0xa1, 6)).expect("ok");
	r.add_token_to_chain(DAI, C2, token(0xd2, 18)).expect("ok");
	r
}

/// The native executor with the mock's registry and fee policy (the cross-check's replica).
pub fn native() -> State {
	let mut per_chunk = alloc::collections::BTreeMap::new();
	per_chunk.insert(ETH, FEE);
	per_chunk.insert(USDC, 1);
	State::genesis(
		registry(),
		ExecutorConfig { fees: FeePolicy { per_chunk }, batch_chunks: CAPACITY as usize },
	)
}

/// Test externalities with the mock deployment at genesis, at block 1.
pub fn new_test_ext() -> TestExternalities {
	let genesis = pallet_rollup::GenesisConfig::<Test> {
		chains: vec![(1, 31_337, [1; 20], 12), (2, 31_338, [2; 20], 6)],
		tokens: vec![
			(1, b"ETH".to_vec(), vec![(1, [0; 20], 18), (2, [0; 20], 18)], Some(FEE)),
			(2, b"USDC".to_vec(), vec![(1, [0xa1; 20], 6)], Some(1)),
			(3, b"DAI".to_vec(), vec![(2, [0xd2; 20], 18)], None),
		],
		_config: Default::default(),
	};
	let storage = RuntimeGenesisConfig { rollup: genesis, ..Default::default() }
		.build_storage()
		.expect("the genesis builds");
	let mut ext = TestExternalities::new(storage);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Ends the current block and starts the next (the batching hooks run).
pub fn next_block() {
	let now = System::block_number();
	Batching::on_finalize(now);
	System::set_block_number(now + 1);
	Batching::on_initialize(now + 1);
}

/// A user: an L2 key and an L1 key with its address.
pub struct User {
	/// The L2 signing key.
	pub key: PrivateKey,
	/// The L1 key.
	pub eth_key: k256::ecdsa::SigningKey,
	/// The L1 address.
	pub address: L1Address,
}

impl User {
	/// The user with keys derived from `seed`.
	pub fn new(seed: u8) -> Self {
		let key = PrivateKey::from_seed(&[seed; 32]);
		let eth_key = k256::ecdsa::SigningKey::from_slice(&[seed; 32]).expect("valid scalar");
		let address = eth::address_of(eth_key.verifying_key());
		Self { key, eth_key, address }
	}

	/// The hash of the user's L2 key.
	pub fn pubkey_hash(&self) -> PubKeyHash {
		self.key.public_key().hash()
	}

	/// The user's account id (the user must have one).
	pub fn id(&self) -> AccountId {
		Rollup::account_id_of(&self.address).expect("the user has an account")
	}

	/// The user's next nonce.
	pub fn nonce(&self) -> u32 {
		Rollup::nonce(self.id())
	}

	/// Signs `tx` with the user's L2 key.
	pub fn sign(&self, mut tx: L2Tx) -> L2Tx {
		*tx.signature_mut() = TxSignature::sign(&self.key, tx.message());
		tx
	}

	/// A signed transfer of `amount` of `token` (fee 5 × `FEE` in that token).
	pub fn transfer(&self, to: L1Address, token: TokenId, amount: u128) -> L2Tx {
		self.sign(L2Tx::Transfer(Transfer {
			from: self.id(),
			to,
			token,
			amount,
			fee_token: token,
			fee: 5 * FEE,
			nonce: self.nonce(),
			signature: unsigned(),
		}))
	}

	/// A signed withdrawal of `amount` ETH to the user's address on `chain` (fee 6 × `FEE`).
	pub fn withdraw(&self, chain: ChainId, amount: u128) -> L2Tx {
		self.sign(L2Tx::Withdraw(Withdraw {
			account: self.id(),
			chain,
			to: self.address,
			token: ETH,
			amount,
			fee_token: ETH,
			fee: 6 * FEE,
			nonce: self.nonce(),
			signature: unsigned(),
		}))
	}

	/// A signed `ChangePubKey` to the user's key, authorised on chain 1 by `auth`.
	pub fn change_pubkey(&self, auth: ChangePubKeyAuth) -> L2Tx {
		self.sign(L2Tx::ChangePubKey(ChangePubKey {
			account: self.id(),
			chain: C1,
			new_pubkey_hash: self.pubkey_hash(),
			fee_token: ETH,
			fee: 6 * FEE,
			nonce: self.nonce(),
			auth,
			signature: unsigned(),
		}))
	}
}

/// An all-zero signature, replaced by [`User::sign`].
pub fn unsigned() -> TxSignature {
	TxSignature { pub_key: [0; 32], signature: [0; 64] }
}

/// Delivers the next deposit of `chain` to `to`, as root-consensus would.
pub fn deposit(chain: ChainId, to: L1Address, token: TokenId, amount: u128) {
	let serial_id = crate::NextPriority::<Test>::get(chain);
	Rollup::on_priority_op(
		chain,
		PriorityOp::Deposit(Deposit { chain, serial_id, to, token, amount }),
	);
}

/// Gives `user` an account with 10 ETH on chain 1 and its L2 key (pre-approved on chain 1).
pub fn onboard(user: &User) {
	deposit(C1, user.address, ETH, 10 * E18);
	let nonce = user.nonce();
	Rollup::on_pubkey_approved(C1, user.address, nonce, user.pubkey_hash());
	let tx = user.change_pubkey(ChangePubKeyAuth::Onchain);
	Rollup::sequence(&Tx::L2(tx)).expect("the key change applies");
}
