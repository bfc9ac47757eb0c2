//! The rollup pallet's tests: every call and error, the pool validation, sealing, and the
//! cross-check that the runtime's flat state is the native executor's state.
#![allow(deprecated)] // `ValidateUnsigned`, until `#[pallet::authorize]` replaces it.

use crate::{mock::*, Accounts, Error, Event, Log, Open, OpenOps};
use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok, pallet_prelude::*},
	sp_runtime::{traits::ValidateUnsigned, DispatchError},
};
use polylink_primitives::{
	account::AccountId,
	error::TxError,
	eth::L1Address,
	ledger::Ledger,
	params::FIRST_USER_ACCOUNT_ID,
	pubdata::Op,
	token::{ChainToken, RegistryError, TokenId},
	tx::{ChangePubKeyAuth, ForcedExit, FullExit, L2Tx, PriorityOp, Tx},
};

fn submit(tx: L2Tx) -> DispatchResult {
	Rollup::submit(RuntimeOrigin::none(), Box::new(tx))
}

fn validate(tx: &L2Tx) -> TransactionValidity {
	Rollup::validate_unsigned(
		TransactionSource::External,
		&crate::Call::submit { tx: Box::new(tx.clone()) },
	)
}

fn custom(error: Error<Test>) -> TransactionValidity {
	Err(InvalidTransaction::Custom(error.encode()[0]).into())
}

/// Two users with accounts, 10 ETH each and their keys set.
fn two_users() -> (User, User) {
	let (a, b) = (User::new(1), User::new(2));
	onboard(&a);
	onboard(&b);
	(a, b)
}

/// Σ of a token over every account but the reserves, the open batch's fees included, against
/// Σ over the reserves: equal by conservation.
fn assert_conserved(token: polylink_primitives::token::TokenId) {
	let mut users = 0u128;
	let mut reserves = 0u128;
	for (id, t, amount) in crate::Balances::<Test>::iter() {
		if t != token {
			continue;
		}
		if id.is_reserve() {
			reserves += amount;
		} else {
			users += amount;
		}
	}
	let fees =
		Open::<Test>::get().fees.iter().filter(|(t, _)| *t == token).map(|(_, f)| f).sum::<u128>();
	assert_eq!(users + fees, reserves);
}

#[test]
fn genesis_builds_the_registry() {
	new_test_ext().execute_with(|| {
		assert_eq!(Rollup::registry(), registry());
		assert_eq!(crate::NextAccount::<Test>::get(), FIRST_USER_ACCOUNT_ID);
		assert_eq!(crate::Confirmations::<Test>::get(C1), Some(12));
		assert_eq!(crate::FeePerChunk::<Test>::get(ETH), Some(FEE));
		assert_eq!(crate::FeePerChunk::<Test>::get(DAI), None);
		assert_eq!(Rollup::log_head(), Default::default());
	});
}

#[test]
fn deposit_opens_an_account_and_credits_the_reserve() {
	new_test_ext().execute_with(|| {
		let user = User::new(1);
		deposit(C1, user.address, ETH, 3 * E18);
		let id = user.id();
		assert_eq!(id, AccountId(FIRST_USER_ACCOUNT_ID));
		assert_eq!(Rollup::balances(id), vec![(ETH, 3 * E18)]);
		assert_eq!(Rollup::balances(C1.reserve_account()), vec![(ETH, 3 * E18)]);
		assert_eq!(crate::NextPriority::<Test>::get(C1), 1);
		let head = Rollup::log_head();
		assert_eq!(head.length, 1);
		let op =
			Op::Deposit { chain: C1, account: id, token: ETH, amount: 3 * E18, to: user.address };
		assert_eq!(head, crate::LogHead::default().append(&op));
		System::assert_last_event(Event::OpSequenced { index: 0, op, log_hash: head.hash }.into());
		assert_conserved(ETH);
	});
}

#[test]
fn transfer_works() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let before = Rollup::log_head().length;
		assert_ok!(submit(a.transfer(b.address, ETH, E18)));
		assert_eq!(Rollup::balances(a.id()), vec![(ETH, 9 * E18 - 6 * FEE - 5 * FEE)]);
		assert_eq!(Rollup::balances(b.id()), vec![(ETH, 11 * E18 - 6 * FEE)]);
		assert_eq!(a.nonce(), 2);
		assert_eq!(Rollup::log_head().length, before + 1);
		assert!(matches!(
			System::events().last().map(|r| r.event.clone()),
			Some(RuntimeEvent::Rollup(Event::OpSequenced { op: Op::Transfer { .. }, .. }))
		));
		assert_conserved(ETH);
	});
}

#[test]
fn transfer_to_a_new_address_opens_an_account() {
	new_test_ext().execute_with(|| {
		let (a, _) = two_users();
		let fresh = L1Address([0x77; 20]);
		assert_ok!(submit(a.transfer(fresh, ETH, E18)));
		let id = Rollup::account_id_of(&fresh).expect("opened");
		assert_eq!(Rollup::balances(id), vec![(ETH, E18)]);
		assert_eq!(Rollup::account(id).map(|a| a.l1_address), Some(fresh));
	});
}

#[test]
fn withdraw_debits_the_reserve() {
	new_test_ext().execute_with(|| {
		let (a, _) = two_users();
		assert_ok!(submit(a.withdraw(C1, E18)));
		assert_eq!(Rollup::balances(C1.reserve_account()), vec![(ETH, 19 * E18)]);
		assert_conserved(ETH);
	});
}

