//! One test per refusal: each asserts the exact error and that nothing changed.

use super::*;
use crate::{amount::PackError, params::MAX_ACCOUNT_ID, signature::SignatureError};

#[test]
fn transfer_rejects_bad_signature() {
	let mut w = World::new(2);
	let to = w.users[1].address;
	let mut tx = w.sign(0, w.transfer(0, to, ETH, E18));
	if let Tx::L2(L2Tx::Transfer(t)) = &mut tx {
		t.amount += E18;
	}
	w.assert_noop(&tx, TxError::BadSignature(SignatureError::Invalid));
	let mut tx = w.sign(0, w.transfer(0, to, ETH, E18));
	if let Tx::L2(L2Tx::Transfer(t)) = &mut tx {
		t.signature.signature[40] ^= 1;
	}
	assert!(matches!(w.state.apply(&tx), Err(TxError::BadSignature(_))));
}

#[test]
fn transfer_rejects_other_signer() {
	let mut w = World::new(2);
	let to = w.users[1].address;
	// User 1 signs a transfer from user 0's account.
	let tx = w.sign(1, w.transfer(0, to, ETH, E18));
	w.assert_noop(&tx, TxError::SignerMismatch);
}

#[test]
fn transfer_rejects_account_without_key() {
	let mut w = World::new(1);
	let stranger = User::new(9);
	w.deposit_to(stranger.address, C1, ETH, E18);
	let id = w.state.account_id_of(&stranger.address).expect("opened by deposit");
	let mut tx = w.transfer(0, w.users[0].address, ETH, 1);
	if let L2Tx::Transfer(t) = &mut tx {
		t.from = id;
		t.nonce = 0;
	}
	let tx = Tx::L2(tx);
	w.assert_noop(&tx, TxError::NoSigningKey(id));
}

#[test]
fn change_pubkey_rejects_bad_eth_signature() {
	let mut w = World::new(2);
	// Signed by user 1's L1 key for user 0's account.
	let c1 = w.state.registry().chain(C1).expect("live").clone();
	let digest =
		eth::change_pubkey_digest(&c1, &w.users[0].pubkey_hash().0, w.nonce(0), w.id(0).0, C1.0);
	let foreign = eth::sign_prehash(&w.users[1].eth_key, &digest);
	let tx = w.sign(0, w.change_pubkey(0, ChangePubKeyAuth::EthSignature(foreign)));
	w.assert_noop(&tx, TxError::SignerMismatch);
	let mut garbage = foreign;
	garbage[64] = 5;
	let tx = w.sign(0, w.change_pubkey(0, ChangePubKeyAuth::EthSignature(garbage)));
	assert!(matches!(w.state.apply(&tx), Err(TxError::BadEthSignature(_))));
}

#[test]
fn change_pubkey_rejects_missing_onchain_approval() {
	let mut w = World::new(1);
	// The world's key change consumed its approval; a second one needs a new approval.
	let tx = w.sign(0, w.change_pubkey(0, ChangePubKeyAuth::Onchain));
	w.assert_noop(&tx, TxError::NotPreApproved);
	// An approval for another key hash does not count.
	let (owner, nonce) = (w.users[0].address, w.nonce(0));
	w.state.approve_pubkey_onchain(C1, owner, nonce, PubKeyHash([7; 20]));
	w.assert_noop(&tx, TxError::NotPreApproved);
	// Nor does the right key approved on another chain, by another owner, or for another nonce:
	// approvals are keyed as the contract keys them, (chain, owner, nonce).
	let pkh = w.users[0].pubkey_hash();
	w.state.approve_pubkey_onchain(C2, owner, nonce, pkh);
	w.state.approve_pubkey_onchain(C1, L1Address([9; 20]), nonce, pkh);
	w.state.approve_pubkey_onchain(C1, owner, nonce + 1, pkh);
	w.assert_noop(&tx, TxError::NotPreApproved);
	w.state.approve_pubkey_onchain(C1, owner, nonce, pkh);
	w.apply(&tx).expect("approved by the owner on the op's chain");
}

