//! Tests of the proof registry, on the committed block-8 proof of batch 1.

use crate::{
	fixture,
	mock::{
		new_test_ext, seal, set_live_chains, ProofRegistry, RuntimeEvent, RuntimeOrigin, System,
		Test,
	},
	weights::WeightInfo,
	Call, Error, Event, ExitKey, KeyForChunks, LastProven, OnExecutedEverywhere, ProofOf, Proofs,
	ProvenBatch, ProvenBatches, PrunedUpTo, VerifyingKeys, MAX_PRUNE_PER_CALL,
};
use parity_scale_codec::{Decode, Encode};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo, BoundedVec},
	sp_runtime::DispatchError,
};
use polylink_primitives::{
	chain::{ChainId, LiveChains},
	groth16::encoding::{proof_from_eip2537, proof_to_compressed, ScaleVerifyingKey},
};

/// The prover account.
const PROVER: u64 = 7;

/// `bytes` as the call's key argument.
fn vk(bytes: Vec<u8>) -> BoundedVec<u8, <Test as crate::Config>::MaxVkLen> {
	BoundedVec::try_from(bytes).expect("test keys fit MaxVkLen")
}

/// `bytes` as the call's proof argument.
fn proof(bytes: Vec<u8>) -> ProofOf {
	BoundedVec::try_from(bytes).expect("test proofs fit MAX_PROOF_LEN")
}

/// The block-8 key with its fields changed by `edit`, re-encoded.
fn edited_vk(edit: impl FnOnce(&mut ScaleVerifyingKey)) -> Vec<u8> {
	let mut raw =
		ScaleVerifyingKey::decode(&mut &fixture::vk_bytes()[..]).expect("the key decodes");
	edit(&mut raw);
	raw.encode()
}

/// Registers the block-8 key for 8 chunks.
fn register_block8() {
	assert_ok!(ProofRegistry::register_verifying_key(
		RuntimeOrigin::root(),
		fixture::chunks(),
		vk(fixture::vk_bytes())
	));
}

/// Registers the block-8 key and seals batch 1 with the fixture's header.
fn setup_batch1() {
	register_block8();
	seal(fixture::batch(), fixture::header());
}

/// Submits `proof_bytes` for `batch` with `new_root` as `PROVER`.
fn submit(
	batch: u64,
	new_root: [u8; 32],
	proof_bytes: Vec<u8>,
) -> polkadot_sdk::sp_runtime::DispatchResult {
	ProofRegistry::submit_proof(RuntimeOrigin::signed(PROVER), batch, new_root, proof(proof_bytes))
}

mod register {
	use super::*;

	#[test]
	fn register_verifying_key_works() {
		new_test_ext().execute_with(|| {
			register_block8();
			let hash = fixture::vk_hash();
			assert_eq!(ProofRegistry::key_for_chunks(8), Some(hash));
			assert_eq!(VerifyingKeys::<Test>::get(hash), Some((8, vk(fixture::vk_bytes()))));
			System::assert_last_event(RuntimeEvent::ProofRegistry(Event::VerifyingKeyRegistered {
				chunks: 8,
				vk_hash: hash,
			}));
		});
	}

