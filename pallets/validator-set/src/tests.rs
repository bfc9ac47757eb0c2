//! Tests of the validator-set pallet.

use crate::{mock::*, *};
use pallet_polylink_root_consensus::OracleSet;
use polkadot_sdk::{
	frame_support::traits::Hooks,
	frame_support::{assert_noop, assert_ok, dispatch::GetDispatchInfo},
	pallet_session::{self, SessionManager},
	sp_core::ecdsa,
	sp_runtime::DispatchError,
};

fn root() -> RuntimeOrigin {
	RuntimeOrigin::root()
}

/// The sorted L1 addresses of the oracle keys `ids`.
fn addresses(ids: &[u64]) -> Vec<L1Address> {
	let mut addresses: Vec<L1Address> = ids.iter().copied().map(oracle_l1).collect();
	addresses.sort();
	addresses
}

/// The sorted raw addresses of the oracle keys `ids`, as events carry them.
fn raw(ids: &[u64]) -> Vec<[u8; 20]> {
	addresses(ids).into_iter().map(|address| address.0).collect()
}

fn session_validators() -> Vec<u64> {
	pallet_session::Validators::<Test>::get()
}

fn queued_validators() -> Vec<u64> {
	pallet_session::QueuedKeys::<Test>::get().into_iter().map(|(v, _)| v).collect()
}

fn oracle_set_changes() -> Vec<(u64, Vec<[u8; 20]>)> {
	System::events()
		.into_iter()
		.filter_map(|record| match record.event {
			RuntimeEvent::ValidatorSet(Event::OracleSetChanged { set_id, oracles, .. }) => {
				Some((set_id, oracles))
			}
			_ => None,
		})
		.collect()
}

mod crypto {
	use super::*;

	#[test]
	fn oracle_address_matches_address_of() {
		for i in 0..64 {
			let key = oracle_key(i);
			assert_eq!(oracle_address(&oracle_id(&key)), Some(address_of_key(&key)), "key {i}");
		}
	}

	fn address_of_key(key: &k256::ecdsa::SigningKey) -> L1Address {
		polylink_primitives::eth::address_of(key.verifying_key())
	}

	#[test]
	fn oracle_address_of_a_known_key() {
		// Secret key 1: its address is the well-known 0x7e5f…5bdf.
		let mut secret = [0u8; 32];
		secret[31] = 1;
		let key = k256::ecdsa::SigningKey::from_slice(&secret).unwrap();
		let expected: [u8; 20] = [
			0x7e, 0x5f, 0x45, 0x52, 0x09, 0x1a, 0x69, 0x12, 0x5d, 0x5d, 0xfc, 0xb7, 0xb8, 0xc2,
			0x65, 0x90, 0x29, 0x39, 0x5b, 0xdf,
		];
		assert_eq!(oracle_address(&oracle_id(&key)), Some(L1Address(expected)));
	}

	#[test]
	fn oracle_address_rejects_non_points() {
		// All zeros: not a SEC1 encoding.
		assert_eq!(oracle_address(&OracleId::from(ecdsa::Public::from_raw([0; 33]))), None);
		// A valid prefix with x = 5: x³ + 7 = 132 is not a square mod p, so no point has it.
		let mut raw = [0u8; 33];
		raw[0] = 0x02;
		raw[32] = 5;
		assert_eq!(oracle_address(&OracleId::from(ecdsa::Public::from_raw(raw))), None);
	}

	#[test]
	fn oracle_key_type_is_orcl() {
		assert_eq!(ORACLE_KEY_TYPE.0, *b"orcl");
		assert_eq!(<OracleId as polkadot_sdk::sp_runtime::RuntimeAppPublic>::ID, ORACLE_KEY_TYPE);
	}
}

mod genesis {
	use super::*;

	#[test]
	fn genesis_works() {
		new_test_ext().execute_with(|| {
			assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
			assert_eq!(session_validators(), vec![1, 2, 3]);
			assert_eq!(queued_validators(), vec![1, 2, 3]);
			assert_eq!(<ValidatorSet as OracleSet>::set_id(), 1);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));
			assert!(!ListChanged::<Test>::get());
		});
	}

	#[test]
	fn genesis_sorts_the_validators() {
		ExtBuilder::default().validators(&[3, 1, 2]).build_and_execute(|| {
			assert_eq!(ValidatorSet::validators(), vec![1, 2, 3]);
		});
	}

	#[test]
	#[should_panic(expected = "the genesis validators contain duplicates")]
	fn genesis_rejects_duplicates() {
		ExtBuilder::default().validators(&[1, 2, 2]).build();
	}

	#[test]
	fn genesis_accepts_the_empty_default() {
		ExtBuilder::default().validators(&[]).build_and_execute(|| {
			assert_eq!(ValidatorSet::validators(), Vec::<u64>::new());
			assert_eq!(session_validators(), Vec::<u64>::new());
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), vec![]);
		});
	}

	#[test]
	#[should_panic(expected = "fewer genesis validators than MinValidators")]
	fn genesis_rejects_too_few() {
		ExtBuilder::default().validators(&[1]).build();
	}

	#[test]
	#[should_panic(expected = "more genesis validators than MaxValidators")]
	fn genesis_rejects_too_many() {
		ExtBuilder::default().validators(&[1, 2, 3, 7, 8, 9]).build();
	}
}