#[test]
fn change_pubkey_with_an_eth_signature_works() {
	new_test_ext().execute_with(|| {
		let user = User::new(5);
		deposit(C1, user.address, ETH, E18);
		let unsigned = user.change_pubkey(ChangePubKeyAuth::Onchain);
		let L2Tx::ChangePubKey(mut cpk) = unsigned else { unreachable!() };
		let chain = Rollup::registry().chain(C1).expect("registered").clone();
		let digest = polylink_primitives::eth::change_pubkey_digest(
			&chain,
			&cpk.new_pubkey_hash.0,
			cpk.nonce,
			cpk.account.0,
			cpk.chain.0,
		);
		let signature = polylink_primitives::eth::sign_prehash(&user.eth_key, &digest);
		cpk.auth = ChangePubKeyAuth::EthSignature(signature);
		let tx = user.sign(L2Tx::ChangePubKey(cpk));
		assert_ok!(submit(tx));
		assert_eq!(Rollup::account(user.id()).map(|a| a.pubkey_hash), Some(user.pubkey_hash()));
		// The relayers' witness: the signature, for chain 1's commit only.
		let ops = Log::<Test>::get().length as u32;
		assert_eq!(Rollup::change_pubkey_witnesses(0, ops, C1), vec![signature.to_vec()]);
		assert_eq!(Rollup::change_pubkey_witnesses(0, ops, C2), Vec::<Vec<u8>>::new());
	});
}

#[test]
fn change_pubkey_witnesses_follow_the_batch_order_and_are_pruned() {
	new_test_ext().execute_with(|| {
		// Two key changes on on-chain approvals (empty witnesses), between deposits.
		let (a, b) = two_users();
		let ops = Log::<Test>::get().length as u32;
		assert_eq!(Rollup::change_pubkey_witnesses(0, ops, C1), vec![Vec::<u8>::new(); 2]);
		// Only the range asked for counts: the first deposit and key change.
		assert_eq!(Rollup::change_pubkey_witnesses(0, 2, C1).len(), 1);
		// A transfer adds none.
		assert_ok!(submit(a.transfer(b.address, ETH, E18)));
		let all = Log::<Test>::get().length as u32;
		assert_eq!(Rollup::change_pubkey_witnesses(0, all, C1).len(), 2);
		// Executed everywhere: forgotten.
		Rollup::prune_witnesses(0, all);
		assert_eq!(crate::Witnesses::<Test>::iter().count(), 0);
	});
}

#[test]
fn on_chain_approvals_are_recorded_and_used_once() {
	new_test_ext().execute_with(|| {
		let user = User::new(3);
		deposit(C1, user.address, ETH, E18);
		Rollup::on_pubkey_approved(C1, user.address, 0, user.pubkey_hash());
		System::assert_last_event(
			Event::PubKeyApproved {
				chain: C1,
				owner: user.address,
				nonce: 0,
				pubkey_hash: user.pubkey_hash(),
			}
			.into(),
		);
		assert_ok!(submit(user.change_pubkey(ChangePubKeyAuth::Onchain)));
		assert_eq!(crate::Approvals::<Test>::get((C1, user.address, 0)), None);
	});
}

#[test]
fn only_approvals_a_key_change_can_still_use_are_recorded() {
	new_test_ext().execute_with(|| {
		let (a, _) = two_users();
		let next = a.nonce();
		assert!(next > 0, "the key change used nonce 0");
		let hash = a.pubkey_hash();
		// A used nonce: ignored.
		Rollup::on_pubkey_approved(C1, a.address, next - 1, hash);
		System::assert_last_event(
			Event::ApprovalIgnored { chain: C1, owner: a.address, nonce: next - 1, next }.into(),
		);
		// Too far ahead: ignored; at the edge: recorded.
		let far = next + crate::MAX_NONCE_AHEAD + 1;
		Rollup::on_pubkey_approved(C1, a.address, far, hash);
		System::assert_last_event(
			Event::ApprovalIgnored { chain: C1, owner: a.address, nonce: far, next }.into(),
		);
		Rollup::on_pubkey_approved(C1, a.address, far - 1, hash);
		assert_eq!(crate::Approvals::<Test>::get((C1, a.address, far - 1)), Some(hash));
		// An owner without an account counts from nonce 0.
		let stranger = L1Address([0x5a; 20]);
		Rollup::on_pubkey_approved(C1, stranger, crate::MAX_NONCE_AHEAD + 1, hash);
		assert_eq!(
			crate::Approvals::<Test>::iter().filter(|((_, o, _), _)| *o == stranger).count(),
			0
		);
		Rollup::on_pubkey_approved(C1, stranger, 0, hash);
		assert_eq!(crate::Approvals::<Test>::get((C1, stranger, 0)), Some(hash));
	});
}

#[test]
fn submit_requires_the_none_origin() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let tx = a.transfer(b.address, ETH, E18);
		assert_noop!(
			Rollup::submit(RuntimeOrigin::signed(1), Box::new(tx.clone())),
			DispatchError::BadOrigin
		);
		assert_noop!(Rollup::submit(RuntimeOrigin::root(), Box::new(tx)), DispatchError::BadOrigin);
	});
}

