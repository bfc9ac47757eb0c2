//! # Validator Set Pallet
//!
//! The permissioned validator set of the Polylink appchain (DESIGN §7) and the oracle set of the
//! root-consensus pallet (DESIGN §6).
//!
//! ## Overview
//!
//! Governance ([`Config::AddRemoveOrigin`]; sudo on devnets) adds and removes validators with
//! [`Pallet::add_validator`] and [`Pallet::remove_validator`]. The pallet is the
//! [`SessionManager`](pallet_session::SessionManager) of `pallet-session`: it hands the session
//! pallet the new list when the list changed and nothing otherwise, and the session pallet rotates
//! it in like any other validator-set change.
//!
//! Each validator registers its session keys with `pallet_session::set_keys` (from its own
//! account, with the proof of possession `impl_opaque_keys!` generates): the Aura key (sr25519)
//! authors blocks, the GRANDPA key (ed25519) finalises them, and the **oracle key**
//! ([`OracleId`], ECDSA over secp256k1, key type `orcl`) votes on L1 facts and signs the commit
//! and sync certificates the L1 contracts check with `ecrecover`. The pallet implements the
//! root-consensus [`OracleSet`]: the L1 addresses ([`oracle_address`]) of the current session's
//! oracle keys, under an id ([`OracleSetId`]) that changes exactly when those addresses change,
//! so votes and partial certificates survive session rotations that keep the set.
//!
//! ### Terminology
//!
//! - **Validator list**: the accounts governance admitted ([`Validators`]), sorted, without
//!   duplicates, between `MinValidators` and `MaxValidators` long. It is what the *next planned*
//!   session uses, not the set that validates now.
//! - **Session validators**: the set that validates now, `pallet_session::Validators`.
//! - **Oracle set**: the L1 addresses of the session validators' oracle keys for the current
//!   session ([`Oracles`]), sorted and deduplicated, and its id ([`OracleSetId`], 1 at genesis,
//!   incremented whenever a starting session's addresses differ).
//!
//! ### How keys and sessions flow
//!
//! 1. `add_validator(who)` or `remove_validator(who)` changes the validator list and marks it
//!    changed. Nothing else changes yet.
//! 2. At the next session rotation (the session pallet's `ShouldEndSession`, or
//!    `rotate_session`), session `n` starts and the session pallet asks for the set of session
//!    `n + 1`: [`SessionManager::new_session`](pallet_session::SessionManager::new_session)
//!    returns the changed list (and `None` when it did not change). The session pallet queues
//!    the new validators with their keys from `NextKeys` (a validator without keys is skipped).
//! 3. At the rotation after that, session `n + 1` starts with the queued validators and keys:
//!    they author, finalise, and their oracle keys become the oracle set. This is the session
//!    pallet's one session of delay (so misbehaviour can be tied to a known set).
//! 4. When a session starts
//!    ([`SessionManager::start_session`](pallet_session::SessionManager::start_session)) the
//!    pallet stores the L1 addresses of that session's oracle keys, read from the session
//!    pallet's queued keys, which at that moment are the keys of the starting session. Keys with
//!    no valid secp256k1 point are skipped, equal addresses kept once, and
//!    [`Event::OracleSetChanged`] is emitted when the addresses differ from the previous
//!    session's.
//!
//! A validator that changes its keys with `set_keys` mid-session changes `NextKeys` at once, but
//! its session keys (and its oracle address) only at the session they are queued for: the oracle
//! set never changes within a session, so one set id always names one set (the [`OracleSet`]
//! contract), and [`OracleSet::oracles`] is one storage read, not one key decompression per
//! validator per vote.
//!
//! ## Assumptions
//!
//! - `ValidatorId` is the `AccountId` (`pallet_session::Config<ValidatorId = AccountId>`).
//! - The runtime's session keys include an [`OracleId`]; a runtime without one has an empty
//!   oracle set.
//! - In `construct_runtime!` this pallet comes **before** `Session`, so its genesis list exists
//!   when the session pallet's genesis asks for the first sessions' validators; the genesis
//!   validators' keys are the session pallet's genesis `keys`.
//! - Validators are admitted only with registered session keys ([`Error::NoSessionKeys`]); a
//!   validator that purges its keys later is skipped by the session pallet until it sets new
//!   ones, so the number of session validators can then fall below `MinValidators`.
//! - `1 ≤ MinValidators ≤ MaxValidators` (checked by `integrity_test`); `MaxValidators` bounds
//!   the oracle set too (root-consensus' `MaxOracles` should be at least as large).
#![cfg_attr(not(feature = "std"), no_std)]
#![deny(missing_docs)]

extern crate alloc;

#[cfg(feature = "runtime-benchmarks")]
mod benchmarking;
pub mod crypto;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;
pub mod weights;

