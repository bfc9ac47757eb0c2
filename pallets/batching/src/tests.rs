//! Tests of the batching pallet, over the mock's queue of real pubdata operations.

use crate::{
	mock::{
		corrupt, deposit, new_test_ext, next_block, prove, push_deposit, push_transfer, set_time,
		signature, transfer, Batching, Corruption, MockSource, RuntimeEvent, RuntimeOrigin, System,
		Test, BUDGET, GENESIS_TIME, SEAL_TIMEOUT,
	},
	weights::WeightInfo,
	BatchHeader, BatchHeaders, BatchInfo, BatchSource, Call, Error, Event, ExecutedUpTo, Headers,
	LastSealed, OnExecutedEverywhere, OpenBatch, OpenSince, Proven, PrunedUpTo, Pubdata,
	SealedBatches, SealedHeader, Sealer, Signatures, MAX_PRUNE_PER_CALL,
};
use polkadot_sdk::{
	frame_support::{
		assert_noop, assert_ok, dispatch::GetDispatchInfo, traits::Hooks, weights::Weight,
	},
	sp_runtime::DispatchError,
};
use polylink_primitives::{commitment, params::CHUNK_BYTES, pubdata::Op};

/// The pubdata of `ops` padded with `Noop` chunks to `chunks` chunks, built independently of the
/// mock source.
fn padded(ops: &[Op], chunks: usize) -> Vec<u8> {
	let mut pubdata: Vec<u8> =
		ops.iter().flat_map(|op| op.pubdata().expect("test ops encode")).collect();
	pubdata.resize(chunks * CHUNK_BYTES, 0);
	pubdata
}

/// Seals `n` batches of one signed transfer each with `force_seal`.
fn seal_batches(n: u64) {
	for i in 0..n {
		push_transfer(i as u8);
		assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
	}
}

/// The roots and commitment the mock records for proven batch `batch`.
fn proven(batch: u64) -> Proven {
	let b = batch as u8;
	Proven { old_root: [b; 32], new_root: [b + 1; 32], commitment: [b + 2; 32] }
}

mod force_seal {
	use super::*;

	#[test]
	fn force_seal_works() {
		new_test_ext().execute_with(|| {
			push_transfer(0);
			push_deposit(1);
			assert_eq!(MockSource::open_chunks(), 4);
			set_time(GENESIS_TIME + 42);
			assert_ok!(Batching::force_seal(RuntimeOrigin::root()));

			let pubdata = padded(&[transfer(0), deposit(1)], 4);
			let header = BatchHeader {
				number: 1,
				timestamp: GENESIS_TIME + 42,
				chunks: 4,
				pubdata_hash: commitment::sha256(&pubdata),
				onchain_hash: commitment::onchain_hash(&pubdata).expect("pubdata decodes"),
				ops: 2,
				first_log_index: 0,
				sealed_at: 1,
			};
			assert_eq!(Headers::<Test>::get(1), Some(header));
			assert_eq!(Batching::pubdata(1), Some(pubdata));
			assert_eq!(Batching::signatures(1), Some(vec![Some(signature(0)), None]));
			assert_eq!(Batching::last_sealed(), 1);
			assert_eq!(MockSource::open_chunks(), 0);
			assert_eq!(OpenSince::<Test>::get(), None);
			System::assert_last_event(RuntimeEvent::Batching(Event::BatchSealed {
				batch: 1,
				chunks: 4,
				ops: 2,
				first_log_index: 0,
				timestamp: GENESIS_TIME + 42,
			}));
		});
	}

	#[test]
	fn force_seal_rejects_bad_origin() {
		new_test_ext().execute_with(|| {
			push_transfer(0);
			assert_noop!(Batching::force_seal(RuntimeOrigin::signed(1)), DispatchError::BadOrigin);
			assert_noop!(Batching::force_seal(RuntimeOrigin::none()), DispatchError::BadOrigin);
		});
	}

	#[test]
	fn force_seal_rejects_nothing_open() {
		new_test_ext().execute_with(|| {
			assert_noop!(Batching::force_seal(RuntimeOrigin::root()), Error::<Test>::NothingOpen);
		});
	}