/// Every refusal reachable through `submit`, each leaving the state unchanged.
#[test]
fn submit_refusals_change_nothing() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let keyless = User::new(9);
		deposit(C1, keyless.address, ETH, E18);
		let tamper = |tx: L2Tx, f: &dyn Fn(&mut L2Tx)| {
			let mut tx = tx;
			f(&mut tx);
			tx
		};
		let resign = |user: &User, tx: L2Tx, f: &dyn Fn(&mut L2Tx)| {
			let mut tx = tx;
			f(&mut tx);
			user.sign(tx)
		};
		let transfer = a.transfer(b.address, ETH, E18);
		// A signature over other contents.
		let bad = tamper(transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.amount += E18;
			}
		});
		assert_noop!(submit(bad), Error::<Test>::BadSignature);
		let garbage = tamper(transfer.clone(), &|tx| tx.signature_mut().signature = [0xff; 64]);
		assert_noop!(submit(garbage), Error::<Test>::BadSignature);
		// Signed by another user's key.
		assert_noop!(submit(b.sign(transfer.clone())), Error::<Test>::SignerMismatch);
		// Wrong nonces.
		let ahead = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.nonce += 1;
			}
		});
		assert_noop!(submit(ahead), Error::<Test>::NonceMismatch);
		// More than the balance.
		assert_noop!(
			submit(a.transfer(b.address, ETH, 20 * E18)),
			Error::<Test>::InsufficientBalance
		);
		// To oneself, to the zero address.
		assert_noop!(submit(a.transfer(a.address, ETH, E18)), Error::<Test>::TransferToSelf);
		assert_noop!(
			submit(a.transfer(L1Address::default(), ETH, E18)),
			Error::<Test>::InvalidRecipient
		);
		// Unknown token; a fee token other than the transferred one; a token not accepted for
		// fees; a fee below the minimum; an amount that does not pack.
		let token = |t: u16| {
			move |tx: &mut L2Tx| {
				if let L2Tx::Transfer(x) = tx {
					x.token = polylink_primitives::token::TokenId(t);
					x.fee_token = polylink_primitives::token::TokenId(t);
				}
			}
		};
		assert_noop!(submit(resign(&a, transfer.clone(), &token(77))), Error::<Test>::UnknownToken);
		assert_noop!(
			submit(resign(&a, transfer.clone(), &token(DAI.0))),
			Error::<Test>::FeeTokenNotAccepted
		);
		let fee_token = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.fee_token = USDC;
			}
		});
		assert_noop!(submit(fee_token), Error::<Test>::FeeTokenMismatch);
		let cheap = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.fee = FEE - 1;
			}
		});
		assert_noop!(submit(cheap), Error::<Test>::FeeTooLow);
		let unpackable = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.amount = 123_456_789_123_456_789;
			}
		});
		assert_noop!(submit(unpackable), Error::<Test>::AmountNotPackable);
		let fee_unpackable = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.fee = 123_456_789_123;
			}
		});
		assert_noop!(submit(fee_unpackable), Error::<Test>::FeeNotPackable);
		// From an unknown account, from a system account, from an account without a key.
		let unknown = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.from = AccountId(999);
			}
		});
		assert_noop!(submit(unknown), Error::<Test>::UnknownAccount);
		let system = resign(&a, transfer.clone(), &|tx| {
			if let L2Tx::Transfer(t) = tx {
				t.from = AccountId::FEES;
			}
		});
		assert_noop!(submit(system), Error::<Test>::SystemAccount);
		assert_noop!(
			submit(keyless.transfer(a.address, ETH, E18 / 2)),
			Error::<Test>::NoSigningKey
		);
		// Withdrawals: more than the chain's reserve; a token the chain does not have.
		deposit(C2, b.address, ETH, E18);
		assert_noop!(submit(b.withdraw(C2, 2 * E18)), Error::<Test>::InsufficientReserve);
		let usdc_on_c2 = resign(&a, a.withdraw(C2, E18), &|tx| {
			if let L2Tx::Withdraw(w) = tx {
				w.token = USDC;
			}
		});
		assert_noop!(submit(usdc_on_c2), Error::<Test>::TokenNotOnChain);
		// Key changes: zero key; on-chain authorisation without an approval.
		let zero = resign(&keyless, keyless.change_pubkey(ChangePubKeyAuth::Onchain), &|tx| {
			if let L2Tx::ChangePubKey(c) = tx {
				c.new_pubkey_hash = polylink_primitives::signature::PubKeyHash::ZERO;
			}
		});
		assert_noop!(submit(zero), Error::<Test>::ZeroPubKeyHash);
		assert_noop!(
			submit(keyless.change_pubkey(ChangePubKeyAuth::Onchain)),
			Error::<Test>::NotPreApproved
		);
		let bad_eth = keyless.change_pubkey(ChangePubKeyAuth::EthSignature([7; 65]));
		assert_noop!(submit(bad_eth), Error::<Test>::BadEthSignature);
	});
}

#[test]
fn a_transaction_cannot_be_replayed() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let tx = a.transfer(b.address, ETH, E18);
		assert_ok!(submit(tx.clone()));
		assert_noop!(submit(tx.clone()), Error::<Test>::NonceMismatch);
		assert_eq!(validate(&tx), Err(InvalidTransaction::Stale.into()));
	});
}