mod dispatchables {
	use super::*;

	#[test]
	fn add_validator_works() {
		new_test_ext().execute_with(|| {
			assert_ok!(ValidatorSet::add_validator(root(), 4));
			assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, 4]);
			assert!(ListChanged::<Test>::get());
			System::assert_last_event(RuntimeEvent::ValidatorSet(Event::ValidatorAdded { who: 4 }));
			// The session set is unchanged until the rotations.
			assert_eq!(session_validators(), vec![1, 2, 3]);
		});
	}

	#[test]
	fn add_validator_keeps_the_list_sorted() {
		ExtBuilder::default().validators(&[2, 4]).candidates(&[1, 3, 5]).build_and_execute(|| {
			assert_ok!(ValidatorSet::add_validator(root(), 5));
			assert_ok!(ValidatorSet::add_validator(root(), 1));
			assert_ok!(ValidatorSet::add_validator(root(), 3));
			assert_eq!(ValidatorSet::validators(), vec![1, 2, 3, 4, 5]);
		});
	}

	#[test]
	fn remove_validator_works() {
		new_test_ext().execute_with(|| {
			assert_ok!(ValidatorSet::remove_validator(root(), 2));
			assert_eq!(ValidatorSet::validators(), vec![1, 3]);
			assert!(ListChanged::<Test>::get());
			System::assert_last_event(RuntimeEvent::ValidatorSet(Event::ValidatorRemoved {
				who: 2,
			}));
			assert_eq!(session_validators(), vec![1, 2, 3]);
		});
	}

	#[test]
	fn add_validator_rejects_bad_origin() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				ValidatorSet::add_validator(RuntimeOrigin::signed(1), 4),
				DispatchError::BadOrigin
			);
			assert_noop!(
				ValidatorSet::add_validator(RuntimeOrigin::none(), 4),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn remove_validator_rejects_bad_origin() {
		new_test_ext().execute_with(|| {
			assert_noop!(
				ValidatorSet::remove_validator(RuntimeOrigin::signed(1), 3),
				DispatchError::BadOrigin
			);
			assert_noop!(
				ValidatorSet::remove_validator(RuntimeOrigin::none(), 3),
				DispatchError::BadOrigin
			);
		});
	}

	#[test]
	fn add_validator_rejects_a_validator() {
		new_test_ext().execute_with(|| {
			assert_noop!(ValidatorSet::add_validator(root(), 2), Error::<Test>::AlreadyValidator);
		});
	}

	#[test]
	fn add_validator_rejects_a_full_list() {
		new_test_ext().execute_with(|| {
			assert_ok!(ValidatorSet::add_validator(root(), 4));
			assert_ok!(ValidatorSet::add_validator(root(), 5));
			assert_eq!(ValidatorSet::validators().len(), MAX_VALIDATORS as usize);
			assert_noop!(ValidatorSet::add_validator(root(), 6), Error::<Test>::TooManyValidators);
		});
	}

	#[test]
	fn add_validator_rejects_an_account_without_keys() {
		new_test_ext().execute_with(|| {
			assert_noop!(ValidatorSet::add_validator(root(), 7), Error::<Test>::NoSessionKeys);
		});
	}

	#[test]
	fn remove_validator_rejects_a_non_validator() {
		new_test_ext().execute_with(|| {
			assert_noop!(ValidatorSet::remove_validator(root(), 4), Error::<Test>::NotValidator);
		});
	}

	#[test]
	fn remove_validator_rejects_going_below_the_minimum() {
		new_test_ext().execute_with(|| {
			assert_ok!(ValidatorSet::remove_validator(root(), 3));
			assert_eq!(ValidatorSet::validators().len(), MIN_VALIDATORS as usize);
			assert_noop!(
				ValidatorSet::remove_validator(root(), 2),
				Error::<Test>::TooFewValidators
			);
		});
	}

	#[test]
	fn every_call_declares_its_own_weight_function() {
		let add = crate::Call::<Test>::add_validator { who: 4 }.get_dispatch_info();
		assert_eq!(add.call_weight, <() as WeightInfo>::add_validator());
		let remove = crate::Call::<Test>::remove_validator { who: 3 }.get_dispatch_info();
		assert_eq!(remove.call_weight, <() as WeightInfo>::remove_validator());
	}
}

mod sessions {
	use super::*;