	#[test]
	fn force_seal_rejects_too_many_chunks() {
		new_test_ext().execute_with(|| {
			for n in 0..=BUDGET {
				push_transfer(n as u8);
			}
			assert_noop!(Batching::force_seal(RuntimeOrigin::root()), Error::<Test>::TooManyChunks);
		});
	}

	#[test]
	fn force_seal_rejects_malformed_content() {
		new_test_ext().execute_with(|| {
			push_transfer(0);
			push_transfer(1);
			push_deposit(2);
			for how in [
				Corruption::WrongChunks,
				Corruption::ShortPubdata,
				Corruption::MissingSignature,
				Corruption::WrongPubdataHash,
				Corruption::WrongOnchainHash,
				Corruption::NoOps,
			] {
				corrupt(how);
				assert_noop!(
					Batching::force_seal(RuntimeOrigin::root()),
					Error::<Test>::MalformedContent
				);
			}
		});
	}

	#[test]
	fn force_seal_rejects_a_failing_source() {
		new_test_ext().execute_with(|| {
			push_transfer(0);
			corrupt(Corruption::Fails);
			assert_noop!(
				Batching::force_seal(RuntimeOrigin::root()),
				DispatchError::Other("the source fails")
			);
		});
	}

	#[test]
	fn smallest_circuit_size_is_chosen() {
		new_test_ext().execute_with(|| {
			// (open chunks, circuit size): sizes are 2, 4 and 8.
			for (batch, (open, size)) in
				[(1, 2), (2, 2), (3, 4), (4, 4), (5, 8), (8, 8)].into_iter().enumerate()
			{
				for n in 0..open {
					push_transfer(n as u8);
				}
				assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
				let batch = batch as u64 + 1;
				let header = Headers::<Test>::get(batch).expect("sealed");
				assert_eq!(header.chunks, size, "{open} open chunks");
				assert_eq!(header.ops, open);
				let ops: Vec<Op> = (0..open).map(|n| transfer(n as u8)).collect();
				let pubdata = padded(&ops, size as usize);
				assert_eq!(Batching::pubdata(batch), Some(pubdata.clone()));
				assert_eq!(header.pubdata_hash, commitment::sha256(&pubdata));
				assert_eq!(header.onchain_hash, commitment::onchain_hash(&pubdata).unwrap());
			}
			assert_eq!(Batching::circuit_size_for(BUDGET + 1), None);
			assert_eq!(Batching::budget(), BUDGET);
		});
	}

	#[test]
	fn pubdata_is_padded_with_noop_chunks() {
		new_test_ext().execute_with(|| {
			push_deposit(7);
			assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
			let pubdata = Batching::pubdata(1).expect("kept");
			assert_eq!(pubdata.len(), 4 * CHUNK_BYTES);
			assert_eq!(pubdata[..3 * CHUNK_BYTES], deposit(7).pubdata().unwrap()[..]);
			assert_eq!(pubdata[3 * CHUNK_BYTES..], Op::Noop.pubdata().unwrap()[..]);
			// The deposit is on-chain: its chunks enter the on-chain hash, the padding is zero.
			let header = Headers::<Test>::get(1).expect("sealed");
			assert_eq!(header.onchain_hash, commitment::sha256(&pubdata));
			assert_ne!(header.onchain_hash, commitment::sha256(&[0; 4 * CHUNK_BYTES]));
		});
	}

	#[test]
	fn batches_are_numbered_contiguously() {
		new_test_ext().execute_with(|| {
			// Batches of 1, 2 and 3 operations: their log indices follow each other.
			for (i, ops) in [1u8, 2, 3].into_iter().enumerate() {
				for n in 0..ops {
					push_transfer(n);
				}
				assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
				assert_eq!(Batching::last_sealed(), i as u64 + 1);
			}
			let numbers: Vec<u64> =
				(1..=3).map(|b| Headers::<Test>::get(b).unwrap().number).collect();
			assert_eq!(numbers, vec![1, 2, 3]);
			let firsts: Vec<u64> =
				(1..=3).map(|b| Headers::<Test>::get(b).unwrap().first_log_index).collect();
			assert_eq!(firsts, vec![0, 1, 3]);
			assert_eq!(Headers::<Test>::get(4), None);
		});
	}
}