#[test]
fn validation_tags_by_account_and_nonce() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let tx = a.transfer(b.address, ETH, E18);
		let valid = validate(&tx).expect("valid");
		assert_eq!(valid.provides, vec![(crate::TAG_PREFIX, (a.id(), 1u32)).encode()]);
		assert!(valid.requires.is_empty());
		assert_eq!(valid.priority, PRIORITY + 5);
		assert_eq!(valid.longevity, crate::TX_LONGEVITY);
		// The next nonce requires this one.
		let L2Tx::Transfer(mut next) = tx.clone() else { unreachable!() };
		next.nonce = 2;
		let next = a.sign(L2Tx::Transfer(next));
		let valid = validate(&next).expect("valid");
		assert_eq!(valid.requires, vec![(crate::TAG_PREFIX, (a.id(), 1u32)).encode()]);
		assert_eq!(valid.provides, vec![(crate::TAG_PREFIX, (a.id(), 2u32)).encode()]);
		// Validation changes nothing.
		assert_eq!(a.nonce(), 1);
		assert!(OpenOps::<Test>::get().iter().all(|o| !matches!(o.op, Op::Transfer { .. })));
	});
}

#[test]
fn validation_refuses_what_the_executor_refuses() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		assert_eq!(
			validate(&a.transfer(b.address, ETH, 20 * E18)),
			custom(Error::<Test>::InsufficientBalance)
		);
		let mut bad = a.transfer(b.address, ETH, E18);
		bad.signature_mut().signature[0] ^= 1;
		assert!(matches!(
			validate(&bad),
			Err(TransactionValidityError::Invalid(InvalidTransaction::Custom(_)))
		));
		// A later nonce with a broken signature is refused too.
		let L2Tx::Transfer(mut later) = a.transfer(b.address, ETH, E18) else { unreachable!() };
		later.nonce = 5;
		let mut later = L2Tx::Transfer(later);
		later.signature_mut().signature = [0xff; 64];
		assert_eq!(validate(&later), custom(Error::<Test>::BadSignature));
		let stranger = User::new(40);
		let L2Tx::Transfer(mut t) = a.transfer(b.address, ETH, E18) else { unreachable!() };
		t.from = AccountId(4_000);
		assert_eq!(
			validate(&stranger.sign(L2Tx::Transfer(t))),
			custom(Error::<Test>::UnknownAccount)
		);
		assert_eq!(
			Rollup::validate_unsigned(
				TransactionSource::External,
				&crate::Call::set_fee { token: ETH, per_chunk: None }
			),
			Err(InvalidTransaction::Call.into())
		);
	});
}

/// `tx` (a transfer) at nonce `nonce` with fee `fee`, signed by `signer`.
fn transfer_at(signer: &User, tx: L2Tx, nonce: u32, fee: u128) -> L2Tx {
	let L2Tx::Transfer(mut t) = tx else { unreachable!("a transfer") };
	t.nonce = nonce;
	t.fee = fee;
	signer.sign(L2Tx::Transfer(t))
}

#[test]
fn nobody_but_the_key_holder_queues_an_accounts_later_nonces() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let next = a.nonce();
		let tx = a.transfer(b.address, ETH, E18);
		// The owner's own pipelined transaction is queued.
		let own = transfer_at(&a, tx.clone(), next + 1, 5 * FEE);
		assert!(validate(&own).is_ok());
		// The squat of the review: b signs a's later nonce with b's own (valid) key and a fee
		// that would outrank a's. Refused: only a's current key may queue a's nonces.
		let squat = transfer_at(&b, tx.clone(), next + 1, 1_000 * FEE);
		assert_eq!(validate(&squat), custom(Error::<Test>::SignerMismatch));
		// Not too far ahead.
		let far = transfer_at(&a, tx.clone(), next + crate::MAX_NONCE_AHEAD + 1, 5 * FEE);
		assert_eq!(validate(&far), Err(InvalidTransaction::Future.into()));
		let edge = transfer_at(&a, tx.clone(), next + crate::MAX_NONCE_AHEAD, 5 * FEE);
		assert!(validate(&edge).is_ok());
		// Its priority is a fee the account holds now (10 ETH): not more.
		let rich = transfer_at(&a, tx.clone(), next + 1, 11 * E18);
		assert_eq!(validate(&rich), custom(Error::<Test>::InsufficientBalance));
		// A fee token without a fee (no accepted fee, no priority) is refused, not ranked.
		assert_ok!(Rollup::set_fee(RuntimeOrigin::root(), ETH, None));
		assert_eq!(validate(&own), custom(Error::<Test>::FeeTokenNotAccepted));
		assert_eq!(validate(&tx), custom(Error::<Test>::FeeTokenNotAccepted));
	});
}

#[test]
fn check_names_the_refusal_the_pool_gives_as_a_code() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let next = a.nonce();
		let tx = a.transfer(b.address, ETH, E18);
		assert_eq!(Rollup::check(&tx), Ok(()));
		// The next nonce: what the executor says, in full.
		let big = a.transfer(b.address, ETH, 20 * E18);
		let Err(TxError::InsufficientBalance { token, needed, available }) = Rollup::check(&big)
		else {
			panic!("{:?}", Rollup::check(&big))
		};
		assert_eq!((token, available), (ETH, crate::Balances::<Test>::get(a.id(), ETH)));
		assert!(needed > 20 * E18, "the fee is included: {needed}");
		assert_eq!(validate(&big), custom(Error::<Test>::InsufficientBalance));
		// A later nonce: the queue's checks.
		let squat = transfer_at(&b, tx.clone(), next + 1, 1_000 * FEE);
		assert_eq!(Rollup::check(&squat), Err(TxError::SignerMismatch));
		// A used nonce and one too far ahead: the pool's Stale and Future.
		assert_ok!(submit(tx.clone()));
		assert_eq!(
			Rollup::check(&tx),
			Err(TxError::NonceMismatch { expected: next + 1, got: next })
		);
		assert_eq!(validate(&tx), Err(InvalidTransaction::Stale.into()));
		let far = transfer_at(&a, tx, next + 2 + crate::MAX_NONCE_AHEAD, 5 * FEE);
		assert_eq!(
			Rollup::check(&far),
			Err(TxError::NonceMismatch {
				expected: next + 1,
				got: next + 2 + crate::MAX_NONCE_AHEAD
			})
		);
		assert_eq!(validate(&far), Err(InvalidTransaction::Future.into()));
	});
}

