//! What each transaction does when it succeeds.

use super::*;
use crate::pubdata::Op;

#[test]
fn deposit_opens_account_and_credits_reserve() {
	let mut w = World::new(0);
	let user = User::new(1);
	let effects = w.apply(&w.deposit_tx(user.address, C1, ETH, 3 * E18)).expect("deposit");
	let id = w.state.account_id_of(&user.address).expect("opened");
	assert_eq!(effects.opened, Some(id));
	assert_eq!(id, AccountId(crate::params::FIRST_USER_ACCOUNT_ID));
	assert_eq!(w.state.balance(id, ETH), 3 * E18);
	assert_eq!(w.state.reserve(C1, ETH), 3 * E18);
	assert_eq!(w.state.reserve(C2, ETH), 0);
	// A second deposit reuses the account.
	let effects = w.apply(&w.deposit_tx(user.address, C2, ETH, E18)).expect("deposit");
	assert_eq!(effects.opened, None);
	assert_eq!(w.state.balance(id, ETH), 4 * E18);
	assert_eq!(w.state.reserve(C2, ETH), E18);
	w.assert_conserved();
}

#[test]
fn change_pubkey_with_eth_signature_works() {
	let mut w = World::new(0);
	let user = User::new(4);
	w.deposit_to(user.address, C1, ETH, E18);
	w.users.push(user);
	let c1 = w.state.registry().chain(C1).expect("live").clone();
	let digest = eth::change_pubkey_digest(&c1, &w.users[0].pubkey_hash().0, 0, w.id(0).0, C1.0);
	let auth = eth::sign_prehash(&w.users[0].eth_key, &digest);
	let tx = w.sign(0, w.change_pubkey(0, ChangePubKeyAuth::EthSignature(auth)));
	let effects = w.apply(&tx).expect("authorised by the owner");
	let account = w.state.account(w.id(0)).expect("exists");
	assert_eq!(account.pubkey_hash, w.users[0].pubkey_hash());
	assert_eq!(account.nonce, 1);
	assert!(matches!(effects.op, Op::ChangePubKey { nonce: 0, chain: C1, .. }));
}

#[test]
fn transfer_works() {
	let mut w = World::new(2);
	let (a, b) = (w.id(0), w.id(1));
	let fee = 5 * ETH_FEE_PER_CHUNK;
	let tx = w.sign(0, w.transfer(0, w.users[1].address, ETH, E18));
	let effects = w.apply(&tx).expect("valid");
	assert_eq!(effects.op, Op::Transfer { from: a, to: b, token: ETH, amount: E18, fee });
	assert_eq!(w.state.balance(a, ETH), 9 * E18 - 6 * ETH_FEE_PER_CHUNK - fee);
	assert_eq!(w.state.balance(b, ETH), 11 * E18 - 6 * ETH_FEE_PER_CHUNK);
	assert_eq!(w.nonce(0), 2);
	w.assert_conserved();
}

#[test]
fn transfer_to_new_address_opens_account() {
	let mut w = World::new(1);
	let fresh = L1Address([0x77; 20]);
	let tx = w.sign(0, w.transfer(0, fresh, USDC, 5 * E18));
	let effects = w.apply(&tx).expect("valid");
	let id = w.state.account_id_of(&fresh).expect("opened");
	assert_eq!(effects.opened, Some(id));
	assert!(matches!(effects.op, Op::TransferToNew { to, .. } if to == id));
	assert_eq!(w.state.balance(id, USDC), 5 * E18);
	w.assert_conserved();
}

#[test]
fn withdraw_debits_reserve() {
	let mut w = World::new(1);
	let id = w.id(0);
	let tx = w.sign(0, w.withdraw(0, C2, USDC, 400 * E18));
	w.apply(&tx).expect("valid");
	assert_eq!(w.state.balance(id, USDC), 600 * E18);
	assert_eq!(w.state.reserve(C2, USDC), 600 * E18);
	// The same token on chain 1 (6 decimals) needs chain 1's reserve.
	w.deposit(0, C1, USDC, 2 * E18).expect("deposit");
	let tx = w.sign(0, w.withdraw(0, C1, USDC, 2 * E18));
	w.apply(&tx).expect("valid");
	assert_eq!(w.state.reserve(C1, USDC), 0);
	w.assert_conserved();
}