pub use crypto::{oracle_address, OracleId, ORACLE_KEY_TYPE};
pub use pallet::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use pallet_polylink_root_consensus::OracleSet;
use polkadot_sdk::{
	frame_support::BoundedVec, pallet_session, sp_runtime::traits::OpaqueKeys,
	sp_staking::SessionIndex,
};
use polylink_primitives::eth::L1Address;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;
	use polkadot_sdk::{frame_support::pallet_prelude::*, frame_system::pallet_prelude::*};

	/// The pallet.
	#[pallet::pallet]
	pub struct Pallet<T>(_);

	/// The pallet's configuration.
	#[pallet::config]
	pub trait Config:
		polkadot_sdk::frame_system::Config<RuntimeEvent: From<Event<Self>>>
		+ pallet_session::Config<
			ValidatorId = <Self as polkadot_sdk::frame_system::Config>::AccountId,
		>
	{
		/// The origin that may add and remove validators (governance; root on devnets).
		type AddRemoveOrigin: EnsureOrigin<Self::RuntimeOrigin>;
		/// The fewest validators the list may hold; removals below it are refused.
		#[pallet::constant]
		type MinValidators: Get<u32>;
		/// The most validators the list may hold; additions beyond it are refused.
		#[pallet::constant]
		type MaxValidators: Get<u32>;
		/// Weights of the calls.
		type WeightInfo: WeightInfo;
	}

	/// The validator list: sorted, without duplicates; the set of the next planned session.
	#[pallet::storage]
	pub type Validators<T: Config> =
		StorageValue<_, BoundedVec<T::AccountId, T::MaxValidators>, ValueQuery>;

	/// Whether the validator list changed since it was last handed to the session pallet.
	#[pallet::storage]
	pub type ListChanged<T> = StorageValue<_, bool, ValueQuery>;

	/// The L1 addresses of the current session's oracle keys, sorted, without duplicates.
	#[pallet::storage]
	pub type Oracles<T: Config> =
		StorageValue<_, BoundedVec<L1Address, T::MaxValidators>, ValueQuery>;

	/// The id of the current oracle set: incremented whenever a starting session's oracle
	/// addresses differ from the previous ones (the genesis set is 1), so sessions that keep the
	/// set keep its id and the votes gathered under it.
	#[pallet::storage]
	pub type OracleSetId<T> = StorageValue<_, u64, ValueQuery>;

	/// The genesis validators.
	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// The initial validator list: no duplicates, `MinValidators..=MaxValidators` long (or
		/// empty, the default config, which has no validators). Their session keys are the
		/// session pallet's genesis `keys`.
		pub initial_validators: Vec<T::AccountId>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			let mut validators = self.initial_validators.clone();
			validators.sort();
			validators.dedup();
			assert_eq!(
				validators.len(),
				self.initial_validators.len(),
				"the genesis validators contain duplicates"
			);
			// The default (empty) config builds, so genesis tooling can build a default state; a
			// chain with it has no validators and produces no blocks.
			assert!(
				validators.is_empty() || validators.len() >= T::MinValidators::get() as usize,
				"fewer genesis validators than MinValidators"
			);
			let validators = BoundedVec::<_, T::MaxValidators>::try_from(validators)
				.expect("more genesis validators than MaxValidators");
			Validators::<T>::put(validators);
		}
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		/// Checks the bounds: `1 ≤ MinValidators ≤ MaxValidators`.
		fn integrity_test() {
			assert!(T::MinValidators::get() >= 1, "MinValidators must be at least 1");
			assert!(
				T::MinValidators::get() <= T::MaxValidators::get(),
				"MinValidators must not exceed MaxValidators"
			);
		}
	}

	/// The pallet's events.
	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// `who` joined the validator list; it validates from the session after the next.
		ValidatorAdded {
			/// The new validator.
			who: T::AccountId,
		},
		/// `who` left the validator list; it stops validating from the session after the next.
		ValidatorRemoved {
			/// The removed validator.
			who: T::AccountId,
		},
		/// Session `set_id` started with other oracle addresses than the session before it.
		OracleSetChanged {
			/// The new set id ([`OracleSetId`]).
			set_id: u64,
			/// The session the set starts with.
			session: SessionIndex,
			/// The new oracle addresses (20-byte L1 addresses), sorted.
			oracles: Vec<[u8; 20]>,
		},
	}

	/// The pallet's errors.
	#[pallet::error]
	pub enum Error<T> {
		/// The account is already in the validator list.
		AlreadyValidator,
		/// The account is not in the validator list.
		NotValidator,
		/// Removing the validator would leave fewer than `MinValidators`.
		TooFewValidators,
		/// The validator list already holds `MaxValidators`.
		TooManyValidators,
		/// The account has not registered session keys (`pallet_session::set_keys`).
		NoSessionKeys,
	}

	#[pallet::call(weight(<T as Config>::WeightInfo))]
	impl<T: Config> Pallet<T> {
		/// Adds `who` to the validator list; it validates from the session after the next
		/// rotation (see the crate docs).
		///
		/// The dispatch origin must be [`Config::AddRemoveOrigin`]. `who` must have registered
		/// its session keys.
		///
		/// ## Complexity
		/// - O(`MaxValidators`): one binary search and one insertion into the sorted list.
		#[pallet::call_index(0)]
		pub fn add_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let at = validators.binary_search(&who).err().ok_or(Error::<T>::AlreadyValidator)?;
			ensure!(pallet_session::NextKeys::<T>::contains_key(&who), Error::<T>::NoSessionKeys);
			validators.try_insert(at, who.clone()).map_err(|_| Error::<T>::TooManyValidators)?;
			Validators::<T>::put(validators);
			ListChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorAdded { who });
			Ok(())
		}

		/// Removes `who` from the validator list; it stops validating from the session after
		/// the next rotation (see the crate docs).
		///
		/// The dispatch origin must be [`Config::AddRemoveOrigin`].
		///
		/// ## Complexity
		/// - O(`MaxValidators`): one binary search and one removal from the sorted list.
		#[pallet::call_index(1)]
		pub fn remove_validator(origin: OriginFor<T>, who: T::AccountId) -> DispatchResult {
			T::AddRemoveOrigin::ensure_origin(origin)?;
			let mut validators = Validators::<T>::get();
			let at = validators.binary_search(&who).map_err(|_| Error::<T>::NotValidator)?;
			ensure!(
				validators.len() > T::MinValidators::get() as usize,
				Error::<T>::TooFewValidators
			);
			validators.remove(at);
			Validators::<T>::put(validators);
			ListChanged::<T>::put(true);
			Self::deposit_event(Event::ValidatorRemoved { who });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The validator list (the set of the next planned session), sorted.
	pub fn validators() -> Vec<T::AccountId> {
		Validators::<T>::get().into_inner()
	}

	/// The L1 addresses of `keys`' oracle keys: valid points only, sorted, without duplicates.
	fn oracle_addresses<'a>(keys: impl Iterator<Item = &'a T::Keys>) -> Vec<L1Address>
	where
		T::Keys: 'a,
	{
		let mut addresses: Vec<L1Address> = keys
			.filter_map(|keys| keys.get::<OracleId>(ORACLE_KEY_TYPE))
			.filter_map(|key| oracle_address(&key))
			.collect();
		addresses.sort();
		addresses.dedup();
		addresses
	}
}

