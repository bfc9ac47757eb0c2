//! Benchmarks for the rollup pallet (frame-benchmarking v2), run in the runtime by the node's
//! `benchmark pallet` command; the weights they measure replace `weights.rs`.

use super::*;
use alloc::vec;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_system::RawOrigin};
use polylink_primitives::{
	account::AccountId,
	chain::ChainId,
	eth::L1Address,
	signature::{PrivateKey, TxSignature},
	token::TokenId,
	tx::{ChangePubKey, ChangePubKeyAuth, Deposit, L2Tx, PriorityOp, Transfer, Tx},
};

/// The first registered chain and the first token accepted for fees on it, with its fee.
fn fee_token<T: Config>() -> (ChainId, TokenId, u128) {
	let registry = RegistryOf::<T>::get();
	registry
		.tokens
		.iter()
		.find_map(|(token, info)| {
			let fee = FeePerChunk::<T>::get(token)?;
			let chain = *info.chains.keys().next()?;
			Some((chain, *token, fee))
		})
		.expect("the benchmark genesis accepts a fee token on a chain")
}

/// Opens an account for `seed`'s key with `amount` deposited and its key set; returns it.
fn onboard<T: Config>(seed: u8, amount: u128) -> (PrivateKey, AccountId, L1Address) {
	let (chain, token, fee) = fee_token::<T>();
	let key = PrivateKey::from_seed(&[seed; 32]);
	let address = L1Address([seed; 20]);
	let serial_id = NextPriority::<T>::get(chain);
	let deposit = PriorityOp::Deposit(Deposit { chain, serial_id, to: address, token, amount });
	Pallet::<T>::sequence(&Tx::Priority(deposit)).expect("the deposit applies");
	let account = AccountOf::<T>::get(address).expect("opened");
	let pubkey_hash = key.public_key().hash();
	Pallet::<T>::on_pubkey_approved(chain, address, 0, pubkey_hash);
	let mut cpk = L2Tx::ChangePubKey(ChangePubKey {
		account,
		chain,
		new_pubkey_hash: pubkey_hash,
		fee_token: token,
		fee: fee * 3,
		nonce: 0,
		auth: ChangePubKeyAuth::Onchain,
		signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
	});
	*cpk.signature_mut() = TxSignature::sign(&key, cpk.message());
	Pallet::<T>::sequence(&Tx::L2(cpk)).expect("the key change applies");
	(key, account, address)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A transfer between two existing accounts (a signature check and two balances).
	#[benchmark]
	fn submit() {
		let (_, token, fee) = fee_token::<T>();
		let (key, from, _) = onboard::<T>(1, 1_000_000_000);
		let (_, _, to) = onboard::<T>(2, 1_000_000_000);
		let mut tx = L2Tx::Transfer(Transfer {
			from,
			to,
			token,
			amount: 1_000,
			fee_token: token,
			fee,
			nonce: 1,
			signature: TxSignature { pub_key: [0; 32], signature: [0; 64] },
		});
		*tx.signature_mut() = TxSignature::sign(&key, tx.message());

		#[extrinsic_call]
		_(RawOrigin::None, alloc::boxed::Box::new(tx));

		assert_eq!(Pallet::<T>::nonce(from), 2);
	}

	/// Setting a token's fee.
	#[benchmark]
	fn set_fee() {
		let (_, token, _) = fee_token::<T>();

		#[extrinsic_call]
		_(RawOrigin::Root, token, Some(7));

		assert_eq!(FeePerChunk::<T>::get(token), Some(7));
	}

	/// A deposit opening a new account.
	#[benchmark]
	fn on_priority_op() {
		let (chain, token, _) = fee_token::<T>();
		let to = L1Address([9; 20]);
		let op = PriorityOp::Deposit(Deposit { chain, serial_id: 0, to, token, amount: 5 });

		#[block]
		{
			Pallet::<T>::on_priority_op(chain, op);
		}

		assert!(AccountOf::<T>::get(to).is_some());
		assert_eq!(
			vec![(token, 5)],
			Pallet::<T>::balances(AccountOf::<T>::get(to).expect("opened"))
		);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