#[test]
fn change_pubkey_rejects_authorisation_for_another_domain() {
	// An L1 signature is bound to the chain id and contract of the chain it was made for: the
	// same owner's signature for chain 2's contract, or for another deployment's contract on
	// chain 1, does not authorise the key change on chain 1.
	let mut w = World::new(1);
	let (pkh, nonce, id) = (w.users[0].pubkey_hash(), w.nonce(0), w.id(0));
	let c1 = w.state.registry().chain(C1).expect("live").clone();
	let c2 = w.state.registry().chain(C2).expect("live").clone();
	let elsewhere = ChainInfo { contract: L1Address([0xee; 20]), ..c1.clone() };
	for domain in [&c2, &elsewhere] {
		let digest = eth::change_pubkey_digest(domain, &pkh.0, nonce, id.0, C1.0);
		let sig = eth::sign_prehash(&w.users[0].eth_key, &digest);
		let tx = w.sign(0, w.change_pubkey(0, ChangePubKeyAuth::EthSignature(sig)));
		w.assert_noop(&tx, TxError::SignerMismatch);
	}
	let digest = eth::change_pubkey_digest(&c1, &pkh.0, nonce, id.0, C1.0);
	let sig = eth::sign_prehash(&w.users[0].eth_key, &digest);
	let tx = w.sign(0, w.change_pubkey(0, ChangePubKeyAuth::EthSignature(sig)));
	w.apply(&tx).expect("signed for chain 1's domain");
}

#[test]
fn onchain_ops_for_a_chain_that_is_not_live_are_refused() {
	// Chains 1 and 2 are live; chain 3 has no contract. Every on-chain op naming it is refused
	// and changes nothing: nobody on L1 would check it (a free mint, a key takeover).
	let mut w = World::new(2);
	let c3 = ChainId(3);
	assert!(!w.state.registry().live_chains().contains(c3));
	let deposit = Tx::Priority(PriorityOp::Deposit(Deposit {
		chain: c3,
		serial_id: 0,
		to: w.users[0].address,
		token: ETH,
		amount: E18,
	}));
	w.assert_noop(&deposit, TxError::UnknownChain(3));
	let exit = Tx::Priority(PriorityOp::FullExit(FullExit {
		chain: c3,
		serial_id: 0,
		account: w.id(0),
		owner: w.users[0].address,
		token: ETH,
	}));
	w.assert_noop(&exit, TxError::UnknownChain(3));
	let mut cpk = w.change_pubkey(0, ChangePubKeyAuth::Onchain);
	if let L2Tx::ChangePubKey(t) = &mut cpk {
		t.chain = c3;
	}
	w.state.approve_pubkey_onchain(c3, w.users[0].address, w.nonce(0), w.users[0].pubkey_hash());
	let cpk = w.sign(0, cpk);
	w.assert_noop(&cpk, TxError::UnknownChain(3));
}

#[test]
fn change_pubkey_rejects_zero_hash_and_foreign_key() {
	let mut w = World::new(2);
	let mut tx = w.change_pubkey(0, ChangePubKeyAuth::Onchain);
	if let L2Tx::ChangePubKey(t) = &mut tx {
		t.new_pubkey_hash = PubKeyHash::ZERO;
	}
	let tx = w.sign(0, tx);
	w.assert_noop(&tx, TxError::ZeroPubKeyHash);
	// Signed by a key other than the one it installs.
	let tx = w.sign(1, w.change_pubkey(0, ChangePubKeyAuth::Onchain));
	w.assert_noop(&tx, TxError::SignerMismatch);
}

#[test]
fn transfer_rejects_wrong_nonce_and_replay() {
	let mut w = World::new(2);
	let to = w.users[1].address;
	let mut tx = w.transfer(0, to, ETH, E18);
	if let L2Tx::Transfer(t) = &mut tx {
		t.nonce += 1;
	}
	let tx = w.sign(0, tx);
	w.assert_noop(&tx, TxError::NonceMismatch { expected: 1, got: 2 });
	let tx = w.sign(0, w.transfer(0, to, ETH, E18));
	w.apply(&tx).expect("valid transfer");
	w.assert_noop(&tx, TxError::NonceMismatch { expected: 2, got: 1 });
}

#[test]
fn transfer_rejects_nonce_overflow() {
	let mut w = World::new(2);
	let id = w.id(0);
	w.state.accounts.get_mut(&id).expect("exists").nonce = u32::MAX;
	let tx = w.sign(0, w.transfer(0, w.users[1].address, ETH, E18));
	w.assert_noop(&tx, TxError::NonceOverflow);
}

#[test]
fn transfer_rejects_insufficient_balance() {
	let mut w = World::new(2);
	let to = w.users[1].address;
	let fee = 5 * ETH_FEE_PER_CHUNK;
	// The whole balance leaves nothing for the fee in the same token.
	let available = w.state.balance(w.id(0), ETH);
	assert_eq!(available, 10 * E18 - 6 * ETH_FEE_PER_CHUNK);
	let tx = w.sign(0, w.transfer(0, to, ETH, 10 * E18));
	w.assert_noop(
		&tx,
		TxError::InsufficientBalance { token: ETH, needed: 10 * E18 + fee, available },
	);
}