	#[test]
	fn register_verifying_key_rejects_bad_origin() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				ProofRegistry::register_verifying_key(
					RuntimeOrigin::signed(PROVER),
					8,
					vk(fixture::vk_bytes())
				),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn register_verifying_key_rejects_zero_chunks() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				ProofRegistry::register_verifying_key(
					RuntimeOrigin::root(),
					0,
					vk(fixture::vk_bytes())
				),
				Error::<Test>::ZeroChunks
			);
		});
	}

	#[test]
	fn register_verifying_key_rejects_malformed_key() {
		new_test_ext().execute_with(|| {
			let good = fixture::vk_bytes();
			// 1. Truncated, 2. a trailing byte, 3. an unknown version, 4. alpha off the curve.
			let mut trailing = good.clone();
			trailing.push(0);
			let mut version = good.clone();
			version[0] = 2;
			let off_curve = edited_vk(|raw| raw.alpha_g1[47] ^= 1);
			for bad in [good[..good.len() - 1].to_vec(), trailing, version, off_curve, vec![]] {
				assert_noop!(
					ProofRegistry::register_verifying_key(RuntimeOrigin::root(), 8, vk(bad)),
					Error::<Test>::MalformedKey
				);
			}
		});
	}

	#[test]
	fn register_verifying_key_rejects_wrong_input_count() {
		new_test_ext().execute_with(|| {
			let two_inputs = edited_vk(|raw| raw.ic.push(raw.ic[1]));
			let no_input = edited_vk(|raw| raw.ic.truncate(1));
			for bad in [two_inputs, no_input] {
				assert_noop!(
					ProofRegistry::register_verifying_key(RuntimeOrigin::root(), 8, vk(bad)),
					Error::<Test>::WrongInputCount
				);
			}
		});
	}

	#[test]
	fn register_verifying_key_rejects_already_registered() {
		new_test_ext().execute_with(|| {
			register_block8();
			// 1. Another valid one-input key for the same circuit size.
			let other = edited_vk(|raw| core::mem::swap(&mut raw.gamma_g2, &mut raw.delta_g2));
			assert_noop!(
				ProofRegistry::register_verifying_key(RuntimeOrigin::root(), 8, vk(other.clone())),
				Error::<Test>::AlreadyRegistered
			);
			// 2. The same key for another circuit size.
			assert_noop!(
				ProofRegistry::register_verifying_key(
					RuntimeOrigin::root(),
					16,
					vk(fixture::vk_bytes())
				),
				Error::<Test>::AlreadyRegistered
			);
			// 3. The other key registers for another size.
			assert_ok!(ProofRegistry::register_verifying_key(RuntimeOrigin::root(), 16, vk(other)));
			assert_eq!(KeyForChunks::<Test>::iter().count(), 2);
		});
	}
}

mod submit {
	use super::*;

	#[test]
	fn submit_proof_works_with_block8_fixture() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			assert_eq!(ProofRegistry::last_proven(), (0, fixture::old_root()));
			assert_ok!(submit(1, fixture::new_root(), fixture::proof()));