#[test]
fn an_account_without_a_key_queues_nothing_ahead() {
	new_test_ext().execute_with(|| {
		let (_, b) = two_users();
		let fresh = User::new(9);
		deposit(C1, fresh.address, ETH, 10 * E18);
		// fresh has no key yet: its key change must be its next transaction, and nothing can
		// be queued behind it (what it signs is only valid once the key is set).
		let next = fresh.nonce();
		let L2Tx::Transfer(t) = b.transfer(fresh.address, ETH, E18) else { unreachable!() };
		let ahead = fresh.sign(L2Tx::Transfer(polylink_primitives::tx::Transfer {
			from: fresh.id(),
			to: b.address,
			nonce: next + 1,
			..t
		}));
		assert_eq!(validate(&ahead), custom(Error::<Test>::NoSigningKey));
	});
}

#[test]
fn a_full_batch_is_sealed_before_the_next_operation() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		// Two deposits (3 chunks each) and two key changes (3 chunks each) opened the users:
		// 12 chunks, so batch 1 was sealed when the second key change did not fit.
		assert_eq!(Batching::last_sealed(), 1);
		assert_eq!(Open::<Test>::get().chunks, 6);
		assert_ok!(submit(a.transfer(b.address, ETH, E18)));
		assert_ok!(submit(b.transfer(a.address, ETH, E18)));
		assert_eq!(Open::<Test>::get().chunks, CAPACITY);
		assert_ok!(submit(a.transfer(b.address, ETH, E18)));
		assert_eq!(Batching::last_sealed(), 2);
		assert_eq!(Open::<Test>::get().chunks, 1);
		let header = Batching::header(2).expect("sealed").header;
		assert_eq!((header.chunks, header.ops), (CAPACITY, 4));
		assert_eq!(header.first_log_index, 2);
	});
}

#[test]
fn a_fee_token_one_too_many_for_the_open_batch_seals_it_first() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		// Three more fee tokens (with ETH and USDC: five), registered on chain 1 and funded.
		let more = [TokenId(40), TokenId(41), TokenId(42)];
		for (i, token) in more.iter().enumerate() {
			Rollup::on_token_registered(C1, *token, L1Address([0x40 + i as u8; 20]), 18);
			assert_ok!(Rollup::set_fee(RuntimeOrigin::root(), *token, Some(1)));
			deposit(C1, a.address, *token, E18);
		}
		deposit(C1, a.address, USDC, E18);
		assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
		let sealed = Batching::last_sealed();
		// Four transfers pay fees in four tokens: one batch.
		for token in [ETH, USDC, more[0], more[1]] {
			assert_ok!(submit(a.transfer(b.address, token, 1_000_000_000_000)));
		}
		assert_eq!(Batching::last_sealed(), sealed, "four fee tokens fit one batch");
		assert_eq!(Open::<Test>::get().chunks, 4);
		// The fifth token's transfer is not refused: the open batch is sealed and it opens
		// the next one.
		let fifth = a.transfer(b.address, more[2], 1_000_000_000_000);
		assert!(validate(&fifth).is_ok(), "the pool takes it");
		assert_ok!(submit(fifth));
		assert_eq!(Batching::last_sealed(), sealed + 1, "the open batch was sealed first");
		assert_eq!(Open::<Test>::get().chunks, 1);
		assert_conserved(more[2]);
	});
}

#[test]
fn an_open_batch_is_sealed_after_the_timeout() {
	new_test_ext().execute_with(|| {
		let user = User::new(1);
		deposit(C1, user.address, ETH, E18);
		for _ in 0..4 {
			next_block();
		}
		assert_eq!(Batching::last_sealed(), 1);
		// Three chunks: sealed at the smallest circuit that fits (8; 2 is too small).
		assert_eq!(Batching::header(1).expect("sealed").header.chunks, CAPACITY);
		assert_eq!(Open::<Test>::get(), Default::default());
		assert!(OpenOps::<Test>::get().is_empty());
	});
}