#[test]
fn withdraw_rejects_insufficient_reserve() {
	let mut w = World::new(2);
	// USDC was deposited on chain 2 only: chain 1 holds none.
	let tx = w.sign(0, w.withdraw(0, C1, USDC, 10u128.pow(12)));
	w.assert_noop(
		&tx,
		TxError::InsufficientReserve {
			chain: C1,
			token: USDC,
			needed: 10u128.pow(12),
			available: 0,
		},
	);
}

#[test]
fn withdraw_rejects_unrepresentable_amount() {
	let mut w = World::new(2);
	w.deposit(0, C1, USDC, 5 * E18).expect("deposit");
	let tx = w.sign(0, w.withdraw(0, C1, USDC, 10u128.pow(12) + 1));
	w.assert_noop(&tx, TxError::AmountNotRepresentable { chain: C1, decimals: 6 });
}

#[test]
fn transfer_rejects_unknown_token() {
	let mut w = World::new(2);
	let tx = w.sign(0, w.transfer(0, w.users[1].address, TokenId(77), 1));
	w.assert_noop(&tx, TxError::UnknownToken(TokenId(77)));
}

#[test]
fn withdraw_rejects_unknown_chain_and_token_not_on_chain() {
	let mut w = World::new(2);
	let tx = w.sign(0, w.withdraw(0, ChainId(3), ETH, 1));
	w.assert_noop(&tx, TxError::UnknownChain(3));
	let tx = w.sign(0, w.withdraw(0, C2, DAI, 1));
	w.assert_noop(&tx, TxError::TokenNotOnChain { token: DAI, chain: C2 });
}

#[test]
fn transfer_rejects_unknown_and_system_accounts() {
	let mut w = World::new(2);
	let to = w.users[1].address;
	let mut tx = w.transfer(0, to, ETH, 1);
	if let L2Tx::Transfer(t) = &mut tx {
		t.from = AccountId(4242);
	}
	w.assert_noop(&Tx::L2(tx.clone()), TxError::UnknownAccount(AccountId(4242)));
	if let L2Tx::Transfer(t) = &mut tx {
		t.from = C1.reserve_account();
	}
	w.assert_noop(&Tx::L2(tx), TxError::SystemAccount(C1.reserve_account()));
}

#[test]
fn forced_exit_rejects_unknown_address() {
	let mut w = World::new(2);
	let nobody = L1Address([0x99; 20]);
	let tx = w.sign(0, w.forced_exit(0, nobody, C1, ETH));
	w.assert_noop(&tx, TxError::UnknownAddress(nobody));
}

#[test]
fn deposit_rejects_overflow() {
	let mut w = World::new(1);
	let tx = w.deposit_tx(w.users[0].address, C1, ETH, u128::MAX);
	w.assert_noop(&tx, TxError::Overflow);
}

#[test]
fn transfer_rejects_low_fee_and_unaccepted_fee_token() {
	let mut w = World::new(2);
	let mut tx = w.transfer(0, w.users[1].address, ETH, 1);
	if let L2Tx::Transfer(t) = &mut tx {
		t.fee = ETH_FEE_PER_CHUNK - 1;
	}
	let signed = w.sign(0, tx);
	w.assert_noop(
		&signed,
		TxError::FeeTooLow { token: ETH, min: ETH_FEE_PER_CHUNK, got: ETH_FEE_PER_CHUNK - 1 },
	);
	// A transfer to a new account is 2 chunks and costs more.
	let mut tx = w.transfer(0, L1Address([0x55; 20]), ETH, 1);
	if let L2Tx::Transfer(t) = &mut tx {
		t.fee = ETH_FEE_PER_CHUNK;
	}
	let signed = w.sign(0, tx);
	w.assert_noop(
		&signed,
		TxError::FeeTooLow { token: ETH, min: 2 * ETH_FEE_PER_CHUNK, got: ETH_FEE_PER_CHUNK },
	);
	let mut tx = w.withdraw(0, C1, ETH, 1);
	if let L2Tx::Withdraw(t) = &mut tx {
		t.fee_token = DAI;
	}
	let signed = w.sign(0, tx);
	w.assert_noop(&signed, TxError::FeeTokenNotAccepted(DAI));
}

#[test]
fn transfer_rejects_fee_in_other_token() {
	let mut w = World::new(2);
	let mut tx = w.transfer(0, w.users[1].address, USDC, E18);
	if let L2Tx::Transfer(t) = &mut tx {
		t.fee_token = ETH;
	}
	let signed = w.sign(0, tx);
	w.assert_noop(&signed, TxError::FeeTokenMismatch { token: USDC, fee_token: ETH });
}