#[test]
fn full_exit_pays_min_of_balance_and_reserve() {
	let mut w = World::new(2);
	let id = w.id(0);
	// User 0 holds 1000 USDC, all deposited on chain 2; chain 1 holds 300 of user 1's.
	w.deposit(1, C1, USDC, 300 * E18).expect("deposit");
	let tx = w.full_exit_tx(id, w.users[0].address, C1, USDC);
	let effects = w.apply(&tx).expect("full exits cannot fail");
	assert!(matches!(effects.op, Op::FullExit { amount, .. } if amount == 300 * E18));
	assert_eq!(w.state.balance(id, USDC), 700 * E18);
	assert_eq!(w.state.reserve(C1, USDC), 0);
	w.assert_conserved();
}

#[test]
fn full_exit_by_stranger_pays_nothing() {
	let mut w = World::new(1);
	let id = w.id(0);
	let before = w.state.balance(id, ETH);
	let tx = w.full_exit_tx(id, L1Address([0x66; 20]), C1, ETH);
	let effects = w.apply(&tx).expect("full exits cannot fail");
	assert!(matches!(effects.op, Op::FullExit { amount: 0, .. }));
	assert_eq!(w.state.balance(id, ETH), before);
	// An empty account and an unregistered token also pay nothing but consume the request.
	let tx = w.full_exit_tx(AccountId(999), L1Address([0x66; 20]), C1, ETH);
	assert!(matches!(w.apply(&tx).expect("ok").op, Op::FullExit { amount: 0, .. }));
	let tx = w.full_exit_tx(id, w.users[0].address, C1, TokenId(1000));
	assert!(matches!(w.apply(&tx).expect("ok").op, Op::FullExit { amount: 0, .. }));
	assert_eq!(w.state.next_priority_serial(C1), w.serial[0]);
}

/// Anyone may queue a full exit on L1 for any id that fits the tree, including the id the next
/// new account will get: it pays nothing and must not make that id exist, or every later
/// deposit to a new address would be refused and the priority queue would stall.
#[test]
fn full_exit_of_the_next_account_id_does_not_block_new_accounts() {
	let mut w = World::new(1);
	let next = w.state.next_account_id();
	let tx = w.full_exit_tx(next, L1Address([0x66; 20]), C1, ETH);
	assert!(matches!(w.apply(&tx).expect("ok").op, Op::FullExit { amount: 0, .. }));
	assert!(w.state.account(next).is_none());
	let newcomer = User::new(9);
	w.deposit_to(newcomer.address, C1, ETH, E18);
	assert_eq!(w.state.account_id_of(&newcomer.address), Some(next));
	assert_eq!(w.state.balance(next, ETH), E18);
	w.assert_conserved();
}

#[test]
fn forced_exit_works() {
	let mut w = World::new(1);
	let keyless = User::new(8);
	w.deposit_to(keyless.address, C1, ETH, 2 * E18);
	let target = w.state.account_id_of(&keyless.address).expect("opened");
	let tx = w.sign(0, w.forced_exit(0, keyless.address, C1, ETH));
	let effects = w.apply(&tx).expect("valid");
	assert!(
		matches!(effects.op, Op::ForcedExit { amount, target: t, .. } if amount == 2 * E18 && t == target)
	);
	assert_eq!(w.state.balance(target, ETH), 0);
	w.assert_conserved();
}

#[test]
fn replaying_the_same_transactions_gives_the_same_root() {
	let build = || {
		let mut w = World::new(3);
		let tx = w.sign(0, w.transfer(0, w.users[2].address, ETH, E18));
		w.apply(&tx).expect("valid");
		let tx = w.sign(1, w.withdraw(1, C2, USDC, E18));
		w.apply(&tx).expect("valid");
		w
	};
	let (mut a, mut b) = (build(), build());
	assert_eq!(a.state.root(), b.state.root());
	let tx = a.sign(2, a.transfer(2, a.users[0].address, ETH, 1));
	a.apply(&tx).expect("valid");
	assert_ne!(a.state.root(), b.state.root());
}

#[test]
fn account_proofs_verify_against_root() {
	let mut w = World::new(2);
	let root = w.state.root();
	let id = w.id(1);
	let proof = w.state.account_proof(id);
	assert!(proof.verify(&crate::poseidon::Poseidon, &root));
	let balance_root = w.state.balance_root(id);
	let balance = w.state.balance_proof(id, ETH);
	assert!(balance.verify(&crate::poseidon::Poseidon, &balance_root));
	assert_eq!(balance.leaf, crate::account::balance_leaf(w.state.balance(id, ETH)));
}