			let record = ProvenBatches::<Test>::get(1).expect("batch 1 is proven");
			assert_eq!(
				record,
				ProvenBatch {
					prover: PROVER,
					new_root: fixture::new_root(),
					commitment: fixture::commitment(),
					vk_hash: fixture::vk_hash(),
					proven_at: 1,
				}
			);
			assert_eq!(ProofRegistry::proven_batch(1), Some(record));
			assert_eq!(ProofRegistry::last_proven(), (1, fixture::new_root()));
			assert_eq!(ProofRegistry::proven_root(0), Some(fixture::old_root()));
			assert_eq!(ProofRegistry::proven_root(1), Some(fixture::new_root()));
			assert_eq!(ProofRegistry::proven_root(2), None);
			assert_eq!(ProofRegistry::proof(1), Some(fixture::proof()));
			System::assert_last_event(RuntimeEvent::ProofRegistry(Event::BatchProven {
				batch: 1,
				new_root: fixture::new_root(),
				commitment: fixture::commitment(),
				prover: PROVER,
			}));
		});
	}

	#[test]
	fn submit_proof_works_with_compressed_proof() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			let decoded = proof_from_eip2537(&fixture::proof()).expect("the fixture proof decodes");
			let compressed = proof_to_compressed(&decoded).to_vec();
			assert_ok!(submit(1, fixture::new_root(), compressed.clone()));
			assert_eq!(ProofRegistry::proof(1), Some(compressed));
			assert_eq!(ProofRegistry::proven_root(1), Some(fixture::new_root()));
		});
	}

	#[test]
	fn submit_proof_rejects_bad_origin() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			for origin in [RuntimeOrigin::none(), RuntimeOrigin::root()] {
				assert_noop!(
					ProofRegistry::submit_proof(
						origin,
						1,
						fixture::new_root(),
						proof(fixture::proof())
					),
					DispatchError::BadOrigin
				);
			}
		});
	}

	#[test]
	fn submit_proof_rejects_tampered_proof() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			let good = fixture::proof();
			// 1. A and C swapped: valid points, not a proof.
			let mut swapped = good.clone();
			swapped[..128].copy_from_slice(&good[384..]);
			swapped[384..].copy_from_slice(&good[..128]);
			assert_noop!(submit(1, fixture::new_root(), swapped), Error::<Test>::InvalidProof);
			// 2. One byte changed, the sign flag of compressed A: −A, a valid point, not a proof.
			let decoded = proof_from_eip2537(&good).expect("the fixture proof decodes");
			let mut negated = proof_to_compressed(&decoded).to_vec();
			negated[0] ^= 0x20;
			assert_noop!(submit(1, fixture::new_root(), negated), Error::<Test>::InvalidProof);
			// 3. One byte of B changed: no longer a curve point, caught by the decoder.
			let mut flipped = good;
			flipped[128 + 200] ^= 1;
			assert_noop!(submit(1, fixture::new_root(), flipped), Error::<Test>::MalformedProof);
			assert_eq!(LastProven::<Test>::get(), 0);
			assert_eq!(Proofs::<Test>::get(1), None);
		});
	}

	#[test]
	fn submit_proof_rejects_wrong_new_root() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			let mut root = fixture::new_root();
			root[31] ^= 1;
			assert_noop!(submit(1, root, fixture::proof()), Error::<Test>::InvalidProof);
		});
	}

	#[test]
	fn submit_proof_rejects_wrong_live_chains() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			set_live_chains(LiveChains::of([ChainId(1), ChainId(2)]));
			assert_noop!(
				submit(1, fixture::new_root(), fixture::proof()),
				Error::<Test>::InvalidProof
			);
		});
	}

	#[test]
	fn submit_proof_rejects_wrong_header() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			let mut header = fixture::header();
			header.timestamp += 1;
			seal(1, header);
			assert_noop!(
				submit(1, fixture::new_root(), fixture::proof()),
				Error::<Test>::InvalidProof
			);
		});
	}

	#[test]
	fn submit_proof_rejects_already_proven() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			assert_ok!(submit(1, fixture::new_root(), fixture::proof()));
			// The valid proof again, then garbage that would fail decoding (and so verification)
			// if the batch were checked after it: refused first for the batch.
			for bytes in [fixture::proof(), vec![0xff; 512], vec![1, 2, 3]] {
				assert_noop!(submit(1, fixture::new_root(), bytes), Error::<Test>::AlreadyProven);
			}
			// Batch 0 is the genesis state, proven by definition.
			assert_noop!(submit(0, fixture::old_root(), vec![]), Error::<Test>::AlreadyProven);
		});
	}

	#[test]
	fn submit_proof_rejects_not_next_batch() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			seal(2, fixture::header());
			assert_noop!(
				submit(2, fixture::new_root(), fixture::proof()),
				Error::<Test>::NotNextBatch
			);
		});
	}

	#[test]
	fn submit_proof_rejects_next_batch_for_old_commitment() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			assert_ok!(submit(1, fixture::new_root(), fixture::proof()));
			// Batch 2 commits to batch 2 and to batch 1's root as its old root: batch 1's proof
			// does not verify for it.
			seal(2, fixture::header());
			assert_noop!(
				submit(2, fixture::new_root(), fixture::proof()),
				Error::<Test>::InvalidProof
			);
		});
	}

	#[test]
	fn submit_proof_rejects_unknown_batch() {
		new_test_ext().execute_with(|| {
			register_block8();
			assert_noop!(
				submit(1, fixture::new_root(), fixture::proof()),
				Error::<Test>::UnknownBatch
			);
		});
	}

	#[test]
	fn submit_proof_rejects_non_canonical_root() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			assert_noop!(submit(1, [0xff; 32], fixture::proof()), Error::<Test>::NonCanonicalRoot);
		});
	}

	#[test]
	fn submit_proof_rejects_no_key_for_chunks() {
		new_test_ext().execute_with(|| {
			seal(1, fixture::header());
			assert_noop!(
				submit(1, fixture::new_root(), fixture::proof()),
				Error::<Test>::NoKeyForChunks
			);
			// A key for another size does not serve the batch.
			assert_ok!(ProofRegistry::register_verifying_key(
				RuntimeOrigin::root(),
				16,
				vk(fixture::vk_bytes())
			));
			assert_noop!(
				submit(1, fixture::new_root(), fixture::proof()),
				Error::<Test>::NoKeyForChunks
			);
		});
	}

	#[test]
	fn submit_proof_rejects_malformed_proof() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			// Neither 512 nor 192 bytes (empty, 511 bytes); 192 bytes that are no compressed
			// points.
			for bytes in [vec![], fixture::proof()[..511].to_vec(), vec![0x11; 192]] {
				assert_noop!(submit(1, fixture::new_root(), bytes), Error::<Test>::MalformedProof);
			}
		});
	}
}

