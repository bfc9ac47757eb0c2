//! Benchmarks of the batching pallet (frame-benchmarking v2).
//!
//! The seals run against the runtime's real source, filled by [`crate::BenchmarkHelper`] with a
//! batch of the largest circuit size holding one signed operation per chunk (the most operations,
//! signatures and pubdata a batch can have). State that the measured code only reads or removes
//! is written directly.
#![cfg(feature = "runtime-benchmarks")]

use super::*;
use crate::Pallet as Batching;
use alloc::vec;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_support::{
		traits::{EnsureOrigin, Get, Hooks},
		BoundedVec,
	},
	frame_system,
	sp_runtime::traits::One,
};
use polylink_primitives::{params::CHUNK_BYTES, signature::TxSignature};

#[benchmarks]
mod benchmarks {
	use super::*;

	// Worst case without a seal: the open batch holds an operation that no block start has seen
	// yet (the hook records when it opened) and is neither full nor timed out.
	#[benchmark]
	fn on_initialize_idle() {
		T::BenchmarkHelper::fill_open(1);
		let now = frame_system::Pallet::<T>::block_number().max(One::one());
		if T::SealTimeout::get() <= One::one() {
			// A one-block timeout seals at the first block start that sees the batch: only an
			// already recorded batch does not seal.
			OpenSince::<T>::put(now);
		}

		#[block]
		{
			Batching::<T>::on_initialize(now);
		}

		assert_eq!(LastSealed::<T>::get(), 0);
		assert!(OpenSince::<T>::get().is_some());
	}

	// Worst case: a full batch of the largest circuit size, one signed operation per chunk.
	#[benchmark]
	fn on_initialize_seal() {
		T::BenchmarkHelper::fill_open(Batching::<T>::budget());
		let now = frame_system::Pallet::<T>::block_number().max(One::one());

		#[block]
		{
			Batching::<T>::on_initialize(now);
		}

		assert_eq!(LastSealed::<T>::get(), 1);
		assert_eq!(Headers::<T>::get(1).map(|h| h.chunks), Some(Batching::<T>::budget()));
	}

	// Worst case: as `on_initialize_seal`.
	#[benchmark]
	fn force_seal() -> Result<(), BenchmarkError> {
		let origin =
			T::ForceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		T::BenchmarkHelper::fill_open(Batching::<T>::budget());

		#[extrinsic_call]
		_(origin as T::RuntimeOrigin);

		assert_eq!(LastSealed::<T>::get(), 1);
		Ok(())
	}

	// Worst case: `n` batches of the largest circuit size with a signature per chunk are pruned.
	#[benchmark]
	fn prune(n: Linear<0, { MAX_PRUNE_PER_CALL as u32 }>) {
		let budget = Batching::<T>::budget() as usize;
		let pubdata: BoundedVec<u8, T::MaxPubdataLen> =
			BoundedVec::truncate_from(vec![0; budget * CHUNK_BYTES]);
		let signature = TxSignature { pub_key: [1; 32], signature: [2; 64] };
		let signatures: BoundedVec<Option<TxSignature>, T::MaxOpsPerBatch> =
			BoundedVec::truncate_from(vec![Some(signature); budget]);
		for batch in 1..=u64::from(n) {
			Pubdata::<T>::insert(batch, pubdata.clone());
			Signatures::<T>::insert(batch, signatures.clone());
		}
		LastSealed::<T>::put(u64::from(n));

		#[block]
		{
			Batching::<T>::on_executed_everywhere(u64::from(n));
		}

		assert_eq!(PrunedUpTo::<T>::get(), u64::from(n));
		assert_eq!(Pubdata::<T>::iter().count(), 0);
	}

	impl_benchmark_test_suite!(Batching, crate::mock::new_test_ext(), crate::mock::Test);
}
