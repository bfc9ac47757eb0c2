//! A mock runtime for the tests: `frame_system`, `pallet_balances` (the session pallet's key
//! deposit currency, deposit 0), this pallet as the session manager, and `pallet_session` with
//! session keys shaped like the runtime's: an sr25519 (Aura-like), an ed25519 (GRANDPA-like)
//! and the ECDSA oracle key.

use crate::{self as pallet_validator_set, OracleId, ORACLE_KEY_TYPE};
use k256::ecdsa::SigningKey;
use polkadot_sdk::{
	frame_support::{
		self, derive_impl, parameter_types,
		traits::{ConstU32, ConstU64},
	},
	frame_system::{self, EnsureRoot},
	pallet_balances, pallet_session,
	sp_application_crypto::{ed25519, sr25519},
	sp_core::{crypto::KeyTypeId, ecdsa},
	sp_io::TestExternalities,
	sp_runtime::{impl_opaque_keys, traits::ConvertInto, BuildStorage, RuntimeAppPublic},
};
use polylink_primitives::eth::{address_of, keccak256, L1Address};

type Block = frame_system::mocking::MockBlock<Test>;

frame_support::construct_runtime!(
	pub enum Test {
		System: frame_system,
		Balances: pallet_balances,
		ValidatorSet: pallet_validator_set,
		Session: pallet_session,
	}
);

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
}

impl_opaque_keys! {
	/// The mock's session keys: the runtime's shape (Aura, GRANDPA, oracle).
	pub struct MockSessionKeys {
		/// Stands in for the Aura key.
		pub aura: sr25519::AppPublic,
		/// Stands in for the GRANDPA key.
		pub grandpa: ed25519::AppPublic,
		/// The oracle key.
		pub oracle: OracleId,
	}
}

/// A session handler that only declares the key types (the consensus pallets are not in the
/// mock).
pub struct TestSessionHandler;

impl pallet_session::SessionHandler<u64> for TestSessionHandler {
	const KEY_TYPE_IDS: &'static [KeyTypeId] =
		&[sr25519::AppPublic::ID, ed25519::AppPublic::ID, ORACLE_KEY_TYPE];

	fn on_genesis_session<Ks: polkadot_sdk::sp_runtime::traits::OpaqueKeys>(_: &[(u64, Ks)]) {}

	fn on_new_session<Ks: polkadot_sdk::sp_runtime::traits::OpaqueKeys>(
		_: bool,
		_: &[(u64, Ks)],
		_: &[(u64, Ks)],
	) {
	}

	fn on_disabled(_: u32) {}
}

/// The mock's `MinValidators`.
pub const MIN_VALIDATORS: u32 = 2;

/// The mock's `MaxValidators`.
pub const MAX_VALIDATORS: u32 = 5;

/// The mock's session length in blocks.
pub const PERIOD: u64 = 10;

parameter_types! {
	/// Sessions of `PERIOD` blocks.
	pub const Period: u64 = PERIOD;
	/// The first session ends at block `PERIOD`.
	pub const Offset: u64 = 0;
}

impl pallet_session::Config for Test {
	type RuntimeEvent = RuntimeEvent;
	type ValidatorId = u64;
	type ValidatorIdOf = ConvertInto;
	type ShouldEndSession = pallet_session::PeriodicSessions<Period, Offset>;
	type NextSessionRotation = pallet_session::PeriodicSessions<Period, Offset>;
	type SessionManager = ValidatorSet;
	type SessionHandler = TestSessionHandler;
	type Keys = MockSessionKeys;
	type DisablingStrategy = ();
	type WeightInfo = ();
	type Currency = Balances;
	type KeyDeposit = ConstU64<0>;
}

impl pallet_validator_set::Config for Test {
	type AddRemoveOrigin = EnsureRoot<u64>;
	type MinValidators = ConstU32<MIN_VALIDATORS>;
	type MaxValidators = ConstU32<MAX_VALIDATORS>;
	type WeightInfo = ();
}

