//! Rebuilding the state from pubdata alone.

use super::*;
use crate::{params::CHUNK_BYTES, pubdata::op_code, recovery::ReplayError};

pub(super) fn sealed_batches() -> (World, Vec<crate::executor::Batch>) {
	let mut w = World::new(3);
	let mut batches = vec![w.state.seal_batch(10).expect("seal")];
	let tx = w.sign(0, w.transfer(0, w.users[1].address, ETH, E18));
	w.apply(&tx).expect("valid");
	let tx = w.sign(1, w.transfer(1, L1Address([0x44; 20]), USDC, 7 * E18));
	w.apply(&tx).expect("valid");
	let tx = w.sign(2, w.withdraw(2, C2, USDC, 3 * E18));
	w.apply(&tx).expect("valid");
	let tx = w.full_exit_tx(w.id(0), w.users[0].address, C1, ETH);
	w.apply(&tx).expect("valid");
	let keyless = User::new(50);
	w.deposit_to(keyless.address, C1, ETH, E18);
	let tx = w.sign(1, w.forced_exit(1, keyless.address, C1, ETH));
	w.apply(&tx).expect("valid");
	batches.push(w.state.seal_batch(20).expect("seal"));
	(w, batches)
}

/// What a replica can rebuild: everything but the L2 signatures, which pubdata does not carry.
pub fn without_signatures(batch: &crate::executor::Batch) -> crate::executor::Batch {
	crate::executor::Batch { signatures: vec![None; batch.ops.len()], ..batch.clone() }
}

#[test]
fn replay_rebuilds_identical_batches() {
	let (mut w, batches) = sealed_batches();
	let mut replica = State::genesis(registry(), config());
	for batch in &batches {
		replica.replay_pubdata(&batch.pubdata).expect("replays");
		assert_eq!(replica.seal_batch(batch.timestamp).expect("seal"), without_signatures(batch));
	}
	assert_eq!(replica.root(), w.state.root());
	for (id, account) in w.state.accounts() {
		assert_eq!(replica.account(*id), Some(account));
	}
}

#[test]
fn replay_rejects_overdraft() {
	let (_, batches) = sealed_batches();
	let mut replica = State::genesis(registry(), config());
	let mut pubdata = batches[0].pubdata.clone();
	// The first op is a deposit of 10 ETH; make it 0 and the later fee payments overdraw.
	assert_eq!(pubdata[0], op_code::DEPOSIT);
	pubdata[7..23].copy_from_slice(&0u128.to_be_bytes());
	assert!(matches!(
		replica.replay_pubdata(&pubdata),
		Err(ReplayError::Inconsistent { error: TxError::InsufficientBalance { .. }, .. })
	));
}

#[test]
fn replay_rejects_onchain_ops_for_chains_that_are_not_live() {
	// The commitment binds the live chains, so no proof for this deployment can carry a deposit
	// (or any on-chain op) on chain 3: the replica refuses it instead of minting.
	let mut replica = State::genesis(registry(), config());
	let op = crate::pubdata::Op::Deposit {
		chain: ChainId(3),
		account: AccountId(40),
		token: ETH,
		amount: E18,
		to: L1Address([0x5a; 20]),
	};
	let root = replica.root();
	assert_eq!(
		replica.replay_pubdata(&op.pubdata().expect("encodable")),
		Err(ReplayError::Inconsistent { index: 0, error: TxError::UnknownChain(3) })
	);
	assert_eq!(replica.root(), root);
}

#[test]
fn replay_follows_ids_the_circuit_allows() {
	// A proven batch may open any empty user id, not only the next one (the circuit does not
	// track allocation): replay follows it.
	let mut replica = State::genesis(registry(), config());
	let to = L1Address([0x5a; 20]);
	let op = crate::pubdata::Op::Deposit {
		chain: C1,
		account: AccountId(40),
		token: ETH,
		amount: E18,
		to,
	};
	replica.replay_pubdata(&op.pubdata().expect("encodable")).expect("replays");
	assert_eq!(replica.account_id_of(&to), Some(AccountId(40)));
	assert_eq!(replica.next_account_id(), AccountId(41));
	assert_eq!(replica.balance(AccountId(40), ETH), E18);
}

#[test]
fn replay_rejects_opening_system_or_taken_accounts() {
	let (_, batches) = sealed_batches();
	let mut replica = State::genesis(registry(), config());
	let to = L1Address([0x5b; 20]);
	// Opening a reserve account.
	let op = crate::pubdata::Op::Deposit {
		chain: C1,
		account: C2.reserve_account(),
		token: ETH,
		amount: 1,
		to,
	};
	assert!(matches!(
		replica.replay_pubdata(&op.pubdata().expect("encodable")),
		Err(ReplayError::Inconsistent { index: 0, error: TxError::UnknownAccount(_) })
	));
	// Depositing to an existing account for another owner.
	replica.replay_pubdata(&batches[0].pubdata).expect("replays");
	let op =
		crate::pubdata::Op::Deposit { chain: C1, account: AccountId(5), token: ETH, amount: 1, to };
	assert!(matches!(
		replica.replay_pubdata(&op.pubdata().expect("encodable")),
		Err(ReplayError::Inconsistent { index: 0, error: TxError::UnknownAccount(_) })
	));
	let mut truncated = batches[0].pubdata.clone();
	truncated.truncate(CHUNK_BYTES + 1);
	assert!(matches!(replica.replay_pubdata(&truncated), Err(ReplayError::Pubdata(_))));
}