	#[test]
	fn new_session_returns_the_list_only_when_it_changed() {
		new_test_ext().execute_with(|| {
			assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(1), None);
			assert_ok!(ValidatorSet::add_validator(root(), 4));
			assert_ok!(ValidatorSet::remove_validator(root(), 1));
			assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(2), Some(vec![2, 3, 4]));
			assert_eq!(<ValidatorSet as SessionManager<u64>>::new_session(3), None);
		});
	}

	#[test]
	fn an_added_validator_validates_from_the_session_after_the_next() {
		new_test_ext().execute_with(|| {
			// 1. Added during session 0.
			assert_ok!(ValidatorSet::add_validator(root(), 4));

			// 2. Session 1 starts with the old set; the new one is queued for session 2.
			Session::rotate_session();
			assert_eq!(Session::current_index(), 1);
			assert_eq!(session_validators(), vec![1, 2, 3]);
			assert_eq!(queued_validators(), vec![1, 2, 3, 4]);
			assert_eq!(<ValidatorSet as OracleSet>::set_id(), 1);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));

			// 3. Session 2 starts with the new set and its oracle key.
			Session::rotate_session();
			assert_eq!(session_validators(), vec![1, 2, 3, 4]);
			assert_eq!(<ValidatorSet as OracleSet>::set_id(), 2);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3, 4]));
			assert_eq!(oracle_set_changes(), vec![(2, raw(&[1, 2, 3, 4]))]);
		});
	}

	#[test]
	fn a_removed_validator_stops_from_the_session_after_the_next() {
		new_test_ext().execute_with(|| {
			assert_ok!(ValidatorSet::remove_validator(root(), 1));

			Session::rotate_session();
			assert_eq!(session_validators(), vec![1, 2, 3]);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));

			Session::rotate_session();
			assert_eq!(session_validators(), vec![2, 3]);
			assert_eq!(<ValidatorSet as OracleSet>::set_id(), 2);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[2, 3]));
		});
	}

	#[test]
	fn sessions_rotate_with_the_period() {
		new_test_ext().execute_with(|| {
			assert_ok!(ValidatorSet::add_validator(root(), 5));
			for block in 1..=(2 * PERIOD) {
				System::set_block_number(block);
				Session::on_initialize(block);
			}
			assert_eq!(Session::current_index(), 2);
			assert_eq!(session_validators(), vec![1, 2, 3, 5]);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3, 5]));
		});
	}

	#[test]
	fn set_id_changes_only_with_the_oracle_set() {
		new_test_ext().execute_with(|| {
			// Same addresses every session: the id (and the votes gathered under it) stays.
			for _ in 1..=4u64 {
				Session::rotate_session();
				assert_eq!(<ValidatorSet as OracleSet>::set_id(), 1);
				assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));
			}
			assert_eq!(oracle_set_changes(), vec![]);
			// A changed set gets the next id, in the session it starts.
			assert_ok!(ValidatorSet::remove_validator(root(), 3));
			Session::rotate_session();
			assert_eq!(<ValidatorSet as OracleSet>::set_id(), 1);
			Session::rotate_session();
			assert_eq!(<ValidatorSet as OracleSet>::set_id(), 2);
			assert_eq!(oracle_set_changes(), vec![(2, raw(&[1, 2]))]);
		});
	}

	#[test]
	fn new_keys_become_oracles_with_their_session() {
		new_test_ext().execute_with(|| {
			// 1. Validator 1 registers oracle key 11 during session 0 (what `set_keys` stores).
			pallet_session::NextKeys::<Test>::insert(
				1,
				keys_with_oracle(1, oracle_id(&oracle_key(11))),
			);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));

			// 2. Session 1 still runs on the keys queued in session 0; the new key is queued.
			Session::rotate_session();
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));

			// 3. Session 2 runs on the new key.
			Session::rotate_session();
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[11, 2, 3]));
			assert_eq!(oracle_set_changes(), vec![(2, raw(&[11, 2, 3]))]);
		});
	}

	#[test]
	fn oracles_skip_invalid_keys_and_duplicates() {
		ExtBuilder::default()
			.candidate(7, keys(7))
			.candidate(8, keys_with_oracle(8, OracleId::from(ecdsa::Public::from_raw([0; 33]))))
			.build_and_execute(|| {
				// 1. 8's oracle key is not a point. 7 shares validator 2's oracle key: the session
				//    pallet's key-owner check refuses that through `set_keys`, so it is written
				//    directly; the deduplication is a second line of defence.
				pallet_session::NextKeys::<Test>::insert(
					7,
					keys_with_oracle(7, oracle_id(&oracle_key(2))),
				);
				assert_ok!(ValidatorSet::add_validator(root(), 7));
				assert_ok!(ValidatorSet::add_validator(root(), 8));

				// 2. Both validate from session 2; neither adds an oracle address.
				Session::rotate_session();
				Session::rotate_session();
				assert_eq!(session_validators(), vec![1, 2, 3, 7, 8]);
				assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 3]));
			});
	}

	#[test]
	fn validators_without_keys_are_skipped() {
		new_test_ext().execute_with(|| {
			// 1. Validator 3 purges its keys (what `purge_keys` removes) during session 0.
			pallet_session::NextKeys::<Test>::remove(3);
			assert_ok!(ValidatorSet::add_validator(root(), 4));

			// 2. Two rotations: the session pallet queues only validators with keys.
			Session::rotate_session();
			Session::rotate_session();
			assert_eq!(session_validators(), vec![1, 2, 4]);
			assert_eq!(<ValidatorSet as OracleSet>::oracles(), addresses(&[1, 2, 4]));
		});
	}
}
