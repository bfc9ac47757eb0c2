//! Benchmarks of the proof-registry pallet (frame-benchmarking v2).
//!
//! Both benchmarks use the committed block-8 verifying key and its real proof of batch 1
//! ([`crate::fixture`]), so `submit_proof` measures a real key preparation and pairing check of
//! a proof that verifies. State that the measured call only reads is written directly.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::{fixture, Pallet as ProofRegistry};
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{traits::EnsureOrigin, BoundedVec},
	frame_system::RawOrigin,
};

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case: a valid one-input key (the block-8 key), fully decoded, validated and hashed,
	// for a circuit size not keyed yet.
	#[benchmark]
	fn register_verifying_key() -> Result<(), BenchmarkError> {
		let origin =
			T::RegisterOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let vk_bytes: BoundedVec<u8, T::MaxVkLen> = BoundedVec::try_from(fixture::vk_bytes())
			.map_err(|_| BenchmarkError::Stop("MaxVkLen is below the block-8 key's length"))?;
		let chunks = fixture::chunks();

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, chunks, vk_bytes);

		assert_eq!(KeyForChunks::<T>::get(chunks), Some(fixture::vk_hash()));
		Ok(())
	}

	// Worst case: a proof that verifies (every check passes, the key is prepared, the pairing
	// check runs and all records are written): the block-8 proof of batch 1.
	#[benchmark]
	fn submit_proof() -> Result<(), BenchmarkError> {
		let vk_bytes: BoundedVec<u8, T::MaxVkLen> = BoundedVec::try_from(fixture::vk_bytes())
			.map_err(|_| BenchmarkError::Stop("MaxVkLen is below the block-8 key's length"))?;
		let chunks = fixture::chunks();
		VerifyingKeys::<T>::insert(fixture::vk_hash(), (chunks, vk_bytes));
		KeyForChunks::<T>::insert(chunks, fixture::vk_hash());
		GenesisRoot::<T>::put(fixture::old_root());
		ProvenRoot::<T>::put(fixture::old_root());
		LastProven::<T>::put(fixture::batch() - 1);
		T::BenchmarkHelper::seal(fixture::batch(), fixture::header());
		T::BenchmarkHelper::set_live_chains(fixture::live_chains());
		let proof: ProofOf = BoundedVec::try_from(fixture::proof())
			.map_err(|_| BenchmarkError::Stop("the fixture proof is 512 bytes"))?;
		let caller: T::AccountId = whitelisted_caller();

		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), fixture::batch(), fixture::new_root(), proof);

		let record = ProvenBatches::<T>::get(fixture::batch()).expect("the proof verified");
		assert_eq!(record.commitment, fixture::commitment());
		assert_eq!(record.prover, caller);
		assert_eq!(ProofRegistry::<T>::last_proven(), (fixture::batch(), fixture::new_root()));
		Ok(())
	}

	impl_benchmark_test_suite!(ProofRegistry, crate::mock::new_test_ext(), crate::mock::Test);
}