/// The test oracle key number `i`: its secret scalar is `keccak256(i)` (a pseudo-random key).
pub fn oracle_key(i: u64) -> SigningKey {
	SigningKey::from_slice(&keccak256(&i.to_le_bytes()))
		.expect("a Keccak-256 output is a valid scalar with overwhelming probability")
}

/// The oracle key of `key` as a session key (33-byte compressed point).
pub fn oracle_id(key: &SigningKey) -> OracleId {
	let point = key.verifying_key().to_encoded_point(true);
	let raw: [u8; 33] = point.as_bytes().try_into().expect("a compressed point has 33 bytes");
	OracleId::from(ecdsa::Public::from_raw(raw))
}

/// The L1 address of the test oracle key number `i`, as `polylink_primitives` computes it.
pub fn oracle_l1(i: u64) -> L1Address {
	address_of(oracle_key(i).verifying_key())
}

/// Session keys with the given oracle key and Aura and GRANDPA keys derived from `seed`.
pub fn keys_with_oracle(seed: u64, oracle: OracleId) -> MockSessionKeys {
	let mut raw = [0u8; 32];
	raw[..8].copy_from_slice(&seed.to_le_bytes());
	MockSessionKeys {
		aura: polkadot_sdk::sp_core::sr25519::Public::from_raw(raw).into(),
		grandpa: polkadot_sdk::sp_core::ed25519::Public::from_raw(raw).into(),
		oracle,
	}
}

/// The session keys of account `i`: oracle key number `i`.
pub fn keys(i: u64) -> MockSessionKeys {
	keys_with_oracle(i, oracle_id(&oracle_key(i)))
}

/// Builds test externalities: genesis validators and further accounts with session keys.
pub struct ExtBuilder {
	/// The genesis validators (with their keys `keys(i)`).
	validators: Vec<u64>,
	/// Accounts with keys registered at genesis that are not validators.
	candidates: Vec<(u64, MockSessionKeys)>,
}

impl Default for ExtBuilder {
	fn default() -> Self {
		Self { validators: vec![1, 2, 3], candidates: (4..=6).map(|i| (i, keys(i))).collect() }
	}
}

impl ExtBuilder {
	/// Sets the genesis validators.
	pub fn validators(mut self, validators: &[u64]) -> Self {
		self.validators = validators.to_vec();
		self
	}

	/// Sets the non-validator accounts with keys: `keys(i)` for each.
	pub fn candidates(mut self, candidates: &[u64]) -> Self {
		self.candidates = candidates.iter().map(|&i| (i, keys(i))).collect();
		self
	}

	/// Adds a non-validator account with these session keys.
	pub fn candidate(mut self, who: u64, keys: MockSessionKeys) -> Self {
		self.candidates.push((who, keys));
		self
	}

	/// The externalities, at block 1 (so events are recorded).
	pub fn build(self) -> TestExternalities {
		let storage = RuntimeGenesisConfig {
			system: Default::default(),
			balances: Default::default(),
			validator_set: pallet_validator_set::GenesisConfig {
				initial_validators: self.validators.clone(),
			},
			session: pallet_session::GenesisConfig {
				keys: self.validators.iter().map(|&v| (v, v, keys(v))).collect(),
				non_authority_keys: self.candidates.into_iter().map(|(v, k)| (v, v, k)).collect(),
			},
		}
		.build_storage()
		.expect("the mock genesis builds");
		let mut ext = TestExternalities::new(storage);
		ext.execute_with(|| System::set_block_number(1));
		ext
	}

	/// Builds the externalities and runs `test` in them.
	pub fn build_and_execute(self, test: impl FnOnce()) {
		self.build().execute_with(test)
	}
}

/// The default test externalities: validators 1, 2, 3; accounts 4, 5, 6 with keys.
pub fn new_test_ext() -> TestExternalities {
	ExtBuilder::default().build()
}