mod prune {
	use super::*;

	#[test]
	fn on_executed_everywhere_prunes_proofs() {
		new_test_ext().execute_with(|| {
			setup_batch1();
			assert_ok!(submit(1, fixture::new_root(), fixture::proof()));
			// 1. Batch 5 executed: only batch 1 is proven, so only its proof goes.
			ProofRegistry::on_executed_everywhere(5);
			assert_eq!(ProofRegistry::proof(1), None);
			assert_eq!(PrunedUpTo::<Test>::get(), 1);
			assert_eq!(ProofRegistry::proven_root(1), Some(fixture::new_root()));
			assert!(ProvenBatches::<Test>::contains_key(1));
			System::assert_last_event(RuntimeEvent::ProofRegistry(Event::ProofsPruned {
				from: 1,
				to: 1,
			}));
			// 2. Told again: nothing left to prune, no event.
			let events = System::events().len();
			ProofRegistry::on_executed_everywhere(1);
			assert_eq!(System::events().len(), events);
		});
	}

	#[test]
	fn on_executed_everywhere_keeps_unexecuted_proofs() {
		new_test_ext().execute_with(|| {
			let proven = 3;
			LastProven::<Test>::put(proven);
			for n in 1..=proven {
				Proofs::<Test>::insert(n, proof(fixture::proof()));
			}
			ProofRegistry::on_executed_everywhere(2);
			assert_eq!(Proofs::<Test>::iter_keys().collect::<Vec<_>>(), vec![3]);
			System::assert_last_event(RuntimeEvent::ProofRegistry(Event::ProofsPruned {
				from: 1,
				to: 2,
			}));
		});
	}

	#[test]
	fn on_executed_everywhere_prunes_at_most_max_per_call() {
		new_test_ext().execute_with(|| {
			let proven = MAX_PRUNE_PER_CALL + 4;
			LastProven::<Test>::put(proven);
			for n in 1..=proven {
				Proofs::<Test>::insert(n, proof(vec![n as u8]));
			}
			// 1. The first call stops after MAX_PRUNE_PER_CALL proofs.
			ProofRegistry::on_executed_everywhere(proven);
			assert_eq!(PrunedUpTo::<Test>::get(), MAX_PRUNE_PER_CALL);
			assert_eq!(Proofs::<Test>::iter().count(), 4);
			// 2. The next resumes where it stopped.
			ProofRegistry::on_executed_everywhere(proven);
			assert_eq!(Proofs::<Test>::iter().count(), 0);
			System::assert_last_event(RuntimeEvent::ProofRegistry(Event::ProofsPruned {
				from: MAX_PRUNE_PER_CALL + 1,
				to: proven,
			}));
		});
	}
}