mod hooks {
	use super::*;

	#[test]
	fn on_initialize_seals_a_full_batch() {
		new_test_ext().execute_with(|| {
			for n in 0..BUDGET {
				push_transfer(n as u8);
			}
			next_block();
			let header = Headers::<Test>::get(1).expect("sealed at the next block's start");
			assert_eq!((header.chunks, header.ops, header.sealed_at), (BUDGET, BUDGET, 2));
			assert_eq!(MockSource::open_chunks(), 0);
			assert_eq!(OpenSince::<Test>::get(), None);
		});
	}

	#[test]
	fn on_initialize_seals_on_timeout() {
		new_test_ext().execute_with(|| {
			// 1. The first operation arrives in block 1.
			push_transfer(0);
			// 2. Block 2 records the batch open since block 1; it is not due before block 4.
			next_block();
			assert_eq!(
				Batching::open_batch(),
				OpenBatch { number: 1, chunks: 1, since: Some(1), seal_by: Some(1 + SEAL_TIMEOUT) }
			);
			push_transfer(1);
			next_block();
			assert_eq!(Batching::last_sealed(), 0);
			// 3. Block 1 + SEAL_TIMEOUT seals it, at the smallest size.
			next_block();
			assert_eq!(System::block_number(), 1 + SEAL_TIMEOUT);
			let header = Headers::<Test>::get(1).expect("sealed by the timeout");
			assert_eq!((header.chunks, header.ops, header.sealed_at), (2, 2, 1 + SEAL_TIMEOUT));
			assert_eq!(OpenSince::<Test>::get(), None);
			// 4. The next batch's timeout counts from its own first operation.
			next_block();
			push_transfer(2);
			next_block();
			assert_eq!(OpenSince::<Test>::get(), Some(5));
			for _ in 2..SEAL_TIMEOUT {
				next_block();
			}
			assert_eq!(Batching::last_sealed(), 1);
			next_block();
			assert_eq!(Batching::last_sealed(), 2);
			assert_eq!(Headers::<Test>::get(2).unwrap().sealed_at, 5 + SEAL_TIMEOUT);
		});
	}

	#[test]
	fn on_initialize_does_not_seal_an_empty_batch() {
		new_test_ext().execute_with(|| {
			for _ in 0..3 * SEAL_TIMEOUT {
				next_block();
			}
			assert_eq!(Batching::last_sealed(), 0);
			assert_eq!(OpenSince::<Test>::get(), None);
			assert_eq!(
				Batching::open_batch(),
				OpenBatch { number: 1, chunks: 0, since: None, seal_by: None }
			);
		});
	}

	#[test]
	fn on_initialize_reports_a_failed_seal_and_changes_nothing() {
		new_test_ext().execute_with(|| {
			for n in 0..BUDGET {
				push_transfer(n as u8);
			}
			corrupt(Corruption::ShortPubdata);
			next_block();
			System::assert_last_event(RuntimeEvent::Batching(Event::SealFailed {
				error: Error::<Test>::MalformedContent.into(),
			}));
			assert_eq!(Batching::last_sealed(), 0);
			assert_eq!(MockSource::open_chunks(), BUDGET);
			// The next block tries again (an event does not keep an `Other` error's message).
			corrupt(Corruption::Fails);
			next_block();
			System::assert_last_event(RuntimeEvent::Batching(Event::SealFailed {
				error: DispatchError::Other(""),
			}));
			assert_eq!(MockSource::open_chunks(), BUDGET);
		});
	}