/// The pallet and the native executor, fed the same transactions, end in the same flat state
/// and seal the same pubdata: the runtime runs the executor, not a copy of it.
#[test]
fn the_runtime_state_is_the_native_executors() {
	new_test_ext().execute_with(|| {
		let mut replica = native();
		let (a, b) = (User::new(1), User::new(2));
		// The native side seals as the pallet does: when an operation does not fit, at the
		// smallest circuit size that holds the open batch.
		let seal = |replica: &mut polylink_primitives::state::State| {
			let chunks = replica.open_batch().chunks as u32;
			let size = Batching::circuit_size_for(chunks).expect("fits the budget");
			replica.seal_batch_sized(0, size as usize).expect("seals")
		};
		let run = |tx: Tx, replica: &mut polylink_primitives::state::State| {
			let native = match replica.apply(&tx) {
				Err(TxError::BatchFull { .. }) => {
					seal(replica);
					replica.apply(&tx)
				}
				result => result,
			};
			let runtime = Rollup::sequence(&tx);
			assert_eq!(native.is_ok(), runtime.is_ok(), "{tx:?}: {native:?} vs {runtime:?}");
			if let (Ok(native), Ok(runtime)) = (native, runtime) {
				assert_eq!(native, runtime);
			}
		};
		for (user, serial) in [(&a, 0), (&b, 1)] {
			let deposit = PriorityOp::Deposit(polylink_primitives::tx::Deposit {
				chain: C1,
				serial_id: serial,
				to: user.address,
				token: ETH,
				amount: 10 * E18,
			});
			run(Tx::Priority(deposit), &mut replica);
			replica.approve_pubkey_onchain(C1, user.address, 0, user.pubkey_hash());
			Rollup::on_pubkey_approved(C1, user.address, 0, user.pubkey_hash());
			run(Tx::L2(user.change_pubkey(ChangePubKeyAuth::Onchain)), &mut replica);
		}
		// Transfers, a transfer to a new account, a withdrawal, a refused one, a full exit.
		for tx in [
			a.transfer(b.address, ETH, E18),
			b.transfer(L1Address([0x55; 20]), ETH, 2 * E18),
			a.withdraw(C1, E18),
			a.transfer(b.address, ETH, 100 * E18),
		] {
			run(Tx::L2(tx), &mut replica);
		}
		let exit = PriorityOp::FullExit(FullExit {
			chain: C1,
			serial_id: 2,
			account: b.id(),
			owner: b.address,
			token: ETH,
		});
		run(Tx::Priority(exit), &mut replica);
		assert!(Batching::last_sealed() >= 2, "the sequence spans batches");
		// Same accounts, balances and next ids.
		// (Fee and reserve accounts have no owner, key or nonce: the native state keeps an
		// all-default entry for them, the runtime none.)
		for (id, account) in replica.accounts() {
			if !id.is_system() {
				assert_eq!(Accounts::<Test>::get(id), Some(account.info()), "account {id:?}");
			}
			let balances: Vec<_> = account.balances.iter().map(|(t, v)| (*t, *v)).collect();
			assert_eq!(Rollup::balances(*id), balances, "balances of {id:?}");
		}
		let users = replica.accounts().filter(|(id, _)| !id.is_system()).count();
		assert_eq!(Accounts::<Test>::iter().count(), users);
		assert_eq!(crate::NextAccount::<Test>::get(), replica.next_account_id().0);
		// Same batches: seal both and compare what every L1 and the prover receive.
		assert_ok!(Batching::force_seal(RuntimeOrigin::root()));
		let native = seal(&mut replica);
		let last = Batching::last_sealed();
		let header = Batching::header(last).expect("sealed").header;
		assert_eq!(Batching::pubdata(last), Some(native.pubdata.clone()));
		assert_eq!(header.pubdata_hash, native.pubdata_hash);
		assert_eq!(header.onchain_hash, native.onchain_hash);
		assert_eq!(Batching::signatures(last), Some(native.signatures.clone()));
		let fees: Vec<_> = replica
			.account(AccountId::FEES)
			.map(|a| a.balances.iter().map(|(t, v)| (*t, *v)).collect())
			.unwrap_or_default();
		assert_eq!(Rollup::balances(AccountId::FEES), fees);
		assert_eq!(replica.last_batch(), last);
	});
}

#[test]
fn a_deposit_of_a_token_registered_on_l1_later_is_credited_once_the_registration_is_known() {
	new_test_ext().execute_with(|| {
		let user = User::new(1);
		let before = Rollup::registry();
		// DAI is not on chain 1 yet: the executor refuses the deposit, nothing changes.
		let log = Log::<Test>::get();
		let op = PriorityOp::Deposit(polylink_primitives::tx::Deposit {
			chain: C1,
			serial_id: 0,
			to: user.address,
			token: DAI,
			amount: E18,
		});
		assert!(!Rollup::on_priority_op(C1, op.clone()));
		System::assert_last_event(
			Event::PriorityOpRefused {
				chain: C1,
				serial_id: 0,
				error: Error::<Test>::TokenNotOnChain.into(),
			}
			.into(),
		);
		assert_eq!(Log::<Test>::get(), log);
		assert_eq!(Rollup::account_id_of(&user.address), None);
		// Chain 1's contract registers DAI (the oracles' fact): the same deposit applies.
		let dai = L1Address([0xd1; 20]);
		Rollup::on_token_registered(C1, DAI, dai, 18);
		System::assert_last_event(
			Event::TokenRegistered { chain: C1, token: DAI, address: dai, decimals: 18 }.into(),
		);
		assert_eq!(
			Rollup::registry().token_on_chain(DAI, C1),
			Ok(&ChainToken { address: dai, decimals: 18 })
		);
		assert_eq!(Rollup::registry().token_on_chain(DAI, C2), before.token_on_chain(DAI, C2));
		assert!(Rollup::on_priority_op(C1, op));
		let id = Rollup::account_id_of(&user.address).expect("opened");
		assert_eq!(Rollup::balances(id), vec![(DAI, E18)]);
		assert_conserved(DAI);
	});
}

#[test]
fn a_token_id_first_seen_on_l1_is_added_without_a_symbol_or_a_fee() {
	new_test_ext().execute_with(|| {
		let new = TokenId(40);
		let address = L1Address([0x40; 20]);
		Rollup::on_token_registered(C2, new, address, 6);
		let registry = Rollup::registry();
		let info = registry.token(new).expect("registered");
		assert!(info.symbol.is_empty());
		assert_eq!(info.chains.get(&C2), Some(&ChainToken { address, decimals: 6 }));
		assert_eq!(crate::FeePerChunk::<Test>::get(new), None, "fees need governance");
		// The same registration again (a replayed or repeated fact) changes nothing.
		System::reset_events();
		Rollup::on_token_registered(C2, new, address, 6);
		assert_eq!(Rollup::registry(), registry);
		assert!(System::events().is_empty());
	});
}

