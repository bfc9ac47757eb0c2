//! Snapshots: a replica restored from disk continues exactly where the original stopped.

use super::*;
use crate::snapshot::{Snapshot, SnapshotError, SNAPSHOT_VERSION};
use parity_scale_codec::{Decode, Encode};

fn restored(state: &State) -> State {
	let bytes = state.snapshot().expect("between batches").encode();
	let snapshot = Snapshot::decode(&mut &bytes[..]).expect("decodes");
	State::from_snapshot(snapshot).expect("restores")
}

#[test]
fn a_restored_state_continues_like_the_original() {
	let (mut w, _) = super::recovery::sealed_batches();
	let mut copy = restored(&w.state);
	assert_eq!(copy.root(), w.state.root());
	assert_eq!(copy.last_batch(), w.state.last_batch());
	assert_eq!(copy.last_batch_root(), w.state.last_batch_root());
	assert_eq!(copy.next_account_id(), w.state.next_account_id());
	assert_eq!(copy.accounts().count(), w.state.accounts().count());
	for (id, account) in w.state.accounts() {
		assert_eq!(copy.account(*id), Some(account));
		assert_eq!(
			copy.account_id_of(&account.l1_address),
			w.state.account_id_of(&account.l1_address)
		);
	}
	for chain in [C1, C2] {
		assert_eq!(copy.next_priority_serial(chain), w.state.next_priority_serial(chain));
	}
	// The same next batch on both: a deposit (priority serial, new account) and a transfer.
	let txs = [
		w.deposit_tx(L1Address([0x61; 20]), C2, USDC, 5 * E18),
		w.sign(1, w.transfer(1, L1Address([0x61; 20]), ETH, E18)),
	];
	for tx in &txs {
		let original = w.state.apply(tx).expect("valid");
		assert_eq!(copy.apply(tx).expect("valid"), original);
	}
	assert_eq!(copy.seal_batch(30).expect("seal"), w.state.seal_batch(30).expect("seal"));
}

#[test]
fn the_address_index_survives_exactly() {
	// Reserve and fee accounts hold balances under the zero address without being indexed by
	// it: a restored state must not start resolving the zero address to one of them.
	let (w, _) = super::recovery::sealed_batches();
	assert!(w.state.accounts().any(|(id, _)| id.is_reserve()));
	let copy = restored(&w.state);
	assert_eq!(
		copy.account_id_of(&L1Address::default()),
		w.state.account_id_of(&L1Address::default())
	);
}

#[test]
fn an_open_batch_is_not_snapshotted() {
	let (mut w, _) = super::recovery::sealed_batches();
	let tx = w.sign(2, w.transfer(2, w.users[1].address, ETH, 1));
	w.apply(&tx).expect("valid");
	assert_eq!(w.state.snapshot(), Err(SnapshotError::OpenBatchNotEmpty));
}

#[test]
fn corrupt_snapshots_are_refused() {
	let (w, _) = super::recovery::sealed_batches();
	let good = w.state.snapshot().expect("between batches");

	let mut tampered = good.clone();
	let (_, account) =
		tampered.accounts.iter_mut().find(|(id, _)| !id.is_system()).expect("a user");
	let (_, amount) = account.balances.iter_mut().next().expect("a balance");
	*amount += 1;
	assert_eq!(State::from_snapshot(tampered).err(), Some(SnapshotError::RootMismatch));

	let mut tampered = good.clone();
	tampered.accounts.pop();
	assert_eq!(State::from_snapshot(tampered).err(), Some(SnapshotError::RootMismatch));

	let mut tampered = good.clone();
	tampered.version = SNAPSHOT_VERSION + 1;
	assert_eq!(
		State::from_snapshot(tampered).err(),
		Some(SnapshotError::Version(SNAPSHOT_VERSION + 1))
	);

	let mut tampered = good.clone();
	tampered.next_serial.pop();
	assert_eq!(State::from_snapshot(tampered).err(), Some(SnapshotError::Malformed));

	let mut tampered = good;
	tampered.last_root = [0xff; 32];
	assert_eq!(State::from_snapshot(tampered).err(), Some(SnapshotError::Malformed));
}