	#[test]
	fn on_initialize_weights() {
		new_test_ext().execute_with(|| {
			assert_eq!(Batching::on_initialize(2), <() as WeightInfo>::on_initialize_idle());
			push_transfer(0);
			assert_eq!(Batching::on_initialize(2), <() as WeightInfo>::on_initialize_idle());
			assert_eq!(
				Batching::on_initialize(1 + SEAL_TIMEOUT),
				<() as WeightInfo>::on_initialize_seal()
			);
			assert_eq!(Batching::last_sealed(), 1);
		});
	}

	#[test]
	fn integrity_test_passes() {
		new_test_ext().execute_with(|| {
			<Batching as Hooks<u64>>::integrity_test();
		});
	}
}

mod sealer {
	use super::*;

	#[test]
	fn seal_open_works() {
		new_test_ext().execute_with(|| {
			push_transfer(0);
			push_transfer(1);
			push_transfer(2);
			assert_eq!(<Batching as Sealer>::seal_open(), Ok(<() as WeightInfo>::force_seal()));
			let header = Headers::<Test>::get(1).expect("sealed at once");
			assert_eq!((header.chunks, header.ops), (4, 3));
			assert_eq!(MockSource::open_chunks(), 0);
		});
	}

	#[test]
	fn seal_open_does_nothing_when_empty() {
		new_test_ext().execute_with(|| {
			assert_ok!(<Batching as Sealer>::seal_open());
			assert_eq!(Batching::last_sealed(), 0);
		});
	}

	#[test]
	fn seal_open_rejects_malformed_content() {
		new_test_ext().execute_with(|| {
			push_transfer(0);
			corrupt(Corruption::MissingSignature);
			assert_noop!(<Batching as Sealer>::seal_open(), Error::<Test>::MalformedContent);
		});
	}

	#[test]
	fn max_seal_weight_is_the_seal_weight() {
		assert_eq!(<Batching as Sealer>::max_seal_weight(), <() as WeightInfo>::force_seal());
	}
}

mod headers {
	use super::*;

	#[test]
	fn sealed_batches_works() {
		new_test_ext().execute_with(|| {
			assert_eq!(<Batching as SealedBatches>::sealed_batch(1), None);
			push_deposit(0);
			assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
			let header = Headers::<Test>::get(1).expect("sealed");
			let sealed = SealedHeader {
				timestamp: GENESIS_TIME,
				chunks: 4,
				pubdata_hash: header.pubdata_hash,
				onchain_hash: header.onchain_hash,
			};
			assert_eq!(<Batching as SealedBatches>::sealed_batch(1), Some(sealed));
			// Proving changes nothing of what the proof registry reads.
			prove(1, proven(1));
			assert_eq!(<Batching as SealedBatches>::sealed_batch(1), Some(sealed));
			assert_eq!(<Batching as SealedBatches>::sealed_batch(2), None);
		});
	}

	#[test]
	fn batch_headers_answers_once_proven() {
		new_test_ext().execute_with(|| {
			// 1. Proven but not sealed: nothing.
			prove(1, proven(1));
			assert_eq!(<Batching as BatchHeaders>::batch_header(1), None);
			// 2. Sealed but not proven: nothing (the commitment needs the new root).
			push_transfer(0);
			assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
			push_transfer(1);
			assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
			assert_eq!(<Batching as BatchHeaders>::batch_header(2), None);
			// 3. Sealed and proven: the size and the proven commitment.
			assert_eq!(
				<Batching as BatchHeaders>::batch_header(1),
				Some((2, proven(1).commitment))
			);
			prove(2, proven(2));
			assert_eq!(
				<Batching as BatchHeaders>::batch_header(2),
				Some((2, proven(2).commitment))
			);
		});
	}

	#[test]
	fn header_query_shows_the_roots_once_proven() {
		new_test_ext().execute_with(|| {
			assert_eq!(Batching::header(1), None);
			push_transfer(0);
			assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
			let header = Headers::<Test>::get(1).expect("sealed");
			assert_eq!(Batching::header(1), Some(BatchInfo { header, proven: None }));
			prove(1, proven(1));
			assert_eq!(Batching::header(1), Some(BatchInfo { header, proven: Some(proven(1)) }));
		});
	}
}