#[test]
fn apply_rejects_fifth_fee_token() {
	let mut w = World::new(1);
	let token = |byte: u8| ChainToken { address: L1Address([byte; 20]), decimals: 18 };
	for id in 4u16..=7 {
		w.state.registry.register_token(TokenId(id), b"T").expect("fresh");
		w.state.registry.add_token_to_chain(TokenId(id), C1, token(0x60 + id as u8)).expect("ok");
		w.state.config.fees.per_chunk.insert(TokenId(id), 1);
		w.deposit(0, C1, TokenId(id), E18).expect("deposit");
	}
	// The set-up paid fees in ETH; tokens 4, 5 and 6 make four fee tokens.
	for id in 4u16..=6 {
		let tx = w.sign(0, w.transfer(0, L1Address([0x70; 20]), TokenId(id), 1000));
		w.apply(&tx).expect("a new fee token while fewer than four");
	}
	let tx = w.sign(0, w.transfer(0, L1Address([0x70; 20]), TokenId(7), 1000));
	w.assert_noop(&tx, TxError::TooManyFeeTokens(TokenId(7)));
	// After sealing, the next batch accepts it.
	w.state.seal_batch(1).expect("seal");
	w.apply(&tx).expect("a fresh batch has room for fee tokens");
}

#[test]
fn transfer_rejects_unpackable_amount_and_fee() {
	let mut w = World::new(2);
	let tx = w.sign(0, w.transfer(0, w.users[1].address, ETH, E18 + 1));
	w.assert_noop(&tx, TxError::AmountNotPackable(PackError::NotPackable));
	let mut tx = w.transfer(0, w.users[1].address, ETH, E18);
	if let L2Tx::Transfer(t) = &mut tx {
		t.fee = 123_456;
	}
	let signed = w.sign(0, tx);
	w.assert_noop(&signed, TxError::FeeNotPackable(PackError::NotPackable));
}

#[test]
fn transfer_rejects_self_and_zero_recipient() {
	let mut w = World::new(1);
	let tx = w.sign(0, w.transfer(0, w.users[0].address, ETH, 1));
	w.assert_noop(&tx, TxError::TransferToSelf);
	let tx = w.sign(0, w.transfer(0, L1Address::default(), ETH, 1));
	w.assert_noop(&tx, TxError::InvalidRecipient);
	let tx = w.deposit_tx(L1Address::default(), C1, ETH, 1);
	w.assert_noop(&tx, TxError::InvalidRecipient);
}

#[test]
fn forced_exit_rejects_target_with_key_and_empty_balance() {
	let mut w = World::new(2);
	let tx = w.sign(0, w.forced_exit(0, w.users[1].address, C1, ETH));
	w.assert_noop(&tx, TxError::TargetHasSigningKey);
	let keyless = User::new(7);
	w.deposit_to(keyless.address, C2, USDC, E18);
	let tx = w.sign(0, w.forced_exit(0, keyless.address, C1, ETH));
	w.assert_noop(&tx, TxError::NothingToExit);
}

#[test]
fn transfer_rejects_full_account_tree() {
	let mut w = World::new(1);
	w.state.next_account_id = MAX_ACCOUNT_ID + 1;
	let tx = w.sign(0, w.transfer(0, L1Address([0x42; 20]), ETH, 1));
	w.assert_noop(&tx, TxError::AccountTreeFull);
}

#[test]
fn priority_ops_reject_out_of_order_serial() {
	let mut w = World::new(1);
	let mut tx = w.deposit_tx(w.users[0].address, C1, ETH, 1);
	if let Tx::Priority(PriorityOp::Deposit(d)) = &mut tx {
		d.serial_id += 1;
	}
	let expected = w.serial[0];
	w.assert_noop(&tx, TxError::PriorityOutOfOrder { chain: C1, expected, got: expected + 1 });
	let mut exit = w.full_exit_tx(w.id(0), w.users[0].address, C1, ETH);
	if let Tx::Priority(PriorityOp::FullExit(e)) = &mut exit {
		e.serial_id = 0;
	}
	w.assert_noop(&exit, TxError::PriorityOutOfOrder { chain: C1, expected, got: 0 });
}

#[test]
fn apply_rejects_when_batch_full() {
	let mut w = World::new(2);
	w.state.config.batch_chunks = w.state.open_batch().chunks + 2;
	let tx = w.sign(0, w.withdraw(0, C1, ETH, E18));
	w.assert_noop(&tx, TxError::BatchFull { needed: 3, left: 2 });
}

impl World {
	/// Deposits to an arbitrary address (no key set).
	pub fn deposit_to(&mut self, to: L1Address, chain: ChainId, token: TokenId, amount: u128) {
		let tx = self.deposit_tx(to, chain, token, amount);
		self.apply(&tx).expect("deposit");
	}
}