#[test]
#[should_panic(expected = "the genesis root must be a canonical field element")]
fn genesis_rejects_non_canonical_root() {
	use polkadot_sdk::sp_runtime::BuildStorage;
	let _ = crate::mock::RuntimeGenesisConfig {
		system: Default::default(),
		proof_registry: crate::GenesisConfig {
			genesis_root: [0xff; 32],
			verifying_keys: Vec::new(),
			exit_verifying_key: Vec::new(),
			_config: Default::default(),
		},
	}
	.build_storage();
}

fn genesis_with_keys(
	verifying_keys: Vec<(u32, Vec<u8>)>,
) -> polkadot_sdk::sp_io::TestExternalities {
	genesis_with_exit_key(verifying_keys, Vec::new())
}

fn genesis_with_exit_key(
	verifying_keys: Vec<(u32, Vec<u8>)>,
	exit_verifying_key: Vec<u8>,
) -> polkadot_sdk::sp_io::TestExternalities {
	use polkadot_sdk::sp_runtime::BuildStorage;
	crate::mock::RuntimeGenesisConfig {
		system: Default::default(),
		proof_registry: crate::GenesisConfig {
			genesis_root: fixture::old_root(),
			verifying_keys,
			exit_verifying_key,
			_config: Default::default(),
		},
	}
	.build_storage()
	.expect("the genesis builds")
	.into()
}

#[test]
fn the_genesis_exit_key_is_recorded_by_its_hash() {
	genesis_with_exit_key(Vec::new(), fixture::vk_bytes()).execute_with(|| {
		assert_eq!(ExitKey::<Test>::get(), Some(fixture::vk_hash()));
	});
	genesis_with_keys(Vec::new()).execute_with(|| assert_eq!(ExitKey::<Test>::get(), None));
}

#[test]
#[should_panic(expected = "the genesis exit verifying key decodes")]
fn genesis_rejects_a_malformed_exit_key() {
	let _ = genesis_with_exit_key(Vec::new(), vec![1, 2, 3]);
}

#[test]
fn genesis_keys_are_registered_and_verify_proofs() {
	genesis_with_keys(vec![(fixture::chunks(), fixture::vk_bytes())]).execute_with(|| {
		System::set_block_number(1);
		assert_eq!(ProofRegistry::key_for_chunks(fixture::chunks()), Some(fixture::vk_hash()));
		seal(fixture::batch(), fixture::header());
		set_live_chains(fixture::live_chains());
		assert_ok!(ProofRegistry::submit_proof(
			RuntimeOrigin::signed(1),
			fixture::batch(),
			fixture::new_root(),
			proof(fixture::proof()),
		));
	});
}

#[test]
#[should_panic(expected = "genesis verifying key for 8 chunks refused")]
fn genesis_rejects_a_malformed_key() {
	let mut bytes = fixture::vk_bytes();
	bytes[10] ^= 1;
	let _ = genesis_with_keys(vec![(8, bytes)]);
}

#[test]
#[should_panic(expected = "genesis verifying key for 1 chunks refused")]
fn genesis_rejects_a_key_for_two_sizes() {
	let _ = genesis_with_keys(vec![(8, fixture::vk_bytes()), (1, fixture::vk_bytes())]);
}

#[test]
fn every_call_declares_its_own_weight_function() {
	let register = Call::<Test>::register_verifying_key { chunks: 8, vk_bytes: vk(vec![]) };
	assert_eq!(
		register.get_dispatch_info().call_weight,
		<() as WeightInfo>::register_verifying_key()
	);
	let submit = Call::<Test>::submit_proof { batch: 1, new_root: [0; 32], proof: proof(vec![]) };
	assert_eq!(submit.get_dispatch_info().call_weight, <() as WeightInfo>::submit_proof());
}
