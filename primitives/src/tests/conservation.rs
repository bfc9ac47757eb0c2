//! Property: random sequences of valid and invalid transactions conserve funds
//! (DESIGN §3: Σ user balances + fees == Σ reserves, per token) and refused ones change nothing.

use super::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Action {
	Deposit { user: usize, chain: bool, usdc: bool, amount: u64 },
	Transfer { from: usize, to: usize, usdc: bool, amount: u64 },
	TransferToNew { from: usize, seed: u8, amount: u64 },
	Withdraw { user: usize, chain: bool, usdc: bool, amount: u64 },
	FullExit { user: usize, chain: bool, usdc: bool },
	BadNonce { user: usize },
	Seal,
}

fn action() -> impl Strategy<Value = Action> {
	let user = 0usize..3;
	prop_oneof![
		(user.clone(), any::<bool>(), any::<bool>(), 1u64..5_000)
			.prop_map(|(user, chain, usdc, amount)| Action::Deposit { user, chain, usdc, amount }),
		(user.clone(), user.clone(), any::<bool>(), 1u64..20_000)
			.prop_map(|(from, to, usdc, amount)| Action::Transfer { from, to, usdc, amount }),
		(user.clone(), 100u8..120, 1u64..1000)
			.prop_map(|(from, seed, amount)| Action::TransferToNew { from, seed, amount }),
		(user.clone(), any::<bool>(), any::<bool>(), 1u64..20_000)
			.prop_map(|(user, chain, usdc, amount)| Action::Withdraw { user, chain, usdc, amount }),
		(user.clone(), any::<bool>(), any::<bool>())
			.prop_map(|(user, chain, usdc)| Action::FullExit { user, chain, usdc }),
		user.prop_map(|user| Action::BadNonce { user }),
		Just(Action::Seal),
	]
}

/// Amounts are in milli-tokens so that they are packable and representable on both chains.
fn units(amount: u64) -> u128 {
	u128::from(amount) * E18 / 1000
}

proptest! {
	#![proptest_config(ProptestConfig { cases: 24, .. ProptestConfig::default() })]

	#[test]
	fn random_sequences_conserve_funds(actions in proptest::collection::vec(action(), 1..24)) {
		let mut w = World::new(3);
		// A replica rebuilt from pubdata alone must seal identical batches.
		let mut replica = State::genesis(registry(), config());
		let mut check_replay = |batch: crate::executor::Batch| -> Result<(), TestCaseError> {
			replica.replay_pubdata(&batch.pubdata).expect("pubdata replays");
			let expected = super::recovery::without_signatures(&batch);
			prop_assert_eq!(replica.seal_batch(batch.timestamp).expect("seal"), expected);
			Ok(())
		};
		for action in actions {
			let pick = |chain: bool| if chain { C2 } else { C1 };
			let token = |usdc: bool| if usdc { USDC } else { ETH };
			let tx = match action {
				Action::Deposit { user, chain, usdc, amount } =>
					w.deposit_tx(w.users[user].address, pick(chain), token(usdc), units(amount)),
				Action::Transfer { from, to, usdc, amount } =>
					w.sign(from, w.transfer(from, w.users[to].address, token(usdc), units(amount))),
				Action::TransferToNew { from, seed, amount } =>
					w.sign(from, w.transfer(from, User::new(seed).address, ETH, units(amount))),
				Action::Withdraw { user, chain, usdc, amount } =>
					w.sign(user, w.withdraw(user, pick(chain), token(usdc), units(amount))),
				Action::FullExit { user, chain, usdc } =>
					w.full_exit_tx(w.id(user), w.users[user].address, pick(chain), token(usdc)),
				Action::BadNonce { user } => {
					let mut tx = w.transfer(user, w.users[(user + 1) % 3].address, ETH, 1);
					if let L2Tx::Transfer(t) = &mut tx {
						t.nonce += 7;
					}
					w.sign(user, tx)
				},
				Action::Seal => {
					let batch = w.state.seal_batch(0).expect("seal");
					prop_assert_eq!(w.state.root(), batch.new_root);
					check_replay(batch)?;
					w.assert_conserved();
					continue;
				},
			};
			let before = w.snapshot();
			match w.apply(&tx) {
				Ok(_) => {},
				Err(TxError::BatchFull { .. }) => check_replay(w.state.seal_batch(0).expect("seal"))?,
				Err(_) => prop_assert_eq!(w.snapshot(), before, "a refusal changed the state"),
			}
			w.assert_conserved();
		}
	}
}