#[test]
fn a_token_registration_that_contradicts_the_registry_is_refused() {
	new_test_ext().execute_with(|| {
		let registry = Rollup::registry();
		let usdc = registry.token_on_chain(USDC, C1).copied().expect("USDC is on chain 1");
		// Another address and decimals for a token the chain already has: refused, nothing
		// changes.
		let other = L1Address([0xee; 20]);
		Rollup::on_token_registered(C1, USDC, other, 18);
		System::assert_last_event(
			Event::TokenRegistrationRefused {
				chain: C1,
				token: USDC,
				address: other,
				decimals: 18,
				error: RegistryError::TokenAlreadyOnChain { token: USDC, chain: C1 },
			}
			.into(),
		);
		// USDC's address on chain 1 for another token id: refused.
		Rollup::on_token_registered(C1, TokenId(41), usdc.address, 6);
		System::assert_last_event(
			Event::TokenRegistrationRefused {
				chain: C1,
				token: TokenId(41),
				address: usdc.address,
				decimals: 6,
				error: RegistryError::AddressInUse { chain: C1, token: USDC },
			}
			.into(),
		);
		assert_eq!(Rollup::registry(), registry);
	});
}

/// A relayer or a faulty oracle set could hand the rollup a priority operation out of its
/// serial order: the executor refuses it, nothing is credited.
#[test]
fn an_out_of_order_priority_operation_is_refused() {
	new_test_ext().execute_with(|| {
		let user = User::new(1);
		let skipped = PriorityOp::Deposit(polylink_primitives::tx::Deposit {
			chain: C1,
			serial_id: 1,
			to: user.address,
			token: ETH,
			amount: E18,
		});
		assert!(!Rollup::on_priority_op(C1, skipped));
		assert_eq!(Rollup::account_id_of(&user.address), None);
		assert_eq!(Log::<Test>::get(), Default::default());
		System::assert_last_event(
			Event::PriorityOpRefused {
				chain: C1,
				serial_id: 1,
				error: Error::<Test>::PriorityOutOfOrder.into(),
			}
			.into(),
		);
	});
}

#[test]
fn set_fee_works() {
	new_test_ext().execute_with(|| {
		assert_ok!(Rollup::set_fee(RuntimeOrigin::root(), DAI, Some(7)));
		assert_eq!(crate::FeePerChunk::<Test>::get(DAI), Some(7));
		System::assert_last_event(Event::FeeSet { token: DAI, per_chunk: Some(7) }.into());
		assert_ok!(Rollup::set_fee(RuntimeOrigin::root(), DAI, None));
		assert_eq!(crate::FeePerChunk::<Test>::get(DAI), None);
	});
}

#[test]
fn set_fee_refuses_unknown_tokens_and_other_origins() {
	new_test_ext().execute_with(|| {
		let unknown = polylink_primitives::token::TokenId(42);
		assert_noop!(
			Rollup::set_fee(RuntimeOrigin::root(), unknown, Some(1)),
			Error::<Test>::TokenNotRegistered
		);
		assert_noop!(
			Rollup::set_fee(RuntimeOrigin::signed(1), ETH, Some(1)),
			DispatchError::BadOrigin
		);
	});
}

/// Every executor refusal maps to the pallet error of the same name.
#[test]
fn every_executor_error_has_its_pallet_error() {
	let errors = TxError::one_of_each();
	let mut codes = std::collections::BTreeSet::new();
	for error in &errors {
		let name = format!("{error:?}");
		let name = name.split(['(', ' ', '{']).next().expect("a name");
		let pallet = Error::<Test>::from(error);
		assert_eq!(format!("{pallet:?}"), name);
		codes.insert(pallet.encode());
	}
	assert_eq!(codes.len(), errors.len(), "distinct pallet errors");
}

/// The ledger answers as the executor expects after the pallet's writes.
#[test]
fn the_storage_ledger_reads_back_its_writes() {
	new_test_ext().execute_with(|| {
		let user = User::new(1);
		deposit(C1, user.address, ETH, E18);
		let ledger = crate::StorageLedger::<Test>::load();
		assert_eq!(ledger.account_id_of(&user.address), Some(user.id()));
		assert_eq!(ledger.balance(user.id(), ETH), E18);
		assert_eq!(ledger.next_priority_serial(C1), 1);
		assert_eq!(ledger.open_totals().chunks, 3);
		assert_eq!(ledger.config().batch_chunks, CAPACITY as usize);
	});
}

/// A signed forced exit by `initiator` of `target`'s `token` on chain 1 (fee 3 × `FEE` in ETH).
fn forced_exit(initiator: &User, target: L1Address, token: TokenId) -> L2Tx {
	initiator.sign(L2Tx::ForcedExit(ForcedExit {
		initiator: initiator.id(),
		target,
		chain: C1,
		token,
		fee_token: ETH,
		fee: 3 * FEE,
		nonce: initiator.nonce(),
		signature: unsigned(),
	}))
}