mod prune {
	use super::*;

	#[test]
	fn on_executed_everywhere_prunes_pubdata_and_signatures() {
		new_test_ext().execute_with(|| {
			seal_batches(3);
			let weight = Batching::on_executed_everywhere(2);
			assert_eq!(weight, <() as WeightInfo>::prune(2));
			for batch in 1..=2 {
				assert_eq!(Batching::pubdata(batch), None);
				assert_eq!(Batching::signatures(batch), None);
				assert!(Headers::<Test>::get(batch).is_some(), "headers are kept");
			}
			assert!(Batching::pubdata(3).is_some());
			assert!(Batching::signatures(3).is_some());
			assert_eq!(Batching::pruned_up_to(), 2);
			System::assert_last_event(RuntimeEvent::Batching(Event::Pruned { from: 1, to: 2 }));
			// Nothing more to prune for the same batch.
			assert_eq!(Batching::on_executed_everywhere(2), <() as WeightInfo>::prune(0));
		});
	}

	#[test]
	fn pruning_is_bounded_and_resumable() {
		new_test_ext().execute_with(|| {
			let sealed = MAX_PRUNE_PER_CALL + 4;
			seal_batches(sealed);
			// 1. The first call stops after MAX_PRUNE_PER_CALL batches.
			let weight = Batching::on_executed_everywhere(sealed);
			assert_eq!(weight, <() as WeightInfo>::prune(MAX_PRUNE_PER_CALL as u32));
			assert_eq!(PrunedUpTo::<Test>::get(), MAX_PRUNE_PER_CALL);
			assert_eq!(Pubdata::<Test>::iter().count(), 4);
			assert_eq!(Signatures::<Test>::iter().count(), 4);
			// 2. A later call resumes, even for an older batch.
			Batching::on_executed_everywhere(1);
			assert_eq!(Pubdata::<Test>::iter().count(), 0);
			assert_eq!(Signatures::<Test>::iter().count(), 0);
			assert_eq!(Headers::<Test>::iter().count() as u64, sealed);
			System::assert_last_event(RuntimeEvent::Batching(Event::Pruned {
				from: MAX_PRUNE_PER_CALL + 1,
				to: sealed,
			}));
		});
	}

	#[test]
	fn on_idle_resumes_pruning() {
		new_test_ext().execute_with(|| {
			let sealed = MAX_PRUNE_PER_CALL + 4;
			seal_batches(sealed);
			Batching::on_executed_everywhere(sealed);
			// 1. Too little spare weight: nothing.
			assert_eq!(Batching::on_idle(2, Weight::zero()), Weight::zero());
			assert_eq!(PrunedUpTo::<Test>::get(), MAX_PRUNE_PER_CALL);
			// 2. Enough: the rest.
			assert_eq!(Batching::on_idle(2, Weight::MAX), <() as WeightInfo>::prune(4));
			assert_eq!(PrunedUpTo::<Test>::get(), sealed);
			assert_eq!(Batching::on_idle(2, Weight::MAX), <() as WeightInfo>::prune(0));
		});
	}

	#[test]
	fn pruning_never_passes_the_last_sealed_batch() {
		new_test_ext().execute_with(|| {
			seal_batches(2);
			Batching::on_executed_everywhere(5);
			assert_eq!(ExecutedUpTo::<Test>::get(), 2);
			assert_eq!(PrunedUpTo::<Test>::get(), 2);
			// Batch 3 is sealed later and keeps its pubdata until it is executed everywhere.
			seal_batches(1);
			Batching::on_idle(2, Weight::MAX);
			assert!(Batching::pubdata(3).is_some());
			Batching::on_executed_everywhere(3);
			assert_eq!(Batching::pubdata(3), None);
			assert_eq!(LastSealed::<Test>::get(), 3);
		});
	}
}

#[test]
fn every_call_declares_its_own_weight_function() {
	let force_seal = Call::<Test>::force_seal {};
	assert_eq!(force_seal.get_dispatch_info().call_weight, <() as WeightInfo>::force_seal());
}