impl<T: Config> pallet_session::SessionManager<T::AccountId> for Pallet<T> {
	/// The validator list when it changed since the last call, `None` otherwise.
	fn new_session(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		ListChanged::<T>::take().then(Self::validators)
	}

	/// The genesis validator list, for the first two sessions.
	fn new_session_genesis(_new_index: SessionIndex) -> Option<Vec<T::AccountId>> {
		ListChanged::<T>::kill();
		Some(Self::validators())
	}

	fn end_session(_end_index: SessionIndex) {}

	/// Stores the oracle addresses of the starting session. The session pallet calls this after
	/// making the queued validators current and before queueing the next ones, so its queued keys
	/// are the starting session's keys (at genesis: the genesis keys, which sessions 0 and 1
	/// share).
	fn start_session(start_index: SessionIndex) {
		let queued = pallet_session::QueuedKeys::<T>::get();
		let addresses = Self::oracle_addresses(queued.iter().map(|(_, keys)| keys));
		// At most one address per session validator, and the session validators are a list
		// this pallet handed out, so at most `MaxValidators`.
		let addresses = BoundedVec::<_, T::MaxValidators>::truncate_from(addresses);
		if addresses != Oracles::<T>::get() {
			let set_id = OracleSetId::<T>::mutate(|id| {
				*id = id.saturating_add(1);
				*id
			});
			Oracles::<T>::put(&addresses);
			Self::deposit_event(Event::OracleSetChanged {
				set_id,
				session: start_index,
				oracles: addresses.iter().map(|address| address.0).collect(),
			});
		}
	}
}

impl<T: Config> OracleSet for Pallet<T> {
	/// The current oracle set's id ([`OracleSetId`]): it changes exactly when the oracle
	/// addresses do, not at every session.
	fn set_id() -> u64 {
		OracleSetId::<T>::get()
	}

	/// The L1 addresses of the current session's oracle keys, sorted, without duplicates.
	fn oracles() -> Vec<L1Address> {
		Oracles::<T>::get().into_inner()
	}
}