#[test]
fn a_forced_exit_pays_out_an_account_without_a_key() {
	new_test_ext().execute_with(|| {
		let (a, _) = two_users();
		let keyless = User::new(30);
		deposit(C1, keyless.address, ETH, 2 * E18);
		let reserve = crate::Balances::<Test>::get(C1.reserve_account(), ETH);
		assert_ok!(submit(forced_exit(&a, keyless.address, ETH)));
		assert_eq!(crate::Balances::<Test>::get(keyless.id(), ETH), 0);
		assert_eq!(crate::Balances::<Test>::get(C1.reserve_account(), ETH), reserve - 2 * E18);
		assert_eq!(crate::Balances::<Test>::get(a.id(), ETH), 10 * E18 - 6 * FEE - 3 * FEE);
		assert!(OpenOps::<Test>::get().iter().any(|o| matches!(o.op, Op::ForcedExit { .. })));
		assert_conserved(ETH);
	});
}

#[test]
fn a_forced_exit_is_refused_for_an_unknown_a_keyed_or_an_empty_target() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		let keyless = User::new(31);
		deposit(C1, keyless.address, ETH, E18);
		assert_noop!(
			submit(forced_exit(&a, L1Address([0x77; 20]), ETH)),
			Error::<Test>::UnknownAddress
		);
		assert_noop!(submit(forced_exit(&a, b.address, ETH)), Error::<Test>::TargetHasSigningKey);
		assert_noop!(submit(forced_exit(&a, keyless.address, USDC)), Error::<Test>::NothingToExit);
	});
}

#[test]
fn a_nonce_at_its_maximum_is_refused() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		Accounts::<Test>::mutate(a.id(), |account| {
			account.as_mut().expect("a's account").nonce = u32::MAX;
		});
		assert_noop!(submit(a.transfer(b.address, ETH, E18)), Error::<Test>::NonceOverflow);
	});
}

#[test]
fn no_account_is_opened_past_the_tree() {
	new_test_ext().execute_with(|| {
		let (a, _) = two_users();
		crate::NextAccount::<Test>::put(polylink_primitives::params::MAX_ACCOUNT_ID + 1);
		assert_noop!(
			submit(a.transfer(L1Address([0x55; 20]), ETH, E18)),
			Error::<Test>::AccountTreeFull
		);
	});
}

#[test]
fn withdrawals_must_be_representable_on_a_live_chain() {
	new_test_ext().execute_with(|| {
		let (a, _) = two_users();
		deposit(C1, a.address, USDC, 10 * E18);
		let withdraw = |chain, token, amount, fee| {
			a.sign(L2Tx::Withdraw(polylink_primitives::tx::Withdraw {
				account: a.id(),
				chain,
				to: a.address,
				token,
				amount,
				fee_token: token,
				fee,
				nonce: a.nonce(),
				signature: unsigned(),
			}))
		};
		// USDC has 6 decimals on chain 1: one L2 unit (1e-18) is not an amount there.
		assert_noop!(submit(withdraw(C1, USDC, 1, 100)), Error::<Test>::AmountNotRepresentable);
		let chain_3 = polylink_primitives::chain::ChainId::new(3).expect("a chain index");
		assert_noop!(submit(withdraw(chain_3, ETH, E18, 6 * FEE)), Error::<Test>::UnknownChain);
		assert_ok!(submit(withdraw(C1, USDC, 1_000_000_000_000, 100)));
	});
}

#[test]
fn a_credit_past_u128_is_refused() {
	new_test_ext().execute_with(|| {
		let (a, b) = two_users();
		crate::Balances::<Test>::insert(b.id(), ETH, u128::MAX - 1);
		assert_noop!(submit(a.transfer(b.address, ETH, E18)), Error::<Test>::Overflow);
	});
}

/// While a revocation stands the rollup takes nothing and offers nothing to seal; the pool and
/// `check` name the revoked batch; a refused priority operation is left to wait.
#[test]
fn a_revocation_halts_the_rollup() {
	new_test_ext().execute_with(|| {
		use pallet_polylink_batching::BatchSource;
		let (a, b) = two_users();
		let open = Open::<Test>::get();
		assert!(open.chunks > 0);
		let log = Rollup::log_head();
		let sealed = Batching::last_sealed();
		let balances = (Rollup::balances(a.id()), Rollup::balances(b.id()));
		Revoked::set(&Some(3));
		let transfer = a.transfer(b.address, ETH, E18);
		assert_eq!(Rollup::check(&transfer), Err(TxError::Halted { revoked_from: 3 }));
		assert_eq!(validate(&transfer), custom(Error::<Test>::Halted));
		assert_noop!(submit(transfer.clone()), Error::<Test>::Halted);
		let serial_id = crate::NextPriority::<Test>::get(C1);
		let op = PriorityOp::Deposit(polylink_primitives::tx::Deposit {
			chain: C1,
			serial_id,
			to: a.address,
			token: ETH,
			amount: E18,
		});
		assert!(!Rollup::on_priority_op(C1, op.clone()));
		assert_eq!(<Rollup as BatchSource>::open_chunks(), 0);
		next_block();
		next_block();
		next_block();
		next_block();
		assert_eq!(Batching::last_sealed(), sealed, "nothing is sealed");
		assert_eq!(Open::<Test>::get(), open);
		assert_eq!(Rollup::log_head(), log);
		assert_eq!((Rollup::balances(a.id()), Rollup::balances(b.id())), balances);
		// Lifted (governance restored the state), the same transaction and deposit apply.
		Revoked::set(&None);
		assert_ok!(submit(transfer));
		assert!(Rollup::on_priority_op(C1, op));
	});
}
