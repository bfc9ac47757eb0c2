//! Benchmarks of the validator-set pallet (frame-benchmarking v2).
//!
//! Both calls are measured on the longest list they can act on: `add_validator` on a list of
//! `MaxValidators - 1` that the new account enters at the front (the whole list shifts), and
//! `remove_validator` on a full list losing its first member.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use parity_scale_codec::Decode;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{
		traits::{EnsureOrigin, Get},
		BoundedVec,
	},
	pallet_session,
	sp_runtime::traits::TrailingZeroInput,
};

/// The seed of the benchmark accounts.
const SEED: u32 = 0;

/// `n` benchmark accounts, sorted.
fn accounts<T: Config>(n: u32) -> Vec<T::AccountId> {
	let mut accounts: Vec<T::AccountId> = (0..n).map(|i| account("validator", i, SEED)).collect();
	accounts.sort();
	accounts
}

/// Registers (all-zero) session keys for `who`, as `set_keys` would.
fn register_keys<T: Config>(who: &T::AccountId) {
	let keys = T::Keys::decode(&mut TrailingZeroInput::zeroes())
		.expect("keys decode from an infinite input");
	pallet_session::NextKeys::<T>::insert(who, keys);
}

/// Makes `validators` the validator list.
fn set_list<T: Config>(validators: Vec<T::AccountId>) {
	let validators = BoundedVec::<_, T::MaxValidators>::try_from(validators)
		.expect("the benchmarks use at most MaxValidators accounts");
	Validators::<T>::put(validators);
}

#[benchmarks]
mod benchmarks {
	use super::*;

	// * The list holds `MaxValidators - 1` accounts and the new one sorts first.
	#[benchmark]
	fn add_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let mut all = accounts::<T>(T::MaxValidators::get());
		let who = all.remove(0);
		set_list::<T>(all);
		register_keys::<T>(&who);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert_eq!(Validators::<T>::get().first(), Some(&who));
		assert_eq!(Validators::<T>::get().len() as u32, T::MaxValidators::get());
		Ok(())
	}

	// * The list is full and loses its first member.
	#[benchmark]
	fn remove_validator() -> Result<(), BenchmarkError> {
		let origin =
			T::AddRemoveOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let max = T::MaxValidators::get();
		if max <= T::MinValidators::get() {
			return Err(BenchmarkError::Weightless);
		}
		let all = accounts::<T>(max);
		let who = all[0].clone();
		set_list::<T>(all);

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, who.clone());

		assert!(!Validators::<T>::get().contains(&who));
		assert_eq!(Validators::<T>::get().len() as u32, max - 1);
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
